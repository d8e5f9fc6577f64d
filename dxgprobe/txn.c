// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions: a preallocated pool of open transactions, their correlation
 * (per task for the nested calls of one ioctl, per (VMBus channel, trans_id)
 * for the reply that arrives in softirq context), and the ring of finished
 * records with its capture arena.
 *
 * Everything here runs under dxgprobe_lock, a raw spinlock taken with
 * interrupts off: the probe handlers run in process context with preemption
 * disabled and in the VMBus tasklet.  Every operation is O(1) (hash lookups,
 * list heads, bounded copies) and nothing allocates after init.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "txn.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

#define DXGPROBE_MAX_IDS	32
#define DXGPROBE_FLUSH_BATCH	16	/* records finished per lock hold by the flushes */

DEFINE_RAW_SPINLOCK(dxgprobe_lock);
struct dxgprobe_stats dxgprobe_stats;
DEFINE_PER_CPU(struct dxgprobe_lock_stats, dxgprobe_lock_stats);

bool dxgprobe_enabled = true;
u32 dxgprobe_pid;
u32 dxgprobe_capture_bytes = 64;
u32 dxgprobe_commands = DXGPROBE_COMMANDS_ESCAPE;

static DEFINE_HASHTABLE(task_hash, 8);
static DEFINE_HASHTABLE(reply_hash, 8);

static struct dxgprobe_txn *pool;
static u32 pool_size;
static u8 *pool_captures;
static LIST_HEAD(free_list);
static LIST_HEAD(parked_list);	/* parked transactions, oldest first */
static u32 open_count;

static struct dxgprobe_rec *ring;
static u32 ring_size;
static u64 ring_start;		/* index of the oldest record kept */
static u64 ring_next;		/* index (and seq) of the next record */

static u8 *arena;
static u32 arena_size;
static u64 arena_head;		/* bytes ever written */

/*
 * Small ids instead of pointers, for display; written under the lock, keys
 * read locklessly.  A slot is held by the open transactions that show its
 * id; when the table is full the least recently used free slot is given to
 * the new key (a built-in dxgkrnl's channels and adapters come and go).
 */
struct small_ids {
	unsigned long id_key[DXGPROBE_MAX_IDS];
	u32 refs[DXGPROBE_MAX_IDS];
	u64 used[DXGPROBE_MAX_IDS];
};

static struct small_ids channel_ids, adapter_ids;
static u64 ids_clock;
/*
 * Open transactions on a VMBus channel that has no slot: while there are
 * any, the lockless channel filter lets every channel through, so that a
 * full display table never gates capture.
 */
static u32 unslotted_channels;

static nokprobe_inline u8 small_id(struct small_ids *t, unsigned long key)
	__must_hold(&dxgprobe_lock)
{
	int i, slot = -1;

	if (!key)
		return 0;
	for (i = 0; i < DXGPROBE_MAX_IDS; i++) {
		if (t->id_key[i] == key) {
			slot = i;
			goto found;
		}
		if (!t->id_key[i]) {
			if (slot < 0 || t->id_key[slot])
				slot = i;
			break;
		}
		if (!t->refs[i] && (slot < 0 || t->used[i] < t->used[slot]))
			slot = i;
	}
	if (slot < 0) {
		dxgprobe_stats.count[DXGPROBE_CNT_IDS_EXHAUSTED]++;
		return 0;
	}
	if (t->id_key[slot])
		dxgprobe_stats.count[DXGPROBE_CNT_IDS_RECYCLED]++;
	WRITE_ONCE(t->id_key[slot], key);
found:
	t->refs[slot]++;
	t->used[slot] = ++ids_clock;
	return slot + 1;
}

static nokprobe_inline void small_id_put(struct small_ids *t, u8 id)
	__must_hold(&dxgprobe_lock)
{
	if (id && !WARN_ON_ONCE(!t->refs[id - 1]))
		t->refs[id - 1]--;
}

/* The transaction's VMBus channel is @vmbus_channel: its id, and the filter */
void dxgprobe_txn_set_channel(struct dxgprobe_txn *txn, unsigned long vmbus_channel)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_rec *rec = &txn->rec;

	if (rec->channel_id && channel_ids.id_key[rec->channel_id - 1] == vmbus_channel)
		return;
	small_id_put(&channel_ids, rec->channel_id);
	rec->channel_id = small_id(&channel_ids, vmbus_channel);
	if (!rec->channel_id && vmbus_channel && !txn->unslotted) {
		txn->unslotted = true;
		WRITE_ONCE(unslotted_channels, unslotted_channels + 1);
	}
}

