/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IEEE 1588 management from the network (ptpdk_mgmt_net.h), the rings between the
 * lcores: the engine puts the Management messages of its domain on `requests`
 * instead of handing them to its ports, and sends what the main lcore puts on
 * `replies` out of the ingress port. The engine only copies and frames (style rule
 * 4): it never runs the responder, never waits for the main lcore, and drops and
 * counts when a ring is full. The main lcore's side is mgmt_net.c.
 */
#ifndef DAEMON_ENGINE_NETMGMT_H
#define DAEMON_ENGINE_NETMGMT_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_event.h"
#include "ptpdk_limits.h"
#include "ptpdk_mgmt_net.h"
#include "ptpdk_transport.h"

struct engine;
struct rte_ring;

/* Requests come from people typing pmc commands, a few at a time; a reply ring
 * holds the replies of several requests to every port (PTPDK_MAX_PORTS each). */
#define ENGINE_NETMGMT_REQUESTS 32
#define ENGINE_NETMGMT_REPLIES	128

struct engine_netmgmt {
	bool enabled;		   /**< network_management: answer from the network */
	uint8_t domain;		   /**< the clock's domainNumber: the only one answered */
	struct rte_ring *requests; /**< engine → main lcore, struct ptpdk_mgmt_net_request */
	struct rte_ring *replies;  /**< main lcore → engine, struct ptpdk_mgmt_net_reply */
	/**
	 * Per port, one framer per transport: a reply goes back in its request's
	 * transport, which need not be the one the port's PTP messages use. The
	 * engine's own instances stay untouched (their VLAN follows the masters).
	 */
	struct ptpdk_transport_port *framers[PTPDK_MAX_PORTS][PTPDK_TRANSPORT_UDP6 + 1];
};

/**
 * Engine init, after its transports: rings and framers from @p e's conf
 * (network_management, domainNumber, the ports' addresses).
 * @return 0, -ENOMEM, or the negative errno of a framer's creation
 */
int engine_netmgmt_init(struct engine *e);
void engine_netmgmt_fini(struct engine_netmgmt *nm);

/**
 * Engine lcore: a Management message arrived (meta->message_type is Management).
 * @return true when network management took it (queued, or dropped and counted);
 *	   false when it is not ours to answer (network_management 0, another domain)
 *	   and the port should see it as before
 */
bool engine_netmgmt_take(struct engine *e, const struct ptpdk_rx_meta *meta,
			 const uint8_t *payload);

/** Engine lcore: frame and queue the replies the main lcore left. @return how many elements */
unsigned engine_netmgmt_send(struct engine *e);

/** Main lcore: the next request. @return 0, or -ENOENT when there is none */
int engine_netmgmt_next(struct engine_netmgmt *nm, struct ptpdk_mgmt_net_request *out);

/**
 * Main lcore: queue a reply element (copied; not const only because DPDK's enqueue
 * takes a plain pointer). @return 0, or -ENOBUFS when the ring is full
 */
int engine_netmgmt_reply(struct engine_netmgmt *nm, struct ptpdk_mgmt_net_reply *r);

#endif
