/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A PTP port on its own, with a fake clock behind struct ptpdk_ptp_port_host, and
 * a two-port clock. Asserts what the split into clock and ports promises: each port
 * validates and applies its own configuration (a peer-delay threshold on one port
 * does not drop another port's measurements), a port reports to its clock only
 * through the host table, and in a two-port clock the port that hears the master
 * follows it, sends its Delay_Req on its own index, while the other keeps listening
 * and counts the Syncs it hears as not from its parent. Unicast client, unicast
 * master and hybrid_e2e ports send each message to the destination kind they promise.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ptpdk_counter_sim.h"
#include "ptpdk_ptp_clock.h"
#include "ptpdk_ptp_port.h"
#include "ptpdk_vclock.h"

#define US 1000ull
#define MS (1000 * US)
#define S  (1000 * MS)

struct fake_clock {
	unsigned sends, announces, offsets, peer_delays, state_changes;
	unsigned last_send_port;
	struct ptpdk_msg last_sent;
	unsigned last_flags;
	struct ptpdk_dest last_dst;
	enum ptpdk_port_state last_to;
};

static int fake_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		     const struct ptpdk_dest *dst, unsigned flags)
{
	struct fake_clock *f = ctx;

	f->sends++;
	f->last_send_port = port;
	f->last_sent = *m;
	f->last_flags = flags;
	f->last_dst = *dst;
	return 0;
}

static void fake_log(void *ctx, enum ptpdk_ptp_log_level level, const char *line)
{
	(void)ctx;
	(void)level;
	(void)line;
}

static void fake_state(void *ctx, unsigned port, enum ptpdk_port_state from,
		       enum ptpdk_port_state to, enum ptpdk_port_event ev)
{
	struct fake_clock *f = ctx;

	(void)port;
	(void)from;
	(void)ev;
	f->state_changes++;
	f->last_to = to;
}

static void fake_announce(void *ctx, unsigned port, uint64_t now_ns)
{
	(void)port;
	(void)now_ns;
	((struct fake_clock *)ctx)->announces++;
}

static void fake_offset(void *ctx, unsigned port, struct ptpdk_ptp_sample *s,
			const struct ptpdk_servo_sample *in)
{
	(void)port;
	(void)s;
	(void)in;
	((struct fake_clock *)ctx)->offsets++;
}

static void fake_interval(void *ctx, unsigned port, double seconds)
{
	(void)ctx;
	(void)port;
	(void)seconds;
}

static void fake_peer_delay(void *ctx, unsigned port, int64_t delay_ns)
{
	(void)port;
	(void)delay_ns;
	((struct fake_clock *)ctx)->peer_delays++;
}

static void fake_announce_data(void *ctx, unsigned port, struct ptpdk_ptp_announce_data *out)
{
	(void)ctx;
	(void)port;
	memset(out, 0, sizeof(*out));
	out->gm_priority1 = 1;
}

static struct ptpdk_ptp_port_host fake_host(struct fake_clock *f)
{
	struct ptpdk_ptp_port_host h = {
		.send = fake_send,
		.log = fake_log,
		.state_changed = fake_state,
		.announce = fake_announce,
		.offset = fake_offset,
		.sync_interval = fake_interval,
		.peer_delay = fake_peer_delay,
		.announce_data = fake_announce_data,
		.ctx = f,
	};
	return h;
}

static void p2p_params(struct ptpdk_ptp_port_params *pp, unsigned index, int64_t thresh_ns)
{
	memset(pp, 0, sizeof(*pp));
	pp->cfg.name = "p";
	pp->cfg.delay_mechanism = PTPDK_DELAY_P2P;
	pp->cfg.announce_receipt_timeout = 3;
	pp->cfg.delay_filter_length = 1;
	pp->cfg.neighbor_prop_delay_thresh_ns = thresh_ns;
	pp->index = index;
	pp->clock_identity[7] = 0x42;
	pp->slave_only = true;
	pp->seed = 1;
}

static void put_ts(struct ptpdk_msg *m, int64_t ns)
{
	CHECK_EQ_INT(ptpdk_tmv_to_wire_ts(ptpdk_tmv_from_ns(ns), &m->body.response.timestamp), 0);
}