NOKPROBE_SYMBOL(dxgprobe_txn_set_channel);

void dxgprobe_txn_set_adapter(struct dxgprobe_txn *txn, unsigned long adapter)
	__must_hold(&dxgprobe_lock)
{
	small_id_put(&adapter_ids, txn->rec.adapter_id);
	txn->rec.adapter_id = small_id(&adapter_ids, adapter);
}

NOKPROBE_SYMBOL(dxgprobe_txn_set_adapter);

static nokprobe_inline void txn_put_ids(struct dxgprobe_txn *txn)
	__must_hold(&dxgprobe_lock)
{
	small_id_put(&channel_ids, txn->rec.channel_id);
	small_id_put(&adapter_ids, txn->rec.adapter_id);
	if (txn->unslotted)
		WRITE_ONCE(unslotted_channels, unslotted_channels - 1);
	txn->unslotted = false;
}

/*
 * Lockless filter for the receive path, which sees the packets of every
 * VMBus channel (netvsc, storvsc, ...): only channels a dxgkrnl message was
 * sent on get the lock.  Slots fill in order and are emptied only all at
 * once (dxgprobe_txn_flush_all()).
 */
bool dxgprobe_channel_is_sending(unsigned long vmbus_channel)
{
	int i;

	if (unlikely(READ_ONCE(unslotted_channels)))
		return true;
	for (i = 0; i < DXGPROBE_MAX_IDS; i++) {
		unsigned long id_key = READ_ONCE(channel_ids.id_key[i]);

		if (!id_key)
			break;
		if (id_key == vmbus_channel)
			return true;
	}
	return false;
}

NOKPROBE_SYMBOL(dxgprobe_channel_is_sending);

/*
 * Set once every point present at load is armed and the attach mask says
 * so: before, a transaction could open with layers about to be armed and
 * finish as a partial record.
 */
static bool capture_ready;

void dxgprobe_txn_set_ready(void)
{
	/* pairs with the acquire below: the attach mask is visible first */
	smp_store_release(&capture_ready, true);
}

bool dxgprobe_txn_wanted(void)
{
	u32 pid = READ_ONCE(dxgprobe_pid);

	/* pairs with the release in dxgprobe_txn_set_ready() */
	return smp_load_acquire(&capture_ready) && READ_ONCE(dxgprobe_enabled) &&
	       (!pid || task_tgid_nr(current) == pid);
}

NOKPROBE_SYMBOL(dxgprobe_txn_wanted);

static nokprobe_inline struct dxgprobe_txn *task_txn(bool parked)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_txn *txn;

	/* hash_add() puts the newest first: the innermost open transaction */
	hash_for_each_possible(task_hash, txn, task_node, (unsigned long)current)
		if (txn->task == current && txn->pid == current->pid && txn->parked == parked)
			return txn;
	return NULL;
}

struct dxgprobe_txn *dxgprobe_txn_current(void)
	__must_hold(&dxgprobe_lock)
{
	return task_txn(false);
}

NOKPROBE_SYMBOL(dxgprobe_txn_current);

/* The task's transaction parked for its status, not only for its reply */
struct dxgprobe_txn *dxgprobe_txn_parked(void)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_txn *txn = task_txn(true);

	return txn && (txn->wait & DXGPROBE_WAIT_STATUS) ? txn : NULL;
}

NOKPROBE_SYMBOL(dxgprobe_txn_parked);

