#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dxgprobe_lifecycle.sh: loading and unloading dxgprobe and the probed
# driver (dxgsim on the simulated host hvsim) in every order, with escapes
# in flight.  KTAP output; exit 0 pass, 1 fail, 4 skip.  It leaves hvsim,
# dxgsim and dxgprobe loaded or not as it found them (dxgprobe with the same
# parameters and knobs; its records are gone).
set -euo pipefail

usage() {
	cat <<'USAGE'
Usage: dxgprobe_lifecycle.sh [-h|--help]
Kselftest of dxgprobe's module lifecycle on the simulated host (root, VM):
  1 dxgprobe loaded before dxgsim attaches to dxgsim when it loads
  2 dxgprobe loaded after dxgsim attaches at once
  3 dxgsim unloaded under dxgprobe: its attach points go unavailable, reload works
  4 dxgprobe unloaded with an escape in flight (host profile hang, then echo)
  5 dxgsim unloaded with a caller blocked in an escape
Environment:
  DXG_MODULE_DIR  where hvsim.ko, dxgsim.ko and dxgprobe.ko are (default /opt/dxgprobe)
  DXGESCAPE       the dxgescape tool (default: next to this script)
Exit status: 0 all passed, 1 a test failed, 4 skipped (nothing to test here).
USAGE
}

case "${1:-}" in
-h|--help) usage; exit 0 ;;
"") ;;
*) usage >&2; echo "dxgprobe_lifecycle.sh: unknown argument '$1'" >&2; exit 2 ;;
esac

readonly KSFT_SKIP=4
readonly NTESTS=5
readonly GPU=1414:008e		# hvsim's render adapter: its profile is profile_gpu
readonly SIM_SYMS="dxgkio_escape dxgvmb_send_escape dxgvmb_send_sync_msg ntstatus2int"
readonly HOST_SYMS="vmbus_sendpacket __hv_pkt_iter_next"
mdir=${DXG_MODULE_DIR:-/opt/dxgprobe}
here=$(cd "$(dirname "$0")" && pwd)
esc=${DXGESCAPE:-$here/dxgescape}
dbg=/sys/kernel/debug
P=$dbg/dxgprobe
H=$dbg/hvsim

echo "TAP version 13"

skip_all() {
	echo "1..0 # SKIP $*"
	exit "$KSFT_SKIP"
}

[ "$(id -u)" = 0 ] || skip_all "needs root"
for m in hvsim dxgsim dxgprobe; do
	[ -r "$mdir/$m.ko" ] || skip_all "no $mdir/$m.ko (set DXG_MODULE_DIR)"
done
[ -x "$esc" ] || skip_all "no dxgescape tool at $esc (set DXGESCAPE)"
if [ ! -d $dbg ] || [ -z "$(ls -A $dbg 2>/dev/null)" ]; then
	skip_all "debugfs is not mounted on $dbg"
fi

loaded() { grep -q "^$1 " /proc/modules; }

if [ -e /dev/dxg ] && ! loaded dxgsim; then
	skip_all "/dev/dxg belongs to another driver (real dxgkrnl?): the simulated host is needed"
fi

tmp=$(mktemp -d /tmp/dxgprobe_lifecycle.XXXXXX)
bg_pid=""

