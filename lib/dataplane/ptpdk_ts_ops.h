/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * How the dataplane reads a NIC's timestamp latches: a two-function table, so the
 * real ethdev (ptpdk_ts_ethdev.c) and a fake that latches late or never (tests)
 * are interchangeable. Pure header.
 */
#ifndef PTPDK_TS_OPS_H
#define PTPDK_TS_OPS_H

#include <stdint.h>

struct ptpdk_ts_ops {
	/**
	 * Read the RX latch that @p latch_index names (mbuf->timesync).
	 * @return 0 with @p ns set; -EINVAL when nothing is latched; -ENOTSUP.
	 */
	int (*read_rx)(void *ctx, uint32_t latch_index, uint64_t *ns);
	/**
	 * Read the port's one TX latch.
	 * @return 0 with @p ns set; -EINVAL when nothing is latched yet; -ENOTSUP.
	 */
	int (*read_tx)(void *ctx, uint64_t *ns);
	void *ctx;
};

#endif
