/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_chain.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_counter_sim.h"
#include "ptpdk_one_step.h"
#include "ptpdk_sim_osc.h"
#include "ptpdk_sim_path.h"
#include "ptpdk_sim_queue.h"
#include "ptpdk_sim_tc.h"
#include "ptpdk_vclock.h"

#define NS_PER_S 1000000000ull
/* The same wall-clock epoch as the one-slave world. */
#define EPOCH_NS  (1700000000ull * NS_PER_S)
#define POOL_SIZE 4096
/* Streams of the links (8 each: down, up, Delay_Resp, the TC's two directions),
 * clear of the one-slave world's master streams (16 + 8 per master). */
#define LINK_STREAM_BASE 64
#define GOLDEN		 0x9E3779B97F4A7C15ull

enum ev_type { EV_END, EV_OSC, EV_DELIVER, EV_TX_STAMP, EV_TICK, EV_SAMPLE, EV_START };

struct chain;

struct node {
	struct chain *ch;
	unsigned index;
	enum ptpdk_sim_chain_role role;
	double resolution_ns;
	const struct ptpdk_sim_oscillator *osc_cfg; /* NULL: a perfect clock (the GM) */
	struct ptpdk_sim_osc osc;
	double osc_err_ppb;
	struct ptpdk_counter_sim *counter;
	struct ptpdk_clock *clock;
	struct ptpdk_ptp_clock *ptp;
	bool started; /* its engine runs (its clock runs from the start) */
	uint32_t tick_gen;
	uint64_t tick_at;
	struct ptpdk_ptp_sample last_sample;
	bool have_sample;
	size_t cap_to_gm, cap_hop; /* room in the result's two point arrays */
};

/* The link between node i (its downstream port) and node i + 1 (its port 1). */
struct link {
	const struct ptpdk_sim_path *down_cfg, *up_cfg;
	const struct ptpdk_sim_tc *tc_cfg;
	/* The master's own messages, Delay_Req, Delay_Resp: separate streams, so that
	 * what a slave sends never shifts the draws of what its master sends. */
	struct ptpdk_sim_link down, up, resp;
	struct ptpdk_sim_tc_rt tc;
	uint64_t n_down, n_up;
};

struct chain {
	const struct ptpdk_sim_scenario *sc;
	const struct ptpdk_sim_run_opts *opts;
	struct ptpdk_sim_chain_result *res;
	uint64_t now, end;
	double next_progress;
	struct ptpdk_sim_queue q;
	struct ptpdk_sim_pool pool;
	unsigned n_nodes;
	struct node nodes[PTPDK_SIM_CHAIN_MAX_CLOCKS];
	struct link links[PTPDK_SIM_CHAIN_MAX_CLOCKS - 1];
};

/* ---- time ---- */

static double now_s(const struct chain *ch)
{
	return (double)ch->now * 1e-9;
}

static void advance_to(struct chain *ch, uint64_t t)
{
	if (t <= ch->now)
		return;
	for (unsigned i = 0; i < ch->n_nodes; i++)
		ptpdk_counter_sim_advance_ns(ch->nodes[i].counter, t - ch->now);
	ch->now = t;
}

static struct ptpdk_tmv clock_time(const struct node *n)
{
	struct ptpdk_tmv t = { 0, 0 };

	ptpdk_clock_gettime(n->clock, &t);
	return t;
}

/* A hardware stamp: the clock's time, truncated to its resolution. */
static struct ptpdk_tmv stamp(const struct node *n)
{
	struct ptpdk_tmv t = clock_time(n);

	if (n->resolution_ns >= 1.0) {
		int64_t r = (int64_t)n->resolution_ns;
		int64_t q = t.ns % r;

		t.ns -= q < 0 ? q + r : q;
		t.frac = 0;
	}
	return t;
}

static int push(struct chain *ch, uint64_t t, enum ev_type type, unsigned node, unsigned port,
		uint32_t slot, uint32_t gen)
{
	struct ptpdk_sim_event e = { .t = t,
				     .slot = slot,
				     .gen = gen,
				     .type = (uint8_t)type,
				     .node = (uint8_t)node,
				     .port = (uint8_t)port };

	return ptpdk_sim_queue_push(&ch->q, &e);
}

