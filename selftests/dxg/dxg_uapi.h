/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of dxgkrnl's uapi (include/uapi/misc/d3dkmthk.h in the WSL2 6.6
 * tree) that the dxg selftests use.  No distribution installs that header,
 * so the layouts are written out here with fixed-width types and pinned by
 * static asserts: the dispatcher compares the full ioctl code, size field
 * included, so a wrong size is -ENOTTY, not a subtle bug.
 */
#ifndef DXG_UAPI_H
#define DXG_UAPI_H

#include <assert.h>
#include <stddef.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* the kernel's names for the fixed-width types, as in tools/include */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

struct d3dkmthandle {
	__u32 v;
};

struct winluid {
	__u32 a;	/* low part */
	__u32 b;	/* high part */
};

enum d3dkmt_escapetype {
	D3DKMT_ESCAPE_DRIVERPRIVATE	= 0,
	D3DKMT_ESCAPE_VIDMM		= 1,
	D3DKMT_ESCAPE_VIDSCH		= 3,
	D3DKMT_ESCAPE_DEVICE		= 4,
	D3DKMT_ESCAPE_DRT_TEST		= 8,
};

/* struct d3dddi_escapeflags, as its u32 value */
#define D3DDDI_ESCAPE_HARDWARE_ACCESS		0x01
#define D3DDDI_ESCAPE_DEVICE_STATUS_QUERY	0x02
#define D3DDDI_ESCAPE_CHANGE_FRAME_LATENCY	0x04
#define D3DDDI_ESCAPE_NO_ADAPTER_SYNC		0x08
#define D3DDDI_ESCAPE_VIRTUAL_MACHINE_DATA	0x20
#define D3DDDI_ESCAPE_DRIVER_KNOWN_ESCAPE	0x40
#define D3DDDI_ESCAPE_DRIVER_COMMON_ESCAPE	0x80

/* enum d3dddi_knownescapetype: first u32 of a known escape's private data */
#define D3DDDI_KNOWNESCAPE_TRANSLATEALLOCATIONHANDLE	0
#define D3DDDI_KNOWNESCAPE_TRANSLATERESOURCEHANDLE	1

/* dxgkrnl's limit on a VM-bus message and on an escape's private data */
#define DXG_MAX_VM_BUS_PACKET_SIZE	(128 * 1024)
/* 71 + N <= 131072 with the 6.6 extension header */
#define DXG_MAX_ESCAPE_SIZE_EXT		(DXG_MAX_VM_BUS_PACKET_SIZE - 71)

struct d3dkmt_escape {
	struct d3dkmthandle	adapter;
	struct d3dkmthandle	device;
	__u32		type;		/* enum d3dkmt_escapetype */
	__u32		flags;		/* struct d3dddi_escapeflags */
	__u64		priv_drv_data;	/* user pointer */
	__u32		priv_drv_data_size;
	struct d3dkmthandle	context;
};

struct d3dkmt_openadapterfromluid {
	struct winluid		adapter_luid;
	struct d3dkmthandle	adapter_handle;	/* out */
};

struct d3dkmt_createdevice {
	union {
		struct d3dkmthandle	adapter;
		__u64		adapter_pointer;
	};
	__u32		flags;		/* struct d3dkmt_createdeviceflags */
	struct d3dkmthandle	device;		/* out */
	__u64		command_buffer;
	__u32		command_buffer_size;
	__u32		reserved;
	__u64		allocation_list;
	__u32		allocation_list_size;
	__u32		reserved1;
	__u64		patch_location_list;
	__u32		patch_location_list_size;
	__u32		reserved2;
};

struct d3dkmt_destroydevice {
	struct d3dkmthandle	device;
};

struct d3dkmt_closeadapter {
	struct d3dkmthandle	adapter_handle;
};

/* enum kmtqueryadapterinfotype (the values used here) */
#define KMTQAITYPE_UMDRIVERPRIVATE		0
#define KMTQAITYPE_ADAPTERTYPE			15
#define KMTQAITYPE_PHYSICALADAPTERDEVICEIDS	31
#define KMTQAITYPE_ADAPTERTYPE_RENDER		57

struct d3dkmt_queryadapterinfo {
	struct d3dkmthandle	adapter;
	__u32		type;
	__u64		private_data;	/* user pointer */
	__u32		private_data_size;
	__u32		pad;
};

/* struct d3dkmt_adaptertype, as its u32 value */
#define D3DKMT_ADAPTERTYPE_RENDER_SUPPORTED	0x001
#define D3DKMT_ADAPTERTYPE_DISPLAY_SUPPORTED	0x002
#define D3DKMT_ADAPTERTYPE_PARAVIRTUALIZED	0x080
#define D3DKMT_ADAPTERTYPE_COMPUTE_ONLY		0x800

/* KMTQAITYPE_PHYSICALADAPTERDEVICEIDS: answered by the host, not the guest */
struct d3dkmt_device_ids {
	__u32 vendor_id;
	__u32 device_id;
	__u32 sub_vendor_id;
	__u32 sub_system_id;
	__u32 revision_id;
	__u32 bus_type;
};

struct d3dkmt_query_device_ids {
	__u32			physical_adapter_index;
	struct d3dkmt_device_ids	device_ids;
};

struct d3dkmt_adapterinfo {
	struct d3dkmthandle	adapter_handle;
	struct winluid		adapter_luid;
	__u32		num_sources;
	__u32		present_move_regions_preferred;
};

