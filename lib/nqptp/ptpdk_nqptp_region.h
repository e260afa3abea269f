/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The write and read protocols of nqptp's region (ptpdk_nqptp_layout.h) on memory the
 * caller has mapped: no system call, no clock, no lock.
 *
 * One writer. Each field is stored and loaded whole (relaxed atomics on the plain
 * uint64_t fields, so that the sanitizers see no data race and no field tears); the
 * ordering between main and secondary comes from full barriers, which is what nqptp's
 * __sync_synchronize() gives and what Shairport Sync's reader relies on.
 */
#ifndef PTPDK_NQPTP_REGION_H
#define PTPDK_NQPTP_REGION_H

#include <stdint.h>

#include "ptpdk_nqptp_layout.h"

/** What a read of the region found, in the order Shairport Sync checks it. */
enum ptpdk_nqptp_status {
	PTPDK_NQPTP_OK = 0,	      /**< a master's record, copied consistently */
	PTPDK_NQPTP_NO_MASTER,	      /**< consistent, but no master is selected (id 0) */
	PTPDK_NQPTP_UNAVAILABLE,      /**< version 0: no writer serves the region */
	PTPDK_NQPTP_VERSION_MISMATCH, /**< a writer of another interface version */
	PTPDK_NQPTP_INCONSISTENT,     /**< main never equalled secondary within the tries */
	PTPDK_NQPTP_STATUS_COUNT
};

/** "ok", "no-master", ...; "unknown" outside the enum. */
const char *ptpdk_nqptp_status_name(enum ptpdk_nqptp_status s);

/**
 * Make @p r a served region with no master: both records zero, then (after a
 * barrier) the version, so that a reader never sees version 10 beside garbage.
 */
void ptpdk_nqptp_region_init(struct ptpdk_nqptp_region *r);

/**
 * Publish @p rec (NULL: all zeros, "no master"): fill main, full barrier, copy main to
 * secondary, full barrier, as nqptp does; but first, behind a full barrier, set
 * secondary to the bitwise complement of the old main. Readers written for nqptp see
 * no difference (they only compare main with secondary), except that a read racing
 * the write can no longer accept a record mixing old and new fields, which nqptp's
 * protocol allows. Only the writer thread may call this.
 */
void ptpdk_nqptp_region_publish(struct ptpdk_nqptp_region *r, const struct ptpdk_nqptp_record *rec);

/**
 * The writer is leaving: publish zeros, then set the version to 0, which Shairport
 * Sync reports as "service unavailable" rather than trusting the last record.
 */
void ptpdk_nqptp_region_retire(struct ptpdk_nqptp_region *r);

/**
 * Read as Shairport Sync does: copy the region, barrier, copy it again, and accept the
 * first copy's main when it equals the second copy's secondary; otherwise try again,
 * at most @p max_tries times (0 counts as 1). Does not sleep: a caller that wants to
 * give the writer time sleeps between calls.
 * @param out the record (zeros unless PTPDK_NQPTP_OK); may be NULL
 * @param version the version seen (0 when inconsistent); may be NULL
 * @param tries the copies made, 1..max_tries; may be NULL
 * @return the status; PTPDK_NQPTP_INCONSISTENT when no pair matched
 */
enum ptpdk_nqptp_status ptpdk_nqptp_region_read(const struct ptpdk_nqptp_region *r,
						unsigned max_tries, struct ptpdk_nqptp_record *out,
						uint16_t *version, unsigned *tries);

#endif
