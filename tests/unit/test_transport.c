/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transport library: every transport, with and without a VLAN tag, to each
 * destination kind, for event and general messages, built and then parsed back by
 * the frame parser (checksums verified) and the classifier; the sender's address
 * read back; refusals with their errno; and byte-for-byte the frames the daemon's
 * engine built before the library existed.
 */
#include <errno.h>

#include "check.h"
#include "ptpdk_classify.h"
#include "ptpdk_event.h"
#include "ptpdk_frame.h"
#include "ptpdk_msg.h"
#include "ptpdk_transport.h"
#include "test_frames.h"

#define VLAN_TCI ((uint16_t)(5u << 13 | 100))

static const enum ptpdk_transport transports[] = { PTPDK_TRANSPORT_L2, PTPDK_TRANSPORT_UDP4,
						   PTPDK_TRANSPORT_UDP6 };

/* The groups of 1588-2008 Annexes D-F, written out here rather than taken from the
 * library, and the MACs RFC 1112 and RFC 2464 map them to. */
static const uint8_t l2_primary[6] = { 0x01, 0x1b, 0x19, 0x00, 0x00, 0x00 };
static const uint8_t l2_peer[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };
static const uint8_t v4_primary[4] = { 224, 0, 1, 129 };
static const uint8_t v4_primary_mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x01, 0x81 };
static const uint8_t v4_peer[4] = { 224, 0, 0, 107 };
static const uint8_t v4_peer_mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x6b };
static const uint8_t v6_primary[16] = { 0xff, 0x0e, [14] = 0x01, [15] = 0x81 };
static const uint8_t v6_primary_mac[6] = { 0x33, 0x33, 0x00, 0x00, 0x01, 0x81 };
static const uint8_t v6_peer[16] = { 0xff, 0x02, [15] = 0x6b };
static const uint8_t v6_peer_mac[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x6b };

static size_t ip_len(enum ptpdk_transport t)
{
	return t == PTPDK_TRANSPORT_UDP6 ? 16 : t == PTPDK_TRANSPORT_UDP4 ? 4 : 0;
}

static struct ptpdk_transport_conf our_conf(enum ptpdk_transport t, bool vlan)
{
	struct ptpdk_transport_conf c;

	memset(&c, 0, sizeof(c));
	c.transport = t;
	memcpy(c.mac, test_our_mac, 6);
	c.has_ipv4 = true;
	memcpy(c.ipv4, test_our_ipv4, 4);
	c.has_ipv6 = true;
	memcpy(c.ipv6, test_our_ipv6, 16);
	c.has_vlan = vlan;
	c.vlan_tci = VLAN_TCI;
	c.udp_ttl = 7;
	return c;
}

/* The address of test_peer_* on transport @p t, as a unicast destination names it. */
static struct ptpdk_addr peer_addr(enum ptpdk_transport t)
{
	struct ptpdk_addr a;

	memset(&a, 0, sizeof(a));
	a.transport = (uint8_t)t;
	memcpy(a.mac, test_peer_mac, 6);
	memcpy(a.ip, t == PTPDK_TRANSPORT_UDP6 ? test_peer_ipv6 : test_peer_ipv4, ip_len(t));
	return a;
}

/* A message of @p type with a TLV of random octets, so the payload check sees more than
 * a header of zeros. */
static int make_msg(unsigned type, uint8_t *buf, size_t cap)
{
	uint8_t tlv[24];
	struct ptpdk_msg m;

	check_rand_bytes(tlv, sizeof(tlv));
	memset(&m, 0, sizeof(m));
	m.header.message_type = (uint8_t)type;
	m.header.version = 2;
	m.header.sequence_id = (uint16_t)check_rand();
	m.header.correction = (int64_t)(check_rand() >> 8);
	m.header.source_port_identity.port_number = 1;
	m.tlv_count = 1;
	m.tlvs[0].type = 0x7F00; /* experimental: the codec keeps it as raw octets */
	m.tlvs[0].value = tlv;
	m.tlvs[0].length = sizeof(tlv);
	return ptpdk_msg_encode(&m, buf, cap);
}

