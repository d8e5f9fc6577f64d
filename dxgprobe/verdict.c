// SPDX-License-Identifier: GPL-2.0
/*
 * Pure logic: from what the probes saw of one transaction to a verdict.
 * No locks, no allocation, no kernel state: tests/unit builds this file in
 * user space against a small shim.  Everything the probe handlers reach
 * (the judge when a transaction finishes, the header decoder at entry) is
 * NOKPROBE_SYMBOL: a kprobe on it would recurse into dxgprobe.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/string.h>

#include "verdict.h"
#include "wire.h"

#define BIT_L(l)	(1u << (l))

static const char * const layer_names[DXGPROBE_L_NR] = {
	[DXGPROBE_L_IOCTL]	= "ioctl",
	[DXGPROBE_L_ESCAPE]	= "escape",
	[DXGPROBE_L_MESSAGE]	= "message",
	[DXGPROBE_L_SEND]	= "send",
	[DXGPROBE_L_REPLY]	= "reply",
	[DXGPROBE_L_STATUS]	= "status",
};

static const char * const layout_names[DXGPROBE_LAYOUT_NR] = {
	[DXGPROBE_LAYOUT_UNKNOWN]	= "unknown",
	[DXGPROBE_LAYOUT_EXT_ARR1]	= "ext-arr1",
	[DXGPROBE_LAYOUT_NOEXT_ARR1]	= "noext-arr1",
	[DXGPROBE_LAYOUT_EXT_FLEX]	= "ext-flex",
	[DXGPROBE_LAYOUT_NOEXT_FLEX]	= "noext-flex",
	[DXGPROBE_LAYOUT_EXT]		= "ext",
	[DXGPROBE_LAYOUT_NOEXT]		= "noext",
};

static const char * const reason_names[DXGPROBE_R_NR] = {
	[DXGPROBE_R_NONE]		= "-",
	[DXGPROBE_R_REPLY_NOT_SHORT]	= "reply-not-short",
	[DXGPROBE_R_REPLY_SHORT]	= "reply-short",
};

struct dxgprobe_name {
	u32 value;
	const char *name;
};

#define EM(value, name)		{ value, name },
#define EM_END(value, name)	{ value, name },
/* the verdicts come in enum order, as their list does: verdict_names[v] names v */
static const struct dxgprobe_name verdict_names[] = { DXGPROBE_VERDICTS(dxgprobe_list) };
static const struct dxgprobe_name ntstatus_names[] = { DXGPROBE_NTSTATUSES(dxgprobe_list) };
#undef EM
#undef EM_END

static_assert(ARRAY_SIZE(verdict_names) == DXGPROBE_V_NR);

/* dxgvmbus.h: enum dxgkvmb_commandtype and enum dxgkvmb_commandtype_global */
static const struct dxgprobe_name command_names[] = {
	{ 0, "createdevice" },
	{ 1, "destroydevice" },
	{ 2, "queryadapterinfo" },
	{ 3, "ddiqueryadapterinfo" },
	{ 4, "createallocation" },
	{ 5, "destroyallocation" },
	{ 6, "createcontextvirtual" },
	{ 7, "destroycontext" },
	{ 8, "createsyncobject" },
	{ 9, "createpagingqueue" },
	{ 10, "destroypagingqueue" },
	{ 11, "makeresident" },
	{ 12, "evict" },
	{ 13, "escape" },
	{ 14, "openadapter" },
	{ 15, "closeadapter" },
	{ 16, "freegpuvirtualaddress" },
	{ 17, "mapgpuvirtualaddress" },
	{ 18, "reservegpuvirtualaddress" },
	{ 19, "updategpuvirtualaddress" },
	{ 20, "submitcommand" },
	{ 21, "queryvideomemoryinfo" },
	{ 36, "getinternaladapterinfo" },
	{ 62, "queryclockcalibration" },
	{ 64, "queryresourceinfo" },
	{ 65, "logevent" },
	{ 66, "setexistingsysmempages" },
	{ 67, "invalidatecache" },
	{ 68, "isfeatureenabled" },
	{ 1000, "createprocess" },
	{ 1001, "destroyprocess" },
	{ 1002, "opensyncobject" },
	{ 1003, "destroysyncobject" },
	{ 1004, "createntsharedobject" },
	{ 1005, "destroyntsharedobject" },
	{ 1006, "signalfence" },
	{ 1007, "notifyprocessfreeze" },
	{ 1008, "notifyprocessthaw" },
	{ 1009, "queryetwsession" },
	{ 1010, "setiospaceregion" },
	{ 1011, "completetransaction" },
	{ 1021, "shareobjectwithhost" },
	{ 1022, "isfeatureenabled_global" },
};

