/* SPDX-License-Identifier: BSD-3-Clause */
/* Encapsulations: build/parse for each transport, validation reasons, checksum fix-ups. */
#include <errno.h>

#include "check.h"
#include "ptpdk_csum.h"
#include "ptpdk_frame.h"
#include "ptpdk_msg.h"

static const uint8_t src_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t v4_src[4] = { 198, 18, 0, 11 };
static const uint8_t v6_src[16] = { 0x20, 0x01, 0x00, 0x02, [15] = 0x11 };

static size_t make_ptp(uint8_t *buf, unsigned type)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = (uint8_t)type;
	m.header.version = 2;
	m.header.sequence_id = 77;
	m.header.correction = 123456;
	if (type == PTPDK_MSG_MANAGEMENT) {
		m.tlv_count = 1;
		m.tlvs[0].type = PTPDK_TLV_MANAGEMENT;
		m.tlvs[0].u.management.management_id = PTPDK_MGMT_CURRENT_DATA_SET;
	}
	return (size_t)ptpdk_msg_encode(&m, buf, 256);
}

static void init_frame(struct ptpdk_frame *f, enum ptpdk_transport t, bool vlan, unsigned type)
{
	memset(f, 0, sizeof(*f));
	f->transport = t;
	memcpy(f->src_mac, src_mac, 6);
	f->has_vlan = vlan;
	f->vlan_tci = vlan ? (uint16_t)(5u << 13 | 100) : 0;
	memcpy(f->src_ip, t == PTPDK_TRANSPORT_UDP6 ? v6_src : v4_src,
	       t == PTPDK_TRANSPORT_UDP6 ? 16 : 4);
	f->src_port = f->dst_port =
		ptpdk_msg_type_is_event(type) ? PTPDK_UDP_EVENT_PORT : PTPDK_UDP_GENERAL_PORT;
	ptpdk_frame_set_multicast_dst(f, type == PTPDK_MSG_PDELAY_REQ);
}

static int build(uint8_t *buf, enum ptpdk_transport t, bool vlan, unsigned type,
		 struct ptpdk_frame *f)
{
	uint8_t ptp[256];
	size_t n = make_ptp(ptp, type);

	init_frame(f, t, vlan, type);
	return ptpdk_frame_build(buf, 512, f, ptp, n);
}

static enum ptpdk_frame_class parse(const uint8_t *buf, size_t len, struct ptpdk_frame *f,
				    enum ptpdk_reject *why)
{
	*why = PTPDK_REJECT_NONE;
	return ptpdk_frame_parse(buf, len, PTPDK_FRAME_F_VERIFY_CSUM, f, why);
}

static void test_build_parse_all(void)
{
	static const unsigned types[] = { PTPDK_MSG_SYNC, PTPDK_MSG_PDELAY_REQ, PTPDK_MSG_ANNOUNCE,
					  PTPDK_MSG_MANAGEMENT };
	unsigned t, v, i;

	for (t = PTPDK_TRANSPORT_L2; t <= PTPDK_TRANSPORT_UDP6; t++)
		for (v = 0; v < 2; v++)
			for (i = 0; i < 4; i++) {
				uint8_t buf[512];
				struct ptpdk_frame built, got;
				struct ptpdk_msg m;
				enum ptpdk_reject why;
				int n = build(buf, t, v, types[i], &built);

				CHECK(n > 0);
				CHECK_EQ_INT(parse(buf, (size_t)n, &got, &why), PTPDK_FRAME_PTP);
				CHECK_EQ_INT(got.transport, t);
				CHECK_EQ_INT(got.has_vlan, v);
				CHECK_EQ_INT(got.vlan_tci, built.vlan_tci);
				CHECK_MEM(got.dst_mac, built.dst_mac, 6);
				if (t != PTPDK_TRANSPORT_L2) {
					CHECK_MEM(got.src_ip, built.src_ip, 16);
					CHECK_MEM(got.dst_ip, built.dst_ip, 16);
					CHECK_EQ_INT(got.dst_port, built.dst_port);
				}
				CHECK_EQ_INT(ptpdk_msg_decode(buf + got.payload_offset,
							      got.payload_length, &m, &why),
					     0);
				CHECK_EQ_INT(m.header.sequence_id, 77);
			}
}

