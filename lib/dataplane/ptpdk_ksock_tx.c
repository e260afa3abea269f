/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX of a kernel-socket port. Frames go out with sendmsg(); one that wants a stamp
 * carries a SO_TIMESTAMPING control message, and the kernel later queues the driver's
 * skb_tx_timestamp() stamp with a copy of the frame on the socket's error queue.
 * The copy's messageType and sequenceId match it to the request waiting for it, so
 * several stamps can be in flight at once (unlike a NIC's single TX latch). A software
 * stamp is converted to TSC ticks when read, a hardware one (the NIC's PHC, ts[2]) is
 * reported as it is (PTPDK_TS_NIC_NS); both go through the same rings, timeout
 * (tx_timestamp_timeout) and counters as the DPDK path.
 */
#include <errno.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_ring.h>

#include "ptpdk_ksock.h"
#include "ptpdk_one_step_tx.h"
#include "ptpdk_ts_map.h"
#include "ptpdk_tsc.h"

/* Error-queue messages read per poll at most: more than can be in flight, so a
 * backlog of stale stamps drains quickly without starving the rest of the loop. */
#define ERRQUEUE_READS (2 * PTPDK_KSOCK_TX_INFLIGHT)

/* messageType and sequenceId of the PTP message in a frame we sent. */
static bool frame_ids(const uint8_t *frame, size_t len, uint8_t *type, uint16_t *seq)
{
	struct ptpdk_frame f;
	const uint8_t *msg;

	if (ptpdk_frame_parse(frame, len, 0, &f, NULL) != PTPDK_FRAME_PTP ||
	    f.payload_length < 34 || (size_t)f.payload_offset + 34 > len)
		return false;
	msg = frame + f.payload_offset;
	*type = msg[0] & 0x0F;
	*seq = (uint16_t)(msg[30] << 8 | msg[31]);
	return true;
}

static struct ptpdk_ksock_inflight *find_inflight(struct ptpdk_ksock *ks, uint8_t type,
						  uint16_t seq)
{
	for (unsigned i = 0; i < PTPDK_KSOCK_TX_INFLIGHT; i++) {
		struct ptpdk_ksock_inflight *f = &ks->inflight[i];

		if (f->busy && (f->report.message_type & 0x0F) == type &&
		    f->report.sequence_id == seq)
			return f;
	}
	return NULL;
}

static void complete(struct ptpdk_txq *txq, struct ptpdk_ksock_inflight *f,
		     enum ptpdk_tx_status status, uint64_t tx_raw)
{
	f->report.status = (uint8_t)status;
	f->report.tx_raw = tx_raw;
	ptpdk_txq_report(txq, &f->report);
	f->busy = false;
	txq->port->ksock->n_inflight--;
	if (status == PTPDK_TX_STAMPED)
		txq->txts.counters.stamped++;
	else
		txq->txts.counters.timeouts++;
}

/* The TX stamp of an error-queue message, if it is one: ts[0] (software) or ts[2]
 * (hardware) as the port's mode says. */
static bool read_stamp(struct msghdr *msg, enum ptpdk_ksock_stamp_mode mode, int64_t *stamp_ns)
{
	bool is_tx_stamp = false;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_TX_TIMESTAMP &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct sock_extended_err))) {
			struct sock_extended_err ee;

			memcpy(&ee, CMSG_DATA(c), sizeof(ee));
			is_tx_stamp = ee.ee_errno == ENOMSG &&
				      ee.ee_origin == SO_EE_ORIGIN_TIMESTAMPING &&
				      ee.ee_info == SCM_TSTAMP_SND;
		}
	}
	return is_tx_stamp && ptpdk_ksock_cmsg_stamp(msg, mode, stamp_ns);
}

