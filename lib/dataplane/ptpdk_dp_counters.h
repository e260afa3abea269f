/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Dataplane counters. Each set has one owner lcore that increments plain fields;
 * other lcores read only a published copy (ptpdk_snapshot.h), never the live set.
 * Pure header.
 */
#ifndef PTPDK_DP_COUNTERS_H
#define PTPDK_DP_COUNTERS_H

#include <stdint.h>

#include "ptpdk_classify.h"
#include "ptpdk_event.h"
#include "ptpdk_msg.h"
#include "ptpdk_reject.h"
#include "ptpdk_txts.h"

/** One RX queue. */
struct ptpdk_rxq_counters {
	uint64_t polls;
	uint64_t empty_polls;
	uint64_t packets;
	uint64_t bytes;
	uint64_t by_class[PTPDK_CLASS_COUNT];	/**< every packet lands in one class */
	uint64_t rejected[PTPDK_REJECT_MAX];	/**< PTPDK_CLASS_REJECTED by reason */
	uint64_t by_type[PTPDK_MSG_TYPE_COUNT]; /**< valid PTP for us, by messageType */
	uint64_t delivered;			/**< events the engine's rings accepted */
	uint64_t resolve;			/**< ARP and IPv6 NS/NA frames for the engine */
	uint64_t ring_full;			/**< dropped: event ring full */
	uint64_t large_ring_full;		/**< dropped: large-message ring full */
	uint64_t segmented;			/**< multi-segment mbufs (linearised) */
	uint64_t ts_hw;				/**< events with a NIC stamp */
	uint64_t ts_sw;				/**< events with a TSC stamp */
	uint64_t ts_hw_missing;			/**< NIC stamp expected, none latched */
	/* Kernel-socket ports only (ptpdk_ksock.h). */
	uint64_t ts_kernel_missing; /**< event without a usable kernel stamp: TSC after recv */
	uint64_t recv_errors;	    /**< recvmmsg() failures other than "nothing there" */
	uint64_t truncated;	    /**< frames longer than the receive buffer */
};

/** One TX queue and its port's TX latch. */
struct ptpdk_txq_counters {
	uint64_t requests;
	uint64_t sent;
	uint64_t bytes;
	uint64_t send_failed;
	uint64_t oversize; /**< request with an impossible frame length */
	uint64_t by_type[PTPDK_MSG_TYPE_COUNT];
	uint64_t backlog_full;
	uint64_t report_ring_full; /**< a report the engine never saw: it also times out there */
	/* Kernel-socket ports only (ptpdk_ksock.h); unmatched stamps are txts.stale_discarded. */
	uint64_t errqueue_other;   /**< error-queue messages that were not a TX stamp */
	uint64_t ts_unconvertible; /**< TX stamps too old or in the future to map to TSC */
	uint64_t one_step_written; /**< one-step Syncs whose time was written as they left */
	uint64_t
		one_step_unwritten; /**< one-step Syncs not sent: their time could not be written */
	struct ptpdk_txts_counters txts;
};

/** Engine-side receipt of what the dataplane delivered. */
struct ptpdk_engine_counters {
	uint64_t events;
	uint64_t large_events;
	uint64_t by_type[PTPDK_MSG_TYPE_COUNT];
	uint64_t tx_reports[PTPDK_TX_STATUS_COUNT];
	uint64_t tx_ring_full; /**< requests the TX ring refused */
};

#endif
