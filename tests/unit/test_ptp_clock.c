/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ordinary clock in a closed loop: simulated grandmasters, a path with fixed
 * delay and a little jitter, and a slave clock on a simulated oscillator 10 ppm
 * fast, started 10 ms off. Asserts the protocol's behaviour: states, one first
 * step, lock, Delay_Req spacing, BMCA choice and switch-over, holdover and clean
 * re-acquisition, P2P both as requester and responder, domain filtering.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "ptpdk_counter_sim.h"
#include "ptpdk_ptp_clock.h"
#include "ptpdk_vclock.h"

#define NS	   1ull
#define US	   (1000 * NS)
#define MS	   (1000 * US)
#define S	   (1000 * MS)
#define EPOCH	   (1700000000ull * S)
#define PATH_DELAY (2 * US)
#define OUTBOX	   16

struct gm {
	bool on;
	uint8_t id;
	uint8_t priority1;
	int64_t offset_ns; /* the GM's time minus true time */
	uint16_t sync_seq, announce_seq;
	uint8_t domain;
};

struct sent {
	struct ptpdk_msg msg;
	unsigned flags;
	struct ptpdk_dest dst;
};

struct world {
	uint64_t t; /* true time since start */
	struct ptpdk_counter_sim *osc;
	struct ptpdk_clock *clock;
	struct ptpdk_ptp_clock *ptp;
	struct gm gm[2];
	struct sent outbox[OUTBOX];
	unsigned n_out;
	bool p2p;
	bool peer_answers; /* the far end answers Pdelay_Req */
	/* In iterations starting in [stale_from, stale_until) tick as the daemon's
	 * worker does: with the time read at the start of the loop iteration, before
	 * the RX work, whose messages carry later readings. */
	uint64_t stale_from, stale_until;
	/* observations */
	unsigned samples, steps, delay_reqs, pdelay_reqs, pdelay_resps, pdelay_fups;
	unsigned slave_entries;
	enum ptpdk_servo_state last_state;
	int64_t last_offset;
	double max_abs_te_locked;
	struct ptpdk_msg last_pdelay_resp, last_pdelay_fup;
};

static struct ptpdk_port_identity gm_port(const struct gm *g)
{
	struct ptpdk_port_identity id = { .clock_identity = { 0x02, 0, 0, 0xff, 0xfe, 0, 0, g->id },
					  .port_number = 1 };
	return id;
}

static int op_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		   const struct ptpdk_dest *dst, unsigned flags)
{
	struct world *w = ctx;

	CHECK_EQ_INT(port, 0);
	if (w->n_out == OUTBOX)
		return -ENOBUFS;
	w->outbox[w->n_out].msg = *m;
	w->outbox[w->n_out].flags = flags;
	w->outbox[w->n_out].dst = *dst;
	w->n_out++;
	return 0;
}

static void op_sample(void *ctx, const struct ptpdk_ptp_sample *s)
{
	struct world *w = ctx;

	w->samples++;
	if (s->step_ns)
		w->steps++;
	w->last_state = s->servo_state;
	w->last_offset = s->offset_ns;
}

static void op_state(void *ctx, unsigned port, enum ptpdk_port_state from, enum ptpdk_port_state to,
		     enum ptpdk_port_event ev)
{
	struct world *w = ctx;

	(void)port;
	(void)from;
	(void)ev;
	if (to == PTPDK_PS_SLAVE)
		w->slave_entries++;
}

static struct ptpdk_tmv slave_now(struct world *w)
{
	struct ptpdk_tmv t = { 0, 0 };

	CHECK_EQ_INT(ptpdk_clock_gettime(w->clock, &t), 0);
	return t;
}

static struct ptpdk_tmv gm_time(const struct world *w, const struct gm *g)
{
	return ptpdk_tmv_from_ns((int64_t)(EPOCH + w->t) + g->offset_ns);
}

/* Let @p ns of true time pass. */
static void advance(struct world *w, uint64_t ns)
{
	w->t += ns;
	ptpdk_counter_sim_advance_ns(w->osc, ns);
}

