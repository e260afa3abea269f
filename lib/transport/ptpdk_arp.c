/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_arp.h"

#include <errno.h>
#include <string.h>

#include "ptpdk_csum.h"
#include "ptpdk_frame.h"

#define ARP_LEN		 28
#define ETH_MIN		 60 /* without the FCS: shorter frames are padded */
#define IP6_LEN		 40
#define ICMP6_NS_NA_LEN	 24 /* type, code, checksum, flags/reserved, target */
#define ICMP6_OPTION_LEN 8  /* one link-layer address option on Ethernet */
#define NEXT_ICMP6	 58
#define ICMP6_NS	 135
#define ICMP6_NA	 136
#define OPT_SOURCE_LL	 1
#define OPT_TARGET_LL	 2
#define NA_FLAG_S	 0x40
#define NA_FLAG_O	 0x20

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

const char *ptpdk_resolve_refusal_name(unsigned refusal)
{
	static const char *const names[PTPDK_RESOLVE_REFUSAL_COUNT] = {
		[PTPDK_RESOLVE_NOT_OURS] = "not_ours", [PTPDK_RESOLVE_SHORT] = "short",
		[PTPDK_RESOLVE_BAD_ARP] = "bad_arp",   [PTPDK_RESOLVE_BAD_HOPS] = "bad_hops",
		[PTPDK_RESOLVE_BAD_CSUM] = "bad_csum", [PTPDK_RESOLVE_BAD_NDP] = "bad_ndp",
	};

	return refusal < PTPDK_RESOLVE_REFUSAL_COUNT ? names[refusal] : "?";
}

/* ------------------------------------------------------------------ parse */

static int parse_arp(const uint8_t *a, size_t len, struct ptpdk_resolve_msg *out)
{
	uint16_t op;

	if (len < ARP_LEN)
		return PTPDK_RESOLVE_SHORT;
	/* Ethernet hardware, IPv4 protocol, their lengths. */
	if (get16(a) != 1 || get16(a + 2) != PTPDK_ETHERTYPE_IPV4 || a[4] != 6 || a[5] != 4)
		return PTPDK_RESOLVE_BAD_ARP;
	op = get16(a + 6);
	if (op != 1 && op != 2)
		return PTPDK_RESOLVE_BAD_ARP;
	out->kind = op == 1 ? PTPDK_ARP_REQUEST : PTPDK_ARP_REPLY;
	out->ip_len = 4;
	out->has_sender_mac = true;
	memcpy(out->sender_mac, a + 8, 6);
	memcpy(out->sender_ip, a + 14, 4);
	memcpy(out->target_ip, a + 24, 4);
	return 0;
}

/* The ICMPv6 checksum over the pseudo-header (RFC 8200 8.1) and the message. */
static uint16_t icmp6_checksum(const uint8_t *ip6, const uint8_t *icmp, size_t icmp_len)
{
	uint8_t pseudo[8] = { 0 };
	uint32_t sum;

	pseudo[0] = (uint8_t)(icmp_len >> 24);
	pseudo[1] = (uint8_t)(icmp_len >> 16);
	pseudo[2] = (uint8_t)(icmp_len >> 8);
	pseudo[3] = (uint8_t)icmp_len;
	pseudo[7] = NEXT_ICMP6;
	sum = ptpdk_csum_add(0, ip6 + 8, 32, 0); /* source and destination */
	sum = ptpdk_csum_add(sum, pseudo, sizeof(pseudo), 0);
	sum = ptpdk_csum_add(sum, icmp, icmp_len, 0);
	return ptpdk_csum_finish(sum);
}

/* The link-layer address option of @p type, if present; -1 for a malformed option. */
static int ndp_option(const uint8_t *opt, size_t len, uint8_t type, uint8_t mac[6])
{
	int found = 0;

	while (len > 0) {
		size_t olen;

		if (len < 2)
			return -1;
		olen = (size_t)opt[1] * 8;
		if (olen == 0 || olen > len)
			return -1; /* RFC 4861 4.6: a zero length is invalid */
		if (opt[0] == type && olen >= 8 && !found) {
			memcpy(mac, opt + 2, 6);
			found = 1;
		}
		opt += olen;
		len -= olen;
	}
	return found;
}

