/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Management from the network, the pure part: the ring elements and their checks,
 * where replies go, which requests are answered (targeting, hops, actions), what a
 * SET gets when the network may not set, how outcomes are counted, and malformed or
 * oversized frames (counted, never a crash).
 */
#include <errno.h>

#include "check.h"
#include "ptpdk_mgmt_net.h"

static const uint8_t our_id[8] = { 0x02, 0x1a, 0xb0, 0xff, 0xfe, 0x00, 0x00, 0x01 };
static const uint8_t pmc_id[8] = { 0x02, 0x1a, 0xb0, 0xff, 0xfe, 0x00, 0x00, 0x99 };
static const uint8_t other_id[8] = { 0x02, 0x1a, 0xb0, 0xff, 0xfe, 0x00, 0x00, 0x42 };
static const uint8_t wildcard[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct ptpdk_mgmt_view view;

static void make_view(void)
{
	memset(&view, 0, sizeof(view));
	memcpy(view.default_ds.clock_identity, our_id, 8);
	view.default_ds.priority1 = 128;
	view.default_ds.domain_number = 0;
	view.default_ds.number_ports = 2;
	view.n_ports = 2;
	for (unsigned p = 0; p < 2; p++) {
		memcpy(view.ports[p].port_ds.port_identity.clock_identity, our_id, 8);
		view.ports[p].port_ds.port_identity.port_number = (uint16_t)(p + 1);
		view.ports[p].port_ds.version_number = 2;
	}
}

struct req_spec {
	uint8_t action;
	uint16_t id;
	const uint8_t *target;
	uint16_t port;
	uint8_t starting_hops, hops;
	const uint8_t *data;
	uint16_t len;
};

/* A request as pmc sends it, encoded into @p buf. @return its length */
static int encode_request(const struct req_spec *s, uint8_t *buf, size_t cap)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_MANAGEMENT;
	m.header.version = 2;
	m.header.sequence_id = 9;
	m.header.control_field = 4;
	m.header.log_message_interval = 0x7F;
	memcpy(m.header.source_port_identity.clock_identity, pmc_id, 8);
	m.header.source_port_identity.port_number = 31337;
	memcpy(m.body.targeted.target_port_identity.clock_identity, s->target, 8);
	m.body.targeted.target_port_identity.port_number = s->port;
	m.body.targeted.starting_boundary_hops = s->starting_hops;
	m.body.targeted.boundary_hops = s->hops;
	m.body.targeted.action = s->action;
	m.tlv_count = 1;
	m.tlvs[0].type = PTPDK_TLV_MANAGEMENT;
	m.tlvs[0].u.management.management_id = s->id;
	m.tlvs[0].u.management.data = s->data;
	m.tlvs[0].u.management.data_length = s->len;
	return ptpdk_msg_encode(&m, buf, cap);
}

static struct ptpdk_mgmt_reply replies[4];

/* What the main lcore does with one request taken off a port (mgmt_net.c without the
 * rings): screen, respond under the network policy, classify. */
static enum ptpdk_mgmt_net_outcome answer(const uint8_t *buf, size_t len, unsigned port,
					  bool allow_set, unsigned *n_out)
{
	struct ptpdk_mgmt_policy pol;
	struct ptpdk_mgmt_set set;
	enum ptpdk_mgmt_net_outcome oc;
	enum ptpdk_mgmt_outcome o;
	struct ptpdk_msg req;
	unsigned n = 0;

	*n_out = 0;
	if (ptpdk_msg_decode(buf, len, &req, NULL) != 0)
		return PTPDK_MGMT_NET_MALFORMED;
	oc = ptpdk_mgmt_net_screen(&req);
	if (oc != PTPDK_MGMT_NET_CONTINUED)
		return oc;
	ptpdk_mgmt_net_policy(&pol, our_id, port, allow_set);
	o = ptpdk_mgmt_respond(&view, &pol, &req, replies, 4, &n, &set);
	if (o == PTPDK_MGMT_APPLY) {
		/* As if the engine applied it: the values read back. */
		view.default_ds.priority1 = set.value.u8;
		n = ptpdk_mgmt_answer_set(&view, &pol, &req, replies, 4);
		o = PTPDK_MGMT_REPLIED;
	}
	*n_out = n;
	return ptpdk_mgmt_net_classify(&req, o, n ? &replies[0] : NULL, &pol);
}

