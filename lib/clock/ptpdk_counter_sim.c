/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_counter_sim.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ptpdk_u128.h"

/*
 * The count is a function of the true time elapsed since the last change of the
 * error (or set): ticks = base + floor(base_frac + elapsed * rate). Computing it
 * from the total rather than adding per-call increments makes many small steps
 * land on exactly the same count as one large one.
 */
struct ptpdk_counter_sim {
	uint64_t ticks;
	uint64_t base;
	double base_frac; /* fractional tick at the base, in [0, 1) */
	uint64_t elapsed_ns;
	double error_ppb;
	uint64_t nominal_hz;
	uint64_t reads;
	unsigned width;
	int fail;
};

struct ptpdk_counter_sim *ptpdk_counter_sim_create(unsigned width, uint64_t nominal_hz,
						   uint64_t start_ticks)
{
	struct ptpdk_counter_sim *sim;

	if (width < 8 || width > 64 || nominal_hz == 0 || nominal_hz > PTPDK_COUNTER_MAX_HZ) {
		errno = EINVAL;
		return NULL;
	}
	sim = calloc(1, sizeof(*sim));
	if (!sim) {
		errno = ENOMEM;
		return NULL;
	}
	sim->width = width;
	sim->nominal_hz = nominal_hz;
	sim->ticks = sim->base = start_ticks;
	return sim;
}

void ptpdk_counter_sim_destroy(struct ptpdk_counter_sim *sim)
{
	free(sim);
}

static int sim_read(void *ctx, uint64_t *raw)
{
	struct ptpdk_counter_sim *sim = ctx;

	sim->reads++;
	if (sim->fail)
		return sim->fail;
	*raw = ptpdk_counter_sim_raw(sim);
	return 0;
}

void ptpdk_counter_sim_counter(struct ptpdk_counter_sim *sim, struct ptpdk_counter *out)
{
	out->read = sim_read;
	out->ctx = sim;
	out->release = NULL;
	out->width = sim->width;
	out->nominal_hz = sim->nominal_hz;
}

/* Ticks since the base after elapsed_ns: whole part and fraction. */
static void since_base(const struct ptpdk_counter_sim *sim, uint64_t *whole, double *frac)
{
	uint64_t hi, lo, rest, rem, q;
	double x, fl;

	/* The nominal part exactly (ns * Hz / 1e9 in 128 bits), the error term and the
	 * fractions in double. */
	ptpdk_u128_mul(sim->elapsed_ns, sim->nominal_hz, &hi, &lo);
	q = ptpdk_u128_div32(hi, lo, 1000000000u, &rest, &rem);
	x = (double)rem / 1e9 + sim->base_frac +
	    (double)sim->elapsed_ns * 1e-9 * (double)sim->nominal_hz * sim->error_ppb * 1e-9;
	fl = floor(x);
	*whole = q + (uint64_t)(int64_t)fl;
	*frac = x - fl;
}

void ptpdk_counter_sim_set(struct ptpdk_counter_sim *sim, uint64_t ticks)
{
	sim->ticks = sim->base = ticks;
	sim->base_frac = 0;
	sim->elapsed_ns = 0;
}

void ptpdk_counter_sim_advance_ticks(struct ptpdk_counter_sim *sim, uint64_t ticks)
{
	sim->base += ticks;
	sim->ticks += ticks;
}

void ptpdk_counter_sim_advance_ns(struct ptpdk_counter_sim *sim, uint64_t ns)
{
	uint64_t whole;
	double frac;

	sim->elapsed_ns += ns;
	since_base(sim, &whole, &frac);
	sim->ticks = sim->base + whole;
}

int ptpdk_counter_sim_set_error(struct ptpdk_counter_sim *sim, double ppb)
{
	uint64_t whole;
	double frac;

	if (!isfinite(ppb) || fabs(ppb) >= 1e9)
		return -EINVAL;
	/* Rebase so that the time already elapsed keeps the old rate. */
	since_base(sim, &whole, &frac);
	sim->base += whole;
	sim->base_frac = frac;
	sim->elapsed_ns = 0;
	sim->error_ppb = ppb;
	return 0;
}

double ptpdk_counter_sim_error(const struct ptpdk_counter_sim *sim)
{
	return sim->error_ppb;
}

uint64_t ptpdk_counter_sim_raw(const struct ptpdk_counter_sim *sim)
{
	return sim->ticks & ptpdk_counter_mask(sim->width);
}

uint64_t ptpdk_counter_sim_ticks(const struct ptpdk_counter_sim *sim)
{
	return sim->ticks;
}

void ptpdk_counter_sim_fail(struct ptpdk_counter_sim *sim, int err)
{
	sim->fail = err;
}

uint64_t ptpdk_counter_sim_reads(const struct ptpdk_counter_sim *sim)
{
	return sim->reads;
}
