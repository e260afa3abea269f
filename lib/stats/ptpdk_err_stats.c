/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_err_stats.h"

void ptpdk_err_stats_init(struct ptpdk_err_stats *s)
{
	ptpdk_hist_init(&s->signed_ns);
	ptpdk_hist_init(&s->abs_ns);
}

void ptpdk_err_stats_record(struct ptpdk_err_stats *s, int64_t err_ns)
{
	ptpdk_hist_record(&s->signed_ns, err_ns);
	/* -INT64_MIN does not exist: saturate. */
	ptpdk_hist_record(&s->abs_ns, err_ns == INT64_MIN ? INT64_MAX
					  : err_ns < 0	       ? -err_ns
							       : err_ns);
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
