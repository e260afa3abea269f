/* SPDX-License-Identifier: BSD-3-Clause */
#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "ptpdk_bmca.h"
#include "ptpdk_shm_layout.h"

#define OUTPUT_BATCH 64

int output_open(struct output *o, const struct output_conf *conf, double start_mono_s)
{
	memset(o, 0, sizeof(*o));
	o->conf = *conf;
	o->start_mono_s = start_mono_s;
	o->window_start_s = start_mono_s;
	o->totals.first_lock_s = -1;
	if (conf->stats_file && conf->stats_file[0]) {
		o->stats = fopen(conf->stats_file, "w");
		if (!o->stats) {
			fprintf(stderr, "ptpdk: %s: %s\n", conf->stats_file, strerror(errno));
			return -errno;
		}
		/* ptpd2's statistics file columns, which users already graph. */
		fprintf(o->stats,
			"# Timestamp, State, Clock ID, One Way Delay, Offset From Master, "
			"Slave to Master, Master to Slave, Drift, Last packet Received\n");
	}
	if (conf->samples_file && conf->samples_file[0]) {
		o->samples = fopen(conf->samples_file, "w");
		if (!o->samples) {
			int rc = -errno;

			fprintf(stderr, "ptpdk: %s: %s\n", conf->samples_file, strerror(errno));
			output_close(o);
			return rc;
		}
		fprintf(o->samples,
			"mono_s,seq,offset_ns,delay_ns,raw_delay_ns,freq_ppb,servo_state,"
			"step_ns,t1_ns,t2_ns,t3_ns,t4_ns,sync_window_ns,te_ns,truth_window_ns\n");
	}
	if (conf->use_syslog) {
		snprintf(o->ident, sizeof(o->ident), "ptpdk@%s",
			 conf->instance ? conf->instance : PTPDK_SHM_DEFAULT_NAME);
		openlog(o->ident, LOG_PID, LOG_DAEMON);
	}
	return 0;
}

void output_close(struct output *o)
{
	if (o->stats)
		fclose(o->stats);
	if (o->samples)
		fclose(o->samples);
	o->stats = o->samples = NULL;
	if (o->conf.use_syslog)
		closelog();
}

/* ptp4l's print(): "ptp4l[mono]: [tag ]line" on stdout with -m, syslog at its level. */
static void emit(struct output *o, int level, double mono_s, const char *line)
{
	const char *tag =
		o->conf.message_tag && o->conf.message_tag[0] ? o->conf.message_tag : NULL;

	if (level > o->conf.logging_level)
		return;
	if (o->conf.verbose) {
		printf("ptpdk[%.3f]: %s%s%s\n", mono_s, tag ? tag : "", tag ? " " : "", line);
		fflush(stdout);
	}
	if (o->conf.use_syslog)
		syslog(level, "%s%s%s", tag ? tag : "", tag ? " " : "", line);
}

static bool summaries(const struct output *o)
{
	return ldexp(1.0, o->conf.summary_interval) > o->conf.sync_interval_s;
}

static void summary_add(struct output *o, const struct ptpdk_ptp_sample *s, double mono_s)
{
	double off = (double)s->offset_ns;
	char line[160];
	double n, f_mean, d_mean;

	o->sum_off2 += off * off;
	if (fabs(off) > o->max_off)
		o->max_off = fabs(off);
	o->sum_freq += s->freq_ppb;
	o->sum_freq2 += s->freq_ppb * s->freq_ppb;
	o->sum_delay += (double)s->path_delay_ns;
	o->sum_delay2 += (double)s->path_delay_ns * (double)s->path_delay_ns;
	o->n_window++;
	if (mono_s - o->window_start_s < ldexp(1.0, o->conf.summary_interval))
		return;
	n = o->n_window;
	f_mean = o->sum_freq / n;
	d_mean = o->sum_delay / n;
	snprintf(line, sizeof(line),
		 "rms %4.0f max %4.0f freq %+6.0f +/- %3.0f delay %5.0f +/- %3.0f",
		 sqrt(o->sum_off2 / n), o->max_off, f_mean,
		 sqrt(fmax(0, o->sum_freq2 / n - f_mean * f_mean)), d_mean,
		 sqrt(fmax(0, o->sum_delay2 / n - d_mean * d_mean)));
	emit(o, LOG_INFO, mono_s, line);
	o->sum_off2 = o->max_off = o->sum_freq = o->sum_freq2 = o->sum_delay = o->sum_delay2 = 0;
	o->n_window = 0;
	o->window_start_s = mono_s;
}

