/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An instance: what lets several ptpdk daemons share one host. Its name names what it
 * owns: the run directory RUN_DIR/NAME (lock, management sockets), the shared time
 * region, DPDK's --file-prefix. The lock is an flock on RUN_DIR/NAME/lock: the kernel
 * drops it when its holder dies, so a dead instance never blocks a restart, and a live
 * one always refuses a second start.
 */
#ifndef DAEMON_INSTANCE_H
#define DAEMON_INSTANCE_H

#include <stddef.h>
#include <sys/types.h>

#include "ptpdk_shm_instance.h"
#include "ptpdk_shm_layout.h"

#define INSTANCE_NAME_MAX PTPDK_SHM_INSTANCE_NAME_MAX
#define INSTANCE_DEFAULT  PTPDK_SHM_DEFAULT_NAME
#define INSTANCE_PATH_MAX 256

struct instance {
	char name[INSTANCE_NAME_MAX + 1];
	char dir[INSTANCE_PATH_MAX]; /**< RUN_DIR/NAME */
	int lock_fd;		     /**< held for the daemon's life; -1 when not locked */
};

/**
 * The name: @p configured when not empty, else the value of EAL's --file-prefix in
 * @p eal_argv (DPDK users already give each process its own), else
 * INSTANCE_DEFAULT. @return 0, or -1 with the reason printed (a name that breaks
 * ptpdk_shm_instance_name_ok's rule)
 */
int instance_name(const char *configured, int eal_argc, char **eal_argv, struct instance *in);

/**
 * Create RUN_DIR/NAME and take its lock, writing our pid into it.
 * @return 0; -1 with the reason printed (another live instance of that name, or the
 *	   directory cannot be made)
 */
int instance_lock(struct instance *in, const char *run_dir, pid_t pid);

void instance_unlock(struct instance *in);

/** Whether @p eal_argv already names a --file-prefix. */
int instance_eal_has_prefix(int eal_argc, char **eal_argv);

#endif
