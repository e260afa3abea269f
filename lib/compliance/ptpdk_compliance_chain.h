/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hash chain of the compliance log: each line carries the SHA-256 of the line before
 * it (prev=) and its own (hash=), and a sequence number one more than the previous line's.
 * Editing, deleting, inserting or moving a line breaks a link that a verifier
 * (ptpdk_compliance_verify.h) finds. Pure: the writer hands lines to the file system.
 *
 * Formatting and advancing are separate steps so that a line that could not be written
 * (disk full) is not part of the chain: the next line links to the last line that is
 * in the file, and a "lost" record says how many are missing.
 *
 * What the chain cannot show: the chain has no key, so someone who rewrites a line and
 * every line after it, recomputing each hash, makes a chain that verifies; and deleting
 * lines at the end of the newest file leaves a shorter chain that verifies. Anchoring a
 * recent hash outside the machine (the daemon prints it at start and stop) closes both.
 */
#ifndef PTPDK_COMPLIANCE_CHAIN_H
#define PTPDK_COMPLIANCE_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_compliance_record.h"

struct ptpdk_compliance_chain {
	char instance[PTPDK_COMPLIANCE_NAME_MAX + 1];
	bool started;	   /**< a record exists: the next one is not a genesis */
	uint64_t next_seq; /**< 1 for a new chain */
	uint8_t prev[PTPDK_SHA256_LEN];
	struct ptpdk_compliance_record last; /**< the last record in the chain (when started) */
};

/**
 * A new, empty chain for @p instance.
 * @return 0; -EINVAL for an invalid instance name
 */
int ptpdk_compliance_chain_init(struct ptpdk_compliance_chain *c, const char *instance);

/**
 * Continue after @p last, the last record already in the log (read back from the file
 * after a restart).
 * @return 0; -EXDEV when @p last belongs to another instance's chain
 */
int ptpdk_compliance_chain_continue(struct ptpdk_compliance_chain *c,
				    const struct ptpdk_compliance_record *last);

/**
 * Fill @p rec's seq, instance and prev from the chain, and write its line into @p line.
 * The chain does not move until ptpdk_compliance_chain_commit().
 * @return the line's length; errors of ptpdk_compliance_record_format()
 */
int ptpdk_compliance_chain_format(const struct ptpdk_compliance_chain *c,
				  struct ptpdk_compliance_record *rec, char *line, size_t size);

/** @p rec (formatted by ptpdk_compliance_chain_format) is in the log: link the next to it. */
void ptpdk_compliance_chain_commit(struct ptpdk_compliance_chain *c,
				   const struct ptpdk_compliance_record *rec);

#endif
