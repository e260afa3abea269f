/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's side of the shared region (app/daemon/export.c) from a filled-in
 * engine status, without EAL: one clock record published once per call whatever
 * the number of ports, a record per port with that port's own state and delay,
 * and the TSC clock's time readable through libptpdk-shm.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "export.h"
#include "export_counters.h"
#include "ptpdk_clock_tsc.h"
#include "ptpdk_shm_client.h"
#include "ptpdk_tsc.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* A rough TSC rate: the writer's header and the clock only need to agree. */
static uint64_t measure_tsc_hz(void)
{
	struct timespec d = { 0, 30000000 };
	uint64_t t0 = ptpdk_tsc_read(), m0 = mono_ns(), t1, m1;

	nanosleep(&d, NULL);
	t1 = ptpdk_tsc_read();
	m1 = mono_ns();
	return (uint64_t)((double)(t1 - t0) * 1e9 / (double)(m1 - m0));
}

/* Locked, following a parent on port 1 (P2P, delay measured); port 0 a master. */
static void locked_status(struct ptpdk_ptp_clock_status *st)
{
	memset(st, 0, sizeof(*st));
	st->clock_state = PTPDK_PTP_LOCKED;
	st->port_state[0] = PTPDK_PS_MASTER;
	st->port_state[1] = PTPDK_PS_SLAVE;
	st->port_delay[1] =
		(struct ptpdk_ptp_port_delay){ .ns = 1500, .known = true, .peer = true };
	st->have_parent = true;
	st->parent_port = 1;
	st->parent.gm_identity[7] = 0x42;
	st->parent.steps_removed = 2;
	st->steps_removed = 3;
	st->parent.quality.clock_class = 6;
	st->current_utc_offset = 37;
	st->time_flags = PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID;
	st->last_offset_ns = -12;
	st->last_step_ns = -250000;
	st->path_delay_ns = 1500;
	st->freq_ppb = 3.5;
	st->error_bound_ns = 100;
}

static void check_clock(struct ptpdk_shm_client *c, const struct ptpdk_clock *clock,
			uint64_t want_count, uint16_t want_parent_port)
{
	struct ptpdk_shm_clock_record r;

	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 0, &r), 0);
	/* Once per publish, not once per port. */
	CHECK_EQ_INT(r.update_count, want_count);
	CHECK_EQ_INT(r.parent_port, want_parent_port);
	CHECK_EQ_INT(r.utc_offset_s, 37);
	CHECK_EQ_INT(r.clock_state, PTPDK_SHM_CLOCK_LOCKED);
	CHECK_EQ_INT(r.domain_number, 24);
	CHECK_EQ_INT(r.last_offset_ns, -12);
	CHECK_EQ_INT(r.last_step_ns, -250000);
	CHECK_NEAR(r.freq_ppb, 3.5, 0);
	CHECK_NEAR(r.error_bound_ns, 100, 0);
	CHECK_NEAR(r.mapping_error_ns, 0.5, 0);
	CHECK(strcmp(r.clock_name, ptpdk_clock_name(clock)) == 0);
	CHECK(r.flags & PTPDK_SHM_F_VALID);
	CHECK(r.flags & PTPDK_SHM_F_LOCKED);
	CHECK(r.flags & PTPDK_SHM_F_PTP_TIMESCALE);
	CHECK_EQ_INT(!!(r.flags & PTPDK_SHM_F_HAVE_PARENT), want_parent_port != PTPDK_SHM_NO_PORT);
}

static void check_port(struct ptpdk_shm_client *c, unsigned i, uint8_t state, uint32_t flags,
		       int64_t delay_ns, uint64_t want_count)
{
	struct ptpdk_shm_port_record p;
	char name[32];

	snprintf(name, sizeof(name), "net_test%u", i);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, i, &p), 0);
	CHECK_EQ_INT(p.clock_index, 0);
	CHECK_EQ_INT(p.port_index, i);
	CHECK_EQ_INT(p.port_state, state);
	CHECK_EQ_INT(p.flags, flags);
	CHECK_EQ_INT(p.path_delay_ns, delay_ns);
	CHECK_EQ_INT(p.update_count, want_count);
	CHECK(strcmp(p.port_name, name) == 0);
}

