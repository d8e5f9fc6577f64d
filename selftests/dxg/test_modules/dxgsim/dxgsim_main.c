// SPDX-License-Identifier: GPL-2.0
/*
 * dxgsim: a stand-in for the WSL2 dxgkrnl guest driver, on hvsim.
 *
 * Module init and exit, /dev/dxg, the VMBus driver (global and vGPU
 * channels) and the PCI driver (1414:008E, 1414:008A), interface version
 * negotiation through PCI config space, adapter start and stop.  The order
 * of events follows dxgmodule.c: an adapter starts once its PCI function,
 * its vGPU channel and the global channel are all present.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>

#include "dxgsim.h"

struct dxgglobal *dxgsim_global;
struct device *dxgsim_dev;

static const struct hv_vmbus_device_id dxg_vmbus_id_table[] = {
	{ .guid = HV_GPUP_DXGK_VGPU_GUID_INIT },
	{ .guid = HV_GPUP_DXGK_GLOBAL_GUID_INIT },
	{ }
};

static const struct pci_device_id dxg_pci_id_table[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_MICROSOFT, PCI_DEVICE_ID_VIRTUAL_RENDER) },
	{ PCI_DEVICE(PCI_VENDOR_ID_MICROSOFT, PCI_DEVICE_ID_COMPUTE_ACCELERATOR) },
	{ }
};

static void guid_to_luid(const guid_t *guid, struct winluid *luid)
{
	memcpy(luid, &guid->b[0], sizeof(*luid));
}

int dxgglobal_acquire_channel_lock(void)
{
	struct dxgglobal *g = dxggbl();

	down_read(&g->channel_lock);
	if (!g->channel.channel) {
		DXG_ERR("Failed to acquire global channel lock");
		return -ENODEV;
	}
	return 0;
}

void dxgglobal_release_channel_lock(void)
{
	up_read(&dxggbl()->channel_lock);
}

/* -ENODEV unless the adapter is active; holds core_lock for read on success */
int dxgadapter_acquire_lock_shared(struct dxgadapter *adapter)
{
	down_read(&adapter->core_lock);
	if (adapter->adapter_state == DXGADAPTER_STATE_ACTIVE)
		return 0;
	up_read(&adapter->core_lock);
	return -ENODEV;
}

void dxgadapter_release_lock_shared(struct dxgadapter *adapter)
{
	up_read(&adapter->core_lock);
}

void dxgadapter_release(struct kref *refcount)
{
	kfree(container_of(refcount, struct dxgadapter, adapter_kref));
}

/* /dev/dxg */

static int dxgk_open(struct inode *n, struct file *f)
{
	struct dxgprocess *process = dxgprocess_get_current();

	if (!process)
		return -EBADF;
	f->private_data = process;
	return 0;
}

static int dxgk_release(struct inode *n, struct file *f)
{
	struct dxgprocess *process = f->private_data;

	if (!process)
		return -EINVAL;
	dxgprocess_put(process);
	f->private_data = NULL;
	return 0;
}

static const struct file_operations dxgk_fops = {
	.owner = THIS_MODULE,
	.open = dxgk_open,
	.release = dxgk_release,
	.compat_ioctl = dxgk_compat_ioctl,
	.unlocked_ioctl = dxgk_unlocked_ioctl,
};

/* Global channel */

static int dxgglobal_getiospace(struct dxgglobal *g)
{
	struct hv_device *hdev = g->hdev;
	int ret;

	g->mmiospace_size = hdev->channel->offermsg.offer.mmio_megabytes;
	if (!g->mmiospace_size)
		return -ENOMEM;
	g->mmiospace_size <<= 20;
	ret = vmbus_allocate_mmio(&g->mem, hdev, 0, -1, g->mmiospace_size, 0x10000, false);
	if (ret) {
		DXG_ERR("Unable to allocate mmio memory: %d", ret);
		return ret;
	}
	g->mmiospace_size = resource_size(g->mem);
	g->mmiospace_base = g->mem->start;
	return 0;
}

static void dxgglobal_destroy_global_channel(void)
{
	struct dxgglobal *g = dxggbl();

	down_write(&g->channel_lock);
	g->global_channel_initialized = false;
	if (g->mem) {
		vmbus_free_mmio(g->mmiospace_base, g->mmiospace_size);
		g->mem = NULL;
	}
	dxgvmbuschannel_destroy(&g->channel);
	if (g->hdev) {
		hv_set_drvdata(g->hdev, NULL);
		g->hdev = NULL;
	}
	up_write(&g->channel_lock);
}

