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
	struct ptpdk_reject_counters rejects; /**< frames refused, per reason */
	/**
	 * Frames with a wrong checksum that were marked, not refused for it, per reason
	 * (bad_ip/udp_checksum). One the decoder then refuses for something else is also
	 * in rejects under that other reason.
	 */
	struct ptpdk_reject_counters bad_checksum_decoded;
};

struct dump_ctx {
	struct dump_emit emit;
	/**
	 * --verify-checksum: refuse frames with a wrong IPv4 or UDP checksum, as the daemon
	 * does. Off by default: a capture taken on the sending host holds that host's
	 * frames with checksums the NIC had still to fill in, so they are decoded, marked
	 * and counted instead (tshark's default).
	 */
	bool refuse_bad_checksum;
	bool quiet; /**< summary only */
	struct dump_stats stats;
};

/**
 * Classify, decode, print and count one Ethernet frame.
 * @param checksum_unfinished the kernel says the checksum is not computed yet
 *        (TP_STATUS_CSUMNOTREADY): nothing to verify or mark
 */
void dump_frame(struct dump_ctx *ctx, const uint8_t *frame, size_t len, int64_t ts_ns,
		bool checksum_unfinished);

/** Counts per message type and per rejection reason: a table, or one JSON summary line. */
void dump_summary(struct dump_ctx *ctx);

#endif
