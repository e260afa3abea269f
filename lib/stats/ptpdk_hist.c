/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_hist.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

/* Values below 2 * SUB_COUNT have unit-wide buckets. */
#define EXACT_LIMIT (2 * PTPDK_HIST_SUB_COUNT)

void ptpdk_hist_init(struct ptpdk_hist *h)
{
	memset(h, 0, sizeof(*h));
}

static unsigned int highest_bit(uint64_t v)
{
	return 63u - (unsigned int)__builtin_clzll(v);
}

/*
 * Bucket of a value in 0..PTPDK_HIST_MAX. Below EXACT_LIMIT the value is its own
 * index. Above, with e the highest set bit, the value keeps its top 8 bits
 * m = v >> (e - 7), in [128, 256), and the octave's group starts at
 * (e - 7) * 128; the first group (e = 8) then starts at 256 right after the
 * exact range.
 */
static unsigned int bucket_of(uint64_t v)
{
	unsigned int shift;

	if (v < EXACT_LIMIT)
		return (unsigned int)v;
	shift = highest_bit(v) - PTPDK_HIST_SUB_BITS;
	return shift * PTPDK_HIST_SUB_COUNT + (unsigned int)(v >> shift);
}

/* Largest value in bucket i (the inverse of bucket_of). */
static int64_t bucket_upper(unsigned int i)
{
	unsigned int shift, m;

	if (i < EXACT_LIMIT)
		return (int64_t)i;
	shift = i / PTPDK_HIST_SUB_COUNT - 1;
	m = i % PTPDK_HIST_SUB_COUNT + PTPDK_HIST_SUB_COUNT;
	return (int64_t)((((uint64_t)m + 1) << shift) - 1);
}

int64_t ptpdk_hist_bucket_upper(int64_t ns)
{
	if (ns < 0 || ns > PTPDK_HIST_MAX)
		return ns;
	return bucket_upper(bucket_of((uint64_t)ns));
}

/* 128-bit two's-complement accumulation: sum += hi:lo. */
static void sum_add(struct ptpdk_hist *h, int64_t hi, uint64_t lo)
{
	uint64_t old = h->sum_lo;

	h->sum_lo += lo;
	h->sum_hi = (int64_t)((uint64_t)h->sum_hi + (uint64_t)hi + (h->sum_lo < old ? 1 : 0));
}

/* Unsigned 64 x 64 -> 128 product from 32-bit halves (no compiler extension). */
static void mul_u64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);

	*lo = (mid << 32) | (p00 & 0xffffffffu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

void ptpdk_hist_record_n(struct ptpdk_hist *h, int64_t ns, uint64_t n)
{
	uint64_t mag, hi, lo;

	if (n == 0)
		return;
	if (h->count == 0 || ns < h->min)
		h->min = ns;
	if (h->count == 0 || ns > h->max)
		h->max = ns;
	h->count += n;

	/* sum += ns * n, exactly: multiply the magnitude, then negate the 128-bit
	 * product for a negative value. */
	mag = ns < 0 ? 0 - (uint64_t)ns : (uint64_t)ns;
	mul_u64(mag, n, &hi, &lo);
	if (ns < 0) {
		hi = ~hi + (lo == 0 ? 1 : 0);
		lo = 0 - lo;
	}
	sum_add(h, (int64_t)hi, lo);

	if (ns < 0)
		h->underflow += n;
	else if (ns > PTPDK_HIST_MAX)
		h->overflow += n;
	else
		h->buckets[bucket_of((uint64_t)ns)] += n;
}

void ptpdk_hist_record(struct ptpdk_hist *h, int64_t ns)
{
	ptpdk_hist_record_n(h, ns, 1);
}

void ptpdk_hist_merge(struct ptpdk_hist *dst, const struct ptpdk_hist *src)
{
	unsigned int i;

	if (src->count == 0)
		return;
	if (dst->count == 0 || src->min < dst->min)
		dst->min = src->min;
	if (dst->count == 0 || src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->underflow += src->underflow;
	dst->overflow += src->overflow;
	sum_add(dst, src->sum_hi, src->sum_lo);
	for (i = 0; i < PTPDK_HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
}

uint64_t ptpdk_hist_count(const struct ptpdk_hist *h)
{
	return h->count;
}

int64_t ptpdk_hist_min(const struct ptpdk_hist *h)
{
	return h->min;
}

int64_t ptpdk_hist_max(const struct ptpdk_hist *h)
{
	return h->max;
}

double ptpdk_hist_mean(const struct ptpdk_hist *h)
{
	uint64_t hi = (uint64_t)h->sum_hi, lo = h->sum_lo;
	bool neg = h->sum_hi < 0;
	double mag;

	if (h->count == 0)
		return 0.0;
	/* Convert the magnitude: for a small negative sum, hi * 2^64 + lo would
	 * cancel two huge doubles and lose everything. */
	if (neg) {
		hi = ~hi + (lo == 0 ? 1 : 0);
		lo = 0 - lo;
	}
	mag = (double)hi * 18446744073709551616.0 + (double)lo;
	return (neg ? -mag : mag) / (double)h->count;
}

/*
 * pct / 100 * n is computed in binary
 * floating point, so 99.9 % of 1000 comes out as 999.0000000000001; shaving a
 * relative 1e-12 off before ceil() keeps such exact products exact.
 */
uint64_t ptpdk_nearest_rank(double pct, uint64_t n)
{
	double x, r;

	if (!(pct > 0.0))
		return 1;
	if (pct >= 100.0)
		return n;
	x = pct / 100.0 * (double)n;
	r = ceil(x - x * 1e-12);
	if (r < 1.0)
		return 1;
	if (r >= (double)n)
		return n;
	return (uint64_t)r;
}

int64_t ptpdk_hist_percentile(const struct ptpdk_hist *h, double pct)
{
	uint64_t rank, seen;
	int64_t r;
	unsigned int i;

	if (h->count == 0)
		return 0;
	rank = ptpdk_nearest_rank(pct, h->count);
	if (rank == 1)
		return h->min;
	if (rank == h->count)
		return h->max;
	seen = h->underflow;
	if (rank <= seen)
		return h->max < -1 ? h->max : -1;
	for (i = 0; i < PTPDK_HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (rank <= seen) {
			r = bucket_upper(i);
			return r > h->max ? h->max : r;
		}
	}
	return h->max; /* in the overflow */
}
