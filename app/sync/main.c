/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-sync: phc2sys for ptpdk's shared time region. The main loop checks the
 * region every SYNC_CHECK_NS whatever the rate (so a dead writer is reported within
 * its heartbeat timeout plus one check), samples at --rate while the time is valid,
 * and hands each sample to the outputs: chronyd's SOCK, an NTP SHM segment, or the
 * servo that disciplines CLOCK_REALTIME (or, with --dry-run, its shadow).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "discipline.h"
#include "follower.h"
#include "log.h"
#include "ntpshm.h"
#include "options.h"
#include "realclock.h"
#include "shadow.h"
#include "sock.h"

#define SYNC_CHECK_NS 100000000ull /* the validity check period: 100 ms */

#define EXIT_GAVE_UP 1
#define EXIT_BAD     2

struct app {
	struct sync_options o;
	bool feed;
	struct sync_follower f;
	bool have_chrony, have_ntp, have_disc;
	struct sync_chrony chrony;
	struct sync_ntpshm ntp;
	struct sync_clock *clock;
	struct sync_discipline disc;
	uint32_t leap_flags; /* LEAP61/LEAP59 of the last sample */
	unsigned long samples;
	uint64_t next_sample_ns;
	int fatal;    /* an exit status to leave with, 0: none */
	bool waiting; /* -w: no valid time seen yet */
};

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the sleep returns at once and the loop sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sleep_until(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

/* Every output, or the first one's error. */
static int outputs_open(struct app *a)
{
	struct sync_discipline_config dc;
	char err[384];
	double freq = 0.0;
	int rc;

	if (a->o.chrony_sock) {
		rc = sync_chrony_open(&a->chrony, a->o.chrony_sock, err, sizeof(err));
		if (rc) {
			sync_log_error("%s", err);
			return rc;
		}
		a->have_chrony = true;
	}
	if (a->o.ntp_shm_unit >= 0) {
		rc = sync_ntpshm_open(&a->ntp, a->o.ntp_shm_unit, err, sizeof(err));
		if (rc) {
			sync_log_error("%s", err);
			return rc;
		}
		a->have_ntp = true;
	}
	if (a->feed)
		return 0;
	/* CLOCK_REALTIME is taken only here, and only without --dry-run. */
	a->clock = a->o.dry_run ? sync_shadow_create()
				: sync_realclock_create(&freq, err, sizeof(err));
	if (!a->clock) {
		rc = -errno;
		sync_log_error("%s", a->o.dry_run ? "out of memory" : err);
		return rc;
	}
	dc.rate_hz = a->o.rate_hz;
	dc.step_threshold_s = a->o.step_threshold_s;
	dc.first_step_threshold_s = a->o.first_step_threshold_s;
	dc.initial_freq_ppb = freq;
	dc.max_freq_ppb = SYNC_REALCLOCK_MAX_PPB;
	rc = sync_discipline_init(&a->disc, &dc, a->clock);
	if (rc) {
		sync_log_error("servo: %s", strerror(-rc));
		return rc;
	}
	a->have_disc = true;
	return 0;
}

static void outputs_close(struct app *a)
{
	if (a->have_disc)
		sync_discipline_fini(&a->disc);
	sync_clock_destroy(a->clock);
	a->clock = NULL;
	if (a->have_ntp)
		sync_ntpshm_close(&a->ntp);
	if (a->have_chrony)
		sync_chrony_close(&a->chrony);
	a->have_disc = a->have_ntp = a->have_chrony = false;
}

/* ptpdk's time went away: stop feeding. */
static void outputs_invalid(struct app *a)
{
	double ppb;

	if (a->have_ntp)
		sync_ntpshm_invalidate(a->ntp.t);
	/* chronyd: sending nothing is the signal; its refclock times out. */
	if (a->have_disc) {
		ppb = sync_discipline_holdover(&a->disc, realtime_ns());
		sync_log(LOG_NOTICE, "%s: holdover, frequency held at %+.0f ppb", a->clock->name,
			 ppb);
	}
}

static void on_event(struct app *a, const struct sync_event *ev, uint64_t now)
{
	if (ev->what & SYNC_EV_GENERATION)
		sync_log(LOG_NOTICE, "region %s: %sgeneration %016" PRIx64 " (writer pid %d)",
			 sync_follower_path(&a->f), ev->restart ? "new " : "", ev->generation,
			 ev->writer_pid);
	if (ev->what & SYNC_EV_OPEN_ERROR) {
		sync_log_error("%s", ev->text);
		/* Before any region was usable, an unusable one is a start-up error; after,
		 * a restart into an incompatible writer is waited out. */
		if (!a->f.ever_opened)
			a->fatal = EXIT_BAD;
	}
	if (ev->what & SYNC_EV_INVALID) {
		/* With -w, not having valid time yet is what we wait for, not news: the
		 * "invalid" line is kept for the end of a valid period (scripts count it). */
		if (a->waiting && !ev->was_valid) {
			if (ev->status != -ENOENT)
				sync_log(LOG_NOTICE, "%s clock %u: waiting for valid time (%s)",
					 a->o.shm, a->o.clock, ptpdk_shm_strerror(ev->status));
		} else {
			sync_log(LOG_WARNING, "%s clock %u: invalid: %s", a->o.shm, a->o.clock,
				 ptpdk_shm_strerror(ev->status));
		}
		if (ev->was_valid)
			outputs_invalid(a);
	}
	if (ev->what & SYNC_EV_VALID) {
		sync_log(LOG_NOTICE, "%s clock %u: valid", a->o.shm, a->o.clock);
		a->waiting = false;
		a->next_sample_ns = now;
	}
}

static void note_leap(struct app *a, uint32_t flags)
{
	uint32_t leap = flags & (PTPDK_SHM_F_LEAP61 | PTPDK_SHM_F_LEAP59);

	if (leap == a->leap_flags)
		return;
	a->leap_flags = leap;
	if (!leap)
		sync_log(LOG_NOTICE, "leap second announcement withdrawn or passed");
	else if (a->feed)
		sync_log(LOG_NOTICE, "leap second %s announced: passed on to %s",
			 leap & PTPDK_SHM_F_LEAP61 ? "insertion (LEAP61)" : "deletion (LEAP59)",
			 a->have_chrony ? "chronyd" : "the NTP SHM reader");
	else
		sync_log(LOG_NOTICE,
			 "leap second %s announced at the end of the UTC day: not applied to "
			 "CLOCK_REALTIME by ptpdk-sync",
			 leap & PTPDK_SHM_F_LEAP61 ? "insertion (LEAP61)" : "deletion (LEAP59)");
}

/* phc2sys's sample line, which scripts and the lab test parse. */
static void print_sample(int64_t offset_ns, int state, double freq_ppb, int64_t delay_ns)
{
	sync_log(LOG_INFO,
		 "CLOCK_REALTIME ptpdk offset %9" PRId64 " s%d freq %+7.0f delay %6" PRId64,
		 offset_ns, state, freq_ppb, delay_ns);
}

static void feed(struct app *a, const struct sync_measure *m)
{
	struct sync_chrony_sample cs;
	struct sync_ntpshm_sample ns;
	int last, rc;

	if (a->have_chrony) {
		last = a->chrony.last_err;
		sync_chrony_pack(&cs, m->realtime_ns, m->utc_ns, m->flags);
		rc = sync_chrony_send(&a->chrony, &cs);
		if (rc && -rc != last)
			sync_log(LOG_WARNING, "chrony SOCK %s: not delivered: %s%s",
				 a->o.chrony_sock, strerror(-rc),
				 rc == -ECONNREFUSED || rc == -ENOENT
					 ? " (chronyd not listening yet); retrying every sample"
					 : "; retrying every sample");
		else if (rc == 0 && last)
			sync_log(LOG_NOTICE, "chrony SOCK %s: delivering", a->o.chrony_sock);
	}
	if (a->have_ntp) {
		ns.utc_ns = m->utc_ns;
		ns.realtime_ns = m->realtime_ns;
		ns.error_bound_ns = m->error_bound_ns;
		ns.flags = m->flags;
		sync_ntpshm_fill(a->ntp.t, &ns);
		a->ntp.written++;
	}
	/* There is no servo of ours in this mode: s2, freq +0. */
	print_sample(m->realtime_ns - m->utc_ns, 2, 0.0, m->delay_ns);
}

static void discipline(struct app *a, const struct sync_measure *m)
{
	struct sync_discipline_result r;

	sync_discipline_sample(&a->disc, m->realtime_ns, m->utc_ns, m->error_bound_ns, &r);
	print_sample(r.offset_ns, (int)r.state, r.freq_ppb, m->delay_ns);
}

static void sample(struct app *a, uint64_t now)
{
	struct sync_measure m;
	struct sync_event ev;
	int rc = sync_follower_measure(&a->f, &m, &ev);

	on_event(a, &ev, now);
	if (rc)
		return;
	a->samples++;
	note_leap(a, m.flags);
	if (a->feed)
		feed(a, &m);
	else
		discipline(a, &m);
}

/* The first look at the region. @return 0 to run, else an exit status. */
static int start(struct app *a)
{
	struct sync_event ev;
	int rc = sync_follower_open(&a->f, mono_ns(), &ev);

	if (rc == 0) {
		on_event(a, &ev, 0);
		return 0;
	}
	if (rc == -ENOENT && a->o.wait) {
		sync_log(LOG_NOTICE, "waiting for the region: %s", ev.text);
		return 0;
	}
	sync_log_error("%s", ev.text[0] ? ev.text : ptpdk_shm_strerror(rc));
	return EXIT_BAD;
}

static int run(struct app *a)
{
	uint64_t t0 = mono_ns(), now, wake, next_check = t0;
	uint64_t period = (uint64_t)(1e9 / a->o.rate_hz + 0.5);
	uint64_t deadline =
		a->o.duration_s > 0 ? t0 + (uint64_t)(a->o.duration_s * 1e9) : UINT64_MAX;
	bool ever_valid = false;
	struct sync_event ev;

	while (!stop_signal && !a->fatal) {
		now = mono_ns();
		if (now >= deadline)
			break;
		if (now >= next_check) {
			sync_follower_poll(&a->f, now, &ev);
			on_event(a, &ev, now);
			next_check += SYNC_CHECK_NS;
			if (next_check <= now)
				next_check = now + SYNC_CHECK_NS;
		}
		if (sync_follower_valid(&a->f) && now >= a->next_sample_ns) {
			ever_valid = true;
			sample(a, now);
			a->next_sample_ns += period;
			if (a->next_sample_ns <= now)
				a->next_sample_ns = now + period;
		}
		wake = next_check < deadline ? next_check : deadline;
		if (sync_follower_valid(&a->f) && a->next_sample_ns < wake)
			wake = a->next_sample_ns;
		if (wake > mono_ns())
			sleep_until(wake);
	}
	if (a->fatal)
		return a->fatal;
	if (!stop_signal && a->o.wait && !ever_valid) {
		sync_log_error("%s clock %u: no valid time within %g s (%s)", a->o.shm, a->o.clock,
			       a->o.duration_s, ptpdk_shm_strerror(a->f.status));
		return EXIT_GAVE_UP;
	}
	return 0;
}

static void summary(const struct app *a)
{
	char extra[256] = "";
	size_t n = 0;

	if (a->have_disc)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, ", steps %lu%s", a->disc.steps,
				      a->o.dry_run ? " (shadow clock, dry run)" : "");
	if (a->have_chrony && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n,
				      ", chrony sent %lu undelivered %lu", a->chrony.sent,
				      a->chrony.undelivered);
	if (a->have_ntp && n < sizeof(extra))
		snprintf(extra + n, sizeof(extra) - n, ", NTP SHM unit %d written %lu", a->ntp.unit,
			 a->ntp.written);
	sync_log(LOG_NOTICE, "summary: samples %lu, invalid periods %lu, restarts followed %lu%s",
		 a->samples, a->f.invalid_periods, a->f.restarts, extra);
}

