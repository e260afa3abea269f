/* SPDX-License-Identifier: BSD-3-Clause */
/* The unicast client's negotiation: Announce from every master, Sync and Delay_Resp
 * from the selected one, renewal at three quarters, retries, denial, cancellation in
 * both directions; and against the server's grant table, end to end. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "test_addr.h"
#include "ptpdk_ucast_client.h"
#include "ptpdk_ucast_grants.h"

#define S 1000000000ull

static const struct ptpdk_ucast_client_config cfg = {
	.log_query_interval = 1, /* 2 s */
	.req_duration_s = 60,
	.log_announce_period = 1,
	.log_sync_period = -4,
	.log_delay_period = 0,
};

/* Every action due at @p now, into @p acts; how many. */
static unsigned drain(struct ptpdk_ucast_client *c, uint64_t now,
		      struct ptpdk_ucast_client_action *acts, unsigned max)
{
	unsigned n = 0;

	while (n < max && ptpdk_ucast_client_poll(c, now, &acts[n]))
		n++;
	return n;
}

static struct ptpdk_tlv_unicast grant_of(const struct ptpdk_ucast_client_action *a, uint32_t dur)
{
	struct ptpdk_tlv_unicast g = a->tlv;

	g.duration = dur;
	g.renewal_invited = dur != 0;
	return g;
}

static void test_init(void)
{
	struct ptpdk_ucast_client c;
	struct ptpdk_ucast_client_config bad = cfg;

	bad.req_duration_s = 0;
	CHECK_EQ_INT(ptpdk_ucast_client_init(&c, &bad), -EINVAL);
	bad = cfg;
	bad.log_sync_period = -8;
	CHECK_EQ_INT(ptpdk_ucast_client_init(&c, &bad), -EINVAL);
	bad = cfg;
	bad.log_query_interval = 11;
	CHECK_EQ_INT(ptpdk_ucast_client_init(&c, &bad), -EINVAL);
	CHECK_EQ_INT(ptpdk_ucast_client_init(&c, &cfg), 0);
	for (unsigned i = 0; i < PTPDK_UCAST_CLIENT_MASTERS; i++) {
		struct ptpdk_addr a = test_udp4_addr((uint8_t)(10 + i));

		CHECK_EQ_INT(ptpdk_ucast_client_add_master(&c, &a, 0), (int)i);
	}
	struct ptpdk_addr extra = test_udp4_addr(99);
	CHECK_EQ_INT(ptpdk_ucast_client_add_master(&c, &extra, 0), -ENOSPC);
	struct ptpdk_addr other_mac = test_udp4_addr(12);
	other_mac.mac[0] = 0x7e;
	CHECK_EQ_INT(ptpdk_ucast_client_find(&c, &other_mac), 2);
	CHECK_EQ_INT(ptpdk_ucast_client_find(&c, &extra), -1);
}

