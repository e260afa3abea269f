/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_compliance_record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ptpdk_compliance_time.h"

static const char *const kind_names[PTPDK_COMPLIANCE_KIND_COUNT] = {
	[PTPDK_COMPLIANCE_GENESIS] = "genesis", [PTPDK_COMPLIANCE_RESUME] = "resume",
	[PTPDK_COMPLIANCE_SAMPLE] = "sample",	[PTPDK_COMPLIANCE_ALARM] = "alarm",
	[PTPDK_COMPLIANCE_CLEAR] = "clear",	[PTPDK_COMPLIANCE_LOST] = "lost",
	[PTPDK_COMPLIANCE_STOP] = "stop",
};

#define HASH_KEY " hash="

const char *ptpdk_compliance_kind_name(enum ptpdk_compliance_kind kind)
{
	return (unsigned)kind < PTPDK_COMPLIANCE_KIND_COUNT ? kind_names[kind] : "?";
}

static bool name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

bool ptpdk_compliance_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > PTPDK_COMPLIANCE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char(name[i]))
			return false;
	return true;
}

static bool state_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > PTPDK_COMPLIANCE_STATE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_'))
			return false;
	return true;
}

/* A bounded string builder: the first overflow sticks, so callers check once. */
struct builder {
	char *buf;
	size_t size, len;
	bool overflow;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
add(struct builder *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->size - b->len)
		b->overflow = true;
	else
		b->len += (size_t)n;
}

static void add_time(struct builder *b, const char *key, bool valid, int64_t ns)
{
	char t[PTPDK_COMPLIANCE_TIME_LEN + 1];

	if (!valid) {
		add(b, " %s=-", key);
		return;
	}
	ptpdk_compliance_time_format(ns, t);
	add(b, " %s=%s", key, t);
}

static void add_hex(struct builder *b, const char *key, const uint8_t digest[PTPDK_SHA256_LEN])
{
	char hex[PTPDK_SHA256_HEX_LEN + 1];

	ptpdk_sha256_to_hex(digest, hex);
	add(b, " %s=%s", key, hex);
}

static void add_gm(struct builder *b, const struct ptpdk_compliance_record *r)
{
	const uint8_t *id = r->gm_identity;

	if (!r->have_gm) {
		add(b, " gm=- class=-");
		return;
	}
	add(b, " gm=%02x%02x%02x.%02x%02x.%02x%02x%02x class=%u", id[0], id[1], id[2], id[3], id[4],
	    id[5], id[6], id[7], r->gm_clock_class);
}

/* Everything the hash covers: the line up to (not including) " hash=". */
static void add_body(struct builder *b, const struct ptpdk_compliance_record *r)
{
	add(b, "%s seq=%" PRIu64 " kind=%s", PTPDK_COMPLIANCE_TAG, r->seq,
	    ptpdk_compliance_kind_name(r->kind));
	add_time(b, "utc", r->utc_valid, r->utc_ns);
	add_time(b, "realtime", true, r->realtime_ns);
	add(b, " instance=%s", r->instance);
	add_gm(b, r);
	add(b, " clock=%s port=%s offset_ns=%" PRId64, r->clock_state, r->port_state, r->offset_ns);
	if (r->bounded)
		add(b, " bound_ns=%" PRIu64, r->bound_ns);
	else
		add(b, " bound_ns=inf");
	add(b, " holdover=%d alarm=%d max_ns=%" PRIu64, r->holdover, r->alarm, r->max_ns);
	if (r->kind == PTPDK_COMPLIANCE_LOST)
		add(b, " lost=%" PRIu64, r->lost);
	if (r->kind == PTPDK_COMPLIANCE_RESUME)
		add(b, " gap_s=%" PRIu64 " torn_bytes=%" PRIu64, r->gap_s, r->torn_bytes);
	add_hex(b, "prev", r->prev);
}

int ptpdk_compliance_record_format(struct ptpdk_compliance_record *rec, char *line, size_t size)
{
	struct builder b = { .buf = line, .size = size };
	size_t body_len;

	if ((unsigned)rec->kind >= PTPDK_COMPLIANCE_KIND_COUNT ||
	    !ptpdk_compliance_name_valid(rec->instance) || !state_valid(rec->clock_state) ||
	    !state_valid(rec->port_state))
		return -EINVAL;
	if (size == 0)
		return -ENOSPC;
	add_body(&b, rec);
	body_len = b.len;
	if (!b.overflow)
		ptpdk_sha256(line, body_len, rec->hash);
	add_hex(&b, "hash", rec->hash);
	add(&b, "\n");
	if (b.overflow || b.len >= PTPDK_COMPLIANCE_LINE_MAX)
		return -ENOSPC;
	return (int)b.len;
}

/* ---- parsing ---- */

