/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_lcore.h>
#include <rte_ring.h>

#include "ptpdk_msg.h"
#include "ptpdk_seed.h"
#include "ptpdk_tsc.h"
#include "system_reference.h"

/* Split so that the product fits 64 bits for any TSC rate below 18 GHz. */
static uint64_t scale(uint64_t v, uint64_t mul, uint64_t div)
{
	return v / div * mul + v % div * mul / div;
}

static uint64_t ticks_to_ns(const struct engine *e, uint64_t ticks)
{
	return scale(ticks, 1000000000ull, e->conf.tsc_hz);
}

static uint64_t engine_now_ns(const struct engine *e, uint64_t tsc)
{
	return ticks_to_ns(e, tsc - e->tsc_base);
}

/* CLOCK_MONOTONIC at TSC @p tsc, ns (a TSC before init counts as init). */
static uint64_t engine_mono_ns(const struct engine *e, uint64_t tsc)
{
	return e->mono_base_ns + (tsc > e->tsc_base ? engine_now_ns(e, tsc) : 0);
}

static double engine_mono_s(const struct engine *e, uint64_t tsc)
{
	return e->mono_base_s + (double)engine_now_ns(e, tsc) * 1e-9;
}

/* A record of @p kind stamped now; the caller fills its part of the union. */
static void record_start(struct engine *e, struct engine_record *r, enum engine_record_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->mono_s = engine_mono_s(e, ptpdk_tsc_read());
}

static void push_record(struct engine *e, struct engine_record *r)
{
	if (rte_ring_enqueue_elem(e->records, r, sizeof(*r)) != 0)
		e->status.records_dropped++;
}

/* ---------------------------------------------------------- ptpdk_ptp_clock ops */

/* The clock a port's stamps are in. */
static struct ptpdk_clock *port_clock(const struct engine *e, unsigned port)
{
	return port < e->conf.n_ports && e->conf.port_clock[port] ? e->conf.port_clock[port]
								  : e->conf.clock;
}

/*
 * The protocol engine names the destination (a PTP group or a unicast address); the
 * port's transport instance frames the message for it.
 */
/* A Delay_Resp is in the TX ring: how long since its Delay_Req's RX stamp. */
static void record_turnaround(struct engine *e)
{
	uint64_t now = ptpdk_tsc_read();

	if (now >= e->handling_rx_tsc)
		ptpdk_hist_record(&e->turnaround,
				  (int64_t)ticks_to_ns(e, now - e->handling_rx_tsc));
}

static int op_send(void *ctx, unsigned port_index, const struct ptpdk_msg *msg,
		   const struct ptpdk_dest *dst_in, unsigned flags)
{
	struct engine *e = ctx;
	struct ptpdk_tx_request req;
	struct ptpdk_dest dst = *dst_in;
	uint8_t ptp[PTPDK_MSG_MAX_LEN];
	int n;

	/* A configured unicast address: its MAC from the neighbour cache, or not sent. The
	 * multicast sends, most of them, need no clock reading for it. */
	if (dst.kind == PTPDK_DEST_UNICAST) {
		n = engine_resolve_dest(&e->resolve, port_index, &dst,
					engine_now_ns(e, ptpdk_tsc_read()));
		if (n < 0)
			return n;
	}
	n = ptpdk_msg_encode(msg, ptp, sizeof(ptp));
	if (n >= 0)
		n = ptpdk_transport_build(e->transports[port_index], &dst,
					  flags & PTPDK_PTP_TX_EVENT, ptp, (size_t)n, req.frame,
					  sizeof(req.frame));
	if (n < 0) {
		e->status.sends_refused++;
		return n;
	}
	req.frame_len = (uint16_t)n;
	req.cookie = e->next_cookie++;
	req.port = e->conf.ports[port_index]->index;
	req.flags = (flags & PTPDK_PTP_TX_WANT_TS) ? PTPDK_TX_F_WANT_TS : 0;
	req.message_type = msg->header.message_type;
	req.sequence_id = msg->header.sequence_id;
	if (flags & PTPDK_PTP_TX_ONE_STEP) {
		n = engine_one_step_line(&e->one_step, port_clock(e, port_index), e->conf.tsc_hz,
					 &req.one_step_map);
		if (n < 0)
			return n;
		req.flags |= PTPDK_TX_F_ONE_STEP;
	}
	if (rte_ring_enqueue_elem(e->conf.txqs[port_index]->requests, &req, sizeof(req)) != 0) {
		e->status.counters.tx_ring_full++;
		return -ENOBUFS;
	}
	export_msg_time(e->msg_times.tx_mono_ns, port_index, msg->header.message_type,
			engine_mono_ns(e, ptpdk_tsc_read()));
	if (e->conf.latency && e->handling_rx_tsc &&
	    msg->header.message_type == PTPDK_MSG_DELAY_RESP)
		record_turnaround(e);
	return 0;
}

