/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The divergence alarm: is the clock's error bound within the configured maximum
 * divergence from UTC (RTS 25: 100 us for high-frequency trading)? Pure: fed once a
 * second with the bound; says when the alarm is raised and when it clears.
 *
 * Hysteresis, chosen so that an alarm is never late and does not flap:
 *  - raise at once, on the first update whose bound exceeds the maximum or is unbounded
 *    (the clock is not locked, or holds over: its time is no longer traceable, whatever
 *    its extrapolated bound says);
 *  - clear only after PTPDK_COMPLIANCE_CLEAR_UPDATES consecutive updates with a bound
 *    at most PTPDK_COMPLIANCE_CLEAR_PERCENT % of the maximum. A bound that hovers around
 *    the maximum therefore stays in alarm instead of toggling every second.
 * The alarm starts cleared; a daemon that starts unlocked raises it on the first update.
 */
#ifndef PTPDK_COMPLIANCE_ALARM_H
#define PTPDK_COMPLIANCE_ALARM_H

#include <stdbool.h>
#include <stdint.h>

#define PTPDK_COMPLIANCE_CLEAR_PERCENT 80
#define PTPDK_COMPLIANCE_CLEAR_UPDATES 10

enum ptpdk_compliance_alarm_event {
	PTPDK_COMPLIANCE_ALARM_NONE,
	PTPDK_COMPLIANCE_ALARM_RAISED,
	PTPDK_COMPLIANCE_ALARM_CLEARED,
};

struct ptpdk_compliance_alarm {
	uint64_t max_ns;
	bool raised;
	unsigned good_updates; /**< consecutive updates under the clear threshold */
	uint64_t raised_count, cleared_count;
};

/** Start cleared, with the maximum divergence @p max_ns. */
void ptpdk_compliance_alarm_init(struct ptpdk_compliance_alarm *a, uint64_t max_ns);

/**
 * One update (once a second). @p bounded false: holdover, not locked, or no bound.
 * @return whether the alarm was raised or cleared by this update
 */
enum ptpdk_compliance_alarm_event ptpdk_compliance_alarm_update(struct ptpdk_compliance_alarm *a,
								bool bounded, double bound_ns);

#endif
