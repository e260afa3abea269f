/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The main lcore's side of the engine's records: ptp4l-format lines on stdout
 * (-m), syslog (unless -q), summaries (summary_interval), the ptpd2-style
 * statistics file and the samples CSV. Nothing here runs on the engine lcore.
 */
#ifndef DAEMON_OUTPUT_H
#define DAEMON_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "engine.h"
#include "ptpdk_shm_instance.h"

struct output_conf {
	bool verbose;	   /**< ptp4l -m: lines on stdout */
	bool use_syslog;   /**< ptp4l use_syslog */
	int logging_level; /**< syslog level up to which lines are emitted (ptp4l logging_level) */
	const char *message_tag;  /**< ptp4l message_tag: appended after the prefix, or NULL */
	const char *instance;	  /**< the instance name: syslog ident "ptpdk@NAME" */
	int summary_interval;	  /**< log2 seconds; summaries replace per-sample lines when longer
				     than the sync interval */
	const char *stats_file;	  /**< ptpd2-style CSV, or NULL */
	const char *samples_file; /**< per-sample CSV with t1..t4 and TE, or NULL */
	double sync_interval_s;	  /**< for the summary decision */
	uint8_t clock_identity[8];
};

/** Running figures since the start, for the final report and the status line. */
struct output_totals {
	uint64_t samples;
	uint64_t steps;
	double first_lock_s; /**< seconds from start to the first SLAVE; < 0: never */
	double last_te_ns;   /**< clock - CLOCK_REALTIME at the last sample */
	bool have_te;
	enum ptpdk_servo_state servo_state;
	int64_t last_offset_ns;
	int64_t last_delay_ns;
	double last_freq_ppb;
};

struct output {
	struct output_conf conf;
	FILE *stats;
	FILE *samples;
	double start_mono_s;
	/* summary window (ptp4l's rms/max/freq/delay statistics) */
	double sum_off2, max_off, sum_freq, sum_freq2, sum_delay, sum_delay2;
	unsigned n_window;
	double window_start_s;
	struct output_totals totals;
	/* openlog() keeps the pointer, so the ident lives as long as the output. */
	char ident[sizeof("ptpdk@") + PTPDK_SHM_INSTANCE_NAME_MAX];
};

/** Open files and syslog (ident "ptpdk@NAME", as the systemd unit's SyslogIdentifier,
 * so that the journal and syslog tell the instances apart). @return 0 or -errno
 * (printed). */
int output_open(struct output *o, const struct output_conf *conf, double start_mono_s);
void output_close(struct output *o);

/** Drain the engine's records and emit them. @return records handled */
unsigned output_drain(struct output *o, struct engine *e);

#endif
