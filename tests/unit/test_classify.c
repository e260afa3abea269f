/* SPDX-License-Identifier: BSD-3-Clause */
/* RX classification: every encapsulation and destination, drops by class and reason. */
#include "check.h"
#include "ptpdk_classify.h"
#include "ptpdk_event.h"
#include "test_frames.h"

static const unsigned all_types[] = {
	PTPDK_MSG_SYNC,
	PTPDK_MSG_DELAY_REQ,
	PTPDK_MSG_PDELAY_REQ,
	PTPDK_MSG_PDELAY_RESP,
	PTPDK_MSG_FOLLOW_UP,
	PTPDK_MSG_DELAY_RESP,
	PTPDK_MSG_PDELAY_RESP_FOLLOW_UP,
	PTPDK_MSG_ANNOUNCE,
	PTPDK_MSG_SIGNALING,
	PTPDK_MSG_MANAGEMENT,
};

static struct ptpdk_addr_filter our_filter(void)
{
	struct ptpdk_addr_filter f;

	memset(&f, 0, sizeof(f));
	memcpy(f.mac, test_our_mac, 6);
	f.has_ipv4 = true;
	memcpy(f.ipv4, test_our_ipv4, 4);
	f.has_ipv6 = true;
	memcpy(f.ipv6, test_our_ipv6, 16);
	return f;
}

static enum ptpdk_class classify_spec(const struct test_frame_spec *s,
				      const struct ptpdk_addr_filter *filter,
				      struct ptpdk_classified *out, enum ptpdk_reject *why)
{
	uint8_t buf[1600];
	int n = test_build_frame(s, buf, sizeof(buf));

	CHECK(n > 0);
	*why = PTPDK_REJECT_NONE;
	return ptpdk_classify(buf, (size_t)n, PTPDK_FRAME_F_VERIFY_CSUM, filter, out, why);
}

static bool is_peer_type(unsigned type)
{
	return type == PTPDK_MSG_PDELAY_REQ || type == PTPDK_MSG_PDELAY_RESP ||
	       type == PTPDK_MSG_PDELAY_RESP_FOLLOW_UP;
}

/* Every transport x VLAN x message type x destination lands where it should. */
static void test_matrix(void)
{
	struct ptpdk_addr_filter filter = our_filter();

	for (unsigned t = 0; t < 3; t++)
		for (unsigned v = 0; v < 2; v++)
			for (size_t i = 0; i < sizeof(all_types) / sizeof(all_types[0]); i++)
				for (unsigned d = 0; d < 3; d++) {
					struct test_frame_spec s = {
						.transport = (enum ptpdk_transport)t,
						.vlan = v,
						.type = all_types[i],
						.dst = (enum test_dst)d,
						.seq = (uint16_t)(i * 7 + d),
					};
					struct ptpdk_classified c;
					enum ptpdk_reject why;
					enum ptpdk_class cls = classify_spec(&s, &filter, &c, &why);

					if (d == TEST_DST_OTHER) {
						CHECK(cls == PTPDK_CLASS_NOT_FOR_US);
						continue;
					}
					CHECK(cls == PTPDK_CLASS_PTP);
					if (cls != PTPDK_CLASS_PTP)
						continue;
					CHECK_EQ_INT(c.header.message_type, all_types[i]);
					CHECK_EQ_INT(c.header.sequence_id, s.seq);
					CHECK_EQ_INT(c.frame.transport, t);
					CHECK_EQ_INT(!!(c.rx_flags & PTPDK_RX_F_VLAN), v);
					CHECK_EQ_INT(!!(c.rx_flags & PTPDK_RX_F_EVENT_MSG),
						     all_types[i] < 8);
					CHECK_EQ_INT(!!(c.rx_flags & PTPDK_RX_F_MULTICAST),
						     d == TEST_DST_GROUP);
					CHECK_EQ_INT(!!(c.rx_flags & PTPDK_RX_F_PEER_GROUP),
						     d == TEST_DST_GROUP &&
							     is_peer_type(all_types[i]));
					CHECK_EQ_INT(c.message_len, c.header.message_length);
					CHECK(c.message[0] == (all_types[i] & 0xF));
				}
}

