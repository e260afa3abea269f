/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CLOCK_REALTIME itself: the only file of ptpdk-sync that adjusts it, and only when
 * neither --dry-run nor a feed (--chrony-sock, --ntp-shm) was asked for. Frequency
 * with clock_adjtime(ADJ_FREQUENCY), steps with ADJ_SETOFFSET (clock_settime where
 * the kernel lacks it), and phc2sys's status update once locked.
 */
#ifndef SYNC_REALCLOCK_H
#define SYNC_REALCLOCK_H

#include <stddef.h>

#include "clock.h"

/** The kernel's frequency range for CLOCK_REALTIME (ADJ_FREQUENCY: 500 ppm). */
#define SYNC_REALCLOCK_MAX_PPB 500000.0

/**
 * Take CLOCK_REALTIME: reads its frequency (*freq_ppb) and writes the same value back,
 * which fails now rather than at the first sample when we may not adjust the clock.
 * @return the clock, or NULL with errno (EPERM without CAP_SYS_TIME) and the reason in
 *	   @p err.
 */
struct sync_clock *sync_realclock_create(double *freq_ppb, char *err, size_t err_len);

#endif
