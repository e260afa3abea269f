/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Seeded pseudo-random numbers and the jitter distributions of ptpdk-impair.
 *
 * The generator is xoshiro256** (Blackman/Vigna), its state filled from a
 * 64-bit seed by splitmix64. Both are tiny and fully deterministic, so one
 * seed always gives the same sequence on every machine: impairment runs are
 * repeatable.
 */
#ifndef PTPDK_IMPAIR_RNG_H
#define PTPDK_IMPAIR_RNG_H

#include <stdint.h>

struct imp_rng {
	uint64_t s[4];
};

/* One splitmix64 step: advances *state and returns a well-mixed value. */
uint64_t imp_splitmix64(uint64_t *state);

/* Seeds the generator; any seed (also 0) gives a valid non-zero state. */
void imp_rng_seed(struct imp_rng *r, uint64_t seed);

/* Next raw 64-bit output. */
uint64_t imp_rng_next(struct imp_rng *r);

/* Uniform double in [0, 1) with 53 random bits. */
double imp_rng_unit(struct imp_rng *r);

/* Standard normal (mean 0, variance 1), Box-Muller. */
double imp_rng_normal(struct imp_rng *r);

/* Exponential with the given mean (>= 0). */
double imp_rng_exp(struct imp_rng *r, double mean);

/* Gamma with shape k > 0 and scale theta > 0 (mean k * theta). */
double imp_rng_gamma(struct imp_rng *r, double shape, double scale);

enum imp_dist_kind {
	IMP_DIST_NONE = 0,
	IMP_DIST_EXP,	  /* a = mean (ns) */
	IMP_DIST_GAMMA,	  /* a = shape, b = mean (ns) */
	IMP_DIST_UNIFORM, /* a = min (ns), b = max (ns) */
};

struct imp_dist {
	enum imp_dist_kind kind;
	double a;
	double b;
};

/* One sample in nanoseconds, never negative; 0 for IMP_DIST_NONE. */
double imp_dist_sample(const struct imp_dist *d, struct imp_rng *r);

/* The distribution's mean in nanoseconds. */
double imp_dist_mean(const struct imp_dist *d);

#endif