static int dxgglobal_init_global_channel(void)
{
	struct dxgglobal *g = dxggbl();
	int ret;

	ret = dxgvmbuschannel_init(&g->channel, g->hdev);
	if (ret) {
		DXG_ERR("dxgvmbuschannel_init failed: %d", ret);
		return ret;
	}
	ret = dxgglobal_getiospace(g);
	if (ret) {
		DXG_ERR("getiospace failed: %d", ret);
		return ret;
	}
	ret = dxgvmb_send_set_iospace_region(g->mmiospace_base, g->mmiospace_size);
	if (ret < 0) {
		DXG_ERR("send_set_iospace_region failed");
		return ret;
	}
	hv_set_drvdata(g->hdev, g);
	return 0;
}

/* Adapters */

static void dxgadapter_start(struct dxgadapter *adapter)
{
	struct dxgglobal *g = dxggbl();
	struct dxgvgpuchannel *ch = NULL, *entry;
	int ret;

	list_for_each_entry(entry, &g->vgpu_ch_list_head, vgpu_ch_list_entry) {
		if (!memcmp(&adapter->luid, &entry->adapter_luid, sizeof(adapter->luid))) {
			ch = entry;
			break;
		}
	}
	if (!ch)
		return;

	/* the global channel comes up with the first adapter */
	if (!g->global_channel_initialized) {
		ret = dxgglobal_init_global_channel();
		if (ret) {
			dxgglobal_destroy_global_channel();
			return;
		}
		g->global_channel_initialized = true;
	}

	ret = dxgvmbuschannel_init(&adapter->channel, ch->hdev);
	if (ret)
		goto fail;
	adapter->channel.adapter = adapter;
	adapter->hv_dev = ch->hdev;
	ret = dxgvmb_send_open_adapter(adapter);
	if (ret < 0) {
		DXG_ERR("dxgvmb_send_open_adapter failed: %d", ret);
		goto fail;
	}
	ret = dxgvmb_send_get_internal_adapter_info(adapter);
	if (ret)
		goto fail;
	adapter->adapter_state = DXGADAPTER_STATE_ACTIVE;
	return;
fail:
	DXG_ERR("Failed to start adapter %p", adapter);
	adapter->adapter_state = DXGADAPTER_STATE_STOPPED;
}

static void dxgadapter_stop(struct dxgadapter *adapter)
{
	bool active;

	/* waits for every caller holding core_lock for read */
	down_write(&adapter->core_lock);
	active = adapter->adapter_state == DXGADAPTER_STATE_ACTIVE;
	if (active)
		dxgvmb_send_close_adapter(adapter);
	adapter->adapter_state = DXGADAPTER_STATE_STOPPED;
	up_write(&adapter->core_lock);
	dxgvmbuschannel_destroy(&adapter->channel);
}

/* Called with device_mutex held */
static void dxgglobal_start_adapters(void)
{
	struct dxgglobal *g = dxggbl();
	struct dxgadapter *adapter;

	if (!g->hdev)
		return;
	down_write(&g->adapter_list_lock);
	list_for_each_entry(adapter, &g->adapter_list_head, adapter_list_entry)
		if (adapter->adapter_state == DXGADAPTER_STATE_WAITING_VMBUS)
			dxgadapter_start(adapter);
	up_write(&g->adapter_list_lock);
}

static struct dxgadapter *dxgsim_find_adapter(const struct winluid *luid)
{
	struct dxgglobal *g = dxggbl();
	struct dxgadapter *entry;

	list_for_each_entry(entry, &g->adapter_list_head, adapter_list_entry)
		if (!memcmp(luid, &entry->luid, sizeof(*luid)))
			return entry;
	return NULL;
}

/* PCI driver: interface version negotiation and adapter creation */

static int dxg_pci_read_dwords(struct pci_dev *dev, int offset, int size, void *val)
{
	int i, ret;

	for (i = 0; i < size / sizeof(u32); i++) {
		ret = pci_read_config_dword(dev, offset + i * sizeof(u32), (u32 *)val + i);
		if (ret) {
			DXG_ERR("Failed to read PCI config: %d", offset);
			return ret;
		}
	}
	return 0;
}