struct dxgprobe_txn *dxgprobe_txn_open(u8 root, bool is_escape, u32 attached)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_txn *txn;

	/*
	 * The caller of a parked transaction has moved on: no status will
	 * come.  Its reply still may (the tasklet's CPU can lag behind, a
	 * vCPU the host did not run): that wait ends by time or the pool.
	 */
	while ((txn = dxgprobe_txn_parked()))
		dxgprobe_txn_unpark(txn, DXGPROBE_WAIT_STATUS);
	txn = list_first_entry_or_null(&parked_list, struct dxgprobe_txn, park_node);
	if (txn && ktime_get_ns() - txn->park_ns >= DXGPROBE_PARK_MAX_NS)
		dxgprobe_txn_finish(txn);

	/*
	 * A parked transaction only waits for what may never come:
	 * it gives its slot up before a live one is refused.
	 */
	if (list_empty(&free_list)) {
		txn = list_first_entry_or_null(&parked_list, struct dxgprobe_txn, park_node);
		if (txn)
			dxgprobe_txn_finish(txn);
	}
	txn = list_first_entry_or_null(&free_list, struct dxgprobe_txn, free_node);
	if (!txn) {
		dxgprobe_stats.count[DXGPROBE_CNT_POOL_EXHAUSTED]++;
		return NULL;
	}
	list_del_init(&txn->free_node);
	memset(&txn->rec, 0, sizeof(txn->rec));
	txn->gen++;
	txn->task = current;
	txn->pid = current->pid;
	txn->root = root;
	txn->parked = false;
	txn->wait = 0;
	txn->in_reply_hash = false;
	txn->vmbus_channel = 0;
	txn->command = 0;
	txn->caller = 0;
	txn->rec.ts_ns = ktime_get_ns();
	txn->rec.tgid = task_tgid_nr(current);
	txn->rec.tid = task_pid_nr(current);
	memcpy(txn->rec.comm, current->comm, sizeof(txn->rec.comm));
	txn->rec.comm[sizeof(txn->rec.comm) - 1] = '\0';
	txn->rec.obs.is_escape = is_escape;
	txn->rec.obs.attached = attached;
	txn->rec.user_mode = DXGPROBE_UNKNOWN_U8;
	txn->rec.result_off = -1;
	hash_add(task_hash, &txn->task_node, (unsigned long)current);
	WRITE_ONCE(open_count, open_count + 1);
	return txn;
}

NOKPROBE_SYMBOL(dxgprobe_txn_open);

void dxgprobe_txn_ref(struct dxgprobe_ref *ref, struct dxgprobe_txn *txn)
{
	ref->txn = txn;
	ref->gen = txn ? txn->gen : 0;
}

NOKPROBE_SYMBOL(dxgprobe_txn_ref);

/* The transaction a kretprobe instance belongs to, unless finished since */
struct dxgprobe_txn *dxgprobe_txn_get(const struct dxgprobe_ref *ref)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_txn *txn = ref->txn;

	if (!txn || txn->gen != ref->gen || !list_empty(&txn->free_node))
		return NULL;
	return txn;
}

NOKPROBE_SYMBOL(dxgprobe_txn_get);

static nokprobe_inline unsigned long reply_key(unsigned long vmbus_channel, u64 trans_id)
{
	return vmbus_channel ^ (unsigned long)(trans_id * 0x9E3779B97F4A7C15ull);
}

void dxgprobe_txn_expect_reply(struct dxgprobe_txn *txn, unsigned long vmbus_channel,
			       u64 trans_id)
	__must_hold(&dxgprobe_lock)
{
	if (txn->in_reply_hash)
		return;
	txn->vmbus_channel = vmbus_channel;
	txn->rec.trans_id = trans_id;
	hash_add(reply_hash, &txn->reply_node, reply_key(vmbus_channel, trans_id));
	txn->in_reply_hash = true;
}

NOKPROBE_SYMBOL(dxgprobe_txn_expect_reply);

struct dxgprobe_txn *dxgprobe_txn_by_reply(unsigned long vmbus_channel, u64 trans_id)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_txn *txn;

	hash_for_each_possible(reply_hash, txn, reply_node, reply_key(vmbus_channel, trans_id))
		if (txn->vmbus_channel == vmbus_channel && txn->rec.trans_id == trans_id)
			return txn;
	return NULL;
}

NOKPROBE_SYMBOL(dxgprobe_txn_by_reply);

static nokprobe_inline u64 arena_put(const u8 *src, u32 len)
	__must_hold(&dxgprobe_lock)
{
	u64 pos = arena_head;
	u32 off, first;

	if (!len || !arena_size)
		return pos;
	len = min(len, arena_size);
	off = do_div(pos, arena_size);
	pos = arena_head;
	first = min(len, arena_size - off);
	memcpy(arena + off, src, first);
	memcpy(arena, src + first, len - first);
	arena_head += len;
	return pos;
}

static bool arena_get(u64 pos, u32 len, u8 *dst)
	__must_hold(&dxgprobe_lock)
{
	u64 tmp = pos;
	u32 off, first;

	if (!len)
		return true;
	/* overwritten since: the arena keeps the last arena_size bytes */
	if (arena_head - pos > arena_size)
		return false;
	off = do_div(tmp, arena_size);
	first = min(len, arena_size - off);
	memcpy(dst, arena + off, first);
	memcpy(dst + first, arena, len - first);
	return true;
}

