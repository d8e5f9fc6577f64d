// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of the dxg selftests.  Plain libc, no harness: the programs
 * turn the results into ASSERTs and SKIPs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "dxg_lib.h"

/* Misc */

int dxg_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	return n;
}

static int write_file(const char *path, const char *text)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

void dxg_fill_pattern(u8 *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(seed + i * 7 + (i >> 8));
}

static double now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* /dev/dxg */

int dxg_open(void)
{
	int fd = open(DXG_DEV_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int dxg_check_device(char *why, size_t len)
{
	int fd;

	if (access(DXG_DEV_PATH, F_OK)) {
		snprintf(why, len, "%s does not exist (no dxgkrnl, or no Hyper-V VMBus)",
			 DXG_DEV_PATH);
		return -ENOENT;
	}
	fd = dxg_open();
	if (fd < 0) {
		snprintf(why, len, "cannot open %s: %s%s", DXG_DEV_PATH, strerror(-fd),
			 fd == -EBADF ? " (no GPU-PV: the host offers no global channel)" : "");
		return fd;
	}
	close(fd);
	return 0;
}

/* Adapters */

const char *dxg_luid_str(struct winluid luid, char *buf, size_t len)
{
	snprintf(buf, len, "0x%x:0x%08x", luid.b, luid.a);
	return buf;
}

/* "hi:lo" (each hex, 0x optional) or one 64-bit number "0x..." */
int dxg_parse_luid(const char *s, struct winluid *luid)
{
	unsigned long long hi, lo, v;
	char *end;

	errno = 0;
	if (strchr(s, ':')) {
		hi = strtoull(s, &end, 16);
		if (*end != ':' || errno)
			return -EINVAL;
		lo = strtoull(end + 1, &end, 16);
		if (*end || errno || hi > 0xffffffffull || lo > 0xffffffffull)
			return -EINVAL;
	} else {
		v = strtoull(s, &end, 0);
		if (*end || end == s || errno)
			return -EINVAL;
		hi = v >> 32;
		lo = v & 0xffffffffull;
	}
	luid->a = (u32)lo;
	luid->b = (u32)hi;
	return 0;
}

static int xioctl(int fd, unsigned long code, void *arg)
{
	return ioctl(fd, code, arg) < 0 ? -errno : 0;
}

int dxg_open_adapter(int fd, struct winluid luid, u32 *handle)
{
	struct d3dkmt_openadapterfromluid a = { .adapter_luid = luid };
	int ret = xioctl(fd, LX_DXOPENADAPTERFROMLUID, &a);

	if (!ret)
		*handle = a.adapter_handle.v;
	return ret;
}

int dxg_close_adapter(int fd, u32 handle)
{
	struct d3dkmt_closeadapter c = { .adapter_handle.v = handle };

	return xioctl(fd, LX_DXCLOSEADAPTER, &c);
}

int dxg_query_adapter_type(int fd, u32 handle, u32 *bits)
{
	struct d3dkmt_queryadapterinfo q = {
		.adapter.v = handle,
		.type = KMTQAITYPE_ADAPTERTYPE,
		.private_data = (uintptr_t)bits,
		.private_data_size = sizeof(*bits),
	};

	*bits = 0;
	return xioctl(fd, LX_DXQUERYADAPTERINFO, &q);
}

/* ENUMADAPTERS3 with the given filter; opens a handle to every adapter listed */
int dxg_enum_adapters(int fd, u64 filter, struct dxg_adapter *out, int max)
{
	struct d3dkmt_adapterinfo info[DXG_MAX_ADAPTERS] = {};
	struct d3dkmt_enumadapters3 e = { .filter = filter };
	int ret, i;

	/* count first: dxgkrnl does not bound the list by adapter_count */
	ret = xioctl(fd, LX_DXENUMADAPTERS3, &e);
	if (ret)
		return ret;
	if (!e.adapter_count)
		return 0;
	if (e.adapter_count > DXG_MAX_ADAPTERS)
		return -E2BIG;
	e.adapters = (uintptr_t)info;
	ret = xioctl(fd, LX_DXENUMADAPTERS3, &e);
	if (ret)
		return ret;
	for (i = 0; i < (int)e.adapter_count && i < max; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].luid = info[i].adapter_luid;
		out[i].handle = info[i].adapter_handle.v;
	}
	for (; i < (int)e.adapter_count; i++)
		dxg_close_adapter(fd, info[i].adapter_handle.v);
	return e.adapter_count < (u32)max ? (int)e.adapter_count : max;
}

void dxg_close_adapter_handles(int fd, const struct dxg_adapter *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i].handle)
			dxg_close_adapter(fd, list[i].handle);
}

