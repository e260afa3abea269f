/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel PHC clock (ptpdk_clock_phc.h) against a fake PHC behind its ops table:
 * no /dev/ptp* is opened and no host clock is adjusted. The fake's time advances with
 * a fake monotonic counter at the rate the ADJ_FREQUENCY calls set, ADJ_SETOFFSET
 * moves it, and it checks its arguments as the kernel does (clockid, tv_usec range
 * with ADJ_NANO, max_adj with the kernel's own arithmetic).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/ptp_clock.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ptpdk_clock.h"
#include "ptpdk_clock_phc.h"
#include "ptpdk_phc_xts.h"

#include "check.h"

#define NS	 1000000000LL
#define FAKE_FD	 42
#define START_NS (1700000000LL * NS) /* 2023-11, a realistic PHC time (TAI) */

static struct fake_phc {
	/* behaviour */
	int open_errno, caps_errno, gettime_errno, settime_errno, adjtime_errno;
	int ext_errno, basic_errno;
	int max_adj;
	int64_t tick_ns; /* the fake monotonic counter's advance per clock call */
	/* state */
	int64_t mono_ns;
	int64_t base_phc_ns; /* PHC time at base_mono_ns (integers: a double cannot hold ns) */
	int64_t base_mono_ns;
	long freq; /* scaled ppm in force */
	/* observations */
	char opened_path[64];
	int opens, closes, adjtimes;
	struct timex last_tx;
} F;

static void fake_reset(int max_adj)
{
	memset(&F, 0, sizeof(F));
	F.max_adj = max_adj;
	F.tick_ns = 1000;
	F.base_phc_ns = START_NS;
}

/* Elapsed monotonic ns x (1 + freq / 65.536e9), in integers (seconds of elapsed time
 * x 3.3e7 units at most stay far inside 64 bits). */
static int64_t fake_now(void)
{
	int64_t elapsed = F.mono_ns - F.base_mono_ns;

	return F.base_phc_ns + elapsed + elapsed * F.freq / 65536000000LL;
}

/* Start a new segment at the current monotonic time (before a rate or phase change). */
static void fake_rebase(void)
{
	F.base_phc_ns = fake_now();
	F.base_mono_ns = F.mono_ns;
}

static bool fake_id_ok(clockid_t id)
{
	if (id == ptpdk_phc_clockid(FAKE_FD))
		return true;
	errno = EINVAL;
	return false;
}

static int fake_open(const char *path, int flags)
{
	F.opens++;
	snprintf(F.opened_path, sizeof(F.opened_path), "%s", path);
	if (F.open_errno) {
		errno = F.open_errno;
		return -1;
	}
	CHECK((flags & O_ACCMODE) == O_RDWR);
	return FAKE_FD;
}

static int fake_close(int fd)
{
	CHECK_EQ_INT(fd, FAKE_FD);
	F.closes++;
	return 0;
}

static int fake_gettime(clockid_t id, struct timespec *ts)
{
	int64_t now;

	if (!fake_id_ok(id))
		return -1;
	if (F.gettime_errno) {
		errno = F.gettime_errno;
		return -1;
	}
	F.mono_ns += F.tick_ns;
	now = fake_now();
	ts->tv_sec = (time_t)(now / NS);
	ts->tv_nsec = (long)(now % NS);
	return 0;
}

static int fake_settime(clockid_t id, const struct timespec *ts)
{
	if (!fake_id_ok(id))
		return -1;
	if (F.settime_errno) {
		errno = F.settime_errno;
		return -1;
	}
	F.base_mono_ns = F.mono_ns;
	F.base_phc_ns = (int64_t)ts->tv_sec * NS + ts->tv_nsec;
	return 0;
}

/* The kernel's scaled-ppm to ppb: multiply by 125, arithmetic shift right by 13. */
static long long kernel_ppb(long scaled)
{
	long long v = (long long)scaled * 125;

	return v >= 0 ? v >> 13 : -((-v + 8191) >> 13); /* floor, without relying on >> of < 0 */
}

static int fake_adjtime(clockid_t id, struct timex *tx)
{
	if (!fake_id_ok(id))
		return -1;
	F.adjtimes++;
	F.last_tx = *tx;
	if (F.adjtime_errno) {
		errno = F.adjtime_errno;
		return -1;
	}
	if (tx->modes & ADJ_SETOFFSET) {
		if (!(tx->modes & ADJ_NANO) || tx->time.tv_usec < 0 || tx->time.tv_usec >= NS) {
			errno = EINVAL;
			return -1;
		}
		fake_rebase();
		F.base_phc_ns += (int64_t)tx->time.tv_sec * NS + tx->time.tv_usec;
	} else if (tx->modes & ADJ_FREQUENCY) {
		long long ppb = kernel_ppb(tx->freq);

		if (ppb > F.max_adj || ppb < -F.max_adj) {
			errno = ERANGE;
			return -1;
		}
		fake_rebase();
		F.freq = tx->freq;
	} else if (tx->modes == 0) {
		tx->freq = F.freq;
	}
	return 0; /* TIME_OK */
}

/* Samples whose bracket widths are 500, 200, 300 ns (200 is the one to keep). */
static const int64_t widths[] = { 500, 200, 300 };

static void put(struct ptp_clock_time *t, int64_t ns)
{
	t->sec = ns / NS;
	t->nsec = (uint32_t)(ns % NS);
}

static int fake_ioctl(int fd, unsigned long request, void *arg)
{
	CHECK_EQ_INT(fd, FAKE_FD);
	if (request == PTP_CLOCK_GETCAPS) {
		if (F.caps_errno) {
			errno = F.caps_errno;
			return -1;
		}
		memset(arg, 0, sizeof(struct ptp_clock_caps));
		((struct ptp_clock_caps *)arg)->max_adj = F.max_adj;
		return 0;
	}
	if (request == PTP_SYS_OFFSET_EXTENDED) {
		struct ptp_sys_offset_extended *x = arg;

		if (F.ext_errno) {
			errno = F.ext_errno;
			return -1;
		}
		CHECK(x->n_samples >= 3);
		for (unsigned i = 0; i < 3; i++) {
			int64_t sys = 1000 * NS + (int64_t)i * 10000;

			put(&x->ts[i][0], sys);
			put(&x->ts[i][1], START_NS + (int64_t)i * 10000 + 7);
			put(&x->ts[i][2], sys + widths[i]);
		}
		x->n_samples = 3;
		return 0;
	}
	if (request == PTP_SYS_OFFSET) {
		struct ptp_sys_offset *b = arg;

		if (F.basic_errno) {
			errno = F.basic_errno;
			return -1;
		}
		/* system readings 0, 400, 500, 1100: brackets 400, 100, 600 */
		put(&b->ts[0], 0);
		put(&b->ts[1], 111);
		put(&b->ts[2], 400);
		put(&b->ts[3], 222);
		put(&b->ts[4], 500);
		put(&b->ts[5], 333);
		put(&b->ts[6], 1100);
		b->n_samples = 3;
		return 0;
	}
	errno = ENOTTY;
	return -1;
}

static const struct ptpdk_phc_ops fake_ops = {
	.open = fake_open,
	.close = fake_close,
	.clock_gettime = fake_gettime,
	.clock_settime = fake_settime,
	.clock_adjtime = fake_adjtime,
	.ioctl = fake_ioctl,
};

static struct ptpdk_clock *fake_clock(int max_adj)
{
	fake_reset(max_adj);
	return ptpdk_clock_phc_create("/dev/ptp7", &fake_ops);
}

static void test_pure_conversions(void)
{
	struct timeval tv;
	int c = -1;

	/* 1 ppm = 65536 units, both signs; sub-ppb rounds to nearest. */
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(1000, 500000, &c), 65536);
	CHECK_EQ_INT(c, 0);
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(-1000, 500000, &c), -65536);
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(1.5, 500000, NULL), 98);     /* 98.304 */
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(-1.5, 500000, NULL), -98);   /* -98.304 */
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(-12.5, 500000, NULL), -819); /* -819.2 */
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(0, 500000, &c), 0);
	CHECK_NEAR(ptpdk_phc_ppb_of_scaled(65536), 1000.0, 1e-9);
	CHECK_NEAR(ptpdk_phc_ppb_of_scaled(-98), -1.495361328125, 1e-12);
	/* Clamping, both signs, to what the kernel accepts for max_adj. */
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(600000, 500000, &c), 32768000);
	CHECK_EQ_INT(c, 1);
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(-600000, 500000, &c), -32768000);
	CHECK_EQ_INT(c, 1);
	/* 12345 ppb is 809041.92 units: the negative limit must not round to -809042,
	 * which the kernel reads as -12346 ppb and refuses. */
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(-12345, 12345, &c), -809041);
	CHECK_EQ_INT(kernel_ppb(-809041), -12345);
	CHECK_EQ_INT(kernel_ppb(-809042), -12346);
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(12345, 12345, NULL), 809041);
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(NAN, 12345, &c), 0);
	CHECK_EQ_INT(c, 1);
	CHECK_EQ_INT(ptpdk_phc_scaled_ppm(5, 0, &c), 0);
	CHECK_EQ_INT(c, 1);

	/* ADJ_SETOFFSET | ADJ_NANO: tv_usec holds ns in [0, 1e9), sign in tv_sec. */
	ptpdk_phc_offset_timeval(-1500000000LL, &tv);
	CHECK_EQ_INT(tv.tv_sec, -2);
	CHECK_EQ_INT(tv.tv_usec, 500000000);
	ptpdk_phc_offset_timeval(1500000000LL, &tv);
	CHECK_EQ_INT(tv.tv_sec, 1);
	CHECK_EQ_INT(tv.tv_usec, 500000000);
	ptpdk_phc_offset_timeval(-1, &tv);
	CHECK_EQ_INT(tv.tv_sec, -1);
	CHECK_EQ_INT(tv.tv_usec, 999999999);
	ptpdk_phc_offset_timeval(-2 * NS, &tv);
	CHECK_EQ_INT(tv.tv_sec, -2);
	CHECK_EQ_INT(tv.tv_usec, 0);
	ptpdk_phc_offset_timeval(0, &tv);
	CHECK_EQ_INT(tv.tv_sec, 0);
	CHECK_EQ_INT(tv.tv_usec, 0);
	CHECK_EQ_INT(ptpdk_phc_clockid(3), (clockid_t)((~3u << 3) | 3u));
	CHECK(ptpdk_phc_clockid(3) < 0);
}