static int parse_ndp(const uint8_t *ip6, size_t len, struct ptpdk_resolve_msg *out)
{
	const uint8_t *icmp = ip6 + IP6_LEN;
	size_t icmp_len;
	int opt;

	if (len < IP6_LEN)
		return PTPDK_RESOLVE_SHORT;
	if ((ip6[0] >> 4) != 6 || ip6[6] != NEXT_ICMP6)
		return PTPDK_RESOLVE_NOT_OURS;
	icmp_len = get16(ip6 + 4);
	if (icmp_len > len - IP6_LEN)
		return PTPDK_RESOLVE_SHORT;
	if (icmp_len < 1 || (icmp[0] != ICMP6_NS && icmp[0] != ICMP6_NA))
		return PTPDK_RESOLVE_NOT_OURS;
	if (icmp_len < ICMP6_NS_NA_LEN)
		return PTPDK_RESOLVE_SHORT;
	/* RFC 4861 7.1.1/7.1.2: from on-link only (hop limit 255), code 0. */
	if (ip6[7] != 255)
		return PTPDK_RESOLVE_BAD_HOPS;
	if (icmp6_checksum(ip6, icmp, icmp_len) != 0)
		return PTPDK_RESOLVE_BAD_CSUM;
	if (icmp[1] != 0 || icmp[8] == 0xFF) /* the target is never multicast */
		return PTPDK_RESOLVE_BAD_NDP;
	out->ip_len = 16;
	memcpy(out->sender_ip, ip6 + 8, 16);
	memcpy(out->target_ip, icmp + 8, 16);
	if (icmp[0] == ICMP6_NS) {
		out->kind = PTPDK_NDP_SOLICIT;
		opt = ndp_option(icmp + 24, icmp_len - 24, OPT_SOURCE_LL, out->sender_mac);
	} else {
		out->kind = PTPDK_NDP_ADVERT;
		out->solicited = icmp[4] & NA_FLAG_S;
		out->override = icmp[4] & NA_FLAG_O;
		if (out->solicited && ip6[24] == 0xFF)
			return PTPDK_RESOLVE_BAD_NDP; /* solicited, yet to a group */
		opt = ndp_option(icmp + 24, icmp_len - 24, OPT_TARGET_LL, out->sender_mac);
	}
	if (opt < 0)
		return PTPDK_RESOLVE_BAD_NDP;
	out->has_sender_mac = opt == 1;
	return 0;
}

int ptpdk_resolve_parse(const uint8_t *frame, size_t len, struct ptpdk_resolve_msg *out)
{
	size_t off = 12;
	uint16_t type;

	memset(out, 0, sizeof(*out));
	if (len < 14)
		return PTPDK_RESOLVE_SHORT;
	memcpy(out->eth_src, frame + 6, 6);
	type = get16(frame + 12);
	if (type == PTPDK_ETHERTYPE_VLAN) {
		if (len < 18)
			return PTPDK_RESOLVE_SHORT;
		out->has_vlan = true;
		out->vlan_tci = get16(frame + 14);
		off = 16;
		type = get16(frame + 16);
	}
	off += 2;
	if (type == PTPDK_ETHERTYPE_ARP)
		return parse_arp(frame + off, len - off, out);
	if (type == PTPDK_ETHERTYPE_IPV6)
		return parse_ndp(frame + off, len - off, out);
	return PTPDK_RESOLVE_NOT_OURS;
}

/* ------------------------------------------------------------------ build */

/* The Ethernet header; @return its length. */
static size_t put_eth(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6], uint16_t type,
		      const struct ptpdk_resolve_vlan *vlan)
{
	size_t off = 12;

	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	if (vlan && vlan->has_vlan) {
		put16(buf + 12, PTPDK_ETHERTYPE_VLAN);
		put16(buf + 14, vlan->tci);
		off = 16;
	}
	put16(buf + off, type);
	return off + 2;
}

static size_t frame_len(size_t used, const struct ptpdk_resolve_vlan *vlan)
{
	size_t min = ETH_MIN + (vlan && vlan->has_vlan ? 4 : 0);

	return used < min ? min : used;
}

static int arp_build(uint8_t *buf, size_t cap, uint16_t op, const uint8_t eth_dst[6],
		     const uint8_t sha[6], const uint8_t spa[4], const uint8_t tha[6],
		     const uint8_t tpa[4], const struct ptpdk_resolve_vlan *vlan)
{
	size_t need = frame_len(18 + ARP_LEN, vlan), off;
	uint8_t *a;

	if (cap < need)
		return -ENOSPC;
	memset(buf, 0, need);
	off = put_eth(buf, eth_dst, sha, PTPDK_ETHERTYPE_ARP, vlan);
	a = buf + off;
	put16(a, 1);
	put16(a + 2, PTPDK_ETHERTYPE_IPV4);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	memcpy(a + 14, spa, 4);
	memcpy(a + 18, tha, 6);
	memcpy(a + 24, tpa, 4);
	return (int)frame_len(off + ARP_LEN, vlan);
}

