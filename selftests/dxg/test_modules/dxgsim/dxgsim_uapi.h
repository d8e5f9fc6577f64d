/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxgsim: the subset of include/uapi/misc/d3dkmthk.h (WSL2 6.6) that dxgsim
 * implements: struct layouts and the LX_DX* ioctl codes.  Names are the
 * real ones on purpose; user space built against d3dkmthk.h talks to
 * dxgsim unchanged.
 */
#ifndef _DXGSIM_UAPI_H
#define _DXGSIM_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#include "dxg_wire.h"

#define D3DKMT_ADAPTERS_MAX		64

enum d3dkmt_escapetype {
	_D3DKMT_ESCAPE_DRIVERPRIVATE	= 0,
	_D3DKMT_ESCAPE_VIDMM		= 1,
	_D3DKMT_ESCAPE_VIDSCH		= 3,
	_D3DKMT_ESCAPE_DEVICE		= 4,
	_D3DKMT_ESCAPE_DRT_TEST		= 8,
};

enum d3dddi_knownescapetype {
	_D3DDDI_DRIVERESCAPETYPE_TRANSLATEALLOCATIONHANDLE	= 0,
	_D3DDDI_DRIVERESCAPETYPE_TRANSLATERESOURCEHANDLE	= 1,
	_D3DDDI_DRIVERESCAPETYPE_CPUEVENTUSAGE			= 2,
	_D3DDDI_DRIVERESCAPETYPE_BUILDTESTCOMMANDBUFFER		= 3,
};

struct d3dddi_escapeflags {
	union {
		struct {
			__u32	hardware_access			:1;
			__u32	device_status_query		:1;
			__u32	change_frame_latency		:1;
			__u32	no_adapter_synchronization	:1;
			__u32	reserved			:1;
			__u32	virtual_machine_data		:1;
			__u32	driver_known_escape		:1;
			__u32	driver_common_escape		:1;
			__u32	reserved2			:24;
		};
		__u32		value;
	};
};

struct d3dkmt_escape {
	struct d3dkmthandle		adapter;
	struct d3dkmthandle		device;
	enum d3dkmt_escapetype		type;
	struct d3dddi_escapeflags	flags;
	void __user			*priv_drv_data;
	__u32				priv_drv_data_size;
	struct d3dkmthandle		context;
};

struct d3dkmt_openadapterfromluid {
	struct winluid			adapter_luid;
	struct d3dkmthandle		adapter_handle;
};

struct d3dkmt_createdeviceflags {
	__u32				legacy_mode:1;
	__u32				request_vsync:1;
	__u32				disable_gpu_timeout:1;
	__u32				gdi_device:1;
	__u32				reserved:28;
};

struct d3dkmt_createdevice {
	struct d3dkmthandle		adapter;
	__u32				reserved3;
	struct d3dkmt_createdeviceflags	flags;
	struct d3dkmthandle		device;
	__u64				command_buffer;
	__u32				command_buffer_size;
	__u32				reserved;
	__u64				allocation_list;
	__u32				allocation_list_size;
	__u32				reserved1;
	__u64				patch_location_list;
	__u32				patch_location_list_size;
	__u32				reserved2;
};

struct d3dkmt_destroydevice {
	struct d3dkmthandle		device;
};

enum kmtqueryadapterinfotype {
	_KMTQAITYPE_UMDRIVERPRIVATE	= 0,
	_KMTQAITYPE_ADAPTERTYPE		= 15,
	_KMTQAITYPE_ADAPTERTYPE_RENDER	= 57,
};

struct d3dkmt_queryadapterinfo {
	struct d3dkmthandle		adapter;
	enum kmtqueryadapterinfotype	type;
	void __user			*private_data;
	__u32				private_data_size;
};

struct d3dkmt_adaptertype {
	union {
		struct {
			__u32		render_supported:1;
			__u32		display_supported:1;
			__u32		software_device:1;
			__u32		post_device:1;
			__u32		hybrid_discrete:1;
			__u32		hybrid_integrated:1;
			__u32		indirect_display_device:1;
			__u32		paravirtualized:1;
			__u32		acg_supported:1;
			__u32		support_set_timings_from_vidpn:1;
			__u32		detachable:1;
			__u32		compute_only:1;
			__u32		prototype:1;
			__u32		reserved:19;
		};
		__u32			value;
	};
};

struct d3dkmt_adapterinfo {
	struct d3dkmthandle		adapter_handle;
	struct winluid			adapter_luid;
	__u32				num_sources;
	__u32				present_move_regions_preferred;
};

struct d3dkmt_enumadapters2 {
	__u32				num_adapters;
	__u32				reserved;
	struct d3dkmt_adapterinfo __user *adapters;
};

union d3dkmt_enumadapters_filter {
	struct {
		__u64	include_compute_only:1;
		__u64	include_display_only:1;
		__u64	reserved:62;
	};
	__u64		value;
};

struct d3dkmt_enumadapters3 {
	union d3dkmt_enumadapters_filter	filter;
	__u32					adapter_count;
	__u32					reserved;
	struct d3dkmt_adapterinfo __user	*adapters;
};

#define LX_DXOPENADAPTERFROMLUID	_IOWR(0x47, 0x01, struct d3dkmt_openadapterfromluid)
#define LX_DXCREATEDEVICE		_IOWR(0x47, 0x02, struct d3dkmt_createdevice)
#define LX_DXQUERYADAPTERINFO		_IOWR(0x47, 0x09, struct d3dkmt_queryadapterinfo)
#define LX_DXESCAPE			_IOWR(0x47, 0x0d, struct d3dkmt_escape)
#define LX_DXENUMADAPTERS2		_IOWR(0x47, 0x14, struct d3dkmt_enumadapters2)
#define LX_DXCLOSEADAPTER		_IOWR(0x47, 0x15, struct d3dkmthandle)
#define LX_DXDESTROYDEVICE		_IOWR(0x47, 0x19, struct d3dkmt_destroydevice)
#define LX_DXENUMADAPTERS3		_IOWR(0x47, 0x3e, struct d3dkmt_enumadapters3)

static_assert(sizeof(struct d3dkmt_escape) == 32);
static_assert(offsetof(struct d3dkmt_escape, priv_drv_data) == 16);
static_assert(offsetof(struct d3dkmt_escape, priv_drv_data_size) == 24);
static_assert(sizeof(struct d3dkmt_createdevice) == 64);
static_assert(offsetof(struct d3dkmt_createdevice, device) == 12);
static_assert(sizeof(struct d3dkmt_queryadapterinfo) == 24);
static_assert(sizeof(struct d3dkmt_adapterinfo) == 20);
static_assert(sizeof(struct d3dkmt_enumadapters2) == 16);
static_assert(sizeof(struct d3dkmt_enumadapters3) == 24);
static_assert(LX_DXESCAPE == 0xC020470D);
static_assert(LX_DXOPENADAPTERFROMLUID == 0xC00C4701);
static_assert(LX_DXCREATEDEVICE == 0xC0404702);
static_assert(LX_DXQUERYADAPTERINFO == 0xC0184709);
static_assert(LX_DXENUMADAPTERS2 == 0xC0104714);
static_assert(LX_DXCLOSEADAPTER == 0xC0044715);
static_assert(LX_DXDESTROYDEVICE == 0xC0044719);
static_assert(LX_DXENUMADAPTERS3 == 0xC018473E);

#endif /* _DXGSIM_UAPI_H */
