/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Delay_Req spacing and its seed. 1588-2008 9.5.11.2: a slave sends each
 * Delay_Req after an interval drawn uniformly from [0, 2^(logMinDelayReqInterval+1)]
 * seconds (mean 2^logMinDelayReqInterval), so that slaves started together spread
 * their requests over time; the engine documents the same rule in
 * ptpdk_ptp_port.c. Asserts that every interval the engine draws lies in that
 * range and spreads over it, that one seed replays the same sequence, that two
 * seeds give different ones, and that the daemon's per-instance seed
 * (ptpdk_seed_instance) differs between instances with another MAC, PID or start.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "ptpdk_counter_sim.h"
#include "ptpdk_ptp_clock.h"
#include "ptpdk_seed.h"
#include "ptpdk_vclock.h"

#define MS    1000000ull
#define S     (1000 * MS)
#define EPOCH (1700000000ull * S)
#define N_MAX 512

/* One engine, a grandmaster that only announces and sends one Sync, and a log of
 * when the engine sent Delay_Req. */
struct bench {
	uint64_t t; /* true time and the engine's "now", ns */
	struct ptpdk_counter_sim *osc;
	struct ptpdk_clock *clock;
	struct ptpdk_ptp_clock *ptp;
	uint64_t sent[N_MAX + 1];
	unsigned n_sent;
};

static int op_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		   const struct ptpdk_dest *dst, unsigned flags)
{
	struct bench *b = ctx;

	(void)port;
	(void)dst;
	(void)flags;
	if (m->header.message_type == PTPDK_MSG_DELAY_REQ && b->n_sent <= N_MAX)
		b->sent[b->n_sent++] = b->t;
	return 0;
}

static void op_sample(void *ctx, const struct ptpdk_ptp_sample *s)
{
	(void)ctx;
	(void)s;
}

static void op_state(void *ctx, unsigned port, enum ptpdk_port_state from, enum ptpdk_port_state to,
		     enum ptpdk_port_event ev)
{
	(void)ctx;
	(void)port;
	(void)from;
	(void)to;
	(void)ev;
}

static bool bench_open(struct bench *b, uint64_t seed, int8_t log_delay_req)
{
	struct ptpdk_vclock_config vc = { .source = PTPDK_TS_NIC_TICKS, .name = "sim" };
	struct ptpdk_ptp_clock_ops ops = {
		.send = op_send, .sample = op_sample, .state = op_state, .ctx = b
	};
	struct ptpdk_ptp_clock_config cfg;

	memset(b, 0, sizeof(*b));
	b->osc = ptpdk_counter_sim_create(64, 1000000000ull, 0);
	if (!b->osc)
		return false;
	ptpdk_counter_sim_counter(b->osc, &vc.counter);
	vc.initial = ptpdk_tmv_from_ns((int64_t)EPOCH);
	b->clock = ptpdk_vclock_create(&vc);
	ptpdk_ptp_clock_config_init(&cfg);
	cfg.clock_identity[7] = 0x99;
	cfg.ports[0].name = "sim0";
	cfg.ports[0].log_announce_interval = 0;
	cfg.ports[0].log_sync_interval = -4;
	cfg.ports[0].log_min_delay_req_interval = log_delay_req;
	cfg.seed = seed;
	b->ptp = b->clock ? ptpdk_ptp_clock_create(&cfg, b->clock, &ops) : NULL;
	CHECK(b->ptp != NULL);
	return b->ptp != NULL;
}

static void bench_close(struct bench *b)
{
	ptpdk_ptp_clock_destroy(b->ptp);
	ptpdk_clock_destroy(b->clock);
	ptpdk_counter_sim_destroy(b->osc);
}

static void gm_header(struct ptpdk_msg *m, uint8_t type, uint16_t seq)
{
	static const struct ptpdk_port_identity gm = {
		.clock_identity = { 0x02, 0, 0, 0xff, 0xfe, 0, 0, 1 }, .port_number = 1
	};

	memset(m, 0, sizeof(*m));
	m->header.message_type = type;
	m->header.version = 2;
	m->header.source_port_identity = gm;
	m->header.sequence_id = seq;
}

