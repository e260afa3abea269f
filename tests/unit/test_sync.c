/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-sync's parts (app/sync): the chrony SOCK sample, the NTP SHM record, the
 * shadow clock with the pi servo on synthetic clocks, option parsing, and the region
 * follower against a real writer in a temporary directory (valid, writer gone, new
 * generation, stale, no valid time, incompatible ABI, truncated file). Never touches
 * CLOCK_REALTIME: realclock.c is not linked.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "discipline.h"
#include "follower.h"
#include "ntpshm.h"
#include "options.h"
#include "ptpdk_shm_client.h"
#include "ptpdk_shm_writer.h"
#include "shadow.h"
#include "sock.h"

#define NS_PER_S 1000000000LL

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- chrony SOCK ---- */

static void test_chrony_pack(void)
{
	struct sync_chrony_sample s;
	int64_t rt = 1700000000LL * NS_PER_S + 123456789;

	CHECK_EQ_INT(sizeof(struct sync_chrony_sample), 40);
	CHECK_EQ_INT(offsetof(struct sync_chrony_sample, tv), 0);
	CHECK_EQ_INT(offsetof(struct sync_chrony_sample, offset), 16);
	CHECK_EQ_INT(offsetof(struct sync_chrony_sample, pulse), 24);
	CHECK_EQ_INT(offsetof(struct sync_chrony_sample, leap), 28);
	CHECK_EQ_INT(offsetof(struct sync_chrony_sample, pad), 32);
	CHECK_EQ_INT(offsetof(struct sync_chrony_sample, magic), 36);

	/* ptpdk 1.25 ms ahead of CLOCK_REALTIME: chronyd must see +1.25 ms (ref - local). */
	sync_chrony_pack(&s, rt, rt + 1250000, 0);
	CHECK_EQ_INT(s.tv.tv_sec, 1700000000);
	CHECK_EQ_INT(s.tv.tv_usec, 123456);
	CHECK_NEAR(s.offset, 0.00125, 1e-15);
	CHECK_EQ_INT(s.pulse, 0);
	CHECK_EQ_INT(s.leap, 0);
	CHECK_EQ_INT(s.pad, 0);
	CHECK_EQ_INT(s.magic, 0x534f434b);
	sync_chrony_pack(&s, rt, rt - 7, PTPDK_SHM_F_VALID | PTPDK_SHM_F_LEAP61);
	CHECK_NEAR(s.offset, -7e-9, 1e-18);
	CHECK_EQ_INT(s.leap, 1);
	sync_chrony_pack(&s, rt, rt, PTPDK_SHM_F_LEAP59);
	CHECK_EQ_INT(s.leap, 2);
	/* Before 1970 the microseconds stay in [0, 1e6). */
	sync_chrony_pack(&s, -1500, 0, 0);
	CHECK_EQ_INT(s.tv.tv_sec, -1);
	CHECK_EQ_INT(s.tv.tv_usec, 999998);
}

static void test_chrony_send(const char *dir)
{
	struct sync_chrony c;
	struct sync_chrony_sample s, got;
	struct sockaddr_un a;
	char path[sizeof(a.sun_path)], longpath[200], err[300];
	int fd;

	snprintf(path, sizeof(path), "%s/chrony.sock", dir);
	CHECK_EQ_INT(sync_chrony_open(&c, path, err, sizeof(err)), 0);
	sync_chrony_pack(&s, 5 * NS_PER_S, 5 * NS_PER_S + 42, 0);
	/* chronyd not there yet: counted, no failure of the program. */
	CHECK_EQ_INT(sync_chrony_send(&c, &s), -ENOENT);
	CHECK_EQ_INT(c.undelivered, 1);

	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, path, sizeof(path));
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK_EQ_INT(sync_chrony_send(&c, &s), 0);
	CHECK_EQ_INT(c.sent, 1);
	CHECK_EQ_INT(c.last_err, 0);
	CHECK_EQ_INT(recv(fd, &got, sizeof(got), MSG_DONTWAIT), 40);
	CHECK_MEM(&got, &s, sizeof(s));
	close(fd);
	unlink(path);
	/* Bound once, now gone: refused or missing, either way counted. */
	CHECK(sync_chrony_send(&c, &s) < 0);
	CHECK_EQ_INT(c.undelivered, 2);
	sync_chrony_close(&c);

	memset(longpath, 'x', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	CHECK_EQ_INT(sync_chrony_open(&c, longpath, err, sizeof(err)), -ENAMETOOLONG);
	CHECK(strstr(err, "--chrony-sock") != NULL);
}

