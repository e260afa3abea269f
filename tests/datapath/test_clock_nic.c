/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NIC clocks over a fake device (struct ptpdk_nic_ops): hardware phase, emulated
 * and hardware frequency, NIC_NS and NIC_TICKS stamps, a wrapping free-running
 * counter; then the probe on a real ethdev (net_ring) that has no timesync, which
 * must be reported, not fail. Needs no NIC and no hugepages.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_ring.h>
#include <rte_version.h>

#include "ptpdk_clock.h"
#include "ptpdk_clock_nic.h"

#include "check.h"
#include "dp_test.h"

#define GHZ 1000000000LL

/* One fake device: a PHC in ns and a free-running counter, driven by the test. */
static struct {
	int64_t phc_ns;
	uint64_t ticks;
	int64_t call_delay_ns; /* time the hardware moves on during adjust_time */
	int64_t last_scaled_ppm;
	unsigned adjust_freq_calls;
	int fail;
} dev;

static int fake_read_time(uint16_t port, struct timespec *ts)
{
	(void)port;
	if (dev.fail)
		return dev.fail;
	ts->tv_sec = (time_t)(dev.phc_ns / GHZ);
	ts->tv_nsec = (long)(dev.phc_ns % GHZ);
	return 0;
}

static int fake_write_time(uint16_t port, const struct timespec *ts)
{
	(void)port;
	dev.phc_ns = (int64_t)ts->tv_sec * GHZ + ts->tv_nsec;
	return 0;
}

static int fake_adjust_time(uint16_t port, int64_t delta)
{
	(void)port;
	dev.phc_ns += dev.call_delay_ns + delta;
	return 0;
}

static int fake_adjust_freq(uint16_t port, int64_t scaled_ppm)
{
	(void)port;
	dev.adjust_freq_calls++;
	dev.last_scaled_ppm = scaled_ppm;
	return 0;
}

static int fake_read_clock(uint16_t port, uint64_t *ticks)
{
	(void)port;
	if (dev.fail)
		return dev.fail;
	*ticks = dev.ticks;
	return 0;
}

/* A counter in host ns, to calibrate against: about 1 GHz. */
static int mono_read_clock(uint16_t port, uint64_t *ticks)
{
	struct timespec ts;

	(void)port;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	*ticks = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	return 0;
}

static const struct ptpdk_nic_ops fake_ops = {
	.read_time = fake_read_time,
	.write_time = fake_write_time,
	.adjust_time = fake_adjust_time,
	.read_clock = fake_read_clock,
};

static const struct ptpdk_nic_ops fake_ops_hw_freq = {
	.read_time = fake_read_time,
	.write_time = fake_write_time,
	.adjust_time = fake_adjust_time,
	.adjust_freq = fake_adjust_freq,
	.read_clock = fake_read_clock,
};

static bool tmv_is(struct ptpdk_tmv t, int64_t ns, uint16_t frac)
{
	return t.ns == ns && t.frac == frac;
}

static struct ptpdk_tmv now(struct ptpdk_clock *clk)
{
	struct ptpdk_tmv t = { 0, 0 };

	CHECK_EQ_INT(ptpdk_clock_gettime(clk, &t), 0);
	return t;
}

