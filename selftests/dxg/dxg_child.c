// SPDX-License-Identifier: GPL-2.0
/*
 * dxg selftest library: one escape in a child process under a watchdog.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "dxg_child.h"
#include "dxg_device.h"
#include "dxg_status.h"
#include "dxgp_records.h"

int dxg_escape_timeout(void)
{
	const char *s = getenv("DXG_ESCAPE_TIMEOUT");
	char *end;
	long v;

	if (!s || !*s)
		return 10;
	v = strtol(s, &end, 10);
	return (*end || v < 1 || v > 3600) ? 10 : (int)v;
}

struct esc_shared {
	int	ret;
	int	setup_ret;
	int	step;		/* 0 none, 1 open, 2 open adapter, 3 ioctl returned */
};

static const char * const esc_steps[] = { "start", "open /dev/dxg", "open adapter", "escape" };

/*
 * The child: its own /dev/dxg (the fd is bound to the opener's process),
 * its own adapter handle, one escape.  The buffer and the results live in
 * shared mappings so that nothing has to be copied back over a pipe.
 */
static void esc_child(struct dxg_esc *e, struct esc_shared *sh, u8 *buf, void *bad)
{
	struct d3dkmt_escape args = {};
	u32 handle;
	int fd, ret;

	sh->step = 1;
	fd = dxg_open();
	if (fd < 0) {
		sh->setup_ret = fd;
		_exit(3);
	}
	sh->step = 2;
	ret = dxg_open_adapter(fd, e->luid, &handle);
	if (ret) {
		sh->setup_ret = ret;
		_exit(3);
	}
	args.adapter.v = handle;
	args.type = e->type;
	args.flags = e->flags;
	args.priv_drv_data = (uintptr_t)(e->bad_pointer ? bad : (e->size ? buf : NULL));
	args.priv_drv_data_size = e->size;
	ret = dxg_ioctl(fd, LX_DXESCAPE, &args);
	sh->ret = ret;
	__atomic_store_n(&sh->step, 3, __ATOMIC_RELEASE);
	_exit(0);
}

int dxg_escape_run(struct dxg_esc *e)
{
	size_t maplen = e->size ? e->size : 1;
	struct esc_shared *sh;
	double start, deadline;
	int status = 0, tmo;
	u8 *buf;
	void *bad;
	pid_t w;

	e->outcome = DXG_ESC_CRASHED;
	e->ret = 0;
	e->setup_step = NULL;
	e->setup_ret = 0;
	e->sent = malloc(maplen);
	if (!e->sent)
		return -ENOMEM;
	if (e->payload)
		memcpy(e->sent, e->payload, e->size);
	else
		dxg_fill_pattern(e->sent, e->size, e->size);

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	buf = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || buf == MAP_FAILED || bad == MAP_FAILED)
		return -ENOMEM;
	memset(sh, 0, sizeof(*sh));
	memcpy(buf, e->sent, e->size);
	e->probe_seq = dxgp_last_seq();

	fflush(stdout);
	fflush(stderr);
	start = dxg_now_secs();
	e->pid = fork();
	if (e->pid < 0)
		return -errno;
	if (e->pid == 0)
		esc_child(e, sh, buf, bad);

	tmo = dxg_escape_timeout();
	deadline = start + tmo;
	for (;;) {
		w = waitpid(e->pid, &status, WNOHANG);
		if (w == e->pid)
			break;
		if (w < 0 && errno != EINTR)
			return -errno;
		if (dxg_now_secs() >= deadline) {
			/* wait_for_completion_killable(): SIGKILL is the only way out */
			kill(e->pid, SIGKILL);
			deadline = dxg_now_secs() + 10;
			while (waitpid(e->pid, &status, WNOHANG) == 0 && dxg_now_secs() < deadline)
				usleep(10000);
			e->outcome = DXG_ESC_HUNG;
			break;
		}
		usleep(e->size > 65536 ? 10000 : 2000);
	}
	e->secs = dxg_now_secs() - start;

	if (e->outcome != DXG_ESC_HUNG) {
		if (__atomic_load_n(&sh->step, __ATOMIC_ACQUIRE) == 3) {
			e->outcome = DXG_ESC_DONE;
			e->ret = sh->ret;
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
			e->outcome = DXG_ESC_SETUP_FAILED;
			e->setup_step = esc_steps[sh->step];
			e->setup_ret = sh->setup_ret;
		} else {
			e->outcome = DXG_ESC_CRASHED;
		}
	}
	e->buf = malloc(maplen);
	if (e->buf)
		memcpy(e->buf, buf, maplen);
	munmap(sh, sizeof(*sh));
	munmap(buf, maplen);
	munmap(bad, 4096);
	return e->buf ? 0 : -ENOMEM;
}

void dxg_escape_free(struct dxg_esc *e)
{
	free(e->sent);
	free(e->buf);
	e->sent = NULL;
	e->buf = NULL;
}

const char *dxg_esc_outcome_str(const struct dxg_esc *e, char *buf, size_t len)
{
	switch (e->outcome) {
	case DXG_ESC_DONE:
		snprintf(buf, len, "%d %s", e->ret, e->ret ? dxg_errno_name(e->ret) : "(ok)");
		break;
	case DXG_ESC_HUNG:
		snprintf(buf, len, "no answer within %d s (DXG_ESCAPE_TIMEOUT): child %d killed",
			 dxg_escape_timeout(), e->pid);
		break;
	case DXG_ESC_SETUP_FAILED:
		snprintf(buf, len, "child could not %s: %s", e->setup_step,
			 strerror(-e->setup_ret));
		break;
	default:
		snprintf(buf, len, "child %d died without a result", e->pid);
		break;
	}
	return buf;
}
