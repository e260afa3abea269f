/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One description of a message, two renderings: text ("key value" pairs on one
 * line) and JSON lines. The message printer calls these and never knows which.
 */
#ifndef DUMP_EMIT_H
#define DUMP_EMIT_H

#include <stdint.h>
#include <stdio.h>

enum dump_format { DUMP_TEXT, DUMP_JSON };

struct dump_emit {
	FILE *out;
	enum dump_format format;
	int depth;    /* JSON nesting */
	int first[8]; /* per nesting level: no comma needed yet */
};

void emit_begin(struct dump_emit *e);
void emit_end(struct dump_emit *e);
void emit_str(struct dump_emit *e, const char *key, const char *value);
void emit_int(struct dump_emit *e, const char *key, int64_t value);
void emit_uint(struct dump_emit *e, const char *key, uint64_t value);
/** A protocol code: 0x%04x in text (as the standard's tables list them), a number in JSON. */
void emit_code(struct dump_emit *e, const char *key, unsigned value);
/**
 * A decimal that must stay exact (a timestamp with 9 fraction digits): bare in text,
 * a string in JSON, where a number would be read as a double and lose the nanoseconds.
 */
void emit_decimal(struct dump_emit *e, const char *key, const char *value);
/** A value rendered as-is: a number with a fraction, for example. */
void emit_raw(struct dump_emit *e, const char *key, const char *value);
/** Bytes as hex; text mode prints them bare, JSON as a string. */
void emit_hex(struct dump_emit *e, const char *key, const uint8_t *bytes, size_t len);
/** Open a nested object (JSON) or a bracketed group (text). NULL key inside a list. */
void emit_open(struct dump_emit *e, const char *key);
void emit_close(struct dump_emit *e);
void emit_open_list(struct dump_emit *e, const char *key);
void emit_close_list(struct dump_emit *e);

#endif