/* ---- NTP SHM ---- */

static void test_ntpshm(void)
{
	struct sync_shm_time t;
	struct sync_ntpshm_sample s;

	CHECK_EQ_INT(sizeof(struct sync_shm_time), 96);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, count), 4);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, clockTimeStampSec), 8);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, clockTimeStampUSec), 16);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, receiveTimeStampSec), 24);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, receiveTimeStampUSec), 32);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, leap), 36);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, precision), 40);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, nsamples), 44);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, valid), 48);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, clockTimeStampNSec), 52);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, receiveTimeStampNSec), 56);
	CHECK_EQ_INT(offsetof(struct sync_shm_time, dummy), 60);

	/* ceil(log2(bound in s)), clamped to [-30, 0]. */
	CHECK_EQ_INT(sync_ntpshm_precision(1000.0), -19); /* log2(1e-6) = -19.93 */
	CHECK_EQ_INT(sync_ntpshm_precision(900.0), -20);  /* -20.08 */
	CHECK_EQ_INT(sync_ntpshm_precision(1500.0), -19);
	CHECK_EQ_INT(sync_ntpshm_precision(1.0), -29);
	CHECK_EQ_INT(sync_ntpshm_precision(0.1), -30);
	CHECK_EQ_INT(sync_ntpshm_precision(0.0), -30);
	CHECK_EQ_INT(sync_ntpshm_precision(-5.0), -30);
	CHECK_EQ_INT(sync_ntpshm_precision(1e9), 0);
	CHECK_EQ_INT(sync_ntpshm_precision(3e9), 0);
	CHECK_EQ_INT(sync_ntpshm_precision(INFINITY), 0);
	CHECK_EQ_INT(sync_ntpshm_precision(NAN), 0);
	CHECK_EQ_INT(sync_ntpshm_leap(0), 0);
	CHECK_EQ_INT(sync_ntpshm_leap(PTPDK_SHM_F_VALID | PTPDK_SHM_F_LEAP61), 1);
	CHECK_EQ_INT(sync_ntpshm_leap(PTPDK_SHM_F_LEAP59), 2);

	memset(&t, 0, sizeof(t));
	t.count = 41;
	s.utc_ns = 1700000000LL * NS_PER_S + 987654321;
	s.realtime_ns = 1700000001LL * NS_PER_S + 5;
	s.error_bound_ns = 1000.0;
	s.flags = PTPDK_SHM_F_VALID | PTPDK_SHM_F_LEAP61;
	sync_ntpshm_fill(&t, &s);
	CHECK_EQ_INT(t.count, 43);
	CHECK_EQ_INT(t.valid, 1);
	CHECK_EQ_INT(t.mode, 1);
	CHECK_EQ_INT(t.clockTimeStampSec, 1700000000);
	CHECK_EQ_INT(t.clockTimeStampUSec, 987654);
	CHECK_EQ_INT(t.clockTimeStampNSec, 987654321);
	CHECK_EQ_INT(t.receiveTimeStampSec, 1700000001);
	CHECK_EQ_INT(t.receiveTimeStampUSec, 0);
	CHECK_EQ_INT(t.receiveTimeStampNSec, 5);
	CHECK_EQ_INT(t.leap, 1);
	CHECK_EQ_INT(t.precision, -19);
	CHECK_EQ_INT(t.nsamples, 3);
	s.flags = PTPDK_SHM_F_VALID;
	sync_ntpshm_fill(&t, &s);
	CHECK_EQ_INT(t.count, 45);
	CHECK_EQ_INT(t.leap, 0);
	sync_ntpshm_invalidate(&t);
	CHECK_EQ_INT(t.valid, 0);
	CHECK_EQ_INT(t.leap, 3);
	CHECK_EQ_INT(t.count, 45);
}

