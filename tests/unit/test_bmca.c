/* SPDX-License-Identifier: BSD-3-Clause */
/* BMCA data set comparison and state decision, the foreign-master table, the port
 * state machine and the peer-delay requester. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ptpdk_bmca.h"
#include "ptpdk_foreign.h"
#include "ptpdk_p2p.h"
#include "ptpdk_port_state.h"

static struct ptpdk_port_identity pid(uint8_t last, uint16_t port)
{
	struct ptpdk_port_identity id = {
		.clock_identity = { 0, 0x11, 0x22, 0xff, 0xfe, 0, 0, last }, .port_number = port
	};
	return id;
}

static struct ptpdk_bmca_dataset ds(uint8_t gm, uint8_t p1, uint8_t cls, uint16_t steps)
{
	struct ptpdk_bmca_dataset d;

	memset(&d, 0, sizeof(d));
	d.priority1 = p1;
	d.priority2 = 128;
	d.quality.clock_class = cls;
	d.quality.clock_accuracy = 0xFE;
	d.quality.offset_scaled_log_variance = 0xFFFF;
	d.gm_identity[7] = gm;
	d.steps_removed = steps;
	d.sender = pid(gm, 1);
	d.receiver = pid(0x99, 1);
	return d;
}

static void test_compare(void)
{
	struct ptpdk_bmca_dataset a = ds(1, 128, 248, 0), b = ds(2, 128, 248, 0);

	/* Figure 27: identities decide last; each attribute before it wins first. */
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER);
	CHECK_EQ_INT(ptpdk_bmca_compare(&b, &a), PTPDK_BMCA_B_BETTER);
	b.priority1 = 127;
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_B_BETTER);
	b.priority1 = 128;
	a.quality.clock_class = 6;
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER);
	a.quality.clock_class = 248;
	a.quality.clock_accuracy = 0x21;
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER);
	a.quality.clock_accuracy = 0xFE;
	b.quality.offset_scaled_log_variance = 0x4E5D;
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_B_BETTER);
	b.quality.offset_scaled_log_variance = 0xFFFF;
	b.priority2 = 1;
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_B_BETTER);

	/* Figure 28: the same grandmaster over two paths. */
	a = ds(1, 128, 248, 1);
	b = ds(1, 128, 248, 3);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER);
	CHECK_EQ_INT(ptpdk_bmca_compare(&b, &a), PTPDK_BMCA_B_BETTER);
	b.steps_removed = 2; /* one more step: decided by receiver vs sender of b */
	b.sender = pid(0x50, 1);
	b.receiver = pid(0x60, 1);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER_TOPO);
	b.receiver = pid(0x40, 1);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER);
	b.steps_removed = 1;
	b.sender = pid(0x02, 1);
	a.sender = pid(0x01, 1);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER_TOPO);
	b.sender = a.sender;
	b.receiver = pid(0x99, 2);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER_TOPO);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &a), PTPDK_BMCA_SAME);
}

static void test_decide(void)
{
	struct ptpdk_bmca_dataset d0 = ds(0x99, 128, 248, 0);
	struct ptpdk_bmca_dataset gm = ds(1, 128, 248, 0);
	struct ptpdk_bmca_dataset worse = ds(0xAA, 200, 248, 0);

	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, NULL, NULL, false, true, true), PTPDK_BMCA_LISTENING);
	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, &gm, &gm, true, true, true), PTPDK_BMCA_S1);
	/* slave-only: a worse master is still followed (9.2.2) */
	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, &worse, &worse, true, true, false), PTPDK_BMCA_S1);
	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, &gm, NULL, false, true, false), PTPDK_BMCA_LISTENING);
	/* a clock that may be master */
	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, &worse, &worse, true, false, false), PTPDK_BMCA_M2);
	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, &gm, &gm, true, false, false), PTPDK_BMCA_S1);
	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, &gm, &worse, false, false, false), PTPDK_BMCA_M3);
	d0.quality.clock_class = 6;
	CHECK_EQ_INT(ptpdk_bmca_decide(&d0, &gm, &gm, true, false, false), PTPDK_BMCA_M1);
	CHECK(strcmp(ptpdk_bmca_decision_name(PTPDK_BMCA_S1), "S1") == 0);
}

