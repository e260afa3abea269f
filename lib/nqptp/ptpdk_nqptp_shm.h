/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * nqptp's region as a POSIX shared-memory object: the writer that creates and serves
 * it, and a read-only mapping for consumers and tests. The protocols themselves are in
 * ptpdk_nqptp_region.h; this file only owns the object's life.
 *
 * Like nqptp, the writer opens the name with O_CREAT but not O_EXCL, so an object left
 * by a writer that died (nqptp's or ours) is taken over and re-initialised, and the
 * mode is forced to 0644 whatever the umask (nqptp clears its umask; a library must
 * not change a process-wide setting, so we fchmod() the object instead). Two live
 * writers on one name are not detected here: the control port's bind() on 9000 is what
 * keeps a second server away.
 */
#ifndef PTPDK_NQPTP_SHM_H
#define PTPDK_NQPTP_SHM_H

#include <stdbool.h>
#include <sys/types.h>

#include "ptpdk_nqptp_region.h"

struct ptpdk_nqptp_writer;

/**
 * @return true when @p name is a portable shm_open() name: a '/', then 1..254
 * characters none of which is '/'.
 */
bool ptpdk_nqptp_shm_name_valid(const char *name);

/**
 * Create or take over the object @p name (NULL: PTPDK_NQPTP_DEFAULT_NAME), size it,
 * map it, and initialise it (records zero, version 10).
 * @param mode permission bits; 0 means PTPDK_NQPTP_SHM_MODE (0644)
 * @return the writer, or NULL with errno: EINVAL for a bad name or mode, ENOMEM, or the
 *	   errno of shm_open(), fchmod(), ftruncate() or mmap() (EACCES when the object
 *	   belongs to another user, as a root-owned /nqptp does to an unprivileged daemon)
 */
struct ptpdk_nqptp_writer *ptpdk_nqptp_writer_create(const char *name, mode_t mode);

/** Publish @p rec, or zeros ("no master") when NULL. No system call. */
void ptpdk_nqptp_writer_publish(struct ptpdk_nqptp_writer *w, const struct ptpdk_nqptp_record *rec);

/** The mapped region, for a writer's own checks and the tests. */
const struct ptpdk_nqptp_region *ptpdk_nqptp_writer_region(const struct ptpdk_nqptp_writer *w);

/**
 * Retire the region (zeros, version 0, which readers that keep their mapping see as
 * "service unavailable"), unmap it, and, when @p unlink, remove the name as nqptp does
 * on exit. NULL is a no-op.
 * @return 0, or the negative errno of shm_unlink() (the mapping is released anyway)
 */
int ptpdk_nqptp_writer_destroy(struct ptpdk_nqptp_writer *w, bool unlink);

/**
 * Map @p name (NULL: the default) read-only, as Shairport Sync does.
 * @return the region, or NULL with errno from shm_open(), fstat() or mmap(), or
 *	   EINVAL for a bad name, or EPROTO when the object is smaller than the region
 */
const struct ptpdk_nqptp_region *ptpdk_nqptp_reader_open(const char *name);

/** Unmap what ptpdk_nqptp_reader_open() returned. NULL is a no-op. */
void ptpdk_nqptp_reader_close(const struct ptpdk_nqptp_region *r);

#endif
