/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine lcore's work: drain RX rings and TX reports, decode, convert stamps
 * into the clock's time, and run the protocol engine (ptpdk_ptp_clock). What the engine
 * sends goes to the TX owner's ring; what it reports (samples, state changes, log
 * lines) goes by value into a ring that the main lcore drains (output.c), so the
 * engine lcore never blocks on stdout, syslog or files.
 */
#ifndef DAEMON_ENGINE_H
#define DAEMON_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "export.h"
#include "ptpdk_clock.h"
#include "ptpdk_dp_counters.h"
#include "ptpdk_frame.h"
#include "ptpdk_hist.h"
#include "ptpdk_ptp_clock.h"
#include "ptpdk_port.h"
#include "ptpdk_rxq.h"
#include "ptpdk_snapshot.h"
#include "ptpdk_transport.h"
#include "engine_mgmt.h"
#include "engine_netmgmt.h"
#include "engine_one_step.h"
#include "engine_resolve.h"
#include "ptpdk_txq.h"

#define ENGINE_MAX_RXQS 64
#define ENGINE_BURST	32
#define ENGINE_LOG_RING 1024

struct rte_ring;

struct engine_conf {
	struct ptpdk_rxq *rxqs[ENGINE_MAX_RXQS];
	unsigned n_rxqs;
	struct ptpdk_port *ports[PTPDK_MAX_PORTS];
	struct ptpdk_txq *txqs[PTPDK_MAX_PORTS]; /**< the TX queue the engine uses per port */
	enum ptpdk_transport transport[PTPDK_MAX_PORTS];
	uint8_t udp_ttl;
	unsigned n_ports;
	struct ptpdk_clock *clock; /**< disciplined by the engine */
	/** The clock each port's raw stamps are converted with: clock's own, or for a
	 * port on another clock a view that converts into clock's time (clock_follow.h). */
	struct ptpdk_clock *port_clock[PTPDK_MAX_PORTS];
	uint64_t tsc_hz;
	bool latency;
	/**
	 * A software stamp is somewhere in its error window (the poll gap before an RX
	 * stamp, the TX burst call around a TX stamp). A window wider than this means the
	 * lcore was off the CPU: such a stamp is not handed to the protocol engine (it sees
	 * a message without a stamp) and is counted. 0: every stamp is used.
	 */
	uint32_t max_stamp_window_ns;
	struct ptpdk_ptp_clock_config ptp; /**< n_ports and names filled by the caller */
	/** time_reference system: while no parent is followed the clock follows
	 * CLOCK_REALTIME + TAI-UTC and announces what the kernel says of it. */
	bool time_reference_system;
	struct ptpdk_shm_writer *shm; /**< the shared region, published with the status; or NULL */
	/** network_management: Management messages of our domain go to the main lcore's
	 * responder (engine_netmgmt.h) instead of the ports, which ignore them. */
	bool network_management;
	struct export_ports shm_ports;
};

/** Kinds of engine_record. */
enum engine_record_kind { ENGINE_REC_SAMPLE, ENGINE_REC_STATE, ENGINE_REC_LOG };

/** What the engine tells the main lcore, by value. */
struct engine_record {
	enum engine_record_kind kind;
	double mono_s; /**< CLOCK_MONOTONIC-aligned seconds of the event (for log prefixes) */
	union {
		struct {
			struct ptpdk_ptp_sample s;
			/** The clock and CLOCK_REALTIME read together at the sample (lab truth). */
			struct ptpdk_tmv clock_now;
			struct ptpdk_tmv realtime_now;
			bool have_truth;
			uint32_t rx_window_ns;	  /**< Sync RX stamp error bound */
			uint32_t truth_window_ns; /**< width of the clock bracket around the truth
						     read */
		} sample;
		struct {
			unsigned port;
			enum ptpdk_port_state from, to;
			enum ptpdk_port_event ev;
		} state;
		struct {
			enum ptpdk_ptp_log_level level;
			char line[160];
		} log;
	} u;
};

/**
 * The disciplined clock's time (its own timescale) at a CLOCK_MONOTONIC instant, read
 * when the status was published: the main lcore's view of the clock without touching
 * it (style rule 4), e.g. for the compliance log.
 */
struct engine_clock_time {
	bool valid;
	int64_t clock_ns;
	uint64_t mono_ns;
};

