/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The counter sections of the shared region (slots 2 and 3), writer and
 * libptpdk-shm together: names and values round trip, blocks read consistently under
 * a writer thread that never stops, a section in a slot the reader does not know is
 * skipped, and forged counter sections are refused with a message that says why.
 * Regions live in a mkdtemp directory, removed at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ptpdk_shm_client.h"
#include "ptpdk_shm_layout.h"
#include "ptpdk_shm_writer.h"

#define N_CLOCK 2
#define N_PORT	3
#define N_PORTS 2
#define READS	2000000

static char tmpdir[64];

static const struct ptpdk_shm_counter_name names[N_CLOCK + N_PORT] = {
	{ "engine/events", PTPDK_SHM_SCOPE_CLOCK, 0, 0 },
	{ "clock/steps", PTPDK_SHM_SCOPE_CLOCK, 1, 0 },
	{ "rx/by_type/Sync", PTPDK_SHM_SCOPE_PORT, 0, 0 },
	{ "tx/by_type/Delay_Req", PTPDK_SHM_SCOPE_PORT, 1, 0 },
	{ "e2e/drop/late", PTPDK_SHM_SCOPE_PORT, 2, 0 },
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct ptpdk_shm_writer *make_writer(const char *name,
					    const struct ptpdk_shm_counter_name *n, unsigned count)
{
	struct ptpdk_shm_writer_config cfg = {
		.name = name,
		.dir = tmpdir,
		.n_clocks = 1,
		.n_ports = N_PORTS,
		.tsc_hz = 1000000000, /* a rate: only the timeouts depend on it here */
		.heartbeat_timeout_ms = 3600000,
		.counters = n,
		.n_counters = count,
	};
	char note[512];

	return ptpdk_shm_writer_create(&cfg, note, sizeof(note));
}

/* Block b's values in pattern i: value k is i * 16 + k, so a torn copy shows. */
static void pattern(uint64_t *v, unsigned n, uint64_t i)
{
	for (unsigned k = 0; k < n; k++)
		v[k] = i * 16 + k;
}

static void publish_all(struct ptpdk_shm_writer *w, uint64_t i)
{
	uint64_t v[N_PORT];

	pattern(v, N_CLOCK, i);
	CHECK_EQ_INT(
		ptpdk_shm_writer_publish_counters(w, 0, v, N_CLOCK, ptpdk_shm_tsc(), mono_ns()), 0);
	for (unsigned p = 0; p < N_PORTS; p++) {
		pattern(v, N_PORT, i + p);
		CHECK_EQ_INT(ptpdk_shm_writer_publish_counters(w, 1 + p, v, N_PORT, ptpdk_shm_tsc(),
							       mono_ns()),
			     0);
	}
}

/* Names, scopes and slots as written; the values of one publication. */
static void test_round_trip(void)
{
	struct ptpdk_shm_writer *w = make_writer("rt", names, N_CLOCK + N_PORT);
	struct ptpdk_shm_counter_info info;
	struct ptpdk_shm_client *c = NULL;
	uint64_t v[N_PORT + 1], clock_v[1], none[2];
	double age = -1;
	char err[512];

	CHECK(w != NULL);
	if (!w)
		return;
	CHECK_EQ_INT(ptpdk_shm_open(ptpdk_shm_writer_path(w), &c, err, sizeof(err)), 0);
	if (!c) {
		ptpdk_shm_writer_destroy(w);
		return;
	}
	CHECK_EQ_INT(ptpdk_shm_n_counters(c), N_CLOCK + N_PORT);
	CHECK_EQ_INT(ptpdk_shm_n_scope_counters(c, PTPDK_SHM_SCOPE_CLOCK), N_CLOCK);
	CHECK_EQ_INT(ptpdk_shm_n_scope_counters(c, PTPDK_SHM_SCOPE_PORT), N_PORT);
	for (unsigned i = 0; i < N_CLOCK + N_PORT; i++) {
		CHECK_EQ_INT(ptpdk_shm_counter_info(c, i, &info), 0);
		CHECK(strcmp(info.name, names[i].name) == 0);
		CHECK_EQ_INT(info.scope, names[i].scope);
		CHECK_EQ_INT(info.slot, names[i].slot);
	}
	CHECK_EQ_INT(ptpdk_shm_counter_info(c, N_CLOCK + N_PORT, &info), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_PORT, "e2e/drop/late"), 2);
	CHECK_EQ_INT(ptpdk_shm_counter_find(c, PTPDK_SHM_SCOPE_CLOCK, "e2e/drop/late"), -ENOENT);
	/* Never written: stale, as a record is before its first publication. */
	CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_PORT, 0, v, N_PORT, NULL),
		     -ESTALE);
	publish_all(w, 5);
	CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_PORT, 1, v, N_PORT + 1, &age),
		     0);
	CHECK_EQ_INT(v[0], 6 * 16);
	CHECK_EQ_INT(v[2], 6 * 16 + 2);
	CHECK_EQ_INT(v[N_PORT], 0); /* beyond the scope's count: zeroed */
	CHECK(age >= 0 && age < 1);
	/* A prefix is fine: the caller may know fewer counters than the writer. */
	CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_CLOCK, 0, clock_v, 1, NULL), 0);
	CHECK_EQ_INT(clock_v[0], 5 * 16);
	CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_PORT, N_PORTS, v, 1, NULL),
		     -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_CLOCK, 1, v, 1, NULL), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, (enum ptpdk_shm_counter_scope)7, 0, v, 1, NULL),
		     -EINVAL);
	/* The writer refuses a wrong count or block. */
	CHECK_EQ_INT(ptpdk_shm_writer_publish_counters(w, 0, none, 1, 0, 0), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_writer_publish_counters(w, 1 + N_PORTS, none, N_PORT, 0, 0),
		     -EINVAL);
	ptpdk_shm_writer_destroy(w);
	CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_PORT, 0, v, N_PORT, NULL),
		     -ESHUTDOWN);
	ptpdk_shm_close(c);
}

