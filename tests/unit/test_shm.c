/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared time region, writer and libptpdk-shm together: the seqlock under a
 * writer thread that never stops, the byte layout against its documented offsets,
 * open errors on forged files, the TSC-to-time mapping and the error bound, liveness
 * (stale, stopped, replaced, taken), file permissions and the default lookup.
 * Regions are made in a mkdtemp directory, removed at the end; only the default
 * lookup test creates (and destroys) one region in the hugetlbfs mount or /dev/shm.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ptpdk_shm_client.h"
#include "ptpdk_shm_layout.h"
#include "ptpdk_shm_writer.h"

/*
 * Reads in the seqlock test, in every build: about 1.5 s normally and 5 s under
 * ASan+UBSan on a 2-vCPU VM (measured), so the sanitized build needs no smaller count.
 */
#define SEQLOCK_READS 10000000

#define HUGETLBFS_MAGIC 0x958458f6
#define NS_PER_S	1000000000LL
/* A timeout no test outlives: records published with a real TSC stay fresh. */
#define LONG_TIMEOUT_MS 3600000u

static char tmpdir[64];
static uint64_t tsc_hz; /* measured at start, for the tests that use the real TSC */

static uint64_t mono_raw_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Rough TSC rate (a percent is plenty: it only scales heartbeat timeouts here). */
static uint64_t measure_tsc_hz(void)
{
	uint64_t t0 = ptpdk_shm_tsc(), m0 = mono_raw_ns(), t1, m1;

	sleep_ms(30);
	t1 = ptpdk_shm_tsc();
	m1 = mono_raw_ns();
	return (uint64_t)((double)(t1 - t0) * 1e9 / (double)(m1 - m0));
}

static struct ptpdk_shm_writer *make_writer(const char *name, unsigned n_records, uint64_t hz,
					    uint32_t period_ms, uint32_t timeout_ms)
{
	struct ptpdk_shm_writer_config cfg = {
		.name = name,
		.dir = tmpdir,
		.n_records = n_records,
		.tsc_hz = hz,
		.heartbeat_period_ms = period_ms,
		.heartbeat_timeout_ms = timeout_ms,
	};
	char note[512];
	struct ptpdk_shm_writer *w = ptpdk_shm_writer_create(&cfg, note, sizeof(note));

	if (!w)
		fprintf(stderr, "writer %s: %s (%s)\n", name, strerror(errno), note);
	return w;
}

static struct ptpdk_shm_client *open_client(const char *path)
{
	struct ptpdk_shm_client *c = NULL;
	char err[512];
	int rc = ptpdk_shm_open(path, &c, err, sizeof(err));

	if (rc)
		fprintf(stderr, "open %s: %d %s\n", path, rc, err);
	return rc ? NULL : c;
}

static void remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d)) != NULL)
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	CHECK(rmdir(tmpdir) == 0);
}

/* clock_ns for TSC @p t from a record's mapping, as the layout defines it. */
/* The layout's formula, rounded to the nearest ns as the library documents. */
static int64_t map_ns(const struct ptpdk_shm_record *r, uint64_t t)
{
	int64_t e = (int64_t)(t - r->base_tsc);
	uint64_t mag = e >= 0 ? (uint64_t)e : 0 - (uint64_t)e;
	unsigned __int128 half = r->shift ? (unsigned __int128)1 << (r->shift - 1) : 0;
	int64_t d = (int64_t)(((unsigned __int128)mag * r->mult + half) >> r->shift);

	return r->base_time_ns + (e >= 0 ? d : -d);
}

/* ---- seqlock ---------------------------------------------------------------------- */

static uint64_t pattern_t0; /* TSC at the start of the seqlock test */
#define PATTERN_HZ UINT64_C(2500000000)

/*
 * Every field of copy @p i derived from i, the writer's update_count included, so a
 * copy mixing two publishes differs from pattern(update_count) somewhere. base_tsc
 * lies 2^40 ticks after pattern_t0: reads happen before it, so the bound's age terms
 * are 0 and now()'s bound is error_bound + mapping_error = 1.25 i exactly.
 */
static void pattern(struct ptpdk_shm_record *r, uint64_t i)
{
	memset(r, 0, sizeof(*r));
	r->flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_PTP_TIMESCALE | PTPDK_SHM_F_UTC_OFFSET_VALID |
		   ((i & 1) ? PTPDK_SHM_F_TIME_TRACEABLE : 0);
	r->utc_offset_s = (int16_t)(i % 30000);
	r->clock_state = (uint8_t)(i % 4);
	r->servo_state = (uint8_t)(i / 4 % 4);
	ptpdk_shm_record_set_mapping(r, pattern_t0 + (UINT64_C(1) << 40) + i,
				     INT64_C(1000000000000000000) + (int64_t)i * 1000003,
				     PATTERN_HZ, (double)(i % 2001) - 1000.0);
	r->error_bound_ns = (double)i;
	r->mapping_error_ns = (double)i * 0.25;
	r->bound_rate_ppb = (double)i * 2;
	r->bound_wander_ppb_per_s = (double)i * 3;
	r->update_tsc = pattern_t0 + i;
	r->update_mono_ns = i * 11;
	r->update_count = i;
	for (int k = 0; k < 8; k++) {
		r->grandmaster_identity[k] = (uint8_t)(i >> (8 * k));
		r->parent_clock_identity[k] = (uint8_t) ~(i >> (8 * k));
	}
	r->parent_port_number = (uint16_t)i;
	r->steps_removed = (uint16_t)(i >> 16);
	r->clock_class = (uint8_t)(i * 3);
	r->clock_accuracy = (uint8_t)(i * 5);
	r->offset_scaled_log_variance = (uint16_t)(i * 7);
	r->port_state = (uint8_t)(1 + i % 9);
	r->time_source = (uint8_t)(i * 11);
	r->domain_number = (uint8_t)(i * 13);
	r->path_delay_ns = (int64_t)i * 17;
	r->last_offset_ns = -(int64_t)i;
	r->freq_ppb = (double)i * 0.5;
	r->holdover_s = (double)i * 0.125;
	snprintf(r->port_name, sizeof(r->port_name), "port%" PRIu64, i);
}

