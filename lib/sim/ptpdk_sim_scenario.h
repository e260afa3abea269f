/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A simulation scenario: oscillator, masters, network paths and the slave's
 * settings, as read from a scenario file (format: config/sim/README.md).
 *
 * All times are in the scenario's true time: seconds from the start of the run
 * (double) or nanoseconds (double) for delays and offsets; frequencies in ppb.
 * The struct is plain data with fixed-size arrays so that the simulator and its
 * tests can build scenarios in code as well as parse them.
 *
 * Pure: parsing reads a file only in ptpdk_sim_scenario_load(); everything else
 * works on strings. Not thread-safe.
 */
#ifndef PTPDK_SIM_SCENARIO_H
#define PTPDK_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTPDK_SIM_MAX_MASTERS 4
#define PTPDK_SIM_MAX_BCS     4	 /* boundary clocks in a chain */
#define PTPDK_SIM_MAX_EVENTS  16 /* of each kind: frequency steps, outages, time steps, loads */
#define PTPDK_SIM_NAME_MAX    64
#define PTPDK_SIM_PATH_MAX    256

/** A delay distribution added to a path's base delay (ns). */
enum ptpdk_sim_dist_kind {
	PTPDK_SIM_DIST_NONE,	/**< 0 */
	PTPDK_SIM_DIST_EXP,	/**< exponential, mean a */
	PTPDK_SIM_DIST_GAMMA,	/**< gamma, shape a, mean b */
	PTPDK_SIM_DIST_UNIFORM, /**< uniform on [a, b] */
	PTPDK_SIM_DIST_NORMAL,	/**< normal, mean a, sigma b; negative draws count as 0 */
};

struct ptpdk_sim_dist {
	enum ptpdk_sim_dist_kind kind;
	double a, b;
};

/** From @p at_s on, the path's jitter is @p dist (a load change). */
struct ptpdk_sim_load {
	double at_s;
	struct ptpdk_sim_dist dist;
};

/** One direction of the network between a master and the slave. */
struct ptpdk_sim_path {
	double base_ns;		      /**< fixed delay */
	struct ptpdk_sim_dist jitter; /**< added to each packet */
	/**
	 * Load changes in time order. With load_period_s > 0 the list instead repeats:
	 * every load_period_s the path alternates between jitter and loads[0] (S4).
	 */
	struct ptpdk_sim_load loads[PTPDK_SIM_MAX_EVENTS];
	unsigned n_loads;
	double load_period_s;
	double loss;	/**< probability a packet is dropped */
	double reorder; /**< probability a packet is held back by reorder_ns more */
	double reorder_ns;
	double outlier; /**< probability of an extra delay drawn from outlier_dist */
	struct ptpdk_sim_dist outlier_dist;
	/**
	 * With a transparent clock on the link (struct ptpdk_sim_tc): the time each
	 * event message spends in it, added to the path's delay. NONE without a TC.
	 */
	struct ptpdk_sim_dist residence;
	/**
	 * Replay: delays (ns, one per line, '#' comments) used in turn for this
	 * direction's event messages instead of base + jitter, wrapping at the end.
	 * Empty: none. Relative paths are relative to the scenario file.
	 */
	char trace_file[PTPDK_SIM_PATH_MAX];
};

/**
 * What an end-to-end transparent clock in the middle of a link does with the
 * residence time it measures (IEEE 1588-2008 11.5.2 and 11.5.3).
 */
enum ptpdk_sim_tc_mode {
	PTPDK_SIM_TC_NONE,     /**< no TC on the link */
	PTPDK_SIM_TC_ONE_STEP, /**< into the correctionField of the Sync or Delay_Req itself */
	/** into the Follow_Up of the Sync, and the Delay_Resp answering the Delay_Req */
	PTPDK_SIM_TC_TWO_STEP,
};

/** A transparent clock on a link; its residence times are the paths' residence. */
struct ptpdk_sim_tc {
	enum ptpdk_sim_tc_mode mode;
	/** false: the TC delays messages but writes no correction (as a switch that is
	 * not PTP-aware, or a TC whose correction is broken). Default true. */
	bool correction;
	/** Its ingress and egress stamps are truncated to this, ns (0: exact). */
	double resolution_ns;
};

struct ptpdk_sim_freq_step {
	double at_s, ppb;
};

struct ptpdk_sim_oscillator {
	double freq_offset_ppb;	    /**< constant part (S1: +10 ppm = 10000) */
	double random_walk_ppb;	    /**< sigma of the frequency random walk, ppb per sqrt(s) */
	double white_fm_ppb;	    /**< sigma of white frequency noise per second, ppb */
	double temp_amplitude_ppb;  /**< temperature sine: amplitude ... */
	double temp_period_s;	    /**< ... and period (0: none) */
	double temp_ramp_ppb_per_s; /**< temperature ramp between ramp_start_s and ramp_end_s */
	double ramp_start_s, ramp_end_s;
	struct ptpdk_sim_freq_step steps[PTPDK_SIM_MAX_EVENTS];
	unsigned n_steps;
	double initial_offset_ns; /**< slave clock minus true time at t = 0 */
	/** Slave timestamp resolution, ns (0: exact); stamps are truncated to it. */
	double resolution_ns;
};

struct ptpdk_sim_interval {
	double from_s, len_s;
};

struct ptpdk_sim_time_step {
	double at_s, ns;
};

