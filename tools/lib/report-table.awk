# SPDX-License-Identifier: GPL-2.0
#
# report-table.awk: dxg-report's escapes table for one origin.  Records that
# differ only in seq, pid, trans_id and N are one row, with a count and the
# range of N and of seq.  Needs records.awk.  Variables: want, dflt (as in
# report-verdict.awk), maxrows.

function reply_desc(n, rl) {
	if (!known(rl)) return "-"
	if (rl + 0 == n + 0) return "= N"
	if (rl + 0 > n + 0) return rl " (> N)"
	return rl
}
{
	rec_split($0)
	o = rec("origin"); if (o == "-") o = dflt
	if (o != want || rec("cmd") != "escape") next
	n = rec("size")
	k = rec("type") "|" rec("flags") "|" rec("ret") "|" reply_desc(n, rec("reply_len")) "|" \
	    substr(rec("reply_head"), 1, 8) "|" rec("verdict") "|" rec("missing")
	if (!(k in cnt)) { order[++nk] = k; nmin[k] = nmax[k] = n; smin[k] = rec("seq") }
	cnt[k]++
	if (n + 0 < nmin[k] + 0) nmin[k] = n
	if (n + 0 > nmax[k] + 0) nmax[k] = n
	smax[k] = rec("seq")
	total++
}
END {
	if (!total) { print "(none recorded)"; exit }
	print "| count | type | flags | N | ret | reply bytes | reply head | verdict | missing | seq |"
	print "|---|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= nk && i <= maxrows; i++) {
		k = order[i]; split(k, c, "|")
		printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", cnt[k], c[1], c[2], \
			nmin[k] == nmax[k] ? nmin[k] : nmin[k] "-" nmax[k], c[3], c[4], c[5], c[6], c[7], \
			smin[k] == smax[k] ? smin[k] : smin[k] "-" smax[k]
	}
	if (nk > maxrows) {
		for (; i <= nk; i++) rest += cnt[order[i]]
		printf "\n(%d more kinds of escape, %d records, in records/events.)\n", nk - maxrows, rest
	}
	printf "\n%d escapes in %d row%s.\n", total, nk, nk == 1 ? "" : "s"
}
