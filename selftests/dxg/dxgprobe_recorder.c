// SPDX-License-Identifier: GPL-2.0
/*
 * dxgprobe_recorder: dxgprobe's own behaviour as a recorder, checked through
 * /dev/dxg and dxgprobe's debugfs files (docs/dxgprobe.md): the pid filter,
 * capture_bytes, commands=all, bad knob writes, ring wrap with an exact drop
 * count, and 8 threads of escapes with no transaction lost or mismatched.
 *
 * The escapes run in the test process itself (the pid filter needs its own
 * tgid, the stress test its threads); the harness timeout of each test is
 * the watchdog.  The adapter under test is one whose simulated host profile
 * is echo (set for the test and restored when none is); without hvsim it is
 * the one dxg_select_adapter() picks, and the tests that need every escape
 * answered skip.  The knobs are restored in the harness's parent process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "dxg_lib.h"

#define KNOB_LEN	48
#define RING_SIZE_PARAM	"/sys/module/dxgprobe/parameters/ring_size"
#define WRAP_EXTRA	37	/* escapes beyond ring_size in the ring wrap test */
#define WRAP_MAX_RING	256	/* above this the ring wrap test takes too long */
#define STRESS_THREADS_MAX	64	/* DXGPROBE_STRESS_THREADS, default 8 */
#define STRESS_SIZE	24	/* N of the stress escapes: no other test uses it */
#define STRESS_CAPTURE	16	/* enough of the reply to name thread and iteration */
#define TAG_LEN		8	/* payload head: thread, iteration, "DXG" */
#define STALL_WAITS	20000	/* x 500 us: no new record for 10 s */

static const char * const knob_names[] = { "enabled", "pid", "capture_bytes", "commands" };

/* --- files --- */

/* One write() of exactly len bytes: 0, or -errno */
static int write_bytes(const char *path, const char *val, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n >= 0 && (size_t)n != len)
		return -EIO;
	return n < 0 ? (int)n : 0;
}

static int knob_write(const char *knob, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", DXGPROBE_DIR, knob);
	return write_bytes(path, val, strlen(val));
}

/* The knob's value without the newline, or "" when it cannot be read */
static const char *knob_read(const char *knob, char *buf, size_t len)
{
	char path[128], *nl;

	snprintf(path, sizeof(path), "%s/%s", DXGPROBE_DIR, knob);
	if (dxg_read_file(path, buf, len) < 0)
		buf[0] = '\0';
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return buf;
}

/* "key: value" of a file of such lines; -1 when absent */
static long long kv_num(const char *all, const char *key)
{
	size_t kl = strlen(key);
	const char *p;

	for (p = all; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ':')
			return strtoll(p + kl + 1, NULL, 0);
	return -1;
}

static long long probe_stat(const char *key)
{
	char *all = dxg_read_all(DXGPROBE_DIR "/stats");
	long long v;

	if (!all)
		return -1;
	v = kv_num(all, key);
	free(all);
	return v;
}

/*
 * Replies the probe could have lost, each counted: the reply hook's misses
 * and the records finished while still waiting for their reply.  nmissed
 * cannot be cleared, so the tests take deltas.
 */
static long long reply_nmissed(void)
{
	return probe_stat("probe___hv_pkt_iter_next_nmissed") + probe_stat("reply_wait_expired");
}

static const char *result(int ret)
{
	return ret ? dxg_errno_name(ret) : "success";
}

/* --- dxgprobe records --- */

struct ev {
	long long seq, pid, tid, size, cmd_size, trans_id, channel, reply_len, ret;
	const char *cmd, *verdict, *missing, *reply_head, *req_head;
};

struct evlist {
	char *buf;
	struct ev *v;
	int n;
};

/* One events line, split in place by the library, as the fields these tests read */
static void ev_parse(char *line, struct ev *e)
{
	struct dxgp_rec r;

	dxgp_split(line, &r);
	e->seq = dxgp_num(&r, "seq", -1);
	e->pid = dxgp_num(&r, "pid", -1);
	e->tid = dxgp_num(&r, "tid", -1);
	e->size = dxgp_num(&r, "size", -1);
	e->cmd_size = dxgp_num(&r, "cmd_size", -1);
	e->trans_id = dxgp_num(&r, "trans_id", -1);
	e->channel = dxgp_num(&r, "channel", -1);
	e->reply_len = dxgp_num(&r, "reply_len", -1);
	e->ret = dxgp_num(&r, "ret", -1);
	e->cmd = dxgp_get(&r, "cmd") ?: "";
	e->verdict = dxgp_get(&r, "verdict") ?: "";
	e->missing = dxgp_get(&r, "missing") ?: "";
	e->reply_head = dxgp_get(&r, "reply_head") ?: "";
	e->req_head = dxgp_get(&r, "req_head") ?: "";
}

