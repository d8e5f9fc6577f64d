// SPDX-License-Identifier: GPL-2.0
/*
 * dxg_eoverflow_origin: where does an escape's error come from?
 *
 * Each case issues one escape and fetches dxgprobe's record of it (by the
 * child's pid and a seq above the last one seen before).  The origin must
 * be determined, and obey dxgkrnl's rules:
 *   - -EOVERFLOW if and only if the host's reply was shorter than N;
 *   - an escape's reply is never passed to ntstatus2int();
 *   - an oversize request, or one whose data cannot be read, never reaches
 *     the VM bus.
 * On the simulated host the verdict, reply length and send attempts that
 * the active profile implies are checked exactly; on a real host they are
 * reported.  One diagnostic line per case, e.g.
 *   # EOVERFLOW origin: host-short-reply (reply 0 of 64 bytes, trans_id 17)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxg_test.h"

#define ESC_TMO	90

FIXTURE(origin) {
	struct dxg_ctx c;
};

FIXTURE_VARIANT(origin) {
	u32 size;
	bool bad_pointer;
	bool known;		/* a driver-known escape: answered by the guest */
};

FIXTURE_VARIANT_ADD(origin, n0) { .size = 0, };
FIXTURE_VARIANT_ADD(origin, n1) { .size = 1, };
FIXTURE_VARIANT_ADD(origin, n4) { .size = 4, };
FIXTURE_VARIANT_ADD(origin, n8) { .size = 8, };
FIXTURE_VARIANT_ADD(origin, n9) { .size = 9, };
FIXTURE_VARIANT_ADD(origin, n16) { .size = 16, };
FIXTURE_VARIANT_ADD(origin, n64) { .size = 64, };
FIXTURE_VARIANT_ADD(origin, n568) { .size = 568, };
FIXTURE_VARIANT_ADD(origin, n4096) { .size = 4096, };
FIXTURE_VARIANT_ADD(origin, n131001) { .size = 131001, };
FIXTURE_VARIANT_ADD(origin, n131002) { .size = 131002, };	/* cmd_size 131073 */
FIXTURE_VARIANT_ADD(origin, oversize) { .size = DXG_MAX_VM_BUS_PACKET_SIZE + 1, };
FIXTURE_VARIANT_ADD(origin, bad_pointer) { .size = 16, .bad_pointer = true, };
FIXTURE_VARIANT_ADD(origin, known_escape) { .size = 8, .known = true, };

FIXTURE_SETUP(origin)
{
	char why[DXG_WHY];

	if (dxg_ctx_init(_metadata, &self->c, why, sizeof(why)))
		SKIP(return, "%s", why);
	if (!self->c.probe)
		SKIP(return, "%s", self->c.probe_why);
	if (dxg_ctx_hangs(&self->c) && variant->size != 16 &&
	    variant->size <= DXG_MAX_VM_BUS_PACKET_SIZE && !variant->known)
		SKIP(return, "host profile hang: %s",
		     "every round trip waits for the watchdog; N=16 shows it");
}

FIXTURE_TEARDOWN(origin)
{
}

static bool is(const struct dxgp_rec *r, const char *key, const char *val)
{
	return dxgp_is(r, key, val);
}

/* The rules that hold on any host */
static void check_rules(struct __test_metadata *_metadata, const struct dxg_ctx *c,
			const struct dxg_esc *e, const struct dxgp_rec *r)
{
	long long n = e->size, reply_len = dxgp_num(r, "reply_len", -1);
	const char *verdict = dxgp_get(r, "verdict") ?: "(none)";
	bool oversize = n > DXG_MAX_VM_BUS_PACKET_SIZE ||
			dxgp_num(r, "cmd_size", 0) > DXG_MAX_VM_BUS_PACKET_SIZE;

	if (e->outcome == DXG_ESC_HUNG) {
		ASSERT_TRUE(!strcmp(verdict, "interrupted") || !strcmp(verdict, "pending"))
			TH_LOG("a killed waiter is interrupted or pending, not %s: %s", verdict,
			       r->line);
		return;
	}
	ASSERT_EQ(e->ret, dxgp_num(r, "ret", 1))
		TH_LOG("the record's ret is not what the caller got (%d): %s", e->ret, r->line);
	ASSERT_STRNE("incomplete", verdict)
		TH_LOG("origin not determined (missing=%s): %s", dxgp_get(r, "missing") ?: "?",
		       r->line);
	ASSERT_STRNE("pending", verdict) TH_LOG("%s", r->line);
	EXPECT_STREQ("-", dxgp_get(r, "status_errno") ?: "-")
		TH_LOG("an escape's reply went through ntstatus2int(): %s", r->line);
	EXPECT_STRNE("host-status", verdict) TH_LOG("escapes carry no status: %s", r->line);

	if (e->ret == -EOVERFLOW) {
		ASSERT_STREQ("host-short-reply", verdict) TH_LOG("%s", r->line);
		ASSERT_LE(0, reply_len) TH_LOG("EOVERFLOW without a reply: %s", r->line);
		ASSERT_LT(reply_len, n)
			TH_LOG("EOVERFLOW although the reply (%lld) covers N (%lld)", reply_len, n);
	}
	if (reply_len >= 0 && !strcmp(verdict, "ok"))
		ASSERT_LE(n, reply_len) TH_LOG("success with a reply shorter than N: %s", r->line);
	if (reply_len >= 0 && reply_len < n) {
		ASSERT_EQ(-EOVERFLOW, e->ret)
			TH_LOG("a reply of %lld < N = %lld must be EOVERFLOW", reply_len, n);
	}
	if (oversize || e->bad_pointer) {
		ASSERT_EQ(0, dxgp_num(r, "attempts", -1))
			TH_LOG("an oversize or unreadable request reached the VM bus: %s", r->line);
		ASSERT_TRUE(is(r, "trans_id", "-")) TH_LOG("%s", r->line);
		ASSERT_STREQ(oversize ? "guest-size-limit" : "guest-copy-fault", verdict)
			TH_LOG("%s", r->line);
	}
}

