/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-impair without sockets: the PRNG, the jitter distributions, the SPEC
 * parser and the per-direction scheduler driven with synthetic time.
 * Needs no privileges (suite 'unit').
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impair-rng.h"
#include "impair-sched.h"
#include "impair-spec.h"
#include "check.h"

#define MS INT64_C(1000000)

static void test_splitmix_reference(void)
{
	/* Published reference outputs of splitmix64 started from state 0. */
	uint64_t st = 0;

	CHECK(imp_splitmix64(&st) == UINT64_C(0xe220a8397b1dcdaf));
	CHECK(imp_splitmix64(&st) == UINT64_C(0x6e789e6aa1b965f4));
}

static void test_rng_determinism(void)
{
	struct imp_rng a, b, c;
	int same = 1, differ = 0;

	imp_rng_seed(&a, 42);
	imp_rng_seed(&b, 42);
	imp_rng_seed(&c, 43);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = imp_rng_next(&a), y = imp_rng_next(&b), z = imp_rng_next(&c);

		same &= x == y;
		differ += x != z;
	}
	CHECK(same);
	CHECK(differ > 990);

	/* Seed 0 is valid (state never all zero) and not stuck. */
	imp_rng_seed(&a, 0);
	CHECK(imp_rng_next(&a) != imp_rng_next(&a));
}

static void test_distributions(void)
{
	struct imp_rng r;
	const int n = 200000;
	double sum, sum2, lo, hi;

	imp_rng_seed(&r, 7);
	sum = 0;
	lo = 1;
	hi = 0;
	for (int i = 0; i < n; i++) {
		double u = imp_rng_unit(&r);

		sum += u;
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
	}
	CHECK(lo >= 0.0 && hi < 1.0);
	CHECK_NEAR(sum / n, 0.5, 0.005);

	sum = sum2 = 0;
	for (int i = 0; i < n; i++) {
		double x = imp_rng_normal(&r);

		sum += x;
		sum2 += x * x;
	}
	CHECK_NEAR(sum / n, 0.0, 0.01);
	CHECK_NEAR(sum2 / n, 1.0, 0.02);

	struct imp_dist e = { .kind = IMP_DIST_EXP, .a = 1000.0 };

	sum = sum2 = 0;
	lo = 1e18;
	for (int i = 0; i < n; i++) {
		double x = imp_dist_sample(&e, &r);

		sum += x;
		sum2 += x * x;
		lo = x < lo ? x : lo;
	}
	CHECK(lo >= 0.0);
	CHECK_NEAR(sum / n, 1000.0, 15.0);
	/* Exponential: variance = mean^2. */
	CHECK_NEAR(sum2 / n - (sum / n) * (sum / n), 1e6, 4e4);
	CHECK_NEAR(imp_dist_mean(&e), 1000.0, 0.0);

	/* Gamma, shape >= 1 and < 1: mean = given mean, variance = mean^2 / k. */
	const double shapes[] = { 2.0, 0.5, 9.0 };

	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		struct imp_dist g = { .kind = IMP_DIST_GAMMA, .a = shapes[s], .b = 1000.0 };
		double var_want = 1e6 / shapes[s];

		sum = sum2 = 0;
		lo = 1e18;
		for (int i = 0; i < n; i++) {
			double x = imp_dist_sample(&g, &r);

			sum += x;
			sum2 += x * x;
			lo = x < lo ? x : lo;
		}
		CHECK(lo >= 0.0);
		CHECK_NEAR(sum / n, 1000.0, 15.0);
		CHECK_NEAR(sum2 / n - (sum / n) * (sum / n), var_want, var_want * 0.05);
	}

	struct imp_dist u = { .kind = IMP_DIST_UNIFORM, .a = 100.0, .b = 300.0 };

	sum = 0;
	lo = 1e18;
	hi = 0;
	for (int i = 0; i < n; i++) {
		double x = imp_dist_sample(&u, &r);

		sum += x;
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	CHECK(lo >= 100.0 && hi < 300.0);
	CHECK_NEAR(sum / n, 200.0, 1.0);

	struct imp_dist none = { .kind = IMP_DIST_NONE };

	CHECK(imp_dist_sample(&none, &r) == 0.0);
}

