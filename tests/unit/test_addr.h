/* SPDX-License-Identifier: BSD-3-Clause */
/* Addresses the unit tests give their peers: the lab's range, 198.18.0.0/15. */
#ifndef TEST_ADDR_H
#define TEST_ADDR_H

#include <stdint.h>
#include <string.h>

#include "ptpdk_addr.h"

/** UDPv4 198.18.0.@p last, no MAC. */
static inline struct ptpdk_addr test_udp4_addr(uint8_t last)
{
	struct ptpdk_addr a;

	memset(&a, 0, sizeof(a));
	a.transport = PTPDK_TRANSPORT_UDP4;
	a.ip[0] = 198;
	a.ip[1] = 18;
	a.ip[3] = last;
	return a;
}

#endif