/* ---- shadow clock and servo ---- */

static void test_shadow(void)
{
	struct sync_clock *c = sync_shadow_create();
	int64_t r0 = 1000 * NS_PER_S;

	CHECK(c != NULL);
	CHECK_EQ_INT(sync_clock_read(c, r0), r0);
	CHECK_EQ_INT(sync_clock_set_freq(c, r0, 1000.0), 0);
	CHECK_EQ_INT(sync_clock_read(c, r0 + NS_PER_S), r0 + NS_PER_S + 1000);
	CHECK_EQ_INT(sync_clock_step(c, -500), 0);
	CHECK_EQ_INT(sync_clock_read(c, r0 + 2 * NS_PER_S), r0 + 2 * NS_PER_S + 1500);
	/* A frequency change keeps the phase reached so far. */
	CHECK_EQ_INT(sync_clock_set_freq(c, r0 + 2 * NS_PER_S, -2000.0), 0);
	CHECK_NEAR(sync_shadow_phase_ns(c, r0 + 2 * NS_PER_S), 1500.0, 1e-6);
	CHECK_EQ_INT(sync_clock_read(c, r0 + 3 * NS_PER_S), r0 + 3 * NS_PER_S - 500);
	CHECK_NEAR(sync_shadow_freq_ppb(c), -2000.0, 0.0);
	CHECK_EQ_INT(sync_clock_set_freq(c, r0, NAN), -EINVAL);
	sync_clock_destroy(c);
}

/*
 * A synthetic CLOCK_REALTIME that runs @p err_ppb fast and starts @p off_ns ahead of
 * ptpdk's UTC, sampled at 1 Hz with +-noise_ns of uniform noise on the UTC side.
 */
struct synth {
	double err_ppb;
	int64_t off_ns;
	double noise_ns;
	int64_t t0;
};

static void synth_at(const struct synth *y, int k, int64_t *real, int64_t *utc)
{
	int64_t t = y->t0 + (int64_t)k * NS_PER_S;
	double noise = y->noise_ns * ((double)(check_rand() % 2001) / 1000.0 - 1.0);

	*utc = t + (int64_t)llround(noise);
	*real = t + y->off_ns + (int64_t)llround((double)k * NS_PER_S * y->err_ppb * 1e-9);
}

struct run {
	int states[4];	 /* samples per state */
	int first_jump;	 /* sample index of the first s1, -1 none */
	int jumps;	 /* s1 after locking */
	double last_abs; /* |offset| of the last sample */
	double max_abs_tail;
	double freq;
};

static void run_servo(struct sync_discipline *d, const struct synth *y, int n, int tail_from,
		      int64_t jump_at, int64_t jump_ns, struct run *out)
{
	struct sync_discipline_result r;
	int64_t real, utc;

	memset(out, 0, sizeof(*out));
	out->first_jump = -1;
	for (int k = 0; k < n; k++) {
		synth_at(y, k, &real, &utc);
		if (jump_at >= 0 && k >= jump_at)
			utc -= jump_ns; /* the reference moves: our clock is jump_ns ahead */
		CHECK_EQ_INT(sync_discipline_sample(d, real, utc, 100.0, &r), 0);
		out->states[r.state]++;
		if (r.state == PTPDK_SERVO_JUMP) {
			if (out->first_jump < 0)
				out->first_jump = k;
			else
				out->jumps++;
		}
		out->last_abs = fabs((double)r.offset_ns);
		if (k >= tail_from && out->last_abs > out->max_abs_tail)
			out->max_abs_tail = out->last_abs;
		out->freq = r.freq_ppb;
	}
}

