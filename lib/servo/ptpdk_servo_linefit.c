/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_servo_linefit.h"

#include <math.h>

#include "ptpdk_servo_private.h"

#define LF_MAX	     256
#define LF_MAD_SIGMA 1.4826
#define LF_ROUNDS    2

/* Least squares over the samples with keep[i], pooled with the prior. */
static bool lf_fit(const double *t, const double *p, unsigned n, const bool *keep,
		   const struct pd_slope_prior *prior, struct pd_linefit *f)
{
	double st = 0.0, sp = 0.0, sxx = 0.0, sxy = 0.0, px = 0.0, pxy = 0.0, rss = 0.0;
	double tmin = HUGE_VAL, tmax = -HUGE_VAL;
	unsigned m = 0;

	for (unsigned i = 0; i < n; i++)
		if (keep[i]) {
			st += t[i];
			sp += p[i];
			m++;
			tmin = fmin(tmin, t[i]);
			tmax = fmax(tmax, t[i]);
		}
	if (m == 0)
		return false;
	f->tm = st / m;
	f->a = sp / m;
	for (unsigned i = 0; i < n; i++)
		if (keep[i]) {
			sxx += (t[i] - f->tm) * (t[i] - f->tm);
			sxy += (t[i] - f->tm) * (p[i] - f->a);
		}
	if (prior) {
		px = prior->sxx;
		pxy = prior->sxy;
	}
	f->sxx = sxx;
	f->sxy = sxy;
	f->kept = m;
	f->span = tmax - tmin;
	if (!(sxx + px > 0.0)) {
		f->y = 0.0;
		f->y_se = HUGE_VAL;
		return false;
	}
	f->y = (sxy + pxy) / (sxx + px);
	for (unsigned i = 0; i < n; i++)
		if (keep[i]) {
			double r = p[i] - f->a - f->y * (t[i] - f->tm);

			rss += r * r;
		}
	/* With a prior, one degree of freedom (the phase) is spent on these samples. */
	f->y_se = sqrt(rss / (double)(m > 2 ? m - (px > 0.0 ? 1 : 2) : 1) / (sxx + px));
	return true;
}

bool pd_linefit_robust(const double *t, const double *p, unsigned n,
		       const struct pd_slope_prior *prior, double k, double floor,
		       struct pd_linefit *out)
{
	bool keep[LF_MAX] = { false };
	double r[LF_MAX], tmp[LF_MAX], med = 0.0, mad = 0.0;
	bool ok;

	if (n > LF_MAX)
		n = LF_MAX;
	for (unsigned i = 0; i < n; i++)
		keep[i] = true;
	ok = lf_fit(t, p, n, keep, prior, out);
	for (unsigned round = 0; round < LF_ROUNDS && n >= 3; round++) {
		unsigned m = 0;
		double lim;

		for (unsigned i = 0; i < n; i++)
			tmp[i] = r[i] = p[i] - out->a - out->y * (t[i] - out->tm);
		med = ptpdk_servo_median(tmp, n);
		for (unsigned i = 0; i < n; i++)
			tmp[i] = fabs(r[i] - med);
		mad = ptpdk_servo_median(tmp, n);
		lim = k * fmax(LF_MAD_SIGMA * mad, floor);
		for (unsigned i = 0; i < n; i++) {
			keep[i] = fabs(r[i] - med) <= lim;
			m += keep[i];
		}
		/* More than half gone: the spread, not the samples, is wrong. */
		if (m < n / 2 + 1)
			break;
		ok = lf_fit(t, p, n, keep, prior, out);
	}
	out->sigma = fmax(LF_MAD_SIGMA * mad, floor);
	return ok;
}

struct pd_slope_prior pd_slope_prior_from(double y, double y_se, double sigma)
{
	struct pd_slope_prior pr = { 0.0, 0.0 };

	if (isfinite(y) && isfinite(y_se) && y_se > 0.0 && isfinite(sigma) && sigma > 0.0) {
		pr.sxx = sigma * sigma / (y_se * y_se);
		pr.sxy = y * pr.sxx;
	}
	return pr;
}