static void expected_dst(enum ptpdk_transport t, enum ptpdk_dest_kind kind, uint8_t *mac,
			 uint8_t *ip)
{
	bool peer = kind == PTPDK_DEST_PEER;

	memset(ip, 0, 16);
	switch (t) {
	case PTPDK_TRANSPORT_L2:
		memcpy(mac, peer ? l2_peer : l2_primary, 6);
		break;
	case PTPDK_TRANSPORT_UDP4:
		memcpy(mac, peer ? v4_peer_mac : v4_primary_mac, 6);
		memcpy(ip, peer ? v4_peer : v4_primary, 4);
		break;
	case PTPDK_TRANSPORT_UDP6:
		memcpy(mac, peer ? v6_peer_mac : v6_primary_mac, 6);
		memcpy(ip, peer ? v6_peer : v6_primary, 16);
		break;
	}
	if (kind == PTPDK_DEST_UNICAST) {
		struct ptpdk_addr a = peer_addr(t);

		memcpy(mac, a.mac, 6);
		memcpy(ip, a.ip, 16);
	}
}

/* The classifier of the receiving end (test_peer_*) takes the frame, with the flags the
 * destination kind implies. */
static void check_classified(const uint8_t *buf, size_t len, enum ptpdk_dest_kind kind, bool vlan,
			     bool event)
{
	struct ptpdk_addr_filter rx = { .has_ipv4 = true, .has_ipv6 = true };
	struct ptpdk_classified cl;
	uint8_t want = 0;

	memcpy(rx.mac, test_peer_mac, 6);
	memcpy(rx.ipv4, test_peer_ipv4, 4);
	memcpy(rx.ipv6, test_peer_ipv6, 16);
	CHECK_EQ_INT(ptpdk_classify(buf, len, PTPDK_FRAME_F_VERIFY_CSUM, &rx, &cl, NULL),
		     PTPDK_CLASS_PTP);
	if (kind != PTPDK_DEST_UNICAST)
		want |= PTPDK_RX_F_MULTICAST;
	if (kind == PTPDK_DEST_PEER)
		want |= PTPDK_RX_F_PEER_GROUP;
	if (vlan)
		want |= PTPDK_RX_F_VLAN;
	if (event)
		want |= PTPDK_RX_F_EVENT_MSG;
	CHECK_EQ_INT(cl.rx_flags, want);
}

static void check_one(enum ptpdk_transport t, bool vlan, enum ptpdk_dest_kind kind, bool event)
{
	struct ptpdk_transport_conf conf = our_conf(t, vlan);
	struct ptpdk_transport_port *tp = ptpdk_transport_port_create(&conf);
	struct ptpdk_addr peer = peer_addr(t), src, want_src;
	struct ptpdk_dest dst = kind == PTPDK_DEST_UNICAST
					? ptpdk_dest_unicast(&peer)
					: ptpdk_dest_group(kind == PTPDK_DEST_PEER);
	uint16_t port = event ? PTPDK_UDP_EVENT_PORT : PTPDK_UDP_GENERAL_PORT;
	uint8_t msg[128], buf[256], want_mac[6], want_ip[16];
	struct ptpdk_frame got;
	int n, len;

	CHECK(tp != NULL);
	if (!tp)
		return;
	CHECK_EQ_INT(ptpdk_transport_port_kind(tp), t);
	n = make_msg(event ? PTPDK_MSG_SYNC : PTPDK_MSG_FOLLOW_UP, msg, sizeof(msg));
	CHECK(n > 0);
	len = ptpdk_transport_build(tp, &dst, event, msg, (size_t)n, buf, sizeof(buf));
	CHECK(len > n);
	if (len <= n)
		goto out;
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, PTPDK_FRAME_F_VERIFY_CSUM, &got, NULL),
		     PTPDK_FRAME_PTP);
	CHECK_EQ_INT(got.transport, t);
	CHECK_EQ_INT(got.has_vlan, vlan);
	CHECK_EQ_INT(got.vlan_tci, vlan ? VLAN_TCI : 0);
	expected_dst(t, kind, want_mac, want_ip);
	CHECK_MEM(got.dst_mac, want_mac, 6);
	CHECK_MEM(got.src_mac, test_our_mac, 6);
	if (t != PTPDK_TRANSPORT_L2) {
		CHECK_MEM(got.dst_ip, want_ip, ip_len(t));
		CHECK_MEM(got.src_ip, t == PTPDK_TRANSPORT_UDP6 ? test_our_ipv6 : test_our_ipv4,
			  ip_len(t));
		CHECK_EQ_INT(got.src_port, port);
		CHECK_EQ_INT(got.dst_port, port);
		CHECK_EQ_INT(got.ttl, 7);
		CHECK_EQ_INT(got.payload_length, n);
	}
	CHECK((int)got.payload_length >= n);
	CHECK_MEM(buf + got.payload_offset, msg, (size_t)n);
	CHECK_EQ_INT((size_t)len, (size_t)got.payload_offset + (size_t)n);
	check_classified(buf, (size_t)len, kind, vlan, event);

	/* The sender, as the receiving end sees it. */
	CHECK_EQ_INT(ptpdk_transport_source(&got, &src), 0);
	memset(&want_src, 0, sizeof(want_src));
	want_src.transport = (uint8_t)t;
	want_src.has_vlan = vlan;
	want_src.vlan_tci = vlan ? VLAN_TCI : 0;
	memcpy(want_src.mac, test_our_mac, 6);
	memcpy(want_src.ip, t == PTPDK_TRANSPORT_UDP6 ? test_our_ipv6 : test_our_ipv4, ip_len(t));
	CHECK_MEM(&src, &want_src, sizeof(src));
