/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * For clock implementations only: the ops table and the base struct that each
 * implementation embeds as its first member, so a struct ptpdk_clock pointer and the
 * implementation's pointer are the same address.
 */
#ifndef PTPDK_CLOCK_PRIVATE_H
#define PTPDK_CLOCK_PRIVATE_H

#include "ptpdk_clock.h"

#define PTPDK_CLOCK_NAME_LEN 32

/**
 * Any member may be NULL; the wrapper then returns -ENOTSUP. adjust_freq receives a
 * value already checked and clamped to the base's max_ppb. raw_to_time receives a
 * valid source other than PTPDK_TS_NONE.
 */
struct ptpdk_clock_ops {
	int (*gettime)(struct ptpdk_clock *clk, struct ptpdk_tmv *now);
	int (*settime)(struct ptpdk_clock *clk, const struct ptpdk_tmv *t);
	int (*adjust_phase)(struct ptpdk_clock *clk, int64_t delta_ns);
	int (*adjust_freq)(struct ptpdk_clock *clk, double ppb);
	int (*get_freq)(const struct ptpdk_clock *clk, double *ppb);
	int (*raw_to_time)(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			   struct ptpdk_tmv *out);
	void (*destroy)(struct ptpdk_clock *clk);
};

struct ptpdk_clock {
	const struct ptpdk_clock_ops *ops;
	double max_ppb; /**< 0 when the clock has no frequency control */
	char name[PTPDK_CLOCK_NAME_LEN];
};

/** Fill the base; @p name is copied and truncated to fit. */
void ptpdk_clock_init_base(struct ptpdk_clock *clk, const struct ptpdk_clock_ops *ops,
			   const char *name, double max_ppb);

#endif
