/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * An lcore's loop. A worker polls its RX queues and the TX queues it owns, and may
 * also run an engine step (compact mode: RX and engine on one lcore for small boxes
 * and the lab). An engine-only worker has no queues.
 *
 * Busy polling by default. With idle_sleep_us > 0, an iteration that found no work
 * sleeps that long, so several instances can share a two-core machine; the cost is
 * up to that much added latency and a wider software-stamp window, which the stamp
 * window in each event makes visible.
 */
#ifndef PTPDK_WORKER_H
#define PTPDK_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_rxq.h"
#include "ptpdk_txq.h"

#define PTPDK_WORKER_MAX_QUEUES 16

/** One engine step: handle what is pending. @return units of work done (0 = idle). */
typedef unsigned (*ptpdk_engine_step_fn)(void *ctx, uint64_t now_tsc);

struct ptpdk_worker_stats {
	uint64_t iterations;
	uint64_t idle_iterations;
	uint64_t sleeps;
};

struct ptpdk_worker {
	unsigned lcore_id;
	struct ptpdk_rxq *rxqs[PTPDK_WORKER_MAX_QUEUES];
	unsigned n_rxqs;
	struct ptpdk_txq *txqs[PTPDK_WORKER_MAX_QUEUES];
	unsigned n_txqs;
	ptpdk_engine_step_fn engine_step; /**< NULL when the engine runs elsewhere */
	void *engine_ctx;
	uint32_t idle_sleep_us;
	uint64_t publish_ticks; /**< how often counters are published (TSC ticks) */
	const atomic_bool *stop;
	struct ptpdk_worker_stats stats;
	/** The lcore thread's kernel id, set when it starts (0 before): the main lcore
	 * reads its scheduling figures (app/daemon/lcore_cpu.h). */
	atomic_int tid;
};

/** The loop: runs until *stop is true, then publishes counters a last time. */
int ptpdk_worker_run(void *worker);

/** A short description of the roles ("rx 2 queues, tx 1, engine") for the start-up log. */
void ptpdk_worker_describe(const struct ptpdk_worker *w, char *buf, size_t len);

#endif