static enum ptpdk_mgmt_net_outcome ask(const struct req_spec *s, unsigned port, bool allow_set,
				       unsigned *n)
{
	uint8_t buf[512];
	int len = encode_request(s, buf, sizeof(buf));

	CHECK(len > 0);
	return answer(buf, len > 0 ? (size_t)len : 0, port, allow_set, n);
}

static void decode_reply(unsigned i, struct ptpdk_msg *out, uint8_t *buf, size_t cap)
{
	int n = ptpdk_msg_encode(&replies[i].msg, buf, cap);

	CHECK(n > 0 && (size_t)n <= PTPDK_MGMT_NET_REPLY_MAX);
	CHECK_EQ_INT(ptpdk_msg_decode(buf, n > 0 ? (size_t)n : 0, out, NULL), 0);
}

static void test_elements(void)
{
	static struct ptpdk_mgmt_net_request r;
	static struct ptpdk_mgmt_net_reply rp;
	static uint8_t big[PTPDK_MGMT_NET_REQUEST_MAX + 1];
	struct ptpdk_addr src = { .transport = PTPDK_TRANSPORT_UDP4, .mac = { 2, 0, 0, 0, 0, 9 } };
	struct ptpdk_dest d;

	memcpy(src.ip, "\xc6\x12\x00\x09", 4);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_make(&r, 1, &src, true, big, 0), -EINVAL);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_make(&r, 1, &src, true, big, sizeof(big)), -EMSGSIZE);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_make(&r, 1, NULL, true, big, 10), -EINVAL);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_make(&r, 1, &src, true, big, sizeof(big) - 1), 0);
	CHECK_EQ_INT(r.len, PTPDK_MGMT_NET_REQUEST_MAX);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_check(&r, 2), 0);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_check(&r, 1), -EINVAL); /* port 1 of one */
	r.len = PTPDK_MGMT_NET_REQUEST_MAX + 1;
	CHECK_EQ_INT(ptpdk_mgmt_net_request_check(&r, 2), -EINVAL);
	r.len = 0;
	CHECK_EQ_INT(ptpdk_mgmt_net_request_check(&r, 2), -EINVAL);

	/* Group in, group out (as ptp4l); unicast in, unicast back to the sender. */
	CHECK_EQ_INT(ptpdk_mgmt_net_request_make(&r, 0, &src, true, big, 60), 0);
	d = ptpdk_mgmt_net_reply_dest(&r);
	CHECK_EQ_INT(d.kind, PTPDK_DEST_PRIMARY);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_make(&r, 0, &src, false, big, 60), 0);
	d = ptpdk_mgmt_net_reply_dest(&r);
	CHECK_EQ_INT(d.kind, PTPDK_DEST_UNICAST);
	CHECK_MEM(&d.addr, &src, sizeof(src));
	/* The reply goes back in the request's transport and VLAN. */
	src.transport = PTPDK_TRANSPORT_L2;
	src.has_vlan = true;
	src.vlan_tci = 0x6007;
	CHECK_EQ_INT(ptpdk_mgmt_net_request_make(&r, 1, &src, true, big, 60), 0);
	memset(&rp, 0, sizeof(rp));
	ptpdk_mgmt_net_reply_address(&rp, &r);
	CHECK_EQ_INT(rp.port, 1);
	CHECK_EQ_INT(rp.transport, PTPDK_TRANSPORT_L2);
	CHECK_EQ_INT(rp.has_vlan, 1);
	CHECK_EQ_INT(rp.vlan_tci, 0x6007);
	CHECK_EQ_INT(rp.dst.kind, PTPDK_DEST_PRIMARY);
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(&rp, 2), 0);
	rp.transport = PTPDK_TRANSPORT_UDP6 + 1;
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(&rp, 2), -EINVAL);

	memset(&rp, 0, sizeof(rp));
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(&rp, 1), 0);
	rp.len = PTPDK_MGMT_NET_REPLY_MAX + 1;
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(&rp, 1), -EINVAL);
	rp.len = 0;
	rp.port = 1;
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(&rp, 1), -EINVAL);
	rp.port = 0;
	rp.outcome = PTPDK_MGMT_NET_OUTCOME_COUNT;
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(&rp, 1), -EINVAL);
	rp.outcome = 0;
	rp.dst.kind = PTPDK_DEST_KIND_COUNT;
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(&rp, 1), -EINVAL);
	CHECK_EQ_INT(ptpdk_mgmt_net_reply_check(NULL, 1), -EINVAL);
	CHECK_EQ_INT(ptpdk_mgmt_net_request_check(NULL, 1), -EINVAL);
}