struct pub_thread {
	struct ptpdk_shm_writer *w;
	atomic_bool stop;
	uint64_t last; /* last copy published */
};

static void *publisher(void *arg)
{
	struct pub_thread *p = arg;
	struct ptpdk_shm_record r;
	uint64_t i = p->last;

	while (!atomic_load_explicit(&p->stop, memory_order_relaxed)) {
		i++;
		pattern(&r, i);
		ptpdk_shm_writer_publish(p->w, 0, &r, r.update_tsc, r.update_mono_ns);
	}
	p->last = i;
	return NULL;
}

static void test_seqlock(void)
{
	struct pub_thread p = { .last = 1 };
	struct ptpdk_shm_client *c;
	struct ptpdk_shm_record got, want;
	struct ptpdk_shm_time t;
	pthread_t th;
	uint64_t ok = 0, eagain = 0, other = 0, torn = 0, backwards = 0, last_i = 0;
	uint64_t distinct = 0;
	cpu_set_t set;
	int cpus;

	CPU_ZERO(&set);
	cpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
	pattern_t0 = ptpdk_shm_tsc();
	p.w = make_writer("seq", 1, tsc_hz, 0, LONG_TIMEOUT_MS);
	CHECK(p.w != NULL);
	if (!p.w)
		return;
	/* The first copy before the reader starts: it never sees an unpublished record. */
	pattern(&want, 1);
	CHECK_EQ_INT(ptpdk_shm_writer_publish(p.w, 0, &want, want.update_tsc, want.update_mono_ns),
		     0);
	c = open_client(ptpdk_shm_writer_path(p.w));
	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(p.w);
		return;
	}
	CHECK(pthread_create(&th, NULL, publisher, &p) == 0);
	for (uint64_t n = 0; n < SEQLOCK_READS; n++) {
		uint64_t i = 0;
		int rc;

		if (n & 1) {
			rc = ptpdk_shm_snapshot(c, 0, &got);
			if (rc == 0) {
				i = got.update_count;
				pattern(&want, i);
				if (memcmp((char *)&got + sizeof(got.seq),
					   (char *)&want + sizeof(want.seq),
					   sizeof(got) - sizeof(got.seq)) != 0)
					torn++;
			}
		} else {
			uint64_t before = ptpdk_shm_tsc(), after;

			rc = ptpdk_shm_now(c, 0, &t);
			after = ptpdk_shm_tsc();
			if (rc == 0) {
				i = (uint64_t)(t.error_bound_ns / 1.25);
				pattern(&want, i);
				/* The mapping is increasing: now() read its TSC between ours. */
				if (t.error_bound_ns != 1.25 * (double)i || t.flags != want.flags ||
				    t.clock_state != want.clock_state ||
				    t.utc_offset_s != want.utc_offset_s ||
				    t.clock_ns < map_ns(&want, before) ||
				    t.clock_ns > map_ns(&want, after) ||
				    t.utc_ns != t.clock_ns - (int64_t)want.utc_offset_s * NS_PER_S)
					torn++;
			}
		}
		if (rc == 0) {
			ok++;
			distinct += i != last_i;
			backwards += i < last_i;
			last_i = i;
		} else if (rc == -EAGAIN) {
			/* The writer sits preempted inside a write (by this thread or another
			 * process): give way rather than spin through its time slice. */
			eagain++;
			sched_yield();
		} else {
			other++;
		}
	}
	atomic_store(&p.stop, true);
	pthread_join(th, NULL);
	printf("seqlock: %d CPUs, %d reads, %" PRIu64 " ok, %" PRIu64 " -EAGAIN, %" PRIu64
	       " other, %" PRIu64 " torn, %" PRIu64 " distinct copies seen, %" PRIu64
	       " published\n",
	       cpus, SEQLOCK_READS, ok, eagain, other, torn, distinct, p.last);
	CHECK_EQ_INT(torn, 0);
	CHECK_EQ_INT(backwards, 0);
	CHECK_EQ_INT(other, 0);
	/*
	 * -EAGAIN comes when a write outlasts the reader's PTPDK_SHM_READ_TRIES tries, in
	 * practice when the writer is preempted inside a write; on a quiet machine that is
	 * 0 to a few hundred in 10^7 (the count is printed). Other
	 * processes competing for the writer's CPU make it more frequent, because this
	 * writer never pauses: the bound is loose enough for a loaded CI machine and still
	 * catches a reader that gives up at the first odd sequence (many reads overlap a
	 * write here).
	 */
	CHECK(eagain <= SEQLOCK_READS / 20);
	CHECK(ok >= SEQLOCK_READS - SEQLOCK_READS / 20);
	/* The writer really raced the reads (not one copy read ten million times). With
	 * one CPU for both threads they alternate by time slices and see few copies. */
	CHECK(p.last > 1000);
	CHECK(distinct >= 2);
	if (cpus >= 2)
		CHECK(distinct > 100);
	/* The last copy, read at rest, is the last published. */
	CHECK_EQ_INT(ptpdk_shm_snapshot(c, 0, &got), 0);
	CHECK_EQ_INT(got.update_count, p.last);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(p.w);
}

/* ---- ABI -------------------------------------------------------------------------- */

struct field {
	const char *name;
	size_t off, size;	    /* as compiled */
	size_t want_off, want_size; /* as documented in ptpdk_shm_layout.h */
};

#define HF(f, o, s)                                                                                \
	{                                                                                          \
#f, offsetof(struct ptpdk_shm_header, f),                                          \
			sizeof(((struct ptpdk_shm_header *)0)->f), o, s                            \
	}
#define RF(f, o, s)                                                                                \
	{                                                                                          \
#f, offsetof(struct ptpdk_shm_record, f),                                          \
			sizeof(((struct ptpdk_shm_record *)0)->f), o, s                            \
	}

