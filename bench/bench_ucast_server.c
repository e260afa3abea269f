/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The unicast master's engine logic at scale (issue 15): N simulated clients
 * negotiate with one pure ptpdk_ptp_port (unicast_listen, inhibit_multicast_service,
 * MASTER, two-step), each asking for Announce, Sync and Delay_Resp at 1 Hz; then for
 * a simulated span each sends one Delay_Req a second while the port's ticks send
 * every client its Sync and Announce, and a Follow_Up when the Sync's TX stamp comes
 * back. No DPDK, no I/O: the port's send callback is the wire.
 *
 * Simulated time advances in engine steps of 1 ms, as the daemon's engine ticks at
 * most every millisecond: in each step the Delay_Req (and, in the first second, the
 * REQUESTs) of the clients whose phase falls in it are handed to the port, then the
 * port ticks, then the TX stamps of the Syncs sent in the step come back, as the
 * daemon's TX lcore reports them at the engine's next step at the earliest. Client i
 * acts at i/N of each second (its grants then), its Delay_Req half a second later.
 *
 * Every message the port sends is checked: unicast, to the right client's address,
 * of the right kind; a GRANT for that client's port identity with a duration; a
 * Follow_Up with the sequenceId of that client's last Sync; a Delay_Resp with that
 * client's identity and its Delay_Req's sequenceId. At the end each client's counts
 * are compared with what its schedule owes it. Mismatches are counted per kind.
 *
 * Figures: wall time per simulated second (so client-seconds per second of one
 * core), memory per client (grant table, wheel and the server's address table, as
 * sized, and the resident growth measured), the grant table's state and counters,
 * and percentiles of the port's work per Delay_Req (receipt to Delay_Resp handed to
 * send) and per message sent by a tick. With --encode each message sent is also
 * encoded (ptpdk_msg_encode), as the daemon's engine does before framing it.
 * Prints figures; never fails on a timing (exit 1 only when a response is wrong).
 *
 *   bench_ucast_server [--clients N] [--seconds S] [--encode] [--stamps-each]
 *
 * --stamps-each hands each Sync's TX stamp back right after the send, as if the
 * TX path answered inside the engine step (an upper bound on what the daemon does).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_clients.h"
#include "ptpdk_hist.h"
#include "ptpdk_msg.h"
#include "ptpdk_ptp_port.h"
#include "ptpdk_tsc.h"
#include "ptpdk_ucast_grants.h"
#include "ptpdk_ucast_wheel.h"

#define MS 1000000ull
#define S  (1000 * MS)

/* As in ptpdk_ucast_server.c: the wheel is sized for two items per client. */
#define WHEEL_SLOT_BITS 12

enum kind { K_GRANT, K_SYNC, K_FOLLOW_UP, K_ANNOUNCE, K_DELAY_RESP, K_COUNT };
static const char *const kind_name[K_COUNT] = { "grant", "sync", "follow_up", "announce",
						"delay_resp" };

/* What one client saw. */
struct client {
	uint32_t count[K_COUNT];
	uint16_t sync_seq; /* of its last Sync, whose Follow_Up is due */
	uint16_t dreq_seq; /* of its last Delay_Req */
	uint8_t fu_due;
	uint8_t dresp_due;
};

struct pending_stamp {
	uint16_t seq;
};

static struct {
	uint32_t n;
	struct client *cl;
	uint64_t wrong[K_COUNT]; /* right kind, wrong client, sequence or content */
	uint64_t strays;	 /* a kind nobody asked for, or not unicast */
	struct pending_stamp *stamps;
	uint32_t n_stamps, cap_stamps;
	bool encode;
	uint64_t encoded_bytes;
	uint64_t tick_sent; /* messages sent from inside a tick */
	bool in_tick;
	bool stamps_each;
	struct ptpdk_ptp_port *port;
	uint64_t now_ns;
} b;

static void client_addr(uint32_t i, struct ptpdk_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->transport = PTPDK_TRANSPORT_UDP6;
	bench_client_mac(i, a->mac);
	bench_client_ip(i, a->ip);
}

