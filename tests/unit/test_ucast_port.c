/* SPDX-License-Identifier: BSD-3-Clause */
/* A port's unicast client: the Signaling it sends (to whom, addressed to which port
 * identity, with which TLV), what it takes from a master and what it refuses. */
#include <errno.h>

#include "check.h"
#include "test_addr.h"
#include "ptpdk_bmca.h"
#include "ptpdk_ucast_port.h"

#define S 1000000000ull

struct sent {
	struct ptpdk_addr to;
	struct ptpdk_port_identity target;
	struct ptpdk_tlv tlv;
};

static struct sent sent[64];
static unsigned n_sent;
static int fail_sends;

static int fake_send(void *ctx, const struct ptpdk_addr *to,
		     const struct ptpdk_port_identity *target, const struct ptpdk_tlv *tlv)
{
	(void)ctx;
	if (fail_sends)
		return -ENOBUFS;
	if (n_sent < 64) {
		sent[n_sent].to = *to;
		sent[n_sent].target = *target;
		sent[n_sent].tlv = *tlv;
	}
	n_sent++;
	return 0;
}

static const struct ptpdk_port_identity self = { { 2, 0x1a, 0xb0, 0xff, 0xfe, 0, 0, 1 }, 1 };
static const struct ptpdk_port_identity gm = { { 2, 0x1a, 0xb0, 0xff, 0xfe, 0, 0, 0x11 }, 1 };

static struct ptpdk_msg signaling(const struct ptpdk_port_identity *target, uint16_t tlv_type,
				  uint8_t message_type, uint32_t duration)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_SIGNALING;
	m.header.source_port_identity = gm;
	m.body.targeted.target_port_identity = *target;
	m.tlv_count = 1;
	m.tlvs[0].type = tlv_type;
	m.tlvs[0].u.unicast.message_type = message_type;
	m.tlvs[0].u.unicast.log_inter_message_period = message_type == PTPDK_MSG_SYNC ? -4 : 1;
	m.tlvs[0].u.unicast.duration = duration;
	return m;
}

