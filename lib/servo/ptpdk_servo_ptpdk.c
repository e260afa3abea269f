/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The "ptpdk" servo: estimate, then steer.
 *
 * Estimation works on the free-running phase p = offset - C, where C is the phase
 * our own frequency outputs have added since the epoch (we know them exactly, and
 * the caller applies each output until the next sample). p is the oscillator's
 * phase against the master: linear plus wander, whatever the servo does, so it can
 * be fitted over long windows without the control loop feeding back into the fit.
 *
 * Packet-delay variation adds mostly positive excursions to the offsets. Samples
 * are taken in blocks of about one second (at least 4 samples; about 8 s and at
 * least 2 samples from 1 s intervals on); each block gives
 * two points: a low quantile of its residuals (the "lucky packets": the minimum
 * of up to 19 samples, taken after the arrival gate has dropped early and
 * corrupted ones) and their mean.
 *
 * Given the one-way differences (E2E), the servo does this for each direction
 * separately and averages the two lucky points (and the two means), with equal
 * sample counts each way: the phase then carries neither the delay filter's
 * bias nor the other direction's jitter. Without them (P2P, older callers) it
 * works on the offsets alone, as described next. Least-squares lines are fitted over the last L
 * points of either series for a ladder of L, each scored by how well it predicted the next point;
 * the best (series, L) wins. So the servo picks the lucky-packet series when the noise is skewed
 * and the mean when it is symmetric, and a short window when the oscillator wanders or a long one
 * when it does not, without a model of either.
 *
 * The target is the mean offset, not the lucky one: the offsets come from a
 * path delay averaged (or median-filtered) over both directions, and steering
 * the lower envelope to zero would move the clock by the delay jitter. The low
 * quantile series is therefore shifted by a slowly averaged (mean - quantile)
 * gap: the envelope follows the phase with little noise and the gap, which only
 * changes with the network load, is averaged over a long time.
 *
 * Steering: freq = -slope - estimated offset now / tau, with tau a quarter of
 * the fitted window (at least one block), so the phase time constant follows
 * the sample rate and the window the selection settled on. The estimator does
 * not see the steering, so the loop is first order and cannot overshoot, and
 * clamping cannot wind anything up.
 *
 * Robustness: each sample is gated against the model (a robust scale of recent
 * residuals plus the fit's prediction error and the slope's uncertainty times
 * the time since the last point). Rejected samples do not reach the fit. About
 * half a second (at least 4 samples) of mostly rejected samples means the phase
 * really moved (new grandmaster, a time step, the end of a long holdover, a load
 * change): the model is re-anchored on their median and, if the step rules allow
 * and three quarters of them agree, the clock is stepped. A single outlier never
 * steps. The first step is decided on the robust fit of the s0 samples.
 *
 * Acquisition: s0 fits about a second of samples (at least 4) and decides the
 * first step, but its slope is only the start. From then on, and again after a
 * re-anchor, a gap or a drift alarm, the model is a robust line through the raw
 * samples (both directions in two-way mode), refitted at every sample; the slope
 * from before a step is pooled in as a prior (ptpdk_servo_linefit.h), as ptp4l's
 * s0 -> s1 keeps its first estimate. The block fit takes over once it has
 * PD_HANDOVER_PTS points and a slope error no larger than the raw fit's. Without
 * this, a 4-sample slope at 1 Hz with software stamps (off by ppm) was frozen
 * for tens of seconds and the clock ran away (S9).
 *
 * Drift: a two-sided CUSUM (ptpdk_servo_cusum.h) on the gated residuals, centred
 * on their running mean and in units of the gate's sigma, catches a model whose
 * slope is wrong within a few samples of consistent sign. The sums also fire on a
 * queueing episode (software stamps: one direction tens of us late for half a
 * second), so an alarm counts only when the residuals since it began have a
 * slope PD_DRIFT_K robust standard errors (MAD-based) from zero. Acquisition then
 * restarts from where the drift began, with the old slope as a prior whose error
 * is the drift found (the new slope moves by what the evidence shows) and the
 * old phase time constant as a floor (the alarm says nothing new about the
 * phase). Without this the lab's kernel-port run jumped by -75.7 ppm at 44.9 s
 * (tests/data/kernel-udp4-e2e-samples.csv, tests/tools/servo_replay.c).
 *
 * Limits: the steering is as good as the caller's promise to apply each output
 * at once; and with noise-free offsets the block granularity makes it lag a PI
 * by a few ns (2 ns RMS against 0.5 at 16 Hz in the simulator).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_servo_cusum.h"
#include "ptpdk_servo_linefit.h"
#include "ptpdk_servo_private.h"

#define PD_ACQ_MAX   128 /* samples for the first frequency estimate */
#define PD_BLOCK_MAX 32	 /* samples per block */
#define PD_PTS_MAX   128 /* block points kept for the fits */
#define PD_RUN_MAX   64	 /* outliers that confirm a phase change */
#define PD_RUN_MIN   4
#define PD_RAW_MAX   128 /* raw samples kept for (re-)acquisition fits */
/* Block points the block fit needs before it may take over from the raw fit. */
#ifndef PD_HANDOVER_PTS
#define PD_HANDOVER_PTS 6
#endif
/* Shortest phase time constant of the raw fit, in sample intervals. */
#define PD_ACQ_TAU_SAMPLES 4.0
/* Raw fit outlier cut, robust sigmas. */
#define PD_ACQ_K 5.0
/* CUSUM on standardised residuals: allowance, threshold, clip (sigmas), and the
 * length (samples) of the running mean the residuals are centred on. */
#ifndef PD_CUSUM_K
#define PD_CUSUM_K 1.0
#endif
#ifndef PD_CUSUM_H
#define PD_CUSUM_H 12.0
#endif
#define PD_CUSUM_CLIP 4.0
#define PD_RES_MEAN_N 64.0
/* A CUSUM alarm is a drift only when the residuals since it began have a slope this
 * many standard errors from zero, the error taken from their own robust spread. */
#ifndef PD_DRIFT_K
#define PD_DRIFT_K 4.0
#endif
#ifndef PD_Q_DIV
#define PD_Q_DIV 100
#endif
/* Floor of the phase time constant, in blocks: below a block the phase estimate
 * only changes at block ends. */
#define PD_TAU_BLOCKS 1.0
/* Shortest phase time constant, s, for offsets far above the noise. */
#define PD_TAU_FAST_S 0.5

/* Gate on residuals from the mean target, in robust sigmas. The upper side is
 * wider because queueing makes long positive tails legitimate. */
