/* SPDX-License-Identifier: BSD-3-Clause */
#include "dump_core.h"

#include <inttypes.h>

#include "dump_msg.h"
#include "ptpdk_frame.h"

static void print_reject(struct dump_ctx *ctx, uint64_t frame_no, int64_t ts_ns,
			 const struct ptpdk_frame *frame, unsigned faults, enum ptpdk_reject why)
{
	struct dump_emit *e = &ctx->emit;

	emit_begin(e);
	dump_frame_fields(e, frame_no, ts_ns, frame);
	dump_checksum_marks(e, faults);
	emit_str(e, "rejected", ptpdk_reject_name(why));
	emit_end(e);
}

static void count_checksum_faults(struct dump_stats *s, unsigned faults)
{
	if (faults & PTPDK_FRAME_CSUM_BAD_IP)
		s->bad_checksum_decoded.count[PTPDK_REJECT_BAD_IP_CHECKSUM]++;
	if (faults & PTPDK_FRAME_CSUM_BAD_UDP)
		s->bad_checksum_decoded.count[PTPDK_REJECT_BAD_UDP_CHECKSUM]++;
}

void dump_frame(struct dump_ctx *ctx, const uint8_t *buf, size_t len, int64_t ts_ns,
		bool checksum_unfinished)
{
	struct ptpdk_frame frame;
	struct ptpdk_msg msg;
	enum ptpdk_reject why = PTPDK_REJECT_NONE;
	enum ptpdk_frame_class cls;
	uint64_t frame_no = ++ctx->stats.frames;
	bool verify = ctx->refuse_bad_checksum && !checksum_unfinished;
	unsigned faults = 0;

	cls = ptpdk_frame_parse(buf, len, verify ? PTPDK_FRAME_F_VERIFY_CSUM : 0, &frame, &why);
	if (cls == PTPDK_FRAME_NOT_PTP) {
		ctx->stats.non_ptp++;
		return;
	}
	/* Not refused for its checksums: look at them to mark the frame instead. */
	if (cls == PTPDK_FRAME_PTP && !ctx->refuse_bad_checksum && !checksum_unfinished) {
		faults = ptpdk_frame_checksum_faults(buf, len, &frame);
		count_checksum_faults(&ctx->stats, faults);
	}
	if (cls == PTPDK_FRAME_PTP &&
	    ptpdk_msg_decode(buf + frame.payload_offset, frame.payload_length, &msg, &why) == 0) {
		ctx->stats.per_type[msg.header.message_type]++;
		if (ctx->quiet)
			return;
		emit_begin(&ctx->emit);
		dump_frame_fields(&ctx->emit, frame_no, ts_ns, &frame);
		dump_checksum_marks(&ctx->emit, faults);
		dump_msg_fields(&ctx->emit, &msg);
		emit_end(&ctx->emit);
		return;
	}
	ctx->stats.rejects.count[why]++;
	if (!ctx->quiet)
		print_reject(ctx, frame_no, ts_ns, &frame, faults, why);
}

static uint64_t ptp_total(const struct dump_stats *s)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < PTPDK_MSG_TYPE_COUNT; i++)
		n += s->per_type[i];
	return n;
}

static uint64_t reason_total(const uint64_t *count)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < PTPDK_REJECT_MAX; i++)
		n += count[i];
	return n;
}

static uint64_t reject_total(const struct dump_stats *s)
{
	return reason_total(s->rejects.count);
}

static uint64_t checksum_total(const struct dump_stats *s)
{
	return reason_total(s->bad_checksum_decoded.count);
}

static void summary_json(struct dump_ctx *ctx)
{
	struct dump_emit *e = &ctx->emit;
	const struct dump_stats *s = &ctx->stats;
	unsigned i;

	emit_begin(e);
	emit_open(e, "summary");
	emit_uint(e, "frames", s->frames);
	emit_uint(e, "ptp", ptp_total(s));
	emit_uint(e, "rejected", reject_total(s));
	emit_uint(e, "non_ptp", s->non_ptp);
	emit_uint(e, "unsupported_link", s->unsupported_link);
	emit_open(e, "types");
	for (i = 0; i < PTPDK_MSG_TYPE_COUNT; i++)
		if (s->per_type[i])
			emit_uint(e, ptpdk_msg_type_name(i), s->per_type[i]);
	emit_close(e);
	emit_open(e, "reasons");
	for (i = 1; i < PTPDK_REJECT_MAX; i++)
		if (s->rejects.count[i])
			emit_uint(e, ptpdk_reject_name(i), s->rejects.count[i]);
	emit_close(e);
	/* Apart from "reasons", whose counts add up to "rejected": these were decoded. */
	emit_open(e, "bad_checksum_decoded");
	for (i = 1; i < PTPDK_REJECT_MAX; i++)
		if (s->bad_checksum_decoded.count[i])
			emit_uint(e, ptpdk_reject_name(i), s->bad_checksum_decoded.count[i]);
	emit_close(e);
	emit_close(e);
	emit_end(e);
}

static void summary_text(struct dump_ctx *ctx)
{
	FILE *out = ctx->emit.out;
	const struct dump_stats *s = &ctx->stats;
	unsigned i;

	fprintf(out, "\n%-24s %12s\n", "message type", "count");
	for (i = 0; i < PTPDK_MSG_TYPE_COUNT; i++)
		if (s->per_type[i])
			fprintf(out, "%-24s %12" PRIu64 "\n", ptpdk_msg_type_name(i),
				s->per_type[i]);
	fprintf(out, "%-24s %12" PRIu64 "\n", "total PTP", ptp_total(s));
	fprintf(out, "\n%-24s %12s\n", "rejected (reason)", "count");
	for (i = 1; i < PTPDK_REJECT_MAX; i++)
		if (s->rejects.count[i])
			fprintf(out, "%-24s %12" PRIu64 "\n", ptpdk_reject_name(i),
				s->rejects.count[i]);
	fprintf(out, "%-24s %12" PRIu64 "\n", "total rejected", reject_total(s));
	if (checksum_total(s)) {
		fprintf(out, "\n%-24s %12s\n", "decoded, bad checksum", "count");
		for (i = 1; i < PTPDK_REJECT_MAX; i++)
			if (s->bad_checksum_decoded.count[i])
				fprintf(out, "%-24s %12" PRIu64 "\n", ptpdk_reject_name(i),
					s->bad_checksum_decoded.count[i]);
	}
	fprintf(out, "\n%-24s %12" PRIu64 "\n", "non-PTP frames", s->non_ptp);
	if (s->unsupported_link)
		fprintf(out, "%-24s %12" PRIu64 "\n", "unsupported link type", s->unsupported_link);
	fprintf(out, "%-24s %12" PRIu64 "\n", "frames read", s->frames);
}

void dump_summary(struct dump_ctx *ctx)
{
	if (ctx->emit.format == DUMP_JSON)
		summary_json(ctx);
	else
		summary_text(ctx);
}
