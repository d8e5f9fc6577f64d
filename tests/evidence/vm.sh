#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dxg-evidence in the VM against dxgsim on hvsim: the same escape sequence
# through every backend (module, kprobe-events and, where bpftrace is
# installed, bpftrace) on every NPU profile, compared (parity-guest.sh).
set -euo pipefail

usage() { echo "Usage: tests/evidence/vm.sh [--kernel 6.12|6.1]   (DXGPROBE_BUILD_DIR as for vmtest)"; }
# shellcheck source=scripts/lib/vm-runner.sh
. "$(dirname "$0")/../../scripts/lib/vm-runner.sh"
vm_runner_args "$@"
here=$(cd "$(dirname "$0")" && pwd)
extra=()
backends=(module kprobe-events)
if command -v bpftrace >/dev/null; then
	extra=(--add "$(command -v bpftrace):/usr/bin/bpftrace")
	backends+=(bpftrace)
else
	echo "ok 1 parity_bpftrace # SKIP bpftrace not installed (apt-get install bpftrace)"
fi
rc=0
VMTEST_MEM=2048 "$here/../../scripts/vmtest" --kernel "$kernel" --timeout 1500 \
	--add "$here/parity-guest.sh:/opt/extra/parity-guest.sh" "${extra[@]}" \
	-- /opt/extra/parity-guest.sh "${backends[@]}" || rc=$?
[ "$rc" -eq 0 ] || echo "not ok 1 parity_vm_run # vmtest exit $rc"
exit "$rc"
