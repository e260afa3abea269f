/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The requester side of the peer delay mechanism (IEEE 1588-2008 11.4): one
 * Pdelay_Req outstanding at a time, its TX stamp t1, the peer's Pdelay_Resp
 * (received at t4, carrying t2 and for one-step the turnaround in its
 * correctionField) and, for a two-step peer, Pdelay_Resp_Follow_Up with t3. The
 * three inputs may arrive in any order. Each completed exchange gives a raw
 * meanLinkDelay that goes through a moving median.
 *
 * The responder side needs no state: the port answers each Pdelay_Req directly.
 * The neighbour rate ratio is taken as 1 (a syntonised or nearly so peer): over a
 * turnaround of microseconds a 100 ppm mismatch is below a nanosecond.
 *
 * Pure, single owner, like ptpdk_e2e.
 */
#ifndef PTPDK_P2P_H
#define PTPDK_P2P_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_msg.h"
#include "ptpdk_time.h"

enum ptpdk_p2p_discard {
	PTPDK_P2P_DISCARD_NOT_OURS,	  /**< requestingPortIdentity is another port */
	PTPDK_P2P_DISCARD_STALE,	  /**< for a request that is not the outstanding one */
	PTPDK_P2P_DISCARD_DUPLICATE,	  /**< second Resp or Follow_Up for the request */
	PTPDK_P2P_DISCARD_MULTIPLE_PEERS, /**< a second responder answered the same request */
	PTPDK_P2P_DISCARD_BAD_TIMESTAMP,  /**< timestamp beyond the tmv range */
	PTPDK_P2P_DISCARD_INCOMPLETE,	  /**< superseded before all parts arrived */
	PTPDK_P2P_DISCARD_TOO_BIG,	  /**< raw delay above max_delay_ns */
	PTPDK_P2P_DISCARD_MAX
};

struct ptpdk_p2p_config {
	unsigned int filter_length; /**< moving median length (ptp4l delay_filter_length) */
	/** Raw delays above this are dropped (ptp4l neighborPropDelayThresh, ns); 0: no limit. */
	int64_t max_delay_ns;
};

struct ptpdk_p2p_counters {
	uint64_t requests; /**< TX stamps of our Pdelay_Req */
	uint64_t samples;
	uint64_t negative_delay; /**< kept, like E2E: noise on a short link */
	uint64_t discard[PTPDK_P2P_DISCARD_MAX];
};

struct ptpdk_p2p_sample {
	struct ptpdk_tmv t1, t2, t3, t4;
	struct ptpdk_tmv corrections; /**< Pdelay_Resp + Pdelay_Resp_Follow_Up correctionFields */
	struct ptpdk_tmv raw_delay;
	struct ptpdk_tmv delay; /**< filtered meanLinkDelay */
	uint16_t seq;
	bool one_step;
	struct ptpdk_port_identity peer;
};

struct ptpdk_p2p;

void ptpdk_p2p_config_init(struct ptpdk_p2p_config *cfg);

/** @return the object or NULL with errno EINVAL (filter length 0 or above 4096) or ENOMEM. */
struct ptpdk_p2p *ptpdk_p2p_create(const struct ptpdk_p2p_config *cfg);
void ptpdk_p2p_destroy(struct ptpdk_p2p *p);

/** Forget the outstanding exchange and the filter (a new peer, a clock step). */
void ptpdk_p2p_reset(struct ptpdk_p2p *p);

/** Forget only the outstanding exchange (after a step: t1 and t4 would mix epochs). */
void ptpdk_p2p_flush(struct ptpdk_p2p *p);

/**
 * Our Pdelay_Req @p seq left at @p t1. It becomes the outstanding request; one
 * still incomplete is counted as INCOMPLETE.
 * @return 1 when this completed an exchange (a new sample), 0 otherwise.
 */
int ptpdk_p2p_req_sent(struct ptpdk_p2p *p, uint16_t seq, struct ptpdk_tmv t1);

/**
 * A Pdelay_Resp received at @p t4. @p ours is the port that sent the request.
 * @return 1 on a new sample, 0 when parked or dropped (counted), -EINVAL for NULL
 *	   arguments or another message type.
 */
int ptpdk_p2p_resp(struct ptpdk_p2p *p, const struct ptpdk_msg *resp, struct ptpdk_tmv t4,
		   const struct ptpdk_port_identity *ours);

/** A Pdelay_Resp_Follow_Up. Returns as ptpdk_p2p_resp(). */
int ptpdk_p2p_resp_follow_up(struct ptpdk_p2p *p, const struct ptpdk_msg *fup,
			     const struct ptpdk_port_identity *ours);

/** @return 0 with the last sample, -ENOENT before the first. */
int ptpdk_p2p_last(const struct ptpdk_p2p *p, struct ptpdk_p2p_sample *out);

const struct ptpdk_p2p_counters *ptpdk_p2p_counters(const struct ptpdk_p2p *p);
const char *ptpdk_p2p_discard_name(enum ptpdk_p2p_discard reason);

#endif
