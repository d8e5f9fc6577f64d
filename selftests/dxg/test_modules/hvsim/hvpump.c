// SPDX-License-Identifier: GPL-2.0
/*
 * hvpump: a packet pump on a foreign (non-dxgkrnl) VMBus channel.
 *
 * The guest side of hvsim's foreign device (hvsim foreign=1), shaped like
 * storvsc: it sends requests with vmbus_sendpacket() asking for completion
 * and takes the completions in its channel callback (the VMBus tasklet)
 * through hv_pkt_iter_first()/__hv_pkt_iter_next().  Every packet thus goes
 * through the functions dxgprobe hooks, on a channel dxgkrnl never uses;
 * make bench measures what a probe costs per such packet.
 *
 * /sys/kernel/debug/hvpump/ (root only):
 *   run     write N (1..10000000): send N packets, at most "window" unanswered
 *           at a time, and wait for every completion (EINVAL for bad input,
 *           ETIMEDOUT if the host stops answering for 10 s, ENODEV without
 *           the device)
 *   window  packets in flight, 1..64 (default 16)
 *   result  the last run: "packets= completions= eagain= window= ns= ns_per_packet="
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/hyperv.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/wait.h>

#include "hvpump.h"

#define HVPUMP_RING	(16 * PAGE_SIZE)
#define HVPUMP_REQ	64		/* bytes per request, about a storvsc packet */
#define HVPUMP_WINDOW_MAX 64
#define HVPUMP_RUN_MAX	10000000
#define HVPUMP_TIMEOUT	(10 * HZ)

struct hvpump {
	struct vmbus_channel *chan;
	wait_queue_head_t wq;
	atomic_t inflight;
	atomic64_t completions;
	atomic64_t unexpected;
};

static struct hvpump pump = {
	.wq = __WAIT_QUEUE_HEAD_INITIALIZER(pump.wq),
};

/* run_lock: one run at a time, and the result and window below */
static DEFINE_MUTEX(run_lock);
static u32 window = 16;
static u64 next_id = 1;
static struct {
	u64 packets, completions, eagain, ns;
	u32 window;
} last;
static struct dentry *dir;

/* The channel callback, in the VMBus tasklet */
static void hvpump_callback(void *ctx)
{
	struct vmbus_channel *chan = ctx;
	struct hvpump *p = &pump;
	struct vmpacket_descriptor *desc;
	unsigned int n = 0;

	foreach_vmbus_pkt(desc, chan) {
		if (desc->type == VM_PKT_COMP) {
			atomic64_inc(&p->completions);
			atomic_dec(&p->inflight);
			n++;
		} else {
			atomic64_inc(&p->unexpected);
		}
	}
	if (n)
		wake_up(&p->wq);
}

static int hvpump_send_one(struct vmbus_channel *chan, u64 *eagain)
{
	u8 req[HVPUMP_REQ] = {};
	int ret;

	memcpy(req, &next_id, sizeof(next_id));
	atomic_inc(&pump.inflight);
	for (;;) {
		s64 done = atomic64_read(&pump.completions);

		ret = vmbus_sendpacket(chan, req, sizeof(req), next_id, VM_PKT_DATA_INBAND,
				       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
		if (ret != -EAGAIN)
			break;
		/* ring full: wait for a completion, as storvsc would */
		(*eagain)++;
		if (!wait_event_timeout(pump.wq, atomic64_read(&pump.completions) != done,
					HVPUMP_TIMEOUT)) {
			ret = -ETIMEDOUT;
			break;
		}
	}
	if (ret)
		atomic_dec(&pump.inflight);
	else
		next_id++;
	return ret;
}

static int hvpump_run(u64 n)
{
	struct vmbus_channel *chan = READ_ONCE(pump.chan);
	u64 i, done0, eagain = 0, t0;
	int ret = 0;

	if (!chan)
		return -ENODEV;
	done0 = atomic64_read(&pump.completions);
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		if (!wait_event_timeout(pump.wq, atomic_read(&pump.inflight) < window,
					HVPUMP_TIMEOUT)) {
			ret = -ETIMEDOUT;
			break;
		}
		ret = hvpump_send_one(chan, &eagain);
		if (ret)
			break;
	}
	if (!wait_event_timeout(pump.wq, !atomic_read(&pump.inflight), HVPUMP_TIMEOUT))
		ret = ret ?: -ETIMEDOUT;
	last.ns = ktime_get_ns() - t0;
	last.packets = i;
	last.completions = atomic64_read(&pump.completions) - done0;
	last.eagain = eagain;
	last.window = window;
	return ret;
}

