# SPDX-License-Identifier: GPL-2.0
#
# report-loss.awk: dxg-report's sentence on what the recorder lost, from
# records/loss.txt (the module's counters, or dxg-trace's closing line).
# A loss is never silent.  Needs records.awk.  Variable: backend.
{
	gsub(/[()]/, "")
	for (i = 1; i <= NF; i++) {
		eq = index($i, "=")
		if (eq) L[substr($i, 1, eq - 1)] = substr($i, eq + 1)
	}
}
function add(k, what) { if ((k in L) && L[k] != "unknown" && L[k] + 0 > 0) { lost += L[k]; s = s sep L[k] " " what; sep = ", " } }
END {
	s = ""; sep = ""; lost = 0
	add("ring_drops", "records dropped from the full ring (ring_size)")
	add("pool_exhausted", "transactions not recorded (pool_size)")
	add("ids_exhausted", "channel or adapter ids exhausted")
	add("nmissed", "kretprobe misses (maxactive)")
	add("overrun", "trace events overwritten (trace buffer full)")
	add("dropped", "trace events dropped")
	add("kprobe_missed", "kprobe misses")
	add("bpftrace_lost", "bpftrace events lost")
	add("fork_events_lost", "fork events lost (records may be attributed to origin=other)")
	nr = ("no_reply" in L) ? L["no_reply"] + 0 : 0
	op = ("open" in L) ? L["open"] + 0 : 0
	if (lost == 0) printf "**Nothing was lost**: the recorder (%s) counted no dropped record or event", backend
	else printf "**Losses**: %s", s
	if (("kprobe_missed" in L) && L["kprobe_missed"] == "unknown") printf " (bpftrace does not report kprobe misses)"
	if (nr) printf "; %d records lack the reply (missing=reply)", nr
	if (op) printf "; %d escapes were still open when recording stopped", op
	if (("drain" in L) && L["drain"] != "ok") printf "; **the trace was not fully drained (%s)**", L["drain"]
	printf ".\n"
}
