/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A CLOCK_REALTIME stamp that is known only to a quantum (net_pcap's dynfield holds
 * libpcap's microseconds) turned into TSC ticks with ptpdk_ts_map.h's bracket.
 *
 * libpcap truncates the kernel's nanoseconds to microseconds, so a stamp "us" says
 * the kernel stamped the frame somewhere in [us x 1000, us x 1000 + 1000) ns. The
 * converted stamp is the middle of that interval and the window covers all of it
 * plus the bracket: the window is a width around the stamp (as the kernel-socket
 * port's bracket midpoint), the worst error is halved to half a quantum, and the
 * mean bias is gone: the interval's start would make every Sync's t2 500 ns early on
 * average, an offset error of -250 ns that nothing on the master's side cancels.
 *
 * Pure header: no DPDK.
 */
#ifndef PTPDK_TS_QUANTUM_H
#define PTPDK_TS_QUANTUM_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_ts_map.h"

/**
 * CLOCK_REALTIME nanoseconds at the start of the quantum @p value x @p unit_ns.
 * @return false for a unit of 0 or a value that does not fit (garbage in the field).
 */
static inline bool ptpdk_ts_quantum_start_ns(uint64_t value, uint32_t unit_ns, int64_t *ns)
{
	if (unit_ns == 0 || value > (uint64_t)INT64_MAX / unit_ns)
		return false;
	*ns = (int64_t)(value * unit_ns);
	return true;
}

/**
 * Map a stamp known to lie in [start_ns, start_ns + quantum_ns) and taken before
 * @p b to TSC ticks: the middle of the interval, never later than the bracket's end
 * (the frame was received before we read the clock).
 * @param window the error window: bracket width plus the quantum, in ticks (saturated)
 * @return false (outputs untouched) when ptpdk_ts_map_to_tsc() refuses the start
 */
static inline bool ptpdk_ts_quantum_to_tsc(const struct ptpdk_ts_bracket *b, int64_t start_ns,
					   uint32_t quantum_ns, uint64_t tsc_hz, uint64_t *tsc,
					   uint32_t *window)
{
	uint64_t start, quantum_ticks, mid, w;

	if (!ptpdk_ts_map_to_tsc(b, start_ns, tsc_hz, &start))
		return false;
	quantum_ticks = (uint64_t)quantum_ns * tsc_hz / 1000000000ULL;
	mid = start + quantum_ticks / 2;
	*tsc = mid < b->tsc_after ? mid : b->tsc_after;
	w = (uint64_t)ptpdk_ts_bracket_width(b) + quantum_ticks;
	*window = w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
	return true;
}

#endif
