/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The software clock "tsc": a virtual clock over the TSC (ptpdk_tsc.h), started at
 * the host's CLOCK_REALTIME. CLOCK_REALTIME is only read, never set, stepped or
 * slewed: all control acts on the virtual clock. It converts PTPDK_TS_TSC stamps.
 */
#ifndef PTPDK_CLOCK_TSC_H
#define PTPDK_CLOCK_TSC_H

#include <stdint.h>

#include "ptpdk_clock.h"

/** Calibration time used when ptpdk_clock_tsc_create() is given no rate. */
#define PTPDK_CLOCK_TSC_CALIBRATE_MS 100

/**
 * Create the TSC clock with nominal rate @p tsc_hz (a calibrated rate or
 * rte_get_tsc_hz()). With 0 it uses ptpdk_tsc_nominal_hz() or, when the CPU does
 * not state one (x86), calibrates for PTPDK_CLOCK_TSC_CALIBRATE_MS (blocking).
 * The initial time is CLOCK_REALTIME at the midpoint of the narrowest of several
 * (TSC, CLOCK_REALTIME, TSC) brackets. It does not check ptpdk_tsc_invariant():
 * the caller logs that.
 * @return the clock, or NULL with errno EINVAL (@p tsc_hz above PTPDK_COUNTER_MAX_HZ),
 *         ENOMEM, EIO or ERANGE (calibration failed), or clock_gettime's errno.
 */
struct ptpdk_clock *ptpdk_clock_tsc_create(uint64_t tsc_hz);

#endif
