/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The dataplane over a real ethdev (net_ring): frames injected into the port's RX
 * ring are stamped, classified and delivered as events, or dropped and counted by
 * class and reason; rings overflow into counters, never into blocking; TX requests
 * come out of the port's TX ring with their reports; a fake NIC latch exercises the
 * hardware RX stamp, the TX-stamp timeout and the one-latch backlog.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "check.h"
#include "ptpdk_msg.h"
#include "ptpdk_tick_map.h"
#include "dp_test.h"
#include "ptpdk_port.h"
#include "ptpdk_rxq.h"
#include "ptpdk_tsc.h"
#include "ptpdk_txq.h"
#include "ptpdk_worker.h"
#include "test_frames.h"

static struct rte_ring *inject_ring, *wire_ring;
static struct rte_mempool *test_pool;
static char port_name[RTE_ETH_NAME_MAX_LEN];

static int create_ring_port(void)
{
	inject_ring = rte_ring_create("dp_inject", 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	wire_ring = rte_ring_create("dp_wire", 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	test_pool =
		rte_pktmbuf_pool_create("dp_test_pool", 1023, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (!inject_ring || !wire_ring || !test_pool)
		return -ENOMEM;
	/* RX reads what the test injects; TX writes where the test reads ("the wire"). */
	int port = rte_eth_from_rings("dp", &inject_ring, 1, &wire_ring, 1, 0);

	if (port < 0 || rte_eth_dev_get_name_by_port((uint16_t)port, port_name) != 0)
		return -ENODEV;
	return port;
}

static struct rte_mbuf *frame_mbuf(const uint8_t *frame, int len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(test_pool);
	char *d = m ? rte_pktmbuf_append(m, (uint16_t)len) : NULL;

	CHECK(d != NULL);
	if (d)
		memcpy(d, frame, (size_t)len);
	return m;
}

static void inject(const struct test_frame_spec *s)
{
	uint8_t buf[1600];
	int n = test_build_frame(s, buf, sizeof(buf));
	struct rte_mbuf *m;

	CHECK(n > 0);
	m = frame_mbuf(buf, n);
	CHECK(m && rte_ring_enqueue(inject_ring, m) == 0);
}

static void inject_mbuf(struct rte_mbuf *m)
{
	CHECK(m && rte_ring_enqueue(inject_ring, m) == 0);
}

static unsigned drain_events(struct ptpdk_rxq *q, struct ptpdk_rx_event *ev, unsigned max)
{
	return rte_ring_dequeue_burst_elem(q->events, ev, sizeof(*ev), max, NULL);
}

static void open_port(struct ptpdk_port *port, struct ptpdk_rxq *rxq, struct ptpdk_txq *txq,
		      unsigned ring_size)
{
	struct ptpdk_port_conf conf = {
		.name = port_name,
		.rx_queues = 1,
		.tx_queues = 1,
		.rx_desc = 256,
		.tx_desc = 256,
		.verify_csum = true,
	};
	char err[160] = "";

	memcpy(conf.filter.mac, test_our_mac, 6);
	conf.filter.has_ipv4 = true;
	memcpy(conf.filter.ipv4, test_our_ipv4, 4);
	CHECK(ptpdk_port_open(&conf, 0, port, err, sizeof(err)) == 0);
	if (err[0])
		fprintf(stderr, "port: %s\n", err);
	CHECK(!port->hw_stamps && !port->caps.timesync);
	CHECK(ptpdk_rxq_init(rxq, port, 0, ring_size) == 0);
	CHECK(ptpdk_txq_init(txq, port, 0, 64, rte_get_tsc_hz() / 1000) == 0);
}

/* Each encapsulation, valid or not, ends in the right counter; valid ones arrive intact. */
static void test_classification(struct ptpdk_port *port, struct ptpdk_rxq *q)
{
	static const unsigned types[] = { PTPDK_MSG_SYNC, PTPDK_MSG_FOLLOW_UP, PTPDK_MSG_DELAY_REQ,
					  PTPDK_MSG_ANNOUNCE, PTPDK_MSG_PDELAY_RESP };
	struct ptpdk_rx_event ev[64];
	unsigned expect = 0, got, seq = 100;
	uint8_t buf[256];
	int n;

	for (unsigned t = 0; t < 3; t++)
		for (unsigned v = 0; v < 2; v++)
			for (unsigned k = 0; k < 5; k++) {
				struct test_frame_spec s = { .transport = (enum ptpdk_transport)t,
							     .vlan = v,
							     .type = types[k],
							     .seq = (uint16_t)seq++ };
				inject(&s);
				expect++;
			}
	/* Drops: not PTP, not for us, a bad checksum, and a bad version. */
	n = test_build_arp(buf, sizeof(buf));
	inject_mbuf(frame_mbuf(buf, n));
	inject(&(struct test_frame_spec){
		.transport = PTPDK_TRANSPORT_UDP4, .type = PTPDK_MSG_SYNC, .dst = TEST_DST_OTHER });
	n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP4,
							.type = PTPDK_MSG_SYNC },
			     buf, sizeof(buf));
	buf[n - 2] ^= 1;
	inject_mbuf(frame_mbuf(buf, n));
	n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_L2,
							.type = PTPDK_MSG_SYNC },
			     buf, sizeof(buf));
	buf[15] = 3;
	inject_mbuf(frame_mbuf(buf, n));

	for (unsigned i = 0; i < 8; i++)
		ptpdk_rxq_poll(q);
	got = drain_events(q, ev, 64);
	CHECK_EQ_INT(got, expect);
	for (unsigned i = 0; i < got; i++) {
		const struct ptpdk_rx_meta *m = &ev[i].meta;

		CHECK_EQ_INT(m->sequence_id, 100 + i);
		CHECK_EQ_INT(m->src.transport, i / 10);
		CHECK_EQ_INT(m->src.has_vlan, (i / 5) % 2);
		CHECK_EQ_INT(!!(m->flags & PTPDK_RX_F_VLAN), (i / 5) % 2);
		CHECK_EQ_INT(m->message_type, types[i % 5]);
		CHECK_EQ_INT(!!(m->flags & PTPDK_RX_F_EVENT_MSG), types[i % 5] < 8);
		CHECK_EQ_INT(m->ts_source, PTPDK_TS_TSC);
		CHECK(m->rx_raw == m->rx_tsc && m->rx_tsc != 0);
		CHECK_EQ_INT(m->port, port->index);
		CHECK_MEM(m->src.mac, test_peer_mac, 6);
		CHECK_EQ_INT(m->src.vlan_tci, m->src.has_vlan ? 7 : 0);
		if (m->src.transport == PTPDK_TRANSPORT_UDP4)
			CHECK_MEM(m->src.ip, test_peer_ipv4, 4);
		else if (m->src.transport == PTPDK_TRANSPORT_UDP6)
			CHECK_MEM(m->src.ip, test_peer_ipv6, 16);
		else
			CHECK_MEM(m->src.ip, (const uint8_t[16]){ 0 }, 16);
		CHECK(ev[i].payload[0] == types[i % 5]);
		CHECK_EQ_INT(m->payload_len, (ev[i].payload[2] << 8) | ev[i].payload[3]);
	}
	CHECK_EQ_INT(q->counters.packets, expect + 4);
	CHECK_EQ_INT(q->counters.by_class[PTPDK_CLASS_PTP], expect);
	CHECK_EQ_INT(q->counters.by_class[PTPDK_CLASS_NOT_PTP], 1);
	CHECK_EQ_INT(q->counters.by_class[PTPDK_CLASS_NOT_FOR_US], 1);
	CHECK_EQ_INT(q->counters.by_class[PTPDK_CLASS_REJECTED], 2);
	CHECK_EQ_INT(q->counters.rejected[PTPDK_REJECT_BAD_UDP_CHECKSUM], 1);
	CHECK_EQ_INT(q->counters.rejected[PTPDK_REJECT_BAD_VERSION], 1);
	CHECK_EQ_INT(q->counters.by_type[PTPDK_MSG_SYNC], 6);
	CHECK_EQ_INT(q->counters.by_type[PTPDK_MSG_ANNOUNCE], 6);
	CHECK_EQ_INT(q->counters.delivered, expect);
	CHECK_EQ_INT(q->counters.ts_sw, 18); /* Sync, Delay_Req, Pdelay_Resp x 6 */
	CHECK_EQ_INT(rte_mempool_avail_count(test_pool), 1023); /* every mbuf freed */
}

