#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dxg_debugfs_fuzz.sh: every debugfs file of dxgprobe and hvsim read and
# written at random, concurrently with escape traffic, for a bounded time.
# Every bad write must fail with EINVAL and change nothing (read back);
# every good write must take effect.  KTAP; exit 0 pass, 1 fail, 4 skip.
set -euo pipefail

usage() {
	cat <<'USAGE'
Usage: dxg_debugfs_fuzz.sh [-h|--help]
Kselftest (root, VM, simulated host): for DXG_FUZZ_SECONDS (default 60),
DXG_FUZZ_READERS reader loops (default 2) read every file of
/sys/kernel/debug/dxgprobe and /sys/kernel/debug/hvsim while 4 threads issue
escapes and the writer picks a file and a good or bad value at random:
  1 every bad write fails with EINVAL and the file reads back unchanged
  2 every good write succeeds and reads back as written
  3 writes to read-only files fail and change nothing
  4 the readers never failed and the kernel logged no splat
  5 dxgprobe's accounting holds after the storm (records + drops = transactions)
Environment:
  DXG_MODULE_DIR  where hvsim.ko, dxgsim.ko and dxgprobe.ko are (default /opt/dxgprobe)
  DXGESCAPE       the dxgescape tool (default: next to this script)
  DXG_FUZZ_SEED   seed of bash's RANDOM (default: the time); printed
Exit status: 0 all passed, 1 a test failed, 4 skipped.
USAGE
}

case "${1:-}" in
-h|--help) usage; exit 0 ;;
"") ;;
*) usage >&2; echo "dxg_debugfs_fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=dxg_lib.sh source-path=SCRIPTDIR
. "$here/dxg_lib.sh"

readonly GPU=1414:008e
mdir=${DXG_MODULE_DIR:-/opt/dxgprobe}
esc=${DXGESCAPE:-$here/dxgescape}
secs=${DXG_FUZZ_SECONDS:-60}
nreaders=${DXG_FUZZ_READERS:-2}
seed=${DXG_FUZZ_SEED:-$(date +%s)}
[[ "$secs" =~ ^[1-9][0-9]*$ && "$nreaders" =~ ^[0-9]+$ && "$seed" =~ ^[0-9]+$ ]] ||
	{ echo "dxg_debugfs_fuzz.sh: DXG_FUZZ_SECONDS, DXG_FUZZ_READERS, DXG_FUZZ_SEED: numbers" >&2; exit 2; }
RANDOM=$seed
P=/sys/kernel/debug/dxgprobe
H=/sys/kernel/debug/hvsim

ktap_header
require_sim_host
require_own_dev_dxg

tmp=$(mktemp -d /tmp/dxg_debugfs_fuzz.XXXXXX)
pids=()
ours=()
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	local p m
	set +e
	touch "$tmp/stop"
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	for ((m = ${#ours[@]} - 1; m >= 0; m--)); do rmmod "${ours[m]}"; done
	rm -rf "$tmp"
}
trap cleanup EXIT

for m in hvsim dxgsim dxgprobe; do
	if ! loaded "$m"; then
		insmod "$mdir/$m.ko" || { echo "Bail out! insmod $m failed"; exit 1; }
		ours+=("$m")
	fi
done
mark
echo "1..5"
echo "# seed $seed, $secs s, $nreaders readers"

# Good and bad values per writable file.  The good ones read back as written.
declare -A good bad
good[enabled]="0 1"
bad[enabled]="2 -1 yes 1x 0x 4294967296 10000000000000000000 a"
good[pid]="0 1 4194304 $$"
bad[pid]="4194305 -1 abc 1.5 99999999999999999"
good[capture_bytes]="0 16 64 4096"
bad[capture_bytes]="4097 -5 x 16k 65536"
good[commands]="escape all"
bad[commands]="ESCAPE esc alll escape,all 1 -"
good[profile_gpu]="echo empty status truncate:8 busy:3 status:0xc0000001 long:8 stray dup inband limit"
bad[profile_gpu]="nope echo2 truncate: truncate:x busy:-1 status:0xZZ status: hang:1 : long: long:x"
bad[profile_gpu]+=" long:999999999 reorder:0 stray:1 limit:5"
# the profiles that keep callers waiting (hang, wrongid, reorder) only on the NPU
good[profile_npu]=${good[profile_gpu]}" hang rescind wrongid reorder:2"
bad[profile_npu]=${bad[profile_gpu]}
# clear has no read-back: a bad write must not zero the counters (checked below)
bad[clear]="0 2 -1 x 11"
ro_files="$P/version $P/events $P/events.json $P/inflight $P/stats $P/probes $H/stats $H/packets"

path_of() { case "$1" in profile_*) echo "$H/$1" ;; *) echo "$P/$1" ;; esac; }
pick() { local a; read -r -a a <<<"$1"; echo "${a[RANDOM % ${#a[@]}]}"; }
errs=$tmp/errs
: > "$errs"
note() { echo "$*" >> "$errs"; }

# wr FILE VALUE: one write(2) of VALUE (no newline, or with one at random);
# prints the error text, status 1, when it failed
wr() {
	local out
	if [ $((RANDOM % 2)) = 0 ]; then
		out=$( { printf '%s' "$2" > "$1"; } 2>&1) && return 0
	else
		out=$( { printf '%s\n' "$2" > "$1"; } 2>&1) && return 0
	fi
	echo "$out"
	return 1
}

