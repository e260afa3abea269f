/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The clock follower (ptpdk_clock_follow.h) and the clock group
 * (ptpdk_clock_group.h) with simulated clocks: two oscillators with different
 * frequency offsets and wander (lib/sim's oscillator model), a simulated TSC with
 * its own error that both are cross-timestamped against, reads that take a random
 * time (so the brackets' midpoints are off), and a primary whose frequency a PTP
 * servo would keep changing.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ptpdk_clock.h"
#include "ptpdk_clock_follow.h"
#include "ptpdk_clock_group.h"
#include "ptpdk_counter_sim.h"
#include "ptpdk_sim_osc.h"
#include "ptpdk_vclock.h"
#include "ptpdk_xts.h"

#include "check.h"

#define TSC_HZ	    2500000000ull
#define INTERVAL_NS 125000000ull /* 8 Hz, the daemon's default phc_follow_rate */
#define INTERVAL_S  0.125

/* A register read takes 100-500 ns, at random, on either side of the latch. */
#define READ_MIN_NS 100
#define READ_MAX_NS 500

struct world {
	uint64_t true_ns; /* true time since the start */
	struct ptpdk_counter_sim *tsc, *osc_a, *osc_b;
	struct ptpdk_sim_osc wander_a, wander_b;
	struct ptpdk_clock *a, *b; /* primary, secondary */
};

static void advance(struct world *w, uint64_t ns)
{
	w->true_ns += ns;
	ptpdk_counter_sim_advance_ns(w->tsc, ns);
	ptpdk_counter_sim_advance_ns(w->osc_a, ns);
	ptpdk_counter_sim_advance_ns(w->osc_b, ns);
}

static uint64_t read_delay(void)
{
	return READ_MIN_NS + check_rand() % (READ_MAX_NS - READ_MIN_NS + 1);
}

/* The TSC read: some time passes before the value is latched and some after. */
static uint64_t world_ticks(void *ctx)
{
	struct world *w = ctx;
	uint64_t v;

	advance(w, read_delay() / 2);
	v = ptpdk_counter_sim_ticks(w->tsc);
	advance(w, read_delay() / 2);
	return v;
}

static struct ptpdk_clock *sim_clock(struct ptpdk_counter_sim *osc, int64_t start_ns,
				     const char *name)
{
	struct ptpdk_vclock_config cfg = { .source = PTPDK_TS_NIC_TICKS, .name = name };

	cfg.initial = ptpdk_tmv_from_ns(start_ns);
	ptpdk_counter_sim_counter(osc, &cfg.counter);
	return ptpdk_vclock_create(&cfg);
}

/* Primary +10 ppm with a random walk; secondary -7 ppm with a temperature sine of
 * 300 ppb over 40 s and white FM; secondary 1.5 s ahead at the start. */
static void world_init(struct world *w, int64_t b_ahead_ns)
{
	struct ptpdk_sim_oscillator oa = { .freq_offset_ppb = 10000.0, .random_walk_ppb = 2.0 };
	struct ptpdk_sim_oscillator ob = { .freq_offset_ppb = -7000.0,
					   .white_fm_ppb = 1.0,
					   .temp_amplitude_ppb = 300.0,
					   .temp_period_s = 40.0 };

	memset(w, 0, sizeof(*w));
	w->tsc = ptpdk_counter_sim_create(64, TSC_HZ, 123456789);
	w->osc_a = ptpdk_counter_sim_create(64, 1000000000, 1000);
	w->osc_b = ptpdk_counter_sim_create(64, 1000000000, 777777);
	ptpdk_counter_sim_set_error(w->tsc, 3000.0);
	ptpdk_sim_osc_init(&w->wander_a, &oa, check_rand());
	ptpdk_sim_osc_init(&w->wander_b, &ob, check_rand());
	w->a = sim_clock(w->osc_a, 1700000000000000000LL, "sim-a");
	w->b = sim_clock(w->osc_b, 1700000000000000000LL + b_ahead_ns, "sim-b");
	CHECK(w->a && w->b);
}

static void world_fini(struct world *w)
{
	ptpdk_clock_destroy(w->a);
	ptpdk_clock_destroy(w->b);
	ptpdk_counter_sim_destroy(w->tsc);
	ptpdk_counter_sim_destroy(w->osc_a);
	ptpdk_counter_sim_destroy(w->osc_b);
}

/* Let one interval of true time pass, with the oscillators' errors updated. */
static void world_interval(struct world *w)
{
	double t = (double)w->true_ns * 1e-9;

	ptpdk_counter_sim_set_error(w->osc_a, ptpdk_sim_osc_update(&w->wander_a, t, INTERVAL_S));
	ptpdk_counter_sim_set_error(w->osc_b, ptpdk_sim_osc_update(&w->wander_b, t, INTERVAL_S));
	advance(w, INTERVAL_NS);
}

/* What the daemon does at each interval: both clocks against the TSC, back to back. */
static int measure(struct world *w, struct ptpdk_clock_follow_meas *m)
{
	struct ptpdk_xts xa, xb;
	int rc = ptpdk_xts_sample(w->a, world_ticks, w, TSC_HZ, 3, &xa);

	if (rc == 0)
		rc = ptpdk_xts_sample(w->b, world_ticks, w, TSC_HZ, 3, &xb);
	if (rc)
		return rc;
	return ptpdk_clock_follow_meas_from_xts(&xa, &xb, TSC_HZ, w->true_ns, m);
}

/* A stamp latched now by both NICs: the secondary's, converted, minus the primary's. */
static double stamp_error(struct world *w, struct ptpdk_clock *view)
{
	struct ptpdk_tmv ta, tb;

	if (ptpdk_clock_raw_to_time(w->a, PTPDK_TS_NIC_TICKS, ptpdk_counter_sim_raw(w->osc_a),
				    &ta) != 0 ||
	    ptpdk_clock_raw_to_time(view, PTPDK_TS_NIC_TICKS, ptpdk_counter_sim_raw(w->osc_b),
				    &tb) != 0)
		return NAN;
	return ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(tb, ta));
}

static struct ptpdk_clock_follow *make_follower(struct world *w)
{
	struct ptpdk_clock_follow_config cfg;

	ptpdk_clock_follow_config_init(&cfg);
	cfg.servo.sync_interval_s = INTERVAL_S;
	cfg.max_uncertainty_ns = 5000.0;
	return ptpdk_clock_follow_create(&cfg, w->a, w->b);
}

/*
 * Lock: one step, never another; stamps agree within the budget the header states:
 * the measurement's uncertainty plus the drift since it (servo residual plus the
 * primary's frequency changes, fed forward only at the next measurement).
 */
static void test_lock(bool via_group)
{
	struct ptpdk_clock *g = NULL;
	struct world w;
	struct ptpdk_clock_follow *f;
	struct ptpdk_clock_follow_status st;
	struct ptpdk_tmv t;
	double worst = 0.0, worst_budget_used = 0.0, prim_ppb = 0.0, last_prim_change = 0.0;

	world_init(&w, 1500000000);
	f = make_follower(&w);
	CHECK(f != NULL);
	if (!f)
		return;
	if (via_group) {
		g = ptpdk_clock_group_create(w.a);
		CHECK(g && ptpdk_clock_group_add(g, w.b) == 0);
	}
	/* Before any measurement nothing converts. */
	CHECK(ptpdk_clock_gettime(w.b, &t) == 0);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(ptpdk_clock_follow_view(f), PTPDK_TS_NIC_TICKS,
					     ptpdk_counter_sim_raw(w.osc_b), &t),
		     -EAGAIN);
	for (unsigned i = 0; i < 8 * 120; i++) {
		struct ptpdk_clock_follow_meas m;

		/* The PTP servo retunes the primary once a second by up to +-40 ppb. */
		if (i % 8 == 4) {
			double next = prim_ppb + (double)((int64_t)(check_rand() % 81) - 40);

			/* Through the group the secondary takes the change at once. */
			last_prim_change = g ? 0.0 : fabs(next - prim_ppb);
			prim_ppb = next;
			CHECK(ptpdk_clock_adjust_freq(g ? g : w.a, prim_ppb) == 0);
		}
		CHECK(measure(&w, &m) == 0);
		CHECK(ptpdk_clock_follow_update(f, &m) == 0);
		ptpdk_clock_follow_status(f, &st);
		/* After 30 s: stamps halfway to the next measurement and just before it. */
		if (i >= 8 * 30) {
			for (unsigned k = 0; k < 2; k++) {
				double e, budget;

				advance(&w, INTERVAL_NS / 2 - 1000);
				e = stamp_error(&w, ptpdk_clock_follow_view(f));
				/* 30 ppb for the servo's residual against the 300 ppb sine
				 * and the white FM; the primary's last change; 2 ns of
				 * rounding. */
				budget = st.error_bound_ns +
					 (30.0 + last_prim_change) * INTERVAL_S + 2.0;
				CHECK(fabs(e) <= budget);
				if (!(fabs(e) <= budget))
					printf("  i=%u: error %.1f ns > budget %.1f ns\n", i, e,
					       budget);
				if (fabs(e) > worst)
					worst = fabs(e);
				if (fabs(e) / budget > worst_budget_used)
					worst_budget_used = fabs(e) / budget;
			}
			advance(&w, 2000);
			ptpdk_counter_sim_set_error(
				w.osc_a, ptpdk_sim_osc_update(&w.wander_a, (double)w.true_ns * 1e-9,
							      INTERVAL_S));
			ptpdk_counter_sim_set_error(
				w.osc_b, ptpdk_sim_osc_update(&w.wander_b, (double)w.true_ns * 1e-9,
							      INTERVAL_S));
		} else {
			world_interval(&w);
		}
	}
	ptpdk_clock_follow_status(f, &st);
	printf("  lock%s: %" PRIu64 " measurements, %" PRIu64 " step(s), state s%d, trim %.1f ppb "
	       "(oscillators differ by %.1f ppb), worst stamp error %.1f ns (%.0f%% of the "
	       "budget), last uncertainty %.1f ns, max |offset| locked %.1f ns\n",
	       g ? " (group)" : "", st.measurements, st.steps, (int)st.servo_state, st.trim_ppb,
	       ptpdk_counter_sim_error(w.osc_a) - ptpdk_counter_sim_error(w.osc_b), worst,
	       100.0 * worst_budget_used, st.error_bound_ns, st.max_abs_offset_ns);
	CHECK_EQ_INT(st.steps, 1);
	CHECK(st.servo_state == PTPDK_SERVO_LOCKED || st.servo_state == PTPDK_SERVO_LOCKED_STABLE);
	CHECK(st.valid);
	CHECK_EQ_INT(st.refused, 0);
	CHECK_EQ_INT(st.clock_errors, 0);
	/* The trim is the oscillators' difference (about 17 ppm), plus the proportional
	 * term's answer to the last measurement's error: kp = 1.3 ppb/ns at 8 Hz times up
	 * to 250 ns of read asymmetry, and the lag behind the 300 ppb sine. */
	CHECK_NEAR(st.trim_ppb, ptpdk_counter_sim_error(w.osc_a) - ptpdk_counter_sim_error(w.osc_b),
		   700.0);
	CHECK(st.conversions > 0);
	CHECK_EQ_INT(ptpdk_clock_group_fanout_errors(g), 0);
	ptpdk_clock_follow_destroy(f);
	ptpdk_clock_destroy(g);
	world_fini(&w);
}

