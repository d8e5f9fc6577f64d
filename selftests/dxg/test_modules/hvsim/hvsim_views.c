// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: what the host took, for debugfs: the log of the last
 * HVSIM_LOG_SIZE packets and the counters.  Formats in
 * docs/simulated-host.md.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "hvsim.h"

#define HVSIM_LOG_SIZE		256

struct hvsim_stats hvsim_stats;

static struct hvsim_pkt_rec hvsim_log[HVSIM_LOG_SIZE];
static u64 hvsim_log_seq;
static DEFINE_SPINLOCK(hvsim_log_lock);

void hvsim_log_add(const struct hvsim_pkt_rec *rec)
{
	unsigned long flags;
	struct hvsim_pkt_rec *slot;

	spin_lock_irqsave(&hvsim_log_lock, flags);
	slot = &hvsim_log[hvsim_log_seq % HVSIM_LOG_SIZE];
	*slot = *rec;
	slot->seq = ++hvsim_log_seq;
	spin_unlock_irqrestore(&hvsim_log_lock, flags);
}

void hvsim_log_show(struct seq_file *m)
{
	struct hvsim_pkt_rec *recs, *r;
	unsigned long flags;
	u64 seq, first, i;

	recs = kvmalloc_array(HVSIM_LOG_SIZE, sizeof(*recs), GFP_KERNEL);
	if (!recs)
		return;
	spin_lock_irqsave(&hvsim_log_lock, flags);
	memcpy(recs, hvsim_log, sizeof(hvsim_log));
	seq = hvsim_log_seq;
	spin_unlock_irqrestore(&hvsim_log_lock, flags);

	first = seq > HVSIM_LOG_SIZE ? seq - HVSIM_LOG_SIZE : 0;
	for (i = first; i < seq; i++) {
		r = &recs[i % HVSIM_LOG_SIZE];
		seq_printf(m, "seq=%llu channel=%s msg=%s type=", r->seq,
			   hvsim_chan_name(r->chan), r->msg);
		if (r->type == HVSIM_NO_TYPE)
			seq_puts(m, "-");
		else
			seq_printf(m, "%u", r->type);
		seq_printf(m, " size=%u trans_id=%llu reply_len=", r->size, r->trans_id);
		if (r->reply_len < 0)
			seq_puts(m, "-");
		else
			seq_printf(m, "%d", r->reply_len);
		if (r->esc_size >= 0)
			seq_printf(m, " esc_size=%d", r->esc_size);
		if (r->held)
			seq_puts(m, " held=1");
		if (r->late)
			seq_puts(m, " late=1");
		seq_putc(m, '\n');
	}
	kvfree(recs);
}

void hvsim_log_clear(void)
{
	unsigned long flags;

	spin_lock_irqsave(&hvsim_log_lock, flags);
	memset(hvsim_log, 0, sizeof(hvsim_log));
	hvsim_log_seq = 0;
	spin_unlock_irqrestore(&hvsim_log_lock, flags);
}

void hvsim_stats_show(struct seq_file *m)
{
	const struct {
		const char *name;
		atomic64_t *v;
	} rows[] = {
		{ "packets", &hvsim_stats.packets },
		{ "bytes_in", &hvsim_stats.bytes_in },
		{ "completions", &hvsim_stats.completions },
		{ "bytes_out", &hvsim_stats.bytes_out },
		{ "malformed", &hvsim_stats.malformed },
		{ "unknown", &hvsim_stats.unknown },
		{ "bad_handle", &hvsim_stats.bad_handle },
		{ "held", &hvsim_stats.held },
		{ "released", &hvsim_stats.released },
		{ "dropped", &hvsim_stats.dropped },
		{ "send_eagain", &hvsim_stats.send_eagain },
		{ "send_enodev", &hvsim_stats.send_enodev },
		{ "ring_full", &hvsim_stats.ring_full },
		{ "stray", &hvsim_stats.stray },
		{ "duplicates", &hvsim_stats.duplicates },
		{ "inband", &hvsim_stats.inband },
		{ "deferred", &hvsim_stats.deferred },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(rows); i++)
		seq_printf(m, "%s: %lld\n", rows[i].name, atomic64_read(rows[i].v));
	hvsim_proto_msgs_show(m);
}

void hvsim_stats_clear(void)
{
	atomic64_t *v = (atomic64_t *)&hvsim_stats;
	int i;

	for (i = 0; i < sizeof(hvsim_stats) / sizeof(*v); i++)
		atomic64_set(&v[i], 0);
	hvsim_proto_msgs_clear();
}
