/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's reports (app/daemon/report.c) from a filled-in report_input, without
 * EAL: the table shows the counters by their descriptors, the JSON file parses and
 * keeps the keys and values that scripts and lab tests read
 * (check_report_json.py), and every counter of struct engine_status has a
 * descriptor.
 *
 * usage: test_report [CHECK_REPORT_JSON.py] | --json FILE
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "engine_cdesc.h"
#include "ptpdk_cdesc_tables.h"
#include "report.h"

/* Every counter a distinct value; every seventh one zero, to exercise the "only when
 * non-zero" rules. */
static uint64_t next_value;

static void fill_u64(void *p, size_t size)
{
	uint64_t *v = p;

	for (size_t i = 0; i < size / sizeof(uint64_t); i++, next_value++)
		v[i] = next_value % 7 == 3 ? 0 : next_value;
}

static void fill(struct report_input *in, struct ptpdk_port *ports, struct ptpdk_hist *lat)
{
	struct engine_status *e = &in->engine;

	memset(in, 0, sizeof(*in));
	next_value = 1;
	in->n_ports = 2;
	for (unsigned p = 0; p < in->n_ports; p++) {
		memset(&ports[p], 0, sizeof(ports[p]));
		snprintf(ports[p].name, sizeof(ports[p].name), "net_test%u", p);
		snprintf(ports[p].driver, sizeof(ports[p].driver), "net_ring");
		ports[p].hw_stamps = p == 1;
		in->ports[p] = &ports[p];
		fill_u64(&in->txq[p], sizeof(in->txq[p]));
	}
	in->n_rxqs = 3;
	for (unsigned q = 0; q < in->n_rxqs; q++) {
		in->rxq_port[q] = q < 2 ? 0 : 1;
		in->rxq_queue[q] = (uint16_t)(q % 2);
		fill_u64(&in->rxq[q], sizeof(in->rxq[q]));
	}
	fill_u64(&e->counters, sizeof(e->counters));
	fill_u64(&e->ptp.counters, sizeof(e->ptp.counters));
	fill_u64(e->e2e, sizeof(e->e2e));
	fill_u64(e->p2p, sizeof(e->p2p));
	fill_u64(e->foreign, sizeof(e->foreign));
	fill_u64(&e->netmgmt, sizeof(e->netmgmt));
	e->netmgmt.refused_set = 4343;
	/* Rows shown only when non-zero that the checks look for: never the 0 of fill_u64. */
	e->p2p[1].discard[PTPDK_P2P_DISCARD_TOO_BIG] = 4242;
	in->txq[1].by_type[PTPDK_MSG_SYNC] = 4343;
	e->decode_errors = next_value++;
	e->stamp_conversion_errors = next_value++;
	e->rx_stamps_too_wide = next_value++;
	e->tx_stamps_too_wide = next_value++;
	e->sends_refused = next_value++;
	e->records_dropped = next_value++;
	e->reference_read_errors = next_value++;
	e->ptp.clock_state = PTPDK_PTP_LOCKED;
	e->ptp.port_state[0] = PTPDK_PS_SLAVE;
	e->ptp.port_state[1] = PTPDK_PS_LISTENING;
	e->ptp.have_parent = true;
	memcpy(e->ptp.parent.gm_identity, "\x00\x11\x22\xff\xfe\x33\x44\x55", 8);
	e->ptp.servo_state = PTPDK_SERVO_LOCKED;
	e->ptp.last_offset_ns = -42;
	e->ptp.path_delay_ns = 1234;
	e->ptp.freq_ppb = -567.125;
	e->ptp.error_bound_ns = 99;
	e->ptp.current_utc_offset = 37;
	e->ptp.time_flags = 0x3c;
	/* Values the checks name. */
	in->rxq[0].rejected[PTPDK_REJECT_BAD_ACTION] = 5;
	in->rxq[1].rejected[PTPDK_REJECT_BAD_ACTION] = 6;
	in->rxq[2].ring_full = 0;
	e->ptp.counters.tx = 0;
	ptpdk_hist_init(lat);
	for (int64_t ns = 1000; ns < 5000; ns += 100)
		ptpdk_hist_record(lat, ns);
	in->latency = lat;
	in->elapsed_s = 12.5;
	in->tsc_hz = 2000000000;
}

