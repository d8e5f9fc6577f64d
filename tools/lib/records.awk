# SPDX-License-Identifier: GPL-2.0
#
# records.awk: shared by the user tools that read or write dxgprobe records
# (dxg-trace, dxg-report, dxg-evidence).  A record is one line of
# `key=value` fields separated by single spaces, as in dxgprobe's `events`
# file (format 1, docs/dxgprobe.md); `-` is an unknown value.  Runs under
# mawk, gawk and busybox awk.  Load names.awk first: the verdict and
# NTSTATUS names come from there (generated from dxgprobe/verdict.h).

# The keys of a dxg-trace/1 record, in order (then verdict and missing):
# the part of dxgprobe's format 1 that a module-free tracer sees.
BEGIN {
	TRACER_KEYS = "seq ts_ns pid tid comm cmd type flags size cmd_size ext_hdr channel trans_id " \
		"attempts send_ret reply_type reply_len reply_head ioctl_ret escape_ret sync_ret ret"
}

# rec_split(line): the fields of a record line into the global array R.
function rec_split(line,    n, i, eq, parts) {
	split("", R)
	n = split(line, parts, " ")
	for (i = 1; i <= n; i++) {
		eq = index(parts[i], "=")
		if (eq) R[substr(parts[i], 1, eq - 1)] = substr(parts[i], eq + 1)
	}
	return n
}
function rec(k) { return (k in R) ? R[k] : "-" }
function known(v) { return v != "-" && v != "" }

# tracer_verdict(): the verdict of a record written by a module-free tracer
# (R holds it), with the rules of dxgprobe/verdict.c for what a tracer sees:
# the ioctl, escape and message results, the send attempts and their last
# result, the reply descriptor.  Sets TV_MISSING to the layers it lacked.
function tracer_verdict(    sr, n, rl, st, r, sent) {
	TV_MISSING = ""
	sr = rec("sync_ret"); n = rec("size") + 0; rl = rec("reply_len")
	st = rec("send_ret"); r = rec("ret"); sent = rec("attempts") + 0 > 0
	if (!known(sr)) {
		if (sent) return V_PENDING
		if (!known(r)) return V_INCOMPLETE
		r += 0
		if (r >= 0) return V_OK
		if (r == -14) return V_GUEST_COPY_FAULT
		if (r == -512 || r == -4) return V_INTERRUPTED
		return V_GUEST_SIZE_LIMIT
	}
	sr += 0
	if (known(st) && st + 0 != 0) return V_SEND_FAILED
	if (sr == -512 || sr == -4) return V_INTERRUPTED
	if (sent && !known(rl) && (sr == 0 || sr == -75)) TV_MISSING = "reply"
	if (sr == 0) return (known(r) && r + 0 == -22) ? V_GUEST_COPY_FAULT : V_OK
	if (sr == -75) {
		if (!known(rl) || rl + 0 < n) return V_HOST_SHORT_REPLY
		return V_INCOMPLETE
	}
	return V_INCOMPLETE
}

# ntstatus_hex(h): an NTSTATUS written as a number ("0xC0000023", "c0000023")
# as 8 lower-case hex digits, the key of NTSTATUS_NAME (names.awk).
function ntstatus_hex(h,    v) {
	v = tolower(h); sub(/^0x/, "", v)
	while (length(v) < 8) v = "0" v
	return v
}

# ntstatus_name(hex): the name of an NTSTATUS, "" when it has none; the
# names of dxgprobe's records (DXGPROBE_NTSTATUSES in dxgprobe/verdict.h).
function ntstatus_name(h,    v) {
	v = ntstatus_hex(h)
	return (v in NTSTATUS_NAME) ? NTSTATUS_NAME[v] : ""
}

# ntstatus_is_error(hex): NT_ERROR, severity 3 (0xC0000000-0xFFFFFFFF), the
# rule of dxgprobe_ntstatus_is_error().  A warning (0x8...) is not an error.
function ntstatus_is_error(h) {
	return index("cdef", substr(ntstatus_hex(h), 1, 1)) > 0
}

# le32_bytes(hex): a u32 printed as a number ("0xc0000023") as the bytes in
# wire order, the way dxgprobe prints captures ("230000c0").
function le32_bytes(h,    v) {
	v = tolower(h); sub(/^0x/, "", v)
	while (length(v) < 8) v = "0" v
	return substr(v, 7, 2) substr(v, 5, 2) substr(v, 3, 2) substr(v, 1, 2)
}

