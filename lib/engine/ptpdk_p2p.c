/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_p2p.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_bmca.h"
#include "ptpdk_median.h"

#define P2P_FILTER_MAX 4096

/* The outstanding exchange: its three parts arrive in any order. */
struct exchange {
	bool active; /* a request is outstanding (we know its seq) */
	uint16_t seq;
	bool have_t1, have_resp, have_fup, done;
	bool one_step;
	struct ptpdk_tmv t1, t2, t3, t4, c_resp, c_fup;
	struct ptpdk_port_identity peer;
};

struct ptpdk_p2p {
	struct ptpdk_p2p_config cfg;
	struct exchange x;
	struct ptpdk_median filter;
	bool have_sample;
	struct ptpdk_p2p_sample sample;
	struct ptpdk_p2p_counters counters;
};

static const char *const discard_names[PTPDK_P2P_DISCARD_MAX] = {
	[PTPDK_P2P_DISCARD_NOT_OURS] = "not_ours",
	[PTPDK_P2P_DISCARD_STALE] = "stale",
	[PTPDK_P2P_DISCARD_DUPLICATE] = "duplicate",
	[PTPDK_P2P_DISCARD_MULTIPLE_PEERS] = "multiple_peers",
	[PTPDK_P2P_DISCARD_BAD_TIMESTAMP] = "bad_timestamp",
	[PTPDK_P2P_DISCARD_INCOMPLETE] = "incomplete",
	[PTPDK_P2P_DISCARD_TOO_BIG] = "too_big",
};

const char *ptpdk_p2p_discard_name(enum ptpdk_p2p_discard reason)
{
	return (unsigned)reason < PTPDK_P2P_DISCARD_MAX ? discard_names[reason] : "invalid";
}

static int discard(struct ptpdk_p2p *p, enum ptpdk_p2p_discard why)
{
	p->counters.discard[why]++;
	return 0;
}

void ptpdk_p2p_config_init(struct ptpdk_p2p_config *cfg)
{
	cfg->filter_length = 10;
	cfg->max_delay_ns = 0;
}

struct ptpdk_p2p *ptpdk_p2p_create(const struct ptpdk_p2p_config *cfg)
{
	struct ptpdk_p2p_config def;
	struct ptpdk_p2p *p;

	if (!cfg) {
		ptpdk_p2p_config_init(&def);
		cfg = &def;
	}
	if (cfg->filter_length == 0 || cfg->filter_length > P2P_FILTER_MAX ||
	    cfg->max_delay_ns < 0) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->cfg = *cfg;
	if (ptpdk_median_init(&p->filter, cfg->filter_length) != 0) {
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	return p;
}

void ptpdk_p2p_destroy(struct ptpdk_p2p *p)
{
	if (!p)
		return;
	ptpdk_median_fini(&p->filter);
	free(p);
}

void ptpdk_p2p_flush(struct ptpdk_p2p *p)
{
	memset(&p->x, 0, sizeof(p->x));
}

void ptpdk_p2p_reset(struct ptpdk_p2p *p)
{
	ptpdk_p2p_flush(p);
	ptpdk_median_clear(&p->filter);
	p->have_sample = false;
}

static int try_complete(struct ptpdk_p2p *p)
{
	struct exchange *x = &p->x;
	struct ptpdk_p2p_sample *s = &p->sample;
	struct ptpdk_tmv turnaround, raw, corr;

	if (x->done || !x->have_t1 || !x->have_resp || (!x->one_step && !x->have_fup))
		return 0;
	x->done = true;
	/*
	 * 1588-2008 11.4.3: meanLinkDelay = [(t4 - t1) - (t3 - t2) - corrections] / 2.
	 * A one-step peer puts its turnaround into the Pdelay_Resp correctionField and
	 * leaves t2 and t3 zero; a two-step peer may do either or split it, and the
	 * same formula covers every split.
	 */
	corr = ptpdk_tmv_add(x->c_resp, x->c_fup);
	turnaround = x->one_step ? (struct ptpdk_tmv){ 0, 0 } : ptpdk_tmv_sub(x->t3, x->t2);
	raw = ptpdk_tmv_half(
		ptpdk_tmv_sub(ptpdk_tmv_sub(ptpdk_tmv_sub(x->t4, x->t1), turnaround), corr));
	if (p->cfg.max_delay_ns > 0 && raw.ns > p->cfg.max_delay_ns)
		return discard(p, PTPDK_P2P_DISCARD_TOO_BIG);
	if (raw.ns < 0)
		p->counters.negative_delay++;
	ptpdk_median_push(&p->filter, raw);
	memset(s, 0, sizeof(*s));
	s->t1 = x->t1;
	s->t2 = x->t2;
	s->t3 = x->t3;
	s->t4 = x->t4;
	s->corrections = corr;
	s->raw_delay = raw;
	ptpdk_median_get(&p->filter, &s->delay);
	s->seq = x->seq;
	s->one_step = x->one_step;
	s->peer = x->peer;
	p->have_sample = true;
	p->counters.samples++;
	return 1;
}

int ptpdk_p2p_req_sent(struct ptpdk_p2p *p, uint16_t seq, struct ptpdk_tmv t1)
{
	struct exchange *x = &p->x;

	p->counters.requests++;
	if (x->active && x->seq == seq && !x->have_t1) {
		x->have_t1 = true;
		x->t1 = t1;
		return try_complete(p);
	}
	if (x->active && !x->done)
		discard(p, PTPDK_P2P_DISCARD_INCOMPLETE);
	memset(x, 0, sizeof(*x));
	x->active = true;
	x->seq = seq;
	x->have_t1 = true;
	x->t1 = t1;
	return 0;
}

/*
 * A response part for @p seq: the outstanding exchange, or (when the TX stamp is
 * late) a new one that the stamp will join. NULL when it is stale.
 */
static struct exchange *exchange_for(struct ptpdk_p2p *p, uint16_t seq)
{
	struct exchange *x = &p->x;

