// SPDX-License-Identifier: GPL-2.0
/*
 * The attach points, one small block per layer of the escape path
 * (docs/dxgprobe.md):
 *
 *   ioctl    dxgkio_escape(process, inargs)             user's d3dkmt_escape
 *   escape   dxgvmb_send_escape(process, adapter, args[, user_mode])
 *   message  dxgvmb_send_sync_msg(channel, command, cmd_size, result, result_size)
 *   send     vmbus_sendpacket(channel, buffer, len, requestid, type, flags)
 *                                                        entry only (ftrace)
 *   reply    __hv_pkt_iter_next(channel, pkt)            entry only (ftrace)
 *   status   ntstatus2int(status)
 *
 * All are found by name; none is required.  The arguments are read by
 * x86_64 register position at entry.  The two VMBus points see every
 * channel's traffic (storvsc, netvsc, ...): they are ftrace hooks with no
 * return instance, and a foreign packet leaves them after lockless reads.
 * The kretprobes share one return handler, point_return().  The handlers
 * run with preemption disabled (process context, and the VMBus tasklet for
 * the reply), read memory only with the *_nofault accessors, and do O(1)
 * work under dxgprobe_lock.  Helpers are nokprobe_inline: inlined into the
 * handlers, so no kprobe can be put on them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kstrtox.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/ptrace.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "dxgprobe.h"
#include "txn.h"
#include "wire.h"

/* Arguments are read by x86_64 register position, and wire.h is x86_64 */
#ifndef CONFIG_X86_64
#error "dxgprobe supports x86_64 only"
#endif

enum {
	P_IOCTL,
	P_ESCAPE,
	P_MESSAGE,
	P_SEND,
	P_REPLY_NEXT,
	P_STATUS,
	P_NR,
};

u32 dxgprobe_attached;
/* serialises attach/detach and the readers of the point table */
DEFINE_MUTEX(dxgprobe_attach_mutex);
unsigned int dxgprobe_maxactive = 256;

/*
 * Entry-handler calls per point, and the misses of the ftrace hooks; per
 * CPU, since every VMBus send and packet counts
 */
struct point_hits {
	unsigned long n[P_NR];
	unsigned long missed[P_NR];
};

static DEFINE_PER_CPU(struct point_hits, point_hits);

static nokprobe_inline struct dxgprobe_ref *point_ref(struct kretprobe_instance *ri)
{
	return (struct dxgprobe_ref *)ri->data;
}

static nokprobe_inline unsigned long reg_arg(struct pt_regs *regs, unsigned int n)
{
	return regs_get_kernel_argument(regs, n);
}

static nokprobe_inline void point_hit(unsigned int point)
{
	this_cpu_inc(point_hits.n[point]);
}

static nokprobe_inline u32 attached_layers(void)
{
	return READ_ONCE(dxgprobe_attached);
}

/*
 * The handler runs for the task itself, not for a softirq or interrupt on
 * top of it.  in_task() alone would not do: a kprobe taken through int3 (not
 * ftrace-based, or not optimized yet) runs inside nmi_enter(), which adds
 * one NMI and one hardirq level.
 */
static nokprobe_inline bool in_caller_task(void)
{
	unsigned long hardirqs = hardirq_count() >> HARDIRQ_SHIFT;

	if (in_nmi() && hardirqs)
		hardirqs--;
	return !hardirqs && !in_serving_softirq();
}

/* Start of the function holding @addr, from kallsyms; 0 when unknown */
static nokprobe_inline unsigned long func_start(unsigned long addr)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned long off;
	char *p, *e;

	if (!addr || !sprint_symbol(sym, addr))
		return 0;
	p = strchr(sym, '+');
	e = p ? strchr(p, '/') : NULL;
	if (!e)
		return 0;
	*e = '\0';
	if (kstrtoul(p + 1, 16, &off) || off > addr)
		return 0;
	return addr - off;
}

/*
 * The function that called the probed one, at its entry (the return
 * address is still on top of the stack: the kretprobe hooks it after the
 * entry handler).  Correlation only: never shown.
 */
static nokprobe_inline unsigned long caller_of(struct pt_regs *regs)
{
	unsigned long ra;

	if (copy_from_kernel_nofault(&ra, (const void *)kernel_stack_pointer(regs), sizeof(ra)))
		return 0;
	return func_start(ra);
}