out:
	ptpdk_transport_port_destroy(tp);
}

static void test_matrix(void)
{
	for (unsigned i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
		for (int vlan = 0; vlan < 2; vlan++)
			for (unsigned k = 0; k < PTPDK_DEST_KIND_COUNT; k++)
				for (int event = 0; event < 2; event++)
					check_one(transports[i], vlan, (enum ptpdk_dest_kind)k,
						  event);
}

/* What app/daemon/engine.c did before the library: the reference for "no change". */
static int old_engine_frame(const struct ptpdk_transport_conf *c, bool event, bool peer,
			    const uint8_t *msg, size_t n, uint8_t *buf, size_t cap)
{
	struct ptpdk_frame f = {
		.transport = c->transport,
		.has_vlan = c->has_vlan,
		.vlan_tci = c->vlan_tci,
		.src_port = event ? PTPDK_UDP_EVENT_PORT : PTPDK_UDP_GENERAL_PORT,
		.dst_port = event ? PTPDK_UDP_EVENT_PORT : PTPDK_UDP_GENERAL_PORT,
		.ttl = c->udp_ttl,
	};

	memcpy(f.src_mac, c->mac, 6);
	if (c->transport == PTPDK_TRANSPORT_UDP4)
		memcpy(f.src_ip, c->ipv4, 4);
	else if (c->transport == PTPDK_TRANSPORT_UDP6)
		memcpy(f.src_ip, c->ipv6, 16);
	ptpdk_frame_set_multicast_dst(&f, peer);
	return ptpdk_frame_build(buf, cap, &f, msg, n);
}

static void test_same_as_before(void)
{
	for (unsigned i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
		for (int vlan = 0; vlan < 2; vlan++)
			for (int peer = 0; peer < 2; peer++)
				for (int event = 0; event < 2; event++) {
					struct ptpdk_transport_conf c =
						our_conf(transports[i], vlan);
					struct ptpdk_transport_port *tp;
					struct ptpdk_dest d = ptpdk_dest_group(peer);
					uint8_t msg[128], a[256], b[256];
					int n, la, lb;

					c.udp_ttl = (uint8_t)(check_rand() % 3); /* 0 sends 1 */
					tp = ptpdk_transport_port_create(&c);
					n = make_msg(event ? PTPDK_MSG_DELAY_REQ
							   : PTPDK_MSG_ANNOUNCE,
						     msg, sizeof(msg));
					la = ptpdk_transport_build(tp, &d, event, msg, (size_t)n, a,
								   sizeof(a));
					lb = old_engine_frame(&c, event, peer, msg, (size_t)n, b,
							      sizeof(b));
					CHECK(la > 0);
					CHECK_EQ_INT(la, lb);
					if (la > 0 && la == lb)
						CHECK_MEM(a, b, (size_t)la);
					ptpdk_transport_port_destroy(tp);
				}
}

/* A master's answer: a Delay_Req arrives, its sender becomes the unicast destination
 * of the reply, and the reply reaches exactly that sender. Random addresses. */
static void test_reply_to_source(void)
{
	for (unsigned i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
		for (int round = 0; round < 20; round++) {
			enum ptpdk_transport t = transports[i];
			struct ptpdk_transport_conf slave_conf = our_conf(t, round & 1);
			struct ptpdk_transport_conf master_conf = our_conf(t, round & 1);
			struct ptpdk_transport_port *slave, *master;
			struct ptpdk_dest to_master, reply_to;
			struct ptpdk_addr master_addr, req_src, reply_src;
			struct ptpdk_frame req, reply;
			uint8_t msg[128], buf[256];
			int n, len;

			check_rand_bytes(slave_conf.mac, 6);
			slave_conf.mac[0] &= 0xfe; /* unicast MACs only */
			check_rand_bytes(slave_conf.ipv4, 4);
			check_rand_bytes(slave_conf.ipv6, 16);
			master_conf.mac[5] ^= 0x55;
			memset(&master_addr, 0, sizeof(master_addr));
			master_addr.transport = (uint8_t)t;
			memcpy(master_addr.mac, master_conf.mac, 6);
			memcpy(master_addr.ip,
			       t == PTPDK_TRANSPORT_UDP6 ? master_conf.ipv6 : master_conf.ipv4,
			       ip_len(t));
			slave = ptpdk_transport_port_create(&slave_conf);
			master = ptpdk_transport_port_create(&master_conf);
			to_master = ptpdk_dest_unicast(&master_addr);

			n = make_msg(PTPDK_MSG_DELAY_REQ, msg, sizeof(msg));
			len = ptpdk_transport_build(slave, &to_master, true, msg, (size_t)n, buf,
						    sizeof(buf));
			CHECK(len > 0);
			CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, PTPDK_FRAME_F_VERIFY_CSUM,
						       &req, NULL),
				     PTPDK_FRAME_PTP);
			CHECK_MEM(req.dst_mac, master_addr.mac, 6);
			CHECK_MEM(req.dst_ip, master_addr.ip, ip_len(t));
			CHECK_EQ_INT(ptpdk_transport_source(&req, &req_src), 0);

			reply_to = ptpdk_dest_unicast(&req_src);
			n = make_msg(PTPDK_MSG_DELAY_RESP, msg, sizeof(msg));
			len = ptpdk_transport_build(master, &reply_to, false, msg, (size_t)n, buf,
						    sizeof(buf));
			CHECK(len > 0);
			CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, PTPDK_FRAME_F_VERIFY_CSUM,
						       &reply, NULL),
				     PTPDK_FRAME_PTP);
			CHECK_MEM(reply.dst_mac, slave_conf.mac, 6);
			if (t != PTPDK_TRANSPORT_L2)
				CHECK_MEM(reply.dst_ip,
					  t == PTPDK_TRANSPORT_UDP6 ? slave_conf.ipv6
								    : slave_conf.ipv4,
					  ip_len(t));
			CHECK_EQ_INT(reply.dst_port, t == PTPDK_TRANSPORT_L2 ? 0 : 320);
			CHECK_EQ_INT(ptpdk_transport_source(&reply, &reply_src), 0);
			CHECK_EQ_INT(reply_src.transport, t);
			CHECK_EQ_INT(reply_src.has_vlan, round & 1);
			CHECK_MEM(reply_src.mac, master_addr.mac, 6);
			CHECK_MEM(reply_src.ip, master_addr.ip, 16);
			ptpdk_transport_port_destroy(master);
			ptpdk_transport_port_destroy(slave);
		}
}

