/* SPDX-License-Identifier: BSD-3-Clause */
/* What nqptp's region says through a Shairport Sync session: T with the master's
 * address, B, Announce and Sync from two masters, E and its 2.25 s, T to the other
 * master, T alone; each datagram through the real parser, each decision published and
 * read back with the reader from the specification. */
#include <string.h>

#include "check.h"
#include "test_addr.h"
#include "ptpdk_nqptp_follow.h"
#include "ptpdk_nqptp_region.h"

#define S  1000000000ull
#define MS 1000000ull

static struct ptpdk_monitor mon;
static struct ptpdk_nqptp_follow fol;
static struct ptpdk_nqptp_region region;

static void send_ctl(const char *text, uint64_t now)
{
	struct ptpdk_nqptp_ctl_msg msg;

	CHECK_EQ_INT(ptpdk_nqptp_ctl_parse(text, strlen(text) + 1, NULL, &msg), PTPDK_NQPTP_CTL_OK);
	ptpdk_nqptp_follow_command(&fol, &msg, now);
}

/* a master at 198.18.0.<last>, clock id ...<id>, grandmaster ...<gm> */
static void hear_announce(uint8_t last, uint8_t id, uint8_t gm, uint64_t now)
{
	struct ptpdk_msg m;
	struct ptpdk_addr src = test_udp4_addr(last);

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_ANNOUNCE;
	m.header.source_port_identity.clock_identity[0] = 0xaa;
	m.header.source_port_identity.clock_identity[7] = id;
	m.body.announce.grandmaster_identity[0] = 0x10;
	m.body.announce.grandmaster_identity[7] = gm;
	CHECK_EQ_INT(ptpdk_monitor_announce(&mon, &m, &src, now), 0);
}

/* a one-step Sync whose master time is @p ours + @p offset at our stamp @p ours */
static void hear_sync(uint8_t last, uint8_t id, int64_t ours, int64_t offset, uint64_t now)
{
	struct ptpdk_msg m;
	struct ptpdk_addr src = test_udp4_addr(last);
	int64_t t1 = ours + offset;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_SYNC;
	m.header.source_port_identity.clock_identity[0] = 0xaa;
	m.header.source_port_identity.clock_identity[7] = id;
	m.body.timestamp.timestamp.seconds = (uint64_t)(t1 / (int64_t)S);
	m.body.timestamp.timestamp.nanoseconds = (uint32_t)(t1 % (int64_t)S);
	CHECK_EQ_INT(ptpdk_monitor_sync(&mon, &m, &src, ours, now), 1);
}

/* decide, publish, read back as Shairport Sync would */
static enum ptpdk_nqptp_verdict step(uint64_t now, struct ptpdk_nqptp_record *seen)
{
	struct ptpdk_nqptp_record rec;
	enum ptpdk_nqptp_verdict v = ptpdk_nqptp_follow_decide(&fol, &mon, now, 0, &rec);
	enum ptpdk_nqptp_status st;

	ptpdk_nqptp_region_publish(&region, v == PTPDK_NQPTP_PUBLISH ? &rec : NULL);
	st = ptpdk_nqptp_region_read(&region, 10, seen, NULL, NULL);
	CHECK_EQ_INT(st, v == PTPDK_NQPTP_PUBLISH ? PTPDK_NQPTP_OK : PTPDK_NQPTP_NO_MASTER);
	if (v == PTPDK_NQPTP_PUBLISH)
		CHECK_MEM(seen, &rec, sizeof(rec));
	return v;
}

