/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * When each unicast client's next Announce or Sync is due: a hashed timing wheel over
 * 32-bit item numbers (a client entry and a message kind), for a server with up to
 * millions of grants.
 *
 * The wheel has 2^k slots of 2^s ns each; an item sits in the slot of its due time
 * and carries that time, so an item due more than one turn ahead is simply passed
 * over until its turn comes. Taking what is due visits the slots from the last one
 * visited up to now, at most one turn's worth, and takes exactly the items whose due
 * time has come (never one early), slot by slot (in any order within a slot). An item
 * is in the wheel at most once; removing one is lazy (the caller ignores an item
 * whose grant ended, and does not put it back).
 *
 * Memory: 12 bytes per item (its due time and link) and 4 per slot, in one block from
 * the caller. Pure: times are monotonic nanoseconds from the caller.
 */
#ifndef PTPDK_UCAST_WHEEL_H
#define PTPDK_UCAST_WHEEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ptpdk_ucast_wheel;

/**
 * Bytes for @p items items and 2^@p slot_bits slots (slot_bits 4..24). 0 when out of
 * range (items 1..2^30).
 */
size_t ptpdk_ucast_wheel_size(uint32_t items, unsigned slot_bits);

/**
 * Lay a wheel out in @p mem (8-byte aligned), slots of 2^@p slot_shift ns (10..30),
 * its clock starting at @p now_ns. @return the wheel or NULL for bad arguments.
 */
struct ptpdk_ucast_wheel *ptpdk_ucast_wheel_init(void *mem, size_t size, uint32_t items,
						 unsigned slot_bits, unsigned slot_shift,
						 uint64_t now_ns);

/**
 * Put item @p id in the wheel, due at @p due_ns (a time already past is due at the
 * next take). @return 0; -EINVAL for an id out of range; -EEXIST when it is in already.
 */
int ptpdk_ucast_wheel_add(struct ptpdk_ucast_wheel *w, uint32_t id, uint64_t due_ns);

/** Whether item @p id is in the wheel (and when it is due, if @p due_ns is not NULL). */
bool ptpdk_ucast_wheel_holds(const struct ptpdk_ucast_wheel *w, uint32_t id, uint64_t *due_ns);

/**
 * Take up to @p max items due at or before @p now_ns into @p out (their ids) and
 * @p due (their due times; may be NULL). They leave the wheel. @return how many;
 * fewer than @p max means none more is due.
 */
unsigned ptpdk_ucast_wheel_take(struct ptpdk_ucast_wheel *w, uint64_t now_ns, uint32_t *out,
				uint64_t *due, unsigned max);

/** Items in the wheel. */
uint32_t ptpdk_ucast_wheel_count(const struct ptpdk_ucast_wheel *w);

#endif
