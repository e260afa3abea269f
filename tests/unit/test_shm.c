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

static struct ptpdk_shm_writer *make_writer(const char *name, unsigned n_clocks, unsigned n_ports,
					    uint64_t hz, uint32_t period_ms, uint32_t timeout_ms)
{
	struct ptpdk_shm_writer_config cfg = {
		.name = name,
		.dir = tmpdir,
		.n_clocks = n_clocks,
		.n_ports = n_ports,
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
static int64_t map_ns(const struct ptpdk_shm_clock_record *r, uint64_t t)
{
	int64_t e = (int64_t)(t - r->base_tsc);
	uint64_t mag = e >= 0 ? (uint64_t)e : 0 - (uint64_t)e;
	unsigned __int128 half = r->shift ? (unsigned __int128)1 << (r->shift - 1) : 0;
	int64_t d = (int64_t)(((unsigned __int128)mag * r->mult + half) >> r->shift);

	return r->base_time_ns + (e >= 0 ? d : -d);
}

/* ---- seqlock ---------------------------------------------------------------------- */

static uint64_t pattern_t0; /* TSC at the start of a seqlock test */
#define PATTERN_HZ UINT64_C(2500000000)

/*
 * Every field of clock copy @p i derived from i, the writer's update_count included,
 * so a copy mixing two publishes differs from clock_pattern(update_count) somewhere.
 * base_tsc lies 2^40 ticks after pattern_t0: reads happen before it, so the bound's
 * age terms are 0 and now()'s bound is error_bound + mapping_error = 1.25 i exactly.
 */
static void clock_pattern(struct ptpdk_shm_clock_record *r, uint64_t i)
{
	memset(r, 0, sizeof(*r));
	r->flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_PTP_TIMESCALE | PTPDK_SHM_F_UTC_OFFSET_VALID |
		   ((i & 1) ? PTPDK_SHM_F_TIME_TRACEABLE : 0);
	r->utc_offset_s = (int16_t)(i % 30000);
	r->clock_state = (uint8_t)(i % 4);
	r->servo_state = (uint8_t)(i / 4 % 4);
	ptpdk_shm_clock_set_mapping(r, pattern_t0 + (UINT64_C(1) << 40) + i,
				    INT64_C(1000000000000000000) + (int64_t)i * 1000003, PATTERN_HZ,
				    (double)(i % 2001) - 1000.0);
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
	r->time_source = (uint8_t)(i * 11);
	r->domain_number = (uint8_t)(i * 13);
	r->parent_port = (uint16_t)(i % 3);
	r->last_offset_ns = -(int64_t)i;
	r->freq_ppb = (double)i * 0.5;
	r->holdover_s = (double)i * 0.125;
	snprintf(r->clock_name, sizeof(r->clock_name), "clock%" PRIu64, i);
}

/* The same for port copy @p i (its clock_index stays 0: the region has one clock). */
static void port_pattern(struct ptpdk_shm_port_record *r, uint64_t i)
{
	memset(r, 0, sizeof(*r));
	r->flags = (uint32_t)(i & 7);
	r->port_index = (uint16_t)(i * 3);
	r->port_state = (uint8_t)(1 + i % 9);
	r->path_delay_ns = (int64_t)i * 17;
	r->update_tsc = pattern_t0 + i;
	r->update_mono_ns = i * 11;
	r->update_count = i;
	snprintf(r->port_name, sizeof(r->port_name), "port%" PRIu64, i);
}

static void publish_clock_pattern(struct ptpdk_shm_writer *w, uint64_t i)
{
	struct ptpdk_shm_clock_record r;

	clock_pattern(&r, i);
	ptpdk_shm_writer_publish_clock(w, 0, &r, r.update_tsc, r.update_mono_ns);
}

static void publish_port_pattern(struct ptpdk_shm_writer *w, uint64_t i)
{
	struct ptpdk_shm_port_record r;

	port_pattern(&r, i);
	ptpdk_shm_writer_publish_port(w, 0, &r, r.update_tsc, r.update_mono_ns);
}

/* Bytes after seq: what a snapshot copies. */
static bool same_payload(const void *got, const void *want, size_t size)
{
	return memcmp((const char *)got + sizeof(uint32_t), (const char *)want + sizeof(uint32_t),
		      size - sizeof(uint32_t)) == 0;
}

/* Clock reads, alternating snapshot and now(); @return rc with the copy number. */
static int read_clock(struct ptpdk_shm_client *c, uint64_t n, uint64_t *i, bool *torn)
{
	struct ptpdk_shm_clock_record got, want;
	struct ptpdk_shm_time t;
	uint64_t before, after;
	int rc;

	if (n & 1) {
		rc = ptpdk_shm_clock_snapshot(c, 0, &got);
		if (rc == 0) {
			*i = got.update_count;
			clock_pattern(&want, *i);
			*torn = !same_payload(&got, &want, sizeof(got));
		}
		return rc;
	}
	before = ptpdk_shm_tsc();
	rc = ptpdk_shm_now(c, 0, &t);
	after = ptpdk_shm_tsc();
	if (rc == 0) {
		*i = (uint64_t)(t.error_bound_ns / 1.25);
		clock_pattern(&want, *i);
		/* The mapping is increasing: now() read its TSC between ours. */
		*torn = t.error_bound_ns != 1.25 * (double)*i || t.flags != want.flags ||
			t.clock_state != want.clock_state || t.utc_offset_s != want.utc_offset_s ||
			t.clock_ns < map_ns(&want, before) || t.clock_ns > map_ns(&want, after) ||
			t.utc_ns != t.clock_ns - (int64_t)want.utc_offset_s * NS_PER_S;
	}
	return rc;
}

/* Clock reads between port reads that did not succeed at once: the port writer must
 * never make them retry, as the clock has its own sequence counter. */
static uint64_t clock_reads_disturbed;

/* Port snapshots, and every 16th read also the (unchanging) clock's time. */
static int read_port(struct ptpdk_shm_client *c, uint64_t n, uint64_t *i, bool *torn)
{
	struct ptpdk_shm_port_record got, want;
	struct ptpdk_shm_time t;
	int rc = ptpdk_shm_port_snapshot(c, 0, &got);

	if (rc == 0) {
		*i = got.update_count;
		port_pattern(&want, *i);
		*torn = !same_payload(&got, &want, sizeof(got));
	}
	if (n % 16 == 0 && ptpdk_shm_now(c, 0, &t) != 0)
		clock_reads_disturbed++;
	return rc;
}

struct torn_case {
	const char *name;
	void (*publish)(struct ptpdk_shm_writer *w, uint64_t i);
	/* One read: its rc, with the copy's number in *i and *torn for a mixed copy. */
	int (*read)(struct ptpdk_shm_client *c, uint64_t n, uint64_t *i, bool *torn);
};

struct pub_thread {
	const struct torn_case *tc;
	struct ptpdk_shm_writer *w;
	atomic_bool stop;
	uint64_t last; /* last copy published */
};

static void *publisher(void *arg)
{
	struct pub_thread *p = arg;
	uint64_t i = p->last;

	while (!atomic_load_explicit(&p->stop, memory_order_relaxed))
		p->tc->publish(p->w, ++i);
	p->last = i;
	return NULL;
}

struct torn_tally {
	uint64_t ok, eagain, other, torn, backwards, distinct, last_i;
};

static void torn_reads(const struct torn_case *tc, struct ptpdk_shm_client *c, struct torn_tally *n)
{
	for (uint64_t k = 0; k < SEQLOCK_READS; k++) {
		uint64_t i = 0;
		bool torn = false;
		int rc = tc->read(c, k, &i, &torn);

		if (rc == 0) {
			n->ok++;
			n->torn += torn;
			n->distinct += i != n->last_i;
			n->backwards += i < n->last_i;
			n->last_i = i;
		} else if (rc == -EAGAIN) {
			/* The writer sits preempted inside a write (by this thread or another
			 * process): give way rather than spin through its time slice. */
			n->eagain++;
			sched_yield();
		} else {
			n->other++;
		}
	}
}

/*
 * 10^7 reads of record 0 of one kind against a writer thread that republishes it
 * without pause, each copy different in every field: no read may return a mix.
 */
static void test_seqlock(const struct torn_case *tc)
{
	struct pub_thread p = { .tc = tc, .last = 1 };
	struct torn_tally n = { 0 };
	struct ptpdk_shm_client *c;
	pthread_t th;
	uint64_t i = 0;
	bool torn = false;
	cpu_set_t set;
	int cpus;

	CPU_ZERO(&set);
	cpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
	pattern_t0 = ptpdk_shm_tsc();
	clock_reads_disturbed = 0;
	p.w = make_writer("seq", 1, 1, tsc_hz, 0, LONG_TIMEOUT_MS);
	CHECK(p.w != NULL);
	if (!p.w)
		return;
	/* The first copies before the reader starts: it never sees an unpublished record. */
	publish_clock_pattern(p.w, 1);
	publish_port_pattern(p.w, 1);
	c = open_client(ptpdk_shm_writer_path(p.w));
	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(p.w);
		return;
	}
	CHECK(pthread_create(&th, NULL, publisher, &p) == 0);
	torn_reads(tc, c, &n);
	atomic_store(&p.stop, true);
	pthread_join(th, NULL);
	printf("seqlock %s: %d CPUs, %d reads, %" PRIu64 " ok, %" PRIu64 " -EAGAIN, %" PRIu64
	       " other, %" PRIu64 " torn, %" PRIu64 " distinct copies seen, %" PRIu64
	       " published, %" PRIu64 " clock reads disturbed\n",
	       tc->name, cpus, SEQLOCK_READS, n.ok, n.eagain, n.other, n.torn, n.distinct, p.last,
	       clock_reads_disturbed);
	CHECK_EQ_INT(n.torn, 0);
	CHECK_EQ_INT(n.backwards, 0);
	CHECK_EQ_INT(n.other, 0);
	CHECK_EQ_INT(clock_reads_disturbed, 0);
	/*
	 * -EAGAIN comes when a write outlasts the reader's PTPDK_SHM_READ_TRIES tries, in
	 * practice when the writer is preempted inside a write; on a quiet machine that is
	 * 0 to a few hundred in 10^7 (the count is printed). Other
	 * processes competing for the writer's CPU make it more frequent, because this
	 * writer never pauses: the bound is loose enough for a loaded CI machine and still
	 * catches a reader that gives up at the first odd sequence (many reads overlap a
	 * write here).
	 */
	CHECK(n.eagain <= SEQLOCK_READS / 20);
	CHECK(n.ok >= SEQLOCK_READS - SEQLOCK_READS / 20);
	/* The writer really raced the reads (not one copy read ten million times). With
	 * one CPU for both threads they alternate by time slices and see few copies. */
	CHECK(p.last > 1000);
	CHECK(n.distinct >= 2);
	if (cpus >= 2)
		CHECK(n.distinct > 100);
	/* The last copy, read at rest (an odd n: a snapshot), is the last published. */
	CHECK_EQ_INT(tc->read(c, 1, &i, &torn), 0);
	CHECK_EQ_INT(i, p.last);
	CHECK(!torn);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(p.w);
}

static const struct torn_case torn_clock = { "clock", publish_clock_pattern, read_clock };
static const struct torn_case torn_port = { "port", publish_port_pattern, read_port };

/* ---- ABI -------------------------------------------------------------------------- */

struct field {
	const char *name;
	size_t off, size;	    /* as compiled */
	size_t want_off, want_size; /* as documented in ptpdk_shm_layout.h */
};

#define FIELD(type, f, o, s)                                                                       \
	{                                                                                          \
#f, offsetof(type, f), sizeof(((type *)0)->f), o, s                                \
	}
#define HF(f, o, s) FIELD(struct ptpdk_shm_header, f, o, s)
#define SF(f, o, s) FIELD(struct ptpdk_shm_section, f, o, s)
#define CF(f, o, s) FIELD(struct ptpdk_shm_clock_record, f, o, s)
#define PF(f, o, s) FIELD(struct ptpdk_shm_port_record, f, o, s)

static const struct field header_fields[] = {
	HF(magic, 0, 8),
	HF(abi_version, 8, 4),
	HF(header_size, 12, 4),
	HF(region_size, 16, 8),
	HF(generation, 24, 8),
	HF(writer_pid, 32, 4),
	HF(state, 36, 4),
	HF(start_realtime_ns, 40, 8),
	HF(start_mono_ns, 48, 8),
	HF(tsc_hz, 56, 8),
	HF(heartbeat_period_ms, 64, 4),
	HF(heartbeat_timeout_ms, 68, 4),
	HF(heartbeat_count, 72, 8),
	HF(heartbeat_tsc, 80, 8),
	HF(heartbeat_mono_ns, 88, 8),
	HF(instance, 96, 32),
	HF(sections, 128, 128),
};

static const struct field section_fields[] = {
	SF(offset, 0, 4),
	SF(entry_size, 4, 4),
	SF(count, 8, 4),
	SF(reserved, 12, 4),
};

static const struct field clock_fields[] = {
	CF(seq, 0, 4),
	CF(flags, 4, 4),
	CF(utc_offset_s, 8, 2),
	CF(clock_state, 10, 1),
	CF(servo_state, 11, 1),
	CF(shift, 12, 4),
	CF(base_tsc, 16, 8),
	CF(base_time_ns, 24, 8),
	CF(mult, 32, 8),
	CF(error_bound_ns, 40, 8),
	CF(mapping_error_ns, 48, 8),
	CF(bound_rate_ppb, 56, 8),
	CF(bound_wander_ppb_per_s, 64, 8),
	CF(update_tsc, 72, 8),
	CF(update_mono_ns, 80, 8),
	CF(update_count, 88, 8),
	CF(grandmaster_identity, 96, 8),
	CF(parent_clock_identity, 104, 8),
	CF(parent_port_number, 112, 2),
	CF(steps_removed, 114, 2),
	CF(clock_class, 116, 1),
	CF(clock_accuracy, 117, 1),
	CF(offset_scaled_log_variance, 118, 2),
	CF(time_source, 120, 1),
	CF(domain_number, 121, 1),
	CF(parent_port, 122, 2),
	CF(reserved0, 124, 4),
	CF(last_offset_ns, 128, 8),
	CF(freq_ppb, 136, 8),
	CF(holdover_s, 144, 8),
	CF(clock_name, 152, 32),
	CF(clock_identity, 184, 8),
	CF(gm_priority1, 192, 1),
	CF(gm_priority2, 193, 1),
	CF(reserved1, 194, 6),
	CF(last_step_ns, 200, 8),
	CF(reserved, 208, 48),
};

static const struct field port_fields[] = {
	PF(seq, 0, 4),
	PF(flags, 4, 4),
	PF(clock_index, 8, 2),
	PF(port_index, 10, 2),
	PF(port_state, 12, 1),
	PF(reserved0, 13, 3),
	PF(path_delay_ns, 16, 8),
	PF(update_tsc, 24, 8),
	PF(update_mono_ns, 32, 8),
	PF(update_count, 40, 8),
	PF(port_name, 48, 32),
	PF(last_rx_mono_ns, 80, 64),
	PF(last_tx_mono_ns, 144, 64),
	PF(reserved, 208, 48),
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

#define CHECK_FIELDS(what, table, total)                                                           \
	check_fields(what, table, sizeof(table) / sizeof(table[0]), total)

/* The region as written, byte for byte: header, table, then clocks and ports. */
static void check_file_layout(struct ptpdk_shm_writer *w)
{
	unsigned char buf[sizeof(struct ptpdk_shm_header)];
	const struct ptpdk_shm_section *sec;
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
	CHECK_EQ_INT(h.region_size, st.st_size);
	CHECK(h.region_size >= 256 + 2 * 256 + 3 * 256);
	CHECK_EQ_INT(h.state, PTPDK_SHM_RUNNING);
	CHECK_EQ_INT(h.writer_pid, getpid());
	CHECK_EQ_INT(h.tsc_hz, 1000000000);
	CHECK_EQ_INT(h.heartbeat_period_ms, 100); /* the defaults */
	CHECK_EQ_INT(h.heartbeat_timeout_ms, 500);
	CHECK(strcmp(h.instance, "abi") == 0);
	sec = &h.sections[PTPDK_SHM_SECTION_CLOCKS];
	CHECK_EQ_INT(sec->offset, 256);
	CHECK_EQ_INT(sec->entry_size, 256);
	CHECK_EQ_INT(sec->count, 2);
	CHECK_EQ_INT(sec->reserved, 0);
	sec = &h.sections[PTPDK_SHM_SECTION_PORTS];
	CHECK_EQ_INT(sec->offset, 256 + 2 * 256);
	CHECK_EQ_INT(sec->entry_size, 256);
	CHECK_EQ_INT(sec->count, 3);
	CHECK_EQ_INT(sec->reserved, 0);
	/* The reserved slots are empty: all zero. */
	for (unsigned i = PTPDK_SHM_SECTION_PORTS + 1; i < PTPDK_SHM_MAX_SECTIONS; i++) {
		static const struct ptpdk_shm_section zero;

		CHECK_MEM(&h.sections[i], &zero, sizeof(zero));
	}
}

static void test_abi(void)
{
	uint64_t magic = PTPDK_SHM_MAGIC;
	struct ptpdk_shm_writer *w;

	CHECK_EQ_INT(sizeof(struct ptpdk_shm_header), 256);
	CHECK_EQ_INT(sizeof(struct ptpdk_shm_section), 16);
	CHECK_EQ_INT(sizeof(struct ptpdk_shm_clock_record), 256);
	CHECK_EQ_INT(sizeof(struct ptpdk_shm_port_record), 256);
	CHECK_FIELDS("header", header_fields, 256);
	CHECK_FIELDS("section", section_fields, 16);
	CHECK_FIELDS("clock", clock_fields, 256);
	CHECK_FIELDS("port", port_fields, 256);
	CHECK_EQ_INT(PTPDK_SHM_MAX_SECTIONS * sizeof(struct ptpdk_shm_section), 128);
	/* now() copies bytes 4..96: the time part ends where the identities start. */
	CHECK_EQ_INT(offsetof(struct ptpdk_shm_clock_record, grandmaster_identity), 96);
	CHECK_EQ_INT(PTPDK_SHM_ABI_VERSION, 2);
	CHECK_EQ_INT(PTPDK_SHM_SECTION_CLOCKS, 0);
	CHECK_EQ_INT(PTPDK_SHM_SECTION_PORTS, 1);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	CHECK_MEM(&magic, "PTPDKSHM", 8);
#else
	(void)magic;
#endif
	/* And in a real file, with the header and table as documented. */
	w = make_writer("abi", 2, 3, 1000000000, 0, 0);
	CHECK(w != NULL);
	if (w) {
		check_file_layout(w);
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

/* Where a header field or section slot lives, for the forgeries. */
#define OFF_VERSION	 8
#define OFF_HEADER_SIZE	 12
#define OFF_REGION_SIZE	 16
#define OFF_TSC_HZ	 56
#define OFF_SECTION(id)	 (offsetof(struct ptpdk_shm_header, sections) + (id)*16u)
#define RESERVED_SECTION 5 /* a slot this library does not know */

/* Open a copy of @p good with section slot @p id replaced. */
static int open_with_section(const unsigned char *good, size_t n, unsigned id, uint32_t offset,
			     uint32_t entry_size, uint32_t count, char *err, size_t err_len)
{
	struct ptpdk_shm_section s = { offset, entry_size, count, 0 };

	return open_forged(good, n, OFF_SECTION(id), &s, sizeof(s), err, err_len);
}

/* Expect -EBADMSG with @p words in the message. */
#define CHECK_BADMSG(call, words)                                                                  \
	do {                                                                                       \
		CHECK_EQ_INT(call, -EBADMSG);                                                      \
		if (!strstr(err, words)) {                                                         \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: \"%s\" lacks \"%s\"\n", __FILE__, __LINE__, err,   \
				words);                                                            \
		}                                                                                  \
		check_count++;                                                                     \
	} while (0)

/* The header's own fields: magic, version, sizes, rate. */
static void forged_headers(const unsigned char *good, size_t n)
{
	unsigned char *big;
	char err[512];
	uint32_t u32;
	uint64_t u64;

	CHECK_EQ_INT(open_forged(good, n, 0, "PTPDKSHN", 8, err, sizeof(err)), -EBADF);
	CHECK(strstr(err, "forged") != NULL);

	u32 = 7;
	CHECK_EQ_INT(open_forged(good, n, OFF_VERSION, &u32, 4, err, sizeof(err)), -EPROTO);
	CHECK(strstr(err, "version 7") != NULL);
	CHECK(strstr(err, "version 2") != NULL);
	u32 = 1; /* a region of the previous ABI: per-port records, no section table */
	CHECK_EQ_INT(open_forged(good, n, OFF_VERSION, &u32, 4, err, sizeof(err)), -EPROTO);
	CHECK(strstr(err, "version 1") != NULL);

	u32 = 128; /* header_size: smaller than the header */
	CHECK_BADMSG(open_forged(good, n, OFF_HEADER_SIZE, &u32, 4, err, sizeof(err)), "header");
	u32 = 260; /* not a multiple of 8 */
	CHECK_BADMSG(open_forged(good, n, OFF_HEADER_SIZE, &u32, 4, err, sizeof(err)), "header");
	u32 = (uint32_t)n + 8; /* beyond the region */
	CHECK_BADMSG(open_forged(good, n, OFF_HEADER_SIZE, &u32, 4, err, sizeof(err)), "header");
	u32 = 512; /* a larger header is allowed, but now the clocks lie inside it */
	CHECK_BADMSG(open_forged(good, n, OFF_HEADER_SIZE, &u32, 4, err, sizeof(err)),
		     "overlaps the header");

	/* region_size other than the file's size, either way. */
	u64 = n + 4096;
	CHECK_BADMSG(open_forged(good, n, OFF_REGION_SIZE, &u64, 8, err, sizeof(err)), "region");
	u64 = n - 256;
	CHECK_BADMSG(open_forged(good, n, OFF_REGION_SIZE, &u64, 8, err, sizeof(err)), "region");
	big = calloc(1, n + 4096);
	memcpy(big, good, n);
	CHECK_BADMSG(open_forged(big, n + 4096, 0, NULL, 0, err, sizeof(err)), "region");
	free(big);
	u64 = 0; /* tsc_hz */
	CHECK_BADMSG(open_forged(good, n, OFF_TSC_HZ, &u64, 8, err, sizeof(err)), "TSC");
	/* Too small: shorter than a header, and empty. */
	CHECK_EQ_INT(open_forged(good, 100, 0, NULL, 0, err, sizeof(err)), -EBADF);
	CHECK(strstr(err, "forged") != NULL);
	CHECK_EQ_INT(open_forged(good, 0, 0, NULL, 0, err, sizeof(err)), -EBADF);
	/* Truncated to its header: the size disagrees; and with region_size forged to
	 * match, the sections it announces lie beyond the file. */
	CHECK_BADMSG(open_forged(good, 256, 0, NULL, 0, err, sizeof(err)), "region");
	u64 = 256;
	CHECK_BADMSG(open_forged(good, 256, OFF_REGION_SIZE, &u64, 8, err, sizeof(err)), "beyond");
}

/*
 * The section table of a region with one clock at 256 and two ports at 512: every
 * way a slot can be wrong, for the known slots and for one this library skips.
 */
static void forged_sections(const unsigned char *good, size_t n)
{
	const unsigned C = PTPDK_SHM_SECTION_CLOCKS, P = PTPDK_SHM_SECTION_PORTS;
	const unsigned R = RESERVED_SECTION;
	char err[512];

	/* Counts: no clock, more than the layout allows, more than the file holds. */
	CHECK_BADMSG(open_with_section(good, n, C, 256, 256, 0, err, sizeof(err)), "has a clock");
	CHECK_BADMSG(open_with_section(good, n, C, 0, 0, 0, err, sizeof(err)), "has a clock");
	CHECK_BADMSG(
		open_with_section(good, n, C, 256, 256, PTPDK_SHM_MAX_CLOCKS + 1, err, sizeof(err)),
		"at most");
	CHECK_BADMSG(
		open_with_section(good, n, P, 512, 256, PTPDK_SHM_MAX_PORTS + 1, err, sizeof(err)),
		"at most");
	CHECK_BADMSG(open_with_section(good, n, P, 512, 256, (uint32_t)((n - 512) / 256 + 1), err,
				       sizeof(err)),
		     "beyond");
	/* Entry sizes smaller than this library's records. */
	CHECK_BADMSG(open_with_section(good, n, C, 256, 248, 1, err, sizeof(err)), "at least 256");
	CHECK_BADMSG(open_with_section(good, n, P, 512, 0, 2, err, sizeof(err)), "at least 256");
	/* Misaligned offset or stride. */
	CHECK_BADMSG(open_with_section(good, n, C, 260, 256, 1, err, sizeof(err)), "aligned");
	CHECK_BADMSG(open_with_section(good, n, P, 512, 260, 2, err, sizeof(err)), "aligned");
	/* Inside the header, or on top of another section. */
	CHECK_BADMSG(open_with_section(good, n, C, 128, 256, 1, err, sizeof(err)),
		     "overlaps the header");
	CHECK_BADMSG(open_with_section(good, n, C, 0, 256, 1, err, sizeof(err)),
		     "overlaps the header");
	CHECK_BADMSG(open_with_section(good, n, P, 256, 256, 2, err, sizeof(err)), "overlap");
	CHECK_BADMSG(open_with_section(good, n, C, 512, 256, 1, err, sizeof(err)), "overlap");
	/* An offset near 2^32 with a large count: no wrap-around lets it pass. */
	CHECK_BADMSG(open_with_section(good, n, P, 0xfffffff8u, 256, 2, err, sizeof(err)),
		     "beyond");

	/* A slot this library does not know: skipped when well-formed ... */
	CHECK_EQ_INT(open_with_section(good, n, R, 1024, 64, 4, err, sizeof(err)), 0);
	/* ... refused when it is not. */
	CHECK_BADMSG(open_with_section(good, n, R, 1024, 0, 4, err, sizeof(err)), "at least 8");
	CHECK_BADMSG(open_with_section(good, n, R, (uint32_t)n, 64, 1, err, sizeof(err)), "beyond");
	CHECK_BADMSG(open_with_section(good, n, R, 2048, 0x40000000, 0x40000000, err, sizeof(err)),
		     "beyond");
	CHECK_BADMSG(open_with_section(good, n, R, 1020, 64, 1, err, sizeof(err)), "aligned");
	CHECK_BADMSG(open_with_section(good, n, R, 640, 64, 1, err, sizeof(err)), "overlap");
	CHECK_BADMSG(open_with_section(good, n, R, 64, 64, 1, err, sizeof(err)),
		     "overlaps the header");
	/* No ports is a valid region (time only). */
	CHECK_EQ_INT(open_with_section(good, n, P, 0, 0, 0, err, sizeof(err)), 0);
}

/*
 * Entries larger than this library's records (a newer writer's minor additions): the
 * region opens, entries are found by the writer's stride, and the prefix is read.
 */
static void larger_entries(const unsigned char *good, size_t n)
{
	struct ptpdk_shm_section clocks = { 256, 512, 2, 0 }, ports = { 1280, 384, 2, 0 };
	struct ptpdk_shm_clock_record cr;
	struct ptpdk_shm_port_record pr;
	struct ptpdk_shm_client *c = NULL;
	unsigned char *b = calloc(1, n);
	char path[128], err[512];

	CHECK(n >= 1280 + 2 * 384);
	if (!b || n < 1280 + 2 * 384) {
		free(b);
		return;
	}
	memcpy(b, good, sizeof(struct ptpdk_shm_header));
	memcpy(b + OFF_SECTION(PTPDK_SHM_SECTION_CLOCKS), &clocks, sizeof(clocks));
	memcpy(b + OFF_SECTION(PTPDK_SHM_SECTION_PORTS), &ports, sizeof(ports));
	for (unsigned i = 0; i < 2; i++) {
		memset(&cr, 0, sizeof(cr));
		cr.update_count = 1;
		snprintf(cr.clock_name, sizeof(cr.clock_name), "clock-%u", i);
		memcpy(b + 256 + i * 512, &cr, sizeof(cr));
		memset(&pr, 0, sizeof(pr));
		pr.update_count = 1;
		pr.clock_index = 1;
		snprintf(pr.port_name, sizeof(pr.port_name), "port-%u", i);
		memcpy(b + 1280 + i * 384, &pr, sizeof(pr));
	}
	snprintf(path, sizeof(path), "%s/larger", tmpdir);
	write_file(path, b, n);
	free(b);
	CHECK_EQ_INT(ptpdk_shm_open(path, &c, err, sizeof(err)), 0);
	if (c) {
		CHECK_EQ_INT(ptpdk_shm_n_clocks(c), 2);
		CHECK_EQ_INT(ptpdk_shm_n_ports(c), 2);
		/* Written long ago (update_tsc 0): stale, and filled for display. */
		CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 1, &cr), -ESTALE);
		CHECK(strcmp(cr.clock_name, "clock-1") == 0);
		CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 1, &pr), -ESTALE);
		CHECK(strcmp(pr.port_name, "port-1") == 0);
		CHECK_EQ_INT(pr.clock_index, 1);
		CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 2, &pr), -EINVAL);
		ptpdk_shm_close(c);
	}
	unlink(path);
}

