/* SPDX-License-Identifier: BSD-3-Clause */
/* The unicast server's grant table: grants, denials by reason, renewal, cancel,
 * expiry (never early), limits on clients and packet rate, client identity. */
#include <stdlib.h>

#include "check.h"
#include "ptpdk_ucast_grants.h"

#define S 1000000000ull

static void *block;

static struct ptpdk_ucast_limits default_limits(uint32_t clients)
{
	struct ptpdk_ucast_limits l = {
		.max_clients = clients,
		.max_pps = 0,
		.max_duration_s = 1000,
	};

	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		l.min_log_period[k] = -7;
		l.max_log_period[k] = 4;
	}
	return l;
}

static struct ptpdk_ucast_grants *make(const struct ptpdk_ucast_limits *l, uint64_t now)
{
	size_t size = ptpdk_ucast_grants_size(l->max_clients);

	free(block);
	block = aligned_alloc(64, (size + 63) & ~(size_t)63);
	return ptpdk_ucast_grants_init(block, size, l, now);
}

static struct ptpdk_addr udp4(uint32_t ip)
{
	struct ptpdk_addr a;

	memset(&a, 0, sizeof(a));
	a.transport = PTPDK_TRANSPORT_UDP4;
	a.ip[0] = 198;
	a.ip[1] = 18;
	a.ip[2] = (uint8_t)(ip >> 8);
	a.ip[3] = (uint8_t)ip;
	a.mac[5] = (uint8_t)ip;
	return a;
}

static const uint8_t pid1[10] = { 2, 0x1a, 0xb0, 0xff, 0xfe, 0, 0, 0x13, 0, 1 };

static struct ptpdk_tlv_unicast req(uint8_t type, int8_t log, uint32_t duration)
{
	struct ptpdk_tlv_unicast r = { .message_type = type,
				       .log_inter_message_period = log,
				       .duration = duration };
	return r;
}

static void test_init(void)
{
	struct ptpdk_ucast_limits l = default_limits(8);
	size_t size = ptpdk_ucast_grants_size(8);

	CHECK_EQ_INT(ptpdk_ucast_grants_size(0), 0);
	CHECK_EQ_INT(ptpdk_ucast_grants_size(PTPDK_UCAST_MAX_CLIENTS + 1), 0);
	/* 64 bytes per client and a 4-byte bucket per client, rounded up to a power of 2. */
	CHECK(ptpdk_ucast_grants_size(1000000) - ptpdk_ucast_grants_size(1) ==
	      (1000000 - 1) * 64 + ((1u << 20) - 1) * 4);
	block = aligned_alloc(64, 4096);
	CHECK(ptpdk_ucast_grants_init(block, size - 1, &l, 0) == NULL);
	CHECK(ptpdk_ucast_grants_init((uint8_t *)block + 8, size, &l, 0) == NULL);
	l.min_log_period[PTPDK_UCAST_SYNC] = 2;
	l.max_log_period[PTPDK_UCAST_SYNC] = 1;
	CHECK(ptpdk_ucast_grants_init(block, size, &l, 0) == NULL);
	l = default_limits(8);
	l.max_duration_s = 0;
	CHECK(ptpdk_ucast_grants_init(block, size, &l, 0) == NULL);
	l = default_limits(8);
	l.min_log_period[PTPDK_UCAST_ANNOUNCE] = -8;
	CHECK(ptpdk_ucast_grants_init(block, size, &l, 0) == NULL);
	l = default_limits(8);
	CHECK(ptpdk_ucast_grants_init(block, size, &l, 0) != NULL);
}

