/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine_config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static enum ptpdk_transport transport_of(int cfg_value)
{
	switch (cfg_value) {
	case PTPDK_CFG_TRANSPORT_UDPV6:
		return PTPDK_TRANSPORT_UDP6;
	case PTPDK_CFG_TRANSPORT_L2:
		return PTPDK_TRANSPORT_L2;
	default:
		return PTPDK_TRANSPORT_UDP4;
	}
}

static void servo_from_config(const struct ptpdk_config *c, bool hw,
			      struct ptpdk_ptp_clock_config *ptp)
{
	struct ptpdk_servo_config *s = &ptp->servo;

	ptpdk_servo_config_init(s);
	ptp->servo_type = ptpdk_config_enum(c, -1, PTPDK_CFG_clock_servo) == PTPDK_CFG_SERVO_PI
				  ? PTPDK_SERVO_PI
				  : PTPDK_SERVO_PTPDK;
	/* ptp4l gives thresholds in seconds; the servo takes ns. */
	s->first_step_threshold_ns =
		ptpdk_config_double(c, -1, PTPDK_CFG_first_step_threshold) * 1e9;
	s->step_threshold_ns = ptpdk_config_double(c, -1, PTPDK_CFG_step_threshold) * 1e9;
	s->max_frequency_ppb = (double)ptpdk_config_int(c, -1, PTPDK_CFG_max_frequency);
	s->sync_interval_s = ldexp(1.0, (int)ptpdk_config_int(c, 0, PTPDK_CFG_logSyncInterval));
	s->hw_timestamps = hw;
	s->offset_threshold_ns = (double)ptpdk_config_int(c, -1, PTPDK_CFG_servo_offset_threshold);
	s->num_offset_values = (unsigned)ptpdk_config_int(c, -1, PTPDK_CFG_servo_num_offset_values);
	s->pi_kp = ptpdk_config_double(c, -1, PTPDK_CFG_pi_proportional_const);
	s->pi_ki = ptpdk_config_double(c, -1, PTPDK_CFG_pi_integral_const);
	s->pi_kp_scale = ptpdk_config_double(c, -1, PTPDK_CFG_pi_proportional_scale);
	s->pi_kp_exponent = ptpdk_config_double(c, -1, PTPDK_CFG_pi_proportional_exponent);
	s->pi_kp_norm_max = ptpdk_config_double(c, -1, PTPDK_CFG_pi_proportional_norm_max);
	s->pi_ki_scale = ptpdk_config_double(c, -1, PTPDK_CFG_pi_integral_scale);
	s->pi_ki_exponent = ptpdk_config_double(c, -1, PTPDK_CFG_pi_integral_exponent);
	s->pi_ki_norm_max = ptpdk_config_double(c, -1, PTPDK_CFG_pi_integral_norm_max);
}

static void port_from_config(const struct daemon_options *o, unsigned i,
			     struct ptpdk_ptp_port_config *p)
{
	const struct ptpdk_config *c = o->cfg;
	int s = o->port[i].cfg_port;

	p->name = o->ports[i];
	p->delay_mechanism =
		ptpdk_config_enum(c, s, PTPDK_CFG_delay_mechanism) == PTPDK_CFG_DELAY_P2P
			? PTPDK_DELAY_P2P
			: PTPDK_DELAY_E2E;
	p->log_announce_interval = (int8_t)ptpdk_config_int(c, s, PTPDK_CFG_logAnnounceInterval);
	p->log_sync_interval = (int8_t)ptpdk_config_int(c, s, PTPDK_CFG_logSyncInterval);
	p->log_min_delay_req_interval =
		(int8_t)ptpdk_config_int(c, s, PTPDK_CFG_logMinDelayReqInterval);
	p->log_min_pdelay_req_interval =
		(int8_t)ptpdk_config_int(c, s, PTPDK_CFG_logMinPdelayReqInterval);
	p->announce_receipt_timeout =
		(uint8_t)ptpdk_config_int(c, s, PTPDK_CFG_announceReceiptTimeout);
	p->delay_filter_length = (unsigned)ptpdk_config_int(c, s, PTPDK_CFG_delay_filter_length);
	p->neighbor_prop_delay_thresh_ns =
		ptpdk_config_int(c, s, PTPDK_CFG_neighborPropDelayThresh);
	p->max_path_delay_ns = ptpdk_config_int(c, s, PTPDK_CFG_max_path_delay);
	p->master_only = ptpdk_config_bool(c, s, PTPDK_CFG_serverOnly);
	p->hybrid_e2e = ptpdk_config_bool(c, s, PTPDK_CFG_hybrid_e2e);
	p->local_priority = (uint8_t)ptpdk_config_int(c, s, PTPDK_CFG_G8275_portDS_localPriority);
	p->transport_specific = (uint8_t)ptpdk_config_int(c, s, PTPDK_CFG_transportSpecific);
	/* twoStepFlag is the clock's (defaultDS.twoStepFlag): every port follows it. */
	p->one_step = !ptpdk_config_bool(c, -1, PTPDK_CFG_twoStepFlag);
}

