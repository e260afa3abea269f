/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ptp_clock.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_interval.h"

struct ptpdk_ptp_clock {
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_ptp_clock_ops ops;
	struct ptpdk_ptp_port *ports[PTPDK_MAX_PORTS];
	struct ptpdk_discipline *discipline;
	bool initialized;

	bool have_parent;
	unsigned parent_port;
	struct ptpdk_foreign_master parent; /* copy of the parent's entry */

	/* What we announce as grandmaster: from the config, or from the reference
	 * we follow (ptpdk_ptp_clock_reference()). */
	struct ptpdk_gm_reference_announce own;
	bool have_reference_report;
	bool reference_kept;

	/* The clock's own counters; the ports' and the discipline's are summed in
	 * for status. */
	uint64_t rx, rx_by_type[16], wrong_domain, master_changes;
	/* The last offset sample's Sync ingress time (TIME_STATUS_NP), our clock, ns. */
	int64_t last_ingress_ns;
};

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
	cfg->time_flags = 0; /* ARB, as ptp4l announces for a clock that is CLOCK_REALTIME */
	cfg->time_source = 0xA0;
	cfg->dataset_comparison = PTPDK_BMCA_CMP_IEEE1588;
	cfg->local_priority = 128;
	cfg->n_ports = 1;
	for (unsigned i = 0; i < PTPDK_MAX_PORTS; i++) {
		struct ptpdk_ptp_port_config *p = &cfg->ports[i];

		p->delay_mechanism = PTPDK_DELAY_E2E;
		p->log_announce_interval = 1;
		p->announce_receipt_timeout = 3;
		p->delay_filter_length = 10;
		p->local_priority = 128;
	}
	cfg->servo_type = PTPDK_SERVO_PTPDK;
	ptpdk_servo_config_init(&cfg->servo);
	cfg->holdover_max_s = 0;
	cfg->holdover_wander_ppb_per_s = 0.01;
	cfg->seed = 1;
}

static void clock_log(struct ptpdk_ptp_clock *ptp, enum ptpdk_ptp_log_level level, const char *fmt,
		      ...) __attribute__((format(printf, 3, 4)));
static void clock_log(struct ptpdk_ptp_clock *ptp, enum ptpdk_ptp_log_level level, const char *fmt,
		      ...)
{
	char line[256];
	va_list ap;

	if (!ptp->ops.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ptp->ops.log(ptp->ops.ctx, level, line);
}

static int validate(const struct ptpdk_ptp_clock_config *cfg, struct ptpdk_clock *clock,
		    const struct ptpdk_ptp_clock_ops *ops)
{
	if (!cfg || !clock || !ops || !ops->send || !ops->sample || !ops->state)
		return -EINVAL;
	if (cfg->n_ports == 0 || cfg->n_ports > PTPDK_MAX_PORTS || cfg->domain_number > 127 ||
	    !(cfg->holdover_max_s >= 0) || !(cfg->holdover_wander_ppb_per_s >= 0))
		return -EINVAL;
	for (unsigned i = 0; i < cfg->n_ports; i++)
		if (!ptpdk_ptp_port_config_valid(&cfg->ports[i]) ||
		    (cfg->slave_only && cfg->ports[i].master_only))
			return -EINVAL; /* a slave-only clock with a master-only port */
	return 0;
}

/* ------------------------------------------------------------ what ports report */

static void host_log(void *ctx, enum ptpdk_ptp_log_level level, const char *line)
{
	struct ptpdk_ptp_clock *ptp = ctx;

	if (ptp->ops.log)
		ptp->ops.log(ptp->ops.ctx, level, line);
}

static int host_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		     const struct ptpdk_dest *dst, unsigned flags)
{
	struct ptpdk_ptp_clock *ptp = ctx;

	return ptp->ops.send(ptp->ops.ctx, port, m, dst, flags);
}

static void host_state_changed(void *ctx, unsigned port, enum ptpdk_port_state from,
			       enum ptpdk_port_state to, enum ptpdk_port_event ev)
{
	struct ptpdk_ptp_clock *ptp = ctx;

	clock_log(ptp, PTPDK_PTP_LOG_NOTICE, "port %u (%s): %s to %s on %s", port + 1,
		  ptpdk_ptp_port_name(ptp->ports[port]), ptpdk_port_state_name(from),
		  ptpdk_port_state_name(to), ptpdk_port_event_name(ev));
	ptp->ops.state(ptp->ops.ctx, port, from, to, ev);
}

static void state_decision(struct ptpdk_ptp_clock *ptp, uint64_t now_ns);

static void host_announce(void *ctx, unsigned port, uint64_t now_ns)
{
	(void)port;
	state_decision(ctx, now_ns);
}

