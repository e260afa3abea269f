/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's side of the shared time region (lib/shm): create it from the
 * shm_* keys, and turn the engine's status plus the clock's TSC mapping into
 * one clock record and a record per port. Creation runs on the main lcore; publishing on the engine
 * lcore, which owns the writer from launch to stop.
 */
#ifndef DAEMON_EXPORT_H
#define DAEMON_EXPORT_H

#include <stdint.h>

#include "options.h"
#include "ptpdk_limits.h"
#include "ptpdk_clock.h"
#include "ptpdk_ptp_clock.h"
#include "ptpdk_shm_writer.h"

/** What the records say about the ports, fixed at start. */
struct export_ports {
	unsigned n;
	const char *names[PTPDK_MAX_PORTS];
	uint8_t domain;
	uint8_t clock_identity[8]; /**< ours, for the clock record */
};

/**
 * When each port last received and sent a message of each type (CLOCK_MONOTONIC ns,
 * 0: never), by ptpdk_shm_msg_slot(): ptpd's last_received_* and last_transmitted_*.
 * Written by the engine lcore alone.
 */
struct export_msg_times {
	uint64_t rx_mono_ns[PTPDK_MAX_PORTS][PTPDK_SHM_MSG_SLOTS];
	uint64_t tx_mono_ns[PTPDK_MAX_PORTS][PTPDK_SHM_MSG_SLOTS];
};

/** Note a message of PTP messageType @p type on @p port at @p mono_ns (types without a slot:
 * ignored). */
static inline void export_msg_time(uint64_t (*slots)[PTPDK_SHM_MSG_SLOTS], unsigned port,
				   unsigned type, uint64_t mono_ns)
{
	int s = ptpdk_shm_msg_slot(type);

	if (port < PTPDK_MAX_PORTS && s >= 0)
		slots[port][s] = mono_ns;
}

/**
 * Create the region (one clock record, one port record per port, the counter
 * sections of export_counters.h) unless shm_export is 0. Prints where it
 * is, the fallback warning, or why it failed.
 * @return 0 with *out (NULL when disabled); -1 after printing the error
 */
int export_open(const struct daemon_options *o, unsigned n_ports, uint64_t tsc_hz,
		struct ptpdk_shm_writer **out);

/**
 * Publish the clock record once (the clock's time at @p tsc and the engine's @p st),
 * then each port's record (with its message times from @p times, when not NULL),
 * then the heartbeat. A clock that cannot convert TSC
 * values (not the TSC clock) gives a clock record without PTPDK_SHM_F_VALID: status
 * without time, never a guessed mapping.
 */
void export_publish(struct ptpdk_shm_writer *w, const struct export_ports *ports,
		    struct ptpdk_clock *clock, uint64_t tsc_hz,
		    const struct ptpdk_ptp_clock_status *st, const struct export_msg_times *times,
		    uint64_t tsc, uint64_t mono_ns);

#endif
