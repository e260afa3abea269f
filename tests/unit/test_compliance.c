/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The compliance log (lib/compliance): SHA-256 against FIPS 180-4's examples, the line
 * format, the hash chain and its verifier against each kind of tampering, the writer
 * across restarts, day changes and a full disk (a failing write op), and the alarm's
 * hysteresis. Files go to a fresh temporary directory.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ptpdk_compliance_alarm.h"
#include "ptpdk_compliance_chain.h"
#include "ptpdk_compliance_time.h"
#include "ptpdk_compliance_verify.h"
#include "ptpdk_compliance_writer.h"
#include "ptpdk_sha256.h"

#define NS_PER_S    1000000000LL
#define DAY_2025_03 1740787200LL /* 2025-03-01T00:00:00Z */
#define MAX_LINES   64

static void check_digest(const void *msg, size_t len, const char *want_hex)
{
	uint8_t d[PTPDK_SHA256_LEN];
	char hex[PTPDK_SHA256_HEX_LEN + 1];

	ptpdk_sha256(msg, len, d);
	ptpdk_sha256_to_hex(d, hex);
	CHECK(strcmp(hex, want_hex) == 0);
}

/* FIPS 180-4's examples (NIST's SHA256.pdf) and the usual long-message vectors. */
static void test_sha256(void)
{
	struct ptpdk_sha256 s;
	uint8_t d[PTPDK_SHA256_LEN], back[PTPDK_SHA256_LEN];
	char hex[PTPDK_SHA256_HEX_LEN + 1], block[1000];

	check_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklm"
		     "nopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		     112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* one million 'a', fed in pieces that straddle block boundaries */
	memset(block, 'a', sizeof(block));
	ptpdk_sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		ptpdk_sha256_update(&s, block, sizeof(block));
	ptpdk_sha256_final(&s, d);
	ptpdk_sha256_to_hex(d, hex);
	CHECK(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0);
	CHECK_EQ_INT(ptpdk_sha256_from_hex(hex, back), 0);
	CHECK_MEM(back, d, sizeof(d));
	CHECK_EQ_INT(ptpdk_sha256_from_hex("12zz", back), -EINVAL);
	CHECK_EQ_INT(ptpdk_sha256_from_hex("", back), -EINVAL);
}

static void test_time(void)
{
	char buf[PTPDK_COMPLIANCE_TIME_LEN + 1], day[11];
	int64_t ns = 0;

	ptpdk_compliance_time_format(0, buf);
	CHECK(strcmp(buf, "1970-01-01T00:00:00.000000000Z") == 0);
	ptpdk_compliance_time_format(951868800LL * NS_PER_S + 5, buf); /* leap day 2000 */
	CHECK(strcmp(buf, "2000-03-01T00:00:00.000000005Z") == 0);
	ptpdk_compliance_time_format((DAY_2025_03 - 1) * NS_PER_S + 999999999, buf);
	CHECK(strcmp(buf, "2025-02-28T23:59:59.999999999Z") == 0);
	ptpdk_compliance_time_format(-1, buf);
	CHECK(strcmp(buf, "1969-12-31T23:59:59.999999999Z") == 0);
	ptpdk_compliance_day_format(DAY_2025_03 * NS_PER_S, day);
	CHECK(strcmp(day, "2025-03-01") == 0);
	/* a random round trip, then the calendar's refusals */
	for (int i = 0; i < 1000; i++) {
		int64_t t = (int64_t)(check_rand() % (uint64_t)(8000000000LL)) * NS_PER_S / 2 +
			    (int64_t)(check_rand() % NS_PER_S);

		ptpdk_compliance_time_format(t, buf);
		CHECK(ptpdk_compliance_time_parse(buf, strlen(buf), &ns) == 0 && ns == t);
	}
	CHECK(ptpdk_compliance_time_parse("2023-02-29T00:00:00.000000000Z", 30, &ns) == -EINVAL);
	CHECK(ptpdk_compliance_time_parse("2025-13-01T00:00:00.000000000Z", 30, &ns) == -EINVAL);
	CHECK(ptpdk_compliance_time_parse("2025-03-01T24:00:00.000000000Z", 30, &ns) == -EINVAL);
	CHECK(ptpdk_compliance_time_parse("2025-03-01T00:00:00.00000000xZ", 30, &ns) == -EINVAL);
}

