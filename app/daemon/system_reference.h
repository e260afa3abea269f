/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * time_reference system: the host's CLOCK_REALTIME as the grandmaster's reference.
 * This file is the I/O half (the kernel's adjtimex report and the clock read beside
 * CLOCK_REALTIME); ptpdk_gm_reference and ptpdk_ptp_clock_reference() are the pure half.
 */
#ifndef DAEMON_SYSTEM_REFERENCE_H
#define DAEMON_SYSTEM_REFERENCE_H

#include <stdbool.h>

#include "ptpdk_gm_reference.h"

/**
 * How often the engine reads CLOCK_REALTIME against its clock and asks the kernel for
 * its report, ns. The report changes about once a second (chrony and ntpd update it
 * about as often), but each read is also a sample for the servo, nearly free of
 * noise (a bracket of ~100 ns), and the servo sizes its blocks in samples: at 1 Hz
 * it needed tens of seconds to settle its frequency, and a ptp4l slave saw the
 * served time wander by 14 us rms meanwhile (a CPU hog on the other core). Each read
 * is one adjtimex() and a few clock reads.
 */
#define SYSTEM_REFERENCE_PERIOD_NS 125000000ull

/**
 * Read the kernel's report on CLOCK_REALTIME (adjtimex with no modes: read-only, no
 * privilege). @return 0, or -errno when the kernel refused (the caller then announces
 * the reference as not kept).
 */
int system_reference_read(struct ptpdk_gm_reference_report *out);

/**
 * TAI - UTC to apply to CLOCK_REALTIME to reach PTP time: the kernel's when it has
 * one (chrony's leapsectz, ntpd's leapfile), else @p config_utc_offset (utc_offset).
 */
int system_reference_tai_offset(const struct ptpdk_gm_reference_report *r, int config_utc_offset);

#endif