static void test_servo_converges(void)
{
	struct sync_discipline_config cfg = {
		.rate_hz = 1.0,
		.step_threshold_s = 0.0,
		.first_step_threshold_s = 0.00002,
		.initial_freq_ppb = 0.0,
		.max_freq_ppb = 500000.0,
	};
	struct synth y = { .err_ppb = 50000.0,
			   .off_ns = 3000000,
			   .noise_ns = 20.0,
			   .t0 = 1700000000LL * NS_PER_S };
	struct sync_discipline d;
	struct sync_clock *c = sync_shadow_create();
	struct run r;
	double held;

	/* 50 ppm fast and 3 ms ahead: s0, then one step (3 ms > 20 us) with the frequency
	 * learned from the first two samples, then locked within a microsecond. */
	CHECK_EQ_INT(sync_discipline_init(&d, &cfg, c), 0);
	run_servo(&d, &y, 30, 10, -1, 0, &r);
	CHECK_EQ_INT(r.states[0], 1);
	CHECK_EQ_INT(r.first_jump, 1);
	CHECK_EQ_INT(r.jumps, 0);
	CHECK_EQ_INT(d.steps, 1);
	CHECK(r.max_abs_tail < 1000.0);
	CHECK(r.last_abs < 1000.0);
	/* The shadow runs 50 ppm slow against the fast CLOCK_REALTIME: -50000/(1+5e-5). */
	CHECK_NEAR(r.freq, -49997.5, 100.0);
	printf("servo: 50 ppm, 3 ms: after 10 s max |offset| %.0f ns, freq %.1f ppb\n",
	       r.max_abs_tail, r.freq);
	/* Holdover keeps the learned frequency, not a phase correction. */
	held = sync_discipline_holdover(&d, y.t0 + 31 * NS_PER_S);
	CHECK_NEAR(held, -49997.5, 100.0);
	CHECK_NEAR(sync_shadow_freq_ppb(c), held, 0.0);
	sync_discipline_fini(&d);
	sync_clock_destroy(c);

	/* -F 0: never step; a 100 us offset is slewed away, no s1 ever. */
	c = sync_shadow_create();
	cfg.first_step_threshold_s = 0.0;
	y.off_ns = 100000;
	CHECK_EQ_INT(sync_discipline_init(&d, &cfg, c), 0);
	run_servo(&d, &y, 60, 40, -1, 0, &r);
	CHECK_EQ_INT(r.states[1], 0);
	CHECK_EQ_INT(d.steps, 0);
	CHECK(r.max_abs_tail < 1000.0);
	printf("servo: -F 0, 100 us: no step, after 40 s max |offset| %.0f ns\n", r.max_abs_tail);
	sync_discipline_fini(&d);
	sync_clock_destroy(c);

	/* -S 0.0005: a 1 ms jump of the reference after locking is stepped; with -S 0 it
	 * is slewed (phc2sys semantics). */
	for (int s = 0; s < 2; s++) {
		c = sync_shadow_create();
		cfg.first_step_threshold_s = 0.00002;
		cfg.step_threshold_s = s ? 0.0005 : 0.0;
		y.off_ns = 3000000;
		CHECK_EQ_INT(sync_discipline_init(&d, &cfg, c), 0);
		run_servo(&d, &y, 40, 39, 20, 1000000, &r);
		CHECK_EQ_INT(r.first_jump, 1);
		CHECK_EQ_INT(r.jumps, s ? 1 : 0);
		CHECK_EQ_INT(d.steps, s ? 2 : 1);
		sync_discipline_fini(&d);
		sync_clock_destroy(c);
	}
	/* A bad rate is refused. */
	cfg.rate_hz = 0.0;
	CHECK_EQ_INT(sync_discipline_init(&d, &cfg, NULL), -EINVAL);
}

/* ---- options ---- */

static int parse(struct sync_options *o, char *err, size_t len, const char *line)
{
	static char buf[512];
	char *argv[32];
	int argc = 0;

	snprintf(buf, sizeof(buf), "ptpdk-sync %s", line);
	for (char *p = strtok(buf, " "); p && argc < 31; p = strtok(NULL, " "))
		argv[argc++] = p;
	argv[argc] = NULL;
	return sync_options_parse(argc, argv, o, err, len);
}

