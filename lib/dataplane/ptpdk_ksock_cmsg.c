/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ksock_cmsg.h"

#include <string.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#define NS_PER_SEC 1000000000LL

static bool stamp_ns(const struct timespec *ts, int64_t *ns)
{
	if (ts->tv_sec == 0 && ts->tv_nsec == 0)
		return false;
	if (ts->tv_sec < 0 || ts->tv_sec > INT64_MAX / NS_PER_SEC - 1 || ts->tv_nsec < 0 ||
	    ts->tv_nsec >= NS_PER_SEC)
		return false;
	*ns = (int64_t)ts->tv_sec * NS_PER_SEC + ts->tv_nsec;
	return true;
}

bool ptpdk_ksock_cmsg_stamp(struct msghdr *msg, enum ptpdk_ksock_stamp_mode mode, int64_t *ns)
{
	unsigned slot = mode == PTPDK_KSOCK_STAMP_HARDWARE ? 2 : 0;

	if (!msg || !ns || !msg->msg_control)
		return false;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		struct scm_timestamping ts;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPING)
			continue;
		/* Shorter than the struct, or running past the buffer (MSG_CTRUNC). */
		if (c->cmsg_len < CMSG_LEN(sizeof(ts)) ||
		    (const char *)c + CMSG_LEN(sizeof(ts)) >
			    (const char *)msg->msg_control + msg->msg_controllen)
			return false;
		/* memcpy: the control buffer promises no alignment for the struct. */
		memcpy(&ts, CMSG_DATA(c), sizeof(ts));
		return stamp_ns(&ts.ts[slot], ns);
	}
	return false;
}
