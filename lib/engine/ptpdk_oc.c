/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_oc_private.h"

void ptpdk_ptp_clock_config_init(struct ptpdk_ptp_clock_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->priority1 = 128;
	cfg->priority2 = 128;
	cfg->quality.clock_class = 248;
	cfg->quality.clock_accuracy = 0xFE;
	cfg->quality.offset_scaled_log_variance = 0xFFFF;
	cfg->slave_only = true;
	cfg->utc_offset = 37;
	cfg->n_ports = 1;
	cfg->ports[0].delay_mechanism = PTPDK_DELAY_E2E;
	cfg->ports[0].log_announce_interval = 1;
	cfg->ports[0].announce_receipt_timeout = 3;
	cfg->servo_type = PTPDK_SERVO_PTPDK;
	ptpdk_servo_config_init(&cfg->servo);
	cfg->delay_filter_length = 10;
	cfg->holdover_max_s = 0;
	cfg->holdover_wander_ppb_per_s = 0.01;
	cfg->seed = 1;
}

void oc_log(struct ptpdk_ptp_clock *oc, enum ptpdk_ptp_log_level level, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!oc->ops.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	oc->ops.log(oc->ops.ctx, level, line);
}

uint64_t oc_interval_ns(int log_interval)
{
	/* 2^log seconds; the range keeps every shift defined. */
	if (log_interval < -30)
		log_interval = -30;
	if (log_interval > 30)
		log_interval = 30;
	return log_interval >= 0 ? 1000000000ull << log_interval : 1000000000ull >> -log_interval;
}

static bool valid_port_config(const struct ptpdk_ptp_port_config *p)
{
	return (p->delay_mechanism == PTPDK_DELAY_E2E || p->delay_mechanism == PTPDK_DELAY_P2P) &&
	       p->announce_receipt_timeout >= 2 && p->log_announce_interval >= -7 &&
	       p->log_announce_interval <= 7 && p->log_sync_interval >= -7 &&
	       p->log_sync_interval <= 7 && p->log_min_delay_req_interval >= -7 &&
	       p->log_min_delay_req_interval <= 7 && p->log_min_pdelay_req_interval >= -7 &&
	       p->log_min_pdelay_req_interval <= 7;
}

static int validate(const struct ptpdk_ptp_clock_config *cfg, struct ptpdk_clock *clock,
		    const struct ptpdk_ptp_clock_ops *ops)
{
	if (!cfg || !clock || !ops || !ops->send || !ops->sample || !ops->state)
		return -EINVAL;
	if (!cfg->slave_only)
		return -ENOTSUP;
	if (cfg->n_ports == 0 || cfg->n_ports > PTPDK_PTP_MAX_PORTS || cfg->domain_number > 127 ||
	    cfg->delay_filter_length == 0 || cfg->max_path_delay_ns < 0 ||
	    cfg->neighbor_prop_delay_thresh_ns < 0 || !(cfg->holdover_max_s >= 0) ||
	    !(cfg->holdover_wander_ppb_per_s >= 0))
		return -EINVAL;
	for (unsigned i = 0; i < cfg->n_ports; i++)
		if (!valid_port_config(&cfg->ports[i]))
			return -EINVAL;
	return 0;
}

