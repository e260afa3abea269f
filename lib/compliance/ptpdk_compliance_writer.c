/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_compliance_writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ptpdk_compliance_time.h"

#define NS_PER_S 1000000000LL

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int
fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int make_path(char *out, size_t size, const char *dir, const char *instance, const char *day)
{
	int n = snprintf(out, size, "%s/" PTPDK_COMPLIANCE_FILE_PREFIX "%s-%s.log", dir, instance,
			 day);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Cut what a crash left after the last newline of @p path: never a record. */
static int cut_torn_tail(struct ptpdk_compliance_writer *w, const char *path, uint64_t keep)
{
	int fd = w->io->open_append(w->conf.io_ctx, path);
	int rc;

	if (fd < 0)
		return fd;
	rc = w->io->truncate(w->conf.io_ctx, fd, keep);
	w->io->close(w->conf.io_ctx, fd);
	return rc;
}

/* The last complete line of the tail @p buf[0..n) of a file of @p file_size bytes. */
static int link_to_last_line(struct ptpdk_compliance_writer *w, const char *path, const char *buf,
			     size_t n, size_t nl, uint64_t file_size, char *err, size_t errlen)
{
	struct ptpdk_compliance_record last;
	size_t start = nl;
	char why[160];
	int rc;

	while (start > 0 && buf[start - 1] != '\n')
		start--;
	if (start == 0 && file_size > n)
		return fail(err, errlen, -EBADMSG, "%s: last line is too long to be a record",
			    path);
	rc = ptpdk_compliance_record_parse(buf + start, nl - start, &last, why, sizeof(why));
	if (rc != 0)
		return fail(err, errlen, -EBADMSG,
			    "%s: the last line is not a valid record (%s); not continuing the "
			    "chain from it",
			    path, why);
	if (ptpdk_compliance_chain_continue(&w->chain, &last) != 0)
		return fail(err, errlen, -EXDEV, "%s: the last line belongs to instance %s", path,
			    last.instance);
	return 0;
}

/* Read the newest file back (twice at most: a file that held only a torn line is
 * emptied, and the one before it holds the chain's end). */
static int find_chain_end(struct ptpdk_compliance_writer *w, char *err, size_t errlen)
{
	char prefix[PTPDK_COMPLIANCE_NAME_MAX + 32], name[256], path[PTPDK_COMPLIANCE_PATH_MAX];
	char buf[2 * PTPDK_COMPLIANCE_LINE_MAX];

	snprintf(prefix, sizeof(prefix), PTPDK_COMPLIANCE_FILE_PREFIX "%s-", w->conf.instance);
	for (int attempt = 0; attempt < 2; attempt++) {
		uint64_t file_size = 0;
		ssize_t n;
		size_t nl;
		int rc = w->io->newest(w->conf.io_ctx, w->conf.dir, prefix, name, sizeof(name));

		if (rc < 0)
			return fail(err, errlen, rc, "%s: %s", w->conf.dir, strerror(-rc));
		if (rc == 0)
			return 0;
		if (snprintf(path, sizeof(path), "%s/%s", w->conf.dir, name) >= (int)sizeof(path))
			return fail(err, errlen, -ENAMETOOLONG, "%s: path too long", w->conf.dir);
		n = w->io->read_tail(w->conf.io_ctx, path, buf, sizeof(buf), &file_size);
		if (n < 0)
			return fail(err, errlen, (int)n, "%s: %s", path, strerror((int)-n));
		for (nl = (size_t)n; nl > 0 && buf[nl - 1] != '\n'; nl--)
			;
		if ((size_t)n > nl) {
			rc = cut_torn_tail(w, path, file_size - ((size_t)n - nl));
			if (rc < 0)
				return fail(err, errlen, rc,
					    "%s: cannot cut the unfinished line: %s", path,
					    strerror(-rc));
			w->torn_bytes += (size_t)n - nl;
		}
		if (nl > 0)
			return link_to_last_line(w, path, buf, (size_t)n, nl - 1, file_size, err,
						 errlen);
		if (file_size > (uint64_t)n)
			return fail(err, errlen, -EBADMSG,
				    "%s: last line is too long to be a record", path);
	}
	return 0;
}

int ptpdk_compliance_writer_open(struct ptpdk_compliance_writer *w,
				 const struct ptpdk_compliance_writer_conf *conf, char *err,
				 size_t errlen)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	w->conf = *conf;
	w->io = conf->io ? conf->io : &ptpdk_compliance_posix_io;
	if (!conf->dir || !conf->dir[0])
		return fail(err, errlen, -EINVAL, "no directory for the compliance log");
	if (!conf->instance || ptpdk_compliance_chain_init(&w->chain, conf->instance) != 0)
		return fail(err, errlen, -EINVAL,
			    "instance name '%s' is not 1..%d of [A-Za-z0-9_.-]",
			    conf->instance ? conf->instance : "", PTPDK_COMPLIANCE_NAME_MAX);
	return find_chain_end(w, err, errlen);
}

static void record_failure(struct ptpdk_compliance_writer *w, int rc)
{
	w->counters.write_errors++;
	w->counters.last_error = rc;
	w->failing = true;
}

/* The record's day, by the clock's UTC time when known; never back to an earlier
 * file (a clock stepped back over midnight stays in today's file), so the files' name
 * order is the chain's order. */
