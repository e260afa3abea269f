/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

static void sum_rx(const struct report_input *in, int port, struct ptpdk_rxq_counters *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (unsigned q = 0; q < in->n_rxqs; q++) {
		const uint64_t *src = (const uint64_t *)&in->rxq[q];
		uint64_t *dst = (uint64_t *)sum;

		if (port >= 0 && in->rxq_port[q] != port)
			continue;
		/* Every field is a uint64_t counter, so the sum is field-wise. */
		for (size_t i = 0; i < sizeof(*sum) / sizeof(uint64_t); i++)
			dst[i] += src[i];
	}
}

void report_line(FILE *out, const struct report_input *in)
{
	struct ptpdk_rxq_counters rx;

	sum_rx(in, -1, &rx);
	fprintf(out,
		"ptpdk: rx %" PRIu64 " ptp %" PRIu64 " not_ptp %" PRIu64 " not_for_us %" PRIu64
		" rejected %" PRIu64 " ring_full %" PRIu64 " engine %" PRIu64 " offsets %" PRIu64
		"\n",
		rx.packets, rx.by_class[PTPDK_CLASS_PTP], rx.by_class[PTPDK_CLASS_NOT_PTP],
		rx.by_class[PTPDK_CLASS_NOT_FOR_US], rx.by_class[PTPDK_CLASS_REJECTED],
		rx.ring_full + rx.large_ring_full, in->engine.counters.events,
		in->engine.offset_samples);
	fflush(out);
}

static void table_types(FILE *out, const char *label, const uint64_t *by_type)
{
	for (unsigned t = 0; t < PTPDK_MSG_TYPE_COUNT; t++)
		if (by_type[t])
			fprintf(out, "  %-10s %-24s %12" PRIu64 "\n", label, ptpdk_msg_type_name(t),
				by_type[t]);
}

static void table_rx(FILE *out, const struct ptpdk_rxq_counters *rx)
{
	fprintf(out, "  %-10s %-24s %12" PRIu64 "\n", "rx", "packets", rx->packets);
	for (unsigned c = 0; c < PTPDK_CLASS_COUNT; c++)
		fprintf(out, "  %-10s %-24s %12" PRIu64 "\n", "rx", ptpdk_class_name(c),
			rx->by_class[c]);
	for (unsigned r = 1; r < PTPDK_REJECT_MAX; r++)
		if (rx->rejected[r])
			fprintf(out, "  %-10s %-24s %12" PRIu64 "\n", "rejected",
				ptpdk_reject_name(r), rx->rejected[r]);
	table_types(out, "rx type", rx->by_type);
	fprintf(out,
		"  %-10s %-24s %12" PRIu64 "\n  %-10s %-24s %12" PRIu64 "\n  %-10s %-24s %12" PRIu64
		"\n",
		"rx", "delivered", rx->delivered, "rx", "ring_full", rx->ring_full, "rx",
		"large_ring_full", rx->large_ring_full);
	fprintf(out, "  %-10s %-24s %12" PRIu64 "\n  %-10s %-24s %12" PRIu64 "\n", "stamps",
		"hardware", rx->ts_hw, "stamps", "software", rx->ts_sw);
	if (rx->ts_hw_missing)
		fprintf(out, "  %-10s %-24s %12" PRIu64 "\n", "stamps", "hardware_missing",
			rx->ts_hw_missing);
}

static void table_tx(FILE *out, const struct ptpdk_txq_counters *tx)
{
	fprintf(out,
		"  %-10s %-24s %12" PRIu64 "\n  %-10s %-24s %12" PRIu64 "\n  %-10s %-24s %12" PRIu64
		"\n",
		"tx", "requests", tx->requests, "tx", "sent", tx->sent, "tx", "send_failed",
		tx->send_failed);
	table_types(out, "tx type", tx->by_type);
	if (tx->txts.started)
		fprintf(out,
			"  %-10s %-24s %12" PRIu64 "\n  %-10s %-24s %12" PRIu64
			"\n  %-10s %-24s %12" PRIu64 "\n",
			"tx stamp", "stamped", tx->txts.stamped, "tx stamp", "timeouts",
			tx->txts.timeouts, "tx stamp", "stale_discarded", tx->txts.stale_discarded);
}

void report_table(FILE *out, const struct report_input *in)
{
	const struct probe_status *e = &in->engine;

	fprintf(out, "ptpdk: counters after %.1f s\n", in->elapsed_s);
	for (unsigned p = 0; p < in->n_ports; p++) {
		struct ptpdk_rxq_counters rx;

		sum_rx(in, (int)p, &rx);
		fprintf(out, " port %u %s\n", p, in->ports[p]->name);
		table_rx(out, &rx);
		table_tx(out, &in->txq[p]);
	}
	fprintf(out, " engine\n  %-10s %-24s %12" PRIu64 "\n", "engine", "events",
		e->counters.events);
	table_types(out, "engine", e->counters.by_type);
	for (unsigned s = 0; s < PTPDK_TX_STATUS_COUNT; s++)
		if (e->counters.tx_reports[s])
			fprintf(out, "  %-10s %-24s %12" PRIu64 "\n", "tx report",
				ptpdk_tx_status_name(s), e->counters.tx_reports[s]);
	if (e->offset_samples || e->delay_samples)
		fprintf(out, "  %-10s %-24s %12" PRIu64 "\n  %-10s %-24s %12" PRIu64 "\n",
			"measure", "offset_samples", e->offset_samples, "measure", "delay_samples",
			e->delay_samples);
	if (in->latency && ptpdk_hist_count(in->latency))
		fprintf(out,
			" rx-to-engine latency (ns, upper bucket bounds): n %" PRIu64
			" p50 %" PRId64 " p99 %" PRId64 " p99.9 %" PRId64 " max %" PRId64 "\n",
			ptpdk_hist_count(in->latency), ptpdk_hist_percentile(in->latency, 50),
			ptpdk_hist_percentile(in->latency, 99),
			ptpdk_hist_percentile(in->latency, 99.9), ptpdk_hist_max(in->latency));
	fflush(out);
}

