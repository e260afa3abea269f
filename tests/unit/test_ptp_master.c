/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PTP clocks as masters: two or three engines on one simulated wire, each on its
 * own oscillator. Asserts that a clock that may be master takes over a silent link
 * after the announce timeout and then sends Announce, two-step Sync + Follow_Up (t1
 * from its own TX stamp) and a Delay_Resp to every Delay_Req; that a slave-only
 * ptpdk locks to it through those messages alone; that the state decision between
 * two master-capable clocks makes the better one master and the other a slave, and
 * the slave the master again when the better one goes silent; and that a
 * master-only port never follows a better clock.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ptpdk_counter_sim.h"
#include "ptpdk_one_step.h"
#include "ptpdk_ptp_clock.h"
#include "ptpdk_vclock.h"

#define US	   1000ull
#define MS	   (1000 * US)
#define S	   (1000 * MS)
#define EPOCH	   (1700000000ull * S)
#define PATH_DELAY (2 * US)
#define OUTBOX	   32
#define NODES	   3

struct sent {
	struct ptpdk_msg msg;
	unsigned flags;
	struct ptpdk_tmv t_tx; /* the sender's clock when it went out */
};

struct node {
	bool on;
	struct ptpdk_counter_sim *osc;
	struct ptpdk_clock *clock;
	struct ptpdk_ptp_clock *ptp;
	struct sent outbox[OUTBOX];
	unsigned n_out;
	unsigned sent_by_type[16], rx_by_type[16];
	unsigned samples, steps;
	enum ptpdk_servo_state last_servo;
	/* every Follow_Up's t1 matched the TX stamp of its Sync */
	unsigned fup_checked, fup_mismatch;
	/* one-step Syncs: written on the way out, with the right flags */
	unsigned one_step_written, one_step_bad;
	struct ptpdk_tmv sync_t1[65536 / 1024];
};

struct world {
	uint64_t t;
	struct node n[NODES];
	unsigned n_nodes;
};

static struct world W;

static int op_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		   const struct ptpdk_dest *dst, unsigned flags)
{
	struct node *n = ctx;

	CHECK_EQ_INT(port, 0);
	/* A master's messages all go to the primary group (E2E, 1588-2008 Annexes D-F). */
	CHECK_EQ_INT(dst->kind, PTPDK_DEST_PRIMARY);
	if (n->n_out == OUTBOX)
		return -ENOBUFS;
	n->outbox[n->n_out].msg = *m;
	n->outbox[n->n_out].flags = flags;
	CHECK_EQ_INT(ptpdk_clock_gettime(n->clock, &n->outbox[n->n_out].t_tx), 0);
	n->n_out++;
	n->sent_by_type[m->header.message_type & 0xF]++;
	return 0;
}

static void op_sample(void *ctx, const struct ptpdk_ptp_sample *s)
{
	struct node *n = ctx;

	n->samples++;
	if (s->step_ns)
		n->steps++;
	n->last_servo = s->servo_state;
}

static void op_state(void *ctx, unsigned port, enum ptpdk_port_state from, enum ptpdk_port_state to,
		     enum ptpdk_port_event ev)
{
	if (getenv("TRACE"))
		fprintf(stderr, "%.3f node %d: %s -> %s on %s\n", (double)W.t * 1e-9,
			(int)((struct node *)ctx - W.n), ptpdk_port_state_name(from),
			ptpdk_port_state_name(to), ptpdk_port_event_name(ev));
	(void)ctx;
	(void)port;
	(void)from;
	(void)to;
	(void)ev;
}

static void advance(uint64_t ns)
{
	W.t += ns;
	for (unsigned i = 0; i < W.n_nodes; i++)
		ptpdk_counter_sim_advance_ns(W.n[i].osc, ns);
}

/* Node @p i on an oscillator @p ppb fast, its clock @p offset_ns off true time. */
static void node_open(unsigned i, double ppb, int64_t offset_ns,
		      const struct ptpdk_ptp_clock_config *cfg)
{
	struct ptpdk_vclock_config vc = { .source = PTPDK_TS_NIC_TICKS, .name = "node" };
	struct ptpdk_ptp_clock_ops ops = { .send = op_send,
					   .sample = op_sample,
					   .state = op_state };
	struct node *n = &W.n[i];

	memset(n, 0, sizeof(*n));
	n->on = true;
	n->osc = ptpdk_counter_sim_create(64, 1000000000ull, 0);
	CHECK(n->osc != NULL);
	ptpdk_counter_sim_set_error(n->osc, ppb);
	ptpdk_counter_sim_counter(n->osc, &vc.counter);
	vc.initial = ptpdk_tmv_from_ns((int64_t)(EPOCH + W.t) + offset_ns);
	n->clock = ptpdk_vclock_create(&vc);
	CHECK(n->clock != NULL);
	ops.ctx = n;
	n->ptp = ptpdk_ptp_clock_create(cfg, n->clock, &ops);
	CHECK(n->ptp != NULL);
}