static void test_parse_units(void)
{
	int64_t t;
	double p;
	struct imp_dist d;

	CHECK(imp_parse_time_ns("50us", &t) == 0 && t == 50000);
	CHECK(imp_parse_time_ns("1.5ms", &t) == 0 && t == 1500000);
	CHECK(imp_parse_time_ns("250ns", &t) == 0 && t == 250);
	CHECK(imp_parse_time_ns("2s", &t) == 0 && t == 2000000000);
	CHECK(imp_parse_time_ns("0", &t) == 0 && t == 0);
	CHECK(imp_parse_time_ns("5", &t) == -1); /* unit required */
	CHECK(imp_parse_time_ns("-1ms", &t) == -1);
	CHECK(imp_parse_time_ns("1h", &t) == -1);
	CHECK(imp_parse_time_ns("61s", &t) == -1); /* above the 60 s cap */
	CHECK(imp_parse_time_ns("ms", &t) == -1);
	CHECK(imp_parse_time_ns("nan", &t) == -1);

	CHECK(imp_parse_percent("10%", &p) == 0 && fabs(p - 0.1) < 1e-12);
	CHECK(imp_parse_percent("0.1", &p) == 0 && fabs(p - 0.001) < 1e-12);
	CHECK(imp_parse_percent("100%", &p) == 0 && p == 1.0);
	CHECK(imp_parse_percent("101%", &p) == -1);
	CHECK(imp_parse_percent("10%%", &p) == -1);
	CHECK(imp_parse_percent("", &p) == -1);

	CHECK(imp_parse_dist("exp:100us", &d) == 0 && d.kind == IMP_DIST_EXP && d.a == 100000.0);
	CHECK(imp_parse_dist("gamma:2:1ms", &d) == 0 && d.kind == IMP_DIST_GAMMA && d.a == 2.0 &&
	      d.b == 1e6);
	CHECK(imp_parse_dist("uniform:1us:3us", &d) == 0 && d.kind == IMP_DIST_UNIFORM &&
	      d.a == 1000.0 && d.b == 3000.0);
	CHECK(imp_parse_dist("none", &d) == 0 && d.kind == IMP_DIST_NONE);
	CHECK(imp_parse_dist("uniform:3us:1us", &d) == -1);
	CHECK(imp_parse_dist("gamma:0:1ms", &d) == -1);
	CHECK(imp_parse_dist("gamma:1ms", &d) == -1);
	CHECK(imp_parse_dist("exp:1ms:2ms", &d) == -1);
	CHECK(imp_parse_dist("normal:1ms", &d) == -1);
}