#define PD_K_LO 5.0
#define PD_K_HI 8.0
/* Floor of the noise scale, ns: with exact timestamps the scale tends to 0 and
 * every rounding would be an outlier. */
#define PD_SCALE_FLOOR 5.0
/* Averaging lengths: noise scale (samples), prediction scores and the
 * quantile-to-mean gap (blocks). */
#define PD_SCALE_N 128.0
#define PD_ERR_N   64.0
#define PD_BIAS_N  64.0
/* after a phase move, the delay's learning weight restarts from this many blocks */
#define PD_DH_RELEARN 8.0
/* 1.4826 * MAD and 1.2533 * mean |x| estimate sigma for normal noise. */
#define PD_MAD_SIGMA  1.4826
#define PD_MABS_SIGMA 1.2533

enum { PD_SER_Q, PD_SER_M, PD_NSER };

static const unsigned pd_cand[] = { 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128 };
#define PD_NCAND (sizeof(pd_cand) / sizeof(pd_cand[0]))

struct pd_point {
	double t;
	double v[PD_NSER];
};

struct pd_fit {
	double tm, a, y, rss, sxx, span;
};

struct servo_pd {
	struct ptpdk_servo base;
	unsigned block_len, acq_len, confirm_len;

	/* time base: t in s since epoch_ns; corr = C in ns */
	bool have_epoch, restart;
	uint64_t epoch_ns;
	double t_last, t_prev, corr, freq_out;

	/* s0: first frequency estimate */
	bool acquired;
	unsigned n_acq;
	double acq_t[PD_ACQ_MAX], acq_p[PD_ACQ_MAX];

	/* the model: p(t) = a + y (t - tm) on series sel (mean target adds bias_q for Q) */
	bool anchored;
	double a, y, tm, y_se, fit_var, tau;
	int sel_ser; /* -1: no scored fit yet */
	unsigned sel_len;

	unsigned blk_total, blk_n;
	double blk_t[PD_BLOCK_MAX], blk_p[PD_BLOCK_MAX];

	struct pd_point pts[PD_PTS_MAX];
	unsigned pts_head, n_pts;
	double err[PD_NSER][PD_NCAND];
	bool err_ok[PD_NSER][PD_NCAND];

	double scale, bias_q;
	unsigned n_bias;

	/* Two-way mode (one-way differences supplied): forward samples are ms - C - d_hat,
	 * reverse ones -sm - C + d_hat, both the phase plus one direction's jitter with
	 * opposite signs; their lucky packets average to the phase with neither the
	 * delay filter's bias nor the other direction's jitter in it. */
	bool two_way, d_hat_ok;
	double d_hat, m_gap;
	unsigned n_dh;
	unsigned rev_n;
	double rev_t[PD_BLOCK_MAX], rev_p[PD_BLOCK_MAX];

	/*
	 * Raw phase samples (both directions in two-way mode), newest last in a ring.
	 * While acq_on, the model is the robust line through those taken from acq_from_t
	 * on, its slope pooled with acq_prior: this is the frequency estimate of the
	 * first tens of seconds, refined with every sample, until the block fit has
	 * enough points to be better (PD_HANDOVER_PTS).
	 */
	unsigned raw_n, raw_head;
	double raw_t[PD_RAW_MAX], raw_p[PD_RAW_MAX];
	bool acq_on;
	double acq_from_t, acq_y_se;
	struct pd_slope_prior acq_prior;
	struct pd_linefit acq_fit;
	bool acq_fit_ok;

	/* Drift detector on the prediction residuals, centred on their running mean. */
	struct pd_cusum cusum;
	double res_mean;
	unsigned n_res;
	/* Phase time constant in force when a drift alarm restarted acquisition: the
	 * alarm is about the slope, so the new fit's phase is steered no faster. */
	double acq_tau_min;

	/* Recent outliers (a ring) and a leaky count of them: +1 per outlier, -1/2 per
	 * inlier, so a shift that leaves a few samples inside the gate still confirms. */
	double run_level;
	unsigned run_n, run_head;
	double run_t[PD_RUN_MAX], run_p[PD_RUN_MAX];

	/* What happened, for ptpdk_servo_pd_diag(). */
	unsigned n_alarms, n_alarms_refused, n_reanchors, n_gaps;
};

static struct servo_pd *to_pd(struct ptpdk_servo *servo)
{
	return (struct servo_pd *)servo;
}

static const struct servo_pd *to_cpd(const struct ptpdk_servo *servo)
{
	return (const struct servo_pd *)servo;
}

static unsigned clampu(long v, unsigned lo, unsigned hi)
{
	return v < (long)lo ? lo : v > (long)hi ? hi : (unsigned)v;
}

static void pd_sizes(struct servo_pd *pd, double interval_s)
{
	/* Blocks of about a second, at least 4 samples to choose from; from 1 s
	 * intervals on, about 8 s but at least 2 samples: the lucky packet of 8
	 * beats that of 4 by more than a 1 ppb/sqrt(s) oscillator wanders in 8 s
	 * (S2 in ptpdk-sim: 146 against 156 ns RMS), while with 16 s between samples
	 * longer blocks would let it move within a block. The first estimate takes
	 * a second, at least 4 samples; with hardware stamps three quarters of one:
	 * with a full second the first step came at 2.0 s at 16 Hz, a second after
	 * ptp4l's PI (1.1 s), and the simulator's time to settle was a second longer
	 * than pi's on S1 and S3-S7. Software stamps' noise needs the full second:
	 * with less, S10's runs saw false drift alarms (Sync-to-Sync frequency
	 * changes of 10.7 ppm long after settling, against 2.6 ppm). */
	long per_s = lround(fmin(1.0 / interval_s, 1e6));

	if (interval_s >= 1.0)
		pd->block_len = clampu(lround(8.0 / interval_s), 2, PD_BLOCK_MAX);
	else
		pd->block_len = clampu(per_s, 4, PD_BLOCK_MAX);
	pd->acq_len = clampu(pd->base.cfg.hw_timestamps ? per_s * 3 / 4 : per_s, 4, PD_ACQ_MAX);
	/* A phase change is confirmed by about half a second of outliers, at least
	 * PD_RUN_MIN samples: one congested burst at 128 Hz is not a new phase. */
	pd->confirm_len = clampu(lround(fmin(0.5 / interval_s, 1e6)), PD_RUN_MIN, PD_RUN_MAX);
}