static int port_init(struct ptpdk_ptp_clock *oc, unsigned i)
{
	struct oc_port *p = &oc->ports[i];
	struct ptpdk_e2e_config ecfg;
	struct ptpdk_p2p_config pcfg;

	p->cfg = oc->cfg.ports[i];
	memcpy(p->identity.clock_identity, oc->cfg.clock_identity, PTPDK_CLOCK_ID_LEN);
	p->identity.port_number = (uint16_t)(i + 1);
	p->state = PTPDK_PS_INITIALIZING;
	p->delay_req_log = p->cfg.log_min_delay_req_interval;
	p->sync_log = p->cfg.log_sync_interval;
	ptpdk_foreign_init(&p->foreign, &p->identity);
	ptpdk_e2e_config_init(&ecfg);
	ecfg.delay_filter_length = oc->cfg.delay_filter_length;
	ecfg.max_raw_delay_ns = oc->cfg.max_path_delay_ns;
	p->e2e = ptpdk_e2e_create(&ecfg);
	if (!p->e2e)
		return -errno;
	if (p->cfg.delay_mechanism == PTPDK_DELAY_P2P) {
		ptpdk_p2p_config_init(&pcfg);
		pcfg.filter_length = oc->cfg.delay_filter_length;
		pcfg.max_delay_ns = oc->cfg.neighbor_prop_delay_thresh_ns;
		p->p2p = ptpdk_p2p_create(&pcfg);
		if (!p->p2p)
			return -errno;
	}
	return 0;
}

struct ptpdk_ptp_clock *ptpdk_ptp_clock_create(const struct ptpdk_ptp_clock_config *cfg,
					       struct ptpdk_clock *clock,
					       const struct ptpdk_ptp_clock_ops *ops)
{
	struct ptpdk_ptp_clock *oc;
	int rc = validate(cfg, clock, ops);

	if (rc) {
		errno = -rc;
		return NULL;
	}
	oc = calloc(1, sizeof(*oc));
	if (!oc)
		return NULL;
	oc->cfg = *cfg;
	oc->clock = clock;
	oc->ops = *ops;
	oc->rng = cfg->seed ? cfg->seed : 0x9E3779B97F4A7C15ull;
	oc->servo = ptpdk_servo_create(cfg->servo_type, &cfg->servo);
	if (!oc->servo)
		goto err;
	oc->freq_ppb = cfg->servo.initial_freq_ppb;
	for (unsigned i = 0; i < cfg->n_ports; i++)
		if (port_init(oc, i) != 0)
			goto err;
	return oc;
err:
	rc = errno ? errno : ENOMEM;
	ptpdk_ptp_clock_destroy(oc);
	errno = rc;
	return NULL;
}

void ptpdk_ptp_clock_destroy(struct ptpdk_ptp_clock *oc)
{
	if (!oc)
		return;
	for (unsigned i = 0; i < PTPDK_PTP_MAX_PORTS; i++) {
		ptpdk_e2e_destroy(oc->ports[i].e2e);
		ptpdk_p2p_destroy(oc->ports[i].p2p);
	}
	ptpdk_servo_destroy(oc->servo);
	free(oc);
}

static const char *port_name(const struct ptpdk_ptp_clock *oc, unsigned port)
{
	return oc->ports[port].cfg.name ? oc->ports[port].cfg.name : "?";
}

void oc_port_event(struct ptpdk_ptp_clock *oc, unsigned port, enum ptpdk_port_event ev,
		   bool new_master)
{
	struct oc_port *p = &oc->ports[port];
	enum ptpdk_port_state from = p->state;
	enum ptpdk_port_state to = ptpdk_port_state_next(from, ev, oc->cfg.slave_only, new_master);

	if (to == from && !(ev == PTPDK_EV_RS_SLAVE && new_master))
		return;
	p->state = to;
	oc_log(oc, PTPDK_PTP_LOG_NOTICE, "port %u (%s): %s to %s on %s", port + 1,
	       port_name(oc, port), ptpdk_port_state_name(from), ptpdk_port_state_name(to),
	       ptpdk_port_event_name(ev));
	oc->ops.state(oc->ops.ctx, port, from, to, ev);
}

bool oc_port_follows_parent(const struct ptpdk_ptp_clock *oc, unsigned port)
{
	enum ptpdk_port_state s = oc->ports[port].state;

	return oc->have_parent && oc->parent_port == port &&
	       (s == PTPDK_PS_UNCALIBRATED || s == PTPDK_PS_SLAVE);
}

