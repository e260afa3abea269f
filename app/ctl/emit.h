/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One list of fields, two outputs: "key value" lines for people, or one JSON object
 * for scripts. The subcommands say what to print once, so the two cannot differ.
 */
#ifndef CTL_EMIT_H
#define CTL_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct ctl_emit {
	FILE *f;
	bool json;
	bool first; /**< no member yet in the current JSON object or array */
	unsigned depth;
};

void ctl_emit_begin(struct ctl_emit *e, FILE *f, bool json);
/** Close the top object (JSON) and end the output with a newline. */
void ctl_emit_end(struct ctl_emit *e);
void ctl_emit_str(struct ctl_emit *e, const char *key, const char *v);
void ctl_emit_i64(struct ctl_emit *e, const char *key, int64_t v);
void ctl_emit_u64(struct ctl_emit *e, const char *key, uint64_t v);
/** @p v with @p decimals; a non-finite value is JSON null and "-" in text. */
void ctl_emit_f64(struct ctl_emit *e, const char *key, double v, int decimals);
void ctl_emit_bool(struct ctl_emit *e, const char *key, bool v);
/** JSON null, "-" in text: a field the region does not have. */
void ctl_emit_none(struct ctl_emit *e, const char *key);
/** An array of objects under @p key (JSON); a heading line in text. */
void ctl_emit_array_begin(struct ctl_emit *e, const char *key);
void ctl_emit_array_end(struct ctl_emit *e);
/** One object in an array; @p title heads it in text ("port 0 eth1"). */
void ctl_emit_item_begin(struct ctl_emit *e, const char *title);
void ctl_emit_item_end(struct ctl_emit *e);

#endif