static nokprobe_inline void set_escape_args(struct dxgprobe_rec *rec,
					    const struct dxgprobe_d3dkmt_escape *a)
{
	rec->args_ok = true;
	rec->host_adapter = a->adapter;
	rec->device = a->device;
	rec->type = a->type;
	rec->flags = a->flags;
	rec->size = a->priv_drv_data_size;
	rec->context = a->context;
}

/*
 * vmbus_sendpacket() is hooked at entry only, so its result comes from the
 * layer above.  dxgvmb_send_sync_msg() retries it with the same request id
 * while it returns -EAGAIN (ring full; every attempt is counted at entry),
 * and when it gives up (still -EAGAIN after 50 tries, -ENODEV for a
 * rescinded channel, any other error) returns that last attempt's error
 * without waiting.  After a successful send it returns only what the wait
 * gave: the completion's 0 or -EOVERFLOW (shorter than result_size), or
 * an interrupted wait.  A completion seen also proves the send succeeded.
 */
static nokprobe_inline int send_result(const struct dxgprobe_obs *obs)
{
	int ret = obs->sync_ret;

	if (ret >= 0 || ret == -EOVERFLOW || dxgprobe_is_interrupt(ret))
		return 0;
	return ret;
}

/*
 * The send layer's result is known: the message returned (its return
 * decides), or a reply came first (the send worked, unless the message
 * then says otherwise: a stray completion during -EAGAIN retries).
 */
static nokprobe_inline void send_returned(struct dxgprobe_rec *rec, bool message_returned)
{
	if (!(rec->obs.seen & BIT(DXGPROBE_L_SEND)))
		return;
	if (message_returned)
		rec->obs.send_ret = send_result(&rec->obs);
	else if (!(rec->returned & BIT(DXGPROBE_L_SEND)))
		rec->obs.send_ret = 0;
	rec->returned |= BIT(DXGPROBE_L_SEND);
}

/*
 * The return handler of every kretprobe (one dispatcher, as
 * kernel/trace/trace_kprobe.c's kretprobe_dispatcher): record the layer's
 * return; close the transaction when that layer opened it
 */
static int point_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	const struct dxgprobe_point *p;
	int ret = (int)regs_return_value(regs);
	struct dxgprobe_ref *ref = point_ref(ri);
	struct dxgprobe_txn *txn;
	struct dxgprobe_obs *obs;
	unsigned long flags;

	/* NULL while the kretprobe is being unregistered on another CPU */
	if (unlikely(!rp))
		return 0;
	p = container_of(rp, struct dxgprobe_point, rp);
	dxgprobe_lock_irqsave(flags);
	txn = dxgprobe_txn_get(ref);
	if (!txn)
		goto unlock;
	obs = &txn->rec.obs;
	switch (p->layer) {
	case DXGPROBE_L_IOCTL:
		obs->ioctl_ret = ret;
		break;
	case DXGPROBE_L_ESCAPE:
		obs->escape_ret = ret;
		break;
	case DXGPROBE_L_MESSAGE:
		obs->sync_ret = ret;
		send_returned(&txn->rec, true);
		break;
	case DXGPROBE_L_STATUS:
		/* not a layer of the nesting: it completes a parked command */
		obs->seen |= BIT(DXGPROBE_L_STATUS);
		obs->ntstatus = ref->saved_arg;
		obs->ntstatus_errno = ret;
		dxgprobe_txn_unpark(txn, DXGPROBE_WAIT_STATUS);
		goto unlock;
	}
	txn->rec.returned |= BIT(p->layer);
	if (txn->root == p->layer)
		dxgprobe_txn_close(txn);
unlock:
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	return 0;
}

NOKPROBE_SYMBOL(point_return);

/* --- ioctl: dxgkio_escape(struct dxgprocess *, void __user *inargs) --- */

static int ioctl_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	const void __user *inargs = (const void __user *)reg_arg(regs, 1);
	struct dxgprobe_d3dkmt_escape args;
	struct dxgprobe_txn *txn = NULL;
	unsigned long flags;
	bool ok;

	point_hit(P_IOCTL);
	if (!dxgprobe_txn_wanted())
		return 1;
	ok = !copy_from_user_nofault(&args, inargs, sizeof(args));

	dxgprobe_lock_irqsave(flags);
	txn = dxgprobe_txn_open(DXGPROBE_L_IOCTL, true, attached_layers());
	if (txn) {
		txn->rec.obs.seen |= BIT(DXGPROBE_L_IOCTL);
		txn->rec.ioctl_args_ok = ok;
		if (ok) {
			txn->rec.user_adapter = args.adapter;
			set_escape_args(&txn->rec, &args);
			txn->rec.user_mode = 1;
		}
	}
	dxgprobe_txn_ref(point_ref(ri), txn);
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	return txn ? 0 : 1;
}

