/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-sync's command line (phc2sys's letters where phc2sys has the option). Other
 * scripts depend on these names: change them only together with those scripts.
 */
#ifndef SYNC_OPTIONS_H
#define SYNC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SYNC_PROG "ptpdk-sync"

#define SYNC_RATE_MIN_HZ 0.125
#define SYNC_RATE_MAX_HZ 64.0
/** NTP SHM units: key 0x4e545030 + unit, a positive int; ntpd uses 0..3, chrony any. */
#define SYNC_NTP_SHM_MAX_UNIT (0x7fffffff - 0x4e545030)
/** Thresholds above this are surely a unit mistake (ns given as seconds). */
#define SYNC_MAX_THRESHOLD_S 1e6

struct sync_options {
	const char *shm;	       /**< instance name or a path (contains '/') */
	unsigned clock;		       /**< -c (or -r): clock index in the region */
	bool wait;		       /**< -w: wait for the region and valid time */
	double rate_hz;		       /**< samples per second */
	double step_threshold_s;       /**< -S; 0: never step after the first update */
	double first_step_threshold_s; /**< -F; 0: never step on the first update */
	bool dry_run;		       /**< discipline a shadow clock, never CLOCK_REALTIME */
	const char *chrony_sock;       /**< NULL: none */
	int ntp_shm_unit;	       /**< -1: none */
	bool print;		       /**< -m: lines to stdout */
	bool quiet;		       /**< -q: no syslog */
	double duration_s;	       /**< 0: until SIGINT/SIGTERM */
};

enum sync_options_result {
	SYNC_OPTIONS_RUN = 0,
	SYNC_OPTIONS_HELP = 1, /**< --help: print the usage, exit 0 */
};

/** The defaults (phc2sys's where it has the option). */
void sync_options_init(struct sync_options *o);

/**
 * Parse argv (argv[0] the program name) into @p o; strings point into @p argv. Resets
 * getopt's state first, so it may be called more than once.
 * @return SYNC_OPTIONS_RUN, SYNC_OPTIONS_HELP, or -EINVAL with a one-line message
 *	   naming the option in @p err (unknown option, missing or bad value, value out
 *	   of range, stray argument).
 */
int sync_options_parse(int argc, char **argv, struct sync_options *o, char *err, size_t err_len);

/** The feed modes: chronyd or ntpd disciplines CLOCK_REALTIME, not us. */
bool sync_options_feed(const struct sync_options *o);

void sync_options_usage(FILE *out);

#endif
