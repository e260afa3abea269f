/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PTP over UDP on IPv4 (1588-2008 Annex D) and IPv6 (Annex E). One implementation
 * for both: they differ only in the address length and the groups, which
 * ptpdk_frame_set_multicast_dst() and ptpdk_frame_build() already tell apart.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_transport_private.h"

struct udp_port {
	struct ptpdk_transport_port base; /* first: the handle is this struct's address */
	bool has_ip;			  /* the port has an address of this family */
	uint8_t ip_len;			  /* 4 or 16 */
	uint8_t ip[16];
	uint8_t ttl;
	uint8_t dscp;
};

static size_t ip_length(enum ptpdk_transport t)
{
	return t == PTPDK_TRANSPORT_UDP6 ? 16 : 4;
}

static int udp_address(const struct ptpdk_transport_port *tp, const struct ptpdk_dest *dst,
		       bool event, struct ptpdk_frame *frame)
{
	const struct udp_port *u = (const struct udp_port *)tp;
	uint16_t port = event ? PTPDK_UDP_EVENT_PORT : PTPDK_UDP_GENERAL_PORT;

	if (!u->has_ip)
		return -EADDRNOTAVAIL;
	memcpy(frame->src_ip, u->ip, u->ip_len);
	/* Annexes D and E name 319 and 320 as the destination ports; the source port is
	 * the same, as ptp4l does and as this daemon always sent. */
	frame->src_port = port;
	frame->dst_port = port;
	frame->ttl = u->ttl;
	frame->dscp = u->dscp;
	if (dst->kind != PTPDK_DEST_UNICAST) {
		ptpdk_frame_set_multicast_dst(frame, dst->kind == PTPDK_DEST_PEER);
		return 0;
	}
	memcpy(frame->dst_mac, dst->addr.mac, sizeof(frame->dst_mac));
	memcpy(frame->dst_ip, dst->addr.ip, u->ip_len);
	return 0;
}

static const struct ptpdk_transport_ops udp_ops = {
	.address = udp_address,
};

struct ptpdk_transport_port *ptpdk_transport_udp_create(const struct ptpdk_transport_conf *conf)
{
	struct udp_port *u = calloc(1, sizeof(*u));
	bool v6 = conf->transport == PTPDK_TRANSPORT_UDP6;

	if (!u) {
		errno = ENOMEM;
		return NULL;
	}
	ptpdk_transport_init_base(&u->base, &udp_ops, conf);
	u->ip_len = (uint8_t)ip_length(conf->transport);
	u->has_ip = v6 ? conf->has_ipv6 : conf->has_ipv4;
	if (u->has_ip)
		memcpy(u->ip, v6 ? conf->ipv6 : conf->ipv4, u->ip_len);
	u->ttl = conf->udp_ttl;
	u->dscp = conf->dscp;
	return &u->base;
}
