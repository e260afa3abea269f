/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_clock_phc.h"
#include "ptpdk_clock_private.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/ptp_clock.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define NS_PER_SEC 1000000000LL
/* ADJ_FREQUENCY units per ppb: ppm x 2^16 / 1000. */
#define SCALED_PER_PPB 65.536

/* libc's ioctl is variadic; the table wants a fixed signature. */
static int libc_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

static int libc_open(const char *path, int flags)
{
	return open(path, flags);
}

static const struct ptpdk_phc_ops libc_ops = {
	.open = libc_open,
	.close = close,
	.clock_gettime = clock_gettime,
	.clock_settime = clock_settime,
	.clock_adjtime = clock_adjtime,
	.ioctl = libc_ioctl,
};

const struct ptpdk_phc_ops *ptpdk_phc_ops_libc(void)
{
	return &libc_ops;
}

long ptpdk_phc_scaled_ppm(double ppb, double max_adj_ppb, int *clamped)
{
	double limit = max_adj_ppb > 0 ? floor(max_adj_ppb * SCALED_PER_PPB) : 0;
	double v = round(ppb * SCALED_PER_PPB);
	int c = 0;

	if (isnan(v)) {
		v = 0;
		c = 1;
	} else if (v > limit) {
		v = limit;
		c = 1;
	} else if (v < -limit) {
		v = -limit;
		c = 1;
	}
	if (clamped)
		*clamped = c;
	return (long)v;
}

double ptpdk_phc_ppb_of_scaled(long scaled_ppm)
{
	return (double)scaled_ppm / SCALED_PER_PPB;
}

void ptpdk_phc_offset_timeval(int64_t delta_ns, struct timeval *tv)
{
	int64_t sec = delta_ns / NS_PER_SEC;
	int64_t ns = delta_ns % NS_PER_SEC;

	/* C division truncates towards zero; the kernel wants the remainder positive. */
	if (ns < 0) {
		ns += NS_PER_SEC;
		sec--;
	}
	tv->tv_sec = (time_t)sec;
	tv->tv_usec = (suseconds_t)ns;
}

struct phc_clock {
	struct ptpdk_clock base;
	const struct ptpdk_phc_ops *ops;
	int fd;
	clockid_t id;
	double ppb; /* last frequency offset applied, as the kernel took it */
};

static inline struct phc_clock *phc_of(struct ptpdk_clock *clk)
{
	return (struct phc_clock *)clk;
}

