/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A simulated chain of clocks: grandmaster -> boundary clocks -> slave, every one a
 * ptpdk engine (ptpdk_ptp_clock) with its own simulated oscillator and virtual clock,
 * connected by simulated links, each maybe with a transparent clock in its middle.
 *
 * - The grandmaster is an engine on a perfect clock (true time plus the master's
 *   time_offset) with one master-only port, so it sends from the start, two-step
 *   (one-step with two_step no: the world writes the TX stamp into the Sync),
 *   with the [master] section's priorities, class, domain and rates.
 * - A boundary clock ([bc NAME]) is an engine with two ports: port 1 toward the
 *   grandmaster, port 2 toward the next clock down; the BMCA makes them SLAVE and
 *   MASTER. Its oscillator and stamp resolution are its own, its settings the
 *   [slave] section's.
 * - The slave is a slave-only engine on the [oscillator] section's oscillator.
 *
 * Engines send through their ops table; the world puts each message on the link of
 * the port that sent it (per direction the scenario's path model: its own streams
 * for the master's own messages, for Delay_Resp and for Delay_Req, as in the
 * one-slave world), hands it to the port at the other end with an RX stamp of the
 * receiving clock (its own time at arrival, truncated to its resolution) and
 * reports TX stamps back through ptpdk_ptp_clock_tx_stamp().
 *
 * The chain comes up from the grandmaster down: every clock runs from the start, but
 * its engine starts when the port above it first becomes MASTER, as in a network
 * whose grandmaster and boundary clocks were serving before the clocks below them
 * booted. (Started together, a BC would serve its free-running time until it found
 * the grandmaster; that power-on race is not simulated.)
 *
 * Every sample interval it records each clock's TE against the grandmaster and
 * against the clock just upstream (the hop's own share). Deterministic: the same
 * scenario and seed give the same run; the oscillators, links and TCs draw from
 * streams of their own, so runs with different servos see the same draws.
 */
#ifndef PTPDK_SIM_CHAIN_H
#define PTPDK_SIM_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_ptp_clock.h"
#include "ptpdk_sim_scenario.h"
#include "ptpdk_sim_summary.h"
#include "ptpdk_sim_world.h"

/** The grandmaster, the boundary clocks, the slave. */
#define PTPDK_SIM_CHAIN_MAX_CLOCKS (PTPDK_SIM_MAX_BCS + 2)

enum ptpdk_sim_chain_role {
	PTPDK_SIM_CHAIN_GM,
	PTPDK_SIM_CHAIN_BC,
	PTPDK_SIM_CHAIN_SLAVE,
};

/** One clock of the chain after a run. */
struct ptpdk_sim_chain_clock {
	char name[PTPDK_SIM_NAME_MAX]; /**< the master's, the bc's, or "slave" */
	enum ptpdk_sim_chain_role role;
	/**
	 * TE of this clock against the grandmaster (clock - GM), with its steps, lock
	 * time and counters, as a one-slave run has them. Empty for the grandmaster.
	 */
	struct ptpdk_sim_result to_gm;
	/** The hop alone: this clock minus the clock just upstream (points only). */
	struct ptpdk_sim_result hop;
	/** Steps after the first time the clock state was LOCKED. */
	unsigned steps_after_lock;
	/** The engine's status at the end of the run. */
	struct ptpdk_ptp_clock_status status;
	unsigned n_ports;
	struct ptpdk_port_identity port_identity[2];
};

/** A link (between clock i and clock i + 1) after a run. */
struct ptpdk_sim_chain_link {
	bool has_tc;
	uint64_t down, up; /**< messages put on it each way */
	uint64_t lost;
	uint64_t tc_corrected; /**< correctionFields its TC wrote */
	uint64_t tc_unmatched; /**< two-step: no residence for the message */
	double tc_residence_down_ns, tc_residence_up_ns; /**< mean measured residence */
};

struct ptpdk_sim_chain_result {
	unsigned n_clocks; /**< grandmaster first, slave last */
	struct ptpdk_sim_chain_clock clocks[PTPDK_SIM_CHAIN_MAX_CLOCKS];
	struct ptpdk_sim_chain_link links[PTPDK_SIM_CHAIN_MAX_CLOCKS - 1];
	uint64_t events;
	uint64_t in_flight_full; /**< messages dropped because the pool was full */
	uint64_t send_refused;	 /**< sends on a port without a link */
};

/**
 * Run the chain @p sc (ptpdk_sim_scenario_is_chain()) to its end. @p opts as for
 * ptpdk_sim_run(): the servo applies to every clock; the sample callback gets the
 * slave's samples. @return 0 with @p out filled (release with
 * ptpdk_sim_chain_result_free), or -EINVAL (bad scenario, not a chain, unknown
 * servo: message in @p err), -ENOMEM, -EIO (a trace file unreadable).
 */
int ptpdk_sim_chain_run(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_run_opts *opts,
			struct ptpdk_sim_chain_result *out, char *err, size_t err_len);

void ptpdk_sim_chain_result_free(struct ptpdk_sim_chain_result *r);

/**
 * The figures of clock @p index (1 .. n_clocks - 1) of @p r: against the grandmaster,
 * or with @p hop its own hop, through ptpdk_sim_summarize() with the clock's own
 * oscillator events. @return as ptpdk_sim_summarize(), -EINVAL for the grandmaster
 * or an index out of range.
 */
int ptpdk_sim_chain_summarize(const struct ptpdk_sim_scenario *sc,
			      const struct ptpdk_sim_chain_result *r, unsigned index, bool hop,
			      struct ptpdk_sim_summary *out);

#endif
