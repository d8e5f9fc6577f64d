#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dxg-evidence --from on saved evidence (fixtures/ were captured from
# `make demo` runs on the simulated host): the report renders offline and its
# verdict says what the records show.  KTAP on stdout.
set -uo pipefail

usage() { echo "Usage: tests/evidence/run.sh   (no arguments; KTAP on stdout)"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage >&2; exit 2 ;; esac

here=$(cd "$(dirname "$0")" && pwd)
evidence=$here/../../tools/dxg-evidence
tmp=$(mktemp -d /tmp/evidence-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=scripts/lib/ktap.sh
. "$here/../../scripts/lib/ktap.sh"

# verdict_has FIXTURE NAME REGEX: the rendered verdict paragraph matches REGEX.
verdict_has() {
	local para
	para=$(sed -n '/^### Verdict/,/^### /p' "$tmp/$1/report.md" | sed '1d;$d')
	if grep -qE -- "$3" <<<"$para"; then ktap_ok "$2"; else ktap_fail "$2" "verdict lacks /$3/: $para"; fi
}

ktap_begin
for f in empty status; do
	cp -r "$here/fixtures/$f" "$tmp/$f"
	if "$evidence" --from "$tmp/$f" >"$tmp/$f.out" 2>&1 && [ -s "$tmp/$f/report.md" ]; then
		ktap_ok "from_${f}_renders_report"
	else
		ktap_fail "from_${f}_renders_report" "$(tail -n 3 "$tmp/$f.out" | tr '\n' ' ')"
	fi
done

verdict_has empty empty_every_nonempty_escape_failed_short \
	'^49 of 49 non-empty escapes to the compute-only adapter 8086:7D1D \(vGPU 1414:008a, LUID [^)]*\) failed with EOVERFLOW'
verdict_has empty empty_reply_was_zero_bytes 'completed the request with a 0-byte reply'
verdict_has empty empty_no_ntstatus2int_no_size_limit 'No escape reached ntstatus2int; no guest size limit applied'
verdict_has empty empty_transport_works '2 empty escapes \(N = 0\) succeeded'
verdict_has status status_short_replies_of_8_bytes '43 ended host-short-reply.*replies of 8 bytes'
verdict_has status status_names_the_host_status '0xC0000023 \(STATUS_BUFFER_TOO_SMALL\)'
verdict_has status status_small_requests_succeed 'succeeded carried at most 8 bytes'

# The escape table accounts for every escape record: the counts of its
# grouped rows add up to the records.
rows=$(awk -F'|' '/^\| [0-9]/ { s += $2 } END { print s + 0 }' "$tmp/empty/report.md")
recs=$(grep -c 'cmd=escape' "$here/fixtures/empty/dxgprobe/events")
if [ "$rows" -eq "$recs" ]; then ktap_ok table_counts_every_escape; else ktap_fail table_counts_every_escape "rows count $rows, $recs records"; fi
kinds=$(grep -c '^| [0-9]' "$tmp/empty/report.md")
if [ "$kinds" -lt "$recs" ]; then ktap_ok table_groups_alike_escapes; else ktap_fail table_groups_alike_escapes "$kinds rows for $recs records"; fi

if grep -qE '\b(ffff|ff[0-9a-f]{2})[0-9a-f]{12}\b' "$tmp/empty/report.md"; then
	ktap_fail report_has_no_kernel_pointers "a raw kernel pointer in report.md"
else
	ktap_ok report_has_no_kernel_pointers
fi

# Whatever the run's size, report.md fits a GitHub comment (60,000 of its
# 65,536 characters) and says what was cut; --full is the long form.
big=$tmp/big
mkdir -p "$big/records"
printf 'backend=kprobe-events\nrecord_format=dxg-trace/1\n' > "$big/records/backend.txt"
echo 'records=200000 lost=0 (overrun=0 dropped=0 kprobe_missed=0 bpftrace_lost=0 no_reply=0 open=0 drain=ok)' > "$big/records/loss.txt"
awk 'BEGIN { for (i = 0; i < 200000; i++)
	printf "seq=%d pid=%d tid=%d comm=big cmd=escape type=%d flags=0x%x size=%d attempts=1 send_ret=0 reply_len=0 reply_head=- sync_ret=-75 ret=-75 verdict=host-short-reply missing=- origin=%s\n",
		i, 100 + i % 7, 100 + i % 7, i % 15, i % 977, 1 + i % 65536, i % 3 ? "cmd" : "suite" }' > "$big/records/events"
mkdir -p "$big/cmd"
echo "python3 repro.py" > "$big/cmd/argv.txt"
echo "exit=1" > "$big/cmd/status.txt"
if "$evidence" --from "$big" --full > "$tmp/big.out" 2>&1; then
	chars=$(wc -m < "$big/report.md")
	vline=$(grep -n -m 1 '^### Verdict' "$big/report.md" | cut -d: -f1)
	if [ "$chars" -le 60000 ] && [ "${vline:-99}" -le 8 ]; then
		ktap_ok "big_run_report_fits_a_github_comment_verdict_first"
	else
		ktap_fail "big_run_report_fits_a_github_comment_verdict_first" "$chars characters, verdict at line ${vline:-none}"
	fi
	if grep -qE 'more kinds of escape|was cut here' "$big/report.md"; then ktap_ok big_run_report_says_what_was_cut
	else ktap_fail big_run_report_says_what_was_cut "no note of what was left out"; fi
	if [ "$(wc -m < "$big/report-full.md")" -gt 60000 ]; then ktap_ok full_report_is_the_long_form
	else ktap_fail full_report_is_the_long_form "report-full.md is not longer"; fi
else
	ktap_fail big_run_report_fits_a_github_comment_verdict_first "$(tail -n 3 "$tmp/big.out" | tr '\n' ' ')"
fi

# --out renders into a new directory and refuses to overwrite one.
if "$evidence" --from "$tmp/status" --out "$tmp/copy" >/dev/null 2>&1 && [ -s "$tmp/copy/report.md" ] &&
   cmp -s "$tmp/copy/report.md" "$tmp/status/report.md"; then
	ktap_ok from_out_writes_a_copy
else
	ktap_fail from_out_writes_a_copy "no identical report in $tmp/copy"
fi
if "$evidence" --from "$tmp/status" --out "$tmp/copy" >/dev/null 2>&1; then
	ktap_fail from_out_refuses_existing "overwrote $tmp/copy"
else
	ktap_ok from_out_refuses_existing
fi
ktap_end evidence