static const struct field header_fields[] = {
	HF(magic, 0, 8),
	HF(abi_version, 8, 4),
	HF(header_size, 12, 4),
	HF(record_size, 16, 4),
	HF(n_records, 20, 4),
	HF(region_size, 24, 8),
	HF(generation, 32, 8),
	HF(writer_pid, 40, 4),
	HF(state, 44, 4),
	HF(start_realtime_ns, 48, 8),
	HF(start_mono_ns, 56, 8),
	HF(tsc_hz, 64, 8),
	HF(heartbeat_period_ms, 72, 4),
	HF(heartbeat_timeout_ms, 76, 4),
	HF(heartbeat_count, 80, 8),
	HF(heartbeat_tsc, 88, 8),
	HF(heartbeat_mono_ns, 96, 8),
	HF(instance, 104, 32),
	HF(reserved, 136, 120),
};

static const struct field record_fields[] = {
	RF(seq, 0, 4),
	RF(flags, 4, 4),
	RF(utc_offset_s, 8, 2),
	RF(clock_state, 10, 1),
	RF(servo_state, 11, 1),
	RF(shift, 12, 4),
	RF(base_tsc, 16, 8),
	RF(base_time_ns, 24, 8),
	RF(mult, 32, 8),
	RF(error_bound_ns, 40, 8),
	RF(mapping_error_ns, 48, 8),
	RF(bound_rate_ppb, 56, 8),
	RF(bound_wander_ppb_per_s, 64, 8),
	RF(update_tsc, 72, 8),
	RF(update_mono_ns, 80, 8),
	RF(update_count, 88, 8),
	RF(grandmaster_identity, 96, 8),
	RF(parent_clock_identity, 104, 8),
	RF(parent_port_number, 112, 2),
	RF(steps_removed, 114, 2),
	RF(clock_class, 116, 1),
	RF(clock_accuracy, 117, 1),
	RF(offset_scaled_log_variance, 118, 2),
	RF(port_state, 120, 1),
	RF(time_source, 121, 1),
	RF(domain_number, 122, 1),
	RF(port_index, 123, 1),
	RF(reserved0, 124, 4),
	RF(path_delay_ns, 128, 8),
	RF(last_offset_ns, 136, 8),
	RF(freq_ppb, 144, 8),
	RF(holdover_s, 152, 8),
	RF(port_name, 160, 32),
	RF(reserved, 192, 64),
};

/* Each table must tile its struct: no gap, no overlap, no field missing. */
static void check_fields(const char *what, const struct field *f, size_t n, size_t total)
{
	size_t end = 0;

	for (size_t i = 0; i < n; i++) {
		if (f[i].off != f[i].want_off || f[i].size != f[i].want_size) {
			check_failures++;
			fprintf(stderr, "%s.%s at %zu size %zu, documented %zu size %zu\n", what,
				f[i].name, f[i].off, f[i].size, f[i].want_off, f[i].want_size);
		}
		check_count++;
		CHECK_EQ_INT(f[i].want_off, end);
		end = f[i].want_off + f[i].want_size;
	}
	CHECK_EQ_INT(end, total);
}

static void test_abi(void)
{
	uint64_t magic = PTPDK_SHM_MAGIC;
	struct ptpdk_shm_writer *w;

	CHECK_EQ_INT(sizeof(struct ptpdk_shm_header), 256);
	CHECK_EQ_INT(sizeof(struct ptpdk_shm_record), 256);
	check_fields("header", header_fields, sizeof(header_fields) / sizeof(header_fields[0]),
		     256);
	check_fields("record", record_fields, sizeof(record_fields) / sizeof(record_fields[0]),
		     256);
	/* now() copies bytes 4..96: the time part ends where the identities start. */
	CHECK_EQ_INT(offsetof(struct ptpdk_shm_record, grandmaster_identity), 96);
	CHECK_EQ_INT(PTPDK_SHM_ABI_VERSION, 1);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	CHECK_MEM(&magic, "PTPDKSHM", 8);
#else
	(void)magic;
#endif
	/* And in a real file, byte for byte, with the header as documented. */
	w = make_writer("abi", 3, 1000000000, 0, 0);
	CHECK(w != NULL);
	if (w) {
		unsigned char buf[sizeof(struct ptpdk_shm_header)];
		struct ptpdk_shm_header h;
		int fd = open(ptpdk_shm_writer_path(w), O_RDONLY);
		struct stat st;

		CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf));
		CHECK(fd >= 0 && fstat(fd, &st) == 0);
		if (fd >= 0)
			close(fd);
		CHECK_MEM(buf, "PTPDKSHM", 8);
		memcpy(&h, buf, sizeof(h));
		CHECK_EQ_INT(h.abi_version, PTPDK_SHM_ABI_VERSION);
		CHECK_EQ_INT(h.header_size, 256);
		CHECK_EQ_INT(h.record_size, 256);
		CHECK_EQ_INT(h.n_records, 3);
		CHECK_EQ_INT(h.region_size, st.st_size);
		CHECK(h.region_size >= 256 + 3 * 256);
		CHECK_EQ_INT(h.state, PTPDK_SHM_RUNNING);
		CHECK_EQ_INT(h.writer_pid, getpid());
		CHECK_EQ_INT(h.tsc_hz, 1000000000);
		CHECK_EQ_INT(h.heartbeat_period_ms, 100); /* the defaults */
		CHECK_EQ_INT(h.heartbeat_timeout_ms, 500);
		CHECK(strcmp(h.instance, "abi") == 0);
		for (size_t i = 0; i < sizeof(h.reserved); i++)
			CHECK_EQ_INT(h.reserved[i], 0);
		ptpdk_shm_writer_destroy(w);
	}
}

/* ---- open errors ------------------------------------------------------------------ */

