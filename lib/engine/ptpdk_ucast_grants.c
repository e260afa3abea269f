/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ucast_grants.h"

#include <string.h>

#include "ptpdk_elapsed.h"

#define NIL	    UINT32_MAX
#define NS_PER_S    1000000000ull
#define LOG_FASTEST (-7) /* 128 per second: the limits' range, so rates stay integers x128 */
#define LOG_SLOWEST 7

/* One client: 64 bytes, one cache line. */
struct entry {
	struct ptpdk_addr addr;		      /* normalised: only what identifies the client */
	uint8_t port_identity[10];	      /* the requester's sourcePortIdentity */
	uint32_t next;			      /* hash chain when in use, free list when not */
	uint32_t expiry_s[PTPDK_UCAST_KINDS]; /* table seconds; 0: no grant */
	int8_t log_period[PTPDK_UCAST_KINDS];
	uint8_t in_use;
	uint8_t pad[3];
};

_Static_assert(sizeof(struct entry) == 64, "a client entry is one cache line");

struct ptpdk_ucast_grants {
	struct ptpdk_ucast_limits limits;
	uint64_t base_ns;	 /* table second 1 starts here */
	uint64_t committed_x128; /* packets per second x 128 of the grants not yet swept */
	uint32_t bucket_mask;
	uint32_t free_head;
	uint32_t clients;
	uint32_t sweep_cursor;
	struct ptpdk_ucast_grants_counters counters;
	uint32_t *buckets;
	struct entry *entries;
};

static size_t header_size(void)
{
	return (sizeof(struct ptpdk_ucast_grants) + 63) & ~(size_t)63;
}

static uint32_t bucket_count(uint32_t max_clients)
{
	uint32_t n = 1;

	while (n < max_clients)
		n <<= 1;
	return n;
}

size_t ptpdk_ucast_grants_size(uint32_t max_clients)
{
	if (max_clients == 0 || max_clients > PTPDK_UCAST_MAX_CLIENTS)
		return 0;
	return header_size() + (size_t)max_clients * sizeof(struct entry) +
	       (size_t)bucket_count(max_clients) * sizeof(uint32_t);
}

static bool limits_usable(const struct ptpdk_ucast_limits *l)
{
	if (l->max_clients == 0 || l->max_clients > PTPDK_UCAST_MAX_CLIENTS ||
	    l->max_duration_s == 0)
		return false;
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++)
		if (l->min_log_period[k] < LOG_FASTEST || l->max_log_period[k] > LOG_SLOWEST ||
		    l->min_log_period[k] > l->max_log_period[k])
			return false;
	return true;
}

struct ptpdk_ucast_grants *ptpdk_ucast_grants_init(void *mem, size_t size,
						   const struct ptpdk_ucast_limits *limits,
						   uint64_t now_ns)
{
	struct ptpdk_ucast_grants *t = mem;
	uint32_t n_buckets;

	if (!mem || !limits || ((uintptr_t)mem & 63) || !limits_usable(limits) ||
	    size < ptpdk_ucast_grants_size(limits->max_clients))
		return NULL;
	n_buckets = bucket_count(limits->max_clients);
	memset(t, 0, sizeof(*t));
	t->limits = *limits;
	t->base_ns = now_ns;
	t->bucket_mask = n_buckets - 1;
	t->entries = (struct entry *)((uint8_t *)mem + header_size());
	t->buckets = (uint32_t *)(t->entries + limits->max_clients);
	for (uint32_t i = 0; i < limits->max_clients; i++) {
		memset(&t->entries[i], 0, sizeof(t->entries[i]));
		t->entries[i].next = i + 1 < limits->max_clients ? i + 1 : NIL;
	}
	t->free_head = 0;
	for (uint32_t b = 0; b < n_buckets; b++)
		t->buckets[b] = NIL;
	return t;
}