void oc_msg_init(const struct ptpdk_ptp_clock *oc, unsigned port, struct ptpdk_msg *m, uint8_t type,
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
	m->header.domain_number = oc->cfg.domain_number;
	m->header.source_port_identity = oc->ports[port].identity;
	m->header.sequence_id = seq;
	m->header.control_field = control[type & 0xF];
	/* 13.3.2.11: Delay_Req and the peer-delay messages carry 0x7F. */
	m->header.log_message_interval = OC_LOG_UNSPECIFIED;
}

int oc_send(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m, unsigned flags)
{
	int rc = oc->ops.send(oc->ops.ctx, port, m, flags);

	if (rc < 0)
		oc->counters.tx_failed++;
	else
		oc->counters.tx++;
	return rc;
}

/* ------------------------------------------------------------------ BMCA */

static void own_dataset(const struct ptpdk_ptp_clock *oc, struct ptpdk_bmca_dataset *d0)
{
	memset(d0, 0, sizeof(*d0));
	d0->priority1 = oc->cfg.priority1;
	memcpy(d0->gm_identity, oc->cfg.clock_identity, PTPDK_CLOCK_ID_LEN);
	d0->quality = oc->cfg.quality;
	d0->priority2 = oc->cfg.priority2;
	d0->sender = oc->ports[0].identity;
	d0->receiver = oc->ports[0].identity;
}

/* announceReceiptTimeout intervals of the port's own Announce interval (9.2.6.12). */
static uint64_t announce_timeout_ns(const struct oc_port *p)
{
	return oc_interval_ns(p->cfg.log_announce_interval) * p->cfg.announce_receipt_timeout;
}

static bool port_runs_bmca(const struct oc_port *p)
{
	return p->state != PTPDK_PS_INITIALIZING && p->state != PTPDK_PS_FAULTY &&
	       p->state != PTPDK_PS_DISABLED;
}

static void adopt_parent(struct ptpdk_ptp_clock *oc, unsigned port,
			 const struct ptpdk_foreign_master *m, uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];
	char id[32];

	if (oc->have_parent && oc->parent_port != port)
		ptpdk_e2e_set_master(oc->ports[oc->parent_port].e2e, NULL);
	oc->have_parent = true;
	oc->parent_port = port;
	oc->parent = *m;
	oc->counters.master_changes++;
	p->last_parent_announce_ns = now_ns;
	p->parent_sync_seen = false;
	p->delay_req_log = p->cfg.log_min_delay_req_interval;
	ptpdk_e2e_set_master(p->e2e, &m->ds.sender);
	if (p->p2p) {
		/* The link delay is the link's, not the master's: keep measuring. */
		struct ptpdk_p2p_sample s;

		if (ptpdk_p2p_last(p->p2p, &s) == 0)
			ptpdk_e2e_set_peer_delay(p->e2e, s.delay);
	}
	oc_log(oc, PTPDK_PTP_LOG_NOTICE, "selected best master clock %s",
	       ptpdk_clock_identity_str(m->ds.gm_identity, id, sizeof(id)));
}

static bool same_sender(const struct ptpdk_foreign_master *a, const struct ptpdk_foreign_master *b)
{
	return ptpdk_port_identity_cmp(&a->ds.sender, &b->ds.sender) == 0;
}

