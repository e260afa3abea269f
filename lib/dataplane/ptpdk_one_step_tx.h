/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The TX owner's half of one-step Sync (ptpdk_one_step.h): right before the frame
 * goes to rte_eth_tx_burst() or sendmsg(), the TSC is read, the port clock's time
 * there is taken from the line the engine sent with the request, and written into
 * the frame. That TSC reading is also the frame's software TX stamp on a DPDK port,
 * so there the written time and the stamp are the same instant by construction; a
 * kernel socket's stamp is the kernel's own, later (drivers-notes/one-step.md).
 *
 * Pure header: the caller reads the TSC.
 */
#ifndef PTPDK_ONE_STEP_TX_H
#define PTPDK_ONE_STEP_TX_H

#include <stddef.h>
#include <stdint.h>

#include "ptpdk_event.h"
#include "ptpdk_one_step.h"
#include "ptpdk_tick_map.h"

/**
 * Write the port clock's time at @p tsc into the one-step Sync in @p frame.
 * @return 0 with @p written set; a negative errno of ptpdk_tick_map_at() or
 *         ptpdk_one_step_patch_frame() (the frame must then not be sent: a
 *         one-step Sync without its time would be taken for time 0)
 */
static inline int ptpdk_one_step_tx_write(uint8_t *frame, size_t len,
					  const struct ptpdk_tick_map *map, uint64_t tsc,
					  struct ptpdk_tmv *written)
{
	int rc = ptpdk_tick_map_at(map, tsc, written);

	return rc ? rc : ptpdk_one_step_patch_frame(frame, len, *written);
}

#endif
