/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxg selftest library: dxgprobe's records (/sys/kernel/debug/dxgprobe/events).
 */
#ifndef DXGP_RECORDS_H
#define DXGP_RECORDS_H

#include "dxg_util.h"

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
/*
 * Splits one events line in place into rec's key[] and val[] (pointers
 * into line; rec->line and rec->buf are left alone)
 */
void dxgp_split(char *line, struct dxgp_rec *rec);
const char *dxgp_get(const struct dxgp_rec *rec, const char *key);	/* NULL: absent */
bool dxgp_is(const struct dxgp_rec *rec, const char *key, const char *val);
/* Numeric value (decimal or 0x); dflt when absent or "-" */
long long dxgp_num(const struct dxgp_rec *rec, const char *key, long long dflt);
void dxgp_free(struct dxgp_rec *rec);
/* "host-short-reply (reply 0 of 64 bytes, trans_id 17)" */
const char *dxgp_origin_str(const struct dxgp_rec *rec, char *buf, size_t len);

#endif /* DXGP_RECORDS_H */
