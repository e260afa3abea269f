/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's own options (after EAL's, behind "--"): a ptp4l-format file (-f), every
 * configuration key as a long option, and ptp4l's short flags. The values live in
 * opts->cfg (lib/config); the fields below are the ones the daemon reads today, taken
 * from it once.
 */
#ifndef DAEMON_OPTIONS_H
#define DAEMON_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_config.h"
#include "ptpdk_port.h"

#define DAEMON_MAX_LCORES 16

/** Per-port values (port sections override [global]); index as in daemon_options.ports. */
struct daemon_port {
	int cfg_port;	  /**< port section of opts->cfg: ptpdk_config_*(cfg, cfg_port, K) */
	bool verify_csum; /**< verify_checksum */
	struct ptpdk_addr_filter filter; /**< ipv4_address, ipv6_address, promiscuous */
};

struct daemon_options {
	/** The instance (instance.h): set by main once it holds the instance's lock. */
	const char *instance;
	const char *instance_dir;
	const char *ports[PTPDK_MAX_PORTS]; /**< -i in order, then the file's other sections */
	unsigned n_ports;
	unsigned rx_lcores[DAEMON_MAX_LCORES];
	unsigned n_rx_lcores; /**< 0: every worker lcore but the engine's */
	int engine_lcore;     /**< -1: the first worker lcore */
	bool compact;
	uint32_t idle_sleep_us;
	uint32_t ring_size;
	uint32_t tx_timestamp_timeout_ms;
	uint32_t max_stamp_window_ns; /**< wider software stamps are not used; 0: all are */
	enum ptpdk_ts_mode ts_mode;
	bool jbod;			 /**< boundary_clock_jbod: ports on several clocks */
	double follow_rate_hz;		 /**< phc_follow_rate */
	double follow_step_threshold_ns; /**< phc_follow_step_threshold, ns (0: never) */
	bool verify_csum;		 /**< the first port's (see port[]) */
	struct ptpdk_addr_filter filter; /**< the first port's (see port[]); MAC from the port */
	double duration_s;		 /**< 0: until SIGINT/SIGTERM */
	double stats_interval_s;	 /**< 0: only at exit */
	const char *stats_json;		 /**< NULL: none */
	bool measure;		 /**< free_running (--measure): measure and report, never adjust */
	const char *samples_csv; /**< NULL: none */
	bool latency;
	uint8_t domain;
	int8_t delay_req_log_interval; /**< the first port's logMinDelayReqInterval */
	bool quiet; /**< no per-sample lines: !(verbose || use_syslog) or level < 6 */

	struct daemon_port port[PTPDK_MAX_PORTS];
	const char *config_file;  /**< -f FILE, or NULL */
	struct ptpdk_config *cfg; /**< owned (daemon_options_free): every key, by ID */
};

/**
 * Parse the daemon's options (argv[0] is the program name) and the file given with -f.
 * Strings in @p opts point into opts->cfg or @p argv.
 * @return 0: run, release with daemon_options_free(); 1: done, exit 0 (--help,
 *         --list-keys, --check-config passed); -1: an error was printed to stderr, exit 2.
 *         Nothing needs releasing after 1 or -1.
 */
int daemon_options_parse(int argc, char **argv, struct daemon_options *opts);

/** Release opts->cfg; safe to call twice or after a failed parse. */
void daemon_options_free(struct daemon_options *opts);

/**
 * Handle -h/--help, --list-keys and --check-config before EAL starts, so that they need
 * neither root nor hugepages. The daemon's options are those after the first "--" of
 * @p argv, or all of them when there is no "--".
 * @return -1 when none of these was asked for (go on: rte_eal_init, then
 *         daemon_options_parse); else the exit status (0, or 2 after an error)
 */
int daemon_options_early(int argc, char **argv);

#endif
