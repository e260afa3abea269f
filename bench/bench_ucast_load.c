/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A load generator for ptpdk's unicast master (issue 15): N unicast clients over
 * UDPv6 on one DPDK port (a net_memif client facing the daemon's net_memif server),
 * each negotiating Announce, Sync and Delay_Resp at 1 Hz and then sending one
 * Delay_Req a second; every frame from the daemon is parsed, decoded and accounted to
 * the client it is addressed to.
 *
 * Client i (address 2001:2::c:I, MAC 02:00:I) acts at i/N of each second: its three
 * REQUEST_UNICAST_TRANSMISSION at t0 + i/N (one TLV each, as ptp4l sends them; those
 * without a GRANT a second later ask again, once), its Delay_Req at i/N + 0.25 s of
 * every second of the span. Its Sync, Follow_Up and Announce are due at its grant
 * time + k s; they are counted in a window of whole seconds whose edges sit half a
 * second away from them ([S0 + i/N + 0.5 s, + S s)), so each client is owed exactly S
 * of each. Each Delay_Req is owed one Delay_Resp with its sequenceId and the client's
 * identity, within the span plus a drain second. A Follow_Up must carry the
 * sequenceId of the client's last Sync.
 *
 * Prints clients served (every response delivered), losses by kind, wrong responses,
 * Delay_Req -> Delay_Resp latency percentiles (this process's TSC, from just before
 * the TX burst to the RX burst that returned it), the generator's own busy share and
 * the port's counters (imissed: frames the generator's RX ring dropped, so a loss on
 * our side is not blamed on the daemon). Never fails on a timing.
 *
 *   bench_ucast_load [EAL options] -- --clients N [--seconds S] [--port NAME]
 *       [--server-ip 2001:2::1] [--server-mac 02:00:00:00:00:01] [--wait-link S]
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "bench_clients.h"
#include "ptpdk_frame.h"
#include "ptpdk_hist.h"
#include "ptpdk_msg.h"
#include "ptpdk_tsc.h"

#define BURST 32

enum kind { K_SYNC, K_FOLLOW_UP, K_ANNOUNCE, K_DELAY_RESP, K_COUNT };
static const char *const kind_name[K_COUNT] = { "sync", "follow_up", "announce", "delay_resp" };

struct client {
	uint64_t dreq_tsc;	 /* when its last Delay_Req left */
	uint16_t count[K_COUNT]; /* in its window (Delay_Resp: all matched) */
	uint16_t dreq_sent;	 /* Delay_Req sent */
	uint16_t dreq_seq;	 /* of the last one */
	uint16_t sync_seq;	 /* of its last Sync */
	uint8_t granted;	 /* bit per kind asked (Announce, Sync, Delay_Resp) */
	uint8_t denied;		 /* GRANTs of duration 0 */
	uint8_t fu_due, dresp_due;
};

static struct {
	uint32_t n;
	unsigned seconds;
	struct client *cl;
	uint16_t port;
	struct rte_mempool *pool;
	uint8_t server_ip[16], server_mac[6];
	uint64_t hz, t0, s0, s_end;
	uint64_t wrong[K_COUNT], late[K_COUNT], strays, not_ptp, decode_errors, grants_rx,
		denials_rx, other_signaling;
	uint64_t tx_frames, tx_full_polls, alloc_failed;
	uint64_t busy_ticks, polls, rx_frames;
	struct ptpdk_hist lat;
} g;

/* The client a frame is addressed to, or UINT32_MAX. */
static uint32_t client_of(const struct ptpdk_frame *f)
{
	uint8_t ip[16], mac[6];
	uint32_t i = (uint32_t)f->dst_ip[12] << 24 | (uint32_t)f->dst_ip[13] << 16 |
		     (uint32_t)f->dst_ip[14] << 8 | f->dst_ip[15];

	if (f->transport != PTPDK_TRANSPORT_UDP6 || i >= g.n)
		return UINT32_MAX;
	bench_client_ip(i, ip);
	bench_client_mac(i, mac);
	return memcmp(ip, f->dst_ip, 16) == 0 && memcmp(mac, f->dst_mac, 6) == 0 ? i : UINT32_MAX;
}

static bool identity_is(uint32_t i, const struct ptpdk_port_identity *id)
{
	struct ptpdk_port_identity want;

	bench_client_identity(i, &want);
	return memcmp(want.clock_identity, id->clock_identity, PTPDK_CLOCK_ID_LEN) == 0 &&
	       want.port_number == id->port_number;
}

