/* SPDX-License-Identifier: BSD-3-Clause */
#include "impair-spec.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void imp_cfg_default(struct imp_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->seed = 1;
	c->limit = IMP_DEFAULT_LIMIT;
	c->hold_ns = IMP_DEFAULT_HOLD;
	c->fifo = true;
}

bool imp_dir_is_identity(const struct imp_dir_cfg *d)
{
	return d->delay_ns == 0 && d->jitter.kind == IMP_DIST_NONE && d->loss == 0.0 &&
	       d->dup == 0.0 && d->reorder == 0.0;
}

/* strtod that must consume something and accepts no inf/nan. */
static int parse_number(const char *s, double *v, const char **end)
{
	char *e;

	if (*s == '\0' || (*s != '.' && *s != '-' && *s != '+' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	*v = strtod(s, &e);
	if (e == s || errno != 0 || !isfinite(*v))
		return -1;
	*end = e;
	return 0;
}

int imp_parse_time_ns(const char *s, int64_t *out)
{
	static const struct {
		const char *unit;
		double ns;
	} units[] = { { "ns", 1.0 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };
	const char *e;
	double v;

	if (parse_number(s, &v, &e) != 0 || v < 0.0)
		return -1;
	if (*e == '\0') {
		if (v != 0.0)
			return -1; /* a unit is required, except for 0 */
		*out = 0;
		return 0;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(e, units[i].unit) == 0) {
			double ns = v * units[i].ns;

			if (ns > (double)IMP_MAX_TIME_NS)
				return -1;
			*out = (int64_t)llround(ns);
			return 0;
		}
	}
	return -1;
}

int imp_parse_percent(const char *s, double *out)
{
	const char *e;
	double v;

	if (parse_number(s, &v, &e) != 0)
		return -1;
	if (*e == '%')
		e++;
	if (*e != '\0' || v < 0.0 || v > 100.0)
		return -1;
	*out = v / 100.0;
	return 0;
}

/* Splits "a:b:c" in place into at most max fields; returns the count or -1. */
static int split_colon(char *s, char **f, int max)
{
	int n = 0;

	for (;;) {
		if (n == max)
			return -1;
		f[n++] = s;
		char *c = strchr(s, ':');

		if (c == NULL)
			return n;
		*c = '\0';
		s = c + 1;
	}
}

int imp_parse_dist(const char *s, struct imp_dist *out)
{
	char buf[128];
	char *f[4];
	int64_t t1, t2;
	int n;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	n = split_colon(buf, f, 4);
	if (n < 1)
		return -1;
	if (strcmp(f[0], "none") == 0 && n == 1) {
		*out = (struct imp_dist){ .kind = IMP_DIST_NONE };
		return 0;
	}
	if (strcmp(f[0], "exp") == 0 && n == 2) {
		if (imp_parse_time_ns(f[1], &t1) != 0)
			return -1;
		*out = (struct imp_dist){ .kind = t1 > 0 ? IMP_DIST_EXP : IMP_DIST_NONE,
					  .a = (double)t1 };
		return 0;
	}
	if (strcmp(f[0], "gamma") == 0 && n == 3) {
		const char *e;
		double shape;

		if (parse_number(f[1], &shape, &e) != 0 || *e != '\0' || !(shape > 0.0) ||
		    shape > 1e6 || imp_parse_time_ns(f[2], &t1) != 0)
			return -1;
		*out = (struct imp_dist){ .kind = t1 > 0 ? IMP_DIST_GAMMA : IMP_DIST_NONE,
					  .a = shape,
					  .b = (double)t1 };
		return 0;
	}
	if (strcmp(f[0], "uniform") == 0 && n == 3) {
		if (imp_parse_time_ns(f[1], &t1) != 0 || imp_parse_time_ns(f[2], &t2) != 0 ||
		    t2 < t1)
			return -1;
		*out = (struct imp_dist){ .kind = t2 > 0 ? IMP_DIST_UNIFORM : IMP_DIST_NONE,
					  .a = (double)t1,
					  .b = (double)t2 };
		return 0;
	}
	return -1;
}

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *e;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &e, 0);
	if (errno != 0 || *e != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static int apply_item(struct imp_cfg *c, char *item, char *err, size_t errlen)
{
	char *eq = strchr(item, '=');
	char *key = item;
	int d0 = 0, d1 = IMP_NDIR; /* directions the item applies to */
	bool has_dir = false;

	if (strcmp(item, "none") == 0) {
		imp_cfg_default(c);
		return 0;
	}
	if (eq == NULL)
		return fail(err, errlen, "'%s': expected KEY=VALUE", item);
	*eq = '\0';
	const char *val = eq + 1;
	char *colon = strchr(key, ':');

	if (colon != NULL) {
		*colon = '\0';
		if (strcmp(key, "down") == 0) {
			d1 = IMP_DOWN + 1;
		} else if (strcmp(key, "up") == 0) {
			d0 = IMP_UP;
		} else if (strcmp(key, "both") != 0) {
			return fail(err, errlen, "'%s': unknown direction (down, up or both)", key);
		}
		has_dir = true;
		key = colon + 1;
	}

	if (strcmp(key, "delay") == 0) {
		int64_t t;

		if (imp_parse_time_ns(val, &t) != 0)
			return fail(err, errlen, "delay '%s': expected TIME like 50us, 2ms", val);
		for (int d = d0; d < d1; d++)
			c->dir[d].delay_ns = t;
		return 0;
	}
	if (strcmp(key, "jitter") == 0) {
		struct imp_dist dist;

		if (imp_parse_dist(val, &dist) != 0)
			return fail(err, errlen,
				    "jitter '%s': expected none, exp:MEAN, gamma:SHAPE:MEAN or "
				    "uniform:MIN:MAX",
				    val);
		for (int d = d0; d < d1; d++)
			c->dir[d].jitter = dist;
		return 0;
	}
	if (strcmp(key, "loss") == 0 || strcmp(key, "dup") == 0 || strcmp(key, "reorder") == 0) {
		double p;

		if (imp_parse_percent(val, &p) != 0)
			return fail(err, errlen, "'%s': expected a percentage 0..100 like 10%%",
				    val);
		for (int d = d0; d < d1; d++) {
			if (key[0] == 'l')
				c->dir[d].loss = p;
			else if (key[0] == 'd')
				c->dir[d].dup = p;
			else
				c->dir[d].reorder = p;
		}
		return 0;
	}

	/* Global keys. */
	bool global = strcmp(key, "seed") == 0 || strcmp(key, "limit") == 0 ||
		      strcmp(key, "hold") == 0 || strcmp(key, "order") == 0;

	if (!global)
		return fail(err, errlen,
			    "unknown key '%s' (delay, jitter, loss, dup, reorder, seed, limit, "
			    "hold, order)",
			    key);
	if (has_dir)
		return fail(err, errlen, "'%s' is global and takes no direction", key);
	if (strcmp(key, "seed") == 0) {
		if (parse_u64(val, UINT64_MAX, &c->seed) != 0)
			return fail(err, errlen, "seed '%s': expected an unsigned integer", val);
		return 0;
	}
	if (strcmp(key, "limit") == 0) {
		uint64_t v;

		if (parse_u64(val, IMP_MAX_LIMIT, &v) != 0 || v == 0)
			return fail(err, errlen, "limit '%s': expected 1..1000000 frames", val);
		c->limit = (uint32_t)v;
		return 0;
	}
	if (strcmp(key, "hold") == 0) {
		int64_t t;

		if (imp_parse_time_ns(val, &t) != 0)
			return fail(err, errlen, "hold '%s': expected TIME like 100ms", val);
		c->hold_ns = t;
		return 0;
	}
	if (strcmp(val, "fifo") == 0) {
		c->fifo = true;
		return 0;
	}
	if (strcmp(val, "free") == 0) {
		c->fifo = false;
		return 0;
	}
	return fail(err, errlen, "order '%s': expected fifo or free", val);
}

int imp_cfg_parse(struct imp_cfg *c, const char *spec, char *err, size_t errlen)
{
	char buf[1024];
	char *save = NULL;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (spec == NULL)
		return 0;
	if (strlen(spec) >= sizeof(buf))
		return fail(err, errlen, "%s", "SPEC is too long (max 1023 characters)");
	strcpy(buf, spec);
	/* strtok_r skips empty items, so "a,,b" and a trailing ',' are fine. */
	for (char *item = strtok_r(buf, ",", &save); item != NULL;
	     item = strtok_r(NULL, ",", &save)) {
		if (apply_item(c, item, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static void fmt_dist(const struct imp_dist *d, char *buf, size_t len)
{
	switch (d->kind) {
	case IMP_DIST_NONE:
		snprintf(buf, len, "none");
		break;
	case IMP_DIST_EXP:
		snprintf(buf, len, "exp:%.0fns", d->a);
		break;
	case IMP_DIST_GAMMA:
		snprintf(buf, len, "gamma:%g:%.0fns", d->a, d->b);
		break;
	case IMP_DIST_UNIFORM:
		snprintf(buf, len, "uniform:%.0fns:%.0fns", d->a, d->b);
		break;
	}
}

void imp_cfg_format(const struct imp_cfg *c, char *buf, size_t len)
{
	static const char *const names[IMP_NDIR] = { "down", "up" };
	size_t off = 0;

	buf[0] = '\0';
	for (int d = 0; d < IMP_NDIR && off < len; d++) {
		const struct imp_dir_cfg *dc = &c->dir[d];
		char jit[96];

		fmt_dist(&dc->jitter, jit, sizeof(jit));
		int n = snprintf(buf + off, len - off,
				 "%s:delay=%lldns,%s:jitter=%s,%s:loss=%g%%,%s:dup=%g%%,"
				 "%s:reorder=%g%%,",
				 names[d], (long long)dc->delay_ns, names[d], jit, names[d],
				 dc->loss * 100.0, names[d], dc->dup * 100.0, names[d],
				 dc->reorder * 100.0);
		if (n < 0)
			return;
		off += (size_t)n;
	}
	if (off < len)
		snprintf(buf + off, len - off, "seed=%llu,limit=%u,hold=%lldns,order=%s",
			 (unsigned long long)c->seed, c->limit, (long long)c->hold_ns,
			 c->fifo ? "fifo" : "free");
}
