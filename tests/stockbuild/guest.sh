#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the VM (scripts/vmtest): run the suite with the dxgprobe.ko that
# tools/build-for-running-kernel built, then ask the kernel what it made of
# the module: no "disagrees about version", no forced load.  KTAP on stdout.
set -uo pipefail

usage() { echo "Usage: guest.sh MD5   (md5sum of the dxgprobe.ko that must be the one loaded)"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; "") usage >&2; exit 2 ;; esac
want=$1
opt=/opt/dxgprobe
# shellcheck source=scripts/lib/ktap.sh
. /opt/dxgprobe/scripts/lib/ktap.sh

got=$(md5sum "$opt/dxgprobe.ko" 2>/dev/null | cut -d' ' -f1)
if [ "$got" = "$want" ]; then
	ktap_result ok guest_has_the_tool_built_module
else
	ktap_result fail guest_has_the_tool_built_module "md5 ${got:-none}, want $want"
fi
"$opt/scripts/guest/vm-run-suite" --profile empty
rc=$?
if [ "$rc" = 0 ]; then ktap_result ok suite_passes_with_it; else ktap_result fail suite_passes_with_it "vm-run-suite exit $rc"; fi
bad=$(dmesg | grep -E 'disagrees about version|no symbol version|Unknown symbol|forcing' || true)
if [ -z "$bad" ]; then
	ktap_result ok kernel_accepts_its_symbol_versions
else
	ktap_result fail kernel_accepts_its_symbol_versions "dmesg: $(head -n 1 <<<"$bad")"
fi
taint=$(cat /proc/sys/kernel/tainted)
if [ $((taint & 2)) -eq 0 ]; then
	ktap_result ok loaded_without_force "tainted=$taint"
else
	ktap_result fail loaded_without_force "tainted=$taint has TAINT_FORCED_MODULE"
fi
ktap_end stockbuild-guest