/* A full ring drops and counts; what it holds arrives in order. */
static void test_overflow(struct ptpdk_rxq *q)
{
	struct ptpdk_rx_event ev[64];
	uint64_t delivered0 = q->counters.delivered;
	unsigned capacity = rte_ring_get_capacity(q->events), got, total = 0;

	for (unsigned i = 0; i < capacity + 100; i++) {
		inject(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_L2,
						  .type = PTPDK_MSG_SYNC,
						  .seq = (uint16_t)i });
		if (i % 32 == 31)
			ptpdk_rxq_poll(q);
	}
	for (unsigned i = 0; i < 16; i++)
		ptpdk_rxq_poll(q);
	CHECK_EQ_INT(q->counters.ring_full, 100);
	CHECK_EQ_INT(q->counters.delivered - delivered0, capacity);
	while ((got = drain_events(q, ev, 64)) > 0) {
		for (unsigned i = 0; i < got; i++)
			CHECK_EQ_INT(ev[i].meta.sequence_id, total + i);
		total += got;
	}
	CHECK_EQ_INT(total, capacity);
}

/* Messages above the inline size travel whole in the large ring. */
static void test_large(struct ptpdk_rxq *q)
{
	struct ptpdk_rx_event_large big;
	struct ptpdk_rx_event ev[4];

	inject(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP4,
					  .type = PTPDK_MSG_SIGNALING,
					  .seq = 9,
					  .tlv_pad = 1200 });
	inject(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP4,
					  .type = PTPDK_MSG_SIGNALING,
					  .seq = 10,
					  .tlv_pad = 100 });
	ptpdk_rxq_poll(q);
	CHECK_EQ_INT(drain_events(q, ev, 4), 1);
	CHECK_EQ_INT(ev[0].meta.sequence_id, 10);
	CHECK(rte_ring_dequeue_elem(q->large, &big, sizeof(big)) == 0);
	CHECK_EQ_INT(big.meta.sequence_id, 9);
	CHECK_EQ_INT(big.meta.payload_len, 44 + 4 + 1200);
	CHECK_EQ_INT((big.payload[2] << 8) | big.payload[3], big.meta.payload_len);
}

