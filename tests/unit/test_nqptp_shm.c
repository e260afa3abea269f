/* SPDX-License-Identifier: BSD-3-Clause */
/* nqptp's region (interface version 10): the octets Shairport Sync reads, the statuses
 * its reader distinguishes, a writer caught between main and secondary, the write
 * protocol as a concurrent reader thread sees it, and the POSIX object's life. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ptpdk_nqptp_region.h"
#include "ptpdk_nqptp_shm.h"

static struct ptpdk_nqptp_record rec_of(uint64_t k)
{
	/* every field a different function of k, so that a record mixing two
	 * publications is recognisable */
	struct ptpdk_nqptp_record r = {
		.master_clock_id = 0x0011220000000000ull + k,
		.local_time = k * 3 + 1,
		.local_to_master_time_offset = ~(k * 5),
		.master_clock_start_time = k * 7 + 2,
	};
	return r;
}

static bool rec_consistent(const struct ptpdk_nqptp_record *r, uint64_t *k)
{
	struct ptpdk_nqptp_record want;

	*k = r->master_clock_id - 0x0011220000000000ull;
	want = rec_of(*k);
	return memcmp(r, &want, sizeof(want)) == 0;
}

static uint64_t u64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void test_layout(void)
{
	struct ptpdk_nqptp_region r;
	struct ptpdk_nqptp_record a = rec_of(9);
	const uint8_t *b = (const uint8_t *)&r;
	uint16_t v;
	size_t i;

	CHECK_EQ_INT(sizeof(struct ptpdk_nqptp_region), 72);
	CHECK_EQ_INT(offsetof(struct ptpdk_nqptp_region, version), 0);
	CHECK_EQ_INT(offsetof(struct ptpdk_nqptp_region, main), 8);
	CHECK_EQ_INT(offsetof(struct ptpdk_nqptp_region, secondary), 40);
	CHECK_EQ_INT(offsetof(struct ptpdk_nqptp_record, master_clock_id), 0);
	CHECK_EQ_INT(offsetof(struct ptpdk_nqptp_record, local_time), 8);
	CHECK_EQ_INT(offsetof(struct ptpdk_nqptp_record, local_to_master_time_offset), 16);
	CHECK_EQ_INT(offsetof(struct ptpdk_nqptp_record, master_clock_start_time), 24);

	/* the octets themselves: version in host order at 0, padding zero, then the
	 * four fields of main and of secondary, host order */
	memset(&r, 0xa5, sizeof(r));
	ptpdk_nqptp_region_init(&r);
	memcpy(&v, b, sizeof(v));
	CHECK_EQ_INT(v, 10);
	for (i = 8; i < 72; i++)
		CHECK_EQ_INT(b[i], 0);
	ptpdk_nqptp_region_publish(&r, &a);
	CHECK(u64_at(b + 8) == a.master_clock_id);
	CHECK(u64_at(b + 16) == a.local_time);
	CHECK(u64_at(b + 24) == a.local_to_master_time_offset);
	CHECK(u64_at(b + 32) == a.master_clock_start_time);
	CHECK(u64_at(b + 40) == a.master_clock_id);
	CHECK(u64_at(b + 48) == a.local_time);
	CHECK(u64_at(b + 56) == a.local_to_master_time_offset);
	CHECK(u64_at(b + 64) == a.master_clock_start_time);

	/* no master: both copies all zeros, the version kept */
	ptpdk_nqptp_region_publish(&r, NULL);
	memcpy(&v, b, sizeof(v));
	CHECK_EQ_INT(v, 10);
	for (i = 8; i < 72; i++)
		CHECK_EQ_INT(b[i], 0);
}

