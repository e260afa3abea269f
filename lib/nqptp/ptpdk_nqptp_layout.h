/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * nqptp's shared-memory interface, version 10 ("smi10"), as Shairport Sync reads it.
 *
 * Written from the interface's description (nqptp-shm-structures.h and the way nqptp
 * fills it), not copied: a POSIX shared-memory object, "/nqptp" by default, holding a
 * 16-bit version and then two copies of one record. The writer fills main, issues a
 * full barrier, copies main to secondary and issues another barrier; a reader copies
 * the region, issues a barrier, copies it again and accepts main only when it equals
 * the secondary of the second copy, retrying a bounded number of times.
 *
 * All times are nanoseconds of CLOCK_MONOTONIC_RAW, the offset is modulo 2^64 (the
 * master's time is local_time + local_to_master_time_offset, wrapping as uint64_t), and
 * a record of zeros means "no master selected". Version 0 means the service is not
 * running; any other version but 10 is a mismatch for the reader.
 *
 * The layout is the natural one of the C declaration, as in nqptp: on every ABI where
 * uint64_t is 8-aligned (LP64, 32-bit ARM EABI) that is 72 octets with the records at
 * 8 and 40. Where uint64_t is only 4-aligned (i386) nqptp's own layout is 68 octets
 * and so is ours; the asserts below follow the ABI rather than hard-coding LP64.
 */
#ifndef PTPDK_NQPTP_LAYOUT_H
#define PTPDK_NQPTP_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define PTPDK_NQPTP_VERSION	 10	  /**< interface version; `-V` prints "smi10" */
#define PTPDK_NQPTP_DEFAULT_NAME "/nqptp" /**< shm_open() name Shairport Sync opens */
#define PTPDK_NQPTP_CONTROL_PORT 9000	  /**< UDP control port on the loopback address */
#define PTPDK_NQPTP_CONTROL_MAX	 4096	  /**< largest control datagram, its NUL included */
#define PTPDK_NQPTP_SHM_MODE	 0644	  /**< readable by the player's user, as nqptp */

/** One copy of what the chosen master looks like from here. Zeros: no master. */
struct ptpdk_nqptp_record {
	uint64_t master_clock_id; /**< grandmaster identity, 8 octets read big-endian */
	uint64_t local_time;	  /**< CLOCK_MONOTONIC_RAW ns at which the offset held */
	/** Added (mod 2^64) to a CLOCK_MONOTONIC_RAW time gives the master's time. */
	uint64_t local_to_master_time_offset;
	uint64_t master_clock_start_time; /**< CLOCK_MONOTONIC_RAW ns it became master */
};

/** The whole shared object. */
struct ptpdk_nqptp_region {
	uint16_t version; /**< PTPDK_NQPTP_VERSION while a writer serves it; 0 otherwise */
	struct ptpdk_nqptp_record main;
	struct ptpdk_nqptp_record secondary; /**< written strictly after main */
};

_Static_assert(sizeof(struct ptpdk_nqptp_record) == 32, "record: four uint64_t");
_Static_assert(offsetof(struct ptpdk_nqptp_record, master_clock_id) == 0, "record field 0");
_Static_assert(offsetof(struct ptpdk_nqptp_record, local_time) == 8, "record field 1");
_Static_assert(offsetof(struct ptpdk_nqptp_record, local_to_master_time_offset) == 16,
	       "record field 2");
_Static_assert(offsetof(struct ptpdk_nqptp_record, master_clock_start_time) == 24,
	       "record field 3");
_Static_assert(offsetof(struct ptpdk_nqptp_region, main) == _Alignof(uint64_t),
	       "main follows the version, padded to uint64_t's alignment");
_Static_assert(offsetof(struct ptpdk_nqptp_region, secondary) ==
		       offsetof(struct ptpdk_nqptp_region, main) + 32,
	       "secondary directly follows main");
_Static_assert(_Alignof(uint64_t) != 8 || sizeof(struct ptpdk_nqptp_region) == 72,
	       "72 octets wherever uint64_t is 8-aligned, as nqptp's smi10");

#endif
