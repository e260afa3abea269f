/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A PTP clock: ptpdk's protocol engine for one clock and its ports.
 *
 * The clock keeps the clock-wide data sets (default, parent, time properties), makes
 * the state decision over all its ports (9.3.3, ptpdk_bmca.h), chooses the parent and
 * runs the clock discipline (ptpdk_discipline.h: servo, steps, holdover). Each port
 * (ptpdk_ptp_port.h) has its own state machine, foreign masters, delay mechanism and
 * timers, and reports to the clock what it measured.
 *
 * Pure (style rule 1): decoded messages and their timestamps come in through
 * ptpdk_ptp_clock_rx() and ptpdk_ptp_clock_tx_stamp(), time passes through
 * ptpdk_ptp_clock_tick(), and everything it does to the world goes through struct
 * ptpdk_ptp_clock_ops (send a message, report a sample, a state change or a log line)
 * and the local clock's ops table. "now" is monotonic nanoseconds of the caller's
 * choosing; message timestamps are the disciplined clock's time. A "now" may be a
 * little earlier than one passed to an earlier call (a caller that reads its clock
 * once per loop and stamps messages as it drains them): the engine counts time since
 * an event from such a "now" as zero (ptpdk_elapsed.h), never as a wrapped difference.
 *
 * Roles: slave, master (two-step Sync and Follow_Up, Announce, Delay_Resp; the Pdelay
 * responder on P2P ports) and passive, by the state decision over all ports; a
 * slave-only clock never leaves LISTENING but to follow, a master-only port never
 * follows.
 *
 * Not thread-safe: one owner (the engine lcore).
 */
#ifndef PTPDK_PTP_CLOCK_H
#define PTPDK_PTP_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_bmca.h"
#include "ptpdk_clock.h"
#include "ptpdk_discipline.h"
#include "ptpdk_gm_reference.h"
#include "ptpdk_mgmt_responder.h"
#include "ptpdk_limits.h"
#include "ptpdk_msg.h"
#include "ptpdk_ptp_port.h"
#include "ptpdk_servo.h"
#include "ptpdk_time.h"

/** The header flags that carry the time properties (1588-2008 Table 20). */
#define PTPDK_TIME_PROPERTY_FLAGS                                                                  \
	(PTPDK_FLAG_LEAP61 | PTPDK_FLAG_LEAP59 | PTPDK_FLAG_UTC_OFFSET_VALID |                     \
	 PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_TIME_TRACEABLE | PTPDK_FLAG_FREQ_TRACEABLE)

struct ptpdk_ptp_clock_config {
	uint8_t clock_identity[PTPDK_CLOCK_ID_LEN];
	uint8_t domain_number;
	uint8_t priority1, priority2;
	struct ptpdk_clock_quality quality;
	/** Never a master (ptp4l slaveOnly / clientOnly): no port leaves LISTENING but
	 * to follow a master. */
	bool slave_only;
	/** As grandmaster: currentUtcOffset announced (ptp4l utc_offset); also the
	 * status value until a master says otherwise. */
	int16_t utc_offset;
	/** As grandmaster: the time-property flags announced (PTPDK_TIME_PROPERTY_FLAGS).
	 * Default none: the ARB timescale, as ptp4l announces for a software-stamped
	 * clock, which holds UTC (CLOCK_REALTIME), not PTP time. A clock on a PHC
	 * announces PTP_TIMESCALE. */
	uint16_t time_flags;
	/** As grandmaster: timeSource announced (1588 Table 7; default 0xA0, internal
	 * oscillator). */
	uint8_t time_source;
	/** ptp4l dataset_comparison: 1588's (default) or the G.8275.x alternate BMCA. */
	enum ptpdk_bmca_comparison dataset_comparison;
	/** G.8275 defaultDS.localPriority (1..255, default 128): our own data set's rank
	 * under the G.8275.x comparison. */
	uint8_t local_priority;
	unsigned n_ports;
	struct ptpdk_ptp_port_config ports[PTPDK_MAX_PORTS];