/* Close to begin with: no step at all, and the frequency alone pulls it in. */
static void test_no_step_when_close(void)
{
	struct world w;
	struct ptpdk_clock_follow *f;
	struct ptpdk_clock_follow_status st;

	world_init(&w, 5000);
	f = make_follower(&w);
	for (unsigned i = 0; f && i < 8 * 60; i++) {
		struct ptpdk_clock_follow_meas m;

		CHECK(measure(&w, &m) == 0);
		CHECK(ptpdk_clock_follow_update(f, &m) == 0);
		world_interval(&w);
	}
	ptpdk_clock_follow_status(f, &st);
	CHECK_EQ_INT(st.steps, 0);
	CHECK(st.servo_state == PTPDK_SERVO_LOCKED || st.servo_state == PTPDK_SERVO_LOCKED_STABLE);
	CHECK(fabs(st.offset_ns) < 1000.0);
	ptpdk_clock_follow_destroy(f);
	world_fini(&w);
}

/* NaN, infinite, negative or too-wide uncertainty, huge offsets: refused, counted,
 * nothing moves; a failed measurement ages the estimate into staleness. */
static void test_refused(void)
{
	struct world w;
	struct ptpdk_clock_follow_config cfg;
	struct ptpdk_clock_follow *f;
	struct ptpdk_clock_follow_status st;
	struct ptpdk_clock_follow_meas good, bad[] = {
		{ .offset_ns = NAN, .uncertainty_ns = 100.0 },
		{ .offset_ns = INFINITY, .uncertainty_ns = 100.0 },
		{ .offset_ns = 100.0, .uncertainty_ns = NAN },
		{ .offset_ns = 100.0, .uncertainty_ns = -1.0 },
		{ .offset_ns = 100.0, .uncertainty_ns = 6000.0 },
		{ .offset_ns = 1e17, .uncertainty_ns = 100.0 },
		{ .offset_ns = -PTPDK_CLOCK_FOLLOW_MAX_OFFSET_NS, .uncertainty_ns = 100.0 },
	};
	double est_before, est_after, freq_before;
	unsigned n_bad = sizeof(bad) / sizeof(bad[0]);

	world_init(&w, 3000);
	ptpdk_clock_follow_config_init(&cfg);
	cfg.servo.sync_interval_s = INTERVAL_S;
	cfg.max_uncertainty_ns = 5000.0;
	cfg.max_age_ns = 4 * INTERVAL_NS;
	f = ptpdk_clock_follow_create(&cfg, w.a, w.b);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(measure(&w, &good) == 0);
	CHECK(ptpdk_clock_follow_update(f, &good) == 0);
	CHECK(ptpdk_clock_follow_estimate(f, &est_before) == 0);
	CHECK(ptpdk_clock_get_freq(w.b, &freq_before) == 0);
	for (unsigned i = 0; i < n_bad; i++) {
		bad[i].now_ns = w.true_ns;
		CHECK_EQ_INT(ptpdk_clock_follow_update(f, &bad[i]), -EINVAL);
	}
	CHECK_EQ_INT(ptpdk_clock_follow_update(f, NULL), -EINVAL);
	ptpdk_clock_follow_status(f, &st);
	CHECK_EQ_INT(st.refused, n_bad);
	CHECK_EQ_INT(st.measurements, 1);
	CHECK(ptpdk_clock_follow_estimate(f, &est_after) == 0);
	CHECK(est_after == est_before);
	{
		double freq_after;

		CHECK(ptpdk_clock_get_freq(w.b, &freq_after) == 0);
		CHECK(freq_after == freq_before);
	}
	/* Failures: still valid within max_age, stale after it, valid again on a good one. */
	ptpdk_clock_follow_fail(f, good.now_ns + 3 * INTERVAL_NS);
	CHECK(ptpdk_clock_follow_estimate(f, &est_after) == 0);
	ptpdk_clock_follow_fail(f, good.now_ns + 5 * INTERVAL_NS);
	CHECK_EQ_INT(ptpdk_clock_follow_estimate(f, &est_after), -EAGAIN);
	{
		struct ptpdk_tmv t = ptpdk_tmv_from_ns(1), out;

		CHECK_EQ_INT(ptpdk_clock_follow_to_primary(f, &t, &out), -EAGAIN);
	}
	ptpdk_clock_follow_status(f, &st);
	CHECK_EQ_INT(st.failures, 2);
	CHECK(!st.valid);
	CHECK_EQ_INT(st.conversions_refused, 1);
	world_interval(&w);
	CHECK(measure(&w, &good) == 0);
	CHECK(ptpdk_clock_follow_update(f, &good) == 0);
	CHECK(ptpdk_clock_follow_estimate(f, &est_after) == 0);
	ptpdk_clock_follow_destroy(f);
	world_fini(&w);
}

