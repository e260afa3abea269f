/* SPDX-License-Identifier: BSD-3-Clause */
/* ARP and neighbour discovery frames: what is built parses back to the same, the
 * fixed fields are where RFC 826 / 4861 / 2464 put them, the ICMPv6 checksum agrees
 * with a plain RFC 1071 sum written here, and every refusal has its reason. */
#include <errno.h>

#include "check.h"
#include "ptpdk_arp.h"

static const uint8_t our_mac[6] = { 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x01 };
static const uint8_t gm_mac[6] = { 0x02, 0x1a, 0xb0, 0x00, 0x00, 0x11 };
static const uint8_t our_ip4[4] = { 198, 18, 0, 2 };
static const uint8_t gm_ip4[4] = { 198, 18, 0, 11 };
static const uint8_t our_ip6[16] = { 0x20, 0x01, 0x00, 0x02, [15] = 0x02 };
static const uint8_t gm_ip6[16] = { 0x20, 0x01, 0x00, 0x02, [14] = 0x01, [15] = 0x11 };

/* RFC 1071 by the book, apart from the library's: 16-bit big-endian words. */
static uint16_t plain_icmp6_sum(const uint8_t *ip6)
{
	size_t len = (size_t)ip6[4] << 8 | ip6[5];
	uint32_t sum = 0;

	for (size_t i = 8; i < 40; i += 2)
		sum += (uint32_t)(ip6[i] << 8 | ip6[i + 1]);
	sum += (uint32_t)len + 58;
	for (size_t i = 0; i < len; i += 2)
		sum += (uint32_t)(ip6[40 + i] << 8 | (i + 1 < len ? ip6[40 + i + 1] : 0));
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

static void test_arp(void)
{
	uint8_t f[PTPDK_ARP_FRAME_MAX];
	struct ptpdk_resolve_vlan tag = { true, 0x2064 };
	struct ptpdk_resolve_msg m;
	int n;

	n = ptpdk_arp_build_request(f, sizeof(f), our_mac, our_ip4, gm_ip4, NULL, NULL);
	CHECK_EQ_INT(n, 60);
	CHECK(memcmp(f, "\xff\xff\xff\xff\xff\xff", 6) == 0);
	CHECK(memcmp(f + 6, our_mac, 6) == 0);
	CHECK(f[12] == 0x08 && f[13] == 0x06);
	/* htype 1, ptype 0x0800, 6, 4, op 1, then sha spa tha tpa. */
	CHECK(memcmp(f + 14, "\x00\x01\x08\x00\x06\x04\x00\x01", 8) == 0);
	CHECK(memcmp(f + 22, our_mac, 6) == 0);
	CHECK(memcmp(f + 28, our_ip4, 4) == 0);
	CHECK(memcmp(f + 32, "\0\0\0\0\0\0", 6) == 0);
	CHECK(memcmp(f + 38, gm_ip4, 4) == 0);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), 0);
	CHECK_EQ_INT(m.kind, PTPDK_ARP_REQUEST);
	CHECK_EQ_INT(m.ip_len, 4);
	CHECK(m.has_sender_mac && memcmp(m.sender_mac, our_mac, 6) == 0);
	CHECK(memcmp(m.sender_ip, our_ip4, 4) == 0);
	CHECK(memcmp(m.target_ip, gm_ip4, 4) == 0);
	CHECK(!m.has_vlan);
	/* A unicast probe goes to the known MAC. */
	n = ptpdk_arp_build_request(f, sizeof(f), our_mac, our_ip4, gm_ip4, gm_mac, NULL);
	CHECK(memcmp(f, gm_mac, 6) == 0);

	n = ptpdk_arp_build_reply(f, sizeof(f), our_mac, our_ip4, gm_mac, gm_ip4, &tag);
	CHECK_EQ_INT(n, 64);
	CHECK(f[12] == 0x81 && f[13] == 0x00 && f[14] == 0x20 && f[15] == 0x64);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), 0);
	CHECK_EQ_INT(m.kind, PTPDK_ARP_REPLY);
	CHECK(m.has_vlan && m.vlan_tci == 0x2064);
	CHECK(memcmp(m.target_ip, gm_ip4, 4) == 0);
	CHECK(memcmp(m.eth_src, our_mac, 6) == 0);
	CHECK_EQ_INT(ptpdk_arp_build_reply(f, 63, our_mac, our_ip4, gm_mac, gm_ip4, &tag), -ENOSPC);

	/* Refusals. */
	n = ptpdk_arp_build_request(f, sizeof(f), our_mac, our_ip4, gm_ip4, NULL, NULL);
	f[19] = 6; /* plen 6 */
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_ARP);
	f[19] = 4;
	f[21] = 3; /* op 3 */
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_ARP);
	f[21] = 1;
	CHECK_EQ_INT(ptpdk_resolve_parse(f, 14 + 27, &m), PTPDK_RESOLVE_SHORT);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, 13, &m), PTPDK_RESOLVE_SHORT);
	f[12] = 0x08, f[13] = 0x00; /* IPv4 */
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_NOT_OURS);
}

