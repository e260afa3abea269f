/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "ptpdk_csum.h"
#include "ptpdk_frame.h"
#include "ptpdk_wire.h"

#define ETH_HEADER_LEN	14
#define VLAN_TAG_LEN	4
#define IPV4_HEADER_MIN 20
#define IPV6_HEADER_LEN 40
#define UDP_HEADER_LEN	8
#define IPPROTO_UDP_NUM 17
#define UDP_CSUM_OFFSET 6

struct parse_ctx {
	const uint8_t *buf;
	size_t len;
	unsigned flags;
	struct ptpdk_frame *frame;
	enum ptpdk_reject reason;
};

static enum ptpdk_frame_class reject(struct parse_ctx *c, enum ptpdk_reject why)
{
	c->reason = why;
	return PTPDK_FRAME_REJECTED;
}

static bool is_ptp_port(uint16_t port)
{
	return port == PTPDK_UDP_EVENT_PORT || port == PTPDK_UDP_GENERAL_PORT;
}

/* Pseudo-header sum (RFC 768 / RFC 8200 8.1) for the UDP checksum. */
static uint32_t udp_pseudo_sum(const struct ptpdk_frame *f, uint16_t udp_len)
{
	uint8_t tail[4] = { 0, IPPROTO_UDP_NUM, (uint8_t)(udp_len >> 8), (uint8_t)udp_len };
	size_t addr_len = f->transport == PTPDK_TRANSPORT_UDP6 ? 16 : 4;
	uint32_t sum = 0;

	sum = ptpdk_csum_add(sum, f->src_ip, addr_len, 0);
	sum = ptpdk_csum_add(sum, f->dst_ip, addr_len, 0);
	/* IPv4: zero, protocol, length; IPv6: 32-bit length, 24 zero bits, next header. */
	if (f->transport == PTPDK_TRANSPORT_UDP6) {
		uint8_t v6tail[8] = { 0, 0, (uint8_t)(udp_len >> 8), (uint8_t)udp_len, 0,
				      0, 0, IPPROTO_UDP_NUM };
		return ptpdk_csum_add(sum, v6tail, sizeof(v6tail), 0);
	}
	return ptpdk_csum_add(sum, tail, sizeof(tail), 0);
}

static uint16_t udp_checksum(const uint8_t *udp, uint16_t udp_len, const struct ptpdk_frame *f)
{
	uint32_t sum = udp_pseudo_sum(f, udp_len);
	uint16_t csum;

	sum = ptpdk_csum_add(sum, udp, UDP_CSUM_OFFSET, 0);
	sum = ptpdk_csum_add(sum, udp + UDP_HEADER_LEN, udp_len - UDP_HEADER_LEN, 0);
	csum = ptpdk_csum_finish(sum);
	/* RFC 768: a computed zero is sent as all ones (zero means "none" in IPv4). */
	return csum == 0 ? 0xffff : csum;
}

/* A zero UDP checksum means "none" in IPv4 and is forbidden in IPv6 (RFC 8200 8.1). */
static bool udp_checksum_bad(const uint8_t *udp, uint16_t udp_len, const struct ptpdk_frame *f)
{
	uint16_t csum = wire_get_u16(udp + UDP_CSUM_OFFSET);

	if (csum == 0)
		return f->transport != PTPDK_TRANSPORT_UDP4;
	return csum != udp_checksum(udp, udp_len, f);
}

static bool ipv4_checksum_bad(const uint8_t *ip, size_t ihl)
{
	return ptpdk_csum_finish(ptpdk_csum_add(0, ip, ihl, 0)) != 0;
}

/* Checks UDP length, checksum and port/message-type agreement; c->frame has IPs set. */
static enum ptpdk_frame_class udp_validate(struct parse_ctx *c, size_t udp_off, size_t ip_payload)
{
	struct ptpdk_frame *f = c->frame;
	const uint8_t *udp = c->buf + udp_off;
	uint16_t udp_len = wire_get_u16(udp + 4);

