/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_counter.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

/* Enough tries that one of them is almost surely not interrupted or preempted. */
#define BRACKET_TRIES  64
#define SEED_TOLERANCE 0.05

struct bracket {
	uint64_t mid;	/* counter at the midpoint, masked */
	uint64_t width; /* ticks between the two counter reads */
	int64_t ns;	/* CLOCK_MONOTONIC_RAW inside */
};

int ptpdk_counter_check(const struct ptpdk_counter *c)
{
	if (!c || !c->read || c->width < 8 || c->width > 64 || c->nominal_hz == 0 ||
	    c->nominal_hz > PTPDK_COUNTER_MAX_HZ)
		return -EINVAL;
	return 0;
}

static int mono_ns(int64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC_RAW, &ts))
		return -errno;
	*ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	return 0;
}

static int narrowest_bracket(const struct ptpdk_counter *c, struct bracket *best)
{
	const uint64_t mask = ptpdk_counter_mask(c->width);
	bool found = false;
	int i, rc;

	for (i = 0; i < BRACKET_TRIES; i++) {
		uint64_t before, after, width;
		int64_t ns = 0;

		rc = c->read(c->ctx, &before);
		if (rc == 0)
			rc = mono_ns(&ns);
		if (rc == 0)
			rc = c->read(c->ctx, &after);
		if (rc)
			return rc;
		width = (after - before) & mask;
		/* A counter that went backwards (or was migrated across unsynchronised
		 * cores) reads as a huge width; such a bracket proves nothing. */
		if (width > mask / 2)
			continue;
		if (!found || width < best->width) {
			best->width = width;
			best->mid = (before + width / 2) & mask;
			best->ns = ns;
			found = true;
		}
	}
	return found ? 0 : -EIO;
}

static void sleep_ms(unsigned ms)
{
	struct timespec req = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	/* Relative sleep restarted with the remainder: a signal must not shorten the
	 * interval so much that the brackets dominate. */
	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &req) == EINTR)
		;
}

int ptpdk_counter_calibrate(const struct ptpdk_counter *c, unsigned duration_ms,
			    struct ptpdk_calibration *out)
{
	const uint64_t mask = c ? ptpdk_counter_mask(c->width) : 0;
	struct bracket start, end;
	struct timespec res;
	double res_ns = 1.0;
	int rc;

	if (!c || !out || !c->read || c->width < 8 || c->width > 64 || duration_ms == 0 ||
	    duration_ms > 60000 || c->nominal_hz > PTPDK_COUNTER_MAX_HZ)
		return -EINVAL;
	if (c->nominal_hz &&
	    (double)duration_ms * 1e-3 * (double)c->nominal_hz >= (double)(mask / 2))
		return -ERANGE;
	memset(out, 0, sizeof(*out));
	if (clock_getres(CLOCK_MONOTONIC_RAW, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0)
		res_ns = (double)res.tv_nsec;

	rc = narrowest_bracket(c, &start);
	if (rc)
		return rc;
	sleep_ms(duration_ms);
	rc = narrowest_bracket(c, &end);
	if (rc)
		return rc;

	out->ticks = (end.mid - start.mid) & mask;
	out->ns = (uint64_t)(end.ns - start.ns);
	out->start_width = start.width;
	out->end_width = end.width;
	if (end.ns <= start.ns || out->ticks == 0)
		return -EIO;
	out->hz = (double)out->ticks * 1e9 / (double)out->ns;
	/* Each midpoint is known to ± half its bracket (+1 tick for the integer midpoint),
	 * each monotonic reading to its resolution. */
	out->uncertainty_ppb =
		1e9 * (((double)(start.width + end.width) / 2.0 + 2.0) / (double)out->ticks +
		       2.0 * res_ns / (double)out->ns);
	if (c->nominal_hz && fabs(out->hz / (double)c->nominal_hz - 1.0) > SEED_TOLERANCE)
		return -EIO;
	return 0;
}
