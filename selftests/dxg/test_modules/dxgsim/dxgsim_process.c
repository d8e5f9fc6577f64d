// SPDX-License-Identifier: GPL-2.0
/*
 * dxgsim: processes (one per thread group that opens /dev/dxg), the adapter
 * handles they hold and the devices they create.
 *
 * Simplified from dxgkrnl: adapter handles live in a per-process xarray
 * instead of the hmgr table, with the same encoding (index << 6 | unique <<
 * 30) and, like hmgr, indices handed out from 0 in order, freed ones reused
 * last; unique stays 1 (hmgr bumps it on reuse).  Devices are a list; sync
 * objects, contexts and allocations do not exist.
 */
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "dxgsim.h"

#define DXGSIM_HANDLE_UNIQUE	0x40000000
#define DXGSIM_HANDLE_SHIFT	6
#define DXGSIM_HANDLE_MAX	0xffffff

static bool dxgsim_handle_index(struct d3dkmthandle h, u32 *index)
{
	*index = (h.v >> DXGSIM_HANDLE_SHIFT) & DXGSIM_HANDLE_MAX;
	return h.v == (DXGSIM_HANDLE_UNIQUE | (*index << DXGSIM_HANDLE_SHIFT));
}

/* Tell the host to drop one device; the adapter lock makes it safe to send */
static void dxgsim_destroy_device(struct dxgprocess *process, struct dxgdevice *device,
				  bool flush)
{
	if (dxgadapter_acquire_lock_shared(device->adapter) == 0) {
		if (flush)
			dxgvmb_send_flush_device(device->adapter, process, device->handle);
		dxgvmb_send_destroy_device(device->adapter, process, device->handle);
		dxgadapter_release_lock_shared(device->adapter);
	}
	kfree(device);
}

/* Called with process->lock held */
static void dxgsim_destroy_adapter_devices(struct dxgprocess *process,
					   struct dxgadapter *adapter)
{
	struct dxgdevice *device, *tmp;

	list_for_each_entry_safe(device, tmp, &process->device_list, entry) {
		if (adapter && device->adapter != adapter)
			continue;
		list_del(&device->entry);
		dxgsim_destroy_device(process, device, true);
	}
}

static bool dxgsim_adapter_still_open(struct dxgprocess *process, struct dxgadapter *adapter)
{
	struct dxgadapter *entry;
	unsigned long index;

	xa_for_each(&process->adapter_handles, index, entry)
		if (entry == adapter)
			return true;
	return false;
}

static void dxgprocess_release(struct kref *kref)
{
	struct dxgprocess *process = container_of(kref, struct dxgprocess, process_kref);
	struct dxgadapter *adapter;
	unsigned long index;

	list_del(&process->plistentry);
	mutex_unlock(&dxggbl()->plistmutex);

	mutex_lock(&process->lock);
	dxgsim_destroy_adapter_devices(process, NULL);
	xa_for_each(&process->adapter_handles, index, adapter) {
		xa_erase(&process->adapter_handles, index);
		kref_put(&adapter->adapter_kref, dxgadapter_release);
	}
	mutex_unlock(&process->lock);
	xa_destroy(&process->adapter_handles);

	if (process->host_handle.v)
		dxgvmb_send_destroy_process(process->host_handle);
	kfree(process);
}

void dxgprocess_put(struct dxgprocess *process)
{
	kref_put_mutex(&process->process_kref, dxgprocess_release, &dxggbl()->plistmutex);
}

/* Find or create the dxgprocess of the calling thread group */
struct dxgprocess *dxgprocess_get_current(void)
{
	struct dxgglobal *g = dxggbl();
	struct dxgprocess *process;
	int ret;

	mutex_lock(&g->plistmutex);
	list_for_each_entry(process, &g->plisthead, plistentry) {
		if (process->tgid == current->tgid &&
		    kref_get_unless_zero(&process->process_kref)) {
			mutex_unlock(&g->plistmutex);
			return process;
		}
	}
	mutex_unlock(&g->plistmutex);

