/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Servo tests: the interface contract, ptp4l's PI constants, and closed loops
 * against a tiny deterministic model (oscillator, queueing delays, the engine's
 * moving-median path delay). The model's time error is asserted; host time never.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "ptpdk_servo.h"

#define MEDIAN_LEN 10 /* the engine's default delay filter (ptp4l delay_filter_length) */

static double rand_unit(void)
{
	return ((double)(check_rand() >> 11) + 0.5) * 0x1.0p-53;
}

static double rand_exp(double mean)
{
	return -mean * log(rand_unit());
}

static double rand_norm(void)
{
	return sqrt(-2.0 * log(rand_unit())) * cos(2.0 * M_PI * rand_unit());
}

/* The slave: x = slave time - true time (ns), y = oscillator error (ppb), f = the
 * servo's frequency (ppb). Each Sync is paired with a Delay_Req exchange, and the
 * offset is computed the engine's way: t2 - t1 - median of the last raw delays. */
struct model {
	double t, x, y, rw, f;
	double base, jitter;
	double delays[MEDIAN_LEN];
	unsigned nd, di;
};

static void model_init(struct model *m, double x0, double y0, double rw, double jitter)
{
	memset(m, 0, sizeof(*m));
	m->x = x0;
	m->y = y0;
	m->rw = rw;
	m->base = 2000.0;
	m->jitter = jitter;
}

static void model_advance(struct model *m, double dt)
{
	double n = rand_norm();

	m->x += (m->y + m->f) * dt;
	m->y += m->rw * sqrt(dt) * n;
	m->t += dt;
}

static double model_median(const struct model *m)
{
	double v[MEDIAN_LEN];

	for (unsigned i = 0; i < m->nd; i++) {
		unsigned j = i;

		while (j > 0 && v[j - 1] > m->delays[i]) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = m->delays[i];
	}
	return m->nd % 2 ? v[m->nd / 2] : 0.5 * (v[m->nd / 2 - 1] + v[m->nd / 2]);
}

static uint64_t model_local(const struct model *m)
{
	return (uint64_t)(1000e9 + m->t * 1e9 + m->x);
}

static void model_measure(struct model *m, double extra, struct ptpdk_servo_sample *s)
{
	double ems = rand_exp(m->jitter), esm = rand_exp(m->jitter);

	memset(s, 0, sizeof(*s));
	m->delays[m->di] = m->base + 0.5 * (ems + esm);
	m->di = (m->di + 1) % MEDIAN_LEN;
	if (m->nd < MEDIAN_LEN)
		m->nd++;
	s->path_delay_ns = llround(model_median(m));
	s->offset_ns = llround(m->x + m->base + ems - model_median(m) + extra);
	s->local_ts_ns = model_local(m);
}

struct run_cfg {
	enum ptpdk_servo_type type;
	double interval, duration, warmup;
	double x0, y0, rw, jitter;
	double first_step, step, max_freq, offset_thr;
	double outlier_at, outlier_ns;	/* one sample with extra error (s, ns) */
	double shift_at, shift_ns;	/* master time moves for good */
	double gap_at, gap_len;		/* holdover: no samples */
	double switch_at, new_interval; /* the master changes its sync rate */
};

struct run_res {
	int first_state;
	unsigned jumps;
	bool first_jump_first; /* the first non-s0 result was the jump */
	bool bad_state;	       /* s0 or s1 where it should be locked */
	bool clamped;
	double max_abs_freq;
	enum ptpdk_servo_state final_state;
	double rms, mean, max; /* TE after warm-up, before any gap */
	double s3_frac;	       /* share of those samples in s3 */
	double hold_freq, hold_unc;
	unsigned jumps_after_gap;
	double max_after_gap; /* |TE| from 30 s after the gap's end */
};

static void run_defaults(struct run_cfg *rc, enum ptpdk_servo_type type, double interval)
{
	memset(rc, 0, sizeof(*rc));
	rc->type = type;
	rc->interval = interval;
	rc->duration = interval < 0.5 ? 600.0 : 3000.0;
	rc->warmup = interval < 0.5 ? 200.0 : 1000.0;
	rc->x0 = 10e6;
	rc->y0 = 10000.0;
	rc->jitter = 100.0;
	rc->first_step = 20000.0;
	rc->max_freq = 900000000.0;
	rc->outlier_at = -1.0;
	rc->shift_at = -1.0;
	rc->gap_at = -1.0;
	rc->switch_at = -1.0;
}

