/* SPDX-License-Identifier: BSD-3-Clause */
#include "shadow.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

struct shadow {
	struct sync_clock base;
	double phase_ns; /* shadow - realtime at base_ns; double: exact to 2^53 ns (104 days) */
	int64_t base_ns; /* CLOCK_REALTIME reading of the last frequency change */
	bool have_base;
	double freq_ppb;
};

static struct shadow *to_shadow(struct sync_clock *c)
{
	return (struct shadow *)c;
}

static double phase_at(const struct shadow *s, int64_t realtime_ns)
{
	if (!s->have_base)
		return s->phase_ns;
	return s->phase_ns + (double)(realtime_ns - s->base_ns) * s->freq_ppb * 1e-9;
}

static int64_t shadow_read(struct sync_clock *c, int64_t realtime_ns)
{
	return realtime_ns + (int64_t)llround(phase_at(to_shadow(c), realtime_ns));
}

static int shadow_set_freq(struct sync_clock *c, int64_t realtime_ns, double ppb)
{
	struct shadow *s = to_shadow(c);

	if (!isfinite(ppb))
		return -EINVAL;
	s->phase_ns = phase_at(s, realtime_ns);
	s->base_ns = realtime_ns;
	s->have_base = true;
	s->freq_ppb = ppb;
	return 0;
}

static int shadow_step(struct sync_clock *c, int64_t ns)
{
	to_shadow(c)->phase_ns += (double)ns;
	return 0;
}

static int shadow_set_sync(struct sync_clock *c, double error_bound_ns)
{
	(void)c;
	(void)error_bound_ns;
	return 0;
}

static const struct sync_clock_ops shadow_ops = {
	.read = shadow_read,
	.set_freq = shadow_set_freq,
	.step = shadow_step,
	.set_sync = shadow_set_sync,
};

struct sync_clock *sync_shadow_create(void)
{
	struct shadow *s = calloc(1, sizeof(*s));

	if (!s) {
		errno = ENOMEM;
		return NULL;
	}
	s->base.ops = &shadow_ops;
	s->base.name = "shadow of CLOCK_REALTIME";
	return &s->base;
}

double sync_shadow_phase_ns(struct sync_clock *c, int64_t realtime_ns)
{
	return phase_at(to_shadow(c), realtime_ns);
}

double sync_shadow_freq_ppb(const struct sync_clock *c)
{
	return ((const struct shadow *)c)->freq_ppb;
}
