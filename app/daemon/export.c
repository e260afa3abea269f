/* SPDX-License-Identifier: BSD-3-Clause */
#include "export.h"

#include <errno.h>
#include <grp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_counters.h"
#include "ptpdk_limits.h"
#include "ptpdk_msg.h"

/* @return 0 with *gid and *set (false for an empty name); -1 for an unknown group */
static int group_id(const char *name, gid_t *gid, bool *set)
{
	struct group *g;
	char *end;
	unsigned long v;

	if (!name || !name[0])
		return 0;
	v = strtoul(name, &end, 10);
	if (*end == '\0') {
		*gid = (gid_t)v;
		*set = true;
		return 0;
	}
	g = getgrnam(name);
	if (!g)
		return -1;
	*gid = g->gr_gid;
	*set = true;
	return 0;
}

/* One port record per port: every port the daemon may open must have one, and the
 * port numbers fit the clock's parent_port beside PTPDK_SHM_NO_PORT. */
_Static_assert(PTPDK_MAX_PORTS <= PTPDK_SHM_MAX_PORTS,
	       "the shared region has fewer port records than ptpdk has ports");
_Static_assert(PTPDK_MAX_PORTS < PTPDK_SHM_NO_PORT, "port numbers collide with NO_PORT");

int export_open(const struct daemon_options *o, unsigned n_ports, uint64_t tsc_hz,
		struct ptpdk_shm_writer **out)
{
	const char *dir = ptpdk_config_str(o->cfg, -1, PTPDK_CFG_shm_dir);
	const char *group = ptpdk_config_str(o->cfg, -1, PTPDK_CFG_shm_group);
	const char *shm_name = ptpdk_config_str(o->cfg, -1, PTPDK_CFG_shm_name);
	struct ptpdk_shm_writer_config wc = {
		.name = shm_name[0] ? shm_name : o->instance,
		.dir = dir && dir[0] ? dir : NULL,
		.n_clocks = 1, /* the ordinary clock: all ports share one */
		.n_ports = n_ports,
		.tsc_hz = tsc_hz,
	};
	static struct ptpdk_shm_counter_name names[PTPDK_SHM_MAX_COUNTERS];
	char note[512];
	int n;

	*out = NULL;
	if (!ptpdk_config_bool(o->cfg, -1, PTPDK_CFG_shm_export))
		return 0;
	n = export_counter_names(names, PTPDK_SHM_MAX_COUNTERS);
	if (n < 0) {
		fprintf(stderr, "ptpdk: shared region: counter names: %s\n", strerror(-n));
		return -1;
	}
	wc.counters = names;
	wc.n_counters = (unsigned)n;
	if (group_id(group, &wc.group, &wc.restrict_group) != 0) {
		fprintf(stderr, "ptpdk: shm_group: no group \"%s\"\n", group);
		return -1;
	}
	*out = ptpdk_shm_writer_create(&wc, note, sizeof(note));
	if (!*out) {
		fprintf(stderr, "ptpdk: shared time region: %s%s%s\n", note[0] ? note : "",
			note[0] ? ": " : "", strerror(errno));
		return -1;
	}
	if (note[0])
		fprintf(stderr, "ptpdk: %s\n", note);
	printf("ptpdk: shared time region %s (%s, 1 clock, %u port%s)\n",
	       ptpdk_shm_writer_path(*out),
	       ptpdk_shm_writer_on_hugepages(*out) ? "hugetlbfs" : "not on hugepages", n_ports,
	       n_ports == 1 ? "" : "s");
	return 0;
}

static uint32_t flags_of(const struct ptpdk_ptp_clock_status *st)
{
	static const struct {
		uint16_t ptp;
		uint32_t shm;
	} map[] = {
		{ PTPDK_FLAG_UTC_OFFSET_VALID, PTPDK_SHM_F_UTC_OFFSET_VALID },
		{ PTPDK_FLAG_LEAP61, PTPDK_SHM_F_LEAP61 },
		{ PTPDK_FLAG_LEAP59, PTPDK_SHM_F_LEAP59 },
		{ PTPDK_FLAG_TIME_TRACEABLE, PTPDK_SHM_F_TIME_TRACEABLE },
		{ PTPDK_FLAG_FREQ_TRACEABLE, PTPDK_SHM_F_FREQ_TRACEABLE },
		{ PTPDK_FLAG_PTP_TIMESCALE, PTPDK_SHM_F_PTP_TIMESCALE },
	};
	uint32_t f = 0;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (st->time_flags & map[i].ptp)
			f |= map[i].shm;
	if (st->have_parent)
		f |= PTPDK_SHM_F_HAVE_PARENT;
	if (st->clock_state == PTPDK_PTP_LOCKED)
		f |= PTPDK_SHM_F_LOCKED;
	if (st->clock_state == PTPDK_PTP_HOLDOVER)
		f |= PTPDK_SHM_F_HOLDOVER;
	if ((f & (PTPDK_SHM_F_LOCKED | PTPDK_SHM_F_HOLDOVER)) && isfinite(st->error_bound_ns))
		f |= PTPDK_SHM_F_VALID;
	return f;
}