enum ptpdk_ucast_kind ptpdk_ucast_kind_of(uint8_t message_type)
{
	switch (message_type & 0xF) {
	case PTPDK_MSG_ANNOUNCE:
		return PTPDK_UCAST_ANNOUNCE;
	case PTPDK_MSG_SYNC:
		return PTPDK_UCAST_SYNC;
	case PTPDK_MSG_DELAY_RESP:
		return PTPDK_UCAST_DELAY_RESP;
	case PTPDK_MSG_PDELAY_RESP:
		return PTPDK_UCAST_PDELAY_RESP;
	default:
		return PTPDK_UCAST_KINDS;
	}
}

/* ------------------------------------------------------------------ time */

/* The current table second, counted from 1; a grant is live while it is below the
 * grant's expiry. */
static uint32_t now_s(const struct ptpdk_ucast_grants *t, uint64_t now_ns)
{
	uint64_t s = ptpdk_elapsed_ns(now_ns, t->base_ns) / NS_PER_S + 1;

	return s < UINT32_MAX ? (uint32_t)s : UINT32_MAX - 1;
}

/* Never early: the table second in which now + duration has certainly passed. */
static uint32_t expiry_for(const struct ptpdk_ucast_grants *t, uint64_t now_ns, uint32_t duration_s)
{
	uint64_t e = ptpdk_elapsed_ns(now_ns, t->base_ns);
	uint64_t s = (e + NS_PER_S - 1) / NS_PER_S + duration_s + 1;

	return s < UINT32_MAX ? (uint32_t)s : UINT32_MAX;
}

static bool live(const struct entry *e, unsigned kind, uint32_t s)
{
	return e->expiry_s[kind] != 0 && s < e->expiry_s[kind];
}

/* ------------------------------------------------------------------ rates */

static uint64_t packets_per_message(const struct ptpdk_ucast_grants *t, unsigned kind)
{
	switch (kind) {
	case PTPDK_UCAST_SYNC:
	case PTPDK_UCAST_PDELAY_RESP:
		return t->limits.one_step ? 1 : 2; /* with its Follow_Up */
	default:
		return 1;
	}
}

/* Packets per second x 128 of one grant; periods are within [-7, 7] (limits). */
static uint64_t rate_x128(const struct ptpdk_ucast_grants *t, unsigned kind, int8_t log_period)
{
	uint64_t per_s = log_period >= 0 ? 128u >> log_period : 128u << -log_period;

	return per_s * packets_per_message(t, kind);
}

static bool rate_fits(const struct ptpdk_ucast_grants *t, uint64_t freed, uint64_t added)
{
	if (t->limits.max_pps == 0)
		return true;
	return t->committed_x128 - freed + added <= (uint64_t)t->limits.max_pps * 128;
}

/* ------------------------------------------------------------------ the hash */

static void make_key(struct entry *k, const struct ptpdk_addr *a, const uint8_t pid[10])
{
	memset(k, 0, sizeof(*k));
	ptpdk_addr_identity(a, &k->addr);
	memcpy(k->port_identity, pid, sizeof(k->port_identity));
}

static bool same_key(const struct entry *a, const struct entry *b)
{
	return memcmp(&a->addr, &b->addr, sizeof(a->addr)) == 0 &&
	       memcmp(a->port_identity, b->port_identity, sizeof(a->port_identity)) == 0;
}

/* FNV-1a over the key, then a multiplicative mix for the low bits. */
static uint32_t key_hash(const struct entry *k)
{
	const uint8_t *p = (const uint8_t *)&k->addr;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < sizeof(k->addr); i++)
		h = (h ^ p[i]) * 16777619u;
	for (size_t i = 0; i < sizeof(k->port_identity); i++)
		h = (h ^ k->port_identity[i]) * 16777619u;
	return (h ^ (h >> 15)) * 0x2c1b3c6du;
}

static uint32_t find(const struct ptpdk_ucast_grants *t, const struct entry *key)
{
	uint32_t i = t->buckets[key_hash(key) & t->bucket_mask];

	while (i != NIL && !same_key(&t->entries[i], key))
		i = t->entries[i].next;
	return i;
}

static uint32_t insert(struct ptpdk_ucast_grants *t, const struct entry *key)
{
	uint32_t i = t->free_head, b = key_hash(key) & t->bucket_mask;
	struct entry *e;

	if (i == NIL)
		return NIL;
	e = &t->entries[i];
	t->free_head = e->next;
	*e = *key;
	e->in_use = 1;
	e->next = t->buckets[b];
	t->buckets[b] = i;
	t->clients++;
	return i;
}

