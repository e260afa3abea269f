/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The counters of the shared region (ptpdk_shm_layout.h, counter sections): which
 * descriptor tables make up the clock's block and a port's, named and read by one
 * walk so that the names published at creation and the values published later come
 * in the same order. Names are telemetry's keys ("rx/by_type/Sync"), from the same
 * ptpdk_cdesc_key().
 *
 * Who publishes: the main lcore, twice a second (EXPORT_COUNTERS_PERIOD_MS). The engine
 * lcore already publishes records 100 times a second; a port's counters are some
 * hundred values, gathered from every RX queue, and operators look at them at human
 * pace, so doing that on the engine lcore would cost it time it owes to Sync
 * handling. The main lcore reads the engine's status under its seqlock and the
 * queues' counters as telemetry does, and is the only writer of the counter blocks
 * (the engine never touches them): one writer per block, as the layout requires.
 */
#ifndef DAEMON_EXPORT_COUNTERS_H
#define DAEMON_EXPORT_COUNTERS_H

#include <stdint.h>

#include "compliance_counts.h"
#include "engine.h"
#include "lcore_cpu.h"
#include "ptpdk_dp_counters.h"
#include "ptpdk_shm_writer.h"

/** How often the main lcore publishes: half the layout's promise
 * (PTPDK_SHM_COUNTERS_PERIOD_MS), a margin for a main lcore busy writing files. */
#define EXPORT_COUNTERS_PERIOD_MS (PTPDK_SHM_COUNTERS_PERIOD_MS / 2)

/**
 * Fill @p out with every counter's name, scope and slot: the clock's tables (engine,
 * clock, status, compliance, netmgmt, lcore_cpu), then the port's (rx, tx, e2e, p2p, foreign).
 * @return the number of names; -ENOSPC more than @p max; -ENAMETOOLONG a name that
 *	   does not fit PTPDK_SHM_COUNTER_NAME_LEN
 */
int export_counter_names(struct ptpdk_shm_counter_name *out, unsigned max);

/**
 * The clock block's values from @p st, @p comp and @p cpu (NULL: zeros), in slot order.
 * @return how many (<= @p max)
 */
unsigned export_clock_values(const struct engine_status *st, const struct compliance_counts *comp,
			     const struct lcore_cpu_counts *cpu, uint64_t *out, unsigned max);

/**
 * Port @p port's values: @p rx (its RX queues summed), @p tx, and its e2e, p2p and
 * foreign counters from @p st. @return how many (<= @p max)
 */
unsigned export_port_values(const struct ptpdk_rxq_counters *rx,
			    const struct ptpdk_txq_counters *tx, const struct engine_status *st,
			    unsigned port, uint64_t *out, unsigned max);

/** Publish the clock block and port blocks 0..@p n_ports-1 (rx[p], tx[p]). */
void export_counters_publish(struct ptpdk_shm_writer *w, const struct engine_status *st,
			     const struct compliance_counts *comp,
			     const struct lcore_cpu_counts *cpu,
			     const struct ptpdk_rxq_counters *rx,
			     const struct ptpdk_txq_counters *tx, unsigned n_ports, uint64_t tsc,
			     uint64_t mono_ns);

/** Add @p one's counters to @p sum (a port's RX queues, summed). */
void export_rxq_add(struct ptpdk_rxq_counters *sum, const struct ptpdk_rxq_counters *one);

#endif
