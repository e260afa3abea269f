/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmark 1: the RX path — receive, stamp, classify, copy into the engine ring —
 * in packets per second on one RX lcore. A generator lcore plays the NIC: it fills
 * fresh mbufs from the pool with a realistic mix (Sync, Follow_Up, Delay_Req,
 * Announce over UDPv4 and L2, plus non-PTP frames) and feeds them through a
 * net_ring port; it also drains the event ring as the engine would.
 *
 * Two figures: the rate the RX lcore sustained while saturated (with the fraction of
 * empty polls, which says whether the generator kept up), and cycles per packet over
 * busy polls only, which is the RX lcore's capacity whatever the generator does.
 * Prints figures; never fails on a timing.
 *
 *   bench_rx [EAL options] -- [--seconds S] [--burst N]
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "ptpdk_port.h"
#include "ptpdk_rxq.h"
#include "ptpdk_tsc.h"
#include "test_frames.h"

#define MIX_LEN 100

struct frame_tmpl {
	uint8_t data[128];
	uint16_t len;
};

static struct frame_tmpl mix[MIX_LEN];
static struct rte_ring *inject_ring, *sink_ring;
static struct rte_mempool *gen_pool;
static atomic_bool stop;

struct rx_result {
	uint64_t busy_ticks, busy_packets, elapsed_ticks;
};

/* Per 100 frames: 30 Sync, 30 Follow_Up, 20 Delay_Req, 8 Announce, 12 not PTP;
 * transports alternate UDPv4 and L2. */
static void build_mix(void)
{
	static const struct {
		unsigned type, count;
	} parts[] = { { PTPDK_MSG_SYNC, 30 },
		      { PTPDK_MSG_FOLLOW_UP, 30 },
		      { PTPDK_MSG_DELAY_REQ, 20 },
		      { PTPDK_MSG_ANNOUNCE, 8 } };
	unsigned n = 0;

	for (unsigned p = 0; p < sizeof(parts) / sizeof(parts[0]); p++)
		for (unsigned i = 0; i < parts[p].count; i++, n++) {
			struct test_frame_spec s = {
				.transport = n % 2 ? PTPDK_TRANSPORT_L2 : PTPDK_TRANSPORT_UDP4,
				.type = parts[p].type,
				.seq = (uint16_t)n,
			};
			mix[n].len =
				(uint16_t)test_build_frame(&s, mix[n].data, sizeof(mix[n].data));
		}
	for (; n < MIX_LEN; n++)
		mix[n].len = (uint16_t)test_build_arp(mix[n].data, sizeof(mix[n].data));
	/* Interleave so every burst carries a mix, as a real link does. */
	for (unsigned i = 0; i < MIX_LEN; i++) {
		unsigned j = (i * 37) % MIX_LEN;
		struct frame_tmpl t = mix[i];

		mix[i] = mix[j];
		mix[j] = t;
	}
}

static void generator(unsigned burst, struct ptpdk_rxq *q, uint64_t deadline, uint64_t *generated,
		      uint64_t *drained)
{
	struct rte_mbuf *m[64];
	struct ptpdk_rx_event ev[64];
	unsigned next = 0;

	while (rte_get_tsc_cycles() < deadline) {
		unsigned n = 0, sent;

		if (rte_pktmbuf_alloc_bulk(gen_pool, m, burst) == 0) {
			for (; n < burst; n++, next = (next + 1) % MIX_LEN) {
				char *d = rte_pktmbuf_append(m[n], mix[next].len);

				memcpy(d, mix[next].data, mix[next].len);
			}
			sent = rte_ring_enqueue_burst(inject_ring, (void **)m, n, NULL);
			if (sent < n)
				rte_pktmbuf_free_bulk(m + sent, n - sent);
			*generated += sent;
		}
		*drained += rte_ring_dequeue_burst_elem(q->events, ev, sizeof(ev[0]), 64, NULL);
	}
}

struct rx_args {
	struct ptpdk_rxq *q;
	struct rx_result res;
};

static int rx_lcore(void *arg)
{
	struct rx_args *a = arg;
	uint64_t start = ptpdk_tsc_read();

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		uint64_t t0 = ptpdk_tsc_read();
		unsigned n = ptpdk_rxq_poll(a->q);

		if (n) {
			a->res.busy_ticks += ptpdk_tsc_read() - t0;
			a->res.busy_packets += n;
		}
	}
	a->res.elapsed_ticks = ptpdk_tsc_read() - start;
	return 0;
}

