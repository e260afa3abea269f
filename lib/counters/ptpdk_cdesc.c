/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_cdesc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int ptpdk_cdesc_walk(const struct ptpdk_cdesc_table *t, const void *base,
		     ptpdk_cdesc_visit_fn visit, void *ctx)
{
	for (unsigned i = 0; i < t->n; i++) {
		const struct ptpdk_cdesc *d = &t->desc[i];
		/* The descriptor's offset came from offsetof on this struct, and the
		 * member is a uint64_t (PTPDK_CDESC_ONE/ARRAY refuse anything else). */
		const uint64_t *v = (const uint64_t *)((const char *)base + d->offset);

		for (unsigned k = 0; k < d->count; k++) {
			struct ptpdk_cdesc_item it = {
				.desc = d,
				.name = d->elem_name ? d->elem_name(k) : d->name,
				.index = k,
				.value = v[k],
			};
			int rc = visit(ctx, &it);

			if (rc)
				return rc;
		}
	}
	return 0;
}

static int check_one(const struct ptpdk_cdesc_table *t, const struct ptpdk_cdesc *d)
{
	if (!d->name || !*d->name || !d->group || !*d->group || !d->help || !*d->help ||
	    d->count == 0 || (d->count > 1 && !d->elem_name))
		return -EINVAL;
	if (d->offset % sizeof(uint64_t) || d->offset > t->size ||
	    d->count > (t->size - d->offset) / sizeof(uint64_t))
		return -ERANGE;
	return 0;
}

int ptpdk_cdesc_check(const struct ptpdk_cdesc_table *t)
{
	size_t slots = 0;

	for (unsigned i = 0; i < t->n; i++) {
		const struct ptpdk_cdesc *a = &t->desc[i];
		int rc = check_one(t, a);

		if (rc)
			return rc;
		/* Few descriptors per table: comparing every pair costs nothing and needs
		 * no memory sized by the struct. */
		for (unsigned j = 0; j < i; j++) {
			const struct ptpdk_cdesc *b = &t->desc[j];
			size_t a_end = a->offset + a->count * sizeof(uint64_t);
			size_t b_end = b->offset + b->count * sizeof(uint64_t);

			if ((a->offset < b_end && b->offset < a_end) ||
			    strcmp(a->name, b->name) == 0)
				return -EEXIST;
		}
		slots += a->count;
	}
	return (int)slots;
}

int ptpdk_cdesc_key(char *buf, size_t len, const char *prefix, const struct ptpdk_cdesc_item *item)
{
	if (item->desc->count > 1)
		return snprintf(buf, len, "%s/%s/%s", prefix, item->desc->name, item->name);
	return snprintf(buf, len, "%s/%s", prefix, item->desc->name);
}