static void test_targeting(void)
{
	struct req_spec s = {
		PTPDK_ACTION_GET, PTPDK_MGMT_DEFAULT_DATA_SET, wildcard, 0xFFFF, 1, 1, NULL, 0
	};
	uint8_t buf[1024];
	struct ptpdk_msg m;
	unsigned n;

	/* The clock, any port: one reply, from the ingress port (2 here), as ptp4l. */
	CHECK_EQ_INT(ask(&s, 1, false, &n), PTPDK_MGMT_NET_ANSWERED);
	CHECK_EQ_INT(n, 1);
	decode_reply(0, &m, buf, sizeof(buf));
	CHECK_EQ_INT(m.header.source_port_identity.port_number, 2);
	CHECK_MEM(m.header.source_port_identity.clock_identity, our_id, 8);
	CHECK_MEM(m.body.targeted.target_port_identity.clock_identity, pmc_id, 8);
	CHECK_EQ_INT(m.body.targeted.target_port_identity.port_number, 31337);
	CHECK_EQ_INT(m.body.targeted.action, PTPDK_ACTION_RESPONSE);
	CHECK_EQ_INT(m.header.sequence_id, 9);
	/* pmc -b 1 with the hop unused: the reply may use none (15.3.4). */
	CHECK_EQ_INT(m.body.targeted.starting_boundary_hops, 0);
	/* Our identity, port 0 (the clock): answered. Another clock's: silence. */
	s.target = our_id;
	s.port = 0;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_ANSWERED);
	s.target = other_id;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_NOT_FOR_US);
	CHECK_EQ_INT(n, 0);
	/* Port-level: every port, one of ours, one we lack. */
	s.id = PTPDK_MGMT_PORT_DATA_SET;
	s.target = wildcard;
	s.port = 0xFFFF;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_ANSWERED);
	CHECK_EQ_INT(n, 2);
	decode_reply(1, &m, buf, sizeof(buf));
	CHECK_EQ_INT(m.header.source_port_identity.port_number, 2);
	s.port = 2;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_ANSWERED);
	CHECK_EQ_INT(n, 1);
	decode_reply(0, &m, buf, sizeof(buf));
	CHECK_EQ_INT(m.header.source_port_identity.port_number, 2);
	s.port = 3;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_NOT_FOR_US);
	/* Hops: pmc -b 0 is answered; more hops left than started with is malformed. */
	s.port = 0xFFFF;
	s.starting_hops = 0;
	s.hops = 0;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_ANSWERED);
	s.hops = 1;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_MALFORMED);
	CHECK_EQ_INT(n, 0);
	/* Someone else's answers, and reserved actions, are never answered. */
	s.hops = 0;
	s.action = PTPDK_ACTION_RESPONSE;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_NOT_REQUEST);
	s.action = PTPDK_ACTION_ACKNOWLEDGE;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_NOT_REQUEST);
	s.action = 7;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_MALFORMED);
	/* Unknown ids get their error. */
	s.action = PTPDK_ACTION_GET;
	s.id = 0x7777;
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_ERROR);
	CHECK_EQ_INT(n, 1);
}