NOKPROBE_SYMBOL(ioctl_entry);

/*
 * --- escape: dxgvmb_send_escape(process, adapter, args, user_mode) ---
 * args is dxgkio_escape's kernel copy, adapter already the host handle.  The
 * older 3-argument form has no user_mode, so it is derived from where
 * priv_drv_data points, which holds for both forms.
 */
static int escape_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long adapter = reg_arg(regs, 1);
	const void *kargs = (const void *)reg_arg(regs, 2);
	struct dxgprobe_d3dkmt_escape args;
	struct dxgprobe_txn *txn;
	unsigned long flags;
	bool ok;

	point_hit(P_ESCAPE);
	ok = !copy_from_kernel_nofault(&args, kargs, sizeof(args));

	dxgprobe_lock_irqsave(flags);
	txn = dxgprobe_txn_current();
	if (txn && (!txn->rec.obs.is_escape ||
		    (txn->rec.obs.seen & (BIT(DXGPROBE_L_ESCAPE) | BIT(DXGPROBE_L_MESSAGE)))))
		txn = NULL;
	/*
	 * With the ioctl probe attached, the escape's transaction is opened
	 * there or not at all (filtered, pool exhausted): a second try here
	 * would count one lost escape twice or make a partial record.
	 */
	if (!txn && !(attached_layers() & BIT(DXGPROBE_L_IOCTL)) && dxgprobe_txn_wanted())
		txn = dxgprobe_txn_open(DXGPROBE_L_ESCAPE, true, attached_layers());
	if (txn) {
		txn->rec.obs.seen |= BIT(DXGPROBE_L_ESCAPE);
		dxgprobe_txn_set_adapter(txn, adapter);
		if (ok) {
			set_escape_args(&txn->rec, &args);
			txn->rec.user_mode = args.priv_drv_data < TASK_SIZE_MAX;
		}
	}
	dxgprobe_txn_ref(point_ref(ri), txn);
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	return txn ? 0 : 1;
}

NOKPROBE_SYMBOL(escape_entry);

/*
 * Whether dxgvmb_send_sync_msg() opens a transaction of its own: an escape's
 * only when no outer escape layer is attached (else that layer opened it, or
 * chose not to), another command's only with commands=all.
 */
static nokprobe_inline bool message_opens_txn(bool is_escape)
{
	if (is_escape)
		return !(attached_layers() & (BIT(DXGPROBE_L_IOCTL) | BIT(DXGPROBE_L_ESCAPE)));
	return READ_ONCE(dxgprobe_commands) == DXGPROBE_COMMANDS_ALL;
}

/*
 * --- message: dxgvmb_send_sync_msg(channel, command, cmd_size, result, result_size) ---
 * command is the complete wire payload (ext header, command, private data);
 * for an escape the reply is later written over it in place, so the request
 * is captured here.
 */
