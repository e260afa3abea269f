/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The classic PI servo with the behaviour man ptp4l documents: constants from the
 * sync interval, a frequency estimate from the first two samples, a step on the
 * first correction above first_step_threshold, and on any later sample above
 * step_threshold. It is the baseline that the simulator compares with ptp4l's
 * published figures, so it deliberately does nothing cleverer than ptp4l does.
 *
 * Signs: offset > 0 means our clock is ahead, and freq > 0 makes it run faster, so
 * every term subtracts the offset.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ptpdk_servo_private.h"

/* Holdover averages the applied frequency over the last PI_SEGS segments of
 * max(PI_SEG_S, PI_SEG_SYNCS sync intervals): the mean frequency over a window W
 * misses the oscillator's by (phase change over W) / W, which the loop keeps small,
 * whereas a single integrator value carries the full proportional-plus-integral
 * noise. 256 s at 16 Hz, 1024 s at 1 Hz: a wandering oscillator would want less,
 * but this is the baseline, kept simple. */
#define PI_SEGS	     64
#define PI_SEG_S     4.0
#define PI_SEG_SYNCS 16.0

struct pi_segment {
	double fdt; /* sum of frequency x duration, ppb s */
	double dt;  /* duration, s */
};

struct servo_pi {
	struct ptpdk_servo base;
	double kp, ki; /* per sample: ppb per ns of offset */
	unsigned count;
	int64_t offset1;
	uint64_t ts1;
	double integral; /* the frequency the loop has learned, ppb */
	double out;	 /* the last output, what the clock runs at now */
	bool have_ts;
	uint64_t last_ts;
	struct pi_segment seg[PI_SEGS];
	unsigned seg_n, seg_head;
	struct pi_segment cur;
};

static struct servo_pi *to_pi(struct ptpdk_servo *servo)
{
	return (struct servo_pi *)servo;
}

static const struct servo_pi *to_cpi(const struct ptpdk_servo *servo)
{
	return (const struct servo_pi *)servo;
}

static double or_default(double v, double def)
{
	return v != 0.0 ? v : def;
}

/* man ptp4l: kp = min(kp_scale * T^kp_exponent, kp_norm_max / T), ki likewise. */
static void pi_constants(struct servo_pi *pi, double interval_s)
{
	const struct ptpdk_servo_config *c = &pi->base.cfg;
	bool hw = c->hw_timestamps;
	double kps = or_default(c->pi_kp_scale, hw ? 0.7 : 0.1);
	double kis = or_default(c->pi_ki_scale, hw ? 0.3 : 0.001);
	double kpe = or_default(c->pi_kp_exponent, -0.3);
	double kie = or_default(c->pi_ki_exponent, 0.4);
	double kpn = or_default(c->pi_kp_norm_max, 0.7);
	double kin = or_default(c->pi_ki_norm_max, 0.3);

	pi->kp = c->pi_kp > 0.0 ? c->pi_kp : fmin(kps * pow(interval_s, kpe), kpn / interval_s);
	pi->ki = c->pi_ki > 0.0 ? c->pi_ki : fmin(kis * pow(interval_s, kie), kin / interval_s);
}

static void pi_clear_segments(struct servo_pi *pi)
{
	pi->seg_n = 0;
	pi->seg_head = 0;
	pi->cur.fdt = 0.0;
	pi->cur.dt = 0.0;
}

/* The clock ran at pi->out from last_ts to ts. */
static void pi_account(struct servo_pi *pi, uint64_t ts)
{
	double dt;

	if (!pi->have_ts || ts <= pi->last_ts) {
		pi->have_ts = true;
		pi->last_ts = ts;
		return;
	}
	dt = (double)(ts - pi->last_ts) * 1e-9;
	pi->last_ts = ts;
	pi->cur.fdt += pi->out * dt;
	pi->cur.dt += dt;
	if (pi->cur.dt >= fmax(PI_SEG_S, PI_SEG_SYNCS * pi->base.cfg.sync_interval_s)) {
		pi->seg[pi->seg_head] = pi->cur;
		pi->seg_head = (pi->seg_head + 1) % PI_SEGS;
		if (pi->seg_n < PI_SEGS)
			pi->seg_n++;
		pi->cur.fdt = 0.0;
		pi->cur.dt = 0.0;
	}
}

static void pi_jump(struct servo_pi *pi, int64_t offset, struct ptpdk_servo_result *out)
{
	out->state = PTPDK_SERVO_JUMP;
	out->step_ns = -offset;
	pi->out = ptpdk_servo_clamp(&pi->base, pi->integral, &out->clamped);
	out->freq_ppb = pi->out;
	pi->base.state = PTPDK_SERVO_JUMP;
	pi->base.stable_count = 0;
	/* The step moves the local time scale: measure intervals afresh. */
	pi->have_ts = false;
}

static int pi_sample(struct ptpdk_servo *servo, const struct ptpdk_servo_sample *s,
		     struct ptpdk_servo_result *out)
{
	struct servo_pi *pi = to_pi(servo);
	const struct ptpdk_servo_config *c = &servo->cfg;
	double off = (double)s->offset_ns;
	double drift, cand, ppb;

	pi_account(pi, s->local_ts_ns);

