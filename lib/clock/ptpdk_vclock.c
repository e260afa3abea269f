/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_vclock.h"
#include "ptpdk_clock_private.h"
#include "ptpdk_u128.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* 1e9 * 2^s / hz, and whether it fits 64 bits. */
static bool nominal_mult(uint64_t hz, unsigned s, uint64_t *q)
{
	const uint64_t ns = 1000000000ULL;
	uint64_t hi, lo, rest;

	/* s is 33..74 for rates 1 Hz..2^40 Hz, so neither shift loses bits. */
	if (s >= 64) {
		hi = ns << (s - 64);
		lo = 0;
	} else {
		hi = ns >> (64 - s);
		lo = ns << s;
	}
	*q = ptpdk_u128_div64(hi, lo, hz, &rest);
	return rest == 0;
}

/*
 * ns per tick as mult / 2^shift. The nominal part 1e9 / hz is computed exactly in
 * integers and normalised to [2^62, 2^63), which leaves room for any rate factor
 * 1 + ppb 1e-9 below 2; the frequency correction, at most a small fraction of it, is
 * the only part that goes through a double. The result has about 63 significant bits.
 */
static int rate_for(uint64_t hz, double ppb, uint64_t *mult, unsigned *shift)
{
	uint64_t q = 0;
	unsigned s;
	int e;

	if (!isfinite(ppb) || fabs(ppb) >= PTPDK_VCLOCK_PPB_LIMIT)
		return -EINVAL;
	frexp(1e9 / (double)hz, &e);
	s = (unsigned)(63 - e);
	/* The double estimate can be one binade off at a power of two. */
	if (!nominal_mult(hz, s, &q) || q >= 1ULL << 63)
		nominal_mult(hz, --s, &q);
	else if (q < 1ULL << 62)
		nominal_mult(hz, ++s, &q);
	*mult = q + (uint64_t)llround((double)q * ppb * 1e-9);
	*shift = s;
	return 0;
}

/* |d| ticks as whole ns + frac/2^64 at the segment's rate; -ERANGE past 2^63 ns. */
static int scale(uint64_t a, const struct ptpdk_vclock_seg *s, uint64_t *whole, uint64_t *frac)
{
	uint64_t hi, lo, rest;

	ptpdk_u128_mul(a, s->mult, &hi, &lo);
	*whole = ptpdk_u128_shr(hi, lo, s->shift, &rest);
	if (rest || *whole > (uint64_t)INT64_MAX)
		return -ERANGE;
	if (s->shift >= 64)
		*frac = ptpdk_u128_shr(hi, lo, s->shift - 64, &rest);
	else
		*frac = lo << (64 - s->shift);
	return 0;
}

static int seg_time(const struct ptpdk_vclock_seg *s, uint64_t ext, int64_t *ns, uint64_t *frac)
{
	/* Modular difference read as signed: stamps before the segment start are
	 * negative, and ext values wrapping at 2^64 stay consistent. */
	int64_t d = (int64_t)(ext - s->ext);
	uint64_t a = d < 0 ? 0 - (uint64_t)d : (uint64_t)d;
	uint64_t whole, f, sum;
	int64_t w;
	int rc;

	rc = scale(a, s, &whole, &f);
	if (rc)
		return rc;
	w = (int64_t)whole;
	if (d < 0) {
		/* -(w + f) with a non-negative fraction is -(w + 1) + (1 - f). */
		if (f) {
			w = -w - 1;
			f = 0 - f;
		} else {
			w = -w;
		}
	}
	if (__builtin_add_overflow(s->ns, w, ns))
		return -ERANGE;
	sum = s->frac + f;
	if (sum < f && __builtin_add_overflow(*ns, 1, ns))
		return -ERANGE;
	*frac = sum;
	return 0;
}

static const struct ptpdk_vclock_seg *seg_for(const struct ptpdk_vclock *vc, uint64_t ext)
{
	if (vc->has_prev && (int64_t)(ext - vc->cur.ext) < 0)
		return &vc->prev;
	return &vc->cur;
}

static int to_tmv(int64_t ns, uint64_t frac, struct ptpdk_tmv *out)
{
	/* Round to the nearest 1/65536 ns. */
	uint64_t r = frac + (1ULL << 47);

	if (r < frac && __builtin_add_overflow(ns, 1, &ns))
		return -ERANGE;
	out->ns = ns;
	out->frac = (uint16_t)(r >> 48);
	return 0;
}

static uint64_t unwrap(const struct ptpdk_vclock *vc, uint64_t raw)
{
	uint64_t d = (raw - vc->last) & vc->mask;

	/* Differences of half a wrap or more are taken as negative: a stamp slightly
	 * older than the last reading must not look almost a full wrap newer. */
	if (vc->mask != UINT64_MAX && d > vc->mask / 2)
		return vc->last + d - (vc->mask + 1);
	return vc->last + d;
}