static const char *lookup(const struct dxgprobe_name *t, size_t n, u32 value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return NULL;
}

const char *dxgprobe_verdict_name(unsigned int verdict)
{
	return verdict < DXGPROBE_V_NR ? verdict_names[verdict].name : "invalid";
}

const char *dxgprobe_layer_name(unsigned int layer)
{
	return layer < DXGPROBE_L_NR ? layer_names[layer] : "invalid";
}

const char *dxgprobe_layout_name(unsigned int layout)
{
	return layout < DXGPROBE_LAYOUT_NR ? layout_names[layout] : "invalid";
}

const char *dxgprobe_reason_name(unsigned int reason)
{
	return reason < DXGPROBE_R_NR ? reason_names[reason] : "invalid";
}

/* NULL when the value has no name */
const char *dxgprobe_ntstatus_name(u32 status)
{
	return lookup(ntstatus_names, ARRAY_SIZE(ntstatus_names), status);
}

/* NULL when the value has no name */
const char *dxgprobe_command_name(u32 command_type)
{
	return lookup(command_names, ARRAY_SIZE(command_names), command_type);
}

/*
 * NT_ERROR(): severity 3 (0xC0000000-0xFFFFFFFF), a failure.  Severity 2
 * (0x8...) is a warning, such as STATUS_BUFFER_OVERFLOW, and severity 0 and
 * 1 are success and information: none of them is shown as the host's status
 * for the first word of a short reply (docs/dxgprobe.md, "host-short-reply").
 */
bool dxgprobe_ntstatus_is_error(u32 status)
{
	return status >> 30 == 3;
}

NOKPROBE_SYMBOL(dxgprobe_ntstatus_is_error);

static u32 get_u32(const u8 *buf, u32 len, u32 off)
{
	u32 v = 0;

	if (off + sizeof(v) <= len)
		memcpy(&v, buf + off, sizeof(v));
	return v;
}

NOKPROBE_SYMBOL(get_u32);

/*
 * Decode the first bytes of a message.  The extension header is recognised
 * by its command_offset word (16); dxgglobal->vmbus_ver would be
 * authoritative but is not reachable without dxgkrnl's private layout.  For
 * an escape, the fixed part (cmd_size - N - ext header) tells the array form.
 */
void dxgprobe_decode_header(const u8 *buf, u32 len, u32 cmd_size, u32 result_size,
			    struct dxgprobe_hdr *hdr)
{
	u32 base, fixed;

	memset(hdr, 0, sizeof(*hdr));
	hdr->ext = get_u32(buf, len, 0) == sizeof(struct dxgprobe_ext_header) &&
		   cmd_size >= sizeof(struct dxgprobe_ext_header) +
			       sizeof(struct dxgprobe_cmd_header);
	base = hdr->ext ? sizeof(struct dxgprobe_ext_header) : 0;
	if (hdr->ext) {
		hdr->luid_a = get_u32(buf, len, 8);
		hdr->luid_b = get_u32(buf, len, 12);
	}
	if (len < base + offsetof(struct dxgprobe_cmd_header, command_type) + sizeof(u32)) {
		/* not read: unknown, and never taken for 0 (createdevice) */
		hdr->command_type = DXGPROBE_CMD_UNKNOWN;
		hdr->layout = DXGPROBE_LAYOUT_UNKNOWN;
		return;
	}
	hdr->process = get_u32(buf, len, base + 8);
	hdr->command_type = get_u32(buf, len, base + 16);

