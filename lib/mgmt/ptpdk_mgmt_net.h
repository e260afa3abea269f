/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * IEEE 1588 management over the network (1588-2008 clause 15, as pmc -2/-4/-6
 * sends it): what crosses between the lcores and how a request is judged.
 *
 * A Management message that arrives on a PTP port is the engine lcore's; the
 * responder (ptpdk_mgmt_responder.h) runs on the main lcore, which owns the view and
 * the SET path (style rule 4). So the engine copies the message into a request
 * (struct ptpdk_mgmt_net_request) for an SPSC ring and goes on; the main lcore
 * answers and hands each encoded reply back (struct ptpdk_mgmt_net_reply), because
 * only the engine may frame and queue on the port's TX ring. The reply element also
 * carries what became of the request, so that the engine owns every counter of
 * struct ptpdk_mgmt_net_counters and publishes them with its status: one writer.
 *
 * Where replies go: a request sent to a PTP group is answered to the primary group
 * of the ingress port, as ptp4l does (every pmc on the link listens there, and a
 * second manager sees the answer too); a request sent to us alone is answered to its
 * sender alone, since a unicast requester may not have joined the group (a tool
 * beyond a router, where a group with TTL 1 never arrives). Either way the reply
 * leaves the ingress port in the request's transport and VLAN, whatever transport
 * the port's own PTP messages use (pmc -2, -4 and -6 all get answers), to the
 * general port (320).
 *
 * boundaryHops: ptpdk answers a request whatever hops it has left and never
 * forwards one to its other ports (1588-2008 15.3.3 asks a boundary clock to; ptpdk
 * leaves that to the tools, which can address each port's link). A request whose
 * boundaryHops exceeds its startingBoundaryHops is malformed (15.5.2.2: it only
 * counts down) and is not answered.
 *
 * Pure (style rule 1): no ring, no socket; the daemon moves the values.
 */
#ifndef PTPDK_MGMT_NET_H
#define PTPDK_MGMT_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_mgmt_responder.h"
#include "ptpdk_msg.h"

/**
 * Octets of a request the ring carries. pmc's requests are 54 to 64 octets (header,
 * target, one MANAGEMENT TLV of at most 8 data octets for the settable ids); 256
 * leaves room for a SET with a full PTPText and trailing TLVs. Longer: dropped and
 * counted (oversized).
 */
#define PTPDK_MGMT_NET_REQUEST_MAX 256

/**
 * Octets of an encoded reply: the 48 octets up to the TLV, its 6-octet head, and up
 * to PTPDK_MGMT_DATA_MAX octets of data (the largest reply the responder builds),
 * rounded up to 8 so that the element's size suits a ring (DPDK wants multiples of 4).
 */
#define PTPDK_MGMT_NET_REPLY_MAX ((48 + 6 + PTPDK_MGMT_DATA_MAX + 7) / 8 * 8)

/** ptpdk_mgmt_net_request.flags */
#define PTPDK_MGMT_NET_F_MULTICAST 0x01 /**< sent to a PTP group, not to us alone */

/** A Management message taken off a port (engine → main lcore). 288 octets. */
struct ptpdk_mgmt_net_request {
	uint16_t port; /**< ptpdk port index (0-based) of the ingress port */
	uint16_t len;  /**< octets of PTP message in msg[], 1..PTPDK_MGMT_NET_REQUEST_MAX */
	uint8_t flags; /**< PTPDK_MGMT_NET_F_* */
	uint8_t reserved;
	struct ptpdk_addr src; /**< the sender (meta->src of the RX event) */
	uint8_t msg[PTPDK_MGMT_NET_REQUEST_MAX];
};

/** What became of a request: one counter each (struct ptpdk_mgmt_net_counters). */
enum ptpdk_mgmt_net_outcome {
	PTPDK_MGMT_NET_CONTINUED = 0, /**< a further reply of a request already counted */
	PTPDK_MGMT_NET_ANSWERED,      /**< replies with the data (GET, or a SET applied) */
	PTPDK_MGMT_NET_ERROR,	      /**< MANAGEMENT_ERROR_STATUS: no such id, wrong length, ... */
	PTPDK_MGMT_NET_REFUSED_SET,   /**< SET refused: network_management_set 0 */
	PTPDK_MGMT_NET_REFUSED_COMMAND, /**< COMMAND: ptpdk has none (NOT_SUPPORTED) */
	PTPDK_MGMT_NET_SET_FAILED,	/**< SET the engine did not apply (GENERAL_ERROR) */
	PTPDK_MGMT_NET_MALFORMED,	/**< not decodable, not one MANAGEMENT TLV, bad hops */
	PTPDK_MGMT_NET_NOT_REQUEST,	/**< a RESPONSE or ACKNOWLEDGE: someone else's answer */
	PTPDK_MGMT_NET_NOT_FOR_US,	/**< another clock, or a port number we lack */
	PTPDK_MGMT_NET_OUTCOME_COUNT
};

/** An encoded reply, or only an outcome (main lcore → engine). */
struct ptpdk_mgmt_net_reply {
	uint16_t port;	   /**< the ingress port index: the reply leaves there */
	uint16_t len;	   /**< octets of PTP message in msg[]; 0: nothing to send */
	uint8_t outcome;   /**< enum ptpdk_mgmt_net_outcome, on a request's first element */
	uint8_t transport; /**< enum ptpdk_transport of the request: the reply's too */
	/** Replies the main lcore could not queue since its last element (ring full). */
	uint16_t lost_before;
	uint8_t has_vlan; /**< the request's 802.1Q tag, which the reply carries back */
	uint8_t reserved;
	uint16_t vlan_tci;
	struct ptpdk_dest dst;
	uint8_t msg[PTPDK_MGMT_NET_REPLY_MAX];
};

/**
 * Network management's counters. The engine lcore writes all of them (the main
 * lcore's outcomes arrive in the reply elements); readers copy them from the
 * engine's published status. Descriptor table: ptpdk_cdesc_mgmt_net.
 */
struct ptpdk_mgmt_net_counters {
	uint64_t received;	    /**< Management messages the engine looked at */
	uint64_t disabled;	    /**< network_management 0: left to the port, unanswered */
	uint64_t wrong_domain;	    /**< another domainNumber: not ours to answer */
	uint64_t oversized;	    /**< longer than PTPDK_MGMT_NET_REQUEST_MAX: dropped */
	uint64_t request_ring_full; /**< the main lcore's ring was full: dropped */
	uint64_t requests;	    /**< handed to the main lcore */
	/* What became of them (enum ptpdk_mgmt_net_outcome) */
	uint64_t answered;
	uint64_t error_replies;
	uint64_t refused_set;
	uint64_t refused_command;
	uint64_t set_failed;
	uint64_t malformed;
	uint64_t not_request;
	uint64_t not_for_us;
	/* The replies */
	uint64_t replies_sent;	  /**< framed and queued on the port's TX ring */
	uint64_t reply_failed;	  /**< could not be framed, or the TX ring was full */
	uint64_t reply_ring_full; /**< the main lcore could not queue them (ring full) */
	uint64_t bad_elements;	  /**< reply elements that failed their length check */
};

/**
 * Engine lcore: copy a received Management message into @p r.
 * @param multicast the message was sent to a PTP group (PTPDK_RX_F_MULTICAST)
 * @return 0; -EINVAL for a NULL argument or an empty message; -EMSGSIZE when
 *	   @p len exceeds PTPDK_MGMT_NET_REQUEST_MAX
 */
int ptpdk_mgmt_net_request_make(struct ptpdk_mgmt_net_request *r, unsigned port,
				const struct ptpdk_addr *src, bool multicast, const uint8_t *msg,
				size_t len);

/**
 * Check a request element taken off the ring before reading it (style rule 8).
 * @return 0; -EINVAL for a length of 0 or above PTPDK_MGMT_NET_REQUEST_MAX, or a
 *	   port not below @p n_ports
 */
int ptpdk_mgmt_net_request_check(const struct ptpdk_mgmt_net_request *r, unsigned n_ports);

/**
 * Check a reply element taken off the ring before sending it (style rule 8).
 * @return 0; -EINVAL for a length above PTPDK_MGMT_NET_REPLY_MAX, a port not below
 *	   @p n_ports, an outcome out of range, an unknown destination kind or transport
 */
int ptpdk_mgmt_net_reply_check(const struct ptpdk_mgmt_net_reply *r, unsigned n_ports);

/** Where the replies to @p r go: the primary group, or its sender (see the file comment). */
struct ptpdk_dest ptpdk_mgmt_net_reply_dest(const struct ptpdk_mgmt_net_request *r);

/**
 * Address reply element @p el to the sender of @p r: its port, destination
 * (ptpdk_mgmt_net_reply_dest()), transport and VLAN tag. Nothing else is touched.
 */
void ptpdk_mgmt_net_reply_address(struct ptpdk_mgmt_net_reply *el,
				  const struct ptpdk_mgmt_net_request *r);

/**
 * Before the responder: the checks the network adds to those of a Unix socket.
 * @return PTPDK_MGMT_NET_CONTINUED (go on: answer it), PTPDK_MGMT_NET_MALFORMED
 *	   (not a Management message, or boundaryHops above startingBoundaryHops) or
 *	   PTPDK_MGMT_NET_NOT_REQUEST (a RESPONSE or ACKNOWLEDGE)
 */
enum ptpdk_mgmt_net_outcome ptpdk_mgmt_net_screen(const struct ptpdk_msg *req);

/**
 * The policy for requests from the network: answered from port @p port_index's
 * identity (clock-level ids too, as ptp4l answers from its ingress port), SETs
 * allowed when @p allow_set, else refused with NOT_SUPPORTED, the error ptp4l gives
 * every SET that did not come through its read-write Unix socket.
 */
void ptpdk_mgmt_net_policy(struct ptpdk_mgmt_policy *pol, const uint8_t *clock_identity,
			   unsigned port_index, bool allow_set);

/**
 * What became of @p req, from the responder's outcome @p o and its first reply
 * (@p first, NULL when none). @p pol is the policy it answered under.
 */
enum ptpdk_mgmt_net_outcome ptpdk_mgmt_net_classify(const struct ptpdk_msg *req,
						    enum ptpdk_mgmt_outcome o,
						    const struct ptpdk_mgmt_reply *first,
						    const struct ptpdk_mgmt_policy *pol);

/** Add what a reply element says of its request to @p c (engine lcore). */
void ptpdk_mgmt_net_count_outcome(struct ptpdk_mgmt_net_counters *c,
				  const struct ptpdk_mgmt_net_reply *r);

/** "answered", "malformed", ...; "unknown" out of range. */
const char *ptpdk_mgmt_net_outcome_name(enum ptpdk_mgmt_net_outcome o);

#endif