static int message_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long channel = reg_arg(regs, 0);
	const u8 *command = (const u8 *)reg_arg(regs, 1);
	u32 cmd_size = reg_arg(regs, 2);
	unsigned long result = reg_arg(regs, 3);
	u32 result_size = reg_arg(regs, 4);
	u8 head[sizeof(struct dxgprobe_ext_header) + sizeof(struct dxgprobe_cmd_header)];
	u32 hlen = min_t(u32, cmd_size, sizeof(head));
	unsigned long vmbus_channel, caller;
	struct dxgprobe_txn *txn;
	struct dxgprobe_hdr hdr;
	unsigned long flags;
	bool is_escape;
	u32 cap;

	point_hit(P_MESSAGE);
	if (copy_from_kernel_nofault(head, command, hlen))
		hlen = 0;
	dxgprobe_decode_header(head, hlen, cmd_size, result_size, &hdr);
	is_escape = hlen && hdr.command_type == DXGPROBE_CMD_ESCAPE;
	/* a command's status is taken only from ntstatus2int() in its caller */
	caller = !is_escape && READ_ONCE(dxgprobe_commands) == DXGPROBE_COMMANDS_ALL ?
		 caller_of(regs) : 0;
	/* struct dxgvmbuschannel begins with its struct vmbus_channel * */
	if (copy_from_kernel_nofault(&vmbus_channel,
				     (const void *)(channel + DXGPROBE_DXGCHANNEL_VMBUS_OFF),
				     sizeof(vmbus_channel)))
		vmbus_channel = 0;

	dxgprobe_lock_irqsave(flags);
	/* only the escape's own message joins an open escape */
	txn = dxgprobe_txn_current();
	if (txn && (!is_escape || !txn->rec.obs.is_escape ||
		    (txn->rec.obs.seen & BIT(DXGPROBE_L_MESSAGE))))
		txn = NULL;
	if (!txn && message_opens_txn(is_escape) && dxgprobe_txn_wanted())
		txn = dxgprobe_txn_open(DXGPROBE_L_MESSAGE, is_escape, attached_layers());
	if (txn) {
		struct dxgprobe_rec *rec = &txn->rec;

		rec->obs.seen |= BIT(DXGPROBE_L_MESSAGE);
		rec->hdr = hdr;
		rec->cmd_size = cmd_size;
		rec->obs.cmd_size = cmd_size;
		rec->result_size = result_size;
		rec->obs.result_size = result_size;
		if (result >= (unsigned long)command &&
		    result - (unsigned long)command <= cmd_size)
			rec->result_off = result - (unsigned long)command;
		txn->command = (unsigned long)command;
		txn->caller = caller;
		dxgprobe_txn_set_channel(txn, vmbus_channel);
		cap = min3(cmd_size, READ_ONCE(dxgprobe_capture_bytes), (u32)DXGPROBE_CAPTURE_MAX);
		if (!copy_from_kernel_nofault(txn->req_cap, command, cap))
			rec->req_len = cap;
	}
	dxgprobe_txn_ref(point_ref(ri), txn);
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	return txn ? 0 : 1;
}

NOKPROBE_SYMBOL(message_entry);

/*
 * --- send: vmbus_sendpacket(channel, buffer, len, requestid, type, flags) ---
 * Runs nested in dxgvmb_send_sync_msg(), in the same task, and is retried
 * with the same requestid on -EAGAIN.  The reply may arrive on another CPU
 * before this call returns, so the transaction is made findable by
 * (channel, trans_id) here, at entry.  Its result is taken when the
 * message returns (send_result()).
 */
static nokprobe_inline void send_seen(struct pt_regs *regs)
{
	unsigned long channel = reg_arg(regs, 0);
	unsigned long buffer = reg_arg(regs, 1);
	struct dxgprobe_txn *txn;
	unsigned long flags;

	/*
	 * Another driver's send in a softirq on top of the task (netvsc NAPI
	 * completions, ...) is not the escape's.  Every VMBus driver sends:
	 * leave before the lock, having only read, unless a dxgkrnl message
	 * went out on the channel (its id is taken at the message layer).
	 */
	if (!in_caller_task() || !dxgprobe_open_count() || !dxgprobe_channel_is_sending(channel))
		return;
	dxgprobe_lock_irqsave(flags);
	/*
	 * The message's own send: dxgvmb_send_sync_msg() passes its command
	 * buffer to vmbus_sendpacket() unchanged, as the packet's payload
	 */
	txn = dxgprobe_txn_current();
	if (txn && (txn->rec.obs.seen & BIT(DXGPROBE_L_MESSAGE)) &&
	    !(txn->rec.returned & BIT(DXGPROBE_L_MESSAGE)) && buffer == txn->command) {
		struct dxgprobe_rec *rec = &txn->rec;

		if (!rec->obs.attempts++) {
			rec->send_len = reg_arg(regs, 2);
			rec->send_type = reg_arg(regs, 4);
			rec->send_flags = reg_arg(regs, 5);
			dxgprobe_txn_set_channel(txn, channel);
			dxgprobe_txn_expect_reply(txn, channel, reg_arg(regs, 3));
		}
		rec->obs.seen |= BIT(DXGPROBE_L_SEND);
	}
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
}

static void notrace send_fentry(unsigned long ip, unsigned long parent_ip,
				struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0) {
		this_cpu_inc(point_hits.missed[P_SEND]);
		return;
	}
	point_hit(P_SEND);
	if (regs)
		send_seen(regs);
	ftrace_test_recursion_unlock(bit);
}

NOKPROBE_SYMBOL(send_fentry);

