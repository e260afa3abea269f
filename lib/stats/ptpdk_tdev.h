/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Time deviation (TDEV, ITU-T G.810 and G.8260) of a time-error series: an RMS
 * measure of wander against the observation interval. Built on second
 * differences, it ignores a constant time error and a constant frequency offset
 * (a ramp), so it shows the noise a clock adds rather than where it sits.
 *
 * For white phase noise of standard deviation s, TDEV(m tau0) = s / sqrt(m).
 */
#ifndef PTPDK_TDEV_H
#define PTPDK_TDEV_H

#include <stddef.h>

/**
 * TDEV for tau = m * tau0 by the G.810 estimator over N samples:
 *
 *     TDEV^2 = 1 / (6 m^2 (N - 3m + 1))
 *              * sum_{j=0}^{N-3m} [ sum_{i=j}^{j+m-1} (x[i+2m] - 2 x[i+m] + x[i]) ]^2
 *
 * O(N): the inner sum slides along j rather than being recomputed.
 *
 * @param x      time-error samples x[0..n-1]; the result is in their unit
 * @param n      number of samples N, at least 3m + 1 (one term of the outer sum)
 * @param m      observation interval in samples, >= 1
 * @param tau0_s sample spacing in s, > 0. The estimator needs only m; tau0 is
 *               taken so that callers state, and have checked, their time base.
 * @param out    receives TDEV; untouched on error
 * @return 0; -EINVAL for a NULL x or out, m == 0, n < 3m + 1, tau0_s not a
 *         positive finite number, or a NaN or infinite sample.
 */
int ptpdk_tdev(const double *x, size_t n, size_t m, double tau0_s, double *out);

#endif
