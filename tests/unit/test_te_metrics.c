/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MTIE, TDEV, the first-order low-pass and the G.8273.2 evaluation: against
 * closed forms, and MTIE and TDEV against brute-force evaluations of their
 * definitions on random data.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>

#include "check.h"
#include "ptpdk_g8273.h"
#include "ptpdk_mtie.h"
#include "ptpdk_tdev.h"

#define N_LONG 400000

static double xs[N_LONG], ys[N_LONG];

/*
 * The statistical tests use their own fixed-seed generator (xorshift64*): their
 * tolerances hold for any seed, and a fixed one makes a failure a code change,
 * never a draw. check_rand() (seed printed, replayable) feeds the cross-checks.
 */
static uint64_t fixed_rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t fixed_rand(void)
{
	fixed_rng_state ^= fixed_rng_state >> 12;
	fixed_rng_state ^= fixed_rng_state << 25;
	fixed_rng_state ^= fixed_rng_state >> 27;
	return fixed_rng_state * 0x2545f4914f6cdd1dULL;
}

/* Uniform in (0, 1): never 0, so log() below is safe. */
static double unit_open(uint64_t r)
{
	return ((double)(r >> 11) + 0.5) / 9007199254740992.0;
}

static double fixed_uniform(double lo, double hi)
{
	return lo + (hi - lo) * unit_open(fixed_rand());
}

/* Box-Muller: one standard normal draw. */
static double fixed_gauss(void)
{
	double u1 = unit_open(fixed_rand()), u2 = unit_open(fixed_rand());

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* MTIE straight from its definition: every window, scanned in full. */
static double mtie_brute(const double *x, size_t n, size_t window)
{
	double widest = 0.0;
	size_t start, i;

	for (start = 0; start + window < n; start++) {
		double lo = x[start], hi = x[start];

		for (i = start; i <= start + window; i++) {
			lo = fmin(lo, x[i]);
			hi = fmax(hi, x[i]);
		}
		widest = fmax(widest, hi - lo);
	}
	return widest;
}

/* TDEV straight from the G.810 formula: every inner sum recomputed. */
static double tdev_brute(const double *x, size_t n, size_t m)
{
	double total = 0.0, md = (double)m;
	size_t j, i;

	for (j = 0; j + 3 * m <= n; j++) {
		double block = 0.0;

		for (i = j; i < j + m; i++)
			block += x[i + 2 * m] - 2.0 * x[i + m] + x[i];
		total += block * block;
	}
	return sqrt(total / (6.0 * md * md * (double)(n - 3 * m + 1)));
}

/* Values with many ties (small integers) exercise the deques' equal-value
 * handling; the others are a random walk, whose windows differ. */
static void fill_random(double *x, size_t n)
{
	bool ties = check_rand() % 3 == 0;
	double walk = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		double u = unit_open(check_rand()) - 0.5;

		walk += 10.0 * u;
		x[i] = ties ? (double)(check_rand() % 5) : walk;
	}
}

static void test_cross_check_small(void)
{
	int trial;

	for (trial = 0; trial < 400; trial++) {
		size_t n = 4 + check_rand() % 200;
		size_t window = 1 + check_rand() % (n - 1);
		size_t m = 1 + check_rand() % ((n - 1) / 3);
		double got = -1.0, want;

		fill_random(xs, n);
		CHECK_EQ_INT(ptpdk_mtie(xs, n, window, &got), 0);
		/* Both return a difference of the same two samples: exact. */
		CHECK(got == mtie_brute(xs, n, window));
		want = tdev_brute(xs, n, m);
		CHECK_EQ_INT(ptpdk_tdev(xs, n, m, 1.0, &got), 0);
		CHECK_NEAR(got, want, 1e-9 * want + 1e-12);
		if (check_failures > 10)
			return;
	}
}

/* A long series checks that the sliding TDEV sum does not drift, with an
 * offset far above the noise to make rounding matter. */