static struct ptpdk_msg announce(uint8_t gm, uint8_t p1, uint16_t steps)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_ANNOUNCE;
	m.header.source_port_identity = pid(gm, 1);
	m.header.flags = PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID;
	m.body.announce.grandmaster_priority1 = p1;
	m.body.announce.grandmaster_priority2 = 128;
	m.body.announce.grandmaster_clock_quality.clock_class = 248;
	m.body.announce.grandmaster_identity[7] = gm;
	m.body.announce.steps_removed = steps;
	m.body.announce.current_utc_offset = 37;
	return m;
}

static void test_foreign(void)
{
	struct ptpdk_port_identity me = pid(0x99, 1);
	struct ptpdk_foreign_table t;
	struct ptpdk_msg a1 = announce(1, 128, 0), a2 = announce(2, 100, 0);
	struct ptpdk_msg own = announce(0x99, 1, 0), far = announce(3, 1, 255);
	const uint64_t s = 1000000000ull, window = 4 * s;
	const struct ptpdk_foreign_master *best;

	ptpdk_foreign_init(&t, &me);
	CHECK(ptpdk_foreign_add(&t, &own, 0) == NULL);
	CHECK(ptpdk_foreign_add(&t, &far, 0) == NULL);
	CHECK_EQ_INT(t.counters.own_clock, 1);
	CHECK_EQ_INT(t.counters.steps_255, 1);
	/* one Announce does not qualify a master (9.3.2.5 threshold 2)... */
	CHECK(ptpdk_foreign_add(&t, &a1, 0) != NULL);
	CHECK(ptpdk_foreign_best(&t, 0, window, NULL) == NULL);
	/* ...unless it is the parent */
	CHECK(ptpdk_foreign_best(&t, 0, window, &a1.header.source_port_identity) != NULL);
	ptpdk_foreign_add(&t, &a1, s);
	best = ptpdk_foreign_best(&t, s, window, NULL);
	CHECK(best && best->ds.gm_identity[7] == 1);
	/* two Announces further apart than the window do not qualify */
	ptpdk_foreign_add(&t, &a2, s);
	ptpdk_foreign_add(&t, &a2, 6 * s);
	/* ...and a1's pair has aged out of the window too */
	CHECK(ptpdk_foreign_best(&t, 6 * s, window, NULL) == NULL);
	ptpdk_foreign_add(&t, &a2, 7 * s);
	best = ptpdk_foreign_best(&t, 7 * s, window, NULL);
	CHECK(best && best->ds.gm_identity[7] == 2);
	CHECK_EQ_INT(ptpdk_foreign_count(&t), 2);
	/* silence expires an entry */
	CHECK_EQ_INT(ptpdk_foreign_expire(&t, 8 * s, 3 * s), 1);
	CHECK_EQ_INT(ptpdk_foreign_count(&t), 1);
	/* the table is bounded and says so */
	for (unsigned i = 0; i < PTPDK_FOREIGN_MAX + 3; i++) {
		struct ptpdk_msg m = announce((uint8_t)(0x20 + i), 128, 0);

		ptpdk_foreign_add(&t, &m, 8 * s);
	}
	CHECK_EQ_INT(ptpdk_foreign_count(&t), PTPDK_FOREIGN_MAX);
	CHECK_EQ_INT(t.counters.table_full, 4);
}

