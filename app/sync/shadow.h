/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --dry-run's clock: a shadow of CLOCK_REALTIME held in the process,
 *	shadow(r) = r + phase + (r - base) * freq_ppb * 1e-9
 * for a CLOCK_REALTIME reading r, where a frequency change at r0 folds the
 * integrated frequency into phase and moves base to r0, and a step adds to phase:
 * a ptpdk_vclock (lib/clock) whose counter is the CLOCK_REALTIME reading.
 * The servo sees the shadow exactly as it would see a CLOCK_REALTIME that it
 * adjusted, so the printed offsets converge as they would on the real clock, and
 * CLOCK_REALTIME itself is never touched. Pure: no system call.
 */
#ifndef SYNC_SHADOW_H
#define SYNC_SHADOW_H

#include <stdint.h>

#include "clock.h"

/** A shadow starting equal to CLOCK_REALTIME at frequency 0; NULL with errno ENOMEM. */
struct sync_clock *sync_shadow_create(void);

/** The shadow's phase (shadow - CLOCK_REALTIME) at @p realtime_ns, ns. */
double sync_shadow_phase_ns(struct sync_clock *c, int64_t realtime_ns);

/** Its frequency relative to CLOCK_REALTIME, ppb. */
double sync_shadow_freq_ppb(const struct sync_clock *c);

#endif
