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

/*
 * What happened to records and replies beyond their verdicts, one counter
 * each, in the order of the "stats" file; counter_names[] (debugfs.c) gives
 * each its name there, and docs/dxgprobe.md says what it counts.
 */
enum dxgprobe_counter {
	DXGPROBE_CNT_RING_DROPS,
	DXGPROBE_CNT_POOL_EXHAUSTED,
	DXGPROBE_CNT_IDS_EXHAUSTED,
	DXGPROBE_CNT_IDS_RECYCLED,
	DXGPROBE_CNT_STATUS_OTHER_CALLER,
	DXGPROBE_CNT_REPLIES_MATCHED,
	DXGPROBE_CNT_REPLIES_UNMATCHED,
	DXGPROBE_CNT_REPLIES_SEEN_TWICE,
	DXGPROBE_CNT_REPLIES_MALFORMED,
	DXGPROBE_CNT_REPLY_WAITS,
	DXGPROBE_CNT_REPLY_WAIT_EXPIRED,
	DXGPROBE_CNT_FLUSHED,
	DXGPROBE_CNT_NR,
};

/* Written under dxgprobe_lock; cleared by "clear" */
struct dxgprobe_stats {
	u64 transactions;
	u64 verdict[DXGPROBE_V_NR];
	u64 ret_ok;
	u64 ret_errno[DXGPROBE_ERRNO_MAX + 1];
	u64 ret_errno_other;
	u64 reply_len[DXGPROBE_REPLY_BUCKETS];
	u64 count[DXGPROBE_CNT_NR];
};