static void test_statuses(void)
{
	struct ptpdk_nqptp_region r;
	struct ptpdk_nqptp_record a = rec_of(1), b = rec_of(2), got;
	uint16_t version;
	unsigned tries;

	memset(&r, 0, sizeof(r));
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 10, &got, &version, &tries),
		     PTPDK_NQPTP_UNAVAILABLE);
	CHECK_EQ_INT(version, 0);
	CHECK_EQ_INT(tries, 1);

	ptpdk_nqptp_region_init(&r);
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 10, &got, &version, NULL), PTPDK_NQPTP_NO_MASTER);
	CHECK_EQ_INT(version, 10);

	ptpdk_nqptp_region_publish(&r, &a);
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 10, &got, NULL, &tries), PTPDK_NQPTP_OK);
	CHECK_MEM(&got, &a, sizeof(a));
	CHECK_EQ_INT(tries, 1);

	/* a writer stopped after filling main, before the copy: never accepted */
	r.main = b;
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 10, &got, &version, &tries),
		     PTPDK_NQPTP_INCONSISTENT);
	CHECK_EQ_INT(tries, 10);
	CHECK_EQ_INT(got.master_clock_id, 0);
	CHECK_EQ_INT(version, 0);
	/* ... nor one stopped halfway through main */
	r.main = a;
	r.main.local_time = b.local_time;
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 3, &got, NULL, &tries), PTPDK_NQPTP_INCONSISTENT);
	CHECK_EQ_INT(tries, 3);
	/* max_tries 0 still reads once */
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 0, NULL, NULL, &tries), PTPDK_NQPTP_INCONSISTENT);
	CHECK_EQ_INT(tries, 1);
	/* the writer finishes: accepted */
	ptpdk_nqptp_region_publish(&r, &b);
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 10, &got, NULL, NULL), PTPDK_NQPTP_OK);
	CHECK_MEM(&got, &b, sizeof(b));

	r.version = 11;
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 10, &got, &version, NULL),
		     PTPDK_NQPTP_VERSION_MISMATCH);
	CHECK_EQ_INT(version, 11);
	CHECK_EQ_INT(got.master_clock_id, 0);

	r.version = 10;
	ptpdk_nqptp_region_retire(&r);
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&r, 10, &got, &version, NULL),
		     PTPDK_NQPTP_UNAVAILABLE);
	CHECK(r.main.master_clock_id == 0 && r.secondary.local_time == 0);

	CHECK(strcmp(ptpdk_nqptp_status_name(PTPDK_NQPTP_OK), "ok") == 0);
	CHECK(strcmp(ptpdk_nqptp_status_name(PTPDK_NQPTP_INCONSISTENT), "inconsistent") == 0);
	CHECK(strcmp(ptpdk_nqptp_status_name(PTPDK_NQPTP_STATUS_COUNT), "unknown") == 0);
}

/* ---- every interleaving of one reader with a writer, field by field ----
 *
 * A model of the stores ptpdk_nqptp_region_publish() makes (and of nqptp's, which
 * lack the first four), run against a reader that loads main's four fields (its
 * first copy) and then secondary's four (its second copy), in either order, at every
 * possible interleaving with two publications. Sequentially consistent, as the
 * barriers make the real thing. */

#define MODEL_PUBS 2

struct model_store {
	bool secondary;
	unsigned field;
	uint64_t value;
};

struct model {
	struct model_store w[MODEL_PUBS * 12];
	unsigned nw;
	uint64_t records[MODEL_PUBS + 1][4];
	bool descending;
	unsigned long accepted, torn;
};

static void rec_fields(const struct ptpdk_nqptp_record *r, uint64_t f[4])
{
	f[0] = r->master_clock_id;
	f[1] = r->local_time;
	f[2] = r->local_to_master_time_offset;
	f[3] = r->master_clock_start_time;
}

static void model_build(struct model *m, bool poison)
{
	unsigned p, f;
	struct ptpdk_nqptp_record r;

	memset(m, 0, sizeof(*m));
	for (p = 0; p <= MODEL_PUBS; p++) {
		r = rec_of(p + 1);
		rec_fields(&r, m->records[p]);
	}
	for (p = 1; p <= MODEL_PUBS; p++) {
		if (poison)
			for (f = 0; f < 4; f++)
				m->w[m->nw++] =
					(struct model_store){ true, f, ~m->records[p - 1][f] };
		for (f = 0; f < 4; f++)
			m->w[m->nw++] = (struct model_store){ false, f, m->records[p][f] };
		for (f = 0; f < 4; f++)
			m->w[m->nw++] = (struct model_store){ true, f, m->records[p][f] };
	}
}

/* reader_at[i]: the step before which the reader's i-th load happens (0..nw) */
static void model_run(struct model *m, const unsigned reader_at[8])
{
	uint64_t main_f[4], sec_f[4], got_main[4], got_sec[4];
	unsigned step = 0, i, f;

	memcpy(main_f, m->records[0], sizeof(main_f));
	memcpy(sec_f, m->records[0], sizeof(sec_f));
	for (i = 0; i < 8; i++) {
		for (; step < reader_at[i]; step++) {
			const struct model_store *st = &m->w[step];

			(st->secondary ? sec_f : main_f)[st->field] = st->value;
		}
		f = m->descending ? 3 - (i % 4) : i % 4;
		if (i < 4)
			got_main[f] = main_f[f];
		else
			got_sec[f] = sec_f[f];
	}
	if (memcmp(got_main, got_sec, sizeof(got_main)) != 0)
		return;
	m->accepted++;
	for (i = 0; i <= MODEL_PUBS; i++)
		if (memcmp(got_main, m->records[i], sizeof(got_main)) == 0)
			return;
	m->torn++;
}

