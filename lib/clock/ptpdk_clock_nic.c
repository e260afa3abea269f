/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_clock_nic.h"
#include "ptpdk_clock_private.h"
#include "ptpdk_vclock.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_version.h>

/* Frequency adjustment entered ethdev in 24.11; older DPDKs emulate it. */
#if RTE_VERSION >= RTE_VERSION_NUM(24, 11, 0, 0)
#define HAVE_ADJUST_FREQ 1
#else
#define HAVE_ADJUST_FREQ 0
#endif

#define PHC_WIDTH 64
#define PHC_HZ	  1000000000ULL

static const struct ptpdk_nic_ops dpdk_ops = {
	.read_time = rte_eth_timesync_read_time,
	.write_time = rte_eth_timesync_write_time,
	.adjust_time = rte_eth_timesync_adjust_time,
#if HAVE_ADJUST_FREQ
	.adjust_freq = rte_eth_timesync_adjust_freq,
#endif
	.read_clock = rte_eth_read_clock,
};

const struct ptpdk_nic_ops *ptpdk_nic_ops_dpdk(void)
{
	return &dpdk_ops;
}

int ptpdk_clock_nic_probe(uint16_t port, struct ptpdk_nic_caps *caps)
{
	uint64_t ticks;

	if (!caps)
		return -EINVAL;
	if (!rte_eth_dev_is_valid_port(port))
		return -ENODEV;
	memset(caps, 0, sizeof(*caps));
	caps->timesync_rc = rte_eth_timesync_enable(port);
	caps->timesync = caps->timesync_rc == 0;
	caps->read_clock_rc = rte_eth_read_clock(port, &ticks);
	caps->read_clock = caps->read_clock_rc == 0;
	caps->adjust_freq_built = HAVE_ADJUST_FREQ;
	return 0;
}

int ptpdk_clock_nic_caps_format(const struct ptpdk_nic_caps *caps, char *buf, size_t len)
{
	return snprintf(buf, len, "timesync %s (%d), read_clock %s (%d), adjust_freq %s",
			caps->timesync ? "yes" : "no", caps->timesync_rc,
			caps->read_clock ? "yes" : "no", caps->read_clock_rc,
			caps->adjust_freq_built ? "built" : "not built");
}

/* nic_phc */

struct nic_phc {
	struct ptpdk_clock base;
	/* At 0 ppb and 1 GHz the virtual clock is the identity plus an offset that only
	 * changes with the hardware, so one code path serves both frequency modes. */
	struct ptpdk_vclock vc;
	const struct ptpdk_nic_ops *ops;
	double hw_ppb;
	uint16_t port;
	bool hw_freq;
};

static inline struct nic_phc *nic_phc(struct ptpdk_clock *clk)
{
	return (struct nic_phc *)clk;
}

static int phc_read(struct nic_phc *p, uint64_t *raw)
{
	struct timespec ts;
	int rc = p->ops->read_time(p->port, &ts);

	if (rc)
		return rc;
	*raw = ptpdk_ts_raw_from_timespec(&ts);
	return 0;
}

static int phc_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now)
{
	struct nic_phc *p = nic_phc(clk);
	uint64_t raw;
	int rc = phc_read(p, &raw);

	if (rc)
		return rc;
	ptpdk_vclock_observe(&p->vc, raw);
	return ptpdk_vclock_to_time(&p->vc, raw, now);
}

static int phc_settime(struct ptpdk_clock *clk, const struct ptpdk_tmv *t)
{
	struct nic_phc *p = nic_phc(clk);
	struct timespec ts;
	int rc;

	if (t->ns < 0)
		return -ERANGE;
	ts.tv_sec = (time_t)(t->ns / PTPDK_NS_PER_SEC);
	ts.tv_nsec = (long)(t->ns % PTPDK_NS_PER_SEC);
	rc = p->ops->write_time(p->port, &ts);
	if (rc)
		return rc;
	/* The PHC now counts from t's whole ns; the fraction lives in the virtual clock. */
	return ptpdk_vclock_set_time(&p->vc, (uint64_t)t->ns, t);
}