static void test_cross_check_long(void)
{
	size_t n = 20000, m = 250, i;
	double got = -1.0, want;

	fill_random(xs, n);
	for (i = 0; i < n; i++)
		xs[i] += 1e6;
	want = tdev_brute(xs, n, m);
	CHECK_EQ_INT(ptpdk_tdev(xs, n, m, 0.0625, &got), 0);
	CHECK_NEAR(got, want, 1e-7 * want);
	CHECK_EQ_INT(ptpdk_mtie(xs, n, 777, &got), 0);
	CHECK(got == mtie_brute(xs, n, 777));
}

/* A ramp a*i moves by exactly a*window across any window. */
static void test_mtie_ramp(void)
{
	static const size_t windows[] = { 1, 7, 100, 999 };
	size_t n = 1000, i, k;
	double a = 0.37, got;

	for (k = 0; k < 2; k++) {
		double slope = k ? -a : a;

		for (i = 0; i < n; i++)
			xs[i] = 5.0 + slope * (double)i;
		for (i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
			CHECK_EQ_INT(ptpdk_mtie(xs, n, windows[i], &got), 0);
			CHECK_NEAR(got, a * (double)windows[i], 1e-9 * a * (double)windows[i]);
		}
	}
}

/*
 * x = A sin(2 pi i / P) with P = 64 samples, so both extremes and both zero
 * crossings fall on samples. Continuous MTIE: 2A once tau >= P/2, else
 * 2A sin(pi tau / P), from the window centred on a zero crossing. Sampled:
 * an even window can be centred on the crossing sample, so the continuous
 * value is exact; an odd one is centred half a sample off at best, and its
 * endpoints differ by 2A sin(pi w / P) cos(pi / P). A window straddling a peak
 * spans at most A (1 - cos(2 pi w / P)) = 2A sin^2(pi w / P), smaller for
 * w <= P/2 - 1, so the crossing windows are the maxima.
 */
static void test_mtie_sine(void)
{
	const double amp = 25.0, period = 64.0;
	size_t n = 1000, i, w;
	double got, want;

	for (i = 0; i < n; i++)
		xs[i] = amp * sin(2.0 * M_PI * (double)i / period);
	for (w = 1; w <= 40; w++) {
		if (w >= 32)
			want = 2.0 * amp;
		else if (w % 2 == 0)
			want = 2.0 * amp * sin(M_PI * (double)w / period);
		else
			want = 2.0 * amp * sin(M_PI * (double)w / period) * cos(M_PI / period);
		CHECK_EQ_INT(ptpdk_mtie(xs, n, w, &got), 0);
		CHECK_NEAR(got, want, 1e-9 * amp);
	}
}