static void test_parse_spec(void)
{
	struct imp_cfg c, c2;
	char err[256], buf[1024];

	imp_cfg_default(&c);
	CHECK(imp_cfg_parse(&c, "delay=50us,jitter=exp:100us,loss=10%,dup=0.1%,reorder=1%,seed=7",
			    err, sizeof(err)) == 0);
	for (int d = 0; d < IMP_NDIR; d++) {
		CHECK(c.dir[d].delay_ns == 50000);
		CHECK(c.dir[d].jitter.kind == IMP_DIST_EXP);
		CHECK(fabs(c.dir[d].loss - 0.1) < 1e-12);
		CHECK(fabs(c.dir[d].dup - 0.001) < 1e-12);
		CHECK(fabs(c.dir[d].reorder - 0.01) < 1e-12);
	}
	CHECK(c.seed == 7 && c.fifo && c.limit == IMP_DEFAULT_LIMIT);

	/* Direction prefixes and later-wins. */
	imp_cfg_default(&c);
	CHECK(imp_cfg_parse(&c, "delay=1ms,up:delay=0,down:loss=5%,order=free,limit=8,hold=10ms",
			    err, sizeof(err)) == 0);
	CHECK(c.dir[IMP_DOWN].delay_ns == MS && c.dir[IMP_UP].delay_ns == 0);
	CHECK(c.dir[IMP_DOWN].loss > 0.049 && c.dir[IMP_UP].loss == 0.0);
	CHECK(!c.fifo && c.limit == 8 && c.hold_ns == 10 * MS);
	CHECK(imp_dir_is_identity(&c.dir[IMP_UP]));
	CHECK(!imp_dir_is_identity(&c.dir[IMP_DOWN]));

	/* Empty items are fine; "none" resets. */
	imp_cfg_default(&c);
	CHECK(imp_cfg_parse(&c, ",delay=1ms,,none,", err, sizeof(err)) == 0);
	CHECK(imp_dir_is_identity(&c.dir[0]) && imp_dir_is_identity(&c.dir[1]));
	CHECK(imp_cfg_parse(&c, "", err, sizeof(err)) == 0);

	/* Errors carry a message. */
	static const char *const bad[] = {
		"delay",	"delay=5",   "sideways:delay=1ms", "up:seed=3",
		"frobnicate=1", "loss=120%", "jitter=exp",	   "limit=0",
		"order=lifo",	"seed=-1",   "limit=2000000",	   "hold=forever",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		imp_cfg_default(&c);
		err[0] = '\0';
		CHECK(imp_cfg_parse(&c, bad[i], err, sizeof(err)) == -1);
		CHECK(err[0] != '\0');
	}

	/* The formatted configuration parses back to the same configuration. */
	imp_cfg_default(&c);
	CHECK(imp_cfg_parse(&c,
			    "down:jitter=gamma:2.5:300us,up:jitter=uniform:1us:2us,up:dup=3%,"
			    "seed=99,order=free",
			    err, sizeof(err)) == 0);
	imp_cfg_format(&c, buf, sizeof(buf));
	imp_cfg_default(&c2);
	CHECK(imp_cfg_parse(&c2, buf, err, sizeof(err)) == 0);
	for (int d = 0; d < IMP_NDIR; d++) {
		CHECK(c.dir[d].delay_ns == c2.dir[d].delay_ns);
		CHECK(c.dir[d].jitter.kind == c2.dir[d].jitter.kind);
		CHECK(c.dir[d].jitter.a == c2.dir[d].jitter.a);
		CHECK(c.dir[d].jitter.b == c2.dir[d].jitter.b);
		CHECK(c.dir[d].loss == c2.dir[d].loss);
		CHECK(c.dir[d].dup == c2.dir[d].dup);
		CHECK(c.dir[d].reorder == c2.dir[d].reorder);
	}
	CHECK(c.seed == c2.seed && c.fifo == c2.fifo && c.limit == c2.limit &&
	      c.hold_ns == c2.hold_ns);
}

/* Frames carry their arrival index in the first 4 bytes. */
static uint32_t frame_id(const struct imp_frame *f)
{
	uint32_t id;

	memcpy(&id, f->data, sizeof(id));
	return id;
}

static void offer_id(struct imp_sched *s, uint32_t id, int64_t now)
{
	unsigned char buf[64] = { 0 };

	memcpy(buf, &id, sizeof(id));
	imp_sched_offer(s, buf, sizeof(buf), now);
}

static struct imp_sched make(const char *spec, int dir)
{
	struct imp_cfg c;
	struct imp_sched s;
	char err[256];

	imp_cfg_default(&c);
	if (imp_cfg_parse(&c, spec, err, sizeof(err)) != 0) {
		fprintf(stderr, "bad test spec %s: %s\n", spec, err);
		exit(1);
	}
	if (imp_sched_init(&s, &c, dir) != 0)
		exit(1);
	return s;
}

/* Pops everything due by now into ids[], returns the count. */
static int drain(struct imp_sched *s, int64_t now, uint32_t *ids, int max)
{
	struct imp_frame *f;
	int n = 0;

	while ((f = imp_sched_pop(s, now)) != NULL) {
		if (n < max)
			ids[n] = frame_id(f);
		n++;
		imp_sched_sent(s, true);
		free(f);
	}
	return n;
}

