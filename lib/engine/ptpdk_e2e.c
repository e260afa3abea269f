/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_e2e.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_median.h"

/*
 * Sync/Follow_Up pairing keeps one slot: either a two-step Sync waiting for its
 * Follow_Up or a Follow_Up that overtook its Sync. Whatever arrives and does not
 * match replaces the slot's content (which is counted): the master numbers Syncs
 * and we cannot tell a restarted master's ids from old ones, so arrival order is
 * the only order trusted. Pairs are never mixed up, since a match needs equal ids
 * from the one master port.
 */
enum pending_kind {
	PENDING_NONE,
	PENDING_SYNC,
	PENDING_FUP,
};

struct pending {
	enum pending_kind kind;
	uint16_t seq;
	struct ptpdk_tmv t;    /* t2 of a Sync, t1 of a Follow_Up */
	struct ptpdk_tmv corr; /* its correctionField */
};

struct last_sync {
	bool valid;
	uint16_t seq;
	struct ptpdk_tmv t1, t2, c_ms;
};

/*
 * The Delay_Req side is ours: we number the requests (1588-2008 7.3.7: sequenceId
 * grows by one per message), so serial order tells a late response to an old
 * request from one that overtook the TX stamp of a newer request. Again one slot:
 * either an outstanding request with its t3, or a response parked until its t3.
 */
struct delay_slot {
	enum { DELAY_NONE, DELAY_REQ, DELAY_RESP } kind;
	uint16_t seq;
	struct ptpdk_tmv t;    /* t3 of a request, t4 of a response */
	struct ptpdk_tmv corr; /* the Delay_Resp correctionField */
};

struct ptpdk_e2e {
	struct ptpdk_e2e_config cfg;
	bool have_master;
	struct ptpdk_port_identity master;

	struct pending pending;
	bool have_sync_done;
	uint16_t sync_done_seq;
	struct last_sync sync;

	struct delay_slot dslot;
	bool have_req_done;
	uint16_t req_done_seq;

	struct ptpdk_median filter;
	bool have_delay;
	bool have_sample;
	struct ptpdk_e2e_sample sample;
	struct ptpdk_e2e_delay_sample delay;

	struct ptpdk_e2e_counters counters;
};

static const char *const discard_names[PTPDK_E2E_DISCARD_MAX] = {
	[PTPDK_E2E_DISCARD_NO_MASTER] = "no_master",
	[PTPDK_E2E_DISCARD_WRONG_MASTER] = "wrong_master",
	[PTPDK_E2E_DISCARD_ONE_STEP] = "one_step",
	[PTPDK_E2E_DISCARD_BAD_TIMESTAMP] = "bad_timestamp",
	[PTPDK_E2E_DISCARD_SYNC_DUPLICATE] = "sync_duplicate",
	[PTPDK_E2E_DISCARD_FUP_DUPLICATE] = "fup_duplicate",
	[PTPDK_E2E_DISCARD_SYNC_STALE] = "sync_stale",
	[PTPDK_E2E_DISCARD_FUP_STALE] = "fup_stale",
	[PTPDK_E2E_DISCARD_SYNC_MISMATCH] = "sync_mismatch",
	[PTPDK_E2E_DISCARD_FUP_MISMATCH] = "fup_mismatch",
	[PTPDK_E2E_DISCARD_RESP_NOT_OURS] = "resp_not_ours",
	[PTPDK_E2E_DISCARD_RESP_DUPLICATE] = "resp_duplicate",
	[PTPDK_E2E_DISCARD_RESP_STALE] = "resp_stale",
	[PTPDK_E2E_DISCARD_RESP_NO_REQ] = "resp_no_req",
	[PTPDK_E2E_DISCARD_REQ_NO_RESP] = "req_no_resp",
	[PTPDK_E2E_DISCARD_REQ_DUPLICATE] = "req_duplicate",
	[PTPDK_E2E_DISCARD_DELAY_NO_SYNC] = "delay_no_sync",
	[PTPDK_E2E_DISCARD_DELAY_TOO_BIG] = "delay_too_big",
};

const char *ptpdk_e2e_discard_name(enum ptpdk_e2e_discard reason)
{
	if ((unsigned int)reason >= PTPDK_E2E_DISCARD_MAX)
		return "invalid";
	return discard_names[reason];
}