/* Path delay with a few hundred ns of deterministic jitter. */
static uint64_t path(void)
{
	return PATH_DELAY + check_rand() % 200;
}

static void header(struct ptpdk_msg *m, const struct gm *g, uint8_t type, uint16_t seq)
{
	memset(m, 0, sizeof(*m));
	m->header.message_type = type;
	m->header.version = 2;
	m->header.domain_number = g->domain;
	m->header.source_port_identity = gm_port(g);
	m->header.sequence_id = seq;
}

static void send_announce(struct world *w, struct gm *g)
{
	struct ptpdk_msg m;

	header(&m, g, PTPDK_MSG_ANNOUNCE, g->announce_seq++);
	m.header.flags = PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID;
	m.header.log_message_interval = 0;
	m.body.announce.current_utc_offset = 37;
	m.body.announce.grandmaster_priority1 = g->priority1;
	m.body.announce.grandmaster_priority2 = 128;
	m.body.announce.grandmaster_clock_quality.clock_class = 248;
	m.body.announce.grandmaster_clock_quality.clock_accuracy = 0xFE;
	m.body.announce.grandmaster_clock_quality.offset_scaled_log_variance = 0xFFFF;
	memcpy(m.body.announce.grandmaster_identity, gm_port(g).clock_identity, 8);
	ptpdk_ptp_clock_rx(w->ptp, 0, &m, NULL, w->t);
}

static void send_sync(struct world *w, struct gm *g)
{
	struct ptpdk_msg sync, fup;
	struct ptpdk_tmv t1 = gm_time(w, g), t2;

	header(&sync, g, PTPDK_MSG_SYNC, g->sync_seq);
	sync.header.flags = PTPDK_FLAG_TWO_STEP;
	sync.header.log_message_interval = -4;
	header(&fup, g, PTPDK_MSG_FOLLOW_UP, g->sync_seq++);
	fup.header.log_message_interval = -4;
	ptpdk_tmv_to_wire_ts(t1, &fup.body.timestamp.timestamp);
	advance(w, path());
	t2 = slave_now(w);
	ptpdk_ptp_clock_rx(w->ptp, 0, &sync, &t2, w->t);
	ptpdk_ptp_clock_rx(w->ptp, 0, &fup, NULL, w->t);
}

/* The far end's answer to what the slave sent. */
static void deliver_outbox(struct world *w)
{
	unsigned n = w->n_out;
	struct sent out[OUTBOX];
	struct gm *g = w->gm[0].on ? &w->gm[0] : &w->gm[1];

	memcpy(out, w->outbox, n * sizeof(out[0]));
	w->n_out = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct ptpdk_msg *m = &out[i].msg;
		struct ptpdk_tmv t3 = slave_now(w), t4;
		struct ptpdk_msg r, f;

		if (out[i].flags & PTPDK_PTP_TX_WANT_TS)
			ptpdk_ptp_clock_tx_stamp(w->ptp, 0, m->header.message_type,
						 m->header.sequence_id, &t3, w->t);
		switch (m->header.message_type) {
		case PTPDK_MSG_DELAY_REQ:
			w->delay_reqs++;
			CHECK(out[i].flags & PTPDK_PTP_TX_EVENT);
			CHECK_EQ_INT(out[i].dst.kind, PTPDK_DEST_PRIMARY);
			if (!g->on)
				break;
			advance(w, path());
			header(&r, g, PTPDK_MSG_DELAY_RESP, m->header.sequence_id);
			r.header.log_message_interval = -4;
			r.body.response.requesting_port_identity = m->header.source_port_identity;
			ptpdk_tmv_to_wire_ts(gm_time(w, g), &r.body.response.timestamp);
			ptpdk_ptp_clock_rx(w->ptp, 0, &r, NULL, w->t);
			break;
		case PTPDK_MSG_PDELAY_REQ:
			w->pdelay_reqs++;
			CHECK_EQ_INT(out[i].dst.kind, PTPDK_DEST_PEER);
			if (!w->peer_answers)
				break;
			advance(w, path());
			header(&r, g, PTPDK_MSG_PDELAY_RESP, m->header.sequence_id);
			r.header.flags = PTPDK_FLAG_TWO_STEP;
			r.body.response.requesting_port_identity = m->header.source_port_identity;
			ptpdk_tmv_to_wire_ts(gm_time(w, g), &r.body.response.timestamp);
			header(&f, g, PTPDK_MSG_PDELAY_RESP_FOLLOW_UP, m->header.sequence_id);
			f.body.response.requesting_port_identity = m->header.source_port_identity;
			ptpdk_tmv_to_wire_ts(ptpdk_tmv_add(gm_time(w, g), ptpdk_tmv_from_ns(7000)),
					     &f.body.response.timestamp);
			advance(w, 7 * US + path());
			t4 = slave_now(w);
			ptpdk_ptp_clock_rx(w->ptp, 0, &r, &t4, w->t);
			ptpdk_ptp_clock_rx(w->ptp, 0, &f, NULL, w->t);
			break;
		case PTPDK_MSG_PDELAY_RESP:
			w->pdelay_resps++;
			w->last_pdelay_resp = *m;
			break;
		case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
			w->pdelay_fups++;
			w->last_pdelay_fup = *m;
			break;
		default:
			break;
		}
	}
}

