/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_mtie.h"
#include "ptpdk_stats_finite.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Indices of samples that can still become the extreme of a later window, in
 * increasing index order and strictly monotonic value order. A ring of
 * window + 1 slots suffices: only indices inside the current window are kept.
 */
struct extreme_deque {
	size_t *slot;
	size_t cap;
	size_t head;
	size_t len;
	bool keeps_max; /* the front is the window's maximum, else its minimum */
};

static size_t deque_at(const struct extreme_deque *q, size_t k)
{
	return q->slot[(q->head + k) % q->cap];
}

static size_t deque_front(const struct extreme_deque *q)
{
	return deque_at(q, 0);
}

/* An older sample that is not strictly better than the newer one can never be
 * the extreme again: the newer one outlives it in every later window. */
static bool outclassed(const struct extreme_deque *q, double older, double newer)
{
	return q->keeps_max ? older <= newer : older >= newer;
}

static void deque_push(struct extreme_deque *q, const double *x, size_t i)
{
	while (q->len > 0 && outclassed(q, x[deque_at(q, q->len - 1)], x[i]))
		q->len--;
	q->slot[(q->head + q->len) % q->cap] = i;
	q->len++;
}

static void deque_expire(struct extreme_deque *q, size_t oldest_in_window)
{
	while (q->len > 0 && deque_front(q) < oldest_in_window) {
		q->head = (q->head + 1) % q->cap;
		q->len--;
	}
}

static double widest_window(const double *x, size_t n, size_t window, size_t *slots)
{
	struct extreme_deque hi = { slots, window + 1, 0, 0, true };
	struct extreme_deque lo = { slots + window + 1, window + 1, 0, 0, false };
	double widest = 0.0;
	size_t i;

	/* Expiring before pushing keeps at most window + 1 indices in each ring. */
	for (i = 0; i < n; i++) {
		if (i >= window) {
			deque_expire(&hi, i - window);
			deque_expire(&lo, i - window);
		}
		deque_push(&hi, x, i);
		deque_push(&lo, x, i);
		if (i >= window)
			widest = fmax(widest, x[deque_front(&hi)] - x[deque_front(&lo)]);
	}
	return widest;
}

int ptpdk_mtie(const double *x, size_t n, size_t window, double *out)
{
	size_t *slots;

	if (!x || !out || window == 0 || window >= n || !ptpdk_stats_all_finite(x, n))
		return -EINVAL;
	if (window + 1 > SIZE_MAX / (2 * sizeof(*slots)))
		return -ENOMEM;
	slots = malloc(2 * (window + 1) * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	*out = widest_window(x, n, window, slots);
	free(slots);
	return 0;
}