/* ---- routing ---- */

/* Node index's port toward the next clock down: 0 on the GM, 1 (port 2) on a BC. */
static unsigned down_port(const struct node *n)
{
	return n->role == PTPDK_SIM_CHAIN_GM ? 0 : 1;
}

/* The link a node's port sends on, and whether down the chain. @return false: none. */
static bool route(const struct node *n, unsigned port, unsigned *link, bool *down)
{
	if (n->role != PTPDK_SIM_CHAIN_SLAVE && port == down_port(n)) {
		*link = n->index;
		*down = true;
		return true;
	}
	if (n->role != PTPDK_SIM_CHAIN_GM && port == 0) {
		*link = n->index - 1;
		*down = false;
		return true;
	}
	return false;
}

static void tick(struct node *n);

/* Put @p m on link @p li in one direction; it is delivered when it arrives. */
static void transmit(struct chain *ch, unsigned li, bool down, const struct ptpdk_msg *m)
{
	struct link *l = &ch->links[li];
	struct ptpdk_sim_link *path = !down					       ? &l->up
				      : m->header.message_type == PTPDK_MSG_DELAY_RESP ? &l->resp
										       : &l->down;
	unsigned to = down ? li + 1 : li;
	unsigned port = down ? 0 : down_port(&ch->nodes[li]);
	uint64_t at;
	uint32_t s;

	if (down)
		l->n_down++;
	else
		l->n_up++;
	if (!ptpdk_sim_link_send(path, ch->now, &at))
		return;
	if (ptpdk_sim_pool_get(&ch->pool, m, &s) != 0)
		return;
	if (l->tc_cfg->mode != PTPDK_SIM_TC_NONE)
		at = ptpdk_sim_tc_forward(&l->tc, down ? PTPDK_SIM_TC_DOWN : PTPDK_SIM_TC_UP,
					  &ch->pool.slots[s].msg, at);
	if (push(ch, at, EV_DELIVER, to, port, s, 0) != 0)
		ptpdk_sim_pool_put(&ch->pool, s);
}

static bool is_event(uint8_t type)
{
	return type == PTPDK_MSG_SYNC || type == PTPDK_MSG_DELAY_REQ ||
	       type == PTPDK_MSG_PDELAY_REQ || type == PTPDK_MSG_PDELAY_RESP;
}

static void deliver(struct chain *ch, const struct ptpdk_sim_event *e)
{
	struct node *n = &ch->nodes[e->node];
	const struct ptpdk_msg *m = &ch->pool.slots[e->slot].msg;

	if (!n->started) {
		/* not up yet: the frame falls on the floor */
		ptpdk_sim_pool_put(&ch->pool, e->slot);
		return;
	}
	if (is_event(m->header.message_type)) {
		struct ptpdk_tmv t = stamp(n);

		ptpdk_ptp_clock_rx(n->ptp, e->port, m, &t, ch->now);
	} else {
		ptpdk_ptp_clock_rx(n->ptp, e->port, m, NULL, ch->now);
	}
	ptpdk_sim_pool_put(&ch->pool, e->slot);
	tick(n);
}

/* ---- the engines' ops ---- */

/*
 * A one-step Sync: its TX stamp is written into it, through the daemon's own patch on
 * the encoded message and the codec back, so the simulated slave reads exactly what a
 * frame would carry. The written time is the stamp: no error, as on a DPDK software
 * port (drivers-notes/one-step.md). The stamp still comes back, as the TX path's does.
 */
