/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-reencode IN.pcap OUT.pcap: decode every frame with ptpdk's codec, encode the
 * message again and rebuild its Ethernet/IP/UDP frame, so that another implementation
 * (the scapy layers) can check that decode followed by encode loses nothing.
 * Exit 0 when every frame round-tripped; 1 when any failed (one stderr line each).
 */
#include <stdio.h>
#include <string.h>

#include "ptpdk_frame.h"
#include "ptpdk_msg.h"
#include "ptpdk_pcap.h"

static int reencode_frame(const uint8_t *in, size_t len, uint8_t *out, size_t cap, const char **why)
{
	static uint8_t payload[PTPDK_MSG_MAX_LEN * 2];
	struct ptpdk_frame frame;
	struct ptpdk_msg msg;
	enum ptpdk_reject reason = PTPDK_REJECT_NONE;
	int n;

	if (ptpdk_frame_parse(in, len, PTPDK_FRAME_F_VERIFY_CSUM, &frame, &reason) !=
	    PTPDK_FRAME_PTP) {
		*why = reason ? ptpdk_reject_name(reason) : "not a PTP frame";
		return -1;
	}
	if (ptpdk_msg_decode(in + frame.payload_offset, frame.payload_length, &msg, &reason)) {
		*why = ptpdk_reject_name(reason);
		return -1;
	}
	n = ptpdk_msg_encode(&msg, payload, sizeof(payload));
	if (n < 0) {
		*why = "encode failed";
		return -1;
	}
	n = ptpdk_frame_build(out, cap, &frame, payload, (size_t)n);
	if (n < 0)
		*why = "frame build failed";
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t frame[PTPDK_PCAP_MAX_SNAPLEN + 64], out[4096];
	struct ptpdk_pcap_packet pkt;
	struct ptpdk_pcap_reader *r;
	struct ptpdk_pcap_writer *w;
	char err[256];
	unsigned long index = 0, failed = 0;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: ptpdk-reencode IN.pcap OUT.pcap\n");
		return 2;
	}
	r = ptpdk_pcap_open(argv[1], err, sizeof(err));
	w = r ? ptpdk_pcap_create(argv[2], err, sizeof(err)) : NULL;
	if (!r || !w) {
		fprintf(stderr, "ptpdk-reencode: %s\n", err);
		ptpdk_pcap_close(r);
		return 1;
	}
	while ((rc = ptpdk_pcap_next(r, &pkt, err, sizeof(err))) == 1) {
		const char *why = "unsupported link type";
		int len = ptpdk_pcap_to_ethernet(&pkt, frame, sizeof(frame));
		int n = len < 0 ? -1 : reencode_frame(frame, (size_t)len, out, sizeof(out), &why);

		index++;
		if (n < 0) {
			fprintf(stderr, "frame %lu: %s\n", index, why);
			failed++;
			continue;
		}
		if (ptpdk_pcap_write(w, pkt.ts_ns, out, (uint32_t)n)) {
			fprintf(stderr, "ptpdk-reencode: write failed\n");
			failed++;
			break;
		}
	}
	if (rc < 0) {
		fprintf(stderr, "ptpdk-reencode: %s\n", err);
		failed++;
	}
	ptpdk_pcap_close(r);
	if (ptpdk_pcap_finish(w))
		failed++;
	return failed ? 1 : 0;
}