/*
 * --- reply: __hv_pkt_iter_next(channel, pkt) ---
 * foreach_vmbus_pkt() hands every packet it read to __hv_pkt_iter_next() as
 * the previous one (hv_pkt_iter_first() copied it into inbound.pkt_buffer,
 * where it stays until the call this hook precedes), so the entry alone sees
 * every completion, with no return instance.  It is an ftrace hook, not a
 * kprobe: the VMBus tasklet may run in a softirq on top of another probe's
 * handler on this CPU, where a kprobe would only count a miss.  The packet
 * is seen after the driver processed it, so the waiter may have returned
 * already: its transaction then waits for this (dxgprobe_txn_close()).
 * Other channels' packets (storvsc, netvsc, ...) leave after one lockless
 * look at the table of dxgkrnl channels.
 */
static nokprobe_inline void reply_seen(unsigned long channel, const u8 *pkt)
{
	struct dxgprobe_vmpacket_descriptor desc;
	struct dxgprobe_txn *txn;
	u32 pktlen, off, datalen, cap, word0;
	unsigned long flags;
	bool malformed;
	const u8 *data;

	if (!pkt || copy_from_kernel_nofault(&desc, pkt, sizeof(desc)) ||
	    desc.type != DXGPROBE_VM_PKT_COMP)
		return;
	/*
	 * Nothing from the host is trusted, not even through the iterator's
	 * clamped copy: the packet is at most DXGPROBE_PKT_MAX bytes, and an
	 * offset outside it is taken as the bare descriptor, as the ring code
	 * does.
	 */
	pktlen = min_t(u32, (u32)desc.len8 << 3, DXGPROBE_PKT_MAX);
	off = (u32)desc.offset8 << 3;
	malformed = pktlen != (u32)desc.len8 << 3 || off < sizeof(desc) || off > pktlen;
	if (off < sizeof(desc) || off > pktlen)
		off = min_t(u32, sizeof(desc), pktlen);
	datalen = pktlen - off;
	data = pkt + off;

	dxgprobe_lock_irqsave(flags);
	if (malformed)
		dxgprobe_stats.count[DXGPROBE_CNT_REPLIES_MALFORMED]++;
	txn = dxgprobe_txn_by_reply(channel, desc.trans_id);
	if (!txn) {
		dxgprobe_stats.count[DXGPROBE_CNT_REPLIES_UNMATCHED]++;
	} else if (txn->rec.obs.seen & BIT(DXGPROBE_L_REPLY)) {
		/* the host completed the same request twice: keep the first */
		dxgprobe_stats.count[DXGPROBE_CNT_REPLIES_SEEN_TWICE]++;
	} else {
		struct dxgprobe_rec *rec = &txn->rec;

		dxgprobe_stats.count[DXGPROBE_CNT_REPLIES_MATCHED]++;
		rec->obs.seen |= BIT(DXGPROBE_L_REPLY);
		send_returned(rec, false);
		rec->obs.reply_len = datalen;
		rec->reply_type = desc.type;
		rec->reply_offset8 = desc.offset8;
		rec->reply_len8 = desc.len8;
		rec->reply_flags = desc.flags;
		if (datalen >= sizeof(word0) &&
		    !copy_from_kernel_nofault(&word0, data, sizeof(word0))) {
			rec->obs.reply_word0 = word0;
			rec->obs.reply_head_len = sizeof(word0);
		}
		cap = min3(datalen, READ_ONCE(dxgprobe_capture_bytes), (u32)DXGPROBE_CAPTURE_MAX);
		if (!copy_from_kernel_nofault(txn->rep_cap, data, cap))
			rec->rep_len = cap;
		dxgprobe_txn_unpark(txn, DXGPROBE_WAIT_REPLY);
	}
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
}

static void notrace reply_next_fentry(unsigned long ip, unsigned long parent_ip,
				      struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);
	unsigned long channel;
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0) {
		this_cpu_inc(point_hits.missed[P_REPLY_NEXT]);
		return;
	}
	point_hit(P_REPLY_NEXT);
	if (regs) {
		channel = reg_arg(regs, 0);
		if (dxgprobe_channel_is_sending(channel))
			reply_seen(channel, (const u8 *)reg_arg(regs, 1));
	}
	ftrace_test_recursion_unlock(bit);
}

NOKPROBE_SYMBOL(reply_next_fentry);

/*
 * --- status: int ntstatus2int(struct ntstatus status) ---
 * Called by the issuing task after dxgvmb_send_sync_msg() returned, for the
 * commands whose reply carries a status (never for an escape).
 */
