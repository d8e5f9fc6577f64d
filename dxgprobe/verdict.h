/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From observations of one transaction to a verdict.  Pure functions with no
 * kernel state, so tests/unit builds verdict.c in user space.
 */
#ifndef _DXGPROBE_VERDICT_H
#define _DXGPROBE_VERDICT_H

#include <linux/types.h>

/* Layers of the escape path, outermost first; bit N of a layer mask */
enum dxgprobe_layer {
	DXGPROBE_L_IOCTL,	/* dxgkio_escape */
	DXGPROBE_L_ESCAPE,	/* dxgvmb_send_escape */
	DXGPROBE_L_MESSAGE,	/* dxgvmb_send_sync_msg */
	DXGPROBE_L_SEND,	/* vmbus_sendpacket */
	DXGPROBE_L_REPLY,	/* hv_pkt_iter_first / __hv_pkt_iter_next */
	DXGPROBE_L_STATUS,	/* ntstatus2int */
	DXGPROBE_L_NR,
};

/*
 * Tables as lists, after include/trace/events/migrate.h: an entry is
 * EM(value, name), the last one EM_END(value, name); the user defines both
 * and expands the list with dxgprobe_list, e.g. DXGPROBE_VERDICTS(dxgprobe_list).
 * (The list() wrapper is what keeps a list macro within checkpatch's rules.)
 */
#define dxgprobe_list(...)	__VA_ARGS__

/*
 * The verdicts in enum order with their names: the one list behind the
 * enum, verdict_names[] (verdict.c), the trace event's __print_symbolic
 * (trace.h) and tools/lib/names.awk (generated: make -C tests/unit names).
 */
#define DXGPROBE_VERDICTS(list)						\
	list(EM(DXGPROBE_V_OK,			"ok")			\
	     EM(DXGPROBE_V_GUEST_SIZE_LIMIT,	"guest-size-limit")	\
	     EM(DXGPROBE_V_GUEST_COPY_FAULT,	"guest-copy-fault")	\
	     EM(DXGPROBE_V_SEND_FAILED,		"send-failed")		\
	     EM(DXGPROBE_V_HOST_SHORT_REPLY,	"host-short-reply")	\
	     EM(DXGPROBE_V_HOST_STATUS,		"host-status")		\
	     EM(DXGPROBE_V_INTERRUPTED,		"interrupted")		\
	     EM(DXGPROBE_V_PENDING,		"pending")		\
	     EM_END(DXGPROBE_V_INCOMPLETE,	"incomplete"))

/*
 * The NTSTATUS values that have a name in the records (ntstatus_name) and in
 * the user tools: those of dxgkrnl's misc.h, the generic STATUS_UNSUCCESSFUL
 * and STATUS_BUFFER_OVERFLOW, the warning the 2019 driver set for a short
 * reply.  A name is only a label: which values count as a host error is
 * dxgprobe_ntstatus_is_error()'s rule (NT_ERROR, docs/dxgprobe.md).
 */