static void run(const struct run_cfg *rc, struct run_res *rr)
{
	struct ptpdk_servo_config cfg;
	struct ptpdk_servo *sv;
	struct model m;
	double sum2 = 0.0, sum = 0.0, gap_end = -1.0;
	unsigned n = 0, k = 0, n3 = 0;
	bool outlier_done = false, shift_done = false, gap_done = false, seen_lock = false;
	double interval = rc->interval;

	memset(rr, 0, sizeof(*rr));
	ptpdk_servo_config_init(&cfg);
	cfg.sync_interval_s = rc->interval;
	cfg.first_step_threshold_ns = rc->first_step;
	cfg.step_threshold_ns = rc->step;
	cfg.max_frequency_ppb = rc->max_freq;
	cfg.offset_threshold_ns = rc->offset_thr;
	sv = ptpdk_servo_create(rc->type, &cfg);
	CHECK(sv != NULL);
	if (!sv)
		return;
	model_init(&m, rc->x0, rc->y0, rc->rw, rc->jitter);
	rr->first_state = -1;

	for (k = 0; m.t < rc->duration; k++) {
		struct ptpdk_servo_sample s;
		struct ptpdk_servo_result r;
		double extra = 0.0;

		if (rc->switch_at >= 0.0 && interval == rc->interval && m.t >= rc->switch_at) {
			interval = rc->new_interval;
			CHECK_EQ_INT(ptpdk_servo_set_interval(sv, interval), 0);
		}
		model_advance(&m, interval);
		if (rc->shift_at >= 0.0 && !shift_done && m.t >= rc->shift_at) {
			m.x += rc->shift_ns;
			shift_done = true;
		}
		if (rc->gap_at >= 0.0 && !gap_done && m.t >= rc->gap_at) {
			double end = m.t + rc->gap_len;

			rr->hold_freq = ptpdk_servo_holdover(sv, model_local(&m));
			rr->hold_unc = ptpdk_servo_freq_uncertainty(sv);
			m.f = rr->hold_freq;
			while (m.t < end)
				model_advance(&m, interval);
			gap_done = true;
			gap_end = m.t;
		}
		if (rc->outlier_at >= 0.0 && !outlier_done && m.t >= rc->outlier_at) {
			extra = rc->outlier_ns;
			outlier_done = true;
		}
		model_measure(&m, extra, &s);
		CHECK_EQ_INT(ptpdk_servo_sample(sv, &s, &r), 0);
		if (rr->first_state < 0)
			rr->first_state = (int)r.state;
		if (r.state == PTPDK_SERVO_JUMP) {
			if (rr->jumps == 0 && !seen_lock)
				rr->first_jump_first = true;
			rr->jumps++;
			if (gap_done)
				rr->jumps_after_gap++;
			m.x += (double)r.step_ns;
		} else if (r.state == PTPDK_SERVO_LOCKED || r.state == PTPDK_SERVO_LOCKED_STABLE) {
			seen_lock = true;
		} else if (seen_lock || rr->jumps) {
			rr->bad_state = true;
		}
		CHECK_EQ_INT(ptpdk_servo_state(sv), r.state);
		if (r.state != PTPDK_SERVO_JUMP)
			CHECK_EQ_INT(r.step_ns, 0);
		rr->clamped |= r.clamped;
		rr->max_abs_freq = fmax(rr->max_abs_freq, fabs(r.freq_ppb));
		m.f = r.freq_ppb;
		rr->final_state = r.state;
		if (m.t >= rc->warmup && !gap_done) {
			sum += m.x;
			sum2 += m.x * m.x;
			rr->max = fmax(rr->max, fabs(m.x));
			n3 += r.state == PTPDK_SERVO_LOCKED_STABLE;
			n++;
		}
		if (gap_done && m.t >= gap_end + 30.0)
			rr->max_after_gap = fmax(rr->max_after_gap, fabs(m.x));
	}
	if (n) {
		rr->mean = sum / n;
		rr->rms = sqrt(sum2 / n);
		rr->s3_frac = (double)n3 / n;
	}
	if (!gap_done) {
		rr->hold_freq = ptpdk_servo_holdover(sv, model_local(&m));
		rr->hold_unc = ptpdk_servo_freq_uncertainty(sv);
	}
	ptpdk_servo_destroy(sv);
}

