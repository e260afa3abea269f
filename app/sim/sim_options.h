/* SPDX-License-Identifier: BSD-3-Clause */
/* ptpdk-sim's command line. */
#ifndef SIM_OPTIONS_H
#define SIM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#define SIM_MAX_SERVOS 4
#define SIM_MAX_SETS   32

struct sim_options {
	const char *scenario_file;
	const char *servos[SIM_MAX_SERVOS]; /**< empty: the scenario's own */
	unsigned n_servos;
	bool have_seed;
	uint64_t seed;
	const char *sets[SIM_MAX_SETS]; /**< --set SECTION.KEY=VALUE, in order */
	unsigned n_sets;
	const char *out_dir; /**< CSV files and plots; NULL: none */
	bool plot;
	bool json;
	int progress; /**< -1: when stderr is a terminal, 0: never, 1: always */
};

/**
 * Parse argv. @return 0 to run, 1 when help was printed (exit 0), or -1 after
 * printing an error (exit 2).
 */
int sim_options_parse(int argc, char **argv, struct sim_options *o);

#endif
