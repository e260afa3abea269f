/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_clock_follow.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_clock_private.h"

struct ptpdk_clock_follow {
	/* The view (ptpdk_clock_follow_view()) first: its ops get the follower back from
	 * the clock pointer. */
	struct ptpdk_clock view;
	struct ptpdk_clock_follow_config cfg;
	struct ptpdk_clock *primary, *secondary;
	struct ptpdk_servo *servo;
	bool have_estimate, stale;
	double estimate_ns;
	double trim_ppb;
	struct ptpdk_clock_follow_status st;
};

void ptpdk_clock_follow_config_init(struct ptpdk_clock_follow_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->servo_type = PTPDK_SERVO_PI;
	ptpdk_servo_config_init(&cfg->servo);
	cfg->servo.first_step_threshold_ns = 20000.0;
	cfg->servo.step_threshold_ns = 20000.0;
	cfg->servo.max_frequency_ppb = 500000.0;
	cfg->servo.sync_interval_s = 1.0;
	cfg->servo.hw_timestamps = true;
	cfg->max_uncertainty_ns = 100000.0;
}

/* ------------------------------------------------------------- the view clock */

static struct ptpdk_clock_follow *from_view(const struct ptpdk_clock *clk)
{
	/* The view is embedded first in a follower that is never const itself: the ops
	 * table's const is about the clock's time, and the counters are bookkeeping. */
	return (struct ptpdk_clock_follow *)(uintptr_t)clk;
}

static int view_gettime(struct ptpdk_clock *clk, struct ptpdk_tmv *now)
{
	struct ptpdk_clock_follow *f = from_view(clk);
	struct ptpdk_tmv t;
	int rc = ptpdk_clock_gettime(f->secondary, &t);

	if (rc)
		return rc;
	return ptpdk_clock_follow_to_primary(f, &t, now);
}

static int view_raw_to_time(const struct ptpdk_clock *clk, enum ptpdk_ts_source src, uint64_t raw,
			    struct ptpdk_tmv *out)
{
	struct ptpdk_clock_follow *f = from_view(clk);
	struct ptpdk_tmv t;
	int rc = ptpdk_clock_raw_to_time(f->secondary, src, raw, &t);

	if (rc)
		return rc;
	return ptpdk_clock_follow_to_primary(f, &t, out);
}

/* Adjusting the view would fight the follower: no adjust ops (-ENOTSUP). */
static const struct ptpdk_clock_ops view_ops = {
	.gettime = view_gettime,
	.raw_to_time = view_raw_to_time,
};

/* ------------------------------------------------------------- life */

struct ptpdk_clock_follow *ptpdk_clock_follow_create(const struct ptpdk_clock_follow_config *cfg,
						     struct ptpdk_clock *primary,
						     struct ptpdk_clock *secondary)
{
	struct ptpdk_clock_follow *f;
	struct ptpdk_servo_config sc;
	char name[PTPDK_CLOCK_NAME_LEN];
	double ppb;

	if (!cfg || !primary || !secondary || primary == secondary ||
	    !(cfg->max_uncertainty_ns >= 0.0) || isinf(cfg->max_uncertainty_ns)) {
		errno = EINVAL;
		return NULL;
	}
	if (ptpdk_clock_max_freq(secondary) <= 0.0) {
		errno = ENOTSUP;
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		errno = ENOMEM;
		return NULL;
	}
	f->cfg = *cfg;
	f->primary = primary;
	f->secondary = secondary;
	/* The servo steers the trim (secondary minus primary oscillator): it starts from
	 * what the two clocks run at now. */
	sc = cfg->servo;
	{
		double p = 0.0, s = 0.0;

		(void)ptpdk_clock_get_freq(primary, &p);
		if (ptpdk_clock_get_freq(secondary, &s) == 0)
			sc.initial_freq_ppb = s - p;
	}
	f->servo = ptpdk_servo_create(cfg->servo_type, &sc);
	if (!f->servo) {
		int err = errno;

		free(f);
		errno = err;
		return NULL;
	}
	f->trim_ppb = sc.initial_freq_ppb;
	f->st.trim_ppb = f->trim_ppb;
	if (ptpdk_clock_get_freq(secondary, &ppb) == 0)
		f->st.freq_ppb = ppb;
	snprintf(name, sizeof(name), "%s@primary", ptpdk_clock_name(secondary));
	ptpdk_clock_init_base(&f->view, &view_ops, name, 0.0);
	return f;
}

void ptpdk_clock_follow_destroy(struct ptpdk_clock_follow *f)
{
	if (!f)
		return;
	ptpdk_servo_destroy(f->servo);
	free(f);
}

/* ------------------------------------------------------------- measuring */

int ptpdk_clock_follow_meas_from_xts(const struct ptpdk_xts *prim, const struct ptpdk_xts *sec,
				     uint64_t tick_hz, uint64_t now_ns,
				     struct ptpdk_clock_follow_meas *out)
{
	double dt_ns, d_time;

	if (!prim || !sec || !out || tick_hz == 0)
		return -EINVAL;
	/* Both readings mapped to the same tick: the clocks' difference in time minus the
	 * ticks' difference converted at the nominal rate (the rate's ppm error times the
	 * microseconds between the two brackets is picoseconds). */
	dt_ns = sec->ticks >= prim->ticks ? (double)(sec->ticks - prim->ticks)
					  : -(double)(prim->ticks - sec->ticks);
	dt_ns = dt_ns * 1e9 / (double)tick_hz;
	d_time = ptpdk_tmv_to_double_ns(ptpdk_tmv_sub(sec->time, prim->time));
	out->offset_ns = d_time - dt_ns;
	/* Each reading lies within half its bracket of the midpoint; the midpoints are
	 * rounded down to a tick. */
	out->uncertainty_ns = ((double)prim->width_ticks + (double)sec->width_ticks) / 2.0 * 1e9 /
				      (double)tick_hz +
			      2.0 * 1e9 / (double)tick_hz;
	out->now_ns = now_ns;
	return 0;
}

