/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unicast master tables, in ptp4l's format: one `[unicast_master_table]` section
 * per table, its lines
 *
 *     table_id          N    (first; 1 or more, unique)
 *     logQueryInterval  N    (log2 s between requests while waiting; default 0)
 *     UDPv4             198.18.0.11
 *     UDPv6             2001:2::11
 *     L2                02:1a:b0:00:00:11
 *     peer_address      ADDR (the P2P neighbour; IPv4, IPv6 or MAC)
 *
 * and a port takes one with the port key `unicast_master_table N`. Addresses are
 * checked as the file is read, so a bad one is reported with its line.
 */
#ifndef PTPDK_CONFIG_UCAST_H
#define PTPDK_CONFIG_UCAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTPDK_CFG_UCAST_TABLES 16 /**< tables in one configuration */
#define PTPDK_CFG_UCAST_ADDRS  16 /**< addresses in one table */

/** One address of a table. */
struct ptpdk_cfg_ucast_addr {
	int transport;	  /**< enum ptpdk_cfg_network_transport */
	uint8_t addr[16]; /**< UDPv4: 4 octets, UDPv6: 16, L2: the MAC in the first 6 */
	char text[48];	  /**< as written (for messages) */
};

struct ptpdk_cfg_ucast_table {
	int table_id;
	int log_query_interval;
	unsigned n_addrs;
	struct ptpdk_cfg_ucast_addr addrs[PTPDK_CFG_UCAST_ADDRS];
	bool has_peer;
	struct ptpdk_cfg_ucast_addr peer;
};

/** Every table of a configuration, and the parser's place in them. */
struct ptpdk_cfg_ucast_tables {
	struct ptpdk_cfg_ucast_table t[PTPDK_CFG_UCAST_TABLES];
	unsigned n;
	bool open;   /**< a [unicast_master_table] section is being read */
	int current; /**< index of the table its lines go to; -1 before its table_id */
};

/** A `[unicast_master_table]` header: what follows belongs to a new table. */
void ptpdk_cfg_ucast_section(struct ptpdk_cfg_ucast_tables *u);

/**
 * One line of such a section (its first word and the rest). @return 0, or -EINVAL /
 * -ENOSPC with a message in @p msg (without the file and line, which the caller adds).
 */
int ptpdk_cfg_ucast_line(struct ptpdk_cfg_ucast_tables *u, const char *key, const char *value,
			 char *msg, size_t len);

/** The table with @p table_id, or NULL. */
const struct ptpdk_cfg_ucast_table *ptpdk_cfg_ucast_find(const struct ptpdk_cfg_ucast_tables *u,
							 int table_id);

#endif