static int64_t now_ns(struct ptpdk_clock *clk)
{
	struct ptpdk_tmv t;

	CHECK_EQ_INT(ptpdk_clock_gettime(clk, &t), 0);
	return t.ns;
}

static void test_create_and_read(void)
{
	struct ptpdk_clock *clk = fake_clock(500000);
	struct ptpdk_tmv t;
	double ppb = -1;

	CHECK(clk != NULL);
	if (!clk)
		return;
	CHECK(strcmp(F.opened_path, "/dev/ptp7") == 0);
	CHECK(strcmp(ptpdk_clock_name(clk), "phc:ptp7") == 0);
	CHECK_NEAR(ptpdk_clock_max_freq(clk), 500000, 0);
	CHECK_EQ_INT(ptpdk_clock_phc_fd(clk), FAKE_FD);
	/* Created at frequency 0, set in the hardware. */
	CHECK_EQ_INT(F.last_tx.modes, ADJ_FREQUENCY);
	CHECK_EQ_INT(F.freq, 0);
	CHECK_EQ_INT(ptpdk_clock_get_freq(clk, &ppb), 0);
	CHECK_NEAR(ppb, 0, 0);
	CHECK_NEAR((double)now_ns(clk), (double)START_NS, 1e5);
	/* Stamps are PHC ns: identity. Software stamps are not this clock's. */
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_NIC_NS, 123456789ULL, &t), 0);
	CHECK_EQ_INT(t.ns, 123456789);
	CHECK_EQ_INT(t.frac, 0);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_TSC, 1, &t), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_NIC_NS, UINT64_MAX, &t), -ERANGE);
	/* settime, and a negative time refused before any call. */
	t = ptpdk_tmv_from_ns(5 * NS + 25);
	CHECK_EQ_INT(ptpdk_clock_settime(clk, &t), 0);
	CHECK_NEAR((double)now_ns(clk), (double)(5 * NS + 25), 2000);
	t = ptpdk_tmv_from_ns(-1);
	CHECK_EQ_INT(ptpdk_clock_settime(clk, &t), -ERANGE);
	ptpdk_clock_destroy(clk);
	CHECK_EQ_INT(F.closes, 1);
	CHECK_EQ_INT(ptpdk_clock_phc_fd(NULL), -1);

	fake_reset(1000);
	clk = ptpdk_clock_phc_create_index(3, &fake_ops);
	CHECK(clk != NULL && strcmp(F.opened_path, "/dev/ptp3") == 0);
	ptpdk_clock_destroy(clk);
	errno = 0;
	CHECK(ptpdk_clock_phc_create_index(-1, &fake_ops) == NULL && errno == EINVAL);
}

