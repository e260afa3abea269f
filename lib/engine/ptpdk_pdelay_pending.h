/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Pdelay_Resp messages a two-step responder sent and whose TX stamp (t3) it still
 * waits for: the Pdelay_Resp_Follow_Up that carries t3 must echo the request's
 * sequence id, requester and correctionField (1588-2008 11.4.3 c). A few slots
 * suffice (one per peer in flight); when all are taken the oldest, whose stamp is
 * long overdue, is reused. Pure (style rule 1).
 */
#ifndef PTPDK_PDELAY_PENDING_H
#define PTPDK_PDELAY_PENDING_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_bmca.h"

#define PTPDK_PDELAY_PENDING_SLOTS 4

struct ptpdk_pdelay_pending_entry {
	bool used;
	uint16_t seq;
	struct ptpdk_port_identity requester;
	int64_t req_correction; /**< the request's correctionField, scaled ns */
	uint64_t at_ns;		/**< when the Pdelay_Resp was sent */
};

struct ptpdk_pdelay_pending {
	struct ptpdk_pdelay_pending_entry slot[PTPDK_PDELAY_PENDING_SLOTS];
};

/** A slot for a new response: a free one, or the oldest. Mark it used when sent. */
struct ptpdk_pdelay_pending_entry *ptpdk_pdelay_pending_slot(struct ptpdk_pdelay_pending *p);

/** Take (and free) the entry of response @p seq. @return false when none waits. */
bool ptpdk_pdelay_pending_take(struct ptpdk_pdelay_pending *p, uint16_t seq,
			       struct ptpdk_pdelay_pending_entry *out);

#endif
