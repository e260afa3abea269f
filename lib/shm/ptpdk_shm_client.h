/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * libptpdk-shm: read ptpdk's time from its shared region without a system call and
 * without being a DPDK process (pkg-config: ptpdk-shm). The layout is in
 * ptpdk_shm_layout.h.
 *
 * A client is opened once (system calls: open, fstat, mmap) and then read from any
 * number of threads: ptpdk_shm_now() and the snapshots only read the mapping and
 * the TSC.
 *
 * Clocks and ports are numbered by their place in the region's sections: clock 0 is
 * the daemon's clock (ptpdk's ordinary clock has exactly one; a boundary clock
 * across NICs has one per PHC), and port record i says which clock port i belongs
 * to (clock_index). Error codes are negative errno values; ptpdk_shm_strerror() says
 * what each means for this library.
 *
 * The writer never shrinks a live region (a restart makes a new file), but a file
 * truncated by hand makes the next read of the mapping raise SIGBUS, as with any
 * mapped file. The library installs no signal handler; a consumer that must survive
 * that guards its reads (ptpdk-sync's follower.c does).
 */
#ifndef PTPDK_SHM_CLIENT_H
#define PTPDK_SHM_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_shm_layout.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library exports these and nothing else. */
#if defined(__GNUC__)
#define PTPDK_SHM_API __attribute__((visibility("default")))
#else
#define PTPDK_SHM_API
#endif

struct ptpdk_shm_client;

/** Torn reads a snapshot or now() retries before it gives up with -EAGAIN. */
#define PTPDK_SHM_READ_TRIES 1000

/**
 * Open the region. @p where is a path (it contains a '/'), or an instance name
 * looked up as ptpdk-shm-<name> in each hugetlbfs mount, then in /dev/shm; NULL
 * means PTPDK_SHM_DEFAULT_NAME.
 * @return 0 with *out set; -EINVAL a name that is not an instance name
 *	   ([A-Za-z0-9_.-], 1 to 31, not starting with '.' or '-'); -ENOENT no such
 *	   region (yet), -EACCES not readable by
 *	   us, -EBADF not a ptpdk region (bad magic or too small), -EPROTO another
 *	   ABI version, -EBADMSG a header or section table inconsistent with the file
 *	   (region size, header size, a section out of bounds, overlapping the header
 *	   or another section, misaligned, with entries smaller than this library's
 *	   records or more of them than the layout allows, no clock; counter names not
 *	   NUL-terminated, empty, out of order or of an unknown scope, one counter
 *	   section without the other, a block count other than 1 + ports, blocks too
 *	   small for their scope's values), -ENOMEM, or the
 *	   errno of open/mmap. @p err (may be NULL) receives a
 *	   one-line explanation naming the file.
 */
PTPDK_SHM_API int ptpdk_shm_open(const char *where, struct ptpdk_shm_client **out, char *err,
				 size_t err_len);

PTPDK_SHM_API void ptpdk_shm_close(struct ptpdk_shm_client *c);

/** The file that was opened. */
PTPDK_SHM_API const char *ptpdk_shm_path(const struct ptpdk_shm_client *c);

/** The header as mapped (read-only; fields documented in ptpdk_shm_layout.h). */
PTPDK_SHM_API const struct ptpdk_shm_header *ptpdk_shm_header(const struct ptpdk_shm_client *c);

/** Clock records in the region: at least 1. */
PTPDK_SHM_API unsigned ptpdk_shm_n_clocks(const struct ptpdk_shm_client *c);

/** Port records in the region (0 for a writer that publishes time only). */
PTPDK_SHM_API unsigned ptpdk_shm_n_ports(const struct ptpdk_shm_client *c);

/**
 * A consistent copy of clock record @p index, with bounded retries.
 * @return 0; -EINVAL index out of range; -EAGAIN torn PTPDK_SHM_READ_TRIES times;
 *	   -ESHUTDOWN the writer stopped (state CLOSED); -ESTALE the writer has not
 *	   refreshed the record within heartbeat_timeout_ms (dead or stalled) or has
 *	   not started. The copy is filled for -ESTALE (for display), never for the
 *	   others.
 */
PTPDK_SHM_API int ptpdk_shm_clock_snapshot(const struct ptpdk_shm_client *c, unsigned index,
					   struct ptpdk_shm_clock_record *out);

/**
 * A consistent copy of port record @p index: as ptpdk_shm_clock_snapshot(), with
 * the port's own sequence counter and liveness (its update_tsc).
 */
PTPDK_SHM_API int ptpdk_shm_port_snapshot(const struct ptpdk_shm_client *c, unsigned index,
					  struct ptpdk_shm_port_record *out);

/** What ptpdk_shm_now() returns. */
struct ptpdk_shm_time {
	int64_t clock_ns; /**< the clock's time: TAI with PTPDK_SHM_F_PTP_TIMESCALE, else ARB */
	int64_t utc_ns;	  /**< UTC (clock_ns - utc offset for the PTP timescale) */
	double error_bound_ns; /**< bound on |clock_ns - grandmaster time| now; +inf if unknown */
	double age_s;	       /**< since the writer's last update of the clock record */
	uint32_t flags;	       /**< the clock record's flags (PTPDK_SHM_F_*) */
	int16_t utc_offset_s;
	uint8_t clock_state;
};

/**
 * Time now from the TSC alone, for clock @p index (0: the daemon's clock; before
 * ABI 2 this argument chose a port's record, and 0 meant the same clock).
 * @return 0 valid time; -ENODATA the writer is alive but has no valid time (not
 *	   locked, holdover exhausted): @p out is filled, its bound is +inf or whatever
 *	   the writer knows; -ESTALE / -ESHUTDOWN / -EAGAIN / -EINVAL as for
 *	   ptpdk_shm_clock_snapshot(), or -ERANGE for a record whose time does not fit
 *	   int64 ns (corrupt), @p out untouched. Never returns stale time as valid.
 */
PTPDK_SHM_API int ptpdk_shm_now(const struct ptpdk_shm_client *c, unsigned index,
				struct ptpdk_shm_time *out);

/** ptpdk_shm_now() for a TSC value read by the caller (e.g. next to another clock). */
PTPDK_SHM_API int ptpdk_shm_time_at(const struct ptpdk_shm_client *c, unsigned index, uint64_t tsc,
				    struct ptpdk_shm_time *out);

/** The host's TSC, as the writer reads it. */
PTPDK_SHM_API uint64_t ptpdk_shm_tsc(void);

/**
 * Whether the path now names another region than the one mapped (the writer was
 * restarted, or removed its file): a system call (stat), for slow paths only.
 */
PTPDK_SHM_API bool ptpdk_shm_replaced(const struct ptpdk_shm_client *c);

/*
 * Counters (ptpdk_shm_layout.h): named in the region itself, so a client built from
 * another version of ptpdk names them correctly. A region without counter sections
 * (an older writer, or a writer of time only) has 0 counters.
 */

/** What ptpdk_shm_counter_info() copies out. */
struct ptpdk_shm_counter_info {
	char name[PTPDK_SHM_COUNTER_NAME_LEN]; /**< NUL-terminated ("rx/by_type/Sync") */
	enum ptpdk_shm_counter_scope scope;
	unsigned slot; /**< index in the values of ptpdk_shm_counters_snapshot() */
};

/** Counters in the region, both scopes: 0 when it has no counter sections. */
PTPDK_SHM_API unsigned ptpdk_shm_n_counters(const struct ptpdk_shm_client *c);

/** Counters of @p scope: the number of values in each of its blocks. */
PTPDK_SHM_API unsigned ptpdk_shm_n_scope_counters(const struct ptpdk_shm_client *c,
						  enum ptpdk_shm_counter_scope scope);

/**
 * Counter @p i (0 .. ptpdk_shm_n_counters() - 1; clock counters first, then port
 * counters, each in slot order): its name, scope and slot.
 * @return 0; -EINVAL @p i out of range
 */
PTPDK_SHM_API int ptpdk_shm_counter_info(const struct ptpdk_shm_client *c, unsigned i,
					 struct ptpdk_shm_counter_info *out);

/** The slot of the counter named @p name in @p scope. @return the slot, or -ENOENT */
PTPDK_SHM_API int ptpdk_shm_counter_find(const struct ptpdk_shm_client *c,
					 enum ptpdk_shm_counter_scope scope, const char *name);

/**
 * A consistent copy of one block of counters: the clock's (@p scope
 * PTPDK_SHM_SCOPE_CLOCK, @p index 0) or port @p index's, all of it taken under the
 * block's sequence counter. @p values receives the first @p n values in slot order
 * (@p n may be less than the scope's count; values beyond the count are set to 0).
 * @p age_s (may be NULL) receives the seconds since the writer wrote the block.
 * @return 0; -EINVAL no such block (or no counters in the region); -EAGAIN torn
 *	   PTPDK_SHM_READ_TRIES times; -ESHUTDOWN the writer stopped; -ESTALE the block
 *	   was never written or is older than PTPDK_SHM_COUNTERS_PERIOD_MS +
 *	   heartbeat_timeout_ms (values filled, for display).
 */
PTPDK_SHM_API int ptpdk_shm_counters_snapshot(const struct ptpdk_shm_client *c,
					      enum ptpdk_shm_counter_scope scope, unsigned index,
					      uint64_t *values, unsigned n, double *age_s);

/** A short text for the error codes above ("writer stopped", ...). */
PTPDK_SHM_API const char *ptpdk_shm_strerror(int rc);

#ifdef __cplusplus
}
#endif

#endif
