/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One simulated run: the daemon's engine (ptpdk_ptp_clock) and servo, unchanged,
 * disciplining a virtual clock (ptpdk_vclock) over a simulated oscillator
 * (ptpdk_counter_sim), talking to simulated masters over simulated paths.
 *
 * The engine sees exactly what the daemon's datapath gives it: decoded messages
 * with RX stamps in the clock's time, TX stamps of its own Delay_Req, ticks,
 * and a monotonic "now" (here: true time). Nothing in the engine knows it is
 * simulated.
 *
 * The world is an event queue in true time (ns since the start). Each path is
 * FIFO, as a switch's queue is; only the scenario's reorder probability lets a
 * packet overtake. TE (slave clock minus the time of the best active master,
 * the one a correct BMCA follows) is sampled every sample interval.
 *
 * Deterministic: the same scenario and seed give the same run, bit for bit. The
 * network and oscillator draw from streams of their own (ptpdk_sim_rng.h), so
 * runs with different servos see the same draws.
 */
#ifndef PTPDK_SIM_WORLD_H
#define PTPDK_SIM_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_ptp_clock.h"
#include "ptpdk_sim_scenario.h"

/** One TE sample (every scenario sample interval). */
struct ptpdk_sim_point {
	double t_s;	     /**< true time since start */
	double te_ns;	     /**< slave clock minus the reference master's time */
	double offset_ns;    /**< the engine's last measured offset */
	double freq_ppb;     /**< frequency the clock runs at against nominal, as set */
	double freq_err_ppb; /**< oscillator error + adjustment: the clock's true rate error */
	int8_t servo_state;  /**< enum ptpdk_servo_state of the last sample */
	int8_t clock_state;  /**< enum ptpdk_ptp_clock_state */
	int8_t port_state;   /**< enum ptpdk_port_state of port 0 */
};

/** A holdover episode (the engine's clock state HOLDOVER). */
struct ptpdk_sim_holdover {
	double start_s, end_s;	   /**< end_s < 0: still in holdover at the end */
	double freq_err_entry_ppb; /**< clock's true rate error at entry */
	double te_entry_ns;	   /**< TE at entry */
	double te_growth_ns;	   /**< max |TE - TE at entry| during the holdover */
	unsigned steps_after;	   /**< steps in the 60 s after the master returned */
};

#define PTPDK_SIM_MAX_HOLDOVERS 8
#define PTPDK_SIM_MAX_STEPS	64

struct ptpdk_sim_step {
	double t_s, ns;
};

struct ptpdk_sim_counters {
	uint64_t events;	      /**< events processed */
	uint64_t to_slave, to_master; /**< messages put on the paths */
	uint64_t lost;		      /**< dropped by the paths' loss */
	uint64_t reordered, outliers, corrupted;
	uint64_t in_flight_full; /**< dropped because the in-flight pool was full */
	uint64_t send_refused;	 /**< engine sends the world cannot carry (P2P, unknown type) */
};

struct ptpdk_sim_result {
	struct ptpdk_sim_point *points; /**< malloc'd, n_points */
	size_t n_points;
	struct ptpdk_sim_step steps[PTPDK_SIM_MAX_STEPS];
	unsigned n_steps;	  /**< clock steps the engine made (all of them) */
	unsigned n_steps_dropped; /**< steps beyond PTPDK_SIM_MAX_STEPS (counted, not kept) */
	double first_locked_s;	  /**< first clock state LOCKED; < 0: never */
	struct ptpdk_sim_holdover holdovers[PTPDK_SIM_MAX_HOLDOVERS];
	unsigned n_holdovers;
	struct ptpdk_sim_counters counters;
	struct ptpdk_ptp_clock_counters engine;
	uint64_t samples; /**< offset samples the engine processed */
};

/** Called every simulated ~1 % of the run with the fraction done (may be NULL). */
typedef void (*ptpdk_sim_progress_fn)(void *ctx, double fraction);

struct ptpdk_sim_run_opts {
	/** Servo to run ("pi", "ptpdk"); NULL: the scenario's. */
	const char *servo;
	ptpdk_sim_progress_fn progress;
	void *progress_ctx;
	/** Per offset sample, as the daemon's samples file gets them (may be NULL). */
	void (*sample)(void *ctx, const struct ptpdk_ptp_sample *s, double t_s);
	void *sample_ctx;
};

/**
 * Run @p sc to its end. @return 0 with @p out filled (release with
 * ptpdk_sim_result_free), or -EINVAL (bad scenario, unknown servo: message in
 * @p err), -ENOMEM, -EIO (a trace file unreadable).
 */
int ptpdk_sim_run(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_run_opts *opts,
		  struct ptpdk_sim_result *out, char *err, size_t err_len);

void ptpdk_sim_result_free(struct ptpdk_sim_result *r);

/** Record a clock step at @p t seconds (counted, not kept, beyond PTPDK_SIM_MAX_STEPS). */
void ptpdk_sim_result_add_step(struct ptpdk_sim_result *r, double t, double ns);

#endif
