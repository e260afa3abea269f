/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel-socket port ("kernel:IFNAME") over a veth pair in a network namespace
 * of the test's own (unshare: it vanishes with the process). A raw socket on the
 * peer end plays the wire. Checked: the kernel's RX stamps arrive converted to TSC
 * ticks inside the sender's sendto() and before our receive; VLAN tags survive the
 * kernel's stripping; non-PTP frames are counted, not delivered; TX stamps come back
 * from the error queue inside the sendmsg() bracket, several in flight at once; a
 * stolen (missing) stamp times out, and a stamp nobody waits for is counted.
 * Needs root (77 = skipped otherwise).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ring.h>

#include "check.h"
#include "dp_test.h"
#include "dp_veth.h"
#include "ptpdk_ksock.h"
#include "ptpdk_msg.h"
#include "ptpdk_tick_map.h"
#include "ptpdk_rxq.h"
#include "ptpdk_tsc.h"
#include "ptpdk_txq.h"
#include "test_frames.h"

#define OUR_IF	"kst0"
#define PEER_IF "kst1"

static int wire = -1; /* raw socket on the peer end */
static uint64_t hz;

static void wire_drain(void)
{
	uint8_t buf[2048];

	while (recv(wire, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void wire_send(const uint8_t *frame, int len)
{
	CHECK(len > 0 && send(wire, frame, (size_t)len, 0) == len);
}

static void open_port(struct ptpdk_port *port, struct ptpdk_rxq *rxq, struct ptpdk_txq *txq)
{
	struct ptpdk_port_conf conf = {
		.name = "kernel:" OUR_IF, .rx_queues = 1, .tx_queues = 1, .verify_csum = true
	};
	char err[200] = "";
	int rc = ptpdk_port_open(&conf, 0, port, err, sizeof(err));

	if (rc)
		fprintf(stderr, "ksock: %s\n", err);
	CHECK_EQ_INT(rc, 0);
	/* Identity from the interface: its MAC and its IPv4 address (getifaddrs). */
	CHECK(port->ksock != NULL && !port->hw_stamps);
	CHECK_MEM(port->filter.mac, test_our_mac, 6);
	CHECK(port->filter.has_ipv4);
	CHECK_MEM(port->filter.ipv4, test_our_ipv4, 4);
	CHECK(!port->filter.has_ipv6);
	CHECK(ptpdk_rxq_init(rxq, port, 0, 64) == 0);
	CHECK(ptpdk_txq_init(txq, port, 0, 64, hz / 100) == 0); /* 10 ms timeout */
}

/* Bad names and impossible requests are refused with the reason, never crash. */
static void test_refusals(void)
{
	struct ptpdk_port_conf conf = { .name = "kernel:nosuch0", .rx_queues = 1, .tx_queues = 1 };
	struct ptpdk_port port;
	char err[200] = "";

	CHECK_EQ_INT(ptpdk_port_open(&conf, 0, &port, err, sizeof(err)), -ENODEV);
	CHECK(strstr(err, "nosuch0") != NULL);
	conf.name = "kernel:";
	CHECK_EQ_INT(ptpdk_port_open(&conf, 0, &port, err, sizeof(err)), -ENODEV);
	conf.name = "kernel:this-name-is-too-long";
	CHECK_EQ_INT(ptpdk_port_open(&conf, 0, &port, err, sizeof(err)), -ENODEV);
	/* veth has no PHC: hardware stamps are refused, saying so. */
	conf.name = "kernel:" OUR_IF;
	conf.ts_mode = PTPDK_TS_MODE_HARDWARE;
	CHECK_EQ_INT(ptpdk_port_open(&conf, 0, &port, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "no PTP hardware clock") != NULL && strstr(err, OUR_IF) != NULL);
	CHECK(strstr(err, "time_stamping software") != NULL); /* says what to do instead */
	CHECK(strchr(err, '\n') == NULL);		      /* one line */
	CHECK(port.ksock == NULL && !port.hw_stamps);	      /* nothing left half-open */
	CHECK_EQ_INT(ptpdk_ksock_hw_phc(&port), -1);
}

static unsigned poll_rx_until(struct ptpdk_rxq *q, uint64_t packets)
{
	unsigned polls = 0;

	while (q->counters.packets < packets && polls++ < 100000)
		ptpdk_rxq_poll(q);
	return polls;
}

/*
 * The kernel stamps in netif_rx only once its "timestamps wanted" static key is on,
 * and the first socket that asks for stamps turns it on from a work queue, later
 * (net_enable_timestamp()); until then a frame has no stamp at all, or one taken when
 * it is delivered to the socket, after it was queued. A fresh test process can send
 * before that work ran (clean-clone CI runs did: stamps 50 us after the send; and 13
 * frames with none). So: send Syncs until one carries its own stamp and that stamp lies
 * within its sendto(), for at most 2 s, before judging stamps.
 */
static void wait_for_netif_rx_stamps(struct ptpdk_rxq *q)
{
	struct test_frame_spec spec = { .transport = PTPDK_TRANSPORT_UDP4,
					.type = PTPDK_MSG_SYNC,
					.seq = 1 };
	struct ptpdk_rx_event ev;
	uint8_t buf[256];
	int n = test_build_frame(&spec, buf, sizeof(buf));

	for (unsigned tries = 0; tries < 200; tries++) {
		uint64_t packets0 = q->counters.packets, missing0 = q->counters.ts_kernel_missing;
		uint64_t before, after;

		before = ptpdk_tsc_read_ordered();
		wire_send(buf, n);
		after = ptpdk_tsc_read_ordered();
		poll_rx_until(q, packets0 + 1);
		/* An unstamped frame carries the poll's TSC and window, which would pass the
		 * bracket test below: it must have had its own stamp first. */
		if (rte_ring_dequeue_elem(q->events, &ev, sizeof(ev)) == 0 &&
		    q->counters.ts_kernel_missing == missing0 &&
		    ev.meta.rx_raw + hz / 5000000 >= before &&
		    ev.meta.rx_raw <= after + ev.meta.rx_window_ticks + hz / 5000000)
			return;
		rte_delay_us_sleep(10000);
	}
	fprintf(stderr, "ksock: the kernel never stamped within sendto() in 2 s\n");
}

/*
 * On veth the sender's sendto() runs the peer's netif_rx, where the kernel stamps,
 * before it returns: each stamp lies inside that sendto()'s TSC bracket. The mapped
 * value errs by at most half our conversion bracket (rx_window_ticks) plus the rate
 * error over the stamp's age, bounded generously by 1000 ppm of the age, plus 200 ns
 * for the bracket reads themselves. And the stamp precedes our own receive.
 */
static void test_rx_stamps(struct ptpdk_port *port, struct ptpdk_rxq *q)
{
	static const unsigned types[] = { PTPDK_MSG_SYNC, PTPDK_MSG_FOLLOW_UP, PTPDK_MSG_DELAY_REQ,
					  PTPDK_MSG_ANNOUNCE, PTPDK_MSG_PDELAY_RESP };
	enum { N = 3 * 5 + 3 };
	uint64_t before[N], after[N], packets0 = q->counters.packets;
	uint64_t ts_sw0 = q->counters.ts_sw, delivered0 = q->counters.delivered;
	uint64_t missing0 = q->counters.ts_kernel_missing;
	struct ptpdk_rx_event ev[N + 4];
	struct test_frame_spec spec[N];
	uint8_t buf[256];
	unsigned got;

	for (unsigned i = 0; i < N; i++) {
		bool vlan = i >= 15;

		spec[i] = (struct test_frame_spec){
			.transport = (enum ptpdk_transport)(vlan ? i - 15 : i / 5),
			.vlan = vlan,
			.type = vlan ? PTPDK_MSG_SYNC : types[i % 5],
			.seq = (uint16_t)(200 + i),
		};
	}
	for (unsigned i = 0; i < N; i++) {
		int n = test_build_frame(&spec[i], buf, sizeof(buf));

		before[i] = ptpdk_tsc_read_ordered();
		wire_send(buf, n);
		after[i] = ptpdk_tsc_read_ordered();
	}
	poll_rx_until(q, packets0 + N);
	got = rte_ring_dequeue_burst_elem(q->events, ev, sizeof(ev[0]), N + 4, NULL);
	CHECK_EQ_INT(got, N);
	for (unsigned i = 0; i < got; i++) {
		const struct ptpdk_rx_meta *m = &ev[i].meta;
		uint64_t age = m->rx_tsc - before[i];
		uint64_t slack = m->rx_window_ticks + age / 1000 + hz / 5000000;

		CHECK_EQ_INT(m->sequence_id, spec[i].seq);
		CHECK_EQ_INT(m->message_type, spec[i].type);
		CHECK_EQ_INT(m->src.transport, spec[i].transport);
		CHECK_EQ_INT(!!(m->flags & PTPDK_RX_F_VLAN), spec[i].vlan);
		if (spec[i].vlan)
			CHECK_EQ_INT(m->src.vlan_tci, 7);
		CHECK_EQ_INT(m->ts_source, PTPDK_TS_TSC);
		CHECK_EQ_INT(m->port, port->index);
		CHECK_MEM(m->src.mac, test_peer_mac, 6);
		CHECK(m->rx_raw < m->rx_tsc); /* stamped before we received it */
		CHECK(m->rx_raw + slack >= before[i]);
		CHECK(m->rx_raw <= after[i] + slack);
		if (m->rx_raw + slack < before[i] || m->rx_raw > after[i] + slack)
			fprintf(stderr,
				"ksock: frame %u stamp %+.0f ns from send start, send took %.0f "
				"ns\n",
				i, ((double)m->rx_raw - (double)before[i]) * 1e9 / (double)hz,
				(double)(after[i] - before[i]) * 1e9 / (double)hz);
	}
	/* Sync, Delay_Req, Pdelay_Resp; VLAN Syncs */
	CHECK_EQ_INT(q->counters.ts_sw - ts_sw0, 3 * 3 + 3);
	CHECK_EQ_INT(q->counters.ts_kernel_missing - missing0, 0);
	CHECK_EQ_INT(q->counters.delivered - delivered0, N);
}

/* What is not PTP for us is counted by class and never delivered. */
static void test_rx_drops(struct ptpdk_rxq *q)
{
	uint64_t packets0 = q->counters.packets, delivered0 = q->counters.delivered;
	uint64_t not_ptp0 = q->counters.by_class[PTPDK_CLASS_NOT_PTP];
	uint8_t buf[256];
	int n;

	n = test_build_arp(buf, sizeof(buf));
	wire_send(buf, n);
	n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP4,
							.type = PTPDK_MSG_SYNC,
							.dst = TEST_DST_OTHER },
			     buf, sizeof(buf));
	wire_send(buf, n);
	n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_UDP4,
							.type = PTPDK_MSG_SYNC },
			     buf, sizeof(buf));
	buf[n - 2] ^= 1; /* breaks the UDP checksum */
	wire_send(buf, n);
	poll_rx_until(q, packets0 + 3);
	for (unsigned i = 0; i < 50; i++)
		ptpdk_rxq_poll(q); /* nothing more may arrive (our own frames are ignored) */
	CHECK_EQ_INT(q->counters.packets - packets0, 3);
	CHECK_EQ_INT(q->counters.by_class[PTPDK_CLASS_NOT_PTP] - not_ptp0, 1);
	CHECK_EQ_INT(q->counters.by_class[PTPDK_CLASS_NOT_FOR_US], 1);
	CHECK_EQ_INT(q->counters.rejected[PTPDK_REJECT_BAD_UDP_CHECKSUM], 1);
	CHECK_EQ_INT(q->counters.delivered, delivered0);
	CHECK_EQ_INT(rte_ring_count(q->events), 0);
	CHECK_EQ_INT(q->counters.recv_errors, 0);
}

