/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>

#include "check.h"
#include "ptpdk_time.h"

static void test_wire_ts(void)
{
	struct ptpdk_wire_ts ts = { .seconds = 1700000000, .nanoseconds = 123456789 }, back;
	struct ptpdk_tmv t;

	CHECK_EQ_INT(ptpdk_wire_ts_to_tmv(&ts, &t), 0);
	CHECK_EQ_INT(t.ns, 1700000000123456789LL);
	CHECK_EQ_INT(ptpdk_tmv_to_wire_ts(t, &back), 0);
	CHECK_EQ_INT(back.seconds, ts.seconds);
	CHECK_EQ_INT(back.nanoseconds, ts.nanoseconds);

	ts.nanoseconds = 1000000000;
	CHECK_EQ_INT(ptpdk_wire_ts_to_tmv(&ts, &t), -EINVAL);
	ts.nanoseconds = 0;
	ts.seconds = PTPDK_WIRE_SEC_MAX + 1;
	CHECK_EQ_INT(ptpdk_wire_ts_to_tmv(&ts, &t), -EINVAL);
	ts.seconds = PTPDK_WIRE_SEC_MAX; /* valid on the wire, beyond int64 ns */
	CHECK_EQ_INT(ptpdk_wire_ts_to_tmv(&ts, &t), -ERANGE);
	CHECK_EQ_INT(ptpdk_tmv_to_wire_ts(ptpdk_tmv_from_ns(-1), &back), -ERANGE);
}

static void test_scaled(void)
{
	struct ptpdk_tmv t = ptpdk_tmv_from_scaled(-1); /* -1/65536 ns */
	int64_t back;

	CHECK_EQ_INT(t.ns, -1);
	CHECK_EQ_INT(t.frac, 65535);
	CHECK_EQ_INT(ptpdk_tmv_to_scaled(t, &back), 0);
	CHECK_EQ_INT(back, -1);
	t = ptpdk_tmv_from_scaled(3 * 65536 + 32768); /* 3.5 ns */
	CHECK_EQ_INT(ptpdk_tmv_round_ns(t), 4);
	CHECK(ptpdk_tmv_to_double_ns(t) == 3.5);
	CHECK(ptpdk_scaled_to_double_ns(-65536 / 2) == -0.5);
	CHECK_EQ_INT(ptpdk_tmv_to_scaled(ptpdk_tmv_from_ns(INT64_MAX / 2), &back), -ERANGE);
	CHECK_EQ_INT(ptpdk_tmv_to_scaled(ptpdk_tmv_from_ns(INT64_MIN >> 16), &back), 0);
	CHECK_EQ_INT(back, INT64_MIN);
}

static void test_arith_random(void)
{
	int i;

	for (i = 0; i < 100000; i++) {
		/* Values within +-2^46 ns so scaled forms fit in int64 exactly. */
		int64_t sa = (int64_t)(check_rand() >> 2) - (INT64_MAX >> 2);
		int64_t sb = (int64_t)(check_rand() >> 2) - (INT64_MAX >> 2);
		struct ptpdk_tmv a = ptpdk_tmv_from_scaled(sa), b = ptpdk_tmv_from_scaled(sb);
		int64_t sum, diff;

		CHECK_EQ_INT(ptpdk_tmv_to_scaled(ptpdk_tmv_add(a, b), &sum), 0);
		CHECK_EQ_INT(sum, sa + sb);
		CHECK_EQ_INT(ptpdk_tmv_to_scaled(ptpdk_tmv_sub(a, b), &diff), 0);
		CHECK_EQ_INT(diff, sa - sb);
		CHECK_EQ_INT(ptpdk_tmv_cmp(a, b), sa < sb ? -1 : sa > sb);
		if (check_failures > 10)
			break;
	}
}

int main(void)
{
	check_seed("test_time");
	test_wire_ts();
	test_scaled();
	test_arith_random();
	return check_report("test_time");
}