static void test_session(void)
{
	struct ptpdk_nqptp_record r;
	uint64_t t;

	ptpdk_monitor_init(&mon, NULL);
	ptpdk_nqptp_follow_init(&fol);
	ptpdk_nqptp_region_init(&region);

	CHECK_EQ_INT(step(1 * S, &r), PTPDK_NQPTP_NO_PEERS);
	/* Shairport Sync at start-up: "T" to have the region created */
	send_ctl("/nqptp T", 1 * S);
	CHECK_EQ_INT(step(1 * S, &r), PTPDK_NQPTP_NO_PEERS);
	/* a client connects: its address is the timing peer */
	send_ctl("/nqptp T 198.18.0.5 198.18.0.6", 2 * S);
	CHECK_EQ_INT(step(2 * S, &r), PTPDK_NQPTP_NOT_PLAYING);
	send_ctl("/nqptp B", 3 * S);
	CHECK_EQ_INT(step(3 * S, &r), PTPDK_NQPTP_MASTER_NOT_HEARD);
	/* a Sync-only clock at the master's address is not enough */
	hear_sync(5, 1, 4 * (int64_t)S, 1000, 4 * S);
	CHECK_EQ_INT(step(4 * S, &r), PTPDK_NQPTP_MASTER_NOT_ANNOUNCED);
	/* the other peer announcing changes nothing: only the first is followed */
	hear_announce(6, 2, 0x66, 4 * S);
	hear_sync(6, 2, 4 * (int64_t)S, 2000, 4 * S);
	CHECK_EQ_INT(step(4 * S, &r), PTPDK_NQPTP_MASTER_NOT_ANNOUNCED);
	hear_announce(5, 1, 0x55, 5 * S);
	CHECK_EQ_INT(step(5 * S, &r), PTPDK_NQPTP_PUBLISH);
	CHECK(r.master_clock_id == 0x1000000000000055ull);
	CHECK(r.local_time == 4 * S);
	CHECK(r.local_to_master_time_offset == 1000);
	CHECK(r.master_clock_start_time == 5 * S);
	hear_sync(5, 1, 6 * (int64_t)S, -250, 6 * S);
	CHECK_EQ_INT(step(6 * S, &r), PTPDK_NQPTP_PUBLISH);
	CHECK(r.local_time == 6 * S);
	/* a negative offset, as readers add it: modulo 2^64 */
	CHECK(r.local_time + r.local_to_master_time_offset == 6 * S - 250);

	/* P: nothing changes */
	send_ctl("/nqptp P", 7 * S);
	CHECK_EQ_INT(step(7 * S, &r), PTPDK_NQPTP_PUBLISH);
	/* E: still valid for 2.25 s, then zeros */
	t = 8 * S;
	send_ctl("/nqptp E", t);
	CHECK_EQ_INT(step(t, &r), PTPDK_NQPTP_PUBLISH);
	CHECK_EQ_INT(step(t + 2249 * MS, &r), PTPDK_NQPTP_PUBLISH);
	CHECK_EQ_INT(step(t + 2250 * MS, &r), PTPDK_NQPTP_NOT_PLAYING);
	CHECK(r.master_clock_id == 0);
	/* a second E does not reopen the grace */
	send_ctl("/nqptp E", t + 3 * S);
	CHECK_EQ_INT(step(t + 3 * S, &r), PTPDK_NQPTP_NOT_PLAYING);
	/* B again: the master at once */
	send_ctl("/nqptp B", 12 * S);
	CHECK_EQ_INT(step(12 * S, &r), PTPDK_NQPTP_PUBLISH);
	/* B during the grace cancels it */
	send_ctl("/nqptp E", 13 * S);
	send_ctl("/nqptp B", 13 * S + 100 * MS);
	CHECK_EQ_INT(step(13 * S + 5 * S, &r), PTPDK_NQPTP_PUBLISH);

	/* the client hands over to the other master (play state kept, as nqptp) */
	send_ctl("/nqptp T 198.18.0.6", 18 * S);
	CHECK_EQ_INT(step(18 * S, &r), PTPDK_NQPTP_PUBLISH);
	CHECK(r.master_clock_id == 0x1000000000000066ull);
	CHECK(r.local_to_master_time_offset == 2000);
	CHECK(r.master_clock_start_time == 4 * S);

	/* the master goes quiet: its record expires, the region clears */
	ptpdk_monitor_expire(&mon, 4 * S + PTPDK_MONITOR_DEFAULT_EXPIRY_NS + 1);
	CHECK_EQ_INT(step(20 * S, &r), PTPDK_NQPTP_MASTER_NOT_HEARD);
	hear_announce(6, 2, 0x66, 21 * S);
	CHECK_EQ_INT(step(21 * S, &r), PTPDK_NQPTP_MASTER_NO_SAMPLE);
	hear_sync(6, 2, 21 * (int64_t)S, 2000, 21 * S);
	CHECK_EQ_INT(step(21 * S, &r), PTPDK_NQPTP_PUBLISH);
	CHECK(r.master_clock_start_time == 21 * S);

	/* T alone: zeros, and not playing any more */
	send_ctl("/nqptp T", 22 * S);
	CHECK_EQ_INT(step(22 * S, &r), PTPDK_NQPTP_NO_PEERS);
	send_ctl("/nqptp T 198.18.0.6", 23 * S);
	CHECK_EQ_INT(step(23 * S, &r), PTPDK_NQPTP_NOT_PLAYING);
	/* E without B: nothing to keep */
	send_ctl("/nqptp E", 23 * S);
	CHECK_EQ_INT(step(23 * S, &r), PTPDK_NQPTP_NOT_PLAYING);
}

/* stamps in another time scale (a NIC clock in TAI, say): the record is expressed in
 * CLOCK_MONOTONIC_RAW and still gives the master's time */
static void test_time_scales(void)
{
	struct ptpdk_nqptp_record r;
	const int64_t tai = 1700000000 * (int64_t)S + 123;
	const int64_t raw_minus_ours = -(1700000000 * (int64_t)S) + 50 * (int64_t)S;

	ptpdk_monitor_init(&mon, NULL);
	ptpdk_nqptp_follow_init(&fol);
	send_ctl("/nqptp T 198.18.0.5", 1 * S);
	send_ctl("/nqptp B", 1 * S);
	hear_announce(5, 1, 0x55, 1 * S);
	hear_sync(5, 1, tai, 700, 2 * S);
	{
		struct ptpdk_monitor_clock *c = &mon.clocks[0];

		CHECK_EQ_INT(
			ptpdk_monitor_set_delay(&mon, c->clock_identity, &c->source, true, 300), 0);
	}
	CHECK_EQ_INT(ptpdk_nqptp_follow_decide(&fol, &mon, 2 * S, raw_minus_ours, &r),
		     PTPDK_NQPTP_PUBLISH);
	CHECK(r.local_time == (uint64_t)(tai + raw_minus_ours));
	CHECK(r.local_time == 50 * S + 123);
	/* the master's time at that instant: ours + raw offset + path delay */
	CHECK(r.local_time + r.local_to_master_time_offset == (uint64_t)(tai + 700 + 300));

	CHECK(strcmp(ptpdk_nqptp_verdict_name(PTPDK_NQPTP_NOT_PLAYING), "not-playing") == 0);
	CHECK(strcmp(ptpdk_nqptp_verdict_name(PTPDK_NQPTP_VERDICT_COUNT), "unknown") == 0);
}

int main(void)
{
	test_session();
	test_time_scales();
	return check_report("test_nqptp_follow");
}