static void age(struct ptpdk_clock_follow *f, uint64_t now_ns)
{
	if (f->cfg.max_age_ns && f->have_estimate && now_ns > f->st.last_ns &&
	    now_ns - f->st.last_ns > f->cfg.max_age_ns)
		f->stale = true;
}

void ptpdk_clock_follow_fail(struct ptpdk_clock_follow *f, uint64_t now_ns)
{
	if (!f)
		return;
	f->st.failures++;
	age(f, now_ns);
}

static bool acceptable(const struct ptpdk_clock_follow *f, const struct ptpdk_clock_follow_meas *m)
{
	if (!isfinite(m->offset_ns) || !isfinite(m->uncertainty_ns) || m->uncertainty_ns < 0.0)
		return false;
	if (fabs(m->offset_ns) >= PTPDK_CLOCK_FOLLOW_MAX_OFFSET_NS)
		return false;
	return !(f->cfg.max_uncertainty_ns > 0.0 && m->uncertainty_ns > f->cfg.max_uncertainty_ns);
}

int ptpdk_clock_follow_update(struct ptpdk_clock_follow *f, const struct ptpdk_clock_follow_meas *m)
{
	struct ptpdk_servo_sample s = { 0 };
	struct ptpdk_servo_result r;
	double prim_ppb = 0.0, applied;
	int rc = 0, arc;

	if (!f || !m)
		return -EINVAL;
	if (!acceptable(f, m)) {
		f->st.refused++;
		age(f, m->now_ns);
		return -EINVAL;
	}
	f->st.measurements++;
	f->st.offset_ns = m->offset_ns;
	f->st.error_bound_ns = m->uncertainty_ns;
	f->st.last_ns = m->now_ns;
	f->estimate_ns = m->offset_ns;
	f->have_estimate = true;
	f->stale = false;

	s.offset_ns = (int64_t)llround(m->offset_ns);
	s.local_ts_ns = m->now_ns;
	if (ptpdk_servo_sample(f->servo, &s, &r) != 0)
		return -EINVAL;
	f->st.servo_state = r.state;
	if (r.state == PTPDK_SERVO_JUMP && r.step_ns != 0) {
		arc = ptpdk_clock_adjust_phase(f->secondary, r.step_ns);
		if (arc == 0) {
			f->st.steps++;
			f->estimate_ns += (double)r.step_ns;
		} else {
			f->st.clock_errors++;
			rc = arc;
		}
	} else if (r.state == PTPDK_SERVO_LOCKED || r.state == PTPDK_SERVO_LOCKED_STABLE) {
		if (fabs(m->offset_ns) > f->st.max_abs_offset_ns)
			f->st.max_abs_offset_ns = fabs(m->offset_ns);
	}
	/* Feed forward: the primary's frequency now plus what the servo learned. A primary
	 * without frequency control (-ENOTSUP) runs at 0. */
	(void)ptpdk_clock_get_freq(f->primary, &prim_ppb);
	f->trim_ppb = r.freq_ppb;
	f->st.trim_ppb = r.freq_ppb;
	applied = prim_ppb + r.freq_ppb;
	arc = ptpdk_clock_adjust_freq(f->secondary, applied);
	if (arc < 0) {
		f->st.clock_errors++;
		if (rc == 0)
			rc = arc;
	} else if (ptpdk_clock_get_freq(f->secondary, &applied) == 0) {
		f->st.freq_ppb = applied;
	}
	f->st.estimate_ns = f->estimate_ns;
	return rc;
}

/* ------------------------------------------------------------- converting */

int ptpdk_clock_follow_estimate(const struct ptpdk_clock_follow *f, double *offset_ns)
{
	if (!f || !offset_ns)
		return -EINVAL;
	if (!f->have_estimate || f->stale)
		return -EAGAIN;
	*offset_ns = f->estimate_ns;
	return 0;
}

int ptpdk_clock_follow_to_primary(struct ptpdk_clock_follow *f, const struct ptpdk_tmv *sec,
				  struct ptpdk_tmv *out)
{
	struct ptpdk_tmv d;
	double est;
	int rc;

	if (!f || !sec || !out)
		return -EINVAL;
	rc = ptpdk_clock_follow_estimate(f, &est);
	if (rc == 0)
		rc = ptpdk_tmv_from_double_ns(est, &d);
	if (rc) {
		f->st.conversions_refused++;
		return rc;
	}
	*out = ptpdk_tmv_sub(*sec, d);
	f->st.conversions++;
	return 0;
}

void ptpdk_clock_follow_status(const struct ptpdk_clock_follow *f,
			       struct ptpdk_clock_follow_status *out)
{
	if (!f || !out)
		return;
	*out = f->st;
	out->valid = f->have_estimate && !f->stale;
	out->estimate_ns = f->estimate_ns;
}

struct ptpdk_clock *ptpdk_clock_follow_secondary(const struct ptpdk_clock_follow *f)
{
	return f ? f->secondary : NULL;
}

struct ptpdk_clock *ptpdk_clock_follow_view(struct ptpdk_clock_follow *f)
{
	return f ? &f->view : NULL;
}