static void test_open_errors(void)
{
	struct ptpdk_shm_writer *w = make_writer("good", 1, 2, 1000000000, 0, 0);
	struct ptpdk_shm_client *c = NULL;
	unsigned char *good;
	char err[512], path[128], name[64];
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
	CHECK(n >= 4096);
	if (n < 4096) {
		free(good);
		ptpdk_shm_writer_destroy(w);
		return;
	}
	/* The unpatched copy opens: the forgeries below fail for their patch alone. */
	CHECK_EQ_INT(open_forged(good, n, 0, NULL, 0, err, sizeof(err)), 0);
	forged_headers(good, n);
	forged_sections(good, n);
	larger_entries(good, n);
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
		.n_clocks = 1,
		.n_ports = 2,
		.tsc_hz = 1000000000,
	};
	struct ptpdk_shm_writer_config bad;
	struct ptpdk_shm_clock_record r;
	struct ptpdk_shm_port_record pr;
	struct ptpdk_shm_writer *w;
	char note[256];

	bad = cfg;
	bad.name = "a/b";
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad = cfg;
	bad.name = "0123456789012345678901234567890123";
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad = cfg;
	bad.n_clocks = 0;
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad.n_clocks = PTPDK_SHM_MAX_CLOCKS + 1;
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	bad = cfg;
	bad.n_ports = PTPDK_SHM_MAX_PORTS + 1;
	CHECK(ptpdk_shm_writer_create(&bad, note, sizeof(note)) == NULL && errno == EINVAL);
	CHECK(strstr(note, "ports") != NULL);
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
			CHECK_EQ_INT(ptpdk_shm_n_clocks(c), 1);
			CHECK_EQ_INT(ptpdk_shm_n_ports(c), 2);
			CHECK(strcmp(ptpdk_shm_path(c), ptpdk_shm_writer_path(w)) == 0);
			ptpdk_shm_close(c);
		}
		memset(&r, 0, sizeof(r));
		CHECK_EQ_INT(ptpdk_shm_writer_publish_clock(w, 1, &r, 0, 0), -EINVAL);
		memset(&pr, 0, sizeof(pr));
		CHECK_EQ_INT(ptpdk_shm_writer_publish_port(w, 2, &pr, 0, 0), -EINVAL);
		pr.clock_index = 1; /* a clock the region does not have */
		CHECK_EQ_INT(ptpdk_shm_writer_publish_port(w, 0, &pr, 0, 0), -EINVAL);
		pr.clock_index = 0;
		CHECK_EQ_INT(ptpdk_shm_writer_publish_port(w, 1, &pr, 0, 0), 0);
		ptpdk_shm_writer_destroy(w);
	}
}

