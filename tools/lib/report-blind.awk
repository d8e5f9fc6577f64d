# SPDX-License-Identifier: GPL-2.0
#
# report-blind.awk: dxg-report's list of the fields of dxgprobe's format 1
# that a backend does not see.  Variable: backend.
BEGIN {
	if (backend == "module") {
		print "Nothing of the record: every layer whose probe attached (see `dxgprobe/probes`); `missing=` names a layer that was not seen."
		exit
	}
	printf "These fields of dxgprobe's records are not in its records (`-`): `dur_ns`, `layout`, `adapter`, `adapter_handle`, `host_adapter`, `device`, `context`, `user_mode`, `result_size`, `result_off`, `process`, `luid`, `send_len`, `wire_len`, `send_type`, `send_flags`, `reply_offset8`, `reply_len8`, `req_head`, `ntstatus`, `ntstatus_name`, `status_errno`, `reason`. `reply_head` holds only the first 4 bytes of the reply. It does not follow `ntstatus2int`, so `host-status` is never its verdict."
	if (backend == "bpftrace")
		print " bpftrace does not report kprobe misses, and every probed symbol must exist for it to start."
	else
		print " Kprobe misses are counted (`kprobe_profile`)."
}
