/* SPDX-License-Identifier: BSD-3-Clause */
#include "mgmt_net.h"

#include <string.h>

#include "layout.h"
#include "ptpdk_mgmt_net.h"

/* Requests one call answers: a SET may hold the main lcore up to 50 ms
 * (mgmt_server_apply_set()), and it has records and reports to write too. */
#define NET_BUDGET 16

/* Hand one element to the engine; one the ring cannot take is reported with the next. */
static void push(struct mgmt_server *s, struct layout *l, struct ptpdk_mgmt_net_reply *el)
{
	el->lost_before = s->net_replies_lost;
	if (engine_netmgmt_reply(&l->engine.netmgmt, el) == 0)
		s->net_replies_lost = 0;
	else if (s->net_replies_lost < UINT16_MAX)
		s->net_replies_lost++;
}

/* Only what became of a request: nothing to send. */
static void push_outcome(struct mgmt_server *s, struct layout *l, enum ptpdk_mgmt_net_outcome o)
{
	static struct ptpdk_mgmt_net_reply el; /* large: off the stack */

	memset(&el, 0, sizeof(el));
	el.outcome = (uint8_t)o;
	push(s, l, &el);
}

static void serve_request(struct mgmt_server *s, struct layout *l,
			  const struct ptpdk_mgmt_net_request *rq)
{
	static struct ptpdk_mgmt_reply replies[PTPDK_MAX_PORTS];
	static struct engine_mgmt_state st;
	static struct ptpdk_mgmt_net_reply el;
	enum ptpdk_mgmt_net_outcome oc;
	enum ptpdk_mgmt_outcome o;
	struct ptpdk_mgmt_policy pol;
	struct ptpdk_mgmt_set set;
	struct ptpdk_msg req;
	unsigned n = 0;

	/* Style rule 8: the element's length and port before its octets. The view
	 * unreadable is counted as the Unix sockets count it: not answerable. */
	if (ptpdk_mgmt_net_request_check(rq, l->n_ports) != 0 ||
	    ptpdk_msg_decode(rq->msg, rq->len, &req, NULL) != 0 ||
	    mgmt_server_view(s, l, &st) != 0) {
		push_outcome(s, l, PTPDK_MGMT_NET_MALFORMED);
		return;
	}
	oc = ptpdk_mgmt_net_screen(&req);
	if (oc != PTPDK_MGMT_NET_CONTINUED) {
		push_outcome(s, l, oc);
		return;
	}
	ptpdk_mgmt_net_policy(&pol, st.view.default_ds.clock_identity, rq->port, s->net_allow_set);
	o = ptpdk_mgmt_respond(&st.view, &pol, &req, replies, PTPDK_MAX_PORTS, &n, &set);
	if (o == PTPDK_MGMT_APPLY) {
		bool applied;

		n = mgmt_server_apply_set(s, l, &pol, &req, &set, replies, PTPDK_MAX_PORTS,
					  &applied);
		o = PTPDK_MGMT_REPLIED;
	}
	oc = ptpdk_mgmt_net_classify(&req, o, n ? &replies[0] : NULL, &pol);
	if (n == 0) {
		push_outcome(s, l, oc);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		int len = ptpdk_msg_encode(&replies[i].msg, el.msg, sizeof(el.msg));

		memset(&el, 0, offsetof(struct ptpdk_mgmt_net_reply, msg));
		ptpdk_mgmt_net_reply_address(&el, rq);
		/* PTPDK_MGMT_NET_REPLY_MAX holds the largest reply the responder builds; a
		 * failure here is counted by the outcome alone. */
		el.len = len > 0 ? (uint16_t)len : 0;
		el.outcome = (uint8_t)(i == 0 ? oc : PTPDK_MGMT_NET_CONTINUED);
		push(s, l, &el);
	}
}

unsigned mgmt_net_serve(struct mgmt_server *s, struct layout *l)
{
	static struct ptpdk_mgmt_net_request rq;
	unsigned n = 0;

	while (n < NET_BUDGET && engine_netmgmt_next(&l->engine.netmgmt, &rq) == 0) {
		serve_request(s, l, &rq);
		n++;
	}
	return n;
}