/* L2 frames go to the port's configured groups (ptp_dst_mac, p2p_dst_mac) when it has
 * them, to the standard ones otherwise; UDP is not touched. */
static void test_configured_l2_groups(void)
{
	static const uint8_t g8275[6] = { 0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E };
	static const uint8_t primary[6] = { 0x01, 0x1B, 0x19, 0x00, 0x00, 0x00 };
	static const uint8_t custom_peer[6] = { 0x01, 0x1B, 0x19, 0x00, 0x00, 0x07 };
	struct ptpdk_transport_conf c = our_conf(PTPDK_TRANSPORT_L2, false);
	struct ptpdk_transport_port *tp;
	struct ptpdk_dest group = ptpdk_dest_group(false), peer = ptpdk_dest_group(true);
	uint8_t msg[128], buf[256];
	struct ptpdk_frame got;
	int n = make_msg(PTPDK_MSG_SYNC, msg, sizeof(msg)), len;

	memcpy(c.l2_group_mac, g8275, 6);
	tp = ptpdk_transport_port_create(&c);
	CHECK(tp != NULL);
	len = ptpdk_transport_build(tp, &group, true, msg, (size_t)n, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, 0, &got, NULL), PTPDK_FRAME_PTP);
	CHECK_MEM(got.dst_mac, g8275, 6);
	len = ptpdk_transport_build(tp, &peer, true, msg, (size_t)n, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, 0, &got, NULL), PTPDK_FRAME_PTP);
	CHECK_MEM(got.dst_mac, g8275, 6); /* the standard peer group, which is the same */
	ptpdk_transport_port_destroy(tp);

	memset(c.l2_group_mac, 0, 6);
	memcpy(c.l2_peer_group_mac, custom_peer, 6);
	tp = ptpdk_transport_port_create(&c);
	len = ptpdk_transport_build(tp, &group, true, msg, (size_t)n, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, 0, &got, NULL), PTPDK_FRAME_PTP);
	CHECK_MEM(got.dst_mac, primary, 6);
	len = ptpdk_transport_build(tp, &peer, true, msg, (size_t)n, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, 0, &got, NULL), PTPDK_FRAME_PTP);
	CHECK_MEM(got.dst_mac, custom_peer, 6);
	ptpdk_transport_port_destroy(tp);

	/* UDP keeps the MAC of its IP group. */
	c = our_conf(PTPDK_TRANSPORT_UDP4, false);
	memcpy(c.l2_group_mac, g8275, 6);
	tp = ptpdk_transport_port_create(&c);
	len = ptpdk_transport_build(tp, &group, true, msg, (size_t)n, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, 0, &got, NULL), PTPDK_FRAME_PTP);
	CHECK_MEM(got.dst_mac, ((const uint8_t[6]){ 0x01, 0x00, 0x5e, 0x00, 0x01, 0x81 }), 6);
	ptpdk_transport_port_destroy(tp);
}

