/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transactions: one per dxgvmb_send_sync_msg() call (or per escape ioctl),
 * correlated to its caller through the task and to its reply through
 * (VMBus channel, trans_id); a preallocated pool of open transactions and a
 * bounded ring of finished records.
 */
#ifndef _DXGPROBE_TXN_H
#define _DXGPROBE_TXN_H

#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/types.h>

#include "verdict.h"

#define DXGPROBE_FORMAT_VERSION	1
#define DXGPROBE_CAPTURE_MAX	4096
#define DXGPROBE_ERRNO_MAX	600	/* errnos above this are counted as "other" */
#define DXGPROBE_REPLY_BUCKETS	18	/* 0, 1-8, 9-16, ..., 65537-131072, more, none */

enum dxgprobe_commands {
	DXGPROBE_COMMANDS_ESCAPE,
	DXGPROBE_COMMANDS_ALL,
};

/* What a parked transaction waits for (dxgprobe_txn_close()) */
#define DXGPROBE_WAIT_STATUS	BIT(0)	/* ntstatus2int() of its caller */
#define DXGPROBE_WAIT_REPLY	BIT(1)	/* its completion, seen after the waiter woke */

/* Tri-state for fields that may not have been observed */
#define DXGPROBE_UNKNOWN_U8	0xff

/* A finished transaction as kept in the ring and printed by debugfs */
struct dxgprobe_rec {
	u64 seq;		/* finished records only (inflight: not set) */
	bool open;		/* an inflight snapshot, not a finished record */
	u64 ts_ns;		/* ktime_get_ns() when the transaction began */
	u64 dur_ns;
	pid_t tgid;
	pid_t tid;
	char comm[TASK_COMM_LEN];

	struct dxgprobe_obs obs;
	struct dxgprobe_outcome out;
	u32 returned;		/* layer mask: return observed */

	/* ioctl layer: the user's d3dkmt_escape */
	bool ioctl_args_ok;
	u32 user_adapter;	/* the user's adapter handle */
	/* escape layer (kernel copy, host handles) or else the ioctl copy */
	bool args_ok;
	u32 host_adapter;
	u32 device;
	u32 type;
	u32 flags;
	u32 size;		/* N, priv_drv_data_size */
	u32 context;
	u8 user_mode;		/* 0, 1 or DXGPROBE_UNKNOWN_U8 */
	u8 adapter_id;		/* small id of the struct dxgadapter, 0 = unknown */

	/* message layer */
	struct dxgprobe_hdr hdr;
	u32 cmd_size;
	u32 result_size;
	int result_off;		/* result - command, -1 when unrelated */
	u8 channel_id;		/* small id of the VMBus channel, 0 = unknown */

	/* send layer */
	u64 trans_id;
	u32 send_len;
	u32 send_type;
	u32 send_flags;

	/* reply layer */
	u16 reply_type;
	u16 reply_offset8;
	u16 reply_len8;
	u16 reply_flags;

	/* captures, stored in the capture arena */
	u32 req_len;
	u32 rep_len;
	u64 req_pos;
	u64 rep_pos;
};

struct dxgprobe_txn {
	struct hlist_node task_node;	/* dxgprobe_task_hash, key: task */
	struct hlist_node reply_node;	/* dxgprobe_reply_hash, key: (channel, trans_id) */
	struct list_head free_node;
	struct list_head park_node;	/* parked_list, oldest first */
	const struct task_struct *task;	/* correlation key only, never printed */
	pid_t pid;			/* with task: a reused task_struct is not a match */
	unsigned long vmbus_channel;	/* correlation key only, never printed */
	unsigned long command;		/* correlation key only, never printed */
	unsigned long caller;		/* function that sent it; correlation only */
	u32 gen;
	u8 root;			/* layer that opened the transaction */
	bool in_reply_hash;
	bool unslotted;			/* its channel has no small id (table full) */
	bool parked;			/* on parked_list: wait says for what */
	u8 wait;			/* DXGPROBE_WAIT_* */
	u64 park_ns;			/* ktime_get_ns() when parked */
	struct dxgprobe_rec rec;
	u8 *req_cap;
	u8 *rep_cap;
};

/* Per kretprobe instance: which transaction it belongs to */
struct dxgprobe_ref {
	struct dxgprobe_txn *txn;
	u32 gen;
	unsigned long saved_arg;	/* an entry argument for the return, layer specific */
};