static void test_create_errors(void)
{
	struct world w;
	struct ptpdk_clock_follow_config cfg;
	struct ptpdk_clock_follow *f;

	world_init(&w, 0);
	ptpdk_clock_follow_config_init(&cfg);
	errno = 0;
	CHECK(ptpdk_clock_follow_create(&cfg, w.a, w.a) == NULL && errno == EINVAL);
	CHECK(ptpdk_clock_follow_create(&cfg, NULL, w.b) == NULL && errno == EINVAL);
	CHECK(ptpdk_clock_follow_create(NULL, w.a, w.b) == NULL && errno == EINVAL);
	cfg.max_uncertainty_ns = NAN;
	CHECK(ptpdk_clock_follow_create(&cfg, w.a, w.b) == NULL && errno == EINVAL);
	ptpdk_clock_follow_config_init(&cfg);
	cfg.servo.sync_interval_s = 0.0;
	CHECK(ptpdk_clock_follow_create(&cfg, w.a, w.b) == NULL && errno == EINVAL);
	ptpdk_clock_follow_config_init(&cfg);
	f = ptpdk_clock_follow_create(&cfg, w.a, w.b);
	CHECK(f != NULL);
	/* A view cannot be steered: following with it as the secondary is refused. */
	CHECK(ptpdk_clock_follow_create(&cfg, w.a, ptpdk_clock_follow_view(f)) == NULL &&
	      errno == ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(ptpdk_clock_follow_view(f), 5), -ENOTSUP);
	CHECK(strcmp(ptpdk_clock_name(ptpdk_clock_follow_view(f)), "sim-b@primary") == 0);
	CHECK(ptpdk_clock_follow_secondary(f) == w.b);
	ptpdk_clock_follow_destroy(f);
	ptpdk_clock_follow_destroy(NULL);
	world_fini(&w);
}

