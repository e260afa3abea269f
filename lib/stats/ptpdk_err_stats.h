/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Statistics of a signed error in ns, such as a one-step Sync's TX stamp minus the
 * time written into it: count, mean, min, max, max |error| exactly, and a histogram of
 * |error| for its percentiles (ptpdk_hist.h, which buckets non-negative values only).
 *
 * About 31 KiB (the histogram): static or heap memory. Not thread-safe. Pure.
 */
#ifndef PTPDK_ERR_STATS_H
#define PTPDK_ERR_STATS_H

#include <stdint.h>

#include "ptpdk_hist.h"

struct ptpdk_err_stats {
	struct ptpdk_hist signed_ns; /**< the errors as they are: count, min, max, mean */
	struct ptpdk_hist abs_ns;    /**< |error|: max |error| and its percentiles */
};

/** Empty (also the way to initialise). */
void ptpdk_err_stats_init(struct ptpdk_err_stats *s);

/** Record one error; INT64_MIN counts as INT64_MAX in the |error| histogram. */
void ptpdk_err_stats_record(struct ptpdk_err_stats *s, int64_t err_ns);

/** @return errors recorded */
uint64_t ptpdk_err_stats_count(const struct ptpdk_err_stats *s);
/** @return the mean error (signed); 0 when empty */
double ptpdk_err_stats_mean(const struct ptpdk_err_stats *s);
/** @return the largest |error|; 0 when empty */
int64_t ptpdk_err_stats_max_abs(const struct ptpdk_err_stats *s);

#endif
