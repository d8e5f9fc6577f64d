# SPDX-License-Identifier: GPL-2.0
#
# kprobe-missed.awk: the misses of tools/dxg-trace's own kprobe events, from
# tracefs' kprobe_profile ("  EVENT  NHIT  NMISSED", one line per event).
# The file names an event without its group (seen on 6.12), so an
# event is known by its name; GROUP/EVENT is accepted too.  An event of
# another group with one of these names is counted as well: a loss may be
# overstated, never hidden.  Variables: group, names (space separated).

BEGIN {
	n = split(names, a, " ")
	for (i = 1; i <= n; i++) { want[a[i]] = 1; want[group "/" a[i]] = 1 }
}
NF >= 3 && ($1 in want) { s += $3 }
END { printf "%d\n", s }