static int dxg_pci_probe_device(struct pci_dev *dev, const struct pci_device_id *id)
{
	struct dxgglobal *g = dxggbl();
	u32 vmbus_interface_ver = DXGK_VMBUS_INTERFACE_VERSION;
	struct winluid vgpu_luid = {};
	struct dxgadapter *adapter;
	u32 host_caps = 0;
	guid_t guid;
	int ret;

	mutex_lock(&g->device_mutex);
	if (g->vmbus_ver == 0) {
		/* guest caps: wsl2 */
		ret = pci_write_config_dword(dev, DXGK_VMBUS_GUESTCAPS_OFFSET, 1);
		if (ret)
			goto cleanup;
		ret = pci_read_config_dword(dev, DXGK_VMBUS_VERSION_OFFSET, &vmbus_interface_ver);
		if (ret == 0 && vmbus_interface_ver != 0)
			g->vmbus_ver = vmbus_interface_ver;
		else
			g->vmbus_ver = DXGK_VMBUS_INTERFACE_VERSION_OLD;
		if (g->vmbus_ver >= DXGK_VMBUS_INTERFACE_VERSION) {
			ret = pci_write_config_dword(dev, DXGK_VMBUS_VERSION_OFFSET,
						     DXGK_VMBUS_INTERFACE_VERSION);
			if (ret)
				goto cleanup;
			/* map_guest_memory is not simulated */
			pci_read_config_dword(dev, DXGK_VMBUS_HOSTCAPS_OFFSET, &host_caps);
			if (g->vmbus_ver > DXGK_VMBUS_INTERFACE_VERSION)
				g->vmbus_ver = DXGK_VMBUS_INTERFACE_VERSION;
		}
	}

	ret = dxg_pci_read_dwords(dev, DXGK_VMBUS_CHANNEL_ID_OFFSET, sizeof(guid), &guid);
	if (ret)
		goto cleanup;
	if (g->vmbus_ver >= DXGK_VMBUS_INTERFACE_VERSION) {
		ret = dxg_pci_read_dwords(dev, DXGK_VMBUS_VGPU_LUID_OFFSET, sizeof(vgpu_luid),
					  &vgpu_luid);
		if (ret)
			goto cleanup;
	}

	adapter = kzalloc(sizeof(*adapter), GFP_KERNEL);
	if (!adapter) {
		ret = -ENOMEM;
		goto cleanup;
	}
	adapter->adapter_state = DXGADAPTER_STATE_WAITING_VMBUS;
	adapter->host_vgpu_luid = vgpu_luid;
	adapter->compute_only = dev->device == PCI_DEVICE_ID_COMPUTE_ACCELERATOR;
	kref_init(&adapter->adapter_kref);
	init_rwsem(&adapter->core_lock);
	adapter->pci_dev = dev;
	guid_to_luid(&guid, &adapter->luid);

	down_write(&g->adapter_list_lock);
	list_add_tail(&adapter->adapter_list_entry, &g->adapter_list_head);
	g->num_adapters++;
	up_write(&g->adapter_list_lock);
	pci_set_drvdata(dev, adapter);

	dxgglobal_start_adapters();
cleanup:
	mutex_unlock(&g->device_mutex);
	return ret;
}

static void dxg_pci_remove_device(struct pci_dev *dev)
{
	struct dxgadapter *adapter = pci_get_drvdata(dev);
	struct dxgglobal *g = dxggbl();

	mutex_lock(&g->device_mutex);
	down_write(&g->adapter_list_lock);
	list_del(&adapter->adapter_list_entry);
	g->num_adapters--;
	up_write(&g->adapter_list_lock);
	dxgadapter_stop(adapter);
	kref_put(&adapter->adapter_kref, dxgadapter_release);
	mutex_unlock(&g->device_mutex);
}

static struct pci_driver dxg_pci_drv = {
	.name = KBUILD_MODNAME,
	.id_table = dxg_pci_id_table,
	.probe = dxg_pci_probe_device,
	.remove = dxg_pci_remove_device,
};

/* VMBus driver */

static int dxg_probe_vmbus(struct hv_device *hdev, const struct hv_vmbus_device_id *dev_id)
{
	struct dxgglobal *g = dxggbl();
	struct dxgvgpuchannel *vgpuch;
	int ret = 0;

	mutex_lock(&g->device_mutex);
	if (guid_equal(&hdev->dev_type, &dxg_vmbus_id_table[0].guid)) {
		vgpuch = kzalloc(sizeof(*vgpuch), GFP_KERNEL);
		if (!vgpuch) {
			ret = -ENOMEM;
			goto out;
		}
		guid_to_luid(&hdev->channel->offermsg.offer.if_instance, &vgpuch->adapter_luid);
		vgpuch->hdev = hdev;
		list_add_tail(&vgpuch->vgpu_ch_list_entry, &g->vgpu_ch_list_head);
		dxgglobal_start_adapters();
	} else if (guid_equal(&hdev->dev_type, &dxg_vmbus_id_table[1].guid)) {
		if (g->hdev) {
			DXG_ERR("global channel already exists");
			ret = -EBADE;
			goto out;
		}
		g->hdev = hdev;
		dxgglobal_start_adapters();
	} else {
		DXG_ERR("Unknown VM bus device type");
		ret = -ENODEV;
	}
out:
	mutex_unlock(&g->device_mutex);
	return ret;
}

