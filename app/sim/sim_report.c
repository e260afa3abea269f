/* SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>

#include "sim_run.h"

#define LABEL_W 34
#define COL_W	12

typedef double (*figure_fn)(const struct sim_run *r, unsigned arg);

/* @p decimals < 0: with a sign and -decimals decimals */
static void row(FILE *f, const char *label, const struct sim_run *runs, unsigned n, figure_fn fn,
		unsigned arg, int decimals)
{
	fprintf(f, "%-*s", LABEL_W, label);
	for (unsigned i = 0; i < n; i++) {
		double v = fn(&runs[i], arg);
		char cell[32];

		if (isnan(v))
			snprintf(cell, sizeof(cell), "-");
		else if (decimals < 0)
			snprintf(cell, sizeof(cell), "%+.*f", -decimals, v);
		else
			snprintf(cell, sizeof(cell), "%.*f", decimals, v);
		fprintf(f, " %*s", COL_W, cell);
	}
	fputc('\n', f);
}

static double f_rms(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->summary.rms_ns;
}
static double f_mean(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->summary.mean_ns;
}
static double f_max(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->summary.max_abs_ns;
}
static double f_pct(const struct sim_run *r, unsigned a)
{
	return a == 50 ? r->summary.p50_ns : a == 95 ? r->summary.p95_ns : r->summary.p99_ns;
}
static double f_lock(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->summary.time_to_lock_s < 0 ? NAN : r->summary.time_to_lock_s;
}
static double f_settle(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->summary.settle_s < 0 ? NAN : r->summary.settle_s;
}
static double f_settle_band(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->summary.settle_band_ns;
}
static double f_settle_common(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->settle_common_s < 0 ? NAN : r->settle_common_s;
}
static double f_steps(const struct sim_run *r, unsigned a)
{
	return a ? r->summary.steps_after_first : r->summary.steps;
}
static double f_mtie(const struct sim_run *r, unsigned a)
{
	return r->summary.g8273_ok && a < r->summary.g8273.n_taus ? r->summary.g8273.mtie_ns[a]
								  : NAN;
}
static double f_tdev(const struct sim_run *r, unsigned a)
{
	return r->summary.g8273_ok && a < r->summary.g8273.n_taus ? r->summary.g8273.tdev_ns[a]
								  : NAN;
}
static double f_te_l(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->summary.g8273_ok ? r->summary.g8273.max_abs_te_l_ns : NAN;
}
static double f_step_peak(const struct sim_run *r, unsigned a)
{
	return a < r->summary.n_freq_steps ? r->summary.freq_steps[a].peak_abs_te_ns : NAN;
}
static double f_step_recover(const struct sim_run *r, unsigned a)
{
	return a < r->summary.n_freq_steps && r->summary.freq_steps[a].recover_s >= 0
		       ? r->summary.freq_steps[a].recover_s
		       : NAN;
}
static double f_hold_ferr(const struct sim_run *r, unsigned a)
{
	return a < r->result.n_holdovers ? r->result.holdovers[a].freq_err_entry_ppb : NAN;
}
static double f_hold_growth(const struct sim_run *r, unsigned a)
{
	return a < r->result.n_holdovers ? r->result.holdovers[a].te_growth_ns : NAN;
}
static double f_hold_steps(const struct sim_run *r, unsigned a)
{
	return a < r->result.n_holdovers ? r->result.holdovers[a].steps_after : NAN;
}
static double f_wall(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->wall_s;
}
static double f_speed(const struct sim_run *r, unsigned a)
{
	(void)a;
	return r->wall_s > 0 && r->result.n_points
		       ? r->result.points[r->result.n_points - 1].t_s / r->wall_s
		       : NAN;
}

/* The best G.8273.2 class met (A is the loosest), as text. */
static const char *best_class(const struct sim_run *r)
{
	const char *best = "none";

	if (!r->summary.g8273_ok)
		return "-";
	for (int c = PTPDK_G8273_A; c <= PTPDK_G8273_D; c++)
		if (r->summary.g8273.meets[c])
			best = ptpdk_g8273_class_name((enum ptpdk_g8273_class)c);
	return best;
}

static void header(FILE *f, const struct ptpdk_sim_scenario *sc, const struct sim_run *runs,
		   unsigned n)
{
	fprintf(f, "scenario %s: %.0f s, warm-up %.0f s, seed %llu\n", sc->name, sc->duration_s,
		sc->warmup_s, (unsigned long long)sc->seed);
	fprintf(f, "%-*s", LABEL_W, "servo");
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %*s", COL_W, runs[i].servo);
	fputc('\n', f);
}

