/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The simulator's random numbers: independent, seeded streams (xoshiro256**
 * seeded through splitmix64) and the distributions scenarios use.
 *
 * Every source of randomness in a run (the oscillator's noise, each direction of
 * each path, losses, outliers, corruptions) draws from its own stream derived
 * from the scenario seed and a fixed stream number. So two runs with different
 * servos see the identical network and oscillator even when their own actions
 * (how many Delay_Req they send) differ: --compare is a like-for-like comparison.
 */
#ifndef PTPDK_SIM_RNG_H
#define PTPDK_SIM_RNG_H

#include <stdint.h>

#include "ptpdk_sim_scenario.h"

struct ptpdk_sim_rng {
	uint64_t s[4];
	double spare_normal;
	int have_spare;
};

/** Stream @p stream of @p seed (any values; streams of one seed do not overlap in practice). */
void ptpdk_sim_rng_init(struct ptpdk_sim_rng *r, uint64_t seed, uint64_t stream);

uint64_t ptpdk_sim_rng_u64(struct ptpdk_sim_rng *r);

/** Uniform on [0, 1). */
double ptpdk_sim_rng_uniform(struct ptpdk_sim_rng *r);

/** Standard normal. */
double ptpdk_sim_rng_normal(struct ptpdk_sim_rng *r);

/** Exponential with the given mean (>= 0). */
double ptpdk_sim_rng_exp(struct ptpdk_sim_rng *r, double mean);

/** Gamma with @p shape > 0 and @p mean >= 0 (Marsaglia-Tsang). */
double ptpdk_sim_rng_gamma(struct ptpdk_sim_rng *r, double shape, double mean);

/** A draw of @p d (see ptpdk_sim_dist); never negative, 0 for NONE. */
double ptpdk_sim_rng_dist(struct ptpdk_sim_rng *r, const struct ptpdk_sim_dist *d);

#endif
