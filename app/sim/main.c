/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-sim: the simulator. It loads a scenario, runs the engine and servo
 * (the daemon's own code) against it once per servo asked for, and reports.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim_chain.h"
#include "sim_options.h"
#include "sim_run.h"

struct progress_state {
	const char *label;
	int last_percent;
};

static void progress_bar(void *ctx, double fraction)
{
	struct progress_state *p = ctx;
	int percent = (int)(fraction * 100.0);
	int width = 40, filled = percent * width / 100;

	if (percent == p->last_percent)
		return;
	p->last_percent = percent;
	fprintf(stderr, "\r%-8s [%.*s%*s] %3d%%", p->label, filled,
		"########################################", width - filled, "", percent);
	fflush(stderr);
}

static double host_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool servo_name_ok(const char *s)
{
	if (!*s || strlen(s) > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

static int load_scenario(const struct sim_options *o, struct ptpdk_sim_scenario *sc)
{
	char err[512] = "";
	int rc = ptpdk_sim_scenario_load(sc, o->scenario_file, err, sizeof(err));

	for (unsigned i = 0; rc == 0 && i < o->n_sets; i++)
		rc = ptpdk_sim_scenario_override(sc, o->sets[i], err, sizeof(err));
	if (rc == 0 && o->have_seed)
		sc->seed = o->seed;
	if (rc == 0)
		rc = ptpdk_sim_scenario_check(sc, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "ptpdk-sim: %s\n", err[0] ? err : strerror(-rc));
		return -1;
	}
	return 0;
}

static int run_one(const struct sim_options *o, const struct ptpdk_sim_scenario *sc,
		   struct sim_run *run)
{
	struct progress_state ps = { .label = run->servo, .last_percent = -1 };
	struct ptpdk_sim_run_opts ro = { .servo = run->servo };
	bool bar = o->progress == 1 || (o->progress < 0 && isatty(STDERR_FILENO));
	char err[512] = "";
	double t0 = host_seconds();
	int rc;

	if (bar) {
		ro.progress = progress_bar;
		ro.progress_ctx = &ps;
	}
	rc = ptpdk_sim_run(sc, &ro, &run->result, err, sizeof(err));
	run->wall_s = host_seconds() - t0;
	if (bar)
		fputs("\r\033[K", stderr);
	if (rc) {
		fprintf(stderr, "ptpdk-sim: %s: %s\n", run->servo, err[0] ? err : strerror(-rc));
		return -1;
	}
	rc = ptpdk_sim_summarize(sc, &run->result, &run->summary);
	if (rc) {
		fprintf(stderr, "ptpdk-sim: %s: no TE sample after the warm-up to summarise\n",
			run->servo);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct ptpdk_sim_scenario sc; /* large: not on the stack */
	struct sim_options o;
	struct sim_run runs[SIM_MAX_SERVOS];
	unsigned n = 0;
	int rc = sim_options_parse(argc, argv, &o), status = 0;

	if (rc)
		return rc > 0 ? 0 : 2;
	if (load_scenario(&o, &sc) != 0)
		return 2;
	if (!o.n_servos)
		o.servos[o.n_servos++] = sc.slave.servo;
	for (unsigned i = 0; i < o.n_servos; i++)
		if (!servo_name_ok(o.servos[i])) {
			fprintf(stderr,
				"ptpdk-sim: '%s' is not a servo name (pi, ptpdk, default)\n",
				o.servos[i]);
			return 2;
		}
	if (ptpdk_sim_scenario_is_chain(&sc))
		return sim_chain_main(&o, &sc);
	memset(runs, 0, sizeof(runs));
	for (unsigned i = 0; i < o.n_servos; i++) {
		runs[n].servo = o.servos[i];
		if (run_one(&o, &sc, &runs[n]) != 0) {
			status = 1;
			break;
		}
		n++;
	}
	if (status == 0) {
		sim_settle_common(&sc, runs, n);
		if (o.json)
			sim_report_json(stdout, &sc, runs, n);
		else
			sim_report_table(stdout, &sc, runs, n);
		if (o.out_dir && sim_files_write(o.out_dir, o.plot, &sc, runs, n) != 0)
			status = 1;
	}
	for (unsigned i = 0; i < n; i++)
		ptpdk_sim_result_free(&runs[i].result);
	return status;
}