	f->l4_offset = (uint16_t)udp_off;
	if (udp_len < UDP_HEADER_LEN || udp_len != ip_payload)
		return reject(c, PTPDK_REJECT_BAD_UDP_LENGTH);
	f->payload_offset = (uint16_t)(udp_off + UDP_HEADER_LEN);
	f->payload_length = (uint16_t)(udp_len - UDP_HEADER_LEN);
	if ((c->flags & PTPDK_FRAME_F_VERIFY_CSUM) && udp_checksum_bad(udp, udp_len, f))
		return reject(c, PTPDK_REJECT_BAD_UDP_CHECKSUM);
	if (f->payload_length >= 1) {
		bool event = (c->buf[f->payload_offset] & 0x0f) < 0x8;

		if (event != (f->dst_port == PTPDK_UDP_EVENT_PORT))
			return reject(c, PTPDK_REJECT_WRONG_PORT);
	}
	return PTPDK_FRAME_PTP;
}

static enum ptpdk_frame_class ipv4_parse(struct parse_ctx *c, size_t off)
{
	const uint8_t *ip = c->buf + off;
	size_t avail = c->len - off, ihl, total;
	uint16_t frag;

	if (avail < IPV4_HEADER_MIN || (ip[0] >> 4) != 4 || ip[9] != IPPROTO_UDP_NUM)
		return PTPDK_FRAME_NOT_PTP;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	frag = wire_get_u16(ip + 6);
	/* Only a first fragment shows the ports; later ones cannot be PTP's. */
	if ((frag & 0x1fff) != 0 || ihl < IPV4_HEADER_MIN || avail < ihl + UDP_HEADER_LEN)
		return PTPDK_FRAME_NOT_PTP;
	c->frame->src_port = wire_get_u16(ip + ihl);
	c->frame->dst_port = wire_get_u16(ip + ihl + 2);
	if (!is_ptp_port(c->frame->dst_port))
		return PTPDK_FRAME_NOT_PTP;
	c->frame->transport = PTPDK_TRANSPORT_UDP4;
	c->frame->l3_offset = (uint16_t)off;
	c->frame->ttl = ip[8];
	memcpy(c->frame->src_ip, ip + 12, 4);
	memcpy(c->frame->dst_ip, ip + 16, 4);
	total = wire_get_u16(ip + 2);
	if (total < ihl + UDP_HEADER_LEN)
		return reject(c, PTPDK_REJECT_BAD_IP_HEADER);
	if (total > avail)
		return reject(c, PTPDK_REJECT_TRUNCATED_FRAME);
	if (frag & 0x2000)
		return reject(c, PTPDK_REJECT_IP_FRAGMENT);
	if ((c->flags & PTPDK_FRAME_F_VERIFY_CSUM) && ipv4_checksum_bad(ip, ihl))
		return reject(c, PTPDK_REJECT_BAD_IP_CHECKSUM);
	return udp_validate(c, off + ihl, total - ihl);
}

static enum ptpdk_frame_class ipv6_parse(struct parse_ctx *c, size_t off)
{
	const uint8_t *ip = c->buf + off;
	size_t avail = c->len - off, payload;

	/* Extension headers are not followed: PTP over IPv6 carries UDP directly. */
	if (avail < IPV6_HEADER_LEN + UDP_HEADER_LEN || (ip[0] >> 4) != 6 ||
	    ip[6] != IPPROTO_UDP_NUM)
		return PTPDK_FRAME_NOT_PTP;
	c->frame->src_port = wire_get_u16(ip + IPV6_HEADER_LEN);
	c->frame->dst_port = wire_get_u16(ip + IPV6_HEADER_LEN + 2);
	if (!is_ptp_port(c->frame->dst_port))
		return PTPDK_FRAME_NOT_PTP;
	c->frame->transport = PTPDK_TRANSPORT_UDP6;
	c->frame->l3_offset = (uint16_t)off;
	c->frame->ttl = ip[7];
	memcpy(c->frame->src_ip, ip + 8, 16);
	memcpy(c->frame->dst_ip, ip + 24, 16);
	payload = wire_get_u16(ip + 4);
	if (payload < UDP_HEADER_LEN)
		return reject(c, PTPDK_REJECT_BAD_IP_HEADER);
	if (payload > avail - IPV6_HEADER_LEN)
		return reject(c, PTPDK_REJECT_TRUNCATED_FRAME);
	return udp_validate(c, off + IPV6_HEADER_LEN, payload);
}

