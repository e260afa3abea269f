/* SPDX-License-Identifier: BSD-3-Clause */
#include "telemetry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_telemetry.h>

#include "engine_cdesc.h"
#include "export_counters.h"
#include "layout.h"
#include "ptpdk_cdesc_tables.h"
#include "ptpdk_port_state.h"

/* DPDK calls the callbacks with no context of ours: one daemon, one layout. */
static struct layout *tl_layout;
static const char *tl_instance;

static const char *servo_state_name(enum ptpdk_servo_state s)
{
	static const char *const names[] = { "s0", "s1", "s2", "s3" };

	return (unsigned)s < 4 ? names[s] : "unknown";
}

static int cmd_status(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct engine_status st;
	char id[32];

	(void)cmd, (void)params;
	if (engine_status_read(&tl_layout->engine, &st) != 0)
		return -EAGAIN;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "instance", tl_instance);
	rte_tel_data_add_dict_string(d, "clock_state",
				     ptpdk_ptp_clock_state_name(st.ptp.clock_state));
	rte_tel_data_add_dict_string(d, "servo_state", servo_state_name(st.ptp.servo_state));
	rte_tel_data_add_dict_int(d, "have_parent", st.ptp.have_parent);
	ptpdk_clock_identity_str(st.ptp.parent.gm_identity, id, sizeof(id));
	rte_tel_data_add_dict_string(d, "grandmaster", st.ptp.have_parent ? id : "");
	rte_tel_data_add_dict_int(d, "steps_removed", st.ptp.steps_removed);
	rte_tel_data_add_dict_int(d, "offset_ns", (int)st.ptp.last_offset_ns);
	rte_tel_data_add_dict_int(d, "path_delay_ns", (int)st.ptp.path_delay_ns);
	rte_tel_data_add_dict_int(d, "freq_ppb", (int)st.ptp.freq_ppb);
	rte_tel_data_add_dict_int(d, "utc_offset", st.ptp.current_utc_offset);
	rte_tel_data_add_dict_int(d, "time_flags", st.ptp.time_flags);
	rte_tel_data_add_dict_int(d, "ports", (int)tl_layout->n_ports);
	return 0;
}

static int cmd_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct engine_status st;

	(void)cmd, (void)params;
	if (engine_status_read(&tl_layout->engine, &st) != 0)
		return -EAGAIN;
	rte_tel_data_start_dict(d);
	for (unsigned p = 0; p < tl_layout->n_ports; p++) {
		char key[32];

		snprintf(key, sizeof(key), "%u/name", p);
		rte_tel_data_add_dict_string(d, key, tl_layout->ports[p].name);
		snprintf(key, sizeof(key), "%u/state", p);
		rte_tel_data_add_dict_string(d, key, ptpdk_port_state_name(st.ptp.port_state[p]));
	}
	return 0;
}

struct add_ctx {
	struct rte_tel_data *d;
	const char *prefix;
};

/* DPDK takes names of letters, digits, '_' and '/' only. */
static void telemetry_name(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '/'))
			*s = '_';
}

/* "rx/packets", "rx/by_type/Sync": the table's prefix, the counter, the element. */
static int add_counter(void *ctx, const struct ptpdk_cdesc_item *item)
{
	struct add_ctx *c = ctx;
	char key[RTE_TEL_MAX_STRING_LEN];

	ptpdk_cdesc_key(key, sizeof(key), c->prefix, item);
	telemetry_name(key);
	/* A full dictionary stops the walk: what fits is still answered. */
	return rte_tel_data_add_dict_u64(c->d, key, item->value) == 0 ? 0 : -ENOSPC;
}

static void add_table(struct rte_tel_data *d, const char *prefix, const struct ptpdk_cdesc_table *t,
		      const void *base)
{
	struct add_ctx c = { .d = d, .prefix = prefix };

	ptpdk_cdesc_walk(t, base, add_counter, &c);
}

static void add_port(struct rte_tel_data *d, unsigned p, const struct engine_status *st)
{
	struct ptpdk_rxq_counters sum;
	struct ptpdk_txq_counters tx;

	layout_port_rx_counters(tl_layout, p, &sum);
	ptpdk_txq_counters_read(&tl_layout->txqs[p], &tx);
	add_table(d, "rx", &ptpdk_cdesc_rxq, &sum);
	add_table(d, "tx", &ptpdk_cdesc_txq, &tx);
	add_table(d, "e2e", &ptpdk_cdesc_e2e, &st->e2e[p]);
	add_table(d, "p2p", &ptpdk_cdesc_p2p, &st->p2p[p]);
	add_table(d, "foreign", &ptpdk_cdesc_foreign, &st->foreign[p]);
}

static int cmd_counters(const char *cmd, const char *params, struct rte_tel_data *d)
{
	static struct engine_status st; /* large: not on the telemetry thread's stack */
	char *end;
	unsigned long p;

	(void)cmd;
	if (engine_status_read(&tl_layout->engine, &st) != 0)
		return -EAGAIN;
	rte_tel_data_start_dict(d);
	if (!params || !params[0]) {
		add_table(d, "engine", &ptpdk_cdesc_engine, &st.counters);
		add_table(d, "clock", &ptpdk_cdesc_ptp_clock, &st.ptp.counters);
		add_table(d, "status", &engine_cdesc_status, &st);
		add_table(d, "netmgmt", &ptpdk_cdesc_mgmt_net, &st.netmgmt);
		return 0;
	}
	p = strtoul(params, &end, 10);
	if (*end || p >= tl_layout->n_ports)
		return -EINVAL;
	add_port(d, (unsigned)p, &st);
	return 0;
}

int telemetry_register(struct layout *l, const char *instance)
{
	tl_layout = l;
	tl_instance = instance;
	if (rte_telemetry_register_cmd(
		    "/ptpdk/status", cmd_status,
		    "The clock: states, grandmaster, offset, delay, frequency") ||
	    rte_telemetry_register_cmd("/ptpdk/ports", cmd_ports, "Each port's name and state") ||
	    rte_telemetry_register_cmd("/ptpdk/counters", cmd_counters,
				       "Clock-wide counters; with a parameter N, port N's (rx, tx, "
				       "e2e, p2p, foreign)")) {
		fprintf(stderr, "ptpdk: warning: telemetry commands not registered\n");
		return -1;
	}
	return 0;
}