static void test_negotiation(void)
{
	struct ptpdk_ucast_client c;
	struct ptpdk_ucast_client_action a[16];
	struct ptpdk_addr m0 = test_udp4_addr(11), m1 = test_udp4_addr(12);
	struct ptpdk_tlv_unicast g;
	unsigned n;

	ptpdk_ucast_client_init(&c, &cfg);
	ptpdk_ucast_client_add_master(&c, &m0, 0);
	ptpdk_ucast_client_add_master(&c, &m1, 0);
	/* Announce from both, at once. */
	n = drain(&c, 0, a, 16);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(a[0].master, 0);
	CHECK_EQ_INT(a[1].master, 1);
	CHECK_EQ_INT(a[0].tlv_type, PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(a[0].tlv.message_type, PTPDK_MSG_ANNOUNCE);
	CHECK_EQ_INT(a[0].tlv.log_inter_message_period, 1);
	CHECK_EQ_INT(a[0].tlv.duration, 60);
	/* Nothing more until the query interval: master 1 is silent, asked again at 2 s. */
	g = grant_of(&a[0], 60);
	ptpdk_ucast_client_on_grant(&c, 0, &g, S / 10);
	CHECK(ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_ANNOUNCE, S));
	CHECK_EQ_INT(drain(&c, S, a, 16), 0);
	CHECK_EQ_INT(ptpdk_ucast_client_next_due(&c), 2 * S);
	n = drain(&c, 2 * S, a, 16);
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_INT(a[0].master, 1);
	CHECK_EQ_INT(c.counters.timeouts, 1);
	/* Master 1 denies: asked again a query interval later. */
	g = grant_of(&a[0], 0);
	ptpdk_ucast_client_on_grant(&c, 1, &g, 2 * S);
	CHECK_EQ_INT(c.masters[1].kinds[PTPDK_UCAST_ANNOUNCE].state, PTPDK_UCAST_DENIED);
	CHECK_EQ_INT(drain(&c, 3 * S, a, 16), 0);
	n = drain(&c, 4 * S, a, 16);
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_INT(c.counters.denials, 1);

	/* The BMCA selects master 0: Sync at -4 and Delay_Resp at 0 from it. */
	ptpdk_ucast_client_select(&c, 0, 5 * S);
	n = drain(&c, 5 * S, a, 16);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(a[0].tlv.message_type, PTPDK_MSG_SYNC);
	CHECK_EQ_INT(a[0].tlv.log_inter_message_period, -4);
	CHECK_EQ_INT(a[1].tlv.message_type, PTPDK_MSG_DELAY_RESP);
	CHECK_EQ_INT(a[1].tlv.log_inter_message_period, 0);
	for (unsigned i = 0; i < n; i++) {
		g = grant_of(&a[i], 60);
		ptpdk_ucast_client_on_grant(&c, 0, &g, 5 * S);
	}
	CHECK(ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_SYNC, 6 * S));
	CHECK(ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_DELAY_RESP, 6 * S));
	/* Renewal at three quarters: Sync granted at 5 s for 60 s renews at 50 s, with the
	 * granted period. */
	/* At 49 s: master 0's Announce renewal (granted at 0.1 s) and master 1's retry. */
	CHECK_EQ_INT(drain(&c, 49 * S, a, 16), 2);
	n = drain(&c, 50 * S, a, 16);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(a[0].tlv.message_type, PTPDK_MSG_SYNC);
	CHECK_EQ_INT(a[0].tlv.log_inter_message_period, -4);
	g = grant_of(&a[0], 60);
	ptpdk_ucast_client_on_grant(&c, 0, &g, 50 * S);
	CHECK(ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_SYNC, 100 * S));
	/* The Delay_Resp renewal goes unanswered: asked again every 2 s, and after 65 s the
	 * grant has run out. */
	CHECK(!ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_DELAY_RESP, 65 * S));

	/* The selection moves to master 1: cancel at 0, ask 1. */
	ptpdk_ucast_client_select(&c, 1, 70 * S);
	n = drain(&c, 70 * S, a, 16);
	unsigned cancels = 0, requests_to_1 = 0;
	for (unsigned i = 0; i < n; i++) {
		if (a[i].tlv_type == PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION) {
			CHECK_EQ_INT(a[i].master, 0);
			cancels++;
		} else if (a[i].master == 1 && a[i].tlv.message_type != PTPDK_MSG_ANNOUNCE) {
			requests_to_1++;
		}
	}
	CHECK_EQ_INT(cancels, 2);
	CHECK_EQ_INT(requests_to_1, 2);
	CHECK(!ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_SYNC, 70 * S));
	/* A late grant for what was given back is cancelled again. */
	g.message_type = PTPDK_MSG_SYNC;
	g.duration = 60;
	ptpdk_ucast_client_on_grant(&c, 0, &g, 71 * S);
	n = drain(&c, 71 * S, a, 16);
	CHECK(n >= 1);
	CHECK_EQ_INT(a[0].tlv_type, PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(a[0].master, 0);

	/* Master 1 cancels Sync: asked again at the next query interval. */
	g.duration = 60;
	g.log_inter_message_period = -4;
	ptpdk_ucast_client_on_grant(&c, 1, &g, 72 * S);
	CHECK(ptpdk_ucast_client_granted(&c, 1, PTPDK_UCAST_SYNC, 72 * S));
	ptpdk_ucast_client_on_cancel(&c, 1, PTPDK_MSG_SYNC, 73 * S);
	CHECK(!ptpdk_ucast_client_granted(&c, 1, PTPDK_UCAST_SYNC, 73 * S));
	CHECK_EQ_INT(c.masters[1].kinds[PTPDK_UCAST_SYNC].retry_ns, 75 * S);
}

