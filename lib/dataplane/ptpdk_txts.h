/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Asynchronous TX timestamps for a port with one TX latch (every PMD has one).
 *
 * After a frame that wants a hardware stamp is sent, the tracker is polled on later
 * loop iterations — never busy-waited — until the latch yields or the timeout
 * (ptp4l's tx_timestamp_timeout) passes. While it waits, the port must not send
 * another stamped frame: its stamp would be indistinguishable. A latch that fills
 * after the timeout would be credited to the next frame, so it is read and
 * discarded before the next stamped frame is sent.
 *
 * Pure: time comes in as TSC ticks, the latch is read through ptpdk_ts_ops.
 */
#ifndef PTPDK_TXTS_H
#define PTPDK_TXTS_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_event.h"
#include "ptpdk_ts_ops.h"

struct ptpdk_txts_counters {
	uint64_t started;
	uint64_t stamped;
	uint64_t timeouts;
	uint64_t stale_discarded; /**< latches that filled after their timeout */
	uint64_t polls;		  /**< latch reads while waiting */
};

struct ptpdk_txts {
	bool busy;
	struct ptpdk_tx_report pending; /**< the report to complete */
	uint64_t deadline_tsc;
	uint64_t timeout_ticks;
	struct ptpdk_txts_counters counters;
};

/** @param timeout_ticks how long to wait for a latch, in TSC ticks */
void ptpdk_txts_init(struct ptpdk_txts *txts, uint64_t timeout_ticks);

/** True while a stamp is awaited: do not send another stamped frame. */
static inline bool ptpdk_txts_busy(const struct ptpdk_txts *txts)
{
	return txts->busy;
}

/**
 * Clear a stale latch before sending a stamped frame. Call right before the send.
 * @return true when a stale stamp was found (and counted).
 */
bool ptpdk_txts_prepare(struct ptpdk_txts *txts, const struct ptpdk_ts_ops *ops);

/**
 * Start waiting for the stamp of a frame just sent.
 * @param report cookie, port, ids and the TSC bracket of the send; status/tx_raw are set later
 * @return 0; -EBUSY when a stamp is already awaited (the caller broke the rule above)
 */
int ptpdk_txts_start(struct ptpdk_txts *txts, const struct ptpdk_tx_report *report,
		     uint64_t now_tsc);

/**
 * Poll the latch once.
 * @return 1 with @p out complete (PTPDK_TX_STAMPED or PTPDK_TX_TIMEOUT); 0 while
 *         still waiting or when idle.
 */
int ptpdk_txts_poll(struct ptpdk_txts *txts, const struct ptpdk_ts_ops *ops, uint64_t now_tsc,
		    struct ptpdk_tx_report *out);

#endif
