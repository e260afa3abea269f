/* SPDX-License-Identifier: BSD-3-Clause */
#include "realclock.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

#include "log.h"

/* timex.freq and tolerance are ppm with a 16-bit fraction: ppb * 65536 / 1000. */
#define SCALED_PPM_PER_PPB 65.536
#define MAX_ERROR_US	   16000000L /* the kernel sets STA_UNSYNC above 16 s */

struct realclock {
	struct sync_clock base;
	int last_err; /* reported once per distinct errno */
};

static void report(struct realclock *r, const char *what, int err)
{
	if (err == r->last_err)
		return;
	r->last_err = err;
	sync_log_error("CLOCK_REALTIME: %s: %s", what, strerror(err));
}

static int64_t real_read(struct sync_clock *c, int64_t realtime_ns)
{
	(void)c;
	return realtime_ns;
}

static int set_freq_raw(double ppb)
{
	struct timex tx;

	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_FREQUENCY;
	tx.freq = lround(fmax(-SYNC_REALCLOCK_MAX_PPB, fmin(SYNC_REALCLOCK_MAX_PPB, ppb)) *
			 SCALED_PPM_PER_PPB);
	return clock_adjtime(CLOCK_REALTIME, &tx) < 0 ? -errno : 0;
}

static int real_set_freq(struct sync_clock *c, int64_t realtime_ns, double ppb)
{
	int rc;

	(void)realtime_ns;
	if (!isfinite(ppb))
		return -EINVAL;
	rc = set_freq_raw(ppb);
	if (rc)
		report((struct realclock *)c, "set frequency", -rc);
	return rc;
}

/* ADJ_SETOFFSET adds in the kernel: no time passes between reading and writing the
 * clock, as it does with clock_gettime + clock_settime (kept for kernels without it). */
static int real_step(struct sync_clock *c, int64_t ns)
{
	struct timespec now;
	struct timex tx;
	int64_t sec = ns / 1000000000, rem = ns % 1000000000;

	if (rem < 0) {
		rem += 1000000000;
		sec--;
	}
	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_SETOFFSET | ADJ_NANO;
	tx.time.tv_sec = (time_t)sec;
	tx.time.tv_usec = (long)rem; /* nanoseconds with ADJ_NANO */
	if (clock_adjtime(CLOCK_REALTIME, &tx) >= 0)
		return 0;
	if (errno != EINVAL) {
		report((struct realclock *)c, "step", errno);
		return -errno;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	rem += now.tv_nsec;
	now.tv_sec += (time_t)(sec + rem / 1000000000);
	now.tv_nsec = (long)(rem % 1000000000);
	if (clock_settime(CLOCK_REALTIME, &now) < 0) {
		report((struct realclock *)c, "step", errno);
		return -errno;
	}
	return 0;
}

/* phc2sys's sysclk_set_sync: clear STA_UNSYNC and keep maxerror small, so the kernel
 * reports the clock synchronised (and keeps the RTC in step). Other status bits,
 * a leap second armed by someone else in particular, stay as they are. */
static int real_set_sync(struct sync_clock *c, double error_bound_ns)
{
	struct timex tx;
	long us = isfinite(error_bound_ns) && error_bound_ns >= 0
			  ? (long)fmin(ceil(error_bound_ns / 1000.0), (double)MAX_ERROR_US)
			  : MAX_ERROR_US;

	memset(&tx, 0, sizeof(tx));
	if (clock_adjtime(CLOCK_REALTIME, &tx) < 0)
		goto fail;
	tx.modes = ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR;
	tx.status &= ~STA_UNSYNC;
	tx.maxerror = us;
	tx.esterror = us;
	if (clock_adjtime(CLOCK_REALTIME, &tx) < 0)
		goto fail;
	return 0;
fail:
	report((struct realclock *)c, "set status", errno);
	return -errno;
}

static const struct sync_clock_ops real_ops = {
	.read = real_read,
	.set_freq = real_set_freq,
	.step = real_step,
	.set_sync = real_set_sync,
};

struct sync_clock *sync_realclock_create(double *freq_ppb, char *err, size_t err_len)
{
	struct realclock *r;
	struct timex tx;
	double ppb;
	int rc;

	memset(&tx, 0, sizeof(tx));
	if (clock_adjtime(CLOCK_REALTIME, &tx) < 0) {
		rc = errno;
		snprintf(err, err_len, "CLOCK_REALTIME: %s", strerror(rc));
		errno = rc;
		return NULL;
	}
	ppb = (double)tx.freq / SCALED_PPM_PER_PPB;
	rc = set_freq_raw(ppb);
	if (rc) {
		snprintf(err, err_len,
			 "CLOCK_REALTIME: cannot adjust it: %s (run as root or with CAP_SYS_TIME, "
			 "or use --dry-run, --chrony-sock or --ntp-shm)",
			 strerror(-rc));
		errno = -rc;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, err_len, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	r->base.ops = &real_ops;
	r->base.name = "CLOCK_REALTIME";
	*freq_ppb = ppb;
	return &r->base;
}
