/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "engine_cdesc.h"
#include "ptpdk_bmca.h"
#include "ptpdk_cdesc_print.h"
#include "ptpdk_cdesc_tables.h"

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
	/* Only with a compliance log, so that the line is unchanged for everyone else. */
	if (in->compliance && in->compliance->enabled)
		fprintf(out, "ptpdk: compliance_alarm %d raised %" PRIu64 " lost %" PRIu64 "\n",
			in->compliance->alarm.raised, in->compliance->alarm.raised_count,
			in->compliance->writer.counters.lost);
	fflush(out);
}

static void table_compliance(FILE *out, const struct compliance *c)
{
	const struct ptpdk_compliance_writer_counters *w;

	if (!c || !c->writer.conf.dir)
		return;
	w = &c->writer.counters;
	fprintf(out,
		" compliance alarm %s, raised %" PRIu64 ", cleared %" PRIu64 "; lines %" PRIu64
		", lost %" PRIu64 ", write errors %" PRIu64 ", sync errors %" PRIu64 "\n",
		c->alarm.raised ? "RAISED" : "clear", c->alarm.raised_count, c->alarm.cleared_count,
		w->written, w->lost, w->write_errors, w->sync_errors);
}

static void json_compliance(FILE *f, const struct compliance *c)
{
	const struct ptpdk_compliance_writer_counters *w;

	if (!c || !c->writer.conf.dir)
		return;
	w = &c->writer.counters;
	fprintf(f,
		",\"compliance\":{\"alarm\":%s,\"alarms_raised\":%" PRIu64
		",\"alarms_cleared\":%" PRIu64 ",\"lines\":%" PRIu64 ",\"lost\":%" PRIu64
		",\"write_errors\":%" PRIu64 ",\"sync_errors\":%" PRIu64 "}",
		c->alarm.raised ? "true" : "false", c->alarm.raised_count, c->alarm.cleared_count,
		w->written, w->lost, w->write_errors, w->sync_errors);
}

static void table_clock(FILE *out, const struct report_input *in)
{
	const struct engine_status *e = &in->engine;
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
		ptpdk_cdesc_print_table(out, &ptpdk_cdesc_e2e, &e->e2e[p]);
		ptpdk_cdesc_print_table(out, &ptpdk_cdesc_p2p, &e->p2p[p]);
		ptpdk_cdesc_print_table(out, &ptpdk_cdesc_foreign, &e->foreign[p]);
		if (e->ucast[p].enabled) {
			ptpdk_cdesc_print_table(out, &engine_cdesc_ucast_port, &e->ucast[p].port);
			ptpdk_cdesc_print_table(out, &engine_cdesc_ucast_client,
						&e->ucast[p].client);
		}
		if (e->ucast[p].server_enabled) {
			fprintf(out, "  unicast    clients %28u\n", e->ucast[p].clients);
			ptpdk_cdesc_print_table(out, &engine_cdesc_ucast_server,
						&e->ucast[p].server);
			ptpdk_cdesc_print_table(out, &engine_cdesc_ucast_grants,
						&e->ucast[p].grants);
		}
	}
	ptpdk_cdesc_print_table(out, &ptpdk_cdesc_ptp_clock, &e->ptp.counters);
	ptpdk_cdesc_print_table(out, &engine_cdesc_status, e);
	ptpdk_cdesc_print_table(out, &ptpdk_cdesc_mgmt_net, &e->netmgmt);
	ptpdk_cdesc_print_table(out, &engine_cdesc_resolve, &e->resolve);
	if (in->follow)
		clock_follow_report_table(out, in->follow);
	if (in->lcore_cpu)
		lcore_cpu_report_table(out, in->lcore_cpu);
}

/* One-step Sync: TX stamp - written time (drivers-notes/one-step.md). */
static void table_one_step(FILE *out, const struct engine_one_step *os)
{
	const struct ptpdk_hist *a;

	if (!os)
		return;
	a = &os->err.abs_ns;
	fprintf(out,
		" one-step Sync, TX stamp - written time (ns): n %" PRIu64 " mean %.1f min %" PRId64
		" max %" PRId64 " max|err| %" PRId64 "; |err| p50 %" PRId64 " p99 %" PRId64
		" p99.9 %" PRId64 "; no line %" PRIu64 " not written %" PRIu64
		" not stamped %" PRIu64 "\n",
		ptpdk_err_stats_count(&os->err), ptpdk_err_stats_mean(&os->err),
		ptpdk_hist_min(&os->err.signed_ns), ptpdk_hist_max(&os->err.signed_ns),
		ptpdk_err_stats_max_abs(&os->err), ptpdk_hist_percentile(a, 50),
		ptpdk_hist_percentile(a, 99), ptpdk_hist_percentile(a, 99.9), os->no_line,
		os->not_written, os->not_stamped);
}