/* The client a unicast destination names, or UINT32_MAX when none of ours. */
static uint32_t client_of(const struct ptpdk_dest *dst)
{
	struct ptpdk_addr want;
	uint32_t i;

	if (dst->kind != PTPDK_DEST_UNICAST || dst->addr.transport != PTPDK_TRANSPORT_UDP6)
		return UINT32_MAX;
	i = (uint32_t)dst->addr.ip[12] << 24 | (uint32_t)dst->addr.ip[13] << 16 |
	    (uint32_t)dst->addr.ip[14] << 8 | dst->addr.ip[15];
	if (i >= b.n)
		return UINT32_MAX;
	client_addr(i, &want);
	return memcmp(&want, &dst->addr, sizeof(want)) == 0 ? i : UINT32_MAX;
}

static bool for_client(uint32_t i, const struct ptpdk_port_identity *id)
{
	struct ptpdk_port_identity want;

	bench_client_identity(i, &want);
	return memcmp(want.clock_identity, id->clock_identity, PTPDK_CLOCK_ID_LEN) == 0 &&
	       want.port_number == id->port_number;
}

static void stamp_now(uint16_t seq);

static int host_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		     const struct ptpdk_dest *dst, unsigned flags)
{
	uint32_t i = client_of(dst);
	struct client *c;

	(void)ctx;
	(void)port;
	if (b.encode) {
		uint8_t buf[PTPDK_MSG_MAX_LEN];
		int n = ptpdk_msg_encode(m, buf, sizeof(buf));

		if (n > 0)
			b.encoded_bytes += (uint64_t)n;
	}
	if (b.in_tick)
		b.tick_sent++;
	if (i == UINT32_MAX || !(m->header.flags & PTPDK_FLAG_UNICAST)) {
		b.strays++;
		return 0;
	}
	c = &b.cl[i];
	switch (m->header.message_type & 0xF) {
	case PTPDK_MSG_SIGNALING:
		if (m->tlv_count == 1 && m->tlvs[0].type == PTPDK_TLV_GRANT_UNICAST_TRANSMISSION &&
		    m->tlvs[0].u.unicast.duration > 0 &&
		    for_client(i, &m->body.targeted.target_port_identity))
			c->count[K_GRANT]++;
		else
			b.wrong[K_GRANT]++;
		break;
	case PTPDK_MSG_SYNC:
		if (!(flags & PTPDK_PTP_TX_WANT_TS) || !(m->header.flags & PTPDK_FLAG_TWO_STEP) ||
		    m->header.log_message_interval != 0) {
			b.wrong[K_SYNC]++;
			break;
		}
		c->count[K_SYNC]++;
		c->sync_seq = m->header.sequence_id;
		c->fu_due = 1;
		if (b.stamps_each) {
			stamp_now(m->header.sequence_id);
			break;
		}
		if (b.n_stamps < b.cap_stamps)
			b.stamps[b.n_stamps++].seq = m->header.sequence_id;
		break;
	case PTPDK_MSG_FOLLOW_UP:
		if (c->fu_due && c->sync_seq == m->header.sequence_id) {
			c->count[K_FOLLOW_UP]++;
			c->fu_due = 0;
		} else {
			b.wrong[K_FOLLOW_UP]++;
		}
		break;
	case PTPDK_MSG_ANNOUNCE:
		c->count[K_ANNOUNCE]++;
		break;
	case PTPDK_MSG_DELAY_RESP:
		if (c->dresp_due && c->dreq_seq == m->header.sequence_id &&
		    for_client(i, &m->body.response.requesting_port_identity)) {
			c->count[K_DELAY_RESP]++;
			c->dresp_due = 0;
		} else {
			b.wrong[K_DELAY_RESP]++;
		}
		break;
	default:
		b.strays++;
		break;
	}
	return 0;
}

/* The Sync's TX stamp, as the TX path would report it: the send time. */
static void stamp_now(uint16_t seq)
{
	struct ptpdk_tmv t = ptpdk_tmv_from_ns((int64_t)b.now_ns);

	ptpdk_ptp_port_tx_stamp(b.port, PTPDK_MSG_SYNC, seq, &t, b.now_ns);
}

static void host_log(void *ctx, enum ptpdk_ptp_log_level level, const char *line)
{
	(void)ctx;
	(void)level;
	(void)line;
}

