/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the dxg selftests: /dev/dxg and its adapters, escapes
 * run in a child under a watchdog, dxgprobe's records, the simulated host's
 * profiles and what they imply for an escape.  See docs/selftests.md.
 */
#ifndef DXG_LIB_H
#define DXG_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dxg_uapi.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define DXG_DEV_PATH		"/dev/dxg"
#define DXGPROBE_DIR		"/sys/kernel/debug/dxgprobe"
#define HVSIM_DIR		"/sys/kernel/debug/hvsim"
#define DXG_MAX_ADAPTERS	D3DKMT_ADAPTERS_MAX
#define DXG_WHY			256	/* size of a reason buffer */

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
/*
 * The adapter under test: DXG_ADAPTER_LUID, else DXG_ADAPTER_PCI, else the
 * first compute-only adapter, else the first adapter.  0 on success;
 * -ENOENT/-ENODEV/-EBADF (nothing to test: skip) or -EINVAL (the environment
 * names no adapter: fail), with the reason in why.
 */
int dxg_select_adapter(struct dxg_adapter *sel, char *why, size_t len);
const char *dxg_luid_str(struct winluid luid, char *buf, size_t len);	/* "0xHI:0xLO" */
int dxg_parse_luid(const char *s, struct winluid *luid);
int dxg_open_adapter(int fd, struct winluid luid, u32 *handle);	/* 0 or -errno */
int dxg_close_adapter(int fd, u32 handle);
int dxg_query_adapter_type(int fd, u32 handle, u32 *bits);

/* Escapes in a child process with a watchdog */
enum dxg_esc_outcome {
	DXG_ESC_DONE,		/* the ioctl returned; ret holds its result */
	DXG_ESC_HUNG,		/* the watchdog killed the child (SIGKILL) */
	DXG_ESC_SETUP_FAILED,	/* the child could not open /dev/dxg or the adapter */
	DXG_ESC_CRASHED,	/* the child died otherwise */
};

struct dxg_esc {
	/* in */
	struct winluid	luid;
	u32	type;
	u32	flags;
	u32	size;		/* N = priv_drv_data_size */
	const void	*payload;	/* N bytes, or NULL for a counting pattern */
	bool		bad_pointer;	/* priv_drv_data points at an inaccessible page */
	/* out */
	enum dxg_esc_outcome outcome;
	int		ret;		/* 0 or -errno (DXG_ESC_DONE) */
	const char	*setup_step;	/* DXG_ESC_SETUP_FAILED: what failed ... */
	int		setup_ret;	/* ... and its -errno */
	pid_t		pid;		/* the child: dxgprobe records it as pid= */
	u8		*sent;		/* N bytes given to the driver */
	u8		*buf;		/* N bytes of the buffer after the call */
	double		secs;
	long long	probe_seq;	/* dxgprobe's last seq before the call, -1 none */
};

int dxg_escape_timeout(void);		/* DXG_ESCAPE_TIMEOUT, seconds (default 10) */
/* 0 when an outcome was reached, -errno when the child could not be run */
int dxg_escape_run(struct dxg_esc *e);
void dxg_escape_free(struct dxg_esc *e);
const char *dxg_esc_outcome_str(const struct dxg_esc *e, char *buf, size_t len);

/* errno and NTSTATUS */
const char *dxg_errno_name(int err);		/* "EOVERFLOW" for 75 or -75 */
/*
 * The NTSTATUS libdxcore reports for an ioctl result: the inverse of
 * dxgkrnl's ntstatus2int().  *exact is false when several statuses map to
 * the errno or none does.
 */
u32 dxg_errno_to_ntstatus(int ret, const char **name, bool *exact);

/* dxgprobe's records (/sys/kernel/debug/dxgprobe/events) */
#define DXGP_MAX_KEYS	96
struct dxgp_rec {
	char	*line;		/* the record as read */
	char	*buf;		/* its copy, split into key[] and val[] */
	int	nkeys;
	char	*key[DXGP_MAX_KEYS];
	char	*val[DXGP_MAX_KEYS];
};

/* 0 when dxgprobe is loaded and records escapes of every process */
int dxgp_check(char *why, size_t len);
long long dxgp_last_seq(void);			/* -1 when there is no record */
/* The last record of pid with seq > after; 0 or -ENOENT.  Retries ~1 s. */
int dxgp_find(pid_t pid, long long after, struct dxgp_rec *rec);
const char *dxgp_get(const struct dxgp_rec *rec, const char *key);	/* NULL: absent */
bool dxgp_is(const struct dxgp_rec *rec, const char *key, const char *val);
/* Numeric value (decimal or 0x); dflt when absent or "-" */
long long dxgp_num(const struct dxgp_rec *rec, const char *key, long long dflt);
void dxgp_free(struct dxgp_rec *rec);
/* "host-short-reply (reply 0 of 64 bytes, trans_id 17)" */
const char *dxgp_origin_str(const struct dxgp_rec *rec, char *buf, size_t len);

/* The simulated host (hvsim) */
enum hvsim_kind {
	HVSIM_ECHO, HVSIM_EMPTY, HVSIM_STATUS, HVSIM_TRUNCATE, HVSIM_BUSY, HVSIM_HANG,
	HVSIM_RESCIND, HVSIM_LONG, HVSIM_STRAY, HVSIM_WRONGID, HVSIM_DUP, HVSIM_REORDER,
	HVSIM_INBAND, HVSIM_LIMIT,
};

/* hvsim's largest reply, and the payload that fills the guest's 128 KiB packet buffer */
#define HVSIM_REPLY_MAX		(DXG_MAX_VM_BUS_PACKET_SIZE + 64)
#define HVSIM_PKT_DATA_MAX	(DXG_MAX_VM_BUS_PACKET_SIZE - 16)

struct hvsim_profile {
	enum hvsim_kind	kind;
	u32	arg;		/* status value, or K of truncate, busy, long, reorder */
	char		text[48];	/* as read, without the newline */
};

bool hvsim_present(void);
const char *hvsim_profile_file(const struct dxg_adapter *a);	/* "profile_npu" or "..._gpu" */
int hvsim_parse_profile(const char *text, struct hvsim_profile *p);
int hvsim_read_profile(const char *file, struct hvsim_profile *p);
int hvsim_write_profile(const char *file, const char *text);
int hvsim_vmbus_version(void);			/* the module parameter, 40 if unknown */
long long hvsim_stat(const char *name);		/* -1 if unknown */
long long hvsim_last_packet(void);		/* seq of the newest packet log line, -1 none */
int hvsim_escapes_since(long long seq);		/* ESCAPE packets logged after seq */

/* What the active host profile implies for one escape */
struct dxg_expect {
	bool		hang;		/* the host never answers: the watchdog fires */
	int		ret;		/* 0 or -errno */
	const char	*verdict;	/* dxgprobe's verdict */
	int		reply_len;	/* payload bytes of the completion, -1: no reply */
	int		attempts;	/* vmbus_sendpacket() calls, 0: never sent */
	char		why[160];
};

/* busy:K counts down per send: re-arm it before an escape whose attempts matter */
void dxg_expect_escape(const struct hvsim_profile *p, int vmbus_version, const struct dxg_esc *e,
		       struct dxg_expect *x);

/* Misc */
int dxg_read_file(const char *path, char *buf, size_t len);	/* bytes, or -errno */
/* The whole file, NUL-terminated, to free(); NULL on any failure */
char *dxg_read_all(const char *path);
void dxg_fill_pattern(u8 *buf, size_t len, unsigned int seed);

#endif /* DXG_LIB_H */
