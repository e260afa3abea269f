/* SPDX-License-Identifier: BSD-3-Clause */
/* The ordinary clock's state, shared by its three files: ptpdk_oc.c (messages,
 * BMCA, parent), ptpdk_oc_delay.c (Delay_Req/Pdelay timers, the Pdelay responder)
 * and ptpdk_oc_sync.c (samples, servo, clock, holdover). */
#ifndef PTPDK_OC_PRIVATE_H
#define PTPDK_OC_PRIVATE_H

#include "ptpdk_elapsed.h"
#include "ptpdk_ptp_clock.h"

#define OC_PENDING_RESP	   4  /* Pdelay_Resp awaiting their TX stamp */
#define OC_RECENT_OFFSETS  16 /* offsets behind the locked error bound */
#define OC_LOG_UNSPECIFIED 0x7F

struct oc_pending_resp {
	bool used;
	uint16_t seq;
	struct ptpdk_port_identity requester;
	int64_t req_correction;
	uint64_t at_ns;
};

struct oc_port {
	struct ptpdk_ptp_port_config cfg;
	struct ptpdk_port_identity identity;
	enum ptpdk_port_state state;
	struct ptpdk_foreign_table foreign;
	struct ptpdk_e2e *e2e; /* Sync handling and, under E2E, the delay exchange */
	struct ptpdk_p2p *p2p; /* P2P ports only */
	uint64_t last_parent_announce_ns;
	bool parent_sync_seen; /* a Sync from the parent since it became parent */
	int8_t delay_req_log;  /* logMinDelayReqInterval in force (the master's) */
	int8_t sync_log;
	uint64_t next_delay_req_ns;
	uint16_t delay_req_seq;
	uint64_t next_pdelay_req_ns;
	uint16_t pdelay_req_seq;
	struct oc_pending_resp presp[OC_PENDING_RESP];
	/* t3 of the last Delay_Req measurement handed to the servo (or made stale by a
	 * step), so that each reaches it once and none from before a step. */
	struct ptpdk_tmv servo_sm_t3;
};

struct ptpdk_ptp_clock {
	struct ptpdk_ptp_clock_config cfg;
	struct ptpdk_clock *clock;
	struct ptpdk_ptp_clock_ops ops;
	struct oc_port ports[PTPDK_PTP_MAX_PORTS];
	struct ptpdk_servo *servo;
	uint64_t rng;
	bool initialized;

	bool have_parent;
	unsigned parent_port;
	struct ptpdk_foreign_master parent; /* copy of the parent's entry */

	enum ptpdk_ptp_clock_state clock_state;
	bool ever_locked;
	uint64_t holdover_start_ns;
	double holdover_unc_ppb;
	double bound_at_entry_ns;
	enum ptpdk_servo_state servo_state;
	double freq_ppb;
	int64_t last_offset_ns;
	int64_t path_delay_ns;
	uint64_t last_sample_ns;
	int64_t recent_offsets[OC_RECENT_OFFSETS];
	unsigned n_recent;

	struct ptpdk_ptp_clock_counters counters;
};

/* ptpdk_oc.c */
void oc_log(struct ptpdk_ptp_clock *oc, enum ptpdk_ptp_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void oc_port_event(struct ptpdk_ptp_clock *oc, unsigned port, enum ptpdk_port_event ev,
		   bool new_master);
void oc_msg_init(const struct ptpdk_ptp_clock *oc, unsigned port, struct ptpdk_msg *m, uint8_t type,
		 uint16_t seq);
int oc_send(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m, unsigned flags);
uint64_t oc_interval_ns(int log_interval);
bool oc_port_follows_parent(const struct ptpdk_ptp_clock *oc, unsigned port);

/* ptpdk_oc_delay.c */
void oc_delay_tick(struct ptpdk_ptp_clock *oc, unsigned port, uint64_t now_ns, uint64_t *next);
void oc_delay_start(struct ptpdk_ptp_clock *oc, unsigned port, uint64_t now_ns);
void oc_delay_resp(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
		   uint64_t now_ns);
void oc_pdelay_req_rx(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
		      struct ptpdk_tmv t2, uint64_t now_ns);
void oc_pdelay_resp_rx(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_msg *m,
		       const struct ptpdk_tmv *t4);
void oc_delay_tx_stamp(struct ptpdk_ptp_clock *oc, unsigned port, uint8_t type, uint16_t seq,
		       const struct ptpdk_tmv *t, uint64_t now_ns);

/* ptpdk_oc_sync.c */
void oc_sync_result(struct ptpdk_ptp_clock *oc, unsigned port, int rc, uint64_t now_ns);
void oc_parent_lost(struct ptpdk_ptp_clock *oc, uint64_t now_ns);
void oc_sync_tick(struct ptpdk_ptp_clock *oc, uint64_t now_ns);
double oc_error_bound(const struct ptpdk_ptp_clock *oc, uint64_t now_ns);
/** The growth of oc_error_bound() from now on (struct ptpdk_ptp_clock_status). */
void oc_error_growth(const struct ptpdk_ptp_clock *oc, uint64_t now_ns, double *rate_ppb,
		     double *wander_ppb_per_s);

#endif
