/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The clock layer: virtual-clock arithmetic over a simulated counter (phase,
 * frequency, rebasing, wrap-around, sub-ns precision, stamps converted after the
 * clock moved on), the ops-table wrappers, cross-timestamps with a fake tick reader,
 * and smoke tests of the host TSC that assert nothing about the host's timing.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "ptpdk_clock.h"
#include "ptpdk_clock_private.h"
#include "ptpdk_clock_tsc.h"
#include "ptpdk_counter_sim.h"
#include "ptpdk_tsc.h"
#include "ptpdk_vclock.h"
#include "ptpdk_xts.h"

#include "check.h"

#define GHZ   1000000000ULL
#define T0_NS 1700000000000000000LL /* 2023-11, a realistic epoch offset */

static struct ptpdk_tmv tmv(int64_t ns, uint16_t frac)
{
	struct ptpdk_tmv t = { .ns = ns, .frac = frac };
	return t;
}

static bool tmv_eq(struct ptpdk_tmv a, struct ptpdk_tmv b)
{
	return a.ns == b.ns && a.frac == b.frac;
}

/* |a - b| in 1/65536 ns, saturated. */
static int64_t tmv_dist(struct ptpdk_tmv a, struct ptpdk_tmv b)
{
	struct ptpdk_tmv d = ptpdk_tmv_sub(a, b);
	int64_t s;

	if (ptpdk_tmv_to_scaled(d, &s))
		return INT64_MAX;
	return s < 0 ? -s : s;
}

struct sim_clock {
	struct ptpdk_counter_sim *osc;
	struct ptpdk_clock *clk;
};

static bool sim_clock_open(struct sim_clock *s, unsigned width, uint64_t hz, uint64_t start,
			   struct ptpdk_tmv initial, double max_ppb)
{
	struct ptpdk_vclock_config cfg = {
		.initial = initial, .source = PTPDK_TS_NIC_TICKS, .name = "sim", .max_ppb = max_ppb
	};

	s->osc = ptpdk_counter_sim_create(width, hz, start);
	CHECK(s->osc != NULL);
	if (!s->osc)
		return false;
	ptpdk_counter_sim_counter(s->osc, &cfg.counter);
	s->clk = ptpdk_vclock_create(&cfg);
	CHECK(s->clk != NULL);
	return s->clk != NULL;
}

static void sim_clock_close(struct sim_clock *s)
{
	ptpdk_clock_destroy(s->clk);
	ptpdk_counter_sim_destroy(s->osc);
}

static struct ptpdk_tmv now(struct ptpdk_clock *clk)
{
	struct ptpdk_tmv t = { 0, 0 };

	CHECK_EQ_INT(ptpdk_clock_gettime(clk, &t), 0);
	return t;
}

static void test_sim_counter(void)
{
	struct ptpdk_counter_sim *a = ptpdk_counter_sim_create(64, 25000000, 0);
	struct ptpdk_counter_sim *b = ptpdk_counter_sim_create(64, 25000000, 0);
	struct ptpdk_counter c;
	uint64_t raw = 0;
	int i;

	CHECK(ptpdk_counter_sim_create(4, GHZ, 0) == NULL && errno == EINVAL);
	CHECK(ptpdk_counter_sim_create(32, 0, 0) == NULL);
	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_EQ_INT(ptpdk_counter_sim_set_error(a, 20000), 0);
	CHECK_EQ_INT(ptpdk_counter_sim_set_error(b, 20000), 0);
	CHECK_EQ_INT(ptpdk_counter_sim_set_error(b, NAN), -EINVAL);
	/* 25 MHz at +20 ppm: 25000500 ticks per second, whether in one step or 10^5. */
	ptpdk_counter_sim_advance_ns(a, 1000000000);
	for (i = 0; i < 100000; i++)
		ptpdk_counter_sim_advance_ns(b, 10000);
	CHECK_EQ_INT(ptpdk_counter_sim_ticks(a), 25000500);
	CHECK_EQ_INT(ptpdk_counter_sim_ticks(b), 25000500);
	ptpdk_counter_sim_destroy(a);

	/* A narrow counter wraps on read but not in its tick count. */
	ptpdk_counter_sim_destroy(b);
	b = ptpdk_counter_sim_create(16, 1000, 65530);
	ptpdk_counter_sim_counter(b, &c);
	ptpdk_counter_sim_advance_ticks(b, 10);
	CHECK_EQ_INT(c.read(c.ctx, &raw), 0);
	CHECK_EQ_INT(raw, 4);
	CHECK_EQ_INT(ptpdk_counter_sim_ticks(b), 65540);
	ptpdk_counter_sim_fail(b, -EIO);
	CHECK_EQ_INT(c.read(c.ctx, &raw), -EIO);
	CHECK_EQ_INT(ptpdk_counter_sim_reads(b), 2);
	ptpdk_counter_sim_destroy(b);
}

