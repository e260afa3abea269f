/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>

#include "ptpdk_nqptp_region.h"

static const char *const status_names[PTPDK_NQPTP_STATUS_COUNT] = {
	[PTPDK_NQPTP_OK] = "ok",
	[PTPDK_NQPTP_NO_MASTER] = "no-master",
	[PTPDK_NQPTP_UNAVAILABLE] = "unavailable",
	[PTPDK_NQPTP_VERSION_MISMATCH] = "version-mismatch",
	[PTPDK_NQPTP_INCONSISTENT] = "inconsistent",
};

const char *ptpdk_nqptp_status_name(enum ptpdk_nqptp_status s)
{
	if ((unsigned)s >= PTPDK_NQPTP_STATUS_COUNT)
		return "unknown";
	return status_names[s];
}

/* The fields are plain uint64_t because the layout is another program's; the GCC
 * atomic built-ins accept plain objects, which keeps each field whole and keeps the
 * thread sanitizer quiet without changing a byte of the layout. */
static void store_record(struct ptpdk_nqptp_record *dst, const struct ptpdk_nqptp_record *src)
{
	__atomic_store_n(&dst->master_clock_id, src->master_clock_id, __ATOMIC_RELAXED);
	__atomic_store_n(&dst->local_time, src->local_time, __ATOMIC_RELAXED);
	__atomic_store_n(&dst->local_to_master_time_offset, src->local_to_master_time_offset,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&dst->master_clock_start_time, src->master_clock_start_time,
			 __ATOMIC_RELAXED);
}

static void load_record(const struct ptpdk_nqptp_record *src, struct ptpdk_nqptp_record *dst)
{
	dst->master_clock_id = __atomic_load_n(&src->master_clock_id, __ATOMIC_RELAXED);
	dst->local_time = __atomic_load_n(&src->local_time, __ATOMIC_RELAXED);
	dst->local_to_master_time_offset =
		__atomic_load_n(&src->local_to_master_time_offset, __ATOMIC_RELAXED);
	dst->master_clock_start_time =
		__atomic_load_n(&src->master_clock_start_time, __ATOMIC_RELAXED);
}

/* Shairport Sync memcpy()s the whole region; loading every field in address order
 * reads the same octets in the same order. */
static void load_region(const struct ptpdk_nqptp_region *src, struct ptpdk_nqptp_region *dst)
{
	memset(dst, 0, sizeof(*dst));
	dst->version = __atomic_load_n(&src->version, __ATOMIC_RELAXED);
	load_record(&src->main, &dst->main);
	load_record(&src->secondary, &dst->secondary);
}

static int record_equal(const struct ptpdk_nqptp_record *a, const struct ptpdk_nqptp_record *b)
{
	return a->master_clock_id == b->master_clock_id && a->local_time == b->local_time &&
	       a->local_to_master_time_offset == b->local_to_master_time_offset &&
	       a->master_clock_start_time == b->master_clock_start_time;
}

void ptpdk_nqptp_region_init(struct ptpdk_nqptp_region *r)
{
	ptpdk_nqptp_region_publish(r, NULL);
	__atomic_store_n(&r->version, (uint16_t)PTPDK_NQPTP_VERSION, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void ptpdk_nqptp_region_publish(struct ptpdk_nqptp_region *r, const struct ptpdk_nqptp_record *rec)
{
	static const struct ptpdk_nqptp_record zero;
	struct ptpdk_nqptp_record copy = rec ? *rec : zero, old, poison;

	/* Not in nqptp: first make secondary unequal, field by field and octet by octet,
	 * to the main it is about to replace. Without this, a reader whose first copy of
	 * main straddles our write of main (some fields old, some new) and whose second
	 * copy of secondary straddles our copy in the same place finds the same mixture
	 * twice and accepts it: the unit test finds such interleavings exhaustively and a
	 * reader thread hit one in about one run in four. With secondary holding the
	 * complement of the old main, every field a reader can take from it is either
	 * new or can never equal the old one, so a mixture is never accepted. */
	load_record(&r->main, &old);
	poison.master_clock_id = ~old.master_clock_id;
	poison.local_time = ~old.local_time;
	poison.local_to_master_time_offset = ~old.local_to_master_time_offset;
	poison.master_clock_start_time = ~old.master_clock_start_time;
	store_record(&r->secondary, &poison);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_record(&r->main, &copy);
	/* Secondary must never hold a value before main holds all of it: a reader that
	 * finds them equal then knows main was complete (nqptp's full barrier). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_record(&r->secondary, &copy);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void ptpdk_nqptp_region_retire(struct ptpdk_nqptp_region *r)
{
	ptpdk_nqptp_region_publish(r, NULL);
	__atomic_store_n(&r->version, (uint16_t)0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

enum ptpdk_nqptp_status ptpdk_nqptp_region_read(const struct ptpdk_nqptp_region *r,
						unsigned max_tries, struct ptpdk_nqptp_record *out,
						uint16_t *version, unsigned *tries)
{
	struct ptpdk_nqptp_region first, second;
	enum ptpdk_nqptp_status st = PTPDK_NQPTP_INCONSISTENT;
	unsigned n = 0;

	if (max_tries == 0)
		max_tries = 1;
	if (out)
		memset(out, 0, sizeof(*out));
	if (version)
		*version = 0;
	while (n < max_tries) {
		n++;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		load_region(r, &first);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		load_region(r, &second);
		if (record_equal(&first.main, &second.secondary)) {
			st = PTPDK_NQPTP_OK;
			break;
		}
	}
	if (tries)
		*tries = n;
	if (st != PTPDK_NQPTP_OK)
		return st;
	if (version)
		*version = first.version;
	/* Shairport Sync's order: version 0, then a foreign version, then no master. */
	if (first.version == 0)
		return PTPDK_NQPTP_UNAVAILABLE;
	if (first.version != PTPDK_NQPTP_VERSION)
		return PTPDK_NQPTP_VERSION_MISMATCH;
	if (first.main.master_clock_id == 0)
		return PTPDK_NQPTP_NO_MASTER;
	if (out)
		*out = first.main;
	return PTPDK_NQPTP_OK;
}