static int send_one_step(struct node *n, unsigned port, unsigned li, bool down,
			 const struct ptpdk_msg *m)
{
	struct chain *ch = n->ch;
	struct ptpdk_tmv t = stamp(n);
	uint8_t buf[PTPDK_MSG_MAX_LEN];
	struct ptpdk_msg out;
	int len = ptpdk_msg_encode(m, buf, sizeof(buf));
	uint32_t s;

	if (len < 0 || ptpdk_one_step_patch_msg(buf, (size_t)len, t) != 0 ||
	    ptpdk_msg_decode(buf, (size_t)len, &out, NULL) != 0) {
		ch->res->send_refused++;
		return -EINVAL;
	}
	if (ptpdk_sim_pool_get(&ch->pool, &out, &s) == 0) {
		ch->pool.slots[s].stamp = t;
		if (push(ch, ch->now, EV_TX_STAMP, n->index, port, s, 0) != 0)
			ptpdk_sim_pool_put(&ch->pool, s);
	}
	transmit(ch, li, down, &out);
	return 0;
}

/* The simulated links are point to point: every destination reaches the neighbour. */
static int op_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		   const struct ptpdk_dest *dst, unsigned flags)
{
	struct node *n = ctx;
	struct chain *ch = n->ch;
	unsigned li;
	bool down;
	uint32_t s;

	(void)dst;
	if (!route(n, port, &li, &down)) {
		ch->res->send_refused++;
		return -EOPNOTSUPP;
	}
	if (flags & PTPDK_PTP_TX_ONE_STEP)
		return send_one_step(n, port, li, down, m);
	if ((flags & PTPDK_PTP_TX_WANT_TS) && ptpdk_sim_pool_get(&ch->pool, m, &s) == 0) {
		/* The stamp comes back as a separate event, as a datapath's does. */
		ch->pool.slots[s].stamp = stamp(n);
		if (push(ch, ch->now, EV_TX_STAMP, n->index, port, s, 0) != 0)
			ptpdk_sim_pool_put(&ch->pool, s);
	}
	transmit(ch, li, down, m);
	return 0;
}

static void op_sample(void *ctx, const struct ptpdk_ptp_sample *s)
{
	struct node *n = ctx;
	struct chain *ch = n->ch;
	struct ptpdk_sim_chain_clock *c = &ch->res->clocks[n->index];

	n->last_sample = *s;
	n->have_sample = true;
	c->to_gm.samples++;
	if (s->step_ns) {
		ptpdk_sim_result_add_step(&c->to_gm, now_s(ch), (double)s->step_ns);
		if (c->to_gm.first_locked_s >= 0)
			c->steps_after_lock++;
	}
	if (n->role == PTPDK_SIM_CHAIN_SLAVE && ch->opts->sample)
		ch->opts->sample(ch->opts->sample_ctx, s, now_s(ch));
}

/*
 * The chain comes up from the grandmaster down: a clock's engine starts when the port
 * above it first becomes MASTER. Started together, every BC would time out listening
 * at the same moment as the grandmaster and serve its own free-running time below
 * until it found the grandmaster; the clocks below would step to that time and then
 * have to slew the BC's own first step (step_threshold 0 allows one step only).
 */
static void op_state(void *ctx, unsigned port, enum ptpdk_port_state from, enum ptpdk_port_state to,
		     enum ptpdk_port_event ev)
{
	struct node *n = ctx;
	struct chain *ch = n->ch;

	(void)from;
	(void)ev;
	if (to != PTPDK_PS_MASTER || n->role == PTPDK_SIM_CHAIN_SLAVE || port != down_port(n))
		return;
	if (!ch->nodes[n->index + 1].started)
		push(ch, ch->now, EV_START, n->index + 1, 0, 0, 0);
}

/* ---- the run ---- */

static void tick(struct node *n)
{
	struct chain *ch = n->ch;
	uint64_t next = ptpdk_ptp_clock_tick(n->ptp, ch->now);

	if (next <= ch->now)
		next = ch->now + 1;
	/* Only the latest request counts: older tick events are recognised by their
	 * generation and skipped. */
	if (next != n->tick_at) {
		n->tick_gen++;
		n->tick_at = next;
		push(ch, next, EV_TICK, n->index, 0, 0, n->tick_gen);
	}
}

