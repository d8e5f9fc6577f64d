#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the VM guest: the module-free tracers (scripts/dxg-trace with ftrace
# kprobe events, scripts/dxg-trace.bt with bpftrace) against dxgsim on hvsim.
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
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n $1 # $2"; }
# has FILE NAME REGEX...: some line of FILE matches every REGEX.
has() {
	local f=$1 name=$2 line
	shift 2
	while IFS= read -r line; do
		local all=1 re
		for re in "$@"; do [[ "$line" =~ $re ]] || { all=0; break; }; done
		[ "$all" = 1 ] && { ok "$name"; return; }
	done < "$f"
	fail "$name" "no record matches: $*"
}
escapes() {
	"$esc" -P 1414:008a -s 64 >/dev/null 2>&1	# NPU, profile empty: -EOVERFLOW
	"$esc" -P 1414:008e -s 24 >/dev/null 2>&1	# GPU, profile echo: ok
	"$esc" -P 1414:008a -s 0 >/dev/null 2>&1	# N = 0: ok
}

echo "KTAP version 1"
insmod $opt/hvsim.ko profile_npu=empty profile_gpu=echo || { echo "Bail out! hvsim"; exit 1; }
insmod $opt/dxgsim.ko || { echo "Bail out! dxgsim"; exit 1; }

if [ "$bpf" = 0 ]; then
	"$opt/scripts/dxg-trace" --duration 25 > /tmp/trace.out 2>/tmp/trace.err &
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
	if grep -q dxgtrace "$tfs/kprobe_events"; then
		fail trace_removes_its_probes "$(grep -c dxgtrace "$tfs/kprobe_events") left"
	else
		ok trace_removes_its_probes
	fi
	# A signal cleans up too (SIGTERM: a background job here ignores SIGINT).
	"$opt/scripts/dxg-trace" > /dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do grep -q dxgtrace "$tfs/kprobe_events" 2>/dev/null && break; sleep 0.2; done
	kill -TERM "$pid"
	wait "$pid"
	if grep -q dxgtrace "$tfs/kprobe_events"; then
		fail trace_signal_removes_its_probes "probes left after SIGTERM"
	else
		ok trace_signal_removes_its_probes
	fi
else
	bpftrace "$opt/scripts/dxg-trace.bt" > /tmp/bt.out 2>&1 &
	pid=$!
	for _ in $(seq 300); do grep -q '^Attaching' /tmp/bt.out && break; sleep 0.2; done
	sleep 1
	escapes
	sleep 1
	kill -INT "$pid"
	wait "$pid"
	sed 's/^/# /' /tmp/bt.out | grep -v '^# @'
	has /tmp/bt.out bpftrace_npu_short_reply_record 'size=64 ' 'ext_hdr=1' 'reply_len=0 ' \
		'sync_ret=-75' 'ret=-75' 'verdict=host-short-reply'
	has /tmp/bt.out bpftrace_gpu_ok_record 'size=24 ' 'reply_len=24 ' 'ret=0 ' 'verdict=ok'
	has /tmp/bt.out bpftrace_empty_escape_ok 'size=0 ' 'attempts=1' 'verdict=ok'
fi
rmmod dxgsim hvsim
echo "1..$n"
[ "$failed" -eq 0 ]
