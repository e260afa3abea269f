/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk's configuration: the typed key table (ptpdk_config_keys.h), a ptp4l-format file
 * parser, command-line values, and the generator of config/keys.md.
 *
 * Values live in layers. Reading key K for port section P returns the first that is set:
 *   1. the command line (ptpdk_config_set_cli), whatever the order of -f and the option;
 *   2. P's section of a file, when K has port scope;
 *   3. the file's [global] section;
 *   4. the profile named by the `profile` key (ptpdk_config_profiles.h), from whichever
 *      layer above sets it, whatever the order of the lines;
 *   5. the table's default.
 * Pure: no DPDK, no clock; nothing is printed. Errors come back as -errno plus a
 * one-line message naming the file, line and key.
 */
#ifndef PTPDK_CONFIG_H
#define PTPDK_CONFIG_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_config_keys.h"
#include "ptpdk_config_profiles.h"
#include "ptpdk_config_ucast.h"
#include "ptpdk_limits.h"
#include "ptpdk_parse.h"

/** Key IDs: PTPDK_CFG_domainNumber, PTPDK_CFG_time_stamping, ... (the key's own spelling). */
enum ptpdk_cfg_key {
#define PTPDK_CFG_X_ID(name, ...) PTPDK_CFG_##name,
	PTPDK_CFG_KEYS(PTPDK_CFG_X_ID)
#undef PTPDK_CFG_X_ID
		PTPDK_CFG_KEY_COUNT
};

enum ptpdk_cfg_type {
	PTPDK_CFG_T_INT,
	PTPDK_CFG_T_UINT,
	PTPDK_CFG_T_DOUBLE,
	PTPDK_CFG_T_BOOL,
	PTPDK_CFG_T_ENUM,
	PTPDK_CFG_T_STRING,
	PTPDK_CFG_T_MAC,
};

enum ptpdk_cfg_scope {
	PTPDK_CFG_S_GLOBAL, /**< [global] and the command line only */
	PTPDK_CFG_S_PORT,   /**< also in a port section, which overrides [global] */
};

enum ptpdk_cfg_status {
	PTPDK_CFG_USED,	 /**< ptpdk acts on the value */
	PTPDK_CFG_LATER, /**< accepted and checked (ptp4l files keep working), no effect yet */
};

/** Index values of the enum keys, in the order of their value lists. */
enum ptpdk_cfg_time_stamping {
	PTPDK_CFG_TS_HARDWARE,
	PTPDK_CFG_TS_SOFTWARE,
	PTPDK_CFG_TS_AUTO,
};
enum ptpdk_cfg_clock_servo {
	PTPDK_CFG_SERVO_PI, /**< same order as enum ptpdk_servo_type */
	PTPDK_CFG_SERVO_PTPDK,
};
enum ptpdk_cfg_network_transport {
	PTPDK_CFG_TRANSPORT_UDPV4,
	PTPDK_CFG_TRANSPORT_UDPV6,
	PTPDK_CFG_TRANSPORT_L2,
};
enum ptpdk_cfg_delay_mechanism {
	PTPDK_CFG_DELAY_E2E,
	PTPDK_CFG_DELAY_P2P,
	PTPDK_CFG_DELAY_AUTO,
};
enum ptpdk_cfg_time_reference {
	PTPDK_CFG_REFERENCE_NONE,
	PTPDK_CFG_REFERENCE_SYSTEM,
};
enum ptpdk_cfg_dataset_comparison {
	PTPDK_CFG_DSCMP_IEEE1588,
	PTPDK_CFG_DSCMP_G8275,
};
enum ptpdk_cfg_delay_filter {
	PTPDK_CFG_FILTER_MOVING_MEDIAN,
	PTPDK_CFG_FILTER_MOVING_AVERAGE,
};

/** One row of the table. */
struct ptpdk_cfg_key_info {
	const char *name;
	enum ptpdk_cfg_type type;
	enum ptpdk_cfg_scope scope;
	enum ptpdk_cfg_status status;
	const char *def;	   /**< default, as text */
	double min, max;	   /**< inclusive, numeric types; +-INFINITY: unbounded */
	const char *const *values; /**< ENUM: the value names, NULL-terminated; NULL otherwise */
	const char *desc;
};

/* Most port sections a configuration holds (-ENOSPC beyond): PTPDK_MAX_PORTS. */
/** Longest line of a file, without its newline (-EINVAL beyond). */
#define PTPDK_CONFIG_MAX_LINE 1023
/** Largest file ptpdk_config_read_file() accepts (-EFBIG beyond). */
#define PTPDK_CONFIG_MAX_FILE (1024 * 1024)

struct ptpdk_config;

/** @return a configuration holding the defaults, no port; NULL with errno ENOMEM. */
struct ptpdk_config *ptpdk_config_create(void);

/** Free @p cfg and every string it holds; NULL is ignored. */
void ptpdk_config_destroy(struct ptpdk_config *cfg);

