/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ucast_port.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_bmca.h"

struct ptpdk_ucast_port {
	struct ptpdk_ucast_client client;
	struct ptpdk_ucast_port_host host;
	struct ptpdk_port_identity self;
	/* Each master's port identity, once its Announce named it. */
	struct ptpdk_port_identity identity[PTPDK_UCAST_CLIENT_MASTERS];
	bool identified[PTPDK_UCAST_CLIENT_MASTERS];
	int selected; /* master index the BMCA follows, or -1 */
	struct ptpdk_ucast_port_counters counters;
};

static const struct ptpdk_port_identity wildcard = {
	.clock_identity = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
	.port_number = 0xFFFF,
};

struct ptpdk_ucast_port *ptpdk_ucast_port_create(const struct ptpdk_ucast_port_config *cfg,
						 const struct ptpdk_port_identity *self,
						 const struct ptpdk_ucast_port_host *host,
						 uint64_t now_ns)
{
	struct ptpdk_ucast_port *u;

	if (!cfg || !self || !host || !host->send_signaling || cfg->n_masters == 0 ||
	    cfg->n_masters > PTPDK_UCAST_CLIENT_MASTERS) {
		errno = EINVAL;
		return NULL;
	}
	u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	if (ptpdk_ucast_client_init(&u->client, &cfg->client) != 0) {
		free(u);
		errno = EINVAL;
		return NULL;
	}
	for (unsigned i = 0; i < cfg->n_masters; i++)
		ptpdk_ucast_client_add_master(&u->client, &cfg->masters[i], now_ns);
	u->host = *host;
	u->self = *self;
	u->selected = -1;
	return u;
}

void ptpdk_ucast_port_destroy(struct ptpdk_ucast_port *u)
{
	free(u);
}

bool ptpdk_ucast_for_port(const struct ptpdk_port_identity *target,
			  const struct ptpdk_port_identity *self)
{
	if (ptpdk_port_identity_cmp(target, self) == 0 ||
	    ptpdk_port_identity_cmp(target, &wildcard) == 0)
		return true;
	/* 13.12.1: a wildcard clock identity with our port number, or ours with 0xFFFF. */
	return (memcmp(target->clock_identity, wildcard.clock_identity, PTPDK_CLOCK_ID_LEN) == 0 &&
		target->port_number == self->port_number) ||
	       (memcmp(target->clock_identity, self->clock_identity, PTPDK_CLOCK_ID_LEN) == 0 &&
		target->port_number == 0xFFFF);
}

static void send_tlv(struct ptpdk_ucast_port *u, unsigned master, const struct ptpdk_tlv *tlv)
{
	const struct ptpdk_port_identity *target =
		u->identified[master] ? &u->identity[master] : &wildcard;

	if (u->host.send_signaling(u->host.ctx, &u->client.masters[master].addr, target, tlv) < 0)
		u->counters.signaling_failed++;
	else
		u->counters.signaling_tx++;
}

static void acknowledge_cancel(struct ptpdk_ucast_port *u, unsigned master, uint8_t message_type)
{
	struct ptpdk_tlv ack;

	memset(&ack, 0, sizeof(ack));
	ack.type = PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION;
	ack.u.unicast.message_type = message_type;
	send_tlv(u, master, &ack);
}

void ptpdk_ucast_port_rx_signaling(struct ptpdk_ucast_port *u, const struct ptpdk_msg *m,
				   const struct ptpdk_addr *src, uint64_t now_ns)
{
	int master;

	if (!ptpdk_ucast_for_port(&m->body.targeted.target_port_identity, &u->self)) {
		u->counters.not_for_us++;
		return;
	}
	master = src ? ptpdk_ucast_client_find(&u->client, src) : -1;
	if (master < 0) {
		u->counters.unknown_sender++;
		return;
	}
	u->counters.signaling_rx++;
	for (unsigned i = 0; i < m->tlv_count; i++) {
		const struct ptpdk_tlv *t = &m->tlvs[i];

		switch (t->type) {
		case PTPDK_TLV_GRANT_UNICAST_TRANSMISSION:
			ptpdk_ucast_client_on_grant(&u->client, (unsigned)master, &t->u.unicast,
						    now_ns);
			break;
		case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
			ptpdk_ucast_client_on_cancel(&u->client, (unsigned)master,
						     t->u.unicast.message_type, now_ns);
			acknowledge_cancel(u, (unsigned)master, t->u.unicast.message_type);
			break;
		default:
			u->counters.tlvs_ignored++;
			break;
		}
	}
}

void ptpdk_ucast_port_announce(struct ptpdk_ucast_port *u, const struct ptpdk_port_identity *sender,
			       const struct ptpdk_addr *src)
{
	int master = src ? ptpdk_ucast_client_find(&u->client, src) : -1;

	if (master < 0)
		return;
	u->identity[master] = *sender;
	u->identified[master] = true;
}

void ptpdk_ucast_port_select(struct ptpdk_ucast_port *u, const struct ptpdk_port_identity *parent,
			     uint64_t now_ns)
{
	int index = -1;

	for (unsigned i = 0; parent && i < u->client.n_masters; i++)
		if (u->identified[i] && ptpdk_port_identity_cmp(&u->identity[i], parent) == 0) {
			index = (int)i;
			break;
		}
	if (index == u->selected)
		return;
	u->selected = index;
	ptpdk_ucast_client_select(&u->client, index, now_ns);
}

bool ptpdk_ucast_port_parent_addr(const struct ptpdk_ucast_port *u, struct ptpdk_addr *out)
{
	if (u->selected < 0)
		return false;
	*out = u->client.masters[u->selected].addr;
	return true;
}

void ptpdk_ucast_port_tick(struct ptpdk_ucast_port *u, uint64_t now_ns, uint64_t *next)
{
	struct ptpdk_ucast_client_action a;
	uint64_t due;

	/* Bounded: each action moves its grant on, so at most one per grant per tick. */
	for (unsigned n = 0; n < PTPDK_UCAST_CLIENT_MASTERS * PTPDK_UCAST_KINDS &&
			     ptpdk_ucast_client_poll(&u->client, now_ns, &a);
	     n++) {
		struct ptpdk_tlv tlv;

		memset(&tlv, 0, sizeof(tlv));
		tlv.type = a.tlv_type;
		tlv.u.unicast = a.tlv;
		send_tlv(u, a.master, &tlv);
	}
	due = ptpdk_ucast_client_next_due(&u->client);
	if (due < *next) /* engine times stay far below 2^63: no wrap */
		*next = due;
}

const struct ptpdk_ucast_port_counters *ptpdk_ucast_port_counters(const struct ptpdk_ucast_port *u)
{
	return &u->counters;
}

const struct ptpdk_ucast_client *ptpdk_ucast_port_client(const struct ptpdk_ucast_port *u)
{
	return &u->client;
}