/* ---- a fake NIC latch ---- */
struct fake_nic {
	uint64_t rx_value;
	unsigned tx_polls_until_latch; /* UINT32_MAX: never */
	uint64_t tx_value;
	unsigned tx_reads;
};

static int fake_read_rx(void *ctx, uint32_t index, uint64_t *ns)
{
	struct fake_nic *nic = ctx;

	*ns = nic->rx_value + index;
	return 0;
}

static int fake_read_tx(void *ctx, uint64_t *ns)
{
	struct fake_nic *nic = ctx;

	nic->tx_reads++;
	if (nic->tx_polls_until_latch == UINT32_MAX || nic->tx_polls_until_latch-- > 0)
		return -EINVAL;
	*ns = nic->tx_value;
	nic->tx_polls_until_latch = UINT32_MAX;
	return 0;
}

static void test_hw_rx_stamp(struct ptpdk_port *port, struct ptpdk_rxq *q)
{
	struct fake_nic nic = { .rx_value = 5000000000ULL };
	struct ptpdk_ts_ops saved = port->ts_ops;
	struct ptpdk_rx_event ev[4];
	uint8_t buf[256];
	struct rte_mbuf *m;
	int n;

	port->ts_ops = (struct ptpdk_ts_ops){ fake_read_rx, fake_read_tx, &nic };
	port->caps.timesync = port->hw_stamps = true;
	n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_L2,
							.type = PTPDK_MSG_SYNC },
			     buf, sizeof(buf));
	m = frame_mbuf(buf, n);
	m->ol_flags |= RTE_MBUF_F_RX_IEEE1588_PTP | RTE_MBUF_F_RX_IEEE1588_TMST;
	m->timesync = 2;
	inject_mbuf(m);
	inject_mbuf(frame_mbuf(buf, n)); /* the NIC did not latch this one */
	ptpdk_rxq_poll(q);
	CHECK_EQ_INT(drain_events(q, ev, 4), 2);
	CHECK_EQ_INT(ev[0].meta.ts_source, PTPDK_TS_NIC_NS);
	CHECK_EQ_INT(ev[0].meta.rx_raw, 5000000002ULL);
	CHECK(ev[0].meta.flags & PTPDK_RX_F_TS_LATCHED);
	CHECK_EQ_INT(ev[0].meta.rx_window_ticks, 0);
	CHECK_EQ_INT(ev[1].meta.ts_source, PTPDK_TS_TSC);
	CHECK_EQ_INT(q->counters.ts_hw_missing, 1);
	port->caps.timesync = port->hw_stamps = false;
	port->ts_ops = saved;
}

