/* SPDX-License-Identifier: BSD-3-Clause */
/* E2E delay request-response: exact arithmetic, message orders, discards, the median filter. */
#include <errno.h>

#include "check.h"
#include "ptpdk_e2e.h"
#include "ptpdk_median.h"

#define NS_PER_S 1000000000LL

static const struct ptpdk_port_identity master_id = {
	.clock_identity = { 0x00, 0x1b, 0x21, 0xff, 0xfe, 0x12, 0x34, 0x56 }, .port_number = 1
};
static const struct ptpdk_port_identity other_id = {
	.clock_identity = { 0x00, 0x1b, 0x21, 0xff, 0xfe, 0x12, 0x34, 0x56 }, .port_number = 2
};
static const struct ptpdk_port_identity our_id = {
	.clock_identity = { 0xa0, 0x36, 0x9f, 0xff, 0xfe, 0x00, 0x00, 0x01 }, .port_number = 1
};
static const struct ptpdk_port_identity peer_id = {
	.clock_identity = { 0xa0, 0x36, 0x9f, 0xff, 0xfe, 0x00, 0x00, 0x02 }, .port_number = 1
};

#define CHECK_TMV(t, want_ns, want_frac)                                                           \
	do {                                                                                       \
		struct ptpdk_tmv tmv_t_ = (t);                                                     \
		CHECK_EQ_INT(tmv_t_.ns, (want_ns));                                                \
		CHECK_EQ_INT(tmv_t_.frac, (want_frac));                                            \
	} while (0)

#define CHECK_TMV_EQ(a, b)                                                                         \
	do {                                                                                       \
		struct ptpdk_tmv tmv_b_ = (b);                                                     \
		CHECK_TMV((a), tmv_b_.ns, tmv_b_.frac);                                            \
	} while (0)

static struct ptpdk_tmv tmv(int64_t ns, uint16_t frac)
{
	struct ptpdk_tmv t = { .ns = ns, .frac = frac };
	return t;
}

static struct ptpdk_wire_ts wire(int64_t ns)
{
	struct ptpdk_wire_ts ts = { .seconds = (uint64_t)(ns / NS_PER_S),
				    .nanoseconds = (uint32_t)(ns % NS_PER_S) };
	return ts;
}

static struct ptpdk_msg msg(uint8_t type, const struct ptpdk_port_identity *src, uint16_t seq,
			    int64_t correction)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = type;
	m.header.version = 2;
	m.header.source_port_identity = *src;
	m.header.sequence_id = seq;
	m.header.correction = correction;
	return m;
}

static struct ptpdk_msg sync_msg(uint16_t seq, bool two_step, int64_t origin_ns, int64_t corr)
{
	struct ptpdk_msg m = msg(PTPDK_MSG_SYNC, &master_id, seq, corr);

	m.header.flags = two_step ? PTPDK_FLAG_TWO_STEP : 0;
	/* A two-step Sync's originTimestamp is approximate; make it visibly wrong. */
	m.body.timestamp.timestamp = wire(two_step ? origin_ns - 777 : origin_ns);
	return m;
}

static struct ptpdk_msg fup_msg(uint16_t seq, int64_t precise_ns, int64_t corr)
{
	struct ptpdk_msg m = msg(PTPDK_MSG_FOLLOW_UP, &master_id, seq, corr);

	m.body.timestamp.timestamp = wire(precise_ns);
	return m;
}

static struct ptpdk_msg resp_msg(uint16_t seq, int64_t t4_ns, int64_t corr,
				 const struct ptpdk_port_identity *requester)
{
	struct ptpdk_msg m = msg(PTPDK_MSG_DELAY_RESP, &master_id, seq, corr);

	m.body.response.timestamp = wire(t4_ns);
	m.body.response.requesting_port_identity = *requester;
	return m;
}

static struct ptpdk_e2e *make(unsigned int filter, bool one_step, bool early)
{
	struct ptpdk_e2e_config cfg;
	struct ptpdk_e2e *e;

	ptpdk_e2e_config_init(&cfg);
	cfg.delay_filter_length = filter;
	cfg.accept_one_step = one_step;
	cfg.emit_without_delay = early;
	e = ptpdk_e2e_create(&cfg);
	if (e)
		ptpdk_e2e_set_master(e, &master_id);
	return e;
}

static uint64_t discards(const struct ptpdk_e2e *e, enum ptpdk_e2e_discard why)
{
	return ptpdk_e2e_counters(e)->discard[why];
}

