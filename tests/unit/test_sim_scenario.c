/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scenario files: every shipped scenario parses to what the scenario table says and
 * passes the check; the defaults; units and syntax; overrides; the errors with their
 * exact file:line; and a seeded mutation fuzz of the shipped files (which is worth
 * running under ASan/UBSan too).
 *
 *   test_sim_scenario DIR     DIR: config/sim of the source tree
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <unistd.h>

#include "check.h"
#include "ptpdk_sim_scenario.h"

#define ERR_LEN 512

static const char *const shipped[] = {
	"s1.sim", "s2.sim", "s3.sim",	  "s4.sim", "s5.sim", "s6.sim",
	"s7.sim", "s8.sim", "replay.sim", "c1.sim", "c2.sim", "c3.sim",
};

/* malloc'd contents of @p path, or NULL */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(1 << 20);
	n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

static int parse(struct ptpdk_sim_scenario *sc, const char *text, char *err)
{
	return ptpdk_sim_scenario_parse(sc, text, "t.sim", NULL, err, ERR_LEN);
}

static const struct ptpdk_sim_master *master(const struct ptpdk_sim_scenario *sc, const char *name)
{
	for (unsigned i = 0; i < sc->n_masters; i++)
		if (strcmp(sc->masters[i].name, name) == 0)
			return &sc->masters[i];
	return NULL;
}

static void check_dist(const struct ptpdk_sim_dist *d, enum ptpdk_sim_dist_kind kind, double a,
		       double b)
{
	CHECK_EQ_INT(d->kind, kind);
	CHECK_NEAR(d->a, a, 1e-9);
	CHECK_NEAR(d->b, b, 1e-9);
}

/* Parse @p text, expecting it to be refused with exactly @p want. */
static void expect_error_at(int line, const char *text, const char *want)
{
	struct ptpdk_sim_scenario sc;
	char err[ERR_LEN];
	int rc = parse(&sc, text, err);

	check_count++;
	if (rc != -EINVAL || strcmp(err, want) != 0) {
		check_failures++;
		fprintf(stderr, "%s:%d: rc %d, message\n  got:  %s\n  want: %s\n", __FILE__, line,
			rc, err, want);
	}
}
#define expect_error(text, want) expect_error_at(__LINE__, text, want)

static void expect_ok_at(int line, struct ptpdk_sim_scenario *sc, const char *text)
{
	char err[ERR_LEN];
	int rc = parse(sc, text, err);

	check_count++;
	if (rc != 0) {
		check_failures++;
		fprintf(stderr, "%s:%d: parse failed: %s\n", __FILE__, line, err);
	}
}
#define expect_ok(sc, text) expect_ok_at(__LINE__, sc, text)

/* --- the shipped scenarios --- */

/* What S1..S8 share: oscillator, warm-up, two-step, Delay_Req and Announce rates. */
static void check_common(const struct ptpdk_sim_scenario *sc, int log_sync)
{
	CHECK_NEAR(sc->warmup_s, 1000, 0);
	CHECK_NEAR(sc->sample_interval_s, 1, 0);
	CHECK_NEAR(sc->osc.freq_offset_ppb, 10000, 0);
	CHECK_NEAR(sc->osc.random_walk_ppb, 1, 0);
	CHECK_NEAR(sc->osc.initial_offset_ns, 10e6, 0);
	CHECK(sc->slave.hw_timestamps);
	CHECK(sc->n_masters >= 1);
	for (unsigned i = 0; i < sc->n_masters; i++) {
		const struct ptpdk_sim_master *m = &sc->masters[i];

		CHECK(m->two_step);
		CHECK_EQ_INT(m->log_sync_interval, log_sync);
		CHECK_EQ_INT(m->log_min_delay_req_interval, log_sync);
		CHECK_EQ_INT(m->log_announce_interval, 0);
	}
}

/* S1's path (and most others'): 2 us + Exp(100 ns) both ways, nothing else. */
static void check_s1_paths(const struct ptpdk_sim_master *m)
{
	const struct ptpdk_sim_path *p[2] = { &m->to_slave, &m->from_slave };

	for (int i = 0; i < 2; i++) {
		CHECK_NEAR(p[i]->base_ns, 2000, 0);
		check_dist(&p[i]->jitter, PTPDK_SIM_DIST_EXP, 100, 0);
		CHECK_EQ_INT(p[i]->n_loads, 0);
		CHECK_NEAR(p[i]->loss, 0, 0);
		CHECK(p[i]->trace_file[0] == '\0');
	}
}

/* C1..C3: S1's rates and links at every hop, 8 ns stamps, one or two BCs, C3's TC. */
static void check_shipped_chain(const char *file, const struct ptpdk_sim_scenario *sc)
{
	const struct ptpdk_sim_master *m = &sc->masters[0];
	unsigned bcs = strcmp(file, "c2.sim") == 0 ? 2 : 1;

	CHECK(ptpdk_sim_scenario_is_chain(sc));
	CHECK_NEAR(sc->duration_s, 4000, 0);
	check_common(sc, -4);
	check_s1_paths(m);
	CHECK_EQ_INT(sc->n_masters, 1);
	CHECK_EQ_INT(sc->n_bcs, bcs);
	CHECK_NEAR(m->resolution_ns, 8, 0);
	CHECK_NEAR(sc->osc.resolution_ns, 8, 0);
	for (unsigned i = 0; i < sc->n_bcs; i++) {
		const struct ptpdk_sim_bc *b = &sc->bcs[i];

		CHECK_NEAR(b->osc.resolution_ns, 8, 0);
		CHECK_NEAR(b->osc.random_walk_ppb, 1, 0);
		CHECK_NEAR(b->to_slave.base_ns, 2000, 0);
		check_dist(&b->from_slave.jitter, PTPDK_SIM_DIST_EXP, 100, 0);
		CHECK_EQ_INT(b->tc.mode, PTPDK_SIM_TC_NONE);
	}
	if (strcmp(file, "c3.sim") == 0) {
		CHECK_EQ_INT(m->tc.mode, PTPDK_SIM_TC_TWO_STEP);
		CHECK(m->tc.correction);
		CHECK_NEAR(m->tc.resolution_ns, 8, 0);
		check_dist(&m->to_slave.residence, PTPDK_SIM_DIST_GAMMA, 2, 5000);
		check_dist(&m->from_slave.residence, PTPDK_SIM_DIST_EXP, 1000, 0);
	} else {
		CHECK_EQ_INT(m->tc.mode, PTPDK_SIM_TC_NONE);
	}
}

