/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ucast_server.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_interval.h"
#include "ptpdk_ucast_port.h"
#include "ptpdk_ucast_wheel.h"

#define WHEEL_SLOT_BITS	 12 /* 4096 slots of 2^20 ns: a turn of 4.3 s */
#define WHEEL_SLOT_SHIFT 20
#define SWEEP_PER_TICK	 64
#define TICK_NS		 1000000ull

struct ptpdk_ucast_server {
	struct ptpdk_ucast_server_host host;
	struct ptpdk_port_identity self;
	struct ptpdk_ucast_grants *grants;
	struct ptpdk_ucast_wheel *wheel;
	uint32_t max_clients;
	struct ptpdk_addr *dest; /* per grant entry: where its messages go */
	struct ptpdk_ucast_server_counters counters;
};

struct ptpdk_ucast_server *ptpdk_ucast_server_create(const struct ptpdk_ucast_limits *limits,
						     const struct ptpdk_port_identity *self,
						     const struct ptpdk_ucast_server_host *host,
						     uint64_t now_ns)
{
	struct ptpdk_ucast_server *s;
	size_t gsize, wsize;
	void *gmem, *wmem;

	if (!limits || !self || !host || !host->send_signaling || !host->send_message) {
		errno = EINVAL;
		return NULL;
	}
	gsize = ptpdk_ucast_grants_size(limits->max_clients);
	wsize = ptpdk_ucast_wheel_size(2 * limits->max_clients, WHEEL_SLOT_BITS);
	if (gsize == 0 || wsize == 0) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	gmem = aligned_alloc(64, (gsize + 63) & ~(size_t)63);
	wmem = malloc(wsize);
	if (s)
		s->dest = calloc(limits->max_clients, sizeof(*s->dest));
	if (!s || !gmem || !wmem || !s->dest)
		goto fail;
	s->grants = ptpdk_ucast_grants_init(gmem, gsize, limits, now_ns);
	s->wheel = ptpdk_ucast_wheel_init(wmem, wsize, 2 * limits->max_clients, WHEEL_SLOT_BITS,
					  WHEEL_SLOT_SHIFT, now_ns);
	if (!s->grants || !s->wheel) {
		errno = EINVAL;
		goto fail;
	}
	s->host = *host;
	s->self = *self;
	s->max_clients = limits->max_clients;
	return s;
fail:
	if (s)
		free(s->dest);
	free(s);
	free(gmem);
	free(wmem);
	if (!errno)
		errno = ENOMEM;
	return NULL;
}

void ptpdk_ucast_server_destroy(struct ptpdk_ucast_server *s)
{
	if (!s)
		return;
	free(s->grants);
	free(s->wheel);
	free(s->dest);
	free(s);
}

/* The grant table's 10 octets of a port identity (clockIdentity, portNumber). */
static void pid_octets(const struct ptpdk_port_identity *id, uint8_t out[10])
{
	memcpy(out, id->clock_identity, PTPDK_CLOCK_ID_LEN);
	out[8] = (uint8_t)(id->port_number >> 8);
	out[9] = (uint8_t)id->port_number;
}

static void reply(struct ptpdk_ucast_server *s, const struct ptpdk_addr *to,
		  const struct ptpdk_port_identity *target, uint16_t type,
		  const struct ptpdk_tlv_unicast *body)
{
	struct ptpdk_tlv tlv;

	memset(&tlv, 0, sizeof(tlv));
	tlv.type = type;
	tlv.u.unicast = *body;
	if (s->host.send_signaling(s->host.ctx, to, target, &tlv) < 0)
		s->counters.send_failed++;
	else
		s->counters.signaling_tx++;
}

/* Item numbers of the wheel: two per grant entry. */
static uint32_t item_of(uint32_t id, enum ptpdk_ucast_kind kind)
{
	return 2 * id + (kind == PTPDK_UCAST_SYNC);
}

static void on_request(struct ptpdk_ucast_server *s, const struct ptpdk_msg *m,
		       const struct ptpdk_tlv_unicast *req, const struct ptpdk_addr *src,
		       uint64_t now_ns)
{
	enum ptpdk_ucast_kind kind = ptpdk_ucast_kind_of(req->message_type);
	struct ptpdk_tlv_unicast grant;
	uint8_t pid[10];
	uint32_t id;

	pid_octets(&m->header.source_port_identity, pid);
	if (ptpdk_ucast_grants_request_id(s->grants, src, pid, req, now_ns, &grant, &id) &&
	    id < s->max_clients) {
		s->dest[id] = *src;
		/* A new grant of Announce or Sync starts its schedule now. */
		if ((kind == PTPDK_UCAST_ANNOUNCE || kind == PTPDK_UCAST_SYNC) &&
		    !ptpdk_ucast_wheel_holds(s->wheel, item_of(id, kind), NULL))
			ptpdk_ucast_wheel_add(s->wheel, item_of(id, kind), now_ns);
	}
	reply(s, src, &m->header.source_port_identity, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION,
	      &grant);
}