static double pd_tau_min(const struct servo_pd *pd)
{
	return PD_TAU_BLOCKS * pd->block_len * pd->base.cfg.sync_interval_s;
}

static double pd_line(const struct servo_pd *pd, double t)
{
	return pd->a + pd->y * (t - pd->tm);
}

static double pd_mean_off(const struct servo_pd *pd)
{
	return !pd->two_way && pd->sel_ser == PD_SER_Q ? pd->bias_q : 0.0;
}

static double pd_time(const struct servo_pd *pd, uint64_t ts)
{
	return (double)(int64_t)(ts - pd->epoch_ns) * 1e-9;
}

static struct pd_point *pd_pt(struct servo_pd *pd, unsigned back)
{
	return &pd->pts[(pd->pts_head + PD_PTS_MAX - 1 - back) % PD_PTS_MAX];
}

static const struct pd_point *pd_cpt(const struct servo_pd *pd, unsigned back)
{
	return &pd->pts[(pd->pts_head + PD_PTS_MAX - 1 - back) % PD_PTS_MAX];
}

static void pd_clear_points(struct servo_pd *pd)
{
	/* Without a scored fit the line is on the mean target: move it there. */
	pd->a += pd_mean_off(pd);
	pd->n_pts = 0;
	pd->pts_head = 0;
	memset(pd->err_ok, 0, sizeof(pd->err_ok));
	pd->sel_ser = -1;
	pd->fit_var = 0.0;
	pd->tau = pd_tau_min(pd);
}

static void pd_clear_run(struct servo_pd *pd)
{
	pd->run_level = 0.0;
	pd->run_n = 0;
	pd->run_head = 0;
}

static void pd_clear_block(struct servo_pd *pd)
{
	pd->blk_total = 0;
	pd->blk_n = 0;
	pd->rev_n = 0;
}

static void pd_raw_push(struct servo_pd *pd, double t, double p)
{
	unsigned i = (pd->raw_head + pd->raw_n) % PD_RAW_MAX;

	if (pd->raw_n == PD_RAW_MAX) {
		pd->raw_head = (pd->raw_head + 1) % PD_RAW_MAX;
		pd->raw_n--;
	}
	pd->raw_t[i] = t;
	pd->raw_p[i] = p;
	pd->raw_n++;
}

static void pd_clear_drift(struct servo_pd *pd)
{
	pd_cusum_clear(&pd->cusum);
	pd->res_mean = 0.0;
	pd->n_res = 0;
}

/* The slope the model stands for now, as a prior for a new fit. */
static struct pd_slope_prior pd_prior_now(const struct servo_pd *pd)
{
	struct pd_slope_prior pr;

	if (pd->acq_on && pd->acq_fit_ok) {
		pr.sxx = pd->acq_prior.sxx + pd->acq_fit.sxx;
		pr.sxy = pd->acq_prior.sxy + pd->acq_fit.sxy;
		return pr;
	}
	return pd_slope_prior_from(pd->y, pd->y_se, pd->scale);
}

/*
 * (Re-)acquire the frequency from the raw samples taken at @p from_t or later
 * (at least the newest PD_RUN_MIN), with @p prior's slope (NULL: none). The block
 * fit starts afresh and takes over once it has earned it.
 */
static void pd_acq_start(struct servo_pd *pd, double from_t, const struct pd_slope_prior *prior)
{
	unsigned n = 0;

	for (unsigned i = 0; i < pd->raw_n; i++)
		n += pd->raw_t[(pd->raw_head + i) % PD_RAW_MAX] >= from_t;
	if (n < PD_RUN_MIN && pd->raw_n > n) {
		unsigned back = pd->raw_n < PD_RUN_MIN ? pd->raw_n : PD_RUN_MIN;

		from_t = fmin(from_t, pd->raw_t[(pd->raw_head + pd->raw_n - back) % PD_RAW_MAX]);
	}
	pd->acq_on = true;
	pd->acq_from_t = from_t;
	pd->acq_prior = prior ? *prior : (struct pd_slope_prior){ 0.0, 0.0 };
	pd->acq_fit_ok = false;
	pd->acq_y_se = HUGE_VAL;
	pd->acq_tau_min = 0.0;
	pd_clear_drift(pd);
}

/* Fit the raw samples of the acquisition and make that line the model. */
static void pd_acq_update(struct servo_pd *pd, double t)
{
	double ts[PD_RAW_MAX], ps[PD_RAW_MAX], since;
	unsigned n = 0;
	struct pd_linefit f;
	bool has_prior = pd->acq_prior.sxx > 0.0;

	for (unsigned i = 0; i < pd->raw_n; i++) {
		unsigned k = (pd->raw_head + i) % PD_RAW_MAX;

		if (pd->raw_t[k] >= pd->acq_from_t) {
			ts[n] = pd->raw_t[k];
			ps[n] = pd->raw_p[k];
			n++;
		}
	}
	/* Fewer samples than it takes to see an outlier: keep the model as it is. */
	if (n < PD_RUN_MIN)
		return;
	if (!pd_linefit_robust(ts, ps, n, has_prior ? &pd->acq_prior : NULL, PD_ACQ_K,
			       PD_SCALE_FLOOR, &f) ||
	    !isfinite(f.y) || !isfinite(f.a))
		return;
	pd->acq_fit = f;
	pd->acq_fit_ok = true;
	pd->acq_y_se = f.y_se;
	pd->a = f.a;
	pd->tm = f.tm;
	pd->y = f.y;
	pd->y_se = isfinite(f.y_se) ? f.y_se : pd->base.cfg.max_frequency_ppb;
	since = t - f.tm;
	pd->fit_var = f.sigma * f.sigma / f.kept + pd->y_se * pd->y_se * since * since;
	pd->tau = fmax(fmax(0.25 * f.span, PD_ACQ_TAU_SAMPLES * pd->base.cfg.sync_interval_s),
		       pd->acq_tau_min);
}

