/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Management from the network, the engine's side (app/daemon/engine_netmgmt.c) on
 * real DPDK rings: what the engine takes off a port and what it leaves to the port,
 * drops counted when a ring is full or a message too long, reply elements checked,
 * and the frames it queues for TX parsed back: the request's transport, the primary
 * group or the requester, the general port 320, the request's VLAN tag.
 */
#include <errno.h>
#include <string.h>

#include <rte_ring.h>

#include "check.h"
#include "dp_test.h"
#include "engine.h"
#include "ptpdk_frame.h"

static struct engine E;
static struct ptpdk_port port0;
static struct ptpdk_txq txq0;

static const uint8_t our_mac[6] = { 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x01 };
static const uint8_t pmc_mac[6] = { 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x13 };

static int setup(void)
{
	memset(&E, 0, sizeof(E));
	port0.index = 0;
	memcpy(port0.filter.mac, our_mac, 6);
	port0.filter.has_ipv4 = true;
	memcpy(port0.filter.ipv4, "\xc6\x12\x00\x02", 4);
	port0.filter.has_ipv6 = true;
	memcpy(port0.filter.ipv6, "\x20\x01\x00\x02\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
	txq0.requests = rte_ring_create_elem("test_netmgmt_tx", sizeof(struct ptpdk_tx_request), 64,
					     0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!txq0.requests)
		return -ENOMEM;
	E.conf.n_ports = 1;
	E.conf.ports[0] = &port0;
	E.conf.txqs[0] = &txq0;
	E.conf.transport[0] = PTPDK_TRANSPORT_UDP4;
	E.conf.network_management = true;
	E.conf.ptp.domain_number = 0;
	return engine_netmgmt_init(&E);
}

static void meta_for(struct ptpdk_rx_meta *m, uint8_t transport, bool multicast, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->message_type = PTPDK_MSG_MANAGEMENT;
	m->flags = multicast ? PTPDK_RX_F_MULTICAST : 0;
	m->payload_len = (uint16_t)len;
	m->src.transport = transport;
	memcpy(m->src.mac, pmc_mac, 6);
	if (transport == PTPDK_TRANSPORT_UDP4)
		memcpy(m->src.ip, "\xc6\x12\x00\x13", 4);
	else if (transport == PTPDK_TRANSPORT_UDP6)
		memcpy(m->src.ip, "\x20\x01\x00\x02\0\0\0\0\0\0\0\0\0\0\0\x13", 16);
}

static void test_take(void)
{
	struct ptpdk_mgmt_net_counters *c = &E.status.netmgmt;
	static uint8_t payload[PTPDK_EVENT_LARGE_PAYLOAD_MAX];
	struct ptpdk_mgmt_net_request rq;
	struct ptpdk_rx_meta m;
	unsigned taken = 0;

	meta_for(&m, PTPDK_TRANSPORT_UDP4, true, 54);
	payload[0] = PTPDK_MSG_MANAGEMENT;
	CHECK(engine_netmgmt_take(&E, &m, payload));
	CHECK_EQ_INT(c->requests, 1);
	CHECK_EQ_INT(engine_netmgmt_next(&E.netmgmt, &rq), 0);
	CHECK_EQ_INT(rq.len, 54);
	CHECK_EQ_INT(rq.flags, PTPDK_MGMT_NET_F_MULTICAST);
	CHECK_MEM(rq.src.mac, pmc_mac, 6);
	CHECK_EQ_INT(engine_netmgmt_next(&E.netmgmt, &rq), -ENOENT);
	/* Another domain: the port's (counted as wrong_domain there too). */
	m.domain_number = 1;
	CHECK(!engine_netmgmt_take(&E, &m, payload));
	CHECK_EQ_INT(c->wrong_domain, 1);
	m.domain_number = 0;
	/* Too long for a request element: taken and dropped. */
	m.payload_len = PTPDK_MGMT_NET_REQUEST_MAX + 1;
	CHECK(engine_netmgmt_take(&E, &m, payload));
	CHECK_EQ_INT(c->oversized, 1);
	/* A main lcore that does not keep up: the ring fills, the engine drops and counts. */
	m.payload_len = 54;
	for (unsigned i = 0; i < ENGINE_NETMGMT_REQUESTS + 8; i++)
		CHECK(engine_netmgmt_take(&E, &m, payload));
	while (engine_netmgmt_next(&E.netmgmt, &rq) == 0)
		taken++;
	CHECK(taken >= ENGINE_NETMGMT_REQUESTS - 1 && taken <= ENGINE_NETMGMT_REQUESTS);
	CHECK_EQ_INT(c->request_ring_full, ENGINE_NETMGMT_REQUESTS + 8 - taken);
	CHECK_EQ_INT(c->requests, 1 + taken);
	/* network_management 0: left to the port. */
	E.netmgmt.enabled = false;
	CHECK(!engine_netmgmt_take(&E, &m, payload));
	CHECK_EQ_INT(c->disabled, 1);
	E.netmgmt.enabled = true;
	CHECK_EQ_INT(c->received, ENGINE_NETMGMT_REQUESTS + 8 + 4);
}

/* Hand one reply to request @p rq to the engine, let it send, parse what it queued. */
static int send_one(const struct ptpdk_mgmt_net_request *rq, struct ptpdk_frame *f,
		    struct ptpdk_tx_request *tx)
{
	static struct ptpdk_mgmt_net_reply el;
	enum ptpdk_reject why;
	struct ptpdk_msg msg;
	int n;

	memset(&el, 0, sizeof(el));
	ptpdk_mgmt_net_reply_address(&el, rq);
	memset(&msg, 0, sizeof(msg));
	msg.header.message_type = PTPDK_MSG_MANAGEMENT;
	msg.header.version = 2;
	msg.header.sequence_id = 4711;
	msg.body.targeted.action = PTPDK_ACTION_RESPONSE;
	msg.tlv_count = 1;
	msg.tlvs[0].type = PTPDK_TLV_MANAGEMENT;
	msg.tlvs[0].u.management.management_id = 0; /* NULL_MANAGEMENT */
	n = ptpdk_msg_encode(&msg, el.msg, sizeof(el.msg));
	CHECK(n > 0);
	el.len = n > 0 ? (uint16_t)n : 0;
	el.outcome = PTPDK_MGMT_NET_ANSWERED;
	CHECK_EQ_INT(engine_netmgmt_reply(&E.netmgmt, &el), 0);
	CHECK_EQ_INT(engine_netmgmt_send(&E), 1);
	if (rte_ring_dequeue_elem(txq0.requests, tx, sizeof(*tx)) != 0)
		return -1;
	CHECK_EQ_INT(tx->message_type, PTPDK_MSG_MANAGEMENT);
	CHECK_EQ_INT(tx->sequence_id, 4711);
	CHECK_EQ_INT(tx->flags, 0); /* no TX stamp for a general message */
	if (ptpdk_frame_parse(tx->frame, tx->frame_len, PTPDK_FRAME_F_VERIFY_CSUM, f, &why) !=
	    PTPDK_FRAME_PTP)
		return -1;
	return 0;
}

static void test_send(void)
{
	static const uint8_t l2_primary[6] = { 0x01, 0x1b, 0x19, 0, 0, 0 };
	struct ptpdk_mgmt_net_counters *c = &E.status.netmgmt;
	struct ptpdk_mgmt_net_request rq;
	struct ptpdk_tx_request tx;
	struct ptpdk_rx_meta m;
	struct ptpdk_frame f;
	uint8_t payload[64] = { PTPDK_MSG_MANAGEMENT };
	uint64_t answered = c->answered;

	/* pmc -4: UDPv4 to 224.0.1.129:320. */
	meta_for(&m, PTPDK_TRANSPORT_UDP4, true, 54);
	CHECK(engine_netmgmt_take(&E, &m, payload));
	CHECK_EQ_INT(engine_netmgmt_next(&E.netmgmt, &rq), 0);
	CHECK_EQ_INT(send_one(&rq, &f, &tx), 0);
	CHECK_EQ_INT(f.transport, PTPDK_TRANSPORT_UDP4);
	CHECK_MEM(f.dst_ip, "\xe0\x00\x01\x81", 4);
	CHECK_EQ_INT(f.dst_port, 320);
	CHECK_MEM(f.src_ip, "\xc6\x12\x00\x02", 4);
	/* pmc -2 on the same UDPv4 port: Ethernet to 01:1B:19:00:00:00, with its VLAN. */
	meta_for(&m, PTPDK_TRANSPORT_L2, true, 54);
	m.src.has_vlan = true;
	m.src.vlan_tci = 0x2005;
	CHECK(engine_netmgmt_take(&E, &m, payload));
	CHECK_EQ_INT(engine_netmgmt_next(&E.netmgmt, &rq), 0);
	CHECK_EQ_INT(send_one(&rq, &f, &tx), 0);
	CHECK_EQ_INT(f.transport, PTPDK_TRANSPORT_L2);
	CHECK_MEM(f.dst_mac, l2_primary, 6);
	CHECK(f.has_vlan);
	CHECK_EQ_INT(f.vlan_tci, 0x2005);
	/* pmc -6, sent to us alone: unicast back to its address and MAC, no tag. */
	meta_for(&m, PTPDK_TRANSPORT_UDP6, false, 54);
	CHECK(engine_netmgmt_take(&E, &m, payload));
	CHECK_EQ_INT(engine_netmgmt_next(&E.netmgmt, &rq), 0);
	CHECK_EQ_INT(send_one(&rq, &f, &tx), 0);
	CHECK_EQ_INT(f.transport, PTPDK_TRANSPORT_UDP6);
	CHECK_MEM(f.dst_ip, m.src.ip, 16);
	CHECK_MEM(f.dst_mac, pmc_mac, 6);
	CHECK_EQ_INT(f.dst_port, 320);
	CHECK(!f.has_vlan);
	CHECK_EQ_INT(c->replies_sent, 3);
	CHECK_EQ_INT(c->answered, answered + 3);
	/* The engine's own framer for the port is untouched: it still frames UDPv4. */
	CHECK_EQ_INT(ptpdk_transport_port_kind(E.netmgmt.framers[0][PTPDK_TRANSPORT_UDP4]),
		     PTPDK_TRANSPORT_UDP4);
}

static void test_bad_elements(void)
{
	struct ptpdk_mgmt_net_counters *c = &E.status.netmgmt;
	static struct ptpdk_mgmt_net_reply el;
	unsigned queued = 0;

	/* A port the engine lacks, an oversized length: counted, never sent. */
	memset(&el, 0, sizeof(el));
	el.port = 3;
	el.len = 10;
	CHECK_EQ_INT(engine_netmgmt_reply(&E.netmgmt, &el), 0);
	el.port = 0;
	el.len = PTPDK_MGMT_NET_REPLY_MAX + 1;
	CHECK_EQ_INT(engine_netmgmt_reply(&E.netmgmt, &el), 0);
	/* An outcome alone, with replies lost before it. */
	el.len = 0;
	el.outcome = PTPDK_MGMT_NET_NOT_FOR_US;
	el.lost_before = 2;
	CHECK_EQ_INT(engine_netmgmt_reply(&E.netmgmt, &el), 0);
	CHECK_EQ_INT(engine_netmgmt_send(&E), 3);
	CHECK_EQ_INT(c->bad_elements, 2);
	CHECK_EQ_INT(c->not_for_us, 1);
	CHECK_EQ_INT(c->reply_ring_full, 2);
	CHECK_EQ_INT(rte_ring_count(txq0.requests), 0);
	/* The reply ring refuses when full, never blocks. */
	el.lost_before = 0;
	while (engine_netmgmt_reply(&E.netmgmt, &el) == 0 && queued < 4 * ENGINE_NETMGMT_REPLIES)
		queued++;
	CHECK(queued >= ENGINE_NETMGMT_REPLIES - 1 && queued <= ENGINE_NETMGMT_REPLIES);
	CHECK_EQ_INT(engine_netmgmt_reply(&E.netmgmt, &el), -ENOBUFS);
	/* The engine drains a burst per step. */
	CHECK_EQ_INT(engine_netmgmt_send(&E), ENGINE_BURST);
}

int main(void)
{
	int rc = dp_test_eal_init("test_netmgmt", "64");

	if (rc)
		return rc;
	check_seed("netmgmt");
	CHECK_EQ_INT(setup(), 0);
	test_take();
	test_send();
	test_bad_elements();
	engine_netmgmt_fini(&E.netmgmt);
	rte_ring_free(txq0.requests);
	rte_eal_cleanup();
	return check_report("netmgmt");
}