/* A region without counters (an older writer's shape) has none, and says so. */
static void test_no_counters(void)
{
	struct ptpdk_shm_writer *w = make_writer("none", NULL, 0);
	struct ptpdk_shm_client *c = NULL;
	uint64_t v[1];

	CHECK(w != NULL);
	if (!w)
		return;
	CHECK_EQ_INT(ptpdk_shm_open(ptpdk_shm_writer_path(w), &c, NULL, 0), 0);
	if (c) {
		CHECK_EQ_INT(ptpdk_shm_n_counters(c), 0);
		CHECK_EQ_INT(ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_CLOCK, 0, v, 1, NULL),
			     -EINVAL);
		ptpdk_shm_close(c);
	}
	ptpdk_shm_writer_destroy(w);
}

/* Names the writer must refuse, as a reader would. */
static void test_writer_refuses(void)
{
	struct ptpdk_shm_counter_name bad[2] = { names[0], names[1] };
	struct ptpdk_shm_counter_name *many;

	memset(bad[0].name, 'x', sizeof(bad[0].name));
	CHECK(make_writer("bad", bad, 2) == NULL && errno == EINVAL);
	bad[0] = names[0];
	bad[1].slot = 3;
	CHECK(make_writer("bad", bad, 2) == NULL && errno == EINVAL);
	bad[0] = names[2]; /* a port counter, then a clock one */
	bad[1] = names[0];
	CHECK(make_writer("bad", bad, 2) == NULL && errno == EINVAL);
	bad[0] = names[0];
	bad[0].name[0] = '\0';
	CHECK(make_writer("bad", bad, 1) == NULL && errno == EINVAL);
	bad[0] = names[0];
	bad[0].scope = 2;
	CHECK(make_writer("bad", bad, 1) == NULL && errno == EINVAL);
	many = calloc(PTPDK_SHM_MAX_COUNTERS + 1, sizeof(*many));
	for (unsigned i = 0; many && i <= PTPDK_SHM_MAX_COUNTERS; i++) {
		snprintf(many[i].name, sizeof(many[i].name), "c%u", i);
		many[i].slot = i;
	}
	CHECK(make_writer("bad", many, PTPDK_SHM_MAX_COUNTERS + 1) == NULL && errno == EINVAL);
	free(many);
}

struct torn_run {
	struct ptpdk_shm_writer *w;
	atomic_bool stop;
	uint64_t published;
};

