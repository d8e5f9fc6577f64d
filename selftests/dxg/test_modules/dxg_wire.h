/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dxgkrnl VMBus wire format (WSL2 6.6 line), shared by hvsim (the host
 * side) and dxgsim (the guest side).  Our own definitions, written from the
 * layouts in docs/simulated-host.md and checked below with static_assert.
 *
 * The struct and constant names are the real driver's on purpose: a reader
 * comparing with drivers/hv/dxgkrnl/dxgvmbus.h finds the same names at the
 * same offsets.
 */
#ifndef _DXG_WIRE_H
#define _DXG_WIRE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/uuid.h>

#define DXG_MAX_VM_BUS_PACKET_SIZE		(1024 * 128)
#define DXG_VM_PROCESS_NAME_LENGTH		260
#define DXG_WIN_MAX_PATH			260

#define DXGK_VMBUS_INTERFACE_VERSION_OLD	27
#define DXGK_VMBUS_INTERFACE_VERSION		40
#define DXGK_VMBUS_LAST_COMPATIBLE_INTERFACE_VERSION	16

/* PCI config space of the vGPU function, as dxgkrnl reads and writes it */
#define DXGK_VMBUS_CHANNEL_ID_OFFSET		192
#define DXGK_VMBUS_VERSION_OFFSET		208
#define DXGK_VMBUS_VGPU_LUID_OFFSET		212
#define DXGK_VMBUS_GUESTCAPS_OFFSET		212
#define DXGK_VMBUS_HOSTCAPS_OFFSET		220

#define PCI_VENDOR_ID_MICROSOFT			0x1414
#define PCI_DEVICE_ID_VIRTUAL_RENDER		0x008E
#define PCI_DEVICE_ID_COMPUTE_ACCELERATOR	0x008A

/* VMBus device types of the two dxgkrnl channels */
#define HV_GPUP_DXGK_GLOBAL_GUID_INIT \
	GUID_INIT(0xdde9cbc0, 0x5060, 0x4436, 0x94, 0x48, \
		  0xea, 0x12, 0x54, 0xa5, 0xd1, 0x77)
#define HV_GPUP_DXGK_VGPU_GUID_INIT \
	GUID_INIT(0x6e382d18, 0x3336, 0x4f4b, 0xac, 0xc4, \
		  0x2b, 0x77, 0x03, 0xd4, 0xdf, 0x4a)

/* NTSTATUS values the two sides exchange */
#define STATUS_SUCCESS				((int)(0x00000000L))
#define STATUS_NOT_IMPLEMENTED			((int)(0xC0000002L))
#define STATUS_INVALID_HANDLE			((int)(0xC0000008L))
#define STATUS_INVALID_PARAMETER		((int)(0xC000000DL))
#define STATUS_NO_MEMORY			((int)(0xC0000017L))
#define STATUS_ILLEGAL_INSTRUCTION		((int)(0xC000001DL))
#define STATUS_ACCESS_DENIED			((int)(0xC0000022L))
#define STATUS_BUFFER_TOO_SMALL			((int)(0xC0000023L))
#define STATUS_OBJECT_TYPE_MISMATCH		((int)(0xC0000024L))
#define STATUS_OBJECT_NAME_INVALID		((int)(0xC0000033L))
#define STATUS_OBJECT_NAME_NOT_FOUND		((int)(0xC0000034L))
#define STATUS_OBJECT_NAME_COLLISION		((int)(0xC0000035L))
#define STATUS_NOT_SUPPORTED			((int)(0xC00000BBL))
#define STATUS_DEVICE_REMOVED			((int)(0xC00002B6L))
#define STATUS_GRAPHICS_ALLOCATION_BUSY		((int)(0xC01E0102L))
#define STATUS_TIMEOUT				((int)(0x00000102L))

struct d3dkmthandle {
	union {
		struct {
			u32 instance	:  6;
			u32 index	: 24;
			u32 unique	: 2;
		};
		u32 v;
	};
};

/* The real one also overlays code/facility/customer/severity bitfields */
struct ntstatus {
	int v;
};

struct winluid {
	u32 a;
	u32 b;
};

enum dxgkvmb_commandchanneltype {
	DXGKVMB_VGPU_TO_HOST,
	DXGKVMB_VM_TO_HOST,
	DXGKVMB_HOST_TO_VM
};

