/* SPDX-License-Identifier: BSD-3-Clause */
#include "sim_chain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_sim_chain.h"

#define LABEL_W 30
#define COL_W	12

/* One servo's run of the chain, with each clock's figures. */
struct chain_run {
	const char *servo;
	struct ptpdk_sim_chain_result res;
	/* [clock][0]: the hop alone, [clock][1]: against the grandmaster */
	struct ptpdk_sim_summary sum[PTPDK_SIM_CHAIN_MAX_CLOCKS][2];
};

static int run_servo(const struct ptpdk_sim_scenario *sc, struct chain_run *r)
{
	struct ptpdk_sim_run_opts ro = { .servo = r->servo };
	char err[512] = "";
	int rc = ptpdk_sim_chain_run(sc, &ro, &r->res, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "ptpdk-sim: %s: %s\n", r->servo, err[0] ? err : strerror(-rc));
		return -1;
	}
	for (unsigned i = 1; i < r->res.n_clocks; i++)
		for (unsigned k = 0; k < 2; k++)
			if (ptpdk_sim_chain_summarize(sc, &r->res, i, k == 0, &r->sum[i][k])) {
				fprintf(stderr, "ptpdk-sim: %s: no TE sample after the warm-up\n",
					r->servo);
				return -1;
			}
	return 0;
}

/* The G.8273.2 classes met, "ABC" or "none" ("-": too few samples). */
static const char *classes(const struct ptpdk_sim_summary *s, char *buf, size_t len)
{
	size_t pos = 0;

	if (!s->g8273_ok)
		return "-";
	for (int c = PTPDK_G8273_A; c <= PTPDK_G8273_D && pos + 1 < len; c++)
		if (s->g8273.meets[c])
			buf[pos++] = ptpdk_g8273_class_name((enum ptpdk_g8273_class)c)[0];
	buf[pos] = '\0';
	return pos ? buf : "none";
}

typedef double (*figure_fn)(const struct ptpdk_sim_summary *s);

static double f_rms(const struct ptpdk_sim_summary *s)
{
	return s->rms_ns;
}
static double f_mean(const struct ptpdk_sim_summary *s)
{
	return s->mean_ns;
}
static double f_max(const struct ptpdk_sim_summary *s)
{
	return s->max_abs_ns;
}
static double f_p99(const struct ptpdk_sim_summary *s)
{
	return s->p99_ns;
}
static double f_mtie(const struct ptpdk_sim_summary *s)
{
	return s->g8273_ok ? s->g8273.mtie_max_ns : NAN;
}
static double f_tdev(const struct ptpdk_sim_summary *s)
{
	return s->g8273_ok ? s->g8273.tdev_max_ns : NAN;
}

static void row(FILE *f, const char *label, const struct chain_run *runs, unsigned n,
		unsigned clock, unsigned kind, figure_fn fn, int decimals)
{
	fprintf(f, "  %-*s", LABEL_W - 2, label);
	for (unsigned i = 0; i < n; i++) {
		double v = fn(&runs[i].sum[clock][kind]);
		char cell[32];

		if (isnan(v))
			snprintf(cell, sizeof(cell), "-");
		else
			snprintf(cell, sizeof(cell), "%.*f", decimals, v);
		fprintf(f, " %*s", COL_W, cell);
	}
	fputc('\n', f);
}

static void text_row(FILE *f, const char *label, const char *const *cells, unsigned n)
{
	fprintf(f, "  %-*s", LABEL_W - 2, label);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %*s", COL_W, cells[i]);
	fputc('\n', f);
}

static void figures(FILE *f, const struct chain_run *runs, unsigned n, unsigned clock,
		    unsigned kind)
{
	const char *cells[SIM_MAX_SERVOS];
	char buf[SIM_MAX_SERVOS][8];

	row(f, "TE rms ns", runs, n, clock, kind, f_rms, 2);
	row(f, "TE mean = cTE ns", runs, n, clock, kind, f_mean, 2);
	row(f, "max|TE| ns", runs, n, clock, kind, f_max, 1);
	row(f, "|TE| p99 ns", runs, n, clock, kind, f_p99, 1);
	row(f, "dTE_L MTIE max ns", runs, n, clock, kind, f_mtie, 2);
	row(f, "dTE_L TDEV max ns", runs, n, clock, kind, f_tdev, 3);
	for (unsigned i = 0; i < n; i++)
		cells[i] = classes(&runs[i].sum[clock][kind], buf[i], sizeof(buf[i]));
	text_row(f, "G.8273.2 classes met", cells, n);
}