/* Build client @p i's message @p m into an mbuf. */
static struct rte_mbuf *frame_for(uint32_t i, const struct ptpdk_msg *m, bool event)
{
	uint8_t payload[PTPDK_MSG_MAX_LEN];
	struct ptpdk_frame f;
	struct rte_mbuf *mb;
	char *data;
	int n, len;

	n = ptpdk_msg_encode(m, payload, sizeof(payload));
	if (n < 0)
		return NULL;
	mb = rte_pktmbuf_alloc(g.pool);
	if (!mb) {
		g.alloc_failed++;
		return NULL;
	}
	memset(&f, 0, sizeof(f));
	f.transport = PTPDK_TRANSPORT_UDP6;
	memcpy(f.dst_mac, g.server_mac, 6);
	bench_client_mac(i, f.src_mac);
	bench_client_ip(i, f.src_ip);
	memcpy(f.dst_ip, g.server_ip, 16);
	f.src_port = event ? PTPDK_UDP_EVENT_PORT : PTPDK_UDP_GENERAL_PORT;
	f.dst_port = f.src_port;
	f.ttl = 1;
	data = rte_pktmbuf_append(mb, 128);
	len = data ? ptpdk_frame_build((uint8_t *)data, 128, &f, payload, (size_t)n) : -1;
	if (len < 0) {
		rte_pktmbuf_free(mb);
		return NULL;
	}
	rte_pktmbuf_trim(mb, (uint16_t)(128 - len));
	return mb;
}

static void header(struct ptpdk_msg *m, uint32_t i, uint8_t type, uint16_t seq)
{
	memset(m, 0, sizeof(*m));
	m->header.message_type = type;
	m->header.version = 2;
	m->header.flags = PTPDK_FLAG_UNICAST;
	m->header.sequence_id = seq;
	m->header.log_message_interval = 0x7F;
	bench_client_identity(i, &m->header.source_port_identity);
}

static struct rte_mbuf *request(uint32_t i, uint8_t type)
{
	struct ptpdk_msg m;

	header(&m, i, PTPDK_MSG_SIGNALING, type);
	memset(&m.body.targeted.target_port_identity, 0xFF,
	       sizeof(m.body.targeted.target_port_identity));
	m.tlv_count = 1;
	m.tlvs[0].type = PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION;
	m.tlvs[0].u.unicast.message_type = type;
	m.tlvs[0].u.unicast.log_inter_message_period = 0;
	m.tlvs[0].u.unicast.duration = 3600;
	return frame_for(i, &m, false);
}

static struct rte_mbuf *delay_req(uint32_t i)
{
	struct client *c = &g.cl[i];
	struct ptpdk_msg m;

	header(&m, i, PTPDK_MSG_DELAY_REQ, (uint16_t)(c->dreq_seq + 1));
	return frame_for(i, &m, true);
}

static unsigned kind_bit(uint8_t message_type)
{
	return message_type == PTPDK_MSG_ANNOUNCE ? 1 : message_type == PTPDK_MSG_SYNC ? 2 : 4;
}

/* Whether now is inside client i's counting window. */
static bool in_window(uint32_t i, uint64_t now)
{
	uint64_t start = g.s0 + g.hz / 2 + (uint64_t)i * g.hz / g.n;

	return now >= start && now < start + (uint64_t)g.seconds * g.hz;
}

