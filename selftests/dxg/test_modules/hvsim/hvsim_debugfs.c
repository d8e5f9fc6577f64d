// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: /sys/kernel/debug/hvsim, formats in docs/simulated-host.md.
 *
 *   profile_gpu, profile_npu  read/write: the escape reply profile
 *   stats                     "name: value" lines
 *   packets                   the last 256 packets the host took, one a line
 *   clear                     write anything: zero stats and the packet log
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#include "hvsim.h"

static struct dentry *hvsim_dir;

static ssize_t hvsim_profile_read(struct file *file, char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	struct hvsim_adapter *a = file->private_data;
	struct hvsim_profile p;
	char buf[48];
	int len;

	spin_lock_irq(&hvsim_profile_lock);
	p = a->profile;
	spin_unlock_irq(&hvsim_profile_lock);
	len = hvsim_profile_format(&p, buf, sizeof(buf));
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t hvsim_profile_write(struct file *file, const char __user *ubuf, size_t count,
				   loff_t *ppos)
{
	struct hvsim_adapter *a = file->private_data;
	struct hvsim_profile p;
	char buf[48];

	if (*ppos || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (hvsim_profile_parse(buf, &p))
		return -EINVAL;
	hvsim_profile_set(a, &p);
	return count;
}

static const struct file_operations hvsim_profile_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = hvsim_profile_read,
	.write = hvsim_profile_write,
	.llseek = default_llseek,
};

static int stats_show(struct seq_file *m, void *v)
{
	hvsim_stats_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int packets_show(struct seq_file *m, void *v)
{
	hvsim_log_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(packets);

static ssize_t hvsim_clear_write(struct file *file, const char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	hvsim_stats_clear();
	hvsim_log_clear();
	return count;
}

static const struct file_operations hvsim_clear_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_clear_write,
	.llseek = noop_llseek,
};

void hvsim_debugfs_init(void)
{
	hvsim_dir = debugfs_create_dir("hvsim", NULL);
	debugfs_create_file("profile_gpu", 0600, hvsim_dir, &hvsim_adapters[0],
			    &hvsim_profile_fops);
	debugfs_create_file("profile_npu", 0600, hvsim_dir, &hvsim_adapters[1],
			    &hvsim_profile_fops);
	debugfs_create_file("stats", 0400, hvsim_dir, NULL, &stats_fops);
	debugfs_create_file("packets", 0400, hvsim_dir, NULL, &packets_fops);
	debugfs_create_file("clear", 0200, hvsim_dir, NULL, &hvsim_clear_fops);
}

void hvsim_debugfs_exit(void)
{
	debugfs_remove_recursive(hvsim_dir);
}
