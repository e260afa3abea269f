/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "ptpdk_elapsed.h"
#include "ptpdk_monitor.h"

int ptpdk_monitor_init(struct ptpdk_monitor *m, const struct ptpdk_monitor_config *cfg)
{
	unsigned max = cfg ? cfg->max_clocks : 0;
	uint64_t expiry = cfg ? cfg->expiry_ns : 0;

	if (max > PTPDK_MONITOR_MAX_CLOCKS)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->max_clocks = max ? max : PTPDK_MONITOR_DEFAULT_CLOCKS;
	m->expiry_ns = expiry ? expiry : PTPDK_MONITOR_DEFAULT_EXPIRY_NS;
	return 0;
}

void ptpdk_monitor_clear(struct ptpdk_monitor *m)
{
	memset(m->clocks, 0, sizeof(m->clocks));
	m->count = 0;
}

uint64_t ptpdk_monitor_id_u64(const uint8_t *clock_identity)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < PTPDK_CLOCK_ID_LEN; i++)
		v = (v << 8) | clock_identity[i];
	return v;
}

static int find_index(const struct ptpdk_monitor *m, const uint8_t *clock_identity,
		      const struct ptpdk_addr *key)
{
	unsigned i;

	for (i = 0; i < m->count; i++)
		if (memcmp(m->clocks[i].clock_identity, clock_identity, PTPDK_CLOCK_ID_LEN) == 0 &&
		    memcmp(&m->clocks[i].source, key, sizeof(*key)) == 0)
			return (int)i;
	return -1;
}

const struct ptpdk_monitor_clock *ptpdk_monitor_find(const struct ptpdk_monitor *m,
						     const uint8_t *clock_identity,
						     const struct ptpdk_addr *src)
{
	struct ptpdk_addr key;
	int i;

	ptpdk_addr_identity(src, &key);
	i = find_index(m, clock_identity, &key);
	return i < 0 ? NULL : &m->clocks[i];
}

const struct ptpdk_monitor_clock *ptpdk_monitor_find_source(const struct ptpdk_monitor *m,
							    const struct ptpdk_addr *src)
{
	const struct ptpdk_monitor_clock *best = NULL;
	struct ptpdk_addr key;
	unsigned i;

	ptpdk_addr_identity(src, &key);
	for (i = 0; i < m->count; i++) {
		const struct ptpdk_monitor_clock *c = &m->clocks[i];

		if (memcmp(&c->source, &key, sizeof(key)) != 0)
			continue;
		/* a clock that has announced is a master; among equals, the latest */
		if (!best || (c->announced && !best->announced) ||
		    (c->announced == best->announced && c->last_heard_ns > best->last_heard_ns))
			best = c;
	}
	return best;
}

static void remove_at(struct ptpdk_monitor *m, unsigned i)
{
	m->count--;
	if (i != m->count)
		m->clocks[i] = m->clocks[m->count];
	memset(&m->clocks[m->count], 0, sizeof(m->clocks[0]));
}

/* The record for the sender of @p msg, created (evicting the least recently heard one
 * when the table is full) when there is none. */
static struct ptpdk_monitor_clock *lookup(struct ptpdk_monitor *m, const struct ptpdk_msg *msg,
					  const struct ptpdk_addr *src, uint64_t now_ns)
{
	const uint8_t *id = msg->header.source_port_identity.clock_identity;
	struct ptpdk_monitor_clock *c;
	struct ptpdk_addr key;
	int i;

	ptpdk_addr_identity(src, &key);
	i = find_index(m, id, &key);
	if (i < 0) {
		if (m->count >= m->max_clocks) {
			unsigned j, oldest = 0;

			for (j = 1; j < m->count; j++)
				if (m->clocks[j].last_heard_ns < m->clocks[oldest].last_heard_ns)
					oldest = j;
			remove_at(m, oldest);
			m->counters.evicted++;
		}
		i = (int)m->count++;
		c = &m->clocks[i];
		memset(c, 0, sizeof(*c));
		memcpy(c->clock_identity, id, PTPDK_CLOCK_ID_LEN);
		c->source = key;
		c->first_heard_ns = now_ns;
		m->counters.created++;
	}
	c = &m->clocks[i];
	c->port_number = msg->header.source_port_identity.port_number;
	c->domain = msg->header.domain_number;
	c->last_heard_ns = now_ns;
	c->messages++;
	return c;
}

int ptpdk_monitor_announce(struct ptpdk_monitor *m, const struct ptpdk_msg *msg,
			   const struct ptpdk_addr *src, uint64_t now_ns)
{
	const struct ptpdk_body_announce *a = &msg->body.announce;
	struct ptpdk_monitor_clock *c;

	if (msg->header.message_type != PTPDK_MSG_ANNOUNCE) {
		m->counters.wrong_type++;
		return -EINVAL;
	}
	m->counters.announces++;
	c = lookup(m, msg, src, now_ns);
	if (!c->announced) {
		c->announced = true;
		c->master_since_ns = now_ns;
	}
	c->last_announce_ns = now_ns;
	memcpy(c->gm_identity, a->grandmaster_identity, PTPDK_CLOCK_ID_LEN);
	c->gm_quality = a->grandmaster_clock_quality;
	c->gm_priority1 = a->grandmaster_priority1;
	c->gm_priority2 = a->grandmaster_priority2;
	c->steps_removed = a->steps_removed;
	c->time_source = a->time_source;
	c->current_utc_offset = a->current_utc_offset;
	c->flags = msg->header.flags;
	c->log_announce_interval = msg->header.log_message_interval;
	return 0;
}

