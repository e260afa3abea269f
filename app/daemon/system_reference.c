/* SPDX-License-Identifier: BSD-3-Clause */
#include "system_reference.h"

#include <errno.h>
#include <string.h>
#include <sys/timex.h>

int system_reference_read(struct ptpdk_gm_reference_report *out)
{
	struct timex tx;
	int state;

	memset(&tx, 0, sizeof(tx));
	memset(out, 0, sizeof(*out));
	state = adjtimex(&tx);
	if (state < 0) {
		out->unsynced = true;
		return -errno;
	}
	/* TIME_ERROR is what the kernel returns while STA_UNSYNC is set; test the flag
	 * itself, which also covers a clock that a daemon has not yet marked. */
	out->unsynced = (tx.status & STA_UNSYNC) != 0;
	/* esterror and maxerror are in microseconds. */
	out->est_error_ns = (double)tx.esterror * 1e3;
	out->max_error_ns = (double)tx.maxerror * 1e3;
	out->tai_offset_s = tx.tai;
	out->leap_insert = (tx.status & STA_INS) != 0;
	out->leap_delete = (tx.status & STA_DEL) != 0;
	return 0;
}

int system_reference_tai_offset(const struct ptpdk_gm_reference_report *r, int config_utc_offset)
{
	return r->tai_offset_s > 0 ? r->tai_offset_s : config_utc_offset;
}
