/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the input is an Ethernet frame. Classification, validation and
 * decoding must never read past it; whatever decodes must encode, and decode again
 * to the same octets (a codec that accepted what it cannot reproduce would corrupt
 * relayed messages in a boundary clock).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_frame.h"
#include "ptpdk_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_reencode(const uint8_t *ptp, size_t len)
{
	static uint8_t once[70000], twice[70000]; /* > any messageLength */
	struct ptpdk_msg m, m2;
	enum ptpdk_reject why = PTPDK_REJECT_NONE;
	int n1, n2;

	if (ptpdk_msg_decode(ptp, len, &m, &why)) {
		if (why <= PTPDK_REJECT_NONE || why >= PTPDK_REJECT_MAX)
			abort();
		return;
	}
	n1 = ptpdk_msg_encode(&m, once, sizeof(once));
	if (n1 < 0 || ptpdk_msg_decode(once, (size_t)n1, &m2, &why))
		abort();
	n2 = ptpdk_msg_encode(&m2, twice, sizeof(twice));
	if (n2 != n1 || memcmp(once, twice, (size_t)n1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ptpdk_frame frame;
	enum ptpdk_reject why = PTPDK_REJECT_NONE;

	/* The raw input as a bare PTP message (the L2/UDP payload path). */
	check_reencode(data, size);
	if (ptpdk_frame_parse(data, size, PTPDK_FRAME_F_VERIFY_CSUM, &frame, &why) ==
	    PTPDK_FRAME_PTP) {
		if ((size_t)frame.payload_offset + frame.payload_length > size)
			abort();
		check_reencode(data + frame.payload_offset, frame.payload_length);
	}
	return 0;
}
