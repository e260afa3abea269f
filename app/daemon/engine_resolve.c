/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine_resolve.h"

#include <errno.h>
#include <string.h>

#include "ptpdk_frame.h"

void engine_resolve_init(struct engine_resolve *r, unsigned n_ports, engine_resolve_send_fn send,
			 void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->n_ports = n_ports < PTPDK_MAX_PORTS ? n_ports : PTPDK_MAX_PORTS;
	r->send = send;
	r->ctx = ctx;
}

void engine_resolve_enable(struct engine_resolve *r, unsigned port, const uint8_t mac[6],
			   const uint8_t *ip4, const uint8_t *ip6)
{
	struct engine_resolve_port *p;
	struct ptpdk_neigh_config cfg;

	if (port >= r->n_ports)
		return;
	p = &r->ports[port];
	memset(p, 0, sizeof(*p));
	p->enabled = true;
	memcpy(p->mac, mac, 6);
	p->has_ip4 = ip4 != NULL;
	if (ip4)
		memcpy(p->ip4, ip4, 4);
	p->has_ip6 = ip6 != NULL;
	if (ip6)
		memcpy(p->ip6, ip6, 16);
	ptpdk_neigh_config_default(&cfg);
	ptpdk_neigh_init(&p->cache, &cfg);
}

static void send_frame(struct engine_resolve *r, unsigned port, const uint8_t *frame, int len)
{
	if (len <= 0 || r->send(r->ctx, port, frame, (size_t)len) != 0)
		r->counters.send_failed++;
}

/* Is @p ip (of @p len) one of the port's own addresses? */
static bool ours(const struct engine_resolve_port *p, const uint8_t *ip, unsigned len)
{
	return (len == 4 && p->has_ip4 && memcmp(ip, p->ip4, 4) == 0) ||
	       (len == 16 && p->has_ip6 && memcmp(ip, p->ip6, 16) == 0);
}

static bool unspecified(const uint8_t *ip, unsigned len)
{
	static const uint8_t zero[16];

	return memcmp(ip, zero, len) == 0;
}

void engine_resolve_rx(struct engine_resolve *r, unsigned port, const uint8_t *frame, size_t len,
		       uint64_t now_ns)
{
	struct ptpdk_resolve_vlan vlan = { 0 };
	struct engine_resolve_port *p;
	struct ptpdk_resolve_msg m;
	uint8_t out[PTPDK_ARP_FRAME_MAX];
	bool for_us;
	int rc;

	if (port >= r->n_ports || !r->ports[port].enabled)
		return;
	p = &r->ports[port];
	r->counters.rx++;
	rc = ptpdk_resolve_parse(frame, len, &m);
	if (rc != 0) {
		r->counters.refused[rc < PTPDK_RESOLVE_REFUSAL_COUNT ? rc : 0]++;
		return;
	}
	for_us = ours(p, m.target_ip, m.ip_len);
	/* Learn the sender: always when it talks to us (a request for our address, an
	 * answer), else only to refresh what we already use (RFC 826). */
	if (m.has_sender_mac && !unspecified(m.sender_ip, m.ip_len) &&
	    !ours(p, m.sender_ip, m.ip_len))
		ptpdk_neigh_learn(&p->cache, m.sender_ip, m.ip_len, m.sender_mac,
				  for_us || m.kind == PTPDK_ARP_REPLY || m.kind == PTPDK_NDP_ADVERT,
				  now_ns);
	/* An advertisement names its target as the sender. */
	if (m.kind == PTPDK_NDP_ADVERT && m.has_sender_mac && !for_us)
		ptpdk_neigh_learn(&p->cache, m.target_ip, 16, m.sender_mac, false, now_ns);
	if (!for_us)
		return;
	vlan.has_vlan = m.has_vlan;
	vlan.tci = m.vlan_tci;
	/* Asked for our address on this VLAN: the network reaches us there. */
	if (m.kind == PTPDK_ARP_REQUEST || m.kind == PTPDK_NDP_SOLICIT)
		p->vlan = vlan;
	if (m.kind == PTPDK_ARP_REQUEST) {
		send_frame(r, port, out,
			   ptpdk_arp_build_reply(out, sizeof(out), p->mac, p->ip4, m.sender_mac,
						 m.sender_ip, &vlan));
		r->counters.answered++;
	} else if (m.kind == PTPDK_NDP_SOLICIT && m.has_sender_mac &&
		   !unspecified(m.sender_ip, 16)) {
		/* A solicitation without a source address is duplicate address detection:
		 * not answered here (we do not defend addresses). */
		send_frame(r, port, out,
			   ptpdk_ndp_build_advert(out, sizeof(out), p->mac, p->ip6, m.sender_mac,
						  m.sender_ip, &vlan));
		r->counters.answered++;
	}
}

int engine_resolve_dest(struct engine_resolve *r, unsigned port, struct ptpdk_dest *dst,
			uint64_t now_ns)
{
	static const uint8_t zero[6];
	unsigned len;
	int rc;

	if (dst->kind != PTPDK_DEST_UNICAST || memcmp(dst->addr.mac, zero, 6) != 0 ||
	    dst->addr.transport == PTPDK_TRANSPORT_L2 || port >= r->n_ports ||
	    !r->ports[port].enabled)
		return 0;
	len = dst->addr.transport == PTPDK_TRANSPORT_UDP6 ? 16 : 4;
	rc = ptpdk_neigh_lookup(&r->ports[port].cache, dst->addr.ip, len, now_ns, dst->addr.mac);
	if (rc != 0)
		r->counters.unresolved++;
	return rc;
}

void engine_resolve_set_vlan(struct engine_resolve *r, unsigned port, bool has_vlan,
			     uint16_t vlan_tci)
{
	if (port >= r->n_ports)
		return;
	r->ports[port].vlan.has_vlan = has_vlan;
	r->ports[port].vlan.tci = has_vlan ? vlan_tci : 0;
}

unsigned engine_resolve_tick(struct engine_resolve *r, uint64_t now_ns)
{
	uint8_t out[PTPDK_ARP_FRAME_MAX];
	unsigned sent = 0;

	for (unsigned i = 0; i < r->n_ports; i++) {
		struct engine_resolve_port *p = &r->ports[i];
		struct ptpdk_neigh_request q;

		if (!p->enabled)
			continue;
		while (ptpdk_neigh_poll(&p->cache, now_ns, &q)) {
			const uint8_t *probe = q.unicast ? q.mac : NULL;
			int n = -EINVAL;

			if (q.ip_len == 4 && p->has_ip4)
				n = ptpdk_arp_build_request(out, sizeof(out), p->mac, p->ip4, q.ip,
							    probe, &p->vlan);
			else if (q.ip_len == 16 && p->has_ip6)
				n = ptpdk_ndp_build_solicit(out, sizeof(out), p->mac, p->ip6, q.ip,
							    probe, &p->vlan);
			send_frame(r, i, out, n);
			r->counters.requests_sent++;
			sent++;
		}
	}
	return sent;
}