static void test_multicast_addresses(void)
{
	struct ptpdk_frame f;
	static const uint8_t v4_mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x01, 0x81 };
	static const uint8_t v6_mac[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x6b };
	static const uint8_t l2_peer[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };

	init_frame(&f, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC);
	CHECK_MEM(f.dst_mac, v4_mac, 6);
	CHECK(f.dst_ip[0] == 224 && f.dst_ip[3] == 129);
	init_frame(&f, PTPDK_TRANSPORT_UDP6, false, PTPDK_MSG_PDELAY_REQ);
	CHECK_MEM(f.dst_mac, v6_mac, 6);
	CHECK(f.dst_ip[0] == 0xff && f.dst_ip[1] == 0x02 && f.dst_ip[15] == 0x6b);
	init_frame(&f, PTPDK_TRANSPORT_L2, false, PTPDK_MSG_PDELAY_REQ);
	CHECK_MEM(f.dst_mac, l2_peer, 6);
}

static enum ptpdk_reject reject_of(uint8_t *buf, size_t len)
{
	struct ptpdk_frame f;
	enum ptpdk_reject why;

	if (parse(buf, len, &f, &why) != PTPDK_FRAME_REJECTED)
		return PTPDK_REJECT_NONE;
	return why;
}

static void test_rejects(void)
{
	uint8_t buf[512];
	struct ptpdk_frame f, got;
	enum ptpdk_reject why;
	int n;

	/* A Sync sent to the general port. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 20 + 3] = 0x40; /* dport 320 */
	buf[14 + 20 + 6] = buf[14 + 20 + 7] = 0;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_WRONG_PORT);
	/* A corrupted payload octet breaks the UDP checksum. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[n - 1] ^= 0x01;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_BAD_UDP_CHECKSUM);
	/* ...unless verification is off (the NIC checked already). */
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)n, 0, &got, &why), PTPDK_FRAME_PTP);
	/* IPv4 UDP checksum 0 means none; IPv6 forbids it. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 20 + 6] = buf[14 + 20 + 7] = 0;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_NONE);
	n = build(buf, PTPDK_TRANSPORT_UDP6, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 40 + 6] = buf[14 + 40 + 7] = 0;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_BAD_UDP_CHECKSUM);
	/* IP header checksum. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 10] ^= 0xff;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_BAD_IP_CHECKSUM);
	/* More-fragments flag on a PTP datagram. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 6] = 0x20;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_IP_FRAGMENT);
	/* Frame cut short of the IP total length. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	CHECK_EQ_INT(reject_of(buf, (size_t)n - 1), PTPDK_REJECT_TRUNCATED_FRAME);
	n = build(buf, PTPDK_TRANSPORT_UDP6, false, PTPDK_MSG_SYNC, &f);
	CHECK_EQ_INT(reject_of(buf, (size_t)n - 1), PTPDK_REJECT_TRUNCATED_FRAME);
	/* UDP length disagreeing with IP. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 20 + 5] -= 2;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_BAD_UDP_LENGTH);
	/* Two VLAN tags. */
	n = build(buf, PTPDK_TRANSPORT_L2, true, PTPDK_MSG_SYNC, &f);
	buf[16] = 0x81;
	buf[17] = 0x00;
	CHECK_EQ_INT(reject_of(buf, (size_t)n), PTPDK_REJECT_VLAN_STACK);
	/* Not PTP: ARP, UDP to another port, frames too short to tell. */
	memset(buf, 0, 64);
	buf[12] = 0x08;
	buf[13] = 0x06;
	CHECK_EQ_INT(parse(buf, 60, &got, &why), PTPDK_FRAME_NOT_PTP);
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 20 + 3] = 0x7b; /* dport 123 (NTP) */
	CHECK_EQ_INT(parse(buf, (size_t)n, &got, &why), PTPDK_FRAME_NOT_PTP);
	CHECK_EQ_INT(parse(buf, 10, &got, &why), PTPDK_FRAME_NOT_PTP);
	CHECK_EQ_INT(ptpdk_frame_build(buf, 20, &f, buf, 44), -ENOSPC);
}

