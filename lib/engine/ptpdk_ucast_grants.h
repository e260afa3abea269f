/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A unicast server's grant table (IEEE 1588-2019 16.1, unicast negotiation, the
 * grantor's side): which clients may receive which messages, at what interval and
 * until when.
 *
 * A client asks with REQUEST_UNICAST_TRANSMISSION for Announce, Sync, Delay_Resp or
 * Pdelay_Resp at a logInterMessagePeriod for a duration; the table answers with the
 * GRANT_UNICAST_TRANSMISSION to send back: the requested period and a duration
 * (granted), or duration 0 (denied, 16.1.4.2). It grants within the operator's
 * limits, each checked in this order and each refusal counted by its reason: the
 * message type, the fastest and slowest period per type, the number of clients, and
 * the packets per second all grants together commit the server to. The duration
 * granted is the requested one, capped at the operator's longest. A repeated request
 * renews (the grant runs on from the new request), a request at another period
 * replaces the grant, CANCEL_UNICAST_TRANSMISSION ends it, and grants that run out
 * expire: an expired grant is absent at once, and its memory is taken back by a
 * bounded sweep (ptpdk_ucast_grants_sweep()).
 *
 * A client is its address (UDP: transport and IP; L2: the MAC; VLAN ignored) and the
 * port identity it requests from (16.1.3: grants are per requesting port).
 *
 * Sized for millions of clients: one block from the caller
 * (ptpdk_ucast_grants_size()), 64 bytes per client, found through a chained hash of
 * 32-bit entry numbers; nothing is allocated after ptpdk_ucast_grants_init().
 *
 * Pure: times are monotonic nanoseconds passed in by the caller; expiry has a
 * resolution of one second.
 */
#ifndef PTPDK_UCAST_GRANTS_H
#define PTPDK_UCAST_GRANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_msg.h"

/** The message types a client can ask for (1588-2019 Table 73). */
enum ptpdk_ucast_kind {
	PTPDK_UCAST_ANNOUNCE = 0,
	PTPDK_UCAST_SYNC,
	PTPDK_UCAST_DELAY_RESP,
	PTPDK_UCAST_PDELAY_RESP,
	PTPDK_UCAST_KINDS
};

/** What the operator allows. */
struct ptpdk_ucast_limits {
	uint32_t max_clients; /**< table capacity, 1 .. PTPDK_UCAST_MAX_CLIENTS */
	uint32_t max_pps;     /**< packets per second all grants may commit; 0: no limit */
	int8_t min_log_period[PTPDK_UCAST_KINDS]; /**< fastest period granted (log2 s) */
	int8_t max_log_period[PTPDK_UCAST_KINDS]; /**< slowest period granted (log2 s) */
	uint32_t max_duration_s;		  /**< longest grant; longer requests get this */
	bool one_step;				  /**< Sync without Follow_Up (1 packet, not 2) */
};

#define PTPDK_UCAST_MAX_CLIENTS (1u << 26) /**< 64 Mi: entry numbers stay below 2^31 */

/** Why a request was denied (counters index). */
enum ptpdk_ucast_deny {
	PTPDK_UCAST_DENY_TYPE = 0, /**< not Announce, Sync, Delay_Resp or Pdelay_Resp */
	PTPDK_UCAST_DENY_PERIOD,   /**< period outside the kind's [min, max] */
	PTPDK_UCAST_DENY_DURATION, /**< duration 0 requested */
	PTPDK_UCAST_DENY_CLIENTS,  /**< a new client and the table is full */
	PTPDK_UCAST_DENY_RATE,	   /**< the grant would pass max_pps */
	PTPDK_UCAST_DENY_COUNT
};

struct ptpdk_ucast_grants_counters {
	uint64_t requests;
	uint64_t granted; /**< new grants and changed periods */
	uint64_t renewed; /**< same kind and period again */
	uint64_t denied[PTPDK_UCAST_DENY_COUNT];
	uint64_t cancels;	  /**< CANCELs that ended a grant */
	uint64_t cancels_unknown; /**< CANCELs for nothing granted (still acknowledged) */
	uint64_t expired;	  /**< grants that ran out (counted when swept or replaced) */
};

