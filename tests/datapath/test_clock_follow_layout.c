/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's clock follower glue (app/daemon/clock_follow.c) over two fake NIC PHCs
 * (struct ptpdk_nic_ops, as test_clock_nic does): the layout of a boundary clock on
 * two NICs. The fake PHCs run on CLOCK_MONOTONIC_RAW with their own frequency errors
 * and the host TSC cross-timestamps them, as on real hardware. Checks that the engine
 * step wrapper steps the secondary once, locks it, that stamps of the secondary's
 * ports convert into the primary's time, and that a clock that cannot be read,
 * stepped or slewed is refused at start. No EAL, no root.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock_follow.h"
#include "ptpdk_clock_nic.h"
#include "ptpdk_tsc.h"

#include "check.h"

#define GHZ 1000000000LL

/* A PHC: base + elapsed host time * (1 + (oscillator + applied) ppb). */
static struct fake_phc {
	int64_t base_phc, base_mono;
	double osc_ppb, applied_ppb;
	int fail_read, fail_adjust;
} phc[2];

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (int64_t)ts.tv_sec * GHZ + ts.tv_nsec;
}

static int64_t phc_at(const struct fake_phc *p, int64_t mono)
{
	return p->base_phc + (int64_t)llround((double)(mono - p->base_mono) *
					      (1.0 + (p->osc_ppb + p->applied_ppb) * 1e-9));
}

static void rebase(struct fake_phc *p)
{
	int64_t now = mono_ns();

	p->base_phc = phc_at(p, now);
	p->base_mono = now;
}

static int fake_read_time(uint16_t port, struct timespec *ts)
{
	int64_t t;

	if (phc[port].fail_read)
		return phc[port].fail_read;
	t = phc_at(&phc[port], mono_ns());
	ts->tv_sec = (time_t)(t / GHZ);
	ts->tv_nsec = (long)(t % GHZ);
	return 0;
}

static int fake_write_time(uint16_t port, const struct timespec *ts)
{
	phc[port].base_mono = mono_ns();
	phc[port].base_phc = (int64_t)ts->tv_sec * GHZ + ts->tv_nsec;
	return 0;
}

static int fake_adjust_time(uint16_t port, int64_t delta)
{
	if (phc[port].fail_adjust)
		return phc[port].fail_adjust;
	phc[port].base_phc += delta;
	return 0;
}

static int fake_adjust_freq(uint16_t port, int64_t scaled_ppm)
{
	rebase(&phc[port]);
	phc[port].applied_ppb = (double)scaled_ppm / 65536.0 * 1000.0;
	return 0;
}

static const struct ptpdk_nic_ops fake_ops = {
	.read_time = fake_read_time,
	.write_time = fake_write_time,
	.adjust_time = fake_adjust_time,
	.adjust_freq = fake_adjust_freq,
};

static unsigned inner_steps;

static unsigned inner_step(void *ctx, uint64_t now_tsc)
{
	(void)ctx;
	(void)now_tsc;
	inner_steps++;
	return 0;
}

static void phc_init(unsigned i, int64_t start_ns, double osc_ppb)
{
	memset(&phc[i], 0, sizeof(phc[i]));
	phc[i].base_mono = mono_ns();
	phc[i].base_phc = start_ns;
	phc[i].osc_ppb = osc_ppb;
}

/* A stamp both NICs latch at one instant: the secondary's through its port clock,
 * minus the primary's. */
static double stamp_error(struct clock_follow_set *s, struct ptpdk_clock *a, struct ptpdk_clock *b)
{
	int64_t now = mono_ns();
	struct ptpdk_tmv ta, tb;

	if (ptpdk_clock_raw_to_time(clock_follow_port_clock(s, a), PTPDK_TS_NIC_NS,
				    (uint64_t)phc_at(&phc[0], now), &ta) != 0 ||
	    ptpdk_clock_raw_to_time(clock_follow_port_clock(s, b), PTPDK_TS_NIC_NS,
				    (uint64_t)phc_at(&phc[1], now), &tb) != 0)
		return NAN;
	return ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(tb, ta));
}

