/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The owner of one port's TX queue: it takes the engine's TX requests from a ring,
 * sends them, and reports TX timestamps back over another ring.
 *
 * Software stamps are the TSC read right before rte_eth_tx_burst(): the earliest the
 * frame can leave. A slave's RX stamps are late (taken after the poll), and an early
 * Delay_Req stamp biases the offset the other way, so the two partly cancel; stamping
 * after the call would add the errors instead. Both TSC reads travel in the report.
 *
 * Hardware stamps follow ptpdk_txts.h: one outstanding per port, polled on later
 * iterations, with a timeout. Stamped requests that arrive while one is outstanding
 * wait in a small backlog; beyond it they are refused and reported, never blocking.
 */
#ifndef PTPDK_TXQ_H
#define PTPDK_TXQ_H

#include <stdint.h>

#include <rte_ring.h>

#include "ptpdk_dp_counters.h"
#include "ptpdk_port.h"
#include "ptpdk_snapshot.h"
#include "ptpdk_txts.h"

#define PTPDK_TX_BURST	 16
#define PTPDK_TX_BACKLOG 8

struct ptpdk_txq {
	struct ptpdk_port *port;
	uint16_t queue;
	struct rte_ring *requests; /**< SPSC engine -> owner, struct ptpdk_tx_request */
	struct rte_ring *reports;  /**< SPSC owner -> engine, struct ptpdk_tx_report */
	struct ptpdk_txts txts;
	const struct ptpdk_ts_ops *ts_ops; /**< the port's latch reader (tests may swap it) */
	struct ptpdk_tx_request backlog[PTPDK_TX_BACKLOG];
	unsigned backlog_head, backlog_len;
	struct ptpdk_txq_counters counters;
	struct ptpdk_seq published_seq;
	struct ptpdk_txq_counters published;
};

/**
 * @param timeout_ticks TX timestamp timeout in TSC ticks (ptp4l's tx_timestamp_timeout)
 * @return 0; -ENOMEM (or -rte_errno) when a ring cannot be created
 */
int ptpdk_txq_init(struct ptpdk_txq *txq, struct ptpdk_port *port, uint16_t queue,
		   unsigned ring_size, uint64_t timeout_ticks);

void ptpdk_txq_fini(struct ptpdk_txq *txq);

/** Count a frame the port took (sent, bytes, by message type). */
void ptpdk_txq_count_sent(struct ptpdk_txq *txq, const struct ptpdk_tx_request *req);

/** Queue a report for the engine; a full ring is counted (report_ring_full), never waited on. */
void ptpdk_txq_report(struct ptpdk_txq *txq, struct ptpdk_tx_report *r);

/**
 * Report the fate of @p req: @p before/@p after are the TSC around the call that
 * sent it (0 when it was never sent); a STAMPED report's stamp is @p before, the
 * software TX stamp. @p written: the time a one-step Sync carried, or NULL.
 */
void ptpdk_txq_report_request(struct ptpdk_txq *txq, const struct ptpdk_tx_request *req,
			      enum ptpdk_tx_status status, uint64_t before, uint64_t after,
			      const struct ptpdk_tmv *written);

/** Send what is queued and poll the TX latch. @return requests and reports handled. */
unsigned ptpdk_txq_poll(struct ptpdk_txq *txq);

void ptpdk_txq_counters_publish(struct ptpdk_txq *txq);

/** @return 0 or -EAGAIN */
int ptpdk_txq_counters_read(const struct ptpdk_txq *txq, struct ptpdk_txq_counters *out);

#endif
