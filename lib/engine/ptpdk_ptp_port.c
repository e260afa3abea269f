/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ptp_port.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_bmca.h"
#include "ptpdk_elapsed.h"
#include "ptpdk_interval.h"
#include "ptpdk_pdelay_pending.h"

#define LOG_UNSPECIFIED 0x7F

/* Announces and Syncs a unicast server's tick may send at most. */
#define UCAST_TICK_BUDGET 4096
/* Two-step unicast Syncs whose TX stamp may be outstanding at once: two ticks' worth,
 * so that a tick's Syncs keep their Follow_Ups while the previous tick's stamps are
 * still coming back (64 lost them beyond 64 Syncs a tick: bench_ucast_server, 1e5
 * clients at 1 Hz). A power of two dividing 2^16, so the sequenceId wraps cleanly;
 * 32 bytes each, 256 KiB a server port. */
#define UCAST_SYNCS 8192

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
	/* Where the parent's latest Announce or Sync came from: hybrid_e2e sends the
	 * Delay_Req there. */
	bool parent_addr_known;
	struct ptpdk_addr parent_addr;
	int8_t delay_req_log; /* logMinDelayReqInterval in force (the master's) */
	int8_t sync_log;
	uint64_t next_delay_req_ns;
	uint16_t delay_req_seq;
	uint64_t next_pdelay_req_ns;
	uint16_t pdelay_req_seq;
	struct ptpdk_pdelay_pending pending;
	/* t3 of the last Delay_Req measurement handed to the servo (or made stale by a
	 * step), so that each reaches it once and none from before a step. */
	struct ptpdk_tmv servo_sm_t3;

	/* LISTENING: with no Announce until then, a clock that may be master takes
	 * over (9.2.6.12). */
	uint64_t listen_deadline_ns;
	/* PRE_MASTER: when the port is qualified (9.2.6.10). */
	uint64_t qualification_ns;
	uint64_t qualified_at_ns;
	/* MASTER: the next Announce and Sync, and the Sync awaiting its TX stamp. */
	uint64_t next_announce_ns;
	uint64_t next_sync_ns;
	uint16_t announce_seq;
	uint16_t sync_seq;
	bool sync_awaits_stamp;
	uint16_t stamped_sync_seq;

	struct ptpdk_ucast_port *ucast; /* unicast client, when configured */
	uint16_t signaling_seq;
	struct ptpdk_ucast_server *server; /* unicast master, when configured */
	/* Two-step unicast Syncs awaiting their TX stamp, by sequenceId modulo
	 * UCAST_SYNCS (server ports only): the Follow_Up goes to the same client. */
	struct ucast_sync {
		bool used;
		int8_t log;
		uint16_t seq;
		struct ptpdk_addr to;
	} * ucast_syncs;

	struct ptpdk_ptp_port_counters counters;
};

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

static int send_signaling(void *ctx, const struct ptpdk_addr *to,
			  const struct ptpdk_port_identity *target, const struct ptpdk_tlv *tlv);
static int send_ucast_message(void *ctx, enum ptpdk_ucast_kind kind, const struct ptpdk_addr *to,
			      int8_t log);

static int create_ucast(struct ptpdk_ptp_port *p)
{
	struct ptpdk_ucast_port_host host = { .send_signaling = send_signaling, .ctx = p };
	struct ptpdk_ucast_server_host shost = { .send_signaling = send_signaling,
						 .send_message = send_ucast_message,
						 .ctx = p };

	if (p->params.cfg.ucast_client) {
		p->ucast = ptpdk_ucast_port_create(&p->params.cfg.ucast, &p->identity, &host, 0);
		if (!p->ucast)
			return -1;
	}
	if (p->params.cfg.ucast_server) {
		p->server = ptpdk_ucast_server_create(&p->params.cfg.ucast_limits, &p->identity,
						      &shost, 0);
		p->ucast_syncs = calloc(UCAST_SYNCS, sizeof(*p->ucast_syncs));
		if (!p->server || !p->ucast_syncs)
			return -1;
	}
	return 0;
}

