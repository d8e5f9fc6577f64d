// SPDX-License-Identifier: GPL-2.0
/*
 * dxgbench: escapes in a tight loop, for make bench (scripts/bench).
 *
 * THREADS threads, each with its own /dev/dxg file and adapter handle, issue
 * COUNT escapes of N bytes each, all started together, with no watchdog and
 * no fork per escape (unlike dxgescape), so that the figure is the escape
 * path's own cost; that REPS times.  Prints one line, format dxgbench/1:
 *
 *   dxgbench/1 threads=T size=N reps=R escapes=E failed=F first_err=-ERRNO ns=WALL
 *   ns_per_escape=X median_ns_per_escape=Y
 *
 * (one line).  A repetition's time is the wall time from the threads' common
 * start to the last one's end, divided by its escapes (with T threads: the
 * throughput's inverse); ns_per_escape is the fastest repetition's, the
 * figure least disturbed by a busy host, median_ns_per_escape the median.
 * escapes and ns are the totals over all repetitions.
 * The adapter is chosen as by the selftests (DXG_ADAPTER_LUID, DXG_ADAPTER_PCI).
 * Exit status: 0 if every escape returned 0, 1 otherwise, 2 on usage errors.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "dxg_lib.h"

#define DXGBENCH_MAX_THREADS	64
#define DXGBENCH_MAX_REPS	100

struct worker {
	pthread_t tid;
	struct dxg_handles h;
	u8 *buf;
	u32 failed;
	int first_err;
};

static struct winluid luid;
static u32 size = 64, count = 1000, reps = 1;
static pthread_barrier_t start_line, end_line;

static void print_help(FILE *f)
{
	fprintf(f,
		"Usage: dxgbench [-s SIZE] [-c COUNT] [-j THREADS] [-r REPS] [-h]\n"
		"  -s SIZE     private data size N (default 64)\n"
		"  -c COUNT    escapes per thread and repetition (default 1000)\n"
		"  -j THREADS  threads (1..%d, default 1)\n"
		"  -r REPS     repetitions, each timed (1..%d, default 1)\n"
		"  -h, --help  this text\n"
		"Adapter: DXG_ADAPTER_LUID=HI:LO or DXG_ADAPTER_PCI=VEN:DEV, else the default\n"
		"of the selftests.  Output: one dxgbench/1 line (see the source).\n",
		DXGBENCH_MAX_THREADS, DXGBENCH_MAX_REPS);
}

static u32 num(const char *opt, const char *s, u32 lo, u32 hi)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (*end || end == s || errno || v < lo || v > hi) {
		fprintf(stderr, "dxgbench: %s: '%s' is not a number in %u..%u\n", opt, s, lo, hi);
		exit(2);
	}
	return (u32)v;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct d3dkmt_escape e = {
		.adapter.v = w->h.adapter,
		.type = 0,
		.priv_drv_data = (uintptr_t)w->buf,
		.priv_drv_data_size = size,
	};
	u32 i, r;

	for (r = 0; r < reps; r++) {
		pthread_barrier_wait(&start_line);
		for (i = 0; i < count; i++) {
			if (ioctl(w->h.fd, LX_DXESCAPE, &e) < 0) {
				if (!w->failed++)
					w->first_err = -errno;
			}
		}
		pthread_barrier_wait(&end_line);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static struct worker workers[DXGBENCH_MAX_THREADS];
	long long rep_ns[DXGBENCH_MAX_REPS], per, ns = 0;
	u32 threads = 1, i, r, failed = 0;
	struct dxg_adapter_choice want = dxg_adapter_choice_env();
	struct dxg_adapter sel;
	int opt, ret, first_err = 0;
	long long t0;
	char why[DXG_WHY];

	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	while ((opt = getopt_long(argc, argv, "s:c:j:r:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			size = num("-s", optarg, 0, 1U << 24);
			break;
		case 'c':
			count = num("-c", optarg, 1, 100000000);
			break;
		case 'j':
			threads = num("-j", optarg, 1, DXGBENCH_MAX_THREADS);
			break;
		case 'r':
			reps = num("-r", optarg, 1, DXGBENCH_MAX_REPS);
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
	ret = dxg_select_adapter_say("dxgbench", &want, &sel);
	if (ret)
		return ret == -EINVAL ? 2 : 1;
	luid = sel.luid;

	for (i = 0; i < threads; i++) {
		struct worker *w = &workers[i];

		if (dxg_open_handles(luid, false, &w->h, why, sizeof(why))) {
			fprintf(stderr, "dxgbench: %s\n", why);
			return 1;
		}
		w->buf = malloc(size ? size : 1);
		if (!w->buf) {
			fprintf(stderr, "dxgbench: out of memory\n");
			return 1;
		}
		dxg_fill_pattern(w->buf, size, i);
	}
	if (pthread_barrier_init(&start_line, NULL, threads + 1) ||
	    pthread_barrier_init(&end_line, NULL, threads + 1)) {
		fprintf(stderr, "dxgbench: pthread_barrier_init failed\n");
		return 1;
	}
	for (i = 0; i < threads; i++) {
		ret = pthread_create(&workers[i].tid, NULL, work, &workers[i]);
		if (ret) {
			fprintf(stderr, "dxgbench: pthread_create: %s\n", strerror(ret));
			return 1;
		}
	}
	per = (long long)threads * count;
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		pthread_barrier_wait(&start_line);
		pthread_barrier_wait(&end_line);
		rep_ns[r] = now_ns() - t0;
		ns += rep_ns[r];
	}
	qsort(rep_ns, reps, sizeof(rep_ns[0]), cmp_ll);
	for (i = 0; i < threads; i++) {
		pthread_join(workers[i].tid, NULL);
		if (workers[i].failed && !failed)
			first_err = workers[i].first_err;
		failed += workers[i].failed;
	}
	for (i = 0; i < threads; i++) {
		dxg_close_handles(&workers[i].h);
		free(workers[i].buf);
	}
	printf("dxgbench/1 threads=%u size=%u reps=%u escapes=%lld failed=%u first_err=%d ",
	       threads, size, reps, per * reps, failed, first_err);
	printf("ns=%lld ns_per_escape=%lld median_ns_per_escape=%lld\n",
	       ns, rep_ns[0] / per,
	       (reps % 2 ? rep_ns[reps / 2] : (rep_ns[reps / 2 - 1] + rep_ns[reps / 2]) / 2) / per);
	return failed ? 1 : 0;
}