static int add_point(struct ptpdk_sim_result *r, size_t *cap, const struct ptpdk_sim_point *p)
{
	if (r->n_points == *cap) {
		size_t ncap = *cap ? 2 * *cap : 4096;
		struct ptpdk_sim_point *np = realloc(r->points, ncap * sizeof(*np));

		if (!np)
			return -ENOMEM;
		r->points = np;
		*cap = ncap;
	}
	r->points[r->n_points++] = *p;
	return 0;
}

static double te_ns(const struct node *a, const struct node *b)
{
	return ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(clock_time(a), clock_time(b)));
}

/* One TE sample of clock @p n: against the GM and against the clock upstream. */
static int take_point(struct chain *ch, struct node *n)
{
	struct ptpdk_sim_chain_clock *c = &ch->res->clocks[n->index];
	struct ptpdk_ptp_clock_status st;
	struct ptpdk_sim_point p;
	double freq = ptpdk_vclock_freq(ptpdk_vclock_of(n->clock));
	int rc;

	ptpdk_ptp_clock_status(n->ptp, ch->now, &st);
	p = (struct ptpdk_sim_point){
		.t_s = now_s(ch),
		.te_ns = te_ns(n, &ch->nodes[0]),
		.offset_ns = n->have_sample ? (double)n->last_sample.offset_ns : 0.0,
		.freq_ppb = freq,
		/* (1 + e)(1 + f) - 1 */
		.freq_err_ppb = n->osc_err_ppb + freq + n->osc_err_ppb * freq * 1e-9,
		.servo_state = (int8_t)(n->have_sample ? n->last_sample.servo_state : 0),
		.clock_state = (int8_t)st.clock_state,
		.port_state = (int8_t)st.port_state[0],
	};
	rc = add_point(&c->to_gm, &n->cap_to_gm, &p);
	p.te_ns = te_ns(n, &ch->nodes[n->index - 1]);
	if (!rc)
		rc = add_point(&c->hop, &n->cap_hop, &p);
	if (c->to_gm.first_locked_s < 0 && st.clock_state == PTPDK_PTP_LOCKED)
		c->to_gm.first_locked_s = p.t_s;
	return rc;
}

static void progress(struct chain *ch)
{
	double f = (double)ch->now / (double)ch->end;

	if (ch->opts->progress && f >= ch->next_progress) {
		ch->opts->progress(ch->opts->progress_ctx, f);
		ch->next_progress = f + 0.01;
	}
}

static int sample_all(struct chain *ch)
{
	int rc = 0;

	for (unsigned i = 1; i < ch->n_nodes && rc == 0; i++)
		rc = take_point(ch, &ch->nodes[i]);
	if (!rc)
		rc = push(ch, ch->now + (uint64_t)llround(ch->sc->sample_interval_s * 1e9),
			  EV_SAMPLE, 0, 0, 0, 0);
	progress(ch);
	return rc;
}

static int update_oscillators(struct chain *ch)
{
	for (unsigned i = 0; i < ch->n_nodes; i++) {
		struct node *n = &ch->nodes[i];

		if (!n->osc_cfg)
			continue;
		n->osc_err_ppb = ptpdk_sim_osc_update(&n->osc, now_s(ch), PTPDK_SIM_OSC_UPDATE_S);
		ptpdk_counter_sim_set_error(n->counter, n->osc_err_ppb);
	}
	return push(ch, ch->now + (uint64_t)(PTPDK_SIM_OSC_UPDATE_S * 1e9), EV_OSC, 0, 0, 0, 0);
}

static int handle(struct chain *ch, const struct ptpdk_sim_event *e)
{
	struct node *n = &ch->nodes[e->node];

	switch ((enum ev_type)e->type) {
	case EV_OSC:
		return update_oscillators(ch);
	case EV_DELIVER:
		deliver(ch, e);
		return 0;
	case EV_TX_STAMP: {
		const struct ptpdk_sim_slot *s = &ch->pool.slots[e->slot];

		ptpdk_ptp_clock_tx_stamp(n->ptp, e->port, s->msg.header.message_type,
					 s->msg.header.sequence_id, &s->stamp, ch->now);
		ptpdk_sim_pool_put(&ch->pool, e->slot);
		tick(n);
		return 0;
	}
	case EV_TICK:
		if (e->gen == n->tick_gen)
			tick(n);
		return 0;
	case EV_SAMPLE:
		return sample_all(ch);
	case EV_START:
		if (!n->started) {
			n->started = true;
			tick(n);
		}
		return 0;
	case EV_END:
		return 0;
	}
	return 0;
}

