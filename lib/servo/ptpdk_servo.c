/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_servo.h"
#include "ptpdk_servo_private.h"

static const char *const servo_names[PTPDK_SERVO_TYPE_COUNT] = {
	[PTPDK_SERVO_PI] = "pi",
	[PTPDK_SERVO_PTPDK] = "ptpdk",
};

static struct ptpdk_servo *(*const servo_factory[PTPDK_SERVO_TYPE_COUNT])(
	const struct ptpdk_servo_config *cfg) = {
	[PTPDK_SERVO_PI] = ptpdk_servo_pi_create,
	[PTPDK_SERVO_PTPDK] = ptpdk_servo_ptpdk_create,
};

void ptpdk_servo_config_init(struct ptpdk_servo_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	/* man ptp4l: max_frequency, first_step_threshold, step_threshold, the servo
	 * offset threshold pair and the pi_* options. The scales stay 0 because their
	 * default depends on hw_timestamps. */
	cfg->max_frequency_ppb = 900000000.0;
	cfg->first_step_threshold_ns = 20000.0;
	cfg->step_threshold_ns = 0.0;
	cfg->sync_interval_s = 1.0;
	cfg->hw_timestamps = true;
	cfg->offset_threshold_ns = 0.0;
	cfg->num_offset_values = 10;
	cfg->pi_kp_exponent = -0.3;
	cfg->pi_kp_norm_max = 0.7;
	cfg->pi_ki_exponent = 0.4;
	cfg->pi_ki_norm_max = 0.3;
}

static bool finite_nonneg(double v)
{
	return isfinite(v) && v >= 0.0;
}

int ptpdk_servo_config_check(const struct ptpdk_servo_config *cfg)
{
	if (!cfg)
		return -EINVAL;
	if (!isfinite(cfg->max_frequency_ppb) || cfg->max_frequency_ppb <= 0.0)
		return -EINVAL;
	if (!isfinite(cfg->sync_interval_s) || cfg->sync_interval_s <= 0.0)
		return -EINVAL;
	if (!finite_nonneg(cfg->first_step_threshold_ns) ||
	    !finite_nonneg(cfg->step_threshold_ns) || !finite_nonneg(cfg->offset_threshold_ns))
		return -EINVAL;
	if (!isfinite(cfg->initial_freq_ppb))
		return -EINVAL;
	if (!finite_nonneg(cfg->pi_kp) || !finite_nonneg(cfg->pi_ki))
		return -EINVAL;
	if (!finite_nonneg(cfg->pi_kp_scale) || !finite_nonneg(cfg->pi_kp_norm_max) ||
	    !isfinite(cfg->pi_kp_exponent))
		return -EINVAL;
	if (!finite_nonneg(cfg->pi_ki_scale) || !finite_nonneg(cfg->pi_ki_norm_max) ||
	    !isfinite(cfg->pi_ki_exponent))
		return -EINVAL;
	return 0;
}

void ptpdk_servo_init_base(struct ptpdk_servo *servo, const struct ptpdk_servo_ops *ops,
			   enum ptpdk_servo_type type, const struct ptpdk_servo_config *cfg)
{
	servo->ops = ops;
	servo->type = type;
	servo->cfg = *cfg;
	servo->state = PTPDK_SERVO_UNLOCKED;
	servo->stable_count = 0;
}

double ptpdk_servo_clamp(const struct ptpdk_servo *servo, double ppb, bool *clamped)
{
	double max = servo->cfg.max_frequency_ppb;
	bool c = true;

	/* A NaN must not reach a clock: treat it as "no correction" and flag it. */
	if (isnan(ppb))
		ppb = 0.0;
	else if (ppb > max)
		ppb = max;
	else if (ppb < -max)
		ppb = -max;
	else
		c = false;
	if (clamped)
		*clamped = c;
	return ppb;
}

enum ptpdk_servo_state ptpdk_servo_locked_state(struct ptpdk_servo *servo, double abs_offset_ns)
{
	unsigned need = servo->cfg.num_offset_values ? servo->cfg.num_offset_values : 1;