static int discard(struct ptpdk_e2e *e, enum ptpdk_e2e_discard why)
{
	e->counters.discard[why]++;
	return 0;
}

/* a is after b in serial order (wraps at 2^16; half the space is "after"). */
static bool seq_after(uint16_t a, uint16_t b)
{
	uint16_t d = (uint16_t)(a - b);

	return d != 0 && d < 0x8000;
}

static bool port_identity_equal(const struct ptpdk_port_identity *a,
				const struct ptpdk_port_identity *b)
{
	return a->port_number == b->port_number &&
	       memcmp(a->clock_identity, b->clock_identity, PTPDK_CLOCK_ID_LEN) == 0;
}

void ptpdk_e2e_config_init(struct ptpdk_e2e_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->delay_filter_length = PTPDK_E2E_FILTER_DEFAULT;
	cfg->accept_one_step = true;
	cfg->emit_without_delay = false;
	cfg->max_raw_delay_ns = 0;
}

struct ptpdk_e2e *ptpdk_e2e_create(const struct ptpdk_e2e_config *cfg)
{
	struct ptpdk_e2e_config def;
	struct ptpdk_e2e *e;
	int rc;

	if (!cfg) {
		ptpdk_e2e_config_init(&def);
		cfg = &def;
	}
	if (cfg->delay_filter_length == 0 || cfg->max_raw_delay_ns < 0 ||
	    cfg->delay_filter_length > PTPDK_E2E_FILTER_MAX) {
		errno = EINVAL;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		errno = ENOMEM;
		return NULL;
	}
	e->cfg = *cfg;
	rc = ptpdk_median_init(&e->filter, cfg->delay_filter_length);
	if (rc < 0)
		goto err_filter;
	return e;

err_filter:
	free(e);
	errno = -rc;
	return NULL;
}

void ptpdk_e2e_destroy(struct ptpdk_e2e *e)
{
	if (!e)
		return;
	ptpdk_median_fini(&e->filter);
	free(e);
}

void ptpdk_e2e_flush(struct ptpdk_e2e *e)
{
	e->pending.kind = PENDING_NONE;
	e->dslot.kind = DELAY_NONE;
	e->sync.valid = false;
}

void ptpdk_e2e_reset(struct ptpdk_e2e *e)
{
	ptpdk_e2e_flush(e);
	e->have_sync_done = false;
	e->have_req_done = false;
	ptpdk_median_clear(&e->filter);
	e->have_delay = false;
	e->have_sample = false;
	memset(&e->sample, 0, sizeof(e->sample));
	memset(&e->delay, 0, sizeof(e->delay));
}

void ptpdk_e2e_set_master(struct ptpdk_e2e *e, const struct ptpdk_port_identity *master)
{
	if (master && e->have_master && port_identity_equal(master, &e->master))
		return;
	ptpdk_e2e_reset(e);
	e->have_master = master != NULL;
	if (master)
		e->master = *master;
	else
		memset(&e->master, 0, sizeof(e->master));
}

/* @return true when the message comes from the master port; counts it otherwise. */
static bool from_master(struct ptpdk_e2e *e, const struct ptpdk_header *h)
{
	if (!e->have_master) {
		discard(e, PTPDK_E2E_DISCARD_NO_MASTER);
		return false;
	}
	if (!port_identity_equal(&h->source_port_identity, &e->master)) {
		discard(e, PTPDK_E2E_DISCARD_WRONG_MASTER);
		return false;
	}
	return true;
}

static int wire_time(struct ptpdk_e2e *e, const struct ptpdk_wire_ts *ts, struct ptpdk_tmv *out)
{
	int rc = ptpdk_wire_ts_to_tmv(ts, out);

	if (rc < 0)
		discard(e, PTPDK_E2E_DISCARD_BAD_TIMESTAMP);
	return rc;
}

/* A Sync is complete: remember it for the delay computation and derive the offset. */
static int sync_complete(struct ptpdk_e2e *e, uint16_t seq, struct ptpdk_tmv t1,
			 struct ptpdk_tmv t2, struct ptpdk_tmv c_ms, uint32_t flags)
{
	struct ptpdk_e2e_sample *s = &e->sample;
	struct ptpdk_tmv delay = { 0, 0 };