static void account(const uint8_t *frame, uint16_t len, uint64_t now)
{
	struct ptpdk_frame f;
	struct ptpdk_msg m;
	struct client *c;
	uint32_t i;

	if (ptpdk_frame_parse(frame, len, 0, &f, NULL) != PTPDK_FRAME_PTP) {
		g.not_ptp++;
		return;
	}
	if (ptpdk_msg_decode(frame + f.payload_offset, f.payload_length, &m, NULL) != 0) {
		g.decode_errors++;
		return;
	}
	i = client_of(&f);
	if (i == UINT32_MAX || !(m.header.flags & PTPDK_FLAG_UNICAST)) {
		g.strays++;
		return;
	}
	c = &g.cl[i];
	switch (m.header.message_type & 0xF) {
	case PTPDK_MSG_SIGNALING:
		for (unsigned k = 0; k < m.tlv_count; k++) {
			const struct ptpdk_tlv *t = &m.tlvs[k];

			if (t->type != PTPDK_TLV_GRANT_UNICAST_TRANSMISSION ||
			    !identity_is(i, &m.body.targeted.target_port_identity)) {
				g.other_signaling++;
				continue;
			}
			if (t->u.unicast.duration == 0) {
				c->denied++;
				g.denials_rx++;
				continue;
			}
			c->granted |= (uint8_t)kind_bit(t->u.unicast.message_type);
			g.grants_rx++;
		}
		break;
	case PTPDK_MSG_SYNC:
		if (!(m.header.flags & PTPDK_FLAG_TWO_STEP)) {
			g.wrong[K_SYNC]++;
			break;
		}
		c->sync_seq = m.header.sequence_id;
		c->fu_due = 1;
		if (in_window(i, now))
			c->count[K_SYNC]++;
		break;
	case PTPDK_MSG_FOLLOW_UP:
		if (!c->fu_due || c->sync_seq != m.header.sequence_id) {
			g.wrong[K_FOLLOW_UP]++;
			break;
		}
		c->fu_due = 0;
		if (in_window(i, now))
			c->count[K_FOLLOW_UP]++;
		break;
	case PTPDK_MSG_ANNOUNCE:
		if (in_window(i, now))
			c->count[K_ANNOUNCE]++;
		break;
	case PTPDK_MSG_DELAY_RESP:
		if (!c->dresp_due || c->dreq_seq != m.header.sequence_id ||
		    !identity_is(i, &m.body.response.requesting_port_identity)) {
			g.wrong[K_DELAY_RESP]++;
			break;
		}
		c->dresp_due = 0;
		c->count[K_DELAY_RESP]++;
		ptpdk_hist_record(&g.lat, (int64_t)((now - c->dreq_tsc) * 1000000000ull / g.hz));
		break;
	default:
		g.strays++;
		break;
	}
}

static unsigned poll_rx(void)
{
	struct rte_mbuf *rx[BURST];
	uint16_t n = rte_eth_rx_burst(g.port, 0, rx, BURST);
	uint64_t now = ptpdk_tsc_read();

	for (uint16_t k = 0; k < n; k++) {
		if (rte_pktmbuf_is_contiguous(rx[k]))
			account(rte_pktmbuf_mtod(rx[k], const uint8_t *), rx[k]->data_len, now);
		else
			g.not_ptp++;
	}
	g.rx_frames += n;
	if (n)
		rte_pktmbuf_free_bulk(rx, n);
	return n;
}

/* Send what @p tx holds; what the ring refused stays for the next call. */
static void flush(struct rte_mbuf **tx, unsigned *n, uint32_t *ids, bool dreq)
{
	uint16_t sent;

	if (*n == 0)
		return;
	if (dreq) {
		uint64_t now = ptpdk_tsc_read();

		for (unsigned k = 0; k < *n; k++)
			g.cl[ids[k]].dreq_tsc = now;
	}
	sent = rte_eth_tx_burst(g.port, 0, tx, (uint16_t)*n);
	g.tx_frames += sent;
	if (sent < *n) {
		g.tx_full_polls++;
		memmove(tx, tx + sent, (*n - sent) * sizeof(*tx));
		memmove(ids, ids + sent, (*n - sent) * sizeof(*ids));
	}
	*n -= sent;
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = { { "clients", required_argument, NULL, 'n' },
					      { "seconds", required_argument, NULL, 's' },
					      { "port", required_argument, NULL, 'p' },
					      { "server-ip", required_argument, NULL, 'i' },
					      { "server-mac", required_argument, NULL, 'm' },
					      { NULL, 0, NULL, 0 } };
	const char *port = "net_memif0", *ip = "2001:2::1", *mac = "02:00:00:00:00:01";
	unsigned long n = 1000;
	int c;

	g.seconds = 10;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			n = strtoul(optarg, NULL, 0);
			break;
		case 's':
			g.seconds = (unsigned)strtoul(optarg, NULL, 0);
			break;
		case 'p':
			port = optarg;
			break;
		case 'i':
			ip = optarg;
			break;
		case 'm':
			mac = optarg;
			break;
		default:
			return -1;
		}
	}
	if (n == 0 || n > (1ul << 26) || g.seconds == 0 || g.seconds > 60000 ||
	    inet_pton(AF_INET6, ip, g.server_ip) != 1 ||
	    sscanf(mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &g.server_mac[0], &g.server_mac[1],
		   &g.server_mac[2], &g.server_mac[3], &g.server_mac[4], &g.server_mac[5]) != 6 ||
	    rte_eth_dev_get_port_by_name(port, &g.port) != 0) {
		fprintf(stderr, "bench_ucast_load: bad arguments (or no port %s)\n", port);
		return -1;
	}
	g.n = (uint32_t)n;
	return 0;
}