/* ,"one_step_error_ns":{...}: the signed error's figures and |err|'s percentiles. */
static void json_one_step(FILE *f, const struct engine_one_step *os)
{
	const struct ptpdk_hist *a;

	if (!os)
		return;
	a = &os->err.abs_ns;
	fprintf(f,
		",\"one_step_error_ns\":{\"count\":%" PRIu64 ",\"mean\":%.1f,\"min\":%" PRId64
		",\"max\":%" PRId64 ",\"max_abs\":%" PRId64 ",\"abs_p50\":%" PRId64
		",\"abs_p99\":%" PRId64 ",\"abs_p99_9\":%" PRId64 ",\"no_line\":%" PRIu64
		",\"not_written\":%" PRIu64 ",\"not_stamped\":%" PRIu64 ",\"histogram\":[",
		ptpdk_err_stats_count(&os->err), ptpdk_err_stats_mean(&os->err),
		ptpdk_hist_min(&os->err.signed_ns), ptpdk_hist_max(&os->err.signed_ns),
		ptpdk_err_stats_max_abs(&os->err), ptpdk_hist_percentile(a, 50),
		ptpdk_hist_percentile(a, 99), ptpdk_hist_percentile(a, 99.9), os->no_line,
		os->not_written, os->not_stamped);
	/* |err| in decades: [0,10), [10,100), ... ns, the last open-ended. */
	for (unsigned d = 0; d < PTPDK_ERR_STATS_DECADES; d++)
		fprintf(f, "%s{\"from\":%" PRId64 ",\"count\":%" PRIu64 "}", d ? "," : "",
			ptpdk_err_stats_decade_from(d), os->err.decade[d]);
	fputs("]}", f);
	fprintf(f,
		",\"one_step_window_ns\":{\"count\":%" PRIu64 ",\"rms\":%.1f,\"max\":%" PRIu64 "}",
		os->window_count, engine_one_step_window_rms(os), os->window_max_ns);
}

void report_table(FILE *out, const struct report_input *in)
{
	const struct engine_status *e = &in->engine;

	fprintf(out, "ptpdk: counters after %.1f s\n", in->elapsed_s);
	table_compliance(out, in->compliance);
	for (unsigned p = 0; p < in->n_ports; p++) {
		struct ptpdk_rxq_counters rx;

		sum_rx(in, (int)p, &rx);
		fprintf(out, " port %u %s\n", p, in->ports[p]->name);
		ptpdk_cdesc_print_table(out, &ptpdk_cdesc_rxq, &rx);
		ptpdk_cdesc_print_table(out, &ptpdk_cdesc_txq, &in->txq[p]);
	}
	fputs(" engine\n", out);
	ptpdk_cdesc_print_table(out, &ptpdk_cdesc_engine, &e->counters);
	table_clock(out, in);
	if (in->latency && ptpdk_hist_count(in->latency))
		fprintf(out,
			" rx-to-engine latency (ns, upper bucket bounds): n %" PRIu64
			" p50 %" PRId64 " p99 %" PRId64 " p99.9 %" PRId64 " max %" PRId64 "\n",
			ptpdk_hist_count(in->latency), ptpdk_hist_percentile(in->latency, 50),
			ptpdk_hist_percentile(in->latency, 99),
			ptpdk_hist_percentile(in->latency, 99.9), ptpdk_hist_max(in->latency));
	if (in->turnaround && ptpdk_hist_count(in->turnaround))
		fprintf(out,
			" master turnaround, Delay_Req RX stamp to Delay_Resp queued (ns, upper "
			"bucket bounds): n %" PRIu64 " p50 %" PRId64 " p99 %" PRId64
			" p99.9 %" PRId64 " max %" PRId64 "\n",
			ptpdk_hist_count(in->turnaround), ptpdk_hist_percentile(in->turnaround, 50),
			ptpdk_hist_percentile(in->turnaround, 99),
			ptpdk_hist_percentile(in->turnaround, 99.9),
			ptpdk_hist_max(in->turnaround));
	table_one_step(out, in->one_step);
	fflush(out);
}

/* ,"key":{count, min, p50, p99, p99_9, max, mean} of a histogram with samples. */
static void json_hist(FILE *f, const char *key, const struct ptpdk_hist *h)
{
	if (!h || !ptpdk_hist_count(h))
		return;
	fprintf(f,
		",\"%s\":{\"count\":%" PRIu64 ",\"min\":%" PRId64 ",\"p50\":%" PRId64
		",\"p99\":%" PRId64 ",\"p99_9\":%" PRId64 ",\"max\":%" PRId64 ",\"mean\":%.1f}",
		key, ptpdk_hist_count(h), ptpdk_hist_min(h), ptpdk_hist_percentile(h, 50),
		ptpdk_hist_percentile(h, 99), ptpdk_hist_percentile(h, 99.9), ptpdk_hist_max(h),
		ptpdk_hist_mean(h));
}

/* "key":{ with the counters of one struct, then } */
static void json_counters(FILE *f, const char *key, const struct ptpdk_cdesc_table *t,
			  const void *base)
{
	bool more = false;

	fprintf(f, ",\"%s\":{", key);
	ptpdk_cdesc_print_json(f, t, base, &more);
	fputc('}', f);
}

