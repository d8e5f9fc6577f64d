#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the VM guest: the module-free tracers (tools/dxg-trace with ftrace
# kprobe events, tools/dxg-trace.bt with bpftrace) against dxgsim on hvsim.
# Each must print a record per escape with the right verdict, and dxg-trace
# must remove its probes when it ends.  KTAP on stdout.
set -uo pipefail

usage() { echo "Usage: guest.sh [--bpftrace]   (in the guest; modules in /opt/dxgprobe)"; }
bpf=0
case "${1:-}" in
-h|--help) usage; exit 0 ;;
--bpftrace) bpf=1 ;;
"") ;;
*) usage >&2; exit 2 ;;
esac

opt=/opt/dxgprobe
esc=$opt/selftests/dxgescape
tfs=/sys/kernel/tracing
# shellcheck source=scripts/lib/ktap.sh
. /opt/dxgprobe/scripts/lib/ktap.sh
# has FILE NAME REGEX...: some line of FILE matches every REGEX.
has() {
	local f=$1 name=$2 line
	shift 2
	while IFS= read -r line; do
		local all=1 re
		for re in "$@"; do [[ "$line" =~ $re ]] || { all=0; break; }; done
		[ "$all" = 1 ] && { ktap_ok "$name"; return; }
	done < "$f"
	ktap_fail "$name" "no record matches: $*"
}
escapes() {
	"$esc" -P 1414:008a -s 64 >/dev/null 2>&1	# NPU, profile empty: -EOVERFLOW
	"$esc" -P 1414:008e -s 24 >/dev/null 2>&1	# GPU, profile echo: ok
	"$esc" -P 1414:008a -s 0 >/dev/null 2>&1	# N = 0: ok
}

ktap_begin
insmod $opt/hvsim.ko profile_npu=empty profile_gpu=echo || { echo "Bail out! hvsim"; exit 1; }
insmod $opt/dxgsim.ko || { echo "Bail out! dxgsim"; exit 1; }

# drained BACKEND: 1000 escapes, then SIGTERM to dxg-trace right after the
# last one: every record is printed, and the closing line counts them.
drained() {
	local b=$1 name=${1//-/_} recs
	"$opt/tools/dxg-trace" --backend "$b" > /tmp/drain.out 2>/tmp/drain.err &
	pid=$!
	for _ in $(seq 600); do grep -q 'dxg-trace/1 start' /tmp/drain.out && break; sleep 0.2; done
	"$opt/selftests/dxg_npu_repro" -s 64 -c 1000 > /dev/null
	kill -TERM "$pid"
	wait "$pid"
	recs=$(grep -c '^seq=.* size=64 .*verdict=host-short-reply' /tmp/drain.out)
	tail -n 1 /tmp/drain.out | sed 's/^/# /'
	if [ "$recs" -eq 1000 ]; then ktap_ok "${name}_sigterm_after_1000_escapes_keeps_all_1000"
	else ktap_fail "${name}_sigterm_after_1000_escapes_keeps_all_1000" "$recs records"; fi
	# every record, a drained buffer, lost the sum of its parts, and no
	# record without its reply that a counted loss does not explain (bpftrace
	# does not report kprobe misses: there, no_reply is not checked)
	if tail -n 1 /tmp/drain.out | grep -qE '^# dxg-trace/1 end: backend='"$b"' records=1000 lost=.*drain=ok' &&
		tail -n 1 /tmp/drain.out | tr '()' '  ' | awk '{
			for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) v[kv[1]] = kv[2]
			parts = v["overrun"] + v["dropped"] + v["kprobe_missed"] + v["bpftrace_lost"]
			exit !(v["lost"] == parts &&
			       (v["kprobe_missed"] == "unknown" || v["no_reply"] <= v["lost"])) }'; then
		ktap_ok "${name}_closing_line_counts_records_and_losses"
	else
		ktap_fail "${name}_closing_line_counts_records_and_losses" "$(tail -n 1 /tmp/drain.out)"
	fi
}