	if (hdr->command_type != DXGPROBE_CMD_ESCAPE) {
		hdr->layout = hdr->ext ? DXGPROBE_LAYOUT_EXT : DXGPROBE_LAYOUT_NOEXT;
		return;
	}
	hdr->layout = DXGPROBE_LAYOUT_UNKNOWN;
	if (cmd_size < base + result_size)
		return;
	fixed = cmd_size - base - result_size;
	if (fixed == DXGPROBE_ESCAPE_FIXED_ARR1)
		hdr->layout = hdr->ext ? DXGPROBE_LAYOUT_EXT_ARR1 : DXGPROBE_LAYOUT_NOEXT_ARR1;
	else if (fixed == DXGPROBE_ESCAPE_FIXED_FLEX)
		hdr->layout = hdr->ext ? DXGPROBE_LAYOUT_EXT_FLEX : DXGPROBE_LAYOUT_NOEXT_FLEX;
}

NOKPROBE_SYMBOL(dxgprobe_decode_header);

bool dxgprobe_is_interrupt(int err)
{
	return err == -ERESTARTSYS || err == -EINTR || err == -ERESTARTNOINTR ||
	       err == -ERESTARTNOHAND || err == -ERESTART_RESTARTBLOCK;
}

NOKPROBE_SYMBOL(dxgprobe_is_interrupt);

/* The message made it to the host (or was meant to): a reply is expected */
static bool sync_reached_host(const struct dxgprobe_obs *o)
{
	return o->sync_ret >= 0 || o->sync_ret == -EOVERFLOW;
}

NOKPROBE_SYMBOL(sync_reached_host);

/*
 * dxgvmb_send_sync_msg()'s exits before its first vmbus_sendpacket(): sizes
 * over 128 KiB (-EINVAL) and the packet allocation (-ENOMEM).  Any other
 * error (-ENODEV of a rescinded channel, -EAGAIN of a full ring, ...) comes
 * from a send, seen or not.
 */
static bool sync_exit_before_send(const struct dxgprobe_obs *o)
{
	return o->sync_ret == -ENOMEM ||
	       (o->sync_ret == -EINVAL && (o->cmd_size > DXGPROBE_PKT_MAX ||
					  o->result_size > DXGPROBE_PKT_MAX));
}

NOKPROBE_SYMBOL(sync_exit_before_send);

/*
 * dxgvmb_send_escape()'s errors before its message: N over 128 KiB
 * (-EINVAL), init_message() (-ENOMEM), the copy from the user (-EFAULT)
 */
static bool escape_exit_before_message(int ret)
{
	return ret == -EINVAL || ret == -ENOMEM || ret == -EFAULT;
}

NOKPROBE_SYMBOL(escape_exit_before_message);

/*
 * dxgkio_escape()'s errors before dxgvmb_send_escape(): the copy of the
 * arguments (-EFAULT), a bad adapter handle (-EINVAL), an adapter that is
 * not active (-ENODEV)
 */
static bool ioctl_exit_before_escape(int ret)
{
	return ret == -EFAULT || ret == -EINVAL || ret == -ENODEV;
}

NOKPROBE_SYMBOL(ioctl_exit_before_escape);

/*
 * A layer is missing when it was expected and not observed.  It is expected
 * when a deeper layer was seen, when its caller's result proves it ran, or
 * when its probe was not attached although its caller was (or may have been)
 * reached.  The status layer is never expected: only some commands use it.
 */
