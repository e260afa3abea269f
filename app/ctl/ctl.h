/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl: the operator's tool. Each subcommand is one row of a table (main.c) and
 * one function; exit codes are shared: 0 success, 1 the check failed, 2 bad usage;
 * stop adds its own outcomes from 3 up.
 */
#ifndef CTL_H
#define CTL_H

#define CTL_EXIT_OK    0
#define CTL_EXIT_FAIL  1
#define CTL_EXIT_USAGE 2
/* stop: nothing holds the instance's lock (no file, an empty one, a stale pid) */
#define CTL_EXIT_NOT_RUNNING 3
/* stop: the lock, the process or the signal is not ours to touch */
#define CTL_EXIT_PERM 4
/* stop: the daemon still holds its lock after --timeout (left running) */
#define CTL_EXIT_TIMEOUT 5
/* stop --kill: SIGKILL after the timeout; the lock is released but no clean-up ran */
#define CTL_EXIT_KILLED 6

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

/**
 * stop [--timeout S] [--run-dir DIR] [--kill]: SIGTERM to the pid in
 * RUN_DIR/NAME/lock, only when the kernel says that pid holds the lock, then wait
 * (polling) until the lock is released. @return CTL_EXIT_OK stopped,
 * CTL_EXIT_NOT_RUNNING, CTL_EXIT_PERM, CTL_EXIT_TIMEOUT, CTL_EXIT_KILLED,
 * CTL_EXIT_FAIL (locked by another pid than the file names, I/O), CTL_EXIT_USAGE
 */
int ctl_stop(const char *name, int argc, char **argv);

#endif