static size_t read_file(const char *path, unsigned char **out)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	unsigned char *b = NULL;

	*out = NULL;
	if (fd < 0 || fstat(fd, &st) != 0 || !(b = malloc((size_t)st.st_size)) ||
	    read(fd, b, (size_t)st.st_size) != (ssize_t)st.st_size) {
		free(b);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	close(fd);
	*out = b;
	return (size_t)st.st_size;
}

static void write_file(const char *path, const void *b, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, b, n) == (ssize_t)n);
	close(fd);
}

/* Open a copy of @p good patched at @p off with @p len bytes of @p val (size @p n). */
static int open_forged(const unsigned char *good, size_t n, size_t off, const void *val, size_t len,
		       char *err, size_t err_len)
{
	char path[128];
	unsigned char *b = malloc(n ? n : 1);
	struct ptpdk_shm_client *c = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/forged", tmpdir);
	memcpy(b, good, n);
	if (len)
		memcpy(b + off, val, len);
	write_file(path, b, n);
	free(b);
	rc = ptpdk_shm_open(path, &c, err, err_len);
	if (rc == 0)
		ptpdk_shm_close(c);
	unlink(path);
	return rc;
}

static void test_open_errors(void)
{
	struct ptpdk_shm_writer *w = make_writer("good", 2, 1000000000, 0, 0);
	struct ptpdk_shm_client *c = NULL;
	unsigned char *good, *big;
	char err[512], path[128], name[64];
	uint32_t u32;
	uint64_t u64;
	size_t n;

	CHECK(w != NULL);
	if (!w)
		return;
	/* Missing, by path and by name: -ENOENT and a message naming what was looked for. */
	snprintf(path, sizeof(path), "%s/ptpdk-shm-missing", tmpdir);
	CHECK_EQ_INT(ptpdk_shm_open(path, &c, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, path) != NULL);
	snprintf(name, sizeof(name), "nosuch%d", (int)getpid());
	CHECK_EQ_INT(ptpdk_shm_open(name, &c, err, sizeof(err)), -ENOENT);
	snprintf(path, sizeof(path), "ptpdk-shm-%s", name);
	CHECK(strstr(err, path) != NULL);
	CHECK_EQ_INT(ptpdk_shm_open("bad name", &c, err, sizeof(err)), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_open(path, NULL, err, sizeof(err)), -EINVAL);

	n = read_file(ptpdk_shm_writer_path(w), &good);
	CHECK(n >= 256 + 2 * 256);
	if (!n) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	/* The unpatched copy opens: the forgeries below fail for their patch alone. */
	CHECK_EQ_INT(open_forged(good, n, 0, NULL, 0, err, sizeof(err)), 0);

	CHECK_EQ_INT(open_forged(good, n, 0, "PTPDKSHN", 8, err, sizeof(err)), -EBADF);
	CHECK(strstr(err, "forged") != NULL);

	u32 = 7;
	CHECK_EQ_INT(open_forged(good, n, 8, &u32, 4, err, sizeof(err)), -EPROTO);
	CHECK(strstr(err, "version 7") != NULL);
	CHECK(strstr(err, "version 1") != NULL);

	u32 = 128; /* header_size */
	CHECK_EQ_INT(open_forged(good, n, 12, &u32, 4, err, sizeof(err)), -EBADMSG);
	u32 = 255; /* record_size */
	CHECK_EQ_INT(open_forged(good, n, 16, &u32, 4, err, sizeof(err)), -EBADMSG);
	u32 = 512;
	CHECK_EQ_INT(open_forged(good, n, 16, &u32, 4, err, sizeof(err)), -EBADMSG);
	u32 = 0; /* n_records */
	CHECK_EQ_INT(open_forged(good, n, 20, &u32, 4, err, sizeof(err)), -EBADMSG);
	u32 = PTPDK_SHM_MAX_RECORDS + 1;
	CHECK_EQ_INT(open_forged(good, n, 20, &u32, 4, err, sizeof(err)), -EBADMSG);
	/* Within the maximum but more records than the file holds. */
	u32 = (uint32_t)((n - 256) / 256 + 1);
	if (u32 <= PTPDK_SHM_MAX_RECORDS)
		CHECK_EQ_INT(open_forged(good, n, 20, &u32, 4, err, sizeof(err)), -EBADMSG);
	u32 = 0x40000000; /* an overflow attempt */
	CHECK_EQ_INT(open_forged(good, n, 20, &u32, 4, err, sizeof(err)), -EBADMSG);
	/* region_size other than the file's size, either way. */
	u64 = n + 4096;
	CHECK_EQ_INT(open_forged(good, n, 24, &u64, 8, err, sizeof(err)), -EBADMSG);
	u64 = n - 256;
	CHECK_EQ_INT(open_forged(good, n, 24, &u64, 8, err, sizeof(err)), -EBADMSG);
	big = calloc(1, n + 4096);
	memcpy(big, good, n);
	CHECK_EQ_INT(open_forged(big, n + 4096, 0, NULL, 0, err, sizeof(err)), -EBADMSG);
	free(big);
	u64 = 0; /* tsc_hz */
	CHECK_EQ_INT(open_forged(good, n, 64, &u64, 8, err, sizeof(err)), -EBADMSG);
	/* Too small: shorter than a header, and empty. */
	CHECK_EQ_INT(open_forged(good, 100, 0, NULL, 0, err, sizeof(err)), -EBADF);
	CHECK(strstr(err, "forged") != NULL);
	CHECK_EQ_INT(open_forged(good, 0, 0, NULL, 0, err, sizeof(err)), -EBADF);
	/* One header, no room for the records it announces. */
	CHECK_EQ_INT(open_forged(good, 256, 0, NULL, 0, err, sizeof(err)), -EBADMSG);
	free(good);

	CHECK(strcmp(ptpdk_shm_strerror(-EPROTO), ptpdk_shm_strerror(-EBADMSG)) != 0);
	CHECK(strcmp(ptpdk_shm_strerror(-ESTALE), ptpdk_shm_strerror(-ESHUTDOWN)) != 0);
	CHECK(strcmp(ptpdk_shm_strerror(-ENOENT), "error") != 0);
	ptpdk_shm_writer_destroy(w);
}

