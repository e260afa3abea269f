/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Who does what: ports, their queues, and which lcore polls which queue.
 * Compact mode puts RX, TX and the engine on one worker; otherwise the engine has
 * its own lcore, each RX lcore polls one RX queue on every port, and the first RX
 * lcore owns each port's TX queue. The main lcore only controls and reports.
 */
#ifndef DAEMON_LAYOUT_H
#define DAEMON_LAYOUT_H

#include <stdatomic.h>
#include <stdio.h>

#include "options.h"
#include "clock_follow.h"
#include "engine.h"
#include "lcore_cpu.h"
#include "ptpdk_worker.h"

struct layout {
	uint64_t tsc_hz;
	unsigned n_ports;
	struct ptpdk_port ports[PTPDK_MAX_PORTS];
	unsigned n_rxqs;
	struct ptpdk_rxq rxqs[ENGINE_MAX_RXQS];
	unsigned n_txqs;
	struct ptpdk_txq txqs[PTPDK_MAX_PORTS];
	unsigned n_workers;
	struct ptpdk_worker workers[DAEMON_MAX_LCORES];
	/** The disciplined clock: port 0's, or the group over it and the other clocks. */
	struct ptpdk_clock *clock;
	/** What each port's stamps convert with: its clock, or its follower's view. */
	struct ptpdk_clock *port_clock[PTPDK_MAX_PORTS];
	struct ptpdk_clock *owned_clock[PTPDK_MAX_PORTS]; /**< each distinct clock, once */
	unsigned n_owned_clocks;
	struct clock_follow_set follow; /**< the other clocks kept on port 0's */
	struct ptpdk_shm_writer *shm;	/**< the shared time region, or NULL */
	bool engine_ready;
	struct engine engine;
	/** The main lcore's: what the workers got of their CPUs (sampled each second). */
	struct lcore_cpu cpu;
	atomic_bool stop;
};

/** Open ports, create queues and rings, assign lcores. Prints why on failure. @return 0 or -1 */
int layout_build(struct layout *l, const struct daemon_options *opts);

/** Start every worker on its lcore. @return 0 or -1 */
int layout_launch(struct layout *l);

/** The NIC stamps this port's PTP frames itself (the PHC is then the clock). */
bool layout_port_nic_stamps(const struct ptpdk_port *port);

/** Port @p port's RX counters: its queues' counters, summed. */
void layout_port_rx_counters(const struct layout *l, unsigned port, struct ptpdk_rxq_counters *sum);

/** Undo layout_build() (after the workers stopped), whatever it got to. */
void layout_teardown(struct layout *l);

#endif
