/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_queue.h"

#include <errno.h>
#include <stdlib.h>

static bool before(const struct ptpdk_sim_event *a, const struct ptpdk_sim_event *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void swap(struct ptpdk_sim_event *a, struct ptpdk_sim_event *b)
{
	struct ptpdk_sim_event t = *a;

	*a = *b;
	*b = t;
}

int ptpdk_sim_queue_push(struct ptpdk_sim_queue *q, const struct ptpdk_sim_event *e)
{
	size_t i;

	if (q->n == q->cap) {
		size_t ncap = q->cap ? 2 * q->cap : 256;
		struct ptpdk_sim_event *n = realloc(q->heap, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		q->heap = n;
		q->cap = ncap;
	}
	i = q->n++;
	q->heap[i] = *e;
	q->heap[i].seq = q->seq++;
	while (i > 0 && before(&q->heap[i], &q->heap[(i - 1) / 2])) {
		swap(&q->heap[i], &q->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	return 0;
}

bool ptpdk_sim_queue_pop(struct ptpdk_sim_queue *q, struct ptpdk_sim_event *out)
{
	size_t i = 0;

	if (!q->n)
		return false;
	*out = q->heap[0];
	q->heap[0] = q->heap[--q->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < q->n && before(&q->heap[l], &q->heap[m]))
			m = l;
		if (r < q->n && before(&q->heap[r], &q->heap[m]))
			m = r;
		if (m == i)
			break;
		swap(&q->heap[i], &q->heap[m]);
		i = m;
	}
	return true;
}

void ptpdk_sim_queue_free(struct ptpdk_sim_queue *q)
{
	free(q->heap);
	q->heap = NULL;
	q->n = q->cap = 0;
}

int ptpdk_sim_pool_init(struct ptpdk_sim_pool *p, uint32_t size)
{
	p->slots = calloc(size, sizeof(*p->slots));
	if (!p->slots)
		return -ENOMEM;
	for (uint32_t i = 0; i < size; i++)
		p->slots[i].next_free = i + 1;
	p->size = size;
	p->free_head = 0;
	p->full = 0;
	return 0;
}

int ptpdk_sim_pool_get(struct ptpdk_sim_pool *p, const struct ptpdk_msg *m, uint32_t *out)
{
	if (p->free_head == p->size) {
		p->full++;
		return -ENOBUFS;
	}
	*out = p->free_head;
	p->free_head = p->slots[*out].next_free;
	p->slots[*out].msg = *m;
	return 0;
}

void ptpdk_sim_pool_put(struct ptpdk_sim_pool *p, uint32_t slot)
{
	p->slots[slot].next_free = p->free_head;
	p->free_head = slot;
}

void ptpdk_sim_pool_free(struct ptpdk_sim_pool *p)
{
	free(p->slots);
	p->slots = NULL;
}
