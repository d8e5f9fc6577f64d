#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/build-for-running-kernel proven on a Debian kernel we can boot:
# source = Debian's linux-source of exactly the image's version, config = the
# image's own, modules dir = the image's lib/modules (the headers package is
# the reference only).  (a) the CRC table equals the headers' Module.symvers
# for every symbol dxgprobe imports; (b) the module loads in that kernel in
# the VM (MODVERSIONS=y) and the suite passes with it; (c) with a config that
# changes the CRC of imported symbols the cross-check refuses.  KTAP on stdout.
set -uo pipefail

usage() {
	cat <<'USAGE'
Usage: tests/stockbuild/run.sh --kernel 6.12|6.1 [--build-dir DIR] [--no-vm] [--no-mismatch]
  --build-dir DIR  the scripts/build-for-kernel tree whose test modules and
                   selftests go into the VM with the tool-built dxgprobe.ko
                   (default \$DXGPROBE_CACHE/build/<release>)
  --no-vm          skip (b); --no-mismatch skips (c)
USAGE
}

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${DXGPROBE_CACHE:-$top/.cache}
export DXGPROBE_CACHE=$cache
line=""
builddir=""
vm=1
mismatch=1
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--kernel) [ $# -ge 2 ] || { usage >&2; exit 2; }; line=$2; shift 2 ;;
	--build-dir) [ $# -ge 2 ] || { usage >&2; exit 2; }; builddir=$2; shift 2 ;;
	--no-vm) vm=0; shift ;;
	--no-mismatch) mismatch=0; shift ;;
	*) usage >&2; echo "stockbuild: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
case "$line" in 6.12|6.1) ;; *) usage >&2; echo "stockbuild: --kernel 6.12 or 6.1" >&2; exit 2 ;; esac

