/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One direction of ptpdk-impair: decides per frame (loss, delay + jitter,
 * duplication, reordering) and holds the frames in a release queue ordered
 * by due time (CLOCK_MONOTONIC nanoseconds), ties broken by arrival order.
 *
 * Order: in FIFO mode (the default, like a switch's egress queue) a frame is
 * never due before the frame queued ahead of it: due = max(due, last due),
 * so jitter alone does not reorder. In free mode each frame keeps its own
 * due time and jitter may reorder.
 *
 * Reordering: a frame picked for reordering is held back until the next
 * frame of the same direction has been queued, then queued right behind it
 * (due = max(own due, next frame's due)). While one frame is held no other
 * is picked. If no next frame comes within hold_ns the held frame is sent
 * on its own (counted as hold_to).
 *
 * Duplication: the copy is queued right behind the original with the same
 * due time (if the original is held, the copy is not).
 *
 * No I/O here and no clock reads: the caller passes "now", which makes the
 * module testable with synthetic time.
 */
#ifndef PTPDK_IMPAIR_SCHED_H
#define PTPDK_IMPAIR_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "impair-rng.h"
#include "impair-spec.h"

struct imp_frame {
	int64_t due;  /* CLOCK_MONOTONIC ns */
	uint64_t seq; /* queue order among equal due times */
	uint32_t len;
	unsigned char data[];
};

struct imp_stats {
	uint64_t rx;	  /* frames offered */
	uint64_t fwd;	  /* frames the caller reported sent */
	uint64_t lost;	  /* dropped by loss= */
	uint64_t dup;	  /* extra copies queued by dup= */
	uint64_t reord;	  /* frames held back by reorder= */
	uint64_t hold_to; /* held frames sent without a next frame */
	uint64_t qdrop;	  /* dropped because the queue was full */
	uint64_t txerr;	  /* the caller could not send */
	uint64_t flushed; /* still queued at exit */
	uint32_t qmax;	  /* deepest queue seen */
};

struct imp_sched {
	struct imp_dir_cfg cfg;
	uint32_t limit;
	int64_t hold_ns;
	bool fifo;
	struct imp_rng rng_loss, rng_delay, rng_dup, rng_reorder;
	struct imp_frame **heap;
	uint32_t n;
	struct imp_frame *held;
	int64_t held_deadline;
	int64_t last_due;
	uint64_t next_seq;
	struct imp_stats st;
};

/* Direction dir (IMP_DOWN or IMP_UP) of cfg. Returns 0, or -1 when out of memory.
 * Each direction and each decision has its own PRNG stream derived from
 * cfg->seed, so, for example, the loss pattern of one seed does not change
 * when jitter is added. */
int imp_sched_init(struct imp_sched *s, const struct imp_cfg *cfg, int dir);

/* Frees every frame still held or queued, counting them as flushed. */
void imp_sched_fini(struct imp_sched *s);

/* A frame received at now: copies it into the queue (or drops it).
 * Returns the number of copies queued: 0, 1 or 2. */
int imp_sched_offer(struct imp_sched *s, const void *data, uint32_t len, int64_t now);

/* The earliest time imp_sched_pop() has something to do, INT64_MAX if never. */
int64_t imp_sched_next(const struct imp_sched *s);

/* The next frame due at or before now, NULL if none; the caller sends it,
 * counts it with imp_sched_sent(), and free()s it. */
struct imp_frame *imp_sched_pop(struct imp_sched *s, int64_t now);

static inline void imp_sched_sent(struct imp_sched *s, bool ok)
{
	if (ok)
		s->st.fwd++;
	else
		s->st.txerr++;
}

/* Frames queued or held. */
static inline uint32_t imp_sched_depth(const struct imp_sched *s)
{
	return s->n + (s->held != NULL ? 1u : 0u);
}

#endif