/* ---- mapping ---------------------------------------------------------------------- */

static void test_mapping(void)
{
	static const uint64_t rates[] = { 25000000, 1000000000, 2500000000, 3700000000 };
	static const double ppbs[] = { 0, 100, -100, 500000, -500000 };
	struct ptpdk_shm_writer *w = make_writer("map", 1, 0, 1000000000, 0, LONG_TIMEOUT_MS);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	struct ptpdk_shm_clock_record r;
	struct ptpdk_shm_time t;
	double worst = 0;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	memset(&r, 0, sizeof(r));
	CHECK_EQ_INT(ptpdk_shm_clock_set_mapping(&r, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_clock_set_mapping(&r, 0, 0, 1000, NAN), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_clock_set_mapping(&r, 0, 0, 1000, INFINITY), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_clock_set_mapping(&r, 0, 0, 1000, -1e9), -EINVAL);

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
			CHECK_EQ_INT(ptpdk_shm_clock_set_mapping(&r, base, base_ns, hz, ppbs[pi]),
				     0);
			CHECK_EQ_INT(r.base_tsc, base);
			CHECK_EQ_INT(r.base_time_ns, base_ns);
			CHECK(r.shift <= 63 && r.mult != 0);
			/* update_tsc = base: the span below stays within the timeout either side.
			 */
			CHECK_EQ_INT(ptpdk_shm_writer_publish_clock(w, 0, &r, base, 0), 0);
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
	ptpdk_shm_clock_set_mapping(&r, 1000, 1700000037 * NS_PER_S, 1000000000, 0);
	r.utc_offset_s = 37;
	r.flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_UTC_OFFSET_VALID;
	ptpdk_shm_writer_publish_clock(w, 0, &r, 1000, 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, 1000 + 5, &t), 0);
	CHECK_EQ_INT(t.clock_ns, 1700000037 * NS_PER_S + 5);
	CHECK_EQ_INT(t.utc_ns, t.clock_ns);
	CHECK_EQ_INT(t.utc_offset_s, 37);
	r.flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_UTC_OFFSET_VALID | PTPDK_SHM_F_PTP_TIMESCALE;
	ptpdk_shm_writer_publish_clock(w, 0, &r, 1000, 0);
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
	struct ptpdk_shm_writer *w = make_writer("bound", 1, 0, 1000000000, 0, LONG_TIMEOUT_MS);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	const uint64_t base = UINT64_C(1) << 45;
	struct ptpdk_shm_clock_record r;
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
	ptpdk_shm_clock_set_mapping(&r, base, 5 * NS_PER_S, 1000000000, 0);
	ptpdk_shm_writer_publish_clock(w, 0, &r, base, 0);
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
	ptpdk_shm_writer_publish_clock(w, 0, &r, base, 0);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, base + 1000, &t), 0);
	CHECK(isinf(t.error_bound_ns) && t.error_bound_ns > 0);

	/* Not VALID: -ENODATA, and the time is still filled in. */
	r.flags = PTPDK_SHM_F_HOLDOVER;
	r.clock_state = PTPDK_SHM_CLOCK_HOLDOVER;
	r.error_bound_ns = 1000;
	ptpdk_shm_writer_publish_clock(w, 0, &r, base, 0);
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