/* Slave time minus grandmaster @p g's time, now. */
static double true_te(struct world *w, unsigned g_index)
{
	const struct gm *g = &w->gm[g_index];

	return ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(slave_now(w), gm_time(w, g)));
}

static bool world_open(struct world *w, bool p2p, enum ptpdk_servo_type servo)
{
	struct ptpdk_vclock_config vc = { .source = PTPDK_TS_NIC_TICKS, .name = "sim" };
	struct ptpdk_ptp_clock_ops ops = { .send = op_send,
					   .sample = op_sample,
					   .state = op_state };
	struct ptpdk_ptp_clock_config cfg;

	memset(w, 0, sizeof(*w));
	w->p2p = p2p;
	w->peer_answers = true;
	w->osc = ptpdk_counter_sim_create(64, 1000000000ull, 0);
	if (!w->osc)
		return false;
	ptpdk_counter_sim_set_error(w->osc, 10000); /* +10 ppm */
	ptpdk_counter_sim_counter(w->osc, &vc.counter);
	vc.initial = ptpdk_tmv_from_ns((int64_t)(EPOCH + 10 * MS)); /* 10 ms ahead */
	w->clock = ptpdk_vclock_create(&vc);
	CHECK(w->clock != NULL);
	ptpdk_ptp_clock_config_init(&cfg);
	cfg.clock_identity[7] = 0x99;
	cfg.ports[0].name = "sim0";
	cfg.ports[0].log_announce_interval = 0;
	cfg.ports[0].log_sync_interval = -4;
	cfg.ports[0].log_min_delay_req_interval = -4;
	cfg.ports[0].log_min_pdelay_req_interval = -2;
	cfg.ports[0].delay_mechanism = p2p ? PTPDK_DELAY_P2P : PTPDK_DELAY_E2E;
	cfg.servo_type = servo;
	cfg.servo.sync_interval_s = 1.0 / 16;
	cfg.seed = 7;
	ops.ctx = w;
	w->ptp = ptpdk_ptp_clock_create(&cfg, w->clock, &ops);
	CHECK(w->ptp != NULL);
	w->gm[0] = (struct gm){ .on = true, .id = 1, .priority1 = 128 };
	w->gm[1] = (struct gm){ .on = false, .id = 2, .priority1 = 129, .offset_ns = 500 };
	return w->clock && w->ptp;
}

static void world_close(struct world *w)
{
	ptpdk_ptp_clock_destroy(w->ptp);
	ptpdk_clock_destroy(w->clock);
	ptpdk_counter_sim_destroy(w->osc);
}

