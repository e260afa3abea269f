/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-dump: a PTP dissector for capture files and live interfaces. It uses the
 * daemon's own codec, so what it accepts and refuses is what ptpdk accepts and refuses.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump_core.h"
#include "dump_live.h"
#include "ptpdk_pcap.h"

#define FRAME_BUF_LEN (PTPDK_PCAP_MAX_SNAPLEN + 64)

static volatile sig_atomic_t stop_requested;

struct dump_options {
	const char *file;
	const char *iface;
	uint64_t count;
	double seconds;
};

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ptpdk-dump [options] FILE.pcap|FILE.pcapng\n"
		"       ptpdk-dump [options] -i IFACE\n"
		"\n"
		"Prints one line per PTP message (IEEE 1588 v2: L2 0x88F7, UDPv4, UDPv6, with or\n"
		"without one 802.1Q tag) and, at the end, counts per message type and per\n"
		"rejection reason. Other frames are counted, not printed.\n"
		"\n"
		"A frame with a wrong IPv4 header or UDP checksum is decoded all the same (a\n"
		"capture on the sending host holds checksums the NIC had still to fill in),\n"
		"marked [bad udp checksum] / [bad ip checksum] (JSON: \"bad_checksum\") and\n"
		"counted. Live capture does not look at checksums the kernel marks unfinished.\n"
		"\n"
		"  -i, --interface IFACE   capture live (AF_PACKET raw socket; needs CAP_NET_RAW)\n"
		"  -c, --count N           stop after N PTP (or rejected PTP) frames\n"
		"  -s, --seconds S         stop a live capture after S seconds\n"
		"  -j, --json              JSON lines; the last line is {\"summary\": ...}\n"
		"  -q, --quiet             print only the summary\n"
		"      --verify-checksum   refuse frames with a wrong checksum, as the ptpdk\n"
		"                          daemon does (counted as rejected, per reason)\n"
		"      --no-verify-checksum  decode and mark them (the default)\n"
		"  -h, --help              this text\n"
		"\n"
		"Exit status: 0 done, 1 capture error, 2 usage error.\n");
}

static int parse_number(const char *opt, const char *arg, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || v < min || v > max) {
		fprintf(stderr, "ptpdk-dump: %s: '%s' is not a number in [%g, %g]\n", opt, arg, min,
			max);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct dump_ctx *ctx, struct dump_options *o)
{
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verify-checksum", no_argument, NULL, 'V' },
		{ "no-verify-checksum", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double v;
	int opt;

	while ((opt = getopt_long(argc, argv, "i:c:s:jqh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'i':
			o->iface = optarg;
			break;
		case 'c':
			if (parse_number("--count", optarg, 1, 1e15, &v))
				return -1;
			o->count = (uint64_t)v;
			break;
		case 's':
			if (parse_number("--seconds", optarg, 0.001, 1e9, &v))
				return -1;
			o->seconds = v;
			break;
		case 'j':
			ctx->emit.format = DUMP_JSON;
			break;
		case 'q':
			ctx->quiet = true;
			break;
		case 'V':
			ctx->refuse_bad_checksum = true;
			break;
		case 'N':
			ctx->refuse_bad_checksum = false;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc || !!o->file == !!o->iface) {
		fprintf(stderr, "ptpdk-dump: give exactly one capture file or one -i IFACE\n");
		usage(stderr);
		return -1;
	}
	return 0;
}

static int dump_file(struct dump_ctx *ctx, const struct dump_options *o)
{
	static uint8_t frame[FRAME_BUF_LEN];
	char err[256];
	struct ptpdk_pcap_reader *r = ptpdk_pcap_open(o->file, err, sizeof(err));
	struct ptpdk_pcap_packet pkt;
	int rc;

	if (!r) {
		fprintf(stderr, "ptpdk-dump: %s\n", err);
		return -1;
	}
	while (!stop_requested && (rc = ptpdk_pcap_next(r, &pkt, err, sizeof(err))) == 1) {
		int len = ptpdk_pcap_to_ethernet(&pkt, frame, sizeof(frame));

		if (len < 0) {
			ctx->stats.frames++;
			ctx->stats.unsupported_link++;
			continue;
		}
		dump_frame(ctx, frame, (size_t)len, pkt.ts_ns, false);
		if (o->count && ctx->stats.frames - ctx->stats.non_ptp >= o->count)
			break;
	}
	ptpdk_pcap_close(r);
	if (rc < 0) {
		fprintf(stderr, "ptpdk-dump: %s: after frame %llu: %s\n", o->file,
			(unsigned long long)ctx->stats.frames, err);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct dump_ctx ctx = { .emit = { .out = stdout, .format = DUMP_TEXT } };
	struct dump_options opts = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	int rc;

	if (parse_args(argc, argv, &ctx, &opts))
		return 2;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (opts.iface)
		rc = dump_live(&ctx, opts.iface, opts.count, opts.seconds, &stop_requested);
	else
		rc = dump_file(&ctx, &opts);
	/* A failed capture still reports what it counted before failing. */
	dump_summary(&ctx);
	return rc ? 1 : 0;
}