static void world_close(void)
{
	for (unsigned i = 0; i < W.n_nodes; i++) {
		ptpdk_ptp_clock_destroy(W.n[i].ptp);
		ptpdk_clock_destroy(W.n[i].clock);
		ptpdk_counter_sim_destroy(W.n[i].osc);
	}
	memset(&W, 0, sizeof(W));
}

static void config(struct ptpdk_ptp_clock_config *cfg, uint8_t id, bool slave_only)
{
	ptpdk_ptp_clock_config_init(cfg);
	cfg->clock_identity[0] = 0x02;
	cfg->clock_identity[7] = id;
	cfg->slave_only = slave_only;
	cfg->ports[0].name = "wire";
	cfg->ports[0].log_announce_interval = 0;
	cfg->ports[0].log_sync_interval = -3;
	cfg->ports[0].log_min_delay_req_interval = -3;
	cfg->servo.sync_interval_s = 1.0 / 8;
	cfg->seed = id;
}

/* A Follow_Up's preciseOriginTimestamp plus its correction is its Sync's TX time. */
static void check_follow_up(struct node *from, const struct ptpdk_msg *m)
{
	struct ptpdk_tmv t1, want = from->sync_t1[m->header.sequence_id % 64];

	if (ptpdk_wire_ts_to_tmv(&m->body.timestamp.timestamp, &t1) != 0)
		return;
	t1 = ptpdk_tmv_add(t1, ptpdk_tmv_from_scaled(m->header.correction));
	from->fup_checked++;
	if (ptpdk_tmv_cmp(t1, want) != 0)
		from->fup_mismatch++;
}

/* Everything @p from sent reaches every other node that is on, after the path. */
static void deliver(unsigned from_i)
{
	struct node *from = &W.n[from_i];
	struct sent out[OUTBOX];
	unsigned n_out = from->n_out;

	memcpy(out, from->outbox, n_out * sizeof(out[0]));
	from->n_out = 0;
	for (unsigned k = 0; k < n_out; k++) {
		const struct ptpdk_msg *m = &out[k].msg;

		/* One-step: the TX time written into the encoded Sync, as the TX path does
		 * on a frame; the receivers get what the codec reads back. */
		if (out[k].flags & PTPDK_PTP_TX_ONE_STEP) {
			uint8_t buf[PTPDK_MSG_MAX_LEN];
			int len = ptpdk_msg_encode(m, buf, sizeof(buf));

			if (m->header.message_type != PTPDK_MSG_SYNC ||
			    (m->header.flags & PTPDK_FLAG_TWO_STEP) ||
			    !(out[k].flags & PTPDK_PTP_TX_WANT_TS) || len < 0 ||
			    ptpdk_one_step_patch_msg(buf, (size_t)len, out[k].t_tx) != 0 ||
			    ptpdk_msg_decode(buf, (size_t)len, &out[k].msg, NULL) != 0)
				from->one_step_bad++;
			else
				from->one_step_written++;
		}

		if (out[k].flags & PTPDK_PTP_TX_WANT_TS) {
			if (m->header.message_type == PTPDK_MSG_SYNC)
				from->sync_t1[m->header.sequence_id % 64] = out[k].t_tx;
			ptpdk_ptp_clock_tx_stamp(from->ptp, 0, m->header.message_type,
						 m->header.sequence_id, &out[k].t_tx, W.t);
		}
		if (m->header.message_type == PTPDK_MSG_FOLLOW_UP)
			check_follow_up(from, m);
		for (unsigned j = 0; j < W.n_nodes; j++) {
			struct node *to = &W.n[j];
			struct ptpdk_tmv t_rx;

			if (j == from_i || !to->on)
				continue;
			/* the same path both ways: the jitter is one draw per message */
			CHECK_EQ_INT(ptpdk_clock_gettime(to->clock, &t_rx), 0);
			t_rx = ptpdk_tmv_add(
				t_rx,
				ptpdk_tmv_from_ns((int64_t)(PATH_DELAY + check_rand() % 200)));
			to->rx_by_type[m->header.message_type & 0xF]++;
			ptpdk_ptp_clock_rx(to->ptp, 0, m, &t_rx, W.t);
		}
	}
}

