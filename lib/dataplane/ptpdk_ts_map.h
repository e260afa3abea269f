/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Turning a kernel software stamp (CLOCK_REALTIME nanoseconds, SO_TIMESTAMPING) into
 * TSC ticks at once, so everything downstream of the dataplane (engine, TSC clock,
 * servo, shared region) sees the same PTPDK_TS_TSC stamps as on the DPDK path.
 *
 * Right after the receive, a (TSC, CLOCK_REALTIME, TSC) bracket is read; a stamp
 * taken "age" nanoseconds before the bracket's CLOCK_REALTIME reading maps to
 * tsc_mid - age x tsc_hz / 1e9. The stamp is only microseconds old, so the rate error
 * of this mapping is negligible: even 500 ppm between the TSC rate used and
 * CLOCK_REALTIME's (a hard slew by NTP plus a seed rate off by a lot) over a 100 us
 * age is 50 ns, typically well under 1 ns. The real error is the bracket width
 * (where in it CLOCK_REALTIME was read), which travels with the stamp as its window.
 *
 * Pure header: no DPDK.
 */
#ifndef PTPDK_TS_MAP_H
#define PTPDK_TS_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ptpdk_tsc.h"

/**
 * Stamps older than this are not converted: the socket was not read for a second,
 * or CLOCK_REALTIME was stepped between the stamp and the bracket. Keeping it at
 * one second also keeps age x tsc_hz inside 64 bits for any TSC up to 18 GHz.
 */
#define PTPDK_TS_MAP_MAX_AGE_NS 1000000000LL

/** A CLOCK_REALTIME reading between two TSC reads. */
struct ptpdk_ts_bracket {
	uint64_t tsc_before;
	uint64_t tsc_after;
	int64_t realtime_ns;
};

/** Read a bracket now (ordered TSC reads, so it is not narrower than it was). */
static inline void ptpdk_ts_bracket_read(struct ptpdk_ts_bracket *b)
{
	struct timespec ts;

	b->tsc_before = ptpdk_tsc_read_ordered();
	clock_gettime(CLOCK_REALTIME, &ts);
	b->tsc_after = ptpdk_tsc_read_ordered();
	b->realtime_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/** The bracket's width in ticks, saturated to 32 bits (an event's rx_window_ticks). */
static inline uint32_t ptpdk_ts_bracket_width(const struct ptpdk_ts_bracket *b)
{
	uint64_t w = b->tsc_after - b->tsc_before;

	return w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
}

/** CLOCK_REALTIME nanoseconds of a struct timespec stamp. */
static inline int64_t ptpdk_ts_map_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

/**
 * Map a CLOCK_REALTIME stamp taken before @p b to TSC ticks.
 * @return false (and @p tsc untouched) when the stamp is later than the bracket or
 *         older than PTPDK_TS_MAP_MAX_AGE_NS: no trustworthy conversion exists.
 */
static inline bool ptpdk_ts_map_to_tsc(const struct ptpdk_ts_bracket *b, int64_t stamp_ns,
				       uint64_t tsc_hz, uint64_t *tsc)
{
	int64_t age = b->realtime_ns - stamp_ns;
	uint64_t mid = b->tsc_before + (b->tsc_after - b->tsc_before) / 2;
	uint64_t ticks;

	if (age < 0 || age > PTPDK_TS_MAP_MAX_AGE_NS || tsc_hz == 0)
		return false;
	ticks = (uint64_t)age * tsc_hz / 1000000000ULL;
	if (ticks > mid)
		return false; /* before the TSC started: only a broken clock gets here */
	*tsc = mid - ticks;
	return true;
}

#endif
