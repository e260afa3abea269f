/* SPDX-License-Identifier: BSD-3-Clause */
/* Histogram percentiles against sorted data, merge, range limits; sample statistics and detrend. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>

#include "check.h"
#include "ptpdk_hist.h"
#include "ptpdk_sample_stats.h"

#define N_RANDOM 100000

static struct ptpdk_hist h_all, h_a, h_b;
static int64_t values[N_RANDOM];
static double xs[N_RANDOM], ts[N_RANDOM], scratch[N_RANDOM];

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest rank for a percentile given in parts per million, in integers. */
static uint64_t rank_ppm(uint64_t ppm, uint64_t n)
{
	uint64_t r = (ppm * n + 999999) / 1000000;

	return r < 1 ? 1 : r;
}

/* Log-uniform over 1 ns .. 100 s, with some small exact values. */
static int64_t rand_latency(void)
{
	double u = (double)(check_rand() >> 11) / 9007199254740992.0;

	if (check_rand() % 10 == 0)
		return (int64_t)(check_rand() % 300);
	return (int64_t)exp(u * log(1e11));
}

static void test_buckets(void)
{
	int k, i;

	for (i = 0; i < 256; i++)
		CHECK_EQ_INT(ptpdk_hist_bucket_upper(i), i);
	CHECK_EQ_INT(ptpdk_hist_bucket_upper(256), 257);
	CHECK_EQ_INT(ptpdk_hist_bucket_upper(511), 511);
	CHECK_EQ_INT(ptpdk_hist_bucket_upper(512), 515);
	CHECK_EQ_INT(ptpdk_hist_bucket_upper(PTPDK_HIST_MAX), PTPDK_HIST_MAX);
	CHECK_EQ_INT(ptpdk_hist_bucket_upper(-3), -3);
	CHECK_EQ_INT(ptpdk_hist_bucket_upper(PTPDK_HIST_MAX + 1), PTPDK_HIST_MAX + 1);
	/* Around every power of two: bounds hold and buckets tile the range. */
	for (k = 1; k < PTPDK_HIST_TOP_BITS; k++) {
		int64_t p = INT64_C(1) << k, v;

		for (v = p - 2; v <= p + 2; v++) {
			int64_t u = ptpdk_hist_bucket_upper(v);

			CHECK(u >= v && u <= v + v / 128);
			CHECK_EQ_INT(ptpdk_hist_bucket_upper(u), u);
			if (u < PTPDK_HIST_MAX)
				CHECK(ptpdk_hist_bucket_upper(u + 1) > u);
		}
	}
	for (i = 0; i < 100000; i++) {
		int64_t v = (int64_t)(check_rand() % (uint64_t)(PTPDK_HIST_MAX + 1));
		int64_t u = ptpdk_hist_bucket_upper(v);

		CHECK(u >= v && u <= v + v / 128);
		if (check_failures > 10)
			return;
	}
}

static void test_percentiles(void)
{
	static const uint64_t ppm[] = { 0,	1,	10000,	250000, 500000,
					900000, 990000, 999000, 999900, 1000000 };
	int64_t want;
	double sum = 0.0;
	size_t i;

	ptpdk_hist_init(&h_all);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_all, 50), 0);
	CHECK(ptpdk_hist_mean(&h_all) == 0.0);
	for (i = 0; i < N_RANDOM; i++) {
		values[i] = rand_latency();
		sum += (double)values[i];
		ptpdk_hist_record(&h_all, values[i]);
	}
	qsort(values, N_RANDOM, sizeof(values[0]), cmp_i64);
	CHECK_EQ_INT(ptpdk_hist_count(&h_all), N_RANDOM);
	CHECK_EQ_INT(ptpdk_hist_min(&h_all), values[0]);
	CHECK_EQ_INT(ptpdk_hist_max(&h_all), values[N_RANDOM - 1]);
	CHECK_NEAR(ptpdk_hist_mean(&h_all), sum / N_RANDOM, 1e-6 * sum / N_RANDOM);
	CHECK_EQ_INT(h_all.underflow, 0);
	CHECK_EQ_INT(h_all.overflow, 0);
	for (i = 0; i < sizeof(ppm) / sizeof(ppm[0]); i++) {
		int64_t got = ptpdk_hist_percentile(&h_all, (double)ppm[i] / 10000.0);

		want = values[rank_ppm(ppm[i], N_RANDOM) - 1];
		CHECK(got >= want);
		CHECK(got <= want + want / 128);
		CHECK(got <= values[N_RANDOM - 1]);
		if (got < want || got > want + want / 128)
			fprintf(stderr, "p%g: got %" PRId64 " want %" PRId64 "\n",
				(double)ppm[i] / 10000.0, got, want);
	}
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_all, -1), values[0]);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_all, NAN), values[0]);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_all, 200), values[N_RANDOM - 1]);

	/* Small exact values come back exactly. */
	ptpdk_hist_init(&h_a);
	for (i = 1; i <= 200; i++)
		ptpdk_hist_record(&h_a, (int64_t)i);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 50), 100);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 99), 198);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 99.5), 199);
	CHECK_NEAR(ptpdk_hist_mean(&h_a), 100.5, 1e-12);
}