static void check_shipped_file(const char *dir, const char *file,
			       const struct ptpdk_sim_scenario *sc)
{
	const struct ptpdk_sim_master *m = &sc->masters[0], *m2;
	char want[600];

	if (strcmp(file, "s1.sim") == 0) {
		CHECK(strcmp(sc->name, "S1") == 0);
		CHECK_NEAR(sc->duration_s, 4000, 0);
		check_common(sc, -4);
		CHECK_EQ_INT(sc->n_masters, 1);
		CHECK(strcmp(m->name, "gm") == 0);
		check_s1_paths(m);
		CHECK_EQ_INT(sc->osc.n_steps, 0);
		CHECK_NEAR(sc->osc.temp_period_s, 0, 0);
		CHECK_EQ_INT(m->n_outages, 0);
		CHECK_NEAR(m->corrupt, 0, 0);
		CHECK_NEAR(m->to_slave.outlier, 0, 0);
	} else if (strcmp(file, "s2.sim") == 0) {
		CHECK(strcmp(sc->name, "S2") == 0);
		CHECK_NEAR(sc->duration_s, 20000, 0);
		check_common(sc, 0);
		CHECK_NEAR(m->to_slave.base_ns, 2000, 0);
		check_dist(&m->to_slave.jitter, PTPDK_SIM_DIST_EXP, 1000, 0);
		check_dist(&m->from_slave.jitter, PTPDK_SIM_DIST_EXP, 1000, 0);
	} else if (strcmp(file, "s3.sim") == 0) {
		CHECK(strcmp(sc->name, "S3") == 0);
		CHECK_NEAR(sc->duration_s, 6000, 0);
		check_common(sc, -4);
		check_s1_paths(m);
		CHECK_NEAR(sc->osc.temp_amplitude_ppb, 200, 0);
		CHECK_NEAR(sc->osc.temp_period_s, 1200, 0);
		CHECK_EQ_INT(sc->osc.n_steps, 1);
		CHECK_NEAR(sc->osc.steps[0].at_s, 3000, 0);
		CHECK_NEAR(sc->osc.steps[0].ppb, 100, 0);
	} else if (strcmp(file, "s4.sim") == 0) {
		CHECK(strcmp(sc->name, "S4") == 0);
		CHECK_NEAR(sc->duration_s, 7200, 0);
		check_common(sc, -4);
		for (int i = 0; i < 2; i++) {
			const struct ptpdk_sim_path *p = i ? &m->from_slave : &m->to_slave;

			CHECK_NEAR(p->base_ns, 2000, 0);
			check_dist(&p->jitter, PTPDK_SIM_DIST_EXP, 100, 0);
			CHECK_NEAR(p->load_period_s, 600, 0);
			CHECK_EQ_INT(p->n_loads, 1);
			check_dist(&p->loads[0].dist, PTPDK_SIM_DIST_GAMMA, 2, 20000);
		}
	} else if (strcmp(file, "s5.sim") == 0) {
		CHECK(strcmp(sc->name, "S5") == 0);
		CHECK_NEAR(sc->duration_s, 7200, 0);
		check_common(sc, -4);
		check_s1_paths(m);
		CHECK_EQ_INT(m->n_outages, 1);
		CHECK_NEAR(m->outages[0].from_s, 2000, 0);
		CHECK_NEAR(m->outages[0].len_s, 3600, 0);
	} else if (strcmp(file, "s6.sim") == 0) {
		CHECK(strcmp(sc->name, "S6") == 0);
		CHECK_NEAR(sc->duration_s, 6000, 0);
		check_common(sc, -4);
		CHECK_EQ_INT(sc->n_masters, 2);
		m = master(sc, "gm1");
		m2 = master(sc, "gm2");
		CHECK(m && m2);
		if (!m || !m2)
			return;
		check_s1_paths(m);
		check_s1_paths(m2);
		CHECK_EQ_INT(m->priority1, 128);
		CHECK_EQ_INT(m2->priority1, 128);
		CHECK_NEAR(m->start_s, 0, 0);
		CHECK_NEAR(m->stop_s, 2000, 0);
		CHECK_NEAR(m->time_offset_ns, 0, 0);
		CHECK_EQ_INT(m->n_time_steps, 0);
		CHECK_NEAR(m2->start_s, 2000, 0);
		CHECK(m2->stop_s < 0);
		CHECK_NEAR(m2->time_offset_ns, 500, 0);
		CHECK_EQ_INT(m2->n_time_steps, 1);
		CHECK_NEAR(m2->time_steps[0].at_s, 4000, 0);
		CHECK_NEAR(m2->time_steps[0].ns, 1e6, 0);
	} else if (strcmp(file, "s7.sim") == 0) {
		CHECK(strcmp(sc->name, "S7") == 0);
		CHECK_NEAR(sc->duration_s, 6000, 0);
		check_common(sc, -4);
		for (int i = 0; i < 2; i++) {
			const struct ptpdk_sim_path *p = i ? &m->from_slave : &m->to_slave;

			CHECK_NEAR(p->base_ns, 2000, 0);
			check_dist(&p->jitter, PTPDK_SIM_DIST_EXP, 100, 0);
			CHECK_NEAR(p->outlier, 0.01, 0);
			check_dist(&p->outlier_dist, PTPDK_SIM_DIST_UNIFORM, 1000, 100000);
		}
		CHECK_NEAR(m->corrupt, 0.001, 0);
		CHECK_NEAR(m->corrupt_ns, 1e6, 0);
	} else if (strcmp(file, "s8.sim") == 0) {
		CHECK(strcmp(sc->name, "S8") == 0);
		CHECK_NEAR(sc->duration_s, 20000, 0);
		check_common(sc, 0);
		for (int i = 0; i < 2; i++) {
			const struct ptpdk_sim_path *p = i ? &m->from_slave : &m->to_slave;

			CHECK_NEAR(p->base_ns, 10000, 0);
			check_dist(&p->jitter, PTPDK_SIM_DIST_EXP, 10000, 0);
		}
	} else if (strcmp(file, "replay.sim") == 0) {
		CHECK(strcmp(sc->name, "replay") == 0);
		CHECK_NEAR(sc->duration_s, 1200, 0);
		CHECK_NEAR(sc->warmup_s, 300, 0);
		snprintf(want, sizeof(want), "%s/traces/replay-example.txt", dir);
		CHECK(strcmp(m->to_slave.trace_file, want) == 0);
		CHECK(m->from_slave.trace_file[0] == '\0');
		CHECK_NEAR(m->from_slave.base_ns, 2000, 0);
		check_dist(&m->from_slave.jitter, PTPDK_SIM_DIST_EXP, 100, 0);
		CHECK_EQ_INT(m->log_sync_interval, -4);
	} else if (file[0] == 'c') {
		check_shipped_chain(file, sc);
	} else {
		CHECK(!"no expectations for this file");
	}
}

/* The replay trace: a few hundred finite delays >= 0, '#' comments. */
static void check_trace(const char *dir)
{
	char path[600], *text, *p, *end;
	unsigned n = 0;

	snprintf(path, sizeof(path), "%s/traces/replay-example.txt", dir);
	text = read_text(path);
	CHECK(text != NULL);
	if (!text)
		return;
	for (p = strtok(text, "\n"); p; p = strtok(NULL, "\n")) {
		double d;

		if (p[0] == '#')
			continue;
		d = strtod(p, &end);
		CHECK(end != p && *end == '\0' && isfinite(d) && d >= 0);
		n++;
	}
	CHECK(n >= 200 && n <= 1000);
	free(text);
}

static void test_shipped(const char *dir)
{
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		struct ptpdk_sim_scenario sc;
		char path[600], err[ERR_LEN];
		int rc;

		snprintf(path, sizeof(path), "%s/%s", dir, shipped[i]);
		rc = ptpdk_sim_scenario_load(&sc, path, err, sizeof(err));
		if (rc) {
			fprintf(stderr, "%s: %s\n", path, err);
			CHECK_EQ_INT(rc, 0);
			continue;
		}
		CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), 0);
		check_shipped_file(dir, shipped[i], &sc);
	}
	check_trace(dir);
}

/* --- defaults, units, syntax --- */

static void test_defaults(void)
{
	struct ptpdk_sim_scenario sc;
	const struct ptpdk_sim_master *m = &sc.masters[0];
	char err[ERR_LEN];

	memset(&sc, 0x5a, sizeof(sc));
	ptpdk_sim_scenario_init(&sc);
	CHECK_NEAR(sc.duration_s, 3600, 0);
	CHECK_NEAR(sc.warmup_s, 1000, 0);
	CHECK(sc.seed == 1);
	CHECK_NEAR(sc.sample_interval_s, 1, 0);
	CHECK(sc.name[0] == '\0');
	CHECK_NEAR(sc.osc.freq_offset_ppb, 0, 0);
	CHECK_NEAR(sc.osc.random_walk_ppb, 0, 0);
	CHECK_EQ_INT(sc.osc.n_steps, 0);
	CHECK_NEAR(sc.osc.resolution_ns, 0, 0);
	CHECK_EQ_INT(sc.n_masters, 1);
	CHECK(strcmp(m->name, "gm") == 0);
	CHECK_EQ_INT(m->priority1, 128);
	CHECK_EQ_INT(m->priority2, 128);
	CHECK_EQ_INT(m->clock_class, 6);
	CHECK_EQ_INT(m->domain, 0);
	CHECK_EQ_INT(m->log_sync_interval, 0);
	CHECK_EQ_INT(m->log_announce_interval, 1);
	CHECK_EQ_INT(m->log_min_delay_req_interval, 0);
	CHECK(m->two_step);
	CHECK_NEAR(m->start_s, 0, 0);
	CHECK(m->stop_s < 0);
	CHECK_NEAR(m->resolution_ns, 0, 0);
	CHECK_NEAR(m->to_slave.base_ns, 2000, 0);
	CHECK_NEAR(m->from_slave.base_ns, 2000, 0);
	CHECK_EQ_INT(m->to_slave.jitter.kind, PTPDK_SIM_DIST_NONE);
	CHECK_EQ_INT(m->from_slave.n_loads, 0);
	CHECK(strcmp(sc.slave.servo, "ptpdk") == 0);
	CHECK_EQ_INT(sc.slave.delay_filter_length, 10);
	CHECK_NEAR(sc.slave.first_step_threshold_ns, 20000, 0);
	CHECK_NEAR(sc.slave.step_threshold_ns, 0, 0);
	CHECK_NEAR(sc.slave.max_frequency_ppb, 900000000, 0);
	CHECK_NEAR(sc.slave.offset_threshold_ns, 0, 0);
	CHECK_EQ_INT(sc.slave.num_offset_values, 10);
	CHECK_NEAR(sc.slave.max_path_delay_ns, 0, 0);
	CHECK(sc.slave.hw_timestamps);
	CHECK_NEAR(sc.slave.holdover_max_s, 0, 0);
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), 0);

	/* an empty file is the defaults */
	memset(&sc, 0x5a, sizeof(sc));
	expect_ok(&sc, "");
	CHECK_NEAR(sc.duration_s, 3600, 0);
	CHECK_EQ_INT(sc.n_masters, 1);
	CHECK(strcmp(sc.masters[0].name, "gm") == 0);
}

