/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_clock.h"
#include "ptpdk_clock_private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

void ptpdk_clock_init_base(struct ptpdk_clock *clk, const struct ptpdk_clock_ops *ops,
			   const char *name, double max_ppb)
{
	clk->ops = ops;
	clk->max_ppb = max_ppb;
	snprintf(clk->name, sizeof(clk->name), "%s", name ? name : "clock");
}

int ptpdk_clock_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now)
{
	if (!clk || !now)
		return -EINVAL;
	if (!clk->ops->gettime)
		return -ENOTSUP;
	return clk->ops->gettime(clk, now);
}

int ptpdk_clock_settime(struct ptpdk_clock *clk, const struct ptpdk_tmv *t)
{
	if (!clk || !t)
		return -EINVAL;
	if (!clk->ops->settime)
		return -ENOTSUP;
	return clk->ops->settime(clk, t);
}

int ptpdk_clock_adjust_phase(struct ptpdk_clock *clk, int64_t delta_ns)
{
	if (!clk)
		return -EINVAL;
	if (!clk->ops->adjust_phase)
		return -ENOTSUP;
	return clk->ops->adjust_phase(clk, delta_ns);
}

int ptpdk_clock_adjust_freq(struct ptpdk_clock *clk, double ppb)
{
	int clamped = 0;
	int rc;

	if (!clk || !isfinite(ppb))
		return -EINVAL;
	if (!clk->ops->adjust_freq)
		return -ENOTSUP;
	/* Clamping here, once, means every implementation sees only values it accepts. */
	if (ppb > clk->max_ppb) {
		ppb = clk->max_ppb;
		clamped = 1;
	} else if (ppb < -clk->max_ppb) {
		ppb = -clk->max_ppb;
		clamped = 1;
	}
	rc = clk->ops->adjust_freq(clk, ppb);
	if (rc < 0)
		return rc;
	return clamped ? PTPDK_CLOCK_CLAMPED : 0;
}

int ptpdk_clock_get_freq(const struct ptpdk_clock *clk, double *ppb)
{
	if (!clk || !ppb)
		return -EINVAL;
	if (!clk->ops->get_freq)
		return -ENOTSUP;
	return clk->ops->get_freq(clk, ppb);
}

double ptpdk_clock_max_freq(const struct ptpdk_clock *clk)
{
	if (!clk || !clk->ops->adjust_freq)
		return 0;
	return clk->max_ppb;
}

int ptpdk_clock_raw_to_time(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			    struct ptpdk_tmv *out)
{
	if (!clk || !out || src <= PTPDK_TS_NONE || src >= PTPDK_TS_SOURCE_MAX)
		return -EINVAL;
	if (!clk->ops->raw_to_time)
		return -ENOTSUP;
	return clk->ops->raw_to_time(clk, src, raw, out);
}

const char *ptpdk_clock_name(const struct ptpdk_clock *clk)
{
	return clk ? clk->name : "(null)";
}

void ptpdk_clock_destroy(struct ptpdk_clock *clk)
{
	if (clk && clk->ops->destroy)
		clk->ops->destroy(clk);
}