static void json_types(FILE *f, const char *key, const uint64_t *by_type)
{
	const char *sep = "";

	fprintf(f, "\"%s\":{", key);
	for (unsigned t = 0; t < PTPDK_MSG_TYPE_COUNT; t++)
		if (by_type[t]) {
			fprintf(f, "%s\"%s\":%" PRIu64, sep, ptpdk_msg_type_name(t), by_type[t]);
			sep = ",";
		}
	fputc('}', f);
}

static void json_rx(FILE *f, const struct ptpdk_rxq_counters *rx)
{
	fprintf(f,
		"\"rx\":{\"polls\":%" PRIu64 ",\"empty_polls\":%" PRIu64 ",\"packets\":%" PRIu64
		",\"bytes\":%" PRIu64,
		rx->polls, rx->empty_polls, rx->packets, rx->bytes);
	for (unsigned c = 0; c < PTPDK_CLASS_COUNT; c++)
		fprintf(f, ",\"%s\":%" PRIu64, ptpdk_class_name(c), rx->by_class[c]);
	fprintf(f,
		",\"delivered\":%" PRIu64 ",\"ring_full\":%" PRIu64 ",\"large_ring_full\":%" PRIu64
		",\"ts_hw\":%" PRIu64 ",\"ts_sw\":%" PRIu64 ",\"ts_hw_missing\":%" PRIu64 ",",
		rx->delivered, rx->ring_full, rx->large_ring_full, rx->ts_hw, rx->ts_sw,
		rx->ts_hw_missing);
	json_types(f, "by_type", rx->by_type);
	fputs(",\"rejected\":{", f);
	for (unsigned r = 1, first = 1; r < PTPDK_REJECT_MAX; r++)
		if (rx->rejected[r]) {
			fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",", ptpdk_reject_name(r),
				rx->rejected[r]);
			first = 0;
		}
	fputs("}}", f);
}

static void json_tx(FILE *f, const struct ptpdk_txq_counters *tx)
{
	fprintf(f,
		"\"tx\":{\"requests\":%" PRIu64 ",\"sent\":%" PRIu64 ",\"send_failed\":%" PRIu64
		",\"backlog_full\":%" PRIu64 ",\"stamped\":%" PRIu64 ",\"timeouts\":%" PRIu64
		",\"stale_discarded\":%" PRIu64 ",",
		tx->requests, tx->sent, tx->send_failed, tx->backlog_full, tx->txts.stamped,
		tx->txts.timeouts, tx->txts.stale_discarded);
	json_types(f, "by_type", tx->by_type);
	fputc('}', f);
}

static void json_engine(FILE *f, const struct report_input *in)
{
	const struct probe_status *e = &in->engine;

	fprintf(f,
		"\"engine\":{\"events\":%" PRIu64 ",\"large_events\":%" PRIu64
		",\"tx_ring_full\":%" PRIu64 ",\"offset_samples\":%" PRIu64
		",\"delay_samples\":%" PRIu64 ",\"stamp_conversion_errors\":%" PRIu64
		",\"sends_refused\":%" PRIu64 ",",
		e->counters.events, e->counters.large_events, e->counters.tx_ring_full,
		e->offset_samples, e->delay_samples, e->stamp_conversion_errors, e->sends_refused);
	json_types(f, "by_type", e->counters.by_type);
	fputs(",\"tx_reports\":{", f);
	for (unsigned s = 0; s < PTPDK_TX_STATUS_COUNT; s++)
		fprintf(f, "%s\"%s\":%" PRIu64, s ? "," : "", ptpdk_tx_status_name(s),
			e->counters.tx_reports[s]);
	fputc('}', f);
	if (in->latency && ptpdk_hist_count(in->latency))
		fprintf(f,
			",\"latency_ns\":{\"count\":%" PRIu64 ",\"min\":%" PRId64
			",\"p50\":%" PRId64 ",\"p99\":%" PRId64 ",\"p99_9\":%" PRId64
			",\"max\":%" PRId64 ",\"mean\":%.1f}",
			ptpdk_hist_count(in->latency), ptpdk_hist_min(in->latency),
			ptpdk_hist_percentile(in->latency, 50),
			ptpdk_hist_percentile(in->latency, 99),
			ptpdk_hist_percentile(in->latency, 99.9), ptpdk_hist_max(in->latency),
			ptpdk_hist_mean(in->latency));
	fputc('}', f);
}

int report_json(const char *path, const struct report_input *in)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "{\"elapsed_s\":%.3f,\"tsc_hz\":%" PRIu64 ",\"ports\":[", in->elapsed_s,
		in->tsc_hz);
	for (unsigned p = 0; p < in->n_ports; p++) {
		struct ptpdk_rxq_counters rx;

		sum_rx(in, (int)p, &rx);
		fprintf(f, "%s{\"name\":\"%s\",\"driver\":\"%s\",\"hw_stamps\":%s,", p ? "," : "",
			in->ports[p]->name, in->ports[p]->driver,
			in->ports[p]->hw_stamps ? "true" : "false");
		json_rx(f, &rx);
		fputc(',', f);
		json_tx(f, &in->txq[p]);
		fputc('}', f);
	}
	fputs("],", f);
	json_engine(f, in);
	fputs("}\n", f);
	return fclose(f) == 0 ? 0 : -errno;
}
