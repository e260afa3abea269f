/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The file operations the compliance writer uses (style rule 2: a table of functions), so
 * that tests can fail a write (ENOSPC, EIO, a short write) without filling a disk.
 * ptpdk_compliance_posix_io is the real one. Every operation returns a negative errno on
 * failure; @p ctx is the writer configuration's io_ctx.
 */
#ifndef PTPDK_COMPLIANCE_IO_H
#define PTPDK_COMPLIANCE_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ptpdk_compliance_io {
	/** Open (create, mode 0644) @p path for appending (O_APPEND). @return fd >= 0 */
	int (*open_append)(void *ctx, const char *path);
	/** One write(2) of @p len bytes: @return bytes written (maybe fewer) or -errno */
	ssize_t (*write)(void *ctx, int fd, const void *buf, size_t len);
	/** The file's size now. @return 0 */
	int (*size)(void *ctx, int fd, uint64_t *size);
	/** Cut the file to @p size bytes (a torn line). @return 0 */
	int (*truncate)(void *ctx, int fd, uint64_t size);
	/** Make written data durable (fdatasync). @return 0 */
	int (*sync)(void *ctx, int fd);
	void (*close)(void *ctx, int fd);
	/**
	 * The newest (greatest by name) non-empty regular file in @p dir named @p prefix
	 * followed by a day and ".log" (PREFIX2025-03-01.log), into @p name.
	 * @return 1 with @p name; 0 when there is none; -errno when @p dir cannot be read
	 *	   (a missing directory is an error, not an empty log)
	 */
	int (*newest)(void *ctx, const char *dir, const char *prefix, char *name, size_t size);
	/**
	 * Up to @p size last bytes of @p path into @p buf. @return bytes read (the tail),
	 * with the file's whole size in *file_size
	 */
	ssize_t (*read_tail)(void *ctx, const char *path, char *buf, size_t size,
			     uint64_t *file_size);
};

/** open/write/ftruncate/fdatasync/opendir/pread on the real file system. */
extern const struct ptpdk_compliance_io ptpdk_compliance_posix_io;

#endif