static void test_names(void)
{
	CHECK(strcmp(ptpdk_servo_type_name(PTPDK_SERVO_PI), "pi") == 0);
	CHECK(strcmp(ptpdk_servo_type_name(PTPDK_SERVO_PTPDK), "ptpdk") == 0);
	CHECK(strcmp(ptpdk_servo_type_name(PTPDK_SERVO_TYPE_COUNT), "invalid") == 0);
	CHECK(strcmp(ptpdk_servo_type_name((enum ptpdk_servo_type) - 1), "invalid") == 0);
	for (int t = 0; t < PTPDK_SERVO_TYPE_COUNT; t++)
		CHECK_EQ_INT(
			ptpdk_servo_type_from_name(ptpdk_servo_type_name((enum ptpdk_servo_type)t)),
			t);
	CHECK_EQ_INT(ptpdk_servo_type_from_name("PI"), -EINVAL);
	CHECK_EQ_INT(ptpdk_servo_type_from_name("linreg"), -EINVAL);
	CHECK_EQ_INT(ptpdk_servo_type_from_name(""), -EINVAL);
	CHECK_EQ_INT(ptpdk_servo_type_from_name(NULL), -EINVAL);
}

static void check_bad_cfg(const struct ptpdk_servo_config *cfg, const char *what)
{
	struct ptpdk_servo *sv;

	if (ptpdk_servo_config_check(cfg) != -EINVAL)
		fprintf(stderr, "config accepted: %s\n", what);
	CHECK_EQ_INT(ptpdk_servo_config_check(cfg), -EINVAL);
	for (int t = 0; t < PTPDK_SERVO_TYPE_COUNT; t++) {
		errno = 0;
		sv = ptpdk_servo_create((enum ptpdk_servo_type)t, cfg);
		CHECK(sv == NULL);
		CHECK_EQ_INT(errno, EINVAL);
		ptpdk_servo_destroy(sv);
	}
}

