/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_g8273.h"
#include "ptpdk_stats_finite.h"
#include "ptpdk_mtie.h"
#include "ptpdk_tdev.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* G.8273.2 noise generation at constant temperature; see the header for the
 * table and its sources. */
static const struct ptpdk_g8273_limits class_limits[PTPDK_G8273_CLASS_COUNT] = {
	[PTPDK_G8273_A] = { 100.0, 50.0, 40.0, 4.0 },
	[PTPDK_G8273_B] = { 70.0, 20.0, 40.0, 4.0 },
	[PTPDK_G8273_C] = { 30.0, 10.0, 10.0, 2.0 },
	[PTPDK_G8273_D] = { 5.0, NAN, NAN, NAN },
};

static const char *const class_names[PTPDK_G8273_CLASS_COUNT] = { "A", "B", "C", "D" };

/* The 1-2-5 series over the masks' span, 1 s .. 1000 s. */
static const double series_tau_s[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };

static bool class_valid(enum ptpdk_g8273_class c)
{
	return (unsigned int)c < PTPDK_G8273_CLASS_COUNT;
}

const struct ptpdk_g8273_limits *ptpdk_g8273_limits(enum ptpdk_g8273_class c)
{
	return class_valid(c) ? &class_limits[c] : NULL;
}

const char *ptpdk_g8273_class_name(enum ptpdk_g8273_class c)
{
	return class_valid(c) ? class_names[c] : "invalid";
}

static bool positive_finite(double v)
{
	return v > 0.0 && isfinite(v);
}

int ptpdk_g8273_lowpass(const double *x, size_t n, double tau0_s, double cutoff_hz, double *out)
{
	double gain, y;
	size_t k;

	if (!x || !out || n == 0 || !positive_finite(tau0_s) || !positive_finite(cutoff_hz))
		return -EINVAL;
	/* Checked up front: filtering in place must not leave out half written. */
	if (!ptpdk_stats_all_finite(x, n))
		return -EINVAL;
	/* 1 - exp(-tau0 / T) by expm1 keeps full precision when tau0 << T. */
	gain = -expm1(-2.0 * M_PI * cutoff_hz * tau0_s);
	y = x[0];
	/* The update form leaves y exactly unchanged when x[k] == y, so a constant
	 * passes bit for bit. Each x[k] is read before out[k] is written. */
	for (k = 0; k < n; k++) {
		y += gain * (x[k] - y);
		out[k] = y;
	}
	return 0;
}

/* The window in samples for tau, or 0 when tau is not a whole multiple of tau0
 * or needs n samples or more. */
static size_t tau_window(double tau_s, double tau0_s, size_t n)
{
	double ratio = tau_s / tau0_s;
	size_t m;

	if (!(ratio + 0.5 < (double)n))
		return 0;
	m = (size_t)(ratio + 0.5);
	if (m == 0 || fabs((double)m * tau0_s - tau_s) > 1e-9 * tau_s)
		return 0;
	return m;
}

size_t ptpdk_g8273_taus(double tau0_s, size_t n, double *tau_s, size_t cap)
{
	size_t i, count = 0;

	if (!tau_s || !positive_finite(tau0_s))
		return 0;
	for (i = 0; i < sizeof(series_tau_s) / sizeof(series_tau_s[0]) && count < cap; i++)
		if (tau_window(series_tau_s[i], tau0_s, n))
			tau_s[count++] = series_tau_s[i];
	return count;
}

static double max_abs(const double *x, size_t n)
{
	double widest = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		widest = fmax(widest, fabs(x[i]));
	return widest;
}

/* Summing offsets from the first sample keeps the rounding at the scale of the
 * spread rather than of the offset. */
static double mean(const double *x, size_t n)
{
	double sum = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += x[i] - x[0];
	return x[0] + sum / (double)n;
}

/* fmax ignores a NAN operand, so a NAN start means "none yet" and unmeasured
 * TDEVs drop out. */
static double max_of(const double *v, size_t n)
{
	double widest = NAN;
	size_t i;

	for (i = 0; i < n; i++)
		widest = fmax(widest, v[i]);
	return widest;
}

static int wander_at_taus(const double *te_l, size_t n, double tau0_s, struct ptpdk_g8273_report *r)
{
	size_t i;
	int rc;

	r->n_taus = ptpdk_g8273_taus(tau0_s, n, r->tau_s, PTPDK_G8273_MAX_TAUS);
	for (i = 0; i < r->n_taus; i++) {
		size_t m = tau_window(r->tau_s[i], tau0_s, n);

		rc = ptpdk_mtie(te_l, n, m, &r->mtie_ns[i]);
		if (rc < 0)
			return rc;
		/* A record too short for TDEV here (3m + 1 > n) leaves it unmeasured. */
		r->tdev_ns[i] = NAN;
		if (m <= (n - 1) / 3) {
			rc = ptpdk_tdev(te_l, n, m, tau0_s, &r->tdev_ns[i]);
			if (rc < 0)
				return rc;
		}
	}
	r->mtie_max_ns = max_of(r->mtie_ns, r->n_taus);
	r->tdev_max_ns = max_of(r->tdev_ns, r->n_taus);
	return 0;
}

/* A NAN limit is one the standard does not set; a NAN value one the record
 * could not measure. Neither counts against the class. */
static bool within(double value, double limit)
{
	return isnan(limit) || isnan(value) || value <= limit;
}

static bool class_met(const struct ptpdk_g8273_report *r, enum ptpdk_g8273_class c)
{
	const struct ptpdk_g8273_limits *lim = &class_limits[c];
	/* G.8273.2 bounds class D's peak TE only after the 0.1 Hz low-pass. */
	double peak = c == PTPDK_G8273_D ? r->max_abs_te_l_ns : r->max_abs_te_ns;

	return within(peak, lim->max_abs_te_ns) && within(fabs(r->cte_ns), lim->cte_ns) &&
	       within(r->mtie_max_ns, lim->mtie_ns) && within(r->tdev_max_ns, lim->tdev_ns);
}

int ptpdk_g8273_evaluate(const double *te_ns, size_t n, double tau0_s,
			 struct ptpdk_g8273_report *out)
{
	struct ptpdk_g8273_report r = { 0 };
	double *te_l;
	int c, rc;

	if (!te_ns || !out || n < 3 || !positive_finite(tau0_s) ||
	    !ptpdk_stats_all_finite(te_ns, n))
		return -EINVAL;
	if (n > SIZE_MAX / sizeof(*te_l))
		return -ENOMEM;
	te_l = malloc(n * sizeof(*te_l));
	if (!te_l)
		return -ENOMEM;
	ptpdk_g8273_lowpass(te_ns, n, tau0_s, PTPDK_G8273_LOWPASS_HZ, te_l);
	r.max_abs_te_ns = max_abs(te_ns, n);
	r.cte_ns = mean(te_ns, n);
	r.max_abs_te_l_ns = max_abs(te_l, n);
	rc = wander_at_taus(te_l, n, tau0_s, &r);
	free(te_l);
	if (rc < 0)
		return rc;
	for (c = 0; c < PTPDK_G8273_CLASS_COUNT; c++)
		r.meets[c] = class_met(&r, (enum ptpdk_g8273_class)c);
	*out = r;
	return 0;
}