static int port_start(void)
{
	struct rte_eth_conf conf;
	struct rte_eth_link link;
	unsigned nb = 8191 + (g.n < 65536 ? 0 : 16384);

	memset(&conf, 0, sizeof(conf));
	g.pool = rte_pktmbuf_pool_create("ucl_pool", nb, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					 (int)rte_socket_id());
	if (!g.pool || rte_eth_dev_configure(g.port, 1, 1, &conf) != 0 ||
	    rte_eth_rx_queue_setup(g.port, 0, 1024, (unsigned)rte_socket_id(), NULL, g.pool) != 0 ||
	    rte_eth_tx_queue_setup(g.port, 0, 1024, (unsigned)rte_socket_id(), NULL) != 0 ||
	    rte_eth_dev_start(g.port) != 0)
		return -1;
	/* The memif peer connects on its own time: up to 10 s. */
	for (int k = 0; k < 1000; k++) {
		if (rte_eth_link_get_nowait(g.port, &link) == 0 && link.link_status)
			return 0;
		rte_delay_ms(10);
	}
	fprintf(stderr, "bench_ucast_load: link of the port stayed down\n");
	return -1;
}

/* The run: negotiation in second 0 (and a retry in second 1), then the span. */
static void run(void)
{
	struct rte_mbuf *tx[BURST];
	uint32_t ids[BURST];
	unsigned ntx = 0;
	uint32_t next_req = 0, next_retry = 0;
	uint64_t next_dreq_k = 0; /* Delay_Req: second k, client next_dreq_i */
	uint32_t next_dreq_i = 0;
	uint64_t end;
	uint64_t step_hz = g.hz;

	g.t0 = ptpdk_tsc_read();
	g.s0 = g.t0 + 2 * step_hz;
	g.s_end = g.s0 + (uint64_t)g.seconds * step_hz + step_hz;
	end = g.s_end + step_hz / 2;
	for (;;) {
		uint64_t now = ptpdk_tsc_read();
		uint64_t tx0 = g.tx_frames;
		bool dreq = false;
		unsigned got;

		if (now >= end)
			break;
		g.polls++;
		got = poll_rx();
		/* Requests first (second 0), then the one retry (second 1). */
		while (ntx + 3 <= BURST && next_req < g.n &&
		       g.t0 + (uint64_t)next_req * step_hz / g.n <= now) {
			static const uint8_t kinds[3] = { PTPDK_MSG_ANNOUNCE, PTPDK_MSG_SYNC,
							  PTPDK_MSG_DELAY_RESP };

			for (unsigned k = 0; k < 3; k++) {
				tx[ntx] = request(next_req, kinds[k]);
				if (tx[ntx])
					ids[ntx++] = next_req;
			}
			next_req++;
		}
		while (ntx + 3 <= BURST && next_retry < g.n &&
		       g.t0 + step_hz + (uint64_t)next_retry * step_hz / g.n <= now) {
			static const uint8_t kinds[3] = { PTPDK_MSG_ANNOUNCE, PTPDK_MSG_SYNC,
							  PTPDK_MSG_DELAY_RESP };
			struct client *c = &g.cl[next_retry];

			for (unsigned k = 0; k < 3; k++) {
				if (c->granted & kind_bit(kinds[k]))
					continue;
				tx[ntx] = request(next_retry, kinds[k]);
				if (tx[ntx])
					ids[ntx++] = next_retry;
			}
			next_retry++;
		}
		flush(tx, &ntx, ids, false);
		/* Delay_Req of the span, in phase order. */
		while (ntx < BURST && next_dreq_k < g.seconds &&
		       g.s0 + next_dreq_k * step_hz + step_hz / 4 +
				       (uint64_t)next_dreq_i * step_hz / g.n <=
			       now) {
			struct client *c = &g.cl[next_dreq_i];

			tx[ntx] = delay_req(next_dreq_i);
			if (!tx[ntx])
				break;
			/* An unanswered one is a loss; the next takes its place. */
			c->dreq_seq++;
			c->dreq_sent++;
			c->dresp_due = 1;
			ids[ntx++] = next_dreq_i;
			dreq = true;
			if (++next_dreq_i == g.n) {
				next_dreq_i = 0;
				next_dreq_k++;
			}
		}
		if (dreq)
			flush(tx, &ntx, ids, true);
		/* The generator's own load: iterations that moved a frame, whole. */
		if (got || g.tx_frames != tx0)
			g.busy_ticks += ptpdk_tsc_read() - now;
	}
	while (ntx)
		flush(tx, &ntx, ids, false);
}

