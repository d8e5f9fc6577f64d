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

/*
 * One record as a line of key=value fields or as a JSON object: the same keys
 * in the same order, "-" (null) for a value not observed.
 */
struct rec_out {
	struct seq_file *m;
	bool json;
	bool first;
};

static void put_key(struct rec_out *o, const char *k)
{
	if (o->json)
		seq_printf(o->m, "%s\"%s\":", o->first ? "{" : ",", k);
	else
		seq_printf(o->m, "%s%s=", o->first ? "" : " ", k);
	o->first = false;
}

static void put_null(struct rec_out *o, const char *k)
{
	put_key(o, k);
	seq_puts(o->m, o->json ? "null" : "-");
}

static void put_u64(struct rec_out *o, const char *k, u64 v)
{
	put_key(o, k);
	seq_printf(o->m, "%llu", v);
}

static void put_s64(struct rec_out *o, const char *k, s64 v)
{
	put_key(o, k);
	seq_printf(o->m, "%lld", v);
}

static void put_hex(struct rec_out *o, const char *k, u32 v)
{
	put_key(o, k);
	seq_printf(o->m, o->json ? "\"0x%x\"" : "0x%x", v);
}

/* A name from a fixed table: no characters that need escaping */
static void put_name(struct rec_out *o, const char *k, const char *v)
{
	put_key(o, k);
	seq_printf(o->m, o->json ? "\"%s\"" : "%s", v);
}

/* The value when it was observed (@seen), else null */
static void put_u64_if(struct rec_out *o, const char *k, bool seen, u64 v)
{
	if (seen)
		put_u64(o, k, v);
	else
		put_null(o, k);
}

static void put_s64_if(struct rec_out *o, const char *k, bool seen, s64 v)
{
	if (seen)
		put_s64(o, k, v);
	else
		put_null(o, k);
}

static void put_hex_if(struct rec_out *o, const char *k, bool seen, u32 v)
{
	if (seen)
		put_hex(o, k, v);
	else
		put_null(o, k);
}

static void put_name_if(struct rec_out *o, const char *k, const char *v)
{
	if (v)
		put_name(o, k, v);
	else
		put_null(o, k);
}