/*
 * The port's unicast master table (unicast_master_table N): the masters it asks for
 * Announce, Sync and Delay_Resp (ptpdk_ucast_port.h). Their addresses must be of the
 * port's transport: a UDPv4 port cannot reach an IPv6 master.
 */
static int ucast_from_config(const struct daemon_options *o, unsigned i,
			     enum ptpdk_transport transport, struct ptpdk_ptp_port_config *p)
{
	const struct ptpdk_config *c = o->cfg;
	int s = o->port[i].cfg_port;
	int id = (int)ptpdk_config_int(c, s, PTPDK_CFG_unicast_master_table);
	const struct ptpdk_cfg_ucast_table *t;
	static const int cfg_transport[] = {
		[PTPDK_TRANSPORT_L2] = PTPDK_CFG_TRANSPORT_L2,
		[PTPDK_TRANSPORT_UDP4] = PTPDK_CFG_TRANSPORT_UDPV4,
		[PTPDK_TRANSPORT_UDP6] = PTPDK_CFG_TRANSPORT_UDPV6,
	};

	if (id == 0)
		return 0;
	t = ptpdk_config_ucast_table(c, id);
	if (!t) {
		fprintf(stderr,
			"ptpdk: port %s: unicast_master_table %d: no [unicast_master_table] "
			"with table_id %d\n",
			o->ports[i], id, id);
		return -EINVAL;
	}
	if (t->n_addrs == 0) {
		fprintf(stderr, "ptpdk: port %s: unicast master table %d lists no master\n",
			o->ports[i], id);
		return -EINVAL;
	}
	memset(&p->ucast, 0, sizeof(p->ucast));
	for (unsigned k = 0; k < t->n_addrs; k++) {
		const struct ptpdk_cfg_ucast_addr *a = &t->addrs[k];
		struct ptpdk_addr *m = &p->ucast.masters[k];

		if (a->transport != cfg_transport[transport]) {
			fprintf(stderr,
				"ptpdk: port %s: unicast master %s is not on the port's "
				"network_transport\n",
				o->ports[i], a->text);
			return -EINVAL;
		}
		memset(m, 0, sizeof(*m));
		m->transport = (uint8_t)transport;
		if (transport == PTPDK_TRANSPORT_L2)
			memcpy(m->mac, a->addr, 6);
		else
			memcpy(m->ip, a->addr, transport == PTPDK_TRANSPORT_UDP6 ? 16 : 4);
	}
	p->ucast.n_masters = t->n_addrs;
	p->ucast.client.log_query_interval = (int8_t)t->log_query_interval;
	p->ucast.client.req_duration_s =
		(uint32_t)ptpdk_config_int(c, s, PTPDK_CFG_unicast_req_duration);
	p->ucast.client.log_announce_period = p->log_announce_interval;
	p->ucast.client.log_sync_period = p->log_sync_interval;
	p->ucast.client.log_delay_period = p->delay_mechanism == PTPDK_DELAY_P2P
						   ? p->log_min_pdelay_req_interval
						   : p->log_min_delay_req_interval;
	p->ucast.client.p2p = p->delay_mechanism == PTPDK_DELAY_P2P;
	p->ucast_client = true;
	return 0;
}

/* unicast_listen: the port grants within these limits (ptpdk_ucast_grants.h). Periods
 * as far as the engine goes (-7..7); a grant lasts at most a day (ptp4l grants what is
 * asked; G.8275.2 asks for 60 to 1000 s). */
static void ucast_server_from_config(const struct daemon_options *o, unsigned i,
				     struct ptpdk_ptp_port_config *p)
{
	const struct ptpdk_config *c = o->cfg;
	int s = o->port[i].cfg_port;

	p->inhibit_multicast_service = ptpdk_config_bool(c, s, PTPDK_CFG_inhibit_multicast_service);
	p->ucast_server = ptpdk_config_bool(c, s, PTPDK_CFG_unicast_listen);
	if (!p->ucast_server)
		return;
	memset(&p->ucast_limits, 0, sizeof(p->ucast_limits));
	p->ucast_limits.max_clients =
		(uint32_t)ptpdk_config_int(c, s, PTPDK_CFG_unicast_max_clients);
	p->ucast_limits.max_pps = (uint32_t)ptpdk_config_int(c, s, PTPDK_CFG_unicast_max_pps);
	p->ucast_limits.max_duration_s = 86400;
	p->ucast_limits.one_step = p->one_step;
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		p->ucast_limits.min_log_period[k] = -7;
		p->ucast_limits.max_log_period[k] = 7;
	}
}

