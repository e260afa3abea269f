/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX of a kernel-socket port: the kernel's netif_rx stamp of each frame, converted
 * to TSC ticks right after the receive, or in hardware mode the NIC's PHC stamp as it
 * is; then the same classification, counters and rings as a DPDK queue
 * (ptpdk_rxq_process()).
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
#include "ptpdk_ts_map.h"

/* A PTP message never needs more than the large event plus its headers; a longer
 * frame is truncated and counted, and the classifier judges what arrived. */
#define FRAME_CAP 2048
/* Room in front of the frame to put back an 802.1Q tag the kernel took off. */
#define VLAN_ROOM 4

struct rx_slot {
	uint8_t buf[VLAN_ROOM + FRAME_CAP];
	/* Room for SCM_TIMESTAMPING and PACKET_AUXDATA, with slack for anything else. */
	union {
		char bytes[CMSG_SPACE(sizeof(struct scm_timestamping)) +
			   CMSG_SPACE(sizeof(struct tpacket_auxdata)) + 64];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov;
};

struct rx_frame_info {
	bool have_stamp;
	int64_t stamp_ns;
	bool have_vlan;
	uint16_t vlan_tpid, vlan_tci;
};

static void read_cmsgs(struct msghdr *msg, enum ptpdk_ksock_stamp_mode mode,
		       struct rx_frame_info *info)
{
	memset(info, 0, sizeof(*info));
	info->have_stamp = ptpdk_ksock_cmsg_stamp(msg, mode, &info->stamp_ns);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct tpacket_auxdata))) {
			struct tpacket_auxdata aux;

			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			if (aux.tp_status & TP_STATUS_VLAN_VALID) {
				info->have_vlan = true;
				info->vlan_tci = aux.tp_vlan_tci;
				info->vlan_tpid = (aux.tp_status & TP_STATUS_VLAN_TPID_VALID)
							  ? aux.tp_vlan_tpid
							  : 0x8100;
			}
		}
	}
}

/* The frame as it was on the wire: the tag goes back after the two MACs. */
static const uint8_t *restore_vlan(struct rx_slot *s, const struct rx_frame_info *info,
				   uint32_t *len)
{
	uint8_t *frame = s->buf + VLAN_ROOM;

	if (!info->have_vlan || *len < 12)
		return frame;
	memmove(s->buf, frame, 12);
	s->buf[12] = (uint8_t)(info->vlan_tpid >> 8);
	s->buf[13] = (uint8_t)info->vlan_tpid;
	s->buf[14] = (uint8_t)(info->vlan_tci >> 8);
	s->buf[15] = (uint8_t)info->vlan_tci;
	*len += VLAN_ROOM;
	return s->buf;
}

static void deliver(struct ptpdk_rxq *rxq, int rc, struct ptpdk_rx_event *ev,
		    struct ptpdk_rx_event_large *large)
{
	struct rte_ring *ring = rc == 1 ? rxq->events : rxq->large;
	void *elem = rc == 1 ? (void *)ev : (void *)large;
	unsigned size = rc == 1 ? sizeof(*ev) : sizeof(*large);

	if (rte_ring_enqueue_elem(ring, elem, size) == 0)
		rxq->counters.delivered++;
	else if (rc == 1)
		rxq->counters.ring_full++;
	else
		rxq->counters.large_ring_full++;
}

/*
 * The frame's stamp into @p meta. Software: CLOCK_REALTIME converted to TSC through
 * the bracket, whose width is the window. Hardware: the PHC's ns as they are, exact
 * (window 0), as a DPDK NIC's latch. Without a usable stamp: the TSC after the
 * receive, as on the DPDK path (the frame came in since the previous poll).
 * @return true when the frame had its own stamp.
 */
