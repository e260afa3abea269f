/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine lcore's work until the protocol engine exists: it drains every RX
 * ring and TX report ring, counts what arrived by type, measures the RX-stamp to
 * dequeue latency, and (with --measure) runs an E2E delay request-response against
 * the first master it hears, logging raw offsets of the free-running clock — no
 * servo, so the figures show the timestamps' own quality.
 */
#ifndef DAEMON_PROBE_H
#define DAEMON_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptpdk_clock.h"
#include "ptpdk_dp_counters.h"
#include "ptpdk_e2e.h"
#include "ptpdk_hist.h"
#include "ptpdk_port.h"
#include "ptpdk_rxq.h"
#include "ptpdk_snapshot.h"
#include "ptpdk_txq.h"

#define PROBE_MAX_RXQS	64
#define PROBE_MAX_PORTS 4
#define PROBE_BURST	32

struct probe_conf {
	struct ptpdk_rxq *rxqs[PROBE_MAX_RXQS];
	unsigned n_rxqs;
	struct ptpdk_port *ports[PROBE_MAX_PORTS];
	struct ptpdk_txq *txqs[PROBE_MAX_PORTS]; /**< the TX queue the engine uses per port */
	unsigned n_ports;
	struct ptpdk_clock *clock; /**< converts raw stamps; free-running here */
	uint64_t tsc_hz;
	bool measure;
	bool latency;
	bool quiet;
	FILE *samples; /**< CSV of offset samples, or NULL */
	uint8_t domain;
	int8_t delay_req_log_interval;
};

/** What the main lcore may read: published by the engine, copied by readers. */
struct probe_status {
	struct ptpdk_engine_counters counters;
	uint64_t offset_samples;
	uint64_t delay_samples;
	bool have_master;
	struct ptpdk_port_identity master;
	int64_t last_offset_ns;
	int64_t last_delay_ns;
	uint64_t stamp_conversion_errors;
	uint64_t sends_refused; /**< Delay_Req not sent: no address for the transport */
};

struct probe {
	struct probe_conf conf;
	struct probe_status status; /**< engine-owned live copy */
	struct ptpdk_seq status_seq;
	struct probe_status published;
	struct ptpdk_hist latency; /**< engine-owned; read after the engine stopped */
	struct ptpdk_e2e *e2e;
	/* the master being measured */
	uint16_t master_port;
	uint8_t master_transport;
	uint16_t master_vlan_tci;
	bool master_vlan;
	struct ptpdk_port_identity ours;
	uint16_t delay_req_seq;
	uint64_t delay_req_ticks; /**< the Delay_Req interval */
	uint64_t next_delay_req_tsc;
	uint64_t next_publish_tsc;
	uint32_t next_cookie;
	/* Stamp error bounds for the samples file: RX poll windows of recent Syncs (by
	 * sequenceId) and the TSC bracket of the last Delay_Req's send. */
	uint32_t sync_window_ns[16];
	uint32_t delay_req_bracket_ns;
};

/** @return 0; -ENOMEM */
int probe_init(struct probe *p, const struct probe_conf *conf);
void probe_fini(struct probe *p);

/** The engine step (ptpdk_engine_step_fn). */
unsigned probe_step(void *probe, uint64_t now_tsc);

/** Publish the status now (the engine calls it; also once after stopping). */
void probe_publish(struct probe *p);

/** A consistent copy of the published status. @return 0 or -EAGAIN */
int probe_status_read(const struct probe *p, struct probe_status *out);

#endif