static int select_file(struct ptpdk_compliance_writer *w, const struct ptpdk_compliance_record *r)
{
	char day[11];
	int fd, rc;

	ptpdk_compliance_day_format(r->utc_valid ? r->utc_ns : r->realtime_ns, day);
	if (w->fd >= 0 && strcmp(day, w->day) <= 0)
		return 0;
	rc = make_path(w->path, sizeof(w->path), w->conf.dir, w->conf.instance, day);
	if (rc < 0)
		return rc;
	fd = w->io->open_append(w->conf.io_ctx, w->path);
	if (fd < 0)
		return fd;
	if (w->fd >= 0) {
		w->io->sync(w->conf.io_ctx, w->fd);
		w->io->close(w->conf.io_ctx, w->fd);
	}
	w->fd = fd;
	strcpy(w->day, day);
	w->counters.files_opened++;
	return 0;
}

/* One line into the file, or nothing: a short write is cut back off. */
static int write_line(struct ptpdk_compliance_writer *w, const char *line, size_t len)
{
	uint64_t before;
	ssize_t n;
	int rc = w->io->size(w->conf.io_ctx, w->fd, &before);

	if (rc < 0)
		return rc;
	n = w->io->write(w->conf.io_ctx, w->fd, line, len);
	if (n == (ssize_t)len)
		return 0;
	if (n > 0 && w->io->truncate(w->conf.io_ctx, w->fd, before) != 0) {
		/* The fragment stays; a fresh file descriptor next time will not help, but
		 * the next open's torn-line check would. Close so the next write reopens. */
		w->io->close(w->conf.io_ctx, w->fd);
		w->fd = -1;
		return -EIO;
	}
	/* A short write with no error from the kernel is a full disk in practice. */
	return n < 0 ? (int)n : -ENOSPC;
}

static int write_record(struct ptpdk_compliance_writer *w, struct ptpdk_compliance_record *r)
{
	char line[PTPDK_COMPLIANCE_LINE_MAX];
	int len, rc;

	len = ptpdk_compliance_chain_format(&w->chain, r, line, sizeof(line));
	if (len < 0)
		return len;
	rc = select_file(w, r);
	if (rc == 0)
		rc = write_line(w, line, (size_t)len);
	if (rc < 0) {
		record_failure(w, rc);
		return rc;
	}
	ptpdk_compliance_chain_commit(&w->chain, r);
	w->counters.written++;
	w->failing = false;
	return 0;
}

static uint64_t seconds_between(const struct ptpdk_compliance_record *from,
				const struct ptpdk_compliance_record *to)
{
	int64_t a = from->utc_valid && to->utc_valid ? from->utc_ns : from->realtime_ns;
	int64_t b = from->utc_valid && to->utc_valid ? to->utc_ns : to->realtime_ns;

	return b > a ? (uint64_t)((b - a) / NS_PER_S) : 0;
}

/* This run's first record: where the chain starts, or how long it was interrupted. */
static int write_start(struct ptpdk_compliance_writer *w, const struct ptpdk_compliance_record *rec)
{
	struct ptpdk_compliance_record start = *rec;

	start.kind = w->chain.started ? PTPDK_COMPLIANCE_RESUME : PTPDK_COMPLIANCE_GENESIS;
	start.gap_s = w->chain.started ? seconds_between(&w->chain.last, rec) : 0;
	start.torn_bytes = w->torn_bytes;
	return write_record(w, &start);
}

static int write_lost(struct ptpdk_compliance_writer *w, const struct ptpdk_compliance_record *rec)
{
	struct ptpdk_compliance_record lost = *rec;

	lost.kind = PTPDK_COMPLIANCE_LOST;
	lost.lost = w->pending_lost;
	return write_record(w, &lost);
}

int ptpdk_compliance_writer_append(struct ptpdk_compliance_writer *w,
				   const struct ptpdk_compliance_record *rec)
{
	struct ptpdk_compliance_record r = *rec;
	int rc = 0;

	if (!w->started && (rc = write_start(w, rec)) == 0)
		w->started = true;
	if (rc == 0 && w->pending_lost > 0 && (rc = write_lost(w, rec)) == 0)
		w->pending_lost = 0;
	if (rc == 0)
		rc = write_record(w, &r);
	if (rc < 0) {
		w->pending_lost++;
		w->counters.lost++;
	}
	return rc;
}

int ptpdk_compliance_writer_sync(struct ptpdk_compliance_writer *w)
{
	int rc;

	if (w->fd < 0)
		return 0;
	rc = w->io->sync(w->conf.io_ctx, w->fd);
	if (rc < 0) {
		w->counters.sync_errors++;
		w->counters.last_error = rc;
	}
	return rc;
}

int ptpdk_compliance_writer_close(struct ptpdk_compliance_writer *w,
				  const struct ptpdk_compliance_record *rec)
{
	int rc = 0, sync_rc;

	if (rec) {
		struct ptpdk_compliance_record stop = *rec;

		stop.kind = PTPDK_COMPLIANCE_STOP;
		rc = ptpdk_compliance_writer_append(w, &stop);
	}
	sync_rc = ptpdk_compliance_writer_sync(w);
	if (w->fd >= 0)
		w->io->close(w->conf.io_ctx, w->fd);
	w->fd = -1;
	return rc ? rc : sync_rc;
}

void ptpdk_compliance_writer_last_hash(const struct ptpdk_compliance_writer *w,
				       char hex[PTPDK_SHA256_HEX_LEN + 1])
{
	ptpdk_sha256_to_hex(w->chain.prev, hex);
}
