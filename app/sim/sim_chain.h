/* SPDX-License-Identifier: BSD-3-Clause */
/* ptpdk-sim on a chain of clocks (GM -> BC ... -> slave): run it per servo and report. */
#ifndef SIM_CHAIN_H
#define SIM_CHAIN_H

#include "ptpdk_sim_scenario.h"
#include "sim_options.h"

/**
 * Run chain @p sc once per servo of @p o (each servo at every clock) and print the
 * per-hop and end-to-end figures, as a table or as JSON.
 * @return the exit status: 0, 1 (a run failed), 2 (a bad option for a chain)
 */
int sim_chain_main(const struct sim_options *o, const struct ptpdk_sim_scenario *sc);

#endif