static void test_phase_and_freq(void)
{
	struct sim_clock fast, ref;
	struct ptpdk_tmv t, before;
	double ppb = 0;

	if (!sim_clock_open(&fast, 64, GHZ, 12345, tmv(T0_NS, 0), 0) ||
	    !sim_clock_open(&ref, 64, GHZ, 999, tmv(T0_NS, 0), 0))
		return;
	CHECK(tmv_eq(now(fast.clk), tmv(T0_NS, 0)));

	/* +100 ppb over 10 s of ticks: exactly 1000 ns more than nominal. */
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(fast.clk, 100), 0);
	CHECK_EQ_INT(ptpdk_clock_get_freq(fast.clk, &ppb), 0);
	CHECK(ppb == 100);
	ptpdk_counter_sim_advance_ticks(fast.osc, 10 * GHZ);
	ptpdk_counter_sim_advance_ticks(ref.osc, 10 * GHZ);
	t = now(fast.clk);
	CHECK(tmv_eq(t, tmv(T0_NS + 10 * (int64_t)GHZ + 1000, 0)));
	CHECK(tmv_eq(now(ref.clk), tmv(T0_NS + 10 * (int64_t)GHZ, 0)));

	/* A frequency change starts a new segment: the time does not move... */
	before = now(fast.clk);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(fast.clk, -50), 0);
	CHECK(tmv_eq(now(fast.clk), before));
	/* ...and only later time runs at the new rate: 5 s at -50 ppb is -250 ns. */
	ptpdk_counter_sim_advance_ticks(fast.osc, 5 * GHZ);
	CHECK(tmv_eq(now(fast.clk), tmv(T0_NS + 15 * (int64_t)GHZ + 1000 - 250, 0)));

	/* Steps, both ways, keep the fraction and the rate. */
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(fast.clk, 1234567), 0);
	CHECK(tmv_eq(now(fast.clk), tmv(T0_NS + 15 * (int64_t)GHZ + 750 + 1234567, 0)));
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(fast.clk, -1234567 - 750), 0);
	CHECK(tmv_eq(now(fast.clk), tmv(T0_NS + 15 * (int64_t)GHZ, 0)));
	ptpdk_counter_sim_advance_ticks(fast.osc, 2 * GHZ);
	CHECK(tmv_eq(now(fast.clk), tmv(T0_NS + 17 * (int64_t)GHZ - 100, 0)));

	/* settime keeps the sub-ns part and continues at the current rate. */
	CHECK_EQ_INT(ptpdk_clock_settime(fast.clk, &(struct ptpdk_tmv){ 42, 0x8000 }), 0);
	CHECK(tmv_eq(now(fast.clk), tmv(42, 0x8000)));
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(fast.clk, 0), 0);
	ptpdk_counter_sim_advance_ticks(fast.osc, 1000);
	CHECK(tmv_eq(now(fast.clk), tmv(1042, 0x8000)));

	/* A counter read error is the operation's error. */
	ptpdk_counter_sim_fail(fast.osc, -EIO);
	CHECK_EQ_INT(ptpdk_clock_gettime(fast.clk, &t), -EIO);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(fast.clk, 1), -EIO);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(fast.clk, 1), -EIO);
	ptpdk_counter_sim_fail(fast.osc, 0);
	CHECK(tmv_eq(now(fast.clk), tmv(1042, 0x8000)));
	sim_clock_close(&fast);
	sim_clock_close(&ref);
}

