/* SPDX-License-Identifier: BSD-3-Clause */
/* libFuzzer target: any octets as a capture file; the reader must report, never crash. */
#include <stdint.h>
#include <stdio.h>

#include "ptpdk_pcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t frame[PTPDK_PCAP_MAX_SNAPLEN + 64];
	struct ptpdk_pcap_packet pkt;
	struct ptpdk_pcap_reader *r;
	char err[128];
	FILE *f;
	int packets = 0;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	r = ptpdk_pcap_open_stream(f, "fuzz", err, sizeof(err));
	if (!r)
		return 0;
	while (packets++ < 1000 && ptpdk_pcap_next(r, &pkt, err, sizeof(err)) == 1)
		(void)ptpdk_pcap_to_ethernet(&pkt, frame, sizeof(frame));
	ptpdk_pcap_close(r);
	return 0;
}