/* The records of pid (every record when pid is 0) with seq > after; -errno */
static int ev_read(pid_t pid, long long after, struct evlist *l)
{
	char *line, *save = NULL;
	struct ev e;
	int cap = 64;

	memset(l, 0, sizeof(*l));
	l->buf = dxg_read_all(DXGPROBE_DIR "/events");
	l->v = malloc(cap * sizeof(*l->v));
	if (!l->buf || !l->v) {
		free(l->buf);
		free(l->v);
		return -ENOMEM;
	}
	for (line = strtok_r(l->buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		ev_parse(line, &e);
		if ((pid && e.pid != pid) || e.seq <= after)
			continue;
		if (l->n == cap) {
			struct ev *nv = realloc(l->v, 2 * cap * sizeof(*l->v));

			if (!nv)
				return -ENOMEM;
			l->v = nv;
			cap *= 2;
		}
		l->v[l->n++] = e;
	}
	return 0;
}

static void ev_free(struct evlist *l)
{
	free(l->buf);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static bool has_layer(const char *list, const char *layer)
{
	size_t n = strlen(layer);
	const char *p;

	for (p = list; (p = strstr(p, layer)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

/* Hex length of a captured head: "-" is empty */
static size_t head_len(const char *hex)
{
	return strcmp(hex, "-") ? strlen(hex) : 0;
}

static int hex_byte(const char *s)
{
	unsigned int v;

	return sscanf(s, "%2x", &v) == 1 ? (int)v : -1;
}

/* --- escapes in this process --- */

static int escape(int fd, u32 adapter, void *buf, u32 size)
{
	struct d3dkmt_escape a = {
		.adapter.v = adapter,
		.priv_drv_data = (uintptr_t)buf,
		.priv_drv_data_size = size,
	};

	return ioctl(fd, LX_DXESCAPE, &a) < 0 ? -errno : 0;
}

/* A payload that names its sender; echo answers it with byte 0 incremented */
static void tag_payload(u8 *buf, u32 size, unsigned int thread, u32 iter)
{
	dxg_fill_pattern(buf, size, iter);
	buf[0] = (u8)(2 * thread);
	memcpy(buf + 1, &iter, sizeof(iter));
	memcpy(buf + 5, "DXG", 3);
}

/* Reads an echoed tag back from a reply_head; false when it is not one */
static bool untag_reply(const char *hex, unsigned int *thread, u32 *iter)
{
	u8 b[TAG_LEN];
	int i, v;

	if (head_len(hex) < 2 * TAG_LEN)
		return false;
	for (i = 0; i < TAG_LEN; i++) {
		v = hex_byte(hex + 2 * i);
		if (v < 0)
			return false;
		b[i] = (u8)v;
	}
	if (!(b[0] & 1) || memcmp(b + 5, "DXG", 3))
		return false;
	*thread = (b[0] - 1) / 2;
	memcpy(iter, b + 1, sizeof(*iter));
	return true;
}

/* --- the fixture --- */

/* The adapter under test, open in the test process */
struct target {
	int fd;
	u32 adapter;
	struct winluid luid;
	bool sim;			/* hvsim is the host */
	bool echo;			/* the adapter's host profile is echo */
	char prof_file[16];
	char prof_saved[KNOB_LEN];	/* profile to restore, "" if untouched */
};

FIXTURE(recorder) {
	struct target t;
	char knob_saved[ARRAY_SIZE(knob_names)][KNOB_LEN];
	bool knobs_touched;
};

/* The first adapter whose host profile is echo, else the GPU set to echo */
static int pick_echo_adapter(struct __test_metadata *_metadata, struct target *t,
			     char *why, size_t len)
{
	struct dxg_adapter list[DXG_MAX_ADAPTERS];
	struct hvsim_profile p;
	int fd, n, i, pick = -1;

	fd = dxg_open();
	if (fd < 0) {
		snprintf(why, len, "cannot open %s: %s", DXG_DEV_PATH, strerror(-fd));
		return fd;
	}
	n = dxg_enum_adapters(fd, D3DKMT_ENUM_INCLUDE_COMPUTE_ONLY, list, DXG_MAX_ADAPTERS);
	if (n <= 0) {
		snprintf(why, len, "no adapter on %s (%s)", DXG_DEV_PATH,
			 n ? strerror(-n) : "none listed");
		close(fd);
		return n ? n : -ENOENT;
	}
	dxg_describe_adapters(fd, list, n, false);
	for (i = 0; i < n && pick < 0; i++)
		if (!hvsim_read_profile(hvsim_profile_file(&list[i]), &p) &&
		    p.kind == HVSIM_ECHO)
			pick = i;
	if (pick < 0) {
		for (i = 0; i < n && pick < 0; i++)
			if (!list[i].compute_only)
				pick = i;
		pick = pick < 0 ? 0 : pick;
		ASSERT_EQ(0, hvsim_read_profile(hvsim_profile_file(&list[pick]), &p));
		snprintf(t->prof_saved, sizeof(t->prof_saved), "%s", p.text);
	}
	t->luid = list[pick].luid;
	snprintf(t->prof_file, sizeof(t->prof_file), "%s",
		 hvsim_profile_file(&list[pick]));
	dxg_close_adapter_handles(fd, list, n);
	close(fd);
	return 0;
}

FIXTURE_SETUP(recorder)
{
	char why[DXG_WHY], buf[KNOB_LEN];
	struct dxg_adapter sel;
	size_t i;
	int ret;

	self->t.fd = -1;
	if (dxg_check_device(why, sizeof(why)))
		SKIP(return, "%s", why);
	if (dxg_read_file(DXGPROBE_DIR "/version", buf, sizeof(buf)) < 0)
		SKIP(return, "dxgprobe is not loaded (no %s/version)", DXGPROBE_DIR);
	if (atoi(buf) != 1)
		SKIP(return, "dxgprobe debugfs format %d; this test reads format 1", atoi(buf));

	self->t.sim = hvsim_present();
	if (self->t.sim) {
		ret = pick_echo_adapter(_metadata, &self->t, why, sizeof(why));
		if (ret)
			SKIP(return, "%s", why);
	} else {
		struct dxg_adapter_choice want = dxg_adapter_choice_env();

		ret = dxg_select_adapter(&want, &sel, why, sizeof(why));
		if (ret)
			SKIP(return, "%s", why);
		self->t.luid = sel.luid;
	}

	/* from here on the parent's teardown restores what changes */
	for (i = 0; i < ARRAY_SIZE(knob_names); i++) {
		knob_read(knob_names[i], self->knob_saved[i], KNOB_LEN);
		ASSERT_NE(0, self->knob_saved[i][0])
			TH_LOG("cannot read %s/%s", DXGPROBE_DIR, knob_names[i]);
	}
	self->knobs_touched = true;
	ASSERT_EQ(0, knob_write("enabled", "1"));
	ASSERT_EQ(0, knob_write("pid", "0"));
	ASSERT_EQ(0, knob_write("capture_bytes", "64"));
	ASSERT_EQ(0, knob_write("commands", "escape"));
	if (self->t.prof_saved[0])
		ASSERT_EQ(0, hvsim_write_profile(self->t.prof_file, "echo"))
			TH_LOG("cannot set %s/%s to echo", HVSIM_DIR, self->t.prof_file);
	self->t.echo = self->t.sim;

	self->t.fd = dxg_open();
	ASSERT_LE(0, self->t.fd) TH_LOG("open %s: %s", DXG_DEV_PATH, strerror(-self->t.fd));
	ret = dxg_open_adapter(self->t.fd, self->t.luid, &self->t.adapter);
	ASSERT_EQ(0, ret) TH_LOG("OPENADAPTERFROMLUID %s: %s",
				 dxg_luid_str(self->t.luid, why, sizeof(why)), strerror(-ret));
}

FIXTURE_TEARDOWN_PARENT(recorder)
{
	size_t i;
	int ret;

	for (i = 0; self->knobs_touched && i < ARRAY_SIZE(knob_names); i++) {
		ret = knob_write(knob_names[i], self->knob_saved[i]);
		if (ret) {
			ksft_print_msg("restoring %s to '%s': %s\n", knob_names[i],
				       self->knob_saved[i], strerror(-ret));
			_metadata->exit_code = KSFT_FAIL;
		}
	}
	if (self->t.prof_saved[0]) {
		ret = hvsim_write_profile(self->t.prof_file, self->t.prof_saved);
		if (ret) {
			ksft_print_msg("restoring %s to %s: %s\n", self->t.prof_file,
				       self->t.prof_saved, strerror(-ret));
			_metadata->exit_code = KSFT_FAIL;
		}
	}
}

static void do_escapes(struct __test_metadata *_metadata, struct target *t,
		       u32 size, int count, u32 first_iter)
{
	u8 *buf = malloc(size ? size : 1);
	int i, ret;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < count; i++) {
		tag_payload(buf, size, 0, first_iter + i);
		ret = escape(t->fd, t->adapter, size ? buf : NULL, size);
		if (t->echo)
			ASSERT_EQ(0, ret) TH_LOG("escape %d of N=%u on an echo host: %s", i, size,
						 dxg_errno_name(ret));
	}
	free(buf);
}

static void clear_records(struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, knob_write("clear", "1")) TH_LOG("writing 1 to %s/clear", DXGPROBE_DIR);
}

/* --- pid --- */

TEST_F(recorder, pid_filter_records_only_that_tgid)
{
	long long host0 = self->t.sim ? hvsim_stat("msg_ESCAPE") : 0;
	char val[KNOB_LEN], want[24];
	struct evlist l;
	pid_t me = getpid();
	int i;

	/* another live tgid that issues no escapes: the harness's parent */
	snprintf(want, sizeof(want), "%d", getppid());
	ASSERT_EQ(0, knob_write("pid", want));
	ASSERT_STREQ(want, knob_read("pid", val, sizeof(val)));
	clear_records(_metadata);
	do_escapes(_metadata, &self->t, 16, 3, 0);
	ASSERT_EQ(0, ev_read(0, -1, &l));
	ASSERT_EQ(0, l.n) TH_LOG("pid=%s: %d record(s) of pid %lld were kept", want, l.n,
				 l.n ? l.v[0].pid : 0LL);
	ev_free(&l);
	ASSERT_EQ(0, probe_stat("transactions")) TH_LOG("filtered escapes were counted");
	if (self->t.sim)
		ASSERT_EQ(host0 + 3, hvsim_stat("msg_ESCAPE"))
			TH_LOG("the 3 escapes must still reach the host");

	snprintf(want, sizeof(want), "%d", me);
	ASSERT_EQ(0, knob_write("pid", want));
	ASSERT_STREQ(want, knob_read("pid", val, sizeof(val)));
	do_escapes(_metadata, &self->t, 16, 3, 0);
	ASSERT_EQ(0, ev_read(0, -1, &l));
	ASSERT_EQ(3, l.n) TH_LOG("pid=%s: want the 3 escapes of this process, got %d", want, l.n);
	for (i = 0; i < l.n; i++) {
		EXPECT_EQ(me, l.v[i].pid);
		EXPECT_EQ(gettid(), l.v[i].tid);
		EXPECT_STREQ("escape", l.v[i].cmd);
	}
	ev_free(&l);

	ASSERT_EQ(0, knob_write("pid", "0"));
	ASSERT_STREQ("0", knob_read("pid", val, sizeof(val)));
	do_escapes(_metadata, &self->t, 16, 1, 0);
	ASSERT_EQ(0, ev_read(me, -1, &l));
	ASSERT_EQ(4, l.n) TH_LOG("pid=0 records everyone again");
	ev_free(&l);
}

/* --- capture_bytes --- */

TEST_F(recorder, capture_bytes_bounds_request_and_reply_heads)
{
	static const unsigned int caps[] = { 0, 4, 64, 4096 };
	static const u32 sizes[] = { 100, 5000 };	/* reply shorter and longer than 4096 */
	size_t ci, si, want, i;
	char val[KNOB_LEN], num[16];
	unsigned int cap;
	struct evlist l;
	long long seq;
	u8 *buf, *sent;
	int ret, b;

	for (ci = 0; ci < ARRAY_SIZE(caps); ci++) {
		cap = caps[ci];
		snprintf(num, sizeof(num), "%u", cap);
		ASSERT_EQ(0, knob_write("capture_bytes", num));
		ASSERT_STREQ(num, knob_read("capture_bytes", val, sizeof(val)));
		for (si = 0; si < ARRAY_SIZE(sizes); si++) {
			buf = malloc(sizes[si]);
			sent = malloc(sizes[si]);
			ASSERT_TRUE(buf && sent);
			tag_payload(sent, sizes[si], 0, (u32)(ci * 10 + si));
			memcpy(buf, sent, sizes[si]);
			seq = dxgp_last_seq();
			ret = escape(self->t.fd, self->t.adapter, buf, sizes[si]);
			ASSERT_EQ(0, ev_read(getpid(), seq, &l));
			ASSERT_EQ(1, l.n) TH_LOG("capture_bytes=%u N=%u: want 1 record, got %d",
						 cap, sizes[si], l.n);
			if (self->t.echo)
				ASSERT_EQ(0, ret);
			ASSERT_EQ(ret, l.v[0].ret);
			ASSERT_LE(0, l.v[0].cmd_size) TH_LOG("no message layer in the record");
			want = 2 * (cap < l.v[0].cmd_size ? cap : l.v[0].cmd_size);
			EXPECT_EQ(want, head_len(l.v[0].req_head))
				TH_LOG("capture_bytes=%u cmd_size=%lld: req_head has %zu digits",
				       cap, l.v[0].cmd_size, head_len(l.v[0].req_head));
			if (l.v[0].reply_len >= 0) {
				want = 2 * (cap < l.v[0].reply_len ? cap : l.v[0].reply_len);
				EXPECT_EQ(want, head_len(l.v[0].reply_head))
					TH_LOG("capture_bytes=%u reply_len=%lld: reply_head %zu",
					       cap, l.v[0].reply_len, head_len(l.v[0].reply_head));
			}
			if (self->t.echo) {
				ASSERT_LE(sizes[si], l.v[0].reply_len);
				/* the bytes captured are the reply: the payload, byte 0 + 1 */
				want = head_len(l.v[0].reply_head) / 2;
				for (i = 0; i < want && i < sizes[si]; i++) {
					b = hex_byte(l.v[0].reply_head + 2 * i);
					ASSERT_EQ((u8)(sent[i] + !i), b)
						TH_LOG("N=%u reply_head byte %zu", sizes[si], i);
				}
			}
			ev_free(&l);
			free(buf);
			free(sent);
		}
	}
}

/* --- commands --- */

/* A child: open /dev/dxg, one escape, close; its records carry its pid */
static pid_t child_session(struct __test_metadata *_metadata, struct target *t)
{
	u8 buf[16] = { 1, 2, 3 };
	int status, fd, ret = 0;
	u32 h;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		fd = dxg_open();
		if (fd < 0)
			_exit(10);
		if (dxg_open_adapter(fd, t->luid, &h))
			_exit(11);
		ret = escape(fd, h, buf, sizeof(buf));
		dxg_close_adapter(fd, h);
		close(fd);
		_exit(ret && t->echo ? 12 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("child session failed: status 0x%x (10 open, 11 adapter, 12 escape)",
		       status);
	return pid;
}

static bool has_cmd(const struct evlist *l, const char *cmd)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].cmd, cmd))
			return true;
	return false;
}

