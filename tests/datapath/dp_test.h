/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared start-up of the datapath tests: EAL without PCI, hugepages or shared config,
 * so a test runs beside anything else on the machine, and skips (77) without root.
 */
#ifndef DP_TEST_H
#define DP_TEST_H

#include <stdio.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>

#define DP_TEST_SKIP 77

/* @return 0 when EAL is up; otherwise the exit code main() should return. */
static inline int dp_test_eal_init(const char *name, const char *memory_mb)
{
	char *args[] = { (char *)name,	    "-l",	   "0",
			 "--no-pci",	    "--no-huge",   "-m",
			 (char *)memory_mb, "--no-shconf", "--log-level",
			 "*:warning",	    NULL };

	if (rte_eal_init((int)(sizeof(args) / sizeof(args[0])) - 1, args) >= 0)
		return 0;
	if (geteuid() != 0) {
		printf("%s: EAL needs root here: skipped\n", name);
		return DP_TEST_SKIP;
	}
	fprintf(stderr, "%s: rte_eal_init failed: %s\n", name, rte_strerror(rte_errno));
	return 1;
}

#endif