static void json_port(FILE *f, const struct report_input *in, unsigned p)
{
	const struct ptpdk_port *port = in->ports[p];
	struct ptpdk_rxq_counters rx;

	sum_rx(in, (int)p, &rx);
	fputs(p ? ",{\"name\":" : "{\"name\":", f);
	ptpdk_cdesc_print_json_string(f, port->name);
	fputs(",\"driver\":", f);
	ptpdk_cdesc_print_json_string(f, port->driver);
	fprintf(f, ",\"hw_stamps\":%s", port->hw_stamps ? "true" : "false");
	json_counters(f, "rx", &ptpdk_cdesc_rxq, &rx);
	json_counters(f, "tx", &ptpdk_cdesc_txq, &in->txq[p]);
	json_counters(f, "e2e", &ptpdk_cdesc_e2e, &in->engine.e2e[p]);
	json_counters(f, "p2p", &ptpdk_cdesc_p2p, &in->engine.p2p[p]);
	json_counters(f, "foreign", &ptpdk_cdesc_foreign, &in->engine.foreign[p]);
	if (in->engine.ucast[p].enabled) {
		json_counters(f, "unicast", &engine_cdesc_ucast_port, &in->engine.ucast[p].port);
		json_counters(f, "unicast_client", &engine_cdesc_ucast_client,
			      &in->engine.ucast[p].client);
	}
	if (in->engine.ucast[p].server_enabled) {
		fprintf(f, ",\"unicast_clients\":%u", in->engine.ucast[p].clients);
		json_counters(f, "unicast_server", &engine_cdesc_ucast_server,
			      &in->engine.ucast[p].server);
		json_counters(f, "unicast_grants", &engine_cdesc_ucast_grants,
			      &in->engine.ucast[p].grants);
	}
	fputc('}', f);
}

static void json_clock(FILE *f, const struct engine_status *e)
{
	const struct ptpdk_ptp_clock_status *ptp = &e->ptp;
	char gm[24] = "";
	bool more = true;

	if (ptp->have_parent)
		ptpdk_clock_identity_str(ptp->parent.gm_identity, gm, sizeof(gm));
	fprintf(f,
		",\"clock\":{\"state\":\"%s\",\"port_state\":\"%s\",\"servo_state\":%d,"
		"\"grandmaster\":\"%s\",\"offset_ns\":%" PRId64 ",\"freq_ppb\":%.3f,"
		"\"path_delay_ns\":%" PRId64,
		ptpdk_ptp_clock_state_name(ptp->clock_state),
		ptpdk_port_state_name(ptp->port_state[0]), (int)ptp->servo_state, gm,
		ptp->last_offset_ns, ptp->freq_ppb, ptp->path_delay_ns);
	ptpdk_cdesc_print_json(f, &ptpdk_cdesc_ptp_clock, &ptp->counters, &more);
	/* The first port's delay figures, as the clock's: readers from before the
	 * per-port "e2e" and "p2p" objects look for them here. */
	fprintf(f,
		",\"offset_samples\":%" PRIu64 ",\"delay_samples\":%" PRIu64
		",\"pdelay_samples\":%" PRIu64 ",\"utc_offset\":%d,\"time_flags\":%u}",
		e->e2e[0].offset_samples, e->e2e[0].delay_samples, e->p2p[0].samples,
		ptp->current_utc_offset, ptp->time_flags);
}

static void json_engine(FILE *f, const struct report_input *in)
{
	const struct engine_status *e = &in->engine;
	bool more = false;

	fputs(",\"engine\":{", f);
	ptpdk_cdesc_print_json(f, &ptpdk_cdesc_engine, &e->counters, &more);
	ptpdk_cdesc_print_json(f, &engine_cdesc_status, e, &more);
	json_counters(f, "resolve", &engine_cdesc_resolve, &e->resolve);
	json_hist(f, "latency_ns", in->latency);
	json_hist(f, "turnaround_ns", in->turnaround);
	json_one_step(f, in->one_step);
	fputc('}', f);
}

int report_json(const char *path, const struct report_input *in)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "{\"elapsed_s\":%.3f,\"tsc_hz\":%" PRIu64 ",\"ports\":[", in->elapsed_s,
		in->tsc_hz);
	for (unsigned p = 0; p < in->n_ports; p++)
		json_port(f, in, p);
	fputc(']', f);
	json_clock(f, &in->engine);
	json_engine(f, in);
	if (in->follow)
		clock_follow_report_json(f, in->follow);
	if (in->lcore_cpu)
		lcore_cpu_report_json(f, in->lcore_cpu);
	json_compliance(f, in->compliance);
	json_counters(f, "netmgmt", &ptpdk_cdesc_mgmt_net, &in->engine.netmgmt);
	fputs("}\n", f);
	return fclose(f) == 0 ? 0 : -errno;
}