/* One peer-delay exchange with a link delay of exactly @p delay_ns. */
static void pdelay_exchange(struct ptpdk_ptp_port *p, struct fake_clock *f, int64_t delay_ns,
			    uint64_t now)
{
	const int64_t t1 = 1000000000, t2 = 5000000000, turnaround = 3000;
	struct ptpdk_tmv t1v = ptpdk_tmv_from_ns(t1);
	struct ptpdk_tmv t4v = ptpdk_tmv_from_ns(t1 + 2 * delay_ns + turnaround);
	struct ptpdk_msg resp, fup;
	uint64_t next = now + S;
	uint16_t seq;

	f->sends = 0;
	ptpdk_ptp_port_tick(p, now, &next);
	CHECK_EQ_INT(f->sends, 1);
	CHECK_EQ_INT(f->last_sent.header.message_type, PTPDK_MSG_PDELAY_REQ);
	CHECK_EQ_INT(f->last_dst.kind, PTPDK_DEST_PEER);
	seq = f->last_sent.header.sequence_id;
	ptpdk_ptp_port_tx_stamp(p, PTPDK_MSG_PDELAY_REQ, seq, &t1v, now);
	memset(&resp, 0, sizeof(resp));
	resp.header.message_type = PTPDK_MSG_PDELAY_RESP;
	resp.header.version = 2;
	resp.header.flags = PTPDK_FLAG_TWO_STEP;
	resp.header.sequence_id = seq;
	resp.header.source_port_identity.clock_identity[7] = 0x77;
	resp.header.source_port_identity.port_number = 1;
	resp.body.response.requesting_port_identity = f->last_sent.header.source_port_identity;
	put_ts(&resp, t2);
	fup = resp;
	fup.header.message_type = PTPDK_MSG_PDELAY_RESP_FOLLOW_UP;
	fup.header.flags = 0;
	put_ts(&fup, t2 + turnaround);
	ptpdk_ptp_port_rx(p, &resp, &t4v, now);
	ptpdk_ptp_port_rx(p, &fup, NULL, now);
}

static void test_per_port_threshold(void)
{
	struct fake_clock fa = { 0 }, fb = { 0 };
	struct ptpdk_ptp_port_host ha = fake_host(&fa), hb = fake_host(&fb);
	struct ptpdk_ptp_port_params pa, pb;
	struct ptpdk_ptp_port *a, *b;

	p2p_params(&pa, 0, 0);	  /* no limit */
	p2p_params(&pb, 1, 1000); /* 1 us */
	a = ptpdk_ptp_port_create(&pa, &ha);
	b = ptpdk_ptp_port_create(&pb, &hb);
	CHECK(a && b);
	if (!a || !b)
		return;
	ptpdk_ptp_port_event(a, PTPDK_EV_INIT_COMPLETE, false, 0);
	ptpdk_ptp_port_event(b, PTPDK_EV_INIT_COMPLETE, false, 0);
	CHECK_EQ_INT(ptpdk_ptp_port_state(a), PTPDK_PS_LISTENING);
	CHECK_EQ_INT(fa.state_changes, 1);
	CHECK_EQ_INT(fa.last_to, PTPDK_PS_LISTENING);
	pdelay_exchange(a, &fa, 2000, 0);
	pdelay_exchange(b, &fb, 2000, 0);
	CHECK_EQ_INT(ptpdk_ptp_port_p2p_counters(a)->samples, 1);
	CHECK_EQ_INT(ptpdk_ptp_port_p2p_counters(b)->samples, 0);
	CHECK_EQ_INT(ptpdk_ptp_port_p2p_counters(b)->discard[PTPDK_P2P_DISCARD_TOO_BIG], 1);
	/* Not following a parent: the link delay stays with the port. */
	CHECK_EQ_INT(fa.peer_delays, 0);
	CHECK(ptpdk_ptp_port_e2e_counters(a) == NULL);
	/* The identity's port number is index + 1. */
	{
		struct ptpdk_port_identity id;

		ptpdk_ptp_port_identity(b, &id);
		CHECK_EQ_INT(id.port_number, 2);
		CHECK_EQ_INT(id.clock_identity[7], 0x42);
	}
	ptpdk_ptp_port_destroy(a);
	ptpdk_ptp_port_destroy(b);
}

static void test_port_refusals(void)
{
	struct fake_clock f = { 0 };
	struct ptpdk_ptp_port_host h = fake_host(&f);
	struct ptpdk_ptp_port_params pp;

	p2p_params(&pp, 0, 0);
	pp.cfg.delay_filter_length = 0;
	CHECK(ptpdk_ptp_port_create(&pp, &h) == NULL && errno == EINVAL);
	p2p_params(&pp, 0, -1);
	CHECK(ptpdk_ptp_port_create(&pp, &h) == NULL && errno == EINVAL);
	p2p_params(&pp, 0, 0);
	h.peer_delay = NULL; /* every host member is required */
	CHECK(ptpdk_ptp_port_create(&pp, &h) == NULL && errno == EINVAL);
}

/* ------------------------------------------------------------ a two-port clock */

struct two {
	unsigned delay_reqs[2], samples;
};

static int two_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		    const struct ptpdk_dest *dst, unsigned flags)
{
	struct two *t = ctx;

	(void)flags;
	CHECK_EQ_INT(dst->kind, PTPDK_DEST_PRIMARY); /* E2E: the primary group only */
	CHECK(port < 2);
	if (port < 2 && m->header.message_type == PTPDK_MSG_DELAY_REQ) {
		t->delay_reqs[port]++;
		CHECK_EQ_INT(m->header.source_port_identity.port_number, port + 1);
	}
	return 0;
}

static void two_sample(void *ctx, const struct ptpdk_ptp_sample *s)
{
	(void)s;
	((struct two *)ctx)->samples++;
}