static u32 missing_layers(const struct dxgprobe_obs *o)
{
	u32 seen = o->seen, missing = 0;
	bool parent_reached = true;
	int l;

	for (l = DXGPROBE_L_IOCTL; l <= DXGPROBE_L_REPLY; l++) {
		u32 deeper = seen & ~(BIT_L(l + 1) - 1) & ~BIT_L(DXGPROBE_L_STATUS);
		bool expected;

		if (!o->is_escape && l < DXGPROBE_L_MESSAGE)
			continue;
		expected = deeper || (parent_reached && !(o->attached & BIT_L(l)));
		/* a failed ioctl reached the escape layer unless it failed first */
		if (l == DXGPROBE_L_ESCAPE && (seen & BIT_L(DXGPROBE_L_IOCTL)) && !o->flushed &&
		    o->ioctl_ret < 0 && !ioctl_exit_before_escape(o->ioctl_ret))
			expected = true;
		if (l == DXGPROBE_L_MESSAGE && (seen & BIT_L(DXGPROBE_L_ESCAPE)) &&
		    !o->flushed && !escape_exit_before_message(o->escape_ret))
			expected = true;
		if ((l == DXGPROBE_L_SEND || l == DXGPROBE_L_REPLY) &&
		    (seen & BIT_L(DXGPROBE_L_MESSAGE)) && sync_reached_host(o))
			expected = true;
		if (l == DXGPROBE_L_SEND && (seen & BIT_L(DXGPROBE_L_MESSAGE)) && !o->flushed &&
		    !sync_exit_before_send(o))
			expected = true;
		if (l == DXGPROBE_L_REPLY && (seen & BIT_L(DXGPROBE_L_SEND)) &&
		    o->send_ret == 0 && !dxgprobe_is_interrupt(o->sync_ret) && !o->flushed)
			expected = true;
		if (l == DXGPROBE_L_REPLY && o->flushed)
			expected = false;	/* "pending" says it */
		if (!(seen & BIT_L(l)) && expected)
			missing |= BIT_L(l);
		parent_reached = (seen & BIT_L(l)) || (missing & BIT_L(l));
	}
	return missing;
}

NOKPROBE_SYMBOL(missing_layers);

/*
 * dxgvmb_send_sync_msg() returned -EOVERFLOW: its only source is the
 * completion being shorter than result_size.  A reply that was seen and is
 * long enough cannot be the one dxgkrnl judged (a mismatch, or a reply this
 * module attributed wrongly): say so rather than blame the host.
 */
static enum dxgprobe_verdict judge_overflow(const struct dxgprobe_obs *o,
					    enum dxgprobe_reason *reason)
{
	if (!(o->seen & BIT_L(DXGPROBE_L_REPLY)) || o->reply_len < o->result_size)
		return DXGPROBE_V_HOST_SHORT_REPLY;
	*reason = DXGPROBE_R_REPLY_NOT_SHORT;
	return DXGPROBE_V_INCOMPLETE;
}

NOKPROBE_SYMBOL(judge_overflow);

static enum dxgprobe_verdict judge_error(const struct dxgprobe_obs *o, int ret,
					 enum dxgprobe_reason *reason)
{
	u32 seen = o->seen;

	if (seen & BIT_L(DXGPROBE_L_MESSAGE)) {
		if ((seen & BIT_L(DXGPROBE_L_SEND)) && o->send_ret)
			return DXGPROBE_V_SEND_FAILED;
		if (dxgprobe_is_interrupt(o->sync_ret))
			return DXGPROBE_V_INTERRUPTED;
		if (o->sync_ret == -EOVERFLOW)
			return judge_overflow(o, reason);
		/*
		 * an escape's reply carries no status: dxgvmb_send_escape()
		 * never calls ntstatus2int() (docs/dxgprobe.md, "How a
		 * transaction is put together")
		 */
		if (!o->is_escape && (seen & BIT_L(DXGPROBE_L_STATUS)) &&
		    o->ntstatus_errno < 0 && o->ntstatus_errno == ret)
			return DXGPROBE_V_HOST_STATUS;
		/* refused before the send: only for the exits that precede it */
		if (o->sync_ret < 0 && !(seen & BIT_L(DXGPROBE_L_SEND)) &&
		    sync_exit_before_send(o))
			return DXGPROBE_V_GUEST_SIZE_LIMIT;
		/*
		 * After a good message an escape's only -EINVAL is
		 * dxgvmb_send_escape()'s failed copy_to_user(), with or
		 * without the escape layer seen
		 */
		if (o->is_escape && o->sync_ret >= 0 && ret == -EINVAL &&
		    (!(seen & BIT_L(DXGPROBE_L_ESCAPE)) || o->escape_ret == -EINVAL))
			return DXGPROBE_V_GUEST_COPY_FAULT;
		return DXGPROBE_V_INCOMPLETE;
	}
	if (ret == -EFAULT)
		return DXGPROBE_V_GUEST_COPY_FAULT;
	if (missing_layers(o) & (BIT_L(DXGPROBE_L_ESCAPE) | BIT_L(DXGPROBE_L_MESSAGE)))
		return DXGPROBE_V_INCOMPLETE;
	if (dxgprobe_is_interrupt(ret))
		return DXGPROBE_V_INTERRUPTED;
	/* refused by the guest before any message was built or sent */
	if ((seen & BIT_L(DXGPROBE_L_ESCAPE)) ? escape_exit_before_message(o->escape_ret) :
						 ioctl_exit_before_escape(ret))
		return DXGPROBE_V_GUEST_SIZE_LIMIT;
	return DXGPROBE_V_INCOMPLETE;
}

