/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_summary.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_sample_stats.h"

static size_t first_after(const struct ptpdk_sim_result *r, double t_s)
{
	size_t i = 0;

	while (i < r->n_points && r->points[i].t_s < t_s)
		i++;
	return i;
}

/* The TE figures after the warm-up, by the project's sample statistics. */
static int te_stats(const struct ptpdk_sim_result *r, size_t from, struct ptpdk_sim_summary *s)
{
	size_t n = r->n_points - from;
	double *x = malloc(n * sizeof(*x)), *scratch = malloc(n * sizeof(*scratch));
	struct ptpdk_sample_stats st;
	struct ptpdk_sample_summary sum;
	int rc = -ENOMEM;

	if (!x || !scratch)
		goto out;
	ptpdk_sample_stats_init(&st, NULL, x, n);
	for (size_t i = from; i < r->n_points; i++)
		ptpdk_sample_stats_add(&st, r->points[i].t_s, r->points[i].te_ns);
	rc = ptpdk_sample_stats_summary(&st, &sum);
	if (!rc)
		rc = ptpdk_sample_stats_abs_percentile(&st, 50.0, scratch, &s->p50_ns);
	if (!rc)
		rc = ptpdk_sample_stats_abs_percentile(&st, 95.0, scratch, &s->p95_ns);
	if (!rc)
		rc = ptpdk_sample_stats_abs_percentile(&st, 99.0, scratch, &s->p99_ns);
	if (!rc) {
		s->n = n;
		s->mean_ns = sum.mean;
		s->rms_ns = sum.rms;
		s->max_abs_ns = fmax(fabs(sum.min), fabs(sum.max));
	}
out:
	free(x);
	free(scratch);
	return rc;
}

static void step_response(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_result *r,
			  const struct ptpdk_sim_freq_step *step,
			  struct ptpdk_sim_step_response *out)
{
	size_t i = first_after(r, step->at_s);
	double run_start = -1.0;

	*out = (struct ptpdk_sim_step_response){ .at_s = step->at_s,
						 .ppb = step->ppb,
						 .recover_s = -1.0 };
	for (; i < r->n_points && r->points[i].t_s <= step->at_s + PTPDK_SIM_STEP_WINDOW_S; i++) {
		const struct ptpdk_sim_point *p = &r->points[i];
		double a = fabs(p->te_ns);

		if (a > out->peak_abs_te_ns)
			out->peak_abs_te_ns = a;
		if (a > PTPDK_SIM_RECOVER_NS) {
			run_start = -1.0;
			continue;
		}
		if (run_start < 0)
			run_start = p->t_s;
		if (out->recover_s < 0 &&
		    p->t_s - run_start >= PTPDK_SIM_RECOVER_RUN_S - sc->sample_interval_s / 2)
			out->recover_s = run_start - step->at_s;
	}
}

/* Keep the earliest of *t and @p at when @p at lies after the warm-up. */
static void earlier_event(const struct ptpdk_sim_scenario *sc, double at, double *t)
{
	if (at > sc->warmup_s && at < *t)
		*t = at;
}

/* A path's load changes (S4's alternation is its steady state, not an event). */
static void path_events(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_path *p,
			double *t)
{
	for (unsigned k = 0; p->load_period_s <= 0 && k < p->n_loads; k++)
		earlier_event(sc, p->loads[k].at_s, t);
}

/*
 * The end of the undisturbed steady state: the first scenario event after the
 * warm-up (an oscillator step or ramp, a master starting, stopping, falling silent
 * or stepping its time, a change of path load), or the end of the run. S4's
 * alternating load is its steady state, not an event.
 */