int ptpdk_arp_build_request(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			    const uint8_t our_ip[4], const uint8_t target_ip[4],
			    const uint8_t *unicast_mac, const struct ptpdk_resolve_vlan *vlan)
{
	static const uint8_t broadcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	static const uint8_t unknown[6] = { 0 };

	return arp_build(buf, cap, 1, unicast_mac ? unicast_mac : broadcast, our_mac, our_ip,
			 unknown, target_ip, vlan);
}

int ptpdk_arp_build_reply(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			  const uint8_t our_ip[4], const uint8_t to_mac[6], const uint8_t to_ip[4],
			  const struct ptpdk_resolve_vlan *vlan)
{
	return arp_build(buf, cap, 2, to_mac, our_mac, our_ip, to_mac, to_ip, vlan);
}

/* IPv6 header and an NS/NA with one link-layer option; @return the frame length. */
static int ndp_build(uint8_t *buf, size_t cap, const uint8_t eth_dst[6], const uint8_t our_mac[6],
		     const uint8_t src_ip[16], const uint8_t dst_ip[16], uint8_t icmp_type,
		     uint8_t flags, const uint8_t target[16], uint8_t option,
		     const struct ptpdk_resolve_vlan *vlan)
{
	size_t icmp_len = ICMP6_NS_NA_LEN + ICMP6_OPTION_LEN;
	size_t need = frame_len(18 + IP6_LEN + icmp_len, vlan), off;
	uint8_t *ip6, *icmp;

	if (cap < need)
		return -ENOSPC;
	memset(buf, 0, need);
	off = put_eth(buf, eth_dst, our_mac, PTPDK_ETHERTYPE_IPV6, vlan);
	ip6 = buf + off;
	ip6[0] = 0x60;
	put16(ip6 + 4, (uint16_t)icmp_len);
	ip6[6] = NEXT_ICMP6;
	ip6[7] = 255;
	memcpy(ip6 + 8, src_ip, 16);
	memcpy(ip6 + 24, dst_ip, 16);
	icmp = ip6 + IP6_LEN;
	icmp[0] = icmp_type;
	icmp[4] = flags;
	memcpy(icmp + 8, target, 16);
	icmp[24] = option;
	icmp[25] = 1; /* 8 octets */
	memcpy(icmp + 26, our_mac, 6);
	put16(icmp + 2, icmp6_checksum(ip6, icmp, icmp_len));
	return (int)frame_len(off + IP6_LEN + icmp_len, vlan);
}

int ptpdk_ndp_build_solicit(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			    const uint8_t our_ip[16], const uint8_t target[16],
			    const uint8_t *unicast_mac, const struct ptpdk_resolve_vlan *vlan)
{
	/* RFC 4291 2.7.1: ff02::1:ffXX:XXXX, the target's last 24 bits; RFC 2464 7: its
	 * MAC is 33:33 and the group's last 32 bits. */
	uint8_t group[16] = { 0xFF, 0x02, [11] = 0x01, [12] = 0xFF };
	uint8_t group_mac[6] = { 0x33, 0x33 };

	memcpy(group + 13, target + 13, 3);
	memcpy(group_mac + 2, group + 12, 4);
	if (unicast_mac)
		return ndp_build(buf, cap, unicast_mac, our_mac, our_ip, target, ICMP6_NS, 0,
				 target, OPT_SOURCE_LL, vlan);
	return ndp_build(buf, cap, group_mac, our_mac, our_ip, group, ICMP6_NS, 0, target,
			 OPT_SOURCE_LL, vlan);
}

int ptpdk_ndp_build_advert(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			   const uint8_t our_ip[16], const uint8_t to_mac[6],
			   const uint8_t to_ip[16], const struct ptpdk_resolve_vlan *vlan)
{
	return ndp_build(buf, cap, to_mac, our_mac, our_ip, to_ip, ICMP6_NA, NA_FLAG_S | NA_FLAG_O,
			 our_ip, OPT_TARGET_LL, vlan);
}