/* The state decision event (9.2.6.8) for every port. */
static void oc_bmca(struct ptpdk_ptp_clock *oc, uint64_t now_ns)
{
	const struct ptpdk_foreign_master *erbest[PTPDK_PTP_MAX_PORTS] = { 0 };
	const struct ptpdk_foreign_master *ebest = NULL;
	struct ptpdk_bmca_dataset d0;
	unsigned ebest_port = 0;

	for (unsigned i = 0; i < oc->cfg.n_ports; i++) {
		struct oc_port *p = &oc->ports[i];
		const struct ptpdk_port_identity *parent =
			oc->have_parent && oc->parent_port == i ? &oc->parent.ds.sender : NULL;

		if (!port_runs_bmca(p))
			continue;
		ptpdk_foreign_expire(&p->foreign, now_ns, announce_timeout_ns(p));
		erbest[i] = ptpdk_foreign_best(&p->foreign, now_ns,
					       oc_interval_ns(p->cfg.log_announce_interval) *
						       PTPDK_FOREIGN_WINDOW,
					       parent);
		if (erbest[i] && (!ebest || ptpdk_bmca_compare(&erbest[i]->ds, &ebest->ds) > 0)) {
			ebest = erbest[i];
			ebest_port = i;
		}
	}
	own_dataset(oc, &d0);
	for (unsigned i = 0; i < oc->cfg.n_ports; i++) {
		struct oc_port *p = &oc->ports[i];
		enum ptpdk_bmca_decision d;
		bool new_master;

		if (!port_runs_bmca(p))
			continue;
		d = ptpdk_bmca_decide(&d0, ebest ? &ebest->ds : NULL,
				      erbest[i] ? &erbest[i]->ds : NULL, ebest && ebest_port == i,
				      oc->cfg.slave_only, p->state == PTPDK_PS_LISTENING);
		switch (d) {
		case PTPDK_BMCA_S1:
			new_master = !oc->have_parent || oc->parent_port != i ||
				     !same_sender(&oc->parent, ebest);
			if (new_master)
				adopt_parent(oc, i, ebest, now_ns);
			else
				oc->parent = *ebest; /* time properties may change */
			oc_port_event(oc, i, PTPDK_EV_RS_SLAVE, new_master);
			if (new_master)
				oc_delay_start(oc, i, now_ns);
			break;
		case PTPDK_BMCA_M1:
		case PTPDK_BMCA_M2:
		case PTPDK_BMCA_M3:
			oc_port_event(oc, i, PTPDK_EV_RS_MASTER, false);
			break;
		case PTPDK_BMCA_P1:
		case PTPDK_BMCA_P2:
			oc_port_event(oc, i, PTPDK_EV_RS_PASSIVE, false);
			break;
		case PTPDK_BMCA_LISTENING:
			if (p->state != PTPDK_PS_LISTENING)
				oc_port_event(oc, i, PTPDK_EV_RS_PASSIVE, false);
			break;
		}
	}
	if (oc->have_parent && !oc_port_follows_parent(oc, oc->parent_port))
		oc_parent_lost(oc, now_ns);
}

/* ------------------------------------------------------------------ RX */

static void rx_announce(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
			uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];
	unsigned before = ptpdk_foreign_count(&p->foreign);
	struct ptpdk_foreign_master *fm = ptpdk_foreign_add(&p->foreign, m, now_ns);
	char id[32];

	if (!fm)
		return;
	if (ptpdk_foreign_count(&p->foreign) > before)
		oc_log(oc, PTPDK_PTP_LOG_NOTICE, "port %u (%s): new foreign master %s", port + 1,
		       port_name(oc, port),
		       ptpdk_port_identity_str(&fm->ds.sender, id, sizeof(id)));
	if (oc->have_parent && oc->parent_port == port && same_sender(&oc->parent, fm))
		p->last_parent_announce_ns = now_ns;
	oc_bmca(oc, now_ns);
}

static void rx_sync(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
		    const struct ptpdk_tmv *t2, uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];
	int8_t log = m->header.log_message_interval;
	bool from_parent;

	if (!oc_port_follows_parent(oc, port)) {
		oc->counters.not_from_parent++;
		return;
	}
	if (!t2) {
		oc->counters.no_timestamp++;
		return;
	}
	from_parent = ptpdk_port_identity_cmp(&m->header.source_port_identity,
					      &oc->parent.ds.sender) == 0;
	/* The master's Sync interval drives the servo's time constants. */
	if (from_parent && log != p->sync_log && log >= -10 && log <= 10) {
		p->sync_log = log;
		ptpdk_servo_set_interval(oc->servo, (double)oc_interval_ns(log) * 1e-9);
	}
	oc_sync_result(oc, port, ptpdk_e2e_sync(p->e2e, m, *t2), now_ns);
	if (from_parent)
		p->parent_sync_seen = true;
}