/** What the main lcore may read: published by the engine, copied by readers. */
struct engine_status {
	struct ptpdk_engine_counters counters;
	struct ptpdk_ptp_clock_status ptp;
	struct ptpdk_e2e_counters e2e[PTPDK_MAX_PORTS];
	struct ptpdk_p2p_counters p2p[PTPDK_MAX_PORTS];
	struct ptpdk_foreign_counters foreign[PTPDK_MAX_PORTS];
	uint64_t decode_errors;
	uint64_t stamp_conversion_errors;
	uint64_t rx_stamps_too_wide; /**< RX stamps not used: window > max_stamp_window_ns */
	uint64_t tx_stamps_too_wide; /**< TX stamps not used: window > max_stamp_window_ns */
	uint64_t sends_refused;	     /**< no source address for the transport, or encode failed */
	uint64_t records_dropped;    /**< the main lcore did not keep up with the record ring */
	uint64_t reference_read_errors; /**< time_reference system: adjtimex or the clock
					   bracket failed */
	struct engine_clock_time clock_time;
	struct ptpdk_mgmt_net_counters netmgmt; /**< management over the network */
	struct engine_resolve_counters resolve; /**< ARP and neighbour discovery */
	/** Per port with a unicast master table: its Signaling and negotiation. */
	struct engine_ucast_status {
		bool enabled;
		struct ptpdk_ucast_port_counters port;
		struct ptpdk_ucast_client_counters client;
		bool server_enabled; /**< unicast_listen */
		uint32_t clients;    /**< clients holding a grant */
		struct ptpdk_ucast_server_counters server;
		struct ptpdk_ucast_grants_counters grants;
	} ucast[PTPDK_MAX_PORTS];
};

struct engine {
	struct engine_conf conf;
	struct ptpdk_ptp_clock *ptp;
	struct rte_ring *records;    /**< engine → main lcore */
	struct engine_status status; /**< engine-owned live copy */
	struct ptpdk_seq status_seq;
	struct engine_status published;
	struct ptpdk_hist latency; /**< engine-owned; read after the engine stopped */
	/** Master turnaround: a Delay_Req's RX stamp (TSC) to its Delay_Resp in the TX
	 * ring, ns (with conf.latency); engine-owned like latency. */
	struct ptpdk_hist turnaround;
	/** While the engine handles a received message: its RX stamp in TSC ticks. */
	uint64_t handling_rx_tsc;
	/** Per port: frames what the engine sends; its VLAN follows the masters' Announces. */
	struct ptpdk_transport_port *transports[PTPDK_MAX_PORTS];
	uint32_t next_cookie;
	uint64_t next_tick_tsc;
	uint64_t next_publish_tsc;
	uint64_t next_reference_tsc; /**< when to ask the kernel about CLOCK_REALTIME again */
	uint64_t tsc_base;	     /**< TSC at init: "now" for the engine counts from here */
	double mono_base_s;	     /**< CLOCK_MONOTONIC at tsc_base */
	uint64_t mono_base_ns;	     /**< the same in ns */
	uint32_t sync_window_ns[16]; /**< RX poll windows of recent Syncs, by sequenceId */
	struct export_msg_times msg_times; /**< each port's last RX and TX of each type */
	struct engine_mgmt mgmt;	   /**< management: data sets out, SETs in */
	struct engine_netmgmt netmgmt; /**< management from the network: requests out, replies in */
	/** twoStepFlag 0: lines out with the Syncs, their errors measured. */
	struct engine_one_step one_step;
	/** Neighbour caches of the ports that send unicast to configured addresses. */
	struct engine_resolve resolve;
};

/**
 * A framer for port @p p in @p transport: the port's own addresses and L2 groups (its
 * filter) and udp_ttl, no VLAN until a master's Announce shows one. The engine's own per port and
 * network management's for every transport. @return NULL with errno set
 */
static inline struct ptpdk_transport_port *engine_framer_create(const struct engine *e, unsigned p,
								enum ptpdk_transport transport)
{
	const struct ptpdk_addr_filter *a = &e->conf.ports[p]->filter;
	struct ptpdk_transport_conf tc = {
		.transport = transport,
		.has_ipv4 = a->has_ipv4,
		.has_ipv6 = a->has_ipv6,
		.udp_ttl = e->conf.udp_ttl,
	};

	memcpy(tc.mac, a->mac, sizeof(tc.mac));
	memcpy(tc.l2_group_mac, a->l2_group_mac, sizeof(tc.l2_group_mac));
	memcpy(tc.l2_peer_group_mac, a->l2_peer_group_mac, sizeof(tc.l2_peer_group_mac));
	memcpy(tc.ipv4, a->ipv4, sizeof(tc.ipv4));
	memcpy(tc.ipv6, a->ipv6, sizeof(tc.ipv6));
	return ptpdk_transport_port_create(&tc);
}

/** @return 0; -ENOMEM; -EINVAL/-ENOTSUP for an engine configuration it refuses (printed). */
int engine_init(struct engine *e, const struct engine_conf *conf);
void engine_fini(struct engine *e);

/** The engine step (ptpdk_engine_step_fn). */
unsigned engine_step(void *engine, uint64_t now_tsc);

/** Publish the status now (the engine calls it; also once after stopping). */
void engine_publish(struct engine *e);

/** A consistent copy of the published status. @return 0 or -EAGAIN */
int engine_status_read(const struct engine *e, struct engine_status *out);

/** Take up to @p max records (main lcore). @return how many */
unsigned engine_records_take(struct engine *e, struct engine_record *out, unsigned max);

#endif