static struct ptpdk_tx_request tx_request(uint32_t cookie, bool want_ts)
{
	struct ptpdk_tx_request r = { .cookie = cookie,
				      .flags = want_ts ? PTPDK_TX_F_WANT_TS : 0,
				      .message_type = PTPDK_MSG_DELAY_REQ,
				      .sequence_id = (uint16_t)cookie };
	int n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP4,
							    .type = PTPDK_MSG_DELAY_REQ,
							    .seq = (uint16_t)cookie },
				 r.frame, sizeof(r.frame));

	r.frame_len = (uint16_t)n;
	return r;
}

static unsigned wire_frames(uint32_t *first_seq)
{
	struct rte_mbuf *m = NULL;
	unsigned n = 0;

	while (rte_ring_dequeue(wire_ring, (void **)&m) == 0) {
		const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);

		if (n++ == 0 && first_seq)
			*first_seq = (uint32_t)(d[42 + 30] << 8 | d[42 + 31]);
		rte_pktmbuf_free(m);
	}
	return n;
}

/* Software TX stamps: the TSC just before the burst call, reported at once. */
static void test_tx_software(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_request reqs[3] = { tx_request(1, true), tx_request(2, false),
					    tx_request(3, true) };
	struct ptpdk_tx_report rep[4];
	uint64_t t0 = ptpdk_tsc_read();
	uint32_t seq = 0;

	reqs[2].frame_len = 9; /* shorter than an Ethernet header: refused */
	CHECK_EQ_INT(rte_ring_enqueue_burst_elem(txq->requests, reqs, sizeof(reqs[0]), 3, NULL), 3);
	ptpdk_txq_poll(txq);
	CHECK_EQ_INT(wire_frames(&seq), 2);
	CHECK_EQ_INT(seq, 1);
	CHECK_EQ_INT(rte_ring_dequeue_burst_elem(txq->reports, rep, sizeof(rep[0]), 4, NULL), 2);
	CHECK_EQ_INT(rep[0].cookie, 1);
	CHECK_EQ_INT(rep[0].status, PTPDK_TX_STAMPED);
	CHECK_EQ_INT(rep[0].ts_source, PTPDK_TS_TSC);
	CHECK(rep[0].tx_raw == rep[0].tsc_before && rep[0].tsc_before >= t0 &&
	      rep[0].tsc_after >= rep[0].tsc_before);
	CHECK_EQ_INT(rep[1].cookie, 3);
	CHECK_EQ_INT(rep[1].status, PTPDK_TX_SEND_FAILED);
	CHECK_EQ_INT(txq->counters.sent, 2);
	CHECK_EQ_INT(txq->counters.oversize, 1);
}

