/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * For the ptpdk servo: a two-sided CUSUM (Page's test) on standardised prediction
 * residuals. A model whose slope is wrong leaves residuals that drift one way;
 * the sums catch that after a few samples of consistent sign, long before single
 * residuals leave the outlier gate. Each residual is clipped first, so one
 * delayed packet moves a sum by a bounded amount.
 */
#ifndef PTPDK_SERVO_CUSUM_H
#define PTPDK_SERVO_CUSUM_H

#include <stdbool.h>

struct pd_cusum {
	double hi, lo;	     /**< the upward and downward sums, >= 0 */
	double hi_t0, lo_t0; /**< when each last left zero: where the drift began */
	double k, h, clip;   /**< allowance, threshold (in sigmas) and clip */
};

/** Zero sums with allowance @p k, alarm threshold @p h and clip @p clip (all > 0). */
void pd_cusum_init(struct pd_cusum *c, double k, double h, double clip);

/** Zero the sums, keeping the constants. */
void pd_cusum_clear(struct pd_cusum *c);

/**
 * Add residual @p z (in sigmas) taken at time @p t. @return true on an alarm,
 * with *since set to the time the alarming sum started to grow; the sums are then
 * cleared. A non-finite @p z is ignored.
 */
bool pd_cusum_add(struct pd_cusum *c, double t, double z, double *since);

#endif
