/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The stamp in a kernel-socket message's control data (SO_TIMESTAMPING), as one pure
 * function so that RX, the TX error queue and the unit tests read it the same way.
 * struct scm_timestamping carries three stamps: ts[0] the software stamp
 * (CLOCK_REALTIME), ts[1] unused, ts[2] the raw hardware stamp (the NIC's PHC time).
 * A zero stamp means the kernel had none of that kind for this frame.
 */
#ifndef PTPDK_KSOCK_CMSG_H
#define PTPDK_KSOCK_CMSG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/** Which of the three stamps a port uses. */
enum ptpdk_ksock_stamp_mode {
	PTPDK_KSOCK_STAMP_SOFTWARE = 0, /**< ts[0]: CLOCK_REALTIME ns */
	PTPDK_KSOCK_STAMP_HARDWARE,	/**< ts[2]: PHC ns (SOF_TIMESTAMPING_RAW_HARDWARE) */
};

/**
 * Find the SCM_TIMESTAMPING control message of @p msg and take the stamp of @p mode.
 * A truncated control message, a stamp with tv_nsec outside [0, 1e9) or a negative
 * time (neither of which the kernel produces) counts as no stamp.
 * @return true with @p ns set to the stamp in ns; false (@p ns untouched) when there
 *         is no usable stamp of that kind.
 */
bool ptpdk_ksock_cmsg_stamp(struct msghdr *msg, enum ptpdk_ksock_stamp_mode mode, int64_t *ns);

#endif
