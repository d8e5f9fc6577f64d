#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the project's scripts: every bad argument gets a clear
# error and a non-zero status, and changes nothing.  KTAP on stdout.
set -uo pipefail

usage() { echo "Usage: tests/scripts/run.sh   (no arguments; KTAP on stdout)"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage >&2; exit 2 ;; esac

top=$(cd "$(dirname "$0")/../.." && pwd)
s=$top/scripts
tmp=$(mktemp -d /tmp/scripts-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# expect NAME STATUS PATTERN -- COMMAND...: status and a stderr/stdout pattern.
expect() {
	local name=$1 want=$2 pattern=$3 rc=0 out
	shift 4
	n=$((n + 1))
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "$out" | head -n 5 | sed 's/^/# /'
		echo "not ok $n $name # exit $rc, expected $want"
		failed=$((failed + 1))
	elif ! grep -qE -- "$pattern" <<<"$out"; then
		echo "$out" | head -n 5 | sed 's/^/# /'
		echo "not ok $n $name # output lacks /$pattern/"
		failed=$((failed + 1))
	else
		echo "ok $n $name"
	fi
}

echo "KTAP version 1"
expect vmtest_rejects_bad_timeout 126 'timeout must be a positive integer' -- \
	"$s/vmtest" --timeout soon -- true
expect vmtest_requires_command 126 'no COMMAND' -- "$s/vmtest" --smp 1
expect vmtest_rejects_bad_accel 126 'accel must be tcg or kvm' -- "$s/vmtest" --accel xen -- true
expect vmtest_rejects_missing_add 126 "does not exist" -- \
	"$s/vmtest" --add "$tmp/nope" -- true
expect fetch_kernels_rejects_unknown_line 1 "unknown argument '5.15'" -- "$s/fetch-kernels" 5.15
expect demo_rejects_unknown_profile 1 "unknown profile 'loud'" -- "$s/demo" --profile loud
expect demo_rejects_bad_truncate 1 "unknown profile 'truncate:x'" -- "$s/demo" --profile truncate:x
expect check_rejects_unknown_step 2 "unknown step 'lint'" -- "$s/check" --only lint
expect vm_suite_rejects_unknown_config 2 "unknown config 'loud'" -- "$s/vm-suite" --config loud
expect evidence_rejects_unknown_option 2 "unknown argument '--fast'" -- "$s/dxg-evidence" --fast
expect evidence_rejects_bad_test_list 2 "comma-separated list" -- "$s/dxg-evidence" --tests 'a;b'
expect evidence_from_requires_directory 1 "is not a directory" -- "$s/dxg-evidence" --from "$tmp/none"
mkdir -p "$tmp/empty"
expect evidence_from_requires_events 1 "not an evidence directory" -- "$s/dxg-evidence" --from "$tmp/empty"
expect evidence_from_leaves_no_report 0 "^absent$" -- \
	sh -c "[ -e '$tmp/empty/report.md' ] && echo present || echo absent"
expect trace_rejects_bad_duration 2 "duration must be a number" -- "$s/dxg-trace" --duration x
expect trace_rejects_unknown_backend 2 "unknown backend 'perf'" -- "$s/dxg-trace" --backend perf
expect trace_all_needs_kprobe_events 2 "--all needs the kprobe-events backend" -- \
	"$s/dxg-trace" --backend bpftrace --all
expect report_requires_events 1 "no .*records/events" -- "$s/dxg-report" "$tmp/empty"
expect evidence_rejects_unknown_backend 2 "unknown backend 'perf'" -- "$s/dxg-evidence" --backend perf
expect evidence_rejects_missing_command 2 "no-such-program-x: no such command" -- \
	"$s/dxg-evidence" --no-suite -- no-such-program-x
expect evidence_rejects_empty_command 2 "-- needs a command" -- "$s/dxg-evidence" --
expect evidence_rejects_bad_timeout 2 "timeout must be a positive number" -- \
	"$s/dxg-evidence" --timeout 0 -- true
expect evidence_from_runs_no_command 2 "runs no command" -- "$s/dxg-evidence" --from "$tmp/empty" -- true
# Where the backend cannot run (no /dev/dxg on this host), a clear failure
# and nothing written.
if [ ! -e /dev/dxg ]; then
	expect evidence_without_dxg_fails_cleanly 1 "/dev/dxg does not exist" -- \
		"$s/dxg-evidence" --backend kprobe-events --out "$tmp/ev" -- true
	expect evidence_failure_leaves_nothing 0 "^absent$" -- \
		sh -c "[ -e '$tmp/ev' ] || [ -e '$tmp/ev.tar.gz' ] && echo present || echo absent"
fi
expect bench_rejects_bad_rounds 1 "'x' is not a positive number" -- "$s/bench" --rounds x
expect bench_rejects_unknown_argument 1 "unknown argument '--fast'" -- "$s/bench" --fast
expect vm_bench_rejects_unknown_config 1 "unknown configuration 'loud'" -- \
	"$s/vm-bench" --configs loud
expect bench_report_requires_raw_files 1 "no raw-smp" -- "$s/bench-report" "$tmp/empty"
# bench-report: the ratio is paired per round; --check wants every figure
mkdir -p "$tmp/bench"
{
	echo "# vm-bench/1 vcpus=1 kernel=test rounds=2"
	for r in 1 2; do
		b=$((100000 * r))	# drift: round 2 is twice as slow
		for c in base:0 bare:10000 dxgprobe:30000; do
			echo "esc round=$r config=${c%%:*} threads=1 size=64 reps=1 escapes=10 failed=0" \
				"first_err=0 ns=1 ns_per_escape=$((b + ${c#*:} * r)) recorded=-1 lost=-1"
		done
		for c in base:0 entry:1000 dxgprobe:1500; do
			echo "pump round=$r config=${c%%:*} reps=1 packets=10 ns_per_packet=$((5000 + ${c#*:}))"
		done
	done
	echo "mem config=dxgprobe memory_bytes=3966976 slab_kb=0 vmalloc_kb=4000 percpu_kb=0"
} > "$tmp/bench/raw-smp1.txt"
expect bench_report_check_wants_the_end 1 "did not finish" -- \
	"$s/bench-report" --check "$tmp/bench"
echo "# vm-bench done" >> "$tmp/bench/raw-smp1.txt"
expect bench_report_ratio_per_round 0 "^3.0 1.5 20000.0$" -- python3 -c "
import json, subprocess, sys
subprocess.run(['$s/bench-report', '$tmp/bench'], check=True)
d = json.load(open('$tmp/bench/results.json'))
e = d['escape'][0]['backends']['dxgprobe']
f = d['foreign'][0]['backends']['dxgprobe']
print(e['ratio_vs_bare']['median'], f['ratio_vs_entry']['median'], e['overhead_ns']['min'] / 1.5)"
expect bench_report_writes_svg 0 "^<svg " -- head -c 5 "$tmp/bench/overhead.svg"

echo "1..$n"
echo "# scripts: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
