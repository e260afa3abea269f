/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A unicast client's negotiation with the masters of its unicast master table
 * (IEEE 1588-2019 16.1, the grantee's side; ptp4l's unicast_master_table).
 *
 * Every master in the table is asked for Announce, so that the BMCA can compare
 * them; the one the BMCA selects is also asked for Sync and Delay_Resp (or
 * Pdelay_Resp on a P2P port), and when another is selected those are cancelled at
 * the old one. A grant is renewed when a quarter of it remains; a request that gets
 * no answer is repeated every query interval (2^logQueryInterval s), and so is one
 * that was denied. A master that cancels a grant is acknowledged and asked again at
 * the next query interval.
 *
 * The caller feeds in the GRANT, CANCEL and timer events and sends what
 * ptpdk_ucast_client_poll() says: one action at a time, each a REQUEST or CANCEL for
 * one message type to one master (a caller may put several in one Signaling message).
 *
 * Pure: times are monotonic nanoseconds passed in by the caller.
 */
#ifndef PTPDK_UCAST_CLIENT_H
#define PTPDK_UCAST_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_msg.h"
#include "ptpdk_ucast_grants.h"

#define PTPDK_UCAST_CLIENT_MASTERS 16 /**< masters in one table */

/** Where one message type stands with one master. */
enum ptpdk_ucast_client_state {
	PTPDK_UCAST_IDLE = 0,  /**< not wanted */
	PTPDK_UCAST_WANTED,    /**< to be requested (now or at retry_ns) */
	PTPDK_UCAST_REQUESTED, /**< asked, no answer yet */
	PTPDK_UCAST_GRANTED,   /**< until expiry_ns; renewed from renew_ns */
	PTPDK_UCAST_DENIED,    /**< asked again at retry_ns */
	PTPDK_UCAST_CANCELLING /**< CANCEL to send (a grant no longer wanted) */
};

struct ptpdk_ucast_client_grant {
	uint8_t state; /**< enum ptpdk_ucast_client_state */
	int8_t log_period;
	uint32_t duration_s; /**< granted */
	uint64_t retry_ns;   /**< WANTED, REQUESTED, DENIED: when to ask (again) */
	uint64_t renew_ns;   /**< GRANTED: when to renew */
	uint64_t expiry_ns;  /**< GRANTED: when the grant runs out */
};

struct ptpdk_ucast_client_master {
	struct ptpdk_addr addr;
	struct ptpdk_ucast_client_grant kinds[PTPDK_UCAST_KINDS];
	bool selected;
	uint64_t denials; /**< requests this master denied */
};

/** What the operator configured (ptp4l's names where they exist). */
struct ptpdk_ucast_client_config {
	int8_t log_query_interval;  /**< logQueryInterval: retry period, log2 s */
	uint32_t req_duration_s;    /**< unicast_req_duration */
	int8_t log_announce_period; /**< the Announce period asked for */
	int8_t log_sync_period;	    /**< the Sync period asked for */
	int8_t log_delay_period;    /**< the Delay_Req (Pdelay_Req) period of this port */
	bool p2p;		    /**< ask for Pdelay_Resp instead of Delay_Resp */
};

struct ptpdk_ucast_client_counters {
	uint64_t requests;	   /**< REQUESTs sent (first asks, retries and renewals) */
	uint64_t grants;	   /**< GRANTs taken */
	uint64_t denials;	   /**< GRANTs with duration 0 */
	uint64_t timeouts;	   /**< requests asked again for want of an answer */
	uint64_t cancels_sent;	   /**< grants given back */
	uint64_t cancels_received; /**< grants a master ended */
	uint64_t expired;	   /**< grants that ran out before their renewal came */
	uint64_t unknown_grants;   /**< GRANTs for nothing wanted (cancelled again) */
};

struct ptpdk_ucast_client {
	struct ptpdk_ucast_client_config cfg;
	struct ptpdk_ucast_client_master masters[PTPDK_UCAST_CLIENT_MASTERS];
	unsigned n_masters;
	struct ptpdk_ucast_client_counters counters;
};

/** What to send next. */
struct ptpdk_ucast_client_action {
	unsigned master;	      /**< index into the table */
	uint16_t tlv_type;	      /**< REQUEST_ or CANCEL_UNICAST_TRANSMISSION */
	struct ptpdk_tlv_unicast tlv; /**< its body */
};

/**
 * An empty client. @return 0, or -EINVAL for a duration of 0 or periods outside
 * [-7, 7] (query interval [-7, 10]).
 */
int ptpdk_ucast_client_init(struct ptpdk_ucast_client *c,
			    const struct ptpdk_ucast_client_config *cfg);

/** Add a master from the table; Announce is wanted from it at once. @return its index, or -ENOSPC.
 */
int ptpdk_ucast_client_add_master(struct ptpdk_ucast_client *c, const struct ptpdk_addr *addr,
				  uint64_t now_ns);

/** The table index of @p addr (same comparison as the grant table's), or -1. */
int ptpdk_ucast_client_find(const struct ptpdk_ucast_client *c, const struct ptpdk_addr *addr);

/**
 * The BMCA's choice: master @p index (or -1 for none). Sync and the delay response
 * become wanted from it and are cancelled at the one selected before.
 */
void ptpdk_ucast_client_select(struct ptpdk_ucast_client *c, int index, uint64_t now_ns);

/** A GRANT_UNICAST_TRANSMISSION from master @p index. */
void ptpdk_ucast_client_on_grant(struct ptpdk_ucast_client *c, unsigned index,
				 const struct ptpdk_tlv_unicast *grant, uint64_t now_ns);

/** A CANCEL_UNICAST_TRANSMISSION from master @p index: the grant ends; asked again later. */
void ptpdk_ucast_client_on_cancel(struct ptpdk_ucast_client *c, unsigned index,
				  uint8_t message_type, uint64_t now_ns);

/**
 * The next thing to send at @p now_ns. @return true and fills @p out, or false when
 * nothing is due. Call until false. A REQUEST returned is considered sent (its state
 * REQUESTED, retried after the query interval); so is a CANCEL (the grant IDLE).
 */
bool ptpdk_ucast_client_poll(struct ptpdk_ucast_client *c, uint64_t now_ns,
			     struct ptpdk_ucast_client_action *out);

/** Whether master @p index holds a live grant of @p kind for us. */
bool ptpdk_ucast_client_granted(const struct ptpdk_ucast_client *c, unsigned index,
				enum ptpdk_ucast_kind kind, uint64_t now_ns);

/** The earliest time anything may become due (for a timer); UINT64_MAX when nothing. */
uint64_t ptpdk_ucast_client_next_due(const struct ptpdk_ucast_client *c);

#endif
