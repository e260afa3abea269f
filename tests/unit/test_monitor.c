/* SPDX-License-Identifier: BSD-3-Clause */
/* Monitor records: what an Announce leaves, the offset from one-step and two-step
 * Syncs (Follow_Up before or after its Sync), the path delay handed over, the key
 * (clock identity + source address), expiry when quiet, eviction when full. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "test_addr.h"
#include "ptpdk_monitor.h"

#define S 1000000000ull

static struct ptpdk_msg msg_of(uint8_t type, uint8_t id, uint16_t seq)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = type;
	m.header.version = 2;
	m.header.source_port_identity.clock_identity[0] = 0xaa;
	m.header.source_port_identity.clock_identity[7] = id;
	m.header.source_port_identity.port_number = 1;
	m.header.sequence_id = seq;
	return m;
}

static struct ptpdk_msg announce(uint8_t id, uint8_t gm)
{
	struct ptpdk_msg m = msg_of(PTPDK_MSG_ANNOUNCE, id, 1);

	m.header.log_message_interval = 1;
	m.header.flags = PTPDK_FLAG_PTP_TIMESCALE;
	m.body.announce.grandmaster_identity[0] = 0x00;
	m.body.announce.grandmaster_identity[1] = 0x11;
	m.body.announce.grandmaster_identity[7] = gm;
	m.body.announce.grandmaster_priority1 = 128;
	m.body.announce.grandmaster_priority2 = 127;
	m.body.announce.grandmaster_clock_quality.clock_class = 6;
	m.body.announce.grandmaster_clock_quality.clock_accuracy = 0x21;
	m.body.announce.grandmaster_clock_quality.offset_scaled_log_variance = 0x4e5d;
	m.body.announce.steps_removed = 1;
	m.body.announce.current_utc_offset = 37;
	m.body.announce.time_source = 0x20;
	return m;
}

static struct ptpdk_msg sync_of(uint8_t id, uint16_t seq, bool two_step, uint64_t sec, uint32_t ns,
				int64_t corr_ns)
{
	struct ptpdk_msg m = msg_of(PTPDK_MSG_SYNC, id, seq);

	if (two_step)
		m.header.flags = PTPDK_FLAG_TWO_STEP;
	m.header.correction = corr_ns * 65536;
	m.header.log_message_interval = -3;
	m.body.timestamp.timestamp.seconds = sec;
	m.body.timestamp.timestamp.nanoseconds = ns;
	return m;
}

static struct ptpdk_msg fup_of(uint8_t id, uint16_t seq, uint64_t sec, uint32_t ns, int64_t corr_ns)
{
	struct ptpdk_msg m = msg_of(PTPDK_MSG_FOLLOW_UP, id, seq);

	m.header.correction = corr_ns * 65536;
	m.body.timestamp.timestamp.seconds = sec;
	m.body.timestamp.timestamp.nanoseconds = ns;
	return m;
}

static void test_init(void)
{
	static struct ptpdk_monitor m;
	struct ptpdk_monitor_config cfg = { .max_clocks = PTPDK_MONITOR_MAX_CLOCKS + 1 };

	CHECK_EQ_INT(ptpdk_monitor_init(&m, &cfg), -EINVAL);
	CHECK_EQ_INT(ptpdk_monitor_init(&m, NULL), 0);
	CHECK_EQ_INT(m.max_clocks, 32);
	CHECK(m.expiry_ns == PTPDK_MONITOR_DEFAULT_EXPIRY_NS);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 0);
	{
		const uint8_t id[8] = { 0x00, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 };

		CHECK(ptpdk_monitor_id_u64(id) == 0x001122fffe334455ull);
	}
}

static void test_announce(void)
{
	static struct ptpdk_monitor m;
	struct ptpdk_msg a = announce(1, 0x77);
	struct ptpdk_addr src = test_udp4_addr(5);
	const struct ptpdk_monitor_clock *c;

	ptpdk_monitor_init(&m, NULL);
	CHECK_EQ_INT(ptpdk_monitor_announce(&m, &a, &src, 10 * S), 0);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 1);
	c = ptpdk_monitor_find(&m, a.header.source_port_identity.clock_identity, &src);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(c->announced);
	CHECK(c->master_since_ns == 10 * S && c->first_heard_ns == 10 * S);
	CHECK(ptpdk_monitor_id_u64(c->gm_identity) == 0x0011000000000077ull);
	CHECK_EQ_INT(c->gm_quality.clock_class, 6);
	CHECK_EQ_INT(c->gm_quality.clock_accuracy, 0x21);
	CHECK_EQ_INT(c->gm_quality.offset_scaled_log_variance, 0x4e5d);
	CHECK_EQ_INT(c->gm_priority1, 128);
	CHECK_EQ_INT(c->gm_priority2, 127);
	CHECK_EQ_INT(c->steps_removed, 1);
	CHECK_EQ_INT(c->current_utc_offset, 37);
	CHECK_EQ_INT(c->time_source, 0x20);
	CHECK_EQ_INT(c->log_announce_interval, 1);
	CHECK_EQ_INT(c->flags, PTPDK_FLAG_PTP_TIMESCALE);
	CHECK(!c->has_offset);

	/* a later Announce, a new grandmaster behind it: the record follows, but the
	 * clock has been a master since its first Announce */
	a.body.announce.grandmaster_identity[7] = 0x78;
	a.body.announce.grandmaster_priority1 = 100;
	CHECK_EQ_INT(ptpdk_monitor_announce(&m, &a, &src, 12 * S), 0);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 1);
	CHECK(c->master_since_ns == 10 * S && c->last_announce_ns == 12 * S);
	CHECK_EQ_INT(c->gm_identity[7], 0x78);
	CHECK_EQ_INT(c->gm_priority1, 100);
	CHECK_EQ_INT(m.counters.announces, 2);
	CHECK_EQ_INT(m.counters.created, 1);

	/* the wrong message to the wrong call: dropped and counted */
	{
		struct ptpdk_msg s = sync_of(1, 1, false, 1, 0, 0);

		CHECK_EQ_INT(ptpdk_monitor_announce(&m, &s, &src, 13 * S), -EINVAL);
		CHECK_EQ_INT(ptpdk_monitor_sync(&m, &a, &src, 0, 13 * S), -EINVAL);
		CHECK_EQ_INT(ptpdk_monitor_follow_up(&m, &s, &src, 13 * S), -EINVAL);
		CHECK_EQ_INT(m.counters.wrong_type, 3);
		CHECK(c->last_heard_ns == 12 * S);
	}
}

