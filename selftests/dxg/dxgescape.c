// SPDX-License-Identifier: GPL-2.0
/*
 * dxgescape: issue LX_DXESCAPE by hand and say what happened.
 *
 * For each escape: the errno and its name, the NTSTATUS libdxcore would
 * report for it (ntstatus2int() read backwards), the reply bytes, and
 * dxgprobe's record of it when dxgprobe is loaded.  Every escape runs in a
 * child under the same watchdog as the selftests.
 *
 * With -j THREADS it is a traffic generator instead: THREADS threads of this
 * process issue COUNT escapes each (0: until SIGTERM or SIGINT) on one open
 * adapter, without a watchdog, and one summary line says how many finished
 * and with which result, so that a test can compare it with dxgprobe's
 * records and drop counters.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "dxg_lib.h"

static void print_help(FILE *f)
{
	fprintf(f,
		"Usage: dxgescape [-a HI:LO | -P VEN:DEV] [-t TYPE] [-f FLAGS] [-s SIZE | -p FILE]\n"
		"                 [-c COUNT] [-w SECONDS] [-j THREADS [-i USEC]] [-x] [-l] [-h]\n"
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
		"  -j THREADS  traffic: THREADS threads x COUNT escapes (-c 0: until SIGTERM\n"
		"              or SIGINT) on one adapter handle, no watchdog, no records;\n"
		"              prints one line 'traffic: threads=T escapes=E ok=O failed=F\n"
		"              first_errno=N' (E = escapes whose ioctl returned)\n"
		"  -i USEC     with -j: pause between two escapes of a thread (default 0)\n"
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

/* --- -j: traffic from several threads --- */

#define MAX_THREADS	256

static int stop_traffic;	/* lock-free atomic: safe in the signal handler */

static void on_stop(int sig)
{
	(void)sig;
	__atomic_store_n(&stop_traffic, 1, __ATOMIC_RELAXED);
}

struct traffic {
	struct dxg_handles h;
	const struct dxg_esc *e;
	u32 count;		/* per thread; 0 = until stopped */
	u32 pause_us;		/* between two escapes of a thread */
	unsigned long long done, ok;
	int first_err;
};

static void *traffic_thread(void *arg)
{
	struct traffic *t = arg;
	struct d3dkmt_escape a = {};
	u32 size = t->e->size, k;
	u8 *buf = NULL;
	int ret;

	if (size) {
		buf = malloc(size);
		if (!buf)
			return NULL;
	}
	for (k = 0; !t->count || k < t->count; k++) {
		if (__atomic_load_n(&stop_traffic, __ATOMIC_RELAXED))
			break;
		if (size)
			memcpy(buf, t->e->payload, size);
		a.adapter.v = t->h.adapter;
		a.type = t->e->type;
		a.flags = t->e->flags;
		a.priv_drv_data = (uintptr_t)buf;
		a.priv_drv_data_size = size;
		if (k && t->pause_us)
			usleep(t->pause_us);
		ret = ioctl(t->h.fd, LX_DXESCAPE, &a) < 0 ? -errno : 0;
		/* every return counts, EINTR too: the driver finished it */
		__atomic_fetch_add(&t->done, 1, __ATOMIC_RELAXED);
		if (!ret)
			__atomic_fetch_add(&t->ok, 1, __ATOMIC_RELAXED);
		else
			__atomic_compare_exchange_n(&t->first_err, &(int){ 0 }, ret, false,
						    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	}
	free(buf);
	return NULL;
}

static int run_traffic(struct dxg_esc *e, u32 threads, u32 count, u32 pause_us)
{
	struct traffic t = { .e = e, .count = count, .pause_us = pause_us };
	struct sigaction sa = { .sa_handler = on_stop };
	pthread_t th[MAX_THREADS];
	u8 *pattern = NULL;
	u32 i, started = 0;
	char why[DXG_WHY];
	int ret;

	if (!e->payload && e->size) {
		pattern = malloc(e->size);
		if (!pattern) {
			fprintf(stderr, "dxgescape: out of memory\n");
			return 1;
		}
		dxg_fill_pattern(pattern, e->size, 0);
		e->payload = pattern;
	}
	/* no SA_RESTART: a blocked escape returns EINTR when told to stop */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (dxg_open_handles(e->luid, false, &t.h, why, sizeof(why))) {
		fprintf(stderr, "dxgescape: %s\n", why);
		return 1;
	}
	for (i = 0; i < threads; i++) {
		ret = pthread_create(&th[i], NULL, traffic_thread, &t);
		if (ret) {
			fprintf(stderr, "dxgescape: pthread_create: %s\n", strerror(ret));
			__atomic_store_n(&stop_traffic, 1, __ATOMIC_RELAXED);
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	dxg_close_handles(&t.h);
	free(pattern);
	printf("traffic: threads=%u escapes=%llu ok=%llu failed=%llu first_errno=%d\n", started,
	       t.done, t.ok, t.done - t.ok, -t.first_err);
	fflush(stdout);
	return started == threads && t.ok == t.done ? 0 : 1;
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
	struct dxg_adapter_choice want = dxg_adapter_choice_env();
	struct dxg_adapter sel;
	const char *name;
	char why[DXG_WHY], l[32], o[200];
	u32 count = 1, threads = 0, pause_us = 0, i, st;
	u8 *payload = NULL;
	bool dump = false, exact, probe;
	int opt, ret, failed = 0;
	struct dxgp_rec r;

	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	while ((opt = getopt_long(argc, argv, "a:P:t:f:s:p:c:w:j:i:xlh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			want.luid = optarg;
			break;
		case 'P':
			want.pci = optarg;
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
		case 'j':
			threads = num("-j", optarg);
			if (!threads || threads > MAX_THREADS) {
				fprintf(stderr, "dxgescape: -j: 1..%d threads\n", MAX_THREADS);
				return 2;
			}
			break;
		case 'i':
			pause_us = num("-i", optarg);
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
	ret = dxg_select_adapter_say("dxgescape", &want, &sel);
	if (ret)
		return ret == -EINVAL ? 2 : 1;
	e.luid = sel.luid;
	if (threads)
		return run_traffic(&e, threads, count, pause_us);
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
