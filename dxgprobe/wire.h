/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our own definitions of the dxgkrnl and VMBus wire formats seen on the
 * escape path (x86_64).  dxgkrnl has no exported headers, so the layouts are
 * restated here from docs/ and checked against the reference offsets below.
 */
#ifndef _DXGPROBE_WIRE_H
#define _DXGPROBE_WIRE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* include/uapi/misc/d3dkmthk.h: struct d3dkmt_escape as user space sees it */
struct dxgprobe_d3dkmt_escape {
	u32 adapter;
	u32 device;
	u32 type;
	u32 flags;
	u64 priv_drv_data;
	u32 priv_drv_data_size;
	u32 context;
};

static_assert(sizeof(struct dxgprobe_d3dkmt_escape) == 32);
static_assert(offsetof(struct dxgprobe_d3dkmt_escape, type) == 8);
static_assert(offsetof(struct dxgprobe_d3dkmt_escape, flags) == 12);
static_assert(offsetof(struct dxgprobe_d3dkmt_escape, priv_drv_data) == 16);
static_assert(offsetof(struct dxgprobe_d3dkmt_escape, priv_drv_data_size) == 24);
static_assert(offsetof(struct dxgprobe_d3dkmt_escape, context) == 28);

#define DXGPROBE_ESCAPE_FLAG_DRIVER_KNOWN	0x40

/* dxgvmbus.h: struct dxgvmb_ext_header, present when vmbus_ver >= 40 */
struct dxgprobe_ext_header {
	u32 command_offset;	/* == sizeof(struct dxgprobe_ext_header) */
	u32 reserved;
	u32 vgpu_luid_a;
	u32 vgpu_luid_b;
};

static_assert(sizeof(struct dxgprobe_ext_header) == 16);
static_assert(offsetof(struct dxgprobe_ext_header, vgpu_luid_a) == 8);

/* dxgvmbus.h: dxgkvmb_command_vgpu_to_host / dxgkvmb_command_vm_to_host */
struct dxgprobe_cmd_header {
	u64 command_id;
	u32 process;
	u32 channel_type;	/* channel_type:8, async_msg:1 */
	u32 command_type;
	u32 pad;
};

static_assert(sizeof(struct dxgprobe_cmd_header) == 24);
static_assert(offsetof(struct dxgprobe_cmd_header, process) == 8);
static_assert(offsetof(struct dxgprobe_cmd_header, command_type) == 16);

/*
 * dxgvmbus.c: struct dxgkvmb_command_escape.  In 6.6 the private data is
 * declared u8 priv_drv_data[1], so sizeof is 56 and the driver sends
 * 55 + N bytes; the flexible-array form of the upstream submission sends
 * 47 + N.  Either way the private data starts at offset 48.
 */
struct dxgprobe_cmd_escape {
	struct dxgprobe_cmd_header hdr;
	u32 adapter;
	u32 device;
	u32 type;
	u32 flags;
	u32 priv_drv_data_size;
	u32 context;
	u8 priv_drv_data[];
};

static_assert(sizeof(struct dxgprobe_cmd_escape) == 48);
static_assert(offsetof(struct dxgprobe_cmd_escape, adapter) == 24);
static_assert(offsetof(struct dxgprobe_cmd_escape, priv_drv_data_size) == 40);
static_assert(offsetof(struct dxgprobe_cmd_escape, priv_drv_data) == 48);

#define DXGPROBE_ESCAPE_FIXED_ARR1	55	/* sizeof(...escape) - 1 with u8 [1] */
#define DXGPROBE_ESCAPE_FIXED_FLEX	47	/* flexible array */
#define DXGPROBE_MAX_VM_BUS_PACKET_SIZE	(128 * 1024)
#define DXGPROBE_CMD_ESCAPE		13

/* dxgvmbus.c: struct dxgvmbuschannel starts with the VMBus channel pointer */
#define DXGPROBE_DXGCHANNEL_VMBUS_OFF	0

/* include/linux/hyperv.h: struct vmpacket_descriptor (__packed) */
struct dxgprobe_vmpacket_descriptor {
	u16 type;
	u16 offset8;
	u16 len8;
	u16 flags;
	u64 trans_id;
} __packed;

static_assert(sizeof(struct dxgprobe_vmpacket_descriptor) == 16);
static_assert(offsetof(struct dxgprobe_vmpacket_descriptor, len8) == 4);
static_assert(offsetof(struct dxgprobe_vmpacket_descriptor, trans_id) == 8);

#define DXGPROBE_VM_PKT_DATA_INBAND	0x6
#define DXGPROBE_VM_PKT_COMP		0xb
#define DXGPROBE_VMBUS_PKT_TRAILER	8

/*
 * dxgvmbus.h DXG_MAX_VM_BUS_PACKET_SIZE: dxgkrnl's max_pkt_size, the size of
 * the channel's receive copy (inbound.pkt_buffer); no packet read through
 * the iterator is longer
 */
#define DXGPROBE_PKT_MAX		(128 * 1024)

#endif /* _DXGPROBE_WIRE_H */