/*
 * Two-step, hand-computed (1588-2008 11.2, 11.3.2):
 * t1 = 1000 s, c_sync = 1.5 ns, c_fup = 0.25 ns, t2 = t1 + 10000.5 ns;
 * t3 = t1 + 20000 ns, t4 = t1 + 10500 ns, c_resp = 0.5 ns.
 * (t2 - t1 - c) = 9998.75, (t4 - t3 - c_resp) = -9500.5 -> delay 249.125 ns.
 * Next Sync 1 s later, same transit: offset = 10000.5 - 1.75 - 249.125 = 9749.625.
 */
static void test_two_step_exact(void)
{
	const int64_t t1 = 1000 * NS_PER_S;
	struct ptpdk_e2e *e = make(1, true, false);
	struct ptpdk_e2e_sample s;
	struct ptpdk_e2e_delay_sample d;
	struct ptpdk_msg m;

	CHECK(e != NULL);
	if (!e)
		return;
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), -ENOENT);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), -ENOENT);
	m = sync_msg(1, true, t1, 3 * 65536 / 2);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t1 + 10000, 0x8000)), 0);
	m = fup_msg(1, t1, 65536 / 4);
	CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &m), 0); /* complete, but no delay yet */
	CHECK_EQ_INT(ptpdk_e2e_counters(e)->syncs_before_delay, 1);
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), -ENOENT);

	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 100, tmv(t1 + 20000, 0)), 0);
	m = resp_msg(100, t1 + 10500, 65536 / 2, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), 0);
	CHECK_TMV(d.raw_delay, 249, 0x2000);
	CHECK_TMV(d.delay, 249, 0x2000);
	CHECK_TMV(d.t1, t1, 0);
	CHECK_TMV(d.t2, t1 + 10000, 0x8000);
	CHECK_TMV(d.c_ms, 1, 0xc000);
	CHECK_TMV(d.t3, t1 + 20000, 0);
	CHECK_TMV(d.t4, t1 + 10500, 0);
	CHECK_TMV(d.c_sm, 0, 0x8000);
	CHECK_EQ_INT(d.seq, 100);
	CHECK_EQ_INT(d.sync_seq, 1);
	CHECK_EQ_INT(d.master.port_number, 1);

	m = sync_msg(2, true, t1 + NS_PER_S, 3 * 65536 / 2);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t1 + NS_PER_S + 10000, 0x8000)), 0);
	m = fup_msg(2, t1 + NS_PER_S, 65536 / 4);
	CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &m), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), 0);
	CHECK_TMV(s.offset, 9749, 0xa000);
	CHECK_TMV(s.delay, 249, 0x2000);
	CHECK_TMV(s.raw_delay, 249, 0x2000);
	CHECK_TMV(s.t1, t1 + NS_PER_S, 0);
	CHECK_TMV(s.t2, t1 + NS_PER_S + 10000, 0x8000);
	CHECK_TMV(s.c_ms, 1, 0xc000);
	CHECK_TMV(s.t3, t1 + 20000, 0);
	CHECK_TMV(s.t4, t1 + 10500, 0);
	CHECK_EQ_INT(s.seq, 2);
	CHECK_EQ_INT(s.delay_seq, 100);
	CHECK_EQ_INT(s.flags, 0);
	CHECK_MEM(s.master.clock_identity, master_id.clock_identity, 8);
	CHECK_EQ_INT(ptpdk_e2e_counters(e)->offset_samples, 1);
	CHECK_EQ_INT(ptpdk_e2e_counters(e)->delay_samples, 1);
	ptpdk_e2e_destroy(e);
}

/* One-step: originTimestamp is t1; a negative fractional correction. Refused when configured. */
static void test_one_step(void)
{
	const int64_t t1 = 5 * NS_PER_S + 123;
	struct ptpdk_e2e *e = make(1, true, false);
	struct ptpdk_e2e_sample s;
	struct ptpdk_msg m;

	/* c_sync = -0.25 ns; t2 = t1 + 1000 ns; t3 = t2 + 1 ms, t4 = t3 + 1500 ns - 0.25 ns. */
	m = sync_msg(7, false, t1, -65536 / 4);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t1 + 1000, 0)), 0);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 1, tmv(t1 + 1000 + 1000000, 0)), 0);
	/* c_resp = 0.75: (t2 - t1 - c) = 1000.25, (t4 - t3 - c) = 1500 - 0.75 = 1499.25
	 * -> delay 1249.75, offset = 1000.25 - 1249.75 = -249.5 */
	m = resp_msg(1, t1 + 1000 + 1000000 + 1500, 3 * 65536 / 4, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);
	m = sync_msg(8, false, t1 + NS_PER_S, -65536 / 4);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t1 + NS_PER_S + 1000, 0)), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), 0);
	CHECK_TMV(s.delay, 1249, 0xc000);
	CHECK_TMV(s.offset, -250, 0x8000);
	CHECK_EQ_INT(s.flags, PTPDK_E2E_F_ONE_STEP);
	ptpdk_e2e_destroy(e);

	e = make(1, false, false);
	m = sync_msg(7, false, t1, 0);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t1 + 1000, 0)), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_ONE_STEP), 1);
	ptpdk_e2e_destroy(e);
}

