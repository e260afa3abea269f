/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sample_stats.h"
#include "ptpdk_hist.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ptpdk_sample_stats_init(struct ptpdk_sample_stats *s, double *t_buf, double *x_buf, size_t cap)
{
	memset(s, 0, sizeof(*s));
	s->t = t_buf;
	s->x = x_buf;
	s->cap = x_buf ? cap : 0;
}

int ptpdk_sample_stats_add(struct ptpdk_sample_stats *s, double t, double x)
{
	double delta;

	if (!isfinite(t) || !isfinite(x))
		return -EINVAL;
	/* Welford: updating the mean and the squared deviations together avoids the
	 * cancellation of sum(x^2) - n mean^2 when the mean is large against the
	 * spread (an offset series sitting far from zero). Working on x - x[0] also
	 * keeps the running mean small, so its rounding stays at the spread's scale. */
	if (s->count == 0)
		s->shift = x;
	s->count++;
	delta = (x - s->shift) - s->mean;
	s->mean += delta / (double)s->count;
	s->m2 += delta * ((x - s->shift) - s->mean);
	if (s->count == 1 || x < s->min)
		s->min = x;
	if (s->count == 1 || x > s->max)
		s->max = x;

	if (s->stored >= s->cap)
		return -ENOSPC;
	if (s->t)
		s->t[s->stored] = t;
	s->x[s->stored] = x;
	s->stored++;
	return 0;
}

int ptpdk_sample_stats_summary(const struct ptpdk_sample_stats *s, struct ptpdk_sample_summary *out)
{
	double n = (double)s->count;

	if (s->count == 0)
		return -ENOENT;
	out->count = s->count;
	out->mean = s->shift + s->mean;
	out->stddev = s->count > 1 ? sqrt(s->m2 / (n - 1.0)) : 0.0;
	/* mean(x^2) = mean^2 + population variance, without a sum of squares. */
	out->rms = sqrt(out->mean * out->mean + s->m2 / n);
	out->min = s->min;
	out->max = s->max;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sort the first n entries of a (already |values|) and pick the percentile. */
static double abs_sorted_pct(double *a, size_t n, double pct)
{
	qsort(a, n, sizeof(*a), cmp_double);
	return a[ptpdk_nearest_rank(pct, n) - 1];
}

int ptpdk_sample_stats_abs_percentile(const struct ptpdk_sample_stats *s, double pct,
				      double *scratch, double *out)
{
	size_t i;

	if (!scratch || !out || isnan(pct))
		return -EINVAL;
	if (s->stored == 0)
		return -ENOENT;
	for (i = 0; i < s->stored; i++)
		scratch[i] = fabs(s->x[i]);
	*out = abs_sorted_pct(scratch, s->stored, pct);
	return 0;
}

int ptpdk_sample_stats_detrend(const struct ptpdk_sample_stats *s, double pct, double *scratch,
			       struct ptpdk_detrend *out)
{
	double tm = 0.0, xm = 0.0, stt = 0.0, stx = 0.0, ss = 0.0, max = 0.0, b, t0, x0;
	size_t n = s->stored, i;

	if (!s->t || !scratch || !out || isnan(pct))
		return -EINVAL;
	if (n < 3)
		return -ENOENT;
	/*
	 * Everything relative to the first sample, then two passes: the means, then
	 * sums of centred products. Epoch-second times and offsets of a drifting
	 * clock are large against their spread; summing them raw would round away
	 * what the fit is about, and the normal equations in raw sums would subtract
	 * large nearly-equal numbers.
	 */
	t0 = s->t[0];
	x0 = s->x[0];
	for (i = 0; i < n; i++) {
		tm += s->t[i] - t0;
		xm += s->x[i] - x0;
	}
	tm /= (double)n;
	xm /= (double)n;
	for (i = 0; i < n; i++) {
		double dt = (s->t[i] - t0) - tm;

		stt += dt * dt;
		stx += dt * ((s->x[i] - x0) - xm);
	}
	if (stt == 0.0)
		return -EDOM;
	b = stx / stt;
	for (i = 0; i < n; i++) {
		double r = ((s->x[i] - x0) - xm) - b * ((s->t[i] - t0) - tm);

		ss += r * r;
		scratch[i] = fabs(r);
		if (scratch[i] > max)
			max = scratch[i];
	}
	out->n = n;
	out->slope_ppb = b;
	out->intercept = (x0 + xm) - b * (t0 + tm);
	out->residual_stddev = sqrt(ss / (double)(n - 2));
	out->residual_abs_max = max;
	out->residual_abs_pct = abs_sorted_pct(scratch, n, pct);
	return 0;
}