static void test_grant_and_deny(void)
{
	struct ptpdk_ucast_limits l = default_limits(8);
	struct ptpdk_ucast_grants *t;
	struct ptpdk_tlv_unicast g, r;
	struct ptpdk_addr c = udp4(13);
	const struct ptpdk_ucast_grants_counters *n;
	int8_t log = 99;

	l.min_log_period[PTPDK_UCAST_SYNC] = -6;
	t = make(&l, 5 * S);
	n = ptpdk_ucast_grants_counters(t);
	r = req(PTPDK_MSG_SYNC, -4, 300);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, 6 * S, &g));
	CHECK_EQ_INT(g.message_type, PTPDK_MSG_SYNC);
	CHECK_EQ_INT(g.log_inter_message_period, -4);
	CHECK_EQ_INT(g.duration, 300);
	CHECK(g.renewal_invited);
	CHECK(ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_SYNC, 6 * S, &log));
	CHECK_EQ_INT(log, -4);
	CHECK(!ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_ANNOUNCE, 6 * S, NULL));
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 1);
	/* 16 Syncs and 16 Follow_Ups a second. */
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 32 * 128);

	/* Capped duration. */
	r = req(PTPDK_MSG_ANNOUNCE, 1, 5000);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, 6 * S, &g));
	CHECK_EQ_INT(g.duration, 1000);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 1);

	/* Denials, each with its reason; the GRANT says duration 0, no renewal. */
	r = req(PTPDK_MSG_DELAY_REQ, 0, 60);
	CHECK(!ptpdk_ucast_grants_request(t, &c, pid1, &r, 6 * S, &g));
	CHECK_EQ_INT(g.duration, 0);
	CHECK(!g.renewal_invited);
	CHECK_EQ_INT(g.message_type, PTPDK_MSG_DELAY_REQ);
	CHECK_EQ_INT(n->denied[PTPDK_UCAST_DENY_TYPE], 1);
	r = req(PTPDK_MSG_SYNC, -7, 60);
	CHECK(!ptpdk_ucast_grants_request(t, &c, pid1, &r, 6 * S, &g));
	CHECK_EQ_INT(g.log_inter_message_period, -7);
	CHECK_EQ_INT(n->denied[PTPDK_UCAST_DENY_PERIOD], 1);
	r = req(PTPDK_MSG_DELAY_RESP, 5, 60);
	CHECK(!ptpdk_ucast_grants_request(t, &c, pid1, &r, 6 * S, &g));
	CHECK_EQ_INT(n->denied[PTPDK_UCAST_DENY_PERIOD], 2);
	r = req(PTPDK_MSG_DELAY_RESP, 0, 0);
	CHECK(!ptpdk_ucast_grants_request(t, &c, pid1, &r, 6 * S, &g));
	CHECK_EQ_INT(n->denied[PTPDK_UCAST_DENY_DURATION], 1);
	/* The Sync grant denied at -7 still runs at -4. */
	CHECK(ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_SYNC, 6 * S, &log));
	CHECK_EQ_INT(log, -4);
	CHECK_EQ_INT(n->requests, 6);
	CHECK_EQ_INT(n->granted, 2);
}

static void test_expiry_renewal(void)
{
	struct ptpdk_ucast_limits l = default_limits(8);
	struct ptpdk_ucast_grants *t = make(&l, 0);
	struct ptpdk_tlv_unicast g, r = req(PTPDK_MSG_ANNOUNCE, 0, 10);
	struct ptpdk_addr c = udp4(14);
	const struct ptpdk_ucast_grants_counters *n = ptpdk_ucast_grants_counters(t);

	/* Granted at 0.5 s for 10 s: held through 10.5 s, never early; gone by 12 s. */
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S / 2, &g));
	CHECK(ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_ANNOUNCE, 10 * S + S / 2, NULL));
	CHECK(!ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_ANNOUNCE, 12 * S, NULL));
	/* Until swept, the client's entry and its rate stay. */
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 1);
	CHECK_EQ_INT(ptpdk_ucast_grants_sweep(t, 12 * S, 8), 1);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 0);
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 0);
	CHECK_EQ_INT(n->expired, 1);

	/* Granted at 20 s for 10 s and renewed at 28 s for 10 s: held to 38 s; a shorter
	 * renewal does not shorten it. */
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, 20 * S, &g));
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, 28 * S, &g));
	r.duration = 1;
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, 29 * S, &g));
	CHECK_EQ_INT(g.duration, 1);
	CHECK_EQ_INT(n->renewed, 2);
	CHECK(ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_ANNOUNCE, 37 * S, NULL));
	CHECK(!ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_ANNOUNCE, 40 * S, NULL));
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 128);

	/* An expired grant asked for again is a new grant, its old rate given back. */
	r.duration = 10;
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, 41 * S, &g));
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 128);
	CHECK_EQ_INT(n->expired, 2);

	/* Another period replaces the grant and its rate. */
	r.log_inter_message_period = -2;
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, 42 * S, &g));
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 4 * 128);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 1);
}

