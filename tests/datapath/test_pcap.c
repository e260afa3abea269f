/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_pcap's kernel capture stamp (RX timestamp dynfield, CLOCK_REALTIME in µs) taken
 * as the RX stamp and converted to TSC ticks on the RX lcore.
 *
 * First, without root: the quantum arithmetic (ptpdk_ts_quantum.h) on made-up
 * brackets. Then, as root: a net_pcap vdev on one end of a veth pair in a network
 * namespace of the test's own (unshare: it vanishes with the process), a raw socket
 * on the other end playing the wire. Checked: the port says which stamps it uses and
 * that they are software ones (hardware mode is refused); every event carries a
 * converted stamp inside its causal bounds; a frame whose mbuf lacks the valid flag
 * keeps the TSC stamp after the poll and is counted. 77 = skipped (not root, no
 * network namespace, or no net_pcap PMD).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring.h>

#include "check.h"
#include "dp_test.h"
#include "dp_veth.h"
#include "ptpdk_rxq.h"
#include "ptpdk_ts_quantum.h"
#include "ptpdk_tsc.h"
#include "test_frames.h"

#define OUR_IF	"pcp0"
#define PEER_IF "pcp1"

static int wire = -1;
static uint64_t hz;

/* Made-up bracket at 1 GHz (1 tick = 1 ns) so every value can be checked exactly. */
static void test_quantum_arithmetic(void)
{
	struct ptpdk_ts_bracket b = { .tsc_before = 1000000,
				      .tsc_after = 1000040,
				      .realtime_ns = 5000000000LL };
	uint64_t tsc = 7;
	uint32_t window = 9;
	int64_t ns;

	CHECK(ptpdk_ts_quantum_start_ns(4999990, 1000, &ns) && ns == 4999990000LL);
	CHECK(!ptpdk_ts_quantum_start_ns(UINT64_MAX, 1000, &ns)); /* garbage: refused */
	CHECK(!ptpdk_ts_quantum_start_ns(1, 0, &ns));
	/* 10 µs before the bracket's mid (1000020): the middle of the µs is 500 later. */
	CHECK(ptpdk_ts_quantum_to_tsc(&b, 4999990000LL, 1000, 1000000000ULL, &tsc, &window));
	CHECK_EQ_INT(tsc, 1000020 - 10000 + 500);
	CHECK_EQ_INT(window, 40 + 1000);
	/* A stamp 200 ns old: the middle would be after the clock was read; clamped. */
	CHECK(ptpdk_ts_quantum_to_tsc(&b, 4999999800LL, 1000, 1000000000ULL, &tsc, &window));
	CHECK_EQ_INT(tsc, 1000040);
	/* In the future or older than a second: refused, outputs untouched. */
	tsc = 7;
	window = 9;
	CHECK(!ptpdk_ts_quantum_to_tsc(&b, 5000001000LL, 1000, 1000000000ULL, &tsc, &window));
	CHECK(!ptpdk_ts_quantum_to_tsc(&b, 3000000000LL, 1000, 1000000000ULL, &tsc, &window));
	CHECK(tsc == 7 && window == 9);
	/* A window that does not fit 32 bits saturates. */
	b.tsc_after = b.tsc_before + UINT32_MAX;
	CHECK(ptpdk_ts_quantum_to_tsc(&b, 4999990000LL, 1000, 1000000000ULL, &tsc, &window));
	CHECK_EQ_INT(window, UINT32_MAX);
}

/* The PMD is a plugin: a probe that needs no interface tells whether it is there. */
static bool have_pcap_pmd(void)
{
	if (rte_eal_hotplug_add("vdev", "net_pcap_chk0", "tx_pcap=/dev/null") != 0)
		return false;
	rte_eal_hotplug_remove("vdev", "net_pcap_chk0");
	return true;
}

static struct ptpdk_port_conf port_conf(const char *name, enum ptpdk_ts_mode mode)
{
	struct ptpdk_port_conf conf = {
		.name = name, .rx_queues = 1, .tx_queues = 1, .ts_mode = mode, .verify_csum = true
	};

	memcpy(conf.filter.mac, test_our_mac, 6);
	conf.filter.has_ipv4 = true;
	memcpy(conf.filter.ipv4, test_our_ipv4, 4);
	return conf;
}