/* Least squares over the newest n points of series ser. */
static bool pd_fit(const struct servo_pd *pd, unsigned ser, unsigned n, struct pd_fit *f)
{
	double st = 0.0, sv = 0.0, sxy = 0.0;

	f->sxx = 0.0;
	f->rss = 0.0;
	for (unsigned i = 0; i < n; i++) {
		st += pd_cpt(pd, i)->t;
		sv += pd_cpt(pd, i)->v[ser];
	}
	f->tm = st / n;
	f->a = sv / n;
	for (unsigned i = 0; i < n; i++) {
		double dt = pd_cpt(pd, i)->t - f->tm;

		f->sxx += dt * dt;
		sxy += dt * (pd_cpt(pd, i)->v[ser] - f->a);
	}
	if (!(f->sxx > 0.0))
		return false;
	f->y = sxy / f->sxx;
	for (unsigned i = 0; i < n; i++) {
		const struct pd_point *q = pd_cpt(pd, i);
		double r = q->v[ser] - f->a - f->y * (q->t - f->tm);

		f->rss += r * r;
	}
	f->span = pd_cpt(pd, 0)->t - pd_cpt(pd, n - 1)->t;
	return true;
}

/* Offset we estimate for now, on the mean target. */
static double pd_offset_now(const struct servo_pd *pd, double t)
{
	return pd_line(pd, t) + pd_mean_off(pd) + pd->corr;
}

static double pd_gate_sigma(const struct servo_pd *pd, double t)
{
	double since = t - (pd->n_pts ? pd_cpt(pd, 0)->t : pd->tm);

	return sqrt(pd->scale * pd->scale + pd->fit_var + pd->y_se * pd->y_se * since * since);
}

static void pd_output(struct servo_pd *pd, double t, struct ptpdk_servo_result *out)
{
	double off = pd_offset_now(pd, t);
	double tau = pd->tau, big = PD_K_HI * pd_gate_sigma(pd, t);

	/* tau is long to average noise away; an offset far above the noise (after a
	 * time step of the master, with stepping off) is no noise, so remove it
	 * faster, down to PD_TAU_FAST_S. Continuous in |off|: no limit cycle. */
	if (fabs(off) > big)
		tau = fmax(tau * big / fabs(off),
			   fmin(tau, fmax(PD_TAU_FAST_S, 4.0 * pd->base.cfg.sync_interval_s)));
	pd->freq_out = ptpdk_servo_clamp(&pd->base, -pd->y - off / tau, &out->clamped);
	out->freq_ppb = pd->freq_out;
	out->state = ptpdk_servo_locked_state(&pd->base, fabs(off));
}

static void pd_jump(struct servo_pd *pd, double off, struct ptpdk_servo_result *out)
{
	struct pd_slope_prior prior = pd_prior_now(pd);

	/* The offsets came from int64 samples, but a wild slope could push the estimate
	 * out of range; a step that large is no use anyway. */
	off = fmax(fmin(off, 9.2e18), -9.2e18);
	out->state = PTPDK_SERVO_JUMP;
	out->step_ns = -llround(off);

	pd->freq_out = ptpdk_servo_clamp(&pd->base, -pd->y, &out->clamped);
	out->freq_ppb = pd->freq_out;
	pd->base.state = PTPDK_SERVO_JUMP;
	pd->base.stable_count = 0;
	/* Timestamps before the step are on another time scale: start a new epoch
	 * with the next sample, keeping the frequency and the noise statistics. */
	pd->restart = true;
	pd->anchored = false;
	pd_clear_run(pd);
	pd_clear_points(pd);
	pd_clear_block(pd);
	/* The samples before the step are on the old time scale, but their slope holds:
	 * acquisition goes on after the step with it as the prior. */
	pd->raw_n = 0;
	pd->raw_head = 0;
	pd_acq_start(pd, 0.0, &prior);
}

/*
 * The median of r[0..n) and the median absolute deviation about it (returned in
 * @p mad), r unchanged: the robust centre and spread every outlier filter here
 * starts from. n <= PD_ACQ_MAX, the largest of the sample sets.
 */
static double pd_median_mad(const double *r, unsigned n, double *mad)
{
	double tmp[PD_ACQ_MAX], med;

	for (unsigned i = 0; i < n; i++)
		tmp[i] = r[i];
	med = ptpdk_servo_median(tmp, n);
	for (unsigned i = 0; i < n; i++)
		tmp[i] = fabs(r[i] - med);
	*mad = ptpdk_servo_median(tmp, n);
	return med;
}

/* Least squares over the acquisition samples with keep[i] set. */
static void pd_acq_fit(const struct servo_pd *pd, const bool *keep, struct pd_fit *f)
{
	double st = 0.0, sp = 0.0, sxy = 0.0;
	unsigned m = 0;

	for (unsigned i = 0; i < pd->n_acq; i++)
		if (keep[i]) {
			st += pd->acq_t[i];
			sp += pd->acq_p[i];
			m++;
		}
	f->tm = st / m;
	f->a = sp / m;
	f->sxx = 0.0;
	f->rss = 0.0;
	for (unsigned i = 0; i < pd->n_acq; i++)
		if (keep[i]) {
			f->sxx += (pd->acq_t[i] - f->tm) * (pd->acq_t[i] - f->tm);
			sxy += (pd->acq_t[i] - f->tm) * (pd->acq_p[i] - f->a);
		}
	f->y = f->sxx > 0.0 ? sxy / f->sxx : 0.0;
	for (unsigned i = 0; i < pd->n_acq; i++)
		if (keep[i]) {
			double r = pd->acq_p[i] - f->a - f->y * (pd->acq_t[i] - f->tm);

			f->rss += r * r;
		}
}