/* Untrusted text (comm): escaped so a value never holds a space or a quote */
static void put_text(struct rec_out *o, const char *k, const char *v, size_t len)
{
	size_t i;

	put_key(o, k);
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

static void put_bytes(struct rec_out *o, const char *k, const u8 *buf, u32 len, bool ok)
{
	u32 i;

	if (!ok) {
		put_name(o, k, "lost");
		return;
	}
	put_key(o, k);
	if (o->json)
		seq_putc(o->m, '"');
	for (i = 0; i < len; i += 64)
		seq_printf(o->m, "%*phN", (int)min(len - i, 64u), buf + i);
	if (!len && !o->json)
		seq_putc(o->m, '-');
	if (o->json)
		seq_putc(o->m, '"');
}

/* A layer's result, when its return was observed */
static void put_ret(struct rec_out *o, const char *k, const struct dxgprobe_rec *r, u8 layer,
		    int v)
{
	put_s64_if(o, k, r->returned & BIT(layer), v);
}

static void put_missing(struct rec_out *o, u32 missing)
{
	bool first = true;
	unsigned int l;

	put_key(o, "missing");
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

static bool rec_seen(const struct dxgprobe_rec *r, unsigned int layer)
{
	return r->obs.seen & BIT(layer);
}

/* The printers, one per part of a record, in the order of its keys (docs/dxgprobe.md) */

/* seq .. comm: which task, when, for how long */
static void show_task(struct rec_out *o, const struct dxgprobe_rec *r)
{
	put_u64_if(o, "seq", !r->open, r->seq);
	put_u64(o, "ts_ns", r->ts_ns);
	put_u64(o, "dur_ns", r->dur_ns);
	put_u64(o, "pid", r->tgid);
	put_u64(o, "tid", r->tid);
	put_text(o, "comm", r->comm, sizeof(r->comm));
}

/* cmd, layout, ext_hdr: the command, from the message header */
static void show_command(struct rec_out *o, const struct dxgprobe_rec *r)
{
	const char *name;
	char buf[24];

	if (!rec_seen(r, DXGPROBE_L_MESSAGE)) {
		put_name(o, "cmd", r->obs.is_escape ? "escape" : "-");
		put_null(o, "layout");
		put_null(o, "ext_hdr");
		return;
	}
	if (r->hdr.command_type == DXGPROBE_CMD_UNKNOWN) {
		/* the message header could not be read */
		put_null(o, "cmd");
		put_name(o, "layout", dxgprobe_layout_name(r->hdr.layout));
		put_null(o, "ext_hdr");
		return;
	}
	name = dxgprobe_command_name(r->hdr.command_type);
	if (!name) {
		snprintf(buf, sizeof(buf), "cmd_%u", r->hdr.command_type);
		name = buf;
	}
	put_name(o, "cmd", name);
	put_name(o, "layout", dxgprobe_layout_name(r->hdr.layout));
	put_u64(o, "ext_hdr", r->hdr.ext);
}

/* adapter .. user_mode: the ioctl and escape layers' arguments */
static void show_escape(struct rec_out *o, const struct dxgprobe_rec *r)
{
	bool args = r->args_ok;

	put_u64_if(o, "adapter", r->adapter_id, r->adapter_id);
	put_hex_if(o, "adapter_handle", r->ioctl_args_ok, r->user_adapter);
	put_hex_if(o, "host_adapter", args && rec_seen(r, DXGPROBE_L_ESCAPE), r->host_adapter);
	put_hex_if(o, "device", args, r->device);
	put_u64_if(o, "type", args, r->type);
	put_hex_if(o, "flags", args, r->flags);
	/* N is also known from the message of an escape whose args were not read */
	put_u64_if(o, "size", args || rec_seen(r, DXGPROBE_L_MESSAGE), r->size);
	put_hex_if(o, "context", args, r->context);
	put_u64_if(o, "user_mode", r->user_mode != DXGPROBE_UNKNOWN_U8, r->user_mode);
}

/* cmd_size .. channel: the message layer */
static void show_message(struct rec_out *o, const struct dxgprobe_rec *r)
{
	bool msg = rec_seen(r, DXGPROBE_L_MESSAGE);
	char buf[24];

	put_u64_if(o, "cmd_size", msg, r->cmd_size);
	put_u64_if(o, "result_size", msg, r->result_size);
	put_s64_if(o, "result_off", msg, r->result_off);
	put_hex_if(o, "process", msg, r->hdr.process);
	if (msg && r->hdr.ext) {
		snprintf(buf, sizeof(buf), "0x%x:0x%x", r->hdr.luid_b, r->hdr.luid_a);
		put_name(o, "luid", buf);
	} else {
		put_null(o, "luid");
	}
	put_u64_if(o, "channel", r->channel_id, r->channel_id);
}

/* trans_id .. send_ret: the send layer; attempts is 0, never null, when unseen */
static void show_send(struct rec_out *o, const struct dxgprobe_rec *r)
{
	bool send = rec_seen(r, DXGPROBE_L_SEND);

	put_u64_if(o, "trans_id", send, r->trans_id);
	put_u64(o, "attempts", send ? r->obs.attempts : 0);
	put_u64_if(o, "send_len", send, r->send_len);
	/* the VMBus packet: 16-byte descriptor + payload, padded to 8, + 8 trailer */
	put_u64_if(o, "wire_len", send, ALIGN(16 + r->send_len, 8) + 8);
	put_u64_if(o, "send_type", send, r->send_type);
	put_hex_if(o, "send_flags", send, r->send_flags);
	if (send)
		put_ret(o, "send_ret", r, DXGPROBE_L_SEND, r->obs.send_ret);
	else
		put_null(o, "send_ret");
}

/* reply_type .. req_head: the reply layer, then both captures */
static void show_reply(struct rec_out *o, const struct rec_iter *it)
{
	const struct dxgprobe_rec *r = &it->rec;
	bool reply = rec_seen(r, DXGPROBE_L_REPLY);

	put_hex_if(o, "reply_type", reply, r->reply_type);
	put_u64_if(o, "reply_offset8", reply, r->reply_offset8);
	put_u64_if(o, "reply_len8", reply, r->reply_len8);
	put_u64_if(o, "reply_len", reply, r->obs.reply_len);
	if (reply)
		put_bytes(o, "reply_head", it->rep, r->rep_len, it->rep_ok);
	else
		put_null(o, "reply_head");
	if (rec_seen(r, DXGPROBE_L_MESSAGE))
		put_bytes(o, "req_head", it->req, r->req_len, it->req_ok);
	else
		put_null(o, "req_head");
}

/* ntstatus .. status_errno: the host status and the status layer */
static void show_status(struct rec_out *o, const struct dxgprobe_rec *r)
{
	bool has = r->out.has_ntstatus;

	put_hex_if(o, "ntstatus", has, r->out.ntstatus);
	put_name_if(o, "ntstatus_name", has ? dxgprobe_ntstatus_name(r->out.ntstatus) : NULL);
	put_s64_if(o, "status_errno", rec_seen(r, DXGPROBE_L_STATUS), r->obs.ntstatus_errno);
}

/* ioctl_ret .. reason: what each layer returned and the verdict */
static void show_outcome(struct rec_out *o, const struct dxgprobe_rec *r)
{
	put_ret(o, "ioctl_ret", r, DXGPROBE_L_IOCTL, r->obs.ioctl_ret);
	put_ret(o, "escape_ret", r, DXGPROBE_L_ESCAPE, r->obs.escape_ret);
	put_ret(o, "sync_ret", r, DXGPROBE_L_MESSAGE, r->obs.sync_ret);
	put_s64_if(o, "ret", r->out.has_ret, r->out.ret);
	put_name(o, "verdict", dxgprobe_verdict_name(r->out.verdict));
	put_missing(o, r->out.missing);
	put_name_if(o, "reason", r->out.reason ? dxgprobe_reason_name(r->out.reason) : NULL);
}

static void show_rec(struct seq_file *m, const struct rec_iter *it, bool json)
{
	struct rec_out o = { .m = m, .json = json, .first = true };

	show_task(&o, &it->rec);
	show_command(&o, &it->rec);
	show_escape(&o, &it->rec);
	show_message(&o, &it->rec);
	show_send(&o, &it->rec);
	show_reply(&o, it);
	show_status(&o, &it->rec);
	show_outcome(&o, &it->rec);
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

static const char * const reply_bucket_names[] = {
	"0", "1_8", "9_16", "17_32", "33_64", "65_128", "129_256", "257_512",
	"513_1024", "1025_2048", "2049_4096", "4097_8192", "8193_16384",
	"16385_32768", "32769_65536", "65537_131072", "gt_131072", "none",
};

static_assert(ARRAY_SIZE(reply_bucket_names) == DXGPROBE_REPLY_BUCKETS);

/* The names of enum dxgprobe_counter in "stats" (mm/kfence/core.c counter_names[]) */
static const char * const counter_names[] = {
	[DXGPROBE_CNT_RING_DROPS]		= "ring_drops",
	[DXGPROBE_CNT_POOL_EXHAUSTED]		= "pool_exhausted",
	[DXGPROBE_CNT_IDS_EXHAUSTED]		= "ids_exhausted",
	[DXGPROBE_CNT_IDS_RECYCLED]		= "ids_recycled",
	[DXGPROBE_CNT_STATUS_OTHER_CALLER]	= "status_other_caller",
	[DXGPROBE_CNT_REPLIES_MATCHED]		= "replies_matched",
	[DXGPROBE_CNT_REPLIES_UNMATCHED]	= "replies_unmatched",
	[DXGPROBE_CNT_REPLIES_SEEN_TWICE]	= "replies_seen_twice",
	[DXGPROBE_CNT_REPLIES_MALFORMED]	= "replies_malformed",
	[DXGPROBE_CNT_REPLY_WAITS]		= "reply_waits",
	[DXGPROBE_CNT_REPLY_WAIT_EXPIRED]	= "reply_wait_expired",
	[DXGPROBE_CNT_FLUSHED]			= "flushed",
};

static_assert(ARRAY_SIZE(counter_names) == DXGPROBE_CNT_NR);

/*
 * The counters, the ring and the open count come from one snapshot taken
 * under one hold of the lock, so that they agree with each other (e.g.
 * transactions and ring_records); the probes' hits are read after it.
 */
static int stats_show(struct seq_file *m, void *v)
{
	struct dxgprobe_snapshot *snap;
	const struct dxgprobe_stats *s;
	u64 lock_taken, lock_contended;
	unsigned int i;

	snap = kmalloc(sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	dxgprobe_txn_flush_parked(DXGPROBE_PARK_MAX_NS);
	dxgprobe_snapshot_read(snap);
	s = &snap->stats;

	seq_printf(m, "format_version: %d\n", DXGPROBE_FORMAT_VERSION);
	seq_printf(m, "transactions: %llu\n", s->transactions);
	seq_printf(m, "open: %u\n", snap->open);
	for (i = 0; i < DXGPROBE_V_NR; i++)
		seq_printf(m, "verdict_%s: %llu\n", dxgprobe_verdict_name(i), s->verdict[i]);
	seq_printf(m, "ret_ok: %llu\n", s->ret_ok);
	for (i = 1; i <= DXGPROBE_ERRNO_MAX; i++)
		if (s->ret_errno[i])
			seq_printf(m, "errno_%u: %llu\n", i, s->ret_errno[i]);
	seq_printf(m, "errno_other: %llu\n", s->ret_errno_other);
	for (i = 0; i < DXGPROBE_REPLY_BUCKETS; i++)
		seq_printf(m, "reply_len_%s: %llu\n", reply_bucket_names[i], s->reply_len[i]);
	seq_printf(m, "ring_records: %llu\n", snap->ring_records);
	for (i = 0; i < DXGPROBE_CNT_NR; i++)
		seq_printf(m, "%s: %llu\n", counter_names[i], s->count[i]);
	seq_printf(m, "memory_bytes: %zu\n", dxgprobe_txn_memory());
	dxgprobe_lock_stats_read(&lock_taken, &lock_contended);
	seq_printf(m, "lock_taken: %llu\n", lock_taken);
	seq_printf(m, "lock_contended: %llu\n", lock_contended);
	mutex_lock(&dxgprobe_attach_mutex);
	for (i = 0; i < dxgprobe_nr_points; i++) {
		const struct dxgprobe_point *p = &dxgprobe_points[i];

		seq_printf(m, "probe_%s_hits: %lu\n", p->symbol, dxgprobe_point_hits(i));
		seq_printf(m, "probe_%s_nmissed: %lu\n", p->symbol, dxgprobe_point_nmissed(p));
	}
	mutex_unlock(&dxgprobe_attach_mutex);
	kfree(snap);
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

/*
 * --- knobs ---
 *
 * A bad write fails with -EINVAL and changes nothing.  The numbers are parsed
 * with kstrtouint_from_user(); DEFINE_DEBUGFS_ATTRIBUTE is not used because
 * simple_attr_write() cuts a long write to its 24-byte buffer (a bad value
 * could then parse as a good one) and returns -ERANGE for a number too large.
 */

/* The knobs that hold a number: a u32 and the largest value it takes */
struct num_knob {
	u32 *val;
	u32 max;
	bool is_bool;		/* enabled is a bool */
};

static struct num_knob knob_enabled = { .max = 1, .is_bool = true };
static struct num_knob knob_pid = { .val = &dxgprobe_pid, .max = PID_MAX_LIMIT };
static struct num_knob knob_capture_bytes = {
	.val = &dxgprobe_capture_bytes,
	.max = DXGPROBE_CAPTURE_MAX,
};

/* The written value as a number; -EFAULT, or -EINVAL for anything else */
static int knob_parse(const char __user *ubuf, size_t count, loff_t *ppos, unsigned int *val)
{
	int err;

	/* kstrtouint_from_user() would cut a longer write short: refuse it */
	if (*ppos || !count || count > 15)
		return -EINVAL;
	err = kstrtouint_from_user(ubuf, count, 0, val);
	return err == -EFAULT ? err : err ? -EINVAL : 0;
}

static ssize_t num_knob_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	const struct num_knob *k = file->private_data;
	char buf[24];
	u32 v = k->is_bool ? READ_ONCE(dxgprobe_enabled) : READ_ONCE(*k->val);
	int len = scnprintf(buf, sizeof(buf), "%u\n", v);

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t num_knob_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	const struct num_knob *k = file->private_data;
	unsigned int val;
	int err;

	err = knob_parse(ubuf, count, ppos, &val);
	if (err)
		return err;
	if (val > k->max)
		return -EINVAL;
	if (k->is_bool)
		WRITE_ONCE(dxgprobe_enabled, val);
	else
		WRITE_ONCE(*k->val, val);
	return count;
}

static const struct file_operations num_knob_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = num_knob_read,
	.write = num_knob_write,
	.llseek = default_llseek,
};

/* clear: "1" empties the ring and zeroes the counters and the probes' hits */
static ssize_t clear_write(struct file *file, const char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	unsigned int val;
	int err;

	err = knob_parse(ubuf, count, ppos, &val);
	if (err)
		return err;
	if (val != 1)
		return -EINVAL;
	dxgprobe_txn_flush_parked(0);
	dxgprobe_txn_clear();
	dxgprobe_points_clear_hits();
	return count;
}

static const struct file_operations clear_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = clear_write,
	.llseek = default_llseek,
};

/* commands: "escape" or "all" */
static ssize_t commands_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	bool all = READ_ONCE(dxgprobe_commands) == DXGPROBE_COMMANDS_ALL;
	const char *v = all ? "all\n" : "escape\n";

	return simple_read_from_buffer(ubuf, count, ppos, v, strlen(v));
}

static ssize_t commands_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	char buf[16];

	if (*ppos || !count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sysfs_streq(buf, "escape"))
		WRITE_ONCE(dxgprobe_commands, DXGPROBE_COMMANDS_ESCAPE);
	else if (sysfs_streq(buf, "all"))
		WRITE_ONCE(dxgprobe_commands, DXGPROBE_COMMANDS_ALL);
	else
		return -EINVAL;
	return count;
}

static const struct file_operations commands_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = commands_read,
	.write = commands_write,
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
	debugfs_create_file("enabled", 0600, d, &knob_enabled, &num_knob_fops);
	debugfs_create_file("pid", 0600, d, &knob_pid, &num_knob_fops);
	debugfs_create_file("capture_bytes", 0600, d, &knob_capture_bytes, &num_knob_fops);
	debugfs_create_file("commands", 0600, d, NULL, &commands_fops);
	debugfs_create_file("clear", 0200, d, NULL, &clear_fops);
}

void dxgprobe_debugfs_exit(void)
{
	debugfs_remove_recursive(dxgprobe_dir);
}
