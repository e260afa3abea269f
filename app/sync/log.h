/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-sync's messages, phc2sys style: "ptpdk-sync[<CLOCK_MONOTONIC s>.<ms>]: line" on
 * stdout with -m, and the line to syslog unless -q (ident ptpdk-sync@NAME when following
 * instance NAME, as the unit's SyslogIdentifier; ptpdk-sync for a path). Errors go to
 * stderr as well, so that a failed start says why even without -m.
 */
#ifndef SYNC_LOG_H
#define SYNC_LOG_H

#include <stdbool.h>
#include <syslog.h>

/** @p instance: the instance followed, or NULL (a region given by path). */
void sync_log_open(bool print, bool use_syslog, const char *instance);
void sync_log_close(void);

/** One line at syslog @p level (LOG_INFO for samples). */
void sync_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** An error: stderr ("ptpdk-sync: ...") and syslog, never stdout. */
void sync_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
