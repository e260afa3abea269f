/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The frames of address resolution a port needs to send unicast PTP: ARP requests
 * and replies (RFC 826, Ethernet and IPv4 only) and IPv6 neighbour solicitations and
 * advertisements (RFC 4861 4.3, 4.4), with an optional 802.1Q tag.
 *
 * Parsing takes only what RFC 4861 7.1 lets a node accept (hop limit 255, code 0, a
 * correct ICMPv6 checksum, no zero-length option, a unicast target, no solicited flag
 * to a multicast destination) and, for ARP, Ethernet/IPv4 lengths; anything else is
 * refused, never half-read.
 *
 * Pure: bytes in, bytes out.
 */
#ifndef PTPDK_ARP_H
#define PTPDK_ARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTPDK_ETHERTYPE_ARP 0x0806
#define PTPDK_ARP_FRAME_MAX 90 /**< the largest frame built here (tagged NS with its option) */

enum ptpdk_resolve_kind {
	PTPDK_ARP_REQUEST = 1,
	PTPDK_ARP_REPLY,
	PTPDK_NDP_SOLICIT,
	PTPDK_NDP_ADVERT,
};

/** One parsed resolution message. */
struct ptpdk_resolve_msg {
	enum ptpdk_resolve_kind kind;
	bool has_vlan;
	uint16_t vlan_tci;
	uint8_t eth_src[6];
	uint8_t ip_len;	       /**< 4 (ARP) or 16 (NDP) */
	uint8_t sender_ip[16]; /**< ARP spa; NDP the IPv6 source (:: in DAD) */
	bool has_sender_mac;   /**< ARP always; NDP with a link-layer address option */
	uint8_t sender_mac[6]; /**< ARP sha; NS source / NA target link-layer option */
	uint8_t target_ip[16]; /**< ARP tpa; NDP the target address */
	bool solicited;	       /**< NA S flag */
	bool override;	       /**< NA O flag */
};

/** Why a frame was refused (counters index). */
enum ptpdk_resolve_refusal {
	PTPDK_RESOLVE_NOT_OURS = 0, /**< not ARP, not ICMPv6 NS/NA: another protocol */
	PTPDK_RESOLVE_SHORT,	    /**< truncated */
	PTPDK_RESOLVE_BAD_ARP,	    /**< not Ethernet/IPv4, or an unknown operation */
	PTPDK_RESOLVE_BAD_HOPS,	    /**< NDP with a hop limit below 255 (off-link) */
	PTPDK_RESOLVE_BAD_CSUM,	    /**< ICMPv6 checksum */
	PTPDK_RESOLVE_BAD_NDP,	    /**< code, option length, multicast target, S to multicast */
	PTPDK_RESOLVE_REFUSAL_COUNT
};

/** Short stable name of a refusal ("not_ours", "short", ...); "?" out of range. */
const char *ptpdk_resolve_refusal_name(unsigned refusal);

/**
 * Parse @p len octets of an Ethernet frame. @return 0 and fills @p out, or a refusal
 * (enum ptpdk_resolve_refusal, > 0).
 */
int ptpdk_resolve_parse(const uint8_t *frame, size_t len, struct ptpdk_resolve_msg *out);

/** The VLAN tag to put on a built frame. */
struct ptpdk_resolve_vlan {
	bool has_vlan;
	uint16_t tci;
};

/**
 * An ARP request for @p target_ip from @p our_mac / @p our_ip: broadcast, or to
 * @p unicast_mac (a probe of a known neighbour) when not NULL.
 * @return the frame's length (60, or 64 tagged), or -ENOSPC.
 */
int ptpdk_arp_build_request(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			    const uint8_t our_ip[4], const uint8_t target_ip[4],
			    const uint8_t *unicast_mac, const struct ptpdk_resolve_vlan *vlan);

/** An ARP reply to @p to_mac / @p to_ip: @p our_ip is at @p our_mac. */
int ptpdk_arp_build_reply(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			  const uint8_t our_ip[4], const uint8_t to_mac[6], const uint8_t to_ip[4],
			  const struct ptpdk_resolve_vlan *vlan);

/**
 * A neighbour solicitation for @p target from @p our_ip / @p our_mac, with our
 * link-layer address: to the target's solicited-node group, or to @p unicast_mac and
 * @p target itself when @p unicast_mac is not NULL.
 */
int ptpdk_ndp_build_solicit(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			    const uint8_t our_ip[16], const uint8_t target[16],
			    const uint8_t *unicast_mac, const struct ptpdk_resolve_vlan *vlan);

/** A solicited neighbour advertisement (S and O set) of @p our_ip to @p to_mac / @p to_ip. */
int ptpdk_ndp_build_advert(uint8_t *buf, size_t cap, const uint8_t our_mac[6],
			   const uint8_t our_ip[16], const uint8_t to_mac[6],
			   const uint8_t to_ip[16], const struct ptpdk_resolve_vlan *vlan);

#endif
