#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# In-VM smoke test of hvsim + dxgsim: load both, check what the guest driver
# set up on the simulated host (devices, /dev/dxg, the messages hvsim saw),
# the profile files, and a clean unload.  Needs root and debugfs.
set -eu

usage() {
	cat <<'EOF'
Usage: smoke.sh [--dir DIR] [--help]

Loads DIR/hvsim.ko and DIR/dxgsim.ko (default DIR: /opt/dxgprobe, where
scripts/vmtest puts the modules), checks the simulated host and the guest,
unloads both.  Prints one "ok"/"not ok" line per check; exits non-zero if
any check failed.
EOF
}

dir=/opt/dxgprobe
while [ $# -gt 0 ]; do
	case $1 in
	--dir) dir=$2; shift 2 ;;
	--help|-h) usage; exit 0 ;;
	*) echo "smoke.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done

dbg=/sys/kernel/debug/hvsim
failed=0
n=0

check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
	fi
}

stat_is() {
	[ "$(sed -n "s/^$1: //p" "$dbg/stats")" = "$2" ]
}

pci_id_is() {
	[ "$(cat "/sys/bus/pci/devices/$1/vendor"):$(cat "/sys/bus/pci/devices/$1/device")" = "$2" ]
}

write_fails() {
	! echo "$1" >"$2"
}

grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
	{ echo "smoke.sh: debugfs is not mounted at /sys/kernel/debug" >&2; exit 2; }

check "hvsim loads" insmod "$dir/hvsim.ko"
check "dxgsim loads" insmod "$dir/dxgsim.ko"
check "/dev/dxg exists" test -c /dev/dxg
check "three VMBus devices offered" test "$(find /sys/bus/vmbus/devices/ -mindepth 1 | wc -l)" -eq 3
check "GPU function 1414:008e" pci_id_is 1414:00:00.0 0x1414:0x008e
check "NPU function 1414:008a" pci_id_is 1414:00:01.0 0x1414:0x008a
check "dxgsim bound to the GPU function" test -e /sys/bus/pci/drivers/dxgsim/1414:00:00.0
check "dxgsim bound to the NPU function" test -e /sys/bus/pci/drivers/dxgsim/1414:00:01.0
check "SETIOSPACEREGION sent once" stat_is msg_SETIOSPACEREGION 1
check "OPENADAPTER per adapter" stat_is msg_OPENADAPTER 2
check "GETINTERNALADAPTERINFO per adapter" stat_is msg_GETINTERNALADAPTERINFO 2
check "nothing malformed" stat_is malformed 0
check "packet log has the escape-free startup" test "$(wc -l <"$dbg/packets")" -eq 5
check "default GPU profile is echo" grep -qx echo "$dbg/profile_gpu"
check "default NPU profile is empty" grep -qx empty "$dbg/profile_npu"
check "profile status:0xc0000001 accepted" sh -c "echo status:0xc0000001 >$dbg/profile_npu"
check "profile reads back" grep -qx status:0xc0000001 "$dbg/profile_npu"
check "unknown profile rejected" write_fails bogus "$dbg/profile_npu"
check "truncate without K rejected" write_fails truncate "$dbg/profile_npu"
check "rejected writes change nothing" grep -qx status:0xc0000001 "$dbg/profile_npu"
check "open /dev/dxg creates a host process" sh -c "exec 3</dev/dxg"
check "and close destroys it" stat_is msg_DESTROYPROCESS 1
check "clear empties the log" sh -c "echo 1 >$dbg/clear && test ! -s $dbg/packets"
check "dxgsim unloads" rmmod dxgsim
check "CLOSEADAPTER per adapter at unload" stat_is msg_CLOSEADAPTER 2
check "hvsim unloads" rmmod hvsim

echo "# $((n - failed))/$n passed"
[ "$failed" -eq 0 ]
