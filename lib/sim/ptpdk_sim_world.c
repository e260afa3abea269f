/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_world.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_counter_sim.h"
#include "ptpdk_sim_osc.h"
#include "ptpdk_sim_path.h"
#include "ptpdk_vclock.h"

#define NS_PER_S 1000000000ull
/* The wall-clock epoch of the run: any date works, a recent one keeps the
 * timestamps looking like real ones in CSV files and logs. */
#define EPOCH_NS (1700000000ull * NS_PER_S)
/* Messages in flight at once; more are dropped and counted. */
#define POOL_SIZE 4096
/* A two-step master sends Follow_Up this long after its Sync. */
#define FOLLOW_UP_GAP_NS 20000ull
/* Steps counted against a holdover episode: until this long after the return. */
#define HOLDOVER_AFTER_S 60.0

enum ev_type {
	EV_END,
	EV_OSC,
	EV_SYNC,
	EV_ANNOUNCE,
	EV_TO_SLAVE,
	EV_TO_MASTER,
	EV_TX_STAMP,
	EV_TICK,
	EV_SAMPLE,
};

struct ev {
	uint64_t t, seq;
	uint32_t slot, gen;
	uint8_t type, master;
};

struct slot {
	struct ptpdk_msg msg;
	struct ptpdk_tmv stamp; /* EV_TX_STAMP: the TX stamp */
	uint32_t next_free;
};

struct master_rt {
	const struct ptpdk_sim_master *cfg;
	uint8_t index;
	uint16_t sync_seq, announce_seq;
	struct ptpdk_port_identity id;
	/* Sync, Follow_Up and Announce (the master's own schedule), Delay_Req, and
	 * Delay_Resp: separate links so that what the slave sends never shifts the
	 * draws of what the master sends. */
	struct ptpdk_sim_link ms, sm, resp;
	struct ptpdk_sim_rng corrupt_rng;
	uint64_t corrupted;
};

struct world {
	const struct ptpdk_sim_scenario *sc;
	const struct ptpdk_sim_run_opts *opts;
	uint64_t now, end;
	struct ev *heap;
	size_t n_heap, cap_heap;
	uint64_t seq;
	struct slot *pool;
	uint32_t free_head;
	uint32_t tick_gen;
	uint64_t tick_at;

	struct ptpdk_sim_osc osc;
	double osc_err_ppb;
	struct ptpdk_counter_sim *counter;
	struct ptpdk_clock *clock;
	struct ptpdk_ptp_clock *ptp;
	struct master_rt masters[PTPDK_SIM_MAX_MASTERS];
	unsigned n_masters;
	int ref_master;

	struct ptpdk_sim_result *res;
	size_t cap_points;
	struct ptpdk_ptp_sample last_sample;
	bool have_sample, in_holdover;
	double next_progress;
};

/* ---- event queue: a binary min-heap on (t, seq) ---- */

