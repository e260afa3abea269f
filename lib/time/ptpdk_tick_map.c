/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_tick_map.h"

#include <errno.h>

int ptpdk_tick_map_at(const struct ptpdk_tick_map *map, uint64_t tick, struct ptpdk_tmv *out)
{
	int64_t d = (int64_t)(tick - map->base_tick);
	double ns, frac;
	int64_t whole;
	uint32_t f;

	if (!(map->ns_per_tick > 0))
		return -EINVAL;
	if (d > (int64_t)PTPDK_TICK_MAP_MAX_SPAN || d < -(int64_t)PTPDK_TICK_MAP_MAX_SPAN)
		return -ERANGE;
	ns = (double)d * map->ns_per_tick;
	/* Floor by hand (no libm in lib/time): the fraction must be in [0, 1). */
	whole = (int64_t)ns;
	if ((double)whole > ns)
		whole--;
	frac = (ns - (double)whole) * 65536.0;
	f = (uint32_t)(frac + 0.5);
	if (f >= 65536) {
		whole++;
		f -= 65536;
	}
	*out = ptpdk_tmv_add(map->base, (struct ptpdk_tmv){ .ns = whole, .frac = (uint16_t)f });
	return 0;
}

int ptpdk_tick_map_from_two(struct ptpdk_tick_map *map, uint64_t tick0, struct ptpdk_tmv t0,
			    uint64_t tick1, struct ptpdk_tmv t1)
{
	double span_ns;

	if (tick1 <= tick0)
		return -EINVAL;
	span_ns = ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(t1, t0));
	if (!(span_ns > 0))
		return -EINVAL;
	map->base_tick = tick0;
	map->base = t0;
	map->ns_per_tick = span_ns / (double)(tick1 - tick0);
	return 0;
}