static void test_ndp(void)
{
	uint8_t f[PTPDK_ARP_FRAME_MAX];
	struct ptpdk_resolve_msg m;
	const uint8_t *ip6 = f + 14;
	int n;

	n = ptpdk_ndp_build_solicit(f, sizeof(f), our_mac, our_ip6, gm_ip6, NULL, NULL);
	CHECK_EQ_INT(n, 14 + 40 + 32);
	/* To the solicited-node group ff02::1:ff00:0111 and its MAC 33:33:ff:00:01:11. */
	CHECK(memcmp(f, "\x33\x33\xff\x00\x01\x11", 6) == 0);
	CHECK(f[12] == 0x86 && f[13] == 0xdd);
	CHECK(memcmp(ip6 + 24, "\xff\x02\0\0\0\0\0\0\0\0\0\x01\xff\x00\x01\x11", 16) == 0);
	CHECK_EQ_INT(ip6[6], 58);
	CHECK_EQ_INT(ip6[7], 255);
	CHECK_EQ_INT(ip6[40], 135);
	CHECK_EQ_INT(plain_icmp6_sum(ip6), 0);
	CHECK(memcmp(ip6 + 48, gm_ip6, 16) == 0);
	CHECK(ip6[64] == 1 && ip6[65] == 1 && memcmp(ip6 + 66, our_mac, 6) == 0);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), 0);
	CHECK_EQ_INT(m.kind, PTPDK_NDP_SOLICIT);
	CHECK_EQ_INT(m.ip_len, 16);
	CHECK(m.has_sender_mac && memcmp(m.sender_mac, our_mac, 6) == 0);
	CHECK(memcmp(m.sender_ip, our_ip6, 16) == 0);
	CHECK(memcmp(m.target_ip, gm_ip6, 16) == 0);
	/* A unicast probe: to the neighbour's MAC and address. */
	n = ptpdk_ndp_build_solicit(f, sizeof(f), our_mac, our_ip6, gm_ip6, gm_mac, NULL);
	CHECK(memcmp(f, gm_mac, 6) == 0);
	CHECK(memcmp(ip6 + 24, gm_ip6, 16) == 0);
	CHECK_EQ_INT(plain_icmp6_sum(ip6), 0);

	n = ptpdk_ndp_build_advert(f, sizeof(f), our_mac, our_ip6, gm_mac, gm_ip6, NULL);
	CHECK_EQ_INT(ip6[40], 136);
	CHECK_EQ_INT(ip6[44], 0x60); /* S and O */
	CHECK_EQ_INT(plain_icmp6_sum(ip6), 0);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), 0);
	CHECK_EQ_INT(m.kind, PTPDK_NDP_ADVERT);
	CHECK(m.solicited && m.override);
	CHECK(memcmp(m.target_ip, our_ip6, 16) == 0);
	CHECK(m.has_sender_mac && memcmp(m.sender_mac, our_mac, 6) == 0);

	/* Refusals: off-link hop limit, checksum, code, zero-length option, multicast
	 * target, solicited to a group; other ICMPv6 and truncation. */
	n = ptpdk_ndp_build_solicit(f, sizeof(f), our_mac, our_ip6, gm_ip6, NULL, NULL);
	f[14 + 7] = 254;
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_HOPS);
	f[14 + 7] = 255;
	f[14 + 66] ^= 1;
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_CSUM);
	f[14 + 66] ^= 1;
	f[14 + 41] = 1; /* code 1: the checksum changes by 1 in that word */
	f[14 + 43] = (uint8_t)(f[14 + 43] - 1);
	if (f[14 + 43] == 0xFF)
		f[14 + 42]--;
	CHECK_EQ_INT(plain_icmp6_sum(ip6), 0);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_NDP);
	n = ptpdk_ndp_build_solicit(f, sizeof(f), our_mac, our_ip6, gm_ip6, NULL, NULL);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n - 33, &m), PTPDK_RESOLVE_SHORT);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, 14 + 39, &m), PTPDK_RESOLVE_SHORT);
	f[14 + 40] = 128; /* echo request */
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_NOT_OURS);
	f[14 + 40] = 135;
	f[14 + 6] = 17; /* UDP */
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_NOT_OURS);
}

