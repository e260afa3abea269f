/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_neigh.h"

#include <errno.h>
#include <string.h>

void ptpdk_neigh_config_default(struct ptpdk_neigh_config *cfg)
{
	cfg->retry_ns = 1000000000ull;
	cfg->max_tries = 3;
	cfg->reachable_ns = 30000000000ull;
	cfg->fail_hold_ns = 10000000000ull;
}

int ptpdk_neigh_init(struct ptpdk_neigh *n, const struct ptpdk_neigh_config *cfg)
{
	if (!n || !cfg || cfg->max_tries == 0 || cfg->max_tries > 255 || cfg->retry_ns == 0)
		return -EINVAL;
	memset(n, 0, sizeof(*n));
	n->cfg = *cfg;
	return 0;
}

static int find(const struct ptpdk_neigh *n, const uint8_t *ip, unsigned ip_len)
{
	for (int i = 0; i < PTPDK_NEIGH_MAX; i++) {
		const struct ptpdk_neigh_entry *e = &n->e[i];

		if (e->state != PTPDK_NEIGH_FREE && e->ip_len == ip_len &&
		    memcmp(e->ip, ip, ip_len) == 0)
			return i;
	}
	return -1;
}

/* A free entry, else the least recently used one. */
static struct ptpdk_neigh_entry *take(struct ptpdk_neigh *n, const uint8_t *ip, unsigned ip_len,
				      uint64_t now_ns)
{
	struct ptpdk_neigh_entry *e = NULL;

	for (int i = 0; i < PTPDK_NEIGH_MAX && (!e || e->state != PTPDK_NEIGH_FREE); i++)
		if (!e || n->e[i].state == PTPDK_NEIGH_FREE || n->e[i].used_ns < e->used_ns)
			e = &n->e[i];
	if (e->state != PTPDK_NEIGH_FREE)
		n->counters.evicted++;
	memset(e, 0, sizeof(*e));
	memcpy(e->ip, ip, ip_len);
	e->ip_len = (uint8_t)ip_len;
	e->used_ns = now_ns;
	return e;
}

static void start_resolving(struct ptpdk_neigh_entry *e, enum ptpdk_neigh_state state,
			    uint64_t now_ns)
{
	e->state = (uint8_t)state;
	e->tries = 0;
	e->until_ns = now_ns; /* the first request is due at once */
}

int ptpdk_neigh_lookup(struct ptpdk_neigh *n, const uint8_t *ip, unsigned ip_len, uint64_t now_ns,
		       uint8_t mac[6])
{
	struct ptpdk_neigh_entry *e;
	int i;

	if (ip_len != 4 && ip_len != 16)
		return -EINVAL;
	n->counters.lookups++;
	i = find(n, ip, ip_len);
	if (i < 0) {
		e = take(n, ip, ip_len, now_ns);
		start_resolving(e, PTPDK_NEIGH_INCOMPLETE, now_ns);
		n->counters.misses++;
		return -EAGAIN;
	}
	e = &n->e[i];
	e->used_ns = now_ns;
	switch (e->state) {
	case PTPDK_NEIGH_REACHABLE:
		if (now_ns >= e->until_ns)
			start_resolving(e, PTPDK_NEIGH_STALE, now_ns);
		/* fall through */
	case PTPDK_NEIGH_STALE:
		memcpy(mac, e->mac, 6);
		return 0;
	case PTPDK_NEIGH_FAILED:
		if (now_ns >= e->until_ns) {
			start_resolving(e, PTPDK_NEIGH_INCOMPLETE, now_ns);
			n->counters.misses++;
			return -EAGAIN;
		}
		n->counters.misses++;
		return -EHOSTUNREACH;
	default:
		n->counters.misses++;
		return -EAGAIN;
	}
}

void ptpdk_neigh_learn(struct ptpdk_neigh *n, const uint8_t *ip, unsigned ip_len,
		       const uint8_t mac[6], bool create, uint64_t now_ns)
{
	struct ptpdk_neigh_entry *e;
	int i;

	if (ip_len != 4 && ip_len != 16)
		return;
	i = find(n, ip, ip_len);
	if (i < 0 && !create)
		return;
	e = i < 0 ? take(n, ip, ip_len, now_ns) : &n->e[i];
	if (e->state != PTPDK_NEIGH_REACHABLE || memcmp(e->mac, mac, 6) != 0)
		n->counters.learnt++;
	memcpy(e->mac, mac, 6);
	e->state = PTPDK_NEIGH_REACHABLE;
	e->tries = 0;
	e->until_ns = now_ns + n->cfg.reachable_ns;
}

bool ptpdk_neigh_poll(struct ptpdk_neigh *n, uint64_t now_ns, struct ptpdk_neigh_request *out)
{
	for (int i = 0; i < PTPDK_NEIGH_MAX; i++) {
		struct ptpdk_neigh_entry *e = &n->e[i];

		if (e->state == PTPDK_NEIGH_FAILED && now_ns >= e->until_ns) {
			memset(e, 0, sizeof(*e)); /* forgotten */
			continue;
		}
		if ((e->state != PTPDK_NEIGH_INCOMPLETE && e->state != PTPDK_NEIGH_STALE) ||
		    now_ns < e->until_ns)
			continue;
		if (e->tries >= n->cfg.max_tries) {
			e->state = PTPDK_NEIGH_FAILED;
			e->until_ns = now_ns + n->cfg.fail_hold_ns;
			n->counters.failed++;
			continue;
		}
		memset(out, 0, sizeof(*out));
		memcpy(out->ip, e->ip, e->ip_len);
		out->ip_len = e->ip_len;
		out->unicast = e->state == PTPDK_NEIGH_STALE;
		if (out->unicast)
			memcpy(out->mac, e->mac, 6);
		e->tries++;
		e->until_ns = now_ns + n->cfg.retry_ns;
		n->counters.requests++;
		return true;
	}
	return false;
}

uint64_t ptpdk_neigh_next_due(const struct ptpdk_neigh *n)
{
	uint64_t next = UINT64_MAX;

	for (int i = 0; i < PTPDK_NEIGH_MAX; i++) {
		const struct ptpdk_neigh_entry *e = &n->e[i];

		if ((e->state == PTPDK_NEIGH_INCOMPLETE || e->state == PTPDK_NEIGH_STALE ||
		     e->state == PTPDK_NEIGH_FAILED) &&
		    e->until_ns < next)
			next = e->until_ns;
	}
	return next;
}
