/* SPDX-License-Identifier: BSD-3-Clause */
/* The neighbour cache: resolution with retries and failure, learning, REACHABLE to
 * STALE with a unicast probe, the LRU bound, IPv4 and IPv6 apart. */
#include <errno.h>

#include "check.h"
#include "ptpdk_neigh.h"

#define S 1000000000ull

static struct ptpdk_neigh cache;

static void ip4(uint8_t ip[4], unsigned host)
{
	ip[0] = 198;
	ip[1] = 18;
	ip[2] = (uint8_t)(host >> 8);
	ip[3] = (uint8_t)host;
}

static void test_init(void)
{
	struct ptpdk_neigh_config c;

	ptpdk_neigh_config_default(&c);
	CHECK_EQ_INT(c.max_tries, 3);
	CHECK_EQ_INT(c.retry_ns, S);
	c.max_tries = 0;
	CHECK_EQ_INT(ptpdk_neigh_init(&cache, &c), -EINVAL);
	ptpdk_neigh_config_default(&c);
	c.retry_ns = 0;
	CHECK_EQ_INT(ptpdk_neigh_init(&cache, &c), -EINVAL);
	ptpdk_neigh_config_default(&c);
	CHECK_EQ_INT(ptpdk_neigh_init(&cache, &c), 0);
	CHECK_EQ_INT(ptpdk_neigh_next_due(&cache), UINT64_MAX);
}

static void test_resolution(void)
{
	struct ptpdk_neigh_config c;
	struct ptpdk_neigh_request r;
	uint8_t ip[4], mac[6], want[6] = { 2, 0x1a, 0xb0, 0, 0, 0x11 };
	uint8_t bad[16] = { 0 };

	ptpdk_neigh_config_default(&c);
	ptpdk_neigh_init(&cache, &c);
	ip4(ip, 11);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, bad, 5, 0, mac), -EINVAL);
	/* Unknown: resolution starts, a request at once and one a second after. */
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 0, mac), -EAGAIN);
	CHECK(ptpdk_neigh_poll(&cache, 0, &r));
	CHECK_EQ_INT(r.ip_len, 4);
	CHECK(memcmp(r.ip, ip, 4) == 0);
	CHECK(!r.unicast);
	CHECK(!ptpdk_neigh_poll(&cache, S / 2, &r));
	CHECK_EQ_INT(ptpdk_neigh_next_due(&cache), S);
	CHECK(ptpdk_neigh_poll(&cache, S, &r));
	CHECK(ptpdk_neigh_poll(&cache, 2 * S, &r));
	/* Three unanswered: FAILED for 10 s, then forgotten and asked again on use. */
	CHECK(!ptpdk_neigh_poll(&cache, 3 * S, &r));
	CHECK_EQ_INT(cache.counters.failed, 1);
	CHECK_EQ_INT(cache.counters.requests, 3);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 4 * S, mac), -EHOSTUNREACH);
	CHECK(!ptpdk_neigh_poll(&cache, 12 * S, &r));
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 14 * S, mac), -EAGAIN);
	CHECK(ptpdk_neigh_poll(&cache, 14 * S, &r));

	/* Answered: REACHABLE with its MAC. */
	ptpdk_neigh_learn(&cache, ip, 4, want, false, 14 * S + 100);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 15 * S, mac), 0);
	CHECK(memcmp(mac, want, 6) == 0);
	CHECK(!ptpdk_neigh_poll(&cache, 20 * S, &r));
	/* After reachable_time: still used (STALE), and probed by unicast. */
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 45 * S, mac), 0);
	CHECK(ptpdk_neigh_poll(&cache, 45 * S, &r));
	CHECK(r.unicast);
	CHECK(memcmp(r.mac, want, 6) == 0);
	ptpdk_neigh_learn(&cache, ip, 4, want, false, 45 * S + 200);
	CHECK(!ptpdk_neigh_poll(&cache, 46 * S, &r));
	/* A stale entry whose probes all go unanswered fails. */
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 80 * S, mac), 0);
	CHECK(ptpdk_neigh_poll(&cache, 80 * S, &r));
	CHECK(ptpdk_neigh_poll(&cache, 81 * S, &r));
	CHECK(ptpdk_neigh_poll(&cache, 82 * S, &r));
	CHECK(!ptpdk_neigh_poll(&cache, 83 * S, &r));
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 84 * S, mac), -EHOSTUNREACH);

	/* Learning without create leaves unknown addresses alone; with create it adds. */
	ip4(ip, 12);
	ptpdk_neigh_learn(&cache, ip, 4, want, false, 90 * S);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 90 * S, mac), -EAGAIN);
	ip4(ip, 13);
	ptpdk_neigh_learn(&cache, ip, 4, want, true, 90 * S);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 90 * S, mac), 0);
}

static void test_bounds(void)
{
	struct ptpdk_neigh_config c;
	uint8_t ip[16] = { 0 }, mac[6] = { 2 };
	uint8_t v6[16] = { 198, 18, 0, 11 };

	ptpdk_neigh_config_default(&c);
	ptpdk_neigh_init(&cache, &c);
	/* IPv4 198.18.0.11 and an IPv6 address that starts with the same octets differ. */
	ip4(ip, 11);
	ptpdk_neigh_learn(&cache, ip, 4, mac, true, 0);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, v6, 16, 0, mac), -EAGAIN);
	/* Full: a new address takes the least recently used entry. */
	ptpdk_neigh_init(&cache, &c);
	for (unsigned i = 0; i < PTPDK_NEIGH_MAX; i++) {
		ip4(ip, 100 + i);
		ptpdk_neigh_learn(&cache, ip, 4, mac, true, i + 1);
	}
	ip4(ip, 100); /* used again: no longer the oldest */
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 1000, mac), 0);
	ip4(ip, 99);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 1001, mac), -EAGAIN);
	CHECK_EQ_INT(cache.counters.evicted, 1);
	ip4(ip, 101); /* the oldest, evicted */
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 1002, mac), -EAGAIN);
	ip4(ip, 100);
	CHECK_EQ_INT(ptpdk_neigh_lookup(&cache, ip, 4, 1003, mac), 0);
}

int main(void)
{
	check_seed("test_neigh");
	test_init();
	test_resolution();
	test_bounds();
	return check_report("test_neigh");
}
