/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_phc_xts.h"
#include "ptpdk_clock_phc.h"

#include <errno.h>
#include <linux/ptp_clock.h>
#include <string.h>

static int64_t pct_ns(const struct ptp_clock_time *t)
{
	return t->sec * 1000000000LL + (int64_t)t->nsec;
}

/* Consider one (system, PHC, system) triple; keep it when it is the narrowest yet. */
static void consider(const struct ptp_clock_time *before, const struct ptp_clock_time *phc,
		     const struct ptp_clock_time *after, struct ptpdk_phc_xts *out)
{
	int64_t b = pct_ns(before), a = pct_ns(after);

	if (a < b)
		return; /* the system clock was stepped in between: bounds nothing */
	out->valid++;
	if (out->valid > 1 && a - b >= out->width_ns)
		return;
	out->width_ns = a - b;
	out->sys_ns = b + (a - b) / 2;
	out->phc_ns = pct_ns(phc);
}

int ptpdk_phc_xts_pick_extended(const struct ptp_sys_offset_extended *in, struct ptpdk_phc_xts *out)
{
	unsigned n = in->n_samples > PTP_MAX_SAMPLES ? PTP_MAX_SAMPLES : in->n_samples;

	memset(out, 0, sizeof(*out));
	out->extended = true;
	for (unsigned i = 0; i < n; i++)
		consider(&in->ts[i][0], &in->ts[i][1], &in->ts[i][2], out);
	return out->valid ? 0 : -EIO;
}

int ptpdk_phc_xts_pick_basic(const struct ptp_sys_offset *in, struct ptpdk_phc_xts *out)
{
	unsigned n = in->n_samples > PTP_MAX_SAMPLES ? PTP_MAX_SAMPLES : in->n_samples;

	memset(out, 0, sizeof(*out));
	/* ts[] is system, PHC, system, PHC, ..., system: 2n + 1 readings. */
	for (unsigned i = 0; i < n; i++)
		consider(&in->ts[2 * i], &in->ts[2 * i + 1], &in->ts[2 * i + 2], out);
	return out->valid ? 0 : -EIO;
}

int ptpdk_phc_xts_sample(struct ptpdk_clock *clk, unsigned samples, struct ptpdk_phc_xts *out)
{
	const struct ptpdk_phc_ops *ops = ptpdk_clock_phc_ops(clk);
	struct ptp_sys_offset_extended ext;
	struct ptp_sys_offset basic;
	int fd = ptpdk_clock_phc_fd(clk);

	if (!ops || !out || samples > PTP_MAX_SAMPLES)
		return -EINVAL;
	if (samples == 0)
		samples = PTPDK_PHC_XTS_SAMPLES;
	memset(&ext, 0, sizeof(ext));
	ext.n_samples = samples;
	if (ops->ioctl(fd, PTP_SYS_OFFSET_EXTENDED, &ext) == 0)
		return ptpdk_phc_xts_pick_extended(&ext, out);
	if (errno != ENOTTY && errno != EOPNOTSUPP)
		return -errno;
	memset(&basic, 0, sizeof(basic));
	basic.n_samples = samples;
	if (ops->ioctl(fd, PTP_SYS_OFFSET, &basic) != 0)
		return -errno;
	return ptpdk_phc_xts_pick_basic(&basic, out);
}
