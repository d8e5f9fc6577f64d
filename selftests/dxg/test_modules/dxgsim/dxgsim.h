/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxgsim: a stand-in for the WSL2 dxgkrnl guest driver (6.6 line), running
 * on hvsim through the real hv_vmbus and PCI APIs.
 *
 * dxgsim_main.c     module init, /dev/dxg, the VMBus and PCI drivers,
 *                   version negotiation, adapter start/stop
 * dxgsim_process.c  processes, adapter handles, devices
 * dxgsim_ioctl.c    the LX_DX* ioctls, dxgkio_escape
 * dxgsim_vmbus.c    messages to the host: dxgvmb_send_escape,
 *                   dxgvmb_send_sync_msg, dxgvmbuschannel_receive, ntstatus2int
 *
 * Struct and function names on the escape path are the real driver's on
 * purpose (dxgprocess, dxgadapter, dxgvmbuschannel, dxgkio_escape, ...): a
 * kprobe written for dxgkrnl attaches to dxgsim by the same names and finds
 * the same arguments.
 */
#ifndef _DXGSIM_H
#define _DXGSIM_H

#include <linux/device.h>
#include <linux/hyperv.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>

#include "dxg_wire.h"
#include "dxgsim_uapi.h"

extern struct device *dxgsim_dev;

/* As the real DXG_ERR: "misc dxg: dxgk: <function>: <message>" */
#define DXG_ERR(fmt, ...) \
	dev_err(dxgsim_dev, "dxgk: %s: " fmt "\n", __func__, ##__VA_ARGS__)

#define DXG_TRACE_IOCTL_END(ret) do {			\
	int __ret = (ret);				\
							\
	if (__ret < 0)					\
		DXG_ERR("Ioctl failed: %d", __ret);	\
} while (0)

/*
 * Layout kept as the real one: the VMBus channel pointer at offset 0 (the
 * probe reads it from the receive callback's context argument).
 */
struct dxgvmbuschannel {
	struct vmbus_channel	*channel;
	struct hv_device	*hdev;
	struct dxgadapter	*adapter;	/* NULL for the global channel */
	spinlock_t		packet_list_mutex;
	struct list_head	packet_list_head;
	struct kmem_cache	*packet_cache;
	atomic64_t		packet_request_id;
};

enum dxgadapter_state {
	DXGADAPTER_STATE_ACTIVE		= 0,
	DXGADAPTER_STATE_STOPPED	= 1,
	DXGADAPTER_STATE_WAITING_VMBUS	= 2,
};

struct dxgadapter {
	enum dxgadapter_state	adapter_state;
	struct kref		adapter_kref;
	struct list_head	adapter_list_entry;
	/* held for read across every host round trip, for write to stop */
	struct rw_semaphore	core_lock;
	struct pci_dev		*pci_dev;
	struct hv_device	*hv_dev;
	struct dxgvmbuschannel	channel;
	struct d3dkmthandle	host_handle;
	struct winluid		luid;		/* from the channel instance GUID */
	struct winluid		host_vgpu_luid;	/* sent in every ext header */
	struct winluid		host_adapter_luid;
	bool			compute_only;
	bool			stopping;
};

struct dxgvgpuchannel {
	struct list_head	vgpu_ch_list_entry;
	struct winluid		adapter_luid;
	struct hv_device	*hdev;
};

struct dxgglobal {
	struct dxgvmbuschannel	channel;
	struct hv_device	*hdev;
	u32			num_adapters;
	u32			vmbus_ver;	/* negotiated interface version */
	bool			async_msg_enabled;
	bool			global_channel_initialized;
	bool			misc_registered;
	bool			vmbus_registered;
	bool			pci_registered;
	struct resource		*mem;
	u64			mmiospace_base;
	u64			mmiospace_size;
	struct miscdevice	dxgdevice;
	struct mutex		device_mutex;	/* probe/remove */
	struct rw_semaphore	channel_lock;	/* the global channel */
	struct rw_semaphore	adapter_list_lock;
	struct list_head	adapter_list_head;
	struct list_head	vgpu_ch_list_head;
	struct mutex		plistmutex;	/* the process list */
	struct list_head	plisthead;
	atomic_t		device_state_counter;
};

