/* SPDX-License-Identifier: BSD-3-Clause */
/* Delay mechanisms of the ordinary clock: when to send Delay_Req and Pdelay_Req,
 * where their stamps and answers go, and answering peers' Pdelay_Req. */
#include <string.h>

#include "ptpdk_oc_private.h"

/* xorshift64*: deterministic from the configured seed, so runs replay. */
static uint64_t oc_random(struct ptpdk_ptp_clock *oc)
{
	uint64_t x = oc->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	oc->rng = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/*
 * 1588-2008 9.5.11.2: a slave spaces its Delay_Req uniformly at random over
 * [0, 2^(logMinDelayReqInterval+1)] seconds, so that slaves started together do
 * not load the master in bursts; the mean is the master's minimum interval.
 */
static uint64_t delay_req_spacing(struct ptpdk_ptp_clock *oc, int8_t log)
{
	uint64_t span = 2 * oc_interval_ns(log);

	return oc_random(oc) % (span + 1);
}

void oc_delay_start(struct ptpdk_ptp_clock *oc, unsigned port, uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];

	p->next_delay_req_ns = now_ns + delay_req_spacing(oc, p->delay_req_log);
}

static void send_delay_req(struct ptpdk_ptp_clock *oc, unsigned port)
{
	struct oc_port *p = &oc->ports[port];
	struct ptpdk_msg m;

	oc_msg_init(oc, port, &m, PTPDK_MSG_DELAY_REQ, p->delay_req_seq++);
	oc_send(oc, port, &m, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_WANT_TS);
}

static void send_pdelay_req(struct ptpdk_ptp_clock *oc, unsigned port)
{
	struct oc_port *p = &oc->ports[port];
	struct ptpdk_msg m;

	oc_msg_init(oc, port, &m, PTPDK_MSG_PDELAY_REQ, p->pdelay_req_seq++);
	oc_send(oc, port, &m, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_PEER | PTPDK_PTP_TX_WANT_TS);
}

static void schedule(uint64_t when, uint64_t *next)
{
	if ((int64_t)(when - *next) < 0)
		*next = when;
}

void oc_delay_tick(struct ptpdk_ptp_clock *oc, unsigned port, uint64_t now_ns, uint64_t *next)
{
	struct oc_port *p = &oc->ports[port];

	if (p->p2p) {
		/* Peer delay runs in every operational state: the link is measured
		 * before a master is chosen, so the first Sync already has its delay. */
		if ((int64_t)(now_ns - p->next_pdelay_req_ns) >= 0) {
			send_pdelay_req(oc, port);
			p->next_pdelay_req_ns =
				now_ns + oc_interval_ns(p->cfg.log_min_pdelay_req_interval);
		}
		schedule(p->next_pdelay_req_ns, next);
		return;
	}
	/* E2E: only towards the parent, and only once its Syncs flow (11.3.2 pairs
	 * each exchange with a Sync). */
	if (!oc_port_follows_parent(oc, port) || !p->parent_sync_seen)
		return;
	if ((int64_t)(now_ns - p->next_delay_req_ns) >= 0) {
		send_delay_req(oc, port);
		p->next_delay_req_ns = now_ns + delay_req_spacing(oc, p->delay_req_log);
	}
	schedule(p->next_delay_req_ns, next);
}

void oc_delay_resp(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
		   uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];
	int8_t log = m->header.log_message_interval;
	int rc;

	if (!oc_port_follows_parent(oc, port)) {
		oc->counters.not_from_parent++;
		return;
	}
	rc = ptpdk_e2e_delay_resp(p->e2e, m, &p->identity);
	/* 9.5.11.2: the master sets our minimum Delay_Req interval in its Delay_Resp. */
	if (rc >= 0 && log != OC_LOG_UNSPECIFIED && log >= -10 && log <= 10 &&
	    ptpdk_port_identity_cmp(&m->body.response.requesting_port_identity, &p->identity) == 0)
		p->delay_req_log = log;
	oc_sync_result(oc, port, rc, now_ns);
}

static struct oc_pending_resp *pending_slot(struct oc_port *p)
{
	struct oc_pending_resp *oldest = &p->presp[0];

	for (unsigned i = 0; i < OC_PENDING_RESP; i++) {
		if (!p->presp[i].used)
			return &p->presp[i];
		if ((int64_t)(p->presp[i].at_ns - oldest->at_ns) < 0)
			oldest = &p->presp[i];
	}
	return oldest; /* its TX stamp is long overdue */
}

