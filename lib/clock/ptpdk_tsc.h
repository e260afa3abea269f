/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The CPU's cycle counter as a struct ptpdk_counter: RDTSC on x86-64, CNTVCT_EL0
 * on AArch64, CLOCK_MONOTONIC_RAW nanoseconds elsewhere. No DPDK here: the same
 * value as rte_rdtsc(), so software stamps taken by the datapath with either
 * convert through a TSC clock (PTPDK_TS_TSC).
 */
#ifndef PTPDK_TSC_H
#define PTPDK_TSC_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_counter.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
/** Bits of the counter that are guaranteed (and used for unwrapping). */
#define PTPDK_TSC_WIDTH 64
#elif defined(__aarch64__)
/* The architecture guarantees at least 56 bits; unwrapping with 56 is right either way. */
#define PTPDK_TSC_WIDTH 56
#else
#include <time.h>
#define PTPDK_TSC_WIDTH	   64
#define PTPDK_TSC_FALLBACK 1
#endif

/** Read the counter: cheap, not ordered against surrounding instructions. */
static inline uint64_t ptpdk_tsc_read(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __rdtsc();
#elif defined(__aarch64__)
	uint64_t v;

	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(v));
	return v;
#else
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
#endif
}

/**
 * Read the counter after every earlier instruction has completed, for brackets
 * around another clock's reading (an unordered read may execute early and make a
 * bracket look narrower than it was).
 */
static inline uint64_t ptpdk_tsc_read_ordered(void)
{
#if defined(__x86_64__) || defined(__i386__)
	_mm_lfence();
	return __rdtsc();
#elif defined(__aarch64__)
	__asm__ __volatile__("isb" ::: "memory");
	return ptpdk_tsc_read();
#else
	return ptpdk_tsc_read();
#endif
}

/** ptpdk_tsc_read_ordered() as a function pointer (ptpdk_xts_sample()); @p ctx unused. */
uint64_t ptpdk_tsc_ticks(void *ctx);

/**
 * Whether the counter ticks at a constant rate whatever the CPU's power state.
 * x86: CPUID 0x80000007 EDX bit 8 (invariant TSC); many hypervisors hide the bit
 * although the TSC is usable, so treat false as a warning, not a refusal.
 * AArch64: always true, the generic timer runs at the constant CNTFRQ by architecture.
 * Fallback: true, CLOCK_MONOTONIC_RAW is constant-rate by definition.
 */
bool ptpdk_tsc_invariant(void);

/**
 * @return the counter's architectural rate when the CPU states it (AArch64 CNTFRQ_EL0,
 *         1 GHz for the fallback), 0 when it must be measured (x86).
 */
uint64_t ptpdk_tsc_nominal_hz(void);

/** Fill @p out with the TSC as a counter (unordered reads) of nominal rate @p hz. */
void ptpdk_tsc_counter(struct ptpdk_counter *out, uint64_t hz);

/**
 * Measure the TSC rate against CLOCK_MONOTONIC_RAW (ptpdk_counter_calibrate() with
 * ordered reads). @p seed_hz: rte_get_tsc_hz() when the caller has it, else 0.
 * Blocks for about @p duration_ms; 100 ms gives a few hundred ppb, 1 s a few tens.
 * @return as ptpdk_counter_calibrate(): 0, -EINVAL, -ERANGE, -EIO.
 */
int ptpdk_tsc_calibrate(uint64_t seed_hz, unsigned duration_ms, struct ptpdk_calibration *out);

#endif