static void test_units(void)
{
	struct ptpdk_sim_scenario sc;
	const struct ptpdk_sim_master *m = &sc.masters[0];

	expect_ok(&sc, "[scenario]\nduration = 600\nwarmup = 100000ms\nsample_interval = 500ms\n"
		       "seed = 18446744073709551615\n");
	CHECK_NEAR(sc.duration_s, 600, 0);
	CHECK_NEAR(sc.warmup_s, 100, 0);
	CHECK_NEAR(sc.sample_interval_s, 0.5, 0);
	CHECK(sc.seed == UINT64_MAX);

	expect_ok(&sc, "[oscillator]\nfreq_offset = -10ppm\ninitial_offset = 1.5ms\n"
		       "resolution = 8\nwhite_fm = 0.5ppb\nrandom_walk = 2.5\n"
		       "temp_ramp = 0.5 100s 200\nfreq_step = 1e3 1.5e2\n");
	CHECK_NEAR(sc.osc.freq_offset_ppb, -10000, 0);
	CHECK_NEAR(sc.osc.initial_offset_ns, 1.5e6, 0);
	CHECK_NEAR(sc.osc.resolution_ns, 8, 0);
	CHECK_NEAR(sc.osc.white_fm_ppb, 0.5, 0);
	CHECK_NEAR(sc.osc.random_walk_ppb, 2.5, 0);
	CHECK_NEAR(sc.osc.temp_ramp_ppb_per_s, 0.5, 0);
	CHECK_NEAR(sc.osc.ramp_start_s, 100, 0);
	CHECK_NEAR(sc.osc.ramp_end_s, 200, 0);
	CHECK_NEAR(sc.osc.steps[0].at_s, 1000, 0);
	CHECK_NEAR(sc.osc.steps[0].ppb, 150, 0);

	/* rates: Hz, "1/N", an optional Hz; or the log interval directly */
	expect_ok(&sc,
		  "[master a]\nsync_rate = 1/8\nannounce_rate = 0.5Hz\ndelay_req_rate = 128\n");
	CHECK_EQ_INT(m->log_sync_interval, 3);
	CHECK_EQ_INT(m->log_announce_interval, 1);
	CHECK_EQ_INT(m->log_min_delay_req_interval, -7);
	expect_ok(&sc, "[master a]\nlog_sync_interval = -4\nlog_announce_interval = +2\n"
		       "log_min_delay_req_interval = 7\nsync_rate = 1/128\n");
	CHECK_EQ_INT(m->log_sync_interval, 7);
	CHECK_EQ_INT(m->log_announce_interval, 2);
	CHECK_EQ_INT(m->log_min_delay_req_interval, 7);

	expect_ok(&sc, "[master a]\nbase_delay = 1e3\nms.jitter = gamma 2 20us\n"
		       "sm.jitter = uniform 1us 100us\nloss = 5%\nreorder = 0.5 1.5us\n"
		       "outlier = 1% normal 5us 1us\nstop = 100\nstart = 0.5s\n"
		       "time_offset = -250\ntime_step = 10 -1ms\nresolution = 8ns\n"
		       "corrupt = 0.25 2s\n");
	CHECK_NEAR(m->to_slave.base_ns, 1000, 0);
	CHECK_NEAR(m->from_slave.base_ns, 1000, 0);
	check_dist(&m->to_slave.jitter, PTPDK_SIM_DIST_GAMMA, 2, 20000);
	check_dist(&m->from_slave.jitter, PTPDK_SIM_DIST_UNIFORM, 1000, 100000);
	CHECK_NEAR(m->to_slave.loss, 0.05, 1e-15);
	CHECK_NEAR(m->from_slave.reorder, 0.5, 0);
	CHECK_NEAR(m->from_slave.reorder_ns, 1500, 0);
	CHECK_NEAR(m->to_slave.outlier, 0.01, 1e-15);
	check_dist(&m->to_slave.outlier_dist, PTPDK_SIM_DIST_NORMAL, 5000, 1000);
	CHECK_NEAR(m->stop_s, 100, 0);
	CHECK_NEAR(m->start_s, 0.5, 0);
	CHECK_NEAR(m->time_offset_ns, -250, 0);
	CHECK_NEAR(m->time_steps[0].at_s, 10, 0);
	CHECK_NEAR(m->time_steps[0].ns, -1e6, 0);
	CHECK_NEAR(m->resolution_ns, 8, 0);
	CHECK_NEAR(m->corrupt, 0.25, 0);
	CHECK_NEAR(m->corrupt_ns, 2e9, 0);

	expect_ok(&sc, "[master a]\nstop = never\njitter = none\ntwo_step = off\n");
	CHECK(m->stop_s == -1);
	CHECK_EQ_INT(m->to_slave.jitter.kind, PTPDK_SIM_DIST_NONE);
	CHECK(!m->two_step);
	expect_ok(&sc, "[master a]\ntwo_step = On\n");
	CHECK(m->two_step);
	expect_ok(&sc, "[master a]\ntwo_step = 0\n");
	CHECK(!m->two_step);
	expect_ok(&sc, "[master a]\ntwo_step = TRUE\n");
	CHECK(m->two_step);

	/* ptp4l's thresholds are seconds when bare, as in ptp4l.conf */
	expect_ok(&sc, "[slave]\nfirst_step_threshold = 0.00002\nstep_threshold = 1ms\n"
		       "servo_offset_threshold = 100\nmax_frequency = 500ppm\nholdover_max = 60\n"
		       "delay_filter_length = 5\ntime_stamping = software\nservo = pi\n"
		       "servo_num_offset_values = 0\nmax_path_delay = 100us\n");
	CHECK_NEAR(sc.slave.first_step_threshold_ns, 20000, 1e-9);
	CHECK_NEAR(sc.slave.step_threshold_ns, 1e6, 0);
	CHECK_NEAR(sc.slave.offset_threshold_ns, 100, 0);
	CHECK_NEAR(sc.slave.max_frequency_ppb, 5e5, 0);
	CHECK_NEAR(sc.slave.holdover_max_s, 60, 0);
	CHECK_EQ_INT(sc.slave.delay_filter_length, 5);
	CHECK(!sc.slave.hw_timestamps);
	CHECK(strcmp(sc.slave.servo, "pi") == 0);
	CHECK_EQ_INT(sc.slave.num_offset_values, 0);
	CHECK_NEAR(sc.slave.max_path_delay_ns, 100000, 0);
}

