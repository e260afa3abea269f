/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine_one_step.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ptpdk_clock.h"
#include "ptpdk_msg.h"
#include "ptpdk_tsc.h"

int engine_one_step_init(struct engine_one_step *os, unsigned n_ports, const bool *one_step,
			 struct ptpdk_clock *const *clocks, const char *const *names)
{
	memset(os, 0, sizeof(*os));
	ptpdk_err_stats_init(&os->err);
	for (unsigned p = 0; p < n_ports; p++) {
		struct ptpdk_tmv t;
		int rc;

		if (!one_step[p])
			continue;
		os->enabled = true;
		rc = ptpdk_clock_raw_to_time(clocks[p], PTPDK_TS_TSC, ptpdk_tsc_read(), &t);
		if (rc) {
			/* ptp4l refuses a one-step mode the interface lacks; so do we, rather
			 * than fall back to two-step behind the configuration's back. */
			fprintf(stderr,
				"ptpdk: port %s: twoStepFlag 0 needs a clock the TX path can read "
				"at the burst (the TSC clock of software time stamping); clock %s "
				"cannot (%s): use twoStepFlag 1 or time_stamping software "
				"(drivers-notes/one-step.md)\n",
				names[p] ? names[p] : "?", ptpdk_clock_name(clocks[p]),
				strerror(-rc));
			return -ENOTSUP;
		}
	}
	return 0;
}

int engine_one_step_line(struct engine_one_step *os, struct ptpdk_clock *clock, uint64_t tsc_hz,
			 struct ptpdk_tick_map *out)
{
	uint64_t t0 = ptpdk_tsc_read();
	struct ptpdk_tmv a, b;
	int rc;

	/* Two points one second apart on the clock's current segment give its rate
	 * exactly as the clock itself would convert (ptpdk_tick_map.h). */
	rc = ptpdk_clock_raw_to_time(clock, PTPDK_TS_TSC, t0, &a);
	if (!rc)
		rc = ptpdk_clock_raw_to_time(clock, PTPDK_TS_TSC, t0 + tsc_hz, &b);
	if (!rc)
		rc = ptpdk_tick_map_from_two(out, t0, a, t0 + tsc_hz, b);
	if (rc)
		os->no_line++;
	return rc;
}

void engine_one_step_window(struct engine_one_step *os, uint64_t window_ns)
{
	os->window_count++;
	os->window_sum_sq += (double)window_ns * (double)window_ns;
	if (window_ns > os->window_max_ns)
		os->window_max_ns = window_ns;
}

void engine_one_step_report(struct engine_one_step *os, bool one_step_port,
			    const struct ptpdk_tx_report *r, const struct ptpdk_tmv *t)
{
	if (!one_step_port || r->message_type != PTPDK_MSG_SYNC)
		return;
	if (!(r->flags & PTPDK_TX_R_WRITTEN)) {
		os->not_written++;
		return;
	}
	if (!t) {
		os->not_stamped++;
		return;
	}
	ptpdk_err_stats_record(&os->err, ptpdk_tmv_round_ns(ptpdk_tmv_sub(*t, r->written)));
}
