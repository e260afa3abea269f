/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Where a PTP message comes from and where it goes, as plain values: a node's
 * address on one link (struct ptpdk_addr) and a destination (struct ptpdk_dest) that
 * names one of the two PTP multicast groups or a unicast address.
 *
 * Both are fixed-layout values without pointers or padding, so they can be copied
 * into ring elements, compared with memcmp() and passed by value through the
 * protocol engine's ops. Octets a transport does not use are zero.
 */
#ifndef PTPDK_ADDR_H
#define PTPDK_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ptpdk_frame.h"

/**
 * A node's address on one link. Received: the sender of a message
 * (ptpdk_transport_source()). To send: a unicast destination, where the MAC is the
 * next hop's, already resolved by the caller.
 */
struct ptpdk_addr {
	uint8_t transport; /**< enum ptpdk_transport: which of the fields below are used */
	bool has_vlan;	   /**< received with an 802.1Q tag (ignored in a destination) */
	uint16_t vlan_tci; /**< PCP, DEI and VID as on the wire; 0 without a tag */
	uint8_t mac[6];
	uint8_t ip[16]; /**< UDPv4: the first 4 octets; UDPv6: all 16; L2: zero */
};

_Static_assert(sizeof(struct ptpdk_addr) == 26, "struct ptpdk_addr has no padding");

/** Which address a struct ptpdk_dest names. */
enum ptpdk_dest_kind {
	PTPDK_DEST_PRIMARY = 0, /**< the PTP primary group: 01:1B:19:00:00:00, 224.0.1.129,
				   FF0E::181 (1588-2008 Annexes D-F) */
	PTPDK_DEST_PEER,	/**< the peer-delay group: 01:80:C2:00:00:0E, 224.0.0.107,
				   FF02::6B */
	PTPDK_DEST_UNICAST,	/**< the address in ptpdk_dest.addr */
	PTPDK_DEST_KIND_COUNT
};

/**
 * What names a node from one message to the next, as unicast negotiation keys its
 * masters and clients: the transport and, for UDP, the IP (a routed sender's MAC is its
 * router's) or, for L2, the MAC; the VLAN tag is left out. Other octets are zero, so
 * two identities compare with memcmp().
 */
static inline void ptpdk_addr_identity(const struct ptpdk_addr *a, struct ptpdk_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->transport = a->transport;
	if (a->transport == PTPDK_TRANSPORT_L2)
		memcpy(out->mac, a->mac, sizeof(out->mac));
	else
		memcpy(out->ip, a->ip, sizeof(out->ip));
}

/**
 * Where to send a message. The VLAN tag is not part of it: a frame goes out with
 * the tag of the port's transport (ptpdk_transport_port_set_vlan()), whatever
 * addr.has_vlan says.
 */
struct ptpdk_dest {
	uint8_t kind; /**< enum ptpdk_dest_kind */
	uint8_t reserved;
	struct ptpdk_addr addr; /**< PTPDK_DEST_UNICAST only; zero otherwise */
};

_Static_assert(sizeof(struct ptpdk_dest) == 28, "struct ptpdk_dest has no padding");

/** The primary multicast group, or the peer-delay one when @p peer_delay. */
static inline struct ptpdk_dest ptpdk_dest_group(bool peer_delay)
{
	struct ptpdk_dest d;

	memset(&d, 0, sizeof(d));
	d.kind = peer_delay ? PTPDK_DEST_PEER : PTPDK_DEST_PRIMARY;
	return d;
}

/** Unicast to @p to (for instance the source of a received Delay_Req). */
static inline struct ptpdk_dest ptpdk_dest_unicast(const struct ptpdk_addr *to)
{
	struct ptpdk_dest d;

	memset(&d, 0, sizeof(d));
	d.kind = PTPDK_DEST_UNICAST;
	d.addr = *to;
	return d;
}

#endif
