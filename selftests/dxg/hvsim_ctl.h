/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxg selftest library: the simulated host's (hvsim) debugfs controls.
 */
#ifndef HVSIM_CTL_H
#define HVSIM_CTL_H

#include "dxg_device.h"

enum hvsim_kind {
	HVSIM_ECHO, HVSIM_EMPTY, HVSIM_STATUS, HVSIM_TRUNCATE, HVSIM_BUSY, HVSIM_HANG,
	HVSIM_RESCIND, HVSIM_LONG, HVSIM_STRAY, HVSIM_WRONGID, HVSIM_DUP, HVSIM_REORDER,
	HVSIM_INBAND, HVSIM_LIMIT,
};

/* hvsim's largest reply, and the payload that fills the guest's 128 KiB packet buffer */
#define HVSIM_REPLY_MAX		(DXG_MAX_VM_BUS_PACKET_SIZE + 64)
#define HVSIM_PKT_DATA_MAX	(DXG_MAX_VM_BUS_PACKET_SIZE - 16)

struct hvsim_profile {
	enum hvsim_kind	kind;
	u32	arg;		/* status value, or K of truncate, busy, long, reorder */
	char		text[48];	/* as read, without the newline */
};

bool hvsim_present(void);
const char *hvsim_profile_file(const struct dxg_adapter *a);	/* "profile_npu" or "..._gpu" */
int hvsim_parse_profile(const char *text, struct hvsim_profile *p);
int hvsim_read_profile(const char *file, struct hvsim_profile *p);
int hvsim_write_profile(const char *file, const char *text);
int hvsim_vmbus_version(void);			/* the module parameter, 40 if unknown */
long long hvsim_stat(const char *name);		/* -1 if unknown */
long long hvsim_last_packet(void);		/* seq of the newest packet log line, -1 none */
int hvsim_escapes_since(long long seq);		/* ESCAPE packets logged after seq */

#endif /* HVSIM_CTL_H */
