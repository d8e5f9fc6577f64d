// SPDX-License-Identifier: GPL-2.0
/*
 * User-space unit tests of dxgprobe/verdict.c: observations in, verdict,
 * missing layers and decoded headers out.  KTAP-style output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>
#include "verdict.h"
#include "names_awk.h"

#define L(x)	(1u << DXGPROBE_L_##x)
#define ALL	(L(IOCTL) | L(ESCAPE) | L(MESSAGE) | L(SEND) | L(REPLY) | L(STATUS))
#define PATH	(L(IOCTL) | L(ESCAPE) | L(MESSAGE) | L(SEND) | L(REPLY))

static int failed, count;

static void check(int ok, const char *name, const char *why)
{
	count++;
	if (ok) {
		printf("ok %d %s\n", count, name);
	} else {
		failed++;
		printf("not ok %d %s\n# %s\n", count, name, why);
	}
}

static struct dxgprobe_obs escape_obs(void)
{
	struct dxgprobe_obs o;

	memset(&o, 0, sizeof(o));
	o.is_escape = true;
	o.attached = ALL;
	o.seen = PATH;
	o.attempts = 1;
	o.result_size = 16;
	o.reply_len = 16;
	return o;
}

static void expect(const char *name, const struct dxgprobe_obs *o,
		   enum dxgprobe_verdict v, u32 missing, int ret)
{
	struct dxgprobe_outcome out;
	char why[200];

	dxgprobe_judge(o, &out);
	snprintf(why, sizeof(why),
		 "verdict %s (want %s), missing 0x%x (want 0x%x), ret %d (want %d)",
		 dxgprobe_verdict_name(out.verdict), dxgprobe_verdict_name(v), out.missing,
		 missing, out.ret, ret);
	check(out.verdict == v && out.missing == missing && out.ret == ret, name, why);
}

static void test_verdicts(void)
{
	struct dxgprobe_obs o;
	struct dxgprobe_outcome out;

	o = escape_obs();
	expect("escape_with_every_layer_is_ok", &o, DXGPROBE_V_OK, 0, 0);

	o = escape_obs();
	o.ioctl_ret = -EOVERFLOW;
	o.escape_ret = -EOVERFLOW;
	o.sync_ret = -EOVERFLOW;
	o.reply_len = 0;
	expect("escape_empty_reply_is_host_short_reply", &o, DXGPROBE_V_HOST_SHORT_REPLY, 0,
	       -EOVERFLOW);
	dxgprobe_judge(&o, &out);
	check(!out.has_ntstatus, "empty_reply_shows_no_ntstatus", "has_ntstatus set");

	o = escape_obs();
	o.ioctl_ret = -EOVERFLOW;
	o.escape_ret = -EOVERFLOW;
	o.sync_ret = -EOVERFLOW;
	o.reply_len = 8;
	o.reply_head_len = 4;
	o.reply_word0 = 0xC0000023;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_HOST_SHORT_REPLY && out.has_ntstatus &&
	      out.ntstatus == 0xC0000023,
	      "short_reply_starting_with_error_status_shows_it", "no ntstatus 0xc0000023");

	o.reply_word0 = 0x00010203;
	dxgprobe_judge(&o, &out);
	check(!out.has_ntstatus, "short_reply_with_data_shows_no_ntstatus", "has_ntstatus set");

	o = escape_obs();
	o.seen &= ~L(REPLY);
	o.attempts = 50;
	o.send_ret = -EAGAIN;
	o.sync_ret = -EAGAIN;
	o.escape_ret = -EAGAIN;
	o.ioctl_ret = -EAGAIN;
	expect("send_still_busy_after_retries_is_send_failed", &o, DXGPROBE_V_SEND_FAILED, 0,
	       -EAGAIN);

	o = escape_obs();
	o.seen &= ~L(REPLY);
	o.sync_ret = -ERESTARTSYS;
	o.escape_ret = -ERESTARTSYS;
	o.ioctl_ret = -ERESTARTSYS;
	expect("fatal_signal_while_waiting_is_interrupted", &o, DXGPROBE_V_INTERRUPTED, 0,
	       -ERESTARTSYS);

	o = escape_obs();
	o.seen = L(IOCTL) | L(ESCAPE);
	o.escape_ret = -EINVAL;
	o.ioctl_ret = -EINVAL;
	expect("escape_over_128k_is_guest_size_limit", &o, DXGPROBE_V_GUEST_SIZE_LIMIT, 0,
	       -EINVAL);

	o = escape_obs();
	o.seen = L(IOCTL) | L(ESCAPE) | L(MESSAGE);
	o.sync_ret = -EINVAL;
	o.escape_ret = -EINVAL;
	o.ioctl_ret = -EINVAL;
	o.cmd_size = 131072 + 72;
	expect("message_refused_before_send_is_guest_size_limit", &o,
	       DXGPROBE_V_GUEST_SIZE_LIMIT, 0, -EINVAL);

	o = escape_obs();
	o.seen = L(IOCTL) | L(ESCAPE);
	o.escape_ret = -EFAULT;
	o.ioctl_ret = -EFAULT;
	expect("unreadable_private_data_is_guest_copy_fault", &o, DXGPROBE_V_GUEST_COPY_FAULT, 0,
	       -EFAULT);

	o = escape_obs();
	o.seen = L(IOCTL);
	o.ioctl_ret = -EFAULT;
	expect("unreadable_ioctl_args_is_guest_copy_fault", &o, DXGPROBE_V_GUEST_COPY_FAULT, 0,
	       -EFAULT);

	o = escape_obs();
	o.escape_ret = -EINVAL;
	o.ioctl_ret = -EINVAL;
	expect("failed_copy_back_is_guest_copy_fault", &o, DXGPROBE_V_GUEST_COPY_FAULT, 0,
	       -EINVAL);

	o = escape_obs();
	o.seen = L(IOCTL);
	o.ioctl_ret = 0;
	expect("known_escape_without_host_call_is_ok_and_complete", &o, DXGPROBE_V_OK, 0, 0);

	o = escape_obs();
	o.seen = L(IOCTL);
	o.ioctl_ret = -EINVAL;
	expect("unknown_adapter_is_refused_before_any_message", &o, DXGPROBE_V_GUEST_SIZE_LIMIT,
	       0, -EINVAL);

	memset(&o, 0, sizeof(o));
	o.attached = ALL;
	o.seen = L(MESSAGE) | L(SEND) | L(REPLY) | L(STATUS);
	o.attempts = 1;
	o.reply_len = 8;
	o.ntstatus = 0xC0000023;
	o.ntstatus_errno = -EOVERFLOW;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_HOST_STATUS && out.ret == -EOVERFLOW &&
	      out.has_ntstatus && out.ntstatus == 0xC0000023 && !out.missing,
	      "status_reply_translated_by_ntstatus2int_is_host_status", "not host-status -75");

	o = escape_obs();
	o.seen &= ~L(REPLY);
	o.flushed = true;
	expect("open_at_detach_waiting_for_reply_is_pending", &o, DXGPROBE_V_PENDING, 0, 0);

	o = escape_obs();
	o.seen = L(IOCTL);
	o.flushed = true;
	expect("open_at_detach_before_message_is_incomplete", &o, DXGPROBE_V_INCOMPLETE, 0, 0);

	o = escape_obs();
	o.attached = ALL & ~L(IOCTL);
	o.seen = PATH & ~L(IOCTL);
	expect("unavailable_ioctl_probe_is_reported_missing", &o, DXGPROBE_V_OK, L(IOCTL), 0);

	o = escape_obs();
	o.seen &= ~L(REPLY);
	expect("missed_reply_is_reported_missing", &o, DXGPROBE_V_OK, L(REPLY), 0);

	o = escape_obs();
	o.seen &= ~(L(SEND) | L(REPLY));
	o.attempts = 0;
	o.ioctl_ret = -EOVERFLOW;
	o.escape_ret = -EOVERFLOW;
	o.sync_ret = -EOVERFLOW;
	expect("short_reply_without_vmbus_layers_still_host_short_reply", &o,
	       DXGPROBE_V_HOST_SHORT_REPLY, L(SEND) | L(REPLY), -EOVERFLOW);

	o = escape_obs();
	o.attached = L(IOCTL);
	o.seen = L(IOCTL);
	o.ioctl_ret = -EOVERFLOW;
	expect("error_with_inner_layers_unavailable_is_incomplete", &o, DXGPROBE_V_INCOMPLETE,
	       L(ESCAPE) | L(MESSAGE) | L(SEND) | L(REPLY), -EOVERFLOW);

	o = escape_obs();
	o.ioctl_ret = 0x103;
	o.escape_ret = 0x103;
	o.sync_ret = 0x103;
	expect("positive_status_passed_through_is_ok", &o, DXGPROBE_V_OK, 0, 0x103);
}

/* Findings of the review: escapes and host-status, -EOVERFLOW with a long reply */
static void test_verdict_rules(void)
{
	struct dxgprobe_obs o;
	struct dxgprobe_outcome out;

	o = escape_obs();
	o.seen |= L(STATUS);
	o.ntstatus = 0xC0000023;
	o.ntstatus_errno = -EOVERFLOW;
	o.ioctl_ret = -EOVERFLOW;
	o.escape_ret = -EOVERFLOW;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_INCOMPLETE && !out.has_ntstatus,
	      "escape_never_gets_host_status",
	      "an ntstatus2int() wrongly joined to an escape made it host-status");

	o = escape_obs();
	o.seen = L(MESSAGE) | L(SEND) | L(REPLY) | L(STATUS);
	o.ntstatus_errno = -EOVERFLOW;
	o.ntstatus = 0xC0000023;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_OK && out.ret == 0 && !out.has_ntstatus,
	      "escape_message_root_ignores_status_layer",
	      "the caller of an escape message does not get ntstatus2int()");

	o = escape_obs();
	o.ioctl_ret = -EOVERFLOW;
	o.escape_ret = -EOVERFLOW;
	o.sync_ret = -EOVERFLOW;
	o.reply_len = 16;
	o.reply_head_len = 4;
	o.reply_word0 = 0xC0000023;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_INCOMPLETE && out.ret == -EOVERFLOW &&
	      out.reason == DXGPROBE_R_REPLY_NOT_SHORT && !out.has_ntstatus && !out.missing,
	      "eoverflow_with_reply_as_long_as_n_is_incomplete_reply_not_short",
	      "a reply of N bytes cannot cause -EOVERFLOW: not host-short-reply");

	o.reply_len = 24;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_INCOMPLETE && out.reason == DXGPROBE_R_REPLY_NOT_SHORT,
	      "eoverflow_with_reply_longer_than_n_is_incomplete",
	      "a reply longer than N blamed on the host");

	o.reply_len = 8;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_HOST_SHORT_REPLY && out.reason == DXGPROBE_R_NONE &&
	      out.has_ntstatus && out.ntstatus == 0xC0000023,
	      "eoverflow_with_reply_shorter_than_n_is_host_short_reply",
	      "8 < 16 bytes is the driver's own -EOVERFLOW exit");

	o = escape_obs();
	o.seen &= ~L(REPLY);
	o.ioctl_ret = -EOVERFLOW;
	o.escape_ret = -EOVERFLOW;
	o.sync_ret = -EOVERFLOW;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_HOST_SHORT_REPLY && out.reason == DXGPROBE_R_NONE &&
	      out.missing == L(REPLY),
	      "eoverflow_with_reply_missed_is_host_short_reply",
	      "-EOVERFLOW has one source; a missed reply does not change it");

	o = escape_obs();
	dxgprobe_judge(&o, &out);
	check(out.reason == DXGPROBE_R_NONE, "ok_has_no_reason", "reason set on ok");
	check(!strcmp(dxgprobe_reason_name(DXGPROBE_R_NONE), "-") &&
	      !strcmp(dxgprobe_reason_name(DXGPROBE_R_REPLY_NOT_SHORT), "reply-not-short") &&
	      !strcmp(dxgprobe_reason_name(DXGPROBE_R_REPLY_SHORT), "reply-short"),
	      "reason_names_are_exact", "a reason name differs");
}

