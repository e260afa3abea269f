/* SPDX-License-Identifier: BSD-3-Clause */
#include "region_view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void read_ports(struct region_view *v, uint64_t *read_errors)
{
	v->n_ports = ptpdk_shm_n_ports(v->client);
	if (v->n_ports > PTPDK_SHM_MAX_PORTS)
		v->n_ports = PTPDK_SHM_MAX_PORTS;
	for (unsigned p = 0; p < v->n_ports; p++) {
		v->port_ok[p] = ptpdk_shm_port_snapshot(v->client, p, &v->port[p]) == 0;
		if (!v->port_ok[p])
			(*read_errors)++;
	}
}

static int read_block(struct region_view *v, enum ptpdk_shm_counter_scope scope, unsigned index,
		      unsigned block, unsigned n)
{
	return ptpdk_shm_counters_snapshot(v->client, scope, index,
					   v->values + (uint64_t)block * v->stride, n, NULL);
}

static void read_counters(struct region_view *v, uint64_t *read_errors)
{
	v->n_clock_counters = ptpdk_shm_n_scope_counters(v->client, PTPDK_SHM_SCOPE_CLOCK);
	v->n_port_counters = ptpdk_shm_n_scope_counters(v->client, PTPDK_SHM_SCOPE_PORT);
	v->stride =
		v->n_clock_counters > v->n_port_counters ? v->n_clock_counters : v->n_port_counters;
	if (v->stride == 0)
		return; /* a writer without counters */
	v->values = calloc((size_t)(1 + v->n_ports) * v->stride, sizeof(uint64_t));
	if (!v->values) {
		(*read_errors)++;
		return;
	}
	v->block_ok[0] = read_block(v, PTPDK_SHM_SCOPE_CLOCK, 0, 0, v->n_clock_counters) == 0;
	if (!v->block_ok[0])
		(*read_errors)++;
	for (unsigned p = 0; p < v->n_ports; p++) {
		v->block_ok[1 + p] =
			read_block(v, PTPDK_SHM_SCOPE_PORT, p, 1 + p, v->n_port_counters) == 0;
		if (!v->block_ok[1 + p])
			(*read_errors)++;
	}
}

int region_view_read(struct region_view *v, const struct discovered *where, uint64_t *read_errors)
{
	const struct ptpdk_shm_header *h;
	int rc;

	memset(v, 0, sizeof(*v));
	v->where = where;
	if (ptpdk_shm_open(where->path, &v->client, NULL, 0) != 0) {
		v->client = NULL;
		return -1;
	}
	h = ptpdk_shm_header(v->client);
	if (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) != PTPDK_SHM_RUNNING)
		return 0;
	rc = ptpdk_shm_clock_snapshot(v->client, 0, &v->clock);
	if (rc != 0) {
		if (rc != -ESTALE && rc != -ESHUTDOWN)
			(*read_errors)++;
		return 0; /* stopped, dead or stalled: up 0, nothing else */
	}
	v->up = true;
	v->clock_age_s =
		(double)(int64_t)(ptpdk_shm_tsc() - v->clock.update_tsc) / (double)h->tsc_hz;
	if (v->clock_age_s < 0)
		v->clock_age_s = 0;
	rc = ptpdk_shm_now(v->client, 0, &v->now);
	v->now_ok = rc == 0 || rc == -ENODATA;
	read_ports(v, read_errors);
	read_counters(v, read_errors);
	return 0;
}

void region_view_release(struct region_view *v)
{
	free(v->values);
	v->values = NULL;
	if (v->client)
		ptpdk_shm_close(v->client);
	v->client = NULL;
}
