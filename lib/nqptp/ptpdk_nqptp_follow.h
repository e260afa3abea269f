/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * What nqptp's region should say, given what Shairport Sync has told the control port
 * (the timing peer list and the play state) and the monitor records
 * (ptpdk_monitor.h). Pure: commands, records and "now" come in, a record (or zeros)
 * goes out for ptpdk_nqptp_region_publish().
 *
 * The rules, from nqptp's behaviour and issue 16:
 *  - the master is the first peer of the last T list; T alone clears the list and
 *    the play state;
 *  - the region carries the master only while the clock is needed: from B, and for
 *    PTPDK_NQPTP_STOP_GRACE_NS after an E that followed a B (a player may still read
 *    it while stopping); P changes nothing, nor does a T list (as in nqptp);
 *  - the master must have announced (its grandmaster identity is the record's id)
 *    and have a Sync sample (the offset);
 *  - otherwise all zeros, "no master".
 * Where nqptp differs: it zeroes the region at its first Follow_Up after E and uses
 * its 2.25 s only to decide whether to reset its smoothing at the next B; it keeps a
 * master's last record however long that master is silent, where ours goes when the
 * monitor record expires.
 */
#ifndef PTPDK_NQPTP_FOLLOW_H
#define PTPDK_NQPTP_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_monitor.h"
#include "ptpdk_nqptp_ctl.h"
#include "ptpdk_nqptp_layout.h"

/** How long the region stays valid after E (nqptp's figure for an E). */
#define PTPDK_NQPTP_STOP_GRACE_NS 2250000000ull

/** Why the region says what it says. */
enum ptpdk_nqptp_verdict {
	PTPDK_NQPTP_PUBLISH = 0,	  /**< the master's record */
	PTPDK_NQPTP_NO_PEERS,		  /**< no T list (or T alone) */
	PTPDK_NQPTP_NOT_PLAYING,	  /**< no B yet, or the grace after E is over */
	PTPDK_NQPTP_MASTER_NOT_HEARD,	  /**< no record from the first peer's address */
	PTPDK_NQPTP_MASTER_NOT_ANNOUNCED, /**< heard, but no Announce: no grandmaster id */
	PTPDK_NQPTP_MASTER_NO_SAMPLE,	  /**< announced, but no Sync sample yet */
	PTPDK_NQPTP_VERDICT_COUNT
};

struct ptpdk_nqptp_follow {
	unsigned n_peers;
	struct ptpdk_addr peers[PTPDK_NQPTP_MAX_PEERS]; /**< peers[0] is the master */
	bool playing;					/**< between B and E */
	bool stopping;					/**< after E, until stop_deadline_ns */
	uint64_t stop_deadline_ns;
};

/** Start with no peers, not playing. */
void ptpdk_nqptp_follow_init(struct ptpdk_nqptp_follow *f);

/** Apply an accepted control command (ptpdk_nqptp_ctl_parse()) received at @p now_ns. */
void ptpdk_nqptp_follow_command(struct ptpdk_nqptp_follow *f, const struct ptpdk_nqptp_ctl_msg *msg,
				uint64_t now_ns);

/**
 * What to publish at @p now_ns.
 * @param m the monitor; its "now" must be CLOCK_MONOTONIC_RAW ns, as the region's is
 * @param raw_minus_ours_ns CLOCK_MONOTONIC_RAW minus our stamps' time scale, to
 *	  express the sample in the region's scale (0 when the caller stamps in
 *	  CLOCK_MONOTONIC_RAW already)
 * @param out the record; all zeros unless PTPDK_NQPTP_PUBLISH
 * @return the verdict
 */
enum ptpdk_nqptp_verdict ptpdk_nqptp_follow_decide(const struct ptpdk_nqptp_follow *f,
						   const struct ptpdk_monitor *m, uint64_t now_ns,
						   int64_t raw_minus_ours_ns,
						   struct ptpdk_nqptp_record *out);

/** "publish", "no-peers", ...; "unknown" outside the enum. */
const char *ptpdk_nqptp_verdict_name(enum ptpdk_nqptp_verdict v);

#endif