static void expect_error(const char *line, const char *names)
{
	struct sync_options o;
	char err[256];

	CHECK_EQ_INT(parse(&o, err, sizeof(err), line), -EINVAL);
	if (!strstr(err, names)) {
		check_failures++;
		fprintf(stderr, "option error for \"%s\" does not name %s: \"%s\"\n", line, names,
			err);
	}
}

static void test_options(void)
{
	struct sync_options o;
	char err[256];

	CHECK_EQ_INT(parse(&o, err, sizeof(err), ""), SYNC_OPTIONS_RUN);
	CHECK(strcmp(o.shm, "ptpdk0") == 0);
	CHECK_EQ_INT(o.clock, 0);
	CHECK_NEAR(o.rate_hz, 1.0, 0.0);
	CHECK_NEAR(o.step_threshold_s, 0.0, 0.0);
	CHECK_NEAR(o.first_step_threshold_s, 0.00002, 0.0);
	CHECK_EQ_INT(o.ntp_shm_unit, -1);
	CHECK(!o.dry_run && !o.wait && !o.print && !o.quiet && !o.chrony_sock);
	CHECK(!sync_options_feed(&o));

	CHECK_EQ_INT(parse(&o, err, sizeof(err),
			   "-s /dev/shm/ptpdk-shm-x -r 3 -w -R 8 -S 0.5 -F 0 -n -m -q -d 10"),
		     SYNC_OPTIONS_RUN);
	CHECK(strcmp(o.shm, "/dev/shm/ptpdk-shm-x") == 0);
	CHECK_EQ_INT(o.clock, 3);
	CHECK(o.wait && o.dry_run && o.print && o.quiet);
	CHECK_NEAR(o.rate_hz, 8.0, 0.0);
	CHECK_NEAR(o.step_threshold_s, 0.5, 0.0);
	CHECK_NEAR(o.first_step_threshold_s, 0.0, 0.0);
	CHECK_NEAR(o.duration_s, 10.0, 0.0);

	CHECK_EQ_INT(parse(&o, err, sizeof(err),
			   "--shm lab1 --record 1 --wait --rate 0.125 --step-threshold 1 "
			   "--first-step-threshold 0.001 --dry-run --chrony-sock /run/c.sock "
			   "--ntp-shm 2 --print --quiet --duration=5"),
		     SYNC_OPTIONS_RUN);
	CHECK(strcmp(o.shm, "lab1") == 0);
	CHECK_EQ_INT(o.clock, 1); /* --record: --clock's name before ABI 2 */
	CHECK_NEAR(o.rate_hz, 0.125, 0.0);
	CHECK(o.chrony_sock && strcmp(o.chrony_sock, "/run/c.sock") == 0);
	CHECK_EQ_INT(o.ntp_shm_unit, 2);
	CHECK(sync_options_feed(&o));
	CHECK_NEAR(o.duration_s, 5.0, 0.0);
	CHECK_EQ_INT(parse(&o, err, sizeof(err), "-c 2"), SYNC_OPTIONS_RUN);
	CHECK_EQ_INT(o.clock, 2);
	CHECK_EQ_INT(parse(&o, err, sizeof(err), "--clock 15"), SYNC_OPTIONS_RUN);
	CHECK_EQ_INT(o.clock, 15);
	CHECK_EQ_INT(parse(&o, err, sizeof(err), "--record 4 --clock 5"), SYNC_OPTIONS_RUN);
	CHECK_EQ_INT(o.clock, 5); /* one setting: the last one given wins */
	CHECK_EQ_INT(parse(&o, err, sizeof(err), "-R 64 --ntp-shm 0"), SYNC_OPTIONS_RUN);
	CHECK_EQ_INT(o.ntp_shm_unit, 0);
	CHECK_EQ_INT(parse(&o, err, sizeof(err), "--ntp-shm 899"), SYNC_OPTIONS_RUN);
	CHECK_EQ_INT(o.ntp_shm_unit, 899);
	CHECK_EQ_INT(parse(&o, err, sizeof(err), "-m -h"), SYNC_OPTIONS_HELP);
	CHECK_EQ_INT(parse(&o, err, sizeof(err), "--help"), SYNC_OPTIONS_HELP);

	expect_error("-R 0.1", "-R");
	expect_error("--rate 65", "--rate");
	expect_error("--rate abc", "--rate");
	expect_error("-R 1x", "-R");
	expect_error("-R nan", "-R");
	expect_error("-r 16", "-r");
	expect_error("-c 16", "-c");
	expect_error("--clock x", "--clock");
	expect_error("--record -1", "--record");
	expect_error("-S -0.1", "-S");
	expect_error("--first-step-threshold inf", "--first-step-threshold");
	expect_error("--ntp-shm 834563024", "--ntp-shm");
	expect_error("--ntp-shm x", "--ntp-shm");
	expect_error("-d -1", "-d");
	expect_error("--bogus", "--bogus");
	expect_error("-x", "-x");
	expect_error("-m --rate", "--rate");
	expect_error("-R", "-R");
	expect_error("--chrony-sock", "--chrony-sock");
	expect_error("stray", "stray");
}