static int read_hex_file(const char *path, unsigned long *v)
{
	char buf[32];
	char *end;

	if (dxg_read_file(path, buf, sizeof(buf)) <= 0)
		return -ENOENT;
	*v = strtoul(buf, &end, 16);
	return end == buf ? -EINVAL : 0;
}

/*
 * dxgkrnl names an adapter by the first 8 bytes of the VMBus channel
 * instance GUID that the vGPU PCI function carries at config offset 192;
 * root can read that from sysfs on WSL2 and on the simulated host alike.
 */
static void find_pci_function(struct dxg_adapter *a)
{
	char path[300];
	u8 cfg[256];
	struct dirent *d;
	unsigned long ven, dev;
	struct winluid luid;
	DIR *dir;
	ssize_t n;
	int fd;

	dir = opendir("/sys/bus/pci/devices");
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", d->d_name);
		if (read_hex_file(path, &ven) || ven != 0x1414)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", d->d_name);
		if (read_hex_file(path, &dev))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", d->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = pread(fd, cfg, sizeof(cfg), 0);
		close(fd);
		if (n < 200)
			continue;
		memcpy(&luid, cfg + 192, sizeof(luid));
		if (luid.a == a->luid.a && luid.b == a->luid.b) {
			snprintf(a->pci_slot, sizeof(a->pci_slot), "%.63s", d->d_name);
			a->pci_vendor = (u16)ven;
			a->pci_device = (u16)dev;
			break;
		}
	}
	closedir(dir);
}

static void query_phys_ids(int fd, struct dxg_adapter *a)
{
	struct d3dkmt_query_device_ids ids = {};
	struct d3dkmt_queryadapterinfo q = {
		.adapter.v = a->handle,
		.type = KMTQAITYPE_PHYSICALADAPTERDEVICEIDS,
		.private_data = (uintptr_t)&ids,
		.private_data_size = sizeof(ids),
	};

	if (!xioctl(fd, LX_DXQUERYADAPTERINFO, &q) && ids.device_ids.vendor_id) {
		a->has_phys = true;
		a->phys_vendor = (u16)ids.device_ids.vendor_id;
		a->phys_device = (u16)ids.device_ids.device_id;
	}
}

/* Fills in what the driver and sysfs say about adapters listed with compute-only ones */
int dxg_describe_adapters(int fd, struct dxg_adapter *list, int n, bool query_phys)
{
	struct dxg_adapter dflt[DXG_MAX_ADAPTERS];
	int nd, i, j;

	nd = dxg_enum_adapters(fd, 0, dflt, DXG_MAX_ADAPTERS);
	if (nd < 0)
		return nd;
	for (i = 0; i < n; i++) {
		list[i].listed_default = false;
		for (j = 0; j < nd; j++)
			if (dflt[j].luid.a == list[i].luid.a && dflt[j].luid.b == list[i].luid.b)
				list[i].listed_default = true;
		list[i].compute_only = !list[i].listed_default;
		list[i].type_ret = dxg_query_adapter_type(fd, list[i].handle, &list[i].type_bits);
		find_pci_function(&list[i]);
		if (query_phys)
			query_phys_ids(fd, &list[i]);
	}
	dxg_close_adapter_handles(fd, dflt, nd);
	return 0;
}

static int parse_pci(const char *s, u16 *ven, u16 *dev)
{
	unsigned int v, d;
	char c;

	if (sscanf(s, "%x:%x%c", &v, &d, &c) != 2 || v > 0xffff || d > 0xffff)
		return -EINVAL;
	*ven = (u16)v;
	*dev = (u16)d;
	return 0;
}

