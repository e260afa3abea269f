/* SPDX-License-Identifier: BSD-3-Clause */
#include "sim_options.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ptpdk-sim [options] SCENARIO.sim\n"
		"\n"
		"Runs ptpdk's engine and servo against the simulated network, masters and\n"
		"oscillator of a scenario (format: config/sim/README.md) and reports TE\n"
		"after the warm-up, MTIE/TDEV against the G.8273.2 masks, lock, steps,\n"
		"frequency-step responses and holdover.\n"
		"\n"
		"  --servo NAME         pi, ptpdk (= default); default: the scenario's\n"
		"  --compare A,B,...    run several servos on identical random draws and\n"
		"                       print them side by side (up to %d)\n"
		"  --seed N             the seed of every random draw (default: the scenario's)\n"
		"  --set SECTION.KEY=V  override a scenario setting, e.g. scenario.duration=600s,\n"
		"                       master.loss=0.01 (repeatable)\n"
		"  --out DIR            write te-SERVO.csv, metrics.csv, summary.json there\n"
		"  --plot               also PNG plots in DIR (TE over time; MTIE and TDEV\n"
		"                       with the masks), drawn by gnuplot\n"
		"  --json               print the summary as JSON instead of the table\n"
		"  --progress / --no-progress   progress bar on stderr (default: on a terminal)\n"
		"  -h, --help\n",
		SIM_MAX_SERVOS);
}

static int split_servos(struct sim_options *o, char *list)
{
	char *save = NULL;

	for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->n_servos == SIM_MAX_SERVOS) {
			fprintf(stderr, "ptpdk-sim: --compare: at most %d servos\n",
				SIM_MAX_SERVOS);
			return -1;
		}
		o->servos[o->n_servos++] = tok;
	}
	if (!o->n_servos) {
		fprintf(stderr, "ptpdk-sim: --compare: no servo named\n");
		return -1;
	}
	return 0;
}

static int parse_seed(struct sim_options *o, const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-') {
		fprintf(stderr, "ptpdk-sim: --seed: '%s' is not an unsigned integer\n", s);
		return -1;
	}
	o->seed = v;
	o->have_seed = true;
	return 0;
}

enum {
	OPT_SERVO = 256,
	OPT_COMPARE,
	OPT_SEED,
	OPT_SET,
	OPT_OUT,
	OPT_PLOT,
	OPT_JSON,
	OPT_PROGRESS,
	OPT_NO_PROGRESS
};

static int apply(struct sim_options *o, int c, char *arg)
{
	switch (c) {
	case OPT_SERVO:
		o->n_servos = 0;
		o->servos[o->n_servos++] = arg;
		return 0;
	case OPT_COMPARE:
		o->n_servos = 0;
		return split_servos(o, arg);
	case OPT_SEED:
		return parse_seed(o, arg);
	case OPT_SET:
		if (o->n_sets == SIM_MAX_SETS) {
			fprintf(stderr, "ptpdk-sim: --set: at most %d\n", SIM_MAX_SETS);
			return -1;
		}
		o->sets[o->n_sets++] = arg;
		return 0;
	case OPT_OUT:
		o->out_dir = arg;
		return 0;
	case OPT_PLOT:
		o->plot = true;
		return 0;
	case OPT_JSON:
		o->json = true;
		return 0;
	case OPT_PROGRESS:
		o->progress = 1;
		return 0;
	case OPT_NO_PROGRESS:
		o->progress = 0;
		return 0;
	default:
		return -1;
	}
}

int sim_options_parse(int argc, char **argv, struct sim_options *o)
{
	static const struct option longopts[] = {
		{ "servo", required_argument, NULL, OPT_SERVO },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "set", required_argument, NULL, OPT_SET },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "plot", no_argument, NULL, OPT_PLOT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->progress = -1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == '?' || apply(o, c, optarg) != 0) {
			if (c == '?')
				usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "ptpdk-sim: one scenario file expected\n");
		usage(stderr);
		return -1;
	}
	o->scenario_file = argv[optind];
	if (o->plot && !o->out_dir) {
		fprintf(stderr, "ptpdk-sim: --plot needs --out DIR\n");
		return -1;
	}
	return 0;
}
