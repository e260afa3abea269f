/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The writer of the shared time region (ptpdk_shm_layout.h): creates the file,
 * maps it, and publishes clock and port records, each under its own sequence
 * counter, and counter blocks. One writer per region; records and heartbeat from one
 * thread (the engine lcore), counter blocks from one thread (maybe another): publish
 * and heartbeat never block and make no system call; create and destroy do.
 */
#ifndef PTPDK_SHM_WRITER_H
#define PTPDK_SHM_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ptpdk_shm_layout.h"

struct ptpdk_shm_writer_config {
	const char *name; /**< instance name; NULL: PTPDK_SHM_DEFAULT_NAME */
	/** Directory for ptpdk-shm-<name>; NULL: the first hugetlbfs mount with a free
	 * huge page, else /dev/shm (with a warning). */
	const char *dir;
	/** Only @p group (and the owner) may read the region: mode 0640. Otherwise 0644.
	 * A flag, so that a zeroed config never means root's group. */
	bool restrict_group;
	gid_t group;
	unsigned n_clocks;	       /**< 1..PTPDK_SHM_MAX_CLOCKS */
	unsigned n_ports;	       /**< 0..PTPDK_SHM_MAX_PORTS */
	uint64_t tsc_hz;	       /**< the TSC rate behind the records' mapping */
	uint32_t heartbeat_period_ms;  /**< 0: 100 */
	uint32_t heartbeat_timeout_ms; /**< 0: 500; at least 2 periods */
	/** The counter names section, copied at creation (NULL/0: no counter sections):
	 * clock counters first, then port counters, slots in order within each scope,
	 * as ptpdk_shm_layout.h requires. */
	const struct ptpdk_shm_counter_name *counters;
	unsigned n_counters; /**< 0..PTPDK_SHM_MAX_COUNTERS */
};

struct ptpdk_shm_writer;

/**
 * Create the region, replacing a file left by a writer that died: the header with
 * its section table, the clocks section, then the ports section. The header is
 * RUNNING and every record is invalid (flags 0, update_count 0) until published.
 * @p note (may be NULL) receives a warning even on success, e.g. the /dev/shm
 * fallback; empty when there is nothing to say.
 * @return the writer, or NULL with errno set and the reason in @p note:
 *	   EINVAL bad config, EEXIST another live writer holds the name, or the errno
 *	   of the file operations.
 */
struct ptpdk_shm_writer *ptpdk_shm_writer_create(const struct ptpdk_shm_writer_config *cfg,
						 char *note, size_t note_len);

/** Mark the region CLOSED (readers see -ESHUTDOWN), unmap it and remove the file. */
void ptpdk_shm_writer_destroy(struct ptpdk_shm_writer *w);

const char *ptpdk_shm_writer_path(const struct ptpdk_shm_writer *w);
bool ptpdk_shm_writer_on_hugepages(const struct ptpdk_shm_writer *w);

/**
 * Publish clock record @p index from @p rec: everything but seq, update_tsc,
 * update_mono_ns and update_count, which the writer sets (@p tsc, @p mono_ns).
 * @return 0, -EINVAL for an index out of range
 */
int ptpdk_shm_writer_publish_clock(struct ptpdk_shm_writer *w, unsigned index,
				   const struct ptpdk_shm_clock_record *rec, uint64_t tsc,
				   uint64_t mono_ns);

/**
 * Publish port record @p index as ptpdk_shm_writer_publish_clock() does; its clock's
 * record is untouched (clock readers do not retry for it).
 * @return 0, -EINVAL for an index or a rec->clock_index out of range
 */
int ptpdk_shm_writer_publish_port(struct ptpdk_shm_writer *w, unsigned index,
				  const struct ptpdk_shm_port_record *rec, uint64_t tsc,
				  uint64_t mono_ns);

/**
 * Publish counter block @p block (0: the clock's, 1 + i: port i's) under its own
 * sequence counter: @p n values in slot order, @p n being the number of counters of
 * the block's scope. Blocks have their own writer thread, which may differ from the
 * records' one (each block must have a single writer).
 * @return 0, -EINVAL for a block out of range or a wrong @p n
 */
int ptpdk_shm_writer_publish_counters(struct ptpdk_shm_writer *w, unsigned block,
				      const uint64_t *values, unsigned n, uint64_t tsc,
				      uint64_t mono_ns);

/** The header's heartbeat; call at least every heartbeat_period_ms. */
void ptpdk_shm_writer_heartbeat(struct ptpdk_shm_writer *w, uint64_t tsc, uint64_t mono_ns);

/**
 * Set a clock record's TSC-to-time mapping: the clock shows @p base_ns at @p base_tsc and
 * runs at @p tsc_hz ticks per second of its own time scaled by (1 + ppb * 1e-9).
 * @return 0, -EINVAL for a zero rate or a non-finite @p freq_ppb
 */
int ptpdk_shm_clock_set_mapping(struct ptpdk_shm_clock_record *rec, uint64_t base_tsc,
				int64_t base_ns, uint64_t tsc_hz, double freq_ppb);

#endif
