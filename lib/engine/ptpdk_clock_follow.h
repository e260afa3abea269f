/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A clock follower: keeps a secondary clock (a second NIC's PHC, or the TSC clock of
 * software-stamped ports) on a primary clock (the one the PTP clock disciplines), as
 * phc2sys does between the NICs of a linuxptp boundary clock, and converts stamps
 * taken in the secondary into the primary's time.
 *
 * The caller measures (secondary - primary) periodically, e.g. by cross-timestamping
 * both clocks against the TSC back to back (ptpdk_clock_follow_meas_from_xts()), and
 * hands each measurement in. The follower feeds it to a servo (lib/servo, through its
 * ops table: pi by default) and applies the result to the secondary: one step when the
 * first measurements find it beyond the step threshold, then frequency. The frequency
 * applied is the primary's current frequency plus the servo's output, so the servo
 * learns only the two oscillators' difference and a frequency change of the primary
 * reaches the secondary at the next measurement.
 *
 * Conversion does not wait for the servo: the last measurement, corrected for any
 * step applied since, is the estimate of (secondary - primary), and a stamp converts
 * as secondary time minus that estimate. The servo only keeps the estimate from going
 * stale between measurements.
 *
 * Error budget of a converted stamp (what ptpdk_clock_follow_status() reports as
 * error_bound_ns):
 *  - the measurement's own uncertainty (half the two cross-timestamp brackets: a
 *    register read over PCIe takes 0.5-2 us, so +-0.3-1 us for NIC clocks through
 *    DPDK; tens of ns with the kernel's PTP_SYS_OFFSET_EXTENDED);
 *  - the drift since the measurement: |residual frequency| x (time since it). The
 *    residual is the servo's own correction (kp x the measured offset: kp = 1.3
 *    ppb/ns at 8 Hz, so about 0.16 x the measurement's error over a whole interval),
 *    its lag behind the oscillators' wander (a few ppb), and a change of the
 *    primary's frequency since, unless the primary is stepped and slewed through a
 *    clock group (ptpdk_clock_group.h), which passes it on at once; otherwise it is
 *    fed forward at the next measurement. Locked: tens of ns with DPDK-read NICs,
 *    a few ns with tight brackets, at 8 Hz.
 * The follower's state is therefore not the converted stamps' accuracy: in s0 the
 * conversion is already as good as the measurement.
 *
 * Steps: the primary's own steps are applied to the secondaries by whoever steps it
 * (ptpdk_clock_group.h), so the follower steps only on the servo's first correction
 * or when a later measurement is beyond the step threshold (someone else stepped a
 * clock). A stamp taken before a follower step and converted after it is off by the
 * step: the servo's first step happens within its first two measurements, before the
 * stamps matter.
 *
 * Pure (style rule 1): it reads no clock and no time itself; it adjusts the secondary
 * and reads the primary's frequency only through the clock ops table (ptpdk_clock.h).
 * Not thread-safe: one owner, the engine lcore (style rule 4).
 */
#ifndef PTPDK_CLOCK_FOLLOW_H
#define PTPDK_CLOCK_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_clock.h"
#include "ptpdk_servo.h"
#include "ptpdk_time.h"
#include "ptpdk_xts.h"

/** |offset| at or beyond this is refused as garbage (2^53 ns, 104 days: what a double
 *  holds exactly); a clock that far off is a broken reading, not a clock to steer. */
#define PTPDK_CLOCK_FOLLOW_MAX_OFFSET_NS 9007199254740992.0

struct ptpdk_clock_follow_config {
	/** The servo: pi by default (phc2sys's). Its sync interval is the measurement
	 * interval; its step thresholds are the follower's. */
	enum ptpdk_servo_type servo_type;
	struct ptpdk_servo_config servo;
	/** Measurements whose uncertainty exceeds this are refused and counted, ns;
	 * 0: none refused for it. A preempted bracket is wide: better no measurement. */
	double max_uncertainty_ns;
	/** Conversions are refused (-EAGAIN) when the last accepted measurement is older
	 * than this at the last ptpdk_clock_follow_fail() or update, ns; 0: never stale. */
	uint64_t max_age_ns;
};

/** One measurement of (secondary - primary). */
struct ptpdk_clock_follow_meas {
	double offset_ns;      /**< secondary minus primary at the instant */
	double uncertainty_ns; /**< bound on |offset error|, >= 0 */
	uint64_t now_ns;       /**< when it was taken, on the caller's monotonic scale */
};