static void test_ttl_dscp_vlan(void)
{
	for (unsigned i = 1; i < sizeof(transports) / sizeof(transports[0]); i++) {
		enum ptpdk_transport t = transports[i];
		struct ptpdk_transport_conf c = our_conf(t, false);
		struct ptpdk_transport_port *tp;
		struct ptpdk_dest d = ptpdk_dest_group(false);
		uint8_t msg[128], buf[256];
		struct ptpdk_frame got;
		const uint8_t *ip;
		int n, len;

		c.udp_ttl = 0;
		c.dscp = 46; /* EF */
		tp = ptpdk_transport_port_create(&c);
		n = make_msg(PTPDK_MSG_SYNC, msg, sizeof(msg));
		len = ptpdk_transport_build(tp, &d, true, msg, (size_t)n, buf, sizeof(buf));
		CHECK_EQ_INT(
			ptpdk_frame_parse(buf, (size_t)len, PTPDK_FRAME_F_VERIFY_CSUM, &got, NULL),
			PTPDK_FRAME_PTP);
		CHECK_EQ_INT(got.ttl, 1);
		ip = buf + got.l3_offset;
		if (t == PTPDK_TRANSPORT_UDP4)
			CHECK_EQ_INT(ip[1], 46 << 2);
		else
			CHECK_EQ_INT(((ip[0] & 0x0f) << 4 | ip[1] >> 4) >> 2, 46);

		/* The tag follows the port: on, another one, off again. */
		ptpdk_transport_port_set_vlan(tp, true, 0x0123);
		len = ptpdk_transport_build(tp, &d, true, msg, (size_t)n, buf, sizeof(buf));
		CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, 0, &got, NULL), PTPDK_FRAME_PTP);
		CHECK(got.has_vlan);
		CHECK_EQ_INT(got.vlan_tci, 0x0123);
		ptpdk_transport_port_set_vlan(tp, false, 0x0456);
		len = ptpdk_transport_build(tp, &d, true, msg, (size_t)n, buf, sizeof(buf));
		CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)len, 0, &got, NULL), PTPDK_FRAME_PTP);
		CHECK(!got.has_vlan);
		CHECK_EQ_INT(got.vlan_tci, 0);
		ptpdk_transport_port_destroy(tp);
	}
}