/* ---- the follower against a real writer ---- */

static uint64_t tsc_hz_measure(void)
{
	uint64_t m0 = clock_ns(CLOCK_MONOTONIC_RAW), t0 = ptpdk_shm_tsc();
	uint64_t m1, t1;

	usleep(100000);
	m1 = clock_ns(CLOCK_MONOTONIC_RAW);
	t1 = ptpdk_shm_tsc();
	return (uint64_t)((double)(t1 - t0) * 1e9 / (double)(m1 - m0));
}

static struct ptpdk_shm_writer *writer_make(const char *dir, uint64_t hz)
{
	struct ptpdk_shm_writer_config cfg = {
		.name = "t",
		.dir = dir,
		.n_clocks = 2,
		.n_ports = 1,
		.tsc_hz = hz,
	};
	char note[300];
	struct ptpdk_shm_writer *w = ptpdk_shm_writer_create(&cfg, note, sizeof(note));

	if (!w)
		fprintf(stderr, "writer: %s\n", note);
	CHECK(w != NULL);
	return w;
}

/* Clock 0 valid (or not), mapped to CLOCK_REALTIME + @p off_ns at the current TSC. */
static void writer_publish(struct ptpdk_shm_writer *w, uint64_t hz, bool valid, int64_t off_ns,
			   uint32_t extra_flags)
{
	struct ptpdk_shm_clock_record r;
	uint64_t tsc = ptpdk_shm_tsc();

	memset(&r, 0, sizeof(r));
	ptpdk_shm_clock_set_mapping(&r, tsc, (int64_t)clock_ns(CLOCK_REALTIME) + off_ns, hz, 0.0);
	r.flags = (valid ? PTPDK_SHM_F_VALID | PTPDK_SHM_F_LOCKED : 0) | extra_flags;
	r.error_bound_ns = 100.0;
	ptpdk_shm_writer_publish_clock(w, 0, &r, tsc, clock_ns(CLOCK_MONOTONIC));
	ptpdk_shm_writer_heartbeat(w, tsc, clock_ns(CLOCK_MONOTONIC));
}