int dxg_select_adapter(struct dxg_adapter *sel, char *why, size_t len)
{
	const char *env_luid = getenv("DXG_ADAPTER_LUID");
	const char *env_pci = getenv("DXG_ADAPTER_PCI");
	struct dxg_adapter list[DXG_MAX_ADAPTERS];
	struct winluid want = {};
	u16 ven = 0, dev = 0;
	int fd, n, i, pick = -1;
	char lbuf[32];

	if (env_luid && *env_luid && dxg_parse_luid(env_luid, &want)) {
		snprintf(why, len, "DXG_ADAPTER_LUID='%s' is not HI:LO or 0xLUID", env_luid);
		return -EINVAL;
	}
	if (env_pci && *env_pci && parse_pci(env_pci, &ven, &dev)) {
		snprintf(why, len, "DXG_ADAPTER_PCI='%s' is not VENDOR:DEVICE (hex)", env_pci);
		return -EINVAL;
	}
	n = dxg_check_device(why, len);
	if (n)
		return n;
	fd = dxg_open();
	if (fd < 0) {
		snprintf(why, len, "cannot open %s: %s", DXG_DEV_PATH, strerror(-fd));
		return fd;
	}
	n = dxg_enum_adapters(fd, D3DKMT_ENUM_INCLUDE_COMPUTE_ONLY, list, DXG_MAX_ADAPTERS);
	if (n < 0) {
		snprintf(why, len, "ENUMADAPTERS3 failed: %s", strerror(-n));
		close(fd);
		return n;
	}
	if (n == 0) {
		snprintf(why, len, "%s has no adapters", DXG_DEV_PATH);
		close(fd);
		return -ENOENT;
	}
	dxg_describe_adapters(fd, list, n, false);

	if (env_luid && *env_luid) {
		for (i = 0; i < n && pick < 0; i++)
			if (list[i].luid.a == want.a && list[i].luid.b == want.b)
				pick = i;
		if (pick < 0)
			snprintf(why, len, "DXG_ADAPTER_LUID=%s: no adapter with LUID %s",
				 env_luid, dxg_luid_str(want, lbuf, sizeof(lbuf)));
	} else if (env_pci && *env_pci) {
		for (i = 0; i < n && pick < 0; i++)
			if (list[i].pci_slot[0] && list[i].pci_vendor == ven &&
			    list[i].pci_device == dev)
				pick = i;
		/* not a vGPU function: ask the host for the physical adapters' ids */
		for (i = 0; i < n && pick < 0; i++) {
			query_phys_ids(fd, &list[i]);
			if (list[i].has_phys && list[i].phys_vendor == ven &&
			    list[i].phys_device == dev)
				pick = i;
		}
		if (pick < 0)
			snprintf(why, len,
				 "DXG_ADAPTER_PCI=%s: no adapter has that vGPU PCI function or physical id",
				 env_pci);
	} else {
		for (i = 0; i < n && pick < 0; i++)
			if (list[i].compute_only)
				pick = i;
		if (pick < 0)
			pick = 0;
	}
	if (pick >= 0)
		*sel = list[pick];
	dxg_close_adapter_handles(fd, list, n);
	close(fd);
	if (pick < 0)
		return -EINVAL;
	sel->handle = 0;	/* closed: the tests open their own */
	snprintf(why, len, "adapter %s%s%s%s", dxg_luid_str(sel->luid, lbuf, sizeof(lbuf)),
		 sel->compute_only ? " compute-only" : "", sel->pci_slot[0] ? " pci " : "",
		 sel->pci_slot);
	return 0;
}

/* Escapes in a child process */

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
	ret = xioctl(fd, LX_DXESCAPE, &args);
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
	start = now_secs();
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
		if (now_secs() >= deadline) {
			/* wait_for_completion_killable(): SIGKILL is the only way out */
			kill(e->pid, SIGKILL);
			deadline = now_secs() + 10;
			while (waitpid(e->pid, &status, WNOHANG) == 0 && now_secs() < deadline)
				usleep(10000);
			e->outcome = DXG_ESC_HUNG;
			break;
		}
		usleep(e->size > 65536 ? 10000 : 2000);
	}
	e->secs = now_secs() - start;

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

