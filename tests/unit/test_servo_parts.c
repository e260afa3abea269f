/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ptpdk servo's building blocks on their own: the robust line fit with a
 * slope prior (ptpdk_servo_linefit.h) and the drift detector (ptpdk_servo_cusum.h).
 */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "ptpdk_servo_cusum.h"
#include "ptpdk_servo_linefit.h"

/* An exact line comes back exactly; one wild sample is dropped, not fitted. */
static void test_linefit_outlier(void)
{
	double t[20], p[20];
	struct pd_linefit f;

	for (unsigned i = 0; i < 20; i++) {
		t[i] = i;
		p[i] = 1000.0 + 20000.0 * i + ((i % 2) ? 10.0 : -10.0);
	}
	CHECK(pd_linefit_robust(t, p, 20, NULL, 5.0, 5.0, &f));
	CHECK(fabs(f.y - 20000.0) < 2.0);
	CHECK_EQ_INT(f.kept, 20);
	p[7] += 500000.0; /* a packet delayed by 500 us */
	CHECK(pd_linefit_robust(t, p, 20, NULL, 5.0, 5.0, &f));
	CHECK_EQ_INT(f.kept, 19);
	CHECK(fabs(f.y - 20000.0) < 2.0);
	CHECK(fabs(f.a + f.y * (0.0 - f.tm) - 1000.0) < 20.0);
	CHECK(isfinite(f.y_se) && f.y_se < 5.0);
}

/*
 * Two segments with the same slope and unrelated phases (before and after a clock
 * step): the first as a prior makes the slope of three samples of the second as
 * good as that of all of them, and the phase is the second segment's.
 */
static void test_linefit_prior(void)
{
	double t1[10], p1[10], t2[4], p2[4], noise[] = { 30, -40, 10, -5, 25, -15, 0, 35, -30, 5 };
	struct pd_linefit a, b, c;
	struct pd_slope_prior pr;

	for (unsigned i = 0; i < 10; i++) {
		t1[i] = i;
		p1[i] = 3e6 - 15000.0 * i + noise[i];
	}
	for (unsigned i = 0; i < 4; i++) {
		t2[i] = i;
		p2[i] = 50.0 - 15000.0 * i + noise[9 - i] * 10.0;
	}
	CHECK(pd_linefit_robust(t1, p1, 10, NULL, 5.0, 5.0, &a));
	pr = (struct pd_slope_prior){ a.sxx, a.sxy };
	CHECK(pd_linefit_robust(t2, p2, 4, NULL, 5.0, 5.0, &b));
	CHECK(pd_linefit_robust(t2, p2, 4, &pr, 5.0, 5.0, &c));
	/* the prior dominates the pooled slope: 82.5 against 5 of sxx */
	CHECK(fabs(c.y + 15000.0) < fabs(b.y + 15000.0));
	CHECK(fabs(c.y + 15000.0) < 30.0);
	CHECK(fabs(c.a + c.y * (0.0 - c.tm) - 50.0) < 400.0);
	/* a prior from a slope and its error is the same kind of weight */
	pr = pd_slope_prior_from(-15000.0, 1.0, 100.0);
	CHECK(fabs(pr.sxy / pr.sxx + 15000.0) < 1e-9);
	pr = pd_slope_prior_from(NAN, 1.0, 100.0);
	CHECK(pr.sxx == 0.0 && pr.sxy == 0.0);
	/* equal times and no prior: no slope, but a phase */
	t2[1] = t2[2] = t2[3] = 0.0;
	CHECK(!pd_linefit_robust(t2, p2, 4, NULL, 5.0, 5.0, &c));
	CHECK(isfinite(c.a));
}

/* Alternating residuals never alarm; a ramp does, and says where it began. */
static void test_cusum(void)
{
	struct pd_cusum c;
	double since = -1.0;
	bool alarm = false;
	unsigned i;

	pd_cusum_init(&c, 1.0, 12.0, 4.0);
	for (i = 0; i < 100000 && !alarm; i++)
		alarm = pd_cusum_add(&c, i, (i % 2) ? 1.9 : -1.9, &since);
	CHECK(!alarm);
	/* single huge residuals are clipped: three in a row stay below the threshold */
	pd_cusum_clear(&c);
	for (i = 0; i < 3 && !alarm; i++)
		alarm = pd_cusum_add(&c, i, 1e9, &since);
	CHECK(!alarm);
	CHECK(!pd_cusum_add(&c, 0, NAN, &since));
	pd_cusum_clear(&c);
	for (i = 0; i < 50; i++)
		CHECK(!pd_cusum_add(&c, i, 0.0, &since));
	for (i = 50; i < 100 && !alarm; i++)
		alarm = pd_cusum_add(&c, i, -0.5 * (i - 49), &since);
	CHECK(alarm);
	/* z - k first goes negative at i = 52 (z = -1.5) */
	if (!(since >= 51.0 && since <= 52.0))
		printf("cusum: drift from %.0f\n", since);
	CHECK(since >= 51.0 && since <= 52.0);
	CHECK(i < 60);
	CHECK(c.hi == 0.0 && c.lo == 0.0);
}

int main(void)
{
	test_linefit_outlier();
	test_linefit_prior();
	test_cusum();
	return check_report("test_servo_parts");
}