/* Offsets before the first delay, when asked for, are flagged and assume delay 0. */
static void test_emit_without_delay(void)
{
	struct ptpdk_e2e *e = make(1, true, true);
	struct ptpdk_e2e_sample s;
	struct ptpdk_msg m = sync_msg(1, false, NS_PER_S, 65536);

	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(NS_PER_S + 500, 0)), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), 0);
	CHECK_EQ_INT(s.flags, PTPDK_E2E_F_ONE_STEP | PTPDK_E2E_F_NO_DELAY);
	CHECK_TMV(s.offset, 499, 0);
	CHECK_TMV(s.delay, 0, 0);
	ptpdk_e2e_destroy(e);
}

/* Follow_Up before its Sync, Delay_Resp before our TX stamp. */
static void test_reordered(void)
{
	const int64_t t1 = 77 * NS_PER_S;
	struct ptpdk_e2e *e = make(1, true, false);
	struct ptpdk_e2e_sample s;
	struct ptpdk_msg m;

	m = fup_msg(40, t1, 0);
	CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &m), 0);
	m = sync_msg(40, true, t1, 0);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t1 + 300, 0)), 0);
	CHECK_EQ_INT(ptpdk_e2e_counters(e)->syncs_before_delay, 1);

	m = resp_msg(9, t1 + 10000 + 100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0); /* parked */
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 9, tmv(t1 + 10000, 0)), PTPDK_E2E_DELAY);
	/* (300) + (100) -> delay 200; offset 100 */
	m = fup_msg(41, t1 + NS_PER_S, 0);
	CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &m), 0);
	m = sync_msg(41, true, t1 + NS_PER_S, 0);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t1 + NS_PER_S + 300, 0)), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), 0);
	CHECK_TMV(s.delay, 200, 0);
	CHECK_TMV(s.offset, 100, 0);
	for (unsigned int i = 0; i < PTPDK_E2E_DISCARD_MAX; i++)
		CHECK_EQ_INT(discards(e, (enum ptpdk_e2e_discard)i), 0);
	ptpdk_e2e_destroy(e);
}

/* Give the object a delay of 0 so every completed Sync yields an offset. */
static void prime_delay(struct ptpdk_e2e *e, int64_t t1, uint16_t sync_seq, uint16_t req_seq)
{
	struct ptpdk_msg m = sync_msg(sync_seq, false, t1, 0);

	ptpdk_e2e_sync(e, &m, tmv(t1, 0));
	ptpdk_e2e_delay_req_sent(e, req_seq, tmv(t1 + 1000, 0));
	m = resp_msg(req_seq, t1 + 1000, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);
}

static int feed_sync(struct ptpdk_e2e *e, uint16_t seq, int64_t t1)
{
	struct ptpdk_msg m = sync_msg(seq, true, t1, 0);

	return ptpdk_e2e_sync(e, &m, tmv(t1 + 50, 0));
}

static int feed_fup(struct ptpdk_e2e *e, uint16_t seq, int64_t t1)
{
	struct ptpdk_msg m = fup_msg(seq, t1, 0);

	return ptpdk_e2e_follow_up(e, &m);
}