static void host_offset(void *ctx, unsigned port, struct ptpdk_ptp_sample *s,
			const struct ptpdk_servo_sample *in)
{
	struct ptpdk_ptp_clock *ptp = ctx;
	struct ptpdk_discipline_result res;

	ptpdk_discipline_sample(ptp->discipline, in, s->now_ns, &res);
	ptp->last_ingress_ns = ptpdk_tmv_round_ns(s->raw.t2);
	s->servo_state = res.servo_state;
	s->step_ns = res.step_ns;
	s->freq_ppb = res.freq_ppb;
	/* Stamps taken before the step would pair with ones taken after it. */
	if (res.stepped)
		for (unsigned i = 0; i < ptp->cfg.n_ports; i++)
			ptpdk_ptp_port_flush(ptp->ports[i]);
	if (res.have_port_event)
		ptpdk_ptp_port_event(ptp->ports[port], res.port_event, false, s->now_ns);
	if (res.holdover_ended)
		clock_log(ptp, PTPDK_PTP_LOG_NOTICE, "clock: holdover ended, locked again");
	ptp->ops.sample(ptp->ops.ctx, s);
}

/* stepsRemoved of the current data set: 0 as grandmaster, the parent's + 1 as slave. */
static uint16_t steps_removed(const struct ptpdk_ptp_clock *ptp)
{
	return ptp->have_parent ? (uint16_t)(ptp->parent.ds.steps_removed + 1) : 0;
}

/*
 * What a master port announces: as grandmaster our own default data set and time
 * properties; downstream of a parent (a boundary clock) the parent's grandmaster,
 * one step further, and its time properties (9.3.5, Table 16).
 */
static void host_announce_data(void *ctx, unsigned port, struct ptpdk_ptp_announce_data *out)
{
	struct ptpdk_ptp_clock *ptp = ctx;

	(void)port;
	memset(out, 0, sizeof(*out));
	out->steps_removed = steps_removed(ptp);
	if (ptp->have_parent) {
		const struct ptpdk_foreign_master *m = &ptp->parent;

		out->gm_priority1 = m->ds.priority1;
		out->gm_priority2 = m->ds.priority2;
		out->gm_quality = m->ds.quality;
		memcpy(out->gm_identity, m->ds.gm_identity, PTPDK_CLOCK_ID_LEN);
		out->current_utc_offset = m->current_utc_offset;
		out->flags = m->flags & PTPDK_TIME_PROPERTY_FLAGS;
		out->time_source = m->time_source;
		return;
	}
	out->gm_priority1 = ptp->cfg.priority1;
	out->gm_priority2 = ptp->cfg.priority2;
	out->gm_quality = ptp->own.quality;
	memcpy(out->gm_identity, ptp->cfg.clock_identity, PTPDK_CLOCK_ID_LEN);
	out->current_utc_offset = ptp->own.current_utc_offset;
	out->flags = ptp->own.flags;
	out->time_source = ptp->own.time_source;
}

static void host_sync_interval(void *ctx, unsigned port, double seconds)
{
	struct ptpdk_ptp_clock *ptp = ctx;

	(void)port;
	ptpdk_discipline_set_interval(ptp->discipline, seconds);
}

static void host_peer_delay(void *ctx, unsigned port, int64_t delay_ns)
{
	struct ptpdk_ptp_clock *ptp = ctx;

	(void)port;
	ptpdk_discipline_set_path_delay(ptp->discipline, delay_ns);
}

/* ------------------------------------------------------------ lifecycle */

/* Port 1 draws its Delay_Req spacing from the seed itself, as a one-port clock always
 * did; the others from a golden-ratio step away, so that no two ports are in step. */
static uint64_t port_seed(uint64_t seed, unsigned index)
{
	return seed ^ ((uint64_t)index * 0x9E3779B97F4A7C15ull);
}

static int create_ports(struct ptpdk_ptp_clock *ptp)
{
	const struct ptpdk_ptp_port_host host = {
		.send = host_send,
		.log = host_log,
		.state_changed = host_state_changed,
		.announce = host_announce,
		.offset = host_offset,
		.sync_interval = host_sync_interval,
		.peer_delay = host_peer_delay,
		.announce_data = host_announce_data,
		.ctx = ptp,
	};

	for (unsigned i = 0; i < ptp->cfg.n_ports; i++) {
		struct ptpdk_ptp_port_params params = {
			.cfg = ptp->cfg.ports[i],
			.index = i,
			.domain_number = ptp->cfg.domain_number,
			.slave_only = ptp->cfg.slave_only,
			.comparison = ptp->cfg.dataset_comparison,
			.seed = port_seed(ptp->cfg.seed, i),
		};

		memcpy(params.clock_identity, ptp->cfg.clock_identity, PTPDK_CLOCK_ID_LEN);
		ptp->ports[i] = ptpdk_ptp_port_create(&params, &host);
		if (!ptp->ports[i])
			return -1;
	}
	return 0;
}

