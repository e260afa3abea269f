/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Moving median of ptpdk_tmv values over a window of the last N pushed values,
 * the delay filter of the delay mechanisms (ptp4l's "moving_median" filter plays
 * the same role). A median ignores a minority of outliers (a delayed packet) that
 * a mean would follow.
 *
 * Until the window is full the median is over the values pushed so far. For an
 * even count it is the mean of the two middle values, floored to 2^-17 ns when
 * their sum is odd in 2^-16 ns units. Push is O(N) (one shift in a sorted copy);
 * get is O(1). Pure; allocates only in ptpdk_median_init().
 */
#ifndef PTPDK_MEDIAN_H
#define PTPDK_MEDIAN_H

#include "ptpdk_time.h"

/** Fields are private; the struct is public so that it can be embedded. */
struct ptpdk_median {
	unsigned int length;	  /**< window length N */
	unsigned int count;	  /**< values in the window, <= length */
	unsigned int head;	  /**< ring slot of the oldest value once full */
	struct ptpdk_tmv *ring;	  /**< values in arrival order */
	struct ptpdk_tmv *sorted; /**< the same values in ascending order */
};

/**
 * @param length window length, >= 1 (1: the median is the last value)
 * @return 0, -EINVAL for length 0 or above 2^24, -ENOMEM.
 */
int ptpdk_median_init(struct ptpdk_median *m, unsigned int length);

/** Free the storage; the object may be initialised again. */
void ptpdk_median_fini(struct ptpdk_median *m);

/** Empty the window. */
void ptpdk_median_clear(struct ptpdk_median *m);

/** Add a value, dropping the oldest one when the window is full. */
void ptpdk_median_push(struct ptpdk_median *m, struct ptpdk_tmv v);

/** @return 0 with the median in @p out, -ENOENT when the window is empty. */
int ptpdk_median_get(const struct ptpdk_median *m, struct ptpdk_tmv *out);

#endif