	if (x->active && x->seq == seq)
		return x;
	/* Serial order (as for Delay_Req): a part for a newer request means our
	 * TX stamp is still on its way. */
	if (!x->active || (int16_t)(seq - x->seq) > 0) {
		if (x->active && !x->done)
			discard(p, PTPDK_P2P_DISCARD_INCOMPLETE);
		memset(x, 0, sizeof(*x));
		x->active = true;
		x->seq = seq;
		return x;
	}
	discard(p, PTPDK_P2P_DISCARD_STALE);
	return NULL;
}

static bool check_part(struct ptpdk_p2p *p, const struct ptpdk_msg *m, unsigned type,
		       const struct ptpdk_port_identity *ours)
{
	return p && m && ours && m->header.message_type == type;
}

/* The responder of the exchange: the first part names it; another one is a fault. */
static bool same_peer(struct ptpdk_p2p *p, struct exchange *x, const struct ptpdk_msg *m)
{
	if (!x->have_resp && !x->have_fup) {
		x->peer = m->header.source_port_identity;
		return true;
	}
	if (ptpdk_port_identity_cmp(&x->peer, &m->header.source_port_identity) == 0)
		return true;
	discard(p, PTPDK_P2P_DISCARD_MULTIPLE_PEERS);
	return false;
}

int ptpdk_p2p_resp(struct ptpdk_p2p *p, const struct ptpdk_msg *resp, struct ptpdk_tmv t4,
		   const struct ptpdk_port_identity *ours)
{
	struct exchange *x;
	struct ptpdk_tmv t2;

	if (!check_part(p, resp, PTPDK_MSG_PDELAY_RESP, ours))
		return -EINVAL;
	if (ptpdk_port_identity_cmp(&resp->body.response.requesting_port_identity, ours) != 0)
		return discard(p, PTPDK_P2P_DISCARD_NOT_OURS);
	if (ptpdk_wire_ts_to_tmv(&resp->body.response.timestamp, &t2) < 0)
		return discard(p, PTPDK_P2P_DISCARD_BAD_TIMESTAMP);
	x = exchange_for(p, resp->header.sequence_id);
	if (!x || !same_peer(p, x, resp))
		return 0;
	if (x->have_resp)
		return discard(p, PTPDK_P2P_DISCARD_DUPLICATE);
	x->have_resp = true;
	x->one_step = !(resp->header.flags & PTPDK_FLAG_TWO_STEP);
	x->t2 = t2;
	x->t4 = t4;
	x->c_resp = ptpdk_tmv_from_scaled(resp->header.correction);
	return try_complete(p);
}

int ptpdk_p2p_resp_follow_up(struct ptpdk_p2p *p, const struct ptpdk_msg *fup,
			     const struct ptpdk_port_identity *ours)
{
	struct exchange *x;
	struct ptpdk_tmv t3;

	if (!check_part(p, fup, PTPDK_MSG_PDELAY_RESP_FOLLOW_UP, ours))
		return -EINVAL;
	if (ptpdk_port_identity_cmp(&fup->body.response.requesting_port_identity, ours) != 0)
		return discard(p, PTPDK_P2P_DISCARD_NOT_OURS);
	if (ptpdk_wire_ts_to_tmv(&fup->body.response.timestamp, &t3) < 0)
		return discard(p, PTPDK_P2P_DISCARD_BAD_TIMESTAMP);
	x = exchange_for(p, fup->header.sequence_id);
	if (!x || !same_peer(p, x, fup))
		return 0;
	if (x->have_fup)
		return discard(p, PTPDK_P2P_DISCARD_DUPLICATE);
	x->have_fup = true;
	x->t3 = t3;
	x->c_fup = ptpdk_tmv_from_scaled(fup->header.correction);
	return try_complete(p);
}

int ptpdk_p2p_last(const struct ptpdk_p2p *p, struct ptpdk_p2p_sample *out)
{
	if (!p->have_sample)
		return -ENOENT;
	*out = p->sample;
	return 0;
}

const struct ptpdk_p2p_counters *ptpdk_p2p_counters(const struct ptpdk_p2p *p)
{
	return &p->counters;
}
