/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ns per ptpdk_shm_now() against clock_gettime(CLOCK_REALTIME) and
 * clock_gettime(CLOCK_MONOTONIC), measured in the same run on a pinned reader (CPU 0)
 * while a writer thread (CPU 1) republishes the region at 128 Hz. The writer's
 * "grandmaster" is CLOCK_REALTIME itself: each publish maps the current TSC to
 * CLOCK_REALTIME, so ptpdk_shm_now()'s distance to CLOCK_REALTIME is the mapping error.
 *
 * Per call: each call between two ordered TSC reads, minus the median empty pair.
 * Batch: --calls calls between two CLOCK_MONOTONIC_RAW reads, elapsed / calls.
 * Figures only; a benchmark never fails on a timing.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "ptpdk_shm_client.h"
#include "ptpdk_shm_writer.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#define PUBLISH_HZ    128
#define HIST_TICKS    65536 /* per-call histogram in TSC ticks; the last bin is overflow */
#define ERROR_SAMPLES 200000

enum { C_SHM, C_REALTIME, C_MONOTONIC, N_CLOCKS };
static const char *const clock_names[N_CLOCKS] = {
	"ptpdk_shm_now()",
	"clock_gettime(CLOCK_REALTIME)",
	"clock_gettime(CLOCK_MONOTONIC)",
};

struct per_call {
	uint64_t hist[HIST_TICKS];
	uint64_t n;
	double sum_ticks; /* after the overhead is subtracted */
	double batch_ns;  /* sum of batch means, one per round */
	unsigned rounds;
};

struct writer_thread {
	struct ptpdk_shm_writer *w;
	uint64_t hz;
	double freq_ppb; /* CLOCK_REALTIME's rate against CLOCK_MONOTONIC_RAW */
	double rate_bound_ppb;
	atomic_bool stop;
	atomic_ulong published;
	double worst_bracket_ns;
};

static struct per_call results[N_CLOCKS];
static volatile int64_t sink;

/* A TSC read that neither starts before earlier instructions nor lets later ones
 * start before it: the bracket around one call. */
