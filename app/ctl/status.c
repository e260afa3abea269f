/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl [NAME] status: the clock's and each port's state from the shared region,
 * with ptpd's field names where ptpd has one. Only the region is read: no root, no
 * request to the daemon.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "emit.h"
#include "region.h"

/* Message types whose RX and TX counts and ages status shows per port: the counters'
 * name and the PTP messageType (the region's message-time slot). */
static const struct {
	const char *name;
	unsigned type;
} key_types[] = { { "Sync", 0x0 },	 { "Follow_Up", 0x8 },	{ "Delay_Req", 0x1 },
		  { "Delay_Resp", 0x9 }, { "Pdelay_Req", 0x2 }, { "Pdelay_Resp", 0x3 },
		  { "Announce", 0xB } };
#define N_KEY_TYPES (sizeof(key_types) / sizeof(key_types[0]))

static const char *clock_state_name(unsigned s)
{
	static const char *const n[] = { "FREERUN", "ACQUIRING", "LOCKED", "HOLDOVER" };

	return s < 4 ? n[s] : "UNKNOWN";
}

static double age_s(const struct ptpdk_shm_client *c, uint64_t update_tsc)
{
	int64_t d = (int64_t)(ptpdk_shm_tsc() - update_tsc);

	return d > 0 ? (double)d / (double)ptpdk_shm_header(c)->tsc_hz : 0;
}

/* The grandmaster and parent as the clock record has them (ptpd's names). */
static void emit_parent(struct ctl_emit *e, const struct ptpdk_shm_clock_record *r)
{
	char id[19], port_id[32];

	ctl_emit_bool(e, "have_parent", r->flags & PTPDK_SHM_F_HAVE_PARENT);
	ctl_clock_id(r->grandmaster_identity, id);
	ctl_emit_str(e, "gm_id", id);
	ctl_emit_u64(e, "priority1", r->gm_priority1);
	ctl_emit_u64(e, "class", r->clock_class);
	ctl_emit_u64(e, "accuracy", r->clock_accuracy);
	ctl_emit_u64(e, "variance", r->offset_scaled_log_variance);
	ctl_emit_u64(e, "priority2", r->gm_priority2);
	ctl_emit_u64(e, "stepsremoved", r->steps_removed);
	ctl_emit_u64(e, "timesource", r->time_source);
	ctl_clock_id(r->parent_clock_identity, id);
	snprintf(port_id, sizeof(port_id), "%s-%u", id, r->parent_port_number);
	ctl_emit_str(e, "parent_id", port_id);
}

/* The clock's own fields, then its parent's. */
static void emit_clock(struct ctl_emit *e, const struct ptpdk_shm_client *c,
		       const struct ptpdk_shm_clock_record *r,
		       const struct ptpdk_shm_port_record *parent)
{
	char id[19];

	ctl_emit_str(e, "instance", ptpdk_shm_header(c)->instance);
	ctl_emit_str(e, "region", ptpdk_shm_path(c));
	ctl_emit_bool(e, "clock_source_valid", r->flags & PTPDK_SHM_F_VALID);
	ctl_emit_str(e, "clock_state", clock_state_name(r->clock_state));
	ctl_emit_u64(e, "servo_state", r->servo_state);
	ctl_clock_id(r->clock_identity, id);
	ctl_emit_str(e, "id", id);
	ctl_emit_u64(e, "domain", r->domain_number);
	ctl_emit_i64(e, "utcoffset", r->utc_offset_s);
	ctl_emit_bool(e, "utcoffset_valid", r->flags & PTPDK_SHM_F_UTC_OFFSET_VALID);
	ctl_emit_bool(e, "ptp_timescale", r->flags & PTPDK_SHM_F_PTP_TIMESCALE);
	emit_parent(e, r);
	ctl_emit_f64(e, "last_clock_update", age_s(c, r->update_tsc), 3);
	ctl_emit_i64(e, "last_delta_ns", r->last_offset_ns);
	/* ptpd's last adjtime(): ptpdk slews by frequency (drift_ppb); its phase
	 * adjustments are steps, so this is the last step. */
	ctl_emit_i64(e, "last_adjtime_ns", r->last_step_ns);
	ctl_emit_f64(e, "drift_ppb", r->freq_ppb, 3);
	if (parent && (parent->flags & PTPDK_SHM_PORT_F_PATH_DELAY_VALID))
		ctl_emit_i64(e, "path_delay_ns", parent->path_delay_ns);
	else
		ctl_emit_none(e, "path_delay_ns");
	ctl_emit_f64(e, "error_bound_ns", r->error_bound_ns, 1);
	ctl_emit_f64(e, "holdover_s", r->holdover_s, 3);
}

