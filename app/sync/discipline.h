/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The servo loop of the CLOCK_REALTIME mode, phc2sys's update_clock(): the offset of
 * the disciplined clock (CLOCK_REALTIME, or its shadow with --dry-run) from ptpdk's
 * UTC goes into lib/servo's pi servo; s1 steps and sets the frequency, s2/s3 set the
 * frequency and mark the clock synchronised, s0 does nothing. Holdover keeps the
 * frequency the servo learned. Reads no clock itself: times come in as arguments.
 */
#ifndef SYNC_DISCIPLINE_H
#define SYNC_DISCIPLINE_H

#include <stdint.h>

#include "clock.h"
#include "ptpdk_servo.h"

struct sync_discipline_config {
	double rate_hz;		       /**< samples per second (the servo's interval is 1/rate) */
	double step_threshold_s;       /**< phc2sys -S */
	double first_step_threshold_s; /**< phc2sys -F */
	double initial_freq_ppb;       /**< what the clock runs at now */
	double max_freq_ppb;	       /**< the clock's range */
};

struct sync_discipline {
	struct ptpdk_servo *servo;
	struct sync_clock *clock; /**< not owned */
	double freq_ppb;	  /**< the frequency last applied */
	unsigned long samples, steps, errors;
};

struct sync_discipline_result {
	int64_t offset_ns; /**< disciplined clock - ptpdk UTC, as fed to the servo */
	enum ptpdk_servo_state state;
	double freq_ppb; /**< applied after this sample */
	int64_t step_ns; /**< added to the clock at this sample (s1), else 0 */
};

/** @return 0, -EINVAL for a bad configuration, -ENOMEM. */
int sync_discipline_init(struct sync_discipline *d, const struct sync_discipline_config *cfg,
			 struct sync_clock *clock);
void sync_discipline_fini(struct sync_discipline *d);

/**
 * One sample: CLOCK_REALTIME read @p realtime_ns at the instant ptpdk's UTC was
 * @p utc_ns (within @p error_bound_ns).
 * @return 0, or the clock's error (the servo has still taken the sample).
 */
int sync_discipline_sample(struct sync_discipline *d, int64_t realtime_ns, int64_t utc_ns,
			   double error_bound_ns, struct sync_discipline_result *out);

/**
 * ptpdk's time went invalid at @p realtime_ns: stop adjusting after setting the
 * frequency the servo learned (not its last output, which holds a phase correction).
 * @return that frequency, ppb
 */
double sync_discipline_holdover(struct sync_discipline *d, int64_t realtime_ns);

#endif
