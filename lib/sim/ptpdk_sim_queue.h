/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The chain simulator's event queue and the messages in flight its events refer to.
 *
 * Events leave in time order, and events of the same time in the order they were
 * pushed, so that a run is deterministic. Messages in flight live in a fixed pool
 * of slots; an event names its message by slot number.
 *
 * (The one-slave world, ptpdk_sim_world.c, keeps its own copy of the same heap, so
 * that its figures stay exactly what bench/results/servo.md shows.)
 */
#ifndef PTPDK_SIM_QUEUE_H
#define PTPDK_SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_msg.h"
#include "ptpdk_time.h"

struct ptpdk_sim_event {
	uint64_t t;   /**< true time, ns since the start */
	uint64_t seq; /**< push order, set by the queue */
	uint32_t slot, gen;
	uint8_t type, node, port;
};

struct ptpdk_sim_queue {
	struct ptpdk_sim_event *heap;
	size_t n, cap;
	uint64_t seq;
};

/** Push a copy of @p e (its seq is set here). @return 0 or -ENOMEM. */
int ptpdk_sim_queue_push(struct ptpdk_sim_queue *q, const struct ptpdk_sim_event *e);

/** The earliest event into @p out. @return false when the queue is empty. */
bool ptpdk_sim_queue_pop(struct ptpdk_sim_queue *q, struct ptpdk_sim_event *out);

void ptpdk_sim_queue_free(struct ptpdk_sim_queue *q);

/** A message in flight, and the TX stamp that goes with it when it is one. */
struct ptpdk_sim_slot {
	struct ptpdk_msg msg;
	struct ptpdk_tmv stamp;
	uint32_t next_free;
};

struct ptpdk_sim_pool {
	struct ptpdk_sim_slot *slots;
	uint32_t size, free_head;
	uint64_t full; /**< refused because every slot was in use */
};

/** @return 0 or -ENOMEM. */
int ptpdk_sim_pool_init(struct ptpdk_sim_pool *p, uint32_t size);

/** A slot holding a copy of @p m into @p out. @return 0 or -ENOBUFS (counted in full). */
int ptpdk_sim_pool_get(struct ptpdk_sim_pool *p, const struct ptpdk_msg *m, uint32_t *out);

void ptpdk_sim_pool_put(struct ptpdk_sim_pool *p, uint32_t slot);

void ptpdk_sim_pool_free(struct ptpdk_sim_pool *p);

#endif