static void test_config(void)
{
	struct ptpdk_servo_config cfg, bad;
	struct ptpdk_servo_sample s = { 0 };
	struct ptpdk_servo_result r;
	struct ptpdk_servo *sv;
	double *fields[] = { &bad.max_frequency_ppb,
			     &bad.first_step_threshold_ns,
			     &bad.step_threshold_ns,
			     &bad.sync_interval_s,
			     &bad.offset_threshold_ns,
			     &bad.initial_freq_ppb,
			     &bad.pi_kp,
			     &bad.pi_ki,
			     &bad.pi_kp_scale,
			     &bad.pi_kp_exponent,
			     &bad.pi_kp_norm_max,
			     &bad.pi_ki_scale,
			     &bad.pi_ki_exponent,
			     &bad.pi_ki_norm_max };
	double *nonneg[] = { &bad.first_step_threshold_ns,
			     &bad.step_threshold_ns,
			     &bad.offset_threshold_ns,
			     &bad.pi_kp,
			     &bad.pi_ki,
			     &bad.pi_kp_scale,
			     &bad.pi_kp_norm_max,
			     &bad.pi_ki_scale,
			     &bad.pi_ki_norm_max };

	ptpdk_servo_config_init(&cfg);
	CHECK_NEAR(cfg.max_frequency_ppb, 900000000.0, 0.0);
	CHECK_NEAR(cfg.first_step_threshold_ns, 20000.0, 0.0);
	CHECK_NEAR(cfg.step_threshold_ns, 0.0, 0.0);
	CHECK_NEAR(cfg.sync_interval_s, 1.0, 0.0);
	CHECK(cfg.hw_timestamps);
	CHECK_NEAR(cfg.pi_kp_exponent, -0.3, 0.0);
	CHECK_NEAR(cfg.pi_ki_exponent, 0.4, 0.0);
	CHECK_EQ_INT(ptpdk_servo_config_check(&cfg), 0);
	CHECK_EQ_INT(ptpdk_servo_config_check(NULL), -EINVAL);

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		bad = cfg;
		*fields[i] = NAN;
		check_bad_cfg(&bad, "NaN");
		bad = cfg;
		*fields[i] = INFINITY;
		check_bad_cfg(&bad, "inf");
	}
	for (size_t i = 0; i < sizeof(nonneg) / sizeof(nonneg[0]); i++) {
		bad = cfg;
		*nonneg[i] = -1.0;
		check_bad_cfg(&bad, "negative");
	}
	bad = cfg;
	bad.sync_interval_s = 0.0;
	check_bad_cfg(&bad, "interval 0");
	bad = cfg;
	bad.sync_interval_s = -1.0;
	check_bad_cfg(&bad, "interval < 0");
	bad = cfg;
	bad.max_frequency_ppb = 0.0;
	check_bad_cfg(&bad, "max frequency 0");
	bad = cfg;
	bad.pi_kp_exponent = -2.0; /* exponents may be negative */
	CHECK_EQ_INT(ptpdk_servo_config_check(&bad), 0);

	errno = 0;
	CHECK(ptpdk_servo_create(PTPDK_SERVO_TYPE_COUNT, &cfg) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	errno = 0;
	CHECK(ptpdk_servo_create(PTPDK_SERVO_PI, NULL) == NULL);
	CHECK_EQ_INT(errno, EINVAL);

	for (int t = 0; t < PTPDK_SERVO_TYPE_COUNT; t++) {
		sv = ptpdk_servo_create((enum ptpdk_servo_type)t, &cfg);
		CHECK(sv != NULL);
		if (!sv)
			continue;
		CHECK_EQ_INT(ptpdk_servo_state(sv), PTPDK_SERVO_UNLOCKED);
		CHECK_EQ_INT(ptpdk_servo_set_interval(sv, 0.0), -EINVAL);
		CHECK_EQ_INT(ptpdk_servo_set_interval(sv, -1.0), -EINVAL);
		CHECK_EQ_INT(ptpdk_servo_set_interval(sv, NAN), -EINVAL);
		CHECK_EQ_INT(ptpdk_servo_set_interval(sv, INFINITY), -EINVAL);
		CHECK_EQ_INT(ptpdk_servo_set_interval(sv, 1.0 / 128), 0);
		CHECK_EQ_INT(ptpdk_servo_set_interval(sv, 16.0), 0);
		CHECK_EQ_INT(ptpdk_servo_sample(NULL, &s, &r), -EINVAL);
		CHECK_EQ_INT(ptpdk_servo_sample(sv, NULL, &r), -EINVAL);
		CHECK_EQ_INT(ptpdk_servo_sample(sv, &s, NULL), -EINVAL);
		/* Nothing learned yet: the whole range is uncertain. */
		CHECK_NEAR(ptpdk_servo_freq_uncertainty(sv), cfg.max_frequency_ppb, 0.0);
		ptpdk_servo_destroy(sv);
	}
	CHECK_EQ_INT(ptpdk_servo_set_interval(NULL, 1.0), -EINVAL);
	CHECK_EQ_INT(ptpdk_servo_state(NULL), PTPDK_SERVO_UNLOCKED);
	ptpdk_servo_destroy(NULL);
	ptpdk_servo_reset(NULL);

	/* An initial frequency beyond the clamp is clamped, and flagged when used. */
	cfg.max_frequency_ppb = 1000.0;
	cfg.initial_freq_ppb = 5000.0;
	sv = ptpdk_servo_create(PTPDK_SERVO_PI, &cfg);
	CHECK(sv != NULL);
	if (sv) {
		s.local_ts_ns = 1000000000;
		CHECK_EQ_INT(ptpdk_servo_sample(sv, &s, &r), 0);
		CHECK_EQ_INT(r.state, PTPDK_SERVO_UNLOCKED);
		CHECK_NEAR(r.freq_ppb, 1000.0, 0.0);
		ptpdk_servo_destroy(sv);
	}
}