static nokprobe_inline unsigned int reply_bucket(const struct dxgprobe_obs *obs)
{
	if (!(obs->seen & BIT(DXGPROBE_L_REPLY)))
		return DXGPROBE_REPLY_BUCKETS - 1;
	if (!obs->reply_len)
		return 0;
	if (obs->reply_len > 131072)
		return DXGPROBE_REPLY_BUCKETS - 2;
	return 1 + max(0, fls(obs->reply_len - 1) - 3);
}

static nokprobe_inline void rec_account(const struct dxgprobe_rec *rec)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_stats *s = &dxgprobe_stats;

	s->transactions++;
	s->verdict[rec->out.verdict]++;
	if (rec->out.has_ret) {
		int e = dxgprobe_errno_index(rec->out.ret, DXGPROBE_ERRNO_MAX);

		if (rec->out.ret >= 0)
			s->ret_ok++;
		else if (e > 0)
			s->ret_errno[e]++;
		else
			s->ret_errno_other++;
	}
	s->reply_len[reply_bucket(&rec->obs)]++;
	if (rec->obs.flushed)
		s->count[DXGPROBE_CNT_FLUSHED]++;
}

/* What a record needs before it is shown: finished or inflight */
static nokprobe_inline void rec_fixups(struct dxgprobe_rec *rec)
{
	rec->dur_ns = ktime_get_ns() - rec->ts_ns;
	if (!rec->args_ok && (rec->obs.seen & BIT(DXGPROBE_L_MESSAGE)))
		rec->size = rec->result_size;
	dxgprobe_judge(&rec->obs, &rec->out);
}

/* Judge, account, emit, store in the ring and return the slot to the pool */
void dxgprobe_txn_finish(struct dxgprobe_txn *txn)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_rec *rec = &txn->rec;
	u64 idx;

	rec_fixups(rec);
	rec->seq = ring_next;
	rec->req_pos = arena_put(txn->req_cap, rec->req_len);
	rec->rep_pos = arena_put(txn->rep_cap, rec->rep_len);
	rec_account(rec);
	trace_dxg_transaction(rec, txn->rep_cap);

	if (ring_next - ring_start == ring_size) {
		ring_start++;
		dxgprobe_stats.count[DXGPROBE_CNT_RING_DROPS]++;
	}
	idx = ring_next;
	ring[do_div(idx, ring_size)] = *rec;
	ring_next++;

	txn_put_ids(txn);
	hash_del(&txn->task_node);
	if (txn->in_reply_hash)
		hash_del(&txn->reply_node);
	txn->in_reply_hash = false;
	if (txn->parked)
		list_del_init(&txn->park_node);
	if (txn->wait & DXGPROBE_WAIT_REPLY)
		dxgprobe_stats.count[DXGPROBE_CNT_REPLY_WAIT_EXPIRED]++;
	txn->parked = false;
	txn->wait = 0;
	txn->gen++;
	list_add(&txn->free_node, &free_list);
	WRITE_ONCE(open_count, open_count - 1);
}

NOKPROBE_SYMBOL(dxgprobe_txn_finish);

/*
 * The waiter returned as if its completion had been processed (0 or
 * dxgkrnl's -EOVERFLOW after a successful send), but the reply hook has not
 * seen it yet: it sees a packet after the driver processed it, and on
 * another CPU the woken waiter may be faster.
 */
static nokprobe_inline bool reply_due(const struct dxgprobe_obs *obs)
{
	u32 need = BIT(DXGPROBE_L_MESSAGE) | BIT(DXGPROBE_L_SEND);

	return (obs->seen & need) == need && !(obs->seen & BIT(DXGPROBE_L_REPLY)) &&
	       (obs->attached & BIT(DXGPROBE_L_REPLY)) && obs->send_ret == 0 &&
	       (obs->sync_ret >= 0 || obs->sync_ret == -EOVERFLOW);
}

/*
 * The outermost observed layer returned.  The transaction is parked
 * instead of finished while it waits for its reply (reply_due()), or, for
 * a command that is not an escape, for ntstatus2int() in the caller, which
 * may translate the reply's status after dxgvmb_send_sync_msg() returned.
 * It waits until that arrives, the task starts another transaction,
 * someone reads the records or the pool runs out of free slots.
 */
