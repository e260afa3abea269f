/* SPDX-License-Identifier: BSD-3-Clause */
#include "compliance.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ptpdk_msg.h"

#define COMPLIANCE_NS_PER_S 1000000000LL

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * COMPLIANCE_NS_PER_S + (uint64_t)ts.tv_nsec;
}

int compliance_open(struct compliance *c, const struct daemon_options *o, unsigned n_ports)
{
	const char *dir = ptpdk_config_str(o->cfg, -1, PTPDK_CFG_compliance_log_dir);
	const char *instance = ptpdk_config_str(o->cfg, -1, PTPDK_CFG_compliance_instance);
	struct ptpdk_compliance_writer_conf conf = { .dir = dir };
	char err[PTPDK_COMPLIANCE_PATH_MAX + 200], hash[PTPDK_SHA256_HEX_LEN + 1];

	memset(c, 0, sizeof(*c));
	if (!dir[0])
		return 0;
	conf.instance = instance[0] ? instance : o->instance;
	if (ptpdk_compliance_writer_open(&c->writer, &conf, err, sizeof(err)) != 0) {
		fprintf(stderr, "ptpdk: compliance log: %s\n", err);
		return -1;
	}
	c->enabled = true;
	c->n_ports = n_ports;
	c->max_ns = (uint64_t)ceil(
		ptpdk_config_double(o->cfg, -1, PTPDK_CFG_compliance_max_divergence) * 1e9);
	ptpdk_compliance_alarm_init(&c->alarm, c->max_ns);
	ptpdk_compliance_writer_last_hash(&c->writer, hash);
	printf("ptpdk: compliance log in %s, instance %s, max divergence %llu ns; chain %s %s\n",
	       dir, conf.instance, (unsigned long long)c->max_ns,
	       c->writer.chain.started ? "continues after hash" : "starts (genesis)",
	       c->writer.chain.started ? hash : "");
	return 0;
}

/* The clock's time now, in UTC; false when the clock's timescale gives no UTC. */
static bool utc_now(const struct engine_status *st, uint64_t mono_ns, int64_t *utc_ns)
{
	const struct ptpdk_ptp_clock_status *p = &st->ptp;
	int64_t t;

	if (!st->clock_time.valid)
		return false;
	t = st->clock_time.clock_ns + (int64_t)(mono_ns - st->clock_time.mono_ns);
	if (!(p->time_flags & PTPDK_FLAG_PTP_TIMESCALE))
		return false; /* ARB: an arbitrary epoch, not traceable to UTC */
	if (!(p->time_flags & PTPDK_FLAG_UTC_OFFSET_VALID) && p->have_parent)
		return false; /* TAI, but the master does not vouch for TAI-UTC */
	*utc_ns = t - (int64_t)p->current_utc_offset * COMPLIANCE_NS_PER_S;
	return true;
}

static void fill_record(const struct compliance *c, const struct engine_status *st,
			struct ptpdk_compliance_record *r)
{
	const struct ptpdk_ptp_clock_status *p = &st->ptp;
	uint64_t mono = clock_ns(CLOCK_MONOTONIC);
	unsigned port = p->have_parent && p->parent_port < c->n_ports ? p->parent_port : 0;

	memset(r, 0, sizeof(*r));
	r->kind = PTPDK_COMPLIANCE_SAMPLE;
	r->realtime_ns = (int64_t)clock_ns(CLOCK_REALTIME);
	r->utc_valid = utc_now(st, mono, &r->utc_ns);
	r->have_gm = p->have_parent;
	memcpy(r->gm_identity, p->parent.gm_identity, sizeof(r->gm_identity));
	r->gm_clock_class = p->parent.quality.clock_class;
	snprintf(r->clock_state, sizeof(r->clock_state), "%s",
		 ptpdk_ptp_clock_state_name(p->clock_state));
	/* Before the engine's first publication every state reads 0: the port is still
	 * being set up, and that is what the record says. */
	snprintf(r->port_state, sizeof(r->port_state), "%s",
		 p->port_state[port] ? ptpdk_port_state_name(p->port_state[port]) : "INITIALIZING");
	r->offset_ns = p->last_offset_ns;
	/* Only a locked clock with a finite bound and a known UTC time is bounded:
	 * holdover and every unlocked state count as unbounded (alarm). */
	r->bounded = p->clock_state == PTPDK_PTP_LOCKED && isfinite(p->error_bound_ns) &&
		     p->error_bound_ns >= 0 && p->error_bound_ns < 1e18 && r->utc_valid;
	r->bound_ns = r->bounded ? (uint64_t)ceil(p->error_bound_ns) : 0;
	r->holdover = p->clock_state == PTPDK_PTP_HOLDOVER;
	r->max_ns = c->max_ns;
}