static ssize_t run_write(struct file *file, const char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	u64 n;
	int ret;

	ret = kstrtou64_from_user(ubuf, count, 0, &n);
	if (ret)
		return ret;
	if (!n || n > HVPUMP_RUN_MAX)
		return -EINVAL;
	mutex_lock(&run_lock);
	ret = hvpump_run(n);
	mutex_unlock(&run_lock);
	return ret ?: count;
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = run_write,
	.llseek = noop_llseek,
};

static int window_show(struct seq_file *m, void *v)
{
	mutex_lock(&run_lock);
	seq_printf(m, "%u\n", window);
	mutex_unlock(&run_lock);
	return 0;
}

static int window_open(struct inode *inode, struct file *file)
{
	return single_open(file, window_show, NULL);
}

static ssize_t window_write(struct file *file, const char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	u32 w;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 0, &w);
	if (ret)
		return ret;
	if (!w || w > HVPUMP_WINDOW_MAX)
		return -EINVAL;
	mutex_lock(&run_lock);
	window = w;
	mutex_unlock(&run_lock);
	return count;
}

static const struct file_operations window_fops = {
	.owner = THIS_MODULE,
	.open = window_open,
	.read = seq_read,
	.write = window_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int result_show(struct seq_file *m, void *v)
{
	mutex_lock(&run_lock);
	seq_printf(m, "packets=%llu completions=%llu eagain=%llu window=%u ns=%llu ns_per_packet=%llu unexpected=%lld\n",
		   last.packets, last.completions, last.eagain, last.window, last.ns,
		   last.packets ? div64_u64(last.ns, last.packets) : 0,
		   atomic64_read(&pump.unexpected));
	mutex_unlock(&run_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(result);

static int hvpump_probe(struct hv_device *hdev, const struct hv_vmbus_device_id *id)
{
	int ret;

	if (pump.chan)
		return -EBUSY;
	ret = vmbus_open(hdev->channel, HVPUMP_RING, HVPUMP_RING, NULL, 0, hvpump_callback,
			 hdev->channel);
	if (ret)
		return ret;
	WRITE_ONCE(pump.chan, hdev->channel);
	return 0;
}

static void hvpump_remove_common(struct hv_device *hdev)
{
	mutex_lock(&run_lock);
	WRITE_ONCE(pump.chan, NULL);
	mutex_unlock(&run_lock);
	vmbus_close(hdev->channel);
}

#ifdef HV_REMOVE_RETURNS_VOID	/* see Kbuild */
static void hvpump_remove(struct hv_device *hdev)
{
	hvpump_remove_common(hdev);
}
#else
static int hvpump_remove(struct hv_device *hdev)
{
	hvpump_remove_common(hdev);
	return 0;
}
#endif

static const struct hv_vmbus_device_id hvpump_ids[] = {
	{ .guid = HVSIM_FOREIGN_GUID_INIT },
	{ },
};

static struct hv_driver hvpump_driver = {
	.name = "hvpump",
	.id_table = hvpump_ids,
	.probe = hvpump_probe,
	.remove = hvpump_remove,
};

static int __init hvpump_init(void)
{
	int ret;

	ret = vmbus_driver_register(&hvpump_driver);
	if (ret)
		return ret;
	dir = debugfs_create_dir("hvpump", NULL);
	debugfs_create_file("run", 0200, dir, NULL, &run_fops);
	debugfs_create_file("window", 0600, dir, NULL, &window_fops);
	debugfs_create_file("result", 0400, dir, NULL, &result_fops);
	return 0;
}

static void __exit hvpump_exit(void)
{
	debugfs_remove_recursive(dir);
	vmbus_driver_unregister(&hvpump_driver);
}

module_init(hvpump_init);
module_exit(hvpump_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Packet pump on a foreign VMBus channel (test module, make bench)");
MODULE_INFO(test, "Y");
