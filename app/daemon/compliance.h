/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's compliance log (MiFID II RTS 25, lib/compliance): once a second the main
 * lcore turns the engine's published status into a record, runs the divergence alarm
 * and appends to the daily file. The engine lcore never waits for it: it only
 * publishes its status (and the clock's time with it), as it does anyway.
 *
 * The record's UTC time is the disciplined clock's, not CLOCK_REALTIME: the log
 * testifies to the clock that stamps the business events, and the host's clock may be
 * disciplined by something else or not at all. The clock's time comes from the status
 * the engine published (read within 10 ms, extrapolated on CLOCK_MONOTONIC); with the
 * PTP timescale it is TAI, and currentUtcOffset is taken off. CLOCK_REALTIME is
 * recorded beside it so an auditor can see both.
 *
 * Write failures (a full disk) are counted and printed once, with the error, when they
 * start and once when writing works again; the daemon keeps timing throughout.
 */
#ifndef DAEMON_COMPLIANCE_H
#define DAEMON_COMPLIANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "compliance_counts.h"
#include "engine.h"
#include "options.h"
#include "ptpdk_compliance_alarm.h"
#include "ptpdk_compliance_writer.h"

struct compliance {
	bool enabled;
	unsigned n_ports;
	struct ptpdk_compliance_writer writer;
	struct ptpdk_compliance_alarm alarm;
	uint64_t next_mono_ns; /**< when the next record is due */
	bool failure_reported; /**< the current run of write errors was printed */
	uint64_t max_ns;
};

/** @p out from @p c; all zero when the log is disabled. */
void compliance_counts_read(const struct compliance *c, struct compliance_counts *out);

/**
 * Open the log from compliance_log_dir (disabled when empty), compliance_max_divergence
 * and compliance_instance (shm_name when empty). Prints where the chain continues.
 * @return 0; -1 after printing why (a bad directory, a last line that is not a record)
 */
int compliance_open(struct compliance *c, const struct daemon_options *o, unsigned n_ports);

/** Called on every pass of the control loop; writes when a second has passed. */
void compliance_tick(struct compliance *c, const struct engine_status *st);

/** A stop record from @p st (NULL: none), sync, close; prints the last hash. */
void compliance_close(struct compliance *c, const struct engine_status *st);

#endif