static void test_merge(void)
{
	size_t i;

	ptpdk_hist_init(&h_all);
	ptpdk_hist_init(&h_a);
	ptpdk_hist_init(&h_b);
	ptpdk_hist_merge(&h_a, &h_b); /* empty into empty */
	CHECK_EQ_INT(ptpdk_hist_count(&h_a), 0);
	for (i = 0; i < 20000; i++) {
		int64_t v = rand_latency() * (check_rand() % 50 == 0 ? -1 : 1);

		if (check_rand() % 100 == 0)
			v = PTPDK_HIST_MAX + (int64_t)(check_rand() % 1000);
		ptpdk_hist_record(&h_all, v);
		ptpdk_hist_record(i % 3 ? &h_a : &h_b, v);
	}
	ptpdk_hist_merge(&h_a, &h_b);
	CHECK(memcmp(&h_a, &h_all, sizeof(h_a)) == 0);
	CHECK(h_all.underflow > 0 && h_all.overflow > 0);
	ptpdk_hist_init(&h_b);
	ptpdk_hist_merge(&h_b, &h_all); /* into empty */
	CHECK(memcmp(&h_b, &h_all, sizeof(h_b)) == 0);
}

static void test_range(void)
{
	ptpdk_hist_init(&h_a);
	ptpdk_hist_record_n(&h_a, INT64_MAX, 4);
	ptpdk_hist_record_n(&h_a, INT64_MIN, 4);
	ptpdk_hist_record_n(&h_a, 7, 0);
	CHECK_EQ_INT(ptpdk_hist_count(&h_a), 8);
	CHECK_EQ_INT(h_a.underflow, 4);
	CHECK_EQ_INT(h_a.overflow, 4);
	CHECK_EQ_INT(ptpdk_hist_min(&h_a), INT64_MIN);
	CHECK_EQ_INT(ptpdk_hist_max(&h_a), INT64_MAX);
	CHECK(ptpdk_hist_mean(&h_a) == -0.5); /* exact 128-bit sum: -4 / 8 */
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 25), -1);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 75), INT64_MAX);

	ptpdk_hist_init(&h_a);
	ptpdk_hist_record_n(&h_a, 1000, UINT64_C(1) << 40);
	ptpdk_hist_record_n(&h_a, 3000, UINT64_C(1) << 40);
	CHECK(ptpdk_hist_mean(&h_a) == 2000.0);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 50), ptpdk_hist_bucket_upper(1000));

	/* Underflow ranks come out as -1 (or max if lower), overflow ranks as max. */
	ptpdk_hist_init(&h_a);
	ptpdk_hist_record(&h_a, -5);
	ptpdk_hist_record(&h_a, -6);
	ptpdk_hist_record(&h_a, 10);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 50), -1);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 0), -6);
	ptpdk_hist_init(&h_a);
	ptpdk_hist_record(&h_a, -5);
	ptpdk_hist_record(&h_a, -6);
	ptpdk_hist_record(&h_a, -9);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 50), -5);
	ptpdk_hist_init(&h_a);
	ptpdk_hist_record(&h_a, 10);
	ptpdk_hist_record(&h_a, INT64_C(1) << 40);
	ptpdk_hist_record(&h_a, INT64_C(1) << 41);
	CHECK_EQ_INT(ptpdk_hist_percentile(&h_a, 50), INT64_C(1) << 41);
	CHECK_NEAR(ptpdk_hist_mean(&h_a), (10.0 + 0x1p40 + 0x1p41) / 3, 1e-3);
}

