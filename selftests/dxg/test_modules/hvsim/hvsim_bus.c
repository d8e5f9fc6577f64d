// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: the VMBus bus type, driver registration and the offered devices.
 *
 * __vmbus_driver_register and vmbus_driver_unregister carry the real
 * hv_vmbus names and prototypes on purpose: guest drivers built against
 * <linux/hyperv.h> link to them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>

#include "hvsim.h"

static const struct hv_vmbus_device_id *
hvsim_match_id(const struct hv_driver *drv, const struct hv_device *hdev)
{
	const struct hv_vmbus_device_id *id = drv->id_table;

	if (!id)
		return NULL;
	for (; !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, &hdev->dev_type))
			return id;
	return NULL;
}

#ifdef BUS_MATCH_CONST_DRV	/* see Kbuild */
static int hvsim_bus_match(struct device *dev, const struct device_driver *drv)
#else
static int hvsim_bus_match(struct device *dev, struct device_driver *drv)
#endif
{
	const struct hv_driver *hdrv = container_of(drv, struct hv_driver, driver);

	return !!hvsim_match_id(hdrv, container_of(dev, struct hv_device, device));
}

static int hvsim_bus_probe(struct device *dev)
{
	struct hv_driver *hdrv = container_of(dev->driver, struct hv_driver, driver);
	struct hv_device *hdev = container_of(dev, struct hv_device, device);
	const struct hv_vmbus_device_id *id = hvsim_match_id(hdrv, hdev);

	if (!id || !hdrv->probe)
		return -ENODEV;
	return hdrv->probe(hdev, id);
}

static void hvsim_bus_remove(struct device *dev)
{
	struct hv_driver *hdrv = container_of(dev->driver, struct hv_driver, driver);
	struct hv_device *hdev = container_of(dev, struct hv_device, device);

	if (hdrv->remove)
		hdrv->remove(hdev);
}

/*
 * Named like the real bus: /sys/bus/vmbus/devices/<instance>.  Read-only
 * where the driver core takes it so (6.4+); 6.1's bus_register() stores its
 * private data in it.  struct device_driver's own pointer tells which.
 */
static typeof(*((struct device_driver *)NULL)->bus) hvsim_bus = {
	.name = "vmbus",
	.match = hvsim_bus_match,
	.probe = hvsim_bus_probe,
	.remove = hvsim_bus_remove,
};

int __vmbus_driver_register(struct hv_driver *hv_driver, struct module *owner,
			    const char *mod_name)
{
	pr_info("registering driver %s\n", hv_driver->name);

	hv_driver->driver.name = hv_driver->name;
	hv_driver->driver.owner = owner;
	hv_driver->driver.mod_name = mod_name;
	hv_driver->driver.bus = &hvsim_bus;
	spin_lock_init(&hv_driver->dynids.lock);
	INIT_LIST_HEAD(&hv_driver->dynids.list);

	return driver_register(&hv_driver->driver);
}
EXPORT_SYMBOL_GPL(__vmbus_driver_register);

void vmbus_driver_unregister(struct hv_driver *hv_driver)
{
	pr_info("unregistering driver %s\n", hv_driver->name);
	driver_unregister(&hv_driver->driver);
}
EXPORT_SYMBOL_GPL(vmbus_driver_unregister);

/* VMBus relids are unique per channel; tools and trace events key on them */
static atomic_t hvsim_last_relid = ATOMIC_INIT(0);

static void hvsim_vmdev_release(struct device *dev)
{
	struct hvsim_vmdev *vd = container_of(dev, struct hvsim_vmdev, hdev.device);

	kfree(vd);
}

struct hvsim_vmdev *hvsim_vmdev_add(enum hvsim_chan_kind kind, const guid_t *type,
				    const guid_t *instance, struct hvsim_adapter *adapter)
{
	struct hvsim_vmdev *vd;
	int ret;

	vd = kzalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return ERR_PTR(-ENOMEM);

	vd->kind = kind;
	vd->adapter = adapter;
	hvsim_channel_init(vd);

	guid_copy(&vd->chan.offermsg.offer.if_type, type);
	guid_copy(&vd->chan.offermsg.offer.if_instance, instance);
	vd->chan.offermsg.child_relid = atomic_inc_return(&hvsim_last_relid);
	/* dxgkrnl refuses a global channel that offers no MMIO space */
	if (kind == HVSIM_CHAN_GLOBAL)
		vd->chan.offermsg.offer.mmio_megabytes = 16;
	vd->chan.device_obj = &vd->hdev;

	guid_copy(&vd->hdev.dev_type, type);
	guid_copy(&vd->hdev.dev_instance, instance);
	vd->hdev.channel = &vd->chan;
	vd->hdev.device.bus = &hvsim_bus;
	vd->hdev.device.parent = hvsim_root;
	vd->hdev.device.release = hvsim_vmdev_release;
	dev_set_name(&vd->hdev.device, "%pUl", instance);

	ret = device_register(&vd->hdev.device);
	if (ret) {
		put_device(&vd->hdev.device);
		return ERR_PTR(ret);
	}
	return vd;
}

void hvsim_vmdev_del(struct hvsim_vmdev *vd)
{
	get_device(&vd->hdev.device);
	/* unbinds the guest driver, whose remove callback closes the channel */
	device_unregister(&vd->hdev.device);
	if (vd->opened) {
		dev_warn(&vd->hdev.device, "guest left the channel open, closing it\n");
		vmbus_close(&vd->chan);
	}
	put_device(&vd->hdev.device);
}

int hvsim_bus_init(void)
{
	return bus_register(&hvsim_bus);
}

void hvsim_bus_exit(void)
{
	bus_unregister(&hvsim_bus);
}