enum ptpdk_frame_class ptpdk_frame_parse(const uint8_t *buf, size_t len, unsigned flags,
					 struct ptpdk_frame *frame, enum ptpdk_reject *reason)
{
	struct parse_ctx c = { .buf = buf, .len = len, .flags = flags, .frame = frame };
	enum ptpdk_frame_class cls;
	size_t off = ETH_HEADER_LEN;
	uint16_t ethertype;

	memset(frame, 0, sizeof(*frame));
	if (!buf || len < ETH_HEADER_LEN)
		return PTPDK_FRAME_NOT_PTP;
	memcpy(frame->dst_mac, buf, 6);
	memcpy(frame->src_mac, buf + 6, 6);
	ethertype = wire_get_u16(buf + 12);
	if (ethertype == PTPDK_ETHERTYPE_VLAN || ethertype == PTPDK_ETHERTYPE_QINQ) {
		if (len < ETH_HEADER_LEN + VLAN_TAG_LEN)
			return PTPDK_FRAME_NOT_PTP;
		frame->has_vlan = true;
		frame->vlan_tci = wire_get_u16(buf + 14);
		ethertype = wire_get_u16(buf + 16);
		off += VLAN_TAG_LEN;
		if (ethertype == PTPDK_ETHERTYPE_VLAN || ethertype == PTPDK_ETHERTYPE_QINQ) {
			c.reason = PTPDK_REJECT_VLAN_STACK;
			cls = PTPDK_FRAME_REJECTED;
			goto out;
		}
	}
	switch (ethertype) {
	case PTPDK_ETHERTYPE_PTP:
		frame->transport = PTPDK_TRANSPORT_L2;
		frame->l3_offset = (uint16_t)off;
		frame->payload_offset = (uint16_t)off;
		frame->payload_length = (uint16_t)(len - off > UINT16_MAX ? UINT16_MAX : len - off);
		cls = PTPDK_FRAME_PTP;
		break;
	case PTPDK_ETHERTYPE_IPV4:
		cls = ipv4_parse(&c, off);
		break;
	case PTPDK_ETHERTYPE_IPV6:
		cls = ipv6_parse(&c, off);
		break;
	default:
		cls = PTPDK_FRAME_NOT_PTP;
		break;
	}
out:
	if (cls == PTPDK_FRAME_REJECTED && reason)
		*reason = c.reason;
	return cls;
}

unsigned ptpdk_frame_checksum_faults(const uint8_t *buf, size_t len,
				     const struct ptpdk_frame *frame)
{
	size_t udp_len = UDP_HEADER_LEN + (size_t)frame->payload_length;
	size_t l3 = frame->l3_offset, l4 = frame->l4_offset;
	unsigned faults = 0;

	/* Only a UDP frame whose headers the parse laid out inside buf has checksums. */
	if (!buf || frame->transport == PTPDK_TRANSPORT_L2 || l4 < l3 || l4 > len ||
	    udp_len > len - l4 || udp_len > UINT16_MAX)
		return 0;
	if (frame->transport == PTPDK_TRANSPORT_UDP4) {
		if (l4 - l3 < IPV4_HEADER_MIN)
			return 0;
		if (ipv4_checksum_bad(buf + l3, l4 - l3))
			faults |= PTPDK_FRAME_CSUM_BAD_IP;
	} else if (l4 - l3 != IPV6_HEADER_LEN) {
		return 0;
	}
	if (udp_checksum_bad(buf + l4, (uint16_t)udp_len, frame))
		faults |= PTPDK_FRAME_CSUM_BAD_UDP;
	return faults;
}

