/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A message interval as PTP writes it (logMessageInterval, logInterPacketPeriod: the
 * base-2 logarithm of seconds, 1588-2019 7.7.2.1) in nanoseconds, for every timer and
 * schedule in the engine: one rule for the port's timers and the unicast grants.
 *
 * Pure, header-only.
 */
#ifndef PTPDK_INTERVAL_H
#define PTPDK_INTERVAL_H

#include <stdint.h>

/** 2^@p log_interval seconds in ns, the exponent clamped to [-30, 30] so that every
 * shift is defined whatever a peer wrote. */
static inline uint64_t ptpdk_interval_ns(int log_interval)
{
	if (log_interval < -30)
		log_interval = -30;
	if (log_interval > 30)
		log_interval = 30;
	return log_interval >= 0 ? 1000000000ull << log_interval : 1000000000ull >> -log_interval;
}

#endif