static void match_stamp(struct ptpdk_txq *txq, const uint8_t *frame, size_t len, int64_t stamp_ns,
			const struct ptpdk_ts_bracket *b)
{
	struct ptpdk_ksock *ks = txq->port->ksock;
	struct ptpdk_ksock_inflight *f;
	uint64_t tsc;
	uint16_t seq;
	uint8_t type;

	f = frame_ids(frame, len, &type, &seq) ? find_inflight(ks, type, seq) : NULL;
	if (!f) {
		txq->txts.counters.stale_discarded++; /* late (timed out already) or not ours */
		return;
	}
	if (ks->stamps == PTPDK_KSOCK_STAMP_HARDWARE) {
		/* PHC time, exact: the sendmsg() pair stays as the report's TSC bracket. */
		complete(txq, f, PTPDK_TX_STAMPED, (uint64_t)stamp_ns);
		return;
	}
	if (!ptpdk_ts_map_to_tsc(b, stamp_ns, ks->tsc_hz, &tsc)) {
		txq->counters.ts_unconvertible++; /* left to time out: no usable stamp */
		return;
	}
	/*
	 * The report's TSC pair bounds its stamp's error (ptpdk_event.h). The kernel
	 * stamped at the driver's xmit, so the sendmsg() call around it says nothing of
	 * that error; the conversion bracket does: it replaces the call's pair.
	 */
	f->report.tsc_before = b->tsc_before;
	f->report.tsc_after = b->tsc_after;
	complete(txq, f, PTPDK_TX_STAMPED, tsc);
}

