/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_tsc.h"

#include <errno.h>
#include <stddef.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

uint64_t ptpdk_tsc_ticks(void *ctx)
{
	(void)ctx;
	return ptpdk_tsc_read_ordered();
}

bool ptpdk_tsc_invariant(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned a, b, c, d;

	if (!__get_cpuid(0x80000000, &a, &b, &c, &d) || a < 0x80000007)
		return false;
	if (!__get_cpuid(0x80000007, &a, &b, &c, &d))
		return false;
	return (d >> 8) & 1;
#else
	return true;
#endif
}

uint64_t ptpdk_tsc_nominal_hz(void)
{
#if defined(__aarch64__)
	uint64_t f;

	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
#elif defined(PTPDK_TSC_FALLBACK)
	return 1000000000ULL;
#else
	return 0;
#endif
}

static int tsc_read(void *ctx, uint64_t *raw)
{
	(void)ctx;
	*raw = ptpdk_tsc_read();
	return 0;
}

static int tsc_read_ordered(void *ctx, uint64_t *raw)
{
	(void)ctx;
	*raw = ptpdk_tsc_read_ordered();
	return 0;
}

void ptpdk_tsc_counter(struct ptpdk_counter *out, uint64_t hz)
{
	out->read = tsc_read;
	out->ctx = NULL;
	out->release = NULL;
	out->width = PTPDK_TSC_WIDTH;
	out->nominal_hz = hz;
}

int ptpdk_tsc_calibrate(uint64_t seed_hz, unsigned duration_ms, struct ptpdk_calibration *out)
{
	struct ptpdk_counter c;

	ptpdk_tsc_counter(&c, seed_hz);
	c.read = tsc_read_ordered;
	return ptpdk_counter_calibrate(&c, duration_ms, out);
}
