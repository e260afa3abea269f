/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ucast_client.h"

#include <errno.h>
#include <string.h>

#include "ptpdk_interval.h"

#define NS_PER_S 1000000000ull

static const uint8_t kind_message_type[PTPDK_UCAST_KINDS] = {
	[PTPDK_UCAST_ANNOUNCE] = PTPDK_MSG_ANNOUNCE,
	[PTPDK_UCAST_SYNC] = PTPDK_MSG_SYNC,
	[PTPDK_UCAST_DELAY_RESP] = PTPDK_MSG_DELAY_RESP,
	[PTPDK_UCAST_PDELAY_RESP] = PTPDK_MSG_PDELAY_RESP,
};

static bool period_ok(int8_t log)
{
	return log >= -7 && log <= 7;
}

int ptpdk_ucast_client_init(struct ptpdk_ucast_client *c,
			    const struct ptpdk_ucast_client_config *cfg)
{
	if (!c || !cfg || cfg->req_duration_s == 0 || !period_ok(cfg->log_announce_period) ||
	    !period_ok(cfg->log_sync_period) || !period_ok(cfg->log_delay_period) ||
	    cfg->log_query_interval < -7 || cfg->log_query_interval > 10)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->cfg = *cfg;
	return 0;
}

static uint64_t query_ns(const struct ptpdk_ucast_client *c)
{
	return ptpdk_interval_ns(c->cfg.log_query_interval);
}

static unsigned delay_kind(const struct ptpdk_ucast_client *c)
{
	return c->cfg.p2p ? PTPDK_UCAST_PDELAY_RESP : PTPDK_UCAST_DELAY_RESP;
}

/* Announce from every master; Sync and the delay response from the selected one. */
static bool wanted(const struct ptpdk_ucast_client *c, const struct ptpdk_ucast_client_master *m,
		   unsigned kind)
{
	if (kind == PTPDK_UCAST_ANNOUNCE)
		return true;
	return m->selected && (kind == PTPDK_UCAST_SYNC || kind == delay_kind(c));
}

static int8_t period_of(const struct ptpdk_ucast_client *c, unsigned kind)
{
	switch (kind) {
	case PTPDK_UCAST_ANNOUNCE:
		return c->cfg.log_announce_period;
	case PTPDK_UCAST_SYNC:
		return c->cfg.log_sync_period;
	default:
		return c->cfg.log_delay_period;
	}
}

int ptpdk_ucast_client_find(const struct ptpdk_ucast_client *c, const struct ptpdk_addr *addr)
{
	struct ptpdk_addr key;

	ptpdk_addr_identity(addr, &key);
	for (unsigned i = 0; i < c->n_masters; i++) {
		struct ptpdk_addr have;

		ptpdk_addr_identity(&c->masters[i].addr, &have);
		if (memcmp(&have, &key, sizeof(key)) == 0)
			return (int)i;
	}
	return -1;
}

int ptpdk_ucast_client_add_master(struct ptpdk_ucast_client *c, const struct ptpdk_addr *addr,
				  uint64_t now_ns)
{
	struct ptpdk_ucast_client_master *m;

	if (c->n_masters == PTPDK_UCAST_CLIENT_MASTERS)
		return -ENOSPC;
	m = &c->masters[c->n_masters];
	memset(m, 0, sizeof(*m));
	m->addr = *addr;
	m->kinds[PTPDK_UCAST_ANNOUNCE].state = PTPDK_UCAST_WANTED;
	m->kinds[PTPDK_UCAST_ANNOUNCE].retry_ns = now_ns;
	return (int)c->n_masters++;
}

static bool live(const struct ptpdk_ucast_client_grant *g, uint64_t now_ns)
{
	return g->state == PTPDK_UCAST_GRANTED && now_ns < g->expiry_ns;
}

/* The selection changed for @p m: ask for what it now wants, give back the rest. */
static void follow_selection(struct ptpdk_ucast_client *c, struct ptpdk_ucast_client_master *m,
			     uint64_t now_ns)
{
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		struct ptpdk_ucast_client_grant *g = &m->kinds[k];

		if (wanted(c, m, k)) {
			if (g->state == PTPDK_UCAST_CANCELLING && now_ns < g->expiry_ns)
				g->state = PTPDK_UCAST_GRANTED;
			else if (g->state == PTPDK_UCAST_IDLE ||
				 g->state == PTPDK_UCAST_CANCELLING) {
				g->state = PTPDK_UCAST_WANTED;
				g->retry_ns = now_ns;
			}
			continue;
		}
		switch (g->state) {
		case PTPDK_UCAST_GRANTED:
		case PTPDK_UCAST_REQUESTED: /* a grant may still be on its way */
			g->state = PTPDK_UCAST_CANCELLING;
			break;
		case PTPDK_UCAST_WANTED:
		case PTPDK_UCAST_DENIED:
			g->state = PTPDK_UCAST_IDLE;
			break;
		default:
			break;
		}
	}
}

void ptpdk_ucast_client_select(struct ptpdk_ucast_client *c, int index, uint64_t now_ns)
{
	for (unsigned i = 0; i < c->n_masters; i++) {
		struct ptpdk_ucast_client_master *m = &c->masters[i];
		bool now_selected = (int)i == index;

		if (m->selected == now_selected)
			continue;
		m->selected = now_selected;
		follow_selection(c, m, now_ns);
	}
}