/* A record as the daemon makes it, at @p t_s seconds into 2025-03-01. */
static struct ptpdk_compliance_record sample_at(int64_t t_s, double bound_ns)
{
	struct ptpdk_compliance_record r = { .kind = PTPDK_COMPLIANCE_SAMPLE };
	static const uint8_t gm[8] = { 0x00, 0x1b, 0x19, 0xff, 0xfe, 0x00, 0x00, 0x01 };

	r.utc_valid = true;
	r.utc_ns = (DAY_2025_03 + t_s) * NS_PER_S + 123;
	r.realtime_ns = r.utc_ns + 4500;
	r.have_gm = true;
	memcpy(r.gm_identity, gm, sizeof(gm));
	r.gm_clock_class = 6;
	strcpy(r.clock_state, "LOCKED");
	strcpy(r.port_state, "SLAVE");
	r.offset_ns = -12;
	r.bounded = isfinite(bound_ns);
	r.bound_ns = r.bounded ? (uint64_t)ceil(bound_ns) : 0;
	r.max_ns = 100000;
	return r;
}

struct lines {
	char text[MAX_LINES][PTPDK_COMPLIANCE_LINE_MAX];
	unsigned n;
};

/* @p n chained records of @p instance with bound @p bound_ns, as lines without their
 * newline. */
static void build_chain_bound(struct lines *l, const char *instance, unsigned n, double bound_ns)
{
	struct ptpdk_compliance_chain c;

	CHECK_EQ_INT(ptpdk_compliance_chain_init(&c, instance), 0);
	l->n = 0;
	for (unsigned i = 0; i < n; i++) {
		struct ptpdk_compliance_record r = sample_at(i, bound_ns);
		int len;

		r.kind = i == 0 ? PTPDK_COMPLIANCE_GENESIS : PTPDK_COMPLIANCE_SAMPLE;
		len = ptpdk_compliance_chain_format(&c, &r, l->text[l->n],
						    PTPDK_COMPLIANCE_LINE_MAX);
		CHECK(len > 0 && l->text[l->n][len - 1] == '\n');
		l->text[l->n++][len - 1] = '\0';
		ptpdk_compliance_chain_commit(&c, &r);
	}
}

static void build_chain(struct lines *l, const char *instance, unsigned n)
{
	build_chain_bound(l, instance, n, 85);
}

/* @return the 1-based number of the first broken line, 0 when intact. */
static unsigned verify_lines(const struct lines *l, bool last_complete, char *why, size_t size)
{
	struct ptpdk_compliance_verifier v;

	ptpdk_compliance_verify_init(&v);
	for (unsigned i = 0; i < l->n; i++)
		if (ptpdk_compliance_verify_line(&v, l->text[i], strlen(l->text[i]),
						 i + 1 < l->n || last_complete) != 0) {
			snprintf(why, size, "%s", v.why);
			return i + 1;
		}
	return 0;
}

static void test_record_round_trip(void)
{
	struct ptpdk_compliance_record r = sample_at(5, INFINITY), back;
	char line[PTPDK_COMPLIANCE_LINE_MAX], why[200];
	int len;

	strcpy(r.instance, "ptpdk0");
	r.kind = PTPDK_COMPLIANCE_RESUME;
	r.gap_s = 3600;
	r.torn_bytes = 17;
	r.holdover = true;
	r.alarm = true;
	len = ptpdk_compliance_record_format(&r, line, sizeof(line));
	CHECK(len > 0);
	printf("example line: %s", line);
	CHECK(strstr(line, " kind=resume ") && strstr(line, " bound_ns=inf ") &&
	      strstr(line, " gm=001b19.fffe.000001 class=6 ") && strstr(line, " gap_s=3600 "));
	CHECK_EQ_INT(ptpdk_compliance_record_parse(line, (size_t)len - 1, &back, why, sizeof(why)),
		     0);
	CHECK(back.kind == r.kind && back.utc_ns == r.utc_ns && back.realtime_ns == r.realtime_ns);
	CHECK(back.gap_s == 3600 && back.torn_bytes == 17 && !back.bounded && back.holdover);
	CHECK(back.alarm && back.offset_ns == -12 && back.gm_clock_class == 6);
	CHECK_MEM(back.hash, r.hash, sizeof(r.hash));
	CHECK_EQ_INT(ptpdk_compliance_record_format(&r, line, 40), -ENOSPC);
	strcpy(r.instance, "bad name");
	CHECK_EQ_INT(ptpdk_compliance_record_format(&r, line, sizeof(line)), -EINVAL);
	/* garbage is refused with a reason, never a crash */
	CHECK_EQ_INT(ptpdk_compliance_record_parse("hello", 5, &back, why, sizeof(why)), -EBADMSG);
	CHECK(why[0] != '\0');
	for (int i = 0; i < 2000; i++) {
		char junk[PTPDK_COMPLIANCE_LINE_MAX];
		size_t n = check_rand() % sizeof(junk);

		check_rand_bytes((uint8_t *)junk, n);
		CHECK(ptpdk_compliance_record_parse(junk, n, &back, why, sizeof(why)) != 0);
	}
}

