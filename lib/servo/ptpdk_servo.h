/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Servos behind one interface (style rule 2). A servo turns offset samples
 * (slave time minus master time, ns) into clock actions: an absolute frequency
 * offset in ppb and, when it decides to step, a phase correction. It reads no
 * clock and does no I/O: the caller passes every time in and applies the result
 * to its clock (ptpdk_clock.h), so the daemon, the tests and the simulator run the
 * same code.
 *
 * States follow ptp4l's log convention so tools that parse "s%d" keep working:
 * s0 unlocked, s1 jump (the caller steps the clock by step_ns), s2 locked,
 * s3 locked and stable. Holdover is the engine's port-level state; the servo only
 * keeps the frequency it learned (ptpdk_servo_holdover) and says how fast the
 * error bound grows.
 *
 * Not thread-safe: one owner (the engine lcore).
 */
#ifndef PTPDK_SERVO_H
#define PTPDK_SERVO_H

#include <stdbool.h>
#include <stdint.h>

enum ptpdk_servo_state {
	PTPDK_SERVO_UNLOCKED = 0,      /**< s0: collecting samples, frequency estimate */
	PTPDK_SERVO_JUMP = 1,	       /**< s1: step the clock by step_ns, then set freq */
	PTPDK_SERVO_LOCKED = 2,	       /**< s2: slewing */
	PTPDK_SERVO_LOCKED_STABLE = 3, /**< s3: |offset| small for servo_num_offset_values */
};

enum ptpdk_servo_type {
	/**
	 * "pi": the classic PI servo, linuxptp's constants. Like ptp4l's, it acts on
	 * every sample: one delayed packet with |offset| > step_threshold_ns steps the
	 * clock.
	 */
	PTPDK_SERVO_PI,
	/**
	 * "ptpdk": the default, robust to packet-delay variation. It stays in s0 for
	 * about a second of samples (at least 4) to estimate the frequency, keeps
	 * refining that estimate after the first step, re-acquires it when the
	 * residuals drift, rejects outliers and steps after the first correction only
	 * when several consecutive samples agree on a large offset.
	 */
	PTPDK_SERVO_PTPDK,
	PTPDK_SERVO_TYPE_COUNT
};

struct ptpdk_servo_config {
	/** Clamp for the frequency output, ppb (ptp4l max_frequency, and the clock's own limit). */
	double max_frequency_ppb;
	/** Step on the first correction when |offset| exceeds this, ns; 0: never (ptp4l 20000). */
	double first_step_threshold_ns;
	/** Step after the first correction when |offset| exceeds this, ns; 0: never (ptp4l 0). */
	double step_threshold_ns;
	/** Expected interval between samples, seconds (2^logSyncInterval). Updatable. */
	double sync_interval_s;
	/** Hardware timestamps: selects ptp4l's hardware PI constants, else the software ones. */
	bool hw_timestamps;
	/**
	 * ptp4l servo_offset_threshold (ns, 0: s3 never reported) and servo_num_offset_values
	 * (0 counts as 1). pi compares each sample's offset, ptpdk its filtered estimate of
	 * the offset, so that one delayed packet does not drop it out of s3.
	 */
	double offset_threshold_ns;
	unsigned num_offset_values;
	/** The clock's frequency offset when the servo starts (ppb), e.g. from a previous run. */
	double initial_freq_ppb;
	/** PI constants, 0 = ptp4l's automatic choice from the sync interval (pi only). */
	double pi_kp, pi_ki;
	/**
	 * ptp4l pi_{proportional,integral}_{scale,exponent,norm_max}; 0 = ptp4l's defaults
	 * (scales 0.7/0.3 with hardware stamps, 0.1/0.001 with software stamps; exponents
	 * -0.3/0.4; norm_max 0.7/0.3). Exponents may be negative.
	 */
	double pi_kp_scale, pi_kp_exponent, pi_kp_norm_max;
	double pi_ki_scale, pi_ki_exponent, pi_ki_norm_max;
};

/**
 * One offset sample. The one-way fields are optional (zero them when unused):
 * with them the ptpdk servo picks the least-delayed packets of each direction
 * separately, so that neither the delay filter's bias nor the jitter of the
 * other direction reaches the clock; pi ignores them, as ptp4l's does.
 */
