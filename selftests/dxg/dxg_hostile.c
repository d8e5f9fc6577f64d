// SPDX-License-Identifier: GPL-2.0
/*
 * dxg_hostile: a host that sends what it should not.
 *
 * Each case sets a hostile profile on the adapter under test (hvsim only),
 * issues escapes, and checks what dxgkrnl does with such input, as the 6.6
 * driver's process_completion_packet() and process_inband_packet() do it:
 *   - a reply longer than N is success, and only its first N bytes are
 *     copied back (the rest is ignored);
 *   - a completion whose trans_id no request waits for is logged as
 *     "did not find packet to complete" and dropped; a second completion
 *     for the same request is one of those;
 *   - completions answered in another order than sent each reach their
 *     own waiter;
 *   - a host message on an adapter channel is logged as "Unexpected packet
 *     for adapter channel" and answered with nothing.
 * and that dxgprobe keeps the verdict right and counts every completion no
 * transaction waits for (replies_unmatched) or already has
 * (replies_seen_twice) exactly once.  Splats fail the VM run (vmtest).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "dxg_test.h"

#define ESC_N		64
#define REORDER_K	4

FIXTURE(hostile) {
	struct dxg_ctx c;
	char saved[48];
};

FIXTURE_VARIANT(hostile) {
	const char *profile;
	u32 size;
	int ret;		/* the escape's result; 1: no answer (the watchdog kills) */
	const char *verdict;	/* dxgprobe's */
	int reply_len;		/* dxgprobe's reply_len, -1: no reply */
	int orphans;		/* completions no request waits for */
	int duplicates;		/* second completions for one request */
	const char *dmesg;	/* the guest's line for each orphan or duplicate */
	int dmesg_count;
	int callers;		/* concurrent escapes (reorder) */
};

/* 64 bytes and 100 more: a success, whose first 64 bytes are the echo */
FIXTURE_VARIANT_ADD(hostile, reply_longer_than_n_is_success) {
	.profile = "long:100", .verdict = "ok", .size = ESC_N, .ret = 0, .reply_len = 168,
};

/* a completion that fills the guest's 128 KiB packet buffer exactly */
FIXTURE_VARIANT_ADD(hostile, reply_at_packet_buffer_limit_is_success) {
	.profile = "limit", .verdict = "ok", .size = ESC_N, .ret = 0, .reply_len = 131072 - 16,
};

FIXTURE_VARIANT_ADD(hostile, unknown_trans_id_before_reply_is_dropped) {
	.profile = "stray", .verdict = "ok", .size = ESC_N, .ret = 0, .reply_len = ESC_N,
	.orphans = 1,
	.dmesg = "did not find packet to complete", .dmesg_count = 1,
};

FIXTURE_VARIANT_ADD(hostile, unknown_trans_id_instead_of_reply_never_completes) {
	.profile = "wrongid", .verdict = "interrupted", .size = ESC_N, .ret = 1, .reply_len = -1,
	.orphans = 1,
	.dmesg = "did not find packet to complete", .dmesg_count = 1,
};

FIXTURE_VARIANT_ADD(hostile, duplicate_completion_is_dropped) {
	.profile = "dup", .verdict = "ok", .size = ESC_N, .ret = 0, .reply_len = ESC_N,
	.duplicates = 1,
	.dmesg = "did not find packet to complete", .dmesg_count = 1,
};

FIXTURE_VARIANT_ADD(hostile, out_of_order_completions_reach_their_waiters) {
	.profile = "reorder:4", .verdict = "ok", .size = ESC_N, .ret = 0, .reply_len = ESC_N,
	.callers = REORDER_K,
};

FIXTURE_VARIANT_ADD(hostile, inband_host_message_on_adapter_channel_is_ignored) {
	.profile = "inband", .verdict = "ok", .size = ESC_N, .ret = 0, .reply_len = ESC_N,
	.dmesg = "Unexpected packet for adapter channel", .dmesg_count = 1,
};

static long long probe_stat(const char *name)
{
	char *all = dxg_read_all(DXGPROBE_DIR "/stats"), pat[64], *p;
	long long v = -1;

	if (!all)
		return -1;
	snprintf(pat, sizeof(pat), "%s:", name);
	for (p = all; (p = strstr(p, pat)); p++)
		if (p == all || p[-1] == '\n') {
			v = strtoll(p + strlen(pat), NULL, 0);
			break;
		}
	free(all);
	return v;
}

