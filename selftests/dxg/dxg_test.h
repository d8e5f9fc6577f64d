/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Harness glue shared by dxg_escape and dxg_eoverflow_origin: the test
 * context (adapter under test, simulated host profile, dxgprobe), one
 * escape run and checked against the host's rules, and a main() that skips
 * the whole program with a reason when there is nothing to test.
 * Includes kselftest_harness.h itself.
 */
#ifndef DXG_TEST_H
#define DXG_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "dxg_lib.h"

struct dxg_ctx {
	struct dxg_adapter	sel;
	bool			sim;		/* hvsim's debugfs is there */
	const char		*prof_file;	/* profile_npu or profile_gpu */
	struct hvsim_profile	prof;		/* active */
	struct hvsim_profile	want;		/* expected: prof, or DXG_EXPECT_PROFILE */
	int			vmbus_version;
	bool			probe;		/* dxgprobe records everything */
	char			probe_why[DXG_WHY];
};

/* 0, or -1 with the reason in why (skip); the environment errors are fatal */
static inline int dxg_ctx_init(struct __test_metadata *_metadata, struct dxg_ctx *c,
			       char *why, size_t len)
{
	struct dxg_adapter_choice want = dxg_adapter_choice_env();
	const char *env;
	int ret;

	memset(c, 0, sizeof(*c));
	ret = dxg_select_adapter(&want, &c->sel, why, len);
	if (ret == -EINVAL) {
		TH_LOG("%s", why);
		_metadata->exit_code = KSFT_FAIL;
		return -1;
	}
	if (ret)
		return -1;
	c->sim = hvsim_present();
	if (c->sim) {
		c->prof_file = hvsim_profile_file(&c->sel);
		ret = hvsim_read_profile(c->prof_file, &c->prof);
		if (ret) {
			TH_LOG("cannot read %s/%s: %s", HVSIM_DIR, c->prof_file, strerror(-ret));
			_metadata->exit_code = KSFT_FAIL;
			return -1;
		}
		c->vmbus_version = hvsim_vmbus_version();
		c->want = c->prof;
		/* a deliberately wrong expectation must turn the suite red */
		env = getenv("DXG_EXPECT_PROFILE");
		if (env && *env && hvsim_parse_profile(env, &c->want)) {
			TH_LOG("DXG_EXPECT_PROFILE='%s' is not an hvsim profile", env);
			_metadata->exit_code = KSFT_FAIL;
			return -1;
		}
	}
	c->probe = dxgp_check(c->probe_why, sizeof(c->probe_why)) == 0;
	return 0;
}

/*
 * With a host that never answers every escape costs a watchdog timeout;
 * one representative case per group proves the point.
 */
static inline bool dxg_ctx_hangs(const struct dxg_ctx *c)
{
	return c->sim && c->want.kind == HVSIM_HANG;
}

/* Runs e; busy:K counts down per send, so it is re-armed first */
static inline void dxg_ctx_run(struct __test_metadata *_metadata, struct dxg_ctx *c,
			       struct dxg_esc *e, struct dxg_expect *x)
{
	char l[32], o[160];
	int ret;

	e->luid = c->sel.luid;
	if (c->sim && c->prof.kind == HVSIM_BUSY) {
		ret = hvsim_write_profile(c->prof_file, c->prof.text);
		ASSERT_EQ(0, ret) TH_LOG("re-arming %s with %s: %s", c->prof_file, c->prof.text,
					 strerror(-ret));
	}
	ret = dxg_escape_run(e);
	ASSERT_EQ(0, ret) TH_LOG("cannot run the escape child: %s", strerror(-ret));
	if (c->sim)
		dxg_expect_escape(&c->want, c->vmbus_version, e, x);
	ksft_print_msg("escape adapter %s type %u flags 0x%x N=%u%s: %s%s%s\n",
		       dxg_luid_str(e->luid, l, sizeof(l)), e->type, e->flags, e->size,
		       e->bad_pointer ? " (bad pointer)" : "",
		       dxg_esc_outcome_str(e, o, sizeof(o)),
		       c->sim ? "; expected: " : "", c->sim ? x->why : "");
	ASSERT_NE(DXG_ESC_SETUP_FAILED, e->outcome)
		TH_LOG("%s", o);
	ASSERT_NE(DXG_ESC_CRASHED, e->outcome)
		TH_LOG("%s", o);
}