static void model_enumerate(struct model *m, unsigned reader_at[8], unsigned i, unsigned from)
{
	unsigned s;

	if (i == 8) {
		model_run(m, reader_at);
		return;
	}
	for (s = from; s <= m->nw; s++) {
		reader_at[i] = s;
		model_enumerate(m, reader_at, i + 1, s);
	}
}

static void test_interleavings(void)
{
	static struct model m;
	unsigned reader_at[8];
	int poison, desc;

	for (poison = 0; poison <= 1; poison++) {
		for (desc = 0; desc <= 1; desc++) {
			model_build(&m, poison);
			m.descending = desc;
			model_enumerate(&m, reader_at, 0, 0);
			printf("interleavings: %s writer, reader %s: %lu accepted, %lu torn\n",
			       poison ? "ptpdk" : "nqptp", desc ? "descending" : "ascending",
			       m.accepted, m.torn);
			CHECK(m.accepted > 0);
			if (poison)
				CHECK_EQ_INT(m.torn, 0);
			else if (!desc)
				/* why we poison: nqptp's order lets a lock-step reader
				 * accept a mixture */
				CHECK(m.torn > 0);
		}
	}
}

/* ---- one writer thread, one reader (this thread) ---- */

#define PUBLICATIONS 200000u

struct race {
	struct ptpdk_nqptp_region region;
	bool done;
};

static double mono_s(void);