/* ---- writer configuration ---------------------------------------------------------- */

static void test_writer_config(void)
{
	struct ptpdk_shm_writer_config cfg = {
		.name = "cfg",
		.dir = tmpdir,
		.n_records = 1,
		.tsc_hz = 1000000000,
	};
	struct ptpdk_shm_writer_config bad;
	struct ptpdk_shm_record r;
	struct ptpdk_shm_writer *w;
	char note[256];

	bad = cfg;
	bad.name = "a/b";
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad = cfg;
	bad.name = "0123456789012345678901234567890123";
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad = cfg;
	bad.n_records = 0;
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad.n_records = PTPDK_SHM_MAX_RECORDS + 1;
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad = cfg;
	bad.tsc_hz = 0;
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	CHECK(ptpdk_shm_writer_create(NULL, note, sizeof(note)) == NULL && errno == EINVAL);
	/* A timeout shorter than two periods is raised to two periods. */
	cfg.heartbeat_period_ms = 10;
	cfg.heartbeat_timeout_ms = 5;
	w = ptpdk_shm_writer_create(&cfg, note, sizeof(note));
	CHECK(w != NULL);
	if (w) {
		struct ptpdk_shm_client *c = open_client(ptpdk_shm_writer_path(w));

		CHECK_EQ_INT(note[0], 0); /* nothing to say for an explicit directory */
		CHECK(c != NULL);
		if (c) {
			CHECK_EQ_INT(ptpdk_shm_header(c)->heartbeat_period_ms, 10);
			CHECK_EQ_INT(ptpdk_shm_header(c)->heartbeat_timeout_ms, 20);
			CHECK_EQ_INT(ptpdk_shm_n_records(c), 1);
			CHECK(strcmp(ptpdk_shm_path(c), ptpdk_shm_writer_path(w)) == 0);
			ptpdk_shm_close(c);
		}
		memset(&r, 0, sizeof(r));
		CHECK_EQ_INT(ptpdk_shm_writer_publish(w, 1, &r, 0, 0), -EINVAL);
		ptpdk_shm_writer_destroy(w);
	}
}

/* ---- mapping ---------------------------------------------------------------------- */

static void test_mapping(void)
{
	static const uint64_t rates[] = { 25000000, 1000000000, 2500000000, 3700000000 };
	static const double ppbs[] = { 0, 100, -100, 500000, -500000 };
	struct ptpdk_shm_writer *w = make_writer("map", 1, 1000000000, 0, LONG_TIMEOUT_MS);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	struct ptpdk_shm_record r;
	struct ptpdk_shm_time t;
	double worst = 0;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	memset(&r, 0, sizeof(r));
	CHECK_EQ_INT(ptpdk_shm_record_set_mapping(&r, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_record_set_mapping(&r, 0, 0, 1000, NAN), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_record_set_mapping(&r, 0, 0, 1000, INFINITY), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_record_set_mapping(&r, 0, 0, 1000, -1e9), -EINVAL);

	for (size_t ri = 0; ri < sizeof(rates) / sizeof(rates[0]); ri++) {
		for (size_t pi = 0; pi < sizeof(ppbs) / sizeof(ppbs[0]); pi++) {
			uint64_t hz = rates[ri];
			int64_t span = (int64_t)hz * 10; /* 10 s of ticks */
			uint64_t base = (UINT64_C(1) << 40) + check_rand() % (UINT64_C(1) << 60);
			int64_t base_ns =
				(int64_t)(check_rand() % (UINT64_C(2000000000) * NS_PER_S));
			long double ns_per_tick =
				1e9L / (long double)hz * (1.0L + ppbs[pi] * 1e-9L);

			memset(&r, 0, sizeof(r));
			r.flags = PTPDK_SHM_F_VALID;
			CHECK_EQ_INT(ptpdk_shm_record_set_mapping(&r, base, base_ns, hz, ppbs[pi]),
				     0);
			CHECK_EQ_INT(r.base_tsc, base);
			CHECK_EQ_INT(r.base_time_ns, base_ns);
			CHECK(r.shift <= 63 && r.mult != 0);
			/* update_tsc = base: the span below stays within the timeout either side.
			 */
			CHECK_EQ_INT(ptpdk_shm_writer_publish(w, 0, &r, base, 0), 0);
			for (int j = 0; j < 200; j++) {
				int64_t k;
				long double want;
				double diff;

				switch (j) {
				case 0:
					k = 0;
					break;
				case 1:
					k = 1;
					break;
				case 2:
					k = -1;
					break;
				case 3:
					k = span;
					break;
				case 4:
					k = -span;
					break;
				case 5:
					k = (int64_t)hz;
					break;
				default:
					k = (int64_t)(check_rand() % (uint64_t)(2 * span + 1)) -
					    span;
				}
				want = (long double)k * ns_per_tick;
				CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, base + (uint64_t)k, &t), 0);
				diff = (double)((long double)(t.clock_ns - base_ns) - want);
				if (fabs(diff) > worst)
					worst = fabs(diff);
				/* The library truncates the scaled ticks: up to 1 ns toward
				 * base_ns, exactly 1 ns where a whole number of ns meets a
				 * multiplier rounded down (2.5 GHz, 5 ticks: 1 ns, not 2). */
				if (fabs(diff) > 1.0 + 1e-9) {
					check_failures++;
					fprintf(stderr,
						"mapping %" PRIu64 " Hz %+g ppb k %" PRId64
						": %" PRId64 " ns, want %.3Lf\n",
						hz, ppbs[pi], k, t.clock_ns - base_ns, want);
				}
				check_count++;
				CHECK_EQ_INT(t.utc_ns, t.clock_ns); /* ARB: no offset applied */
			}
		}
	}
	printf("mapping: worst error %.6f ns (within 1 ns)\n", worst);

	/* UTC = clock - utc_offset only for the PTP timescale. */
	memset(&r, 0, sizeof(r));
	ptpdk_shm_record_set_mapping(&r, 1000, 1700000037 * NS_PER_S, 1000000000, 0);
	r.utc_offset_s = 37;
	r.flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_UTC_OFFSET_VALID;
	ptpdk_shm_writer_publish(w, 0, &r, 1000, 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, 1000 + 5, &t), 0);
	CHECK_EQ_INT(t.clock_ns, 1700000037 * NS_PER_S + 5);
	CHECK_EQ_INT(t.utc_ns, t.clock_ns);
	CHECK_EQ_INT(t.utc_offset_s, 37);
	r.flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_UTC_OFFSET_VALID | PTPDK_SHM_F_PTP_TIMESCALE;
	ptpdk_shm_writer_publish(w, 0, &r, 1000, 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, 1000 + 5, &t), 0);
	CHECK_EQ_INT(t.clock_ns, 1700000037 * NS_PER_S + 5);
	CHECK_EQ_INT(t.utc_ns, 1700000000 * NS_PER_S + 5);
	CHECK_EQ_INT(t.flags, r.flags);

	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
}

