// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: a simulated Hyper-V host for dxgkrnl, at the hv_vmbus API boundary.
 *
 * Module init and exit, parameters, and the two simulated adapters.  The
 * host offers a global DXGK VMBus channel, one vGPU channel per adapter and
 * one PCI function per adapter, so that a guest driver written against
 * <linux/hyperv.h> (dxgsim, or a dxgkrnl built for this kernel) runs on it
 * unmodified.  See docs/simulated-host.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/device.h>
#include <asm/hypervisor.h>

#include "hvsim.h"

static char *profile_gpu = "echo";
module_param(profile_gpu, charp, 0444);
MODULE_PARM_DESC(profile_gpu, "escape reply profile of the GPU adapter (default echo)");

static char *profile_npu = "empty";
module_param(profile_npu, charp, 0444);
MODULE_PARM_DESC(profile_npu, "escape reply profile of the NPU adapter (default empty)");

unsigned int hvsim_vmbus_version = DXGK_VMBUS_INTERFACE_VERSION;
module_param_named(vmbus_version, hvsim_vmbus_version, uint, 0444);
MODULE_PARM_DESC(vmbus_version,
		 "interface version offered in PCI config space (40: ext header, 27: old layout)");

bool hvsim_async_msg;
module_param_named(async_msg, hvsim_async_msg, bool, 0444);
MODULE_PARM_DESC(async_msg,
		 "host enables async messages: the guest sends vGPU commands on the global channel");

struct device *hvsim_root;
struct hvsim_vmdev *hvsim_global_vmdev;
struct workqueue_struct *hvsim_wq;

/*
 * The channel instance GUIDs are the adapters' identities: dxgkrnl takes the
 * first 8 bytes as the adapter LUID, both from PCI config space and from the
 * VMBus offer, and pairs the two by it.
 */
struct hvsim_adapter hvsim_adapters[HVSIM_NR_ADAPTERS] = {
	{
		.name = "gpu",
		.kind = HVSIM_CHAN_GPU,
		.pci_device = PCI_DEVICE_ID_VIRTUAL_RENDER,
		.pci_class = 0x030200,		/* 3D controller */
		.instance = GUID_INIT(0x8e000001, 0x1414, 0x4856, 0x53, 0x49,
				      0x4d, 0x47, 0x50, 0x55, 0x00, 0x01),
		.vgpu_luid = { .a = 0x1001, .b = 0 },
		.host_adapter_luid = { .a = 0x2001, .b = 0 },
		.description = "hvsim virtual render GPU",
		.instance_id = "PCI\\VEN_1414&DEV_008E&SUBSYS_00000000&REV_00\\hvsim0",
		.compute_only = false,
	},
	{
		.name = "npu",
		.kind = HVSIM_CHAN_NPU,
		.pci_device = PCI_DEVICE_ID_COMPUTE_ACCELERATOR,
		.pci_class = 0x120000,		/* processing accelerator */
		.instance = GUID_INIT(0x8a000002, 0x1414, 0x4856, 0x53, 0x49,
				      0x4d, 0x4e, 0x50, 0x55, 0x00, 0x02),
		.vgpu_luid = { .a = 0x1002, .b = 0 },
		.host_adapter_luid = { .a = 0x2002, .b = 0 },
		.description = "Intel(R) AI Boost (hvsim)",
		.instance_id = "PCI\\VEN_8086&DEV_7D1D&SUBSYS_00000000&REV_04\\hvsim1",
		.compute_only = true,
	},
};

/* An arbitrary instance for the global channel; dxgkrnl does not look at it */
static const guid_t hvsim_global_instance =
	GUID_INIT(0xc0cbe9dd, 0x1414, 0x4856, 0x53, 0x49, 0x4d, 0x47, 0x4c, 0x42, 0x00, 0x00);

const char *hvsim_chan_name(enum hvsim_chan_kind kind)
{
	switch (kind) {
	case HVSIM_CHAN_GLOBAL:
		return "global";
	case HVSIM_CHAN_GPU:
		return "gpu";
	case HVSIM_CHAN_NPU:
		return "npu";
	case HVSIM_CHAN_FOREIGN:
		return "foreign";
	}
	return "?";
}

static int hvsim_set_initial_profiles(void)
{
	const char *param[HVSIM_NR_ADAPTERS] = { profile_gpu, profile_npu };
	struct hvsim_profile p;
	int i;

	for (i = 0; i < HVSIM_NR_ADAPTERS; i++) {
		if (hvsim_profile_parse(param[i], &p)) {
			pr_err("invalid profile_%s=%s\n", hvsim_adapters[i].name, param[i]);
			return -EINVAL;
		}
		hvsim_profile_set(&hvsim_adapters[i], &p);
	}
	return 0;
}