/* Welford against a two-pass computation in long double, and the storage limits. */
static void test_welford(void)
{
	struct ptpdk_sample_stats s;
	struct ptpdk_sample_summary sum;
	long double mean = 0, var = 0, sq = 0;
	double mn = INFINITY, mx = -INFINITY, got;
	size_t i, n = N_RANDOM;

	ptpdk_sample_stats_init(&s, ts, xs, n);
	CHECK_EQ_INT(ptpdk_sample_stats_summary(&s, &sum), -ENOENT);
	CHECK_EQ_INT(ptpdk_sample_stats_abs_percentile(&s, 50, scratch, &got), -ENOENT);
	for (i = 0; i < n; i++) {
		/* A large mean against a small spread is where sum-of-squares fails. */
		double x = 1e9 + (double)(int64_t)(check_rand() % 2001) - 1000.0 +
			   (double)(check_rand() % 1000) / 1000.0;

		CHECK_EQ_INT(ptpdk_sample_stats_add(&s, (double)i, x), 0);
		mn = x < mn ? x : mn;
		mx = x > mx ? x : mx;
	}
	for (i = 0; i < n; i++)
		mean += xs[i];
	mean /= n;
	for (i = 0; i < n; i++) {
		var += (xs[i] - mean) * (xs[i] - mean);
		sq += (long double)xs[i] * xs[i];
	}
	var /= n - 1;
	CHECK_EQ_INT(ptpdk_sample_stats_summary(&s, &sum), 0);
	CHECK_EQ_INT(sum.count, n);
	CHECK_NEAR(sum.mean, (double)mean, 1e-6);
	CHECK_NEAR(sum.stddev, sqrtl(var), 1e-6 * sqrtl(var));
	CHECK_NEAR(sum.rms, sqrtl(sq / n), 1e-6);
	CHECK(sum.min == mn && sum.max == mx);

	/* Full: still counted, not stored. Non-finite: refused. */
	CHECK_EQ_INT(ptpdk_sample_stats_add(&s, 0, 5.0), -ENOSPC);
	CHECK_EQ_INT(s.stored, n);
	CHECK_EQ_INT(ptpdk_sample_stats_add(&s, 0, NAN), -EINVAL);
	CHECK_EQ_INT(ptpdk_sample_stats_add(&s, INFINITY, 1), -EINVAL);
	ptpdk_sample_stats_summary(&s, &sum);
	CHECK_EQ_INT(sum.count, n + 1);
	CHECK(sum.min == 5.0);

	/* Running figures only. */
	ptpdk_sample_stats_init(&s, NULL, NULL, 10);
	CHECK_EQ_INT(ptpdk_sample_stats_add(&s, 0, -3), -ENOSPC);
	CHECK_EQ_INT(ptpdk_sample_stats_add(&s, 0, 4), -ENOSPC);
	ptpdk_sample_stats_summary(&s, &sum);
	CHECK(sum.mean == 0.5);
	CHECK_NEAR(sum.stddev, sqrt(24.5), 1e-12);
	CHECK_NEAR(sum.rms, sqrt(12.5), 1e-12);
	ptpdk_sample_stats_init(&s, NULL, NULL, 0);
	ptpdk_sample_stats_add(&s, 0, 7);
	ptpdk_sample_stats_summary(&s, &sum);
	CHECK(sum.stddev == 0.0 && sum.rms == 7.0);
}