/* ---- error bound ------------------------------------------------------------------- */

static void test_error_bound(void)
{
	static const double ages[] = { 0, 1e-6, 0.5, 1, 10, 100, 1000 };
	/* 1 GHz in the header and the mapping: a tick is a nanosecond. */
	struct ptpdk_shm_writer *w = make_writer("bound", 1, 1000000000, 0, LONG_TIMEOUT_MS);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	const uint64_t base = UINT64_C(1) << 45;
	struct ptpdk_shm_record r;
	struct ptpdk_shm_time t;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_LOCKED;
	r.clock_state = PTPDK_SHM_CLOCK_LOCKED;
	r.error_bound_ns = 100;
	r.mapping_error_ns = 20;
	r.bound_rate_ppb = 50;
	r.bound_wander_ppb_per_s = 2;
	ptpdk_shm_record_set_mapping(&r, base, 5 * NS_PER_S, 1000000000, 0);
	ptpdk_shm_writer_publish(w, 0, &r, base, 0);
	for (size_t i = 0; i < sizeof(ages) / sizeof(ages[0]); i++) {
		double a = ages[i];
		double want = 100 + 20 + 50 * a + 2 * a * a / 2;

		CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, base + (uint64_t)llround(a * 1e9), &t), 0);
		CHECK_NEAR(t.error_bound_ns, want, want * 1e-12);
		CHECK_NEAR(t.age_s, a, 1e-9);
		CHECK_EQ_INT(t.clock_state, PTPDK_SHM_CLOCK_LOCKED);
	}
	/* Before base_tsc the age counts as 0. */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, base - 1000000, &t), 0);
	CHECK_NEAR(t.error_bound_ns, 120, 1e-9);
	CHECK_EQ_INT(t.clock_ns, 5 * NS_PER_S - 1000000);

	/* An unknown bound stays unknown. */
	r.error_bound_ns = INFINITY;
	ptpdk_shm_writer_publish(w, 0, &r, base, 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, base + 1000, &t), 0);
	CHECK(isinf(t.error_bound_ns) && t.error_bound_ns > 0);

	/* Not VALID: -ENODATA, and the time is still filled in. */
	r.flags = PTPDK_SHM_F_HOLDOVER;
	r.clock_state = PTPDK_SHM_CLOCK_HOLDOVER;
	r.error_bound_ns = 1000;
	ptpdk_shm_writer_publish(w, 0, &r, base, 0);
	memset(&t, 0x5a, sizeof(t));
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, base + 2 * 1000000000ull, &t), -ENODATA);
	CHECK_EQ_INT(t.clock_ns, 7 * NS_PER_S);
	CHECK_EQ_INT(t.utc_ns, 7 * NS_PER_S);
	CHECK_NEAR(t.error_bound_ns, 1000 + 20 + 50 * 2 + 2 * 2 * 2 / 2, 1e-9);
	CHECK_EQ_INT(t.flags, PTPDK_SHM_F_HOLDOVER);
	CHECK_EQ_INT(t.clock_state, PTPDK_SHM_CLOCK_HOLDOVER);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
}

/* ---- liveness ---------------------------------------------------------------------- */

static void valid_now(struct ptpdk_shm_record *r, uint64_t tsc, uint64_t hz)
{
	memset(r, 0, sizeof(*r));
	r->flags = PTPDK_SHM_F_VALID;
	r->error_bound_ns = 50;
	ptpdk_shm_record_set_mapping(r, tsc, 1700000000 * NS_PER_S, hz, 0);
}

static void test_stale(void)
{
	/* Header rate 1 GHz, timeout 500 ms: 5e8 ticks. */
	struct ptpdk_shm_writer *w = make_writer("stale", 2, 1000000000, 100, 500);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	const uint64_t u = UINT64_C(1) << 42;
	struct ptpdk_shm_record r, snap;
	struct ptpdk_shm_time t, sentinel;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	/* Never published: stale, whatever the TSC. */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u, &t), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_now(c, 1, &t), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_snapshot(c, 0, &snap), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 2, u, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_snapshot(c, 2, &snap), -EINVAL);

	valid_now(&r, u, 1000000000);
	ptpdk_shm_writer_publish(w, 0, &r, u, 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u, &t), 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u + 500000000, &t), 0); /* exactly the timeout */
	CHECK_NEAR(t.age_s, 0.5, 1e-9);
	memset(&t, 0x5a, sizeof(t));
	sentinel = t;
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u + 500000001, &t), -ESTALE);
	CHECK_MEM(&t, &sentinel, sizeof(t)); /* untouched */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u + 3600 * 1000000000ull, &t), -ESTALE);
	/* A TSC a little behind the writer's counts as fresh. */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u - 1000, &t), 0);
	CHECK_NEAR(t.age_s, 0, 0);
	/* Record 1 was never published: still stale while 0 is fresh. */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 1, u, &t), -ESTALE);
	/* Republishing with a newer update_tsc makes it fresh again. */
	ptpdk_shm_writer_publish(w, 0, &r, u + 400000000, 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u + 800000000, &t), 0);
	CHECK_EQ_INT(t.clock_ns, 1700000000 * NS_PER_S + 800000000);
	/* The header heartbeat alone does not keep a record alive (the layout's rule). */
	ptpdk_shm_writer_heartbeat(w, u + 2000000000, 42);
	CHECK_EQ_INT(ptpdk_shm_header(c)->heartbeat_count, 1);
	CHECK_EQ_INT(ptpdk_shm_header(c)->heartbeat_tsc, u + 2000000000);
	CHECK_EQ_INT(ptpdk_shm_header(c)->heartbeat_mono_ns, 42);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u + 2000000000, &t), -ESTALE);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
}

