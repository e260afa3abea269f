/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_pcap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCAP_MAGIC_US	  0xa1b2c3d4u
#define PCAP_MAGIC_NS	  0xa1b23c4du
#define PCAPNG_SHB	  0x0a0d0d0au
#define PCAPNG_BOM	  0x1a2b3c4du
#define PCAPNG_IDB	  0x00000001u
#define PCAPNG_SPB	  0x00000003u
#define PCAPNG_EPB	  0x00000006u
#define PCAPNG_MAX_IFACES 64
#define PCAPNG_MAX_BLOCK  (PTPDK_PCAP_MAX_SNAPLEN + 4096)

struct pcapng_iface {
	uint32_t linktype;
	uint64_t units_per_sec; /* from if_tsresol, default 10^6 */
	uint32_t snaplen;
};

struct ptpdk_pcap_reader {
	FILE *file;
	bool swapped;
	bool pcapng;
	bool nanosecond;
	uint32_t linktype;
	unsigned iface_count;
	struct pcapng_iface ifaces[PCAPNG_MAX_IFACES];
	uint8_t *buf;
};

struct ptpdk_pcap_writer {
	FILE *file;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static uint32_t swap32(uint32_t v)
{
	return __builtin_bswap32(v);
}

static uint32_t r32(const struct ptpdk_pcap_reader *r, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return r->swapped ? swap32(v) : v;
}

static uint16_t r16(const struct ptpdk_pcap_reader *r, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return r->swapped ? __builtin_bswap16(v) : v;
}

/* 1 = read all, 0 = clean EOF before any octet, -1 = short read or error. */
static int read_exact(FILE *f, void *dst, size_t n)
{
	size_t got = fread(dst, 1, n, f);

	if (got == n)
		return 1;
	return got == 0 && feof(f) ? 0 : -1;
}

static int classic_open(struct ptpdk_pcap_reader *r, const uint8_t *hdr, char *err, size_t errlen)
{
	uint8_t rest[20];
	uint32_t magic;

	memcpy(&magic, hdr, 4);
	r->swapped = magic == swap32(PCAP_MAGIC_US) || magic == swap32(PCAP_MAGIC_NS);
	magic = r->swapped ? swap32(magic) : magic;
	r->nanosecond = magic == PCAP_MAGIC_NS;
	if (read_exact(r->file, rest, sizeof(rest)) != 1) {
		set_err(err, errlen, "truncated pcap file header");
		return -EBADMSG;
	}
	r->linktype = r32(r, rest + 16) & 0x0fffffff;
	return 0;
}

struct ptpdk_pcap_reader *ptpdk_pcap_open_stream(FILE *file, const char *name, char *err,
						 size_t errlen)
{
	struct ptpdk_pcap_reader *r = calloc(1, sizeof(*r));
	uint8_t magic_bytes[4];
	uint32_t magic;

	if (!r || !(r->buf = malloc(PCAPNG_MAX_BLOCK))) {
		set_err(err, errlen, "out of memory");
		goto err_free;
	}
	r->file = file;
	if (read_exact(r->file, magic_bytes, 4) != 1) {
		set_err(err, errlen, "%s: too short for a capture file", name);
		goto err_free;
	}
	memcpy(&magic, magic_bytes, 4);
	if (magic == PCAPNG_SHB) {
		/* The SHB is re-read as an ordinary block by ptpdk_pcap_next(). */
		r->pcapng = true;
		if (fseek(r->file, 0, SEEK_SET) == 0)
			return r;
		set_err(err, errlen, "%s: cannot rewind: %s", name, strerror(errno));
		goto err_free;
	}
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS || magic == swap32(PCAP_MAGIC_US) ||
	    magic == swap32(PCAP_MAGIC_NS)) {
		if (classic_open(r, magic_bytes, err, errlen) == 0)
			return r;
		goto err_free;
	}
	set_err(err, errlen, "%s: not a pcap or pcapng file (magic 0x%08x)", name, magic);
err_free:
	fclose(file);
	if (r)
		free(r->buf);
	free(r);
	return NULL;
}

struct ptpdk_pcap_reader *ptpdk_pcap_open(const char *path, char *err, size_t errlen)
{
	FILE *file = fopen(path, "rb");

	if (!file) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return ptpdk_pcap_open_stream(file, path, err, errlen);
}