/* Run until true time @p until: 1 ms steps, Syncs at 16 Hz, Announces at 1 Hz. */
static void run(struct world *w, uint64_t until, bool measure_te)
{
	while (w->t < until) {
		uint64_t ms = w->t / MS;
		uint64_t next = (ms + 1) * MS;
		uint64_t loop_start = w->t;
		bool stale = w->t >= w->stale_from && w->t < w->stale_until;

		if (stale)
			advance(w, 3 * US); /* the RX poll and ring drain take a while */
		for (unsigned i = 0; i < 2; i++) {
			if (!w->gm[i].on)
				continue;
			if (ms % 1000 == 0)
				send_announce(w, &w->gm[i]);
			if (ms % 1000 % 62 == 0 && ms % 1000 < 992)
				send_sync(w, &w->gm[i]);
		}
		ptpdk_ptp_clock_tick(w->ptp, stale ? loop_start : w->t);
		deliver_outbox(w);
		if (measure_te && w->last_state >= PTPDK_SERVO_LOCKED) {
			double te = fabs(true_te(w, 0));

			if (te > w->max_abs_te_locked)
				w->max_abs_te_locked = te;
		}
		if (next > w->t)
			advance(w, next - w->t);
	}
}

static void test_lock_e2e(enum ptpdk_servo_type servo)
{
	struct world w;
	struct ptpdk_ptp_clock_status st;

	if (!world_open(&w, false, servo))
		return;
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK(!st.port_delay[0].known); /* no parent yet: no path to measure */
	run(&w, 30 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_SLAVE);
	CHECK_EQ_INT(st.clock_state, PTPDK_PTP_LOCKED);
	CHECK(st.have_parent && st.parent.gm_identity[7] == 1);
	CHECK_EQ_INT(st.current_utc_offset, 37);
	CHECK(st.time_flags & PTPDK_FLAG_PTP_TIMESCALE);
	CHECK_EQ_INT(w.steps, 1); /* the first correction of 10 ms, and no other */
	CHECK(w.samples > 400);
	/* Delay_Req at the master's rate (1/16 s on average, randomised). */
	CHECK(w.delay_reqs > 30 * 16 / 2 && w.delay_reqs < 30 * 16 * 3 / 2);
	w.max_abs_te_locked = 0;
	run(&w, 60 * S, true);
	printf("e2e %s: samples %u steps %u delay_req %u max |TE| after 30 s %.0f ns\n",
	       ptpdk_servo_type_name(servo), w.samples, w.steps, w.delay_reqs, w.max_abs_te_locked);
	CHECK(w.max_abs_te_locked < 1000);
	CHECK_EQ_INT(w.steps, 1);
	CHECK(st.path_delay_ns > 1900 && st.path_delay_ns < 2300);
	/* The slave port's own measurement is the one the servo used. */
	CHECK(st.port_delay[0].known && !st.port_delay[0].peer);
	CHECK_EQ_INT(st.port_delay[0].ns, st.path_delay_ns);
	world_close(&w);
}