/* Walks the fields of a line in their fixed order. */
struct cursor {
	const char *p, *end;
	char *why;
	size_t whylen;
	int rc; /* the first error sticks */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
fail(struct cursor *c, const char *fmt, ...)
{
	va_list ap;

	if (c->rc)
		return;
	c->rc = -EBADMSG;
	if (!c->why || c->whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(c->why, c->whylen, fmt, ap);
	va_end(ap);
}

/* The next "key=value": @return the value and its length, or NULL after fail(). */
static const char *field(struct cursor *c, const char *key, size_t *vlen)
{
	size_t klen = strlen(key);
	const char *v, *sp;

	if (c->rc)
		return NULL;
	if (c->p >= c->end || *c->p != ' ' || (size_t)(c->end - c->p - 1) < klen + 1 ||
	    memcmp(c->p + 1, key, klen) != 0 || c->p[1 + klen] != '=') {
		fail(c, "field '%s' missing or out of place", key);
		return NULL;
	}
	v = c->p + 1 + klen + 1;
	sp = memchr(v, ' ', (size_t)(c->end - v));
	*vlen = (size_t)((sp ? sp : c->end) - v);
	c->p = v + *vlen;
	if (*vlen == 0) {
		fail(c, "field '%s' is empty", key);
		return NULL;
	}
	return v;
}

static bool parse_u64_text(const char *v, size_t n, uint64_t *out)
{
	uint64_t x = 0;

	if (n == 0 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(v[i] - '0');

		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*out = x;
	return true;
}

static uint64_t field_u64(struct cursor *c, const char *key)
{
	size_t n;
	const char *v = field(c, key, &n);
	uint64_t x = 0;

	if (v && !parse_u64_text(v, n, &x))
		fail(c, "field '%s' is not a number", key);
	return x;
}

static int64_t field_i64(struct cursor *c, const char *key)
{
	size_t n;
	const char *v = field(c, key, &n);
	bool neg = v && v[0] == '-';
	uint64_t x = 0;

	if (!v)
		return 0;
	if (!parse_u64_text(v + neg, n - neg, &x) || x > (uint64_t)INT64_MAX) {
		fail(c, "field '%s' is not a number", key);
		return 0;
	}
	return neg ? -(int64_t)x : (int64_t)x;
}

static bool field_flag(struct cursor *c, const char *key)
{
	size_t n;
	const char *v = field(c, key, &n);

	if (v && !(n == 1 && (v[0] == '0' || v[0] == '1')))
		fail(c, "field '%s' is not 0 or 1", key);
	return v && v[0] == '1';
}

static bool field_time(struct cursor *c, const char *key, bool may_be_unknown, int64_t *ns)
{
	size_t n;
	const char *v = field(c, key, &n);

	if (!v)
		return false;
	if (may_be_unknown && n == 1 && v[0] == '-')
		return false;
	if (ptpdk_compliance_time_parse(v, n, ns) != 0)
		fail(c, "field '%s' is not a time", key);
	return true;
}

static void field_text(struct cursor *c, const char *key, char *out, size_t size,
		       bool (*valid)(const char *))
{
	size_t n;
	const char *v = field(c, key, &n);

	out[0] = '\0';
	if (!v)
		return;
	if (n >= size) {
		fail(c, "field '%s' is too long", key);
		return;
	}
	memcpy(out, v, n);
	out[n] = '\0';
	if (!valid(out))
		fail(c, "field '%s' has a bad value", key);
}

static void field_kind(struct cursor *c, enum ptpdk_compliance_kind *kind)
{
	size_t n;
	const char *v = field(c, "kind", &n);

	if (!v)
		return;
	for (unsigned k = 0; k < PTPDK_COMPLIANCE_KIND_COUNT; k++)
		if (strlen(kind_names[k]) == n && memcmp(kind_names[k], v, n) == 0) {
			*kind = (enum ptpdk_compliance_kind)k;
			return;
		}
	fail(c, "unknown kind '%.*s'", (int)(n > 20 ? 20 : n), v);
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1; /* the line is written in lower case: anything else was edited */
}

/* linuxptp's spelling of a clockIdentity: xxxxxx.xxxx.xxxxxx */
static bool parse_clock_identity(const char *v, size_t n, uint8_t id[8])
{
	unsigned k = 0;
	int nibbles[16];

	if (n != 18 || v[6] != '.' || v[11] != '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (i == 6 || i == 11)
			continue;
		nibbles[k] = hex_digit(v[i]);
		if (nibbles[k++] < 0)
			return false;
	}
	for (unsigned i = 0; i < 8; i++)
		id[i] = (uint8_t)(nibbles[2 * i] << 4 | nibbles[2 * i + 1]);
	return true;
}

static void field_gm(struct cursor *c, struct ptpdk_compliance_record *r)
{
	size_t n, cn;
	const char *v = field(c, "gm", &n);
	const char *cls = field(c, "class", &cn);
	uint64_t class_value;

	if (!v || !cls)
		return;
	r->have_gm = !(n == 1 && v[0] == '-');
	if (!r->have_gm) {
		if (!(cn == 1 && cls[0] == '-'))
			fail(c, "field 'class' without a grandmaster");
		return;
	}
	if (!parse_clock_identity(v, n, r->gm_identity))
		fail(c, "field 'gm' is not a clockIdentity");
	else if (!parse_u64_text(cls, cn, &class_value) || class_value > 255)
		fail(c, "field 'class' is not 0..255");
	else
		r->gm_clock_class = (uint8_t)class_value;
}

static void field_bound(struct cursor *c, struct ptpdk_compliance_record *r)
{
	size_t n;
	const char *v = field(c, "bound_ns", &n);

	r->bounded = false;
	if (!v || (n == 3 && memcmp(v, "inf", 3) == 0))
		return;
	if (!parse_u64_text(v, n, &r->bound_ns))
		fail(c, "field 'bound_ns' is not a number");
	r->bounded = true;
}

static void field_digest(struct cursor *c, const char *key, uint8_t digest[PTPDK_SHA256_LEN])
{
	size_t n;
	const char *v = field(c, key, &n);

	if (v && (n != PTPDK_SHA256_HEX_LEN || ptpdk_sha256_from_hex(v, digest) != 0))
		fail(c, "field '%s' is not 64 hex digits", key);
}

static void parse_body(struct cursor *c, struct ptpdk_compliance_record *r)
{
	r->seq = field_u64(c, "seq");
	field_kind(c, &r->kind);
	r->utc_valid = field_time(c, "utc", true, &r->utc_ns);
	field_time(c, "realtime", false, &r->realtime_ns);
	field_text(c, "instance", r->instance, sizeof(r->instance), ptpdk_compliance_name_valid);
	field_gm(c, r);
	field_text(c, "clock", r->clock_state, sizeof(r->clock_state), state_valid);
	field_text(c, "port", r->port_state, sizeof(r->port_state), state_valid);
	r->offset_ns = field_i64(c, "offset_ns");
	field_bound(c, r);
	r->holdover = field_flag(c, "holdover");
	r->alarm = field_flag(c, "alarm");
	r->max_ns = field_u64(c, "max_ns");
	if (!c->rc && r->kind == PTPDK_COMPLIANCE_LOST)
		r->lost = field_u64(c, "lost");
	if (!c->rc && r->kind == PTPDK_COMPLIANCE_RESUME) {
		r->gap_s = field_u64(c, "gap_s");
		r->torn_bytes = field_u64(c, "torn_bytes");
	}
	field_digest(c, "prev", r->prev);
	if (!c->rc && c->p != c->end)
		fail(c, "unexpected text after 'prev'");
}

/* The last " hash=" of the line starts its final field. */
static const char *find_hash_field(const char *line, size_t len)
{
	size_t klen = strlen(HASH_KEY);

	if (len < klen + PTPDK_SHA256_HEX_LEN)
		return NULL;
	if (memcmp(line + len - PTPDK_SHA256_HEX_LEN - klen, HASH_KEY, klen) != 0)
		return NULL;
	return line + len - PTPDK_SHA256_HEX_LEN - klen;
}

int ptpdk_compliance_record_parse(const char *line, size_t len, struct ptpdk_compliance_record *rec,
				  char *why, size_t whylen)
{
	size_t tag_len = strlen(PTPDK_COMPLIANCE_TAG);
	struct cursor c = { .p = line, .why = why, .whylen = whylen };
	uint8_t digest[PTPDK_SHA256_LEN];
	const char *hash_field;

	memset(rec, 0, sizeof(*rec));
	if (why && whylen)
		why[0] = '\0';
	if (len >= PTPDK_COMPLIANCE_LINE_MAX || memchr(line, '\0', len)) {
		fail(&c, len >= PTPDK_COMPLIANCE_LINE_MAX ? "line too long" : "NUL byte in line");
		return c.rc;
	}
	if (len < tag_len || memcmp(line, PTPDK_COMPLIANCE_TAG, tag_len) != 0) {
		fail(&c, "not a %s record", PTPDK_COMPLIANCE_TAG);
		return c.rc;
	}
	hash_field = find_hash_field(line, len);
	if (!hash_field) {
		fail(&c, "no 'hash' field at the end of the line");
		return c.rc;
	}
	c.p = line + tag_len;
	c.end = hash_field;
	parse_body(&c, rec);
	if (!c.rc && ptpdk_sha256_from_hex(hash_field + strlen(HASH_KEY), rec->hash) != 0)
		fail(&c, "field 'hash' is not 64 hex digits");
	if (c.rc)
		return c.rc;
	ptpdk_sha256(line, (size_t)(hash_field - line), digest);
	if (memcmp(digest, rec->hash, sizeof(digest)) != 0) {
		if (why && whylen)
			snprintf(why, whylen, "hash does not match the line's content");
		return -EILSEQ;
	}
	return 0;
}