static int classic_next(struct ptpdk_pcap_reader *r, struct ptpdk_pcap_packet *pkt, char *err,
			size_t errlen)
{
	uint8_t rec[16];
	uint32_t caplen;
	int rc = read_exact(r->file, rec, sizeof(rec));

	if (rc == 0)
		return 0;
	if (rc < 0) {
		set_err(err, errlen, "truncated packet record header");
		return -EBADMSG;
	}
	caplen = r32(r, rec + 8);
	if (caplen > PTPDK_PCAP_MAX_SNAPLEN) {
		set_err(err, errlen, "packet record claims %u octets (limit %u)", caplen,
			PTPDK_PCAP_MAX_SNAPLEN);
		return -EBADMSG;
	}
	if (read_exact(r->file, r->buf, caplen) != 1) {
		set_err(err, errlen, "truncated packet data (%u octets expected)", caplen);
		return -EBADMSG;
	}
	pkt->ts_ns = (int64_t)r32(r, rec) * 1000000000LL +
		     (int64_t)r32(r, rec + 4) * (r->nanosecond ? 1 : 1000);
	pkt->caplen = caplen;
	pkt->origlen = r32(r, rec + 12);
	pkt->linktype = r->linktype;
	pkt->data = r->buf;
	return 1;
}

static uint64_t tsresol_units(uint8_t v)
{
	uint64_t units = 1;
	unsigned exp = v & 0x7f, i;

	/* High bit set: a power of two; otherwise a power of ten (pcapng spec). */
	if (exp > 19 && !(v & 0x80))
		exp = 19;
	if (exp > 63)
		exp = 63;
	for (i = 0; i < exp; i++)
		units = (v & 0x80) ? units * 2 : units * 10;
	return units;
}

static void idb_parse(struct ptpdk_pcap_reader *r, const uint8_t *body, uint32_t len)
{
	struct pcapng_iface *ifc;
	uint32_t off = 8;

	if (r->iface_count == PCAPNG_MAX_IFACES || len < 8)
		return;
	ifc = &r->ifaces[r->iface_count++];
	ifc->linktype = r16(r, body);
	ifc->snaplen = r32(r, body + 4);
	ifc->units_per_sec = 1000000;
	while (off + 4 <= len) {
		uint16_t code = r16(r, body + off), olen = r16(r, body + off + 2);

		if (code == 0 || off + 4 + olen > len)
			break;
		if (code == 9 && olen >= 1)
			ifc->units_per_sec = tsresol_units(body[off + 4]);
		off += 4 + ((olen + 3u) & ~3u);
	}
}

static int64_t units_to_ns(uint64_t t, uint64_t units_per_sec)
{
	uint64_t sec = t / units_per_sec, rem = t % units_per_sec;

	return (int64_t)(sec * 1000000000ULL +
			 (uint64_t)((double)rem * 1e9 / (double)units_per_sec));
}

static int packet_block(struct ptpdk_pcap_reader *r, uint32_t type, const uint8_t *body,
			uint32_t len, struct ptpdk_pcap_packet *pkt, char *err, size_t errlen)
{
	uint32_t iface = 0, caplen, data_off;
	const struct pcapng_iface *ifc;

	if (type == PCAPNG_EPB) {
		if (len < 20)
			goto bad;
		iface = r32(r, body);
		caplen = r32(r, body + 12);
		pkt->origlen = r32(r, body + 16);
		data_off = 20;
	} else {
		if (len < 4)
			goto bad;
		pkt->origlen = r32(r, body);
		caplen = len - 4;
		data_off = 4;
	}
	if (iface >= r->iface_count) {
		set_err(err, errlen, "packet block names interface %u, file defines %u", iface,
			r->iface_count);
		return -EBADMSG;
	}
	ifc = &r->ifaces[iface];
	if (type == PCAPNG_SPB) {
		if (pkt->origlen < caplen)
			caplen = pkt->origlen;
		if (ifc->snaplen && caplen > ifc->snaplen)
			caplen = ifc->snaplen;
	}
	if (caplen > len - data_off)
		goto bad;
	pkt->ts_ns = type == PCAPNG_EPB
			     ? units_to_ns((uint64_t)r32(r, body + 4) << 32 | r32(r, body + 8),
					   ifc->units_per_sec)
			     : 0;
	pkt->caplen = caplen;
	pkt->linktype = ifc->linktype;
	pkt->data = body + data_off;
	return 1;
bad:
	set_err(err, errlen, "packet block too short for its captured length");
	return -EBADMSG;
}