void oc_pdelay_req_rx(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *req,
		      struct ptpdk_tmv t2, uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];
	struct oc_pending_resp *slot;
	struct ptpdk_msg m;

	if (ptpdk_port_identity_cmp(&req->header.source_port_identity, &p->identity) == 0)
		return; /* our own request looped back */
	/*
	 * Two-step responder (11.4.3 c): t2 goes into the Pdelay_Resp, t3 (its TX
	 * stamp) into the Follow_Up, whose correctionField carries the request's.
	 */
	oc_msg_init(oc, port, &m, PTPDK_MSG_PDELAY_RESP, req->header.sequence_id);
	m.header.flags = PTPDK_FLAG_TWO_STEP;
	m.body.response.requesting_port_identity = req->header.source_port_identity;
	if (ptpdk_tmv_to_wire_ts(t2, &m.body.response.timestamp) != 0)
		return;
	slot = pending_slot(p);
	slot->used = true;
	slot->seq = req->header.sequence_id;
	slot->requester = req->header.source_port_identity;
	slot->req_correction = req->header.correction;
	slot->at_ns = now_ns;
	if (oc_send(oc, port, &m, PTPDK_PTP_TX_EVENT | PTPDK_PTP_TX_PEER | PTPDK_PTP_TX_WANT_TS) <
	    0)
		slot->used = false;
	else
		oc->counters.pdelay_resp_sent++;
}

static void send_pdelay_follow_up(struct ptpdk_ptp_clock *oc, unsigned port, uint16_t seq,
				  struct ptpdk_tmv t3)
{
	struct oc_port *p = &oc->ports[port];
	struct ptpdk_msg m;

	for (unsigned i = 0; i < OC_PENDING_RESP; i++) {
		struct oc_pending_resp *s = &p->presp[i];

		if (!s->used || s->seq != seq)
			continue;
		s->used = false;
		oc_msg_init(oc, port, &m, PTPDK_MSG_PDELAY_RESP_FOLLOW_UP, seq);
		m.header.correction = s->req_correction;
		m.body.response.requesting_port_identity = s->requester;
		if (ptpdk_tmv_to_wire_ts(t3, &m.body.response.timestamp) == 0)
			oc_send(oc, port, &m, PTPDK_PTP_TX_PEER);
		return;
	}
}

static void p2p_result(struct ptpdk_ptp_clock *oc, unsigned port, int rc)
{
	struct oc_port *p = &oc->ports[port];
	struct ptpdk_p2p_sample s;

	if (rc <= 0 || ptpdk_p2p_last(p->p2p, &s) != 0)
		return;
	ptpdk_e2e_set_peer_delay(p->e2e, s.delay);
	if (oc_port_follows_parent(oc, port))
		oc->path_delay_ns = ptpdk_tmv_round_ns(s.delay);
}

void oc_pdelay_resp_rx(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
		       const struct ptpdk_tmv *t4)
{
	struct oc_port *p = &oc->ports[port];
	int rc;

	if (m->header.message_type == PTPDK_MSG_PDELAY_RESP) {
		if (!t4) {
			oc->counters.no_timestamp++;
			return;
		}
		rc = ptpdk_p2p_resp(p->p2p, m, *t4, &p->identity);
	} else {
		rc = ptpdk_p2p_resp_follow_up(p->p2p, m, &p->identity);
	}
	p2p_result(oc, port, rc);
}

void oc_delay_tx_stamp(struct ptpdk_ptp_clock *oc, unsigned port, uint8_t type, uint16_t seq,
		       const struct ptpdk_tmv *t, uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];

	switch (type) {
	case PTPDK_MSG_DELAY_REQ:
		if (oc_port_follows_parent(oc, port))
			oc_sync_result(oc, port, ptpdk_e2e_delay_req_sent(p->e2e, seq, *t), now_ns);
		break;
	case PTPDK_MSG_PDELAY_REQ:
		if (p->p2p)
			p2p_result(oc, port, ptpdk_p2p_req_sent(p->p2p, seq, *t));
		break;
	case PTPDK_MSG_PDELAY_RESP:
		send_pdelay_follow_up(oc, port, seq, *t);
		break;
	default:
		break;
	}
}