static void test_true_error(void)
{
	struct sim_clock s;
	int i;

	/* An oscillator 37.5 ppb fast, corrected by -37.5 ppb at the clock: after 100 s
	 * of true time the clock is within 1e-3 ns of it (1 - 37.5e-9)(1 + 37.5e-9) = 1 - 1.4e-15.
	 */
	if (!sim_clock_open(&s, 64, GHZ, 0, tmv(0, 0), 0))
		return;
	CHECK_EQ_INT(ptpdk_counter_sim_set_error(s.osc, 37.5), 0);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(s.clk, -37.5 / (1 + 37.5e-9)), 0);
	for (i = 0; i < 100; i++)
		ptpdk_counter_sim_advance_ns(s.osc, GHZ);
	CHECK_NEAR(ptpdk_tmv_to_double_ns(now(s.clk)), 100e9, 1e-3);
	sim_clock_close(&s);
}

/* Expected tmv of k ticks at 3 GHz: k/3 ns, rounded to 1/65536. */
static struct ptpdk_tmv third(int64_t base, uint64_t k)
{
	static const uint16_t frac[3] = { 0, 21845, 43691 }; /* 65536/3 = 21845.33 */
	return tmv(base + (int64_t)(k / 3), frac[k % 3]);
}

static void test_subns(void)
{
	struct sim_clock s;
	bool all = true;
	uint64_t k;

	/* 1/3 ns per tick read after every tick: a clock that added rounded increments
	 * would drift by up to 1/65536 ns per read; this one is exact at every read. */
	if (!sim_clock_open(&s, 64, 3 * GHZ, 7, tmv(T0_NS, 0), 0))
		return;
	for (k = 1; k <= 300000; k++) {
		ptpdk_counter_sim_advance_ticks(s.osc, 1);
		all &= tmv_eq(now(s.clk), third(T0_NS, k));
	}
	CHECK(all);
	CHECK(tmv_eq(now(s.clk), tmv(T0_NS + 100000, 0)));

	/* +1 ppb over 10^6 single ticks at 1 GHz: 10^6 ns + 0.001 ns (65.5/65536). */
	sim_clock_close(&s);
	if (!sim_clock_open(&s, 64, GHZ, 0, tmv(0, 0), 0))
		return;
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(s.clk, 1), 0);
	for (k = 0; k < 1000000; k++) {
		ptpdk_counter_sim_advance_ticks(s.osc, 1);
		(void)now(s.clk);
	}
	CHECK(tmv_dist(now(s.clk), tmv(1000000, 66)) <= 1);
	sim_clock_close(&s);
}

static void test_old_stamps(void)
{
	struct ptpdk_tmv at1, at2, t;
	struct sim_clock s;
	uint64_t r1, r2;

	if (!sim_clock_open(&s, 64, GHZ, 5000, tmv(T0_NS, 0), 0))
		return;
	ptpdk_counter_sim_advance_ticks(s.osc, 1000);
	r1 = ptpdk_counter_sim_raw(s.osc);
	at1 = now(s.clk);
	ptpdk_counter_sim_advance_ticks(s.osc, 500);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(s.clk, 200000), 0);
	ptpdk_counter_sim_advance_ticks(s.osc, 500);
	r2 = ptpdk_counter_sim_raw(s.osc);
	at2 = now(s.clk);
	ptpdk_counter_sim_advance_ticks(s.osc, 1000);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(s.clk, -1000000), 0);
	ptpdk_counter_sim_advance_ticks(s.osc, 1000);

	/* r2 was taken after the frequency change and before the step: the previous
	 * segment still converts it to what the clock showed then. */
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS, r2, &t), 0);
	CHECK(tmv_eq(t, at2));
	/* r1 predates two adjustments: extrapolated back through the previous segment,
	 * 500 ticks at +200 ppm before its start: at1 + 500 - 500.1 ns (0.1 ns = 6553.6/65536). */
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS, r1, &t), 0);
	CHECK(tmv_dist(t, ptpdk_tmv_sub(at1, tmv(0, 6554))) <= 1);
	/* A stamp newer than the last read converts with the current segment. */
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS,
					     ptpdk_counter_sim_raw(s.osc) + 100000, &t),
		     0);
	CHECK(tmv_eq(t, ptpdk_tmv_add(now(s.clk), tmv(100020, 0))));
	/* Wrong source, no stamp. */
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_TSC, r2, &t), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_NS, r2, &t), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NONE, r2, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_SOURCE_MAX, r2, &t), -EINVAL);
	/* A 64-bit stamp from another epoch (ns since 1970 given to a tick clock). */
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS, (uint64_t)T0_NS, &t),
		     -ERANGE);
	sim_clock_close(&s);
}