static void test_syntax(void)
{
	struct ptpdk_sim_scenario sc;
	char err[ERR_LEN];
	const struct ptpdk_sim_master *m = &sc.masters[0];

	/* comments after white space only, CRLF, spacing, a later key overrides */
	expect_ok(&sc, "# comment\r\n\r\n[scenario] # trailing\r\n  name=S#1   # comment\r\n"
		       "\tdescription =\ta  b\t\r\nduration = 10s\nduration = 20s\nwarmup=1\n");
	CHECK(strcmp(sc.name, "S#1") == 0);
	CHECK(strcmp(sc.description, "a  b") == 0);
	CHECK_NEAR(sc.duration_s, 20, 0);
	CHECK_NEAR(sc.warmup_s, 1, 0);

	/* [master] sections replace the default gm; each starts from the defaults */
	expect_ok(&sc, "[master gm1]\npriority1 = 1\nbase_delay = 5us\n[ master  gm-2_b ]\n"
		       "[slave]\n[master gm1x]\n");
	CHECK_EQ_INT(sc.n_masters, 3);
	CHECK(master(&sc, "gm") == NULL);
	CHECK(strcmp(sc.masters[0].name, "gm1") == 0);
	CHECK_EQ_INT(sc.masters[0].priority1, 1);
	CHECK_NEAR(sc.masters[0].from_slave.base_ns, 5000, 0);
	CHECK(strcmp(sc.masters[1].name, "gm-2_b") == 0);
	CHECK_EQ_INT(sc.masters[1].priority1, 128);
	CHECK_NEAR(sc.masters[1].from_slave.base_ns, 2000, 0);

	/* one direction, and the asymmetry where it appears */
	expect_ok(&sc, "[master gm]\nms.base_delay = 5us\nsm.loss = 0.5\n");
	CHECK_NEAR(m->to_slave.base_ns, 5000, 0);
	CHECK_NEAR(m->from_slave.base_ns, 2000, 0);
	CHECK_NEAR(m->to_slave.loss, 0, 0);
	CHECK_NEAR(m->from_slave.loss, 0.5, 0);
	expect_ok(&sc, "[master gm]\nbase_delay = 10us\nasymmetry = 2us\n");
	CHECK_NEAR(m->to_slave.base_ns, 11000, 0);
	CHECK_NEAR(m->from_slave.base_ns, 9000, 0);
	expect_ok(&sc, "[master gm]\nasymmetry = 2us\nbase_delay = 10us\n");
	CHECK_NEAR(m->to_slave.base_ns, 10000, 0);
	CHECK_NEAR(m->from_slave.base_ns, 10000, 0);
	expect_ok(&sc, "[master gm]\nasymmetry = -4us\n");
	CHECK_NEAR(m->to_slave.base_ns, 0, 0);
	CHECK_NEAR(m->from_slave.base_ns, 4000, 0);

	/* events append; alternate and none */
	expect_ok(&sc, "[oscillator]\nfreq_step = 10s 1ppb\nfreq_step = 20s 2ppb\n[master gm]\n"
		       "load = 100s exp 1us\nms.load = 200s gamma 2 5us\noutage = 1 2\n"
		       "outage = 3 4\n");
	CHECK_EQ_INT(sc.osc.n_steps, 2);
	CHECK_NEAR(sc.osc.steps[1].ppb, 2, 0);
	CHECK_EQ_INT(m->to_slave.n_loads, 2);
	CHECK_EQ_INT(m->from_slave.n_loads, 1);
	check_dist(&m->to_slave.loads[1].dist, PTPDK_SIM_DIST_GAMMA, 2, 5000);
	CHECK_NEAR(m->to_slave.loads[1].at_s, 200, 0);
	CHECK_EQ_INT(m->n_outages, 2);
	expect_ok(&sc, "[master gm]\nalternate = 60s exp 1us\nalternate = 30s none\n");
	CHECK_NEAR(m->to_slave.load_period_s, 30, 0);
	CHECK_EQ_INT(m->to_slave.n_loads, 1);
	expect_ok(&sc, "[master gm]\nalternate = 60s exp 1us\nalternate = none\nload = 1s none\n");
	CHECK_NEAR(m->to_slave.load_period_s, 0, 0);
	CHECK_EQ_INT(m->to_slave.n_loads, 1);
	expect_ok(&sc, "[oscillator]\ntemp_sine = 1ppm 60s\ntemp_sine = none\n");
	CHECK_NEAR(sc.osc.temp_amplitude_ppb, 0, 0);
	CHECK_NEAR(sc.osc.temp_period_s, 0, 0);

	/* trace files resolve against the base directory unless absolute */
	CHECK_EQ_INT(ptpdk_sim_scenario_parse(&sc, "[master gm]\nms.trace = t x.txt\n", "t.sim",
					      "/some/dir", err, sizeof(err)),
		     0);
	CHECK(strcmp(m->to_slave.trace_file, "/some/dir/t x.txt") == 0);
	CHECK(m->from_slave.trace_file[0] == '\0');
	CHECK_EQ_INT(ptpdk_sim_scenario_parse(&sc, "[master gm]\ntrace = /abs/y\n", NULL,
					      "/some/dir", err, sizeof(err)),
		     0);
	CHECK(strcmp(m->from_slave.trace_file, "/abs/y") == 0);
	expect_ok(&sc, "[master gm]\ntrace = rel/z\ntrace = none\nms.trace = rel/z\n");
	CHECK(strcmp(m->to_slave.trace_file, "rel/z") == 0);
	CHECK(m->from_slave.trace_file[0] == '\0');

	/* a file without a final newline, and a name at the length limit */
	expect_ok(&sc, "[scenario]\nname = "
		       "012345678901234567890123456789012345678901234567890123456789012");
	CHECK_EQ_INT(strlen(sc.name), 63);
}

/* --- errors --- */

