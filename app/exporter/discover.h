/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which instances the host has: every region file (ptpdk-shm-<name>) in the
 * hugetlbfs mounts, then /dev/shm, then the directories the operator adds. A name
 * found twice is exported once, from the first directory in that order: the one a
 * consumer that opens the instance by name gets (ptpdk_shm_open's lookup), so the
 * exporter never shows a region nobody reads, and Prometheus never sees one series
 * twice (it would refuse the whole scrape).
 */
#ifndef EXPORTER_DISCOVER_H
#define EXPORTER_DISCOVER_H

#include <stdbool.h>

#include "ptpdk_shm_layout.h"

/** Regions one scrape looks at, at most (more are counted, not exported). */
#define DISCOVER_MAX_REGIONS 64
#define DISCOVER_MAX_DIRS    8

struct discover_conf {
	const char *extra_dirs[DISCOVER_MAX_DIRS]; /**< --shm-dir, after the defaults */
	unsigned n_extra_dirs;
	const char *only[DISCOVER_MAX_REGIONS]; /**< --instance: export these alone */
	unsigned n_only;
};

struct discovered {
	char name[32];
	char path[320];
};

struct discover_result {
	struct discovered region[DISCOVER_MAX_REGIONS];
	unsigned n;
	unsigned shadowed; /**< same name in a later directory: not exported */
	unsigned overflow; /**< beyond DISCOVER_MAX_REGIONS */
};

/** List the regions, in directory order, then by name within a directory. */
void discover_regions(const struct discover_conf *conf, struct discover_result *out);

#endif