static double quiet_end(const struct ptpdk_sim_scenario *sc)
{
	double t = sc->duration_s;

	for (unsigned i = 0; i < sc->osc.n_steps; i++)
		earlier_event(sc, sc->osc.steps[i].at_s, &t);
	if (sc->osc.temp_ramp_ppb_per_s != 0.0)
		earlier_event(sc, sc->osc.ramp_start_s, &t);
	for (unsigned m = 0; m < sc->n_masters; m++) {
		const struct ptpdk_sim_master *gm = &sc->masters[m];
		const struct ptpdk_sim_path *paths[] = { &gm->to_slave, &gm->from_slave };

		earlier_event(sc, gm->start_s, &t);
		if (gm->stop_s >= 0)
			earlier_event(sc, gm->stop_s, &t);
		for (unsigned k = 0; k < gm->n_outages; k++)
			earlier_event(sc, gm->outages[k].from_s, &t);
		for (unsigned k = 0; k < gm->n_time_steps; k++)
			earlier_event(sc, gm->time_steps[k].at_s, &t);
		for (unsigned d = 0; d < 2; d++)
			path_events(sc, paths[d], &t);
	}
	for (unsigned b = 0; b < sc->n_bcs; b++) {
		path_events(sc, &sc->bcs[b].to_slave, &t);
		path_events(sc, &sc->bcs[b].from_slave, &t);
	}
	return t;
}

/* p99 of |TE| over the points [from, to). */
static int abs_p99(const struct ptpdk_sim_result *r, size_t from, size_t to, double *out)
{
	size_t n = to - from;
	double *x = malloc(n * sizeof(*x)), *scratch = malloc(n * sizeof(*scratch));
	struct ptpdk_sample_stats st;
	int rc = -ENOMEM;

	if (x && scratch) {
		ptpdk_sample_stats_init(&st, NULL, x, n);
		for (size_t i = from; i < to; i++)
			ptpdk_sample_stats_add(&st, r->points[i].t_s, r->points[i].te_ns);
		rc = ptpdk_sample_stats_abs_percentile(&st, 99.0, scratch, out);
	}
	free(x);
	free(scratch);
	return rc;
}

double ptpdk_sim_settle_time(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_result *r,
			     double band_ns)
{
	size_t from, i;

	if (!sc || !r)
		return -1.0;
	from = first_after(r, sc->warmup_s);
	/* Walk back from the end of the warm-up to the last sample outside the band:
	 * the clock has settled from the sample after it. */
	i = from;
	while (i > 0 && fabs(r->points[i - 1].te_ns) <= band_ns)
		i--;
	/* outside the band when the warm-up ends, or no sample before it */
	return i == from ? -1.0 : r->points[i].t_s;
}

/* The band is set by the steady state between the warm-up (@p from: its first
 * sample) and the first event. */
static int settle_time(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_result *r,
		       size_t from, struct ptpdk_sim_summary *s)
{
	size_t to = first_after(r, quiet_end(sc));
	double p99 = s->p99_ns;
	int rc;

	if (to > from) {
		rc = abs_p99(r, from, to, &p99);
		if (rc)
			return rc;
	}
	s->settle_band_ns = fmax(PTPDK_SIM_SETTLE_K * p99, PTPDK_SIM_SETTLE_FLOOR_NS);
	s->settle_s = ptpdk_sim_settle_time(sc, r, s->settle_band_ns);
	return 0;
}

int ptpdk_sim_summarize(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_result *r,
			struct ptpdk_sim_summary *out)
{
	size_t from;
	double *te;
	int rc;

	if (!sc || !r || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	from = first_after(r, sc->warmup_s);
	if (from >= r->n_points)
		return -EINVAL;
	rc = te_stats(r, from, out);
	if (rc)
		return rc;
	out->time_to_lock_s = r->first_locked_s;
	rc = settle_time(sc, r, from, out);
	if (rc)
		return rc;
	out->steps = r->n_steps + r->n_steps_dropped;
	out->steps_after_first = out->steps ? out->steps - 1 : 0;
	te = malloc((r->n_points - from) * sizeof(*te));
	if (!te)
		return -ENOMEM;
	for (size_t i = from; i < r->n_points; i++)
		te[i - from] = r->points[i].te_ns;
	out->g8273_ok = ptpdk_g8273_evaluate(te, r->n_points - from, sc->sample_interval_s,
					     &out->g8273) == 0;
	free(te);
	for (unsigned i = 0; i < sc->osc.n_steps; i++)
		if (sc->osc.steps[i].at_s >= sc->warmup_s)
			step_response(sc, r, &sc->osc.steps[i],
				      &out->freq_steps[out->n_freq_steps++]);
	return 0;
}
