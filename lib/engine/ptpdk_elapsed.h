/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Elapsed time between two of the engine's "now" values.
 *
 * The engine's callers pass "now" into every call, and a caller may read its
 * clock once for a whole loop iteration: the daemon's worker reads the TSC
 * before it drains the RX rings (whose messages get a later reading) and then
 * ticks the timers with the earlier one. A timer that runs from an event can
 * therefore see a "now" a little before the event. In unsigned arithmetic that
 * difference wraps to about 584 years, and the announce receipt timer (1588
 * 9.2.6.12) or the foreign-master record expiry (9.3.2.5) fire at once on a
 * master that has just been heard. Every "how long since" in the engine goes
 * through this function instead.
 *
 * Pure, header-only.
 */
#ifndef PTPDK_ELAPSED_H
#define PTPDK_ELAPSED_H

#include <stdint.h>

/**
 * Nanoseconds from @p then_ns to @p now_ns; 0 when @p then_ns is later (the
 * event is newer than the caller's "now": no time has passed since it).
 * Engine times start near 0 and stay far below 2^63, so the signed difference
 * is exact.
 */
static inline uint64_t ptpdk_elapsed_ns(uint64_t now_ns, uint64_t then_ns)
{
	int64_t d = (int64_t)(now_ns - then_ns);

	return d > 0 ? (uint64_t)d : 0;
}

#endif