/* Without our own addresses configured, unicast IP is not ours; promiscuous takes all. */
static void test_filter_options(void)
{
	struct ptpdk_addr_filter none;
	struct ptpdk_classified c;
	enum ptpdk_reject why;
	struct test_frame_spec s = { .transport = PTPDK_TRANSPORT_UDP4,
				     .type = PTPDK_MSG_SYNC,
				     .dst = TEST_DST_US };

	memset(&none, 0, sizeof(none));
	CHECK(classify_spec(&s, &none, &c, &why) == PTPDK_CLASS_NOT_FOR_US);
	s.transport = PTPDK_TRANSPORT_UDP6;
	CHECK(classify_spec(&s, &none, &c, &why) == PTPDK_CLASS_NOT_FOR_US);
	none.promiscuous = true;
	s.dst = TEST_DST_OTHER;
	CHECK(classify_spec(&s, &none, &c, &why) == PTPDK_CLASS_PTP);
	CHECK(!(c.rx_flags & PTPDK_RX_F_MULTICAST));
}

/* A configured L2 group (ptp_dst_mac, p2p_dst_mac) is received on beside the standard
 * ones; an address without the group bit is not taken for one. */
static void test_configured_l2_groups(void)
{
	static const uint8_t custom[6] = { 0x01, 0x1B, 0x19, 0x00, 0x00, 0x03 };
	static const uint8_t custom_peer[6] = { 0x01, 0x1B, 0x19, 0x00, 0x00, 0x07 };
	static const uint8_t not_group[6] = { 0x02, 0x1B, 0x19, 0x00, 0x00, 0x03 };
	struct ptpdk_addr_filter filter = our_filter();
	struct test_frame_spec s = { .transport = PTPDK_TRANSPORT_L2,
				     .type = PTPDK_MSG_SYNC,
				     .dst = TEST_DST_GROUP };
	struct ptpdk_classified c;
	enum ptpdk_reject why;
	uint8_t buf[1600];
	int n = test_build_frame(&s, buf, sizeof(buf));

	CHECK(n > 0);
	memcpy(buf, custom, 6); /* the Ethernet destination */
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_NOT_FOR_US);
	memcpy(filter.l2_group_mac, custom, 6);
	memcpy(filter.l2_peer_group_mac, custom_peer, 6);
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_PTP);
	CHECK(c.rx_flags & PTPDK_RX_F_MULTICAST);
	CHECK(!(c.rx_flags & PTPDK_RX_F_PEER_GROUP));
	memcpy(buf, custom_peer, 6);
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_PTP);
	CHECK(c.rx_flags & PTPDK_RX_F_PEER_GROUP);
	/* The standard groups stay: a peer that keeps the default is still heard. */
	memcpy(buf, (const uint8_t[6]){ 0x01, 0x1B, 0x19, 0x00, 0x00, 0x00 }, 6);
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_PTP);
	memcpy(filter.l2_group_mac, not_group, 6);
	memcpy(buf, not_group, 6);
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_NOT_FOR_US);
}

/* FF0X::181 in every scope is the primary group; FF02::6B only in link-local scope. */
static void test_ipv6_scopes(void)
{
	struct ptpdk_addr_filter filter = our_filter();
	struct ptpdk_frame f = { .transport = PTPDK_TRANSPORT_UDP6,
				 .src_port = 319,
				 .dst_port = 319 };
	struct ptpdk_classified c;
	struct ptpdk_msg m;
	uint8_t ptp[64], buf[256];
	enum ptpdk_reject why;
	int n;

	memset(&m, 0, sizeof(m));
	m.header.version = 2;
	n = ptpdk_msg_encode(&m, ptp, sizeof(ptp));
	CHECK(n > 0);
	memcpy(f.src_ip, test_peer_ipv6, 16);
	for (unsigned scope = 0; scope < 16; scope++) {
		memset(f.dst_ip, 0, 16);
		f.dst_ip[0] = 0xFF;
		f.dst_ip[1] = (uint8_t)scope;
		f.dst_ip[14] = 0x01;
		f.dst_ip[15] = 0x81;
		n = ptpdk_frame_build(buf, sizeof(buf), &f, ptp, 44);
		CHECK(ptpdk_classify(buf, (size_t)n, PTPDK_FRAME_F_VERIFY_CSUM, &filter, &c,
				     &why) == PTPDK_CLASS_PTP);
	}
	f.dst_ip[1] = 0x05; /* FF05::6B is not the peer group */
	f.dst_ip[14] = 0;
	f.dst_ip[15] = 0x6B;
	n = ptpdk_frame_build(buf, sizeof(buf), &f, ptp, 44);
	CHECK(ptpdk_classify(buf, (size_t)n, PTPDK_FRAME_F_VERIFY_CSUM, &filter, &c, &why) ==
	      PTPDK_CLASS_NOT_FOR_US);
}

