/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxgprobe:dxg_transaction, one event per finished transaction, so that
 * trace-cmd, perf and bpftrace can stream what debugfs "events" keeps.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM dxgprobe

#if !defined(_DXGPROBE_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _DXGPROBE_TRACE_H

#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "txn.h"

/* the event carries at most this much of the reply (an event fits in a page) */
#define DXGPROBE_TRACE_HEAD	256

#ifndef _DXGPROBE_TRACE_HELPERS	/* once: this header is read many times */
#define _DXGPROBE_TRACE_HELPERS
/* which of the event's fields hold an observed value; 0 may be one */
#define DXGPROBE_TRACE_HAS_CMD		BIT(0)	/* cmd: the message header was read */
#define DXGPROBE_TRACE_HAS_NTSTATUS	BIT(1)	/* ntstatus: shown with the verdict */
#define DXGPROBE_TRACE_HAS_REPLY	BIT(2)	/* reply_len: a completion was seen */
#define DXGPROBE_TRACE_HAS_RET		BIT(3)	/* ret: a caller's result was seen */

static inline u32 dxgprobe_trace_has(const struct dxgprobe_rec *rec)
{
	u32 has = 0;

	if ((rec->obs.seen & BIT(DXGPROBE_L_MESSAGE)) &&
	    rec->hdr.command_type != DXGPROBE_CMD_UNKNOWN)
		has |= DXGPROBE_TRACE_HAS_CMD;
	if (rec->out.has_ntstatus)
		has |= DXGPROBE_TRACE_HAS_NTSTATUS;
	if (rec->obs.seen & BIT(DXGPROBE_L_REPLY))
		has |= DXGPROBE_TRACE_HAS_REPLY;
	if (rec->out.has_ret)
		has |= DXGPROBE_TRACE_HAS_RET;
	return has;
}
#endif

/*
 * Each verdict exported to user space, so that trace-cmd and perf read the
 * print format's names as numbers.  One line per verdict rather than from
 * DXGPROBE_VERDICTS: a macro that ends in a declaration's ';' is refused by
 * checkpatch.  The static_assert stops a new verdict without its line.
 */
static_assert(DXGPROBE_V_NR == 9);
TRACE_DEFINE_ENUM(DXGPROBE_V_OK);
TRACE_DEFINE_ENUM(DXGPROBE_V_GUEST_SIZE_LIMIT);
TRACE_DEFINE_ENUM(DXGPROBE_V_GUEST_COPY_FAULT);
TRACE_DEFINE_ENUM(DXGPROBE_V_SEND_FAILED);
TRACE_DEFINE_ENUM(DXGPROBE_V_HOST_SHORT_REPLY);
TRACE_DEFINE_ENUM(DXGPROBE_V_HOST_STATUS);
TRACE_DEFINE_ENUM(DXGPROBE_V_INTERRUPTED);
TRACE_DEFINE_ENUM(DXGPROBE_V_PENDING);
TRACE_DEFINE_ENUM(DXGPROBE_V_INCOMPLETE);

/* The { value, name } pairs of __print_symbolic, from the one list (verdict.h) */
#undef EM
#undef EM_END
#define EM(value, name)		{ value, name },
#define EM_END(value, name)	{ value, name }

#define dxgprobe_show_verdict(v)	__print_symbolic(v, DXGPROBE_VERDICTS(dxgprobe_list))

TRACE_EVENT(dxg_transaction,
	    TP_PROTO(const struct dxgprobe_rec *rec, const u8 *reply),
	    TP_ARGS(rec, reply),
	    TP_STRUCT__entry(__field(u64, seq)
			     __field(pid_t, tgid)
			     __array(char, comm, TASK_COMM_LEN)
			     __field(u32, cmd)
			     __field(u32, size)
			     __field(u32, cmd_size)
			     __field(u8, channel)
			     __field(u64, trans_id)
			     __field(u32, attempts)
			     __field(int, send_ret)
			     __field(u32, reply_len)
			     __field(int, sync_ret)
			     __field(int, ret)
			     __field(u32, ntstatus)
			     __field(u32, missing)
			     __field(u8, verdict)
			     __field(u32, seen)
			     __field(u32, has)
			     __dynamic_array(u8, reply_head,
					     min_t(u32, rec->rep_len, DXGPROBE_TRACE_HEAD))),
	    TP_fast_assign(__entry->seq = rec->seq;
			   __entry->tgid = rec->tgid;
			   memcpy(__entry->comm, rec->comm, TASK_COMM_LEN);
			   __entry->cmd = rec->hdr.command_type;
			   __entry->size = rec->size;
			   __entry->cmd_size = rec->cmd_size;
			   __entry->channel = rec->channel_id;
			   __entry->trans_id = rec->trans_id;
			   __entry->attempts = rec->obs.attempts;
			   __entry->send_ret = rec->obs.send_ret;
			   __entry->reply_len = rec->obs.reply_len;
			   __entry->sync_ret = rec->obs.sync_ret;
			   __entry->ret = rec->out.ret;
			   __entry->ntstatus = rec->out.ntstatus;
			   __entry->missing = rec->out.missing;
			   __entry->verdict = rec->out.verdict;
			   __entry->seen = rec->obs.seen;
			   __entry->has = dxgprobe_trace_has(rec);
			   memcpy(__get_dynamic_array(reply_head), reply,
				  __get_dynamic_array_len(reply_head));),
	    TP_printk("seq=%llu pid=%d comm=%s cmd=%u size=%u cmd_size=%u channel=%u trans_id=%llu attempts=%u send_ret=%d reply_len=%u sync_ret=%d ret=%d ntstatus=0x%08x missing=0x%x verdict=%s reply_head=%s seen=0x%x has=%s",
		      __entry->seq, __entry->tgid, __entry->comm, __entry->cmd, __entry->size,
		      __entry->cmd_size, __entry->channel, __entry->trans_id, __entry->attempts,
		      __entry->send_ret, __entry->reply_len, __entry->sync_ret, __entry->ret,
		      __entry->ntstatus, __entry->missing,
		      dxgprobe_show_verdict(__entry->verdict),
		      __print_hex_str(__get_dynamic_array(reply_head),
				      __get_dynamic_array_len(reply_head)),
		      __entry->seen,
		      __print_flags(__entry->has, "|",
				    { DXGPROBE_TRACE_HAS_CMD, "cmd" },
				    { DXGPROBE_TRACE_HAS_NTSTATUS, "ntstatus" },
				    { DXGPROBE_TRACE_HAS_REPLY, "reply" },
				    { DXGPROBE_TRACE_HAS_RET, "ret" }))
);

#endif /* _DXGPROBE_TRACE_H */

/* This part must be outside protection */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