static void test_offsets(void)
{
	static struct ptpdk_monitor m;
	struct ptpdk_addr src = test_udp4_addr(5);
	struct ptpdk_msg a = announce(1, 0x77), s, f;
	const struct ptpdk_monitor_clock *c;
	const int64_t t2 = (int64_t)(100 * S) + 300; /* our stamp */

	ptpdk_monitor_init(&m, NULL);
	ptpdk_monitor_announce(&m, &a, &src, 1 * S);
	c = ptpdk_monitor_find(&m, a.header.source_port_identity.clock_identity, &src);

	/* one-step: t1 = 100 s + 500 ns, correction 20 ns: the master is 220 ns ahead
	 * of our stamp, before the path delay */
	s = sync_of(1, 10, false, 100, 500, 20);
	CHECK_EQ_INT(ptpdk_monitor_sync(&m, &s, &src, t2, 2 * S), 1);
	CHECK(c->has_offset && !c->two_step);
	CHECK_EQ_INT(c->raw_offset_ns, 220);
	CHECK_EQ_INT(c->offset_ns, 220);
	CHECK_EQ_INT(c->sample_ours_ns, t2);
	CHECK(c->sample_now_ns == 2 * S && c->last_sync_ns == 2 * S);
	CHECK_EQ_INT(c->log_sync_interval, -3);

	/* the measured mean path delay (11.3): the master's time at our stamp is that
	 * much later again; nqptp's raw offset stays as it was */
	CHECK_EQ_INT(ptpdk_monitor_set_delay(&m, c->clock_identity, &src, true, 1500), 0);
	CHECK_EQ_INT(c->offset_ns, 1720);
	CHECK_EQ_INT(c->raw_offset_ns, 220);
	CHECK(c->delay_known && c->delay_ns == 1500);

	/* two-step: Sync (correction 10 ns) then Follow_Up (t1 = 200 s + 1000 ns,
	 * correction 5 ns), ours 200 s + 400 ns: raw 615, with the delay 2115 */
	s = sync_of(1, 11, true, 0, 0, 10);
	CHECK_EQ_INT(ptpdk_monitor_sync(&m, &s, &src, (int64_t)(200 * S) + 400, 3 * S), 0);
	CHECK(c->two_step && c->sample_ours_ns == t2);
	/* another sequenceId: not this Sync's */
	f = fup_of(1, 12, 200, 1000, 5);
	CHECK_EQ_INT(ptpdk_monitor_follow_up(&m, &f, &src, 3 * S + 1000), 0);
	CHECK_EQ_INT(c->raw_offset_ns, 220);
	f = fup_of(1, 11, 200, 1000, 5);
	CHECK_EQ_INT(ptpdk_monitor_follow_up(&m, &f, &src, 3 * S + 2000), 1);
	CHECK_EQ_INT(c->raw_offset_ns, 615);
	CHECK_EQ_INT(c->offset_ns, 2115);
	CHECK_EQ_INT(c->sample_ours_ns, (int64_t)(200 * S) + 400);
	CHECK(c->sample_now_ns == 3 * S + 2000);

	/* a Follow_Up overtaking its Sync (software stamps, reordering): kept, then
	 * matched; the stale one from seq 12 above was replaced and counted */
	f = fup_of(1, 13, 300, 0, 0);
	CHECK_EQ_INT(ptpdk_monitor_follow_up(&m, &f, &src, 4 * S), 0);
	CHECK_EQ_INT(m.counters.fup_unmatched, 1);
	s = sync_of(1, 13, true, 0, 0, -100);
	CHECK_EQ_INT(ptpdk_monitor_sync(&m, &s, &src, (int64_t)(300 * S) - 1000, 4 * S + 10), 1);
	CHECK_EQ_INT(c->raw_offset_ns, 900);
	CHECK_EQ_INT(c->offset_ns, 2400);

	/* the delay forgotten: back to the raw offset */
	CHECK_EQ_INT(ptpdk_monitor_set_delay(&m, c->clock_identity, &src, false, 99), 0);
	CHECK_EQ_INT(c->offset_ns, 900);
	CHECK(!c->delay_known && c->delay_ns == 0);
	{
		struct ptpdk_addr other = test_udp4_addr(6);

		CHECK_EQ_INT(ptpdk_monitor_set_delay(&m, c->clock_identity, &other, true, 1),
			     -ENOENT);
	}

	/* a two-step Sync replaced before its Follow_Up */
	s = sync_of(1, 20, true, 0, 0, 0);
	ptpdk_monitor_sync(&m, &s, &src, 0, 5 * S);
	s = sync_of(1, 21, true, 0, 0, 0);
	ptpdk_monitor_sync(&m, &s, &src, 0, 5 * S);
	CHECK_EQ_INT(m.counters.sync_unfollowed, 1);

	/* an origin time that is not a time */
	s = sync_of(1, 30, false, 1, 1000000000u, 0);
	CHECK_EQ_INT(ptpdk_monitor_sync(&m, &s, &src, 0, 6 * S), -ERANGE);
	f = fup_of(1, 21, 1, 1000000000u, 0);
	CHECK_EQ_INT(ptpdk_monitor_follow_up(&m, &f, &src, 6 * S), -ERANGE);
	CHECK_EQ_INT(m.counters.bad_timestamp, 2);
	CHECK_EQ_INT(c->raw_offset_ns, 900);
	CHECK_EQ_INT(c->samples, 3);
	CHECK_EQ_INT(m.counters.samples, 3);
}