static void *writer_main(void *arg)
{
	struct race *ra = arg;
	uint64_t k;

	for (k = 1; k <= PUBLICATIONS; k++) {
		struct ptpdk_nqptp_record rec = rec_of(k);
		double until;

		ptpdk_nqptp_region_publish(&ra->region, &rec);
		/* back-to-back publications would starve the reader (it then only ever
		 * gives up); a pause of 0..2 us lets it both collide and succeed */
		until = mono_s() + (double)(k % 3) * 1e-6;
		while (mono_s() < until)
			;
	}
	__atomic_store_n(&ra->done, true, __ATOMIC_RELEASE);
	return NULL;
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void test_concurrent_reader(void)
{
	static struct race ra;
	unsigned long ok = 0, inconsistent = 0, torn = 0, backwards = 0, distinct = 0;
	uint64_t last_k = 0, k;
	struct ptpdk_nqptp_record got;
	pthread_t th;
	double t0 = mono_s();
	unsigned long loops = 0;

	ptpdk_nqptp_region_init(&ra.region);
	{
		struct ptpdk_nqptp_record first = rec_of(0);

		ptpdk_nqptp_region_publish(&ra.region, &first);
	}
	CHECK_EQ_INT(pthread_create(&th, NULL, writer_main, &ra), 0);
	/* bounded by the writer's end and, should it stall, by 20 s of wall time */
	while (!__atomic_load_n(&ra.done, __ATOMIC_ACQUIRE) && mono_s() - t0 < 20.0) {
		enum ptpdk_nqptp_status st =
			ptpdk_nqptp_region_read(&ra.region, 10, &got, NULL, NULL);

		loops++;
		if (st == PTPDK_NQPTP_INCONSISTENT) {
			inconsistent++;
			continue;
		}
		if (st != PTPDK_NQPTP_OK) {
			torn++;
			continue;
		}
		ok++;
		if (!rec_consistent(&got, &k)) {
			torn++;
			continue;
		}
		if (k < last_k)
			backwards++;
		if (k != last_k)
			distinct++;
		last_k = k;
	}
	pthread_join(th, NULL);
	printf("concurrent: %lu reads, %lu accepted (%lu distinct publications), %lu gave up "
	       "after 10 tries, %lu torn\n",
	       loops, ok, distinct, inconsistent, torn);
	/* what the protocol promises: an accepted record is one publication, whole,
	 * and publications are seen in order */
	CHECK_EQ_INT(torn, 0);
	CHECK_EQ_INT(backwards, 0);
	CHECK(ok > 0);
	CHECK(__atomic_load_n(&ra.done, __ATOMIC_ACQUIRE));
	CHECK_EQ_INT(ptpdk_nqptp_region_read(&ra.region, 10, &got, NULL, NULL), PTPDK_NQPTP_OK);
	CHECK(rec_consistent(&got, &k) && k == PUBLICATIONS);
}

/* ---- the POSIX object ---- */

static void test_shm_object(void)
{
	char name[64];
	struct ptpdk_nqptp_writer *w;
	const struct ptpdk_nqptp_region *rd;
	struct ptpdk_nqptp_record a = rec_of(5), got;
	struct stat st;
	mode_t old;
	int fd;

	snprintf(name, sizeof(name), "/ptpdk-test-nqptp-%ld", (long)getpid());
	shm_unlink(name);

	/* a restrictive umask must not hide the object from the player (0644) */
	old = umask(077);
	w = ptpdk_nqptp_writer_create(name, 0);
	umask(old);
	CHECK(w != NULL);
	if (!w)
		return;
	fd = shm_open(name, O_RDONLY, 0);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK_EQ_INT(fstat(fd, &st), 0);
		CHECK_EQ_INT(st.st_mode & 0777, 0644);
		CHECK_EQ_INT(st.st_size, 72);
		close(fd);
	}
	rd = ptpdk_nqptp_reader_open(name);
	CHECK(rd != NULL);
	if (rd) {
		CHECK_EQ_INT(ptpdk_nqptp_region_read(rd, 10, &got, NULL, NULL),
			     PTPDK_NQPTP_NO_MASTER);
		ptpdk_nqptp_writer_publish(w, &a);
		CHECK_EQ_INT(ptpdk_nqptp_region_read(rd, 10, &got, NULL, NULL), PTPDK_NQPTP_OK);
		CHECK_MEM(&got, &a, sizeof(a));
		CHECK(ptpdk_nqptp_writer_region(w)->main.local_time == a.local_time);
		/* the writer leaves: a reader keeping its mapping sees "unavailable",
		 * not the last record */
		CHECK_EQ_INT(ptpdk_nqptp_writer_destroy(w, false), 0);
		CHECK_EQ_INT(ptpdk_nqptp_region_read(rd, 10, &got, NULL, NULL),
			     PTPDK_NQPTP_UNAVAILABLE);
		ptpdk_nqptp_reader_close(rd);
	} else {
		ptpdk_nqptp_writer_destroy(w, false);
	}

	/* a short object left behind (another writer, another version): a reader
	 * refuses it, a writer takes it over and resizes it */
	fd = shm_open(name, O_RDWR, 0);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK_EQ_INT(ftruncate(fd, 16), 0);
		close(fd);
	}
	errno = 0;
	CHECK(ptpdk_nqptp_reader_open(name) == NULL);
	CHECK_EQ_INT(errno, EPROTO);
	w = ptpdk_nqptp_writer_create(name, 0);
	CHECK(w != NULL);
	if (w) {
		CHECK_EQ_INT(
			ptpdk_nqptp_region_read(ptpdk_nqptp_writer_region(w), 10, &got, NULL, NULL),
			PTPDK_NQPTP_NO_MASTER);
		CHECK_EQ_INT(ptpdk_nqptp_writer_destroy(w, true), 0);
	}
	/* unlinked: gone for readers */
	errno = 0;
	CHECK(ptpdk_nqptp_reader_open(name) == NULL);
	CHECK_EQ_INT(errno, ENOENT);
	CHECK_EQ_INT(ptpdk_nqptp_writer_destroy(NULL, true), 0);
}

static void test_names(void)
{
	char longname[300];

	CHECK(ptpdk_nqptp_shm_name_valid("/nqptp"));
	CHECK(ptpdk_nqptp_shm_name_valid("/x"));
	CHECK(!ptpdk_nqptp_shm_name_valid(NULL));
	CHECK(!ptpdk_nqptp_shm_name_valid(""));
	CHECK(!ptpdk_nqptp_shm_name_valid("/"));
	CHECK(!ptpdk_nqptp_shm_name_valid("nqptp"));
	CHECK(!ptpdk_nqptp_shm_name_valid("/a/b"));
	memset(longname, 'a', sizeof(longname));
	longname[0] = '/';
	longname[256] = '\0';
	CHECK(!ptpdk_nqptp_shm_name_valid(longname));
	longname[255] = '\0';
	CHECK(ptpdk_nqptp_shm_name_valid(longname));
	errno = 0;
	CHECK(ptpdk_nqptp_writer_create("/a/b", 0) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	errno = 0;
	CHECK(ptpdk_nqptp_writer_create("/ok", 04755) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	errno = 0;
	CHECK(ptpdk_nqptp_reader_open("bad") == NULL);
	CHECK_EQ_INT(errno, EINVAL);
}

int main(void)
{
	test_layout();
	test_statuses();
	test_interleavings();
	test_concurrent_reader();
	test_shm_object();
	test_names();
	return check_report("test_nqptp_shm");
}
