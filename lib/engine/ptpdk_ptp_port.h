/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One port of a PTP clock: its state machine (ptpdk_port_state.h), its foreign-master
 * table (ptpdk_foreign.h), its measurements (ptpdk_e2e.h: Sync/Follow_Up and the E2E
 * exchange; ptpdk_p2p.h: the peer delay), its timers (Delay_Req, Pdelay_Req) and the
 * Pdelay responder.
 *
 * The clock (ptpdk_ptp_clock.c) owns its ports and makes the decisions that span them
 * (the state decision over all ports, the parent, the servo); a port tells its clock
 * what it learnt through struct ptpdk_ptp_port_host and is told what to do through the
 * functions below. Pure (style rule 1); not thread-safe (the engine lcore owns it).
 */
#ifndef PTPDK_PTP_PORT_H
#define PTPDK_PTP_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_bmca.h"
#include "ptpdk_e2e.h"
#include "ptpdk_foreign.h"
#include "ptpdk_msg.h"
#include "ptpdk_p2p.h"
#include "ptpdk_port_state.h"
#include "ptpdk_servo.h"
#include "ptpdk_time.h"
#include "ptpdk_ucast_port.h"
#include "ptpdk_ucast_server.h"

enum ptpdk_delay_mechanism {
	PTPDK_DELAY_E2E = 1, /**< 1588 Table 9 values */
	PTPDK_DELAY_P2P = 2,
};

/** A port's configuration (ptp4l's per-port keys). */
struct ptpdk_ptp_port_config {
	const char *name; /**< for log lines ("port 1 (NAME): ...") */
	enum ptpdk_delay_mechanism delay_mechanism;
	int8_t log_announce_interval;
	int8_t log_sync_interval; /**< expected until the master says otherwise */
	int8_t log_min_delay_req_interval;
	int8_t log_min_pdelay_req_interval;
	uint8_t announce_receipt_timeout;
	/** Samples behind the path delay's filter (ptp4l delay_filter_length). */
	unsigned delay_filter_length;
	/** Raw E2E delays above this are dropped as outliers, ns (0: no limit). */
	int64_t max_path_delay_ns;
	/** P2P link delays above this are dropped (neighborPropDelayThresh), ns; 0: no limit. */
	int64_t neighbor_prop_delay_thresh_ns;
	/**
	 * ptp4l serverOnly (masterOnly): the port never follows a master. Its foreign
	 * masters are still tracked and counted, but they take no part in the state
	 * decision, so the port becomes MASTER once it has listened for the announce
	 * timeout, whatever else is on the link.
	 */
	bool master_only;
	/**
	 * ptp4l twoStepFlag 0: as master, send one-step Syncs (twoStepFlag clear, no
	 * Follow_Up). The port only asks for it (PTPDK_PTP_TX_ONE_STEP); whoever sends
	 * writes the departure time into the frame (ptpdk_one_step.h).
	 */
	bool one_step;
	/**
	 * A unicast client (ptp4l unicast_master_table): ask the masters of @p ucast for
	 * their messages by unicast negotiation (ptpdk_ucast_port.h), and send Delay_Req
	 * to the master followed by unicast.
	 */
	bool ucast_client;
	struct ptpdk_ucast_port_config ucast;
	/**
	 * A unicast master (ptp4l unicast_listen): grant requests within @p ucast_limits
	 * and send each client its Announce and Sync by unicast at its granted periods
	 * (ptpdk_ucast_server.h). A Delay_Req with the unicastFlag, or from a client
	 * granted Delay_Resp, is answered by unicast.
	 */
	bool ucast_server;
	struct ptpdk_ucast_limits ucast_limits;
	/** ptp4l inhibit_multicast_service: as master, no multicast Announce or Sync. */
	bool inhibit_multicast_service;
	/**
	 * ptp4l hybrid_e2e (the enterprise profile): as a slave, send each Delay_Req by
	 * unicast, with the unicastFlag, to the address the parent's latest Announce or Sync
	 * came from (multicast while that address is not known). Sync and Announce stay
	 * multicast. As a master nothing changes: a Delay_Req with the unicastFlag is
	 * always answered by unicast to its sender, hybrid or not.
	 */
	bool hybrid_e2e;
	/** G.8275 portDS.localPriority (1..255): the rank the G.8275.x comparison gives
	 * the foreign masters heard on this port. Ignored by the 1588 comparison. */
	uint8_t local_priority;
	/** transportSpecific (majorSdoId, 4 bits) of every message sent: 1 for 802.1AS. */
	uint8_t transport_specific;
};