static bool is_wildcard(const struct ptpdk_port_identity *id)
{
	static const struct ptpdk_port_identity w = {
		{ 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 0xFFFF
	};
	return ptpdk_port_identity_cmp(id, &w) == 0;
}

static void test_client_port(void)
{
	struct ptpdk_ucast_port_config cfg = {
		.client = { .log_query_interval = 0,
			    .req_duration_s = 60,
			    .log_announce_period = 1,
			    .log_sync_period = -4,
			    .log_delay_period = 0 },
		.n_masters = 2,
	};
	struct ptpdk_ucast_port_host host = { .send_signaling = fake_send };
	const struct ptpdk_ucast_port_counters *n;
	struct ptpdk_ucast_port *u;
	struct ptpdk_addr m11 = test_udp4_addr(11), m12 = test_udp4_addr(12),
			  stranger = test_udp4_addr(99), got;
	struct ptpdk_msg m;
	uint64_t next = UINT64_MAX;

	cfg.masters[0] = m11;
	cfg.masters[1] = m12;
	CHECK(ptpdk_ucast_port_create(&cfg, &self, &(struct ptpdk_ucast_port_host){ 0 }, 0) ==
	      NULL);
	u = ptpdk_ucast_port_create(&cfg, &self, &host, 0);
	CHECK(u != NULL);
	if (!u)
		return;
	n = ptpdk_ucast_port_counters(u);
	/* Announce from both masters, addressed to the wildcard (no identity known yet). */
	ptpdk_ucast_port_tick(u, 0, &next);
	CHECK_EQ_INT(n_sent, 2);
	CHECK(memcmp(&sent[0].to, &m11, sizeof(m11)) == 0);
	CHECK(memcmp(&sent[1].to, &m12, sizeof(m12)) == 0);
	CHECK(is_wildcard(&sent[0].target));
	CHECK_EQ_INT(sent[0].tlv.type, PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(sent[0].tlv.u.unicast.message_type, PTPDK_MSG_ANNOUNCE);
	CHECK_EQ_INT(sent[0].tlv.u.unicast.duration, 60);
	CHECK_EQ_INT(next, 1 * S);
	CHECK(!ptpdk_ucast_port_parent_addr(u, &got));

	/* A GRANT for us from master .11 counts; not for us, or from a stranger, does not. */
	m = signaling(&self, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION, PTPDK_MSG_ANNOUNCE, 60);
	ptpdk_ucast_port_rx_signaling(u, &m, &m11, S / 2);
	CHECK(ptpdk_ucast_client_granted(ptpdk_ucast_port_client(u), 0, PTPDK_UCAST_ANNOUNCE, S));
	m = signaling(&gm, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION, PTPDK_MSG_ANNOUNCE, 60);
	ptpdk_ucast_port_rx_signaling(u, &m, &m12, S / 2);
	CHECK_EQ_INT(n->not_for_us, 1);
	m = signaling(&self, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION, PTPDK_MSG_ANNOUNCE, 60);
	ptpdk_ucast_port_rx_signaling(u, &m, &stranger, S / 2);
	ptpdk_ucast_port_rx_signaling(u, &m, NULL, S / 2);
	CHECK_EQ_INT(n->unknown_sender, 2);
	CHECK(!ptpdk_ucast_client_granted(ptpdk_ucast_port_client(u), 1, PTPDK_UCAST_ANNOUNCE, S));
	CHECK_EQ_INT(n->signaling_rx, 1);
	/* Our port number with the wildcard clock identity is for us too (13.12.1). */
	struct ptpdk_port_identity partial = { { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
					       1 };
	m = signaling(&partial, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION, PTPDK_MSG_ANNOUNCE, 0);
	ptpdk_ucast_port_rx_signaling(u, &m, &m12, S / 2);
	CHECK_EQ_INT(n->signaling_rx, 2);

	/* .11 announces as gm; the BMCA follows it: Sync and Delay_Resp asked of it, now
	 * addressed to its identity. */
	ptpdk_ucast_port_announce(u, &gm, &m11);
	ptpdk_ucast_port_select(u, &gm, 2 * S);
	CHECK(ptpdk_ucast_port_parent_addr(u, &got));
	CHECK(memcmp(&got, &m11, sizeof(got)) == 0);
	n_sent = 0;
	next = UINT64_MAX;
	ptpdk_ucast_port_tick(u, 2 * S, &next);
	CHECK_EQ_INT(n_sent, 3); /* .12's Announce retry, .11's Sync and Delay_Resp */
	unsigned to_gm = 0;
	for (unsigned i = 0; i < n_sent && i < 64; i++) {
		if (sent[i].tlv.u.unicast.message_type == PTPDK_MSG_ANNOUNCE)
			continue;
		CHECK(memcmp(&sent[i].to, &m11, sizeof(m11)) == 0);
		CHECK(ptpdk_port_identity_cmp(&sent[i].target, &gm) == 0);
		to_gm++;
	}
	CHECK_EQ_INT(to_gm, 2);

	/* The master cancels Sync: acknowledged at once. */
	n_sent = 0;
	m = signaling(&self, PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION, PTPDK_MSG_SYNC, 0);
	ptpdk_ucast_port_rx_signaling(u, &m, &m11, 3 * S);
	CHECK_EQ_INT(n_sent, 1);
	CHECK_EQ_INT(sent[0].tlv.type, PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(sent[0].tlv.u.unicast.message_type, PTPDK_MSG_SYNC);
	/* REQUESTs to a client are not ours to answer: counted. */
	m = signaling(&self, PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, PTPDK_MSG_SYNC, 60);
	ptpdk_ucast_port_rx_signaling(u, &m, &m11, 3 * S);
	CHECK_EQ_INT(n->tlvs_ignored, 1);

	/* Nothing followed: the Delay_Resp still asked for is cancelled. */
	ptpdk_ucast_port_select(u, NULL, 4 * S);
	CHECK(!ptpdk_ucast_port_parent_addr(u, &got));
	n_sent = 0;
	next = UINT64_MAX;
	ptpdk_ucast_port_tick(u, 4 * S, &next);
	unsigned cancels = 0;
	for (unsigned i = 0; i < n_sent && i < 64; i++)
		if (sent[i].tlv.type == PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION) {
			CHECK_EQ_INT(sent[i].tlv.u.unicast.message_type, PTPDK_MSG_DELAY_RESP);
			cancels++;
		}
	CHECK_EQ_INT(cancels, 1);

	/* A send that fails is counted. */
	fail_sends = 1;
	ptpdk_ucast_port_tick(u, 10 * S, &next);
	CHECK(n->signaling_failed > 0);
	fail_sends = 0;
	ptpdk_ucast_port_destroy(u);
}

int main(void)
{
	check_seed("test_ucast_port");
	test_client_port();
	return check_report("test_ucast_port");
}
