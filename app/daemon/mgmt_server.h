/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Management over Unix datagram sockets, as ptp4l offers it, so that Debian's own
 * `pmc -u -s PATH` works: one socket that answers GET and SET (uds_address), one that
 * answers GET only (uds_ro_address, for unprivileged readers). The main lcore serves
 * both between its other chores: GETs from the engine's published data sets, SETs
 * through the engine's command ring (engine_mgmt.h).
 */
#ifndef DAEMON_MGMT_SERVER_H
#define DAEMON_MGMT_SERVER_H

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/un.h>

#include "engine_mgmt.h"
#include "options.h"
#include "ptpdk_mgmt_responder.h"

struct layout;

struct mgmt_server_counters {
	uint64_t requests;    /**< datagrams received */
	uint64_t replies;     /**< replies sent */
	uint64_t malformed;   /**< not a decodable management message */
	uint64_t ignored;     /**< for another clock or port, or not a request */
	uint64_t send_errors; /**< a reply could not be sent (requester gone, unbound) */
	uint64_t sets;	      /**< SETs the engine applied */
	uint64_t sets_failed; /**< SETs the engine refused or did not take in time */
};

#define MGMT_SERVER_SOCKETS 2 /* read-write, read-only */

struct mgmt_server {
	int fd[MGMT_SERVER_SOCKETS];
	char path[MGMT_SERVER_SOCKETS][sizeof(((struct sockaddr_un *)0)->sun_path)];
	/* The daemon's part of the view: fixed at start. */
	char user_description[PTPDK_MGMT_TEXT_MAX];
	char product_description[PTPDK_MGMT_TEXT_MAX];
	char revision_data[PTPDK_MGMT_TEXT_MAX];
	uint8_t manufacturer_identity[3];
	struct mgmt_server_counters counters;
	/* Management from the network (mgmt_net.h): its counters are the engine's. */
	bool net_allow_set;	   /**< network_management_set */
	uint16_t net_replies_lost; /**< not queued to the engine since the last element */
};

/**
 * Read the keys and bind the sockets. A path another live process serves is left to
 * it (warned, that socket off); a stale file is replaced.
 * @return 0, or -1 with the reason printed (a bad key value)
 */
int mgmt_server_open(struct mgmt_server *s, const struct daemon_options *o);
void mgmt_server_close(struct mgmt_server *s);

/** The sockets to poll: fills up to MGMT_SERVER_SOCKETS entries. @return how many */
unsigned mgmt_server_pollfds(const struct mgmt_server *s, struct pollfd *pfd);

/** One line of the counters (at exit), when a socket was open. */
void mgmt_server_report(const struct mgmt_server *s, FILE *out);

/** Answer what is waiting on the sockets (bounded per call). */
void mgmt_server_serve(struct mgmt_server *s, struct layout *l);

/**
 * The view requests are answered from: the engine's published data sets and what
 * only the daemon knows (names, message counts, descriptions), into @p st.
 * @return 0, or -EAGAIN when the engine's state could not be read
 */
int mgmt_server_view(const struct mgmt_server *s, struct layout *l, struct engine_mgmt_state *st);

/**
 * A SET the responder validated (PTPDK_MGMT_APPLY): queue it on the engine's command
 * ring, wait for the engine to take it (up to 50 ms: pmc waits 100), and fill the
 * replies with the values read back, or a GENERAL_ERROR.
 * @param applied set to whether the engine applied it
 * @return the replies filled (at most @p max)
 */
unsigned mgmt_server_apply_set(const struct mgmt_server *s, struct layout *l,
			       const struct ptpdk_mgmt_policy *pol, const struct ptpdk_msg *req,
			       const struct ptpdk_mgmt_set *set, struct ptpdk_mgmt_reply *out,
			       unsigned max, bool *applied);

#endif