void dxgprobe_txn_close(struct dxgprobe_txn *txn)
	__must_hold(&dxgprobe_lock)
{
	struct dxgprobe_obs *obs = &txn->rec.obs;
	u8 wait = 0;

	if (reply_due(obs)) {
		wait |= DXGPROBE_WAIT_REPLY;
		dxgprobe_stats.count[DXGPROBE_CNT_REPLY_WAITS]++;
	}
	if (txn->root == DXGPROBE_L_MESSAGE && !obs->is_escape && obs->sync_ret >= 0 &&
	    (obs->attached & BIT(DXGPROBE_L_STATUS)))
		wait |= DXGPROBE_WAIT_STATUS;
	if (!wait) {
		dxgprobe_txn_finish(txn);
		return;
	}
	txn->wait = wait;
	txn->park_ns = ktime_get_ns();
	txn->parked = true;
	list_add_tail(&txn->park_node, &parked_list);
}

NOKPROBE_SYMBOL(dxgprobe_txn_close);

/* What @txn waited for arrived; finish it when it waits for nothing else */
void dxgprobe_txn_unpark(struct dxgprobe_txn *txn, u8 wait)
	__must_hold(&dxgprobe_lock)
{
	if (!txn->parked || !(txn->wait & wait))
		return;
	txn->wait &= ~wait;
	if (!txn->wait)
		dxgprobe_txn_finish(txn);
}

NOKPROBE_SYMBOL(dxgprobe_txn_unpark);

/*
 * Finish the transactions parked at least @min_age_ns ago: what they wait
 * for comes within microseconds or never.  Readers pass DXGPROBE_PARK_MAX_NS
 * and so never finish a record early; the list is oldest first.
 */
void dxgprobe_txn_flush_parked(u64 min_age_ns)
{
	struct dxgprobe_txn *txn;
	unsigned long flags;
	u64 now = ktime_get_ns();
	unsigned int n;

	/* in batches: finishing one copies a record, with interrupts off */
	do {
		dxgprobe_lock_irqsave(flags);
		for (n = 0; n < DXGPROBE_FLUSH_BATCH; n++) {
			txn = list_first_entry_or_null(&parked_list, struct dxgprobe_txn,
						       park_node);
			if (!txn || now - txn->park_ns < min_age_ns)
				break;
			dxgprobe_txn_finish(txn);
		}
		raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	} while (n == DXGPROBE_FLUSH_BATCH);
}

/*
 * Probes were detached: the transactions still open will never see their
 * return handlers.  Record them as they are (pending or incomplete), in
 * batches of DXGPROBE_FLUSH_BATCH under the lock.
 */
void dxgprobe_txn_flush_all(void)
{
	unsigned long flags;
	u32 i, end;

	for (i = 0; i < pool_size; i = end) {
		end = min(i + DXGPROBE_FLUSH_BATCH, pool_size);
		dxgprobe_lock_irqsave(flags);
		for (; i < end; i++) {
			struct dxgprobe_txn *txn = &pool[i];

			if (!list_empty(&txn->free_node))
				continue;
			if (!txn->parked)
				txn->rec.obs.flushed = true;
			dxgprobe_txn_finish(txn);
		}
		raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	}
	dxgprobe_lock_irqsave(flags);
	/* dxgprobe_channel_is_sending() reads them without the lock */
	for (i = 0; i < DXGPROBE_MAX_IDS; i++) {
		WRITE_ONCE(channel_ids.id_key[i], 0);
		WRITE_ONCE(adapter_ids.id_key[i], 0);
	}
	memset(&channel_ids, 0, sizeof(channel_ids));
	memset(&adapter_ids, 0, sizeof(adapter_ids));
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
}

void dxgprobe_lock_stats_read(u64 *taken, u64 *contended)
{
	int cpu;

	*taken = 0;
	*contended = 0;
	for_each_possible_cpu(cpu) {
		const struct dxgprobe_lock_stats *ls = per_cpu_ptr(&dxgprobe_lock_stats, cpu);

		*taken += READ_ONCE(ls->taken);
		*contended += READ_ONCE(ls->contended);
	}
	/* a clear between a CPU's two increments must not show more spins than takes */
	*contended = min(*contended, *taken);
}