/* The fake obeys the calls: its rate follows ADJ_FREQUENCY, its phase ADJ_SETOFFSET. */
static void test_discipline(void)
{
	struct ptpdk_clock *clk = fake_clock(500000);
	int64_t t0, t1;
	double ppb;

	if (!clk) {
		CHECK(clk != NULL);
		return;
	}
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 100000), 0); /* +100 ppm */
	CHECK_EQ_INT(F.last_tx.freq, 6553600);
	CHECK_EQ_INT(ptpdk_clock_get_freq(clk, &ppb), 0);
	CHECK_NEAR(ppb, 100000, 1e-9);
	t0 = now_ns(clk);
	F.mono_ns += NS - F.tick_ns; /* one second of monotonic time in all */
	t1 = now_ns(clk);
	CHECK_NEAR((double)(t1 - t0), 1e9 + 1e5, 2);

	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, -250.25), 0);
	CHECK_EQ_INT(F.last_tx.freq, -16400); /* -16400.384 */
	CHECK_EQ_INT(ptpdk_clock_get_freq(clk, &ppb), 0);
	CHECK_NEAR(ppb, -16400 / 65.536, 1e-9); /* what the kernel took */

	/* Clamped to max_adj, and the kernel (the fake) accepts the value. */
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 900000), PTPDK_CLOCK_CLAMPED);
	CHECK_EQ_INT(F.freq, 32768000);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, -900000), PTPDK_CLOCK_CLAMPED);
	CHECK_EQ_INT(F.freq, -32768000);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 0), 0);

	/* A negative step of 1.5 s: normalised for the kernel, applied by the fake. */
	t0 = now_ns(clk);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(clk, -1500000000LL), 0);
	CHECK_EQ_INT(F.last_tx.modes, ADJ_SETOFFSET | ADJ_NANO);
	CHECK_EQ_INT(F.last_tx.time.tv_sec, -2);
	CHECK_EQ_INT(F.last_tx.time.tv_usec, 500000000);
	t1 = now_ns(clk);
	CHECK_NEAR((double)(t1 - t0), -1.5e9 + (double)F.tick_ns, 2);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(clk, 250), 0);
	CHECK_EQ_INT(F.last_tx.time.tv_sec, 0);
	CHECK_EQ_INT(F.last_tx.time.tv_usec, 250);
	ptpdk_clock_destroy(clk);

	/* A PHC stating max_adj 0 has no usable frequency control: every request saturates. */
	clk = fake_clock(0);
	CHECK(clk != NULL);
	CHECK_NEAR(ptpdk_clock_max_freq(clk), 0, 0);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 10), PTPDK_CLOCK_CLAMPED);
	CHECK_EQ_INT(F.freq, 0);
	ptpdk_clock_destroy(clk);
}