/* Lost Follow_Up, lost Sync, mismatched ids and duplicates: count, then recover. */
static void test_sync_fup_discards(void)
{
	const int64_t t = 1000 * NS_PER_S;
	struct ptpdk_e2e *e = make(1, true, false);
	struct ptpdk_e2e_sample s;

	prime_delay(e, t, 65530, 1);
	/* Lost Follow_Up: Sync 10, Sync 11 supersedes it; the next pair works. */
	CHECK_EQ_INT(feed_sync(e, 10, t + 10), 0);
	CHECK_EQ_INT(feed_sync(e, 11, t + 11), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_SYNC_STALE), 1);
	CHECK_EQ_INT(feed_fup(e, 11, t + 11), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), 0);
	CHECK_EQ_INT(s.seq, 11);
	CHECK_TMV(s.offset, 50, 0);

	/* A Follow_Up of another id drops the pending Sync and waits for its own. */
	CHECK_EQ_INT(feed_sync(e, 12, t + 12), 0);
	CHECK_EQ_INT(feed_fup(e, 13, t + 13), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_SYNC_MISMATCH), 1);
	CHECK_EQ_INT(feed_sync(e, 13, t + 13), PTPDK_E2E_OFFSET);

	/* Lost Sync: parked Follow_Up 14 superseded by 15, then one of another id
	 * dropped by Sync 16. */
	CHECK_EQ_INT(feed_fup(e, 14, t + 14), 0);
	CHECK_EQ_INT(feed_fup(e, 15, t + 15), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_FUP_STALE), 1);
	CHECK_EQ_INT(feed_sync(e, 16, t + 16), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_FUP_MISMATCH), 1);
	CHECK_EQ_INT(feed_fup(e, 16, t + 16), PTPDK_E2E_OFFSET);

	/* Duplicates of the pending and of the completed pair. */
	CHECK_EQ_INT(feed_sync(e, 17, t + 17), 0);
	CHECK_EQ_INT(feed_sync(e, 17, t + 17), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_SYNC_DUPLICATE), 1);
	CHECK_EQ_INT(feed_fup(e, 17, t + 17), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(feed_fup(e, 17, t + 17), 0);
	CHECK_EQ_INT(feed_sync(e, 17, t + 17), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_FUP_DUPLICATE), 1);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_SYNC_DUPLICATE), 2);
	CHECK_EQ_INT(feed_fup(e, 18, t + 18), 0);
	CHECK_EQ_INT(feed_fup(e, 18, t + 18), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_FUP_DUPLICATE), 2);
	CHECK_EQ_INT(feed_sync(e, 18, t + 18), PTPDK_E2E_OFFSET);

	/* Across the sequenceId wrap. */
	CHECK_EQ_INT(feed_sync(e, 65535, t + 19), 0);
	CHECK_EQ_INT(feed_fup(e, 65535, t + 19), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(feed_sync(e, 0, t + 20), 0);
	CHECK_EQ_INT(feed_fup(e, 0, t + 20), PTPDK_E2E_OFFSET);
	CHECK_EQ_INT(ptpdk_e2e_counters(e)->offset_samples, 7);
	ptpdk_e2e_destroy(e);
}

/* Wrong master, no master, change of master, bad arguments. */
static void test_master(void)
{
	const int64_t t = 1000 * NS_PER_S;
	struct ptpdk_e2e *e = make(4, true, false);
	struct ptpdk_e2e_sample s;
	struct ptpdk_e2e_delay_sample d;
	struct ptpdk_msg m;

	prime_delay(e, t, 1, 1);
	m = sync_msg(2, false, t + 2, 0);
	m.header.source_port_identity = other_id;
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t + 2, 0)), 0);
	m = fup_msg(2, t, 0);
	m.header.source_port_identity = other_id;
	CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &m), 0);
	m = resp_msg(2, t, 0, &our_id);
	m.header.source_port_identity = other_id;
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_WRONG_MASTER), 3);

	/* The same master again changes nothing. */
	ptpdk_e2e_set_master(e, &master_id);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), 0);
	CHECK_EQ_INT(feed_sync(e, 3, t + 3), 0);
	CHECK_EQ_INT(feed_fup(e, 3, t + 3), PTPDK_E2E_OFFSET);

	/* A pending Sync, then the master changes: everything is forgotten. */
	CHECK_EQ_INT(feed_sync(e, 4, t + 4), 0);
	ptpdk_e2e_set_master(e, &other_id);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), -ENOENT);
	CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), -ENOENT);
	CHECK_EQ_INT(feed_fup(e, 4, t + 4), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_WRONG_MASTER), 4);
	ptpdk_e2e_set_master(e, NULL);
	CHECK_EQ_INT(feed_sync(e, 5, t + 5), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_NO_MASTER), 1);
	ptpdk_e2e_set_master(e, &master_id);
	CHECK_EQ_INT(feed_fup(e, 4, t + 4), 0); /* parked: the Sync 4 went with the reset */
	CHECK_EQ_INT(feed_sync(e, 5, t + 5), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_FUP_MISMATCH), 1);
	CHECK_EQ_INT(feed_fup(e, 5, t + 5), 0); /* completes, but the delay is gone */
	CHECK_EQ_INT(ptpdk_e2e_counters(e)->syncs_before_delay, 2);

	/* Bad arguments. */
	m = fup_msg(6, t, 0);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t, 0)), -EINVAL);
	m = sync_msg(6, true, t, 0);
	CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &m), -EINVAL);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), -EINVAL);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, NULL, tmv(t, 0)), -EINVAL);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(NULL, 1, tmv(t, 0)), -EINVAL);
	m = resp_msg(6, t, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, NULL), -EINVAL);
	m = fup_msg(6, t, 0);
	m.body.timestamp.timestamp.seconds = PTPDK_WIRE_SEC_MAX;
	CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &m), -ERANGE);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_BAD_TIMESTAMP), 1);
	ptpdk_e2e_destroy(e);
}

