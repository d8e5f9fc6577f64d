// SPDX-License-Identifier: GPL-2.0
/*
 * dxg selftest library: /dev/dxg, its adapters and the adapter under test.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "dxg_device.h"

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

int dxg_ioctl(int fd, unsigned long code, void *arg)
{
	return ioctl(fd, code, arg) < 0 ? -errno : 0;
}

int dxg_open_adapter(int fd, struct winluid luid, u32 *handle)
{
	struct d3dkmt_openadapterfromluid a = { .adapter_luid = luid };
	int ret = dxg_ioctl(fd, LX_DXOPENADAPTERFROMLUID, &a);

	if (!ret)
		*handle = a.adapter_handle.v;
	return ret;
}

int dxg_open_handles(struct winluid luid, bool device, struct dxg_handles *h,
		     char *why, size_t len)
{
	struct d3dkmt_createdevice cd = {};
	char l[32];
	int ret;

	h->adapter = 0;
	h->device = 0;
	h->fd = dxg_open();
	if (h->fd < 0) {
		snprintf(why, len, "open %s: %s", DXG_DEV_PATH, strerror(-h->fd));
		return h->fd;
	}
	ret = dxg_open_adapter(h->fd, luid, &h->adapter);
	if (ret) {
		snprintf(why, len, "OPENADAPTERFROMLUID %s: %s",
			 dxg_luid_str(luid, l, sizeof(l)), strerror(-ret));
		goto fail;
	}
	if (!device)
		return 0;
	cd.adapter.v = h->adapter;
	ret = dxg_ioctl(h->fd, LX_DXCREATEDEVICE, &cd);
	if (ret) {
		snprintf(why, len, "CREATEDEVICE: %s", strerror(-ret));
		goto fail;
	}
	h->device = cd.device.v;
	return 0;
fail:
	dxg_close_handles(h);
	return ret;
}

void dxg_close_handles(struct dxg_handles *h)
{
	struct d3dkmt_destroydevice dd = { .device.v = h->device };

	if (h->device)
		dxg_ioctl(h->fd, LX_DXDESTROYDEVICE, &dd);
	if (h->adapter)
		dxg_close_adapter(h->fd, h->adapter);
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
	h->adapter = 0;
	h->device = 0;
}

int dxg_close_adapter(int fd, u32 handle)
{
	struct d3dkmt_closeadapter c = { .adapter_handle.v = handle };

	return dxg_ioctl(fd, LX_DXCLOSEADAPTER, &c);
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
	return dxg_ioctl(fd, LX_DXQUERYADAPTERINFO, &q);
}

int dxg_select_adapter_say(const char *prog, const struct dxg_adapter_choice *want,
			   struct dxg_adapter *sel)
{
	char why[DXG_WHY];
	int ret = dxg_select_adapter(want, sel, why, sizeof(why));

	if (ret)
		fprintf(stderr, "%s: %s\n", prog, why);
	return ret;
}

/* ENUMADAPTERS3 with the given filter; opens a handle to every adapter listed */
int dxg_enum_adapters(int fd, u64 filter, struct dxg_adapter *out, int max)
{
	struct d3dkmt_adapterinfo info[DXG_MAX_ADAPTERS] = {};
	struct d3dkmt_enumadapters3 e = { .filter = filter };
	int ret, i;

	/* count first: dxgkrnl does not bound the list by adapter_count */
	ret = dxg_ioctl(fd, LX_DXENUMADAPTERS3, &e);
	if (ret)
		return ret;
	if (!e.adapter_count)
		return 0;
	if (e.adapter_count > DXG_MAX_ADAPTERS)
		return -E2BIG;
	e.adapters = (uintptr_t)info;
	ret = dxg_ioctl(fd, LX_DXENUMADAPTERS3, &e);
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

	if (!dxg_ioctl(fd, LX_DXQUERYADAPTERINFO, &q) && ids.device_ids.vendor_id) {
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

struct dxg_adapter_choice dxg_adapter_choice_env(void)
{
	struct dxg_adapter_choice c = {
		.luid = getenv("DXG_ADAPTER_LUID"),
		.pci = getenv("DXG_ADAPTER_PCI"),
	};

	return c;
}

int dxg_select_adapter(const struct dxg_adapter_choice *want_adapter, struct dxg_adapter *sel,
		       char *why, size_t len)
{
	const char *env_luid = want_adapter->luid;
	const char *env_pci = want_adapter->pci;
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
