/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxg selftest library: file helpers and the paths and sizes every part uses.
 * Plain libc, no harness.
 */
#ifndef DXG_UTIL_H
#define DXG_UTIL_H

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

int dxg_read_file(const char *path, char *buf, size_t len);	/* bytes, or -errno */
/* The whole file, NUL-terminated, to free(); NULL on any failure */
char *dxg_read_all(const char *path);
void dxg_fill_pattern(u8 *buf, size_t len, unsigned int seed);
int dxg_write_file(const char *path, const char *text);	/* 0 or -errno */
double dxg_now_secs(void);				/* CLOCK_MONOTONIC */
/* The number after " key=" (or at the start of line); -1 when absent */
long long dxg_line_num(const char *line, const char *key);
/*
 * The highest seq= of the lines of path (-1: none or no file) and, when
 * count is given, how many lines with seq > after contain match
 */
long long dxg_scan_seq(const char *path, long long after, const char *match, int *count);

#endif /* DXG_UTIL_H */
