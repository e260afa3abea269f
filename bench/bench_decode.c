/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What each side of the RX ring does per PTP message, on one CPU: the RX lcore's
 * classification (frame headers, checksums, destination, the full message decode
 * that validates it) and its event (ptpdk_rxq_process(), without the ethdev: no EAL
 * is set up), and the engine lcore's second decode of the copied message into a
 * struct ptpdk_msg. The mix is bench_rx's PTP part: per 88
 * messages 30 Sync, 30 Follow_Up, 20 Delay_Req and 8 Announce, alternately UDPv4
 * and L2.
 *
 * Also the alternative to the second decode, which is not built: the RX lcore writes
 * the header and body it decoded into a larger ring element and the engine copies
 * them instead of decoding. Both layouts stream through a ring of RING_SLOTS
 * elements, written one pass at a time and read back, as the two lcores would in
 * compact mode (one CPU; between two CPUs the extra cache lines also cross over).
 *
 * Each phase is timed over one pass of the mix at a time, the phases taking turns,
 * so that a spell when the host runs something else hits them all alike and shows
 * as slow passes: the figures are the 10th percentile and the median of the passes,
 * in ns per message, less the cost of reading the clock. Figures only: a benchmark
 * never fails on a timing.
 *
 *   bench_decode [--passes N]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptpdk_classify.h"
#include "ptpdk_event.h"
#include "ptpdk_frame.h"
#include "ptpdk_msg.h"
#include "ptpdk_rxq.h"
#include "ptpdk_transport.h"
#include "test_frames.h"

#define MIX_LEN	   88
#define MAX_PASSES 1000000
#define RING_SLOTS 4096

/* The alternative ring element: the decoded header and body travel with the message. */
struct decoded_event {
	struct ptpdk_rx_meta meta;
	struct ptpdk_header header;
	union {
		struct ptpdk_body_timestamp timestamp;
		struct ptpdk_body_response response;
		struct ptpdk_body_announce announce;
		struct ptpdk_body_targeted targeted;
	} body;
	uint8_t payload[PTPDK_EVENT_PAYLOAD_MAX];
};

struct mix_frame {
	uint8_t data[128];
	uint16_t len;
	/* What the RX lcore puts in the ring: the message alone. */
	uint8_t message[PTPDK_EVENT_PAYLOAD_MAX];
	uint16_t message_len;
	struct ptpdk_rx_meta meta; /* as the RX lcore fills it */
	struct ptpdk_msg decoded;  /* what the RX lcore's decode found */
};

static struct ptpdk_rx_event ring_today[RING_SLOTS];
static struct decoded_event ring_decoded[RING_SLOTS];
static unsigned ring_pos; /* first slot of the current pass */

static struct mix_frame mix[MIX_LEN];
static struct ptpdk_addr_filter filter;
static struct ptpdk_port port;
static struct ptpdk_rxq rxq = { .port = &port };
static volatile unsigned sink;