static void test_two_phcs(uint64_t tsc_hz)
{
	struct clock_follow_conf conf = { .rate_hz = 16,
					  .step_threshold_ns = 20000,
					  .tsc_hz = tsc_hz };
	struct clock_follow_set s;
	struct ptpdk_clock *a, *b, *clocks[2];
	const char *names[2] = { "nic0", "nic1" };
	struct ptpdk_clock_follow_status st;
	struct timespec nap = { 0, 1000000 };
	uint64_t end;
	double e;

	/* Secondary 3 ms ahead: one step; oscillators 35 ppm apart. */
	phc_init(0, 1700000000 * GHZ, 20000.0);
	phc_init(1, 1700000000 * GHZ + 3000000, -15000.0);
	a = ptpdk_clock_nic_phc_create(0, &fake_ops);
	b = ptpdk_clock_nic_phc_create(1, &fake_ops);
	CHECK(a && b);
	clocks[0] = a;
	clocks[1] = b;
	CHECK_EQ_INT(clock_follow_setup(&s, &conf, clocks, names, 2), 0);
	CHECK(s.group != NULL && clock_follow_disciplined(&s) == s.group);
	CHECK(clock_follow_port_clock(&s, a) == a);
	CHECK(clock_follow_port_clock(&s, b) != b);
	/* The first measurement at setup already lets the secondary's stamps convert. */
	e = stamp_error(&s, a, b);
	CHECK(fabs(e) < 100000.0);
	s.engine_step = inner_step;
	s.engine_ctx = NULL;
	/* 3 s of engine steps, every millisecond. */
	end = ptpdk_tsc_read() + 3 * tsc_hz;
	while (ptpdk_tsc_read() < end) {
		clock_follow_engine_step(&s, ptpdk_tsc_read());
		nanosleep(&nap, NULL);
	}
	ptpdk_clock_follow_status(s.sec[0].follow, &st);
	printf("  two PHCs: %" PRIu64 " measurements, steps %" PRIu64 ", s%d, offset %.0f ns +- "
	       "%.0f ns, trim %.0f ppb (primary's oscillator 35000 ppb faster), refused %" PRIu64
	       "\n",
	       st.measurements, st.steps, (int)st.servo_state, st.offset_ns, st.error_bound_ns,
	       st.trim_ppb, st.refused);
	CHECK(inner_steps > 100);
	/* 16 Hz for 3 s: about 48, fewer when the host is busy, never far more. */
	CHECK(st.measurements >= 10 && st.measurements <= 50);
	CHECK_EQ_INT(st.steps, 1);
	CHECK(st.servo_state == PTPDK_SERVO_LOCKED || st.servo_state == PTPDK_SERVO_LOCKED_STABLE);
	/* The trim is the oscillators' difference, to within what the PI still corrects
	 * in phase after 3 s (a few ppm at most). */
	CHECK(fabs(st.trim_ppb - 35000.0) < 5000.0);
	/* A stamp now is off by at most the last measurement's uncertainty plus the drift
	 * since it: 1/16 s at the trim's remaining error (5 ppm, as above) = 312 ns. */
	e = stamp_error(&s, a, b);
	CHECK(fabs(e) <= st.error_bound_ns + 312.0);
	printf("  two PHCs: a stamp converted with error %.1f ns\n", e);
	/* The group's step reaches both clocks: the stamps still agree. */
	CHECK(ptpdk_clock_adjust_phase(clock_follow_disciplined(&s), -2 * GHZ) == 0);
	e = stamp_error(&s, a, b);
	CHECK(fabs(e) <= st.error_bound_ns + 312.0);
	/* The report shows the secondary. */
	{
		char buf[4096] = "";
		FILE *f = fmemopen(buf, sizeof(buf), "w");

		clock_follow_report_json(f, &s);
		clock_follow_report_table(f, &s);
		fclose(f);
		CHECK(strstr(buf, "\"clock_follow\":{\"primary\":\"nic_phc:0\"") != NULL);
		CHECK(strstr(buf, "\"ports\":\"nic1\"") != NULL);
		CHECK(strstr(buf, "\"steps\":1,") != NULL);
	}
	clock_follow_fini(&s);
	ptpdk_clock_destroy(a);
	ptpdk_clock_destroy(b);
}

/* One clock: no group, no follower, the clock itself. */
static void test_one_clock(uint64_t tsc_hz)
{
	struct clock_follow_conf conf = { .rate_hz = 8, .tsc_hz = tsc_hz };
	struct clock_follow_set s;
	struct ptpdk_clock *a;
	const char *names[1] = { "nic0" };

	phc_init(0, GHZ, 0.0);
	a = ptpdk_clock_nic_phc_create(0, &fake_ops);
	CHECK_EQ_INT(clock_follow_setup(&s, &conf, &a, names, 1), 0);
	CHECK(s.group == NULL && s.n == 0 && clock_follow_disciplined(&s) == a);
	CHECK(clock_follow_port_clock(&s, a) == a);
	clock_follow_fini(&s);
	ptpdk_clock_destroy(a);
}

/* Refused at start, each with its reason on stderr. */
static void test_refused(uint64_t tsc_hz)
{
	struct clock_follow_conf conf = { .rate_hz = 8,
					  .step_threshold_ns = 20000,
					  .tsc_hz = tsc_hz };
	struct clock_follow_set s;
	struct ptpdk_clock *clocks[2];
	const char *names[2] = { "nic0", "nic1" };

	phc_init(0, GHZ, 0.0);
	phc_init(1, GHZ, 0.0);
	clocks[0] = ptpdk_clock_nic_phc_create(0, &fake_ops);
	clocks[1] = ptpdk_clock_nic_phc_create(1, &fake_ops);
	/* Cannot be read any more. */
	phc[1].fail_read = -EIO;
	CHECK_EQ_INT(clock_follow_setup(&s, &conf, clocks, names, 2), -1);
	CHECK(s.group == NULL && s.n == 0);
	phc[1].fail_read = 0;
	/* Cannot be stepped. */
	phc[1].fail_adjust = -ENOTSUP;
	CHECK_EQ_INT(clock_follow_setup(&s, &conf, clocks, names, 2), -1);
	phc[1].fail_adjust = 0;
	/* Both fine: accepted. */
	CHECK_EQ_INT(clock_follow_setup(&s, &conf, clocks, names, 2), 0);
	clock_follow_fini(&s);
	ptpdk_clock_destroy(clocks[0]);
	ptpdk_clock_destroy(clocks[1]);
}

int main(void)
{
	struct ptpdk_calibration cal;
	uint64_t tsc_hz;

	if (ptpdk_tsc_calibrate(0, 100, &cal) != 0) {
		fprintf(stderr, "clock-follow-layout: TSC calibration failed\n");
		return 1;
	}
	tsc_hz = (uint64_t)(cal.hz + 0.5);
	test_one_clock(tsc_hz);
	test_refused(tsc_hz);
	test_two_phcs(tsc_hz);
	return check_report("clock-follow-layout");
}
