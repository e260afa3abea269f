/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

static const struct ptpdk_cfg_key_info keys[PTPDK_CFG_KEY_COUNT] = {
#define KEY_ROW(n, t, s, st, d, mn, mx, v, ds)                                                     \
	[PTPDK_CFG_##n] = {                                                                        \
		.name = #n,                                                                        \
		.type = PTPDK_CFG_T_##t,                                                           \
		.scope = PTPDK_CFG_S_##s,                                                          \
		.status = PTPDK_CFG_##st,                                                          \
		.def = d,                                                                          \
		.min = mn,                                                                         \
		.max = mx,                                                                         \
		.values = v,                                                                       \
		.desc = ds,                                                                        \
	},
	PTPDK_CFG_KEYS(KEY_ROW)
#undef KEY_ROW
};

/* Other names ptp4l accepts for a key (linuxptp renamed slaveOnly to clientOnly and
 * masterOnly to serverOnly). */
static const struct {
	const char *name;
	enum ptpdk_cfg_key key;
} aliases[] = {
	{ "clientOnly", PTPDK_CFG_slaveOnly },
	{ "masterOnly", PTPDK_CFG_serverOnly },
	/* ptp4l's dotted names, which are no C identifiers */
	{ "G.8275.defaultDS.localPriority", PTPDK_CFG_G8275_defaultDS_localPriority },
	{ "G.8275.portDS.localPriority", PTPDK_CFG_G8275_portDS_localPriority },
};

/*
 * ptp4l values ptpdk does not implement: a precise message beats "bad value", since a
 * ptp4l user will try them.
 */
static const struct {
	enum ptpdk_cfg_key key;
	const char *value;
	const char *why;
} unsupported[] = {
	{ PTPDK_CFG_clock_servo, "linreg",
	  "is not implemented in ptpdk (use ptpdk, the default, or pi)" },
	{ PTPDK_CFG_clock_servo, "ntpshm", "is not implemented in ptpdk (use ptpdk or pi)" },
	{ PTPDK_CFG_clock_servo, "nullf", "is not implemented in ptpdk (use ptpdk or pi)" },
	{ PTPDK_CFG_time_stamping, "legacy",
	  "is not supported by ptpdk (hardware, software or auto)" },
	{ PTPDK_CFG_time_stamping, "onestep", "(one-step) is not supported by ptpdk yet" },
	{ PTPDK_CFG_time_stamping, "p2p1step", "(one-step) is not supported by ptpdk yet" },
};

struct value {
	bool set;
	unsigned line;	  /* of the file line that set it */
	const char *file; /* one of ptpdk_config.files; NULL: command line or default */
	union {
		int64_t i; /* INT, UINT, BOOL, ENUM (the index) */
		double d;
		char *s;
		uint8_t mac[6];
	} u;
};

struct section {
	char *name;
	struct value v[PTPDK_CFG_KEY_COUNT];
};

struct ptpdk_config {
	struct value def[PTPDK_CFG_KEY_COUNT];
	struct value cli[PTPDK_CFG_KEY_COUNT];
	struct value global[PTPDK_CFG_KEY_COUNT];
	struct value profile[PTPDK_CFG_KEY_COUNT]; /* of the `profile` key's value */
	struct section **ports;
	int n_ports;
	struct ptpdk_cfg_ucast_tables ucast;
	char **files; /* names for struct value.file, owned */
	size_t n_files;
};

/* Sections before the first header: ptp4l rejects settings there, so do we. */
#define SECTION_NONE   (-2)
#define SECTION_GLOBAL (-1)
#define SECTION_UCAST  (-3) /* [unicast_master_table]: ptpdk_config_ucast.c reads its lines */