static void two_state(void *ctx, unsigned port, enum ptpdk_port_state from,
		      enum ptpdk_port_state to, enum ptpdk_port_event ev)
{
	(void)ctx;
	(void)port;
	(void)from;
	(void)to;
	(void)ev;
}

static void gm_header(struct ptpdk_msg *m, uint8_t type, uint16_t seq)
{
	memset(m, 0, sizeof(*m));
	m->header.message_type = type;
	m->header.version = 2;
	m->header.sequence_id = seq;
	m->header.source_port_identity.clock_identity[7] = 0x01;
	m->header.source_port_identity.port_number = 1;
}

/* A PTP clock on a simulated oscillator, its ops counting into @p t. */
struct engine {
	struct ptpdk_counter_sim *osc;
	struct ptpdk_clock *clock;
	struct ptpdk_ptp_clock *ptp;
};

static void engine_close(struct engine *e);

static bool engine_open(struct engine *e, const struct ptpdk_ptp_clock_config *cfg, struct two *t)
{
	struct ptpdk_vclock_config vc = { .source = PTPDK_TS_NIC_TICKS, .name = "test" };
	struct ptpdk_ptp_clock_ops ops = {
		.send = two_send, .sample = two_sample, .state = two_state, .ctx = t
	};

	memset(e, 0, sizeof(*e));
	e->osc = ptpdk_counter_sim_create(64, 1000000000ull, 0);
	CHECK(e->osc != NULL);
	if (!e->osc)
		return false;
	ptpdk_counter_sim_counter(e->osc, &vc.counter);
	e->clock = ptpdk_vclock_create(&vc);
	CHECK(e->clock != NULL);
	e->ptp = e->clock ? ptpdk_ptp_clock_create(cfg, e->clock, &ops) : NULL;
	CHECK(e->ptp != NULL);
	if (!e->ptp)
		engine_close(e); /* what was made, nothing more */
	return e->ptp != NULL;
}

static void engine_close(struct engine *e)
{
	ptpdk_ptp_clock_destroy(e->ptp);
	ptpdk_clock_destroy(e->clock);
	ptpdk_counter_sim_destroy(e->osc);
}

static void test_two_port_clock(void)
{
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_ptp_clock_status st;
	struct two t = { { 0 }, 0 };
	struct ptpdk_ptp_clock *ptp;
	struct ptpdk_clock *clock;
	struct engine e;
	uint64_t now = 0;

	ptpdk_ptp_clock_config_init(&cfg);
	cfg.n_ports = 2;
	cfg.ports[0].name = "a";
	cfg.ports[1].name = "b";
	cfg.ports[1].log_announce_interval = 0;
	cfg.ports[1].log_min_delay_req_interval = -3;
	cfg.clock_identity[7] = 0x99;
	if (!engine_open(&e, &cfg, &t))
		return;
	ptp = e.ptp;
	clock = e.clock;
	/* A grandmaster on port 2 only: Announces, then Syncs (one-step). */
	for (unsigned i = 0; i < 40; i++, now += S / 8) {
		struct ptpdk_msg m;
		struct ptpdk_tmv rx;

		ptpdk_ptp_clock_tick(ptp, now);
		if (i % 8 == 0) {
			gm_header(&m, PTPDK_MSG_ANNOUNCE, (uint16_t)i);
			m.body.announce.grandmaster_priority1 = 100;
			m.body.announce.grandmaster_identity[7] = 0x01;
			m.body.announce.grandmaster_clock_quality.clock_class = 6;
			ptpdk_ptp_clock_rx(ptp, 1, &m, NULL, now);
		}
		gm_header(&m, PTPDK_MSG_SYNC, (uint16_t)i);
		CHECK_EQ_INT(ptpdk_clock_gettime(clock, &rx), 0);
		CHECK_EQ_INT(ptpdk_tmv_to_wire_ts(ptpdk_tmv_from_ns((int64_t)now + 1000),
						  &m.body.timestamp.timestamp),
			     0);
		ptpdk_ptp_clock_rx(ptp, 1, &m, &rx, now);
		ptpdk_ptp_clock_rx(ptp, 0, &m, &rx, now); /* port 1 has no parent */
	}
	ptpdk_ptp_clock_status(ptp, now, &st);
	CHECK(st.have_parent);
	CHECK_EQ_INT(st.parent_port, 1);
	CHECK_EQ_INT(st.port_state[0], PTPDK_PS_LISTENING);
	CHECK(st.port_state[1] == PTPDK_PS_UNCALIBRATED || st.port_state[1] == PTPDK_PS_SLAVE);
	CHECK_EQ_INT(t.delay_reqs[0], 0);
	CHECK(t.delay_reqs[1] > 0);
	/* No Delay_Resp in this world, so no offset yet: the path delay is unknown. */
	CHECK_EQ_INT(t.samples, 0);
	CHECK_EQ_INT(ptpdk_ptp_clock_port_counters(ptp, 0)->not_from_parent, 40);
	/* Port 2: only the Syncs before the second Announce qualified the master (9.3.2.5). */
	CHECK_EQ_INT(ptpdk_ptp_clock_port_counters(ptp, 1)->not_from_parent, 8);
	CHECK(ptpdk_ptp_clock_port_counters(ptp, 1)->tx >= t.delay_reqs[1]);
	CHECK_EQ_INT(ptpdk_ptp_clock_port_counters(ptp, 0)->tx, 0);
	CHECK(ptpdk_ptp_clock_port_counters(ptp, 2) == NULL);
	engine_close(&e);
}

