/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_time.h"

#include <errno.h>
#include <math.h> /* isfinite(), a macro */

bool ptpdk_wire_ts_valid(const struct ptpdk_wire_ts *ts)
{
	return ts->seconds <= PTPDK_WIRE_SEC_MAX && ts->nanoseconds < PTPDK_NS_PER_SEC;
}

int ptpdk_wire_ts_to_tmv(const struct ptpdk_wire_ts *ts, struct ptpdk_tmv *out)
{
	if (!ptpdk_wire_ts_valid(ts))
		return -EINVAL;
	/* INT64_MAX ns is 9223372036 s; a 48-bit second count can exceed it. */
	if (ts->seconds > (uint64_t)(INT64_MAX / PTPDK_NS_PER_SEC) - 1)
		return -ERANGE;
	out->ns = (int64_t)ts->seconds * PTPDK_NS_PER_SEC + ts->nanoseconds;
	out->frac = 0;
	return 0;
}

int ptpdk_tmv_to_wire_ts(struct ptpdk_tmv t, struct ptpdk_wire_ts *out)
{
	if (t.ns < 0)
		return -ERANGE;
	out->seconds = (uint64_t)(t.ns / PTPDK_NS_PER_SEC);
	out->nanoseconds = (uint32_t)(t.ns % PTPDK_NS_PER_SEC);
	return 0;
}

struct ptpdk_tmv ptpdk_tmv_from_scaled(int64_t scaled_ns)
{
	/* Arithmetic shift floors, so the fraction is always the non-negative remainder. */
	struct ptpdk_tmv t = { .ns = scaled_ns >> 16, .frac = (uint16_t)(scaled_ns & 0xffff) };
	return t;
}

int ptpdk_tmv_to_scaled(struct ptpdk_tmv t, int64_t *scaled_ns)
{
	const int64_t limit = INT64_MAX >> 16;

	if (t.ns > limit || t.ns < -limit - 1)
		return -ERANGE;
	*scaled_ns = (int64_t)((uint64_t)t.ns << 16) | t.frac;
	return 0;
}

struct ptpdk_tmv ptpdk_tmv_from_ns(int64_t ns)
{
	struct ptpdk_tmv t = { .ns = ns, .frac = 0 };
	return t;
}

struct ptpdk_tmv ptpdk_tmv_add(struct ptpdk_tmv a, struct ptpdk_tmv b)
{
	uint32_t frac = (uint32_t)a.frac + b.frac;
	struct ptpdk_tmv r;

	/* Unsigned addition: defined wrap-around instead of signed-overflow UB. */
	r.ns = (int64_t)((uint64_t)a.ns + (uint64_t)b.ns + (frac >> 16));
	r.frac = (uint16_t)frac;
	return r;
}

struct ptpdk_tmv ptpdk_tmv_sub(struct ptpdk_tmv a, struct ptpdk_tmv b)
{
	int32_t frac = (int32_t)a.frac - b.frac;
	uint64_t borrow = frac < 0 ? 1 : 0;
	struct ptpdk_tmv r;

	r.ns = (int64_t)((uint64_t)a.ns - (uint64_t)b.ns - borrow);
	r.frac = (uint16_t)(frac + (borrow ? 65536 : 0));
	return r;
}

int ptpdk_tmv_cmp(struct ptpdk_tmv a, struct ptpdk_tmv b)
{
	if (a.ns != b.ns)
		return a.ns < b.ns ? -1 : 1;
	if (a.frac != b.frac)
		return a.frac < b.frac ? -1 : 1;
	return 0;
}

/* The value is ns + frac / 2^16, so an odd ns moves half a nanosecond (2^15 units)
 * into the fraction. */
struct ptpdk_tmv ptpdk_tmv_half(struct ptpdk_tmv t)
{
	int64_t odd = t.ns & 1;
	struct ptpdk_tmv h;

	h.ns = (t.ns - odd) / 2; /* exact: t.ns - odd is even, also when negative */
	h.frac = (uint16_t)((t.frac >> 1) | (odd << 15));
	return h;
}

int64_t ptpdk_tmv_round_ns(struct ptpdk_tmv t)
{
	return t.frac >= 0x8000 ? t.ns + 1 : t.ns;
}

double ptpdk_tmv_to_double_ns(struct ptpdk_tmv t)
{
	return (double)t.ns + (double)t.frac / 65536.0;
}

int ptpdk_tmv_from_double_ns(double ns, struct ptpdk_tmv *out)
{
	int64_t whole, frac;

	if (!isfinite(ns))
		return -EINVAL;
	if (ns >= 4611686018427387904.0 || ns <= -4611686018427387904.0)
		return -ERANGE;
	/* Floor, so that the fraction is non-negative as struct ptpdk_tmv wants it
	 * (casts only: this library does without libm). */
	whole = (int64_t)ns;
	if ((double)whole > ns)
		whole--;
	frac = (int64_t)((ns - (double)whole) * 65536.0 + 0.5);
	if (frac >= 65536) {
		whole++;
		frac = 0;
	}
	out->ns = whole;
	out->frac = (uint16_t)frac;
	return 0;
}

double ptpdk_scaled_to_double_ns(int64_t scaled_ns)
{
	return (double)scaled_ns / 65536.0;
}