/* Delay_Resp checks: requester, sequenceId, order, duplicates, no Sync yet. */
static void test_delay_discards(void)
{
	const int64_t t = 1000 * NS_PER_S;
	struct ptpdk_e2e *e = make(1, true, false);
	struct ptpdk_e2e_delay_sample d;
	struct ptpdk_msg m;

	/* An exchange before any Sync has nothing to pair with. */
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 1, tmv(t, 0)), 0);
	m = resp_msg(1, t + 100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_DELAY_NO_SYNC), 1);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), -ENOENT);

	m = sync_msg(1, false, t, 0);
	ptpdk_e2e_sync(e, &m, tmv(t + 100, 0));

	/* Another slave's response; then ours. */
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 2, tmv(t + 1000, 0)), 0);
	m = resp_msg(2, t + 1100, 0, &peer_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_RESP_NOT_OURS), 1);
	m = resp_msg(2, t + 1100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_RESP_DUPLICATE), 1);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 2, tmv(t + 1000, 0)), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_REQ_DUPLICATE), 1);

	/* Request 3 unanswered, request 4 sent; the late response to 3 is stale. */
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 3, tmv(t + 2000, 0)), 0);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 4, tmv(t + 3000, 0)), 0);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 4, tmv(t + 3000, 0)), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_REQ_NO_RESP), 1);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_REQ_DUPLICATE), 2);
	m = resp_msg(3, t + 2100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_RESP_STALE), 1);
	m = resp_msg(4, t + 3100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);

	/* Request 5 unanswered, the response to 6 overtakes 6's TX stamp. */
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 5, tmv(t + 4000, 0)), 0);
	m = resp_msg(6, t + 5100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_REQ_NO_RESP), 2);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_RESP_DUPLICATE), 2);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 6, tmv(t + 5000, 0)), PTPDK_E2E_DELAY);

	/* A parked response whose TX stamp never comes. */
	m = resp_msg(8, t + 7100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 9, tmv(t + 8000, 0)), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_RESP_NO_REQ), 1);
	m = resp_msg(9, t + 8100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), 0);
	CHECK_EQ_INT(d.seq, 9);
	CHECK_TMV(d.raw_delay, 100, 0);

	/* A flush (clock step) forgets the last Sync, keeps the delay. */
	ptpdk_e2e_flush(e);
	CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, 10, tmv(t + 9000, 0)), 0);
	m = resp_msg(10, t + 9100, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), 0);
	CHECK_EQ_INT(discards(e, PTPDK_E2E_DISCARD_DELAY_NO_SYNC), 2);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), 0);
	CHECK_EQ_INT(d.seq, 9);
	m = sync_msg(2, false, t + NS_PER_S, 0);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t + NS_PER_S + 100, 0)), PTPDK_E2E_OFFSET);
	ptpdk_e2e_destroy(e);
}

/* A negative raw delay (timestamp noise) is counted and kept. */
static void test_negative_delay(void)
{
	const int64_t t = 1000 * NS_PER_S;
	struct ptpdk_e2e *e = make(1, true, false);
	struct ptpdk_e2e_delay_sample d;
	struct ptpdk_msg m = sync_msg(1, false, t, 0);

	ptpdk_e2e_sync(e, &m, tmv(t + 10, 0));
	ptpdk_e2e_delay_req_sent(e, 1, tmv(t + 1000, 0));
	m = resp_msg(1, t + 987, 0, &our_id); /* (10) + (-13) -> -1.5 */
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);
	CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &d), 0);
	CHECK_TMV(d.raw_delay, -2, 0x8000);
	CHECK_TMV(d.delay, -2, 0x8000);
	CHECK_EQ_INT(ptpdk_e2e_counters(e)->negative_delay, 1);
	ptpdk_e2e_destroy(e);
}

