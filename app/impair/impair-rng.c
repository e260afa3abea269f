/* SPDX-License-Identifier: BSD-3-Clause */
#include "impair-rng.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

uint64_t imp_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void imp_rng_seed(struct imp_rng *r, uint64_t seed)
{
	uint64_t st = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = imp_splitmix64(&st);
	/* An all-zero state would stay zero; splitmix64 cannot produce four
	 * zeros in a row, but keep the guarantee explicit. */
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 1;
}

static inline uint64_t rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t imp_rng_next(struct imp_rng *r)
{
	uint64_t *s = r->s;
	const uint64_t out = rotl64(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return out;
}

double imp_rng_unit(struct imp_rng *r)
{
	return (double)(imp_rng_next(r) >> 11) * 0x1.0p-53;
}

double imp_rng_normal(struct imp_rng *r)
{
	/* u1 in (0, 1] so that log() is finite. */
	double u1 = 1.0 - imp_rng_unit(r);
	double u2 = imp_rng_unit(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

double imp_rng_exp(struct imp_rng *r, double mean)
{
	if (mean <= 0.0)
		return 0.0;
	/* 1 - u is in (0, 1], so -log() is finite and >= 0. */
	return -mean * log(1.0 - imp_rng_unit(r));
}

/* Marsaglia-Tsang for shape >= 1; shape < 1 via Gamma(k+1) * U^(1/k). */
double imp_rng_gamma(struct imp_rng *r, double shape, double scale)
{
	double boost = 1.0;

	if (shape <= 0.0 || scale <= 0.0)
		return 0.0;
	if (shape < 1.0) {
		double u = 1.0 - imp_rng_unit(r);

		boost = pow(u, 1.0 / shape);
		shape += 1.0;
	}

	const double d = shape - 1.0 / 3.0;
	const double c = 1.0 / sqrt(9.0 * d);

	/* The acceptance rate is above 95 %, so 1000 rounds never run out in
	 * practice; the bound only keeps the loop finite. */
	for (int round = 0; round < 1000; round++) {
		double x = imp_rng_normal(r);
		double v = 1.0 + c * x;

		if (v <= 0.0)
			continue;
		v = v * v * v;
		double u = imp_rng_unit(r);
		double x2 = x * x;

		if (u < 1.0 - 0.0331 * x2 * x2)
			return d * v * scale * boost;
		if (u > 0.0 && log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
			return d * v * scale * boost;
	}
	return d * scale * boost;
}

double imp_dist_sample(const struct imp_dist *d, struct imp_rng *r)
{
	double v = 0.0;

	switch (d->kind) {
	case IMP_DIST_NONE:
		return 0.0;
	case IMP_DIST_EXP:
		v = imp_rng_exp(r, d->a);
		break;
	case IMP_DIST_GAMMA:
		v = imp_rng_gamma(r, d->a, d->b / d->a);
		break;
	case IMP_DIST_UNIFORM:
		v = d->a + (d->b - d->a) * imp_rng_unit(r);
		break;
	}
	return v > 0.0 ? v : 0.0;
}

double imp_dist_mean(const struct imp_dist *d)
{
	switch (d->kind) {
	case IMP_DIST_NONE:
		return 0.0;
	case IMP_DIST_EXP:
		return d->a;
	case IMP_DIST_GAMMA:
		return d->b;
	case IMP_DIST_UNIFORM:
		return 0.5 * (d->a + d->b);
	}
	return 0.0;
}
