/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where regions live: the writer and the client share one lookup so that a
 * consumer started with the same instance name finds what the daemon made.
 * Not installed.
 */
#ifndef PTPDK_SHM_PATH_H
#define PTPDK_SHM_PATH_H

#include <stddef.h>

#define PTPDK_SHM_FALLBACK_DIR "/dev/shm"
#define PTPDK_SHM_MAX_DIRS     8

/**
 * The hugetlbfs mount points of this host, from /proc/mounts, in file order.
 * @return how many were written to @p dirs (each of @p dir_len bytes)
 */
unsigned ptpdk_shm_hugetlbfs_dirs(char dirs[][256], unsigned max, size_t dir_len);

/** @return snprintf's result for "<dir>/ptpdk-shm-<name>" into @p out */
int ptpdk_shm_file_path(char *out, size_t len, const char *dir, const char *name);

#endif
