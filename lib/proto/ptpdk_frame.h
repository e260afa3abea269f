/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * PTP encapsulations: Ethernet II 0x88F7 (1588-2008 Annex F), IPv4/UDP (Annex D)
 * and IPv6/UDP (Annex E) on ports 319 (event) and 320 (general), each with or
 * without one 802.1Q tag. Classification, strict validation, building, and the
 * UDP checksum fix-up that one-step and transparent-clock edits need.
 */
#ifndef PTPDK_FRAME_H
#define PTPDK_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_reject.h"

#define PTPDK_ETHERTYPE_PTP	0x88F7
#define PTPDK_ETHERTYPE_IPV4	0x0800
#define PTPDK_ETHERTYPE_IPV6	0x86DD
#define PTPDK_ETHERTYPE_VLAN	0x8100
#define PTPDK_ETHERTYPE_QINQ	0x88A8
#define PTPDK_UDP_EVENT_PORT	319
#define PTPDK_UDP_GENERAL_PORT	320
#define PTPDK_FRAME_MAX_HEADERS (14 + 4 + 40 + 8)

enum ptpdk_transport {
	PTPDK_TRANSPORT_L2 = 0,
	PTPDK_TRANSPORT_UDP4,
	PTPDK_TRANSPORT_UDP6,
};

/** Headers of one frame. After parsing, the offsets locate each layer in the frame. */
struct ptpdk_frame {
	enum ptpdk_transport transport;
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	bool has_vlan;
	uint16_t vlan_tci;  /**< PCP, DEI and VID as on the wire */
	uint8_t src_ip[16]; /**< IPv4 in the first 4 octets */
	uint8_t dst_ip[16];
	uint16_t src_port;
	uint16_t dst_port;
	uint8_t ttl;  /**< IPv4 TTL / IPv6 hop limit; 0 builds with 1 (ptp4l's udp_ttl) */
	uint8_t dscp; /**< build only */
	uint16_t l3_offset;
	uint16_t l4_offset; /**< UDP header; 0 for L2 */
	uint16_t payload_offset;
	uint16_t payload_length; /**< UDP payload, or Ethernet payload for L2 (may include padding)
				  */
};

enum ptpdk_frame_class {
	PTPDK_FRAME_PTP = 0,  /**< a PTP payload is at payload_offset */
	PTPDK_FRAME_NOT_PTP,  /**< some other protocol: count it, do not decode */
	PTPDK_FRAME_REJECTED, /**< addressed to PTP but malformed: see the reason */
};

/** Verify IPv4 header and UDP checksums (not needed when the NIC already did). */
#define PTPDK_FRAME_F_VERIFY_CSUM 0x1

/**
 * Classify and validate a frame starting at its Ethernet header. Only the headers
 * are examined: the PTP message itself is ptpdk_msg_decode()'s job, except that the
 * messageType nibble is checked against the UDP port.
 *
 * @param reason set when PTPDK_FRAME_REJECTED is returned; may be NULL
 */
enum ptpdk_frame_class ptpdk_frame_parse(const uint8_t *buf, size_t len, unsigned flags,
					 struct ptpdk_frame *frame, enum ptpdk_reject *reason);

/** Bits of ptpdk_frame_checksum_faults(): which checksum is wrong. */
#define PTPDK_FRAME_CSUM_BAD_IP	 0x1 /**< IPv4 header checksum */
#define PTPDK_FRAME_CSUM_BAD_UDP 0x2 /**< UDP checksum (in IPv6 also a zero one) */

/**
 * Which checksums of a parsed UDP frame are wrong, without refusing it. For a dissector
 * that shows such frames: a capture taken on the sending host holds checksums the NIC
 * had still to fill in. The daemon does not use it; it parses with
 * PTPDK_FRAME_F_VERIFY_CSUM, which refuses a PTPDK_FRAME_PTP frame exactly when this
 * finds a fault (PTPDK_REJECT_BAD_IP_CHECKSUM first, then PTPDK_REJECT_BAD_UDP_CHECKSUM).
 *
 * @param frame what ptpdk_frame_parse() without PTPDK_FRAME_F_VERIFY_CSUM filled in
 *              for the same @p buf and @p len when it returned PTPDK_FRAME_PTP
 * @return PTPDK_FRAME_CSUM_* bits; 0 when both are right, for L2 frames, and for a
 *         frame whose offsets do not lie inside @p len
 */
unsigned ptpdk_frame_checksum_faults(const uint8_t *buf, size_t len,
				     const struct ptpdk_frame *frame);

/** Octets of headers ptpdk_frame_build() writes before the payload for this frame. */
size_t ptpdk_frame_header_length(const struct ptpdk_frame *frame);

/**
 * Build a frame: headers from @p frame (lengths, IP and UDP checksums computed),
 * then @p payload. The offsets in @p frame are not read.
 *
 * @return total octets; -ENOSPC when @p cap is too small; -EINVAL for an unknown
 *         transport or a payload too large for the IP length fields.
 */
int ptpdk_frame_build(uint8_t *buf, size_t cap, const struct ptpdk_frame *frame,
		      const uint8_t *payload, size_t payload_len);

/** Standard multicast destination for a transport (1588-2008 Annexes D-F). */
void ptpdk_frame_set_multicast_dst(struct ptpdk_frame *frame, bool peer_delay);

/**
 * Overwrite @p len octets of the payload at @p payload_pos (e.g. correctionField at
 * 8, a timestamp at 34) and update the UDP checksum incrementally (RFC 1624), so a
 * one-step or transparent-clock edit costs O(len), not O(frame).
 * An IPv4 UDP checksum of zero (none) stays zero.
 *
 * @param frame as returned by ptpdk_frame_parse() for @p buf
 * @return 0; -ERANGE when the edit does not lie inside the payload.
 */
int ptpdk_frame_patch_payload(uint8_t *buf, const struct ptpdk_frame *frame, size_t payload_pos,
			      const void *bytes, size_t len);

/** Recompute the UDP checksum of a parsed UDP frame from scratch (no-op for L2). */
void ptpdk_frame_fix_udp_checksum(uint8_t *buf, const struct ptpdk_frame *frame);

#endif
