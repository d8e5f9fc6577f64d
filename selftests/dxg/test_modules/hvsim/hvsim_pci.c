// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: a virtual PCI bus with one function per simulated adapter, built
 * the way pci-hyperv builds its bus (a root bus with its own config-space
 * accessors).  The functions have no BARs, no interrupts and no
 * capabilities; their config space carries what dxgkrnl reads and writes:
 *
 *   192  VMBus channel instance GUID (16 bytes, read)
 *   208  interface version (read: the host's; write: the guest's)
 *   212  vGPU LUID (read, 8 bytes) / guest caps (write, 4 bytes)
 *   220  host caps (read)
 *
 * 212 is both the LUID the guest reads and the guest caps it writes, as on
 * Hyper-V; writes never change what reads return.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "hvsim.h"

/* A domain number no firmware hands out on the machines we boot */
#define HVSIM_PCI_DOMAIN	0x1414

struct hvsim_pci {
	struct pci_sysdata sysdata;	/* must be first: x86 reads bus->sysdata */
	struct pci_bus *bus;
	struct resource busn;
	struct list_head resources;
};

static struct hvsim_pci *hvsim_pci;

static struct hvsim_adapter *hvsim_pci_adapter(struct pci_bus *bus, unsigned int devfn)
{
	if (bus->number || PCI_FUNC(devfn) || PCI_SLOT(devfn) >= HVSIM_NR_ADAPTERS)
		return NULL;
	return &hvsim_adapters[PCI_SLOT(devfn)];
}

static int hvsim_pci_read(struct pci_bus *bus, unsigned int devfn, int where, int size,
			  u32 *val)
{
	struct hvsim_adapter *a = hvsim_pci_adapter(bus, devfn);
	u32 v = 0;

	if (!a) {
		*val = ~0U;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	if (where < 0 || where + size > sizeof(a->config))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	memcpy(&v, &a->config[where], size);
	*val = le32_to_cpu((__force __le32)v);
	return PCIBIOS_SUCCESSFUL;
}

static int hvsim_pci_write(struct pci_bus *bus, unsigned int devfn, int where, int size,
			   u32 val)
{
	struct hvsim_adapter *a = hvsim_pci_adapter(bus, devfn);

	if (!a)
		return PCIBIOS_DEVICE_NOT_FOUND;
	if (where < 0 || where + size > sizeof(a->config))
		return PCIBIOS_BAD_REGISTER_NUMBER;

	if (where == DXGK_VMBUS_VERSION_OFFSET && size == 4) {
		a->guest_version = val;
		pr_debug("%s: guest interface version %u\n", a->name, val);
	} else if (where == DXGK_VMBUS_GUESTCAPS_OFFSET && size == 4) {
		a->guest_caps = val;
		pr_debug("%s: guest caps %#x\n", a->name, val);
	} else if (where == PCI_COMMAND && size >= 2) {
		/* keep the command register so that enable/disable work */
		a->config[PCI_COMMAND] = val & 0xff;
		a->config[PCI_COMMAND + 1] = (val >> 8) & 0xff;
	}
	/* everything else (BAR sizing included) is read-only zero */
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops hvsim_pci_ops = {
	.read = hvsim_pci_read,
	.write = hvsim_pci_write,
};

static void hvsim_put32(u8 *cfg, int off, u32 v)
{
	__le32 le = cpu_to_le32(v);

	memcpy(cfg + off, &le, sizeof(le));
}

static void hvsim_pci_fill_config(struct hvsim_adapter *a)
{
	u8 *cfg = a->config;

	memset(cfg, 0, sizeof(a->config));
	hvsim_put32(cfg, PCI_VENDOR_ID, PCI_VENDOR_ID_MICROSOFT | (a->pci_device << 16));
	hvsim_put32(cfg, PCI_CLASS_REVISION, a->pci_class << 8);
	cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
	hvsim_put32(cfg, PCI_SUBSYSTEM_VENDOR_ID, PCI_VENDOR_ID_MICROSOFT);

	memcpy(cfg + DXGK_VMBUS_CHANNEL_ID_OFFSET, &a->instance, sizeof(a->instance));
	hvsim_put32(cfg, DXGK_VMBUS_VERSION_OFFSET, hvsim_vmbus_version);
	hvsim_put32(cfg, DXGK_VMBUS_VGPU_LUID_OFFSET, a->vgpu_luid.a);
	hvsim_put32(cfg, DXGK_VMBUS_VGPU_LUID_OFFSET + 4, a->vgpu_luid.b);
	hvsim_put32(cfg, DXGK_VMBUS_HOSTCAPS_OFFSET, 0);	/* no map_guest_memory */
}

int hvsim_pci_init(void)
{
	struct hvsim_pci *hp;
	int i;

	for (i = 0; i < HVSIM_NR_ADAPTERS; i++)
		hvsim_pci_fill_config(&hvsim_adapters[i]);

	hp = kzalloc(sizeof(*hp), GFP_KERNEL);
	if (!hp)
		return -ENOMEM;
	hp->sysdata.domain = HVSIM_PCI_DOMAIN;
	hp->sysdata.node = NUMA_NO_NODE;
	INIT_LIST_HEAD(&hp->resources);
	hp->busn.name = "hvsim bus";
	hp->busn.start = 0;
	hp->busn.end = 0;
	hp->busn.flags = IORESOURCE_BUS;
	pci_add_resource(&hp->resources, &hp->busn);

	hp->bus = pci_create_root_bus(hvsim_root, 0, &hvsim_pci_ops, &hp->sysdata,
				      &hp->resources);
	if (!hp->bus) {
		pci_free_resource_list(&hp->resources);
		kfree(hp);
		return -ENODEV;
	}

	pci_lock_rescan_remove();
	pci_scan_child_bus(hp->bus);
	pci_bus_assign_resources(hp->bus);
	pci_bus_add_devices(hp->bus);
	pci_unlock_rescan_remove();

	hvsim_pci = hp;
	return 0;
}

void hvsim_pci_exit(void)
{
	struct hvsim_pci *hp = hvsim_pci;
	struct pci_host_bridge *bridge;

	if (!hp)
		return;
	bridge = pci_find_host_bridge(hp->bus);
	pci_lock_rescan_remove();
	pci_stop_root_bus(hp->bus);
	pci_remove_root_bus(hp->bus);
	pci_unlock_rescan_remove();
	/*
	 * pci_remove_root_bus() only deletes the host bridge device: the
	 * reference of pci_create_root_bus() frees it, with its windows
	 * (kmemleak on the debug kernel found them after every unload).
	 */
	put_device(&bridge->dev);
	pci_free_resource_list(&hp->resources);
	kfree(hp);
	hvsim_pci = NULL;
}
