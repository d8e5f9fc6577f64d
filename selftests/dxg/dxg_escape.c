// SPDX-License-Identifier: GPL-2.0
/*
 * dxg_escape: LX_DXESCAPE through /dev/dxg on the adapter under test.
 *
 * Every escape runs in a child with a watchdog (dxgkrnl waits for the host
 * without a timeout).  On the simulated host the active profile predicts
 * each result exactly; on a real host the driver's rules are checked: N = 0
 * always succeeds, any other escape that reaches the host ends in 0 or
 * -EOVERFLOW, and a failed escape leaves the buffer untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dxg_test.h"

#define ESC_TMO	90	/* per test: above DXG_ESCAPE_TIMEOUT plus the kill */

FIXTURE(escape) {
	struct dxg_ctx c;
};

FIXTURE_SETUP(escape)
{
	char why[DXG_WHY];

	if (dxg_ctx_init(_metadata, &self->c, why, sizeof(why)))
		SKIP(return, "%s", why);
}

FIXTURE_TEARDOWN(escape)
{
}

static void run_checked(struct __test_metadata *_metadata, struct dxg_ctx *c, struct dxg_esc *e)
{
	struct dxg_expect x = {};

	dxg_ctx_run(_metadata, c, e, &x);
	dxg_check_result(_metadata, c, e, &x);
}

TEST_F_TIMEOUT(escape, zero_size_escape_succeeds, ESC_TMO)
{
	struct dxg_esc e = { .size = 0 };

	run_checked(_metadata, &self->c, &e);
	dxg_escape_free(&e);
}

TEST_F_TIMEOUT(escape, known_escape_is_answered_without_the_host, ESC_TMO)
{
	/* TRANSLATEALLOCATIONHANDLE of handle 0: dxgkrnl answers it itself */
	u32 pl[2] = { D3DDDI_KNOWNESCAPE_TRANSLATEALLOCATIONHANDLE, 0 };
	struct dxg_esc e = {
		.type = D3DKMT_ESCAPE_DRIVERPRIVATE,
		.flags = D3DDDI_ESCAPE_DRIVER_KNOWN_ESCAPE,
		.size = sizeof(pl),
		.payload = pl,
	};
	struct dxgp_rec r;

	run_checked(_metadata, &self->c, &e);
	ASSERT_EQ(0, e.ret) TH_LOG("the positive control failed: %s", dxg_errno_name(e.ret));
	if (self->c.probe) {
		ASSERT_EQ(0, dxgp_find(e.pid, e.probe_seq, &r))
			TH_LOG("no dxgprobe record of pid %d", e.pid);
		EXPECT_EQ(0, dxgp_num(&r, "attempts", 0))
			TH_LOG("a known escape must not be sent: %s", r.line);
		dxgp_free(&r);
	}
	dxg_escape_free(&e);
}

TEST_F_TIMEOUT(escape, oversize_escape_is_einval, ESC_TMO)
{
	struct dxg_esc e = { .size = DXG_MAX_VM_BUS_PACKET_SIZE + 1 };

	run_checked(_metadata, &self->c, &e);
	ASSERT_EQ(-EINVAL, e.ret) TH_LOG("N = 131073 is over dxgkrnl's 128 KiB limit");
	dxg_escape_free(&e);
}

TEST_F_TIMEOUT(escape, bad_pointer_is_efault, ESC_TMO)
{
	struct dxg_esc e = { .size = 16, .bad_pointer = true };

	run_checked(_metadata, &self->c, &e);
	ASSERT_EQ(-EFAULT, e.ret) TH_LOG("the private data cannot be read");
	dxg_escape_free(&e);
}

/* No VM-bus traffic: dxgprobe saw no send, and the simulated host no packet */
static void check_no_traffic(struct __test_metadata *_metadata, struct dxg_ctx *c,
			     struct dxg_esc *e, const char *verdict)
{
	long long before = c->sim ? hvsim_last_packet() : -1;
	struct dxg_expect x = {};
	struct dxgp_rec r;
	char o[160];

	if (!c->probe)
		SKIP(return, "%s", c->probe_why);
	dxg_ctx_run(_metadata, c, e, &x);
	ASSERT_EQ(0, dxgp_find(e->pid, e->probe_seq, &r))
		TH_LOG("no dxgprobe record of pid %d after seq %lld", e->pid, e->probe_seq);
	ksft_print_msg("%s origin: %s\n", dxg_errno_name(e->ret),
		       dxgp_origin_str(&r, o, sizeof(o)));
	EXPECT_STREQ(verdict, dxgp_get(&r, "verdict") ?: "(none)") TH_LOG("%s", r.line);
	EXPECT_EQ(0, dxgp_num(&r, "attempts", -1)) TH_LOG("sent: %s", r.line);
	EXPECT_STREQ("-", dxgp_get(&r, "trans_id") ?: "(none)") TH_LOG("%s", r.line);
	if (c->sim)
		EXPECT_EQ(0, hvsim_escapes_since(before))
			TH_LOG("the simulated host received an ESCAPE (%s/packets)", HVSIM_DIR);
	dxgp_free(&r);
}