void ptpdk_ucast_server_rx_signaling(struct ptpdk_ucast_server *s, const struct ptpdk_msg *m,
				     const struct ptpdk_addr *src, uint64_t now_ns)
{
	if (!ptpdk_ucast_for_port(&m->body.targeted.target_port_identity, &s->self)) {
		s->counters.not_for_us++;
		return;
	}
	if (!src)
		return;
	s->counters.signaling_rx++;
	for (unsigned i = 0; i < m->tlv_count; i++) {
		const struct ptpdk_tlv *t = &m->tlvs[i];
		struct ptpdk_tlv_unicast ack;
		uint8_t pid[10];

		switch (t->type) {
		case PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION:
			on_request(s, m, &t->u.unicast, src, now_ns);
			break;
		case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
			/* The schedule's item goes when it next falls due (lazy). */
			pid_octets(&m->header.source_port_identity, pid);
			ptpdk_ucast_grants_cancel(s->grants, src, pid, t->u.unicast.message_type,
						  now_ns, &ack);
			reply(s, src, &m->header.source_port_identity,
			      PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION, &ack);
			break;
		default:
			s->counters.tlvs_ignored++;
			break;
		}
	}
}

bool ptpdk_ucast_server_owes(const struct ptpdk_ucast_server *s, const struct ptpdk_addr *src,
			     const struct ptpdk_port_identity *requester,
			     enum ptpdk_ucast_kind kind, uint64_t now_ns)
{
	uint8_t pid[10];

	if (!src)
		return false;
	pid_octets(requester, pid);
	return ptpdk_ucast_grants_holds(s->grants, src, pid, kind, now_ns, NULL);
}

unsigned ptpdk_ucast_server_tick(struct ptpdk_ucast_server *s, uint64_t now_ns, bool serving,
				 unsigned budget, uint64_t *next)
{
	enum { BATCH = 64 };
	uint32_t items[BATCH];
	uint64_t due[BATCH];
	unsigned sent = 0, n;

	ptpdk_ucast_grants_sweep(s->grants, now_ns, SWEEP_PER_TICK);
	do {
		n = ptpdk_ucast_wheel_take(s->wheel, now_ns, items, due,
					   budget - sent < BATCH ? budget - sent : BATCH);
		for (unsigned k = 0; k < n; k++) {
			uint32_t id = items[k] / 2;
			enum ptpdk_ucast_kind kind =
				items[k] & 1 ? PTPDK_UCAST_SYNC : PTPDK_UCAST_ANNOUNCE;
			uint64_t again;
			int8_t log;

			if (!ptpdk_ucast_grants_live(s->grants, id, kind, now_ns, &log)) {
				s->counters.schedule_dropped++;
				continue;
			}
			if (!serving) {
				s->counters.not_serving++;
			} else if (s->host.send_message(s->host.ctx, kind, &s->dest[id], log) < 0) {
				s->counters.send_failed++;
			} else {
				if (kind == PTPDK_UCAST_SYNC)
					s->counters.sync_sent++;
				else
					s->counters.announce_sent++;
				sent++;
			}
			/* One period on; from now when the loop fell a period behind. */
			again = due[k] + ptpdk_interval_ns(log);
			if (again <= now_ns)
				again = now_ns + ptpdk_interval_ns(log);
			ptpdk_ucast_wheel_add(s->wheel, items[k], again);
		}
	} while (n == BATCH && sent < budget);
	if (ptpdk_ucast_wheel_count(s->wheel) && now_ns + TICK_NS < *next)
		*next = now_ns + TICK_NS;
	return sent;
}

const struct ptpdk_ucast_server_counters *
ptpdk_ucast_server_counters(const struct ptpdk_ucast_server *s)
{
	return &s->counters;
}

const struct ptpdk_ucast_grants *ptpdk_ucast_server_grants(const struct ptpdk_ucast_server *s)
{
	return s->grants;
}