TEST_F(recorder, commands_all_records_process_messages)
{
	char val[KNOB_LEN], names[512] = "";
	struct evlist l;
	pid_t child;
	int i;

	ASSERT_EQ(0, knob_write("commands", "all"));
	ASSERT_STREQ("all", knob_read("commands", val, sizeof(val)));
	child = child_session(_metadata, &self->t);
	/*
	 * The last command may wait for an ntstatus2int() that never comes:
	 * readers finish it only after DXGPROBE_PARK_MAX_NS (1 s), so that
	 * reading never cuts a record short.
	 */
	for (i = 0;; i++) {
		ASSERT_EQ(0, ev_read(child, -1, &l));
		if (has_cmd(&l, "destroyprocess") || i == 50)
			break;
		ev_free(&l);
		usleep(100000);
	}
	for (i = 0; i < l.n; i++) {
		snprintf(names + strlen(names), sizeof(names) - strlen(names), " %s(%s)",
			 l.v[i].cmd, l.v[i].verdict);
		EXPECT_NE(0, strcmp(l.v[i].cmd, "-")) TH_LOG("record %lld has no cmd", l.v[i].seq);
		EXPECT_NE(0, strncmp(l.v[i].cmd, "cmd_", 4))
			TH_LOG("record %lld: command without a name: %s", l.v[i].seq, l.v[i].cmd);
	}
	ksft_print_msg("commands=all, child %d:%s\n", child, names);
	EXPECT_TRUE(has_cmd(&l, "createprocess")) TH_LOG("open of /dev/dxg: %s", names);
	EXPECT_TRUE(has_cmd(&l, "escape")) TH_LOG("%s", names);
	EXPECT_TRUE(has_cmd(&l, "destroyprocess")) TH_LOG("last close of /dev/dxg: %s", names);
	ev_free(&l);

	ASSERT_EQ(0, knob_write("commands", "escape"));
	ASSERT_STREQ("escape", knob_read("commands", val, sizeof(val)));
	child = child_session(_metadata, &self->t);
	ASSERT_EQ(0, ev_read(child, -1, &l));
	ASSERT_EQ(1, l.n) TH_LOG("commands=escape: want only the escape, got %d records", l.n);
	ASSERT_STREQ("escape", l.v[0].cmd);
	ev_free(&l);
}