size_t ptpdk_frame_header_length(const struct ptpdk_frame *frame)
{
	size_t n = ETH_HEADER_LEN + (frame->has_vlan ? VLAN_TAG_LEN : 0);

	switch (frame->transport) {
	case PTPDK_TRANSPORT_UDP4:
		return n + IPV4_HEADER_MIN + UDP_HEADER_LEN;
	case PTPDK_TRANSPORT_UDP6:
		return n + IPV6_HEADER_LEN + UDP_HEADER_LEN;
	default:
		return n;
	}
}

static size_t eth_build(uint8_t *buf, const struct ptpdk_frame *f, uint16_t ethertype)
{
	size_t off = ETH_HEADER_LEN;

	memcpy(buf, f->dst_mac, 6);
	memcpy(buf + 6, f->src_mac, 6);
	if (f->has_vlan) {
		wire_put_u16(buf + 12, PTPDK_ETHERTYPE_VLAN);
		wire_put_u16(buf + 14, f->vlan_tci);
		off += VLAN_TAG_LEN;
	}
	wire_put_u16(buf + off - 2, ethertype);
	return off;
}

static void udp_build(uint8_t *udp, const struct ptpdk_frame *f, size_t payload_len)
{
	uint16_t udp_len = (uint16_t)(UDP_HEADER_LEN + payload_len);

	wire_put_u16(udp, f->src_port);
	wire_put_u16(udp + 2, f->dst_port);
	wire_put_u16(udp + 4, udp_len);
	wire_put_u16(udp + UDP_CSUM_OFFSET, 0);
	wire_put_u16(udp + UDP_CSUM_OFFSET, udp_checksum(udp, udp_len, f));
}

static void ipv4_build(uint8_t *ip, const struct ptpdk_frame *f, size_t payload_len)
{
	memset(ip, 0, IPV4_HEADER_MIN);
	ip[0] = 0x45;
	ip[1] = (uint8_t)(f->dscp << 2);
	wire_put_u16(ip + 2, (uint16_t)(IPV4_HEADER_MIN + UDP_HEADER_LEN + payload_len));
	ip[8] = f->ttl ? f->ttl : 1;
	ip[9] = IPPROTO_UDP_NUM;
	memcpy(ip + 12, f->src_ip, 4);
	memcpy(ip + 16, f->dst_ip, 4);
	wire_put_u16(ip + 10, ptpdk_csum_finish(ptpdk_csum_add(0, ip, IPV4_HEADER_MIN, 0)));
}

static void ipv6_build(uint8_t *ip, const struct ptpdk_frame *f, size_t payload_len)
{
	memset(ip, 0, IPV6_HEADER_LEN);
	ip[0] = (uint8_t)(0x60 | (f->dscp >> 2));
	ip[1] = (uint8_t)(f->dscp << 6);
	wire_put_u16(ip + 4, (uint16_t)(UDP_HEADER_LEN + payload_len));
	ip[6] = IPPROTO_UDP_NUM;
	ip[7] = f->ttl ? f->ttl : 1;
	memcpy(ip + 8, f->src_ip, 16);
	memcpy(ip + 24, f->dst_ip, 16);
}

int ptpdk_frame_build(uint8_t *buf, size_t cap, const struct ptpdk_frame *frame,
		      const uint8_t *payload, size_t payload_len)
{
	size_t hdr = ptpdk_frame_header_length(frame), off;

	if (frame->transport > PTPDK_TRANSPORT_UDP6 ||
	    payload_len > UINT16_MAX - IPV6_HEADER_LEN - UDP_HEADER_LEN)
		return -EINVAL;
	if (cap < hdr + payload_len)
		return -ENOSPC;
	memcpy(buf + hdr, payload, payload_len);
	switch (frame->transport) {
	case PTPDK_TRANSPORT_L2:
		eth_build(buf, frame, PTPDK_ETHERTYPE_PTP);
		break;
	case PTPDK_TRANSPORT_UDP4:
		off = eth_build(buf, frame, PTPDK_ETHERTYPE_IPV4);
		ipv4_build(buf + off, frame, payload_len);
		udp_build(buf + off + IPV4_HEADER_MIN, frame, payload_len);
		break;
	case PTPDK_TRANSPORT_UDP6:
		off = eth_build(buf, frame, PTPDK_ETHERTYPE_IPV6);
		ipv6_build(buf + off, frame, payload_len);
		udp_build(buf + off + IPV6_HEADER_LEN, frame, payload_len);
		break;
	}
	return (int)(hdr + payload_len);
}