	enum ptpdk_servo_type servo_type;
	struct ptpdk_servo_config servo;
	/** ptp4l free_running: measure and report, never adjust the clock. */
	bool free_running;
	/** Seconds of holdover before the clock state falls back to FREERUN (0: never). */
	double holdover_max_s;
	/** Assumed frequency wander in holdover, ppb per second (error bound growth). */
	double holdover_wander_ppb_per_s;
	/**
	 * Seed of the random Delay_Req spacing (9.5.11.2). A daemon gives each
	 * instance its own (ptpdk_seed_instance()), or slaves started together
	 * stay in step; tests and the simulator fix it to replay a run. 0: a
	 * fixed non-zero constant. Default 1. Port 1 draws from the seed itself,
	 * each further port from its own derivation of it.
	 */
	uint64_t seed;
};

/** How the engine acts on the world. Every member is required except log. */
struct ptpdk_ptp_clock_ops {
	/**
	 * Send @p msg on @p port to @p dst (a PTP group or a unicast address; valid
	 * during the call only): encode, frame for the port's transport, queue, with
	 * PTPDK_PTP_TX_* in @p flags. Return 0 or a negative errno (counted as tx_failed).
	 */
	int (*send)(void *ctx, unsigned port, const struct ptpdk_msg *msg,
		    const struct ptpdk_dest *dst, unsigned flags);
	/** A processed offset sample. */
	void (*sample)(void *ctx, const struct ptpdk_ptp_sample *s);
	/** A port changed state. */
	void (*state)(void *ctx, unsigned port, enum ptpdk_port_state from,
		      enum ptpdk_port_state to, enum ptpdk_port_event ev);
	/** A line for the log ("selected best master clock ..."), no newline. May be NULL. */
	void (*log)(void *ctx, enum ptpdk_ptp_log_level level, const char *line);
	void *ctx;
};

/** The clock's counters, with those of its ports and its discipline summed in. */
struct ptpdk_ptp_clock_counters {
	uint64_t rx; /**< messages offered */
	uint64_t rx_by_type[16];
	uint64_t wrong_domain;	   /**< other domainNumber: ignored */
	uint64_t wrong_mechanism;  /**< Delay_* on a P2P port or Pdelay_* on an E2E port */
	uint64_t not_from_parent;  /**< Sync/Follow_Up/Delay_Resp from a non-parent */
	uint64_t no_timestamp;	   /**< event message without an RX stamp */
	uint64_t ignored;	   /**< types the slave has no use for (Management, ...) */
	uint64_t tx;		   /**< messages handed to ops.send */
	uint64_t tx_failed;	   /**< ops.send refused */
	uint64_t tx_stamp_missing; /**< a wanted TX stamp never came */
	uint64_t pdelay_resp_sent; /**< answers to peers' Pdelay_Req */
	uint64_t steps;		   /**< clock steps */
	uint64_t clock_errors;	   /**< clock ops that failed */
	uint64_t master_changes;   /**< parent changes */
	uint64_t announce_timeouts;
	uint64_t holdovers;	       /**< holdover entries */
	uint64_t announce_sent;	       /**< as master */
	uint64_t sync_sent;	       /**< as master */
	uint64_t follow_up_sent;       /**< as master */
	uint64_t delay_resp_sent;      /**< as master */
	uint64_t delay_req_not_master; /**< Delay_Req while no port of ours was MASTER */
	uint64_t delay_req_unicast;    /**< Delay_Req sent by unicast (unicast client, hybrid) */
	uint64_t hybrid_no_address; /**< hybrid_e2e Delay_Req sent multicast: no parent address */
};

/** One port's delay measurement (ptpdk_ptp_port_path_delay()). */
struct ptpdk_ptp_port_delay {
	int64_t ns;
	bool known; /**< the port has a measurement (else ns is 0) */
	bool peer;  /**< a P2P peer delay; otherwise an E2E meanPathDelay */
};

