/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Address resolution on the engine lcore: each port that sends unicast to addresses
 * it must resolve (a unicast master table) keeps a neighbour cache (ptpdk_neigh.h),
 * answers ARP requests and IPv6 neighbour solicitations for its own addresses, learns
 * from what it hears (RFC 826's merge: a request or reply that names us, or answers
 * us), and sends the requests the cache asks for. A unicast message to an address
 * whose MAC is not known yet is not sent (counted); the protocol's own retries (the
 * negotiation's query interval) send it again once the answer came.
 *
 * On a VLAN: answers go out with the tag of the request they answer; the requests we
 * send carry the tag the network last spoke to us with (a request for our address,
 * or a master's Announce: engine_resolve_set_vlan()), untagged until then.
 *
 * The frames go out through a callback, so this file needs no DPDK.
 */
#ifndef DAEMON_ENGINE_RESOLVE_H
#define DAEMON_ENGINE_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_arp.h"
#include "ptpdk_limits.h"
#include "ptpdk_neigh.h"

struct engine_resolve_counters {
	uint64_t rx;				       /**< resolution frames handled */
	uint64_t refused[PTPDK_RESOLVE_REFUSAL_COUNT]; /**< by reason (ptpdk_arp.h) */
	uint64_t answered;	/**< ARP replies and NAs sent for our addresses */
	uint64_t requests_sent; /**< ARP requests and NSs sent */
	uint64_t unresolved;	/**< unicast messages not sent: MAC not known yet */
	uint64_t send_failed;	/**< frames the TX ring refused */
};

struct engine_resolve_port {
	bool enabled;
	uint8_t mac[6];
	bool has_ip4;
	uint8_t ip4[4];
	bool has_ip6;
	uint8_t ip6[16];
	struct ptpdk_resolve_vlan vlan; /**< the tag our requests carry */
	struct ptpdk_neigh cache;
};

/** Send one whole frame on @p port (no stamp). @return 0 or a negative errno. */
typedef int (*engine_resolve_send_fn)(void *ctx, unsigned port, const uint8_t *frame, size_t len);

struct engine_resolve {
	struct engine_resolve_port ports[PTPDK_MAX_PORTS];
	unsigned n_ports;
	engine_resolve_send_fn send;
	void *ctx;
	struct engine_resolve_counters counters;
};

/** No port enabled yet. */
void engine_resolve_init(struct engine_resolve *r, unsigned n_ports, engine_resolve_send_fn send,
			 void *ctx);

/** Port @p port resolves, with our addresses (an address NULL: none of that family). */
void engine_resolve_enable(struct engine_resolve *r, unsigned port, const uint8_t mac[6],
			   const uint8_t *ip4, const uint8_t *ip6);

/** The VLAN port @p port's masters speak on (their Announce's tag), for our requests. */
void engine_resolve_set_vlan(struct engine_resolve *r, unsigned port, bool has_vlan,
			     uint16_t vlan_tci);

/** A resolution frame received on @p port (PTPDK_RX_F_RESOLVE). */
void engine_resolve_rx(struct engine_resolve *r, unsigned port, const uint8_t *frame, size_t len,
		       uint64_t now_ns);

/**
 * Complete a unicast destination of @p port whose MAC is unknown (all zero): from the
 * cache. @return 0 (filled, or nothing to do), -EAGAIN / -EHOSTUNREACH (not sent:
 * counted as unresolved; the cache asks).
 */
int engine_resolve_dest(struct engine_resolve *r, unsigned port, struct ptpdk_dest *dst,
			uint64_t now_ns);

/** Send the requests due; @return how many. */
unsigned engine_resolve_tick(struct engine_resolve *r, uint64_t now_ns);

#endif
