# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# KTAP for the project's shell test runners, on the host and in the guest
# (sourced; POSIX sh, so that busybox sh runs it too), in the shape of the
# kernel's tools/testing/selftests/kselftest/ktap_helpers.sh:
#
#   ktap_begin                      the "KTAP version 1" header
#   ktap_ok NAME [DIAG]             a passing case
#   ktap_fail NAME [DIAG]           a failing case
#   ktap_result STATUS NAME [DIAG]  ktap_ok when STATUS is "ok", else ktap_fail
#   ktap_skip NAME REASON           a skipped case ("ok N NAME # SKIP REASON")
#   ktap_expect NAME STATUS PATTERN -- COMMAND...
#                                   a case that passes when COMMAND exits with
#                                   STATUS and its output matches PATTERN
#   ktap_end SUITE                  the plan and "# SUITE: N passed, N failed";
#                                   returns 1 when a case failed
# ktap_n and ktap_failed hold the counts.

ktap_n=0
ktap_failed=0

ktap_begin() { echo "KTAP version 1"; }

ktap_ok() {
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n $1${2:+ # $2}"
}

ktap_fail() {
	ktap_n=$((ktap_n + 1))
	ktap_failed=$((ktap_failed + 1))
	echo "not ok $ktap_n $1${2:+ # $2}"
}

ktap_result() {
	if [ "$1" = ok ]; then ktap_ok "$2" "${3:-}"; else ktap_fail "$2" "${3:-}"; fi
}

ktap_skip() {
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n $1 # SKIP $2"
}

# The pattern is an extended regex over stdout and stderr together (empty:
# any output).  On a failure the output's last lines go out as comments.
ktap_expect() {
	_ke_name=$1 _ke_want=$2 _ke_pattern=$3
	shift 4
	_ke_rc=0
	_ke_out=$("$@" 2>&1) || _ke_rc=$?
	if [ "$_ke_rc" -ne "$_ke_want" ]; then
		printf '%s\n' "$_ke_out" | tail -n 20 | sed 's/^/# /'
		ktap_fail "$_ke_name" "exit $_ke_rc, expected $_ke_want"
	elif [ -n "$_ke_pattern" ] && ! printf '%s\n' "$_ke_out" | grep -qE -- "$_ke_pattern"; then
		printf '%s\n' "$_ke_out" | tail -n 20 | sed 's/^/# /'
		ktap_fail "$_ke_name" "output lacks /$_ke_pattern/"
	else
		ktap_ok "$_ke_name"
	fi
}

ktap_end() {
	echo "1..$ktap_n"
	echo "# $1: $((ktap_n - ktap_failed)) passed, $ktap_failed failed"
	[ "$ktap_failed" -eq 0 ]
}