static void set_rets(struct dxgprobe_obs *o, int ret)
{
	o->sync_ret = ret;
	o->escape_ret = ret;
	o->ioctl_ret = ret;
}

/* Findings of the second review: what a send or message not seen proves */
static void test_unseen_layers(void)
{
	struct dxgprobe_obs o;
	struct dxgprobe_outcome out;

	o = escape_obs();
	o.seen = L(IOCTL) | L(ESCAPE) | L(MESSAGE);
	set_rets(&o, -ENODEV);
	expect("rescind_with_send_missed_is_incomplete_missing_send", &o, DXGPROBE_V_INCOMPLETE,
	       L(SEND), -ENODEV);

	set_rets(&o, -EAGAIN);
	expect("ring_full_with_send_missed_is_incomplete_missing_send", &o,
	       DXGPROBE_V_INCOMPLETE, L(SEND), -EAGAIN);

	set_rets(&o, -EINVAL);
	o.cmd_size = 71 + 16;
	expect("einval_of_a_small_message_without_send_is_incomplete", &o,
	       DXGPROBE_V_INCOMPLETE, L(SEND), -EINVAL);

	set_rets(&o, -ENOMEM);
	expect("packet_allocation_failure_is_refused_before_send", &o,
	       DXGPROBE_V_GUEST_SIZE_LIMIT, 0, -ENOMEM);

	o = escape_obs();
	o.seen = L(IOCTL) | L(ESCAPE);
	set_rets(&o, -ENODEV);
	o.sync_ret = 0;
	expect("rescind_with_message_missed_is_incomplete_missing_message", &o,
	       DXGPROBE_V_INCOMPLETE, L(MESSAGE), -ENODEV);

	o = escape_obs();
	o.seen = L(IOCTL);
	o.ioctl_ret = -EOVERFLOW;
	expect("ioctl_error_with_escape_missed_is_incomplete_missing_escape", &o,
	       DXGPROBE_V_INCOMPLETE, L(ESCAPE), -EOVERFLOW);

	o.ioctl_ret = -ENODEV;
	expect("inactive_adapter_is_refused_before_any_message", &o,
	       DXGPROBE_V_GUEST_SIZE_LIMIT, 0, -ENODEV);

	o = escape_obs();
	o.attached = ALL & ~L(ESCAPE);
	o.seen = PATH & ~L(ESCAPE);
	o.ioctl_ret = -EINVAL;
	expect("failed_copy_back_without_escape_layer_is_guest_copy_fault", &o,
	       DXGPROBE_V_GUEST_COPY_FAULT, L(ESCAPE), -EINVAL);

	o = escape_obs();
	o.reply_len = 8;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_OK && out.reason == DXGPROBE_R_REPLY_SHORT,
	      "ok_with_reply_shorter_than_n_is_flagged_reply_short",
	      "dxgkrnl fails a reply shorter than N: an ok with one is not the whole story");

	o = escape_obs();
	o.seen = L(IOCTL) | L(ESCAPE) | L(MESSAGE);
	o.flushed = true;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_INCOMPLETE,
	      "open_at_detach_before_send_is_not_pending", "pending without a send seen");

	check(dxgprobe_errno_index(-1, 600) == 1 && dxgprobe_errno_index(-600, 600) == 600 &&
	      dxgprobe_errno_index(-601, 600) == -1 && dxgprobe_errno_index(0, 600) == -1 &&
	      dxgprobe_errno_index(5, 600) == -1 &&
	      dxgprobe_errno_index(-2147483647 - 1, 600) == -1,
	      "errno_index_is_bounded_int_min_included", "an index outside 1..600");
}