/*
 * The group carries the primary's steps to the secondary: after locking, a 2 s step
 * of the group leaves the converted stamps as they were (no follower step), and a
 * set does the same.
 */
static void test_group(void)
{
	struct world w;
	struct ptpdk_clock_follow *f;
	struct ptpdk_clock_follow_status st;
	struct ptpdk_clock *g;
	struct ptpdk_tmv t;
	double e;

	world_init(&w, 40000);
	g = ptpdk_clock_group_create(w.a);
	f = make_follower(&w);
	CHECK(g && f);
	if (!g || !f)
		return;
	CHECK(strcmp(ptpdk_clock_name(g), "group:sim-a") == 0);
	CHECK(ptpdk_clock_group_primary(g) == w.a);
	CHECK(ptpdk_clock_group_primary(w.a) == NULL);
	CHECK_EQ_INT(ptpdk_clock_group_add(g, w.b), 0);
	CHECK_EQ_INT(ptpdk_clock_group_add(g, w.b), -EINVAL);
	CHECK_EQ_INT(ptpdk_clock_group_add(g, w.a), -EINVAL);
	CHECK_EQ_INT(ptpdk_clock_group_add(w.a, w.b), -EINVAL);
	for (unsigned i = 0; i < 8 * 30; i++) {
		struct ptpdk_clock_follow_meas m;

		CHECK(measure(&w, &m) == 0);
		CHECK(ptpdk_clock_follow_update(f, &m) == 0);
		world_interval(&w);
	}
	ptpdk_clock_follow_status(f, &st);
	CHECK_EQ_INT(st.steps, 1);
	CHECK(ptpdk_clock_adjust_phase(g, 2000000000) == 0);
	e = stamp_error(&w, ptpdk_clock_follow_view(f));
	CHECK(fabs(e) < st.error_bound_ns + 30.0);
	CHECK(ptpdk_clock_gettime(g, &t) == 0);
	t = ptpdk_tmv_add(t, ptpdk_tmv_from_ns(-5000000000LL));
	CHECK(ptpdk_clock_settime(g, &t) == 0);
	e = stamp_error(&w, ptpdk_clock_follow_view(f));
	CHECK(fabs(e) < st.error_bound_ns + 30.0);
	for (unsigned i = 0; i < 8 * 5; i++) {
		struct ptpdk_clock_follow_meas m;

		CHECK(measure(&w, &m) == 0);
		CHECK(ptpdk_clock_follow_update(f, &m) == 0);
		world_interval(&w);
	}
	ptpdk_clock_follow_status(f, &st);
	CHECK_EQ_INT(st.steps, 1);
	CHECK(fabs(st.offset_ns) < 1000.0);
	CHECK_EQ_INT(ptpdk_clock_group_fanout_errors(g), 0);
	/* Frequency is the primary's alone. */
	CHECK(ptpdk_clock_adjust_freq(g, 123.0) == 0);
	{
		double ppb;

		CHECK(ptpdk_clock_get_freq(w.a, &ppb) == 0 && ppb == 123.0);
		CHECK(ptpdk_clock_get_freq(g, &ppb) == 0 && ppb == 123.0);
	}
	ptpdk_clock_follow_destroy(f);
	ptpdk_clock_destroy(g);
	world_fini(&w);
}

static void test_tmv_from_double(void)
{
	struct ptpdk_tmv t;

	CHECK(ptpdk_tmv_from_double_ns(-1.25, &t) == 0 && t.ns == -2 && t.frac == 49152);
	CHECK(ptpdk_tmv_from_double_ns(3.0, &t) == 0 && t.ns == 3 && t.frac == 0);
	CHECK(ptpdk_tmv_from_double_ns(7.9999999999, &t) == 0 && t.ns == 8 && t.frac == 0);
	CHECK_EQ_INT(ptpdk_tmv_from_double_ns(NAN, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_tmv_from_double_ns(1e19, &t), -ERANGE);
}

int main(void)
{
	check_seed("clock-follow");
	test_tmv_from_double();
	test_create_errors();
	test_refused();
	test_no_step_when_close();
	test_lock(false);
	test_lock(true);
	test_group();
	return check_report("clock-follow");
}