/* errno and NTSTATUS */

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" }, { EIO, "EIO" },
	{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" },
	{ EOVERFLOW, "EOVERFLOW" }, { EPROTOTYPE, "EPROTOTYPE" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EINPROGRESS, "EINPROGRESS" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EMSGSIZE, "EMSGSIZE" }, { 512, "ERESTARTSYS" },
};

const char *dxg_errno_name(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return "E?";
}

/* ntstatus2int() read backwards (dxgkrnl misc.c, 6.6) */
static const struct {
	int err;
	u32 status;
	const char *name;
	bool exact;
} ntstatus_of[] = {
	{ 0, 0x00000000, "STATUS_SUCCESS", true },
	{ EEXIST, 0xC0000035, "STATUS_OBJECT_NAME_COLLISION", true },
	{ ENOMEM, 0xC0000017, "STATUS_NO_MEMORY", true },
	{ EINVAL, 0xC000000D, "STATUS_INVALID_PARAMETER", false },	/* also the default */
	{ ENOENT, 0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND", false },	/* or ..._INVALID */
	{ EOVERFLOW, 0xC0000023, "STATUS_BUFFER_TOO_SMALL", true },
	{ ENODEV, 0xC00002B6, "STATUS_DEVICE_REMOVED", true },
	{ EACCES, 0xC0000022, "STATUS_ACCESS_DENIED", true },
	{ EPERM, 0xC00000BB, "STATUS_NOT_SUPPORTED", false },		/* or NOT_IMPLEMENTED */
	{ EOPNOTSUPP, 0xC000001D, "STATUS_ILLEGAL_INSTRUCTION", true },
	{ EBADF, 0xC0000008, "STATUS_INVALID_HANDLE", true },
	{ EINPROGRESS, 0xC01E0102, "STATUS_GRAPHICS_ALLOCATION_BUSY", true },
	{ EPROTOTYPE, 0xC0000024, "STATUS_OBJECT_TYPE_MISMATCH", true },
	{ EAGAIN, 0x00000102, "STATUS_TIMEOUT", false },	/* dead case in ntstatus2int */
};

u32 dxg_errno_to_ntstatus(int ret, const char **name, bool *exact)
{
	int err = ret < 0 ? -ret : ret;
	size_t i;

	if (ret > 0) {	/* a success status passed through as a positive value */
		*name = "(positive: an NTSTATUS success code)";
		*exact = true;
		return (u32)ret;
	}
	for (i = 0; i < ARRAY_SIZE(ntstatus_of); i++) {
		if (ntstatus_of[i].err == err) {
			*name = ntstatus_of[i].name;
			*exact = ntstatus_of[i].exact;
			return ntstatus_of[i].status;
		}
	}
	*name = "STATUS_UNSUCCESSFUL (no ntstatus2int case maps to this errno)";
	*exact = false;
	return 0xC0000001;
}

/* dxgprobe */

int dxgp_check(char *why, size_t len)
{
	char buf[64];
	int n;

	n = dxg_read_file(DXGPROBE_DIR "/version", buf, sizeof(buf));
	if (n < 0) {
		snprintf(why, len, "dxgprobe not loaded (%s/version: %s)", DXGPROBE_DIR,
			 strerror(-n));
		return -ENOENT;
	}
	if (atoi(buf) != 1) {
		snprintf(why, len, "dxgprobe debugfs format %d, these tests read format 1",
			 atoi(buf));
		return -EPROTO;
	}
	if (dxg_read_file(DXGPROBE_DIR "/enabled", buf, sizeof(buf)) > 0 && atoi(buf) == 0) {
		snprintf(why, len, "dxgprobe is loaded but disabled (%s/enabled is 0)",
			 DXGPROBE_DIR);
		return -EPERM;
	}
	if (dxg_read_file(DXGPROBE_DIR "/pid", buf, sizeof(buf)) > 0 && atoi(buf) != 0) {
		snprintf(why, len, "dxgprobe records only pid %d (%s/pid): write 0 to it",
			 atoi(buf), DXGPROBE_DIR);
		return -EPERM;
	}
	return 0;
}

char *dxg_read_all(const char *path)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap), *nb;
	ssize_t n;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

