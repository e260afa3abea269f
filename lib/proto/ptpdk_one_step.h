/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One-step Sync (IEEE 1588-2008 9.5.9, 11.3.2): the sender writes the Sync's own
 * departure time into the frame as late as it can, right before the frame leaves.
 *
 * The departure time t goes where 1588 puts it for a one-step Sync: its whole
 * nanoseconds in originTimestamp, its fraction of a nanosecond added to the
 * correctionField (originTimestamp + correctionField = t, 11.2), so a slave reads the
 * same t1 it would from a two-step pair.
 *
 * UDP checksum: updated incrementally (RFC 1624, ptpdk_frame_patch_payload()) on IPv4
 * and IPv6 alike: O(octets changed), exact, and the frame keeps its length. Zeroing it
 * (allowed on IPv4 only) would drop the only end-to-end check of the frame; the Annex E
 * trick (two spare octets after the message, adjusted to keep the checksum) would
 * need every event message framed two octets longer. An IPv4 checksum of zero (none)
 * stays zero.
 *
 * Pure: no clock is read, the time is passed in.
 */
#ifndef PTPDK_ONE_STEP_H
#define PTPDK_ONE_STEP_H

#include <stddef.h>
#include <stdint.h>

#include "ptpdk_time.h"

/** Octet offsets in the PTP message (1588-2008 Table 18, 26). */
#define PTPDK_ONE_STEP_CORRECTION_POS 8
#define PTPDK_ONE_STEP_ORIGIN_POS     34
#define PTPDK_ONE_STEP_SYNC_LEN	      44

/**
 * Write @p t into the one-step Sync framed in @p frame (Ethernet header first: L2,
 * 802.1Q, UDPv4 or UDPv6 as ptpdk_frame_parse() knows them).
 * @return 0; -EINVAL when the frame is not a PTP frame carrying a Sync of version 2
 *         with the twoStepFlag clear (only those may be rewritten); -ERANGE when
 *         @p t is negative or beyond the 48-bit seconds, or the correctionField
 *         would overflow
 */
int ptpdk_one_step_patch_frame(uint8_t *frame, size_t len, struct ptpdk_tmv t);

/** ptpdk_one_step_patch_frame() on a bare PTP message (no headers): no checksum. */
int ptpdk_one_step_patch_msg(uint8_t *msg, size_t len, struct ptpdk_tmv t);

#endif