static void metrics_rows(FILE *f, const struct sim_run *runs, unsigned n)
{
	const struct ptpdk_g8273_limits *c = ptpdk_g8273_limits(PTPDK_G8273_C);
	char label[64];

	if (!runs[0].summary.g8273_ok)
		return;
	for (unsigned t = 0; t < runs[0].summary.g8273.n_taus; t++) {
		snprintf(label, sizeof(label), "dTE_L MTIE %4.0f s (C: %.0f ns)",
			 runs[0].summary.g8273.tau_s[t], c->mtie_ns);
		row(f, label, runs, n, f_mtie, t, 2);
	}
	for (unsigned t = 0; t < runs[0].summary.g8273.n_taus; t++) {
		snprintf(label, sizeof(label), "dTE_L TDEV %4.0f s (C: %.0f ns)",
			 runs[0].summary.g8273.tau_s[t], c->tdev_ns);
		row(f, label, runs, n, f_tdev, t, 3);
	}
	row(f, "max|TE_L| ns (D: 5 ns)", runs, n, f_te_l, 0, 1);
	fprintf(f, "%-*s", LABEL_W, "G.8273.2 best class met");
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %*s", COL_W, best_class(&runs[i]));
	fputc('\n', f);
}

static void event_rows(FILE *f, const struct sim_run *runs, unsigned n)
{
	char label[64];

	for (unsigned s = 0; s < runs[0].summary.n_freq_steps; s++) {
		const struct ptpdk_sim_step_response *st = &runs[0].summary.freq_steps[s];

		snprintf(label, sizeof(label), "%+.0f ppb at %.0f s: peak|TE| ns", st->ppb,
			 st->at_s);
		row(f, label, runs, n, f_step_peak, s, 1);
		snprintf(label, sizeof(label), "  back within %.0f ns after s",
			 PTPDK_SIM_RECOVER_NS);
		row(f, label, runs, n, f_step_recover, s, 1);
	}
	for (unsigned h = 0; h < runs[0].result.n_holdovers; h++) {
		snprintf(label, sizeof(label), "holdover at %.0f s: freq err ppb",
			 runs[0].result.holdovers[h].start_s);
		row(f, label, runs, n, f_hold_ferr, h, -3);
		row(f, "  TE growth in holdover ns", runs, n, f_hold_growth, h, 0);
		row(f, "  steps until 60 s after return", runs, n, f_hold_steps, h, 0);
	}
}

void sim_settle_common(const struct ptpdk_sim_scenario *sc, struct sim_run *runs, unsigned n)
{
	double band = 0.0;

	for (unsigned i = 0; i < n; i++)
		band = fmax(band, runs[i].summary.settle_band_ns);
	for (unsigned i = 0; i < n; i++) {
		runs[i].settle_common_band_ns = band;
		runs[i].settle_common_s = ptpdk_sim_settle_time(sc, &runs[i].result, band);
	}
}

void sim_report_table(FILE *f, const struct ptpdk_sim_scenario *sc, const struct sim_run *runs,
		      unsigned n)
{
	header(f, sc, runs, n);
	row(f, "TE rms ns (after warm-up)", runs, n, f_rms, 0, 2);
	row(f, "TE mean = cTE ns", runs, n, f_mean, 0, -2);
	row(f, "max|TE| ns", runs, n, f_max, 0, 1);
	row(f, "|TE| p50 ns", runs, n, f_pct, 50, 1);
	row(f, "|TE| p95 ns", runs, n, f_pct, 95, 1);
	row(f, "|TE| p99 ns", runs, n, f_pct, 99, 1);
	row(f, "time to lock s", runs, n, f_lock, 0, 1);
	row(f, "time to settle s", runs, n, f_settle, 0, 1);
	row(f, "  settle band: |TE| <= ns", runs, n, f_settle_band, 0, 1);
	if (n > 1) {
		char label[64];

		snprintf(label, sizeof(label), "  in the widest band (%.0f ns) s",
			 runs[0].settle_common_band_ns);
		row(f, label, runs, n, f_settle_common, 0, 1);
	}
	row(f, "clock steps", runs, n, f_steps, 0, 0);
	row(f, "  after the first", runs, n, f_steps, 1, 0);
	metrics_rows(f, runs, n);
	event_rows(f, runs, n);
	row(f, "host time s", runs, n, f_wall, 0, 2);
	row(f, "x real time", runs, n, f_speed, 0, 0);
}