static void stats_line(struct output *o, const struct engine_record *r)
{
	const struct ptpdk_ptp_sample *s = &r->u.sample.s;
	struct timespec ts;
	struct tm tm;
	char when[40], id[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	ptpdk_clock_identity_str(o->conf.clock_identity, id, sizeof(id));
	fprintf(o->stats, "%s.%06ld, slv, %s(unknown)/%u, %.9f, %.9f, %.9f, %.9f, %.3f, S\n", when,
		ts.tv_nsec / 1000, id, s->port + 1, (double)s->path_delay_ns * 1e-9,
		(double)s->offset_ns * 1e-9,
		ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(s->raw.t4, s->raw.t3)) * 1e-9,
		ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(s->raw.t2, s->raw.t1)) * 1e-9, s->freq_ppb);
}

static void sample(struct output *o, const struct engine_record *r)
{
	const struct ptpdk_ptp_sample *s = &r->u.sample.s;
	struct output_totals *t = &o->totals;
	double te = 0;
	char line[160];

	t->samples++;
	if (s->step_ns)
		t->steps++;
	t->servo_state = s->servo_state;
	t->last_offset_ns = s->offset_ns;
	t->last_delay_ns = s->path_delay_ns;
	t->last_freq_ppb = s->freq_ppb;
	if (r->u.sample.have_truth) {
		te = ptpdk_tmv_to_double_ns(
			ptpdk_tmv_sub(r->u.sample.clock_now, r->u.sample.realtime_now));
		t->last_te_ns = te;
		t->have_te = true;
	}
	if (summaries(o)) {
		summary_add(o, s, r->mono_s);
	} else {
		/* Byte-compatible with ptp4l's sample line: tools parse it. */
		snprintf(line, sizeof(line),
			 "master offset %10" PRId64 " s%d freq %+7.0f path delay %9" PRId64,
			 s->offset_ns, (int)s->servo_state, s->freq_ppb, s->path_delay_ns);
		emit(o, LOG_INFO, r->mono_s, line);
	}
	if (o->stats)
		stats_line(o, r);
	if (o->samples)
		fprintf(o->samples,
			"%.6f,%u,%" PRId64 ",%" PRId64 ",%" PRId64 ",%.3f,%d,%" PRId64 ",%" PRId64
			",%" PRId64 ",%" PRId64 ",%" PRId64 ",%u,%.1f,%u\n",
			r->mono_s, s->raw.seq, s->offset_ns, s->path_delay_ns,
			ptpdk_tmv_round_ns(s->raw.raw_delay), s->freq_ppb, (int)s->servo_state,
			s->step_ns, s->raw.t1.ns, s->raw.t2.ns, s->raw.t3.ns, s->raw.t4.ns,
			r->u.sample.rx_window_ns, r->u.sample.have_truth ? te : NAN,
			r->u.sample.truth_window_ns);
}

unsigned output_drain(struct output *o, struct engine *e)
{
	struct engine_record r[OUTPUT_BATCH];
	unsigned n = engine_records_take(e, r, OUTPUT_BATCH);

	for (unsigned i = 0; i < n; i++) {
		switch (r[i].kind) {
		case ENGINE_REC_SAMPLE:
			sample(o, &r[i]);
			break;
		case ENGINE_REC_STATE:
			if (r[i].u.state.to == PTPDK_PS_SLAVE && o->totals.first_lock_s < 0)
				o->totals.first_lock_s = r[i].mono_s - o->start_mono_s;
			break;
		case ENGINE_REC_LOG:
			/* enum ptpdk_ptp_log_level takes syslog's values */
			emit(o, (int)r[i].u.log.level, r[i].mono_s, r[i].u.log.line);
			break;
		}
	}
	if (n && o->stats)
		fflush(o->stats);
	if (n && o->samples)
		fflush(o->samples);
	return n;
}