static void announce_from(struct ptpdk_ptp_clock *ptp, uint8_t id, uint8_t priority1, uint16_t seq,
			  uint64_t now)
{
	struct ptpdk_msg m;

	gm_header(&m, PTPDK_MSG_ANNOUNCE, seq);
	m.header.source_port_identity.clock_identity[7] = id;
	m.body.announce.grandmaster_priority1 = priority1;
	m.body.announce.grandmaster_identity[7] = id;
	m.body.announce.grandmaster_clock_quality.clock_class = 6;
	ptpdk_ptp_clock_rx(ptp, 0, &m, NULL, now);
}

/*
 * The parent stops; the other master's next Announce arrives after the parent's
 * announce timeout but before the engine's next tick. The parent must end by the
 * announce receipt timeout (counted, logged) and not silently by the expiry of its
 * foreign record in the state decision that Announce triggers (a lab run saw that).
 */
static void test_parent_timeout_before_tick(void)
{
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_ptp_clock_status st;
	struct ptpdk_ptp_clock *ptp;
	struct two t = { { 0 }, 0 };
	struct engine e;
	uint64_t now = 0;

	ptpdk_ptp_clock_config_init(&cfg);
	cfg.ports[0].log_announce_interval = 0; /* timeout 3 s */
	if (!engine_open(&e, &cfg, &t))
		return;
	ptp = e.ptp;
	ptpdk_ptp_clock_tick(ptp, now);
	for (uint16_t i = 0; i < 3; i++, now += S) {
		announce_from(ptp, 1, 100, i, now); /* the better one */
		announce_from(ptp, 2, 120, i, now + S / 2);
		ptpdk_ptp_clock_tick(ptp, now + S / 2);
	}
	ptpdk_ptp_clock_status(ptp, now, &st);
	CHECK(st.have_parent && st.parent.gm_identity[7] == 1);
	/* Master 1's last Announce was at 2 s; 5.2 s is past its timeout, no tick since. */
	announce_from(ptp, 2, 120, 3, 3 * S + S / 2);
	announce_from(ptp, 2, 120, 4, 5 * S + S / 5);
	ptpdk_ptp_clock_status(ptp, 5 * S + S / 5, &st);
	CHECK(st.have_parent && st.parent.gm_identity[7] == 2);
	CHECK_EQ_INT(st.counters.announce_timeouts, 1);
	CHECK_EQ_INT(st.counters.master_changes, 2);
	engine_close(&e);
}

/* A unicast client port: it asks its table's master for Announce by Signaling, takes
 * the grant, follows the master once the BMCA would, asks for Sync and Delay_Resp,
 * and sends its Delay_Req to the master by unicast with the unicastFlag. */
