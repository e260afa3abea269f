/* SPDX-License-Identifier: BSD-3-Clause */
#include "region.h"

#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ptpdk_shm_instance.h"

static int usage_error(const char *cmd, const char *why, const char *arg)
{
	fprintf(stderr, "ptpdk-ctl %s: %s%s%s\n", cmd, why, arg ? " " : "", arg ? arg : "");
	return CTL_EXIT_USAGE;
}

static int parse_port(const char *cmd, const char *s, unsigned *port)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return usage_error(cmd, "--port needs a port index, got", s ? s : "nothing");
	v = strtoul(s, &end, 10);
	if (*end || v >= PTPDK_SHM_MAX_PORTS)
		return usage_error(cmd, "bad port index", s);
	*port = (unsigned)v;
	return 0;
}

int ctl_region_args(const char *name, int argc, char **argv, const char *allowed,
		    struct ctl_region_opts *o)
{
	const char *cmd = argv[0];
	char why[192];

	memset(o, 0, sizeof(*o));
	/* A NAME is a name, never a path (that is --shm's job), by the daemon's rule. */
	if (name && ptpdk_shm_instance_name_check(name, why, sizeof(why)) != 0)
		return usage_error(cmd, why, NULL);
	o->where = name ? name : PTPDK_SHM_DEFAULT_NAME;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--json") == 0 && strchr(allowed, 'j')) {
			o->json = true;
		} else if (strcmp(a, "--shm") == 0 && strchr(allowed, 's')) {
			if (name)
				return usage_error(cmd, "give NAME or --shm PATH, not both", NULL);
			if (i + 1 >= argc)
				return usage_error(cmd, "--shm needs a path", NULL);
			o->where = argv[++i];
			if (!strchr(o->where, '/'))
				return usage_error(cmd, "--shm needs a path (with a '/'), got",
						   o->where);
		} else if (strcmp(a, "--port") == 0 && strchr(allowed, 'p')) {
			if (parse_port(cmd, i + 1 < argc ? argv[i + 1] : NULL, &o->port))
				return CTL_EXIT_USAGE;
			o->have_port = true;
			i++;
		} else {
			return usage_error(cmd, "unknown argument", a);
		}
	}
	return 0;
}

struct ptpdk_shm_client *ctl_region_open(const struct ctl_region_opts *o)
{
	struct ptpdk_shm_client *c = NULL;
	char err[512];
	int rc = ptpdk_shm_open(o->where, &c, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "ptpdk-ctl: %s (%s)\n", err[0] ? err : o->where,
			ptpdk_shm_strerror(rc));
		return NULL;
	}
	return c;
}

void ctl_clock_id(const uint8_t id[8], char out[19])
{
	snprintf(out, 19, "%02x%02x%02x.%02x%02x.%02x%02x%02x", id[0], id[1], id[2], id[3], id[4],
		 id[5], id[6], id[7]);
}

const char *ctl_port_state_name(unsigned s)
{
	static const char *const names[] = {
		"UNKNOWN",    "INITIALIZING", "FAULTY",	 "DISABLED",	 "LISTENING",
		"PRE_MASTER", "MASTER",	      "PASSIVE", "UNCALIBRATED", "SLAVE",
	};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "UNKNOWN";
}

void ctl_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}