static void test_errors(void)
{
	char big[2100];

	/* the brief's list first */
	expect_error(
		"[bogus]\n",
		"t.sim:1: unknown section '[bogus]' (scenario, oscillator, slave, master NAME, bc "
		"NAME)");
	expect_error("[scenario]\nfoo = 1\n", "t.sim:2: unknown key 'foo' in [scenario]");
	expect_error("[scenario]\nduration = 10min\n",
		     "t.sim:2: duration: unknown unit 'min' in '10min' (ns, us, ms, s)");
	expect_error("[oscillator]\nfreq_offset = 10Hz\n",
		     "t.sim:2: freq_offset: unknown unit 'Hz' in '10Hz' (ppb, ppm)");
	expect_error("[master gm]\n\njitter = expo 1us\n",
		     "t.sim:3: jitter: unknown distribution 'expo' (exp, gamma, uniform, normal, "
		     "none)");
	expect_error("[master gm]\nloss = 1.5\n", "t.sim:2: loss: 1.5 is out of range (0 .. 1)");
	expect_error("[master gm]\nsm.outlier = -0.1 exp 1us\n",
		     "t.sim:2: sm.outlier: -0.1 is out of range (0 .. 1)");
	expect_error("[master a]\n[master b]\n[master c]\n[master d]\n[master e]\n",
		     "t.sim:5: more than 4 masters");
	{
		char text[1024];
		size_t n = (size_t)snprintf(text, sizeof(text), "[oscillator]\n");

		for (int i = 0; i < PTPDK_SIM_MAX_EVENTS + 1; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "freq_step = %ds 1ppb\n",
					      i);
		expect_error(text, "t.sim:18: freq_step: more than 16 of these events");
	}
	expect_error("[master a]\nloss = 0\n[master a]\n",
		     "t.sim:3: duplicate master name 'a' (first at line 1)");
	expect_error("[scenario]\nduration = 500s\n",
		     "t.sim:2: warmup: 1000 s is not less than the duration (500 s)");
	expect_error("[scenario]\nwarmup = 600s\n\nduration = 600s\n",
		     "t.sim:4: warmup: 600 s is not less than the duration (600 s)");
	expect_error("[scenario]\nduration = 5000s\nwarmup = 5000s\n",
		     "t.sim:3: warmup: 5000 s is not less than the duration (5000 s)");
	memset(big, 'x', sizeof(big));
	memcpy(big, "[scenario]\n# ", 13);
	big[11 + 1025] = '\0';
	expect_error(big, "t.sim:2: line longer than 1024 characters");
	big[11 + 1024] = '\0'; /* exactly 1024 is fine */
	{
		struct ptpdk_sim_scenario sc;

		expect_ok(&sc, big);
	}
	expect_error("[scenario]\nduration 600s\n",
		     "t.sim:2: expected 'key = value' or a [section], got 'duration 600s'");

	/* structure */
	expect_error("duration = 1s\n", "t.sim:1: duration: outside a section (a file starts with "
					"[scenario], [oscillator], [slave], [master NAME] or [bc "
					"NAME])");
	expect_error("[scenario\n", "t.sim:1: section header '[scenario' does not end with ']'");
	expect_error("[slave x]\n", "t.sim:1: [slave] takes no name");
	expect_error("\n[master]\n", "t.sim:2: [master] needs a name: [master NAME]");
	expect_error("[master a.b]\n", "t.sim:1: master name 'a.b': 1 to 63 letters, digits, '_' "
				       "or '-' ('ms' and 'sm' are reserved)");
	expect_error("[master ms]\n", "t.sim:1: master name 'ms': 1 to 63 letters, digits, '_' or "
				      "'-' ('ms' and 'sm' are reserved)");
	expect_error("[scenario]\n = 1\n", "t.sim:2: missing key before '='");
	expect_error("[scenario]\nname =   # nothing\n", "t.sim:2: name: missing value");
	expect_error("[scenario]\nname = a\tb\x01\n", "t.sim:2: control character 0x01");
	expect_error("[scenario]\nms.duration = 1\n",
		     "t.sim:2: unknown key 'ms.duration' in [scenario]");
	expect_error("[master gm]\nms.priority1 = 1\n",
		     "t.sim:2: ms.priority1: ms. and sm. apply only to path keys (base_delay, "
		     "jitter, load, alternate, loss, reorder, outlier, trace, residence)");
	expect_error("[master gm]\nxx.loss = 1\n", "t.sim:2: unknown key 'xx.loss' in [master]");

	/* numbers */
	expect_error("[scenario]\nduration = nan\n", "t.sim:2: duration: 'nan' is not a number");
	expect_error("[scenario]\nduration = inf\n", "t.sim:2: duration: 'inf' is not a number");
	expect_error("[scenario]\nduration = 0x10\n",
		     "t.sim:2: duration: unknown unit 'x10' in '0x10' (ns, us, ms, s)");
	expect_error("[scenario]\nduration = 1e999\n",
		     "t.sim:2: duration: 1e999 is out of range (> 0 s, <= 1e+08 s)");
	expect_error("[scenario]\nduration = 0\n",
		     "t.sim:2: duration: 0 is out of range (> 0 s, <= 1e+08 s)");
	expect_error("[scenario]\nduration = 10 s\n",
		     "t.sim:2: duration: expected one value (TIME)");
	expect_error("[scenario]\nduration = .\n", "t.sim:2: duration: '.' is not a number");
	expect_error("[scenario]\nseed = -1\n", "t.sim:2: seed: '-1' is not an unsigned integer");
	expect_error("[scenario]\nseed = 18446744073709551616\n",
		     "t.sim:2: seed: 18446744073709551616 is out of range (0 .. "
		     "18446744073709551615)");
	expect_error("[master gm]\npriority1 = 256\n",
		     "t.sim:2: priority1: 256 is out of range (0 .. 255)");
	expect_error("[master gm]\npriority2 = 1.0\n",
		     "t.sim:2: priority2: '1.0' is not an integer");
	expect_error("[master gm]\ndomain = 128\n",
		     "t.sim:2: domain: 128 is out of range (0 .. 127)");
	expect_error("[master gm]\nlog_sync_interval = -8\n",
		     "t.sim:2: log_sync_interval: -8 is out of range (-7 .. 7)");
	expect_error("[master gm]\nsync_rate = 3\n",
		     "t.sim:2: sync_rate: 3 is not a power of two from 1/128 to 128 Hz");
	expect_error("[master gm]\nsync_rate = 256Hz\n",
		     "t.sim:2: sync_rate: 256Hz is not a power of two from 1/128 to 128 Hz");
	expect_error("[master gm]\nannounce_rate = 1/0\n",
		     "t.sim:2: announce_rate: 0 is out of range (> 0, <= 1e+09)");
	expect_error("[master gm]\ntwo_step = maybe\n",
		     "t.sim:2: two_step: 'maybe' is not a boolean (yes, no, 1, 0, true, false, on, "
		     "off)");
	expect_error("[master gm]\nbase_delay = -1ns\n",
		     "t.sim:2: base_delay: -1ns is out of range (0 ns .. 1e+11 ns)");
	expect_error("[oscillator]\nrandom_walk = 1ppb\n",
		     "t.sim:2: random_walk: '1ppb' is not a number (no unit here)");
	expect_error("[slave]\ntime_stamping = legacy\n",
		     "t.sim:2: time_stamping: 'legacy' is not hardware or software");
	expect_error("[slave]\ndelay_filter_length = 0\n",
		     "t.sim:2: delay_filter_length: 0 is out of range (1 .. 2147483647)");
	expect_error("[slave]\nservo = "
		     "0123456789012345678901234567890123456789012345678901234567890123\n",
		     "t.sim:2: servo: longer than 63 characters");

	/* distributions and events */
	expect_error("[master gm]\njitter = gamma 0 1us\n",
		     "t.sim:2: jitter: 0 is out of range (> 0, <= 1e+06)");
	expect_error("[master gm]\njitter = uniform 2us 1us\n",
		     "t.sim:2: jitter: uniform: LOW 2000 ns is above HIGH 1000 ns");
	expect_error("[master gm]\njitter = exp -1us\n",
		     "t.sim:2: jitter: -1us is out of range (0 ns .. 1e+11 ns)");
	expect_error("[master gm]\njitter = exp\n", "t.sim:2: jitter: exp takes 1 value: exp MEAN");
	expect_error("[master gm]\njitter = normal 1us 2us 3us\n",
		     "t.sim:2: jitter: normal takes 2 values: normal MEAN SIGMA");
	expect_error("[master gm]\nload = 1s gamma 2 1us 3 4 5\n",
		     "t.sim:2: load: gamma takes 2 values: gamma SHAPE MEAN");
	expect_error("[master gm]\nload = 1s\n", "t.sim:2: load: expected AT DISTRIBUTION");
	expect_error("[master gm]\noutage = 1s\n", "t.sim:2: outage: expected FROM LENGTH");
	expect_error("[master gm]\noutage = 1s 0s\n",
		     "t.sim:2: outage: 0s is out of range (> 0 s, <= 1e+08 s)");
	expect_error("[oscillator]\ntemp_sine = 200ppb\n",
		     "t.sim:2: temp_sine: expected AMPLITUDE PERIOD, or none");
	expect_error("[oscillator]\ntemp_ramp = 1 20s 10s\n",
		     "t.sim:2: temp_ramp: START 20 s is after END 10 s");
	expect_error("[master gm]\nload = 1s exp 1us\nalternate = 600s exp 1us\n",
		     "t.sim:3: alternate: cannot be combined with load");
	expect_error("[master gm]\nalternate = 600s exp 1us\nms.load = 1s exp 1us\n",
		     "t.sim:3: ms.load: cannot be combined with alternate");
	expect_error("[master gm]\nasymmetry = 10us\n",
		     "t.sim:2: sm.base_delay: -3000 ns is negative (asymmetry X moves X/2 from sm "
		     "to ms)");
	expect_error("[master gm]\nsm.asymmetry = 1us\n",
		     "t.sim:2: sm.asymmetry: ms. and sm. apply only to path keys (base_delay, "
		     "jitter, load, alternate, loss, reorder, outlier, trace, residence)");

	/* the final check blames the line that set the value */
	expect_error("[master gm]\nload = 20s exp 1us\n\nload = 10s exp 1us\n",
		     "t.sim:4: ms.load: 10 s comes before the previous load (20 s); list loads in "
		     "time order");
	expect_error("[oscillator]\nfreq_step = 20s 1ppb\nfreq_step = 10s 1ppb\n",
		     "t.sim:3: freq_step: 10 s comes before the previous step (20 s); list steps "
		     "in time order");
	expect_error("[master gm]\nstart = 100s\nstop = 50s\npriority1 = 3\n",
		     "t.sim:3: stop: 50 s is not after start (100 s)");
	expect_error("[master gm]\nstop = 50s\nstart = 100s\n",
		     "t.sim:3: stop: 50 s is not after start (100 s)");
	expect_error("[scenario]\nsample_interval = 2h\n",
		     "t.sim:2: sample_interval: unknown unit 'h' in '2h' (ns, us, ms, s)");
	expect_error("[scenario]\nduration = 1500\nsample_interval = 2000\n",
		     "t.sim:3: sample_interval: 2000 s is out of range (> 0, <= the duration 1500 "
		     "s)");
}