/* Robust line through the acquisition samples: fit, drop gross outliers, refit. */
static int pd_acquire(struct servo_pd *pd, double t, double p, struct ptpdk_servo_result *out)
{
	const struct ptpdk_servo_config *c = &pd->base.cfg;
	double r[PD_ACQ_MAX] = { 0 }, med, mad, lim, off;
	bool keep[PD_ACQ_MAX] = { false };
	unsigned n, m = 0;
	struct pd_fit f;

	pd->acq_t[pd->n_acq] = t;
	pd->acq_p[pd->n_acq] = p;
	pd_raw_push(pd, t, p);
	n = ++pd->n_acq;
	if (n < pd->acq_len) {
		pd->base.state = PTPDK_SERVO_UNLOCKED;
		out->state = PTPDK_SERVO_UNLOCKED;
		pd->freq_out = ptpdk_servo_clamp(&pd->base, pd->freq_out, &out->clamped);
		out->freq_ppb = pd->freq_out;
		return 0;
	}

	for (unsigned i = 0; i < n; i++)
		keep[i] = true;
	pd_acq_fit(pd, keep, &f);
	for (unsigned i = 0; i < n; i++)
		r[i] = pd->acq_p[i] - f.a - f.y * (pd->acq_t[i] - f.tm);
	med = pd_median_mad(r, n, &mad);
	lim = PD_K_HI * fmax(PD_MAD_SIGMA * mad, PD_SCALE_FLOOR);
	for (unsigned i = 0; i < n; i++) {
		keep[i] = fabs(r[i] - med) <= lim;
		m += keep[i];
	}
	/* Refit without the gross outliers, unless so many go that the MAD, not the
	 * samples, is wrong. */
	if (m < n / 2 + 1) {
		for (unsigned i = 0; i < n; i++)
			keep[i] = true;
		m = n;
	}
	if (m < n)
		pd_acq_fit(pd, keep, &f);

	pd->n_acq = 0;
	pd->acquired = true;
	pd->y = f.y;
	pd->tm = f.tm;
	pd->a = f.a;
	pd->y_se =
		m > 2 && f.sxx > 0.0 ? sqrt(f.rss / (double)(m - 2) / f.sxx) : c->max_frequency_ppb;
	pd->scale = fmax(PD_MAD_SIGMA * mad, PD_SCALE_FLOOR);
	pd_clear_points(pd);
	pd_clear_block(pd);
	/* s0 is only the start: the raw fit keeps refining this estimate. */
	pd_acq_start(pd, 0.0, NULL);

	off = pd_offset_now(pd, t);
	if (c->first_step_threshold_ns > 0.0 && fabs(off) > c->first_step_threshold_ns) {
		pd_jump(pd, off, out);
		return 0;
	}
	pd->anchored = true;
	pd_output(pd, t, out);
	return 0;
}

/* Score every window length on how it predicts the new point, before adding it. */
static void pd_score(struct servo_pd *pd, const struct pd_point *np)
{
	for (unsigned ser = 0; ser < PD_NSER; ser++) {
		for (unsigned ci = 0; ci < PD_NCAND && pd_cand[ci] <= pd->n_pts; ci++) {
			struct pd_fit f;
			double e;

			if (!pd_fit(pd, ser, pd_cand[ci], &f))
				continue;
			e = np->v[ser] - f.a - f.y * (np->t - f.tm);
			e *= e;
			if (!pd->err_ok[ser][ci]) {
				/* A longer window joins with its shorter neighbour's score, so
				 * it has to earn its place. */
				pd->err[ser][ci] = ci > 0 && pd->err_ok[ser][ci - 1]
							   ? pd->err[ser][ci - 1]
							   : e;
				pd->err_ok[ser][ci] = true;
			} else {
				pd->err[ser][ci] += (e - pd->err[ser][ci]) / PD_ERR_N;
			}
		}
	}
}

static void pd_select(struct servo_pd *pd)
{
	int bs = -1;
	unsigned bc = 0;
	struct pd_fit f;

	for (unsigned ser = 0; ser < PD_NSER; ser++)
		for (unsigned ci = 0; ci < PD_NCAND && pd_cand[ci] <= pd->n_pts; ci++)
			if (pd->err_ok[ser][ci] && (bs < 0 || pd->err[ser][ci] < pd->err[bs][bc])) {
				bs = (int)ser;
				bc = ci;
			}

	if (bs >= 0 && pd_fit(pd, (unsigned)bs, pd_cand[bc], &f)) {
		pd->sel_ser = bs;
		pd->sel_len = pd_cand[bc];
		pd->a = f.a;
		pd->tm = f.tm;
		pd->y = f.y;
		pd->y_se = sqrt(f.rss / (double)(pd_cand[bc] - 2) / f.sxx);
		pd->fit_var = pd->err[bs][bc];
		pd->tau = fmax(0.25 * f.span, pd_tau_min(pd));
		return;
	}
	/* Too few points to fit a slope: keep the slope, place the phase on the mean
	 * points we have. */
	if (pd->n_pts > 0) {
		double s = 0.0, tl = pd_pt(pd, 0)->t;

		for (unsigned i = 0; i < pd->n_pts; i++)
			s += pd_pt(pd, i)->v[PD_SER_M] - pd->y * (pd_pt(pd, i)->t - tl);
		pd->a = s / pd->n_pts;
		pd->tm = tl;
	}
	pd->sel_ser = -1;
	pd->fit_var = 0.0;
	pd->tau = pd_tau_min(pd);
}

/*
 * The reverse samples' lucky quantile and mean, residuals from the line, after
 * dropping those far from their median. @return false when there are none.
 */
static bool pd_reverse_points(const struct servo_pd *pd, unsigned max_n, double *rq, double *rm)
{
	double r[PD_BLOCK_MAX], s[PD_BLOCK_MAX], med, mad, lim, sum = 0.0;
	unsigned n = pd->rev_n < max_n ? pd->rev_n : max_n, k = 0;

	if (n == 0)
		return false;
	for (unsigned i = 0; i < n; i++)
		r[i] = pd->rev_p[i] - pd_line(pd, pd->rev_t[i]);
	med = pd_median_mad(r, n, &mad);
	lim = n >= 3 ? PD_K_HI * fmax(PD_MAD_SIGMA * mad, pd->scale) : HUGE_VAL;
	for (unsigned i = 0; i < n; i++)
		if (fabs(r[i] - med) <= lim) {
			s[k++] = r[i];
			sum += r[i];
		}
	ptpdk_servo_sort(s, k);
	/* the reverse direction's jitter is negative here: its lucky packets are high */
	*rq = s[k - 1 - k / PD_Q_DIV];
	*rm = sum / k;
	return true;
}

/* Fold the reverse direction into a block's points (two-way mode). */
static void pd_two_way_points(struct servo_pd *pd, const double *fwd, unsigned k, double base,
			      struct pd_point *np)
{
	double rq_rev, rm_rev, rq, rm, sorted[PD_BLOCK_MAX], sum = 0.0;
	unsigned m;

	/* equal counts each way (the forward residuals in arrival order) */
	m = pd->rev_n && pd->rev_n < k ? pd->rev_n : k;
	for (unsigned i = 0; i < m; i++) {
		sorted[i] = fwd[i];
		sum += fwd[i];
	}
	ptpdk_servo_sort(sorted, m);
	rq = sorted[m / PD_Q_DIV];
	rm = sum / m;
	if (!pd_reverse_points(pd, m, &rq_rev, &rm_rev)) {
		/* No reverse sample in this block: d_hat centres the lucky forward
		 * packets on the phase already; the mean needs its learned gap. */
		np->v[PD_SER_Q] = base + rq;
		np->v[PD_SER_M] = base + rm - pd->m_gap;
		return;
	}
	np->v[PD_SER_Q] = base + 0.5 * (rq + rq_rev);
	np->v[PD_SER_M] = base + 0.5 * (rm + rm_rev);
	pd->n_dh++;
	pd->d_hat += 0.5 * (rq - rq_rev) / fmin((double)pd->n_dh, PD_BIAS_N);
	pd->m_gap += (0.5 * (rm - rm_rev) - pd->m_gap) / fmin((double)pd->n_dh, PD_BIAS_N);
}

