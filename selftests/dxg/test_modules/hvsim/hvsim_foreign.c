// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: a foreign VMBus channel, the host side of a non-dxgkrnl device.
 *
 * On WSL every storvsc request and netvsc packet goes through the same
 * vmbus_sendpacket() and hv_pkt_iter_first()/__hv_pkt_iter_next() as
 * dxgkrnl's messages, on channels of their own.  With foreign=1 hvsim offers
 * one more device, of a type no dxgkrnl driver matches, whose host answers
 * every packet that asks for it with an 8-byte VM_PKT_COMP (the request's
 * first 8 bytes, like a storvsc status) for the same trans_id.  The guest
 * side is hvpump.ko.  Nothing here is used unless foreign=1.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "hvsim.h"
#include "hvpump.h"

bool hvsim_foreign;
module_param_named(foreign, hvsim_foreign, bool, 0444);
MODULE_PARM_DESC(foreign,
		 "offer a foreign (non-dxgkrnl) VMBus device for hvpump.ko (default N)");

static struct hvsim_vmdev *hvsim_foreign_vmdev;

static const guid_t hvsim_foreign_type = HVSIM_FOREIGN_GUID_INIT;
static const guid_t hvsim_foreign_instance =
	GUID_INIT(0xf0f00003, 0x1414, 0x4856, 0x53, 0x49, 0x4d, 0x46, 0x4f, 0x52, 0x00, 0x03);

/* One guest packet on the foreign channel (host work context) */
void hvsim_foreign_handle(struct hvsim_vmdev *vd, const struct vmpacket_descriptor *desc,
			  const u8 *msg, u32 len)
{
	u8 reply[HVSIM_FOREIGN_REPLY] = {};

	if (!(desc->flags & VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED))
		return;
	memcpy(reply, msg, min_t(u32, len, sizeof(reply)));
	if (hvsim_deliver(vd, desc->trans_id, reply, sizeof(reply)))
		atomic64_inc(&hvsim_stats.dropped);
}

int hvsim_foreign_init(void)
{
	struct hvsim_vmdev *vd;

	if (!hvsim_foreign)
		return 0;
	vd = hvsim_vmdev_add(HVSIM_CHAN_FOREIGN, &hvsim_foreign_type, &hvsim_foreign_instance,
			     NULL);
	if (IS_ERR(vd))
		return PTR_ERR(vd);
	hvsim_foreign_vmdev = vd;
	return 0;
}

void hvsim_foreign_exit(void)
{
	if (hvsim_foreign_vmdev)
		hvsim_vmdev_del(hvsim_foreign_vmdev);
	hvsim_foreign_vmdev = NULL;
}
