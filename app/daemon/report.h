/* SPDX-License-Identifier: BSD-3-Clause */
/* Counters for people (a table on stdout) and for programs (JSON). */
#ifndef DAEMON_REPORT_H
#define DAEMON_REPORT_H

#include <stdio.h>

#include "clock_follow.h"
#include "compliance.h"
#include "engine.h"
#include "lcore_cpu.h"
#include "output.h"

/** Everything a report shows, gathered from published copies. */
struct report_input {
	unsigned n_ports;
	const struct ptpdk_port *ports[PTPDK_MAX_PORTS];
	unsigned n_rxqs;
	struct ptpdk_rxq_counters rxq[ENGINE_MAX_RXQS];
	uint16_t rxq_port[ENGINE_MAX_RXQS];
	uint16_t rxq_queue[ENGINE_MAX_RXQS];
	struct ptpdk_txq_counters txq[PTPDK_MAX_PORTS];
	struct engine_status engine;
	const struct output_totals *totals;	/**< main-lcore figures (TE), or NULL */
	const struct ptpdk_hist *latency;	/**< NULL when not measured */
	const struct ptpdk_hist *turnaround;	/**< master Delay_Req to Delay_Resp; NULL: none */
	const struct engine_one_step *one_step; /**< twoStepFlag 0: written-time errors; or NULL */
	double elapsed_s;
	uint64_t tsc_hz;
	const struct compliance *compliance; /**< the compliance log, or NULL / disabled */
	/** The clocks kept on port 0's (exit report only: read after the workers stopped), or NULL.
	 */
	const struct clock_follow_set *follow;
	const struct lcore_cpu *lcore_cpu; /**< what the workers got of their CPUs, or NULL */
};

/** A one-line status (periodic): port state, clock state, offset, frequency, delay, TE. */
void report_line(FILE *out, const struct report_input *in);

/** The full table (at exit). */
void report_table(FILE *out, const struct report_input *in);

/** The same as JSON. @return 0 or -errno */
int report_json(const char *path, const struct report_input *in);

#endif