if [ "$bpf" = 0 ]; then
	"$opt/tools/dxg-trace" --duration 25 > /tmp/trace.out 2>/tmp/trace.err &
	pid=$!
	for _ in $(seq 50); do grep -q dxgtrace "$tfs/kprobe_events" 2>/dev/null && break; sleep 0.2; done
	sleep 1
	escapes
	wait "$pid"
	sed 's/^/# /' /tmp/trace.err
	sed 's/^/# /' /tmp/trace.out
	has /tmp/trace.out trace_npu_short_reply_record 'size=64 ' 'ext_hdr=1' 'reply_len=0 ' \
		'sync_ret=-75' 'ret=-75' 'verdict=host-short-reply'
	has /tmp/trace.out trace_gpu_ok_record 'size=24 ' 'reply_len=24 ' 'ret=0 ' 'verdict=ok'
	has /tmp/trace.out trace_empty_escape_ok 'size=0 ' 'attempts=1' 'verdict=ok'
	has /tmp/trace.out trace_trans_id_and_cmd_size 'size=64 ' 'cmd_size=135 ' 'trans_id=[0-9]+ '
	has /tmp/trace.out trace_duration_ends_with_closing_line '^# dxg-trace/1 end: backend=kprobe-events records=3 lost=0 '
	if grep -q dxgtrace "$tfs/kprobe_events"; then
		ktap_fail trace_removes_its_probes "$(grep -c dxgtrace "$tfs/kprobe_events") left"
	else
		ktap_ok trace_removes_its_probes
	fi
	if ls -d "$tfs"/instances/dxgtrace-* >/dev/null 2>&1; then
		ktap_fail trace_removes_its_instance "$(ls -d "$tfs"/instances/dxgtrace-*)"
	else
		ktap_ok trace_removes_its_instance
	fi
	# A signal cleans up too (SIGTERM: a background job here ignores SIGINT).
	"$opt/tools/dxg-trace" > /dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do grep -q dxgtrace "$tfs/kprobe_events" 2>/dev/null && break; sleep 0.2; done
	kill -TERM "$pid"
	wait "$pid"
	if grep -q dxgtrace "$tfs/kprobe_events"; then
		ktap_fail trace_signal_removes_its_probes "probes left after SIGTERM"
	else
		ktap_ok trace_signal_removes_its_probes
	fi
	drained kprobe-events

	# The module's trace event, read by Debian's trace-cmd: its fields match
	# the module's record of the same escape.
	if command -v trace-cmd >/dev/null; then
		insmod $opt/dxgprobe.ko
		cd /tmp || exit 1
		trace-cmd record -e dxgprobe:dxg_transaction -o /tmp/tc.dat \
			"$opt/selftests/dxg_npu_repro" -s 64 > /tmp/tc.log 2>&1
		trace-cmd report -i /tmp/tc.dat > /tmp/tc.txt 2>&1
		sed 's/^/# /' /tmp/tc.txt | tail -n 5
		has /tmp/tc.txt trace_cmd_records_dxg_transaction 'dxg_transaction:' 'size=64 ' 'reply_len=0 ' \
			'ret=-75 ' 'host-short-reply'
		rec=$(grep ' size=64 ' /sys/kernel/debug/dxgprobe/events | tail -n 1)
		tid=$(sed -n 's/.* trans_id=\([0-9]*\) .*/\1/p' <<<"$rec")
		has /tmp/tc.txt trace_cmd_event_matches_the_record "trans_id=$tid " 'size=64 ' 'cmd_size=135 '
		rmmod dxgprobe
	else
		ktap_fail trace_cmd_records_dxg_transaction "trace-cmd not installed"
	fi
else
	"$opt/tools/dxg-trace" --backend bpftrace > /tmp/bt.out 2>&1 &
	pid=$!
	for _ in $(seq 600); do grep -q 'dxg-trace/1 start' /tmp/bt.out && break; sleep 0.2; done
	escapes
	kill -TERM "$pid"
	wait "$pid"
	sed 's/^/# /' /tmp/bt.out
	has /tmp/bt.out bpftrace_npu_short_reply_record 'size=64 ' 'ext_hdr=1' 'reply_len=0 ' \
		'sync_ret=-75' 'ret=-75' 'verdict=host-short-reply'
	has /tmp/bt.out bpftrace_gpu_ok_record 'size=24 ' 'reply_len=24 ' 'ret=0 ' 'verdict=ok'
	has /tmp/bt.out bpftrace_empty_escape_ok 'size=0 ' 'attempts=1' 'verdict=ok'
	drained bpftrace
fi
rmmod dxgsim hvsim
ktap_end trace
