// SPDX-License-Identifier: GPL-2.0
/*
 * The files under /sys/kernel/debug/dxgprobe/, format version
 * DXGPROBE_FORMAT_VERSION.  docs/dxgprobe.md documents every file and field;
 * change both together and bump the version on any incompatible change.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/threads.h>
#include <linux/uaccess.h>

#include "dxgprobe.h"
#include "txn.h"

static struct dentry *dxgprobe_dir;

/* --- version --- */

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", DXGPROBE_FORMAT_VERSION);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(version);

/* --- events, events.json, inflight: one record per line --- */

struct rec_iter {
	u64 idx;
	bool req_ok;
	bool rep_ok;
	struct dxgprobe_rec rec;
	u8 req[DXGPROBE_CAPTURE_MAX];
	u8 rep[DXGPROBE_CAPTURE_MAX];
};

struct out {
	struct seq_file *m;
	bool json;
	bool first;
};

static void key(struct out *o, const char *k)
{
	if (o->json)
		seq_printf(o->m, "%s\"%s\":", o->first ? "{" : ",", k);
	else
		seq_printf(o->m, "%s%s=", o->first ? "" : " ", k);
	o->first = false;
}

static void put_null(struct out *o, const char *k)
{
	key(o, k);
	seq_puts(o->m, o->json ? "null" : "-");
}

static void put_u64(struct out *o, const char *k, u64 v)
{
	key(o, k);
	seq_printf(o->m, "%llu", v);
}

static void put_s64(struct out *o, const char *k, s64 v)
{
	key(o, k);
	seq_printf(o->m, "%lld", v);
}

static void put_hex(struct out *o, const char *k, u32 v)
{
	key(o, k);
	seq_printf(o->m, o->json ? "\"0x%x\"" : "0x%x", v);
}

/* A name from a fixed table: no characters that need escaping */
static void put_name(struct out *o, const char *k, const char *v)
{
	key(o, k);
	seq_printf(o->m, o->json ? "\"%s\"" : "%s", v);
}

/* Untrusted text (comm): escaped so a value never holds a space or a quote */
static void put_text(struct out *o, const char *k, const char *v, size_t len)
{
	size_t i;

	key(o, k);
	if (o->json)
		seq_putc(o->m, '"');
	for (i = 0; i < len && v[i]; i++) {
		unsigned char c = v[i];

		if (c > ' ' && c < 0x7f && c != '"' && c != '\\' && (o->json || c != '='))
			seq_putc(o->m, c);
		else if (o->json)
			seq_printf(o->m, "\\u%04x", c);
		else
			seq_printf(o->m, "\\x%02x", c);
	}
	if (o->json)
		seq_putc(o->m, '"');
}

static void put_bytes(struct out *o, const char *k, const u8 *buf, u32 len, bool ok)
{
	u32 i;

	if (!ok) {
		put_name(o, k, "lost");
		return;
	}
	key(o, k);
	if (o->json)
		seq_putc(o->m, '"');
	for (i = 0; i < len; i += 64)
		seq_printf(o->m, "%*phN", (int)min(len - i, 64u), buf + i);
	if (!len && !o->json)
		seq_putc(o->m, '-');
	if (o->json)
		seq_putc(o->m, '"');
}

static void put_ret(struct out *o, const char *k, const struct dxgprobe_rec *r, u8 layer,
		    int v)
{
	if (r->returned & BIT(layer))
		put_s64(o, k, v);
	else
		put_null(o, k);
}

static void put_missing(struct out *o, u32 missing)
{
	bool first = true;
	unsigned int l;

	key(o, "missing");
	if (o->json)
		seq_putc(o->m, '[');
	for (l = 0; l < DXGPROBE_L_NR; l++) {
		if (!(missing & BIT(l)))
			continue;
		if (o->json)
			seq_printf(o->m, "%s\"%s\"", first ? "" : ",", dxgprobe_layer_name(l));
		else
			seq_printf(o->m, "%s%s", first ? "" : ",", dxgprobe_layer_name(l));
		first = false;
	}
	if (o->json)
		seq_putc(o->m, ']');
	else if (first)
		seq_putc(o->m, '-');
}