/* ---- building the chain ---- */

static struct ptpdk_port_identity gm_identity(void)
{
	/* the one-slave world's first master */
	return (struct ptpdk_port_identity){
		.clock_identity = { 0x02, 0x00, 0x5e, 0xff, 0xfe, 0x00, 0x00, 0x01 },
		.port_number = 1,
	};
}

static void set_identity(struct ptpdk_ptp_clock_config *cfg, const struct node *n)
{
	static const uint8_t slave[PTPDK_CLOCK_ID_LEN] = { 0x02, 0, 0, 0xff, 0xfe, 0, 0, 0x99 };
	struct ptpdk_port_identity gm = gm_identity();

	if (n->role == PTPDK_SIM_CHAIN_GM)
		memcpy(cfg->clock_identity, gm.clock_identity, PTPDK_CLOCK_ID_LEN);
	else if (n->role == PTPDK_SIM_CHAIN_SLAVE)
		memcpy(cfg->clock_identity, slave, PTPDK_CLOCK_ID_LEN);
	else
		memcpy(cfg->clock_identity,
		       (uint8_t[PTPDK_CLOCK_ID_LEN]){ 0x02, 0x00, 0x5e, 0xff, 0xfe, 0xbc, 0x00,
						      (uint8_t)n->index },
		       PTPDK_CLOCK_ID_LEN);
}

/* Every clock: the [slave] section's settings and the master's rates (a BC sends
 * downstream at the rates it receives). */
static int common_config(const struct chain *ch, struct ptpdk_ptp_clock_config *cfg, char *err,
			 size_t err_len)
{
	const struct ptpdk_sim_scenario *sc = ch->sc;
	const struct ptpdk_sim_slave *sl = &sc->slave;
	const struct ptpdk_sim_master *m0 = &sc->masters[0];
	const char *servo = ch->opts->servo ? ch->opts->servo : sl->servo;
	int type;

	if (!strcmp(servo, "default"))
		servo = "ptpdk";
	type = ptpdk_servo_type_from_name(servo);
	if (type < 0) {
		snprintf(err, err_len, "unknown servo '%s' (pi, ptpdk or default)", servo);
		return -EINVAL;
	}
	ptpdk_ptp_clock_config_init(cfg);
	cfg->domain_number = m0->domain;
	for (unsigned p = 0; p < 2; p++) {
		struct ptpdk_ptp_port_config *pc = &cfg->ports[p];

		pc->delay_mechanism = PTPDK_DELAY_E2E;
		pc->log_sync_interval = m0->log_sync_interval;
		pc->log_announce_interval = m0->log_announce_interval;
		pc->log_min_delay_req_interval = m0->log_min_delay_req_interval;
		pc->delay_filter_length = sl->delay_filter_length;
		pc->max_path_delay_ns = (int64_t)sl->max_path_delay_ns;
	}
	cfg->ports[0].name = "sim-up";
	cfg->ports[1].name = "sim-down";
	cfg->servo_type = (enum ptpdk_servo_type)type;
	ptpdk_servo_config_init(&cfg->servo);
	cfg->servo.sync_interval_s = ldexp(1.0, m0->log_sync_interval);
	cfg->servo.hw_timestamps = sl->hw_timestamps;
	cfg->servo.first_step_threshold_ns = sl->first_step_threshold_ns;
	cfg->servo.step_threshold_ns = sl->step_threshold_ns;
	cfg->servo.max_frequency_ppb = sl->max_frequency_ppb;
	cfg->servo.offset_threshold_ns = sl->offset_threshold_ns;
	cfg->servo.num_offset_values = sl->num_offset_values;
	cfg->holdover_max_s = sl->holdover_max_s;
	return 0;
}

