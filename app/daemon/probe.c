/* SPDX-License-Identifier: BSD-3-Clause */
#include "probe.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_ring.h>

#include "ptpdk_frame.h"
#include "ptpdk_msg.h"
#include "ptpdk_tsc.h"

int probe_init(struct probe *p, const struct probe_conf *conf)
{
	struct ptpdk_e2e_config cfg;

	memset(p, 0, sizeof(*p));
	p->conf = *conf;
	ptpdk_hist_init(&p->latency);
	ptpdk_e2e_config_init(&cfg);
	p->e2e = ptpdk_e2e_create(&cfg);
	if (!p->e2e)
		return -ENOMEM;
	p->next_cookie = 1;
	/* 2^logMinDelayReqInterval seconds, in TSC ticks: fixed for the run. */
	p->delay_req_ticks =
		(uint64_t)(ldexp(1.0, conf->delay_req_log_interval) * (double)conf->tsc_hz);
	return 0;
}

void probe_fini(struct probe *p)
{
	ptpdk_e2e_destroy(p->e2e);
	p->e2e = NULL;
}

/* EUI-64 from the port's MAC (IEEE 1588-2008 7.5.2.2.2): what ptp4l does too. */
static void identity_from_mac(const uint8_t *mac, struct ptpdk_port_identity *id)
{
	uint8_t *c = id->clock_identity;

	c[0] = mac[0];
	c[1] = mac[1];
	c[2] = mac[2];
	c[3] = 0xFF;
	c[4] = 0xFE;
	c[5] = mac[3];
	c[6] = mac[4];
	c[7] = mac[5];
	id->port_number = 1;
}

static double mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void select_master(struct probe *p, const struct ptpdk_rx_meta *meta,
			  const struct ptpdk_msg *msg)
{
	const uint8_t *c = msg->header.source_port_identity.clock_identity;

	p->status.have_master = true;
	p->status.master = msg->header.source_port_identity;
	p->master_port = meta->port;
	p->master_transport = meta->transport;
	p->master_vlan = meta->flags & PTPDK_RX_F_VLAN;
	p->master_vlan_tci = meta->vlan_tci;
	identity_from_mac(p->conf.ports[meta->port]->filter.mac, &p->ours);
	ptpdk_e2e_set_master(p->e2e, &msg->header.source_port_identity);
	p->next_delay_req_tsc = 0;
	printf("ptpdk[%.3f]: selected master %02x%02x%02x.%02x%02x.%02x%02x%02x-%u on port %u\n",
	       mono_seconds(), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
	       msg->header.source_port_identity.port_number, meta->port);
	fflush(stdout);
}

static double ticks_to_ns(const struct probe *p, uint64_t ticks)
{
	return (double)ticks * 1e9 / (double)p->conf.tsc_hz;
}

/* Error bounds for the samples file: saturated at what 32 bits hold (4.29 s). */
static uint32_t ticks_to_ns_u32(const struct probe *p, uint64_t ticks)
{
	double ns = ticks_to_ns(p, ticks);

	return ns < UINT32_MAX ? (uint32_t)ns : UINT32_MAX;
}

static int raw_to_time(struct probe *p, uint8_t source, uint64_t raw, struct ptpdk_tmv *t)
{
	int rc = ptpdk_clock_raw_to_time(p->conf.clock, (enum ptpdk_ts_source)source, raw, t);

	if (rc)
		p->status.stamp_conversion_errors++;
	return rc;
}

static void emit_offset(struct probe *p)
{
	struct ptpdk_e2e_sample s;
	int64_t offset, delay;

	if (ptpdk_e2e_last_sample(p->e2e, &s) != 0)
		return;
	offset = ptpdk_tmv_round_ns(s.offset);
	delay = ptpdk_tmv_round_ns(s.delay);
	p->status.offset_samples++;
	p->status.last_offset_ns = offset;
	p->status.last_delay_ns = delay;
	/* ptp4l's sample line, so the tools that parse it work unchanged; s0: no servo. */
	if (!p->conf.quiet) {
		printf("ptpdk[%.3f]: master offset %10" PRId64
		       " s0 freq %+7.0f path delay %9" PRId64 "\n",
		       mono_seconds(), offset, 0.0, delay);
		fflush(stdout);
	}
	if (p->conf.samples)
		fprintf(p->conf.samples,
			"%.9f,%u,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
			",%" PRId64 ",%" PRId64 ",%u,%u\n",
			mono_seconds(), s.seq, offset, delay, ptpdk_tmv_round_ns(s.raw_delay),
			s.t1.ns, s.t2.ns, s.t3.ns, s.t4.ns, p->sync_window_ns[s.seq & 15],
			p->delay_req_bracket_ns);
}

