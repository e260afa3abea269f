/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sim suite: short versions of the shipped scenarios S1, S5, S6, S7, S9 and S10 run
 * through the real engine and both servos, asserting behaviour (locks, steps
 * once, holds over and comes back without a step, follows a new grandmaster,
 * rejects outliers, acquires frequency without running away) rather than
 * accuracy figures, which belong to
 * bench/results/servo.md. Simulated time only: nothing here depends on the host.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ptpdk_sim_scenario.h"
#include "ptpdk_sim_summary.h"
#include "ptpdk_sim_world.h"

static const char *scenario_dir;
static const char *const servos[] = { "pi", "ptpdk" };

static bool load(struct ptpdk_sim_scenario *sc, const char *file, const char *const *sets)
{
	char path[512], err[512] = "";
	int rc;

	snprintf(path, sizeof(path), "%s/%s", scenario_dir, file);
	rc = ptpdk_sim_scenario_load(sc, path, err, sizeof(err));
	for (; rc == 0 && sets && *sets; sets++)
		rc = ptpdk_sim_scenario_override(sc, *sets, err, sizeof(err));
	if (rc)
		fprintf(stderr, "%s: %s\n", path, err);
	CHECK_EQ_INT(rc, 0);
	return rc == 0;
}

static bool run(const struct ptpdk_sim_scenario *sc, const char *servo, struct ptpdk_sim_result *r,
		struct ptpdk_sim_summary *s)
{
	struct ptpdk_sim_run_opts o = { .servo = servo };
	char err[512] = "";
	int rc = ptpdk_sim_run(sc, &o, r, err, sizeof(err));

	if (rc)
		fprintf(stderr, "%s/%s: %s\n", sc->name, servo, err);
	CHECK_EQ_INT(rc, 0);
	if (rc)
		return false;
	CHECK_EQ_INT(ptpdk_sim_summarize(sc, r, s), 0);
	printf("  %-4s %-5s TE rms %8.1f ns max %9.1f ns; lock %5.1f s; steps %u\n", sc->name,
	       servo, s->rms_ns, s->max_abs_ns, s->time_to_lock_s, s->steps);
	return true;
}

/* Index of the first TE point at or after @p t. */
static size_t point_at(const struct ptpdk_sim_result *r, double t)
{
	size_t i = 0;

	while (i < r->n_points && r->points[i].t_s < t)
		i++;
	return i;
}

/* S1, 900 s: lock once, one step of about the initial 10 ms, then no other. */
static void test_s1(void)
{
	static const char *const sets[] = { "scenario.duration=900s", "scenario.warmup=300s",
					    NULL };
	struct ptpdk_sim_scenario sc;

	if (!load(&sc, "s1.sim", sets))
		return;
	for (unsigned i = 0; i < 2; i++) {
		struct ptpdk_sim_result r;
		struct ptpdk_sim_summary s;

		if (!run(&sc, servos[i], &r, &s))
			continue;
		CHECK(s.time_to_lock_s > 0 && s.time_to_lock_s < 60);
		CHECK_EQ_INT(s.steps, 1);
		CHECK(r.n_steps == 1 && fabs(r.steps[0].ns + 1e7) < 1e5);
		CHECK(r.steps[0].t_s < 10);
		/* locked: every TE sample after the warm-up well inside a microsecond */
		CHECK(s.max_abs_ns < 1000);
		CHECK(r.points[r.n_points - 1].clock_state == PTPDK_PTP_LOCKED);
		ptpdk_sim_result_free(&r);
	}
}

/* S5 with a 300 s outage at 400 s: holdover, bounded drift, return without a step. */
static void test_s5(void)
{
	static const char *const sets[] = { "scenario.duration=1200s", "scenario.warmup=300s",
					    NULL };
	struct ptpdk_sim_scenario sc;

	if (!load(&sc, "s5.sim", sets))
		return;
	CHECK_EQ_INT(sc.masters[0].n_outages, 1);
	sc.masters[0].outages[0] = (struct ptpdk_sim_interval){ .from_s = 400, .len_s = 300 };
	for (unsigned i = 0; i < 2; i++) {
		struct ptpdk_sim_result r;
		struct ptpdk_sim_summary s;
		const struct ptpdk_sim_holdover *h = &r.holdovers[0];

		if (!run(&sc, servos[i], &r, &s))
			continue;
		CHECK_EQ_INT(r.n_holdovers, 1);
		/* the announce receipt timeout (3 x 1 s) after the master fell silent */
		CHECK(h->start_s > 400 && h->start_s < 410);
		CHECK(h->end_s > 700 && h->end_s < 760);
		CHECK_EQ_INT(h->steps_after, 0);
		CHECK_EQ_INT(s.steps, 1);
		/* 300 s on a random walk of 1 ppb/sqrt(s): a few us at most */
		CHECK(h->te_growth_ns > 0 && h->te_growth_ns < 20000);
		CHECK(fabs(h->freq_err_entry_ppb) < 20);
		CHECK(r.points[r.n_points - 1].clock_state == PTPDK_PTP_LOCKED);
		CHECK(fabs(r.points[r.n_points - 1].te_ns) < 1000);
		ptpdk_sim_result_free(&r);
	}
}

