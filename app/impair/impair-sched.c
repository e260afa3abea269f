/* SPDX-License-Identifier: BSD-3-Clause */
#include "impair-sched.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { STREAM_LOSS = 1, STREAM_DELAY, STREAM_DUP, STREAM_REORDER };

static void seed_stream(struct imp_rng *r, uint64_t seed, int dir, int stream)
{
	/* Mix seed, direction and purpose through splitmix64 so the streams
	 * are unrelated even for neighbouring seeds. */
	uint64_t st = seed;
	uint64_t a = imp_splitmix64(&st);
	uint64_t b = (uint64_t)(dir * 16 + stream) * UINT64_C(0xd1b54a32d192ed03);

	imp_rng_seed(r, a ^ b);
}

int imp_sched_init(struct imp_sched *s, const struct imp_cfg *cfg, int dir)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg->dir[dir];
	s->limit = cfg->limit > 0 ? cfg->limit : 1;
	s->hold_ns = cfg->hold_ns;
	s->fifo = cfg->fifo;
	s->last_due = INT64_MIN;
	seed_stream(&s->rng_loss, cfg->seed, dir, STREAM_LOSS);
	seed_stream(&s->rng_delay, cfg->seed, dir, STREAM_DELAY);
	seed_stream(&s->rng_dup, cfg->seed, dir, STREAM_DUP);
	seed_stream(&s->rng_reorder, cfg->seed, dir, STREAM_REORDER);
	s->heap = calloc(s->limit, sizeof(*s->heap));
	return s->heap != NULL ? 0 : -1;
}

void imp_sched_fini(struct imp_sched *s)
{
	if (s->held != NULL) {
		free(s->held);
		s->held = NULL;
		s->st.flushed++;
	}
	for (uint32_t i = 0; i < s->n; i++) {
		free(s->heap[i]);
		s->st.flushed++;
	}
	s->n = 0;
	free(s->heap);
	s->heap = NULL;
}

static bool before(const struct imp_frame *x, const struct imp_frame *y)
{
	return x->due < y->due || (x->due == y->due && x->seq < y->seq);
}

static void heap_push(struct imp_sched *s, struct imp_frame *f)
{
	uint32_t i = s->n++;

	f->seq = s->next_seq++;
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!before(f, s->heap[parent]))
			break;
		s->heap[i] = s->heap[parent];
		i = parent;
	}
	s->heap[i] = f;
	if (imp_sched_depth(s) > s->st.qmax)
		s->st.qmax = imp_sched_depth(s);
}

static struct imp_frame *heap_pop(struct imp_sched *s)
{
	struct imp_frame *top = s->heap[0];
	struct imp_frame *last = s->heap[--s->n];
	uint32_t i = 0;

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= s->n)
			break;
		if (c + 1 < s->n && before(s->heap[c + 1], s->heap[c]))
			c++;
		if (!before(s->heap[c], last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->n > 0)
		s->heap[i] = last;
	return top;
}

static struct imp_frame *frame_new(const void *data, uint32_t len, int64_t due)
{
	struct imp_frame *f = malloc(sizeof(*f) + len);

	if (f == NULL)
		return NULL;
	f->due = due;
	f->seq = 0;
	f->len = len;
	memcpy(f->data, data, len);
	return f;
}

static bool chance(struct imp_rng *r, double p)
{
	/* Draw only for a configured probability so that, e.g., dup=0 leaves
	 * the stream untouched; p = 1 always hits since unit() < 1. */
	return p > 0.0 && imp_rng_unit(r) < p;
}

int imp_sched_offer(struct imp_sched *s, const void *data, uint32_t len, int64_t now)
{
	const struct imp_dir_cfg *c = &s->cfg;
	int queued = 0;

	s->st.rx++;
	if (chance(&s->rng_loss, c->loss)) {
		s->st.lost++;
		return 0;
	}

	double jit = imp_dist_sample(&c->jitter, &s->rng_delay);

	if (jit > (double)IMP_MAX_TIME_NS)
		jit = (double)IMP_MAX_TIME_NS;
	int64_t due = now + c->delay_ns + (int64_t)llround(jit);

	if (s->fifo && due < s->last_due)
		due = s->last_due;
	if (due > s->last_due)
		s->last_due = due;

	bool want_reorder = chance(&s->rng_reorder, c->reorder);
	bool want_dup = chance(&s->rng_dup, c->dup);

	if (imp_sched_depth(s) >= s->limit) {
		s->st.qdrop++;
		return 0;
	}
	struct imp_frame *f = frame_new(data, len, due);

	if (f == NULL) {
		s->st.qdrop++;
		return 0;
	}
	bool hold_it = want_reorder && s->held == NULL;

	if (hold_it) {
		s->held = f;
		s->held_deadline = now + s->hold_ns;
		s->st.reord++;
	} else {
		heap_push(s, f);
	}
	queued++;
	if (want_dup) {
		/* The copy goes right behind the original, or on time if the
		 * original is held back. */
		if (imp_sched_depth(s) < s->limit && (f = frame_new(data, len, due)) != NULL) {
			heap_push(s, f);
			s->st.dup++;
			queued++;
		} else {
			s->st.qdrop++;
		}
	}
	if (!hold_it && s->held != NULL) {
		/* This frame is the "next" one the held frame waited for. */
		struct imp_frame *h = s->held;

		s->held = NULL;
		if (h->due < due)
			h->due = due;
		heap_push(s, h);
	}
	return queued;
}

int64_t imp_sched_next(const struct imp_sched *s)
{
	int64_t next = INT64_MAX;

	if (s->n > 0)
		next = s->heap[0]->due;
	if (s->held != NULL && s->held_deadline < next)
		next = s->held_deadline;
	return next;
}

struct imp_frame *imp_sched_pop(struct imp_sched *s, int64_t now)
{
	if (s->held != NULL && now >= s->held_deadline) {
		struct imp_frame *h = s->held;

		s->held = NULL;
		if (h->due < now)
			h->due = now;
		if (s->fifo && h->due < s->last_due)
			h->due = s->last_due;
		heap_push(s, h);
		s->st.hold_to++;
	}
	if (s->n == 0 || s->heap[0]->due > now)
		return NULL;
	return heap_pop(s);
}