	e->have_sync_done = true;
	e->sync_done_seq = seq;
	e->sync.valid = true;
	e->sync.seq = seq;
	e->sync.t1 = t1;
	e->sync.t2 = t2;
	e->sync.c_ms = c_ms;

	if (e->have_delay) {
		delay = e->delay.delay;
	} else {
		e->counters.syncs_before_delay++;
		if (!e->cfg.emit_without_delay)
			return 0;
		flags |= PTPDK_E2E_F_NO_DELAY;
	}

	memset(s, 0, sizeof(*s));
	s->t1 = t1;
	s->t2 = t2;
	s->c_ms = c_ms;
	if (e->have_delay) {
		s->t3 = e->delay.t3;
		s->t4 = e->delay.t4;
		s->raw_delay = e->delay.raw_delay;
		s->delay_seq = e->delay.seq;
	}
	s->delay = delay;
	/*
	 * 1588-2008 11.2: offsetFromMaster = t2 - t1 - meanPathDelay - correctionField
	 * of the Sync - correctionField of the Follow_Up (c_ms holds both). The
	 * corrections are residence and asymmetry corrections accumulated on the
	 * master-to-slave path, so they come off the measured transit like the delay.
	 */
	s->offset = ptpdk_tmv_sub(ptpdk_e2e_one_way(t2, t1, c_ms), delay);
	s->seq = seq;
	s->flags = flags;
	s->master = e->master;
	e->have_sample = true;
	e->counters.offset_samples++;
	return PTPDK_E2E_OFFSET;
}

int ptpdk_e2e_sync(struct ptpdk_e2e *e, const struct ptpdk_msg *sync, struct ptpdk_tmv t2)
{
	const struct ptpdk_header *h;
	struct ptpdk_tmv t1, c;
	int rc;

	if (!e || !sync || sync->header.message_type != PTPDK_MSG_SYNC)
		return -EINVAL;
	h = &sync->header;
	if (!from_master(e, h))
		return 0;
	if ((e->pending.kind == PENDING_SYNC && e->pending.seq == h->sequence_id) ||
	    (e->have_sync_done && e->sync_done_seq == h->sequence_id))
		return discard(e, PTPDK_E2E_DISCARD_SYNC_DUPLICATE);
	c = ptpdk_tmv_from_scaled(h->correction);

	if (!(h->flags & PTPDK_FLAG_TWO_STEP)) {
		if (!e->cfg.accept_one_step)
			return discard(e, PTPDK_E2E_DISCARD_ONE_STEP);
		rc = wire_time(e, &sync->body.timestamp.timestamp, &t1);
		if (rc < 0)
			return rc;
		/* Whatever waited for a pair is superseded by this newer Sync. */
		if (e->pending.kind == PENDING_SYNC)
			discard(e, PTPDK_E2E_DISCARD_SYNC_STALE);
		else if (e->pending.kind == PENDING_FUP)
			discard(e, PTPDK_E2E_DISCARD_FUP_MISMATCH);
		e->pending.kind = PENDING_NONE;
		/* 1588-2008 11.2 with a one-step Sync: originTimestamp is t1 and the
		 * Sync's correctionField is the whole correction. */
		return sync_complete(e, h->sequence_id, t1, t2, c, PTPDK_E2E_F_ONE_STEP);
	}

	if (e->pending.kind == PENDING_FUP) {
		if (e->pending.seq == h->sequence_id) {
			/* The Follow_Up overtook its Sync (general and event messages
			 * travel separate paths). 1588-2008 11.2: t1 is its
			 * preciseOriginTimestamp, and both correctionFields count. */
			e->pending.kind = PENDING_NONE;
			return sync_complete(e, h->sequence_id, e->pending.t, t2,
					     ptpdk_tmv_add(c, e->pending.corr), 0);
		}
		discard(e, PTPDK_E2E_DISCARD_FUP_MISMATCH);
	} else if (e->pending.kind == PENDING_SYNC) {
		discard(e, PTPDK_E2E_DISCARD_SYNC_STALE);
	}
	e->pending.kind = PENDING_SYNC;
	e->pending.seq = h->sequence_id;
	e->pending.t = t2;
	e->pending.corr = c;
	return 0;
}