static void expect_layout(const char *name, u32 word0, u32 ctype, u32 cmd_size, u32 n,
			  enum dxgprobe_layout want, bool want_ext)
{
	u8 buf[40];
	struct dxgprobe_hdr h;
	u32 base = word0 == 16 ? 16 : 0;
	char why[160];

	memset(buf, 0, sizeof(buf));
	memcpy(buf, &word0, 4);
	memcpy(buf + base + 16, &ctype, 4);
	dxgprobe_decode_header(buf, sizeof(buf), cmd_size, n, &h);
	snprintf(why, sizeof(why), "layout %s ext %d type %u",
		 dxgprobe_layout_name(h.layout), h.ext, h.command_type);
	check(h.layout == want && h.ext == want_ext && h.command_type == ctype, name, why);
}

static void test_layouts(void)
{
	expect_layout("layout_6_6_ext_header_71_plus_n", 16, 13, 71 + 24, 24,
		      DXGPROBE_LAYOUT_EXT_ARR1, true);
	expect_layout("layout_old_no_ext_header_55_plus_n", 0, 13, 55 + 24, 24,
		      DXGPROBE_LAYOUT_NOEXT_ARR1, false);
	expect_layout("layout_flexible_array_ext_63_plus_n", 16, 13, 63 + 8, 8,
		      DXGPROBE_LAYOUT_EXT_FLEX, true);
	expect_layout("layout_flexible_array_no_ext_47_plus_n", 0, 13, 47 + 8, 8,
		      DXGPROBE_LAYOUT_NOEXT_FLEX, false);
	expect_layout("layout_odd_escape_size_is_unknown", 16, 13, 100, 8,
		      DXGPROBE_LAYOUT_UNKNOWN, true);
	expect_layout("layout_other_command_with_ext", 16, 2, 40, 4, DXGPROBE_LAYOUT_EXT, true);
	expect_layout("layout_other_command_without_ext", 0, 1000, 40, 4,
		      DXGPROBE_LAYOUT_NOEXT, false);
}