static void test_mtie_invalid(void)
{
	double got = 42.0;

	xs[0] = 1.0;
	xs[1] = 2.0;
	xs[2] = 3.0;
	CHECK_EQ_INT(ptpdk_mtie(NULL, 3, 1, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_mtie(xs, 3, 1, NULL), -EINVAL);
	CHECK_EQ_INT(ptpdk_mtie(xs, 3, 0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_mtie(xs, 3, 3, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_mtie(xs, 3, 10, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_mtie(xs, 0, 1, &got), -EINVAL);
	xs[1] = NAN;
	CHECK_EQ_INT(ptpdk_mtie(xs, 3, 1, &got), -EINVAL);
	xs[1] = INFINITY;
	CHECK_EQ_INT(ptpdk_mtie(xs, 3, 1, &got), -EINVAL);
	CHECK(got == 42.0);
	xs[1] = 2.0;
	CHECK_EQ_INT(ptpdk_mtie(xs, 3, 2, &got), 0);
	CHECK(got == 2.0);
}

/* Second differences cancel a constant and a ramp exactly. */
static void test_tdev_ramp(void)
{
	static const size_t ms[] = { 1, 10, 100, 666 };
	size_t n = 2000, i;
	double got;

	for (i = 0; i < n; i++)
		xs[i] = 3.0 + 0.5 * (double)i;
	for (i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		CHECK_EQ_INT(ptpdk_tdev(xs, n, ms[i], 1.0, &got), 0);
		CHECK_NEAR(got, 0.0, 1e-9);
	}
}

/*
 * x = c t^2, t = i tau0. Every second difference is the same:
 * c tau0^2 ((i+2m)^2 - 2 (i+m)^2 + i^2) = 2 c m^2 tau0^2, so each block of m
 * sums to 2 c m^3 tau0^2 and TDEV^2 = (2 c m^3 tau0^2)^2 / (6 m^2)
 * = (2/3) c^2 (m tau0)^4: TDEV = sqrt(2/3) |c| tau^2, whatever N.
 */
static void test_tdev_quadratic(void)
{
	static const size_t ms[] = { 1, 3, 20, 333 };
	const double c = 0.02, tau0 = 0.25;
	size_t n = 1000, i;
	double got, tau;

	for (i = 0; i < n; i++)
		xs[i] = c * ((double)i * tau0) * ((double)i * tau0);
	for (i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		tau = (double)ms[i] * tau0;
		CHECK_EQ_INT(ptpdk_tdev(xs, n, ms[i], tau0, &got), 0);
		CHECK_NEAR(got, sqrt(2.0 / 3.0) * c * tau * tau, 1e-8 * c * tau * tau);
	}
}

/*
 * White phase noise, variance s^2. A block sum is A1 - 2 A2 + A3 with A1..A3
 * sums of m distinct independent samples: variance (1 + 4 + 1) m s^2, so
 * E[TDEV^2] = 6 m s^2 / (6 m^2) = s^2 / m.
 *
 * Tolerance: the estimate averages J = N - 3m + 1 squared Gaussian block sums
 * S_j. Var(S_j^2) = 2 Var(S)^2, and S_j, S_k share samples only for
 * |j - k| < 3m, so at most 6m - 1 pairs per j covary, each by at most
 * 2 Var(S)^2. The relative standard deviation of TDEV^2 is then at most
 * sqrt(2 (6m - 1) / J), that of TDEV half of it; we allow 5 of those.
 */
static void test_tdev_white_noise(void)
{
	static const size_t ms[] = { 1, 4, 16, 64 };
	const double sigma = 3.0;
	size_t n = N_LONG, i;
	double got, want, rel_sd;

	for (i = 0; i < n; i++)
		xs[i] = 100.0 + sigma * fixed_gauss();
	for (i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		double m = (double)ms[i], terms = (double)(n - 3 * ms[i] + 1);

		want = sigma / sqrt(m);
		rel_sd = 0.5 * sqrt(2.0 * (6.0 * m - 1.0) / terms);
		CHECK_EQ_INT(ptpdk_tdev(xs, n, ms[i], 1.0, &got), 0);
		CHECK_NEAR(got, want, 5.0 * rel_sd * want);
	}
}

/*
 * x = A sin(w i), w = 2 pi / P (P in samples). With
 * sin(a + 2b) + sin(a) = 2 sin(a + b) cos(b), each second difference is
 * -4 A sin^2(w m / 2) sin(w (i + m)), and summing m consecutive sines gives
 * sin(m w / 2) / sin(w / 2) times a sine of the block's middle phase. The
 * squared block sums then average A^2 sin^6(m w / 2) / sin^2(w / 2) * 16 / 2,
 * exactly when the J = N - 3m + 1 terms span whole half-periods (then the
 * cos(2 phase) parts cancel), so
 *     TDEV = (2 / sqrt 3) A |sin(m w / 2)|^3 / (m |sin(w / 2)|),
 * tending to (2 / sqrt 3) A sin^3(pi tau / P_s) / (pi tau / P_s) as tau0 -> 0.
 */
static void test_tdev_sine(void)
{
	static const size_t ms[] = { 1, 5, 10, 25, 50, 75, 100 };
	const double amp = 10.0, period = 100.0, w = 2.0 * M_PI / period;
	size_t i, k;
	double got, want;

	for (k = 0; k < sizeof(ms) / sizeof(ms[0]); k++) {
		size_t m = ms[k], n = 3 * m - 1 + 4 * (size_t)period;
		double half = sin((double)m * w / 2.0);

		for (i = 0; i < n; i++)
			xs[i] = amp * sin(w * (double)i);
		want = 2.0 / sqrt(3.0) * amp * fabs(half * half * half) /
		       ((double)m * sin(w / 2.0));
		CHECK_EQ_INT(ptpdk_tdev(xs, n, m, 0.1, &got), 0);
		CHECK_NEAR(got, want, 1e-9 * amp);
	}
}

static void test_tdev_invalid(void)
{
	double got = 42.0;
	size_t i;

	for (i = 0; i < 10; i++)
		xs[i] = (double)(i * i);
	CHECK_EQ_INT(ptpdk_tdev(NULL, 10, 3, 1.0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 3, 1.0, NULL), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 0, 1.0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 9, 3, 1.0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 0, 1, 1.0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, SIZE_MAX, 1.0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 3, 0.0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 3, -1.0, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 3, NAN, &got), -EINVAL);
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 3, INFINITY, &got), -EINVAL);
	xs[4] = NAN;
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 3, 1.0, &got), -EINVAL);
	CHECK(got == 42.0);
	xs[4] = 16.0;
	/* 3m + 1 = 10 samples: exactly one term, for x = i^2 sqrt(2/3) m^2. */
	CHECK_EQ_INT(ptpdk_tdev(xs, 10, 3, 1.0, &got), 0);
	CHECK_NEAR(got, sqrt(2.0 / 3.0) * 9.0, 1e-12);
}