static void *publisher(void *arg)
{
	struct torn_run *r = arg;
	uint64_t v[N_PORT];

	for (uint64_t i = 1; !atomic_load_explicit(&r->stop, memory_order_relaxed); i++) {
		pattern(v, N_PORT, i);
		ptpdk_shm_writer_publish_counters(r->w, 2, v, N_PORT, ptpdk_shm_tsc(), 0);
		r->published = i;
	}
	return NULL;
}

/* Port 1's block under a writer that never stops: every copy is one publication. */
static void test_torn(void)
{
	struct torn_run r = { .w = make_writer("torn", names, N_CLOCK + N_PORT) };
	struct ptpdk_shm_client *c = NULL;
	unsigned long ok = 0, again = 0, torn = 0, other = 0;
	uint64_t v[N_PORT];
	pthread_t t;

	CHECK(r.w != NULL);
	if (!r.w || ptpdk_shm_open(ptpdk_shm_writer_path(r.w), &c, NULL, 0) != 0) {
		CHECK(c != NULL);
		ptpdk_shm_writer_destroy(r.w);
		return;
	}
	publish_all(r.w, 0);
	CHECK_EQ_INT(pthread_create(&t, NULL, publisher, &r), 0);
	for (unsigned i = 0; i < READS; i++) {
		int rc = ptpdk_shm_counters_snapshot(c, PTPDK_SHM_SCOPE_PORT, 1, v, N_PORT, NULL);

		if (rc == -EAGAIN) {
			again++;
		} else if (rc != 0) {
			other++;
		} else {
			ok++;
			for (unsigned k = 1; k < N_PORT; k++)
				torn += v[k] != v[0] + k || v[0] % 16 != 0;
		}
	}
	atomic_store(&r.stop, true);
	pthread_join(t, NULL);
	printf("counters seqlock: %lu ok, %lu -EAGAIN, %lu other, %lu torn, %llu published\n", ok,
	       again, other, torn, (unsigned long long)r.published);
	CHECK_EQ_INT(torn, 0);
	CHECK_EQ_INT(other, 0);
	CHECK(ok > READS / 2);
	ptpdk_shm_close(c);
	ptpdk_shm_writer_destroy(r.w);
}

/* The bytes of a good region, to forge copies of. */
static size_t good_region(unsigned char **out)
{
	struct ptpdk_shm_writer *w = make_writer("good", names, N_CLOCK + N_PORT);
	struct stat st;
	int fd = -1;
	size_t n = 0;

	*out = NULL;
	if (w)
		fd = open(ptpdk_shm_writer_path(w), O_RDONLY);
	if (fd >= 0 && fstat(fd, &st) == 0) {
		n = (size_t)st.st_size;
		*out = malloc(n);
		if (!*out || read(fd, *out, n) != (ssize_t)n)
			n = 0;
	}
	if (fd >= 0)
		close(fd);
	/* As the writer left it running: the forged copies are not CLOSED. */
	if (*out && n)
		((struct ptpdk_shm_header *)*out)->state = PTPDK_SHM_RUNNING;
	ptpdk_shm_writer_destroy(w);
	return n;
}

