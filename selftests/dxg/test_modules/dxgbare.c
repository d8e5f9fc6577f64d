// SPDX-License-Identifier: GPL-2.0
/*
 * dxgbare: the kprobe mechanism's own cost, as make bench's baseline.
 *
 * mode=ret (default): a kretprobe on each of dxgprobe's attach points
 * (dxgprobe/probes.c: dxgkio_escape, dxgvmb_send_escape,
 * dxgvmb_send_sync_msg, vmbus_sendpacket, hv_pkt_iter_first,
 * __hv_pkt_iter_next, ntstatus2int) with the same maxactive and data size
 * and handlers that do nothing: every call takes a return instance.
 * mode=entry: a plain kprobe with an empty pre-handler on the VMBus send
 * and iterator functions only, the least a probe can cost per foreign
 * VMBus packet.  Symbols that are absent are skipped.
 *
 * /sys/kernel/debug/dxgbare/probes (root only): "symbol= kind=ret|entry
 * state=attached|unavailable nmissed=" per point.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/string.h>

static char *mode = "ret";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "ret: kretprobes on dxgprobe's points; entry: kprobes on the VMBus ones");

static unsigned int maxactive = 256;
module_param(maxactive, uint, 0444);
MODULE_PARM_DESC(maxactive, "kretprobe instances per probe (1..4096, default 256 as dxgprobe)");

/* dxgprobe's struct dxgprobe_ref: a pointer and an argument */
#define DXGBARE_DATA_SIZE	(2 * sizeof(unsigned long))

struct bare_point {
	const char *symbol;
	bool vmbus;		/* also probed in mode=entry */
	bool attached;
	struct kretprobe rp;
	struct kprobe kp;
};

static struct bare_point points[] = {
	{ .symbol = "dxgkio_escape" },
	{ .symbol = "dxgvmb_send_escape" },
	{ .symbol = "dxgvmb_send_sync_msg" },
	{ .symbol = "vmbus_sendpacket", .vmbus = true },
	{ .symbol = "hv_pkt_iter_first", .vmbus = true },
	{ .symbol = "__hv_pkt_iter_next", .vmbus = true },
	{ .symbol = "ntstatus2int" },
};

static bool entry_mode;
static struct dentry *dir;

static int bare_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

NOKPROBE_SYMBOL(bare_entry);

static int bare_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

NOKPROBE_SYMBOL(bare_ret);

static int bare_pre(struct kprobe *kp, struct pt_regs *regs)
{
	return 0;
}

NOKPROBE_SYMBOL(bare_pre);

static unsigned long point_nmissed(const struct bare_point *p)
{
	if (!p->attached)
		return 0;
	if (entry_mode)
		return READ_ONCE(p->kp.nmissed);
	return READ_ONCE(p->rp.nmissed) + READ_ONCE(p->rp.kp.nmissed);
}

static int probes_show(struct seq_file *m, void *v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(points); i++) {
		const struct bare_point *p = &points[i];

		if (entry_mode && !p->vmbus)
			continue;
		seq_printf(m, "symbol=%s kind=%s state=%s nmissed=%lu\n", p->symbol,
			   entry_mode ? "entry" : "ret", p->attached ? "attached" : "unavailable",
			   point_nmissed(p));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(probes);

static void bare_detach(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(points); i++) {
		struct bare_point *p = &points[i];

		if (!p->attached)
			continue;
		if (entry_mode)
			unregister_kprobe(&p->kp);
		else
			unregister_kretprobe(&p->rp);
		p->attached = false;
	}
}

static int __init dxgbare_init(void)
{
	unsigned int i, n = 0;
	int err;

	if (!strcmp(mode, "entry")) {
		entry_mode = true;
	} else if (strcmp(mode, "ret")) {
		pr_err("mode=%s: must be ret or entry\n", mode);
		return -EINVAL;
	}
	if (!maxactive || maxactive > 4096) {
		pr_err("maxactive=%u is out of range 1..4096\n", maxactive);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(points); i++) {
		struct bare_point *p = &points[i];

		if (entry_mode && !p->vmbus)
			continue;
		if (entry_mode) {
			p->kp.symbol_name = p->symbol;
			p->kp.pre_handler = bare_pre;
			err = register_kprobe(&p->kp);
		} else {
			p->rp.kp.symbol_name = p->symbol;
			p->rp.entry_handler = bare_entry;
			p->rp.handler = bare_ret;
			p->rp.data_size = DXGBARE_DATA_SIZE;
			p->rp.maxactive = maxactive;
			err = register_kretprobe(&p->rp);
		}
		if (err && err != -ENOENT) {
			pr_err("%s: cannot attach: %d\n", p->symbol, err);
			bare_detach();
			return err;
		}
		p->attached = !err;
		n += p->attached;
	}
	dir = debugfs_create_dir("dxgbare", NULL);
	debugfs_create_file("probes", 0400, dir, NULL, &probes_fops);
	pr_info("mode=%s: %u points attached\n", mode, n);
	return 0;
}

static void __exit dxgbare_exit(void)
{
	debugfs_remove_recursive(dir);
	bare_detach();
}

module_init(dxgbare_init);
module_exit(dxgbare_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Empty kprobes on dxgprobe's attach points (test module, make bench)");
MODULE_INFO(test, "Y");
