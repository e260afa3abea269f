/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * What crosses the lcore boundary. Every inter-lcore message is a fixed-size value
 * copied into an SPSC ring, so the RX lcore frees its mbuf at once and the engine
 * never touches an mbuf or an ethdev (architecture: one owner per piece of state).
 *
 * Three messages:
 *  - ptpdk_rx_event: a validated PTP message with its RX timestamp (RX lcore -> engine);
 *  - ptpdk_tx_request: a complete frame to send, maybe with a TX timestamp wanted
 *    (engine -> the lcore that owns the port's TX queue);
 *  - ptpdk_tx_report: the fate of a request that wanted a timestamp (TX owner -> engine).
 *
 * Pure header: no DPDK types, so the engine, the simulator and unit tests share it.
 */
#ifndef PTPDK_EVENT_H
#define PTPDK_EVENT_H

#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_tick_map.h"
#include "ptpdk_ts_source.h"

/**
 * PTP payload octets an rx event carries inline. Sync, Follow_Up, Delay_Req/Resp,
 * Pdelay_* and Announce with a path trace of up to 15 clocks fit; larger messages
 * (management responses, signalling with several TLVs) travel in the large ring,
 * whose elements carry PTPDK_EVENT_LARGE_PAYLOAD_MAX. Two sizes keep the common
 * case at four cache lines without dropping the rare big message.
 */
#define PTPDK_EVENT_PAYLOAD_MAX	      192
#define PTPDK_EVENT_LARGE_PAYLOAD_MAX 1500

/** ptpdk_rx_meta.flags */
#define PTPDK_RX_F_EVENT_MSG 0x01 /**< event message (timestamped on the wire) */
#define PTPDK_RX_F_MULTICAST 0x02 /**< sent to a PTP multicast group, not to us */
#define PTPDK_RX_F_PEER_GROUP                                                                      \
	0x04 /**< the peer-delay group (01:80:C2:00:00:0E, 224.0.0.107, FF02::6B) */
#define PTPDK_RX_F_VLAN	      0x08 /**< arrived with an 802.1Q tag (as src.has_vlan) */
#define PTPDK_RX_F_TS_LATCHED 0x10 /**< rx_raw came from the NIC's RX latch */
/**
 * Not PTP: an ARP frame or an IPv6 neighbour solicitation/advertisement, whole from
 * its Ethernet header, for the engine's neighbour cache (ptpdk_arp.h). Only port,
 * queue, payload_len and the TSC fields of the meta are set.
 */
#define PTPDK_RX_F_RESOLVE 0x20

/** Everything about a received PTP message except its octets. 64 octets. */
struct ptpdk_rx_meta {
	uint64_t rx_raw;      /**< RX timestamp in the unit of ts_source */
	uint64_t rx_tsc;      /**< TSC when the poll returned the frame (always set) */
	uint8_t ts_source;    /**< enum ptpdk_ts_source of rx_raw */
	uint8_t message_type; /**< enum ptpdk_msg_type */
	uint8_t flags;	      /**< PTPDK_RX_F_* */
	uint8_t domain_number;
	uint16_t port;	      /**< ptpdk port index (not the ethdev id) */
	uint16_t queue;	      /**< RX queue on that port */
	uint16_t payload_len; /**< octets of PTP message in payload[] */
	uint16_t sequence_id;
	uint16_t src_udp_port; /**< 0 for L2 */
	/**
	 * The sender, as ptpdk_transport_source() reads it from the frame's headers:
	 * transport, VLAN tag, MAC and IP. The engine needs nothing else from the frame,
	 * and an answer to the sender alone is ptpdk_dest_unicast(&meta->src).
	 */
	struct ptpdk_addr src;
	/**
	 * For a software stamp, TSC ticks from the previous empty or busy poll to this one
	 * (saturated): the frame arrived inside that window, so it bounds the stamp's error.
	 * Zero for hardware stamps.
	 */
	uint32_t rx_window_ticks;
	uint32_t reserved;
};

_Static_assert(sizeof(struct ptpdk_rx_meta) == 64, "rx meta is one cache line");

/** A PTP message of up to PTPDK_EVENT_PAYLOAD_MAX octets: the common ring element. */
struct ptpdk_rx_event {
	struct ptpdk_rx_meta meta;
	uint8_t payload[PTPDK_EVENT_PAYLOAD_MAX];
};

/** A larger PTP message: the large ring's element. */
struct ptpdk_rx_event_large {
	struct ptpdk_rx_meta meta;
	uint8_t payload[PTPDK_EVENT_LARGE_PAYLOAD_MAX];
};

/** Largest frame (Ethernet header to end of payload, no FCS) a TX request carries. */
#define PTPDK_TX_FRAME_MAX 1518

/** ptpdk_tx_request.flags */
#define PTPDK_TX_F_WANT_TS 0x01 /**< report the TX timestamp (event messages) */
/**
 * A one-step Sync: right before the frame leaves, the TX owner reads the TSC, takes
 * the port clock's time there from one_step_map and writes it into the frame
 * (ptpdk_one_step_patch_frame()); the report carries what it wrote (written).
 */
#define PTPDK_TX_F_ONE_STEP 0x02

/** A frame the engine wants sent. The engine builds the whole frame (ptpdk_frame_build). */
struct ptpdk_tx_request {
	uint32_t cookie;      /**< the engine's tag, echoed in the report */
	uint16_t port;	      /**< ptpdk port index */
	uint16_t frame_len;   /**< octets in frame[] */
	uint8_t flags;	      /**< PTPDK_TX_F_* */
	uint8_t message_type; /**< for counters and logs */
	uint16_t sequence_id; /**< for counters and logs */
	/** PTPDK_TX_F_ONE_STEP: the port clock's time against the TSC, as the engine
	 * (the clock's owner) saw it when it queued the frame. */
	struct ptpdk_tick_map one_step_map;
	uint8_t frame[PTPDK_TX_FRAME_MAX];
};

enum ptpdk_tx_status {
	PTPDK_TX_STAMPED = 0,  /**< sent; tx_raw is its TX timestamp */
	PTPDK_TX_TIMEOUT,      /**< sent, but no TX timestamp within the timeout */
	PTPDK_TX_SEND_FAILED,  /**< the PMD did not take the frame */
	PTPDK_TX_BACKLOG_FULL, /**< too many requests waiting for the one TX latch */
	PTPDK_TX_STATUS_COUNT
};

/** ptpdk_tx_report.flags: the one-step time in written is what the frame carried. */
#define PTPDK_TX_R_WRITTEN 0x01

/** The fate of a request sent with PTPDK_TX_F_WANT_TS. */
struct ptpdk_tx_report {
	uint32_t cookie;
	uint16_t port;
	uint8_t status;	   /**< enum ptpdk_tx_status */
	uint8_t ts_source; /**< enum ptpdk_ts_source of tx_raw */
	uint16_t sequence_id;
	uint8_t message_type;
	uint8_t flags;	     /**< PTPDK_TX_R_* */
	uint64_t tx_raw;     /**< TX timestamp when status is PTPDK_TX_STAMPED */
	uint64_t tsc_before; /**< TSC just before the burst call that sent the frame */
	uint64_t tsc_after;  /**< TSC just after it: the width bounds a software stamp's error */
	/** With PTPDK_TX_R_WRITTEN: the time written into a one-step Sync (port clock). */
	struct ptpdk_tmv written;
};

/** Short stable name of a TX status for logs and counters. */
const char *ptpdk_tx_status_name(enum ptpdk_tx_status status);

#endif
