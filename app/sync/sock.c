/* SPDX-License-Identifier: BSD-3-Clause */
#include "sock.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ptpdk_shm_layout.h"

int sync_chrony_leap(uint32_t flags)
{
	if (flags & PTPDK_SHM_F_LEAP61)
		return SYNC_CHRONY_LEAP_INSERT;
	if (flags & PTPDK_SHM_F_LEAP59)
		return SYNC_CHRONY_LEAP_DELETE;
	return SYNC_CHRONY_LEAP_NORMAL;
}

void sync_chrony_pack(struct sync_chrony_sample *s, int64_t realtime_ns, int64_t utc_ns,
		      uint32_t flags)
{
	int64_t sec = realtime_ns / 1000000000, ns = realtime_ns % 1000000000;

	if (ns < 0) {
		ns += 1000000000;
		sec--;
	}
	memset(s, 0, sizeof(*s));
	s->tv.tv_sec = (time_t)sec;
	s->tv.tv_usec = (suseconds_t)(ns / 1000);
	/* chronyd takes reference = tv + offset. The offset is the same at the truncated
	 * tv as at the full reading (both clocks run at the same rate within ppm), so it
	 * is taken from the full-resolution pair. */
	s->offset = (double)(utc_ns - realtime_ns) * 1e-9;
	s->pulse = 0;
	s->leap = sync_chrony_leap(flags);
	s->magic = SYNC_CHRONY_MAGIC;
}

int sync_chrony_open(struct sync_chrony *c, const char *path, char *err, size_t err_len)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(path) >= sizeof(c->addr.sun_path)) {
		snprintf(err, err_len, "--chrony-sock %s: path longer than %zu bytes", path,
			 sizeof(c->addr.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	c->addr.sun_family = AF_UNIX;
	memcpy(c->addr.sun_path, path, strlen(path) + 1);
	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		snprintf(err, err_len, "--chrony-sock %s: socket: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

void sync_chrony_close(struct sync_chrony *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int sync_chrony_send(struct sync_chrony *c, const struct sync_chrony_sample *s)
{
	ssize_t n = sendto(c->fd, s, sizeof(*s), MSG_NOSIGNAL, (const struct sockaddr *)&c->addr,
			   sizeof(c->addr));

	if (n == (ssize_t)sizeof(*s)) {
		c->sent++;
		c->last_err = 0;
		return 0;
	}
	c->undelivered++;
	c->last_err = n < 0 ? errno : EMSGSIZE;
	return -c->last_err;
}