static unsigned read_errqueue(struct ptpdk_txq *txq)
{
	struct ptpdk_ksock *ks = txq->port->ksock;
	uint8_t frame[PTPDK_TX_FRAME_MAX];
	union {
		char bytes[CMSG_SPACE(sizeof(struct scm_timestamping)) +
			   CMSG_SPACE(sizeof(struct sock_extended_err)) + 64];
		struct cmsghdr align;
	} ctrl;
	unsigned work = 0;

	for (unsigned i = 0; i < ERRQUEUE_READS && ks->n_inflight > 0; i++) {
		struct iovec iov = { .iov_base = frame, .iov_len = sizeof(frame) };
		struct msghdr msg = { .msg_iov = &iov,
				      .msg_iovlen = 1,
				      .msg_control = ctrl.bytes,
				      .msg_controllen = sizeof(ctrl.bytes) };
		struct ptpdk_ts_bracket b;
		int64_t stamp_ns = 0;
		ssize_t n;

		txq->txts.counters.polls++;
		n = recvmsg(ks->fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
		ptpdk_ts_bracket_read(&b);
		if (n < 0)
			break;
		work++;
		if (!read_stamp(&msg, ks->stamps, &stamp_ns)) {
			txq->counters.errqueue_other++;
			continue;
		}
		match_stamp(txq, frame, (size_t)n, stamp_ns, &b);
	}
	return work;
}

static unsigned expire(struct ptpdk_txq *txq, uint64_t now)
{
	struct ptpdk_ksock *ks = txq->port->ksock;
	unsigned work = 0;

	for (unsigned i = 0; i < PTPDK_KSOCK_TX_INFLIGHT && ks->n_inflight > 0; i++) {
		struct ptpdk_ksock_inflight *f = &ks->inflight[i];

		/* Signed difference, as in ptpdk_txts_poll(): a deadline in the past wins. */
		if (f->busy && (int64_t)(now - f->deadline_tsc) >= 0) {
			complete(txq, f, PTPDK_TX_TIMEOUT, 0);
			work++;
		}
	}
	return work;
}

static struct ptpdk_ksock_inflight *free_slot(struct ptpdk_ksock *ks)
{
	for (unsigned i = 0; i < PTPDK_KSOCK_TX_INFLIGHT; i++)
		if (!ks->inflight[i].busy)
			return &ks->inflight[i];
	return NULL;
}

static ssize_t send_frame(const struct ptpdk_ksock *ks, const struct ptpdk_tx_request *req,
			  bool want_ts)
{
	union {
		char bytes[CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = (void *)req->frame, .iov_len = req->frame_len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	uint32_t flags = ks->stamps == PTPDK_KSOCK_STAMP_HARDWARE ? SOF_TIMESTAMPING_TX_HARDWARE
								  : SOF_TIMESTAMPING_TX_SOFTWARE;

	if (want_ts) {
		struct cmsghdr *c;

		memset(&ctrl, 0, sizeof(ctrl));
		msg.msg_control = ctrl.bytes;
		msg.msg_controllen = sizeof(ctrl.bytes);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SO_TIMESTAMPING;
		c->cmsg_len = CMSG_LEN(sizeof(flags));
		memcpy(CMSG_DATA(c), &flags, sizeof(flags));
	}
	return sendmsg(ks->fd, &msg, MSG_DONTWAIT);
}

static void handle_request(struct ptpdk_txq *txq, struct ptpdk_tx_request *req)
{
	struct ptpdk_ksock *ks = txq->port->ksock;
	bool want_ts = req->flags & PTPDK_TX_F_WANT_TS;
	bool one_step = req->flags & PTPDK_TX_F_ONE_STEP;
	struct ptpdk_tmv written = { 0, 0 };
	struct ptpdk_ksock_inflight *f = NULL;
	uint64_t before, after;
	ssize_t n;

	txq->counters.requests++;
	if (req->frame_len < 14 || req->frame_len > PTPDK_TX_FRAME_MAX) {
		txq->counters.oversize++;
		if (want_ts)
			ptpdk_txq_report_request(txq, req, PTPDK_TX_SEND_FAILED, 0, 0, NULL);
		return;
	}
	if (want_ts && !(f = free_slot(ks))) {
		txq->counters.backlog_full++;
		ptpdk_txq_report_request(txq, req, PTPDK_TX_BACKLOG_FULL, 0, 0, NULL);
		return;
	}
	before = ptpdk_tsc_read();
	/* One-step: the time at the last reading before sendmsg(); the kernel's stamp
	 * comes later, at the driver's xmit, and the engine measures the difference. */
	if (one_step && ptpdk_one_step_tx_write(req->frame, req->frame_len, &req->one_step_map,
						before, &written) != 0) {
		txq->counters.one_step_unwritten++;
		if (want_ts)
			ptpdk_txq_report_request(txq, req, PTPDK_TX_SEND_FAILED, 0, 0, NULL);
		return;
	}
	n = send_frame(ks, req, want_ts);
	after = ptpdk_tsc_read();
	if (n != (ssize_t)req->frame_len) {
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
	memset(f, 0, sizeof(*f));
	if (one_step) {
		f->report.flags = PTPDK_TX_R_WRITTEN;
		f->report.written = written;
	}
	f->busy = true;
	f->deadline_tsc = after + txq->txts.timeout_ticks;
	f->report.cookie = req->cookie;
	f->report.port = req->port;
	f->report.ts_source =
		ks->stamps == PTPDK_KSOCK_STAMP_HARDWARE ? PTPDK_TS_NIC_NS : PTPDK_TS_TSC;
	f->report.sequence_id = req->sequence_id;
	f->report.message_type = req->message_type;
	f->report.tsc_before = before;
	f->report.tsc_after = after;
	ks->n_inflight++;
	txq->txts.counters.started++;
}

unsigned ptpdk_ksock_tx_poll(struct ptpdk_txq *txq)
{
	struct ptpdk_tx_request reqs[PTPDK_TX_BURST];
	unsigned n, work = 0;

	/* Stamps first, then the deadline: a stamp already queued is never called late. */
	if (txq->port->ksock->n_inflight > 0) {
		work += read_errqueue(txq);
		work += expire(txq, ptpdk_tsc_read());
	}
	n = rte_ring_dequeue_burst_elem(txq->requests, reqs, sizeof(reqs[0]), PTPDK_TX_BURST, NULL);
	for (unsigned i = 0; i < n; i++)
		handle_request(txq, &reqs[i]);
	return work + n;
}
