/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One direction of a simulated network path: how long each packet takes, or
 * whether it is lost. Delays are base + jitter (the distribution in force at the
 * time: the scenario's load changes and alternation) + an occasional outlier +
 * an occasional reorder hold, or the next value of a replayed trace. The path is
 * FIFO: a packet leaves no earlier than the one before it on the same path unless
 * it is one of those the scenario reorders.
 */
#ifndef PTPDK_SIM_PATH_H
#define PTPDK_SIM_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_sim_rng.h"
#include "ptpdk_sim_scenario.h"

struct ptpdk_sim_link {
	const struct ptpdk_sim_path *cfg;
	struct ptpdk_sim_rng rng;
	double *trace; /**< malloc'd replay delays, ns */
	size_t trace_len, trace_next;
	uint64_t last_arrival_ns; /**< FIFO: no in-order packet arrives before this */
	uint64_t lost, reordered, outliers;
};

/**
 * @p cfg must outlive the link. Loads the trace file if any.
 * @return 0, -ENOMEM, -EIO (unreadable trace) or -EINVAL (a trace line that is
 *	   not a finite delay >= 0, or an empty trace) with @p err filled.
 */
int ptpdk_sim_link_init(struct ptpdk_sim_link *l, const struct ptpdk_sim_path *cfg, uint64_t seed,
			uint64_t stream, char *err, size_t err_len);

void ptpdk_sim_link_free(struct ptpdk_sim_link *l);

/**
 * A packet enters the path at true time @p now_ns.
 * @return false when it is lost; else true with its arrival time in @p arrival_ns.
 */
bool ptpdk_sim_link_send(struct ptpdk_sim_link *l, uint64_t now_ns, uint64_t *arrival_ns);

/** The jitter distribution in force at @p t_s. */
const struct ptpdk_sim_dist *ptpdk_sim_link_jitter_at(const struct ptpdk_sim_path *p, double t_s);

#endif
