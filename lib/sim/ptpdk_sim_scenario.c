/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scenario files (format: config/sim/README.md). Each section has a table of its
 * keys: name, value type, field, range and the syntax quoted in errors. The same
 * tables serve the file parser and the CLI's overrides, so a key means the same
 * in both. Ranges are checked twice on purpose: while parsing, to name the line,
 * and in the consistency check, for scenarios built in code; the check also runs
 * at the end of every parse, and blames the line that set the offending key.
 */
#include "ptpdk_sim_scenario.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define ARRAY_SIZE(a)	  (sizeof(a) / sizeof((a)[0]))
#define MEMBER_SIZE(t, m) sizeof(((t *)0)->m)

#define LINE_MAX_CHARS 1024
#define TEXT_MAX_BYTES (1024 * 1024)
#define MAX_WORDS      5  /* the longest value: "load = AT gamma SHAPE MEAN" has 4 */
#define MAX_KEYS       40 /* per section table; checked below */
#define N_SLOTS	       (3 + PTPDK_SIM_MAX_MASTERS + PTPDK_SIM_MAX_BCS)

/*
 * Bounds that keep every value finite and every sum of them representable in the
 * simulator's uint64 nanosecond clock (1e8 s is about three years).
 */
#define MAX_TIME_S    1e8
#define MAX_DELAY_NS  1e11 /* 100 s: beyond any network, still bounded */
#define MAX_OFFSET_NS 1e15 /* clock offsets and steps: about 11.6 days either way */
#define MAX_FREQ_PPB  1e7  /* 1 %: ten times a bad crystal */
#define MAX_RES_NS    1e9
#define MAX_SHAPE     1e6
#define I32_MAX	      2147483647.0 /* ptp4l's integer keys are C ints */

/* Where a key's line is remembered: the three fixed sections, then one per master, then
 * one per boundary clock. */
enum {
	SLOT_SCENARIO,
	SLOT_OSC,
	SLOT_SLAVE,
	SLOT_MASTER0,
	SLOT_BC0 = SLOT_MASTER0 + PTPDK_SIM_MAX_MASTERS
};

enum section { SEC_NONE, SEC_SCENARIO, SEC_OSC, SEC_SLAVE, SEC_MASTER, SEC_BC };

enum vtype {
	V_TEXT,	     /* char[max], the whole value */
	V_SECONDS,   /* double s; a bare number is seconds */
	V_NS,	     /* double ns; a bare number is ns */
	V_NS_BARE_S, /* double ns; a bare number is seconds, as in ptp4l */
	V_PPB,	     /* double ppb; a bare number is ppb */
	V_NUMBER,    /* double, no unit */
	V_PROB,	     /* double in [0, 1], or N% */
	V_U8,
	V_UINT,
	V_U64,
	V_LOG,	/* int8_t log2 seconds */
	V_RATE, /* int8_t log2 seconds, written as a rate in Hz */
	V_BOOL,
	V_DIST,
	V_CUSTOM,
};

#define F_PATH	 1u  /* a path key: plain for both directions, ms./sm. for one */
#define F_GT_MIN 2u  /* the minimum itself is excluded */
#define F_NEVER	 4u  /* "never" stores -1 */
#define F_OSC	 8u  /* in [bc]: a key of the clock's own oscillator */
#define F_TC	 16u /* a key of the link's transparent clock */

struct value {
	char raw[LINE_MAX_CHARS + 1]; /* the whole value, trimmed */
	char buf[LINE_MAX_CHARS + 1];
	char *w[MAX_WORDS];
	unsigned n; /* words seen; may exceed MAX_WORDS, then only the count is valid */
};

struct ctx;

struct key {
	const char *name;
	enum vtype type;
	unsigned flags;
	size_t off;	 /* of the field in the section's struct, or in a path */
	double min, max; /* in the stored unit; for V_TEXT max is the field's size */
	int (*set)(struct ctx *c, void *obj, const struct value *v); /* V_CUSTOM */
	const char *syntax;					     /* quoted in errors */
};

struct ctx {
	struct ptpdk_sim_scenario *sc;
	const char *origin;
	unsigned line;	     /* 0: not from a file (an override) */
	const char *key;     /* as written, for messages; NULL: none */
	const struct key *k; /* the key being set */
	const char *base_dir;
	char *err;
	size_t err_len;
	enum section sec;
	int slot;
	void *owner; /* the master or boundary clock of the section */
	bool saw_master;
	unsigned key_line[N_SLOTS][MAX_KEYS];
	unsigned section_line[N_SLOTS];
	struct value v;
};

/* --- messages --- */

static void vappend(char *buf, size_t size, size_t *pos, const char *fmt, va_list ap)
	PRINTF_LIKE(4, 0);

static void vappend(char *buf, size_t size, size_t *pos, const char *fmt, va_list ap)
{
	int n;

	if (*pos >= size)
		return;
	n = vsnprintf(buf + *pos, size - *pos, fmt, ap);
	if (n < 0)
		return;
	*pos = *pos + (size_t)n < size ? *pos + (size_t)n : size - 1;
}

static PRINTF_LIKE(4, 5) void append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(buf, size, pos, fmt, ap);
	va_end(ap);
}

/* "ORIGIN:LINE: KEY: message" (no LINE for overrides, no KEY when there is none). */
static PRINTF_LIKE(2, 3) int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	size_t pos = 0;

	if (!c->err || c->err_len == 0)
		return -EINVAL;
	c->err[0] = '\0';
	if (c->line)
		append(c->err, c->err_len, &pos, "%s:%u: ", c->origin, c->line);
	else
		append(c->err, c->err_len, &pos, "%s: ", c->origin);
	if (c->key)
		append(c->err, c->err_len, &pos, "%.80s: ", c->key);
	va_start(ap, fmt);
	vappend(c->err, c->err_len, &pos, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static PRINTF_LIKE(3, 4) int plain_fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;
	size_t pos = 0;

	if (!err || err_len == 0)
		return -EINVAL;
	err[0] = '\0';
	va_start(ap, fmt);
	vappend(err, err_len, &pos, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* --- defaults --- */

static void default_path(struct ptpdk_sim_path *p)
{
	memset(p, 0, sizeof(*p));
	p->base_ns = 2000;
}

static void default_master(struct ptpdk_sim_master *m, const char *name)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->priority1 = 128;
	m->priority2 = 128;
	m->clock_class = 6; /* synchronized to a primary reference, as a GNSS-locked GM */
	m->domain = 0;
	m->log_sync_interval = 0;
	m->log_announce_interval = 1;
	m->log_min_delay_req_interval = 0;
	m->two_step = true;
	m->start_s = 0;
	m->stop_s = -1;
	default_path(&m->to_slave);
	default_path(&m->from_slave);
	m->tc.correction = true;
}

static void default_bc(struct ptpdk_sim_bc *b, const char *name)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", name);
	default_path(&b->to_slave);
	default_path(&b->from_slave);
	b->tc.correction = true;
	b->two_step = true;
}

void ptpdk_sim_scenario_init(struct ptpdk_sim_scenario *sc)
{
	if (!sc)
		return;
	memset(sc, 0, sizeof(*sc));
	sc->duration_s = 3600;
	sc->warmup_s = 1000;
	sc->seed = 1;
	sc->sample_interval_s = 1;
	default_master(&sc->masters[0], "gm");
	sc->n_masters = 1;
	/* ptp4l's defaults (linuxptp config.c), servo apart */
	snprintf(sc->slave.servo, sizeof(sc->slave.servo), "%s", "ptpdk");
	sc->slave.delay_filter_length = 10;
	sc->slave.first_step_threshold_ns = 20000;
	sc->slave.step_threshold_ns = 0;
	sc->slave.max_frequency_ppb = 900000000;
	sc->slave.offset_threshold_ns = 0;
	sc->slave.num_offset_values = 10;
	sc->slave.max_path_delay_ns = 0;
	sc->slave.hw_timestamps = true;
	sc->slave.holdover_max_s = 0;
}

/* --- values --- */

enum qkind { Q_NS, Q_S, Q_NS_BARE_S, Q_PPB, Q_PROB, Q_HZ, Q_PLAIN };

struct unit {
	const char *name;
	double scale;
};