static void test_unicast_client(void)
{
	struct fake_clock f = { 0 };
	struct ptpdk_ptp_port_host h = fake_host(&f);
	struct ptpdk_ptp_port_params pp;
	const struct ptpdk_foreign_master *best;
	struct ptpdk_ptp_port *p;
	struct ptpdk_addr gm_addr, other;
	struct ptpdk_msg ann, sig, sync;
	struct ptpdk_tmv t2 = ptpdk_tmv_from_ns(5 * (int64_t)S);
	uint64_t next;

	memset(&gm_addr, 0, sizeof(gm_addr));
	gm_addr.transport = PTPDK_TRANSPORT_UDP4;
	gm_addr.ip[0] = 198, gm_addr.ip[1] = 18, gm_addr.ip[3] = 11;
	gm_addr.mac[5] = 0x11;
	other = gm_addr;
	other.ip[3] = 12;
	memset(&pp, 0, sizeof(pp));
	pp.cfg.name = "u";
	pp.cfg.delay_mechanism = PTPDK_DELAY_E2E;
	pp.cfg.announce_receipt_timeout = 3;
	pp.cfg.delay_filter_length = 1;
	pp.cfg.log_announce_interval = 1;
	pp.cfg.ucast_client = true;
	pp.cfg.ucast.client = (struct ptpdk_ucast_client_config){ .log_query_interval = 0,
								  .req_duration_s = 60,
								  .log_announce_period = 1,
								  .log_sync_period = -3,
								  .log_delay_period = 0 };
	pp.cfg.ucast.masters[0] = gm_addr;
	pp.cfg.ucast.n_masters = 1;
	pp.clock_identity[7] = 0x42;
	pp.slave_only = true;
	pp.seed = 1;
	p = ptpdk_ptp_port_create(&pp, &h);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(ptpdk_ptp_port_ucast(p) != NULL);
	ptpdk_ptp_port_event(p, PTPDK_EV_INIT_COMPLETE, false, 0);
	next = S;
	ptpdk_ptp_port_tick(p, 0, &next);
	CHECK_EQ_INT(f.sends, 1);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_SIGNALING);
	CHECK(f.last_sent.header.flags & PTPDK_FLAG_UNICAST);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_UNICAST);
	CHECK(memcmp(&f.last_dst.addr, &gm_addr, sizeof(gm_addr)) == 0);
	CHECK_EQ_INT(f.last_sent.tlv_count, 1);
	CHECK_EQ_INT(f.last_sent.tlvs[0].type, PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(f.last_sent.tlvs[0].u.unicast.message_type, PTPDK_MSG_ANNOUNCE);

	/* The master grants and announces; from another address nothing is taken. */
	sig = f.last_sent;
	sig.header.source_port_identity.clock_identity[7] = 0x11;
	sig.header.source_port_identity.port_number = 1;
	sig.body.targeted.target_port_identity = f.last_sent.header.source_port_identity;
	sig.tlvs[0].type = PTPDK_TLV_GRANT_UNICAST_TRANSMISSION;
	sig.tlvs[0].u.unicast.duration = 60;
	ptpdk_ptp_port_rx_from(p, &sig, NULL, &other, S / 10);
	CHECK(!ptpdk_ucast_client_granted(ptpdk_ucast_port_client(ptpdk_ptp_port_ucast(p)), 0,
					  PTPDK_UCAST_ANNOUNCE, S / 10));
	ptpdk_ptp_port_rx_from(p, &sig, NULL, &gm_addr, S / 10);
	CHECK(ptpdk_ucast_client_granted(ptpdk_ucast_port_client(ptpdk_ptp_port_ucast(p)), 0,
					 PTPDK_UCAST_ANNOUNCE, S / 10));
	gm_header(&ann, PTPDK_MSG_ANNOUNCE, 1);
	ann.header.flags = PTPDK_FLAG_UNICAST;
	ann.header.log_message_interval = 1;
	ann.body.announce.grandmaster_priority1 = 10;
	ann.body.announce.grandmaster_priority2 = 128;
	ann.body.announce.grandmaster_clock_quality.clock_class = 248;
	memcpy(ann.body.announce.grandmaster_identity,
	       ann.header.source_port_identity.clock_identity, PTPDK_CLOCK_ID_LEN);
	ptpdk_ptp_port_rx_from(p, &ann, NULL, &gm_addr, S);
	ann.header.sequence_id = 2;
	ptpdk_ptp_port_rx_from(p, &ann, NULL, &gm_addr, 2 * S);
	best = ptpdk_ptp_port_erbest(p, 2 * S, NULL);
	CHECK(best != NULL);
	if (!best)
		goto out;
	/* What the clock does on S1: follow it. Sync and Delay_Resp are asked of it,
	 * addressed to its port identity. */
	ptpdk_ptp_port_event(p, PTPDK_EV_RS_SLAVE, true, 2 * S);
	ptpdk_ptp_port_follow(p, best, 2 * S);
	f.sends = 0;
	next = 3 * S;
	ptpdk_ptp_port_tick(p, 2 * S, &next);
	CHECK_EQ_INT(f.sends, 2);
	CHECK_EQ_INT(f.last_sent.tlvs[0].u.unicast.message_type, PTPDK_MSG_DELAY_RESP);
	CHECK(ptpdk_port_identity_cmp(&f.last_sent.body.targeted.target_port_identity,
				      &ann.header.source_port_identity) == 0);
	/* Its first Sync starts the delay exchange: the Delay_Req goes to it by unicast. */
	gm_header(&sync, PTPDK_MSG_SYNC, 7);
	sync.header.flags = PTPDK_FLAG_UNICAST;
	ptpdk_ptp_port_rx_from(p, &sync, &t2, &gm_addr, 3 * S);
	f.sends = 0;
	next = 10 * S;
	ptpdk_ptp_port_tick(p, 6 * S, &next);
	CHECK(f.sends >= 1);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_DELAY_REQ);
	CHECK(f.last_sent.header.flags & PTPDK_FLAG_UNICAST);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_UNICAST);
	CHECK(memcmp(&f.last_dst.addr, &gm_addr, sizeof(gm_addr)) == 0);
	CHECK(f.last_flags & PTPDK_PTP_TX_WANT_TS);
out:
	ptpdk_ptp_port_destroy(p);
}

/* A unicast master port: it grants a client's request, sends it Sync by unicast once
 * MASTER, the Follow_Up with the Sync's TX stamp to the same client, answers its
 * unicast Delay_Req by unicast, and sends no multicast with inhibit_multicast_service. */