static void test_refusals(void)
{
	static const uint8_t prio[2] = { 77, 0 };
	struct req_spec s = {
		PTPDK_ACTION_SET, PTPDK_MGMT_PRIORITY1, wildcard, 0xFFFF, 1, 1, prio, 2
	};
	uint8_t buf[1024];
	struct ptpdk_msg m;
	unsigned n;

	make_view();
	/* network_management_set 0: NOT_SUPPORTED, as ptp4l; the value stays. */
	CHECK_EQ_INT(ask(&s, 0, false, &n), PTPDK_MGMT_NET_REFUSED_SET);
	CHECK_EQ_INT(n, 1);
	decode_reply(0, &m, buf, sizeof(buf));
	CHECK_EQ_INT(m.tlvs[0].type, PTPDK_TLV_MANAGEMENT_ERROR_STATUS);
	CHECK_EQ_INT(m.tlvs[0].u.management_error.management_error_id,
		     PTPDK_MGMT_ERR_NOT_SUPPORTED);
	CHECK_EQ_INT(m.tlvs[0].u.management_error.management_id, PTPDK_MGMT_PRIORITY1);
	CHECK_EQ_INT(m.header.source_port_identity.port_number, 1);
	CHECK_EQ_INT(view.default_ds.priority1, 128);
	/* network_management_set 1: applied, the new value in the answer. */
	CHECK_EQ_INT(ask(&s, 0, true, &n), PTPDK_MGMT_NET_ANSWERED);
	CHECK_EQ_INT(n, 1);
	decode_reply(0, &m, buf, sizeof(buf));
	CHECK_EQ_INT(m.tlvs[0].type, PTPDK_TLV_MANAGEMENT);
	CHECK_EQ_INT(m.tlvs[0].u.management.data[0], 77);
	CHECK_EQ_INT(view.default_ds.priority1, 77);
	/* A SET of the wrong length is an error even when SETs are allowed. */
	s.len = 0;
	s.data = NULL;
	CHECK_EQ_INT(ask(&s, 0, true, &n), PTPDK_MGMT_NET_ERROR);
	/* COMMANDs: ptpdk has none. */
	s.action = PTPDK_ACTION_COMMAND;
	s.id = PTPDK_MGMT_NULL_MANAGEMENT;
	CHECK_EQ_INT(ask(&s, 0, true, &n), PTPDK_MGMT_NET_REFUSED_COMMAND);
	/* The Unix sockets' policy is unchanged: NOT_SETABLE from port 0. */
	{
		struct ptpdk_mgmt_policy ro = { .allow_set = false };
		struct ptpdk_mgmt_set set;
		struct ptpdk_msg req;
		int len;

		s.action = PTPDK_ACTION_SET;
		s.id = PTPDK_MGMT_PRIORITY1;
		s.data = prio;
		s.len = 2;
		memcpy(ro.clock_identity, our_id, 8);
		len = encode_request(&s, buf, sizeof(buf));
		CHECK(len > 0);
		CHECK_EQ_INT(ptpdk_msg_decode(buf, (size_t)len, &req, NULL), 0);
		CHECK_EQ_INT(ptpdk_mgmt_respond(&view, &ro, &req, replies, 4, &n, &set),
			     PTPDK_MGMT_REPLIED);
		CHECK_EQ_INT(replies[0].msg.tlvs[0].u.management_error.management_error_id,
			     PTPDK_MGMT_ERR_NOT_SETABLE);
		CHECK_EQ_INT(replies[0].msg.header.source_port_identity.port_number, 0);
	}
}

static void test_counting(void)
{
	struct ptpdk_mgmt_net_counters c;
	struct ptpdk_mgmt_net_reply r;
	const uint64_t *v = (const uint64_t *)&c;

	memset(&c, 0, sizeof(c));
	memset(&r, 0, sizeof(r));
	/* Each outcome bumps one counter; CONTINUED none. */
	for (unsigned o = 0; o < PTPDK_MGMT_NET_OUTCOME_COUNT; o++) {
		uint64_t before = 0, after = 0;

		for (size_t i = 0; i < sizeof(c) / sizeof(uint64_t); i++)
			before += v[i];
		r.outcome = (uint8_t)o;
		ptpdk_mgmt_net_count_outcome(&c, &r);
		for (size_t i = 0; i < sizeof(c) / sizeof(uint64_t); i++)
			after += v[i];
		CHECK_EQ_INT(after - before, o == PTPDK_MGMT_NET_CONTINUED ? 0 : 1);
		CHECK(strcmp(ptpdk_mgmt_net_outcome_name((enum ptpdk_mgmt_net_outcome)o),
			     "unknown") != 0);
	}
	CHECK_EQ_INT(c.answered, 1);
	CHECK_EQ_INT(c.refused_set, 1);
	CHECK_EQ_INT(c.not_for_us, 1);
	r.outcome = PTPDK_MGMT_NET_CONTINUED;
	r.lost_before = 5;
	ptpdk_mgmt_net_count_outcome(&c, &r);
	CHECK_EQ_INT(c.reply_ring_full, 5);
	CHECK(strcmp(ptpdk_mgmt_net_outcome_name(PTPDK_MGMT_NET_OUTCOME_COUNT), "unknown") == 0);
}