/** @return true when @p cfg is usable (mechanism known, intervals and timeout in range). */
bool ptpdk_ptp_port_config_valid(const struct ptpdk_ptp_port_config *cfg);

/**
 * Bits of a send's flags. Where a message goes is not a flag: the send's struct
 * ptpdk_dest names the group (primary, peer delay) or a unicast address.
 */
#define PTPDK_PTP_TX_EVENT   0x1 /**< event message: port 319, and a TX stamp is wanted */
#define PTPDK_PTP_TX_WANT_TS 0x4 /**< report the TX stamp via ptpdk_ptp_clock_tx_stamp() */
/** A one-step Sync: write its departure time into it as it leaves (ptpdk_one_step.h). */
#define PTPDK_PTP_TX_ONE_STEP 0x8

enum ptpdk_ptp_log_level {
	PTPDK_PTP_LOG_ERR = 3,
	PTPDK_PTP_LOG_WARNING = 4,
	PTPDK_PTP_LOG_NOTICE = 5,
	PTPDK_PTP_LOG_INFO = 6,
	PTPDK_PTP_LOG_DEBUG = 7
};

/** One offset sample, as processed (ptp4l's "master offset" line). */
struct ptpdk_ptp_sample {
	unsigned port;
	uint64_t now_ns;
	int64_t offset_ns;     /**< slave minus master, before the correction */
	int64_t path_delay_ns; /**< filtered mean path delay used */
	double freq_ppb;       /**< frequency applied after the sample */
	enum ptpdk_servo_state servo_state;
	int64_t step_ns;	     /**< applied step (0: none) */
	struct ptpdk_e2e_sample raw; /**< t1..t4, corrections, sequence ids */
};

/** What a master port announces (1588-2008 13.5, the header's time-property flags). */
struct ptpdk_ptp_announce_data {
	int16_t current_utc_offset;
	uint16_t flags; /**< PTPDK_FLAG_LEAP61/59, UTC_OFFSET_VALID, PTP_TIMESCALE, *_TRACEABLE */
	uint8_t gm_priority1, gm_priority2;
	struct ptpdk_clock_quality gm_quality;
	uint8_t gm_identity[PTPDK_CLOCK_ID_LEN];
	uint16_t steps_removed; /**< of the clock (the parent's + 1, or 0 as grandmaster) */
	uint8_t time_source;
};

/** What a port tells its clock. Every member is required. */
struct ptpdk_ptp_port_host {
	/**
	 * Send @p m to @p dst (encode, frame for the port's transport, queue); @p dst
	 * is only valid during the call. @return 0 or a negative errno.
	 */
	int (*send)(void *ctx, unsigned port, const struct ptpdk_msg *m,
		    const struct ptpdk_dest *dst, unsigned flags);
	/** A log line, no newline. */
	void (*log)(void *ctx, enum ptpdk_ptp_log_level level, const char *line);
	/** The port changed state. */
	void (*state_changed)(void *ctx, unsigned port, enum ptpdk_port_state from,
			      enum ptpdk_port_state to, enum ptpdk_port_event ev);
	/** The foreign-master table changed: time for the state decision (9.2.6.8). */
	void (*announce)(void *ctx, unsigned port, uint64_t now_ns);
	/**
	 * A new offset from the parent. @p s has the measurement (raw, offset, delay);
	 * @p in is the servo's input. The clock fills in the rest of @p s.
	 */
	void (*offset)(void *ctx, unsigned port, struct ptpdk_ptp_sample *s,
		       const struct ptpdk_servo_sample *in);
	/** The parent's Sync interval changed (it sets the servo's time constants). */
	void (*sync_interval)(void *ctx, unsigned port, double seconds);
	/** A new link delay on the port that follows the parent (P2P), ns. */
	void (*peer_delay)(void *ctx, unsigned port, int64_t delay_ns);
	/** What to announce now, as a master (the clock's data sets). */
	void (*announce_data)(void *ctx, unsigned port, struct ptpdk_ptp_announce_data *out);
	void *ctx;
};