/* The lock counters are cleared racily, as the point hits: a count may survive */
void dxgprobe_txn_clear(void)
{
	unsigned long flags;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct dxgprobe_lock_stats *ls = per_cpu_ptr(&dxgprobe_lock_stats, cpu);

		WRITE_ONCE(ls->taken, 0);
		WRITE_ONCE(ls->contended, 0);
	}

	dxgprobe_lock_irqsave(flags);
	ring_start = ring_next;
	memset(&dxgprobe_stats, 0, sizeof(dxgprobe_stats));
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
}

void dxgprobe_snapshot_read(struct dxgprobe_snapshot *snap)
{
	unsigned long flags;

	dxgprobe_lock_irqsave(flags);
	snap->stats = dxgprobe_stats;
	snap->ring_records = ring_next - ring_start;
	snap->open = open_count;
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
}

/* Lockless hint for the hot paths: open and parked transactions */
u32 dxgprobe_open_count(void)
{
	return READ_ONCE(open_count);
}

NOKPROBE_SYMBOL(dxgprobe_open_count);

u32 dxgprobe_pool_size(void)
{
	return pool_size;
}

/* Snapshot of open transaction slot @i, judged as if it ended now */
bool dxgprobe_open_read(u32 i, struct dxgprobe_rec *rec, u8 *req, u8 *rep)
{
	struct dxgprobe_txn *txn;
	unsigned long flags;
	bool ok = false;

	dxgprobe_lock_irqsave(flags);
	if (i < pool_size && list_empty(&pool[i].free_node)) {
		txn = &pool[i];
		*rec = txn->rec;
		memcpy(req, txn->req_cap, rec->req_len);
		memcpy(rep, txn->rep_cap, rec->rep_len);
		/* a parked one has returned: judged as it will be finished */
		if (!txn->parked)
			rec->obs.flushed = true;
		ok = true;
	}
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	if (ok) {
		rec->open = true;
		rec_fixups(rec);
	}
	return ok;
}

bool dxgprobe_ring_read(u64 *idx, struct dxgprobe_rec *rec, u8 *req, u8 *rep,
			bool *req_ok, bool *rep_ok)
{
	unsigned long flags;
	bool ok = false;
	u64 slot;

	dxgprobe_lock_irqsave(flags);
	/* dropped since the reader last looked: go on from the oldest kept */
	if (*idx < ring_start)
		*idx = ring_start;
	if (*idx < ring_next) {
		slot = *idx;
		*rec = ring[do_div(slot, ring_size)];
		*req_ok = arena_get(rec->req_pos, rec->req_len, req);
		*rep_ok = arena_get(rec->rep_pos, rec->rep_len, rep);
		ok = true;
	}
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	return ok;
}

size_t dxgprobe_txn_memory(void)
{
	return (size_t)pool_size * (sizeof(*pool) + 2 * DXGPROBE_CAPTURE_MAX) +
	       (size_t)ring_size * sizeof(*ring) + arena_size;
}

int dxgprobe_txn_init(u32 pool_sz, u32 ring_sz, u32 arena_sz)
{
	u32 i;

	pool = vzalloc(array_size(pool_sz, sizeof(*pool)));
	pool_captures = vmalloc(array3_size(pool_sz, 2, DXGPROBE_CAPTURE_MAX));
	ring = vzalloc(array_size(ring_sz, sizeof(*ring)));
	arena = vmalloc(arena_sz);
	if (!pool || !pool_captures || !ring || !arena) {
		dxgprobe_txn_exit();
		return -ENOMEM;
	}
	pool_size = pool_sz;
	ring_size = ring_sz;
	arena_size = arena_sz;
	for (i = 0; i < pool_sz; i++) {
		pool[i].req_cap = pool_captures + (size_t)i * 2 * DXGPROBE_CAPTURE_MAX;
		pool[i].rep_cap = pool[i].req_cap + DXGPROBE_CAPTURE_MAX;
		INIT_LIST_HEAD(&pool[i].park_node);
		list_add_tail(&pool[i].free_node, &free_list);
	}
	return 0;
}

/* Only after every probe is unregistered: nothing can reach the pool then */
void dxgprobe_txn_exit(void)
{
	INIT_LIST_HEAD(&free_list);
	INIT_LIST_HEAD(&parked_list);
	hash_init(task_hash);
	hash_init(reply_hash);
	vfree(arena);
	vfree(ring);
	vfree(pool_captures);
	vfree(pool);
	arena = NULL;
	ring = NULL;
	pool_captures = NULL;
	pool = NULL;
	pool_size = 0;
	ring_size = 0;
	arena_size = 0;
}