/* Randomised: a 32- or 48-bit counter around its wrap, against the unwrapped count. */
static void test_wrap(unsigned width)
{
	const uint64_t wrap = 1ULL << width;
	const uint64_t start = wrap - 1 - (check_rand() % 100000);
	struct ptpdk_tmv t;
	struct sim_clock s;
	bool ok = true;
	int i;

	if (!sim_clock_open(&s, width, GHZ, start, tmv(0, 0), 0))
		return;
	CHECK_EQ_INT(ptpdk_vclock_window(ptpdk_vclock_of(s.clk)),
		     width == 32 ? wrap / 2 - 1 : 3600 * GHZ);
	/* A stamp taken just before the wrap, converted after it (and after a read). */
	ptpdk_counter_sim_set(s.osc, wrap - 3);
	{
		uint64_t before = ptpdk_counter_sim_raw(s.osc);
		struct ptpdk_tmv at = now(s.clk);

		ptpdk_counter_sim_advance_ticks(s.osc, 10);
		CHECK(ptpdk_counter_sim_raw(s.osc) == 7);
		CHECK(tmv_eq(now(s.clk), ptpdk_tmv_add(at, tmv(10, 0))));
		CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS, before, &t), 0);
		CHECK(tmv_eq(t, at));
		/* ...and one taken after the wrap, converted with the last read before it. */
		CHECK_EQ_INT(ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS, before + 20, &t),
			     0);
		CHECK(tmv_eq(t, ptpdk_tmv_add(at, tmv(20, 0))));
	}
	/* Many wraps in random steps below half a wrap (the read rule). */
	for (i = 0; i < 2000; i++) {
		uint64_t step = check_rand() % (wrap / 2 - 1);
		uint64_t back = check_rand() % 1000000;

		ptpdk_counter_sim_advance_ticks(s.osc, step);
		t = now(s.clk);
		ok &= t.frac == 0 && t.ns == (int64_t)(ptpdk_counter_sim_ticks(s.osc) - start);
		/* An older stamp, possibly from before the last wrap. */
		ok &= ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS,
					      (ptpdk_counter_sim_raw(s.osc) - back) & (wrap - 1),
					      &t) == 0;
		ok &= t.ns == (int64_t)(ptpdk_counter_sim_ticks(s.osc) - back - start);
	}
	CHECK(ok);
	if (width == 32) {
		/* Exactly half a wrap away is ambiguous. */
		CHECK_EQ_INT(ptpdk_clock_raw_to_time(
				     s.clk, PTPDK_TS_NIC_TICKS,
				     (ptpdk_counter_sim_raw(s.osc) + wrap / 2) & (wrap - 1), &t),
			     -ERANGE);
	}
	sim_clock_close(&s);
}

/*
 * Randomised: frequency changes, steps and advances against a reference kept as
 * integer ns plus a double fraction (exact to ~1e-9 ns at these magnitudes);
 * stamps from the current and previous segments are converted after the clock
 * moved on.
 */
struct ref {
	int64_t ns;
	double frac;
};

static void ref_add(struct ref *r, int64_t ns, double frac)
{
	double f = r->frac + frac, fl = floor(f);

	r->ns += ns + (int64_t)fl;
	r->frac = f - fl;
}

static int64_t ref_dist(struct ref r, struct ptpdk_tmv t)
{
	double d = ((double)(t.ns - r.ns) + (double)t.frac / 65536.0 - r.frac) * 65536.0;
	return (int64_t)fabs(d);
}