static const struct unit time_units[] = {
	{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { NULL, 0 },
};
static const struct unit freq_units[] = { { "ppb", 1 }, { "ppm", 1e3 }, { NULL, 0 } };
static const struct unit prob_units[] = { { "%", 1 }, { NULL, 0 } };
static const struct unit rate_units[] = { { "Hz", 1 }, { "hz", 1 }, { NULL, 0 } };

/* A stored value is number * scale / out, with the unit's scale or bare for none. */
static const struct qkind_def {
	const struct unit *units;
	double bare, out;
	const char *label; /* of the stored unit, in range messages */
	const char *names; /* the units, in messages */
} qkinds[] = {
	[Q_NS] = { time_units, 1, 1, " ns", "ns, us, ms, s" },
	[Q_S] = { time_units, 1e9, 1e9, " s", "ns, us, ms, s" },
	[Q_NS_BARE_S] = { time_units, 1e9, 1, " ns", "ns, us, ms, s" },
	[Q_PPB] = { freq_units, 1, 1, " ppb", "ppb, ppm" },
	[Q_PROB] = { prob_units, 100, 100, "", "%" },
	[Q_HZ] = { rate_units, 1, 1, " Hz", "Hz" },
	[Q_PLAIN] = { NULL, 1, 1, "", "none" },
};

/*
 * The end of a decimal number at @p s ([+-]digits[.digits][e[+-]digits]), or @p s
 * when there is none: strtod alone would also take hex, "inf" and "nan".
 */
static const char *number_end(const char *s)
{
	const char *p = s, *q;
	unsigned digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (!digits)
		return s;
	if (*p == 'e' || *p == 'E') {
		q = p + 1;
		if (*q == '+' || *q == '-')
			q++;
		if (isdigit((unsigned char)*q)) {
			while (isdigit((unsigned char)*q))
				q++;
			p = q;
		}
	}
	return p;
}

static int quantity(struct ctx *c, const char *word, enum qkind q, double min, double max,
		    bool gt_min, double *out)
{
	const struct qkind_def *d = &qkinds[q];
	const char *end = number_end(word);
	char num[64], *stop;
	double v, scale = d->bare;
	size_t len = (size_t)(end - word);

	if (end == word || len >= sizeof(num))
		return fail(c, "'%.64s' is not a number", word);
	memcpy(num, word, len);
	num[len] = '\0';
	/* a locale with a decimal comma would stop strtod at the point */
	v = strtod(num, &stop);
	if (*stop)
		return fail(c, "'%.64s' is not a number in the C locale", word);
	if (*end) {
		const struct unit *u = d->units;

		for (; u && u->name && strcmp(u->name, end) != 0; u++)
			;
		if (!u || !u->name) {
			if (q == Q_PLAIN)
				return fail(c, "'%.64s' is not a number (no unit here)", word);
			return fail(c, "unknown unit '%.16s' in '%.64s' (%s)", end, word, d->names);
		}
		scale = u->scale;
	}
	if (scale != d->out)
		v = v * scale / d->out;
	if (!isfinite(v) || v > max || v < min || (gt_min && v <= min)) {
		if (gt_min)
			return fail(c, "%.64s is out of range (> %g%s, <= %g%s)", word, min,
				    d->label, max, d->label);
		return fail(c, "%.64s is out of range (%g%s .. %g%s)", word, min, d->label, max,
			    d->label);
	}
	*out = v;
	return 0;
}

static int integer(struct ctx *c, const char *word, long long min, long long max, long long *out)
{
	const char *p = word;
	char *end;
	long long v;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return fail(c, "'%.64s' is not an integer", word);
	errno = 0;
	v = strtoll(word, &end, 10);
	if (*end)
		return fail(c, "'%.64s' is not an integer", word);
	if (errno == ERANGE || v < min || v > max)
		return fail(c, "%.64s is out of range (%lld .. %lld)", word, min, max);
	*out = v;
	return 0;
}

static int unsigned64(struct ctx *c, const char *word, uint64_t *out)
{
	const char *p;
	char *end;
	unsigned long long v;

	for (p = word; isdigit((unsigned char)*p); p++)
		;
	if (p == word || *p)
		return fail(c, "'%.64s' is not an unsigned integer", word);
	errno = 0;
	v = strtoull(word, &end, 10);
	if (errno == ERANGE)
		return fail(c, "%.64s is out of range (0 .. %llu)", word,
			    (unsigned long long)UINT64_MAX);
	*out = (uint64_t)v;
	return 0;
}

static int boolean(struct ctx *c, const char *word, bool *out)
{
	static const char *const yes[] = { "yes", "1", "true", "on" };
	static const char *const no[] = { "no", "0", "false", "off" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(word, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(word, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return fail(c, "'%.64s' is not a boolean (yes, no, 1, 0, true, false, on, off)", word);
}

/* A message rate in Hz ("16", "16Hz", "0.5", "1/8"), stored as its log2 interval. */
static int rate(struct ctx *c, const char *word, int8_t *out)
{
	double r, den;
	int e;

	if (strncmp(word, "1/", 2) == 0) {
		if (quantity(c, word + 2, Q_PLAIN, 0, 1e9, true, &den))
			return -EINVAL;
		r = 1 / den;
	} else if (quantity(c, word, Q_HZ, 0, 1e9, true, &r)) {
		return -EINVAL;
	}
	/* exactly a power of two: frexp's mantissa is then 0.5 */
	if (frexp(r, &e) != 0.5 || e - 1 < -7 || e - 1 > 7)
		return fail(c, "%.64s is not a power of two from 1/128 to 128 Hz", word);
	*out = (int8_t)(1 - e);
	return 0;
}

static const struct {
	const char *name;
	enum ptpdk_sim_dist_kind kind;
	unsigned params;
	const char *syntax;
} dists[] = {
	{ "none", PTPDK_SIM_DIST_NONE, 0, "none" },
	{ "exp", PTPDK_SIM_DIST_EXP, 1, "exp MEAN" },
	{ "gamma", PTPDK_SIM_DIST_GAMMA, 2, "gamma SHAPE MEAN" },
	{ "uniform", PTPDK_SIM_DIST_UNIFORM, 2, "uniform LOW HIGH" },
	{ "normal", PTPDK_SIM_DIST_NORMAL, 2, "normal MEAN SIGMA" },
};

/* A distribution from @p n words; delays are ns with units. */
static int distribution(struct ctx *c, char *const *w, unsigned n, struct ptpdk_sim_dist *d)
{
	size_t i;
	double a = 0, b = 0;

	if (n == 0)
		return fail(c, "missing distribution (exp, gamma, uniform, normal, none)");
	for (i = 0; i < ARRAY_SIZE(dists) && strcmp(dists[i].name, w[0]) != 0; i++)
		;
	if (i == ARRAY_SIZE(dists))
		return fail(c, "unknown distribution '%.32s' (exp, gamma, uniform, normal, none)",
			    w[0]);
	if (n - 1 != dists[i].params)
		return fail(c, "%s takes %u value%s: %s", dists[i].name, dists[i].params,
			    dists[i].params == 1 ? "" : "s", dists[i].syntax);
	switch (dists[i].kind) {
	case PTPDK_SIM_DIST_NONE:
		break;
	case PTPDK_SIM_DIST_EXP:
		if (quantity(c, w[1], Q_NS, 0, MAX_DELAY_NS, false, &a))
			return -EINVAL;
		break;
	case PTPDK_SIM_DIST_GAMMA:
		if (quantity(c, w[1], Q_PLAIN, 0, MAX_SHAPE, true, &a) ||
		    quantity(c, w[2], Q_NS, 0, MAX_DELAY_NS, false, &b))
			return -EINVAL;
		break;
	case PTPDK_SIM_DIST_UNIFORM:
		if (quantity(c, w[1], Q_NS, 0, MAX_DELAY_NS, false, &a) ||
		    quantity(c, w[2], Q_NS, 0, MAX_DELAY_NS, false, &b))
			return -EINVAL;
		if (a > b)
			return fail(c, "uniform: LOW %g ns is above HIGH %g ns", a, b);
		break;
	case PTPDK_SIM_DIST_NORMAL:
		if (quantity(c, w[1], Q_NS, 0, MAX_DELAY_NS, false, &a) ||
		    quantity(c, w[2], Q_NS, 0, MAX_DELAY_NS, false, &b))
			return -EINVAL;
		break;
	}
	d->kind = dists[i].kind;
	d->a = a;
	d->b = b;
	return 0;
}

static int want_words(struct ctx *c, const struct value *v, unsigned n)
{
	if (v->n != n)
		return fail(c, "expected %s", c->k->syntax);
	return 0;
}

static bool is_none(const struct value *v)
{
	return v->n == 1 && strcmp(v->w[0], "none") == 0;
}

static int room(struct ctx *c, unsigned n)
{
	if (n >= PTPDK_SIM_MAX_EVENTS)
		return fail(c, "more than %d of these events", PTPDK_SIM_MAX_EVENTS);
	return 0;
}

/* --- keys with their own syntax --- */

static int set_temp_sine(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_oscillator *o = obj;
	double a, p;

	if (is_none(v)) {
		o->temp_amplitude_ppb = 0;
		o->temp_period_s = 0;
		return 0;
	}
	if (want_words(c, v, 2) ||
	    quantity(c, v->w[0], Q_PPB, -MAX_FREQ_PPB, MAX_FREQ_PPB, false, &a) ||
	    quantity(c, v->w[1], Q_S, 0, MAX_TIME_S, true, &p))
		return -EINVAL;
	o->temp_amplitude_ppb = a;
	o->temp_period_s = p;
	return 0;
}

static int set_temp_ramp(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_oscillator *o = obj;
	double r, from, to;

	if (is_none(v)) {
		o->temp_ramp_ppb_per_s = 0;
		o->ramp_start_s = o->ramp_end_s = 0;
		return 0;
	}
	if (want_words(c, v, 3) ||
	    quantity(c, v->w[0], Q_PLAIN, -MAX_FREQ_PPB, MAX_FREQ_PPB, false, &r) ||
	    quantity(c, v->w[1], Q_S, 0, MAX_TIME_S, false, &from) ||
	    quantity(c, v->w[2], Q_S, 0, MAX_TIME_S, false, &to))
		return -EINVAL;
	if (from > to)
		return fail(c, "START %g s is after END %g s", from, to);
	o->temp_ramp_ppb_per_s = r;
	o->ramp_start_s = from;
	o->ramp_end_s = to;
	return 0;
}

static int set_freq_step(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_oscillator *o = obj;
	double at, ppb;

	if (want_words(c, v, 2) || room(c, o->n_steps) ||
	    quantity(c, v->w[0], Q_S, 0, MAX_TIME_S, false, &at) ||
	    quantity(c, v->w[1], Q_PPB, -MAX_FREQ_PPB, MAX_FREQ_PPB, false, &ppb))
		return -EINVAL;
	o->steps[o->n_steps].at_s = at;
	o->steps[o->n_steps].ppb = ppb;
	o->n_steps++;
	return 0;
}

static int set_time_stamping(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_slave *s = obj;

	if (v->n == 1 && strcmp(v->w[0], "hardware") == 0)
		s->hw_timestamps = true;
	else if (v->n == 1 && strcmp(v->w[0], "software") == 0)
		s->hw_timestamps = false;
	else
		return fail(c, "'%.64s' is not hardware or software", v->raw);
	return 0;
}

static int set_outage(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_master *m = obj;
	double from, len;

	if (want_words(c, v, 2) || room(c, m->n_outages) ||
	    quantity(c, v->w[0], Q_S, 0, MAX_TIME_S, false, &from) ||
	    quantity(c, v->w[1], Q_S, 0, MAX_TIME_S, true, &len))
		return -EINVAL;
	m->outages[m->n_outages].from_s = from;
	m->outages[m->n_outages].len_s = len;
	m->n_outages++;
	return 0;
}

static int set_time_step(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_master *m = obj;
	double at, ns;

	if (want_words(c, v, 2) || room(c, m->n_time_steps) ||
	    quantity(c, v->w[0], Q_S, 0, MAX_TIME_S, false, &at) ||
	    quantity(c, v->w[1], Q_NS, -MAX_OFFSET_NS, MAX_OFFSET_NS, false, &ns))
		return -EINVAL;
	m->time_steps[m->n_time_steps].at_s = at;
	m->time_steps[m->n_time_steps].ns = ns;
	m->n_time_steps++;
	return 0;
}

static int set_corrupt(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_master *m = obj;
	double p, ns;

	if (want_words(c, v, 2) || quantity(c, v->w[0], Q_PROB, 0, 1, false, &p) ||
	    quantity(c, v->w[1], Q_NS, 0, MAX_OFFSET_NS, false, &ns))
		return -EINVAL;
	m->corrupt = p;
	m->corrupt_ns = ns;
	return 0;
}

/* Moves half of X from one direction to the other, so the round trip stays the same. */
static int shift_asymmetry(struct ctx *c, struct ptpdk_sim_path *to, struct ptpdk_sim_path *from,
			   const struct value *v)
{
	double x;

	if (want_words(c, v, 1) ||
	    quantity(c, v->w[0], Q_NS, -MAX_DELAY_NS, MAX_DELAY_NS, false, &x))
		return -EINVAL;
	to->base_ns += x / 2;
	from->base_ns -= x / 2;
	return 0;
}

static int set_asymmetry(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_master *m = obj;

	return shift_asymmetry(c, &m->to_slave, &m->from_slave, v);
}

static int set_bc_asymmetry(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_bc *b = obj;

	return shift_asymmetry(c, &b->to_slave, &b->from_slave, v);
}

static int set_load(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_path *p = obj;
	struct ptpdk_sim_load l;

	if (p->load_period_s > 0)
		return fail(c, "cannot be combined with alternate");
	if (v->n < 2)
		return fail(c, "expected %s", c->k->syntax);
	if (room(c, p->n_loads) || quantity(c, v->w[0], Q_S, 0, MAX_TIME_S, false, &l.at_s) ||
	    distribution(c, v->w + 1, v->n - 1, &l.dist))
		return -EINVAL;
	p->loads[p->n_loads++] = l;
	return 0;
}

static int set_alternate(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_path *p = obj;
	struct ptpdk_sim_dist d;
	double period;

	if (is_none(v)) {
		if (p->load_period_s > 0)
			p->n_loads = 0;
		p->load_period_s = 0;
		return 0;
	}
	if (p->load_period_s == 0 && p->n_loads > 0)
		return fail(c, "cannot be combined with load");
	if (v->n < 2)
		return fail(c, "expected %s", c->k->syntax);
	if (quantity(c, v->w[0], Q_S, 0, MAX_TIME_S, true, &period) ||
	    distribution(c, v->w + 1, v->n - 1, &d))
		return -EINVAL;
	p->load_period_s = period;
	p->loads[0].at_s = 0;
	p->loads[0].dist = d;
	p->n_loads = 1;
	return 0;
}

static int set_reorder(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_path *p = obj;
	double prob, hold;

	if (want_words(c, v, 2) || quantity(c, v->w[0], Q_PROB, 0, 1, false, &prob) ||
	    quantity(c, v->w[1], Q_NS, 0, MAX_DELAY_NS, false, &hold))
		return -EINVAL;
	p->reorder = prob;
	p->reorder_ns = hold;
	return 0;
}

static int set_outlier(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_path *p = obj;
	struct ptpdk_sim_dist d;
	double prob;

	if (v->n < 2)
		return fail(c, "expected %s", c->k->syntax);
	if (quantity(c, v->w[0], Q_PROB, 0, 1, false, &prob) ||
	    distribution(c, v->w + 1, v->n - 1, &d))
		return -EINVAL;
	p->outlier = prob;
	p->outlier_dist = d;
	return 0;
}

static int set_trace(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_path *p = obj;
	int n;

	if (strcmp(v->raw, "none") == 0) {
		p->trace_file[0] = '\0';
		return 0;
	}
	if (v->raw[0] == '/' || !c->base_dir || !c->base_dir[0])
		n = snprintf(p->trace_file, sizeof(p->trace_file), "%s", v->raw);
	else
		n = snprintf(p->trace_file, sizeof(p->trace_file), "%s/%s", c->base_dir, v->raw);
	if (n < 0 || (size_t)n >= sizeof(p->trace_file)) {
		p->trace_file[0] = '\0';
		return fail(c, "file name longer than %d characters (after joining %s)",
			    PTPDK_SIM_PATH_MAX - 1, c->base_dir ? c->base_dir : "nothing");
	}
	return 0;
}

static int set_tc_mode(struct ctx *c, void *obj, const struct value *v)
{
	struct ptpdk_sim_tc *tc = obj;
	static const struct {
		const char *name;
		enum ptpdk_sim_tc_mode mode;
	} modes[] = {
		{ "none", PTPDK_SIM_TC_NONE },
		{ "one_step", PTPDK_SIM_TC_ONE_STEP },
		{ "two_step", PTPDK_SIM_TC_TWO_STEP },
	};

	for (size_t i = 0; v->n == 1 && i < ARRAY_SIZE(modes); i++)
		if (strcmp(v->w[0], modes[i].name) == 0) {
			tc->mode = modes[i].mode;
			return 0;
		}
	return fail(c, "'%.64s' is not none, one_step or two_step", v->raw);
}

/* --- the key tables --- */

#define SCN(f)	offsetof(struct ptpdk_sim_scenario, f)
#define OSC(f)	offsetof(struct ptpdk_sim_oscillator, f)
#define SLV(f)	offsetof(struct ptpdk_sim_slave, f)
#define MST(f)	offsetof(struct ptpdk_sim_master, f)
#define PATH(f) offsetof(struct ptpdk_sim_path, f)
#define TCK(f)	offsetof(struct ptpdk_sim_tc, f)

static const struct key scenario_keys[] = {
	{ "name", V_TEXT, 0, SCN(name), 0, MEMBER_SIZE(struct ptpdk_sim_scenario, name), NULL,
	  "TEXT" },
	{ "description", V_TEXT, 0, SCN(description), 0,
	  MEMBER_SIZE(struct ptpdk_sim_scenario, description), NULL, "TEXT" },
	{ "duration", V_SECONDS, F_GT_MIN, SCN(duration_s), 0, MAX_TIME_S, NULL, "TIME" },
	{ "warmup", V_SECONDS, 0, SCN(warmup_s), 0, MAX_TIME_S, NULL, "TIME" },
	{ "seed", V_U64, 0, SCN(seed), 0, 0, NULL, "UINT64" },
	{ "sample_interval", V_SECONDS, F_GT_MIN, SCN(sample_interval_s), 0, MAX_TIME_S, NULL,
	  "TIME" },
};

/* The oscillator's keys, in [oscillator] (flags 0) and in [bc] (F_OSC). The macro keeps
 * one list for both; clang-format would break its lines apart. */
/* clang-format off */
#define OSC_KEYS(fl)                                                                           \
	{ "freq_offset", V_PPB, fl, OSC(freq_offset_ppb), -MAX_FREQ_PPB, MAX_FREQ_PPB, NULL,   \
	  "FREQ" },                                                                            \
	{ "random_walk", V_NUMBER, fl, OSC(random_walk_ppb), 0, 1e6, NULL, "PPB_PER_SQRT_S" }, \
	{ "white_fm", V_PPB, fl, OSC(white_fm_ppb), 0, MAX_FREQ_PPB, NULL, "FREQ" },           \
	{ "temp_sine", V_CUSTOM, fl, 0, 0, 0, set_temp_sine, "AMPLITUDE PERIOD, or none" },    \
	{ "temp_ramp", V_CUSTOM, fl, 0, 0, 0, set_temp_ramp,                                   \
	  "RATE_PPB_PER_S START END, or none" },                                               \
	{ "freq_step", V_CUSTOM, fl, 0, 0, 0, set_freq_step, "AT FREQ" },                      \
	{ "initial_offset", V_NS, fl, OSC(initial_offset_ns), -MAX_OFFSET_NS, MAX_OFFSET_NS,   \
	  NULL, "DELAY" },                                                                     \
	{ "resolution", V_NS, fl, OSC(resolution_ns), 0, MAX_RES_NS, NULL, "DELAY" }
/* clang-format on */

static const struct key osc_keys[] = { OSC_KEYS(0) };

static const struct key slave_keys[] = {
	{ "servo", V_TEXT, 0, SLV(servo), 0, MEMBER_SIZE(struct ptpdk_sim_slave, servo), NULL,
	  "NAME" },
	{ "delay_filter_length", V_UINT, 0, SLV(delay_filter_length), 1, I32_MAX, NULL, "INTEGER" },
	{ "first_step_threshold", V_NS_BARE_S, 0, SLV(first_step_threshold_ns), 0, MAX_OFFSET_NS,
	  NULL, "TIME" },
	{ "step_threshold", V_NS_BARE_S, 0, SLV(step_threshold_ns), 0, MAX_OFFSET_NS, NULL,
	  "TIME" },
	{ "max_frequency", V_PPB, 0, SLV(max_frequency_ppb), 0, I32_MAX, NULL, "FREQ" },
	{ "servo_offset_threshold", V_NS, 0, SLV(offset_threshold_ns), 0, I32_MAX, NULL, "DELAY" },
	{ "servo_num_offset_values", V_UINT, 0, SLV(num_offset_values), 0, I32_MAX, NULL,
	  "INTEGER" },
	{ "max_path_delay", V_NS, 0, SLV(max_path_delay_ns), 0, I32_MAX, NULL, "DELAY" },
	{ "time_stamping", V_CUSTOM, 0, 0, 0, 0, set_time_stamping, "hardware or software" },
	{ "holdover_max", V_SECONDS, 0, SLV(holdover_max_s), 0, 1e9, NULL, "TIME" },
};

/* The keys of a link to the next clock down, in [master] and [bc]: its paths (ms. and
 * sm. for one direction) and its transparent clock. */
/* clang-format off */
#define LINK_KEYS                                                                              \
	{ "base_delay", V_NS, F_PATH, PATH(base_ns), 0, MAX_DELAY_NS, NULL, "DELAY" },         \
	{ "jitter", V_DIST, F_PATH, PATH(jitter), 0, 0, NULL, "DISTRIBUTION" },                \
	{ "load", V_CUSTOM, F_PATH, 0, 0, 0, set_load, "AT DISTRIBUTION" },                    \
	{ "alternate", V_CUSTOM, F_PATH, 0, 0, 0, set_alternate,                               \
	  "PERIOD DISTRIBUTION, or none" },                                                    \
	{ "loss", V_PROB, F_PATH, PATH(loss), 0, 1, NULL, "PROBABILITY" },                     \
	{ "reorder", V_CUSTOM, F_PATH, 0, 0, 0, set_reorder, "PROBABILITY HOLD" },             \
	{ "outlier", V_CUSTOM, F_PATH, 0, 0, 0, set_outlier, "PROBABILITY DISTRIBUTION" },     \
	{ "trace", V_CUSTOM, F_PATH, 0, 0, 0, set_trace, "FILE, or none" },                    \
	{ "residence", V_DIST, F_PATH, PATH(residence), 0, 0, NULL, "DISTRIBUTION" },          \
	{ "tc", V_CUSTOM, F_TC, 0, 0, 0, set_tc_mode, "none, one_step or two_step" },          \
	{ "tc_correction", V_BOOL, F_TC, TCK(correction), 0, 0, NULL, "BOOLEAN" },             \
	{ "tc_resolution", V_NS, F_TC, TCK(resolution_ns), 0, MAX_RES_NS, NULL, "DELAY" }
/* clang-format on */

static const struct key master_keys[] = {
	{ "priority1", V_U8, 0, MST(priority1), 0, 255, NULL, "0..255" },
	{ "priority2", V_U8, 0, MST(priority2), 0, 255, NULL, "0..255" },
	{ "clock_class", V_U8, 0, MST(clock_class), 0, 255, NULL, "0..255" },
	/* ptp4l's domainNumber range */
	{ "domain", V_U8, 0, MST(domain), 0, 127, NULL, "0..127" },
	{ "sync_rate", V_RATE, 0, MST(log_sync_interval), 0, 0, NULL, "RATE" },
	{ "log_sync_interval", V_LOG, 0, MST(log_sync_interval), -7, 7, NULL, "-7..7" },
	{ "announce_rate", V_RATE, 0, MST(log_announce_interval), 0, 0, NULL, "RATE" },
	{ "log_announce_interval", V_LOG, 0, MST(log_announce_interval), -7, 7, NULL, "-7..7" },
	{ "delay_req_rate", V_RATE, 0, MST(log_min_delay_req_interval), 0, 0, NULL, "RATE" },
	{ "log_min_delay_req_interval", V_LOG, 0, MST(log_min_delay_req_interval), -7, 7, NULL,
	  "-7..7" },
	{ "two_step", V_BOOL, 0, MST(two_step), 0, 0, NULL, "BOOLEAN" },
	{ "time_offset", V_NS, 0, MST(time_offset_ns), -MAX_OFFSET_NS, MAX_OFFSET_NS, NULL,
	  "DELAY" },
	{ "start", V_SECONDS, 0, MST(start_s), 0, MAX_TIME_S, NULL, "TIME" },
	{ "stop", V_SECONDS, F_NEVER, MST(stop_s), 0, MAX_TIME_S, NULL, "TIME or never" },
	{ "outage", V_CUSTOM, 0, 0, 0, 0, set_outage, "FROM LENGTH" },
	{ "time_step", V_CUSTOM, 0, 0, 0, 0, set_time_step, "AT DELTA" },
	{ "resolution", V_NS, 0, MST(resolution_ns), 0, MAX_RES_NS, NULL, "DELAY" },
	{ "corrupt", V_CUSTOM, 0, 0, 0, 0, set_corrupt, "PROBABILITY DELTA" },
	{ "asymmetry", V_CUSTOM, 0, 0, 0, 0, set_asymmetry, "DELAY" },
	LINK_KEYS,
};

static const struct key bc_keys[] = {
	OSC_KEYS(F_OSC),
	{ "two_step", V_BOOL, 0, offsetof(struct ptpdk_sim_bc, two_step), 0, 0, NULL, "BOOLEAN" },
	{ "asymmetry", V_CUSTOM, 0, 0, 0, 0, set_bc_asymmetry, "DELAY" },
	LINK_KEYS,
};

_Static_assert(ARRAY_SIZE(scenario_keys) <= MAX_KEYS, "MAX_KEYS too small");
_Static_assert(ARRAY_SIZE(osc_keys) <= MAX_KEYS, "MAX_KEYS too small");
_Static_assert(ARRAY_SIZE(slave_keys) <= MAX_KEYS, "MAX_KEYS too small");
_Static_assert(ARRAY_SIZE(master_keys) <= MAX_KEYS, "MAX_KEYS too small");
_Static_assert(ARRAY_SIZE(bc_keys) <= MAX_KEYS, "MAX_KEYS too small");

static const struct section_def {
	const char *name;
	const struct key *keys;
	size_t n;
} sections[] = {
	[SEC_NONE] = { "", NULL, 0 },
	[SEC_SCENARIO] = { "scenario", scenario_keys, ARRAY_SIZE(scenario_keys) },
	[SEC_OSC] = { "oscillator", osc_keys, ARRAY_SIZE(osc_keys) },
	[SEC_SLAVE] = { "slave", slave_keys, ARRAY_SIZE(slave_keys) },
	[SEC_MASTER] = { "master", master_keys, ARRAY_SIZE(master_keys) },
	[SEC_BC] = { "bc", bc_keys, ARRAY_SIZE(bc_keys) },
};

static const struct key *find_key(enum section sec, const char *name)
{
	const struct section_def *s = &sections[sec];

	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->keys[i].name, name) == 0)
			return &s->keys[i];
	return NULL;
}

static void *field(void *obj, const struct key *k)
{
	return (char *)obj + k->off;
}

/* A key with a single value of a table type. */
static int set_scalar(struct ctx *c, const struct key *k, void *obj, const struct value *v)
{
	const char *w = v->w[0];
	long long i = 0;
	double d = 0;
	enum qkind q = Q_PLAIN;

	if (v->n != 1)
		return fail(c, "expected one value (%s)", k->syntax);
	switch (k->type) {
	case V_U8:
	case V_UINT:
	case V_LOG:
		if (integer(c, w, (long long)k->min, (long long)k->max, &i))
			return -EINVAL;
		if (k->type == V_U8)
			*(uint8_t *)field(obj, k) = (uint8_t)i;
		else if (k->type == V_UINT)
			*(unsigned *)field(obj, k) = (unsigned)i;
		else
			*(int8_t *)field(obj, k) = (int8_t)i;
		return 0;
	case V_U64:
		return unsigned64(c, w, (uint64_t *)field(obj, k));
	case V_RATE:
		return rate(c, w, (int8_t *)field(obj, k));
	case V_BOOL:
		return boolean(c, w, (bool *)field(obj, k));
	case V_SECONDS:
		q = Q_S;
		break;
	case V_NS:
		q = Q_NS;
		break;
	case V_NS_BARE_S:
		q = Q_NS_BARE_S;
		break;
	case V_PPB:
		q = Q_PPB;
		break;
	case V_PROB:
		q = Q_PROB;
		break;
	case V_NUMBER:
		q = Q_PLAIN;
		break;
	default:
		return fail(c, "internal: key type %d", (int)k->type);
	}
	if ((k->flags & F_NEVER) && strcmp(w, "never") == 0) {
		*(double *)field(obj, k) = -1;
		return 0;
	}
	if (quantity(c, w, q, k->min, k->max, (k->flags & F_GT_MIN) != 0, &d))
		return -EINVAL;
	*(double *)field(obj, k) = d;
	return 0;
}

static int set_value(struct ctx *c, const struct key *k, void *obj, const struct value *v)
{
	size_t len;

	switch (k->type) {
	case V_TEXT:
		len = strlen(v->raw);
		if (len >= (size_t)k->max)
			return fail(c, "longer than %zu characters", (size_t)k->max - 1);
		memcpy(field(obj, k), v->raw, len + 1);
		return 0;
	case V_DIST:
		return distribution(c, v->w, v->n, (struct ptpdk_sim_dist *)field(obj, k));
	case V_CUSTOM:
		return k->set(c, obj, v);
	default:
		return set_scalar(c, k, obj, v);
	}
}

static void *section_obj(struct ptpdk_sim_scenario *sc, enum section sec, void *owner)
{
	switch (sec) {
	case SEC_SCENARIO:
		return sc;
	case SEC_OSC:
		return &sc->osc;
	case SEC_SLAVE:
		return &sc->slave;
	case SEC_MASTER:
	case SEC_BC:
		return owner;
	default:
		return NULL;
	}
}

/* The parts of a master or boundary clock that keys with F_OSC, F_TC and F_PATH set. */
struct owner_parts {
	struct ptpdk_sim_oscillator *osc; /* NULL for a master: the slave's is [oscillator] */
	struct ptpdk_sim_tc *tc;
	struct ptpdk_sim_path *to, *from;
};

static struct owner_parts owner_parts(enum section sec, void *owner)
{
	if (sec == SEC_BC) {
		struct ptpdk_sim_bc *b = owner;

		return (struct owner_parts){ &b->osc, &b->tc, &b->to_slave, &b->from_slave };
	}
	struct ptpdk_sim_master *m = owner;

	return (struct owner_parts){ NULL, &m->tc, &m->to_slave, &m->from_slave };
}

static bool dir_prefix(const char *key)
{
	return strncmp(key, "ms.", 3) == 0 || strncmp(key, "sm.", 3) == 0;
}

/* Set @p key (as written, maybe with ms./sm.) of section @p sec; @p owner for masters and
 * boundary clocks. */
static int set_key(struct ctx *c, enum section sec, void *owner, const char *key)
{
	const char *name = key;
	const struct key *k;
	bool to = true, from = true;
	bool linked = sec == SEC_MASTER || sec == SEC_BC;
	void *obj = section_obj(c->sc, sec, owner);
	struct owner_parts parts;

	if (linked && dir_prefix(key)) {
		to = key[0] == 'm';
		from = !to;
		name = key + 3;
	}
	k = find_key(sec, name);
	if (!k) {
		const char *shown = c->key;
		int rc;

		c->key = NULL;
		rc = fail(c, "unknown key '%.64s' in [%s]", key, sections[sec].name);
		c->key = shown;
		return rc;
	}
	if (!(to && from) && !(k->flags & F_PATH))
		return fail(c, "ms. and sm. apply only to path keys (base_delay, jitter, load, "
			       "alternate, loss, reorder, outlier, trace, residence)");
	c->k = k;
	if (c->line && c->slot >= 0 && c->slot < N_SLOTS)
		c->key_line[c->slot][k - sections[sec].keys] = c->line;
	if (!(k->flags & (F_PATH | F_OSC | F_TC)))
		return set_value(c, k, obj, &c->v);
	parts = owner_parts(sec, owner);
	if (k->flags & F_OSC)
		return set_value(c, k, parts.osc, &c->v);
	if (k->flags & F_TC)
		return set_value(c, k, parts.tc, &c->v);
	if (to && set_value(c, k, parts.to, &c->v))
		return -EINVAL;
	if (from && set_value(c, k, parts.from, &c->v))
		return -EINVAL;
	return 0;
}

/* --- text --- */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* @p s is at most LINE_MAX_CHARS long. */
static void split_value(struct value *v, const char *s)
{
	char *p;

	snprintf(v->raw, sizeof(v->raw), "%s", s);
	snprintf(v->buf, sizeof(v->buf), "%s", s);
	v->n = 0;
	for (p = v->buf; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (v->n < MAX_WORDS)
			v->w[v->n] = p;
		v->n++;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
}

static int control_char(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return (unsigned char)*s;
	return -1;
}

static bool valid_master_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= PTPDK_SIM_NAME_MAX || strcmp(name, "ms") == 0 || strcmp(name, "sm") == 0)
		return false;
	for (; *name; name++)
		if (!isalnum((unsigned char)*name) && *name != '_' && *name != '-')
			return false;
	return true;
}

static int begin_master(struct ctx *c, const char *name)
{
	struct ptpdk_sim_scenario *sc = c->sc;
	unsigned i;

	if (!valid_master_name(name))
		return fail(c,
			    "master name '%.64s': 1 to %d letters, digits, '_' or '-' ('ms' and "
			    "'sm' are reserved)",
			    name, PTPDK_SIM_NAME_MAX - 1);
	/* the default master stands in only for files that name none */
	if (!c->saw_master) {
		sc->n_masters = 0;
		c->saw_master = true;
	}
	for (i = 0; i < sc->n_masters; i++)
		if (strcmp(sc->masters[i].name, name) == 0)
			return fail(c, "duplicate master name '%s' (first at line %u)", name,
				    c->section_line[SLOT_MASTER0 + i]);
	if (sc->n_masters == PTPDK_SIM_MAX_MASTERS)
		return fail(c, "more than %d masters", PTPDK_SIM_MAX_MASTERS);
	c->owner = &sc->masters[sc->n_masters];
	default_master(c->owner, name);
	c->sec = SEC_MASTER;
	c->slot = SLOT_MASTER0 + (int)sc->n_masters;
	c->section_line[c->slot] = c->line;
	sc->n_masters++;
	return 0;
}

/* A [bc NAME] section: the next boundary clock down the chain. */
static int begin_bc(struct ctx *c, const char *name)
{
	struct ptpdk_sim_scenario *sc = c->sc;

	if (!valid_master_name(name))
		return fail(c,
			    "boundary clock name '%.64s': 1 to %d letters, digits, '_' or '-' "
			    "('ms' and 'sm' are reserved)",
			    name, PTPDK_SIM_NAME_MAX - 1);
	for (unsigned i = 0; i < sc->n_bcs; i++)
		if (strcmp(sc->bcs[i].name, name) == 0)
			return fail(c, "duplicate boundary clock name '%s' (first at line %u)",
				    name, c->section_line[SLOT_BC0 + i]);
	if (sc->n_bcs == PTPDK_SIM_MAX_BCS)
		return fail(c, "more than %d boundary clocks", PTPDK_SIM_MAX_BCS);
	c->owner = &sc->bcs[sc->n_bcs];
	default_bc(c->owner, name);
	c->sec = SEC_BC;
	c->slot = SLOT_BC0 + (int)sc->n_bcs;
	c->section_line[c->slot] = c->line;
	sc->n_bcs++;
	return 0;
}

static int section_header(struct ctx *c, char *s)
{
	size_t len = strlen(s);
	char *inner, *rest;
	static const struct {
		const char *name;
		enum section sec;
		int slot;
	} fixed[] = {
		{ "scenario", SEC_SCENARIO, SLOT_SCENARIO },
		{ "oscillator", SEC_OSC, SLOT_OSC },
		{ "slave", SEC_SLAVE, SLOT_SLAVE },
	};

	c->key = NULL;
	if (s[len - 1] != ']')
		return fail(c, "section header '%.64s' does not end with ']'", s);
	s[len - 1] = '\0';
	inner = trim(s + 1);
	for (rest = inner; *rest && *rest != ' ' && *rest != '\t'; rest++)
		;
	if (*rest)
		*rest++ = '\0';
	rest = trim(rest);
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		if (strcmp(inner, fixed[i].name) != 0)
			continue;
		if (*rest)
			return fail(c, "[%s] takes no name", inner);
		c->sec = fixed[i].sec;
		c->slot = fixed[i].slot;
		if (!c->section_line[c->slot])
			c->section_line[c->slot] = c->line;
		return 0;
	}
	if (strcmp(inner, "master") == 0) {
		if (!*rest)
			return fail(c, "[master] needs a name: [master NAME]");
		return begin_master(c, rest);
	}
	if (strcmp(inner, "bc") == 0) {
		if (!*rest)
			return fail(c, "[bc] needs a name: [bc NAME]");
		return begin_bc(c, rest);
	}
	return fail(c,
		    "unknown section '[%.64s]' (scenario, oscillator, slave, master NAME, bc "
		    "NAME)",
		    inner);
}