/* engine_status holds sub-structs with tables of their own and counters of its own:
 * whatever is not a sub-struct must be a counter that engine_cdesc_status describes,
 * so a new member without a descriptor changes the sum. */
static void test_status_coverage(void)
{
	const struct engine_status *e = NULL;
	struct {
		size_t offset, size;
	} parts[] = {
		{ offsetof(struct engine_status, counters), sizeof(e->counters) },
		{ offsetof(struct engine_status, ptp), sizeof(e->ptp) },
		{ offsetof(struct engine_status, e2e), sizeof(e->e2e) },
		{ offsetof(struct engine_status, p2p), sizeof(e->p2p) },
		{ offsetof(struct engine_status, foreign), sizeof(e->foreign) },
		{ offsetof(struct engine_status, clock_time), sizeof(e->clock_time) },
		{ offsetof(struct engine_status, netmgmt), sizeof(e->netmgmt) },
		{ offsetof(struct engine_status, resolve), sizeof(e->resolve) },
		{ offsetof(struct engine_status, ucast), sizeof(e->ucast) },
	};
	const struct ptpdk_cdesc_table *t = &engine_cdesc_status;
	int slots = ptpdk_cdesc_check(t);
	size_t rest = sizeof(struct engine_status);

	for (unsigned i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		rest -= parts[i].size;
		for (unsigned d = 0; d < t->n; d++)
			CHECK(t->desc[d].offset + sizeof(uint64_t) <= parts[i].offset ||
			      t->desc[d].offset >= parts[i].offset + parts[i].size);
	}
	CHECK(slots > 0);
	CHECK_EQ_INT(rest, (size_t)slots * sizeof(uint64_t));
	/* The sub-structs' own tables. */
	CHECK_EQ_INT(ptpdk_cdesc_engine.size, sizeof(e->counters));
	CHECK_EQ_INT(ptpdk_cdesc_ptp_clock.size, sizeof(e->ptp.counters));
	CHECK_EQ_INT(ptpdk_cdesc_e2e.size, sizeof(e->e2e[0]));
	CHECK_EQ_INT(ptpdk_cdesc_p2p.size, sizeof(e->p2p[0]));
	CHECK_EQ_INT(ptpdk_cdesc_foreign.size, sizeof(e->foreign[0]));
	CHECK_EQ_INT(ptpdk_cdesc_mgmt_net.size, sizeof(e->netmgmt));
	/* Tables that describe every counter of their struct. */
	CHECK_EQ_INT(engine_cdesc_resolve.size, sizeof(e->resolve));
	CHECK_EQ_INT((size_t)ptpdk_cdesc_check(&engine_cdesc_resolve) * sizeof(uint64_t),
		     sizeof(e->resolve));
	CHECK_EQ_INT(engine_cdesc_ucast_port.size, sizeof(e->ucast[0].port));
	CHECK_EQ_INT((size_t)ptpdk_cdesc_check(&engine_cdesc_ucast_port) * sizeof(uint64_t),
		     sizeof(e->ucast[0].port));
	CHECK_EQ_INT(engine_cdesc_ucast_client.size, sizeof(e->ucast[0].client));
	CHECK_EQ_INT((size_t)ptpdk_cdesc_check(&engine_cdesc_ucast_client) * sizeof(uint64_t),
		     sizeof(e->ucast[0].client));
	CHECK_EQ_INT((size_t)ptpdk_cdesc_check(&engine_cdesc_ucast_server) * sizeof(uint64_t),
		     sizeof(e->ucast[0].server));
	CHECK_EQ_INT((size_t)ptpdk_cdesc_check(&engine_cdesc_ucast_grants) * sizeof(uint64_t),
		     sizeof(e->ucast[0].grants));
}