static void release(struct ptpdk_ucast_grants *t, uint32_t i)
{
	struct entry *e = &t->entries[i];
	uint32_t *link = &t->buckets[key_hash(e) & t->bucket_mask];

	while (*link != i)
		link = &t->entries[*link].next;
	*link = e->next;
	memset(e, 0, sizeof(*e));
	e->next = t->free_head;
	t->free_head = i;
	t->clients--;
}

static bool has_grants(const struct entry *e)
{
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++)
		if (e->expiry_s[k])
			return true;
	return false;
}

/* End one grant (run out, cancelled or replaced) and give its rate back. */
static void end_grant(struct ptpdk_ucast_grants *t, struct entry *e, unsigned kind)
{
	t->committed_x128 -= rate_x128(t, kind, e->log_period[kind]);
	e->expiry_s[kind] = 0;
	e->log_period[kind] = 0;
}

/* ------------------------------------------------------------------ requests */

static bool deny(struct ptpdk_ucast_grants *t, enum ptpdk_ucast_deny why,
		 struct ptpdk_tlv_unicast *grant)
{
	t->counters.denied[why]++;
	grant->duration = 0;
	grant->renewal_invited = false;
	return false;
}

bool ptpdk_ucast_grants_request_id(struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
				   const uint8_t port_identity[10],
				   const struct ptpdk_tlv_unicast *req, uint64_t now_ns,
				   struct ptpdk_tlv_unicast *grant, uint32_t *id)
{
	enum ptpdk_ucast_kind kind = ptpdk_ucast_kind_of(req->message_type);
	uint32_t s = now_s(t, now_ns), i;
	uint64_t freed = 0, added;
	uint32_t duration;
	struct entry key, *e;

	*id = PTPDK_UCAST_NO_ID;
	t->counters.requests++;
	memset(grant, 0, sizeof(*grant));
	grant->message_type = req->message_type;
	grant->log_inter_message_period = req->log_inter_message_period;
	if (kind == PTPDK_UCAST_KINDS)
		return deny(t, PTPDK_UCAST_DENY_TYPE, grant);
	if (req->log_inter_message_period < t->limits.min_log_period[kind] ||
	    req->log_inter_message_period > t->limits.max_log_period[kind])
		return deny(t, PTPDK_UCAST_DENY_PERIOD, grant);
	if (req->duration == 0)
		return deny(t, PTPDK_UCAST_DENY_DURATION, grant);
	duration =
		req->duration < t->limits.max_duration_s ? req->duration : t->limits.max_duration_s;
	added = rate_x128(t, kind, req->log_inter_message_period);
	make_key(&key, client, port_identity);
	i = find(t, &key);
	e = i == NIL ? NULL : &t->entries[i];
	if (e)
		*id = i;
	if (e && e->expiry_s[kind] && !live(e, kind, s)) {
		end_grant(t, e, kind);
		t->counters.expired++;
	}
	if (e && live(e, kind, s) && e->log_period[kind] == req->log_inter_message_period) {
		uint32_t until = expiry_for(t, now_ns, duration);

		if (until > e->expiry_s[kind])
			e->expiry_s[kind] = until;
		t->counters.renewed++;
		grant->duration = duration;
		grant->renewal_invited = true;
		return true;
	}
	if (e && live(e, kind, s))
		freed = rate_x128(t, kind, e->log_period[kind]);
	if (!e && t->clients >= t->limits.max_clients)
		return deny(t, PTPDK_UCAST_DENY_CLIENTS, grant);
	/* Denied at another period: the grant the client holds runs on until it ends. */
	if (!rate_fits(t, freed, added))
		return deny(t, PTPDK_UCAST_DENY_RATE, grant);
	if (!e) {
		i = insert(t, &key);
		if (i == NIL)
			return deny(t, PTPDK_UCAST_DENY_CLIENTS, grant);
		e = &t->entries[i];
		*id = i;
	} else if (freed) {
		end_grant(t, e, kind);
	}
	e->expiry_s[kind] = expiry_for(t, now_ns, duration);
	e->log_period[kind] = req->log_inter_message_period;
	t->committed_x128 += added;
	t->counters.granted++;
	grant->duration = duration;
	grant->renewal_invited = true;
	return true;
}