static void valid_now(struct ptpdk_shm_clock_record *r, uint64_t tsc, uint64_t hz)
{
	memset(r, 0, sizeof(*r));
	r->flags = PTPDK_SHM_F_VALID;
	r->error_bound_ns = 50;
	ptpdk_shm_clock_set_mapping(r, tsc, 1700000000 * NS_PER_S, hz, 0);
}

static void test_stale(void)
{
	/* Header rate 1 GHz, timeout 500 ms: 5e8 ticks. */
	struct ptpdk_shm_writer *w = make_writer("stale", 2, 2, 1000000000, 100, 500);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	const uint64_t u = UINT64_C(1) << 42;
	struct ptpdk_shm_clock_record r, snap;
	struct ptpdk_shm_port_record port;
	struct ptpdk_shm_time t, sentinel;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	/* Never published: stale, whatever the TSC. */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 0, u, &t), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_now(c, 1, &t), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 0, &snap), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 2, u, &t), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 2, &snap), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 0, &port), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 1, &port), -ESTALE);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 2, &port), -EINVAL);

	valid_now(&r, u, 1000000000);
	ptpdk_shm_writer_publish_clock(w, 0, &r, u, 0);
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
	/* Clock 1 was never published: still stale while 0 is fresh. */
	CHECK_EQ_INT(ptpdk_shm_time_at(c, 1, u, &t), -ESTALE);
	/* Republishing with a newer update_tsc makes it fresh again. */
	ptpdk_shm_writer_publish_clock(w, 0, &r, u + 400000000, 0);
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
	struct ptpdk_shm_writer *w = make_writer("real", 1, 1, tsc_hz, 10, 50);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	struct ptpdk_shm_clock_record r, snap;
	struct ptpdk_shm_port_record port;
	struct ptpdk_shm_time t;
	uint64_t now;
	int rc;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), -ESTALE); /* never published */
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 0, &port), -ESTALE);
	now = ptpdk_shm_tsc();
	valid_now(&r, now, tsc_hz);
	memset(&port, 0, sizeof(port));
	port.port_state = 9; /* SLAVE */
	ptpdk_shm_writer_publish_clock(w, 0, &r, now, mono_raw_ns());
	ptpdk_shm_writer_publish_port(w, 0, &port, now, mono_raw_ns());
	ptpdk_shm_writer_heartbeat(w, now, mono_raw_ns());
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), 0);
	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 0, &snap), 0);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 0, &port), 0);
	CHECK(t.age_s >= 0 && t.age_s < 0.05);
	sleep_ms(150);
	CHECK_EQ_INT(ptpdk_shm_now(c, 0, &t), -ESTALE);
	/* The snapshots say stale too, and still carry the copy for display. */
	memset(&snap, 0, sizeof(snap));
	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 0, &snap), -ESTALE);
	CHECK_EQ_INT(snap.update_count, 1);
	CHECK_EQ_INT(snap.update_tsc, now);
	CHECK_EQ_INT(snap.flags, PTPDK_SHM_F_VALID);
	memset(&port, 0, sizeof(port));
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 0, &port), -ESTALE);
	CHECK_EQ_INT(port.update_count, 1);
	CHECK_EQ_INT(port.update_tsc, now);
	CHECK_EQ_INT(port.port_state, 9);
	/* A writer that beats again is fresh again: each record by its own update. */
	now = ptpdk_shm_tsc();
	valid_now(&r, now, tsc_hz);
	ptpdk_shm_writer_publish_clock(w, 0, &r, now, mono_raw_ns());
	rc = ptpdk_shm_now(c, 0, &t);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 0, &port), -ESTALE); /* not republished */
	ptpdk_shm_writer_publish_port(w, 0, &port, ptpdk_shm_tsc(), mono_raw_ns());
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 0, &port), 0);
	CHECK_EQ_INT(port.update_count, 2);
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
		.n_clocks = 1,
		.tsc_hz = tsc_hz,
	};
	struct ptpdk_shm_writer *w = make_writer("life", 1, 0, tsc_hz, 0, LONG_TIMEOUT_MS), *w2;
	struct ptpdk_shm_client *c, *c2;
	struct ptpdk_shm_clock_record r;
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
	ptpdk_shm_writer_publish_clock(w, 0, &r, ptpdk_shm_tsc(), 0);
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
	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 0, &r), -ESHUTDOWN);
	CHECK_EQ_INT(ptpdk_shm_header(c)->state, PTPDK_SHM_CLOSED);
	CHECK(ptpdk_shm_replaced(c));
	CHECK(stat(path, &st) != 0 && errno == ENOENT);

	/* A new writer: the old client still says replaced, a reopen sees a new generation. */
	w = make_writer("life", 1, 0, tsc_hz, 0, LONG_TIMEOUT_MS);
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
	struct ptpdk_shm_clock_record r;
	char path[256];
	int status = -1;
	uint64_t gen1;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/ptpdk-shm-dead", tmpdir);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		w = make_writer("dead", 1, 0, tsc_hz, 0, LONG_TIMEOUT_MS);
		if (w) {
			valid_now(&r, ptpdk_shm_tsc(), tsc_hz);
			ptpdk_shm_writer_publish_clock(w, 0, &r, ptpdk_shm_tsc(), 0);
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

	w = make_writer("dead", 1, 0, tsc_hz, 0, LONG_TIMEOUT_MS);
	CHECK(w != NULL);
	CHECK(ptpdk_shm_replaced(c));
	/* The old mapping is still readable (RUNNING, never closed): its records age out. */
	CHECK_EQ_INT(ptpdk_shm_header(c)->state, PTPDK_SHM_RUNNING);
	CHECK(generation_of(path) != gen1);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(w);
}

