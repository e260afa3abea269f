/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 */
#ifndef PTPDK_CSUM_H
#define PTPDK_CSUM_H

#include <stddef.h>
#include <stdint.h>

/**
 * Add @p len octets to a running 32-bit one's-complement sum.
 * @param odd_start true when buf[0] sits at an odd offset of the summed region
 *                  (it is then the low octet of its 16-bit word)
 */
uint32_t ptpdk_csum_add(uint32_t sum, const uint8_t *buf, size_t len, int odd_start);

/** Fold a running sum to 16 bits and complement it: the value to put on the wire. */
uint16_t ptpdk_csum_finish(uint32_t sum);

/**
 * RFC 1624 eqn. 3: the checksum after octets at @p offset (from the start of the
 * summed region) changed from @p old_bytes to @p new_bytes. Works for any offset
 * and length, odd ones included.
 */
uint16_t ptpdk_csum_update(uint16_t old_csum, size_t offset, const uint8_t *old_bytes,
			   const uint8_t *new_bytes, size_t len);

#endif