static void run(uint64_t until)
{
	while (W.t < until) {
		for (unsigned i = 0; i < W.n_nodes; i++)
			if (W.n[i].on)
				ptpdk_ptp_clock_tick(W.n[i].ptp, W.t);
		/* Two rounds: a TX stamp's Follow_Up goes out in the same millisecond. */
		for (unsigned round = 0; round < 2; round++)
			for (unsigned i = 0; i < W.n_nodes; i++)
				if (W.n[i].on)
					deliver(i);
		advance(MS);
	}
}

/* Node i's clock minus node j's, now, ns. */
static double te(unsigned i, unsigned j)
{
	struct ptpdk_tmv a, b;

	CHECK_EQ_INT(ptpdk_clock_gettime(W.n[i].clock, &a), 0);
	CHECK_EQ_INT(ptpdk_clock_gettime(W.n[j].clock, &b), 0);
	return ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(a, b));
}

static struct ptpdk_ptp_clock_status status(unsigned i)
{
	struct ptpdk_ptp_clock_status st;

	ptpdk_ptp_clock_status(W.n[i].ptp, W.t, &st);
	return st;
}

/* A master-capable clock alone, then a slave-only ptpdk joining it. */
static void test_grandmaster_and_slave(void)
{
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_ptp_clock_status gm, sl;
	double max_te = 0;

	W.n_nodes = 2;
	config(&cfg, 1, false);
	cfg.time_source = 0x20; /* GPS, to see it reach the slave */
	cfg.time_flags = PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID;
	cfg.utc_offset = 37;
	node_open(0, 0, 0, &cfg);
	config(&cfg, 2, true);
	node_open(1, 25000, 3 * (int64_t)MS, &cfg); /* 25 ppm fast, 3 ms ahead */
	W.n[1].on = false;			    /* joins later */
	/* Announce timeout: 3 intervals of 1 s in LISTENING, then MASTER. */
	run(2900 * MS);
	CHECK_EQ_INT(status(0).port_state[0], PTPDK_PS_LISTENING);
	CHECK_EQ_INT(W.n[0].sent_by_type[PTPDK_MSG_ANNOUNCE], 0);
	run(3100 * MS);
	gm = status(0);
	CHECK_EQ_INT(gm.port_state[0], PTPDK_PS_MASTER);
	CHECK(!gm.have_parent);
	CHECK_EQ_INT(gm.time_source, 0x20);
	/* Now the slave: 60 s. */
	W.n[1].on = true;
	run(33 * S);
	for (; W.t < 63 * S;) {
		run(W.t + 100 * MS);
		if (fabs(te(1, 0)) > max_te)
			max_te = fabs(te(1, 0));
	}
	gm = status(0);
	sl = status(1);
	CHECK_EQ_INT(gm.port_state[0], PTPDK_PS_MASTER);
	CHECK_EQ_INT(sl.port_state[0], PTPDK_PS_SLAVE);
	CHECK(sl.have_parent);
	CHECK_EQ_INT(sl.parent.gm_identity[7], 1);
	CHECK_EQ_INT(sl.parent.steps_removed, 0);
	CHECK_EQ_INT(sl.time_source, 0x20);
	CHECK_EQ_INT(sl.current_utc_offset, 37);
	CHECK_EQ_INT(sl.time_flags, PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID);
	CHECK_EQ_INT(sl.clock_state, PTPDK_PTP_LOCKED);
	CHECK_EQ_INT(W.n[1].steps, 1);
	/*
	 * The path is the same both ways but for 0..200 ns of jitter per message, so
	 * one offset sample is off by at most half of that, 100 ns; after 30 s the
	 * servo has long settled from its one step. 1 us leaves the servo's own
	 * wander ten times that.
	 */
	CHECK(max_te < 1000);
	printf("grandmaster and slave: slave TE max %.0f ns over the last 30 s, %u samples\n",
	       max_te, W.n[1].samples);
	/* Rates: Announce 1/s for 63 - 3 s; Sync 8/s; a Follow_Up per Sync. */
	CHECK(W.n[0].sent_by_type[PTPDK_MSG_ANNOUNCE] >= 59 &&
	      W.n[0].sent_by_type[PTPDK_MSG_ANNOUNCE] <= 61);
	CHECK(W.n[0].sent_by_type[PTPDK_MSG_SYNC] >= 8 * 60 - 8 &&
	      W.n[0].sent_by_type[PTPDK_MSG_SYNC] <= 8 * 60 + 8);
	CHECK_EQ_INT(W.n[0].sent_by_type[PTPDK_MSG_FOLLOW_UP], W.n[0].sent_by_type[PTPDK_MSG_SYNC]);
	CHECK_EQ_INT(W.n[0].fup_mismatch, 0);
	CHECK_EQ_INT(W.n[0].fup_checked, W.n[0].sent_by_type[PTPDK_MSG_FOLLOW_UP]);
	/* Every Delay_Req answered (the last may still be on its way). */
	CHECK(W.n[1].sent_by_type[PTPDK_MSG_DELAY_REQ] > 8 * 20);
	CHECK(W.n[0].sent_by_type[PTPDK_MSG_DELAY_RESP] + 1 >=
	      W.n[1].sent_by_type[PTPDK_MSG_DELAY_REQ]);
	CHECK_EQ_INT(gm.counters.delay_resp_sent, W.n[0].sent_by_type[PTPDK_MSG_DELAY_RESP]);
	/* The slave-only clock sends no Announce, Sync or Delay_Resp. */
	CHECK_EQ_INT(W.n[1].sent_by_type[PTPDK_MSG_ANNOUNCE], 0);
	CHECK_EQ_INT(W.n[1].sent_by_type[PTPDK_MSG_SYNC], 0);
	CHECK_EQ_INT(W.n[1].sent_by_type[PTPDK_MSG_DELAY_RESP], 0);
	world_close();
}