static void request(struct ptpdk_txq *txq, unsigned type, uint16_t seq, uint32_t cookie,
		    bool want_ts)
{
	struct ptpdk_tx_request r = { .cookie = cookie,
				      .port = txq->port->index,
				      .flags = want_ts ? PTPDK_TX_F_WANT_TS : 0,
				      .message_type = (uint8_t)type,
				      .sequence_id = seq };
	int n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_L2,
							    .type = type,
							    .seq = seq },
				 r.frame, sizeof(r.frame));

	CHECK(n > 0);
	r.frame_len = (uint16_t)n;
	CHECK(rte_ring_enqueue_elem(txq->requests, &r, sizeof(r)) == 0);
}

static unsigned collect_reports(struct ptpdk_txq *txq, struct ptpdk_tx_report *rep, unsigned want,
				uint64_t max_ticks)
{
	uint64_t end = ptpdk_tsc_read() + max_ticks;
	unsigned got = 0;

	while (got < want && ptpdk_tsc_read() < end) {
		ptpdk_txq_poll(txq);
		got += rte_ring_dequeue_burst_elem(txq->reports, rep + got, sizeof(*rep),
						   want - got, NULL);
	}
	return got;
}

/*
 * veth stamps in its xmit (skb_tx_timestamp), inside our sendmsg(), so the converted
 * stamp lies after the requests were queued and before the (TSC, CLOCK_REALTIME, TSC)
 * bracket that converted it, read after the stamp came off the error queue. The
 * report's tsc_before/tsc_after are that bracket (the pair that bounds a stamp's
 * error, ptpdk_event.h), not the sendmsg() call: how long the stamp waited on the
 * error queue is not part of its error. The conversion errs by half the bracket plus
 * the rate error over the stamp's age (well under 1 ns for microseconds): ~100 ns
 * unless the lcore is preempted between the bracket's reads, which on a busy 2-core
 * VM can last tens of microseconds, hence 50 us of slack.
 */