int ptpdk_e2e_follow_up(struct ptpdk_e2e *e, const struct ptpdk_msg *fup)
{
	const struct ptpdk_header *h;
	struct ptpdk_tmv t1, c;
	int rc;

	if (!e || !fup || fup->header.message_type != PTPDK_MSG_FOLLOW_UP)
		return -EINVAL;
	h = &fup->header;
	if (!from_master(e, h))
		return 0;
	if ((e->pending.kind == PENDING_FUP && e->pending.seq == h->sequence_id) ||
	    (e->have_sync_done && e->sync_done_seq == h->sequence_id))
		return discard(e, PTPDK_E2E_DISCARD_FUP_DUPLICATE);
	rc = wire_time(e, &fup->body.timestamp.timestamp, &t1);
	if (rc < 0)
		return rc;
	c = ptpdk_tmv_from_scaled(h->correction);

	if (e->pending.kind == PENDING_SYNC) {
		if (e->pending.seq == h->sequence_id) {
			/* 1588-2008 11.2: a two-step Sync's correction is the Sync's
			 * correctionField plus the Follow_Up's. */
			e->pending.kind = PENDING_NONE;
			return sync_complete(e, h->sequence_id, t1, e->pending.t,
					     ptpdk_tmv_add(e->pending.corr, c), 0);
		}
		discard(e, PTPDK_E2E_DISCARD_SYNC_MISMATCH);
	} else if (e->pending.kind == PENDING_FUP) {
		discard(e, PTPDK_E2E_DISCARD_FUP_STALE);
	}
	e->pending.kind = PENDING_FUP;
	e->pending.seq = h->sequence_id;
	e->pending.t = t1;
	e->pending.corr = c;
	return 0;
}

/* A Delay_Req/Delay_Resp exchange is complete: pair it with the last Sync. */
static int delay_complete(struct ptpdk_e2e *e, uint16_t seq, struct ptpdk_tmv t3,
			  struct ptpdk_tmv t4, struct ptpdk_tmv c_sm)
{
	struct ptpdk_e2e_delay_sample *d = &e->delay;
	struct ptpdk_tmv ms, sm, raw;

	e->dslot.kind = DELAY_NONE;
	e->have_req_done = true;
	e->req_done_seq = seq;
	if (!e->sync.valid)
		return discard(e, PTPDK_E2E_DISCARD_DELAY_NO_SYNC);

	/*
	 * 1588-2008 11.3.2: meanPathDelay = [(t2 - t1) + (t4 - t3)
	 *   - correctionField of Sync - correctionField of Follow_Up
	 *   - correctionField of Delay_Resp] / 2.
	 * The offset between the clocks enters the two legs with opposite signs and
	 * cancels, provided it did not change between the Sync and the Delay_Req:
	 * hence the most recent Sync.
	 */
	ms = ptpdk_e2e_one_way(e->sync.t2, e->sync.t1, e->sync.c_ms);
	sm = ptpdk_e2e_one_way(t4, t3, c_sm);
	raw = ptpdk_tmv_half(ptpdk_tmv_add(ms, sm));
	if (e->cfg.max_raw_delay_ns > 0 && raw.ns > e->cfg.max_raw_delay_ns)
		return discard(e, PTPDK_E2E_DISCARD_DELAY_TOO_BIG);
	if (raw.ns < 0)
		e->counters.negative_delay++;
	ptpdk_median_push(&e->filter, raw);

	memset(d, 0, sizeof(*d));
	d->t1 = e->sync.t1;
	d->t2 = e->sync.t2;
	d->c_ms = e->sync.c_ms;
	d->t3 = t3;
	d->t4 = t4;
	d->c_sm = c_sm;
	d->raw_delay = raw;
	ptpdk_median_get(&e->filter, &d->delay);
	d->seq = seq;
	d->sync_seq = e->sync.seq;
	d->master = e->master;
	e->have_delay = true;
	e->counters.delay_samples++;
	return PTPDK_E2E_DELAY;
}