/* The grandmaster announces what the one-slave world's masters do; its port is
 * master-only (ptp4l masterOnly), so it serves from its first tick. */
static void gm_config(const struct ptpdk_sim_master *m, struct ptpdk_ptp_clock_config *cfg)
{
	cfg->slave_only = false;
	cfg->priority1 = m->priority1;
	cfg->priority2 = m->priority2;
	cfg->quality.clock_class = m->clock_class;
	cfg->quality.clock_accuracy = 0x21; /* within 100 ns */
	cfg->quality.offset_scaled_log_variance = 0x4E5D;
	cfg->time_source = 0x20; /* GPS */
	cfg->time_flags = PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID;
	cfg->n_ports = 1;
	cfg->ports[0].name = "sim-gm";
	cfg->ports[0].master_only = true;
}

static int engine_open(struct chain *ch, struct node *n, char *err, size_t err_len)
{
	struct ptpdk_ptp_clock_ops ops = {
		.send = op_send, .sample = op_sample, .state = op_state, .ctx = n
	};
	struct ptpdk_ptp_clock_config cfg;
	int rc = common_config(ch, &cfg, err, err_len);

	if (rc)
		return rc;
	set_identity(&cfg, n);
	/* The slave's Delay_Req spacing is the one-slave world's; every other clock
	 * draws its own, so that no two are in step. */
	cfg.seed = ch->sc->seed;
	if (n->role != PTPDK_SIM_CHAIN_SLAVE)
		cfg.seed ^= n->index * GOLDEN + 1;
	if (n->role == PTPDK_SIM_CHAIN_GM) {
		gm_config(&ch->sc->masters[0], &cfg);
		cfg.ports[0].one_step = !ch->sc->masters[0].two_step;
	} else if (n->role == PTPDK_SIM_CHAIN_BC) {
		cfg.slave_only = false;
		cfg.n_ports = 2;
		cfg.ports[1].one_step = !ch->sc->bcs[n->index - 1].two_step;
	}
	n->ptp = ptpdk_ptp_clock_create(&cfg, n->clock, &ops);
	if (!n->ptp) {
		snprintf(err, err_len, "the engine refused the scenario's settings for clock %u",
			 n->index);
		return -EINVAL;
	}
	return 0;
}

/* A node's clock: a vclock over a simulated counter, perfect for the GM. */
static int clock_open(struct chain *ch, struct node *n, double initial_offset_ns)
{
	struct ptpdk_vclock_config vc = { .source = PTPDK_TS_NIC_TICKS, .name = "sim" };

	n->counter = ptpdk_counter_sim_create(64, NS_PER_S, 0);
	if (!n->counter)
		return -ENOMEM;
	if (n->osc_cfg) {
		/* The slave's noise is the one-slave world's; each BC's its own. */
		uint64_t seed = ch->sc->seed;

		if (n->role == PTPDK_SIM_CHAIN_BC)
			seed ^= n->index * GOLDEN;
		ptpdk_sim_osc_init(&n->osc, n->osc_cfg, seed);
	}
	ptpdk_counter_sim_counter(n->counter, &vc.counter);
	vc.initial = ptpdk_tmv_from_ns((int64_t)EPOCH_NS + llround(initial_offset_ns));
	n->clock = ptpdk_vclock_create(&vc);
	return n->clock ? 0 : -errno;
}