static void measure_event(struct probe *p, const struct ptpdk_rx_meta *meta, const uint8_t *payload)
{
	struct ptpdk_msg msg;
	struct ptpdk_tmv t2;
	int rc = 0;

	if (meta->domain_number != p->conf.domain ||
	    ptpdk_msg_decode(payload, meta->payload_len, &msg, NULL) != 0)
		return;
	switch (msg.header.message_type) {
	case PTPDK_MSG_ANNOUNCE:
		if (!p->status.have_master)
			select_master(p, meta, &msg);
		return;
	case PTPDK_MSG_SYNC:
		if (raw_to_time(p, meta->ts_source, meta->rx_raw, &t2) != 0)
			return;
		p->sync_window_ns[msg.header.sequence_id & 15] =
			ticks_to_ns_u32(p, meta->rx_window_ticks);
		rc = ptpdk_e2e_sync(p->e2e, &msg, t2);
		break;
	case PTPDK_MSG_FOLLOW_UP:
		rc = ptpdk_e2e_follow_up(p->e2e, &msg);
		break;
	case PTPDK_MSG_DELAY_RESP:
		rc = ptpdk_e2e_delay_resp(p->e2e, &msg, &p->ours);
		if (rc > 0 && (rc & PTPDK_E2E_DELAY))
			p->status.delay_samples++;
		return;
	default:
		return;
	}
	if (rc > 0 && (rc & PTPDK_E2E_OFFSET))
		emit_offset(p);
}

static void handle_event(struct probe *p, const struct ptpdk_rx_meta *meta, const uint8_t *payload,
			 uint64_t now_tsc)
{
	p->status.counters.events++;
	p->status.counters.by_type[meta->message_type & 0xF]++;
	if (p->conf.latency && now_tsc >= meta->rx_tsc)
		ptpdk_hist_record(&p->latency, (int64_t)ticks_to_ns(p, now_tsc - meta->rx_tsc));
	if (p->conf.measure)
		measure_event(p, meta, payload);
}

static void handle_report(struct probe *p, const struct ptpdk_tx_report *r)
{
	struct ptpdk_tmv t3;
	int rc;

	p->status.counters.tx_reports[r->status < PTPDK_TX_STATUS_COUNT ? r->status : 0]++;
	if (!p->conf.measure || r->status != PTPDK_TX_STAMPED ||
	    r->message_type != PTPDK_MSG_DELAY_REQ)
		return;
	if (raw_to_time(p, r->ts_source, r->tx_raw, &t3) != 0)
		return;
	p->delay_req_bracket_ns = ticks_to_ns_u32(p, r->tsc_after - r->tsc_before);
	rc = ptpdk_e2e_delay_req_sent(p->e2e, r->sequence_id, t3);
	if (rc > 0 && (rc & PTPDK_E2E_DELAY))
		p->status.delay_samples++;
}

/* Source address for the master's transport; false when we have none to send from. */
static bool fill_source(const struct ptpdk_port *port, struct ptpdk_frame *f)
{
	memcpy(f->src_mac, port->filter.mac, 6);
	if (f->transport == PTPDK_TRANSPORT_UDP4) {
		if (!port->filter.has_ipv4)
			return false;
		memcpy(f->src_ip, port->filter.ipv4, 4);
	} else if (f->transport == PTPDK_TRANSPORT_UDP6) {
		if (!port->filter.has_ipv6)
			return false;
		memcpy(f->src_ip, port->filter.ipv6, 16);
	}
	return true;
}

