/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_transport.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_msg.h"
#include "ptpdk_transport_private.h"

#define TRANSPORT_COUNT (PTPDK_TRANSPORT_UDP6 + 1)

static struct ptpdk_transport_port *(*const transport_factory[TRANSPORT_COUNT])(
	const struct ptpdk_transport_conf *conf) = {
	[PTPDK_TRANSPORT_L2] = ptpdk_transport_l2_create,
	[PTPDK_TRANSPORT_UDP4] = ptpdk_transport_udp_create,
	[PTPDK_TRANSPORT_UDP6] = ptpdk_transport_udp_create,
};

void ptpdk_transport_init_base(struct ptpdk_transport_port *tp,
			       const struct ptpdk_transport_ops *ops,
			       const struct ptpdk_transport_conf *conf)
{
	tp->ops = ops;
	tp->transport = conf->transport;
	memcpy(tp->mac, conf->mac, sizeof(tp->mac));
	memcpy(tp->l2_group_mac, conf->l2_group_mac, sizeof(tp->l2_group_mac));
	memcpy(tp->l2_peer_group_mac, conf->l2_peer_group_mac, sizeof(tp->l2_peer_group_mac));
	tp->has_vlan = conf->has_vlan;
	tp->vlan_tci = conf->has_vlan ? conf->vlan_tci : 0;
}

struct ptpdk_transport_port *ptpdk_transport_port_create(const struct ptpdk_transport_conf *conf)
{
	/* The DSCP is the upper six bits of the traffic class octet (RFC 2474). */
	if (!conf || (unsigned)conf->transport >= TRANSPORT_COUNT || conf->dscp > 63) {
		errno = EINVAL;
		return NULL;
	}
	return transport_factory[conf->transport](conf);
}

void ptpdk_transport_port_destroy(struct ptpdk_transport_port *tp)
{
	if (!tp)
		return;
	if (tp->ops->destroy)
		tp->ops->destroy(tp);
	else
		free(tp);
}

enum ptpdk_transport ptpdk_transport_port_kind(const struct ptpdk_transport_port *tp)
{
	return tp->transport;
}

void ptpdk_transport_port_set_vlan(struct ptpdk_transport_port *tp, bool has_vlan,
				   uint16_t vlan_tci)
{
	tp->has_vlan = has_vlan;
	tp->vlan_tci = has_vlan ? vlan_tci : 0;
}

int ptpdk_transport_build(const struct ptpdk_transport_port *tp, const struct ptpdk_dest *dst,
			  bool event, const uint8_t *msg, size_t msg_len, uint8_t *buf, size_t cap)
{
	struct ptpdk_frame f;
	int rc;

	if (!tp || !dst || !msg || !buf || msg_len == 0 || dst->kind >= PTPDK_DEST_KIND_COUNT)
		return -EINVAL;
	/* Receivers drop an event message on 320 or a general one on 319 (ours counts
	 * PTPDK_REJECT_WRONG_PORT), so such a frame is refused here instead. */
	if (ptpdk_msg_type_is_event(msg[0] & 0x0f) != event)
		return -EINVAL;
	if (dst->kind == PTPDK_DEST_UNICAST && dst->addr.transport != (uint8_t)tp->transport)
		return -EAFNOSUPPORT;
	if (!tp->ops->address)
		return -ENOTSUP;
	memset(&f, 0, sizeof(f));
	f.transport = tp->transport;
	memcpy(f.src_mac, tp->mac, sizeof(f.src_mac));
	f.has_vlan = tp->has_vlan;
	f.vlan_tci = tp->vlan_tci;
	rc = tp->ops->address(tp, dst, event, &f);
	if (rc < 0)
		return rc;
	return ptpdk_frame_build(buf, cap, &f, msg, msg_len);
}