static void test_lowpass_constant(void)
{
	size_t n = 1000, i;
	bool same = true;

	for (i = 0; i < n; i++)
		xs[i] = 7.25e3;
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, n, 0.0625, 0.1, ys), 0);
	for (i = 0; i < n; i++)
		same = same && ys[i] == 7.25e3;
	CHECK(same);
}

/* The step response at the sample times is exactly 1 - exp(-t / T). */
static void test_lowpass_step(void)
{
	const double fc = 0.1, time_constant = 1.0 / (2.0 * M_PI * fc);
	double tau0 = time_constant / 100.0;
	size_t n = 1000, i, crossing;

	xs[0] = 0.0;
	for (i = 1; i < n; i++)
		xs[i] = 1.0;
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, n, tau0, fc, ys), 0);
	CHECK_NEAR(ys[100], 1.0 - exp(-1.0), 1e-12);
	for (i = 0; i < n; i++)
		CHECK_NEAR(ys[i], 1.0 - exp(-(double)i / 100.0), 1e-12);

	/* A spacing that does not divide T: the crossing of 1 - 1/e lies within a
	 * sample of T. */
	tau0 = 0.0625;
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, n, tau0, fc, ys), 0);
	for (crossing = 0; crossing < n && ys[crossing] < 1.0 - exp(-1.0); crossing++)
		;
	CHECK_NEAR((double)crossing * tau0, time_constant, tau0);
}

/* Amplitude of a unit sine at f after the filter, once the start-up transient
 * (which decays as exp(-t / T), T = 1.6 s) is gone: the last third of the run. */
static double lowpass_sine_gain(double f_hz, double tau0, size_t n)
{
	double peak = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		xs[i] = sin(2.0 * M_PI * f_hz * (double)i * tau0);
	if (ptpdk_g8273_lowpass(xs, n, tau0, 0.1, xs) < 0)
		return NAN;
	for (i = 2 * n / 3; i < n; i++)
		peak = fmax(peak, fabs(xs[i]));
	return peak;
}

