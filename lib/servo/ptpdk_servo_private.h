/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * For servo implementations only: the ops table, the base struct that each
 * implementation embeds as its first member (so a struct ptpdk_servo pointer and the
 * implementation's pointer are the same address) and helpers shared by the servos.
 */
#ifndef PTPDK_SERVO_PRIVATE_H
#define PTPDK_SERVO_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_servo.h"

/**
 * Any member may be NULL; the wrapper then returns -ENOTSUP or a neutral value,
 * and without destroy it frees the servo (enough for one calloc'd block). Arguments reach the ops
 * already checked: non-NULL, and a finite interval > 0 for set_interval (the base's
 * cfg.sync_interval_s is updated after it returns 0).
 */
struct ptpdk_servo_ops {
	int (*sample)(struct ptpdk_servo *servo, const struct ptpdk_servo_sample *sample,
		      struct ptpdk_servo_result *out);
	int (*set_interval)(struct ptpdk_servo *servo, double sync_interval_s);
	double (*holdover)(struct ptpdk_servo *servo, uint64_t now_ns);
	double (*freq_uncertainty)(const struct ptpdk_servo *servo);
	void (*reset)(struct ptpdk_servo *servo);
	void (*destroy)(struct ptpdk_servo *servo);
};

struct ptpdk_servo {
	const struct ptpdk_servo_ops *ops;
	enum ptpdk_servo_type type;
	struct ptpdk_servo_config cfg;
	enum ptpdk_servo_state state;
	/** Consecutive offsets below cfg.offset_threshold_ns (s3 bookkeeping). */
	unsigned stable_count;
};

/** Fill the base; @p cfg has been checked. */
void ptpdk_servo_init_base(struct ptpdk_servo *servo, const struct ptpdk_servo_ops *ops,
			   enum ptpdk_servo_type type, const struct ptpdk_servo_config *cfg);

/** @p ppb limited to +-cfg.max_frequency_ppb; *clamped tells whether it was (may be NULL). */
double ptpdk_servo_clamp(const struct ptpdk_servo *servo, double ppb, bool *clamped);

/**
 * s2 or s3 after a slewing sample whose offset (or offset estimate) is @p abs_offset_ns;
 * counts towards cfg.num_offset_values. Also stores the state in the base.
 */
enum ptpdk_servo_state ptpdk_servo_locked_state(struct ptpdk_servo *servo, double abs_offset_ns);

/** Sort @p n doubles ascending (small arrays: the servos' windows). */
void ptpdk_servo_sort(double *v, unsigned n);

/** Median of @p n > 0 doubles; reorders @p v. */
double ptpdk_servo_median(double *v, unsigned n);

/**
 * What the ptpdk servo did so far, for tools that replay recorded samples into it
 * (tests/tools/servo_replay.c) and for tests: nothing here steers the clock.
 */
struct ptpdk_servo_pd_diag {
	unsigned drift_alarms;	       /**< CUSUM alarms that restarted acquisition */
	unsigned drift_alarms_refused; /**< CUSUM alarms without a significant trend */
	unsigned reanchors;	       /**< runs of outliers that moved the model */
	unsigned gaps;		       /**< refits after a gap in the samples */
	bool acq_on;		       /**< the raw line fit is the model (not the block fit) */
	double y_ppb;		       /**< the model's slope (the oscillator's frequency offset) */
	double y_se_ppb;	       /**< its standard error */
	double scale_ns;	       /**< robust noise scale of the residuals */
	double d_hat_ns; /**< two-way mode: the delay the one-way samples are centred by */
};

/** @return 0 with @p d filled, -EINVAL when @p servo is not a ptpdk servo. */
int ptpdk_servo_pd_diag(const struct ptpdk_servo *servo, struct ptpdk_servo_pd_diag *d);

struct ptpdk_servo *ptpdk_servo_pi_create(const struct ptpdk_servo_config *cfg);
struct ptpdk_servo *ptpdk_servo_ptpdk_create(const struct ptpdk_servo_config *cfg);

#endif
