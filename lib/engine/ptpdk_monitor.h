/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Monitor records: every PTP clock heard on a network, one record per clock identity
 * and source address, as nqptp keeps them for Shairport Sync and as `ptpdk-ctl
 * clocks` will list them.
 *
 * A record holds what the clock last announced (its grandmaster, quality and
 * priorities, 1588-2008 13.5), when it first announced (when it "became a master" in
 * nqptp's sense), its last Sync/Follow_Up, and the offset of its time against ours
 * from the last Sync: the master's origin time plus the Sync's and Follow_Up's
 * correctionFields (1588-2008 11.3.2, 11.3.3) minus our receive stamp. nqptp stops
 * there ("raw" offset here): its master time is late by the path delay. When the
 * daemon has measured the mean path delay to that master (a Delay_Req exchange of its
 * slave port, 11.3) it hands it over with ptpdk_monitor_set_delay(), and offset_ns
 * then includes it, which is the master's time at our stamp as a PTP slave computes it.
 *
 * Records are created by any Announce, Sync or Follow_Up (a clock that only sends
 * Sync is listed too), expire when silent for the configured time, and when the
 * table is full the least recently heard record is evicted for the newcomer; both
 * are counted. No transmission, no clock, no I/O: the caller passes decoded
 * messages, the sender (ptpdk_transport_source()), our receive stamp and "now".
 *
 * Two time scales, never mixed: "now" (monotonic ns, for ages and expiry; the nqptp
 * region wants CLOCK_MONOTONIC_RAW there) and "ours" (the time of our receive stamps,
 * whatever clock the caller stamps with; offsets are against it).
 */
#ifndef PTPDK_MONITOR_H
#define PTPDK_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_msg.h"
#include "ptpdk_time.h"

#define PTPDK_MONITOR_DEFAULT_CLOCKS 32	 /**< nqptp's README speaks of 32 */
#define PTPDK_MONITOR_MAX_CLOCKS     256 /**< the table's storage */
/** Silence after which a record goes: five Announce intervals of the default profile
 * (2 s, 1588-2008 J.3.2). nqptp itself never expires records (its code for it is
 * disabled); it forgets them all on each T command. */
#define PTPDK_MONITOR_DEFAULT_EXPIRY_NS (10ull * 1000000000ull)

struct ptpdk_monitor_config {
	unsigned max_clocks; /**< 0: PTPDK_MONITOR_DEFAULT_CLOCKS; at most _MAX_CLOCKS */
	uint64_t expiry_ns;  /**< 0: PTPDK_MONITOR_DEFAULT_EXPIRY_NS */
};

/** One clock as heard from one address. */
struct ptpdk_monitor_clock {
	uint8_t clock_identity[PTPDK_CLOCK_ID_LEN]; /**< sourcePortIdentity.clockIdentity */
	uint16_t port_number;			    /**< of the last message */
	struct ptpdk_addr source; /**< ptpdk_addr_identity() of the sender: transport + IP */
	uint8_t domain;		  /**< of the last message */
	uint64_t first_heard_ns;  /**< now at the record's creation */
	uint64_t last_heard_ns;	  /**< now at its last message of any kind */

	/* Announce (1588-2008 13.5) */
	bool announced;		  /**< at least one Announce in this record's life */
	uint64_t master_since_ns; /**< now at the first Announce: when it became a master */
	uint64_t last_announce_ns;
	uint8_t gm_identity[PTPDK_CLOCK_ID_LEN];
	struct ptpdk_clock_quality gm_quality;
	uint8_t gm_priority1;
	uint8_t gm_priority2;
	uint16_t steps_removed;
	uint8_t time_source;
	int16_t current_utc_offset;
	uint16_t flags; /**< header flags of the last Announce */
	int8_t log_announce_interval;

	/* Sync and Follow_Up */
	uint64_t last_sync_ns; /**< now at the last Sync; 0 before one */
	int8_t log_sync_interval;
	bool two_step;

	/* The offset from the last complete Sync (and Follow_Up) */
	bool has_offset;
	int64_t sample_ours_ns; /**< our receive stamp t2 the offset holds at */
	uint64_t sample_now_ns; /**< now when the sample completed */
	int64_t raw_offset_ns;	/**< t1 + corrections - t2, nqptp's offset */
	bool delay_known;	/**< a mean path delay was handed over */
	int64_t delay_ns;	/**< that delay; 0 when not known */
	int64_t offset_ns;	/**< raw_offset_ns + delay_ns: master minus ours at t2 */
	uint64_t samples;	/**< offsets computed in this record's life */
	uint64_t messages;	/**< Announce, Sync and Follow_Up taken */

	/* a two-step exchange in progress, keyed by sequenceId (private) */
	bool sync_pending;
	uint16_t sync_seq;
	int64_t sync_t2_ns;
	int64_t sync_correction; /**< scaled ns */
	bool fup_pending;	 /**< a Follow_Up came before its Sync */
	uint16_t fup_seq;
	struct ptpdk_tmv fup_t1; /**< preciseOriginTimestamp + its correctionField */
};

struct ptpdk_monitor_counters {
	uint64_t announces;
	uint64_t syncs;
	uint64_t follow_ups;
	uint64_t samples;	  /**< offsets computed */
	uint64_t created;	  /**< records created */
	uint64_t expired;	  /**< records removed for silence */
	uint64_t evicted;	  /**< records removed to make room (table full) */
	uint64_t bad_timestamp;	  /**< an origin timestamp that is not a time: dropped */
	uint64_t fup_unmatched;	  /**< a Follow_Up whose Sync never came (replaced) */
	uint64_t sync_unfollowed; /**< a two-step Sync replaced before its Follow_Up */
	uint64_t wrong_type;	  /**< a message handed to the wrong function: dropped */
};

struct ptpdk_monitor {
	struct ptpdk_monitor_clock clocks[PTPDK_MONITOR_MAX_CLOCKS]; /**< [0, count) in use */
	unsigned count;
	unsigned max_clocks;
	uint64_t expiry_ns;
	struct ptpdk_monitor_counters counters;
};

/**
 * Start empty.
 * @return 0, or -EINVAL when @p cfg asks for more than PTPDK_MONITOR_MAX_CLOCKS
 *	   (@p cfg NULL: the defaults)
 */
int ptpdk_monitor_init(struct ptpdk_monitor *m, const struct ptpdk_monitor_config *cfg);

/** Forget every record; counters are kept. */
void ptpdk_monitor_clear(struct ptpdk_monitor *m);

/**
 * An Announce from @p src heard at @p now_ns.
 * @return 0, or -EINVAL (not an Announce; counted as wrong_type)
 */
int ptpdk_monitor_announce(struct ptpdk_monitor *m, const struct ptpdk_msg *msg,
			   const struct ptpdk_addr *src, uint64_t now_ns);

/**
 * A Sync from @p src that we stamped @p t2_ns (ours) and took at @p now_ns. A
 * one-step Sync completes a sample at once; a two-step one waits for its Follow_Up
 * (or completes one that came first).
 * @return 1 when an offset sample completed, 0 when recorded only, -EINVAL (not a
 *	   Sync), -ERANGE (origin timestamp invalid; counted as bad_timestamp)
 */
int ptpdk_monitor_sync(struct ptpdk_monitor *m, const struct ptpdk_msg *msg,
		       const struct ptpdk_addr *src, int64_t t2_ns, uint64_t now_ns);

/**
 * A Follow_Up from @p src taken at @p now_ns; matched to its Sync by sequenceId.
 * @return 1 when an offset sample completed, 0 when recorded only (kept for a Sync
 *	   still to come), -EINVAL (not a Follow_Up), -ERANGE (bad timestamp)
 */
int ptpdk_monitor_follow_up(struct ptpdk_monitor *m, const struct ptpdk_msg *msg,
			    const struct ptpdk_addr *src, uint64_t now_ns);

/**
 * Hand over the mean path delay measured to the clock @p clock_identity at @p src
 * (@p known false: forget it). The current offset is corrected at once.
 * @return 0, or -ENOENT when there is no such record
 */
int ptpdk_monitor_set_delay(struct ptpdk_monitor *m, const uint8_t *clock_identity,
			    const struct ptpdk_addr *src, bool known, int64_t delay_ns);

/** The record of @p clock_identity at @p src (any VLAN/MAC detail ignored), or NULL. */
const struct ptpdk_monitor_clock *ptpdk_monitor_find(const struct ptpdk_monitor *m,
						     const uint8_t *clock_identity,
						     const struct ptpdk_addr *src);

/**
 * The clock heard from address @p src, whatever its identity (nqptp's timing peers
 * are IP addresses): the most recently heard record that has announced, else the
 * most recently heard one; NULL when none.
 */
const struct ptpdk_monitor_clock *ptpdk_monitor_find_source(const struct ptpdk_monitor *m,
							    const struct ptpdk_addr *src);

/**
 * Remove records silent for more than the expiry at @p now_ns (a "now" earlier than a
 * record's last message counts as no silence, ptpdk_elapsed.h).
 * @return how many were removed (also counted as expired)
 */
unsigned ptpdk_monitor_expire(struct ptpdk_monitor *m, uint64_t now_ns);

/** Records in use; they are m->clocks[0 .. count-1], in no particular order. */
unsigned ptpdk_monitor_count(const struct ptpdk_monitor *m);

/** The gm identity as nqptp publishes it: the 8 octets read big-endian. */
uint64_t ptpdk_monitor_id_u64(const uint8_t *clock_identity);

#endif