static long long line_num(const char *line, const char *key)
{
	char pat[40];
	const char *p;

	snprintf(pat, sizeof(pat), "%s=", key);
	for (p = line; (p = strstr(p, pat)); p++)
		if (p == line || p[-1] == ' ')
			return strtoll(p + strlen(pat), NULL, 0);
	return -1;
}

long long dxgp_last_seq(void)
{
	char *all = dxg_read_all(DXGPROBE_DIR "/events"), *line, *save = NULL;
	long long seq, last = -1;

	if (!all)
		return -1;
	for (line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		seq = line_num(line, "seq");
		if (seq > last)
			last = seq;
	}
	free(all);
	return last;
}

static void split_rec(struct dxgp_rec *rec)
{
	char *p = rec->buf, *tok, *save = NULL, *eq;

	rec->nkeys = 0;
	for (tok = strtok_r(p, " ", &save); tok && rec->nkeys < DXGP_MAX_KEYS;
	     tok = strtok_r(NULL, " ", &save)) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		rec->key[rec->nkeys] = tok;
		rec->val[rec->nkeys] = eq + 1;
		rec->nkeys++;
	}
}

int dxgp_find(pid_t pid, long long after, struct dxgp_rec *rec)
{
	char *all, *line, *save, *found;
	int tries;

	memset(rec, 0, sizeof(*rec));
	for (tries = 0; tries < 20; tries++) {
		all = dxg_read_all(DXGPROBE_DIR "/events");
		if (!all)
			return -ENOENT;
		found = NULL;
		save = NULL;
		for (line = strtok_r(all, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (line_num(line, "pid") == pid && line_num(line, "seq") > after)
				found = line;
		if (found) {
			rec->line = strdup(found);
			rec->buf = strdup(found);
			free(all);
			if (!rec->line || !rec->buf) {
				dxgp_free(rec);
				return -ENOMEM;
			}
			split_rec(rec);
			return 0;
		}
		free(all);
		usleep(50000);
	}
	return -ENOENT;
}

const char *dxgp_get(const struct dxgp_rec *rec, const char *key)
{
	int i;

	for (i = 0; i < rec->nkeys; i++)
		if (!strcmp(rec->key[i], key))
			return rec->val[i];
	return NULL;
}

bool dxgp_is(const struct dxgp_rec *rec, const char *key, const char *val)
{
	const char *v = dxgp_get(rec, key);

	return v && !strcmp(v, val);
}

long long dxgp_num(const struct dxgp_rec *rec, const char *key, long long dflt)
{
	const char *v = dxgp_get(rec, key);
	char *end;
	long long n;

	if (!v || !strcmp(v, "-"))
		return dflt;
	n = strtoll(v, &end, 0);
	return end == v ? dflt : n;
}

void dxgp_free(struct dxgp_rec *rec)
{
	free(rec->line);
	free(rec->buf);
	memset(rec, 0, sizeof(*rec));
}

const char *dxgp_origin_str(const struct dxgp_rec *rec, char *buf, size_t len)
{
	const char *v = dxgp_get(rec, "verdict");
	const char *st = dxgp_get(rec, "ntstatus_name");

	if (!v)
		v = "?";
	if (!strcmp(v, "host-short-reply") || !strcmp(v, "ok"))
		snprintf(buf, len, "%s (reply %s of %s bytes, trans_id %s%s%s)", v,
			 dxgp_get(rec, "reply_len") ?: "-", dxgp_get(rec, "size") ?: "-",
			 dxgp_get(rec, "trans_id") ?: "-", st && strcmp(st, "-") ? ", " : "",
			 st && strcmp(st, "-") ? st : "");
	else if (!strcmp(v, "send-failed"))
		snprintf(buf, len, "%s (send_ret %s after %s attempts, trans_id %s)", v,
			 dxgp_get(rec, "send_ret") ?: "-", dxgp_get(rec, "attempts") ?: "-",
			 dxgp_get(rec, "trans_id") ?: "-");
	else if (!strcmp(v, "interrupted") || !strcmp(v, "pending"))
		snprintf(buf, len, "%s (sent, no reply: sync_ret %s, trans_id %s)", v,
			 dxgp_get(rec, "sync_ret") ?: "-", dxgp_get(rec, "trans_id") ?: "-");
	else
		snprintf(buf, len, "%s (ret %s, %s attempts, missing %s)", v,
			 dxgp_get(rec, "ret") ?: "-", dxgp_get(rec, "attempts") ?: "-",
			 dxgp_get(rec, "missing") ?: "-");
	return buf;
}

/* hvsim */

bool hvsim_present(void)
{
	return access(HVSIM_DIR "/profile_npu", R_OK) == 0;
}

const char *hvsim_profile_file(const struct dxg_adapter *a)
{
	/* hvsim has one render GPU (008E) and one compute-only NPU (008A) */
	return a->compute_only ? "profile_npu" : "profile_gpu";
}

int hvsim_parse_profile(const char *text, struct hvsim_profile *p)
{
	static const char * const names[] = {
		[HVSIM_ECHO] = "echo", [HVSIM_EMPTY] = "empty", [HVSIM_STATUS] = "status",
		[HVSIM_TRUNCATE] = "truncate", [HVSIM_BUSY] = "busy", [HVSIM_HANG] = "hang",
		[HVSIM_RESCIND] = "rescind", [HVSIM_LONG] = "long", [HVSIM_STRAY] = "stray",
		[HVSIM_WRONGID] = "wrongid", [HVSIM_DUP] = "dup", [HVSIM_REORDER] = "reorder",
		[HVSIM_INBAND] = "inband", [HVSIM_LIMIT] = "limit",
	};
	char *colon, *nl;
	size_t i, n;

	snprintf(p->text, sizeof(p->text), "%s", text);
	nl = strchr(p->text, '\n');
	if (nl)
		*nl = '\0';
	colon = strchr(p->text, ':');
	n = colon ? (size_t)(colon - p->text) : strlen(p->text);
	p->arg = colon ? (u32)strtoul(colon + 1, NULL, 0) : 0;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (strlen(names[i]) == n && !strncmp(p->text, names[i], n)) {
			p->kind = (enum hvsim_kind)i;
			if (p->kind == HVSIM_STATUS && !colon)
				p->arg = 0xC0000023;
			return 0;
		}
	}
	return -EINVAL;
}

int hvsim_read_profile(const char *file, struct hvsim_profile *p)
{
	char path[128], buf[64];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", HVSIM_DIR, file);
	ret = dxg_read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	return hvsim_parse_profile(buf, p);
}

int hvsim_write_profile(const char *file, const char *text)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", HVSIM_DIR, file);
	return write_file(path, text);
}

