/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "ptpdk_bmca.h"

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
	const struct ptpdk_ptp_clock_status *ptp = &in->engine.ptp;
	const struct output_totals *t = in->totals;
	struct ptpdk_rxq_counters rx;
	char te[32] = "n/a";

	sum_rx(in, -1, &rx);
	if (t && t->have_te)
		snprintf(te, sizeof(te), "%+.0f", t->last_te_ns);
	/* One line a second that a person can follow: the port's and the clock's state,
	 * then what ptp4l's sample line shows, then the truth when the lab gives one. */
	fprintf(out,
		"ptpdk: %.0fs %s %s s%d offset %" PRId64 " freq %+.0f delay %" PRId64
		" te_realtime %s bound %.0f steps %" PRIu64 " rx %" PRIu64 " ptp %" PRIu64
		" ring_full %" PRIu64 "\n",
		in->elapsed_s, ptpdk_port_state_name(ptp->port_state[0]),
		ptpdk_ptp_clock_state_name(ptp->clock_state), (int)ptp->servo_state,
		ptp->last_offset_ns, ptp->freq_ppb, ptp->path_delay_ns, te, ptp->error_bound_ns,
		ptp->counters.steps, rx.packets, rx.by_class[PTPDK_CLASS_PTP],
		rx.ring_full + rx.large_ring_full);
	fflush(out);
}

/* One counter line of the table: group, name, value, in fixed columns. */
static void row(FILE *out, const char *group, const char *name, uint64_t v)
{
	fprintf(out, "  %-10s %-24s %12" PRIu64 "\n", group, name, v);
}

/* The same, left out when the counter is zero (drop reasons, rare events). */
static void row_nonzero(FILE *out, const char *group, const char *name, uint64_t v)
{
	if (v)
		row(out, group, name, v);
}

static void table_types(FILE *out, const char *label, const uint64_t *by_type)
{
	for (unsigned t = 0; t < PTPDK_MSG_TYPE_COUNT; t++)
		row_nonzero(out, label, ptpdk_msg_type_name(t), by_type[t]);
}

static void table_rx(FILE *out, const struct ptpdk_rxq_counters *rx)
{
	row(out, "rx", "packets", rx->packets);
	for (unsigned c = 0; c < PTPDK_CLASS_COUNT; c++)
		row(out, "rx", ptpdk_class_name(c), rx->by_class[c]);
	for (unsigned r = 1; r < PTPDK_REJECT_MAX; r++)
		row_nonzero(out, "rejected", ptpdk_reject_name(r), rx->rejected[r]);
	table_types(out, "rx type", rx->by_type);
	row(out, "rx", "delivered", rx->delivered);
	row(out, "rx", "ring_full", rx->ring_full);
	row(out, "rx", "large_ring_full", rx->large_ring_full);
	row(out, "stamps", "hardware", rx->ts_hw);
	row(out, "stamps", "software", rx->ts_sw);
	row_nonzero(out, "stamps", "hardware_missing", rx->ts_hw_missing);
	row_nonzero(out, "stamps", "kernel_missing", rx->ts_kernel_missing);
	row_nonzero(out, "rx", "recv_errors", rx->recv_errors);
	row_nonzero(out, "rx", "truncated", rx->truncated);
}

static void table_tx(FILE *out, const struct ptpdk_txq_counters *tx)
{
	row(out, "tx", "requests", tx->requests);
	row(out, "tx", "sent", tx->sent);
	row(out, "tx", "send_failed", tx->send_failed);
	table_types(out, "tx type", tx->by_type);
	if (tx->txts.started) {
		row(out, "tx stamp", "stamped", tx->txts.stamped);
		row(out, "tx stamp", "timeouts", tx->txts.timeouts);
		row(out, "tx stamp", "stale_discarded", tx->txts.stale_discarded);
		row_nonzero(out, "tx stamp", "unconvertible", tx->ts_unconvertible);
		row_nonzero(out, "tx stamp", "errqueue_other", tx->errqueue_other);
	}
}

static void table_delay(FILE *out, const struct report_input *in, unsigned p)
{
	const struct engine_status *e = &in->engine;

	row_nonzero(out, "e2e", "offset_samples", e->e2e[p].offset_samples);
	row_nonzero(out, "e2e", "delay_samples", e->e2e[p].delay_samples);
	row_nonzero(out, "e2e", "negative_delay", e->e2e[p].negative_delay);
	for (unsigned d = 0; d < PTPDK_E2E_DISCARD_MAX; d++)
		row_nonzero(out, "e2e drop", ptpdk_e2e_discard_name(d), e->e2e[p].discard[d]);
	row_nonzero(out, "p2p", "requests", e->p2p[p].requests);
	row_nonzero(out, "p2p", "samples", e->p2p[p].samples);
	for (unsigned d = 0; d < PTPDK_P2P_DISCARD_MAX; d++)
		row_nonzero(out, "p2p drop", ptpdk_p2p_discard_name(d), e->p2p[p].discard[d]);
	row_nonzero(out, "foreign", "announces", e->foreign[p].announces);
	row_nonzero(out, "foreign", "own_clock", e->foreign[p].own_clock);
	row_nonzero(out, "foreign", "steps_255", e->foreign[p].steps_255);
	row_nonzero(out, "foreign", "table_full", e->foreign[p].table_full);
	row_nonzero(out, "foreign", "expired", e->foreign[p].expired);
}

