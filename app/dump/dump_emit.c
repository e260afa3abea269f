/* SPDX-License-Identifier: BSD-3-Clause */
#include "dump_emit.h"

#include <inttypes.h>

#define MAX_DEPTH 7

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

/* Separator and key; JSON needs commas, text needs spaces. */
static void key_out(struct dump_emit *e, const char *key)
{
	if (e->format == DUMP_JSON) {
		if (!e->first[e->depth])
			fputc(',', e->out);
		if (key) {
			json_string(e->out, key);
			fputc(':', e->out);
		}
	} else {
		if (!e->first[e->depth])
			fputc(' ', e->out);
		if (key)
			fprintf(e->out, "%s ", key);
	}
	e->first[e->depth] = 0;
}

static void push(struct dump_emit *e, char open)
{
	if (open)
		fputc(open, e->out);
	if (e->depth < MAX_DEPTH)
		e->depth++;
	e->first[e->depth] = 1;
}

static void pop(struct dump_emit *e, char close)
{
	if (e->depth > 0)
		e->depth--;
	if (close)
		fputc(close, e->out);
}

void emit_begin(struct dump_emit *e)
{
	e->depth = 0;
	e->first[0] = 1;
	if (e->format == DUMP_JSON)
		push(e, '{');
}

void emit_end(struct dump_emit *e)
{
	if (e->format == DUMP_JSON)
		pop(e, '}');
	fputc('\n', e->out);
}

void emit_str(struct dump_emit *e, const char *key, const char *value)
{
	key_out(e, key);
	if (e->format == DUMP_JSON)
		json_string(e->out, value);
	else
		fputs(value, e->out);
}

void emit_int(struct dump_emit *e, const char *key, int64_t value)
{
	key_out(e, key);
	fprintf(e->out, "%" PRId64, value);
}

void emit_uint(struct dump_emit *e, const char *key, uint64_t value)
{
	key_out(e, key);
	fprintf(e->out, "%" PRIu64, value);
}

void emit_code(struct dump_emit *e, const char *key, unsigned value)
{
	key_out(e, key);
	fprintf(e->out, e->format == DUMP_JSON ? "%u" : "0x%04x", value);
}

void emit_decimal(struct dump_emit *e, const char *key, const char *value)
{
	if (e->format == DUMP_JSON)
		emit_str(e, key, value);
	else
		emit_raw(e, key, value);
}

void emit_raw(struct dump_emit *e, const char *key, const char *value)
{
	key_out(e, key);
	fputs(value, e->out);
}

void emit_hex(struct dump_emit *e, const char *key, const uint8_t *bytes, size_t len)
{
	size_t i;

	key_out(e, key);
	if (e->format == DUMP_JSON)
		fputc('"', e->out);
	for (i = 0; i < len; i++)
		fprintf(e->out, "%02x", bytes[i]);
	if (e->format == DUMP_JSON)
		fputc('"', e->out);
}

void emit_open(struct dump_emit *e, const char *key)
{
	key_out(e, key);
	push(e, '{');
}

void emit_close(struct dump_emit *e)
{
	pop(e, '}');
}

void emit_open_list(struct dump_emit *e, const char *key)
{
	key_out(e, key);
	push(e, '[');
}

void emit_close_list(struct dump_emit *e)
{
	pop(e, ']');
}
