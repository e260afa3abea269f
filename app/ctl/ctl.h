/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl: the operator's tool. Each subcommand is one row of a table (main.c) and
 * one function; exit codes are shared: 0 success, 1 the check failed, 2 bad usage.
 */
#ifndef CTL_H
#define CTL_H

#define CTL_EXIT_OK    0
#define CTL_EXIT_FAIL  1
#define CTL_EXIT_USAGE 2

/*
 * Each subcommand gets the NAME given before it ("ptpdk-ctl NAME status"), NULL when
 * none was, and its own arguments with argv[0] the subcommand.
 */

/** verify-log FILE...: one chain across the files, in the order given. */
int ctl_verify_log(int argc, char **argv);

/** status [--json] [--shm PATH]: the clock and ports from the shared region. */
int ctl_status(const char *name, int argc, char **argv);

/** counters [--json] [--port N] [--shm PATH]: every counter of the shared region, by name. */
int ctl_counters(const char *name, int argc, char **argv);

#endif
