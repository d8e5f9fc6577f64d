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
t=$top/tools
g=$top/scripts/guest
tmp=$(mktemp -d /tmp/scripts-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=scripts/lib/ktap.sh
. "$top/scripts/lib/ktap.sh"
expect() { ktap_expect "$@"; }	# expect NAME STATUS PATTERN -- COMMAND...

echo "KTAP version 1"
expect vmtest_rejects_bad_timeout 126 'timeout must be a positive integer' -- \
	"$s/vmtest" --timeout soon -- true
expect vmtest_requires_command 126 'no COMMAND' -- "$s/vmtest" --smp 1
expect vmtest_rejects_bad_accel 126 'accel must be tcg, tcg-single, icount or kvm' -- "$s/vmtest" --accel xen -- true
expect vmtest_rejects_bad_boot_splat_injection 126 'VMTEST_INJECT_BOOT_SPLAT must be first or every' -- \
	env VMTEST_INJECT_BOOT_SPLAT=always "$s/vmtest" -- true
expect vmtest_rejects_missing_add 126 "does not exist" -- \
	"$s/vmtest" --add "$tmp/nope" -- true
expect fetch_kernels_rejects_unknown_line 1 "unknown argument '5.15'" -- "$s/fetch-kernels" 5.15
expect demo_rejects_unknown_profile 1 "unknown profile 'loud'" -- "$s/demo" --profile loud
expect demo_rejects_bad_truncate 1 "unknown profile 'truncate:x'" -- "$s/demo" --profile truncate:x
expect check_rejects_unknown_step 2 "unknown step 'lint'" -- "$s/check" --only lint
expect suite_rejects_unknown_config 2 "unknown config 'loud'" -- "$s/suite" --config loud
expect evidence_rejects_unknown_option 2 "unknown argument '--fast'" -- "$t/dxg-evidence" --fast
expect evidence_rejects_bad_test_list 2 "comma-separated list" -- "$t/dxg-evidence" --tests 'a;b'
expect evidence_from_requires_directory 1 "is not a directory" -- "$t/dxg-evidence" --from "$tmp/none"
mkdir -p "$tmp/empty"
expect evidence_from_requires_events 1 "not an evidence directory" -- "$t/dxg-evidence" --from "$tmp/empty"
expect evidence_from_leaves_no_report 0 "^absent$" -- \
	sh -c "[ -e '$tmp/empty/report.md' ] && echo present || echo absent"
expect trace_rejects_bad_duration 2 "duration must be a number" -- "$t/dxg-trace" --duration x
expect trace_rejects_unknown_backend 2 "unknown backend 'perf'" -- "$t/dxg-trace" --backend perf
expect trace_all_needs_kprobe_events 2 "--all needs the kprobe-events backend" -- \
	"$t/dxg-trace" --backend bpftrace --all
# kprobe_profile names an event without its group: dxg-trace's misses are
# its events' by name (another group's GROUP/NAME is not), summed
printf '  %-44s %15s %15s\n' ioctl 3200 0 rx 4288 13 rxn_ret 3223 9 other/rx 5 7 rxx 1 100 \
	dxgtrace/send 1 2 > "$tmp/kprobe_profile"
expect trace_sums_its_kprobe_misses 0 '^24$' -- awk -v group=dxgtrace \
	-v names="ioctl rx rxn_ret send" -f "$t/lib/kprobe-missed.awk" "$tmp/kprobe_profile"
expect report_requires_events 1 "no .*records/events" -- "$t/dxg-report" "$tmp/empty"
expect evidence_rejects_unknown_backend 2 "unknown backend 'perf'" -- "$t/dxg-evidence" --backend perf
expect evidence_rejects_missing_command 2 "no-such-program-x: no such command" -- \
	"$t/dxg-evidence" --no-suite -- no-such-program-x
expect evidence_rejects_empty_command 2 "-- needs a command" -- "$t/dxg-evidence" --
expect evidence_rejects_bad_timeout 2 "timeout must be a positive number" -- \
	"$t/dxg-evidence" --timeout 0 -- true
expect evidence_from_runs_no_command 2 "runs no command" -- "$t/dxg-evidence" --from "$tmp/empty" -- true
# Where the backend cannot run (no /dev/dxg on this host), a clear failure
# and nothing written.
if [ ! -e /dev/dxg ]; then
	expect evidence_without_dxg_fails_cleanly 1 "/dev/dxg does not exist" -- \
		"$t/dxg-evidence" --backend kprobe-events --out "$tmp/ev" -- true
	expect evidence_failure_leaves_nothing 0 "^absent$" -- \
		sh -c "[ -e '$tmp/ev' ] || [ -e '$tmp/ev.tar.gz' ] && echo present || echo absent"
fi
expect bench_rejects_bad_rounds 1 "'x' is not a positive number" -- "$s/bench" --rounds x
expect bench_rejects_unknown_argument 1 "unknown argument '--fast'" -- "$s/bench" --fast
expect bench_rejects_bad_accel 1 "accel must be icount or tcg, got 'kvm'" -- "$s/bench" --accel kvm
expect vm_bench_rejects_unknown_config 1 "unknown configuration 'loud'" -- \
	"$g/vm-bench" --configs loud
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

# build-for-running-kernel: bad inputs are refused before anything is built,
# and no module is left behind.  A fake tree answers `make kernelversion`.
b=$t/build-for-running-kernel
ft=$tmp/fake-tree
mkdir -p "$ft/scripts" "$ft/arch/x86/configs"
printf 'kernelversion:\n\t@echo 6.6.87.2\n' > "$ft/Makefile"
: > "$ft/scripts/Makefile.build"
printf 'CONFIG_MODULES=y\nCONFIG_KPROBES=y\nCONFIG_KRETPROBES=y\nCONFIG_DEBUG_FS=y\nCONFIG_MODVERSIONS=y\n' > "$tmp/good.config"
grep -v KRETPROBES "$tmp/good.config" > "$tmp/nokret.config"
echo CONFIG_KPROBE_EVENTS=y >> "$tmp/nokret.config"
grep -v MODULES "$tmp/good.config" > "$tmp/nomod.config"
echo 'not a config' > "$tmp/junk.config"
rel=6.6.87.2-microsoft-standard-WSL2
ko=$tmp/out/dxgprobe.ko
brk() { "$b" --release "$rel" --modules-dir "$tmp" --out "$ko" "$@"; }
expect brk_rejects_unknown_option 1 "unknown argument '--fast'" -- "$b" --fast
expect brk_rejects_bad_jobs 1 "jobs must be a positive integer" -- "$b" --jobs many
expect brk_rejects_bad_release 1 "is not a kernel release" -- "$b" --release 'x y'
expect brk_requires_a_tree 1 "no kernel source tree: --src DIR \(a checkout of tag linux-msft-wsl-6.6.87.2\)" -- brk
expect brk_rejects_non_tree 1 "is not a kernel source tree" -- brk --src "$tmp/empty"
expect brk_wrong_version_names_tag 1 "is 6.6.87.2, the kernel 6.18.33.2-microsoft-standard-WSL2 is 6.18.33.2: fetch tag linux-msft-wsl-6.18.33.2" -- \
	"$b" --src "$ft" --release 6.18.33.2-microsoft-standard-WSL2 --modules-dir "$tmp" --out "$ko"
expect brk_rejects_missing_modules_dir 1 "no modules directory '$tmp/nope'" -- \
	"$b" --src "$ft" --release "$rel" --modules-dir "$tmp/nope" --out "$ko"
expect brk_rejects_non_ko_out 1 "must name a .ko file" -- brk --src "$ft" --out "$tmp/x.bin"
expect brk_rejects_unreadable_config 1 "config '$tmp/none' is not readable" -- brk --src "$ft" --config "$tmp/none"
expect brk_rejects_junk_config 1 "is not a kernel config" -- brk --src "$ft" --config "$tmp/junk.config"
expect brk_no_kretprobes_points_to_dxg_trace 1 "lacks CONFIG_KRETPROBES.*dxg-trace still works.*KPROBE_EVENTS" -- \
	brk --src "$ft" --config "$tmp/nokret.config"
expect brk_no_modules 1 "CONFIG_MODULES is not set" -- brk --src "$ft" --config "$tmp/nomod.config"
mkdir -p "$tmp/nogcc"
for f in /usr/local/bin/* /usr/bin/* /bin/*; do
	[ "$(basename "$f")" = gcc ] || ln -sf "$f" "$tmp/nogcc/$(basename "$f")"
done
expect brk_requires_a_compiler 1 "'gcc' not found" -- \
	env PATH="$tmp/nogcc" "$b" --src "$ft" --release "$rel" --modules-dir "$tmp" --out "$ko"
touch "$ft/.config"
expect brk_rejects_configured_tree 1 "configured or built in place" -- brk --src "$ft" --config "$tmp/good.config"
rm -f "$ft/.config"
expect brk_leaves_nothing_behind 0 "^absent$" -- \
	sh -c "[ -e '$tmp/out' ] && echo present || echo absent"
expect kernel_features_rejects_unknown_feature 2 "unknown feature 'kprobez'" -- \
	"$t/kernel-features" --need kprobez
expect kernel_features_prints_every_feature 0 "^10$" -- sh -c \
	"'$t/kernel-features' | sed -n '1{/^kernel-features\/1$/!q1};2,\$p' | grep -cE '^[a-z_]+: (yes|no|unknown) \\(.+\\)$'"
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
ktap_end scripts
