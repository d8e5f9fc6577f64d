// SPDX-License-Identifier: GPL-2.0
/*
 * dxg_npu_repro: the field report's reproduction (microsoft/WSL#40445), in C.
 *
 * The reporter's Python script, through libdxcore: enumerate adapters with
 * the compute-only filter, open the NPU by its LUID, create a device, send an
 * escape with an empty payload (it succeeds), then one with a 64-byte payload
 * (STATUS_BUFFER_TOO_SMALL).  This program does the same ioctls in one
 * process, without forking, as a user's own program would, so that
 * `dxg-evidence -- dxg_npu_repro` shows what the reporter's script sees.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "dxg_lib.h"

#define REPRO_MAX_SIZES	16

static void print_help(FILE *f)
{
	fprintf(f,
		"Usage: dxg_npu_repro [-s SIZE[,SIZE...]] [-c COUNT] [-h]\n"
		"  -s SIZES  payload sizes of the escapes, in order (default 0,64)\n"
		"  -c COUNT  repeat the sequence COUNT times (default 1)\n"
		"  -h        this text\n"
		"The adapter is chosen as by the selftests (DXG_ADAPTER_LUID, DXG_ADAPTER_PCI,\n"
		"else the first compute-only adapter). One line per escape, with the NTSTATUS\n"
		"libdxcore would return. Exit status: 0 if every escape returned 0, 1 if one\n"
		"failed or the adapter could not be opened, 2 on usage errors.\n");
}

static int parse_sizes(const char *s, u32 *sizes, int max)
{
	int n = 0;

	while (*s) {
		unsigned long v;
		char *end;

		errno = 0;
		v = strtoul(s, &end, 0);
		if (end == s || errno || v > 0xffffffffUL || (*end && *end != ',') || n == max)
			return -1;
		sizes[n++] = (u32)v;
		s = *end ? end + 1 : end;
	}
	return n;
}

/* One escape in this process: 0 or -errno. */
static int escape(int fd, u32 adapter, u32 device, u32 size)
{
	struct d3dkmt_escape e = {};
	u8 *buf = NULL;
	int ret = 0;

	if (size) {
		buf = calloc(1, size);
		if (!buf)
			return -ENOMEM;
		e.priv_drv_data = (__u64)(unsigned long)buf;
	}
	e.adapter.v = adapter;
	e.device.v = device;
	e.type = 0;	/* driver private */
	e.priv_drv_data_size = size;
	if (ioctl(fd, LX_DXESCAPE, &e))
		ret = -errno;
	free(buf);
	return ret;
}

int main(int argc, char **argv)
{
	u32 sizes[REPRO_MAX_SIZES] = { 0, 64 };
	int nsizes = 2, count = 1, failed = 0, ret, c, i;
	struct dxg_adapter_choice want = dxg_adapter_choice_env();
	struct dxg_adapter sel;
	struct dxg_handles h;
	char why[DXG_WHY], l[32];

	while ((c = getopt(argc, argv, "s:c:h")) != -1) {
		switch (c) {
		case 's':
			nsizes = parse_sizes(optarg, sizes, REPRO_MAX_SIZES);
			if (nsizes <= 0) {
				fprintf(stderr,
					"dxg_npu_repro: -s: up to %d sizes, comma-separated, got '%s'\n",
					REPRO_MAX_SIZES, optarg);
				return 2;
			}
			break;
		case 'c':
			count = atoi(optarg);
			if (count < 1) {
				fprintf(stderr,
					"dxg_npu_repro: -c: a count of at least 1, got '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			print_help(stdout);
			return 0;
		default:
			print_help(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		print_help(stderr);
		return 2;
	}

	ret = dxg_select_adapter_say("dxg_npu_repro", &want, &sel);
	if (ret)
		return 1;
	if (dxg_open_handles(sel.luid, true, &h, why, sizeof(why))) {
		fprintf(stderr, "dxg_npu_repro: %s\n", why);
		return 1;
	}
	printf("adapter %s%s opened, device 0x%x\n", dxg_luid_str(sel.luid, l, sizeof(l)),
	       sel.compute_only ? " (compute-only)" : "", h.device);

	for (c = 0; c < count; c++) {
		for (i = 0; i < nsizes; i++) {
			const char *name = NULL;
			bool exact;
			u32 st;

			ret = escape(h.fd, h.adapter, h.device, sizes[i]);
			st = ret ? dxg_errno_to_ntstatus(ret, &name, &exact) : 0;
			printf("escape size=%u ret=%d (%s) status=0x%08x (%s)\n", sizes[i], ret,
			       ret ? dxg_errno_name(ret) : "0", st, name ? name : "STATUS_SUCCESS");
			failed += ret != 0;
		}
	}
	dxg_close_handles(&h);
	return failed ? 1 : 0;
}