/** What the follower did and knows (one secondary). */
struct ptpdk_clock_follow_status {
	enum ptpdk_servo_state servo_state;
	bool valid;	       /**< an estimate exists and is not stale: stamps convert */
	double offset_ns;      /**< last accepted measurement (before any step it caused) */
	double estimate_ns;    /**< current (secondary - primary) estimate used to convert */
	double freq_ppb;       /**< frequency applied to the secondary */
	double trim_ppb;       /**< the servo's part: primary's oscillator minus the secondary's */
	double error_bound_ns; /**< uncertainty of the last measurement (see the budget) */
	double max_abs_offset_ns; /**< largest |offset| measured while locked (s2/s3) */
	uint64_t last_ns;	  /**< when the last accepted measurement was taken */
	uint64_t measurements;	  /**< accepted */
	uint64_t refused;      /**< NaN/infinite, negative or too-wide uncertainty, huge offset */
	uint64_t failures;     /**< measurements the caller could not take */
	uint64_t steps;	       /**< steps of the secondary */
	uint64_t clock_errors; /**< secondary adjustments that failed */
	uint64_t conversions;  /**< stamps converted */
	uint64_t conversions_refused; /**< stamps refused: no estimate yet, or stale */
};

struct ptpdk_clock_follow;

/** Defaults: pi servo with hardware constants, 1 s interval, 20 us first-step and
 *  step thresholds, 500 ppm max frequency, 100 us max uncertainty, no max age. */
void ptpdk_clock_follow_config_init(struct ptpdk_clock_follow_config *cfg);

/**
 * @param primary the clock followed (its frequency is fed forward; not adjusted)
 * @param secondary the clock steered (not owned; outlives the follower)
 * @return the follower, or NULL with errno EINVAL (NULL clock, the same clock twice,
 *         a bad servo config, a negative or NaN max_uncertainty), ENOTSUP (the
 *         secondary has no frequency control) or ENOMEM.
 */
struct ptpdk_clock_follow *ptpdk_clock_follow_create(const struct ptpdk_clock_follow_config *cfg,
						     struct ptpdk_clock *primary,
						     struct ptpdk_clock *secondary);

/** NULL is ignored. */
void ptpdk_clock_follow_destroy(struct ptpdk_clock_follow *f);

/**
 * A measurement from two cross-timestamps against the same tick counter, taken close
 * together: (sec.time - prim.time) - (sec.ticks - prim.ticks) in ns, ± half of each
 * bracket plus the rounding of the midpoints.
 * @return 0, -EINVAL for NULL arguments or @p tick_hz 0.
 */
int ptpdk_clock_follow_meas_from_xts(const struct ptpdk_xts *prim, const struct ptpdk_xts *sec,
				     uint64_t tick_hz, uint64_t now_ns,
				     struct ptpdk_clock_follow_meas *out);

/**
 * Take one measurement: the servo decides, the secondary is stepped or slewed.
 * @return 0; -EINVAL for NULL arguments or a refused measurement (counted, nothing
 *         changed); the secondary's error when an adjustment failed (counted; the
 *         estimate still follows the measurement).
 */
int ptpdk_clock_follow_update(struct ptpdk_clock_follow *f,
			      const struct ptpdk_clock_follow_meas *m);

/** The caller could not measure at @p now_ns (counted; may make the estimate stale). */
void ptpdk_clock_follow_fail(struct ptpdk_clock_follow *f, uint64_t now_ns);

/**
 * The current estimate of (secondary - primary), ns.
 * @return 0, -EINVAL for NULL arguments, -EAGAIN before the first accepted
 *         measurement or while stale.
 */
int ptpdk_clock_follow_estimate(const struct ptpdk_clock_follow *f, double *offset_ns);

/**
 * A time read or stamped in the secondary, in the primary's time: @p sec minus the
 * estimate. Counts conversions and refusals.
 * @return 0, -EINVAL for NULL arguments, -EAGAIN as ptpdk_clock_follow_estimate().
 */
int ptpdk_clock_follow_to_primary(struct ptpdk_clock_follow *f, const struct ptpdk_tmv *sec,
				  struct ptpdk_tmv *out);

void ptpdk_clock_follow_status(const struct ptpdk_clock_follow *f,
			       struct ptpdk_clock_follow_status *out);

/** @return the secondary clock (for names in reports). */
struct ptpdk_clock *ptpdk_clock_follow_secondary(const struct ptpdk_clock_follow *f);

/**
 * A clock that is the secondary seen in the primary's time: gettime and raw_to_time
 * are the secondary's minus the estimate (-EAGAIN without one); it cannot be
 * adjusted (-ENOTSUP). Owned by the follower: valid until ptpdk_clock_follow_destroy().
 * Hand it to whoever converts the secondary's stamps.
 */
struct ptpdk_clock *ptpdk_clock_follow_view(struct ptpdk_clock_follow *f);

#endif
