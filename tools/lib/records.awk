# SPDX-License-Identifier: GPL-2.0
#
# records.awk: shared by the user tools that read or write dxgprobe records
# (dxg-trace, dxg-report, dxg-evidence).  A record is one line of
# `key=value` fields separated by single spaces, as in dxgprobe's `events`
# file (format 1, docs/dxgprobe.md); `-` is an unknown value.  Runs under
# mawk, gawk and busybox awk.

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
		if (sent) return "pending"
		if (!known(r)) return "incomplete"
		r += 0
		if (r >= 0) return "ok"
		if (r == -14) return "guest-copy-fault"
		if (r == -512 || r == -4) return "interrupted"
		return "guest-size-limit"
	}
	sr += 0
	if (known(st) && st + 0 != 0) return "send-failed"
	if (sr == -512 || sr == -4) return "interrupted"
	if (sent && !known(rl) && (sr == 0 || sr == -75)) TV_MISSING = "reply"
	if (sr == 0) return (known(r) && r + 0 == -22) ? "guest-copy-fault" : "ok"
	if (sr == -75) {
		if (!known(rl) || rl + 0 < n) return "host-short-reply"
		return "incomplete"
	}
	return "incomplete"
}

# ntstatus_name(hex): the name of an NTSTATUS, "" when unknown.  The one
# table of names the user tools use (dxgkrnl's misc.h values).
function ntstatus_name(h,    v) {
	v = tolower(h); sub(/^0x/, "", v)
	while (length(v) < 8) v = "0" v
	if (v == "00000000") return "STATUS_SUCCESS"
	if (v == "c0000023") return "STATUS_BUFFER_TOO_SMALL"
	if (v == "c000000d") return "STATUS_INVALID_PARAMETER"
	if (v == "c0000022") return "STATUS_ACCESS_DENIED"
	if (v == "c00000bb") return "STATUS_NOT_SUPPORTED"
	if (v == "c0000002") return "STATUS_NOT_IMPLEMENTED"
	if (v == "c0000008") return "STATUS_INVALID_HANDLE"
	if (v == "c0000017") return "STATUS_NO_MEMORY"
	if (v == "c00002b6") return "STATUS_DEVICE_REMOVED"
	if (v == "c0000001") return "STATUS_UNSUCCESSFUL"
	if (v == "80000005") return "STATUS_BUFFER_OVERFLOW"
	return ""
}

# le32_bytes(hex): a u32 printed as a number ("0xc0000023") as the bytes in
# wire order, the way dxgprobe prints captures ("230000c0").
function le32_bytes(h,    v) {
	v = tolower(h); sub(/^0x/, "", v)
	while (length(v) < 8) v = "0" v
	return substr(v, 7, 2) substr(v, 5, 2) substr(v, 3, 2) substr(v, 1, 2)
}