/*
 * One-step Sync: the TX owner writes the time the engine's line gives at its TSC
 * reading before the burst, which is also the software stamp; the frame on the wire
 * carries it (checksum verified by the parser) and the report says what was written.
 * A frame whose time cannot be written (a line too old) is not sent.
 */
static void test_tx_one_step(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_request req = { .cookie = 7,
					.flags = PTPDK_TX_F_WANT_TS | PTPDK_TX_F_ONE_STEP,
					.message_type = PTPDK_MSG_SYNC,
					.sequence_id = 99 };
	struct ptpdk_tx_report rep[2];
	struct ptpdk_tmv want, t1;
	struct ptpdk_frame f;
	struct ptpdk_msg msg;
	struct rte_mbuf *m = NULL;
	int n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP4,
							    .type = PTPDK_MSG_SYNC,
							    .seq = 99 },
				 req.frame, sizeof(req.frame));
	uint64_t sent_before = txq->counters.sent;

	CHECK(n > 0);
	req.frame_len = (uint16_t)n;
	/* 1 ns per tick from 1000 s at TSC 0: the written time is the stamp's ticks in ns */
	req.one_step_map = (struct ptpdk_tick_map){ .base_tick = ptpdk_tsc_read(),
						    .base = ptpdk_tmv_from_ns(1000000000000LL),
						    .ns_per_tick = 1.0 };
	CHECK_EQ_INT(rte_ring_enqueue_elem(txq->requests, &req, sizeof(req)), 0);
	ptpdk_txq_poll(txq);
	CHECK_EQ_INT(rte_ring_dequeue_burst_elem(txq->reports, rep, sizeof(rep[0]), 2, NULL), 1);
	CHECK_EQ_INT(rep[0].status, PTPDK_TX_STAMPED);
	CHECK(rep[0].flags & PTPDK_TX_R_WRITTEN);
	CHECK_EQ_INT(ptpdk_tick_map_at(&req.one_step_map, rep[0].tx_raw, &want), 0);
	CHECK(ptpdk_tmv_cmp(want, rep[0].written) == 0);
	CHECK_EQ_INT(txq->counters.one_step_written, 1);
	CHECK(rte_ring_dequeue(wire_ring, (void **)&m) == 0);
	CHECK_EQ_INT(ptpdk_frame_parse(rte_pktmbuf_mtod(m, const uint8_t *),
				       rte_pktmbuf_data_len(m), PTPDK_FRAME_F_VERIFY_CSUM, &f,
				       NULL),
		     PTPDK_FRAME_PTP);
	CHECK_EQ_INT(ptpdk_msg_decode(rte_pktmbuf_mtod(m, const uint8_t *) + f.payload_offset,
				      f.payload_length, &msg, NULL),
		     0);
	CHECK_EQ_INT(ptpdk_wire_ts_to_tmv(&msg.body.timestamp.timestamp, &t1), 0);
	t1 = ptpdk_tmv_add(t1, ptpdk_tmv_from_scaled(msg.header.correction));
	CHECK(ptpdk_tmv_cmp(t1, rep[0].written) == 0);
	rte_pktmbuf_free(m);
	/* a line from far in the past: refused, reported, not sent */
	req.one_step_map.base_tick = ptpdk_tsc_read() - 2 * PTPDK_TICK_MAP_MAX_SPAN;
	CHECK_EQ_INT(rte_ring_enqueue_elem(txq->requests, &req, sizeof(req)), 0);
	ptpdk_txq_poll(txq);
	CHECK_EQ_INT(rte_ring_dequeue_burst_elem(txq->reports, rep, sizeof(rep[0]), 2, NULL), 1);
	CHECK_EQ_INT(rep[0].status, PTPDK_TX_SEND_FAILED);
	CHECK_EQ_INT(txq->counters.one_step_unwritten, 1);
	CHECK_EQ_INT(txq->counters.sent, sent_before + 1);
	CHECK_EQ_INT(wire_frames(NULL), 0);
}