struct ptpdk_servo_sample {
	int64_t offset_ns;     /**< slave minus master (positive: we are ahead) */
	uint64_t local_ts_ns;  /**< when it was measured, local clock (t2), ns */
	int64_t path_delay_ns; /**< the (filtered) path delay used to compute it */
	/** ms_ns is valid: this Sync's t2 - t1 - correction (= offset + master-to-slave delay). */
	bool have_ms;
	int64_t ms_ns;
	/**
	 * A slave-to-master measurement completed since the previous sample:
	 * sm_ns = t4 - t3 - correction (= that direction's delay - offset), taken at
	 * local time sm_local_ts_ns (t3). Each measurement is passed once.
	 */
	bool have_sm;
	int64_t sm_ns;
	uint64_t sm_local_ts_ns;
};

/** What the caller does with the clock after a sample. */
struct ptpdk_servo_result {
	enum ptpdk_servo_state state;
	/** Absolute frequency offset to apply, ppb (already clamped to max_frequency_ppb). */
	double freq_ppb;
	/**
	 * With PTPDK_SERVO_JUMP: add this to the clock, ns; 0 otherwise. pi: -offset of
	 * the sample; ptpdk: minus its robust estimate of the offset at this sample.
	 */
	int64_t step_ns;
	/** The frequency output hit the clamp. */
	bool clamped;
};

struct ptpdk_servo;

/** ptp4l's defaults for every field; sync interval 1 s, hardware stamps. */
void ptpdk_servo_config_init(struct ptpdk_servo_config *cfg);

/**
 * The checks ptpdk_servo_create() makes, for a check-only mode.
 * @return 0, or -EINVAL for a NULL @p cfg, a non-finite field, a negative
 *         threshold, scale, norm_max or PI constant, a sync interval <= 0 or a max
 *         frequency <= 0. An initial frequency beyond the clamp is clamped, not refused.
 */
int ptpdk_servo_config_check(const struct ptpdk_servo_config *cfg);

/**
 * @return a servo of @p type, or NULL with errno EINVAL (unknown type, NULL @p cfg,
 *         or any reason of ptpdk_servo_config_check()) or ENOMEM.
 */
struct ptpdk_servo *ptpdk_servo_create(enum ptpdk_servo_type type,
				       const struct ptpdk_servo_config *cfg);

void ptpdk_servo_destroy(struct ptpdk_servo *servo);

/**
 * Feed one sample. @return 0 with @p out filled; -EINVAL for NULL arguments.
 * After a JUMP the caller steps its clock and must flush measurements taken
 * before the step (ptpdk_e2e_flush); the servo expects the next sample near 0.
 */
int ptpdk_servo_sample(struct ptpdk_servo *servo, const struct ptpdk_servo_sample *sample,
		       struct ptpdk_servo_result *out);

/** A new sync interval (seconds > 0); -EINVAL otherwise. PI recomputes automatic constants. */
int ptpdk_servo_set_interval(struct ptpdk_servo *servo, double sync_interval_s);

/**
 * The master is gone: @return the frequency (ppb) to hold — the servo's best
 * estimate of the oscillator's offset, not its last output with phase correction in
 * it — and remember that holdover started at @p now_ns (local clock). Samples that
 * arrive later resume tracking without a step when |offset| <= the threshold rules
 * allow (step_threshold_ns 0: never).
 */
double ptpdk_servo_holdover(struct ptpdk_servo *servo, uint64_t now_ns);

/**
 * Uncertainty of the held frequency, ppb (1 sigma, >= 0): the engine's error bound in
 * holdover grows by this times the elapsed time (plus the oscillator's wander).
 */
double ptpdk_servo_freq_uncertainty(const struct ptpdk_servo *servo);

/**
 * Forget everything (new master, or clock stepped by someone else); keeps the config,
 * including a sync interval set since. The frequency restarts from the last output
 * (what the clock runs at now), so the next s0 does not yank it back.
 */
void ptpdk_servo_reset(struct ptpdk_servo *servo);

/** @return the current state (PTPDK_SERVO_UNLOCKED after create/reset). */
enum ptpdk_servo_state ptpdk_servo_state(const struct ptpdk_servo *servo);

/** "pi", "ptpdk"; "invalid" out of range. */
const char *ptpdk_servo_type_name(enum ptpdk_servo_type type);

/** @return the type named @p name, or -EINVAL. */
int ptpdk_servo_type_from_name(const char *name);

#endif