/* The compliance log's divergence alarm (RTS 25): raised while the daemon has raised
 * it more often than cleared it; none when the region does not say. */
static void emit_compliance(struct ctl_emit *e, const struct ptpdk_shm_client *c)
{
	static uint64_t v[PTPDK_SHM_MAX_COUNTERS];
	unsigned n = ptpdk_shm_n_scope_counters(c, PTPDK_SHM_SCOPE_CLOCK);
	int raised = ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_CLOCK, "compliance/alarms_raised");
	int cleared = ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_CLOCK, "compliance/alarms_cleared");
	int written =
		ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_CLOCK, "compliance/records_written");

	if (raised < 0 || cleared < 0 || written < 0 ||
	    ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_CLOCK, 0, v, n, NULL) != 0) {
		ctl_emit_none(e, "compliance_alarm");
		ctl_emit_none(e, "compliance_records");
		return;
	}
	ctl_emit_bool(e, "compliance_alarm", v[raised] > v[cleared]);
	ctl_emit_u64(e, "compliance_records", v[written]);
}

/* The share of time since start that the daemon's polling lcores were off their CPUs
 * (kernel run-queue wait and hypervisor steal): 0 on isolated cores; every percent
 * is frames stamped late or refused. None when the region does not say. */
static void emit_lcore_cpu(struct ctl_emit *e, const struct ptpdk_shm_client *c)
{
	static uint64_t v[PTPDK_SHM_MAX_COUNTERS];
	unsigned n = ptpdk_shm_n_scope_counters(c, PTPDK_SHM_SCOPE_CLOCK);
	int wait = ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_CLOCK, "lcore_cpu/wait_ns");
	int steal = ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_CLOCK, "lcore_cpu/steal_ns");
	int watched = ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_CLOCK, "lcore_cpu/watched_ns");

	if (wait < 0 || steal < 0 || watched < 0 ||
	    ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_CLOCK, 0, v, n, NULL) != 0 ||
	    v[watched] == 0) {
		ctl_emit_none(e, "lcores_off_cpu_percent");
		return;
	}
	ctl_emit_f64(e, "lcores_off_cpu_percent",
		     100.0 * (double)(v[wait] + v[steal]) / (double)v[watched], 2);
}

/* The port's RX and TX counts of the key message types since start (their ages:
 * emit_ages). */
static void emit_counts(struct ctl_emit *e, const struct ptpdk_shm_client *c, unsigned port)
{
	static uint64_t v[PTPDK_SHM_MAX_COUNTERS];
	unsigned n = ptpdk_shm_n_scope_counters(c, PTPDK_SHM_SCOPE_PORT);
	int rc = ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_PORT, port, v, n, NULL);

	for (unsigned dir = 0; dir < 2; dir++)
		for (size_t t = 0; t < N_KEY_TYPES; t++) {
			char name[64], key[64];
			int slot;

			snprintf(name, sizeof(name), "%s/by_type/%s", dir ? "tx" : "rx",
				 key_types[t].name);
			snprintf(key, sizeof(key), "%s_%s", dir ? "transmitted" : "received",
				 key_types[t].name);
			slot = ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_PORT, name);
			if (rc == 0 && slot >= 0)
				ctl_emit_u64(e, key, v[slot]);
			else
				ctl_emit_none(e, key);
		}
}

