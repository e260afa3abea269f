/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Statistics of a series of samples x(t), typically a clock offset in ns against
 * time in s: running figures (count, mean, standard deviation by Welford's
 * method, min, max, RMS) for every sample, and, over the samples kept in
 * caller-provided arrays, exact percentiles of |x| and a least-squares linear
 * detrend.
 *
 * The detrend matters when comparing two clocks whose rates differ slightly:
 * their offset series is a ramp, whose standard deviation says more about the
 * length of the run than about the noise. Fitting x = a + b t and looking at the
 * residuals separates the rate (b, in ppb for ns against s) from the noise.
 *
 * Pure: no allocation, no I/O. Not thread-safe.
 */
#ifndef PTPDK_SAMPLE_STATS_H
#define PTPDK_SAMPLE_STATS_H

#include <stddef.h>
#include <stdint.h>

/** Fields are private; the struct is public so that it can be embedded. */
struct ptpdk_sample_stats {
	uint64_t count;	 /**< samples added */
	double shift;	 /**< the first sample: the running figures work on x - shift */
	double mean;	 /**< running mean of x - shift */
	double m2;	 /**< sum of squared deviations from the running mean (Welford) */
	double min, max; /**< 0 while empty */
	double *t;	 /**< caller's time array, or NULL */
	double *x;	 /**< caller's value array, or NULL */
	size_t cap;	 /**< capacity of the arrays */
	size_t stored;	 /**< samples stored, <= cap */
};

struct ptpdk_sample_summary {
	uint64_t count;
	double mean;
	double stddev; /**< sample standard deviation (divides by count - 1); 0 for one sample */
	double rms;    /**< sqrt(mean of x^2) */
	double min, max;
};

struct ptpdk_detrend {
	size_t n;	  /**< stored samples the fit used */
	double slope_ppb; /**< b: x units per t unit; ppb for x in ns and t in s */
	double intercept; /**< a: the fitted x at t = 0 */
	/** Residual standard deviation sqrt(sum r^2 / (n - 2)): two parameters were fitted. */
	double residual_stddev;
	double residual_abs_pct; /**< the requested percentile of |residual| (nearest rank) */
	double residual_abs_max; /**< max |residual| */
};

/**
 * Start empty. @p t_buf and @p x_buf are arrays of @p cap doubles that keep the
 * first @p cap samples for percentiles and the detrend; either may be NULL (with
 * no x array only the running figures exist; with no t array there is no
 * detrend). The arrays must outlive the object's use.
 */
void ptpdk_sample_stats_init(struct ptpdk_sample_stats *s, double *t_buf, double *x_buf,
			     size_t cap);

/**
 * Add a sample. It always enters the running figures; it is stored while there
 * is room.
 * @return 0; -ENOSPC when counted but not stored (arrays full or absent);
 *         -EINVAL for a NaN or infinite t or x (ignored entirely).
 */
int ptpdk_sample_stats_add(struct ptpdk_sample_stats *s, double t, double x);

/** Running figures over every sample added. @return 0, -ENOENT when empty. */
int ptpdk_sample_stats_summary(const struct ptpdk_sample_stats *s,
			       struct ptpdk_sample_summary *out);

/**
 * Exact nearest-rank percentile of |x| over the stored samples: the smallest |x|
 * such that at least @p pct percent of them are <= it.
 *
 * @param pct     percentile in [0, 100], clamped
 * @param scratch an array of at least `stored` doubles (overwritten)
 * @return 0; -ENOENT with no stored sample; -EINVAL for a NULL scratch or NaN pct.
 */
int ptpdk_sample_stats_abs_percentile(const struct ptpdk_sample_stats *s, double pct,
				      double *scratch, double *out);

/**
 * Least-squares fit x = a + b t over the stored samples, and the residuals'
 * figures. Computed relative to the first sample and about the means, so large
 * t (epoch seconds) and large x do not cost precision.
 *
 * @param pct     percentile of |residual| to report, in [0, 100] (e.g. 99)
 * @param scratch an array of at least `stored` doubles (overwritten)
 * @return 0; -EINVAL without a t array, with a NULL scratch or NaN pct; -ENOENT
 *         with fewer than 3 stored samples; -EDOM when all stored t are equal.
 */
int ptpdk_sample_stats_detrend(const struct ptpdk_sample_stats *s, double pct, double *scratch,
			       struct ptpdk_detrend *out);

#endif
