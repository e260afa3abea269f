/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SHA-256 (FIPS 180-4, section 6.2), written here so that the compliance log's hash
 * chain needs no crypto library. Pure: no I/O, no allocation. Incremental: init, any
 * number of updates, final.
 */
#ifndef PTPDK_SHA256_H
#define PTPDK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define PTPDK_SHA256_LEN     32 /**< bytes of a digest */
#define PTPDK_SHA256_HEX_LEN 64 /**< characters of a digest in hex, without the NUL */

struct ptpdk_sha256 {
	uint32_t h[8];	   /**< the intermediate hash value H(i) */
	uint64_t length;   /**< bytes hashed so far */
	uint8_t block[64]; /**< the message block being filled */
	size_t block_used; /**< bytes of block in use */
};

/** Start a digest (the initial hash value of FIPS 180-4 5.3.3). */
void ptpdk_sha256_init(struct ptpdk_sha256 *s);

/** Hash @p len more bytes of the message. */
void ptpdk_sha256_update(struct ptpdk_sha256 *s, const void *data, size_t len);

/** Pad (5.1.1), finish and write the digest; @p s must be initialised again for reuse. */
void ptpdk_sha256_final(struct ptpdk_sha256 *s, uint8_t digest[PTPDK_SHA256_LEN]);

/** The digest of one buffer. */
void ptpdk_sha256(const void *data, size_t len, uint8_t digest[PTPDK_SHA256_LEN]);

/** Write @p digest as 64 lowercase hex digits and a NUL into @p hex. */
void ptpdk_sha256_to_hex(const uint8_t digest[PTPDK_SHA256_LEN],
			 char hex[PTPDK_SHA256_HEX_LEN + 1]);

/**
 * Read 64 hex digits (either case) from @p hex; characters after them are not looked at.
 * @return 0; -EINVAL when one of the 64 is not a hex digit (or the text is shorter)
 */
int ptpdk_sha256_from_hex(const char *hex, uint8_t digest[PTPDK_SHA256_LEN]);

#endif
