/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_xts.h"

#include <errno.h>
#include <math.h>

int ptpdk_xts_sample(struct ptpdk_clock *clk, ptpdk_ticks_fn read_ticks, void *ctx,
		     uint64_t tick_hz, unsigned tries, struct ptpdk_xts *out)
{
	uint64_t best = UINT64_MAX;
	unsigned i;

	if (!clk || !read_ticks || !out || tries == 0 || tick_hz == 0)
		return -EINVAL;
	out->valid = 0;
	for (i = 0; i < tries; i++) {
		struct ptpdk_tmv t;
		uint64_t before, after;
		int rc;

		before = read_ticks(ctx);
		rc = ptpdk_clock_gettime(clk, &t);
		after = read_ticks(ctx);
		if (rc)
			return rc;
		/* Ticks going backwards (a core migration with unsynchronised TSCs)
		 * bound nothing. */
		if (after < before)
			continue;
		out->valid++;
		if (after - before >= best)
			continue;
		best = after - before;
		out->ticks = before + best / 2;
		out->time = t;
		out->width_ticks = best;
	}
	if (best == UINT64_MAX)
		return -EIO;
	out->width_ns = (uint64_t)llround((double)best * 1e9 / (double)tick_hz);
	return 0;
}