TEST_F_TIMEOUT(escape, oversize_escape_never_reaches_the_vmbus, ESC_TMO)
{
	struct dxg_esc e = { .size = DXG_MAX_VM_BUS_PACKET_SIZE + 1 };

	check_no_traffic(_metadata, &self->c, &e, "guest-size-limit");
	dxg_escape_free(&e);
}

TEST_F_TIMEOUT(escape, bad_pointer_never_reaches_the_vmbus, ESC_TMO)
{
	struct dxg_esc e = { .size = 16, .bad_pointer = true };

	check_no_traffic(_metadata, &self->c, &e, "guest-copy-fault");
	dxg_escape_free(&e);
}

static int env_u32(const char *name, u32 dflt, u32 *v)
{
	const char *s = getenv(name);
	char *end;

	*v = dflt;
	if (!s || !*s)
		return 0;
	errno = 0;
	*v = (u32)strtoul(s, &end, 0);
	return (*end || errno) ? -EINVAL : 0;
}

/* A captured payload, e.g. 568 bytes from a Windows trace: DXG_ESCAPE_PAYLOAD=file */
TEST_F_TIMEOUT(escape, replay_of_a_payload_file, ESC_TMO)
{
	const char *file = getenv("DXG_ESCAPE_PAYLOAD");
	struct dxg_esc e = {};
	struct stat st;
	u8 *pl;
	ssize_t n;
	int fd;

	if (!file || !*file)
		SKIP(return, "no payload file: set DXG_ESCAPE_PAYLOAD (%s)",
		     "and DXG_ESCAPE_TYPE, DXG_ESCAPE_FLAGS");
	ASSERT_EQ(0, env_u32("DXG_ESCAPE_TYPE", 0, &e.type)) TH_LOG("DXG_ESCAPE_TYPE");
	ASSERT_EQ(0, env_u32("DXG_ESCAPE_FLAGS", 0, &e.flags)) TH_LOG("DXG_ESCAPE_FLAGS");
	fd = open(file, O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("DXG_ESCAPE_PAYLOAD=%s: %s", file, strerror(errno));
	ASSERT_EQ(0, fstat(fd, &st));
	ASSERT_GE(DXG_MAX_VM_BUS_PACKET_SIZE + 1, st.st_size) TH_LOG("%s is too big", file);
	pl = malloc(st.st_size ? st.st_size : 1);
	ASSERT_NE(NULL, pl);
	n = read(fd, pl, st.st_size);
	close(fd);
	ASSERT_EQ(st.st_size, n);
	e.size = st.st_size;
	e.payload = pl;
	run_checked(_metadata, &self->c, &e);
	if (self->c.probe) {
		struct dxgp_rec r;
		char o[160];

		if (!dxgp_find(e.pid, e.probe_seq, &r)) {
			ksft_print_msg("replay origin: %s\n", dxgp_origin_str(&r, o, sizeof(o)));
			ksft_print_msg("record: %s\n", r.line);
			dxgp_free(&r);
		}
	}
	dxg_escape_free(&e);
	free(pl);
}

/* Sizes across the host's padding (8), the on-stack message (9) and the limit */
FIXTURE(escape_size) {
	struct dxg_ctx c;
};

FIXTURE_VARIANT(escape_size) {
	u32 size;
};

FIXTURE_VARIANT_ADD(escape_size, n1) { .size = 1, };
FIXTURE_VARIANT_ADD(escape_size, n4) { .size = 4, };
FIXTURE_VARIANT_ADD(escape_size, n8) { .size = 8, };
FIXTURE_VARIANT_ADD(escape_size, n9) { .size = 9, };
FIXTURE_VARIANT_ADD(escape_size, n16) { .size = 16, };
FIXTURE_VARIANT_ADD(escape_size, n64) { .size = 64, };
FIXTURE_VARIANT_ADD(escape_size, n568) { .size = 568, };
FIXTURE_VARIANT_ADD(escape_size, n4096) { .size = 4096, };
FIXTURE_VARIANT_ADD(escape_size, n65536) { .size = 65536, };
FIXTURE_VARIANT_ADD(escape_size, n131001) { .size = 131001, };

FIXTURE_SETUP(escape_size)
{
	char why[DXG_WHY];

	if (dxg_ctx_init(_metadata, &self->c, why, sizeof(why)))
		SKIP(return, "%s", why);
	if (dxg_ctx_hangs(&self->c) && variant->size != 16)
		SKIP(return, "host profile hang: %s",
		     "every size waits for the watchdog; N=16 shows it");
}

FIXTURE_TEARDOWN(escape_size)
{
}

TEST_F_TIMEOUT(escape_size, result_follows_the_reply_length_rule, ESC_TMO)
{
	struct dxg_esc e = { .size = variant->size };

	run_checked(_metadata, &self->c, &e);
	dxg_escape_free(&e);
}

/* The field report: every non-empty escape fails whatever its type and flags */
FIXTURE(escape_kind) {
	struct dxg_ctx c;
};

FIXTURE_VARIANT(escape_kind) {
	u32 type;
	u32 flags;
};

FIXTURE_VARIANT_ADD(escape_kind, type0_flags_0x0) { .type = 0, .flags = 0x0, };
FIXTURE_VARIANT_ADD(escape_kind, type0_flags_0x1) { .type = 0, .flags = 0x1, };
FIXTURE_VARIANT_ADD(escape_kind, type0_flags_0x8) { .type = 0, .flags = 0x8, };
FIXTURE_VARIANT_ADD(escape_kind, type0_flags_0x20) { .type = 0, .flags = 0x20, };
FIXTURE_VARIANT_ADD(escape_kind, type0_flags_0x80) { .type = 0, .flags = 0x80, };
FIXTURE_VARIANT_ADD(escape_kind, type0_flags_0x1000) { .type = 0, .flags = 0x1000, };
FIXTURE_VARIANT_ADD(escape_kind, type1_flags_0x0) { .type = 1, .flags = 0x0, };
FIXTURE_VARIANT_ADD(escape_kind, type1_flags_0x1) { .type = 1, .flags = 0x1, };
FIXTURE_VARIANT_ADD(escape_kind, type1_flags_0x8) { .type = 1, .flags = 0x8, };
FIXTURE_VARIANT_ADD(escape_kind, type1_flags_0x20) { .type = 1, .flags = 0x20, };
FIXTURE_VARIANT_ADD(escape_kind, type1_flags_0x80) { .type = 1, .flags = 0x80, };
FIXTURE_VARIANT_ADD(escape_kind, type1_flags_0x1000) { .type = 1, .flags = 0x1000, };
FIXTURE_VARIANT_ADD(escape_kind, type3_flags_0x0) { .type = 3, .flags = 0x0, };
FIXTURE_VARIANT_ADD(escape_kind, type3_flags_0x1) { .type = 3, .flags = 0x1, };
FIXTURE_VARIANT_ADD(escape_kind, type3_flags_0x8) { .type = 3, .flags = 0x8, };
FIXTURE_VARIANT_ADD(escape_kind, type3_flags_0x20) { .type = 3, .flags = 0x20, };
FIXTURE_VARIANT_ADD(escape_kind, type3_flags_0x80) { .type = 3, .flags = 0x80, };
FIXTURE_VARIANT_ADD(escape_kind, type3_flags_0x1000) { .type = 3, .flags = 0x1000, };
FIXTURE_VARIANT_ADD(escape_kind, type4_flags_0x0) { .type = 4, .flags = 0x0, };
FIXTURE_VARIANT_ADD(escape_kind, type4_flags_0x1) { .type = 4, .flags = 0x1, };
FIXTURE_VARIANT_ADD(escape_kind, type4_flags_0x8) { .type = 4, .flags = 0x8, };
FIXTURE_VARIANT_ADD(escape_kind, type4_flags_0x20) { .type = 4, .flags = 0x20, };
FIXTURE_VARIANT_ADD(escape_kind, type4_flags_0x80) { .type = 4, .flags = 0x80, };
FIXTURE_VARIANT_ADD(escape_kind, type4_flags_0x1000) { .type = 4, .flags = 0x1000, };
FIXTURE_VARIANT_ADD(escape_kind, type8_flags_0x0) { .type = 8, .flags = 0x0, };
FIXTURE_VARIANT_ADD(escape_kind, type8_flags_0x1) { .type = 8, .flags = 0x1, };
FIXTURE_VARIANT_ADD(escape_kind, type8_flags_0x8) { .type = 8, .flags = 0x8, };
FIXTURE_VARIANT_ADD(escape_kind, type8_flags_0x20) { .type = 8, .flags = 0x20, };
FIXTURE_VARIANT_ADD(escape_kind, type8_flags_0x80) { .type = 8, .flags = 0x80, };
FIXTURE_VARIANT_ADD(escape_kind, type8_flags_0x1000) { .type = 8, .flags = 0x1000, };

FIXTURE_SETUP(escape_kind)
{
	char why[DXG_WHY];

	if (dxg_ctx_init(_metadata, &self->c, why, sizeof(why)))
		SKIP(return, "%s", why);
	if (dxg_ctx_hangs(&self->c) && (variant->type || variant->flags))
		SKIP(return, "host profile hang: %s",
		     "every kind waits for the watchdog; type 0 flags 0 shows it");
}

FIXTURE_TEARDOWN(escape_kind)
{
}

TEST_F_TIMEOUT(escape_kind, result_does_not_depend_on_type_or_flags, ESC_TMO)
{
	struct dxg_esc e = { .type = variant->type, .flags = variant->flags, .size = 16 };

	run_checked(_metadata, &self->c, &e);
	dxg_escape_free(&e);
}

int main(int argc, char **argv)
{
	return dxg_main(argc, argv, false);
}
