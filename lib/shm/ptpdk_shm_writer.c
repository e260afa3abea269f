/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_shm_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "ptpdk_shm_instance.h"
#include "ptpdk_shm_path.h"
#include "ptpdk_snapshot.h"

#define HUGETLBFS_MAGIC_NUMBER 0x958458f6
#define DEFAULT_PERIOD_MS      100
#define DEFAULT_TIMEOUT_MS     500

struct ptpdk_shm_writer {
	char path[256];
	int fd; /**< holds the flock that marks the name as taken while we live */
	void *base;
	size_t size;
	bool hugepages;
	struct ptpdk_shm_header *hdr;
	struct ptpdk_shm_clock_record *clocks;
	struct ptpdk_shm_port_record *ports;
	unsigned n_clocks, n_ports;
	char *blocks; /**< the counter values section, or NULL */
	size_t block_size;
	unsigned n_blocks;
	unsigned n_scope[2]; /**< counters per scope (clock, port) */
};

static void say(char *note, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *note, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!note || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(note, len, fmt, ap);
	va_end(ap);
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static size_t round_up(size_t v, size_t unit)
{
	return (v + unit - 1) / unit * unit;
}

/* The file's layout: header, clocks, ports, back to back. */
static size_t clocks_offset(void)
{
	return sizeof(struct ptpdk_shm_header);
}

static size_t ports_offset(const struct ptpdk_shm_writer_config *cfg)
{
	return clocks_offset() + cfg->n_clocks * sizeof(struct ptpdk_shm_clock_record);
}

static size_t names_offset(const struct ptpdk_shm_writer_config *cfg)
{
	return ports_offset(cfg) + cfg->n_ports * sizeof(struct ptpdk_shm_port_record);
}

static size_t blocks_offset(const struct ptpdk_shm_writer_config *cfg)
{
	return names_offset(cfg) + cfg->n_counters * sizeof(struct ptpdk_shm_counter_name);
}

static unsigned scope_count(const struct ptpdk_shm_writer_config *cfg, uint32_t scope)
{
	unsigned n = 0;

	for (unsigned i = 0; i < cfg->n_counters; i++)
		n += cfg->counters[i].scope == scope;
	return n;
}

/* One block holds the larger scope's values after its head. */
static size_t block_bytes(const struct ptpdk_shm_writer_config *cfg)
{
	unsigned c = scope_count(cfg, PTPDK_SHM_SCOPE_CLOCK);
	unsigned p = scope_count(cfg, PTPDK_SHM_SCOPE_PORT);

	return sizeof(struct ptpdk_shm_counter_block) + (c > p ? c : p) * sizeof(uint64_t);
}

static unsigned n_blocks(const struct ptpdk_shm_writer_config *cfg)
{
	return cfg->n_counters ? 1 + cfg->n_ports : 0;
}

static size_t region_bytes(const struct ptpdk_shm_writer_config *cfg)
{
	return blocks_offset(cfg) + n_blocks(cfg) * block_bytes(cfg);
}

/* The names as the layout requires them: what a reader would refuse, we refuse. */
static bool counters_ok(const struct ptpdk_shm_writer_config *cfg)
{
	uint32_t next[2] = { 0, 0 };

	if (cfg->n_counters == 0)
		return true;
	if (!cfg->counters || cfg->n_counters > PTPDK_SHM_MAX_COUNTERS)
		return false;
	for (unsigned i = 0; i < cfg->n_counters; i++) {
		const struct ptpdk_shm_counter_name *c = &cfg->counters[i];

		if (c->scope > PTPDK_SHM_SCOPE_PORT || c->slot != next[c->scope]++ || !c->name[0] ||
		    !memchr(c->name, '\0', sizeof(c->name)) ||
		    (c->scope == PTPDK_SHM_SCOPE_CLOCK && next[PTPDK_SHM_SCOPE_PORT] > 0))
			return false;
	}
	return true;
}

static void set_section(struct ptpdk_shm_header *h, enum ptpdk_shm_section_id id, size_t offset,
			size_t entry_size, unsigned count)
{
	if (count == 0)
		return; /* an empty slot stays all zero */
	h->sections[id].offset = (uint32_t)offset;
	h->sections[id].entry_size = (uint32_t)entry_size;
	h->sections[id].count = count;
}

/*
 * EEXIST when a live writer holds @p path (it keeps an flock for its lifetime);
 * otherwise a file there was left by a dead writer and is removed, so that no
 * reader finds it before the new region.
 */
static int check_not_taken(const char *path, char *note, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat locked, now;
	int rc = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		rc = errno == EWOULDBLOCK ? -EEXIST : -errno;
		if (rc == -EEXIST)
			say(note, len,
			    "%s: another ptpdk is publishing there (choose another shm_name)",
			    path);
	} else if (fstat(fd, &locked) == 0 && stat(path, &now) == 0 &&
		   locked.st_ino == now.st_ino && locked.st_dev == now.st_dev) {
		unlink(path); /* still the dead writer's file, not a newcomer's */
	}
	close(fd);
	return rc;
}

