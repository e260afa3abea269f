/* SPDX-License-Identifier: BSD-3-Clause */
/* The engine's address resolution: answers for our addresses, asks for the masters',
 * completes unicast destinations once answered, ignores what is not for it. */
#include <errno.h>

#include "check.h"
#include "engine_resolve.h"

#define S 1000000000ull

static uint8_t sent[8][PTPDK_ARP_FRAME_MAX];
static size_t sent_len[8];
static unsigned n_sent;

static int fake_send(void *ctx, unsigned port, const uint8_t *frame, size_t len)
{
	(void)ctx;
	(void)port;
	if (n_sent < 8) {
		memcpy(sent[n_sent], frame, len);
		sent_len[n_sent] = len;
	}
	n_sent++;
	return 0;
}

static const uint8_t our_mac[6] = { 2, 0x1a, 0xb0, 0, 0, 1 };
static const uint8_t gm_mac[6] = { 2, 0x1a, 0xb0, 0, 0, 0x11 };
static const uint8_t our_ip4[4] = { 198, 18, 0, 2 };
static const uint8_t gm_ip4[4] = { 198, 18, 0, 11 };
static const uint8_t other_ip4[4] = { 198, 18, 0, 12 };
static const uint8_t our_ip6[16] = { 0x20, 0x01, 0, 2, [15] = 2 };
static const uint8_t gm_ip6[16] = { 0x20, 0x01, 0, 2, [15] = 0x11 };

static struct ptpdk_dest dest4(const uint8_t ip[4])
{
	struct ptpdk_dest d;

	memset(&d, 0, sizeof(d));
	d.kind = PTPDK_DEST_UNICAST;
	d.addr.transport = PTPDK_TRANSPORT_UDP4;
	memcpy(d.addr.ip, ip, 4);
	return d;
}