static void test_cancel(void)
{
	struct ptpdk_ucast_limits l = default_limits(8);
	struct ptpdk_ucast_grants *t = make(&l, 0);
	struct ptpdk_tlv_unicast g, ack, r = req(PTPDK_MSG_SYNC, 0, 60);
	struct ptpdk_addr c = udp4(15);
	const struct ptpdk_ucast_grants_counters *n = ptpdk_ucast_grants_counters(t);

	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	r = req(PTPDK_MSG_DELAY_RESP, 0, 60);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	CHECK(ptpdk_ucast_grants_cancel(t, &c, pid1, PTPDK_MSG_SYNC, 2 * S, &ack));
	CHECK_EQ_INT(ack.message_type, PTPDK_MSG_SYNC);
	CHECK(!ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_SYNC, 2 * S, NULL));
	CHECK(ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_DELAY_RESP, 2 * S, NULL));
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 1);
	/* Nothing to cancel: still acknowledged, counted apart. */
	CHECK(!ptpdk_ucast_grants_cancel(t, &c, pid1, PTPDK_MSG_SYNC, 2 * S, &ack));
	CHECK(!ptpdk_ucast_grants_cancel(t, &c, pid1, PTPDK_MSG_MANAGEMENT, 2 * S, &ack));
	CHECK_EQ_INT(ack.message_type, PTPDK_MSG_MANAGEMENT);
	CHECK(ptpdk_ucast_grants_cancel(t, &c, pid1, PTPDK_MSG_DELAY_RESP, 2 * S, &ack));
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 0);
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 0);
	CHECK_EQ_INT(n->cancels, 2);
	CHECK_EQ_INT(n->cancels_unknown, 2);
}

static void test_limits(void)
{
	struct ptpdk_ucast_limits l = default_limits(4);
	struct ptpdk_ucast_grants *t;
	struct ptpdk_tlv_unicast g, r;
	const struct ptpdk_ucast_grants_counters *n;
	struct ptpdk_addr c;

	/* Clients: four fit, a fifth is denied, the four still get more kinds. */
	t = make(&l, 0);
	n = ptpdk_ucast_grants_counters(t);
	r = req(PTPDK_MSG_ANNOUNCE, 1, 60);
	for (uint32_t i = 0; i < 4; i++) {
		c = udp4(100 + i);
		CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	}
	c = udp4(104);
	CHECK(!ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	CHECK_EQ_INT(n->denied[PTPDK_UCAST_DENY_CLIENTS], 1);
	c = udp4(101);
	r = req(PTPDK_MSG_SYNC, 0, 60);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	/* One leaves: the fifth gets in. */
	c = udp4(100);
	CHECK(ptpdk_ucast_grants_cancel(t, &c, pid1, PTPDK_MSG_ANNOUNCE, S, &g));
	c = udp4(104);
	r = req(PTPDK_MSG_ANNOUNCE, 1, 60);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));

	/* Packets per second: 10 allowed. Sync at 1/s two-step is 2, at 1/4 s 8. */
	l = default_limits(16);
	l.max_pps = 10;
	t = make(&l, 0);
	n = ptpdk_ucast_grants_counters(t);
	c = udp4(1);
	r = req(PTPDK_MSG_SYNC, -2, 60);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	c = udp4(2);
	r = req(PTPDK_MSG_SYNC, 0, 60);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	r = req(PTPDK_MSG_ANNOUNCE, 0, 60);
	CHECK(!ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	CHECK_EQ_INT(n->denied[PTPDK_UCAST_DENY_RATE], 1);
	/* Client 1 slows down to 1/s: 8 packets freed, so 2 more fit. */
	c = udp4(1);
	r = req(PTPDK_MSG_SYNC, 0, 60);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 4 * 128);
	c = udp4(2);
	r = req(PTPDK_MSG_ANNOUNCE, 0, 60);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	/* Sync at 8/s: 16 packets two-step, denied; one-step, 8, granted. */
	t = make(&l, 0);
	r = req(PTPDK_MSG_SYNC, -3, 60);
	c = udp4(3);
	CHECK(!ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	l.one_step = true;
	t = make(&l, 0);
	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 8 * 128);
}