/* S6 compressed: the better grandmaster 500 ns apart appears at 300 s and steps its
 * time by 1 ms at 600 s. The slave follows it and handles the 1 ms per the step rules. */
static void test_s6(void)
{
	static const char *const sets[] = { "scenario.duration=1200s", "scenario.warmup=200s",
					    NULL };
	struct ptpdk_sim_scenario sc;

	if (!load(&sc, "s6.sim", sets))
		return;
	/* move the scenario's events into the short run, whatever their original times */
	for (unsigned m = 0; m < sc.n_masters; m++) {
		struct ptpdk_sim_master *gm = &sc.masters[m];

		if (gm->start_s > 0)
			gm->start_s = 300;
		if (gm->stop_s > 0)
			gm->stop_s = 300;
		for (unsigned k = 0; k < gm->n_time_steps; k++)
			gm->time_steps[k].at_s = 600;
	}
	for (unsigned i = 0; i < 2; i++) {
		struct ptpdk_sim_result r;
		struct ptpdk_sim_summary s;

		if (!run(&sc, servos[i], &r, &s))
			continue;
		CHECK(r.engine.master_changes >= 1);
		/* before the time step, after the switch: within a microsecond of the new GM */
		CHECK(fabs(r.points[point_at(&r, 590)].te_ns) < 1000);
		/* at the end the 1 ms is corrected, whether stepped or slewed */
		CHECK(fabs(r.points[r.n_points - 1].te_ns) < 1000);
		/* the first step, and at most one for the master's 1 ms */
		CHECK(s.steps >= 1 && s.steps <= 2);
		for (unsigned k = 1; k < r.n_steps; k++)
			CHECK(r.steps[k].t_s >= 600);
		ptpdk_sim_result_free(&r);
	}
}

/* S7, 900 s: delayed packets and corrupted timestamps never step the clock. */
static void test_s7(void)
{
	static const char *const sets[] = { "scenario.duration=900s", "scenario.warmup=300s",
					    NULL };
	struct ptpdk_sim_scenario sc;

	if (!load(&sc, "s7.sim", sets))
		return;
	for (unsigned i = 0; i < 2; i++) {
		struct ptpdk_sim_result r;
		struct ptpdk_sim_summary s;

		if (!run(&sc, servos[i], &r, &s))
			continue;
		CHECK(r.counters.outliers > 100);
		CHECK(r.counters.corrupted > 10);
		CHECK_EQ_INT(s.steps_after_first, 0);
		CHECK(r.points[r.n_points - 1].clock_state == PTPDK_PTP_LOCKED);
		if (!strcmp(servos[i], "ptpdk"))
			/* the default servo rejects them: TE stays where S1's is */
			CHECK(s.max_abs_ns < 200);
		ptpdk_sim_result_free(&r);
	}
}

/*
 * The longest run of consecutive @p block_s blocks, from @p from_s on, whose mean
 * |TE| grew by more than @p grow_ns over the block before: a clock running away.
 */
static unsigned longest_growth(const struct ptpdk_sim_result *r, double from_s, double block_s,
			       double grow_ns)
{
	unsigned run = 0, longest = 0;
	double prev = -1.0;

	for (size_t i = point_at(r, from_s); i < r->n_points;) {
		double sum = 0.0, end = r->points[i].t_s + block_s, m;
		unsigned n = 0;

		for (; i < r->n_points && r->points[i].t_s < end; i++, n++)
			sum += r->points[i].te_ns;
		m = fabs(sum / n);
		run = prev >= 0.0 && m > prev + grow_ns ? run + 1 : 0;
		if (run > longest)
			longest = run;
		prev = m;
	}
	return longest;
}