bool ptpdk_ucast_grants_request(struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
				const uint8_t port_identity[10],
				const struct ptpdk_tlv_unicast *req, uint64_t now_ns,
				struct ptpdk_tlv_unicast *grant)
{
	uint32_t id;

	return ptpdk_ucast_grants_request_id(t, client, port_identity, req, now_ns, grant, &id);
}

bool ptpdk_ucast_grants_live(const struct ptpdk_ucast_grants *t, uint32_t id,
			     enum ptpdk_ucast_kind kind, uint64_t now_ns, int8_t *log_period)
{
	const struct entry *e;

	if (id >= t->limits.max_clients || kind >= PTPDK_UCAST_KINDS)
		return false;
	e = &t->entries[id];
	if (!e->in_use || !live(e, kind, now_s(t, now_ns)))
		return false;
	if (log_period)
		*log_period = e->log_period[kind];
	return true;
}

bool ptpdk_ucast_grants_cancel(struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
			       const uint8_t port_identity[10], uint8_t message_type,
			       uint64_t now_ns, struct ptpdk_tlv_unicast *ack)
{
	enum ptpdk_ucast_kind kind = ptpdk_ucast_kind_of(message_type);
	struct entry key, *e;
	bool ended = false;
	uint32_t i;

	memset(ack, 0, sizeof(*ack));
	ack->message_type = message_type;
	make_key(&key, client, port_identity);
	i = kind == PTPDK_UCAST_KINDS ? NIL : find(t, &key);
	e = i == NIL ? NULL : &t->entries[i];
	if (e && e->expiry_s[kind]) {
		ended = live(e, kind, now_s(t, now_ns));
		if (!ended)
			t->counters.expired++;
		end_grant(t, e, kind);
		if (!has_grants(e))
			release(t, i);
	}
	if (ended)
		t->counters.cancels++;
	else
		t->counters.cancels_unknown++;
	return ended;
}

bool ptpdk_ucast_grants_holds(const struct ptpdk_ucast_grants *t, const struct ptpdk_addr *client,
			      const uint8_t port_identity[10], enum ptpdk_ucast_kind kind,
			      uint64_t now_ns, int8_t *log_period)
{
	struct entry key;
	uint32_t i;

	if (kind >= PTPDK_UCAST_KINDS)
		return false;
	make_key(&key, client, port_identity);
	i = find(t, &key);
	if (i == NIL || !live(&t->entries[i], kind, now_s(t, now_ns)))
		return false;
	if (log_period)
		*log_period = t->entries[i].log_period[kind];
	return true;
}

unsigned ptpdk_ucast_grants_sweep(struct ptpdk_ucast_grants *t, uint64_t now_ns,
				  unsigned max_visits)
{
	uint32_t s = now_s(t, now_ns), n = t->limits.max_clients;
	unsigned expired = 0;

	if (max_visits > n)
		max_visits = n;
	for (unsigned v = 0; v < max_visits; v++) {
		uint32_t i = t->sweep_cursor;
		struct entry *e = &t->entries[i];

		t->sweep_cursor = i + 1 < n ? i + 1 : 0;
		if (!e->in_use)
			continue;
		for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
			if (e->expiry_s[k] && !live(e, k, s)) {
				end_grant(t, e, k);
				expired++;
			}
		}
		if (!has_grants(e))
			release(t, i);
	}
	t->counters.expired += expired;
	return expired;
}

uint32_t ptpdk_ucast_grants_clients(const struct ptpdk_ucast_grants *t)
{
	return t->clients;
}

uint64_t ptpdk_ucast_grants_committed_x128(const struct ptpdk_ucast_grants *t)
{
	return t->committed_x128;
}

const struct ptpdk_ucast_grants_counters *
ptpdk_ucast_grants_counters(const struct ptpdk_ucast_grants *t)
{
	return &t->counters;
}