/* With the real TSC: period 10 ms, timeout 50 ms, and a real sleep. */
static void test_stale_real(void)
{
	struct ptpdk_shm_writer *w = make_writer("real", 1, tsc_hz, 10, 50);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	struct ptpdk_shm_record r, snap;
	struct ptpdk_shm_time t;
	uint64_t now;
	int rc;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), -ESTALE); /* never published */
	now = ptpdk_shm_tsc();
	valid_now(&r, now, tsc_hz);
	ptpdk_shm_writer_publish(w, 0, &r, now, mono_raw_ns());
	ptpdk_shm_writer_heartbeat(w, now, mono_raw_ns());
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), 0);
	CHECK_EQ_INT(ptpdk_shm_snapshot(c, 0, &snap), 0);
	CHECK(t.age_s >= 0 && t.age_s < 0.05);
	sleep_ms(150);
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), -ESTALE);
	/* The snapshot says stale too, and still carries the copy for display. */
	memset(&snap, 0, sizeof(snap));
	CHECK_EQ_INT(ptpdk_shm_snapshot(c, 0, &snap), -ESTALE);
	CHECK_EQ_INT(snap.update_count, 1);
	CHECK_EQ_INT(snap.update_tsc, now);
	CHECK_EQ_INT(snap.flags, PTPDK_SHM_F_VALID);
	/* A writer that beats again is fresh again. */
	now = ptpdk_shm_tsc();
	valid_now(&r, now, tsc_hz);
	ptpdk_shm_writer_publish(w, 0, &r, now, mono_raw_ns());
	rc = ptpdk_shm_now(c, 0, &t);
	CHECK_EQ_INT(rc, 0);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
}

static uint64_t generation_of(const char *path)
{
	struct ptpdk_shm_client *c = open_client(path);
	uint64_t g = 0;

	if (c) {
		g = ptpdk_shm_header(c)->generation;
		ptpdk_shm_close(c);
	}
	return g;
}

static void test_shutdown_and_replace(void)
{
	struct ptpdk_shm_writer_config cfg = {
		.name = "life",
		.dir = tmpdir,
		.n_records = 1,
		.tsc_hz = tsc_hz,
	};
	struct ptpdk_shm_writer *w = make_writer("life", 1, tsc_hz, 0, LONG_TIMEOUT_MS), *w2;
	struct ptpdk_shm_client *c, *c2;
	struct ptpdk_shm_record r;
	struct ptpdk_shm_time t;
	char path[256], note[512];
	struct stat st;
	uint64_t gen1, gen2;

	CHECK(w != NULL);
	if (!w)
		return;
	snprintf(path, sizeof(path), "%s", ptpdk_shm_writer_path(w));
	c = open_client(path);
	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	valid_now(&r, ptpdk_shm_tsc(), tsc_hz);
	ptpdk_shm_writer_publish(w, 0, &r, ptpdk_shm_tsc(), 0);
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), 0);
	CHECK(!ptpdk_shm_replaced(c));
	gen1 = ptpdk_shm_header(c)->generation;

	/* A second writer with the same name while the first lives: EEXIST. */
	w2 = ptpdk_shm_writer_create(&cfg, note, sizeof(note));
	CHECK(w2 == NULL && errno == EEXIST);
	CHECK(strstr(note, path) != NULL);
	if (w2)
		ptpdk_shm_writer_destroy(w2);
	/* ... and the first is untouched by the attempt. */
	CHECK(!ptpdk_shm_replaced(c));
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), 0);

	/* Destroyed: -ESHUTDOWN at once for every read, the file gone, replaced() true. */
	ptpdk_shm_writer_destroy(w);
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), -ESHUTDOWN);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, ptpdk_shm_tsc(), &t), -ESHUTDOWN);
	CHECK_EQ_INT(ptpdk_shm_snapshot(c, 0, &r), -ESHUTDOWN);
	CHECK_EQ_INT(ptpdk_shm_header(c)->state, PTPDK_SHM_CLOSED);
	CHECK(ptpdk_shm_replaced(c));
	CHECK(stat(path, &st) != 0 && errno == ENOENT);

	/* A new writer: the old client still says replaced, a reopen sees a new generation. */
	w = make_writer("life", 1, tsc_hz, 0, LONG_TIMEOUT_MS);
	CHECK(w != NULL);
	CHECK(ptpdk_shm_replaced(c));
	gen2 = generation_of(path);
	CHECK(gen2 != 0 && gen2 != gen1);
	c2 = open_client(path);
	CHECK(c2 != NULL);
	if (c2) {
		CHECK(!ptpdk_shm_replaced(c2));
		CHECK_EQ_INT(ptpdk_shm_header(c2)->state, PTPDK_SHM_RUNNING);
		CHECK_EQ_INT(ptpdk_shm_now(c2, 0, &t), -ESTALE); /* nothing published yet */
		ptpdk_shm_close(c2);
	}
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
}

/*
 * A writer that dies without destroy (a child process _exit()s): its file stays,
 * RUNNING; a new writer takes the name over (the dead one's flock is gone), and the
 * client of the dead region sees replaced() by the inode.
 */
