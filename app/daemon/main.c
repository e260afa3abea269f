/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk: EAL, ports, lcores and the engine wired together. Usage:
 *   ptpdk [EAL options] -- [ptpdk options]     (ptpdk -- --help)
 */
#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#include "compliance.h"
#include "export_counters.h"
#include "instance.h"
#include "layout.h"
#include "mgmt_net.h"
#include "mgmt_server.h"
#include "options.h"
#include "output.h"
#include "ptpdk_clock_tsc.h"
#include "ptpdk_tsc.h"
#include "report.h"
#include "telemetry.h"

static volatile sig_atomic_t signalled;

static void on_signal(int sig)
{
	(void)sig;
	signalled = 1;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The TSC rate drives every software stamp: measure it rather than trust the seed. */
static uint64_t tsc_rate(void)
{
	struct ptpdk_calibration cal;
	uint64_t seed = rte_get_tsc_hz();

	if (!ptpdk_tsc_invariant())
		fprintf(stderr,
			"ptpdk: warning: the CPU does not report an invariant TSC "
			"(common under hypervisors); software stamps assume a constant rate\n");
	if (ptpdk_tsc_calibrate(seed, 200, &cal) != 0) {
		fprintf(stderr, "ptpdk: TSC calibration failed; using DPDK's %" PRIu64 " Hz\n",
			seed);
		return seed;
	}
	printf("ptpdk: TSC %.0f Hz (DPDK said %" PRIu64 ", %+.0f ppb), uncertainty %.0f ppb\n",
	       cal.hz, seed, (cal.hz / (double)seed - 1) * 1e9, cal.uncertainty_ppb);
	return (uint64_t)(cal.hz + 0.5);
}

static void gather(const struct layout *l, struct report_input *in, double elapsed)
{
	memset(in, 0, sizeof(*in));
	in->n_ports = l->n_ports;
	in->n_rxqs = l->n_rxqs;
	in->elapsed_s = elapsed;
	in->tsc_hz = l->tsc_hz;
	for (unsigned p = 0; p < l->n_ports; p++) {
		in->ports[p] = &l->ports[p];
		ptpdk_txq_counters_read(&l->txqs[p], &in->txq[p]);
	}
	for (unsigned q = 0; q < l->n_rxqs; q++) {
		ptpdk_rxq_counters_read(&l->rxqs[q], &in->rxq[q]);
		in->rxq_port[q] = l->rxqs[q].port->index;
		in->rxq_queue[q] = l->rxqs[q].queue;
	}
	engine_status_read(&l->engine, &in->engine);
}

/* The shared region's counter blocks (export_counters.h): the main lcore is their
 * only writer. Static buffers: the status is large and this lcore alone uses them. */
static void publish_counters(const struct layout *l, const struct compliance *comp)
{
	struct compliance_counts cc;
	struct lcore_cpu_counts cpu;
	static struct engine_status st;
	static struct ptpdk_rxq_counters rx[PTPDK_MAX_PORTS];
	static struct ptpdk_txq_counters tx[PTPDK_MAX_PORTS];
	struct ptpdk_rxq_counters one;
	struct timespec ts;

	if (!l->shm || engine_status_read(&l->engine, &st) != 0)
		return;
	memset(rx, 0, sizeof(rx));
	for (unsigned q = 0; q < l->n_rxqs; q++) {
		ptpdk_rxq_counters_read(&l->rxqs[q], &one);
		export_rxq_add(&rx[l->rxqs[q].port->index], &one);
	}
	for (unsigned p = 0; p < l->n_ports; p++)
		ptpdk_txq_counters_read(&l->txqs[p], &tx[p]);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	compliance_counts_read(comp, &cc);
	lcore_cpu_counts(&l->cpu, &cpu);
	export_counters_publish(l->shm, &st, &cc, &cpu, rx, tx, l->n_ports, ptpdk_tsc_read(),
				(uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

/* The workers' CPU figures, once a second: their thread ids as they publish them, then
 * the kernel's and the hypervisor's accounts. */
static void lcore_cpu_step(struct layout *l, double now, double *next)
{
	if (now < *next)
		return;
	for (unsigned i = 0; i < l->n_workers; i++)
		lcore_cpu_set_tid(&l->cpu, i, atomic_load(&l->workers[i].tid));
	lcore_cpu_sample(&l->cpu, (uint64_t)(now * 1e9));
	*next = now + 1.0;
}

/* What the main lcore prints and writes, from the configuration (ptp4l's keys). */
static void output_conf_build(const struct daemon_options *o, const struct layout *l,
			      struct output_conf *c)
{
	const struct ptpdk_config *cfg = o->cfg;

	memset(c, 0, sizeof(*c));
	c->verbose = ptpdk_config_bool(cfg, -1, PTPDK_CFG_verbose);
	c->use_syslog = ptpdk_config_bool(cfg, -1, PTPDK_CFG_use_syslog);
	c->logging_level = (int)ptpdk_config_int(cfg, -1, PTPDK_CFG_logging_level);
	c->message_tag = ptpdk_config_str(cfg, -1, PTPDK_CFG_message_tag);
	c->instance = o->instance;
	c->summary_interval = (int)ptpdk_config_int(cfg, -1, PTPDK_CFG_summary_interval);
	c->stats_file = ptpdk_config_str(cfg, -1, PTPDK_CFG_stats_file);
	c->samples_file = o->samples_csv;
	c->sync_interval_s = ldexp(1.0, (int)ptpdk_config_int(cfg, 0, PTPDK_CFG_logSyncInterval));
	if (l->engine.ptp) {
		struct ptpdk_port_identity id;

		ptpdk_ptp_clock_port_identity(l->engine.ptp, 0, &id);
		memcpy(c->clock_identity, id.clock_identity, sizeof(c->clock_identity));
	}
}

/* The main lcore's pause between chores: 20 ms, cut short by a management request on
 * a socket. Requests from the network wait in the engine's ring for the end of the
 * nap: 20 ms, a fifth of pmc's 100 ms answer window. */
static void nap_or_serve(struct layout *l, struct mgmt_server *mgmt)
{
	struct pollfd pfd[MGMT_SERVER_SOCKETS];
	unsigned n = mgmt_server_pollfds(mgmt, pfd);

	if (poll(pfd, n, 20) > 0)
		mgmt_server_serve(mgmt, l);
	mgmt_net_serve(mgmt, l);
}

/* The compliance record of this second, from the status the engine published. */
static void compliance_step(struct layout *l, struct compliance *comp)
{
	struct engine_status st;

	if (comp->enabled && engine_status_read(&l->engine, &st) == 0)
		compliance_tick(comp, &st);
}

static void control_loop(struct layout *l, const struct daemon_options *o, struct output *out,
			 struct mgmt_server *mgmt, struct compliance *comp, double start)
{
	double next_stats = start + o->stats_interval_s;
	double next_counters = start;
	double next_cpu = start;
	struct report_input in;

	while (!signalled) {
		double now = now_seconds();

		if (o->duration_s > 0 && now - start >= o->duration_s)
			break;
		while (output_drain(out, &l->engine) > 0)
			;
		compliance_step(l, comp);
		lcore_cpu_step(l, now, &next_cpu);
		if (now >= next_counters) {
			publish_counters(l, comp);
			next_counters = now + EXPORT_COUNTERS_PERIOD_MS / 1000.0;
		}
		if (o->stats_interval_s > 0 && now >= next_stats) {
			gather(l, &in, now - start);
			in.totals = &out->totals;
			in.compliance = comp;
			report_line(stdout, &in);
			next_stats += o->stats_interval_s;
		}
		nap_or_serve(l, mgmt);
	}
	next_cpu = 0;
	lcore_cpu_step(l, now_seconds(), &next_cpu);
	atomic_store(&l->stop, true);
	rte_eal_mp_wait_lcore();
	while (output_drain(out, &l->engine) > 0)
		;
}

static int finish(struct layout *l, const struct daemon_options *o, const struct output *out,
		  struct compliance *comp, double elapsed)
{
	struct report_input in;
	int rc = 0;

	engine_publish(&l->engine);
	gather(l, &in, elapsed);
	compliance_close(comp, &in.engine);
	in.totals = &out->totals;
	in.compliance = comp;
	in.follow = &l->follow;
	in.lcore_cpu = &l->cpu;
	in.latency = o->latency ? &l->engine.latency : NULL;
	in.turnaround = o->latency ? &l->engine.turnaround : NULL;
	in.one_step = l->engine.one_step.enabled ? &l->engine.one_step : NULL;
	report_table(stdout, &in);
	if (o->stats_json && (rc = report_json(o->stats_json, &in)) != 0)
		fprintf(stderr, "ptpdk: %s: %s\n", o->stats_json, strerror(-rc));
	return rc;
}

/* EAL's arguments (before "--") and ours (after it), each with argv[0] first; EAL's
 * with room for a --file-prefix we may add. */
struct split_args {
	int eal_argc, app_argc;
	char **eal_argv, **app_argv;
	char prefix_opt[INSTANCE_NAME_MAX + 16];
	char prog[sizeof("ptpdk@") + INSTANCE_NAME_MAX];
};

static int split_args(int argc, char **argv, struct split_args *a)
{
	int split = argc;

	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			split = i;
			break;
		}
	a->eal_argv = calloc((size_t)split + 2, sizeof(char *));
	a->app_argv = calloc((size_t)(argc - split) + 1, sizeof(char *));
	if (!a->eal_argv || !a->app_argv) {
		fprintf(stderr, "ptpdk: out of memory\n");
		free(a->eal_argv);
		free(a->app_argv);
		return -1;
	}
	for (int i = 0; i < split; i++)
		a->eal_argv[a->eal_argc++] = argv[i];
	a->app_argv[a->app_argc++] = argv[0];
	for (int i = split + 1; i < argc; i++)
		a->app_argv[a->app_argc++] = argv[i];
	return 0;
}

static void split_args_free(struct split_args *a)
{
	free(a->eal_argv);
	free(a->app_argv);
	a->eal_argv = a->app_argv = NULL;
}

/* DPDK's files carry the instance's name unless the command line gave a prefix. EAL
 * opens syslog with its argv[0] as the ident: "ptpdk@NAME", the ident output.c gives
 * our own lines, so that every line of an instance carries its name. */
static int eal_prefix_add(struct split_args *a, const char *name)
{
	snprintf(a->prog, sizeof(a->prog), "ptpdk@%s", name);
	a->eal_argv[0] = a->prog;
	if (instance_eal_has_prefix(a->eal_argc, a->eal_argv))
		return 0;
	snprintf(a->prefix_opt, sizeof(a->prefix_opt), "--file-prefix=%s", name);
	a->eal_argv[a->eal_argc++] = a->prefix_opt;
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon_options opts;
	struct output_conf oconf;
	struct mgmt_server mgmt = { .fd = { -1, -1 } };
	struct compliance comp = { .enabled = false };
	struct split_args args;
	struct instance inst;
	struct output out;
	struct layout *l;
	int eal_args, rc;
	double start;

	rc = daemon_options_early(argc, argv);
	if (rc >= 0)
		return rc;
	/* Our options first: the instance's lock is taken before EAL touches hugepages
	 * or ports, and the instance names DPDK's file prefix. */
	if (split_args(argc, argv, &args) != 0)
		return 1;
	rc = daemon_options_parse(args.app_argc, args.app_argv, &opts);
	if (rc != 0) {
		split_args_free(&args);
		return rc > 0 ? 0 : 2;
	}
	if (instance_name(ptpdk_config_str(opts.cfg, -1, PTPDK_CFG_instance), args.eal_argc,
			  args.eal_argv, &inst) != 0 ||
	    instance_lock(&inst, ptpdk_config_str(opts.cfg, -1, PTPDK_CFG_run_dir), getpid()) !=
		    0 ||
	    eal_prefix_add(&args, inst.name) != 0) {
		instance_unlock(&inst);
		daemon_options_free(&opts);
		split_args_free(&args);
		return 1;
	}
	opts.instance = inst.name;
	opts.instance_dir = inst.dir;
	eal_args = rte_eal_init(args.eal_argc, args.eal_argv);
	if (eal_args < 0) {
		fprintf(stderr, "ptpdk: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		instance_unlock(&inst);
		daemon_options_free(&opts);
		split_args_free(&args);
		return 1;
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		instance_unlock(&inst);
		daemon_options_free(&opts);
		split_args_free(&args);
		rte_eal_cleanup();
		return 1;
	}
	l->tsc_hz = tsc_rate();
	rc = layout_build(l, &opts);
	if (rc == 0) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		start = now_seconds();
		output_conf_build(&opts, l, &oconf);
		rc = output_open(&out, &oconf, start);
		rc = rc ? rc : mgmt_server_open(&mgmt, &opts);
		rc = rc ? rc : compliance_open(&comp, &opts, l->n_ports);
		if (rc == 0)
			telemetry_register(l, inst.name);
		rc = rc ? rc : layout_launch(l);
		if (rc == 0) {
			control_loop(l, &opts, &out, &mgmt, &comp, start);
			rc = finish(l, &opts, &out, &comp, now_seconds() - start);
			mgmt_server_report(&mgmt, stdout);
		}
		compliance_close(&comp, NULL);
		mgmt_server_close(&mgmt);
		output_close(&out);
	}
	layout_teardown(l);
	free(l);
	daemon_options_free(&opts);
	rte_eal_cleanup();
	instance_unlock(&inst);
	split_args_free(&args);
	return rc ? 1 : 0;
}