static int phc_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now)
{
	struct phc_clock *p = phc_of(clk);
	struct timespec ts;

	if (p->ops->clock_gettime(p->id, &ts) != 0)
		return -errno;
	if (ts.tv_sec < 0 || ts.tv_sec > INT64_MAX / NS_PER_SEC - 1)
		return -ERANGE;
	*now = ptpdk_tmv_from_ns((int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec);
	return 0;
}

static int phc_settime(struct ptpdk_clock *clk, const struct ptpdk_tmv *t)
{
	struct phc_clock *p = phc_of(clk);
	struct timespec ts;

	if (t->ns < 0)
		return -ERANGE; /* a PHC counts from its epoch; it cannot show negative time */
	ts.tv_sec = (time_t)(t->ns / NS_PER_SEC);
	ts.tv_nsec = (long)(t->ns % NS_PER_SEC);
	return p->ops->clock_settime(p->id, &ts) == 0 ? 0 : -errno;
}

static int phc_adjust_phase(struct ptpdk_clock *clk, int64_t delta_ns)
{
	struct phc_clock *p = phc_of(clk);
	struct timex tx;

	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_SETOFFSET | ADJ_NANO;
	ptpdk_phc_offset_timeval(delta_ns, &tx.time);
	return p->ops->clock_adjtime(p->id, &tx) < 0 ? -errno : 0;
}

static int phc_adjust_freq(struct ptpdk_clock *clk, double ppb)
{
	struct phc_clock *p = phc_of(clk);
	struct timex tx;

	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_FREQUENCY;
	/* The wrapper clamped ppb to max_ppb already; this keeps the rounding inside. */
	tx.freq = ptpdk_phc_scaled_ppm(ppb, clk->max_ppb, NULL);
	/* clock_adjtime returns a clock state (TIME_OK...) on success, -1 on failure. */
	if (p->ops->clock_adjtime(p->id, &tx) < 0)
		return -errno;
	p->ppb = ptpdk_phc_ppb_of_scaled(tx.freq);
	return 0;
}

static int phc_get_freq(const struct ptpdk_clock *clk, double *ppb)
{
	*ppb = ((const struct phc_clock *)clk)->ppb;
	return 0;
}

static int phc_raw_to_time(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			   struct ptpdk_tmv *out)
{
	(void)clk;
	if (src != PTPDK_TS_NIC_NS)
		return -ENOTSUP;
	if (raw > (uint64_t)INT64_MAX)
		return -ERANGE;
	/* The driver stamped with this very counter: its ns are the clock's time. */
	*out = ptpdk_tmv_from_ns((int64_t)raw);
	return 0;
}

static void phc_destroy(struct ptpdk_clock *clk)
{
	struct phc_clock *p = phc_of(clk);

	p->ops->close(p->fd);
	free(p);
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

static bool ops_complete(const struct ptpdk_phc_ops *o)
{
	return o->open && o->close && o->clock_gettime && o->clock_settime && o->clock_adjtime &&
	       o->ioctl;
}

/* Capabilities, a first reading and frequency 0: everything the clock will need. */
static int phc_probe(struct phc_clock *p)
{
	struct ptp_clock_caps caps;
	struct ptpdk_tmv t;
	int rc;

	memset(&caps, 0, sizeof(caps));
	if (p->ops->ioctl(p->fd, PTP_CLOCK_GETCAPS, &caps) != 0)
		return -errno;
	/* A driver stating no range has no usable frequency control: the wrapper then
	 * clamps every request to 0 and the servo sees saturation. */
	p->base.max_ppb = caps.max_adj > 0 ? (double)caps.max_adj : 0;
	rc = phc_gettime(&p->base, &t);
	return rc ? rc : phc_adjust_freq(&p->base, 0);
}

struct ptpdk_clock *ptpdk_clock_phc_create(const char *path, const struct ptpdk_phc_ops *ops)
{
	const char *base_name;
	char name[PTPDK_CLOCK_NAME_LEN];
	struct phc_clock *p;
	int rc;

	if (!ops)
		ops = &libc_ops;
	if (!path || !ops_complete(ops)) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	p->ops = ops;
	p->fd = ops->open(path, O_RDWR | O_CLOEXEC);
	if (p->fd < 0) {
		rc = -errno;
		free(p);
		errno = -rc;
		return NULL;
	}
	p->id = ptpdk_phc_clockid(p->fd);
	base_name = strrchr(path, '/');
	snprintf(name, sizeof(name), "phc:%s", base_name ? base_name + 1 : path);
	ptpdk_clock_init_base(&p->base, &phc_ops, name, 0);
	rc = phc_probe(p);
	if (rc) {
		ops->close(p->fd);
		free(p);
		errno = -rc;
		return NULL;
	}
	return &p->base;
}

struct ptpdk_clock *ptpdk_clock_phc_create_index(int index, const struct ptpdk_phc_ops *ops)
{
	char path[32];

	if (index < 0) {
		errno = EINVAL;
		return NULL;
	}
	snprintf(path, sizeof(path), "/dev/ptp%d", index);
	return ptpdk_clock_phc_create(path, ops);
}

int ptpdk_clock_phc_fd(const struct ptpdk_clock *clk)
{
	return clk && clk->ops == &phc_ops ? ((const struct phc_clock *)clk)->fd : -1;
}

const struct ptpdk_phc_ops *ptpdk_clock_phc_ops(const struct ptpdk_clock *clk)
{
	return clk && clk->ops == &phc_ops ? ((const struct phc_clock *)clk)->ops : NULL;
}