/*
 * The first-order factor 1 / sqrt(1 + (f / fc)^2). The discrete filter's gain
 * is 1 / sqrt(1 + sin^2(pi f tau0) / sinh^2(pi fc tau0)): (f / fc)^2 to a
 * relative ((pi f tau0)^2 + (pi fc tau0)^2) / 3, 3.3e-6 for 1 Hz at 1 ms. The
 * sampled peak misses the true one by at most 1 - cos(pi f tau0) < 5e-6.
 * Together below 1e-5; we allow 1e-4.
 */
static void test_lowpass_sines(void)
{
	double slow = lowpass_sine_gain(0.001, 0.1, 30000);
	double fast = lowpass_sine_gain(1.0, 0.001, 40000);
	double slow_want = 1.0 / sqrt(1.0 + 0.01 * 0.01), fast_want = 1.0 / sqrt(1.0 + 10.0 * 10.0);

	CHECK_NEAR(slow, slow_want, 1e-4 * slow_want);
	CHECK_NEAR(fast, fast_want, 1e-4 * fast_want);
}

static void test_lowpass_in_place(void)
{
	size_t n = 5000, i;
	bool same = true;

	for (i = 0; i < n; i++)
		xs[i] = fixed_gauss();
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, n, 0.0625, 0.1, ys), 0);
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, n, 0.0625, 0.1, xs), 0);
	for (i = 0; i < n; i++)
		same = same && xs[i] == ys[i];
	CHECK(same);
}

static void test_lowpass_invalid(void)
{
	xs[0] = 1.0;
	xs[1] = 2.0;
	ys[0] = ys[1] = 42.0;
	CHECK_EQ_INT(ptpdk_g8273_lowpass(NULL, 2, 1.0, 0.1, ys), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, 2, 1.0, 0.1, NULL), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, 0, 1.0, 0.1, ys), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, 2, 0.0, 0.1, ys), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, 2, NAN, 0.1, ys), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, 2, 1.0, -0.1, ys), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, 2, 1.0, INFINITY, ys), -EINVAL);
	xs[1] = NAN;
	CHECK_EQ_INT(ptpdk_g8273_lowpass(xs, 2, 1.0, 0.1, ys), -EINVAL);
	CHECK(ys[0] == 42.0 && ys[1] == 42.0);
}

static void check_limits(enum ptpdk_g8273_class c, double te, double cte, double mtie, double tdev)
{
	const struct ptpdk_g8273_limits *lim = ptpdk_g8273_limits(c);

	CHECK(lim != NULL);
	if (!lim)
		return;
	CHECK(lim->max_abs_te_ns == te);
	CHECK(isnan(cte) ? isnan(lim->cte_ns) : lim->cte_ns == cte);
	CHECK(isnan(mtie) ? isnan(lim->mtie_ns) : lim->mtie_ns == mtie);
	CHECK(isnan(tdev) ? isnan(lim->tdev_ns) : lim->tdev_ns == tdev);
}

static void test_g8273_table(void)
{
	check_limits(PTPDK_G8273_A, 100, 50, 40, 4);
	check_limits(PTPDK_G8273_B, 70, 20, 40, 4);
	check_limits(PTPDK_G8273_C, 30, 10, 10, 2);
	check_limits(PTPDK_G8273_D, 5, NAN, NAN, NAN);
	CHECK(ptpdk_g8273_limits(PTPDK_G8273_CLASS_COUNT) == NULL);
	CHECK(ptpdk_g8273_limits((enum ptpdk_g8273_class) - 1) == NULL);
	CHECK(strcmp(ptpdk_g8273_class_name(PTPDK_G8273_A), "A") == 0);
	CHECK(strcmp(ptpdk_g8273_class_name(PTPDK_G8273_B), "B") == 0);
	CHECK(strcmp(ptpdk_g8273_class_name(PTPDK_G8273_C), "C") == 0);
	CHECK(strcmp(ptpdk_g8273_class_name(PTPDK_G8273_D), "D") == 0);
	CHECK(strcmp(ptpdk_g8273_class_name(PTPDK_G8273_CLASS_COUNT), "invalid") == 0);
	CHECK(strcmp(ptpdk_g8273_class_name((enum ptpdk_g8273_class) - 1), "invalid") == 0);
}