struct ptpdk_sim_master {
	char name[PTPDK_SIM_NAME_MAX];
	uint8_t priority1, priority2, clock_class, domain;
	int8_t log_sync_interval, log_announce_interval, log_min_delay_req_interval;
	bool two_step;
	double time_offset_ns;	/**< its time minus true time */
	double start_s, stop_s; /**< active between (stop_s < 0: to the end) */
	struct ptpdk_sim_interval outages[PTPDK_SIM_MAX_EVENTS]; /**< silent intervals */
	unsigned n_outages;
	struct ptpdk_sim_time_step time_steps[PTPDK_SIM_MAX_EVENTS];
	unsigned n_time_steps;
	/** Master timestamp resolution, ns (0: exact). */
	double resolution_ns;
	/** Probability that a timestamp it sends (t1 or t4) is off by +-corrupt_ns. */
	double corrupt;
	double corrupt_ns;
	/** Paths master->slave and slave->master (in a chain: to the next clock down). */
	struct ptpdk_sim_path to_slave, from_slave;
	/** A transparent clock on that link (mode NONE: none). */
	struct ptpdk_sim_tc tc;
};

/**
 * A boundary clock of a chain: a ptpdk engine with two ports, port 1 toward the
 * grandmaster, port 2 master of the next clock down. Its settings are the
 * [slave] section's; its oscillator, stamp resolution and downstream link are its
 * own.
 */
struct ptpdk_sim_bc {
	char name[PTPDK_SIM_NAME_MAX];
	/** Its own oscillator; resolution is its stamp resolution. */
	struct ptpdk_sim_oscillator osc;
	/** The link to the next clock down: to it, and from it. */
	struct ptpdk_sim_path to_slave, from_slave;
	struct ptpdk_sim_tc tc;
	/** Its master port sends two-step Syncs (default); false: one-step. */
	bool two_step;
};

/** The slave's settings: ptp4l key names where they exist. */
struct ptpdk_sim_slave {
	char servo[PTPDK_SIM_NAME_MAX]; /**< "pi", "ptpdk"; the CLI may override */
	unsigned delay_filter_length;
	double first_step_threshold_ns, step_threshold_ns, max_frequency_ppb;
	double offset_threshold_ns;
	unsigned num_offset_values;
	double max_path_delay_ns; /**< 0: no limit */
	bool hw_timestamps;
	double holdover_max_s;
};

struct ptpdk_sim_scenario {
	char name[PTPDK_SIM_NAME_MAX];
	char description[256];
	double duration_s, warmup_s;
	uint64_t seed;
	/** TE is sampled every sample_interval_s (1 s by default). */
	double sample_interval_s;
	struct ptpdk_sim_oscillator osc;
	struct ptpdk_sim_master masters[PTPDK_SIM_MAX_MASTERS];
	unsigned n_masters;
	struct ptpdk_sim_slave slave;
	/**
	 * A chain GM -> bcs[0] -> ... -> bcs[n_bcs - 1] -> slave, in that order; the
	 * oscillator above is the slave's. See ptpdk_sim_scenario_is_chain().
	 */
	struct ptpdk_sim_bc bcs[PTPDK_SIM_MAX_BCS];
	unsigned n_bcs;
};

/**
 * The defaults: one master "gm" (priority1 128, class 6, domain 0, log intervals
 * sync 0, announce 1, delay_req 0, two-step), exact stamps, 2 us fixed delay each
 * way, a perfect oscillator, ptp4l's slave settings with servo "ptpdk", duration
 * 3600 s, warm-up 1000 s, seed 1, TE sampled every second.
 */
void ptpdk_sim_scenario_init(struct ptpdk_sim_scenario *sc);

/**
 * Parse scenario text. @p origin names it in errors ("FILE" or "<string>");
 * @p base_dir resolves relative trace files (NULL: current directory).
 * @return 0, or -EINVAL with "ORIGIN:LINE: message" in @p err (size @p err_len).
 */
int ptpdk_sim_scenario_parse(struct ptpdk_sim_scenario *sc, const char *text, const char *origin,
			     const char *base_dir, char *err, size_t err_len);

/** Read @p path and parse it. @return 0, -errno of the read, or -EINVAL (see parse). */
int ptpdk_sim_scenario_load(struct ptpdk_sim_scenario *sc, const char *path, char *err,
			    size_t err_len);

/**
 * Override one setting after loading, as the CLI's --set does: "SECTION.KEY=VALUE"
 * with the file's own sections, keys and value syntax, e.g. "scenario.duration=600s",
 * "slave.servo=pi", "oscillator.random_walk=0"; "master.NAME.KEY=VALUE" for one
 * master, "master.KEY=VALUE" for all of them; "bc.NAME.KEY=VALUE" and "bc.KEY=VALUE"
 * likewise for boundary clocks. Repeatable keys (events) add one.
 * @return 0, or -EINVAL with a message in @p err.
 */
int ptpdk_sim_scenario_override(struct ptpdk_sim_scenario *sc, const char *assignment, char *err,
				size_t err_len);

/**
 * A chain (run by ptpdk_sim_chain.h, not ptpdk_sim_world.h): the scenario has a
 * boundary clock, or a transparent clock on its master's link. One-slave worlds
 * are everything else.
 */
bool ptpdk_sim_scenario_is_chain(const struct ptpdk_sim_scenario *sc);

/** Consistency checks after parsing or building in code. @return 0 or -EINVAL with @p err. */
int ptpdk_sim_scenario_check(const struct ptpdk_sim_scenario *sc, char *err, size_t err_len);

#endif