static void host_state(void *ctx, unsigned port, enum ptpdk_port_state from,
		       enum ptpdk_port_state to, enum ptpdk_port_event ev)
{
	(void)ctx, (void)port, (void)from, (void)to, (void)ev;
}

static void host_announce(void *ctx, unsigned port, uint64_t now_ns)
{
	(void)ctx, (void)port, (void)now_ns;
}

static void host_offset(void *ctx, unsigned port, struct ptpdk_ptp_sample *s,
			const struct ptpdk_servo_sample *in)
{
	(void)ctx, (void)port, (void)s, (void)in;
}

static void host_interval(void *ctx, unsigned port, double seconds)
{
	(void)ctx, (void)port, (void)seconds;
}

static void host_peer_delay(void *ctx, unsigned port, int64_t delay_ns)
{
	(void)ctx, (void)port, (void)delay_ns;
}

static void host_announce_data(void *ctx, unsigned port, struct ptpdk_ptp_announce_data *out)
{
	(void)ctx;
	(void)port;
	memset(out, 0, sizeof(*out));
	out->gm_priority1 = 128;
	out->gm_priority2 = 128;
	out->gm_quality.clock_class = 248;
	out->gm_quality.clock_accuracy = 0xFE;
	out->gm_quality.offset_scaled_log_variance = 0xFFFF;
	out->gm_identity[0] = 0x02;
	out->time_source = 0xA0;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * S + (uint64_t)ts.tv_nsec;
}

/* CPU time this thread got: on a shared machine, the wall time less what others took. */
static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * S + (uint64_t)ts.tv_nsec;
}

/* Resident memory, KiB (VmRSS), or 0. */
static long rss_kib(void)
{
	char line[256];
	long kib = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* The client's phase in each second: i/N of it. */
static uint64_t phase_ns(uint32_t i)
{
	return (uint64_t)i * S / b.n;
}

static void request(uint32_t i, uint8_t type, uint64_t now)
{
	struct ptpdk_addr a;
	struct ptpdk_msg m;

	client_addr(i, &a);
	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_SIGNALING;
	m.header.version = 2;
	m.header.flags = PTPDK_FLAG_UNICAST;
	bench_client_identity(i, &m.header.source_port_identity);
	memset(&m.body.targeted.target_port_identity, 0xFF,
	       sizeof(m.body.targeted.target_port_identity));
	m.tlv_count = 1;
	m.tlvs[0].type = PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION;
	m.tlvs[0].u.unicast.message_type = type;
	m.tlvs[0].u.unicast.log_inter_message_period = 0;
	m.tlvs[0].u.unicast.duration = 3600;
	ptpdk_ptp_port_rx_from(b.port, &m, NULL, &a, now);
}

static void delay_req(uint32_t i, uint64_t now, struct ptpdk_hist *h)
{
	struct client *c = &b.cl[i];
	struct ptpdk_tmv t4 = ptpdk_tmv_from_ns((int64_t)now);
	struct ptpdk_addr a;
	struct ptpdk_msg m;
	uint64_t t0;

	client_addr(i, &a);
	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_DELAY_REQ;
	m.header.version = 2;
	m.header.flags = PTPDK_FLAG_UNICAST;
	bench_client_identity(i, &m.header.source_port_identity);
	m.header.sequence_id = ++c->dreq_seq;
	c->dresp_due = 1;
	t0 = ptpdk_tsc_read();
	ptpdk_ptp_port_rx_from(b.port, &m, &t4, &a, now);
	ptpdk_hist_record(h, (int64_t)(ptpdk_tsc_read() - t0));
}

static void deliver_stamps(uint64_t now)
{
	b.now_ns = now;
	for (uint32_t k = 0; k < b.n_stamps; k++)
		stamp_now(b.stamps[k].seq);
	b.n_stamps = 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_ucast_server [--clients N] [--seconds S] [--encode] "
			"[--stamps-each]\n");
}

static struct ptpdk_hist h_dreq, h_tick;