static void test_keys(void)
{
	static struct ptpdk_monitor m;
	struct ptpdk_addr a5 = test_udp4_addr(5), a6 = test_udp4_addr(6),
			  a5_vlan = test_udp4_addr(5);
	struct ptpdk_msg ann1 = announce(1, 0x77), ann2 = announce(2, 0x77);
	struct ptpdk_msg sync2 = sync_of(2, 1, false, 1, 0, 0);
	const uint8_t *id1 = ann1.header.source_port_identity.clock_identity;
	const struct ptpdk_monitor_clock *c;

	a5_vlan.has_vlan = true;
	a5_vlan.vlan_tci = 100;
	a5_vlan.mac[0] = 0x02;
	ptpdk_monitor_init(&m, NULL);
	ptpdk_monitor_announce(&m, &ann1, &a5, 1 * S);
	/* the same clock from another address: another record */
	ptpdk_monitor_announce(&m, &ann1, &a6, 2 * S);
	/* the same address with a tag and a MAC: the same record */
	ptpdk_monitor_announce(&m, &ann1, &a5_vlan, 3 * S);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 2);
	c = ptpdk_monitor_find(&m, id1, &a5);
	CHECK(c && c->last_heard_ns == 3 * S && c->master_since_ns == 1 * S);
	CHECK(c && !c->source.has_vlan && c->source.mac[0] == 0);

	/* another clock behind a5 that only sends Sync: listed, not a master */
	CHECK_EQ_INT(ptpdk_monitor_sync(&m, &sync2, &a5, 0, 4 * S), 1);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 3);
	c = ptpdk_monitor_find(&m, sync2.header.source_port_identity.clock_identity, &a5);
	CHECK(c && !c->announced && c->has_offset);
	/* by address: the clock that announced, though the other was heard later */
	c = ptpdk_monitor_find_source(&m, &a5);
	CHECK(c && c->announced && memcmp(c->clock_identity, id1, 8) == 0);
	/* once both announce, the latest heard */
	ptpdk_monitor_announce(&m, &ann2, &a5, 5 * S);
	c = ptpdk_monitor_find_source(&m, &a5);
	CHECK(c && c->clock_identity[7] == 2);
	{
		struct ptpdk_addr none = test_udp4_addr(9);

		CHECK(ptpdk_monitor_find_source(&m, &none) == NULL);
		CHECK(ptpdk_monitor_find(&m, id1, &none) == NULL);
	}
	ptpdk_monitor_clear(&m);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 0);
	CHECK_EQ_INT(m.counters.created, 3);
}