static int phc_adjust_phase(struct ptpdk_clock *clk, int64_t delta_ns)
{
	struct nic_phc *p = nic_phc(clk);
	struct ptpdk_tmv t0, t1;
	uint64_t raw0;
	int rc;

	rc = phc_read(p, &raw0);
	if (rc)
		return rc;
	ptpdk_vclock_observe(&p->vc, raw0);
	rc = ptpdk_vclock_to_time(&p->vc, raw0, &t0);
	if (rc)
		return rc;
	t1 = t0;
	if (__builtin_add_overflow(t0.ns, delta_ns, &t1.ns))
		return -ERANGE;
	rc = p->ops->adjust_time(p->port, delta_ns);
	if (rc)
		return rc;
	/*
	 * The hardware added delta to whatever it showed, r0 + e, when the call landed.
	 * Declaring that counter value r0 + delta shows t0 + delta makes r0 + e + delta
	 * show t0 + delta + e at the clock's rate: exact, however long the call took.
	 * Stamps latched before the step stay on the old segment (for positive steps;
	 * after a negative step the hardware repeats values and old stamps are ambiguous).
	 */
	return ptpdk_vclock_set_time(&p->vc, raw0 + (uint64_t)delta_ns, &t1);
}

static int phc_adjust_freq(struct ptpdk_clock *clk, double ppb)
{
	struct nic_phc *p = nic_phc(clk);
	uint64_t raw;
	int rc;

	if (p->hw_freq) {
		/* ppb -> ppm * 2^16: 1 ppm = 1000 ppb = 65536 units. */
		rc = p->ops->adjust_freq(p->port, llround(ppb * 65.536));
		if (rc == 0)
			p->hw_ppb = ppb;
		return rc;
	}
	rc = phc_read(p, &raw);
	return rc ? rc : ptpdk_vclock_set_freq(&p->vc, raw, ppb);
}

static int phc_get_freq(const struct ptpdk_clock *clk, double *ppb)
{
	const struct nic_phc *p = (const struct nic_phc *)clk;

	*ppb = p->hw_freq ? p->hw_ppb : ptpdk_vclock_freq(&p->vc);
	return 0;
}

static int phc_raw_to_time(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			   struct ptpdk_tmv *out)
{
	const struct nic_phc *p = (const struct nic_phc *)clk;

	if (src != PTPDK_TS_NIC_NS)
		return -ENOTSUP;
	return ptpdk_vclock_to_time(&p->vc, raw, out);
}

static void phc_destroy(struct ptpdk_clock *clk)
{
	free(nic_phc(clk));
}

static const struct ptpdk_clock_ops phc_ops = {
	.gettime = phc_gettime,
	.settime = phc_settime,
	.adjust_phase = phc_adjust_phase,
	.adjust_freq = phc_adjust_freq,
	.get_freq = phc_get_freq,
	.raw_to_time = phc_raw_to_time,
	.destroy = phc_destroy,
};

struct ptpdk_clock *ptpdk_clock_nic_phc_create(uint16_t port, const struct ptpdk_nic_ops *ops)
{
	struct ptpdk_tmv t;
	struct nic_phc *p;
	char name[PTPDK_CLOCK_NAME_LEN];
	uint64_t raw;
	int rc;

