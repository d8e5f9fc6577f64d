// SPDX-License-Identifier: GPL-2.0
/*
 * dxgescape: issue LX_DXESCAPE by hand and say what happened.
 *
 * For each escape: the errno and its name, the NTSTATUS libdxcore would
 * report for it (ntstatus2int() read backwards), the reply bytes, and
 * dxgprobe's record of it when dxgprobe is loaded.  Every escape runs in a
 * child under the same watchdog as the selftests.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dxg_lib.h"

static void print_help(FILE *f)
{
	fprintf(f,
		"Usage: dxgescape [-a HI:LO | -P VEN:DEV] [-t TYPE] [-f FLAGS] [-s SIZE | -p FILE]\n"
		"                 [-c COUNT] [-w SECONDS] [-x] [-l] [-h]\n"
		"  -a HI:LO    adapter LUID (as printed by -l; also 0xLUID)\n"
		"  -P VEN:DEV  adapter by PCI id: its vGPU function (1414:008e, 1414:008a) or,\n"
		"              if the host reports it, the physical adapter (e.g. 8086:7d1d)\n"
		"              default: the first compute-only adapter, else the first adapter\n"
		"  -t TYPE     escape type: 0 driver private (default), 1 vidmm, 3 vidsch,\n"
		"              4 device, 8 drt test\n"
		"  -f FLAGS    escape flags (default 0; 0x40 = driver-known escape)\n"
		"  -s SIZE     private data size N with a counting pattern (default 16)\n"
		"  -p FILE     private data from FILE (N = its size)\n"
		"  -c COUNT    repeat COUNT times (default 1)\n"
		"  -w SECONDS  watchdog per escape (default DXG_ESCAPE_TIMEOUT or 10)\n"
		"  -x          hex dump of the buffer after the call\n"
		"  -l          list the adapters and exit\n"
		"  -h, --help  this text\n"
		"Exit status: 0 if every escape returned 0, 1 otherwise, 2 on usage errors.\n");
}

static u32 num(const char *opt, const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (*end || end == s || errno || v > 0xffffffffUL) {
		fprintf(stderr, "dxgescape: %s: '%s' is not a number\n", opt, s);
		exit(2);
	}
	return (u32)v;
}

static void hexdump(const u8 *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s%02x%s", i % 16 ? "" : "  ", b[i],
		       i % 16 == 15 || i + 1 == n ? "\n" : " ");
}

static int list_adapters(void)
{
	struct dxg_adapter list[DXG_MAX_ADAPTERS];
	char why[DXG_WHY], l[32];
	int fd, n, i;

	if (dxg_check_device(why, sizeof(why))) {
		fprintf(stderr, "dxgescape: %s\n", why);
		return 1;
	}
	fd = dxg_open();
	n = dxg_enum_adapters(fd, D3DKMT_ENUM_INCLUDE_COMPUTE_ONLY, list, DXG_MAX_ADAPTERS);
	if (n < 0) {
		fprintf(stderr, "dxgescape: ENUMADAPTERS3: %s\n", strerror(-n));
		return 1;
	}
	dxg_describe_adapters(fd, list, n, true);
	for (i = 0; i < n; i++) {
		printf("%s %s type 0x%x", dxg_luid_str(list[i].luid, l, sizeof(l)),
		       list[i].compute_only ? "compute-only" : "render/display", list[i].type_bits);
		if (list[i].pci_slot[0])
			printf(" vgpu-pci %s %04x:%04x", list[i].pci_slot, list[i].pci_vendor,
			       list[i].pci_device);
		if (list[i].has_phys)
			printf(" physical %04x:%04x", list[i].phys_vendor, list[i].phys_device);
		printf("\n");
	}
	dxg_close_adapter_handles(fd, list, n);
	close(fd);
	return 0;
}

static u8 *read_payload(const char *file, u32 *size)
{
	struct stat st;
	u8 *buf;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "dxgescape: %s: %s\n", file, strerror(errno));
		exit(2);
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		fprintf(stderr, "dxgescape: reading %s failed\n", file);
		exit(2);
	}
	close(fd);
	*size = (u32)st.st_size;
	return buf;
}

int main(int argc, char **argv)
{
	struct dxg_esc e = { .size = 16 };
	struct dxg_adapter sel;
	const char *name;
	char why[DXG_WHY], l[32], o[200];
	u32 count = 1, i, st;
	u8 *payload = NULL;
	bool dump = false, exact, probe;
	int opt, ret, failed = 0;
	struct dxgp_rec r;

	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	while ((opt = getopt_long(argc, argv, "a:P:t:f:s:p:c:w:xlh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			setenv("DXG_ADAPTER_LUID", optarg, 1);
			break;
		case 'P':
			setenv("DXG_ADAPTER_PCI", optarg, 1);
			break;
		case 't':
			e.type = num("-t", optarg);
			break;
		case 'f':
			e.flags = num("-f", optarg);
			break;
		case 's':
			e.size = num("-s", optarg);
			break;
		case 'p':
			payload = read_payload(optarg, &e.size);
			e.payload = payload;
			break;
		case 'c':
			count = num("-c", optarg);
			break;
		case 'w':
			setenv("DXG_ESCAPE_TIMEOUT", optarg, 1);
			break;
		case 'x':
			dump = true;
			break;
		case 'l':
			return list_adapters();
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
	ret = dxg_select_adapter(&sel, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "dxgescape: %s\n", why);
		return ret == -EINVAL ? 2 : 1;
	}
	e.luid = sel.luid;
	probe = dxgp_check(why, sizeof(why)) == 0;
	if (!probe)
		printf("# %s: no records\n", why);

	for (i = 0; i < count; i++) {
		ret = dxg_escape_run(&e);
		if (ret) {
			fprintf(stderr, "dxgescape: cannot run the escape: %s\n", strerror(-ret));
			return 1;
		}
		printf("escape %u/%u adapter %s type %u flags 0x%x size %u: ", i + 1, count,
		       dxg_luid_str(e.luid, l, sizeof(l)), e.type, e.flags, e.size);
		if (e.outcome == DXG_ESC_DONE) {
			st = dxg_errno_to_ntstatus(e.ret, &name, &exact);
			printf("ret %d %s%s%s -> NTSTATUS 0x%08X %s%s (%.3f s)\n", e.ret,
			       e.ret ? dxg_errno_name(e.ret) : "ok", e.ret ? " " : "",
			       e.ret ? strerror(-e.ret) : "", st, name,
			       exact ? "" : " [not a unique inverse]", e.secs);
		} else {
			printf("%s\n", dxg_esc_outcome_str(&e, o, sizeof(o)));
		}
		failed |= e.outcome != DXG_ESC_DONE || e.ret;
		if (dump && e.size && e.buf)
			hexdump(e.buf, e.size);
		if (probe) {
			if (dxgp_find(e.pid, e.probe_seq, &r)) {
				printf("dxgprobe: no record of pid %d\n", e.pid);
			} else {
				printf("origin: %s\n", dxgp_origin_str(&r, o, sizeof(o)));
				printf("record: %s\n", r.line);
				dxgp_free(&r);
			}
		}
		dxg_escape_free(&e);
	}
	free(payload);
	return failed ? 1 : 0;
}