static unsigned poll_reports(struct ptpdk_txq *txq, struct ptpdk_tx_report *rep, unsigned want,
			     unsigned max_polls)
{
	unsigned got = 0;

	for (unsigned i = 0; i < max_polls && got < want; i++) {
		ptpdk_txq_poll(txq);
		got += rte_ring_dequeue_burst_elem(txq->reports, rep + got, sizeof(*rep),
						   want - got, NULL);
		if (got < want)
			rte_delay_us_block(50);
	}
	return got;
}

/* One latch per port: stamped requests wait their turn; a latch that never fills times out. */
static void test_tx_hardware(struct ptpdk_port *port, struct ptpdk_txq *txq)
{
	struct fake_nic nic = { .tx_polls_until_latch = UINT32_MAX, .tx_value = 424242 };
	struct ptpdk_ts_ops fake = { fake_read_rx, fake_read_tx, &nic };
	struct ptpdk_tx_request reqs[PTPDK_TX_BACKLOG + 3];
	struct ptpdk_tx_report rep[PTPDK_TX_BACKLOG + 3];
	unsigned n = PTPDK_TX_BACKLOG + 3, got;

	port->caps.timesync = port->hw_stamps = true;
	txq->ts_ops = &fake;
	for (unsigned i = 0; i < n; i++)
		reqs[i] = tx_request(100 + i, true);
	CHECK_EQ_INT(rte_ring_enqueue_burst_elem(txq->requests, reqs, sizeof(reqs[0]), n, NULL), n);
	ptpdk_txq_poll(txq);
	/* The first is on the wire and waits; eight wait behind it; two are refused. */
	CHECK_EQ_INT(wire_frames(NULL), 1);
	CHECK_EQ_INT(txq->counters.backlog_full, 2);
	got = rte_ring_dequeue_burst_elem(txq->reports, rep, sizeof(rep[0]), n, NULL);
	CHECK_EQ_INT(got, 2);
	CHECK(got == 2 && rep[0].status == PTPDK_TX_BACKLOG_FULL && rep[1].cookie == 100 + n - 1);

	/*
	 * Never latches: times out after ~1 ms, and the next one goes out. That one must
	 * outlive a few polls whatever the scheduler does (a preempted test on a loaded
	 * 2-core machine once let 1 ms pass within three 50 us polls), so it gets a
	 * deadline that only the latch can beat; the short time-out comes back after it.
	 */
	txq->txts.timeout_ticks = UINT64_MAX / 4;
	got = poll_reports(txq, rep, 1, 2000);
	CHECK_EQ_INT(got, 1);
	CHECK(rep[0].status == PTPDK_TX_TIMEOUT && rep[0].cookie == 100);
	CHECK_EQ_INT(wire_frames(NULL), 1);

	/* Latches late (after a few polls): stamped with the NIC's value. */
	nic.tx_polls_until_latch = 3;
	got = poll_reports(txq, rep, 1, 2000);
	CHECK(got == 1 && rep[0].status == PTPDK_TX_STAMPED && rep[0].cookie == 101);
	CHECK(got == 1 && rep[0].tx_raw == 424242 && rep[0].ts_source == PTPDK_TS_NIC_NS);
	txq->txts.timeout_ticks = rte_get_tsc_hz() / 1000;
	if (ptpdk_txts_busy(&txq->txts)) /* the next one went out with the long deadline */
		txq->txts.deadline_tsc = rte_get_tsc_cycles() + txq->txts.timeout_ticks;

	/* The other seven drain one by one, each timing out. */
	got = poll_reports(txq, rep, PTPDK_TX_BACKLOG - 1, 20000);
	CHECK_EQ_INT(got, PTPDK_TX_BACKLOG - 1);
	CHECK_EQ_INT(wire_frames(NULL), PTPDK_TX_BACKLOG - 1);
	CHECK_EQ_INT(txq->txts.counters.timeouts, PTPDK_TX_BACKLOG);
	CHECK_EQ_INT(txq->txts.counters.stamped, 1);
	CHECK(!ptpdk_txts_busy(&txq->txts) && txq->backlog_len == 0);
	port->caps.timesync = port->hw_stamps = false;
	txq->ts_ops = &port->ts_ops;
}

