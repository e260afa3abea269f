/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libptpdk-shm's insides, shared by its source files (not installed): the client
 * as open() leaves it, and the helpers the counter reader borrows from the record
 * reader.
 */
#ifndef PTPDK_SHM_CLIENT_PRIV_H
#define PTPDK_SHM_CLIENT_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ptpdk_shm_client.h"

/* One section as the client walks it: entries may be larger than our structs. */
struct section_view {
	const char *base;
	size_t stride;
	unsigned count;
};

struct ptpdk_shm_client {
	char path[256];
	const struct ptpdk_shm_header *hdr;
	struct section_view clocks, ports;
	struct section_view names, blocks; /**< counters: count 0 when absent */
	unsigned n_scope[2];		   /**< counters per scope, checked at open */
	uint64_t counters_timeout_ticks;
	size_t size;
	uint64_t timeout_ticks;
	double seconds_per_tick;
	dev_t dev;
	ino_t ino;
};

/** 0 while the writer runs; -ESHUTDOWN when it stopped; -ESTALE before it started. */
int ptpdk_shm_writer_state_(const struct ptpdk_shm_client *c);

/**
 * Check the counter sections of a header that passed the section checks (bounds,
 * alignment, overlaps): names well-formed and in order, one block per port plus the
 * clock's, blocks large enough. Sets @p n_scope (counters per scope).
 * @return 0 or -EBADMSG with the reason in @p err
 */
int ptpdk_shm_counters_check(const struct ptpdk_shm_header *h, const char *path,
			     unsigned n_scope[2], char *err, size_t len);

#endif
