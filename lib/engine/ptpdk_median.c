/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_median.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MEDIAN_LENGTH_MAX (1u << 24)

int ptpdk_median_init(struct ptpdk_median *m, unsigned int length)
{
	if (!m || length == 0 || length > MEDIAN_LENGTH_MAX)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->ring = calloc(length, sizeof(*m->ring));
	m->sorted = calloc(length, sizeof(*m->sorted));
	if (!m->ring || !m->sorted) {
		ptpdk_median_fini(m);
		return -ENOMEM;
	}
	m->length = length;
	return 0;
}

void ptpdk_median_fini(struct ptpdk_median *m)
{
	if (!m)
		return;
	free(m->ring);
	free(m->sorted);
	memset(m, 0, sizeof(*m));
}

void ptpdk_median_clear(struct ptpdk_median *m)
{
	m->count = 0;
	m->head = 0;
}

/* First index in sorted[0, n) whose value is not below v. */
static unsigned int lower_bound(const struct ptpdk_tmv *sorted, unsigned int n, struct ptpdk_tmv v)
{
	unsigned int lo = 0, hi = n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (ptpdk_tmv_cmp(sorted[mid], v) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void ptpdk_median_push(struct ptpdk_median *m, struct ptpdk_tmv v)
{
	unsigned int n = m->count, pos;

	if (m->length == 0)
		return;
	if (n == m->length) {
		/* Equal values are interchangeable, so removing any copy of the oldest
		 * value leaves the sorted array describing the remaining window. */
		struct ptpdk_tmv old = m->ring[m->head];

		pos = lower_bound(m->sorted, n, old);
		memmove(&m->sorted[pos], &m->sorted[pos + 1], (n - pos - 1) * sizeof(v));
		n--;
		m->ring[m->head] = v;
		m->head = (m->head + 1) % m->length;
	} else {
		m->ring[(m->head + n) % m->length] = v;
	}
	pos = lower_bound(m->sorted, n, v);
	memmove(&m->sorted[pos + 1], &m->sorted[pos], (n - pos) * sizeof(v));
	m->sorted[pos] = v;
	m->count = n + 1;
}

int ptpdk_median_get(const struct ptpdk_median *m, struct ptpdk_tmv *out)
{
	struct ptpdk_tmv lo, hi;

	if (m->count == 0)
		return -ENOENT;
	if (m->count % 2) {
		*out = m->sorted[m->count / 2];
		return 0;
	}
	/* lo + (hi - lo) / 2 cannot overflow where (lo + hi) / 2 could; hi >= lo, so
	 * halving the difference floors towards lo. */
	lo = m->sorted[m->count / 2 - 1];
	hi = m->sorted[m->count / 2];
	*out = ptpdk_tmv_add(lo, ptpdk_tmv_half(ptpdk_tmv_sub(hi, lo)));
	return 0;
}