static void test_tx_stamps(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_report rep[4];
	uint64_t slack = hz / 20000;
	uint8_t buf[2048];
	unsigned got, frames = 0;
	uint64_t queued;

	wire_drain();
	queued = ptpdk_tsc_read();
	request(txq, PTPDK_MSG_SYNC, 40, 1, true);
	request(txq, PTPDK_MSG_DELAY_REQ, 40, 2, true);
	request(txq, PTPDK_MSG_FOLLOW_UP, 40, 3, false);
	request(txq, PTPDK_MSG_PDELAY_REQ, 41, 4, true);
	got = collect_reports(txq, rep, 3, hz / 2);
	CHECK_EQ_INT(got, 3);
	for (unsigned i = 0; i < got; i++) {
		static const uint32_t cookies[] = { 1, 2, 4 };
		static const uint8_t types[] = { PTPDK_MSG_SYNC, PTPDK_MSG_DELAY_REQ,
						 PTPDK_MSG_PDELAY_REQ };

		CHECK_EQ_INT(rep[i].status, PTPDK_TX_STAMPED);
		CHECK_EQ_INT(rep[i].cookie, cookies[i]);
		CHECK_EQ_INT(rep[i].message_type, types[i]);
		CHECK_EQ_INT(rep[i].ts_source, PTPDK_TS_TSC);
		CHECK(rep[i].tsc_before <= rep[i].tsc_after);
		CHECK(rep[i].tsc_before >= queued);
		CHECK(rep[i].tx_raw + slack >= queued);
		CHECK(rep[i].tx_raw <= rep[i].tsc_after + slack);
		if (rep[i].tx_raw + slack < queued || rep[i].tx_raw > rep[i].tsc_after + slack)
			fprintf(stderr,
				"ksock: report %u stamp %+.0f ns from queueing, bracket %.0f ns "
				"wide\n",
				i, ((double)rep[i].tx_raw - (double)queued) * 1e9 / (double)hz,
				(double)(rep[i].tsc_after - rep[i].tsc_before) * 1e9 / (double)hz);
	}
	while (recv(wire, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		frames++;
	CHECK_EQ_INT(frames, 4); /* all four reached the wire, stamped or not */
	CHECK_EQ_INT(txq->counters.sent, 4);
	CHECK_EQ_INT(txq->txts.counters.started, 3);
	CHECK_EQ_INT(txq->txts.counters.stamped, 3);
	CHECK_EQ_INT(txq->port->ksock->n_inflight, 0);
}

/*
 * One-step Sync on a kernel socket: the time written is the line's at the TSC read
 * before sendmsg(), after the request was queued; the kernel's stamp comes later, in
 * veth's xmit (the slack as above); the frame on the wire carries the written time.
 * A 1 ns-per-tick line from 0 makes the written time that TSC reading itself.
 */
static void test_tx_one_step(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_request r = { .cookie = 9,
				      .port = txq->port->index,
				      .flags = PTPDK_TX_F_WANT_TS | PTPDK_TX_F_ONE_STEP,
				      .message_type = PTPDK_MSG_SYNC,
				      .sequence_id = 77 };
	uint64_t slack = hz / 20000, queued;
	struct ptpdk_tx_report rep;
	struct ptpdk_tmv t1;
	struct ptpdk_frame f;
	struct ptpdk_msg m;
	uint8_t buf[2048];
	ssize_t n;
	int len = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_L2,
							      .type = PTPDK_MSG_SYNC,
							      .seq = 77 },
				   r.frame, sizeof(r.frame));

	CHECK(len > 0);
	r.frame_len = (uint16_t)len;
	wire_drain();
	queued = ptpdk_tsc_read();
	r.one_step_map = (struct ptpdk_tick_map){ .base_tick = queued,
						  .base = ptpdk_tmv_from_ns((int64_t)queued),
						  .ns_per_tick = 1.0 };
	CHECK(rte_ring_enqueue_elem(txq->requests, &r, sizeof(r)) == 0);
	CHECK_EQ_INT(collect_reports(txq, &rep, 1, hz / 2), 1);
	CHECK_EQ_INT(rep.status, PTPDK_TX_STAMPED);
	CHECK(rep.flags & PTPDK_TX_R_WRITTEN);
	CHECK(rep.written.ns >= (int64_t)queued);
	CHECK((uint64_t)rep.written.ns <= rep.tx_raw + slack);
	CHECK_EQ_INT(txq->counters.one_step_written, 1);
	n = recv(wire, buf, sizeof(buf), MSG_DONTWAIT);
	CHECK(n > 0);
	if (n <= 0)
		return;
	CHECK_EQ_INT(ptpdk_frame_parse(buf, (size_t)n, 0, &f, NULL), PTPDK_FRAME_PTP);
	CHECK_EQ_INT(ptpdk_msg_decode(buf + f.payload_offset, f.payload_length, &m, NULL), 0);
	CHECK_EQ_INT(m.header.flags & PTPDK_FLAG_TWO_STEP, 0);
	CHECK_EQ_INT(ptpdk_wire_ts_to_tmv(&m.body.timestamp.timestamp, &t1), 0);
	t1 = ptpdk_tmv_add(t1, ptpdk_tmv_from_scaled(m.header.correction));
	CHECK(ptpdk_tmv_cmp(t1, rep.written) == 0);
	wire_drain();
}