int ptpdk_e2e_delay_req_sent(struct ptpdk_e2e *e, uint16_t seq, struct ptpdk_tmv t3)
{
	struct delay_slot *s;

	if (!e)
		return -EINVAL;
	s = &e->dslot;
	if ((s->kind == DELAY_REQ && s->seq == seq) || (e->have_req_done && e->req_done_seq == seq))
		return discard(e, PTPDK_E2E_DISCARD_REQ_DUPLICATE);
	/* TX stamps come back in sending order, so a new one supersedes whatever is
	 * in the slot; no serial comparison here, which lets the caller restart its
	 * numbering without stalling on "old" ids. */
	if (s->kind == DELAY_RESP) {
		/* The response overtook our TX timestamp. */
		if (s->seq == seq)
			return delay_complete(e, seq, t3, s->t, s->corr);
		discard(e, PTPDK_E2E_DISCARD_RESP_NO_REQ);
	} else if (s->kind == DELAY_REQ) {
		discard(e, PTPDK_E2E_DISCARD_REQ_NO_RESP);
	}
	s->kind = DELAY_REQ;
	s->seq = seq;
	s->t = t3;
	return 0;
}

int ptpdk_e2e_delay_resp(struct ptpdk_e2e *e, const struct ptpdk_msg *resp,
			 const struct ptpdk_port_identity *ours)
{
	const struct ptpdk_header *h;
	struct delay_slot *s;
	struct ptpdk_tmv t4, c;
	uint16_t seq;
	int rc;

	if (!e || !resp || !ours || resp->header.message_type != PTPDK_MSG_DELAY_RESP)
		return -EINVAL;
	h = &resp->header;
	if (!from_master(e, h))
		return 0;
	/* A multicast Delay_Resp reaches every slave; only the one naming our port
	 * answers our request. */
	if (!port_identity_equal(&resp->body.response.requesting_port_identity, ours))
		return discard(e, PTPDK_E2E_DISCARD_RESP_NOT_OURS);
	seq = h->sequence_id;
	s = &e->dslot;
	if ((s->kind == DELAY_RESP && s->seq == seq) ||
	    (e->have_req_done && e->req_done_seq == seq))
		return discard(e, PTPDK_E2E_DISCARD_RESP_DUPLICATE);
	rc = wire_time(e, &resp->body.response.timestamp, &t4);
	if (rc < 0)
		return rc;
	c = ptpdk_tmv_from_scaled(h->correction);

	if (s->kind == DELAY_REQ) {
		if (s->seq == seq)
			return delay_complete(e, seq, s->t, t4, c);
		if (!seq_after(seq, s->seq))
			return discard(e, PTPDK_E2E_DISCARD_RESP_STALE);
		/* A response to a newer request than the outstanding one: that one
		 * will get no answer, and this one's TX stamp is still coming. */
		discard(e, PTPDK_E2E_DISCARD_REQ_NO_RESP);
	} else if (s->kind == DELAY_RESP) {
		if (!seq_after(seq, s->seq))
			return discard(e, PTPDK_E2E_DISCARD_RESP_STALE);
		discard(e, PTPDK_E2E_DISCARD_RESP_NO_REQ);
	}
	s->kind = DELAY_RESP;
	s->seq = seq;
	s->t = t4;
	s->corr = c;
	return 0;
}

void ptpdk_e2e_set_peer_delay(struct ptpdk_e2e *e, struct ptpdk_tmv delay)
{
	/* Only the offset computation reads it: no exchange, so no t3/t4. */
	memset(&e->delay, 0, sizeof(e->delay));
	e->delay.raw_delay = delay;
	e->delay.delay = delay;
	e->delay.master = e->master;
	e->have_delay = true;
}

int ptpdk_e2e_last_sample(const struct ptpdk_e2e *e, struct ptpdk_e2e_sample *out)
{
	if (!e || !out)
		return -EINVAL;
	if (!e->have_sample)
		return -ENOENT;
	*out = e->sample;
	return 0;
}

struct ptpdk_tmv ptpdk_e2e_one_way(struct ptpdk_tmv rx, struct ptpdk_tmv tx,
				   struct ptpdk_tmv correction)
{
	return ptpdk_tmv_sub(ptpdk_tmv_sub(rx, tx), correction);
}

int ptpdk_e2e_last_delay(const struct ptpdk_e2e *e, struct ptpdk_e2e_delay_sample *out)
{
	if (!e || !out)
		return -EINVAL;
	if (!e->have_delay)
		return -ENOENT;
	*out = e->delay;
	return 0;
}

const struct ptpdk_e2e_counters *ptpdk_e2e_counters(const struct ptpdk_e2e *e)
{
	return &e->counters;
}
