/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_event.h"

const char *ptpdk_tx_status_name(enum ptpdk_tx_status status)
{
	static const char *const names[PTPDK_TX_STATUS_COUNT] = {
		[PTPDK_TX_STAMPED] = "stamped",
		[PTPDK_TX_TIMEOUT] = "timeout",
		[PTPDK_TX_SEND_FAILED] = "send_failed",
		[PTPDK_TX_BACKLOG_FULL] = "backlog_full",
	};

	return (unsigned)status < PTPDK_TX_STATUS_COUNT ? names[status] : "invalid";
}
