// SPDX-License-Identifier: GPL-2.0
/*
 * dxgsim: the LX_DX* ioctls dxgsim implements, with dxgkrnl's checks and
 * errnos.  dxgkio_escape, dxgk_unlocked_ioctl and dxgk_compat_ioctl carry
 * the real names on purpose (probe attach points); the known-escape
 * handling is inlined into dxgkio_escape as in the real build.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "dxgsim.h"

struct ioctl_desc {
	int (*ioctl_callback)(struct dxgprocess *p, void __user *arg);
	u32 ioctl;
};

static int dxgkio_open_adapter_from_luid(struct dxgprocess *process, void __user *inargs)
{
	struct d3dkmt_openadapterfromluid __user *result = inargs;
	struct d3dkmt_openadapterfromluid args;
	struct dxgglobal *g = dxggbl();
	struct dxgadapter *entry;
	int ret = 0;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		DXG_ERR("Faled to copy input args");
		ret = -EFAULT;
		goto cleanup;
	}
	args.adapter_handle.v = 0;

	down_read(&g->adapter_list_lock);
	list_for_each_entry(entry, &g->adapter_list_head, adapter_list_entry) {
		if (dxgadapter_acquire_lock_shared(entry))
			continue;
		if (entry->luid.a == args.adapter_luid.a && entry->luid.b == args.adapter_luid.b) {
			ret = dxgprocess_open_adapter(process, entry, &args.adapter_handle);
			if (ret >= 0 && copy_to_user(&result->adapter_handle, &args.adapter_handle,
						     sizeof(args.adapter_handle)))
				ret = -EFAULT;
			dxgadapter_release_lock_shared(entry);
			break;
		}
		dxgadapter_release_lock_shared(entry);
	}
	up_read(&g->adapter_list_lock);

	if (args.adapter_handle.v == 0)
		ret = -EINVAL;
cleanup:
	if (ret < 0 && args.adapter_handle.v)
		dxgprocess_close_adapter(process, args.adapter_handle);
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

/* Opens a handle to every adapter the filter lets through */
static int dxgsim_enum(struct dxgprocess *process, bool include_compute_only, u32 max,
		       struct d3dkmt_adapterinfo *info, u32 *count)
{
	struct dxgglobal *g = dxggbl();
	struct dxgadapter *entry;
	int ret = 0;

	*count = 0;
	down_read(&g->adapter_list_lock);
	list_for_each_entry(entry, &g->adapter_list_head, adapter_list_entry) {
		if (entry->compute_only && !include_compute_only)
			continue;
		if (*count >= max)
			break;
		if (dxgadapter_acquire_lock_shared(entry) == 0) {
			struct d3dkmt_adapterinfo *inf = &info[*count];

			ret = dxgprocess_open_adapter(process, entry, &inf->adapter_handle);
			if (ret >= 0) {
				inf->adapter_luid = entry->luid;
				(*count)++;
			}
			dxgadapter_release_lock_shared(entry);
		}
		if (ret < 0)
			break;
	}
	up_read(&g->adapter_list_lock);
	return ret;
}

static void dxgsim_enum_undo(struct dxgprocess *process, struct d3dkmt_adapterinfo *info,
			     u32 count)
{
	u32 i;

	for (i = 0; i < count; i++)
		dxgprocess_close_adapter(process, info[i].adapter_handle);
}

/* LX_DXENUMADAPTERS2: compute-only adapters are never listed */
static int dxgkio_enum_adapters(struct dxgprocess *process, void __user *inargs)
{
	struct d3dkmt_adapterinfo *info = NULL;
	struct d3dkmt_enumadapters2 args;
	struct dxgglobal *g = dxggbl();
	u32 count = 0;
	int ret;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		DXG_ERR("failed to copy input args");
		ret = -EFAULT;
		goto cleanup;
	}
	if (!args.adapters) {
		args.num_adapters = g->num_adapters;
		ret = copy_to_user(inargs, &args, sizeof(args)) ? -EFAULT : 0;
		goto cleanup;
	}
	/* the total counts compute-only adapters although they are skipped */
	if (args.num_adapters < g->num_adapters) {
		ret = -EOVERFLOW;
		goto cleanup;
	}
	if (args.num_adapters > D3DKMT_ADAPTERS_MAX) {
		ret = -EINVAL;
		goto cleanup;
	}
	info = vzalloc(sizeof(*info) * args.num_adapters);
	if (!info) {
		ret = -ENOMEM;
		goto cleanup;
	}
	ret = dxgsim_enum(process, false, args.num_adapters, info, &count);
	if (ret < 0)
		goto cleanup;

	args.num_adapters = count;
	if (copy_to_user(inargs, &args, sizeof(args))) {
		DXG_ERR("failed to copy args to user");
		ret = -EFAULT;
		goto cleanup;
	}
	if (copy_to_user(args.adapters, info, sizeof(*info) * count)) {
		DXG_ERR("failed to copy adapter info to user");
		ret = -EFAULT;
	}
cleanup:
	if (ret < 0 && info)
		dxgsim_enum_undo(process, info, count);
	vfree(info);
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