static void report(void)
{
	uint64_t lost[K_COUNT] = { 0 }, extra[K_COUNT] = { 0 }, sent_dreq = 0;
	uint32_t served = 0, not_granted = 0;
	struct rte_eth_stats st;

	for (uint32_t i = 0; i < g.n; i++) {
		const struct client *c = &g.cl[i];
		bool ok = c->granted == 7;

		if (c->granted != 7)
			not_granted++;
		sent_dreq += c->dreq_sent;
		for (unsigned k = 0; k < K_COUNT; k++) {
			unsigned want = k == K_DELAY_RESP ? c->dreq_sent : g.seconds;

			if (c->count[k] < want)
				lost[k] += want - c->count[k], ok = false;
			else if (c->count[k] > want)
				extra[k] += c->count[k] - want, ok = false;
		}
		served += ok;
	}
	memset(&st, 0, sizeof(st));
	rte_eth_stats_get(g.port, &st);
	printf("bench_ucast_load: %u clients, %u s span (1 Hz Sync+Follow_Up, Announce, "
	       "Delay_Req/Delay_Resp), TSC %" PRIu64 " Hz\n",
	       g.n, g.seconds, g.hz);
	printf("  clients served (granted, every response in its window): %u of %u (%.4f %%)\n",
	       served, g.n, 100.0 * served / g.n);
	printf("  not granted all three: %u; GRANTs %" PRIu64 ", denials %" PRIu64
	       ", other signaling %" PRIu64 "\n",
	       not_granted, g.grants_rx, g.denials_rx, g.other_signaling);
	printf("  %-11s %12s %12s %12s %12s\n", "kind", "owed", "lost", "extra", "wrong");
	for (unsigned k = 0; k < K_COUNT; k++)
		printf("  %-11s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 "\n",
		       kind_name[k], k == K_DELAY_RESP ? sent_dreq : (uint64_t)g.n * g.seconds,
		       lost[k], extra[k], g.wrong[k]);
	printf("  strays %" PRIu64 ", not PTP %" PRIu64 ", undecodable %" PRIu64 "\n", g.strays,
	       g.not_ptp, g.decode_errors);
	printf("  Delay_Req -> Delay_Resp (generator TSC), us: p50 %.1f p90 %.1f p99 %.1f p99.9 "
	       "%.1f max %.1f (%" PRIu64 ")\n",
	       ptpdk_hist_percentile(&g.lat, 50) / 1e3, ptpdk_hist_percentile(&g.lat, 90) / 1e3,
	       ptpdk_hist_percentile(&g.lat, 99) / 1e3, ptpdk_hist_percentile(&g.lat, 99.9) / 1e3,
	       ptpdk_hist_max(&g.lat) / 1e3, ptpdk_hist_count(&g.lat));
	printf("  generator: frames out %" PRIu64 " in %" PRIu64 ", polls %" PRIu64
	       ", busy %.1f %% of its run, TX ring full %" PRIu64 " times, mbufs short %" PRIu64
	       "\n",
	       g.tx_frames, g.rx_frames, g.polls,
	       100.0 * (double)g.busy_ticks / (double)(g.s_end + g.hz / 2 - g.t0), g.tx_full_polls,
	       g.alloc_failed);
	printf("  port: ipackets %" PRIu64 " opackets %" PRIu64 " imissed %" PRIu64
	       " ierrors %" PRIu64 " oerrors %" PRIu64 " rx_nombuf %" PRIu64 "\n",
	       st.ipackets, st.opackets, st.imissed, st.ierrors, st.oerrors, st.rx_nombuf);
}

int main(int argc, char **argv)
{
	int n = rte_eal_init(argc, argv);

	if (n < 0) {
		fprintf(stderr, "bench_ucast_load: EAL init failed\n");
		return 2;
	}
	argc -= n;
	argv += n;
	if (parse_args(argc, argv) != 0)
		return 2;
	g.cl = calloc(g.n, sizeof(*g.cl));
	if (!g.cl || port_start() != 0) {
		fprintf(stderr, "bench_ucast_load: set-up failed\n");
		return 2;
	}
	g.hz = rte_get_tsc_hz();
	ptpdk_hist_init(&g.lat);
	run();
	report();
	rte_eth_dev_stop(g.port);
	rte_eth_dev_close(g.port);
	free(g.cl);
	rte_eal_cleanup();
	return 0;
}