/** A consistent picture of the engine for status, the shared region and pmc. */
struct ptpdk_ptp_clock_status {
	enum ptpdk_ptp_clock_state clock_state;
	enum ptpdk_port_state port_state[PTPDK_MAX_PORTS];
	bool have_parent;
	unsigned parent_port;		  /**< our port that follows the parent */
	struct ptpdk_bmca_dataset parent; /**< the parent's announced data set */
	/** currentDS.stepsRemoved (8.2.2.2): the parent's + 1 as a slave, 0 without a parent */
	uint16_t steps_removed;
	int16_t current_utc_offset;
	uint16_t
		time_flags; /**< PTPDK_FLAG_LEAP61/59, UTC_OFFSET_VALID, PTP_TIMESCALE, traceable */
	uint8_t time_source;
	enum ptpdk_servo_state servo_state;
	int64_t last_offset_ns;
	int64_t path_delay_ns; /**< the one the servo used: the parent port's */
	struct ptpdk_ptp_port_delay port_delay[PTPDK_MAX_PORTS];
	double freq_ppb;
	/** Bound on |clock - master| now, ns: recent offsets when locked, growing in holdover. */
	double error_bound_ns;
	/**
	 * How the bound grows if nothing new is learnt (a reader extrapolating it, e.g.
	 * the shared region): bound + rate * t + wander * t^2 / 2 after t seconds.
	 * The rate is the servo's frequency uncertainty (plus the wander so far in
	 * holdover); the wander is holdover_wander. Both 0 when the bound is infinite.
	 */
	double bound_rate_ppb;
	double bound_wander_ppb_per_s;
	double holdover_s;	 /**< seconds in holdover (0 when not) */
	uint64_t last_sample_ns; /**< now_ns of the last sample */
	int64_t last_step_ns;	 /**< the last step the clock took, ns; 0 before the first */
	struct ptpdk_ptp_clock_counters counters;
};

struct ptpdk_ptp_clock;

/** Defaults: ptp4l's data set values (domain 0, priorities 128, class 248, ...), slave-only, one
 * E2E port. */
void ptpdk_ptp_clock_config_init(struct ptpdk_ptp_clock_config *cfg);

/**
 * @param clock the clock to discipline (not owned; outlives the engine)
 * @return the engine, or NULL with errno EINVAL (bad config, a master-only port on a
 *	   slave-only clock, NULL clock or send/sample/state op) or ENOMEM. Ports start
 *	   in INITIALIZING; the first tick completes it.
 */
struct ptpdk_ptp_clock *ptpdk_ptp_clock_create(const struct ptpdk_ptp_clock_config *cfg,
					       struct ptpdk_clock *clock,
					       const struct ptpdk_ptp_clock_ops *ops);
void ptpdk_ptp_clock_destroy(struct ptpdk_ptp_clock *ptp);

/**
 * A received message.
 * @param rx_time ingress time in the clock's time for event messages; NULL when
 *		  the datapath had none (counted, the message is then ignored)
 * @return 0; -EINVAL for a NULL argument or a port out of range
 */
int ptpdk_ptp_clock_rx(struct ptpdk_ptp_clock *ptp, unsigned port, const struct ptpdk_msg *msg,
		       const struct ptpdk_tmv *rx_time, uint64_t now_ns);

/** Port @p port's unicast client, or NULL (none, or no such port). */
const struct ptpdk_ucast_port *ptpdk_ptp_clock_ucast(const struct ptpdk_ptp_clock *ptp,
						     unsigned port);

/** Port @p port's unicast service as a master, or NULL. */
const struct ptpdk_ucast_server *ptpdk_ptp_clock_ucast_server(const struct ptpdk_ptp_clock *ptp,
							      unsigned port);