static void test_chain_intact_and_tampered(void)
{
	struct lines l, other;
	char why[200], *p;
	unsigned n = 10;

	build_chain(&l, "ptpdk0", n);
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 0);

	/* a field edited: offset -12 becomes -13 on line 4 */
	build_chain(&l, "ptpdk0", n);
	p = strstr(l.text[3], "offset_ns=-12");
	p[12] = '3';
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 4);
	CHECK(strstr(why, "edited") != NULL);

	/* a line deleted: line 5 goes, line 6 (now 5) no longer links */
	build_chain(&l, "ptpdk0", n);
	memmove(l.text[4], l.text[5], (n - 5) * sizeof(l.text[0]));
	l.n--;
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 5);
	CHECK(strstr(why, "deleted") != NULL);

	/* two lines swapped */
	build_chain(&l, "ptpdk0", n);
	memcpy(l.text[n], l.text[6], sizeof(l.text[0]));
	memcpy(l.text[6], l.text[7], sizeof(l.text[0]));
	memcpy(l.text[7], l.text[n], sizeof(l.text[0]));
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 7);

	/* a line inserted: a copy of line 3 after line 7 */
	build_chain(&l, "ptpdk0", n);
	memmove(l.text[8], l.text[7], (n - 7) * sizeof(l.text[0]));
	memcpy(l.text[7], l.text[2], sizeof(l.text[0]));
	l.n++;
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 8);
	CHECK(strstr(why, "back") != NULL);

	/* the file truncated mid-line: the last line loses its end and its newline */
	build_chain(&l, "ptpdk0", n);
	l.text[n - 1][40] = '\0';
	CHECK_EQ_INT(verify_lines(&l, false, why, sizeof(why)), n);
	CHECK(strstr(why, "truncated") != NULL);

	/* a line copied from another instance's chain, in the same position */
	build_chain(&l, "ptpdk0", n);
	build_chain(&other, "ptpdk1", n);
	memcpy(l.text[5], other.text[5], sizeof(l.text[0]));
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 6);
	CHECK(strstr(why, "another chain") != NULL);

	/* ... and from another chain of the same instance name (another host's ptpdk0) */
	build_chain(&l, "ptpdk0", n);
	build_chain_bound(&other, "ptpdk0", n, 86);
	memcpy(l.text[5], other.text[5], sizeof(l.text[0]));
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 6);
	CHECK(strstr(why, "another chain") != NULL);

	/* a second genesis, and a first line that is a genesis with a wrong prev */
	build_chain(&l, "ptpdk0", n);
	build_chain(&other, "ptpdk0", n);
	memcpy(l.text[3], other.text[0], sizeof(l.text[0]));
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 4);
	/* a file from the middle of a chain verifies from its first line on */
	build_chain(&l, "ptpdk0", n);
	memmove(l.text[0], l.text[3], (n - 3) * sizeof(l.text[0]));
	l.n -= 3;
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 0);
}

/* ---- the writer, on a temporary directory ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ptpdk-compliance-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
}

static void remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
}

static void daily_path(char *out, size_t size, const char *instance, const char *day)
{
	snprintf(out, size, "%s/ptpdk-compliance-%s-%s.log", tmpdir, instance, day);
}

/* Append the lines of @p path to @p l; @return whether the file ended with a newline. */
static bool read_lines(const char *path, struct lines *l)
{
	FILE *f = fopen(path, "r");
	bool complete = true;

	CHECK(f != NULL);
	while (f && l->n < MAX_LINES && fgets(l->text[l->n], PTPDK_COMPLIANCE_LINE_MAX, f)) {
		size_t len = strlen(l->text[l->n]);

		complete = len > 0 && l->text[l->n][len - 1] == '\n';
		if (complete)
			l->text[l->n][len - 1] = '\0';
		l->n++;
	}
	if (f)
		fclose(f);
	return complete;
}

static struct ptpdk_compliance_record parse_line(const char *line)
{
	struct ptpdk_compliance_record r;
	char why[160];