/*
 * twoStepFlag 0: the master's Syncs have the twoStepFlag clear, ask for their time to
 * be written (and for their TX stamp), and no Follow_Up follows; a slave-only ptpdk
 * locks to them (a one-step Sync's originTimestamp and correctionField are its t1),
 * and the master's defaultDS says one-step.
 */
static void test_one_step_master(void)
{
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_mgmt_view v;
	double max_te = 0;

	W.n_nodes = 2;
	config(&cfg, 1, false);
	cfg.ports[0].one_step = true;
	node_open(0, 0, 0, &cfg);
	config(&cfg, 2, true);
	node_open(1, -15000, -2 * (int64_t)MS, &cfg);
	run(33 * S);
	for (; W.t < 63 * S;) {
		run(W.t + 100 * MS);
		if (fabs(te(1, 0)) > max_te)
			max_te = fabs(te(1, 0));
	}
	CHECK_EQ_INT(status(0).port_state[0], PTPDK_PS_MASTER);
	CHECK_EQ_INT(status(1).port_state[0], PTPDK_PS_SLAVE);
	CHECK_EQ_INT(status(1).clock_state, PTPDK_PTP_LOCKED);
	CHECK(W.n[0].sent_by_type[PTPDK_MSG_SYNC] > 8 * 55);
	CHECK_EQ_INT(W.n[0].sent_by_type[PTPDK_MSG_FOLLOW_UP], 0);
	CHECK_EQ_INT(W.n[0].one_step_bad, 0);
	CHECK_EQ_INT(W.n[0].one_step_written, W.n[0].sent_by_type[PTPDK_MSG_SYNC]);
	CHECK_EQ_INT(status(0).counters.follow_up_sent, 0);
	/* the same bound and reason as test_grandmaster_and_slave */
	CHECK(max_te < 1000);
	ptpdk_ptp_clock_mgmt_view(W.n[0].ptp, W.t, &v);
	CHECK_EQ_INT(v.default_ds.flags & PTPDK_DDS_FLAG_TWO_STEP, 0);
	ptpdk_ptp_clock_mgmt_view(W.n[1].ptp, W.t, &v);
	CHECK(v.default_ds.flags & PTPDK_DDS_FLAG_TWO_STEP);
	printf("one-step master: %u Syncs written, slave TE max %.0f ns over the last 30 s\n",
	       W.n[0].one_step_written, max_te);
	world_close();
}