/** Per-port protocol counters. */
struct ptpdk_ptp_port_counters {
	uint64_t wrong_mechanism;  /**< Delay_* on a P2P port or Pdelay_* on an E2E port */
	uint64_t not_from_parent;  /**< Sync/Follow_Up/Delay_Resp from a non-parent */
	uint64_t no_timestamp;	   /**< event message without an RX stamp */
	uint64_t ignored;	   /**< types the port has no use for (Management, ...) */
	uint64_t tx;		   /**< messages handed to send */
	uint64_t tx_failed;	   /**< send refused */
	uint64_t tx_stamp_missing; /**< a wanted TX stamp never came */
	uint64_t pdelay_resp_sent; /**< answers to peers' Pdelay_Req */
	uint64_t announce_timeouts;
	uint64_t announce_sent;	       /**< as master */
	uint64_t sync_sent;	       /**< as master */
	uint64_t follow_up_sent;       /**< as master, each with its Sync's TX stamp */
	uint64_t delay_resp_sent;      /**< as master, answers to Delay_Req */
	uint64_t delay_req_not_master; /**< Delay_Req while not MASTER: not answered */
	uint64_t delay_req_unicast;    /**< as a slave, Delay_Req sent by unicast */
	uint64_t hybrid_no_address; /**< hybrid_e2e Delay_Req sent multicast: no parent address */
};

/** What a port is created with: its config and what it takes from its clock. */
struct ptpdk_ptp_port_params {
	struct ptpdk_ptp_port_config cfg;
	unsigned index; /**< 0-based; the port number is index + 1 */
	uint8_t clock_identity[PTPDK_CLOCK_ID_LEN];
	uint8_t domain_number;
	bool slave_only;
	enum ptpdk_bmca_comparison comparison; /**< the clock's dataset_comparison */
	uint64_t seed; /**< of this port's Delay_Req spacing (9.5.11.2); 0: a fixed constant */
};

struct ptpdk_ptp_port;

/** @return NULL with errno EINVAL (bad params or host) or ENOMEM. State INITIALIZING. */
struct ptpdk_ptp_port *ptpdk_ptp_port_create(const struct ptpdk_ptp_port_params *params,
					     const struct ptpdk_ptp_port_host *host);
void ptpdk_ptp_port_destroy(struct ptpdk_ptp_port *p);

/**
 * Feed the state machine: @p new_master when the S1 decision chose another parent.
 * A change is reported through host.state_changed; the timers of the new state
 * start at @p now_ns.
 */
void ptpdk_ptp_port_event(struct ptpdk_ptp_port *p, enum ptpdk_port_event ev, bool new_master,
			  uint64_t now_ns);

/**
 * The state decision made this port a master (M1, M2, M3). It qualifies in
 * PRE_MASTER for @p qualification_ns first (9.2.6.10: 0 for M1 and M2, then it is
 * MASTER at once; (stepsRemoved + 1) announce intervals for M3).
 */
void ptpdk_ptp_port_recommend_master(struct ptpdk_ptp_port *p, uint64_t qualification_ns,
				     uint64_t now_ns);

/** The port's configuration says it never follows a master (serverOnly). */
bool ptpdk_ptp_port_master_only(const struct ptpdk_ptp_port *p);

enum ptpdk_port_state ptpdk_ptp_port_state(const struct ptpdk_ptp_port *p);

/** Not INITIALIZING, FAULTY or DISABLED: the port takes part in the state decision. */
bool ptpdk_ptp_port_runs_bmca(const struct ptpdk_ptp_port *p);

/**
 * Drop foreign masters silent for the announce timeout.
 * @return how many went
 */
unsigned ptpdk_ptp_port_expire_foreign(struct ptpdk_ptp_port *p, uint64_t now_ns);

/**
 * Erbest (9.3.2.3): the best qualified foreign master on this port, after expiry.
 * @param parent the current parent's sender when this port follows it (qualified
 *		 without the usual Announce count), else NULL
 */
const struct ptpdk_foreign_master *ptpdk_ptp_port_erbest(struct ptpdk_ptp_port *p, uint64_t now_ns,
							 const struct ptpdk_port_identity *parent);

/**
 * Follow @p parent from now (the S1 decision chose it), or stop following (NULL).
 * Following starts the delay mechanism towards it.
 */