static void set_offset(struct ptpdk_monitor *m, struct ptpdk_monitor_clock *c, struct ptpdk_tmv t1,
		       int64_t t2_ns, uint64_t now_ns)
{
	/* 11.3.2/11.3.3 without the delay term: the master's time at our stamp is t1 +
	 * corrections + meanPathDelay, so master - ours = (t1 - t2) + delay */
	c->raw_offset_ns = ptpdk_tmv_round_ns(ptpdk_tmv_sub(t1, ptpdk_tmv_from_ns(t2_ns)));
	c->offset_ns = c->raw_offset_ns + (c->delay_known ? c->delay_ns : 0);
	c->sample_ours_ns = t2_ns;
	c->sample_now_ns = now_ns;
	c->has_offset = true;
	c->samples++;
	m->counters.samples++;
}

int ptpdk_monitor_sync(struct ptpdk_monitor *m, const struct ptpdk_msg *msg,
		       const struct ptpdk_addr *src, int64_t t2_ns, uint64_t now_ns)
{
	struct ptpdk_monitor_clock *c;
	struct ptpdk_tmv t1;

	if (msg->header.message_type != PTPDK_MSG_SYNC) {
		m->counters.wrong_type++;
		return -EINVAL;
	}
	m->counters.syncs++;
	c = lookup(m, msg, src, now_ns);
	c->last_sync_ns = now_ns;
	c->log_sync_interval = msg->header.log_message_interval;
	c->two_step = (msg->header.flags & PTPDK_FLAG_TWO_STEP) != 0;
	if (c->two_step) {
		if (c->fup_pending && c->fup_seq == msg->header.sequence_id) {
			c->fup_pending = false;
			set_offset(m, c,
				   ptpdk_tmv_add(c->fup_t1,
						 ptpdk_tmv_from_scaled(msg->header.correction)),
				   t2_ns, now_ns);
			return 1;
		}
		if (c->sync_pending)
			m->counters.sync_unfollowed++;
		c->sync_pending = true;
		c->sync_seq = msg->header.sequence_id;
		c->sync_t2_ns = t2_ns;
		c->sync_correction = msg->header.correction;
		return 0;
	}
	if (ptpdk_wire_ts_to_tmv(&msg->body.timestamp.timestamp, &t1) != 0) {
		m->counters.bad_timestamp++;
		return -ERANGE;
	}
	c->sync_pending = false;
	set_offset(m, c, ptpdk_tmv_add(t1, ptpdk_tmv_from_scaled(msg->header.correction)), t2_ns,
		   now_ns);
	return 1;
}

int ptpdk_monitor_follow_up(struct ptpdk_monitor *m, const struct ptpdk_msg *msg,
			    const struct ptpdk_addr *src, uint64_t now_ns)
{
	struct ptpdk_monitor_clock *c;
	struct ptpdk_tmv t1;

	if (msg->header.message_type != PTPDK_MSG_FOLLOW_UP) {
		m->counters.wrong_type++;
		return -EINVAL;
	}
	m->counters.follow_ups++;
	c = lookup(m, msg, src, now_ns);
	if (ptpdk_wire_ts_to_tmv(&msg->body.timestamp.timestamp, &t1) != 0) {
		m->counters.bad_timestamp++;
		return -ERANGE;
	}
	t1 = ptpdk_tmv_add(t1, ptpdk_tmv_from_scaled(msg->header.correction));
	if (c->sync_pending && c->sync_seq == msg->header.sequence_id) {
		c->sync_pending = false;
		set_offset(m, c, ptpdk_tmv_add(t1, ptpdk_tmv_from_scaled(c->sync_correction)),
			   c->sync_t2_ns, now_ns);
		return 1;
	}
	/* its Sync may still be on its way (software stamping can reorder them) */
	if (c->fup_pending)
		m->counters.fup_unmatched++;
	c->fup_pending = true;
	c->fup_seq = msg->header.sequence_id;
	c->fup_t1 = t1;
	return 0;
}

int ptpdk_monitor_set_delay(struct ptpdk_monitor *m, const uint8_t *clock_identity,
			    const struct ptpdk_addr *src, bool known, int64_t delay_ns)
{
	struct ptpdk_monitor_clock *c;
	struct ptpdk_addr key;
	int i;

	ptpdk_addr_identity(src, &key);
	i = find_index(m, clock_identity, &key);
	if (i < 0)
		return -ENOENT;
	c = &m->clocks[i];
	c->delay_known = known;
	c->delay_ns = known ? delay_ns : 0;
	c->offset_ns = c->raw_offset_ns + c->delay_ns;
	return 0;
}

unsigned ptpdk_monitor_expire(struct ptpdk_monitor *m, uint64_t now_ns)
{
	unsigned i = 0, removed = 0;

	while (i < m->count) {
		if (ptpdk_elapsed_ns(now_ns, m->clocks[i].last_heard_ns) > m->expiry_ns) {
			remove_at(m, i); /* the last record moved here: look at i again */
			removed++;
		} else {
			i++;
		}
	}
	m->counters.expired += removed;
	return removed;
}

unsigned ptpdk_monitor_count(const struct ptpdk_monitor *m)
{
	return m->count;
}