static void node_setup(struct chain *ch, unsigned i)
{
	const struct ptpdk_sim_scenario *sc = ch->sc;
	struct node *n = &ch->nodes[i];
	struct ptpdk_sim_chain_clock *c = &ch->res->clocks[i];

	n->ch = ch;
	n->index = i;
	if (i == 0) {
		n->role = PTPDK_SIM_CHAIN_GM;
		n->resolution_ns = sc->masters[0].resolution_ns;
		snprintf(c->name, sizeof(c->name), "%s", sc->masters[0].name);
	} else if (i == ch->n_nodes - 1) {
		n->role = PTPDK_SIM_CHAIN_SLAVE;
		n->osc_cfg = &sc->osc;
		snprintf(c->name, sizeof(c->name), "slave");
	} else {
		n->role = PTPDK_SIM_CHAIN_BC;
		n->osc_cfg = &sc->bcs[i - 1].osc;
		snprintf(c->name, sizeof(c->name), "%s", sc->bcs[i - 1].name);
	}
	if (n->osc_cfg)
		n->resolution_ns = n->osc_cfg->resolution_ns;
	c->role = n->role;
	c->n_ports = n->role == PTPDK_SIM_CHAIN_BC ? 2 : 1;
	c->to_gm.first_locked_s = -1.0;
	c->hop.first_locked_s = -1.0;
}

static int link_open(struct chain *ch, unsigned i, char *err, size_t err_len)
{
	const struct ptpdk_sim_scenario *sc = ch->sc;
	struct link *l = &ch->links[i];
	uint64_t base = LINK_STREAM_BASE + 8 * (uint64_t)i;
	int rc;

	if (i == 0) {
		l->down_cfg = &sc->masters[0].to_slave;
		l->up_cfg = &sc->masters[0].from_slave;
		l->tc_cfg = &sc->masters[0].tc;
	} else {
		l->down_cfg = &sc->bcs[i - 1].to_slave;
		l->up_cfg = &sc->bcs[i - 1].from_slave;
		l->tc_cfg = &sc->bcs[i - 1].tc;
	}
	rc = ptpdk_sim_link_init(&l->down, l->down_cfg, sc->seed, base, err, err_len);
	if (!rc)
		rc = ptpdk_sim_link_init(&l->up, l->up_cfg, sc->seed, base + 1, err, err_len);
	if (!rc)
		rc = ptpdk_sim_link_init(&l->resp, l->down_cfg, sc->seed, base + 2, err, err_len);
	if (rc)
		return rc;
	/* The Delay_Resp link replays no trace: only event messages' delays matter. */
	l->resp.trace_len = 0;
	ptpdk_sim_tc_init(&l->tc, l->tc_cfg, l->down_cfg, l->up_cfg, sc->seed, base + 3);
	return 0;
}

static int chain_open(struct chain *ch, char *err, size_t err_len)
{
	const struct ptpdk_sim_scenario *sc = ch->sc;
	int rc = ptpdk_sim_pool_init(&ch->pool, POOL_SIZE);

	ch->n_nodes = sc->n_bcs + 2;
	ch->res->n_clocks = ch->n_nodes;
	for (unsigned i = 0; !rc && i + 1 < ch->n_nodes; i++)
		rc = link_open(ch, i, err, err_len);
	for (unsigned i = 0; !rc && i < ch->n_nodes; i++) {
		struct node *n = &ch->nodes[i];

		node_setup(ch, i);
		rc = clock_open(ch, n,
				n->osc_cfg ? n->osc_cfg->initial_offset_ns
					   : sc->masters[0].time_offset_ns);
		if (!rc)
			rc = engine_open(ch, n, err, err_len);
	}
	return rc;
}