/* Feed the PI three samples by hand: the frequency estimate, then kp and ki. */
static double pi_third(double interval, bool hw, double off3, double *second)
{
	struct ptpdk_servo_config cfg;
	struct ptpdk_servo_sample s = { 0 };
	struct ptpdk_servo_result r;
	struct ptpdk_servo *sv;
	uint64_t step = (uint64_t)llround(interval * 1e9);

	ptpdk_servo_config_init(&cfg);
	cfg.sync_interval_s = interval;
	cfg.hw_timestamps = hw;
	sv = ptpdk_servo_create(PTPDK_SERVO_PI, &cfg);
	CHECK(sv != NULL);
	if (!sv)
		return NAN;
	s.local_ts_ns = 5000000000ULL;
	s.offset_ns = 0;
	ptpdk_servo_sample(sv, &s, &r);
	CHECK_EQ_INT(r.state, PTPDK_SERVO_UNLOCKED);
	/* The clock gained 100 ns per interval: it is (100 / interval) ppb fast. */
	s.local_ts_ns += step;
	s.offset_ns = 100;
	ptpdk_servo_sample(sv, &s, &r);
	CHECK_EQ_INT(r.state, PTPDK_SERVO_LOCKED);
	*second = r.freq_ppb;
	s.local_ts_ns += step;
	s.offset_ns = (int64_t)off3;
	ptpdk_servo_sample(sv, &s, &r);
	CHECK_EQ_INT(r.state, PTPDK_SERVO_LOCKED);
	ptpdk_servo_destroy(sv);
	return r.freq_ppb;
}

static void test_pi_constants(void)
{
	double f2 = NAN, f3;
	/* man ptp4l: kp = min(0.7 T^-0.3, 0.7/T), ki = min(0.3 T^0.4, 0.3/T) (hardware) */
	struct {
		double interval;
		bool hw;
		double kp, ki;
	} cases[] = {
		{ 1.0, true, 0.7, 0.3 },
		{ 1.0 / 16, true, 0.7 * pow(1.0 / 16, -0.3), 0.3 * pow(1.0 / 16, 0.4) },
		{ 16.0, true, 0.7 / 16, 0.3 / 16 },
		{ 1.0, false, 0.1, 0.001 },
		{ 1.0 / 16, false, 0.1 * pow(1.0 / 16, -0.3), 0.001 * pow(1.0 / 16, 0.4) },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f3 = pi_third(cases[i].interval, cases[i].hw, 1000.0, &f2);
		CHECK_NEAR(f2, -100.0 / cases[i].interval, 1e-6);
		CHECK_NEAR(f3, f2 - (cases[i].kp + cases[i].ki) * 1000.0, 1e-6);
	}
}

/* Closed loop for one servo at one rate: the behaviour the brief asks for. */
static void test_loop(enum ptpdk_servo_type type, double interval, double *rms)
{
	struct run_cfg rc;
	struct run_res rr;
	const char *name = ptpdk_servo_type_name(type);

	run_defaults(&rc, type, interval);
	rc.offset_thr = 500.0;
	run(&rc, &rr);
	printf("  %-5s T=%-6g TE rms %6.1f ns mean %+6.1f max %6.1f; s3 %3.0f%%; "
	       "holdover %+.3f ppb +- %.3f\n",
	       name, interval, rr.rms, rr.mean, rr.max, 100.0 * rr.s3_frac, rr.hold_freq,
	       rr.hold_unc);
	CHECK_EQ_INT(rr.first_state, PTPDK_SERVO_UNLOCKED);
	CHECK_EQ_INT(rr.jumps, 1);
	CHECK(rr.first_jump_first);
	CHECK(!rr.bad_state);
	/* pi judges raw offsets, so a late packet (> 500 ns) drops it to s2 for a while. */
	CHECK(rr.s3_frac > (type == PTPDK_SERVO_PI ? 0.5 : 0.99));
	CHECK(!rr.clamped);
	CHECK(rr.rms < 200.0);
	CHECK_NEAR(rr.hold_freq, -rc.y0, 1.0);
	CHECK(rr.hold_unc >= 0.0 && rr.hold_unc < 1.0);
	*rms = rr.rms;

	/* Without offset_threshold s3 is never reported. */
	rc.offset_thr = 0.0;
	rc.duration = rc.warmup;
	run(&rc, &rr);
	CHECK_EQ_INT(rr.final_state, PTPDK_SERVO_LOCKED);
}

