/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A virtual clock: an offset and a rate applied to a counter that cannot slew, which
 * gives phase and frequency control over the TSC, a free-running NIC counter or a
 * simulated oscillator.
 *
 * Two layers:
 *  - struct ptpdk_vclock, pure arithmetic on raw counter values handed in by the
 *    caller (no counter is read): the NIC clocks and tests drive it directly;
 *  - ptpdk_vclock_create(), a struct ptpdk_clock that reads a struct ptpdk_counter.
 *
 * Time is piecewise linear in the counter: time(raw) = base time +
 * (raw - base raw) * (1e9 + ppb) / nominal_hz ns. Every frequency change, step or
 * set starts a new segment at the current counter value, so time already elapsed
 * is never rewritten; the previous segment is kept, so a stamp taken before the
 * latest adjustment converts to what the clock showed when it was taken, as a
 * hardware clock's latched stamp would. Stamps older than the previous adjustment
 * are extrapolated through the previous segment.
 *
 * Precision: ns per tick is a 64-bit integer with a per-rate binary exponent, the
 * nominal part computed exactly and about 63 significant bits in all (relative error
 * ~1e-19: under 1e-6 ns after a day in one segment); the segment base keeps 64
 * fractional bits of a nanosecond; results are rounded to the ptpdk_tmv's 1/65536 ns.
 * Conversions are a function of (raw - base) only, so nothing accumulates with the
 * number of reads.
 *
 * Wrap-around: a counter narrower than 64 bits is extended to 64 bits by taking
 * the signed difference from the last observed value; it must therefore be read
 * (ptpdk_clock_gettime() or any adjustment) at least once every half wrap period:
 * a 32-bit counter at 1 GHz every 2.1 s, a 48-bit one every 39 h. Raw stamps are
 * converted relative to the same last value and accepted within the raw window:
 * by default min(half a wrap - 1 tick, PTPDK_VCLOCK_WINDOW_S of nominal ticks).
 * Outside it they are -ERANGE; the hour-long default catches a stamp from another
 * counter or epoch on 64-bit counters, which can never alias.
 */
#ifndef PTPDK_VCLOCK_H
#define PTPDK_VCLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_clock.h"
#include "ptpdk_counter.h"
#include "ptpdk_time.h"
#include "ptpdk_ts_source.h"

/** Default frequency limit of a virtual clock: crystals are within ±100 ppm; 500 ppm
 *  is also the kernel's NTP limit. */
#define PTPDK_VCLOCK_MAX_PPB 500000.0
/** Default raw-stamp window, seconds of nominal ticks either side of the last read. */
#define PTPDK_VCLOCK_WINDOW_S 3600
/** |ppb| must stay below this: the rate has to remain positive. */
#define PTPDK_VCLOCK_PPB_LIMIT 1e9

/** One linear piece; private, use the functions. */
struct ptpdk_vclock_seg {
	uint64_t ext; /* extended counter value where the piece starts */
	int64_t ns;   /* time there: ns + frac / 2^64 */
	uint64_t frac;
	uint64_t mult; /* ns per tick = mult / 2^shift */
	unsigned shift;
};

/** Virtual-clock state; members are private, use the functions. */
struct ptpdk_vclock {
	uint64_t mask;	 /* 2^width - 1 */
	uint64_t window; /* raw stamps accepted within ± this many ticks of last */
	uint64_t last;	 /* extended counter value at the last observation */
	uint64_t nominal_hz;
	double ppb;
	struct ptpdk_vclock_seg cur;
	struct ptpdk_vclock_seg prev;
	bool has_prev;
};

/**
 * Start a virtual clock showing @p t when the counter reads @p raw, at nominal rate.
 * @return 0, -EINVAL for a width outside 8..64, @p nominal_hz outside
 *         1..PTPDK_COUNTER_MAX_HZ or a NULL pointer.
 */
int ptpdk_vclock_init(struct ptpdk_vclock *vc, unsigned width, uint64_t nominal_hz, uint64_t raw,
		      const struct ptpdk_tmv *t);

/** Take a fresh counter reading into account (unwrap); @return its extended value. */
uint64_t ptpdk_vclock_observe(struct ptpdk_vclock *vc, uint64_t raw);

/**
 * The time at counter value @p raw (a reading or an older or newer stamp), unwrapped
 * relative to the last observation. Does not change the state.
 * @return 0, -ERANGE when @p raw lies outside the raw window or the time does not
 *         fit a ptpdk_tmv.
 */
int ptpdk_vclock_to_time(const struct ptpdk_vclock *vc, uint64_t raw, struct ptpdk_tmv *out);

/**
 * Observe @p raw_now and continue from there at (1e9 + @p ppb) / nominal_hz ns per tick.
 * @return 0, -EINVAL when @p ppb is NaN, infinite or |ppb| >= PTPDK_VCLOCK_PPB_LIMIT,
 *         -ERANGE when the time at @p raw_now does not fit (state unchanged).
 */
int ptpdk_vclock_set_freq(struct ptpdk_vclock *vc, uint64_t raw_now, double ppb);

/** @return the frequency offset in ppb. */
double ptpdk_vclock_freq(const struct ptpdk_vclock *vc);

/**
 * Observe @p raw_now and step the time from there on by @p delta_ns.
 * @return 0, -ERANGE when the result would overflow (state unchanged).
 */
int ptpdk_vclock_step(struct ptpdk_vclock *vc, uint64_t raw_now, int64_t delta_ns);

/**
 * Observe @p raw_now and show @p t there. Also the way to follow a hardware counter
 * that was itself set or stepped: pass its new value (for a counter narrower than 64
 * bits, a jump of half a wrap or more aliases).
 * @return 0.
 */
int ptpdk_vclock_set_time(struct ptpdk_vclock *vc, uint64_t raw_now, const struct ptpdk_tmv *t);

/**
 * Set the raw window to @p ticks either side of the last observation, capped at half
 * a wrap - 1 tick; 0 restores the default.
 */
void ptpdk_vclock_set_window(struct ptpdk_vclock *vc, uint64_t ticks);

/** @return the raw window in ticks. */
uint64_t ptpdk_vclock_window(const struct ptpdk_vclock *vc);

/** A virtual clock over a counter. */
struct ptpdk_vclock_config {
	struct ptpdk_counter counter; /**< copied; see its release member for ctx ownership */
	struct ptpdk_tmv initial;     /**< time at anchor_raw, or at create's own reading */
	bool anchored;		      /**< true: @ref initial applies at @ref anchor_raw */
	uint64_t anchor_raw;	      /**< a recent counter value (within half a wrap) */
	enum ptpdk_ts_source source;  /**< stamps it converts; PTPDK_TS_NONE: none */
	const char *name;	      /**< NULL: "vclock" */
	double max_ppb;		      /**< 0: PTPDK_VCLOCK_MAX_PPB; below PTPDK_VCLOCK_PPB_LIMIT */
};

/**
 * Create a clock over @p cfg->counter; it reads the counter once. Every operation
 * except get_freq reads the counter again; raw_to_time does not (it converts relative
 * to the last reading, see above). On success the clock owns the counter's ctx if
 * release is set; on failure the caller still does.
 * @return the clock, or NULL with errno EINVAL (bad counter, max_ppb, source),
 *         ENOMEM, or the counter's read error.
 */
struct ptpdk_clock *ptpdk_vclock_create(const struct ptpdk_vclock_config *cfg);

/** @return the state of a clock made by ptpdk_vclock_create(), NULL for any other. */
struct ptpdk_vclock *ptpdk_vclock_of(struct ptpdk_clock *clk);

#endif