static void test_g8273_taus(void)
{
	static const double every[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
	static const double even[] = { 2, 10, 20, 50, 100, 200, 500, 1000 };
	double taus[PTPDK_G8273_MAX_TAUS];
	size_t got, i;

	got = ptpdk_g8273_taus(0.0625, 16001, taus, PTPDK_G8273_MAX_TAUS);
	CHECK_EQ_INT(got, 10);
	for (i = 0; i < got && i < 10; i++)
		CHECK(taus[i] == every[i]);
	/* 1000 s needs a window of 16000 < n samples. */
	CHECK_EQ_INT(ptpdk_g8273_taus(0.0625, 16000, taus, PTPDK_G8273_MAX_TAUS), 9);
	/* 0.1 is not exact in binary; its multiples still count. */
	CHECK_EQ_INT(ptpdk_g8273_taus(0.1, 10001, taus, PTPDK_G8273_MAX_TAUS), 10);
	got = ptpdk_g8273_taus(2.0, 1000, taus, PTPDK_G8273_MAX_TAUS);
	CHECK_EQ_INT(got, 8);
	for (i = 0; i < got && i < 8; i++)
		CHECK(taus[i] == even[i]);
	CHECK_EQ_INT(ptpdk_g8273_taus(0.3, 100000, taus, PTPDK_G8273_MAX_TAUS), 0);
	CHECK_EQ_INT(ptpdk_g8273_taus(0.0625, 16001, taus, 3), 3);
	CHECK(taus[2] == 5.0);
	CHECK_EQ_INT(ptpdk_g8273_taus(0.0625, 16001, NULL, 3), 0);
	CHECK_EQ_INT(ptpdk_g8273_taus(0.0, 16001, taus, 3), 0);
	CHECK_EQ_INT(ptpdk_g8273_taus(NAN, 16001, taus, 3), 0);
}

/* 1000 s at 16 samples per second, the G.8273.2 measurement length. */
#define TAU0	0.0625
#define N_1000S 16001

static void fill_offset_noise(double offset, double noise)
{
	size_t i;

	for (i = 0; i < N_1000S; i++)
		xs[i] = offset + fixed_uniform(-noise, noise);
}

static void test_g8273_constant(void)
{
	struct ptpdk_g8273_report r;
	size_t i;

	fill_offset_noise(5.0, 0.1);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, N_1000S, TAU0, &r), 0);
	CHECK(r.meets[PTPDK_G8273_A] && r.meets[PTPDK_G8273_B] && r.meets[PTPDK_G8273_C]);
	CHECK_NEAR(r.cte_ns, 5.0, 0.01);
	CHECK(r.max_abs_te_ns <= 5.1 && r.max_abs_te_l_ns <= 5.1);
	CHECK(r.mtie_max_ns < 0.2 && r.tdev_max_ns < 0.1);
	/* Every tau of the series; TDEV at 500 s and 1000 s needs 3m + 1 > n. */
	CHECK_EQ_INT(r.n_taus, 10);
	for (i = 0; i < r.n_taus; i++)
		CHECK(isnan(r.tdev_ns[i]) == (r.tau_s[i] >= 500.0));

	/* 15 ns breaks class C's 10 ns cTE, nothing else. */
	fill_offset_noise(15.0, 0.1);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, N_1000S, TAU0, &r), 0);
	CHECK(!r.meets[PTPDK_G8273_C]);
	CHECK(r.meets[PTPDK_G8273_B] && r.meets[PTPDK_G8273_A]);
	CHECK(r.cte_ns > 10.0 && r.max_abs_te_ns <= 30.0 && r.mtie_max_ns <= 10.0 &&
	      r.tdev_max_ns <= 2.0);
}

