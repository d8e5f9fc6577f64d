/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxg selftest library: /dev/dxg, its adapters and the adapter under test.
 */
#ifndef DXG_DEVICE_H
#define DXG_DEVICE_H

#include "dxg_util.h"

/* /dev/dxg */
int dxg_open(void);					/* fd, or -errno */
int dxg_check_device(char *why, size_t len);		/* 0 usable, else -errno + reason */

/* Adapters */
struct dxg_adapter {
	struct winluid	luid;
	u32	handle;		/* valid only in the enumerating process */
	bool		listed_default;	/* ENUMADAPTERS3 without include_compute_only */
	bool		compute_only;	/* hidden unless include_compute_only */
	int		type_ret;	/* QUERYADAPTERINFO(ADAPTERTYPE): 0 or -errno */
	u32	type_bits;	/* its value when type_ret == 0 */
	char		pci_slot[64];	/* sysfs name of the vGPU PCI function, "" if none */
	u16	pci_vendor, pci_device;	/* of that function */
	bool		has_phys;	/* the host told the physical adapter's ids */
	u16	phys_vendor, phys_device;
};

int dxg_enum_adapters(int fd, u64 filter, struct dxg_adapter *out, int max);
int dxg_describe_adapters(int fd, struct dxg_adapter *list, int n, bool query_phys);
void dxg_close_adapter_handles(int fd, const struct dxg_adapter *list, int n);
/* How the adapter under test is chosen; NULL or "" is "not given" */
struct dxg_adapter_choice {
	const char	*luid;		/* "HI:LO" or one 64-bit "0xLUID" */
	const char	*pci;		/* "VENDOR:DEVICE", hex */
};

/* The choice the environment makes: DXG_ADAPTER_LUID, DXG_ADAPTER_PCI */
struct dxg_adapter_choice dxg_adapter_choice_env(void);
/*
 * The adapter under test: want->luid, else want->pci, else the first
 * compute-only adapter, else the first adapter.  0 on success;
 * -ENOENT/-ENODEV/-EBADF (nothing to test: skip) or -EINVAL (the choice
 * names no adapter: fail), with the reason in why.
 */
int dxg_select_adapter(const struct dxg_adapter_choice *want, struct dxg_adapter *sel,
		       char *why, size_t len);
/* dxg_select_adapter() for a tool: the reason, if any, on stderr as "PROG: why" */
int dxg_select_adapter_say(const char *prog, const struct dxg_adapter_choice *want,
			   struct dxg_adapter *sel);
const char *dxg_luid_str(struct winluid luid, char *buf, size_t len);	/* "0xHI:0xLO" */
int dxg_parse_luid(const char *s, struct winluid *luid);
int dxg_open_adapter(int fd, struct winluid luid, u32 *handle);	/* 0 or -errno */
int dxg_close_adapter(int fd, u32 handle);
int dxg_query_adapter_type(int fd, u32 handle, u32 *bits);
int dxg_ioctl(int fd, unsigned long code, void *arg);		/* 0 or -errno */

/* A process's own way to an adapter: its /dev/dxg fd, adapter and device */
struct dxg_handles {
	int	fd;		/* -1: not open */
	u32	adapter;	/* 0: not open */
	u32	device;		/* 0: none */
};

/*
 * Opens /dev/dxg, the adapter luid and, when device is true, a device on
 * it.  0, or -errno with what failed in why (everything opened is closed).
 */
int dxg_open_handles(struct winluid luid, bool device, struct dxg_handles *h,
		     char *why, size_t len);
void dxg_close_handles(struct dxg_handles *h);

#endif /* DXG_DEVICE_H */