struct ptpdk_ptp_clock *ptpdk_ptp_clock_create(const struct ptpdk_ptp_clock_config *cfg,
					       struct ptpdk_clock *clock,
					       const struct ptpdk_ptp_clock_ops *ops)
{
	struct ptpdk_discipline_config dcfg;
	struct ptpdk_ptp_clock *ptp;
	int rc = validate(cfg, clock, ops);

	if (rc) {
		errno = -rc;
		return NULL;
	}
	ptp = calloc(1, sizeof(*ptp));
	if (!ptp)
		return NULL;
	ptp->cfg = *cfg;
	ptp->ops = *ops;
	ptp->own.quality = cfg->quality;
	ptp->own.flags = cfg->time_flags & PTPDK_TIME_PROPERTY_FLAGS;
	ptp->own.current_utc_offset = cfg->utc_offset;
	ptp->own.time_source = cfg->time_source;
	dcfg = (struct ptpdk_discipline_config){
		.servo_type = cfg->servo_type,
		.servo = cfg->servo,
		.free_running = cfg->free_running,
		.holdover_max_s = cfg->holdover_max_s,
		.holdover_wander_ppb_per_s = cfg->holdover_wander_ppb_per_s,
	};
	ptp->discipline = ptpdk_discipline_create(&dcfg, clock);
	if (!ptp->discipline || create_ports(ptp) != 0) {
		rc = errno ? errno : ENOMEM;
		ptpdk_ptp_clock_destroy(ptp);
		errno = rc;
		return NULL;
	}
	return ptp;
}

void ptpdk_ptp_clock_destroy(struct ptpdk_ptp_clock *ptp)
{
	if (!ptp)
		return;
	for (unsigned i = 0; i < PTPDK_MAX_PORTS; i++)
		ptpdk_ptp_port_destroy(ptp->ports[i]);
	ptpdk_discipline_destroy(ptp->discipline);
	free(ptp);
}

/* ------------------------------------------------------------ parent */

static bool parent_port_follows(const struct ptpdk_ptp_clock *ptp)
{
	return ptp->have_parent && ptpdk_ptp_port_follows_parent(ptp->ports[ptp->parent_port]);
}

static void parent_lost(struct ptpdk_ptp_clock *ptp, uint64_t now_ns)
{
	struct ptpdk_discipline_status ds;

	if (!ptp->have_parent)
		return;
	ptpdk_ptp_port_follow(ptp->ports[ptp->parent_port], NULL, now_ns);
	ptp->have_parent = false;
	if (!ptpdk_discipline_parent_lost(ptp->discipline, now_ns))
		return;
	ptpdk_discipline_status(ptp->discipline, now_ns, &ds);
	clock_log(ptp, PTPDK_PTP_LOG_NOTICE, "clock: master lost, holdover at %+.3f ppb (+/- %.3f)",
		  ds.freq_ppb, ds.holdover_unc_ppb);
}

static void adopt_parent(struct ptpdk_ptp_clock *ptp, unsigned port,
			 const struct ptpdk_foreign_master *m, uint64_t now_ns)
{
	char id[32];

	if (ptp->have_parent && ptp->parent_port != port)
		ptpdk_ptp_port_follow(ptp->ports[ptp->parent_port], NULL, now_ns);
	ptp->have_parent = true;
	ptp->parent_port = port;
	ptp->parent = *m;
	ptp->master_changes++;
	ptpdk_ptp_port_follow(ptp->ports[port], m, now_ns);
	clock_log(ptp, PTPDK_PTP_LOG_NOTICE, "selected best master clock %s",
		  ptpdk_clock_identity_str(m->ds.gm_identity, id, sizeof(id)));
}

/* ------------------------------------------------------------ BMCA */

static void own_dataset(const struct ptpdk_ptp_clock *ptp, struct ptpdk_bmca_dataset *d0)
{
	memset(d0, 0, sizeof(*d0));
	d0->priority1 = ptp->cfg.priority1;
	memcpy(d0->gm_identity, ptp->cfg.clock_identity, PTPDK_CLOCK_ID_LEN);
	d0->quality = ptp->own.quality;
	d0->priority2 = ptp->cfg.priority2;
	d0->local_priority = ptp->cfg.local_priority;
	ptpdk_ptp_port_identity(ptp->ports[0], &d0->sender);
	d0->receiver = d0->sender;
}

static bool same_sender(const struct ptpdk_foreign_master *a, const struct ptpdk_foreign_master *b)
{
	return ptpdk_port_identity_cmp(&a->ds.sender, &b->ds.sender) == 0;
}

/* 9.2.6.10: a port that M3 made master qualifies for (stepsRemoved + 1) of its
 * Announce intervals, so that a loop of boundary clocks settles before it sends. */
