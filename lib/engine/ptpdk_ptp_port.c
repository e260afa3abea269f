/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ptp_port.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_bmca.h"
#include "ptpdk_elapsed.h"
#include "ptpdk_pdelay_pending.h"

#define LOG_UNSPECIFIED 0x7F

struct ptpdk_ptp_port {
	struct ptpdk_ptp_port_params params;
	struct ptpdk_ptp_port_host host;
	struct ptpdk_port_identity identity;
	enum ptpdk_port_state state;
	struct ptpdk_foreign_table foreign;
	struct ptpdk_e2e *e2e; /* Sync handling and, under E2E, the delay exchange */
	struct ptpdk_p2p *p2p; /* P2P ports only */
	uint64_t rng;

	bool following;			   /* the clock's parent is on this port */
	struct ptpdk_port_identity parent; /* its sender, while following */
	uint64_t last_parent_announce_ns;
	bool parent_sync_seen; /* a Sync from the parent since it became parent */
	int8_t delay_req_log;  /* logMinDelayReqInterval in force (the master's) */
	int8_t sync_log;
	uint64_t next_delay_req_ns;
	uint16_t delay_req_seq;
	uint64_t next_pdelay_req_ns;
	uint16_t pdelay_req_seq;
	struct ptpdk_pdelay_pending pending;
	/* t3 of the last Delay_Req measurement handed to the servo (or made stale by a
	 * step), so that each reaches it once and none from before a step. */
	struct ptpdk_tmv servo_sm_t3;

	struct ptpdk_ptp_port_counters counters;
};

uint64_t ptpdk_ptp_interval_ns(int log_interval)
{
	/* 2^log seconds; the range keeps every shift defined. */
	if (log_interval < -30)
		log_interval = -30;
	if (log_interval > 30)
		log_interval = 30;
	return log_interval >= 0 ? 1000000000ull << log_interval : 1000000000ull >> -log_interval;
}

static bool log_in_range(int8_t v)
{
	return v >= -7 && v <= 7;
}

bool ptpdk_ptp_port_config_valid(const struct ptpdk_ptp_port_config *c)
{
	return (c->delay_mechanism == PTPDK_DELAY_E2E || c->delay_mechanism == PTPDK_DELAY_P2P) &&
	       c->announce_receipt_timeout >= 2 && log_in_range(c->log_announce_interval) &&
	       log_in_range(c->log_sync_interval) && log_in_range(c->log_min_delay_req_interval) &&
	       log_in_range(c->log_min_pdelay_req_interval) && c->delay_filter_length > 0 &&
	       c->max_path_delay_ns >= 0 && c->neighbor_prop_delay_thresh_ns >= 0;
}