static void send_delay_req(struct probe *p)
{
	struct ptpdk_port *port = p->conf.ports[p->master_port];
	struct ptpdk_frame f = { .transport = p->master_transport,
				 .has_vlan = p->master_vlan,
				 .vlan_tci = p->master_vlan_tci,
				 .src_port = PTPDK_UDP_EVENT_PORT,
				 .dst_port = PTPDK_UDP_EVENT_PORT };
	struct ptpdk_tx_request req;
	struct ptpdk_msg m;
	uint8_t ptp[64];
	int n;

	if (!fill_source(port, &f)) {
		p->status.sends_refused++;
		return;
	}
	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_DELAY_REQ;
	m.header.version = 2;
	m.header.domain_number = p->conf.domain;
	m.header.source_port_identity = p->ours;
	m.header.sequence_id = p->delay_req_seq;
	m.header.control_field = 1;	      /* Delay_Req (1588-2008 Table 23) */
	m.header.log_message_interval = 0x7F; /* Delay_Req carries no interval (13.3.2.11) */
	n = ptpdk_msg_encode(&m, ptp, sizeof(ptp));
	ptpdk_frame_set_multicast_dst(&f, false);
	n = n < 0 ? n : ptpdk_frame_build(req.frame, sizeof(req.frame), &f, ptp, (size_t)n);
	if (n < 0)
		return;
	req.frame_len = (uint16_t)n;
	req.cookie = p->next_cookie++;
	req.port = port->index;
	req.flags = PTPDK_TX_F_WANT_TS;
	req.message_type = PTPDK_MSG_DELAY_REQ;
	req.sequence_id = p->delay_req_seq++;
	if (rte_ring_enqueue_elem(p->conf.txqs[p->master_port]->requests, &req, sizeof(req)) != 0)
		p->status.counters.tx_ring_full++;
}

static void maybe_send_delay_req(struct probe *p, uint64_t now_tsc)
{
	uint64_t ticks = p->delay_req_ticks;

	if (!p->conf.measure || !p->status.have_master)
		return;
	if (p->next_delay_req_tsc && (int64_t)(now_tsc - p->next_delay_req_tsc) < 0)
		return;
	/* Randomise within [0.5, 1.5) of the interval so slaves do not fall in step. */
	p->next_delay_req_tsc = now_tsc + ticks / 2 + (uint64_t)((double)ticks * drand48());
	send_delay_req(p);
}

/* Latency is measured to the dequeue itself, not to the start of the engine step. */
static unsigned drain_rxq(struct probe *p, struct ptpdk_rxq *q)
{
	struct ptpdk_rx_event ev[PROBE_BURST];
	struct ptpdk_rx_event_large large;
	unsigned n = rte_ring_dequeue_burst_elem(q->events, ev, sizeof(ev[0]), PROBE_BURST, NULL);
	uint64_t now_tsc = ptpdk_tsc_read();

	for (unsigned i = 0; i < n; i++)
		handle_event(p, &ev[i].meta, ev[i].payload, now_tsc);
	if (rte_ring_dequeue_elem(q->large, &large, sizeof(large)) == 0) {
		p->status.counters.large_events++;
		handle_event(p, &large.meta, large.payload, ptpdk_tsc_read());
		n++;
	}
	return n;
}

unsigned probe_step(void *arg, uint64_t now_tsc)
{
	struct probe *p = arg;
	struct ptpdk_tx_report rep[PROBE_BURST];
	unsigned work = 0;

	for (unsigned i = 0; i < p->conf.n_rxqs; i++)
		work += drain_rxq(p, p->conf.rxqs[i]);
	for (unsigned i = 0; i < p->conf.n_ports; i++) {
		unsigned n = rte_ring_dequeue_burst_elem(p->conf.txqs[i]->reports, rep,
							 sizeof(rep[0]), PROBE_BURST, NULL);

		for (unsigned k = 0; k < n; k++)
			handle_report(p, &rep[k]);
		work += n;
	}
	maybe_send_delay_req(p, now_tsc);
	if ((int64_t)(now_tsc - p->next_publish_tsc) >= 0) {
		probe_publish(p);
		p->next_publish_tsc = now_tsc + p->conf.tsc_hz / 100;
	}
	return work;
}

void probe_publish(struct probe *p)
{
	ptpdk_seq_write(&p->status_seq, &p->published, &p->status, sizeof(p->status));
}

int probe_status_read(const struct probe *p, struct probe_status *out)
{
	return ptpdk_seq_read(&p->status_seq, out, &p->published, sizeof(*out), 1000) ? 0 : -EAGAIN;
}
