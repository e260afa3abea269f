/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Datapath plumbing: frames built by the codec travel through a real DPDK ethdev
 * (net_ring, in-process loopback) in mbufs and are classified and decoded from the
 * mbuf data on the other side — every transport, a VLAN tag, and malformed frames
 * that must be refused with their reason. Needs no NIC and no hugepages.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "ptpdk_frame.h"
#include "ptpdk_msg.h"

#include "check.h"
#include "dp_test.h"

#define N_FRAMES 8

struct case_spec {
	enum ptpdk_transport transport;
	bool vlan;
	unsigned type;
	int damage; /* 0 none, 1 flip a payload octet (checksum), 2 wrong port */
	enum ptpdk_frame_class want;
	enum ptpdk_reject want_reason;
};

static const struct case_spec cases[N_FRAMES] = {
	{ PTPDK_TRANSPORT_L2, false, PTPDK_MSG_SYNC, 0, PTPDK_FRAME_PTP, PTPDK_REJECT_NONE },
	{ PTPDK_TRANSPORT_L2, true, PTPDK_MSG_FOLLOW_UP, 0, PTPDK_FRAME_PTP, PTPDK_REJECT_NONE },
	{ PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_DELAY_REQ, 0, PTPDK_FRAME_PTP, PTPDK_REJECT_NONE },
	{ PTPDK_TRANSPORT_UDP4, true, PTPDK_MSG_ANNOUNCE, 0, PTPDK_FRAME_PTP, PTPDK_REJECT_NONE },
	{ PTPDK_TRANSPORT_UDP6, false, PTPDK_MSG_PDELAY_REQ, 0, PTPDK_FRAME_PTP,
	  PTPDK_REJECT_NONE },
	{ PTPDK_TRANSPORT_UDP6, true, PTPDK_MSG_DELAY_RESP, 0, PTPDK_FRAME_PTP, PTPDK_REJECT_NONE },
	{ PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, 1, PTPDK_FRAME_REJECTED,
	  PTPDK_REJECT_BAD_UDP_CHECKSUM },
	{ PTPDK_TRANSPORT_UDP6, false, PTPDK_MSG_SYNC, 2, PTPDK_FRAME_REJECTED,
	  PTPDK_REJECT_WRONG_PORT },
};

static int build_case(const struct case_spec *c, uint16_t seq, uint8_t *out, size_t cap)
{
	static const uint8_t v4[4] = { 198, 18, 0, 1 }, v6[16] = { 0x20, 0x01, 0, 2, [15] = 1 };
	struct ptpdk_frame f = { .transport = c->transport, .has_vlan = c->vlan, .vlan_tci = 42 };
	struct ptpdk_msg m;
	uint8_t ptp[128];
	int n;

	memset(&m, 0, sizeof(m));
	m.header.message_type = (uint8_t)c->type;
	m.header.version = 2;
	m.header.sequence_id = seq;
	n = ptpdk_msg_encode(&m, ptp, sizeof(ptp));
	if (n < 0)
		return n;
	if (c->transport == PTPDK_TRANSPORT_UDP6)
		memcpy(f.src_ip, v6, sizeof(v6));
	else
		memcpy(f.src_ip, v4, sizeof(v4));
	f.src_port = f.dst_port = ptpdk_msg_type_is_event(c->type) ? 319 : 320;
	if (c->damage == 2)
		f.dst_port = 320;
	ptpdk_frame_set_multicast_dst(&f, c->type == PTPDK_MSG_PDELAY_REQ);
	n = ptpdk_frame_build(out, cap, &f, ptp, (size_t)n);
	if (n > 0 && c->damage == 1)
		out[n - 1] ^= 0x10;
	return n;
}

static void check_received(struct rte_mbuf *mb, unsigned index)
{
	const struct case_spec *c = &cases[index];
	const uint8_t *data = rte_pktmbuf_mtod(mb, const uint8_t *);
	struct ptpdk_frame f;
	struct ptpdk_msg m;
	enum ptpdk_reject why = PTPDK_REJECT_NONE;
	enum ptpdk_frame_class cls;

	CHECK(rte_pktmbuf_is_contiguous(mb));
	cls = ptpdk_frame_parse(data, rte_pktmbuf_data_len(mb), PTPDK_FRAME_F_VERIFY_CSUM, &f,
				&why);
	CHECK(cls == c->want);
	if (cls != PTPDK_FRAME_PTP) {
		CHECK(why == c->want_reason);
		return;
	}
	CHECK(f.transport == c->transport && f.has_vlan == c->vlan);
	CHECK(ptpdk_msg_decode(data + f.payload_offset, f.payload_length, &m, &why) == 0);
	CHECK(m.header.message_type == c->type);
	CHECK(m.header.sequence_id == 1000 + index);
}

static int setup_port(struct rte_mempool *pool, uint16_t *port_out)
{
	struct rte_ring *ring = rte_ring_create("ptpdk_loop", 64, (int)rte_socket_id(),
						RING_F_SP_ENQ | RING_F_SC_DEQ);
	struct rte_eth_conf conf;
	int port;

	if (!ring)
		return -rte_errno;
	/* The same ring as RX and TX queue: what is sent comes back. */
	port = rte_eth_from_rings("net_ring_loop", &ring, 1, &ring, 1, rte_socket_id());
	if (port < 0)
		return port;
	memset(&conf, 0, sizeof(conf));
	if (rte_eth_dev_configure((uint16_t)port, 1, 1, &conf) ||
	    rte_eth_rx_queue_setup((uint16_t)port, 0, 64, rte_socket_id(), NULL, pool) ||
	    rte_eth_tx_queue_setup((uint16_t)port, 0, 64, rte_socket_id(), NULL) ||
	    rte_eth_dev_start((uint16_t)port))
		return -EIO;
	*port_out = (uint16_t)port;
	return 0;
}

static int run(void)
{
	struct rte_mempool *pool = rte_pktmbuf_pool_create(
		"ptpdk_test", 255, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	struct rte_mbuf *tx[N_FRAMES], *rx[N_FRAMES * 2];
	uint16_t port, sent, got = 0;
	unsigned i;
	int tries;

	if (!pool || setup_port(pool, &port)) {
		fprintf(stderr, "datapath: cannot set up the net_ring port\n");
		return 1;
	}
	for (i = 0; i < N_FRAMES; i++) {
		uint8_t *d;
		int n;

		tx[i] = rte_pktmbuf_alloc(pool);
		d = tx[i] ? (uint8_t *)rte_pktmbuf_append(tx[i], 200) : NULL;
		CHECK(d != NULL);
		if (!d)
			return 1;
		n = build_case(&cases[i], (uint16_t)(1000 + i), d, 200);
		CHECK(n > 0);
		rte_pktmbuf_trim(tx[i], (uint16_t)(200 - n));
	}
	sent = rte_eth_tx_burst(port, 0, tx, N_FRAMES);
	CHECK(sent == N_FRAMES);
	/* Bounded: net_ring delivers at once; a handful of polls is plenty. */
	for (tries = 0; tries < 100 && got < sent; tries++)
		got = (uint16_t)(got + rte_eth_rx_burst(port, 0, rx + got, N_FRAMES * 2 - got));
	CHECK(got == N_FRAMES);
	for (i = 0; i < got; i++) {
		check_received(rx[i], i);
		rte_pktmbuf_free(rx[i]);
	}
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	return check_failures ? 1 : 0;
}

int main(void)
{
	int rc = dp_test_eal_init("test_ring_loopback", "64");

	if (rc)
		return rc;
	rc = run();
	rte_eal_cleanup();
	check_report("datapath ring loopback");
	return rc;
}
