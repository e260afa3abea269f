/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The slave's oscillator: its frequency error over true time, from the
 * scenario's deterministic parts (offset, temperature sine and ramp, steps) and
 * its noise (random-walk and white frequency noise, drawn from its own stream).
 *
 * The frequency is piecewise constant between updates; the world updates it
 * every PTPDK_SIM_OSC_UPDATE_S, short against every period a scenario uses.
 */
#ifndef PTPDK_SIM_OSC_H
#define PTPDK_SIM_OSC_H

#include "ptpdk_sim_rng.h"
#include "ptpdk_sim_scenario.h"

#define PTPDK_SIM_OSC_UPDATE_S 0.125

struct ptpdk_sim_osc {
	struct ptpdk_sim_oscillator cfg;
	struct ptpdk_sim_rng rng;
	double random_walk_ppb; /**< the random walk's current value */
	double white_ppb;	/**< this update's white FM draw */
};

void ptpdk_sim_osc_init(struct ptpdk_sim_osc *o, const struct ptpdk_sim_oscillator *cfg,
			uint64_t seed);

/** Advance the noise by one update and @return the frequency error (ppb) for [t_s, t_s + dt). */
double ptpdk_sim_osc_update(struct ptpdk_sim_osc *o, double t_s, double dt_s);

#endif
