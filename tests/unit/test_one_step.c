/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One-step Sync parts: the patch that writes the departure time into a framed Sync
 * (on every framing the engine's transports build: L2, UDPv4, UDPv6, each with and
 * without an 802.1Q tag), read back through the frame parser with checksum
 * verification and the codec; the TSC line that carries the clock's time to the TX
 * owner; and the statistics of the written time's error.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "ptpdk_err_stats.h"
#include "ptpdk_frame.h"
#include "ptpdk_msg.h"
#include "ptpdk_one_step.h"
#include "ptpdk_tick_map.h"
#include "ptpdk_transport.h"

static int sync_frame(enum ptpdk_transport kind, bool vlan, bool two_step, int64_t corr,
		      uint8_t *buf, size_t cap)
{
	struct ptpdk_transport_conf tc = { .transport = kind, .has_ipv4 = true, .has_ipv6 = true };
	struct ptpdk_dest dst = ptpdk_dest_group(false);
	struct ptpdk_transport_port *tp;
	uint8_t ptp[PTPDK_MSG_MAX_LEN];
	struct ptpdk_msg m;
	int n;

	memcpy(tc.mac, (uint8_t[6]){ 0x02, 0, 0, 0, 0, 0x01 }, 6);
	memcpy(tc.ipv4, (uint8_t[4]){ 198, 18, 0, 1 }, 4);
	memcpy(tc.ipv6, (uint8_t[16]){ 0x20, 0x01, 0x00, 0x02, [15] = 1 }, 16);
	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_SYNC;
	m.header.version = 2;
	m.header.message_length = PTPDK_ONE_STEP_SYNC_LEN;
	m.header.flags = two_step ? PTPDK_FLAG_TWO_STEP : 0;
	m.header.correction = corr;
	m.header.sequence_id = 4242;
	m.header.log_message_interval = -4;
	n = ptpdk_msg_encode(&m, ptp, sizeof(ptp));
	CHECK_EQ_INT(n, PTPDK_ONE_STEP_SYNC_LEN);
	tp = ptpdk_transport_port_create(&tc);
	CHECK(tp != NULL);
	ptpdk_transport_port_set_vlan(tp, vlan, vlan ? (uint16_t)(3u << 13 | 42) : 0);
	n = ptpdk_transport_build(tp, &dst, true, ptp, (size_t)n, buf, cap);
	ptpdk_transport_port_destroy(tp);
	CHECK(n > 0);
	return n;
}

/* Patch, then parse with checksum verification and decode: the time is where a
 * receiver reads it, the rest of the message as it was. */