static void append(struct compliance *c, const struct ptpdk_compliance_record *r)
{
	uint64_t lost_before = c->writer.counters.lost;
	int rc = ptpdk_compliance_writer_append(&c->writer, r);

	if (rc < 0 && !c->failure_reported) {
		fprintf(stderr,
			"ptpdk: compliance log: cannot write %s: %s; records are counted as lost "
			"and writing is retried every second (timing goes on)\n",
			c->writer.path[0] ? c->writer.path : c->writer.conf.dir, strerror(-rc));
		c->failure_reported = true;
	} else if (rc == 0 && c->failure_reported) {
		fprintf(stderr,
			"ptpdk: compliance log: writing again; %llu record(s) lost, noted in the "
			"log\n",
			(unsigned long long)lost_before);
		c->failure_reported = false;
	}
}

static void run_alarm(struct compliance *c, struct ptpdk_compliance_record *r)
{
	enum ptpdk_compliance_alarm_event ev =
		ptpdk_compliance_alarm_update(&c->alarm, r->bounded, (double)r->bound_ns);
	struct ptpdk_compliance_record line = *r;

	r->alarm = c->alarm.raised;
	if (ev == PTPDK_COMPLIANCE_ALARM_NONE)
		return;
	line.alarm = r->alarm;
	line.kind = ev == PTPDK_COMPLIANCE_ALARM_RAISED ? PTPDK_COMPLIANCE_ALARM
							: PTPDK_COMPLIANCE_CLEAR;
	if (ev == PTPDK_COMPLIANCE_ALARM_RAISED)
		printf("ptpdk: compliance ALARM: error bound %s%llu ns exceeds the maximum "
		       "divergence from UTC, %llu ns (clock %s)\n",
		       r->bounded ? "" : "unbounded, last ", (unsigned long long)r->bound_ns,
		       (unsigned long long)c->max_ns, r->clock_state);
	else
		printf("ptpdk: compliance alarm cleared: error bound %llu ns, maximum %llu ns\n",
		       (unsigned long long)r->bound_ns, (unsigned long long)c->max_ns);
	append(c, &line);
}

void compliance_tick(struct compliance *c, const struct engine_status *st)
{
	uint64_t mono = clock_ns(CLOCK_MONOTONIC);
	struct ptpdk_compliance_record r;

	if (!c->enabled || mono < c->next_mono_ns)
		return;
	/* On the second grid, so a late pass does not drift the schedule; a long stall
	 * (the process was stopped) skips the missed seconds instead of bursting. */
	c->next_mono_ns = (c->next_mono_ns ? c->next_mono_ns : mono) + COMPLIANCE_NS_PER_S;
	if (c->next_mono_ns <= mono)
		c->next_mono_ns = mono + COMPLIANCE_NS_PER_S;
	fill_record(c, st, &r);
	run_alarm(c, &r);
	append(c, &r);
	/* fdatasync once a second on the main lcore: the engine never waits for it. */
	ptpdk_compliance_writer_sync(&c->writer);
}

void compliance_counts_read(const struct compliance *c, struct compliance_counts *out)
{
	const struct ptpdk_compliance_writer_counters *w = &c->writer.counters;

	memset(out, 0, sizeof(*out));
	if (!c->enabled)
		return;
	out->alarms_raised = c->alarm.raised_count;
	out->alarms_cleared = c->alarm.cleared_count;
	out->records_written = w->written;
	out->records_lost = w->lost;
	out->write_errors = w->write_errors;
	out->sync_errors = w->sync_errors;
	out->files_opened = w->files_opened;
}

void compliance_close(struct compliance *c, const struct engine_status *st)
{
	struct ptpdk_compliance_record r;
	char hash[PTPDK_SHA256_HEX_LEN + 1];

	if (!c->enabled)
		return;
	if (st) {
		fill_record(c, st, &r);
		r.alarm = c->alarm.raised;
	}
	ptpdk_compliance_writer_close(&c->writer, st ? &r : NULL);
	ptpdk_compliance_writer_last_hash(&c->writer, hash);
	printf("ptpdk: compliance log: %llu line(s) written, %llu lost, %llu write error(s); "
	       "last hash %s\n",
	       (unsigned long long)c->writer.counters.written,
	       (unsigned long long)c->writer.counters.lost,
	       (unsigned long long)c->writer.counters.write_errors, hash);
	c->enabled = false;
}