static void test_port_state(void)
{
	enum ptpdk_port_state s = PTPDK_PS_INITIALIZING;

	s = ptpdk_port_state_next(s, PTPDK_EV_INIT_COMPLETE, true, false);
	CHECK_EQ_INT(s, PTPDK_PS_LISTENING);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_RS_MASTER, true, false), PTPDK_PS_LISTENING);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_RS_MASTER, false, false),
		     PTPDK_PS_PRE_MASTER);
	s = ptpdk_port_state_next(s, PTPDK_EV_RS_SLAVE, true, true);
	CHECK_EQ_INT(s, PTPDK_PS_UNCALIBRATED);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_RS_SLAVE, true, false),
		     PTPDK_PS_UNCALIBRATED);
	s = ptpdk_port_state_next(s, PTPDK_EV_MASTER_CLOCK_SELECTED, true, false);
	CHECK_EQ_INT(s, PTPDK_PS_SLAVE);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_RS_SLAVE, true, false), PTPDK_PS_SLAVE);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_RS_SLAVE, true, true),
		     PTPDK_PS_UNCALIBRATED);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_SYNCHRONIZATION_FAULT, true, false),
		     PTPDK_PS_UNCALIBRATED);
	CHECK_EQ_INT(
		ptpdk_port_state_next(s, PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES, true, false),
		PTPDK_PS_LISTENING);
	CHECK_EQ_INT(
		ptpdk_port_state_next(s, PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES, false, false),
		PTPDK_PS_MASTER);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_FAULT_DETECTED, true, false),
		     PTPDK_PS_FAULTY);
	CHECK_EQ_INT(ptpdk_port_state_next(PTPDK_PS_FAULTY, PTPDK_EV_RS_SLAVE, true, false),
		     PTPDK_PS_FAULTY);
	CHECK_EQ_INT(ptpdk_port_state_next(PTPDK_PS_FAULTY, PTPDK_EV_FAULT_CLEARED, true, false),
		     PTPDK_PS_INITIALIZING);
	CHECK_EQ_INT(ptpdk_port_state_next(s, PTPDK_EV_DESIGNATED_DISABLED, true, false),
		     PTPDK_PS_DISABLED);
	CHECK(strcmp(ptpdk_port_state_name(PTPDK_PS_UNCALIBRATED), "UNCALIBRATED") == 0);
	CHECK(strcmp(ptpdk_port_state_name((enum ptpdk_port_state)42), "invalid") == 0);
	CHECK(strcmp(ptpdk_port_event_name(PTPDK_EV_RS_SLAVE), "RS_SLAVE") == 0);
}

static struct ptpdk_msg presp(uint8_t type, uint16_t seq, struct ptpdk_port_identity req,
			      int64_t t_ns, int64_t corr_ns, bool two_step)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = type;
	m.header.sequence_id = seq;
	m.header.source_port_identity = pid(0x42, 1);
	m.header.flags = two_step ? PTPDK_FLAG_TWO_STEP : 0;
	m.header.correction = corr_ns * 65536;
	m.body.response.requesting_port_identity = req;
	ptpdk_tmv_to_wire_ts(ptpdk_tmv_from_ns(t_ns), &m.body.response.timestamp);
	return m;
}

