/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The slave side of the end-to-end delay request-response mechanism
 * (IEEE 1588-2008 11.3) and the offset computation it feeds (11.2).
 *
 * The object is fed events and produces samples:
 *  - Sync with its ingress time t2 (ptpdk_e2e_sync), Follow_Up
 *    (ptpdk_e2e_follow_up): a completed Sync gives t1, t2 and the master-to-slave
 *    corrections, and, once a path delay exists, an offset sample;
 *  - the TX timestamp t3 of our Delay_Req (ptpdk_e2e_delay_req_sent) and the
 *    master's Delay_Resp carrying t4 (ptpdk_e2e_delay_resp), in either order: a
 *    completed exchange, paired with the most recent completed Sync, gives a
 *    raw meanPathDelay, which goes through a moving median and yields a
 *    path-delay sample.
 *
 * Each input function returns a bitmask of the samples it produced
 * (PTPDK_E2E_OFFSET, PTPDK_E2E_DELAY; 0 when the message was parked or dropped),
 * and the caller copies them out with ptpdk_e2e_last_sample() and
 * ptpdk_e2e_last_delay() before the next input. Every dropped input is counted
 * by reason (enum ptpdk_e2e_discard).
 *
 * Choosing the master is not this module's job: it is told the master's port
 * identity (ptpdk_e2e_set_master) and counts and ignores everything else.
 *
 * Pure: no clock is read, no I/O. All times are ptpdk_tmv, so the sub-nanosecond
 * parts of correctionFields survive to the result. The only inexact step is the
 * halving in meanPathDelay (and in an even-length median): when the sum is an odd
 * number of 2^-16 ns units the result is floored by 2^-17 ns.
 *
 * Not thread-safe: one owner (the engine lcore) calls everything.
 */
#ifndef PTPDK_E2E_H
#define PTPDK_E2E_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_msg.h"
#include "ptpdk_time.h"

/** Default delay filter length: ptp4l's delay_filter_length. */
#define PTPDK_E2E_FILTER_DEFAULT 10
/** Longest delay filter accepted (the median costs O(length) per delay sample). */
#define PTPDK_E2E_FILTER_MAX 4096

/** Bits returned by the input functions. */
#define PTPDK_E2E_OFFSET 0x1 /**< a new offset sample: ptpdk_e2e_last_sample() */
#define PTPDK_E2E_DELAY	 0x2 /**< a new path-delay sample: ptpdk_e2e_last_delay() */

/** Bits of ptpdk_e2e_sample.flags. */
#define PTPDK_E2E_F_ONE_STEP 0x1 /**< t1 is a one-step Sync's originTimestamp */
#define PTPDK_E2E_F_NO_DELAY 0x2 /**< no path delay yet: offset assumes a delay of 0 */

struct ptpdk_e2e_config {
	/** Moving median over the last N raw delays, 1..PTPDK_E2E_FILTER_MAX; 1 = no filter. */
	unsigned int delay_filter_length;
	/** Accept one-step Syncs (TWO_STEP flag clear); when false they are discarded. */
	bool accept_one_step;
	/**
	 * Produce offset samples before the first path delay, with PTPDK_E2E_F_NO_DELAY
	 * set and a delay of 0 assumed. Off by default: such an offset is wrong by the
	 * whole path delay, and a servo that steps on it would step again once the
	 * delay is known. A servo may want them to estimate frequency early.
	 */
	bool emit_without_delay;
	/**
	 * Raw meanPathDelay above this is dropped before the filter, ns; 0: no limit.
	 * A delay that large is a queueing outlier or a broken stamp, and a long run of
	 * them would move even the median.
	 */
	int64_t max_raw_delay_ns;
};

/** Why an input was dropped. Counted in ptpdk_e2e_counters.discard. */
enum ptpdk_e2e_discard {
	PTPDK_E2E_DISCARD_NO_MASTER,	  /**< no master set */
	PTPDK_E2E_DISCARD_WRONG_MASTER,	  /**< sourcePortIdentity is not the master's */
	PTPDK_E2E_DISCARD_ONE_STEP,	  /**< one-step Sync while accept_one_step is off */
	PTPDK_E2E_DISCARD_BAD_TIMESTAMP,  /**< timestamp beyond the tmv range */
	PTPDK_E2E_DISCARD_SYNC_DUPLICATE, /**< Sync id of the pending or last completed Sync */
	PTPDK_E2E_DISCARD_FUP_DUPLICATE,  /**< Follow_Up id of the parked or last completed one */
	PTPDK_E2E_DISCARD_SYNC_STALE,	 /**< pending Sync replaced by a newer Sync: no Follow_Up */
	PTPDK_E2E_DISCARD_FUP_STALE,	 /**< parked Follow_Up replaced by a newer one: no Sync */
	PTPDK_E2E_DISCARD_SYNC_MISMATCH, /**< pending Sync dropped for a Follow_Up of another id */
	PTPDK_E2E_DISCARD_FUP_MISMATCH,	 /**< parked Follow_Up dropped for a Sync of another id */
	PTPDK_E2E_DISCARD_RESP_NOT_OURS, /**< requestingPortIdentity is another port (multicast) */
	PTPDK_E2E_DISCARD_RESP_DUPLICATE, /**< Delay_Resp for an id already answered or parked */
	PTPDK_E2E_DISCARD_RESP_STALE,  /**< Delay_Resp older than the request or parked response */
	PTPDK_E2E_DISCARD_RESP_NO_REQ, /**< parked Delay_Resp whose TX stamp never came */
	PTPDK_E2E_DISCARD_REQ_NO_RESP, /**< outstanding request superseded without a response */
	PTPDK_E2E_DISCARD_REQ_DUPLICATE, /**< second TX stamp for the same Delay_Req id */
	PTPDK_E2E_DISCARD_DELAY_NO_SYNC, /**< delay exchange done before any Sync to pair with */
	PTPDK_E2E_DISCARD_DELAY_TOO_BIG, /**< raw meanPathDelay above max_raw_delay_ns */
	PTPDK_E2E_DISCARD_MAX
};