# --- traffic and readers ---
"$esc" -P "$GPU" -s 32 -j 4 -i 1000 -c 0 > "$tmp/traffic.out" 2>&1 &
pids+=($!)
reader() {
	local f n=0
	while [ ! -e "$tmp/stop" ]; do
		for f in "$P"/* "$H"/*; do
			case "${f##*/}" in clear) continue ;; esac
			# readers read in small and large chunks
			if ! dd if="$f" of=/dev/null bs=$(( (RANDOM % 2) ? 7 : 65536 )) 2>/dev/null; then
				echo "read of $f failed" >> "$tmp/reader.err"
			fi
			n=$((n + 1))
		done
	done
	echo "$n" > "$tmp/reader.$BASHPID"
}
for ((r = 0; r < nreaders; r++)); do
	reader &
	pids+=($!)
done

# --- the writer ---
nbad=0 ngood=0 nro=0
end=$(($(date +%s) + secs))
files=(enabled pid capture_bytes commands clear profile_gpu profile_npu)
while [ "$(date +%s)" -lt "$end" ]; do
	k=${files[RANDOM % ${#files[@]}]}
	f=$(path_of "$k")
	case $((RANDOM % 4)) in
	0|1)	# bad
		v=$(pick "${bad[$k]}")
		if [ "$k" = clear ]; then
			t0=$(awk '$1 == "transactions:" { print $2 }' "$P/stats")
		else
			before=$(cat "$f")
		fi
		if out=$(wr "$f" "$v"); then
			note "bad write '$v' to $k succeeded"
		elif [[ "$out" != *"Invalid argument"* ]]; then
			note "bad write '$v' to $k: '$out', not EINVAL"
		fi
		if [ "$k" = clear ]; then
			t1=$(awk '$1 == "transactions:" { print $2 }' "$P/stats")
			[ "$t1" -ge "$t0" ] || note "bad write '$v' to clear cleared ($t0 -> $t1)"
		else
			after=$(cat "$f")
			[ "$after" = "$before" ] || note "bad write '$v' to $k changed '$before' to '$after'"
		fi
		nbad=$((nbad + 1))
		;;
	2)	# good
		if [ "$k" = clear ]; then
			wr "$f" 1 > /dev/null || note "clear: writing 1 failed"
		else
			v=$(pick "${good[$k]}")
			if ! out=$(wr "$f" "$v"); then
				note "good write '$v' to $k failed: $out"
			else
				after=$(cat "$f")
				# hvsim shows status as status:0xc0000023 (the default written out)
				case "$k:$v" in
				profile_*:status) [[ "$after" == status* ]] || note "$k: wrote $v, reads '$after'" ;;
				*) [ "$after" = "$v" ] || note "$k: wrote '$v', reads '$after'" ;;
				esac
			fi
		fi
		ngood=$((ngood + 1))
		;;
	3)	# read-only files refuse writes, and version keeps its value
		ro=$(pick "$ro_files")
		if wr "$ro" "$(pick "1 0 x clear")" > /dev/null; then
			note "write to read-only $ro succeeded"
		fi
		[ "$(cat "$P/version")" = 1 ] || note "version changed"
		nro=$((nro + 1))
		;;
	esac
done
touch "$tmp/stop"
# the traffic must be able to finish: a host that answers
echo echo > "$H/profile_gpu"
echo 1 > "$P/enabled"
echo 0 > "$P/pid"
echo escape > "$P/commands"
kill -TERM "${pids[0]}"
for p in "${pids[@]}"; do wait "$p" || true; done
pids=()
echo "# $nbad bad writes, $ngood good writes, $nro writes to read-only files"
echo "# reads per reader: $(cat "$tmp"/reader.* 2>/dev/null | tr '\n' ' ')"
sed 's/^/# /' "$tmp/traffic.out"

check() {	# check NAME PATTERN: a test passes when no note matches PATTERN
	if grep -qE "$2" "$errs"; then
		grep -E "$2" "$errs" | head -n 10 | ktap_comment
		ktap_result 0 "$1"
	else
		ktap_result 1 "$1"
	fi
}
check bad_writes_fail_with_einval_and_change_nothing "^bad write"
check good_writes_take_effect "^good write|: wrote|^clear:"
check read_only_files_refuse_writes "read-only|^version"

splat=$(new_dmesg |
	grep -E 'BUG:|WARNING:|Oops|general protection|UBSAN|KASAN|unreferenced object|refcount_t:|list_(add|del) corruption|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU|sleeping function' || true)
readers_ok=1
[ ! -s "$tmp/reader.err" ] || readers_ok=0
[ "$(find "$tmp" -name 'reader.[0-9]*' | wc -l)" = "$nreaders" ] || readers_ok=0
if [ -z "$splat" ] && [ $readers_ok = 1 ]; then
	ktap_result 1 readers_never_failed_and_no_splat
else
	[ -z "$splat" ] || echo "$splat" | head -n 20 | ktap_comment
	[ ! -s "$tmp/reader.err" ] || head -n 5 "$tmp/reader.err" | ktap_comment
	ktap_result 0 readers_never_failed_and_no_splat
fi

sleep 1
st=$(cat "$P/stats")
sv() { awk -v k="$1:" '$1 == k { print $2 }' <<<"$st"; }
if [ "$(sv open)" = 0 ] &&
   [ $(($(sv ring_records) + $(sv ring_drops))) = "$(sv transactions)" ]; then
	echo "# transactions $(sv transactions), ring_records $(sv ring_records), ring_drops $(sv ring_drops)"
	ktap_result 1 accounting_holds_after_the_storm
else
	echo "$st" | ktap_comment | head -n 30
	ktap_result 0 accounting_holds_after_the_storm
fi
ktap_finish
