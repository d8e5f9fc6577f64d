# SPDX-License-Identifier: GPL-2.0
#
# bt-records.awk: the bpftrace backend of tools/dxg-trace.  Turns the raw
# lines of dxg-trace.bt into dxg-trace/1 records: values the script did not
# observe (its `seen` mask) become `-`, the reply head is put in wire order,
# and the verdict comes from records.awk, as for the kprobe-events backend.
# Counts bpftrace's "Lost N events".  Needs records.awk.  Variables: ready
# (a file created when the probes are attached), drained (a file that gets
# one line per drain marker), summary (a file for the counts).

function put(k, v) { out = out " " k "=" v }
# A drain marker, one per CPU: everything this CPU traced before has been read.
/^# dxg-trace\.bt\/1 drain/ { if (drained != "") { print $NF >> drained; close(drained) }; next }
/^# dxg-trace\.bt\/1/ { if (ready != "") { printf "" > ready; close(ready) }; next }
/^Lost [0-9]+ events/ { lost += $2; next }
/^seq=/ {
	rec_split($0)
	s = rec("seen") + 0
	# bit tests without bitwise operators (busybox/mawk portability)
	esc = int(s / 1) % 2; msg = int(s / 2) % 2; snd = int(s / 4) % 2; rpl = int(s / 8) % 2
	sret = int(s / 16) % 2; eret = int(s / 32) % 2; iarg = int(s / 64) % 2; iret = int(s / 128) % 2
	if (!esc && !iarg) { R["type"] = "-"; R["flags"] = "-"; R["size"] = "-" }
	if (!msg) { R["cmd_size"] = "-"; R["ext_hdr"] = "-"; R["channel"] = "-" }
	if (!snd) { R["trans_id"] = "-"; R["send_ret"] = "-" }
	if (!rpl) { R["reply_type"] = "-"; R["reply_len"] = "-"; R["reply_head"] = "-" }
	else R["reply_head"] = R["reply_len"] + 0 >= 4 ? le32_bytes(R["reply_head"]) : "-"
	if (!sret) R["sync_ret"] = "-"
	if (!eret) R["escape_ret"] = "-"
	if (!iret) R["ioctl_ret"] = "-"
	v = tracer_verdict()
	if (TV_MISSING != "") no_reply++
	out = ""
	n = split(TRACER_KEYS, keys, " ")
	for (i = 1; i <= n; i++) put(keys[i], rec(keys[i]))
	print substr(out, 2) " verdict=" v " missing=" (TV_MISSING == "" ? "-" : TV_MISSING)
	fflush()
	records++
	next
}
/^@cur\[/ { open_left++; next }
/^@/ || /^$/ || /^Attaching / { next }
{ print "# bpftrace: " $0; fflush() }
END {
	if (summary != "")
		printf "records=%d no_reply=%d open=%d lost=%d\n", records, no_reply, open_left, lost > summary
}