#define D3DKMT_ADAPTERS_MAX	64

struct d3dkmt_enumadapters2 {
	__u32		num_adapters;
	__u32		reserved;
	__u64		adapters;	/* struct d3dkmt_adapterinfo * */
};

/* union d3dkmt_enumadapters_filter, as its u64 value */
#define D3DKMT_ENUM_INCLUDE_COMPUTE_ONLY	0x1ull
#define D3DKMT_ENUM_INCLUDE_DISPLAY_ONLY	0x2ull

struct d3dkmt_enumadapters3 {
	__u64		filter;
	__u32		adapter_count;
	__u32		reserved;
	__u64		adapters;	/* struct d3dkmt_adapterinfo * */
};

#define LX_DXOPENADAPTERFROMLUID	_IOWR(0x47, 0x01, struct d3dkmt_openadapterfromluid)
#define LX_DXCREATEDEVICE		_IOWR(0x47, 0x02, struct d3dkmt_createdevice)
#define LX_DXQUERYADAPTERINFO		_IOWR(0x47, 0x09, struct d3dkmt_queryadapterinfo)
#define LX_DXESCAPE			_IOWR(0x47, 0x0d, struct d3dkmt_escape)
#define LX_DXENUMADAPTERS2		_IOWR(0x47, 0x14, struct d3dkmt_enumadapters2)
#define LX_DXCLOSEADAPTER		_IOWR(0x47, 0x15, struct d3dkmt_closeadapter)
#define LX_DXDESTROYDEVICE		_IOWR(0x47, 0x19, struct d3dkmt_destroydevice)
#define LX_DXENUMADAPTERS3		_IOWR(0x47, 0x3e, struct d3dkmt_enumadapters3)

static_assert(sizeof(struct d3dkmthandle) == 4, "d3dkmthandle");
static_assert(sizeof(struct winluid) == 8, "winluid");
static_assert(sizeof(struct d3dkmt_escape) == 32, "d3dkmt_escape");
static_assert(offsetof(struct d3dkmt_escape, type) == 8, "escape.type");
static_assert(offsetof(struct d3dkmt_escape, flags) == 12, "escape.flags");
static_assert(offsetof(struct d3dkmt_escape, priv_drv_data) == 16, "escape.priv_drv_data");
static_assert(offsetof(struct d3dkmt_escape, priv_drv_data_size) == 24, "escape.size");
static_assert(offsetof(struct d3dkmt_escape, context) == 28, "escape.context");
static_assert(sizeof(struct d3dkmt_openadapterfromluid) == 12, "openadapterfromluid");
static_assert(offsetof(struct d3dkmt_openadapterfromluid, adapter_handle) == 8, "open.handle");
static_assert(sizeof(struct d3dkmt_createdevice) == 64, "createdevice");
static_assert(offsetof(struct d3dkmt_createdevice, flags) == 8, "createdevice.flags");
static_assert(offsetof(struct d3dkmt_createdevice, device) == 12, "createdevice.device");
static_assert(offsetof(struct d3dkmt_createdevice, patch_location_list_size) == 56, "cd.pll");
static_assert(sizeof(struct d3dkmt_destroydevice) == 4, "destroydevice");
static_assert(sizeof(struct d3dkmt_closeadapter) == 4, "closeadapter");
static_assert(sizeof(struct d3dkmt_queryadapterinfo) == 24, "queryadapterinfo");
static_assert(offsetof(struct d3dkmt_queryadapterinfo, private_data) == 8, "qai.data");
static_assert(offsetof(struct d3dkmt_queryadapterinfo, private_data_size) == 16, "qai.size");
static_assert(sizeof(struct d3dkmt_query_device_ids) == 28, "query_device_ids");
static_assert(sizeof(struct d3dkmt_adapterinfo) == 20, "adapterinfo");
static_assert(offsetof(struct d3dkmt_adapterinfo, adapter_luid) == 4, "adapterinfo.luid");
static_assert(sizeof(struct d3dkmt_enumadapters2) == 16, "enumadapters2");
static_assert(offsetof(struct d3dkmt_enumadapters2, adapters) == 8, "enum2.adapters");
static_assert(sizeof(struct d3dkmt_enumadapters3) == 24, "enumadapters3");
static_assert(offsetof(struct d3dkmt_enumadapters3, adapter_count) == 8, "enum3.count");
static_assert(offsetof(struct d3dkmt_enumadapters3, adapters) == 16, "enum3.adapters");

static_assert(LX_DXOPENADAPTERFROMLUID == 0xC00C4701, "LX_DXOPENADAPTERFROMLUID");
static_assert(LX_DXCREATEDEVICE == 0xC0404702, "LX_DXCREATEDEVICE");
static_assert(LX_DXQUERYADAPTERINFO == 0xC0184709, "LX_DXQUERYADAPTERINFO");
static_assert(LX_DXESCAPE == 0xC020470D, "LX_DXESCAPE");
static_assert(LX_DXENUMADAPTERS2 == 0xC0104714, "LX_DXENUMADAPTERS2");
static_assert(LX_DXCLOSEADAPTER == 0xC0044715, "LX_DXCLOSEADAPTER");
static_assert(LX_DXDESTROYDEVICE == 0xC0044719, "LX_DXDESTROYDEVICE");
static_assert(LX_DXENUMADAPTERS3 == 0xC018473E, "LX_DXENUMADAPTERS3");

#endif /* DXG_UAPI_H */
