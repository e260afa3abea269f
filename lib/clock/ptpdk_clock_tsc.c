/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_clock_tsc.h"
#include "ptpdk_tsc.h"
#include "ptpdk_vclock.h"

#include <errno.h>
#include <math.h>
#include <time.h>

#define ALIGN_TRIES 16

/* Pair the TSC with CLOCK_REALTIME as tightly as this host allows. */
static int realtime_anchor(uint64_t *raw, struct ptpdk_tmv *t)
{
	uint64_t best = UINT64_MAX;
	int i;

	for (i = 0; i < ALIGN_TRIES; i++) {
		uint64_t before, after;
		struct timespec ts;

		before = ptpdk_tsc_read_ordered();
		if (clock_gettime(CLOCK_REALTIME, &ts))
			return -errno;
		after = ptpdk_tsc_read_ordered();
		if (after < before || after - before >= best)
			continue;
		best = after - before;
		*raw = before + best / 2;
		*t = ptpdk_tmv_from_ns((int64_t)ts.tv_sec * PTPDK_NS_PER_SEC + ts.tv_nsec);
	}
	return best == UINT64_MAX ? -EIO : 0;
}

struct ptpdk_clock *ptpdk_clock_tsc_create(uint64_t tsc_hz)
{
	struct ptpdk_vclock_config cfg = { .source = PTPDK_TS_TSC,
					   .name = "tsc",
					   .anchored = true };
	int rc;

	if (tsc_hz > PTPDK_COUNTER_MAX_HZ) {
		errno = EINVAL;
		return NULL;
	}
	if (tsc_hz == 0)
		tsc_hz = ptpdk_tsc_nominal_hz();
	if (tsc_hz == 0) {
		struct ptpdk_calibration cal;

		rc = ptpdk_tsc_calibrate(0, PTPDK_CLOCK_TSC_CALIBRATE_MS, &cal);
		if (rc) {
			errno = -rc;
			return NULL;
		}
		tsc_hz = (uint64_t)llround(cal.hz);
	}
	ptpdk_tsc_counter(&cfg.counter, tsc_hz);
	rc = realtime_anchor(&cfg.anchor_raw, &cfg.initial);
	if (rc) {
		errno = -rc;
		return NULL;
	}
	return ptpdk_vclock_create(&cfg);
}
