// SPDX-License-Identifier: GPL-2.0
/*
 * dxg selftest library: what the active host profile implies for one
 * escape, the model of docs/simulated-host.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hvsim_model.h"

static void expect(struct dxg_expect *x, int ret, const char *verdict, int reply_len,
		   int attempts)
{
	x->hang = false;
	x->ret = ret;
	x->verdict = verdict;
	x->reply_len = reply_len;
	x->attempts = attempts;
}

static u32 align8(u32 v)
{
	return (v + 7) & ~7u;
}

void dxg_expect_escape(const struct hvsim_profile *p, int vmbus_version, const struct dxg_esc *e,
		       struct dxg_expect *x)
{
	u32 hdr = vmbus_version >= 40 ? 71 : 55;	/* cmd_size = hdr + N */
	const void *pl = e->payload ? e->payload : e->sent;
	u32 n = e->size, k, rl;
	int attempts = 1;

	memset(x, 0, sizeof(*x));
	if (e->type == D3DKMT_ESCAPE_DRIVERPRIVATE &&
	    (e->flags & D3DDDI_ESCAPE_DRIVER_KNOWN_ESCAPE) &&
	    !e->bad_pointer && n >= 4 && pl &&
	    *(const u32 *)pl <= D3DDDI_KNOWNESCAPE_TRANSLATERESOURCEHANDLE) {
		expect(x, 0, "ok", -1, 0);
		snprintf(x->why, sizeof(x->why), "a known escape is answered by the guest");
		return;
	}
	if (n > DXG_MAX_VM_BUS_PACKET_SIZE || hdr + n > DXG_MAX_VM_BUS_PACKET_SIZE) {
		expect(x, -EINVAL, "guest-size-limit", -1, 0);
		snprintf(x->why, sizeof(x->why), "N=%u: %s > 131072 is refused before the send", n,
			 n > DXG_MAX_VM_BUS_PACKET_SIZE ? "N" : "cmd_size");
		return;
	}
	if (e->bad_pointer && n) {
		expect(x, -EFAULT, "guest-copy-fault", -1, 0);
		snprintf(x->why, sizeof(x->why), "the private data cannot be read");
		return;
	}
	switch (p->kind) {
	case HVSIM_RESCIND:
		expect(x, -ENODEV, "send-failed", -1, 1);
		snprintf(x->why, sizeof(x->why), "profile rescind: vmbus_sendpacket() is -ENODEV");
		return;
	case HVSIM_HANG:
	case HVSIM_WRONGID:
	case HVSIM_REORDER:	/* a lone caller: the host waits for K-1 more */
		expect(x, 0, "interrupted", -1, 1);
		x->hang = p->kind != HVSIM_REORDER || p->arg > 1;
		if (x->hang) {
			snprintf(x->why, sizeof(x->why), "profile %s: no completion comes",
				 p->text);
			return;
		}
		break;
	case HVSIM_BUSY:
		if (p->arg >= 50) {
			expect(x, -EAGAIN, "send-failed", -1, 50);
			snprintf(x->why, sizeof(x->why),
				 "profile %s: the ring stays full for all 50 tries", p->text);
			return;
		}
		attempts = p->arg + 1;
		break;
	default:
		break;
	}
	switch (p->kind) {
	case HVSIM_EMPTY:
		rl = 0;
		break;
	case HVSIM_STATUS:
		rl = 8;		/* a 4-byte NTSTATUS, padded to 8 by VMBus framing */
		break;
	case HVSIM_TRUNCATE:
		k = p->arg < n ? p->arg : n;
		rl = align8(k);
		break;
	case HVSIM_LONG:	/* the guest's 128 KiB packet buffer clamps it */
		k = (u64)n + p->arg < HVSIM_REPLY_MAX ? n + p->arg : HVSIM_REPLY_MAX;
		rl = align8(k) < HVSIM_PKT_DATA_MAX ? align8(k) : HVSIM_PKT_DATA_MAX;
		break;
	case HVSIM_LIMIT:
		rl = HVSIM_PKT_DATA_MAX;
		break;
	default:		/* echo, busy, stray, dup, inband, reorder:1 */
		rl = align8(n);
		break;
	}
	if (rl < n)
		expect(x, -EOVERFLOW, "host-short-reply", rl, attempts);
	else
		expect(x, 0, "ok", rl, attempts);
	snprintf(x->why, sizeof(x->why), "profile %s: reply %u bytes for N=%u", p->text, rl, n);
}
