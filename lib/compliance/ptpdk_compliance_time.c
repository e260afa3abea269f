/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_compliance_time.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define NS_PER_S  1000000000LL
#define S_PER_DAY 86400LL

static bool leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to January 1st of @p y (Gregorian rules throughout). */
static int64_t days_before_year(int64_t y)
{
	int64_t n = y - 1; /* whole years before y, counted from year 1 */

	return 365 * (y - 1970) + (n / 4 - n / 100 + n / 400) -
	       (1969 / 4 - 1969 / 100 + 1969 / 400);
}

static int64_t days_from_date(int64_t y, int m, int d)
{
	int64_t days = days_before_year(y);

	for (int i = 1; i < m; i++)
		days += days_in_month(y, i);
	return days + d - 1;
}

/* Floor division: times before 1970 belong to the day that contains them. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static void date_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	/* An estimate from the mean year, then corrected: at most a step or two. */
	int64_t year = 1970 + floor_div(days * 400, 146097);

	while (days_before_year(year) > days)
		year--;
	while (days_before_year(year + 1) <= days)
		year++;
	days -= days_before_year(year);
	*m = 1;
	while (days >= days_in_month(year, *m)) {
		days -= days_in_month(year, *m);
		(*m)++;
	}
	*y = year;
	*d = (int)days + 1;
}

void ptpdk_compliance_time_format(int64_t ns, char buf[PTPDK_COMPLIANCE_TIME_LEN + 1])
{
	int64_t s = floor_div(ns, NS_PER_S);
	int64_t frac = ns - s * NS_PER_S;
	int64_t days = floor_div(s, S_PER_DAY);
	int64_t sod = s - days * S_PER_DAY;
	int64_t y;
	int m, d;

	/* Wide enough for any int, so the compiler can see nothing is cut; the values
	 * themselves always fit the 30 characters (int64 ns ends in year 2262). */
	char wide[96];

	date_from_days(days, &y, &m, &d);
	snprintf(wide, sizeof(wide), "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", (int)y, m, d,
		 (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), (int)frac);
	memcpy(buf, wide, PTPDK_COMPLIANCE_TIME_LEN);
	buf[PTPDK_COMPLIANCE_TIME_LEN] = '\0';
}

void ptpdk_compliance_day_format(int64_t ns, char buf[11])
{
	char full[PTPDK_COMPLIANCE_TIME_LEN + 1];

	ptpdk_compliance_time_format(ns, full);
	memcpy(buf, full, 10);
	buf[10] = '\0';
}

/* @return the value of @p n digits at @p p, or -1 when one is not a digit. */
static int64_t digits(const char *p, int n)
{
	int64_t v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int ptpdk_compliance_time_parse(const char *t, size_t len, int64_t *ns)
{
	int64_t y, mo, d, h, mi, s, frac, days;

	if (len != PTPDK_COMPLIANCE_TIME_LEN || t[4] != '-' || t[7] != '-' || t[10] != 'T' ||
	    t[13] != ':' || t[16] != ':' || t[19] != '.' || t[29] != 'Z')
		return -EINVAL;
	y = digits(t, 4);
	mo = digits(t + 5, 2);
	d = digits(t + 8, 2);
	h = digits(t + 11, 2);
	mi = digits(t + 14, 2);
	s = digits(t + 17, 2);
	frac = digits(t + 20, 9);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (int)mo) || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || frac < 0)
		return -EINVAL;
	days = days_from_date(y, (int)mo, (int)d);
	/* Outside int64 ns (before 1677 or after 2262) is not a time this log can hold. */
	if (days < -106751 || days > 106750)
		return -EINVAL;
	*ns = ((days * S_PER_DAY + h * 3600 + mi * 60 + s) * NS_PER_S) + frac;
	return 0;
}