/* --- bad writes --- */

struct bad_write {
	const char *knob;
	const char *good;	/* set first; must survive every bad write */
	const char *bad[6];
};

TEST_F(recorder, bad_knob_writes_are_einval_and_change_nothing)
{
	static const struct bad_write cases[] = {
		{ "enabled", "0", { "2", "-1", "x", "", "\n", "1x" } },
		{ "pid", "4242", { "-1", "4194305", "99999999999999999999", "abc", "", "12 3" } },
		{ "capture_bytes", "17", { "4097", "-1", "", "\n", "64k", "99999999999" } },
		{ "commands", "all", { "some", "", "escapes", "al", "all escape", "\n" } },
	};
	static const char * const bad_clear[] = { "0", "x", "2", "", "-1", "1x" };
	char val[KNOB_LEN];
	long long seq, tx;
	struct evlist l;
	size_t c, i;
	int ret;

	for (c = 0; c < ARRAY_SIZE(cases); c++) {
		ASSERT_EQ(0, knob_write(cases[c].knob, cases[c].good))
			TH_LOG("a valid write to %s", cases[c].knob);
		for (i = 0; i < ARRAY_SIZE(cases[c].bad) && cases[c].bad[i]; i++) {
			ret = knob_write(cases[c].knob, cases[c].bad[i]);
			EXPECT_EQ(-EINVAL, ret)
				TH_LOG("%s <- '%s': want EINVAL, got %s", cases[c].knob,
				       cases[c].bad[i], result(ret));
			EXPECT_STREQ(cases[c].good, knob_read(cases[c].knob, val, sizeof(val)))
				TH_LOG("%s changed by the bad write '%s'", cases[c].knob,
				       cases[c].bad[i]);
		}
	}
	ASSERT_EQ(0, knob_write("enabled", "1\n")) TH_LOG("a trailing newline is valid");
	ASSERT_EQ(0, knob_write("pid", "0"));

	/* clear: a bad write must keep the records and the counters */
	do_escapes(_metadata, &self->t, 16, 1, 0);
	seq = dxgp_last_seq();
	tx = probe_stat("transactions");
	ASSERT_LE(0, seq);
	ASSERT_LT(0, tx);
	for (i = 0; i < ARRAY_SIZE(bad_clear); i++) {
		ret = knob_write("clear", bad_clear[i]);
		EXPECT_EQ(-EINVAL, ret) TH_LOG("clear <- '%s': want EINVAL, got %s",
					       bad_clear[i], result(ret));
		EXPECT_EQ(seq, dxgp_last_seq()) TH_LOG("clear <- '%s' dropped records",
						       bad_clear[i]);
		EXPECT_EQ(tx, probe_stat("transactions"))
			TH_LOG("clear <- '%s' reset the counters", bad_clear[i]);
	}
	clear_records(_metadata);
	ASSERT_EQ(0, ev_read(0, -1, &l));
	ASSERT_EQ(0, l.n) TH_LOG("clear <- 1 must drop every record");
	ev_free(&l);
	ASSERT_EQ(0, probe_stat("transactions"));
}

