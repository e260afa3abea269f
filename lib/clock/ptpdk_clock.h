/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Clocks behind one interface (style rule 2): NIC PHC, free-running NIC counter
 * plus virtual clock, TSC clock, simulated clock. The engine and the servo see only
 * struct ptpdk_clock; each implementation fills an ops table
 * (ptpdk_clock_private.h) and the wrappers here return -ENOTSUP for an operation
 * it leaves out.
 *
 * Frequencies are absolute offsets from the clock's nominal rate in parts per
 * billion (+100 ppb: the clock gains 100 ns per second), as a servo computes them.
 *
 * A clock is not thread-safe: one lcore owns it (style rule 4).
 */
#ifndef PTPDK_CLOCK_H
#define PTPDK_CLOCK_H

#include <stdint.h>

#include "ptpdk_time.h"
#include "ptpdk_ts_source.h"

/** Returned (positive) by ptpdk_clock_adjust_freq() when the request was clamped. */
#define PTPDK_CLOCK_CLAMPED 1

struct ptpdk_clock;

/**
 * Read the clock now.
 * @return 0, -EINVAL for a NULL argument, -ENOTSUP when the clock cannot be read,
 *         -ERANGE when its time does not fit a ptpdk_tmv, or the error of the
 *         underlying device (e.g. -EIO, -ENODEV).
 */
int ptpdk_clock_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now);

/**
 * Set the clock to @p t (a step).
 * @return 0, -EINVAL for a NULL argument, -ENOTSUP when the clock cannot be set,
 *         -ERANGE when @p t is out of the clock's range (e.g. negative for a PHC),
 *         or the device's error.
 */
int ptpdk_clock_settime(struct ptpdk_clock *clk, const struct ptpdk_tmv *t);

/**
 * Step the clock by @p delta_ns (positive: forward).
 * @return 0, -EINVAL for a NULL clock, -ENOTSUP when the clock cannot be stepped,
 *         -ERANGE when the result would overflow, or the device's error.
 */
int ptpdk_clock_adjust_phase(struct ptpdk_clock *clk, int64_t delta_ns);

/**
 * Set the clock's frequency offset to @p ppb (absolute, not cumulative).
 * A value beyond ±ptpdk_clock_max_freq() is clamped to the limit and applied; the
 * caller learns it from the return value (servos treat that as saturation).
 * @return 0 when applied as asked, PTPDK_CLOCK_CLAMPED (1) when clamped and applied,
 *         -EINVAL for a NULL clock or a NaN/infinite @p ppb, -ENOTSUP when the clock has
 *         no frequency control, or the device's error (nothing applied).
 */
int ptpdk_clock_adjust_freq(struct ptpdk_clock *clk, double ppb);

/**
 * The frequency offset last applied (after clamping).
 * @return 0, -EINVAL for a NULL argument, -ENOTSUP when the clock has no frequency control.
 */
int ptpdk_clock_get_freq(const struct ptpdk_clock *clk, double *ppb);

/** @return the largest |ppb| ptpdk_clock_adjust_freq() applies; 0 for NULL or no control. */
double ptpdk_clock_max_freq(const struct ptpdk_clock *clk);

/**
 * Convert a raw timestamp taken by the datapath into this clock's time: the time the
 * clock showed when the stamp was taken, also when the clock was stepped or slewed
 * since (exactly for stamps taken after the previous adjustment, see ptpdk_vclock.h).
 * @return 0, -EINVAL for a NULL argument or @p src PTPDK_TS_NONE or out of the enum,
 *         -ENOTSUP when this clock cannot convert stamps of @p src (or any),
 *         -ERANGE when @p raw is too far from the clock's last reading to be
 *         unwrapped or converted reliably.
 */
int ptpdk_clock_raw_to_time(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			    struct ptpdk_tmv *out);

/** @return the clock's name ("tsc", "nic_phc:0", ...); "(null)" for NULL. */
const char *ptpdk_clock_name(const struct ptpdk_clock *clk);

/** Free the clock and whatever it owns; NULL is ignored. */
void ptpdk_clock_destroy(struct ptpdk_clock *clk);

#endif
