/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A port's transport: how its PTP messages are framed on the wire (Ethernet II,
 * UDPv4 or UDPv6, 1588-2008 Annexes D-F), and who sent a received one.
 *
 * Each transport is one implementation behind an ops table (style rule 2); a
 * struct ptpdk_transport_port is one port's instance, holding the port's own
 * addresses, its VLAN tag and its IP header settings. Pure (style rule 1): it builds
 * into the caller's buffer and never sends; the caller queues the frame.
 *
 * Not thread-safe: an instance belongs to the lcore that sends on the port
 * (style rule 4). ptpdk_transport_source() keeps no state and is safe anywhere.
 */
#ifndef PTPDK_TRANSPORT_H
#define PTPDK_TRANSPORT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ptpdk_addr.h"
#include "ptpdk_frame.h"

/** A port's own addresses and the settings its frames go out with. */
struct ptpdk_transport_conf {
	enum ptpdk_transport transport;
	uint8_t mac[6]; /**< source MAC of every frame */
	bool has_ipv4;
	uint8_t ipv4[4]; /**< source address for UDPv4 */
	bool has_ipv6;
	uint8_t ipv6[16]; /**< source address for UDPv6 */
	bool has_vlan;	  /**< send with an 802.1Q tag; changed later by _set_vlan() */
	uint16_t vlan_tci;
	uint8_t udp_ttl; /**< IPv4 TTL / IPv6 hop limit; 0 sends 1 (ptp4l's udp_ttl) */
	uint8_t dscp;	 /**< DiffServ code point of UDP frames, 0..63 */
	/** L2: where multicast messages go (ptp4l's ptp_dst_mac; G.8275.1 uses the
	 * non-forwardable 01-80-C2-00-00-0E). All zero: 1588 Annex F's 01-1B-19-00-00-00. */
	uint8_t l2_group_mac[6];
	/** L2: where peer delay messages go (p2p_dst_mac). All zero: 01-80-C2-00-00-0E. */
	uint8_t l2_peer_group_mac[6];
};

struct ptpdk_transport_port;

/**
 * Create a port's transport instance. The conf is copied. A UDP transport is
 * created even when the port lacks the address of its family: sending then fails
 * with -EADDRNOTAVAIL, so the address can be checked where the caller reports it.
 *
 * @return the instance; NULL with errno EINVAL (NULL conf, unknown transport, dscp
 *         above 63) or ENOMEM
 */
struct ptpdk_transport_port *ptpdk_transport_port_create(const struct ptpdk_transport_conf *conf);

/** Free an instance (NULL is ignored). */
void ptpdk_transport_port_destroy(struct ptpdk_transport_port *tp);

/** The transport this instance frames for. */
enum ptpdk_transport ptpdk_transport_port_kind(const struct ptpdk_transport_port *tp);

/**
 * Tag the frames sent from now on with @p vlan_tci (PCP, DEI, VID as on the wire),
 * or send them untagged when @p has_vlan is false.
 */
void ptpdk_transport_port_set_vlan(struct ptpdk_transport_port *tp, bool has_vlan,
				   uint16_t vlan_tci);

/**
 * Build the frame that carries the encoded PTP message @p msg to @p dst: Ethernet
 * header with the port's MAC and VLAN tag, and for UDP the IP header (the port's
 * address, TTL, DSCP) and the UDP header with its checksum. An event message goes
 * to UDP port 319 and a general one to 320, from the same port number.
 *
 * @param event true for an event message (Sync, Delay_Req, Pdelay_Req, Pdelay_Resp);
 *        it must agree with @p msg's messageType, which every receiver checks
 * @param buf, cap where the frame goes; PTPDK_FRAME_MAX_HEADERS + @p msg_len always fits
 * @return the frame's length in octets;
 *         -EINVAL for a NULL argument, an empty message, @p event disagreeing with
 *         the messageType, an unknown destination kind, or a message too long for
 *         the IP length fields;
 *         -EAFNOSUPPORT for a unicast destination of another transport than the port's;
 *         -EADDRNOTAVAIL when a UDP port has no address of its family;
 *         -ENOSPC when @p cap is too small;
 *         -ENOTSUP when the transport cannot build frames
 */
int ptpdk_transport_build(const struct ptpdk_transport_port *tp, const struct ptpdk_dest *dst,
			  bool event, const uint8_t *msg, size_t msg_len, uint8_t *buf, size_t cap);

/**
 * The sender of a received message, from its frame's parsed headers: transport,
 * VLAN tag, source MAC and (UDP) source IP. The UDP source port is not part of it:
 * PTP answers go to 319 or 320 whatever port a message came from.
 *
 * @param frame as ptpdk_frame_parse() filled it for a PTPDK_FRAME_PTP frame
 * @return 0; -EINVAL for a NULL argument or an unknown transport (@p src zeroed
 *         when it is not NULL)
 */
static inline int ptpdk_transport_source(const struct ptpdk_frame *frame, struct ptpdk_addr *src)
{
	/* Inline and no op per transport: the RX lcore reads the sender of every PTP
	 * frame, and the parsed headers already hold it. Constant-size copies only. */
	if (!frame || !src || (unsigned)frame->transport > PTPDK_TRANSPORT_UDP6) {
		if (src)
			memset(src, 0, sizeof(*src));
		return -EINVAL;
	}
	src->transport = (uint8_t)frame->transport;
	src->has_vlan = frame->has_vlan;
	src->vlan_tci = frame->has_vlan ? frame->vlan_tci : 0;
	memcpy(src->mac, frame->src_mac, sizeof(src->mac));
	memset(src->ip, 0, sizeof(src->ip));
	if (frame->transport == PTPDK_TRANSPORT_UDP6)
		memcpy(src->ip, frame->src_ip, 16);
	else if (frame->transport == PTPDK_TRANSPORT_UDP4)
		memcpy(src->ip, frame->src_ip, 4);
	return 0;
}

#endif