static void test_gap(enum ptpdk_servo_type type, double interval)
{
	struct run_cfg rc;
	struct run_res rr;

	run_defaults(&rc, type, interval);
	rc.step = 100000.0; /* stepping allowed, but the gap must not need it */
	rc.gap_at = rc.warmup + 100.0;
	rc.gap_len = 60.0;
	rc.duration = rc.gap_at + 400.0;
	run(&rc, &rr);
	printf("  %-5s T=%-7g after a 60 s gap: %u steps, max |TE| %.1f ns\n",
	       ptpdk_servo_type_name(type), interval, rr.jumps_after_gap, rr.max_after_gap);
	CHECK_EQ_INT(rr.jumps, 1);
	CHECK_EQ_INT(rr.jumps_after_gap, 0);
	CHECK(!rr.bad_state);
	/* The random-walk frequency keeps wandering through the gap, so the error on
	 * return is a random draw: over 1300 seeds the worst was 254 ns for ptpdk
	 * (CI once drew 217 against an earlier 200 ns limit). */
	CHECK(rr.max_after_gap < (type == PTPDK_SERVO_PI ? 2000.0 : 400.0));
}

static void test_outlier(double interval)
{
	struct run_cfg rc;
	struct run_res rr;

	/* One delayed packet worth 1 ms, step_threshold 100 us. */
	run_defaults(&rc, PTPDK_SERVO_PTPDK, interval);
	rc.step = 100000.0;
	rc.outlier_at = rc.warmup;
	rc.outlier_ns = 1e6;
	run(&rc, &rr);
	CHECK_EQ_INT(rr.jumps, 1);
	CHECK(!rr.bad_state);
	CHECK(rr.rms < 200.0);

	/* ptp4l's PI steps on it (documented in ptpdk_servo.h), then steps back. */
	rc.type = PTPDK_SERVO_PI;
	run(&rc, &rr);
	CHECK_EQ_INT(rr.jumps, 3);

	/* A real 1 ms move of the master's time is confirmed and stepped once ... */
	rc.type = PTPDK_SERVO_PTPDK;
	rc.outlier_at = -1.0;
	rc.shift_at = rc.warmup;
	rc.shift_ns = 1e6;
	rc.warmup += 120.0;
	run(&rc, &rr);
	CHECK_EQ_INT(rr.jumps, 2);
	CHECK(!rr.bad_state);
	CHECK(rr.rms < 200.0);

	/* ... and slewed away without a step when step_threshold is 0. */
	rc.step = 0.0;
	rc.warmup += 200.0;
	run(&rc, &rr);
	CHECK_EQ_INT(rr.jumps, 1);
	CHECK(!rr.bad_state);
	CHECK(rr.rms < 200.0);
}

/* The extremes of the sync rates we support, and a rate change in between. */
static void test_rates(enum ptpdk_servo_type type)
{
	const double rates[][3] = { { 1.0 / 128, 300.0, 100.0 }, { 16.0, 16000.0, 8000.0 } };
	struct run_cfg rc;
	struct run_res rr;

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		run_defaults(&rc, type, rates[i][0]);
		rc.duration = rates[i][1];
		rc.warmup = rates[i][2];
		run(&rc, &rr);
		printf("  %-5s T=%-6g TE rms %6.1f ns max %6.1f\n", ptpdk_servo_type_name(type),
		       rc.interval, rr.rms, rr.max);
		CHECK_EQ_INT(rr.first_state, PTPDK_SERVO_UNLOCKED);
		CHECK_EQ_INT(rr.jumps, 1);
		CHECK(!rr.bad_state);
		CHECK(rr.rms < 200.0);
		CHECK_NEAR(rr.hold_freq, -rc.y0, 2.0);
	}
	run_defaults(&rc, type, 1.0);
	rc.switch_at = 600.0;
	rc.new_interval = 1.0 / 16;
	rc.duration = 1200.0;
	rc.warmup = 700.0;
	run(&rc, &rr);
	CHECK_EQ_INT(rr.jumps, 1);
	CHECK(!rr.bad_state);
	CHECK(rr.rms < 200.0);
}