static bool ev_before(const struct ev *a, const struct ev *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static int ev_push(struct world *w, uint64_t t, uint8_t type, uint8_t master, uint32_t slot)
{
	size_t i;

	if (w->n_heap == w->cap_heap) {
		size_t ncap = w->cap_heap ? 2 * w->cap_heap : 256;
		struct ev *n = realloc(w->heap, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		w->heap = n;
		w->cap_heap = ncap;
	}
	i = w->n_heap++;
	w->heap[i] = (struct ev){ .t = t,
				  .seq = w->seq++,
				  .slot = slot,
				  .gen = w->tick_gen,
				  .type = type,
				  .master = master };
	while (i > 0 && ev_before(&w->heap[i], &w->heap[(i - 1) / 2])) {
		struct ev tmp = w->heap[i];

		w->heap[i] = w->heap[(i - 1) / 2];
		w->heap[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
	return 0;
}

static struct ev ev_pop(struct world *w)
{
	struct ev top = w->heap[0];
	size_t i = 0;

	w->heap[0] = w->heap[--w->n_heap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < w->n_heap && ev_before(&w->heap[l], &w->heap[m]))
			m = l;
		if (r < w->n_heap && ev_before(&w->heap[r], &w->heap[m]))
			m = r;
		if (m == i)
			break;
		struct ev tmp = w->heap[i];

		w->heap[i] = w->heap[m];
		w->heap[m] = tmp;
		i = m;
	}
	return top;
}

/* ---- message pool ---- */

static int slot_get(struct world *w, const struct ptpdk_msg *m, uint32_t *out)
{
	if (w->free_head == POOL_SIZE) {
		w->res->counters.in_flight_full++;
		return -ENOBUFS;
	}
	*out = w->free_head;
	w->free_head = w->pool[*out].next_free;
	w->pool[*out].msg = *m;
	return 0;
}

static void slot_put(struct world *w, uint32_t s)
{
	w->pool[s].next_free = w->free_head;
	w->free_head = s;
}

/* ---- time ---- */

static double now_s(const struct world *w)
{
	return (double)w->now * 1e-9;
}

static void advance_to(struct world *w, uint64_t t)
{
	if (t > w->now) {
		ptpdk_counter_sim_advance_ns(w->counter, t - w->now);
		w->now = t;
	}
}

static struct ptpdk_tmv quantize(struct ptpdk_tmv t, double resolution_ns)
{
	if (resolution_ns >= 1.0) {
		int64_t r = (int64_t)resolution_ns;
		int64_t q = t.ns % r;

		t.ns -= q < 0 ? q + r : q;
		t.frac = 0;
	}
	return t;
}

static struct ptpdk_tmv slave_time(struct world *w)
{
	struct ptpdk_tmv t = { 0, 0 };

	ptpdk_clock_gettime(w->clock, &t);
	return t;
}

/* The master's time now, as its (perfect) clock shows it, before its resolution. */
static struct ptpdk_tmv master_time(const struct world *w, const struct master_rt *m)
{
	double off = m->cfg->time_offset_ns;
	double t = now_s(w);
	struct ptpdk_tmv base = ptpdk_tmv_from_ns((int64_t)(EPOCH_NS + w->now));
	double whole;
	double frac;

	for (unsigned i = 0; i < m->cfg->n_time_steps; i++)
		if (t >= m->cfg->time_steps[i].at_s)
			off += m->cfg->time_steps[i].ns;
	frac = modf(off, &whole);
	if (frac < 0) {
		frac += 1.0;
		whole -= 1.0;
	}
	base = ptpdk_tmv_add(base, ptpdk_tmv_from_ns((int64_t)whole));
	base.frac = (uint16_t)(frac * 65536.0);
	return base;
}

/* A timestamp the master puts in a message: its resolution, and now and then corrupted. */
static struct ptpdk_tmv master_stamp(struct world *w, struct master_rt *m)
{
	struct ptpdk_tmv t = quantize(master_time(w, m), m->cfg->resolution_ns);
	double u = ptpdk_sim_rng_uniform(&m->corrupt_rng);
	double sign = ptpdk_sim_rng_uniform(&m->corrupt_rng) < 0.5 ? -1.0 : 1.0;

	if (u < m->cfg->corrupt) {
		t = ptpdk_tmv_add(t, ptpdk_tmv_from_ns((int64_t)(sign * m->cfg->corrupt_ns)));
		m->corrupted++;
		w->res->counters.corrupted++;
	}
	return t;
}

static bool master_active(const struct master_rt *m, double t)
{
	const struct ptpdk_sim_master *c = m->cfg;

	if (t < c->start_s || (c->stop_s >= 0 && t >= c->stop_s))
		return false;
	for (unsigned i = 0; i < c->n_outages; i++)
		if (t >= c->outages[i].from_s && t < c->outages[i].from_s + c->outages[i].len_s)
			return false;
	return true;
}

/* The master a correct BMCA follows now: the best active one (priority1, class,
 * priority2, identity), or the last one when none is active (holdover). */
static void update_reference(struct world *w)
{
	int best = -1;

	for (unsigned i = 0; i < w->n_masters; i++) {
		const struct ptpdk_sim_master *c = w->masters[i].cfg;
		const struct ptpdk_sim_master *b;

		if (!master_active(&w->masters[i], now_s(w)))
			continue;
		if (best < 0) {
			best = (int)i;
			continue;
		}
		b = w->masters[best].cfg;
		if (c->priority1 < b->priority1 ||
		    (c->priority1 == b->priority1 &&
		     (c->clock_class < b->clock_class ||
		      (c->clock_class == b->clock_class && c->priority2 < b->priority2))))
			best = (int)i;
	}
	if (best >= 0)
		w->ref_master = best;
}

/* ---- messages ---- */

static void header(struct ptpdk_msg *m, const struct master_rt *mr, uint8_t type, uint16_t seq,
		   int8_t log_interval)
{
	memset(m, 0, sizeof(*m));
	m->header.message_type = type;
	m->header.version = 2;
	m->header.domain_number = mr->cfg->domain;
	m->header.source_port_identity = mr->id;
	m->header.sequence_id = seq;
	m->header.log_message_interval = log_interval;
}

static void to_slave(struct world *w, struct master_rt *m, struct ptpdk_sim_link *l,
		     const struct ptpdk_msg *msg, uint64_t depart)
{
	uint64_t at;
	uint32_t s;

	w->res->counters.to_slave++;
	if (!ptpdk_sim_link_send(l, depart, &at))
		return;
	if (slot_get(w, msg, &s) == 0 && ev_push(w, at, EV_TO_SLAVE, m->index, s) != 0)
		slot_put(w, s);
}

static void master_sync(struct world *w, struct master_rt *m)
{
	const struct ptpdk_sim_master *c = m->cfg;
	struct ptpdk_msg sync, fup;
	struct ptpdk_tmv t1 = master_stamp(w, m);

	header(&sync, m, PTPDK_MSG_SYNC, m->sync_seq, c->log_sync_interval);
	if (c->two_step) {
		sync.header.flags = PTPDK_FLAG_TWO_STEP;
		/* the origin timestamp of a two-step Sync is only approximate */
		ptpdk_tmv_to_wire_ts(t1, &sync.body.timestamp.timestamp);
		header(&fup, m, PTPDK_MSG_FOLLOW_UP, m->sync_seq, c->log_sync_interval);
		ptpdk_tmv_to_wire_ts(t1, &fup.body.timestamp.timestamp);
		to_slave(w, m, &m->ms, &sync, w->now);
		to_slave(w, m, &m->ms, &fup, w->now + FOLLOW_UP_GAP_NS);
	} else {
		ptpdk_tmv_to_wire_ts(t1, &sync.body.timestamp.timestamp);
		to_slave(w, m, &m->ms, &sync, w->now);
	}
	m->sync_seq++;
}

static void master_announce(struct world *w, struct master_rt *m)
{
	const struct ptpdk_sim_master *c = m->cfg;
	struct ptpdk_msg a;

	header(&a, m, PTPDK_MSG_ANNOUNCE, m->announce_seq++, c->log_announce_interval);
	a.header.flags = PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID;
	ptpdk_tmv_to_wire_ts(master_time(w, m), &a.body.announce.origin_timestamp);
	a.body.announce.current_utc_offset = 37;
	a.body.announce.grandmaster_priority1 = c->priority1;
	a.body.announce.grandmaster_priority2 = c->priority2;
	a.body.announce.grandmaster_clock_quality.clock_class = c->clock_class;
	a.body.announce.grandmaster_clock_quality.clock_accuracy = 0x21; /* within 100 ns */
	a.body.announce.grandmaster_clock_quality.offset_scaled_log_variance = 0x4E5D;
	memcpy(a.body.announce.grandmaster_identity, m->id.clock_identity,
	       sizeof(a.body.announce.grandmaster_identity));
	a.body.announce.time_source = 0x20; /* GPS */
	to_slave(w, m, &m->ms, &a, w->now);
}

/* A Delay_Req reached master @p m: answer it. */
static void master_delay_req(struct world *w, struct master_rt *m, const struct ptpdk_msg *req)
{
	struct ptpdk_msg resp;

	if (!master_active(m, now_s(w)) || req->header.domain_number != m->cfg->domain)
		return;
	header(&resp, m, PTPDK_MSG_DELAY_RESP, req->header.sequence_id,
	       m->cfg->log_min_delay_req_interval);
	resp.body.response.requesting_port_identity = req->header.source_port_identity;
	ptpdk_tmv_to_wire_ts(master_stamp(w, m), &resp.body.response.timestamp);
	to_slave(w, m, &m->resp, &resp, w->now);
}

static bool is_event(uint8_t type)
{
	return type == PTPDK_MSG_SYNC || type == PTPDK_MSG_DELAY_REQ ||
	       type == PTPDK_MSG_PDELAY_REQ || type == PTPDK_MSG_PDELAY_RESP;
}

static void tick(struct world *w);

static void deliver_to_slave(struct world *w, uint32_t s)
{
	const struct ptpdk_msg *m = &w->pool[s].msg;

	if (is_event(m->header.message_type)) {
		struct ptpdk_tmv t2 = quantize(slave_time(w), w->sc->osc.resolution_ns);

		ptpdk_ptp_clock_rx(w->ptp, 0, m, &t2, w->now);
	} else {
		ptpdk_ptp_clock_rx(w->ptp, 0, m, NULL, w->now);
	}
	slot_put(w, s);
	tick(w);
}

/* ---- the engine's ops ---- */

static int op_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		   const struct ptpdk_dest *dst, unsigned flags)
{
	struct world *w = ctx;
	struct ptpdk_msg stamp_msg = *m;
	uint32_t s;

	(void)port, (void)dst;
	if (m->header.message_type != PTPDK_MSG_DELAY_REQ) {
		/* The world models E2E masters only. */
		w->res->counters.send_refused++;
		return -EOPNOTSUPP;
	}
	if (flags & PTPDK_PTP_TX_WANT_TS) {
		/* The stamp comes back as a separate event, as a datapath's does. */
		if (slot_get(w, &stamp_msg, &s) == 0) {
			w->pool[s].stamp = quantize(slave_time(w), w->sc->osc.resolution_ns);
			if (ev_push(w, w->now, EV_TX_STAMP, 0, s) != 0)
				slot_put(w, s);
		}
	}
	/* Multicast: every master hears it. */
	for (unsigned i = 0; i < w->n_masters; i++) {
		struct master_rt *mr = &w->masters[i];
		uint64_t at;

		w->res->counters.to_master++;
		if (!ptpdk_sim_link_send(&mr->sm, w->now, &at))
			continue;
		if (slot_get(w, m, &s) == 0 && ev_push(w, at, EV_TO_MASTER, mr->index, s) != 0)
			slot_put(w, s);
	}
	return 0;
}

void ptpdk_sim_result_add_step(struct ptpdk_sim_result *r, double t, double ns)
{
	if (r->n_steps < PTPDK_SIM_MAX_STEPS)
		r->steps[r->n_steps++] = (struct ptpdk_sim_step){ t, ns };
	else
		r->n_steps_dropped++;
}

static void op_sample(void *ctx, const struct ptpdk_ptp_sample *s)
{
	struct world *w = ctx;

	w->last_sample = *s;
	w->have_sample = true;
	w->res->samples++;
	if (s->step_ns)
		ptpdk_sim_result_add_step(w->res, now_s(w), (double)s->step_ns);
	if (w->opts->sample)
		w->opts->sample(w->opts->sample_ctx, s, now_s(w));
}

static void op_state(void *ctx, unsigned port, enum ptpdk_port_state from, enum ptpdk_port_state to,
		     enum ptpdk_port_event ev)
{
	(void)ctx;
	(void)port;
	(void)from;
	(void)to;
	(void)ev;
}

/* ---- the run ---- */

static void tick(struct world *w)
{
	uint64_t next = ptpdk_ptp_clock_tick(w->ptp, w->now);

	if (next <= w->now)
		next = w->now + 1;
	/* Only the latest request counts: older tick events are recognised by their
	 * generation and skipped. */
	if (next != w->tick_at) {
		w->tick_gen++;
		w->tick_at = next;
		ev_push(w, next, EV_TICK, 0, 0);
	}
}

static void holdover_track(struct world *w, const struct ptpdk_sim_point *p)
{
	struct ptpdk_sim_result *r = w->res;
	bool hold = p->clock_state == PTPDK_PTP_HOLDOVER;

	if (hold && !w->in_holdover && r->n_holdovers < PTPDK_SIM_MAX_HOLDOVERS) {
		r->holdovers[r->n_holdovers++] = (struct ptpdk_sim_holdover){
			.start_s = p->t_s,
			.end_s = -1.0,
			.freq_err_entry_ppb = p->freq_err_ppb,
			.te_entry_ns = p->te_ns,
		};
		w->in_holdover = true;
	} else if (hold && w->in_holdover) {
		struct ptpdk_sim_holdover *h = &r->holdovers[r->n_holdovers - 1];
		double g = fabs(p->te_ns - h->te_entry_ns);

		if (g > h->te_growth_ns)
			h->te_growth_ns = g;
	} else if (!hold && w->in_holdover) {
		r->holdovers[r->n_holdovers - 1].end_s = p->t_s;
		w->in_holdover = false;
	}
}

static int take_point(struct world *w)
{
	struct ptpdk_sim_result *r = w->res;
	struct ptpdk_ptp_clock_status st;
	struct ptpdk_sim_point p;
	double freq;

	if (r->n_points == w->cap_points) {
		size_t ncap = w->cap_points ? 2 * w->cap_points : 4096;
		struct ptpdk_sim_point *n = realloc(r->points, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		r->points = n;
		w->cap_points = ncap;
	}
	update_reference(w);
	ptpdk_ptp_clock_status(w->ptp, w->now, &st);
	freq = ptpdk_vclock_freq(ptpdk_vclock_of(w->clock));
	p = (struct ptpdk_sim_point){
		.t_s = now_s(w),
		.te_ns = ptpdk_tmv_to_double_ns(
			ptpdk_tmv_sub(slave_time(w), master_time(w, &w->masters[w->ref_master]))),
		.offset_ns = w->have_sample ? (double)w->last_sample.offset_ns : 0.0,
		.freq_ppb = freq,
		/* (1 + e)(1 + f) - 1 */
		.freq_err_ppb = w->osc_err_ppb + freq + w->osc_err_ppb * freq * 1e-9,
		.servo_state = (int8_t)(w->have_sample ? w->last_sample.servo_state : 0),
		.clock_state = (int8_t)st.clock_state,
		.port_state = (int8_t)st.port_state[0],
	};
	r->points[r->n_points++] = p;
	if (r->first_locked_s < 0 && st.clock_state == PTPDK_PTP_LOCKED)
		r->first_locked_s = p.t_s;
	holdover_track(w, &p);
	return 0;
}

static void count_holdover_steps(struct ptpdk_sim_result *r)
{
	for (unsigned h = 0; h < r->n_holdovers; h++) {
		struct ptpdk_sim_holdover *ho = &r->holdovers[h];
		double until = ho->end_s < 0 ? INFINITY : ho->end_s + HOLDOVER_AFTER_S;

		for (unsigned i = 0; i < r->n_steps; i++)
			if (r->steps[i].t_s >= ho->start_s && r->steps[i].t_s <= until)
				ho->steps_after++;
	}
}

static void progress(struct world *w)
{
	double f = (double)w->now / (double)w->end;

	if (w->opts->progress && f >= w->next_progress) {
		w->opts->progress(w->opts->progress_ctx, f);
		w->next_progress = f + 0.01;
	}
}

static uint64_t interval_ns(int8_t log_interval)
{
	return (uint64_t)llround(ldexp(1.0, log_interval) * 1e9);
}

/* A master's own schedule: send while active (silent in outages), reschedule until
 * it stops for good. */
static int master_periodic(struct world *w, struct master_rt *m, uint8_t type,
			   void (*send)(struct world *, struct master_rt *), int8_t log_interval)
{
	if (m->cfg->stop_s >= 0 && now_s(w) >= m->cfg->stop_s)
		return 0;
	if (master_active(m, now_s(w)))
		send(w, m);
	return ev_push(w, w->now + interval_ns(log_interval), type, m->index, 0);
}

static int handle(struct world *w, const struct ev *e)
{
	struct master_rt *m = &w->masters[e->master];
	int rc = 0;

	switch ((enum ev_type)e->type) {
	case EV_OSC:
		w->osc_err_ppb = ptpdk_sim_osc_update(&w->osc, now_s(w), PTPDK_SIM_OSC_UPDATE_S);
		ptpdk_counter_sim_set_error(w->counter, w->osc_err_ppb);
		rc = ev_push(w, w->now + (uint64_t)(PTPDK_SIM_OSC_UPDATE_S * 1e9), EV_OSC, 0, 0);
		break;
	case EV_SYNC:
		rc = master_periodic(w, m, EV_SYNC, master_sync, m->cfg->log_sync_interval);
		break;
	case EV_ANNOUNCE:
		rc = master_periodic(w, m, EV_ANNOUNCE, master_announce,
				     m->cfg->log_announce_interval);
		break;
	case EV_TO_SLAVE:
		deliver_to_slave(w, e->slot);
		break;
	case EV_TO_MASTER:
		master_delay_req(w, m, &w->pool[e->slot].msg);
		slot_put(w, e->slot);
		break;
	case EV_TX_STAMP: {
		const struct slot *s = &w->pool[e->slot];

		ptpdk_ptp_clock_tx_stamp(w->ptp, 0, s->msg.header.message_type,
					 s->msg.header.sequence_id, &s->stamp, w->now);
		slot_put(w, e->slot);
		tick(w);
		break;
	}
	case EV_TICK:
		if (e->gen == w->tick_gen)
			tick(w);
		break;
	case EV_SAMPLE:
		rc = take_point(w);
		if (rc == 0)
			rc = ev_push(w, w->now + (uint64_t)llround(w->sc->sample_interval_s * 1e9),
				     EV_SAMPLE, 0, 0);
		progress(w);
		break;
	case EV_END:
		break;
	}
	return rc;
}

static struct ptpdk_port_identity master_identity(unsigned index)
{
	struct ptpdk_port_identity id = {
		.clock_identity = { 0x02, 0x00, 0x5e, 0xff, 0xfe, 0x00, 0x00,
				    (uint8_t)(index + 1) },
		.port_number = 1,
	};
	return id;
}

static int masters_open(struct world *w, char *err, size_t err_len)
{
	const struct ptpdk_sim_scenario *sc = w->sc;

	w->n_masters = sc->n_masters;
	for (unsigned i = 0; i < sc->n_masters; i++) {
		struct master_rt *m = &w->masters[i];
		uint64_t base = 16 + 8 * (uint64_t)i; /* each master's streams */
		int rc;

		m->cfg = &sc->masters[i];
		m->index = (uint8_t)i;
		m->id = master_identity(i);
		ptpdk_sim_rng_init(&m->corrupt_rng, sc->seed, base + 3);
		rc = ptpdk_sim_link_init(&m->ms, &m->cfg->to_slave, sc->seed, base, err, err_len);
		if (!rc)
			rc = ptpdk_sim_link_init(&m->sm, &m->cfg->from_slave, sc->seed, base + 1,
						 err, err_len);
		if (!rc)
			rc = ptpdk_sim_link_init(&m->resp, &m->cfg->to_slave, sc->seed, base + 2,
						 err, err_len);
		if (rc)
			return rc;
		/* The Delay_Resp link replays no trace: only event messages' delays matter. */
		m->resp.trace_len = 0;
	}
	return 0;
}

static int engine_config(const struct world *w, const char *servo_name,
			 struct ptpdk_ptp_clock_config *cfg, char *err, size_t err_len)
{
	const struct ptpdk_sim_scenario *sc = w->sc;
	const struct ptpdk_sim_slave *sl = &sc->slave;
	const struct ptpdk_sim_master *m0 = &sc->masters[0];
	int type;

	if (!strcmp(servo_name, "default"))
		servo_name = "ptpdk";
	type = ptpdk_servo_type_from_name(servo_name);
	if (type < 0) {
		snprintf(err, err_len, "unknown servo '%s' (pi, ptpdk or default)", servo_name);
		return -EINVAL;
	}
	ptpdk_ptp_clock_config_init(cfg);
	cfg->clock_identity[0] = 0x02;
	cfg->clock_identity[3] = 0xff;
	cfg->clock_identity[4] = 0xfe;
	cfg->clock_identity[7] = 0x99;
	cfg->domain_number = m0->domain;
	cfg->ports[0].name = "sim0";
	cfg->ports[0].delay_mechanism = PTPDK_DELAY_E2E;
	cfg->ports[0].log_sync_interval = m0->log_sync_interval;
	cfg->ports[0].log_announce_interval = m0->log_announce_interval;
	cfg->ports[0].log_min_delay_req_interval = m0->log_min_delay_req_interval;
	cfg->servo_type = (enum ptpdk_servo_type)type;
	ptpdk_servo_config_init(&cfg->servo);
	cfg->servo.sync_interval_s = ldexp(1.0, m0->log_sync_interval);
	cfg->servo.hw_timestamps = sl->hw_timestamps;
	cfg->servo.first_step_threshold_ns = sl->first_step_threshold_ns;
	cfg->servo.step_threshold_ns = sl->step_threshold_ns;
	cfg->servo.max_frequency_ppb = sl->max_frequency_ppb;
	cfg->servo.offset_threshold_ns = sl->offset_threshold_ns;
	cfg->servo.num_offset_values = sl->num_offset_values;
	cfg->ports[0].delay_filter_length = sl->delay_filter_length;
	cfg->ports[0].max_path_delay_ns = (int64_t)sl->max_path_delay_ns;
	cfg->holdover_max_s = sl->holdover_max_s;
	cfg->seed = sc->seed;
	return 0;
}

static int world_open(struct world *w, char *err, size_t err_len)
{
	const struct ptpdk_sim_scenario *sc = w->sc;
	struct ptpdk_vclock_config vc = { .source = PTPDK_TS_NIC_TICKS, .name = "sim" };
	struct ptpdk_ptp_clock_ops ops = {
		.send = op_send, .sample = op_sample, .state = op_state, .ctx = w
	};
	struct ptpdk_ptp_clock_config cfg;
	int rc;

	rc = engine_config(w, w->opts->servo ? w->opts->servo : sc->slave.servo, &cfg, err,
			   err_len);
	if (rc)
		return rc;
	w->pool = calloc(POOL_SIZE, sizeof(*w->pool));
	if (!w->pool)
		return -ENOMEM;
	for (uint32_t i = 0; i < POOL_SIZE; i++)
		w->pool[i].next_free = i + 1;
	rc = masters_open(w, err, err_len);
	if (rc)
		return rc;
	ptpdk_sim_osc_init(&w->osc, &sc->osc, sc->seed);
	w->counter = ptpdk_counter_sim_create(64, NS_PER_S, 0);
	if (!w->counter)
		return -ENOMEM;
	ptpdk_counter_sim_counter(w->counter, &vc.counter);
	vc.initial = ptpdk_tmv_from_ns((int64_t)EPOCH_NS + llround(sc->osc.initial_offset_ns));
	w->clock = ptpdk_vclock_create(&vc);
	if (!w->clock)
		return -errno;
	w->ptp = ptpdk_ptp_clock_create(&cfg, w->clock, &ops);
	if (!w->ptp) {
		snprintf(err, err_len, "the engine refused the scenario's settings");
		return -EINVAL;
	}
	return 0;
}

static void world_close(struct world *w)
{
	ptpdk_ptp_clock_destroy(w->ptp);
	ptpdk_clock_destroy(w->clock);
	ptpdk_counter_sim_destroy(w->counter);
	for (unsigned i = 0; i < w->n_masters; i++) {
		ptpdk_sim_link_free(&w->masters[i].ms);
		ptpdk_sim_link_free(&w->masters[i].sm);
		ptpdk_sim_link_free(&w->masters[i].resp);
	}
	free(w->pool);
	free(w->heap);
}

static int schedule_start(struct world *w)
{
	int rc = ev_push(w, 0, EV_OSC, 0, 0);

	for (unsigned i = 0; i < w->n_masters && rc == 0; i++) {
		/* Masters start a little apart so their messages do not coincide. */
		uint64_t start =
			(uint64_t)llround(w->masters[i].cfg->start_s * 1e9) + i * 1000000ull;

		rc = ev_push(w, start, EV_ANNOUNCE, (uint8_t)i, 0);
		if (!rc)
			rc = ev_push(w, start + 500000, EV_SYNC, (uint8_t)i, 0);
	}
	if (!rc)
		rc = ev_push(w, (uint64_t)llround(w->sc->sample_interval_s * 1e9), EV_SAMPLE, 0, 0);
	if (!rc)
		rc = ev_push(w, w->end, EV_END, 0, 0);
	return rc;
}

int ptpdk_sim_run(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_run_opts *opts,
		  struct ptpdk_sim_result *out, char *err, size_t err_len)
{
	static const struct ptpdk_sim_run_opts no_opts;
	struct world w;
	int rc;

	if (!sc || !out || !err)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->first_locked_s = -1.0;
	rc = ptpdk_sim_scenario_check(sc, err, err_len);
	if (rc)
		return rc;
	memset(&w, 0, sizeof(w));
	w.sc = sc;
	w.opts = opts ? opts : &no_opts;
	w.res = out;
	w.end = (uint64_t)llround(sc->duration_s * 1e9);
	rc = world_open(&w, err, err_len);
	if (!rc)
		rc = schedule_start(&w);
	if (!rc)
		tick(&w);
	while (!rc && w.n_heap) {
		struct ev e = ev_pop(&w);

		advance_to(&w, e.t);
		out->counters.events++;
		if (e.type == EV_END)
			break;
		rc = handle(&w, &e);
	}
	if (rc == -ENOMEM)
		snprintf(err, err_len, "out of memory");
	for (unsigned i = 0; i < w.n_masters; i++) {
		out->counters.lost +=
			w.masters[i].ms.lost + w.masters[i].sm.lost + w.masters[i].resp.lost;
		out->counters.outliers += w.masters[i].ms.outliers + w.masters[i].sm.outliers;
		out->counters.reordered += w.masters[i].ms.reordered + w.masters[i].sm.reordered;
	}
	if (w.ptp) {
		struct ptpdk_ptp_clock_status st;

		ptpdk_ptp_clock_status(w.ptp, w.now, &st);
		out->engine = st.counters;
	}
	count_holdover_steps(out);
	world_close(&w);
	if (rc)
		ptpdk_sim_result_free(out);
	return rc;
}

void ptpdk_sim_result_free(struct ptpdk_sim_result *r)
{
	if (!r)
		return;
	free(r->points);
	r->points = NULL;
	r->n_points = 0;
}