	if (!ops)
		ops = &dpdk_ops;
	if (!ops->read_time || !ops->write_time || !ops->adjust_time) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	p->ops = ops;
	p->port = port;
	rc = phc_read(p, &raw);
	if (rc)
		goto err_free;
	t = ptpdk_tmv_from_ns((int64_t)raw);
	rc = ptpdk_vclock_init(&p->vc, PHC_WIDTH, PHC_HZ, raw, &t);
	if (rc)
		goto err_free;
	/* Setting 0 is both the capability probe and a known starting point. */
	p->hw_freq = ops->adjust_freq && ops->adjust_freq(port, 0) == 0;
	snprintf(name, sizeof(name), "nic_phc:%u", (unsigned)port);
	ptpdk_clock_init_base(&p->base, &phc_ops, name, PTPDK_VCLOCK_MAX_PPB);
	return &p->base;

err_free:
	free(p);
	errno = -rc;
	return NULL;
}

bool ptpdk_clock_nic_phc_hw_freq(const struct ptpdk_clock *clk)
{
	return clk && clk->ops == &phc_ops && ((const struct nic_phc *)clk)->hw_freq;
}

/* nic_freerun */

struct nic_counter {
	const struct ptpdk_nic_ops *ops;
	uint16_t port;
};

static int nic_counter_read(void *ctx, uint64_t *raw)
{
	const struct nic_counter *c = ctx;

	return c->ops->read_clock(c->port, raw);
}

/* CLOCK_REALTIME (read only) paired with the counter's midpoint around it. */
static int realtime_anchor(const struct ptpdk_counter *ctr, uint64_t *raw, struct ptpdk_tmv *t)
{
	uint64_t before, after;
	struct timespec ts;
	int rc;

	rc = ctr->read(ctr->ctx, &before);
	if (rc)
		return rc;
	if (clock_gettime(CLOCK_REALTIME, &ts))
		return -errno;
	rc = ctr->read(ctr->ctx, &after);
	if (rc)
		return rc;
	*raw = before + ((after - before) & ptpdk_counter_mask(ctr->width)) / 2;
	*t = ptpdk_tmv_from_ns((int64_t)ts.tv_sec * PTPDK_NS_PER_SEC + ts.tv_nsec);
	return 0;
}

struct ptpdk_clock *ptpdk_clock_nic_freerun_create(uint16_t port, uint64_t nominal_hz,
						   unsigned width, const struct ptpdk_tmv *initial,
						   const struct ptpdk_nic_ops *ops)
{
	struct ptpdk_vclock_config cfg = { .source = PTPDK_TS_NIC_TICKS };
	struct ptpdk_clock *clk;
	struct nic_counter *nc;
	char name[PTPDK_CLOCK_NAME_LEN];
	int rc;

	if (!ops)
		ops = &dpdk_ops;
	if (width == 0)
		width = 64;
	if (!ops->read_clock || width < 8 || width > 64 || nominal_hz > PTPDK_COUNTER_MAX_HZ) {
		errno = EINVAL;
		return NULL;
	}
	nc = calloc(1, sizeof(*nc));
	if (!nc) {
		errno = ENOMEM;
		return NULL;
	}
	nc->ops = ops;
	nc->port = port;
	cfg.counter.read = nic_counter_read;
	cfg.counter.ctx = nc;
	cfg.counter.release = free;
	cfg.counter.width = width;
	if (nominal_hz == 0) {
		struct ptpdk_calibration cal;

		rc = ptpdk_counter_calibrate(&cfg.counter, PTPDK_NIC_CALIBRATE_MS, &cal);
		if (rc)
			goto err_free;
		nominal_hz = (uint64_t)llround(cal.hz);
	}
	cfg.counter.nominal_hz = nominal_hz;
	if (initial) {
		cfg.initial = *initial;
	} else {
		rc = realtime_anchor(&cfg.counter, &cfg.anchor_raw, &cfg.initial);
		if (rc)
			goto err_free;
		cfg.anchored = true;
	}
	snprintf(name, sizeof(name), "nic_freerun:%u", (unsigned)port);
	cfg.name = name;
	clk = ptpdk_vclock_create(&cfg);
	if (!clk) {
		rc = -errno;
		goto err_free;
	}
	return clk;

err_free:
	free(nc);
	errno = -rc;
	return NULL;
}