/* Zero-length option, multicast target and solicited-to-group, each with its checksum
 * made right again so that only the rule refuses it. */
static void fix_sum(uint8_t *ip6)
{
	ip6[42] = ip6[43] = 0;
	uint16_t s = plain_icmp6_sum(ip6);
	ip6[42] = (uint8_t)(s >> 8);
	ip6[43] = (uint8_t)s;
}

static void test_ndp_rules(void)
{
	uint8_t f[PTPDK_ARP_FRAME_MAX];
	struct ptpdk_resolve_msg m;
	uint8_t *ip6 = f + 14;
	int n;

	n = ptpdk_ndp_build_solicit(f, sizeof(f), our_mac, our_ip6, gm_ip6, NULL, NULL);
	ip6[65] = 0;
	fix_sum(ip6);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_NDP);
	n = ptpdk_ndp_build_solicit(f, sizeof(f), our_mac, our_ip6, gm_ip6, NULL, NULL);
	ip6[48] = 0xFF;
	fix_sum(ip6);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_NDP);
	n = ptpdk_ndp_build_advert(f, sizeof(f), our_mac, our_ip6, gm_mac, gm_ip6, NULL);
	ip6[24] = 0xFF;
	fix_sum(ip6);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), PTPDK_RESOLVE_BAD_NDP);
	/* Without an option an NS still parses, with no sender MAC. */
	n = ptpdk_ndp_build_solicit(f, sizeof(f), our_mac, our_ip6, gm_ip6, NULL, NULL);
	ip6[5] = 24;
	fix_sum(ip6);
	CHECK_EQ_INT(ptpdk_resolve_parse(f, (size_t)n, &m), 0);
	CHECK(!m.has_sender_mac);
}

/* Random mutations and truncations of valid frames: a result, never a crash. */
static void test_fuzz(void)
{
	uint8_t base[4][PTPDK_ARP_FRAME_MAX], f[PTPDK_ARP_FRAME_MAX];
	int len[4];
	struct ptpdk_resolve_vlan tag = { true, 5 };
	struct ptpdk_resolve_msg m;
	unsigned ok = 0;

	len[0] = ptpdk_arp_build_request(base[0], sizeof(base[0]), our_mac, our_ip4, gm_ip4, NULL,
					 &tag);
	len[1] = ptpdk_arp_build_reply(base[1], sizeof(base[1]), our_mac, our_ip4, gm_mac, gm_ip4,
				       NULL);
	len[2] = ptpdk_ndp_build_solicit(base[2], sizeof(base[2]), our_mac, our_ip6, gm_ip6, NULL,
					 &tag);
	len[3] = ptpdk_ndp_build_advert(base[3], sizeof(base[3]), our_mac, our_ip6, gm_mac, gm_ip6,
					NULL);
	for (unsigned i = 0; i < 200000; i++) {
		unsigned b = (unsigned)(check_rand() % 4);
		size_t n = (size_t)len[b];
		int rc;

		memcpy(f, base[b], n);
		for (unsigned k = (unsigned)(check_rand() % 4); k > 0; k--)
			f[check_rand() % n] = (uint8_t)check_rand();
		if (check_rand() % 3 == 0)
			n = (size_t)(check_rand() % (n + 1));
		rc = ptpdk_resolve_parse(f, n, &m);
		if (rc < 0 || rc >= PTPDK_RESOLVE_REFUSAL_COUNT)
			CHECK(rc >= 0 && rc < PTPDK_RESOLVE_REFUSAL_COUNT);
		ok += rc == 0;
	}
	CHECK(ok > 0);
}

int main(void)
{
	check_seed("test_arp");
	test_arp();
	test_ndp();
	test_ndp_rules();
	test_fuzz();
	return check_report("test_arp");
}