static void test_random_ops(void)
{
	struct stamp {
		uint64_t raw;
		struct ref want;
		int seg;
	} st[64];
	struct sim_clock s;
	struct ref r = { 1000000000000LL, 0 };
	unsigned nst = 0, i, j;
	int seg = 0;
	double ppb = 0;
	int64_t worst = 0;

	if (!sim_clock_open(&s, 48, GHZ, check_rand() & 0xffffffffffffULL, tmv(r.ns, 0), 0))
		return;
	for (i = 0; i < 5000; i++) {
		uint64_t op = check_rand() % 8, n;
		struct ptpdk_tmv t;

		switch (op) {
		case 0:
			ppb = (double)(int64_t)(check_rand() % 2000001) - 1000000.0;
			ppb /= 7.0; /* not a round number */
			CHECK(ptpdk_clock_adjust_freq(s.clk, ppb) >= 0);
			CHECK_EQ_INT(ptpdk_clock_get_freq(s.clk, &ppb), 0);
			seg++;
			break;
		case 1: {
			int64_t d = (int64_t)(check_rand() % 2000001) - 1000000;

			CHECK_EQ_INT(ptpdk_clock_adjust_phase(s.clk, d), 0);
			ref_add(&r, d, 0);
			seg++;
			break;
		}
		case 2:
			if (nst < 64) {
				st[nst].raw = ptpdk_counter_sim_raw(s.osc);
				st[nst].want = r;
				st[nst].seg = seg;
				nst++;
				/* A stamp at the very tick of a later step would be ambiguous. */
				ptpdk_counter_sim_advance_ticks(s.osc, 1);
				ref_add(&r, 1, ppb * 1e-9);
			}
			break;
		default:
			n = check_rand() % (check_rand() % 2 ? 1000 : 100000000000ULL);
			ptpdk_counter_sim_advance_ticks(s.osc, n);
			/* n * (1 + ppb 1e-9): the integer part exactly, the rest in double. */
			ref_add(&r, (int64_t)n, (double)n * ppb * 1e-9);
			t = now(s.clk);
			if (ref_dist(r, t) > worst)
				worst = ref_dist(r, t);
			break;
		}
		/* Stamps older than the previous adjustment are only extrapolated. */
		for (j = 0; j < nst;) {
			if (st[j].seg < seg - 1) {
				st[j] = st[--nst];
				continue;
			}
			CHECK_EQ_INT(
				ptpdk_clock_raw_to_time(s.clk, PTPDK_TS_NIC_TICKS, st[j].raw, &t),
				0);
			if (ref_dist(st[j].want, t) > worst)
				worst = ref_dist(st[j].want, t);
			j++;
		}
	}
	/* Rounding to 1/65536 ns is the only visible error. */
	CHECK(worst <= 1);
	printf("random ops: worst error %lld/65536 ns\n", (long long)worst);
	sim_clock_close(&s);
}

static void test_vclock_pure(void)
{
	struct ptpdk_vclock vc;
	struct ptpdk_tmv t = tmv(INT64_MAX - 1000, 0);

	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 7, GHZ, 0, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 65, GHZ, 0, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 64, 0, 0, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 64, PTPDK_COUNTER_MAX_HZ + 1, 0, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 64, GHZ, 0, &t), 0);
	CHECK_EQ_INT(ptpdk_vclock_set_freq(&vc, 0, NAN), -EINVAL);
	CHECK_EQ_INT(ptpdk_vclock_set_freq(&vc, 0, -1e9), -EINVAL);
	CHECK_EQ_INT(ptpdk_vclock_set_freq(&vc, 0, INFINITY), -EINVAL);
	/* Near the end of the tmv range: overflow is reported, never wrapped. */
	CHECK_EQ_INT(ptpdk_vclock_step(&vc, 0, 2000), -ERANGE);
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, 999, &t), 0);
	CHECK(t.ns == INT64_MAX - 1);
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, 1001, &t), -ERANGE);
	CHECK_EQ_INT(ptpdk_vclock_step(&vc, 0, -2000), 0);
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, 1001, &t), 0);
	CHECK(t.ns == INT64_MAX - 1999);
	/* Window: settable, capped at half a wrap. */
	ptpdk_vclock_set_window(&vc, 10);
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, 11, &t), -ERANGE);
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, (uint64_t)-10, &t), 0);
	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 16, 1000, 0, &t), 0);
	ptpdk_vclock_set_window(&vc, 1 << 20);
	CHECK_EQ_INT(ptpdk_vclock_window(&vc), 32767);
	ptpdk_vclock_set_window(&vc, 0);
	CHECK_EQ_INT(ptpdk_vclock_window(&vc), 32767);

	/* Slow and fast nominal rates: 1 Hz and 2^40 Hz. */
	t = tmv(0, 0);
	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 64, 1, 0, &t), 0);
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, 3, &t), 0);
	CHECK(tmv_eq(t, tmv(3000000000LL, 0)));
	t = tmv(0, 0);
	CHECK_EQ_INT(ptpdk_vclock_init(&vc, 64, 1ULL << 40, 0, &t), 0);
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, 1ULL << 40, &t), 0);
	CHECK(tmv_eq(t, tmv(1000000000LL, 0)));
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, 1, &t), 0); /* 2^-40 s = 0.000909 ns */
	CHECK(tmv_eq(t, tmv(0, 60)));
	CHECK_EQ_INT(ptpdk_vclock_to_time(&vc, (uint64_t)-1, &t), 0);
	CHECK(tmv_eq(t, tmv(-1, 65536 - 60)));
}