tmp=$(mktemp -d /tmp/stockbuild.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=scripts/lib/ktap.sh
. "$top/scripts/lib/ktap.sh"
finish() { ktap_end stockbuild; exit; }

ktap_begin
rel=$("$top/scripts/fetch-kernels" --print-version "$line") || { ktap_result fail "fetch $line kernel"; finish; }
kdir=$("$top/scripts/fetch-kernels" --print-kdir "$line")
root=${kdir%/usr/src/*}
src=$("$top/scripts/fetch-linux-source" --tree "$line") || { ktap_result fail "fetch linux-source-$line"; finish; }
[ -n "$builddir" ] || builddir=$cache/build/$rel
brk=("$top/tools/build-for-running-kernel" --src "$src" --config "$root/boot/config-$rel"
     --release "$rel" --modules-dir "$root/lib/modules/$rel")
# Debian's 6.1 release (6.1.0-57-amd64) does not carry the upstream version.
kver=$(make -s -C "$src" kernelversion)
[[ "$rel" == "$kver"* ]] || brk+=(--kernel-version "$kver")
echo "# $line: release $rel, tree $src ($kver)"

# ---- the tool, on source + config alone
ko=$tmp/out/dxgprobe.ko
t=$(date +%s)
rc=0
"${brk[@]}" --out "$ko" --symvers "$tmp/symvers" > "$tmp/brk.log" 2>&1 || rc=$?
if [ "$rc" = 0 ]; then
	sed 's/^/# /' "$tmp/brk.log"
	ktap_result ok "tool_builds_dxgprobe_from_source_and_config" "$(( $(date +%s) - t ))s wall"
else
	sed 's/^/# /' "$tmp/brk.log" | tail -n 30
	ktap_result fail "tool_builds_dxgprobe_from_source_and_config" "exit status $rc"
	finish
fi

# ---- (a) every CRC equals the headers package's
# what the module imports with a CRC: nm -u and modpost's module_layout
nimports=$(modprobe --dump-modversions "$ko" | wc -l)
cmp=$(awk -F'\t' 'NR == FNR { ref[$2] = $1; next }
	{ t++; if (!($2 in ref)) miss = miss " " $2; else if (ref[$2] == $1) eq++; else diff = diff " " $2 }
	END { printf "%d %d %s|%s\n", t, eq, miss, diff }' "$kdir/Module.symvers" "$tmp/symvers")
read -r total equal rest <<<"$cmp"
if [ "$total" = "$nimports" ] && [ "$equal" = "$total" ]; then
	ktap_result ok "crc_table_equals_headers_module_symvers" "$equal of $nimports imported symbols equal"
else
	ktap_result fail "crc_table_equals_headers_module_symvers" \
		"$equal of $total equal ($nimports imported); missing|differing: $rest"
fi
vmagic=$(modinfo -F vermagic "$ko" | awk '{print $1}')
if [ "$vmagic" = "$rel" ]; then ktap_result ok "vermagic_is_the_release"; else
	ktap_result fail "vermagic_is_the_release" "vermagic $vmagic"; fi

# ---- (b) it loads in that kernel without force and the suite passes with it
if [ "$vm" = 1 ]; then
	if [ ! -d "$builddir/selftests/dxg/test_modules" ]; then
		ktap_result fail "suite_with_tool_built_module" "no build in $builddir (run scripts/build-for-kernel $line)"
	else
		b=$tmp/vm-build
		mkdir -p "$b/selftests/dxg"
		(cd "$builddir/selftests/dxg" && tar --exclude='*.o' --exclude='*.mod*' --exclude='.*.cmd' -cf - .) |
			tar -xf - -C "$b/selftests/dxg"
		cp "$ko" "$b/dxgprobe.ko"
		md5=$(md5sum "$ko" | cut -d' ' -f1)
		runner=$("$top/scripts/fetch-linux-source")/tools/testing/selftests/kselftest
		rc=0
		DXGPROBE_BUILD_DIR=$b "$top/scripts/vmtest" --kernel "$line" --timeout 900 \
			--add "$runner:/opt/dxgprobe/kselftest" \
			--add "$top/tests/stockbuild/guest.sh:/opt/dxgprobe/stockbuild-guest.sh" \
			-- "/opt/dxgprobe/stockbuild-guest.sh $md5" > "$tmp/vm.log" 2>&1 || rc=$?
		# the guest's lines, shown but not counted: the results below sum them up
		sed 's/^/# | /' "$tmp/vm.log"
		for t in guest_has_the_tool_built_module suite_passes_with_it \
			 kernel_accepts_its_symbol_versions loaded_without_force; do
			if grep -qE "^ok [0-9]+ $t" "$tmp/vm.log"; then ktap_result ok "$t"; else
				ktap_result fail "$t" "see the guest's lines above"; fi
		done
		[ "$rc" -eq 0 ] || ktap_result fail "vm_run" "vmtest exit $rc"
	fi
fi

# ---- (c) a config that changes imported symbols' CRCs is refused
if [ "$mismatch" = 1 ]; then
	# struct mutex grows a magic field with DEBUG_MUTEXES: mutex_lock's CRC,
	# and that of every function whose types contain a mutex, change.
	cp "$root/boot/config-$rel" "$tmp/mismatch.config"
	sed -i '/CONFIG_DEBUG_MUTEXES[ =]/d' "$tmp/mismatch.config"
	echo CONFIG_DEBUG_MUTEXES=y >> "$tmp/mismatch.config"
	rc=0
	"${brk[@]}" --config "$tmp/mismatch.config" --out "$tmp/mm/dxgprobe.ko" \
		--symvers "$tmp/mm.symvers" > "$tmp/mm.log" 2>&1 || rc=$?
	grep -E 'error|  mutex_lock:' "$tmp/mm.log" | head -n 6 | sed 's/^/# /'
	if [ "$rc" = 1 ] && grep -q 'does not match the kernel' "$tmp/mm.log" &&
	   grep -qE '^  mutex_lock: tree 0x[0-9a-f]+, shipped 0x[0-9a-f]+' "$tmp/mm.log"; then
		ktap_result ok "mismatched_config_is_refused_by_the_cross_check"
	else
		ktap_result fail "mismatched_config_is_refused_by_the_cross_check" "exit $rc"
	fi
	if [ ! -e "$tmp/mm" ] && [ ! -e "$tmp/mm.symvers" ]; then
		ktap_result ok "refused_build_writes_nothing"
	else
		ktap_result fail "refused_build_writes_nothing" "$(find "$tmp" -maxdepth 1 -name 'mm*' -printf '%f ')"
	fi
fi
finish