/* The worker loop: compact mode with an engine step that stops it; counters published. */
struct stop_after {
	atomic_bool stop;
	unsigned steps, limit;
	struct ptpdk_rxq *q;
	unsigned events;
};

static unsigned engine_step(void *ctx, uint64_t now)
{
	struct stop_after *s = ctx;
	struct ptpdk_rx_event ev[8];
	unsigned n = drain_events(s->q, ev, 8);

	(void)now;
	s->events += n;
	if (++s->steps >= s->limit)
		atomic_store(&s->stop, true);
	return n;
}

static void test_worker(struct ptpdk_rxq *q, struct ptpdk_txq *txq)
{
	struct stop_after s = { .limit = 50, .q = q };
	struct ptpdk_worker w = { .rxqs = { q },
				  .n_rxqs = 1,
				  .txqs = { txq },
				  .n_txqs = 1,
				  .engine_step = engine_step,
				  .engine_ctx = &s,
				  .idle_sleep_us = 10,
				  .publish_ticks = 1 };
	struct ptpdk_rxq_counters pub;

	atomic_init(&s.stop, false);
	w.stop = &s.stop;
	for (unsigned i = 0; i < 5; i++)
		inject(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP6,
						  .type = PTPDK_MSG_FOLLOW_UP });
	CHECK(ptpdk_worker_run(&w) == 0);
	CHECK_EQ_INT(s.events, 5);
	CHECK_EQ_INT(w.stats.iterations, 50);
	CHECK(w.stats.sleeps > 0 && w.stats.sleeps == w.stats.idle_iterations);
	CHECK(ptpdk_rxq_counters_read(q, &pub) == 0);
	CHECK_EQ_INT(pub.packets, q->counters.packets);
	CHECK_EQ_INT(pub.delivered, q->counters.delivered);
}

static int run(void)
{
	struct ptpdk_port port;
	struct ptpdk_rxq rxq;
	struct ptpdk_txq txq;
	char line[400];

	if (create_ring_port() < 0) {
		fprintf(stderr, "dataplane: cannot create the net_ring port\n");
		return 1;
	}
	open_port(&port, &rxq, &txq, 64);
	ptpdk_port_describe(&port, line, sizeof(line));
	printf("%s\n", line);
	CHECK(strstr(line, "timesync no") != NULL);
	test_classification(&port, &rxq);
	test_overflow(&rxq);
	test_large(&rxq);
	test_hw_rx_stamp(&port, &rxq);
	test_tx_software(&txq);
	test_tx_one_step(&txq);
	test_tx_hardware(&port, &txq);
	test_worker(&rxq, &txq);
	ptpdk_txq_fini(&txq);
	ptpdk_rxq_fini(&rxq);
	ptpdk_port_close(&port);
	return 0;
}

int main(void)
{
	int rc = dp_test_eal_init("test_dataplane", "128");

	if (rc)
		return rc;
	check_seed("dataplane");
	run();
	rte_eal_cleanup();
	return check_report("dataplane");
}