/* --- ring wrap --- */

TEST_F_TIMEOUT(recorder, ring_wrap_drops_exactly_the_oldest, 120)
{
	char val[32];
	struct evlist l;
	unsigned int t;
	long long ring;
	int i;
	u32 iter;

	ASSERT_LT(0, dxg_read_file(RING_SIZE_PARAM, val, sizeof(val)))
		TH_LOG("cannot read %s", RING_SIZE_PARAM);
	ring = atoll(val);
	if (ring > WRAP_MAX_RING)
		SKIP(return, "ring_size=%lld: reload dxgprobe with ring_size=16", ring);
	if (!self->t.echo)
		SKIP(return, "needs a host that answers every escape (hvsim, profile echo)");

	snprintf(val, sizeof(val), "%d", getpid());
	ASSERT_EQ(0, knob_write("pid", val));
	clear_records(_metadata);
	do_escapes(_metadata, &self->t, 16, (int)ring + WRAP_EXTRA, 0);

	ASSERT_EQ(0, ev_read(0, -1, &l));
	ASSERT_EQ(ring, l.n) TH_LOG("%lld escapes in a ring of %lld", ring + WRAP_EXTRA, ring);
	for (i = 0; i < l.n; i++) {
		/* the newest stay: escapes WRAP_EXTRA .. ring + WRAP_EXTRA - 1, in order */
		ASSERT_TRUE(untag_reply(l.v[i].reply_head, &t, &iter))
			TH_LOG("record %lld: reply_head %s", l.v[i].seq, l.v[i].reply_head);
		ASSERT_EQ((u32)(WRAP_EXTRA + i), iter) TH_LOG("record %d of the ring", i);
		if (i)
			ASSERT_EQ(l.v[i - 1].seq + 1, l.v[i].seq) TH_LOG("a gap in seq");
	}
	ev_free(&l);
	ASSERT_EQ(WRAP_EXTRA, probe_stat("ring_drops"));
	ASSERT_EQ(ring, probe_stat("ring_records"));
	ASSERT_EQ(ring + WRAP_EXTRA, probe_stat("transactions"));
}

