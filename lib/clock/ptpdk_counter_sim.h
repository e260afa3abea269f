/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A simulated counter whose value the caller drives: for unit tests and the
 * simulator, where an oscillator with a known frequency error counts simulated
 * time. It is a struct ptpdk_counter, so a "sim" clock is a virtual clock over it:
 *
 * @code
 *   struct ptpdk_counter_sim *osc = ptpdk_counter_sim_create(64, 1000000000, 0);
 *   struct ptpdk_vclock_config cfg = { .initial = t0, .source = PTPDK_TS_NIC_TICKS,
 *                                      .name = "sim" };
 *   ptpdk_counter_sim_set_error(osc, 12.5);       // the oscillator runs 12.5 ppb fast
 *   ptpdk_counter_sim_counter(osc, &cfg.counter);
 *   struct ptpdk_clock *clk = ptpdk_vclock_create(&cfg);
 *   ptpdk_counter_sim_advance_ns(osc, 125000000); // 125 ms of true time pass
 *   uint64_t stamp = ptpdk_counter_sim_raw(osc);  // what a NIC would latch now
 * @endcode
 *
 * Destroy the clocks built over it before the counter. Pure: no host clock is read.
 */
#ifndef PTPDK_COUNTER_SIM_H
#define PTPDK_COUNTER_SIM_H

#include <stdint.h>

#include "ptpdk_counter.h"

struct ptpdk_counter_sim;

/**
 * A counter of @p width bits (8..64) and nominal rate @p nominal_hz
 * (1..PTPDK_COUNTER_MAX_HZ), starting at @p start_ticks, with no frequency error.
 * @return the counter, or NULL with errno EINVAL or ENOMEM.
 */
struct ptpdk_counter_sim *ptpdk_counter_sim_create(unsigned width, uint64_t nominal_hz,
						   uint64_t start_ticks);

/** Free the counter; NULL is ignored. */
void ptpdk_counter_sim_destroy(struct ptpdk_counter_sim *sim);

/** Fill @p out so that clocks read this counter (the caller keeps ownership). */
void ptpdk_counter_sim_counter(struct ptpdk_counter_sim *sim, struct ptpdk_counter *out);

/** Set the unwrapped tick count; any fractional tick is dropped. */
void ptpdk_counter_sim_set(struct ptpdk_counter_sim *sim, uint64_t ticks);

/** Advance by whole ticks. */
void ptpdk_counter_sim_advance_ticks(struct ptpdk_counter_sim *sim, uint64_t ticks);

/**
 * Let @p ns of true time pass: the counter advances by ns * nominal_hz * (1 + error
 * ppb * 1e-9) / 1e9 ticks. The count is computed from the true time elapsed since
 * the last ptpdk_counter_sim_set() or _set_error(), not by adding increments, so
 * many small steps land on exactly the same count as one large one.
 */
void ptpdk_counter_sim_advance_ns(struct ptpdk_counter_sim *sim, uint64_t ns);

/**
 * Set the oscillator's true frequency error (positive: it runs fast); it may change
 * at any time (wander).
 * @return 0, -EINVAL when NaN, infinite or |ppb| >= 1e9.
 */
int ptpdk_counter_sim_set_error(struct ptpdk_counter_sim *sim, double ppb);

/** @return the true frequency error in ppb. */
double ptpdk_counter_sim_error(const struct ptpdk_counter_sim *sim);

/** @return the current raw value, wrapped to the width: a stamp taken now. */
uint64_t ptpdk_counter_sim_raw(const struct ptpdk_counter_sim *sim);

/** @return the unwrapped tick count. */
uint64_t ptpdk_counter_sim_ticks(const struct ptpdk_counter_sim *sim);

/** Make the following reads fail with @p err (negative errno); 0 restores them. */
void ptpdk_counter_sim_fail(struct ptpdk_counter_sim *sim, int err);

/** @return how many times clocks have read the counter. */
uint64_t ptpdk_counter_sim_reads(const struct ptpdk_counter_sim *sim);

#endif