/* A 25 ns, 100 s sine sits within class C's max|TE| and cTE, but its swing,
 * barely reduced by the 0.1 Hz filter, breaks the 10 ns MTIE mask. */
static void test_g8273_slow_sine(void)
{
	struct ptpdk_g8273_report r;
	size_t i;

	for (i = 0; i < N_1000S; i++)
		xs[i] = 25.0 * sin(2.0 * M_PI * (double)i * TAU0 / 100.0);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, N_1000S, TAU0, &r), 0);
	CHECK(!r.meets[PTPDK_G8273_C]);
	CHECK(r.max_abs_te_ns <= 30.0 && fabs(r.cte_ns) <= 10.0);
	CHECK(r.mtie_max_ns > 10.0);
	/* 2A times the filter's 1 / sqrt(1 + 0.1^2) at 0.01 Hz. */
	CHECK_NEAR(r.mtie_max_ns, 50.0 / sqrt(1.01), 0.05);
}

/* Class D bounds the low-passed TE: 4 ns with +-1.5 ns of white noise peaks
 * above 5 ns, but the 0.1 Hz filter leaves about 0.1 ns RMS of the noise. */
static void test_g8273_class_d(void)
{
	struct ptpdk_g8273_report r;

	fill_offset_noise(4.0, 1.5);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, N_1000S, TAU0, &r), 0);
	CHECK(r.max_abs_te_ns > 5.0);
	CHECK(r.max_abs_te_l_ns <= 5.0);
	CHECK(r.meets[PTPDK_G8273_D]);

	fill_offset_noise(5.5, 0.1);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, N_1000S, TAU0, &r), 0);
	CHECK(!r.meets[PTPDK_G8273_D] && r.meets[PTPDK_G8273_C]);
}

/* With no tau of the series reachable, only max|TE| and cTE are judged. */
static void test_g8273_no_taus(void)
{
	struct ptpdk_g8273_report r;

	fill_offset_noise(5.0, 0.1);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 1000, 0.3, &r), 0);
	CHECK_EQ_INT(r.n_taus, 0);
	CHECK(isnan(r.mtie_max_ns) && isnan(r.tdev_max_ns));
	CHECK(r.meets[PTPDK_G8273_C]);
}

static void test_g8273_invalid(void)
{
	struct ptpdk_g8273_report r;

	r.n_taus = 12345;
	xs[0] = xs[1] = xs[2] = 1.0;
	CHECK_EQ_INT(ptpdk_g8273_evaluate(NULL, 3, 1.0, &r), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 3, 1.0, NULL), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 2, 1.0, &r), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 3, 0.0, &r), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 3, -1.0, &r), -EINVAL);
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 3, NAN, &r), -EINVAL);
	xs[2] = NAN;
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 3, 1.0, &r), -EINVAL);
	xs[2] = -INFINITY;
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 3, 1.0, &r), -EINVAL);
	CHECK_EQ_INT(r.n_taus, 12345);
	xs[2] = 1.0;
	CHECK_EQ_INT(ptpdk_g8273_evaluate(xs, 3, 1.0, &r), 0);
	CHECK_EQ_INT(r.n_taus, 2);
}

int main(void)
{
	check_seed("test_te_metrics");
	test_cross_check_small();
	test_cross_check_long();
	test_mtie_ramp();
	test_mtie_sine();
	test_mtie_invalid();
	test_tdev_ramp();
	test_tdev_quadratic();
	test_tdev_white_noise();
	test_tdev_sine();
	test_tdev_invalid();
	test_lowpass_constant();
	test_lowpass_step();
	test_lowpass_sines();
	test_lowpass_in_place();
	test_lowpass_invalid();
	test_g8273_table();
	test_g8273_taus();
	test_g8273_constant();
	test_g8273_slow_sine();
	test_g8273_class_d();
	test_g8273_no_taus();
	test_g8273_invalid();
	return check_report("test_te_metrics");
}