/* More stamped frames than can be in flight: the excess is refused and reported. */
static void test_tx_inflight_full(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_report rep[PTPDK_KSOCK_TX_INFLIGHT + 1];
	unsigned stamped = 0, refused = 0;
	unsigned got;

	for (unsigned i = 0; i <= PTPDK_KSOCK_TX_INFLIGHT; i++)
		request(txq, PTPDK_MSG_DELAY_REQ, (uint16_t)(100 + i), 100 + i, true);
	got = collect_reports(txq, rep, PTPDK_KSOCK_TX_INFLIGHT + 1, hz / 2);
	CHECK_EQ_INT(got, PTPDK_KSOCK_TX_INFLIGHT + 1);
	for (unsigned i = 0; i < got; i++) {
		if (rep[i].status == PTPDK_TX_STAMPED)
			stamped++;
		if (rep[i].status == PTPDK_TX_BACKLOG_FULL) {
			refused++;
			CHECK_EQ_INT(rep[i].cookie, 100 + PTPDK_KSOCK_TX_INFLIGHT);
		}
	}
	CHECK_EQ_INT(stamped, PTPDK_KSOCK_TX_INFLIGHT);
	CHECK_EQ_INT(refused, 1);
	CHECK_EQ_INT(txq->counters.backlog_full, 1);
	wire_drain();
}