/* Every possible truncation of every kind of frame is classified without reading past it. */
static void test_truncation_sweep(void)
{
	unsigned t, v;

	for (t = PTPDK_TRANSPORT_L2; t <= PTPDK_TRANSPORT_UDP6; t++)
		for (v = 0; v < 2; v++) {
			uint8_t full[512];
			struct ptpdk_frame f, got;
			enum ptpdk_reject why;
			int n = build(full, t, v, PTPDK_MSG_ANNOUNCE, &f), len;

			for (len = 0; len < n; len++) {
				/* Heap copy of exactly len octets so ASan sees any overread. */
				uint8_t *cut = malloc(len ? (size_t)len : 1);

				memcpy(cut, full, (size_t)len);
				CHECK(parse(cut, (size_t)len, &got, &why) <= PTPDK_FRAME_REJECTED);
				/* A cut frame's checksums are looked at only inside len. */
				if (ptpdk_frame_parse(cut, (size_t)len, 0, &got, &why) ==
				    PTPDK_FRAME_PTP)
					(void)ptpdk_frame_checksum_faults(cut, (size_t)len, &got);
				CHECK_EQ_INT(ptpdk_frame_checksum_faults(cut, (size_t)len, &f), 0);
				free(cut);
			}
		}
}

static unsigned faults_of(const uint8_t *buf, size_t len)
{
	struct ptpdk_frame f;
	enum ptpdk_reject why;

	if (ptpdk_frame_parse(buf, len, 0, &f, &why) != PTPDK_FRAME_PTP)
		return ~0u;
	return ptpdk_frame_checksum_faults(buf, len, &f);
}

/* Each checksum reported on its own, the frame still parsed. */
static void test_checksum_faults_known(void)
{
	uint8_t buf[512];
	struct ptpdk_frame f;
	unsigned t;
	int n;

	for (t = PTPDK_TRANSPORT_L2; t <= PTPDK_TRANSPORT_UDP6; t++) {
		n = build(buf, t, false, PTPDK_MSG_SYNC, &f);
		CHECK_EQ_INT(faults_of(buf, (size_t)n), 0);
		buf[n - 1] ^= 0x01;
		CHECK_EQ_INT(faults_of(buf, (size_t)n),
			     t == PTPDK_TRANSPORT_L2 ? 0 : PTPDK_FRAME_CSUM_BAD_UDP);
	}
	/* IPv4 header checksum alone, then both. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, true, PTPDK_MSG_FOLLOW_UP, &f);
	buf[18 + 11] ^= 0x10;
	CHECK_EQ_INT(faults_of(buf, (size_t)n), PTPDK_FRAME_CSUM_BAD_IP);
	buf[n - 2] ^= 0x80;
	CHECK_EQ_INT(faults_of(buf, (size_t)n), PTPDK_FRAME_CSUM_BAD_IP | PTPDK_FRAME_CSUM_BAD_UDP);
	/* Zero: "none" in IPv4, wrong in IPv6. */
	n = build(buf, PTPDK_TRANSPORT_UDP4, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 20 + 6] = buf[14 + 20 + 7] = 0;
	CHECK_EQ_INT(faults_of(buf, (size_t)n), 0);
	n = build(buf, PTPDK_TRANSPORT_UDP6, false, PTPDK_MSG_SYNC, &f);
	buf[14 + 40 + 6] = buf[14 + 40 + 7] = 0;
	CHECK_EQ_INT(faults_of(buf, (size_t)n), PTPDK_FRAME_CSUM_BAD_UDP);
	/* A frame description that does not fit the buffer is not read. */
	n = build(buf, PTPDK_TRANSPORT_UDP6, false, PTPDK_MSG_SYNC, &f);
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)n, 0, &f, NULL), PTPDK_FRAME_PTP);
	CHECK_EQ_INT(ptpdk_frame_checksum_faults(buf, (size_t)n - 1, &f), 0);
	CHECK_EQ_INT(ptpdk_frame_checksum_faults(NULL, (size_t)n, &f), 0);
}

/*
 * On random corruptions, the lenient parse plus the fault report must say what the
 * strict (daemon's) parse says: refused for the IPv4 checksum first, then the UDP one,
 * accepted when neither is wrong; and never accept what the lenient parse refused.
 */