static void show_rec(struct seq_file *m, const struct rec_iter *it, bool json)
{
	const struct dxgprobe_rec *r = &it->rec;
	const struct dxgprobe_obs *ob = &r->obs;
	bool msg = ob->seen & BIT(DXGPROBE_L_MESSAGE);
	bool send = ob->seen & BIT(DXGPROBE_L_SEND);
	bool reply = ob->seen & BIT(DXGPROBE_L_REPLY);
	struct out o = { .m = m, .json = json, .first = true };
	const char *name;
	char buf[24];

	if (r->open)
		put_null(&o, "seq");
	else
		put_u64(&o, "seq", r->seq);
	put_u64(&o, "ts_ns", r->ts_ns);
	put_u64(&o, "dur_ns", r->dur_ns);
	put_u64(&o, "pid", r->tgid);
	put_u64(&o, "tid", r->tid);
	put_text(&o, "comm", r->comm, sizeof(r->comm));

	if (msg && r->hdr.command_type == DXGPROBE_CMD_UNKNOWN) {
		/* the message header could not be read */
		put_null(&o, "cmd");
		put_name(&o, "layout", dxgprobe_layout_name(r->hdr.layout));
		put_null(&o, "ext_hdr");
	} else if (msg) {
		name = dxgprobe_command_name(r->hdr.command_type);
		if (!name) {
			snprintf(buf, sizeof(buf), "cmd_%u", r->hdr.command_type);
			name = buf;
		}
		put_name(&o, "cmd", name);
		put_name(&o, "layout", dxgprobe_layout_name(r->hdr.layout));
		put_u64(&o, "ext_hdr", r->hdr.ext);
	} else {
		put_name(&o, "cmd", ob->is_escape ? "escape" : "-");
		put_null(&o, "layout");
		put_null(&o, "ext_hdr");
	}

	if (r->adapter_id)
		put_u64(&o, "adapter", r->adapter_id);
	else
		put_null(&o, "adapter");
	if (r->ioctl_args_ok)
		put_hex(&o, "adapter_handle", r->user_adapter);
	else
		put_null(&o, "adapter_handle");
	if (r->args_ok) {
		if (ob->seen & BIT(DXGPROBE_L_ESCAPE))
			put_hex(&o, "host_adapter", r->host_adapter);
		else
			put_null(&o, "host_adapter");
		put_hex(&o, "device", r->device);
		put_u64(&o, "type", r->type);
		put_hex(&o, "flags", r->flags);
		put_u64(&o, "size", r->size);
		put_hex(&o, "context", r->context);
	} else {
		put_null(&o, "host_adapter");
		put_null(&o, "device");
		put_null(&o, "type");
		put_null(&o, "flags");
		if (msg)
			put_u64(&o, "size", r->size);
		else
			put_null(&o, "size");
		put_null(&o, "context");
	}
	if (r->user_mode != DXGPROBE_UNKNOWN_U8)
		put_u64(&o, "user_mode", r->user_mode);
	else
		put_null(&o, "user_mode");

	if (msg) {
		put_u64(&o, "cmd_size", r->cmd_size);
		put_u64(&o, "result_size", r->result_size);
		put_s64(&o, "result_off", r->result_off);
		put_hex(&o, "process", r->hdr.process);
		if (r->hdr.ext) {
			snprintf(buf, sizeof(buf), "0x%x:0x%x", r->hdr.luid_b, r->hdr.luid_a);
			put_name(&o, "luid", buf);
		} else {
			put_null(&o, "luid");
		}
	} else {
		put_null(&o, "cmd_size");
		put_null(&o, "result_size");
		put_null(&o, "result_off");
		put_null(&o, "process");
		put_null(&o, "luid");
	}
	if (r->channel_id)
		put_u64(&o, "channel", r->channel_id);
	else
		put_null(&o, "channel");

	if (send) {
		put_u64(&o, "trans_id", r->trans_id);
		put_u64(&o, "attempts", ob->attempts);
		put_u64(&o, "send_len", r->send_len);
		put_u64(&o, "wire_len", ALIGN(16 + r->send_len, 8) + 8);
		put_u64(&o, "send_type", r->send_type);
		put_hex(&o, "send_flags", r->send_flags);
		put_ret(&o, "send_ret", r, DXGPROBE_L_SEND, ob->send_ret);
	} else {
		put_null(&o, "trans_id");
		put_u64(&o, "attempts", 0);
		put_null(&o, "send_len");
		put_null(&o, "wire_len");
		put_null(&o, "send_type");
		put_null(&o, "send_flags");
		put_null(&o, "send_ret");
	}

	if (reply) {
		put_hex(&o, "reply_type", r->reply_type);
		put_u64(&o, "reply_offset8", r->reply_offset8);
		put_u64(&o, "reply_len8", r->reply_len8);
		put_u64(&o, "reply_len", ob->reply_len);
		put_bytes(&o, "reply_head", it->rep, r->rep_len, it->rep_ok);
	} else {
		put_null(&o, "reply_type");
		put_null(&o, "reply_offset8");
		put_null(&o, "reply_len8");
		put_null(&o, "reply_len");
		put_null(&o, "reply_head");
	}
	if (msg)
		put_bytes(&o, "req_head", it->req, r->req_len, it->req_ok);
	else
		put_null(&o, "req_head");

	if (r->out.has_ntstatus) {
		put_hex(&o, "ntstatus", r->out.ntstatus);
		name = dxgprobe_ntstatus_name(r->out.ntstatus);
		if (name)
			put_name(&o, "ntstatus_name", name);
		else
			put_null(&o, "ntstatus_name");
	} else {
		put_null(&o, "ntstatus");
		put_null(&o, "ntstatus_name");
	}
	if (ob->seen & BIT(DXGPROBE_L_STATUS))
		put_s64(&o, "status_errno", ob->ntstatus_errno);
	else
		put_null(&o, "status_errno");

	put_ret(&o, "ioctl_ret", r, DXGPROBE_L_IOCTL, ob->ioctl_ret);
	put_ret(&o, "escape_ret", r, DXGPROBE_L_ESCAPE, ob->escape_ret);
	put_ret(&o, "sync_ret", r, DXGPROBE_L_MESSAGE, ob->sync_ret);
	if (r->out.has_ret)
		put_s64(&o, "ret", r->out.ret);
	else
		put_null(&o, "ret");
	put_name(&o, "verdict", dxgprobe_verdict_name(r->out.verdict));
	put_missing(&o, r->out.missing);
	if (r->out.reason)
		put_name(&o, "reason", dxgprobe_reason_name(r->out.reason));
	else
		put_null(&o, "reason");
	seq_puts(m, json ? "}\n" : "\n");
}