NOKPROBE_SYMBOL(judge_error);

void dxgprobe_judge(const struct dxgprobe_obs *o, struct dxgprobe_outcome *out)
{
	u32 seen = o->seen;

	memset(out, 0, sizeof(*out));
	out->missing = missing_layers(o);

	if (seen & BIT_L(DXGPROBE_L_IOCTL)) {
		out->has_ret = true;
		out->ret = o->ioctl_ret;
	} else if (seen & BIT_L(DXGPROBE_L_ESCAPE)) {
		out->has_ret = true;
		out->ret = o->escape_ret;
	} else if (seen & BIT_L(DXGPROBE_L_MESSAGE)) {
		out->has_ret = true;
		out->ret = o->sync_ret;
		/* the caller of a status-bearing command gets ntstatus2int() */
		if (!o->is_escape && (seen & BIT_L(DXGPROBE_L_STATUS)) && o->sync_ret >= 0)
			out->ret = o->ntstatus_errno;
	}

	if (o->flushed) {
		/* pending: sent (and the send did not fail), no reply yet */
		bool waiting = (seen & BIT_L(DXGPROBE_L_MESSAGE)) &&
			       (seen & BIT_L(DXGPROBE_L_SEND)) && o->send_ret == 0 &&
			       !(seen & BIT_L(DXGPROBE_L_REPLY));

		out->has_ret = false;
		out->ret = 0;
		out->verdict = waiting ? DXGPROBE_V_PENDING : DXGPROBE_V_INCOMPLETE;
		return;
	}

	if (!out->has_ret)
		out->verdict = DXGPROBE_V_INCOMPLETE;
	else if (out->ret >= 0)
		out->verdict = DXGPROBE_V_OK;
	else
		out->verdict = judge_error(o, out->ret, &out->reason);

	/* dxgkrnl would have failed it: the reply seen is not the one it judged */
	if (out->verdict == DXGPROBE_V_OK && o->is_escape && (seen & BIT_L(DXGPROBE_L_REPLY)) &&
	    o->reply_len < o->result_size)
		out->reason = DXGPROBE_R_REPLY_SHORT;

	if (out->verdict == DXGPROBE_V_HOST_SHORT_REPLY && o->reply_head_len >= 4 &&
	    dxgprobe_ntstatus_is_error(o->reply_word0)) {
		out->has_ntstatus = true;
		out->ntstatus = o->reply_word0;
	} else if (out->verdict == DXGPROBE_V_HOST_STATUS) {
		out->has_ntstatus = true;
		out->ntstatus = o->ntstatus;
	}
}

NOKPROBE_SYMBOL(dxgprobe_judge);

/*
 * Index of a negative return @ret in a per-errno table of @max + 1 entries
 * (index = -ret), or -1 when it is not in 1..max (INT_MIN included, whose
 * negation overflows)
 */
int dxgprobe_errno_index(int ret, int max)
{
	return ret < 0 && ret >= -max ? -ret : -1;
}

NOKPROBE_SYMBOL(dxgprobe_errno_index);
