/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_shm_instance.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";

enum verdict { NAME_OK, NAME_EMPTY, NAME_LONG, NAME_LEADING, NAME_CHAR };

/* @p at: the offending byte's index for NAME_CHAR. */
static enum verdict judge(const char *name, size_t *at)
{
	size_t n;

	*at = 0;
	if (!name || !name[0])
		return NAME_EMPTY;
	n = strlen(name);
	if (n > PTPDK_SHM_INSTANCE_NAME_MAX)
		return NAME_LONG;
	if (name[0] == '.' || name[0] == '-')
		return NAME_LEADING;
	*at = strspn(name, allowed);
	return *at == n ? NAME_OK : NAME_CHAR;
}

bool ptpdk_shm_instance_name_ok(const char *name)
{
	size_t at;

	return judge(name, &at) == NAME_OK;
}

/* How much of a rejected name to echo: its printable ASCII start, at most 40 bytes, so
 * that a newline or an escape sequence typed as a name is not printed. */
static int shown(const char *name, const char **ellipsis)
{
	size_t n = 0;

	while (n < 40 && name[n] > ' ' && name[n] < 0x7f)
		n++;
	*ellipsis = name[n] ? "..." : "";
	return (int)n;
}

int ptpdk_shm_instance_name_check(const char *name, char *err, size_t err_len)
{
	const char *more;
	unsigned char c;
	size_t at;
	int n;

	if (!err)
		err_len = 0;
	switch (judge(name, &at)) {
	case NAME_OK:
		return 0;
	case NAME_EMPTY:
		snprintf(err, err_len, "instance name is empty (%s)", PTPDK_SHM_INSTANCE_NAME_RULE);
		break;
	case NAME_LONG:
		n = shown(name, &more);
		snprintf(err, err_len, "instance name '%.*s%s' is %zu bytes long (%s)", n, name,
			 more, strlen(name), PTPDK_SHM_INSTANCE_NAME_RULE);
		break;
	case NAME_LEADING:
		n = shown(name, &more);
		snprintf(err, err_len, "instance name '%.*s%s' starts with '%c' (%s)", n, name,
			 more, name[0], PTPDK_SHM_INSTANCE_NAME_RULE);
		break;
	case NAME_CHAR:
		c = (unsigned char)name[at];
		n = shown(name, &more);
		if (c > ' ' && c < 0x7f)
			snprintf(err, err_len, "instance name '%.*s%s': '%c' is not allowed (%s)",
				 n, name, more, c, PTPDK_SHM_INSTANCE_NAME_RULE);
		else
			snprintf(err, err_len,
				 "instance name '%.*s...': byte %zu (0x%02x) is not allowed (%s)",
				 (int)at, name, at + 1, c, PTPDK_SHM_INSTANCE_NAME_RULE);
		break;
	}
	return -EINVAL;
}