static bool has_row(const char *table, const char *group, const char *name, uint64_t v)
{
	char row[128];

	snprintf(row, sizeof(row), "  %-10s %-24s %12" PRIu64 "\n", group, name, v);
	return strstr(table, row) != NULL;
}

static void test_table(const struct report_input *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const struct engine_status *e = &in->engine;

	CHECK(f != NULL);
	if (!f)
		return;
	report_table(f, in);
	fclose(f);
	CHECK(strstr(buf, " port 0 net_test0\n") && strstr(buf, " port 1 net_test1\n"));
	CHECK(strstr(buf, "lcore cpu  1 worker(s) off their CPUs 12.50% of the time") != NULL);
	CHECK(has_row(buf, "rx", "packets", in->rxq[0].packets + in->rxq[1].packets));
	CHECK(has_row(buf, "rx", "ring_full", 0)); /* shown even when zero */
	CHECK(has_row(buf, "rejected", "bad_action", 11));
	CHECK(has_row(buf, "stamps", "ts_kernel_missing",
		      in->rxq[0].ts_kernel_missing + in->rxq[1].ts_kernel_missing));
	CHECK(has_row(buf, "tx stamp", "stamped", in->txq[1].txts.stamped));
	CHECK(has_row(buf, "engine", "events", e->counters.events));
	CHECK(has_row(buf, "tx report", "timeout", e->counters.tx_reports[PTPDK_TX_TIMEOUT]));
	CHECK(has_row(buf, "p2p drop", "too_big", e->p2p[1].discard[PTPDK_P2P_DISCARD_TOO_BIG]));
	CHECK(has_row(buf, "protocol", "wrong_domain", e->ptp.counters.wrong_domain));
	CHECK(has_row(buf, "engine", "stamp_conversion_errors", e->stamp_conversion_errors));
	CHECK(has_row(buf, "mgmt error", "refused_set", 4343));
	CHECK(has_row(buf, "netmgmt", "received", e->netmgmt.received));
	CHECK(!strstr(buf, "  protocol   tx ")); /* zero, shown only when not */
	CHECK(strstr(buf, " clock LOCKED, servo s2, offset -42 ns") != NULL);
	CHECK(strstr(buf, " port 1 state SLAVE\n") != NULL);
	CHECK(strstr(buf, " rx-to-engine latency (ns, upper bucket bounds): n 40 ") != NULL);
	free(buf);
}

/* Append " 'PATH=VALUE'" to the checker's command line. */
static void expect(char *cmd, size_t size, const char *fmt, ...)
{
	size_t len = strlen(cmd);
	va_list ap;

	if (len + 4 >= size)
		return;
	strcat(cmd, " '");
	va_start(ap, fmt);
	vsnprintf(cmd + len + 2, size - len - 3, fmt, ap);
	va_end(ap);
	strcat(cmd, "'");
}

