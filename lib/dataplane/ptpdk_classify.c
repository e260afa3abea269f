/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_classify.h"

#include <string.h>

#include "ptpdk_event.h"

/* Standard destinations: 1588-2008 Annex D (UDPv4), E (UDPv6), F (Ethernet). */
static const uint8_t mac_primary[6] = { 0x01, 0x1B, 0x19, 0x00, 0x00, 0x00 };
static const uint8_t mac_peer[6] = { 0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E };
static const uint8_t ipv4_primary[4] = { 224, 0, 1, 129 };
static const uint8_t ipv4_peer[4] = { 224, 0, 0, 107 };
static const uint8_t ipv6_peer[16] = { 0xFF, 0x02, [15] = 0x6B };

/* FF0X::181: the primary group exists in every scope X (Annex E), only the scope nibble varies. */
static bool ipv6_is_primary_group(const uint8_t *ip)
{
	static const uint8_t tail[14] = { [12] = 0x01, [13] = 0x81 };

	return ip[0] == 0xFF && (ip[1] & 0xF0) == 0 && memcmp(ip + 2, tail, sizeof(tail)) == 0;
}

/* Returns the PTPDK_RX_F_* group flags, or -1 when the destination is not ours. */
static int destination_flags(const struct ptpdk_frame *f, const struct ptpdk_addr_filter *filter)
{
	switch (f->transport) {
	case PTPDK_TRANSPORT_L2:
		if (memcmp(f->dst_mac, mac_primary, 6) == 0)
			return PTPDK_RX_F_MULTICAST;
		if (memcmp(f->dst_mac, mac_peer, 6) == 0)
			return PTPDK_RX_F_MULTICAST | PTPDK_RX_F_PEER_GROUP;
		if (memcmp(f->dst_mac, filter->mac, 6) == 0)
			return 0;
		if (memcmp(f->dst_mac, filter->l2_group_mac, 6) == 0 && (f->dst_mac[0] & 1))
			return PTPDK_RX_F_MULTICAST;
		if (memcmp(f->dst_mac, filter->l2_peer_group_mac, 6) == 0 && (f->dst_mac[0] & 1))
			return PTPDK_RX_F_MULTICAST | PTPDK_RX_F_PEER_GROUP;
		break;
	case PTPDK_TRANSPORT_UDP4:
		if (memcmp(f->dst_ip, ipv4_primary, 4) == 0)
			return PTPDK_RX_F_MULTICAST;
		if (memcmp(f->dst_ip, ipv4_peer, 4) == 0)
			return PTPDK_RX_F_MULTICAST | PTPDK_RX_F_PEER_GROUP;
		if (filter->has_ipv4 && memcmp(f->dst_ip, filter->ipv4, 4) == 0)
			return 0;
		break;
	case PTPDK_TRANSPORT_UDP6:
		if (ipv6_is_primary_group(f->dst_ip))
			return PTPDK_RX_F_MULTICAST;
		if (memcmp(f->dst_ip, ipv6_peer, 16) == 0)
			return PTPDK_RX_F_MULTICAST | PTPDK_RX_F_PEER_GROUP;
		if (filter->has_ipv6 && memcmp(f->dst_ip, filter->ipv6, 16) == 0)
			return 0;
		break;
	}
	return filter->promiscuous ? 0 : -1;
}

enum ptpdk_class ptpdk_classify(const uint8_t *buf, size_t len, unsigned frame_flags,
				const struct ptpdk_addr_filter *filter,
				struct ptpdk_classified *out, enum ptpdk_reject *reason)
{
	enum ptpdk_reject why = PTPDK_REJECT_NONE;
	struct ptpdk_msg msg;
	int group;

	switch (ptpdk_frame_parse(buf, len, frame_flags, &out->frame, &why)) {
	case PTPDK_FRAME_PTP:
		break;
	case PTPDK_FRAME_NOT_PTP:
		return PTPDK_CLASS_NOT_PTP;
	default:
		if (reason)
			*reason = why;
		return PTPDK_CLASS_REJECTED;
	}
	/* Address first: a malformed message to someone else is their problem, not a reject. */
	group = destination_flags(&out->frame, filter);
	if (group < 0)
		return PTPDK_CLASS_NOT_FOR_US;
	out->message = buf + out->frame.payload_offset;
	if (ptpdk_msg_decode(out->message, out->frame.payload_length, &msg, &why) != 0) {
		if (reason)
			*reason = why;
		return PTPDK_CLASS_REJECTED;
	}
	out->header = msg.header;
	out->message_len = msg.header.message_length;
	out->rx_flags = (uint8_t)group;
	if (ptpdk_msg_type_is_event(msg.header.message_type))
		out->rx_flags |= PTPDK_RX_F_EVENT_MSG;
	if (out->frame.has_vlan)
		out->rx_flags |= PTPDK_RX_F_VLAN;
	return PTPDK_CLASS_PTP;
}

const char *ptpdk_class_name(enum ptpdk_class cls)
{
	static const char *const names[PTPDK_CLASS_COUNT] = {
		[PTPDK_CLASS_PTP] = "ptp",
		[PTPDK_CLASS_NOT_PTP] = "not_ptp",
		[PTPDK_CLASS_NOT_FOR_US] = "not_for_us",
		[PTPDK_CLASS_REJECTED] = "rejected",
	};

	return (unsigned)cls < PTPDK_CLASS_COUNT ? names[cls] : "invalid";
}
