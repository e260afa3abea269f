/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ucast_wheel.h"

#include <errno.h>
#include <string.h>

#define NIL	  UINT32_MAX	   /* end of a slot's list */
#define NOT_IN	  (UINT32_MAX - 1) /* the item is in no list */
#define MAX_ITEMS (1u << 30)

struct ptpdk_ucast_wheel {
	uint32_t items;
	uint32_t n_slots;
	uint32_t count;
	unsigned shift;
	uint64_t base_ns;
	uint64_t cursor; /* slots of earlier ticks hold nothing due: the next one to visit */
	uint64_t *due;	 /* per item */
	uint32_t *next;	 /* per item: the link, or NOT_IN */
	uint32_t *slots; /* per slot: the first item, or NIL */
};

static size_t header_size(void)
{
	return (sizeof(struct ptpdk_ucast_wheel) + 7) & ~(size_t)7;
}

size_t ptpdk_ucast_wheel_size(uint32_t items, unsigned slot_bits)
{
	if (items == 0 || items > MAX_ITEMS || slot_bits < 4 || slot_bits > 24)
		return 0;
	return header_size() + (size_t)items * (sizeof(uint64_t) + sizeof(uint32_t)) +
	       ((size_t)1 << slot_bits) * sizeof(uint32_t);
}

struct ptpdk_ucast_wheel *ptpdk_ucast_wheel_init(void *mem, size_t size, uint32_t items,
						 unsigned slot_bits, unsigned slot_shift,
						 uint64_t now_ns)
{
	struct ptpdk_ucast_wheel *w = mem;
	size_t need = ptpdk_ucast_wheel_size(items, slot_bits);

	if (!mem || ((uintptr_t)mem & 7) || need == 0 || size < need || slot_shift < 10 ||
	    slot_shift > 30)
		return NULL;
	memset(w, 0, sizeof(*w));
	w->items = items;
	w->n_slots = 1u << slot_bits;
	w->shift = slot_shift;
	w->base_ns = now_ns;
	w->due = (uint64_t *)((uint8_t *)mem + header_size());
	w->next = (uint32_t *)(w->due + items);
	w->slots = w->next + items;
	for (uint32_t i = 0; i < items; i++)
		w->next[i] = NOT_IN;
	for (uint32_t s = 0; s < w->n_slots; s++)
		w->slots[s] = NIL;
	return w;
}

static uint64_t tick_of(const struct ptpdk_ucast_wheel *w, uint64_t t_ns)
{
	return t_ns > w->base_ns ? (t_ns - w->base_ns) >> w->shift : 0;
}

int ptpdk_ucast_wheel_add(struct ptpdk_ucast_wheel *w, uint32_t id, uint64_t due_ns)
{
	uint64_t tick;
	uint32_t slot;

	if (id >= w->items)
		return -EINVAL;
	if (w->next[id] != NOT_IN)
		return -EEXIST;
	tick = tick_of(w, due_ns);
	/* Past, or in a slot already visited: due at the next take. */
	if (tick < w->cursor)
		tick = w->cursor;
	slot = (uint32_t)(tick & (w->n_slots - 1));
	w->due[id] = due_ns;
	w->next[id] = w->slots[slot];
	w->slots[slot] = id;
	w->count++;
	return 0;
}

bool ptpdk_ucast_wheel_holds(const struct ptpdk_ucast_wheel *w, uint32_t id, uint64_t *due_ns)
{
	if (id >= w->items || w->next[id] == NOT_IN)
		return false;
	if (due_ns)
		*due_ns = w->due[id];
	return true;
}

/* Take the items of one slot due by @p now_ns; @return false when @p max ran out. */
static bool take_slot(struct ptpdk_ucast_wheel *w, uint32_t slot, uint64_t now_ns, uint32_t *out,
		      uint64_t *due, unsigned max, unsigned *n)
{
	uint32_t *link = &w->slots[slot];

	while (*link != NIL) {
		uint32_t id = *link;

		if (w->due[id] > now_ns) {
			link = &w->next[id]; /* later in this slot, or a later turn */
			continue;
		}
		if (*n == max)
			return false;
		*link = w->next[id];
		w->next[id] = NOT_IN;
		w->count--;
		out[*n] = id;
		if (due)
			due[*n] = w->due[id];
		(*n)++;
	}
	return true;
}

unsigned ptpdk_ucast_wheel_take(struct ptpdk_ucast_wheel *w, uint64_t now_ns, uint32_t *out,
				uint64_t *due, unsigned max)
{
	uint64_t now_tick = tick_of(w, now_ns), last;
	unsigned n = 0;

	if (now_tick < w->cursor)
		now_tick = w->cursor; /* a "now" older than the last: nothing earlier is left */
	/* More than a turn behind: one turn visits every slot. */
	last = now_tick - w->cursor >= w->n_slots ? w->cursor + w->n_slots - 1 : now_tick;
	for (uint64_t t = w->cursor; t <= last; t++) {
		if (!take_slot(w, (uint32_t)(t & (w->n_slots - 1)), now_ns, out, due, max, &n)) {
			w->cursor = t;
			return n;
		}
	}
	/* The current slot may still hold items due later in it: visited again. */
	w->cursor = now_tick;
	return n;
}

uint32_t ptpdk_ucast_wheel_count(const struct ptpdk_ucast_wheel *w)
{
	return w->count;
}
