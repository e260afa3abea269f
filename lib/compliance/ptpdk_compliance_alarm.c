/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_compliance_alarm.h"

#include <string.h>

void ptpdk_compliance_alarm_init(struct ptpdk_compliance_alarm *a, uint64_t max_ns)
{
	memset(a, 0, sizeof(*a));
	a->max_ns = max_ns;
}

enum ptpdk_compliance_alarm_event ptpdk_compliance_alarm_update(struct ptpdk_compliance_alarm *a,
								bool bounded, double bound_ns)
{
	double max = (double)a->max_ns;
	/* NaN compares false everywhere: treat it as unbounded rather than as good. */
	bool over = !bounded || !(bound_ns <= max);
	bool good = !over && bound_ns <= max * PTPDK_COMPLIANCE_CLEAR_PERCENT / 100.0;

	if (over) {
		a->good_updates = 0;
		if (a->raised)
			return PTPDK_COMPLIANCE_ALARM_NONE;
		a->raised = true;
		a->raised_count++;
		return PTPDK_COMPLIANCE_ALARM_RAISED;
	}
	if (!a->raised)
		return PTPDK_COMPLIANCE_ALARM_NONE;
	a->good_updates = good ? a->good_updates + 1 : 0;
	if (a->good_updates < PTPDK_COMPLIANCE_CLEAR_UPDATES)
		return PTPDK_COMPLIANCE_ALARM_NONE;
	a->raised = false;
	a->good_updates = 0;
	a->cleared_count++;
	return PTPDK_COMPLIANCE_ALARM_CLEARED;
}
