/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_cdesc_tables.h"

#include "ptpdk_dp_counters.h"
#include "ptpdk_e2e.h"
#include "ptpdk_foreign.h"
#include "ptpdk_mgmt_net.h"
#include "ptpdk_msg.h"
#include "ptpdk_p2p.h"
#include "ptpdk_ptp_clock.h"

/* The name functions take their own enums; calling them through a pointer of another
 * type would be undefined, so each gets an adapter. */
static const char *msg_type_name(unsigned i)
{
	/* Counter names must be unique (they are keys in telemetry, the shared region and
	 * Prometheus), so the reserved types get one each instead of the codec's
	 * "Unknown". */
	static const char *const reserved[16] = {
		[4] = "Reserved4", [5] = "Reserved5",  [6] = "Reserved6",
		[7] = "Reserved7", [14] = "ReservedE", [15] = "ReservedF",
	};

	return i < 16 && reserved[i] ? reserved[i] : ptpdk_msg_type_name(i);
}

static const char *class_name(unsigned i)
{
	return ptpdk_class_name((enum ptpdk_class)i);
}

static const char *reject_name(unsigned i)
{
	return ptpdk_reject_name((enum ptpdk_reject)i);
}

static const char *tx_status_name(unsigned i)
{
	return ptpdk_tx_status_name((enum ptpdk_tx_status)i);
}

static const char *e2e_discard_name(unsigned i)
{
	return ptpdk_e2e_discard_name((enum ptpdk_e2e_discard)i);
}

static const char *p2p_discard_name(unsigned i)
{
	return ptpdk_p2p_discard_name((enum ptpdk_p2p_discard)i);
}

#define NZ     PTPDK_CDESC_TABLE_NONZERO
#define SPARSE (PTPDK_CDESC_TABLE_NONZERO | PTPDK_CDESC_JSON_NONZERO)

#define RX(member, name, group, flags, help)                                                       \
	PTPDK_CDESC_ONE(struct ptpdk_rxq_counters, member, name, group, flags, help)
#define RX_ARRAY(member, name, group, names, flags, help)                                          \
	PTPDK_CDESC_ARRAY(struct ptpdk_rxq_counters, member, name, group, names, flags, help)

/* The class counts are members of "rx" itself, so "rejected" is a key twice: the
 * class count, then the object by reason. Readers of the JSON have always found the
 * object there (parsers keep the last of equal keys), so it stays after by_class. */