void ptpdk_frame_set_multicast_dst(struct ptpdk_frame *frame, bool peer_delay)
{
	static const uint8_t l2_primary[6] = { 0x01, 0x1B, 0x19, 0x00, 0x00, 0x00 };
	static const uint8_t l2_peer[6] = { 0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E };
	static const uint8_t v4_primary[4] = { 224, 0, 1, 129 };
	static const uint8_t v4_peer[4] = { 224, 0, 0, 107 };
	/* FF0E::181 (global scope) and FF02::6B (link-local, peer delay), Annex E. */
	static const uint8_t v6_primary[16] = { 0xff, 0x0e, [14] = 0x01, [15] = 0x81 };
	static const uint8_t v6_peer[16] = { 0xff, 0x02, [15] = 0x6b };

	switch (frame->transport) {
	case PTPDK_TRANSPORT_L2:
		memcpy(frame->dst_mac, peer_delay ? l2_peer : l2_primary, 6);
		break;
	case PTPDK_TRANSPORT_UDP4:
		memcpy(frame->dst_ip, peer_delay ? v4_peer : v4_primary, 4);
		/* RFC 1112: 01:00:5e + low 23 bits of the group. */
		frame->dst_mac[0] = 0x01;
		frame->dst_mac[1] = 0x00;
		frame->dst_mac[2] = 0x5e;
		frame->dst_mac[3] = frame->dst_ip[1] & 0x7f;
		frame->dst_mac[4] = frame->dst_ip[2];
		frame->dst_mac[5] = frame->dst_ip[3];
		break;
	case PTPDK_TRANSPORT_UDP6:
		memcpy(frame->dst_ip, peer_delay ? v6_peer : v6_primary, 16);
		/* RFC 2464: 33:33 + low 32 bits of the group. */
		frame->dst_mac[0] = 0x33;
		frame->dst_mac[1] = 0x33;
		memcpy(frame->dst_mac + 2, frame->dst_ip + 12, 4);
		break;
	}
}

int ptpdk_frame_patch_payload(uint8_t *buf, const struct ptpdk_frame *frame, size_t payload_pos,
			      const void *bytes, size_t len)
{
	uint8_t *dst;
	uint16_t csum;

	if (payload_pos > frame->payload_length || len > frame->payload_length - payload_pos)
		return -ERANGE;
	dst = buf + frame->payload_offset + payload_pos;
	if (frame->transport != PTPDK_TRANSPORT_L2) {
		uint8_t *csum_field = buf + frame->l4_offset + UDP_CSUM_OFFSET;

		csum = wire_get_u16(csum_field);
		if (csum != 0 || frame->transport == PTPDK_TRANSPORT_UDP6) {
			/* Offset from the UDP header start sets which octet of a word is high. */
			csum = ptpdk_csum_update(csum, UDP_HEADER_LEN + payload_pos, dst, bytes,
						 len);
			wire_put_u16(csum_field, csum == 0 ? 0xffff : csum);
		}
	}
	memmove(dst, bytes, len);
	return 0;
}

void ptpdk_frame_fix_udp_checksum(uint8_t *buf, const struct ptpdk_frame *frame)
{
	uint8_t *udp;
	uint16_t udp_len;

	if (frame->transport == PTPDK_TRANSPORT_L2)
		return;
	udp = buf + frame->l4_offset;
	udp_len = (uint16_t)(UDP_HEADER_LEN + frame->payload_length);
	wire_put_u16(udp + UDP_CSUM_OFFSET, udp_checksum(udp, udp_len, frame));
}
