/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/*
 * Magnitude and sign of an integer. strtoull() alone would accept leading blanks, a
 * second sign after ours ("--5") and wrap negative input ("-1" as UINT64_MAX), so the
 * sign and base are taken here and strtoull() only converts the digits.
 */
static int parse_magnitude(const char *s, bool *neg, uint64_t *mag)
{
	const char *p = s;
	unsigned long long v;
	char *end;
	int base = 10;

	if (!s)
		return -EINVAL;
	*neg = false;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (base == 16 ? !isxdigit((unsigned char)*p) : !isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, base);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*mag = v;
	return 0;
}

int ptpdk_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	uint64_t mag;
	int64_t v;
	bool neg;
	int rc = parse_magnitude(s, &neg, &mag);

	if (rc)
		return rc;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		/* -(INT64_MAX + 1) does not fit in the positive range: go through INT64_MIN */
		v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			return -ERANGE;
		v = (int64_t)mag;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int ptpdk_parse_uint64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t mag;
	bool neg;
	int rc = parse_magnitude(s, &neg, &mag);

	if (rc)
		return rc;
	if (neg && mag != 0)
		return -ERANGE;
	if (mag < min || mag > max)
		return -ERANGE;
	*out = mag;
	return 0;
}

int ptpdk_parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	double v;

	/* strtod() skips blanks and takes "inf"/"nan": require a number's first character */
	if (!s || !(isdigit((unsigned char)*s) || *s == '.' || *s == '+' || *s == '-'))
		return -EINVAL;
	if ((*s == '+' || *s == '-') && !(isdigit((unsigned char)s[1]) || s[1] == '.'))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || isnan(v))
		return -EINVAL;
	if (isinf(v) || (errno == ERANGE && fabs(v) > 1.0))
		return -ERANGE;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ptpdk_parse_mac(const char *s, uint8_t out[6])
{
	uint8_t mac[6];

	if (!s)
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		const char *p = s + 3 * i;
		int hi = hex_value(p[0]), lo = hi < 0 ? -1 : hex_value(p[1]);

		if (lo < 0 || p[2] != (i == 5 ? '\0' : ':'))
			return -EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	for (int i = 0; i < 6; i++)
		out[i] = mac[i];
	return 0;
}
