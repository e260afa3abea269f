/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_mgmt_net.h"

#include <errno.h>
#include <string.h>

int ptpdk_mgmt_net_request_make(struct ptpdk_mgmt_net_request *r, unsigned port,
				const struct ptpdk_addr *src, bool multicast, const uint8_t *msg,
				size_t len)
{
	if (!r || !src || !msg || len == 0)
		return -EINVAL;
	if (len > PTPDK_MGMT_NET_REQUEST_MAX)
		return -EMSGSIZE;
	/* Only the octets in use: the engine copies this at line rate of requests. */
	r->port = (uint16_t)port;
	r->len = (uint16_t)len;
	r->flags = multicast ? PTPDK_MGMT_NET_F_MULTICAST : 0;
	r->reserved = 0;
	r->src = *src;
	memcpy(r->msg, msg, len);
	return 0;
}

int ptpdk_mgmt_net_request_check(const struct ptpdk_mgmt_net_request *r, unsigned n_ports)
{
	if (!r || r->len == 0 || r->len > PTPDK_MGMT_NET_REQUEST_MAX || r->port >= n_ports)
		return -EINVAL;
	return 0;
}

int ptpdk_mgmt_net_reply_check(const struct ptpdk_mgmt_net_reply *r, unsigned n_ports)
{
	if (!r || r->len > PTPDK_MGMT_NET_REPLY_MAX || r->port >= n_ports ||
	    r->outcome >= PTPDK_MGMT_NET_OUTCOME_COUNT || r->dst.kind >= PTPDK_DEST_KIND_COUNT ||
	    r->transport > PTPDK_TRANSPORT_UDP6)
		return -EINVAL;
	return 0;
}

struct ptpdk_dest ptpdk_mgmt_net_reply_dest(const struct ptpdk_mgmt_net_request *r)
{
	if (r->flags & PTPDK_MGMT_NET_F_MULTICAST)
		return ptpdk_dest_group(false);
	return ptpdk_dest_unicast(&r->src);
}

void ptpdk_mgmt_net_reply_address(struct ptpdk_mgmt_net_reply *el,
				  const struct ptpdk_mgmt_net_request *r)
{
	el->port = r->port;
	el->dst = ptpdk_mgmt_net_reply_dest(r);
	el->transport = r->src.transport;
	el->has_vlan = r->src.has_vlan;
	el->vlan_tci = r->src.has_vlan ? r->src.vlan_tci : 0;
}

enum ptpdk_mgmt_net_outcome ptpdk_mgmt_net_screen(const struct ptpdk_msg *req)
{
	const struct ptpdk_body_targeted *t = &req->body.targeted;

	if (req->header.message_type != PTPDK_MSG_MANAGEMENT)
		return PTPDK_MGMT_NET_MALFORMED;
	/* 15.5.2.2: boundaryHops only counts down from startingBoundaryHops; the reply's
	 * hops are their difference, which must not wrap. */
	if (t->boundary_hops > t->starting_boundary_hops)
		return PTPDK_MGMT_NET_MALFORMED;
	if (t->action > PTPDK_ACTION_ACKNOWLEDGE)
		return PTPDK_MGMT_NET_MALFORMED; /* Table 38 reserves the rest */
	if (t->action == PTPDK_ACTION_RESPONSE || t->action == PTPDK_ACTION_ACKNOWLEDGE)
		return PTPDK_MGMT_NET_NOT_REQUEST;
	return PTPDK_MGMT_NET_CONTINUED;
}

void ptpdk_mgmt_net_policy(struct ptpdk_mgmt_policy *pol, const uint8_t *clock_identity,
			   unsigned port_index, bool allow_set)
{
	memset(pol, 0, sizeof(*pol));
	memcpy(pol->clock_identity, clock_identity, PTPDK_CLOCK_ID_LEN);
	pol->allow_set = allow_set;
	pol->set_refused_error = PTPDK_MGMT_ERR_NOT_SUPPORTED;
	pol->set_refused_text = "SET over the network is off (network_management_set 0)";
	pol->clock_reply_port = (uint16_t)(port_index + 1);
}