static void test_clamp(enum ptpdk_servo_type type)
{
	struct run_cfg rc;
	struct run_res rr;

	/* The oscillator needs -10000 ppb; the clock allows 5000. */
	run_defaults(&rc, type, 1.0 / 16);
	rc.max_freq = 5000.0;
	rc.duration = 60.0;
	run(&rc, &rr);
	CHECK(rr.clamped);
	CHECK(rr.max_abs_freq <= 5000.0);
	/* pi's average may include a few early outputs inside the clamp. */
	CHECK(rr.hold_freq >= -5000.0 && rr.hold_freq < -4990.0);
}

static void test_reset(enum ptpdk_servo_type type)
{
	struct ptpdk_servo_config cfg;
	struct ptpdk_servo_sample s = { 0 };
	struct ptpdk_servo_result r;
	struct ptpdk_servo *sv;

	ptpdk_servo_config_init(&cfg);
	sv = ptpdk_servo_create(type, &cfg);
	CHECK(sv != NULL);
	if (!sv)
		return;
	for (unsigned i = 0; i < 8; i++) {
		s.local_ts_ns = 1000000000ULL * (i + 1);
		s.offset_ns = 10 * (int64_t)i;
		ptpdk_servo_sample(sv, &s, &r);
	}
	CHECK(ptpdk_servo_state(sv) >= PTPDK_SERVO_LOCKED);
	ptpdk_servo_reset(sv);
	CHECK_EQ_INT(ptpdk_servo_state(sv), PTPDK_SERVO_UNLOCKED);
	s.local_ts_ns += 1000000000ULL;
	ptpdk_servo_sample(sv, &s, &r);
	CHECK_EQ_INT(r.state, PTPDK_SERVO_UNLOCKED);
	/* s0 keeps the frequency the clock runs at. */
	CHECK(r.freq_ppb < 0.0);
	ptpdk_servo_destroy(sv);
}

/* For information: the simulator's S1 and S2 (wandering oscillator), both servos on
 * the same draws. Only the ordering is asserted. */
static void info_scenario(const char *name, double interval, double jitter, double duration,
			  uint64_t seed)
{
	struct run_cfg rc;
	struct run_res pi, pd;

	run_defaults(&rc, PTPDK_SERVO_PI, interval);
	rc.rw = 1.0;
	rc.jitter = jitter;
	rc.duration = duration;
	rc.warmup = 1000.0;
	check_rng_state = seed;
	run(&rc, &pi);
	rc.type = PTPDK_SERVO_PTPDK;
	check_rng_state = seed;
	run(&rc, &pd);
	printf("  %s-like: pi TE rms %.1f max %.1f ns; ptpdk TE rms %.1f max %.1f ns\n", name,
	       pi.rms, pi.max, pd.rms, pd.max);
	CHECK_EQ_INT(pd.jumps, 1);
	CHECK(pd.rms < pi.rms);
}

int main(void)
{
	uint64_t seed;
	double rms_pi, rms_pd;
	const double rates[] = { 1.0 / 16, 1.0 };

	check_seed("test_servo");
	seed = check_rng_state;

	test_names();
	test_config();
	test_pi_constants();

	printf("closed loop: +10 ppm, 10 ms, Exp(100 ns) each way, median-10 delay:\n");
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		check_rng_state = seed + i;
		test_loop(PTPDK_SERVO_PI, rates[i], &rms_pi);
		check_rng_state = seed + i;
		test_loop(PTPDK_SERVO_PTPDK, rates[i], &rms_pd);
		CHECK(rms_pd < rms_pi);
		for (int t = 0; t < PTPDK_SERVO_TYPE_COUNT; t++)
			test_gap((enum ptpdk_servo_type)t, rates[i]);
		test_outlier(rates[i]);
	}
	printf("other rates:\n");
	for (int t = 0; t < PTPDK_SERVO_TYPE_COUNT; t++) {
		check_rng_state = seed + 3 + (uint64_t)t;
		test_rates((enum ptpdk_servo_type)t);
		test_clamp((enum ptpdk_servo_type)t);
		test_reset((enum ptpdk_servo_type)t);
	}
	info_scenario("S1", 1.0 / 16, 100.0, 4000.0, seed);
	info_scenario("S2", 1.0, 1000.0, 20000.0, seed + 7);
	return check_report("test_servo");
}