int hvsim_vmbus_version(void)
{
	char buf[32];

	if (dxg_read_file("/sys/module/hvsim/parameters/vmbus_version", buf, sizeof(buf)) <= 0)
		return 40;
	return atoi(buf);
}

long long hvsim_stat(const char *name)
{
	char buf[4096], pat[64], *p;

	if (dxg_read_file(HVSIM_DIR "/stats", buf, sizeof(buf)) <= 0)
		return -1;
	snprintf(pat, sizeof(pat), "%s:", name);
	for (p = buf; (p = strstr(p, pat)); p++)
		if (p == buf || p[-1] == '\n')
			return strtoll(p + strlen(pat), NULL, 0);
	return -1;
}

/* Walks the host's packet log: the newest seq, and the ESCAPEs after 'after' */
static long long scan_packets(long long after, int *escapes)
{
	char *all = dxg_read_all(HVSIM_DIR "/packets"), *line, *save = NULL;
	long long seq, last = -1;

	*escapes = 0;
	if (!all)
		return -1;
	for (line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		seq = line_num(line, "seq");
		if (seq > last)
			last = seq;
		if (seq > after && strstr(line, " msg=ESCAPE "))
			(*escapes)++;
	}
	free(all);
	return last;
}

long long hvsim_last_packet(void)
{
	int n;

	return scan_packets(-1, &n);
}

int hvsim_escapes_since(long long seq)
{
	int n;

	scan_packets(seq, &n);
	return n;
}

/* The model of the simulated host, docs/simulated-host.md */