struct ptpdk_e2e_counters {
	uint64_t offset_samples;     /**< PTPDK_E2E_OFFSET results */
	uint64_t delay_samples;	     /**< PTPDK_E2E_DELAY results */
	uint64_t syncs_before_delay; /**< completed Syncs held back: no path delay yet */
	/** Raw meanPathDelay below zero. Kept, not dropped: timestamp noise on a short
	 *  path makes it legitimate, and dropping it would bias the median upwards. */
	uint64_t negative_delay;
	uint64_t discard[PTPDK_E2E_DISCARD_MAX];
};

/**
 * An offset sample, produced when a Sync completes (1588-2008 11.2):
 * offset = t2 - t1 - c_ms - delay, where delay is the filtered meanPathDelay.
 * offset is the slave's time minus the master's (positive: we are ahead).
 */
struct ptpdk_e2e_sample {
	struct ptpdk_tmv t1;	 /**< preciseOriginTimestamp (two-step) or originTimestamp */
	struct ptpdk_tmv t2;	 /**< Sync ingress time, our clock */
	struct ptpdk_tmv c_ms;	 /**< Sync correctionField (+ Follow_Up's for two-step) */
	struct ptpdk_tmv t3;	 /**< Delay_Req egress of the last delay measurement (0 if none) */
	struct ptpdk_tmv t4;	 /**< its Delay_Resp receiveTimestamp (0 if none) */
	struct ptpdk_tmv offset; /**< offsetFromMaster */
	struct ptpdk_tmv raw_delay; /**< meanPathDelay of the last measurement (0 if none) */
	struct ptpdk_tmv delay;	    /**< filtered meanPathDelay used for offset (0 if none) */
	uint16_t seq;		    /**< Sync sequenceId */
	uint16_t delay_seq;	    /**< Delay_Req sequenceId of the last measurement */
	uint32_t flags;		    /**< PTPDK_E2E_F_* */
	struct ptpdk_port_identity master;
};

/**
 * A path-delay sample, produced when a Delay_Req/Delay_Resp exchange completes
 * (1588-2008 11.3.2): raw_delay = ((t2 - t1 - c_ms) + (t4 - t3 - c_sm)) / 2 with
 * t1, t2, c_ms from the most recent completed Sync.
 */
struct ptpdk_e2e_delay_sample {
	struct ptpdk_tmv t1, t2, c_ms; /**< the Sync paired with this exchange */
	struct ptpdk_tmv t3;	       /**< Delay_Req egress, our clock */
	struct ptpdk_tmv t4;	       /**< Delay_Resp receiveTimestamp */
	struct ptpdk_tmv c_sm;	       /**< Delay_Resp correctionField */
	struct ptpdk_tmv raw_delay;    /**< this measurement's meanPathDelay (may be < 0) */
	struct ptpdk_tmv delay;	       /**< moving median including this measurement */
	uint16_t seq;		       /**< Delay_Req sequenceId */
	uint16_t sync_seq;	       /**< sequenceId of the paired Sync */
	struct ptpdk_port_identity master;
};

struct ptpdk_e2e;

/** Defaults: filter length PTPDK_E2E_FILTER_DEFAULT, one-step accepted, no offsets without delay.
 */
void ptpdk_e2e_config_init(struct ptpdk_e2e_config *cfg);

/**
 * @param cfg configuration, copied; NULL for the defaults
 * @return the object, or NULL with errno EINVAL (filter length 0 or above
 *         PTPDK_E2E_FILTER_MAX) or ENOMEM. Starts with no master.
 */
struct ptpdk_e2e *ptpdk_e2e_create(const struct ptpdk_e2e_config *cfg);

/** Frees the object; NULL is a no-op. */
void ptpdk_e2e_destroy(struct ptpdk_e2e *e2e);

/**
 * Tell the object which port is the master. A different identity (or NULL: no
 * master) forgets all measurement state: pending messages, the last Sync, the
 * delay filter and the last samples (a new master means a new path). The same
 * identity again changes nothing. Counters are kept.
 */