	process = kzalloc(sizeof(*process), GFP_KERNEL);
	if (!process)
		return NULL;
	kref_init(&process->process_kref);
	process->pid = current->pid;
	process->tgid = current->tgid;
	mutex_init(&process->lock);
	xa_init_flags(&process->adapter_handles, XA_FLAGS_ALLOC);
	INIT_LIST_HEAD(&process->device_list);

	ret = dxgvmb_send_create_process(process);
	if (ret < 0) {
		kfree(process);
		return NULL;
	}

	mutex_lock(&g->plistmutex);
	list_add_tail(&process->plistentry, &g->plisthead);
	mutex_unlock(&g->plistmutex);
	return process;
}

/* Each open gets a new handle; the adapter stays referenced until it closes */
int dxgprocess_open_adapter(struct dxgprocess *process, struct dxgadapter *adapter,
			    struct d3dkmthandle *handle)
{
	u32 index;
	int ret;

	mutex_lock(&process->lock);
	ret = xa_alloc_cyclic(&process->adapter_handles, &index, adapter,
			      XA_LIMIT(0, DXGSIM_HANDLE_MAX), &process->next_handle, GFP_KERNEL);
	if (ret >= 0)
		kref_get(&adapter->adapter_kref);
	mutex_unlock(&process->lock);
	if (ret < 0) {
		handle->v = 0;
		return ret;
	}
	handle->v = DXGSIM_HANDLE_UNIQUE | (index << DXGSIM_HANDLE_SHIFT);
	return 0;
}

int dxgprocess_close_adapter(struct dxgprocess *process, struct d3dkmthandle handle)
{
	struct dxgadapter *adapter;
	u32 index;

	if (!dxgsim_handle_index(handle, &index))
		return -EINVAL;
	mutex_lock(&process->lock);
	adapter = xa_erase(&process->adapter_handles, index);
	/* the last handle of the adapter takes the process's devices with it */
	if (adapter && !dxgsim_adapter_still_open(process, adapter))
		dxgsim_destroy_adapter_devices(process, adapter);
	mutex_unlock(&process->lock);

	if (!adapter)
		return -EINVAL;
	kref_put(&adapter->adapter_kref, dxgadapter_release);
	return 0;
}

/* Returns the adapter with a reference the caller drops, or NULL */
struct dxgadapter *dxgprocess_adapter_by_handle(struct dxgprocess *process,
						struct d3dkmthandle handle)
{
	struct dxgadapter *adapter;
	u32 index;

	if (!dxgsim_handle_index(handle, &index))
		return NULL;
	mutex_lock(&process->lock);
	adapter = xa_load(&process->adapter_handles, index);
	if (adapter)
		kref_get(&adapter->adapter_kref);
	mutex_unlock(&process->lock);
	return adapter;
}

int dxgprocess_add_device(struct dxgprocess *process, struct dxgadapter *adapter,
			  struct d3dkmthandle handle)
{
	struct dxgdevice *device;

	device = kzalloc(sizeof(*device), GFP_KERNEL);
	if (!device)
		return -ENOMEM;
	device->adapter = adapter;
	device->handle = handle;
	mutex_lock(&process->lock);
	list_add_tail(&device->entry, &process->device_list);
	mutex_unlock(&process->lock);
	return 0;
}

/* Unlinks the device with the given host handle; the caller frees it */
struct dxgdevice *dxgprocess_take_device(struct dxgprocess *process,
					 struct d3dkmthandle handle)
{
	struct dxgdevice *device;

	mutex_lock(&process->lock);
	list_for_each_entry(device, &process->device_list, entry) {
		if (device->handle.v == handle.v) {
			list_del(&device->entry);
			mutex_unlock(&process->lock);
			return device;
		}
	}
	mutex_unlock(&process->lock);
	return NULL;
}
