/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_txq.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "ptpdk_ksock.h"
#include "ptpdk_one_step_tx.h"
#include "ptpdk_tsc.h"

int ptpdk_txq_init(struct ptpdk_txq *txq, struct ptpdk_port *port, uint16_t queue,
		   unsigned ring_size, uint64_t timeout_ticks)
{
	char name[RTE_RING_NAMESIZE];
	unsigned flags = RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ;

	memset(txq, 0, sizeof(*txq));
	txq->port = port;
	txq->queue = queue;
	txq->ts_ops = &port->ts_ops;
	ptpdk_txts_init(&txq->txts, timeout_ticks);
	snprintf(name, sizeof(name), "ptpdk_txr%u_%u", port->index, queue);
	txq->requests = rte_ring_create_elem(name, sizeof(struct ptpdk_tx_request), ring_size,
					     port->socket, flags);
	if (!txq->requests)
		return rte_errno ? -rte_errno : -ENOMEM;
	snprintf(name, sizeof(name), "ptpdk_txs%u_%u", port->index, queue);
	txq->reports = rte_ring_create_elem(name, sizeof(struct ptpdk_tx_report), ring_size,
					    port->socket, flags);
	if (!txq->reports) {
		int rc = rte_errno ? -rte_errno : -ENOMEM;

		rte_ring_free(txq->requests);
		txq->requests = NULL;
		return rc;
	}
	return 0;
}

void ptpdk_txq_fini(struct ptpdk_txq *txq)
{
	rte_ring_free(txq->requests);
	rte_ring_free(txq->reports);
	txq->requests = txq->reports = NULL;
}

void ptpdk_txq_count_sent(struct ptpdk_txq *txq, const struct ptpdk_tx_request *req)
{
	txq->counters.sent++;
	txq->counters.bytes += req->frame_len;
	txq->counters.by_type[req->message_type & 0xF]++;
}

void ptpdk_txq_report(struct ptpdk_txq *txq, struct ptpdk_tx_report *r)
{
	if (rte_ring_enqueue_elem(txq->reports, r, sizeof(*r)) != 0)
		txq->counters.report_ring_full++;
}

void ptpdk_txq_report_request(struct ptpdk_txq *txq, const struct ptpdk_tx_request *req,
			      enum ptpdk_tx_status status, uint64_t before, uint64_t after,
			      const struct ptpdk_tmv *written)
{
	struct ptpdk_tx_report r = {
		.cookie = req->cookie,
		.port = req->port,
		.status = (uint8_t)status,
		.ts_source = PTPDK_TS_TSC,
		.sequence_id = req->sequence_id,
		.message_type = req->message_type,
		.tx_raw = status == PTPDK_TX_STAMPED ? before : 0,
		.tsc_before = before,
		.tsc_after = after,
	};

	if (written) {
		r.flags = PTPDK_TX_R_WRITTEN;
		r.written = *written;
	}
	ptpdk_txq_report(txq, &r);
}

static bool needs_latch(const struct ptpdk_txq *txq, const struct ptpdk_tx_request *req)
{
	return (req->flags & PTPDK_TX_F_WANT_TS) && txq->port->caps.timesync &&
	       txq->port->hw_stamps;
}