static void test_checksum_faults_match_strict(void)
{
	unsigned seen[4] = { 0 };
	int i;

	for (i = 0; i < 50000 && check_failures < 10; i++) {
		enum ptpdk_transport t = (enum ptpdk_transport)(check_rand() % 3);
		uint8_t buf[512];
		struct ptpdk_frame f, lenient, strict;
		enum ptpdk_reject why = PTPDK_REJECT_NONE;
		int n = build(buf, t, check_rand() % 2, PTPDK_MSG_ANNOUNCE, &f), k;
		enum ptpdk_frame_class lc, sc;
		unsigned faults;

		for (k = 1 + (int)(check_rand() % 3); k > 0; k--)
			buf[check_rand() % (unsigned)n] ^= (uint8_t)(1 + check_rand() % 255);
		lc = ptpdk_frame_parse(buf, (size_t)n, 0, &lenient, NULL);
		sc = ptpdk_frame_parse(buf, (size_t)n, PTPDK_FRAME_F_VERIFY_CSUM, &strict, &why);
		if (lc != PTPDK_FRAME_PTP) {
			CHECK(sc != PTPDK_FRAME_PTP);
			continue;
		}
		faults = ptpdk_frame_checksum_faults(buf, (size_t)n, &lenient);
		seen[faults & 3]++;
		if (faults & PTPDK_FRAME_CSUM_BAD_IP) {
			CHECK_EQ_INT(sc, PTPDK_FRAME_REJECTED);
			CHECK_EQ_INT(why, PTPDK_REJECT_BAD_IP_CHECKSUM);
		} else if (faults & PTPDK_FRAME_CSUM_BAD_UDP) {
			CHECK_EQ_INT(sc, PTPDK_FRAME_REJECTED);
			CHECK_EQ_INT(why, PTPDK_REJECT_BAD_UDP_CHECKSUM);
		} else {
			CHECK_EQ_INT(sc, PTPDK_FRAME_PTP);
		}
	}
	/* The corruptions did reach every combination (no, IP only, UDP only, both). */
	CHECK(seen[0] && seen[1] && seen[2] && seen[3]);
}

/* The incremental fix-up must give the checksum a full recomputation gives. */
static void test_patch_payload(void)
{
	int i;

	for (i = 0; i < 20000 && check_failures < 10; i++) {
		enum ptpdk_transport t = (enum ptpdk_transport)(1 + check_rand() % 2);
		uint8_t buf[512], copy[512], edit[16];
		struct ptpdk_frame f, got;
		enum ptpdk_reject why;
		int n = build(buf, t, check_rand() % 2, PTPDK_MSG_SYNC, &f);
		size_t len = 1 + check_rand() % 10, pos;

		CHECK_EQ_INT(parse(buf, (size_t)n, &got, &why), PTPDK_FRAME_PTP);
		/* Octet 0 holds messageType, which must keep matching the port. */
		pos = 1 + check_rand() % (got.payload_length - len);
		check_rand_bytes(edit, len);
		CHECK_EQ_INT(ptpdk_frame_patch_payload(buf, &got, pos, edit, len), 0);
		memcpy(copy, buf, (size_t)n);
		ptpdk_frame_fix_udp_checksum(copy, &got);
		CHECK_MEM(buf + got.l4_offset + 6, copy + got.l4_offset + 6, 2);
		CHECK_EQ_INT(parse(buf, (size_t)n, &got, &why), PTPDK_FRAME_PTP);
		CHECK_EQ_INT(ptpdk_frame_patch_payload(buf, &got, got.payload_length, edit, 1),
			     -ERANGE);
	}
}

static void test_csum_known(void)
{
	/* RFC 1071 section 3 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2. */
	static const uint8_t data[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	CHECK_EQ_INT(ptpdk_csum_finish(ptpdk_csum_add(0, data, 8, 0)), (uint16_t)~0xddf2);
	/* Split at an odd offset gives the same sum. */
	CHECK_EQ_INT(
		ptpdk_csum_finish(ptpdk_csum_add(ptpdk_csum_add(0, data, 3, 0), data + 3, 5, 1)),
		(uint16_t)~0xddf2);
}

int main(void)
{
	check_seed("test_frame");
	test_build_parse_all();
	test_multicast_addresses();
	test_rejects();
	test_truncation_sweep();
	test_checksum_faults_known();
	test_checksum_faults_match_strict();
	test_patch_payload();
	test_csum_known();
	return check_report("test_frame");
}
