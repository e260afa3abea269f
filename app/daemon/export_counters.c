/* SPDX-License-Identifier: BSD-3-Clause */
#include "export_counters.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "engine_cdesc.h"
#include "ptpdk_cdesc_tables.h"

/* Where a scope's values come from: the same for the names (a zeroed source) and the
 * values, so both walks visit the same counters in the same order. */
struct sources {
	const struct engine_status *st;
	const struct compliance_counts *comp;
	const struct lcore_cpu_counts *cpu;
	const struct ptpdk_rxq_counters *rx;
	const struct ptpdk_txq_counters *tx;
	unsigned port;
};

struct part {
	const char *prefix;
	const struct ptpdk_cdesc_table *table;
	const void *base;
};

static unsigned clock_parts(const struct sources *s, struct part *p)
{
	p[0] = (struct part){ "engine", &ptpdk_cdesc_engine, &s->st->counters };
	p[1] = (struct part){ "clock", &ptpdk_cdesc_ptp_clock, &s->st->ptp.counters };
	p[2] = (struct part){ "status", &engine_cdesc_status, s->st };
	p[3] = (struct part){ "compliance", &daemon_cdesc_compliance, s->comp };
	p[4] = (struct part){ "netmgmt", &ptpdk_cdesc_mgmt_net, &s->st->netmgmt };
	p[5] = (struct part){ "lcore_cpu", &daemon_cdesc_lcore_cpu, s->cpu };
	return 6;
}

static unsigned port_parts(const struct sources *s, struct part *p)
{
	p[0] = (struct part){ "rx", &ptpdk_cdesc_rxq, s->rx };
	p[1] = (struct part){ "tx", &ptpdk_cdesc_txq, s->tx };
	p[2] = (struct part){ "e2e", &ptpdk_cdesc_e2e, &s->st->e2e[s->port] };
	p[3] = (struct part){ "p2p", &ptpdk_cdesc_p2p, &s->st->p2p[s->port] };
	p[4] = (struct part){ "foreign", &ptpdk_cdesc_foreign, &s->st->foreign[s->port] };
	return 5;
}

struct collect {
	const char *prefix;
	uint32_t scope;
	struct ptpdk_shm_counter_name *names; /* NULL: collect values */
	uint64_t *values;
	unsigned n, max, slot;
};

static int collect_one(void *ctx, const struct ptpdk_cdesc_item *item)
{
	struct collect *c = ctx;

	if (c->n >= c->max)
		return -ENOSPC;
	if (c->names) {
		struct ptpdk_shm_counter_name *n = &c->names[c->n];

		memset(n, 0, sizeof(*n));
		if (ptpdk_cdesc_key(n->name, sizeof(n->name), c->prefix, item) >=
		    (int)sizeof(n->name))
			return -ENAMETOOLONG;
		n->scope = c->scope;
		n->slot = c->slot++;
	} else {
		c->values[c->n] = item->value;
	}
	c->n++;
	return 0;
}

static int walk(bool port, const struct sources *s, struct collect *c)
{
	struct part parts[6]; /* the larger of clock_parts() and port_parts() */
	unsigned n = port ? port_parts(s, parts) : clock_parts(s, parts);
	int rc = 0;

	c->scope = port ? PTPDK_SHM_SCOPE_PORT : PTPDK_SHM_SCOPE_CLOCK;
	c->slot = 0;
	for (unsigned i = 0; i < n && rc == 0; i++) {
		c->prefix = parts[i].prefix;
		rc = ptpdk_cdesc_walk(parts[i].table, parts[i].base, collect_one, c);
	}
	return rc;
}

int export_counter_names(struct ptpdk_shm_counter_name *out, unsigned max)
{
	/* Zeroed sources: only the names matter here. Static: engine_status is large. */
	static const struct engine_status st;
	static const struct ptpdk_rxq_counters rx;
	static const struct ptpdk_txq_counters tx;
	static const struct compliance_counts comp;
	static const struct lcore_cpu_counts cpu;
	struct sources s = { &st, &comp, &cpu, &rx, &tx, 0 };
	struct collect c = { .names = out, .max = max };
	int rc = walk(false, &s, &c);

	if (rc == 0)
		rc = walk(true, &s, &c);
	return rc ? rc : (int)c.n;
}

unsigned export_clock_values(const struct engine_status *st, const struct compliance_counts *comp,
			     const struct lcore_cpu_counts *cpu, uint64_t *out, unsigned max)
{
	static const struct compliance_counts none;
	static const struct lcore_cpu_counts no_cpu;
	struct sources s = { st, comp ? comp : &none, cpu ? cpu : &no_cpu, NULL, NULL, 0 };
	struct collect c = { .values = out, .max = max };

	walk(false, &s, &c);
	return c.n;
}

unsigned export_port_values(const struct ptpdk_rxq_counters *rx,
			    const struct ptpdk_txq_counters *tx, const struct engine_status *st,
			    unsigned port, uint64_t *out, unsigned max)
{
	struct sources s = { st, NULL, NULL, rx, tx, port };
	struct collect c = { .values = out, .max = max };

	walk(true, &s, &c);
	return c.n;
}

void export_counters_publish(struct ptpdk_shm_writer *w, const struct engine_status *st,
			     const struct compliance_counts *comp,
			     const struct lcore_cpu_counts *cpu,
			     const struct ptpdk_rxq_counters *rx,
			     const struct ptpdk_txq_counters *tx, unsigned n_ports, uint64_t tsc,
			     uint64_t mono_ns)
{
	static uint64_t v[PTPDK_SHM_MAX_COUNTERS]; /* the main lcore's alone */
	unsigned n = export_clock_values(st, comp, cpu, v, PTPDK_SHM_MAX_COUNTERS);

	ptpdk_shm_writer_publish_counters(w, 0, v, n, tsc, mono_ns);
	for (unsigned p = 0; p < n_ports; p++) {
		n = export_port_values(&rx[p], &tx[p], st, p, v, PTPDK_SHM_MAX_COUNTERS);
		ptpdk_shm_writer_publish_counters(w, 1 + p, v, n, tsc, mono_ns);
	}
}

void export_rxq_add(struct ptpdk_rxq_counters *sum, const struct ptpdk_rxq_counters *one)
{
	uint64_t *a = (uint64_t *)sum;
	const uint64_t *b = (const uint64_t *)one;

	/* Every member is a uint64_t counter (the descriptor tables check it). */
	for (size_t i = 0; i < sizeof(*sum) / sizeof(uint64_t); i++)
		a[i] += b[i];
}
