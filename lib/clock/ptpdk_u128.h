/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to lib/clock: the few 128-bit operations the clocks need, written with
 * 32-bit limbs rather than unsigned __int128 so that the arithmetic is the same on
 * every compiler and target.
 */
#ifndef PTPDK_U128_H
#define PTPDK_U128_H

#include <stdint.h>

/* a * b = hi:lo */
static inline void ptpdk_u128_mul(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	const uint64_t m32 = 0xffffffffULL;
	uint64_t p0 = (a & m32) * (b & m32), p1 = (a & m32) * (b >> 32);
	uint64_t p2 = (a >> 32) * (b & m32), p3 = (a >> 32) * (b >> 32);
	uint64_t mid = (p0 >> 32) + (p1 & m32) + (p2 & m32);

	*lo = (p0 & m32) | (mid << 32);
	*hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
}

/* (hi:lo) >> s for s in 0..127: returns the low 64 bits, *rest the high 64. */
static inline uint64_t ptpdk_u128_shr(uint64_t hi, uint64_t lo, unsigned s, uint64_t *rest)
{
	if (s == 0) {
		*rest = hi;
		return lo;
	}
	if (s < 64) {
		*rest = hi >> s;
		return (lo >> s) | (hi << (64 - s));
	}
	*rest = 0;
	return hi >> (s - 64);
}

/*
 * hi:lo / d for 0 < d < 2^32, limb by limb: returns the low 64 bits of the quotient,
 * *rem the remainder; *rest the high 64 bits of the quotient.
 */
static inline uint64_t ptpdk_u128_div32(uint64_t hi, uint64_t lo, uint32_t d, uint64_t *rest,
					uint64_t *rem)
{
	const uint32_t limb[4] = { (uint32_t)(hi >> 32), (uint32_t)hi, (uint32_t)(lo >> 32),
				   (uint32_t)lo };
	uint64_t q[4], r = 0;
	int i;

	for (i = 0; i < 4; i++) {
		uint64_t cur = (r << 32) | limb[i];

		q[i] = cur / d;
		r = cur % d;
	}
	*rest = (q[0] << 32) | q[1];
	*rem = r;
	return (q[2] << 32) | q[3];
}

/* hi:lo / d for d > 0, bit by bit (for rare work such as a rate change): returns the
 * low 64 bits of the quotient, *rest the high 64 bits. */
static inline uint64_t ptpdk_u128_div64(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rest)
{
	uint64_t qhi = 0, qlo = 0, r = 0;
	int i;

	for (i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1 : (lo >> i) & 1;
		uint64_t top = r >> 63;

		r = (r << 1) | bit;
		/* top set: the true remainder is 2^64 + r, certainly >= d. */
		if (top || r >= d) {
			r -= d;
			if (i >= 64)
				qhi |= 1ULL << (i - 64);
			else
				qlo |= 1ULL << i;
		}
	}
	*rest = qhi;
	return qlo;
}

#endif