int main(int argc, char **argv)
{
	static const struct option opts[] = { { "clients", required_argument, NULL, 'n' },
					      { "seconds", required_argument, NULL, 's' },
					      { "encode", no_argument, NULL, 'e' },
					      { "stamps-each", no_argument, NULL, 'i' },
					      { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };
	struct ptpdk_ptp_port_host host = {
		.send = host_send,
		.log = host_log,
		.state_changed = host_state,
		.announce = host_announce,
		.offset = host_offset,
		.sync_interval = host_interval,
		.peer_delay = host_peer_delay,
		.announce_data = host_announce_data,
	};
	struct ptpdk_ptp_port_params pp;
	const struct ptpdk_ucast_grants *g;
	const struct ptpdk_ucast_grants_counters *gc;
	const struct ptpdk_ptp_port_counters *pc;
	unsigned seconds = 10;
	unsigned long n_arg = 100000;
	uint64_t expected[K_COUNT] = { 0 }, got[K_COUNT] = { 0 }, short_of[K_COUNT] = { 0 };
	uint64_t wall0, wall_span0, wall1, tsc0, tsc1, end_ns, ticks_total = 0, cpu0 = 0, cpu1;
	size_t gsize, wsize, dsize;
	long rss0, rss1;
	uint32_t next_client = 0;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			n_arg = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seconds = (unsigned)strtoul(optarg, NULL, 0);
			break;
		case 'e':
			b.encode = true;
			break;
		case 'i':
			b.stamps_each = true;
			break;
		default:
			usage();
			return c == 'h' ? 0 : 2;
		}
	}
	if (n_arg == 0 || n_arg > PTPDK_UCAST_MAX_CLIENTS || seconds == 0) {
		usage();
		return 2;
	}
	b.n = (uint32_t)n_arg;
	b.cl = calloc(b.n, sizeof(*b.cl));
	b.cap_stamps = b.n + 4096;
	b.stamps = calloc(b.cap_stamps, sizeof(*b.stamps));
	if (!b.cl || !b.stamps) {
		fprintf(stderr, "bench_ucast_server: out of memory\n");
		return 2;
	}
	ptpdk_hist_init(&h_dreq);
	ptpdk_hist_init(&h_tick);

	memset(&pp, 0, sizeof(pp));
	pp.cfg.name = "bench";
	pp.cfg.delay_mechanism = PTPDK_DELAY_E2E;
	pp.cfg.announce_receipt_timeout = 3;
	pp.cfg.delay_filter_length = 1;
	pp.cfg.ucast_server = true;
	pp.cfg.inhibit_multicast_service = true;
	pp.cfg.ucast_limits.max_clients = b.n;
	pp.cfg.ucast_limits.max_duration_s = 86400;
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		pp.cfg.ucast_limits.min_log_period[k] = -7;
		pp.cfg.ucast_limits.max_log_period[k] = 7;
	}
	pp.clock_identity[0] = 0x02;
	pp.clock_identity[7] = 0x01;
	pp.seed = 1;
	gsize = ptpdk_ucast_grants_size(b.n);
	wsize = ptpdk_ucast_wheel_size(2 * b.n, WHEEL_SLOT_BITS);
	dsize = (size_t)b.n * sizeof(struct ptpdk_addr);

	/* The bench's own tables resident before the baseline. */
	memset(b.cl, 0, (size_t)b.n * sizeof(*b.cl));
	memset(b.stamps, 0, (size_t)b.cap_stamps * sizeof(*b.stamps));
	rss0 = rss_kib();
	b.port = ptpdk_ptp_port_create(&pp, &host);
	if (!b.port) {
		fprintf(stderr, "bench_ucast_server: port: %s\n", strerror(errno));
		return 2;
	}
	ptpdk_ptp_port_event(b.port, PTPDK_EV_INIT_COMPLETE, false, 0);
	ptpdk_ptp_port_recommend_master(b.port, 0, 0);
	if (ptpdk_ptp_port_state(b.port) != PTPDK_PS_MASTER) {
		fprintf(stderr, "bench_ucast_server: port is not MASTER\n");
		return 2;
	}

	/* Second 0: the negotiation, each client at its phase; seconds 1..S: the span.
	 * Every Delay_Req at phase + 0.5 s, from 1.5 s on. */
	end_ns = (uint64_t)(seconds + 1) * S;
	wall0 = mono_ns();
	wall_span0 = 0;
	tsc0 = 0;
	for (uint64_t t = 0; t < end_ns; t += MS) {
		uint64_t step_end = t + MS, next = UINT64_MAX, k0;

		if (t == S) {
			cpu0 = cpu_ns();
			wall_span0 = mono_ns();
			tsc0 = ptpdk_tsc_read();
		}
		if (t < S) {
			for (; next_client < b.n && phase_ns(next_client) < step_end;
			     next_client++) {
				uint64_t at = phase_ns(next_client);

				request(next_client, PTPDK_MSG_ANNOUNCE, at);
				request(next_client, PTPDK_MSG_SYNC, at);
				request(next_client, PTPDK_MSG_DELAY_RESP, at);
			}
		} else {
			/* Clients whose phase + 0.5 s falls in [t, t + 1 ms). */
			uint64_t in_s = (t + S / 2) % S, from, to;

			from = (in_s * b.n + S - 1) / S;
			to = ((in_s + MS) * b.n + S - 1) / S;
			if (to > b.n)
				to = b.n;
			for (uint64_t i = from; i < to; i++)
				delay_req((uint32_t)i, t + phase_ns((uint32_t)i) - in_s, &h_dreq);
		}
		b.now_ns = step_end;
		b.in_tick = true;
		k0 = b.tick_sent;
		{
			uint64_t a = ptpdk_tsc_read(), sent;

			ptpdk_ptp_port_tick(b.port, step_end, &next);
			sent = b.tick_sent - k0;
			if (sent)
				ptpdk_hist_record_n(&h_tick,
						    (int64_t)((ptpdk_tsc_read() - a) / sent), sent);
		}
		b.in_tick = false;
		ticks_total++;
		deliver_stamps(step_end);
	}
	wall1 = mono_ns();
	cpu1 = cpu_ns();
	tsc1 = ptpdk_tsc_read();
	rss1 = rss_kib();

	/* What each client's schedule owes it: Announce and Sync at phase + k s for every
	 * k with phase + k s at or before the last tick; a Follow_Up per Sync; a
	 * Delay_Resp per Delay_Req; three grants. */
	for (uint32_t i = 0; i < b.n; i++) {
		/* Granted at its phase, due then and every second after, each taken by
		 * the first tick at or after it; the last tick is at end_ns. */
		uint64_t per = (end_ns - phase_ns(i)) / S + 1;
		uint64_t want[K_COUNT] = { 3, per, per, per, b.cl[i].dreq_seq };

		for (unsigned k = 0; k < K_COUNT; k++) {
			expected[k] += want[k];
			got[k] += b.cl[i].count[k];
			if (b.cl[i].count[k] != want[k])
				short_of[k]++;
		}
	}

	{
		double span_s = (double)(wall1 - wall_span0) * 1e-9;
		double hz = (double)(tsc1 - tsc0) / span_s;
		double per_sim_s = span_s / seconds;
		uint64_t msgs = 0;
		bool ok = b.strays == 0;

		g = ptpdk_ptp_port_ucast_server(b.port)
			    ? ptpdk_ucast_server_grants(ptpdk_ptp_port_ucast_server(b.port))
			    : NULL;
		gc = g ? ptpdk_ucast_grants_counters(g) : NULL;
		pc = ptpdk_ptp_port_counters(b.port);
		for (unsigned k = 0; k < K_COUNT; k++)
			msgs += k == K_GRANT ? 0 : got[k];
		printf("bench_ucast_server: %u clients, %u simulated s after 1 s of negotiation, "
		       "engine steps of 1 ms, TX stamps %s%s\n",
		       b.n, seconds, b.stamps_each ? "at each send" : "after each step",
		       b.encode ? ", every message encoded" : "");
		printf("  negotiation (1 simulated s, %u x 3 requests): %.3f s wall\n", b.n,
		       (double)(wall_span0 - wall0) * 1e-9);
		printf("  span: %.3f s wall for %u simulated s: %.3f s per simulated s\n", span_s,
		       seconds, per_sim_s);
		printf("  CPU time in the span: %.3f s (%.0f %% of the wall time: the rest went to "
		       "other processes): %.3f s per simulated s\n",
		       (double)(cpu1 - cpu0) * 1e-9, 100.0 * (double)(cpu1 - cpu0) * 1e-9 / span_s,
		       (double)(cpu1 - cpu0) * 1e-9 / seconds);
		printf("  => %.0f clients at 1 Hz per core of CPU time (%.0f per core of wall "
		       "time; "
		       "Sync+Follow_Up+Announce+Delay_Resp out, Delay_Req in)\n",
		       (double)b.n * seconds / ((double)(cpu1 - cpu0) * 1e-9),
		       (double)b.n / per_sim_s);
		printf("  messages out (negotiation and span, GRANTs not counted): %" PRIu64
		       " (%.2f M/s of wall time)\n",
		       msgs, (double)msgs / ((double)(wall1 - wall0) * 1e-9) * 1e-6);
		printf("  %-11s %14s %14s %14s %12s\n", "kind", "expected", "received", "wrong",
		       "clients off");
		for (unsigned k = 0; k < K_COUNT; k++) {
			printf("  %-11s %14" PRIu64 " %14" PRIu64 " %14" PRIu64 " %12" PRIu64 "\n",
			       kind_name[k], expected[k], got[k], b.wrong[k], short_of[k]);
			if (b.wrong[k] || short_of[k])
				ok = false;
		}
		printf("  strays (not unicast to a client, or a kind not asked for): %" PRIu64 "\n",
		       b.strays);
		printf("  memory: grant table %zu B (%.1f B/client), wheel %zu B (%.1f B/client), "
		       "addresses %zu B (%.1f B/client): %.1f B/client as sized\n",
		       gsize, (double)gsize / b.n, wsize, (double)wsize / b.n, dsize,
		       (double)dsize / b.n, (double)(gsize + wsize + dsize) / b.n);
		printf("  resident growth from the port's creation to the end: %ld KiB (%.1f "
		       "B/client)\n",
		       rss1 - rss0, (double)(rss1 - rss0) * 1024 / b.n);
		if (g && gc)
			printf("  grant table: %u clients, %.1f packets/s committed; requests "
			       "%" PRIu64 " granted %" PRIu64 " renewed %" PRIu64 " denied %" PRIu64
			       " expired %" PRIu64 "\n",
			       ptpdk_ucast_grants_clients(g),
			       (double)ptpdk_ucast_grants_committed_x128(g) / 128, gc->requests,
			       gc->granted, gc->renewed,
			       gc->denied[0] + gc->denied[1] + gc->denied[2] + gc->denied[3] +
				       gc->denied[4],
			       gc->expired);
		printf("  port: tx %" PRIu64 " tx_failed %" PRIu64 " sync %" PRIu64
		       " follow_up %" PRIu64 " announce %" PRIu64 " delay_resp %" PRIu64 "\n",
		       pc->tx, pc->tx_failed, pc->sync_sent, pc->follow_up_sent, pc->announce_sent,
		       pc->delay_resp_sent);
		printf("  per Delay_Req (receipt to Delay_Resp sent), ns: p50 %.0f p99 %.0f p99.9 "
		       "%.0f max %.0f (%" PRIu64 " samples)\n",
		       (double)ptpdk_hist_percentile(&h_dreq, 50) * 1e9 / hz,
		       (double)ptpdk_hist_percentile(&h_dreq, 99) * 1e9 / hz,
		       (double)ptpdk_hist_percentile(&h_dreq, 99.9) * 1e9 / hz,
		       (double)ptpdk_hist_max(&h_dreq) * 1e9 / hz, ptpdk_hist_count(&h_dreq));
		printf("  per message sent by a tick (tick time / its messages), ns: p50 %.0f p99 "
		       "%.0f p99.9 %.0f (%" PRIu64 " messages, %" PRIu64 " ticks)\n",
		       (double)ptpdk_hist_percentile(&h_tick, 50) * 1e9 / hz,
		       (double)ptpdk_hist_percentile(&h_tick, 99) * 1e9 / hz,
		       (double)ptpdk_hist_percentile(&h_tick, 99.9) * 1e9 / hz,
		       ptpdk_hist_count(&h_tick), ticks_total);
		printf("  TSC %.0f Hz (measured over the span)%s\n", hz,
		       b.encode ? "" : "; messages not encoded (--encode adds the codec)");
		printf("  responses: %s\n", ok ? "all right" : "SOME WRONG OR MISSING");
		ptpdk_ptp_port_destroy(b.port);
		free(b.cl);
		free(b.stamps);
		return ok ? 0 : 1;
	}
}
