/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Where a raw timestamp came from. The datapath stores a raw value and its source
 * with each event; a clock (ptpdk_clock_raw_to_time()) turns it into time later,
 * on the lcore that owns the clock. Pure: no clock is read here.
 */
#ifndef PTPDK_TS_SOURCE_H
#define PTPDK_TS_SOURCE_H

#include <stdint.h>
#include <time.h>

enum ptpdk_ts_source {
	PTPDK_TS_NONE = 0,  /**< no timestamp */
	PTPDK_TS_TSC,	    /**< TSC ticks (ptpdk_tsc_read()/rte_rdtsc()): a software stamp */
	PTPDK_TS_NIC_NS,    /**< NIC PHC nanoseconds (rte_eth_timesync_read_*_timestamp) */
	PTPDK_TS_NIC_TICKS, /**< free-running NIC counter ticks (RX timestamp dynfield) */
	PTPDK_TS_SOURCE_MAX
};

/** @return a short lower-case name, "invalid" outside the enum. */
static inline const char *ptpdk_ts_source_name(enum ptpdk_ts_source src)
{
	switch (src) {
	case PTPDK_TS_NONE:
		return "none";
	case PTPDK_TS_TSC:
		return "tsc";
	case PTPDK_TS_NIC_NS:
		return "nic-ns";
	case PTPDK_TS_NIC_TICKS:
		return "nic-ticks";
	default:
		return "invalid";
	}
}

/**
 * The raw PTPDK_TS_NIC_NS value of a PHC reading or stamp: nanoseconds as an
 * unsigned 64-bit count, the form the NIC clocks convert. A negative timespec
 * wraps like the counter would.
 */
static inline uint64_t ptpdk_ts_raw_from_timespec(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

#endif
