/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_clock_group.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "ptpdk_clock_private.h"

struct clock_group {
	struct ptpdk_clock base;
	struct ptpdk_clock *primary;
	struct ptpdk_clock *secondary[PTPDK_CLOCK_GROUP_MAX];
	unsigned n;
	uint64_t fanout_errors;
};

static const struct ptpdk_clock_ops group_ops;

static struct clock_group *to_group(struct ptpdk_clock *clk)
{
	return clk && clk->ops == &group_ops ? (struct clock_group *)clk : NULL;
}

static const struct clock_group *to_cgroup(const struct ptpdk_clock *clk)
{
	return clk && clk->ops == &group_ops ? (const struct clock_group *)clk : NULL;
}

static void fan_out(struct clock_group *g, int64_t delta_ns)
{
	for (unsigned i = 0; i < g->n; i++)
		if (ptpdk_clock_adjust_phase(g->secondary[i], delta_ns) != 0)
			g->fanout_errors++;
}

static int group_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now)
{
	return ptpdk_clock_gettime(to_group(clk)->primary, now);
}

/* A set is a step by the difference from what the primary showed just before: the
 * secondaries take that difference (the read-to-set gap shifts nobody relative to the
 * primary). */
static int group_settime(struct ptpdk_clock *clk, const struct ptpdk_tmv *t)
{
	struct clock_group *g = to_group(clk);
	struct ptpdk_tmv before;
	bool have_before = ptpdk_clock_gettime(g->primary, &before) == 0;
	int rc = ptpdk_clock_settime(g->primary, t);

	if (rc)
		return rc;
	if (have_before)
		fan_out(g, ptpdk_tmv_round_ns(ptpdk_tmv_sub(*t, before)));
	else
		g->fanout_errors += g->n;
	return 0;
}

static int group_adjust_phase(struct ptpdk_clock *clk, int64_t delta_ns)
{
	struct clock_group *g = to_group(clk);
	int rc = ptpdk_clock_adjust_phase(g->primary, delta_ns);

	if (rc == 0)
		fan_out(g, delta_ns);
	return rc;
}

/* The secondaries take the primary's change of frequency at once (their followers
 * would only catch up at their next measurement, the stamps drifting meanwhile). */
static int group_adjust_freq(struct ptpdk_clock *clk, double ppb)
{
	struct clock_group *g = to_group(clk);
	double before = 0.0, after;
	bool have_before = ptpdk_clock_get_freq(g->primary, &before) == 0;
	int rc = ptpdk_clock_adjust_freq(g->primary, ppb);

	if (rc < 0 || !have_before || ptpdk_clock_get_freq(g->primary, &after) != 0)
		return rc;
	for (unsigned i = 0; i < g->n && after != before; i++) {
		double f;

		if (ptpdk_clock_get_freq(g->secondary[i], &f) != 0 ||
		    ptpdk_clock_adjust_freq(g->secondary[i], f + (after - before)) < 0)
			g->fanout_errors++;
	}
	return rc;
}

static int group_get_freq(const struct ptpdk_clock *clk, double *ppb)
{
	return ptpdk_clock_get_freq(to_cgroup(clk)->primary, ppb);
}

static int group_raw_to_time(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			     struct ptpdk_tmv *out)
{
	return ptpdk_clock_raw_to_time(to_cgroup(clk)->primary, src, raw, out);
}

static void group_destroy(struct ptpdk_clock *clk)
{
	free(to_group(clk));
}

static const struct ptpdk_clock_ops group_ops = {
	.gettime = group_gettime,
	.settime = group_settime,
	.adjust_phase = group_adjust_phase,
	.adjust_freq = group_adjust_freq,
	.get_freq = group_get_freq,
	.raw_to_time = group_raw_to_time,
	.destroy = group_destroy,
};

struct ptpdk_clock *ptpdk_clock_group_create(struct ptpdk_clock *primary)
{
	struct clock_group *g;
	char name[PTPDK_CLOCK_NAME_LEN];

	if (!primary) {
		errno = EINVAL;
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (!g) {
		errno = ENOMEM;
		return NULL;
	}
	g->primary = primary;
	snprintf(name, sizeof(name), "group:%s", ptpdk_clock_name(primary));
	ptpdk_clock_init_base(&g->base, &group_ops, name, ptpdk_clock_max_freq(primary));
	return &g->base;
}

int ptpdk_clock_group_add(struct ptpdk_clock *group, struct ptpdk_clock *secondary)
{
	struct clock_group *g = to_group(group);

	if (!g || !secondary || secondary == g->primary || secondary == group)
		return -EINVAL;
	for (unsigned i = 0; i < g->n; i++)
		if (g->secondary[i] == secondary)
			return -EINVAL;
	if (g->n == PTPDK_CLOCK_GROUP_MAX)
		return -ENOSPC;
	g->secondary[g->n++] = secondary;
	return 0;
}

struct ptpdk_clock *ptpdk_clock_group_primary(const struct ptpdk_clock *group)
{
	const struct clock_group *g = to_cgroup(group);

	return g ? g->primary : NULL;
}

uint64_t ptpdk_clock_group_fanout_errors(const struct ptpdk_clock *group)
{
	const struct clock_group *g = to_cgroup(group);

	return g ? g->fanout_errors : 0;
}