/* A clock with no operations at all. */
static void bare_destroy(struct ptpdk_clock *clk)
{
	(void)clk;
}

static void test_missing_ops(void)
{
	static const struct ptpdk_clock_ops bare_ops = { .destroy = bare_destroy };
	struct ptpdk_clock bare;
	struct ptpdk_tmv t = { 0, 0 };
	double ppb;

	ptpdk_clock_init_base(&bare, &bare_ops, "a-rather-long-name-that-will-not-fit-in-32", 1000);
	CHECK(strlen(ptpdk_clock_name(&bare)) == PTPDK_CLOCK_NAME_LEN - 1);
	CHECK_EQ_INT(ptpdk_clock_gettime(&bare, &t), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_settime(&bare, &t), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(&bare, 1), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(&bare, 1), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_get_freq(&bare, &ppb), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(&bare, PTPDK_TS_TSC, 1, &t), -ENOTSUP);
	CHECK(ptpdk_clock_max_freq(&bare) == 0);
	ptpdk_clock_destroy(&bare);

	CHECK_EQ_INT(ptpdk_clock_gettime(NULL, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_clock_gettime(&bare, NULL), -EINVAL);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(NULL, 1), -EINVAL);
	CHECK(strcmp(ptpdk_clock_name(NULL), "(null)") == 0);
	ptpdk_clock_destroy(NULL);

	CHECK(strcmp(ptpdk_ts_source_name(PTPDK_TS_TSC), "tsc") == 0);
	CHECK(strcmp(ptpdk_ts_source_name(PTPDK_TS_NIC_NS), "nic-ns") == 0);
	CHECK(strcmp(ptpdk_ts_source_name(PTPDK_TS_NIC_TICKS), "nic-ticks") == 0);
	CHECK(strcmp(ptpdk_ts_source_name(PTPDK_TS_NONE), "none") == 0);
	CHECK(strcmp(ptpdk_ts_source_name(PTPDK_TS_SOURCE_MAX), "invalid") == 0);
	CHECK(ptpdk_ts_raw_from_timespec(&(struct timespec){ 2, 5 }) == 2000000005ULL);
}