	CHECK_EQ_INT(ptpdk_compliance_record_parse(line, strlen(line), &r, why, sizeof(why)), 0);
	return r;
}

static int open_writer(struct ptpdk_compliance_writer *w, const struct ptpdk_compliance_io *io,
		       void *ctx)
{
	struct ptpdk_compliance_writer_conf conf = {
		.dir = tmpdir, .instance = "ptpdk0", .io = io, .io_ctx = ctx
	};
	char err[256] = "";
	int rc = ptpdk_compliance_writer_open(w, &conf, err, sizeof(err));

	if (rc)
		printf("writer open: %s\n", err);
	return rc;
}

static void test_restart_continuity(void)
{
	struct ptpdk_compliance_writer w;
	struct ptpdk_compliance_record stop, resume, before;
	char path[512], why[200];
	struct lines l = { .n = 0 };

	make_tmpdir();
	CHECK_EQ_INT(open_writer(&w, NULL, NULL), 0);
	for (int t = 0; t < 5; t++) {
		struct ptpdk_compliance_record r = sample_at(t, 85);

		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
	}
	stop = sample_at(5, 85);
	CHECK_EQ_INT(ptpdk_compliance_writer_close(&w, &stop), 0);
	/* the second run: 100 s later, same directory */
	CHECK_EQ_INT(open_writer(&w, NULL, NULL), 0);
	for (int t = 105; t < 108; t++) {
		struct ptpdk_compliance_record r = sample_at(t, 85);

		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
	}
	CHECK_EQ_INT(ptpdk_compliance_writer_close(&w, NULL), 0);
	daily_path(path, sizeof(path), "ptpdk0", "2025-03-01");
	CHECK(read_lines(path, &l));
	/* genesis, 5 samples, stop | resume, 3 samples */
	CHECK_EQ_INT(l.n, 11);
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 0);
	before = parse_line(l.text[6]);
	resume = parse_line(l.text[7]);
	CHECK(parse_line(l.text[0]).kind == PTPDK_COMPLIANCE_GENESIS);
	CHECK(before.kind == PTPDK_COMPLIANCE_STOP && resume.kind == PTPDK_COMPLIANCE_RESUME);
	CHECK_MEM(resume.prev, before.hash, sizeof(resume.prev));
	CHECK_EQ_INT(resume.seq, before.seq + 1);
	CHECK_EQ_INT(resume.gap_s, 100);

	/* a crash left half a line: the third run cuts it, says so, and links past it */
	{
		FILE *f = fopen(path, "a");
		const char *torn = "ptpdk-compliance/1 seq=12 kind=sam";
		struct ptpdk_compliance_record r = sample_at(200, 85);

		fputs(torn, f);
		fclose(f);
		CHECK_EQ_INT(open_writer(&w, NULL, NULL), 0);
		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
		CHECK_EQ_INT(ptpdk_compliance_writer_close(&w, NULL), 0);
		l.n = 0;
		CHECK(read_lines(path, &l));
		CHECK_EQ_INT(l.n, 13);
		CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 0);
		CHECK_EQ_INT(parse_line(l.text[11]).torn_bytes, strlen(torn));
	}
	/* a directory that does not exist is an error, not an empty log */
	{
		struct ptpdk_compliance_writer_conf conf = { .dir = "/nonexistent/ptpdk-compliance",
							     .instance = "ptpdk0" };

		CHECK_EQ_INT(ptpdk_compliance_writer_open(&w, &conf, NULL, 0), -ENOENT);
	}
	/* a last line that is not a record: the writer refuses to continue from it */
	{
		FILE *f = fopen(path, "a");

		fputs("this is not a record\n", f);
		fclose(f);
		CHECK_EQ_INT(open_writer(&w, NULL, NULL), -EBADMSG);
	}
	remove_tmpdir();
}