/* One per thread group that opened /dev/dxg */
struct dxgprocess {
	struct list_head	plistentry;
	struct kref		process_kref;
	pid_t			pid;
	pid_t			tgid;
	struct d3dkmthandle	host_handle;
	struct mutex		lock;		/* handles and devices */
	struct xarray		adapter_handles;	/* handle index -> dxgadapter */
	u32			next_handle;		/* the next index to try */
	struct list_head	device_list;
};

struct dxgdevice {
	struct list_head	entry;
	struct dxgadapter	*adapter;
	struct d3dkmthandle	handle;		/* the host's handle */
};

extern struct dxgglobal *dxgsim_global;

static inline struct dxgglobal *dxggbl(void)
{
	return dxgsim_global;
}

/* dxgsim_main.c */
int dxgadapter_acquire_lock_shared(struct dxgadapter *adapter);
void dxgadapter_release_lock_shared(struct dxgadapter *adapter);
void dxgadapter_release(struct kref *refcount);
int dxgglobal_acquire_channel_lock(void);
void dxgglobal_release_channel_lock(void);

/* dxgsim_process.c */
struct dxgprocess *dxgprocess_get_current(void);
void dxgprocess_put(struct dxgprocess *process);
int dxgprocess_open_adapter(struct dxgprocess *process, struct dxgadapter *adapter,
			    struct d3dkmthandle *handle);
int dxgprocess_close_adapter(struct dxgprocess *process, struct d3dkmthandle handle);
struct dxgadapter *dxgprocess_adapter_by_handle(struct dxgprocess *process,
						struct d3dkmthandle handle);
int dxgprocess_add_device(struct dxgprocess *process, struct dxgadapter *adapter,
			  struct d3dkmthandle handle);
struct dxgdevice *dxgprocess_take_device(struct dxgprocess *process,
					 struct d3dkmthandle handle);

/* dxgsim_ioctl.c */
long dxgk_unlocked_ioctl(struct file *f, unsigned int p1, unsigned long p2);
long dxgk_compat_ioctl(struct file *f, unsigned int p1, unsigned long p2);

/* dxgsim_vmbus.c */
int dxgvmbuschannel_init(struct dxgvmbuschannel *ch, struct hv_device *hdev);
void dxgvmbuschannel_destroy(struct dxgvmbuschannel *ch);
void dxgvmbuschannel_receive(void *ctx);
int dxgvmb_send_sync_msg(struct dxgvmbuschannel *channel, void *command, u32 cmd_size,
			 void *result, u32 result_size);
int ntstatus2int(struct ntstatus status);
int dxgvmb_send_set_iospace_region(u64 start, u64 len);
int dxgvmb_send_create_process(struct dxgprocess *process);
int dxgvmb_send_destroy_process(struct d3dkmthandle process);
int dxgvmb_send_open_adapter(struct dxgadapter *adapter);
int dxgvmb_send_close_adapter(struct dxgadapter *adapter);
int dxgvmb_send_get_internal_adapter_info(struct dxgadapter *adapter);
struct d3dkmthandle dxgvmb_send_create_device(struct dxgadapter *adapter,
					      struct dxgprocess *process,
					      struct d3dkmt_createdevice *args);
int dxgvmb_send_destroy_device(struct dxgadapter *adapter, struct dxgprocess *process,
			       struct d3dkmthandle h);
int dxgvmb_send_flush_device(struct dxgadapter *adapter, struct dxgprocess *process,
			     struct d3dkmthandle h);
int dxgvmb_send_query_adapter_info(struct dxgprocess *process, struct dxgadapter *adapter,
				   struct d3dkmt_queryadapterinfo *args);
int dxgvmb_send_escape(struct dxgprocess *process, struct dxgadapter *adapter,
		       struct d3dkmt_escape *args, bool user_mode);

#endif /* _DXGSIM_H */
