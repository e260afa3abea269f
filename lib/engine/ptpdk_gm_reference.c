/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_gm_reference.h"

#include <string.h>

#define TIME_SOURCE_NTP		0x50
#define TIME_SOURCE_INTERNAL	0xA0
#define CLASS_PRIMARY_REFERENCE 6
#define ACCURACY_UNKNOWN	0xFE

uint8_t ptpdk_clock_accuracy_for(double error_ns)
{
	/* Table 6: 0x20 within 25 ns, then 100 ns, 250 ns, 1 us, 2.5 us, ... up to 0x30
	 * within 10 s; 0x31 beyond. The steps alternate 2.5x and 4x (1-2.5-10). */
	static const double bound_ns[] = { 25,	100,   250, 1e3,   2.5e3, 1e4,	 2.5e4, 1e5, 2.5e5,
					   1e6, 2.5e6, 1e7, 2.5e7, 1e8,	  2.5e8, 1e9,	1e10 };
	uint8_t v = 0x20;

	if (!(error_ns >= 0))
		return ACCURACY_UNKNOWN;
	for (unsigned i = 0; i < sizeof(bound_ns) / sizeof(bound_ns[0]); i++, v++)
		if (error_ns <= bound_ns[i])
			return v;
	return 0x31; /* greater than 10 s */
}

static bool kept(const struct ptpdk_gm_reference_report *r)
{
	return !r->unsynced && r->max_error_ns >= 0 &&
	       r->max_error_ns <= PTPDK_GM_REFERENCE_MAX_ERROR_NS;
}

void ptpdk_gm_reference_announce(const struct ptpdk_gm_reference_report *r,
				 int16_t config_utc_offset, uint8_t unsynced_class,
				 struct ptpdk_gm_reference_announce *out)
{
	memset(out, 0, sizeof(*out));
	out->current_utc_offset = r->tai_offset_s > 0 && r->tai_offset_s < 1000
					  ? (int16_t)r->tai_offset_s
					  : config_utc_offset;
	out->flags = PTPDK_FLAG_PTP_TIMESCALE;
	out->quality.offset_scaled_log_variance = 0xFFFF;
	if (!kept(r)) {
		out->quality.clock_class = unsynced_class;
		out->quality.clock_accuracy = ACCURACY_UNKNOWN;
		out->time_source = TIME_SOURCE_INTERNAL;
		return;
	}
	out->traceable = true;
	out->quality.clock_class = CLASS_PRIMARY_REFERENCE;
	out->quality.clock_accuracy = ptpdk_clock_accuracy_for(r->est_error_ns);
	out->time_source = TIME_SOURCE_NTP;
	out->flags |=
		PTPDK_FLAG_UTC_OFFSET_VALID | PTPDK_FLAG_TIME_TRACEABLE | PTPDK_FLAG_FREQ_TRACEABLE;
	if (r->leap_insert)
		out->flags |= PTPDK_FLAG_LEAP61;
	else if (r->leap_delete)
		out->flags |= PTPDK_FLAG_LEAP59;
}