static struct rec_iter *ring_at(struct seq_file *m, loff_t *pos)
{
	struct rec_iter *it = m->private;
	u64 idx = *pos;

	/* moves idx past records dropped meanwhile (counted in ring_drops) */
	if (!dxgprobe_ring_read(&idx, &it->rec, it->req, it->rep, &it->req_ok, &it->rep_ok))
		return NULL;
	*pos = idx;
	it->idx = idx;
	return it;
}

static void *events_start(struct seq_file *m, loff_t *pos)
{
	dxgprobe_txn_flush_parked(DXGPROBE_PARK_MAX_NS);
	return ring_at(m, pos);
}

static void *events_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return ring_at(m, pos);
}

static void events_stop(struct seq_file *m, void *v)
{
}

static int events_show(struct seq_file *m, void *v)
{
	show_rec(m, v, false);
	return 0;
}

static int events_json_show(struct seq_file *m, void *v)
{
	show_rec(m, v, true);
	return 0;
}

static const struct seq_operations events_sops = {
	.start = events_start,
	.next = events_next,
	.stop = events_stop,
	.show = events_show,
};

static const struct seq_operations events_json_sops = {
	.start = events_start,
	.next = events_next,
	.stop = events_stop,
	.show = events_json_show,
};

static int events_open(struct inode *inode, struct file *file)
{
	const struct seq_operations *ops = inode->i_private;

	return seq_open_private(file, ops, sizeof(struct rec_iter)) ? -ENOMEM : 0;
}

static const struct file_operations events_fops = {
	.owner = THIS_MODULE,
	.open = events_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

/* inflight: the transactions open now, judged as if they ended now */
static void *inflight_at(struct seq_file *m, loff_t *pos)
{
	struct rec_iter *it = m->private;

	for (; *pos < dxgprobe_pool_size(); ++*pos) {
		if (dxgprobe_open_read(*pos, &it->rec, it->req, it->rep)) {
			it->req_ok = true;
			it->rep_ok = true;
			return it;
		}
	}
	return NULL;
}

static void *inflight_start(struct seq_file *m, loff_t *pos)
{
	return inflight_at(m, pos);
}

static void *inflight_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return inflight_at(m, pos);
}

static const struct seq_operations inflight_sops = {
	.start = inflight_start,
	.next = inflight_next,
	.stop = events_stop,
	.show = events_show,
};

/* --- stats: "name: value" lines --- */