void ptpdk_ucast_client_on_grant(struct ptpdk_ucast_client *c, unsigned index,
				 const struct ptpdk_tlv_unicast *grant, uint64_t now_ns)
{
	enum ptpdk_ucast_kind kind = ptpdk_ucast_kind_of(grant->message_type);
	struct ptpdk_ucast_client_master *m;
	struct ptpdk_ucast_client_grant *g;

	if (index >= c->n_masters || kind == PTPDK_UCAST_KINDS) {
		c->counters.unknown_grants++;
		return;
	}
	m = &c->masters[index];
	g = &m->kinds[kind];
	if (g->state == PTPDK_UCAST_IDLE || g->state == PTPDK_UCAST_CANCELLING) {
		/* Not (or no longer) wanted: a grant is given back. */
		c->counters.unknown_grants++;
		if (grant->duration) {
			g->state = PTPDK_UCAST_CANCELLING;
			g->expiry_ns = now_ns + grant->duration * NS_PER_S;
		}
		return;
	}
	if (grant->duration == 0) {
		c->counters.denials++;
		m->denials++;
		g->state = PTPDK_UCAST_DENIED;
		g->retry_ns = now_ns + query_ns(c);
		return;
	}
	c->counters.grants++;
	g->state = PTPDK_UCAST_GRANTED;
	g->log_period = grant->log_inter_message_period;
	g->duration_s = grant->duration;
	g->expiry_ns = now_ns + (uint64_t)grant->duration * NS_PER_S;
	/* Renew when a quarter remains. */
	g->renew_ns = now_ns + (uint64_t)grant->duration * NS_PER_S * 3 / 4;
}

void ptpdk_ucast_client_on_cancel(struct ptpdk_ucast_client *c, unsigned index,
				  uint8_t message_type, uint64_t now_ns)
{
	enum ptpdk_ucast_kind kind = ptpdk_ucast_kind_of(message_type);
	struct ptpdk_ucast_client_master *m;
	struct ptpdk_ucast_client_grant *g;

	c->counters.cancels_received++;
	if (index >= c->n_masters || kind == PTPDK_UCAST_KINDS)
		return;
	m = &c->masters[index];
	g = &m->kinds[kind];
	if (wanted(c, m, kind)) {
		g->state = PTPDK_UCAST_WANTED;
		g->retry_ns = now_ns + query_ns(c);
	} else {
		g->state = PTPDK_UCAST_IDLE;
	}
}

static void fill(struct ptpdk_ucast_client_action *out, unsigned master, uint16_t type,
		 uint8_t message_type)
{
	memset(out, 0, sizeof(*out));
	out->master = master;
	out->tlv_type = type;
	out->tlv.message_type = message_type;
}

/* The next action of one grant at @p now_ns, if it has one due. */
static bool grant_due(struct ptpdk_ucast_client *c, unsigned i, unsigned k, uint64_t now_ns,
		      struct ptpdk_ucast_client_action *out)
{
	struct ptpdk_ucast_client_grant *g = &c->masters[i].kinds[k];

	switch (g->state) {
	case PTPDK_UCAST_GRANTED:
		if (now_ns >= g->expiry_ns) {
			c->counters.expired++;
			break; /* ask again, now */
		}
		if (now_ns < g->renew_ns)
			return false;
		g->renew_ns = now_ns + query_ns(c); /* renewing; again if unanswered */
		fill(out, i, PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, kind_message_type[k]);
		out->tlv.log_inter_message_period = g->log_period;
		out->tlv.duration = c->cfg.req_duration_s;
		c->counters.requests++;
		return true;
	case PTPDK_UCAST_REQUESTED:
		if (now_ns < g->retry_ns)
			return false;
		c->counters.timeouts++;
		break;
	case PTPDK_UCAST_WANTED:
	case PTPDK_UCAST_DENIED:
		if (now_ns < g->retry_ns)
			return false;
		break;
	case PTPDK_UCAST_CANCELLING:
		g->state = PTPDK_UCAST_IDLE;
		fill(out, i, PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION, kind_message_type[k]);
		c->counters.cancels_sent++;
		return true;
	default:
		return false;
	}
	g->state = PTPDK_UCAST_REQUESTED;
	g->retry_ns = now_ns + query_ns(c);
	fill(out, i, PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, kind_message_type[k]);
	out->tlv.log_inter_message_period = period_of(c, k);
	out->tlv.duration = c->cfg.req_duration_s;
	c->counters.requests++;
	return true;
}

bool ptpdk_ucast_client_poll(struct ptpdk_ucast_client *c, uint64_t now_ns,
			     struct ptpdk_ucast_client_action *out)
{
	for (unsigned i = 0; i < c->n_masters; i++)
		for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++)
			if (grant_due(c, i, k, now_ns, out))
				return true;
	return false;
}

bool ptpdk_ucast_client_granted(const struct ptpdk_ucast_client *c, unsigned index,
				enum ptpdk_ucast_kind kind, uint64_t now_ns)
{
	if (index >= c->n_masters || kind >= PTPDK_UCAST_KINDS)
		return false;
	return live(&c->masters[index].kinds[kind], now_ns);
}

uint64_t ptpdk_ucast_client_next_due(const struct ptpdk_ucast_client *c)
{
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < c->n_masters; i++) {
		for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
			const struct ptpdk_ucast_client_grant *g = &c->masters[i].kinds[k];
			uint64_t t = UINT64_MAX;

			switch (g->state) {
			case PTPDK_UCAST_WANTED:
			case PTPDK_UCAST_REQUESTED:
			case PTPDK_UCAST_DENIED:
				t = g->retry_ns;
				break;
			case PTPDK_UCAST_GRANTED:
				t = g->renew_ns < g->expiry_ns ? g->renew_ns : g->expiry_ns;
				break;
			case PTPDK_UCAST_CANCELLING:
				t = 0;
				break;
			default:
				break;
			}
			if (t < next)
				next = t;
		}
	}
	return next;
}
