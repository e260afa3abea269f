/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_foreign.h"

#include "ptpdk_elapsed.h"

#include <string.h>

void ptpdk_foreign_init(struct ptpdk_foreign_table *t, const struct ptpdk_port_identity *receiver)
{
	memset(t, 0, sizeof(*t));
	t->receiver = *receiver;
	memcpy(t->own_clock, receiver->clock_identity, PTPDK_CLOCK_ID_LEN);
}

void ptpdk_foreign_set_comparison(struct ptpdk_foreign_table *t, enum ptpdk_bmca_comparison cmp,
				  uint8_t local_priority)
{
	t->comparison = cmp;
	t->local_priority = local_priority;
	for (unsigned i = 0; i < PTPDK_FOREIGN_MAX; i++)
		t->entries[i].ds.local_priority = local_priority;
}

void ptpdk_foreign_clear(struct ptpdk_foreign_table *t)
{
	memset(t->entries, 0, sizeof(t->entries));
}

static struct ptpdk_foreign_master *find(struct ptpdk_foreign_table *t,
					 const struct ptpdk_port_identity *sender)
{
	for (unsigned i = 0; i < PTPDK_FOREIGN_MAX; i++)
		if (t->entries[i].in_use &&
		    ptpdk_port_identity_cmp(&t->entries[i].ds.sender, sender) == 0)
			return &t->entries[i];
	return NULL;
}

static struct ptpdk_foreign_master *alloc(struct ptpdk_foreign_table *t)
{
	for (unsigned i = 0; i < PTPDK_FOREIGN_MAX; i++)
		if (!t->entries[i].in_use) {
			memset(&t->entries[i], 0, sizeof(t->entries[i]));
			t->entries[i].in_use = true;
			return &t->entries[i];
		}
	return NULL;
}

struct ptpdk_foreign_master *ptpdk_foreign_add(struct ptpdk_foreign_table *t,
					       const struct ptpdk_msg *announce, uint64_t now_ns)
{
	const struct ptpdk_header *h = &announce->header;
	struct ptpdk_foreign_master *m;

	t->counters.announces++;
	/* 9.3.2.5 a): our own Announce, looped back by a switch or another port. */
	if (memcmp(h->source_port_identity.clock_identity, t->own_clock, PTPDK_CLOCK_ID_LEN) == 0) {
		t->counters.own_clock++;
		return NULL;
	}
	/* 9.3.2.5 d): a grandmaster 255 or more hops away is not usable. */
	if (announce->body.announce.steps_removed >= 255) {
		t->counters.steps_255++;
		return NULL;
	}
	m = find(t, &h->source_port_identity);
	if (!m)
		m = alloc(t);
	if (!m) {
		t->counters.table_full++;
		return NULL;
	}
	ptpdk_bmca_from_announce(&m->ds, announce, &t->receiver);
	m->ds.local_priority = t->local_priority;
	m->current_utc_offset = announce->body.announce.current_utc_offset;
	m->flags = h->flags;
	m->time_source = announce->body.announce.time_source;
	m->log_announce_interval = h->log_message_interval;
	m->last_ns = now_ns;
	memmove(&m->arrivals[1], &m->arrivals[0], sizeof(m->arrivals) - sizeof(m->arrivals[0]));
	m->arrivals[0] = now_ns;
	if (m->count < PTPDK_FOREIGN_THRESHOLD)
		m->count++;
	return m;
}

unsigned ptpdk_foreign_expire(struct ptpdk_foreign_table *t, uint64_t now_ns, uint64_t timeout_ns)
{
	unsigned removed = 0;

	for (unsigned i = 0; i < PTPDK_FOREIGN_MAX; i++) {
		struct ptpdk_foreign_master *m = &t->entries[i];

		/* Saturating: a caller's "now" may be a little before the last arrival. */
		if (m->in_use && ptpdk_elapsed_ns(now_ns, m->last_ns) > timeout_ns) {
			m->in_use = false;
			removed++;
		}
	}
	t->counters.expired += removed;
	return removed;
}

bool ptpdk_foreign_qualified(const struct ptpdk_foreign_master *m, uint64_t now_ns,
			     uint64_t window_ns, const struct ptpdk_port_identity *parent)
{
	if (!m->in_use)
		return false;
	if (parent && ptpdk_port_identity_cmp(&m->ds.sender, parent) == 0)
		return true;
	return m->count >= PTPDK_FOREIGN_THRESHOLD &&
	       ptpdk_elapsed_ns(now_ns, m->arrivals[PTPDK_FOREIGN_THRESHOLD - 1]) <= window_ns;
}

const struct ptpdk_foreign_master *ptpdk_foreign_best(const struct ptpdk_foreign_table *t,
						      uint64_t now_ns, uint64_t window_ns,
						      const struct ptpdk_port_identity *parent)
{
	const struct ptpdk_foreign_master *best = NULL;

	for (unsigned i = 0; i < PTPDK_FOREIGN_MAX; i++) {
		const struct ptpdk_foreign_master *m = &t->entries[i];

		if (!ptpdk_foreign_qualified(m, now_ns, window_ns, parent))
			continue;
		if (!best || ptpdk_bmca_compare_with(t->comparison, &m->ds, &best->ds) > 0)
			best = m;
	}
	return best;
}

unsigned ptpdk_foreign_count(const struct ptpdk_foreign_table *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < PTPDK_FOREIGN_MAX; i++)
		n += t->entries[i].in_use;
	return n;
}