static void test_sched_delay(void)
{
	struct imp_sched s = make("delay=2ms", IMP_DOWN);
	uint32_t ids[8];

	CHECK(imp_sched_next(&s) == INT64_MAX);
	offer_id(&s, 1, 10 * MS);
	CHECK(imp_sched_next(&s) == 12 * MS);
	CHECK(imp_sched_pop(&s, 12 * MS - 1) == NULL);
	CHECK(drain(&s, 12 * MS, ids, 8) == 1 && ids[0] == 1);
	CHECK(s.st.rx == 1 && s.st.fwd == 1);
	imp_sched_fini(&s);

	/* No impairment: due immediately, in order. */
	s = make("", IMP_UP);
	for (uint32_t i = 0; i < 5; i++)
		offer_id(&s, i, 0);
	CHECK(drain(&s, 0, ids, 8) == 5);
	for (uint32_t i = 0; i < 5; i++)
		CHECK(ids[i] == i);
	imp_sched_fini(&s);
}

static void test_sched_fifo_vs_free(void)
{
	static uint32_t ids[2000];
	struct imp_sched s = make("delay=1ms,jitter=exp:5ms,seed=11", IMP_DOWN);
	int64_t now = 0;
	int n, inversions = 0, early = 0;

	/* FIFO: heavy jitter, frames 100 us apart, must still leave in order. */
	for (uint32_t i = 0; i < 2000; i++) {
		offer_id(&s, i, now);
		now += 100000;
	}
	n = drain(&s, INT64_MAX - 1, ids, 2000);
	CHECK(n == 2000);
	for (int i = 1; i < n; i++)
		inversions += ids[i] < ids[i - 1];
	CHECK(inversions == 0);
	imp_sched_fini(&s);

	/* Free order: the same traffic comes out reordered, never early. */
	s = make("delay=1ms,jitter=exp:5ms,seed=11,order=free", IMP_DOWN);
	now = 0;
	for (uint32_t i = 0; i < 2000; i++) {
		offer_id(&s, i, now);
		now += 100000;
	}
	/* Release in 50 us steps, checking no frame leaves before arrival + 1 ms. */
	n = 0;
	for (int64_t t = 0; t < now + 200 * MS && n < 2000; t += 50000) {
		struct imp_frame *f;

		while ((f = imp_sched_pop(&s, t)) != NULL) {
			uint32_t id = frame_id(f);

			early += t < (int64_t)id * 100000 + MS;
			ids[n++] = id;
			free(f);
		}
	}
	CHECK(n == 2000);
	inversions = 0;
	for (int i = 1; i < n; i++)
		inversions += ids[i] < ids[i - 1];
	CHECK(inversions > 100);
	CHECK(early == 0);
	imp_sched_fini(&s);
}

static void test_sched_loss(void)
{
	const int n = 100000;
	struct imp_sched a = make("loss=30%,seed=1", IMP_DOWN);
	struct imp_sched b = make("loss=30%,seed=1,jitter=exp:1ms", IMP_DOWN);
	struct imp_sched up = make("loss=30%,seed=1", IMP_UP);
	struct imp_sched d = make("loss=30%,seed=2", IMP_DOWN);
	int same_ab = 1, diff_up = 0, diff_seed = 0;

	for (int i = 0; i < n; i++) {
		uint64_t la = a.st.lost, lb = b.st.lost, lu = up.st.lost, ld = d.st.lost;

		offer_id(&a, (uint32_t)i, 0);
		offer_id(&b, (uint32_t)i, 0);
		offer_id(&up, (uint32_t)i, 0);
		offer_id(&d, (uint32_t)i, 0);
		/* Same seed: same loss pattern, with or without jitter. */
		same_ab &= (a.st.lost - la) == (b.st.lost - lb);
		/* Other direction and other seed: other patterns. */
		diff_up += (a.st.lost - la) != (up.st.lost - lu);
		diff_seed += (a.st.lost - la) != (d.st.lost - ld);
		/* Keep the queues small. */
		uint32_t ids[4];

		drain(&a, INT64_MAX - 1, ids, 4);
		drain(&b, INT64_MAX - 1, ids, 4);
		drain(&up, INT64_MAX - 1, ids, 4);
		drain(&d, INT64_MAX - 1, ids, 4);
	}
	/* 30 % of 100000, sd = 145: +-5 sd. */
	CHECK_NEAR((double)a.st.lost, 30000.0, 725.0);
	CHECK(a.st.fwd + a.st.lost == (uint64_t)n);
	CHECK(same_ab);
	CHECK(diff_up > n / 10);
	CHECK(diff_seed > n / 10);
	imp_sched_fini(&a);
	imp_sched_fini(&b);
	imp_sched_fini(&up);
	imp_sched_fini(&d);

	struct imp_sched all = make("loss=100%", IMP_DOWN);

	for (uint32_t i = 0; i < 100; i++)
		offer_id(&all, i, 0);
	CHECK(all.st.lost == 100 && imp_sched_depth(&all) == 0);
	imp_sched_fini(&all);
}

