/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Cross-timestamps between a PHC (ptpdk_clock_phc.h) and CLOCK_REALTIME, from the
 * kernel rather than from user space: PTP_SYS_OFFSET_EXTENDED has the driver read the
 * system clock immediately before and after the PHC register read, so the bracket is
 * the register access alone, not a system call; PTP_SYS_OFFSET (older drivers)
 * interleaves system and PHC readings and brackets each PHC reading with its
 * neighbours. Of all the samples the narrowest bracket is kept: the PHC was read
 * somewhere inside it, best estimated at its midpoint, +- half its width.
 *
 * With a CLOCK_REALTIME-to-TSC bracket (ptpdk_ts_map.h) this pairs PHC time with TSC
 * ticks, for a consumer that wants PHC time from rdtsc. The ioctl goes through the
 * clock's ops table, so tests use the fake PHC. Pure C and libc: no DPDK.
 */
#ifndef PTPDK_PHC_XTS_H
#define PTPDK_PHC_XTS_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_clock.h"

struct ptp_sys_offset;
struct ptp_sys_offset_extended;

/** Samples asked for when the caller passes 0 (the kernel allows 1..25). */
#define PTPDK_PHC_XTS_SAMPLES 9

struct ptpdk_phc_xts {
	int64_t phc_ns;	  /**< the PHC's reading */
	int64_t sys_ns;	  /**< CLOCK_REALTIME at the bracket's midpoint (rounded down) */
	int64_t width_ns; /**< system-clock ns between the bracket's two readings */
	unsigned valid;	  /**< samples whose bracket did not go backwards */
	bool extended;	  /**< true: PTP_SYS_OFFSET_EXTENDED, false: PTP_SYS_OFFSET */
};

/**
 * Take @p samples cross-timestamps (0: PTPDK_PHC_XTS_SAMPLES) with
 * PTP_SYS_OFFSET_EXTENDED, or with PTP_SYS_OFFSET when the driver lacks it (ENOTTY,
 * EOPNOTSUPP), and keep the narrowest.
 * @return 0, -EINVAL for a NULL argument, a clock that is not a PHC or more than
 *         PTP_MAX_SAMPLES, -EIO when every bracket went backwards, or the ioctl's
 *         negative errno.
 */
int ptpdk_phc_xts_sample(struct ptpdk_clock *clk, unsigned samples, struct ptpdk_phc_xts *out);

/** The narrowest of @p in's samples (pure; exposed for tests). @return 0 or -EIO. */
int ptpdk_phc_xts_pick_extended(const struct ptp_sys_offset_extended *in,
				struct ptpdk_phc_xts *out);

/** The narrowest of @p in's interleaved samples (pure). @return 0 or -EIO. */
int ptpdk_phc_xts_pick_basic(const struct ptp_sys_offset *in, struct ptpdk_phc_xts *out);

#endif
