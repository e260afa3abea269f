/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_config_ucast.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ptpdk_config.h"
#include "ptpdk_parse.h"

void ptpdk_cfg_ucast_section(struct ptpdk_cfg_ucast_tables *u)
{
	u->open = true;
	u->current = -1;
}

const struct ptpdk_cfg_ucast_table *ptpdk_cfg_ucast_find(const struct ptpdk_cfg_ucast_tables *u,
							 int table_id)
{
	for (unsigned i = 0; i < u->n; i++)
		if (u->t[i].table_id == table_id)
			return &u->t[i];
	return NULL;
}

static int start_table(struct ptpdk_cfg_ucast_tables *u, const char *value, char *msg, size_t len)
{
	int64_t id;

	if (u->current >= 0) {
		snprintf(msg, len, "a second table_id in one [unicast_master_table] section");
		return -EINVAL;
	}
	if (ptpdk_parse_int64(value, 1, 2147483647, &id) != 0) {
		snprintf(msg, len, "table_id '%.40s': expected an integer of 1 or more", value);
		return -EINVAL;
	}
	if (ptpdk_cfg_ucast_find(u, (int)id)) {
		snprintf(msg, len, "table_id %d is already taken", (int)id);
		return -EINVAL;
	}
	if (u->n == PTPDK_CFG_UCAST_TABLES) {
		snprintf(msg, len, "more than %d unicast master tables", PTPDK_CFG_UCAST_TABLES);
		return -ENOSPC;
	}
	memset(&u->t[u->n], 0, sizeof(u->t[u->n]));
	u->t[u->n].table_id = (int)id;
	u->current = (int)u->n++;
	return 0;
}

/* "UDPv4", "UDPv6" or "L2" (ptp4l's spellings, any case), or -1. */
static int transport_of(const char *word)
{
	if (strcasecmp(word, "UDPv4") == 0)
		return PTPDK_CFG_TRANSPORT_UDPV4;
	if (strcasecmp(word, "UDPv6") == 0)
		return PTPDK_CFG_TRANSPORT_UDPV6;
	if (strcasecmp(word, "L2") == 0)
		return PTPDK_CFG_TRANSPORT_L2;
	return -1;
}

static int parse_addr(int transport, const char *text, struct ptpdk_cfg_ucast_addr *out, char *msg,
		      size_t len)
{
	int ok;

	memset(out, 0, sizeof(*out));
	out->transport = transport;
	switch (transport) {
	case PTPDK_CFG_TRANSPORT_UDPV4:
		ok = inet_pton(AF_INET, text, out->addr) == 1;
		break;
	case PTPDK_CFG_TRANSPORT_UDPV6:
		ok = inet_pton(AF_INET6, text, out->addr) == 1;
		break;
	default:
		ok = ptpdk_parse_mac(text, out->addr) == 0;
		break;
	}
	if (!ok || strlen(text) >= sizeof(out->text)) {
		snprintf(msg, len, "'%.48s' is not %s address", text,
			 transport == PTPDK_CFG_TRANSPORT_L2	  ? "a MAC"
			 : transport == PTPDK_CFG_TRANSPORT_UDPV4 ? "an IPv4"
								  : "an IPv6");
		return -EINVAL;
	}
	snprintf(out->text, sizeof(out->text), "%s", text);
	return 0;
}

/* ptp4l's peer_address names no transport: the address says which it is. */
static int peer_transport(const char *text)
{
	uint8_t buf[16];

	if (inet_pton(AF_INET, text, buf) == 1)
		return PTPDK_CFG_TRANSPORT_UDPV4;
	if (ptpdk_parse_mac(text, buf) == 0)
		return PTPDK_CFG_TRANSPORT_L2;
	return PTPDK_CFG_TRANSPORT_UDPV6;
}

int ptpdk_cfg_ucast_line(struct ptpdk_cfg_ucast_tables *u, const char *key, const char *value,
			 char *msg, size_t len)
{
	struct ptpdk_cfg_ucast_table *t;
	int transport;

	if (strcmp(key, "table_id") == 0)
		return start_table(u, value, msg, len);
	if (u->current < 0) {
		snprintf(msg, len, "'%.40s' before the table's table_id", key);
		return -EINVAL;
	}
	t = &u->t[u->current];
	if (strcmp(key, "logQueryInterval") == 0) {
		int64_t v;

		if (ptpdk_parse_int64(value, -7, 10, &v) != 0) {
			snprintf(msg, len, "logQueryInterval '%.40s': expected -7..10", value);
			return -EINVAL;
		}
		t->log_query_interval = (int)v;
		return 0;
	}
	if (strcmp(key, "peer_address") == 0) {
		t->has_peer = true;
		return parse_addr(peer_transport(value), value, &t->peer, msg, len);
	}
	transport = transport_of(key);
	if (transport < 0) {
		snprintf(msg, len,
			 "'%.40s' in a unicast master table: expected table_id, logQueryInterval, "
			 "peer_address, UDPv4, UDPv6 or L2",
			 key);
		return -EINVAL;
	}
	if (t->n_addrs == PTPDK_CFG_UCAST_ADDRS) {
		snprintf(msg, len, "more than %d addresses in unicast master table %d",
			 PTPDK_CFG_UCAST_ADDRS, t->table_id);
		return -ENOSPC;
	}
	if (parse_addr(transport, value, &t->addrs[t->n_addrs], msg, len) != 0)
		return -EINVAL;
	t->n_addrs++;
	return 0;
}