static uint64_t default_window(const struct ptpdk_vclock *vc)
{
	uint64_t w = (uint64_t)PTPDK_VCLOCK_WINDOW_S * vc->nominal_hz;

	return w < vc->mask / 2 ? w : vc->mask / 2;
}

int ptpdk_vclock_init(struct ptpdk_vclock *vc, unsigned width, uint64_t nominal_hz, uint64_t raw,
		      const struct ptpdk_tmv *t)
{
	uint64_t mult;
	unsigned shift;

	if (!vc || !t || width < 8 || width > 64 || nominal_hz == 0 ||
	    nominal_hz > PTPDK_COUNTER_MAX_HZ)
		return -EINVAL;
	rate_for(nominal_hz, 0, &mult, &shift);
	vc->mask = ptpdk_counter_mask(width);
	vc->nominal_hz = nominal_hz;
	vc->window = default_window(vc);
	vc->last = raw & vc->mask;
	vc->ppb = 0;
	vc->cur.ext = vc->last;
	vc->cur.ns = t->ns;
	vc->cur.frac = (uint64_t)t->frac << 48;
	vc->cur.mult = mult;
	vc->cur.shift = shift;
	vc->prev = vc->cur;
	vc->has_prev = false;
	return 0;
}

uint64_t ptpdk_vclock_observe(struct ptpdk_vclock *vc, uint64_t raw)
{
	vc->last = unwrap(vc, raw);
	return vc->last;
}

int ptpdk_vclock_to_time(const struct ptpdk_vclock *vc, uint64_t raw, struct ptpdk_tmv *out)
{
	uint64_t ext = unwrap(vc, raw);
	int64_t dist = (int64_t)(ext - vc->last);
	uint64_t frac;
	int64_t ns;
	int rc;

	if ((dist < 0 ? 0 - (uint64_t)dist : (uint64_t)dist) > vc->window)
		return -ERANGE;
	rc = seg_time(seg_for(vc, ext), ext, &ns, &frac);
	if (rc)
		return rc;
	return to_tmv(ns, frac, out);
}

/* Start a new piece at ext showing (ns, frac); the old one serves older stamps. */
static void new_segment(struct ptpdk_vclock *vc, uint64_t ext, int64_t ns, uint64_t frac,
			uint64_t mult, unsigned shift)
{
	vc->prev = vc->cur;
	vc->has_prev = true;
	vc->cur.ext = ext;
	vc->cur.ns = ns;
	vc->cur.frac = frac;
	vc->cur.mult = mult;
	vc->cur.shift = shift;
}

int ptpdk_vclock_set_freq(struct ptpdk_vclock *vc, uint64_t raw_now, double ppb)
{
	uint64_t mult, frac, ext;
	unsigned shift;
	int64_t ns;
	int rc;

	rc = rate_for(vc->nominal_hz, ppb, &mult, &shift);
	if (rc)
		return rc;
	ext = unwrap(vc, raw_now);
	rc = seg_time(seg_for(vc, ext), ext, &ns, &frac);
	if (rc)
		return rc;
	vc->last = ext;
	new_segment(vc, ext, ns, frac, mult, shift);
	vc->ppb = ppb;
	return 0;
}

double ptpdk_vclock_freq(const struct ptpdk_vclock *vc)
{
	return vc->ppb;
}

int ptpdk_vclock_step(struct ptpdk_vclock *vc, uint64_t raw_now, int64_t delta_ns)
{
	uint64_t frac, ext = unwrap(vc, raw_now);
	int64_t ns;
	int rc;

	rc = seg_time(seg_for(vc, ext), ext, &ns, &frac);
	if (rc)
		return rc;
	if (__builtin_add_overflow(ns, delta_ns, &ns))
		return -ERANGE;
	vc->last = ext;
	new_segment(vc, ext, ns, frac, vc->cur.mult, vc->cur.shift);
	return 0;
}

int ptpdk_vclock_set_time(struct ptpdk_vclock *vc, uint64_t raw_now, const struct ptpdk_tmv *t)
{
	uint64_t ext = ptpdk_vclock_observe(vc, raw_now);

	new_segment(vc, ext, t->ns, (uint64_t)t->frac << 48, vc->cur.mult, vc->cur.shift);
	return 0;
}

void ptpdk_vclock_set_window(struct ptpdk_vclock *vc, uint64_t ticks)
{
	if (ticks == 0)
		vc->window = default_window(vc);
	else
		vc->window = ticks < vc->mask / 2 ? ticks : vc->mask / 2;
}

