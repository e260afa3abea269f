/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * What a grandmaster says about its own time, from the state of the reference it
 * follows. With `time_reference system` ptpdk, as grandmaster, follows the host's
 * CLOCK_REALTIME (itself kept by chrony or ntpd); the kernel reports how well that
 * clock is kept (adjtimex: STA_UNSYNC, esterror, maxerror, the TAI offset, leap
 * flags). This module turns that report into the clockClass, clockAccuracy, time
 * properties and UTC offset the clock announces, so that a slave sees at once (at the
 * next Announce) when the reference is lost. Pure (style rule 1): the caller reads the
 * kernel and passes the report in.
 */
#ifndef PTPDK_GM_REFERENCE_H
#define PTPDK_GM_REFERENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_msg.h"

/** What the kernel says of CLOCK_REALTIME (struct timex, read by the caller). */
struct ptpdk_gm_reference_report {
	bool unsynced;	     /**< STA_UNSYNC: no one keeps the clock */
	double est_error_ns; /**< esterror: estimated error */
	double max_error_ns; /**< maxerror: the kernel's bound, grows 500 ppm when unfed */
	int tai_offset_s;    /**< TAI - UTC as the kernel knows it (0: not set) */
	bool leap_insert;    /**< STA_INS: a leap second is inserted at the end of today */
	bool leap_delete;    /**< STA_DEL */
};

/** What we announce as grandmaster following that reference. */
struct ptpdk_gm_reference_announce {
	struct ptpdk_clock_quality quality;
	uint16_t flags;		    /**< PTPDK_FLAG_* time properties */
	int16_t current_utc_offset; /**< TAI - UTC */
	uint8_t time_source;	    /**< 1588 Table 7 */
	bool traceable;		    /**< the reference is kept (time and frequency traceable) */
};

/** Above this maxerror the reference is not trusted even when synced, ns (one second). */
#define PTPDK_GM_REFERENCE_MAX_ERROR_NS 1e9

/**
 * The announce for @p r.
 * @param config_utc_offset TAI - UTC to announce when the kernel has none (utc_offset)
 * @param unsynced_class	clockClass when the reference is not kept (248, the default
 *				of a clock with no reference; G.8275.1 would say 7 or 187)
 *
 * Kept (not STA_UNSYNC and maxerror at most PTPDK_GM_REFERENCE_MAX_ERROR_NS): clockClass
 * 6, clockAccuracy from esterror (the smallest Table 6 step that bounds it),
 * timeSource NTP (0x50), PTP timescale, time and frequency traceable, the UTC offset
 * valid (from the kernel, else the config) and the kernel's leap flags. Not kept:
 * @p unsynced_class, accuracy unknown (0xFE), internal oscillator (0xA0), PTP
 * timescale (the clock still carries TAI from the reference it had), nothing
 * traceable, UTC offset still announced but not marked valid.
 */
void ptpdk_gm_reference_announce(const struct ptpdk_gm_reference_report *r,
				 int16_t config_utc_offset, uint8_t unsynced_class,
				 struct ptpdk_gm_reference_announce *out);

/** 1588-2008 Table 6: the clockAccuracy enumeration value that bounds @p error_ns. */
uint8_t ptpdk_clock_accuracy_for(double error_ns);

#endif