static void test_phc_emulated(void)
{
	const int64_t t0 = 1700000000LL * GHZ;
	struct ptpdk_clock *clk;
	struct ptpdk_tmv t, at;
	uint64_t stamp;
	double ppb;

	memset(&dev, 0, sizeof(dev));
	dev.phc_ns = t0;
	clk = ptpdk_clock_nic_phc_create(3, &fake_ops);
	CHECK(clk != NULL);
	if (!clk)
		return;
	CHECK(strcmp(ptpdk_clock_name(clk), "nic_phc:3") == 0);
	CHECK(!ptpdk_clock_nic_phc_hw_freq(clk));
	CHECK(tmv_is(now(clk), t0, 0));
	dev.phc_ns += GHZ;
	CHECK(tmv_is(now(clk), t0 + GHZ, 0));

	/* Emulated frequency: the PHC runs on, the clock gains 1000 ns per second. */
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 1000), 0);
	CHECK_EQ_INT(ptpdk_clock_get_freq(clk, &ppb), 0);
	CHECK(ppb == 1000);
	dev.phc_ns += GHZ;
	CHECK(tmv_is(now(clk), t0 + 2 * GHZ + 1000, 0));
	CHECK(dev.phc_ns == t0 + 2 * GHZ);

	/* A stamp latched now, converted after a step. */
	stamp = (uint64_t)dev.phc_ns;
	at = now(clk);

	/* The step goes to the hardware; the 700 ns the call took count at the
	 * clock's rate: 700 * (1 + 1e-6) = 700.0007 ns = 700 + 46/65536. */
	dev.call_delay_ns = 700;
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(clk, 5000000), 0);
	CHECK(dev.phc_ns == t0 + 2 * GHZ + 700 + 5000000);
	CHECK(tmv_is(now(clk), t0 + 2 * GHZ + 1000 + 5000000 + 700, 46));
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_NIC_NS, stamp, &t), 0);
	CHECK(tmv_is(t, at.ns, at.frac));
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_NIC_TICKS, stamp, &t), -ENOTSUP);
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_TSC, stamp, &t), -ENOTSUP);

	/* settime writes the PHC and keeps the fraction in the clock. */
	CHECK_EQ_INT(ptpdk_clock_settime(clk, &(struct ptpdk_tmv){ 5 * GHZ + 3, 0x4000 }), 0);
	CHECK(dev.phc_ns == 5 * GHZ + 3);
	CHECK(tmv_is(now(clk), 5 * GHZ + 3, 0x4000));
	dev.phc_ns += GHZ;
	CHECK(tmv_is(now(clk), 6 * GHZ + 3 + 1000, 0x4000));
	CHECK_EQ_INT(ptpdk_clock_settime(clk, &(struct ptpdk_tmv){ -1, 0 }), -ERANGE);

	/* Device errors are the operation's errors. */
	dev.fail = -EIO;
	CHECK_EQ_INT(ptpdk_clock_gettime(clk, &t), -EIO);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(clk, 1), -EIO);
	dev.fail = 0;
	ptpdk_clock_destroy(clk);

	dev.fail = -ENOTSUP;
	CHECK(ptpdk_clock_nic_phc_create(0, &fake_ops) == NULL && errno == ENOTSUP);
	dev.fail = 0;
}

static void test_phc_hw_freq(void)
{
	struct ptpdk_clock *clk;
	double ppb = 0;

	memset(&dev, 0, sizeof(dev));
	dev.phc_ns = 42 * GHZ;
	dev.last_scaled_ppm = 12345;
	clk = ptpdk_clock_nic_phc_create(0, &fake_ops_hw_freq);
	CHECK(clk != NULL);
	if (!clk)
		return;
	/* Probed by setting 0. */
	CHECK(ptpdk_clock_nic_phc_hw_freq(clk));
	CHECK_EQ_INT(dev.adjust_freq_calls, 1);
	CHECK_EQ_INT(dev.last_scaled_ppm, 0);
	/* 1 ppm = 65536 scaled; the clock follows the PHC one to one. */
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, 1000), 0);
	CHECK_EQ_INT(dev.last_scaled_ppm, 65536);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, -2.5), 0);
	CHECK_EQ_INT(dev.last_scaled_ppm, -164);
	CHECK_EQ_INT(ptpdk_clock_get_freq(clk, &ppb), 0);
	CHECK(ppb == -2.5);
	dev.phc_ns += 123456789;
	CHECK(tmv_is(now(clk), 42 * GHZ + 123456789, 0));
	ptpdk_clock_destroy(clk);
}