static void test_identity(void)
{
	struct ptpdk_ucast_limits l = default_limits(8);
	struct ptpdk_ucast_grants *t = make(&l, 0);
	struct ptpdk_tlv_unicast g, r = req(PTPDK_MSG_SYNC, 0, 60);
	struct ptpdk_addr c = udp4(20), same = udp4(20), l2a, l2b;
	uint8_t pid2[10];

	CHECK(ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g));
	/* UDP: the IP is the client; another next-hop MAC or a VLAN tag changes nothing. */
	same.mac[0] = 0x7e;
	same.has_vlan = true;
	same.vlan_tci = 100;
	CHECK(ptpdk_ucast_grants_holds(t, &same, pid1, PTPDK_UCAST_SYNC, S, NULL));
	/* Another port identity at the same IP is another client (16.1.3). */
	memcpy(pid2, pid1, sizeof(pid2));
	pid2[9] = 2;
	CHECK(!ptpdk_ucast_grants_holds(t, &c, pid2, PTPDK_UCAST_SYNC, S, NULL));
	/* UDPv6 with the same first octets is not the UDPv4 client. */
	same = c;
	same.transport = PTPDK_TRANSPORT_UDP6;
	CHECK(!ptpdk_ucast_grants_holds(t, &same, pid1, PTPDK_UCAST_SYNC, S, NULL));
	/* L2: the MAC is the client. */
	memset(&l2a, 0, sizeof(l2a));
	l2a.transport = PTPDK_TRANSPORT_L2;
	l2a.mac[5] = 0x13;
	l2b = l2a;
	l2b.ip[0] = 9; /* not part of an L2 address */
	CHECK(ptpdk_ucast_grants_request(t, &l2a, pid1, &r, S, &g));
	CHECK(ptpdk_ucast_grants_holds(t, &l2b, pid1, PTPDK_UCAST_SYNC, S, NULL));
	l2b.mac[5] = 0x14;
	CHECK(!ptpdk_ucast_grants_holds(t, &l2b, pid1, PTPDK_UCAST_SYNC, S, NULL));
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 2);
}