/*
 * The result against what the host's answer allows.  On the simulator the
 * profile predicts it exactly; on a real host only the driver's rules hold.
 */
static inline void dxg_check_result(struct __test_metadata *_metadata, struct dxg_ctx *c,
				    struct dxg_esc *e, struct dxg_expect *x)
{
	u32 st;
	size_t i;

	if (c->sim && x->hang) {
		ASSERT_EQ(DXG_ESC_HUNG, e->outcome)
			TH_LOG("profile %s: the host never answers, yet the escape returned %d",
			       c->want.text, e->ret);
		return;
	}
	ASSERT_EQ(DXG_ESC_DONE, e->outcome)
		TH_LOG("escape hung: no answer within %d s (%s)", dxg_escape_timeout(),
		       "dxgkrnl waits for the host without a timeout; DXG_ESCAPE_TIMEOUT");
	if (c->sim) {
		ASSERT_EQ(x->ret, e->ret)
			TH_LOG("want %d %s (%s), got %d %s", x->ret, dxg_errno_name(x->ret), x->why,
			       e->ret, dxg_errno_name(e->ret));
	} else if (e->size == 0 && !e->bad_pointer) {
		ASSERT_EQ(0, e->ret)
			TH_LOG("an escape with N = 0 accepts any reply: got %s",
			       dxg_errno_name(e->ret));
	} else if (e->size <= DXG_MAX_ESCAPE_SIZE_EXT && !e->bad_pointer) {
		ASSERT_TRUE(e->ret == 0 || e->ret == -EOVERFLOW)
			TH_LOG("a host round trip ends in 0 or EOVERFLOW; got %s",
			       dxg_errno_name(e->ret));
	}
	if (!e->size || e->bad_pointer)
		return;
	if (e->ret) {
		/* a refused or short reply copies nothing back */
		ASSERT_EQ(0, memcmp(e->sent, e->buf, e->size))
			TH_LOG("the escape failed (%s) but the buffer changed",
			       dxg_errno_name(e->ret));
		return;
	}
	if (!c->sim || (e->flags & D3DDDI_ESCAPE_DRIVER_KNOWN_ESCAPE))
		return;
	switch (c->want.kind) {
	case HVSIM_STATUS:	/* the status word, then the padding */
		st = c->want.arg;
		for (i = 0; i < e->size; i++)
			ASSERT_EQ(i < 4 ? (u8)(st >> (8 * i)) : 0, e->buf[i])
				TH_LOG("byte %zu of a status reply", i);
		break;
	case HVSIM_ECHO:
	case HVSIM_BUSY:
	case HVSIM_TRUNCATE:	/* hvsim echoes with the first byte incremented */
		ASSERT_EQ((u8)(e->sent[0] + 1), e->buf[0]) TH_LOG("echo: first byte");
		ASSERT_EQ(0, memcmp(e->sent + 1, e->buf + 1, e->size - 1))
			TH_LOG("echo: the reply must be the request");
		break;
	default:
		break;
	}
}

/* main(): skip everything, with the reason, when there is nothing to test */
static inline int dxg_main(int argc, char **argv, bool need_probe)
{
	struct dxg_adapter_choice want = dxg_adapter_choice_env();
	struct dxg_adapter sel;
	char why[DXG_WHY];
	int i, ret;

	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-' && strchr("lhTtFfVv", argv[i][1]))
			return test_harness_run(argc, argv);
	ret = dxg_select_adapter(&want, &sel, why, sizeof(why));
	if (ret && ret != -EINVAL) {
		ksft_print_header();
		ksft_exit_skip("%s\n", why);
	}
	if (need_probe && !ret && dxgp_check(why, sizeof(why))) {
		ksft_print_header();
		ksft_exit_skip("%s\n", why);
	}
	return test_harness_run(argc, argv);
}

#endif /* DXG_TEST_H */