static void port_log(struct ptpdk_ptp_port *p, enum ptpdk_ptp_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void port_log(struct ptpdk_ptp_port *p, enum ptpdk_ptp_log_level level, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	p->host.log(p->host.ctx, level, line);
}

const char *ptpdk_ptp_port_name(const struct ptpdk_ptp_port *p)
{
	return p->params.cfg.name ? p->params.cfg.name : "?";
}

static int create_measurements(struct ptpdk_ptp_port *p)
{
	const struct ptpdk_ptp_port_config *c = &p->params.cfg;
	struct ptpdk_e2e_config ecfg;
	struct ptpdk_p2p_config pcfg;

	ptpdk_e2e_config_init(&ecfg);
	ecfg.delay_filter_length = c->delay_filter_length;
	ecfg.max_raw_delay_ns = c->max_path_delay_ns;
	p->e2e = ptpdk_e2e_create(&ecfg);
	if (!p->e2e)
		return -1;
	if (c->delay_mechanism == PTPDK_DELAY_P2P) {
		ptpdk_p2p_config_init(&pcfg);
		pcfg.filter_length = c->delay_filter_length;
		pcfg.max_delay_ns = c->neighbor_prop_delay_thresh_ns;
		p->p2p = ptpdk_p2p_create(&pcfg);
		if (!p->p2p)
			return -1;
	}
	return 0;
}

static bool host_complete(const struct ptpdk_ptp_port_host *h)
{
	return h && h->send && h->log && h->state_changed && h->announce && h->offset &&
	       h->sync_interval && h->peer_delay;
}

struct ptpdk_ptp_port *ptpdk_ptp_port_create(const struct ptpdk_ptp_port_params *params,
					     const struct ptpdk_ptp_port_host *host)
{
	struct ptpdk_ptp_port *p;

	if (!params || !host_complete(host) || !ptpdk_ptp_port_config_valid(&params->cfg)) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->params = *params;
	p->host = *host;
	memcpy(p->identity.clock_identity, params->clock_identity, PTPDK_CLOCK_ID_LEN);
	p->identity.port_number = (uint16_t)(params->index + 1);
	p->state = PTPDK_PS_INITIALIZING;
	p->rng = params->seed ? params->seed : 0x9E3779B97F4A7C15ull;
	p->delay_req_log = params->cfg.log_min_delay_req_interval;
	p->sync_log = params->cfg.log_sync_interval;
	ptpdk_foreign_init(&p->foreign, &p->identity);
	if (create_measurements(p) != 0) {
		int rc = errno ? errno : ENOMEM;

		ptpdk_ptp_port_destroy(p);
		errno = rc;
		return NULL;
	}
	return p;
}

void ptpdk_ptp_port_destroy(struct ptpdk_ptp_port *p)
{
	if (!p)
		return;
	ptpdk_e2e_destroy(p->e2e);
	ptpdk_p2p_destroy(p->p2p);
	free(p);
}

/* ------------------------------------------------------------ state */

void ptpdk_ptp_port_event(struct ptpdk_ptp_port *p, enum ptpdk_port_event ev, bool new_master)
{
	enum ptpdk_port_state from = p->state;
	enum ptpdk_port_state to =
		ptpdk_port_state_next(from, ev, p->params.slave_only, new_master);

	if (to == from && !(ev == PTPDK_EV_RS_SLAVE && new_master))
		return;
	p->state = to;
	p->host.state_changed(p->host.ctx, p->params.index, from, to, ev);
}

enum ptpdk_port_state ptpdk_ptp_port_state(const struct ptpdk_ptp_port *p)
{
	return p->state;
}

bool ptpdk_ptp_port_runs_bmca(const struct ptpdk_ptp_port *p)
{
	return p->state != PTPDK_PS_INITIALIZING && p->state != PTPDK_PS_FAULTY &&
	       p->state != PTPDK_PS_DISABLED;
}

bool ptpdk_ptp_port_follows_parent(const struct ptpdk_ptp_port *p)
{
	return p->following && (p->state == PTPDK_PS_UNCALIBRATED || p->state == PTPDK_PS_SLAVE);
}

/* announceReceiptTimeout intervals of the port's own Announce interval (9.2.6.12). */
static uint64_t announce_timeout_ns(const struct ptpdk_ptp_port *p)
{
	return ptpdk_ptp_interval_ns(p->params.cfg.log_announce_interval) *
	       p->params.cfg.announce_receipt_timeout;
}

unsigned ptpdk_ptp_port_expire_foreign(struct ptpdk_ptp_port *p, uint64_t now_ns)
{
	return ptpdk_foreign_expire(&p->foreign, now_ns, announce_timeout_ns(p));
}

const struct ptpdk_foreign_master *ptpdk_ptp_port_erbest(struct ptpdk_ptp_port *p, uint64_t now_ns,
							 const struct ptpdk_port_identity *parent)
{
	ptpdk_ptp_port_expire_foreign(p, now_ns);
	return ptpdk_foreign_best(&p->foreign, now_ns,
				  ptpdk_ptp_interval_ns(p->params.cfg.log_announce_interval) *
					  PTPDK_FOREIGN_WINDOW,
				  parent);
}

bool ptpdk_ptp_port_parent_timed_out(const struct ptpdk_ptp_port *p, uint64_t now_ns)
{
	/* Saturating: the tick's "now" may be read before that of the last Announce. */
	return p->following &&
	       ptpdk_elapsed_ns(now_ns, p->last_parent_announce_ns) > announce_timeout_ns(p);
}

void ptpdk_ptp_port_count_announce_timeout(struct ptpdk_ptp_port *p)
{
	p->counters.announce_timeouts++;
}

/* ------------------------------------------------------------ sending */

static void msg_init(const struct ptpdk_ptp_port *p, struct ptpdk_msg *m, uint8_t type,
		     uint16_t seq)
{
	/* 1588-2008 Table 23: controlField, kept for 1588 v1 hardware. */
	static const uint8_t control[16] = {
		[PTPDK_MSG_SYNC] = 0,	     [PTPDK_MSG_DELAY_REQ] = 1,
		[PTPDK_MSG_FOLLOW_UP] = 2,   [PTPDK_MSG_DELAY_RESP] = 3,
		[PTPDK_MSG_MANAGEMENT] = 4,  [PTPDK_MSG_PDELAY_REQ] = 5,
		[PTPDK_MSG_PDELAY_RESP] = 5, [PTPDK_MSG_PDELAY_RESP_FOLLOW_UP] = 5,
		[PTPDK_MSG_ANNOUNCE] = 5,    [PTPDK_MSG_SIGNALING] = 5
	};

	memset(m, 0, sizeof(*m));
	m->header.message_type = type;
	m->header.version = 2;
	m->header.domain_number = p->params.domain_number;
	m->header.source_port_identity = p->identity;
	m->header.sequence_id = seq;
	m->header.control_field = control[type & 0xF];
	/* 13.3.2.11: Delay_Req and the peer-delay messages carry 0x7F. */
	m->header.log_message_interval = LOG_UNSPECIFIED;
}

static int send_msg(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m, unsigned flags)
{
	int rc = p->host.send(p->host.ctx, p->params.index, m, flags);

	if (rc < 0)
		p->counters.tx_failed++;
	else
		p->counters.tx++;
	return rc;
}

/* xorshift64*: deterministic from the configured seed, so runs replay. */
static uint64_t next_random(struct ptpdk_ptp_port *p)
{
	uint64_t x = p->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	p->rng = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/*
 * 1588-2008 9.5.11.2: a slave spaces its Delay_Req uniformly at random over
 * [0, 2^(logMinDelayReqInterval+1)] seconds, so that slaves started together do
 * not load the master in bursts; the mean is the master's minimum interval.
 */
static uint64_t delay_req_spacing(struct ptpdk_ptp_port *p)
{
	uint64_t span = 2 * ptpdk_ptp_interval_ns(p->delay_req_log);

	return next_random(p) % (span + 1);
}

/* ------------------------------------------------------------ measurements */

/* The one-way differences behind the offset, for servos that filter each direction. */
static void one_way(struct ptpdk_ptp_port *p, const struct ptpdk_ptp_sample *s,
		    struct ptpdk_servo_sample *in)
{
	const struct ptpdk_e2e_sample *raw = &s->raw;
	struct ptpdk_e2e_delay_sample d;

	/* Under P2P the path delay is the link's, measured apart: the offset is all. */
	if (p->params.cfg.delay_mechanism != PTPDK_DELAY_E2E)
		return;
	in->have_ms = true;
	in->ms_ns = ptpdk_tmv_round_ns(ptpdk_e2e_one_way(raw->t2, raw->t1, raw->c_ms));
	if (ptpdk_e2e_last_delay(p->e2e, &d) != 0 || ptpdk_tmv_cmp(d.t3, p->servo_sm_t3) == 0)
		return;
	p->servo_sm_t3 = d.t3;
	in->have_sm = true;
	in->sm_ns = ptpdk_tmv_round_ns(ptpdk_e2e_one_way(d.t4, d.t3, d.c_sm));
	in->sm_local_ts_ns = (uint64_t)d.t3.ns;
}

/* What the measurement said (ptpdk_e2e_* return value): a new offset goes to the clock. */
static void measured(struct ptpdk_ptp_port *p, int rc, uint64_t now_ns)
{
	struct ptpdk_ptp_sample s;
	struct ptpdk_servo_sample in;

	if (rc <= 0 || !(rc & PTPDK_E2E_OFFSET))
		return;
	memset(&s, 0, sizeof(s));
	if (ptpdk_e2e_last_sample(p->e2e, &s.raw) != 0)
		return;
	s.port = p->params.index;
	s.now_ns = now_ns;
	s.offset_ns = ptpdk_tmv_round_ns(s.raw.offset);
	s.path_delay_ns = ptpdk_tmv_round_ns(s.raw.delay);
	memset(&in, 0, sizeof(in));
	in.offset_ns = s.offset_ns;
	in.local_ts_ns = (uint64_t)s.raw.t2.ns;
	in.path_delay_ns = s.path_delay_ns;
	one_way(p, &s, &in);
	p->host.offset(p->host.ctx, p->params.index, &s, &in);
}

void ptpdk_ptp_port_flush(struct ptpdk_ptp_port *p)
{
	struct ptpdk_e2e_delay_sample d;

	ptpdk_e2e_flush(p->e2e);
	if (p->p2p)
		ptpdk_p2p_flush(p->p2p);
	if (ptpdk_e2e_last_delay(p->e2e, &d) == 0)
		p->servo_sm_t3 = d.t3;
}

/* ------------------------------------------------------------ parent */

void ptpdk_ptp_port_follow(struct ptpdk_ptp_port *p, const struct ptpdk_foreign_master *parent,
			   uint64_t now_ns)
{
	struct ptpdk_p2p_sample s;

	if (!parent) {
		p->following = false;
		ptpdk_e2e_set_master(p->e2e, NULL);
		return;
	}
	p->following = true;
	p->parent = parent->ds.sender;
	p->last_parent_announce_ns = now_ns;
	p->parent_sync_seen = false;
	p->delay_req_log = p->params.cfg.log_min_delay_req_interval;
	ptpdk_e2e_set_master(p->e2e, &parent->ds.sender);
	/* The link delay is the link's, not the master's: keep measuring. */
	if (p->p2p && ptpdk_p2p_last(p->p2p, &s) == 0)
		ptpdk_e2e_set_peer_delay(p->e2e, s.delay);
	p->next_delay_req_ns = now_ns + delay_req_spacing(p);
}

/* ------------------------------------------------------------ RX */

static void rx_announce(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m, uint64_t now_ns)
{
	unsigned before = ptpdk_foreign_count(&p->foreign);
	struct ptpdk_foreign_master *fm = ptpdk_foreign_add(&p->foreign, m, now_ns);
	char id[32];

	if (!fm)
		return;
	if (ptpdk_foreign_count(&p->foreign) > before)
		port_log(p, PTPDK_PTP_LOG_NOTICE, "port %u (%s): new foreign master %s",
			 p->params.index + 1, ptpdk_ptp_port_name(p),
			 ptpdk_port_identity_str(&fm->ds.sender, id, sizeof(id)));
	if (p->following && ptpdk_port_identity_cmp(&p->parent, &fm->ds.sender) == 0)
		p->last_parent_announce_ns = now_ns;
	p->host.announce(p->host.ctx, p->params.index, now_ns);
}

static void rx_sync(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m, const struct ptpdk_tmv *t2,
		    uint64_t now_ns)
{
	int8_t log = m->header.log_message_interval;
	bool from_parent;

	if (!ptpdk_ptp_port_follows_parent(p)) {
		p->counters.not_from_parent++;
		return;
	}
	if (!t2) {
		p->counters.no_timestamp++;
		return;
	}
	from_parent = ptpdk_port_identity_cmp(&m->header.source_port_identity, &p->parent) == 0;
	/* The master's Sync interval drives the servo's time constants. */
	if (from_parent && log != p->sync_log && log >= -10 && log <= 10) {
		p->sync_log = log;
		p->host.sync_interval(p->host.ctx, p->params.index,
				      (double)ptpdk_ptp_interval_ns(log) * 1e-9);
	}
	measured(p, ptpdk_e2e_sync(p->e2e, m, *t2), now_ns);
	if (from_parent)
		p->parent_sync_seen = true;
}

static void rx_delay_resp(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m, uint64_t now_ns)
{
	int8_t log = m->header.log_message_interval;
	int rc;

	if (!ptpdk_ptp_port_follows_parent(p)) {
		p->counters.not_from_parent++;
		return;
	}
	rc = ptpdk_e2e_delay_resp(p->e2e, m, &p->identity);
	/* 9.5.11.2: the master sets our minimum Delay_Req interval in its Delay_Resp. */
	if (rc >= 0 && log != LOG_UNSPECIFIED && log >= -10 && log <= 10 &&
	    ptpdk_port_identity_cmp(&m->body.response.requesting_port_identity, &p->identity) == 0)
		p->delay_req_log = log;
	measured(p, rc, now_ns);
}

/* Two-step responder (11.4.3 c): t2 goes into the Pdelay_Resp, t3 (its TX stamp)
 * into the Follow_Up, whose correctionField carries the request's. */
static void rx_pdelay_req(struct ptpdk_ptp_port *p, const struct ptpdk_msg *req,
			  struct ptpdk_tmv t2, uint64_t now_ns)
{
	struct ptpdk_pdelay_pending_entry *slot;
	struct ptpdk_msg m;

	if (ptpdk_port_identity_cmp(&req->header.source_port_identity, &p->identity) == 0)
		return; /* our own request looped back */
	msg_init(p, &m, PTPDK_MSG_PDELAY_RESP, req->header.sequence_id);
	m.header.flags = PTPDK_FLAG_TWO_STEP;
	m.body.response.requesting_port_identity = req->header.source_port_identity;
	if (ptpdk_tmv_to_wire_ts(t2, &m.body.response.timestamp) != 0)
		return;
	slot = ptpdk_pdelay_pending_slot(&p->pending);
	slot->used = true;
	slot->seq = req->header.sequence_id;
	slot->requester = req->header.source_port_identity;
	slot->req_correction = req->header.correction;
	slot->at_ns = now_ns;
	if (send_msg(p, &m, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_PEER | PTPDK_PTP_TX_WANT_TS) < 0)
		slot->used = false;
	else
		p->counters.pdelay_resp_sent++;
}

static void peer_delay_measured(struct ptpdk_ptp_port *p, int rc)
{
	struct ptpdk_p2p_sample s;

	if (rc <= 0 || ptpdk_p2p_last(p->p2p, &s) != 0)
		return;
	ptpdk_e2e_set_peer_delay(p->e2e, s.delay);
	if (ptpdk_ptp_port_follows_parent(p))
		p->host.peer_delay(p->host.ctx, p->params.index, ptpdk_tmv_round_ns(s.delay));
}

static void rx_pdelay_resp(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m,
			   const struct ptpdk_tmv *t4)
{
	int rc;

	if (m->header.message_type == PTPDK_MSG_PDELAY_RESP) {
		if (!t4) {
			p->counters.no_timestamp++;
			return;
		}
		rc = ptpdk_p2p_resp(p->p2p, m, *t4, &p->identity);
	} else {
		rc = ptpdk_p2p_resp_follow_up(p->p2p, m, &p->identity);
	}
	peer_delay_measured(p, rc);
}

static bool mechanism_ok(struct ptpdk_ptp_port *p, unsigned type)
{
	bool p2p = p->params.cfg.delay_mechanism == PTPDK_DELAY_P2P;
	bool ok = true;

	switch (type) {
	case PTPDK_MSG_DELAY_REQ:
	case PTPDK_MSG_DELAY_RESP:
		ok = !p2p;
		break;
	case PTPDK_MSG_PDELAY_REQ:
	case PTPDK_MSG_PDELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
		ok = p2p;
		break;
	default:
		break;
	}
	if (!ok)
		p->counters.wrong_mechanism++;
	return ok;
}

void ptpdk_ptp_port_rx(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m,
		       const struct ptpdk_tmv *rx_time, uint64_t now_ns)
{
	unsigned type = m->header.message_type & 0xF;

	if (!ptpdk_ptp_port_runs_bmca(p) || !mechanism_ok(p, type))
		return;
	switch (type) {
	case PTPDK_MSG_ANNOUNCE:
		rx_announce(p, m, now_ns);
		break;
	case PTPDK_MSG_SYNC:
		rx_sync(p, m, rx_time, now_ns);
		break;
	case PTPDK_MSG_FOLLOW_UP:
		if (ptpdk_ptp_port_follows_parent(p))
			measured(p, ptpdk_e2e_follow_up(p->e2e, m), now_ns);
		else
			p->counters.not_from_parent++;
		break;
	case PTPDK_MSG_DELAY_RESP:
		rx_delay_resp(p, m, now_ns);
		break;
	case PTPDK_MSG_PDELAY_REQ:
		if (rx_time)
			rx_pdelay_req(p, m, *rx_time, now_ns);
		else
			p->counters.no_timestamp++;
		break;
	case PTPDK_MSG_PDELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
		rx_pdelay_resp(p, m, rx_time);
		break;
	default:
		/* Delay_Req (we are no master), Management, Signaling. */
		p->counters.ignored++;
		break;
	}
}

/* ------------------------------------------------------------ TX stamps */

static void send_pdelay_follow_up(struct ptpdk_ptp_port *p, uint16_t seq, struct ptpdk_tmv t3)
{
	struct ptpdk_pdelay_pending_entry e;
	struct ptpdk_msg m;

	if (!ptpdk_pdelay_pending_take(&p->pending, seq, &e))
		return;
	msg_init(p, &m, PTPDK_MSG_PDELAY_RESP_FOLLOW_UP, seq);
	m.header.correction = e.req_correction;
	m.body.response.requesting_port_identity = e.requester;
	if (ptpdk_tmv_to_wire_ts(t3, &m.body.response.timestamp) == 0)
		send_msg(p, &m, PTPDK_PTP_TX_PEER);
}

void ptpdk_ptp_port_tx_stamp(struct ptpdk_ptp_port *p, uint8_t message_type, uint16_t seq,
			     const struct ptpdk_tmv *t, uint64_t now_ns)
{
	if (!t) {
		p->counters.tx_stamp_missing++;
		return;
	}
	switch (message_type) {
	case PTPDK_MSG_DELAY_REQ:
		if (ptpdk_ptp_port_follows_parent(p))
			measured(p, ptpdk_e2e_delay_req_sent(p->e2e, seq, *t), now_ns);
		break;
	case PTPDK_MSG_PDELAY_REQ:
		if (p->p2p)
			peer_delay_measured(p, ptpdk_p2p_req_sent(p->p2p, seq, *t));
		break;
	case PTPDK_MSG_PDELAY_RESP:
		send_pdelay_follow_up(p, seq, *t);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------ timers */

static void schedule(uint64_t when, uint64_t *next)
{
	if ((int64_t)(when - *next) < 0)
		*next = when;
}

static void send_request(struct ptpdk_ptp_port *p, uint8_t type, uint16_t *seq, unsigned flags)
{
	struct ptpdk_msg m;

	msg_init(p, &m, type, (*seq)++);
	send_msg(p, &m, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS | flags);
}

void ptpdk_ptp_port_tick(struct ptpdk_ptp_port *p, uint64_t now_ns, uint64_t *next)
{
	if (!ptpdk_ptp_port_runs_bmca(p))
		return;
	if (p->p2p) {
		/* Peer delay runs in every operational state: the link is measured
		 * before a master is chosen, so the first Sync already has its delay. */
		if ((int64_t)(now_ns - p->next_pdelay_req_ns) >= 0) {
			send_request(p, PTPDK_MSG_PDELAY_REQ, &p->pdelay_req_seq,
				     PTPDK_PTP_TX_PEER);
			p->next_pdelay_req_ns =
				now_ns +
				ptpdk_ptp_interval_ns(p->params.cfg.log_min_pdelay_req_interval);
		}
		schedule(p->next_pdelay_req_ns, next);
		return;
	}
	/* E2E: only towards the parent, and only once its Syncs flow (11.3.2 pairs
	 * each exchange with a Sync). */
	if (!ptpdk_ptp_port_follows_parent(p) || !p->parent_sync_seen)
		return;
	if ((int64_t)(now_ns - p->next_delay_req_ns) >= 0) {
		send_request(p, PTPDK_MSG_DELAY_REQ, &p->delay_req_seq, 0);
		p->next_delay_req_ns = now_ns + delay_req_spacing(p);
	}
	schedule(p->next_delay_req_ns, next);
}

/* ------------------------------------------------------------ status */

void ptpdk_ptp_port_identity(const struct ptpdk_ptp_port *p, struct ptpdk_port_identity *out)
{
	*out = p->identity;
}

const struct ptpdk_ptp_port_counters *ptpdk_ptp_port_counters(const struct ptpdk_ptp_port *p)
{
	return &p->counters;
}

const struct ptpdk_e2e_counters *ptpdk_ptp_port_e2e_counters(const struct ptpdk_ptp_port *p)
{
	return p->p2p ? NULL : ptpdk_e2e_counters(p->e2e);
}

const struct ptpdk_p2p_counters *ptpdk_ptp_port_p2p_counters(const struct ptpdk_ptp_port *p)
{
	return p->p2p ? ptpdk_p2p_counters(p->p2p) : NULL;
}

const struct ptpdk_foreign_counters *ptpdk_ptp_port_foreign_counters(const struct ptpdk_ptp_port *p)
{
	return &p->foreign.counters;
}