static const struct ptpdk_cdesc rxq_desc[] = {
	RX(polls, "polls", "rx", 0, "RX bursts polled"),
	RX(empty_polls, "empty_polls", "rx", 0, "RX bursts that returned no packet"),
	RX(packets, "packets", "rx", 0, "packets received"),
	RX(bytes, "bytes", "rx", 0, "bytes received"),
	RX_ARRAY(by_class, "by_class", "rx", class_name, PTPDK_CDESC_FLAT,
		 "packets received, by classification"),
	RX_ARRAY(rejected, "rejected", "rejected", reject_name, SPARSE,
		 "packets rejected, by reason"),
	RX_ARRAY(by_type, "by_type", "rx type", msg_type_name, SPARSE,
		 "PTP messages for us, by messageType"),
	RX(delivered, "delivered", "rx", 0, "events the engine's rings accepted"),
	RX(resolve, "resolve", "rx", NZ,
	   "ARP and IPv6 neighbour discovery frames handed to the engine"),
	RX(ring_full, "ring_full", "rx", 0, "events dropped: the event ring was full"),
	RX(large_ring_full, "large_ring_full", "rx", 0,
	   "events dropped: the large-message ring was full"),
	RX(segmented, "segmented", "rx", NZ, "multi-segment packets, linearised"),
	RX(ts_hw, "ts_hw", "stamps", 0, "events with a NIC timestamp"),
	RX(ts_sw, "ts_sw", "stamps", 0, "events with a TSC timestamp"),
	RX(ts_hw_missing, "ts_hw_missing", "stamps", NZ,
	   "events whose expected NIC timestamp was not latched"),
	RX(ts_kernel_missing, "ts_kernel_missing", "stamps", NZ,
	   "kernel-socket events without a usable kernel timestamp"),
	RX(recv_errors, "recv_errors", "rx", NZ, "kernel-socket receive failures"),
	RX(truncated, "truncated", "rx", NZ, "kernel-socket frames longer than the receive buffer"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_rxq =
	PTPDK_CDESC_TABLE(struct ptpdk_rxq_counters, "rxq", rxq_desc);

#define TX(member, name, group, flags, help)                                                       \
	PTPDK_CDESC_ONE(struct ptpdk_txq_counters, member, name, group, flags, help)

static const struct ptpdk_cdesc txq_desc[] = {
	TX(requests, "requests", "tx", 0, "send requests taken from the engine"),
	TX(sent, "sent", "tx", 0, "frames sent"),
	TX(bytes, "bytes", "tx", 0, "bytes sent"),
	TX(send_failed, "send_failed", "tx", 0, "frames that could not be sent"),
	TX(oversize, "oversize", "tx", NZ, "requests with an impossible frame length"),
	PTPDK_CDESC_ARRAY(struct ptpdk_txq_counters, by_type, "by_type", "tx type", msg_type_name,
			  SPARSE, "PTP messages sent, by messageType"),
	TX(backlog_full, "backlog_full", "tx", NZ,
	   "stamped frames refused: the TX-stamp backlog was full"),
	TX(report_ring_full, "report_ring_full", "tx", NZ,
	   "TX reports dropped: the report ring was full"),
	TX(txts.started, "started", "tx stamp", NZ, "TX timestamps waited for"),
	TX(txts.stamped, "stamped", "tx stamp", NZ, "TX timestamps collected"),
	TX(txts.timeouts, "timeouts", "tx stamp", NZ, "TX timestamps that never came"),
	TX(txts.stale_discarded, "stale_discarded", "tx stamp", NZ,
	   "TX timestamps that came after their timeout, or were not ours"),
	TX(txts.polls, "latch_polls", "tx stamp", NZ,
	   "reads of the TX timestamp latch while waiting"),
	TX(ts_unconvertible, "ts_unconvertible", "tx stamp", NZ,
	   "kernel TX timestamps too old or too new to map to the TSC"),
	TX(errqueue_other, "errqueue_other", "tx stamp", NZ,
	   "kernel-socket error-queue messages that were not a TX timestamp"),
	TX(one_step_written, "one_step_written", "tx", NZ,
	   "one-step Syncs whose departure time was written as they left"),
	TX(one_step_unwritten, "one_step_unwritten", "tx", NZ,
	   "one-step Syncs dropped: their departure time could not be written"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_txq =
	PTPDK_CDESC_TABLE(struct ptpdk_txq_counters, "txq", txq_desc);

#define ENGINE(member, name, group, flags, help)                                                   \
	PTPDK_CDESC_ONE(struct ptpdk_engine_counters, member, name, group, flags, help)

static const struct ptpdk_cdesc engine_desc[] = {
	ENGINE(events, "events", "engine", 0, "events the engine took from its rings"),
	ENGINE(large_events, "large_events", "engine", NZ,
	       "events taken from the large-message ring"),
	PTPDK_CDESC_ARRAY(struct ptpdk_engine_counters, by_type, "by_type", "engine", msg_type_name,
			  SPARSE, "events taken, by messageType"),
	PTPDK_CDESC_ARRAY(struct ptpdk_engine_counters, tx_reports, "tx_reports", "tx report",
			  tx_status_name, NZ, "TX reports taken, by status"),
	ENGINE(tx_ring_full, "tx_ring_full", "engine", NZ,
	       "send requests refused: the TX ring was full"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_engine =
	PTPDK_CDESC_TABLE(struct ptpdk_engine_counters, "engine", engine_desc);

#define PTP(member, help)                                                                          \
	PTPDK_CDESC_ONE(struct ptpdk_ptp_clock_counters, member, #member, "protocol", NZ, help)

static const struct ptpdk_cdesc ptp_clock_desc[] = {
	PTP(rx, "messages offered to the protocol engine"),
	PTPDK_CDESC_ARRAY(struct ptpdk_ptp_clock_counters, rx_by_type, "rx_by_type", "proto type",
			  msg_type_name, SPARSE, "messages offered, by messageType"),
	PTP(wrong_domain, "messages of another domain, ignored"),
	PTP(wrong_mechanism, "delay messages of the other delay mechanism, ignored"),
	PTP(not_from_parent, "Sync, Follow_Up or Delay_Resp from a clock that is not the parent"),
	PTP(no_timestamp, "event messages without an RX timestamp"),
	PTP(ignored, "messages of types the engine does not handle (Management, Signaling)"),
	PTP(tx, "messages handed to the datapath to send"),
	PTP(tx_failed, "messages the datapath refused to send"),
	PTP(tx_stamp_missing, "wanted TX timestamps that never came"),
	PTP(pdelay_resp_sent, "answers to peers' Pdelay_Req"),
	PTP(steps, "clock steps"),
	PTP(clock_errors, "clock operations that failed"),
	PTP(master_changes, "parent changes"),
	PTP(announce_timeouts, "announce receipt timeouts"),
	PTP(holdovers, "entries into holdover"),
	PTP(announce_sent, "Announce messages sent as master"),
	PTP(sync_sent, "Sync messages sent as master"),
	PTP(follow_up_sent, "Follow_Up messages sent as master, each with its Sync's TX time"),
	PTP(delay_resp_sent, "Delay_Resp messages sent as master"),
	PTP(delay_req_not_master, "Delay_Req received while the port was not MASTER: unanswered"),
	PTP(delay_req_unicast, "Delay_Req sent by unicast (unicast client, hybrid_e2e)"),
	PTP(hybrid_no_address,
	    "hybrid_e2e Delay_Req sent by multicast: the parent's address was not known yet"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_ptp_clock =
	PTPDK_CDESC_TABLE(struct ptpdk_ptp_clock_counters, "ptp_clock", ptp_clock_desc);

#define E2E(member, help)                                                                          \
	PTPDK_CDESC_ONE(struct ptpdk_e2e_counters, member, #member, "e2e", NZ, help)

static const struct ptpdk_cdesc e2e_desc[] = {
	E2E(offset_samples, "offset samples from completed Syncs"),
	E2E(delay_samples, "path delay measurements"),
	E2E(syncs_before_delay, "completed Syncs held back: no path delay yet"),
	E2E(negative_delay, "raw path delays below zero (kept)"),
	PTPDK_CDESC_ARRAY(struct ptpdk_e2e_counters, discard, "discard", "e2e drop",
			  e2e_discard_name, NZ, "E2E inputs dropped, by reason"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_e2e =
	PTPDK_CDESC_TABLE(struct ptpdk_e2e_counters, "e2e", e2e_desc);

#define P2P(member, help)                                                                          \
	PTPDK_CDESC_ONE(struct ptpdk_p2p_counters, member, #member, "p2p", NZ, help)

static const struct ptpdk_cdesc p2p_desc[] = {
	P2P(requests, "TX timestamps of our Pdelay_Req"),
	P2P(samples, "link delay measurements"),
	P2P(negative_delay, "raw link delays below zero (kept)"),
	PTPDK_CDESC_ARRAY(struct ptpdk_p2p_counters, discard, "discard", "p2p drop",
			  p2p_discard_name, NZ, "P2P inputs dropped, by reason"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_p2p =
	PTPDK_CDESC_TABLE(struct ptpdk_p2p_counters, "p2p", p2p_desc);

#define FOREIGN(member, help)                                                                      \
	PTPDK_CDESC_ONE(struct ptpdk_foreign_counters, member, #member, "foreign", NZ, help)

static const struct ptpdk_cdesc foreign_desc[] = {
	FOREIGN(announces, "Announce messages offered"),
	FOREIGN(own_clock, "Announce messages from our own clock, ignored"),
	FOREIGN(steps_255, "Announce messages with stepsRemoved of 255 or more, ignored"),
	FOREIGN(table_full, "new foreign masters with no free entry"),
	FOREIGN(expired, "foreign masters removed for silence"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_foreign =
	PTPDK_CDESC_TABLE(struct ptpdk_foreign_counters, "foreign", foreign_desc);

/* Management over the network (ptpdk_mgmt_net.h). Shown under the prefix "netmgmt"
 * wherever the clock's tables are merged, so that names such as wrong_domain do not
 * collide with the clock's own. */
#define MGMT_NET(member, group, flags, help)                                                       \
	PTPDK_CDESC_ONE(struct ptpdk_mgmt_net_counters, member, #member, group, flags, help)

static const struct ptpdk_cdesc mgmt_net_desc[] = {
	MGMT_NET(received, "netmgmt", NZ, "Management messages received on PTP ports"),
	MGMT_NET(disabled, "mgmt drop", NZ, "not answered: network_management 0"),
	MGMT_NET(wrong_domain, "mgmt drop", NZ, "of another domainNumber: not answered"),
	MGMT_NET(oversized, "mgmt drop", NZ, "longer than a request may be: dropped"),
	MGMT_NET(request_ring_full, "mgmt drop", NZ,
		 "the main lcore's request ring was full: dropped"),
	MGMT_NET(requests, "netmgmt", NZ, "requests handed to the main lcore"),
	MGMT_NET(answered, "netmgmt", NZ, "requests answered with data (GET, or SET applied)"),
	MGMT_NET(error_replies, "mgmt error", NZ,
		 "requests answered with MANAGEMENT_ERROR_STATUS (no such id, wrong length, ...)"),
	MGMT_NET(refused_set, "mgmt error", NZ,
		 "SETs refused with NOT_SUPPORTED: network_management_set 0"),
	MGMT_NET(refused_command, "mgmt error", NZ, "COMMANDs refused with NOT_SUPPORTED"),
	MGMT_NET(set_failed, "mgmt error", NZ, "SETs the engine did not apply"),
	MGMT_NET(malformed, "mgmt drop", NZ,
		 "not decodable, not one MANAGEMENT TLV, or boundaryHops above the start"),
	MGMT_NET(not_request, "netmgmt", NZ, "RESPONSEs and ACKNOWLEDGEs of others: ignored"),
	MGMT_NET(not_for_us, "netmgmt", NZ, "for another clock or a port we lack: ignored"),
	MGMT_NET(replies_sent, "netmgmt", NZ, "replies queued on the ingress port's TX ring"),
	MGMT_NET(reply_failed, "mgmt drop", NZ,
		 "replies that could not be framed or found the TX ring full"),
	MGMT_NET(reply_ring_full, "mgmt drop", NZ,
		 "replies the main lcore could not queue to the engine"),
	MGMT_NET(bad_elements, "mgmt drop", NZ, "ring elements that failed their checks"),
};

const struct ptpdk_cdesc_table ptpdk_cdesc_mgmt_net =
	PTPDK_CDESC_TABLE(struct ptpdk_mgmt_net_counters, "netmgmt", mgmt_net_desc);

const struct ptpdk_cdesc_table *const ptpdk_cdesc_tables[] = {
	&ptpdk_cdesc_rxq, &ptpdk_cdesc_txq, &ptpdk_cdesc_engine,  &ptpdk_cdesc_ptp_clock,
	&ptpdk_cdesc_e2e, &ptpdk_cdesc_p2p, &ptpdk_cdesc_foreign, &ptpdk_cdesc_mgmt_net,
};

const unsigned ptpdk_cdesc_n_tables = sizeof(ptpdk_cdesc_tables) / sizeof(ptpdk_cdesc_tables[0]);
