// SPDX-License-Identifier: GPL-2.0
/*
 * dxgprobe: flight recorder for the dxgkrnl (WSL2 GPU-PV) VM-bus path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#define DXGPROBE_FORMAT_VERSION 1

static struct dentry *dxgprobe_dir;

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", DXGPROBE_FORMAT_VERSION);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(version);

static int __init dxgprobe_init(void)
{
	dxgprobe_dir = debugfs_create_dir("dxgprobe", NULL);
	debugfs_create_file("version", 0400, dxgprobe_dir, NULL, &version_fops);
	return 0;
}

static void __exit dxgprobe_exit(void)
{
	debugfs_remove_recursive(dxgprobe_dir);
}

module_init(dxgprobe_init);
module_exit(dxgprobe_exit);
MODULE_DESCRIPTION("Flight recorder for the dxgkrnl VM-bus path");
MODULE_LICENSE("GPL");