static PRINTF_LIKE(5, 6) int fail(char *err, size_t len, const char *where, int rc, const char *fmt,
				  ...)
{
	va_list ap;
	int n = 0;

	if (!err || len == 0)
		return rc;
	if (where)
		n = snprintf(err, len, "%s: ", where);
	if (n >= 0 && (size_t)n < len) {
		va_start(ap, fmt);
		vsnprintf(err + n, len - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/*
 * Text from a file or command line, made safe for a one-line message: control and
 * non-ASCII bytes as \xNN, long text cut with "...". @p size must be at least 8.
 */
static const char *quote(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		size_t need = c >= 0x20 && c < 0x7f ? 1 : 4;

		if (n + need + 4 > size) { /* keep room for "..." and the NUL */
			memcpy(buf + n, "...", 4);
			return buf;
		}
		if (need == 1)
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
	}
	buf[n] = '\0';
	return buf;
}

static int64_t to_i64(double d)
{
	/* the table's bounds are doubles; a cast of an out-of-range double is undefined */
	if (d <= -9.2e18)
		return INT64_MIN;
	if (d >= 9.2e18)
		return INT64_MAX;
	return (int64_t)d;
}

static bool valid_key(int key)
{
	return key >= 0 && key < PTPDK_CFG_KEY_COUNT;
}

/* --- descriptions of a key's values, for messages and keys.md --- */

static void join_values(const struct ptpdk_cfg_key_info *k, char *buf, size_t size,
			const char *quote_mark)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; k->values[i] && n < size; i++) {
		int w = snprintf(buf + n, size - n, "%s%s%s%s", i ? ", " : "", quote_mark,
				 k->values[i], quote_mark);

		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* "0..255", ">= 0", "0 or 1", "one of E2E, P2P, Auto" */
static void describe_range(const struct ptpdk_cfg_key_info *k, char *buf, size_t size)
{
	switch (k->type) {
	case PTPDK_CFG_T_INT:
	case PTPDK_CFG_T_UINT:
		snprintf(buf, size, "%lld..%lld", (long long)to_i64(k->min),
			 (long long)to_i64(k->max));
		return;
	case PTPDK_CFG_T_DOUBLE:
		if (isfinite(k->min) && isfinite(k->max))
			snprintf(buf, size, "%g..%g", k->min, k->max);
		else if (isfinite(k->min))
			snprintf(buf, size, ">= %g", k->min);
		else if (isfinite(k->max))
			snprintf(buf, size, "<= %g", k->max);
		else
			snprintf(buf, size, "any");
		return;
	case PTPDK_CFG_T_BOOL:
		snprintf(buf, size, "0 or 1");
		return;
	case PTPDK_CFG_T_ENUM: {
		char list[200];

		join_values(k, list, sizeof(list), "");
		snprintf(buf, size, "one of %s", list);
		return;
	}
	case PTPDK_CFG_T_STRING:
		snprintf(buf, size, "text");
		return;
	case PTPDK_CFG_T_MAC:
		snprintf(buf, size, "a MAC address like 01:1B:19:00:00:00");
		return;
	}
	buf[0] = '\0';
}

/* "integer 0..127", "number >= 0", "0 or 1": what a bad value should have been */
static void describe_expected(const struct ptpdk_cfg_key_info *k, char *buf, size_t size)
{
	const char *kind = k->type == PTPDK_CFG_T_INT || k->type == PTPDK_CFG_T_UINT ? "integer "
			   : k->type == PTPDK_CFG_T_DOUBLE			     ? "number "
										     : "";
	int n = snprintf(buf, size, "%s", kind);

	if (n >= 0 && (size_t)n < size)
		describe_range(k, buf + n, size - (size_t)n);
}

/* --- values --- */

static void value_clear(enum ptpdk_cfg_key key, struct value *v)
{
	if (v->set && keys[key].type == PTPDK_CFG_T_STRING)
		free(v->u.s);
	memset(v, 0, sizeof(*v));
}

static int enum_index(const struct ptpdk_cfg_key_info *k, const char *text)
{
	/* case-insensitive: "udpv4" and "e2e" mean what they say */
	for (int i = 0; k->values[i]; i++)
		if (strcasecmp(k->values[i], text) == 0)
			return i;
	return -EINVAL;
}

/* @return 0; -EINVAL (the caller says "bad value"); 1: unsupported, message written */
static int parse_enum(enum ptpdk_cfg_key key, const char *text, const char *shown, struct value *v,
		      const char *where, char *err, size_t errlen)
{
	int idx = enum_index(&keys[key], text);

	if (idx >= 0) {
		v->u.i = idx;
		return 0;
	}
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (unsupported[i].key == key && strcasecmp(unsupported[i].value, text) == 0) {
			fail(err, errlen, where, -EINVAL, "%s %s %s", shown, unsupported[i].value,
			     unsupported[i].why);
			return 1;
		}
	return -EINVAL;
}

/*
 * Parse @p text as a value of @p key into @p dst, replacing what was there. @p shown is
 * the key's name as the user wrote it (an alias stays an alias in the message).
 */
static int set_value(struct value *dst, enum ptpdk_cfg_key key, const char *shown, const char *text,
		     const char *file, unsigned line, const char *where, char *err, size_t errlen)
{
	const struct ptpdk_cfg_key_info *k = &keys[key];
	struct value v = { .set = true, .line = line, .file = file };
	char q[80], what[240];
	uint64_t u;
	int rc;

	switch (k->type) {
	case PTPDK_CFG_T_INT:
	case PTPDK_CFG_T_BOOL:
		rc = ptpdk_parse_int64(text, to_i64(k->min), to_i64(k->max), &v.u.i);
		break;
	case PTPDK_CFG_T_UINT:
		rc = ptpdk_parse_uint64(text, (uint64_t)to_i64(k->min), (uint64_t)to_i64(k->max),
					&u);
		v.u.i = (int64_t)u;
		break;
	case PTPDK_CFG_T_DOUBLE:
		rc = ptpdk_parse_double(text, k->min, k->max, &v.u.d);
		break;
	case PTPDK_CFG_T_ENUM:
		rc = parse_enum(key, text, shown, &v, where, err, errlen);
		if (rc > 0)
			return -EINVAL; /* the precise "not implemented" message is written */
		break;
	case PTPDK_CFG_T_STRING:
		v.u.s = strdup(text);
		if (!v.u.s)
			return fail(err, errlen, where, -ENOMEM, "out of memory");
		rc = 0;
		break;
	case PTPDK_CFG_T_MAC:
		rc = ptpdk_parse_mac(text, v.u.mac);
		break;
	default:
		rc = -EINVAL;
	}
	if (rc == -ERANGE) {
		describe_range(k, what, sizeof(what));
		return fail(err, errlen, where, -EINVAL, "value %s out of range for %s (%s)",
			    quote(q, sizeof(q), text), shown, what);
	}
	if (rc) {
		describe_expected(k, what, sizeof(what));
		return fail(err, errlen, where, -EINVAL, "bad value '%s' for %s (%s)",
			    quote(q, sizeof(q), text), shown, what);
	}
	value_clear(key, dst);
	*dst = v;
	return 0;
}

static const struct value *lookup(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key)
{
	if (cfg->cli[key].set)
		return &cfg->cli[key];
	if (port >= 0 && port < cfg->n_ports && keys[key].scope == PTPDK_CFG_S_PORT &&
	    cfg->ports[port]->v[key].set)
		return &cfg->ports[port]->v[key];
	if (cfg->global[key].set)
		return &cfg->global[key];
	if (cfg->profile[key].set)
		return &cfg->profile[key];
	return &cfg->def[key];
}

/* --- create, destroy, ports --- */

struct ptpdk_config *ptpdk_config_create(void)
{
	struct ptpdk_config *cfg = calloc(1, sizeof(*cfg));
	char err[200];

	if (!cfg) {
		errno = ENOMEM;
		return NULL;
	}
	/* defaults go through the file parser: the table cannot hold a value a file could not */
	for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++) {
		int rc = set_value(&cfg->def[k], (enum ptpdk_cfg_key)k, keys[k].name, keys[k].def,
				   NULL, 0, NULL, err, sizeof(err));

		if (rc) {
			ptpdk_config_destroy(cfg);
			errno = -rc;
			return NULL;
		}
	}
	return cfg;
}

static void section_free(struct section *s)
{
	for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++)
		value_clear((enum ptpdk_cfg_key)k, &s->v[k]);
	free(s->name);
	free(s);
}