static void test_unicast_server(void)
{
	struct fake_clock f = { 0 };
	struct ptpdk_ptp_port_host h = fake_host(&f);
	struct ptpdk_ptp_port_params pp;
	struct ptpdk_ptp_port *p;
	struct ptpdk_addr client;
	struct ptpdk_msg req, dreq;
	struct ptpdk_tmv t1 = ptpdk_tmv_from_ns(20 * (int64_t)S),
			 t4 = ptpdk_tmv_from_ns(21 * (int64_t)S);
	uint64_t next;
	uint16_t seq;

	memset(&client, 0, sizeof(client));
	client.transport = PTPDK_TRANSPORT_UDP4;
	client.ip[0] = 198, client.ip[1] = 18, client.ip[3] = 13;
	client.mac[5] = 0x13;
	memset(&pp, 0, sizeof(pp));
	pp.cfg.name = "s";
	pp.cfg.delay_mechanism = PTPDK_DELAY_E2E;
	pp.cfg.announce_receipt_timeout = 3;
	pp.cfg.delay_filter_length = 1;
	pp.cfg.log_announce_interval = 0;
	pp.cfg.log_sync_interval = 0;
	pp.cfg.ucast_server = true;
	pp.cfg.inhibit_multicast_service = true;
	pp.cfg.ucast_limits.max_clients = 4;
	pp.cfg.ucast_limits.max_duration_s = 60;
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		pp.cfg.ucast_limits.min_log_period[k] = -7;
		pp.cfg.ucast_limits.max_log_period[k] = 7;
	}
	pp.clock_identity[7] = 0x42;
	pp.seed = 1;
	p = ptpdk_ptp_port_create(&pp, &h);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(ptpdk_ptp_port_ucast_server(p) != NULL);
	ptpdk_ptp_port_event(p, PTPDK_EV_INIT_COMPLETE, false, 0);
	ptpdk_ptp_port_recommend_master(p, 0, 0);
	CHECK_EQ_INT(ptpdk_ptp_port_state(p), PTPDK_PS_MASTER);
	/* MASTER, but nothing multicast and no client yet: nothing sent. */
	f.sends = 0;
	next = S;
	ptpdk_ptp_port_tick(p, 1 * S, &next);
	CHECK_EQ_INT(f.sends, 0);
	/* The client asks for Sync at 2/s: granted to it. */
	gm_header(&req, PTPDK_MSG_SIGNALING, 1);
	req.header.source_port_identity.clock_identity[7] = 0x13;
	memset(&req.body.targeted.target_port_identity, 0xFF,
	       sizeof(req.body.targeted.target_port_identity));
	req.tlv_count = 1;
	req.tlvs[0].type = PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION;
	req.tlvs[0].u.unicast.message_type = PTPDK_MSG_SYNC;
	req.tlvs[0].u.unicast.log_inter_message_period = -1;
	req.tlvs[0].u.unicast.duration = 30;
	ptpdk_ptp_port_rx_from(p, &req, NULL, &client, 2 * S);
	CHECK_EQ_INT(f.sends, 1);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_SIGNALING);
	CHECK_EQ_INT(f.last_sent.tlvs[0].type, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(f.last_sent.tlvs[0].u.unicast.duration, 30);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_UNICAST);
	CHECK(memcmp(&f.last_dst.addr, &client, sizeof(client)) == 0);
	/* Its Sync, by unicast, with the granted period; then the Follow_Up to it. */
	f.sends = 0;
	next = 3 * S;
	ptpdk_ptp_port_tick(p, 2 * S, &next);
	CHECK_EQ_INT(f.sends, 1);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_SYNC);
	CHECK(f.last_sent.header.flags & PTPDK_FLAG_UNICAST);
	CHECK_EQ_INT(f.last_sent.header.log_message_interval, -1);
	CHECK(memcmp(&f.last_dst.addr, &client, sizeof(client)) == 0);
	seq = f.last_sent.header.sequence_id;
	ptpdk_ptp_port_tx_stamp(p, PTPDK_MSG_SYNC, seq, &t1, 2 * S);
	CHECK_EQ_INT(f.sends, 2);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_FOLLOW_UP);
	CHECK_EQ_INT(f.last_sent.header.sequence_id, seq);
	CHECK(memcmp(&f.last_dst.addr, &client, sizeof(client)) == 0);
	/* The next Sync half a second on. */
	f.sends = 0;
	ptpdk_ptp_port_tick(p, 2 * S + S / 2 - 1, &next);
	CHECK_EQ_INT(f.sends, 0);
	ptpdk_ptp_port_tick(p, 2 * S + S / 2, &next);
	CHECK_EQ_INT(f.sends, 1);
	/* A unicast Delay_Req is answered by unicast; a multicast one by multicast. */
	gm_header(&dreq, PTPDK_MSG_DELAY_REQ, 5);
	dreq.header.source_port_identity.clock_identity[7] = 0x13;
	dreq.header.flags = PTPDK_FLAG_UNICAST;
	ptpdk_ptp_port_rx_from(p, &dreq, &t4, &client, 3 * S);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_DELAY_RESP);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_UNICAST);
	dreq.header.flags = 0;
	ptpdk_ptp_port_rx_from(p, &dreq, &t4, &client, 3 * S);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_DELAY_RESP);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_PRIMARY);
	ptpdk_ptp_port_destroy(p);
}

