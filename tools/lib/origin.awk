# SPDX-License-Identifier: GPL-2.0
#
# dxg-evidence: each record gets origin=cmd|suite|other by process tree, not
# by time.  -v cmdroot=PID (the command's session leader), -v suitefile=F
# (one selftest pid per line), -v forkfile=F (sched_process_fork lines:
# "comm=.. pid=P child_comm=.. child_pid=C"), in fork order, so that children
# and grandchildren inherit their parent's owner.  A record's pid, else its
# tid, decides.
BEGIN {
	if (cmdroot != "") owner[cmdroot] = "cmd"
	while ((getline l < suitefile) > 0) owner[l] = "suite"
	while ((getline l < forkfile) > 0) {
		n = split(l, w, " "); p = ""; c = ""
		for (i = 1; i <= n; i++) {
			if (w[i] ~ /^pid=/) p = substr(w[i], 5)
			if (w[i] ~ /^child_pid=/) c = substr(w[i], 11)
		}
		if (p in owner) owner[c] = owner[p]
	}
}
{
	o = "other"
	if (match($0, / pid=[0-9]+/)) { p = substr($0, RSTART + 5, RLENGTH - 5); if (p in owner) o = owner[p] }
	if (o == "other" && match($0, / tid=[0-9]+/)) { p = substr($0, RSTART + 5, RLENGTH - 5); if (p in owner) o = owner[p] }
	print $0 " origin=" o
}
