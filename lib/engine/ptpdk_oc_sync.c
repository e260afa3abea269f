/* SPDX-License-Identifier: BSD-3-Clause */
/* Synchronisation of the ordinary clock: offset samples into the servo, the
 * servo's output onto the clock, and holdover when the master goes away. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_oc_private.h"

static void oc_flush_measurements(struct ptpdk_ptp_clock *oc)
{
	for (unsigned i = 0; i < oc->cfg.n_ports; i++) {
		ptpdk_e2e_flush(oc->ports[i].e2e);
		if (oc->ports[i].p2p)
			ptpdk_p2p_flush(oc->ports[i].p2p);
	}
}

static void remember_offset(struct ptpdk_ptp_clock *oc, int64_t offset_ns)
{
	oc->recent_offsets[oc->n_recent % OC_RECENT_OFFSETS] = offset_ns;
	oc->n_recent++;
}

static double recent_max_abs(const struct ptpdk_ptp_clock *oc)
{
	unsigned n = oc->n_recent < OC_RECENT_OFFSETS ? oc->n_recent : OC_RECENT_OFFSETS;
	double max = 0;

	for (unsigned i = 0; i < n; i++) {
		double a = fabs((double)oc->recent_offsets[i]);

		if (a > max)
			max = a;
	}
	return max;
}

double oc_error_bound(const struct ptpdk_ptp_clock *oc, uint64_t now_ns)
{
	double t;

	switch (oc->clock_state) {
	case PTPDK_PTP_LOCKED:
		return recent_max_abs(oc);
	case PTPDK_PTP_HOLDOVER:
		/*
		 * What we knew at entry, plus the held frequency's own error, plus an
		 * oscillator that keeps wandering at the configured rate: the phase
		 * error of a frequency ramp grows with t^2/2.
		 */
		t = (double)ptpdk_elapsed_ns(now_ns, oc->holdover_start_ns) * 1e-9;
		return oc->bound_at_entry_ns + oc->holdover_unc_ppb * t +
		       0.5 * oc->cfg.holdover_wander_ppb_per_s * t * t;
	default:
		return INFINITY;
	}
}

void oc_error_growth(const struct ptpdk_ptp_clock *oc, uint64_t now_ns, double *rate_ppb,
		     double *wander_ppb_per_s)
{
	*rate_ppb = 0;
	*wander_ppb_per_s = 0;
	if (oc->clock_state == PTPDK_PTP_LOCKED) {
		*rate_ppb = ptpdk_servo_freq_uncertainty(oc->servo);
		*wander_ppb_per_s = oc->cfg.holdover_wander_ppb_per_s;
	} else if (oc->clock_state == PTPDK_PTP_HOLDOVER) {
		/* The derivative of oc_error_bound()'s polynomial at now. */
		double t = (double)ptpdk_elapsed_ns(now_ns, oc->holdover_start_ns) * 1e-9;

		*rate_ppb = oc->holdover_unc_ppb + oc->cfg.holdover_wander_ppb_per_s * t;
		*wander_ppb_per_s = oc->cfg.holdover_wander_ppb_per_s;
	}
}

static void clock_freq(struct ptpdk_ptp_clock *oc, double ppb)
{
	int rc;

	if (oc->cfg.free_running)
		return;
	rc = ptpdk_clock_adjust_freq(oc->clock, ppb);
	if (rc < 0)
		oc->counters.clock_errors++;
	else
		ptpdk_clock_get_freq(oc->clock, &oc->freq_ppb);
}

static void clock_step(struct ptpdk_ptp_clock *oc, int64_t step_ns)
{
	if (oc->cfg.free_running || step_ns == 0)
		return;
	if (ptpdk_clock_adjust_phase(oc->clock, step_ns) != 0) {
		oc->counters.clock_errors++;
		return;
	}
	oc->counters.steps++;
	/* Stamps taken before the step would pair with ones taken after it. */
	oc_flush_measurements(oc);
	for (unsigned i = 0; i < oc->cfg.n_ports; i++) {
		struct ptpdk_e2e_delay_sample d;

		if (oc->ports[i].e2e && ptpdk_e2e_last_delay(oc->ports[i].e2e, &d) == 0)
			oc->ports[i].servo_sm_t3 = d.t3;
	}
	oc->n_recent = 0;
}

/* The one-way differences behind the offset, for servos that filter each direction. */
static void one_way(struct ptpdk_ptp_clock *oc, unsigned port, const struct ptpdk_ptp_sample *out,
		    struct ptpdk_servo_sample *in)
{
	struct oc_port *p = &oc->ports[port];
	const struct ptpdk_e2e_sample *raw = &out->raw;
	struct ptpdk_e2e_delay_sample d;

	/* Under P2P the path delay is the link's, measured apart: the offset is all. */
	if (p->cfg.delay_mechanism != PTPDK_DELAY_E2E)
		return;
	in->have_ms = true;
	in->ms_ns = ptpdk_tmv_round_ns(ptpdk_e2e_one_way(raw->t2, raw->t1, raw->c_ms));
	if (ptpdk_e2e_last_delay(p->e2e, &d) != 0 || ptpdk_tmv_cmp(d.t3, p->servo_sm_t3) == 0)
		return;
	p->servo_sm_t3 = d.t3;
	in->have_sm = true;
	in->sm_ns = ptpdk_tmv_round_ns(ptpdk_e2e_one_way(d.t4, d.t3, d.c_sm));
	in->sm_local_ts_ns = (uint64_t)d.t3.ns;
}