/* One delay exchange after priming with a Sync at t: returns the filtered delay. */
static struct ptpdk_tmv push_delay(struct ptpdk_e2e *e, uint16_t seq, int64_t t, int64_t delay_ns,
				   struct ptpdk_tmv *raw)
{
	struct ptpdk_e2e_delay_sample d = { 0 };
	struct ptpdk_msg m;

	/* The last Sync had transit 0 (t2 == t1), so raw = (t4 - t3) / 2. */
	ptpdk_e2e_delay_req_sent(e, seq, tmv(t, 0));
	m = resp_msg(seq, t + 2 * delay_ns, 0, &our_id);
	CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &m, &our_id), PTPDK_E2E_DELAY);
	ptpdk_e2e_last_delay(e, &d);
	if (raw)
		*raw = d.raw_delay;
	return d.delay;
}

static void test_filter_in_e2e(void)
{
	const int64_t t = 1000 * NS_PER_S;
	static const int64_t delays[] = { 100, 104, 98, 102, 100000, 101, 99 };
	static const int64_t want[] = { 100, 102, 100, 101, 102, 102, 101 };
	struct ptpdk_e2e *e = make(5, true, false);
	struct ptpdk_e2e_sample s;
	struct ptpdk_tmv raw;
	struct ptpdk_msg m = sync_msg(1, false, t, 0);
	size_t i;

	ptpdk_e2e_sync(e, &m, tmv(t, 0));
	for (i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		CHECK_TMV(push_delay(e, (uint16_t)i, t, delays[i], &raw), want[i], 0);
		CHECK_TMV(raw, delays[i], 0);
	}
	/* The offset uses the filtered delay, the sample reports both. */
	m = sync_msg(2, false, t + NS_PER_S, 0);
	CHECK_EQ_INT(ptpdk_e2e_sync(e, &m, tmv(t + NS_PER_S + 1000, 0)), PTPDK_E2E_OFFSET);
	ptpdk_e2e_last_sample(e, &s);
	CHECK_TMV(s.delay, 101, 0);
	CHECK_TMV(s.raw_delay, 99, 0);
	CHECK_TMV(s.offset, 899, 0);
	ptpdk_e2e_destroy(e);

	/* Invalid filter lengths. */
	{
		struct ptpdk_e2e_config cfg;

		ptpdk_e2e_config_init(&cfg);
		CHECK_EQ_INT(cfg.delay_filter_length, 10);
		CHECK(cfg.accept_one_step);
		cfg.delay_filter_length = 0;
		errno = 0;
		CHECK(ptpdk_e2e_create(&cfg) == NULL);
		CHECK_EQ_INT(errno, EINVAL);
		cfg.delay_filter_length = PTPDK_E2E_FILTER_MAX + 1;
		CHECK(ptpdk_e2e_create(&cfg) == NULL);
		e = ptpdk_e2e_create(NULL);
		CHECK(e != NULL);
		ptpdk_e2e_destroy(e);
		ptpdk_e2e_destroy(NULL);
	}
}

static void test_median(void)
{
	struct ptpdk_median m;
	struct ptpdk_tmv out;

	CHECK_EQ_INT(ptpdk_median_init(&m, 0), -EINVAL);
	CHECK_EQ_INT(ptpdk_median_init(&m, 3), 0);
	CHECK_EQ_INT(ptpdk_median_get(&m, &out), -ENOENT);
	ptpdk_median_push(&m, tmv(10, 0));
	CHECK_EQ_INT(ptpdk_median_get(&m, &out), 0);
	CHECK_TMV(out, 10, 0);
	ptpdk_median_push(&m, tmv(30, 0)); /* even count: mean of the middle two */
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, 20, 0);
	ptpdk_median_push(&m, tmv(20, 0));
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, 20, 0);
	ptpdk_median_push(&m, tmv(1000000, 0)); /* outlier: window {30, 20, 1e6} */
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, 30, 0);
	ptpdk_median_push(&m, tmv(-5, 0)); /* window {20, 1e6, -5} */
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, 20, 0);
	ptpdk_median_clear(&m);
	CHECK_EQ_INT(ptpdk_median_get(&m, &out), -ENOENT);
	ptpdk_median_fini(&m);

	/* Even-length halving: exact for an even sum, floored by 2^-17 ns otherwise. */
	CHECK_EQ_INT(ptpdk_median_init(&m, 2), 0);
	ptpdk_median_push(&m, tmv(1, 0));
	ptpdk_median_push(&m, tmv(2, 0));
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, 1, 0x8000);
	ptpdk_median_push(&m, tmv(-3, 1)); /* {2, -3 + 1u}: (-1 + 1u) / 2 floors to -0.5 */
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, -1, 0x8000);
	ptpdk_median_push(&m, tmv(-3, 3)); /* {-3 + 1u, -3 + 3u}: -3 + 2u */
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, -3, 2);
	ptpdk_median_fini(&m);

	/* Length 1 follows the input. */
	CHECK_EQ_INT(ptpdk_median_init(&m, 1), 0);
	ptpdk_median_push(&m, tmv(5, 5));
	ptpdk_median_push(&m, tmv(-7, 9));
	ptpdk_median_get(&m, &out);
	CHECK_TMV(out, -7, 9);
	ptpdk_median_fini(&m);
}

