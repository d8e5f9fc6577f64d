#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the VM guest: verdict parity of dxg-evidence's backends.  The same
# escape sequence (a user program and a shell that forks more) runs on
# every hvsim NPU profile through each backend (module, kprobe-events,
# bpftrace); the records must agree on the escapes, their verdicts, reply
# lengths and results, and each report must say what the field report's
# configuration shows.  KTAP on stdout.
set -uo pipefail

usage() { echo "Usage: parity-guest.sh [BACKEND...]   (in the guest; default: all three)"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(module kprobe-events bpftrace)
opt=/opt/dxgprobe
st=$opt/selftests
ev=$opt/tools/dxg-evidence
# shellcheck source=scripts/lib/ktap.sh
. /opt/dxgprobe/scripts/lib/ktap.sh

ktap_begin
insmod $opt/hvsim.ko profile_npu=empty profile_gpu=echo || { echo "Bail out! hvsim"; exit 1; }
insmod $opt/dxgsim.ko || { echo "Bail out! dxgsim"; exit 1; }
export DXG_ESCAPE_TIMEOUT=5
head -c 8 /dev/zero > /tmp/zero8
# The sequence: the field report's program, then a shell whose children fork
# again (dxgescape runs each escape in a child): a known escape answered by
# the guest, one over the size limit, one more non-empty escape.
cat > /tmp/sequence.sh <<SEQ
#!/bin/bash
$st/dxg_npu_repro -s 0,4,8,64,4096
$st/dxgescape -f 0x40 -p /tmp/zero8 >/dev/null
$st/dxgescape -s 131073 >/dev/null
$st/dxgescape -s 24 >/dev/null
exit 3
SEQ
chmod +x /tmp/sequence.sh
# The comparable part of a record: what every backend sees.
fields() {
	awk '{ for (i = 1; i <= NF; i++) { eq = index($i, "="); f[substr($i, 1, eq - 1)] = substr($i, eq + 1) }
	       if (f["cmd"] == "escape" && f["origin"] == "cmd")
		       print f["size"], f["flags"], f["ret"], f["verdict"], f["reply_len"], (f["attempts"] > 0 ? "sent" : "local")
	       delete f }' "$1"
}