# --- state to restore ---
was_hvsim=0 was_dxgsim=0 was_probe=0
loaded hvsim && was_hvsim=1
loaded dxgsim && was_dxgsim=1
loaded dxgprobe && was_probe=1
probe_params=()
declare -A knobs=()
if [ $was_probe = 1 ]; then
	for f in /sys/module/dxgprobe/parameters/*; do
		probe_params+=("$(basename "$f")=$(cat "$f")")
	done
	for k in enabled pid capture_bytes commands; do
		knobs[$k]=$(cat "$P/$k")
	done
fi
gpu_profile=""

ensure_loaded() {	# ensure_loaded MODULE [PARAMS...]
	local m=$1
	shift
	loaded "$m" || insmod "$mdir/$m.ko" "$@"
}
ensure_unloaded() {
	! loaded "$1" || rmmod "$1"
}

# shellcheck disable=SC2317 # invoked by the EXIT trap
restore() {
	local k ok=0
	set +e
	if [ -n "$bg_pid" ] && kill -0 "$bg_pid" 2>/dev/null; then
		kill "$bg_pid" 2>/dev/null
		wait "$bg_pid" 2>/dev/null
	fi
	if loaded hvsim && [ -n "$gpu_profile" ]; then
		echo "$gpu_profile" > "$H/profile_gpu" || ok=1
	fi
	[ $was_probe = 1 ] || ensure_unloaded dxgprobe || ok=1
	[ $was_dxgsim = 1 ] || ensure_unloaded dxgsim || ok=1
	[ $was_hvsim = 1 ] || ensure_unloaded hvsim || ok=1
	if [ $was_hvsim = 1 ]; then ensure_loaded hvsim || ok=1; fi
	if [ $was_dxgsim = 1 ]; then ensure_loaded dxgsim || ok=1; fi
	if [ $was_probe = 1 ]; then
		ensure_loaded dxgprobe "${probe_params[@]}" || ok=1
		for k in "${!knobs[@]}"; do
			echo "${knobs[$k]}" > "$P/$k" || ok=1
		done
	fi
	[ $ok = 0 ] || echo "# dxgprobe_lifecycle.sh: could not restore the modules as found" >&2
	rm -rf "$tmp"
	return $ok
}
trap 'restore || exit 1' EXIT

# --- helpers; each check sets $why and returns 1 on failure ---
why=""
fail() { why=$*; return 1; }

state_of() {	# state_of SYMBOL: "attached@where", "unavailable" or "error"
	awk -v s="$1" '
		{ sym = ""; st = ""; wh = "" }
		{ for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == "symbol") sym = kv[2]
			if (kv[1] == "state") st = kv[2]
			if (kv[1] == "where") wh = kv[2]
		} }
		sym == s { print (st == "attached" ? st "@" wh : st); found = 1 }
		END { if (!found) print "absent" }' "$P/probes"
}

expect_state() {	# expect_state STATE SYMBOLS...
	local want=$1 s got
	shift
	for s in "$@"; do
		got=$(state_of "$s")
		[ "$got" = "$want" ] || fail "$s is $got, want $want"$'\n'"$(cat "$P/probes")" || return 1
	done
}

expect_attached_everywhere() {
	# shellcheck disable=SC2086 # the symbol lists are split on purpose
	expect_state attached@dxgsim $SIM_SYMS && expect_state attached@hvsim $HOST_SYMS
}

dmesg_mark=0
mark() { dmesg_mark=$(dmesg | wc -l); }
no_splat() {
	local new
	new=$(dmesg | tail -n +$((dmesg_mark + 1)) |
	      grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t:|list_(add|del) corruption|soft lockup|hung_task|kretprobe.*(leak|fail)' || true)
	[ -z "$new" ] || fail "kernel splat:"$'\n'"$new"
}

hvsim_stat() { awk -v k="$1:" '$1 == k { print $2 }' "$H/stats"; }

wait_until() {	# wait_until TENTHS COMMAND...: poll every 0.1 s
	local n=$1
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

held_more_than() { [ "$(hvsim_stat held)" -gt "$1" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }

# An escape on the GPU adapter (profile echo) that dxgprobe records as ok
escape_recorded() {
	local out
	out=$("$esc" -P "$GPU" -s 16 -w 10 2>&1) || fail "dxgescape failed:"$'\n'"$out" || return 1
	grep -q ': ret 0 ok' <<<"$out" || fail "escape did not return 0:"$'\n'"$out" || return 1
	grep -q '^record: .* verdict=ok missing=- ' <<<"$out" ||
		fail "no complete ok record of the escape:"$'\n'"$out"
}

start_blocked_escape() {	# start_blocked_escape WATCHDOG_SECONDS: the GPU host holds it
	local held0
	held0=$(hvsim_stat held)
	echo hang > "$H/profile_gpu"
	"$esc" -P "$GPU" -s 16 -w "$1" > "$tmp/esc.out" 2>&1 &
	bg_pid=$!
	wait_until 100 held_more_than "$held0" ||
		fail "hvsim holds no new escape after 10 s"$'\n'"$(cat "$tmp/esc.out")"
}

finish_escape() {	# finish_escape TENTHS: waits for the background dxgescape; its status
	local st=0
	wait_until "$1" gone "$bg_pid" || { fail "dxgescape still running"; return 1; }
	wait "$bg_pid" || st=$?
	bg_pid=""
	return $st
}

# --- tests ---

t_probe_before_dxgsim() {
	ensure_unloaded dxgprobe || fail "rmmod dxgprobe" || return 1
	ensure_unloaded dxgsim || fail "rmmod dxgsim" || return 1
	mark
	insmod "$mdir/dxgprobe.ko" "${probe_params[@]}" || fail "insmod dxgprobe" || return 1
	# shellcheck disable=SC2086
	expect_state unavailable $SIM_SYMS || return 1
	# shellcheck disable=SC2086
	expect_state attached@hvsim $HOST_SYMS || return 1
	insmod "$mdir/dxgsim.ko" || fail "insmod dxgsim after dxgprobe" || return 1
	expect_attached_everywhere && escape_recorded && no_splat
}

t_probe_after_dxgsim() {
	ensure_loaded dxgsim || fail "insmod dxgsim" || return 1
	ensure_unloaded dxgprobe || fail "rmmod dxgprobe" || return 1
	mark
	insmod "$mdir/dxgprobe.ko" "${probe_params[@]}" || fail "insmod dxgprobe" || return 1
	expect_attached_everywhere && escape_recorded && no_splat
}

t_dxgsim_unload_under_probe() {
	ensure_loaded dxgsim && ensure_loaded dxgprobe "${probe_params[@]}" ||
		fail "loading dxgsim and dxgprobe" || return 1
	expect_attached_everywhere || return 1
	mark
	rmmod dxgsim || fail "rmmod dxgsim with dxgprobe attached to it" || return 1
	# shellcheck disable=SC2086
	expect_state unavailable $SIM_SYMS || return 1
	# shellcheck disable=SC2086
	expect_state attached@hvsim $HOST_SYMS || return 1
	no_splat || return 1
	insmod "$mdir/dxgsim.ko" || fail "insmod dxgsim again" || return 1
	expect_attached_everywhere && escape_recorded && no_splat
}

t_probe_unload_escape_in_flight() {
	local released0 st=0
	ensure_loaded dxgsim && ensure_loaded dxgprobe "${probe_params[@]}" ||
		fail "loading dxgsim and dxgprobe" || return 1
	mark
	released0=$(hvsim_stat released)
	start_blocked_escape 60 || return 1
	grep -q ' verdict=pending ' "$P/inflight" ||
		fail "dxgprobe does not show the escape in flight:"$'\n'"$(cat "$P/inflight")" ||
		return 1
	rmmod dxgprobe || fail "rmmod dxgprobe with an escape in flight" || return 1
	loaded dxgprobe && { fail "dxgprobe still loaded"; return 1; }
	kill -0 "$bg_pid" 2>/dev/null || fail "the escape ended before the host answered" ||
		return 1
	echo echo > "$H/profile_gpu"
	finish_escape 150 || st=$?
	[ "$st" = 0 ] && grep -q ': ret 0 ok' "$tmp/esc.out" ||
		fail "the released escape did not succeed (status $st):"$'\n'"$(cat "$tmp/esc.out")" ||
		return 1
	[ "$(hvsim_stat released)" -gt "$released0" ] || fail "hvsim released nothing" || return 1
	no_splat || return 1
	insmod "$mdir/dxgprobe.ko" "${probe_params[@]}" || fail "insmod dxgprobe again" || return 1
	expect_attached_everywhere && escape_recorded && no_splat
}

t_dxgsim_unload_blocked_caller() {
	local dropped0 out st=0
	ensure_loaded dxgsim && ensure_loaded dxgprobe "${probe_params[@]}" ||
		fail "loading dxgsim and dxgprobe" || return 1
	mark
	dropped0=$(hvsim_stat dropped)
	start_blocked_escape 4 || return 1
	# docs/simulated-host.md: the open /dev/dxg holds the module, as for dxgkrnl
	if out=$(rmmod dxgsim 2>&1); then
		fail "rmmod dxgsim succeeded while a caller was blocked in it"
		return 1
	fi
	echo "# rmmod dxgsim with a blocked caller: ${out:-refused}"
	loaded dxgsim || fail "dxgsim gone after a refused rmmod" || return 1
	# shellcheck disable=SC2086
	expect_state attached@dxgsim $SIM_SYMS || return 1
	# dxgescape's watchdog kills the caller: the wait ends, the fd closes
	finish_escape 150 || st=$?
	[ "$st" != 0 ] && grep -q 'no answer within' "$tmp/esc.out" ||
		fail "the blocked caller was not ended by SIGKILL:"$'\n'"$(cat "$tmp/esc.out")" ||
		return 1
	grep -q '^record: .* verdict=interrupted ' "$tmp/esc.out" ||
		fail "no interrupted record of the killed caller:"$'\n'"$(cat "$tmp/esc.out")" ||
		return 1
	rmmod dxgsim || fail "rmmod dxgsim after the caller died" || return 1
	# shellcheck disable=SC2086
	expect_state unavailable $SIM_SYMS || return 1
	[ "$(hvsim_stat dropped)" -gt "$dropped0" ] ||
		fail "hvsim did not drop the held request at channel close" || return 1
	echo echo > "$H/profile_gpu"
	no_splat || return 1
	insmod "$mdir/dxgsim.ko" || fail "insmod dxgsim again" || return 1
	expect_attached_everywhere && escape_recorded && no_splat
}

# --- main ---

if ! ensure_loaded hvsim; then
	skip_all "cannot load $mdir/hvsim.ko (on Hyper-V the real VMBus owns its symbols)"
fi
gpu_profile=$(cat "$H/profile_gpu")
echo echo > "$H/profile_gpu"
ensure_loaded dxgsim || { echo "Bail out! cannot load $mdir/dxgsim.ko on hvsim"; exit 1; }
echo "1..$NTESTS"

n=0
failed=0
run() {	# run NAME FUNCTION
	n=$((n + 1))
	why=""
	if "$2"; then
		echo "ok $n $1"
	else
		[ -n "$why" ] || why="$2 failed"
		while IFS= read -r line; do echo "# $line"; done <<<"$why"
		echo "not ok $n $1"
		failed=$((failed + 1))
	fi
}

run probe_loaded_before_dxgsim_attaches_when_it_loads t_probe_before_dxgsim
run probe_loaded_after_dxgsim_attaches_at_once t_probe_after_dxgsim
run dxgsim_unload_makes_its_points_unavailable_and_reload_works t_dxgsim_unload_under_probe
run probe_unload_with_escape_in_flight_is_safe t_probe_unload_escape_in_flight
run dxgsim_unload_with_blocked_caller_is_refused_until_killed t_dxgsim_unload_blocked_caller

echo "# Totals: pass:$((n - failed)) fail:$failed"
[ $failed = 0 ]
