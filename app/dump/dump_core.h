/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DUMP_CORE_H
#define DUMP_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump_emit.h"
#include "ptpdk_msg.h"

struct dump_stats {
	uint64_t frames;
	uint64_t non_ptp;
	uint64_t unsupported_link; /**< capture link types we cannot read */
	uint64_t per_type[PTPDK_MSG_TYPE_COUNT];
	struct ptpdk_reject_counters rejects;
};

struct dump_ctx {
	struct dump_emit emit;
	unsigned parse_flags; /**< PTPDK_FRAME_F_* */
	bool quiet;	      /**< summary only */
	struct dump_stats stats;
};

/** Classify, decode, print and count one Ethernet frame. */
void dump_frame(struct dump_ctx *ctx, const uint8_t *frame, size_t len, int64_t ts_ns,
		unsigned extra_flags_off);

/** Counts per message type and per rejection reason: a table, or one JSON summary line. */
void dump_summary(struct dump_ctx *ctx);

#endif