/** ptpdk_ptp_clock_rx() with the sender's address (NULL: unknown). */
int ptpdk_ptp_clock_rx_from(struct ptpdk_ptp_clock *ptp, unsigned port, const struct ptpdk_msg *msg,
			    const struct ptpdk_tmv *rx_time, const struct ptpdk_addr *src,
			    uint64_t now_ns);

/**
 * The TX stamp of a message sent with PTPDK_PTP_TX_WANT_TS, in the clock's time;
 * @p t NULL when the datapath could not stamp it.
 * @return 0; -EINVAL for a port out of range
 */
int ptpdk_ptp_clock_tx_stamp(struct ptpdk_ptp_clock *ptp, unsigned port, uint8_t message_type,
			     uint16_t seq, const struct ptpdk_tmv *t, uint64_t now_ns);

/**
 * Run timers (announce receipt timeout, Delay_Req and Pdelay_Req transmission,
 * holdover) up to @p now_ns.
 * @return the next time the engine wants a tick, ns
 */
uint64_t ptpdk_ptp_clock_tick(struct ptpdk_ptp_clock *ptp, uint64_t now_ns);

/** Fill @p out; error bound and holdover time are evaluated at @p now_ns. */
void ptpdk_ptp_clock_status(const struct ptpdk_ptp_clock *ptp, uint64_t now_ns,
			    struct ptpdk_ptp_clock_status *out);

/** The delay mechanisms' counters for a port (NULL when the port has the other mechanism). */
const struct ptpdk_e2e_counters *ptpdk_ptp_clock_e2e_counters(const struct ptpdk_ptp_clock *ptp,
							      unsigned port);
const struct ptpdk_p2p_counters *ptpdk_ptp_clock_p2p_counters(const struct ptpdk_ptp_clock *ptp,
							      unsigned port);
const struct ptpdk_foreign_counters *
ptpdk_ptp_clock_foreign_counters(const struct ptpdk_ptp_clock *ptp, unsigned port);

/**
 * The reference this clock follows as grandmaster (time_reference system: the host's
 * CLOCK_REALTIME). @p r sets what the clock announces while it has no parent
 * (ptpdk_gm_reference_announce(); the configured clockClass when the reference is not
 * kept) and takes part in the state decision at once. @p offset_ns, when not NULL, is
 * this clock minus the reference at @p local_ts_ns (the clock's own time, ns); while
 * the clock follows no parent the discipline steers it out, as phc2sys -s
 * CLOCK_REALTIME would. Ignored while a parent is followed: the parent is the better
 * source by the BMCA's own verdict.
 */
void ptpdk_ptp_clock_reference(struct ptpdk_ptp_clock *ptp,
			       const struct ptpdk_gm_reference_report *r, const int64_t *offset_ns,
			       uint64_t local_ts_ns, uint64_t now_ns);

/**
 * The data sets management reports (1588-2008 15.5.3 and linuxptp's _NP), into the
 * engine's part of @p v: everything but the port names, message counts, addresses
 * and descriptions, which the daemon knows.
 */
void ptpdk_ptp_clock_mgmt_view(const struct ptpdk_ptp_clock *ptp, uint64_t now_ns,
			       struct ptpdk_mgmt_view *v);

/**
 * Apply a management SET that ptpdk_mgmt_respond() validated (priorities, our
 * grandmaster settings, a port's intervals); the state decision runs again.
 * @return 0, -EINVAL for what the engine does not change
 */
int ptpdk_ptp_clock_mgmt_set(struct ptpdk_ptp_clock *ptp, const struct ptpdk_mgmt_set *set,
			     uint64_t now_ns);

/** A port's own protocol counters (NULL for a port out of range). */
const struct ptpdk_ptp_port_counters *
ptpdk_ptp_clock_port_counters(const struct ptpdk_ptp_clock *ptp, unsigned port);

/** Our port identity (clock identity, port number = index + 1). */
void ptpdk_ptp_clock_port_identity(const struct ptpdk_ptp_clock *ptp, unsigned port,
				   struct ptpdk_port_identity *out);

#endif
