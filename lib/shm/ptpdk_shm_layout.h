/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The byte layout of ptpdk's shared time region (ABI version 2). Installed: a
 * consumer that does not want libptpdk-shm can read the region from this header
 * alone, following the rules below.
 *
 * The region is one file, mapped shared: on hugetlbfs (one huge page) when the host
 * has hugepages, otherwise in /dev/shm. It holds a header and sections, all in the
 * writer's native byte order (little-endian on every platform ptpdk runs on), all
 * fields naturally aligned, no compiler-dependent padding:
 *
 *	offset 0	struct ptpdk_shm_header (header_size bytes), with a table of sections
 *	section s, entry i at	sections[s].offset + i * sections[s].entry_size
 *
 * Sections (the slot in the header's table says which):
 *	PTPDK_SHM_SECTION_CLOCKS	struct ptpdk_shm_clock_record, one per clock
 *	PTPDK_SHM_SECTION_PORTS		struct ptpdk_shm_port_record, one per port
 *	PTPDK_SHM_SECTION_COUNTER_NAMES	struct ptpdk_shm_counter_name, one per counter
 *	PTPDK_SHM_SECTION_COUNTER_VALUES struct ptpdk_shm_counter_block, the clock's
 *					then one per port
 * Clock-wide data (time, error bound, parent, quality, servo) is in the clock's
 * record only; a port record names its clock by index. ptpdk's ordinary clock has
 * one clock record; a boundary clock across NICs has one per PHC.
 *
 * A reader checks magic, abi_version, header_size, region_size (the file's size)
 * and every section of the table, known to it or not, before it trusts anything
 * else: an empty section has count 0; a section in use lies after the header and
 * within region_size, overlaps no other, has offset and entry_size multiples of 8,
 * and has entries at least as large as the reader's struct (larger ones come from
 * a newer writer: the reader uses its prefix). The clocks section holds 1 to
 * PTPDK_SHM_MAX_CLOCKS entries, the ports section 0 to PTPDK_SHM_MAX_PORTS.
 * Counts and offsets are fixed for the writer's life. A slot this reader does not
 * know is only checked that way and otherwise ignored: a newer writer may fill it.
 *
 * Counters (optional: both counter sections are empty, or both are in use). The
 * names section describes every counter once: its name ("rx/by_type/Sync"), its
 * scope (clock or port) and its slot, the index of its value in a block of that
 * scope. Names are written before the header says RUNNING and never change; they
 * are listed clock counters first, then port counters, each scope's slots 0, 1, 2...
 * in order, every name NUL-terminated and not empty. The values section has
 * 1 + (ports section count) blocks: block 0 is the clock's, block 1 + i port i's.
 * A block is a struct ptpdk_shm_counter_block followed by its scope's values
 * (uint64_t, slot order); entry_size holds the larger scope's values. A reader names
 * counters from the names section, so a writer of another version that adds or
 * reorders counters is still read correctly. Each block has its own seq (the record
 * rule below) and update_tsc; the writer refreshes every block at least every
 * PTPDK_SHM_COUNTERS_PERIOD_MS. Each block, like each record, has exactly one
 * writing thread, but blocks and records may have different ones (ptpdk: the main
 * lcore writes the blocks, the engine lcore the records). A block's head repeats
 * its scope and index, which never change.
 *
 * Newer minor additions use reserved bytes, grow entry sizes or header_size, or
 * fill an empty slot of the table, and keep abi_version; a change in meaning or
 * place of any field increments it. ABI 1 (one 256-byte record per port repeating
 * the clock's data, no section table) is not readable as ABI 2 and vice versa.
 *
 * Records: one writer, many readers, a sequence counter per record. The writer
 * makes seq odd, writes, makes it even (release ordering). A reader loads seq
 * (acquire), retries while it is odd, copies what it needs, issues an acquire fence
 * and reloads seq; the copy is good only when both loads are equal. Readers never
 * write and never block the writer. A port's update never touches its clock's seq:
 * readers of time do not retry for port updates.
 *
 * Liveness: the writer republishes every clock and port record at least every
 * heartbeat_period_ms, so each record's update_tsc moves even when nothing else
 * does. A record whose update_tsc is older than heartbeat_timeout_ms (by the TSC
 * and tsc_hz of the header), or a header whose state is not PTPDK_SHM_RUNNING, is
 * not to be used: the writer died, stopped or stalled. The header's heartbeat alone
 * keeps no record alive. A restarted writer makes a new file with a new
 * generation; readers reopen the path to follow it.
 */
#ifndef PTPDK_SHM_LAYOUT_H
#define PTPDK_SHM_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/** "PTPDKSHM" in memory order on a little-endian host. */
#define PTPDK_SHM_MAGIC	      UINT64_C(0x4d48534b44505450)
#define PTPDK_SHM_ABI_VERSION 2
/** Slots in the header's section table. */
#define PTPDK_SHM_MAX_SECTIONS 8
#define PTPDK_SHM_MAX_CLOCKS   16
#define PTPDK_SHM_MAX_PORTS    64
/** clock_record.parent_port when no port follows a parent. */
#define PTPDK_SHM_NO_PORT 0xffff
/** The default instance name: the file is <dir>/ptpdk-shm-<name>. */
#define PTPDK_SHM_DEFAULT_NAME "ptpdk0"
#define PTPDK_SHM_FILE_PREFIX  "ptpdk-shm-"
/** Counters in the names section, at most. */
#define PTPDK_SHM_MAX_COUNTERS 2048
/** Bytes of a counter's name, its NUL included. */
#define PTPDK_SHM_COUNTER_NAME_LEN 48
/** A counter block is refreshed at least this often; a block older than this plus
 * heartbeat_timeout_ms is stale. */
#define PTPDK_SHM_COUNTERS_PERIOD_MS 1000

/** Slots of header.sections. The others are reserved (issue 16: monitored foreign
 * clocks) and empty until used. */
enum ptpdk_shm_section_id {
	PTPDK_SHM_SECTION_CLOCKS = 0,
	PTPDK_SHM_SECTION_PORTS = 1,
	PTPDK_SHM_SECTION_COUNTER_NAMES = 2,
	PTPDK_SHM_SECTION_COUNTER_VALUES = 3,
};

/** ptpdk_shm_counter_name.scope: which blocks hold the counter. */
enum ptpdk_shm_counter_scope {
	PTPDK_SHM_SCOPE_CLOCK = 0, /**< block 0 */
	PTPDK_SHM_SCOPE_PORT = 1,  /**< block 1 + port index */
};

/** Writer states (header.state). */
enum ptpdk_shm_writer_state {
	PTPDK_SHM_STARTING = 0, /**< being filled in: not yet valid */
	PTPDK_SHM_RUNNING = 1,
	PTPDK_SHM_CLOSED = 2, /**< the writer stopped cleanly */
};

/** clock_record.flags */
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

/** port_record.flags */
enum ptpdk_shm_port_flag {
	/** path_delay_ns holds a measurement (else 0). */
	PTPDK_SHM_PORT_F_PATH_DELAY_VALID = 1u << 0,
	/** The port uses P2P: path_delay_ns is the peer (link) delay; else E2E's
	 * meanPathDelay to the master. */
	PTPDK_SHM_PORT_F_P2P = 1u << 1,
	/** This port follows its clock's parent (clock_record.parent_port). */
	PTPDK_SHM_PORT_F_PARENT = 1u << 2,
};

/**
 * The message types whose last RX and TX times a port record keeps: PTP
 * messageType 0-3 (Sync, Delay_Req, Pdelay_Req, Pdelay_Resp) in slots 0-3 and
 * 8-0xB (Follow_Up, Delay_Resp, Pdelay_Resp_Follow_Up, Announce) in slots 4-7.
 */
#define PTPDK_SHM_MSG_SLOTS 8

/** @return the slot of PTP messageType @p type, or -1 for a type without one. */
static inline int ptpdk_shm_msg_slot(unsigned type)
{
	if (type <= 3)
		return (int)type;
	if (type >= 8 && type <= 0xB)
		return (int)type - 4;
	return -1;
}

/** clock_record.clock_state */
enum ptpdk_shm_clock_state {
	PTPDK_SHM_CLOCK_FREERUN = 0,
	PTPDK_SHM_CLOCK_ACQUIRING = 1,
	PTPDK_SHM_CLOCK_LOCKED = 2,
	PTPDK_SHM_CLOCK_HOLDOVER = 3,
};

/** One slot of the header's section table: 16 bytes. */
struct ptpdk_shm_section {
	uint32_t offset;     /**<  0 of entry 0 from the region's start; 0 when empty */
	uint32_t entry_size; /**<  4 bytes from one entry to the next */
	uint32_t count;	     /**<  8 entries; 0: the section is empty */
	uint32_t reserved;   /**< 12 zero */
};

/** 256 bytes at offset 0. */
struct ptpdk_shm_header {
	uint64_t magic;		       /**<   0 PTPDK_SHM_MAGIC */
	uint32_t abi_version;	       /**<   8 PTPDK_SHM_ABI_VERSION */
	uint32_t header_size;	       /**<  12 bytes before any section: 256 or more */
	uint64_t region_size;	       /**<  16 bytes of the file */
	uint64_t generation;	       /**<  24 differs for every start of a writer */
	int32_t writer_pid;	       /**<  32 */
	uint32_t state;		       /**<  36 enum ptpdk_shm_writer_state (atomic) */
	int64_t start_realtime_ns;     /**<  40 CLOCK_REALTIME when the writer started */
	uint64_t start_mono_ns;	       /**<  48 CLOCK_MONOTONIC when the writer started */
	uint64_t tsc_hz;	       /**<  56 the TSC rate the writer uses for its mapping */
	uint32_t heartbeat_period_ms;  /**<  64 records are republished at least this often */
	uint32_t heartbeat_timeout_ms; /**<  68 older than this: the writer is gone */
	uint64_t heartbeat_count;      /**<  72 incremented on every beat (atomic) */
	uint64_t heartbeat_tsc;	       /**<  80 TSC of the last beat (atomic) */
	uint64_t heartbeat_mono_ns;    /**<  88 CLOCK_MONOTONIC of the last beat (atomic) */
	char instance[32];	       /**<  96 NUL-terminated instance name */
	/** 128: indexed by enum ptpdk_shm_section_id; unused slots are zero. */
	struct ptpdk_shm_section sections[PTPDK_SHM_MAX_SECTIONS];
};

/**
 * 256 bytes per clock. The first 96 bytes are all that "now" needs, so a reader of
 * time touches two cache lines at most.
 *
 * Time at TSC value t (ticks, read on any core of the host):
 *	clock_ns = base_time_ns + ((t - base_tsc) * mult) >> shift
 * (128-bit product, signed difference; libptpdk-shm rounds to the nearest ns).
 * utc_ns = clock_ns - utc_offset_s * 1e9 when PTPDK_SHM_F_PTP_TIMESCALE is set,
 * clock_ns otherwise (ARB: the grandmaster's time as it is).
 * Error bound at age a seconds after base_tsc, ns (bound on |clock - grandmaster|):
 *	error_bound_ns + mapping_error_ns + bound_rate_ppb * a + bound_wander_ppb_per_s * a^2 / 2
 */
struct ptpdk_shm_clock_record {
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
	double bound_wander_ppb_per_s;	  /**<  64 quadratic growth of the bound with age */
	uint64_t update_tsc;		  /**<  72 TSC when this copy was written */
	uint64_t update_mono_ns;	  /**<  80 CLOCK_MONOTONIC when this copy was written */
	uint64_t update_count;		  /**<  88 copies written so far */
	uint8_t grandmaster_identity[8];  /**<  96 */
	uint8_t parent_clock_identity[8]; /**< 104 */
	uint16_t parent_port_number;	  /**< 112 of the parent's port */
	uint16_t steps_removed; /**< 114 currentDS.stepsRemoved: 1 behind the grandmaster */
	uint8_t clock_class;	/**< 116 the grandmaster's */
	uint8_t clock_accuracy; /**< 117 */
	uint16_t offset_scaled_log_variance; /**< 118 */
	uint8_t time_source;		     /**< 120 the grandmaster's timeSource */
	uint8_t domain_number;		     /**< 121 */
	/** 122 index in the ports section of our port that follows the parent, whose
	 * path delay the servo uses; PTPDK_SHM_NO_PORT when none does */
	uint16_t parent_port;
	uint32_t reserved0;	/**< 124 zero */
	int64_t last_offset_ns; /**< 128 last offset from master */
	double freq_ppb;	/**< 136 frequency adjustment applied to the clock */
	double holdover_s;	/**< 144 seconds in holdover, 0 when not */
	char clock_name[32];	/**< 152 NUL-terminated, the writer's name of the clock */
	/** 184 our own clockIdentity (a writer before issue 14 left it zero) */
	uint8_t clock_identity[8];
	uint8_t gm_priority1; /**< 192 the grandmaster's priority1 (with HAVE_PARENT) */
	uint8_t gm_priority2; /**< 193 the grandmaster's priority2 (with HAVE_PARENT) */
	uint8_t reserved1[6]; /**< 194 zero */
	/**
	 * 200 the last phase adjustment (step) the servo applied to the clock, ns; 0
	 * before the first. Between steps the servo only changes freq_ppb.
	 */
	int64_t last_step_ns;
	uint8_t reserved[48]; /**< 208 zero */
};

/**
 * 256 bytes per port, with its own sequence counter: what is the port's alone.
 * Everything about time is in the record of its clock (clock_index).
 */
struct ptpdk_shm_port_record {
	uint32_t seq;		 /**<   0 odd while the writer writes (atomic) */
	uint32_t flags;		 /**<   4 enum ptpdk_shm_port_flag */
	uint16_t clock_index;	 /**<   8 the port's clock: an index in the clocks section */
	uint16_t port_index;	 /**<  10 0-based, the writer's numbering of its ports */
	uint8_t port_state;	 /**<  12 IEEE 1588 portState (1..9) */
	uint8_t reserved0[3];	 /**<  13 zero */
	int64_t path_delay_ns;	 /**<  16 E2E mean path delay or P2P peer delay (flags) */
	uint64_t update_tsc;	 /**<  24 TSC when this copy was written */
	uint64_t update_mono_ns; /**<  32 CLOCK_MONOTONIC when this copy was written */
	uint64_t update_count;	 /**<  40 copies written so far */
	char port_name[32];	 /**<  48 NUL-terminated */
	/**
	 * 80 CLOCK_MONOTONIC when the port last received a message of each type,
	 * indexed by ptpdk_shm_msg_slot(); 0: never (or a writer before ABI 2's
	 * message times, which left them zero). RX: when the datapath took the frame.
	 */
	uint64_t last_rx_mono_ns[PTPDK_SHM_MSG_SLOTS];
	/** 144 the same for messages the port sent (when the engine queued them) */
	uint64_t last_tx_mono_ns[PTPDK_SHM_MSG_SLOTS];
	uint8_t reserved[48]; /**< 208 zero */
};

/** One entry of the counter names section: 64 bytes. */
struct ptpdk_shm_counter_name {
	char name[PTPDK_SHM_COUNTER_NAME_LEN]; /**<  0 NUL-terminated, not empty */
	uint32_t scope;			       /**< 48 enum ptpdk_shm_counter_scope */
	uint32_t slot;			       /**< 52 index of the value in its blocks */
	uint64_t reserved;		       /**< 56 zero */
};

/** The head of a counter block (32 bytes); the values follow it. */
struct ptpdk_shm_counter_block {
	uint32_t seq;		 /**<  0 odd while the writer writes (atomic) */
	uint16_t scope;		 /**<  4 enum ptpdk_shm_counter_scope */
	uint16_t index;		 /**<  6 0 for the clock, the port's index for a port */
	uint64_t update_tsc;	 /**<  8 TSC when these values were written */
	uint64_t update_mono_ns; /**< 16 CLOCK_MONOTONIC when they were written */
	uint64_t update_count;	 /**< 24 copies written so far (0: never) */
				 /* 32: uint64_t values[], as many as the scope has counters */
};

#ifndef __cplusplus
_Static_assert(sizeof(struct ptpdk_shm_counter_name) == 64, "a counter name is 64 bytes");
_Static_assert(sizeof(struct ptpdk_shm_counter_block) == 32, "a counter block head is 32 bytes");
_Static_assert(offsetof(struct ptpdk_shm_clock_record, clock_identity) == 184,
	       "clock_identity at 184");
_Static_assert(offsetof(struct ptpdk_shm_clock_record, reserved) == 208, "clock reserved at 208");
_Static_assert(sizeof(struct ptpdk_shm_section) == 16, "a section slot is 16 bytes");
_Static_assert(sizeof(struct ptpdk_shm_header) == 256, "header is 256 bytes");
_Static_assert(offsetof(struct ptpdk_shm_header, sections) == 128, "section table at 128");
_Static_assert(sizeof(struct ptpdk_shm_clock_record) == 256, "clock record is 256 bytes");
_Static_assert(offsetof(struct ptpdk_shm_clock_record, grandmaster_identity) == 96,
	       "the time part of a clock record is its first 96 bytes");
_Static_assert(offsetof(struct ptpdk_shm_clock_record, clock_name) == 152, "clock_name at 152");
_Static_assert(sizeof(struct ptpdk_shm_port_record) == 256, "port record is 256 bytes");
_Static_assert(offsetof(struct ptpdk_shm_port_record, update_tsc) == 24, "port update_tsc at 24");
_Static_assert(offsetof(struct ptpdk_shm_port_record, last_rx_mono_ns) == 80,
	       "port RX times at 80");
_Static_assert(offsetof(struct ptpdk_shm_port_record, reserved) == 208, "port reserved at 208");
#endif

#endif