/* LX_DXENUMADAPTERS3: compute-only adapters only with include_compute_only */
static int dxgkio_enum_adapters3(struct dxgprocess *process, void __user *inargs)
{
	struct d3dkmt_enumadapters3 __user *uargs = inargs;
	struct d3dkmt_adapterinfo *info = NULL;
	struct d3dkmt_enumadapters3 args;
	struct dxgglobal *g = dxggbl();
	u32 count = 0;
	int ret;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		DXG_ERR("failed to copy input args");
		ret = -EFAULT;
		goto cleanup;
	}
	if (!args.adapters || !args.adapter_count) {
		ret = copy_to_user(&uargs->adapter_count, &g->num_adapters, sizeof(u32)) ?
		      -EFAULT : 0;
		goto cleanup;
	}
	if (args.adapter_count > 0xFFFF) {
		DXG_ERR("too many adapters");
		ret = -EINVAL;
		goto cleanup;
	}
	info = vzalloc(sizeof(*info) * args.adapter_count);
	if (!info) {
		ret = -ENOMEM;
		goto cleanup;
	}
	ret = dxgsim_enum(process, args.filter.include_compute_only, args.adapter_count, info,
			  &count);
	if (ret < 0)
		goto cleanup;
	if (copy_to_user(&uargs->adapter_count, &count, sizeof(count))) {
		DXG_ERR("failed to copy adapter_count");
		ret = -EFAULT;
		goto cleanup;
	}
	if (copy_to_user(args.adapters, info, sizeof(*info) * count)) {
		DXG_ERR("failed to copy adapter info");
		ret = -EFAULT;
	}
cleanup:
	if (ret < 0 && info)
		dxgsim_enum_undo(process, info, count);
	vfree(info);
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

static int dxgkio_close_adapter(struct dxgprocess *process, void __user *inargs)
{
	struct d3dkmthandle args;
	int ret;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		DXG_ERR("failed to copy input args");
		ret = -EFAULT;
		goto cleanup;
	}
	ret = dxgprocess_close_adapter(process, args);
	if (ret < 0)
		DXG_ERR("failed to close adapter: %d", ret);
cleanup:
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

static int dxgkio_query_adapter_info(struct dxgprocess *process, void __user *inargs)
{
	struct d3dkmt_queryadapterinfo args;
	struct dxgadapter *adapter = NULL;
	int ret;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		DXG_ERR("failed to copy input args");
		ret = -EFAULT;
		goto cleanup;
	}
	if (args.private_data_size > DXG_MAX_VM_BUS_PACKET_SIZE || args.private_data_size == 0) {
		DXG_ERR("invalid private data size");
		ret = -EINVAL;
		goto cleanup;
	}
	adapter = dxgprocess_adapter_by_handle(process, args.adapter);
	if (!adapter) {
		ret = -EINVAL;
		goto cleanup;
	}
	ret = dxgadapter_acquire_lock_shared(adapter);
	if (ret < 0)
		goto cleanup;
	ret = dxgvmb_send_query_adapter_info(process, adapter, &args);
	dxgadapter_release_lock_shared(adapter);
cleanup:
	if (adapter)
		kref_put(&adapter->adapter_kref, dxgadapter_release);
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

static int dxgkio_create_device(struct dxgprocess *process, void __user *inargs)
{
	struct d3dkmt_createdevice __user *uargs = inargs;
	struct d3dkmthandle host_device_handle = {};
	struct d3dkmt_createdevice args;
	struct dxgadapter *adapter = NULL;
	bool adapter_locked = false;
	int ret;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		DXG_ERR("failed to copy input args");
		ret = -EFAULT;
		goto cleanup;
	}
	adapter = dxgprocess_adapter_by_handle(process, args.adapter);
	if (!adapter) {
		ret = -EINVAL;
		goto cleanup;
	}
	ret = dxgadapter_acquire_lock_shared(adapter);
	if (ret < 0)
		goto cleanup;
	adapter_locked = true;

	host_device_handle = dxgvmb_send_create_device(adapter, process, &args);
	if (host_device_handle.v) {
		if (copy_to_user(&uargs->device, &host_device_handle,
				 sizeof(host_device_handle))) {
			DXG_ERR("failed to copy device handle");
			ret = -EFAULT;
			goto cleanup;
		}
		ret = dxgprocess_add_device(process, adapter, host_device_handle);
	}
cleanup:
	if (ret < 0 && host_device_handle.v)
		dxgvmb_send_destroy_device(adapter, process, host_device_handle);
	if (adapter_locked)
		dxgadapter_release_lock_shared(adapter);
	if (adapter)
		kref_put(&adapter->adapter_kref, dxgadapter_release);
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

static int dxgkio_destroy_device(struct dxgprocess *process, void __user *inargs)
{
	struct d3dkmt_destroydevice args;
	struct dxgdevice *device;
	int ret = 0;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		DXG_ERR("failed to copy input args");
		ret = -EFAULT;
		goto cleanup;
	}
	device = dxgprocess_take_device(process, args.device);
	if (!device) {
		DXG_ERR("invalid device handle: %x", args.device.v);
		ret = -EINVAL;
		goto cleanup;
	}
	if (dxgadapter_acquire_lock_shared(device->adapter) == 0) {
		dxgvmb_send_destroy_device(device->adapter, process, args.device);
		dxgadapter_release_lock_shared(device->adapter);
	}
	kfree(device);
