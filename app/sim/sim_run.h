/* SPDX-License-Identifier: BSD-3-Clause */
/* One servo's run in ptpdk-sim: what the report and the files are made from. */
#ifndef SIM_RUN_H
#define SIM_RUN_H

#include <stdio.h>

#include "ptpdk_sim_scenario.h"
#include "ptpdk_sim_summary.h"
#include "ptpdk_sim_world.h"

struct sim_run {
	const char *servo;
	struct ptpdk_sim_result result;
	struct ptpdk_sim_summary summary;
	double wall_s; /**< host time the run took */
	/**
	 * Time to settle into the band common to the runs compared: the widest of their
	 * own settle bands (with one servo, its own); < 0: never.
	 */
	double settle_common_s;
	double settle_common_band_ns;
};

/** Fill every run's settle_common_s and settle_common_band_ns. */
void sim_settle_common(const struct ptpdk_sim_scenario *sc, struct sim_run *runs, unsigned n);

/** The side-by-side table on @p f. */
void sim_report_table(FILE *f, const struct ptpdk_sim_scenario *sc, const struct sim_run *runs,
		      unsigned n);

/** The same figures as one JSON object on @p f. */
void sim_report_json(FILE *f, const struct ptpdk_sim_scenario *sc, const struct sim_run *runs,
		     unsigned n);

/**
 * te-SERVO.csv, metrics.csv and summary.json in @p dir (created if missing), and with
 * @p plot the PNGs through gnuplot. @return 0, or -1 after printing why.
 */
int sim_files_write(const char *dir, bool plot, const struct ptpdk_sim_scenario *sc,
		    const struct sim_run *runs, unsigned n);

#endif