/* ---- ports ------------------------------------------------------------------------ */

/* The clock's sequence counter as mapped: what a reader of time compares. */
static uint32_t clock_seq(const struct ptpdk_shm_client *c, unsigned index)
{
	const struct ptpdk_shm_header *h = ptpdk_shm_header(c);
	const struct ptpdk_shm_section *s = &h->sections[PTPDK_SHM_SECTION_CLOCKS];
	const char *r = (const char *)h + s->offset + (size_t)index * s->entry_size;

	return atomic_load_explicit((_Atomic uint32_t *)r, memory_order_acquire);
}

/*
 * Port records beside two clocks: what is published comes back field for field, a
 * port's publish leaves every clock record as it was (its own sequence counter), and
 * a clock's publish leaves the ports.
 */
static void test_ports(void)
{
	struct ptpdk_shm_writer *w = make_writer("ports", 2, 3, 1000000000, 0, LONG_TIMEOUT_MS);
	struct ptpdk_shm_client *c = w ? open_client(ptpdk_shm_writer_path(w)) : NULL;
	struct ptpdk_shm_clock_record r, clock_before, clock_after;
	struct ptpdk_shm_port_record p, got;
	uint64_t tsc = ptpdk_shm_tsc();
	uint32_t seq0, seq1;

	CHECK(c != NULL);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	CHECK_EQ_INT(ptpdk_shm_n_clocks(c), 2);
	CHECK_EQ_INT(ptpdk_shm_n_ports(c), 3);
	valid_now(&r, tsc, 1000000000);
	r.parent_port = 2;
	snprintf(r.clock_name, sizeof(r.clock_name), "phc1");
	CHECK_EQ_INT(ptpdk_shm_writer_publish_clock(w, 1, &r, tsc, 7), 0);
	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 1, &clock_before), 0);
	seq0 = clock_seq(c, 0);
	seq1 = clock_seq(c, 1);

	for (unsigned i = 0; i < 3; i++) {
		memset(&p, 0, sizeof(p));
		p.flags = PTPDK_SHM_PORT_F_PATH_DELAY_VALID |
			  (i == 2 ? PTPDK_SHM_PORT_F_PARENT | PTPDK_SHM_PORT_F_P2P : 0);
		p.clock_index = 1;
		p.port_index = (uint16_t)i;
		p.port_state = (uint8_t)(i == 2 ? 9 : 6); /* SLAVE, MASTER */
		p.path_delay_ns = 1000 + (int64_t)i;
		snprintf(p.port_name, sizeof(p.port_name), "eth%u", i);
		CHECK_EQ_INT(ptpdk_shm_writer_publish_port(w, i, &p, tsc, 8), 0);
		CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, i, &got), 0);
		CHECK_EQ_INT(got.seq, 0); /* the copy's counter means nothing: zeroed */
		CHECK_EQ_INT(got.flags, p.flags);
		CHECK_EQ_INT(got.clock_index, 1);
		CHECK_EQ_INT(got.port_index, i);
		CHECK_EQ_INT(got.port_state, p.port_state);
		CHECK_EQ_INT(got.path_delay_ns, 1000 + (int64_t)i);
		CHECK_EQ_INT(got.update_tsc, tsc);
		CHECK_EQ_INT(got.update_mono_ns, 8);
		CHECK_EQ_INT(got.update_count, 1);
		CHECK(strcmp(got.port_name, p.port_name) == 0);
	}
	/* Three port updates later, the clocks' counters and contents are untouched. */
	CHECK_EQ_INT(clock_seq(c, 0), seq0);
	CHECK_EQ_INT(clock_seq(c, 1), seq1);
	CHECK_EQ_INT(ptpdk_shm_clock_snapshot(c, 1, &clock_after), 0);
	CHECK(same_payload(&clock_after, &clock_before, sizeof(clock_after)));
	CHECK_EQ_INT(clock_after.parent_port, 2);
	CHECK(strcmp(clock_after.clock_name, "phc1") == 0);
	/* And the other way round. */
	CHECK_EQ_INT(ptpdk_shm_writer_publish_clock(w, 1, &r, tsc, 9), 0);
	CHECK(clock_seq(c, 1) != seq1);
	CHECK_EQ_INT(ptpdk_shm_port_snapshot(c, 2, &got), 0);
	CHECK_EQ_INT(got.update_count, 1);
	CHECK_EQ_INT(got.update_mono_ns, 8);
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
		.n_clocks = 1,
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
		.n_clocks = 1,
		.tsc_hz = tsc_hz ? tsc_hz : 1000000000,
	};
	struct ptpdk_shm_writer *w;
	struct ptpdk_shm_client *c;
	struct ptpdk_shm_clock_record r;
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
		ptpdk_shm_writer_publish_clock(w, 0, &r, ptpdk_shm_tsc(), 0);
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
	test_ports();
	test_stale();
	test_stale_real();
	test_shutdown_and_replace();
	test_dead_writer();
	test_permissions();
	test_default_location();
	test_seqlock(&torn_clock);
	test_seqlock(&torn_port);

	remove_tmpdir();
	return check_report("test_shm");
}