static uint64_t m3_qualification_ns(const struct ptpdk_ptp_clock *ptp, unsigned port)
{
	return (uint64_t)(steps_removed(ptp) + 1) *
	       ptpdk_interval_ns(ptp->cfg.ports[port].log_announce_interval);
}

/* The S1 decision on @p port: follow @p best (maybe a new parent). */
static void decide_slave(struct ptpdk_ptp_clock *ptp, unsigned port,
			 const struct ptpdk_foreign_master *best, uint64_t now_ns)
{
	bool new_master =
		!ptp->have_parent || ptp->parent_port != port || !same_sender(&ptp->parent, best);

	if (new_master)
		adopt_parent(ptp, port, best, now_ns);
	else
		ptp->parent = *best; /* time properties may change */
	ptpdk_ptp_port_event(ptp->ports[port], PTPDK_EV_RS_SLAVE, new_master, now_ns);
}

/*
 * The parent's Announces stopped for announceReceiptTimeout intervals (9.2.6.12):
 * count it, say so, and drop the parent. Checked before every state decision too,
 * so that it is always this event, and not the expiry of the parent's foreign
 * record by an Announce from another master in between, that ends a parent.
 * @return true when the parent timed out
 */
static bool parent_announce_timeout(struct ptpdk_ptp_clock *ptp, uint64_t now_ns)
{
	struct ptpdk_ptp_port *p;

	if (!ptp->have_parent)
		return false;
	p = ptp->ports[ptp->parent_port];
	if (!ptpdk_ptp_port_parent_timed_out(p, now_ns))
		return false;
	ptpdk_ptp_port_count_announce_timeout(p);
	clock_log(ptp, PTPDK_PTP_LOG_NOTICE, "port %u (%s): announce timeout", ptp->parent_port + 1,
		  ptpdk_ptp_port_name(p));
	ptpdk_ptp_port_event(p, PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES, false, now_ns);
	parent_lost(ptp, now_ns);
	return true;
}

/* The state decision event (9.2.6.8) for every port. */
static void state_decision(struct ptpdk_ptp_clock *ptp, uint64_t now_ns)
{
	const struct ptpdk_foreign_master *erbest[PTPDK_MAX_PORTS] = { 0 };
	const struct ptpdk_foreign_master *ebest = NULL;
	struct ptpdk_bmca_dataset d0;
	unsigned ebest_port = 0;

	parent_announce_timeout(ptp, now_ns);
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++) {
		const struct ptpdk_port_identity *parent =
			ptp->have_parent && ptp->parent_port == i ? &ptp->parent.ds.sender : NULL;

		if (!ptpdk_ptp_port_runs_bmca(ptp->ports[i]))
			continue;
		erbest[i] = ptpdk_ptp_port_erbest(ptp->ports[i], now_ns, parent);
		if (ptpdk_ptp_port_master_only(ptp->ports[i]))
			erbest[i] = NULL; /* heard, counted, never followed */
		if (erbest[i] &&
		    (!ebest || ptpdk_bmca_compare_with(ptp->cfg.dataset_comparison, &erbest[i]->ds,
						       &ebest->ds) > 0)) {
			ebest = erbest[i];
			ebest_port = i;
		}
	}
	own_dataset(ptp, &d0);
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++) {
		struct ptpdk_ptp_port *p = ptp->ports[i];
		enum ptpdk_port_state state = ptpdk_ptp_port_state(p);

		if (!ptpdk_ptp_port_runs_bmca(p))
			continue;
		switch (ptpdk_bmca_decide_with(
			ptp->cfg.dataset_comparison, &d0, ebest ? &ebest->ds : NULL,
			erbest[i] ? &erbest[i]->ds : NULL, ebest && ebest_port == i,
			ptp->cfg.slave_only, state == PTPDK_PS_LISTENING)) {
		case PTPDK_BMCA_S1:
			decide_slave(ptp, i, ebest, now_ns);
			break;
		case PTPDK_BMCA_M1:
		case PTPDK_BMCA_M2:
			ptpdk_ptp_port_recommend_master(p, 0, now_ns);
			break;
		case PTPDK_BMCA_M3:
			ptpdk_ptp_port_recommend_master(p, m3_qualification_ns(ptp, i), now_ns);
			break;
		case PTPDK_BMCA_P1:
		case PTPDK_BMCA_P2:
			ptpdk_ptp_port_event(p, PTPDK_EV_RS_PASSIVE, false, now_ns);
			break;
		case PTPDK_BMCA_LISTENING:
			if (state != PTPDK_PS_LISTENING)
				ptpdk_ptp_port_event(p, PTPDK_EV_RS_PASSIVE, false, now_ns);
			break;
		}
	}
	if (ptp->have_parent && !parent_port_follows(ptp))
		parent_lost(ptp, now_ns);
}

