/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_discipline.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_elapsed.h"

#define RECENT_OFFSETS 16 /* offsets behind the locked error bound */

struct ptpdk_discipline {
	struct ptpdk_discipline_config cfg;
	struct ptpdk_clock *clock;
	struct ptpdk_servo *servo;

	enum ptpdk_ptp_clock_state state;
	bool ever_locked;
	uint64_t holdover_start_ns;
	double holdover_unc_ppb;
	double bound_at_entry_ns;
	enum ptpdk_servo_state servo_state;
	double freq_ppb;
	int64_t last_offset_ns;
	int64_t path_delay_ns;
	uint64_t last_sample_ns;
	int64_t last_step_ns;
	int64_t recent_offsets[RECENT_OFFSETS];
	unsigned n_recent;

	struct ptpdk_discipline_counters counters;
};

struct ptpdk_discipline *ptpdk_discipline_create(const struct ptpdk_discipline_config *cfg,
						 struct ptpdk_clock *clock)
{
	struct ptpdk_discipline *d;

	if (!cfg || !clock || !(cfg->holdover_max_s >= 0) ||
	    !(cfg->holdover_wander_ppb_per_s >= 0)) {
		errno = EINVAL;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->cfg = *cfg;
	d->clock = clock;
	d->servo = ptpdk_servo_create(cfg->servo_type, &cfg->servo);
	if (!d->servo) {
		int rc = errno ? errno : ENOMEM;

		free(d);
		errno = rc;
		return NULL;
	}
	d->freq_ppb = cfg->servo.initial_freq_ppb;
	return d;
}

void ptpdk_discipline_destroy(struct ptpdk_discipline *d)
{
	if (!d)
		return;
	ptpdk_servo_destroy(d->servo);
	free(d);
}

static void remember_offset(struct ptpdk_discipline *d, int64_t offset_ns)
{
	d->recent_offsets[d->n_recent % RECENT_OFFSETS] = offset_ns;
	d->n_recent++;
}

static double recent_max_abs(const struct ptpdk_discipline *d)
{
	unsigned n = d->n_recent < RECENT_OFFSETS ? d->n_recent : RECENT_OFFSETS;
	double max = 0;

	for (unsigned i = 0; i < n; i++) {
		double a = fabs((double)d->recent_offsets[i]);

		if (a > max)
			max = a;
	}
	return max;
}

static double error_bound(const struct ptpdk_discipline *d, uint64_t now_ns)
{
	double t;

	switch (d->state) {
	case PTPDK_PTP_LOCKED:
		return recent_max_abs(d);
	case PTPDK_PTP_HOLDOVER:
		/*
		 * What we knew at entry, plus the held frequency's own error, plus an
		 * oscillator that keeps wandering at the configured rate: the phase
		 * error of a frequency ramp grows with t^2/2.
		 */
		t = (double)ptpdk_elapsed_ns(now_ns, d->holdover_start_ns) * 1e-9;
		return d->bound_at_entry_ns + d->holdover_unc_ppb * t +
		       0.5 * d->cfg.holdover_wander_ppb_per_s * t * t;
	default:
		return INFINITY;
	}
}

static void error_growth(const struct ptpdk_discipline *d, uint64_t now_ns, double *rate_ppb,
			 double *wander_ppb_per_s)
{
	*rate_ppb = 0;
	*wander_ppb_per_s = 0;
	if (d->state == PTPDK_PTP_LOCKED) {
		*rate_ppb = ptpdk_servo_freq_uncertainty(d->servo);
		*wander_ppb_per_s = d->cfg.holdover_wander_ppb_per_s;
	} else if (d->state == PTPDK_PTP_HOLDOVER) {
		/* The derivative of error_bound()'s polynomial at now. */
		double t = (double)ptpdk_elapsed_ns(now_ns, d->holdover_start_ns) * 1e-9;

		*rate_ppb = d->holdover_unc_ppb + d->cfg.holdover_wander_ppb_per_s * t;
		*wander_ppb_per_s = d->cfg.holdover_wander_ppb_per_s;
	}
}

static void clock_freq(struct ptpdk_discipline *d, double ppb)
{
	if (d->cfg.free_running)
		return;
	if (ptpdk_clock_adjust_freq(d->clock, ppb) < 0)
		d->counters.clock_errors++;
	else
		ptpdk_clock_get_freq(d->clock, &d->freq_ppb);
}

/* @return true when the clock took the step */
static bool clock_step(struct ptpdk_discipline *d, int64_t step_ns)
{
	if (d->cfg.free_running || step_ns == 0)
		return false;
	if (ptpdk_clock_adjust_phase(d->clock, step_ns) != 0) {
		d->counters.clock_errors++;
		return false;
	}
	d->counters.steps++;
	d->last_step_ns = step_ns;
	d->n_recent = 0; /* offsets from before the step say nothing about after */
	return true;
}

/* @return true when a holdover ended (the servo locked again) */
static bool update_state(struct ptpdk_discipline *d)
{
	enum ptpdk_ptp_clock_state was = d->state;
	bool locked = d->servo_state == PTPDK_SERVO_LOCKED ||
		      d->servo_state == PTPDK_SERVO_LOCKED_STABLE || d->cfg.free_running;

	/* Re-acquiring after holdover is still holdover until the servo locks. */
	if (locked)
		d->state = PTPDK_PTP_LOCKED;
	else if (was != PTPDK_PTP_HOLDOVER)
		d->state = PTPDK_PTP_LOCKING;
	if (locked)
		d->ever_locked = true;
	return was == PTPDK_PTP_HOLDOVER && locked;
}

static void run_servo(struct ptpdk_discipline *d, const struct ptpdk_servo_sample *in,
		      struct ptpdk_discipline_result *out)
{
	struct ptpdk_servo_result res;

