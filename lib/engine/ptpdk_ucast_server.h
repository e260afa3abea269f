/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A port's unicast service as a master (IEEE 1588-2019 16.1, the grantor; ptp4l's
 * unicast_listen): answers REQUEST_UNICAST_TRANSMISSION with a GRANT or a denial from
 * the grant table (ptpdk_ucast_grants.h), CANCEL with ACKNOWLEDGE_CANCEL, and says
 * when each client's next Announce and Sync are due (ptpdk_ucast_wheel.h), each at
 * its own granted period, starting when it was granted. Who is owed a Delay_Resp is
 * the grant table's answer.
 *
 * A client's address is taken from its latest request as received (its MAC
 * included), so that what is sent to it needs no address resolution.
 *
 * Pure: times are monotonic nanoseconds from the caller; the port sends.
 */
#ifndef PTPDK_UCAST_SERVER_H
#define PTPDK_UCAST_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_msg.h"
#include "ptpdk_ucast_grants.h"

struct ptpdk_ucast_server_host {
	/** A Signaling message with @p tlv to @p to, addressed to @p target (unicastFlag). */
	int (*send_signaling)(void *ctx, const struct ptpdk_addr *to,
			      const struct ptpdk_port_identity *target,
			      const struct ptpdk_tlv *tlv);
	/** An Announce or Sync (@p kind) to @p to, with the granted @p log_period. */
	int (*send_message)(void *ctx, enum ptpdk_ucast_kind kind, const struct ptpdk_addr *to,
			    int8_t log_period);
	void *ctx;
};

struct ptpdk_ucast_server_counters {
	uint64_t signaling_rx;	/**< Signaling messages taken */
	uint64_t not_for_us;	/**< for another port identity */
	uint64_t tlvs_ignored;	/**< GRANT, ACKNOWLEDGE_CANCEL and other TLVs */
	uint64_t signaling_tx;	/**< GRANTs and ACKNOWLEDGE_CANCELs sent */
	uint64_t announce_sent; /**< to clients, as granted */
	uint64_t sync_sent;
	uint64_t send_failed;	   /**< refused by the port */
	uint64_t not_serving;	   /**< due while the port was not MASTER: skipped */
	uint64_t schedule_dropped; /**< due items whose grant had ended */
};

struct ptpdk_ucast_server;

/** @return a server for a port whose identity is @p self, or NULL (errno). */
struct ptpdk_ucast_server *ptpdk_ucast_server_create(const struct ptpdk_ucast_limits *limits,
						     const struct ptpdk_port_identity *self,
						     const struct ptpdk_ucast_server_host *host,
						     uint64_t now_ns);
void ptpdk_ucast_server_destroy(struct ptpdk_ucast_server *s);

/** A Signaling message from @p src (NULL: unknown, not answered). */
void ptpdk_ucast_server_rx_signaling(struct ptpdk_ucast_server *s, const struct ptpdk_msg *m,
				     const struct ptpdk_addr *src, uint64_t now_ns);

/** Whether @p requester at @p src holds a Delay_Resp (or Pdelay_Resp) grant. */
bool ptpdk_ucast_server_owes(const struct ptpdk_ucast_server *s, const struct ptpdk_addr *src,
			     const struct ptpdk_port_identity *requester,
			     enum ptpdk_ucast_kind kind, uint64_t now_ns);

/**
 * Send the Announces and Syncs due (at most @p budget), when @p serving (the port is
 * MASTER); sweep expired grants. Lowers @p next to the next time worth a tick.
 * @return messages sent.
 */
unsigned ptpdk_ucast_server_tick(struct ptpdk_ucast_server *s, uint64_t now_ns, bool serving,
				 unsigned budget, uint64_t *next);

const struct ptpdk_ucast_server_counters *
ptpdk_ucast_server_counters(const struct ptpdk_ucast_server *s);
const struct ptpdk_ucast_grants *ptpdk_ucast_server_grants(const struct ptpdk_ucast_server *s);

#endif
