/* SPDX-License-Identifier: BSD-3-Clause */
/* The daemon's own options (after EAL's, behind "--"). */
#ifndef DAEMON_OPTIONS_H
#define DAEMON_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_port.h"

#define DAEMON_MAX_PORTS  4
#define DAEMON_MAX_LCORES 16

struct daemon_options {
	const char *ports[DAEMON_MAX_PORTS];
	unsigned n_ports;
	unsigned rx_lcores[DAEMON_MAX_LCORES];
	unsigned n_rx_lcores; /**< 0: every worker lcore but the engine's */
	int engine_lcore;     /**< -1: the first worker lcore */
	bool compact;
	uint32_t idle_sleep_us;
	uint32_t ring_size;
	uint32_t tx_timestamp_timeout_ms;
	enum ptpdk_ts_mode ts_mode;
	bool verify_csum;
	struct ptpdk_addr_filter filter; /**< addresses and promiscuity (MAC from the port) */
	double duration_s;		 /**< 0: until SIGINT/SIGTERM */
	double stats_interval_s;	 /**< 0: only at exit */
	const char *stats_json;
	bool measure;
	const char *samples_csv;
	bool latency;
	uint8_t domain;
	int8_t delay_req_log_interval;
	bool quiet;
};

/**
 * Parse the daemon's options (argv[0] is the program name).
 * @return 0; 1 when --help was printed; -1 after printing an error to stderr
 */
int daemon_options_parse(int argc, char **argv, struct daemon_options *opts);

#endif
