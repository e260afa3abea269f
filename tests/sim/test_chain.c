/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sim suite's chains: the shipped chain scenarios C1 (GM -> BC -> slave), C2
 * (GM -> BC -> BC -> slave) and C3 (a transparent clock on the GM's link), shortened
 * to 600 s, through real engines at every clock with both servos. They assert
 * behaviour: the BMCA's roles and data sets down the chain, lock without a later
 * step, each hop's TE within a bound the path model gives, the TC's correction
 * cancelling its residence and, turned off, shifting TE by half the residence
 * asymmetry. Accuracy figures belong to bench/results/bc-chain.md.
 *
 * The bounds, from the links of every chain scenario (2 us base each way, Exp(mean
 * 100 ns) jitter each way, 8 ns stamps at every clock and at the TC, 16 Hz):
 *
 * - cTE of a hop (its mean TE after the warm-up): the mean delay asymmetry is 0, so
 *   what is left is how the servo estimates the one-way delay. Any estimate between
 *   the minimum round trip and the mean one (a mean, a median filter, a minimum
 *   filter) errs by less than the mean jitter of one direction, 100 ns; each of the
 *   two stamp pairs adds up to one resolution, 8 ns: HOP_CTE_NS = 116 ns. (ptp4l's
 *   PI with its median delay filter sits near -12 ns in S1, whose links these are.)
 * - max|TE| of a hop after the warm-up: a single exchange errs by half the difference
 *   of its two jitter draws, at most half the largest draw. The largest of N
 *   Exp(100 ns) draws is about 100 ns x ln N: N = 16 Hz x 600 s = 9600 exchanges
 *   gives 917 ns. A servo that let one exchange through unfiltered with gain 1 would
 *   be off by half that; the bound allows twice it, the whole largest draw, for a
 *   servo whose proportional and integral parts both respond to it, plus the two
 *   stamp resolutions: HOP_MAX_NS = 917 + 16 = 933 ns. It catches a hop that does
 *   not follow its master, follows the wrong one or mis-routes its messages; it is
 *   no accuracy claim.
 * - a chain's end-to-end TE is the sum of its hops' TE, so its bounds are the sums.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ptpdk_sim_chain.h"
#include "ptpdk_sim_scenario.h"
#include "ptpdk_sim_summary.h"

#define MEAN_JITTER_NS 100.0
#define RESOLUTION_NS  8.0
#define HOP_CTE_NS     (MEAN_JITTER_NS + 2 * RESOLUTION_NS)
#define HOP_MAX_NS     (MEAN_JITTER_NS * 9.17 + 2 * RESOLUTION_NS) /* ln 9600 = 9.17 */
/* The TC's two stamps truncate its residence by up to one resolution. */
#define TC_EXTRA_NS RESOLUTION_NS

static const char *scenario_dir;
static const char *const servos[] = { "pi", "ptpdk" };
static const char *const short_run[] = { "scenario.duration=600s", "scenario.warmup=300s", NULL };

static bool load(struct ptpdk_sim_scenario *sc, const char *file, const char *const *sets)
{
	char path[512], err[512] = "";
	int rc;

	snprintf(path, sizeof(path), "%s/%s", scenario_dir, file);
	rc = ptpdk_sim_scenario_load(sc, path, err, sizeof(err));
	for (; rc == 0 && sets && *sets; sets++)
		rc = ptpdk_sim_scenario_override(sc, *sets, err, sizeof(err));
	if (rc)
		fprintf(stderr, "%s: %s\n", path, err);
	CHECK_EQ_INT(rc, 0);
	return rc == 0;
}

static bool set(struct ptpdk_sim_scenario *sc, const char *assignment)
{
	char err[512] = "";
	int rc = ptpdk_sim_scenario_override(sc, assignment, err, sizeof(err));

	if (rc)
		fprintf(stderr, "%s: %s\n", assignment, err);
	CHECK_EQ_INT(rc, 0);
	return rc == 0;
}

static bool run(const struct ptpdk_sim_scenario *sc, const char *servo,
		struct ptpdk_sim_chain_result *r)
{
	struct ptpdk_sim_run_opts o = { .servo = servo };
	char err[512] = "";
	int rc = ptpdk_sim_chain_run(sc, &o, r, err, sizeof(err));

	if (rc)
		fprintf(stderr, "%s/%s: %s\n", sc->name, servo, err);
	CHECK_EQ_INT(rc, 0);
	return rc == 0;
}

/* The figures of clock @p i, its hop (@p hop) or against the GM. */
static struct ptpdk_sim_summary summary(const struct ptpdk_sim_scenario *sc,
					const struct ptpdk_sim_chain_result *r, unsigned i,
					bool hop)
{
	struct ptpdk_sim_summary s;

	memset(&s, 0, sizeof(s));
	CHECK_EQ_INT(ptpdk_sim_chain_summarize(sc, r, i, hop, &s), 0);
	return s;
}

static bool same_clock(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, PTPDK_CLOCK_ID_LEN) == 0;
}

