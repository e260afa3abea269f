/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to lib/stats: the input check every series metric makes. */
#ifndef PTPDK_STATS_FINITE_H
#define PTPDK_STATS_FINITE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/* One NaN or infinity would poison every window it falls in: refuse the series. */
static inline bool ptpdk_stats_all_finite(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return false;
	return true;
}

#endif
