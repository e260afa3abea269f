/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DUMP_MSG_H
#define DUMP_MSG_H

#include "dump_emit.h"
#include "ptpdk_frame.h"
#include "ptpdk_msg.h"

/** Capture time, frame number and addresses of one frame. */
void dump_frame_fields(struct dump_emit *e, uint64_t frame_no, int64_t ts_ns,
		       const struct ptpdk_frame *frame);

/**
 * Wrong checksums of a frame that is shown anyway (PTPDK_FRAME_CSUM_* bits): nothing
 * for 0, "[bad ip checksum]" / "[bad udp checksum]" in text, "bad_checksum": ["ip",
 * "udp"] in JSON.
 */
void dump_checksum_marks(struct dump_emit *e, unsigned faults);

/** Every header, body and TLV field of a decoded message. */
void dump_msg_fields(struct dump_emit *e, const struct ptpdk_msg *msg);

/** "001122.fffe.334455" — ptp4l's rendering of a ClockIdentity. */
void dump_format_clock_id(const uint8_t id[PTPDK_CLOCK_ID_LEN], char out[19]);

/** A ClockIdentity as a string field. */
void dump_emit_clock_id(struct dump_emit *e, const char *key, const uint8_t *id);

/** A PortIdentity as "clockid-port". */
void dump_emit_port_id(struct dump_emit *e, const char *key, const struct ptpdk_port_identity *p);

#endif
