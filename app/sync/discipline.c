/* SPDX-License-Identifier: BSD-3-Clause */
#include "discipline.h"

#include <errno.h>
#include <math.h>
#include <string.h>

int sync_discipline_init(struct sync_discipline *d, const struct sync_discipline_config *cfg,
			 struct sync_clock *clock)
{
	struct ptpdk_servo_config sc;

	memset(d, 0, sizeof(*d));
	if (!clock || !(cfg->rate_hz > 0.0) || !isfinite(cfg->rate_hz))
		return -EINVAL;
	/* phc2sys: pi with the configuration defaults, which are the hardware-stamp
	 * constants (kp 0.7, ki 0.3 at 1 Hz), clamped to the clock's range. */
	ptpdk_servo_config_init(&sc);
	sc.hw_timestamps = true;
	sc.sync_interval_s = 1.0 / cfg->rate_hz;
	sc.step_threshold_ns = cfg->step_threshold_s * 1e9;
	sc.first_step_threshold_ns = cfg->first_step_threshold_s * 1e9;
	sc.max_frequency_ppb = cfg->max_freq_ppb;
	sc.initial_freq_ppb = cfg->initial_freq_ppb;
	d->servo = ptpdk_servo_create(PTPDK_SERVO_PI, &sc);
	if (!d->servo)
		return -errno;
	d->clock = clock;
	d->freq_ppb =
		fmax(-sc.max_frequency_ppb, fmin(sc.max_frequency_ppb, cfg->initial_freq_ppb));
	return 0;
}

void sync_discipline_fini(struct sync_discipline *d)
{
	ptpdk_servo_destroy(d->servo);
	d->servo = NULL;
}

static int apply_freq(struct sync_discipline *d, int64_t realtime_ns, double ppb)
{
	int rc = sync_clock_set_freq(d->clock, realtime_ns, ppb);

	if (rc == 0)
		d->freq_ppb = ppb;
	return rc;
}

int sync_discipline_sample(struct sync_discipline *d, int64_t realtime_ns, int64_t utc_ns,
			   double error_bound_ns, struct sync_discipline_result *out)
{
	struct ptpdk_servo_sample s;
	struct ptpdk_servo_result res;
	int64_t local = sync_clock_read(d->clock, realtime_ns);
	int rc = 0;

	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	/* The servo's sign: positive offset = our clock ahead of the master. */
	s.offset_ns = local - utc_ns;
	s.local_ts_ns = local > 0 ? (uint64_t)local : 0;
	ptpdk_servo_sample(d->servo, &s, &res);
	d->samples++;
	switch (res.state) {
	case PTPDK_SERVO_UNLOCKED:
		break;
	case PTPDK_SERVO_JUMP:
		/* phc2sys: the learned frequency first, then the step. */
		rc = apply_freq(d, realtime_ns, res.freq_ppb);
		if (rc == 0)
			rc = sync_clock_step(d->clock, res.step_ns);
		if (rc == 0) {
			d->steps++;
			out->step_ns = res.step_ns;
		}
		break;
	case PTPDK_SERVO_LOCKED:
	case PTPDK_SERVO_LOCKED_STABLE:
		rc = apply_freq(d, realtime_ns, res.freq_ppb);
		if (rc == 0)
			rc = sync_clock_set_sync(d->clock,
						 error_bound_ns + fabs((double)s.offset_ns));
		break;
	}
	if (rc)
		d->errors++;
	out->offset_ns = s.offset_ns;
	out->state = res.state;
	out->freq_ppb = d->freq_ppb;
	return rc;
}

double sync_discipline_holdover(struct sync_discipline *d, int64_t realtime_ns)
{
	int64_t local = sync_clock_read(d->clock, realtime_ns);
	double ppb;

	if (ptpdk_servo_state(d->servo) == PTPDK_SERVO_UNLOCKED)
		return d->freq_ppb;
	ppb = ptpdk_servo_holdover(d->servo, local > 0 ? (uint64_t)local : 0);
	apply_freq(d, realtime_ns, ppb);
	return d->freq_ppb;
}