static void check_patch(enum ptpdk_transport kind, bool vlan)
{
	static const size_t l3[] = { [PTPDK_TRANSPORT_L2] = 0,
				     [PTPDK_TRANSPORT_UDP4] = 20 + 8,
				     [PTPDK_TRANSPORT_UDP6] = 40 + 8 };
	const struct ptpdk_tmv t = { .ns = 1700000000123456789LL, .frac = 0x8001 };
	uint8_t buf[256], before[256];
	struct ptpdk_frame f;
	enum ptpdk_reject why;
	struct ptpdk_tmv t1;
	struct ptpdk_msg m;
	int n = sync_frame(kind, vlan, false, 1000 << 16, buf, sizeof(buf));

	memcpy(before, buf, (size_t)n);
	CHECK_EQ_INT(ptpdk_one_step_patch_frame(buf, (size_t)n, t), 0);
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)n, PTPDK_FRAME_F_VERIFY_CSUM, &f, &why),
		     PTPDK_FRAME_PTP);
	/* where the PTP header starts on each framing */
	CHECK_EQ_INT(f.payload_offset, 14 + (vlan ? 4 : 0) + l3[kind]);
	CHECK_EQ_INT(ptpdk_msg_decode(buf + f.payload_offset, f.payload_length, &m, NULL), 0);
	CHECK_EQ_INT(m.header.sequence_id, 4242);
	CHECK_EQ_INT(m.header.flags & PTPDK_FLAG_TWO_STEP, 0);
	CHECK_EQ_INT(ptpdk_wire_ts_to_tmv(&m.body.timestamp.timestamp, &t1), 0);
	/* 11.2: originTimestamp + correctionField = t; the earlier correction stays */
	CHECK_EQ_INT(t1.ns, t.ns);
	CHECK_EQ_INT(t1.frac, 0);
	CHECK_EQ_INT(m.header.correction, ((int64_t)1000 << 16) + t.frac);
	/* only the timestamp, the correctionField and the UDP checksum changed */
	for (int i = 0; i < n; i++) {
		int pos = i - f.payload_offset;
		bool ts = pos >= PTPDK_ONE_STEP_ORIGIN_POS && pos < PTPDK_ONE_STEP_ORIGIN_POS + 10;
		bool cf = pos >= PTPDK_ONE_STEP_CORRECTION_POS &&
			  pos < PTPDK_ONE_STEP_CORRECTION_POS + 8;
		bool csum = kind != PTPDK_TRANSPORT_L2 &&
			    (i == f.l4_offset + 6 || i == f.l4_offset + 7);

		if (!ts && !cf && !csum)
			CHECK_EQ_INT(buf[i], before[i]);
	}
	/* a checksum recomputed from scratch agrees with the incremental one */
	if (kind != PTPDK_TRANSPORT_L2) {
		uint8_t again[256];

		memcpy(again, buf, (size_t)n);
		ptpdk_frame_fix_udp_checksum(again, &f);
		CHECK_MEM(again, buf, (size_t)n);
	}
}

static void test_patch_framings(void)
{
	for (int k = PTPDK_TRANSPORT_L2; k <= PTPDK_TRANSPORT_UDP6; k++)
		for (int v = 0; v < 2; v++)
			check_patch((enum ptpdk_transport)k, v);
}

static void test_patch_refuses(void)
{
	const struct ptpdk_tmv t = { .ns = 5, .frac = 0 };
	uint8_t buf[256], before[256];
	int n = sync_frame(PTPDK_TRANSPORT_UDP4, false, true, 0, buf, sizeof(buf));

	/* a two-step Sync's time belongs in its Follow_Up: left alone */
	memcpy(before, buf, (size_t)n);
	CHECK_EQ_INT(ptpdk_one_step_patch_frame(buf, (size_t)n, t), -EINVAL);
	CHECK_MEM(buf, before, (size_t)n);
	/* negative time, truncated frame, not a PTP frame */
	n = sync_frame(PTPDK_TRANSPORT_L2, false, false, 0, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_one_step_patch_frame(buf, (size_t)n, (struct ptpdk_tmv){ -1, 0 }),
		     -ERANGE);
	CHECK_EQ_INT(ptpdk_one_step_patch_frame(buf, 14 + 40, t), -EINVAL);
	buf[12] = 0x08;
	buf[13] = 0x06; /* ARP */
	CHECK_EQ_INT(ptpdk_one_step_patch_frame(buf, (size_t)n, t), -EINVAL);
	CHECK_EQ_INT(ptpdk_one_step_patch_frame(NULL, 0, t), -EINVAL);
	/* correctionField at its largest: the fraction would overflow it */
	n = sync_frame(PTPDK_TRANSPORT_L2, false, false, INT64_MAX, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_one_step_patch_frame(buf, (size_t)n, (struct ptpdk_tmv){ 5, 1 }),
		     -ERANGE);
	/* a bare message: the simulator's way */
	n = sync_frame(PTPDK_TRANSPORT_L2, false, false, 0, buf, sizeof(buf));
	CHECK_EQ_INT(ptpdk_one_step_patch_msg(buf + 14, (size_t)n - 14, t), 0);
	CHECK_EQ_INT(buf[14 + 34 + 9], 5);
}