	if (servo->cfg.offset_threshold_ns > 0.0 &&
	    abs_offset_ns < servo->cfg.offset_threshold_ns) {
		if (servo->stable_count < need)
			servo->stable_count++;
	} else {
		servo->stable_count = 0;
	}
	servo->state = servo->stable_count >= need ? PTPDK_SERVO_LOCKED_STABLE : PTPDK_SERVO_LOCKED;
	return servo->state;
}

void ptpdk_servo_sort(double *v, unsigned n)
{
	/* Insertion sort: the windows are at most a few hundred values, mostly nearly
	 * sorted, and this keeps the library free of callbacks. */
	for (unsigned i = 1; i < n; i++) {
		double x = v[i];
		unsigned j = i;

		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

double ptpdk_servo_median(double *v, unsigned n)
{
	ptpdk_servo_sort(v, n);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct ptpdk_servo *ptpdk_servo_create(enum ptpdk_servo_type type,
				       const struct ptpdk_servo_config *cfg)
{
	if ((unsigned)type >= PTPDK_SERVO_TYPE_COUNT || ptpdk_servo_config_check(cfg) < 0) {
		errno = EINVAL;
		return NULL;
	}
	return servo_factory[type](cfg);
}

void ptpdk_servo_destroy(struct ptpdk_servo *servo)
{
	if (!servo)
		return;
	if (servo->ops->destroy)
		servo->ops->destroy(servo);
	else
		free(servo);
}

int ptpdk_servo_sample(struct ptpdk_servo *servo, const struct ptpdk_servo_sample *sample,
		       struct ptpdk_servo_result *out)
{
	if (!servo || !sample || !out)
		return -EINVAL;
	if (!servo->ops->sample)
		return -ENOTSUP;
	memset(out, 0, sizeof(*out));
	return servo->ops->sample(servo, sample, out);
}

int ptpdk_servo_set_interval(struct ptpdk_servo *servo, double sync_interval_s)
{
	int rc = 0;

	if (!servo || !isfinite(sync_interval_s) || sync_interval_s <= 0.0)
		return -EINVAL;
	if (servo->ops->set_interval)
		rc = servo->ops->set_interval(servo, sync_interval_s);
	if (rc == 0)
		servo->cfg.sync_interval_s = sync_interval_s;
	return rc;
}

double ptpdk_servo_holdover(struct ptpdk_servo *servo, uint64_t now_ns)
{
	if (!servo)
		return 0.0;
	if (!servo->ops->holdover)
		return ptpdk_servo_clamp(servo, servo->cfg.initial_freq_ppb, NULL);
	return servo->ops->holdover(servo, now_ns);
}

double ptpdk_servo_freq_uncertainty(const struct ptpdk_servo *servo)
{
	if (!servo)
		return 0.0;
	/* Nothing learned is as uncertain as the clock's whole range. */
	if (!servo->ops->freq_uncertainty)
		return servo->cfg.max_frequency_ppb;
	return servo->ops->freq_uncertainty(servo);
}

void ptpdk_servo_reset(struct ptpdk_servo *servo)
{
	if (!servo)
		return;
	servo->state = PTPDK_SERVO_UNLOCKED;
	servo->stable_count = 0;
	if (servo->ops->reset)
		servo->ops->reset(servo);
}

enum ptpdk_servo_state ptpdk_servo_state(const struct ptpdk_servo *servo)
{
	return servo ? servo->state : PTPDK_SERVO_UNLOCKED;
}

const char *ptpdk_servo_type_name(enum ptpdk_servo_type type)
{
	if ((unsigned)type >= PTPDK_SERVO_TYPE_COUNT)
		return "invalid";
	return servo_names[type];
}

int ptpdk_servo_type_from_name(const char *name)
{
	if (!name)
		return -EINVAL;
	for (unsigned i = 0; i < PTPDK_SERVO_TYPE_COUNT; i++)
		if (strcmp(name, servo_names[i]) == 0)
			return (int)i;
	return -EINVAL;
}