static int status_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct dxgprobe_txn *txn;
	unsigned long flags, caller;

	point_hit(P_STATUS);
	if (!in_caller_task() || !dxgprobe_open_count())
		return 1;
	/* only commands=all parks a command for its status */
	caller = READ_ONCE(dxgprobe_commands) == DXGPROBE_COMMANDS_ALL ? caller_of(regs) : 0;
	dxgprobe_lock_irqsave(flags);
	/*
	 * An escape's completion carries no NTSTATUS (dxgvmb_send_escape()
	 * never calls ntstatus2int()): never its call
	 */
	txn = dxgprobe_txn_current();
	if (txn && txn->rec.obs.is_escape)
		txn = NULL;
	/*
	 * A parked command's status comes from the function that sent it,
	 * right after dxgvmb_send_sync_msg(): a later ntstatus2int() of the
	 * task elsewhere is not its status.
	 */
	if (!txn) {
		txn = dxgprobe_txn_parked();
		if (txn && (!caller || txn->caller != caller)) {
			dxgprobe_stats.count[DXGPROBE_CNT_STATUS_OTHER_CALLER]++;
			txn = NULL;
		}
	}
	dxgprobe_txn_ref(point_ref(ri), txn);
	point_ref(ri)->saved_arg = (u32)reg_arg(regs, 0);
	raw_spin_unlock_irqrestore(&dxgprobe_lock, flags);
	return txn ? 0 : 1;
}

NOKPROBE_SYMBOL(status_entry);

struct dxgprobe_point dxgprobe_points[P_NR] = {
	[P_IOCTL] = { "dxgkio_escape", DXGPROBE_L_IOCTL, ioctl_entry },
	[P_ESCAPE] = { "dxgvmb_send_escape", DXGPROBE_L_ESCAPE, escape_entry },
	[P_MESSAGE] = { "dxgvmb_send_sync_msg", DXGPROBE_L_MESSAGE, message_entry },
	[P_SEND] = { "vmbus_sendpacket", DXGPROBE_L_SEND, .fentry = send_fentry },
	[P_REPLY_NEXT] = { "__hv_pkt_iter_next", DXGPROBE_L_REPLY, .fentry = reply_next_fentry },
	[P_STATUS] = { "ntstatus2int", DXGPROBE_L_STATUS, status_entry },
};

const unsigned int dxgprobe_nr_points = P_NR;

static void update_attached(void)
{
	u32 mask = 0;
	unsigned int i;

	for (i = 0; i < P_NR; i++)
		if (dxgprobe_points[i].state == DXGPROBE_ATTACHED)
			mask |= BIT(dxgprobe_points[i].layer);
	WRITE_ONCE(dxgprobe_attached, mask);
}

/* "vmlinux" or the name of the module holding @addr, from kallsyms */
static void where_of(unsigned long addr, char *where, size_t len)
{
	char sym[KSYM_SYMBOL_LEN];
	char *mod, *end;

	sprint_symbol(sym, addr);
	mod = strrchr(sym, '[');
	end = mod ? strchr(mod, ']') : NULL;
	if (!mod || !end) {
		strscpy(where, "vmlinux", len);
		return;
	}
	*end = '\0';
	strscpy(where, mod + 1, len);
}

/*
 * The address of @symbol, for where_of(): a kprobe registered only to look
 * the name up (kallsyms_lookup_name() is not exported)
 */
static int symbol_address(const char *symbol, unsigned long *addr)
{
	struct kprobe kp = { .symbol_name = symbol };
	int err;

	err = register_kprobe(&kp);
	if (err)
		return err;
	*addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return 0;
}

static int fentry_attach(struct dxgprobe_point *p, unsigned long *addr)
{
	struct ftrace_ops *ops = &p->ops;
	char name[KSYM_NAME_LEN];
	int err;

	err = symbol_address(p->symbol, addr);
	if (err)
		return err;
	memset(ops, 0, sizeof(*ops));
	ops->func = p->fentry;
	/* the handler takes its own recursion lock; the arguments need regs */
	ops->flags = FTRACE_OPS_FL_SAVE_REGS;
	strscpy(name, p->symbol, sizeof(name));
	err = ftrace_set_filter(ops, name, strlen(name), 1);
	if (!err)
		err = register_ftrace_function(ops);
	if (err)
		ftrace_free_filter(ops);
	return err;
}