void ptpdk_ptp_port_follow(struct ptpdk_ptp_port *p, const struct ptpdk_foreign_master *parent,
			   uint64_t now_ns);

/** Following the parent, in UNCALIBRATED or SLAVE. */
bool ptpdk_ptp_port_follows_parent(const struct ptpdk_ptp_port *p);

/** The parent's Announces stopped for announceReceiptTimeout intervals (9.2.6.12). */
bool ptpdk_ptp_port_parent_timed_out(const struct ptpdk_ptp_port *p, uint64_t now_ns);

/** Count an announce timeout on this port (the clock acts on it). */
void ptpdk_ptp_port_count_announce_timeout(struct ptpdk_ptp_port *p);

/** A received message of this port's domain (see ptpdk_ptp_clock_rx()). */
void ptpdk_ptp_port_rx(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m,
		       const struct ptpdk_tmv *rx_time, uint64_t now_ns);

/** The same, with its sender's address (NULL: unknown); unicast negotiation needs it. */
void ptpdk_ptp_port_rx_from(struct ptpdk_ptp_port *p, const struct ptpdk_msg *m,
			    const struct ptpdk_tmv *rx_time, const struct ptpdk_addr *src,
			    uint64_t now_ns);

/** The TX stamp of a message sent with PTPDK_PTP_TX_WANT_TS; NULL when none came. */
void ptpdk_ptp_port_tx_stamp(struct ptpdk_ptp_port *p, uint8_t message_type, uint16_t seq,
			     const struct ptpdk_tmv *t, uint64_t now_ns);

/** Timers up to @p now_ns; lowers @p next to the port's next deadline. */
void ptpdk_ptp_port_tick(struct ptpdk_ptp_port *p, uint64_t now_ns, uint64_t *next);

/** The clock stepped: measurements from before the step are void. */
void ptpdk_ptp_port_flush(struct ptpdk_ptp_port *p);

void ptpdk_ptp_port_identity(const struct ptpdk_ptp_port *p, struct ptpdk_port_identity *out);
const char *ptpdk_ptp_port_name(const struct ptpdk_ptp_port *p);
const struct ptpdk_ptp_port_counters *ptpdk_ptp_port_counters(const struct ptpdk_ptp_port *p);

/** The port's unicast service as a master, or NULL when it has none. */
const struct ptpdk_ucast_server *ptpdk_ptp_port_ucast_server(const struct ptpdk_ptp_port *p);

/** The port's unicast client, or NULL when it has none. */
const struct ptpdk_ucast_port *ptpdk_ptp_port_ucast(const struct ptpdk_ptp_port *p);

/** The port data set (1588-2008 8.2.5) as management reports it. */
void ptpdk_ptp_port_data_set(const struct ptpdk_ptp_port *p, struct ptpdk_ds_port *out);

/** What management may change on a running port. */
enum ptpdk_ptp_port_setting {
	PTPDK_PORT_SET_LOG_ANNOUNCE_INTERVAL,
	PTPDK_PORT_SET_ANNOUNCE_RECEIPT_TIMEOUT,
	PTPDK_PORT_SET_LOG_SYNC_INTERVAL,
	PTPDK_PORT_SET_LOG_MIN_PDELAY_REQ_INTERVAL,
};

/**
 * Change @p what to @p value (the ranges of ptpdk_ptp_port_config_valid()); timers
 * already armed run out first. @return 0, -EINVAL out of range
 */
int ptpdk_ptp_port_set_interval(struct ptpdk_ptp_port *p, enum ptpdk_ptp_port_setting what,
				int value);
/** NULL when the port has the other mechanism. */
const struct ptpdk_e2e_counters *ptpdk_ptp_port_e2e_counters(const struct ptpdk_ptp_port *p);
const struct ptpdk_p2p_counters *ptpdk_ptp_port_p2p_counters(const struct ptpdk_ptp_port *p);
const struct ptpdk_foreign_counters *
ptpdk_ptp_port_foreign_counters(const struct ptpdk_ptp_port *p);

/**
 * The port's measured delay: under P2P the filtered peer delay (the link's, kept in
 * any state); under E2E the filtered meanPathDelay of the last offset sample while
 * the port follows a parent (a master port measures none).
 * @return 0 with *ns; -ENOENT when there is none
 */
int ptpdk_ptp_port_path_delay(const struct ptpdk_ptp_port *p, int64_t *ns);

#endif
