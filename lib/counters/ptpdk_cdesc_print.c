/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_cdesc_print.h"

#include <inttypes.h>

static int table_visit(void *ctx, const struct ptpdk_cdesc_item *it)
{
	if (it->value || !(it->desc->flags & PTPDK_CDESC_TABLE_NONZERO))
		fprintf(ctx, "  %-10s %-24s %12" PRIu64 "\n", it->desc->group, it->name, it->value);
	return 0;
}

void ptpdk_cdesc_print_table(FILE *f, const struct ptpdk_cdesc_table *t, const void *base)
{
	ptpdk_cdesc_walk(t, base, table_visit, f);
}

void ptpdk_cdesc_print_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

struct json_walk {
	FILE *f;
	bool *more;	 /* the caller's object has a member */
	bool inner_more; /* the array's object has a member */
};

static void json_member(FILE *f, bool *more, const char *key)
{
	if (*more)
		fputc(',', f);
	ptpdk_cdesc_print_json_string(f, key);
	fputc(':', f);
	*more = true;
}

static int json_visit(void *ctx, const struct ptpdk_cdesc_item *it)
{
	struct json_walk *w = ctx;
	const struct ptpdk_cdesc *d = it->desc;
	bool nested = d->elem_name && !(d->flags & PTPDK_CDESC_FLAT);
	bool *more = nested ? &w->inner_more : w->more;

	if (nested && it->index == 0) {
		json_member(w->f, w->more, d->name);
		fputc('{', w->f);
		w->inner_more = false;
	}
	if (it->value || !(d->flags & PTPDK_CDESC_JSON_NONZERO)) {
		json_member(w->f, more, it->name);
		fprintf(w->f, "%" PRIu64, it->value);
	}
	if (nested && it->index + 1 == d->count)
		fputc('}', w->f);
	return 0;
}

void ptpdk_cdesc_print_json(FILE *f, const struct ptpdk_cdesc_table *t, const void *base,
			    bool *more)
{
	struct json_walk w = { .f = f, .more = more };

	ptpdk_cdesc_walk(t, base, json_visit, &w);
}