static void fentry_detach(struct dxgprobe_point *p)
{
	int cpu;

	/* returns after a grace period: no handler runs any more */
	unregister_ftrace_function(&p->ops);
	ftrace_free_filter(&p->ops);
	for_each_possible_cpu(cpu) {
		struct point_hits *h = per_cpu_ptr(&point_hits, cpu);

		p->nmissed_before += READ_ONCE(h->missed[p - dxgprobe_points]);
		WRITE_ONCE(h->missed[p - dxgprobe_points], 0);
	}
}

static int point_attach(struct dxgprobe_point *p)
{
	struct kretprobe *rp = &p->rp;
	unsigned long addr = 0;
	int err;

	if (p->fentry) {
		err = fentry_attach(p, &addr);
	} else {
		memset(rp, 0, sizeof(*rp));
		rp->kp.symbol_name = p->symbol;
		rp->entry_handler = p->entry;
		rp->handler = point_return;
		rp->data_size = sizeof(struct dxgprobe_ref);
		rp->maxactive = dxgprobe_maxactive;
		err = register_kretprobe(rp);
		addr = (unsigned long)rp->kp.addr;
	}
	if (err) {
		p->state = err == -ENOENT ? DXGPROBE_UNAVAILABLE : DXGPROBE_ERROR;
		p->err = err;
		return err;
	}
	where_of(addr, p->where, sizeof(p->where));
	p->state = DXGPROBE_ATTACHED;
	p->err = 0;
	return 0;
}

/* Attach every point not attached yet; returns how many are attached */
int dxgprobe_points_attach(void)
{
	unsigned int i;
	int n = 0;

	lockdep_assert_held(&dxgprobe_attach_mutex);
	for (i = 0; i < P_NR; i++) {
		struct dxgprobe_point *p = &dxgprobe_points[i];

		if (p->state != DXGPROBE_ATTACHED && point_attach(p) == 0)
			pr_info("attached %s in %s\n", p->symbol, p->where);
		n += p->state == DXGPROBE_ATTACHED;
	}
	update_attached();
	return n;
}

static bool point_in(const struct dxgprobe_point *p, const struct module *mod)
{
	return p->state == DXGPROBE_ATTACHED && (!mod || !strcmp(p->where, mod->name));
}

/*
 * Detach the points in @mod (every point if NULL), the kretprobes with one
 * grace period.  Afterwards no handler runs or will run for them.
 */
unsigned int dxgprobe_points_detach(struct module *mod)
{
	struct kretprobe *rps[P_NR];
	unsigned int i, n = 0, nrp = 0;

	lockdep_assert_held(&dxgprobe_attach_mutex);
	for (i = 0; i < P_NR; i++) {
		struct dxgprobe_point *p = &dxgprobe_points[i];

		if (!point_in(p, mod))
			continue;
		n++;
		if (p->fentry)
			fentry_detach(p);
		else
			rps[nrp++] = &p->rp;
	}
	if (!n)
		return 0;
	if (nrp)
		unregister_kretprobes(rps, nrp);
	for (i = 0; i < P_NR; i++) {
		struct dxgprobe_point *p = &dxgprobe_points[i];

		if (!point_in(p, mod))
			continue;
		if (!p->fentry)
			p->nmissed_before += p->rp.nmissed + p->rp.kp.nmissed;
		p->state = DXGPROBE_UNAVAILABLE;
		p->err = -ENOENT;
		strscpy(p->where, "-", sizeof(p->where));
	}
	update_attached();
	return n;
}

unsigned long dxgprobe_point_nmissed(const struct dxgprobe_point *p)
{
	unsigned long n = p->nmissed_before;
	int cpu;

	if (p->state != DXGPROBE_ATTACHED)
		return n;
	if (!p->fentry)
		return n + READ_ONCE(p->rp.nmissed) + READ_ONCE(p->rp.kp.nmissed);
	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(&point_hits, cpu)->missed[p - dxgprobe_points]);
	return n;
}

unsigned long dxgprobe_point_hits(unsigned int i)
{
	unsigned long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(&point_hits, cpu)->n[i]);
	return n;
}

/* Racy with handlers on other CPUs: a hit counted meanwhile may survive */
void dxgprobe_points_clear_hits(void)
{
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu)
		for (i = 0; i < P_NR; i++)
			WRITE_ONCE(per_cpu_ptr(&point_hits, cpu)->n[i], 0);
}