enum ptpdk_mgmt_net_outcome ptpdk_mgmt_net_classify(const struct ptpdk_msg *req,
						    enum ptpdk_mgmt_outcome o,
						    const struct ptpdk_mgmt_reply *first,
						    const struct ptpdk_mgmt_policy *pol)
{
	const struct ptpdk_tlv *t;
	uint8_t action = req->body.targeted.action;

	switch (o) {
	case PTPDK_MGMT_MALFORMED:
		return PTPDK_MGMT_NET_MALFORMED;
	case PTPDK_MGMT_IGNORED:
		return action == PTPDK_ACTION_RESPONSE || action == PTPDK_ACTION_ACKNOWLEDGE
			       ? PTPDK_MGMT_NET_NOT_REQUEST
			       : PTPDK_MGMT_NET_NOT_FOR_US;
	default:
		break;
	}
	if (!first || first->msg.tlv_count < 1)
		return PTPDK_MGMT_NET_NOT_FOR_US; /* nothing to send: ports we lack */
	t = &first->msg.tlvs[0];
	if (t->type != PTPDK_TLV_MANAGEMENT_ERROR_STATUS)
		return PTPDK_MGMT_NET_ANSWERED;
	if (action == PTPDK_ACTION_COMMAND)
		return PTPDK_MGMT_NET_REFUSED_COMMAND;
	if (action == PTPDK_ACTION_SET) {
		uint16_t refused = pol->set_refused_error ? pol->set_refused_error
							  : PTPDK_MGMT_ERR_NOT_SETABLE;

		if (!pol->allow_set && t->u.management_error.management_error_id == refused)
			return PTPDK_MGMT_NET_REFUSED_SET;
		if (t->u.management_error.management_error_id == PTPDK_MGMT_ERR_GENERAL_ERROR)
			return PTPDK_MGMT_NET_SET_FAILED;
	}
	return PTPDK_MGMT_NET_ERROR;
}

void ptpdk_mgmt_net_count_outcome(struct ptpdk_mgmt_net_counters *c,
				  const struct ptpdk_mgmt_net_reply *r)
{
	c->reply_ring_full += r->lost_before;
	switch ((enum ptpdk_mgmt_net_outcome)r->outcome) {
	case PTPDK_MGMT_NET_ANSWERED:
		c->answered++;
		break;
	case PTPDK_MGMT_NET_ERROR:
		c->error_replies++;
		break;
	case PTPDK_MGMT_NET_REFUSED_SET:
		c->refused_set++;
		break;
	case PTPDK_MGMT_NET_REFUSED_COMMAND:
		c->refused_command++;
		break;
	case PTPDK_MGMT_NET_SET_FAILED:
		c->set_failed++;
		break;
	case PTPDK_MGMT_NET_MALFORMED:
		c->malformed++;
		break;
	case PTPDK_MGMT_NET_NOT_REQUEST:
		c->not_request++;
		break;
	case PTPDK_MGMT_NET_NOT_FOR_US:
		c->not_for_us++;
		break;
	default: /* CONTINUED: counted with its first element */
		break;
	}
}

const char *ptpdk_mgmt_net_outcome_name(enum ptpdk_mgmt_net_outcome o)
{
	static const char *const names[PTPDK_MGMT_NET_OUTCOME_COUNT] = {
		[PTPDK_MGMT_NET_CONTINUED] = "continued",
		[PTPDK_MGMT_NET_ANSWERED] = "answered",
		[PTPDK_MGMT_NET_ERROR] = "error_replies",
		[PTPDK_MGMT_NET_REFUSED_SET] = "refused_set",
		[PTPDK_MGMT_NET_REFUSED_COMMAND] = "refused_command",
		[PTPDK_MGMT_NET_SET_FAILED] = "set_failed",
		[PTPDK_MGMT_NET_MALFORMED] = "malformed",
		[PTPDK_MGMT_NET_NOT_REQUEST] = "not_request",
		[PTPDK_MGMT_NET_NOT_FOR_US] = "not_for_us",
	};

	return (unsigned)o < PTPDK_MGMT_NET_OUTCOME_COUNT ? names[o] : "unknown";
}