static void test_bmca_switch(void)
{
	struct world w;
	struct ptpdk_ptp_clock_status st;

	if (!world_open(&w, false, PTPDK_SERVO_PTPDK))
		return;
	w.gm[1].on = true; /* worse priority1, 500 ns apart from gm 1 */
	run(&w, 20 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK(st.have_parent && st.parent.gm_identity[7] == 1);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_SLAVE);
	/* the better one stops: announce timeout (3 s), then the other one */
	w.gm[0].on = false;
	run(&w, 40 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK(st.have_parent && st.parent.gm_identity[7] == 2);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_SLAVE);
	CHECK_EQ_INT(st.counters.master_changes, 2);
	CHECK_EQ_INT(st.counters.announce_timeouts, 1);
	CHECK(fabs(true_te(&w, 1)) < 100);
	CHECK_EQ_INT(w.steps, 1); /* 500 ns apart: slewed, not stepped */
	/* it comes back: BMCA prefers it again once qualified */
	w.gm[0].on = true;
	run(&w, 50 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK(st.parent.gm_identity[7] == 1);
	CHECK_EQ_INT(st.counters.master_changes, 3);
	world_close(&w);
}

static void test_holdover(void)
{
	struct world w;
	struct ptpdk_ptp_clock_status st;
	double te_before, te_after, bound_10, bound_60;

	if (!world_open(&w, false, PTPDK_SERVO_PTPDK))
		return;
	run(&w, 60 * S, false);
	te_before = true_te(&w, 0);
	w.gm[0].on = false;
	run(&w, 70 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK_EQ_INT(st.clock_state, PTPDK_PTP_HOLDOVER);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_LISTENING);
	CHECK(!st.have_parent);
	bound_10 = st.error_bound_ns;
	run(&w, 120 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	bound_60 = st.error_bound_ns;
	te_after = true_te(&w, 0);
	printf("holdover: TE %.0f ns before, %.0f ns after ~57 s; bound %.0f -> %.0f ns, freq %.3f "
	       "ppb\n",
	       te_before, te_after, bound_10, bound_60, st.freq_ppb);
	CHECK(bound_60 > bound_10);
	/* +10 ppm learned well: the phase drifts far less than a free 10 ppm would (570 us) */
	CHECK(fabs(te_after) < 100);
	/* the bound is honest: it covers the error actually accumulated */
	CHECK(fabs(te_after - te_before) <= bound_60);
	CHECK_NEAR(st.freq_ppb, -10000.0 / 1.00001, 5);
	w.gm[0].on = true;
	run(&w, 150 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK_EQ_INT(st.clock_state, PTPDK_PTP_LOCKED);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_SLAVE);
	CHECK_EQ_INT(w.steps, 1); /* re-acquired without a step */
	CHECK_EQ_INT(st.counters.holdovers, 1);
	world_close(&w);
}

/*
 * The lab's spurious "announce timeout": the daemon's worker reads the TSC once per
 * iteration, drains the RX rings (each message stamped with a later reading) and
 * then ticks with the earlier reading. When an Announce and a due tick met in one
 * iteration the tick's "now" was microseconds before the Announce; the unsigned
 * "now - last Announce" wrapped, the receipt timer (9.2.6.12) fired with the
 * master talking, and the master's foreign record expired with it, so the slave
 * went LISTENING and needed two more Announces to re-qualify.
 */
static void check_kept_master(struct world *w, const char *what)
{
	struct ptpdk_ptp_clock_status st;
	const struct ptpdk_foreign_counters *fc = ptpdk_ptp_clock_foreign_counters(w->ptp, 0);

	ptpdk_ptp_clock_status(w->ptp, w->t, &st);
	printf("%s: announce timeouts %llu, master changes %llu, expired %llu, slave entries "
	       "%u\n",
	       what, (unsigned long long)st.counters.announce_timeouts,
	       (unsigned long long)st.counters.master_changes,
	       (unsigned long long)(fc ? fc->expired : 0), w->slave_entries);
	CHECK_EQ_INT(st.counters.announce_timeouts, 0);
	CHECK_EQ_INT(st.counters.master_changes, 1);
	CHECK_EQ_INT(st.counters.holdovers, 0);
	CHECK(fc && fc->expired == 0);
	CHECK_EQ_INT(w->slave_entries, 1);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_SLAVE);
	CHECK_EQ_INT(st.clock_state, PTPDK_PTP_LOCKED);
	CHECK_EQ_INT(w->steps, 1);
}

static void test_tick_before_rx(void)
{
	struct world w;
	struct ptpdk_ptp_clock_status st;

	if (!world_open(&w, false, PTPDK_SERVO_PTPDK))
		return;
	/* Locked, then one Announce (30 s) meets a tick read before it, as in the lab. */
	w.stale_from = 30 * S;
	w.stale_until = 30 * S + 1 * MS;
	run(&w, 40 * S, false);
	check_kept_master(&w, "one stale tick");
	/* Every iteration so from 40 s on: each Announce meets such a tick. */
	w.stale_until = UINT64_MAX;
	run(&w, 100 * S, false);
	check_kept_master(&w, "all ticks stale");
	/* A master that does stop is still timed out, after 3 announce intervals (3 s). */
	w.gm[0].on = false;
	run(&w, 102 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK_EQ_INT(st.counters.announce_timeouts, 0);
	run(&w, 105 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK_EQ_INT(st.counters.announce_timeouts, 1);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_LISTENING);
	CHECK_EQ_INT(st.clock_state, PTPDK_PTP_HOLDOVER);
	world_close(&w);
}

static void test_p2p(void)
{
	struct world w;
	struct ptpdk_ptp_clock_status st;
	struct ptpdk_msg req;
	struct ptpdk_tmv t2;
	struct ptpdk_tmv got;

	if (!world_open(&w, true, PTPDK_SERVO_PTPDK))
		return;
	run(&w, 30 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_SLAVE);
	CHECK(w.pdelay_reqs >= 4 * 30 - 2 && w.pdelay_reqs <= 4 * 30 + 1);
	CHECK_EQ_INT(w.delay_reqs, 0);
	CHECK(st.path_delay_ns > 1900 && st.path_delay_ns < 2300);
	CHECK(st.port_delay[0].known && st.port_delay[0].peer);
	CHECK(st.port_delay[0].ns > 1900 && st.port_delay[0].ns < 2300);
	CHECK(fabs(true_te(&w, 0)) < 100);
	CHECK_EQ_INT(w.steps, 1);
	/* answering the peer's Pdelay_Req: Resp with t2, then Follow_Up with t3 */
	header(&req, &w.gm[0], PTPDK_MSG_PDELAY_REQ, 777);
	req.header.correction = 5 * 65536;
	t2 = slave_now(&w);
	ptpdk_ptp_clock_rx(w.ptp, 0, &req, &t2, w.t);
	deliver_outbox(&w); /* Resp out, its TX stamp in, the Follow_Up queued */
	deliver_outbox(&w);
	CHECK(w.pdelay_resps >= 1 && w.pdelay_fups >= 1);
	CHECK_EQ_INT(w.last_pdelay_resp.header.sequence_id, 777);
	CHECK(w.last_pdelay_resp.header.flags & PTPDK_FLAG_TWO_STEP);
	ptpdk_wire_ts_to_tmv(&w.last_pdelay_resp.body.response.timestamp, &got);
	CHECK(ptpdk_tmv_cmp(got, t2) == 0 || llabs(got.ns - t2.ns) <= 1);
	CHECK_EQ_INT(w.last_pdelay_fup.header.sequence_id, 777);
	CHECK_EQ_INT(w.last_pdelay_fup.header.correction, 5 * 65536);
	CHECK(w.last_pdelay_fup.body.response.requesting_port_identity.clock_identity[7] == 1);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK_EQ_INT(st.counters.pdelay_resp_sent, 1);
	world_close(&w);
}

static void test_filters(void)
{
	struct world w;
	struct ptpdk_ptp_clock_status st;
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_ptp_clock_ops ops = { .send = op_send,
					   .sample = op_sample,
					   .state = op_state };

	if (!world_open(&w, false, PTPDK_SERVO_PI))
		return;
	w.gm[0].domain = 3; /* another domain: never followed */
	run(&w, 10 * S, false);
	ptpdk_ptp_clock_status(w.ptp, w.t, &st);
	CHECK(!st.have_parent);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_LISTENING);
	CHECK(st.counters.wrong_domain > 100);
	CHECK_EQ_INT(w.samples, 0);
	world_close(&w);

	ptpdk_ptp_clock_config_init(&cfg);
	cfg.ports[0].master_only = true; /* on a slave-only clock */
	ops.ctx = &w;
	CHECK(ptpdk_ptp_clock_create(&cfg, (struct ptpdk_clock *)&w, &ops) == NULL &&
	      errno == EINVAL);
	ptpdk_ptp_clock_config_init(&cfg);
	cfg.ports[0].announce_receipt_timeout = 1;
	CHECK(ptpdk_ptp_clock_create(&cfg, (struct ptpdk_clock *)&w, &ops) == NULL &&
	      errno == EINVAL);
	ptpdk_ptp_clock_config_init(&cfg);
	CHECK(ptpdk_ptp_clock_create(&cfg, NULL, &ops) == NULL && errno == EINVAL);
}

int main(void)
{
	check_seed("test_ptp_clock");
	test_lock_e2e(PTPDK_SERVO_PI);
	test_lock_e2e(PTPDK_SERVO_PTPDK);
	test_bmca_switch();
	test_holdover();
	test_tick_before_rx();
	test_p2p();
	test_filters();
	return check_report("test_ptp_clock");
}
