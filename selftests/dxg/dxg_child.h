/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxg selftest library: one escape run in a child process under a watchdog,
 * so that an escape the host never answers cannot hang the test.
 */
#ifndef DXG_CHILD_H
#define DXG_CHILD_H

#include "dxg_util.h"

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

#endif /* DXG_CHILD_H */
