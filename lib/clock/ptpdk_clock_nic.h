/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Clocks of a DPDK port (built only with DPDK):
 *  - "nic_phc": the PHC through the ethdev timesync calls. Phase goes to the hardware
 *    (rte_eth_timesync_adjust_time/write_time). Frequency goes to the hardware with
 *    rte_eth_timesync_adjust_freq when this build's DPDK has it (24.11 and later) and
 *    the PMD implements it (ice, idpf); otherwise it is emulated by a virtual clock
 *    over the PHC read as a 64-bit nanosecond counter at a nominal 1 GHz, and the
 *    hardware PHC then drifts from the clock's time by the accumulated correction.
 *    Converts PTPDK_TS_NIC_NS stamps through the same virtual clock.
 *  - "nic_freerun": a virtual clock over rte_eth_read_clock() (mlx5, cnxk), the counter
 *    the RX timestamp dynfield uses. Converts PTPDK_TS_NIC_TICKS stamps.
 *
 * All calls for a port must come from one lcore (ethdev timesync is not thread-safe).
 * The few ethdev calls go through struct ptpdk_nic_ops so that tests can substitute a
 * fake device; pass NULL for the real one.
 */
#ifndef PTPDK_CLOCK_NIC_H
#define PTPDK_CLOCK_NIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ptpdk_clock.h"

/** The ethdev calls the NIC clocks make, with the rte_eth_* signatures. */
struct ptpdk_nic_ops {
	int (*read_time)(uint16_t port, struct timespec *ts);
	int (*write_time)(uint16_t port, const struct timespec *ts);
	int (*adjust_time)(uint16_t port, int64_t delta_ns);
	/** ppm scaled by 2^16 (rte_eth_timesync_adjust_freq); NULL when not available. */
	int (*adjust_freq)(uint16_t port, int64_t scaled_ppm);
	int (*read_clock)(uint16_t port, uint64_t *ticks);
};

/** @return the table that calls DPDK (adjust_freq NULL before DPDK 24.11). */
const struct ptpdk_nic_ops *ptpdk_nic_ops_dpdk(void);

/** What a port offers for timekeeping, from ptpdk_clock_nic_probe(). */
struct ptpdk_nic_caps {
	bool timesync;		/**< rte_eth_timesync_enable() succeeded (and left it on) */
	int timesync_rc;	/**< its return value (-ENOTSUP: the PMD has no timesync) */
	bool read_clock;	/**< rte_eth_read_clock() works: nic_freerun is possible */
	int read_clock_rc;	/**< its return value */
	bool adjust_freq_built; /**< this build's DPDK has rte_eth_timesync_adjust_freq */
};

/**
 * Probe @p port. rte_eth_timesync_enable() is the only probe DPDK offers, and it is
 * left enabled on success: the daemon uses it next, and on several PMDs (ixgbe, igb)
 * enabling again resets the time counters. Call rte_eth_timesync_disable() if the
 * port is not going to be used for PTP.
 * @return 0 (an unsupported feature is a result, not an error), -EINVAL for NULL
 *         @p caps, -ENODEV for an invalid port.
 */
int ptpdk_clock_nic_probe(uint16_t port, struct ptpdk_nic_caps *caps);

/**
 * One line for the log, e.g. "timesync yes, read_clock no (-95), adjust_freq not built".
 * @return the length snprintf() reports.
 */
int ptpdk_clock_nic_caps_format(const struct ptpdk_nic_caps *caps, char *buf, size_t len);

/**
 * The PHC clock of @p port, which must have timesync enabled. It starts at the PHC's
 * current time and frequency offset 0 (the hardware's is reset to 0 when it can be set).
 * @return the clock, or NULL with errno EINVAL (incomplete @p ops), ENOMEM, or the
 *         error of the first read_time (ENOTSUP without timesync, ENODEV, EIO...).
 */
struct ptpdk_clock *ptpdk_clock_nic_phc_create(uint16_t port, const struct ptpdk_nic_ops *ops);

/** @return true when a clock from ptpdk_clock_nic_phc_create() slews in hardware. */
bool ptpdk_clock_nic_phc_hw_freq(const struct ptpdk_clock *clk);

/**
 * A virtual clock over @p port's free-running counter of @p width bits (0: 64) and
 * nominal rate @p nominal_hz, showing @p initial now (NULL: CLOCK_REALTIME, read only).
 * With @p nominal_hz 0 the rate is measured against CLOCK_MONOTONIC_RAW for
 * PTPDK_NIC_CALIBRATE_MS (blocking).
 * @return the clock, or NULL with errno EINVAL (bad width or rate, incomplete @p ops),
 *         ENOMEM, EIO/ERANGE (calibration failed), or the error of read_clock
 *         (ENOTSUP when the PMD has no such counter).
 */
struct ptpdk_clock *ptpdk_clock_nic_freerun_create(uint16_t port, uint64_t nominal_hz,
						   unsigned width, const struct ptpdk_tmv *initial,
						   const struct ptpdk_nic_ops *ops);

#define PTPDK_NIC_CALIBRATE_MS 200

#endif
