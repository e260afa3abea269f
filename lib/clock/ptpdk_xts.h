/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Cross-timestamps between a tick counter (normally the TSC) and a clock, for
 * clocks that offer no hardware cross-timestamp (DPDK has none): read ticks, read
 * the clock, read ticks again, several times, and keep the narrowest bracket.
 * The clock's reading happened somewhere inside the bracket; its midpoint is the
 * best estimate, ± half the width.
 */
#ifndef PTPDK_XTS_H
#define PTPDK_XTS_H

#include <stdint.h>

#include "ptpdk_clock.h"
#include "ptpdk_time.h"

/** Reads a monotonic 64-bit tick count (ptpdk_tsc_ticks(), or a fake in tests). */
typedef uint64_t (*ptpdk_ticks_fn)(void *ctx);

struct ptpdk_xts {
	uint64_t ticks;	       /**< bracket midpoint (rounded down) */
	struct ptpdk_tmv time; /**< the clock's reading inside the bracket */
	uint64_t width_ticks;  /**< ticks between the two reads of the narrowest bracket */
	uint64_t width_ns;     /**< the same at the nominal tick rate, rounded */
	unsigned valid;	       /**< tries whose ticks did not go backwards */
};

/**
 * Take @p tries brackets and keep the narrowest (the first of equals).
 * @return 0, -EINVAL for NULL arguments, @p tries 0 or @p tick_hz 0, -EIO when the
 *         ticks went backwards in every try, or the first error of
 *         ptpdk_clock_gettime() (no further tries).
 */
int ptpdk_xts_sample(struct ptpdk_clock *clk, ptpdk_ticks_fn read_ticks, void *ctx,
		     uint64_t tick_hz, unsigned tries, struct ptpdk_xts *out);

#endif