static const char * const reply_bucket_names[DXGPROBE_REPLY_BUCKETS] = {
	"0", "1_8", "9_16", "17_32", "33_64", "65_128", "129_256", "257_512",
	"513_1024", "1025_2048", "2049_4096", "4097_8192", "8193_16384",
	"16385_32768", "32769_65536", "65537_131072", "gt_131072", "none",
};

static int stats_show(struct seq_file *m, void *v)
{
	u64 first, next, lock_taken, lock_contended;
	struct dxgprobe_stats *s;
	unsigned long flags;
	unsigned int i;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	dxgprobe_txn_flush_parked(DXGPROBE_PARK_MAX_NS);
	raw_spin_lock_irqsave(&dxgprobe_lock, flags);
	*s = dxgprobe_stats;
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	first = dxgprobe_ring_first();
	next = dxgprobe_ring_next();

	seq_printf(m, "format_version: %d\n", DXGPROBE_FORMAT_VERSION);
	seq_printf(m, "transactions: %llu\n", s->transactions);
	seq_printf(m, "open: %u\n", dxgprobe_open_count());
	for (i = 0; i < DXGPROBE_V_NR; i++)
		seq_printf(m, "verdict_%s: %llu\n", dxgprobe_verdict_name(i), s->verdict[i]);
	seq_printf(m, "ret_ok: %llu\n", s->ret_ok);
	for (i = 1; i <= DXGPROBE_ERRNO_MAX; i++)
		if (s->ret_errno[i])
			seq_printf(m, "errno_%u: %llu\n", i, s->ret_errno[i]);
	seq_printf(m, "errno_other: %llu\n", s->ret_errno_other);
	for (i = 0; i < DXGPROBE_REPLY_BUCKETS; i++)
		seq_printf(m, "reply_len_%s: %llu\n", reply_bucket_names[i], s->reply_len[i]);
	seq_printf(m, "ring_records: %llu\n", next - first);
	seq_printf(m, "ring_drops: %llu\n", s->ring_drops);
	seq_printf(m, "pool_exhausted: %llu\n", s->pool_exhausted);
	seq_printf(m, "ids_exhausted: %llu\n", s->ids_exhausted);
	seq_printf(m, "ids_recycled: %llu\n", s->ids_recycled);
	seq_printf(m, "status_other_caller: %llu\n", s->status_other_caller);
	seq_printf(m, "replies_matched: %llu\n", s->replies_matched);
	seq_printf(m, "replies_unmatched: %llu\n", s->replies_unmatched);
	seq_printf(m, "replies_seen_twice: %llu\n", s->replies_seen_twice);
	seq_printf(m, "replies_malformed: %llu\n", s->replies_malformed);
	seq_printf(m, "reply_waits: %llu\n", s->reply_waits);
	seq_printf(m, "reply_wait_expired: %llu\n", s->reply_wait_expired);
	seq_printf(m, "flushed: %llu\n", s->flushed);
	dxgprobe_lock_stats_read(&lock_taken, &lock_contended);
	seq_printf(m, "lock_taken: %llu\n", lock_taken);
	seq_printf(m, "lock_contended: %llu\n", lock_contended);
	seq_printf(m, "memory_bytes: %zu\n", dxgprobe_txn_memory());
	mutex_lock(&dxgprobe_attach_mutex);
	for (i = 0; i < dxgprobe_nr_points; i++) {
		const struct dxgprobe_point *p = &dxgprobe_points[i];

		seq_printf(m, "probe_%s_hits: %lu\n", p->symbol, dxgprobe_point_hits(i));
		seq_printf(m, "probe_%s_nmissed: %lu\n", p->symbol, dxgprobe_point_nmissed(p));
	}
	mutex_unlock(&dxgprobe_attach_mutex);
	kfree(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/* --- probes: one line per attach point --- */

static int probes_show(struct seq_file *m, void *v)
{
	unsigned int i;

	mutex_lock(&dxgprobe_attach_mutex);
	for (i = 0; i < dxgprobe_nr_points; i++) {
		const struct dxgprobe_point *p = &dxgprobe_points[i];

		seq_printf(m, "symbol=%s layer=%s ", p->symbol, dxgprobe_layer_name(p->layer));
		switch (p->state) {
		case DXGPROBE_ATTACHED:
			seq_printf(m, "state=attached where=%s", p->where);
			break;
		case DXGPROBE_UNAVAILABLE:
			seq_puts(m, "state=unavailable where=-");
			break;
		default:
			seq_printf(m, "state=error err=%d where=-", p->err);
			break;
		}
		seq_printf(m, " maxactive=%u hits=%lu nmissed=%lu\n", dxgprobe_maxactive,
			   dxgprobe_point_hits(i), dxgprobe_point_nmissed(p));
	}
	mutex_unlock(&dxgprobe_attach_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(probes);

/* --- knobs --- */

enum knob {
	KNOB_ENABLED,
	KNOB_PID,
	KNOB_CAPTURE_BYTES,
	KNOB_COMMANDS,
	KNOB_CLEAR,
};

static ssize_t knob_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	enum knob k = (uintptr_t)file->private_data;
	char buf[24];
	int len;

	switch (k) {
	case KNOB_ENABLED:
		len = scnprintf(buf, sizeof(buf), "%d\n", READ_ONCE(dxgprobe_enabled));
		break;
	case KNOB_PID:
		len = scnprintf(buf, sizeof(buf), "%u\n", READ_ONCE(dxgprobe_pid));
		break;
	case KNOB_CAPTURE_BYTES:
		len = scnprintf(buf, sizeof(buf), "%u\n", READ_ONCE(dxgprobe_capture_bytes));
		break;
	case KNOB_COMMANDS:
		len = scnprintf(buf, sizeof(buf), "%s\n",
				READ_ONCE(dxgprobe_commands) == DXGPROBE_COMMANDS_ALL ?
				"all" : "escape");
		break;
	default:
		return -EINVAL;
	}
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t knob_write(struct file *file, const char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	enum knob k = (uintptr_t)file->private_data;
	char buf[16];
	unsigned int val;
	int err;

	if (*ppos || !count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	if (k == KNOB_COMMANDS) {
		if (sysfs_streq(buf, "escape"))
			WRITE_ONCE(dxgprobe_commands, DXGPROBE_COMMANDS_ESCAPE);
		else if (sysfs_streq(buf, "all"))
			WRITE_ONCE(dxgprobe_commands, DXGPROBE_COMMANDS_ALL);
		else
			return -EINVAL;
		return count;
	}

	err = kstrtouint(buf, 0, &val);
	if (err)
		return -EINVAL;
	switch (k) {
	case KNOB_ENABLED:
		if (val > 1)
			return -EINVAL;
		WRITE_ONCE(dxgprobe_enabled, val);
		break;
	case KNOB_PID:
		if (val > PID_MAX_LIMIT)
			return -EINVAL;
		WRITE_ONCE(dxgprobe_pid, val);
		break;
	case KNOB_CAPTURE_BYTES:
		if (val > DXGPROBE_CAPTURE_MAX)
			return -EINVAL;
		WRITE_ONCE(dxgprobe_capture_bytes, val);
		break;
	case KNOB_CLEAR:
		if (val != 1)
			return -EINVAL;
		dxgprobe_txn_flush_parked(0);
		dxgprobe_txn_clear();
		dxgprobe_points_clear_hits();
		break;
	default:
		return -EINVAL;
	}
	return count;
}

static const struct file_operations knob_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = knob_read,
	.write = knob_write,
	.llseek = default_llseek,
};

void dxgprobe_debugfs_init(void)
{
	struct dentry *d = debugfs_create_dir("dxgprobe", NULL);

	dxgprobe_dir = d;
	debugfs_create_file("version", 0400, d, NULL, &version_fops);
	debugfs_create_file("events", 0400, d, (void *)&events_sops, &events_fops);
	debugfs_create_file("events.json", 0400, d, (void *)&events_json_sops, &events_fops);
	debugfs_create_file("inflight", 0400, d, (void *)&inflight_sops, &events_fops);
	debugfs_create_file("stats", 0400, d, NULL, &stats_fops);
	debugfs_create_file("probes", 0400, d, NULL, &probes_fops);
	debugfs_create_file("enabled", 0600, d, (void *)KNOB_ENABLED, &knob_fops);
	debugfs_create_file("pid", 0600, d, (void *)KNOB_PID, &knob_fops);
	debugfs_create_file("capture_bytes", 0600, d, (void *)KNOB_CAPTURE_BYTES, &knob_fops);
	debugfs_create_file("commands", 0600, d, (void *)KNOB_COMMANDS, &knob_fops);
	debugfs_create_file("clear", 0200, d, (void *)KNOB_CLEAR, &knob_fops);
}

void dxgprobe_debugfs_exit(void)
{
	debugfs_remove_recursive(dxgprobe_dir);
}
