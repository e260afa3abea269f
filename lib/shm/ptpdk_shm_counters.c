/* SPDX-License-Identifier: BSD-3-Clause */
/* libptpdk-shm: the counter sections (names and value blocks), checked at open. */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "ptpdk_shm_client_priv.h"
#include "ptpdk_tsc.h"

static int bad(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -EBADMSG;
}

static const struct ptpdk_shm_counter_name *name_at(const struct ptpdk_shm_header *h, unsigned i)
{
	const struct ptpdk_shm_section *s = &h->sections[PTPDK_SHM_SECTION_COUNTER_NAMES];

	return (const struct ptpdk_shm_counter_name *)((const char *)h + s->offset +
						       (size_t)i * s->entry_size);
}

/* Every name terminated and not empty, clock scope before port scope, slots counting
 * up from 0 in each: what lets a reader trust slot as an index into its blocks. */
static int check_names(const struct ptpdk_shm_header *h, const char *path, unsigned n_scope[2],
		       char *err, size_t len)
{
	unsigned n = h->sections[PTPDK_SHM_SECTION_COUNTER_NAMES].count;

	n_scope[0] = n_scope[1] = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct ptpdk_shm_counter_name *c = name_at(h, i);

		if (!memchr(c->name, '\0', sizeof(c->name)) || !c->name[0])
			return bad(err, len, "%s: counter %u: name %s", path, i,
				   c->name[0] ? "not NUL-terminated" : "empty");
		if (c->scope > PTPDK_SHM_SCOPE_PORT)
			return bad(err, len, "%s: counter %u (%s): unknown scope %u", path, i,
				   c->name, c->scope);
		if (c->scope == PTPDK_SHM_SCOPE_CLOCK && n_scope[PTPDK_SHM_SCOPE_PORT])
			return bad(err, len, "%s: counter %u (%s): a clock counter after port ones",
				   path, i, c->name);
		if (c->slot != n_scope[c->scope])
			return bad(err, len, "%s: counter %u (%s): slot %u, expected %u", path, i,
				   c->name, c->slot, n_scope[c->scope]);
		n_scope[c->scope]++;
	}
	return 0;
}

/* One block per port plus the clock's, each with its scope, index and room for its
 * scope's values. */
static int check_blocks(const struct ptpdk_shm_header *h, const char *path,
			const unsigned n_scope[2], char *err, size_t len)
{
	const struct ptpdk_shm_section *s = &h->sections[PTPDK_SHM_SECTION_COUNTER_VALUES];
	unsigned ports = h->sections[PTPDK_SHM_SECTION_PORTS].count;
	unsigned most = n_scope[0] > n_scope[1] ? n_scope[0] : n_scope[1];

	if (s->count != 1 + ports)
		return bad(err, len, "%s: %u counter blocks for %u ports: expected %u", path,
			   s->count, ports, 1 + ports);
	if (s->entry_size < sizeof(struct ptpdk_shm_counter_block) + (size_t)most * 8)
		return bad(err, len, "%s: counter blocks of %u bytes cannot hold %u values", path,
			   s->entry_size, most);
	for (unsigned b = 0; b < s->count; b++) {
		const struct ptpdk_shm_counter_block *k =
			(const void *)((const char *)h + s->offset + (size_t)b * s->entry_size);

		if (k->scope != (b ? PTPDK_SHM_SCOPE_PORT : PTPDK_SHM_SCOPE_CLOCK) ||
		    k->index != (b ? b - 1 : 0))
			return bad(err, len, "%s: counter block %u says scope %u index %u", path, b,
				   k->scope, k->index);
	}
	return 0;
}

int ptpdk_shm_counters_check(const struct ptpdk_shm_header *h, const char *path,
			     unsigned n_scope[2], char *err, size_t len)
{
	bool names = h->sections[PTPDK_SHM_SECTION_COUNTER_NAMES].count != 0;
	bool blocks = h->sections[PTPDK_SHM_SECTION_COUNTER_VALUES].count != 0;
	int rc;

	n_scope[0] = n_scope[1] = 0;
	if (names != blocks)
		return bad(err, len, "%s: counter %s without counter %s", path,
			   names ? "names" : "values", names ? "values" : "names");
	if (!names)
		return 0;
	rc = check_names(h, path, n_scope, err, len);
	return rc ? rc : check_blocks(h, path, n_scope, err, len);
}