static void hvsim_remove_vmdevs(void)
{
	int i;

	for (i = 0; i < HVSIM_NR_ADAPTERS; i++) {
		if (hvsim_adapters[i].vmdev)
			hvsim_vmdev_del(hvsim_adapters[i].vmdev);
		hvsim_adapters[i].vmdev = NULL;
	}
	if (hvsim_global_vmdev)
		hvsim_vmdev_del(hvsim_global_vmdev);
	hvsim_global_vmdev = NULL;
}

static int hvsim_add_vmdevs(void)
{
	const guid_t global_type = HV_GPUP_DXGK_GLOBAL_GUID_INIT;
	const guid_t vgpu_type = HV_GPUP_DXGK_VGPU_GUID_INIT;
	struct hvsim_vmdev *vd;
	int i;

	vd = hvsim_vmdev_add(HVSIM_CHAN_GLOBAL, &global_type, &hvsim_global_instance, NULL);
	if (IS_ERR(vd))
		return PTR_ERR(vd);
	hvsim_global_vmdev = vd;

	for (i = 0; i < HVSIM_NR_ADAPTERS; i++) {
		struct hvsim_adapter *a = &hvsim_adapters[i];

		vd = hvsim_vmdev_add(a->kind, &vgpu_type, &a->instance, a);
		if (IS_ERR(vd)) {
			hvsim_remove_vmdevs();
			return PTR_ERR(vd);
		}
		a->vmdev = vd;
	}
	return 0;
}

static int __init hvsim_init(void)
{
	int ret;

	/*
	 * On Hyper-V the real hv_vmbus owns these symbols and the devices; two
	 * VMBus implementations in one kernel would fight over both.
	 */
	if (x86_hyper_type == X86_HYPER_MS_HYPERV) {
		pr_err("refusing to load: running on Hyper-V, the real VMBus is available\n");
		return -EEXIST;
	}
	if (hvsim_vmbus_version < DXGK_VMBUS_LAST_COMPATIBLE_INTERFACE_VERSION) {
		pr_err("vmbus_version=%u is below the last compatible version %u\n",
		       hvsim_vmbus_version, DXGK_VMBUS_LAST_COMPATIBLE_INTERFACE_VERSION);
		return -EINVAL;
	}
	if (hvsim_async_msg && hvsim_vmbus_version < DXGK_VMBUS_INTERFACE_VERSION) {
		/* without the ext header nothing names the adapter on the global channel */
		pr_err("async_msg=1 needs vmbus_version >= %u\n", DXGK_VMBUS_INTERFACE_VERSION);
		return -EINVAL;
	}
	ret = hvsim_set_initial_profiles();
	if (ret)
		return ret;

	hvsim_wq = alloc_ordered_workqueue("hvsim_host", 0);
	if (!hvsim_wq)
		return -ENOMEM;

	hvsim_root = root_device_register("hvsim");
	if (IS_ERR(hvsim_root)) {
		ret = PTR_ERR(hvsim_root);
		goto err_wq;
	}
	ret = hvsim_proto_init();
	if (ret)
		goto err_root;
	ret = hvsim_bus_init();
	if (ret)
		goto err_proto;
	ret = hvsim_add_vmdevs();
	if (ret)
		goto err_bus;
	ret = hvsim_foreign_init();
	if (ret)
		goto err_vmdevs;
	ret = hvsim_pci_init();
	if (ret)
		goto err_foreign;
	hvsim_debugfs_init();

	pr_info("simulated Hyper-V host ready: vmbus_version=%u async_msg=%d\n",
		hvsim_vmbus_version, hvsim_async_msg);
	return 0;

err_foreign:
	hvsim_foreign_exit();
err_vmdevs:
	hvsim_remove_vmdevs();
err_bus:
	hvsim_bus_exit();
err_proto:
	hvsim_proto_exit();
err_root:
	root_device_unregister(hvsim_root);
err_wq:
	destroy_workqueue(hvsim_wq);
	return ret;
}

static void __exit hvsim_exit(void)
{
	hvsim_debugfs_exit();
	hvsim_pci_exit();
	hvsim_foreign_exit();
	hvsim_remove_vmdevs();
	hvsim_bus_exit();
	hvsim_proto_exit();
	root_device_unregister(hvsim_root);
	destroy_workqueue(hvsim_wq);
	pr_info("unloaded\n");
}

module_init(hvsim_init);
module_exit(hvsim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Simulated Hyper-V host for dxgkrnl (test module)");
MODULE_INFO(test, "Y");