static int cmp_tmv(const void *a, const void *b)
{
	return ptpdk_tmv_cmp(*(const struct ptpdk_tmv *)a, *(const struct ptpdk_tmv *)b);
}

/* The moving median against sorting the window, with many ties. */
static void test_median_random(void)
{
	int round;

	for (round = 0; round < 200; round++) {
		unsigned int len = 1 + (unsigned int)(check_rand() % 12);
		unsigned int n = (unsigned int)(check_rand() % 40), i, w;
		struct ptpdk_tmv vals[40], win[12], out, want;
		struct ptpdk_median m;

		if (ptpdk_median_init(&m, len) != 0) {
			CHECK(0);
			return;
		}
		for (i = 0; i < n; i++) {
			vals[i] =
				tmv((int64_t)(check_rand() % 9) - 4, (uint16_t)(check_rand() % 3));
			ptpdk_median_push(&m, vals[i]);
			w = i + 1 < len ? i + 1 : len;
			memcpy(win, &vals[i + 1 - w], w * sizeof(win[0]));
			qsort(win, w, sizeof(win[0]), cmp_tmv);
			if (w % 2) {
				want = win[w / 2];
			} else {
				/* (a + b) / 2 in 2^-16 units, floored */
				int64_t a = win[w / 2 - 1].ns * 65536 + win[w / 2 - 1].frac;
				int64_t b = win[w / 2].ns * 65536 + win[w / 2].frac;
				int64_t sum = a + b, h = (sum - (sum & 1)) / 2;

				want = ptpdk_tmv_from_scaled(h);
			}
			CHECK_EQ_INT(ptpdk_median_get(&m, &out), 0);
			CHECK_TMV_EQ(out, want);
		}
		ptpdk_median_fini(&m);
		if (check_failures > 10)
			return;
	}
}

static struct ptpdk_tmv rand_tmv(int64_t range_ns)
{
	/* uniformly in (-range_ns, range_ns) with a random fraction */
	int64_t ns = (int64_t)(check_rand() % (uint64_t)(2 * range_ns)) - range_ns;

	return tmv(ns, (uint16_t)check_rand());
}

static int64_t scaled_of(struct ptpdk_tmv t)
{
	int64_t s = 0;

	CHECK_EQ_INT(ptpdk_tmv_to_scaled(t, &s), 0);
	return s;
}

/*
 * For a random true offset o (slave - master), path delay d and corrections,
 * synthesise t1..t4 as the network would produce them:
 *   t2 = t1 + d + c_ms + o   (master to slave, in the slave's time)
 *   t4 = t3 + d + c_sm - o   (slave to master, in the master's time)
 * and check the recovered delay and offset are exactly d and o, fractions and
 * all, for random message orders.
 */