/* Lines of the kernel log that contain s */
static int dmesg_count(const char *s)
{
	char line[1024];
	FILE *f = popen("dmesg", "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, s))
			n++;
	pclose(f);
	return n;
}

FIXTURE_SETUP(hostile)
{
	char why[DXG_WHY];
	int ret;

	if (dxg_ctx_init(_metadata, &self->c, why, sizeof(why)))
		SKIP(return, "%s", why);
	if (!self->c.sim)
		SKIP(return, "needs the simulated host: a real one cannot be made hostile");
	if (!self->c.probe)
		SKIP(return, "%s", self->c.probe_why);
	if (self->c.vmbus_version < 40 || hvsim_stat("packets") < 0)
		SKIP(return, "needs interface version 40 and hvsim's stats");
	snprintf(self->saved, sizeof(self->saved), "%s", self->c.prof.text);
	ret = hvsim_write_profile(self->c.prof_file, variant->profile);
	ASSERT_EQ(0, ret) TH_LOG("setting %s to %s: %s", self->c.prof_file, variant->profile,
				 strerror(-ret));
}

FIXTURE_TEARDOWN(hostile)
{
	if (self->saved[0])
		hvsim_write_profile(self->c.prof_file, self->saved);
}

/* dxgprobe's record of the escape: 0 when its verdict and reply are the variant's */
/* struct _fixture_variant_hostile is FIXTURE_VARIANT(hostile), spelt out for checkpatch */
static int check_record(const struct _fixture_variant_hostile *variant, const struct dxg_esc *e)
{
	struct dxgp_rec r;
	int st = 0;

	if (dxgp_find(e->pid, e->probe_seq, &r))
		return 5;
	if (!dxgp_is(&r, "verdict", variant->verdict))
		st = 6;
	else if (dxgp_num(&r, "reply_len", -1) != variant->reply_len)
		st = 7;
	if (st)
		ksft_print_msg("record: %s\n", r.line);
	dxgp_free(&r);
	return st;
}

/* One escape; 0 when its outcome and dxgprobe's record are the variant's */
static int one_escape(struct dxg_ctx *c, const struct _fixture_variant_hostile *variant,
		      struct dxg_esc *e)
{
	u32 i;

	memset(e, 0, sizeof(*e));
	e->luid = c->sel.luid;
	e->size = variant->size;
	if (dxg_escape_run(e))
		return 1;
	if (variant->ret == 1) {
		if (e->outcome != DXG_ESC_HUNG)
			return 2;
		return check_record(variant, e);
	}
	if (e->outcome != DXG_ESC_DONE || e->ret != variant->ret)
		return 3;
	/* the echo: the first byte incremented, the others as sent */
	for (i = 0; i < e->size; i++)
		if (e->buf[i] != (u8)(e->sent[i] + !i))
			return 4;
	return check_record(variant, e);
}

TEST_F_TIMEOUT(hostile, escape, 120)
{
	long long unmatched0, twice0, unmatched = 0, twice = 0;
	int lines0 = variant->dmesg ? dmesg_count(variant->dmesg) : 0;
	int callers = variant->callers ?: 1, i, st, failed = 0;
	struct dxg_esc e;
	pid_t pids[REORDER_K];
	long long deferred0 = hvsim_stat("deferred");

	unmatched0 = probe_stat("replies_unmatched");
	twice0 = probe_stat("replies_seen_twice");
	ASSERT_LE(0, unmatched0) TH_LOG("no replies_unmatched in %s/stats", DXGPROBE_DIR);
	ASSERT_LE(0, twice0) TH_LOG("no replies_seen_twice in %s/stats", DXGPROBE_DIR);

	if (callers == 1) {
		st = one_escape(&self->c, variant, &e);
		dxg_escape_free(&e);
		ASSERT_EQ(0, st) TH_LOG("profile %s, N=%u: outcome %d ret %d, want %s, %s (%d)",
					variant->profile, variant->size, e.outcome, e.ret,
					variant->ret == 1 ? "no answer" :
					dxg_errno_name(variant->ret), variant->verdict, st);
	} else {
		/* every caller waits until all are in flight, then the host answers last first */
		for (i = 0; i < callers; i++) {
			pids[i] = fork();
			ASSERT_LE(0, pids[i]);
			if (!pids[i])
				_exit(one_escape(&self->c, variant, &e));
		}
		for (i = 0; i < callers; i++) {
			ASSERT_EQ(pids[i], waitpid(pids[i], &st, 0));
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				failed++;
		}
		ASSERT_EQ(0, failed) TH_LOG("%d of %d callers lack their own echo or record",
					    failed, callers);
		ASSERT_EQ(callers, hvsim_stat("deferred") - deferred0);
	}

	/* dxgprobe sees the last completion after the driver: give the tasklet a moment */
	for (i = 0; i < 20; i++) {
		unmatched = probe_stat("replies_unmatched") - unmatched0;
		twice = probe_stat("replies_seen_twice") - twice0;
		if (unmatched + twice >= variant->orphans + variant->duplicates)
			break;
		usleep(50000);
	}
	if (variant->duplicates) {
		/*
		 * The second completion follows the first in the same receive
		 * callback: dxgprobe counts it as seen twice while the record is
		 * open, as unmatched once the waiter's record is finished.
		 */
		EXPECT_EQ(variant->orphans + variant->duplicates, unmatched + twice)
			TH_LOG("unmatched +%lld, seen twice +%lld", unmatched, twice);
	} else {
		EXPECT_EQ(variant->orphans, unmatched);
		EXPECT_EQ(0, twice);
	}
	if (variant->dmesg)
		EXPECT_EQ(variant->dmesg_count, dmesg_count(variant->dmesg) - lines0)
			TH_LOG("'%s' in dmesg", variant->dmesg);
	ksft_print_msg("profile %s: replies_unmatched +%lld, replies_seen_twice +%lld\n",
		       variant->profile, unmatched, twice);
}

TEST_HARNESS_MAIN
