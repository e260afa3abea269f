/* SPDX-License-Identifier: BSD-3-Clause */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "options.h"

static bool log_print;
static bool log_syslog;

void sync_log_open(bool print, bool use_syslog)
{
	log_print = print;
	log_syslog = use_syslog;
	/* Lines must reach a pipe (the lab's reader) as they happen. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (use_syslog)
		openlog(SYNC_PROG, LOG_PID, LOG_DAEMON);
}

void sync_log_close(void)
{
	if (log_syslog)
		closelog();
	log_syslog = false;
	fflush(stdout);
}

void sync_log(int level, const char *fmt, ...)
{
	struct timespec ts;
	char line[512];
	va_list ap;

	if (!log_print && !log_syslog)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (log_print) {
		/* ptp4l's prefix: monotonic seconds, milliseconds truncated. */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		printf(SYNC_PROG "[%lld.%03ld]: %s\n", (long long)ts.tv_sec, ts.tv_nsec / 1000000,
		       line);
	}
	if (log_syslog)
		syslog(level, "%s", line);
}

void sync_log_error(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, SYNC_PROG ": %s\n", line);
	if (log_syslog)
		syslog(LOG_ERR, "%s", line);
}
