/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Appends compliance records to daily files DIR/ptpdk-compliance-INSTANCE-YYYY-MM-DD.log
 * (the UTC day of the record; CLOCK_REALTIME's while the clock's UTC is unknown) and
 * keeps the hash chain going across days and restarts. All file access goes through an
 * I/O table (ptpdk_compliance_io.h). Not thread-safe: one owner (the daemon's main lcore).
 *
 * Start: the newest non-empty file of the instance is read back; its last line becomes
 * the link of this run's first record, a "resume" record carrying the gap since then
 * (a "genesis" record when there is no file). Bytes after the last newline are what a
 * crash left of an unfinished write: they are cut off and counted in torn_bytes, since
 * they were never a record. A last line that is not a valid record of this instance
 * is not papered over: opening fails and the file must be looked at.
 *
 * Failed writes (ENOSPC, EIO, a short write) never block or stop the caller. A short
 * write is cut back off the file so no torn line stays. The record is not in the
 * chain; it is counted, and as soon as a write succeeds again a "lost" record with the
 * count goes first, linked to the last line that is in the file. So the log shows a
 * hole as a hole, and the chain still verifies.
 *
 * Durability: lines are written with O_APPEND; ptpdk_compliance_writer_sync() runs
 * fdatasync, once a second in the daemon. That costs one disk flush a second (well
 * under a millisecond on SSDs, tens of ms on a busy spinning disk) on the main lcore,
 * never on the engine's; at most the last second is lost in a power cut.
 */
#ifndef PTPDK_COMPLIANCE_WRITER_H
#define PTPDK_COMPLIANCE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_compliance_chain.h"
#include "ptpdk_compliance_io.h"

#define PTPDK_COMPLIANCE_PATH_MAX    4096
#define PTPDK_COMPLIANCE_FILE_PREFIX "ptpdk-compliance-"

struct ptpdk_compliance_writer_conf {
	const char *dir;
	const char *instance; /**< [A-Za-z0-9_.-], at most PTPDK_COMPLIANCE_NAME_MAX */
	const struct ptpdk_compliance_io *io; /**< NULL: ptpdk_compliance_posix_io */
	void *io_ctx;
};

struct ptpdk_compliance_writer_counters {
	uint64_t written;      /**< lines in the files, this run */
	uint64_t lost;	       /**< records that could not be written, this run */
	uint64_t write_errors; /**< failed or short writes (and opens) */
	uint64_t sync_errors;  /**< failed fdatasync */
	uint64_t files_opened; /**< daily files opened (1 + day changes) */
	int last_error;	       /**< -errno of the last failure, 0 before any */
};

struct ptpdk_compliance_writer {
	struct ptpdk_compliance_writer_conf conf;
	const struct ptpdk_compliance_io *io;
	struct ptpdk_compliance_chain chain;
	int fd;	      /**< the open daily file, or -1 */
	char day[11]; /**< its UTC day */
	char path[PTPDK_COMPLIANCE_PATH_MAX];
	bool started;	       /**< this run's genesis/resume record is in the file */
	uint64_t pending_lost; /**< records lost since the last successful write */
	uint64_t torn_bytes;   /**< cut off the previous run's file at open */
	bool failing;	       /**< the last write failed */
	struct ptpdk_compliance_writer_counters counters;
};

/**
 * Find where the chain stands (read the newest file of @p conf->instance) without
 * writing anything yet: the first append writes the genesis or resume record.
 * @param err  receives a one-line reason on error
 * @return 0; -EINVAL for a bad instance name or an empty dir; -EBADMSG when the newest
 *	   file's last line is not a record; -EXDEV when it is another instance's; the
 *	   -errno of reading the directory or the file
 */
int ptpdk_compliance_writer_open(struct ptpdk_compliance_writer *w,
				 const struct ptpdk_compliance_writer_conf *conf, char *err,
				 size_t errlen);

/**
 * Append @p rec (its kind and fields; seq, instance, prev and hash are the writer's).
 * Before the run's first record the writer puts a genesis or resume record with the
 * same fields; after failures, a lost record. A failure is counted, never fatal.
 * @return 0 when @p rec is in the file; the -errno of the failure (the record is
 *	   counted as lost, the caller carries on)
 */
int ptpdk_compliance_writer_append(struct ptpdk_compliance_writer *w,
				   const struct ptpdk_compliance_record *rec);

/** fdatasync the open file. @return 0 or -errno (counted) */
int ptpdk_compliance_writer_sync(struct ptpdk_compliance_writer *w);

/**
 * Append a stop record with @p rec's fields (when @p rec is not NULL), sync and close.
 * @return the append's or sync's -errno, or 0
 */
int ptpdk_compliance_writer_close(struct ptpdk_compliance_writer *w,
				  const struct ptpdk_compliance_record *rec);

/** The hash of the last line in the chain, in hex (zeros before the first). */
void ptpdk_compliance_writer_last_hash(const struct ptpdk_compliance_writer *w,
				       char hex[PTPDK_SHA256_HEX_LEN + 1]);

#endif
