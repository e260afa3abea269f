/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_txts.h"

#include <errno.h>
#include <string.h>

void ptpdk_txts_init(struct ptpdk_txts *txts, uint64_t timeout_ticks)
{
	memset(txts, 0, sizeof(*txts));
	txts->timeout_ticks = timeout_ticks;
}

bool ptpdk_txts_prepare(struct ptpdk_txts *txts, const struct ptpdk_ts_ops *ops)
{
	uint64_t ns;

	if (ops->read_tx(ops->ctx, &ns) != 0)
		return false;
	txts->counters.stale_discarded++;
	return true;
}

int ptpdk_txts_start(struct ptpdk_txts *txts, const struct ptpdk_tx_report *report,
		     uint64_t now_tsc)
{
	if (txts->busy)
		return -EBUSY;
	txts->pending = *report;
	txts->deadline_tsc = now_tsc + txts->timeout_ticks;
	txts->busy = true;
	txts->counters.started++;
	return 0;
}

int ptpdk_txts_poll(struct ptpdk_txts *txts, const struct ptpdk_ts_ops *ops, uint64_t now_tsc,
		    struct ptpdk_tx_report *out)
{
	uint64_t ns;

	if (!txts->busy)
		return 0;
	txts->counters.polls++;
	if (ops->read_tx(ops->ctx, &ns) == 0) {
		*out = txts->pending;
		out->status = PTPDK_TX_STAMPED;
		out->tx_raw = ns;
		txts->counters.stamped++;
		txts->busy = false;
		return 1;
	}
	/* Signed difference: TSC wrap is centuries away, but a deadline in the past must win. */
	if ((int64_t)(now_tsc - txts->deadline_tsc) < 0)
		return 0;
	*out = txts->pending;
	out->status = PTPDK_TX_TIMEOUT;
	out->tx_raw = 0;
	txts->counters.timeouts++;
	txts->busy = false;
	return 1;
}