static void build_mix(void)
{
	static const struct {
		unsigned type, count;
	} parts[] = { { PTPDK_MSG_SYNC, 30 },
		      { PTPDK_MSG_FOLLOW_UP, 30 },
		      { PTPDK_MSG_DELAY_REQ, 20 },
		      { PTPDK_MSG_ANNOUNCE, 8 } };
	unsigned n = 0;

	for (unsigned p = 0; p < sizeof(parts) / sizeof(parts[0]); p++)
		for (unsigned i = 0; i < parts[p].count; i++, n++) {
			struct test_frame_spec s = {
				.transport = n % 2 ? PTPDK_TRANSPORT_L2 : PTPDK_TRANSPORT_UDP4,
				.type = parts[p].type,
				.seq = (uint16_t)n,
			};
			struct ptpdk_classified c;

			mix[n].len =
				(uint16_t)test_build_frame(&s, mix[n].data, sizeof(mix[n].data));
			if (ptpdk_classify(mix[n].data, mix[n].len, PTPDK_FRAME_F_VERIFY_CSUM,
					   &filter, &c, NULL) != PTPDK_CLASS_PTP) {
				fprintf(stderr, "bench_decode: frame %u is not PTP\n", n);
				exit(1);
			}
			memcpy(mix[n].message, c.message, c.message_len);
			mix[n].message_len = c.message_len;
			mix[n].meta.message_type = c.header.message_type;
			mix[n].meta.sequence_id = c.header.sequence_id;
			mix[n].meta.payload_len = c.message_len;
			ptpdk_msg_decode(c.message, c.message_len, &mix[n].decoded, NULL);
		}
	/* Interleave the types, as bench_rx does. */
	for (unsigned i = 0; i < MIX_LEN; i++) {
		unsigned j = (i * 37) % MIX_LEN;
		struct mix_frame t = mix[i];

		mix[i] = mix[j];
		mix[j] = t;
	}
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

enum phase {
	P_PARSE,
	P_CLASSIFY,
	P_CLASSIFY_NOCSUM,
	P_SOURCE,
	P_RXQ,
	P_DECODE,
	P_WRITE,
	P_READ_DECODE,
	P_WRITE_DECODED,
	P_READ_DECODED,
	P_COUNT
};

static const char *const phase_names[P_COUNT] = {
	[P_PARSE] = "RX: frame headers + checksums (ptpdk_frame_parse)",
	[P_CLASSIFY] = "RX: ptpdk_classify (headers, checksums, filter, decode)",
	[P_CLASSIFY_NOCSUM] = "RX: ptpdk_classify, NIC-verified checksums",
	[P_SOURCE] = "RX: sender address (ptpdk_transport_source)",
	[P_RXQ] = "RX: ptpdk_rxq_process (classify, meta, message into slot)",
	[P_DECODE] = "engine: ptpdk_msg_decode of the ring copy",
	[P_WRITE] = "today, RX: write the event (meta + message, 256)",
	[P_READ_DECODE] = "today, engine: decode the event's message",
	[P_WRITE_DECODED] = "alternative, RX: write meta + header + body + message",
	[P_READ_DECODED] = "alternative, engine: copy header + body out",
};

/* One pass of the mix through phase @p p. */
static void run_phase(enum phase p)
{
	struct ptpdk_classified c;
	struct ptpdk_frame f;
	struct ptpdk_addr a;
	struct ptpdk_msg m;
	unsigned s = 0;

	if (p == P_SOURCE)
		ptpdk_frame_parse(mix[0].data, mix[0].len, 0, &f, NULL);
	for (unsigned i = 0; i < MIX_LEN; i++) {
		const struct mix_frame *x = &mix[i];

		switch (p) {
		case P_PARSE:
			s += ptpdk_frame_parse(x->data, x->len, PTPDK_FRAME_F_VERIFY_CSUM, &f,
					       NULL);
			s += f.payload_offset;
			break;
		case P_CLASSIFY:
			s += ptpdk_classify(x->data, x->len, PTPDK_FRAME_F_VERIFY_CSUM, &filter, &c,
					    NULL);
			s += c.header.sequence_id;
			break;
		case P_CLASSIFY_NOCSUM:
			s += ptpdk_classify(x->data, x->len, 0, &filter, &c, NULL);
			s += c.header.sequence_id;
			break;
		case P_SOURCE:
			f.transport = (enum ptpdk_transport)(i & 1);
			s += (unsigned)ptpdk_transport_source(&f, &a);
			s += a.mac[5];
			break;
		case P_RXQ: {
			struct ptpdk_rx_event *e = &ring_today[(ring_pos + i) % RING_SLOTS];
			struct ptpdk_rx_meta in = { .rx_raw = i, .rx_tsc = i };

			s += (unsigned)ptpdk_rxq_process(&rxq, x->data, x->len, &in, e, NULL);
			break;
		}
		case P_DECODE:
			s += (unsigned)ptpdk_msg_decode(x->message, x->message_len, &m, NULL);
			s += m.header.sequence_id;
			break;
		case P_WRITE: {
			struct ptpdk_rx_event *e = &ring_today[(ring_pos + i) % RING_SLOTS];

			e->meta = x->meta;
			memcpy(e->payload, x->message, x->message_len);
			break;
		}
		case P_READ_DECODE: {
			const struct ptpdk_rx_event *e = &ring_today[(ring_pos + i) % RING_SLOTS];

			s += (unsigned)ptpdk_msg_decode(e->payload, e->meta.payload_len, &m, NULL);
			s += m.header.sequence_id;
			break;
		}
		case P_WRITE_DECODED: {
			struct decoded_event *e = &ring_decoded[(ring_pos + i) % RING_SLOTS];

			e->meta = x->meta;
			e->header = x->decoded.header;
			memcpy(&e->body, &x->decoded.body, sizeof(e->body));
			memcpy(e->payload, x->message, x->message_len);
			break;
		}
		case P_READ_DECODED: {
			const struct decoded_event *e = &ring_decoded[(ring_pos + i) % RING_SLOTS];

			/* The mix has no TLVs: nothing is left to decode. */
			m.header = e->header;
			memcpy(&m.body, &e->body, sizeof(e->body));
			m.tlv_count = 0;
			s += m.header.sequence_id;
			break;
		}
		default:
			break;
		}
	}
	sink += s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double percentile(double *v, unsigned n, double q)
{
	qsort(v, n, sizeof(double), cmp_double);
	return v[(unsigned)(q * (n - 1))];
}

/* The median cost of the two clock reads around a pass: subtracted from every pass. */
static double clock_cost(unsigned long passes)
{
	double *empty = calloc(passes, sizeof(double)), median;

	if (!empty)
		return -1;
	for (unsigned long i = 0; i < passes; i++) {
		double t0 = now_ns();

		empty[i] = now_ns() - t0;
	}
	median = percentile(empty, (unsigned)passes, 0.5);
	free(empty);
	return median;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = { { "passes", required_argument, NULL, 'n' },
					      { NULL, 0, NULL, 0 } };
	unsigned long passes = 20000;
	double *ns[P_COUNT], clock_ns;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			passes = strtoul(optarg, NULL, 0);
		else
			return 2;
	}
	if (passes < 10 || passes > MAX_PASSES) {
		fprintf(stderr, "bench_decode: --passes 10..%d\n", MAX_PASSES);
		return 2;
	}
	for (unsigned p = 0; p < P_COUNT; p++) {
		ns[p] = calloc(passes, sizeof(double));
		if (!ns[p])
			return 1;
	}
	memcpy(filter.mac, test_our_mac, 6);
	port.filter = filter;
	port.frame_flags = PTPDK_FRAME_F_VERIFY_CSUM;
	build_mix();
	for (unsigned long i = 0; i < passes; i++) {
		for (unsigned p = 0; p < P_COUNT; p++) {
			double t0 = now_ns();

			run_phase((enum phase)p);
			ns[p][i] = now_ns() - t0;
		}
		ring_pos = (ring_pos + MIX_LEN) % RING_SLOTS;
	}
	clock_ns = clock_cost(passes);
	if (clock_ns < 0)
		return 1;
	printf("bench_decode: %lu passes of %d messages, ns per message (p10 / median); "
	       "clock read %.1f ns subtracted\n",
	       passes, MIX_LEN, clock_ns);
	for (unsigned p = 0; p < P_COUNT; p++) {
		double p10 = percentile(ns[p], (unsigned)passes, 0.1);
		double p50 = percentile(ns[p], (unsigned)passes, 0.5);

		printf("  %-58s %6.1f / %6.1f\n", phase_names[p], (p10 - clock_ns) / MIX_LEN,
		       (p50 - clock_ns) / MIX_LEN);
		free(ns[p]);
	}
	printf("  ring element: struct ptpdk_rx_event %zu octets (meta %zu + payload %d)\n",
	       sizeof(struct ptpdk_rx_event), sizeof(struct ptpdk_rx_meta),
	       PTPDK_EVENT_PAYLOAD_MAX);
	printf("  alternative ring element %zu octets (+ header %zu and body %zu)\n",
	       sizeof(struct decoded_event), sizeof(struct ptpdk_header),
	       sizeof(((struct decoded_event *)0)->body));
	printf("  decoded form: struct ptpdk_msg %zu octets (header %zu, body %zu, %d TLVs "
	       "of %zu)\n",
	       sizeof(struct ptpdk_msg), sizeof(((struct ptpdk_msg *)0)->header),
	       sizeof(((struct ptpdk_msg *)0)->body), PTPDK_MSG_MAX_TLVS, sizeof(struct ptpdk_tlv));
	return 0;
}
