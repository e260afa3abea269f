/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One record of the compliance log (MiFID II RTS 25: traceability of business clocks to
 * UTC) and its text line. Pure: no I/O, no clock; times arrive in the record.
 *
 * The line. One record per line, '\n'-terminated, ASCII, fields "key=value" separated by
 * one space, always in this order (optional fields only for the kinds named):
 *
 *   ptpdk-compliance/1 seq=17 kind=sample utc=2025-03-01T12:00:00.000000123Z
 *   realtime=2025-03-01T12:00:00.000001000Z instance=ptpdk0 gm=001b19.fffe.000001 class=6
 *   clock=LOCKED port=SLAVE offset_ns=-12 bound_ns=85 holdover=0 alarm=0 max_ns=100000
 *   [lost=N] [gap_s=S torn_bytes=B] prev=<64 hex> hash=<64 hex>
 *
 * (shown folded; it is one line). The fields:
 *   seq       1 for the first record of a chain, +1 for every line written after it
 *   kind      genesis   first record of a new chain (prev is 64 zeros)
 *             resume    first record after a restart; gap_s: seconds since the previous
 *                       record (the daemon was down), torn_bytes: bytes of an unfinished
 *                       line of the previous run that were cut off before linking
 *             sample    the once-a-second record
 *             alarm     the error bound went above max_ns (or is unbounded)
 *             clear     the alarm cleared (see ptpdk_compliance_alarm.h for hysteresis)
 *             lost      lost=N records could not be written (disk full, I/O error);
 *                       written as soon as writing works again, so a hole is visible
 *             stop      the daemon stopped cleanly
 *   utc       the disciplined clock's time converted to UTC, nanoseconds; "-" unknown
 *   realtime  the host's CLOCK_REALTIME at the same moment, for comparison only
 *   instance  the daemon instance that writes the chain
 *   gm        grandmaster clockIdentity (linuxptp's spelling); class its clockClass;
 *             both "-" without a parent
 *   clock     the clock's synchronisation state (FREERUN, LOCKING, LOCKED, HOLDOVER)
 *   port      the state of the port that follows the parent (or of port 1)
 *   offset_ns last measured offset from the master
 *   bound_ns  bound on |clock - UTC| in ns (rounded up); "inf" when unbounded
 *   holdover  1 while the clock holds over, alarm 1 while the alarm is raised
 *   max_ns    the configured maximum divergence from UTC
 *   prev      the hash of the previous line (64 zeros for genesis)
 *   hash      SHA-256 of the line's bytes before " hash=", in lowercase hex
 *
 * grep 'kind=alarm' finds the alarms, grep 'kind=\(resume\|lost\)' the holes.
 */
#ifndef PTPDK_COMPLIANCE_RECORD_H
#define PTPDK_COMPLIANCE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_sha256.h"

#define PTPDK_COMPLIANCE_TAG "ptpdk-compliance/1"
/** Longest line, newline included; a longer line is not a record. */
#define PTPDK_COMPLIANCE_LINE_MAX 640
/** Longest instance name ([A-Za-z0-9_.-]). */
#define PTPDK_COMPLIANCE_NAME_MAX 31
/** Longest clock or port state name (upper case letters and '_'). */
#define PTPDK_COMPLIANCE_STATE_MAX 15

enum ptpdk_compliance_kind {
	PTPDK_COMPLIANCE_GENESIS,
	PTPDK_COMPLIANCE_RESUME,
	PTPDK_COMPLIANCE_SAMPLE,
	PTPDK_COMPLIANCE_ALARM,
	PTPDK_COMPLIANCE_CLEAR,
	PTPDK_COMPLIANCE_LOST,
	PTPDK_COMPLIANCE_STOP,
	PTPDK_COMPLIANCE_KIND_COUNT
};

struct ptpdk_compliance_record {
	uint64_t seq;
	enum ptpdk_compliance_kind kind;
	bool utc_valid;
	int64_t utc_ns;	     /**< UTC, ns since 1970-01-01 (POSIX, no leap seconds) */
	int64_t realtime_ns; /**< CLOCK_REALTIME, ns since 1970-01-01 */
	char instance[PTPDK_COMPLIANCE_NAME_MAX + 1];
	bool have_gm;
	uint8_t gm_identity[8];
	uint8_t gm_clock_class;
	char clock_state[PTPDK_COMPLIANCE_STATE_MAX + 1];
	char port_state[PTPDK_COMPLIANCE_STATE_MAX + 1];
	int64_t offset_ns;
	bool bounded;	   /**< false: bound_ns is meaningless ("inf") */
	uint64_t bound_ns; /**< rounded up */
	bool holdover;
	bool alarm;
	uint64_t max_ns;
	uint64_t lost;	     /**< kind lost: records not written */
	uint64_t gap_s;	     /**< kind resume: seconds since the previous record */
	uint64_t torn_bytes; /**< kind resume: unfinished bytes cut off the previous run's file */
	uint8_t prev[PTPDK_SHA256_LEN];
	uint8_t hash[PTPDK_SHA256_LEN]; /**< of the line; filled by format and parse */
};

/** @return "sample", "alarm", ...; "?" out of range. */
const char *ptpdk_compliance_kind_name(enum ptpdk_compliance_kind kind);

/** @return true when @p name is 1..PTPDK_COMPLIANCE_NAME_MAX of [A-Za-z0-9_.-]. */
bool ptpdk_compliance_name_valid(const char *name);

/**
 * Write @p rec as a line (with its '\n' and a NUL) and compute rec->hash from it.
 * @return the line's length without the NUL; -EINVAL for an invalid instance or state
 *	   name or a kind out of range; -ENOSPC when @p size is too small
 */
int ptpdk_compliance_record_format(struct ptpdk_compliance_record *rec, char *line, size_t size);

/**
 * Parse one line (@p len bytes, without its '\n'; NUL bytes make it invalid) and check
 * its own hash. @p why receives a one-line reason on error.
 * @return 0; -EBADMSG when it is not a record (why says which field); -EILSEQ when it
 *	   is well formed but its hash does not match its content (it was edited)
 */
int ptpdk_compliance_record_parse(const char *line, size_t len, struct ptpdk_compliance_record *rec,
				  char *why, size_t whylen);

#endif