static void test_freerun(void)
{
	const uint64_t wrap = 1ULL << 32;
	const int64_t t0 = 1000 * GHZ;
	struct ptpdk_clock *clk;
	struct ptpdk_tmv t, at;
	uint64_t stamp;
	int i;

	memset(&dev, 0, sizeof(dev));
	dev.ticks = wrap - 5000;
	/* A 32-bit counter at 1 GHz wraps every 4.3 s. */
	clk = ptpdk_clock_nic_freerun_create(7, GHZ, 32, &(struct ptpdk_tmv){ t0, 0 }, &fake_ops);
	CHECK(clk != NULL);
	if (!clk)
		return;
	CHECK(strcmp(ptpdk_clock_name(clk), "nic_freerun:7") == 0);
	CHECK(tmv_is(now(clk), t0, 0));
	stamp = dev.ticks + 1000; /* latched before the wrap */
	for (i = 0; i < 10; i++) {
		dev.ticks = (dev.ticks + GHZ) & (wrap - 1);
		CHECK(tmv_is(now(clk), t0 + (i + 1) * GHZ, 0));
		if (i == 0) {
			CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_NIC_TICKS, stamp, &t),
				     0);
			CHECK(tmv_is(t, t0 + 1000, 0));
		}
	}
	CHECK_EQ_INT(ptpdk_clock_raw_to_time(clk, PTPDK_TS_NIC_NS, stamp, &t), -ENOTSUP);

	/* Phase and frequency in the virtual clock only. */
	at = now(clk);
	CHECK_EQ_INT(ptpdk_clock_adjust_freq(clk, -250), 0);
	CHECK_EQ_INT(ptpdk_clock_adjust_phase(clk, -77), 0);
	dev.ticks = (dev.ticks + 2 * GHZ) & (wrap - 1);
	CHECK(tmv_is(now(clk), at.ns + 2 * GHZ - 500 - 77, 0));
	ptpdk_clock_destroy(clk);

	/* Without a rate it is measured (sanity only: a host-ns counter is ~1 GHz). */
	{
		static const struct ptpdk_nic_ops mono_ops = { .read_clock = mono_read_clock };

		clk = ptpdk_clock_nic_freerun_create(0, 0, 64, NULL, &mono_ops);
		CHECK(clk != NULL);
		if (clk) {
			struct timespec rt;

			t = now(clk);
			clock_gettime(CLOCK_REALTIME, &rt);
			CHECK_NEAR((double)t.ns * 1e-9, (double)rt.tv_sec, 60);
		}
		ptpdk_clock_destroy(clk);
	}
	CHECK(ptpdk_clock_nic_freerun_create(0, GHZ, 4, NULL, &fake_ops) == NULL &&
	      errno == EINVAL);
	dev.fail = -ENOTSUP;
	CHECK(ptpdk_clock_nic_freerun_create(0, GHZ, 64, NULL, &fake_ops) == NULL &&
	      errno == ENOTSUP);
	dev.fail = 0;
}

static int ring_port(uint16_t *port)
{
	struct rte_ring *ring = rte_ring_create("ptpdk_clk", 64, (int)rte_socket_id(),
						RING_F_SP_ENQ | RING_F_SC_DEQ);
	int p;

	if (!ring)
		return -rte_errno;
	p = rte_eth_from_rings("net_ring_clk", &ring, 1, &ring, 1, rte_socket_id());
	if (p < 0)
		return p;
	*port = (uint16_t)p;
	return 0;
}

static void test_probe(void)
{
	struct ptpdk_nic_caps caps;
	char line[128];
	uint16_t port = 0;
	int rc = ring_port(&port);

	CHECK_EQ_INT(rc, 0);
	if (rc)
		return;
	memset(&caps, 0xff, sizeof(caps));
	CHECK_EQ_INT(ptpdk_clock_nic_probe(port, &caps), 0);
	CHECK(!caps.timesync && caps.timesync_rc == -ENOTSUP);
	CHECK(!caps.read_clock && caps.read_clock_rc == -ENOTSUP);
	CHECK(caps.adjust_freq_built == (RTE_VERSION >= RTE_VERSION_NUM(24, 11, 0, 0)));
	ptpdk_clock_nic_caps_format(&caps, line, sizeof(line));
	printf("net_ring port %u: %s\n", port, line);
	CHECK(strstr(line, "timesync no") != NULL);
	CHECK_EQ_INT(ptpdk_clock_nic_probe(RTE_MAX_ETHPORTS, &caps), -ENODEV);
	CHECK_EQ_INT(ptpdk_clock_nic_probe(port, NULL), -EINVAL);

	/* The real ops on a port without timesync: refused with the PMD's answer. */
	CHECK(ptpdk_clock_nic_phc_create(port, NULL) == NULL && errno == ENOTSUP);
	CHECK(ptpdk_clock_nic_freerun_create(port, GHZ, 64, NULL, NULL) == NULL &&
	      errno == ENOTSUP);
	rte_eth_dev_close(port);
}

int main(void)
{
	int rc;

	check_seed("clock-nic");
	test_phc_emulated();
	test_phc_hw_freq();
	test_freerun();
	rc = dp_test_eal_init("clock-nic", "64");
	if (rc == 0) {
		test_probe();
		rte_eal_cleanup();
	}
	if (check_report("clock-nic"))
		return 1;
	return rc;
}