/* Global channel commands */
enum dxgkvmb_commandtype_global {
	DXGK_VMBCOMMAND_CREATEPROCESS		= 1000,
	DXGK_VMBCOMMAND_DESTROYPROCESS		= 1001,
	DXGK_VMBCOMMAND_OPENSYNCOBJECT		= 1002,
	DXGK_VMBCOMMAND_DESTROYSYNCOBJECT	= 1003,
	DXGK_VMBCOMMAND_CREATENTSHAREDOBJECT	= 1004,
	DXGK_VMBCOMMAND_DESTROYNTSHAREDOBJECT	= 1005,
	DXGK_VMBCOMMAND_SIGNALFENCE		= 1006,
	DXGK_VMBCOMMAND_NOTIFYPROCESSFREEZE	= 1007,
	DXGK_VMBCOMMAND_NOTIFYPROCESSTHAW	= 1008,
	DXGK_VMBCOMMAND_QUERYETWSESSION		= 1009,
	DXGK_VMBCOMMAND_SETIOSPACEREGION	= 1010,
	DXGK_VMBCOMMAND_COMPLETETRANSACTION	= 1011,
	DXGK_VMBCOMMAND_SHAREOBJECTWITHHOST	= 1021,
	DXGK_VMBCOMMAND_ISFEATUREENABLED_GLOBAL	= 1022,
};

/* Per-vGPU channel commands (the subset the simulation knows by name) */
enum dxgkvmb_commandtype {
	DXGK_VMBCOMMAND_CREATEDEVICE		= 0,
	DXGK_VMBCOMMAND_DESTROYDEVICE		= 1,
	DXGK_VMBCOMMAND_QUERYADAPTERINFO	= 2,
	DXGK_VMBCOMMAND_ESCAPE			= 13,
	DXGK_VMBCOMMAND_OPENADAPTER		= 14,
	DXGK_VMBCOMMAND_CLOSEADAPTER		= 15,
	DXGK_VMBCOMMAND_GETINTERNALADAPTERINFO	= 36,
	DXGK_VMBCOMMAND_FLUSHDEVICE		= 42,
	DXGK_VMBCOMMAND_ISFEATUREENABLED	= 68,
};

/* Prefixes every message when the negotiated version is >= 40 */
struct dxgvmb_ext_header {
	u32		command_offset;
	u32		reserved;
	struct winluid	vgpu_luid;
};

struct dxgkvmb_command_vm_to_host {
	u64				command_id;
	struct d3dkmthandle		process;
	u32				channel_type;
	u32				command_type;
};

/* A message the host sends on its own (VM_PKT_DATA_INBAND, no completion) */
enum dxgkvmb_commandtype_host_to_vm {
	DXGK_VMBCOMMAND_SIGNALGUESTEVENT,
	DXGK_VMBCOMMAND_PROPAGATEPRESENTHISTORYTOKEN,
	DXGK_VMBCOMMAND_SETGUESTDATA,
	DXGK_VMBCOMMAND_SIGNALGUESTEVENTPASSIVE,
	DXGK_VMBCOMMAND_SENDWNFNOTIFICATION,
	DXGK_VMBCOMMAND_INVALID_HOST_TO_VM
};

struct dxgkvmb_command_host_to_vm {
	u64				command_id;
	struct d3dkmthandle		process;
	u32				channel_type	: 8;
	u32				async_msg	: 1;
	u32				reserved	: 23;
	u32				command_type;
};

struct dxgkvmb_command_vgpu_to_host {
	u64				command_id;
	struct d3dkmthandle		process;
	u32				channel_type	: 8;
	u32				async_msg	: 1;
	u32				reserved	: 23;
	u32				command_type;
};

struct dxgkvmb_command_setiospaceregion {
	struct dxgkvmb_command_vm_to_host hdr;
	u64				start;
	u64				length;
	u32				shared_page_gpadl;
};

struct dxgkvmb_command_createprocess {
	struct dxgkvmb_command_vm_to_host hdr;
	u64				process;	/* a guest pointer */
	u64				process_id;
	u16				process_name[DXG_VM_PROCESS_NAME_LENGTH + 1];
	u8				csrss_process	: 1;
	u8				dwm_process	: 1;
	u8				wow64_process	: 1;
	u8				linux_process	: 1;
};

struct dxgkvmb_command_createprocess_return {
	struct d3dkmthandle		hprocess;
};

struct dxgkvmb_command_destroyprocess {
	struct dxgkvmb_command_vm_to_host hdr;
};

struct dxgkvmb_command_openadapter {
	struct dxgkvmb_command_vgpu_to_host hdr;
	u32				vmbus_interface_version;
	u32				vmbus_last_compatible_interface_version;
	struct winluid			guest_adapter_luid;
};

struct dxgkvmb_command_openadapter_return {
	struct d3dkmthandle		host_adapter_handle;
	struct ntstatus			status;
	u32				vmbus_interface_version;
	u32				vmbus_last_compatible_interface_version;
};

struct dxgkvmb_command_closeadapter {
	struct dxgkvmb_command_vgpu_to_host hdr;
	struct d3dkmthandle		host_handle;
};

struct dxgkvmb_command_getinternaladapterinfo {
	struct dxgkvmb_command_vgpu_to_host hdr;
};

