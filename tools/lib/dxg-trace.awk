# SPDX-License-Identifier: GPL-2.0
#
# dxg-trace.awk: the correlator of tools/dxg-trace's kprobe-events backend.
# Reads trace_pipe lines of the dxgtrace probe group, follows each escape
# from the ioctl to the VMBus send and the reply, and prints one record per
# finished transaction (format dxg-trace/1: the keys of dxgprobe's `events`
# that a tracer can see).  Needs records.awk.  Variables: all=1 (every
# command, not only escapes), missing (layers not attached, space
# separated), marker (the trace_marker text that ends the input: everything
# before it in the buffer has been read), summary (a file for the counts).
#
# trace_pipe lines: "  comm-tid  (tgid) [cpu] flags  ts: group/event: args",
# the "(tgid)" column only with options/record-tgid.

function kv(line, key) {
	if (match(line, " " key "=[^ ]*"))
		return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
	return ""
}
function chid(ptr) {
	if (!(ptr in chan)) chan[ptr] = ++nchan
	return chan[ptr]
}
function cmdname(t) {
	if (t == 13) return "escape"
	if (t == 1000) return "create_process"
	if (t == 1001) return "destroy_process"
	return "cmd_" t
}
function task_tid(line,    m) {
	match(line, /-[0-9]+ +(\( *[0-9-]+\) +)?\[/)
	m = substr(line, RSTART + 1, RLENGTH - 1); sub(/ .*/, "", m)
	return m
}
function task_tgid(line,    m) {
	if (!match(line, /\( *[0-9]+\) +\[/)) return task_tid(line)
	m = substr(line, RSTART + 1, RLENGTH - 1); gsub(/[^0-9]/, "", m)
	return m
}
function task_cpu(line) { match(line, /\[[0-9]+\]/); return substr(line, RSTART + 1, RLENGTH - 2) + 0 }
function task_comm(line,    m) { m = line; sub(/^ +/, "", m); sub(/-[0-9]+ +(\( *[0-9-]+\) +)?\[.*/, "", m); gsub(/[ =]/, "_", m); return m }
function task_ts(line,    m, t) { match(line, / [0-9]+\.[0-9]+: /); m = substr(line, RSTART + 1, RLENGTH - 3); split(m, t, "."); return t[1] t[2] "000" }

# open_rec(line): a new transaction for this task.
function open_rec(line,    p) {
	p = ++seqno
	tid = task_tid(line); cur[tid] = p
	F[p, "ts_ns"] = task_ts(line); F[p, "pid"] = task_tgid(line); F[p, "tid"] = tid
	F[p, "comm"] = task_comm(line); F[p, "attempts"] = 0
	return p
}
function f(p, k) { return ((p, k) in F) ? F[p, k] : "-" }
function emit(p, ret,    k, n, i, ks, keys, line, v, miss) {
	F[p, "ret"] = ret
	if (!((p, "cmd") in F)) F[p, "cmd"] = "escape"
	n = split(TRACER_KEYS, keys, " ")
	F[p, "seq"] = p - 1
	line = ""
	for (i = 1; i <= n; i++) line = line (i > 1 ? " " : "") keys[i] "=" f(p, keys[i])
	rec_split(line)
	v = tracer_verdict()
	miss = missing
	if (TV_MISSING != "") { miss = miss (miss == "" ? "" : " ") TV_MISSING; no_reply++ }
	gsub(/ /, ",", miss)
	print line " verdict=" v " missing=" (miss == "" ? "-" : miss)
	fflush()
	records++
	for (k in F) { split(k, ks, SUBSEP); if (ks[1] == p) delete F[k] }
}

marker != "" && index($0, "tracing_mark_write: " marker) { drained = 1; exit }
/ ioctl: / {
	p = open_rec($0)
	F[p, "type"] = kv($0, "type"); F[p, "flags"] = kv($0, "flags"); F[p, "size"] = kv($0, "size")
	outer[p] = "ioctl"
	next
}
/ esc: / {
	tid = task_tid($0)
	p = (tid in cur) ? cur[tid] : open_rec($0)
	if (!(p in outer)) outer[p] = "escape"
	F[p, "type"] = kv($0, "type"); F[p, "flags"] = kv($0, "flags"); F[p, "size"] = kv($0, "size")
	next
}
/ sync: / {
	tid = task_tid($0)
	w0 = kv($0, "w0") + 0; hdr = (w0 == 16)
	ty = hdr ? kv($0, "t32") + 0 : kv($0, "t16") + 0
	if (tid in cur) p = cur[tid]
	else {
		if (!all && ty != 13) { skip[tid] = 1; next }
		p = open_rec($0); outer[p] = "message"
	}
	skip[tid] = 0
	F[p, "cmd"] = cmdname(ty); F[p, "ext_hdr"] = hdr; F[p, "cmd_size"] = kv($0, "cmd_size")
	if (!((p, "size") in F)) F[p, "size"] = kv($0, "res_size")
	F[p, "channel"] = chid(kv($0, "ch"))
	next
}
/ send: / {
	tid = task_tid($0); if (!(tid in cur) || skip[tid]) next
	p = cur[tid]; F[p, "attempts"]++; F[p, "trans_id"] = kv($0, "rid") + 0
	byid[kv($0, "vch") " " F[p, "trans_id"]] = p
	next
}
/ send_ret: / {
	tid = task_tid($0); if (!(tid in cur) || skip[tid]) next
	F[cur[tid], "send_ret"] = kv($0, "ret")
	next
}
/ (rx|rxn): / { rxch[task_cpu($0)] = kv($0, "vch"); next }
/ (rx_ret|rxn_ret): / {
	k = rxch[task_cpu($0)] " " (kv($0, "tid") + 0)
	if (!(k in byid)) next
	p = byid[k]; delete byid[k]
	F[p, "reply_type"] = sprintf("0x%x", kv($0, "ty") + 0)
	F[p, "reply_len"] = (kv($0, "l8") - kv($0, "o8")) * 8
	F[p, "reply_head"] = F[p, "reply_len"] >= 4 ? le32_bytes(kv($0, "p0")) : "-"
	next
}
/ sync_ret: / {
	tid = task_tid($0); if (!(tid in cur) || skip[tid]) { delete skip[tid]; next }
	p = cur[tid]; F[p, "sync_ret"] = kv($0, "ret")
	if (outer[p] == "message") { emit(p, F[p, "sync_ret"]); delete cur[tid]; delete outer[p] }
	next
}
/ esc_ret: / {
	tid = task_tid($0); if (!(tid in cur)) next
	p = cur[tid]; F[p, "escape_ret"] = kv($0, "ret")
	if (outer[p] == "escape") { emit(p, F[p, "escape_ret"]); delete cur[tid]; delete outer[p] }
	next
}
/ ioctl_ret: / {
	tid = task_tid($0); if (!(tid in cur)) next
	p = cur[tid]; F[p, "ioctl_ret"] = kv($0, "ret")
	emit(p, F[p, "ioctl_ret"]); delete cur[tid]; delete outer[p]
	next
}
END {
	# Transactions still open when the trace stopped: printed, judged as now.
	for (tid in cur) { open_left++; emit(cur[tid], "-") }
	if (summary != "")
		printf "records=%d no_reply=%d open=%d drained=%d\n", records, no_reply, open_left, drained > summary
}