/* net_pcap's stamps are the kernel's software stamps: "hardware" is refused. */
static void test_hardware_refused(void)
{
	struct ptpdk_port_conf conf = port_conf("net_pcap1,iface=" OUR_IF, PTPDK_TS_MODE_HARDWARE);
	struct ptpdk_port port;
	char err[200] = "";
	uint16_t id;

	CHECK_EQ_INT(ptpdk_port_open(&conf, 1, &port, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "net_pcap") != NULL);
	if (rte_eth_dev_get_port_by_name("net_pcap1", &id) == 0)
		rte_eth_dev_close(id);
}

static void open_port(struct ptpdk_port *port, struct ptpdk_rxq *rxq)
{
	struct ptpdk_port_conf conf = port_conf("net_pcap0,iface=" OUR_IF, PTPDK_TS_MODE_AUTO);
	char err[200] = "", line[400];
	int rc = ptpdk_port_open(&conf, 0, port, err, sizeof(err));

	if (rc)
		fprintf(stderr, "pcap: %s\n", err);
	CHECK_EQ_INT(rc, 0);
	CHECK(strcmp(port->driver, "net_pcap") == 0);
	CHECK(!port->hw_stamps && !port->caps.rx_dynfield);
	CHECK_EQ_INT(port->rx_ts_realtime_unit_ns, 1000);
	CHECK(port->rx_ts_offset >= 0 && port->rx_ts_flag != 0);
	ptpdk_port_describe(port, line, sizeof(line));
	printf("%s\n", line);
	CHECK(strstr(line, "rx: kernel capture stamp via net_pcap dynfield (µs)") != NULL);
	CHECK(strstr(line, "tx: TSC before tx_burst") != NULL);
	CHECK(ptpdk_rxq_init(rxq, port, 0, 64) == 0);
}

/* libpcap hands frames over a block at a time, after the kernel's block timeout. */
static void poll_rx_until(struct ptpdk_rxq *q, uint64_t packets)
{
	uint64_t deadline = ptpdk_tsc_read() + 2 * hz;

	while (q->counters.packets < packets && ptpdk_tsc_read() < deadline)
		ptpdk_rxq_poll(q);
}

static void send_frames(const struct test_frame_spec *spec, unsigned n, uint64_t *before)
{
	uint8_t buf[256];

	for (unsigned i = 0; i < n; i++) {
		int len = test_build_frame(&spec[i], buf, sizeof(buf));

		before[i] = ptpdk_tsc_read_ordered();
		CHECK(len > 0 && send(wire, buf, (size_t)len, 0) == len);
	}
}

static double ticks_ns(double ticks)
{
	return ticks * 1e9 / (double)hz;
}

/*
 * The bounds are causal, not tuned. The kernel stamps a frame after our send()
 * started and before libpcap hands it to the PMD, so before the TSC read after the
 * burst (rx_tsc). The converted value is the middle of the stamp's microsecond and
 * errs from the kernel's own stamp by at most half its window (half the µs plus half
 * the bracket) plus the rate error over the age, bounded generously by 1000 ppm of
 * the age, plus 200 ns for the TSC reads around send(). So: before - slack <= rx_raw
 * < rx_tsc. How late the TSC after the poll would have been is printed.
 */