/* ------------------------------------------------------------ RX and TX stamps */

const struct ptpdk_ucast_port *ptpdk_ptp_clock_ucast(const struct ptpdk_ptp_clock *ptp,
						     unsigned port)
{
	return ptp && port < ptp->cfg.n_ports ? ptpdk_ptp_port_ucast(ptp->ports[port]) : NULL;
}

const struct ptpdk_ucast_server *ptpdk_ptp_clock_ucast_server(const struct ptpdk_ptp_clock *ptp,
							      unsigned port)
{
	return ptp && port < ptp->cfg.n_ports ? ptpdk_ptp_port_ucast_server(ptp->ports[port])
					      : NULL;
}

int ptpdk_ptp_clock_rx(struct ptpdk_ptp_clock *ptp, unsigned port, const struct ptpdk_msg *m,
		       const struct ptpdk_tmv *rx_time, uint64_t now_ns)
{
	return ptpdk_ptp_clock_rx_from(ptp, port, m, rx_time, NULL, now_ns);
}

int ptpdk_ptp_clock_rx_from(struct ptpdk_ptp_clock *ptp, unsigned port, const struct ptpdk_msg *m,
			    const struct ptpdk_tmv *rx_time, const struct ptpdk_addr *src,
			    uint64_t now_ns)
{
	if (!ptp || !m || port >= ptp->cfg.n_ports)
		return -EINVAL;
	ptp->rx++;
	ptp->rx_by_type[m->header.message_type & 0xF]++;
	if (m->header.domain_number != ptp->cfg.domain_number) {
		ptp->wrong_domain++;
		return 0;
	}
	ptpdk_ptp_port_rx_from(ptp->ports[port], m, rx_time, src, now_ns);
	return 0;
}

int ptpdk_ptp_clock_tx_stamp(struct ptpdk_ptp_clock *ptp, unsigned port, uint8_t message_type,
			     uint16_t seq, const struct ptpdk_tmv *t, uint64_t now_ns)
{
	if (!ptp || port >= ptp->cfg.n_ports)
		return -EINVAL;
	ptpdk_ptp_port_tx_stamp(ptp->ports[port], message_type, seq, t, now_ns);
	return 0;
}

/* ------------------------------------------------------------ timers */

uint64_t ptpdk_ptp_clock_tick(struct ptpdk_ptp_clock *ptp, uint64_t now_ns)
{
	uint64_t next = now_ns + 1000000000ull / 8;

	if (!ptp->initialized) {
		ptp->initialized = true;
		for (unsigned i = 0; i < ptp->cfg.n_ports; i++)
			ptpdk_ptp_port_event(ptp->ports[i], PTPDK_EV_INIT_COMPLETE, false, now_ns);
	}
	if (parent_announce_timeout(ptp, now_ns))
		state_decision(ptp, now_ns); /* another master may be qualified already */
	/* Foreign masters that went silent may change the decision. */
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++) {
		struct ptpdk_ptp_port *p = ptp->ports[i];

		if (!ptpdk_ptp_port_runs_bmca(p))
			continue;
		if (ptpdk_ptp_port_expire_foreign(p, now_ns))
			state_decision(ptp, now_ns);
		ptpdk_ptp_port_tick(p, now_ns, &next);
	}
	if (ptpdk_discipline_tick(ptp->discipline, now_ns))
		clock_log(ptp, PTPDK_PTP_LOG_WARNING,
			  "clock: holdover limit of %.0f s reached, free-running",
			  ptp->cfg.holdover_max_s);
	return next;
}

/* ------------------------------------------------------------ status */

static void sum_counters(const struct ptpdk_ptp_clock *ptp,
			 const struct ptpdk_discipline_counters *dc,
			 struct ptpdk_ptp_clock_counters *c)
{
	c->rx = ptp->rx;
	memcpy(c->rx_by_type, ptp->rx_by_type, sizeof(c->rx_by_type));
	c->wrong_domain = ptp->wrong_domain;
	c->master_changes = ptp->master_changes;
	c->steps = dc->steps;
	c->clock_errors = dc->clock_errors;
	c->holdovers = dc->holdovers;
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++) {
		const struct ptpdk_ptp_port_counters *p = ptpdk_ptp_port_counters(ptp->ports[i]);

		c->wrong_mechanism += p->wrong_mechanism;
		c->not_from_parent += p->not_from_parent;
		c->no_timestamp += p->no_timestamp;
		c->ignored += p->ignored;
		c->tx += p->tx;
		c->tx_failed += p->tx_failed;
		c->tx_stamp_missing += p->tx_stamp_missing;
		c->pdelay_resp_sent += p->pdelay_resp_sent;
		c->announce_timeouts += p->announce_timeouts;
		c->announce_sent += p->announce_sent;
		c->sync_sent += p->sync_sent;
		c->follow_up_sent += p->follow_up_sent;
		c->delay_resp_sent += p->delay_resp_sent;
		c->delay_req_not_master += p->delay_req_not_master;
		c->delay_req_unicast += p->delay_req_unicast;
		c->hybrid_no_address += p->hybrid_no_address;
	}
}