static void json_str(FILE *f, const char *key, const char *v)
{
	fprintf(f, "\"%s\": \"", key);
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (*c < 0x20)
			fprintf(f, "\\u%04x", *c);
		else
			fputc(*c, f);
	}
	fputs("\", ", f);
}

static void json_num(FILE *f, const char *key, double v, bool comma)
{
	if (isnan(v) || isinf(v))
		fprintf(f, "\"%s\": null%s", key, comma ? ", " : "");
	else
		fprintf(f, "\"%s\": %.6g%s", key, v, comma ? ", " : "");
}

static void json_run(FILE *f, const struct sim_run *r)
{
	const struct ptpdk_sim_summary *s = &r->summary;

	fputc('{', f);
	json_str(f, "servo", r->servo);
	json_num(f, "te_rms_ns", s->rms_ns, true);
	json_num(f, "te_mean_ns", s->mean_ns, true);
	json_num(f, "te_max_abs_ns", s->max_abs_ns, true);
	json_num(f, "te_p50_ns", s->p50_ns, true);
	json_num(f, "te_p95_ns", s->p95_ns, true);
	json_num(f, "te_p99_ns", s->p99_ns, true);
	json_num(f, "time_to_lock_s", s->time_to_lock_s < 0 ? NAN : s->time_to_lock_s, true);
	json_num(f, "time_to_settle_s", s->settle_s < 0 ? NAN : s->settle_s, true);
	json_num(f, "settle_band_ns", s->settle_band_ns, true);
	json_num(f, "time_to_settle_common_s", r->settle_common_s < 0 ? NAN : r->settle_common_s,
		 true);
	json_num(f, "settle_common_band_ns", r->settle_common_band_ns, true);
	json_num(f, "steps", s->steps, true);
	json_num(f, "steps_after_first", s->steps_after_first, true);
	fprintf(f, "\"step_times_s\": [");
	for (unsigned i = 0; i < r->result.n_steps; i++)
		fprintf(f, "%s%.3f", i ? ", " : "", r->result.steps[i].t_s);
	fprintf(f, "], ");
	if (s->g8273_ok) {
		json_num(f, "mtie_max_ns", s->g8273.mtie_max_ns, true);
		json_num(f, "tdev_max_ns", s->g8273.tdev_max_ns, true);
		json_num(f, "max_abs_te_l_ns", s->g8273.max_abs_te_l_ns, true);
		fprintf(f, "\"classes_met\": \"");
		for (int c = PTPDK_G8273_A; c <= PTPDK_G8273_D; c++)
			if (s->g8273.meets[c])
				fputs(ptpdk_g8273_class_name((enum ptpdk_g8273_class)c), f);
		fprintf(f, "\", ");
	}
	fprintf(f, "\"freq_steps\": [");
	for (unsigned i = 0; i < s->n_freq_steps; i++) {
		fprintf(f, "%s{", i ? ", " : "");
		json_num(f, "at_s", s->freq_steps[i].at_s, true);
		json_num(f, "peak_abs_te_ns", s->freq_steps[i].peak_abs_te_ns, true);
		json_num(f, "recover_s",
			 s->freq_steps[i].recover_s < 0 ? NAN : s->freq_steps[i].recover_s, false);
		fputc('}', f);
	}
	fprintf(f, "], \"holdovers\": [");
	for (unsigned i = 0; i < r->result.n_holdovers; i++) {
		const struct ptpdk_sim_holdover *h = &r->result.holdovers[i];

		fprintf(f, "%s{", i ? ", " : "");
		json_num(f, "start_s", h->start_s, true);
		json_num(f, "end_s", h->end_s < 0 ? NAN : h->end_s, true);
		json_num(f, "freq_err_entry_ppb", h->freq_err_entry_ppb, true);
		json_num(f, "te_growth_ns", h->te_growth_ns, true);
		json_num(f, "steps_after", h->steps_after, false);
		fputc('}', f);
	}
	fprintf(f, "], ");
	json_num(f, "engine_samples", (double)r->result.samples, true);
	json_num(f, "host_s", r->wall_s, false);
	fputc('}', f);
}

void sim_report_json(FILE *f, const struct ptpdk_sim_scenario *sc, const struct sim_run *runs,
		     unsigned n)
{
	fputc('{', f);
	json_str(f, "scenario", sc->name);
	json_num(f, "duration_s", sc->duration_s, true);
	json_num(f, "warmup_s", sc->warmup_s, true);
	fprintf(f, "\"seed\": %llu, \"runs\": [", (unsigned long long)sc->seed);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		json_run(f, &runs[i]);
	}
	fputs("]}\n", f);
}