static void clock_rows(FILE *f, const struct chain_run *runs, unsigned n, unsigned clock)
{
	const struct ptpdk_sim_chain_result *r0 = &runs[0].res;
	const char *cells[SIM_MAX_SERVOS];
	char buf[SIM_MAX_SERVOS][32];

	fprintf(f, "%s (%s): hop %s - %s\n", r0->clocks[clock].name,
		r0->clocks[clock].role == PTPDK_SIM_CHAIN_BC ? "boundary clock" : "slave",
		r0->clocks[clock].name, r0->clocks[clock - 1].name);
	figures(f, runs, n, clock, 0);
	if (clock > 1) {
		fprintf(f, "%s against %s (end to end)\n", r0->clocks[clock].name,
			r0->clocks[0].name);
		figures(f, runs, n, clock, 1);
	}
	for (unsigned i = 0; i < n; i++) {
		const struct ptpdk_sim_chain_clock *c = &runs[i].res.clocks[clock];

		snprintf(buf[i], sizeof(buf[i]), "%.1f / %u / %u", c->to_gm.first_locked_s,
			 c->to_gm.n_steps, c->steps_after_lock);
		cells[i] = buf[i];
	}
	text_row(f, "lock s / steps / after lock", cells, n);
	for (unsigned i = 0; i < n; i++) {
		const struct ptpdk_sim_chain_clock *c = &runs[i].res.clocks[clock];

		snprintf(buf[i], sizeof(buf[i]), "%s%s%s / %u",
			 ptpdk_port_state_name(c->status.port_state[0]), c->n_ports > 1 ? "," : "",
			 c->n_ports > 1 ? ptpdk_port_state_name(c->status.port_state[1]) : "",
			 c->status.steps_removed);
		cells[i] = buf[i];
	}
	text_row(f, "ports / stepsRemoved at end", cells, n);
}

static void link_rows(FILE *f, const struct chain_run *run)
{
	const struct ptpdk_sim_chain_result *r = &run->res;

	for (unsigned i = 0; i + 1 < r->n_clocks; i++) {
		const struct ptpdk_sim_chain_link *l = &r->links[i];

		if (!l->has_tc)
			continue;
		fprintf(f,
			"TC between %s and %s (%s): mean residence down %.1f ns, up %.1f ns; "
			"%llu corrections written\n",
			r->clocks[i].name, r->clocks[i + 1].name, run->servo,
			l->tc_residence_down_ns, l->tc_residence_up_ns,
			(unsigned long long)l->tc_corrected);
	}
}

static void report_table(FILE *f, const struct ptpdk_sim_scenario *sc, const struct chain_run *runs,
			 unsigned n)
{
	const struct ptpdk_sim_chain_result *r0 = &runs[0].res;

	fprintf(f, "chain %s:", sc->name);
	for (unsigned i = 0; i < r0->n_clocks; i++)
		fprintf(f, "%s %s", i ? " ->" : "", r0->clocks[i].name);
	fprintf(f, "; %.0f s, warm-up %.0f s, seed %llu\n", sc->duration_s, sc->warmup_s,
		(unsigned long long)sc->seed);
	fprintf(f, "%-*s", LABEL_W, "servo at every clock");
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %*s", COL_W, runs[i].servo);
	fputc('\n', f);
	for (unsigned c = 1; c < r0->n_clocks; c++)
		clock_rows(f, runs, n, c);
	for (unsigned i = 0; i < n; i++)
		link_rows(f, &runs[i]);
}

static void json_num(FILE *f, const char *key, double v, const char *sep)
{
	if (isnan(v) || isinf(v))
		fprintf(f, "\"%s\": null%s", key, sep);
	else
		fprintf(f, "\"%s\": %.6g%s", key, v, sep);
}