static void test_rx_stamps(struct ptpdk_port *port, struct ptpdk_rxq *q)
{
	static const unsigned types[] = { PTPDK_MSG_SYNC, PTPDK_MSG_FOLLOW_UP, PTPDK_MSG_DELAY_REQ,
					  PTPDK_MSG_ANNOUNCE, PTPDK_MSG_PDELAY_RESP };
	enum { N = 3 * 5 };
	uint64_t before[N], packets0 = q->counters.packets;
	struct ptpdk_rx_event ev[N + 4];
	struct test_frame_spec spec[N];
	double max_late = 0, max_age = 0;
	unsigned got;

	for (unsigned i = 0; i < N; i++)
		spec[i] = (struct test_frame_spec){ .transport = (enum ptpdk_transport)(i / 5),
						    .type = types[i % 5],
						    .seq = (uint16_t)(300 + i) };
	send_frames(spec, N, before);
	poll_rx_until(q, packets0 + N);
	got = rte_ring_dequeue_burst_elem(q->events, ev, sizeof(ev[0]), N + 4, NULL);
	CHECK_EQ_INT(got, N);
	for (unsigned i = 0; i < got && i < N; i++) {
		const struct ptpdk_rx_meta *m = &ev[i].meta;
		uint64_t age = m->rx_tsc - before[i];
		uint64_t slack = m->rx_window_ticks / 2 + age / 1000 + hz / 5000000;

		CHECK_EQ_INT(m->sequence_id, spec[i].seq);
		CHECK_EQ_INT(m->message_type, spec[i].type);
		CHECK_EQ_INT(m->ts_source, PTPDK_TS_TSC);
		CHECK_EQ_INT(m->port, port->index);
		CHECK(m->rx_raw < m->rx_tsc);
		CHECK(m->rx_raw + slack >= before[i]);
		/* The window covers the microsecond and the bracket, not a poll gap. */
		CHECK(m->rx_window_ticks >= hz / 1000000);
		CHECK(m->rx_window_ticks < hz / 1000000 + hz / 100000);
		if (ticks_ns((double)m->rx_raw - (double)before[i]) > max_late)
			max_late = ticks_ns((double)m->rx_raw - (double)before[i]);
		if (ticks_ns((double)(m->rx_tsc - m->rx_raw)) > max_age)
			max_age = ticks_ns((double)(m->rx_tsc - m->rx_raw));
	}
	printf("pcap: %u frames; converted stamp at most %.0f ns after send start; TSC after "
	       "the poll up to %.0f ns after the kernel stamp\n",
	       got, max_late, max_age);
	CHECK_EQ_INT(q->counters.ts_sw, 3 * 3); /* Sync, Delay_Req, Pdelay_Resp per transport */
	CHECK_EQ_INT(q->counters.ts_hw_missing, 0);
	CHECK_EQ_INT(q->counters.ts_kernel_missing, 0);
}

/*
 * net_pcap flags every frame, so the missing flag is made by looking for a flag it
 * never sets: the frames must keep the TSC stamp after the poll, with the poll's
 * window, and each event message is counted.
 */
static void test_missing_flag(struct ptpdk_port *port, struct ptpdk_rxq *q)
{
	static const struct rte_mbuf_dynflag never = { .name = "ptpdk_test_never_set" };
	uint64_t saved = port->rx_ts_flag, before[2], packets0 = q->counters.packets;
	struct test_frame_spec spec[2] = {
		{ .transport = PTPDK_TRANSPORT_L2, .type = PTPDK_MSG_SYNC, .seq = 400 },
		{ .transport = PTPDK_TRANSPORT_L2, .type = PTPDK_MSG_ANNOUNCE, .seq = 401 },
	};
	struct ptpdk_rx_event ev[4];
	int bit = rte_mbuf_dynflag_register(&never);
	unsigned got;

	CHECK(bit >= 0);
	if (bit < 0)
		return;
	port->rx_ts_flag = 1ULL << bit;
	send_frames(spec, 2, before);
	poll_rx_until(q, packets0 + 2);
	got = rte_ring_dequeue_burst_elem(q->events, ev, sizeof(ev[0]), 4, NULL);
	CHECK_EQ_INT(got, 2);
	for (unsigned i = 0; i < got; i++) {
		CHECK_EQ_INT(ev[i].meta.ts_source, PTPDK_TS_TSC);
		CHECK(ev[i].meta.rx_raw == ev[i].meta.rx_tsc);
	}
	CHECK_EQ_INT(q->counters.ts_kernel_missing, 1); /* the Sync; Announce is no event */
	port->rx_ts_flag = saved;
}

static void run(void)
{
	struct ptpdk_port port;
	struct ptpdk_rxq rxq;

	hz = rte_get_tsc_hz();
	wire = dp_veth_wire(PEER_IF);
	CHECK(wire >= 0);
	test_hardware_refused();
	open_port(&port, &rxq);
	test_rx_stamps(&port, &rxq);
	test_missing_flag(&port, &rxq);
	ptpdk_rxq_fini(&rxq);
	ptpdk_port_close(&port);
	close(wire);
}

int main(void)
{
	int rc;

	test_quantum_arithmetic();
	if (geteuid() != 0) {
		printf("pcap: needs root for a network namespace: skipped\n");
		return check_failures ? check_report("pcap") : DP_TEST_SKIP;
	}
	rc = dp_veth_lab("pcap", OUR_IF, PEER_IF, NULL);
	if (rc)
		return rc;
	rc = dp_test_eal_init("test_pcap", "64");
	if (rc)
		return rc;
	if (!have_pcap_pmd()) {
		printf("pcap: no net_pcap PMD: skipped\n");
		rte_eal_cleanup();
		return DP_TEST_SKIP;
	}
	run();
	rte_eal_cleanup();
	/* The namespace, and the veth pair in it, end with this process. */
	return check_report("pcap");
}
