/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The byte layout of ptpdk's shared time region (ABI version 1). Installed: a
 * consumer that does not want libptpdk-shm can read the region from this header
 * alone, following the rules below.
 *
 * The region is one file, mapped shared: on hugetlbfs (one huge page) when the host
 * has hugepages, otherwise in /dev/shm. It holds one header and n_records records,
 * all in the writer's native byte order (little-endian on every platform ptpdk runs
 * on), all fields naturally aligned, no compiler-dependent padding:
 *
 *	offset 0			struct ptpdk_shm_header (header_size bytes)
 *	offset header_size + i * record_size	struct ptpdk_shm_record i
 *
 * A reader checks magic, abi_version, header_size, record_size and that the
 * records fit region_size before it trusts anything else. Newer minor additions use
 * the reserved bytes and keep abi_version; a change in meaning or place of any
 * field increments it.
 *
 * Records: one writer, many readers, a sequence counter. The writer makes seq odd,
 * writes, makes it even (release ordering). A reader loads seq (acquire), retries
 * while it is odd, copies what it needs, issues an acquire fence and reloads seq;
 * the copy is good only when both loads are equal. Readers never write and never
 * block the writer.
 *
 * Liveness: the writer republishes every record at least every
 * heartbeat_period_ms, so update_tsc moves even when nothing else does. A record
 * whose update_tsc is older than heartbeat_timeout_ms (by the TSC and tsc_hz of the
 * header), or a header whose state is not PTPDK_SHM_RUNNING, is not to be used:
 * the writer died, stopped or stalled. A restarted writer makes a new file with a
 * new generation; readers reopen the path to follow it.
 */
#ifndef PTPDK_SHM_LAYOUT_H
#define PTPDK_SHM_LAYOUT_H

#include <stdint.h>

/** "PTPDKSHM" in memory order on a little-endian host. */
#define PTPDK_SHM_MAGIC	      UINT64_C(0x4d48534b44505450)
#define PTPDK_SHM_ABI_VERSION 1
#define PTPDK_SHM_MAX_RECORDS 16
/** The default instance name: the file is <dir>/ptpdk-shm-<name>. */
#define PTPDK_SHM_DEFAULT_NAME "ptpdk0"
#define PTPDK_SHM_FILE_PREFIX  "ptpdk-shm-"

/** Writer states (header.state). */
enum ptpdk_shm_writer_state {
	PTPDK_SHM_STARTING = 0, /**< being filled in: not yet valid */
	PTPDK_SHM_RUNNING = 1,
	PTPDK_SHM_CLOSED = 2, /**< the writer stopped cleanly */
};

/** record.flags */
enum ptpdk_shm_flag {
	/** The time may be used: locked, or in holdover within the writer's limits. */
	PTPDK_SHM_F_VALID = 1u << 0,
	PTPDK_SHM_F_LOCKED = 1u << 1,
	PTPDK_SHM_F_HOLDOVER = 1u << 2,
	PTPDK_SHM_F_HAVE_PARENT = 1u << 3,
	PTPDK_SHM_F_UTC_OFFSET_VALID = 1u << 4,
	PTPDK_SHM_F_LEAP61 = 1u << 5,
	PTPDK_SHM_F_LEAP59 = 1u << 6,
	PTPDK_SHM_F_TIME_TRACEABLE = 1u << 7,
	PTPDK_SHM_F_FREQ_TRACEABLE = 1u << 8,
	/** The grandmaster's timescale is PTP (TAI); otherwise ARB. */
	PTPDK_SHM_F_PTP_TIMESCALE = 1u << 9,
};

/** record.clock_state */
enum ptpdk_shm_clock_state {
	PTPDK_SHM_CLOCK_FREERUN = 0,
	PTPDK_SHM_CLOCK_ACQUIRING = 1,
	PTPDK_SHM_CLOCK_LOCKED = 2,
	PTPDK_SHM_CLOCK_HOLDOVER = 3,
};

