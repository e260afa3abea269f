/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine's side of management: it publishes the data sets (a ptpdk_mgmt_view)
 * with its status, and applies the SETs the main lcore queues. Management therefore
 * never takes the engine's time beyond one copy per publish and the SETs themselves.
 */
#ifndef DAEMON_ENGINE_MGMT_H
#define DAEMON_ENGINE_MGMT_H

#include <stdint.h>

#include "ptpdk_mgmt_responder.h"
#include "ptpdk_snapshot.h"

struct rte_ring;
struct ptpdk_ptp_clock;

/** What the engine publishes for management. */
struct engine_mgmt_state {
	struct ptpdk_mgmt_view view; /**< the engine's part (ptpdk_ptp_clock_mgmt_view()) */
	uint64_t applied;	     /**< ticket of the last SET the engine took */
	int last_rc;		     /**< its result: 0 or -errno */
};

struct engine_mgmt {
	struct rte_ring *commands; /**< main lcore → engine */
	uint64_t next_ticket;	   /**< main lcore only */
	struct engine_mgmt_state live;
	struct ptpdk_seq seq;
	struct engine_mgmt_state published;
};

/** @return 0 or -ENOMEM */
int engine_mgmt_init(struct engine_mgmt *m);
void engine_mgmt_fini(struct engine_mgmt *m);

/** Engine lcore: apply queued SETs. @return how many; each publishes at once. */
unsigned engine_mgmt_apply(struct engine_mgmt *m, struct ptpdk_ptp_clock *ptp, uint64_t now_ns);

/** Engine lcore: publish the data sets as of @p now_ns. */
void engine_mgmt_publish(struct engine_mgmt *m, const struct ptpdk_ptp_clock *ptp, uint64_t now_ns);

/** Main lcore: queue a validated SET. @return its ticket (> 0), or 0 when the queue is full */
uint64_t engine_mgmt_submit(struct engine_mgmt *m, const struct ptpdk_mgmt_set *set);

/** Main lcore: a consistent copy of the published state. @return 0 or -EAGAIN */
int engine_mgmt_read(const struct engine_mgmt *m, struct engine_mgmt_state *out);

#endif