static uint8_t clock_state_of(enum ptpdk_ptp_clock_state s)
{
	switch (s) {
	case PTPDK_PTP_LOCKING:
		return PTPDK_SHM_CLOCK_ACQUIRING;
	case PTPDK_PTP_LOCKED:
		return PTPDK_SHM_CLOCK_LOCKED;
	case PTPDK_PTP_HOLDOVER:
		return PTPDK_SHM_CLOCK_HOLDOVER;
	default:
		return PTPDK_SHM_CLOCK_FREERUN;
	}
}

/* The clock's record: time, its error model, parent and servo. */
static void fill_clock(struct ptpdk_shm_clock_record *r, struct ptpdk_clock *clock, uint64_t tsc_hz,
		       const struct ptpdk_ptp_clock_status *st, uint64_t tsc)
{
	struct ptpdk_tmv t;
	double ppb = 0;

	r->flags = flags_of(st);
	r->utc_offset_s = st->current_utc_offset;
	r->clock_state = clock_state_of(st->clock_state);
	r->servo_state = (uint8_t)st->servo_state;
	r->error_bound_ns = st->error_bound_ns;
	r->bound_rate_ppb = st->bound_rate_ppb;
	r->bound_wander_ppb_per_s = st->bound_wander_ppb_per_s;
	/* The TSC clock converts TSC values exactly (it is defined by them): no bracket, no
	 * mapping error. Other clocks publish status only. */
	if (ptpdk_clock_raw_to_time(clock, PTPDK_TS_TSC, tsc, &t) != 0 ||
	    ptpdk_clock_get_freq(clock, &ppb) != 0 ||
	    ptpdk_shm_clock_set_mapping(r, tsc, ptpdk_tmv_round_ns(t), tsc_hz, ppb) != 0) {
		r->flags &= ~(uint32_t)PTPDK_SHM_F_VALID;
		r->error_bound_ns = INFINITY;
	} else {
		r->mapping_error_ns = 0.5; /* the rounding of base_time_ns */
	}
	memcpy(r->grandmaster_identity, st->parent.gm_identity, sizeof(r->grandmaster_identity));
	memcpy(r->parent_clock_identity, st->parent.sender.clock_identity,
	       sizeof(r->parent_clock_identity));
	r->parent_port_number = st->parent.sender.port_number;
	r->steps_removed = st->steps_removed; /* ours (currentDS), as ptpd and pmc report it */
	r->gm_priority1 = st->parent.priority1;
	r->gm_priority2 = st->parent.priority2;
	r->clock_class = st->parent.quality.clock_class;
	r->clock_accuracy = st->parent.quality.clock_accuracy;
	r->offset_scaled_log_variance = st->parent.quality.offset_scaled_log_variance;
	r->time_source = st->time_source;
	r->parent_port = st->have_parent ? (uint16_t)st->parent_port : PTPDK_SHM_NO_PORT;
	r->last_offset_ns = st->last_offset_ns;
	r->freq_ppb = st->freq_ppb;
	r->holdover_s = st->holdover_s;
	r->last_step_ns = st->last_step_ns;
	snprintf(r->clock_name, sizeof(r->clock_name), "%s", ptpdk_clock_name(clock));
}

/* Port @p i's record: its state and its own delay measurement. */
static void fill_port(struct ptpdk_shm_port_record *r, const struct export_ports *ports,
		      const struct ptpdk_ptp_clock_status *st, const struct export_msg_times *times,
		      unsigned i)
{
	const struct ptpdk_ptp_port_delay *d = &st->port_delay[i];

	memset(r, 0, sizeof(*r));
	r->clock_index = 0;
	r->port_index = (uint16_t)i;
	r->port_state = (uint8_t)st->port_state[i];
	if (d->known) {
		r->flags |= PTPDK_SHM_PORT_F_PATH_DELAY_VALID;
		r->path_delay_ns = d->ns;
	}
	if (d->peer)
		r->flags |= PTPDK_SHM_PORT_F_P2P;
	if (st->have_parent && st->parent_port == i)
		r->flags |= PTPDK_SHM_PORT_F_PARENT;
	snprintf(r->port_name, sizeof(r->port_name), "%s", ports->names[i]);
	if (times) {
		memcpy(r->last_rx_mono_ns, times->rx_mono_ns[i], sizeof(r->last_rx_mono_ns));
		memcpy(r->last_tx_mono_ns, times->tx_mono_ns[i], sizeof(r->last_tx_mono_ns));
	}
}

void export_publish(struct ptpdk_shm_writer *w, const struct export_ports *ports,
		    struct ptpdk_clock *clock, uint64_t tsc_hz,
		    const struct ptpdk_ptp_clock_status *st, const struct export_msg_times *times,
		    uint64_t tsc, uint64_t mono_ns)
{
	struct ptpdk_shm_clock_record c;
	struct ptpdk_shm_port_record p;

	memset(&c, 0, sizeof(c));
	fill_clock(&c, clock, tsc_hz, st, tsc);
	c.domain_number = ports->domain;
	memcpy(c.clock_identity, ports->clock_identity, sizeof(c.clock_identity));
	ptpdk_shm_writer_publish_clock(w, 0, &c, tsc, mono_ns);
	for (unsigned i = 0; i < ports->n; i++) {
		fill_port(&p, ports, st, times, i);
		ptpdk_shm_writer_publish_port(w, i, &p, tsc, mono_ns);
	}
	ptpdk_shm_writer_heartbeat(w, tsc, mono_ns);
}
