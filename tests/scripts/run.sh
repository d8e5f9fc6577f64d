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
echo "1..$n"
echo "# scripts: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
