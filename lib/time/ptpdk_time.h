/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The one time type of ptpdk and its arithmetic.
 *
 * Three representations meet in PTP:
 *  - the wire Timestamp (IEEE 1588-2008 5.3.3): 48-bit seconds + 32-bit nanoseconds;
 *  - the wire TimeInterval / correctionField (5.3.2, 13.3.2.7): signed 64-bit
 *    nanoseconds scaled by 2^16;
 *  - ptpdk_tmv: signed 64-bit nanoseconds with a 16-bit sub-nanosecond fraction,
 *    so a correctionField can be added to a timestamp without losing its fraction.
 *    Range is +-292 years around the epoch, which covers the PTP epoch (1970)
 *    to 2262; conversions that would leave that range report -ERANGE.
 *
 * Everything here is pure: no clock is read.
 */
#ifndef PTPDK_TIME_H
#define PTPDK_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define PTPDK_NS_PER_SEC    1000000000LL
#define PTPDK_WIRE_SEC_MAX  ((1ULL << 48) - 1)
#define PTPDK_SCALED_NS_ONE 65536 /**< 1 ns in scaled-ns units (2^16). */

/** Wire Timestamp (1588-2008 5.3.3), already in host byte order. */
struct ptpdk_wire_ts {
	uint64_t seconds;     /**< only the low 48 bits exist on the wire */
	uint32_t nanoseconds; /**< valid when < 10^9 */
};

/** Signed time in ns plus an unsigned 1/65536 ns fraction (value = ns + frac/65536). */
struct ptpdk_tmv {
	int64_t ns;
	uint16_t frac;
};

/** @return true when seconds fit 48 bits and nanoseconds < 10^9. */
bool ptpdk_wire_ts_valid(const struct ptpdk_wire_ts *ts);

/**
 * Convert a wire timestamp to a tmv.
 * @return 0, -EINVAL for an invalid timestamp, -ERANGE when it exceeds int64 ns.
 */
int ptpdk_wire_ts_to_tmv(const struct ptpdk_wire_ts *ts, struct ptpdk_tmv *out);

/**
 * Convert a tmv to a wire timestamp, truncating the fraction (timestamps carry whole ns).
 * @return 0, -ERANGE for a negative time (the wire has no sign).
 */
int ptpdk_tmv_to_wire_ts(struct ptpdk_tmv t, struct ptpdk_wire_ts *out);

/** A tmv from a correctionField/TimeInterval value (exact). */
struct ptpdk_tmv ptpdk_tmv_from_scaled(int64_t scaled_ns);

/**
 * A TimeInterval/correctionField from a tmv.
 * @return 0, -ERANGE when |t| exceeds what 48 integer bits of ns hold (about 78 hours).
 */
int ptpdk_tmv_to_scaled(struct ptpdk_tmv t, int64_t *scaled_ns);

/** A tmv from whole nanoseconds. */
struct ptpdk_tmv ptpdk_tmv_from_ns(int64_t ns);

/** a + b, exact including the fraction; wraps like int64 on overflow (callers stay in range). */
struct ptpdk_tmv ptpdk_tmv_add(struct ptpdk_tmv a, struct ptpdk_tmv b);
/** a - b, exact including the fraction. */
struct ptpdk_tmv ptpdk_tmv_sub(struct ptpdk_tmv a, struct ptpdk_tmv b);
/** -1, 0, 1 as a < b, a == b, a > b. */
int ptpdk_tmv_cmp(struct ptpdk_tmv a, struct ptpdk_tmv b);
/** t / 2, exact but for the last bit: floored to 2^-17 ns when t is an odd number of 2^-16 ns. */
struct ptpdk_tmv ptpdk_tmv_half(struct ptpdk_tmv t);
/** Nearest whole nanosecond (ties away from zero's floor: +0.5 rounds up). */
int64_t ptpdk_tmv_round_ns(struct ptpdk_tmv t);
/** Value as double nanoseconds (for servos and statistics). */
double ptpdk_tmv_to_double_ns(struct ptpdk_tmv t);

/**
 * A tmv from double nanoseconds, rounded to the nearest 1/65536 ns (for estimates
 * computed in double, e.g. a clock follower's offset). @return 0, -EINVAL for NaN or
 * infinity, -ERANGE beyond +-2^62 ns.
 */
int ptpdk_tmv_from_double_ns(double ns, struct ptpdk_tmv *out);

/** correctionField / TimeInterval in double nanoseconds. */
double ptpdk_scaled_to_double_ns(int64_t scaled_ns);

#endif