/* Send one frame; with a hardware stamp wanted, the caller has checked the latch is free. */
static void send_one(struct ptpdk_txq *txq, const struct ptpdk_tx_request *req)
{
	bool want_ts = req->flags & PTPDK_TX_F_WANT_TS;
	bool hw = needs_latch(txq, req);
	bool one_step = req->flags & PTPDK_TX_F_ONE_STEP;
	struct ptpdk_tmv written;
	struct rte_mbuf *m;
	uint64_t before, after;
	uint16_t sent;
	char *data;

	m = rte_pktmbuf_alloc(txq->port->pool);
	data = m ? rte_pktmbuf_append(m, req->frame_len) : NULL;
	if (!data) {
		rte_pktmbuf_free(m);
		txq->counters.send_failed++;
		if (want_ts)
			ptpdk_txq_report_request(txq, req, PTPDK_TX_SEND_FAILED, 0, 0, NULL);
		return;
	}
	memcpy(data, req->frame, req->frame_len);
	if (hw) {
		ptpdk_txts_prepare(&txq->txts, txq->ts_ops);
		m->ol_flags |= RTE_MBUF_F_TX_IEEE1588_TMST;
	}
	before = ptpdk_tsc_read();
	/* One-step: the time at the same TSC reading that is the software stamp. */
	if (one_step && ptpdk_one_step_tx_write((uint8_t *)data, req->frame_len, &req->one_step_map,
						before, &written) != 0) {
		rte_pktmbuf_free(m);
		txq->counters.one_step_unwritten++;
		if (want_ts)
			ptpdk_txq_report_request(txq, req, PTPDK_TX_SEND_FAILED, 0, 0, NULL);
		return;
	}
	sent = rte_eth_tx_burst(txq->port->eth_port, txq->queue, &m, 1);
	after = ptpdk_tsc_read();
	if (sent == 0) {
		rte_pktmbuf_free(m);
		txq->counters.send_failed++;
		if (want_ts)
			ptpdk_txq_report_request(txq, req, PTPDK_TX_SEND_FAILED, before, after,
						 NULL);
		return;
	}
	ptpdk_txq_count_sent(txq, req);
	if (one_step)
		txq->counters.one_step_written++;
	if (!want_ts)
		return;
	if (!hw) {
		ptpdk_txq_report_request(txq, req, PTPDK_TX_STAMPED, before, after,
					 one_step ? &written : NULL);
		return;
	}
	struct ptpdk_tx_report pending = {
		.cookie = req->cookie,
		.port = req->port,
		.ts_source = PTPDK_TS_NIC_NS,
		.sequence_id = req->sequence_id,
		.message_type = req->message_type,
		.flags = one_step ? PTPDK_TX_R_WRITTEN : 0,
		.tsc_before = before,
		.tsc_after = after,
		.written = one_step ? written : (struct ptpdk_tmv){ 0, 0 },
	};
	ptpdk_txts_start(&txq->txts, &pending, after);
}

static void handle_request(struct ptpdk_txq *txq, const struct ptpdk_tx_request *req)
{
	txq->counters.requests++;
	if (req->frame_len < 14 || req->frame_len > PTPDK_TX_FRAME_MAX) {
		txq->counters.oversize++;
		if (req->flags & PTPDK_TX_F_WANT_TS)
			ptpdk_txq_report_request(txq, req, PTPDK_TX_SEND_FAILED, 0, 0, NULL);
		return;
	}
	if (!needs_latch(txq, req) || (!ptpdk_txts_busy(&txq->txts) && txq->backlog_len == 0)) {
		send_one(txq, req);
		return;
	}
	if (txq->backlog_len == PTPDK_TX_BACKLOG) {
		txq->counters.backlog_full++;
		ptpdk_txq_report_request(txq, req, PTPDK_TX_BACKLOG_FULL, 0, 0, NULL);
		return;
	}
	txq->backlog[(txq->backlog_head + txq->backlog_len) % PTPDK_TX_BACKLOG] = *req;
	txq->backlog_len++;
}

static unsigned poll_latch(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_report done;
	unsigned work = 0;

	if (ptpdk_txts_poll(&txq->txts, txq->ts_ops, ptpdk_tsc_read(), &done) == 1) {
		ptpdk_txq_report(txq, &done);
		work++;
	}
	/* The latch is free again: the oldest waiting request goes next. */
	if (!ptpdk_txts_busy(&txq->txts) && txq->backlog_len > 0) {
		send_one(txq, &txq->backlog[txq->backlog_head]);
		txq->backlog_head = (txq->backlog_head + 1) % PTPDK_TX_BACKLOG;
		txq->backlog_len--;
		work++;
	}
	return work;
}

unsigned ptpdk_txq_poll(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_request reqs[PTPDK_TX_BURST];
	unsigned n, work;

	if (txq->port->ksock)
		return ptpdk_ksock_tx_poll(txq);
	work = poll_latch(txq);
	n = rte_ring_dequeue_burst_elem(txq->requests, reqs, sizeof(reqs[0]), PTPDK_TX_BURST, NULL);
	for (unsigned i = 0; i < n; i++)
		handle_request(txq, &reqs[i]);
	return work + n;
}

void ptpdk_txq_counters_publish(struct ptpdk_txq *txq)
{
	txq->counters.txts = txq->txts.counters;
	ptpdk_seq_write(&txq->published_seq, &txq->published, &txq->counters,
			sizeof(txq->counters));
}

int ptpdk_txq_counters_read(const struct ptpdk_txq *txq, struct ptpdk_txq_counters *out)
{
	return ptpdk_seq_read(&txq->published_seq, out, &txq->published, sizeof(*out), 1000)
		       ? 0
		       : -EAGAIN;
}
