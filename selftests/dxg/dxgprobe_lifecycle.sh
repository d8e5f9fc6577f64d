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
Usage: dxgprobe_lifecycle.sh [--traffic] [-h|--help]
Kselftest of dxgprobe's module lifecycle on the simulated host (root, VM):
  1 dxgprobe loaded before dxgsim attaches to dxgsim when it loads
  2 dxgprobe loaded after dxgsim attaches at once
  3 dxgsim unloaded under dxgprobe: its attach points go unavailable, reload works
  4 dxgprobe unloaded with an escape in flight (host profile hang, then echo)
  5 dxgsim unloaded with a caller blocked in an escape
With --traffic, instead, the lifecycle under escape traffic (dxgescape -j):
  1 DXG_CYCLES load/unload cycles of dxgprobe under DXG_THREADS-thread traffic,
    each accounted against the host's escape count
  2 every escape of a bounded run recorded or counted in ring_drops (ring_size=64)
  3 DXG_RELOADS reloads of dxgsim under a loaded dxgprobe (deferred attach),
    in both orders, each followed by traffic that is recorded exactly
  4 host profile changes and rescind while escapes are in flight: every
    finished escape recorded, per result
  5 SIGKILL of callers blocked by the host (hang): with dxgprobe loaded, and
    with dxgprobe unloaded under them
Environment:
  DXG_MODULE_DIR  where hvsim.ko, dxgsim.ko and dxgprobe.ko are (default /opt/dxgprobe)
  DXGESCAPE       the dxgescape tool (default: next to this script)
  DXG_CYCLES, DXG_RELOADS, DXG_THREADS   --traffic sizes (default 100, 20, 8)
Exit status: 0 all passed, 1 a test failed, 4 skipped (nothing to test here).
USAGE
}

traffic=0
case "${1:-}" in
-h|--help) usage; exit 0 ;;
--traffic) traffic=1 ;;
"") ;;
*) usage >&2; echo "dxgprobe_lifecycle.sh: unknown argument '$1'" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=dxg_lib.sh source-path=SCRIPTDIR
. "$here/dxg_lib.sh"