/* What the simulated host's profile implies, exactly */
static void check_profile(struct __test_metadata *_metadata, const struct dxg_ctx *c,
			  const struct dxg_esc *e, const struct dxg_expect *x,
			  const struct dxgp_rec *r)
{
	const char *verdict = dxgp_get(r, "verdict") ?: "(none)";
	long long hdr = c->vmbus_version >= 40 ? 71 : 55;

	ksft_print_msg("expected by hvsim %s=%s: %s%s, reply_len %d, attempts %d (%s)\n",
		       c->prof_file, c->want.text, x->hang ? "watchdog kill, " : "", x->verdict,
		       x->reply_len, x->attempts, x->why);
	if (x->hang) {
		ASSERT_TRUE(!strcmp(verdict, "interrupted") || !strcmp(verdict, "pending"))
			TH_LOG("%s", r->line);
		ASSERT_EQ(1, dxgp_num(r, "attempts", -1)) TH_LOG("%s", r->line);
		return;
	}
	ASSERT_STREQ(x->verdict, verdict) TH_LOG("%s", r->line);
	/* -1: no reply, and dxgprobe shows reply_len=- */
	ASSERT_EQ(x->reply_len, dxgp_num(r, "reply_len", -1)) TH_LOG("%s", r->line);
	ASSERT_EQ(x->attempts, dxgp_num(r, "attempts", -1)) TH_LOG("%s", r->line);
	if (x->attempts > 0 && x->ret == -ENODEV)
		ASSERT_EQ(-ENODEV, dxgp_num(r, "send_ret", 0)) TH_LOG("%s", r->line);
	/* the message layout follows the interface version */
	if (dxgp_num(r, "cmd_size", -1) >= 0) {
		ASSERT_EQ(hdr + e->size, dxgp_num(r, "cmd_size", -1))
			TH_LOG("cmd_size for interface version %d: %s", c->vmbus_version, r->line);
		ASSERT_EQ(c->vmbus_version >= 40, dxgp_num(r, "ext_hdr", -1)) TH_LOG("%s", r->line);
	}
}

TEST_F_TIMEOUT(origin, escape_origin_follows_the_driver_rules, ESC_TMO)
{
	u32 known[2] = { D3DDDI_KNOWNESCAPE_TRANSLATEALLOCATIONHANDLE, 0 };
	struct dxg_esc e = {
		.size = variant->size,
		.bad_pointer = variant->bad_pointer,
		.flags = variant->known ? D3DDDI_ESCAPE_DRIVER_KNOWN_ESCAPE : 0,
		.payload = variant->known ? known : NULL,
	};
	struct dxg_expect x = {};
	struct dxgp_rec r;
	char o[200];
	int ret;

	dxg_ctx_run(_metadata, &self->c, &e, &x);
	ret = dxgp_find(e.pid, e.probe_seq, &r);
	ASSERT_EQ(0, ret) TH_LOG("no dxgprobe record of pid %d after seq %lld (%s)", e.pid,
				 e.probe_seq, dxg_esc_outcome_str(&e, o, sizeof(o)));
	dxgp_origin_str(&r, o, sizeof(o));
	if (e.outcome == DXG_ESC_HUNG)
		ksft_print_msg("hang origin: %s\n", o);
	else if (e.ret)
		ksft_print_msg("%s origin: %s\n", dxg_errno_name(e.ret), o);
	else
		ksft_print_msg("success: %s\n", o);

	check_rules(_metadata, &self->c, &e, &r);
	if (self->c.sim)
		check_profile(_metadata, &self->c, &e, &x, &r);
	else
		ksft_print_msg("real host: verdict %s reported, no profile to check it against\n",
			       dxgp_get(&r, "verdict") ?: "?");
	if (e.outcome != DXG_ESC_HUNG)
		dxg_check_result(_metadata, &self->c, &e, &x);
	dxgp_free(&r);
	dxg_escape_free(&e);
}

int main(int argc, char **argv)
{
	return dxg_main(argc, argv, true);
}