static bool mechanism_ok(struct ptpdk_ptp_clock *oc, unsigned port, unsigned type)
{
	bool p2p = oc->ports[port].cfg.delay_mechanism == PTPDK_DELAY_P2P;
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
		oc->counters.wrong_mechanism++;
	return ok;
}

int ptpdk_ptp_clock_rx(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
		       const struct ptpdk_tmv *rx_time, uint64_t now_ns)
{
	struct oc_port *p;
	unsigned type;

	if (!oc || !m || port >= oc->cfg.n_ports)
		return -EINVAL;
	p = &oc->ports[port];
	type = m->header.message_type & 0xF;
	oc->counters.rx++;
	oc->counters.rx_by_type[type]++;
	if (m->header.domain_number != oc->cfg.domain_number) {
		oc->counters.wrong_domain++;
		return 0;
	}
	if (!port_runs_bmca(p) || !mechanism_ok(oc, port, type))
		return 0;
	switch (type) {
	case PTPDK_MSG_ANNOUNCE:
		rx_announce(oc, port, m, now_ns);
		break;
	case PTPDK_MSG_SYNC:
		rx_sync(oc, port, m, rx_time, now_ns);
		break;
	case PTPDK_MSG_FOLLOW_UP:
		if (oc_port_follows_parent(oc, port))
			oc_sync_result(oc, port, ptpdk_e2e_follow_up(p->e2e, m), now_ns);
		else
			oc->counters.not_from_parent++;
		break;
	case PTPDK_MSG_DELAY_RESP:
		oc_delay_resp(oc, port, m, now_ns);
		break;
	case PTPDK_MSG_PDELAY_REQ:
		if (rx_time)
			oc_pdelay_req_rx(oc, port, m, *rx_time, now_ns);
		else
			oc->counters.no_timestamp++;
		break;
	case PTPDK_MSG_PDELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
		oc_pdelay_resp_rx(oc, port, m, rx_time);
		break;
	default:
		/* Delay_Req (we are no master), Management, Signaling. */
		oc->counters.ignored++;
		break;
	}
	return 0;
}

int ptpdk_ptp_clock_tx_stamp(struct ptpdk_ptp_clock *oc, unsigned port, uint8_t message_type,
			     uint16_t seq, const struct ptpdk_tmv *t, uint64_t now_ns)
{
	if (!oc || port >= oc->cfg.n_ports)
		return -EINVAL;
	if (!t) {
		oc->counters.tx_stamp_missing++;
		return 0;
	}
	oc_delay_tx_stamp(oc, port, message_type, seq, t, now_ns);
	return 0;
}

/* ------------------------------------------------------------------ timers */

static void announce_timeouts(struct ptpdk_ptp_clock *oc, uint64_t now_ns)
{
	struct oc_port *p;

	if (!oc->have_parent)
		return;
	p = &oc->ports[oc->parent_port];
	/* Saturating: the tick's "now" may be read before that of the last Announce. */
	if (ptpdk_elapsed_ns(now_ns, p->last_parent_announce_ns) <= announce_timeout_ns(p))
		return;
	oc->counters.announce_timeouts++;
	oc_log(oc, PTPDK_PTP_LOG_NOTICE, "port %u (%s): announce timeout", oc->parent_port + 1,
	       port_name(oc, oc->parent_port));
	oc_port_event(oc, oc->parent_port, PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES, false);
	oc_parent_lost(oc, now_ns);
	oc_bmca(oc, now_ns); /* another master may be qualified already */
}