static void test_day_rollover(void)
{
	struct ptpdk_compliance_writer w;
	char path[512], why[200];
	struct lines l = { .n = 0 }, first = { .n = 0 };
	struct ptpdk_compliance_record r;

	make_tmpdir();
	CHECK_EQ_INT(open_writer(&w, NULL, NULL), 0);
	for (int t = 86400 - 3; t < 86400 + 3; t++) {
		r = sample_at(t, 85);
		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
	}
	/* a clock stepped back over midnight stays in the newer file */
	r = sample_at(86400 - 10, 85);
	CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
	CHECK_EQ_INT(w.counters.files_opened, 2);
	CHECK_EQ_INT(ptpdk_compliance_writer_close(&w, NULL), 0);
	daily_path(path, sizeof(path), "ptpdk0", "2025-03-01");
	CHECK(read_lines(path, &first));
	CHECK_EQ_INT(first.n, 4); /* genesis and three samples */
	l = first;
	daily_path(path, sizeof(path), "ptpdk0", "2025-03-02");
	CHECK(read_lines(path, &l));
	CHECK_EQ_INT(l.n, 8);
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 0);
	/* the new day's first line links to the old day's last */
	CHECK_MEM(parse_line(l.text[4]).prev, parse_line(first.text[3]).hash, PTPDK_SHA256_LEN);
	remove_tmpdir();
}

/* The POSIX table with a write that fails on demand. */
struct failing_io {
	int fail_errno; /* 0: write for real */
	bool short_write;
	unsigned writes_refused;
};

static ssize_t failing_write(void *ctx, int fd, const void *buf, size_t len)
{
	struct failing_io *f = ctx;

	if (f->short_write) {
		f->writes_refused++;
		return ptpdk_compliance_posix_io.write(NULL, fd, buf, len / 2);
	}
	if (f->fail_errno) {
		f->writes_refused++;
		return -f->fail_errno;
	}
	return ptpdk_compliance_posix_io.write(NULL, fd, buf, len);
}

static void test_disk_full(void)
{
	struct ptpdk_compliance_io io = ptpdk_compliance_posix_io;
	struct failing_io f = { 0 };
	struct ptpdk_compliance_writer w;
	struct ptpdk_compliance_record lost;
	char path[512], why[200];
	struct lines l = { .n = 0 };
	int t = 0;

	io.write = failing_write;
	make_tmpdir();
	CHECK_EQ_INT(open_writer(&w, &io, &f), 0);
	for (; t < 3; t++) {
		struct ptpdk_compliance_record r = sample_at(t, 85);

		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
	}
	f.fail_errno = ENOSPC;
	for (; t < 7; t++) {
		struct ptpdk_compliance_record r = sample_at(t, 85);

		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), -ENOSPC);
		CHECK(w.failing);
	}
	f.fail_errno = 0;
	f.short_write = true;
	{
		struct ptpdk_compliance_record r = sample_at(t++, 85);

		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), -ENOSPC);
	}
	CHECK_EQ_INT(w.counters.lost, 5);
	CHECK_EQ_INT(w.counters.write_errors, 5);
	CHECK_EQ_INT(w.counters.last_error, -ENOSPC);
	f.short_write = false;
	for (; t < 11; t++) {
		struct ptpdk_compliance_record r = sample_at(t, 85);

		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
	}
	CHECK(!w.failing);
	CHECK_EQ_INT(ptpdk_compliance_writer_close(&w, NULL), 0);
	daily_path(path, sizeof(path), "ptpdk0", "2025-03-01");
	CHECK(read_lines(path, &l));
	/* genesis, 3 samples, lost, 3 samples: no torn line from the short write */
	CHECK_EQ_INT(l.n, 8);
	CHECK_EQ_INT(verify_lines(&l, true, why, sizeof(why)), 0);
	lost = parse_line(l.text[4]);
	CHECK(lost.kind == PTPDK_COMPLIANCE_LOST);
	CHECK_EQ_INT(lost.lost, 5);
	remove_tmpdir();
}

static void test_alarm(void)
{
	struct ptpdk_compliance_alarm a;
	int i;

	ptpdk_compliance_alarm_init(&a, 100000);
	CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 50000), PTPDK_COMPLIANCE_ALARM_NONE);
	/* over the maximum: raised at once, and only once */
	CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 100001),
		     PTPDK_COMPLIANCE_ALARM_RAISED);
	CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 200000), PTPDK_COMPLIANCE_ALARM_NONE);
	CHECK(a.raised);
	/* back under the maximum but above 80 %: stays raised */
	for (i = 0; i < 3 * PTPDK_COMPLIANCE_CLEAR_UPDATES; i++)
		CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 90000),
			     PTPDK_COMPLIANCE_ALARM_NONE);
	/* under 80 %: clears on the tenth consecutive update, not before */
	for (i = 1; i < PTPDK_COMPLIANCE_CLEAR_UPDATES; i++)
		CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 80000),
			     PTPDK_COMPLIANCE_ALARM_NONE);
	/* one bad second restarts the count */
	CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 85000), PTPDK_COMPLIANCE_ALARM_NONE);
	for (i = 1; i < PTPDK_COMPLIANCE_CLEAR_UPDATES; i++)
		CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 1000),
			     PTPDK_COMPLIANCE_ALARM_NONE);
	CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, 1000), PTPDK_COMPLIANCE_ALARM_CLEARED);
	CHECK(!a.raised);
	/* holdover or unlocked counts as unbounded, whatever the number; so does NaN */
	CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, false, 10), PTPDK_COMPLIANCE_ALARM_RAISED);
	for (i = 0; i < PTPDK_COMPLIANCE_CLEAR_UPDATES; i++)
		ptpdk_compliance_alarm_update(&a, true, 10);
	CHECK(!a.raised);
	CHECK_EQ_INT(ptpdk_compliance_alarm_update(&a, true, NAN), PTPDK_COMPLIANCE_ALARM_RAISED);
	CHECK_EQ_INT(a.raised_count, 3);
	CHECK_EQ_INT(a.cleared_count, 2);
}