	if (pi->count == 0 || (pi->count == 1 && s->local_ts_ns <= pi->ts1)) {
		/* s0: remember the first sample (or restart when time did not advance). */
		pi->offset1 = s->offset_ns;
		pi->ts1 = s->local_ts_ns;
		pi->count = 1;
		servo->state = PTPDK_SERVO_UNLOCKED;
		out->state = PTPDK_SERVO_UNLOCKED;
		out->freq_ppb = ptpdk_servo_clamp(servo, pi->out, &out->clamped);
		return 0;
	}

	if (pi->count == 1) {
		/* The offset grew by drift ns per s while the clock ran at pi->out: the
		 * oscillator needs drift ppb less. */
		drift = (off - (double)pi->offset1) * 1e9 / (double)(s->local_ts_ns - pi->ts1);
		pi->integral = ptpdk_servo_clamp(servo, pi->out - drift, NULL);
		pi->count = 2;
		pi_clear_segments(pi);
		if (c->first_step_threshold_ns > 0.0 && fabs(off) > c->first_step_threshold_ns) {
			pi_jump(pi, s->offset_ns, out);
			return 0;
		}
		pi->out = ptpdk_servo_clamp(servo, pi->integral, &out->clamped);
		out->freq_ppb = pi->out;
		out->state = ptpdk_servo_locked_state(servo, fabs(off));
		return 0;
	}

	if (c->step_threshold_ns > 0.0 && fabs(off) > c->step_threshold_ns) {
		/* ptp4l behaviour: any sample beyond step_threshold steps, even a single
		 * delayed packet. The integrator keeps the learned frequency. */
		pi_jump(pi, s->offset_ns, out);
		return 0;
	}

	cand = pi->integral - pi->ki * off;
	ppb = cand - pi->kp * off;
	pi->out = ptpdk_servo_clamp(servo, ppb, &out->clamped);
	/* Anti-windup: integrating while the output is clamped would build up a
	 * frequency the clock cannot apply, and overshoot when it comes off the clamp. */
	if (!out->clamped)
		pi->integral = cand;
	out->freq_ppb = pi->out;
	out->state = ptpdk_servo_locked_state(servo, fabs(off));
	return 0;
}

static int pi_set_interval(struct ptpdk_servo *servo, double interval_s)
{
	pi_constants(to_pi(servo), interval_s);
	return 0;
}

static void pi_window(const struct servo_pi *pi, double *mean, double *spread)
{
	double fdt = 0.0, dt = 0.0, m, var = 0.0, segdt = 0.0;

	for (unsigned i = 0; i < pi->seg_n; i++) {
		fdt += pi->seg[i].fdt;
		dt += pi->seg[i].dt;
	}
	if (dt <= 0.0) {
		*mean = pi->integral;
		*spread = -1.0;
		return;
	}
	m = fdt / dt;
	for (unsigned i = 0; i < pi->seg_n; i++) {
		double d = pi->seg[i].fdt / pi->seg[i].dt - m;

		var += d * d;
		segdt += pi->seg[i].dt;
	}
	*mean = m;
	if (pi->seg_n < 2) {
		*spread = -1.0;
		return;
	}
	/* Segment means scatter by (phase change over a segment) / segment; over the whole
	 * window the phase changes telescope, so the window mean is off by about that
	 * scatter times segment/window. */
	var /= (double)(pi->seg_n - 1);
	*spread = sqrt(var) * (segdt / (double)pi->seg_n) / dt;
}

static double pi_holdover(struct ptpdk_servo *servo, uint64_t now_ns)
{
	struct servo_pi *pi = to_pi(servo);
	double mean, spread;

	if (pi->count < 2)
		return ptpdk_servo_clamp(servo, pi->out, NULL);
	pi_account(pi, now_ns);
	pi_window(pi, &mean, &spread);
	pi->out = ptpdk_servo_clamp(servo, mean, NULL);
	/* Resume from what the clock holds, not from a noisier integrator value. */
	pi->integral = pi->out;
	return pi->out;
}

static double pi_freq_uncertainty(const struct ptpdk_servo *servo)
{
	const struct servo_pi *pi = to_cpi(servo);
	double mean, spread;

	if (pi->count < 2)
		return servo->cfg.max_frequency_ppb;
	pi_window(pi, &mean, &spread);
	return spread < 0.0 ? servo->cfg.max_frequency_ppb : spread;
}

static void pi_reset(struct ptpdk_servo *servo)
{
	struct servo_pi *pi = to_pi(servo);

	pi->count = 0;
	pi->integral = pi->out;
	pi->have_ts = false;
	pi_clear_segments(pi);
}

static const struct ptpdk_servo_ops pi_ops = {
	.sample = pi_sample,
	.set_interval = pi_set_interval,
	.holdover = pi_holdover,
	.freq_uncertainty = pi_freq_uncertainty,
	.reset = pi_reset,
};

struct ptpdk_servo *ptpdk_servo_pi_create(const struct ptpdk_servo_config *cfg)
{
	struct servo_pi *pi = calloc(1, sizeof(*pi));

	if (!pi) {
		errno = ENOMEM;
		return NULL;
	}
	ptpdk_servo_init_base(&pi->base, &pi_ops, PTPDK_SERVO_PI, cfg);
	pi_constants(pi, cfg->sync_interval_s);
	pi->out = ptpdk_servo_clamp(&pi->base, cfg->initial_freq_ppb, NULL);
	pi->integral = pi->out;
	return &pi->base;
}
