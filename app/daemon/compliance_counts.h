/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DAEMON_COMPLIANCE_COUNTS_H
#define DAEMON_COMPLIANCE_COUNTS_H

#include <stdint.h>

/**
 * What the shared region's clock counters carry of the compliance log ("compliance/
 * alarms_raised", ...), so that readers without privileges (ptpdk-ctl status, the
 * Prometheus exporter) see the alarm: it is raised while alarms_raised exceeds
 * alarms_cleared. All counters, monotonic, so that a reader never sees a state
 * the writer did not have between two publishes.
 */
struct compliance_counts {
	uint64_t alarms_raised;
	uint64_t alarms_cleared;
	uint64_t records_written; /**< lines written this run */
	uint64_t records_lost;	  /**< records that could not be written (full disk, ...) */
	uint64_t write_errors;
	uint64_t sync_errors;
	uint64_t files_opened;
};

#endif