static void expect_create_fails(int err, int closes)
{
	struct ptpdk_clock *clk;

	errno = 0;
	clk = ptpdk_clock_phc_create("/dev/ptp0", &fake_ops);
	CHECK(clk == NULL);
	CHECK_EQ_INT(errno, err);
	CHECK_EQ_INT(F.closes, closes);
	ptpdk_clock_destroy(clk);
}

static void test_errors(void)
{
	struct ptpdk_phc_ops partial = fake_ops;
	struct ptpdk_clock *clk;
	struct ptpdk_tmv t;
	double ppb;
	int64_t before;

	fake_reset(1000);
	F.open_errno = ENOENT;
	expect_create_fails(ENOENT, 0); /* nothing to close */
	fake_reset(1000);
	F.open_errno = EACCES;
	expect_create_fails(EACCES, 0);
	fake_reset(1000);
	F.caps_errno = ENOTTY; /* not a PHC */
	expect_create_fails(ENOTTY, 1);
	fake_reset(1000);
	F.gettime_errno = EIO;
	expect_create_fails(EIO, 1);
	fake_reset(1000);
	F.adjtime_errno = EPERM; /* opened, but adjtime refused */
	expect_create_fails(EPERM, 1);
	partial.clock_adjtime = NULL;
	errno = 0;
	CHECK(ptpdk_clock_phc_create("/dev/ptp0", &partial) == NULL && errno == EINVAL);
	CHECK(ptpdk_clock_phc_create(NULL, &fake_ops) == NULL && errno == EINVAL);

	/* A failing clock_adjtime: negative errno, and the clock's state untouched. */
	clk = fake_clock(500000);
	if (!clk) {
		CHECK(clk != NULL);
		return;
	}
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 1000), 0);
	F.adjtime_errno = EBUSY;
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 2000), -EBUSY);
	CHECK_EQ_INT(ptpdk_clock_get_freq(clk, &ppb), 0);
	CHECK_NEAR(ppb, 1000, 1e-9);
	CHECK_EQ_INT(F.freq, 65536);
	before = now_ns(clk);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(clk, 5 * NS), -EBUSY);
	CHECK_NEAR((double)(now_ns(clk) - before), (double)F.tick_ns, 2);
	F.adjtime_errno = 0;
	F.gettime_errno = ENODEV; /* the NIC went away */
	CHECK_EQ_INT(ptpdk_clock_gettime(clk, &t), -ENODEV);
	F.gettime_errno = 0;
	F.settime_errno = EPERM;
	t = ptpdk_tmv_from_ns(NS);
	CHECK_EQ_INT(ptpdk_clock_settime(clk, &t), -EPERM);
	ptpdk_clock_destroy(clk);
}