/*
 * S9, the lab's software-stamp acquisition, with the oscillator -20 and +20 ppm off.
 * The old ptpdk servo froze its 4-sample s0 slope after the first step and let TE
 * grow for 40 s (5 blocks of 8 s, 10 to 20 us a block). Bounds:
 * - growth: 2 us per 8 s block is a 0.25 ppm slope error, a hundredth of the
 *   initial error; no more than 2 such blocks in a row (the drift detector needs
 *   a few samples of consistent residuals, the raw fit a few more to agree);
 * - settling, in the wider of the two servos' settle bands (pi's): ptpdk takes 4
 *   samples (3 s) before its first step where pi takes 2, so it may settle up to
 *   2 samples, plus one of sampling, after pi in the same run;
 * - from 30 s after its step (3 of its tau floors of 4 samples, after the slope
 *   fit spans 30 samples), ptpdk's |TE| stays below pi's steady-state p99 of the
 *   same run.
 */
static void test_s9(void)
{
	static const char *const freqs[] = { "oscillator.freq_offset=-20ppm",
					     "oscillator.freq_offset=20ppm" };

	for (unsigned f = 0; f < 2; f++) {
		const char *const sets[] = { "scenario.duration=900s", "scenario.warmup=300s",
					     freqs[f], NULL };
		struct ptpdk_sim_scenario sc;
		struct ptpdk_sim_result r[2];
		struct ptpdk_sim_summary s[2];
		double band, settle[2], max_late = 0.0;
		unsigned growth;

		if (!load(&sc, "s9.sim", sets))
			return;
		if (!run(&sc, servos[0], &r[0], &s[0]))
			return;
		if (!run(&sc, servos[1], &r[1], &s[1])) {
			ptpdk_sim_result_free(&r[0]);
			return;
		}
		for (unsigned i = 0; i < 2; i++) {
			CHECK_EQ_INT(s[i].steps, 1);
			CHECK(r[i].points[r[i].n_points - 1].clock_state == PTPDK_PTP_LOCKED);
		}
		band = fmax(s[0].settle_band_ns, s[1].settle_band_ns);
		settle[0] = ptpdk_sim_settle_time(&sc, &r[0], band);
		settle[1] = ptpdk_sim_settle_time(&sc, &r[1], band);
		growth = longest_growth(&r[1], r[1].steps[0].t_s, 8.0, 2000.0);
		for (size_t i = point_at(&r[1], r[1].steps[0].t_s + 30.0); i < r[1].n_points; i++)
			max_late = fmax(max_late, fabs(r[1].points[i].te_ns));
		printf("  S9 %s: settle in %.0f ns: pi %.0f s, ptpdk %.0f s; ptpdk growth run %u "
		       "blocks, max|TE| from 30 s after the step %.0f ns (pi p99 %.0f ns)\n",
		       freqs[f], band, settle[0], settle[1], growth, max_late, s[0].p99_ns);
		CHECK(settle[0] > 0 && settle[1] > 0);
		CHECK(settle[1] <= settle[0] + 3.0 * ldexp(1.0, sc.masters[0].log_sync_interval));
		CHECK(growth <= 2);
		CHECK(max_late < s[0].p99_ns);
		ptpdk_sim_result_free(&r[0]);
		ptpdk_sim_result_free(&r[1]);
	}
}

/* Frequency changes between consecutive locked samples without a step (sample callback). */
struct freq_jumps {
	double from_s, limit_ppb, prev, worst;
	unsigned over;
	bool have;
};

static void count_jumps(void *ctx, const struct ptpdk_ptp_sample *s, double t_s)
{
	struct freq_jumps *j = ctx;
	bool locked =
		s->servo_state == PTPDK_SERVO_LOCKED || s->servo_state == PTPDK_SERVO_LOCKED_STABLE;

	if (!locked || s->step_ns != 0) {
		j->have = false;
		return;
	}
	if (j->have && t_s >= j->from_s) {
		double d = fabs(s->freq_ppb - j->prev);

		j->worst = fmax(j->worst, d);
		j->over += d > j->limit_ppb;
	}
	j->prev = s->freq_ppb;
	j->have = true;
}