/* Entry numbers: stable while a grant is held, NO_ID for a client denied an entry. */
static void test_ids(void)
{
	struct ptpdk_ucast_limits l = default_limits(2);
	struct ptpdk_ucast_grants *t = make(&l, 0);
	struct ptpdk_tlv_unicast g, r = req(PTPDK_MSG_SYNC, -3, 30);
	struct ptpdk_addr a = udp4(1), b = udp4(2), c = udp4(3);
	uint32_t ia, ib, ic, again;
	int8_t log = 0;

	CHECK(ptpdk_ucast_grants_request_id(t, &a, pid1, &r, S, &g, &ia));
	CHECK(ptpdk_ucast_grants_request_id(t, &b, pid1, &r, S, &g, &ib));
	CHECK(ia < 2 && ib < 2 && ia != ib);
	CHECK(!ptpdk_ucast_grants_request_id(t, &c, pid1, &r, S, &g, &ic));
	CHECK_EQ_INT(ic, PTPDK_UCAST_NO_ID);
	r = req(PTPDK_MSG_ANNOUNCE, 0, 30);
	CHECK(ptpdk_ucast_grants_request_id(t, &a, pid1, &r, S, &g, &again));
	CHECK_EQ_INT(again, ia);
	CHECK(ptpdk_ucast_grants_live(t, ia, PTPDK_UCAST_SYNC, 2 * S, &log));
	CHECK_EQ_INT(log, -3);
	CHECK(!ptpdk_ucast_grants_live(t, ia, PTPDK_UCAST_DELAY_RESP, 2 * S, NULL));
	CHECK(!ptpdk_ucast_grants_live(t, ia, PTPDK_UCAST_SYNC, 40 * S, NULL));
	CHECK(!ptpdk_ucast_grants_live(t, 2, PTPDK_UCAST_SYNC, 2 * S, NULL));
	CHECK(!ptpdk_ucast_grants_live(t, ia, PTPDK_UCAST_KINDS, 2 * S, NULL));
}

/* Many clients against a plain model: every grant found, every cancel and expiry
 * consistent, the table empty at the end and every entry reusable. */
static void test_many(void)
{
	enum { N = 100000 };
	struct ptpdk_ucast_limits l = default_limits(N);
	struct ptpdk_ucast_grants *t = make(&l, 0);
	struct ptpdk_tlv_unicast g, r = req(PTPDK_MSG_SYNC, 0, 30);
	static bool cancelled[N];
	unsigned held = 0, expired = 0, bad = 0;
	struct ptpdk_addr c;

	memset(&c, 0, sizeof(c));
	c.transport = PTPDK_TRANSPORT_UDP6;
	for (uint32_t i = 0; i < N; i++) {
		memcpy(c.ip, &i, sizeof(i));
		if (!ptpdk_ucast_grants_request(t, &c, pid1, &r, S, &g))
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), N);
	for (uint32_t i = 0; i < N; i++) {
		cancelled[i] = check_rand() % 3 == 0;
		memcpy(c.ip, &i, sizeof(i));
		if (cancelled[i] &&
		    !ptpdk_ucast_grants_cancel(t, &c, pid1, PTPDK_MSG_SYNC, 2 * S, &g))
			bad++;
	}
	for (uint32_t i = 0; i < N; i++) {
		memcpy(c.ip, &i, sizeof(i));
		if (ptpdk_ucast_grants_holds(t, &c, pid1, PTPDK_UCAST_SYNC, 3 * S, NULL))
			held++;
		else if (!cancelled[i])
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(held + ptpdk_ucast_grants_counters(t)->cancels, N);
	/* All run out at 32 s; a sweep in slices takes every one back. */
	for (unsigned k = 0; k < N / 1000 + 1; k++)
		expired += ptpdk_ucast_grants_sweep(t, 33 * S, 1000);
	CHECK_EQ_INT(expired, held);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), 0);
	CHECK_EQ_INT(ptpdk_ucast_grants_committed_x128(t), 0);
	for (uint32_t i = 0; i < N; i++) {
		memcpy(c.ip, &i, sizeof(i));
		c.ip[4] = 1;
		if (!ptpdk_ucast_grants_request(t, &c, pid1, &r, 40 * S, &g))
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(t), N);
}

int main(void)
{
	check_seed("test_ucast_grants");
	test_init();
	test_grant_and_deny();
	test_expiry_renewal();
	test_cancel();
	test_limits();
	test_identity();
	test_ids();
	test_many();
	free(block);
	return check_report("test_ucast_grants");
}