static void hybrid_params(struct ptpdk_ptp_port_params *pp, bool hybrid, bool slave_only)
{
	memset(pp, 0, sizeof(*pp));
	pp->cfg.name = "h";
	pp->cfg.delay_mechanism = PTPDK_DELAY_E2E;
	pp->cfg.announce_receipt_timeout = 3;
	pp->cfg.delay_filter_length = 1;
	pp->cfg.log_announce_interval = 1;
	pp->cfg.hybrid_e2e = hybrid;
	pp->clock_identity[7] = 0x42;
	pp->slave_only = slave_only;
	pp->seed = 1;
}

static struct ptpdk_addr udp4_addr(uint8_t host)
{
	struct ptpdk_addr a;

	memset(&a, 0, sizeof(a));
	a.transport = PTPDK_TRANSPORT_UDP4;
	a.ip[0] = 198, a.ip[1] = 18, a.ip[3] = host;
	a.mac[5] = host;
	return a;
}

/* The multicast master's Announce, from @p from (NULL: address unknown). */
static void hybrid_announce(struct ptpdk_ptp_port *p, uint16_t seq, const struct ptpdk_addr *from,
			    uint64_t now_ns)
{
	struct ptpdk_msg ann;

	gm_header(&ann, PTPDK_MSG_ANNOUNCE, seq);
	ann.header.log_message_interval = 1;
	ann.body.announce.grandmaster_priority1 = 10;
	ann.body.announce.grandmaster_priority2 = 128;
	ann.body.announce.grandmaster_clock_quality.clock_class = 248;
	memcpy(ann.body.announce.grandmaster_identity,
	       ann.header.source_port_identity.clock_identity, PTPDK_CLOCK_ID_LEN);
	ptpdk_ptp_port_rx_from(p, &ann, NULL, from, now_ns);
}

/*
 * A slave port that has followed the multicast master of @p master_addr (NULL: its
 * messages came without an address), heard its first Sync and sent one Delay_Req;
 * @return the port, the Delay_Req in @p f.
 */
static struct ptpdk_ptp_port *hybrid_slave(struct fake_clock *f, struct ptpdk_ptp_port_host *h,
					   bool hybrid, const struct ptpdk_addr *master_addr)
{
	struct ptpdk_ptp_port_params pp;
	const struct ptpdk_foreign_master *best;
	struct ptpdk_tmv t2 = ptpdk_tmv_from_ns(5 * (int64_t)S);
	struct ptpdk_ptp_port *p;
	struct ptpdk_msg sync;
	uint64_t next = 10 * S;

	hybrid_params(&pp, hybrid, true);
	p = ptpdk_ptp_port_create(&pp, h);
	CHECK(p != NULL);
	if (!p)
		return NULL;
	ptpdk_ptp_port_event(p, PTPDK_EV_INIT_COMPLETE, false, 0);
	hybrid_announce(p, 1, master_addr, S);
	hybrid_announce(p, 2, master_addr, 2 * S);
	best = ptpdk_ptp_port_erbest(p, 2 * S, NULL);
	CHECK(best != NULL);
	if (!best) {
		ptpdk_ptp_port_destroy(p);
		return NULL;
	}
	ptpdk_ptp_port_event(p, PTPDK_EV_RS_SLAVE, true, 2 * S);
	ptpdk_ptp_port_follow(p, best, 2 * S);
	gm_header(&sync, PTPDK_MSG_SYNC, 7);
	ptpdk_ptp_port_rx_from(p, &sync, &t2, master_addr, 3 * S);
	f->sends = 0;
	ptpdk_ptp_port_tick(p, 6 * S, &next);
	CHECK_EQ_INT(f->sends, 1);
	CHECK_EQ_INT(f->last_sent.header.message_type, PTPDK_MSG_DELAY_REQ);
	CHECK(f->last_flags & PTPDK_PTP_TX_WANT_TS);
	return p;
}

/* hybrid_e2e as a slave (ptp4l's enterprise profile): the master's Announce and Sync
 * come by multicast; the Delay_Req goes back by unicast, with the unicastFlag, to the
 * address they came from. Without hybrid_e2e, or while that address is unknown, the
 * Delay_Req is multicast. */
