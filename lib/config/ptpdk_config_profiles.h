/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Profiles: named sets of configuration keys (the `profile` key, `--profile NAME`).
 * A profile is a layer of values below the configuration file and the command line and
 * above the table's defaults (ptpdk_config.h), so that a file or an option overrides
 * any key a profile sets. docs/profiles.md describes each one. Pure data.
 */
#ifndef PTPDK_CONFIG_PROFILES_H
#define PTPDK_CONFIG_PROFILES_H

#include <stddef.h>

/** Index values of the `profile` key, in the order of its value list. */
enum ptpdk_cfg_profile {
	PTPDK_CFG_PROFILE_NONE,
	PTPDK_CFG_PROFILE_DEFAULT_E2E,
	PTPDK_CFG_PROFILE_DEFAULT_P2P,
	PTPDK_CFG_PROFILE_G8275_1,
	PTPDK_CFG_PROFILE_G8275_2,
	PTPDK_CFG_PROFILE_ENTERPRISE,
	PTPDK_CFG_PROFILE_GPTP,
	PTPDK_CFG_PROFILE_COUNT
};

/** One key of a profile, as a file would write it. */
struct ptpdk_cfg_profile_setting {
	const char *key;
	const char *value;
};

struct ptpdk_cfg_profile_info {
	const char *name; /**< as the `profile` key takes it */
	const char *summary;
	const struct ptpdk_cfg_profile_setting *settings;
	size_t n_settings;
};

/** @return profile @p p, or NULL when out of range. */
const struct ptpdk_cfg_profile_info *ptpdk_config_profile_info(enum ptpdk_cfg_profile p);

#endif