/* Malformed frames are refused with the codec's reason; other protocols are not PTP. */
static void test_drops(void)
{
	struct ptpdk_addr_filter filter = our_filter();
	struct test_frame_spec s = { .transport = PTPDK_TRANSPORT_UDP4, .type = PTPDK_MSG_SYNC };
	struct ptpdk_classified c;
	enum ptpdk_reject why = PTPDK_REJECT_NONE;
	uint8_t buf[1600];
	int n;

	n = test_build_arp(buf, sizeof(buf));
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_NOT_PTP);

	n = test_build_frame(&s, buf, sizeof(buf));
	buf[n - 1] ^= 0x20; /* the UDP checksum no longer matches */
	CHECK(ptpdk_classify(buf, (size_t)n, PTPDK_FRAME_F_VERIFY_CSUM, &filter, &c, &why) ==
	      PTPDK_CLASS_REJECTED);
	CHECK_EQ_INT(why, PTPDK_REJECT_BAD_UDP_CHECKSUM);
	/* The same frame passes when the NIC vouched for the checksum (flag clear)... */
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_PTP);

	/* ...but a bad PTP version is refused by the message decoder. */
	s.transport = PTPDK_TRANSPORT_L2;
	n = test_build_frame(&s, buf, sizeof(buf));
	buf[14 + 1] = 1;
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_REJECTED);
	CHECK_EQ_INT(why, PTPDK_REJECT_BAD_VERSION);

	/* A truncated message: messageLength beyond the frame. */
	n = test_build_frame(&s, buf, sizeof(buf));
	buf[14 + 2] = 0x01;
	buf[14 + 3] = 0x00;
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_REJECTED);
	CHECK_EQ_INT(why, PTPDK_REJECT_TRUNCATED);

	/* A malformed message to somebody else is not counted as our reject. */
	s.dst = TEST_DST_OTHER;
	n = test_build_frame(&s, buf, sizeof(buf));
	buf[14 + 1] = 1;
	CHECK(ptpdk_classify(buf, (size_t)n, 0, &filter, &c, &why) == PTPDK_CLASS_NOT_FOR_US);
}

/* Random bytes behind a PTP header never crash and always land in one class. */
static void test_random_frames(void)
{
	struct ptpdk_addr_filter filter = our_filter();
	struct ptpdk_classified c;
	enum ptpdk_reject why;
	uint8_t buf[300];

	for (unsigned i = 0; i < 20000; i++) {
		struct test_frame_spec s = { .transport = (enum ptpdk_transport)(i % 3),
					     .type = all_types[i % 10] };
		int n = test_build_frame(&s, buf, sizeof(buf));
		size_t len = (size_t)n - check_rand() % 8;
		unsigned pos = (unsigned)(check_rand() % len);
		enum ptpdk_class cls;

		buf[pos] = (uint8_t)check_rand();
		why = PTPDK_REJECT_NONE;
		cls = ptpdk_classify(buf, len, PTPDK_FRAME_F_VERIFY_CSUM, &filter, &c, &why);
		CHECK(cls < PTPDK_CLASS_COUNT);
		if (cls == PTPDK_CLASS_REJECTED)
			CHECK(why != PTPDK_REJECT_NONE && why < PTPDK_REJECT_MAX);
	}
	CHECK(strcmp(ptpdk_class_name(PTPDK_CLASS_NOT_FOR_US), "not_for_us") == 0);
	CHECK(strcmp(ptpdk_class_name(PTPDK_CLASS_COUNT), "invalid") == 0);
}

int main(void)
{
	check_seed("classify");
	test_matrix();
	test_filter_options();
	test_configured_l2_groups();
	test_ipv6_scopes();
	test_drops();
	test_random_frames();
	return check_report("classify");
}
