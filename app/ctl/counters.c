/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl [NAME] counters [--port N]: every counter the region names, the clock's
 * then each port's ("port0 rx/by_type/Sync 12"), or port N's alone. Names come from
 * the region, so this tool and a daemon of another version agree on them. --json: one
 * object on one line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "region.h"

/* One block's counters, each line "PREFIX NAME VALUE". */
static int print_block(const struct ptpdk_shm_client *c, enum ptpdk_shm_counter_scope scope,
		       unsigned index, const char *prefix)
{
	static uint64_t v[PTPDK_SHM_MAX_COUNTERS];
	struct ptpdk_shm_counter_info info;
	unsigned n = ptpdk_shm_n_scope_counters(c, scope);
	int rc = ptpdk_shm_counters_snapshot(c, scope, index, v, n, NULL);

	if (rc) {
		fprintf(stderr, "ptpdk-ctl: %s: %s counters: %s\n", ptpdk_shm_path(c), prefix,
			ptpdk_shm_strerror(rc));
		return CTL_EXIT_FAIL;
	}
	for (unsigned i = 0; ptpdk_shm_counter_info(c, i, &info) == 0; i++)
		if (info.scope == scope && info.slot < n)
			printf("%s %s %" PRIu64 "\n", prefix, info.name, v[info.slot]);
	return CTL_EXIT_OK;
}

/* One block as a JSON object {"name":value,...}. */
static int json_block(const struct ptpdk_shm_client *c, enum ptpdk_shm_counter_scope scope,
		      unsigned index)
{
	static uint64_t v[PTPDK_SHM_MAX_COUNTERS];
	struct ptpdk_shm_counter_info info;
	unsigned n = ptpdk_shm_n_scope_counters(c, scope);
	int rc = ptpdk_shm_counters_snapshot(c, scope, index, v, n, NULL);
	const char *sep = "";

	if (rc) {
		fprintf(stderr, "ptpdk-ctl: %s: counters: %s\n", ptpdk_shm_path(c),
			ptpdk_shm_strerror(rc));
		return CTL_EXIT_FAIL;
	}
	putchar('{');
	for (unsigned i = 0; ptpdk_shm_counter_info(c, i, &info) == 0; i++) {
		if (info.scope != scope || info.slot >= n)
			continue;
		fputs(sep, stdout);
		ctl_json_str(stdout, info.name);
		printf(":%" PRIu64, v[info.slot]);
		sep = ",";
	}
	putchar('}');
	return CTL_EXIT_OK;
}

/*
 * {"instance":"a","clock":{...},"ports":[{"index":0,"name":"...","counters":{...}}]}
 * on one line. Blocks are read one after another: each is consistent in itself.
 */
static int print_json(const struct ptpdk_shm_client *c, const struct ctl_region_opts *o)
{
	static struct ptpdk_shm_port_record r;
	unsigned n = ptpdk_shm_n_ports(c);
	const char *sep = "";
	int rc = CTL_EXIT_OK;

	fputs("{\"instance\":", stdout);
	ctl_json_str(stdout, ptpdk_shm_header(c)->instance);
	if (!o->have_port) {
		fputs(",\"clock\":", stdout);
		rc = json_block(c, PTPDK_SHM_SCOPE_CLOCK, 0);
	}
	fputs(",\"ports\":[", stdout);
	for (unsigned p = 0; p < n && rc == CTL_EXIT_OK; p++) {
		if (o->have_port && p != o->port)
			continue;
		/* A stale record still names its port: only the name is taken from it. */
		int snap = ptpdk_shm_port_snapshot(c, p, &r);
		if (snap != 0 && snap != -ESTALE)
			memset(&r, 0, sizeof(r));
		printf("%s{\"index\":%u,\"name\":", sep, p);
		ctl_json_str(stdout, r.port_name);
		fputs(",\"counters\":", stdout);
		rc = json_block(c, PTPDK_SHM_SCOPE_PORT, p);
		putchar('}');
		sep = ",";
	}
	fputs("]}\n", stdout);
	return rc;
}

static int print_counters(const struct ptpdk_shm_client *c, const struct ctl_region_opts *o)
{
	unsigned n = ptpdk_shm_n_ports(c);
	char prefix[32];
	int rc = CTL_EXIT_OK;

	if (ptpdk_shm_n_counters(c) == 0) {
		fprintf(stderr,
			"ptpdk-ctl: %s: the region has no counters (a writer before "
			"counters were exported)\n",
			ptpdk_shm_path(c));
		return CTL_EXIT_FAIL;
	}
	if (o->have_port && o->port >= n) {
		fprintf(stderr, "ptpdk-ctl: %s: no port %u (the region has %u)\n",
			ptpdk_shm_path(c), o->port, n);
		return CTL_EXIT_USAGE;
	}
	if (o->json)
		return print_json(c, o);
	if (!o->have_port)
		rc = print_block(c, PTPDK_SHM_SCOPE_CLOCK, 0, "clock");
	for (unsigned p = 0; p < n && rc == CTL_EXIT_OK; p++) {
		if (o->have_port && p != o->port)
			continue;
		snprintf(prefix, sizeof(prefix), "port%u", p);
		rc = print_block(c, PTPDK_SHM_SCOPE_PORT, p, prefix);
	}
	return rc;
}

int ctl_counters(const char *name, int argc, char **argv)
{
	struct ctl_region_opts o;
	struct ptpdk_shm_client *c;
	int rc = ctl_region_args(name, argc, argv, "jsp", &o);

	if (rc)
		return rc;
	c = ctl_region_open(&o);
	if (!c)
		return CTL_EXIT_FAIL;
	rc = print_counters(c, &o);
	ptpdk_shm_close(c);
	return rc;
}
