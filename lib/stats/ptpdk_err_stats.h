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

/** Decades of |error| counted: [0,10), [10,100), ... ns; the last one open-ended. */
#define PTPDK_ERR_STATS_DECADES 8

struct ptpdk_err_stats {
	struct ptpdk_hist signed_ns; /**< the errors as they are: count, min, max, mean */
	struct ptpdk_hist abs_ns;    /**< |error|: max |error| and its percentiles */
	/** A coarse histogram a report can print whole: decade[d] counts |error| in
	 * [10^d, 10^(d+1)) ns (decade 0 from 0, the last to infinity). */
	uint64_t decade[PTPDK_ERR_STATS_DECADES];
};

/** Empty (also the way to initialise). */
void ptpdk_err_stats_init(struct ptpdk_err_stats *s);

/** Record one error; INT64_MIN counts as INT64_MAX in the |error| histogram. */
void ptpdk_err_stats_record(struct ptpdk_err_stats *s, int64_t err_ns);

/** @return errors recorded */
uint64_t ptpdk_err_stats_count(const struct ptpdk_err_stats *s);
/** @return the mean error (signed); 0 when empty */
double ptpdk_err_stats_mean(const struct ptpdk_err_stats *s);
/** @return the lower edge of decade @p d in ns (0 for d = 0, else 10^d) */
int64_t ptpdk_err_stats_decade_from(unsigned d);

/** @return the largest |error|; 0 when empty */
int64_t ptpdk_err_stats_max_abs(const struct ptpdk_err_stats *s);

#endif