unsigned ptpdk_shm_n_counters(const struct ptpdk_shm_client *c)
{
	return c->names.count;
}

unsigned ptpdk_shm_n_scope_counters(const struct ptpdk_shm_client *c,
				    enum ptpdk_shm_counter_scope scope)
{
	return (unsigned)scope <= PTPDK_SHM_SCOPE_PORT ? c->n_scope[scope] : 0;
}

int ptpdk_shm_counter_info(const struct ptpdk_shm_client *c, unsigned i,
			   struct ptpdk_shm_counter_info *out)
{
	const struct ptpdk_shm_counter_name *n;

	if (!c || !out || i >= c->names.count)
		return -EINVAL;
	n = (const void *)(c->names.base + (size_t)i * c->names.stride);
	/* Copied and terminated again: the names were checked at open, but the mapping
	 * is the writer's to change. */
	memcpy(out->name, n->name, sizeof(out->name));
	out->name[sizeof(out->name) - 1] = '\0';
	out->scope = i < c->n_scope[0] ? PTPDK_SHM_SCOPE_CLOCK : PTPDK_SHM_SCOPE_PORT;
	out->slot = i < c->n_scope[0] ? i : i - c->n_scope[0];
	return 0;
}

int ptpdk_shm_counter_find(const struct ptpdk_shm_client *c, enum ptpdk_shm_counter_scope scope,
			   const char *name)
{
	struct ptpdk_shm_counter_info info;

	for (unsigned i = 0; name && ptpdk_shm_counter_info(c, i, &info) == 0; i++)
		if (info.scope == scope && strcmp(info.name, name) == 0)
			return (int)info.slot;
	return -ENOENT;
}

/* The record rule of the layout, over a head and a prefix of the values: two copies
 * because the caller's buffer is not next to the head. */
static bool read_block(const struct ptpdk_shm_counter_block *b,
		       struct ptpdk_shm_counter_block *head, uint64_t *values, unsigned n)
{
	_Atomic uint32_t *seq = (_Atomic uint32_t *)&b->seq;

	for (unsigned tries = PTPDK_SHM_READ_TRIES; tries--;) {
		uint32_t before = atomic_load_explicit(seq, memory_order_acquire);

		if (before & 1)
			continue;
		memcpy(head, b, sizeof(*head));
		memcpy(values, b + 1, (size_t)n * sizeof(uint64_t));
		atomic_thread_fence(memory_order_acquire);
		if (atomic_load_explicit(seq, memory_order_relaxed) == before)
			return true;
	}
	return false;
}

int ptpdk_shm_counters_snapshot(const struct ptpdk_shm_client *c,
				enum ptpdk_shm_counter_scope scope, unsigned index,
				uint64_t *values, unsigned n, double *age_s)
{
	struct ptpdk_shm_counter_block head;
	unsigned block, have;
	uint64_t tsc;
	int64_t age;
	int rc;

	if (!c || !values || (unsigned)scope > PTPDK_SHM_SCOPE_PORT || c->blocks.count == 0 ||
	    (scope == PTPDK_SHM_SCOPE_CLOCK && index != 0) ||
	    (scope == PTPDK_SHM_SCOPE_PORT && index >= c->blocks.count - 1))
		return -EINVAL;
	rc = ptpdk_shm_writer_state_(c);
	if (rc)
		return rc;
	block = scope == PTPDK_SHM_SCOPE_CLOCK ? 0 : 1 + index;
	have = n < c->n_scope[scope] ? n : c->n_scope[scope];
	if (!read_block((const void *)(c->blocks.base + (size_t)block * c->blocks.stride), &head,
			values, have))
		return -EAGAIN;
	for (unsigned i = have; i < n; i++)
		values[i] = 0;
	tsc = ptpdk_tsc_read();
	age = (int64_t)(tsc - head.update_tsc);
	if (age_s)
		*age_s = age > 0 ? (double)age * c->seconds_per_tick : 0;
	if (head.update_count == 0 || (age > 0 && (uint64_t)age > c->counters_timeout_ticks))
		return -ESTALE;
	return 0;
}