static bool steal_stamp(int fd)
{
	uint8_t buf[2048], ctrl[256];

	for (unsigned i = 0; i < 1000; i++) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = { .msg_iov = &iov,
				      .msg_iovlen = 1,
				      .msg_control = ctrl,
				      .msg_controllen = sizeof(ctrl) };

		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) > 0)
			return true;
		usleep(100);
	}
	return false;
}

/* A frame with a TX stamp request sent behind the port's back: its stamp is foreign. */
static void send_foreign_stamped(int fd, uint16_t seq)
{
	union {
		char bytes[CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} ctrl;
	uint32_t flags = SOF_TIMESTAMPING_TX_SOFTWARE;
	uint8_t frame[256];
	int n = test_build_frame(&(struct test_frame_spec){ .transport = PTPDK_TRANSPORT_L2,
							    .type = PTPDK_MSG_SYNC,
							    .seq = seq },
				 frame, sizeof(frame));
	struct iovec iov = { .iov_base = frame, .iov_len = (size_t)n };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = ctrl.bytes,
			      .msg_controllen = sizeof(ctrl.bytes) };
	struct cmsghdr *c;

	memset(&ctrl, 0, sizeof(ctrl));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SO_TIMESTAMPING;
	c->cmsg_len = CMSG_LEN(sizeof(flags));
	memcpy(CMSG_DATA(c), &flags, sizeof(flags));
	CHECK(sendmsg(fd, &msg, 0) == n);
}