static void chain_collect(struct chain *ch)
{
	struct ptpdk_sim_chain_result *r = ch->res;

	for (unsigned i = 0; i < ch->n_nodes; i++) {
		struct node *n = &ch->nodes[i];
		struct ptpdk_sim_chain_clock *c = &r->clocks[i];

		if (!n->ptp)
			continue;
		ptpdk_ptp_clock_status(n->ptp, ch->now, &c->status);
		c->to_gm.engine = c->status.counters;
		for (unsigned p = 0; p < c->n_ports; p++)
			ptpdk_ptp_clock_port_identity(n->ptp, p, &c->port_identity[p]);
		/* the hop shares the clock's events */
		memcpy(c->hop.steps, c->to_gm.steps, sizeof(c->hop.steps));
		c->hop.n_steps = c->to_gm.n_steps;
		c->hop.n_steps_dropped = c->to_gm.n_steps_dropped;
		c->hop.first_locked_s = c->to_gm.first_locked_s;
		c->hop.samples = c->to_gm.samples;
		c->hop.engine = c->to_gm.engine;
	}
	for (unsigned i = 0; i + 1 < ch->n_nodes; i++) {
		struct link *l = &ch->links[i];
		struct ptpdk_sim_chain_link *o = &r->links[i];

		*o = (struct ptpdk_sim_chain_link){
			.has_tc = l->tc_cfg && l->tc_cfg->mode != PTPDK_SIM_TC_NONE,
			.down = l->n_down,
			.up = l->n_up,
			.lost = l->down.lost + l->up.lost + l->resp.lost,
			.tc_corrected = l->tc.corrected,
			.tc_unmatched = l->tc.unmatched,
			.tc_residence_down_ns =
				ptpdk_sim_tc_mean_residence_ns(&l->tc, PTPDK_SIM_TC_DOWN),
			.tc_residence_up_ns =
				ptpdk_sim_tc_mean_residence_ns(&l->tc, PTPDK_SIM_TC_UP),
		};
	}
	r->in_flight_full = ch->pool.full;
}

static void chain_close(struct chain *ch)
{
	for (unsigned i = 0; i < ch->n_nodes; i++) {
		ptpdk_ptp_clock_destroy(ch->nodes[i].ptp);
		ptpdk_clock_destroy(ch->nodes[i].clock);
		ptpdk_counter_sim_destroy(ch->nodes[i].counter);
	}
	for (unsigned i = 0; i + 1 < ch->n_nodes; i++) {
		ptpdk_sim_link_free(&ch->links[i].down);
		ptpdk_sim_link_free(&ch->links[i].up);
		ptpdk_sim_link_free(&ch->links[i].resp);
	}
	ptpdk_sim_pool_free(&ch->pool);
	ptpdk_sim_queue_free(&ch->q);
}

static int schedule_start(struct chain *ch)
{
	int rc = push(ch, 0, EV_OSC, 0, 0, 0, 0);

	if (!rc)
		rc = push(ch, (uint64_t)llround(ch->sc->sample_interval_s * 1e9), EV_SAMPLE, 0, 0,
			  0, 0);
	if (!rc)
		rc = push(ch, ch->end, EV_END, 0, 0, 0, 0);
	if (!rc)
		rc = push(ch, 0, EV_START, 0, 0, 0, 0);
	return rc;
}

static int chain_loop(struct chain *ch)
{
	struct ptpdk_sim_event e;
	int rc = 0;

	while (!rc && ptpdk_sim_queue_pop(&ch->q, &e)) {
		advance_to(ch, e.t);
		ch->res->events++;
		if (e.type == EV_END)
			break;
		rc = handle(ch, &e);
	}
	return rc;
}

int ptpdk_sim_chain_run(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_run_opts *opts,
			struct ptpdk_sim_chain_result *out, char *err, size_t err_len)
{
	static const struct ptpdk_sim_run_opts no_opts;
	struct chain *ch;
	int rc;

	if (!sc || !out || !err)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	rc = ptpdk_sim_scenario_check(sc, err, err_len);
	if (rc)
		return rc;
	if (!ptpdk_sim_scenario_is_chain(sc)) {
		snprintf(err, err_len, "not a chain (no [bc] and no tc on the master's link)");
		return -EINVAL;
	}
	ch = calloc(1, sizeof(*ch));
	if (!ch)
		return -ENOMEM;
	ch->sc = sc;
	ch->opts = opts ? opts : &no_opts;
	ch->res = out;
	ch->end = (uint64_t)llround(sc->duration_s * 1e9);
	rc = chain_open(ch, err, err_len);
	if (!rc)
		rc = schedule_start(ch);
	if (!rc)
		rc = chain_loop(ch);
	if (rc == -ENOMEM)
		snprintf(err, err_len, "out of memory");
	chain_collect(ch);
	chain_close(ch);
	free(ch);
	if (rc)
		ptpdk_sim_chain_result_free(out);
	return rc;
}