static int setup(struct ptpdk_port *port, struct ptpdk_rxq *q)
{
	static char name[RTE_ETH_NAME_MAX_LEN];
	struct ptpdk_port_conf conf = {
		.name = name, .rx_queues = 1, .tx_queues = 1, .lcores = 2, .verify_csum = true
	};
	char err[160];

	inject_ring = rte_ring_create("bench_inject", 4096, (int)rte_socket_id(),
				      RING_F_SP_ENQ | RING_F_SC_DEQ);
	sink_ring = rte_ring_create("bench_sink", 1024, (int)rte_socket_id(),
				    RING_F_SP_ENQ | RING_F_SC_DEQ);
	gen_pool = rte_pktmbuf_pool_create("bench_gen", 16383, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					   (int)rte_socket_id());
	int id = inject_ring && sink_ring && gen_pool
			 ? rte_eth_from_rings("bench", &inject_ring, 1, &sink_ring, 1,
					      rte_socket_id())
			 : -1;

	if (id < 0 || rte_eth_dev_get_name_by_port((uint16_t)id, name) != 0) {
		fprintf(stderr, "bench_rx: cannot create the ring port: %s\n",
			rte_strerror(rte_errno));
		return -1;
	}
	memcpy(conf.filter.mac, test_our_mac, 6);
	if (ptpdk_port_open(&conf, 0, port, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_rx: %s\n", err);
		return -1;
	}
	return ptpdk_rxq_init(q, port, 0, 4096);
}

static void print_results(const struct rx_args *a, uint64_t generated, uint64_t drained,
			  double seconds, unsigned burst)
{
	const struct ptpdk_rxq_counters *c = &a->q->counters;
	double hz = (double)rte_get_tsc_hz();
	double elapsed = (double)a->res.elapsed_ticks / hz;
	double empty = c->polls ? (double)c->empty_polls / (double)c->polls : 0;
	double cpp =
		a->res.busy_packets ? (double)a->res.busy_ticks / (double)a->res.busy_packets : 0;

	printf("bench_rx: %.1f s, generator burst %u, TSC %.0f Hz\n", seconds, burst, hz);
	printf("  packets through the RX lcore   %" PRIu64 " (%.2f Mpps over the run)\n",
	       c->packets, (double)c->packets / elapsed / 1e6);
	printf("  empty polls                    %.1f %% of %" PRIu64 " polls%s\n", empty * 100,
	       c->polls, empty > 0.05 ? "  (the generator did not keep the RX lcore busy)" : "");
	printf("  cycles per packet, busy polls  %.1f -> capacity %.2f Mpps per RX lcore\n", cpp,
	       cpp > 0 ? hz / cpp / 1e6 : 0);
	printf("  PTP delivered %" PRIu64 ", not PTP %" PRIu64 ", ring full %" PRIu64
	       ", rejected %" PRIu64 "\n",
	       c->delivered, c->by_class[PTPDK_CLASS_NOT_PTP], c->ring_full,
	       c->by_class[PTPDK_CLASS_REJECTED]);
	printf("  generated %" PRIu64 ", drained by the engine side %" PRIu64 "\n", generated,
	       drained);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = { { "seconds", required_argument, NULL, 's' },
					      { "burst", required_argument, NULL, 'b' },
					      { NULL, 0, NULL, 0 } };
	struct ptpdk_port port;
	struct ptpdk_rxq q;
	struct rx_args args = { .q = &q };
	uint64_t generated = 0, drained = 0, deadline;
	double seconds = 5;
	unsigned burst = 32, worker;
	int n = rte_eal_init(argc, argv), c;

	if (n < 0) {
		fprintf(stderr, "bench_rx: EAL: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argv[n] = argv[0];
	while ((c = getopt_long(argc - n, argv + n, "", opts, NULL)) != -1) {
		if (c == 's')
			seconds = atof(optarg);
		else if (c == 'b')
			burst = (unsigned)atoi(optarg);
		else
			return 2;
	}
	if (seconds <= 0 || seconds > 600 || burst == 0 || burst > 64) {
		fprintf(stderr, "bench_rx: --seconds 0..600, --burst 1..64\n");
		return 2;
	}
	worker = rte_get_next_lcore(rte_get_main_lcore(), 1, 0);
	if (worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "bench_rx: needs two lcores (-l 0-1)\n");
		return 2;
	}
	build_mix();
	if (setup(&port, &q) != 0)
		return 1;
	rte_eal_remote_launch(rx_lcore, &args, worker);
	deadline = rte_get_tsc_cycles() + (uint64_t)(seconds * (double)rte_get_tsc_hz());
	/* The generator runs on the main lcore until the deadline, then stops the RX lcore. */
	generator(burst, &q, deadline, &generated, &drained);
	atomic_store(&stop, true);
	rte_eal_wait_lcore(worker);
	print_results(&args, generated, drained, seconds, burst);
	ptpdk_rxq_fini(&q);
	ptpdk_port_close(&port);
	rte_eal_cleanup();
	return 0;
}