int main(void)
{
	static struct engine_resolve r;
	struct ptpdk_resolve_msg m;
	struct ptpdk_dest d;
	uint8_t f[PTPDK_ARP_FRAME_MAX];
	int n;

	check_seed("test_engine_resolve");
	engine_resolve_init(&r, 2, fake_send, NULL);
	engine_resolve_enable(&r, 0, our_mac, our_ip4, our_ip6);

	/* The master's kernel asks for our MAC: answered, and the master learnt. */
	n = ptpdk_arp_build_request(f, sizeof(f), gm_mac, gm_ip4, our_ip4, NULL, NULL);
	engine_resolve_rx(&r, 0, f, (size_t)n, S);
	CHECK_EQ_INT(n_sent, 1);
	CHECK_EQ_INT(ptpdk_resolve_parse(sent[0], sent_len[0], &m), 0);
	CHECK_EQ_INT(m.kind, PTPDK_ARP_REPLY);
	CHECK(memcmp(m.sender_mac, our_mac, 6) == 0);
	CHECK(memcmp(m.target_ip, gm_ip4, 4) == 0);
	CHECK(memcmp(sent[0], gm_mac, 6) == 0);
	CHECK_EQ_INT(r.counters.answered, 1);
	d = dest4(gm_ip4);
	CHECK_EQ_INT(engine_resolve_dest(&r, 0, &d, S), 0);
	CHECK(memcmp(d.addr.mac, gm_mac, 6) == 0);

	/* A request for someone else's address: no answer, nothing learnt. */
	n_sent = 0;
	n = ptpdk_arp_build_request(f, sizeof(f), gm_mac, other_ip4, gm_ip4, NULL, NULL);
	engine_resolve_rx(&r, 0, f, (size_t)n, S);
	CHECK_EQ_INT(n_sent, 0);
	d = dest4(other_ip4);
	CHECK_EQ_INT(engine_resolve_dest(&r, 0, &d, S), -EAGAIN);
	CHECK_EQ_INT(r.counters.unresolved, 1);
	/* ...so we ask, and take the answer. */
	CHECK_EQ_INT(engine_resolve_tick(&r, S), 1);
	CHECK_EQ_INT(ptpdk_resolve_parse(sent[0], sent_len[0], &m), 0);
	CHECK_EQ_INT(m.kind, PTPDK_ARP_REQUEST);
	CHECK(memcmp(m.target_ip, other_ip4, 4) == 0);
	CHECK(memcmp(m.sender_ip, our_ip4, 4) == 0);
	n = ptpdk_arp_build_reply(f, sizeof(f), gm_mac, other_ip4, our_mac, our_ip4, NULL);
	engine_resolve_rx(&r, 0, f, (size_t)n, S + 1000);
	d = dest4(other_ip4);
	CHECK_EQ_INT(engine_resolve_dest(&r, 0, &d, S + 2000), 0);
	CHECK(memcmp(d.addr.mac, gm_mac, 6) == 0);

	/* IPv6: a solicitation for our address gets a solicited advertisement. */
	n_sent = 0;
	n = ptpdk_ndp_build_solicit(f, sizeof(f), gm_mac, gm_ip6, our_ip6, NULL, NULL);
	engine_resolve_rx(&r, 0, f, (size_t)n, 2 * S);
	CHECK_EQ_INT(n_sent, 1);
	CHECK_EQ_INT(ptpdk_resolve_parse(sent[0], sent_len[0], &m), 0);
	CHECK_EQ_INT(m.kind, PTPDK_NDP_ADVERT);
	CHECK(m.solicited);
	CHECK(memcmp(m.target_ip, our_ip6, 16) == 0);

	/* Refused frames are counted; a port not enabled ignores everything; a
	 * destination with a MAC, or a multicast one, is left alone. */
	f[14 + 7] = 1; /* hop limit of the solicitation above */
	engine_resolve_rx(&r, 0, f, (size_t)n, 2 * S);
	CHECK_EQ_INT(r.counters.refused[PTPDK_RESOLVE_BAD_HOPS], 1);
	n_sent = 0;
	n = ptpdk_arp_build_request(f, sizeof(f), gm_mac, gm_ip4, our_ip4, NULL, NULL);
	engine_resolve_rx(&r, 1, f, (size_t)n, 3 * S);
	CHECK_EQ_INT(n_sent, 0);
	d = dest4(other_ip4);
	CHECK_EQ_INT(engine_resolve_dest(&r, 1, &d, 3 * S), 0);
	d.addr.mac[0] = 0x7e;
	CHECK_EQ_INT(engine_resolve_dest(&r, 0, &d, 3 * S), 0);
	CHECK_EQ_INT(d.addr.mac[0], 0x7e);
	d = ptpdk_dest_group(false);
	CHECK_EQ_INT(engine_resolve_dest(&r, 0, &d, 3 * S), 0);

	/* On a VLAN: a request for our address arrives tagged; the answer and, from then
	 * on, our own requests carry its tag. A master's Announce sets it too. */
	{
		static const uint8_t far_ip4[4] = { 198, 18, 0, 77 };
		struct ptpdk_resolve_vlan v = { .has_vlan = true, .tci = 0x2064 };

		n_sent = 0;
		n = ptpdk_arp_build_request(f, sizeof(f), gm_mac, gm_ip4, our_ip4, NULL, &v);
		engine_resolve_rx(&r, 0, f, (size_t)n, 4 * S);
		CHECK_EQ_INT(n_sent, 1);
		CHECK_EQ_INT(ptpdk_resolve_parse(sent[0], sent_len[0], &m), 0);
		CHECK(m.has_vlan);
		CHECK_EQ_INT(m.vlan_tci, 0x2064);
		d = dest4(far_ip4);
		CHECK_EQ_INT(engine_resolve_dest(&r, 0, &d, 4 * S), -EAGAIN);
		n_sent = 0;
		CHECK_EQ_INT(engine_resolve_tick(&r, 4 * S), 1);
		CHECK_EQ_INT(ptpdk_resolve_parse(sent[0], sent_len[0], &m), 0);
		CHECK_EQ_INT(m.kind, PTPDK_ARP_REQUEST);
		CHECK(m.has_vlan);
		CHECK_EQ_INT(m.vlan_tci, 0x2064);
		engine_resolve_set_vlan(&r, 0, false, 0);
		n_sent = 0;
		/* The cache asks again after its retry interval. */
		for (unsigned i = 1; i <= 10 && n_sent == 0; i++)
			engine_resolve_tick(&r, 4 * S + i * S);
		CHECK(n_sent >= 1);
		CHECK_EQ_INT(ptpdk_resolve_parse(sent[0], sent_len[0], &m), 0);
		CHECK(!m.has_vlan);
		engine_resolve_set_vlan(&r, 9, true, 1); /* no such port: ignored */
	}
	return check_report("test_engine_resolve");
}
