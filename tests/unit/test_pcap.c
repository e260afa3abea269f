/* SPDX-License-Identifier: BSD-3-Clause */
/* Capture files: classic write/read, pcapng with a non-default resolution, damage. */
#include <errno.h>
#include <unistd.h>

#include "check.h"
#include "ptpdk_pcap.h"

static char tmp_path[64];

static void put32(FILE *f, uint32_t v)
{
	fwrite(&v, 4, 1, f);
}

static void test_classic_round_trip(void)
{
	char err[256];
	struct ptpdk_pcap_writer *w = ptpdk_pcap_create(tmp_path, err, sizeof(err));
	struct ptpdk_pcap_reader *r;
	struct ptpdk_pcap_packet pkt;
	uint8_t frame[100];
	int i;

	CHECK(w != NULL);
	if (!w)
		return;
	for (i = 0; i < 3; i++) {
		memset(frame, i, sizeof(frame));
		CHECK_EQ_INT(
			ptpdk_pcap_write(w, 1700000000123456789LL + i, frame, 60u + (unsigned)i),
			0);
	}
	CHECK_EQ_INT(ptpdk_pcap_finish(w), 0);
	r = ptpdk_pcap_open(tmp_path, err, sizeof(err));
	CHECK(r != NULL);
	if (!r)
		return;
	for (i = 0; i < 3; i++) {
		CHECK_EQ_INT(ptpdk_pcap_next(r, &pkt, err, sizeof(err)), 1);
		CHECK_EQ_INT(pkt.ts_ns, 1700000000123456789LL + i);
		CHECK_EQ_INT(pkt.caplen, 60 + i);
		CHECK_EQ_INT(pkt.linktype, PTPDK_LINKTYPE_ETHERNET);
		CHECK_EQ_INT(pkt.data[0], i);
	}
	CHECK_EQ_INT(ptpdk_pcap_next(r, &pkt, err, sizeof(err)), 0);
	ptpdk_pcap_close(r);
}

/* SHB, an IDB with if_tsresol = 10^-9, one EPB of 6 octets (padded to 8). */
static void write_pcapng(int damage)
{
	FILE *f = fopen(tmp_path, "wb");
	uint64_t ts = 1700000000123456789ULL;
	const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 0, 0 };

	put32(f, 0x0a0d0d0a);
	put32(f, 28);
	put32(f, 0x1a2b3c4d);
	put32(f, 0x00000001); /* version 1.0 */
	put32(f, 0xffffffff);
	put32(f, 0xffffffff); /* section length: unknown */
	put32(f, 28);
	put32(f, 1); /* IDB */
	put32(f, 28);
	put32(f, 1); /* linktype 1, reserved */
	put32(f, 65535);
	put32(f, 9 | 1u << 16); /* if_tsresol, length 1 */
	put32(f, 9);		/* value 9 (10^-9), padded */
	put32(f, 28);
	put32(f, 6); /* EPB */
	put32(f, 40);
	put32(f, 0);
	put32(f, (uint32_t)(ts >> 32));
	put32(f, (uint32_t)ts);
	put32(f, damage ? 600 : 6); /* captured length */
	put32(f, 6);
	fwrite(data, 8, 1, f);
	put32(f, 40);
	fclose(f);
}

static void test_pcapng(void)
{
	char err[256];
	struct ptpdk_pcap_reader *r;
	struct ptpdk_pcap_packet pkt;

	write_pcapng(0);
	r = ptpdk_pcap_open(tmp_path, err, sizeof(err));
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_INT(ptpdk_pcap_next(r, &pkt, err, sizeof(err)), 1);
	CHECK_EQ_INT(pkt.caplen, 6);
	CHECK_EQ_INT(pkt.ts_ns, 1700000000123456789LL);
	CHECK_EQ_INT(pkt.data[5], 6);
	CHECK_EQ_INT(ptpdk_pcap_next(r, &pkt, err, sizeof(err)), 0);
	ptpdk_pcap_close(r);

	write_pcapng(1);
	r = ptpdk_pcap_open(tmp_path, err, sizeof(err));
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_INT(ptpdk_pcap_next(r, &pkt, err, sizeof(err)), -EBADMSG);
	ptpdk_pcap_close(r);
}

static void test_damaged(void)
{
	char err[256];
	FILE *f = fopen(tmp_path, "wb");
	struct ptpdk_pcap_reader *r;
	struct ptpdk_pcap_packet pkt;

	fputs("definitely not a capture", f);
	fclose(f);
	CHECK(ptpdk_pcap_open(tmp_path, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "not a pcap") != NULL);
	CHECK(ptpdk_pcap_open("/nonexistent/x.pcap", err, sizeof(err)) == NULL);

	/* A record that claims more octets than the file holds. */
	f = fopen(tmp_path, "wb");
	put32(f, 0xa1b2c3d4);
	put32(f, 2 | 4u << 16);
	put32(f, 0);
	put32(f, 0);
	put32(f, 65535);
	put32(f, 1);
	put32(f, 1);
	put32(f, 0);
	put32(f, 100);
	put32(f, 100);
	fwrite("short", 5, 1, f);
	fclose(f);
	r = ptpdk_pcap_open(tmp_path, err, sizeof(err));
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_INT(ptpdk_pcap_next(r, &pkt, err, sizeof(err)), -EBADMSG);
	ptpdk_pcap_close(r);
}

static void test_cooked(void)
{
	/* SLL: packet type, ARPHRD, addr len 6, addr, protocol 0x88F7, then payload. */
	uint8_t sll[16 + 4] = { 0, 0, 0, 1, 0,	  6,	2,    0,    0,	  0,
				0, 9, 0, 0, 0x88, 0xf7, 0xaa, 0xbb, 0xcc, 0xdd };
	struct ptpdk_pcap_packet pkt = { .linktype = PTPDK_LINKTYPE_LINUX_SLL,
					 .caplen = 20,
					 .data = sll };
	uint8_t out[64];

	CHECK_EQ_INT(ptpdk_pcap_to_ethernet(&pkt, out, sizeof(out)), 18);
	CHECK(out[12] == 0x88 && out[13] == 0xf7 && out[6] == 2 && out[11] == 9 && out[14] == 0xaa);
	pkt.caplen = 10;
	CHECK_EQ_INT(ptpdk_pcap_to_ethernet(&pkt, out, sizeof(out)), -EBADMSG);
	pkt.linktype = 105;
	CHECK_EQ_INT(ptpdk_pcap_to_ethernet(&pkt, out, sizeof(out)), -ENOTSUP);
}

int main(void)
{
	int fd;

	check_seed("test_pcap");
	snprintf(tmp_path, sizeof(tmp_path), "/tmp/ptpdk-test-pcap-XXXXXX");
	fd = mkstemp(tmp_path);
	if (fd < 0)
		return 1;
	close(fd);
	test_classic_round_trip();
	test_pcapng();
	test_damaged();
	test_cooked();
	unlink(tmp_path);
	return check_report("test_pcap");
}