static void time_properties(const struct ptpdk_ptp_clock *ptp, struct ptpdk_ptp_clock_status *out)
{
	if (ptp->have_parent) {
		out->parent = ptp->parent.ds;
		out->current_utc_offset = ptp->parent.current_utc_offset;
		out->time_flags = ptp->parent.flags & PTPDK_TIME_PROPERTY_FLAGS;
		out->time_source = ptp->parent.time_source;
	} else {
		/* Our own data sets: what we announce as grandmaster. */
		out->current_utc_offset = ptp->own.current_utc_offset;
		out->time_flags = ptp->own.flags;
		out->time_source = ptp->own.time_source;
	}
}

void ptpdk_ptp_clock_status(const struct ptpdk_ptp_clock *ptp, uint64_t now_ns,
			    struct ptpdk_ptp_clock_status *out)
{
	struct ptpdk_discipline_status ds;

	memset(out, 0, sizeof(*out));
	ptpdk_discipline_status(ptp->discipline, now_ns, &ds);
	out->clock_state = ds.state;
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++) {
		out->port_state[i] = ptpdk_ptp_port_state(ptp->ports[i]);
		out->port_delay[i].known =
			ptpdk_ptp_port_path_delay(ptp->ports[i], &out->port_delay[i].ns) == 0;
		out->port_delay[i].peer = ptpdk_ptp_port_p2p_counters(ptp->ports[i]) != NULL;
	}
	out->have_parent = ptp->have_parent;
	out->parent_port = ptp->parent_port;
	out->steps_removed = steps_removed(ptp);
	time_properties(ptp, out);
	out->servo_state = ds.servo_state;
	out->last_offset_ns = ds.last_offset_ns;
	out->path_delay_ns = ds.path_delay_ns;
	out->freq_ppb = ds.freq_ppb;
	out->error_bound_ns = ds.error_bound_ns;
	out->bound_rate_ppb = ds.bound_rate_ppb;
	out->bound_wander_ppb_per_s = ds.bound_wander_ppb_per_s;
	out->holdover_s = ds.holdover_s;
	out->last_sample_ns = ds.last_sample_ns;
	out->last_step_ns = ds.last_step_ns;
	sum_counters(ptp, &ds.counters, &out->counters);
}

const struct ptpdk_e2e_counters *ptpdk_ptp_clock_e2e_counters(const struct ptpdk_ptp_clock *ptp,
							      unsigned port)
{
	return port < ptp->cfg.n_ports ? ptpdk_ptp_port_e2e_counters(ptp->ports[port]) : NULL;
}

const struct ptpdk_p2p_counters *ptpdk_ptp_clock_p2p_counters(const struct ptpdk_ptp_clock *ptp,
							      unsigned port)
{
	return port < ptp->cfg.n_ports ? ptpdk_ptp_port_p2p_counters(ptp->ports[port]) : NULL;
}

const struct ptpdk_foreign_counters *
ptpdk_ptp_clock_foreign_counters(const struct ptpdk_ptp_clock *ptp, unsigned port)
{
	return port < ptp->cfg.n_ports ? ptpdk_ptp_port_foreign_counters(ptp->ports[port]) : NULL;
}

const struct ptpdk_ptp_port_counters *
ptpdk_ptp_clock_port_counters(const struct ptpdk_ptp_clock *ptp, unsigned port)
{
	return port < ptp->cfg.n_ports ? ptpdk_ptp_port_counters(ptp->ports[port]) : NULL;
}

void ptpdk_ptp_clock_port_identity(const struct ptpdk_ptp_clock *ptp, unsigned port,
				   struct ptpdk_port_identity *out)
{
	if (port < ptp->cfg.n_ports)
		ptpdk_ptp_port_identity(ptp->ports[port], out);
}

/* ------------------------------------------------------------ reference */

static bool same_quality(const struct ptpdk_clock_quality *a, const struct ptpdk_clock_quality *b)
{
	return a->clock_class == b->clock_class && a->clock_accuracy == b->clock_accuracy &&
	       a->offset_scaled_log_variance == b->offset_scaled_log_variance;
}

static void reference_steer(struct ptpdk_ptp_clock *ptp, int64_t offset_ns, uint64_t local_ts_ns,
			    uint64_t now_ns)
{
	struct ptpdk_servo_sample in = { .offset_ns = offset_ns, .local_ts_ns = local_ts_ns };
	struct ptpdk_discipline_result res;

	ptpdk_discipline_sample(ptp->discipline, &in, now_ns, &res);
	if (res.stepped) {
		for (unsigned i = 0; i < ptp->cfg.n_ports; i++)
			ptpdk_ptp_port_flush(ptp->ports[i]);
		clock_log(ptp, PTPDK_PTP_LOG_NOTICE, "reference: clock stepped by %+" PRId64 " ns",
			  res.step_ns);
	}
}