static void test_xts(void)
{
	struct ptpdk_clock *clk = fake_clock(1000);
	struct ptpdk_phc_xts x;

	if (!clk) {
		CHECK(clk != NULL);
		return;
	}
	/* The narrowest of the extended samples: the second, 200 ns wide. */
	CHECK_EQ_INT(ptpdk_phc_xts_sample(clk, 0, &x), 0);
	CHECK(x.extended);
	CHECK_EQ_INT(x.valid, 3);
	CHECK_EQ_INT(x.width_ns, 200);
	CHECK_EQ_INT(x.sys_ns, 1000 * NS + 10000 + 100);
	CHECK_EQ_INT(x.phc_ns, START_NS + 10000 + 7);
	/* A driver without the extended ioctl: interleaved samples, middle one 100 ns. */
	F.ext_errno = EOPNOTSUPP;
	CHECK_EQ_INT(ptpdk_phc_xts_sample(clk, 5, &x), 0);
	CHECK(!x.extended);
	CHECK_EQ_INT(x.width_ns, 100);
	CHECK_EQ_INT(x.sys_ns, 450);
	CHECK_EQ_INT(x.phc_ns, 222);
	F.basic_errno = EIO;
	CHECK_EQ_INT(ptpdk_phc_xts_sample(clk, 5, &x), -EIO);
	F.ext_errno = EFAULT; /* any other error is reported, not worked around */
	CHECK_EQ_INT(ptpdk_phc_xts_sample(clk, 5, &x), -EFAULT);
	CHECK_EQ_INT(ptpdk_phc_xts_sample(clk, PTP_MAX_SAMPLES + 1, &x), -EINVAL);
	CHECK_EQ_INT(ptpdk_phc_xts_sample(NULL, 1, &x), -EINVAL);
	ptpdk_clock_destroy(clk);
	{
		/* Every bracket backwards (the system clock stepped): nothing to keep. */
		struct ptp_sys_offset_extended bad;

		memset(&bad, 0, sizeof(bad));
		bad.n_samples = 2;
		put(&bad.ts[0][0], 500);
		put(&bad.ts[0][2], 400);
		put(&bad.ts[1][0], 900);
		put(&bad.ts[1][2], 100);
		CHECK_EQ_INT(ptpdk_phc_xts_pick_extended(&bad, &x), -EIO);
		CHECK_EQ_INT(x.valid, 0);
	}
}

int main(void)
{
	check_seed("clock-phc");
	test_pure_conversions();
	test_create_and_read();
	test_discipline();
	test_errors();
	test_xts();
	return check_report("clock-phc");
}