static void test_p2p(void)
{
	struct ptpdk_port_identity me = pid(0x99, 1), other = pid(0x77, 1);
	struct ptpdk_p2p_config cfg;
	struct ptpdk_p2p *p;
	struct ptpdk_p2p_sample s;
	struct ptpdk_msg r, f;
	const int64_t base = 1000000000000;

	ptpdk_p2p_config_init(&cfg);
	cfg.filter_length = 1;
	cfg.max_delay_ns = 100000;
	p = ptpdk_p2p_create(&cfg);
	CHECK(p != NULL);
	if (!p)
		return;
	/* two-step: t1=base, t2=+5000 (peer clock +4000 ahead), t3=+15000, t4=+12000 */
	CHECK_EQ_INT(ptpdk_p2p_req_sent(p, 1, ptpdk_tmv_from_ns(base)), 0);
	r = presp(PTPDK_MSG_PDELAY_RESP, 1, me, base + 5000, 0, true);
	f = presp(PTPDK_MSG_PDELAY_RESP_FOLLOW_UP, 1, me, base + 15000, 0, true);
	CHECK_EQ_INT(ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 12000), &me), 0);
	CHECK_EQ_INT(ptpdk_p2p_resp_follow_up(p, &f, &me), 1);
	CHECK(ptpdk_p2p_last(p, &s) == 0 && s.raw_delay.ns == 1000 && !s.one_step);
	/* any order: Follow_Up, Resp, then the late TX stamp */
	f = presp(PTPDK_MSG_PDELAY_RESP_FOLLOW_UP, 2, me, base + 15000, 0, true);
	r = presp(PTPDK_MSG_PDELAY_RESP, 2, me, base + 5000, 0, true);
	CHECK_EQ_INT(ptpdk_p2p_resp_follow_up(p, &f, &me), 0);
	CHECK_EQ_INT(ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 14000), &me), 0);
	CHECK_EQ_INT(ptpdk_p2p_req_sent(p, 2, ptpdk_tmv_from_ns(base)), 1);
	CHECK(ptpdk_p2p_last(p, &s) == 0 && s.raw_delay.ns == 2000);
	/* one-step: turnaround 10000 in the correctionField, no Follow_Up */
	ptpdk_p2p_req_sent(p, 3, ptpdk_tmv_from_ns(base));
	r = presp(PTPDK_MSG_PDELAY_RESP, 3, me, 0, 10000, false);
	CHECK_EQ_INT(ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 13000), &me), 1);
	CHECK(ptpdk_p2p_last(p, &s) == 0 && s.raw_delay.ns == 1500 && s.one_step);
	/* someone else's exchange, a duplicate, a stale one, a second responder, too big */
	ptpdk_p2p_req_sent(p, 4, ptpdk_tmv_from_ns(base));
	r = presp(PTPDK_MSG_PDELAY_RESP, 4, other, base + 5000, 0, true);
	CHECK_EQ_INT(ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 12000), &me), 0);
	CHECK_EQ_INT(ptpdk_p2p_counters(p)->discard[PTPDK_P2P_DISCARD_NOT_OURS], 1);
	r = presp(PTPDK_MSG_PDELAY_RESP, 4, me, base + 5000, 0, true);
	ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 12000), &me);
	ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 12000), &me);
	CHECK_EQ_INT(ptpdk_p2p_counters(p)->discard[PTPDK_P2P_DISCARD_DUPLICATE], 1);
	r.header.source_port_identity = pid(0x43, 1);
	f = presp(PTPDK_MSG_PDELAY_RESP_FOLLOW_UP, 4, me, base + 15000, 0, true);
	f.header.source_port_identity = pid(0x43, 1);
	ptpdk_p2p_resp_follow_up(p, &f, &me);
	CHECK_EQ_INT(ptpdk_p2p_counters(p)->discard[PTPDK_P2P_DISCARD_MULTIPLE_PEERS], 1);
	r = presp(PTPDK_MSG_PDELAY_RESP, 3, me, base + 5000, 0, true);
	CHECK_EQ_INT(ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 12000), &me), 0);
	CHECK_EQ_INT(ptpdk_p2p_counters(p)->discard[PTPDK_P2P_DISCARD_STALE], 1);
	ptpdk_p2p_req_sent(p, 5, ptpdk_tmv_from_ns(base));
	CHECK_EQ_INT(ptpdk_p2p_counters(p)->discard[PTPDK_P2P_DISCARD_INCOMPLETE], 1);
	r = presp(PTPDK_MSG_PDELAY_RESP, 5, me, 0, 0, false);
	CHECK_EQ_INT(ptpdk_p2p_resp(p, &r, ptpdk_tmv_from_ns(base + 500000), &me), 0);
	CHECK_EQ_INT(ptpdk_p2p_counters(p)->discard[PTPDK_P2P_DISCARD_TOO_BIG], 1);
	CHECK(ptpdk_p2p_resp(p, &f, ptpdk_tmv_from_ns(0), &me) == -EINVAL);
	CHECK(strcmp(ptpdk_p2p_discard_name(PTPDK_P2P_DISCARD_STALE), "stale") == 0);
	cfg.filter_length = 0;
	CHECK(ptpdk_p2p_create(&cfg) == NULL && errno == EINVAL);
	ptpdk_p2p_destroy(p);
}

int main(void)
{
	test_compare();
	test_decide();
	test_foreign();
	test_port_state();
	test_p2p();
	return check_report("test_bmca");
}
