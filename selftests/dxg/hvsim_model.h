/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxg selftest library: what the active host profile implies for one
 * escape, the model of docs/simulated-host.md.
 */
#ifndef HVSIM_MODEL_H
#define HVSIM_MODEL_H

#include "dxg_child.h"
#include "hvsim_ctl.h"

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

#endif /* HVSIM_MODEL_H */
