#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dxg_lib.sh: the helpers of the dxg kselftest scripts (dxgprobe_lifecycle.sh,
# dxg_debugfs_fuzz.sh), sourced, in the manner of livepatch/functions.sh.
# The scripts set mdir (where the .ko files are), esc (the dxgescape tool),
# P and H (dxgprobe's and hvsim's debugfs directories) before they use them.
# Running this file does nothing.
# shellcheck disable=SC2154 # mdir, esc, P and H: set by the sourcing script

# shellcheck disable=SC2034 # KSFT_SKIP is the sourcing script's exit status
readonly KSFT_SKIP=4

# --- KTAP ---
ktap_header() { echo "TAP version 13"; }
skip_all() {	# skip_all REASON: the whole script has nothing to test
	echo "1..0 # SKIP $*"
	exit "$KSFT_SKIP"
}
ktap_n=0
ktap_failed=0
ktap_result() {	# ktap_result PASSED(0|1) NAME: the next numbered result line
	ktap_n=$((ktap_n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $ktap_n $2"
	else
		echo "not ok $ktap_n $2"
		ktap_failed=$((ktap_failed + 1))
	fi
}
ktap_comment() { sed 's/^/# /'; }	# stdin as KTAP comment lines
ktap_finish() {	# the totals; the status is 0 when every result passed
	echo "# Totals: pass:$((ktap_n - ktap_failed)) fail:$ktap_failed"
	[ $ktap_failed = 0 ]
}

# --- the simulated host and its modules ---
loaded() { grep -q "^$1 " /proc/modules; }
ensure_loaded() {	# ensure_loaded MODULE [PARAMS...]
	local m=$1
	shift
	loaded "$m" || insmod "$mdir/$m.ko" "$@"
}
ensure_unloaded() {
	! loaded "$1" || rmmod "$1"
}
# Skips unless root, the three modules in $mdir and the dxgescape tool are
# there and /dev/dxg, if present, is dxgsim's
require_sim_host() {
	local m
	[ "$(id -u)" = 0 ] || skip_all "needs root"
	for m in hvsim dxgsim dxgprobe; do
		[ -r "$mdir/$m.ko" ] || skip_all "no $mdir/$m.ko (set DXG_MODULE_DIR)"
	done
	[ -x "$esc" ] || skip_all "no dxgescape tool at $esc (set DXGESCAPE)"
}
require_own_dev_dxg() {
	if [ -e /dev/dxg ] && ! loaded dxgsim; then
		skip_all "/dev/dxg belongs to another driver (real dxgkrnl?): the simulated host is needed"
	fi
}
hvsim_stat() { awk -v k="$1:" '$1 == k { print $2 }' "$H/stats"; }
# dxgprobe's stats KEY, 0 when absent
stat_of() { awk -v k="$1:" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' "$P/stats"; }

# --- checks: each sets $why and returns 1 on failure ---
why=""
fail() { why=$*; return 1; }
wait_until() {	# wait_until TENTHS COMMAND...: poll every 0.1 s
	local n=$1
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}
gone() { ! kill -0 "$1" 2>/dev/null; }
dmesg_mark=0
mark() { dmesg_mark=$(dmesg | wc -l); }
new_dmesg() { dmesg | tail -n +$((dmesg_mark + 1)); }	# since the last mark