struct dxgkvmb_command_getinternaladapterinfo_return {
	u32				device_types;
	u32				driver_store_copy_mode;
	u32				driver_ddi_version;
	u32				secure_virtual_machine	: 1;
	u32				virtual_machine_reset	: 1;
	u32				is_vail_supported	: 1;
	u32				hw_sch_enabled		: 1;
	u32				hw_sch_capable		: 1;
	u32				va_backed_vm		: 1;
	u32				async_msg_enabled	: 1;
	u32				hw_support_state	: 2;
	u32				reserved		: 23;
	struct winluid			host_adapter_luid;
	u16				device_description[80];
	u16				device_instance_id[DXG_WIN_MAX_PATH];
	struct winluid			host_vgpu_luid;	/* only with version >= 40 */
};

struct dxgkvmb_command_createdevice {
	struct dxgkvmb_command_vgpu_to_host hdr;
	u32				flags;
	bool				cdd_device;
	u64				error_code;	/* a guest pointer */
};

struct dxgkvmb_command_createdevice_return {
	struct d3dkmthandle		device;
};

struct dxgkvmb_command_destroydevice {
	struct dxgkvmb_command_vgpu_to_host hdr;
	struct d3dkmthandle		device;
};

struct dxgkvmb_command_flushdevice {
	struct dxgkvmb_command_vgpu_to_host hdr;
	struct d3dkmthandle		device;
	u32				reason;
};

/* Also declared with private_data[1]: 40 - 1 + N bytes */
struct dxgkvmb_command_queryadapterinfo {
	struct dxgkvmb_command_vgpu_to_host hdr;
	u32				query_type;
	u32				private_data_size;
	u8				private_data[];
};

#define DXGKVMB_QUERYADAPTERINFO_SIZE(n) \
	(sizeof(struct dxgkvmb_command_queryadapterinfo) + 8 - 1 + (n))

/*
 * "Returns only private data": the reply carries no status.  The 6.6 driver
 * declares priv_drv_data[1], so its sizeof is 56 and an escape command is
 * 56 - 1 + N = 55 + N bytes, 7 of them tail padding: DXGKVMB_ESCAPE_SIZE().
 */
struct dxgkvmb_command_escape {
	struct dxgkvmb_command_vgpu_to_host hdr;
	struct d3dkmthandle		adapter;
	struct d3dkmthandle		device;
	u32				type;
	u32				flags;
	u32				priv_drv_data_size;
	struct d3dkmthandle		context;
	u8				priv_drv_data[];
};

#define DXGKVMB_ESCAPE_SIZE(n) \
	(sizeof(struct dxgkvmb_command_escape) + 8 - 1 + (n))

struct dxgkvmb_command_isfeatureenabled {
	struct dxgkvmb_command_vgpu_to_host hdr;
	u32				feature_id;
};

struct dxgkvmb_command_isfeatureenabled_gbl {
	struct dxgkvmb_command_vm_to_host hdr;
	u32				feature_id;
};

struct dxgkvmb_command_isfeatureenabled_return {
	struct ntstatus			status;
	u16				min_supported_version;
	u16				max_supported_version;
	u16				desc_flags;
	u16				result_version;
	u16				result_value;
};

/* The x86_64 layouts of the real driver (docs/simulated-host.md) */
static_assert(sizeof(struct dxgvmb_ext_header) == 16);
static_assert(sizeof(struct dxgkvmb_command_vm_to_host) == 24);
static_assert(sizeof(struct dxgkvmb_command_vgpu_to_host) == 24);
static_assert(sizeof(struct dxgkvmb_command_host_to_vm) == 24);
static_assert(offsetof(struct dxgkvmb_command_vgpu_to_host, command_type) == 16);
static_assert(sizeof(struct dxgkvmb_command_setiospaceregion) == 48);
static_assert(sizeof(struct dxgkvmb_command_createprocess) == 568);
static_assert(sizeof(struct dxgkvmb_command_destroyprocess) == 24);
static_assert(sizeof(struct dxgkvmb_command_openadapter) == 40);
static_assert(sizeof(struct dxgkvmb_command_openadapter_return) == 16);
static_assert(sizeof(struct dxgkvmb_command_closeadapter) == 32);
static_assert(sizeof(struct dxgkvmb_command_getinternaladapterinfo_return) == 712);
static_assert(sizeof(struct dxgkvmb_command_createdevice) == 40);
static_assert(sizeof(struct dxgkvmb_command_destroydevice) == 32);
static_assert(sizeof(struct dxgkvmb_command_flushdevice) == 32);
static_assert(DXGKVMB_QUERYADAPTERINFO_SIZE(0) == 39);
static_assert(offsetof(struct dxgkvmb_command_queryadapterinfo, private_data) == 32);
static_assert(DXGKVMB_ESCAPE_SIZE(0) == 55);
static_assert(offsetof(struct dxgkvmb_command_escape, priv_drv_data) == 48);
static_assert(sizeof(struct dxgkvmb_command_isfeatureenabled) == 32);
static_assert(sizeof(struct dxgkvmb_command_isfeatureenabled_return) == 16);

#endif /* _DXG_WIRE_H */