/*
 * The clock and CLOCK_REALTIME at one instant: the midpoint of a clock bracket, whose
 * half width bounds the truth's own error. A bracket that a preemption stretched
 * (wider than TRUTH_BRACKET_MAX_NS) is read again, a few times at most, and the
 * narrowest one is kept: its width travels with the sample.
 */
#define TRUTH_BRACKET_MAX_NS 2000
#define TRUTH_TRIES	     4
static bool read_truth(struct engine *e, struct ptpdk_tmv *clock_now, struct ptpdk_tmv *real,
		       uint32_t *width_ns)
{
	bool have = false;

	*width_ns = UINT32_MAX;
	for (int i = 0; i < TRUTH_TRIES && (*width_ns > TRUTH_BRACKET_MAX_NS); i++) {
		struct ptpdk_tmv a, b, width;
		struct timespec ts;
		int64_t w;

		if (ptpdk_clock_gettime(e->conf.clock, &a) != 0 ||
		    clock_gettime(CLOCK_REALTIME, &ts) != 0 ||
		    ptpdk_clock_gettime(e->conf.clock, &b) != 0)
			return have;
		width = ptpdk_tmv_sub(b, a);
		w = ptpdk_tmv_round_ns(width);
		if (w < 0 || w >= UINT32_MAX || (have && (uint32_t)w >= *width_ns))
			continue;
		*clock_now = ptpdk_tmv_add(a, ptpdk_tmv_half(width));
		*real = ptpdk_tmv_from_ns((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
		*width_ns = (uint32_t)w;
		have = true;
	}
	return have;
}

static void op_sample(void *ctx, const struct ptpdk_ptp_sample *s)
{
	struct engine *e = ctx;
	struct engine_record r;

	record_start(e, &r, ENGINE_REC_SAMPLE);
	r.u.sample.s = *s;
	r.u.sample.have_truth = read_truth(e, &r.u.sample.clock_now, &r.u.sample.realtime_now,
					   &r.u.sample.truth_window_ns);
	r.u.sample.rx_window_ns = e->sync_window_ns[s->raw.seq & 15];
	push_record(e, &r);
}

static void op_state(void *ctx, unsigned port, enum ptpdk_port_state from, enum ptpdk_port_state to,
		     enum ptpdk_port_event ev)
{
	struct engine *e = ctx;
	struct engine_record r;

	record_start(e, &r, ENGINE_REC_STATE);
	r.u.state.port = port;
	r.u.state.from = from;
	r.u.state.to = to;
	r.u.state.ev = ev;
	push_record(e, &r);
}

static void op_log(void *ctx, enum ptpdk_ptp_log_level level, const char *line)
{
	struct engine *e = ctx;
	struct engine_record r;

	record_start(e, &r, ENGINE_REC_LOG);
	r.u.log.level = level;
	snprintf(r.u.log.line, sizeof(r.u.log.line), "%s", line);
	push_record(e, &r);
}

/* ---------------------------------------------------------- lifecycle */

/* twoStepFlag 0 only where the TX path can read the port's clock (engine_one_step.h). */
static int engine_one_step_check(struct engine *e)
{
	struct ptpdk_clock *clocks[PTPDK_MAX_PORTS];
	const char *names[PTPDK_MAX_PORTS];
	bool one_step[PTPDK_MAX_PORTS];

	for (unsigned p = 0; p < e->conf.n_ports; p++) {
		clocks[p] = port_clock(e, p);
		names[p] = e->conf.ptp.ports[p].name;
		one_step[p] = e->conf.ptp.ports[p].one_step;
	}
	return engine_one_step_init(&e->one_step, e->conf.n_ports, one_step, clocks, names);
}

/* EUI-64 from the first port's MAC (IEEE 1588-2008 7.5.2.2.2), as ptp4l does. */
/* A whole frame from the neighbour caches (ARP, neighbour discovery): no stamp. */
static int send_raw(void *ctx, unsigned port, const uint8_t *frame, size_t len)
{
	struct engine *e = ctx;
	struct ptpdk_tx_request req;

	if (port >= e->conf.n_ports || len > sizeof(req.frame))
		return -EINVAL;
	memcpy(req.frame, frame, len);
	req.frame_len = (uint16_t)len;
	req.cookie = e->next_cookie++;
	req.port = e->conf.ports[port]->index;
	req.flags = 0;
	req.message_type = 0xF; /* not PTP (txq counters: the reserved type) */
	req.sequence_id = 0;
	if (rte_ring_enqueue_elem(e->conf.txqs[port]->requests, &req, sizeof(req)) != 0) {
		e->status.counters.tx_ring_full++;
		return -ENOBUFS;
	}
	return 0;
}

/* Ports that speak unicast (a unicast master table, unicast_listen, hybrid_e2e) answer
 * ARP and neighbour solicitations for their own addresses and resolve the masters'; their
 * RX lcores hand them ARP and NS/NA frames from now on. A hybrid port needs it both ways:
 * its master's kernel resolves us to answer our unicast Delay_Req, and a hybrid slave's
 * resolves us to send us its own. */
static void enable_resolution(struct engine *e)
{
	engine_resolve_init(&e->resolve, e->conf.n_ports, send_raw, e);
	for (unsigned p = 0; p < e->conf.n_ports; p++) {
		struct ptpdk_port *port = e->conf.ports[p];
		const struct ptpdk_addr_filter *f = &port->filter;

		if (!e->conf.ptp.ports[p].ucast_client && !e->conf.ptp.ports[p].ucast_server &&
		    !e->conf.ptp.ports[p].hybrid_e2e)
			continue;
		engine_resolve_enable(&e->resolve, p, f->mac, f->has_ipv4 ? f->ipv4 : NULL,
				      f->has_ipv6 ? f->ipv6 : NULL);
		port->resolve = true;
	}
}

static void identity_from_mac(const uint8_t *mac, uint8_t *c)
{
	c[0] = mac[0];
	c[1] = mac[1];
	c[2] = mac[2];
	c[3] = 0xFF;
	c[4] = 0xFE;
	c[5] = mac[3];
	c[6] = mac[4];
	c[7] = mac[5];
}

static int create_transports(struct engine *e)
{
	for (unsigned p = 0; p < e->conf.n_ports; p++) {
		e->transports[p] = engine_framer_create(e, p, e->conf.transport[p]);
		if (!e->transports[p]) {
			int rc = -errno;

			while (p-- > 0) {
				ptpdk_transport_port_destroy(e->transports[p]);
				e->transports[p] = NULL;
			}
			return rc;
		}
	}
	return 0;
}

static void destroy_transports(struct engine *e)
{
	for (unsigned p = e->conf.n_ports; p-- > 0;) {
		ptpdk_transport_port_destroy(e->transports[p]);
		e->transports[p] = NULL;
	}
}

int engine_init(struct engine *e, const struct engine_conf *conf)
{
	struct ptpdk_ptp_clock_ops ops = {
		.send = op_send, .sample = op_sample, .state = op_state, .log = op_log, .ctx = e
	};
	struct ptpdk_ptp_clock_config ptp;
	struct timespec ts;
	int rc;

	memset(e, 0, sizeof(*e));
	e->conf = *conf;
	ptpdk_hist_init(&e->latency);
	ptpdk_hist_init(&e->turnaround);
	e->next_cookie = 1;
	e->tsc_base = ptpdk_tsc_read();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	e->mono_base_s = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
	e->mono_base_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	e->records =
		rte_ring_create_elem("ptpdk_records", sizeof(struct engine_record), ENGINE_LOG_RING,
				     (int)rte_socket_id(), RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!e->records)
		return -ENOMEM;
	rc = engine_mgmt_init(&e->mgmt);
	if (rc)
		goto err_records;
	rc = engine_one_step_check(e);
	if (rc)
		goto err_mgmt;
	rc = create_transports(e);
	if (rc) {
		fprintf(stderr, "ptpdk: transport: %s\n", strerror(-rc));
		goto err_mgmt;
	}
	rc = engine_netmgmt_init(e);
	if (rc)
		goto err_transports;
	enable_resolution(e);
	ptp = conf->ptp;
	identity_from_mac(conf->ports[0]->filter.mac, ptp.clock_identity);
	/* Our own Delay_Req spacing: with the engine's fixed default every ptpdk
	 * would draw the same intervals, which 9.5.11.2's randomness is there to
	 * prevent. */
	ptp.seed = ptpdk_seed_instance(ptp.clock_identity, (uint64_t)getpid(), e->tsc_base);
	e->ptp = ptpdk_ptp_clock_create(&ptp, conf->clock, &ops);
	if (!e->ptp) {
		rc = -errno;
		fprintf(stderr, "ptpdk: protocol engine: %s\n", strerror(-rc));
		goto err_netmgmt;
	}
	/* The region names our clock: fixed from here on, like the records' port names. */
	memcpy(e->conf.shm_ports.clock_identity, ptp.clock_identity,
	       sizeof(e->conf.shm_ports.clock_identity));
	return 0;

err_netmgmt:
	engine_netmgmt_fini(&e->netmgmt);
err_transports:
	destroy_transports(e);
err_mgmt:
	engine_mgmt_fini(&e->mgmt);
err_records:
	rte_ring_free(e->records);
	e->records = NULL;
	return rc;
}

void engine_fini(struct engine *e)
{
	ptpdk_ptp_clock_destroy(e->ptp);
	e->ptp = NULL;
	engine_netmgmt_fini(&e->netmgmt);
	destroy_transports(e);
	engine_mgmt_fini(&e->mgmt);
	rte_ring_free(e->records);
	e->records = NULL;
}

/* ---------------------------------------------------------- the step */

/* A port's raw stamp in its own clock's time. */
static int raw_to_time(struct engine *e, unsigned port, uint8_t source, uint64_t raw,
		       struct ptpdk_tmv *t)
{
	int rc = ptpdk_clock_raw_to_time(port_clock(e, port), (enum ptpdk_ts_source)source, raw, t);

	if (rc)
		e->status.stamp_conversion_errors++;
	return rc;
}

/* Error bounds for the samples: saturated at what 32 bits hold (4.29 s). */
static uint32_t ticks_to_ns_u32(const struct engine *e, uint64_t ticks)
{
	uint64_t ns = ticks_to_ns(e, ticks);

	return ns < UINT32_MAX ? (uint32_t)ns : UINT32_MAX;
}

static bool too_wide(const struct engine *e, uint64_t window_ticks)
{
	return e->conf.max_stamp_window_ns &&
	       ticks_to_ns(e, window_ticks) > e->conf.max_stamp_window_ns;
}

static void handle_event(struct engine *e, const struct ptpdk_rx_meta *meta, const uint8_t *payload,
			 uint64_t now_tsc)
{
	struct ptpdk_msg msg;
	struct ptpdk_tmv t;
	bool have_t = false;
	unsigned port = meta->port;

	if (meta->flags & PTPDK_RX_F_RESOLVE) {
		if (port < e->conf.n_ports)
			engine_resolve_rx(&e->resolve, port, payload, meta->payload_len,
					  engine_now_ns(e, now_tsc));
		return;
	}
	e->status.counters.events++;
	e->status.counters.by_type[meta->message_type & 0xF]++;
	if (e->conf.latency && now_tsc >= meta->rx_tsc)
		ptpdk_hist_record(&e->latency, (int64_t)ticks_to_ns(e, now_tsc - meta->rx_tsc));
	if (port >= e->conf.n_ports)
		return;
	/* Answered by the main lcore (engine_netmgmt.h), undecoded: it checks them. */
	if (meta->message_type == PTPDK_MSG_MANAGEMENT && engine_netmgmt_take(e, meta, payload))
		return;
	if (ptpdk_msg_decode(payload, meta->payload_len, &msg, NULL) != 0) {
		e->status.decode_errors++;
		return;
	}
	export_msg_time(e->msg_times.rx_mono_ns, port, msg.header.message_type,
			engine_mono_ns(e, meta->rx_tsc ? meta->rx_tsc : now_tsc));
	if (ptpdk_msg_type_is_event(msg.header.message_type) && meta->ts_source != PTPDK_TS_NONE) {
		if (too_wide(e, meta->rx_window_ticks))
			e->status.rx_stamps_too_wide++;
		else
			have_t = raw_to_time(e, port, meta->ts_source, meta->rx_raw, &t) == 0;
	}
	if (msg.header.message_type == PTPDK_MSG_SYNC)
		e->sync_window_ns[msg.header.sequence_id & 15] =
			ticks_to_ns_u32(e, meta->rx_window_ticks);
	/* Answer on the VLAN the masters speak on. */
	if (msg.header.message_type == PTPDK_MSG_ANNOUNCE) {
		ptpdk_transport_port_set_vlan(e->transports[port], meta->src.has_vlan,
					      meta->src.vlan_tci);
		engine_resolve_set_vlan(&e->resolve, port, meta->src.has_vlan, meta->src.vlan_tci);
	}
	/* The stamp itself when it is a TSC reading, else when the datapath took it. */
	e->handling_rx_tsc = meta->ts_source == PTPDK_TS_TSC ? meta->rx_raw : meta->rx_tsc;
	ptpdk_ptp_clock_rx_from(e->ptp, port, &msg, have_t ? &t : NULL, &meta->src,
				engine_now_ns(e, now_tsc));
	e->handling_rx_tsc = 0;
}

static void handle_report(struct engine *e, const struct ptpdk_tx_report *r, uint64_t now_tsc)
{
	struct ptpdk_tmv t;
	bool ok = false;
	unsigned port;

	e->status.counters.tx_reports[r->status < PTPDK_TX_STATUS_COUNT ? r->status : 0]++;
	for (port = 0; port < e->conf.n_ports; port++)
		if (e->conf.ports[port]->index == r->port)
			break;
	if (port == e->conf.n_ports)
		return;
	if (r->status == PTPDK_TX_STAMPED) {
		if (r->ts_source == PTPDK_TS_TSC && too_wide(e, r->tsc_after - r->tsc_before))
			e->status.tx_stamps_too_wide++;
		else
			ok = raw_to_time(e, port, r->ts_source, r->tx_raw, &t) == 0;
	}
	engine_one_step_report(&e->one_step, e->conf.ptp.ports[port].one_step, r, ok ? &t : NULL);
	if (e->conf.ptp.ports[port].one_step && r->message_type == PTPDK_MSG_SYNC &&
	    (r->flags & PTPDK_TX_R_WRITTEN) && r->ts_source == PTPDK_TS_TSC)
		engine_one_step_window(&e->one_step, ticks_to_ns(e, r->tsc_after - r->tsc_before));
	ptpdk_ptp_clock_tx_stamp(e->ptp, port, r->message_type, r->sequence_id, ok ? &t : NULL,
				 engine_now_ns(e, now_tsc));
}

/*
 * time_reference system: the kernel's report sets what we announce; the clock read
 * beside CLOCK_REALTIME (plus TAI-UTC: our clock carries PTP time once it follows the
 * reference, as a PHC under phc2sys -s CLOCK_REALTIME does) gives the offset the
 * discipline steers out while no parent is followed. An unreadable bracket still
 * updates the announce: the quality must not wait for the clock.
 */
static void follow_reference(struct engine *e, uint64_t now_tsc)
{
	struct ptpdk_gm_reference_report report;
	struct ptpdk_tmv clock_now = { 0 }, real;
	uint32_t width_ns;
	int64_t offset_ns = 0;
	bool have_offset;

	if (system_reference_read(&report) != 0)
		e->status.reference_read_errors++;
	have_offset = read_truth(e, &clock_now, &real, &width_ns);
	if (!have_offset) {
		e->status.reference_read_errors++;
	} else {
		int64_t tai_ns =
			(int64_t)system_reference_tai_offset(&report, e->conf.ptp.utc_offset) *
			1000000000;

		offset_ns = ptpdk_tmv_round_ns(ptpdk_tmv_sub(clock_now, real)) - tai_ns;
	}
	ptpdk_ptp_clock_reference(e->ptp, &report, have_offset ? &offset_ns : NULL,
				  (uint64_t)ptpdk_tmv_round_ns(clock_now),
				  engine_now_ns(e, now_tsc));
}

/* Latency is measured to the dequeue itself, not to the start of the engine step. */
static unsigned drain_rxq(struct engine *e, struct ptpdk_rxq *q)
{
	struct ptpdk_rx_event ev[ENGINE_BURST];
	struct ptpdk_rx_event_large large;
	unsigned n = rte_ring_dequeue_burst_elem(q->events, ev, sizeof(ev[0]), ENGINE_BURST, NULL);
	uint64_t now_tsc = ptpdk_tsc_read();

	for (unsigned i = 0; i < n; i++)
		handle_event(e, &ev[i].meta, ev[i].payload, now_tsc);
	if (rte_ring_dequeue_elem(q->large, &large, sizeof(large)) == 0) {
		e->status.counters.large_events++;
		handle_event(e, &large.meta, large.payload, ptpdk_tsc_read());
		n++;
	}
	return n;
}

unsigned engine_step(void *arg, uint64_t now_tsc)
{
	struct engine *e = arg;
	struct ptpdk_tx_report rep[ENGINE_BURST];
	unsigned work = 0;

	for (unsigned i = 0; i < e->conf.n_rxqs; i++)
		work += drain_rxq(e, e->conf.rxqs[i]);
	for (unsigned i = 0; i < e->conf.n_ports; i++) {
		unsigned n = rte_ring_dequeue_burst_elem(e->conf.txqs[i]->reports, rep,
							 sizeof(rep[0]), ENGINE_BURST, NULL);

		for (unsigned k = 0; k < n; k++)
			handle_report(e, &rep[k], ptpdk_tsc_read());
		work += n;
	}
	/* The events above were handled at later readings than the worker's now_tsc: the
	 * engine's times must never go backwards between its calls (ptpdk_ptp_clock.h). */
	now_tsc = ptpdk_tsc_read();
	work += engine_mgmt_apply(&e->mgmt, e->ptp, engine_now_ns(e, now_tsc));
	work += engine_netmgmt_send(e);
	if ((int64_t)(now_tsc - e->next_tick_tsc) >= 0) {
		uint64_t now_ns = engine_now_ns(e, now_tsc);
		uint64_t next_ns = ptpdk_ptp_clock_tick(e->ptp, now_ns);

		/* Requests of the neighbour caches: due at 1 s steps at the finest. */
		work += engine_resolve_tick(&e->resolve, now_ns);
		/* Ticks at most every millisecond: timers are that coarse anyway. */
		if (next_ns < now_ns + 1000000)
			next_ns = now_ns + 1000000;
		e->next_tick_tsc = now_tsc + scale(next_ns - now_ns, e->conf.tsc_hz, 1000000000ull);
	}
	if (e->conf.time_reference_system && (int64_t)(now_tsc - e->next_reference_tsc) >= 0) {
		follow_reference(e, now_tsc);
		e->next_reference_tsc =
			now_tsc + scale(SYSTEM_REFERENCE_PERIOD_NS, e->conf.tsc_hz, 1000000000ull);
	}
	if ((int64_t)(now_tsc - e->next_publish_tsc) >= 0) {
		engine_publish(e);
		e->next_publish_tsc = now_tsc + e->conf.tsc_hz / 100;
	}
	return work;
}

static void publish_ucast(struct engine *e, unsigned port)
{
	const struct ptpdk_ucast_port *u = ptpdk_ptp_clock_ucast(e->ptp, port);
	const struct ptpdk_ucast_server *srv = ptpdk_ptp_clock_ucast_server(e->ptp, port);
	struct engine_ucast_status *s = &e->status.ucast[port];

	s->enabled = u != NULL;
	if (u) {
		s->port = *ptpdk_ucast_port_counters(u);
		s->client = ptpdk_ucast_port_client(u)->counters;
	}
	s->server_enabled = srv != NULL;
	if (srv) {
		const struct ptpdk_ucast_grants *g = ptpdk_ucast_server_grants(srv);

		s->server = *ptpdk_ucast_server_counters(srv);
		s->grants = *ptpdk_ucast_grants_counters(g);
		s->clients = ptpdk_ucast_grants_clients(g);
	}
}

void engine_publish(struct engine *e)
{
	uint64_t tsc = ptpdk_tsc_read();
	uint64_t now_ns = engine_now_ns(e, tsc);
	struct ptpdk_tmv clock_now;

	ptpdk_ptp_clock_status(e->ptp, now_ns, &e->status.ptp);
	e->status.clock_time.valid = ptpdk_clock_gettime(e->conf.clock, &clock_now) == 0;
	e->status.clock_time.clock_ns =
		e->status.clock_time.valid ? ptpdk_tmv_round_ns(clock_now) : 0;
	e->status.clock_time.mono_ns = e->mono_base_ns + now_ns;
	if (e->conf.shm)
		export_publish(e->conf.shm, &e->conf.shm_ports, e->conf.clock, e->conf.tsc_hz,
			       &e->status.ptp, &e->msg_times, tsc, e->mono_base_ns + now_ns);
	for (unsigned i = 0; i < e->conf.n_ports; i++) {
		const struct ptpdk_e2e_counters *ec = ptpdk_ptp_clock_e2e_counters(e->ptp, i);
		const struct ptpdk_p2p_counters *pc = ptpdk_ptp_clock_p2p_counters(e->ptp, i);

		if (ec)
			e->status.e2e[i] = *ec;
		if (pc)
			e->status.p2p[i] = *pc;
		e->status.foreign[i] = *ptpdk_ptp_clock_foreign_counters(e->ptp, i);
		publish_ucast(e, i);
	}
	e->status.resolve = e->resolve.counters;
	ptpdk_seq_write(&e->status_seq, &e->published, &e->status, sizeof(e->status));
	engine_mgmt_publish(&e->mgmt, e->ptp, now_ns);
}

int engine_status_read(const struct engine *e, struct engine_status *out)
{
	return ptpdk_seq_read(&e->status_seq, out, &e->published, sizeof(*out), 1000) ? 0 : -EAGAIN;
}

unsigned engine_records_take(struct engine *e, struct engine_record *out, unsigned max)
{
	return rte_ring_dequeue_burst_elem(e->records, out, sizeof(*out), max, NULL);
}
