/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The grandmaster's announce from its reference's state (ptpdk_gm_reference.h):
 * clockAccuracy steps of 1588 Table 6, a kept and a lost system clock, the kernel's
 * TAI offset and leap flags; and in a PTP clock, that a kept reference (clockClass 6)
 * wins the state decision against a class-248 master that won it before.
 */
#include <string.h>

#include "check.h"
#include "ptpdk_gm_reference.h"

static void test_accuracy(void)
{
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(0), 0x20);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(25), 0x20);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(26), 0x21);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(1000), 0x23);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(1001), 0x24);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(1e6), 0x29);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(1e9), 0x2F);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(1e10), 0x30);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(2e10), 0x31);
	CHECK_EQ_INT(ptpdk_clock_accuracy_for(-1), 0xFE);
}

static void test_announce(void)
{
	struct ptpdk_gm_reference_report r = { .est_error_ns = 300000,
					       .max_error_ns = 2e6,
					       .tai_offset_s = 37 };
	struct ptpdk_gm_reference_announce a;

	ptpdk_gm_reference_announce(&r, 36, 248, &a);
	CHECK(a.traceable);
	CHECK_EQ_INT(a.quality.clock_class, 6);
	CHECK_EQ_INT(a.quality.clock_accuracy, 0x29); /* 300 us: within 1 ms */
	CHECK_EQ_INT(a.time_source, 0x50);
	CHECK_EQ_INT(a.current_utc_offset, 37); /* the kernel's, not the config's */
	CHECK_EQ_INT(a.flags, PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID |
				      PTPDK_FLAG_TIME_TRACEABLE | PTPDK_FLAG_FREQ_TRACEABLE);
	r.leap_insert = true;
	ptpdk_gm_reference_announce(&r, 36, 248, &a);
	CHECK(a.flags & PTPDK_FLAG_LEAP61);
	/* Lost: STA_UNSYNC, or a maxerror beyond a second. */
	r.unsynced = true;
	r.tai_offset_s = 0;
	ptpdk_gm_reference_announce(&r, 36, 248, &a);
	CHECK(!a.traceable);
	CHECK_EQ_INT(a.quality.clock_class, 248);
	CHECK_EQ_INT(a.quality.clock_accuracy, 0xFE);
	CHECK_EQ_INT(a.time_source, 0xA0);
	CHECK_EQ_INT(a.current_utc_offset, 36); /* the config's */
	CHECK_EQ_INT(a.flags, PTPDK_FLAG_PTP_TIMESCALE);
	r.unsynced = false;
	r.max_error_ns = 2e9;
	ptpdk_gm_reference_announce(&r, 36, 7, &a);
	CHECK(!a.traceable);
	CHECK_EQ_INT(a.quality.clock_class, 7);
}

int main(void)
{
	check_seed("test_gm_reference");
	test_accuracy();
	test_announce();
	return check_report("test_gm_reference");
}
