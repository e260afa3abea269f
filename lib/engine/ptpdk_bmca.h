/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The best master clock algorithm's two pure pieces (IEEE 1588-2008 9.3):
 * the data set comparison (9.3.4, figures 27 and 28) and the state decision
 * (9.3.3, figure 26). Which Announce messages count (qualification, timeouts) is
 * the foreign-master table's job (ptpdk_foreign.h); acting on the decision is the
 * port's.
 */
#ifndef PTPDK_BMCA_H
#define PTPDK_BMCA_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_msg.h"

/**
 * What figure 27/28 compare: the grandmaster's attributes as announced, how far
 * away it is, and who sent and who received the Announce (for the topology
 * tie-breaks).
 */
struct ptpdk_bmca_dataset {
	uint8_t priority1;
	uint8_t gm_identity[PTPDK_CLOCK_ID_LEN];
	struct ptpdk_clock_quality quality;
	uint8_t priority2;
	uint16_t steps_removed;
	/**
	 * G.8275.x only (ptpdk_bmca_g8275.h): the receiving port's portDS.localPriority
	 * for a foreign master, defaultDS.localPriority for our own data set. The 1588
	 * comparison ignores it.
	 */
	uint8_t local_priority;
	struct ptpdk_port_identity sender;   /**< sourcePortIdentity of the Announce */
	struct ptpdk_port_identity receiver; /**< our port that received it */
};

/** Results of ptpdk_bmca_compare(a, b). */
#define PTPDK_BMCA_A_BETTER	 2
#define PTPDK_BMCA_A_BETTER_TOPO 1
#define PTPDK_BMCA_SAME		 0 /**< error-1/error-2 of figure 28: the same message twice */
#define PTPDK_BMCA_B_BETTER_TOPO (-1)
#define PTPDK_BMCA_B_BETTER	 (-2)

/** Fill @p ds from a decoded Announce received on @p receiver. */
void ptpdk_bmca_from_announce(struct ptpdk_bmca_dataset *ds, const struct ptpdk_msg *announce,
			      const struct ptpdk_port_identity *receiver);

/**
 * Compare two data sets (9.3.4): lower values win at each step of figure 27; with
 * the same grandmaster, figure 28 decides on stepsRemoved and identities.
 * @return one of PTPDK_BMCA_*; positive when @p a is better.
 */
int ptpdk_bmca_compare(const struct ptpdk_bmca_dataset *a, const struct ptpdk_bmca_dataset *b);

/**
 * Figure 28 alone: two data sets of the same grandmaster (or of grandmasters a
 * profile treats as equivalent), told apart by stepsRemoved and the identities of
 * sender and receiver. The grandmaster identities are not looked at.
 * @return one of PTPDK_BMCA_*
 */
int ptpdk_bmca_compare_topology(const struct ptpdk_bmca_dataset *a,
				const struct ptpdk_bmca_dataset *b);

/** Which data set comparison the clock runs (ptp4l dataset_comparison). */
enum ptpdk_bmca_comparison {
	PTPDK_BMCA_CMP_IEEE1588 = 0, /**< 1588-2008 9.3.4: ptpdk_bmca_compare() */
	PTPDK_BMCA_CMP_G8275,	     /**< ITU-T G.8275.1/.2 alternate BMCA: ptpdk_bmca_g8275.h */
};

/** Compare with @p cmp's rules; an unknown value compares as 1588. */
int ptpdk_bmca_compare_with(enum ptpdk_bmca_comparison cmp, const struct ptpdk_bmca_dataset *a,
			    const struct ptpdk_bmca_dataset *b);

/** Recommended states of figure 26, with the decision code that led to them. */
enum ptpdk_bmca_decision {
	PTPDK_BMCA_LISTENING, /**< no Erbest and the port is listening: stay */
	PTPDK_BMCA_M1,	      /**< master: class 1..127 and D0 better than Erbest */
	PTPDK_BMCA_M2,	      /**< master: D0 better than Ebest */
	PTPDK_BMCA_M3,	      /**< master: Ebest elsewhere, Erbest not better by topology */
	PTPDK_BMCA_P1,	      /**< passive: class 1..127 and Erbest at least as good */
	PTPDK_BMCA_P2,	      /**< passive: Ebest elsewhere, better by topology than Erbest */
	PTPDK_BMCA_S1,	      /**< slave: Ebest is this port's Erbest */
};

/**
 * The state decision for one port (9.3.3, figure 26).
 * @param d0	     our own default data set as a comparison data set
 *		     (gm_identity = our identity, steps_removed 0, sender = receiver = our port)
 * @param ebest     best of all ports' Erbest, NULL when no port has one
 * @param erbest    this port's best qualified foreign master, NULL when none
 * @param ebest_here Ebest was received on this port
 * @param slave_only the clock is slave-only (9.2.2): never master nor passive
 * @param listening the port is in LISTENING (an empty Erbest keeps it there)
 */
enum ptpdk_bmca_decision ptpdk_bmca_decide(const struct ptpdk_bmca_dataset *d0,
					   const struct ptpdk_bmca_dataset *ebest,
					   const struct ptpdk_bmca_dataset *erbest, bool ebest_here,
					   bool slave_only, bool listening);

/** ptpdk_bmca_decide() with the data sets compared by @p cmp's rules. */
enum ptpdk_bmca_decision ptpdk_bmca_decide_with(enum ptpdk_bmca_comparison cmp,
						const struct ptpdk_bmca_dataset *d0,
						const struct ptpdk_bmca_dataset *ebest,
						const struct ptpdk_bmca_dataset *erbest,
						bool ebest_here, bool slave_only, bool listening);

/** "S1", "M2", ... */
const char *ptpdk_bmca_decision_name(enum ptpdk_bmca_decision d);

/** memcmp-style comparison of port identities (clock identity, then port number). */
int ptpdk_port_identity_cmp(const struct ptpdk_port_identity *a,
			    const struct ptpdk_port_identity *b);

/** "001122.fffe.334455-1": ptp4l's rendering; @p buf of at least 32 octets. */
const char *ptpdk_port_identity_str(const struct ptpdk_port_identity *id, char *buf, size_t len);

/** "001122.fffe.334455"; @p buf of at least 24 octets. */
const char *ptpdk_clock_identity_str(const uint8_t *id, char *buf, size_t len);

#endif
