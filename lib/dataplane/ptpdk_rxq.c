/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_rxq.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring_peek_zc.h>

#include "ptpdk_ksock.h"
#include "ptpdk_transport.h"
#include "ptpdk_ts_quantum.h"
#include "ptpdk_tsc.h"

/* Large messages are rare (management, signalling): a smaller ring suffices. */
#define LARGE_RING_DIVISOR 8
#define LARGE_RING_MIN	   64

static struct rte_ring *create_ring(const char *what, const struct ptpdk_rxq *rxq, unsigned esize,
				    unsigned count)
{
	char name[RTE_RING_NAMESIZE];

	snprintf(name, sizeof(name), "ptpdk_%s%u_%u", what, rxq->port->index, rxq->queue);
	return rte_ring_create_elem(name, esize, count, rxq->port->socket,
				    RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
}

int ptpdk_rxq_init(struct ptpdk_rxq *rxq, struct ptpdk_port *port, uint16_t queue,
		   unsigned ring_size)
{
	unsigned large_size = ring_size / LARGE_RING_DIVISOR;

	memset(rxq, 0, sizeof(*rxq));
	rxq->port = port;
	rxq->queue = queue;
	rxq->events = create_ring("ev", rxq, sizeof(struct ptpdk_rx_event), ring_size);
	if (!rxq->events)
		return rte_errno ? -rte_errno : -ENOMEM;
	if (large_size < LARGE_RING_MIN)
		large_size = LARGE_RING_MIN;
	rxq->large = create_ring("evl", rxq, sizeof(struct ptpdk_rx_event_large), large_size);
	if (!rxq->large) {
		int rc = rte_errno ? -rte_errno : -ENOMEM;

		rte_ring_free(rxq->events);
		rxq->events = NULL;
		return rc;
	}
	rxq->last_poll_tsc = ptpdk_tsc_read();
	return 0;
}

void ptpdk_rxq_fini(struct ptpdk_rxq *rxq)
{
	rte_ring_free(rxq->events);
	rte_ring_free(rxq->large);
	rxq->events = rxq->large = NULL;
}

static void fill_meta(struct ptpdk_rx_meta *meta, const struct ptpdk_rxq *rxq,
		      const struct ptpdk_classified *c)
{
	const struct ptpdk_frame *f = &c->frame;

	meta->message_type = c->header.message_type;
	meta->flags |= c->rx_flags;
	meta->port = rxq->port->index;
	meta->queue = rxq->queue;
	meta->payload_len = c->message_len;
	meta->sequence_id = c->header.sequence_id;
	meta->src_udp_port = f->transport == PTPDK_TRANSPORT_L2 ? 0 : f->src_port;
	meta->domain_number = c->header.domain_number;
	/* The transport that will frame an answer names the sender, so the two agree. */
	ptpdk_transport_source(f, &meta->src);
}

static void count_stamp(struct ptpdk_rxq *rxq, const struct ptpdk_rx_meta *meta)
{
	if (!(meta->flags & PTPDK_RX_F_EVENT_MSG))
		return;
	if (meta->ts_source != PTPDK_TS_TSC) {
		rxq->counters.ts_hw++;
		return;
	}
	rxq->counters.ts_sw++;
	if (rxq->port->hw_stamps)
		rxq->counters.ts_hw_missing++;
}

/* ARP, or an IPv6 neighbour solicitation or advertisement (no extension header: RFC
 * 4861 messages carry none that matter here); the engine checks the rest. */
static bool is_resolution(const uint8_t *f, uint32_t len)
{
	uint32_t off = 12;
	uint16_t type;

	if (len < 14)
		return false;
	type = (uint16_t)(f[12] << 8 | f[13]);
	if (type == PTPDK_ETHERTYPE_VLAN && len >= 18) {
		off = 16;
		type = (uint16_t)(f[16] << 8 | f[17]);
	}
	off += 2;
	if (type == 0x0806)
		return true;
	return type == PTPDK_ETHERTYPE_IPV6 && len >= off + 41 && f[off + 6] == 58 &&
	       (f[off + 40] == 135 || f[off + 40] == 136);
}

/* A resolution frame, whole, as an event: the engine answers and learns from it. */
static int deliver_resolution(struct ptpdk_rxq *rxq, const uint8_t *data, uint32_t len,
			      const struct ptpdk_rx_meta *meta_in, struct ptpdk_rx_event *out)
{
	if (len > PTPDK_EVENT_PAYLOAD_MAX)
		return 0; /* no valid ARP or NS/NA is that long; counted as not_ptp */
	out->meta = *meta_in;
	out->meta.flags = PTPDK_RX_F_RESOLVE;
	out->meta.message_type = 0xF; /* reserved in 1588: never a PTP message here */
	out->meta.port = rxq->port->index;
	out->meta.queue = rxq->queue;
	out->meta.payload_len = (uint16_t)len;
	out->meta.rx_window_ticks = 0;
	memcpy(out->payload, data, len);
	rxq->counters.resolve++;
	return 1;
}

int ptpdk_rxq_process(struct ptpdk_rxq *rxq, const uint8_t *data, uint32_t len,
		      const struct ptpdk_rx_meta *meta_in, struct ptpdk_rx_event *out,
		      struct ptpdk_rx_event_large *large)
{
	struct ptpdk_rxq_counters *c = &rxq->counters;
	enum ptpdk_reject why = PTPDK_REJECT_NONE;
	struct ptpdk_classified cl;
	struct ptpdk_rx_meta *meta;
	enum ptpdk_class cls;
	uint8_t *payload;
	int rc;

	c->packets++;
	c->bytes += len;
	cls = ptpdk_classify(data, len, rxq->port->frame_flags, &rxq->port->filter, &cl, &why);
	c->by_class[cls]++;
	if (cls == PTPDK_CLASS_REJECTED)
		c->rejected[why < PTPDK_REJECT_MAX ? why : PTPDK_REJECT_NONE]++;
	if (cls == PTPDK_CLASS_NOT_PTP && rxq->port->resolve && is_resolution(data, len))
		return deliver_resolution(rxq, data, len, meta_in, out);
	if (cls != PTPDK_CLASS_PTP)
		return 0;
	c->by_type[cl.header.message_type & 0xF]++;
	if (cl.message_len <= PTPDK_EVENT_PAYLOAD_MAX) {
		meta = &out->meta;
		payload = out->payload;
		rc = 1;
	} else if (large) {
		meta = &large->meta;
		payload = large->payload;
		rc = 2;
	} else {
		c->large_ring_full++;
		return 0;
	}
	*meta = *meta_in;
	fill_meta(meta, rxq, &cl);
	memcpy(payload, cl.message, cl.message_len);
	count_stamp(rxq, meta);
	return rc;
}

/* A NIC stamp if the port has one for this mbuf; false leaves the TSC stamp in place. */
static bool stamp_hw(const struct ptpdk_port *port, const struct rte_mbuf *m,
		     struct ptpdk_rx_meta *meta)
{
	uint64_t ns;

	if (port->rx_ts_offset >= 0 && (m->ol_flags & port->rx_ts_flag)) {
		meta->rx_raw = *RTE_MBUF_DYNFIELD(m, port->rx_ts_offset, rte_mbuf_timestamp_t *);
		meta->ts_source = port->caps.rx_dynfield_source;
		meta->rx_window_ticks = 0;
		return true;
	}
	if (port->caps.timesync && (m->ol_flags & RTE_MBUF_F_RX_IEEE1588_TMST) &&
	    port->ts_ops.read_rx(port->ts_ops.ctx, m->timesync, &ns) == 0) {
		meta->rx_raw = ns;
		meta->ts_source = PTPDK_TS_NIC_NS;
		meta->flags |= PTPDK_RX_F_TS_LATCHED;
		meta->rx_window_ticks = 0;
		return true;
	}
	return false;
}

/*
 * The kernel's capture stamp from the dynfield (net_pcap: CLOCK_REALTIME, µs) as TSC
 * ticks through the bracket read after this burst, with the conversion's window.
 * False (no flag, a value that is not a time, too old or in the future) leaves the
 * TSC stamp after the poll in place.
 */
static bool stamp_kernel(const struct ptpdk_port *port, const struct rte_mbuf *m,
			 const struct ptpdk_ts_bracket *b, struct ptpdk_rx_meta *meta)
{
	uint32_t unit = port->rx_ts_realtime_unit_ns;
	uint64_t value, tsc;
	uint32_t window;
	int64_t start;

	if (!(m->ol_flags & port->rx_ts_flag))
		return false;
	value = *RTE_MBUF_DYNFIELD(m, port->rx_ts_offset, rte_mbuf_timestamp_t *);
	if (!ptpdk_ts_quantum_start_ns(value, unit, &start) ||
	    !ptpdk_ts_quantum_to_tsc(b, start, unit, port->tsc_hz, &tsc, &window))
		return false;
	meta->rx_raw = tsc;
	meta->rx_window_ticks = window;
	return true;
}

/* An event message that kept the TSC stamp although the port gives kernel stamps. */
static void count_kernel_missing(struct ptpdk_rxq *rxq, const struct ptpdk_rx_meta *meta)
{
	if (meta->flags & PTPDK_RX_F_EVENT_MSG)
		rxq->counters.ts_kernel_missing++;
}

static void deliver_large(struct ptpdk_rxq *rxq, struct ptpdk_rx_event_large *large)
{
	if (rte_ring_enqueue_elem(rxq->large, large, sizeof(*large)) == 0)
		rxq->counters.delivered++;
	else
		rxq->counters.large_ring_full++;
}

/*
 * Events are written straight into ring slots reserved for the burst (zero-copy
 * enqueue): one copy of the message instead of two, and only its own octets. A
 * frame beyond the reserved slots is still classified and counted, into a spare.
 */
struct event_slots {
	struct rte_ring_zc_data zcd;
	unsigned reserved, used;
	struct ptpdk_rx_event spare;
};

static struct ptpdk_rx_event *next_slot(struct event_slots *s)
{
	if (s->used >= s->reserved)
		return &s->spare;
	if (s->used < s->zcd.n1)
		return (struct ptpdk_rx_event *)s->zcd.ptr1 + s->used;
	return (struct ptpdk_rx_event *)s->zcd.ptr2 + (s->used - s->zcd.n1);
}

/* @p b: the bracket read after the burst on a port with kernel stamps, else NULL. */
static void process_mbuf(struct ptpdk_rxq *rxq, struct rte_mbuf *m,
			 const struct ptpdk_rx_meta *sw_meta, const struct ptpdk_ts_bracket *b,
			 struct event_slots *slots, struct ptpdk_rx_event_large *large)
{
	uint8_t linear[PTPDK_EVENT_LARGE_PAYLOAD_MAX + PTPDK_FRAME_MAX_HEADERS];
	struct ptpdk_rx_meta meta = *sw_meta;
	struct ptpdk_rx_event *slot;
	const uint8_t *data;
	uint32_t len = rte_pktmbuf_pkt_len(m);
	bool kernel_missing = false;
	int rc;

	if (rxq->port->hw_stamps)
		stamp_hw(rxq->port, m, &meta);
	else if (b)
		kernel_missing = !stamp_kernel(rxq->port, m, b, &meta);
	if (rte_pktmbuf_is_contiguous(m)) {
		data = rte_pktmbuf_mtod(m, const uint8_t *);
	} else {
		rxq->counters.segmented++;
		if (len > sizeof(linear))
			len = sizeof(linear); /* a PTP message never needs more; parse decides */
		data = rte_pktmbuf_read(m, 0, len, linear);
		if (!data)
			return;
	}
	slot = next_slot(slots);
	rc = ptpdk_rxq_process(rxq, data, len, &meta, slot, large);
	if (kernel_missing && rc != 0)
		count_kernel_missing(rxq, rc == 1 ? &slot->meta : &large->meta);
	if (rc == 2)
		deliver_large(rxq, large);
	else if (rc == 1 && slots->used < slots->reserved)
		slots->used++;
	else if (rc == 1)
		rxq->counters.ring_full++;
}

unsigned ptpdk_rxq_poll(struct ptpdk_rxq *rxq)
{
	struct rte_mbuf *pkts[PTPDK_RX_BURST];
	struct ptpdk_rx_event_large large;
	struct ptpdk_rx_meta sw_meta;
	struct ptpdk_ts_bracket bracket;
	struct event_slots slots;
	uint16_t n;
	uint64_t tsc, window;

	if (rxq->port->ksock)
		return ptpdk_ksock_rx_poll(rxq);
	n = rte_eth_rx_burst(rxq->port->eth_port, rxq->queue, pkts, PTPDK_RX_BURST);
	tsc = ptpdk_tsc_read();
	window = tsc - rxq->last_poll_tsc;
	rxq->last_poll_tsc = tsc;
	rxq->counters.polls++;
	if (n == 0) {
		rxq->counters.empty_polls++;
		return 0;
	}
	/* Kernel stamps are mapped through a bracket read now, once per burst. */
	if (rxq->port->rx_ts_realtime_unit_ns)
		ptpdk_ts_bracket_read(&bracket);
	memset(&sw_meta, 0, sizeof(sw_meta));
	sw_meta.rx_raw = tsc;
	sw_meta.rx_tsc = tsc;
	sw_meta.ts_source = PTPDK_TS_TSC;
	sw_meta.rx_window_ticks = window > UINT32_MAX ? UINT32_MAX : (uint32_t)window;
	slots.used = 0;
	slots.reserved = rte_ring_enqueue_zc_burst_elem_start(
		rxq->events, sizeof(struct ptpdk_rx_event), n, &slots.zcd, NULL);
	for (uint16_t i = 0; i < n; i++)
		process_mbuf(rxq, pkts[i], &sw_meta,
			     rxq->port->rx_ts_realtime_unit_ns ? &bracket : NULL, &slots, &large);
	rte_ring_enqueue_zc_elem_finish(rxq->events, slots.used);
	rxq->counters.delivered += slots.used;
	rte_pktmbuf_free_bulk(pkts, n);
	return n;
}

void ptpdk_rxq_counters_publish(struct ptpdk_rxq *rxq)
{
	ptpdk_seq_write(&rxq->published_seq, &rxq->published, &rxq->counters,
			sizeof(rxq->counters));
}

int ptpdk_rxq_counters_read(const struct ptpdk_rxq *rxq, struct ptpdk_rxq_counters *out)
{
	return ptpdk_seq_read(&rxq->published_seq, out, &rxq->published, sizeof(*out), 1000)
		       ? 0
		       : -EAGAIN;
}