#define DXGPROBE_NTSTATUSES(list)					\
	list(EM(0x00000000, "STATUS_SUCCESS")				\
	     EM(0x00000102, "STATUS_TIMEOUT")				\
	     EM(0x00000103, "STATUS_PENDING")				\
	     EM(0x80000005, "STATUS_BUFFER_OVERFLOW")			\
	     EM(0xC0000001, "STATUS_UNSUCCESSFUL")			\
	     EM(0xC0000002, "STATUS_NOT_IMPLEMENTED")			\
	     EM(0xC0000008, "STATUS_INVALID_HANDLE")			\
	     EM(0xC000000D, "STATUS_INVALID_PARAMETER")			\
	     EM(0xC0000017, "STATUS_NO_MEMORY")				\
	     EM(0xC000001D, "STATUS_ILLEGAL_INSTRUCTION")		\
	     EM(0xC0000022, "STATUS_ACCESS_DENIED")			\
	     EM(0xC0000023, "STATUS_BUFFER_TOO_SMALL")			\
	     EM(0xC0000024, "STATUS_OBJECT_TYPE_MISMATCH")		\
	     EM(0xC0000033, "STATUS_OBJECT_NAME_INVALID")		\
	     EM(0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND")		\
	     EM(0xC0000035, "STATUS_OBJECT_NAME_COLLISION")		\
	     EM(0xC00000BB, "STATUS_NOT_SUPPORTED")			\
	     EM(0xC00002B6, "STATUS_DEVICE_REMOVED")			\
	     EM_END(0xC01E0102, "STATUS_GRAPHICS_ALLOCATION_BUSY"))

#undef EM
#undef EM_END
#define EM(value, ...)		value,
#define EM_END(value, ...)	value,
enum dxgprobe_verdict {
	DXGPROBE_VERDICTS(dxgprobe_list)
	DXGPROBE_V_NR,
};

#undef EM
#undef EM_END

enum dxgprobe_layout {
	DXGPROBE_LAYOUT_UNKNOWN,
	DXGPROBE_LAYOUT_EXT_ARR1,	/* 6.6: ext header, u8 [1] array: 71 + N */
	DXGPROBE_LAYOUT_NOEXT_ARR1,	/* vmbus_ver < 40: 55 + N */
	DXGPROBE_LAYOUT_EXT_FLEX,	/* flexible array with ext header: 63 + N */
	DXGPROBE_LAYOUT_NOEXT_FLEX,	/* flexible array, no ext header: 47 + N */
	DXGPROBE_LAYOUT_EXT,		/* not an escape: ext header present */
	DXGPROBE_LAYOUT_NOEXT,		/* not an escape: no ext header */
	DXGPROBE_LAYOUT_NR,
};

/* Why a verdict is what it is, when the layers alone do not say it */
enum dxgprobe_reason {
	DXGPROBE_R_NONE,
	DXGPROBE_R_REPLY_NOT_SHORT,	/* -EOVERFLOW, yet the reply seen was >= N bytes */
	DXGPROBE_R_REPLY_SHORT,		/* ok, yet the reply seen was < N bytes */
	DXGPROBE_R_NR,
};

/* command_type of a message whose header could not be read */
#define DXGPROBE_CMD_UNKNOWN	0xffffffffu

/* What the probes saw of one transaction */
struct dxgprobe_obs {
	u32 seen;		/* layer mask: observed */
	u32 attached;		/* layer mask: probe attached when the transaction began */
	bool is_escape;
	bool flushed;		/* closed by detach/unload before its outermost return */
	int ioctl_ret;
	int escape_ret;
	int sync_ret;
	int send_ret;		/* last vmbus_sendpacket attempt */
	u32 cmd_size;		/* dxgvmb_send_sync_msg() cmd_size */
	u32 result_size;	/* dxgvmb_send_sync_msg() result_size: N for an escape */
	u32 attempts;
	u32 reply_len;		/* hv_pkt_datalen() of the completion */
	u32 reply_head_len;	/* bytes of the reply payload captured */
	u32 reply_word0;	/* first u32 of the reply payload, if reply_head_len >= 4 */
	u32 ntstatus;		/* ntstatus2int input */
	int ntstatus_errno;	/* ntstatus2int result */
};

struct dxgprobe_outcome {
	enum dxgprobe_verdict verdict;
	u32 missing;		/* layer mask: expected but not observed */
	enum dxgprobe_reason reason;
	bool has_ret;
	int ret;		/* what the outermost observed caller got */
	bool has_ntstatus;
	u32 ntstatus;		/* the host status shown with the verdict */
};

/* Decoded header of a dxgvmb_send_sync_msg() message */
struct dxgprobe_hdr {
	bool ext;
	u32 command_type;
	u32 process;
	u32 luid_a;
	u32 luid_b;
	enum dxgprobe_layout layout;
};

void dxgprobe_judge(const struct dxgprobe_obs *obs, struct dxgprobe_outcome *out);
int dxgprobe_errno_index(int ret, int max);
void dxgprobe_decode_header(const u8 *buf, u32 len, u32 cmd_size, u32 result_size,
			    struct dxgprobe_hdr *hdr);

const char *dxgprobe_verdict_name(unsigned int verdict);
const char *dxgprobe_layer_name(unsigned int layer);
const char *dxgprobe_layout_name(unsigned int layout);
const char *dxgprobe_reason_name(unsigned int reason);
const char *dxgprobe_ntstatus_name(u32 status);
const char *dxgprobe_command_name(u32 command_type);
bool dxgprobe_ntstatus_is_error(u32 status);
/* An errno of an interrupted wait (a signal, or a restart of the syscall) */
bool dxgprobe_is_interrupt(int err);

#endif /* _DXGPROBE_VERDICT_H */
