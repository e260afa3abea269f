/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The clock "phc": a Linux PTP hardware clock, /dev/ptpN, owned by the kernel's
 * driver of a NIC that a kernel-socket port (ptpdk_ksock.h) stamps with in hardware.
 * Unlike the DPDK NIC clocks there is no virtual clock in between: the kernel's
 * posix-clock calls give phase and frequency control of the hardware itself, so the
 * PHC's own reading is the clock's time and a hardware stamp (PTPDK_TS_NIC_NS, PHC
 * nanoseconds) converts as the identity.
 *
 *  - gettime / settime: clock_gettime / clock_settime on the PHC's clockid;
 *  - frequency: clock_adjtime ADJ_FREQUENCY, in the kernel's unit (ppm with a 16-bit
 *    binary fraction), limited to the max_adj the driver states (PTP_CLOCK_GETCAPS);
 *  - phase: clock_adjtime ADJ_SETOFFSET | ADJ_NANO, which the driver applies in one
 *    operation (no read-modify-write race with the counter).
 *
 * Every system call goes through struct ptpdk_phc_ops so that unit tests can put a
 * fake PHC behind the clock: the lab machine has no /dev/ptp*, and tests must never
 * touch a real one. Pure C and libc: no DPDK.
 *
 * The clockid of an open PHC is the kernel's FD_TO_CLOCKID convention, a negative id
 * that encodes the descriptor, so the descriptor stays open for the clock's life.
 * Writing (settime, adjtime) needs the device opened for writing: the daemon needs
 * read-write access to /dev/ptpN.
 */
#ifndef PTPDK_CLOCK_PHC_H
#define PTPDK_CLOCK_PHC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

#include "ptpdk_clock.h"

/**
 * The system calls of a PHC clock, with libc's conventions (-1 and errno on failure).
 * A fake must set errno when it fails.
 */
struct ptpdk_phc_ops {
	int (*open)(const char *path, int flags);
	int (*close)(int fd);
	int (*clock_gettime)(clockid_t id, struct timespec *ts);
	int (*clock_settime)(clockid_t id, const struct timespec *ts);
	int (*clock_adjtime)(clockid_t id, struct timex *tx);
	/** ioctl(2) with its one pointer argument (PTP_CLOCK_GETCAPS, PTP_SYS_OFFSET*). */
	int (*ioctl)(int fd, unsigned long request, void *arg);
};

/** @return the table that calls libc (the default when a create gets NULL). */
const struct ptpdk_phc_ops *ptpdk_phc_ops_libc(void);

/** The kernel's clockid for an open PHC descriptor: ((~fd) << 3) | 3 (CLOCKFD). */
static inline clockid_t ptpdk_phc_clockid(int fd)
{
	return (clockid_t)((~(unsigned)fd << 3) | 3u);
}

/**
 * The ADJ_FREQUENCY value for @p ppb: ppm with a 16-bit binary fraction, so
 * 1 ppb = 65.536 units, rounded to nearest. It is then limited to what the kernel
 * accepts for @p max_adj_ppb: the kernel converts back with an arithmetic shift that
 * rounds towards minus infinity and refuses (-ERANGE) anything beyond max_adj, so the
 * limit is floor(max_adj x 65.536) units on both sides.
 * @param clamped set to 1 when the value was limited, else 0 (may be NULL).
 */
long ptpdk_phc_scaled_ppm(double ppb, double max_adj_ppb, int *clamped);

/** @return the ppb of an ADJ_FREQUENCY value (the inverse of the above, unrounded). */
double ptpdk_phc_ppb_of_scaled(long scaled_ppm);

/**
 * The struct timeval of an ADJ_SETOFFSET | ADJ_NANO step of @p delta_ns: the kernel
 * wants tv_usec (holding ns) in [0, 1e9), the sign folded into tv_sec, so
 * -1.5 s is tv_sec -2, tv_usec 500000000.
 */
void ptpdk_phc_offset_timeval(int64_t delta_ns, struct timeval *tv);

/**
 * Open the PHC at @p path ("/dev/ptp0") read-write and make it a clock. It reads the
 * driver's max_adj (PTP_CLOCK_GETCAPS) as the clock's frequency limit, reads the time
 * once, and sets the frequency offset to 0, both as a probe of write access and as
 * the known starting point the servo assumes (as the DPDK PHC clock does).
 * @return the clock, or NULL with errno: EINVAL (NULL @p path, incomplete @p ops),
 *         ENOMEM, or the failing call's errno (ENOENT, EACCES, EPERM, ENOTTY...). The
 *         descriptor is closed on failure.
 */
struct ptpdk_clock *ptpdk_clock_phc_create(const char *path, const struct ptpdk_phc_ops *ops);

/** ptpdk_clock_phc_create() of "/dev/ptp<@p index>"; EINVAL for a negative index. */
struct ptpdk_clock *ptpdk_clock_phc_create_index(int index, const struct ptpdk_phc_ops *ops);

/**
 * @return the open descriptor of a clock from ptpdk_clock_phc_create() (for the
 *         cross-timestamp ioctls, ptpdk_phc_xts.h), -1 for NULL or any other clock.
 */
int ptpdk_clock_phc_fd(const struct ptpdk_clock *clk);

/** @return the ops table of a PHC clock, NULL for NULL or any other clock. */
const struct ptpdk_phc_ops *ptpdk_clock_phc_ops(const struct ptpdk_clock *clk);

#endif
