/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulated unicast clients of the scale benchmarks (bench_ucast_server.c, the
 * engine alone; bench_ucast_load.c, through the daemon): client I's MAC, IPv6 address
 * and port identity, each its number written into it, so that a response names its
 * client without a lookup table.
 */
#ifndef BENCH_CLIENTS_H
#define BENCH_CLIENTS_H

#include <stdint.h>
#include <string.h>

#include "ptpdk_msg.h"

/* 02:00:II:II:II:II, locally administered. */
static inline void bench_client_mac(uint32_t i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(i >> 24);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

/* 2001:2::c:0:I, inside the benchmarking range 2001:2::/48 (RFC 5180). */
static inline void bench_client_ip(uint32_t i, uint8_t ip[16])
{
	memset(ip, 0, 16);
	ip[0] = 0x20, ip[1] = 0x01, ip[3] = 0x02;
	ip[9] = 0x0c;
	ip[12] = (uint8_t)(i >> 24);
	ip[13] = (uint8_t)(i >> 16);
	ip[14] = (uint8_t)(i >> 8);
	ip[15] = (uint8_t)i;
}

/* 02:00:00:ff:II:II:II:II, port 1. */
static inline void bench_client_identity(uint32_t i, struct ptpdk_port_identity *id)
{
	memset(id, 0, sizeof(*id));
	id->clock_identity[0] = 0x02;
	id->clock_identity[3] = 0xFF;
	id->clock_identity[4] = (uint8_t)(i >> 24);
	id->clock_identity[5] = (uint8_t)(i >> 16);
	id->clock_identity[6] = (uint8_t)(i >> 8);
	id->clock_identity[7] = (uint8_t)i;
	id->port_number = 1;
}

#endif
