/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * For the ptpdk servo: a robust straight line through raw phase samples, with an
 * optional slope prior. Pure arithmetic, no state.
 *
 * The prior is a segment of earlier samples whose own phase is not wanted (it was
 * measured before a clock step, or belongs to a model whose phase has moved) but
 * whose slope still is: its centred sums sxx and sxy are added to the new
 * samples', so the slope is the pooled within-segment slope and the line's phase
 * comes from the new samples alone. That is how the frequency learned before the
 * first step keeps counting after it, the way ptp4l's s0 -> s1 estimate does.
 */
#ifndef PTPDK_SERVO_LINEFIT_H
#define PTPDK_SERVO_LINEFIT_H

#include <stdbool.h>

/** Centred sums of an earlier segment: its slope is sxy / sxx. */
struct pd_slope_prior {
	double sxx, sxy;
};

struct pd_linefit {
	double tm;    /**< mean time of the kept samples */
	double a;     /**< the line's value at tm */
	double y;     /**< slope (pooled with the prior) */
	double y_se;  /**< standard error of the slope */
	double sigma; /**< robust scale of the kept samples' residuals */
	double sxx;   /**< centred sum of squares of the kept samples' times */
	double sxy;   /**< centred cross sum of the kept samples */
	double span;  /**< newest minus oldest time */
	unsigned kept;
};

/**
 * Fit p = a + y (t - tm) through @p n samples (n >= 2; at most @p n_max, the
 * caller's array size), pooled with @p prior (may be NULL), dropping samples more
 * than @p k robust sigmas (1.4826 x MAD of the residuals, at least @p floor) from
 * the line and refitting. @return false when no slope can be estimated (all
 * times equal and no prior): then only a and tm are set.
 */
bool pd_linefit_robust(const double *t, const double *p, unsigned n,
		       const struct pd_slope_prior *prior, double k, double floor,
		       struct pd_linefit *out);

/** The prior that stands for a fitted slope @p y with error @p y_se on noise @p sigma. */
struct pd_slope_prior pd_slope_prior_from(double y, double y_se, double sigma);

#endif
