/* SPDX-License-Identifier: BSD-3-Clause */
#include "shadow.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ptpdk_vclock.h"

/*
 * The project's virtual clock (lib/clock) does the arithmetic: its counter is the
 * CLOCK_REALTIME reading itself, in ns at a nominal 1 GHz, starting with time = the
 * reading. Frequency changes and steps start new segments at the reading they come
 * with, exactly as on a clock over the TSC.
 */
struct shadow {
	struct sync_clock base;
	struct ptpdk_vclock vc;
	int64_t last_realtime_ns; /* the latest reading handed in: where a step happens */
};

static struct shadow *to_shadow(struct sync_clock *c)
{
	return (struct shadow *)c;
}

static void observe(struct shadow *s, int64_t realtime_ns)
{
	ptpdk_vclock_observe(&s->vc, (uint64_t)realtime_ns);
	s->last_realtime_ns = realtime_ns;
}

static int64_t shadow_read(struct sync_clock *c, int64_t realtime_ns)
{
	struct shadow *s = to_shadow(c);
	struct ptpdk_tmv t;

	observe(s, realtime_ns);
	/* Only a shadow 292 years from CLOCK_REALTIME could fail to convert. */
	if (ptpdk_vclock_to_time(&s->vc, (uint64_t)realtime_ns, &t) != 0)
		return realtime_ns;
	return ptpdk_tmv_round_ns(t);
}

static int shadow_set_freq(struct sync_clock *c, int64_t realtime_ns, double ppb)
{
	struct shadow *s = to_shadow(c);

	s->last_realtime_ns = realtime_ns;
	return ptpdk_vclock_set_freq(&s->vc, (uint64_t)realtime_ns, ppb);
}

static int shadow_step(struct sync_clock *c, int64_t ns)
{
	struct shadow *s = to_shadow(c);

	return ptpdk_vclock_step(&s->vc, (uint64_t)s->last_realtime_ns, ns);
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
	struct ptpdk_tmv zero = ptpdk_tmv_from_ns(0);

	if (!s || ptpdk_vclock_init(&s->vc, 64, 1000000000u, 0, &zero) != 0) {
		free(s);
		errno = ENOMEM;
		return NULL;
	}
	s->base.ops = &shadow_ops;
	s->base.name = "shadow of CLOCK_REALTIME";
	return &s->base;
}

double sync_shadow_phase_ns(struct sync_clock *c, int64_t realtime_ns)
{
	struct ptpdk_tmv t;

	if (ptpdk_vclock_to_time(&to_shadow(c)->vc, (uint64_t)realtime_ns, &t) != 0)
		return NAN;
	return ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(t, ptpdk_tmv_from_ns(realtime_ns)));
}

double sync_shadow_freq_ppb(const struct sync_clock *c)
{
	return ptpdk_vclock_freq(&((const struct shadow *)c)->vc);
}