int engine_config_build(const struct daemon_options *o, bool hw_stamps,
			struct ptpdk_ptp_clock_config *ptp, enum ptpdk_transport *transport,
			uint8_t *udp_ttl)
{
	const struct ptpdk_config *c = o->cfg;

	ptpdk_ptp_clock_config_init(ptp);
	ptp->domain_number = (uint8_t)ptpdk_config_int(c, -1, PTPDK_CFG_domainNumber);
	ptp->priority1 = (uint8_t)ptpdk_config_int(c, -1, PTPDK_CFG_priority1);
	ptp->priority2 = (uint8_t)ptpdk_config_int(c, -1, PTPDK_CFG_priority2);
	ptp->quality.clock_class = (uint8_t)ptpdk_config_int(c, -1, PTPDK_CFG_clockClass);
	ptp->quality.clock_accuracy = (uint8_t)ptpdk_config_int(c, -1, PTPDK_CFG_clockAccuracy);
	ptp->quality.offset_scaled_log_variance =
		(uint16_t)ptpdk_config_int(c, -1, PTPDK_CFG_offsetScaledLogVariance);
	ptp->utc_offset = (int16_t)ptpdk_config_int(c, -1, PTPDK_CFG_utc_offset);
	ptp->free_running = ptpdk_config_bool(c, -1, PTPDK_CFG_free_running);
	ptp->holdover_max_s = ptpdk_config_double(c, -1, PTPDK_CFG_holdover_max);
	ptp->holdover_wander_ppb_per_s = ptpdk_config_double(c, -1, PTPDK_CFG_holdover_wander);
	ptp->slave_only = ptpdk_config_bool(c, -1, PTPDK_CFG_slaveOnly);
	ptp->time_source = (uint8_t)ptpdk_config_int(c, -1, PTPDK_CFG_timeSource);
	ptp->dataset_comparison =
		ptpdk_config_enum(c, -1, PTPDK_CFG_dataset_comparison) == PTPDK_CFG_DSCMP_G8275
			? PTPDK_BMCA_CMP_G8275
			: PTPDK_BMCA_CMP_IEEE1588;
	ptp->local_priority =
		(uint8_t)ptpdk_config_int(c, -1, PTPDK_CFG_G8275_defaultDS_localPriority);
	/* As ptp4l: a PHC holds PTP time (TAI); the TSC clock starts from CLOCK_REALTIME,
	 * UTC, and is announced as ARB so that no slave takes the UTC offset off it. */
	ptp->time_flags = hw_stamps ? PTPDK_FLAG_PTP_TIMESCALE : 0;
	servo_from_config(c, hw_stamps, ptp);
	ptp->n_ports = o->n_ports;
	for (unsigned i = 0; i < o->n_ports; i++) {
		port_from_config(o, i, &ptp->ports[i]);
		if (ptp->slave_only && ptp->ports[i].master_only) {
			fprintf(stderr,
				"ptpdk: port %s: serverOnly 1 on a slaveOnly 1 clock: the port "
				"could neither follow nor lead; set one of them to 0\n",
				o->ports[i]);
			return -EINVAL;
		}
		transport[i] = transport_of(
			ptpdk_config_enum(c, o->port[i].cfg_port, PTPDK_CFG_network_transport));
		if (ucast_from_config(o, i, transport[i], &ptp->ports[i]) != 0)
			return -EINVAL;
		ucast_server_from_config(o, i, &ptp->ports[i]);
	}
	*udp_ttl = (uint8_t)ptpdk_config_int(c, o->port[0].cfg_port, PTPDK_CFG_udp_ttl);
	return 0;
}

int engine_config_time_reference(const struct daemon_options *o, bool slave_only,
				 bool *time_reference_system)
{
	*time_reference_system = ptpdk_config_enum(o->cfg, -1, PTPDK_CFG_time_reference) ==
				 PTPDK_CFG_REFERENCE_SYSTEM;
	if (*time_reference_system && slave_only) {
		fprintf(stderr, "ptpdk: time_reference system on a slaveOnly 1 clock: the clock "
				"never leads, so it would follow CLOCK_REALTIME for no one; set "
				"slaveOnly 0 (and drop -s) or time_reference none\n");
		return -EINVAL;
	}
	return 0;
}
