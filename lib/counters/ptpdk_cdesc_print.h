/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Counters for people and for programs, from their descriptor tables
 * (ptpdk_cdesc.h): a table row per counter, or a JSON member per counter.
 */
#ifndef PTPDK_CDESC_PRINT_H
#define PTPDK_CDESC_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "ptpdk_cdesc.h"

/**
 * One row per counter of the struct at @p base, "  GROUP NAME VALUE" in fixed
 * columns, array elements under their own names; a counter flagged
 * PTPDK_CDESC_TABLE_NONZERO only when it is not zero. Write errors show in the
 * stream's error indicator.
 */
void ptpdk_cdesc_print_table(FILE *f, const struct ptpdk_cdesc_table *t, const void *base);

/**
 * The counters of the struct at @p base as members of a JSON object the caller has
 * opened: "name":value, an array as "name":{"element":value,...} (or its elements
 * directly, PTPDK_CDESC_FLAT); a counter or element flagged PTPDK_CDESC_JSON_NONZERO
 * only when it is not zero. Keys are escaped as JSON strings.
 * @param more in: the object already has a member (write a comma first); out: it has
 *	       one now, unless it had none and nothing was written
 */
void ptpdk_cdesc_print_json(FILE *f, const struct ptpdk_cdesc_table *t, const void *base,
			    bool *more);

/** @p s as a JSON string, quotes included. */
void ptpdk_cdesc_print_json_string(FILE *f, const char *s);

#endif