/* Run "CTL ARGS" quietly; @return its exit status, or -1. */
static int run_ctl(const char *ctl, const char *args)
{
	char cmd[1024];
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' %s >/dev/null 2>&1", ctl, args);
	st = system(cmd);
	return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ptpdk-ctl verify-log on files the writer made: intact, tampered, truncated, misused. */
static void test_ctl_verify_log(const char *ctl)
{
	struct ptpdk_compliance_writer w;
	char day1[512], day2[512], args[1200];
	struct ptpdk_compliance_record r;
	FILE *f;

	make_tmpdir();
	CHECK_EQ_INT(open_writer(&w, NULL, NULL), 0);
	for (int t = 86400 - 5; t < 86400 + 5; t++) {
		r = sample_at(t, t == 86400 ? INFINITY : 85);
		CHECK_EQ_INT(ptpdk_compliance_writer_append(&w, &r), 0);
	}
	CHECK_EQ_INT(ptpdk_compliance_writer_close(&w, &r), 0);
	daily_path(day1, sizeof(day1), "ptpdk0", "2025-03-01");
	daily_path(day2, sizeof(day2), "ptpdk0", "2025-03-02");
	snprintf(args, sizeof(args), "verify-log '%s' '%s'", day1, day2);
	CHECK_EQ_INT(run_ctl(ctl, args), 0);
	/* the days out of order break the chain at the first line of the older file */
	snprintf(args, sizeof(args), "verify-log '%s' '%s'", day2, day1);
	CHECK_EQ_INT(run_ctl(ctl, args), 1);
	/* a second day alone starts mid-chain: verified from its first line */
	snprintf(args, sizeof(args), "verify-log '%s'", day2);
	CHECK_EQ_INT(run_ctl(ctl, args), 0);
	/* tampered: a byte of the first day changed in place */
	f = fopen(day1, "r+");
	CHECK(f != NULL);
	if (f) {
		fseek(f, 30, SEEK_SET);
		fputc('9', f);
		fclose(f);
	}
	snprintf(args, sizeof(args), "verify-log '%s' '%s'", day1, day2);
	CHECK_EQ_INT(run_ctl(ctl, args), 1);
	/* truncated mid-line */
	CHECK_EQ_INT(truncate(day2, 100), 0);
	snprintf(args, sizeof(args), "verify-log '%s'", day2);
	CHECK_EQ_INT(run_ctl(ctl, args), 1);
	/* misuse: no file, an unknown option, a missing file, an unknown command */
	CHECK_EQ_INT(run_ctl(ctl, "verify-log"), 2);
	CHECK_EQ_INT(run_ctl(ctl, "verify-log --frobnicate"), 2);
	snprintf(args, sizeof(args), "verify-log '%s/none.log'", tmpdir);
	CHECK_EQ_INT(run_ctl(ctl, args), 2);
	CHECK_EQ_INT(run_ctl(ctl, "frobnicate"), 2);
	CHECK_EQ_INT(run_ctl(ctl, ""), 2);
	remove_tmpdir();
}

int main(int argc, char **argv)
{
	check_seed("compliance");
	if (argc == 3 && strcmp(argv[1], "--ctl") == 0) {
		test_ctl_verify_log(argv[2]);
		return check_report("compliance ptpdk-ctl");
	}
	test_sha256();
	test_time();
	test_record_round_trip();
	test_chain_intact_and_tampered();
	test_restart_continuity();
	test_day_rollover();
	test_disk_full();
	test_alarm();
	return check_report("compliance");
}