static void test_abs_percentile(void)
{
	static const uint64_t ppm[] = { 0, 500000, 990000, 999000, 1000000 };
	struct ptpdk_sample_stats s;
	static double sorted[20001];
	size_t i, n = 20001;
	double got;

	ptpdk_sample_stats_init(&s, NULL, xs, n);
	for (i = 0; i < n; i++) {
		double x = (double)(int64_t)(check_rand() % 100001) - 50000.0;

		ptpdk_sample_stats_add(&s, 0, x);
		sorted[i] = fabs(x);
	}
	qsort(sorted, n, sizeof(sorted[0]), cmp_double);
	for (i = 0; i < sizeof(ppm) / sizeof(ppm[0]); i++) {
		CHECK_EQ_INT(ptpdk_sample_stats_abs_percentile(&s, (double)ppm[i] / 10000.0,
							       scratch, &got),
			     0);
		CHECK(got == sorted[rank_ppm(ppm[i], n) - 1]);
	}
	CHECK_EQ_INT(ptpdk_sample_stats_abs_percentile(&s, NAN, scratch, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_sample_stats_abs_percentile(&s, 50, NULL, &got), -EINVAL);
	/* xs is left in time order. */
	CHECK(fabs(xs[0]) != sorted[0] || fabs(xs[1]) != sorted[1] || fabs(xs[2]) != sorted[2]);
}

/*
 * x = a + b t + r with r repeating +R, -R, -R, +R over equally spaced t: r sums to
 * zero against both 1 and t, so least squares recovers a and b exactly and the
 * residuals are exactly +-R.
 */
static void check_detrend(double t0, double dt, double a, double b, double r, size_t n,
			  bool check_intercept, double tol)
{
	static const double pattern[4] = { 1, -1, -1, 1 };
	struct ptpdk_sample_stats s;
	struct ptpdk_detrend d;
	size_t i;

	ptpdk_sample_stats_init(&s, ts, xs, n);
	for (i = 0; i < n; i++) {
		double t = t0 + dt * (double)i;

		ptpdk_sample_stats_add(&s, t, a + b * t + r * pattern[i % 4]);
	}
	CHECK_EQ_INT(ptpdk_sample_stats_detrend(&s, 99, scratch, &d), 0);
	CHECK_EQ_INT(d.n, n);
	CHECK_NEAR(d.slope_ppb, b, 1e-6);
	if (check_intercept)
		CHECK_NEAR(d.intercept, a, 1e-6);
	CHECK_NEAR(d.residual_stddev, r * sqrt((double)n / (double)(n - 2)), tol);
	CHECK_NEAR(d.residual_abs_pct, r, tol);
	CHECK_NEAR(d.residual_abs_max, r, tol);
}

static void test_detrend(void)
{
	struct ptpdk_sample_stats s;
	struct ptpdk_detrend d;

	check_detrend(0.0, 1.0, 250.0, 37.5, 3.0, 1000, true, 1e-9);
	check_detrend(-20.0, 0.5, -1e4, -123.25, 0.75, 4000, true, 1e-9);
	/* Epoch-second time stamps at 16 Hz: centring keeps the slope precise; x near
	 * 2e10 ns is itself only stored to 4e-6 ns. */
	check_detrend(1700000000.0, 0.0625, 1e4, 12.5, 2.0, 16000, false, 1e-5);
	/* A pure ramp: zero residuals. */
	check_detrend(0.0, 1.0, 5.0, 2.0, 0.0, 100, true, 1e-9);

	ptpdk_sample_stats_init(&s, ts, xs, 10);
	ptpdk_sample_stats_add(&s, 1, 1);
	ptpdk_sample_stats_add(&s, 2, 2);
	CHECK_EQ_INT(ptpdk_sample_stats_detrend(&s, 99, scratch, &d), -ENOENT);
	ptpdk_sample_stats_init(&s, ts, xs, 10);
	ptpdk_sample_stats_add(&s, 1, 1);
	ptpdk_sample_stats_add(&s, 1, 2);
	ptpdk_sample_stats_add(&s, 1, 3);
	CHECK_EQ_INT(ptpdk_sample_stats_detrend(&s, 99, scratch, &d), -EDOM);
	ptpdk_sample_stats_init(&s, NULL, xs, 10);
	ptpdk_sample_stats_add(&s, 1, 1);
	ptpdk_sample_stats_add(&s, 2, 2);
	ptpdk_sample_stats_add(&s, 3, 3);
	CHECK_EQ_INT(ptpdk_sample_stats_detrend(&s, 99, scratch, &d), -EINVAL);
}

int main(void)
{
	check_seed("test_stats");
	test_buckets();
	test_percentiles();
	test_merge();
	test_range();
	test_welford();
	test_abs_percentile();
	test_detrend();
	return check_report("test_stats");
}
