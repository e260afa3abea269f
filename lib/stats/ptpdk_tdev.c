/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_tdev.h"
#include "ptpdk_stats_finite.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>

/* The second difference over lag m that G.810's TDEV averages. */
static double second_difference(const double *x, size_t i, size_t m)
{
	return x[i + 2 * m] - 2.0 * x[i + m] + x[i];
}

static double block_sum(const double *x, size_t j, size_t m)
{
	double sum = 0.0;
	size_t i;

	for (i = j; i < j + m; i++)
		sum += second_difference(x, i, m);
	return sum;
}

/*
 * Sum over j of the squared block sums. Sliding the block by one term costs
 * O(1), but each slide adds a rounding error; summing each m-th block afresh
 * bounds that drift to m slides while the total work stays O(n).
 */
static double sum_of_squared_blocks(const double *x, size_t n, size_t m)
{
	size_t terms = n - 3 * m + 1, j;
	double block = 0.0, total = 0.0;

	for (j = 0; j < terms; j++) {
		if (j % m == 0)
			block = block_sum(x, j, m);
		else
			block +=
				second_difference(x, j + m - 1, m) - second_difference(x, j - 1, m);
		total += block * block;
	}
	return total;
}

int ptpdk_tdev(const double *x, size_t n, size_t m, double tau0_s, double *out)
{
	double terms, md;

	if (!x || !out || m == 0 || !(tau0_s > 0.0) || !isfinite(tau0_s))
		return -EINVAL;
	/* n >= 3m + 1, written so that 3m cannot overflow. */
	if (n == 0 || m > (n - 1) / 3 || !ptpdk_stats_all_finite(x, n))
		return -EINVAL;
	terms = (double)(n - 3 * m + 1);
	md = (double)m;
	*out = sqrt(sum_of_squared_blocks(x, n, m) / (6.0 * md * md * terms));
	return 0;
}