static void test_unreadable_header(void)
{
	struct dxgprobe_hdr h;
	u8 buf[40];
	u32 v = 16;

	memset(buf, 0, sizeof(buf));
	dxgprobe_decode_header(buf, 0, 87, 16, &h);
	check(h.command_type == DXGPROBE_CMD_UNKNOWN && h.layout == DXGPROBE_LAYOUT_UNKNOWN &&
	      !h.ext,
	      "unread_header_is_unknown_command_not_createdevice", "command 0 from no bytes");

	memcpy(buf, &v, sizeof(v));
	dxgprobe_decode_header(buf, 32, 87, 16, &h);
	check(h.command_type == DXGPROBE_CMD_UNKNOWN,
	      "header_cut_before_command_type_is_unknown", "command type read past the copy");

	dxgprobe_decode_header(buf, 36, 87, 16, &h);
	check(h.command_type == 0 && h.ext, "header_up_to_command_type_is_decoded",
	      "36 bytes hold an ext header and the command type");
}

static void test_names(void)
{
	static const char * const want[] = {
		"ok", "guest-size-limit", "guest-copy-fault", "send-failed", "host-short-reply",
		"host-status", "interrupted", "pending", "incomplete",
	};
	unsigned int i;
	int ok = 1;

	for (i = 0; i < DXGPROBE_V_NR; i++)
		ok &= !strcmp(dxgprobe_verdict_name(i), want[i]);
	check(ok && DXGPROBE_V_NR == 9, "verdict_names_are_exact", "a verdict name differs");
	check(!strcmp(dxgprobe_ntstatus_name(0xC0000023), "STATUS_BUFFER_TOO_SMALL") &&
	      !dxgprobe_ntstatus_name(0xC0001234),
	      "ntstatus_names", "STATUS_BUFFER_TOO_SMALL not named");
	check(!strcmp(dxgprobe_command_name(13), "escape") && !dxgprobe_command_name(999),
	      "command_names", "13 is not escape");
	check(dxgprobe_ntstatus_is_error(0xC0000023) && !dxgprobe_ntstatus_is_error(0x80000005) &&
	      !dxgprobe_ntstatus_is_error(0),
	      "ntstatus_error_severity", "severity test wrong");
	check(dxgprobe_ntstatus_is_error(0xC0000000) && dxgprobe_ntstatus_is_error(0xFFFFFFFF) &&
	      !dxgprobe_ntstatus_is_error(0xBFFFFFFF) && !dxgprobe_ntstatus_is_error(0x40000000),
	      "ntstatus_error_is_severity_3_only",
	      "NT_ERROR is 0xC0000000-0xFFFFFFFF; warnings (0x8...) and information are not");
}