int main(int argc, char **argv)
{
	struct app a;
	char err[256];
	int rc;

	memset(&a, 0, sizeof(a));
	rc = sync_options_parse(argc, argv, &a.o, err, sizeof(err));
	if (rc == SYNC_OPTIONS_HELP) {
		sync_options_usage(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, SYNC_PROG ": %s; try --help\n", err);
		return EXIT_BAD;
	}
	a.feed = sync_options_feed(&a.o);
	sync_log_open(a.o.print, !a.o.quiet, strchr(a.o.shm, '/') ? NULL : a.o.shm);
	a.waiting = a.o.wait;
	install_signals();
	if (sync_follower_init(&a.f, a.o.shm, a.o.clock) != 0) {
		sync_log_error("--shm %s: too long", a.o.shm);
		rc = EXIT_BAD;
		goto out_log;
	}
	/* The region first: a missing or bad one is refused before any output (an NTP
	 * SHM segment) is created; then the outputs, before any waiting. */
	rc = start(&a);
	if (rc)
		goto out_follower;
	if (outputs_open(&a) != 0) {
		rc = EXIT_BAD;
		goto out_outputs;
	}
	rc = run(&a);
	summary(&a);
out_outputs:
	outputs_close(&a);
out_follower:
	sync_follower_fini(&a.f);
out_log:
	sync_log_close();
	return rc;
}