/*
 * Roles and data sets: every BC's port 1 is SLAVE and port 2 MASTER; every clock
 * follows the GM's identity through the clock just upstream of it (its parent is that
 * clock's downstream port) with stepsRemoved one more than its parent's.
 */
static void check_roles(const struct ptpdk_sim_chain_result *r)
{
	const uint8_t *gm = r->clocks[0].port_identity[0].clock_identity;

	for (unsigned i = 1; i < r->n_clocks; i++) {
		const struct ptpdk_sim_chain_clock *c = &r->clocks[i], *up = &r->clocks[i - 1];
		const struct ptpdk_port_identity *parent = &up->port_identity[up->n_ports - 1];

		CHECK_EQ_INT(c->status.port_state[0], PTPDK_PS_SLAVE);
		if (c->role == PTPDK_SIM_CHAIN_BC)
			CHECK_EQ_INT(c->status.port_state[1], PTPDK_PS_MASTER);
		CHECK(c->status.have_parent);
		CHECK_EQ_INT(c->status.parent_port, 0);
		CHECK(same_clock(c->status.parent.gm_identity, gm));
		CHECK_EQ_INT(ptpdk_port_identity_cmp(&c->status.parent.sender, parent), 0);
		CHECK_EQ_INT(c->status.parent.steps_removed, i - 1);
		CHECK_EQ_INT(c->status.steps_removed, i);
	}
}

/* Lock, one step (the first) and none after lock, hops within their bounds. */
static void check_hops(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_chain_result *r,
		       const char *servo, double extra_ns)
{
	for (unsigned i = 1; i < r->n_clocks; i++) {
		const struct ptpdk_sim_chain_clock *c = &r->clocks[i];
		struct ptpdk_sim_summary hop = summary(sc, r, i, true);
		struct ptpdk_sim_summary e2e = summary(sc, r, i, false);
		double hops = (double)i;

		printf("  %-3s %-5s %-5s hop rms %6.1f mean %+6.1f max %6.1f ns; to gm rms %6.1f "
		       "mean %+6.1f max %6.1f ns; lock %4.1f s, steps %u\n",
		       sc->name, servo, c->name, hop.rms_ns, hop.mean_ns, hop.max_abs_ns,
		       e2e.rms_ns, e2e.mean_ns, e2e.max_abs_ns, c->to_gm.first_locked_s,
		       c->to_gm.n_steps);
		CHECK(c->to_gm.first_locked_s > 0 && c->to_gm.first_locked_s < 60);
		CHECK_EQ_INT(c->to_gm.n_steps, 1);
		CHECK_EQ_INT(c->steps_after_lock, 0);
		CHECK(fabs(hop.mean_ns) <= HOP_CTE_NS + extra_ns);
		CHECK(hop.max_abs_ns <= HOP_MAX_NS + extra_ns);
		CHECK(fabs(e2e.mean_ns) <= hops * HOP_CTE_NS + extra_ns);
		CHECK(e2e.max_abs_ns <= hops * HOP_MAX_NS + extra_ns);
	}
}

static void test_chain(const char *file, unsigned n_clocks)
{
	struct ptpdk_sim_scenario sc;

	if (!load(&sc, file, short_run))
		return;
	for (unsigned s = 0; s < 2; s++) {
		struct ptpdk_sim_chain_result r;

		if (!run(&sc, servos[s], &r))
			continue;
		CHECK_EQ_INT(r.n_clocks, n_clocks);
		CHECK_EQ_INT(r.send_refused, 0);
		CHECK_EQ_INT(r.in_flight_full, 0);
		check_roles(&r);
		check_hops(&sc, &r, servos[s], 0.0);
		ptpdk_sim_chain_result_free(&r);
	}
}

/*
 * C3's TC, one-step and two-step, correcting: the chain behaves as without it, within
 * the hop bounds plus the TC's resolution; every Sync and Delay_Req that crossed it
 * had its residence written, and both servos saw the same residences.
 */
