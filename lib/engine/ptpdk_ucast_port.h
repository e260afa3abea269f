/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A port's unicast negotiation (IEEE 1588-2019 16.1) as a unicast client: the
 * Signaling messages it sends and receives, over the pure negotiation of
 * ptpdk_ucast_client.h. The port hands it every Signaling message and the sender of
 * every Announce, tells it which master the BMCA follows, and asks it where that
 * master is, so that Delay_Req go to it by unicast.
 *
 * Signaling messages are sent to one master's address with the unicastFlag, each
 * with one TLV, to the master's port identity once its Announce named it, else to
 * the wildcard identity (all ones). A received Signaling message is taken when it
 * is for this port (its identity or the wildcard) and comes from a master of the
 * table; each of its TLVs counts. A master's CANCEL is acknowledged.
 *
 * Pure: times are monotonic nanoseconds from the caller; the port sends.
 */
#ifndef PTPDK_UCAST_PORT_H
#define PTPDK_UCAST_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_msg.h"
#include "ptpdk_ucast_client.h"

struct ptpdk_ucast_port_config {
	struct ptpdk_ucast_client_config client;
	struct ptpdk_addr masters[PTPDK_UCAST_CLIENT_MASTERS]; /**< the unicast master table */
	unsigned n_masters;
};

struct ptpdk_ucast_port_host {
	/**
	 * Send a Signaling message to @p to with the unicastFlag, addressed to @p target,
	 * carrying @p tlv. @return 0 or a negative errno.
	 */
	int (*send_signaling)(void *ctx, const struct ptpdk_addr *to,
			      const struct ptpdk_port_identity *target,
			      const struct ptpdk_tlv *tlv);
	void *ctx;
};

struct ptpdk_ucast_port_counters {
	uint64_t signaling_rx;	   /**< Signaling messages taken */
	uint64_t not_for_us;	   /**< targetPortIdentity neither ours nor the wildcard */
	uint64_t unknown_sender;   /**< from an address not in the table */
	uint64_t tlvs_ignored;	   /**< REQUEST, ACKNOWLEDGE_CANCEL, other TLVs */
	uint64_t signaling_tx;	   /**< Signaling messages sent */
	uint64_t signaling_failed; /**< refused by the sender */
};

struct ptpdk_ucast_port;

/**
 * Whether a Signaling message addressed to @p target is for the port @p self: its
 * identity, the wildcard, or a wildcard half with the other half ours (13.12.1).
 */
bool ptpdk_ucast_for_port(const struct ptpdk_port_identity *target,
			  const struct ptpdk_port_identity *self);

/** @return a unicast client for a port whose identity is @p self, or NULL (errno). */
struct ptpdk_ucast_port *ptpdk_ucast_port_create(const struct ptpdk_ucast_port_config *cfg,
						 const struct ptpdk_port_identity *self,
						 const struct ptpdk_ucast_port_host *host,
						 uint64_t now_ns);
void ptpdk_ucast_port_destroy(struct ptpdk_ucast_port *u);

/** A Signaling message from @p src. */
void ptpdk_ucast_port_rx_signaling(struct ptpdk_ucast_port *u, const struct ptpdk_msg *m,
				   const struct ptpdk_addr *src, uint64_t now_ns);

/** An Announce from @p src: a master of the table names its port identity. */
void ptpdk_ucast_port_announce(struct ptpdk_ucast_port *u, const struct ptpdk_port_identity *sender,
			       const struct ptpdk_addr *src);

/** The BMCA follows @p parent (NULL: none): Sync and delay responses from it only. */
void ptpdk_ucast_port_select(struct ptpdk_ucast_port *u, const struct ptpdk_port_identity *parent,
			     uint64_t now_ns);

/** The address of the master followed. @return false when none is (or it is not in the table). */
bool ptpdk_ucast_port_parent_addr(const struct ptpdk_ucast_port *u, struct ptpdk_addr *out);

/** Send what is due; lower @p next to when something next will be. */
void ptpdk_ucast_port_tick(struct ptpdk_ucast_port *u, uint64_t now_ns, uint64_t *next);

const struct ptpdk_ucast_port_counters *ptpdk_ucast_port_counters(const struct ptpdk_ucast_port *u);

/** The negotiation itself (grants held, client counters). */
const struct ptpdk_ucast_client *ptpdk_ucast_port_client(const struct ptpdk_ucast_port *u);

#endif