/* Truncated, corrupted and oversized frames through the whole path: each gets an
 * outcome (one counter), nothing crashes, every reply fits a reply element. */
static void test_garbage(void)
{
	static const uint8_t prio[2] = { 1, 0 };
	struct req_spec s = {
		PTPDK_ACTION_GET, PTPDK_MGMT_PORT_DATA_SET, wildcard, 0xFFFF, 1, 1, prio, 2
	};
	static struct ptpdk_mgmt_net_request rq;
	struct ptpdk_addr src = { .transport = PTPDK_TRANSPORT_L2 };
	unsigned by_outcome[PTPDK_MGMT_NET_OUTCOME_COUNT] = { 0 };
	unsigned oversized = 0, total = 20000;
	uint8_t good[512], buf[PTPDK_MGMT_NET_REQUEST_MAX + 64];
	int good_len = encode_request(&s, good, sizeof(good));

	CHECK(good_len > 0);
	make_view();
	for (unsigned k = 0; k < total; k++) {
		size_t len = (size_t)good_len;
		unsigned n, flips = 1 + check_rand() % 4;
		enum ptpdk_mgmt_net_outcome o;

		memcpy(buf, good, len);
		for (unsigned f = 0; f < flips; f++)
			buf[check_rand() % len] ^= (uint8_t)(1u << (check_rand() % 8));
		switch (check_rand() % 4) {
		case 0:
			len = check_rand() % len; /* truncated, maybe to nothing */
			break;
		case 1: /* longer than a request may be: the engine drops it */
			len = sizeof(buf);
			for (size_t i = (size_t)good_len; i < len; i++)
				buf[i] = (uint8_t)check_rand();
			break;
		default:
			break;
		}
		if (ptpdk_mgmt_net_request_make(&rq, 0, &src, true, buf, len) != 0) {
			oversized++;
			continue;
		}
		CHECK_EQ_INT(ptpdk_mgmt_net_request_check(&rq, 2), 0);
		o = answer(rq.msg, rq.len, 0, (k & 1) != 0, &n);
		CHECK((unsigned)o < PTPDK_MGMT_NET_OUTCOME_COUNT && o != PTPDK_MGMT_NET_CONTINUED);
		by_outcome[o]++;
		for (unsigned i = 0; i < n; i++) {
			uint8_t out[PTPDK_MGMT_NET_REPLY_MAX];

			CHECK(ptpdk_msg_encode(&replies[i].msg, out, sizeof(out)) > 0);
		}
	}
	printf("garbage: %u oversized, %u malformed, %u answered, %u errors, %u not for us, "
	       "%u not requests, %u refused SETs\n",
	       oversized, by_outcome[PTPDK_MGMT_NET_MALFORMED], by_outcome[PTPDK_MGMT_NET_ANSWERED],
	       by_outcome[PTPDK_MGMT_NET_ERROR], by_outcome[PTPDK_MGMT_NET_NOT_FOR_US],
	       by_outcome[PTPDK_MGMT_NET_NOT_REQUEST], by_outcome[PTPDK_MGMT_NET_REFUSED_SET]);
	CHECK(oversized > 0);
	CHECK(by_outcome[PTPDK_MGMT_NET_MALFORMED] > 0);
	CHECK(by_outcome[PTPDK_MGMT_NET_ANSWERED] > 0);
}

int main(void)
{
	check_seed("mgmt-net");
	make_view();
	test_elements();
	test_targeting();
	test_refusals();
	test_counting();
	test_garbage();
	return check_report("mgmt-net");
}