static void test_refusals(void)
{
	struct ptpdk_transport_conf c;
	struct ptpdk_transport_port *tp;
	struct ptpdk_dest d = ptpdk_dest_group(false), bad;
	struct ptpdk_addr other = peer_addr(PTPDK_TRANSPORT_UDP6), src;
	struct ptpdk_frame f;
	uint8_t sync[128], fup[128], buf[256];
	int ns = make_msg(PTPDK_MSG_SYNC, sync, sizeof(sync));
	int nf = make_msg(PTPDK_MSG_FOLLOW_UP, fup, sizeof(fup));

	/* A UDP port without an address of its family: created, but nothing goes out. */
	for (unsigned i = 1; i < sizeof(transports) / sizeof(transports[0]); i++) {
		enum ptpdk_transport t = transports[i];
		struct ptpdk_addr to = peer_addr(t);

		c = our_conf(t, false);
		if (t == PTPDK_TRANSPORT_UDP4)
			c.has_ipv4 = false;
		else
			c.has_ipv6 = false;
		tp = ptpdk_transport_port_create(&c);
		CHECK(tp != NULL);
		for (unsigned k = 0; k < PTPDK_DEST_KIND_COUNT; k++) {
			struct ptpdk_dest dk = k == PTPDK_DEST_UNICAST ? ptpdk_dest_unicast(&to)
								       : ptpdk_dest_group(k);

			CHECK_EQ_INT(ptpdk_transport_build(tp, &dk, true, sync, (size_t)ns, buf,
							   sizeof(buf)),
				     -EADDRNOTAVAIL);
		}
		ptpdk_transport_port_destroy(tp);
	}
	/* An L2 port needs no IP address at all. */
	c = our_conf(PTPDK_TRANSPORT_L2, false);
	c.has_ipv4 = c.has_ipv6 = false;
	tp = ptpdk_transport_port_create(&c);
	CHECK(ptpdk_transport_build(tp, &d, true, sync, (size_t)ns, buf, sizeof(buf)) > 0);
	ptpdk_transport_port_destroy(tp);

	c = our_conf(PTPDK_TRANSPORT_UDP4, false);
	tp = ptpdk_transport_port_create(&c);
	bad = ptpdk_dest_unicast(&other);
	CHECK_EQ_INT(ptpdk_transport_build(tp, &bad, true, sync, (size_t)ns, buf, sizeof(buf)),
		     -EAFNOSUPPORT);
	bad = d;
	bad.kind = PTPDK_DEST_KIND_COUNT;
	CHECK_EQ_INT(ptpdk_transport_build(tp, &bad, true, sync, (size_t)ns, buf, sizeof(buf)),
		     -EINVAL);
	CHECK_EQ_INT(ptpdk_transport_build(tp, &d, false, sync, (size_t)ns, buf, sizeof(buf)),
		     -EINVAL);
	CHECK_EQ_INT(ptpdk_transport_build(tp, &d, true, fup, (size_t)nf, buf, sizeof(buf)),
		     -EINVAL);
	CHECK_EQ_INT(ptpdk_transport_build(tp, &d, true, sync, 0, buf, sizeof(buf)), -EINVAL);
	CHECK_EQ_INT(ptpdk_transport_build(NULL, &d, true, sync, (size_t)ns, buf, sizeof(buf)),
		     -EINVAL);
	CHECK_EQ_INT(ptpdk_transport_build(tp, NULL, true, sync, (size_t)ns, buf, sizeof(buf)),
		     -EINVAL);
	CHECK_EQ_INT(ptpdk_transport_build(tp, &d, true, sync, (size_t)ns, buf, 14 + 20 + 8),
		     -ENOSPC);
	CHECK(ptpdk_transport_build(tp, &d, true, sync, (size_t)ns, buf,
				    (size_t)(14 + 20 + 8 + ns)) == 14 + 20 + 8 + ns);
	ptpdk_transport_port_destroy(tp);

	c = our_conf((enum ptpdk_transport)7, false);
	errno = 0;
	CHECK(ptpdk_transport_port_create(&c) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	c = our_conf(PTPDK_TRANSPORT_UDP6, false);
	c.dscp = 64;
	errno = 0;
	CHECK(ptpdk_transport_port_create(&c) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	errno = 0;
	CHECK(ptpdk_transport_port_create(NULL) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	ptpdk_transport_port_destroy(NULL);

	memset(&f, 0, sizeof(f));
	f.transport = (enum ptpdk_transport)3;
	memset(&src, 0xaa, sizeof(src));
	CHECK_EQ_INT(ptpdk_transport_source(&f, &src), -EINVAL);
	CHECK_EQ_INT(src.transport, 0);
	CHECK_EQ_INT(src.mac[0], 0);
	CHECK_EQ_INT(ptpdk_transport_source(NULL, &src), -EINVAL);
	CHECK_EQ_INT(ptpdk_transport_source(&f, NULL), -EINVAL);
}

int main(void)
{
	check_seed("test_transport");
	test_matrix();
	test_same_as_before();
	test_reply_to_source();
	test_ttl_dscp_vlan();
	test_configured_l2_groups();
	test_refusals();
	return check_report("test_transport");
}