/* Seconds since CLOCK_MONOTONIC @p then_ns (ptpd's last_* fields); none for 0: never. */
static void emit_age(struct ctl_emit *e, const char *key, uint64_t now_ns, uint64_t then_ns)
{
	if (then_ns == 0)
		ctl_emit_none(e, key);
	else
		ctl_emit_f64(e, key, now_ns > then_ns ? (double)(now_ns - then_ns) * 1e-9 : 0, 3);
}

/* How long ago the port last received and sent each of the key message types. */
static void emit_ages(struct ctl_emit *e, const struct ptpdk_shm_port_record *p)
{
	struct timespec ts;
	uint64_t now_ns;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	for (unsigned dir = 0; dir < 2; dir++)
		for (size_t t = 0; t < N_KEY_TYPES; t++) {
			int slot = ptpdk_shm_msg_slot(key_types[t].type);
			char key[64];

			snprintf(key, sizeof(key), "last_%s_%s", dir ? "transmitted" : "received",
				 key_types[t].name);
			emit_age(e, key, now_ns,
				 dir ? p->last_tx_mono_ns[slot] : p->last_rx_mono_ns[slot]);
		}
}

static void emit_port(struct ctl_emit *e, const struct ptpdk_shm_client *c, unsigned i,
		      const struct ptpdk_shm_port_record *p)
{
	char title[64];

	snprintf(title, sizeof(title), "port %u %s", i, p->port_name);
	ctl_emit_item_begin(e, title);
	ctl_emit_u64(e, "index", i);
	ctl_emit_str(e, "name", p->port_name);
	ctl_emit_str(e, "state", ctl_port_state_name(p->port_state));
	ctl_emit_str(e, "delay_mechanism", (p->flags & PTPDK_SHM_PORT_F_P2P) ? "P2P" : "E2E");
	if (p->flags & PTPDK_SHM_PORT_F_PATH_DELAY_VALID)
		ctl_emit_i64(e, "path_delay_ns", p->path_delay_ns);
	else
		ctl_emit_none(e, "path_delay_ns");
	ctl_emit_bool(e, "follows_parent", p->flags & PTPDK_SHM_PORT_F_PARENT);
	emit_counts(e, c, i);
	emit_ages(e, p);
	ctl_emit_item_end(e);
}

/* Every record read before anything is printed: a failure prints nothing partial. */
static int print_status(const struct ptpdk_shm_client *c, bool json)
{
	static struct ptpdk_shm_port_record ports[PTPDK_SHM_MAX_PORTS];
	struct ptpdk_shm_clock_record r;
	unsigned n = ptpdk_shm_n_ports(c);
	struct ctl_emit e;
	int rc = ptpdk_shm_clock_snapshot(c, 0, &r);

	for (unsigned i = 0; rc == 0 && i < n; i++)
		rc = ptpdk_shm_port_snapshot(c, i, &ports[i]);
	if (rc) {
		fprintf(stderr, "ptpdk-ctl: %s: %s\n", ptpdk_shm_path(c), ptpdk_shm_strerror(rc));
		return CTL_EXIT_FAIL;
	}
	ctl_emit_begin(&e, stdout, json);
	emit_clock(&e, c, &r, r.parent_port < n ? &ports[r.parent_port] : NULL);
	emit_compliance(&e, c);
	emit_lcore_cpu(&e, c);
	ctl_emit_array_begin(&e, "ports");
	for (unsigned i = 0; i < n; i++)
		emit_port(&e, c, i, &ports[i]);
	ctl_emit_array_end(&e);
	ctl_emit_end(&e);
	return CTL_EXIT_OK;
}

int ctl_status(const char *name, int argc, char **argv)
{
	struct ctl_region_opts o;
	struct ptpdk_shm_client *c;
	int rc = ctl_region_args(name, argc, argv, "js", &o);

	if (rc)
		return rc;
	c = ctl_region_open(&o);
	if (!c)
		return CTL_EXIT_FAIL;
	rc = print_status(c, o.json);
	ptpdk_shm_close(c);
	return rc;
}
