/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine_netmgmt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#include <rte_lcore.h>
#include <rte_ring.h>

#include "engine.h"
#include "ptpdk_wire.h"

static int create_framers(struct engine *e)
{
	struct engine_netmgmt *nm = &e->netmgmt;

	for (unsigned p = 0; p < e->conf.n_ports; p++)
		for (unsigned t = 0; t <= PTPDK_TRANSPORT_UDP6; t++) {
			nm->framers[p][t] = engine_framer_create(e, p, (enum ptpdk_transport)t);
			if (!nm->framers[p][t])
				return -errno;
		}
	return 0;
}

static void destroy_framers(struct engine_netmgmt *nm)
{
	for (unsigned p = PTPDK_MAX_PORTS; p-- > 0;)
		for (unsigned t = PTPDK_TRANSPORT_UDP6 + 1; t-- > 0;) {
			ptpdk_transport_port_destroy(nm->framers[p][t]);
			nm->framers[p][t] = NULL;
		}
}

/* rte_ring_create_elem() takes element sizes in multiples of 4 octets only. */
_Static_assert(sizeof(struct ptpdk_mgmt_net_request) % 4 == 0, "request element size");
_Static_assert(sizeof(struct ptpdk_mgmt_net_reply) % 4 == 0, "reply element size");

int engine_netmgmt_init(struct engine *e)
{
	struct engine_netmgmt *nm = &e->netmgmt;
	int rc;

	memset(nm, 0, sizeof(*nm));
	nm->enabled = e->conf.network_management;
	nm->domain = e->conf.ptp.domain_number;
	nm->requests = rte_ring_create_elem(
		"ptpdk_netmgmt_rq", sizeof(struct ptpdk_mgmt_net_request), ENGINE_NETMGMT_REQUESTS,
		(int)rte_socket_id(), RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!nm->requests) {
		fprintf(stderr, "ptpdk: network management: request ring: %s\n",
			rte_strerror(rte_errno));
		return -ENOMEM;
	}
	nm->replies = rte_ring_create_elem("ptpdk_netmgmt_rp", sizeof(struct ptpdk_mgmt_net_reply),
					   ENGINE_NETMGMT_REPLIES, (int)rte_socket_id(),
					   RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!nm->replies) {
		fprintf(stderr, "ptpdk: network management: reply ring: %s\n",
			rte_strerror(rte_errno));
		rc = -ENOMEM;
		goto err_requests;
	}
	rc = create_framers(e);
	if (rc) {
		fprintf(stderr, "ptpdk: network management: framer: %s\n", strerror(-rc));
		goto err_framers;
	}
	return 0;

err_framers:
	destroy_framers(nm);
	rte_ring_free(nm->replies);
	nm->replies = NULL;
err_requests:
	rte_ring_free(nm->requests);
	nm->requests = NULL;
	return rc;
}

void engine_netmgmt_fini(struct engine_netmgmt *nm)
{
	destroy_framers(nm);
	rte_ring_free(nm->replies);
	rte_ring_free(nm->requests);
	nm->replies = nm->requests = NULL;
}

bool engine_netmgmt_take(struct engine *e, const struct ptpdk_rx_meta *meta, const uint8_t *payload)
{
	struct engine_netmgmt *nm = &e->netmgmt;
	struct ptpdk_mgmt_net_counters *c = &e->status.netmgmt;
	struct ptpdk_mgmt_net_request r;

	c->received++;
	if (!nm->enabled) {
		c->disabled++;
		return false;
	}
	/* 1588-2008 15.3.1: management is per domain; another domain's is not ours. */
	if (meta->domain_number != nm->domain) {
		c->wrong_domain++;
		return false;
	}
	if (ptpdk_mgmt_net_request_make(&r, meta->port, &meta->src,
					(meta->flags & PTPDK_RX_F_MULTICAST) != 0, payload,
					meta->payload_len) != 0) {
		c->oversized++;
		return true;
	}
	if (rte_ring_enqueue_elem(nm->requests, &r, sizeof(r)) != 0) {
		c->request_ring_full++;
		return true;
	}
	c->requests++;
	return true;
}

/* A general message to @p r->dst, without a TX stamp: the engine's op_send does the
 * same for the protocol's messages, from a decoded message instead of octets. */
static int queue_reply(struct engine *e, const struct ptpdk_mgmt_net_reply *r)
{
	struct ptpdk_transport_port *tp = e->netmgmt.framers[r->port][r->transport];
	struct ptpdk_tx_request req;
	int n;

	ptpdk_transport_port_set_vlan(tp, r->has_vlan, r->vlan_tci);
	n = ptpdk_transport_build(tp, &r->dst, false, r->msg, r->len, req.frame, sizeof(req.frame));
	if (n < 0)
		return n;
	req.frame_len = (uint16_t)n;
	req.cookie = e->next_cookie++;
	req.port = e->conf.ports[r->port]->index;
	req.flags = 0;
	req.message_type = PTPDK_MSG_MANAGEMENT;
	req.sequence_id = r->len >= 32 ? wire_get_u16(r->msg + 30) : 0; /* 1588 Table 18 */
	return rte_ring_enqueue_elem(e->conf.txqs[r->port]->requests, &req, sizeof(req)) == 0
		       ? 0
		       : -ENOBUFS;
}

unsigned engine_netmgmt_send(struct engine *e)
{
	struct ptpdk_mgmt_net_counters *c = &e->status.netmgmt;
	struct ptpdk_mgmt_net_reply r;
	unsigned n = 0;

	/* A few per step: replies are not urgent, Sync handling is. */
	for (; n < ENGINE_BURST && rte_ring_dequeue_elem(e->netmgmt.replies, &r, sizeof(r)) == 0;
	     n++) {
		if (ptpdk_mgmt_net_reply_check(&r, e->conf.n_ports) != 0) {
			c->bad_elements++;
			continue;
		}
		ptpdk_mgmt_net_count_outcome(c, &r);
		if (r.len == 0)
			continue;
		if (queue_reply(e, &r) == 0)
			c->replies_sent++;
		else
			c->reply_failed++;
	}
	return n;
}

int engine_netmgmt_next(struct engine_netmgmt *nm, struct ptpdk_mgmt_net_request *out)
{
	return rte_ring_dequeue_elem(nm->requests, out, sizeof(*out)) == 0 ? 0 : -ENOENT;
}

int engine_netmgmt_reply(struct engine_netmgmt *nm, struct ptpdk_mgmt_net_reply *r)
{
	return rte_ring_enqueue_elem(nm->replies, r, sizeof(*r)) == 0 ? 0 : -ENOBUFS;
}
