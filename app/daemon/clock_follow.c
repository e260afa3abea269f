/* SPDX-License-Identifier: BSD-3-Clause */
#include "clock_follow.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "ptpdk_clock_group.h"
#include "ptpdk_tsc.h"
#include "ptpdk_xts.h"

/* TSC ticks to ns without overflow for any rate below 18 GHz. */
static uint64_t tsc_to_ns(const struct clock_follow_set *s, uint64_t ticks)
{
	return ticks / s->tsc_hz * 1000000000ull + ticks % s->tsc_hz * 1000000000ull / s->tsc_hz;
}

/* Both clocks against the TSC, the primary first, back to back. */
static int measure(struct clock_follow_set *s, struct ptpdk_clock *sec, uint64_t now_ns,
		   struct ptpdk_clock_follow_meas *m)
{
	struct ptpdk_xts xp, xs;
	int rc = ptpdk_xts_sample(s->primary, ptpdk_tsc_ticks, NULL, s->tsc_hz,
				  CLOCK_FOLLOW_XTS_TRIES, &xp);

	if (rc == 0)
		rc = ptpdk_xts_sample(sec, ptpdk_tsc_ticks, NULL, s->tsc_hz, CLOCK_FOLLOW_XTS_TRIES,
				      &xs);
	if (rc == 0)
		rc = ptpdk_clock_follow_meas_from_xts(&xp, &xs, s->tsc_hz, now_ns, m);
	return rc;
}

/* One secondary: refuses what the follower could not do at run time, with the reason. */
static int setup_one(struct clock_follow_set *s, const struct clock_follow_conf *conf,
		     struct ptpdk_clock *clock, const char *ports)
{
	struct clock_follow_secondary *sec = &s->sec[s->n];
	struct ptpdk_clock_follow_config fc;
	struct ptpdk_clock_follow_meas m;
	int rc;

	ptpdk_clock_follow_config_init(&fc);
	fc.servo.sync_interval_s = 1.0 / conf->rate_hz;
	fc.servo.first_step_threshold_ns = conf->step_threshold_ns;
	fc.servo.step_threshold_ns = conf->step_threshold_ns;
	fc.servo.max_frequency_ppb = ptpdk_clock_max_freq(clock);
	fc.max_uncertainty_ns = CLOCK_FOLLOW_MAX_UNCERTAINTY_NS;
	fc.max_age_ns = (uint64_t)(CLOCK_FOLLOW_MAX_AGE_INTERVALS * 1e9 / conf->rate_hz);
	sec->clock = clock;
	snprintf(sec->ports, sizeof(sec->ports), "%s", ports);
	sec->follow = ptpdk_clock_follow_create(&fc, s->primary, clock);
	if (!sec->follow) {
		fprintf(stderr, "ptpdk: clock %s (port %s) cannot follow %s: %s\n",
			ptpdk_clock_name(clock), ports, ptpdk_clock_name(s->primary),
			errno == ENOTSUP ? "it has no frequency control" : strerror(errno));
		return -1;
	}
	rc = measure(s, clock, tsc_to_ns(s, ptpdk_tsc_read()), &m);
	if (rc) {
		fprintf(stderr,
			"ptpdk: clock %s or %s cannot be read against the TSC (port %s): %s\n",
			ptpdk_clock_name(s->primary), ptpdk_clock_name(clock), ports,
			strerror(-rc));
		goto err_follow;
	}
	/* A zero step: the ports on this clock would be lost at the primary's first step
	 * if it could not take one, so find out now. */
	rc = ptpdk_clock_adjust_phase(clock, 0);
	if (rc) {
		fprintf(stderr, "ptpdk: clock %s (port %s) cannot be stepped: %s\n",
			ptpdk_clock_name(clock), ports, strerror(-rc));
		goto err_follow;
	}
	rc = ptpdk_clock_follow_update(sec->follow, &m);
	if (rc) {
		fprintf(stderr,
			"ptpdk: clock %s (port %s): first measurement against %s refused or not "
			"applied (offset %.0f ns +- %.0f ns, at most %.0f ns allowed): %s\n",
			ptpdk_clock_name(clock), ports, ptpdk_clock_name(s->primary), m.offset_ns,
			m.uncertainty_ns, CLOCK_FOLLOW_MAX_UNCERTAINTY_NS, strerror(-rc));
		goto err_follow;
	}
	s->n++;
	printf("ptpdk: clock %s (port %s) follows %s at %.3g Hz: offset %.0f ns +- %.0f ns\n",
	       ptpdk_clock_name(clock), ports, ptpdk_clock_name(s->primary), conf->rate_hz,
	       m.offset_ns, m.uncertainty_ns);
	return 0;

err_follow:
	ptpdk_clock_follow_destroy(sec->follow);
	sec->follow = NULL;
	return -1;
}

int clock_follow_setup(struct clock_follow_set *s, const struct clock_follow_conf *conf,
		       struct ptpdk_clock *const *clocks, const char *const *port_names,
		       unsigned n_clocks)
{
	memset(s, 0, sizeof(*s));
	if (n_clocks == 0)
		return -1;
	s->primary = clocks[0];
	if (n_clocks == 1)
		return 0;
	s->tsc_hz = conf->tsc_hz;
	s->interval_tsc = (uint64_t)((double)conf->tsc_hz / conf->rate_hz);
	s->group = ptpdk_clock_group_create(s->primary);
	if (!s->group) {
		fprintf(stderr, "ptpdk: clock group: %s\n", strerror(errno));
		return -1;
	}
	for (unsigned i = 1; i < n_clocks; i++) {
		int rc = ptpdk_clock_group_add(s->group, clocks[i]);

		if (rc) {
			fprintf(stderr, "ptpdk: clock group: %s\n", strerror(-rc));
			goto err_followers;
		}
		if (setup_one(s, conf, clocks[i], port_names[i]) != 0)
			goto err_followers;
	}
	/* The servo estimates the frequency from its first two measurements: the
	 * second one a whole interval after the setup's, not at the first engine step. */
	s->next_tsc = ptpdk_tsc_read() + s->interval_tsc;
	printf("ptpdk: the PTP clock disciplines %s; its steps reach the other %u clock%s\n",
	       ptpdk_clock_name(s->group), s->n, s->n == 1 ? "" : "s");
	return 0;

err_followers:
	clock_follow_fini(s);
	return -1;
}