static void test_tx_timeout_and_stale(struct ptpdk_txq *txq)
{
	int fd = txq->port->ksock->fd;
	struct ptpdk_tx_report rep;
	uint64_t t0;

	/* Missing: the test takes the stamp off the error queue before the port sees it. */
	request(txq, PTPDK_MSG_SYNC, 50, 5, true);
	ptpdk_txq_poll(txq); /* sends it; nothing was in flight, so no error-queue read yet */
	CHECK_EQ_INT(txq->port->ksock->n_inflight, 1);
	CHECK(steal_stamp(fd));
	t0 = ptpdk_tsc_read();
	CHECK_EQ_INT(collect_reports(txq, &rep, 1, hz), 1);
	CHECK_EQ_INT(rep.status, PTPDK_TX_TIMEOUT);
	CHECK_EQ_INT(rep.cookie, 5);
	CHECK(ptpdk_tsc_read() - t0 >= hz / 100 - hz / 1000); /* waited out the 10 ms */
	CHECK_EQ_INT(txq->txts.counters.timeouts, 1);

	/* Late or foreign: a stamp for seq 50, whose request already timed out, is counted
	 * and does not disturb the next request's match. */
	send_foreign_stamped(fd, 50);
	request(txq, PTPDK_MSG_SYNC, 51, 6, true);
	CHECK_EQ_INT(collect_reports(txq, &rep, 1, hz / 2), 1);
	CHECK_EQ_INT(rep.status, PTPDK_TX_STAMPED);
	CHECK_EQ_INT(rep.cookie, 6);
	CHECK_EQ_INT(rep.sequence_id, 51);
	CHECK_EQ_INT(txq->txts.counters.stale_discarded, 1);
	CHECK_EQ_INT(txq->counters.errqueue_other, 0);
	CHECK_EQ_INT(txq->counters.ts_unconvertible, 0);
	wire_drain();
}

static void run(void)
{
	struct ptpdk_port port;
	struct ptpdk_rxq rxq;
	struct ptpdk_txq txq;
	char line[400];

	hz = rte_get_tsc_hz();
	wire = dp_veth_wire(PEER_IF);
	CHECK(wire >= 0);
	test_refusals();
	open_port(&port, &rxq, &txq);
	ptpdk_port_describe(&port, line, sizeof(line));
	printf("%s\n", line);
	CHECK(strstr(line, "kernel software stamps") != NULL);
	CHECK(!port.hw_stamps && ptpdk_ksock_hw_phc(&port) == -1); /* the TSC clock, not a PHC */
	wait_for_netif_rx_stamps(&rxq);
	test_rx_stamps(&port, &rxq);
	test_rx_drops(&rxq);
	test_tx_stamps(&txq);
	test_tx_one_step(&txq);
	test_tx_inflight_full(&txq);
	test_tx_timeout_and_stale(&txq);
	ptpdk_txq_fini(&txq);
	ptpdk_rxq_fini(&rxq);
	ptpdk_port_close(&port);
	CHECK(port.ksock == NULL);
	close(wire);
}

int main(void)
{
	int rc;

	if (geteuid() != 0) {
		printf("ksock: needs root for a network namespace: skipped\n");
		return DP_TEST_SKIP;
	}
	rc = dp_veth_lab("ksock", OUR_IF, PEER_IF, "198.18.0.1/24");
	if (rc)
		return rc;
	rc = dp_test_eal_init("test_ksock", "64");
	if (rc)
		return rc;
	check_seed("ksock");
	run();
	rte_eal_cleanup();
	/* The namespace, and the veth pair in it, end with this process. */
	return check_report("ksock");
}