static void test_tc_corrected(void)
{
	static const char *const modes[] = { "master.tc=one_step", "master.tc=two_step" };

	for (unsigned m = 0; m < 2; m++) {
		struct ptpdk_sim_scenario sc;
		double residence[2] = { 0, 0 };

		if (!load(&sc, "c3.sim", short_run) || !set(&sc, modes[m]))
			return;
		for (unsigned s = 0; s < 2; s++) {
			struct ptpdk_sim_chain_result r;
			const struct ptpdk_sim_chain_link *l = &r.links[0];

			if (!run(&sc, servos[s], &r))
				continue;
			printf("  C3 %s: residence down %.0f ns, up %.0f ns, %llu corrections\n",
			       modes[m], l->tc_residence_down_ns, l->tc_residence_up_ns,
			       (unsigned long long)l->tc_corrected);
			CHECK(l->has_tc);
			/* the Gamma(2, 5 us) and Exp(1 us) of c3.sim */
			CHECK(fabs(l->tc_residence_down_ns - 5000) < 250);
			CHECK(fabs(l->tc_residence_up_ns - 1000) < 100);
			CHECK(l->tc_corrected > 16 * 600);
			CHECK_EQ_INT(l->tc_unmatched, 0);
			check_roles(&r);
			check_hops(&sc, &r, servos[s], TC_EXTRA_NS);
			if (s == 0)
				residence[0] = l->tc_residence_down_ns;
			else
				residence[1] = l->tc_residence_down_ns;
			ptpdk_sim_chain_result_free(&r);
		}
		CHECK(residence[0] == residence[1]);
	}
}

/*
 * The TC's correction off, residence only toward the BC: the BC sees the Sync's
 * residence R as delay asymmetry and sits R/2 behind the GM, and the slave with it.
 * R is uniform on [9.5, 10.5] us, narrow on purpose: whatever exchanges a servo
 * weighs (all of them, a median, the fastest), the asymmetry it sees lies in that
 * range, so the BC's mean TE lies in [-5250, -4750] ns, plus the hop's own cTE bound.
 * With the correction on, the same residence leaves the hop bounds as they were.
 */
static void test_tc_uncorrected(void)
{
	static const char *const sets[] = { "scenario.duration=600s", "scenario.warmup=300s",
					    "master.ms.residence=uniform 9.5us 10.5us",
					    "master.sm.residence=none", NULL };
	const double lo = -10500.0 / 2, hi = -9500.0 / 2;

	for (unsigned corr = 0; corr < 2; corr++) {
		struct ptpdk_sim_scenario sc;

		if (!load(&sc, "c3.sim", sets) ||
		    !set(&sc, corr ? "master.tc_correction=yes" : "master.tc_correction=no"))
			return;
		for (unsigned s = 0; s < 2; s++) {
			struct ptpdk_sim_chain_result r;
			struct ptpdk_sim_summary bc, slave;

			if (!run(&sc, servos[s], &r))
				continue;
			bc = summary(&sc, &r, 1, false);
			slave = summary(&sc, &r, 2, false);
			printf("  C3 correction %s, %s: residence %.0f ns; bc mean TE %+.1f ns, "
			       "slave %+.1f ns\n",
			       corr ? "on" : "off", servos[s], r.links[0].tc_residence_down_ns,
			       bc.mean_ns, slave.mean_ns);
			if (corr) {
				check_hops(&sc, &r, servos[s], TC_EXTRA_NS);
			} else {
				CHECK_EQ_INT(r.links[0].tc_corrected, 0);
				CHECK(bc.mean_ns >= lo - HOP_CTE_NS &&
				      bc.mean_ns <= hi + HOP_CTE_NS);
				CHECK(slave.mean_ns >= lo - 2 * HOP_CTE_NS &&
				      slave.mean_ns <= hi + 2 * HOP_CTE_NS);
			}
			ptpdk_sim_chain_result_free(&r);
		}
	}
}

/* A chain is deterministic: the same seed, the same run, point for point. */
static void test_chain_determinism(void)
{
	static const char *const sets[] = { "scenario.duration=200s", "scenario.warmup=100s",
					    NULL };
	struct ptpdk_sim_scenario sc;
	struct ptpdk_sim_chain_result a, b;

	if (!load(&sc, "c2.sim", sets) || !run(&sc, "ptpdk", &a))
		return;
	if (run(&sc, "ptpdk", &b)) {
		for (unsigned i = 1; i < a.n_clocks; i++) {
			const struct ptpdk_sim_result *p = &a.clocks[i].to_gm,
						      *q = &b.clocks[i].to_gm;

			CHECK_EQ_INT(p->n_points, q->n_points);
			for (size_t k = 0; k < p->n_points && k < q->n_points; k++)
				if (p->points[k].te_ns != q->points[k].te_ns) {
					CHECK(p->points[k].te_ns == q->points[k].te_ns);
					break;
				}
		}
		ptpdk_sim_chain_result_free(&b);
	}
	ptpdk_sim_chain_result_free(&a);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_chain SCENARIO_DIR\n");
		return 2;
	}
	scenario_dir = argv[1];
	test_chain("c1.sim", 3);
	test_chain("c2.sim", 4);
	test_tc_corrected();
	test_tc_uncorrected();
	test_chain_determinism();
	return check_report("test_chain");
}
