/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Maximum time interval error (MTIE, ITU-T G.810): the largest peak-to-peak
 * excursion of a time-error series seen through any window of a given length.
 * It bounds the worst wander a receiver of the timing signal can meet over that
 * observation interval, which is why the G.827x noise-generation masks use it.
 *
 * One observation interval per call, in O(n): a monotonic deque keeps the
 * candidates for the window's maximum and another those for its minimum, so
 * each sample enters and leaves each deque once.
 */
#ifndef PTPDK_MTIE_H
#define PTPDK_MTIE_H

#include <stddef.h>

/**
 * MTIE of equally spaced time-error samples for the observation interval
 * tau = window * tau0: the maximum, over every run of window + 1 consecutive
 * samples, of (max - min) within the run.
 *
 * Allocates the two deques (window + 1 indices each) in one block and frees it
 * before returning.
 *
 * @param x      time-error samples x[0..n-1]; the result is in their unit
 * @param n      number of samples
 * @param window observation interval in samples, 1 <= window < n
 * @param out    receives the MTIE; untouched on error
 * @return 0; -EINVAL for a NULL x or out, window == 0, window >= n or a NaN or
 *         infinite sample; -ENOMEM when the deques cannot be allocated.
 */
int ptpdk_mtie(const double *x, size_t n, size_t window, double *out);

#endif