/* Open a copy of @p good with @p len bytes at @p off replaced by @p val. */
static int open_forged(const unsigned char *good, size_t n, size_t off, const void *val, size_t len,
		       char *err, size_t err_len)
{
	unsigned char *b = malloc(n);
	struct ptpdk_shm_client *c = NULL;
	char path[128];
	int fd, rc = -EIO;

	snprintf(path, sizeof(path), "%s/forged", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (b && fd >= 0) {
		memcpy(b, good, n);
		memcpy(b + off, val, len);
		if (write(fd, b, n) == (ssize_t)n)
			rc = 0;
	}
	if (fd >= 0)
		close(fd);
	free(b);
	if (rc == 0)
		rc = ptpdk_shm_open(path, &c, err, err_len);
	ptpdk_shm_close(c);
	unlink(path);
	return rc;
}

#define OFF_SECTION(id) (offsetof(struct ptpdk_shm_header, sections) + (id)*16u)

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

static void forged(const unsigned char *good, size_t n)
{
	const struct ptpdk_shm_header *h = (const void *)good;
	struct ptpdk_shm_section names_s = h->sections[PTPDK_SHM_SECTION_COUNTER_NAMES];
	struct ptpdk_shm_section blocks_s = h->sections[PTPDK_SHM_SECTION_COUNTER_VALUES];
	struct ptpdk_shm_section s, zero = { 0, 0, 0, 0 };
	size_t name1 = names_s.offset + names_s.entry_size;
	char full[PTPDK_SHM_COUNTER_NAME_LEN], err[512];
	uint32_t u32;
	uint16_t u16;

	CHECK_EQ_INT(names_s.offset, 256 + 256 + N_PORTS * 256);
	CHECK_EQ_INT(blocks_s.count, 1 + N_PORTS);
	memset(full, 'n', sizeof(full));
	CHECK_BADMSG(open_forged(good, n, name1, full, sizeof(full), err, sizeof(err)),
		     "not NUL-terminated");
	CHECK_BADMSG(open_forged(good, n, name1, "", 1, err, sizeof(err)), "empty");
	u32 = 9;
	CHECK_BADMSG(open_forged(good, n, name1 + 48, &u32, 4, err, sizeof(err)), "unknown scope");
	CHECK_BADMSG(open_forged(good, n, name1 + 52, &u32, 4, err, sizeof(err)), "slot 9");
	u32 = PTPDK_SHM_SCOPE_PORT; /* counter 1 becomes a port counter with slot 1 */
	CHECK_BADMSG(open_forged(good, n, name1 + 48, &u32, 4, err, sizeof(err)), "expected 0");
	s = names_s;
	s.count = PTPDK_SHM_MAX_COUNTERS + 1;
	CHECK_BADMSG(open_forged(good, n, OFF_SECTION(2), &s, 16, err, sizeof(err)), "at most");
	s.count = N_CLOCK + N_PORT + 1; /* into the blocks that follow */
	CHECK_BADMSG(open_forged(good, n, OFF_SECTION(2), &s, 16, err, sizeof(err)), "overlap");
	s = blocks_s;
	s.offset = (uint32_t)(n - blocks_s.entry_size);
	CHECK_BADMSG(open_forged(good, n, OFF_SECTION(3), &s, 16, err, sizeof(err)),
		     "beyond the region");
	s = blocks_s;
	s.count = N_PORTS;
	CHECK_BADMSG(open_forged(good, n, OFF_SECTION(3), &s, 16, err, sizeof(err)), "expected 3");
	s = blocks_s;
	s.entry_size = 32 + 8; /* room for one value, the port scope has three */
	CHECK_BADMSG(open_forged(good, n, OFF_SECTION(3), &s, 16, err, sizeof(err)), "cannot hold");
	CHECK_BADMSG(open_forged(good, n, OFF_SECTION(3), &zero, 16, err, sizeof(err)),
		     "names without counter values");
	CHECK_BADMSG(open_forged(good, n, OFF_SECTION(2), &zero, 16, err, sizeof(err)),
		     "values without counter names");
	u16 = 7; /* block 1 claims to be port 7's */
	CHECK_BADMSG(open_forged(good, n, blocks_s.offset + blocks_s.entry_size + 6, &u16, 2, err,
				 sizeof(err)),
		     "counter block 1");
}

/* A well-formed section in slot 6 (unknown to this library) is skipped. */
static void unknown_slot(const unsigned char *good, size_t n)
{
	const struct ptpdk_shm_header *h = (const void *)good;
	const struct ptpdk_shm_section *b = &h->sections[PTPDK_SHM_SECTION_COUNTER_VALUES];
	uint64_t end = b->offset + (uint64_t)b->entry_size * b->count;
	struct ptpdk_shm_section s = { (uint32_t)((end + 7) / 8 * 8), 24, 2, 0 };
	char err[512];

	CHECK(s.offset + 48 <= n); /* the page rounding leaves room */
	CHECK_EQ_INT(open_forged(good, n, OFF_SECTION(6), &s, 16, err, sizeof(err)), 0);
}

static void test_forged(void)
{
	unsigned char *good;
	size_t n = good_region(&good);

	CHECK(n > 0);
	if (n) {
		forged(good, n);
		unknown_slot(good, n);
	}
	free(good);
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

int main(void)
{
	check_seed("test_shm_counters");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ptpdk-test-shmc-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_round_trip();
	test_no_counters();
	test_writer_refuses();
	test_torn();
	test_forged();
	remove_tmpdir();
	return check_report("test_shm_counters");
}
