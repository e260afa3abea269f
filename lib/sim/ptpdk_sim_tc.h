/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * An end-to-end transparent clock in the middle of a simulated link (IEEE 1588-2008
 * 10.2 and 11.5). Each event message (Sync down, Delay_Req up) waits in it for a
 * residence time drawn from its direction's residence distribution; the TC stamps
 * its ingress and egress with its own resolution and, unless its correction is
 * turned off, adds the difference to a correctionField:
 *
 * - one-step (11.5.2.1, 11.5.3.1): the Sync's or the Delay_Req's own;
 * - two-step (11.5.2.2, 11.5.3.2): the Sync's residence to the Follow_Up with the
 *   same sourcePortIdentity and sequenceId, the Delay_Req's to the Delay_Resp whose
 *   requestingPortIdentity and sequenceId name it.
 *
 * General messages wait for nothing of their own but never overtake an earlier
 * message in the same direction: the TC forwards each direction in order.
 *
 * The TC measures residence with true time: its own clock's frequency error would
 * scale a residence of microseconds by a few parts in 1e5, a small fraction of a
 * nanosecond, below any stamp resolution simulated.
 */
#ifndef PTPDK_SIM_TC_H
#define PTPDK_SIM_TC_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_msg.h"
#include "ptpdk_sim_rng.h"
#include "ptpdk_sim_scenario.h"

enum ptpdk_sim_tc_dir {
	PTPDK_SIM_TC_DOWN, /**< from the master's side: Sync, Follow_Up, Announce, Delay_Resp */
	PTPDK_SIM_TC_UP,   /**< from the slave's side: Delay_Req */
};

/** Residences a two-step TC holds until the Follow_Up or Delay_Resp passes. */
#define PTPDK_SIM_TC_PENDING 16

struct ptpdk_sim_tc_pending {
	bool used;
	uint8_t type; /**< PTPDK_MSG_SYNC or PTPDK_MSG_DELAY_REQ */
	uint16_t seq;
	struct ptpdk_port_identity sender;
	int64_t residence_scaled; /**< ns * 2^16, as a correctionField */
};

struct ptpdk_sim_tc_rt {
	const struct ptpdk_sim_tc *cfg;
	const struct ptpdk_sim_dist *residence[2]; /**< by direction */
	struct ptpdk_sim_rng rng[2];
	uint64_t last_out_ns[2];
	struct ptpdk_sim_tc_pending pending[PTPDK_SIM_TC_PENDING];
	unsigned next_pending;
	uint64_t resident[2];	    /**< event messages that waited, by direction */
	double residence_sum_ns[2]; /**< their measured residence, by direction */
	uint64_t corrected;	    /**< correctionFields written */
	uint64_t unmatched; /**< two-step: a Follow_Up or Delay_Resp without its residence */
};

/**
 * @p cfg and the paths (their residence distributions) must outlive @p tc. The
 * directions draw from streams @p stream and @p stream + 1 of @p seed.
 */
void ptpdk_sim_tc_init(struct ptpdk_sim_tc_rt *tc, const struct ptpdk_sim_tc *cfg,
		       const struct ptpdk_sim_path *down, const struct ptpdk_sim_path *up,
		       uint64_t seed, uint64_t stream);

/**
 * @p m reaches the TC at true time @p in_ns going @p dir: it may write @p m's
 * correctionField. @return the true time at which it leaves the TC.
 */
uint64_t ptpdk_sim_tc_forward(struct ptpdk_sim_tc_rt *tc, enum ptpdk_sim_tc_dir dir,
			      struct ptpdk_msg *m, uint64_t in_ns);

/** Mean measured residence of the event messages in @p dir, ns (0 when none). */
double ptpdk_sim_tc_mean_residence_ns(const struct ptpdk_sim_tc_rt *tc, enum ptpdk_sim_tc_dir dir);

#endif