static void test_tick_map(void)
{
	struct ptpdk_tick_map map;
	struct ptpdk_tmv t;

	/* 3 GHz at +100 ppm: 1 s of ticks shows 1.0001 s */
	CHECK_EQ_INT(ptpdk_tick_map_from_two(&map, 1000, ptpdk_tmv_from_ns(500),
					     1000 + 3000000000ull,
					     ptpdk_tmv_from_ns(500 + 1000100000)),
		     0);
	CHECK_EQ_INT(ptpdk_tick_map_at(&map, 1000, &t), 0);
	CHECK_EQ_INT(t.ns, 500);
	CHECK_EQ_INT(t.frac, 0);
	CHECK_EQ_INT(ptpdk_tick_map_at(&map, 1000 + 3, &t), 0);
	/* 3 ticks = 1.0001 ns */
	CHECK_EQ_INT(t.ns, 501);
	CHECK_NEAR((double)t.frac, 0.0001 * 65536, 1);
	/* before the base: the fraction stays in [0, 1) */
	CHECK_EQ_INT(ptpdk_tick_map_at(&map, 1000 - 3, &t), 0);
	CHECK_EQ_INT(t.ns, 498);
	CHECK_NEAR((double)t.frac, (1 - 0.0001) * 65536, 1);
	CHECK_EQ_INT(ptpdk_tick_map_at(&map, 1000 + 3000000, &t), 0);
	CHECK_EQ_INT(t.ns, 500 + 1000100);
	CHECK_EQ_INT(ptpdk_tick_map_at(&map, 1000 + PTPDK_TICK_MAP_MAX_SPAN + 1, &t), -ERANGE);
	CHECK_EQ_INT(
		ptpdk_tick_map_from_two(&map, 5, ptpdk_tmv_from_ns(0), 5, ptpdk_tmv_from_ns(1)),
		-EINVAL);
	map.ns_per_tick = 0;
	CHECK_EQ_INT(ptpdk_tick_map_at(&map, 0, &t), -EINVAL);
}

static void test_err_stats(void)
{
	static struct ptpdk_err_stats s;
	static const int64_t v[] = { 0, 3, -4, 12, 150, -2500, 9, INT64_MIN };

	ptpdk_err_stats_init(&s);
	CHECK_EQ_INT(ptpdk_err_stats_count(&s), 0);
	CHECK_EQ_INT(ptpdk_err_stats_max_abs(&s), 0);
	for (unsigned i = 0; i + 1 < sizeof(v) / sizeof(v[0]); i++)
		ptpdk_err_stats_record(&s, v[i]);
	CHECK_EQ_INT(ptpdk_err_stats_count(&s), 7);
	CHECK_NEAR(ptpdk_err_stats_mean(&s), (0 + 3 - 4 + 12 + 150 - 2500 + 9) / 7.0, 1e-9);
	CHECK_EQ_INT(ptpdk_err_stats_max_abs(&s), 2500);
	CHECK_EQ_INT(ptpdk_hist_min(&s.signed_ns), -2500);
	CHECK_EQ_INT(s.decade[0], 4); /* 0, 3, 4, 9 */
	CHECK_EQ_INT(s.decade[1], 1); /* 12 */
	CHECK_EQ_INT(s.decade[2], 1); /* 150 */
	CHECK_EQ_INT(s.decade[3], 1); /* 2500 */
	ptpdk_err_stats_record(&s, INT64_MIN);
	CHECK_EQ_INT(ptpdk_err_stats_max_abs(&s), INT64_MAX);
	CHECK_EQ_INT(s.decade[PTPDK_ERR_STATS_DECADES - 1], 1);
	CHECK_EQ_INT(ptpdk_err_stats_decade_from(0), 0);
	CHECK_EQ_INT(ptpdk_err_stats_decade_from(3), 1000);
}

int main(void)
{
	check_seed("test_one_step");
	test_patch_framings();
	test_patch_refuses();
	test_tick_map();
	test_err_stats();
	return check_report("test_one_step");
}
