/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The clock ptpdk-sync disciplines, behind a table of functions (style rule 2):
 * CLOCK_REALTIME itself (realclock.c, the only file that adjusts it) or, for
 * --dry-run and the tests, a shadow of it held in the process (shadow.c). Every
 * operation is expressed against a CLOCK_REALTIME reading, so the shadow needs no
 * clock of its own and the servo code is the same for both.
 */
#ifndef SYNC_CLOCK_H
#define SYNC_CLOCK_H

#include <stdint.h>

struct sync_clock;

/** Any member but read may be NULL: the wrapper returns -ENOTSUP. */
struct sync_clock_ops {
	/** The clock's time at the instant CLOCK_REALTIME read @p realtime_ns. */
	int64_t (*read)(struct sync_clock *c, int64_t realtime_ns);
	/** Run at @p ppb (absolute, positive: faster) from the instant @p realtime_ns on. */
	int (*set_freq)(struct sync_clock *c, int64_t realtime_ns, double ppb);
	/** Add @p ns to the clock. */
	int (*step)(struct sync_clock *c, int64_t ns);
	/** Tell the clock it is synchronised within @p error_bound_ns (kernel status). */
	int (*set_sync)(struct sync_clock *c, double error_bound_ns);
	void (*destroy)(struct sync_clock *c);
};

/** The base every implementation embeds first. */
struct sync_clock {
	const struct sync_clock_ops *ops;
	const char *name;
};

int64_t sync_clock_read(struct sync_clock *c, int64_t realtime_ns);
/** @return 0 or a negative errno (-ENOTSUP without the operation). */
int sync_clock_set_freq(struct sync_clock *c, int64_t realtime_ns, double ppb);
int sync_clock_step(struct sync_clock *c, int64_t ns);
int sync_clock_set_sync(struct sync_clock *c, double error_bound_ns);
void sync_clock_destroy(struct sync_clock *c);

#endif