static void dxg_remove_vmbus_common(struct hv_device *hdev)
{
	struct dxgglobal *g = dxggbl();
	struct dxgvgpuchannel *ch;
	struct dxgadapter *adapter;
	struct winluid luid;

	mutex_lock(&g->device_mutex);
	if (guid_equal(&hdev->dev_type, &dxg_vmbus_id_table[0].guid)) {
		guid_to_luid(&hdev->channel->offermsg.offer.if_instance, &luid);
		adapter = dxgsim_find_adapter(&luid);
		if (adapter)
			dxgadapter_stop(adapter);
		list_for_each_entry(ch, &g->vgpu_ch_list_head, vgpu_ch_list_entry) {
			if (ch->hdev == hdev) {
				list_del(&ch->vgpu_ch_list_entry);
				kfree(ch);
				break;
			}
		}
	} else if (guid_equal(&hdev->dev_type, &dxg_vmbus_id_table[1].guid)) {
		dxgglobal_destroy_global_channel();
	}
	mutex_unlock(&g->device_mutex);
}

#ifdef HV_REMOVE_RETURNS_VOID	/* see Kbuild */
static void dxg_remove_vmbus(struct hv_device *hdev)
{
	dxg_remove_vmbus_common(hdev);
}
#else
static int dxg_remove_vmbus(struct hv_device *hdev)
{
	dxg_remove_vmbus_common(hdev);
	return 0;
}
#endif

static struct hv_driver dxg_vmbus_drv = {
	.name = KBUILD_MODNAME,
	.id_table = dxg_vmbus_id_table,
	.probe = dxg_probe_vmbus,
	.remove = dxg_remove_vmbus,
};

MODULE_DEVICE_TABLE(vmbus, dxg_vmbus_id_table);
MODULE_DEVICE_TABLE(pci, dxg_pci_id_table);

/* Module */

static bool dxgsim_real_dxg_exists(void)
{
	struct path path;

	if (kern_path("/dev/dxg", LOOKUP_FOLLOW, &path))
		return false;
	path_put(&path);
	return true;
}

static void dxgglobal_destroy(struct dxgglobal *g)
{
	struct dxgadapter *adapter;

	/* stop the adapters while the channels still work: CLOSEADAPTER */
	mutex_lock(&g->device_mutex);
	list_for_each_entry(adapter, &g->adapter_list_head, adapter_list_entry)
		dxgadapter_stop(adapter);
	mutex_unlock(&g->device_mutex);

	if (g->vmbus_registered)
		vmbus_driver_unregister(&dxg_vmbus_drv);
	if (g->pci_registered)
		pci_unregister_driver(&dxg_pci_drv);
	if (g->misc_registered)
		misc_deregister(&g->dxgdevice);
	kfree(g);
}

static int __init dxg_drv_init(void)
{
	struct dxgglobal *g;
	int ret;

	if (dxgsim_real_dxg_exists()) {
		pr_err("dxgsim: refusing to load: /dev/dxg exists (dxgkrnl is loaded?)\n");
		return -EEXIST;
	}

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	mutex_init(&g->device_mutex);
	mutex_init(&g->plistmutex);
	INIT_LIST_HEAD(&g->plisthead);
	init_rwsem(&g->channel_lock);
	init_rwsem(&g->adapter_list_lock);
	INIT_LIST_HEAD(&g->adapter_list_head);
	INIT_LIST_HEAD(&g->vgpu_ch_list_head);
	dxgsim_global = g;

	g->dxgdevice.minor = MISC_DYNAMIC_MINOR;
	g->dxgdevice.name = "dxg";
	g->dxgdevice.fops = &dxgk_fops;
	g->dxgdevice.mode = 0666;
	ret = misc_register(&g->dxgdevice);
	if (ret) {
		pr_err("dxgsim: misc_register failed: %d\n", ret);
		goto error;
	}
	g->misc_registered = true;
	dxgsim_dev = g->dxgdevice.this_device;

	ret = vmbus_driver_register(&dxg_vmbus_drv);
	if (ret) {
		DXG_ERR("vmbus_driver_register failed: %d", ret);
		goto error;
	}
	g->vmbus_registered = true;

	ret = pci_register_driver(&dxg_pci_drv);
	if (ret) {
		DXG_ERR("pci_driver_register failed: %d", ret);
		goto error;
	}
	g->pci_registered = true;
	return 0;

error:
	dxgglobal_destroy(g);
	dxgsim_global = NULL;
	return ret;
}

static void __exit dxg_drv_exit(void)
{
	dxgglobal_destroy(dxgsim_global);
	dxgsim_global = NULL;
}

module_init(dxg_drv_init);
module_exit(dxg_drv_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Stand-in for the dxgkrnl guest driver, on hvsim (test module)");
MODULE_INFO(test, "Y");
