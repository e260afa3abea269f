/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Limits that several layers must agree on, in one place.
 */
#ifndef PTPDK_LIMITS_H
#define PTPDK_LIMITS_H

/**
 * Ports of one ptpdk instance: port sections a configuration may have, ports of
 * the PTP clock, ports the daemon opens. The shared region has a port record per
 * port and holds up to PTPDK_SHM_MAX_PORTS (part of its ABI); the daemon checks at
 * build time that this limit fits it. Sixteen covers the widest boundary clock we
 * know of on one host (four quad-port NICs); raising it costs a few kB of status.
 */
#define PTPDK_MAX_PORTS 16

#endif