/* Huge input, and the errors that need a file. */
static void test_file_errors(const char *dir)
{
	struct ptpdk_sim_scenario sc;
	char err[ERR_LEN], want[ERR_LEN + 200], path[256];
	const char *tmp = getenv("TMPDIR");
	char *text = malloc((1 << 20) + 64);
	FILE *f;
	int fd, rc;

	CHECK(text != NULL);
	if (!text)
		return;
	/* 1 MiB + 1 of comment lines: refused at the line holding the limit */
	memset(text, '#', (1 << 20) + 1);
	for (size_t i = 99; i < (1 << 20) + 1; i += 100)
		text[i] = '\n';
	text[(1 << 20) + 1] = '\0';
	rc = parse(&sc, text, err);
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK(strcmp(err, "t.sim:10486: more than 1048576 bytes") == 0);
	text[1 << 20] = '\0';
	CHECK_EQ_INT(parse(&sc, text, err), 0);

	/* a trace that cannot be read: load names the line, check names the master */
	snprintf(path, sizeof(path), "%s/ptpdk-scn-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0) {
		free(text);
		return;
	}
	f = fdopen(fd, "w");
	fputs("[scenario]\nname = x\n[master gm]\nms.trace = no-such-trace.txt\n", f);
	fclose(f);
	rc = ptpdk_sim_scenario_load(&sc, path, err, sizeof(err));
	CHECK_EQ_INT(rc, -EINVAL);
	snprintf(want, sizeof(want),
		 "%s:4: ms.trace: cannot open '%.*s/no-such-trace.txt': No such file or directory",
		 path, (int)(strrchr(path, '/') - path), path);
	CHECK(strcmp(err, want) == 0);
	if (strcmp(err, want))
		fprintf(stderr, "  got:  %s\n  want: %s\n", err, want);
	/* parse alone does no I/O; the check does */
	rc = ptpdk_sim_scenario_parse(&sc, "[master gm]\nms.trace = /nonexistent/t.txt\n", "t.sim",
				      NULL, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	rc = ptpdk_sim_scenario_check(&sc, err, sizeof(err));
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK(strcmp(err, "[master gm] ms.trace: cannot open '/nonexistent/t.txt': No such file or "
			  "directory") == 0);
	snprintf(sc.masters[0].to_slave.trace_file, PTPDK_SIM_PATH_MAX, "%s", dir);
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "is not a regular file") != NULL);

	/* a NUL byte in a file */
	f = fopen(path, "wb");
	fwrite("[scenario]\nname = a\0b\n", 1, 22, f);
	fclose(f);
	CHECK_EQ_INT(ptpdk_sim_scenario_load(&sc, path, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:2: NUL byte", path);
	CHECK(strcmp(err, want) == 0);

	/* too big a file */
	f = fopen(path, "wb");
	memset(text, '#', (1 << 20) + 10);
	fwrite(text, 1, (1 << 20) + 10, f);
	fclose(f);
	CHECK_EQ_INT(ptpdk_sim_scenario_load(&sc, path, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:1: more than 1048576 bytes", path);
	CHECK(strcmp(err, want) == 0);
	unlink(path);

	/* the read's errno */
	CHECK_EQ_INT(ptpdk_sim_scenario_load(&sc, path, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "No such file") != NULL);
	CHECK_EQ_INT(ptpdk_sim_scenario_load(&sc, dir, err, sizeof(err)), -EISDIR);
	CHECK(ptpdk_sim_scenario_load(NULL, dir, err, sizeof(err)) == -EINVAL);
	CHECK(ptpdk_sim_scenario_parse(&sc, NULL, NULL, NULL, NULL, 0) == -EINVAL);
	CHECK(ptpdk_sim_scenario_check(NULL, err, sizeof(err)) == -EINVAL);
	free(text);
}

/* Scenarios built in code are checked too. */
static void test_check(void)
{
	struct ptpdk_sim_scenario sc;
	char err[ERR_LEN];

	ptpdk_sim_scenario_init(&sc);
	sc.n_masters = 0;
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "0 masters (1 .. 4)") == 0);
	ptpdk_sim_scenario_init(&sc);
	sc.duration_s = NAN;
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[scenario] duration: nan s is out of range (> 0, <= 1e+08 s)") == 0);
	ptpdk_sim_scenario_init(&sc);
	sc.masters[0].stop_s = 0;
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[master gm] stop: 0 s is not after start (0 s)") == 0);
	ptpdk_sim_scenario_init(&sc);
	sc.masters[0].from_slave.jitter.kind = (enum ptpdk_sim_dist_kind)99;
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[master gm] sm.jitter: unknown distribution kind") == 0);
	ptpdk_sim_scenario_init(&sc);
	sc.masters[0].to_slave.load_period_s = 10;
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[master gm] ms.alternate: period 10 s needs exactly one load (has 0)") ==
	      0);
	ptpdk_sim_scenario_init(&sc);
	sc.masters[0].log_sync_interval = 8;
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[master gm] log_sync_interval: 8 is out of range (-7 .. 7)") == 0);
	ptpdk_sim_scenario_init(&sc);
	sc.osc.temp_amplitude_ppb = 5;
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[oscillator] temp_sine: amplitude 5 ppb with period 0 s (a sine needs a "
			  "period > 0)") == 0);
	ptpdk_sim_scenario_init(&sc);
	sc.slave.servo[0] = '\0';
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[slave] servo: no name") == 0);
	ptpdk_sim_scenario_init(&sc);
	sc.n_masters = 2;
	sc.masters[1] = sc.masters[0];
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "[master gm] duplicate master name 'gm'") == 0);
}

/* --- overrides --- */

static int set(struct ptpdk_sim_scenario *sc, const char *assignment, char *err)
{
	return ptpdk_sim_scenario_override(sc, assignment, err, ERR_LEN);
}