/* Two master-capable clocks: the better is master; when it stops, the other takes over. */
static void test_bmca_and_failover(void)
{
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_ptp_clock_status a, b;
	unsigned announces_before;

	W.n_nodes = 2;
	config(&cfg, 1, false);
	cfg.priority1 = 100;
	node_open(0, 0, 0, &cfg);
	config(&cfg, 2, false);
	node_open(1, -8000, 0, &cfg);
	run(30 * S);
	a = status(0);
	b = status(1);
	CHECK_EQ_INT(a.port_state[0], PTPDK_PS_MASTER);
	CHECK_EQ_INT(b.port_state[0], PTPDK_PS_SLAVE);
	CHECK(b.have_parent && b.parent.gm_identity[7] == 1 && b.parent.priority1 == 100);
	CHECK(fabs(te(1, 0)) < 1000); /* as in test_grandmaster_and_slave */
	announces_before = W.n[1].sent_by_type[PTPDK_MSG_ANNOUNCE];
	/* The better master stops. Its last Announce came within the last second, so
	 * B's announce timeout (3 s) expires between 2 and 3 s from now. */
	W.n[0].on = false;
	run(W.t + 1900 * MS);
	CHECK(status(1).port_state[0] != PTPDK_PS_MASTER);
	run(W.t + 1200 * MS);
	b = status(1);
	CHECK_EQ_INT(b.port_state[0], PTPDK_PS_MASTER);
	CHECK(!b.have_parent);
	CHECK(W.n[1].sent_by_type[PTPDK_MSG_ANNOUNCE] > announces_before);
	CHECK_EQ_INT(b.clock_state, PTPDK_PTP_HOLDOVER); /* it was locked */
	/* A comes back: it is better, B follows again. */
	W.n[0].on = true;
	run(W.t + 10 * S);
	CHECK_EQ_INT(status(0).port_state[0], PTPDK_PS_MASTER);
	CHECK(status(1).port_state[0] == PTPDK_PS_SLAVE ||
	      status(1).port_state[0] == PTPDK_PS_UNCALIBRATED);
	world_close();
}

/* A master-only clock stays master and never synchronises, even to a better one. */
static void test_master_only(void)
{
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_ptp_clock_status b;

	W.n_nodes = 2;
	config(&cfg, 1, false);
	cfg.priority1 = 100;
	node_open(0, 0, 0, &cfg);
	config(&cfg, 2, false);
	cfg.ports[0].master_only = true;
	node_open(1, 20000, 0, &cfg);
	run(20 * S);
	b = status(1);
	CHECK_EQ_INT(b.port_state[0], PTPDK_PS_MASTER);
	CHECK(!b.have_parent);
	CHECK_EQ_INT(W.n[1].samples, 0);
	CHECK_EQ_INT(W.n[1].sent_by_type[PTPDK_MSG_DELAY_REQ], 0);
	CHECK(ptpdk_ptp_clock_foreign_counters(W.n[1].ptp, 0)->announces > 10); /* heard */
	/* The better clock saw a worse master and stayed master itself (M2). */
	CHECK_EQ_INT(status(0).port_state[0], PTPDK_PS_MASTER);
	world_close();
}

/* Two equal master-capable clocks; the one whose system clock is kept announces
 * clockClass 6 and wins, though its identity alone would lose. When its reference is
 * lost it falls back to 248 and the identity decides again. */
static void test_reference(void)
{
	struct ptpdk_gm_reference_report kept = { .est_error_ns = 1e5,
						  .max_error_ns = 1e6,
						  .tai_offset_s = 37 };
	struct ptpdk_gm_reference_report lost = { .unsynced = true };
	struct ptpdk_ptp_clock_config cfg;

	W.n_nodes = 2;
	config(&cfg, 1, false);
	node_open(0, 0, 0, &cfg);
	config(&cfg, 2, false);
	node_open(1, 0, 0, &cfg);
	run(15 * S);
	CHECK_EQ_INT(status(0).port_state[0], PTPDK_PS_MASTER); /* the lower identity */
	ptpdk_ptp_clock_reference(W.n[1].ptp, &kept, NULL, 0, W.t);
	run(W.t + 15 * S);
	CHECK_EQ_INT(status(1).port_state[0], PTPDK_PS_MASTER);
	CHECK(status(0).have_parent && status(0).parent.gm_identity[7] == 2);
	CHECK_EQ_INT(status(0).parent.quality.clock_class, 6);
	CHECK_EQ_INT(status(0).time_source, 0x50);
	CHECK(status(0).time_flags & PTPDK_FLAG_TIME_TRACEABLE);
	ptpdk_ptp_clock_reference(W.n[1].ptp, &lost, NULL, 0, W.t);
	run(W.t + 20 * S);
	CHECK_EQ_INT(status(0).port_state[0], PTPDK_PS_MASTER);
	CHECK(status(1).have_parent && status(1).parent.gm_identity[7] == 1);
	world_close();
}

/*
 * Management through the engine: the data sets a slave reports, and a SET of
 * priority1 on the slave that makes it the better clock: the roles swap.
 */