static void expect(struct dxg_expect *x, int ret, const char *verdict, int reply_len,
		   int attempts)
{
	x->hang = false;
	x->ret = ret;
	x->verdict = verdict;
	x->reply_len = reply_len;
	x->attempts = attempts;
}

static u32 align8(u32 v)
{
	return (v + 7) & ~7u;
}

void dxg_expect_escape(const struct hvsim_profile *p, int vmbus_version, const struct dxg_esc *e,
		       struct dxg_expect *x)
{
	u32 hdr = vmbus_version >= 40 ? 71 : 55;	/* cmd_size = hdr + N */
	const void *pl = e->payload ? e->payload : e->sent;
	u32 n = e->size, k, rl;
	int attempts = 1;

	memset(x, 0, sizeof(*x));
	if (e->type == D3DKMT_ESCAPE_DRIVERPRIVATE &&
	    (e->flags & D3DDDI_ESCAPE_DRIVER_KNOWN_ESCAPE) &&
	    !e->bad_pointer && n >= 4 && pl &&
	    *(const u32 *)pl <= D3DDDI_KNOWNESCAPE_TRANSLATERESOURCEHANDLE) {
		expect(x, 0, "ok", -1, 0);
		snprintf(x->why, sizeof(x->why), "a known escape is answered by the guest");
		return;
	}
	if (n > DXG_MAX_VM_BUS_PACKET_SIZE || hdr + n > DXG_MAX_VM_BUS_PACKET_SIZE) {
		expect(x, -EINVAL, "guest-size-limit", -1, 0);
		snprintf(x->why, sizeof(x->why), "N=%u: %s > 131072 is refused before the send", n,
			 n > DXG_MAX_VM_BUS_PACKET_SIZE ? "N" : "cmd_size");
		return;
	}
	if (e->bad_pointer && n) {
		expect(x, -EFAULT, "guest-copy-fault", -1, 0);
		snprintf(x->why, sizeof(x->why), "the private data cannot be read");
		return;
	}
	switch (p->kind) {
	case HVSIM_RESCIND:
		expect(x, -ENODEV, "send-failed", -1, 1);
		snprintf(x->why, sizeof(x->why), "profile rescind: vmbus_sendpacket() is -ENODEV");
		return;
	case HVSIM_HANG:
	case HVSIM_WRONGID:
	case HVSIM_REORDER:	/* a lone caller: the host waits for K-1 more */
		expect(x, 0, "interrupted", -1, 1);
		x->hang = p->kind != HVSIM_REORDER || p->arg > 1;
		if (x->hang) {
			snprintf(x->why, sizeof(x->why), "profile %s: no completion comes",
				 p->text);
			return;
		}
		break;
	case HVSIM_BUSY:
		if (p->arg >= 50) {
			expect(x, -EAGAIN, "send-failed", -1, 50);
			snprintf(x->why, sizeof(x->why),
				 "profile %s: the ring stays full for all 50 tries", p->text);
			return;
		}
		attempts = p->arg + 1;
		break;
	default:
		break;
	}
	switch (p->kind) {
	case HVSIM_EMPTY:
		rl = 0;
		break;
	case HVSIM_STATUS:
		rl = 8;		/* a 4-byte NTSTATUS, padded to 8 by VMBus framing */
		break;
	case HVSIM_TRUNCATE:
		k = p->arg < n ? p->arg : n;
		rl = align8(k);
		break;
	case HVSIM_LONG:	/* the guest's 128 KiB packet buffer clamps it */
		k = (u64)n + p->arg < HVSIM_REPLY_MAX ? n + p->arg : HVSIM_REPLY_MAX;
		rl = align8(k) < HVSIM_PKT_DATA_MAX ? align8(k) : HVSIM_PKT_DATA_MAX;
		break;
	case HVSIM_LIMIT:
		rl = HVSIM_PKT_DATA_MAX;
		break;
	default:		/* echo, busy, stray, dup, inband, reorder:1 */
		rl = align8(n);
		break;
	}
	if (rl < n)
		expect(x, -EOVERFLOW, "host-short-reply", rl, attempts);
	else
		expect(x, 0, "ok", rl, attempts);
	snprintf(x->why, sizeof(x->why), "profile %s: reply %u bytes for N=%u", p->text, rl, n);
}
