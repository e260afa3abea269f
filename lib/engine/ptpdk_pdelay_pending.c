/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_pdelay_pending.h"

struct ptpdk_pdelay_pending_entry *ptpdk_pdelay_pending_slot(struct ptpdk_pdelay_pending *p)
{
	struct ptpdk_pdelay_pending_entry *oldest = &p->slot[0];

	for (unsigned i = 0; i < PTPDK_PDELAY_PENDING_SLOTS; i++) {
		if (!p->slot[i].used)
			return &p->slot[i];
		if ((int64_t)(p->slot[i].at_ns - oldest->at_ns) < 0)
			oldest = &p->slot[i];
	}
	return oldest; /* its TX stamp is long overdue */
}

bool ptpdk_pdelay_pending_take(struct ptpdk_pdelay_pending *p, uint16_t seq,
			       struct ptpdk_pdelay_pending_entry *out)
{
	for (unsigned i = 0; i < PTPDK_PDELAY_PENDING_SLOTS; i++) {
		struct ptpdk_pdelay_pending_entry *s = &p->slot[i];

		if (!s->used || s->seq != seq)
			continue;
		*out = *s;
		s->used = false;
		return true;
	}
	return false;
}