void ptpdk_e2e_set_master(struct ptpdk_e2e *e2e, const struct ptpdk_port_identity *master);

/**
 * Forget pending messages, the outstanding Delay_Req and the last Sync, keeping
 * the delay filter and the master. Call after stepping the clock: t2 and t3 taken
 * before the step would pair with timestamps taken after it.
 */
void ptpdk_e2e_flush(struct ptpdk_e2e *e2e);

/** Forget all measurement state (as a change of master does) but keep the master. */
void ptpdk_e2e_reset(struct ptpdk_e2e *e2e);

/**
 * A Sync and its ingress time. A two-step Sync (PTPDK_FLAG_TWO_STEP) waits for
 * the Follow_Up with its sequenceId (which may already have arrived); a one-step
 * Sync completes at once with its originTimestamp.
 *
 * @param sync decoded Sync; only the header and body.timestamp are read
 * @param t2   ingress time in our clock's time
 * @return a bitmask of PTPDK_E2E_OFFSET (0 when parked or discarded: see the
 *         counters); -EINVAL for a NULL argument or a message that is not a Sync;
 *         -ERANGE when originTimestamp exceeds the tmv range (also counted).
 */
int ptpdk_e2e_sync(struct ptpdk_e2e *e2e, const struct ptpdk_msg *sync, struct ptpdk_tmv t2);

/**
 * A Follow_Up. Completes the pending Sync with the same sequenceId, or is parked
 * until that Sync arrives (the general and event paths may reorder them).
 *
 * @return a bitmask of PTPDK_E2E_OFFSET; -EINVAL for a NULL argument or a message
 *         that is not a Follow_Up; -ERANGE for a preciseOriginTimestamp beyond the
 *         tmv range (also counted).
 */
int ptpdk_e2e_follow_up(struct ptpdk_e2e *e2e, const struct ptpdk_msg *fup);

/**
 * The egress timestamp of our Delay_Req @p seq (call when the TX stamp arrives;
 * its Delay_Resp may already be here). It supersedes an outstanding request that
 * got no response and a parked Delay_Resp of another id: TX stamps are taken to
 * arrive in sending order, so the caller may restart its numbering at any time.
 *
 * @return a bitmask of PTPDK_E2E_DELAY; -EINVAL for a NULL object.
 */
int ptpdk_e2e_delay_req_sent(struct ptpdk_e2e *e2e, uint16_t seq, struct ptpdk_tmv t3);

/**
 * A Delay_Resp. It must come from the master, name @p ours as
 * requestingPortIdentity (responses to other slaves are normal on multicast and
 * are counted as RESP_NOT_OURS) and carry the outstanding request's sequenceId.
 * One for a newer request (serial order) than the outstanding one, or with no
 * request outstanding, is parked until ptpdk_e2e_delay_req_sent() brings its t3;
 * one for an older request is stale.
 *
 * @return a bitmask of PTPDK_E2E_DELAY; -EINVAL for a NULL argument or a message
 *         that is not a Delay_Resp; -ERANGE for a receiveTimestamp beyond the tmv
 *         range (also counted).
 */
int ptpdk_e2e_delay_resp(struct ptpdk_e2e *e2e, const struct ptpdk_msg *resp,
			 const struct ptpdk_port_identity *ours);

/**
 * Use @p delay (the peer delay mechanism's meanLinkDelay) for the offsets that
 * follow, in place of a Delay_Req/Delay_Resp measurement. Under P2P the Sync's
 * correctionField already holds the upstream links' delays (1588-2008 11.4.5), so
 * only our own link's delay comes off. Forgotten like a measured delay on
 * ptpdk_e2e_reset() and a change of master.
 */
void ptpdk_e2e_set_peer_delay(struct ptpdk_e2e *e2e, struct ptpdk_tmv delay);

/** Copy the latest offset sample. @return 0, -ENOENT when there is none yet. */
int ptpdk_e2e_last_sample(const struct ptpdk_e2e *e2e, struct ptpdk_e2e_sample *out);

/**
 * A one-way difference: @p rx - @p tx - @p correction, the transit one direction
 * measured with the two clocks' offset in it (t2 - t1 - c_ms = offset + delay
 * master to slave; t4 - t3 - c_sm = delay slave to master - offset).
 */
struct ptpdk_tmv ptpdk_e2e_one_way(struct ptpdk_tmv rx, struct ptpdk_tmv tx,
				   struct ptpdk_tmv correction);

/** Copy the latest path-delay sample. @return 0, -ENOENT when there is none yet. */
int ptpdk_e2e_last_delay(const struct ptpdk_e2e *e2e, struct ptpdk_e2e_delay_sample *out);

/** The counters (valid for the object's lifetime). */
const struct ptpdk_e2e_counters *ptpdk_e2e_counters(const struct ptpdk_e2e *e2e);

/** Short stable name ("wrong_master", …) for logs and tables; "invalid" if out of range. */
const char *ptpdk_e2e_discard_name(enum ptpdk_e2e_discard reason);

#endif