/* Create, size and map a fresh file at @p tmp in @p dir. */
static int map_new(struct ptpdk_shm_writer *w, const char *tmp, size_t need, bool *huge)
{
	struct statfs sfs;
	size_t unit = 4096;
	void *p;

	w->fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (w->fd < 0)
		return -errno;
	*huge = fstatfs(w->fd, &sfs) == 0 && (unsigned long)sfs.f_type == HUGETLBFS_MAGIC_NUMBER;
	if (*huge)
		unit = (size_t)sfs.f_bsize;
	w->size = round_up(need, unit);
	if (flock(w->fd, LOCK_EX | LOCK_NB) != 0 || ftruncate(w->fd, (off_t)w->size) != 0)
		goto fail;
	/* On hugetlbfs this reserves the page now: no SIGBUS later on first touch. */
	p = mmap(NULL, w->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, w->fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	w->base = p;
	return 0;
fail : {
	int rc = -errno;

	close(w->fd);
	w->fd = -1;
	unlink(tmp);
	return rc;
}
}

/* The names, and each block's head (scope and index never change). */
static void fill_counters(struct ptpdk_shm_writer *w, const struct ptpdk_shm_writer_config *cfg)
{
	if (cfg->n_counters == 0)
		return;
	memcpy((char *)w->base + names_offset(cfg), cfg->counters,
	       cfg->n_counters * sizeof(struct ptpdk_shm_counter_name));
	w->blocks = (char *)w->base + blocks_offset(cfg);
	w->block_size = block_bytes(cfg);
	w->n_blocks = n_blocks(cfg);
	w->n_scope[PTPDK_SHM_SCOPE_CLOCK] = scope_count(cfg, PTPDK_SHM_SCOPE_CLOCK);
	w->n_scope[PTPDK_SHM_SCOPE_PORT] = scope_count(cfg, PTPDK_SHM_SCOPE_PORT);
	for (unsigned b = 0; b < w->n_blocks; b++) {
		struct ptpdk_shm_counter_block *h =
			(struct ptpdk_shm_counter_block *)(w->blocks + b * w->block_size);

		h->scope = b ? PTPDK_SHM_SCOPE_PORT : PTPDK_SHM_SCOPE_CLOCK;
		h->index = (uint16_t)(b ? b - 1 : 0);
	}
}

static void fill_header(struct ptpdk_shm_writer *w, const struct ptpdk_shm_writer_config *cfg,
			const char *name)
{
	struct ptpdk_shm_header *h = w->base;
	int64_t real = (int64_t)clock_ns(CLOCK_REALTIME);
	uint32_t period = cfg->heartbeat_period_ms ? cfg->heartbeat_period_ms : DEFAULT_PERIOD_MS;
	uint32_t timeout =
		cfg->heartbeat_timeout_ms ? cfg->heartbeat_timeout_ms : DEFAULT_TIMEOUT_MS;

	memset(w->base, 0, w->size);
	h->magic = PTPDK_SHM_MAGIC;
	h->abi_version = PTPDK_SHM_ABI_VERSION;
	h->header_size = sizeof(*h);
	set_section(h, PTPDK_SHM_SECTION_CLOCKS, clocks_offset(),
		    sizeof(struct ptpdk_shm_clock_record), cfg->n_clocks);
	set_section(h, PTPDK_SHM_SECTION_PORTS, ports_offset(cfg),
		    sizeof(struct ptpdk_shm_port_record), cfg->n_ports);
	set_section(h, PTPDK_SHM_SECTION_COUNTER_NAMES, names_offset(cfg),
		    sizeof(struct ptpdk_shm_counter_name), cfg->n_counters);
	set_section(h, PTPDK_SHM_SECTION_COUNTER_VALUES, blocks_offset(cfg), block_bytes(cfg),
		    n_blocks(cfg));
	h->region_size = w->size;
	h->writer_pid = (int32_t)getpid();
	/* Start time and pid together: a restart within one nanosecond by the same pid is
	 * the only collision. */
	h->generation = (uint64_t)real ^ ((uint64_t)(uint32_t)getpid() << 40);
	h->start_realtime_ns = real;
	h->start_mono_ns = clock_ns(CLOCK_MONOTONIC);
	h->tsc_hz = cfg->tsc_hz;
	h->heartbeat_period_ms = period;
	h->heartbeat_timeout_ms = timeout < 2 * period ? 2 * period : timeout;
	snprintf(h->instance, sizeof(h->instance), "%s", name);
	w->hdr = h;
	w->clocks = (struct ptpdk_shm_clock_record *)((char *)w->base + clocks_offset());
	w->ports = (struct ptpdk_shm_port_record *)((char *)w->base + ports_offset(cfg));
	w->n_clocks = cfg->n_clocks;
	w->n_ports = cfg->n_ports;
	fill_counters(w, cfg);
}

static int set_access(int fd, const struct ptpdk_shm_writer_config *cfg)
{
	if (cfg->restrict_group && fchown(fd, (uid_t)-1, cfg->group) != 0)
		return -errno;
	return fchmod(fd, cfg->restrict_group ? 0640 : 0644) == 0 ? 0 : -errno;
}

/* Build the region in @p dir under a temporary name and link it into place, so a
 * reader never sees a half-made file and readers of a dead writer's file keep it. */
static int create_in(struct ptpdk_shm_writer *w, const struct ptpdk_shm_writer_config *cfg,
		     const char *dir, const char *name, char *note, size_t len)
{
	size_t need = region_bytes(cfg);
	char tmp[300];
	int rc;

	ptpdk_shm_file_path(w->path, sizeof(w->path), dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s%s.%d", dir, PTPDK_SHM_FILE_PREFIX, name, (int)getpid());
	rc = check_not_taken(w->path, note, len);
	if (rc)
		return rc;
	unlink(tmp);
	rc = map_new(w, tmp, need, &w->hugepages);
	if (rc) {
		say(note, len, "%s: %s", tmp, strerror(-rc));
		return rc;
	}
	fill_header(w, cfg, name);
	rc = set_access(w->fd, cfg);
	/* link(), unlike rename(), refuses an existing name: of two writers that passed
	 * the check together, one gets EEXIST here. */
	if (rc == 0 && link(tmp, w->path) != 0)
		rc = -errno;
	unlink(tmp);
	if (rc) {
		if (rc == -EEXIST)
			say(note, len,
			    "%s: another ptpdk is publishing there (choose another shm_name)",
			    w->path);
		else
			say(note, len, "%s: %s", w->path, strerror(-rc));
		munmap(w->base, w->size);
		close(w->fd);
		unlink(tmp);
		return rc;
	}
	atomic_store_explicit((_Atomic uint32_t *)&w->hdr->state, PTPDK_SHM_RUNNING,
			      memory_order_release);
	return 0;
}

static int create_auto(struct ptpdk_shm_writer *w, const struct ptpdk_shm_writer_config *cfg,
		       const char *name, char *note, size_t len)
{
	char dirs[PTPDK_SHM_MAX_DIRS][256];
	unsigned n = ptpdk_shm_hugetlbfs_dirs(dirs, PTPDK_SHM_MAX_DIRS, sizeof(dirs[0]));
	char why[300] = "no hugetlbfs mount";
	char path[300];
	int rc;

	for (unsigned i = 0; i <= n; i++) {
		ptpdk_shm_file_path(path, sizeof(path), i < n ? dirs[i] : PTPDK_SHM_FALLBACK_DIR,
				    name);
		rc = check_not_taken(path, note, len);
		if (rc == -EEXIST)
			return rc;
	}
	for (unsigned i = 0; i < n; i++) {
		rc = create_in(w, cfg, dirs[i], name, why, sizeof(why));
		if (rc == 0 || rc == -EEXIST) {
			say(note, len, "%s", rc ? why : "");
			return rc;
		}
	}
	rc = create_in(w, cfg, PTPDK_SHM_FALLBACK_DIR, name, note, len);
	if (rc == 0)
		say(note, len,
		    "warning: no huge page for the shared time region (%s); using %s: reads may "
		    "miss the TLB",
		    why, w->path);
	return rc;
}

struct ptpdk_shm_writer *ptpdk_shm_writer_create(const struct ptpdk_shm_writer_config *cfg,
						 char *note, size_t len)
{
	const char *name = cfg && cfg->name ? cfg->name : PTPDK_SHM_DEFAULT_NAME;
	struct ptpdk_shm_writer *w;
	int rc;

	say(note, len, "%s", "");
	if (!cfg || !ptpdk_shm_instance_name_ok(name) || cfg->n_clocks == 0 ||
	    cfg->n_clocks > PTPDK_SHM_MAX_CLOCKS || cfg->n_ports > PTPDK_SHM_MAX_PORTS ||
	    cfg->tsc_hz == 0 || !counters_ok(cfg)) {
		say(note, len,
		    "shared region: bad configuration (name \"%s\": " PTPDK_SHM_INSTANCE_NAME_RULE
		    "; 1..%d clocks, 0..%d ports; a TSC rate; at "
		    "most %d counters, named, clock then port, slots in order)",
		    name, PTPDK_SHM_MAX_CLOCKS, PTPDK_SHM_MAX_PORTS, PTPDK_SHM_MAX_COUNTERS);
		errno = EINVAL;
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		errno = ENOMEM;
		return NULL;
	}
	w->fd = -1;
	rc = cfg->dir ? create_in(w, cfg, cfg->dir, name, note, len)
		      : create_auto(w, cfg, name, note, len);
	if (rc) {
		free(w);
		errno = -rc;
		return NULL;
	}
	return w;
}

void ptpdk_shm_writer_destroy(struct ptpdk_shm_writer *w)
{
	struct stat ours, there;

	if (!w)
		return;
	atomic_store_explicit((_Atomic uint32_t *)&w->hdr->state, PTPDK_SHM_CLOSED,
			      memory_order_release);
	/* Remove the name only while it is still ours (not replaced by a newer writer). */
	if (fstat(w->fd, &ours) == 0 && stat(w->path, &there) == 0 && ours.st_ino == there.st_ino &&
	    ours.st_dev == there.st_dev)
		unlink(w->path);
	munmap(w->base, w->size);
	close(w->fd);
	free(w);
}

const char *ptpdk_shm_writer_path(const struct ptpdk_shm_writer *w)
{
	return w->path;
}

bool ptpdk_shm_writer_on_hugepages(const struct ptpdk_shm_writer *w)
{
	return w->hugepages;
}

/* seq is the first word of both record kinds: the rest is the seqlock's payload. */
static void seq_publish(uint32_t *seq, const void *rec, size_t size)
{
	ptpdk_seq_write((struct ptpdk_seq *)seq, (char *)seq + sizeof(*seq),
			(const char *)rec + sizeof(*seq), size - sizeof(*seq));
}

int ptpdk_shm_writer_publish_clock(struct ptpdk_shm_writer *w, unsigned index,
				   const struct ptpdk_shm_clock_record *rec, uint64_t tsc,
				   uint64_t mono_ns)
{
	struct ptpdk_shm_clock_record copy;
	struct ptpdk_shm_clock_record *dst;

	if (index >= w->n_clocks)
		return -EINVAL;
	dst = &w->clocks[index];
	copy = *rec;
	copy.update_tsc = tsc;
	copy.update_mono_ns = mono_ns;
	copy.update_count = dst->update_count + 1;
	seq_publish(&dst->seq, &copy, sizeof(copy));
	return 0;
}

int ptpdk_shm_writer_publish_port(struct ptpdk_shm_writer *w, unsigned index,
				  const struct ptpdk_shm_port_record *rec, uint64_t tsc,
				  uint64_t mono_ns)
{
	struct ptpdk_shm_port_record copy;
	struct ptpdk_shm_port_record *dst;

	if (index >= w->n_ports || rec->clock_index >= w->n_clocks)
		return -EINVAL;
	dst = &w->ports[index];
	copy = *rec;
	copy.update_tsc = tsc;
	copy.update_mono_ns = mono_ns;
	copy.update_count = dst->update_count + 1;
	seq_publish(&dst->seq, &copy, sizeof(copy));
	return 0;
}

int ptpdk_shm_writer_publish_counters(struct ptpdk_shm_writer *w, unsigned block,
				      const uint64_t *values, unsigned n, uint64_t tsc,
				      uint64_t mono_ns)
{
	struct ptpdk_shm_counter_block *dst;
	/* head and values in one seqlock write: the head's fields after seq, then the
	 * values; staged here because the seqlock copies one contiguous payload */
	uint64_t copy[(sizeof(*dst) - sizeof(uint64_t)) / sizeof(uint64_t) +
		      PTPDK_SHM_MAX_COUNTERS + 1];
	struct ptpdk_shm_counter_block head;

	if (block >= w->n_blocks || !values || n != w->n_scope[block ? 1 : 0])
		return -EINVAL;
	dst = (struct ptpdk_shm_counter_block *)(w->blocks + block * w->block_size);
	head = *dst;
	head.update_tsc = tsc;
	head.update_mono_ns = mono_ns;
	head.update_count = dst->update_count + 1;
	memcpy(copy, &head, sizeof(head));
	memcpy((char *)copy + sizeof(head), values, n * sizeof(uint64_t));
	seq_publish(&dst->seq, copy, sizeof(head) + n * sizeof(uint64_t));
	return 0;
}

void ptpdk_shm_writer_heartbeat(struct ptpdk_shm_writer *w, uint64_t tsc, uint64_t mono_ns)
{
	struct ptpdk_shm_header *h = w->hdr;

	atomic_store_explicit((_Atomic uint64_t *)&h->heartbeat_tsc, tsc, memory_order_relaxed);
	atomic_store_explicit((_Atomic uint64_t *)&h->heartbeat_mono_ns, mono_ns,
			      memory_order_relaxed);
	atomic_fetch_add_explicit((_Atomic uint64_t *)&h->heartbeat_count, 1, memory_order_release);
}

int ptpdk_shm_clock_set_mapping(struct ptpdk_shm_clock_record *rec, uint64_t base_tsc,
				int64_t base_ns, uint64_t tsc_hz, double freq_ppb)
{
	long double ns_per_tick;
	uint32_t shift = 63;

	if (tsc_hz == 0 || !isfinite(freq_ppb) || freq_ppb <= -1e9)
		return -EINVAL;
	ns_per_tick = 1e9L / (long double)tsc_hz * (1.0L + (long double)freq_ppb * 1e-9L);
	/* The largest shift whose multiplier fits 64 bits: the finest rate resolution. */
	while (shift > 0 &&
	       ns_per_tick * (long double)(UINT64_C(1) << shift) >= 18446744073709551615.0L)
		shift--;
	rec->base_tsc = base_tsc;
	rec->base_time_ns = base_ns;
	rec->shift = shift;
	rec->mult = (uint64_t)(ns_per_tick * (long double)(UINT64_C(1) << shift) + 0.5L);
	return 0;
}
