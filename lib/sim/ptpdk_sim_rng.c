/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void ptpdk_sim_rng_init(struct ptpdk_sim_rng *r, uint64_t seed, uint64_t stream)
{
	/* Mixing the stream number through splitmix64 separately keeps seed 1 stream 2
	 * and seed 2 stream 1 apart. */
	uint64_t mix = stream;
	uint64_t x = seed ^ splitmix64(&mix);

	for (unsigned i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	r->have_spare = 0;
	r->spare_normal = 0.0;
}

uint64_t ptpdk_sim_rng_u64(struct ptpdk_sim_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double ptpdk_sim_rng_uniform(struct ptpdk_sim_rng *r)
{
	return (double)(ptpdk_sim_rng_u64(r) >> 11) * 0x1.0p-53;
}

double ptpdk_sim_rng_normal(struct ptpdk_sim_rng *r)
{
	double u, v, s;

	if (r->have_spare) {
		r->have_spare = 0;
		return r->spare_normal;
	}
	do { /* Marsaglia's polar method: no trigonometry, exact pairs */
		u = 2.0 * ptpdk_sim_rng_uniform(r) - 1.0;
		v = 2.0 * ptpdk_sim_rng_uniform(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	s = sqrt(-2.0 * log(s) / s);
	r->spare_normal = v * s;
	r->have_spare = 1;
	return u * s;
}

double ptpdk_sim_rng_exp(struct ptpdk_sim_rng *r, double mean)
{
	/* 1 - u is in (0, 1], so log never sees 0 */
	return -mean * log(1.0 - ptpdk_sim_rng_uniform(r));
}

static double gamma_unit(struct ptpdk_sim_rng *r, double shape)
{
	double d, c;

	if (shape < 1.0) {
		/* Gamma(a) = Gamma(a + 1) * U^(1/a) */
		double u = ptpdk_sim_rng_uniform(r);

		return gamma_unit(r, shape + 1.0) * pow(1.0 - u, 1.0 / shape);
	}
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x = ptpdk_sim_rng_normal(r), v = 1.0 + c * x, u;

		if (v <= 0.0)
			continue;
		v = v * v * v;
		u = ptpdk_sim_rng_uniform(r);
		if (u < 1.0 - 0.0331 * x * x * x * x)
			return d * v;
		if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v;
	}
}

double ptpdk_sim_rng_gamma(struct ptpdk_sim_rng *r, double shape, double mean)
{
	if (!(shape > 0.0) || !(mean > 0.0))
		return 0.0;
	return gamma_unit(r, shape) * mean / shape;
}

double ptpdk_sim_rng_dist(struct ptpdk_sim_rng *r, const struct ptpdk_sim_dist *d)
{
	double v = 0.0;

	switch (d->kind) {
	case PTPDK_SIM_DIST_EXP:
		v = ptpdk_sim_rng_exp(r, d->a);
		break;
	case PTPDK_SIM_DIST_GAMMA:
		v = ptpdk_sim_rng_gamma(r, d->a, d->b);
		break;
	case PTPDK_SIM_DIST_UNIFORM:
		v = d->a + (d->b - d->a) * ptpdk_sim_rng_uniform(r);
		break;
	case PTPDK_SIM_DIST_NORMAL:
		v = d->a + d->b * ptpdk_sim_rng_normal(r);
		break;
	case PTPDK_SIM_DIST_NONE:
	default:
		break;
	}
	return v > 0.0 ? v : 0.0;
}