static void test_clamp(void)
{
	struct sim_clock s;
	struct ptpdk_vclock_config cfg = { .max_ppb = PTPDK_VCLOCK_PPB_LIMIT };
	double ppb = 0;

	if (!sim_clock_open(&s, 64, GHZ, 0, tmv(0, 0), 1000))
		return;
	CHECK(ptpdk_clock_max_freq(s.clk) == 1000);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(s.clk, 999.5), 0);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(s.clk, 5000), PTPDK_CLOCK_CLAMPED);
	CHECK_EQ_INT(ptpdk_clock_get_freq(s.clk, &ppb), 0);
	CHECK(ppb == 1000);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(s.clk, -1e12), PTPDK_CLOCK_CLAMPED);
	CHECK_EQ_INT(ptpdk_clock_get_freq(s.clk, &ppb), 0);
	CHECK(ppb == -1000);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(s.clk, NAN), -EINVAL);
	CHECK_EQ_INT(ptpdk_clock_get_freq(s.clk, &ppb), 0);
	CHECK(ppb == -1000);
	/* Clamped means applied: 1 s of ticks at -1000 ppb. */
	ptpdk_counter_sim_advance_ticks(s.osc, GHZ);
	CHECK(tmv_eq(now(s.clk), tmv((int64_t)GHZ - 1000, 0)));
	sim_clock_close(&s);

	/* The default limit, and limits a vclock cannot honour. */
	if (!sim_clock_open(&s, 64, GHZ, 0, tmv(0, 0), 0))
		return;
	CHECK(ptpdk_clock_max_freq(s.clk) == PTPDK_VCLOCK_MAX_PPB);
	ptpdk_counter_sim_counter(s.osc, &cfg.counter);
	CHECK(ptpdk_vclock_create(&cfg) == NULL && errno == EINVAL);
	cfg.max_ppb = -1;
	CHECK(ptpdk_vclock_create(&cfg) == NULL && errno == EINVAL);
	cfg.max_ppb = 0;
	cfg.counter.width = 4;
	CHECK(ptpdk_vclock_create(&cfg) == NULL && errno == EINVAL);
	cfg.counter.width = 64;
	ptpdk_counter_sim_fail(s.osc, -ENODEV);
	CHECK(ptpdk_vclock_create(&cfg) == NULL && errno == ENODEV);
	ptpdk_counter_sim_fail(s.osc, 0);
	CHECK(ptpdk_vclock_of(NULL) == NULL);
	sim_clock_close(&s);
}

/* Fake ticks and a fake clock for the cross-timestamp: brackets are scripted. */
struct fake_xts {
	struct ptpdk_clock base;
	const uint64_t *ticks;
	unsigned nt, nc;
	int fail_at;
};

static uint64_t fake_ticks(void *ctx)
{
	struct fake_xts *f = ctx;

	return f->ticks[f->nt++];
}

static int fake_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now_out)
{
	struct fake_xts *f = (struct fake_xts *)clk;

	if ((int)f->nc == f->fail_at)
		return -EIO;
	*now_out = tmv(1000000 + 100 * (int64_t)f->nc++, 7);
	return 0;
}

static void test_xts(void)
{
	static const struct ptpdk_clock_ops fake_ops = { .gettime = fake_gettime,
							 .destroy = bare_destroy };
	/* Widths 10, 7, backwards, 3, 3, 9: the first width-3 bracket (try 3) wins. */
	static const uint64_t script[] = { 100, 110, 200, 207, 300, 290,
					   401, 404, 500, 503, 600, 609 };
	struct fake_xts f = { .ticks = script, .fail_at = -1 };
	struct ptpdk_xts x;

	ptpdk_clock_init_base(&f.base, &fake_ops, "fake", 0);
	CHECK_EQ_INT(ptpdk_xts_sample(&f.base, fake_ticks, &f, 3 * GHZ, 6, &x), 0);
	CHECK_EQ_INT(x.width_ticks, 3);
	CHECK_EQ_INT(x.width_ns, 1);
	CHECK_EQ_INT(x.ticks, 402);
	CHECK(tmv_eq(x.time, tmv(1000300, 7)));
	CHECK_EQ_INT(x.valid, 5);

	/* Only backwards brackets: nothing to return. */
	f.ticks = script + 4;
	f.nt = f.nc = 0;
	CHECK_EQ_INT(ptpdk_xts_sample(&f.base, fake_ticks, &f, GHZ, 1, &x), -EIO);
	/* The clock's error stops the sampling. */
	f.ticks = script;
	f.nt = f.nc = 0;
	f.fail_at = 1;
	CHECK_EQ_INT(ptpdk_xts_sample(&f.base, fake_ticks, &f, GHZ, 6, &x), -EIO);
	CHECK_EQ_INT(f.nc, 1);
	CHECK_EQ_INT(ptpdk_xts_sample(&f.base, fake_ticks, &f, GHZ, 0, &x), -EINVAL);
	CHECK_EQ_INT(ptpdk_xts_sample(&f.base, NULL, &f, GHZ, 1, &x), -EINVAL);
}

