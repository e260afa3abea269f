/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Management from the network, the main lcore's side: the requests the engine took
 * off its ports (engine_netmgmt.h) answered by the same responder as the Unix
 * sockets (GET from the published view, SET through the engine's command ring when
 * network_management_set allows it), each reply encoded and handed back to the
 * engine with its destination (ptpdk_mgmt_net.h says which) and what became of the
 * request, for the engine to count and send out of the ingress port.
 */
#ifndef DAEMON_MGMT_NET_H
#define DAEMON_MGMT_NET_H

#include "mgmt_server.h"

struct layout;

/** Answer the requests waiting on the engine's ring (bounded per call). @return how many */
unsigned mgmt_net_serve(struct mgmt_server *s, struct layout *l);

#endif
