/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The descriptor table (ptpdk_cdesc.h) of the counters struct engine_status holds
 * itself. Its other members have their own tables: counters (ptpdk_cdesc_engine),
 * ptp.counters (ptpdk_cdesc_ptp_clock), e2e[], p2p[] and foreign[].
 */
#ifndef DAEMON_ENGINE_CDESC_H
#define DAEMON_ENGINE_CDESC_H

#include "ptpdk_cdesc.h"

/** Over struct engine_status; covers only its own uint64_t members. */
extern const struct ptpdk_cdesc_table engine_cdesc_status;

/** Over struct engine_resolve_counters (engine_resolve.h). */
extern const struct ptpdk_cdesc_table engine_cdesc_resolve;

/** Over struct ptpdk_ucast_port_counters and struct ptpdk_ucast_client_counters. */
extern const struct ptpdk_cdesc_table engine_cdesc_ucast_port;
extern const struct ptpdk_cdesc_table engine_cdesc_ucast_client;

/** Over struct ptpdk_ucast_server_counters and struct ptpdk_ucast_grants_counters. */
extern const struct ptpdk_cdesc_table engine_cdesc_ucast_server;
extern const struct ptpdk_cdesc_table engine_cdesc_ucast_grants;

/** Over struct compliance_counts (compliance.h): the main lcore's, not the engine's. */
extern const struct ptpdk_cdesc_table daemon_cdesc_compliance;
/** The workers' CPU figures (struct lcore_cpu_counts, lcore_cpu.h). */
extern const struct ptpdk_cdesc_table daemon_cdesc_lcore_cpu;

#endif