/* A client and the server's grant table talking: the grants the table holds are the
 * ones the client believes it has, through selection, renewal and a silent client. */
static void test_against_server(void)
{
	struct ptpdk_ucast_limits l = { .max_clients = 4, .max_duration_s = 30 };
	struct ptpdk_ucast_client c;
	struct ptpdk_ucast_client_action a;
	struct ptpdk_ucast_grants *t;
	struct ptpdk_addr server = test_udp4_addr(11), me = test_udp4_addr(13);
	static const uint8_t my_pid[10] = { 2, 0x1a, 0xb0, 0xff, 0xfe, 0, 0, 0x13, 0, 1 };
	size_t size = ptpdk_ucast_grants_size(4);
	void *block = aligned_alloc(64, (size + 63) & ~(size_t)63);
	unsigned exchanges = 0;

	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		l.min_log_period[k] = -7;
		l.max_log_period[k] = 4;
	}
	t = ptpdk_ucast_grants_init(block, size, &l, 0);
	CHECK(t != NULL);
	ptpdk_ucast_client_init(&c, &cfg);
	ptpdk_ucast_client_add_master(&c, &server, 0);
	/* 200 s in 100 ms steps; selected from 3 s on. */
	for (uint64_t now = 0; now <= 200 * S; now += S / 10) {
		if (now == 3 * S)
			ptpdk_ucast_client_select(&c, 0, now);
		while (ptpdk_ucast_client_poll(&c, now, &a)) {
			struct ptpdk_tlv_unicast reply;

			exchanges++;
			if (a.tlv_type == PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION) {
				ptpdk_ucast_grants_request(t, &me, my_pid, &a.tlv, now, &reply);
				ptpdk_ucast_client_on_grant(&c, a.master, &reply, now);
			} else {
				ptpdk_ucast_grants_cancel(t, &me, my_pid, a.tlv.message_type, now,
							  &reply);
			}
		}
		ptpdk_ucast_grants_sweep(t, now, 4);
		for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
			bool client_thinks = ptpdk_ucast_client_granted(&c, 0, k, now);
			bool server_has = ptpdk_ucast_grants_holds(t, &me, my_pid, k, now, NULL);

			/* The server's expiry is never earlier than the client's. */
			if (client_thinks && !server_has)
				CHECK(server_has);
		}
	}
	CHECK(ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_ANNOUNCE, 200 * S));
	CHECK(ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_SYNC, 200 * S));
	CHECK(ptpdk_ucast_client_granted(&c, 0, PTPDK_UCAST_DELAY_RESP, 200 * S));
	/* Granted 30 s (the server's cap), renewed every 22.5 s: 3 kinds over ~200 s. */
	CHECK(c.counters.grants >= 3 * 8);
	CHECK_EQ_INT(c.counters.denials, 0);
	CHECK_EQ_INT(c.counters.expired, 0);
	/* The client goes silent: its grants expire at the server and are swept. */
	for (uint64_t now = 200 * S; now <= 240 * S; now += S)
		ptpdk_ucast_grants_sweep(t, now, 4);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 0);
	CHECK(exchanges > 0);
	free(block);
}

int main(void)
{
	check_seed("test_ucast_client");
	test_init();
	test_negotiation();
	test_against_server();
	return check_report("test_ucast_client");
}
