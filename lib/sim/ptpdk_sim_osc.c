/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_osc.h"

#include <math.h>

#define OSC_STREAM 1

void ptpdk_sim_osc_init(struct ptpdk_sim_osc *o, const struct ptpdk_sim_oscillator *cfg,
			uint64_t seed)
{
	o->cfg = *cfg;
	ptpdk_sim_rng_init(&o->rng, seed, OSC_STREAM);
	o->random_walk_ppb = 0.0;
	o->white_ppb = 0.0;
}

static double deterministic_ppb(const struct ptpdk_sim_oscillator *c, double t_s)
{
	double y = c->freq_offset_ppb;

	if (c->temp_period_s > 0.0)
		y += c->temp_amplitude_ppb * sin(2.0 * M_PI * t_s / c->temp_period_s);
	if (c->temp_ramp_ppb_per_s != 0.0 && t_s > c->ramp_start_s) {
		double end = t_s < c->ramp_end_s ? t_s : c->ramp_end_s;

		if (end > c->ramp_start_s)
			y += c->temp_ramp_ppb_per_s * (end - c->ramp_start_s);
	}
	for (unsigned i = 0; i < c->n_steps; i++)
		if (t_s >= c->steps[i].at_s)
			y += c->steps[i].ppb;
	return y;
}

double ptpdk_sim_osc_update(struct ptpdk_sim_osc *o, double t_s, double dt_s)
{
	/* Random walk: variance sigma^2 per second, so sigma * sqrt(dt) per update.
	 * White FM: sigma is that of the one-second mean frequency, so each update's
	 * draw has sigma / sqrt(dt). */
	if (o->cfg.random_walk_ppb > 0.0)
		o->random_walk_ppb +=
			o->cfg.random_walk_ppb * sqrt(dt_s) * ptpdk_sim_rng_normal(&o->rng);
	if (o->cfg.white_fm_ppb > 0.0)
		o->white_ppb = o->cfg.white_fm_ppb / sqrt(dt_s) * ptpdk_sim_rng_normal(&o->rng);
	/* The sine is evaluated mid-update so the piecewise-constant frequency integrates
	 * to the right phase to second order. */
	return deterministic_ppb(&o->cfg, t_s + 0.5 * dt_s) + o->random_walk_ppb + o->white_ppb;
}