/* --- 8 threads --- */

struct stress {
	int fd;
	u32 adapter;
	int n;
	int budget;		/* escapes begun and not yet read back, at most */
	int begun;
	int stalled;		/* the records stopped coming: throttling gave up */
	pthread_barrier_t go;
	int threads;
	pid_t tid[STRESS_THREADS_MAX];
	int errors;		/* failed escapes, all threads */
	int first_err;
	/* the collector's copy of the records */
	int done;
	struct srec *rec;
	int nrec, cap;
	long long last_seq;
	int read_err;
};

struct srec {
	long long seq, pid, tid, size, trans_id, channel, ret;
	bool ok, escape, missing_reply, missing_other, tagged;
	unsigned int thread;
	u32 iter;
};

struct worker {
	struct stress *s;
	unsigned int idx;
};

static void *stress_worker(void *arg)
{
	struct worker *w = arg;
	struct stress *s = w->s;
	u8 buf[STRESS_SIZE];
	int k, ret, wait;

	s->tid[w->idx] = gettid();
	pthread_barrier_wait(&s->go);
	for (k = 0; k < s->n; k++) {
		/* the reader keeps up with the ring, so that none is dropped unread */
		for (wait = 0; __atomic_load_n(&s->begun, __ATOMIC_ACQUIRE) -
			       __atomic_load_n(&s->nrec, __ATOMIC_ACQUIRE) >= s->budget &&
			       !__atomic_load_n(&s->stalled, __ATOMIC_ACQUIRE); wait++) {
			if (wait == STALL_WAITS)
				__atomic_store_n(&s->stalled, 1, __ATOMIC_RELEASE);
			usleep(500);
		}
		__atomic_fetch_add(&s->begun, 1, __ATOMIC_ACQ_REL);
		tag_payload(buf, sizeof(buf), w->idx, (u32)k);
		ret = escape(s->fd, s->adapter, buf, sizeof(buf));
		if (ret && !__atomic_fetch_add(&s->errors, 1, __ATOMIC_RELAXED))
			s->first_err = ret;
	}
	return NULL;
}

