/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-servo-replay [OPTIONS] SAMPLES.csv: feed the measurements of a daemon's
 * --samples-file into a servo the way the engine does (lib/engine/ptpdk_discipline.c
 * run_servo() and ptpdk_ptp_port.c one_way()) and print what the servo decides, sample by sample.
 *
 * Inputs per row, as the engine built them:
 *   offset_ns     = round(t2 - t1 - c_ms - delay)            (the row's offset_ns)
 *   local_ts_ns   = t2                                       (the row's t2_ns)
 *   path_delay_ns = the filtered delay                       (the row's delay_ns)
 *   ms_ns         = round(t2 - t1 - c_ms) = offset + delay   (the file has no c_ms:
 *                   offset + delay is exact, t2_ns - t1_ns can be 1 ns short of it
 *                   because the clock's stamps carry fractions of a ns)
 *   sm_ns         = t4 - t3 (c_sm taken as 0), sm_local_ts_ns = t3, passed once:
 *                   on the first row whose t3 differs from the previous row's.
 * The servo is configured as the daemon configures it from config/lab-kernel.cfg
 * (software stamps, first step 20 us, no later step, ptp4l's other defaults) with
 * the Sync interval measured from the file.
 *
 * Open loop (default): the recorded inputs go in as they are. They contain the
 * corrections of the servo that ran, so with that servo's code the replay repeats
 * the run bit for bit (the "freq_rec" column is then equal to "freq"), which is
 * how the replay shows it is faithful; with another servo it shows what that one
 * would have decided from the same inputs, with the loop open.
 *
 * Closed loop (--closed-loop): the recorded corrections are taken out and the
 * replayed servo's put in. C_rec(t), the phase the recorded frequencies and steps
 * added since the first row, and C_new(t), the replayed servo's, are integrated
 * from sample to sample (a frequency is in force from the sample that set it to
 * the next); every time stamp of the disciplined clock moves by dC = C_new - C_rec:
 * offset, ms and t2 by +dC(t2), sm by -dC(t3), t3 by +dC(t3). The measured true
 * time error moves with it: te = te_rec + dC. The path delays do not depend on
 * the clock, so this is the run the replayed servo would have had, up to the
 * delay filter (kept as recorded: its input moves by dC(t2) - dC(t3) of a pair,
 * a few ns) and the few microseconds between a stamp and the frequency update.
 *
 * Output: one line per sample inside [--from, --to] (s since the first row)
 * unless --quiet, then a summary. --max-jump PPB makes the exit status 1 when
 * the replayed frequency moves by more than PPB between two locked samples with
 * no step between them after --settled S; --max-alarms N when the ptpdk servo
 * raised more than N drift alarms; --expect-recorded PPB when the replayed frequency
 * differs from the recorded one by more than PPB (open loop only). The file gives
 * t3 and t4 in whole ns, the engine rounds t4 - t3 with t3's fraction of a ns, so
 * sm may be 1 ns off: with tau at 4 samples of 62.5 ms that is ~4 ppb a sample, and
 * kernel-udp4-e2e-samples.csv replays to within 13 ppb of its recorded frequencies
 * (P2P runs, without sm, replay exactly).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_servo.h"
#include "ptpdk_servo_private.h"

enum { C_MONO, C_OFFSET, C_DELAY, C_FREQ, C_STATE, C_STEP, C_T1, C_T2, C_T3, C_T4, C_TE, C_N };

static const char *const col_names[C_N] = { "mono_s",	   "offset_ns", "delay_ns", "freq_ppb",
					    "servo_state", "step_ns",	"t1_ns",    "t2_ns",
					    "t3_ns",	   "t4_ns",	"te_ns" };

struct row {
	double mono_s, freq_ppb, te_ns;
	int64_t offset_ns, delay_ns, step_ns, t1, t2, t3, t4;
	int state;
};

/* The phase a clock's corrections added up to a sample, and the frequency in force after it. */
struct hist {
	int64_t t2;
	double c_rec, c_new, f_rec, f_new;
};

#define HIST_N 256

struct opts {
	const char *file, *servo;
	bool closed, quiet;
	double expect_recorded_ppb;
	double from_s, to_s, settled_s, max_jump_ppb, interval_s;
	long max_alarms;
};

static int split(char *line, char **f, int max)
{
	int n = 0;
	char *save = NULL;

	for (char *tok = strtok_r(line, ",\r\n", &save); tok && n < max;
	     tok = strtok_r(NULL, ",\r\n", &save))
		f[n++] = tok;
	return n;
}

static int read_rows(const char *file, struct row **out, size_t *n_out)
{
	FILE *fp = fopen(file, "r");
	char line[1024], *f[32];
	int idx[C_N], nf;
	size_t n = 0, cap = 0;
	struct row *rows = NULL;

	if (!fp) {
		fprintf(stderr, "servo-replay: %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (!fgets(line, sizeof(line), fp)) {
		fprintf(stderr, "servo-replay: %s: empty\n", file);
		fclose(fp);
		return -1;
	}
	nf = split(line, f, 32);
	for (int c = 0; c < C_N; c++) {
		idx[c] = -1;
		for (int i = 0; i < nf; i++)
			if (!strcmp(f[i], col_names[c]))
				idx[c] = i;
		if (idx[c] < 0) {
			fprintf(stderr, "servo-replay: %s: no column %s\n", file, col_names[c]);
			fclose(fp);
			return -1;
		}
	}
	while (fgets(line, sizeof(line), fp)) {
		struct row r;

		if (split(line, f, 32) < nf)
			continue;
		r.mono_s = strtod(f[idx[C_MONO]], NULL);
		r.offset_ns = strtoll(f[idx[C_OFFSET]], NULL, 10);
		r.delay_ns = strtoll(f[idx[C_DELAY]], NULL, 10);
		r.freq_ppb = strtod(f[idx[C_FREQ]], NULL);
		r.state = atoi(f[idx[C_STATE]]);
		r.step_ns = strtoll(f[idx[C_STEP]], NULL, 10);
		r.t1 = strtoll(f[idx[C_T1]], NULL, 10);
		r.t2 = strtoll(f[idx[C_T2]], NULL, 10);
		r.t3 = strtoll(f[idx[C_T3]], NULL, 10);
		r.t4 = strtoll(f[idx[C_T4]], NULL, 10);
		r.te_ns = strtod(f[idx[C_TE]], NULL);
		if (n == cap) {
			struct row *nr;

			cap = cap ? 2 * cap : 1024;
			nr = realloc(rows, cap * sizeof(*rows));
			if (!nr) {
				free(rows);
				fclose(fp);
				return -1;
			}
			rows = nr;
		}
		rows[n++] = r;
	}
	fclose(fp);
	if (n < 2) {
		fprintf(stderr, "servo-replay: %s: fewer than 2 samples\n", file);
		free(rows);
		return -1;
	}
	*out = rows;
	*n_out = n;
	return 0;
}

/* Median spacing of t2, rounded to a power of two as the master's logSyncInterval is. */
static double sync_interval(const struct row *rows, size_t n)
{
	double d[64];
	unsigned m = 0;

	for (size_t i = 1; i < n && m < 64; i++)
		if (rows[i].t2 > rows[i - 1].t2)
			d[m++] = (double)(rows[i].t2 - rows[i - 1].t2) * 1e-9;
	if (m == 0)
		return 1.0;
	return ldexp(1.0, (int)lround(log2(ptpdk_servo_median(d, m))));
}

/* dC = C_new - C_rec at local time t (ns), from the newest sample at or before t. */
static double delta_at(const struct hist *h, size_t n_h, int64_t t)
{
	size_t k = n_h;

	if (n_h == 0)
		return 0.0;
	while (k > 1 && h[(k - 1) % HIST_N].t2 > t && n_h - k < HIST_N - 1)
		k--;
	{
		const struct hist *e = &h[(k - 1) % HIST_N];
		double dt = (double)(t - e->t2) * 1e-9;

		return (e->c_new + e->f_new * dt) - (e->c_rec + e->f_rec * dt);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: ptpdk-servo-replay [--servo ptpdk|pi] [--closed-loop] [--from S] "
			"[--to S] [--quiet]\n"
			"         [--settled S] [--max-jump PPB] [--max-alarms N] "
			"[--expect-recorded PPB] [--interval S] SAMPLES.csv\n");
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->servo = "ptpdk";
	o->to_s = HUGE_VAL;
	o->max_jump_ppb = -1.0;
	o->max_alarms = -1;
	o->expect_recorded_ppb = -1.0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_val = i + 1 < argc;

		if (!strcmp(a, "--closed-loop"))
			o->closed = true;
		else if (!strcmp(a, "--quiet"))
			o->quiet = true;
		else if (!strcmp(a, "--expect-recorded") && has_val)
			o->expect_recorded_ppb = atof(argv[++i]);
		else if (!strcmp(a, "--servo") && has_val)
			o->servo = argv[++i];
		else if (!strcmp(a, "--from") && has_val)
			o->from_s = atof(argv[++i]);
		else if (!strcmp(a, "--to") && has_val)
			o->to_s = atof(argv[++i]);
		else if (!strcmp(a, "--settled") && has_val)
			o->settled_s = atof(argv[++i]);
		else if (!strcmp(a, "--max-jump") && has_val)
			o->max_jump_ppb = atof(argv[++i]);
		else if (!strcmp(a, "--max-alarms") && has_val)
			o->max_alarms = atol(argv[++i]);
		else if (!strcmp(a, "--interval") && has_val)
			o->interval_s = atof(argv[++i]);
		else if (a[0] != '-' && !o->file)
			o->file = a;
		else
			return -1;
	}
	return o->file ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct row *rows;
	size_t n;
	struct ptpdk_servo_config cfg;
	struct ptpdk_servo *servo;
	struct ptpdk_servo_pd_diag dg = { 0 };
	struct hist h[HIST_N];
	size_t n_h = 0;
	int type, fail = 0;
	double c_rec = 0.0, c_new = 0.0, f_rec, f_new, max_dev = 0.0, max_jump = 0.0,
	       max_jump_t = 0.0, max_jump_rec = 0.0, max_jump_rec_t = 0.0, te_max = 0.0,
	       te_sum2 = 0.0, prev_out = NAN, prev_rec = NAN;
	unsigned te_n = 0, steps = 0;
	int64_t prev_t3 = 0;
	bool prev_locked = false, prev_locked_rec = false, e2e = false;

	if (parse_opts(argc, argv, &o) != 0) {
		usage();
		return 2;
	}
	type = ptpdk_servo_type_from_name(o.servo);
	if (type < 0 || read_rows(o.file, &rows, &n) != 0) {
		if (type < 0)
			fprintf(stderr, "servo-replay: unknown servo %s\n", o.servo);
		return 2;
	}
	/* config/lab-kernel.cfg as app/daemon/engine_config.c turns it into a servo config */
	ptpdk_servo_config_init(&cfg);
	cfg.first_step_threshold_ns = 20000.0;
	cfg.step_threshold_ns = 0.0;
	cfg.hw_timestamps = false;
	cfg.max_frequency_ppb = 900000000.0;
	cfg.initial_freq_ppb = rows[0].freq_ppb;
	servo = ptpdk_servo_create((enum ptpdk_servo_type)type, &cfg);
	if (!servo) {
		free(rows);
		return 2;
	}
	/* the engine sets the master's interval before the first sample */
	ptpdk_servo_set_interval(servo, o.interval_s > 0 ? o.interval_s : sync_interval(rows, n));
	f_rec = f_new = rows[0].freq_ppb;
	/* P2P runs record no t3/t4; the engine then passes the offset alone */
	for (size_t i = 0; i < n; i++)
		e2e |= rows[i].t3 != 0;
	if (!o.quiet)
		printf("%9s %8s %8s %12s %12s %2s %9s %6s %6s %10s %8s %8s %9s %9s %8s\n", "t_s",
		       "off_in", "ms_in", "freq_rec", "freq", "st", "step", "alarms", "reanch",
		       "y_ppb", "y_se", "scale", "te_rec", "te", "d_hat");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		struct ptpdk_servo_sample in = { 0 };
		struct ptpdk_servo_result res = { 0 };
		double t = r->mono_s - rows[0].mono_s, d2 = 0.0, d3 = 0.0, te;
		bool locked, locked_rec;

		if (i > 0) {
			double dt = (double)(r->t2 - rows[i - 1].t2) * 1e-9;

			c_rec += f_rec * dt;
			c_new += f_new * dt;
		}
		if (o.closed) {
			d2 = c_new - c_rec;
			if (r->t3 != 0)
				d3 = r->t3 >= r->t2 ? d2 : delta_at(h, n_h, r->t3);
		}
		in.offset_ns = r->offset_ns + llround(d2);
		in.local_ts_ns = (uint64_t)(r->t2 + llround(d2));
		in.path_delay_ns = r->delay_ns;
		in.have_ms = e2e;
		in.ms_ns = e2e ? r->offset_ns + r->delay_ns + llround(d2) : 0;
		if (e2e && r->t3 != 0 && r->t3 != prev_t3) {
			in.have_sm = true;
			in.sm_ns = r->t4 - r->t3 - llround(d3);
			in.sm_local_ts_ns = (uint64_t)(r->t3 + llround(d3));
		}
		prev_t3 = r->t3;
		ptpdk_servo_sample(servo, &in, &res);

		/* what the engine does with the result (apply_servo) */
		if (res.state == PTPDK_SERVO_JUMP) {
			c_new += (double)res.step_ns;
			steps++;
		}
		if (res.state != PTPDK_SERVO_UNLOCKED)
			f_new = res.freq_ppb;
		c_rec += (double)r->step_ns;
		f_rec = r->freq_ppb;
		te = r->te_ns + (o.closed ? c_new - c_rec : 0.0);

		/* frequency jumps between consecutive locked samples without a step */
		locked = res.state == PTPDK_SERVO_LOCKED || res.state == PTPDK_SERVO_LOCKED_STABLE;
		locked_rec =
			r->state == PTPDK_SERVO_LOCKED || r->state == PTPDK_SERVO_LOCKED_STABLE;
		if (t >= o.settled_s && locked && prev_locked &&
		    fabs(f_new - prev_out) > max_jump) {
			max_jump = fabs(f_new - prev_out);
			max_jump_t = t;
		}
		if (t >= o.settled_s && locked_rec && prev_locked_rec && r->step_ns == 0 &&
		    fabs(f_rec - prev_rec) > max_jump_rec) {
			max_jump_rec = fabs(f_rec - prev_rec);
			max_jump_rec_t = t;
		}
		prev_locked = locked;
		prev_locked_rec = locked_rec;
		prev_out = f_new;
		prev_rec = f_rec;
		if (!o.closed)
			max_dev = fmax(max_dev, fabs(f_new - f_rec));
		if (t >= o.settled_s && isfinite(te)) {
			te_max = fmax(te_max, fabs(te));
			te_sum2 += te * te;
			te_n++;
		}

		h[n_h % HIST_N] = (struct hist){ r->t2, c_rec, c_new, f_rec, f_new };
		n_h++;
		ptpdk_servo_pd_diag(servo, &dg);
		if (!o.quiet && t >= o.from_s && t <= o.to_s)
			printf("%9.3f %8" PRId64 " %8" PRId64 " %12.3f %12.3f %2d %9" PRId64
			       " %6u %6u %10.1f %8.1f %8.0f %9.1f %9.1f %8.0f\n",
			       t, in.offset_ns, in.ms_ns, r->freq_ppb, res.freq_ppb, (int)res.state,
			       res.step_ns, dg.drift_alarms, dg.reanchors, dg.y_ppb, dg.y_se_ppb,
			       dg.scale_ns, r->te_ns, te, dg.d_hat_ns);
	}
	printf("# %s, %s servo, %s loop: %zu samples, %u steps, %u drift alarms, %u re-anchors, "
	       "%u gaps, %u alarms refused\n",
	       o.file, o.servo, o.closed ? "closed" : "open", n, steps, dg.drift_alarms,
	       dg.reanchors, dg.gaps, dg.drift_alarms_refused);
	printf("# largest frequency change between locked samples from %.0f s: replayed %.0f ppb "
	       "at %.3f s, recorded %.0f ppb at %.3f s\n",
	       o.settled_s, max_jump, max_jump_t, max_jump_rec, max_jump_rec_t);
	if (o.closed && te_n)
		printf("# TE from %.0f s%s: rms %.0f ns, max |TE| %.0f ns\n", o.settled_s,
		       " (recorded TE with the replayed servo's corrections)", sqrt(te_sum2 / te_n),
		       te_max);
	if (!o.closed)
		printf("# largest |replayed - recorded| frequency: %.3f ppb\n", max_dev);
	if (!o.closed && o.expect_recorded_ppb >= 0 && max_dev > o.expect_recorded_ppb) {
		printf("# FAIL: the replay differs from the record by > %.3f ppb\n",
		       o.expect_recorded_ppb);
		fail = 1;
	}
	if (o.max_jump_ppb >= 0 && max_jump > o.max_jump_ppb) {
		printf("# FAIL: a frequency change of %.0f ppb > %.0f ppb\n", max_jump,
		       o.max_jump_ppb);
		fail = 1;
	}
	if (o.max_alarms >= 0 && dg.drift_alarms > (unsigned long)o.max_alarms) {
		printf("# FAIL: %u drift alarms > %ld\n", dg.drift_alarms, o.max_alarms);
		fail = 1;
	}
	ptpdk_servo_destroy(servo);
	free(rows);
	return fail;
}
