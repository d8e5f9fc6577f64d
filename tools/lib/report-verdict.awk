# SPDX-License-Identifier: GPL-2.0
#
# report-verdict.awk: dxg-report's verdict paragraph over the escape records
# of one origin.  Needs names.awk and records.awk.  Variables: want (origin: cmd, suite,
# other), dflt (origin of a record without one), adapter (a description of
# the adapter under test, or "").

# The host status of a short reply: the record's own ntstatus when it has
# one (dxgprobe), else the first 4 bytes of reply_head (hex, wire order) as
# a little-endian u32 when they are an NTSTATUS error, the rule dxgprobe
# applies (records.awk, ntstatus_is_error): a warning such as 0x80000005 is
# not taken for the host's status.
function head_status(st, h,    b) {
	if (known(st)) return "0x" toupper(ntstatus_hex(st))
	gsub(/[^0-9a-fA-F]/, "", h)
	if (length(h) < 8) return ""
	b = substr(h, 7, 2) substr(h, 5, 2) substr(h, 3, 2) substr(h, 1, 2)
	return ntstatus_is_error(b) ? "0x" toupper(b) : ""
}
function lens_list(    k, s, nl) {
	s = ""; nl = 0
	for (k in rl) s = s (nl++ ? ", " : "") k
	return s
}
function status_sentences(all,    s) {
	for (s in status)
		printf " The %sreplies carried 0x%s%s in their first 4 bytes (%d replies): a status from the host, which the guest never decodes for an escape.", \
			all ? "" : "short ", substr(s, 3), ntstatus_name(s) != "" ? " (" ntstatus_name(s) ")" : "", status[s]
}
{
	rec_split($0)
	o = rec("origin"); if (o == "-") o = dflt
	if (o != want || rec("cmd") != "escape") next
	n = rec("size") + 0; v = rec("verdict"); r = rec("ret")
	total++
	if (v == V_GUEST_SIZE_LIMIT || v == V_GUEST_COPY_FAULT) { guest[v]++; guest_total++; next }
	if (n == 0) { empty++; if (r == 0) empty_ok++; next }
	if (rec("attempts") == "0" || rec("attempts") == "-") { local[v]++; local_total++; next }
	host++
	byverdict[v]++
	if (r == 0) { ok++; if (n > okmax) okmax = n }
	if (r == -75) eov++
	if (v == V_HOST_SHORT_REPLY) {
		rl[known(rec("reply_len")) ? rec("reply_len") : "unseen"]++
		st = head_status(rec("ntstatus"), rec("reply_head")); if (st != "") status[st]++
	}
	if (known(rec("status_errno"))) ntst++
	if (v == V_SEND_FAILED) sendfail[rec("send_ret")]++
}
END {
	to = (adapter != "") ? " to " adapter : ""
	if (total == 0) {
		printf "No escape of %s was recorded.\n", who
		exit
	}
	if (host == 0) {
		printf "No non-empty escape of %s reached the host (%d escape records in all).", who, total
	} else if (eov == host && byverdict[V_HOST_SHORT_REPLY] == host) {
		printf "%d of %d non-empty escapes%s failed with EOVERFLOW. In every case the host completed the request with a %s-byte reply, shorter than the request; the guest driver turned the short reply into -EOVERFLOW (dxgvmbus.c, completion handler).", eov, host, to, lens_list()
		status_sentences(1)
		printf " No escape reached ntstatus2int%s; no guest size limit applied.", ntst ? " (except " ntst ")" : ""
	} else if (ok == host) {
		printf "All %d non-empty escapes%s succeeded: the host replied with at least as many bytes as each request carried.", host, to
	} else {
		printf "Of %d non-empty escapes%s, %d succeeded", host, to, ok
		for (v in byverdict) if (v != V_OK) printf "; %d ended %s", byverdict[v], v
		printf "."
		if (eov) {
			printf " The %d EOVERFLOW failures had host replies of %s bytes, shorter than the request: the guest driver's own -EOVERFLOW exit.", eov, lens_list()
			status_sentences(0)
			if (ok) printf " The escapes that succeeded carried at most %d bytes, which the reply covered.", okmax
		}
		for (s in sendfail) printf " %d sends failed with %s.", sendfail[s], s
	}
	if (empty) printf " %d empty escapes (N = 0) %s, so the VM-bus transport itself works.", empty, empty_ok == empty ? "succeeded" : "were sent (" empty_ok " succeeded)"
	if (local_total) {
		printf " %d escapes were answered by the guest without a host round trip (known escapes", local_total
		for (g in local) if (g != V_OK) printf "; %d %s", local[g], g
		printf ")."
	}
	if (guest_total) {
		printf " %d escapes were rejected by the guest before reaching the VM bus", guest_total
		sep = " ("
		for (g in guest) { printf "%s%s: %d", sep, g, guest[g]; sep = ", " }
		printf ")%s.", want == "suite" ? ": the suite's deliberate negative tests" : ""
	}
	printf "\n"
}