struct ptpdk_clock *clock_follow_port_clock(struct clock_follow_set *s, struct ptpdk_clock *clock)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->sec[i].clock == clock)
			return ptpdk_clock_follow_view(s->sec[i].follow);
	return clock;
}

struct ptpdk_clock *clock_follow_disciplined(const struct clock_follow_set *s)
{
	return s->group ? s->group : s->primary;
}

unsigned clock_follow_engine_step(void *ctx, uint64_t now_tsc)
{
	struct clock_follow_set *s = ctx;
	unsigned work = 0;

	if ((int64_t)(now_tsc - s->next_tsc) >= 0) {
		for (unsigned i = 0; i < s->n; i++) {
			struct ptpdk_clock_follow_meas m;
			uint64_t now_ns = tsc_to_ns(s, ptpdk_tsc_read());

			/* Refusals and clock errors are counted by the follower. */
			if (measure(s, s->sec[i].clock, now_ns, &m) == 0)
				(void)ptpdk_clock_follow_update(s->sec[i].follow, &m);
			else
				ptpdk_clock_follow_fail(s->sec[i].follow, now_ns);
		}
		s->next_tsc = now_tsc + s->interval_tsc;
		work++;
	}
	return work + s->engine_step(s->engine_ctx, now_tsc);
}

void clock_follow_report_table(FILE *out, const struct clock_follow_set *s)
{
	if (!s->group)
		return;
	fprintf(out,
		" clocks: %s disciplined, its steps carried to the others (%" PRIu64 " refused)\n",
		ptpdk_clock_name(s->primary), ptpdk_clock_group_fanout_errors(s->group));
	for (unsigned i = 0; i < s->n; i++) {
		struct ptpdk_clock_follow_status st;

		ptpdk_clock_follow_status(s->sec[i].follow, &st);
		fprintf(out,
			" clock %s (port %s) follows: servo s%d, offset %.0f ns +- %.0f ns, "
			"max |offset| locked %.0f ns, freq %+.1f ppb (trim %+.1f ppb), "
			"measurements %" PRIu64 ", refused %" PRIu64 ", failed %" PRIu64
			", steps %" PRIu64 ", clock errors %" PRIu64 ", stamps converted %" PRIu64
			", refused %" PRIu64 "%s\n",
			ptpdk_clock_name(s->sec[i].clock), s->sec[i].ports, (int)st.servo_state,
			st.offset_ns, st.error_bound_ns, st.max_abs_offset_ns, st.freq_ppb,
			st.trim_ppb, st.measurements, st.refused, st.failures, st.steps,
			st.clock_errors, st.conversions, st.conversions_refused,
			st.valid ? "" : ", STALE");
	}
}

static void json_num(FILE *f, const char *key, double v)
{
	/* JSON has no NaN: an absent figure is null. */
	if (isfinite(v))
		fprintf(f, ",\"%s\":%.3f", key, v);
	else
		fprintf(f, ",\"%s\":null", key);
}

void clock_follow_report_json(FILE *f, const struct clock_follow_set *s)
{
	if (!s->group)
		return;
	fprintf(f,
		",\"clock_follow\":{\"primary\":\"%s\",\"steps_refused\":%" PRIu64 ",\"clocks\":[",
		ptpdk_clock_name(s->primary), ptpdk_clock_group_fanout_errors(s->group));
	for (unsigned i = 0; i < s->n; i++) {
		struct ptpdk_clock_follow_status st;

		ptpdk_clock_follow_status(s->sec[i].follow, &st);
		fprintf(f, "%s{\"clock\":\"%s\",\"ports\":\"%s\",\"servo_state\":%d,\"valid\":%s",
			i ? "," : "", ptpdk_clock_name(s->sec[i].clock), s->sec[i].ports,
			(int)st.servo_state, st.valid ? "true" : "false");
		json_num(f, "offset_ns", st.offset_ns);
		json_num(f, "uncertainty_ns", st.error_bound_ns);
		json_num(f, "max_abs_offset_locked_ns", st.max_abs_offset_ns);
		json_num(f, "freq_ppb", st.freq_ppb);
		json_num(f, "trim_ppb", st.trim_ppb);
		fprintf(f,
			",\"measurements\":%" PRIu64 ",\"refused\":%" PRIu64
			",\"failures\":%" PRIu64 ",\"steps\":%" PRIu64 ",\"clock_errors\":%" PRIu64
			",\"conversions\":%" PRIu64 ",\"conversions_refused\":%" PRIu64 "}",
			st.measurements, st.refused, st.failures, st.steps, st.clock_errors,
			st.conversions, st.conversions_refused);
	}
	fputs("]}", f);
}

void clock_follow_fini(struct clock_follow_set *s)
{
	for (unsigned i = s->n; i-- > 0;) {
		ptpdk_clock_follow_destroy(s->sec[i].follow);
		s->sec[i].follow = NULL;
	}
	s->n = 0;
	ptpdk_clock_destroy(s->group);
	s->group = NULL;
}
