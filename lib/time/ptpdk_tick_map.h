/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A clock's time as a straight line through one counter reading: time(tick) = base +
 * (tick - base_tick) x ns_per_tick. It lets a lcore that does not own a clock (style
 * rule 4) tell that clock's time at a counter value of its own, such as the TSC right
 * before a one-step Sync leaves, from a copy the owner made a moment earlier.
 *
 * The line is exact as long as the clock keeps the rate it had when the copy was made:
 * a frequency change of dF ppb after it puts the line off by dF x 1e-9 x elapsed, a step
 * by the whole step. Whoever uses it over a short span (microseconds) and measures the
 * result against the owner's own conversion later (one-step Sync does) sees that error.
 *
 * Precision: the slope is a double (53 bits); over the PTPDK_TICK_MAP_MAX_SPAN ticks it
 * may be used for, the product is good to about 1e-7 ns. Pure.
 */
#ifndef PTPDK_TICK_MAP_H
#define PTPDK_TICK_MAP_H

#include <stdint.h>

#include "ptpdk_time.h"

/** Farthest a map is extrapolated, in ticks either way (2^34: 5.7 s at 3 GHz). */
#define PTPDK_TICK_MAP_MAX_SPAN (UINT64_C(1) << 34)

/** The line; all members set by the owner of the clock. */
struct ptpdk_tick_map {
	uint64_t base_tick;    /**< counter value where the line was taken */
	struct ptpdk_tmv base; /**< the clock's time there */
	double ns_per_tick;    /**< the clock's rate there, ns per counter tick (> 0) */
};

/**
 * The clock's time at @p tick by the line.
 * @return 0; -EINVAL when @p map has no positive rate; -ERANGE when @p tick lies more
 *         than PTPDK_TICK_MAP_MAX_SPAN ticks from the base (the copy is too old to trust)
 */
int ptpdk_tick_map_at(const struct ptpdk_tick_map *map, uint64_t tick, struct ptpdk_tmv *out);

/**
 * The line through two readings of the same clock: @p t0 at @p tick0 and @p t1 at
 * @p tick1 (tick1 > tick0, in the same rate segment).
 * @return 0; -EINVAL when tick1 <= tick0 or the time does not increase
 */
int ptpdk_tick_map_from_two(struct ptpdk_tick_map *map, uint64_t tick0, struct ptpdk_tmv t0,
			    uint64_t tick1, struct ptpdk_tmv t1);

#endif