static void test_json(const struct report_input *in, const char *checker)
{
	const struct engine_status *e = &in->engine;
	char path[] = "/tmp/ptpdk-test-report.XXXXXX";
	static char cmd[8192];
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	CHECK_EQ_INT(report_json(path, in), 0);
	if (!checker || access("/usr/bin/python3", X_OK) != 0) {
		printf("report: no checker or no /usr/bin/python3: JSON not parsed\n");
		unlink(path);
		return;
	}
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s'", checker, path);
	expect(cmd, sizeof(cmd), "ports/0/name=\"net_test0\"");
	expect(cmd, sizeof(cmd), "ports/1/hw_stamps=true");
	expect(cmd, sizeof(cmd), "ports/0/rx/packets=%" PRIu64,
	       in->rxq[0].packets + in->rxq[1].packets);
	expect(cmd, sizeof(cmd), "ports/1/rx/packets=%" PRIu64, in->rxq[2].packets);
	expect(cmd, sizeof(cmd), "ports/0/rx/rejected/bad_action=11");
	expect(cmd, sizeof(cmd), "ports/1/rx/ring_full=0");
	expect(cmd, sizeof(cmd), "ports/0/rx/ts_kernel_missing=%" PRIu64,
	       in->rxq[0].ts_kernel_missing + in->rxq[1].ts_kernel_missing);
	expect(cmd, sizeof(cmd), "ports/1/tx/stamped=%" PRIu64, in->txq[1].txts.stamped);
	expect(cmd, sizeof(cmd), "ports/1/tx/by_type/Sync=%" PRIu64,
	       in->txq[1].by_type[PTPDK_MSG_SYNC]);
	expect(cmd, sizeof(cmd), "ports/1/e2e/offset_samples=%" PRIu64, e->e2e[1].offset_samples);
	expect(cmd, sizeof(cmd), "ports/1/p2p/discard/too_big=%" PRIu64,
	       e->p2p[1].discard[PTPDK_P2P_DISCARD_TOO_BIG]);
	expect(cmd, sizeof(cmd), "ports/0/foreign/expired=%" PRIu64, e->foreign[0].expired);
	expect(cmd, sizeof(cmd), "clock/state=\"LOCKED\"");
	expect(cmd, sizeof(cmd), "clock/port_state=\"SLAVE\"");
	expect(cmd, sizeof(cmd), "clock/grandmaster=\"001122.fffe.334455\"");
	expect(cmd, sizeof(cmd), "clock/offset_ns=-42");
	expect(cmd, sizeof(cmd), "clock/utc_offset=37");
	expect(cmd, sizeof(cmd), "clock/time_flags=60");
	expect(cmd, sizeof(cmd), "clock/steps=%" PRIu64, e->ptp.counters.steps);
	expect(cmd, sizeof(cmd), "clock/wrong_domain=%" PRIu64, e->ptp.counters.wrong_domain);
	expect(cmd, sizeof(cmd), "clock/offset_samples=%" PRIu64, e->e2e[0].offset_samples);
	expect(cmd, sizeof(cmd), "clock/pdelay_samples=%" PRIu64, e->p2p[0].samples);
	expect(cmd, sizeof(cmd), "engine/events=%" PRIu64, e->counters.events);
	expect(cmd, sizeof(cmd), "engine/tx_reports/timeout=%" PRIu64,
	       e->counters.tx_reports[PTPDK_TX_TIMEOUT]);
	expect(cmd, sizeof(cmd), "engine/rx_stamps_too_wide=%" PRIu64, e->rx_stamps_too_wide);
	expect(cmd, sizeof(cmd), "engine/records_dropped=%" PRIu64, e->records_dropped);
	expect(cmd, sizeof(cmd), "engine/latency_ns/count=40");
	expect(cmd, sizeof(cmd), "netmgmt/refused_set=4343");
	expect(cmd, sizeof(cmd), "netmgmt/received=%" PRIu64, e->netmgmt.received);
	expect(cmd, sizeof(cmd), "lcore_cpu/lcores=1");
	expect(cmd, sizeof(cmd), "lcore_cpu/wait_ns=250000000");
	expect(cmd, sizeof(cmd), "lcore_cpu/lost_share=0.125");
	CHECK_EQ_INT(system(cmd), 0);
	unlink(path);
}

int main(int argc, char **argv)
{
	static struct report_input in;
	static struct ptpdk_port ports[2];
	static struct ptpdk_hist lat;
	static struct lcore_cpu cpu;

	fill(&in, ports, &lat);
	/* Two seconds watched, a quarter of a second on a run queue. */
	lcore_cpu_init(&cpu, "/nonexistent", 100, 1);
	cpu.t[0].wait_ns = 250000000;
	cpu.t[0].watched_ns = 2000000000;
	in.lcore_cpu = &cpu;
	if (argc == 3 && strcmp(argv[1], "--json") == 0)
		return report_json(argv[2], &in) == 0 ? 0 : 1;
	test_status_coverage();
	test_table(&in);
	test_json(&in, argc > 1 ? argv[1] : NULL);
	return check_report("report");
}
