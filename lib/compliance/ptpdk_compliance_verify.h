/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verifying a compliance log: feed its lines in order (one or more consecutive daily
 * files as one chain) and learn the first broken link and why. Pure: the caller reads
 * the files and keeps file names and line numbers; lines arrive as bytes.
 *
 * What breaks a link, and what the reason says:
 *  - a line that is not a record, or was cut (no newline at the end of the input)
 *  - a record whose hash does not match its content (a field was edited)
 *  - a record of another instance, or one that does not link to the line before it:
 *    the sequence numbers then tell deleted lines (seq jumps ahead) from moved or
 *    inserted ones (seq goes back or repeats)
 *  - a genesis record after the first line
 * The first line of the input is trusted as the anchor unless it is a genesis record
 * (then its prev must be zeros and its seq 1): a file from the middle of a chain is
 * verified from there, and the summary says where it started.
 */
#ifndef PTPDK_COMPLIANCE_VERIFY_H
#define PTPDK_COMPLIANCE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_compliance_record.h"

/** What the lines said, for the summary. */
struct ptpdk_compliance_summary {
	uint64_t records;
	uint64_t first_seq;
	bool from_genesis; /**< the input starts at the chain's first record */
	bool have_span;
	int64_t first_utc_ns, last_utc_ns; /**< of the records with a known UTC time */
	uint64_t alarms_raised, alarms_cleared;
	uint64_t restarts;     /**< resume records: the daemon was down */
	uint64_t gap_s;	       /**< their gap_s added up */
	uint64_t lost_records; /**< lost records' counts added up */
	uint64_t clean_stops;
	bool alarm_active; /**< at the last record */
};

struct ptpdk_compliance_verifier {
	struct ptpdk_compliance_summary sum;
	bool have_last;
	struct ptpdk_compliance_record last;
	char why[200]; /**< the reason of the first failure */
	bool failed;
};

void ptpdk_compliance_verify_init(struct ptpdk_compliance_verifier *v);

/**
 * The next line, @p len bytes without its newline. @p complete false: the input ended
 * without a newline after it (a truncated file). After a failure every call fails
 * again with the same reason.
 * @return 0; -EBADMSG with v->why set
 */
int ptpdk_compliance_verify_line(struct ptpdk_compliance_verifier *v, const char *line, size_t len,
				 bool complete);

#endif
