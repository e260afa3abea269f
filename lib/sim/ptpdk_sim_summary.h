/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The figures of one simulated run, as ptpdk-sim prints them and servo.md
 * tabulates them: TE statistics after the warm-up, ITU-T G.8273.2 metrics, lock
 * time, steps, the response to each oscillator frequency step and each holdover.
 */
#ifndef PTPDK_SIM_SUMMARY_H
#define PTPDK_SIM_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "ptpdk_g8273.h"
#include "ptpdk_sim_scenario.h"
#include "ptpdk_sim_world.h"

/** |TE| must stay within this for PTPDK_SIM_RECOVER_RUN_S for a step to count as recovered. */
#define PTPDK_SIM_RECOVER_NS	10.0
#define PTPDK_SIM_RECOVER_RUN_S 10.0
/**
 * Time to settle: the band is max(PTPDK_SIM_SETTLE_K x the steady state's p99 of |TE|,
 * PTPDK_SIM_SETTLE_FLOOR_NS), the steady state being the samples after the warm-up
 * and before the scenario's first event after it (see ptpdk_sim_summary.settle_s).
 * The floor keeps a near-perfect steady state (p99 of a few ns) from asking for a
 * band narrower than one sample's rounding.
 */
#define PTPDK_SIM_SETTLE_K	  2.0
#define PTPDK_SIM_SETTLE_FLOOR_NS 10.0
/** A frequency step's response is looked at over this window. */
#define PTPDK_SIM_STEP_WINDOW_S 300.0

/** The response to one oscillator frequency step (after the warm-up). */
struct ptpdk_sim_step_response {
	double at_s, ppb;
	double peak_abs_te_ns; /**< max |TE| in the window after the step */
	/** Seconds from the step until |TE| <= PTPDK_SIM_RECOVER_NS for a run; < 0: never. */
	double recover_s;
};

struct ptpdk_sim_summary {
	size_t n; /**< TE samples after the warm-up */
	double rms_ns, mean_ns, max_abs_ns, p50_ns, p95_ns, p99_ns; /**< of TE; p* of |TE| */
	double time_to_lock_s; /**< first clock state LOCKED; < 0: never */
	/**
	 * Time to settle, s since the start: the time of the first TE sample after which
	 * no sample up to the end of the warm-up has |TE| above settle_band_ns. Events
	 * after the warm-up (frequency steps, holdovers, master changes) have figures of
	 * their own and do not count. < 0: |TE| is still outside the band at the last
	 * sample before the warm-up ends, or there is no sample before it.
	 */
	double settle_s;
	/**
	 * max(PTPDK_SIM_SETTLE_K x p99 of |TE|, PTPDK_SIM_SETTLE_FLOOR_NS), the p99 over
	 * the samples from the end of the warm-up to the first scenario event after it
	 * (oscillator step or ramp; a master's start, stop, outage or time step; a path
	 * load change), or to the end of the run: the undisturbed steady state. All
	 * samples after the warm-up when an event falls right at its end.
	 */
	double settle_band_ns;
	unsigned steps;		    /**< all clock steps */
	unsigned steps_after_first; /**< steps after the first one: false steps unless the master
				       stepped */
	bool g8273_ok;		    /**< g8273 filled (enough samples) */
	struct ptpdk_g8273_report g8273;
	struct ptpdk_sim_step_response freq_steps[PTPDK_SIM_MAX_EVENTS];
	unsigned n_freq_steps;
};

/**
 * Summarise @p r of scenario @p sc. @return 0, -EINVAL (NULL, or no sample after the
 * warm-up), -ENOMEM.
 */
int ptpdk_sim_summarize(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_result *r,
			struct ptpdk_sim_summary *out);

/**
 * The time to settle of @p r into |TE| <= @p band_ns: the time of the first TE
 * sample after which no sample up to the end of the warm-up leaves the band (the
 * rule of ptpdk_sim_summary.settle_s with another band, e.g. one common to the
 * servos compared). @return seconds since the start, or -1 (never, or NULL).
 */
double ptpdk_sim_settle_time(const struct ptpdk_sim_scenario *sc, const struct ptpdk_sim_result *r,
			     double band_ns);

#endif
