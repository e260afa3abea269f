/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * RX classification: is this frame a valid PTP message meant for us?
 *
 * Pure (no DPDK): the RX lcore calls it on mbuf data, unit tests on byte arrays.
 * A frame ends in exactly one class, and every class but PTP is a counted drop:
 * not PTP at all; PTP but addressed to someone else; or PTP and malformed, with
 * the codec's reason (ptpdk_frame_parse() for headers, ptpdk_msg_decode() for the
 * message), so a malformed message never reaches the engine.
 */
#ifndef PTPDK_CLASSIFY_H
#define PTPDK_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_frame.h"
#include "ptpdk_msg.h"
#include "ptpdk_reject.h"

/** Which destinations are ours besides the standard PTP multicast groups. */
struct ptpdk_addr_filter {
	uint8_t mac[6]; /**< our unicast MAC (L2 unicast PTP) */
	bool has_ipv4;
	uint8_t ipv4[4]; /**< our IPv4 address (UDPv4 unicast) */
	bool has_ipv6;
	uint8_t ipv6[16]; /**< our IPv6 address (UDPv6 unicast) */
	bool promiscuous; /**< accept every destination (for captures and lab probes) */
	/** L2 groups configured beside the standard ones (ptp_dst_mac, p2p_dst_mac); all
	 * zero: none. Received on as well as the standard groups, sent to instead of them. */
	uint8_t l2_group_mac[6];
	uint8_t l2_peer_group_mac[6];
};

enum ptpdk_class {
	PTPDK_CLASS_PTP = 0,	/**< valid, for us: goes to the engine */
	PTPDK_CLASS_NOT_PTP,	/**< another protocol */
	PTPDK_CLASS_NOT_FOR_US, /**< PTP to an address that is neither ours nor a PTP group */
	PTPDK_CLASS_REJECTED,	/**< PTP but malformed: see the reason */
	PTPDK_CLASS_COUNT
};

/** The result of classifying a PTP frame. */
struct ptpdk_classified {
	struct ptpdk_frame frame;
	struct ptpdk_header header;
	const uint8_t *message; /**< the PTP message inside the frame */
	uint16_t message_len;	/**< messageLength: padding after it is not part of the message */
	uint8_t rx_flags;	/**< PTPDK_RX_F_* of ptpdk_event.h that the frame alone tells */
};

/**
 * Classify one frame (starting at its Ethernet header).
 *
 * @param frame_flags PTPDK_FRAME_F_VERIFY_CSUM unless the NIC verified checksums
 * @param out filled for PTPDK_CLASS_PTP (frame headers also for NOT_FOR_US)
 * @param reason set for PTPDK_CLASS_REJECTED; may be NULL
 */
enum ptpdk_class ptpdk_classify(const uint8_t *buf, size_t len, unsigned frame_flags,
				const struct ptpdk_addr_filter *filter,
				struct ptpdk_classified *out, enum ptpdk_reject *reason);

/** Short stable name of a class ("ptp", "not_ptp", "not_for_us", "rejected"). */
const char *ptpdk_class_name(enum ptpdk_class cls);

#endif