static void table_clock(FILE *out, const struct report_input *in)
{
	const struct engine_status *e = &in->engine;
	const struct ptpdk_ptp_clock_counters *c = &e->ptp.counters;
	char gm[24];

	fprintf(out,
		" clock %s, servo s%d, offset %" PRId64 " ns, freq %+.1f ppb, delay %" PRId64 " ns",
		ptpdk_ptp_clock_state_name(e->ptp.clock_state), (int)e->ptp.servo_state,
		e->ptp.last_offset_ns, e->ptp.freq_ppb, e->ptp.path_delay_ns);
	if (e->ptp.have_parent)
		fprintf(out, ", grandmaster %s",
			ptpdk_clock_identity_str(e->ptp.parent.gm_identity, gm, sizeof(gm)));
	fputc('\n', out);
	for (unsigned p = 0; p < in->n_ports; p++) {
		fprintf(out, " port %u state %s\n", p + 1,
			ptpdk_port_state_name(e->ptp.port_state[p]));
		table_delay(out, in, p);
	}
	row_nonzero(out, "protocol", "wrong_domain", c->wrong_domain);
	row_nonzero(out, "protocol", "wrong_mechanism", c->wrong_mechanism);
	row_nonzero(out, "protocol", "not_from_parent", c->not_from_parent);
	row_nonzero(out, "protocol", "no_timestamp", c->no_timestamp);
	row_nonzero(out, "protocol", "ignored", c->ignored);
	row_nonzero(out, "protocol", "tx", c->tx);
	row_nonzero(out, "protocol", "tx_failed", c->tx_failed);
	row_nonzero(out, "protocol", "tx_stamp_missing", c->tx_stamp_missing);
	row_nonzero(out, "protocol", "pdelay_resp_sent", c->pdelay_resp_sent);
	row_nonzero(out, "protocol", "steps", c->steps);
	row_nonzero(out, "protocol", "clock_errors", c->clock_errors);
	row_nonzero(out, "protocol", "master_changes", c->master_changes);
	row_nonzero(out, "protocol", "announce_timeouts", c->announce_timeouts);
	row_nonzero(out, "protocol", "holdovers", c->holdovers);
	row_nonzero(out, "engine", "decode_errors", e->decode_errors);
	row_nonzero(out, "engine", "stamp_conv_errors", e->stamp_conversion_errors);
	row_nonzero(out, "engine", "sends_refused", e->sends_refused);
	row_nonzero(out, "engine", "rx_stamps_too_wide", e->rx_stamps_too_wide);
	row_nonzero(out, "engine", "tx_stamps_too_wide", e->tx_stamps_too_wide);
	row_nonzero(out, "engine", "records_dropped", e->records_dropped);
}

void report_table(FILE *out, const struct report_input *in)
{
	const struct engine_status *e = &in->engine;

	fprintf(out, "ptpdk: counters after %.1f s\n", in->elapsed_s);
	for (unsigned p = 0; p < in->n_ports; p++) {
		struct ptpdk_rxq_counters rx;

		sum_rx(in, (int)p, &rx);
		fprintf(out, " port %u %s\n", p, in->ports[p]->name);
		table_rx(out, &rx);
		table_tx(out, &in->txq[p]);
	}
	fputs(" engine\n", out);
	row(out, "engine", "events", e->counters.events);
	table_types(out, "engine", e->counters.by_type);
	for (unsigned s = 0; s < PTPDK_TX_STATUS_COUNT; s++)
		row_nonzero(out, "tx report", ptpdk_tx_status_name(s), e->counters.tx_reports[s]);
	table_clock(out, in);
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
	const struct engine_status *e = &in->engine;

	const struct ptpdk_ptp_clock_status *ptp = &e->ptp;
	char gm[24] = "";

	if (ptp->have_parent)
		ptpdk_clock_identity_str(ptp->parent.gm_identity, gm, sizeof(gm));
	fprintf(f,
		"\"clock\":{\"state\":\"%s\",\"port_state\":\"%s\",\"servo_state\":%d,"
		"\"grandmaster\":\"%s\",\"offset_ns\":%" PRId64 ",\"freq_ppb\":%.3f,"
		"\"path_delay_ns\":%" PRId64 ",\"steps\":%" PRIu64 ",\"master_changes\":%" PRIu64
		",\"announce_timeouts\":%" PRIu64 ",\"holdovers\":%" PRIu64
		",\"offset_samples\":%" PRIu64 ",\"delay_samples\":%" PRIu64
		",\"pdelay_samples\":%" PRIu64 ",\"utc_offset\":%d,\"time_flags\":%u},",
		ptpdk_ptp_clock_state_name(ptp->clock_state),
		ptpdk_port_state_name(ptp->port_state[0]), (int)ptp->servo_state, gm,
		ptp->last_offset_ns, ptp->freq_ppb, ptp->path_delay_ns, ptp->counters.steps,
		ptp->counters.master_changes, ptp->counters.announce_timeouts,
		ptp->counters.holdovers, e->e2e[0].offset_samples, e->e2e[0].delay_samples,
		e->p2p[0].samples, ptp->current_utc_offset, ptp->time_flags);
	fprintf(f,
		"\"engine\":{\"events\":%" PRIu64 ",\"large_events\":%" PRIu64
		",\"tx_ring_full\":%" PRIu64 ",\"decode_errors\":%" PRIu64
		",\"stamp_conversion_errors\":%" PRIu64 ",\"sends_refused\":%" PRIu64
		",\"rx_stamps_too_wide\":%" PRIu64 ",\"tx_stamps_too_wide\":%" PRIu64 ",",
		e->counters.events, e->counters.large_events, e->counters.tx_ring_full,
		e->decode_errors, e->stamp_conversion_errors, e->sends_refused,
		e->rx_stamps_too_wide, e->tx_stamps_too_wide);
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