static void test_override(const char *dir)
{
	struct ptpdk_sim_scenario sc, before;
	const struct ptpdk_sim_master *gm1, *gm2;
	char err[ERR_LEN], path[600];

	snprintf(path, sizeof(path), "%s/s6.sim", dir);
	CHECK_EQ_INT(ptpdk_sim_scenario_load(&sc, path, err, sizeof(err)), 0);
	gm1 = master(&sc, "gm1");
	gm2 = master(&sc, "gm2");
	CHECK(gm1 && gm2);
	if (!gm1 || !gm2)
		return;
	CHECK_EQ_INT(set(&sc, "scenario.duration=600s", err), 0);
	CHECK_NEAR(sc.duration_s, 600, 0);
	CHECK_EQ_INT(set(&sc, " scenario.warmup = 100 ", err), 0);
	CHECK_NEAR(sc.warmup_s, 100, 0);
	CHECK_EQ_INT(set(&sc, "slave.servo=pi", err), 0);
	CHECK(strcmp(sc.slave.servo, "pi") == 0);
	CHECK_EQ_INT(set(&sc, "oscillator.random_walk=0", err), 0);
	CHECK_NEAR(sc.osc.random_walk_ppb, 0, 0);
	CHECK_EQ_INT(set(&sc, "oscillator.freq_step=100s 5ppb", err), 0);
	CHECK_EQ_INT(sc.osc.n_steps, 1);
	CHECK_NEAR(sc.osc.steps[0].ppb, 5, 0);
	CHECK_EQ_INT(set(&sc, "master.gm2.start=100s", err), 0);
	CHECK_NEAR(gm2->start_s, 100, 0);
	CHECK_NEAR(gm1->start_s, 0, 0);
	CHECK_EQ_INT(set(&sc, "master.loss=0.1", err), 0);
	CHECK_NEAR(gm1->to_slave.loss, 0.1, 0);
	CHECK_NEAR(gm1->from_slave.loss, 0.1, 0);
	CHECK_NEAR(gm2->to_slave.loss, 0.1, 0);
	CHECK_NEAR(gm2->from_slave.loss, 0.1, 0);
	CHECK_EQ_INT(set(&sc, "master.ms.loss=0.2", err), 0);
	CHECK_NEAR(gm1->to_slave.loss, 0.2, 0);
	CHECK_NEAR(gm2->to_slave.loss, 0.2, 0);
	CHECK_NEAR(gm2->from_slave.loss, 0.1, 0);
	CHECK_EQ_INT(set(&sc, "master.gm1.sm.jitter=gamma 2 5us", err), 0);
	check_dist(&gm1->from_slave.jitter, PTPDK_SIM_DIST_GAMMA, 2, 5000);
	check_dist(&gm1->to_slave.jitter, PTPDK_SIM_DIST_EXP, 100, 0);
	CHECK_EQ_INT(set(&sc, "master.time_step=5000s -1us", err), 0);
	CHECK_EQ_INT(gm1->n_time_steps, 1);
	CHECK_EQ_INT(gm2->n_time_steps, 2);
	CHECK_EQ_INT(set(&sc, "master.corrupt=0 0", err), 0);
	CHECK_NEAR(gm1->corrupt, 0, 0);
	CHECK_EQ_INT(ptpdk_sim_scenario_check(&sc, err, sizeof(err)), 0);

	/* refused overrides change nothing, not even half of "all masters" */
	before = sc;
	CHECK_EQ_INT(set(&sc, "master.gm9.start=1s", err), -EINVAL);
	CHECK(strcmp(err, "override: master.gm9.start: unknown master 'gm9'") == 0);
	CHECK_EQ_INT(set(&sc, "scenario.duration", err), -EINVAL);
	CHECK(strcmp(err, "override: expected SECTION.KEY=VALUE (e.g. scenario.duration=600s), got "
			  "'scenario.duration'") == 0);
	CHECK_EQ_INT(set(&sc, "duration=1", err), -EINVAL);
	CHECK(strcmp(err, "override: duration: expected SECTION.KEY (scenario, oscillator, slave, "
			  "master[.NAME], bc[.NAME])") == 0);
	CHECK_EQ_INT(set(&sc, "bogus.x=1", err), -EINVAL);
	CHECK(strcmp(err,
		     "override: bogus.x: unknown section 'bogus' (scenario, oscillator, slave, "
		     "master, bc)") == 0);
	CHECK_EQ_INT(set(&sc, "scenario.nokey=1", err), -EINVAL);
	CHECK(strcmp(err, "override: unknown key 'nokey' in [scenario]") == 0);
	CHECK_EQ_INT(set(&sc, "scenario.duration=abc", err), -EINVAL);
	CHECK(strcmp(err, "override: scenario.duration: 'abc' is not a number") == 0);
	CHECK_EQ_INT(set(&sc, "scenario.duration=", err), -EINVAL);
	CHECK(strcmp(err, "override: scenario.duration: missing value") == 0);
	CHECK_EQ_INT(set(&sc, "slave.servo=a\nb", err), -EINVAL);
	CHECK(strcmp(err, "override: control character 0x0a") == 0);
	CHECK(memcmp(&sc, &before, sizeof(sc)) == 0);
	CHECK_EQ_INT(set(&sc, "master.gm2.alternate=60s exp 1us", err), 0);
	before = sc;
	CHECK_EQ_INT(set(&sc, "master.load=10s exp 1us", err), -EINVAL);
	CHECK(strcmp(err, "override: master.load: cannot be combined with alternate") == 0);
	CHECK(memcmp(&sc, &before, sizeof(sc)) == 0);
	CHECK(ptpdk_sim_scenario_override(NULL, "a.b=1", err, sizeof(err)) == -EINVAL);
	CHECK(ptpdk_sim_scenario_override(&sc, NULL, NULL, 0) == -EINVAL);
}

/* --- fuzz --- */

static const char *const fuzz_tokens[] = {
	"=",
	"[",
	"]",
	"#",
	" ",
	"\t",
	"\n",
	"ms.",
	"sm.",
	"-",
	"1e308",
	"1e-9",
	"0",
	"never",
	"none",
	"gamma",
	"exp",
	"%",
	"[master x]\n",
	"[master gm]\n",
	"load = 1s exp 1us\n",
	"alternate = 1s none\n",
	"asymmetry = 1ms\n",
	"freq_step = 1s 1ppb\n",
	"ppm",
	"us",
	"\r\n",
	"\xff",
};

