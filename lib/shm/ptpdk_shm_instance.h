/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The instance name rule, one for every program: the daemon (--instance, EAL's
 * --file-prefix, shm_name), ptpdk-ctl NAME, ptpdk-exporter --instance and the files it
 * discovers, ptpdk-sync --shm NAME, and the shared region's writer and client. A name
 * names a directory (run_dir/NAME), a file (ptpdk-shm-NAME), DPDK's --file-prefix, a
 * syslog ident (ptpdk@NAME) and a systemd or supervisord instance, so it must be safe
 * as each: 1 to PTPDK_SHM_INSTANCE_NAME_MAX of [A-Za-z0-9_.-], not starting with '.'
 * (no ".", "..", hidden files) nor '-' (not taken for an option). The maximum is what
 * the region's instance field holds. Not installed.
 */
#ifndef PTPDK_SHM_INSTANCE_H
#define PTPDK_SHM_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

/** Longest instance name, in bytes (the region's instance field less its NUL). */
#define PTPDK_SHM_INSTANCE_NAME_MAX 31

/** The rule in words, for error messages and help texts. */
#define PTPDK_SHM_INSTANCE_NAME_RULE "1 to 31 of A-Z a-z 0-9 _ . -, not starting with '.' or '-'"

/** Whether @p name (may be NULL: false) follows the rule. */
bool ptpdk_shm_instance_name_ok(const char *name);

/**
 * The rule, with the reason a name breaks it.
 * @return 0 when @p name is good; -EINVAL otherwise, with "instance name 'NAME': WHY
 *	   (the rule)" in @p err (may be NULL; the name is cut if long)
 */
int ptpdk_shm_instance_name_check(const char *name, char *err, size_t err_len);

#endif
