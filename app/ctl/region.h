/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the region subcommands (status, counters) share: their options, opening the
 * shared region by instance name or path, and formatting of its fields. Reading the
 * region needs no root (it is readable by shm_group) and sends nothing to the daemon.
 */
#ifndef CTL_REGION_H
#define CTL_REGION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptpdk_shm_client.h"

/** Options of a region subcommand. */
struct ctl_region_opts {
	const char *where; /**< instance name or --shm path */
	bool json;
	bool have_port;
	unsigned port;
};

/**
 * Parse "[--json] [--shm PATH] [--port N]" after the subcommand (argv[0]); @p name
 * is the NAME given before it (NULL: PTPDK_SHM_DEFAULT_NAME). Options not in
 * @p allowed ("jsp": json, shm, port) are refused.
 * @return 0, or CTL_EXIT_USAGE after printing why
 */
int ctl_region_args(const char *name, int argc, char **argv, const char *allowed,
		    struct ctl_region_opts *o);

/** Open the region. @return the client, or NULL after printing the library's message. */
struct ptpdk_shm_client *ctl_region_open(const struct ctl_region_opts *o);

/** "001122.fffe.334455", as ptp4l shows a clockIdentity; @p out holds 19 bytes. */
void ctl_clock_id(const uint8_t id[8], char out[19]);

/** IEEE 1588 portState (1..9) as a word; "UNKNOWN" otherwise. */
const char *ctl_port_state_name(unsigned s);

/** @p s as a JSON string, quotes and escapes included. */
void ctl_json_str(FILE *f, const char *s);

#endif
