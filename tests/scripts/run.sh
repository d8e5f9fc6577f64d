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
expect vmtest_rejects_bad_accel 126 'accel must be tcg, tcg-single or kvm' -- "$s/vmtest" --accel xen -- true
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
expect trace_rejects_bad_duration 1 "duration must be a number" -- "$s/dxg-trace" --duration x
expect report_requires_events 1 "no .*dxgprobe/events" -- "$s/dxg-report" "$tmp/empty"
expect fetch_debug_kernel_rejects_unknown_argument 1 "unknown argument '--fast'" -- \
	"$s/fetch-debug-kernel" --fast
expect fetch_debug_kernel_rejects_bad_jobs 1 "jobs must be a positive integer" -- \
	"$s/fetch-debug-kernel" --jobs many
expect build_for_kernel_rejects_unknown_line 2 "unknown argument '5.15'" -- \
	"$s/build-for-kernel" 5.15
expect lifecycle_rejects_bad_cycles 2 "must be positive integers" -- \
	env DXG_CYCLES=x "$top/selftests/dxg/dxgprobe_lifecycle.sh" --traffic
expect debugfs_fuzz_rejects_bad_seconds 2 "numbers" -- \
	env DXG_FUZZ_SECONDS=soon "$top/selftests/dxg/dxg_debugfs_fuzz.sh"
echo "1..$n"
echo "# scripts: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