static void test_follower(const char *dir)
{
	struct sync_follower f, f1, fc;
	struct sync_event ev;
	struct sync_measure m;
	struct ptpdk_shm_writer *w;
	uint64_t hz = tsc_hz_measure(), gen1, mono = 1000000000ull;
	char path[256], copy[300];
	int rc;

	printf("follower: TSC %.6f GHz\n", (double)hz * 1e-9);
	snprintf(path, sizeof(path), "%s/ptpdk-shm-t", dir);

	/* No region yet: -ENOENT, the path searched in the text. */
	CHECK_EQ_INT(sync_follower_init(&f, path, 0), 0);
	CHECK_EQ_INT(sync_follower_open(&f, mono, &ev), -ENOENT);
	CHECK(strstr(ev.text, path) != NULL);
	sync_follower_fini(&f);

	w = writer_make(dir, hz);
	if (!w)
		return;
	writer_publish(w, hz, true, 2000000, PTPDK_SHM_F_LEAP61);

	/* Open, valid, measure. */
	CHECK_EQ_INT(sync_follower_init(&f, path, 0), 0);
	CHECK_EQ_INT(sync_follower_open(&f, mono, &ev), 0);
	CHECK(ev.what & SYNC_EV_GENERATION);
	CHECK(!ev.restart);
	CHECK_EQ_INT(ev.writer_pid, getpid());
	gen1 = ev.generation;
	CHECK(gen1 == ptpdk_shm_header(f.c)->generation);
	sync_follower_poll(&f, mono, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_VALID);
	CHECK(sync_follower_valid(&f));
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, 0);
	CHECK_EQ_INT(sync_follower_measure(&f, &m, &ev), 0);
	CHECK_EQ_INT(ev.what, 0);
	/* ptpdk 2 ms ahead, within what a 100 ms TSC calibration and the bracket allow. */
	CHECK_NEAR((double)(m.utc_ns - m.realtime_ns), 2000000.0, 20000.0);
	CHECK(m.delay_ns > 0 && m.delay_ns < 1000000);
	CHECK(m.flags & PTPDK_SHM_F_LEAP61);
	CHECK(m.error_bound_ns >= 100.0);
	printf("follower: measured ptpdk - realtime %lld ns (published +2000000), bracket %lld "
	       "ns\n",
	       (long long)(m.utc_ns - m.realtime_ns), (long long)m.delay_ns);

	/* A clock never published: silent (update_count 0), invalid at the first check. */
	CHECK_EQ_INT(sync_follower_init(&f1, path, 1), 0);
	CHECK_EQ_INT(sync_follower_open(&f1, mono, &ev), 0);
	sync_follower_poll(&f1, mono, &ev);
	CHECK(ev.what & SYNC_EV_INVALID);
	CHECK_EQ_INT(ev.status, -ESTALE);
	CHECK_EQ_INT(f1.invalid_periods, 0);
	sync_follower_fini(&f1);
	/* A clock index beyond the region's clocks is refused at startup. */
	CHECK_EQ_INT(sync_follower_init(&f1, path, 5), 0);
	CHECK_EQ_INT(sync_follower_open(&f1, mono, &ev), -EINVAL);
	CHECK(strstr(ev.text, "no clock 5") != NULL);
	sync_follower_fini(&f1);

	/* No valid time (the writer lost lock): -ENODATA, then valid again. */
	writer_publish(w, hz, false, 0, 0);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_INVALID);
	CHECK_EQ_INT(ev.status, -ENODATA);
	CHECK_EQ_INT(f.invalid_periods, 1);
	CHECK(sync_follower_measure(&f, &m, &ev) == -ENODATA);
	CHECK_EQ_INT(ev.what, 0);
	writer_publish(w, hz, true, 0, 0);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_VALID);

	/* The writer stops cleanly: invalid at the next check, "writer stopped". */
	ptpdk_shm_writer_destroy(w);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_INVALID);
	CHECK_EQ_INT(ev.status, -ESHUTDOWN);
	CHECK(strcmp(ptpdk_shm_strerror(ev.status), "writer stopped") == 0);
	CHECK_EQ_INT(f.invalid_periods, 2);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, 0);

	/* A new writer: followed at the next check, new generation, valid. */
	w = writer_make(dir, hz);
	if (!w)
		return;
	writer_publish(w, hz, true, 0, 0);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_GENERATION | SYNC_EV_VALID);
	CHECK(ev.restart);
	CHECK(ev.generation != gen1);
	CHECK(ev.generation == ptpdk_shm_header(f.c)->generation);
	CHECK_EQ_INT(f.restarts, 1);
	CHECK_EQ_INT(sync_follower_measure(&f, &m, &ev), 0);
	CHECK_NEAR((double)(m.utc_ns - m.realtime_ns), 0.0, 20000.0);

	/* The writer stalls (as after SIGKILL): stale once the heartbeat timeout passes. */
	usleep(600000);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_INVALID);
	CHECK_EQ_INT(ev.status, -ESTALE);
	/* Reopen attempts are limited: the same file is not a new generation. */
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, 0);
	CHECK_EQ_INT(f.restarts, 1);
	writer_publish(w, hz, true, 0, 0);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_VALID);

	/* A truncated region (SIGBUS under the mapping) is an error, never a crash: a
	 * copy of the live file, then truncated. */
	snprintf(copy, sizeof(copy), "%s/ptpdk-shm-copy", dir);
	{
		char buf[8192];
		int in = open(path, O_RDONLY), out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		ssize_t n = read(in, buf, sizeof(buf));

		CHECK(n > 0 && write(out, buf, (size_t)n) == n);
		close(in);
		close(out);
	}
	CHECK_EQ_INT(sync_follower_init(&fc, copy, 0), 0);
	CHECK_EQ_INT(sync_follower_open(&fc, mono, &ev), 0);
	CHECK_EQ_INT(truncate(copy, 0), 0);
	sync_follower_poll(&fc, mono += 100000000, &ev);
	CHECK(ev.what & SYNC_EV_OPEN_ERROR);
	CHECK_EQ_INT(ev.open_rc, -EBADMSG);
	CHECK(strstr(ev.text, "truncated") != NULL);
	CHECK(ev.what & SYNC_EV_INVALID);
	CHECK(!sync_follower_valid(&fc));
	CHECK(fc.c == NULL);
	/* Reopened: now too small to be a region, a new reason, reported once; then
	 * nothing more at each check. */
	sync_follower_poll(&fc, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, SYNC_EV_OPEN_ERROR);
	CHECK_EQ_INT(ev.open_rc, -EBADF);
	sync_follower_poll(&fc, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, 0);
	sync_follower_poll(&fc, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, 0);
	CHECK(sync_follower_measure(&fc, &m, &ev) < 0);
	sync_follower_fini(&fc);
	unlink(copy);

	/* An incompatible ABI: refused with a clear error at open. */
	{
		struct ptpdk_shm_header h;
		int fd = open(path, O_RDONLY);

		CHECK(read(fd, &h, sizeof(h)) == (ssize_t)sizeof(h));
		close(fd);
		h.abi_version = PTPDK_SHM_ABI_VERSION + 1;
		fd = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		CHECK(write(fd, &h, sizeof(h)) == (ssize_t)sizeof(h));
		CHECK_EQ_INT(ftruncate(fd, (off_t)h.region_size), 0);
		close(fd);
	}
	CHECK_EQ_INT(sync_follower_init(&fc, copy, 0), 0);
	rc = sync_follower_open(&fc, mono, &ev);
	CHECK_EQ_INT(rc, -EPROTO);
	CHECK(strstr(ev.text, "ABI") != NULL);
	CHECK(strcmp(ptpdk_shm_strerror(rc), "incompatible ABI version") == 0);
	sync_follower_fini(&fc);

	/* A follower whose path now names an incompatible region reports it once and keeps
	 * waiting (a restart into a newer ptpdk). */
	ptpdk_shm_writer_destroy(w);
	CHECK_EQ_INT(rename(copy, path), 0);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK(ev.what & SYNC_EV_INVALID);
	CHECK(ev.what & SYNC_EV_OPEN_ERROR);
	CHECK_EQ_INT(ev.open_rc, -EPROTO);
	sync_follower_poll(&f, mono += 100000000, &ev);
	CHECK_EQ_INT(ev.what, 0);
	CHECK_EQ_INT(f.restarts, 1);
	sync_follower_fini(&f);
	unlink(path);
}

int main(void)
{
	char dir[] = "/tmp/test_sync.XXXXXX";

	check_seed("sync");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_chrony_pack();
	test_chrony_send(dir);
	test_ntpshm();
	test_shadow();
	test_servo_converges();
	test_options();
	test_follower(dir);
	rmdir(dir);
	return check_report("sync");
}