void ptpdk_config_destroy(struct ptpdk_config *cfg)
{
	if (!cfg)
		return;
	for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++) {
		value_clear((enum ptpdk_cfg_key)k, &cfg->def[k]);
		value_clear((enum ptpdk_cfg_key)k, &cfg->cli[k]);
		value_clear((enum ptpdk_cfg_key)k, &cfg->global[k]);
		value_clear((enum ptpdk_cfg_key)k, &cfg->profile[k]);
	}
	for (int p = 0; p < cfg->n_ports; p++)
		section_free(cfg->ports[p]);
	free(cfg->ports);
	for (size_t f = 0; f < cfg->n_files; f++)
		free(cfg->files[f]);
	free(cfg->files);
	free(cfg);
}

/* DPDK port names and PCI addresses are printable ASCII without blanks. */
static bool port_name_ok(const char *name)
{
	size_t n = 0;

	for (; name[n]; n++) {
		unsigned char c = (unsigned char)name[n];

		if (c <= 0x20 || c >= 0x7f || c == '[' || c == ']' || c == '#')
			return false;
	}
	return n > 0 && n <= 255;
}

int ptpdk_config_port_find(const struct ptpdk_config *cfg, const char *name)
{
	if (!cfg || !name)
		return -ENOENT;
	for (int p = 0; p < cfg->n_ports; p++)
		if (strcmp(cfg->ports[p]->name, name) == 0)
			return p;
	return -ENOENT;
}

