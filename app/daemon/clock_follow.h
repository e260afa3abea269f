/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ports on several PTP hardware clocks in one instance (a boundary clock over several
 * NICs, or NIC-stamped ports beside software-stamped ones): linuxptp needs
 * boundary_clock_jbod and phc2sys for this; here the engine lcore does it itself.
 *
 * The primary is the first port's clock. The PTP clock disciplines a clock group over
 * it (ptpdk_clock_group.h: its steps reach every clock), and every other clock (a
 * secondary) has a follower (ptpdk_clock_follow.h) that the engine lcore runs
 * phc_follow_rate times a second: both clocks cross-timestamped against the TSC back
 * to back, the offset through a pi servo, the secondary stepped once if far, then
 * slewed. The ports of a secondary convert their stamps through the follower's view
 * (the secondary's time minus the measured offset), so the protocol engine sees every
 * stamp in the primary's time.
 *
 * Why the first port's clock and not the SLAVE port's (ptp4l's jbod switches the
 * disciplined PHC when the slave port changes): the primary stays fixed whatever the
 * BMCA does, so no servo is handed from clock to clock and nothing is re-learned on
 * a slave-port change. When the SLAVE port sits on a secondary, its stamps reach the
 * servo through the follower, which adds the follower's error (clock_follow.h's
 * budget: the measurement's uncertainty plus the drift since it) to what the servo
 * sees; the ports on the primary then serve their masters' time with that error too.
 * When a MASTER port sits on a secondary, its Sync and Delay_Resp stamps carry the
 * same error. Put the upstream (SLAVE) port on the first port's NIC when you can.
 *
 * free_running leaves the primary alone, not the secondaries: unsteered, their
 * stamps would drift by their frequency offset between measurements.
 *
 * All of this state belongs to the engine lcore once the workers run (style rule 4);
 * the report reads it after they stopped.
 */
#ifndef DAEMON_CLOCK_FOLLOW_H
#define DAEMON_CLOCK_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptpdk_clock.h"
#include "ptpdk_clock_follow.h"
#include "ptpdk_limits.h"
#include "ptpdk_worker.h"

/** A measurement whose brackets add up to more than this is refused (a preempted read). */
#define CLOCK_FOLLOW_MAX_UNCERTAINTY_NS 50000.0
/** Cross-timestamp tries per clock and measurement; the narrowest bracket is kept. */
#define CLOCK_FOLLOW_XTS_TRIES 5
/** Without an accepted measurement for this many intervals the ports of that clock stop
 *  converting stamps (counted as stamp conversion errors) rather than use a stale offset. */
#define CLOCK_FOLLOW_MAX_AGE_INTERVALS 10

struct clock_follow_secondary {
	struct ptpdk_clock *clock;
	struct ptpdk_clock_follow *follow;
	char ports[96]; /**< the ports that stamp in it, for the report */
};

struct clock_follow_set {
	struct ptpdk_clock *primary; /**< the first port's clock (not owned) */
	struct ptpdk_clock *group;   /**< what the PTP clock disciplines; NULL: one clock only */
	unsigned n;
	struct clock_follow_secondary sec[PTPDK_MAX_PORTS];
	uint64_t tsc_hz;
	uint64_t interval_tsc;
	uint64_t next_tsc;
	/* The engine step this one wraps, on the same lcore. */
	ptpdk_engine_step_fn engine_step;
	void *engine_ctx;
};

struct clock_follow_conf {
	double rate_hz;		  /**< phc_follow_rate */
	double step_threshold_ns; /**< phc_follow_step_threshold, ns; 0: never */
	uint64_t tsc_hz;
};

/**
 * Set up followers for @p n_clocks distinct port clocks, @p clocks[0] the primary;
 * @p port_names[i] names the ports on clocks[i]. Checks that each secondary can be read
 * against the TSC, stepped and slewed, and takes a first measurement so that stamps
 * convert from the start. Prints why on failure (and undoes what it did).
 * @return 0 or -1
 */
int clock_follow_setup(struct clock_follow_set *s, const struct clock_follow_conf *conf,
		       struct ptpdk_clock *const *clocks, const char *const *port_names,
		       unsigned n_clocks);

/** The clock a port on @p clock converts its stamps with: the view of its follower,
 *  or @p clock itself for the primary (or a clock the set does not know). */
struct ptpdk_clock *clock_follow_port_clock(struct clock_follow_set *s, struct ptpdk_clock *clock);

/** The clock the PTP clock disciplines: the group, or the primary with one clock. */
struct ptpdk_clock *clock_follow_disciplined(const struct clock_follow_set *s);

/** The engine lcore's step when there are secondaries: measure and steer them when
 *  due, then run the wrapped engine step (ptpdk_engine_step_fn; @p ctx is the set). */
unsigned clock_follow_engine_step(void *ctx, uint64_t now_tsc);

/** The exit report: one line per secondary, and the same as a JSON member
 *  (,"clock_follow":[...]); nothing without secondaries. Only after the workers stopped. */
void clock_follow_report_table(FILE *out, const struct clock_follow_set *s);
void clock_follow_report_json(FILE *f, const struct clock_follow_set *s);

/** Undo clock_follow_setup() (the clocks themselves belong to the caller). */
void clock_follow_fini(struct clock_follow_set *s);

#endif
