// SPDX-License-Identifier: GPL-2.0
/*
 * dxg selftest library: the simulated host's (hvsim) debugfs controls.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvsim_ctl.h"

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
	return dxg_write_file(path, text);
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

/* The host's packet log: the newest seq, and the ESCAPEs after 'after' */
static long long scan_packets(long long after, int *escapes)
{
	return dxg_scan_seq(HVSIM_DIR "/packets", after, " msg=ESCAPE ", escapes);
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