	if (d->cfg.free_running) {
		/* ptp4l free_running: report what we measure, touch nothing. */
		d->servo_state = PTPDK_SERVO_UNLOCKED;
		out->have_port_event = true;
		out->port_event = PTPDK_EV_MASTER_CLOCK_SELECTED;
		return;
	}
	ptpdk_servo_sample(d->servo, in, &res);
	d->servo_state = res.state;
	switch (res.state) {
	case PTPDK_SERVO_UNLOCKED:
		break;
	case PTPDK_SERVO_JUMP:
		out->stepped = clock_step(d, res.step_ns);
		out->step_ns = res.step_ns;
		clock_freq(d, res.freq_ppb);
		out->have_port_event = true;
		out->port_event = PTPDK_EV_SYNCHRONIZATION_FAULT;
		break;
	case PTPDK_SERVO_LOCKED:
	case PTPDK_SERVO_LOCKED_STABLE:
		clock_freq(d, res.freq_ppb);
		out->have_port_event = true;
		out->port_event = PTPDK_EV_MASTER_CLOCK_SELECTED;
		break;
	}
}

void ptpdk_discipline_sample(struct ptpdk_discipline *d, const struct ptpdk_servo_sample *in,
			     uint64_t now_ns, struct ptpdk_discipline_result *out)
{
	memset(out, 0, sizeof(*out));
	run_servo(d, in, out);
	out->servo_state = d->servo_state;
	out->freq_ppb = d->freq_ppb;
	d->last_offset_ns = in->offset_ns;
	d->path_delay_ns = in->path_delay_ns;
	d->last_sample_ns = now_ns;
	if (out->step_ns == 0)
		remember_offset(d, in->offset_ns);
	out->holdover_ended = update_state(d);
}

void ptpdk_discipline_set_interval(struct ptpdk_discipline *d, double seconds)
{
	ptpdk_servo_set_interval(d->servo, seconds);
}

void ptpdk_discipline_set_path_delay(struct ptpdk_discipline *d, int64_t path_delay_ns)
{
	d->path_delay_ns = path_delay_ns;
}

bool ptpdk_discipline_parent_lost(struct ptpdk_discipline *d, uint64_t now_ns)
{
	if (d->state != PTPDK_PTP_LOCKED || d->cfg.free_running) {
		d->state = d->ever_locked && d->state == PTPDK_PTP_HOLDOVER ? PTPDK_PTP_HOLDOVER
									    : PTPDK_PTP_FREERUN;
		return false;
	}
	/* Hold the oscillator's learned frequency, not the last output, which also
	 * carries the servo's phase correction of the moment. */
	d->bound_at_entry_ns = recent_max_abs(d);
	clock_freq(d, ptpdk_servo_holdover(d->servo, now_ns));
	d->holdover_unc_ppb = ptpdk_servo_freq_uncertainty(d->servo);
	d->state = PTPDK_PTP_HOLDOVER;
	d->holdover_start_ns = now_ns;
	d->counters.holdovers++;
	return true;
}

bool ptpdk_discipline_tick(struct ptpdk_discipline *d, uint64_t now_ns)
{
	if (d->state != PTPDK_PTP_HOLDOVER || d->cfg.holdover_max_s <= 0)
		return false;
	if ((double)ptpdk_elapsed_ns(now_ns, d->holdover_start_ns) * 1e-9 <= d->cfg.holdover_max_s)
		return false;
	d->state = PTPDK_PTP_FREERUN;
	return true;
}

void ptpdk_discipline_status(const struct ptpdk_discipline *d, uint64_t now_ns,
			     struct ptpdk_discipline_status *out)
{
	memset(out, 0, sizeof(*out));
	out->state = d->state;
	out->servo_state = d->servo_state;
	out->last_offset_ns = d->last_offset_ns;
	out->path_delay_ns = d->path_delay_ns;
	out->freq_ppb = d->freq_ppb;
	out->error_bound_ns = error_bound(d, now_ns);
	error_growth(d, now_ns, &out->bound_rate_ppb, &out->bound_wander_ppb_per_s);
	if (d->state == PTPDK_PTP_HOLDOVER)
		out->holdover_s = (double)ptpdk_elapsed_ns(now_ns, d->holdover_start_ns) * 1e-9;
	out->holdover_unc_ppb = d->holdover_unc_ppb;
	out->last_sample_ns = d->last_sample_ns;
	out->last_step_ns = d->last_step_ns;
	out->counters = d->counters;
}

const char *ptpdk_ptp_clock_state_name(enum ptpdk_ptp_clock_state s)
{
	static const char *const names[] = { "FREERUN", "LOCKING", "LOCKED", "HOLDOVER" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "invalid";
}