static void test_export(const char *dir)
{
	uint64_t hz = measure_tsc_hz();
	struct ptpdk_shm_writer_config wc = {
		.name = "export", .dir = dir, .n_clocks = 1, .n_ports = 2, .tsc_hz = hz
	};
	struct export_ports ports = { .n = 2, .names = { "net_test0", "net_test1" }, .domain = 24 };
	struct ptpdk_clock *clock = ptpdk_clock_tsc_create(hz);
	struct ptpdk_ptp_clock_status st;
	static struct export_msg_times times;
	struct ptpdk_shm_port_record p;
	struct ptpdk_shm_writer *w;
	struct ptpdk_shm_client *c = NULL;
	struct ptpdk_shm_time t;
	struct ptpdk_tmv now;
	char note[512], err[512];
	uint64_t tsc;

	CHECK(clock != NULL);
	w = clock ? ptpdk_shm_writer_create(&wc, note, sizeof(note)) : NULL;
	CHECK(w != NULL);
	if (w)
		CHECK_EQ_INT(ptpdk_shm_open(ptpdk_shm_writer_path(w), &c, err, sizeof(err)), 0);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		ptpdk_clock_destroy(clock);
		return;
	}
	locked_status(&st);
	/* Port 1 received a Sync and an Announce, sent a Delay_Req; a Signaling (no slot)
	 * and a port beyond the table change nothing. */
	export_msg_time(times.rx_mono_ns, 1, PTPDK_MSG_SYNC, 1000);
	export_msg_time(times.rx_mono_ns, 1, PTPDK_MSG_ANNOUNCE, 2000);
	export_msg_time(times.tx_mono_ns, 1, PTPDK_MSG_DELAY_REQ, 3000);
	export_msg_time(times.rx_mono_ns, 1, PTPDK_MSG_SIGNALING, 4000);
	export_msg_time(times.rx_mono_ns, PTPDK_MAX_PORTS, PTPDK_MSG_SYNC, 5000);
	tsc = ptpdk_tsc_read();
	export_publish(w, &ports, clock, hz, &st, &times, tsc, mono_ns());
	CHECK_EQ_INT(ptpdk_shm_n_clocks(c), 1);
	CHECK_EQ_INT(ptpdk_shm_n_ports(c), 2);
	check_clock(c, clock, 1, 1);
	check_port(c, 0, PTPDK_PS_MASTER, 0, 0, 1);
	check_port(c, 1, PTPDK_PS_SLAVE,
		   PTPDK_SHM_PORT_F_PATH_DELAY_VALID | PTPDK_SHM_PORT_F_P2P |
			   PTPDK_SHM_PORT_F_PARENT,
		   1500, 1);
	CHECK_EQ_INT(ptpdk_shm_header(c)->heartbeat_count, 1);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 1, &p), 0);
	CHECK_EQ_INT(p.last_rx_mono_ns[ptpdk_shm_msg_slot(PTPDK_MSG_SYNC)], 1000);
	CHECK_EQ_INT(p.last_rx_mono_ns[ptpdk_shm_msg_slot(PTPDK_MSG_ANNOUNCE)], 2000);
	CHECK_EQ_INT(p.last_tx_mono_ns[ptpdk_shm_msg_slot(PTPDK_MSG_DELAY_REQ)], 3000);
	CHECK_EQ_INT(p.last_rx_mono_ns[ptpdk_shm_msg_slot(PTPDK_MSG_DELAY_RESP)], 0);
	CHECK_EQ_INT(ptpdk_shm_msg_slot(PTPDK_MSG_SIGNALING), -1);
	CHECK_EQ_INT(ptpdk_shm_msg_slot(PTPDK_MSG_ANNOUNCE), 7);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 0, &p), 0);
	CHECK_EQ_INT(p.last_rx_mono_ns[0], 0);
	/* The time read back is the TSC clock's at that TSC (the exporter's mapping). */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, tsc, &t), 0);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clock, PTPDK_TS_TSC, tsc, &now), 0);
	CHECK(llabs(t.clock_ns - ptpdk_tmv_round_ns(now)) <= 1);
	CHECK_EQ_INT(t.utc_ns, t.clock_ns - 37 * INT64_C(1000000000));

	/* Parent lost, port 1's delay not measured: NO_PORT, and port 1 keeps only P2P. */
	st.have_parent = false;
	st.port_delay[1].known = false;
	st.port_delay[1].ns = 0;
	export_publish(w, &ports, clock, hz, &st, NULL, ptpdk_tsc_read(), mono_ns());
	check_clock(c, clock, 2, PTPDK_SHM_NO_PORT);
	check_port(c, 1, PTPDK_PS_SLAVE, PTPDK_SHM_PORT_F_P2P, 0, 2);
	CHECK_EQ_INT(ptpdk_shm_header(c)->heartbeat_count, 2);

	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
	ptpdk_clock_destroy(clock);
}

/* Counter names are keys (telemetry, the region, Prometheus): unique in each scope,
 * network management's under its own prefix. */
static void test_unique_names(void)
{
	static struct ptpdk_shm_counter_name names[PTPDK_SHM_MAX_COUNTERS];
	int n = export_counter_names(names, PTPDK_SHM_MAX_COUNTERS);
	unsigned dup = 0, netmgmt = 0;

	CHECK(n > 0);
	for (int i = 0; i < n; i++) {
		netmgmt += names[i].scope == PTPDK_SHM_SCOPE_CLOCK &&
			   strncmp(names[i].name, "netmgmt/", 8) == 0;
		for (int k = i + 1; k < n; k++)
			if (names[i].scope == names[k].scope &&
			    strcmp(names[i].name, names[k].name) == 0) {
				fprintf(stderr, "counter name '%s' twice\n", names[i].name);
				dup++;
			}
	}
	CHECK_EQ_INT(dup, 0);
	CHECK_EQ_INT(netmgmt, sizeof(struct ptpdk_mgmt_net_counters) / sizeof(uint64_t));
}

int main(void)
{
	char dir[] = "/tmp/test_export.XXXXXX";

	check_seed("export");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_export(dir);
	test_unique_names();
	rmdir(dir);
	return check_report("export");
}