static int pcapng_next(struct ptpdk_pcap_reader *r, struct ptpdk_pcap_packet *pkt, char *err,
		       size_t errlen)
{
	for (;;) {
		uint8_t hdr[8];
		uint32_t type, total;
		int rc = read_exact(r->file, hdr, sizeof(hdr));

		if (rc == 0)
			return 0;
		if (rc < 0) {
			set_err(err, errlen, "truncated pcapng block header");
			return -EBADMSG;
		}
		memcpy(&type, hdr, 4);
		if (type == PCAPNG_SHB) {
			uint32_t bom;

			/* Each section fixes its own byte order and interface list. */
			if (read_exact(r->file, &bom, 4) != 1)
				goto truncated;
			r->swapped = bom != PCAPNG_BOM;
			if (r->swapped && swap32(bom) != PCAPNG_BOM) {
				set_err(err, errlen, "bad pcapng byte-order magic");
				return -EBADMSG;
			}
			r->iface_count = 0;
			total = r32(r, hdr + 4);
			if (total < 16 || total > PCAPNG_MAX_BLOCK || (total & 3))
				goto bad_len;
			if (read_exact(r->file, r->buf, total - 12) != 1)
				goto truncated;
			continue;
		}
		type = r32(r, hdr);
		total = r32(r, hdr + 4);
		if (total < 12 || total > PCAPNG_MAX_BLOCK || (total & 3))
			goto bad_len;
		if (read_exact(r->file, r->buf, total - 8) != 1)
			goto truncated;
		if (type == PCAPNG_IDB)
			idb_parse(r, r->buf, total - 12);
		else if (type == PCAPNG_EPB || type == PCAPNG_SPB)
			return packet_block(r, type, r->buf, total - 12, pkt, err, errlen);
	}
bad_len:
	set_err(err, errlen, "pcapng block with impossible length");
	return -EBADMSG;
truncated:
	set_err(err, errlen, "truncated pcapng block");
	return -EBADMSG;
}

int ptpdk_pcap_next(struct ptpdk_pcap_reader *r, struct ptpdk_pcap_packet *pkt, char *err,
		    size_t errlen)
{
	int rc = r->pcapng ? pcapng_next(r, pkt, err, errlen) : classic_next(r, pkt, err, errlen);

	if (rc < 0 && ferror(r->file)) {
		set_err(err, errlen, "read error: %s", strerror(errno));
		return -EIO;
	}
	return rc;
}

void ptpdk_pcap_close(struct ptpdk_pcap_reader *r)
{
	if (!r)
		return;
	fclose(r->file);
	free(r->buf);
	free(r);
}

int ptpdk_pcap_to_ethernet(const struct ptpdk_pcap_packet *pkt, uint8_t *out, size_t cap)
{
	const uint8_t *d = pkt->data;
	size_t hdr, addr_len, n = pkt->caplen;
	uint16_t proto;
	const uint8_t *addr;

	switch (pkt->linktype) {
	case PTPDK_LINKTYPE_ETHERNET:
		if (n > cap)
			return -ENOSPC;
		memcpy(out, d, n);
		return (int)n;
	case PTPDK_LINKTYPE_LINUX_SLL:
		if (n < 16)
			return -EBADMSG;
		hdr = 16;
		proto = (uint16_t)(d[14] << 8 | d[15]);
		addr_len = (size_t)(d[4] << 8 | d[5]);
		addr = d + 6;
		break;
	case PTPDK_LINKTYPE_LINUX_SLL2:
		if (n < 20)
			return -EBADMSG;
		hdr = 20;
		proto = (uint16_t)(d[0] << 8 | d[1]);
		addr_len = d[11];
		addr = d + 12;
		break;
	default:
		return -ENOTSUP;
	}
	if (n - hdr + 14 > cap)
		return -ENOSPC;
	/* The cooked header has no destination: leave it zero. */
	memset(out, 0, 14);
	memcpy(out + 6, addr, addr_len < 6 ? addr_len : 6);
	out[12] = (uint8_t)(proto >> 8);
	out[13] = (uint8_t)proto;
	memcpy(out + 14, d + hdr, n - hdr);
	return (int)(n - hdr + 14);
}

struct ptpdk_pcap_writer *ptpdk_pcap_create(const char *path, char *err, size_t errlen)
{
	struct ptpdk_pcap_writer *w = calloc(1, sizeof(*w));
	uint32_t hdr[6] = { PCAP_MAGIC_NS,	    2 | 4u << 16,	    0, 0,
			    PTPDK_PCAP_MAX_SNAPLEN, PTPDK_LINKTYPE_ETHERNET };

	if (!w) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	w->file = fopen(path, "wb");
	if (!w->file || fwrite(hdr, sizeof(hdr), 1, w->file) != 1) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		if (w->file)
			fclose(w->file);
		free(w);
		return NULL;
	}
	return w;
}

int ptpdk_pcap_write(struct ptpdk_pcap_writer *w, int64_t ts_ns, const uint8_t *data, uint32_t len)
{
	uint32_t rec[4] = { (uint32_t)(ts_ns / 1000000000LL), (uint32_t)(ts_ns % 1000000000LL), len,
			    len };

	if (fwrite(rec, sizeof(rec), 1, w->file) != 1 || fwrite(data, 1, len, w->file) != len)
		return -EIO;
	return 0;
}

int ptpdk_pcap_finish(struct ptpdk_pcap_writer *w)
{
	int rc = fclose(w->file) == 0 ? 0 : -EIO;

	free(w);
	return rc;
}