/*
 * S10, software stamps at 16 Hz (the lab's kernel-port run that jumped by -75.7 ppm
 * at 44.9 s), an hour each, 8 seeds, both signs of the oscillator's offset. From
 * 300 s on the ptpdk servo must not change its frequency by more than 10 ppm from
 * one Sync to the next. Why 10 ppm: the oscillator's random walk (1 ppb/sqrt(s))
 * moves it by 0.25 ppb between two Syncs; the rest of a change is the phase term,
 * a moved phase estimate over tau, and tau is at least one 1 s block. 10 ppm is 10
 * us re-steered in a second, most of the delay noise's spread (Gamma(2, 20 us) has
 * sigma 14 us) moving the estimate of a fit that by 300 s spans tens of blocks in
 * one sample: only a false drift alarm and its re-acquisition do that.
 */
static void test_s10(void)
{
	static const char *const freqs[] = { "oscillator.freq_offset=-20ppm",
					     "oscillator.freq_offset=20ppm" };

	for (unsigned f = 0; f < 2; f++) {
		const char *const sets[] = { freqs[f], NULL };
		struct ptpdk_sim_scenario sc;
		unsigned over = 0;
		double worst = 0.0;

		if (!load(&sc, "s10.sim", sets))
			return;
		for (uint64_t seed = 1; seed <= 8; seed++) {
			struct freq_jumps j = { .from_s = 300.0, .limit_ppb = 10000.0 };
			struct ptpdk_sim_run_opts o = { .servo = "ptpdk",
							.sample = count_jumps,
							.sample_ctx = &j };
			struct ptpdk_sim_result r;
			char err[512] = "";
			int rc;

			sc.seed = seed;
			rc = ptpdk_sim_run(&sc, &o, &r, err, sizeof(err));
			CHECK_EQ_INT(rc, 0);
			if (rc != 0)
				continue;
			CHECK_EQ_INT(r.n_steps, 1);
			CHECK(r.points[r.n_points - 1].clock_state == PTPDK_PTP_LOCKED);
			over += j.over;
			worst = fmax(worst, j.worst);
			ptpdk_sim_result_free(&r);
		}
		printf("  S10 %s, 8 seeds x 3600 s: largest Sync-to-Sync frequency change from "
		       "300 s %.0f ppb, %u over 10 ppm\n",
		       freqs[f], worst, over);
		CHECK_EQ_INT(over, 0);
	}
}

static bool same_points(const struct ptpdk_sim_result *a, const struct ptpdk_sim_result *b)
{
	if (a->n_points != b->n_points)
		return false;
	for (size_t i = 0; i < a->n_points; i++) {
		const struct ptpdk_sim_point *p = &a->points[i], *q = &b->points[i];

		if (p->t_s != q->t_s || p->te_ns != q->te_ns || p->freq_ppb != q->freq_ppb ||
		    p->offset_ns != q->offset_ns || p->servo_state != q->servo_state)
			return false;
	}
	return true;
}

/* Same seed, same run; another seed, another run; both servos see the same network. */
static void test_determinism(void)
{
	static const char *const sets[] = { "scenario.duration=200s", "scenario.warmup=100s",
					    NULL };
	struct ptpdk_sim_scenario sc;
	struct ptpdk_sim_result a, b, c;
	struct ptpdk_sim_summary s;

	if (!load(&sc, "s7.sim", sets))
		return;
	if (!run(&sc, "ptpdk", &a, &s) || !run(&sc, "ptpdk", &b, &s))
		return;
	CHECK(same_points(&a, &b));
	if (run(&sc, "pi", &c, &s)) {
		/* what the masters send does not depend on the servo */
		CHECK_EQ_INT(c.counters.corrupted, a.counters.corrupted);
		CHECK_EQ_INT(c.engine.rx_by_type[PTPDK_MSG_SYNC],
			     a.engine.rx_by_type[PTPDK_MSG_SYNC]);
		ptpdk_sim_result_free(&c);
	}
	sc.seed++;
	if (run(&sc, "ptpdk", &c, &s)) {
		CHECK(!same_points(&c, &a));
		ptpdk_sim_result_free(&c);
	}
	ptpdk_sim_result_free(&a);
	ptpdk_sim_result_free(&b);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_sim SCENARIO_DIR\n");
		return 2;
	}
	scenario_dir = argv[1];
	test_s1();
	test_s5();
	test_s6();
	test_s7();
	test_s9();
	test_s10();
	test_determinism();
	return check_report("test_sim");
}
