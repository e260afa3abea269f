/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NTP shared-memory reference clock ("refclock SHM N" in chrony, "server
 * 127.127.28.N" in ntpd): System V segment key 0x4e545030 + N holding ntpd's struct
 * shmTime, written with the mode 1 protocol (count around the fill, valid last).
 * Units 0 and 1 are root-only (0600) and 2 and up world-writable (0666), as gpsd
 * makes them. The segment is detached on exit, never removed: the reader may hold it.
 */
#ifndef SYNC_NTPSHM_H
#define SYNC_NTPSHM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SYNC_NTPSHM_KEY_BASE 0x4e545030 /* "NTP0" */
#define SYNC_NTPSHM_NSAMPLES 3
/** precision limits: 2^-30 s (about 1 ns) .. 2^0 s */
#define SYNC_NTPSHM_PRECISION_MIN (-30)
#define SYNC_NTPSHM_PRECISION_MAX 0

/** ntpd's leap indicator values (and chrony's NTP_Leap). */
enum sync_ntp_leap {
	SYNC_NTP_LEAP_NONE = 0,
	SYNC_NTP_LEAP_INSERT = 1,
	SYNC_NTP_LEAP_DELETE = 2,
	SYNC_NTP_LEAP_NOTINSYNC = 3,
};

/** ntpd's struct shmTime (refclock_shm.c), field for field. */
struct sync_shm_time {
	int mode; /**< 1: count/valid protocol */
	volatile int count;
	time_t clockTimeStampSec; /**< reference time (ptpdk UTC) */
	int clockTimeStampUSec;
	time_t receiveTimeStampSec; /**< CLOCK_REALTIME at the same instant */
	int receiveTimeStampUSec;
	int leap;
	int precision; /**< log2 seconds */
	int nsamples;
	volatile int valid;
	unsigned clockTimeStampNSec;
	unsigned receiveTimeStampNSec;
	int dummy[8];
};

/** One sample for the segment. */
struct sync_ntpshm_sample {
	int64_t utc_ns;	     /**< ptpdk UTC */
	int64_t realtime_ns; /**< CLOCK_REALTIME at the same instant */
	double error_bound_ns;
	uint32_t flags; /**< PTPDK_SHM_F_* */
};

/** The ceiling of log2(@p error_bound_ns / 1e9), clamped to the limits; +inf or NaN: 0. */
int sync_ntpshm_precision(double error_bound_ns);

/** LEAP61: insert, LEAP59: delete, else none. */
int sync_ntpshm_leap(uint32_t flags);

/** Write a sample with the mode 1 protocol: count goes up by 2, valid ends 1. */
void sync_ntpshm_fill(struct sync_shm_time *t, const struct sync_ntpshm_sample *s);

/** No time: valid 0, leap 3 (not in sync). */
void sync_ntpshm_invalidate(struct sync_shm_time *t);

struct sync_ntpshm {
	int unit;
	int shmid;
	struct sync_shm_time *t;
	unsigned long written;
};

/**
 * Attach unit @p unit, creating the segment when missing, and set mode 1.
 * @return 0, or the negative errno of shmget/shmat with @p err explaining.
 */
int sync_ntpshm_open(struct sync_ntpshm *n, int unit, char *err, size_t err_len);
void sync_ntpshm_close(struct sync_ntpshm *n);

#endif
