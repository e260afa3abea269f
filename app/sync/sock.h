/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * chronyd's refclock SOCK driver: one datagram per sample on a Unix socket that
 * chronyd binds ("refclock SOCK PATH"). The sample is chrony's struct sock_sample,
 * native layout ("qqdiiii" on LP64, 40 bytes): the CLOCK_REALTIME reading and the
 * offset of the reference from it, as gpsd sends them.
 */
#ifndef SYNC_SOCK_H
#define SYNC_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/un.h>

#define SYNC_CHRONY_MAGIC 0x534f434b /* "SOCK" */

/** chrony's leap values (its NTP_Leap): 0 normal, 1 insert, 2 delete. */
enum sync_chrony_leap {
	SYNC_CHRONY_LEAP_NORMAL = 0,
	SYNC_CHRONY_LEAP_INSERT = 1,
	SYNC_CHRONY_LEAP_DELETE = 2,
};

/** chrony refclock_sock.c's struct sock_sample. */
struct sync_chrony_sample {
	struct timeval tv; /**< CLOCK_REALTIME at the sample */
	double offset;	   /**< reference (ptpdk UTC) - CLOCK_REALTIME, seconds */
	int pulse;	   /**< 0: a time sample, not a PPS edge */
	int leap;	   /**< enum sync_chrony_leap */
	int pad;
	int magic; /**< SYNC_CHRONY_MAGIC */
};

/** chrony's leap value for ptpdk record flags (PTPDK_SHM_F_LEAP61 / LEAP59). */
int sync_chrony_leap(uint32_t flags);

/** Fill @p s for CLOCK_REALTIME @p realtime_ns read when ptpdk's UTC was @p utc_ns. */
void sync_chrony_pack(struct sync_chrony_sample *s, int64_t realtime_ns, int64_t utc_ns,
		      uint32_t flags);

struct sync_chrony {
	int fd;
	struct sockaddr_un addr;
	unsigned long sent;
	unsigned long undelivered; /**< chronyd not listening (yet), or its queue full */
	int last_err;		   /**< errno of the last failed send, 0 after a success */
};

/**
 * A datagram socket to @p path (chronyd need not be there yet).
 * @return 0, -ENAMETOOLONG, or the errno of socket(); @p err explains.
 */
int sync_chrony_open(struct sync_chrony *c, const char *path, char *err, size_t err_len);
void sync_chrony_close(struct sync_chrony *c);

/**
 * Send one sample, never blocking. @return 0, or the negative errno (-ECONNREFUSED or
 * -ENOENT while chronyd is not there, -EAGAIN when its queue is full): counted in
 * undelivered, and the next sample tries again.
 */
int sync_chrony_send(struct sync_chrony *c, const struct sync_chrony_sample *s);

#endif
