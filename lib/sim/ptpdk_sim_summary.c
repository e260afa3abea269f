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