/**
 * Read a ptp4l-format file: "[global]" and "[PORT]" section headers, "key value" lines
 * (the value is the rest of the line, blanks trimmed), '#' starts a comment anywhere,
 * blank lines ignored. Every section but [global] is a port, created in order of
 * appearance; a key before the first section header is an error, as in ptp4l.
 * On error @p cfg keeps the lines before the bad one.
 * @param err  receives "PATH:LINE: message" on error (may be NULL)
 * @return 0; -EINVAL for a syntax error, unknown key, bad or out-of-range value, or a
 *         global key in a port section; -ENOSPC for too many ports; -EFBIG for a file
 *         over PTPDK_CONFIG_MAX_FILE; -ENOMEM; or the -errno of opening/reading @p path
 */
int ptpdk_config_read_file(struct ptpdk_config *cfg, const char *path, char *err, size_t errlen);

/**
 * Parse @p len bytes of @p text as ptpdk_config_read_file() parses a file (NUL bytes in
 * it are errors, not terminators). @p name is used in messages.
 * @return as ptpdk_config_read_file(), without the I/O errors
 */
int ptpdk_config_parse(struct ptpdk_config *cfg, const char *name, const char *text, size_t len,
		       char *err, size_t errlen);

/**
 * Set a key from the command line; it wins over every file value, port sections too.
 * @p key may use '-' for '_' (--time-stamping) and may be an alias.
 * @return 0; -ENOENT for an unknown key ("unknown option '--KEY'"); -EINVAL for a bad or
 *         out-of-range value ("command line: ..."); -ENOMEM
 */
int ptpdk_config_set_cli(struct ptpdk_config *cfg, const char *key, const char *value, char *err,
			 size_t errlen);

/**
 * Add the port section @p name (as ptp4l's -i does), or find it when it exists.
 * @return its index (>= 0); -EINVAL for an empty name or one with blanks, brackets, '#'
 *         or control characters; -ENOSPC beyond PTPDK_MAX_PORTS; -ENOMEM
 */
int ptpdk_config_port_add(struct ptpdk_config *cfg, const char *name);

/** @return the index of port section @p name, or -ENOENT. */
int ptpdk_config_port_find(const struct ptpdk_config *cfg, const char *name);

/** @return the number of port sections (files and ptpdk_config_port_add()). */
int ptpdk_config_port_count(const struct ptpdk_config *cfg);

/** @return the name of port section @p port, or NULL when out of range. */
const char *ptpdk_config_port_name(const struct ptpdk_config *cfg, int port);

/** The `[unicast_master_table]` with @p table_id, or NULL (ptpdk_config_ucast.h). */
const struct ptpdk_cfg_ucast_table *ptpdk_config_ucast_table(const struct ptpdk_config *cfg,
							     int table_id);

/*
 * Getters. @p port is a port section index, or -1 for the global value; an index out of
 * range reads the global value. A getter of the wrong type for the key returns 0, 0.0 or
 * "" (a programming error the unit test guards against by reading every key).
 */

/** INT, UINT, BOOL and ENUM keys (an ENUM gives its index; DOUBLE is truncated). */
int64_t ptpdk_config_int(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key);

/** DOUBLE keys, and the integer types converted. */
double ptpdk_config_double(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key);

/** BOOL keys (any integer type: non-zero). */
bool ptpdk_config_bool(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key);

/** ENUM keys: the index of the value in the key's list (enum ptpdk_cfg_time_stamping...). */
int ptpdk_config_enum(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key);

/** STRING keys (never NULL; "" when unset); ENUM keys: the value's canonical name. */
const char *ptpdk_config_str(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key);

/** MAC keys: copy the six bytes to @p mac. @return 0; -EINVAL for another type. */
int ptpdk_config_mac(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key,
		     uint8_t mac[6]);

/**
 * Where the value read by the getters for (@p port, @p key) came from: "FILE:LINE",
 * "command line", "profile NAME" or "default", for the app's own messages about a value.
 * @return 0; -EINVAL for a key out of range (@p buf then holds "")
 */
int ptpdk_config_origin(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key, char *buf,
			size_t size);

/** @return the table row of @p key, or NULL when out of range. */
const struct ptpdk_cfg_key_info *ptpdk_config_key_info(enum ptpdk_cfg_key key);

/**
 * Look a key up by name or alias. @p cli_spelling: '-' and '_' are the same character.
 * @return the key's ID, or -ENOENT
 */
int ptpdk_config_key_find(const char *name, bool cli_spelling);

/** @return the name of value @p index of ENUM key @p key, or NULL. */
const char *ptpdk_config_enum_name(enum ptpdk_cfg_key key, int index);

/**
 * Write config/keys.md (markdown: introduction, differences from ptp4l, one table row per
 * key) into @p buf, truncated and NUL-terminated to fit @p size, as snprintf() does.
 * @return the length of the whole document, without the NUL
 */
size_t ptpdk_config_keys_markdown(char *buf, size_t size);

#endif