for profile in empty echo status truncate:8 busy:3 rescind; do
	echo "$profile" > /sys/kernel/debug/hvsim/profile_npu || { ktap_fail "profile_$profile" "cannot set"; continue; }
	ref=""
	for b in "${backends[@]}"; do
		name=${profile//:/_}_${b//-/_}
		out=/tmp/ev-$name
		if ! "$ev" --no-suite --backend "$b" --out "$out" -- /tmp/sequence.sh > "/tmp/$name.log" 2>&1; then
			ktap_fail "evidence_${name}_written" "$(tail -n 3 "/tmp/$name.log" | tr '\n' ' ')"
			continue
		fi
		fields "$out/records/events" > "/tmp/$name.fields"
		nrec=$(wc -l < "/tmp/$name.fields")
		if [ "$nrec" -eq 8 ]; then
			ktap_ok "evidence_${name}_records_every_escape_of_the_tree"
		else
			ktap_fail "evidence_${name}_records_every_escape_of_the_tree" "$nrec of 8 escapes: $(tr '\n' ';' < "/tmp/$name.fields")"
		fi
		if grep -qx 'exit=3' "$out/cmd/status.txt"; then ktap_ok "evidence_${name}_keeps_the_exit_status"
		else ktap_fail "evidence_${name}_keeps_the_exit_status" "$(cat "$out/cmd/status.txt")"; fi
		if [ -z "$ref" ]; then
			ref=$name
		elif diff -u "/tmp/$ref.fields" "/tmp/$name.fields" > "/tmp/$name.diff"; then
			ktap_ok "parity_${name}_same_escapes_verdicts_reply_lengths_as_${ref}"
		else
			ktap_fail "parity_${name}_same_escapes_verdicts_reply_lengths_as_${ref}" "$(grep '^[-+][0-9]' "/tmp/$name.diff" | tr '\n' ';')"
		fi
		sed 's/^/# /' "/tmp/$name.fields"
		if [ "$profile" = empty ] && [ "$b" = module ]; then
			# module symbols: /proc/kallsyms puts a tab before [dxgsim]
			if grep -qE '^[tT] dxgvmb_send_sync_msg \[dxgsim\]$' "$out/env/kallsyms.txt"; then
				ktap_ok evidence_kallsyms_lists_module_symbols
			else
				ktap_fail evidence_kallsyms_lists_module_symbols "$(tr '\n' ';' < "$out/env/kallsyms.txt")"
			fi
		fi
		if [ "$profile" = empty ]; then
			para=$(sed -n '/^### Verdict/,/^### /p' "$out/report.md")
			if grep -q 'failed with EOVERFLOW. In every case the host completed the request with a 0-byte reply' <<<"$para" &&
			   grep -q "backend \`$b\`" "$out/report.md"; then
				ktap_ok "report_${name}_says_host_short_reply_with_0_byte_replies"
			else
				ktap_fail "report_${name}_says_host_short_reply_with_0_byte_replies" "$(echo "$para" | head -c 600)"
			fi
		fi
	done
done

# A command that hangs (profile hang) is bounded by --timeout and killed;
# the report says so, and the killed escape is recorded as interrupted.
echo hang > /sys/kernel/debug/hvsim/profile_npu
for b in "${backends[@]}"; do
	name=hang_${b//-/_}
	out=/tmp/ev-$name
	if "$ev" --no-suite --backend "$b" --timeout 5 --out "$out" -- "$st/dxg_npu_repro" -s 64 > "/tmp/$name.log" 2>&1 &&
	   grep -qx 'timeout=5' "$out/cmd/status.txt" && grep -q 'was killed' "$out/report.md"; then
		ktap_ok "evidence_${name}_timeout_kills_the_command"
	else
		ktap_fail "evidence_${name}_timeout_kills_the_command" "$(tail -n 3 "/tmp/$name.log" | tr '\n' ' ')"
	fi
	if grep -q 'size=64 .*verdict=interrupted' "$out/records/events" 2>/dev/null; then
		ktap_ok "evidence_${name}_killed_escape_is_interrupted"
	else
		ktap_fail "evidence_${name}_killed_escape_is_interrupted" "$(grep -o 'size=64 .*verdict=[a-z-]*' "$out/records/events" 2>/dev/null | head -n 2)"
	fi
done
echo empty > /sys/kernel/debug/hvsim/profile_npu

# Bad input: a backend that cannot run here fails with its reason and
# writes nothing; a command that exits at once gives a report that says so.
rc=0
"$ev" --no-suite --backend module --module /tmp/nope.ko --out /tmp/ev-bad -- true > /tmp/bad.log 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && grep -q "backend module: --module: '/tmp/nope.ko' does not exist" /tmp/bad.log &&
   [ ! -e /tmp/ev-bad ] && [ ! -e /tmp/ev-bad.tar.gz ]; then
	ktap_ok evidence_unavailable_backend_fails_and_writes_nothing
else
	ktap_fail evidence_unavailable_backend_fails_and_writes_nothing "exit $rc: $(tr '\n' ' ' < /tmp/bad.log)"
fi
if "$ev" --no-suite --backend kprobe-events --out /tmp/ev-true -- true > /tmp/true.log 2>&1 &&
   grep -q 'No escape of the command was recorded' /tmp/ev-true/report.md &&
   grep -qx 'exit=0' /tmp/ev-true/cmd/status.txt; then
	ktap_ok evidence_command_that_exits_at_once_is_reported
else
	ktap_fail evidence_command_that_exits_at_once_is_reported "$(tail -n 3 /tmp/true.log | tr '\n' ' ')"
fi
# Nothing built but the tools: the command's evidence, with a note, and the
# suite skipped; asking for the suite explicitly still fails.
mv /opt/dxgprobe/selftests /opt/dxgprobe/selftests.off
cp /opt/dxgprobe/selftests.off/dxg_npu_repro /tmp/dxg_npu_repro
if "$ev" --backend kprobe-events --out /tmp/ev-nosuite -- /tmp/dxg_npu_repro -s 64 > /tmp/nosuite.log 2>&1 &&
   grep -q 'selftests are not built' /tmp/nosuite.log &&
   [ "$(grep -c 'origin=cmd' /tmp/ev-nosuite/records/events)" -ge 1 ] &&
   ! grep -q 'origin=suite' /tmp/ev-nosuite/records/events; then
	ktap_ok evidence_without_built_selftests_records_the_command
else
	ktap_fail evidence_without_built_selftests_records_the_command "$(tail -n 3 /tmp/nosuite.log | tr '\n' ' ')"
fi
rc=0
"$ev" --backend kprobe-events --tests dxg_escape --out /tmp/ev-nosuite2 -- true > /tmp/nosuite2.log 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && grep -q 'built selftests not found' /tmp/nosuite2.log && [ ! -e /tmp/ev-nosuite2 ]; then
	ktap_ok evidence_asked_suite_that_is_not_built_fails
else
	ktap_fail evidence_asked_suite_that_is_not_built_fails "exit $rc: $(tr '\n' ' ' < /tmp/nosuite2.log)"
fi
mv /opt/dxgprobe/selftests.off /opt/dxgprobe/selftests
rmmod dxgsim hvsim
ktap_end parity
