/* SPDX-License-Identifier: BSD-3-Clause */
#include "follower.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * A region whose file shrinks under the mapping (truncated by a confused writer or by
 * hand) raises SIGBUS on the next read. The client library only reads the mapping,
 * so jumping out of it is safe: the read is abandoned, the mapping closed, and the
 * region reported as inconsistent. Nothing else in the process is guarded.
 */
static sigjmp_buf guard_env;
static volatile sig_atomic_t guard_armed;
static bool guard_installed;

static void on_sigbus(int sig)
{
	if (guard_armed) {
		guard_armed = 0;
		siglongjmp(guard_env, 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_install(void)
{
	struct sigaction sa;

	if (guard_installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	/* NODEFER: the jump leaves the handler, so SIGBUS must not stay blocked
	 * (sigsetjmp(env, 0) restores no mask, and saving one costs a system call). */
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	guard_installed = true;
}

static int guarded_time_at(const struct ptpdk_shm_client *c, unsigned index, uint64_t tsc,
			   struct ptpdk_shm_time *out)
{
	int rc;

	if (sigsetjmp(guard_env, 0))
		return -EBADMSG; /* time_at() never returns it: it means SIGBUS */
	guard_armed = 1;
	rc = ptpdk_shm_time_at(c, index, tsc, out);
	guard_armed = 0;
	return rc;
}

static int guarded_replaced(const struct ptpdk_shm_client *c)
{
	int rc;

	if (sigsetjmp(guard_env, 0))
		return -EBADMSG;
	guard_armed = 1;
	rc = ptpdk_shm_replaced(c) ? 1 : 0;
	guard_armed = 0;
	return rc;
}

struct opened {
	struct ptpdk_shm_client *c;
	uint64_t generation;
	uint64_t tsc_hz;
	int writer_pid;
	unsigned n_clocks;
};

static int guarded_open(const char *where, struct opened *o, char *text, size_t len)
{
	const struct ptpdk_shm_header *h;
	int rc;

	if (sigsetjmp(guard_env, 0)) {
		/* Between open's size check and its header read: the client's memory is
		 * lost, once, for a file that changed size in that instant. */
		snprintf(text, len, "%s: region truncated while being opened", where);
		return -EBADMSG;
	}
	guard_armed = 1;
	rc = ptpdk_shm_open(where, &o->c, text, len);
	if (rc == 0) {
		h = ptpdk_shm_header(o->c);
		o->generation = h->generation;
		o->writer_pid = h->writer_pid;
		o->tsc_hz = h->tsc_hz;
		o->n_clocks = ptpdk_shm_n_clocks(o->c);
	}
	guard_armed = 0;
	return rc;
}

static void ev_clear(struct sync_event *ev)
{
	ev->what = 0;
	ev->status = 0;
	ev->was_valid = false;
	ev->text[0] = '\0';
}

int sync_follower_init(struct sync_follower *f, const char *where, unsigned clock)
{
	memset(f, 0, sizeof(*f));
	if ((size_t)snprintf(f->where, sizeof(f->where), "%s",
			     where ? where : PTPDK_SHM_DEFAULT_NAME) >= sizeof(f->where))
		return -ENAMETOOLONG;
	f->clock = clock;
	f->valid_state = -1;
	f->status = -ENOENT;
	guard_install();
	return 0;
}

void sync_follower_fini(struct sync_follower *f)
{
	ptpdk_shm_close(f->c);
	f->c = NULL;
}

const char *sync_follower_path(const struct sync_follower *f)
{
	return f->c ? ptpdk_shm_path(f->c) : f->where;
}

bool sync_follower_valid(const struct sync_follower *f)
{
	return f->valid_state == 1;
}

static void set_status(struct sync_follower *f, int rc, struct sync_event *ev)
{
	int valid = rc == 0;

	if (f->valid_state != valid) {
		ev->what |= valid ? SYNC_EV_VALID : SYNC_EV_INVALID;
		ev->status = rc;
		ev->was_valid = !valid && f->valid_state == 1;
		if (ev->was_valid)
			f->invalid_periods++;
	}
	f->valid_state = valid;
	f->status = rc;
}

static void adopt(struct sync_follower *f, const struct opened *o, struct sync_event *ev)
{
	bool restart = f->ever_opened && o->generation != f->generation;

	if (!f->ever_opened || restart) {
		ev->what |= SYNC_EV_GENERATION;
		ev->generation = o->generation;
		ev->writer_pid = o->writer_pid;
		ev->restart = restart;
		if (restart)
			f->restarts++;
	}
	f->c = o->c;
	f->generation = o->generation;
	f->writer_pid = o->writer_pid;
	f->tsc_hz = o->tsc_hz;
	f->ever_opened = true;
	f->last_open_rc = 0;
}

/* A failed open: reported once per distinct reason; "not there (yet)" is not news. */
static void open_failed(struct sync_follower *f, int rc, const char *text, struct sync_event *ev)
{
	if (rc != -ENOENT && rc != f->last_open_rc) {
		ev->what |= SYNC_EV_OPEN_ERROR;
		ev->open_rc = rc;
		snprintf(ev->text, sizeof(ev->text), "%s", text);
	}
	f->last_open_rc = rc;
}

/* The mapping became unreadable (SIGBUS): drop it and reopen later. */
static void lost(struct sync_follower *f, uint64_t mono_ns, struct sync_event *ev)
{
	char text[320];

	snprintf(text, sizeof(text), "%s: region truncated under the reader (SIGBUS)",
		 ptpdk_shm_path(f->c));
	ptpdk_shm_close(f->c);
	f->c = NULL;
	f->next_reopen_ns = mono_ns + SYNC_REOPEN_NS;
	open_failed(f, -EBADMSG, text, ev);
}

int sync_follower_open(struct sync_follower *f, uint64_t mono_ns, struct sync_event *ev)
{
	struct opened o;
	int rc;

	ev_clear(ev);
	f->next_reopen_ns = mono_ns + SYNC_REOPEN_NS;
	rc = guarded_open(f->where, &o, ev->text, sizeof(ev->text));
	if (rc) {
		f->status = rc;
		f->last_open_rc = rc;
		return rc;
	}
	if (f->clock >= o.n_clocks) {
		snprintf(ev->text, sizeof(ev->text), "%s: the region has %u clock(s): no clock %u",
			 ptpdk_shm_path(o.c), o.n_clocks, f->clock);
		ptpdk_shm_close(o.c);
		f->status = -EINVAL;
		return -EINVAL;
	}
	adopt(f, &o, ev);
	return 0;
}

/* The path names another file (or ours was closed): take the new region when it has a
 * new generation. @return whether we switched. */
static bool try_switch(struct sync_follower *f, struct sync_event *ev)
{
	struct opened o;
	char text[sizeof(ev->text)];
	int rc = guarded_open(f->where, &o, text, sizeof(text));

	if (rc) {
		open_failed(f, rc, text, ev);
		return false;
	}
	if (f->c && o.generation == f->generation) {
		ptpdk_shm_close(o.c);
		return false;
	}
	ptpdk_shm_close(f->c);
	f->c = NULL;
	adopt(f, &o, ev);
	return true;
}

void sync_follower_poll(struct sync_follower *f, uint64_t mono_ns, struct sync_event *ev)
{
	struct ptpdk_shm_time t;
	int rc;

	ev_clear(ev);
	if (!f->c) {
		if (mono_ns < f->next_reopen_ns || !try_switch(f, ev)) {
			if (mono_ns >= f->next_reopen_ns)
				f->next_reopen_ns = mono_ns + SYNC_REOPEN_NS;
			set_status(f, f->last_open_rc ? f->last_open_rc : f->status, ev);
			return;
		}
		f->next_reopen_ns = mono_ns + SYNC_REOPEN_NS;
	}
	rc = guarded_time_at(f->c, f->clock, ptpdk_shm_tsc(), &t);
	/* Restarts: a stopped or silent writer, or (rarely checked while valid) a path
	 * that names another file now. A stat at most every SYNC_REOPEN_NS. */
	if (rc != -EBADMSG && ((rc != 0 && mono_ns >= f->next_reopen_ns) ||
			       (rc == 0 && mono_ns >= f->next_replaced_ns))) {
		int replaced = guarded_replaced(f->c);

		f->next_reopen_ns = mono_ns + SYNC_REOPEN_NS;
		f->next_replaced_ns = mono_ns + SYNC_REPLACED_CHECK_NS;
		if (replaced < 0)
			rc = replaced;
		else if (replaced && try_switch(f, ev))
			rc = guarded_time_at(f->c, f->clock, ptpdk_shm_tsc(), &t);
	}
	if (rc == -EBADMSG)
		lost(f, mono_ns, ev);
	set_status(f, rc, ev);
}

int sync_follower_measure(struct sync_follower *f, struct sync_measure *m, struct sync_event *ev)
{
	struct ptpdk_shm_time t;
	struct timespec ts, best_ts = { 0, 0 };
	uint64_t a, b, best = UINT64_MAX, mid = 0;
	int rc;

	ev_clear(ev);
	if (!f->c)
		return f->status ? f->status : -ENOENT;
	/* phc2sys's bracket: the narrowest of a few reads is the least disturbed. */
	for (unsigned i = 0; i < SYNC_BRACKET_TRIES; i++) {
		a = ptpdk_shm_tsc();
		clock_gettime(CLOCK_REALTIME, &ts);
		b = ptpdk_shm_tsc();
		if (b >= a && b - a < best) {
			best = b - a;
			mid = a + (b - a) / 2;
			best_ts = ts;
		}
	}
	if (best == UINT64_MAX) /* the TSC went backwards every time: another core's */
		return f->status;
	rc = guarded_time_at(f->c, f->clock, mid, &t);
	if (rc == -EBADMSG)
		lost(f, 0, ev);
	set_status(f, rc, ev);
	if (rc)
		return rc;
	m->realtime_ns = (int64_t)best_ts.tv_sec * 1000000000 + best_ts.tv_nsec;
	m->utc_ns = t.utc_ns;
	m->delay_ns = (int64_t)((double)best * 1e9 / (double)f->tsc_hz + 0.5);
	m->error_bound_ns = t.error_bound_ns;
	m->flags = t.flags;
	return 0;
}
