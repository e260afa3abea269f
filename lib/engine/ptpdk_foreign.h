/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A port's foreign-master table (IEEE 1588-2008 9.3.2.4, 9.3.2.5): the Announce
 * messages heard from other clocks, which of them are qualified to take part in
 * the BMCA, and the best of those (Erbest).
 *
 * Qualification: a sender must be heard FOREIGN_MASTER_THRESHOLD (2) times within
 * FOREIGN_MASTER_TIME_WINDOW (4 announce intervals); the current parent counts
 * at once, so a parent is not lost to the window after a BMCA run. Announces with
 * stepsRemoved >= 255 or from our own clock never qualify (9.3.2.5). Entries
 * silent for announceReceiptTimeout intervals expire.
 *
 * Pure: times are monotonic nanoseconds passed in by the caller; a "now" before
 * an entry's last arrival counts as no time since it (ptpdk_elapsed.h).
 */
#ifndef PTPDK_FOREIGN_H
#define PTPDK_FOREIGN_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_bmca.h"
#include "ptpdk_msg.h"

#define PTPDK_FOREIGN_MAX	16 /**< table size; more senders are counted and dropped */
#define PTPDK_FOREIGN_THRESHOLD 2  /**< FOREIGN_MASTER_THRESHOLD */
#define PTPDK_FOREIGN_WINDOW	4  /**< FOREIGN_MASTER_TIME_WINDOW, announce intervals */

/** What a foreign master last announced, beyond the data set compared. */
struct ptpdk_foreign_master {
	struct ptpdk_bmca_dataset ds;
	int16_t current_utc_offset;
	uint16_t flags; /**< header flags of the last Announce (leap, UTC valid, timescale, ...) */
	uint8_t time_source;
	int8_t log_announce_interval;		    /**< as the master announces it */
	uint64_t last_ns;			    /**< when the last Announce arrived */
	uint64_t arrivals[PTPDK_FOREIGN_THRESHOLD]; /**< the most recent arrival times, newest first
						     */
	unsigned count;				    /**< arrivals recorded (saturates) */
	bool in_use;
};

struct ptpdk_foreign_counters {
	uint64_t announces;  /**< Announces offered */
	uint64_t own_clock;  /**< from our own clock identity: ignored */
	uint64_t steps_255;  /**< stepsRemoved >= 255: ignored */
	uint64_t table_full; /**< a new sender with no free entry */
	uint64_t expired;    /**< entries removed for silence */
};

struct ptpdk_foreign_table {
	struct ptpdk_foreign_master entries[PTPDK_FOREIGN_MAX];
	uint8_t own_clock[PTPDK_CLOCK_ID_LEN];
	struct ptpdk_port_identity receiver; /**< our port */
	/** How Erbest is chosen (ptpdk_foreign_set_comparison(); 1588 after init). */
	enum ptpdk_bmca_comparison comparison;
	uint8_t local_priority; /**< our port's G.8275 portDS.localPriority, given to each entry */
	struct ptpdk_foreign_counters counters;
};

/** Start empty for port @p receiver. */
void ptpdk_foreign_init(struct ptpdk_foreign_table *t, const struct ptpdk_port_identity *receiver);

/**
 * Choose Erbest by @p cmp's rules from now on, each entry carrying @p local_priority
 * (the receiving port's G.8275 portDS.localPriority) into the comparison.
 */
void ptpdk_foreign_set_comparison(struct ptpdk_foreign_table *t, enum ptpdk_bmca_comparison cmp,
				  uint8_t local_priority);

/** Forget every entry (counters kept). */
void ptpdk_foreign_clear(struct ptpdk_foreign_table *t);

/**
 * Record an Announce heard at @p now_ns.
 * @return the entry (valid until the next call that changes the table), or NULL
 *	   when the Announce is ignored (own clock, stepsRemoved >= 255, table full;
 *	   each counted).
 */
struct ptpdk_foreign_master *ptpdk_foreign_add(struct ptpdk_foreign_table *t,
					       const struct ptpdk_msg *announce, uint64_t now_ns);

/**
 * Drop entries silent for longer than @p timeout_ns.
 * @return the number removed.
 */
unsigned ptpdk_foreign_expire(struct ptpdk_foreign_table *t, uint64_t now_ns, uint64_t timeout_ns);

/**
 * Is the entry qualified at @p now_ns: at least PTPDK_FOREIGN_THRESHOLD arrivals
 * within @p window_ns, or it is @p parent (may be NULL)?
 */
bool ptpdk_foreign_qualified(const struct ptpdk_foreign_master *m, uint64_t now_ns,
			     uint64_t window_ns, const struct ptpdk_port_identity *parent);

/**
 * Erbest: the best qualified entry, or NULL.
 * @param window_ns  PTPDK_FOREIGN_WINDOW announce intervals of this port
 * @param parent     the current parent port identity (qualifies at once), or NULL
 */
const struct ptpdk_foreign_master *ptpdk_foreign_best(const struct ptpdk_foreign_table *t,
						      uint64_t now_ns, uint64_t window_ns,
						      const struct ptpdk_port_identity *parent);

/** Entries in use. */
unsigned ptpdk_foreign_count(const struct ptpdk_foreign_table *t);

#endif