static void test_hybrid_slave(void)
{
	struct fake_clock f = { 0 };
	struct ptpdk_ptp_port_host h = fake_host(&f);
	struct ptpdk_addr gm = udp4_addr(11), other = udp4_addr(12);
	struct ptpdk_tmv t2 = ptpdk_tmv_from_ns(9 * (int64_t)S);
	struct ptpdk_ptp_port *p;
	struct ptpdk_msg sync;
	uint64_t next = 20 * S;

	p = hybrid_slave(&f, &h, true, &gm);
	if (!p)
		return;
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_UNICAST);
	CHECK(memcmp(&f.last_dst.addr, &gm, sizeof(gm)) == 0);
	CHECK(f.last_sent.header.flags & PTPDK_FLAG_UNICAST);
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->delay_req_unicast, 1);
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->hybrid_no_address, 0);
	/* Another clock's Sync from another address does not move the destination... */
	gm_header(&sync, PTPDK_MSG_SYNC, 8);
	sync.header.source_port_identity.clock_identity[7] = 0x77;
	ptpdk_ptp_port_rx_from(p, &sync, &t2, &other, 9 * S);
	ptpdk_ptp_port_tick(p, 12 * S, &next);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_DELAY_REQ);
	CHECK(memcmp(&f.last_dst.addr, &gm, sizeof(gm)) == 0);
	/* ...the parent's own from a new address does (a renumbered master). */
	gm_header(&sync, PTPDK_MSG_SYNC, 9);
	ptpdk_ptp_port_rx_from(p, &sync, &t2, &other, 13 * S);
	next = 30 * S;
	ptpdk_ptp_port_tick(p, 20 * S, &next);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_DELAY_REQ);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_UNICAST);
	CHECK(memcmp(&f.last_dst.addr, &other, sizeof(other)) == 0);
	ptpdk_ptp_port_destroy(p);

	/* Hybrid, but the parent's messages came without an address: multicast, counted. */
	p = hybrid_slave(&f, &h, true, NULL);
	if (!p)
		return;
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_PRIMARY);
	CHECK(!(f.last_sent.header.flags & PTPDK_FLAG_UNICAST));
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->hybrid_no_address, 1);
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->delay_req_unicast, 0);
	ptpdk_ptp_port_destroy(p);

	/* Not hybrid: multicast, whatever the address. */
	p = hybrid_slave(&f, &h, false, &gm);
	if (!p)
		return;
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_PRIMARY);
	CHECK(!(f.last_sent.header.flags & PTPDK_FLAG_UNICAST));
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->hybrid_no_address, 0);
	ptpdk_ptp_port_destroy(p);
}

/* hybrid_e2e as a master: Announce and Sync stay multicast; a hybrid slave's unicast
 * Delay_Req is answered by unicast to its address, a multicast one by multicast. */
static void test_hybrid_master(void)
{
	struct fake_clock f = { 0 };
	struct ptpdk_ptp_port_host h = fake_host(&f);
	struct ptpdk_ptp_port_params pp;
	struct ptpdk_addr slave = udp4_addr(13);
	struct ptpdk_tmv t4 = ptpdk_tmv_from_ns(21 * (int64_t)S);
	struct ptpdk_ptp_port *p;
	struct ptpdk_msg dreq;
	uint64_t next = 2 * S;

	hybrid_params(&pp, true, false);
	p = ptpdk_ptp_port_create(&pp, &h);
	CHECK(p != NULL);
	if (!p)
		return;
	ptpdk_ptp_port_event(p, PTPDK_EV_INIT_COMPLETE, false, 0);
	ptpdk_ptp_port_recommend_master(p, 0, 0);
	CHECK_EQ_INT(ptpdk_ptp_port_state(p), PTPDK_PS_MASTER);
	f.sends = 0;
	ptpdk_ptp_port_tick(p, S, &next);
	CHECK_EQ_INT(f.sends, 2); /* Announce and Sync */
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_SYNC);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_PRIMARY);
	CHECK(!(f.last_sent.header.flags & PTPDK_FLAG_UNICAST));
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->announce_sent, 1);

	gm_header(&dreq, PTPDK_MSG_DELAY_REQ, 5);
	dreq.header.source_port_identity.clock_identity[7] = 0x13;
	dreq.header.flags = PTPDK_FLAG_UNICAST;
	ptpdk_ptp_port_rx_from(p, &dreq, &t4, &slave, 2 * S);
	CHECK_EQ_INT(f.sends, 3);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_DELAY_RESP);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_UNICAST);
	CHECK(memcmp(&f.last_dst.addr, &slave, sizeof(slave)) == 0);
	CHECK(f.last_sent.header.flags & PTPDK_FLAG_UNICAST);
	CHECK(ptpdk_port_identity_cmp(&f.last_sent.body.response.requesting_port_identity,
				      &dreq.header.source_port_identity) == 0);
	dreq.header.flags = 0;
	ptpdk_ptp_port_rx_from(p, &dreq, &t4, &slave, 2 * S);
	CHECK_EQ_INT(f.last_sent.header.message_type, PTPDK_MSG_DELAY_RESP);
	CHECK_EQ_INT(f.last_dst.kind, PTPDK_DEST_PRIMARY);
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->delay_resp_sent, 2);
	ptpdk_ptp_port_destroy(p);
}

int main(void)
{
	check_seed("test_ptp_port");
	test_per_port_threshold();
	test_port_refusals();
	test_two_port_clock();
	test_parent_timeout_before_tick();
	test_unicast_client();
	test_unicast_server();
	test_hybrid_slave();
	test_hybrid_master();
	return check_report("test_ptp_port");
}