int ptpdk_config_port_add(struct ptpdk_config *cfg, const char *name)
{
	struct section **grown, *s;
	int p;

	if (!cfg || !name || !port_name_ok(name))
		return -EINVAL;
	p = ptpdk_config_port_find(cfg, name);
	if (p >= 0)
		return p;
	if (cfg->n_ports >= PTPDK_MAX_PORTS)
		return -ENOSPC;
	grown = realloc(cfg->ports, sizeof(*grown) * (size_t)(cfg->n_ports + 1));
	if (!grown)
		return -ENOMEM;
	cfg->ports = grown;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return -ENOMEM;
	}
	cfg->ports[cfg->n_ports] = s;
	return cfg->n_ports++;
}

int ptpdk_config_port_count(const struct ptpdk_config *cfg)
{
	return cfg ? cfg->n_ports : 0;
}

const char *ptpdk_config_port_name(const struct ptpdk_config *cfg, int port)
{
	if (!cfg || port < 0 || port >= cfg->n_ports)
		return NULL;
	return cfg->ports[port]->name;
}

/* --- key names --- */

static bool name_eq(const char *a, const char *b, bool cli_spelling, bool any_case)
{
	for (;; a++, b++) {
		char x = *a, y = *b;

		if (cli_spelling) {
			x = x == '-' ? '_' : x;
			y = y == '-' ? '_' : y;
		}
		if (any_case) {
			x = (char)tolower((unsigned char)x);
			y = (char)tolower((unsigned char)y);
		}
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

static int key_find(const char *name, bool cli_spelling, bool any_case)
{
	if (!name)
		return -ENOENT;
	for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++)
		if (name_eq(name, keys[k].name, cli_spelling, any_case))
			return k;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (name_eq(name, aliases[i].name, cli_spelling, any_case))
			return (int)aliases[i].key;
	return -ENOENT;
}

int ptpdk_config_key_find(const char *name, bool cli_spelling)
{
	return key_find(name, cli_spelling, false);
}

const struct ptpdk_cfg_key_info *ptpdk_config_key_info(enum ptpdk_cfg_key key)
{
	return valid_key((int)key) ? &keys[key] : NULL;
}

const char *ptpdk_config_enum_name(enum ptpdk_cfg_key key, int index)
{
	if (!valid_key((int)key) || keys[key].type != PTPDK_CFG_T_ENUM || index < 0)
		return NULL;
	for (int i = 0; keys[key].values[i]; i++)
		if (i == index)
			return keys[key].values[i];
	return NULL;
}

/* --- the file parser --- */

static const char *remember_file(struct ptpdk_config *cfg, const char *name)
{
	char **grown, *copy;

	for (size_t f = 0; f < cfg->n_files; f++)
		if (strcmp(cfg->files[f], name) == 0)
			return cfg->files[f];
	grown = realloc(cfg->files, sizeof(*grown) * (cfg->n_files + 1));
	if (!grown)
		return NULL;
	cfg->files = grown;
	copy = strdup(name);
	if (!copy)
		return NULL;
	cfg->files[cfg->n_files++] = copy;
	return copy;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

static int parse_section(struct ptpdk_config *cfg, char *p, int *section, const char *where,
			 char *err, size_t errlen)
{
	char *close = strchr(p, ']'), *name, q[80];
	int rc;

	if (!close)
		return fail(err, errlen, where, -EINVAL, "missing ']' in section header");
	if (*trim(close + 1))
		return fail(err, errlen, where, -EINVAL,
			    "unexpected text after section header: '%s'",
			    quote(q, sizeof(q), trim(close + 1)));
	*close = '\0';
	name = trim(p + 1);
	if (!*name)
		return fail(err, errlen, where, -EINVAL, "empty section name");
	if (strcmp(name, "global") == 0) {
		*section = SECTION_GLOBAL;
		return 0;
	}
	/* ptp4l's other special section, not a port */
	if (strcmp(name, "unicast_master_table") == 0) {
		ptpdk_cfg_ucast_section(&cfg->ucast);
		*section = SECTION_UCAST;
		return 0;
	}
	rc = ptpdk_config_port_add(cfg, name);
	if (rc == -EINVAL)
		return fail(err, errlen, where, -EINVAL,
			    "bad port section name [%s] (a port name: no blanks, brackets or '#')",
			    quote(q, sizeof(q), name));
	if (rc == -ENOSPC)
		return fail(err, errlen, where, -ENOSPC, "more than %d port sections",
			    PTPDK_MAX_PORTS);
	if (rc < 0)
		return fail(err, errlen, where, rc, "out of memory");
	*section = rc;
	return 0;
}

/*
 * Fill the profile layer from the profile the `profile` key names now (whichever layer
 * sets it): called each time the key is set, so that the command line's profile wins
 * over a file's, and a file's lines override the profile whatever their order.
 */
static int apply_profile(struct ptpdk_config *cfg, char *err, size_t errlen)
{
	const struct ptpdk_cfg_profile_info *prof = ptpdk_config_profile_info(
		(enum ptpdk_cfg_profile)lookup(cfg, -1, PTPDK_CFG_profile)->u.i);
	char where[80];

	for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++)
		value_clear((enum ptpdk_cfg_key)k, &cfg->profile[k]);
	if (!prof)
		return 0;
	snprintf(where, sizeof(where), "profile %s", prof->name);
	for (size_t i = 0; i < prof->n_settings; i++) {
		const struct ptpdk_cfg_profile_setting *st = &prof->settings[i];
		int id = key_find(st->key, false, false);
		int rc;

		/* A table error, caught by the unit test that applies every profile. */
		if (id < 0 || id == PTPDK_CFG_profile)
			return fail(err, errlen, where, -EINVAL, "bad key '%s'", st->key);
		rc = set_value(&cfg->profile[id], (enum ptpdk_cfg_key)id, st->key, st->value, NULL,
			       0, where, err, errlen);
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_setting(struct ptpdk_config *cfg, char *p, int section, const char *file,
			 unsigned line, const char *where, char *err, size_t errlen)
{
	char *key = p, *value = p, q[80];
	struct value *dst;
	int id, rc;

	while (*value && *value != ' ' && *value != '\t')
		value++;
	if (*value)
		*value++ = '\0';
	value = trim(value);
	if (section == SECTION_NONE)
		return fail(err, errlen, where, -EINVAL,
			    "'%s' outside a section (begin the file with [global])",
			    quote(q, sizeof(q), key));
	if (section == SECTION_UCAST) {
		char msg[200];
		rc = ptpdk_cfg_ucast_line(&cfg->ucast, key, value, msg, sizeof(msg));

		return rc ? fail(err, errlen, where, rc, "%s", msg) : 0;
	}
	id = key_find(key, false, false);
	if (id < 0) {
		int near = key_find(key, true, true);

		quote(q, sizeof(q), key);
		if (near >= 0)
			return fail(err, errlen, where, -EINVAL,
				    "unknown key '%s' (did you mean '%s'?)", q, keys[near].name);
		return fail(err, errlen, where, -EINVAL, "unknown key '%s'", q);
	}
	if (keys[id].scope == PTPDK_CFG_S_GLOBAL && section >= 0)
		return fail(err, errlen, where, -EINVAL,
			    "key '%s' is global only, not allowed in port section [%s]", key,
			    cfg->ports[section]->name);
	if (!*value && keys[id].type != PTPDK_CFG_T_STRING)
		return fail(err, errlen, where, -EINVAL, "missing value for key '%s'", key);
	dst = section >= 0 ? &cfg->ports[section]->v[id] : &cfg->global[id];
	rc = set_value(dst, (enum ptpdk_cfg_key)id, key, value, file, line, where, err, errlen);
	if (rc == 0 && id == PTPDK_CFG_profile)
		rc = apply_profile(cfg, err, errlen);
	return rc;
}

const struct ptpdk_cfg_ucast_table *ptpdk_config_ucast_table(const struct ptpdk_config *cfg,
							     int table_id)
{
	return cfg ? ptpdk_cfg_ucast_find(&cfg->ucast, table_id) : NULL;
}

int ptpdk_config_parse(struct ptpdk_config *cfg, const char *name, const char *text, size_t len,
		       char *err, size_t errlen)
{
	char line[PTPDK_CONFIG_MAX_LINE + 1], where[300];
	int section = SECTION_NONE;
	const char *file;
	unsigned line_no = 0;
	size_t pos = 0;

	if (!cfg || !name || (!text && len))
		return fail(err, errlen, NULL, -EINVAL, "invalid arguments");
	file = remember_file(cfg, name);
	if (!file)
		return fail(err, errlen, name, -ENOMEM, "out of memory");
	while (pos < len) {
		const char *start = text + pos, *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;
		char *p, *hash;
		int rc;

		pos += n + (nl ? 1 : 0);
		line_no++;
		snprintf(where, sizeof(where), "%s:%u", name, line_no);
		if (n > 0 && start[n - 1] == '\r') /* files written on Windows */
			n--;
		if (n > PTPDK_CONFIG_MAX_LINE)
			return fail(err, errlen, where, -EINVAL, "line longer than %d characters",
				    PTPDK_CONFIG_MAX_LINE);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)start[i];

			/* NUL included: it would silently cut the line short */
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return fail(err, errlen, where, -EINVAL,
					    "control character 0x%02x in line", c);
		}
		memcpy(line, start, n);
		line[n] = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		p = trim(line);
		if (!*p)
			continue;
		if (*p == '[')
			rc = parse_section(cfg, p, &section, where, err, errlen);
		else
			rc = parse_setting(cfg, p, section, file, line_no, where, err, errlen);
		if (rc)
			return rc;
	}
	return 0;
}

int ptpdk_config_read_file(struct ptpdk_config *cfg, const char *path, char *err, size_t errlen)
{
	size_t len = 0, cap = 4096;
	char *buf;
	FILE *f;
	int rc;

	if (!cfg || !path)
		return fail(err, errlen, NULL, -EINVAL, "invalid arguments");
	f = fopen(path, "rb");
	if (!f) {
		rc = -errno;
		return fail(err, errlen, path, rc, "%s", strerror(-rc));
	}
	buf = malloc(cap);
	if (!buf) {
		fclose(f);
		return fail(err, errlen, path, -ENOMEM, "out of memory");
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			char *grown;

			if (cap > PTPDK_CONFIG_MAX_FILE) {
				rc = fail(err, errlen, path, -EFBIG, "larger than %d bytes",
					  PTPDK_CONFIG_MAX_FILE);
				goto out;
			}
			grown = realloc(buf, cap * 2);
			if (!grown) {
				rc = fail(err, errlen, path, -ENOMEM, "out of memory");
				goto out;
			}
			buf = grown;
			cap *= 2;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = fail(err, errlen, path, -EIO, "read error");
		goto out;
	}
	if (len > PTPDK_CONFIG_MAX_FILE) {
		rc = fail(err, errlen, path, -EFBIG, "larger than %d bytes", PTPDK_CONFIG_MAX_FILE);
		goto out;
	}
	rc = ptpdk_config_parse(cfg, path, buf, len, err, errlen);
out:
	free(buf);
	fclose(f);
	return rc;
}

int ptpdk_config_set_cli(struct ptpdk_config *cfg, const char *key, const char *value, char *err,
			 size_t errlen)
{
	char q[80];
	int id, rc;

	if (!cfg || !key)
		return fail(err, errlen, NULL, -EINVAL, "invalid arguments");
	id = key_find(key, true, false);
	if (id < 0)
		return fail(err, errlen, NULL, -ENOENT, "unknown option '--%s'",
			    quote(q, sizeof(q), key));
	if (!value)
		return fail(err, errlen, NULL, -EINVAL, "option --%s needs a value",
			    quote(q, sizeof(q), key));
	rc = set_value(&cfg->cli[id], (enum ptpdk_cfg_key)id, keys[id].name, value, NULL, 0,
		       "command line", err, errlen);
	if (rc == 0 && id == PTPDK_CFG_profile)
		rc = apply_profile(cfg, err, errlen);
	return rc;
}

/* --- getters --- */

int64_t ptpdk_config_int(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key)
{
	const struct value *v;

	if (!cfg || !valid_key((int)key))
		return 0;
	v = lookup(cfg, port, key);
	switch (keys[key].type) {
	case PTPDK_CFG_T_INT:
	case PTPDK_CFG_T_UINT:
	case PTPDK_CFG_T_BOOL:
	case PTPDK_CFG_T_ENUM:
		return v->u.i;
	case PTPDK_CFG_T_DOUBLE:
		return to_i64(v->u.d);
	default:
		return 0;
	}
}

double ptpdk_config_double(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key)
{
	if (!cfg || !valid_key((int)key))
		return 0.0;
	if (keys[key].type == PTPDK_CFG_T_DOUBLE)
		return lookup(cfg, port, key)->u.d;
	return (double)ptpdk_config_int(cfg, port, key);
}

bool ptpdk_config_bool(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key)
{
	return ptpdk_config_int(cfg, port, key) != 0;
}

int ptpdk_config_enum(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key)
{
	if (!valid_key((int)key) || keys[key].type != PTPDK_CFG_T_ENUM)
		return 0;
	return (int)ptpdk_config_int(cfg, port, key);
}

const char *ptpdk_config_str(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key)
{
	if (!cfg || !valid_key((int)key))
		return "";
	if (keys[key].type == PTPDK_CFG_T_STRING)
		return lookup(cfg, port, key)->u.s;
	if (keys[key].type == PTPDK_CFG_T_ENUM)
		return ptpdk_config_enum_name(key, ptpdk_config_enum(cfg, port, key));
	return "";
}

int ptpdk_config_mac(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key,
		     uint8_t mac[6])
{
	if (!cfg || !valid_key((int)key) || keys[key].type != PTPDK_CFG_T_MAC)
		return -EINVAL;
	memcpy(mac, lookup(cfg, port, key)->u.mac, 6);
	return 0;
}

int ptpdk_config_origin(const struct ptpdk_config *cfg, int port, enum ptpdk_cfg_key key, char *buf,
			size_t size)
{
	const struct value *v;

	if (!cfg || !valid_key((int)key)) {
		if (size)
			buf[0] = '\0';
		return -EINVAL;
	}
	v = lookup(cfg, port, key);
	if (v == &cfg->cli[key])
		snprintf(buf, size, "command line");
	else if (v == &cfg->profile[key])
		snprintf(buf, size, "profile %s", ptpdk_config_str(cfg, -1, PTPDK_CFG_profile));
	else if (v->file)
		snprintf(buf, size, "%s:%u", v->file, v->line);
	else
		snprintf(buf, size, "default");
	return 0;
}

/* --- keys.md --- */

struct out {
	char *buf;
	size_t size, len;
};

static PRINTF_LIKE(2, 3) void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (o->len < o->size)
		n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static const char *const type_names[] = {
	[PTPDK_CFG_T_INT] = "int",   [PTPDK_CFG_T_UINT] = "uint", [PTPDK_CFG_T_DOUBLE] = "double",
	[PTPDK_CFG_T_BOOL] = "bool", [PTPDK_CFG_T_ENUM] = "enum", [PTPDK_CFG_T_STRING] = "string",
	[PTPDK_CFG_T_MAC] = "MAC",
};

static const char doc_intro[] =
	"<!-- SPDX-License-Identifier: BSD-3-Clause -->\n"
	"# ptpdk configuration keys\n"
	"\n"
	"Generated from the key table in `lib/config/ptpdk_config_keys.h` by `ptpdk --list-keys`\n"
	"(or `build/tests/unit/test_config_keys --write-keys config/keys.md`, which needs no "
	"DPDK).\n"
	"The unit test `config-keys-doc` fails when this file and the table disagree: do not\n"
	"edit it by hand.\n"
	"\n"
	"## Format\n"
	"\n"
	"ptp4l's: a `[global]` section and one section per port, named as the port is given\n"
	"to `-i` (a DPDK port name such as `net_af_packet0`, or a PCI address such as\n"
	"`0000:03:00.0`). Every section but `[global]` is a port that ptpdk opens, as in ptp4l.\n"
	"A line is `key value`, the value being the rest of the line with blanks trimmed;\n"
	"`#` starts a comment anywhere on a line. Integers are decimal or `0x` hex, enum\n"
	"values are matched without regard to case, booleans are `0` or `1`.\n"
	"\n"
	"Every key is also a long option, `--key value` or `--key=value`, with `-` and `_`\n"
	"alike (`--time-stamping software`); a boolean option given without `0` or `1` after\n"
	"it means 1 (`--compact`). A value is taken from, in order: the command line (whatever\n"
	"its position relative to `-f`), the port's own section (keys of scope *port*),\n"
	"`[global]`, the profile named by `profile` or `--profile` (docs/profiles.md), the\n"
	"default below. `ptpdk --check-config -f FILE` checks a file without starting\n"
	"anything.\n"
	"\n"
	"Status *later*: ptpdk accepts and checks the key, so that ptp4l files keep working,\n"
	"but does not act on it yet.\n"
	"\n"
	"## Differences from ptp4l\n"
	"\n"
	"- `clock_servo` defaults to `ptpdk` (ptp4l: `pi`); `linreg` is not implemented.\n"
	"- `time_stamping` defaults to `auto`, a value ptp4l does not have: the NIC's stamps\n"
	"  when it has them, else TSC stamps taken in software (ptp4l defaults to `hardware`).\n"
	"  `legacy`, `onestep` and `p2p1step` are not supported. On a kernel port\n"
	"  (`-i kernel:IFNAME`) `auto` means the kernel's software stamps; `hardware` turns the\n"
	"  NIC's stamping on (SIOCSHWTSTAMP, needs CAP_NET_ADMIN) and disciplines its\n"
	"  `/dev/ptpN` (drivers-notes/README.md).\n"
	"- `clientOnly` is accepted as an alias of `slaveOnly`, `masterOnly` as one of\n"
	"  `serverOnly`; ptp4l's `G.8275.defaultDS.localPriority` and\n"
	"  `G.8275.portDS.localPriority` are spelt `G8275_defaultDS_localPriority` and\n"
	"  `G8275_portDS_localPriority` here, and both spellings are accepted.\n"
	"- `twoStepFlag` 0 (one-step Sync) needs a port whose clock the TX path\n"
	"  can read, the TSC clock of software time stamping (ptp4l needs a NIC that writes\n"
	"  the time); elsewhere the daemon refuses to start (drivers-notes/one-step.md).\n"
	"- The log2 message intervals are limited to -7..7 (ptp4l: -128..127), `logging_level`\n"
	"  to 0..7, `tx_timestamp_timeout` to 10 s; `fault_reset_interval` does not take `ASAP`.\n"
	"- `boundary_clock_jbod` defaults to 1 (ptp4l: 0): ports on different PTP hardware\n"
	"  clocks work without phc2sys, the engine keeps the other clocks on the first port's\n"
	"  (`phc_follow_rate`, `phc_follow_step_threshold`; README, boundary clock).\n"
	"- A leading `0` does not make an integer octal: `010` is ten.\n"
	"- `[unicast_master_table]` sections are ptp4l's (`table_id`, `logQueryInterval`,\n"
	"  `UDPv4`, `UDPv6`, `L2`, `peer_address`), at most 16 tables of 16 addresses; a bad\n"
	"  address is an error at its line. Other keys not listed here are errors.\n"
	"\n"
	"## Keys\n"
	"\n"
	"| key | type | default | range / values | scope | status | description |\n"
	"|---|---|---|---|---|---|---|\n";

size_t ptpdk_config_keys_markdown(char *buf, size_t size)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };

	if (size)
		buf[0] = '\0';
	put(&o, "%s", doc_intro);
	for (int i = 0; i < PTPDK_CFG_KEY_COUNT; i++) {
		const struct ptpdk_cfg_key_info *k = &keys[i];
		char range[240];

		if (k->type == PTPDK_CFG_T_ENUM)
			join_values(k, range, sizeof(range), "`");
		else if (k->type == PTPDK_CFG_T_BOOL)
			snprintf(range, sizeof(range), "0, 1");
		else if (k->type == PTPDK_CFG_T_MAC)
			snprintf(range, sizeof(range), "MAC address");
		else
			describe_range(k, range, sizeof(range));
		put(&o, "| `%s` | %s | `%s` | %s | %s | %s | %s", k->name, type_names[k->type],
		    k->def[0] ? k->def : "\"\"", range,
		    k->scope == PTPDK_CFG_S_PORT ? "port" : "global",
		    k->status == PTPDK_CFG_USED ? "used" : "later", k->desc);
		for (size_t a = 0; a < sizeof(aliases) / sizeof(aliases[0]); a++)
			if (aliases[a].key == (enum ptpdk_cfg_key)i)
				put(&o, "; alias `%s`", aliases[a].name);
		put(&o, " |\n");
	}
	return o.len;
}
