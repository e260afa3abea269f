/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_shm_client.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptpdk_shm_client_priv.h"
#include "ptpdk_shm_instance.h"
#include "ptpdk_shm_path.h"
#include "ptpdk_snapshot.h"
#include "ptpdk_tsc.h"

/* What now() copies under the sequence counter: the clock record's bytes after seq
 * up to the status fields (see the layout's "first 96 bytes"). */
#define TIME_PART_END offsetof(struct ptpdk_shm_clock_record, grandmaster_identity)

static int fail(char *err, size_t len, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* First ptpdk-shm-<name> in the hugetlbfs mounts, then /dev/shm. */
static int find_by_name(const char *name, char *path, size_t len, char *err, size_t err_len)
{
	char dirs[PTPDK_SHM_MAX_DIRS + 1][256];
	unsigned n = ptpdk_shm_hugetlbfs_dirs(dirs, PTPDK_SHM_MAX_DIRS, sizeof(dirs[0]));
	struct stat st;

	if (ptpdk_shm_instance_name_check(name, err, err_len) != 0)
		return -EINVAL;
	snprintf(dirs[n++], sizeof(dirs[0]), "%s", PTPDK_SHM_FALLBACK_DIR);
	for (unsigned i = 0; i < n; i++) {
		ptpdk_shm_file_path(path, len, dirs[i], name);
		if (stat(path, &st) == 0)
			return 0;
	}
	return fail(err, err_len, -ENOENT,
		    "no region %s%s in the hugetlbfs mounts or %s (is ptpdk running with the "
		    "shared region enabled?)",
		    PTPDK_SHM_FILE_PREFIX, name, PTPDK_SHM_FALLBACK_DIR);
}

/* What this library requires of the sections it reads; other slots only have to be
 * well-formed (in bounds, aligned, not overlapping) to be skipped safely. */
struct known_section {
	const char *name;
	size_t min_entry_size;
	uint32_t min_count, max_count;
};

static const struct known_section known_sections[PTPDK_SHM_MAX_SECTIONS] = {
	[PTPDK_SHM_SECTION_CLOCKS] = { "clocks", sizeof(struct ptpdk_shm_clock_record), 1,
				       PTPDK_SHM_MAX_CLOCKS },
	[PTPDK_SHM_SECTION_PORTS] = { "ports", sizeof(struct ptpdk_shm_port_record), 0,
				      PTPDK_SHM_MAX_PORTS },
	[PTPDK_SHM_SECTION_COUNTER_NAMES] = { "counter names",
					      sizeof(struct ptpdk_shm_counter_name), 0,
					      PTPDK_SHM_MAX_COUNTERS },
	[PTPDK_SHM_SECTION_COUNTER_VALUES] = { "counter values",
					       sizeof(struct ptpdk_shm_counter_block), 0,
					       1 + PTPDK_SHM_MAX_PORTS },
};

static struct known_section section_rules(unsigned id)
{
	struct known_section k = known_sections[id];

	if (!k.name)
		k = (struct known_section){ "reserved", 8, 0, UINT32_MAX };
	return k;
}

static uint64_t section_end(const struct ptpdk_shm_section *s)
{
	return (uint64_t)s->offset + (uint64_t)s->entry_size * s->count;
}

static int check_section(const struct ptpdk_shm_header *h, unsigned id, const char *path, char *err,
			 size_t len)
{
	const struct ptpdk_shm_section *s = &h->sections[id];
	struct known_section k = section_rules(id);

	if (s->count < k.min_count)
		return fail(err, len, -EBADMSG,
			    "%s: section %u (%s) is empty: a region has a clock", path, id, k.name);
	if (s->count == 0)
		return 0;
	if (s->count > k.max_count)
		return fail(err, len, -EBADMSG, "%s: section %u (%s) has %u entries, at most %u",
			    path, id, k.name, s->count, k.max_count);
	if (s->entry_size < k.min_entry_size)
		return fail(err, len, -EBADMSG,
			    "%s: section %u (%s) has entries of %u bytes, this library needs at "
			    "least %zu",
			    path, id, k.name, s->entry_size, k.min_entry_size);
	if (s->offset % 8 != 0 || s->entry_size % 8 != 0)
		return fail(
			err, len, -EBADMSG,
			"%s: section %u (%s) at %u with entries of %u bytes: not 8-byte aligned",
			path, id, k.name, s->offset, s->entry_size);
	if (s->offset < h->header_size)
		return fail(err, len, -EBADMSG,
			    "%s: section %u (%s) at %u overlaps the header (%u bytes)", path, id,
			    k.name, s->offset, h->header_size);
	if (section_end(s) > h->region_size)
		return fail(err, len, -EBADMSG,
			    "%s: section %u (%s) ends at %llu, beyond the region's %llu bytes",
			    path, id, k.name, (unsigned long long)section_end(s),
			    (unsigned long long)h->region_size);
	return 0;
}

/* Two sections sharing bytes would let one writer's update tear the other's reads. */
static int check_overlaps(const struct ptpdk_shm_header *h, const char *path, char *err, size_t len)
{
	for (unsigned i = 0; i < PTPDK_SHM_MAX_SECTIONS; i++) {
		const struct ptpdk_shm_section *a = &h->sections[i];

		for (unsigned j = i + 1; a->count && j < PTPDK_SHM_MAX_SECTIONS; j++) {
			const struct ptpdk_shm_section *b = &h->sections[j];

			if (b->count && a->offset < section_end(b) && b->offset < section_end(a))
				return fail(err, len, -EBADMSG,
					    "%s: sections %u (%s) and %u (%s) overlap", path, i,
					    section_rules(i).name, j, section_rules(j).name);
		}
	}
	return 0;
}

static int check_header(const struct ptpdk_shm_header *h, size_t size, const char *path, char *err,
			size_t len)
{
	int rc = 0;

	if (h->magic != PTPDK_SHM_MAGIC)
		return fail(err, len, -EBADF, "%s: not a ptpdk region (magic %016llx)", path,
			    (unsigned long long)h->magic);
	if (h->abi_version != PTPDK_SHM_ABI_VERSION)
		return fail(err, len, -EPROTO,
			    "%s: region ABI version %u, this library reads version %u: use a "
			    "matching libptpdk-shm",
			    path, h->abi_version, PTPDK_SHM_ABI_VERSION);
	if (h->region_size != size)
		return fail(err, len, -EBADMSG,
			    "%s: region of %llu bytes in a file of %zu: inconsistent", path,
			    (unsigned long long)h->region_size, size);
	if (h->header_size < sizeof(*h) || h->header_size > size || h->header_size % 8 != 0)
		return fail(err, len, -EBADMSG,
			    "%s: header of %u bytes, expected %zu or more (8-byte multiple, within "
			    "the region) for ABI %u",
			    path, h->header_size, sizeof(*h), PTPDK_SHM_ABI_VERSION);
	if (h->tsc_hz == 0 || h->heartbeat_timeout_ms == 0)
		return fail(err, len, -EBADMSG, "%s: no TSC rate or heartbeat timeout", path);
	for (unsigned id = 0; id < PTPDK_SHM_MAX_SECTIONS && rc == 0; id++)
		rc = check_section(h, id, path, err, len);
	return rc ? rc : check_overlaps(h, path, err, len);
}

static int map_file(struct ptpdk_shm_client *c, char *err, size_t len)
{
	struct stat st;
	void *p;
	int fd = open(c->path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return fail(err, len, -errno, "%s: %s", c->path, strerror(errno));
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(struct ptpdk_shm_header)) {
		close(fd);
		return fail(err, len, -EBADF, "%s: too small for a ptpdk region", c->path);
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	rc = -errno;
	close(fd);
	if (p == MAP_FAILED)
		return fail(err, len, rc, "%s: mmap: %s", c->path, strerror(-rc));
	c->hdr = p;
	c->size = (size_t)st.st_size;
	c->dev = st.st_dev;
	c->ino = st.st_ino;
	rc = check_header(c->hdr, c->size, c->path, err, len);
	if (rc)
		munmap(p, c->size);
	return rc;
}

static struct section_view section_view(const struct ptpdk_shm_header *h,
					enum ptpdk_shm_section_id id)
{
	const struct ptpdk_shm_section *s = &h->sections[id];

	return (struct section_view){ (const char *)h + s->offset, s->entry_size, s->count };
}

int ptpdk_shm_open(const char *where, struct ptpdk_shm_client **out, char *err, size_t err_len)
{
	struct ptpdk_shm_client *c;
	int rc;

	fail(err, err_len, 0, "%s", "");
	if (!out)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return fail(err, err_len, -ENOMEM, "out of memory");
	if (!where)
		where = PTPDK_SHM_DEFAULT_NAME;
	if (strchr(where, '/'))
		rc = (size_t)snprintf(c->path, sizeof(c->path), "%s", where) < sizeof(c->path)
			     ? 0
			     : fail(err, err_len, -ENAMETOOLONG, "path too long");
	else
		rc = find_by_name(where, c->path, sizeof(c->path), err, err_len);
	if (rc == 0)
		rc = map_file(c, err, err_len);
	if (rc == 0) {
		rc = ptpdk_shm_counters_check(c->hdr, c->path, c->n_scope, err, err_len);
		if (rc)
			munmap((void *)c->hdr, c->size);
	}
	if (rc) {
		free(c);
		return rc;
	}
	c->clocks = section_view(c->hdr, PTPDK_SHM_SECTION_CLOCKS);
	c->ports = section_view(c->hdr, PTPDK_SHM_SECTION_PORTS);
	c->names = section_view(c->hdr, PTPDK_SHM_SECTION_COUNTER_NAMES);
	c->blocks = section_view(c->hdr, PTPDK_SHM_SECTION_COUNTER_VALUES);
	c->timeout_ticks = c->hdr->tsc_hz / 1000 * c->hdr->heartbeat_timeout_ms;
	c->counters_timeout_ticks = c->hdr->tsc_hz / 1000 *
				    (c->hdr->heartbeat_timeout_ms + PTPDK_SHM_COUNTERS_PERIOD_MS);
	c->seconds_per_tick = 1.0 / (double)c->hdr->tsc_hz;
	*out = c;
	return 0;
}

void ptpdk_shm_close(struct ptpdk_shm_client *c)
{
	if (!c)
		return;
	munmap((void *)c->hdr, c->size);
	free(c);
}

const char *ptpdk_shm_path(const struct ptpdk_shm_client *c)
{
	return c->path;
}

const struct ptpdk_shm_header *ptpdk_shm_header(const struct ptpdk_shm_client *c)
{
	return c->hdr;
}

unsigned ptpdk_shm_n_clocks(const struct ptpdk_shm_client *c)
{
	return c->clocks.count;
}

unsigned ptpdk_shm_n_ports(const struct ptpdk_shm_client *c)
{
	return c->ports.count;
}

uint64_t ptpdk_shm_tsc(void)
{
	return ptpdk_tsc_read();
}

int ptpdk_shm_writer_state_(const struct ptpdk_shm_client *c)
{
	uint32_t s = atomic_load_explicit((_Atomic uint32_t *)&c->hdr->state, memory_order_acquire);

	return s == PTPDK_SHM_RUNNING ? 0 : s == PTPDK_SHM_CLOSED ? -ESHUTDOWN : -ESTALE;
}

/*
 * Copy the first @p len bytes of entry @p index of @p v consistently (every record
 * starts with its seq; the copy's seq is 0). Entries larger than ours come from a
 * newer writer: their tail is not ours to read.
 */
static int read_record(const struct ptpdk_shm_client *c, enum ptpdk_shm_section_id id,
		       unsigned index, void *out, size_t len)
{
	const struct section_view *v;
	const char *r;
	uint32_t seq0 = 0;
	int rc;

	if (!c)
		return -EINVAL;
	v = id == PTPDK_SHM_SECTION_CLOCKS ? &c->clocks : &c->ports;
	if (index >= v->count)
		return -EINVAL;
	rc = ptpdk_shm_writer_state_(c);
	if (rc)
		return rc;
	r = v->base + (size_t)index * v->stride;
	if (!ptpdk_seq_read((const struct ptpdk_seq *)r, (char *)out + sizeof(seq0),
			    r + sizeof(seq0), len - sizeof(seq0), PTPDK_SHM_READ_TRIES))
		return -EAGAIN;
	memcpy(out, &seq0, sizeof(seq0));
	return 0;
}

/* A record the writer has not refreshed within the timeout (or never wrote). A TSC a
 * little behind the writer's core counts as age 0. */
static bool stale(const struct ptpdk_shm_client *c, uint64_t update_count, uint64_t update_tsc,
		  uint64_t tsc)
{
	return update_count == 0 ||
	       ((int64_t)(tsc - update_tsc) > 0 && tsc - update_tsc > c->timeout_ticks);
}

int ptpdk_shm_clock_snapshot(const struct ptpdk_shm_client *c, unsigned index,
			     struct ptpdk_shm_clock_record *out)
{
	int rc = read_record(c, PTPDK_SHM_SECTION_CLOCKS, index, out, sizeof(*out));

	if (rc)
		return rc;
	return stale(c, out->update_count, out->update_tsc, ptpdk_tsc_read()) ? -ESTALE : 0;
}

int ptpdk_shm_port_snapshot(const struct ptpdk_shm_client *c, unsigned index,
			    struct ptpdk_shm_port_record *out)
{
	int rc = read_record(c, PTPDK_SHM_SECTION_PORTS, index, out, sizeof(*out));

	if (rc)
		return rc;
	return stale(c, out->update_count, out->update_tsc, ptpdk_tsc_read()) ? -ESTALE : 0;
}

/* |ticks| * mult >> shift, rounded to nearest; false when it does not fit int64. */
static bool ticks_to_ns(uint64_t ticks, uint64_t mult, uint32_t shift, int64_t *ns)
{
	unsigned __int128 p = (unsigned __int128)ticks * mult;

	if (shift > 63)
		return false;
	if (shift > 0)
		p += (unsigned __int128)1 << (shift - 1);
	p >>= shift;
	if (p > INT64_MAX)
		return false;
	*ns = (int64_t)p;
	return true;
}

/* The record's clock at @p tsc; false when a corrupt record puts it beyond int64 ns. */
static bool clock_at(const struct ptpdk_shm_clock_record *r, uint64_t tsc, int64_t *delta_ns,
		     int64_t *clock_ns)
{
	uint64_t elapsed = tsc - r->base_tsc;
	bool ahead = (int64_t)elapsed >= 0;

	if (!ticks_to_ns(ahead ? elapsed : 0 - elapsed, r->mult, r->shift, delta_ns))
		return false;
	if (!ahead)
		*delta_ns = -*delta_ns;
	return !__builtin_add_overflow(r->base_time_ns, *delta_ns, clock_ns);
}

int ptpdk_shm_time_at(const struct ptpdk_shm_client *c, unsigned index, uint64_t tsc,
		      struct ptpdk_shm_time *out)
{
	struct ptpdk_shm_clock_record r;
	int64_t delta_ns, clock_ns, elapsed;
	double a;
	int rc = read_record(c, PTPDK_SHM_SECTION_CLOCKS, index, &r, TIME_PART_END);

	if (rc)
		return rc;
	if (stale(c, r.update_count, r.update_tsc, tsc))
		return -ESTALE;
	if (!clock_at(&r, tsc, &delta_ns, &clock_ns))
		return -ERANGE;
	out->clock_ns = clock_ns;
	out->utc_ns = (r.flags & PTPDK_SHM_F_PTP_TIMESCALE)
			      ? clock_ns - (int64_t)r.utc_offset_s * 1000000000
			      : clock_ns;
	a = delta_ns > 0 ? (double)delta_ns * 1e-9 : 0;
	out->error_bound_ns = r.error_bound_ns + r.mapping_error_ns + r.bound_rate_ppb * a +
			      0.5 * r.bound_wander_ppb_per_s * a * a;
	elapsed = (int64_t)(tsc - r.update_tsc);
	out->age_s = elapsed > 0 ? (double)elapsed * c->seconds_per_tick : 0;
	out->flags = r.flags;
	out->utc_offset_s = r.utc_offset_s;
	out->clock_state = r.clock_state;
	return (r.flags & PTPDK_SHM_F_VALID) ? 0 : -ENODATA;
}

int ptpdk_shm_now(const struct ptpdk_shm_client *c, unsigned index, struct ptpdk_shm_time *out)
{
	return ptpdk_shm_time_at(c, index, ptpdk_tsc_read(), out);
}

bool ptpdk_shm_replaced(const struct ptpdk_shm_client *c)
{
	struct stat st;

	if (ptpdk_shm_writer_state_(c) == -ESHUTDOWN)
		return true;
	return stat(c->path, &st) != 0 || st.st_ino != c->ino || st.st_dev != c->dev;
}

const char *ptpdk_shm_strerror(int rc)
{
	switch (rc) {
	case 0:
		return "valid";
	case -ENODATA:
		return "no valid time (not locked)";
	case -ESTALE:
		return "writer silent (dead, stalled or not started)";
	case -ESHUTDOWN:
		return "writer stopped";
	case -EAGAIN:
		return "torn reads (writer too busy)";
	case -EINVAL:
		return "no such clock, port or counter block";
	case -ENOENT:
		return "no region";
	case -EBADF:
		return "not a ptpdk region";
	case -EPROTO:
		return "incompatible ABI version";
	case -EBADMSG:
		return "inconsistent region layout";
	case -EACCES:
		return "permission denied";
	default:
		return "error";
	}
}