void ptpdk_ptp_clock_reference(struct ptpdk_ptp_clock *ptp,
			       const struct ptpdk_gm_reference_report *r, const int64_t *offset_ns,
			       uint64_t local_ts_ns, uint64_t now_ns)
{
	struct ptpdk_gm_reference_announce a;
	bool changed;

	if (!ptp || !r)
		return;
	ptpdk_gm_reference_announce(r, ptp->cfg.utc_offset, ptp->cfg.quality.clock_class, &a);
	a.quality.offset_scaled_log_variance = ptp->cfg.quality.offset_scaled_log_variance;
	changed = !same_quality(&a.quality, &ptp->own.quality);
	if (!ptp->have_reference_report || a.traceable != ptp->reference_kept)
		clock_log(ptp, a.traceable ? PTPDK_PTP_LOG_NOTICE : PTPDK_PTP_LOG_WARNING,
			  "reference: system clock %s: clockClass %u, accuracy 0x%02x",
			  a.traceable ? "synchronised" : "not synchronised", a.quality.clock_class,
			  a.quality.clock_accuracy);
	ptp->have_reference_report = true;
	ptp->reference_kept = a.traceable;
	ptp->own = a;
	if (offset_ns && !ptp->have_parent)
		reference_steer(ptp, *offset_ns, local_ts_ns, now_ns);
	/* Our clockClass is part of D0: a change may change every port's state. */
	if (changed && ptp->initialized)
		state_decision(ptp, now_ns);
}

/* ------------------------------------------------------------ management */

static int64_t scaled_or_zero(int64_t ns)
{
	int64_t scaled;

	return ptpdk_tmv_to_scaled(ptpdk_tmv_from_ns(ns), &scaled) == 0 ? scaled : 0;
}

static void mgmt_parent(const struct ptpdk_ptp_clock *ptp, struct ptpdk_ds_parent *pd)
{
	memset(pd, 0, sizeof(*pd));
	/* 8.2.3: not computed by ptpdk, so the "unknown" values ptp4l reports too. */
	pd->observed_parent_offset_scaled_log_variance = 0xFFFF;
	pd->observed_parent_clock_phase_change_rate = 0x7FFFFFFF;
	if (ptp->have_parent) {
		const struct ptpdk_bmca_dataset *d = &ptp->parent.ds;

		pd->parent_port_identity = d->sender;
		pd->grandmaster_priority1 = d->priority1;
		pd->grandmaster_clock_quality = d->quality;
		pd->grandmaster_priority2 = d->priority2;
		memcpy(pd->grandmaster_identity, d->gm_identity, PTPDK_CLOCK_ID_LEN);
		return;
	}
	memcpy(pd->parent_port_identity.clock_identity, ptp->cfg.clock_identity,
	       PTPDK_CLOCK_ID_LEN);
	pd->grandmaster_priority1 = ptp->cfg.priority1;
	pd->grandmaster_clock_quality = ptp->own.quality;
	pd->grandmaster_priority2 = ptp->cfg.priority2;
	memcpy(pd->grandmaster_identity, ptp->cfg.clock_identity, PTPDK_CLOCK_ID_LEN);
}

void ptpdk_ptp_clock_mgmt_view(const struct ptpdk_ptp_clock *ptp, uint64_t now_ns,
			       struct ptpdk_mgmt_view *v)
{
	struct ptpdk_discipline_status ds;
	struct ptpdk_ptp_clock_status st;
	struct ptpdk_ds_default *dd = &v->default_ds;