static void json_summary(FILE *f, const char *key, const struct ptpdk_sim_summary *s)
{
	char buf[8];

	fprintf(f, "\"%s\": {", key);
	json_num(f, "te_rms_ns", s->rms_ns, ", ");
	json_num(f, "te_mean_ns", s->mean_ns, ", ");
	json_num(f, "te_max_abs_ns", s->max_abs_ns, ", ");
	json_num(f, "te_p99_ns", s->p99_ns, ", ");
	json_num(f, "mtie_max_ns", s->g8273_ok ? s->g8273.mtie_max_ns : NAN, ", ");
	json_num(f, "tdev_max_ns", s->g8273_ok ? s->g8273.tdev_max_ns : NAN, ", ");
	fprintf(f, "\"classes_met\": \"%s\"}", s->g8273_ok ? classes(s, buf, sizeof(buf)) : "");
}

static void json_clock(FILE *f, const struct chain_run *run, unsigned i)
{
	const struct ptpdk_sim_chain_clock *c = &run->res.clocks[i];

	fprintf(f, "{\"name\": \"%s\", \"role\": \"%s\", ", c->name,
		c->role == PTPDK_SIM_CHAIN_BC ? "bc" : "slave");
	json_num(f, "time_to_lock_s", c->to_gm.first_locked_s < 0 ? NAN : c->to_gm.first_locked_s,
		 ", ");
	fprintf(f, "\"steps\": %u, \"steps_after_lock\": %u, \"steps_removed\": %u, ",
		c->to_gm.n_steps, c->steps_after_lock, c->status.steps_removed);
	json_summary(f, "hop", &run->sum[i][0]);
	fputs(", ", f);
	json_summary(f, "to_gm", &run->sum[i][1]);
	fputc('}', f);
}

static void report_json(FILE *f, const struct ptpdk_sim_scenario *sc, const struct chain_run *runs,
			unsigned n)
{
	fprintf(f, "{\"scenario\": \"%s\", ", sc->name);
	json_num(f, "duration_s", sc->duration_s, ", ");
	json_num(f, "warmup_s", sc->warmup_s, ", ");
	fprintf(f, "\"seed\": %llu, \"runs\": [", (unsigned long long)sc->seed);
	for (unsigned r = 0; r < n; r++) {
		fprintf(f, "%s{\"servo\": \"%s\", \"clocks\": [", r ? ", " : "", runs[r].servo);
		for (unsigned i = 1; i < runs[r].res.n_clocks; i++) {
			if (i > 1)
				fputs(", ", f);
			json_clock(f, &runs[r], i);
		}
		fputs("], \"links\": [", f);
		for (unsigned i = 0; i + 1 < runs[r].res.n_clocks; i++) {
			const struct ptpdk_sim_chain_link *l = &runs[r].res.links[i];

			fprintf(f, "%s{\"tc\": %s, ", i ? ", " : "", l->has_tc ? "true" : "false");
			json_num(f, "tc_residence_down_ns", l->tc_residence_down_ns, ", ");
			json_num(f, "tc_residence_up_ns", l->tc_residence_up_ns, ", ");
			fprintf(f, "\"tc_corrected\": %llu}", (unsigned long long)l->tc_corrected);
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
}

int sim_chain_main(const struct sim_options *o, const struct ptpdk_sim_scenario *sc)
{
	struct chain_run *runs;
	unsigned n = 0;
	int status = 0;

	if (o->out_dir) {
		fprintf(stderr, "ptpdk-sim: --out: not available for chains (yet)\n");
		return 2;
	}
	runs = calloc(SIM_MAX_SERVOS, sizeof(*runs));
	if (!runs) {
		fprintf(stderr, "ptpdk-sim: out of memory\n");
		return 1;
	}
	for (unsigned i = 0; i < o->n_servos; i++) {
		runs[n].servo = o->servos[i];
		if (run_servo(sc, &runs[n]) != 0) {
			ptpdk_sim_chain_result_free(&runs[n].res);
			status = 1;
			break;
		}
		n++;
	}
	if (status == 0 && o->json)
		report_json(stdout, sc, runs, n);
	else if (status == 0)
		report_table(stdout, sc, runs, n);
	for (unsigned i = 0; i < n; i++)
		ptpdk_sim_chain_result_free(&runs[i].res);
	free(runs);
	return status;
}