uint64_t ptpdk_vclock_window(const struct ptpdk_vclock *vc)
{
	return vc->window;
}

/* The clock over a counter. */

struct vclock_clock {
	struct ptpdk_clock base;
	struct ptpdk_counter ctr;
	struct ptpdk_vclock vc;
	enum ptpdk_ts_source source;
};

static inline struct vclock_clock *vclock_clock(struct ptpdk_clock *clk)
{
	return (struct vclock_clock *)clk;
}

static int vcc_read(struct vclock_clock *v, uint64_t *raw)
{
	return v->ctr.read(v->ctr.ctx, raw);
}

static int vcc_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now)
{
	struct vclock_clock *v = vclock_clock(clk);
	uint64_t raw;
	int rc = vcc_read(v, &raw);

	if (rc)
		return rc;
	ptpdk_vclock_observe(&v->vc, raw);
	return ptpdk_vclock_to_time(&v->vc, raw, now);
}

static int vcc_settime(struct ptpdk_clock *clk, const struct ptpdk_tmv *t)
{
	struct vclock_clock *v = vclock_clock(clk);
	uint64_t raw;
	int rc = vcc_read(v, &raw);

	return rc ? rc : ptpdk_vclock_set_time(&v->vc, raw, t);
}

static int vcc_adjust_phase(struct ptpdk_clock *clk, int64_t delta_ns)
{
	struct vclock_clock *v = vclock_clock(clk);
	uint64_t raw;
	int rc = vcc_read(v, &raw);

	return rc ? rc : ptpdk_vclock_step(&v->vc, raw, delta_ns);
}

static int vcc_adjust_freq(struct ptpdk_clock *clk, double ppb)
{
	struct vclock_clock *v = vclock_clock(clk);
	uint64_t raw;
	int rc = vcc_read(v, &raw);

	return rc ? rc : ptpdk_vclock_set_freq(&v->vc, raw, ppb);
}

static int vcc_get_freq(const struct ptpdk_clock *clk, double *ppb)
{
	*ppb = ptpdk_vclock_freq(&((const struct vclock_clock *)clk)->vc);
	return 0;
}

static int vcc_raw_to_time(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			   struct ptpdk_tmv *out)
{
	const struct vclock_clock *v = (const struct vclock_clock *)clk;

	if (v->source == PTPDK_TS_NONE || src != v->source)
		return -ENOTSUP;
	return ptpdk_vclock_to_time(&v->vc, raw, out);
}

static void vcc_destroy(struct ptpdk_clock *clk)
{
	struct vclock_clock *v = vclock_clock(clk);

	if (v->ctr.release)
		v->ctr.release(v->ctr.ctx);
	free(v);
}

static const struct ptpdk_clock_ops vclock_ops = {
	.gettime = vcc_gettime,
	.settime = vcc_settime,
	.adjust_phase = vcc_adjust_phase,
	.adjust_freq = vcc_adjust_freq,
	.get_freq = vcc_get_freq,
	.raw_to_time = vcc_raw_to_time,
	.destroy = vcc_destroy,
};

struct ptpdk_clock *ptpdk_vclock_create(const struct ptpdk_vclock_config *cfg)
{
	struct vclock_clock *v;
	double max_ppb;
	uint64_t raw;
	int rc;

	if (!cfg || ptpdk_counter_check(&cfg->counter) || cfg->source >= PTPDK_TS_SOURCE_MAX ||
	    !(cfg->max_ppb >= 0 && cfg->max_ppb < PTPDK_VCLOCK_PPB_LIMIT)) {
		errno = EINVAL;
		return NULL;
	}
	max_ppb = cfg->max_ppb > 0 ? cfg->max_ppb : PTPDK_VCLOCK_MAX_PPB;
	v = calloc(1, sizeof(*v));
	if (!v) {
		errno = ENOMEM;
		return NULL;
	}
	v->ctr = cfg->counter;
	v->source = cfg->source;
	rc = vcc_read(v, &raw);
	if (rc == 0)
		rc = ptpdk_vclock_init(&v->vc, v->ctr.width, v->ctr.nominal_hz,
				       cfg->anchored ? cfg->anchor_raw : raw, &cfg->initial);
	if (rc) {
		free(v);
		errno = -rc;
		return NULL;
	}
	ptpdk_vclock_observe(&v->vc, raw);
	ptpdk_clock_init_base(&v->base, &vclock_ops, cfg->name ? cfg->name : "vclock", max_ppb);
	return &v->base;
}

struct ptpdk_vclock *ptpdk_vclock_of(struct ptpdk_clock *clk)
{
	if (!clk || clk->ops != &vclock_ops)
		return NULL;
	return &vclock_clock(clk)->vc;
}