readonly NTESTS=5		# in either mode
cycles=${DXG_CYCLES:-100}
reloads=${DXG_RELOADS:-20}
threads=${DXG_THREADS:-8}
for v in "$cycles" "$reloads" "$threads"; do
	[[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "dxgprobe_lifecycle.sh: DXG_CYCLES, DXG_RELOADS and DXG_THREADS must be positive integers" >&2; exit 2; }
done
readonly GPU=1414:008e		# hvsim's render adapter: its profile is profile_gpu
readonly SIM_SYMS="dxgkio_escape dxgvmb_send_escape dxgvmb_send_sync_msg ntstatus2int"
readonly HOST_SYMS="vmbus_sendpacket __hv_pkt_iter_next"
mdir=${DXG_MODULE_DIR:-/opt/dxgprobe}
esc=${DXGESCAPE:-$here/dxgescape}
dbg=/sys/kernel/debug
P=$dbg/dxgprobe
H=$dbg/hvsim

ktap_header
require_sim_host
if [ ! -d $dbg ] || [ -z "$(ls -A $dbg 2>/dev/null)" ]; then
	skip_all "debugfs is not mounted on $dbg"
fi
require_own_dev_dxg

tmp=$(mktemp -d /tmp/dxgprobe_lifecycle.XXXXXX)
bg_pid=""
traffic_pid=""

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

# shellcheck disable=SC2317 # invoked by the EXIT trap
restore() {
	local k ok=0
	set +e
	if [ -n "$bg_pid" ] && kill -0 "$bg_pid" 2>/dev/null; then
		kill "$bg_pid" 2>/dev/null
		wait "$bg_pid" 2>/dev/null
	fi
	if [ -n "$traffic_pid" ] && kill -0 "$traffic_pid" 2>/dev/null; then
		loaded hvsim && echo echo > "$H/profile_gpu"
		kill "$traffic_pid" 2>/dev/null
		wait "$traffic_pid" 2>/dev/null
	fi
	[ ${#blocked[@]} = 0 ] || kill_blocked
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

# --- helpers; each check sets $why and returns 1 on failure (fail) ---
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

no_splat() {
	local new
	new=$(new_dmesg |
	      grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t:|list_(add|del) corruption|soft lockup|hung_task|kretprobe.*(leak|fail)' || true)
	[ -z "$new" ] || fail "kernel splat:"$'\n'"$new"
}

held_more_than() { [ "$(hvsim_stat held)" -gt "$1" ]; }

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

# --- tests under traffic (--traffic) ---

blocked=()
snap=""
snap_stats() { snap=$(cat "$P/stats"); }
snap_of() {	# snap_of KEY: from the last snap_stats, 0 when absent
	local line
	line=$(grep -m1 "^$1: " <<<"$snap") || { echo 0; return; }
	echo "${line#*: }"
}
none_open() { [ "$(stat_of open)" = 0 ]; }
host_took_escapes() { [ "$(hvsim_stat msg_ESCAPE)" -gt 0 ]; }

traffic_start() {	# traffic_start: DXG_THREADS threads on the GPU until told to stop
	# a pause of 2 ms per thread leaves the test itself some CPU on TCG
	"$esc" -P "$GPU" -s 64 -j "$threads" -i 2000 -c 0 > "$tmp/traffic.out" 2>&1 &
	traffic_pid=$!
}

# traffic_stop: stops the generator; sets t_escapes, t_ok from its summary
t_escapes=0 t_ok=0
traffic_stop() {
	local line
	kill -TERM "$traffic_pid" 2>/dev/null
	wait "$traffic_pid" || true
	traffic_pid=""
	line=$(grep '^traffic: ' "$tmp/traffic.out") ||
		fail "no summary from dxgescape -j:"$'\n'"$(cat "$tmp/traffic.out")" || return 1
	t_escapes=$(sed -n 's/.* escapes=\([0-9]*\) .*/\1/p' <<<"$line")
	t_ok=$(sed -n 's/.* ok=\([0-9]*\) .*/\1/p' <<<"$line")
	echo "# $line"
}

traffic_run() {	# traffic_run COUNT: DXG_THREADS x COUNT escapes; sets t_escapes, t_ok
	local line
	"$esc" -P "$GPU" -s 64 -j "$threads" -c "$1" > "$tmp/traffic.out" 2>&1 || true
	line=$(grep '^traffic: ' "$tmp/traffic.out") ||
		fail "no summary from dxgescape -j:"$'\n'"$(cat "$tmp/traffic.out")" || return 1
	t_escapes=$(sed -n 's/.* escapes=\([0-9]*\) .*/\1/p' <<<"$line")
	t_ok=$(sed -n 's/.* ok=\([0-9]*\) .*/\1/p' <<<"$line")
}

# Exact accounting once the traffic is over: every finished escape is a
# transaction or a pool_exhausted, and every transaction a record or a drop.
expect_all_accounted() {	# expect_all_accounted ESCAPES OK
	local tr po rr rd ok open
	wait_until 50 none_open ||
		fail "transactions still open after the traffic:"$'\n'"$(cat "$P/inflight")" || return 1
	tr=$(stat_of transactions) po=$(stat_of pool_exhausted)
	rr=$(stat_of ring_records) rd=$(stat_of ring_drops) ok=$(stat_of ret_ok)
	open=$(stat_of open)
	echo "# escapes=$1 ok=$2 | transactions=$tr pool_exhausted=$po ring_records=$rr ring_drops=$rd ret_ok=$ok"
	[ $((tr + po)) = "$1" ] ||
		fail "$1 escapes finished, dxgprobe has $tr transactions + $po pool_exhausted"$'\n'"$(cat "$P/stats")" ||
		return 1
	[ $((rr + rd)) = "$tr" ] ||
		fail "$tr transactions, but $rr records + $rd drops"$'\n'"$(cat "$P/stats")" || return 1
	[ "$ok" -le "$2" ] && [ $((ok + po)) -ge "$2" ] ||
		fail "$2 escapes returned 0, dxgprobe has ret_ok=$ok (pool_exhausted $po)" || return 1
}

t_cycles_under_traffic() {
	local i h_pre h0 h1 h_post tr open po miss out bad=0 recs=0
	ensure_unloaded dxgprobe || fail "rmmod dxgprobe" || return 1
	ensure_loaded dxgsim || fail "insmod dxgsim" || return 1
	echo echo > "$H/profile_gpu"
	mark
	traffic_start
	wait_until 100 host_took_escapes || fail "no traffic" || return 1
	for ((i = 1; i <= cycles; i++)); do
		h_pre=$(hvsim_stat msg_ESCAPE)
		out=$(insmod "$mdir/dxgprobe.ko" "${probe_params[@]}" 2>&1) ||
			fail "cycle $i: insmod dxgprobe: $out" || return 1
		h0=$(hvsim_stat msg_ESCAPE)
		expect_attached_everywhere || { why="cycle $i: $why"; return 1; }
		sleep 0.$((RANDOM % 3))
		h1=$(hvsim_stat msg_ESCAPE)
		snap_stats
		h_post=$(hvsim_stat msg_ESCAPE)
		tr=$(snap_of transactions) open=$(snap_of open) po=$(snap_of pool_exhausted)
		miss=$(snap_of probe_dxgkio_escape_nmissed)
		# escapes the host took after the probes were armed are open,
		# finished, lost to a full pool or a missed entry probe (but for
		# one per thread that entered the driver before)
		[ $((tr + open + po + miss)) -ge $((h1 - h0 - threads)) ] ||
			fail "cycle $i: the host took $((h1 - h0)) escapes, dxgprobe has $tr finished + $open open + $po lost"$'\n'"$(cat "$P/stats")" ||
			return 1
		[ "$tr" -le $((h_post - h_pre)) ] ||
			fail "cycle $i: $tr transactions, more than the $((h_post - h_pre)) escapes the host took" ||
			return 1
		[ $(($(snap_of ring_records) + $(snap_of ring_drops))) -ge "$tr" ] ||
			fail "cycle $i: transactions not in the ring nor dropped"$'\n'"$snap" || return 1
		# edge records (begun before the probes were armed) may lack layers
		bad=$((bad + tr - $(snap_of verdict_ok)))
		recs=$((recs + tr))
		out=$(rmmod dxgprobe 2>&1) || fail "cycle $i: rmmod dxgprobe: $out" || return 1
		[ $((i % 10)) != 0 ] || echo "# cycle $i: $recs transactions so far"
	done
	traffic_stop || return 1
	echo "# $cycles cycles: $recs transactions, $bad of them not a complete ok record"
	[ "$t_ok" = "$t_escapes" ] || fail "$((t_escapes - t_ok)) escapes of the traffic failed" || return 1
	[ "$bad" -le $((2 * threads * cycles)) ] ||
		fail "$bad records incomplete, more than the 2 per thread and cycle at the edges" || return 1
	no_splat
}

t_every_escape_accounted() {
	ensure_unloaded dxgprobe || fail "rmmod dxgprobe" || return 1
	mark
	insmod "$mdir/dxgprobe.ko" ring_size=64 || fail "insmod dxgprobe ring_size=64" || return 1
	traffic_run 50 || return 1
	[ "$t_escapes" = $((threads * 50)) ] || fail "traffic made $t_escapes escapes" || return 1
	expect_all_accounted "$t_escapes" "$t_ok" || return 1
	[ "$(stat_of ring_drops)" -gt 0 ] || fail "ring_size=64 dropped nothing" || return 1
	rmmod dxgprobe || fail "rmmod dxgprobe" || return 1
	insmod "$mdir/dxgprobe.ko" "${probe_params[@]}" || fail "insmod dxgprobe" || return 1
	no_splat
}

t_dxgsim_reloads() {
	local i out
	ensure_loaded dxgprobe "${probe_params[@]}" || fail "insmod dxgprobe" || return 1
	mark
	for ((i = 1; i <= reloads; i++)); do
		out=$(rmmod dxgsim 2>&1) || fail "reload $i: rmmod dxgsim: $out" || return 1
		# shellcheck disable=SC2086
		expect_state unavailable $SIM_SYMS || { why="reload $i: $why"; return 1; }
		if [ $((i % 2)) = 0 ]; then
			# the other order: dxgprobe goes and comes back while dxgsim is away
			rmmod dxgprobe || fail "reload $i: rmmod dxgprobe" || return 1
			insmod "$mdir/dxgprobe.ko" "${probe_params[@]}" ||
				fail "reload $i: insmod dxgprobe" || return 1
		fi
		out=$(insmod "$mdir/dxgsim.ko" 2>&1) || fail "reload $i: insmod dxgsim: $out" || return 1
		expect_attached_everywhere || { why="reload $i: $why"; return 1; }
		echo 1 > "$P/clear"
		traffic_run 10 || return 1
		expect_all_accounted "$t_escapes" "$t_ok" > /dev/null || { why="reload $i: $why"; return 1; }
		[ "$t_ok" = "$t_escapes" ] || fail "reload $i: $((t_escapes - t_ok)) escapes failed" || return 1
		[ "$(stat_of verdict_ok)" = "$t_escapes" ] ||
			fail "reload $i: $t_escapes escapes, verdict_ok $(stat_of verdict_ok)"$'\n'"$(cat "$P/stats")" ||
			return 1
	done
	echo "# $reloads reloads of dxgsim, each with $((threads * 10)) escapes recorded ok"
	no_splat
}

t_profiles_in_flight() {
	local p
	ensure_loaded dxgprobe "${probe_params[@]}" || fail "insmod dxgprobe" || return 1
	echo echo > "$H/profile_gpu"
	echo 1 > "$P/clear"
	mark
	traffic_start
	for _ in 1 2 3; do	# three rounds of every change
		for p in empty echo status truncate:8 busy:3 hang echo rescind echo \
			 status:0xC0000001 hang rescind echo; do
			echo "$p" > "$H/profile_gpu" || fail "profile $p refused" || return 1
			sleep 0.$((1 + RANDOM % 3))
		done
	done
	echo echo > "$H/profile_gpu"
	traffic_stop || return 1
	expect_all_accounted "$t_escapes" "$t_ok" || return 1
	for p in ok host-short-reply send-failed; do
		[ "$(stat_of "verdict_$p")" -gt 0 ] ||
			fail "no $p verdict under the profile changes"$'\n'"$(cat "$P/stats")" || return 1
	done
	grep -v ' verdict=\(ok\|host-short-reply\|send-failed\|host-status\) ' "$P/events" |
		grep -v ' missing=- ' > "$tmp/odd" || true
	[ ! -s "$tmp/odd" ] ||
		fail "records with missing layers:"$'\n'"$(head -n 5 "$tmp/odd")" || return 1
	no_splat
}

start_blocked_callers() {	# start_blocked_callers N: N processes held by the host
	local k held0
	held0=$(hvsim_stat held)
	echo hang > "$H/profile_gpu"
	blocked=()
	for ((k = 0; k < $1; k++)); do
		"$esc" -P "$GPU" -s 16 -w 120 > "$tmp/blocked.$k" 2>&1 &
		blocked+=($!)
	done
	wait_until 300 held_more_than $((held0 + $1 - 1)) ||
		fail "hvsim holds $(( $(hvsim_stat held) - held0 )) of $1 escapes after 30 s"
}

children_of() {	# children_of PID...: the pids whose parent is one of them
	local d st rest ppid
	for d in /proc/[0-9]*; do
		st=$(cat "$d/stat" 2>/dev/null) || continue
		rest=${st##*) }		# after "pid (comm) ": state ppid ...
		ppid=${rest#* }
		ppid=${ppid%% *}
		[[ " $* " == *" $ppid "* ]] && echo "${d#/proc/}"
	done
}

kill_blocked() {	# SIGKILL to the callers (dxgescape's escape children) and their parents
	local p kids
	# shellcheck disable=SC2207 # pids are words
	kids=($(children_of "${blocked[@]}"))
	for p in "${kids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	for p in "${blocked[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	for p in "${blocked[@]}"; do wait "$p" 2>/dev/null || true; done
	blocked=()
}

t_sigkill_blocked() {
	local n
	ensure_loaded dxgprobe "${probe_params[@]}" || fail "insmod dxgprobe" || return 1
	echo 1 > "$P/clear"
	mark
	# 1: killed with dxgprobe watching
	start_blocked_callers "$threads" || return 1
	[ "$(stat_of open)" -ge "$threads" ] || fail "dxgprobe shows $(stat_of open) open" || return 1
	kill_blocked
	wait_until 50 none_open ||
		fail "open transactions after SIGKILL:"$'\n'"$(cat "$P/inflight")" || return 1
	n=$(grep -c ' verdict=interrupted ' "$P/events" || true)
	[ "$n" = "$threads" ] ||
		fail "$n interrupted records for $threads killed callers"$'\n'"$(cat "$P/events")" || return 1
	echo echo > "$H/profile_gpu"
	escape_recorded || return 1
	# 2: dxgprobe unloaded under them, then killed, then loaded again
	start_blocked_callers "$threads" || return 1
	rmmod dxgprobe || fail "rmmod dxgprobe with $threads blocked callers" || return 1
	kill_blocked
	insmod "$mdir/dxgprobe.ko" "${probe_params[@]}" || fail "insmod dxgprobe again" || return 1
	echo echo > "$H/profile_gpu"
	escape_recorded || return 1
	# 3: killed while the host releases them (profile change at the same time)
	start_blocked_callers "$threads" || return 1
	echo echo > "$H/profile_gpu" &
	kill_blocked
	wait
	wait_until 50 none_open ||
		fail "open transactions after the race:"$'\n'"$(cat "$P/inflight")" || return 1
	escape_recorded && no_splat
}

# --- main ---

if ! ensure_loaded hvsim; then
	skip_all "cannot load $mdir/hvsim.ko (on Hyper-V the real VMBus owns its symbols)"
fi
gpu_profile=$(cat "$H/profile_gpu")
echo echo > "$H/profile_gpu"
ensure_loaded dxgsim || { echo "Bail out! cannot load $mdir/dxgsim.ko on hvsim"; exit 1; }
echo "1..$NTESTS"

run() {	# run NAME FUNCTION
	why=""
	if "$2"; then
		ktap_result 1 "$1"
	else
		[ -n "$why" ] || why="$2 failed"
		while IFS= read -r line; do echo "# $line"; done <<<"$why"
		ktap_result 0 "$1"
	fi
}

if [ $traffic = 1 ]; then
	run "${cycles}_probe_load_unload_cycles_under_${threads}_thread_traffic" t_cycles_under_traffic
	run every_escape_recorded_or_counted_as_dropped t_every_escape_accounted
	run "${reloads}_dxgsim_reloads_under_probe_record_every_escape" t_dxgsim_reloads
	run profile_changes_and_rescind_in_flight_lose_no_escape t_profiles_in_flight
	run sigkill_of_blocked_callers_with_and_without_probe t_sigkill_blocked
else
	run probe_loaded_before_dxgsim_attaches_when_it_loads t_probe_before_dxgsim
	run probe_loaded_after_dxgsim_attaches_at_once t_probe_after_dxgsim
	run dxgsim_unload_makes_its_points_unavailable_and_reload_works t_dxgsim_unload_under_probe
	run probe_unload_with_escape_in_flight_is_safe t_probe_unload_escape_in_flight
	run dxgsim_unload_with_blocked_caller_is_refused_until_killed t_dxgsim_unload_blocked_caller
fi

ktap_finish
