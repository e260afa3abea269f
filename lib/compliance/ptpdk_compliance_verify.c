/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_compliance_verify.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ptpdk_compliance_verify_init(struct ptpdk_compliance_verifier *v)
{
	memset(v, 0, sizeof(*v));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
broken(struct ptpdk_compliance_verifier *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
	v->failed = true;
	return -EBADMSG;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static int check_anchor(struct ptpdk_compliance_verifier *v,
			const struct ptpdk_compliance_record *r)
{
	if (r->kind != PTPDK_COMPLIANCE_GENESIS)
		return 0;
	if (r->seq != 1 || !all_zero(r->prev, sizeof(r->prev)))
		return broken(v, "genesis record with seq %" PRIu64 " or a non-zero prev", r->seq);
	v->sum.from_genesis = true;
	return 0;
}

/* Why @p r does not follow v->last, in the words an auditor needs. */
static int check_link(struct ptpdk_compliance_verifier *v, const struct ptpdk_compliance_record *r)
{
	const struct ptpdk_compliance_record *last = &v->last;
	uint64_t want = last->seq + 1;

	if (strcmp(r->instance, last->instance) != 0)
		return broken(v, "line from another chain: instance %s, the chain is %s",
			      r->instance, last->instance);
	if (r->kind == PTPDK_COMPLIANCE_GENESIS)
		return broken(v, "a second genesis record: a new chain starts in the middle");
	if (memcmp(r->prev, last->hash, sizeof(r->prev)) == 0) {
		if (r->seq != want)
			return broken(v, "seq %" PRIu64 " after seq %" PRIu64 " on an intact link",
				      r->seq, last->seq);
		return 0;
	}
	if (r->seq > want)
		return broken(v,
			      "does not link to the previous line: seq jumps from %" PRIu64
			      " to %" PRIu64 " (%" PRIu64 " line(s) deleted or moved)",
			      last->seq, r->seq, r->seq - want);
	if (r->seq < want)
		return broken(v,
			      "does not link to the previous line: seq goes back from %" PRIu64
			      " to %" PRIu64 " (lines moved or inserted)",
			      last->seq, r->seq);
	return broken(v,
		      "does not link to the previous line (seq %" PRIu64
		      " as expected): the line before was replaced, or this line comes from "
		      "another chain",
		      r->seq);
}

static void account(struct ptpdk_compliance_summary *s, const struct ptpdk_compliance_record *r)
{
	if (s->records++ == 0)
		s->first_seq = r->seq;
	if (r->utc_valid) {
		if (!s->have_span)
			s->first_utc_ns = r->utc_ns;
		s->last_utc_ns = r->utc_ns;
		s->have_span = true;
	}
	switch (r->kind) {
	case PTPDK_COMPLIANCE_ALARM:
		s->alarms_raised++;
		break;
	case PTPDK_COMPLIANCE_CLEAR:
		s->alarms_cleared++;
		break;
	case PTPDK_COMPLIANCE_RESUME:
		s->restarts++;
		s->gap_s += r->gap_s;
		break;
	case PTPDK_COMPLIANCE_LOST:
		s->lost_records += r->lost;
		break;
	case PTPDK_COMPLIANCE_STOP:
		s->clean_stops++;
		break;
	default:
		break;
	}
	s->alarm_active = r->alarm;
}

int ptpdk_compliance_verify_line(struct ptpdk_compliance_verifier *v, const char *line, size_t len,
				 bool complete)
{
	struct ptpdk_compliance_record r;
	char why[160];
	int rc;

	if (v->failed)
		return -EBADMSG;
	if (!complete)
		return broken(v, "truncated: the last line ends without a newline");
	rc = ptpdk_compliance_record_parse(line, len, &r, why, sizeof(why));
	if (rc == -EILSEQ)
		return broken(v, "edited: %s", why);
	if (rc != 0)
		return broken(v, "not a record: %s", why);
	rc = v->have_last ? check_link(v, &r) : check_anchor(v, &r);
	if (rc)
		return rc;
	account(&v->sum, &r);
	v->last = r;
	v->have_last = true;
	return 0;
}