static void test_calibrate_args(void)
{
	struct ptpdk_counter_sim *osc = ptpdk_counter_sim_create(32, GHZ, 0);
	struct ptpdk_calibration cal;
	struct ptpdk_counter c;

	if (!osc)
		return;
	ptpdk_counter_sim_counter(osc, &c);
	CHECK_EQ_INT(ptpdk_counter_calibrate(&c, 0, &cal), -EINVAL);
	CHECK_EQ_INT(ptpdk_counter_calibrate(&c, 60001, &cal), -EINVAL);
	/* 3 s of a 32-bit 1 GHz counter is more than half a wrap. */
	CHECK_EQ_INT(ptpdk_counter_calibrate(&c, 3000, &cal), -ERANGE);
	/* A counter that does not move cannot be calibrated. */
	CHECK_EQ_INT(ptpdk_counter_calibrate(&c, 1, &cal), -EIO);
	ptpdk_counter_sim_fail(osc, -ENODEV);
	CHECK_EQ_INT(ptpdk_counter_calibrate(&c, 1, &cal), -ENODEV);
	ptpdk_counter_sim_destroy(osc);
}

/* Host TSC: sanity only, nothing about the host's timing is asserted. */
static void test_tsc_smoke(void)
{
	struct ptpdk_calibration cal, cal2;
	struct ptpdk_clock *clk;
	struct ptpdk_tmv prev, t;
	struct timespec rt;
	bool mono = true;
	int i, rc;

	printf("tsc: invariant %s, nominal %llu Hz, width %d\n",
	       ptpdk_tsc_invariant() ? "yes" : "no", (unsigned long long)ptpdk_tsc_nominal_hz(),
	       PTPDK_TSC_WIDTH);
	rc = ptpdk_tsc_calibrate(0, 20, &cal);
	CHECK_EQ_INT(rc, 0);
	CHECK(cal.hz > 0 && cal.uncertainty_ppb > 0);
	printf("tsc: %.0f Hz +- %.0f ppb (brackets %llu, %llu ticks)\n", cal.hz,
	       cal.uncertainty_ppb, (unsigned long long)cal.start_width,
	       (unsigned long long)cal.end_width);
	if (rc)
		return;
	rc = ptpdk_tsc_calibrate((uint64_t)cal.hz, 20, &cal2);
	CHECK_EQ_INT(rc, 0);
	CHECK(fabs(cal2.hz / cal.hz - 1) < 0.5 && cal2.uncertainty_ppb > 0);

	clk = ptpdk_clock_tsc_create((uint64_t)cal.hz);
	CHECK(clk != NULL);
	if (!clk)
		return;
	CHECK(strcmp(ptpdk_clock_name(clk), "tsc") == 0);
	prev = now(clk);
	for (i = 0; i < 1000; i++) {
		t = now(clk);
		mono &= ptpdk_tmv_cmp(t, prev) >= 0;
		prev = t;
	}
	CHECK(mono);
	/* Started from CLOCK_REALTIME (read, never written): same minute. */
	clock_gettime(CLOCK_REALTIME, &rt);
	CHECK_NEAR((double)t.ns * 1e-9, (double)rt.tv_sec, 60);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_TSC, ptpdk_tsc_read(), &t), 0);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_NIC_NS, 1, &t), -ENOTSUP);
	ptpdk_clock_destroy(clk);

	/* With no rate it finds one itself. */
	clk = ptpdk_clock_tsc_create(0);
	CHECK(clk != NULL);
	ptpdk_clock_destroy(clk);
	CHECK(ptpdk_clock_tsc_create(PTPDK_COUNTER_MAX_HZ + 1) == NULL && errno == EINVAL);
}

int main(void)
{
	check_seed("clock");
	test_sim_counter();
	test_phase_and_freq();
	test_true_error();
	test_subns();
	test_old_stamps();
	test_wrap(32);
	test_wrap(48);
	test_random_ops();
	test_vclock_pure();
	test_missing_ops();
	test_clamp();
	test_xts();
	test_calibrate_args();
	test_tsc_smoke();
	return check_report("clock");
}
