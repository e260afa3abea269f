/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim_run.h"

static FILE *open_in(const char *dir, const char *name, const char *suffix)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "ptpdk-sim: %s: %s\n", path, strerror(errno));
	return f;
}

static int close_checked(FILE *f, const char *what)
{
	if (ferror(f) | (fclose(f) != 0)) {
		fprintf(stderr, "ptpdk-sim: writing %s failed\n", what);
		return -1;
	}
	return 0;
}

static int write_te(const char *dir, const struct sim_run *r)
{
	FILE *f = open_in(dir, "te-", r->servo);

	if (!f)
		return -1;
	fprintf(f,
		"t_s,te_ns,offset_ns,freq_ppb,freq_err_ppb,servo_state,clock_state,port_state\n");
	for (size_t i = 0; i < r->result.n_points; i++) {
		const struct ptpdk_sim_point *p = &r->result.points[i];

		fprintf(f, "%.3f,%.3f,%.0f,%.4f,%.4f,%d,%d,%d\n", p->t_s, p->te_ns, p->offset_ns,
			p->freq_ppb, p->freq_err_ppb, p->servo_state, p->clock_state,
			p->port_state);
	}
	return close_checked(f, "te csv");
}

static void csv_value(FILE *f, double v)
{
	if (isnan(v))
		fputs(",", f);
	else
		fprintf(f, ",%.4f", v);
}

static int write_metrics(const char *dir, const struct sim_run *runs, unsigned n)
{
	const struct ptpdk_g8273_report *g0 = &runs[0].summary.g8273;
	FILE *f;

	if (!runs[0].summary.g8273_ok)
		return 0;
	f = open_in(dir, "metrics", ".csv");
	if (!f)
		return -1;
	fputs("tau_s", f);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, ",mtie_%s,tdev_%s", runs[i].servo, runs[i].servo);
	fputs(",mtie_mask_A,mtie_mask_B,mtie_mask_C,tdev_mask_A,tdev_mask_B,tdev_mask_C\n", f);
	for (size_t t = 0; t < g0->n_taus; t++) {
		fprintf(f, "%g", g0->tau_s[t]);
		for (unsigned i = 0; i < n; i++) {
			csv_value(f, runs[i].summary.g8273.mtie_ns[t]);
			csv_value(f, runs[i].summary.g8273.tdev_ns[t]);
		}
		for (int c = PTPDK_G8273_A; c <= PTPDK_G8273_C; c++)
			csv_value(f, ptpdk_g8273_limits((enum ptpdk_g8273_class)c)->mtie_ns);
		for (int c = PTPDK_G8273_A; c <= PTPDK_G8273_C; c++)
			csv_value(f, ptpdk_g8273_limits((enum ptpdk_g8273_class)c)->tdev_ns);
		fputc('\n', f);
	}
	return close_checked(f, "metrics.csv");
}

/* One line per servo of column METRIC_SERVO of metrics.csv. */
static void plot_series(FILE *f, const struct sim_run *runs, unsigned n, const char *metric)
{
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "%s'metrics.csv' using 1:(column('%s_%s')) with linespoints title '%s'",
			i ? ", \\\n     " : "plot ", metric, runs[i].servo, runs[i].servo);
}

/* The gnuplot script: TE after the warm-up, and MTIE / TDEV log-log with masks. */
static int write_gnuplot(const char *dir, const struct ptpdk_sim_scenario *sc,
			 const struct sim_run *runs, unsigned n)
{
	FILE *f = open_in(dir, "plot", ".gp");

	if (!f)
		return -1;
	fprintf(f, "set datafile separator ','\nset grid\nset key top right\n"
		   "set terminal pngcairo size 1200,500 noenhanced\n");
	fprintf(f,
		"set output 'te.png'\nset title '%s: TE after the %.0f s warm-up'\n"
		"set xlabel 'time (s)'\nset ylabel 'TE (ns)'\nset xrange [%g:*]\n",
		sc->name, sc->warmup_s, sc->warmup_s);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "%s'te-%s.csv' using 1:2 with lines title '%s'",
			i ? ", \\\n     " : "plot ", runs[i].servo, runs[i].servo);
	fputs("\n", f);
	if (runs[0].summary.g8273_ok) {
		fprintf(f,
			"set output 'mtie.png'\nset title '%s: dTE_L MTIE against G.8273.2 masks'\n"
			"set logscale xy\nset xrange [*:*]\nset xlabel 'tau (s)'\n"
			"set ylabel 'MTIE (ns)'\n",
			sc->name);
		plot_series(f, runs, n, "mtie");
		fputs(", \\\n     'metrics.csv' using 1:(column('mtie_mask_A')) with lines dt 2 "
		      "title 'class A/B', \\\n     'metrics.csv' using 1:(column('mtie_mask_C')) "
		      "with "
		      "lines dt 3 title 'class C'\n",
		      f);
		fprintf(f,
			"set output 'tdev.png'\nset title '%s: dTE_L TDEV against G.8273.2 masks'\n"
			"set ylabel 'TDEV (ns)'\n",
			sc->name);
		plot_series(f, runs, n, "tdev");
		fputs(", \\\n     'metrics.csv' using 1:(column('tdev_mask_A')) with lines dt 2 "
		      "title 'class A/B', \\\n     'metrics.csv' using 1:(column('tdev_mask_C')) "
		      "with "
		      "lines dt 3 title 'class C'\n",
		      f);
	}
	return close_checked(f, "plot.gp");
}

static int run_gnuplot(const char *dir)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("ptpdk-sim: fork");
		return -1;
	}
	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		execlp("gnuplot", "gnuplot", "plot.gp", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr,
			"ptpdk-sim: gnuplot failed (exit %d%s); the CSV files and %s/plot.gp "
			"are written\n",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": is gnuplot installed?"
									: "",
			dir);
		return -1;
	}
	return 0;
}

int sim_files_write(const char *dir, bool plot, const struct ptpdk_sim_scenario *sc,
		    const struct sim_run *runs, unsigned n)
{
	FILE *f;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "ptpdk-sim: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		char name[128];
		struct sim_run named = runs[i];

		/* te-SERVO.csv */
		snprintf(name, sizeof(name), "%s.csv", runs[i].servo);
		named.servo = name;
		if (write_te(dir, &named) != 0)
			return -1;
	}
	if (write_metrics(dir, runs, n) != 0)
		return -1;
	f = open_in(dir, "summary", ".json");
	if (!f)
		return -1;
	sim_report_json(f, sc, runs, n);
	if (close_checked(f, "summary.json") != 0)
		return -1;
	if (!plot)
		return 0;
	if (write_gnuplot(dir, sc, runs, n) != 0)
		return -1;
	return run_gnuplot(dir);
}