cleanup:
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

static noinline int dxgkio_escape(struct dxgprocess *process, void __user *inargs)
{
	enum d3dddi_knownescapetype escape_type;
	struct dxgadapter *adapter = NULL;
	bool adapter_locked = false;
	struct d3dkmt_escape args;
	int ret;

	if (copy_from_user(&args, inargs, sizeof(args))) {
		ret = -EFAULT;
		goto cleanup;
	}
	adapter = dxgprocess_adapter_by_handle(process, args.adapter);
	if (!adapter) {
		ret = -EINVAL;
		goto cleanup;
	}
	ret = dxgadapter_acquire_lock_shared(adapter);
	if (ret < 0)
		goto cleanup;
	adapter_locked = true;

	/* the host knows the adapter by its own handle */
	args.adapter = adapter->host_handle;

	if (args.type != _D3DKMT_ESCAPE_DRIVERPRIVATE || !args.flags.driver_known_escape) {
		ret = dxgvmb_send_escape(process, adapter, &args, true);
		goto cleanup;
	}

	/* driver_known_escape(), inlined as in the real build */
	if (args.priv_drv_data_size < sizeof(escape_type)) {
		dev_err(dxgsim_dev, "dxgk: driver_known_escape: Invalid private data size\n");
		ret = -EINVAL;
		goto cleanup;
	}
	if (copy_from_user(&escape_type, args.priv_drv_data, sizeof(escape_type))) {
		dev_err(dxgsim_dev, "dxgk: driver_known_escape: Failed to read escape type\n");
		ret = -EFAULT;
		goto cleanup;
	}
	switch (escape_type) {
	case _D3DDDI_DRIVERESCAPETYPE_TRANSLATEALLOCATIONHANDLE:
	case _D3DDDI_DRIVERESCAPETYPE_TRANSLATERESOURCEHANDLE:
		/* host and guest handles are the same: nothing to ask */
		ret = 0;
		break;
	default:
		/* BUILDTESTCOMMANDBUFFER is not simulated: it goes to the host as is */
		ret = dxgvmb_send_escape(process, adapter, &args, true);
		break;
	}

cleanup:
	if (adapter_locked)
		dxgadapter_release_lock_shared(adapter);
	if (adapter)
		kref_put(&adapter->adapter_kref, dxgadapter_release);
	DXG_TRACE_IOCTL_END(ret);
	return ret;
}

static const struct ioctl_desc ioctls[] = {
	[0x01] = { dxgkio_open_adapter_from_luid, LX_DXOPENADAPTERFROMLUID },
	[0x02] = { dxgkio_create_device, LX_DXCREATEDEVICE },
	[0x09] = { dxgkio_query_adapter_info, LX_DXQUERYADAPTERINFO },
	[0x0d] = { dxgkio_escape, LX_DXESCAPE },
	[0x14] = { dxgkio_enum_adapters, LX_DXENUMADAPTERS2 },
	[0x15] = { dxgkio_close_adapter, LX_DXCLOSEADAPTER },
	[0x19] = { dxgkio_destroy_device, LX_DXDESTROYDEVICE },
	[0x3e] = { dxgkio_enum_adapters3, LX_DXENUMADAPTERS3 },
	[0x49] = { },	/* the real table ends at 0x49 */
};

/* out of line under its own name, as in the real build */
static noinline __noclone int dxgk_ioctl(struct file *f, unsigned int p1, unsigned long p2)
{
	struct dxgprocess *process = f->private_data;
	int code = _IOC_NR(p1);

	if (code < 1 || code >= ARRAY_SIZE(ioctls)) {
		DXG_ERR("bad ioctl %x %x %x %x", code, _IOC_TYPE(p1), _IOC_SIZE(p1),
			_IOC_DIR(p1));
		return -ENOTTY;
	}
	if (!ioctls[code].ioctl_callback) {
		DXG_ERR("ioctl callback is NULL %x", code);
		return -ENOTTY;
	}
	if (ioctls[code].ioctl != p1) {
		DXG_ERR("ioctl mismatch. Code: %x User: %x Kernel: %x", code, p1,
			ioctls[code].ioctl);
		return -ENOTTY;
	}
	if (process->tgid != current->tgid) {
		DXG_ERR("Call from a wrong process: %d %d", process->tgid, current->tgid);
		return -ENOTTY;
	}
	return ioctls[code].ioctl_callback(process, (void __user *)p2);
}

long dxgk_compat_ioctl(struct file *f, unsigned int p1, unsigned long p2)
{
	return dxgk_ioctl(f, p1, p2);
}

long dxgk_unlocked_ioctl(struct file *f, unsigned int p1, unsigned long p2)
{
	return dxgk_ioctl(f, p1, p2);
}