uint64_t ptpdk_ptp_clock_tick(struct ptpdk_ptp_clock *oc, uint64_t now_ns)
{
	uint64_t next = now_ns + 1000000000ull / 8;

	if (!oc->initialized) {
		oc->initialized = true;
		for (unsigned i = 0; i < oc->cfg.n_ports; i++)
			oc_port_event(oc, i, PTPDK_EV_INIT_COMPLETE, false);
	}
	announce_timeouts(oc, now_ns);
	/* Foreign masters that went silent may change the decision. */
	for (unsigned i = 0; i < oc->cfg.n_ports; i++) {
		struct oc_port *p = &oc->ports[i];

		if (!port_runs_bmca(p))
			continue;
		if (ptpdk_foreign_expire(&p->foreign, now_ns, announce_timeout_ns(p)))
			oc_bmca(oc, now_ns);
		oc_delay_tick(oc, i, now_ns, &next);
	}
	oc_sync_tick(oc, now_ns);
	return next;
}

/* ------------------------------------------------------------------ status */

void ptpdk_ptp_clock_status(const struct ptpdk_ptp_clock *oc, uint64_t now_ns,
			    struct ptpdk_ptp_clock_status *out)
{
	memset(out, 0, sizeof(*out));
	out->clock_state = oc->clock_state;
	for (unsigned i = 0; i < oc->cfg.n_ports; i++)
		out->port_state[i] = oc->ports[i].state;
	out->have_parent = oc->have_parent;
	out->parent_port = oc->parent_port;
	if (oc->have_parent) {
		out->parent = oc->parent.ds;
		out->current_utc_offset = oc->parent.current_utc_offset;
		out->time_flags =
			oc->parent.flags & (PTPDK_FLAG_LEAP61 | PTPDK_FLAG_LEAP59 |
					    PTPDK_FLAG_UTC_OFFSET_VALID | PTPDK_FLAG_PTP_TIMESCALE |
					    PTPDK_FLAG_TIME_TRACEABLE | PTPDK_FLAG_FREQ_TRACEABLE);
		out->time_source = oc->parent.time_source;
	} else {
		out->current_utc_offset = oc->cfg.utc_offset;
		/* Our own free-running clock: arbitrary timescale, internal oscillator. */
		out->time_source = 0xA0;
	}
	out->servo_state = oc->servo_state;
	out->last_offset_ns = oc->last_offset_ns;
	out->path_delay_ns = oc->path_delay_ns;
	out->freq_ppb = oc->freq_ppb;
	out->error_bound_ns = oc_error_bound(oc, now_ns);
	oc_error_growth(oc, now_ns, &out->bound_rate_ppb, &out->bound_wander_ppb_per_s);
	if (oc->clock_state == PTPDK_PTP_HOLDOVER)
		out->holdover_s = (double)ptpdk_elapsed_ns(now_ns, oc->holdover_start_ns) * 1e-9;
	out->last_sample_ns = oc->last_sample_ns;
	out->counters = oc->counters;
}

const struct ptpdk_e2e_counters *ptpdk_ptp_clock_e2e_counters(const struct ptpdk_ptp_clock *oc,
							      unsigned port)
{
	if (port >= oc->cfg.n_ports || oc->ports[port].p2p)
		return NULL;
	return ptpdk_e2e_counters(oc->ports[port].e2e);
}

const struct ptpdk_p2p_counters *ptpdk_ptp_clock_p2p_counters(const struct ptpdk_ptp_clock *oc,
							      unsigned port)
{
	if (port >= oc->cfg.n_ports || !oc->ports[port].p2p)
		return NULL;
	return ptpdk_p2p_counters(oc->ports[port].p2p);
}

const struct ptpdk_foreign_counters *
ptpdk_ptp_clock_foreign_counters(const struct ptpdk_ptp_clock *oc, unsigned port)
{
	return port < oc->cfg.n_ports ? &oc->ports[port].foreign.counters : NULL;
}

void ptpdk_ptp_clock_port_identity(const struct ptpdk_ptp_clock *oc, unsigned port,
				   struct ptpdk_port_identity *out)
{
	if (port < oc->cfg.n_ports)
		*out = oc->ports[port].identity;
}

const char *ptpdk_ptp_clock_state_name(enum ptpdk_ptp_clock_state s)
{
	static const char *const names[] = { "FREERUN", "LOCKING", "LOCKED", "HOLDOVER" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "invalid";
}
