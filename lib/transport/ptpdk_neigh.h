/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A port's neighbour cache: the MAC address of each IP address the port sends
 * unicast to (ARP, RFC 826, for IPv4; neighbour discovery, RFC 4861, for IPv6).
 *
 * Looking up an address that is not known starts its resolution: the caller sends
 * what ptpdk_neigh_poll() asks for, a request now and again every retry interval, up
 * to max_tries; an address that never answers is FAILED for fail_hold, so that a
 * dead master is not asked in a tight loop, then forgotten. An answer (or any frame
 * the caller trusts to name the address's MAC) makes an entry REACHABLE for
 * reachable_time; after that it is STALE: still used, and asked again in the
 * background, as RFC 4861 7.3.3 does. A unicast probe gets the same tries.
 *
 * Bounded: PTPDK_NEIGH_MAX entries per cache; a new address takes a free entry, else
 * the least recently used one (counted as evicted).
 *
 * Pure: times are monotonic nanoseconds from the caller.
 */
#ifndef PTPDK_NEIGH_H
#define PTPDK_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

#define PTPDK_NEIGH_MAX 256

enum ptpdk_neigh_state {
	PTPDK_NEIGH_FREE = 0,
	PTPDK_NEIGH_INCOMPLETE, /**< asked, no answer yet: not usable */
	PTPDK_NEIGH_REACHABLE,	/**< answered within reachable_time */
	PTPDK_NEIGH_STALE,	/**< answered before: used while asked again */
	PTPDK_NEIGH_FAILED,	/**< never answered: not usable until fail_hold ends */
};

struct ptpdk_neigh_config {
	uint64_t retry_ns;     /**< between two requests (RFC 4861 RetransTimer: 1 s) */
	unsigned max_tries;    /**< requests before FAILED (MAX_MULTICAST_SOLICIT: 3) */
	uint64_t reachable_ns; /**< REACHABLE lasts (ReachableTime: 30 s) */
	uint64_t fail_hold_ns; /**< FAILED lasts before the address is forgotten */
};

struct ptpdk_neigh_entry {
	uint8_t ip[16]; /**< IPv4 in the first 4 octets */
	uint8_t ip_len; /**< 4 or 16 */
	uint8_t state;	/**< enum ptpdk_neigh_state */
	uint8_t tries;	/**< requests sent in this round */
	uint8_t mac[6];
	uint64_t until_ns; /**< REACHABLE: end; INCOMPLETE/STALE: next request; FAILED: end */
	uint64_t used_ns;  /**< last lookup or learning: the LRU order */
};

struct ptpdk_neigh_counters {
	uint64_t lookups;
	uint64_t misses;   /**< lookups that found no usable MAC */
	uint64_t requests; /**< requests ptpdk_neigh_poll() asked for */
	uint64_t learnt;   /**< answers that set or changed a MAC */
	uint64_t failed;   /**< addresses that never answered */
	uint64_t evicted;  /**< entries taken for a new address */
};

struct ptpdk_neigh {
	struct ptpdk_neigh_config cfg;
	struct ptpdk_neigh_entry e[PTPDK_NEIGH_MAX];
	struct ptpdk_neigh_counters counters;
};

/** The defaults in the comments of struct ptpdk_neigh_config; fail_hold 10 s. */
void ptpdk_neigh_config_default(struct ptpdk_neigh_config *cfg);

/** An empty cache. @return 0, or -EINVAL for max_tries 0 or a zero retry interval. */
int ptpdk_neigh_init(struct ptpdk_neigh *n, const struct ptpdk_neigh_config *cfg);

/**
 * The MAC of @p ip (@p ip_len 4 or 16) into @p mac.
 * @return 0 when known (REACHABLE or STALE); -EAGAIN while it is being resolved (the
 * first lookup starts it); -EHOSTUNREACH when it failed; -EINVAL for a bad length.
 */
int ptpdk_neigh_lookup(struct ptpdk_neigh *n, const uint8_t *ip, unsigned ip_len, uint64_t now_ns,
		       uint8_t mac[6]);

/**
 * @p ip is at @p mac (an ARP reply or request, a neighbour advertisement or
 * solicitation). With @p create, an unknown address gets an entry (a reply to us, a
 * request addressed to us: RFC 826's merge); without, only known ones are updated.
 */
void ptpdk_neigh_learn(struct ptpdk_neigh *n, const uint8_t *ip, unsigned ip_len,
		       const uint8_t mac[6], bool create, uint64_t now_ns);

/** A request to send: @p ip of @p ip_len (and the known MAC, for a unicast probe). */
struct ptpdk_neigh_request {
	uint8_t ip[16];
	uint8_t ip_len;
	bool unicast;	/**< STALE: ask the known MAC directly */
	uint8_t mac[6]; /**< when unicast */
};

/** The next request due at @p now_ns. @return true and fills @p out; false when none. */
bool ptpdk_neigh_poll(struct ptpdk_neigh *n, uint64_t now_ns, struct ptpdk_neigh_request *out);

/** When something next falls due (a request, an expiry); UINT64_MAX when never. */
uint64_t ptpdk_neigh_next_due(const struct ptpdk_neigh *n);

#endif