static void test_dead_writer(void)
{
	struct ptpdk_shm_writer *w;
	struct ptpdk_shm_client *c;
	struct ptpdk_shm_record r;
	char path[256];
	int status = -1;
	uint64_t gen1;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/ptpdk-shm-dead", tmpdir);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		w = make_writer("dead", 1, tsc_hz, 0, LONG_TIMEOUT_MS);
		if (w) {
			valid_now(&r, ptpdk_shm_tsc(), tsc_hz);
			ptpdk_shm_writer_publish(w, 0, &r, ptpdk_shm_tsc(), 0);
		}
		_exit(w ? 0 : 1);
	}
	if (pid < 0)
		return;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	c = open_client(path);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_EQ_INT(ptpdk_shm_header(c)->state, PTPDK_SHM_RUNNING);
	CHECK_EQ_INT(ptpdk_shm_header(c)->writer_pid, pid);
	CHECK(!ptpdk_shm_replaced(c));
	gen1 = ptpdk_shm_header(c)->generation;

	w = make_writer("dead", 1, tsc_hz, 0, LONG_TIMEOUT_MS);
	CHECK(w != NULL);
	CHECK(ptpdk_shm_replaced(c));
	/* The old mapping is still readable (RUNNING, never closed): its records age out. */
	CHECK_EQ_INT(ptpdk_shm_header(c)->state, PTPDK_SHM_RUNNING);
	CHECK(generation_of(path) != gen1);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
}

/* ---- permissions ------------------------------------------------------------------- */

static void check_access(gid_t group, mode_t want_mode, gid_t want_gid)
{
	struct ptpdk_shm_writer_config cfg = {
		.name = "perm",
		.dir = tmpdir,
		.restrict_group = group != (gid_t)-1,
		.group = group,
		.n_records = 1,
		.tsc_hz = 1000000000,
	};
	char note[512];
	struct ptpdk_shm_writer *w = ptpdk_shm_writer_create(&cfg, note, sizeof(note));
	struct stat st;

	CHECK(w != NULL);
	if (!w) {
		fprintf(stderr, "perm: %s\n", note);
		return;
	}
	CHECK(stat(ptpdk_shm_writer_path(w), &st) == 0);
	CHECK_EQ_INT(st.st_mode & 07777, want_mode);
	CHECK_EQ_INT(st.st_gid, want_gid);
	CHECK_EQ_INT(st.st_uid, geteuid());
	ptpdk_shm_writer_destroy(w);
}

static void test_permissions(void)
{
	mode_t old = umask(077); /* the modes are set explicitly, whatever the umask */

	check_access((gid_t)-1, 0644, getegid());
	check_access(getgid(), 0640, getgid());
	if (geteuid() == 0)
		check_access(4242, 0640, 4242); /* any group, when we may chown */
	umask(old);
}

/* ---- the default lookup ------------------------------------------------------------ */

static void test_default_location(void)
{
	struct ptpdk_shm_writer_config cfg = {
		.n_records = 1,
		.tsc_hz = tsc_hz ? tsc_hz : 1000000000,
	};
	struct ptpdk_shm_writer *w;
	struct ptpdk_shm_client *c;
	struct ptpdk_shm_record r;
	struct ptpdk_shm_time t;
	char name[32], note[512], path[256];
	struct statfs sfs;
	struct stat st;

	snprintf(name, sizeof(name), "utest%d", (int)getpid());
	cfg.name = name;
	/* Unique name: an old file would be a leftover of a crashed run with our pid. */
	if (ptpdk_shm_open(name, &c, NULL, 0) == 0) {
		printf("default location: %s exists already, skipped\n", ptpdk_shm_path(c));
		ptpdk_shm_close(c);
		return;
	}
	w = ptpdk_shm_writer_create(&cfg, note, sizeof(note));
	if (!w) {
		printf("default location: cannot create here (%s), skipped\n", note);
		return;
	}
	snprintf(path, sizeof(path), "%s", ptpdk_shm_writer_path(w));
	CHECK(statfs(path, &sfs) == 0);
	printf("default location: %s on %s%s%s\n", path,
	       ptpdk_shm_writer_on_hugepages(w) ? "hugetlbfs" : "/dev/shm", note[0] ? ": " : "",
	       note);
	CHECK_EQ_INT(ptpdk_shm_writer_on_hugepages(w),
		     (unsigned long)sfs.f_type == HUGETLBFS_MAGIC);
	if (!ptpdk_shm_writer_on_hugepages(w)) {
		CHECK(strncmp(path, "/dev/shm/", 9) == 0);
		CHECK(strstr(note, "/dev/shm") != NULL); /* the fallback is announced */
	}
	c = open_client(name);
	CHECK(c != NULL);
	if (c) {
		CHECK(strcmp(ptpdk_shm_path(c), path) == 0);
		valid_now(&r, ptpdk_shm_tsc(), cfg.tsc_hz);
		ptpdk_shm_writer_publish(w, 0, &r, ptpdk_shm_tsc(), 0);
		CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), 0);
		CHECK_EQ_INT(ptpdk_shm_header(c)->region_size,
			     ptpdk_shm_writer_on_hugepages(w) ? (uint64_t)sfs.f_bsize : 4096);
		ptpdk_shm_close(c);
	}
	ptpdk_shm_writer_destroy(w);
	CHECK(stat(path, &st) != 0 && errno == ENOENT);
	CHECK_EQ_INT(ptpdk_shm_open(name, &c, NULL, 0), -ENOENT);
}

int main(void)
{
	check_seed("test_shm");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ptpdk-test-shm-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	tsc_hz = measure_tsc_hz();
	printf("test_shm: regions in %s, TSC ~%.3f GHz\n", tmpdir, (double)tsc_hz * 1e-9);

	test_abi();
	test_writer_config();
	test_open_errors();
	test_mapping();
	test_error_bound();
	test_stale();
	test_stale_real();
	test_shutdown_and_replace();
	test_dead_writer();
	test_permissions();
	test_default_location();
	test_seqlock();

	remove_tmpdir();
	return check_report("test_shm");
}