static void gm_announce(struct bench *b, uint16_t seq)
{
	struct ptpdk_msg m;

	gm_header(&m, PTPDK_MSG_ANNOUNCE, seq);
	m.body.announce.grandmaster_priority1 = 128;
	m.body.announce.grandmaster_priority2 = 128;
	m.body.announce.grandmaster_clock_quality.clock_class = 6;
	m.body.announce.grandmaster_clock_quality.clock_accuracy = 0x21;
	m.body.announce.grandmaster_clock_quality.offset_scaled_log_variance = 0x4E5D;
	memcpy(m.body.announce.grandmaster_identity, m.header.source_port_identity.clock_identity,
	       PTPDK_CLOCK_ID_LEN);
	ptpdk_ptp_clock_rx(b->ptp, 0, &m, NULL, b->t);
}

/* E2E sends Delay_Req only once the parent's Syncs flow: one is enough. */
static void gm_sync(struct bench *b)
{
	struct ptpdk_msg sync, fup;
	struct ptpdk_tmv t = ptpdk_tmv_from_ns((int64_t)(EPOCH + b->t));

	gm_header(&sync, PTPDK_MSG_SYNC, 0);
	sync.header.flags = PTPDK_FLAG_TWO_STEP;
	sync.header.log_message_interval = -4;
	gm_header(&fup, PTPDK_MSG_FOLLOW_UP, 0);
	ptpdk_tmv_to_wire_ts(t, &fup.body.timestamp.timestamp);
	ptpdk_ptp_clock_rx(b->ptp, 0, &sync, &t, b->t);
	ptpdk_ptp_clock_rx(b->ptp, 0, &fup, NULL, b->t);
}

static void advance_to(struct bench *b, uint64_t t)
{
	if (t > b->t) {
		ptpdk_counter_sim_advance_ns(b->osc, t - b->t);
		b->t = t;
	}
}

/*
 * The intervals between @p n + 1 consecutive Delay_Req of an engine seeded with
 * @p seed, in ns. The engine is ticked exactly at the deadlines it returns (and at
 * each Announce), so an interval is exactly the spacing it drew. The first request
 * is left out: it waits for the Sync.
 */
static unsigned spacing(uint64_t seed, int8_t log, uint64_t *out, unsigned n)
{
	struct bench b;
	uint64_t next_announce = 0, deadline = 0;
	uint16_t announce_seq = 0;
	bool synced = false;

	if (n > N_MAX || !bench_open(&b, seed, log))
		return 0;
	for (unsigned guard = 0; b.n_sent < n + 1 && guard < 1000000; guard++) {
		struct ptpdk_ptp_clock_status st;

		advance_to(&b, next_announce < deadline ? next_announce : deadline);
		if (b.t >= next_announce) {
			gm_announce(&b, announce_seq++);
			next_announce += S;
		}
		ptpdk_ptp_clock_status(b.ptp, b.t, &st);
		if (st.have_parent && !synced) {
			gm_sync(&b);
			synced = true;
		}
		deadline = ptpdk_ptp_clock_tick(b.ptp, b.t);
	}
	CHECK_EQ_INT(b.n_sent, n + 1);
	for (unsigned i = 0; i + 1 < b.n_sent; i++)
		out[i] = b.sent[i + 1] - b.sent[i];
	bench_close(&b);
	return b.n_sent ? b.n_sent - 1 : 0;
}

/* Every interval in [0, 2^(log+1)] s, spread over it, with the mean 2^log s. */
static void check_uniform(const uint64_t *v, unsigned n, int8_t log)
{
	uint64_t span = 2 * (log >= 0 ? S << log : S >> -log);
	unsigned low = 0, high = 0;
	double sum = 0;

	for (unsigned i = 0; i < n; i++) {
		CHECK(v[i] <= span);
		low += v[i] < span / 4;
		high += v[i] > span - span / 4;
		sum += (double)v[i];
	}
	/* A uniform draw puts a quarter in each outer quarter; a constant or a
	 * squeezed spacing would leave one nearly empty. The mean of n draws has a
	 * standard deviation of span / sqrt(12 n); allow four of them. */
	CHECK(low > n / 8 && high > n / 8);
	CHECK_NEAR(sum / n, (double)span / 2, 4 * (double)span / sqrt(12.0 * n));
}

