/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The conversion of a kernel stamp (CLOCK_REALTIME ns) into TSC ticks that the
 * kernel-socket port applies to every RX and TX stamp (ptpdk_ts_map.h). Checked:
 * the arithmetic on made-up brackets (the midpoint, the age scaled by the rate),
 * the refusals (a stamp from the future, one older than a second, a zero rate, an
 * age reaching back before the TSC started), and, on this machine's own clocks, that
 * a CLOCK_REALTIME reading taken inside a TSC bracket maps back into that bracket.
 * Needs no root, no EAL and no network.
 */
#include <stdio.h>
#include <time.h>

#include "check.h"
#include "ptpdk_ts_map.h"

/* Ticks for a nanosecond count at a rate, as the map computes them (floor). */
static uint64_t ticks_of(int64_t ns, uint64_t hz)
{
	return (uint64_t)ns * hz / 1000000000ULL;
}

static void test_arithmetic(void)
{
	const uint64_t hz = 2999999000ULL; /* an odd rate: no accidental exact divisions */
	struct ptpdk_ts_bracket b = { .tsc_before = 1000000000000ULL,
				      .tsc_after = 1000000000300ULL,
				      .realtime_ns = 1700000000123456789LL };
	const uint64_t mid = b.tsc_before + 150;
	uint64_t tsc = 7;

	CHECK_EQ_INT(ptpdk_ts_bracket_width(&b), 300);
	/* A stamp taken at the bracket's own CLOCK_REALTIME reading is its midpoint. */
	CHECK(ptpdk_ts_map_to_tsc(&b, b.realtime_ns, hz, &tsc));
	CHECK(tsc == mid);
	/* Ages typical of a socket read (1 ns .. 300 us) and the limit of one second. */
	static const int64_t ages[] = { 1, 999, 28000, 300000, PTPDK_TS_MAP_MAX_AGE_NS };
	for (unsigned i = 0; i < sizeof(ages) / sizeof(ages[0]); i++) {
		CHECK(ptpdk_ts_map_to_tsc(&b, b.realtime_ns - ages[i], hz, &tsc));
		CHECK(tsc == mid - ticks_of(ages[i], hz));
	}
	/* 28 us at ~3 GHz is ~84000 ticks, not a unit mix-up by 1000. */
	CHECK(ptpdk_ts_map_to_tsc(&b, b.realtime_ns - 28000, hz, &tsc));
	CHECK(mid - tsc >= 83999 && mid - tsc <= 84000);

	/* Refusals leave the output untouched. */
	tsc = 7;
	CHECK(!ptpdk_ts_map_to_tsc(&b, b.realtime_ns + 1, hz, &tsc)); /* from the future */
	CHECK(!ptpdk_ts_map_to_tsc(&b, b.realtime_ns - PTPDK_TS_MAP_MAX_AGE_NS - 1, hz, &tsc));
	CHECK(!ptpdk_ts_map_to_tsc(&b, b.realtime_ns - 1000, 0, &tsc)); /* no rate */
	b.tsc_before = 10;
	b.tsc_after = 20;
	CHECK(!ptpdk_ts_map_to_tsc(&b, b.realtime_ns - 1000, hz, &tsc)); /* before TSC 0 */
	CHECK(tsc == 7);

	/* A bracket wider than 32 bits of ticks saturates the window, never wraps. */
	b.tsc_before = 0;
	b.tsc_after = (uint64_t)UINT32_MAX + 5;
	CHECK(ptpdk_ts_bracket_width(&b) == UINT32_MAX);
}

/*
 * The machine's clocks: read CLOCK_REALTIME between two TSC reads (that reading plays
 * the kernel's stamp), wait a little, read a conversion bracket and map. The result
 * must fall inside the first pair, widened by half the conversion bracket (where its
 * CLOCK_REALTIME read fell in it is unknown), by the rate error over the age — here
 * bounded by 1000 ppm of a few hundred microseconds, far above the TSC's real
 * deviation from CLOCK_REALTIME — and by 1 us for a CLOCK_REALTIME read's own
 * granularity and the floor in the scaling.
 */
static void test_live_clocks(uint64_t hz)
{
	unsigned outside = 0, rounds = 200;

	for (unsigned i = 0; i < rounds; i++) {
		struct ptpdk_ts_bracket stamp, conv;
		uint64_t tsc = 0, slack, spin_until;

		ptpdk_ts_bracket_read(&stamp);
		spin_until = stamp.tsc_after + hz / 10000 * (1 + i % 3); /* ages 100-300 us */
		while (ptpdk_tsc_read() < spin_until)
			;
		ptpdk_ts_bracket_read(&conv);
		CHECK(ptpdk_ts_map_to_tsc(&conv, stamp.realtime_ns, hz, &tsc));
		slack = ptpdk_ts_bracket_width(&conv) / 2 +
			(conv.tsc_after - stamp.tsc_before) / 1000 + hz / 1000000;
		if (tsc + slack < stamp.tsc_before || tsc > stamp.tsc_after + slack) {
			outside++;
			fprintf(stderr,
				"ts_map: round %u: mapped %+.0f ns from the stamp bracket\n", i,
				((double)tsc - (double)stamp.tsc_before) * 1e9 / (double)hz);
		}
		CHECK(tsc < conv.tsc_after); /* the past stays in the past */
	}
	CHECK_EQ_INT(outside, 0);
}

/* The TSC rate measured against CLOCK_MONOTONIC_RAW over 50 ms: enough for 1000 ppm. */
static uint64_t measure_hz(void)
{
	struct timespec a, b;
	uint64_t t0, t1;
	int64_t ns;

	clock_gettime(CLOCK_MONOTONIC_RAW, &a);
	t0 = ptpdk_tsc_read_ordered();
	do {
		clock_gettime(CLOCK_MONOTONIC_RAW, &b);
		ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
	} while (ns < 50000000);
	t1 = ptpdk_tsc_read_ordered();
	return (uint64_t)((double)(t1 - t0) * 1e9 / (double)ns);
}

int main(void)
{
	uint64_t hz = measure_hz();

	check_seed("ts_map");
	CHECK(hz > 100000000ULL);
	test_arithmetic();
	test_live_clocks(hz);
	return check_report("ts_map");
}
