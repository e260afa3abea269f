/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UTC calendar arithmetic for the compliance log: POSIX time (ns since 1970-01-01,
 * every day 86400 s) to and from ISO 8601 text. Pure, and independent of the host's
 * time zone (no gmtime, no TZ).
 */
#ifndef PTPDK_COMPLIANCE_TIME_H
#define PTPDK_COMPLIANCE_TIME_H

#include <stddef.h>
#include <stdint.h>

/** Characters of "2025-03-01T12:00:00.000000123Z", without the NUL. */
#define PTPDK_COMPLIANCE_TIME_LEN 30

/** Write @p ns as 2025-03-01T12:00:00.000000123Z (int64 ns spans 1677..2262: always four-digit
 * years). */
void ptpdk_compliance_time_format(int64_t ns, char buf[PTPDK_COMPLIANCE_TIME_LEN + 1]);

/** Write the UTC day of @p ns as 2025-03-01. */
void ptpdk_compliance_day_format(int64_t ns, char buf[11]);

/**
 * Read exactly PTPDK_COMPLIANCE_TIME_LEN characters of @p text in the format above.
 * @return 0; -EINVAL for anything else (a bad digit, month 13, February 30, ...)
 */
int ptpdk_compliance_time_parse(const char *text, size_t len, int64_t *ns);

#endif
