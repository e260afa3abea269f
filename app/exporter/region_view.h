/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One region as a scrape sees it: everything read first, each record and counter
 * block under its own sequence counter (libptpdk-shm), so that formatting touches no
 * shared memory and every family is written from the same copies.
 */
#ifndef EXPORTER_REGION_VIEW_H
#define EXPORTER_REGION_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "discover.h"
#include "ptpdk_shm_client.h"

struct region_view {
	const struct discovered *where;
	struct ptpdk_shm_client *client; /**< NULL: could not be opened */
	/** The writer runs and its clock record is fresh: the rest may be exported. */
	bool up;
	struct ptpdk_shm_clock_record clock;
	struct ptpdk_shm_time now;
	bool now_ok; /**< now holds a time or at least its bound (+inf: unknown) */
	double clock_age_s;
	unsigned n_ports;
	struct ptpdk_shm_port_record port[PTPDK_SHM_MAX_PORTS];
	bool port_ok[PTPDK_SHM_MAX_PORTS];
	/* Counters: block 0 the clock's, block 1 + p port p's; values[b * stride + slot]. */
	unsigned n_clock_counters, n_port_counters, stride;
	uint64_t *values;
	bool block_ok[1 + PTPDK_SHM_MAX_PORTS];
};

/**
 * Open and read @p where. @p read_errors is incremented for every record or block
 * that could not be read while the writer runs.
 * @return 0; -1 the region could not be opened (v->client NULL, v->up false)
 */
int region_view_read(struct region_view *v, const struct discovered *where, uint64_t *read_errors);

/** Release what region_view_read() took. */
void region_view_release(struct region_view *v);

/** Counter @p slot of block @p block (0 the clock, 1 + p port p). */
static inline uint64_t region_view_counter(const struct region_view *v, unsigned block,
					   unsigned slot)
{
	return v->values[(uint64_t)block * v->stride + slot];
}

#endif
