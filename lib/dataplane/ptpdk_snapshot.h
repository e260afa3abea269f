/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A single-writer sequence lock for publishing copies of state (counters, status)
 * from the owner lcore to readers that must never block it. The writer never
 * waits; a reader retries while a write is in progress. Pure header (C11 atomics).
 */
#ifndef PTPDK_SNAPSHOT_H
#define PTPDK_SNAPSHOT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct ptpdk_seq {
	_Atomic uint32_t seq;
};

/* The payload is copied with plain memcpy between fences, as seqlocks are; the fences
 * order it against the sequence counter, and readers discard torn copies. */
static inline void ptpdk_seq_write(struct ptpdk_seq *s, void *dst, const void *src, size_t len)
{
	uint32_t v = atomic_load_explicit(&s->seq, memory_order_relaxed);

	atomic_store_explicit(&s->seq, v + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	memcpy(dst, src, len);
	atomic_store_explicit(&s->seq, v + 2, memory_order_release);
}

/** @return true with a consistent copy in @p dst; false after @p tries torn reads. */
static inline bool ptpdk_seq_read(const struct ptpdk_seq *s, void *dst, const void *src, size_t len,
				  unsigned tries)
{
	struct ptpdk_seq *seq = (struct ptpdk_seq *)s;

	while (tries--) {
		uint32_t before = atomic_load_explicit(&seq->seq, memory_order_acquire);

		if (before & 1)
			continue;
		memcpy(dst, src, len);
		atomic_thread_fence(memory_order_acquire);
		if (atomic_load_explicit(&seq->seq, memory_order_relaxed) == before)
			return true;
	}
	return false;
}

#endif