/* Every error is "ORIGIN:LINE: message". */
static bool located(const char *err, const char *origin)
{
	size_t n = strlen(origin);
	const char *p = err + n + 1;

	if (strncmp(err, origin, n) != 0 || err[n] != ':' || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return p[0] == ':' && p[1] == ' ' && p[2] != '\0';
}

static void mutate(char *buf, size_t cap, size_t *len)
{
	size_t n = *len, at = n ? check_rand() % n : 0;

	switch (check_rand() % 5) {
	case 0: /* byte flips */
		for (unsigned k = 1 + check_rand() % 8; k && n; k--)
			buf[check_rand() % n] = (char)(check_rand() | 1); /* NUL would just cut */
		break;
	case 1: /* truncation */
		n = at;
		break;
	case 2: { /* a token inserted */
		const char *t =
			fuzz_tokens[check_rand() % (sizeof(fuzz_tokens) / sizeof(fuzz_tokens[0]))];
		size_t tl = strlen(t);

		if (n + tl < cap) {
			memmove(buf + at + tl, buf + at, n - at);
			memcpy(buf + at, t, tl);
			n += tl;
		}
		break;
	}
	case 3: { /* a line repeated, to reach the event and master limits */
		size_t s = at, e = at;

		while (s > 0 && buf[s - 1] != '\n')
			s--;
		while (e < n && buf[e] != '\n')
			e++;
		for (unsigned k = check_rand() % 20; k && n + (e - s) + 1 < cap; k--) {
			memmove(buf + e + 1 + (e - s), buf + e, n - e);
			buf[e] = '\n';
			memmove(buf + e + 1, buf + s, e - s);
			n += e - s + 1;
		}
		break;
	}
	default: /* a byte deleted */
		if (n) {
			memmove(buf + at, buf + at + 1, n - at - 1);
			n--;
		}
		break;
	}
	buf[n] = '\0';
	*len = n;
}

/* --- chains: [bc NAME], transparent clocks --- */

static void test_chain_keys(void)
{
	struct ptpdk_sim_scenario sc;
	const struct ptpdk_sim_master *m = &sc.masters[0];
	const struct ptpdk_sim_bc *b1 = &sc.bcs[0], *b2 = &sc.bcs[1];
	char err[ERR_LEN];

	expect_ok(&sc, "[master gm]\n");
	CHECK(!ptpdk_sim_scenario_is_chain(&sc));
	CHECK_EQ_INT(m->tc.mode, PTPDK_SIM_TC_NONE);
	CHECK(m->tc.correction);
	expect_ok(&sc, "[master gm]\ntc = one_step\nms.residence = exp 5us\ntc_resolution = 8ns\n"
		       "[bc b1]\nfreq_offset = -5ppm\nresolution = 8\ninitial_offset = 3ms\n"
		       "asymmetry = 100ns\nsm.jitter = exp 100ns\ntc = two_step\n"
		       "tc_correction = no\nresidence = uniform 1us 2us\n"
		       "[bc b2]\nfreq_step = 100s 5ppb\n");
	CHECK(ptpdk_sim_scenario_is_chain(&sc));
	CHECK_EQ_INT(sc.n_bcs, 2);
	CHECK_EQ_INT(m->tc.mode, PTPDK_SIM_TC_ONE_STEP);
	CHECK_NEAR(m->tc.resolution_ns, 8, 0);
	check_dist(&m->to_slave.residence, PTPDK_SIM_DIST_EXP, 5000, 0);
	CHECK_EQ_INT(m->from_slave.residence.kind, PTPDK_SIM_DIST_NONE);
	CHECK(strcmp(b1->name, "b1") == 0 && strcmp(b2->name, "b2") == 0);
	CHECK_NEAR(b1->osc.freq_offset_ppb, -5000, 0);
	CHECK_NEAR(b1->osc.resolution_ns, 8, 0);
	CHECK_NEAR(b1->osc.initial_offset_ns, 3e6, 0);
	CHECK_NEAR(b1->to_slave.base_ns, 2050, 0);
	CHECK_NEAR(b1->from_slave.base_ns, 1950, 0);
	CHECK_EQ_INT(b1->to_slave.jitter.kind, PTPDK_SIM_DIST_NONE);
	check_dist(&b1->from_slave.jitter, PTPDK_SIM_DIST_EXP, 100, 0);
	CHECK_EQ_INT(b1->tc.mode, PTPDK_SIM_TC_TWO_STEP);
	CHECK(!b1->tc.correction);
	check_dist(&b1->to_slave.residence, PTPDK_SIM_DIST_UNIFORM, 1000, 2000);
	check_dist(&b1->from_slave.residence, PTPDK_SIM_DIST_UNIFORM, 1000, 2000);
	CHECK_EQ_INT(b2->osc.n_steps, 1);
	/* the slave's [oscillator] is not a BC's */
	CHECK_NEAR(sc.osc.freq_offset_ppb, 0, 0);
	/* a TC alone makes a chain too */
	expect_ok(&sc, "[master gm]\ntc = two_step\n");
	CHECK(ptpdk_sim_scenario_is_chain(&sc));

	expect_error("[bc]\n", "t.sim:1: [bc] needs a name: [bc NAME]");
	expect_error("[bc x]\n[bc x]\n",
		     "t.sim:2: duplicate boundary clock name 'x' (first at line 1)");
	expect_error("[bc a]\n[bc b]\n[bc c]\n[bc d]\n[bc e]\n",
		     "t.sim:5: more than 4 boundary clocks");
	expect_error("[bc x]\npriority1 = 1\n", "t.sim:2: unknown key 'priority1' in [bc]");
	expect_error("[master gm]\ntc = yes\n",
		     "t.sim:2: tc: 'yes' is not none, one_step or two_step");
	expect_error("[master gm]\nms.tc = one_step\n",
		     "t.sim:2: ms.tc: ms. and sm. apply only to path keys (base_delay, jitter, "
		     "load, alternate, loss, reorder, outlier, trace, residence)");
	expect_error("[master gm]\n\nresidence = exp 1us\n",
		     "t.sim:3: residence: the link has no transparent clock (tc = one_step or "
		     "two_step)");
	expect_error("[master a]\n[master b]\n[bc x]\n",
		     "t.sim:3: a chain (a [bc] or a tc on the master's link) has exactly one "
		     "master, not 2");
	expect_error("[master gm]\noutage = 10s 10s\n[bc x]\n",
		     "t.sim:1: start, stop, outage, time_step: not modelled in a chain (its "
		     "grandmaster is a ptpdk engine that runs from the start)");
	/* one-step masters in a chain, but not through a two-step TC */
	expect_ok(&sc, "[master gm]\ntwo_step = no\ntc = one_step\n[bc b1]\ntwo_step = no\n");
	CHECK(!sc.masters[0].two_step);
	CHECK(!sc.bcs[0].two_step);
	expect_ok(&sc, "[bc b1]\n");
	CHECK(sc.bcs[0].two_step);
	expect_error("[master gm]\ntwo_step = no\ntc = two_step\n",
		     "t.sim:3: two_step = no with tc = two_step: a two-step transparent clock "
		     "would have to make one-step Syncs two-step, which is not modelled");
	expect_error("[bc b1]\ntc = two_step\ntwo_step = no\n",
		     "t.sim:3: two_step = no with tc = two_step: a two-step transparent clock "
		     "would have to make one-step Syncs two-step, which is not modelled");
	expect_error("[bc x]\nsm.base_delay = 1us\nasymmetry = 4us\n",
		     "t.sim:3: sm.base_delay: -1000 ns is negative (asymmetry X moves X/2 from sm "
		     "to ms)");

	/* overrides: one BC by name, or all of them */
	expect_ok(&sc, "[bc b1]\n[bc b2]\n");
	CHECK_EQ_INT(set(&sc, "bc.b2.freq_offset=1ppm", err), 0);
	CHECK_NEAR(b2->osc.freq_offset_ppb, 1000, 0);
	CHECK_NEAR(b1->osc.freq_offset_ppb, 0, 0);
	CHECK_EQ_INT(set(&sc, "bc.ms.jitter=exp 1us", err), 0);
	check_dist(&b1->to_slave.jitter, PTPDK_SIM_DIST_EXP, 1000, 0);
	check_dist(&b2->to_slave.jitter, PTPDK_SIM_DIST_EXP, 1000, 0);
	CHECK_EQ_INT(b2->from_slave.jitter.kind, PTPDK_SIM_DIST_NONE);
	CHECK_EQ_INT(set(&sc, "bc.tc=one_step", err), 0);
	CHECK_EQ_INT(b1->tc.mode, PTPDK_SIM_TC_ONE_STEP);
	CHECK_EQ_INT(set(&sc, "bc.b9.tc=one_step", err), -EINVAL);
	CHECK(strcmp(err, "override: bc.b9.tc: unknown boundary clock 'b9'") == 0);
	expect_ok(&sc, "[master gm]\n");
	CHECK_EQ_INT(set(&sc, "bc.tc=one_step", err), -EINVAL);
	CHECK(strcmp(err, "override: bc.tc: no boundary clocks") == 0);
}

static void test_fuzz(const char *dir)
{
	enum { CAP = 64 * 1024, ROUNDS = 2500 };
	char *orig, *buf = malloc(CAP);
	unsigned accepted = 0, refused = 0;

	CHECK(buf != NULL);
	for (size_t f = 0; buf && f < sizeof(shipped) / sizeof(shipped[0]); f++) {
		char path[600];

		snprintf(path, sizeof(path), "%s/%s", dir, shipped[f]);
		orig = read_text(path);
		CHECK(orig != NULL);
		for (int r = 0; orig && r < ROUNDS; r++) {
			struct ptpdk_sim_scenario sc;
			char err[ERR_LEN];
			size_t len = strlen(orig);
			int rc;

			if (len >= CAP)
				break;
			memcpy(buf, orig, len + 1);
			for (unsigned k = 1 + check_rand() % 3; k; k--)
				mutate(buf, CAP, &len);
			memset(err, 0x5a, sizeof(err));
			rc = ptpdk_sim_scenario_parse(&sc, buf, "f.sim", dir, err, sizeof(err));
			CHECK(rc == 0 || rc == -EINVAL);
			CHECK(memchr(err, '\0', sizeof(err)) != NULL);
			if (rc == 0) {
				accepted++;
				rc = ptpdk_sim_scenario_check(&sc, err, sizeof(err));
				CHECK(rc == 0 || (rc == -EINVAL && err[0]));
			} else {
				refused++;
				if (!located(err, "f.sim")) {
					CHECK(!"error without ORIGIN:LINE");
					fprintf(stderr, "  %s\n", err);
				}
			}
			/* overrides built from the same text's fragments */
			if (rc == 0 && len > 4) {
				char a[64];
				size_t at = check_rand() % (len - 4);

				snprintf(a, sizeof(a), "master.%.40s", buf + at);
				rc = ptpdk_sim_scenario_override(&sc, a, err, sizeof(err));
				CHECK(rc == 0 || (rc == -EINVAL && err[0]));
			}
			if (check_failures > 20)
				break;
		}
		free(orig);
	}
	printf("test_sim_scenario: fuzz %u accepted, %u refused\n", accepted, refused);
	CHECK(accepted > 0 && refused > 0);
	free(buf);
}

int main(int argc, char **argv)
{
	const char *env = getenv("PTPDK_TEST_SEED");

	if (argc != 2) {
		fprintf(stderr, "usage: %s CONFIG_SIM_DIR\n", argv[0]);
		return 2;
	}
	/* deterministic by default; PTPDK_TEST_SEED explores others */
	check_rng_state = env ? strtoull(env, NULL, 0) : 1588;
	printf("test_sim_scenario: seed %" PRIu64 " (replay with PTPDK_TEST_SEED=%" PRIu64 ")\n",
	       check_rng_state, check_rng_state);
	test_defaults();
	test_shipped(argv[1]);
	test_units();
	test_syntax();
	test_errors();
	test_file_errors(argv[1]);
	test_check();
	test_override(argv[1]);
	test_chain_keys();
	test_fuzz(argv[1]);
	return check_report("test_sim_scenario");
}
