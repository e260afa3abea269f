/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A log-linear histogram of nanosecond values for latency and error percentiles
 * (p50, p99, p99.9) in benchmarks: fixed memory, O(1) record, no allocation.
 *
 * Layout: values 0..255 each have their own bucket; above that, every power-of-two
 * octave [2^e, 2^(e+1)) is split into 128 equal buckets, so a bucket is never
 * wider than 1/128 (0.78%) of its lower edge. Values 0..PTPDK_HIST_MAX (2^37 - 1
 * ns, about 137 s) are bucketed; negative values count as underflow and larger
 * ones as overflow. Both still count in count, min, max and mean.
 *
 * count, min, max and mean are exact (the sum is kept in 128 bits). Percentiles
 * are not: ptpdk_hist_percentile() returns the upper edge of the bucket that holds
 * the requested rank, an upper bound on the true percentile that exceeds it by
 * less than 1/128 of its value (exactly right below 256 ns), and never more than
 * max.
 *
 * The struct is about 31 KiB: put it in static or heap memory rather than on a
 * small stack. Fields are private; use the functions. Not thread-safe.
 */
#ifndef PTPDK_HIST_H
#define PTPDK_HIST_H

#include <stdint.h>

#define PTPDK_HIST_SUB_BITS  7 /**< 2^7 buckets per octave: precision 1/128 */
#define PTPDK_HIST_SUB_COUNT (1 << PTPDK_HIST_SUB_BITS)
#define PTPDK_HIST_TOP_BITS  37 /**< values below 2^37 ns are bucketed */
#define PTPDK_HIST_MAX	     ((INT64_C(1) << PTPDK_HIST_TOP_BITS) - 1)
/** Buckets 0..255 are exact; then one group of 128 per octave 2^8 .. 2^36. */
#define PTPDK_HIST_BUCKETS ((PTPDK_HIST_TOP_BITS - PTPDK_HIST_SUB_BITS + 1) * PTPDK_HIST_SUB_COUNT)

struct ptpdk_hist {
	uint64_t count;	    /**< every recorded value, including under/overflow */
	uint64_t underflow; /**< values below 0 */
	uint64_t overflow;  /**< values above PTPDK_HIST_MAX */
	int64_t min, max;   /**< exact; 0 while empty */
	uint64_t sum_lo;    /**< low 64 bits of the exact two's-complement sum */
	int64_t sum_hi;	    /**< high 64 bits */
	uint64_t buckets[PTPDK_HIST_BUCKETS];
};

/** Empty the histogram (also the way to initialise one). */
void ptpdk_hist_init(struct ptpdk_hist *h);

/** Record one value in ns. */
void ptpdk_hist_record(struct ptpdk_hist *h, int64_t ns);

/** Record @p n copies of a value (n = 0 records nothing). */
void ptpdk_hist_record_n(struct ptpdk_hist *h, int64_t ns, uint64_t n);

/** Add @p src into @p dst; the result is as if dst had recorded src's values too. */
void ptpdk_hist_merge(struct ptpdk_hist *dst, const struct ptpdk_hist *src);

/** @return values recorded. */
uint64_t ptpdk_hist_count(const struct ptpdk_hist *h);
/** @return the smallest value recorded, exact; 0 when empty. */
int64_t ptpdk_hist_min(const struct ptpdk_hist *h);
/** @return the largest value recorded, exact; 0 when empty. */
int64_t ptpdk_hist_max(const struct ptpdk_hist *h);
/** @return the mean (exact sum divided in double); 0 when empty. */
double ptpdk_hist_mean(const struct ptpdk_hist *h);

/**
 * Nearest-rank percentile: an upper bound on the smallest recorded value v such
 * that at least @p pct percent of the values are <= v. Within the bucket
 * precision (see the file comment): for v in 0..PTPDK_HIST_MAX the result r
 * satisfies v <= r <= v + v / 128 and r <= max.
 * The rank ceil(pct / 100 * count) that falls in the underflow gives -1 (or max if
 * lower), in the overflow max; rank 1 gives min and rank count gives max exactly.
 *
 * @param pct percentile in [0, 100], clamped; NaN counts as 0
 * @return the bound in ns; 0 when the histogram is empty
 */
int64_t ptpdk_hist_percentile(const struct ptpdk_hist *h, double pct);

/**
 * Nearest rank ceil(pct / 100 * n) clamped to 1..n: the rank both the histogram and
 * the exact sample percentiles use, so their figures are comparable.
 */
uint64_t ptpdk_nearest_rank(double pct, uint64_t n);

/** @return the largest value sharing @p ns's bucket (ns itself below 256, or outside 0..MAX). */
int64_t ptpdk_hist_bucket_upper(int64_t ns);

#endif
