/* SPDX-License-Identifier: BSD-3-Clause */
#include "metrics.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "region_view.h"

/* A label value as the exposition format wants it: \ " and newline escaped. */
static void put_label_value(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

/* The fewest digits that read back as @p x: -1.7e-08, not -1.7000000000000001e-08. */
static const char *shortest(double x, char buf[32])
{
	for (int digits = 6; digits < 17; digits++) {
		snprintf(buf, 32, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			return buf;
	}
	snprintf(buf, 32, "%.17g", x);
	return buf;
}

static void put_double(FILE *out, double x)
{
	char buf[32];

	if (isnan(x))
		fputs("NaN", out);
	else if (isinf(x))
		fputs(x > 0 ? "+Inf" : "-Inf", out);
	else
		fputs(shortest(x, buf), out);
}

static void clock_id(const uint8_t id[8], char out[19])
{
	snprintf(out, 19, "%02x%02x%02x.%02x%02x.%02x%02x%02x", id[0], id[1], id[2], id[3], id[4],
		 id[5], id[6], id[7]);
}

static void put_clock_labels(FILE *out, const struct region_view *v)
{
	fputs("ptpdk_instance=", out);
	put_label_value(out, v->where->name);
}

static void put_port_labels(FILE *out, const struct region_view *v, unsigned p)
{
	char name[sizeof(v->port[p].port_name) + 1];

	memcpy(name, v->port[p].port_name, sizeof(v->port[p].port_name));
	name[sizeof(name) - 1] = '\0';
	put_clock_labels(out, v);
	fprintf(out, ",port=\"%u\",port_name=", p);
	put_label_value(out, name);
}

static void family_head(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* ---- clock gauges: one value per running region ---- */

typedef bool (*clock_value_fn)(const struct region_view *v, double *x);

static bool clock_valid(const struct region_view *v, double *x)
{
	*x = (v->clock.flags & PTPDK_SHM_F_VALID) != 0;
	return true;
}

static bool clock_state(const struct region_view *v, double *x)
{
	*x = v->clock.clock_state;
	return true;
}

static bool servo_state(const struct region_view *v, double *x)
{
	*x = v->clock.servo_state;
	return true;
}

static bool offset(const struct region_view *v, double *x)
{
	*x = (double)v->clock.last_offset_ns * 1e-9;
	return (v->clock.flags & PTPDK_SHM_F_HAVE_PARENT) != 0;
}

static bool frequency(const struct region_view *v, double *x)
{
	*x = v->clock.freq_ppb;
	return true;
}

static bool error_bound(const struct region_view *v, double *x)
{
	*x = v->now.error_bound_ns * 1e-9;
	return v->now_ok;
}

static bool holdover(const struct region_view *v, double *x)
{
	*x = v->clock.holdover_s;
	return true;
}

static bool update_age(const struct region_view *v, double *x)
{
	*x = v->clock_age_s;
	return true;
}

static bool steps_removed(const struct region_view *v, double *x)
{
	*x = v->clock.steps_removed;
	return (v->clock.flags & PTPDK_SHM_F_HAVE_PARENT) != 0;
}

static bool utc_offset(const struct region_view *v, double *x)
{
	*x = v->clock.utc_offset_s;
	return true;
}

static bool gm_class(const struct region_view *v, double *x)
{
	*x = v->clock.clock_class;
	return true;
}

static bool gm_accuracy(const struct region_view *v, double *x)
{
	*x = v->clock.clock_accuracy;
	return true;
}

static bool gm_priority1(const struct region_view *v, double *x)
{
	*x = v->clock.gm_priority1;
	return (v->clock.flags & PTPDK_SHM_F_HAVE_PARENT) != 0;
}

static bool gm_priority2(const struct region_view *v, double *x)
{
	*x = v->clock.gm_priority2;
	return (v->clock.flags & PTPDK_SHM_F_HAVE_PARENT) != 0;
}

/* Raised while the daemon raised it more often than it cleared it (compliance_counts.h). */
static bool compliance_alarm(const struct region_view *v, double *x)
{
	int raised = ptpdk_shm_counter_find(v->client, PTPDK_SHM_SCOPE_CLOCK,
					    "compliance/alarms_raised");
	int cleared = ptpdk_shm_counter_find(v->client, PTPDK_SHM_SCOPE_CLOCK,
					     "compliance/alarms_cleared");

	if (raised < 0 || cleared < 0 || !v->values || !v->block_ok[0])
		return false;
	*x = region_view_counter(v, 0, (unsigned)raised) >
	     region_view_counter(v, 0, (unsigned)cleared);
	return true;
}

struct clock_family {
	const char *name, *help;
	clock_value_fn value;
};

static const struct clock_family clock_families[] = {
	{ "ptpdk_clock_valid",
	  "1 when consumers may use the clock's time (locked, or holdover within limits)",
	  clock_valid },
	{ "ptpdk_clock_state", "0 FREERUN, 1 ACQUIRING, 2 LOCKED, 3 HOLDOVER", clock_state },
	{ "ptpdk_servo_state", "servo state as ptp4l's s0..s3", servo_state },
	{ "ptpdk_offset_from_master_seconds", "last measured offset from the master", offset },
	{ "ptpdk_frequency_adjustment_ppb", "frequency adjustment applied to the clock",
	  frequency },
	{ "ptpdk_error_bound_seconds",
	  "bound on |clock - grandmaster| now, as consumers of the shared region get it (+Inf: "
	  "unknown)",
	  error_bound },
	{ "ptpdk_holdover_seconds", "time in holdover, 0 when not", holdover },
	{ "ptpdk_clock_update_age_seconds", "since the daemon last wrote the clock's record",
	  update_age },
	{ "ptpdk_steps_removed", "currentDS.stepsRemoved", steps_removed },
	{ "ptpdk_utc_offset_seconds", "currentUtcOffset (TAI - UTC)", utc_offset },
	{ "ptpdk_grandmaster_clock_class", "the grandmaster's clockClass (ours with no parent)",
	  gm_class },
	{ "ptpdk_grandmaster_clock_accuracy", "the grandmaster's clockAccuracy", gm_accuracy },
	{ "ptpdk_grandmaster_priority1", "the grandmaster's priority1", gm_priority1 },
	{ "ptpdk_grandmaster_priority2", "the grandmaster's priority2", gm_priority2 },
	{ "ptpdk_compliance_alarm",
	  "1 while the error bound exceeds the compliance log's maximum divergence from UTC",
	  compliance_alarm },
};

static void write_clock_family(FILE *out, const struct clock_family *f,
			       const struct region_view *views, unsigned n)
{
	double x;

	family_head(out, f->name, "gauge", f->help);
	for (unsigned i = 0; i < n; i++) {
		if (!views[i].up || !f->value(&views[i], &x))
			continue;
		fprintf(out, "%s{", f->name);
		put_clock_labels(out, &views[i]);
		fputs("} ", out);
		put_double(out, x);
		fputc('\n', out);
	}
}

/* ---- series with identities as labels ---- */

static void write_up(FILE *out, const struct region_view *views, unsigned n)
{
	family_head(out, "ptpdk_up", "gauge",
		    "1 when the instance's daemon runs and keeps its region fresh");
	for (unsigned i = 0; i < n; i++) {
		fputs("ptpdk_up{", out);
		put_clock_labels(out, &views[i]);
		fprintf(out, "} %d\n", views[i].up);
	}
}

static void write_info(FILE *out, const struct region_view *views, unsigned n)
{
	char id[19], name[sizeof(views->clock.clock_name) + 1];

	family_head(out, "ptpdk_info", "gauge", "the clock's identity, name and domain (always 1)");
	for (unsigned i = 0; i < n; i++) {
		const struct region_view *v = &views[i];

		if (!v->up)
			continue;
		clock_id(v->clock.clock_identity, id);
		memcpy(name, v->clock.clock_name, sizeof(v->clock.clock_name));
		name[sizeof(name) - 1] = '\0';
		fputs("ptpdk_info{", out);
		put_clock_labels(out, v);
		fprintf(out, ",clock_identity=\"%s\",domain=\"%u\",clock_name=", id,
			v->clock.domain_number);
		put_label_value(out, name);
		fputs("} 1\n", out);
	}
}

static void write_parent(FILE *out, const struct region_view *views, unsigned n)
{
	char gm[19], parent[19];

	family_head(out, "ptpdk_parent_info", "gauge",
		    "the grandmaster and parent port followed (always 1; absent with no parent)");
	for (unsigned i = 0; i < n; i++) {
		const struct region_view *v = &views[i];

		if (!v->up || !(v->clock.flags & PTPDK_SHM_F_HAVE_PARENT))
			continue;
		clock_id(v->clock.grandmaster_identity, gm);
		clock_id(v->clock.parent_clock_identity, parent);
		fputs("ptpdk_parent_info{", out);
		put_clock_labels(out, v);
		fprintf(out, ",grandmaster_identity=\"%s\",parent_port_identity=\"%s-%u\"} 1\n", gm,
			parent, v->clock.parent_port_number);
	}
}

/* ---- ports ---- */

static void write_port_state(FILE *out, const struct region_view *views, unsigned n)
{
	family_head(out, "ptpdk_port_state", "gauge",
		    "IEEE 1588 portState: 1 INITIALIZING 2 FAULTY 3 DISABLED 4 LISTENING "
		    "5 PRE_MASTER 6 MASTER 7 PASSIVE 8 UNCALIBRATED 9 SLAVE");
	for (unsigned i = 0; i < n; i++)
		for (unsigned p = 0; views[i].up && p < views[i].n_ports; p++) {
			if (!views[i].port_ok[p])
				continue;
			fputs("ptpdk_port_state{", out);
			put_port_labels(out, &views[i], p);
			fprintf(out, "} %u\n", views[i].port[p].port_state);
		}
}

static void write_port_delay(FILE *out, const struct region_view *views, unsigned n)
{
	family_head(out, "ptpdk_port_path_delay_seconds", "gauge",
		    "E2E mean path delay, or P2P peer delay (delay_mechanism), when measured");
	for (unsigned i = 0; i < n; i++)
		for (unsigned p = 0; views[i].up && p < views[i].n_ports; p++) {
			const struct ptpdk_shm_port_record *r = &views[i].port[p];

			if (!views[i].port_ok[p] || !(r->flags & PTPDK_SHM_PORT_F_PATH_DELAY_VALID))
				continue;
			fputs("ptpdk_port_path_delay_seconds{", out);
			put_port_labels(out, &views[i], p);
			fprintf(out, ",delay_mechanism=\"%s\"} ",
				r->flags & PTPDK_SHM_PORT_F_P2P ? "P2P" : "E2E");
			put_double(out, (double)r->path_delay_ns * 1e-9);
			fputc('\n', out);
		}
}

static void write_port_parent(FILE *out, const struct region_view *views, unsigned n)
{
	family_head(out, "ptpdk_port_follows_parent", "gauge",
		    "1 for the port whose master the clock follows");
	for (unsigned i = 0; i < n; i++)
		for (unsigned p = 0; views[i].up && p < views[i].n_ports; p++) {
			if (!views[i].port_ok[p])
				continue;
			fputs("ptpdk_port_follows_parent{", out);
			put_port_labels(out, &views[i], p);
			fprintf(out, "} %d\n",
				(views[i].port[p].flags & PTPDK_SHM_PORT_F_PARENT) != 0);
		}
}

/* ---- counters, named by the region ---- */

static void write_counter_block(FILE *out, const struct region_view *v,
				enum ptpdk_shm_counter_scope scope, unsigned p)
{
	const char *family = scope == PTPDK_SHM_SCOPE_CLOCK ? "ptpdk_clock_events_total"
							    : "ptpdk_port_events_total";
	unsigned block = scope == PTPDK_SHM_SCOPE_CLOCK ? 0 : 1 + p;
	unsigned n = scope == PTPDK_SHM_SCOPE_CLOCK ? v->n_clock_counters : v->n_port_counters;
	struct ptpdk_shm_counter_info info;

	if (!v->values || !v->block_ok[block])
		return;
	for (unsigned i = 0; ptpdk_shm_counter_info(v->client, i, &info) == 0; i++) {
		if (info.scope != scope || info.slot >= n)
			continue;
		fprintf(out, "%s{", family);
		if (scope == PTPDK_SHM_SCOPE_CLOCK)
			put_clock_labels(out, v);
		else
			put_port_labels(out, v, p);
		fputs(",counter=", out);
		put_label_value(out, info.name);
		fprintf(out, "} %" PRIu64 "\n", region_view_counter(v, block, info.slot));
	}
}

static void write_counters(FILE *out, const struct region_view *views, unsigned n)
{
	family_head(out, "ptpdk_clock_events_total", "counter",
		    "the clock's counters, by the name the daemon gives them (ptpdk-ctl counters)");
	for (unsigned i = 0; i < n; i++)
		if (views[i].up)
			write_counter_block(out, &views[i], PTPDK_SHM_SCOPE_CLOCK, 0);
	family_head(out, "ptpdk_port_events_total", "counter",
		    "each port's counters, by the name the daemon gives them (ptpdk-ctl counters)");
	for (unsigned i = 0; i < n; i++)
		for (unsigned p = 0; views[i].up && p < views[i].n_ports; p++)
			write_counter_block(out, &views[i], PTPDK_SHM_SCOPE_PORT, p);
}

/* ---- the exporter itself ---- */

static void write_self(FILE *out, const struct discover_result *found,
		       const struct exporter_stats *s)
{
	const struct {
		const char *name, *type, *help;
		uint64_t value;
	} rows[] = {
		{ "ptpdk_exporter_regions", "gauge", "regions found on this scrape", found->n },
		{ "ptpdk_exporter_regions_shadowed", "gauge",
		  "regions not exported: the same name in an earlier directory", found->shadowed },
		{ "ptpdk_exporter_regions_over_limit", "gauge",
		  "regions not exported: more than the exporter reads", found->overflow },
		{ "ptpdk_exporter_scrapes_total", "counter", "scrapes served", s->scrapes },
		{ "ptpdk_exporter_open_errors_total", "counter",
		  "regions that could not be opened or were refused (ptpdk-ctl status says why)",
		  s->open_errors },
		{ "ptpdk_exporter_read_errors_total", "counter",
		  "records or counter blocks of running daemons that could not be read",
		  s->read_errors },
		{ "ptpdk_exporter_http_bad_requests_total", "counter",
		  "requests refused: malformed, too long, or not GET/HEAD", s->http_bad },
		{ "ptpdk_exporter_http_not_found_total", "counter", "requests for other paths",
		  s->http_not_found },
		{ "ptpdk_exporter_http_timeouts_total", "counter",
		  "connections closed without a full request in time", s->http_timeouts },
		{ "ptpdk_exporter_http_send_errors_total", "counter", "replies not written in full",
		  s->http_send_errors },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		family_head(out, rows[i].name, rows[i].type, rows[i].help);
		fprintf(out, "%s %" PRIu64 "\n", rows[i].name, rows[i].value);
	}
}

int metrics_write(FILE *out, const struct discover_result *found, struct exporter_stats *stats)
{
	struct region_view *views = calloc(found->n ? found->n : 1, sizeof(*views));
	int rc;

	if (!views)
		return -1;
	stats->scrapes++;
	for (unsigned i = 0; i < found->n; i++)
		if (region_view_read(&views[i], &found->region[i], &stats->read_errors) != 0)
			stats->open_errors++;
	write_up(out, views, found->n);
	write_info(out, views, found->n);
	write_parent(out, views, found->n);
	for (size_t f = 0; f < sizeof(clock_families) / sizeof(clock_families[0]); f++)
		write_clock_family(out, &clock_families[f], views, found->n);
	write_port_state(out, views, found->n);
	write_port_delay(out, views, found->n);
	write_port_parent(out, views, found->n);
	write_counters(out, views, found->n);
	write_self(out, found, stats);
	for (unsigned i = 0; i < found->n; i++)
		region_view_release(&views[i]);
	free(views);
	rc = ferror(out) ? -1 : 0;
	return rc;
}