static bool stamp_frame(const struct ptpdk_ksock *ks, const struct rx_frame_info *info,
			const struct ptpdk_ts_bracket *b, uint32_t poll_window,
			struct ptpdk_rx_meta *meta)
{
	meta->rx_tsc = b->tsc_after;
	if (info->have_stamp && ks->stamps == PTPDK_KSOCK_STAMP_HARDWARE) {
		meta->ts_source = PTPDK_TS_NIC_NS;
		meta->rx_raw = (uint64_t)info->stamp_ns;
		meta->rx_window_ticks = 0;
		return true;
	}
	meta->ts_source = PTPDK_TS_TSC;
	if (info->have_stamp && ks->stamps == PTPDK_KSOCK_STAMP_SOFTWARE &&
	    ptpdk_ts_map_to_tsc(b, info->stamp_ns, ks->tsc_hz, &meta->rx_raw)) {
		/* The conversion's own error window: where CLOCK_REALTIME fell in the bracket. */
		meta->rx_window_ticks = ptpdk_ts_bracket_width(b);
		return true;
	}
	meta->rx_raw = b->tsc_after;
	meta->rx_window_ticks = poll_window;
	return false;
}

static void process_frame(struct ptpdk_rxq *rxq, struct rx_slot *s, struct mmsghdr *mm,
			  const struct ptpdk_ts_bracket *b, uint32_t poll_window)
{
	const struct ptpdk_ksock *ks = rxq->port->ksock;
	struct ptpdk_rx_event_large large;
	struct ptpdk_rx_event ev;
	struct rx_frame_info info;
	struct ptpdk_rx_meta meta;
	uint32_t len = mm->msg_len;
	const uint8_t *data;
	bool stamped;
	int rc;

	if (mm->msg_hdr.msg_flags & MSG_TRUNC)
		rxq->counters.truncated++;
	if (len > FRAME_CAP)
		len = FRAME_CAP;
	read_cmsgs(&mm->msg_hdr, ks->stamps, &info);
	data = restore_vlan(s, &info, &len);
	memset(&meta, 0, sizeof(meta));
	stamped = stamp_frame(ks, &info, b, poll_window, &meta);
	rc = ptpdk_rxq_process(rxq, data, len, &meta, &ev, &large);
	if (rc == 0)
		return;
	/* In hardware mode ptpdk_rxq_process() counts the miss (ts_hw_missing). */
	if (!stamped && ks->stamps == PTPDK_KSOCK_STAMP_SOFTWARE &&
	    ((rc == 1 ? ev.meta.flags : large.meta.flags) & PTPDK_RX_F_EVENT_MSG))
		rxq->counters.ts_kernel_missing++;
	deliver(rxq, rc, &ev, &large);
}

unsigned ptpdk_ksock_rx_poll(struct ptpdk_rxq *rxq)
{
	struct rx_slot slots[PTPDK_KSOCK_RX_BATCH];
	struct mmsghdr mm[PTPDK_KSOCK_RX_BATCH];
	struct ptpdk_ts_bracket b;
	uint64_t window;
	int n;

	memset(mm, 0, sizeof(mm));
	for (unsigned i = 0; i < PTPDK_KSOCK_RX_BATCH; i++) {
		slots[i].iov.iov_base = slots[i].buf + VLAN_ROOM;
		slots[i].iov.iov_len = FRAME_CAP;
		mm[i].msg_hdr.msg_iov = &slots[i].iov;
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_control = slots[i].ctrl.bytes;
		mm[i].msg_hdr.msg_controllen = sizeof(slots[i].ctrl.bytes);
	}
	n = recvmmsg(rxq->port->ksock->fd, mm, PTPDK_KSOCK_RX_BATCH, MSG_DONTWAIT, NULL);
	ptpdk_ts_bracket_read(&b);
	window = b.tsc_after - rxq->last_poll_tsc;
	rxq->last_poll_tsc = b.tsc_after;
	rxq->counters.polls++;
	if (n <= 0) {
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			rxq->counters.recv_errors++;
		rxq->counters.empty_polls++;
		return 0;
	}
	for (int i = 0; i < n; i++)
		process_frame(rxq, &slots[i], &mm[i], &b,
			      window > UINT32_MAX ? UINT32_MAX : (uint32_t)window);
	return (unsigned)n;
}