static void test_expiry(void)
{
	static struct ptpdk_monitor m;
	struct ptpdk_monitor_config cfg = { .expiry_ns = 3 * S };
	struct ptpdk_addr src = test_udp4_addr(5);
	struct ptpdk_msg a1 = announce(1, 1), a2 = announce(2, 2), a3 = announce(3, 3);

	CHECK_EQ_INT(ptpdk_monitor_init(&m, &cfg), 0);
	ptpdk_monitor_announce(&m, &a1, &src, 1 * S);
	ptpdk_monitor_announce(&m, &a2, &src, 2 * S);
	ptpdk_monitor_announce(&m, &a3, &src, 3 * S);
	/* silent for exactly the expiry: kept */
	CHECK_EQ_INT(ptpdk_monitor_expire(&m, 4 * S), 0);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 3);
	/* a "now" older than the messages: no silence at all */
	CHECK_EQ_INT(ptpdk_monitor_expire(&m, 0), 0);
	/* one nanosecond more: clock 1 goes; then 1 and 2 would, but 2 speaks again */
	CHECK_EQ_INT(ptpdk_monitor_expire(&m, 4 * S + 1), 1);
	CHECK(ptpdk_monitor_find(&m, a1.header.source_port_identity.clock_identity, &src) == NULL);
	ptpdk_monitor_announce(&m, &a2, &src, 5 * S);
	CHECK_EQ_INT(ptpdk_monitor_expire(&m, 6 * S + 1), 1);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 1);
	CHECK(ptpdk_monitor_find(&m, a2.header.source_port_identity.clock_identity, &src) != NULL);
	CHECK_EQ_INT(m.counters.expired, 2);
	/* back after expiry: a new record, a master again from now */
	ptpdk_monitor_announce(&m, &a1, &src, 7 * S);
	CHECK(ptpdk_monitor_find(&m, a1.header.source_port_identity.clock_identity, &src)
		      ->master_since_ns == 7 * S);
	CHECK_EQ_INT(ptpdk_monitor_expire(&m, 100 * S), 2);
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 0);
}

static void test_eviction(void)
{
	static struct ptpdk_monitor m;
	struct ptpdk_monitor_config cfg = { .max_clocks = 4 };
	struct ptpdk_addr src = test_udp4_addr(5);
	unsigned i;

	CHECK_EQ_INT(ptpdk_monitor_init(&m, &cfg), 0);
	for (i = 1; i <= 4; i++) {
		struct ptpdk_msg a = announce((uint8_t)i, 1);

		ptpdk_monitor_announce(&m, &a, &src, i * S);
	}
	/* clock 1 speaks again: clock 2 is now the least recently heard */
	{
		struct ptpdk_msg a = announce(1, 1);

		ptpdk_monitor_announce(&m, &a, &src, 5 * S);
	}
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 4);
	{
		struct ptpdk_msg a = announce(9, 1);

		ptpdk_monitor_announce(&m, &a, &src, 6 * S);
	}
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 4);
	CHECK_EQ_INT(m.counters.evicted, 1);
	for (i = 1; i <= 9; i++) {
		struct ptpdk_msg a = announce((uint8_t)i, 1);
		bool present = ptpdk_monitor_find(&m, a.header.source_port_identity.clock_identity,
						  &src) != NULL;
		bool want = i == 1 || i == 3 || i == 4 || i == 9;

		CHECK_EQ_INT(present, want);
	}

	/* the full default table: 32 clocks stay, the 33rd evicts one */
	ptpdk_monitor_init(&m, NULL);
	for (i = 0; i < 33; i++) {
		struct ptpdk_msg a = announce((uint8_t)i, 1);

		ptpdk_monitor_announce(&m, &a, &src, (i + 1) * S);
	}
	CHECK_EQ_INT(ptpdk_monitor_count(&m), 32);
	CHECK_EQ_INT(m.counters.evicted, 1);
	{
		struct ptpdk_msg a = announce(0, 1);

		CHECK(ptpdk_monitor_find(&m, a.header.source_port_identity.clock_identity, &src) ==
		      NULL);
	}
}

int main(void)
{
	test_init();
	test_announce();
	test_offsets();
	test_keys();
	test_expiry();
	test_eviction();
	return check_report("test_monitor");
}
