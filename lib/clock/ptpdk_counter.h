/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A counter: something that counts ticks at a nominal rate and cannot be slewed
 * (the TSC, a free-running NIC counter, a PHC read as nanoseconds, a simulated
 * oscillator). ptpdk_vclock.h builds a clock over one. Counters narrower than
 * 64 bits wrap; their users unwrap relative to the previous reading.
 *
 * ptpdk_counter_calibrate() measures a counter's real rate against the host's
 * CLOCK_MONOTONIC_RAW (read only, never set).
 */
#ifndef PTPDK_COUNTER_H
#define PTPDK_COUNTER_H

#include <stdint.h>

/** Largest nominal rate accepted anywhere (about 1.1 THz). */
#define PTPDK_COUNTER_MAX_HZ (1ULL << 40)

struct ptpdk_counter {
	/** Read the counter; only the low @ref width bits are used. 0 or negative errno. */
	int (*read)(void *ctx, uint64_t *raw);
	void *ctx;
	/**
	 * Called with @ref ctx when the clock built over this counter is destroyed;
	 * NULL when the caller keeps ownership of ctx.
	 */
	void (*release)(void *ctx);
	unsigned width;	     /**< bits, 8..64 */
	uint64_t nominal_hz; /**< ticks per second, 1..PTPDK_COUNTER_MAX_HZ */
};

/** A measured counter rate. */
struct ptpdk_calibration {
	double hz;		/**< measured ticks per second */
	double uncertainty_ppb; /**< bound from bracket widths and clock resolution */
	uint64_t ticks;		/**< ticks between the two bracket midpoints */
	uint64_t ns;		/**< CLOCK_MONOTONIC_RAW ns between them */
	uint64_t start_width;	/**< ticks spanned by the narrowest start bracket */
	uint64_t end_width;	/**< ticks spanned by the narrowest end bracket */
};

/** @return 2^width - 1 (all ones for 64). */
static inline uint64_t ptpdk_counter_mask(unsigned width)
{
	return width >= 64 ? UINT64_MAX : (1ULL << width) - 1;
}

/**
 * @return 0 when @p c is usable (read set, width 8..64, nominal_hz 1..PTPDK_COUNTER_MAX_HZ),
 *         -EINVAL otherwise.
 */
int ptpdk_counter_check(const struct ptpdk_counter *c);

/**
 * Measure the counter's rate against CLOCK_MONOTONIC_RAW: at the start and after
 * @p duration_ms (sleeping in between) it brackets a monotonic reading between two
 * counter reads, many times, and keeps the narrowest bracket; the rate is the
 * ratio of the two midpoints' differences. Blocks for about @p duration_ms.
 *
 * @p c->nominal_hz, when not 0, is a seed: the result must lie within 5 % of it
 * (DPDK rounds its own TSC estimate to 10 MHz; anything further off means the
 * measurement was disturbed), and the duration must stay below half the counter's
 * wrap period at that rate. With 0 the counter's rate is unknown and the caller must
 * pick a duration shorter than half a wrap itself. @p out is filled also on -EIO so
 * the measurement can be logged.
 *
 * @return 0, -EINVAL for bad arguments (width, @p duration_ms 0 or over 60000),
 *         -ERANGE when @p duration_ms exceeds half a wrap at the seed rate,
 *         -EIO when no usable bracket was found or the result is implausible,
 *         or the counter's read error.
 */
int ptpdk_counter_calibrate(const struct ptpdk_counter *c, unsigned duration_ms,
			    struct ptpdk_calibration *out);

#endif
