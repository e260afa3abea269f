/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_csum.h"

static uint16_t fold16(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint32_t ptpdk_csum_add(uint32_t sum, const uint8_t *buf, size_t len, int odd_start)
{
	uint64_t acc = sum;
	size_t i = 0;

	if (odd_start && len) {
		acc += buf[0];
		i = 1;
	}
	for (; i + 1 < len; i += 2)
		acc += (uint32_t)buf[i] << 8 | buf[i + 1];
	if (i < len)
		acc += (uint32_t)buf[i] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t ptpdk_csum_finish(uint32_t sum)
{
	return (uint16_t)~fold16(sum);
}

uint16_t ptpdk_csum_update(uint16_t old_csum, size_t offset, const uint8_t *old_bytes,
			   const uint8_t *new_bytes, size_t len)
{
	/* HC' = ~(~HC + ~m + m'), with ~m summed as the complement of m's sum. */
	uint32_t old_sum = ptpdk_csum_add(0, old_bytes, len, (int)(offset & 1));
	uint32_t new_sum = ptpdk_csum_add(0, new_bytes, len, (int)(offset & 1));
	uint32_t sum = (uint16_t)~old_csum;

	sum += (uint16_t)~fold16(old_sum);
	sum += fold16(new_sum);
	return ptpdk_csum_finish(sum);
}