static inline uint64_t tsc_fenced(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint64_t t;

	_mm_lfence();
	t = __rdtsc();
	_mm_lfence();
	return t;
#else
	uint64_t t;

	atomic_thread_fence(memory_order_seq_cst);
	t = ptpdk_shm_tsc();
	atomic_thread_fence(memory_order_seq_cst);
	return t;
#endif
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void pin(int cpu, const char *who)
{
	cpu_set_t set;
	int rc;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (rc)
		fprintf(stderr, "warning: cannot pin the %s to CPU %d: %s\n", who, cpu,
			strerror(rc));
}

/*
 * Read @p id between two TSC reads, @p tries times, and keep the narrowest bracket
 * (an interrupt or the first call's page fault widens one): the TSC at the reading
 * is its midpoint.
 */
static int64_t bracket(clockid_t id, unsigned tries, uint64_t *tsc, double *width_ticks)
{
	uint64_t best = UINT64_MAX;
	int64_t v = 0;

	*tsc = 0;
	while (tries--) {
		uint64_t a = tsc_fenced();
		int64_t r = clock_ns(id);
		uint64_t b = tsc_fenced();

		if (b - a < best) {
			best = b - a;
			v = r;
			*tsc = a + (b - a) / 2;
		}
	}
	*width_ticks = (double)best;
	return v;
}

/*
 * The TSC rate against CLOCK_MONOTONIC_RAW over @p ms, and CLOCK_REALTIME's rate
 * against CLOCK_MONOTONIC_RAW over the same interval (NTP's correction).
 */
static uint64_t calibrate(unsigned ms, double *realtime_ppb, double *uncertainty_ppb)
{
	struct timespec d = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
	uint64_t t0, t1;
	double w0, w1;
	int64_t m0 = bracket(CLOCK_MONOTONIC_RAW, 32, &t0, &w0), r0 = clock_ns(CLOCK_REALTIME), m1,
		r1;
	double hz;

	nanosleep(&d, NULL);
	m1 = bracket(CLOCK_MONOTONIC_RAW, 32, &t1, &w1);
	r1 = clock_ns(CLOCK_REALTIME);
	hz = (double)(t1 - t0) * 1e9 / (double)(m1 - m0);
	*realtime_ppb = ((double)(r1 - r0) - (double)(m1 - m0)) / (double)(m1 - m0) * 1e9;
	/* Half of each bracket, in ns, over the interval. */
	*uncertainty_ppb = (w0 + w1) / 2 / hz * 1e9 / (double)(m1 - m0) * 1e9;
	return (uint64_t)llround(hz);
}

static void publish(struct writer_thread *wt)
{
	struct ptpdk_shm_clock_record r;
	uint64_t tsc;
	double width;
	int64_t real = bracket(CLOCK_REALTIME, 8, &tsc, &width);
	double half_ns = width / 2 / (double)wt->hz * 1e9;

	memset(&r, 0, sizeof(r));
	/* CLOCK_REALTIME is UTC: the ARB timescale, no offset to apply. */
	r.flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_LOCKED;
	r.clock_state = PTPDK_SHM_CLOCK_LOCKED;
	r.servo_state = 2;
	r.error_bound_ns = 0; /* CLOCK_REALTIME is this bench's grandmaster */
	r.mapping_error_ns = half_ns;
	r.bound_rate_ppb = wt->rate_bound_ppb;
	ptpdk_shm_clock_set_mapping(&r, tsc, real, wt->hz, wt->freq_ppb);
	snprintf(r.clock_name, sizeof(r.clock_name), "bench");
	if (half_ns > wt->worst_bracket_ns)
		wt->worst_bracket_ns = half_ns;
	ptpdk_shm_writer_publish_clock(wt->w, 0, &r, ptpdk_shm_tsc(),
				       (uint64_t)clock_ns(CLOCK_MONOTONIC));
	ptpdk_shm_writer_heartbeat(wt->w, ptpdk_shm_tsc(), (uint64_t)clock_ns(CLOCK_MONOTONIC));
	atomic_fetch_add(&wt->published, 1);
}

static void *writer_main(void *arg)
{
	struct writer_thread *wt = arg;
	struct timespec next;

	pin(1, "writer");
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!atomic_load(&wt->stop)) {
		publish(wt);
		next.tv_nsec += 1000000000L / PUBLISH_HZ;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The most common non-zero step between two back-to-back TSC reads: the counter's
 * granularity (some CPUs advance it by tens of ticks at a time). */
static unsigned tsc_step_ticks(void)
{
	static unsigned steps[1024];
	unsigned best = 1;

	for (unsigned i = 0; i < 1000000; i++) {
		uint64_t a = ptpdk_shm_tsc();
		uint64_t b = ptpdk_shm_tsc();

		if (b > a && b - a < 1024)
			steps[b - a]++;
	}
	for (unsigned i = 1; i < 1024; i++)
		if (steps[i] > steps[best])
			best = i;
	return best;
}

/* Median of @p n empty brackets, in ticks. */
static uint64_t empty_pair_ticks(unsigned n)
{
	uint64_t *d = malloc(n * sizeof(*d)), m;

	for (unsigned i = 0; i < n; i++) {
		uint64_t a = tsc_fenced();
		uint64_t b = tsc_fenced();

		d[i] = b - a;
	}
	qsort(d, n, sizeof(*d), cmp_u64);
	m = d[n / 2];
	free(d);
	return m;
}

static const struct ptpdk_shm_client *client;

static unsigned run_per_call(int which, uint64_t calls, uint64_t overhead)
{
	struct per_call *pc = &results[which];
	struct ptpdk_shm_time t;
	struct timespec ts;
	unsigned bad = 0;
	int64_t acc = 0;

	for (uint64_t i = 0; i < calls; i++) {
		uint64_t a, b, d;

		a = tsc_fenced();
		if (which == C_SHM) {
			bad += ptpdk_shm_now(client, 0, &t) != 0;
			acc += t.clock_ns;
		} else {
			clock_gettime(which == C_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
			acc += ts.tv_nsec;
		}
		b = tsc_fenced();
		d = b - a;
		d = d > overhead ? d - overhead : 0;
		pc->hist[d < HIST_TICKS - 1 ? d : HIST_TICKS - 1]++;
		pc->sum_ticks += (double)d;
		pc->n++;
	}
	sink += acc;
	return bad;
}

static unsigned run_batch(int which, uint64_t calls)
{
	struct per_call *pc = &results[which];
	struct ptpdk_shm_time t;
	struct timespec ts;
	unsigned bad = 0;
	int64_t acc = 0, t0, t1;

	t0 = clock_ns(CLOCK_MONOTONIC_RAW);
	if (which == C_SHM) {
		for (uint64_t i = 0; i < calls; i++) {
			bad += ptpdk_shm_now(client, 0, &t) != 0;
			acc += t.clock_ns;
		}
	} else {
		clockid_t id = which == C_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;

		for (uint64_t i = 0; i < calls; i++) {
			clock_gettime(id, &ts);
			acc += ts.tv_nsec;
		}
	}
	t1 = clock_ns(CLOCK_MONOTONIC_RAW);
	sink += acc;
	pc->batch_ns += (double)(t1 - t0) / (double)calls;
	pc->rounds++;
	return bad;
}

/* The per-call percentile @p q (0..1) in ns, by nearest rank over the histogram. */
static double percentile_ns(const struct per_call *pc, double q, uint64_t hz)
{
	uint64_t rank = (uint64_t)ceil(q * (double)pc->n), seen = 0;

	if (rank < 1)
		rank = 1;
	for (unsigned i = 0; i < HIST_TICKS; i++) {
		seen += pc->hist[i];
		if (seen >= rank)
			return (double)i * 1e9 / (double)hz;
	}
	return NAN;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--seconds N] [--calls N] [--dir DIR]\n"
		"  --seconds N  measure for about N seconds, in rounds (default 5)\n"
		"  --calls N    calls per round and clock, timed one by one and as a batch "
		"(default 1000000)\n"
		"  --dir DIR    make the region in DIR (default: a hugetlbfs mount, else "
		"/dev/shm)\n",
		prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "calls", required_argument, NULL, 'c' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ptpdk_shm_writer_config cfg = { .n_clocks = 1 };
	struct writer_thread wt = { 0 };
	struct ptpdk_shm_client *c = NULL;
	double seconds = 5, cal_ppb, start, *err_ns, *bounds;
	uint64_t calls = 1000000, overhead;
	unsigned bad[N_CLOCKS] = { 0 }, rounds = 0, n_err = 0, step;
	char name[32], note[512], err[512];
	struct statfs sfs;
	pthread_t th;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "s:c:d:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			seconds = atof(optarg);
			break;
		case 'c':
			calls = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			cfg.dir = optarg;
			break;
		default:
			usage(argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (seconds <= 0 || calls == 0) {
		usage(argv[0]);
		return 2;
	}
	pin(0, "reader");

	wt.hz = calibrate(200, &wt.freq_ppb, &cal_ppb);
	/* The mapping's rate is good to the calibration; say so in the bound. */
	wt.rate_bound_ppb = cal_ppb;
	snprintf(name, sizeof(name), "bench%d", (int)getpid());
	cfg.name = name;
	cfg.tsc_hz = wt.hz;
	cfg.heartbeat_period_ms = 1000 / PUBLISH_HZ;
	cfg.heartbeat_timeout_ms = 200;
	wt.w = ptpdk_shm_writer_create(&cfg, note, sizeof(note));
	if (!wt.w) {
		fprintf(stderr, "cannot create the region: %s (%s)\n", strerror(errno), note);
		return 1;
	}
	if (statfs(ptpdk_shm_writer_path(wt.w), &sfs) != 0)
		memset(&sfs, 0, sizeof(sfs));
	printf("region: %s on %s (%ld KiB pages)%s%s\n", ptpdk_shm_writer_path(wt.w),
	       ptpdk_shm_writer_on_hugepages(wt.w) ? "hugetlbfs" : "/dev/shm (no huge page)",
	       (long)sfs.f_bsize / 1024, note[0] ? "\n  note: " : "", note);
	publish(&wt); /* valid before the reader starts */
	rc = pthread_create(&th, NULL, writer_main, &wt);
	if (rc) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		ptpdk_shm_writer_destroy(wt.w);
		return 1;
	}
	rc = ptpdk_shm_open(ptpdk_shm_writer_path(wt.w), &c, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "ptpdk_shm_open: %s\n", err);
		goto out;
	}
	client = c;
	overhead = empty_pair_ticks(1000000);
	printf("TSC: %.6f MHz (200 ms against CLOCK_MONOTONIC_RAW, +-%.0f ppb); "
	       "CLOCK_REALTIME runs %+.0f ppb against CLOCK_MONOTONIC_RAW\n",
	       (double)wt.hz * 1e-6, cal_ppb, wt.freq_ppb);
	step = tsc_step_ticks();
	printf("TSC granularity: it advances by %u ticks (%.1f ns) at a time: per-call "
	       "percentiles are quantized to that, batch means are not\n",
	       step, step * 1e9 / (double)wt.hz);
	printf("empty rdtsc pair (lfence; rdtsc; lfence, twice): %.2f ns median, subtracted from "
	       "every per-call figure\n",
	       (double)overhead * 1e9 / (double)wt.hz);

	err_ns = malloc(ERROR_SAMPLES * sizeof(*err_ns));
	bounds = malloc(ERROR_SAMPLES * sizeof(*bounds));
	start = (double)clock_ns(CLOCK_MONOTONIC_RAW) * 1e-9;
	do {
		/* Interleaved, so that the three see the same machine. */
		for (int k = 0; k < N_CLOCKS; k++) {
			bad[k] += run_per_call(k, calls, overhead);
			bad[k] += run_batch(k, calls);
		}
		/* ptpdk_shm_now() against CLOCK_REALTIME read just before and after it. */
		for (unsigned i = 0; i < 1000 && n_err < ERROR_SAMPLES; i++) {
			struct ptpdk_shm_time t;
			int64_t r0 = clock_ns(CLOCK_REALTIME);
			int now_rc = ptpdk_shm_now(c, 0, &t);
			int64_t r1 = clock_ns(CLOCK_REALTIME);

			if (now_rc == 0) {
				err_ns[n_err] = (double)(t.utc_ns - r0) - (double)(r1 - r0) / 2;
				bounds[n_err++] = t.error_bound_ns;
			}
		}
		rounds++;
	} while ((double)clock_ns(CLOCK_MONOTONIC_RAW) * 1e-9 - start < seconds);

	printf("%u rounds of %llu calls per clock, per call and as a batch; writer published %lu "
	       "times at %d Hz\n",
	       rounds, (unsigned long long)calls, atomic_load(&wt.published), PUBLISH_HZ);
	printf("%-32s %8s %8s %8s %8s %12s\n", "ns per call", "p50", "p99", "p99.9", "mean",
	       "batch mean");
	for (int k = 0; k < N_CLOCKS; k++) {
		const struct per_call *pc = &results[k];

		printf("%-32s %8.1f %8.1f %8.1f %8.2f %12.2f\n", clock_names[k],
		       percentile_ns(pc, 0.5, wt.hz), percentile_ns(pc, 0.99, wt.hz),
		       percentile_ns(pc, 0.999, wt.hz),
		       pc->sum_ticks / (double)pc->n * 1e9 / (double)wt.hz,
		       pc->batch_ns / pc->rounds);
	}
	if (n_err) {
		qsort(err_ns, n_err, sizeof(*err_ns), cmp_double);
		qsort(bounds, n_err, sizeof(*bounds), cmp_double);
		printf("ptpdk_shm_now() - CLOCK_REALTIME over %u samples: median %+.1f ns, "
		       "p1 %+.1f ns, p99 %+.1f ns; reported error bound median %.1f ns, max %.1f "
		       "ns\n",
		       n_err, err_ns[n_err / 2], err_ns[n_err / 100],
		       err_ns[n_err - 1 - n_err / 100], bounds[n_err / 2], bounds[n_err - 1]);
	}
	printf("writer's CLOCK_REALTIME bracket: worst half-width %.1f ns\n", wt.worst_bracket_ns);
	printf("ptpdk_shm_now() calls that did not return 0: %u\n", bad[C_SHM]);
	free(err_ns);
	free(bounds);
	ptpdk_shm_close(c);
out:
	atomic_store(&wt.stop, true);
	pthread_join(th, NULL);
	ptpdk_shm_writer_destroy(wt.w);
	return rc ? 1 : 0;
}
