/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test frames for the dataplane tests: a PTP message of a given type in a given
 * encapsulation, to a chosen destination. Shared by unit, datapath and bench code
 * so each describes traffic in one line.
 */
#ifndef TEST_FRAMES_H
#define TEST_FRAMES_H

#include <stdbool.h>
#include <string.h>

#include "ptpdk_frame.h"
#include "ptpdk_msg.h"

enum test_dst {
	TEST_DST_GROUP = 0, /* the primary (or, for Pdelay, peer) multicast group */
	TEST_DST_US,	    /* unicast to test_our_* */
	TEST_DST_OTHER,	    /* unicast to somebody else */
};

struct test_frame_spec {
	enum ptpdk_transport transport;
	bool vlan;
	unsigned type;
	enum test_dst dst;
	uint16_t seq;
	uint16_t tlv_pad; /* extra octets of a padding TLV to make the message bigger */
};

static const uint8_t test_our_mac[6] = { 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x01 };
static const uint8_t test_our_ipv4[4] = { 198, 18, 0, 1 };
static const uint8_t test_our_ipv6[16] = { 0x20, 0x01, 0x00, 0x02, [15] = 0x01 };
static const uint8_t test_peer_mac[6] = { 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x11 };
static const uint8_t test_peer_ipv4[4] = { 198, 18, 0, 11 };
static const uint8_t test_peer_ipv6[16] = { 0x20, 0x01, 0x00, 0x02, [15] = 0x11 };

static inline void test_set_destination(struct ptpdk_frame *f, enum test_dst dst)
{
	bool v6 = f->transport == PTPDK_TRANSPORT_UDP6;

	if (dst == TEST_DST_GROUP)
		return;
	memcpy(f->dst_mac, dst == TEST_DST_US ? test_our_mac : test_peer_mac, 6);
	if (dst == TEST_DST_US)
		memcpy(f->dst_ip, v6 ? test_our_ipv6 : test_our_ipv4, v6 ? 16 : 4);
	else
		memcpy(f->dst_ip, v6 ? test_peer_ipv6 : test_peer_ipv4, v6 ? 16 : 4);
	if (dst == TEST_DST_OTHER)
		f->dst_ip[v6 ? 15 : 3] ^= 0x40;
}

/* Builds the frame into buf; returns its length or a negative errno. */
static inline int test_build_frame(const struct test_frame_spec *s, uint8_t *buf, size_t cap)
{
	struct ptpdk_frame f = { .transport = s->transport, .has_vlan = s->vlan, .vlan_tci = 7 };
	bool v6 = s->transport == PTPDK_TRANSPORT_UDP6;
	uint8_t ptp[1600];
	struct ptpdk_msg m;
	int n;

	memset(&m, 0, sizeof(m));
	m.header.message_type = (uint8_t)s->type;
	m.header.version = 2;
	m.header.sequence_id = s->seq;
	m.header.source_port_identity.port_number = 1;
	if (s->type == PTPDK_MSG_MANAGEMENT) {
		m.tlv_count = 1;
		m.tlvs[0].type = PTPDK_TLV_MANAGEMENT;
		m.tlvs[0].u.management.management_id = PTPDK_MGMT_CURRENT_DATA_SET;
	} else if (s->tlv_pad) {
		static const uint8_t pad[1500];

		m.tlv_count = 1;
		/* An experimental-range type the codec keeps raw; lengths must be even. */
		m.tlvs[0].type = 0x7F00;
		m.tlvs[0].value = pad;
		m.tlvs[0].length = (uint16_t)(s->tlv_pad & ~1u);
	}
	n = ptpdk_msg_encode(&m, ptp, sizeof(ptp));
	if (n < 0)
		return n;
	memcpy(f.src_mac, test_peer_mac, 6);
	memcpy(f.src_ip, v6 ? test_peer_ipv6 : test_peer_ipv4, v6 ? 16 : 4);
	f.src_port = f.dst_port =
		ptpdk_msg_type_is_event(s->type) ? PTPDK_UDP_EVENT_PORT : PTPDK_UDP_GENERAL_PORT;
	ptpdk_frame_set_multicast_dst(&f, s->type == PTPDK_MSG_PDELAY_REQ ||
						  s->type == PTPDK_MSG_PDELAY_RESP ||
						  s->type == PTPDK_MSG_PDELAY_RESP_FOLLOW_UP);
	test_set_destination(&f, s->dst);
	return ptpdk_frame_build(buf, cap, &f, ptp, (size_t)n);
}

/* An ARP request: the commonest non-PTP frame on a PTP segment. */
static inline int test_build_arp(uint8_t *buf, size_t cap)
{
	static const uint8_t arp[42] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x11, 0x08, 0x06,
		0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x11,
		198,  18,   0,	  11,	0,    0,    0,	  0,	0,    0,    198,  18,	0,    1,
	};

	if (cap < sizeof(arp))
		return -1;
	memcpy(buf, arp, sizeof(arp));
	return (int)sizeof(arp);
}

#endif
