// SPDX-License-Identifier: GPL-2.0
/*
 * dxgprobe: flight recorder for the dxgkrnl (WSL2 GPU-PV) VM-bus path.
 *
 * Init/exit, module parameters and the attach/detach orchestration: probes
 * go on every symbol present at load, and a module loaded later (dxgkrnl
 * built =m, or a stand-in) gets attached when it comes and detached before
 * it goes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>

#include "dxgprobe.h"
#include "txn.h"

static unsigned int ring_size = 4096;
module_param(ring_size, uint, 0444);
MODULE_PARM_DESC(ring_size, "finished records kept (1..1048576, default 4096)");

static unsigned int pool_size = 256;
module_param(pool_size, uint, 0444);
MODULE_PARM_DESC(pool_size, "transactions open at once (1..65536, default 256)");

/* both 64-byte captures of all 4096 ring records (512 KiB), and 128 KiB more */
static unsigned int arena_kb = 640;
module_param(arena_kb, uint, 0444);
MODULE_PARM_DESC(arena_kb, "KiB of captured bytes kept with the records (8..65536, default 640)");

module_param_named(maxactive, dxgprobe_maxactive, uint, 0444);
MODULE_PARM_DESC(maxactive, "kretprobe instances per probe (1..4096, default 256)");

static unsigned int capture_bytes = 64;
module_param(capture_bytes, uint, 0444);
MODULE_PARM_DESC(capture_bytes, "initial bytes of request and reply captured (0..4096, default 64)");

static bool enabled = true;
module_param(enabled, bool, 0444);
MODULE_PARM_DESC(enabled, "record from load on (default Y)");

static int check_param(const char *name, unsigned int val, unsigned int lo, unsigned int hi)
{
	if (val >= lo && val <= hi)
		return 0;
	pr_err("%s=%u is out of range %u..%u\n", name, val, lo, hi);
	return -EINVAL;
}

static int check_params(void)
{
	return check_param("ring_size", ring_size, 1, 1 << 20) ?:
	       check_param("pool_size", pool_size, 1, 1 << 16) ?:
	       check_param("arena_kb", arena_kb, 8, 1 << 16) ?:
	       check_param("maxactive", dxgprobe_maxactive, 1, 4096) ?:
	       check_param("capture_bytes", capture_bytes, 0, DXGPROBE_CAPTURE_MAX);
}

static int dxgprobe_module_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	struct module *mod = data;

	mutex_lock(&dxgprobe_attach_mutex);
	switch (action) {
	case MODULE_STATE_COMING:
		dxgprobe_points_attach();
		break;
	case MODULE_STATE_GOING:
		if (dxgprobe_points_detach(mod)) {
			pr_info("detached from %s\n", mod->name);
			dxgprobe_txn_flush_all();
		}
		break;
	}
	mutex_unlock(&dxgprobe_attach_mutex);
	return NOTIFY_OK;
}

static struct notifier_block dxgprobe_module_nb = {
	.notifier_call = dxgprobe_module_notify,
};

static int __init dxgprobe_init(void)
{
	int err, n;

	err = check_params();
	if (err)
		return err;
	dxgprobe_capture_bytes = capture_bytes;
	dxgprobe_enabled = enabled;

	err = dxgprobe_txn_init(pool_size, ring_size, arena_kb * 1024);
	if (err)
		return err;

	err = register_module_notifier(&dxgprobe_module_nb);
	if (err)
		goto out_txn;

	mutex_lock(&dxgprobe_attach_mutex);
	n = dxgprobe_points_attach();
	mutex_unlock(&dxgprobe_attach_mutex);
	/* transactions open only now, with every point armed and in the mask */
	dxgprobe_txn_set_ready();

	dxgprobe_debugfs_init();
	pr_info("loaded: %d of %u attach points present, %zu KiB preallocated\n",
		n, dxgprobe_nr_points, dxgprobe_txn_memory() / 1024);
	return 0;

out_txn:
	dxgprobe_txn_exit();
	return err;
}

/*
 * Files first (no reader left), then the notifier, then the probes: once
 * unregister_kretprobes() returned no handler runs, and escapes still in
 * flight return through the kernel's trampoline without calling us.  Only
 * then is the memory freed.
 */
static void __exit dxgprobe_exit(void)
{
	dxgprobe_debugfs_exit();
	unregister_module_notifier(&dxgprobe_module_nb);
	mutex_lock(&dxgprobe_attach_mutex);
	dxgprobe_points_detach(NULL);
	mutex_unlock(&dxgprobe_attach_mutex);
	/* the open records reach the trace consumers too, as pending or incomplete */
	dxgprobe_txn_flush_all();
	dxgprobe_txn_exit();
}

module_init(dxgprobe_init);
module_exit(dxgprobe_exit);
MODULE_DESCRIPTION("Flight recorder for the dxgkrnl VM-bus path");
MODULE_LICENSE("GPL");