/* Appends the records newer than the last one kept */
static int stress_collect(struct stress *s)
{
	struct evlist l;
	struct srec *r;
	int i, ret;

	ret = ev_read(0, s->last_seq, &l);
	if (ret)
		return ret;
	for (i = 0; i < l.n; i++) {
		if (s->nrec == s->cap) {
			r = realloc(s->rec, 2 * s->cap * sizeof(*r));
			if (!r) {
				ev_free(&l);
				return -ENOMEM;
			}
			s->rec = r;
			s->cap *= 2;
		}
		r = &s->rec[s->nrec];
		r->seq = l.v[i].seq;
		r->pid = l.v[i].pid;
		r->tid = l.v[i].tid;
		r->size = l.v[i].size;
		r->trans_id = l.v[i].trans_id;
		r->channel = l.v[i].channel;
		r->ret = l.v[i].ret;
		r->ok = !strcmp(l.v[i].verdict, "ok");
		r->escape = !strcmp(l.v[i].cmd, "escape");
		r->missing_reply = has_layer(l.v[i].missing, "reply");
		r->missing_other = strcmp(l.v[i].missing, "-") && strcmp(l.v[i].missing, "reply");
		r->tagged = untag_reply(l.v[i].reply_head, &r->thread, &r->iter);
		s->last_seq = r->seq;
		__atomic_store_n(&s->nrec, s->nrec + 1, __ATOMIC_RELEASE);
	}
	ev_free(&l);
	return 0;
}