static void test_management(void)
{
	struct ptpdk_ptp_clock_config cfg;
	static struct ptpdk_mgmt_view v;
	struct ptpdk_mgmt_set set = { .management_id = PTPDK_MGMT_PRIORITY1 };

	W.n_nodes = 2;
	config(&cfg, 1, false);
	cfg.priority1 = 100;
	cfg.ports[0].log_sync_interval = -3;
	node_open(0, 0, 0, &cfg);
	config(&cfg, 2, false);
	node_open(1, 3000, 0, &cfg);
	run(30 * S);
	ptpdk_ptp_clock_mgmt_view(W.n[1].ptp, W.t, &v);
	CHECK_EQ_INT(v.default_ds.priority1, 128);
	CHECK_EQ_INT(v.default_ds.clock_identity[7], 2);
	CHECK_EQ_INT(v.default_ds.number_ports, 1);
	CHECK_EQ_INT(v.default_ds.flags, PTPDK_DDS_FLAG_TWO_STEP);
	CHECK_EQ_INT(v.current_ds.steps_removed, 1);
	CHECK_EQ_INT(v.parent_ds.parent_port_identity.clock_identity[7], 1);
	CHECK_EQ_INT(v.parent_ds.parent_port_identity.port_number, 1);
	CHECK_EQ_INT(v.parent_ds.grandmaster_priority1, 100);
	CHECK_EQ_INT(v.parent_ds.grandmaster_identity[7], 1);
	CHECK_EQ_INT(v.time_status_np.gm_present, 1);
	CHECK(v.time_status_np.ingress_time > 0);
	CHECK_EQ_INT(v.ports[0].port_ds.port_state, PTPDK_PS_SLAVE);
	CHECK_EQ_INT(v.ports[0].port_ds.log_sync_interval, -3); /* the master's */
	CHECK_EQ_INT(v.ports[0].port_ds.delay_mechanism, PTPDK_DELAY_E2E);
	CHECK_EQ_INT(v.clock_type, PTPDK_CLOCK_TYPE_ORDINARY);
	ptpdk_ptp_clock_mgmt_view(W.n[0].ptp, W.t, &v);
	CHECK_EQ_INT(v.current_ds.steps_removed, 0);
	CHECK_EQ_INT(v.parent_ds.grandmaster_identity[7], 1); /* itself */
	CHECK_EQ_INT(v.time_status_np.gm_present, 0);
	CHECK_EQ_INT(v.ports[0].port_ds.port_state, PTPDK_PS_MASTER);
	/* priority1 50 on the slave: it is now the better clock. */
	set.value.u8 = 50;
	CHECK_EQ_INT(ptpdk_ptp_clock_mgmt_set(W.n[1].ptp, &set, W.t), 0);
	run(W.t + 15 * S);
	CHECK_EQ_INT(status(1).port_state[0], PTPDK_PS_MASTER);
	CHECK(status(0).port_state[0] == PTPDK_PS_SLAVE ||
	      status(0).port_state[0] == PTPDK_PS_UNCALIBRATED);
	ptpdk_ptp_clock_mgmt_view(W.n[0].ptp, W.t, &v);
	CHECK_EQ_INT(v.parent_ds.grandmaster_identity[7], 2);
	CHECK_EQ_INT(v.parent_ds.grandmaster_priority1, 50);
	/* A port's interval; out of range refused. */
	set.management_id = PTPDK_MGMT_LOG_SYNC_INTERVAL;
	set.port_mask = 1;
	set.value.i8 = -4;
	CHECK_EQ_INT(ptpdk_ptp_clock_mgmt_set(W.n[1].ptp, &set, W.t), 0);
	ptpdk_ptp_clock_mgmt_view(W.n[1].ptp, W.t, &v);
	CHECK_EQ_INT(v.ports[0].port_ds.log_sync_interval, -4);
	set.value.i8 = 9;
	CHECK_EQ_INT(ptpdk_ptp_clock_mgmt_set(W.n[1].ptp, &set, W.t), -EINVAL);
	set.management_id = PTPDK_MGMT_DOMAIN;
	CHECK_EQ_INT(ptpdk_ptp_clock_mgmt_set(W.n[1].ptp, &set, W.t), -EINVAL);
	world_close();
}

int main(void)
{
	check_seed("test_ptp_master");
	test_grandmaster_and_slave();
	test_one_step_master();
	test_bmca_and_failover();
	test_master_only();
	test_reference();
	test_management();
	return check_report("test_ptp_master");
}
