/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_err_stats.h"

#include <string.h>

void ptpdk_err_stats_init(struct ptpdk_err_stats *s)
{
	memset(s->decade, 0, sizeof(s->decade));
	ptpdk_hist_init(&s->signed_ns);
	ptpdk_hist_init(&s->abs_ns);
}

void ptpdk_err_stats_record(struct ptpdk_err_stats *s, int64_t err_ns)
{
	ptpdk_hist_record(&s->signed_ns, err_ns);
	/* -INT64_MIN does not exist: saturate. */
	int64_t a = err_ns == INT64_MIN ? INT64_MAX : err_ns < 0 ? -err_ns : err_ns;
	unsigned d = 0;

	ptpdk_hist_record(&s->abs_ns, a);
	while (d + 1 < PTPDK_ERR_STATS_DECADES && a >= ptpdk_err_stats_decade_from(d + 1))
		d++;
	s->decade[d]++;
}

int64_t ptpdk_err_stats_decade_from(unsigned d)
{
	int64_t v = 1;

	if (d == 0)
		return 0;
	while (d--)
		v *= 10;
	return v;
}

uint64_t ptpdk_err_stats_count(const struct ptpdk_err_stats *s)
{
	return ptpdk_hist_count(&s->signed_ns);
}

double ptpdk_err_stats_mean(const struct ptpdk_err_stats *s)
{
	return ptpdk_hist_mean(&s->signed_ns);
}

int64_t ptpdk_err_stats_max_abs(const struct ptpdk_err_stats *s)
{
	return ptpdk_hist_max(&s->abs_ns);
}
