/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One scrape: every region discover.h finds, read through libptpdk-shm (no root, no
 * request to any daemon), written in Prometheus' text exposition format 0.0.4.
 *
 * Every series carries ptpdk_instance="NAME" (not "instance": Prometheus gives each
 * target an "instance" label of its own and would rename ours). Port series add
 * port="N" and port_name. Units are Prometheus' base units (seconds) except the
 * frequency adjustment, in ppb as every PTP tool shows it. Counters keep the names the
 * region gives them ("rx/by_type/Sync") as a label, so a daemon that adds counters
 * is exported without a new exporter, and stdout, JSON, telemetry, ptpdk-ctl and
 * Prometheus all name a counter the same way.
 *
 * A region whose writer stopped, died or has not started exports ptpdk_up 0 and
 * nothing else: its last values are not the clock's state now.
 */
#ifndef EXPORTER_METRICS_H
#define EXPORTER_METRICS_H

#include <stdint.h>
#include <stdio.h>

#include "discover.h"

/** What the exporter counts about itself, exported with every scrape. */
struct exporter_stats {
	uint64_t scrapes;
	uint64_t open_errors;	   /**< a region could not be opened or was refused */
	uint64_t read_errors;	   /**< a record or counter block could not be read */
	uint64_t http_bad;	   /**< requests refused (malformed, too long, not GET) */
	uint64_t http_not_found;   /**< paths other than / and /metrics */
	uint64_t http_timeouts;	   /**< clients that sent no full request in time */
	uint64_t http_send_errors; /**< replies that could not be written in full */
};

/**
 * Write one scrape of @p found to @p out, and the exporter's own series from
 * @p stats (whose read and open errors this scrape increments).
 * @return 0, or -1 when @p out failed (ENOMEM)
 */
int metrics_write(FILE *out, const struct discover_result *found, struct exporter_stats *stats);

#endif
