#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test the module-free tracers in the VM against dxgsim on hvsim: dxg-trace
# (ftrace kprobe events) and, where bpftrace is installed, dxg-trace.bt.
set -euo pipefail

usage() { echo "Usage: tests/trace/run.sh [--kernel 6.12|6.1]   (DXGPROBE_BUILD_DIR as for vmtest)"; }
# shellcheck source=scripts/lib/vm-runner.sh
. "$(dirname "$0")/../../scripts/lib/vm-runner.sh"
vm_runner_args "$@"
here=$(cd "$(dirname "$0")" && pwd)
vmtest=$here/../../scripts/vmtest
rc=0
tc=()
if command -v trace-cmd >/dev/null; then tc=(--add "$(command -v trace-cmd):/usr/bin/trace-cmd"); fi
"$vmtest" --kernel "$kernel" --timeout 600 --add "$here/guest.sh:/opt/extra/guest.sh" "${tc[@]}" \
	-- /opt/extra/guest.sh || rc=$?
[ "$rc" -eq 0 ] || echo "not ok 1 dxg_trace_vm_run # vmtest exit $rc"
if command -v bpftrace >/dev/null; then
	brc=0
	VMTEST_MEM=2048 "$vmtest" --kernel "$kernel" --timeout 600 \
		--add "$here/guest.sh:/opt/extra/guest.sh" \
		--add "$(command -v bpftrace):/usr/bin/bpftrace" \
		-- /opt/extra/guest.sh --bpftrace || brc=$?
	[ "$brc" -eq 0 ] || echo "not ok 1 bpftrace_vm_run # vmtest exit $brc"
	[ "$brc" -eq 0 ] || rc=$brc
else
	echo "ok 1 bpftrace # SKIP bpftrace not installed (apt-get install bpftrace)"
fi
exit "$rc"
