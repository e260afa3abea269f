/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One-step Sync in the daemon (twoStepFlag 0, drivers-notes/one-step.md): the engine
 * hands the TX owner a line of the port clock against the TSC with every one-step
 * Sync (the owner writes the clock's time at its own TSC reading into the frame), and
 * when the Sync's TX stamp comes back it measures what was written against it:
 * error = TX stamp - written time. Engine-lcore state, read after the engine stopped.
 */
#ifndef DAEMON_ENGINE_ONE_STEP_H
#define DAEMON_ENGINE_ONE_STEP_H

#include <stdbool.h>
#include <math.h>
#include <stdint.h>

#include "ptpdk_err_stats.h"
#include "ptpdk_event.h"
#include "ptpdk_time.h"

struct ptpdk_clock;

struct engine_one_step {
	bool enabled; /**< some port sends one-step Syncs */
	/** TX stamp - written time of every one-step Sync stamped, all ports, ns. */
	struct ptpdk_err_stats err;
	uint64_t no_line;     /**< Syncs refused: the clock could not give its line */
	uint64_t not_written; /**< Sync reports without a written time (not sent) */
	uint64_t not_stamped; /**< written Syncs whose TX stamp did not come or convert */
	/**
	 * Software-stamped (TSC) ports: the TX burst's window of every written Sync,
	 * stamped or not. The time written is the TSC before the burst, so the frame left
	 * somewhere in that window: its error lies in [0, window] (drivers-notes/one-step.md).
	 */
	uint64_t window_count;
	double window_sum_sq; /**< of the windows in ns, for their rms */
	uint64_t window_max_ns;
};

/**
 * Check that every port with one_step can have its time written at the TX burst:
 * only a clock that converts TSC stamps can (the TSC clock of software time
 * stamping); a NIC or PHC clock cannot be read there. Prints why on stderr.
 * @return 0; -ENOTSUP for a port that cannot
 */
int engine_one_step_init(struct engine_one_step *os, unsigned n_ports, const bool *one_step,
			 struct ptpdk_clock *const *clocks, const char *const *names);

/**
 * The line of @p clock against the TSC now, for a one-step Sync's request.
 * @return 0; the clock's error when it cannot convert TSC values (counted in no_line)
 */
int engine_one_step_line(struct engine_one_step *os, struct ptpdk_clock *clock, uint64_t tsc_hz,
			 struct ptpdk_tick_map *out);

/**
 * A TX report came back from a port that sends one-step (@p one_step_port): for a
 * Sync with a written time and a stamp @p t (the port clock's time, NULL when none)
 * the error is recorded.
 */
void engine_one_step_report(struct engine_one_step *os, bool one_step_port,
			    const struct ptpdk_tx_report *r, const struct ptpdk_tmv *t);

/** The TX burst window (ns) of a written one-step Sync on a TSC-stamped port. */
void engine_one_step_window(struct engine_one_step *os, uint64_t window_ns);

/** The rms of the recorded windows, ns; 0 when none. */
static inline double engine_one_step_window_rms(const struct engine_one_step *os)
{
	return os->window_count ? sqrt(os->window_sum_sq / (double)os->window_count) : 0.0;
}

#endif
