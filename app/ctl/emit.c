/* SPDX-License-Identifier: BSD-3-Clause */
#include "emit.h"

#include <inttypes.h>
#include <math.h>

#include "region.h"

void ctl_emit_begin(struct ctl_emit *e, FILE *f, bool json)
{
	*e = (struct ctl_emit){ .f = f, .json = json, .first = true };
	if (json)
		fputc('{', f);
}

void ctl_emit_end(struct ctl_emit *e)
{
	if (e->json)
		fputs("}\n", e->f);
}

/* The key: a JSON member name after a comma when needed, or an indented text key. */
static void key_of(struct ctl_emit *e, const char *key)
{
	if (e->json) {
		if (!e->first)
			fputc(',', e->f);
		ctl_json_str(e->f, key);
		fputc(':', e->f);
	} else {
		fprintf(e->f, "%*s%-24s ", (int)e->depth * 2, "", key);
	}
	e->first = false;
}

void ctl_emit_str(struct ctl_emit *e, const char *key, const char *v)
{
	key_of(e, key);
	if (e->json)
		ctl_json_str(e->f, v);
	else
		fprintf(e->f, "%s\n", v);
}

void ctl_emit_i64(struct ctl_emit *e, const char *key, int64_t v)
{
	key_of(e, key);
	fprintf(e->f, e->json ? "%" PRId64 : "%" PRId64 "\n", v);
}

void ctl_emit_u64(struct ctl_emit *e, const char *key, uint64_t v)
{
	key_of(e, key);
	fprintf(e->f, e->json ? "%" PRIu64 : "%" PRIu64 "\n", v);
}

void ctl_emit_f64(struct ctl_emit *e, const char *key, double v, int decimals)
{
	if (!isfinite(v)) {
		ctl_emit_none(e, key);
		return;
	}
	key_of(e, key);
	fprintf(e->f, e->json ? "%.*f" : "%.*f\n", decimals, v);
}

void ctl_emit_bool(struct ctl_emit *e, const char *key, bool v)
{
	key_of(e, key);
	if (e->json)
		fputs(v ? "true" : "false", e->f);
	else
		fprintf(e->f, "%d\n", v);
}

void ctl_emit_none(struct ctl_emit *e, const char *key)
{
	key_of(e, key);
	fputs(e->json ? "null" : "-\n", e->f);
}

void ctl_emit_array_begin(struct ctl_emit *e, const char *key)
{
	if (e->json) {
		key_of(e, key);
		fputc('[', e->f);
		e->first = true;
	}
}

void ctl_emit_array_end(struct ctl_emit *e)
{
	if (e->json)
		fputc(']', e->f);
	e->first = false;
}

void ctl_emit_item_begin(struct ctl_emit *e, const char *title)
{
	if (e->json) {
		if (!e->first)
			fputc(',', e->f);
		fputc('{', e->f);
	} else {
		fprintf(e->f, "%s\n", title);
	}
	e->first = true;
	e->depth++;
}

void ctl_emit_item_end(struct ctl_emit *e)
{
	if (e->json)
		fputc('}', e->f);
	e->first = false;
	e->depth--;
}