static void test_sched_dup(void)
{
	struct imp_sched s = make("dup=100%", IMP_DOWN);
	uint32_t ids[16];

	for (uint32_t i = 0; i < 4; i++)
		offer_id(&s, i, 0);
	CHECK(drain(&s, 0, ids, 16) == 8);
	for (uint32_t i = 0; i < 8; i++)
		CHECK(ids[i] == i / 2); /* each copy right behind its original */
	CHECK(s.st.dup == 4);
	imp_sched_fini(&s);

	/* 10 % duplication over many frames. */
	s = make("dup=10%,seed=4", IMP_UP);
	for (uint32_t i = 0; i < 50000; i++) {
		offer_id(&s, i, 0);
		drain(&s, 0, ids, 16);
	}
	/* sd = 67: +-5 sd. */
	CHECK_NEAR((double)s.st.dup, 5000.0, 335.0);
	imp_sched_fini(&s);
}

static void test_sched_reorder(void)
{
	struct imp_sched s = make("reorder=100%", IMP_DOWN);
	uint32_t ids[16];
	int n = 0;

	/* 0 held, 1 releases it behind itself, 2 held, 3 releases it. */
	for (uint32_t i = 0; i < 4; i++) {
		offer_id(&s, i, (int64_t)i * MS);
		n += drain(&s, (int64_t)i * MS, ids + n, 16 - n);
	}
	CHECK(n == 4);
	CHECK(ids[0] == 1 && ids[1] == 0 && ids[2] == 3 && ids[3] == 2);
	CHECK(s.st.reord == 2 && s.st.hold_to == 0);
	imp_sched_fini(&s);

	/* A held frame with no successor leaves after hold=. */
	s = make("reorder=100%,hold=5ms,delay=1ms", IMP_DOWN);
	offer_id(&s, 9, 0);
	CHECK(imp_sched_next(&s) == 5 * MS);
	CHECK(imp_sched_pop(&s, 5 * MS - 1) == NULL);
	CHECK(drain(&s, 5 * MS, ids, 16) == 1 && ids[0] == 9);
	CHECK(s.st.hold_to == 1);
	imp_sched_fini(&s);

	/* Rate: a held frame is released by the next, which is not held itself,
	 * so p / (1 + p) of the frames are held. */
	s = make("reorder=20%,seed=8", IMP_UP);
	for (uint32_t i = 0; i < 60000; i++) {
		offer_id(&s, i, 0);
		drain(&s, 0, ids, 16);
	}
	CHECK_NEAR((double)s.st.reord, 60000.0 / 6.0, 500.0);
	imp_sched_fini(&s);
}

static void test_sched_limit_and_flush(void)
{
	struct imp_sched s = make("delay=1s,limit=4", IMP_DOWN);

	for (uint32_t i = 0; i < 10; i++)
		offer_id(&s, i, 0);
	CHECK(imp_sched_depth(&s) == 4);
	CHECK(s.st.qdrop == 6 && s.st.qmax == 4);
	imp_sched_fini(&s);
	CHECK(s.st.flushed == 4);
}

int main(void)
{
	test_splitmix_reference();
	test_rng_determinism();
	test_distributions();
	test_parse_units();
	test_parse_spec();
	test_sched_delay();
	test_sched_fifo_vs_free();
	test_sched_loss();
	test_sched_dup();
	test_sched_reorder();
	test_sched_limit_and_flush();
	return check_report("impair-model");
}
