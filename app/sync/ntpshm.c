/* SPDX-License-Identifier: BSD-3-Clause */
#include "ntpshm.h"

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "ptpdk_shm_layout.h"

int sync_ntpshm_precision(double error_bound_ns)
{
	double p;

	if (isnan(error_bound_ns) || error_bound_ns == INFINITY)
		return SYNC_NTPSHM_PRECISION_MAX;
	if (error_bound_ns <= 0.0)
		return SYNC_NTPSHM_PRECISION_MIN;
	p = ceil(log2(error_bound_ns * 1e-9));
	if (p < SYNC_NTPSHM_PRECISION_MIN)
		return SYNC_NTPSHM_PRECISION_MIN;
	if (p > SYNC_NTPSHM_PRECISION_MAX)
		return SYNC_NTPSHM_PRECISION_MAX;
	return (int)p;
}

int sync_ntpshm_leap(uint32_t flags)
{
	if (flags & PTPDK_SHM_F_LEAP61)
		return SYNC_NTP_LEAP_INSERT;
	if (flags & PTPDK_SHM_F_LEAP59)
		return SYNC_NTP_LEAP_DELETE;
	return SYNC_NTP_LEAP_NONE;
}

static void split(int64_t ns, time_t *sec, int *usec, unsigned *nsec)
{
	int64_t s = ns / 1000000000, r = ns % 1000000000;

	if (r < 0) {
		r += 1000000000;
		s--;
	}
	*sec = (time_t)s;
	*usec = (int)(r / 1000);
	*nsec = (unsigned)r;
}

void sync_ntpshm_fill(struct sync_shm_time *t, const struct sync_ntpshm_sample *s)
{
	/* ntpd and chronyd read count, the fields, count again and valid, and drop the
	 * sample when the counts differ: the fences keep each step in its place. */
	t->valid = 0;
	t->count++;
	atomic_thread_fence(memory_order_seq_cst);
	t->mode = 1;
	split(s->utc_ns, &t->clockTimeStampSec, &t->clockTimeStampUSec, &t->clockTimeStampNSec);
	split(s->realtime_ns, &t->receiveTimeStampSec, &t->receiveTimeStampUSec,
	      &t->receiveTimeStampNSec);
	t->leap = sync_ntpshm_leap(s->flags);
	t->precision = sync_ntpshm_precision(s->error_bound_ns);
	t->nsamples = SYNC_NTPSHM_NSAMPLES;
	atomic_thread_fence(memory_order_seq_cst);
	t->count++;
	t->valid = 1;
}

void sync_ntpshm_invalidate(struct sync_shm_time *t)
{
	t->valid = 0;
	atomic_thread_fence(memory_order_seq_cst);
	t->leap = SYNC_NTP_LEAP_NOTINSYNC;
}

int sync_ntpshm_open(struct sync_ntpshm *n, int unit, char *err, size_t err_len)
{
	key_t key = (key_t)(SYNC_NTPSHM_KEY_BASE + unit);
	void *p;
	int rc;

	memset(n, 0, sizeof(*n));
	n->unit = unit;
	n->shmid = shmget(key, sizeof(struct sync_shm_time), IPC_CREAT | (unit < 2 ? 0600 : 0666));
	if (n->shmid < 0) {
		rc = -errno;
		snprintf(err, err_len, "--ntp-shm %d: shmget(key 0x%08x): %s%s", unit,
			 (unsigned)key, strerror(-rc),
			 rc == -EACCES	 ? " (units 0 and 1 are root's: run as root or use unit 2+)"
			 : rc == -EINVAL ? " (a smaller segment exists with that key)"
					 : "");
		return rc;
	}
	p = shmat(n->shmid, NULL, 0);
	if (p == (void *)-1) {
		rc = -errno;
		snprintf(err, err_len, "--ntp-shm %d: shmat: %s", unit, strerror(-rc));
		return rc;
	}
	n->t = p;
	n->t->valid = 0;
	n->t->mode = 1;
	n->t->leap = SYNC_NTP_LEAP_NOTINSYNC;
	return 0;
}

void sync_ntpshm_close(struct sync_ntpshm *n)
{
	if (!n->t)
		return;
	sync_ntpshm_invalidate(n->t);
	shmdt((void *)n->t);
	n->t = NULL;
}
