/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * For transport implementations only: the ops table and the base struct that each
 * implementation embeds as its first member.
 */
#ifndef PTPDK_TRANSPORT_PRIVATE_H
#define PTPDK_TRANSPORT_PRIVATE_H

#include "ptpdk_transport.h"

/**
 * Any member may be NULL: building then answers -ENOTSUP and destroy defaults to
 * free(). Reading a sender needs no op: a parsed frame's fields already say it
 * for every transport (ptpdk_transport_source()).
 */
struct ptpdk_transport_ops {
	/**
	 * Fill the addressing of a frame to send: destination MAC, and for UDP the source
	 * and destination IPs, the ports, TTL and DSCP. The wrapper has set the transport,
	 * the source MAC and the VLAN tag, zeroed the rest and checked @p dst (a known
	 * kind; a unicast address of this transport).
	 * @return 0 or a negative errno that ptpdk_transport_build() passes on
	 */
	int (*address)(const struct ptpdk_transport_port *tp, const struct ptpdk_dest *dst,
		       bool event, struct ptpdk_frame *frame);
	void (*destroy)(struct ptpdk_transport_port *tp);
};

struct ptpdk_transport_port {
	const struct ptpdk_transport_ops *ops;
	enum ptpdk_transport transport;
	uint8_t mac[6];
	uint8_t l2_group_mac[6];      /**< all zero: the standard group */
	uint8_t l2_peer_group_mac[6]; /**< all zero: the standard group */
	bool has_vlan;
	uint16_t vlan_tci;
};

/** Fill the base from a checked @p conf. */
void ptpdk_transport_init_base(struct ptpdk_transport_port *tp,
			       const struct ptpdk_transport_ops *ops,
			       const struct ptpdk_transport_conf *conf);

/* The implementations' constructors, for a checked @p conf (NULL and errno on failure). */
struct ptpdk_transport_port *ptpdk_transport_l2_create(const struct ptpdk_transport_conf *conf);
struct ptpdk_transport_port *ptpdk_transport_udp_create(const struct ptpdk_transport_conf *conf);

#endif
