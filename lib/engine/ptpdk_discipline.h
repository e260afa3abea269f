/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Clock discipline: what a PTP clock does with its offset samples. Each sample goes
 * through the servo (ptpdk_servo.h) and its output onto the local clock
 * (ptpdk_clock.h) as a frequency or a step; the clock's synchronisation state
 * (FREERUN, LOCKING, LOCKED, HOLDOVER) follows, and so do the error bound and the
 * holdover when the master goes away.
 *
 * One per PTP clock, owned by it (ptpdk_ptp_clock.c): the ports measure, the
 * discipline decides what the measurements do to the time. Pure (style rule 1):
 * "now" is passed in; nothing is logged here, the caller reports what the return
 * values say.
 */
#ifndef PTPDK_DISCIPLINE_H
#define PTPDK_DISCIPLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_clock.h"
#include "ptpdk_port_state.h"
#include "ptpdk_servo.h"

/** The clock's synchronisation state, for status and the shared region. */
enum ptpdk_ptp_clock_state {
	PTPDK_PTP_FREERUN,  /**< never locked, or holdover ran out */
	PTPDK_PTP_LOCKING,  /**< following a master, servo not locked yet */
	PTPDK_PTP_LOCKED,   /**< servo s2/s3 on a SLAVE port */
	PTPDK_PTP_HOLDOVER, /**< master lost after lock: holding the learned frequency */
};

struct ptpdk_discipline_config {
	enum ptpdk_servo_type servo_type;
	struct ptpdk_servo_config servo;
	/** ptp4l free_running: measure and report, never adjust the clock. */
	bool free_running;
	/** Seconds of holdover before the state falls back to FREERUN (0: never). */
	double holdover_max_s;
	/** Assumed frequency wander in holdover, ppb per second (error bound growth). */
	double holdover_wander_ppb_per_s;
};

/** What one sample did. */
struct ptpdk_discipline_result {
	enum ptpdk_servo_state servo_state;
	int64_t step_ns;     /**< the servo's step (0: none) */
	bool stepped;	     /**< the clock took it: stamps from before it are void */
	bool holdover_ended; /**< the servo locked again after a holdover */
	double freq_ppb;     /**< the clock's frequency after the sample */
	/** The event for the sampling port's state machine (9.2.5): MASTER_CLOCK_SELECTED
	 * once the servo (or free_running) accepts the master, SYNCHRONIZATION_FAULT on a
	 * step; none while the servo is still learning. */
	bool have_port_event;
	enum ptpdk_port_event port_event;
};

/** Counters of the discipline (part of the PTP clock's counters). */
struct ptpdk_discipline_counters {
	uint64_t steps;	       /**< clock steps */
	uint64_t clock_errors; /**< clock ops that failed */
	uint64_t holdovers;    /**< holdover entries */
};

struct ptpdk_discipline;

/**
 * @param clock the clock to discipline (not owned; outlives the discipline)
 * @return NULL with errno EINVAL (bad config, NULL clock) or ENOMEM
 */
struct ptpdk_discipline *ptpdk_discipline_create(const struct ptpdk_discipline_config *cfg,
						 struct ptpdk_clock *clock);
void ptpdk_discipline_destroy(struct ptpdk_discipline *d);

/**
 * One offset sample (offset, path delay and, under E2E, the one-way differences) of
 * the port that follows the parent. A step makes every stamp taken before it useless:
 * when out->stepped the caller flushes its measurements.
 */
void ptpdk_discipline_sample(struct ptpdk_discipline *d, const struct ptpdk_servo_sample *in,
			     uint64_t now_ns, struct ptpdk_discipline_result *out);

/** The master's Sync interval, which sets the servo's time constants. */
void ptpdk_discipline_set_interval(struct ptpdk_discipline *d, double seconds);

/** A peer-delay measurement on the port that follows the parent (P2P): status only. */
void ptpdk_discipline_set_path_delay(struct ptpdk_discipline *d, int64_t path_delay_ns);

/**
 * The parent is gone. From LOCKED the clock enters holdover on the servo's learned
 * frequency; otherwise it stays (or falls back to) FREERUN.
 * @return true when holdover began (the caller says so in its log)
 */
bool ptpdk_discipline_parent_lost(struct ptpdk_discipline *d, uint64_t now_ns);

/** @return true when the holdover limit ran out at this tick (state now FREERUN). */
bool ptpdk_discipline_tick(struct ptpdk_discipline *d, uint64_t now_ns);

/** A consistent picture for status. */
struct ptpdk_discipline_status {
	enum ptpdk_ptp_clock_state state;
	enum ptpdk_servo_state servo_state;
	int64_t last_offset_ns;
	int64_t path_delay_ns;
	double freq_ppb;
	/** Bound on |clock - master| now, ns: recent offsets when locked, growing in holdover. */
	double error_bound_ns;
	/** Growth of the bound: bound + rate * t + wander * t^2 / 2 after t seconds. */
	double bound_rate_ppb;
	double bound_wander_ppb_per_s;
	double holdover_s; /**< seconds in holdover (0 when not) */
	/** Frequency held in holdover and its uncertainty (valid in HOLDOVER). */
	double holdover_unc_ppb;
	uint64_t last_sample_ns;
	int64_t last_step_ns; /**< the last step the clock took, ns; 0 before the first */
	struct ptpdk_discipline_counters counters;
};

void ptpdk_discipline_status(const struct ptpdk_discipline *d, uint64_t now_ns,
			     struct ptpdk_discipline_status *out);

/** "FREERUN", "LOCKING", "LOCKED", "HOLDOVER". */
const char *ptpdk_ptp_clock_state_name(enum ptpdk_ptp_clock_state s);

#endif
