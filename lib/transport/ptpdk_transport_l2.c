/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PTP directly over Ethernet (1588-2008 Annex F): the MAC is the whole address, and
 * event and general messages share the one EtherType.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_transport_private.h"

static bool mac_set(const uint8_t *mac)
{
	static const uint8_t zero[6];

	return memcmp(mac, zero, sizeof(zero)) != 0;
}

static int l2_address(const struct ptpdk_transport_port *tp, const struct ptpdk_dest *dst,
		      bool event, struct ptpdk_frame *frame)
{
	const uint8_t *group;

	(void)event;
	if (dst->kind == PTPDK_DEST_UNICAST) {
		memcpy(frame->dst_mac, dst->addr.mac, sizeof(frame->dst_mac));
		return 0;
	}
	ptpdk_frame_set_multicast_dst(frame, dst->kind == PTPDK_DEST_PEER);
	/* The port's configured groups (ptp_dst_mac, p2p_dst_mac) over the standard ones. */
	group = dst->kind == PTPDK_DEST_PEER ? tp->l2_peer_group_mac : tp->l2_group_mac;
	if (mac_set(group))
		memcpy(frame->dst_mac, group, sizeof(frame->dst_mac));
	return 0;
}

static const struct ptpdk_transport_ops l2_ops = {
	.address = l2_address,
};

struct ptpdk_transport_port *ptpdk_transport_l2_create(const struct ptpdk_transport_conf *conf)
{
	/* Nothing beyond the base: an L2 port's whole addressing is its MAC. */
	struct ptpdk_transport_port *tp = calloc(1, sizeof(*tp));

	if (!tp) {
		errno = ENOMEM;
		return NULL;
	}
	ptpdk_transport_init_base(tp, &l2_ops, conf);
	return tp;
}