/** 256 bytes at offset 0. */
struct ptpdk_shm_header {
	uint64_t magic;		       /**<   0 PTPDK_SHM_MAGIC */
	uint32_t abi_version;	       /**<   8 PTPDK_SHM_ABI_VERSION */
	uint32_t header_size;	       /**<  12 sizeof(struct ptpdk_shm_header) */
	uint32_t record_size;	       /**<  16 sizeof(struct ptpdk_shm_record) */
	uint32_t n_records;	       /**<  20 records in use, 1..PTPDK_SHM_MAX_RECORDS */
	uint64_t region_size;	       /**<  24 bytes of the file */
	uint64_t generation;	       /**<  32 differs for every start of a writer */
	int32_t writer_pid;	       /**<  40 */
	uint32_t state;		       /**<  44 enum ptpdk_shm_writer_state (atomic) */
	int64_t start_realtime_ns;     /**<  48 CLOCK_REALTIME when the writer started */
	uint64_t start_mono_ns;	       /**<  56 CLOCK_MONOTONIC when the writer started */
	uint64_t tsc_hz;	       /**<  64 the TSC rate the writer uses for its mapping */
	uint32_t heartbeat_period_ms;  /**<  72 records are republished at least this often */
	uint32_t heartbeat_timeout_ms; /**<  76 older than this: the writer is gone */
	uint64_t heartbeat_count;      /**<  80 incremented on every beat (atomic) */
	uint64_t heartbeat_tsc;	       /**<  88 TSC of the last beat (atomic) */
	uint64_t heartbeat_mono_ns;    /**<  96 CLOCK_MONOTONIC of the last beat (atomic) */
	char instance[32];	       /**< 104 NUL-terminated instance name */
	uint8_t reserved[120];	       /**< 136 zero */
};

/**
 * 256 bytes per record: one per port of the writer's clock. The first 96 bytes are
 * all that "now" needs, so a reader of time touches two cache lines at most.
 *
 * Time at TSC value t (ticks, read on any core of the host):
 *	clock_ns = base_time_ns + ((t - base_tsc) * mult) >> shift	(128-bit product,
 *	signed difference, libptpdk-shm rounds to the nearest ns); utc_ns = clock_ns - utc_offset_s
 ** 1e9 when PTPDK_SHM_F_PTP_TIMESCALE is set, clock_ns otherwise (ARB: the grandmaster's time as it
 *is). Error bound at age a seconds after base_tsc, ns (bound on |clock - grandmaster|):
 *	error_bound_ns + mapping_error_ns + bound_rate_ppb * a + bound_wander_ppb_per_s * a^2 / 2
 */
struct ptpdk_shm_record {
	uint32_t seq;		 /**<   0 odd while the writer writes (atomic) */
	uint32_t flags;		 /**<   4 enum ptpdk_shm_flag */
	int16_t utc_offset_s;	 /**<   8 currentUtcOffset */
	uint8_t clock_state;	 /**<  10 enum ptpdk_shm_clock_state */
	uint8_t servo_state;	 /**<  11 0..3 as ptp4l's s0..s3 */
	uint32_t shift;		 /**<  12 of the TSC-to-time multiplier */
	uint64_t base_tsc;	 /**<  16 TSC at base_time_ns */
	int64_t base_time_ns;	 /**<  24 the clock's time at base_tsc */
	uint64_t mult;		 /**<  32 ns per tick << shift, frequency correction included */
	double error_bound_ns;	 /**<  40 at base_tsc; +inf when not known */
	double mapping_error_ns; /**<  48 how well base_tsc and base_time_ns match */
	double bound_rate_ppb;	 /**<  56 linear growth of the bound with age */
	double bound_wander_ppb_per_s;	     /**<  64 quadratic growth of the bound with age */
	uint64_t update_tsc;		     /**<  72 TSC when this copy was written */
	uint64_t update_mono_ns;	     /**<  80 CLOCK_MONOTONIC when this copy was written */
	uint64_t update_count;		     /**<  88 copies written so far */
	uint8_t grandmaster_identity[8];     /**<  96 */
	uint8_t parent_clock_identity[8];    /**< 104 */
	uint16_t parent_port_number;	     /**< 112 */
	uint16_t steps_removed;		     /**< 114 */
	uint8_t clock_class;		     /**< 116 the grandmaster's */
	uint8_t clock_accuracy;		     /**< 117 */
	uint16_t offset_scaled_log_variance; /**< 118 */
	uint8_t port_state;	/**< 120 IEEE 1588 portState (1..9) of this record's port */
	uint8_t time_source;	/**< 121 the grandmaster's timeSource */
	uint8_t domain_number;	/**< 122 */
	uint8_t port_index;	/**< 123 0-based */
	uint32_t reserved0;	/**< 124 */
	int64_t path_delay_ns;	/**< 128 mean path delay (E2E) or peer delay (P2P) */
	int64_t last_offset_ns; /**< 136 last offset from master */
	double freq_ppb;	/**< 144 frequency adjustment applied to the clock */
	double holdover_s;	/**< 152 seconds in holdover, 0 when not */
	char port_name[32];	/**< 160 NUL-terminated */
	uint8_t reserved[64];	/**< 192 zero */
};

#ifndef __cplusplus
_Static_assert(sizeof(struct ptpdk_shm_header) == 256, "header is 256 bytes");
_Static_assert(sizeof(struct ptpdk_shm_record) == 256, "record is 256 bytes");
#endif

#endif
