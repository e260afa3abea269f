/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK telemetry commands, for dpdk-telemetry.py and anything else that speaks
 * DPDK's telemetry socket: /ptpdk/status (the clock), /ptpdk/ports (each port's name
 * and state), /ptpdk/counters (the clock-wide counters) and /ptpdk/counters,N (port
 * N's). Counters come from the same descriptor tables as the stdout table and the
 * JSON, so the three cannot drift apart. The callbacks run on DPDK's telemetry thread
 * and read only what the engine and the datapath publish under their sequence counters.
 */
#ifndef DAEMON_TELEMETRY_H
#define DAEMON_TELEMETRY_H

struct layout;

/** Register the commands for @p l (which must outlive the telemetry thread's use). */
int telemetry_register(struct layout *l, const char *instance);

#endif