static void pd_block_done(struct servo_pd *pd)
{
	double r[PD_BLOCK_MAX], s[PD_BLOCK_MAX];
	double tsum = 0.0, msum = 0.0, tb, base, rq, rm, med, lim;
	unsigned n = pd->blk_n, k = 0;
	struct pd_point np;

	if (n == 0) {
		pd_clear_block(pd);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		r[i] = pd->blk_p[i] - pd_line(pd, pd->blk_t[i]);
	/* Samples were gated on arrival once anchored; the first block after a step is
	 * filtered here, on its own median and spread. */
	lim = HUGE_VAL;
	med = 0.0;
	if (!pd->anchored && n >= 3) {
		double mad;

		med = pd_median_mad(r, n, &mad);
		lim = PD_K_HI * fmax(PD_MAD_SIGMA * mad, pd->scale);
	}
	for (unsigned i = 0; i < n; i++) {
		if (fabs(r[i] - med) > lim)
			continue;
		s[k++] = r[i];
		tsum += pd->blk_t[i];
		msum += r[i];
	}
	if (k == 0) {
		pd_clear_block(pd);
		return;
	}
	tb = tsum / k;
	base = pd_line(pd, tb);
	np.t = tb;
	if (pd->two_way) {
		pd_two_way_points(pd, s, k, base, &np);
	} else {
		ptpdk_servo_sort(s, k);
		rq = s[k / 10];
		rm = msum / k;
		np.v[PD_SER_Q] = base + rq;
		np.v[PD_SER_M] = base + rm;
		pd->n_bias++;
		pd->bias_q += (rm - rq - pd->bias_q) / fmin((double)pd->n_bias, PD_BIAS_N);
	}
	pd_clear_block(pd);

	pd_score(pd, &np);
	pd->pts[pd->pts_head] = np;
	pd->pts_head = (pd->pts_head + 1) % PD_PTS_MAX;
	if (pd->n_pts < PD_PTS_MAX)
		pd->n_pts++;
	pd_select(pd);
	pd->anchored = true;
}

/* A run of outliers agrees on a new phase: move the model there, maybe step. */
static bool pd_reanchor(struct servo_pd *pd, double t, struct ptpdk_servo_result *out)
{
	const struct ptpdk_servo_config *c = &pd->base.cfg;
	double q[PD_RUN_MAX], med, mad, off;
	unsigned n = pd->run_n, agree = 0;
	struct pd_slope_prior prior;

	for (unsigned i = 0; i < n; i++) {
		unsigned k = (pd->run_head + i) % PD_RUN_MAX;

		q[i] = pd->run_p[k] - pd->y * (pd->run_t[k] - t);
	}
	med = pd_median_mad(q, n, &mad);
	prior = pd_prior_now(pd);
	pd->n_reanchors++;
	pd->scale = fmax(PD_MAD_SIGMA * mad, PD_SCALE_FLOOR);
	pd->a = med;
	pd->tm = t;
	/* The phase moved; the slope may not have: re-acquire from the run's samples
	 * with it as the prior (the drift detector drops it if it is wrong too). */
	pd_acq_start(pd, pd->run_t[pd->run_head], &prior);
	/*
	 * The lucky packets' delay does not move with the phase. Keep it, but let the
	 * blocks move it fast in case the path changed too: starting again from the
	 * caller's delay would take in its median's bias (the queueing's median, not
	 * its minimum) and any late request behind it, and the blocks' slow learning
	 * would keep that for hundreds of blocks (tests/unit/test_servo_two_way.c).
	 * A new master is a reset.
	 */
	pd->n_dh = (unsigned)fmin((double)pd->n_dh, PD_DH_RELEARN);
	pd_clear_run(pd);
	pd_clear_points(pd);
	pd_clear_block(pd);
	pd->anchored = true;

	off = med + pd->corr;
	if (c->step_threshold_ns > 0.0 && fabs(off) > c->step_threshold_ns) {
		for (unsigned i = 0; i < n; i++) {
			double o = q[i] + pd->corr;

			agree += fabs(o) > c->step_threshold_ns && (o > 0) == (off > 0);
		}
		if (4 * agree >= 3 * n) {
			pd_jump(pd, off, out);
			return true;
		}
	}
	return false;
}

/*
 * In two-way mode a block waits (up to twice its length) for as many reverse
 * samples as forward ones: the lucky packet of fewer samples is less lucky, and
 * unequal counts would turn that into a phase bias.
 */
static bool pd_block_full(const struct servo_pd *pd)
{
	if (pd->blk_n == PD_BLOCK_MAX || pd->rev_n == PD_BLOCK_MAX)
		return true;
	if (pd->blk_total < pd->block_len)
		return false;
	return !pd->two_way || pd->rev_n >= pd->block_len || pd->blk_total >= 2 * pd->block_len;
}

/*
 * The slope of the raw samples' residuals from the model since @p since (ns/s), and
 * its standard error from their robust spread (1.4826 x MAD about their own line,
 * at least the noise floor): heavy-tailed delays would make a least-squares error
 * too small on one side and too large on the other. @return true when the slope
 * is PD_DRIFT_K standard errors from zero, i.e. the samples show a drift.
 */
static bool pd_drift_slope(const struct servo_pd *pd, double since, double *dy, double *dy_se)
{
	double t[PD_RAW_MAX], r[PD_RAW_MAX], tm = 0.0, rm = 0.0, sxx = 0.0, sxy = 0.0, mad;
	unsigned n = 0;

	for (unsigned i = 0; i < pd->raw_n; i++) {
		unsigned k = (pd->raw_head + i) % PD_RAW_MAX;

		if (pd->raw_t[k] < since)
			continue;
		t[n] = pd->raw_t[k];
		r[n] = pd->raw_p[k] - pd_line(pd, t[n]);
		tm += t[n];
		rm += r[n];
		n++;
	}
	if (n < PD_RUN_MIN)
		return false;
	tm /= n;
	rm /= n;
	for (unsigned i = 0; i < n; i++) {
		sxx += (t[i] - tm) * (t[i] - tm);
		sxy += (t[i] - tm) * (r[i] - rm);
	}
	if (!(sxx > 0.0))
		return false;
	*dy = sxy / sxx;
	for (unsigned i = 0; i < n; i++)
		r[i] -= rm + *dy * (t[i] - tm);
	pd_median_mad(r, n, &mad);
	*dy_se = fmax(PD_MAD_SIGMA * mad, PD_SCALE_FLOOR) / sqrt(sxx);
	return fabs(*dy) > PD_DRIFT_K * *dy_se;
}

/*
 * Feed the drift detector with the residual @p g (gate scale @p sigma), centred on
 * the residuals' running mean: in two-way mode the forward samples sit above the
 * lucky-packet line by their mean queueing delay. @return true when it found a
 * drift and acquisition restarted from where the drift began.
 */
static bool pd_drift(struct servo_pd *pd, double t, double g, double sigma)
{
	double clip = PD_CUSUM_CLIP * sigma, since, dy, dy_se, tau;
	struct pd_slope_prior prior;

	if (pd->n_res == 0)
		pd->res_mean = g;
	if (pd->n_res < PD_RES_MEAN_N)
		pd->n_res++;
	pd->res_mean += (fmax(fmin(g, pd->res_mean + clip), pd->res_mean - clip) - pd->res_mean) /
			(double)pd->n_res;
	if (!pd_cusum_add(&pd->cusum, t, (g - pd->res_mean) / sigma, &since))
		return false;
	/*
	 * The sums only say that the residuals stayed on one side for a while. Software
	 * stamps do that without any slope error: a queueing episode delays one
	 * direction by tens of us for half a second (16 samples at 16 Hz; the lab's
	 * run at 44.9 s). A wrong slope leaves a trend instead: test it against the
	 * residuals' own spread, or the new fit would chase the episode.
	 */
	if (!pd_drift_slope(pd, since, &dy, &dy_se)) {
		pd->n_alarms_refused++;
		return false;
	}
	/* The model predicts a phase the samples have consistently left: its slope is
	 * wrong (a bad first estimate, a frequency step). Fit only what came since, with
	 * the old slope as a prior worth no more than the evidence against it: the new
	 * slope moves by what the samples show, and no further on a few noisy ones. */
	pd->n_alarms++;
	tau = pd->tau;
	prior = pd_slope_prior_from(pd->y, hypot(pd->y_se, fabs(dy)), pd->scale);
	pd_acq_start(pd, since, &prior);
	pd->acq_tau_min = tau;
	pd_clear_points(pd);
	pd_clear_block(pd);
	return true;
}

static int pd_track(struct servo_pd *pd, double t, double p, struct ptpdk_servo_result *out)
{
	double blk_dur = pd->block_len * pd->base.cfg.sync_interval_s;
	double g, sigma;
	bool outlier = false, blk_done = false;

	pd_raw_push(pd, t, p);
	/* After a gap (holdover, lost packets) the old points describe a phase that has
	 * wandered: fit afresh, keeping the line (and its slope) as the prior. */
	if (t - pd->t_prev > 4.0 * blk_dur) {
		struct pd_slope_prior prior = pd_prior_now(pd);

		pd->n_gaps++;
		pd_clear_points(pd);
		pd_clear_block(pd);
		pd_clear_run(pd);
		pd_acq_start(pd, t, &prior);
	}
	pd->t_prev = t;

	g = p - pd_line(pd, t) - pd_mean_off(pd);
	sigma = pd_gate_sigma(pd, t);
	if (pd->anchored) {
		outlier = g < -PD_K_LO * sigma || g > PD_K_HI * sigma;
		if (!outlier && pd_drift(pd, t, g, sigma))
			g = 0.0; /* the sample opens the new fit: not a residual of the old */
	}

	if (outlier) {
		unsigned i = (pd->run_head + pd->run_n) % PD_RUN_MAX;

		if (pd->run_n == PD_RUN_MAX) {
			pd->run_head = (pd->run_head + 1) % PD_RUN_MAX;
			pd->run_n--;
		}
		pd->run_t[i] = t;
		pd->run_p[i] = p;
		pd->run_n++;
		pd->run_level += 1.0;
		if (pd->run_level >= pd->confirm_len && pd_reanchor(pd, t, out))
			return 0;
	} else {
		pd->run_level -= 0.5;
		if (pd->run_level <= 0.0)
			pd_clear_run(pd);
		pd->blk_t[pd->blk_n] = t;
		pd->blk_p[pd->blk_n] = p;
		pd->blk_n++;
		if (pd->anchored)
			pd->scale =
				fmax(pd->scale + (PD_MABS_SIGMA * fabs(g) - pd->scale) / PD_SCALE_N,
				     PD_SCALE_FLOOR);
	}
	pd->blk_total++;

	if (!pd->anchored && pd->blk_n > 0) {
		/* First block after a step: follow the median of what we have so far. */
		double q[PD_BLOCK_MAX];

		for (unsigned i = 0; i < pd->blk_n; i++)
			q[i] = pd->blk_p[i] - pd->y * (pd->blk_t[i] - t);
		pd->a = ptpdk_servo_median(q, pd->blk_n);
		pd->tm = t;
	}
	if (pd_block_full(pd)) {
		pd_block_done(pd);
		blk_done = true;
	}
	if (pd->acq_on) {
		/* Hand over once the block fit (just refitted) has enough points and a
		 * slope at least as good as the raw fit's. */
		if (blk_done && pd->sel_ser >= 0 && pd->n_pts >= PD_HANDOVER_PTS &&
		    pd->y_se <= pd->acq_y_se)
			pd->acq_on = false;
		else
			pd_acq_update(pd, t);
	}

	pd_output(pd, t, out);
	return 0;
}

/* A slave-to-master measurement: gate it and keep it for the block. */
static void pd_reverse(struct servo_pd *pd, double t, const struct ptpdk_servo_sample *s)
{
	double tb = pd_time(pd, s->sm_local_ts_ns), cb, p, g, sigma;

	if (!(tb <= t) || t - tb > 4.0 * pd->block_len * pd->base.cfg.sync_interval_s ||
	    pd->rev_n == PD_BLOCK_MAX)
		return;
	/* the correction at t3: the output in force since then is the previous one */
	cb = pd->corr - pd->freq_out * (t - tb);
	p = -(double)s->sm_ns - cb + pd->d_hat;
	pd_raw_push(pd, tb, p);
	g = p - pd_line(pd, tb);
	sigma = pd_gate_sigma(pd, tb);
	if (pd->anchored && (g > PD_K_LO * sigma || g < -PD_K_HI * sigma))
		return;
	pd->rev_t[pd->rev_n] = tb;
	pd->rev_p[pd->rev_n] = p;
	pd->rev_n++;
}

static int pd_sample(struct ptpdk_servo *servo, const struct ptpdk_servo_sample *s,
		     struct ptpdk_servo_result *out)
{
	struct servo_pd *pd = to_pd(servo);
	double t;

	if (!pd->have_epoch || pd->restart) {
		pd->have_epoch = true;
		pd->restart = false;
		pd->epoch_ns = s->local_ts_ns;
		pd->t_last = 0.0;
		pd->t_prev = 0.0;
		pd->corr = 0.0;
		t = 0.0;
	} else {
		t = pd_time(pd, s->local_ts_ns);
		if (!(t > pd->t_last)) {
			/* Time did not advance: nothing to learn; repeat the last answer. */
			out->state = servo->state;
			out->freq_ppb = ptpdk_servo_clamp(servo, pd->freq_out, &out->clamped);
			return 0;
		}
		pd->corr += pd->freq_out * (t - pd->t_last);
		pd->t_last = t;
	}
	if (!pd->acquired)
		return pd_acquire(pd, t, (double)s->offset_ns - pd->corr, out);
	if (!s->have_ms)
		return pd_track(pd, t, (double)s->offset_ns - pd->corr, out);
	if (!pd->d_hat_ok) {
		/* start from the caller's delay: the first samples match its offsets */
		pd->d_hat = (double)(s->ms_ns - s->offset_ns);
		pd->d_hat_ok = true;
		/* raw samples under the old delay are on another scale */
		if (pd->acq_on)
			pd->acq_from_t = t;
	}
	pd->two_way = true;
	if (s->have_sm)
		pd_reverse(pd, t, s);
	return pd_track(pd, t, (double)s->ms_ns - pd->corr - pd->d_hat, out);
}

static int pd_set_interval(struct ptpdk_servo *servo, double interval_s)
{
	pd_sizes(to_pd(servo), interval_s);
	return 0;
}

/*
 * The frequency to hold, and its standard error. Steering picks the window that
 * predicts the next point best, which is often short: one block ahead, the
 * phase noise of a short fit costs little. Holdover extrapolates for minutes or
 * hours, where the slope's error is all that counts, so take the longest window
 * whose slope agrees with the steering one within their combined errors (a
 * wandering oscillator fails the test and keeps the short, current slope).
 */
static void pd_hold_freq(const struct servo_pd *pd, double *y, double *se)
{
	struct pd_fit f;

	*y = pd->y;
	*se = pd->y_se;
	if (pd->sel_ser < 0)
		return;
	for (unsigned ci = 0; ci < PD_NCAND && pd_cand[ci] <= pd->n_pts; ci++) {
		unsigned n = pd_cand[ci];
		double fse;

		if (n <= pd->sel_len || !pd_fit(pd, (unsigned)pd->sel_ser, n, &f))
			continue;
		fse = sqrt(f.rss / (double)(n - 2) / f.sxx);
		if (fabs(f.y - pd->y) > 2.0 * sqrt(fse * fse + pd->y_se * pd->y_se))
			break;
		*y = f.y;
		*se = fse;
	}
}

static double pd_holdover(struct ptpdk_servo *servo, uint64_t now_ns)
{
	double y, se;
	struct servo_pd *pd = to_pd(servo);

	if (!pd->acquired)
		return ptpdk_servo_clamp(servo, pd->freq_out, NULL);
	if (pd->have_epoch && !pd->restart) {
		double t = pd_time(pd, now_ns);

		/* The old output ran until now; from now the clock holds -y. */
		if (t > pd->t_last) {
			pd->corr += pd->freq_out * (t - pd->t_last);
			pd->t_last = t;
		}
	}
	pd_hold_freq(pd, &y, &se);
	pd->freq_out = ptpdk_servo_clamp(servo, -y, NULL);
	return pd->freq_out;
}

static double pd_freq_uncertainty(const struct ptpdk_servo *servo)
{
	const struct servo_pd *pd = to_cpd(servo);
	double y, se;

	if (!pd->acquired)
		return servo->cfg.max_frequency_ppb;
	pd_hold_freq(pd, &y, &se);
	return se;
}

static void pd_reset(struct ptpdk_servo *servo)
{
	struct servo_pd *pd = to_pd(servo);
	double f = pd->freq_out;

	memset((char *)pd + sizeof(pd->base), 0, sizeof(*pd) - sizeof(pd->base));
	pd_sizes(pd, servo->cfg.sync_interval_s);
	pd->freq_out = f;
	pd->scale = PD_SCALE_FLOOR;
	pd_cusum_init(&pd->cusum, PD_CUSUM_K, PD_CUSUM_H, PD_CUSUM_CLIP);
	pd_clear_points(pd);
}

int ptpdk_servo_pd_diag(const struct ptpdk_servo *servo, struct ptpdk_servo_pd_diag *d)
{
	const struct servo_pd *pd;

	if (!servo || !d || servo->type != PTPDK_SERVO_PTPDK)
		return -EINVAL;
	pd = to_cpd(servo);
	d->drift_alarms = pd->n_alarms;
	d->drift_alarms_refused = pd->n_alarms_refused;
	d->reanchors = pd->n_reanchors;
	d->gaps = pd->n_gaps;
	d->acq_on = pd->acq_on;
	d->y_ppb = pd->y;
	d->y_se_ppb = pd->y_se;
	d->scale_ns = pd->scale;
	d->d_hat_ns = pd->d_hat;
	return 0;
}

static const struct ptpdk_servo_ops pd_ops = {
	.sample = pd_sample,
	.set_interval = pd_set_interval,
	.holdover = pd_holdover,
	.freq_uncertainty = pd_freq_uncertainty,
	.reset = pd_reset,
};

struct ptpdk_servo *ptpdk_servo_ptpdk_create(const struct ptpdk_servo_config *cfg)
{
	struct servo_pd *pd = calloc(1, sizeof(*pd));

	if (!pd) {
		errno = ENOMEM;
		return NULL;
	}
	ptpdk_servo_init_base(&pd->base, &pd_ops, PTPDK_SERVO_PTPDK, cfg);
	pd->freq_out = ptpdk_servo_clamp(&pd->base, cfg->initial_freq_ppb, NULL);
	pd_reset(&pd->base);
	return &pd->base;
}