/* a short reply whose first word is a warning is not shown as the host's status */
static void test_short_reply_status(void)
{
	struct dxgprobe_obs o = escape_obs();
	struct dxgprobe_outcome out;

	o.ioctl_ret = -EOVERFLOW;
	o.escape_ret = -EOVERFLOW;
	o.sync_ret = -EOVERFLOW;
	o.reply_len = 8;
	o.reply_head_len = 8;
	o.reply_word0 = 0xC0000023;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_HOST_SHORT_REPLY && out.has_ntstatus &&
	      out.ntstatus == 0xC0000023, "short_reply_error_word_is_the_status",
	      "an NT_ERROR first word must be shown as ntstatus");
	o.reply_word0 = 0x80000005;
	dxgprobe_judge(&o, &out);
	check(out.verdict == DXGPROBE_V_HOST_SHORT_REPLY && !out.has_ntstatus,
	      "short_reply_warning_word_is_not_a_status",
	      "STATUS_BUFFER_OVERFLOW is a warning: no ntstatus with the verdict");
}

/* tools/lib/names.awk is what names_awk() prints from verdict.h today */
static void test_names_awk_fresh(void)
{
	char *want = NULL, have[16384];
	size_t want_len = 0, have_len = 0;
	FILE *f = open_memstream(&want, &want_len);
	FILE *in = fopen(NAMES_AWK, "r");
	bool ok;

	if (f) {
		names_awk(f);
		fclose(f);
	}
	if (in) {
		have_len = fread(have, 1, sizeof(have), in);
		fclose(in);
	}
	ok = want && in && have_len == want_len && !memcmp(have, want, want_len);
	check(ok, "names_awk_is_fresh",
	      NAMES_AWK " differs from dxgprobe/verdict.h: run make -C tests/unit names");
	free(want);
}

int main(void)
{
	printf("TAP version 13\n");
	test_verdicts();
	test_verdict_rules();
	test_unseen_layers();
	test_layouts();
	test_unreadable_header();
	test_names();
	test_short_reply_status();
	test_names_awk_fresh();
	printf("1..%d\n# Totals: pass:%d fail:%d\n", count, count - failed, failed);
	return failed ? 1 : 0;
}
