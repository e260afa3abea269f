/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Minimal capture-file I/O for tools and tests: reads classic pcap (µs and ns,
 * either byte order) and pcapng (SHB/IDB/EPB/SPB, any if_tsresol), writes classic
 * pcap with ns resolution. Damaged files give an error message, never a crash.
 */
#ifndef PTPDK_PCAP_H
#define PTPDK_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PTPDK_LINKTYPE_ETHERNET	  1
#define PTPDK_LINKTYPE_LINUX_SLL  113
#define PTPDK_LINKTYPE_LINUX_SLL2 276
#define PTPDK_PCAP_MAX_SNAPLEN	  262144

struct ptpdk_pcap_reader;
struct ptpdk_pcap_writer;

struct ptpdk_pcap_packet {
	int64_t ts_ns; /**< capture time, ns since the Unix epoch */
	uint32_t linktype;
	uint32_t caplen;
	uint32_t origlen;
	const uint8_t *data; /**< valid until the next ptpdk_pcap_next() or close */
};

/** @return a reader, or NULL with a message in @p err. */
struct ptpdk_pcap_reader *ptpdk_pcap_open(const char *path, char *err, size_t errlen);

/**
 * Read from an open stream (which must support fseek for pcapng); the reader owns
 * @p file from now on and closes it, also on failure. @p name is used in messages.
 */
struct ptpdk_pcap_reader *ptpdk_pcap_open_stream(FILE *file, const char *name, char *err,
						 size_t errlen);

/**
 * @return 1 with a packet, 0 at the end of the file, -EBADMSG for a damaged file
 *         (message in @p err), -EIO for a read error.
 */
int ptpdk_pcap_next(struct ptpdk_pcap_reader *r, struct ptpdk_pcap_packet *pkt, char *err,
		    size_t errlen);

void ptpdk_pcap_close(struct ptpdk_pcap_reader *r);

/**
 * Present a packet as an Ethernet frame: Ethernet passes through; Linux cooked
 * captures (SLL, SLL2, from `tcpdump -i any`) get an Ethernet header synthesised from
 * their protocol field and link-layer source address.
 * @return frame length in @p out, -ENOTSUP for another linktype, -EBADMSG when too short,
 *         -ENOSPC when @p cap is too small.
 */
int ptpdk_pcap_to_ethernet(const struct ptpdk_pcap_packet *pkt, uint8_t *out, size_t cap);

/** @return a writer for Ethernet frames with ns timestamps, or NULL with @p err set. */
struct ptpdk_pcap_writer *ptpdk_pcap_create(const char *path, char *err, size_t errlen);

/** @return 0 or -EIO. */
int ptpdk_pcap_write(struct ptpdk_pcap_writer *w, int64_t ts_ns, const uint8_t *data, uint32_t len);

/** Flushes and closes; @return 0 or -EIO. */
int ptpdk_pcap_finish(struct ptpdk_pcap_writer *w);

#endif
