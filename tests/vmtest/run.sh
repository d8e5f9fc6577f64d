#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of scripts/vmtest: exit status, timeouts, --add, mounts, and that
# kernel splats (WARN_ON, NULL dereference) turn into exit 125, and a splat
# while the kernel boots into one more boot.  KTAP output.
set -euo pipefail

usage() {
	echo "Usage: tests/vmtest/run.sh [--kernel 6.12|6.1|debug|PATH]"
	echo "Builds the deliberately broken modules in tests/vmtest for the kernel"
	echo "(KDIR from scripts/fetch-kernels unless KDIR is set) and checks vmtest."
}

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib/vm-runner.sh
. "$(dirname "$0")/../../scripts/lib/vm-runner.sh"
vm_runner_args "$@"

vmtest=$top/scripts/vmtest
build=$(mktemp -d /tmp/vmtest-selftest.XXXXXX)
trap 'rm -rf "$build"' EXIT
if [ "$kernel" = debug ]; then
	kdir=${KDIR:-$("$top/scripts/fetch-debug-kernel" --print-kdir)}
else
	kdir=${KDIR:-$("$top/scripts/fetch-kernels" --print-kdir "$kernel")}
fi
cp "$top"/tests/vmtest/{Kbuild,Makefile,vmtest_warn.c,vmtest_null.c,vmtest_leak.c} "$build/"
make -s -C "$build" KDIR="$kdir" >"$build/build.log" 2>&1 ||
	{ cat "$build/build.log" >&2; echo "run.sh: cannot build the test modules" >&2; exit 1; }

# shellcheck source=scripts/lib/ktap.sh
. "$top/scripts/lib/ktap.sh"
ktap_begin
# expect NAME WANT_STATUS [GREP_PATTERN_IN_OUTPUT] -- vmtest args...
expect() {
	local name=$1 want=$2 pattern=$3
	shift 4
	ktap_expect "$name" "$want" "$pattern" -- "$vmtest" --kernel "$kernel" "$@"
}

printf '#!/bin/sh\necho added-ok\n' > "$build/added.sh"
chmod 0755 "$build/added.sh"

expect vmtest_returns_command_status 3 '^hello$' -- -- 'echo hello; exit 3'
expect vmtest_mounts_debugfs_tracefs 0 '^mounts-ok$' -- -- \
	'grep -q " /sys/kernel/debug debugfs" /proc/mounts && grep -q tracefs /proc/mounts && echo mounts-ok'
expect vmtest_add_keeps_path_and_mode 0 '^added-ok$' -- --add "$build/added.sh:/usr/local/bin/added" \
	-- '[ -x /usr/local/bin/added ] && /usr/local/bin/added'
expect vmtest_add_under_tmp_is_visible 0 '^added-ok$' -- --add "$build/added.sh:/tmp/x/added" \
	-- '[ -x /tmp/x/added ] && /tmp/x/added && touch /tmp/writable'
# several words after -- are one command's argv, each kept as given
expect vmtest_argv_keeps_exit_status 7 '' -- -- sh -c 'exit 7'
expect vmtest_argv_keeps_words 0 "^\\[a  b\\]\\[it's\\]\\[\\\$\\]\$" -- \
	-- sh -c 'printf "[%s]" "$@"; echo' sh 'a  b' "it's" '$'
expect vmtest_timeout_is_124 124 '' -- --timeout 25 -- 'sleep 600'
expect vmtest_warn_on_is_125 125 'WARNING:.*vmtest_warn' -- --add "$build/vmtest_warn.ko" \
	-- 'insmod /opt/extra/vmtest_warn.ko'
expect vmtest_null_deref_is_125 125 'NULL pointer dereference|KASAN: null-ptr-deref' -- --add "$build/vmtest_null.ko" \
	-- 'insmod /opt/extra/vmtest_null.ko'
expect vmtest_clean_module_load_is_0 0 '' -- --add "$build/vmtest_warn.ko" \
	-- 'insmod /opt/extra/vmtest_warn.ko warn_trigger=0 && rmmod vmtest_warn'
# a splat while the kernel boots, before the command: one more boot, then 125
ktap_expect vmtest_boot_splat_boots_again 0 '^clean-second-boot$' -- \
	env VMTEST_INJECT_BOOT_SPLAT=first "$vmtest" --kernel "$kernel" -- \
	'dmesg | grep -q "injected boot splat" || echo clean-second-boot'
ktap_expect vmtest_boot_splat_twice_is_125 125 'splatted while booting again' -- \
	env VMTEST_INJECT_BOOT_SPLAT=every "$vmtest" --kernel "$kernel" -- 'echo never-runs'
if [ "$kernel" = debug ]; then
	# kmemleak: vm-kmemleak fails, and vmtest sees the report on the console
	expect vmtest_kmemleak_report_is_125 125 'unreferenced object 0x' -- \
		--add "$build/vmtest_leak.ko" -- \
		'insmod /opt/extra/vmtest_leak.ko && rmmod vmtest_leak && /opt/dxgprobe/scripts/guest/vm-kmemleak'
fi
ktap_end "vmtest self-test"