struct ptpdk_ucast_grants;

/** Bytes the table needs for @p max_clients; 0 when out of range. */
size_t ptpdk_ucast_grants_size(uint32_t max_clients);

/**
 * Lay the table out in @p mem (@p size bytes, from ptpdk_ucast_grants_size(),
 * aligned to 64). @return the table, or NULL when the limits or the block are unusable
 * (max_clients out of range, a min period above its max, a duration of 0).
 */
struct ptpdk_ucast_grants *ptpdk_ucast_grants_init(void *mem, size_t size,
						   const struct ptpdk_ucast_limits *limits,
						   uint64_t now_ns);

/** The kind of a messageType (the low nibble), or PTPDK_UCAST_KINDS for no kind. */
enum ptpdk_ucast_kind ptpdk_ucast_kind_of(uint8_t message_type);

/**
 * Answer one REQUEST_UNICAST_TRANSMISSION from @p client (its address) and
 * @p port_identity (the request's sourcePortIdentity, 10 octets). Fills @p grant
 * with the GRANT to send back (duration 0: denied; renewalInvited set when granted).
 * @return true when granted.
 */
bool ptpdk_ucast_grants_request(struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
				const uint8_t port_identity[10],
				const struct ptpdk_tlv_unicast *req, uint64_t now_ns,
				struct ptpdk_tlv_unicast *grant);

/**
 * ptpdk_ucast_grants_request() that also gives the client's entry number in @p id
 * (below max_clients; stable while the client holds a grant), or PTPDK_UCAST_NO_ID
 * when it has no entry (denied as a new client).
 */
bool ptpdk_ucast_grants_request_id(struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
				   const uint8_t port_identity[10],
				   const struct ptpdk_tlv_unicast *req, uint64_t now_ns,
				   struct ptpdk_tlv_unicast *grant, uint32_t *id);

#define PTPDK_UCAST_NO_ID UINT32_MAX

/** Whether entry @p id holds a live grant of @p kind; its period in @p log_period. */
bool ptpdk_ucast_grants_live(const struct ptpdk_ucast_grants *t, uint32_t id,
			     enum ptpdk_ucast_kind kind, uint64_t now_ns, int8_t *log_period);

/**
 * A CANCEL_UNICAST_TRANSMISSION for @p message_type: ends that grant if there is
 * one. Fills @p ack with the ACKNOWLEDGE_CANCEL to send back, which 16.1.4.4 asks for
 * in either case. @return true when a grant ended.
 */
bool ptpdk_ucast_grants_cancel(struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
			       const uint8_t port_identity[10], uint8_t message_type,
			       uint64_t now_ns, struct ptpdk_tlv_unicast *ack);

/**
 * Whether @p client holds a live grant of @p kind; its period in @p log_period when
 * it does (may be NULL).
 */
bool ptpdk_ucast_grants_holds(const struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
			      const uint8_t port_identity[10], enum ptpdk_ucast_kind kind,
			      uint64_t now_ns, int8_t *log_period);

/**
 * Visit up to @p max_visits entries from where the last sweep stopped, end the grants
 * that have run out and free clients left with none. @return grants expired.
 */
unsigned ptpdk_ucast_grants_sweep(struct ptpdk_ucast_grants *t, uint64_t now_ns,
				  unsigned max_visits);

/** Clients with at least one grant that has not been swept. */
uint32_t ptpdk_ucast_grants_clients(const struct ptpdk_ucast_grants *t);

/** Packets per second the live grants commit the server to, as swept (x 128). */
uint64_t ptpdk_ucast_grants_committed_x128(const struct ptpdk_ucast_grants *t);

const struct ptpdk_ucast_grants_counters *
ptpdk_ucast_grants_counters(const struct ptpdk_ucast_grants *t);

#endif