static unsigned same_count(const uint64_t *a, const uint64_t *b, unsigned n)
{
	unsigned same = 0;

	for (unsigned i = 0; i < n; i++)
		same += a[i] == b[i];
	return same;
}

static void test_engine_spacing(void)
{
	static uint64_t a[N_MAX], b[N_MAX], c[N_MAX];
	const unsigned n = 400;

	CHECK_EQ_INT(spacing(1, -4, a, n), n);
	CHECK_EQ_INT(spacing(1, -4, b, n), n);
	CHECK_EQ_INT(spacing(2, -4, c, n), n);
	check_uniform(a, n, -4);
	check_uniform(c, n, -4);
	CHECK_EQ_INT(same_count(a, b, n), n); /* one seed replays its sequence */
	CHECK(same_count(a, c, n) < 4);	      /* two seeds do not fall into step */
	/* The bound follows the interval: 0..2 s at logMinDelayReqInterval 0. */
	CHECK_EQ_INT(spacing(3, 0, a, 64), 64);
	check_uniform(a, 64, 0);
}

static uint64_t seed_of(uint8_t mac_last, uint64_t pid, uint64_t tsc)
{
	uint8_t id[PTPDK_CLOCK_ID_LEN] = { 0x02, 0x00, 0x5e, 0xff, 0xfe, 0x10, 0x20, mac_last };

	return ptpdk_seed_instance(id, pid, tsc);
}

static unsigned popcount64(uint64_t x)
{
	unsigned n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static void test_instance_seed(void)
{
	const uint8_t base[PTPDK_CLOCK_ID_LEN] = { 0x02, 0x00, 0x5e, 0xff, 0xfe, 0x10, 0x20, 0x30 };
	const uint64_t tsc = 123456789012345ull;
	uint64_t s0 = ptpdk_seed_instance(base, 4242, tsc);
	static uint64_t a[N_MAX], b[N_MAX];

	CHECK(s0 == ptpdk_seed_instance(base, 4242, tsc));
	/* Every single-bit change of the MAC part, the PID or the TSC gives another
	 * seed, unrelated to the first (about half its bits flip). */
	for (unsigned byte = 0; byte < PTPDK_CLOCK_ID_LEN; byte++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			uint8_t id[PTPDK_CLOCK_ID_LEN];
			unsigned flips;

			memcpy(id, base, sizeof(id));
			id[byte] ^= (uint8_t)(1u << bit);
			flips = popcount64(ptpdk_seed_instance(id, 4242, tsc) ^ s0);
			CHECK(flips >= 12 && flips <= 52);
		}
	}
	for (unsigned bit = 0; bit < 64; bit++) {
		unsigned fp = popcount64(ptpdk_seed_instance(base, 4242 ^ (1ull << bit), tsc) ^ s0);
		unsigned ft = popcount64(ptpdk_seed_instance(base, 4242, tsc ^ (1ull << bit)) ^ s0);

		CHECK(fp >= 12 && fp <= 52);
		CHECK(ft >= 12 && ft <= 52);
	}
	/* Two containers, each running the daemon as PID 1, started in the same
	 * TSC tick on hosts whose MACs differ by one: different seeds. */
	CHECK(seed_of(0x30, 1, tsc) != seed_of(0x31, 1, tsc));
	/* Two daemons on one host (two NICs, or one restarted): different seeds. */
	CHECK(seed_of(0x30, 100, tsc) != seed_of(0x30, 101, tsc));
	CHECK(seed_of(0x30, 100, tsc) != seed_of(0x30, 100, tsc + 1));
	/* Swapping values between inputs does not cancel out. */
	CHECK(seed_of(0x30, 5, 7) != seed_of(0x30, 7, 5));
	CHECK(seed_of(0, 0, 0) != 0);
	/* And the engine turns two such seeds into different spacing. */
	CHECK_EQ_INT(spacing(seed_of(0x30, 1, tsc), -4, a, 200), 200);
	CHECK_EQ_INT(spacing(seed_of(0x31, 1, tsc), -4, b, 200), 200);
	CHECK(same_count(a, b, 200) < 4);
	check_uniform(a, 200, -4);
}

int main(void)
{
	check_seed("test_seed");
	test_engine_spacing();
	test_instance_seed();
	return check_report("test_seed");
}