	ptpdk_discipline_status(ptp->discipline, now_ns, &ds);
	memset(&st, 0, sizeof(st));
	time_properties(ptp, &st);
	/* defaultDS.twoStepFlag (8.2.1.2.1): clear only when every port sends one-step. */
	dd->flags = (ptp->cfg.slave_only ? PTPDK_DDS_FLAG_SLAVE_ONLY : 0);
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++)
		if (!ptp->cfg.ports[i].one_step)
			dd->flags |= PTPDK_DDS_FLAG_TWO_STEP;
	dd->number_ports = (uint16_t)ptp->cfg.n_ports;
	dd->priority1 = ptp->cfg.priority1;
	dd->clock_quality = ptp->own.quality;
	dd->priority2 = ptp->cfg.priority2;
	memcpy(dd->clock_identity, ptp->cfg.clock_identity, PTPDK_CLOCK_ID_LEN);
	dd->domain_number = ptp->cfg.domain_number;
	v->current_ds.steps_removed = steps_removed(ptp);
	v->current_ds.offset_from_master = scaled_or_zero(ds.last_offset_ns);
	v->current_ds.mean_path_delay = scaled_or_zero(ds.path_delay_ns);
	mgmt_parent(ptp, &v->parent_ds);
	v->time_properties_ds.current_utc_offset = st.current_utc_offset;
	v->time_properties_ds.flags = (uint8_t)(st.time_flags & PTPDK_TIME_PROPERTY_FLAGS);
	v->time_properties_ds.time_source = st.time_source;
	memset(&v->time_status_np, 0, sizeof(v->time_status_np));
	v->time_status_np.master_offset = ptp->have_parent ? ds.last_offset_ns : 0;
	v->time_status_np.ingress_time = ptp->have_parent ? ptp->last_ingress_ns : 0;
	v->time_status_np.gm_present = ptp->have_parent;
	memcpy(v->time_status_np.gm_identity, v->parent_ds.grandmaster_identity,
	       PTPDK_CLOCK_ID_LEN);
	v->gm_settings.quality = ptp->own.quality;
	v->gm_settings.utc_offset = ptp->own.current_utc_offset;
	v->gm_settings.time_flags = (uint8_t)(ptp->own.flags & PTPDK_TIME_PROPERTY_FLAGS);
	v->gm_settings.time_source = ptp->own.time_source;
	v->clock_type =
		ptp->cfg.n_ports > 1 ? PTPDK_CLOCK_TYPE_BOUNDARY : PTPDK_CLOCK_TYPE_ORDINARY;
	v->n_ports = ptp->cfg.n_ports;
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++) {
		struct ptpdk_mgmt_port_view *pv = &v->ports[i];

		ptpdk_ptp_port_data_set(ptp->ports[i], &pv->port_ds);
		pv->neighbor_prop_delay_thresh_ns =
			(uint32_t)ptp->cfg.ports[i].neighbor_prop_delay_thresh_ns;
		pv->as_capable = 1; /* not an 802.1AS port: always capable, as ptp4l says */
	}
}

static int set_ports(struct ptpdk_ptp_clock *ptp, uint32_t mask, enum ptpdk_ptp_port_setting what,
		     int value)
{
	for (unsigned i = 0; i < ptp->cfg.n_ports; i++)
		if ((mask & (1u << i)) && ptpdk_ptp_port_set_interval(ptp->ports[i], what, value))
			return -EINVAL;
	return 0;
}

int ptpdk_ptp_clock_mgmt_set(struct ptpdk_ptp_clock *ptp, const struct ptpdk_mgmt_set *set,
			     uint64_t now_ns)
{
	switch (set->management_id) {
	case PTPDK_MGMT_PRIORITY1:
		ptp->cfg.priority1 = set->value.u8;
		break;
	case PTPDK_MGMT_PRIORITY2:
		ptp->cfg.priority2 = set->value.u8;
		break;
	case PTPDK_MGMT_GRANDMASTER_SETTINGS_NP:
		/* Until the reference (time_reference system) reports again, if there is one. */
		ptp->own.quality = set->value.gm.quality;
		ptp->own.current_utc_offset = set->value.gm.utc_offset;
		ptp->own.flags = set->value.gm.time_flags & PTPDK_TIME_PROPERTY_FLAGS;
		ptp->own.time_source = set->value.gm.time_source;
		ptp->cfg.quality = set->value.gm.quality;
		break;
	case PTPDK_MGMT_LOG_ANNOUNCE_INTERVAL:
		return set_ports(ptp, set->port_mask, PTPDK_PORT_SET_LOG_ANNOUNCE_INTERVAL,
				 set->value.i8);
	case PTPDK_MGMT_ANNOUNCE_RECEIPT_TIMEOUT:
		return set_ports(ptp, set->port_mask, PTPDK_PORT_SET_ANNOUNCE_RECEIPT_TIMEOUT,
				 set->value.u8);
	case PTPDK_MGMT_LOG_SYNC_INTERVAL:
		return set_ports(ptp, set->port_mask, PTPDK_PORT_SET_LOG_SYNC_INTERVAL,
				 set->value.i8);
	case PTPDK_MGMT_LOG_MIN_PDELAY_REQ_INTERVAL:
		return set_ports(ptp, set->port_mask, PTPDK_PORT_SET_LOG_MIN_PDELAY_REQ_INTERVAL,
				 set->value.i8);
	default:
		return -EINVAL;
	}
	clock_log(ptp, PTPDK_PTP_LOG_NOTICE, "management: %s set",
		  ptpdk_mgmt_id_name(set->management_id));
	/* Priorities and our quality are D0: every port's state may change. */
	if (ptp->initialized)
		state_decision(ptp, now_ns);
	return 0;
}
