/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One RX queue's poller: receive a burst, stamp it, classify every frame, copy each
 * valid PTP message with its stamp into the engine's ring by value, free the mbufs.
 *
 * Software stamps are the TSC read right after rte_eth_rx_burst() returns: the
 * earliest moment ptpdk can know the frame exists. The frame arrived between the
 * previous poll and this one, so that window travels with the event as its error
 * bound (rx_window_ticks). A ring that is full drops the event and counts it: the RX
 * lcore never blocks.
 */
#ifndef PTPDK_RXQ_H
#define PTPDK_RXQ_H

#include <stdint.h>

#include <rte_ring.h>

#include "ptpdk_dp_counters.h"
#include "ptpdk_port.h"
#include "ptpdk_snapshot.h"

#define PTPDK_RX_BURST 32

struct ptpdk_rxq {
	struct ptpdk_port *port;
	uint16_t queue;
	struct rte_ring *events; /**< SPSC, elements struct ptpdk_rx_event */
	struct rte_ring *large;	 /**< SPSC, elements struct ptpdk_rx_event_large */
	uint64_t last_poll_tsc;
	struct ptpdk_rxq_counters counters; /**< owned by the polling lcore */
	struct ptpdk_seq published_seq;
	struct ptpdk_rxq_counters published; /**< read with ptpdk_rxq_counters_read() */
};

/**
 * Create the queue's two rings on the port's socket.
 * @param ring_size events the ring holds (rounded up to a power of two, minus one)
 * @return 0; -ENOMEM (or -rte_errno) when a ring cannot be created
 */
int ptpdk_rxq_init(struct ptpdk_rxq *rxq, struct ptpdk_port *port, uint16_t queue,
		   unsigned ring_size);

/** Free the rings. */
void ptpdk_rxq_fini(struct ptpdk_rxq *rxq);

/** Poll once. @return frames received (0 for an empty poll). */
unsigned ptpdk_rxq_poll(struct ptpdk_rxq *rxq);

/**
 * The classification and stamping of one frame, without the ethdev: what
 * ptpdk_rxq_poll() does per mbuf (tests and benchmarks drive it directly).
 *
 * @param data frame bytes; @param len their length
 * @param meta_in stamp fields already set (rx_raw, rx_tsc, ts_source, window)
 * @param out the event to fill when the frame is PTP and fits the small ring
 * @param large filled instead when the message needs the large ring (may be NULL:
 *        then such messages are dropped as ring-full)
 * @return 1 small event filled, 2 large event filled, 0 dropped (counted)
 */
int ptpdk_rxq_process(struct ptpdk_rxq *rxq, const uint8_t *data, uint32_t len,
		      const struct ptpdk_rx_meta *meta_in, struct ptpdk_rx_event *out,
		      struct ptpdk_rx_event_large *large);

/** Publish the counters for readers (owner lcore only; cheap enough for every ms). */
void ptpdk_rxq_counters_publish(struct ptpdk_rxq *rxq);

/** A consistent copy of the last published counters (any lcore). @return 0 or -EAGAIN */
int ptpdk_rxq_counters_read(const struct ptpdk_rxq *rxq, struct ptpdk_rxq_counters *out);

#endif