static void apply_servo(struct ptpdk_ptp_clock *oc, unsigned port, struct ptpdk_ptp_sample *out)
{
	struct ptpdk_servo_sample in = { .offset_ns = out->offset_ns,
					 .local_ts_ns = (uint64_t)out->raw.t2.ns,
					 .path_delay_ns = out->path_delay_ns };
	struct ptpdk_servo_result res;

	one_way(oc, port, out, &in);

	if (oc->cfg.free_running) {
		/* ptp4l free_running: report what we measure, touch nothing. */
		out->servo_state = PTPDK_SERVO_UNLOCKED;
		out->freq_ppb = oc->freq_ppb;
		oc->servo_state = PTPDK_SERVO_UNLOCKED;
		oc_port_event(oc, port, PTPDK_EV_MASTER_CLOCK_SELECTED, false);
		return;
	}
	ptpdk_servo_sample(oc->servo, &in, &res);
	oc->servo_state = res.state;
	out->servo_state = res.state;
	switch (res.state) {
	case PTPDK_SERVO_UNLOCKED:
		break;
	case PTPDK_SERVO_JUMP:
		clock_step(oc, res.step_ns);
		out->step_ns = res.step_ns;
		clock_freq(oc, res.freq_ppb);
		oc_port_event(oc, port, PTPDK_EV_SYNCHRONIZATION_FAULT, false);
		break;
	case PTPDK_SERVO_LOCKED:
	case PTPDK_SERVO_LOCKED_STABLE:
		clock_freq(oc, res.freq_ppb);
		oc_port_event(oc, port, PTPDK_EV_MASTER_CLOCK_SELECTED, false);
		break;
	}
	out->freq_ppb = oc->freq_ppb;
}

static void update_clock_state(struct ptpdk_ptp_clock *oc)
{
	enum ptpdk_ptp_clock_state was = oc->clock_state;
	bool locked = oc->servo_state == PTPDK_SERVO_LOCKED ||
		      oc->servo_state == PTPDK_SERVO_LOCKED_STABLE || oc->cfg.free_running;

	/* Re-acquiring after holdover is still holdover until the servo locks. */
	if (locked)
		oc->clock_state = PTPDK_PTP_LOCKED;
	else if (was != PTPDK_PTP_HOLDOVER)
		oc->clock_state = PTPDK_PTP_LOCKING;
	if (locked)
		oc->ever_locked = true;
	if (was == PTPDK_PTP_HOLDOVER && locked)
		oc_log(oc, PTPDK_PTP_LOG_NOTICE, "clock: holdover ended, locked again");
}

void oc_sync_result(struct ptpdk_ptp_clock *oc, unsigned port, int rc, uint64_t now_ns)
{
	struct oc_port *p = &oc->ports[port];
	struct ptpdk_ptp_sample s;

	if (rc <= 0 || !(rc & PTPDK_E2E_OFFSET))
		return;
	memset(&s, 0, sizeof(s));
	if (ptpdk_e2e_last_sample(p->e2e, &s.raw) != 0)
		return;
	s.port = port;
	s.now_ns = now_ns;
	s.offset_ns = ptpdk_tmv_round_ns(s.raw.offset);
	s.path_delay_ns = ptpdk_tmv_round_ns(s.raw.delay);
	apply_servo(oc, port, &s);
	oc->last_offset_ns = s.offset_ns;
	oc->path_delay_ns = s.path_delay_ns;
	oc->last_sample_ns = now_ns;
	if (s.step_ns == 0)
		remember_offset(oc, s.offset_ns);
	update_clock_state(oc);
	oc->ops.sample(oc->ops.ctx, &s);
}

void oc_parent_lost(struct ptpdk_ptp_clock *oc, uint64_t now_ns)
{
	double freq;

	if (!oc->have_parent)
		return;
	ptpdk_e2e_set_master(oc->ports[oc->parent_port].e2e, NULL);
	oc->have_parent = false;
	if (oc->clock_state != PTPDK_PTP_LOCKED || oc->cfg.free_running) {
		oc->clock_state = oc->ever_locked && oc->clock_state == PTPDK_PTP_HOLDOVER
					  ? PTPDK_PTP_HOLDOVER
					  : PTPDK_PTP_FREERUN;
		return;
	}
	/* Hold the oscillator's learned frequency, not the last output, which also
	 * carries the servo's phase correction of the moment. */
	oc->bound_at_entry_ns = recent_max_abs(oc);
	freq = ptpdk_servo_holdover(oc->servo, now_ns);
	oc->holdover_unc_ppb = ptpdk_servo_freq_uncertainty(oc->servo);
	clock_freq(oc, freq);
	oc->clock_state = PTPDK_PTP_HOLDOVER;
	oc->holdover_start_ns = now_ns;
	oc->counters.holdovers++;
	oc_log(oc, PTPDK_PTP_LOG_NOTICE, "clock: master lost, holdover at %+.3f ppb (+/- %.3f)",
	       oc->freq_ppb, oc->holdover_unc_ppb);
}

void oc_sync_tick(struct ptpdk_ptp_clock *oc, uint64_t now_ns)
{
	if (oc->clock_state != PTPDK_PTP_HOLDOVER || oc->cfg.holdover_max_s <= 0)
		return;
	if ((double)ptpdk_elapsed_ns(now_ns, oc->holdover_start_ns) * 1e-9 >
	    oc->cfg.holdover_max_s) {
		oc->clock_state = PTPDK_PTP_FREERUN;
		oc_log(oc, PTPDK_PTP_LOG_WARNING,
		       "clock: holdover limit of %.0f s reached, free-running",
		       oc->cfg.holdover_max_s);
	}
}