/* One consistent view for the "stats" file: all of it read under one lock hold */
struct dxgprobe_snapshot {
	struct dxgprobe_stats stats;
	u64 ring_records;	/* records kept in the ring now */
	u32 open;		/* transactions open or parked */
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

/*
 * The API, in the order of a transaction's life.  "Lock held" means
 * dxgprobe_lock, taken with raw_spin_lock_irqsave() by the caller; every
 * function that may run in a probe handler is safe in any context (atomic,
 * softirq) and does not sleep.
 */

/**
 * dxgprobe_txn_init - allocate the pool, the ring and the capture arena
 * @pool_size:	transactions open at the same time
 * @ring_size:	finished records kept
 * @arena_size:	bytes for the captures of finished records
 *
 * Context: process context, at module load, before any probe is attached.
 * Return: 0, or -ENOMEM with nothing left allocated.
 */
int dxgprobe_txn_init(u32 pool_size, u32 ring_size, u32 arena_size);

/**
 * dxgprobe_txn_exit - free what dxgprobe_txn_init() allocated
 *
 * Context: process context, only after every probe is unregistered.
 */
void dxgprobe_txn_exit(void);

/**
 * dxgprobe_txn_memory - bytes allocated by dxgprobe_txn_init()
 *
 * Return: the pool with its capture buffers, the ring and the arena
 * ("memory_bytes" in stats).
 */
size_t dxgprobe_txn_memory(void);

/**
 * dxgprobe_txn_set_ready - let the handlers open transactions
 *
 * Called once every point present at load is armed and the attach mask
 * says so: before, a transaction could open with layers about to be armed
 * and finish as a partial record.
 *
 * Context: process context, at load.
 */
void dxgprobe_txn_set_ready(void);

/**
 * dxgprobe_txn_wanted - may the current task's call be recorded?
 *
 * Context: any, no lock; lockless reads of the knobs.
 * Return: true when ready, enabled and the task passes the pid filter.
 */
bool dxgprobe_txn_wanted(void);

/**
 * dxgprobe_txn_open - open a transaction for the current task
 * @root:	the layer that opens it (enum dxgprobe_layer), the outermost attached
 * @is_escape:	an escape (else another command, with commands=all)
 * @attached:	layer mask of the probes attached now
 *
 * Finishes first the task's transactions parked for a status, and the
 * oldest parked one when the pool is empty.
 *
 * Context: any; lock held.
 * Return: the transaction, or NULL when the pool is exhausted (counted in
 * DXGPROBE_CNT_POOL_EXHAUSTED).
 */
struct dxgprobe_txn *dxgprobe_txn_open(u8 root, bool is_escape, u32 attached);

/**
 * dxgprobe_txn_current - the current task's open transaction
 *
 * Context: any; lock held.
 * Return: the transaction (not a parked one), or NULL.
 */
struct dxgprobe_txn *dxgprobe_txn_current(void);

/**
 * dxgprobe_txn_parked - the current task's transaction waiting for its status
 *
 * Context: any; lock held.
 * Return: the transaction parked with DXGPROBE_WAIT_STATUS, or NULL.
 */
struct dxgprobe_txn *dxgprobe_txn_parked(void);

/**
 * dxgprobe_txn_ref - remember @txn in a kretprobe instance's data
 * @ref:	the instance's data
 * @txn:	the transaction, or NULL
 *
 * Context: any; lock held when @txn is not NULL (its generation is read).
 */
void dxgprobe_txn_ref(struct dxgprobe_ref *ref, struct dxgprobe_txn *txn);

/**
 * dxgprobe_txn_get - the transaction a kretprobe instance belongs to
 * @ref:	what dxgprobe_txn_ref() stored at entry
 *
 * Context: any; lock held.
 * Return: the transaction, or NULL when it was finished since (its slot may
 * hold another one now: the generation tells).
 */
struct dxgprobe_txn *dxgprobe_txn_get(const struct dxgprobe_ref *ref);

/**
 * dxgprobe_txn_set_channel - the VMBus channel of @txn's message
 * @txn:		the transaction
 * @vmbus_channel:	the channel pointer, a key only, never printed
 *
 * Gives the channel a small id for the record and adds it to the channels
 * dxgprobe_channel_is_sending() lets through.
 *
 * Context: any; lock held.
 */
void dxgprobe_txn_set_channel(struct dxgprobe_txn *txn, unsigned long vmbus_channel);

/**
 * dxgprobe_txn_set_adapter - the dxgkrnl adapter of @txn's escape
 * @txn:	the transaction
 * @adapter:	the struct dxgadapter pointer, a key only, never printed
 *
 * Context: any; lock held.
 */
void dxgprobe_txn_set_adapter(struct dxgprobe_txn *txn, unsigned long adapter);

/**
 * dxgprobe_txn_expect_reply - @txn's message went out as @trans_id
 * @txn:		the transaction
 * @vmbus_channel:	the channel it was sent on
 * @trans_id:		the VMBus request id the completion will carry
 *
 * Registers (@vmbus_channel, @trans_id) for dxgprobe_txn_by_reply(); called
 * at the send's entry, before the host can answer.
 *
 * Context: any; lock held.
 */
void dxgprobe_txn_expect_reply(struct dxgprobe_txn *txn, unsigned long vmbus_channel,
			       u64 trans_id);

/**
 * dxgprobe_channel_is_sending - might a packet on @vmbus_channel be a reply?
 * @vmbus_channel:	the channel of a received packet
 *
 * Context: any, softirq included; no lock, no write to shared state: the
 * filter in front of the lock for every VMBus packet of the guest.
 * Return: true when a dxgkrnl message was sent on @vmbus_channel (or a
 * channel had no id left, then every channel passes).
 */
bool dxgprobe_channel_is_sending(unsigned long vmbus_channel);

/**
 * dxgprobe_txn_by_reply - the transaction a completion answers
 * @vmbus_channel:	the channel the completion came on
 * @trans_id:		its request id
 *
 * Context: any, softirq included; lock held.
 * Return: the transaction registered by dxgprobe_txn_expect_reply(), or NULL.
 */
struct dxgprobe_txn *dxgprobe_txn_by_reply(unsigned long vmbus_channel, u64 trans_id);

/**
 * dxgprobe_txn_close - the outermost observed layer of @txn returned
 * @txn:	the transaction
 *
 * Finishes @txn, or parks it while it waits for its reply (seen after the
 * waiter woke) or, for a command that is not an escape, for ntstatus2int()
 * in its caller.
 *
 * Context: any; lock held.
 */
void dxgprobe_txn_close(struct dxgprobe_txn *txn);

/**
 * dxgprobe_txn_unpark - what a parked @txn waited for has come
 * @txn:	the transaction
 * @wait:	DXGPROBE_WAIT_STATUS or DXGPROBE_WAIT_REPLY
 *
 * Finishes @txn when it waits for nothing else; no-op when it is not parked
 * or did not wait for @wait.
 *
 * Context: any; lock held.
 */
void dxgprobe_txn_unpark(struct dxgprobe_txn *txn, u8 wait);

/**
 * dxgprobe_txn_finish - judge, count, emit and store @txn; free its slot
 * @txn:	the transaction
 *
 * Judges the record (dxgprobe_judge()), counts it in dxgprobe_stats, emits
 * the dxgprobe:dxg_transaction event and stores it in the ring, dropping the
 * oldest when full (DXGPROBE_CNT_RING_DROPS).  @txn must not be used after.
 *
 * Context: any; lock held.
 */
void dxgprobe_txn_finish(struct dxgprobe_txn *txn);

/* Readers finish parked transactions only after this long (caller gone) */
#define DXGPROBE_PARK_MAX_NS	(1000 * NSEC_PER_MSEC)

/**
 * dxgprobe_txn_flush_parked - finish the transactions parked long enough
 * @min_age_ns:	parked at least this long; readers pass DXGPROBE_PARK_MAX_NS
 *		so that they never cut a record short, clear passes 0
 *
 * Context: process context; takes the lock, in batches.
 */
void dxgprobe_txn_flush_parked(u64 min_age_ns);

/**
 * dxgprobe_txn_flush_all - record every open transaction as it is
 *
 * After a detach the open transactions will see no return: they are
 * finished as pending or incomplete, and the channel filter is emptied.
 *
 * Context: process context, after the probes are unregistered; takes the lock.
 */
void dxgprobe_txn_flush_all(void);

/**
 * dxgprobe_txn_clear - empty the ring and zero dxgprobe_stats
 *
 * Context: process context; takes the lock.
 */
void dxgprobe_txn_clear(void);

/**
 * dxgprobe_ring_read - copy one finished record and its captures
 * @idx:	the record's index; moved to the oldest kept if it was dropped
 * @rec:	the record
 * @req:	its request capture (DXGPROBE_CAPTURE_MAX bytes)
 * @rep:	its reply capture (DXGPROBE_CAPTURE_MAX bytes)
 * @req_ok:	false when the arena overwrote the request capture ("lost")
 * @rep_ok:	false when the arena overwrote the reply capture
 *
 * Context: process context; takes the lock.
 * Return: true, or false when @idx is past the newest record.
 */
bool dxgprobe_ring_read(u64 *idx, struct dxgprobe_rec *rec, u8 *req, u8 *rep,
			bool *req_ok, bool *rep_ok);

/**
 * dxgprobe_snapshot_read - the counters, ring_records and open, at one instant
 * @snap:	filled under one hold of the lock
 *
 * Context: process context; takes the lock.
 */
void dxgprobe_snapshot_read(struct dxgprobe_snapshot *snap);

/**
 * dxgprobe_open_count - transactions open or parked now
 *
 * Context: any, no lock: a hint for the hot paths, which leave early at 0.
 * Return: the count.
 */
u32 dxgprobe_open_count(void);

/**
 * dxgprobe_open_read - copy pool slot @i if it holds an open transaction
 * @i:		the slot, 0 .. dxgprobe_pool_size() - 1
 * @rec:	the record, judged as if the transaction ended now
 * @req:	its request capture (DXGPROBE_CAPTURE_MAX bytes)
 * @rep:	its reply capture (DXGPROBE_CAPTURE_MAX bytes)
 *
 * Context: process context; takes the lock.
 * Return: true when slot @i is in use.
 */
bool dxgprobe_open_read(u32 i, struct dxgprobe_rec *rec, u8 *req, u8 *rep);

/**
 * dxgprobe_pool_size - the pool's slots
 *
 * Return: pool_size as loaded.
 */
u32 dxgprobe_pool_size(void);

#endif /* _DXGPROBE_TXN_H */