/* '#' starts a comment at the start of a line or after white space. */
static void cut_comment(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
}

static int parse_line(struct ctx *c, char *s)
{
	char *eq, *key, *val;
	int cc = control_char(s);

	c->key = NULL;
	if (cc >= 0)
		return fail(c, "control character 0x%02x", (unsigned)cc);
	cut_comment(s);
	s = trim(s);
	if (!*s)
		return 0;
	if (*s == '[')
		return section_header(c, s);
	eq = strchr(s, '=');
	if (!eq)
		return fail(c, "expected 'key = value' or a [section], got '%.64s'", s);
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (!*key)
		return fail(c, "missing key before '='");
	c->key = key;
	if (c->sec == SEC_NONE)
		return fail(c, "outside a section (a file starts with [scenario], [oscillator], "
			       "[slave], [master NAME] or [bc NAME])");
	if (!*val)
		return fail(c, "missing value");
	split_value(&c->v, val);
	return set_key(c, c->sec, c->owner, key);
}

/* --- consistency --- */

struct chk {
	bool io; /* also open trace files */
	int slot;
	const char *key, *key2; /* the table keys that set the offending value */
	char msg[400];
};

static PRINTF_LIKE(5, 6) int bad(struct chk *k, int slot, const char *key, const char *key2,
				 const char *fmt, ...)
{
	va_list ap;
	size_t pos = 0;

	k->slot = slot;
	k->key = key;
	k->key2 = key2;
	va_start(ap, fmt);
	vappend(k->msg, sizeof(k->msg), &pos, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool within(double v, double min, double max)
{
	return v >= min && v <= max; /* false for NaN */
}

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* NULL when @p d is valid, else why not. */
static const char *dist_problem(const struct ptpdk_sim_dist *d)
{
	switch (d->kind) {
	case PTPDK_SIM_DIST_NONE:
		return NULL;
	case PTPDK_SIM_DIST_EXP:
		return within(d->a, 0, MAX_DELAY_NS) ? NULL : "exp MEAN must be 0 .. 1e11 ns";
	case PTPDK_SIM_DIST_GAMMA:
		if (!(d->a > 0 && d->a <= MAX_SHAPE))
			return "gamma SHAPE must be > 0 and <= 1e6";
		return within(d->b, 0, MAX_DELAY_NS) ? NULL : "gamma MEAN must be 0 .. 1e11 ns";
	case PTPDK_SIM_DIST_UNIFORM:
		if (!within(d->a, 0, MAX_DELAY_NS) || !within(d->b, 0, MAX_DELAY_NS))
			return "uniform LOW and HIGH must be 0 .. 1e11 ns";
		return d->a <= d->b ? NULL : "uniform LOW is above HIGH";
	case PTPDK_SIM_DIST_NORMAL:
		if (!within(d->a, 0, MAX_DELAY_NS) || !within(d->b, 0, MAX_DELAY_NS))
			return "normal MEAN and SIGMA must be 0 .. 1e11 ns";
		return NULL;
	}
	return "unknown distribution kind";
}

static int check_scenario(struct chk *k, const struct ptpdk_sim_scenario *sc)
{
	const int s = SLOT_SCENARIO;

	if (!terminated(sc->name, sizeof(sc->name)) ||
	    !terminated(sc->description, sizeof(sc->description)))
		return bad(k, s, "name", "description", "name or description not terminated");
	if (!(sc->duration_s > 0 && sc->duration_s <= MAX_TIME_S))
		return bad(k, s, "duration", NULL, "duration: %g s is out of range (> 0, <= %g s)",
			   sc->duration_s, MAX_TIME_S);
	if (!(sc->warmup_s >= 0))
		return bad(k, s, "warmup", NULL, "warmup: %g s is negative", sc->warmup_s);
	if (!(sc->warmup_s < sc->duration_s))
		return bad(k, s, "warmup", "duration",
			   "warmup: %g s is not less than the duration (%g s)", sc->warmup_s,
			   sc->duration_s);
	if (!(sc->sample_interval_s > 0 && sc->sample_interval_s <= sc->duration_s))
		return bad(k, s, "sample_interval", "duration",
			   "sample_interval: %g s is out of range (> 0, <= the duration %g s)",
			   sc->sample_interval_s, sc->duration_s);
	if (sc->n_masters < 1 || sc->n_masters > PTPDK_SIM_MAX_MASTERS)
		return bad(k, -1, NULL, NULL, "%u masters (1 .. %d)", sc->n_masters,
			   PTPDK_SIM_MAX_MASTERS);
	return 0;
}

static int check_osc(struct chk *k, int s, const struct ptpdk_sim_oscillator *o)
{
	if (!within(o->freq_offset_ppb, -MAX_FREQ_PPB, MAX_FREQ_PPB))
		return bad(k, s, "freq_offset", NULL, "freq_offset: %g ppb is out of range",
			   o->freq_offset_ppb);
	if (!within(o->random_walk_ppb, 0, 1e6))
		return bad(k, s, "random_walk", NULL, "random_walk: %g is out of range (0 .. 1e6)",
			   o->random_walk_ppb);
	if (!within(o->white_fm_ppb, 0, MAX_FREQ_PPB))
		return bad(k, s, "white_fm", NULL, "white_fm: %g ppb is out of range",
			   o->white_fm_ppb);
	if (!within(o->temp_amplitude_ppb, -MAX_FREQ_PPB, MAX_FREQ_PPB) ||
	    !within(o->temp_period_s, 0, MAX_TIME_S) ||
	    (o->temp_amplitude_ppb != 0 && o->temp_period_s == 0))
		return bad(
			k, s, "temp_sine", NULL,
			"temp_sine: amplitude %g ppb with period %g s (a sine needs a period > 0)",
			o->temp_amplitude_ppb, o->temp_period_s);
	if (!within(o->temp_ramp_ppb_per_s, -MAX_FREQ_PPB, MAX_FREQ_PPB) ||
	    !within(o->ramp_start_s, 0, MAX_TIME_S) || !within(o->ramp_end_s, 0, MAX_TIME_S) ||
	    o->ramp_start_s > o->ramp_end_s)
		return bad(k, s, "temp_ramp", NULL, "temp_ramp: %g ppb/s from %g s to %g s",
			   o->temp_ramp_ppb_per_s, o->ramp_start_s, o->ramp_end_s);
	if (o->n_steps > PTPDK_SIM_MAX_EVENTS)
		return bad(k, s, "freq_step", NULL, "freq_step: %u steps (at most %d)", o->n_steps,
			   PTPDK_SIM_MAX_EVENTS);
	for (unsigned i = 0; i < o->n_steps; i++) {
		const struct ptpdk_sim_freq_step *f = &o->steps[i];

		if (!within(f->at_s, 0, MAX_TIME_S) || !within(f->ppb, -MAX_FREQ_PPB, MAX_FREQ_PPB))
			return bad(k, s, "freq_step", NULL, "freq_step: %g ppb at %g s", f->ppb,
				   f->at_s);
		if (i > 0 && f->at_s < o->steps[i - 1].at_s)
			return bad(k, s, "freq_step", NULL,
				   "freq_step: %g s comes before the previous step (%g s); list "
				   "steps in time order",
				   f->at_s, o->steps[i - 1].at_s);
	}
	if (!within(o->initial_offset_ns, -MAX_OFFSET_NS, MAX_OFFSET_NS))
		return bad(k, s, "initial_offset", NULL, "initial_offset: %g ns is out of range",
			   o->initial_offset_ns);
	if (!within(o->resolution_ns, 0, MAX_RES_NS))
		return bad(k, s, "resolution", NULL, "resolution: %g ns is out of range",
			   o->resolution_ns);
	return 0;
}

static int check_trace(struct chk *k, int s, const char *dir, const char *file)
{
	struct stat st;
	int fd, e;

	/* non-blocking, so that a FIFO cannot hang the check */
	fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return bad(k, s, "trace", NULL, "%s.trace: cannot open '%s': %s", dir, file,
			   strerror(errno));
	e = fstat(fd, &st) ? errno : 0;
	close(fd);
	if (e)
		return bad(k, s, "trace", NULL, "%s.trace: '%s': %s", dir, file, strerror(e));
	/* a device such as /dev/zero would feed the replay forever */
	if (!S_ISREG(st.st_mode))
		return bad(k, s, "trace", NULL, "%s.trace: '%s' is not a regular file", dir, file);
	return 0;
}

static int check_path(struct chk *k, int s, const char *dir, const struct ptpdk_sim_path *p)
{
	const char *why;

	if (!(p->base_ns >= 0))
		return bad(k, s, "base_delay", "asymmetry",
			   "%s.base_delay: %g ns is negative (asymmetry X moves X/2 from sm to ms)",
			   dir, p->base_ns);
	if (!(p->base_ns <= MAX_DELAY_NS))
		return bad(k, s, "base_delay", "asymmetry", "%s.base_delay: %g ns is above %g ns",
			   dir, p->base_ns, MAX_DELAY_NS);
	if ((why = dist_problem(&p->jitter)))
		return bad(k, s, "jitter", NULL, "%s.jitter: %s", dir, why);
	if ((why = dist_problem(&p->residence)))
		return bad(k, s, "residence", NULL, "%s.residence: %s", dir, why);
	if (p->n_loads > PTPDK_SIM_MAX_EVENTS)
		return bad(k, s, "load", "alternate", "%s.load: %u loads (at most %d)", dir,
			   p->n_loads, PTPDK_SIM_MAX_EVENTS);
	if (!within(p->load_period_s, 0, MAX_TIME_S) || (p->load_period_s > 0 && p->n_loads != 1))
		return bad(k, s, "alternate", "load",
			   "%s.alternate: period %g s needs exactly one load (has %u)", dir,
			   p->load_period_s, p->n_loads);
	for (unsigned i = 0; i < p->n_loads; i++) {
		const struct ptpdk_sim_load *l = &p->loads[i];

		if (!within(l->at_s, 0, MAX_TIME_S))
			return bad(k, s, "load", "alternate", "%s.load: at %g s is out of range",
				   dir, l->at_s);
		if ((why = dist_problem(&l->dist)))
			return bad(k, s, "load", "alternate", "%s.load: %s", dir, why);
		if (i > 0 && l->at_s < p->loads[i - 1].at_s)
			return bad(
				k, s, "load", NULL,
				"%s.load: %g s comes before the previous load (%g s); list loads "
				"in time order",
				dir, l->at_s, p->loads[i - 1].at_s);
	}
	if (!within(p->loss, 0, 1))
		return bad(k, s, "loss", NULL, "%s.loss: %g is not a probability", dir, p->loss);
	if (!within(p->reorder, 0, 1) || !within(p->reorder_ns, 0, MAX_DELAY_NS))
		return bad(k, s, "reorder", NULL, "%s.reorder: probability %g, hold %g ns", dir,
			   p->reorder, p->reorder_ns);
	if (!within(p->outlier, 0, 1))
		return bad(k, s, "outlier", NULL, "%s.outlier: %g is not a probability", dir,
			   p->outlier);
	if ((why = dist_problem(&p->outlier_dist)))
		return bad(k, s, "outlier", NULL, "%s.outlier: %s", dir, why);
	if (!terminated(p->trace_file, sizeof(p->trace_file)))
		return bad(k, s, "trace", NULL, "%s.trace: file name not terminated", dir);
	if (k->io && p->trace_file[0])
		return check_trace(k, s, dir, p->trace_file);
	return 0;
}

static int check_events(struct chk *k, int s, const struct ptpdk_sim_master *m)
{
	if (m->n_outages > PTPDK_SIM_MAX_EVENTS)
		return bad(k, s, "outage", NULL, "outage: %u outages (at most %d)", m->n_outages,
			   PTPDK_SIM_MAX_EVENTS);
	for (unsigned i = 0; i < m->n_outages; i++) {
		const struct ptpdk_sim_interval *o = &m->outages[i];

		if (!within(o->from_s, 0, MAX_TIME_S) || !(o->len_s > 0 && o->len_s <= MAX_TIME_S))
			return bad(k, s, "outage", NULL, "outage: from %g s for %g s", o->from_s,
				   o->len_s);
		if (i > 0 && o->from_s < m->outages[i - 1].from_s)
			return bad(k, s, "outage", NULL,
				   "outage: %g s comes before the previous outage (%g s); list "
				   "outages in time order",
				   o->from_s, m->outages[i - 1].from_s);
	}
	if (m->n_time_steps > PTPDK_SIM_MAX_EVENTS)
		return bad(k, s, "time_step", NULL, "time_step: %u steps (at most %d)",
			   m->n_time_steps, PTPDK_SIM_MAX_EVENTS);
	for (unsigned i = 0; i < m->n_time_steps; i++) {
		const struct ptpdk_sim_time_step *t = &m->time_steps[i];

		if (!within(t->at_s, 0, MAX_TIME_S) ||
		    !within(t->ns, -MAX_OFFSET_NS, MAX_OFFSET_NS))
			return bad(k, s, "time_step", NULL, "time_step: %g ns at %g s", t->ns,
				   t->at_s);
		if (i > 0 && t->at_s < m->time_steps[i - 1].at_s)
			return bad(k, s, "time_step", NULL,
				   "time_step: %g s comes before the previous step (%g s); list "
				   "steps in time order",
				   t->at_s, m->time_steps[i - 1].at_s);
	}
	return 0;
}

/* A TC's residence is meaningful only with a TC: refuse it without one, so that a typo
 * in "tc" does not silently give a link without the residence the file asked for. */
static int check_link(struct chk *k, int s, const struct ptpdk_sim_path *to,
		      const struct ptpdk_sim_path *from, const struct ptpdk_sim_tc *tc)
{
	if (check_path(k, s, "ms", to) || check_path(k, s, "sm", from))
		return -EINVAL;
	if (tc->mode != PTPDK_SIM_TC_NONE && tc->mode != PTPDK_SIM_TC_ONE_STEP &&
	    tc->mode != PTPDK_SIM_TC_TWO_STEP)
		return bad(k, s, "tc", NULL, "tc: unknown mode %d", (int)tc->mode);
	if (!within(tc->resolution_ns, 0, MAX_RES_NS))
		return bad(k, s, "tc_resolution", NULL, "tc_resolution: %g ns is out of range",
			   tc->resolution_ns);
	if (tc->mode == PTPDK_SIM_TC_NONE && (to->residence.kind != PTPDK_SIM_DIST_NONE ||
					      from->residence.kind != PTPDK_SIM_DIST_NONE))
		return bad(k, s, "residence", "tc",
			   "residence: the link has no transparent clock (tc = one_step or "
			   "two_step)");
	return 0;
}

static int check_master(struct chk *k, const struct ptpdk_sim_scenario *sc, unsigned i)
{
	const struct ptpdk_sim_master *m = &sc->masters[i];
	const int s = SLOT_MASTER0 + (int)i;
	static const struct {
		const char *key, *key2;
		size_t off;
	} logs[] = {
		{ "sync_rate", "log_sync_interval", MST(log_sync_interval) },
		{ "announce_rate", "log_announce_interval", MST(log_announce_interval) },
		{ "delay_req_rate", "log_min_delay_req_interval", MST(log_min_delay_req_interval) },
	};

	if (!terminated(m->name, sizeof(m->name)) || !m->name[0])
		return bad(k, s, NULL, NULL, "master %u has no name", i);
	for (unsigned j = 0; j < i; j++)
		if (strcmp(sc->masters[j].name, m->name) == 0)
			return bad(k, s, NULL, NULL, "duplicate master name '%s'", m->name);
	if (m->domain > 127)
		return bad(k, s, "domain", NULL, "domain: %u is out of range (0 .. 127)",
			   m->domain);
	for (size_t j = 0; j < ARRAY_SIZE(logs); j++) {
		int8_t v = *(const int8_t *)((const char *)m + logs[j].off);

		if (v < -7 || v > 7)
			return bad(k, s, logs[j].key, logs[j].key2,
				   "%s: %d is out of range (-7 .. 7)", logs[j].key2, v);
	}
	if (!within(m->time_offset_ns, -MAX_OFFSET_NS, MAX_OFFSET_NS))
		return bad(k, s, "time_offset", NULL, "time_offset: %g ns is out of range",
			   m->time_offset_ns);
	if (!within(m->start_s, 0, MAX_TIME_S))
		return bad(k, s, "start", NULL, "start: %g s is out of range", m->start_s);
	if (isnan(m->stop_s) || m->stop_s > MAX_TIME_S ||
	    (m->stop_s >= 0 && !(m->start_s < m->stop_s)))
		return bad(k, s, "stop", "start", "stop: %g s is not after start (%g s)", m->stop_s,
			   m->start_s);
	if (check_events(k, s, m))
		return -EINVAL;
	if (!within(m->resolution_ns, 0, MAX_RES_NS))
		return bad(k, s, "resolution", NULL, "resolution: %g ns is out of range",
			   m->resolution_ns);
	if (!within(m->corrupt, 0, 1) || !within(m->corrupt_ns, 0, MAX_OFFSET_NS))
		return bad(k, s, "corrupt", NULL, "corrupt: probability %g, delta %g ns",
			   m->corrupt, m->corrupt_ns);
	if (check_link(k, s, &m->to_slave, &m->from_slave, &m->tc))
		return -EINVAL;
	return 0;
}

/* A two-step TC would have to turn a one-step Sync into a two-step one, with a
 * Follow_Up of its own (1588-2008 11.5.2.3): not modelled. */
#define ONE_STEP_TWO_STEP_TC                                                                       \
	"two_step = no with tc = two_step: a two-step transparent clock would have to "            \
	"make one-step Syncs two-step, which is not modelled"

static int check_bc(struct chk *k, const struct ptpdk_sim_scenario *sc, unsigned i)
{
	const struct ptpdk_sim_bc *b = &sc->bcs[i];
	const int s = SLOT_BC0 + (int)i;

	if (!terminated(b->name, sizeof(b->name)) || !b->name[0])
		return bad(k, s, NULL, NULL, "boundary clock %u has no name", i);
	for (unsigned j = 0; j < i; j++)
		if (strcmp(sc->bcs[j].name, b->name) == 0)
			return bad(k, s, NULL, NULL, "duplicate boundary clock name '%s'", b->name);
	if (check_osc(k, s, &b->osc) || check_link(k, s, &b->to_slave, &b->from_slave, &b->tc))
		return -EINVAL;
	if (!b->two_step && b->tc.mode == PTPDK_SIM_TC_TWO_STEP)
		return bad(k, s, "two_step", "tc", ONE_STEP_TWO_STEP_TC);
	return 0;
}

/*
 * In a chain the grandmaster is a ptpdk engine on a perfect clock (ptpdk_sim_chain.h):
 * it sends from the start, all the time (two-step, or one-step with two_step no),
 * with its own true stamps. The
 * one-slave world's master events are not modelled there.
 */
static int check_chain(struct chk *k, const struct ptpdk_sim_scenario *sc)
{
	const struct ptpdk_sim_master *m = &sc->masters[0];
	const int s = SLOT_MASTER0;

	if (!ptpdk_sim_scenario_is_chain(sc))
		return 0;
	if (sc->n_masters != 1)
		return bad(k, -1, NULL, NULL,
			   "a chain (a [bc] or a tc on the master's link) has exactly one "
			   "master, not %u",
			   sc->n_masters);
	if (m->start_s != 0 || m->stop_s >= 0 || m->n_outages || m->n_time_steps)
		return bad(k, s, "start", "stop",
			   "start, stop, outage, time_step: not modelled in a chain (its "
			   "grandmaster is a ptpdk engine that runs from the start)");
	if (m->corrupt != 0)
		return bad(k, s, "corrupt", NULL, "corrupt: not modelled in a chain");
	if (!m->two_step && m->tc.mode == PTPDK_SIM_TC_TWO_STEP)
		return bad(k, s, "two_step", "tc", ONE_STEP_TWO_STEP_TC);
	return 0;
}

static int check_slave(struct chk *k, const struct ptpdk_sim_slave *sl)
{
	const int s = SLOT_SLAVE;

	if (!terminated(sl->servo, sizeof(sl->servo)) || !sl->servo[0])
		return bad(k, s, "servo", NULL, "servo: no name");
	if (sl->delay_filter_length < 1 || sl->delay_filter_length > I32_MAX)
		return bad(k, s, "delay_filter_length", NULL,
			   "delay_filter_length: %u is out of range", sl->delay_filter_length);
	if (!within(sl->first_step_threshold_ns, 0, MAX_OFFSET_NS))
		return bad(k, s, "first_step_threshold", NULL,
			   "first_step_threshold: %g ns is out of range",
			   sl->first_step_threshold_ns);
	if (!within(sl->step_threshold_ns, 0, MAX_OFFSET_NS))
		return bad(k, s, "step_threshold", NULL, "step_threshold: %g ns is out of range",
			   sl->step_threshold_ns);
	if (!within(sl->max_frequency_ppb, 0, I32_MAX))
		return bad(k, s, "max_frequency", NULL, "max_frequency: %g ppb is out of range",
			   sl->max_frequency_ppb);
	if (!within(sl->offset_threshold_ns, 0, I32_MAX))
		return bad(k, s, "servo_offset_threshold", NULL,
			   "servo_offset_threshold: %g ns is out of range",
			   sl->offset_threshold_ns);
	if (sl->num_offset_values > I32_MAX)
		return bad(k, s, "servo_num_offset_values", NULL,
			   "servo_num_offset_values: %u is out of range", sl->num_offset_values);
	if (!within(sl->max_path_delay_ns, 0, I32_MAX))
		return bad(k, s, "max_path_delay", NULL, "max_path_delay: %g ns is out of range",
			   sl->max_path_delay_ns);
	if (!within(sl->holdover_max_s, 0, 1e9))
		return bad(k, s, "holdover_max", NULL, "holdover_max: %g s is out of range",
			   sl->holdover_max_s);
	return 0;
}

static int check_all(const struct ptpdk_sim_scenario *sc, struct chk *k)
{
	if (check_scenario(k, sc) || check_osc(k, SLOT_OSC, &sc->osc) || check_slave(k, &sc->slave))
		return -EINVAL;
	if (sc->n_bcs > PTPDK_SIM_MAX_BCS)
		return bad(k, -1, NULL, NULL, "%u boundary clocks (at most %d)", sc->n_bcs,
			   PTPDK_SIM_MAX_BCS);
	for (unsigned i = 0; i < sc->n_masters; i++)
		if (check_master(k, sc, i))
			return -EINVAL;
	for (unsigned i = 0; i < sc->n_bcs; i++)
		if (check_bc(k, sc, i))
			return -EINVAL;
	return check_chain(k, sc);
}

bool ptpdk_sim_scenario_is_chain(const struct ptpdk_sim_scenario *sc)
{
	return sc->n_bcs > 0 || (sc->n_masters > 0 && sc->masters[0].tc.mode != PTPDK_SIM_TC_NONE);
}

int ptpdk_sim_scenario_check(const struct ptpdk_sim_scenario *sc, char *err, size_t err_len)
{
	struct chk k = { .io = true };

	if (err && err_len)
		err[0] = '\0';
	if (!sc)
		return plain_fail(err, err_len, "no scenario");
	if (!check_all(sc, &k))
		return 0;
	switch (k.slot) {
	case SLOT_SCENARIO:
		return plain_fail(err, err_len, "[scenario] %s", k.msg);
	case SLOT_OSC:
		return plain_fail(err, err_len, "[oscillator] %s", k.msg);
	case SLOT_SLAVE:
		return plain_fail(err, err_len, "[slave] %s", k.msg);
	case -1:
		return plain_fail(err, err_len, "%s", k.msg);
	default:
		if (k.slot >= SLOT_BC0)
			return plain_fail(err, err_len, "[bc %.64s] %s",
					  sc->bcs[k.slot - SLOT_BC0].name, k.msg);
		return plain_fail(err, err_len, "[master %.64s] %s",
				  sc->masters[k.slot - SLOT_MASTER0].name, k.msg);
	}
}

/* The line of the later of the keys that set the value the check refused. */
static unsigned issue_line(const struct ctx *c, const struct chk *k)
{
	enum section sec;
	unsigned line = 0;
	const char *keys[2] = { k->key, k->key2 };

	if (k->slot < 0 || k->slot >= N_SLOTS)
		return c->line;
	if (k->slot >= SLOT_BC0)
		sec = SEC_BC;
	else if (k->slot >= SLOT_MASTER0)
		sec = SEC_MASTER;
	else
		sec = (enum section)(SEC_SCENARIO + k->slot);
	for (int i = 0; i < 2; i++) {
		const struct key *key = keys[i] ? find_key(sec, keys[i]) : NULL;

		if (key) {
			unsigned l = c->key_line[k->slot][key - sections[sec].keys];

			line = l > line ? l : line;
		}
	}
	if (!line)
		line = c->section_line[k->slot];
	return line ? line : c->line;
}

/* --- files and strings --- */

static unsigned lines_in(const char *text, size_t n)
{
	unsigned lines = 1;

	for (size_t i = 0; i < n; i++)
		lines += text[i] == '\n';
	return lines;
}

static int parse_text(struct ptpdk_sim_scenario *sc, const char *text, const char *origin,
		      const char *base_dir, bool io, char *err, size_t err_len)
{
	struct ctx ctx = { 0 }, *c = &ctx;
	struct chk k = { .io = io };
	const char *p;
	size_t n;
	int rc = 0;

	if (err && err_len)
		err[0] = '\0';
	if (!origin)
		origin = "<string>";
	if (!sc || !text)
		return plain_fail(err, err_len, "%s: no scenario or no text", origin);
	ptpdk_sim_scenario_init(sc);
	c->sc = sc;
	c->origin = origin;
	c->base_dir = base_dir;
	c->err = err;
	c->err_len = err_len;
	c->slot = -1;
	n = strnlen(text, (size_t)TEXT_MAX_BYTES + 1);
	if (n > TEXT_MAX_BYTES) {
		c->line = lines_in(text, TEXT_MAX_BYTES);
		return fail(c, "more than %d bytes", TEXT_MAX_BYTES);
	}
	for (p = text; *p && rc == 0;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[LINE_MAX_CHARS + 2];

		c->line++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > LINE_MAX_CHARS) {
			c->key = NULL;
			rc = fail(c, "line longer than %d characters", LINE_MAX_CHARS);
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		rc = parse_line(c, line);
		p = eol ? eol + 1 : p + strlen(p);
	}
	if (rc == 0 && check_all(sc, &k)) {
		c->line = issue_line(c, &k);
		c->key = NULL;
		rc = fail(c, "%s", k.msg);
	}
	return rc;
}

int ptpdk_sim_scenario_parse(struct ptpdk_sim_scenario *sc, const char *text, const char *origin,
			     const char *base_dir, char *err, size_t err_len)
{
	return parse_text(sc, text, origin, base_dir, false, err, err_len);
}

int ptpdk_sim_scenario_load(struct ptpdk_sim_scenario *sc, const char *path, char *err,
			    size_t err_len)
{
	const char *slash;
	char *dir = NULL, *buf;
	const char *nul;
	FILE *f;
	size_t n;
	int rc;

	if (err && err_len)
		err[0] = '\0';
	if (!sc || !path)
		return plain_fail(err, err_len, "no scenario or no file name");
	f = fopen(path, "rb");
	if (!f) {
		rc = -errno;
		plain_fail(err, err_len, "%s: %s", path, strerror(-rc));
		return rc;
	}
	/* one byte more than allowed, so that the parser sees an oversized file */
	buf = malloc((size_t)TEXT_MAX_BYTES + 2);
	if (!buf) {
		fclose(f);
		plain_fail(err, err_len, "%s: out of memory", path);
		return -ENOMEM;
	}
	errno = 0;
	n = fread(buf, 1, (size_t)TEXT_MAX_BYTES + 1, f);
	if (ferror(f)) {
		rc = errno ? -errno : -EIO;
		fclose(f);
		free(buf);
		plain_fail(err, err_len, "%s: %s", path, strerror(-rc));
		return rc;
	}
	fclose(f);
	buf[n] = '\0';
	nul = memchr(buf, '\0', n);
	if (nul) {
		rc = plain_fail(err, err_len, "%s:%u: NUL byte", path,
				lines_in(buf, (size_t)(nul - buf)));
		free(buf);
		return rc;
	}
	slash = strrchr(path, '/');
	if (slash) {
		size_t len = slash == path ? 1 : (size_t)(slash - path);

		dir = malloc(len + 1);
		if (!dir) {
			free(buf);
			plain_fail(err, err_len, "%s: out of memory", path);
			return -ENOMEM;
		}
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	rc = parse_text(sc, buf, path, dir, true, err, err_len);
	free(dir);
	free(buf);
	return rc;
}

/* The named sections: masters and boundary clocks. */
struct named {
	enum section sec;
	int slot0;
	unsigned n;
	const char *what;
};

static const char *named_name(const struct ptpdk_sim_scenario *sc, enum section sec, unsigned i)
{
	return sec == SEC_BC ? sc->bcs[i].name : sc->masters[i].name;
}

static void *named_obj(struct ptpdk_sim_scenario *sc, enum section sec, unsigned i)
{
	return sec == SEC_BC ? (void *)&sc->bcs[i] : (void *)&sc->masters[i];
}

/* "NAME.KEY" for one of them, "KEY" (maybe "ms.KEY") for all. */
static int override_named(struct ctx *c, const struct named *nd, const char *rest)
{
	const char *dot = strchr(rest, '.');
	struct ptpdk_sim_scenario *sc = c->sc;

	if (dot && !dir_prefix(rest)) {
		size_t len = (size_t)(dot - rest);

		for (unsigned i = 0; i < nd->n; i++) {
			const char *name = named_name(sc, nd->sec, i);

			if (strlen(name) == len && strncmp(name, rest, len) == 0) {
				c->slot = nd->slot0 + (int)i;
				return set_key(c, nd->sec, named_obj(sc, nd->sec, i), dot + 1);
			}
		}
		return fail(c, "unknown %s '%.*s'", nd->what, (int)(len < 64 ? len : 64), rest);
	}
	if (nd->n == 0)
		return fail(c, "no %ss", nd->what);
	for (unsigned i = 0; i < nd->n; i++) {
		c->slot = nd->slot0 + (int)i;
		if (set_key(c, nd->sec, named_obj(sc, nd->sec, i), rest))
			return -EINVAL;
	}
	return 0;
}

static int override(struct ctx *c, const char *assignment)
{
	char lhs[LINE_MAX_CHARS + 1], shown[LINE_MAX_CHARS + 1], rhs[LINE_MAX_CHARS + 1];
	const char *eq = strchr(assignment, '=');
	char *key, *val, *dot;
	int cc = control_char(assignment);
	size_t len;
	static const struct {
		const char *name;
		enum section sec;
		int slot;
	} fixed[] = {
		{ "scenario", SEC_SCENARIO, SLOT_SCENARIO },
		{ "oscillator", SEC_OSC, SLOT_OSC },
		{ "slave", SEC_SLAVE, SLOT_SLAVE },
	};

	if (strnlen(assignment, LINE_MAX_CHARS + 1) > LINE_MAX_CHARS)
		return fail(c, "longer than %d characters", LINE_MAX_CHARS);
	if (cc >= 0)
		return fail(c, "control character 0x%02x", (unsigned)cc);
	if (!eq)
		return fail(c,
			    "expected SECTION.KEY=VALUE (e.g. scenario.duration=600s), got "
			    "'%.64s'",
			    assignment);
	len = (size_t)(eq - assignment);
	memcpy(lhs, assignment, len);
	lhs[len] = '\0';
	key = trim(lhs);
	snprintf(shown, sizeof(shown), "%s", key);
	c->key = shown;
	snprintf(rhs, sizeof(rhs), "%s", eq + 1);
	val = trim(rhs);
	if (!*val)
		return fail(c, "missing value");
	split_value(&c->v, val);
	dot = strchr(key, '.');
	if (!dot)
		return fail(c, "expected SECTION.KEY (scenario, oscillator, slave, master[.NAME], "
			       "bc[.NAME])");
	*dot = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		if (strcmp(key, fixed[i].name) == 0) {
			c->slot = fixed[i].slot;
			return set_key(c, fixed[i].sec, NULL, dot + 1);
		}
	if (strcmp(key, "master") == 0) {
		const struct named nd = { SEC_MASTER, SLOT_MASTER0, c->sc->n_masters, "master" };

		return override_named(c, &nd, dot + 1);
	}
	if (strcmp(key, "bc") == 0) {
		const struct named nd = { SEC_BC, SLOT_BC0, c->sc->n_bcs, "boundary clock" };

		return override_named(c, &nd, dot + 1);
	}
	return fail(c, "unknown section '%.64s' (scenario, oscillator, slave, master, bc)", key);
}

int ptpdk_sim_scenario_override(struct ptpdk_sim_scenario *sc, const char *assignment, char *err,
				size_t err_len)
{
	struct ctx c = { .origin = "override", .err = err, .err_len = err_len, .slot = -1 };
	struct ptpdk_sim_scenario tmp;

	if (err && err_len)
		err[0] = '\0';
	if (!sc || !assignment)
		return plain_fail(err, err_len, "override: no scenario or no assignment");
	/* all or nothing: a refused override leaves the scenario as it was */
	tmp = *sc;
	c.sc = &tmp;
	if (override(&c, assignment))
		return -EINVAL;
	*sc = tmp;
	return 0;
}