static bool host_complete(const struct ptpdk_ptp_port_host *h)
{
	return h && h->send && h->log && h->state_changed && h->announce && h->offset &&
	       h->sync_interval && h->peer_delay && h->announce_data;
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
	ptpdk_foreign_set_comparison(&p->foreign, params->comparison, params->cfg.local_priority);
	if (create_measurements(p) != 0 || create_ucast(p) != 0) {
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
	ptpdk_ucast_port_destroy(p->ucast);
	ptpdk_ucast_server_destroy(p->server);
	free(p->ucast_syncs);
	free(p);
}

/* ------------------------------------------------------------ state */

static uint64_t announce_timeout_ns(const struct ptpdk_ptp_port *p);

/* The timers of the state just entered. */
static void enter_state(struct ptpdk_ptp_port *p, uint64_t now_ns)
{
	switch (p->state) {
	case PTPDK_PS_LISTENING:
		p->listen_deadline_ns = now_ns + announce_timeout_ns(p);
		break;
	case PTPDK_PS_PRE_MASTER:
		p->qualified_at_ns = now_ns + p->qualification_ns;
		break;
	case PTPDK_PS_MASTER:
		/* The first Announce and Sync go out at the next tick. */
		p->next_announce_ns = now_ns;
		p->next_sync_ns = now_ns;
		p->sync_awaits_stamp = false;
		break;
	default:
		break;
	}
}

void ptpdk_ptp_port_event(struct ptpdk_ptp_port *p, enum ptpdk_port_event ev, bool new_master,
			  uint64_t now_ns)
{
	enum ptpdk_port_state from = p->state;
	enum ptpdk_port_state to =
		ptpdk_port_state_next(from, ev, p->params.slave_only, new_master);

	if (to == from && !(ev == PTPDK_EV_RS_SLAVE && new_master))
		return;
	p->state = to;
	if (to != from)
		enter_state(p, now_ns);
	p->host.state_changed(p->host.ctx, p->params.index, from, to, ev);
}

void ptpdk_ptp_port_recommend_master(struct ptpdk_ptp_port *p, uint64_t qualification_ns,
				     uint64_t now_ns)
{
	p->qualification_ns = qualification_ns;
	ptpdk_ptp_port_event(p, PTPDK_EV_RS_MASTER, false, now_ns);
	if (p->state == PTPDK_PS_PRE_MASTER && qualification_ns == 0)
		ptpdk_ptp_port_event(p, PTPDK_EV_QUALIFICATION_TIMEOUT_EXPIRES, false, now_ns);
}

bool ptpdk_ptp_port_master_only(const struct ptpdk_ptp_port *p)
{
	return p->params.cfg.master_only;
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
	return ptpdk_interval_ns(p->params.cfg.log_announce_interval) *
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
				  ptpdk_interval_ns(p->params.cfg.log_announce_interval) *
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
	m->header.major_sdo_id = p->params.cfg.transport_specific & 0xF;
	m->header.source_port_identity = p->identity;
	m->header.sequence_id = seq;
	m->header.control_field = control[type & 0xF];
	/* 13.3.2.11: Delay_Req and the peer-delay messages carry 0x7F. */
	m->header.log_message_interval = LOG_UNSPECIFIED;
}

/* Every message the port sends goes to one of the two PTP groups (1588-2008 Annexes
 * D-F): the primary one, or the peer-delay one for the peer-delay messages. */
static int send_to(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m, bool peer_group,
		   unsigned flags)
{
	struct ptpdk_dest dst = ptpdk_dest_group(peer_group);
	int rc = p->host.send(p->host.ctx, p->params.index, m, &dst, flags);

	if (rc < 0)
		p->counters.tx_failed++;
	else
		p->counters.tx++;
	return rc;
}

static int send_unicast(struct ptpdk_ptp_port *p, struct ptpdk_msg *m, const struct ptpdk_addr *to,
			unsigned flags)
{
	struct ptpdk_dest dst = ptpdk_dest_unicast(to);
	int rc;

	m->header.flags |= PTPDK_FLAG_UNICAST;
	rc = p->host.send(p->host.ctx, p->params.index, m, &dst, flags);
	if (rc < 0)
		p->counters.tx_failed++;
	else
		p->counters.tx++;
	return rc;
}

/* Unicast negotiation (ptpdk_ucast_port.h): one TLV per Signaling message. */
static int send_signaling(void *ctx, const struct ptpdk_addr *to,
			  const struct ptpdk_port_identity *target, const struct ptpdk_tlv *tlv)
{
	struct ptpdk_ptp_port *p = ctx;
	struct ptpdk_msg m;

	msg_init(p, &m, PTPDK_MSG_SIGNALING, p->signaling_seq++);
	m.body.targeted.target_port_identity = *target;
	m.tlvs[0] = *tlv;
	m.tlv_count = 1;
	return send_unicast(p, &m, to, 0);
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
	uint64_t span = 2 * ptpdk_interval_ns(p->delay_req_log);

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

	if (p->ucast)
		ptpdk_ucast_port_select(p->ucast, parent ? &parent->ds.sender : NULL, now_ns);
	if (!parent) {
		p->following = false;
		ptpdk_e2e_set_master(p->e2e, NULL);
		return;
	}
	p->following = true;
	p->parent = parent->ds.sender;
	p->last_parent_announce_ns = now_ns;
	p->parent_sync_seen = false;
	p->parent_addr_known = false;
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
	/* A master-only port's foreign masters do not hold it back. */
	if (p->state == PTPDK_PS_LISTENING && !p->params.cfg.master_only)
		p->listen_deadline_ns = now_ns + announce_timeout_ns(p);
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
				      (double)ptpdk_interval_ns(log) * 1e-9);
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
	if (send_to(p, &m, true, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS) < 0)
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

/*
 * As master (11.3.2): answer with the request's receipt time t4. The correctionField
 * echoes the request's, minus the fraction of a nanosecond that the whole-ns
 * receiveTimestamp leaves out (the requester subtracts the correction from t4 - t3).
 * A multicast request is answered by multicast, as ptp4l answers in its default
 * (non-hybrid) mode.
 */
static void rx_delay_req(struct ptpdk_ptp_port *p, const struct ptpdk_msg *req,
			 const struct ptpdk_tmv *t4, const struct ptpdk_addr *src, uint64_t now_ns)
{
	struct ptpdk_msg m;
	bool unicast;

	if (p->state != PTPDK_PS_MASTER) {
		p->counters.delay_req_not_master++;
		return;
	}
	if (!t4) {
		p->counters.no_timestamp++;
		return;
	}
	msg_init(p, &m, PTPDK_MSG_DELAY_RESP, req->header.sequence_id);
	m.header.log_message_interval = p->params.cfg.log_min_delay_req_interval;
	m.header.correction = req->header.correction - (int64_t)t4->frac;
	m.body.response.requesting_port_identity = req->header.source_port_identity;
	if (ptpdk_tmv_to_wire_ts(*t4, &m.body.response.timestamp) != 0)
		return;
	/* A unicast request (hybrid mode, G.8275.2), or one from a client granted
	 * Delay_Resp, is answered to its sender alone. */
	unicast = src && ((req->header.flags & PTPDK_FLAG_UNICAST) ||
			  (p->server && ptpdk_ucast_server_owes(p->server, src,
								&req->header.source_port_identity,
								PTPDK_UCAST_DELAY_RESP, now_ns)));
	if ((unicast ? send_unicast(p, &m, src, 0) : send_to(p, &m, false, 0)) == 0)
		p->counters.delay_resp_sent++;
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
	ptpdk_ptp_port_rx_from(p, m, rx_time, NULL, now_ns);
}

void ptpdk_ptp_port_rx_from(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m,
			    const struct ptpdk_tmv *rx_time, const struct ptpdk_addr *src,
			    uint64_t now_ns)
{
	unsigned type = m->header.message_type & 0xF;

	if (!ptpdk_ptp_port_runs_bmca(p) || !mechanism_ok(p, type))
		return;
	if (src && p->following && (type == PTPDK_MSG_ANNOUNCE || type == PTPDK_MSG_SYNC) &&
	    ptpdk_port_identity_cmp(&m->header.source_port_identity, &p->parent) == 0) {
		p->parent_addr = *src;
		p->parent_addr_known = true;
	}
	switch (type) {
	case PTPDK_MSG_ANNOUNCE:
		if (p->ucast)
			ptpdk_ucast_port_announce(p->ucast, &m->header.source_port_identity, src);
		rx_announce(p, m, now_ns);
		break;
	case PTPDK_MSG_SIGNALING:
		if (p->ucast)
			ptpdk_ucast_port_rx_signaling(p->ucast, m, src, now_ns);
		if (p->server)
			ptpdk_ucast_server_rx_signaling(p->server, m, src, now_ns);
		if (!p->ucast && !p->server)
			p->counters.ignored++;
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
	case PTPDK_MSG_DELAY_REQ:
		rx_delay_req(p, m, rx_time, src, now_ns);
		break;
	default:
		/* Management (answered by the clock), Signaling without unicast. */
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
		send_to(p, &m, true, 0);
}

/* Two-step master (11.3.2): the Sync's own TX time t1 in the Follow_Up, its
 * fraction of a nanosecond in the correctionField. */
static void send_follow_up(struct ptpdk_ptp_port *p, uint16_t seq, struct ptpdk_tmv t1)
{
	struct ucast_sync *u = p->ucast_syncs ? &p->ucast_syncs[seq % UCAST_SYNCS] : NULL;
	bool multicast = p->sync_awaits_stamp && p->stamped_sync_seq == seq;
	struct ptpdk_msg m;
	int rc;

	if (p->state != PTPDK_PS_MASTER || (!multicast && !(u && u->used && u->seq == seq)))
		return;
	msg_init(p, &m, PTPDK_MSG_FOLLOW_UP, seq);
	m.header.log_message_interval = multicast ? p->params.cfg.log_sync_interval : u->log;
	m.header.correction = (int64_t)t1.frac;
	if (ptpdk_tmv_to_wire_ts(t1, &m.body.timestamp.timestamp) != 0)
		return;
	if (multicast) {
		p->sync_awaits_stamp = false;
		rc = send_to(p, &m, false, 0);
	} else {
		u->used = false;
		rc = send_unicast(p, &m, &u->to, 0);
	}
	if (rc == 0)
		p->counters.follow_up_sent++;
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
	case PTPDK_MSG_SYNC:
		send_follow_up(p, seq, *t);
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

static void send_request(struct ptpdk_ptp_port *p, uint8_t type, uint16_t *seq, bool peer_group)
{
	struct ptpdk_addr parent;
	struct ptpdk_msg m;

	msg_init(p, &m, type, (*seq)++);
	/* A unicast client's Delay_Req go to the master it follows; a hybrid port's to
	 * where its parent's messages come from. */
	if (type == PTPDK_MSG_DELAY_REQ && p->ucast &&
	    ptpdk_ucast_port_parent_addr(p->ucast, &parent)) {
		if (send_unicast(p, &m, &parent, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS) == 0)
			p->counters.delay_req_unicast++;
	} else if (type == PTPDK_MSG_DELAY_REQ && p->params.cfg.hybrid_e2e &&
		   p->parent_addr_known) {
		if (send_unicast(p, &m, &p->parent_addr,
				 PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS) == 0)
			p->counters.delay_req_unicast++;
	} else {
		if (type == PTPDK_MSG_DELAY_REQ && p->params.cfg.hybrid_e2e)
			p->counters.hybrid_no_address++;
		send_to(p, &m, peer_group, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS);
	}
}

static void fill_announce(struct ptpdk_ptp_port *p, struct ptpdk_msg *msg, int8_t log)
{
	struct ptpdk_ptp_announce_data d;
	struct ptpdk_body_announce *a;
	struct ptpdk_msg m;

	memset(&d, 0, sizeof(d));
	p->host.announce_data(p->host.ctx, p->params.index, &d);
	msg_init(p, &m, PTPDK_MSG_ANNOUNCE, p->announce_seq++);
	m.header.log_message_interval = log;
	m.header.flags = d.flags;
	a = &m.body.announce;
	a->current_utc_offset = d.current_utc_offset;
	a->grandmaster_priority1 = d.gm_priority1;
	a->grandmaster_clock_quality = d.gm_quality;
	a->grandmaster_priority2 = d.gm_priority2;
	memcpy(a->grandmaster_identity, d.gm_identity, PTPDK_CLOCK_ID_LEN);
	a->steps_removed = d.steps_removed;
	a->time_source = d.time_source;
	*msg = m;
}

static void send_announce(struct ptpdk_ptp_port *p)
{
	struct ptpdk_msg m;

	fill_announce(p, &m, p->params.cfg.log_announce_interval);
	if (send_to(p, &m, false, 0) == 0)
		p->counters.announce_sent++;
}

/* Two-step: the Follow_Up goes out when the Sync's TX stamp comes back. A Sync whose
 * stamp never came is superseded by the next one (counted as tx_stamp_missing).
 * One-step (9.5.9): the sender writes the departure time into the Sync itself, with a
 * zero originTimestamp and correctionField here; its TX stamp is still asked for so
 * that the sender can measure what it wrote, but no Follow_Up follows. */
static void send_sync(struct ptpdk_ptp_port *p)
{
	bool one_step = p->params.cfg.one_step;
	struct ptpdk_msg m;
	uint16_t seq = p->sync_seq++;

	msg_init(p, &m, PTPDK_MSG_SYNC, seq);
	m.header.flags = one_step ? 0 : PTPDK_FLAG_TWO_STEP;
	m.header.log_message_interval = p->params.cfg.log_sync_interval;
	if (send_to(p, &m, false,
		    PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS |
			    (one_step ? PTPDK_PTP_TX_ONE_STEP : 0)) != 0)
		return;
	p->counters.sync_sent++;
	p->sync_awaits_stamp = !one_step;
	p->stamped_sync_seq = seq;
}

/* The unicast service's Announce or Sync to one client (ptpdk_ucast_server.h), at its
 * granted period; a two-step Sync's Follow_Up follows it to the same client. */
static int send_ucast_message(void *ctx, enum ptpdk_ucast_kind kind, const struct ptpdk_addr *to,
			      int8_t log)
{
	struct ptpdk_ptp_port *p = ctx;
	bool one_step = p->params.cfg.one_step;
	struct ucast_sync *u;
	struct ptpdk_msg m;
	uint16_t seq;
	int rc;

	if (kind == PTPDK_UCAST_ANNOUNCE) {
		fill_announce(p, &m, log);
		rc = send_unicast(p, &m, to, 0);
		if (rc == 0)
			p->counters.announce_sent++;
		return rc;
	}
	seq = p->sync_seq++;
	msg_init(p, &m, PTPDK_MSG_SYNC, seq);
	m.header.flags = one_step ? 0 : PTPDK_FLAG_TWO_STEP;
	m.header.log_message_interval = log;
	rc = send_unicast(p, &m, to,
			  PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS |
				  (one_step ? PTPDK_PTP_TX_ONE_STEP : 0));
	if (rc != 0)
		return rc;
	p->counters.sync_sent++;
	if (!one_step) {
		u = &p->ucast_syncs[seq % UCAST_SYNCS];
		u->used = true;
		u->seq = seq;
		u->log = log;
		u->to = *to;
	}
	return 0;
}

/* Next deadline of a periodic timer: one interval on, or from now when the loop
 * fell more than an interval behind (no burst to catch up). */
static uint64_t periodic(uint64_t due, uint64_t interval, uint64_t now_ns)
{
	uint64_t next = due + interval;

	return (int64_t)(next - now_ns) <= 0 ? now_ns + interval : next;
}

static void master_tick(struct ptpdk_ptp_port *p, uint64_t now_ns, uint64_t *next)
{
	const struct ptpdk_ptp_port_config *c = &p->params.cfg;

	if (c->inhibit_multicast_service)
		return;
	if ((int64_t)(now_ns - p->next_announce_ns) >= 0) {
		send_announce(p);
		p->next_announce_ns = periodic(p->next_announce_ns,
					       ptpdk_interval_ns(c->log_announce_interval), now_ns);
	}
	if ((int64_t)(now_ns - p->next_sync_ns) >= 0) {
		send_sync(p);
		p->next_sync_ns =
			periodic(p->next_sync_ns, ptpdk_interval_ns(c->log_sync_interval), now_ns);
	}
	schedule(p->next_announce_ns, next);
	schedule(p->next_sync_ns, next);
}

/* LISTENING and PRE_MASTER end by their own timers. */
static void state_timers(struct ptpdk_ptp_port *p, uint64_t now_ns, uint64_t *next)
{
	if (p->state == PTPDK_PS_LISTENING && !p->params.slave_only) {
		if ((int64_t)(now_ns - p->listen_deadline_ns) >= 0) {
			p->counters.announce_timeouts++;
			ptpdk_ptp_port_event(p, PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES, false,
					     now_ns);
		} else {
			schedule(p->listen_deadline_ns, next);
		}
	}
	if (p->state == PTPDK_PS_PRE_MASTER) {
		if ((int64_t)(now_ns - p->qualified_at_ns) >= 0)
			ptpdk_ptp_port_event(p, PTPDK_EV_QUALIFICATION_TIMEOUT_EXPIRES, false,
					     now_ns);
		else
			schedule(p->qualified_at_ns, next);
	}
}

void ptpdk_ptp_port_tick(struct ptpdk_ptp_port *p, uint64_t now_ns, uint64_t *next)
{
	if (!ptpdk_ptp_port_runs_bmca(p))
		return;
	if (p->ucast)
		ptpdk_ucast_port_tick(p->ucast, now_ns, next);
	if (p->server)
		ptpdk_ucast_server_tick(p->server, now_ns, p->state == PTPDK_PS_MASTER,
					UCAST_TICK_BUDGET, next);
	state_timers(p, now_ns, next);
	if (p->state == PTPDK_PS_MASTER)
		master_tick(p, now_ns, next);
	if (p->p2p) {
		/* Peer delay runs in every operational state: the link is measured
		 * before a master is chosen, so the first Sync already has its delay. */
		if ((int64_t)(now_ns - p->next_pdelay_req_ns) >= 0) {
			send_request(p, PTPDK_MSG_PDELAY_REQ, &p->pdelay_req_seq, true);
			p->next_pdelay_req_ns =
				now_ns +
				ptpdk_interval_ns(p->params.cfg.log_min_pdelay_req_interval);
		}
		schedule(p->next_pdelay_req_ns, next);
		return;
	}
	/* E2E: only towards the parent, and only once its Syncs flow (11.3.2 pairs
	 * each exchange with a Sync). */
	if (!ptpdk_ptp_port_follows_parent(p) || !p->parent_sync_seen)
		return;
	if ((int64_t)(now_ns - p->next_delay_req_ns) >= 0) {
		send_request(p, PTPDK_MSG_DELAY_REQ, &p->delay_req_seq, false);
		p->next_delay_req_ns = now_ns + delay_req_spacing(p);
	}
	schedule(p->next_delay_req_ns, next);
}

/* ------------------------------------------------------------ status */

void ptpdk_ptp_port_identity(const struct ptpdk_ptp_port *p, struct ptpdk_port_identity *out)
{
	*out = p->identity;
}

void ptpdk_ptp_port_data_set(const struct ptpdk_ptp_port *p, struct ptpdk_ds_port *out)
{
	const struct ptpdk_ptp_port_config *c = &p->params.cfg;
	struct ptpdk_p2p_sample s;

	memset(out, 0, sizeof(*out));
	out->port_identity = p->identity;
	out->port_state = (uint8_t)p->state;
	/* The intervals in force: a slave's Delay_Req and Sync intervals are its master's. */
	out->log_min_delay_req_interval = p->delay_req_log;
	out->log_sync_interval = p->state == PTPDK_PS_MASTER ? c->log_sync_interval : p->sync_log;
	if (p->p2p && ptpdk_p2p_last(p->p2p, &s) == 0 &&
	    ptpdk_tmv_to_scaled(s.delay, &out->peer_mean_path_delay) != 0)
		out->peer_mean_path_delay = 0;
	out->log_announce_interval = c->log_announce_interval;
	out->announce_receipt_timeout = c->announce_receipt_timeout;
	out->delay_mechanism = (uint8_t)c->delay_mechanism;
	out->log_min_pdelay_req_interval = c->log_min_pdelay_req_interval;
	out->version_number = 2;
}

int ptpdk_ptp_port_set_interval(struct ptpdk_ptp_port *p, enum ptpdk_ptp_port_setting what,
				int value)
{
	struct ptpdk_ptp_port_config *c = &p->params.cfg;

	switch (what) {
	case PTPDK_PORT_SET_LOG_ANNOUNCE_INTERVAL:
	case PTPDK_PORT_SET_LOG_SYNC_INTERVAL:
	case PTPDK_PORT_SET_LOG_MIN_PDELAY_REQ_INTERVAL:
		if (!log_in_range((int8_t)value) || value != (int8_t)value)
			return -EINVAL;
		break;
	case PTPDK_PORT_SET_ANNOUNCE_RECEIPT_TIMEOUT:
		if (value < 2 || value > 255)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	/* The timers already armed run out; the next ones use the new value. */
	switch (what) {
	case PTPDK_PORT_SET_LOG_ANNOUNCE_INTERVAL:
		c->log_announce_interval = (int8_t)value;
		break;
	case PTPDK_PORT_SET_LOG_SYNC_INTERVAL:
		c->log_sync_interval = (int8_t)value;
		break;
	case PTPDK_PORT_SET_LOG_MIN_PDELAY_REQ_INTERVAL:
		c->log_min_pdelay_req_interval = (int8_t)value;
		break;
	case PTPDK_PORT_SET_ANNOUNCE_RECEIPT_TIMEOUT:
		c->announce_receipt_timeout = (uint8_t)value;
		break;
	}
	return 0;
}

const struct ptpdk_ptp_port_counters *ptpdk_ptp_port_counters(const struct ptpdk_ptp_port *p)
{
	return &p->counters;
}

const struct ptpdk_ucast_port *ptpdk_ptp_port_ucast(const struct ptpdk_ptp_port *p)
{
	return p->ucast;
}

const struct ptpdk_ucast_server *ptpdk_ptp_port_ucast_server(const struct ptpdk_ptp_port *p)
{
	return p->server;
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

int ptpdk_ptp_port_path_delay(const struct ptpdk_ptp_port *p, int64_t *ns)
{
	struct ptpdk_p2p_sample peer;
	struct ptpdk_e2e_sample path;

	if (p->p2p) {
		if (ptpdk_p2p_last(p->p2p, &peer) != 0)
			return -ENOENT;
		*ns = ptpdk_tmv_round_ns(peer.delay);
		return 0;
	}
	/* A sample from a parent no longer followed says nothing about the path now. */
	if (!p->following || ptpdk_e2e_last_sample(p->e2e, &path) != 0 ||
	    (path.flags & PTPDK_E2E_F_NO_DELAY))
		return -ENOENT;
	*ns = ptpdk_tmv_round_ns(path.delay);
	return 0;
}