static void test_property(void)
{
	struct ptpdk_e2e *e = make(1, true, false);
	uint16_t sseq = (uint16_t)check_rand(), dseq = (uint16_t)check_rand();
	int i;

	for (i = 0; i < 20000; i++) {
		struct ptpdk_tmv o = rand_tmv(NS_PER_S), d = rand_tmv(100000);
		struct ptpdk_tmv cs = rand_tmv(50000), cf = rand_tmv(50000), cr = rand_tmv(50000);
		bool two_step = check_rand() & 1, fup_first = check_rand() & 1;
		bool resp_first = check_rand() & 1;
		int64_t t1 = 1700000000LL * NS_PER_S + (int64_t)(check_rand() % (1000 * NS_PER_S));
		int64_t t4 = t1 + (int64_t)(check_rand() % NS_PER_S);
		struct ptpdk_tmv c_ms, t2, t3;
		struct ptpdk_e2e_delay_sample ds;
		struct ptpdk_e2e_sample s;
		struct ptpdk_msg sync, fup, resp;
		int pass, rc = 0;

		d.ns = d.ns < 0 ? -d.ns : d.ns;
		if (!two_step)
			cf = tmv(0, 0);
		c_ms = ptpdk_tmv_add(cs, cf);
		t3 = ptpdk_tmv_sub(ptpdk_tmv_sub(ptpdk_tmv_add(ptpdk_tmv_from_ns(t4), o), d), cr);

		/* Pass 0: a Sync to pair the delay with; pass 1: the Sync giving the offset. */
		for (pass = 0; pass < 2; pass++) {
			int64_t t1p = t1 + pass * NS_PER_S / 16;

			t2 = ptpdk_tmv_add(ptpdk_tmv_add(ptpdk_tmv_from_ns(t1p), d),
					   ptpdk_tmv_add(c_ms, o));
			sseq++;
			sync = sync_msg(sseq, two_step, t1p, scaled_of(cs));
			fup = fup_msg(sseq, t1p, scaled_of(cf));
			if (!two_step) {
				rc = ptpdk_e2e_sync(e, &sync, t2);
			} else if (fup_first) {
				CHECK_EQ_INT(ptpdk_e2e_follow_up(e, &fup), 0);
				rc = ptpdk_e2e_sync(e, &sync, t2);
			} else {
				CHECK_EQ_INT(ptpdk_e2e_sync(e, &sync, t2), 0);
				rc = ptpdk_e2e_follow_up(e, &fup);
			}
			CHECK(i == 0 && pass == 0 ? rc == 0 : rc == PTPDK_E2E_OFFSET);
			if (pass == 1)
				break;

			dseq++;
			resp = resp_msg(dseq, t4, scaled_of(cr), &our_id);
			if (resp_first) {
				CHECK_EQ_INT(ptpdk_e2e_delay_resp(e, &resp, &our_id), 0);
				rc = ptpdk_e2e_delay_req_sent(e, dseq, t3);
			} else {
				CHECK_EQ_INT(ptpdk_e2e_delay_req_sent(e, dseq, t3), 0);
				rc = ptpdk_e2e_delay_resp(e, &resp, &our_id);
			}
			CHECK_EQ_INT(rc, PTPDK_E2E_DELAY);
			CHECK_EQ_INT(ptpdk_e2e_last_delay(e, &ds), 0);
			CHECK_TMV_EQ(ds.raw_delay, d);
			CHECK_TMV_EQ(ds.delay, d);
		}
		CHECK_EQ_INT(ptpdk_e2e_last_sample(e, &s), 0);
		CHECK_TMV_EQ(s.offset, o);
		CHECK_TMV_EQ(s.delay, d);
		CHECK_TMV_EQ(s.c_ms, c_ms);
		CHECK_EQ_INT(s.seq, sseq);
		CHECK_EQ_INT(s.delay_seq, dseq);
		if (check_failures > 10)
			break;
	}
	for (i = 0; i < PTPDK_E2E_DISCARD_MAX; i++)
		CHECK_EQ_INT(discards(e, (enum ptpdk_e2e_discard)i), 0);
	ptpdk_e2e_destroy(e);
}

static void test_names(void)
{
	int i;

	for (i = 0; i < PTPDK_E2E_DISCARD_MAX; i++)
		CHECK(ptpdk_e2e_discard_name((enum ptpdk_e2e_discard)i) != NULL);
	CHECK(strcmp(ptpdk_e2e_discard_name(PTPDK_E2E_DISCARD_WRONG_MASTER), "wrong_master") == 0);
	CHECK(strcmp(ptpdk_e2e_discard_name(PTPDK_E2E_DISCARD_MAX), "invalid") == 0);
}

int main(void)
{
	check_seed("test_e2e");
	test_two_step_exact();
	test_one_step();
	test_emit_without_delay();
	test_reordered();
	test_sync_fup_discards();
	test_master();
	test_delay_discards();
	test_negative_delay();
	test_filter_in_e2e();
	test_median();
	test_median_random();
	test_property();
	test_names();
	return check_report("test_e2e");
}
