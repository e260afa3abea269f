/* SPDX-License-Identifier: BSD-3-Clause */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "options.h"
#include "ptpdk_shm_instance.h"

static bool log_print;
static bool log_syslog;
/* openlog() keeps the pointer. */
static char log_ident[sizeof(SYNC_PROG "@") + PTPDK_SHM_INSTANCE_NAME_MAX];

void sync_log_open(bool print, bool use_syslog, const char *instance)
{
	log_print = print;
	log_syslog = use_syslog;
	/* Lines must reach a pipe (the lab's reader) as they happen. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (instance)
		snprintf(log_ident, sizeof(log_ident), SYNC_PROG "@%s", instance);
	else
		snprintf(log_ident, sizeof(log_ident), SYNC_PROG);
	if (use_syslog)
		openlog(log_ident, LOG_PID, LOG_DAEMON);
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