struct dxgprobe_stats {
	u64 transactions;
	u64 verdict[DXGPROBE_V_NR];
	u64 ret_ok;
	u64 ret_errno[DXGPROBE_ERRNO_MAX + 1];
	u64 ret_errno_other;
	u64 reply_len[DXGPROBE_REPLY_BUCKETS];
	u64 ring_drops;
	u64 pool_exhausted;
	u64 ids_exhausted;
	u64 ids_recycled;
	u64 status_other_caller;
	u64 replies_matched;
	u64 replies_unmatched;
	u64 replies_seen_twice;
	u64 replies_malformed;
	u64 reply_waits;
	u64 reply_wait_expired;
	u64 flushed;
};

extern raw_spinlock_t dxgprobe_lock;
extern struct dxgprobe_stats dxgprobe_stats;

/* Acquisitions of dxgprobe_lock by the handlers, and how many had to spin */
struct dxgprobe_lock_stats {
	unsigned long taken;
	unsigned long contended;
};

DECLARE_PER_CPU(struct dxgprobe_lock_stats, dxgprobe_lock_stats);

/*
 * raw_spin_lock_irqsave(&dxgprobe_lock, flags), counting per CPU the
 * acquisitions that found the lock held (a failed trylock before spinning)
 */
#define dxgprobe_lock_irqsave(flags)					\
	do {								\
		local_irq_save(flags);					\
		this_cpu_inc(dxgprobe_lock_stats.taken);		\
		if (!raw_spin_trylock(&dxgprobe_lock)) {		\
			this_cpu_inc(dxgprobe_lock_stats.contended);	\
			raw_spin_lock(&dxgprobe_lock);			\
		}							\
	} while (0)

void dxgprobe_lock_stats_read(u64 *taken, u64 *contended);

/* knobs (debugfs) */
extern bool dxgprobe_enabled;
extern u32 dxgprobe_pid;
extern u32 dxgprobe_capture_bytes;
extern u32 dxgprobe_commands;

int dxgprobe_txn_init(u32 pool_size, u32 ring_size, u32 arena_size);
void dxgprobe_txn_exit(void);
size_t dxgprobe_txn_memory(void);

bool dxgprobe_txn_wanted(void);
void dxgprobe_txn_set_ready(void);
struct dxgprobe_txn *dxgprobe_txn_open(u8 root, bool is_escape, u32 attached);
struct dxgprobe_txn *dxgprobe_txn_current(void);
struct dxgprobe_txn *dxgprobe_txn_parked(void);
struct dxgprobe_txn *dxgprobe_txn_get(const struct dxgprobe_ref *ref);
void dxgprobe_txn_ref(struct dxgprobe_ref *ref, struct dxgprobe_txn *txn);
void dxgprobe_txn_close(struct dxgprobe_txn *txn);
void dxgprobe_txn_finish(struct dxgprobe_txn *txn);
void dxgprobe_txn_unpark(struct dxgprobe_txn *txn, u8 wait);
void dxgprobe_txn_expect_reply(struct dxgprobe_txn *txn, unsigned long vmbus_channel,
			       u64 trans_id);
struct dxgprobe_txn *dxgprobe_txn_by_reply(unsigned long vmbus_channel, u64 trans_id);
bool dxgprobe_channel_is_sending(unsigned long vmbus_channel);
void dxgprobe_txn_set_channel(struct dxgprobe_txn *txn, unsigned long vmbus_channel);
void dxgprobe_txn_set_adapter(struct dxgprobe_txn *txn, unsigned long adapter);

/* Readers finish parked transactions only after this long (caller gone) */
#define DXGPROBE_PARK_MAX_NS	(1000 * NSEC_PER_MSEC)

void dxgprobe_txn_flush_parked(u64 min_age_ns);
void dxgprobe_txn_flush_all(void);
void dxgprobe_txn_clear(void);

/*
 * ring readers: copy record number *idx, or the oldest kept if that one was
 * dropped (*idx is moved to it), and its captures; false past the end
 */
u64 dxgprobe_ring_first(void);
u64 dxgprobe_ring_next(void);
bool dxgprobe_ring_read(u64 *idx, struct dxgprobe_rec *rec, u8 *req, u8 *rep,
			bool *req_ok, bool *rep_ok);
u32 dxgprobe_open_count(void);
bool dxgprobe_open_read(u32 i, struct dxgprobe_rec *rec, u8 *req, u8 *rep);
u32 dxgprobe_pool_size(void);

#endif /* _DXGPROBE_TXN_H */