/* Reads events while the workers run, so that a ring smaller than 8 x N loses nothing */
static void *stress_collector(void *arg)
{
	struct stress *s = arg;
	int before;

	while (!__atomic_load_n(&s->done, __ATOMIC_ACQUIRE) && !s->read_err) {
		before = s->nrec;
		s->read_err = stress_collect(s);
		if (s->nrec == before)
			usleep(1000);
	}
	return NULL;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int env_int(const char *name, int def, int lo, int hi)
{
	const char *env = getenv(name);
	long v;

	if (!env || !*env)
		return def;
	v = strtol(env, NULL, 10);
	return v < lo ? lo : v > hi ? hi : (int)v;
}

static int stress_n(void)
{
	return env_int("DXGPROBE_STRESS_N", 1000, 1, 100000);
}

static int stress_threads(void)
{
	return env_int("DXGPROBE_STRESS_THREADS", 8, 1, STRESS_THREADS_MAX);
}

/* Every logged ESCAPE of the stress size carries a trans_id of one record */
static void check_host_log(struct __test_metadata *_metadata, long long after,
			   const long long *ids, int nids)
{
	char *all = dxg_read_all(HVSIM_DIR "/packets"), *line, *save = NULL, *p;
	long long seq, tid;
	int logged = 0;
	char pat[24];

	ASSERT_NE(NULL, all) TH_LOG("cannot read %s/packets", HVSIM_DIR);
	snprintf(pat, sizeof(pat), " esc_size=%d", STRESS_SIZE);
	for (line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		seq = strtoll(line + 4, NULL, 10);
		if (seq <= after || !strstr(line, " msg=ESCAPE ") || !strstr(line, pat))
			continue;
		p = strstr(line, " trans_id=");
		ASSERT_NE(NULL, p) TH_LOG("%s", line);
		tid = strtoll(p + 10, NULL, 10);
		ASSERT_NE(NULL, bsearch(&tid, ids, nids, sizeof(*ids), cmp_ll))
			TH_LOG("host packet with no record: %s", line);
		ASSERT_NE(NULL, strstr(line, " reply_len=24 ")) TH_LOG("%s", line);
		logged++;
	}
	free(all);
	ASSERT_LT(0, logged) TH_LOG("the host's packet log holds none of the escapes");
	ksft_print_msg("%d escapes still in hvsim's packet log, each matched by trans_id\n",
		       logged);
}

TEST_F_TIMEOUT(recorder, threads_lose_and_mismatch_no_transaction, 280)
{
	long long nmissed0, host0 = 0, pkt0 = 0, *ids, ring;
	struct worker w[STRESS_THREADS_MAX];
	pthread_t th[STRESS_THREADS_MAX], coll;
	struct stress s = { .last_seq = -1, .cap = 1024 };
	int i, j, total, missing_reply = 0, nids = 0, per[STRESS_THREADS_MAX] = { 0 };
	long long waits0;
	bool *iter_seen;
	char val[32];

	if (!self->t.echo)
		SKIP(return, "needs a host that answers every escape (hvsim, profile echo)");
	s.fd = self->t.fd;
	s.adapter = self->t.adapter;
	s.n = stress_n();
	s.threads = stress_threads();
	total = s.threads * s.n;
	s.rec = malloc(s.cap * sizeof(*s.rec));
	ASSERT_NE(NULL, s.rec);
	ASSERT_LT(0, dxg_read_file(RING_SIZE_PARAM, val, sizeof(val)));
	ring = atoll(val);
	s.budget = ring > 2 * s.threads ? ring / 2 : s.threads;
	if (s.budget >= ring)
		SKIP(return, "ring_size=%lld: at least %d needed to read %d threads back",
		     ring, s.threads + 1, s.threads);

	snprintf(val, sizeof(val), "%d", getpid());
	ASSERT_EQ(0, knob_write("pid", val));
	snprintf(val, sizeof(val), "%d", STRESS_CAPTURE);
	ASSERT_EQ(0, knob_write("capture_bytes", val));
	clear_records(_metadata);
	nmissed0 = reply_nmissed();
	waits0 = probe_stat("reply_waits");
	host0 = hvsim_stat("msg_ESCAPE");
	pkt0 = hvsim_last_packet();

	ASSERT_EQ(0, pthread_barrier_init(&s.go, NULL, s.threads));
	ASSERT_EQ(0, pthread_create(&coll, NULL, stress_collector, &s));
	for (i = 0; i < s.threads; i++) {
		w[i].s = &s;
		w[i].idx = i;
		ASSERT_EQ(0, pthread_create(&th[i], NULL, stress_worker, &w[i]));
	}
	for (i = 0; i < s.threads; i++)
		pthread_join(th[i], NULL);
	__atomic_store_n(&s.done, 1, __ATOMIC_RELEASE);
	pthread_join(coll, NULL);
	ASSERT_EQ(0, s.read_err) TH_LOG("reading events: %s", strerror(-s.read_err));
	ASSERT_EQ(0, stress_collect(&s));

	EXPECT_FALSE(s.stalled) TH_LOG("no new record for %d s: escapes are not recorded",
				       STALL_WAITS / 2000);
	ASSERT_EQ(0, s.errors) TH_LOG("%d escapes failed, the first with %s", s.errors,
				      dxg_errno_name(s.first_err));
	ksft_print_msg("%d threads x %d escapes: %d records read, ring_size %lld, drops %lld\n",
		       s.threads, s.n, s.nrec, ring, probe_stat("ring_drops"));
	ASSERT_EQ(total, probe_stat("transactions"));
	ASSERT_EQ(total, probe_stat("verdict_ok"));
	ASSERT_EQ(0, probe_stat("pool_exhausted"));
	ASSERT_EQ(total, hvsim_stat("msg_ESCAPE") - host0) TH_LOG("escapes the host took");
	/* reading does not consume: the ring still wraps, and counts it exactly */
	ASSERT_EQ(total - probe_stat("ring_records"), probe_stat("ring_drops"));
	ASSERT_EQ(total, s.nrec) TH_LOG("every escape has exactly one record");

	ids = malloc(total * sizeof(*ids));
	ASSERT_NE(NULL, ids);
	iter_seen = calloc(total, sizeof(*iter_seen));
	ASSERT_NE(NULL, iter_seen);
	for (j = 0; j < s.nrec; j++) {
		struct srec *r = &s.rec[j];

		if (j)
			ASSERT_EQ(s.rec[j - 1].seq + 1, r->seq) TH_LOG("a gap in seq");
		for (i = 0; i < s.threads && s.tid[i] != r->tid; i++)
			;
		ASSERT_LT(i, s.threads) TH_LOG("record %lld of an unknown tid %lld",
					       r->seq, r->tid);
		ASSERT_EQ(getpid(), r->pid);
		ASSERT_TRUE(r->escape);
		ASSERT_EQ(STRESS_SIZE, r->size) TH_LOG("record %lld", r->seq);
		ASSERT_TRUE(r->ok && r->ret == 0) TH_LOG("record %lld: verdict not ok", r->seq);
		ASSERT_FALSE(r->missing_other) TH_LOG("record %lld misses a layer", r->seq);
		ASSERT_EQ(s.rec[0].channel, r->channel) TH_LOG("record %lld", r->seq);
		if (r->missing_reply) {
			missing_reply++;
		} else {
			/* the reply is this thread's own, for this iteration */
			ASSERT_TRUE(r->tagged) TH_LOG("record %lld: reply_head unreadable", r->seq);
			ASSERT_EQ((unsigned int)i, r->thread)
				TH_LOG("record %lld: tid of thread %d, reply of %u", r->seq, i,
				       r->thread);
			/* each iteration once; a record waiting for its reply may end later */
			ASSERT_LT(r->iter, (u32)s.n) TH_LOG("record %lld, thread %d", r->seq, i);
			ASSERT_FALSE(iter_seen[i * s.n + r->iter])
				TH_LOG("record %lld: thread %d iteration %u twice", r->seq, i,
				       r->iter);
			iter_seen[i * s.n + r->iter] = true;
		}
		per[i]++;
		ASSERT_LE(0, r->trans_id);
		ids[nids++] = r->trans_id;
	}
	for (i = 0; i < s.threads; i++)
		ASSERT_EQ(s.n, per[i]) TH_LOG("thread %d", i);
	qsort(ids, nids, sizeof(*ids), cmp_ll);
	for (j = 1; j < nids; j++)
		ASSERT_NE(ids[j - 1], ids[j]) TH_LOG("trans_id %lld in two records", ids[j]);
	ksft_print_msg("missing=reply in %d of %d records, replies counted lost %lld, %s %lld\n",
		       missing_reply, total, reply_nmissed() - nmissed0,
		       "seen after the waiter returned", probe_stat("reply_waits") - waits0);
	ASSERT_LE(missing_reply, reply_nmissed() - nmissed0)
		TH_LOG("a record misses its reply without a counted miss");
	check_host_log(_metadata, pkt0, ids, nids);
	free(iter_seen);
	free(ids);
	free(s.rec);
	pthread_barrier_destroy(&s.go);
}

TEST_HARNESS_MAIN
