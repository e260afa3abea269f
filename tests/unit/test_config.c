/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The configuration table and parser: ptp4l's defaults, sections and precedence, every
 * error message, value syntaxes, a seeded garbage fuzz, and config/keys.md.
 *
 *   test_config                          the unit checks
 *   test_config --keys-doc KEYS.md       KEYS.md equals the generator's output
 *   test_config --check-files F...       every F parses
 *   test_config --write-keys KEYS.md     regenerate KEYS.md
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>

#include "check.h"
#include "ptpdk_config.h"

static char err[512];

/* Parse @p text (NUL-terminated) into a fresh configuration named "t.cfg". */
static struct ptpdk_config *parse_text(const char *text, int *rc)
{
	struct ptpdk_config *cfg = ptpdk_config_create();

	err[0] = '\0';
	*rc = ptpdk_config_parse(cfg, "t.cfg", text, strlen(text), err, sizeof(err));
	return cfg;
}

static void test_defaults(void)
{
	struct ptpdk_config *cfg = ptpdk_config_create();
	uint8_t mac[6];
	static const struct {
		enum ptpdk_cfg_key key;
		int64_t value;
	} ints[] = {
		{ PTPDK_CFG_domainNumber, 0 },
		{ PTPDK_CFG_priority1, 128 },
		{ PTPDK_CFG_priority2, 128 },
		{ PTPDK_CFG_clockClass, 248 },
		{ PTPDK_CFG_clockAccuracy, 0xFE },
		{ PTPDK_CFG_offsetScaledLogVariance, 0xFFFF },
		{ PTPDK_CFG_twoStepFlag, 1 },
		{ PTPDK_CFG_slaveOnly, 0 },
		{ PTPDK_CFG_logAnnounceInterval, 1 },
		{ PTPDK_CFG_logSyncInterval, 0 },
		{ PTPDK_CFG_logMinDelayReqInterval, 0 },
		{ PTPDK_CFG_logMinPdelayReqInterval, 0 },
		{ PTPDK_CFG_announceReceiptTimeout, 3 },
		{ PTPDK_CFG_syncReceiptTimeout, 0 },
		{ PTPDK_CFG_delay_mechanism, PTPDK_CFG_DELAY_E2E },
		{ PTPDK_CFG_network_transport, PTPDK_CFG_TRANSPORT_UDPV4 },
		{ PTPDK_CFG_tx_timestamp_timeout, 10 },
		{ PTPDK_CFG_max_frequency, 900000000 },
		{ PTPDK_CFG_servo_offset_threshold, 0 },
		{ PTPDK_CFG_servo_num_offset_values, 10 },
		{ PTPDK_CFG_sanity_freq_limit, 200000000 },
		{ PTPDK_CFG_utc_offset, 37 },
		{ PTPDK_CFG_delay_filter, PTPDK_CFG_FILTER_MOVING_MEDIAN },
		{ PTPDK_CFG_delay_filter_length, 10 },
		{ PTPDK_CFG_summary_interval, 0 },
		{ PTPDK_CFG_verbose, 0 },
		{ PTPDK_CFG_use_syslog, 1 },
		{ PTPDK_CFG_logging_level, 6 },
		{ PTPDK_CFG_free_running, 0 },
		{ PTPDK_CFG_freq_est_interval, 1 },
		{ PTPDK_CFG_assume_two_step, 0 },
		{ PTPDK_CFG_udp6_scope, 0x0E },
		{ PTPDK_CFG_udp_ttl, 1 },
		{ PTPDK_CFG_neighborPropDelayThresh, 20000000 },
		{ PTPDK_CFG_min_neighbor_prop_delay, -20000000 },
		{ PTPDK_CFG_path_trace_enabled, 0 },
		{ PTPDK_CFG_fault_reset_interval, 4 },
		{ PTPDK_CFG_dscp_event, 0 },
		{ PTPDK_CFG_dscp_general, 0 },
		{ PTPDK_CFG_gmCapable, 1 },
		{ PTPDK_CFG_inhibit_delay_req, 0 },
		/* ptpdk's own */
		{ PTPDK_CFG_engine_lcore, -1 },
		{ PTPDK_CFG_compact, 0 },
		{ PTPDK_CFG_idle_sleep_us, 0 },
		{ PTPDK_CFG_ring_size, 4096 },
		{ PTPDK_CFG_verify_checksum, 1 },
		{ PTPDK_CFG_promiscuous, 0 },
		{ PTPDK_CFG_max_path_delay, 0 },
		{ PTPDK_CFG_latency, 0 },
		/* documented differences from ptp4l */
		{ PTPDK_CFG_clock_servo, PTPDK_CFG_SERVO_PTPDK },
		{ PTPDK_CFG_time_stamping, PTPDK_CFG_TS_AUTO },
	};
	static const struct {
		enum ptpdk_cfg_key key;
		double value;
	} doubles[] = {
		{ PTPDK_CFG_step_threshold, 0.0 },
		{ PTPDK_CFG_first_step_threshold, 0.00002 },
		{ PTPDK_CFG_pi_proportional_const, 0.0 },
		{ PTPDK_CFG_pi_integral_const, 0.0 },
		{ PTPDK_CFG_pi_proportional_scale, 0.0 },
		{ PTPDK_CFG_pi_proportional_exponent, -0.3 },
		{ PTPDK_CFG_pi_proportional_norm_max, 0.7 },
		{ PTPDK_CFG_pi_integral_scale, 0.0 },
		{ PTPDK_CFG_pi_integral_exponent, 0.4 },
		{ PTPDK_CFG_pi_integral_norm_max, 0.3 },
		{ PTPDK_CFG_duration, 0.0 },
		{ PTPDK_CFG_stats_interval, 0.0 },
		{ PTPDK_CFG_holdover_max, 0.0 },
		{ PTPDK_CFG_holdover_wander, 0.01 },
	};
	static const uint8_t ptp_mac[6] = { 0x01, 0x1B, 0x19, 0, 0, 0 };
	static const uint8_t p2p_mac[6] = { 0x01, 0x80, 0xC2, 0, 0, 0x0E };

	CHECK(cfg != NULL);
	if (!cfg)
		return;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		CHECK_EQ_INT(ptpdk_config_int(cfg, -1, ints[i].key), ints[i].value);
		if (ptpdk_config_int(cfg, -1, ints[i].key) != ints[i].value)
			fprintf(stderr, "  key %s\n", ptpdk_config_key_info(ints[i].key)->name);
	}
	for (size_t i = 0; i < sizeof(doubles) / sizeof(doubles[0]); i++)
		CHECK(ptpdk_config_double(cfg, -1, doubles[i].key) == doubles[i].value);
	CHECK(ptpdk_config_mac(cfg, -1, PTPDK_CFG_ptp_dst_mac, mac) == 0);
	CHECK_MEM(mac, ptp_mac, 6);
	CHECK(ptpdk_config_mac(cfg, -1, PTPDK_CFG_p2p_dst_mac, mac) == 0);
	CHECK_MEM(mac, p2p_mac, 6);
	CHECK(ptpdk_config_mac(cfg, -1, PTPDK_CFG_domainNumber, mac) == -EINVAL);
	CHECK(strcmp(ptpdk_config_str(cfg, -1, PTPDK_CFG_message_tag), "") == 0);
	CHECK(strcmp(ptpdk_config_str(cfg, -1, PTPDK_CFG_rx_lcores), "") == 0);
	CHECK(strcmp(ptpdk_config_str(cfg, -1, PTPDK_CFG_stats_file), "") == 0);
	CHECK(strcmp(ptpdk_config_str(cfg, -1, PTPDK_CFG_delay_mechanism), "E2E") == 0);
	CHECK(strcmp(ptpdk_config_str(cfg, -1, PTPDK_CFG_priority1), "") == 0);
	CHECK(ptpdk_config_bool(cfg, -1, PTPDK_CFG_twoStepFlag));
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_priority1), 0); /* wrong type */
	CHECK_EQ_INT(ptpdk_config_port_count(cfg), 0);
	ptpdk_config_origin(cfg, -1, PTPDK_CFG_priority1, err, sizeof(err));
	CHECK(strcmp(err, "default") == 0);
	CHECK(ptpdk_config_origin(cfg, -1, PTPDK_CFG_KEY_COUNT, err, sizeof(err)) == -EINVAL);
	ptpdk_config_destroy(cfg);
	ptpdk_config_destroy(NULL);
}

/* The enums of ptpdk_config.h are in the order of the value lists. */
static void test_enum_order(void)
{
	static const struct {
		enum ptpdk_cfg_key key;
		int index;
		const char *name;
	} v[] = {
		{ PTPDK_CFG_time_stamping, PTPDK_CFG_TS_HARDWARE, "hardware" },
		{ PTPDK_CFG_time_stamping, PTPDK_CFG_TS_SOFTWARE, "software" },
		{ PTPDK_CFG_time_stamping, PTPDK_CFG_TS_AUTO, "auto" },
		{ PTPDK_CFG_clock_servo, PTPDK_CFG_SERVO_PI, "pi" },
		{ PTPDK_CFG_clock_servo, PTPDK_CFG_SERVO_PTPDK, "ptpdk" },
		{ PTPDK_CFG_network_transport, PTPDK_CFG_TRANSPORT_UDPV4, "UDPv4" },
		{ PTPDK_CFG_network_transport, PTPDK_CFG_TRANSPORT_UDPV6, "UDPv6" },
		{ PTPDK_CFG_network_transport, PTPDK_CFG_TRANSPORT_L2, "L2" },
		{ PTPDK_CFG_delay_mechanism, PTPDK_CFG_DELAY_E2E, "E2E" },
		{ PTPDK_CFG_delay_mechanism, PTPDK_CFG_DELAY_P2P, "P2P" },
		{ PTPDK_CFG_delay_mechanism, PTPDK_CFG_DELAY_AUTO, "Auto" },
		{ PTPDK_CFG_delay_filter, PTPDK_CFG_FILTER_MOVING_MEDIAN, "moving_median" },
		{ PTPDK_CFG_delay_filter, PTPDK_CFG_FILTER_MOVING_AVERAGE, "moving_average" },
		{ PTPDK_CFG_dataset_comparison, PTPDK_CFG_DSCMP_IEEE1588, "ieee1588" },
		{ PTPDK_CFG_dataset_comparison, PTPDK_CFG_DSCMP_G8275, "G.8275.x" },
		{ PTPDK_CFG_profile, PTPDK_CFG_PROFILE_G8275_1, "g8275.1" },
		{ PTPDK_CFG_profile, PTPDK_CFG_PROFILE_GPTP, "gptp" },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const char *name = ptpdk_config_enum_name(v[i].key, v[i].index);

		CHECK(name && strcmp(name, v[i].name) == 0);
	}
	CHECK(ptpdk_config_enum_name(PTPDK_CFG_delay_filter, 2) == NULL);
	CHECK(ptpdk_config_enum_name(PTPDK_CFG_delay_filter, -1) == NULL);
	CHECK(ptpdk_config_enum_name(PTPDK_CFG_priority1, 0) == NULL);
}

/* Every row is consistent, every key is found by name, every getter works on it. */
static void test_table(void)
{
	struct ptpdk_config *cfg = ptpdk_config_create();

	for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++) {
		const struct ptpdk_cfg_key_info *i = ptpdk_config_key_info((enum ptpdk_cfg_key)k);

		CHECK(i && i->name && i->def && i->desc && i->desc[0]);
		if (!i)
			continue;
		CHECK_EQ_INT(ptpdk_config_key_find(i->name, false), k);
		CHECK(i->min <= i->max);
		CHECK((i->type == PTPDK_CFG_T_ENUM) == (i->values != NULL));
		for (int j = 0; j < k; j++)
			CHECK(strcmp(ptpdk_config_key_info((enum ptpdk_cfg_key)j)->name, i->name));
		(void)ptpdk_config_int(cfg, 0, (enum ptpdk_cfg_key)k);
		(void)ptpdk_config_double(cfg, 0, (enum ptpdk_cfg_key)k);
		CHECK(ptpdk_config_str(cfg, 0, (enum ptpdk_cfg_key)k) != NULL);
	}
	CHECK(ptpdk_config_key_info(PTPDK_CFG_KEY_COUNT) == NULL);
	CHECK_EQ_INT(ptpdk_config_key_find("clientOnly", false), PTPDK_CFG_slaveOnly);
	CHECK_EQ_INT(ptpdk_config_key_find("time-stamping", true), PTPDK_CFG_time_stamping);
	CHECK_EQ_INT(ptpdk_config_key_find("time-stamping", false), -ENOENT);
	CHECK_EQ_INT(ptpdk_config_key_find("domainnumber", true), -ENOENT);
	CHECK_EQ_INT(ptpdk_config_key_find(NULL, true), -ENOENT);
	ptpdk_config_destroy(cfg);
}

static void test_sections_and_precedence(void)
{
	static const char text[] = "# a ptp4l-style file\n"
				   "[global]\n"
				   "domainNumber 4      # trailing comment\n"
				   "\tlogSyncInterval   -3\n"
				   "message_tag  hello  world  \n"
				   "network_transport l2\n"
				   "p2p_dst_mac 01:80:c2:00:00:0f\n"
				   "clockAccuracy 0x21\n"
				   "clientOnly 1\n"
				   "first_step_threshold 1e-3\n"
				   "[ eth0 ]\n"
				   "logSyncInterval 2\n"
				   "udp6_scope 0x02\n"
				   "[net_af_packet0,iface=veth1]\n"
				   "[global]\n"
				   "priority1 7\n"
				   "[eth0]\n"
				   "delay_mechanism p2p\n";
	uint8_t mac[6], want[6] = { 0x01, 0x80, 0xC2, 0, 0, 0x0F };
	int rc, eth0, vdev;
	struct ptpdk_config *cfg = parse_text(text, &rc);

	CHECK_EQ_INT(rc, 0);
	if (rc)
		fprintf(stderr, "  %s\n", err);
	CHECK_EQ_INT(ptpdk_config_port_count(cfg), 2);
	eth0 = ptpdk_config_port_find(cfg, "eth0");
	vdev = ptpdk_config_port_find(cfg, "net_af_packet0,iface=veth1");
	CHECK_EQ_INT(eth0, 0);
	CHECK_EQ_INT(vdev, 1);
	CHECK_EQ_INT(ptpdk_config_port_find(cfg, "eth9"), -ENOENT);
	CHECK(strcmp(ptpdk_config_port_name(cfg, 1), "net_af_packet0,iface=veth1") == 0);
	CHECK(ptpdk_config_port_name(cfg, 2) == NULL);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 4);
	CHECK_EQ_INT(ptpdk_config_int(cfg, eth0, PTPDK_CFG_domainNumber), 4);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logSyncInterval), -3);
	CHECK_EQ_INT(ptpdk_config_int(cfg, eth0, PTPDK_CFG_logSyncInterval), 2);
	CHECK_EQ_INT(ptpdk_config_int(cfg, vdev, PTPDK_CFG_logSyncInterval), -3);
	CHECK_EQ_INT(ptpdk_config_int(cfg, 99, PTPDK_CFG_logSyncInterval), -3);
	CHECK_EQ_INT(ptpdk_config_int(cfg, eth0, PTPDK_CFG_udp6_scope), 2);
	CHECK_EQ_INT(ptpdk_config_int(cfg, vdev, PTPDK_CFG_udp6_scope), 0x0E);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, eth0, PTPDK_CFG_delay_mechanism), PTPDK_CFG_DELAY_P2P);
	CHECK(strcmp(ptpdk_config_str(cfg, eth0, PTPDK_CFG_delay_mechanism), "P2P") == 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, vdev, PTPDK_CFG_delay_mechanism), PTPDK_CFG_DELAY_E2E);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_network_transport),
		     PTPDK_CFG_TRANSPORT_L2);
	CHECK(strcmp(ptpdk_config_str(cfg, -1, PTPDK_CFG_message_tag), "hello  world") == 0);
	CHECK(ptpdk_config_mac(cfg, eth0, PTPDK_CFG_p2p_dst_mac, mac) == 0);
	CHECK_MEM(mac, want, 6);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_clockAccuracy), 0x21);
	CHECK(ptpdk_config_bool(cfg, -1, PTPDK_CFG_slaveOnly));
	CHECK(ptpdk_config_double(cfg, -1, PTPDK_CFG_first_step_threshold) == 1e-3);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_priority1), 7);

	ptpdk_config_origin(cfg, eth0, PTPDK_CFG_logSyncInterval, err, sizeof(err));
	CHECK(strcmp(err, "t.cfg:12") == 0);
	ptpdk_config_origin(cfg, vdev, PTPDK_CFG_logSyncInterval, err, sizeof(err));
	CHECK(strcmp(err, "t.cfg:4") == 0);

	/* the command line wins over [global] and over port sections */
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "logSyncInterval", "1", err, sizeof(err)), 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, eth0, PTPDK_CFG_logSyncInterval), 1);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logSyncInterval), 1);
	ptpdk_config_origin(cfg, eth0, PTPDK_CFG_logSyncInterval, err, sizeof(err));
	CHECK(strcmp(err, "command line") == 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "message-tag", "cli", err, sizeof(err)), 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "message-tag", "again", err, sizeof(err)), 0);
	CHECK(strcmp(ptpdk_config_str(cfg, 0, PTPDK_CFG_message_tag), "again") == 0);
	ptpdk_config_destroy(cfg);

	/* ... also when it came first */
	cfg = ptpdk_config_create();
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "domainNumber", "9", err, sizeof(err)), 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "clientOnly", "1", err, sizeof(err)), 0);
	CHECK_EQ_INT(ptpdk_config_port_add(cfg, "eth1"), 0);
	CHECK_EQ_INT(ptpdk_config_parse(cfg, "t.cfg", text, strlen(text), err, sizeof(err)), 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 9);
	CHECK(ptpdk_config_bool(cfg, -1, PTPDK_CFG_slaveOnly));
	/* -i's port comes first, the file's follow in their order */
	CHECK_EQ_INT(ptpdk_config_port_count(cfg), 3);
	CHECK_EQ_INT(ptpdk_config_port_find(cfg, "eth0"), 1);
	ptpdk_config_destroy(cfg);
}

/* ptp4l's [unicast_master_table] sections, and a port that takes one. */
static void test_unicast_tables(void)
{
	static const char text[] = "[global]\n"
				   "unicast_req_duration 60\n"
				   "[unicast_master_table]\n"
				   "table_id 1\n"
				   "logQueryInterval 2\n"
				   "UDPv4 198.18.0.11\n"
				   "udpv4   198.18.0.12   # second\n"
				   "UDPv6 2001:2::11\n"
				   "L2 02:1a:b0:00:00:11\n"
				   "peer_address 198.18.0.13\n"
				   "[unicast_master_table]\n"
				   "table_id 7\n"
				   "[eth0]\n"
				   "unicast_master_table 1\n"
				   "unicast_listen 1\n";
	static const uint8_t v6[16] = { 0x20, 0x01, 0, 2, [15] = 0x11 };
	const struct ptpdk_cfg_ucast_table *t;
	struct ptpdk_config *cfg;
	int rc;

	cfg = parse_text(text, &rc);
	CHECK_EQ_INT(rc, 0);
	if (rc)
		fprintf(stderr, "  %s\n", err);
	CHECK_EQ_INT(ptpdk_config_port_count(cfg), 1);
	CHECK_EQ_INT(ptpdk_config_int(cfg, 0, PTPDK_CFG_unicast_master_table), 1);
	CHECK_EQ_INT(ptpdk_config_int(cfg, 0, PTPDK_CFG_unicast_req_duration), 60);
	CHECK(ptpdk_config_bool(cfg, 0, PTPDK_CFG_unicast_listen));
	t = ptpdk_config_ucast_table(cfg, 1);
	CHECK(t != NULL);
	if (t) {
		CHECK_EQ_INT(t->log_query_interval, 2);
		CHECK_EQ_INT(t->n_addrs, 4);
		CHECK_EQ_INT(t->addrs[0].transport, PTPDK_CFG_TRANSPORT_UDPV4);
		CHECK(memcmp(t->addrs[1].addr, (uint8_t[]){ 198, 18, 0, 12 }, 4) == 0);
		CHECK(strcmp(t->addrs[1].text, "198.18.0.12") == 0);
		CHECK_EQ_INT(t->addrs[2].transport, PTPDK_CFG_TRANSPORT_UDPV6);
		CHECK(memcmp(t->addrs[2].addr, v6, 16) == 0);
		CHECK_EQ_INT(t->addrs[3].transport, PTPDK_CFG_TRANSPORT_L2);
		CHECK_EQ_INT(t->addrs[3].addr[5], 0x11);
		CHECK(t->has_peer);
		CHECK_EQ_INT(t->peer.transport, PTPDK_CFG_TRANSPORT_UDPV4);
	}
	t = ptpdk_config_ucast_table(cfg, 7);
	CHECK(t != NULL && t->n_addrs == 0 && t->log_query_interval == 0 && !t->has_peer);
	CHECK(ptpdk_config_ucast_table(cfg, 2) == NULL);
	ptpdk_config_destroy(cfg);
}

static void test_small_syntax(void)
{
	int rc;
	struct ptpdk_config *cfg;

	/* CRLF, a last line without newline, an empty string value, a repeated key */
	cfg = parse_text("[global]\r\ndomainNumber 5\r\nmessage_tag\r\n"
			 "priority2 1\npriority2 2",
			 &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 5);
	CHECK(strcmp(ptpdk_config_str(cfg, -1, PTPDK_CFG_message_tag), "") == 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_priority2), 2);
	ptpdk_config_destroy(cfg);

	cfg = parse_text("", &rc);
	CHECK_EQ_INT(rc, 0);
	ptpdk_config_destroy(cfg);
	cfg = parse_text("\n\n   # only comments\n\t\n", &rc);
	CHECK_EQ_INT(rc, 0);
	ptpdk_config_destroy(cfg);

	/* enum case, hex, double forms, negative, "-0" for uint */
	cfg = parse_text("[global]\ntime_stamping HARDWARE\nclock_servo PI\n"
			 "offsetScaledLogVariance 0xffff\nstep_threshold .5\n"
			 "pi_proportional_exponent -1.5e0\nengine_lcore -1\npriority1 -0\n"
			 "delay_filter Moving_Average\n",
			 &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_time_stamping), PTPDK_CFG_TS_HARDWARE);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_clock_servo), PTPDK_CFG_SERVO_PI);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_offsetScaledLogVariance), 65535);
	CHECK(ptpdk_config_double(cfg, -1, PTPDK_CFG_step_threshold) == 0.5);
	CHECK(ptpdk_config_double(cfg, -1, PTPDK_CFG_pi_proportional_exponent) == -1.5);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_engine_lcore), -1);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_priority1), 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_delay_filter),
		     PTPDK_CFG_FILTER_MOVING_AVERAGE);
	ptpdk_config_destroy(cfg);
}

static void test_errors(void)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "[global]\nfooBar 1\n", "t.cfg:2: unknown key 'fooBar'" },
		{ "[global]\ndomainnumber 1\n",
		  "t.cfg:2: unknown key 'domainnumber' (did you mean 'domainNumber'?)" },
		{ "[global]\ntime-stamping auto\n",
		  "t.cfg:2: unknown key 'time-stamping' (did you mean 'time_stamping'?)" },
		{ "[global]\n\n# x\ndomainNumber abc\n",
		  "t.cfg:4: bad value 'abc' for domainNumber (integer 0..127)" },
		{ "[global]\ndomainNumber 128\n",
		  "t.cfg:2: value 128 out of range for domainNumber (0..127)" },
		{ "[global]\npriority1 300\n",
		  "t.cfg:2: value 300 out of range for priority1 (0..255)" },
		{ "[global]\npriority1 -1\n",
		  "t.cfg:2: value -1 out of range for priority1 (0..255)" },
		{ "[global]\npriority1 12x\n",
		  "t.cfg:2: bad value '12x' for priority1 (integer 0..255)" },
		{ "[global]\npriority1 0x\n",
		  "t.cfg:2: bad value '0x' for priority1 (integer 0..255)" },
		{ "[global]\ndomainNumber 99999999999999999999999\n",
		  "t.cfg:2: value 99999999999999999999999 out of range for domainNumber (0..127)" },
		{ "[global]\nsummary_interval 1 2\n",
		  "t.cfg:2: bad value '1 2' for summary_interval (integer -128..127)" },
		{ "[global]\n[eth0]\nclockClass 6\n",
		  "t.cfg:3: key 'clockClass' is global only, not allowed in port section [eth0]" },
		{ "domainNumber 1\n",
		  "t.cfg:1: 'domainNumber' outside a section (begin the file with [global])" },
		{ "[global\n", "t.cfg:1: missing ']' in section header" },
		{ "[ ]\n", "t.cfg:1: empty section name" },
		{ "[global] x\n", "t.cfg:1: unexpected text after section header: 'x'" },
		{ "[a b]\n", "t.cfg:1: bad port section name [a b] (a port name: no blanks, "
			     "brackets or '#')" },
		{ "[unicast_master_table]\nUDPv4 198.18.0.11\n",
		  "t.cfg:2: 'UDPv4' before the table's table_id" },
		{ "[unicast_master_table]\ntable_id 0\n",
		  "t.cfg:2: table_id '0': expected an integer of 1 or more" },
		{ "[unicast_master_table]\ntable_id 1\ntable_id 2\n",
		  "t.cfg:3: a second table_id in one [unicast_master_table] section" },
		{ "[unicast_master_table]\ntable_id 1\n[unicast_master_table]\ntable_id 1\n",
		  "t.cfg:4: table_id 1 is already taken" },
		{ "[unicast_master_table]\ntable_id 1\nUDPv4 198.18.0.300\n",
		  "t.cfg:3: '198.18.0.300' is not an IPv4 address" },
		{ "[unicast_master_table]\ntable_id 1\nUDPv6 198.18.0.3\n",
		  "t.cfg:3: '198.18.0.3' is not an IPv6 address" },
		{ "[unicast_master_table]\ntable_id 1\nL2 02:1a:b0:00:00\n",
		  "t.cfg:3: '02:1a:b0:00:00' is not a MAC address" },
		{ "[unicast_master_table]\ntable_id 1\nUDP4 198.18.0.3\n",
		  "t.cfg:3: 'UDP4' in a unicast master table: expected table_id, "
		  "logQueryInterval, peer_address, UDPv4, UDPv6 or L2" },
		{ "[unicast_master_table]\ntable_id 1\nlogQueryInterval 11\n",
		  "t.cfg:3: logQueryInterval '11': expected -7..10" },
		{ "[unicast_master_table]\ntable_id 1\npeer_address x\n",
		  "t.cfg:3: 'x' is not an IPv6 address" },
		{ "[global]\npriority1\n", "t.cfg:2: missing value for key 'priority1'" },
		{ "[global]\npriority1   # comment\n",
		  "t.cfg:2: missing value for key 'priority1'" },
		{ "[global]\nclock_servo linreg\n",
		  "t.cfg:2: clock_servo linreg is not implemented "
		  "in ptpdk (use ptpdk, the default, or pi)" },
		{ "[global]\ntime_stamping onestep\n",
		  "t.cfg:2: time_stamping onestep (one-step) is not supported by ptpdk yet" },
		{ "[global]\ndelay_mechanism X2X\n",
		  "t.cfg:2: bad value 'X2X' for delay_mechanism (one of E2E, P2P, Auto)" },
		{ "[global]\nptp_dst_mac 01:1B:19:00:00\n",
		  "t.cfg:2: bad value '01:1B:19:00:00' for ptp_dst_mac "
		  "(a MAC address like 01:1B:19:00:00:00)" },
		{ "[global]\nptp_dst_mac 01:1B:19:00:00:0G\n",
		  "t.cfg:2: bad value '01:1B:19:00:00:0G' for ptp_dst_mac "
		  "(a MAC address like 01:1B:19:00:00:00)" },
		{ "[global]\ntwoStepFlag 2\n",
		  "t.cfg:2: value 2 out of range for twoStepFlag (0 or 1)" },
		{ "[global]\nclientOnly yes\n",
		  "t.cfg:2: bad value 'yes' for clientOnly (0 or 1)" },
		{ "[global]\nstep_threshold -1\n",
		  "t.cfg:2: value -1 out of range for step_threshold (>= 0)" },
		{ "[global]\nstep_threshold nan\n",
		  "t.cfg:2: bad value 'nan' for step_threshold (number >= 0)" },
		{ "[global]\nstep_threshold 1e999\n",
		  "t.cfg:2: value 1e999 out of range for step_threshold (>= 0)" },
		{ "[global]\npi_proportional_norm_max 1.5\n",
		  "t.cfg:2: value 1.5 out of range for pi_proportional_norm_max (0..1)" },
		{ "[global]\npi_integral_exponent x\n",
		  "t.cfg:2: bad value 'x' for pi_integral_exponent (number any)" },
		{ "[global]\nmin_neighbor_prop_delay 0\n",
		  "t.cfg:2: value 0 out of range for min_neighbor_prop_delay (-2147483648..-1)" },
		{ "[global]\ntx_timestamp_timeout 0\n",
		  "t.cfg:2: value 0 out of range for tx_timestamp_timeout (1..10000)" },
		{ "[global]\nx\001y 1\n", "t.cfg:2: control character 0x01 in line" },
		{ "[global]\nfoo\xff 1\n", "t.cfg:2: unknown key 'foo\\xff'" },
		{ "[global]\npriority1 128\n[eth0]\nfooBar\n", "t.cfg:4: unknown key 'fooBar'" },
	};
	static char longline[PTPDK_CONFIG_MAX_LINE + 40];
	struct ptpdk_config *cfg;
	int rc;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cfg = parse_text(cases[i].text, &rc);
		CHECK_EQ_INT(rc, -EINVAL);
		CHECK(strcmp(err, cases[i].msg) == 0);
		if (strcmp(err, cases[i].msg) != 0)
			fprintf(stderr, "  got:  %s\n  want: %s\n", err, cases[i].msg);
		ptpdk_config_destroy(cfg);
	}

	/* a NUL inside the text is an error, not the end of the file */
	cfg = ptpdk_config_create();
	rc = ptpdk_config_parse(cfg, "t.cfg", "[global]\nab\0c 1\n", 16, err, sizeof(err));
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK(strcmp(err, "t.cfg:2: control character 0x00 in line") == 0);
	ptpdk_config_destroy(cfg);

	memset(longline, 'a', sizeof(longline) - 1);
	memcpy(longline, "[global]\n", 9);
	cfg = parse_text(longline, &rc);
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK(strcmp(err, "t.cfg:2: line longer than 1023 characters") == 0);
	ptpdk_config_destroy(cfg);

	/* long garbage is cut in the message */
	cfg = parse_text(
		"[global]\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1\n",
		&rc);
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK(strlen(err) < 120 && strstr(err, "...'") != NULL);
	ptpdk_config_destroy(cfg);

	/* too many ports */
	cfg = ptpdk_config_create();
	for (int p = 0; p < PTPDK_MAX_PORTS; p++) {
		char name[16];

		snprintf(name, sizeof(name), "p%d", p);
		CHECK_EQ_INT(ptpdk_config_port_add(cfg, name), p);
	}
	CHECK_EQ_INT(ptpdk_config_port_add(cfg, "p0"), 0);
	CHECK_EQ_INT(ptpdk_config_port_add(cfg, "one-more"), -ENOSPC);
	rc = ptpdk_config_parse(cfg, "t.cfg", "[x]\n", 4, err, sizeof(err));
	CHECK_EQ_INT(rc, -ENOSPC);
	CHECK(strcmp(err, "t.cfg:1: more than 16 port sections") == 0); /* PTPDK_MAX_PORTS */
	CHECK_EQ_INT(ptpdk_config_port_add(cfg, ""), -EINVAL);
	CHECK_EQ_INT(ptpdk_config_port_add(cfg, "a]"), -EINVAL);
	CHECK_EQ_INT(ptpdk_config_port_add(cfg, NULL), -EINVAL);
	ptpdk_config_destroy(cfg);

	/* command line */
	cfg = ptpdk_config_create();
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "domainNumber", "abc", err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "command line: bad value 'abc' for domainNumber (integer 0..127)") == 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "fooBar", "1", err, sizeof(err)), -ENOENT);
	CHECK(strcmp(err, "unknown option '--fooBar'") == 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "tx-timestamp-timeout", "0", err, sizeof(err)),
		     -EINVAL);
	CHECK(strcmp(err, "command line: value 0 out of range for tx_timestamp_timeout "
			  "(1..10000)") == 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "clock-servo", "linreg", err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "command line: clock_servo linreg is not implemented in ptpdk "
			  "(use ptpdk, the default, or pi)") == 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "priority1", NULL, err, sizeof(err)), -EINVAL);
	CHECK(strcmp(err, "option --priority1 needs a value") == 0);
	/* a failed value leaves the old one */
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 0);
	/* messages are cut to the buffer, and a NULL buffer is fine */
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "domainNumber", "abc", err, 8), -EINVAL);
	CHECK(strcmp(err, "command") == 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "domainNumber", "abc", NULL, 0), -EINVAL);
	ptpdk_config_destroy(cfg);

	/* files */
	cfg = ptpdk_config_create();
	rc = ptpdk_config_read_file(cfg, "/nonexistent/x.cfg", err, sizeof(err));
	CHECK_EQ_INT(rc, -ENOENT);
	CHECK(strcmp(err, "/nonexistent/x.cfg: No such file or directory") == 0);
	rc = ptpdk_config_read_file(cfg, "/", err, sizeof(err));
	CHECK(rc == -EISDIR || rc == -EIO);
	ptpdk_config_destroy(cfg);
}

static void test_parse_helpers(void)
{
	int64_t i;
	uint64_t u;
	double d;
	uint8_t mac[6];

	CHECK_EQ_INT(ptpdk_parse_int64("010", -100, 100, &i), 0);
	CHECK_EQ_INT(i, 10);
	CHECK_EQ_INT(ptpdk_parse_int64("-0x10", -100, 100, &i), 0);
	CHECK_EQ_INT(i, -16);
	CHECK_EQ_INT(ptpdk_parse_int64("+7", -100, 100, &i), 0);
	CHECK_EQ_INT(i, 7);
	CHECK_EQ_INT(ptpdk_parse_int64("-9223372036854775808", INT64_MIN, INT64_MAX, &i), 0);
	CHECK(i == INT64_MIN);
	CHECK_EQ_INT(ptpdk_parse_int64("9223372036854775808", INT64_MIN, INT64_MAX, &i), -ERANGE);
	CHECK_EQ_INT(ptpdk_parse_int64("-9223372036854775809", INT64_MIN, INT64_MAX, &i), -ERANGE);
	CHECK_EQ_INT(ptpdk_parse_int64("", 0, 1, &i), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_int64(" 1", 0, 1, &i), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_int64("1 ", 0, 1, &i), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_int64("--1", -5, 1, &i), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_int64("-", -5, 1, &i), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_int64("0x-1", -5, 1, &i), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_int64(NULL, -5, 1, &i), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_int64("2", 0, 1, &i), -ERANGE);
	CHECK_EQ_INT(ptpdk_parse_uint64("18446744073709551615", 0, UINT64_MAX, &u), 0);
	CHECK(u == UINT64_MAX);
	CHECK_EQ_INT(ptpdk_parse_uint64("18446744073709551616", 0, UINT64_MAX, &u), -ERANGE);
	CHECK_EQ_INT(ptpdk_parse_uint64("-1", 0, 10, &u), -ERANGE);
	CHECK_EQ_INT(ptpdk_parse_uint64("-0", 0, 10, &u), 0);
	CHECK_EQ_INT(u, 0);
	CHECK_EQ_INT(ptpdk_parse_uint64("0XfE", 0, 255, &u), 0);
	CHECK_EQ_INT(u, 254);
	CHECK_EQ_INT(ptpdk_parse_double("2e-5", 0, 1, &d), 0);
	CHECK(d == 2e-5);
	CHECK_EQ_INT(ptpdk_parse_double("-.25", -1, 1, &d), 0);
	CHECK(d == -0.25);
	CHECK_EQ_INT(ptpdk_parse_double("0x1p-2", 0, 1, &d), 0);
	CHECK(d == 0.25);
	CHECK_EQ_INT(ptpdk_parse_double("1e-400", 0, 1, &d), 0); /* underflow: accepted */
	CHECK_EQ_INT(ptpdk_parse_double("inf", -INFINITY, INFINITY, &d), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_double("-nan", -INFINITY, INFINITY, &d), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_double(" 1", 0, 2, &d), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_double("1.0.", 0, 2, &d), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_double(".", 0, 2, &d), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_double("+", 0, 2, &d), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_double("3", 0, 2, &d), -ERANGE);
	CHECK_EQ_INT(ptpdk_parse_double("-1e400", -INFINITY, INFINITY, &d), -ERANGE);
	CHECK_EQ_INT(ptpdk_parse_mac("01:1b:19:00:00:0E", mac), 0);
	CHECK(mac[0] == 1 && mac[1] == 0x1b && mac[2] == 0x19 && mac[5] == 0x0e);
	CHECK_EQ_INT(ptpdk_parse_mac("01:1b:19:00:00:0E:", mac), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_mac("01-1b-19-00-00-0E", mac), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_mac("1:1b:19:00:00:0E", mac), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_mac("01:1b:19:00:00:0", mac), -EINVAL);
	CHECK_EQ_INT(ptpdk_parse_mac("", mac), -EINVAL);
}

static void test_markdown(void)
{
	size_t n = ptpdk_config_keys_markdown(NULL, 0);
	char *doc = malloc(n + 1), small[32];

	CHECK(doc != NULL);
	if (!doc)
		return;
	CHECK_EQ_INT(ptpdk_config_keys_markdown(doc, n + 1), n);
	CHECK_EQ_INT(strlen(doc), n);
	CHECK(strstr(doc, "| `domainNumber` | int | `0` | 0..127 | global | used |") != NULL);
	CHECK(strstr(doc, "| `slaveOnly` | bool | `0` | 0, 1 | global | used | never become "
			  "master") != NULL);
	CHECK(strstr(doc, "; alias `clientOnly` |\n") != NULL);
	CHECK(strstr(doc, "| `delay_mechanism` | enum | `E2E` | `E2E`, `P2P`, `Auto` | port |") !=
	      NULL);
	CHECK(strstr(doc, "| `message_tag` | string | `\"\"` |") != NULL);
	/* every key has its row */
	for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++) {
		char row[128];

		snprintf(row, sizeof(row), "\n| `%s` |",
			 ptpdk_config_key_info((enum ptpdk_cfg_key)k)->name);
		CHECK(strstr(doc, row) != NULL);
	}
	CHECK_EQ_INT(ptpdk_config_keys_markdown(small, sizeof(small)), n);
	CHECK_EQ_INT(strlen(small), sizeof(small) - 1);
	CHECK(strncmp(small, doc, sizeof(small) - 1) == 0);
	free(doc);
}

/* --- fuzz --- */

static const char *const fuzz_tokens[] = {
	"[global]",
	"[eth0]",
	"[",
	"]",
	"#",
	" ",
	"\t",
	"0x",
	"-",
	"1",
	"0",
	"255",
	"1e308",
	"domainNumber",
	"clientOnly",
	"ptp_dst_mac",
	"01:1B:19:00:00:00",
	"message_tag",
	"clock_servo",
	"linreg",
	"E2E",
	"time_stamping",
	"\r",
	"\n",
	"=",
	":",
	"nan",
};

static size_t fuzz_line(char *buf, size_t size)
{
	size_t n = 0, len = check_rand() % 80;
	int mode = (int)(check_rand() % 10);

	if (mode == 0) { /* raw bytes, any value */
		for (; n < len && n < size; n++)
			buf[n] = (char)check_rand();
	} else if (mode < 8) { /* a real key, its default or a random number, maybe damaged */
		const struct ptpdk_cfg_key_info *k = ptpdk_config_key_info(
			(enum ptpdk_cfg_key)(check_rand() % PTPDK_CFG_KEY_COUNT));
		int w = check_rand() % 2 ? snprintf(buf, size, "%s %s", k->name, k->def)
					 : snprintf(buf, size, "%s %lld", k->name,
						    (long long)(check_rand() % 2000) - 1000);

		n = w > 0 && (size_t)w < size ? (size_t)w : 0;
		if (n && check_rand() % 8 == 0)
			buf[check_rand() % n] = (char)check_rand();
	} else { /* tokens glued together */
		while (n < len) {
			const char *t = fuzz_tokens[check_rand() %
						    (sizeof(fuzz_tokens) / sizeof(fuzz_tokens[0]))];
			size_t tl = strlen(t);

			if (n + tl >= size)
				break;
			memcpy(buf + n, t, tl);
			n += tl;
		}
	}
	if (n < size)
		buf[n++] = '\n';
	return n;
}

static void test_fuzz(void)
{
	static char doc[16 * 1024];
	unsigned ok = 0, bad = 0;

	for (int iter = 0; iter < 20000; iter++) {
		struct ptpdk_config *cfg = ptpdk_config_create();
		size_t len = 0;
		int lines = 1 + (int)(check_rand() % 6), rc;

		if (check_rand() % 8) {
			memcpy(doc, "[global]\n", 9);
			len = 9;
		}
		for (int l = 0; l < lines; l++)
			len += fuzz_line(doc + len, sizeof(doc) - len);
		memset(err, 'X', sizeof(err));
		rc = ptpdk_config_parse(cfg, "fuzz", doc, len, err, sizeof(err));
		CHECK(rc == 0 || rc == -EINVAL);
		if (rc != 0 && rc != -EINVAL)
			fprintf(stderr, "  iteration %d: rc %d\n", iter, rc);
		if (rc) {
			bad++;
			CHECK(memchr(err, '\0', sizeof(err)) != NULL);
			CHECK(strncmp(err, "fuzz:", 5) == 0);
			CHECK(strchr(err, '\n') == NULL);
		} else {
			ok++;
		}
		/* every value of every section reads back */
		for (int p = -1; p < ptpdk_config_port_count(cfg); p++)
			for (int k = 0; k < PTPDK_CFG_KEY_COUNT; k++) {
				(void)ptpdk_config_double(cfg, p, (enum ptpdk_cfg_key)k);
				CHECK(ptpdk_config_str(cfg, p, (enum ptpdk_cfg_key)k) != NULL);
			}
		/* and the command line takes the same garbage */
		doc[len < 60 ? len : 60] = '\0';
		rc = ptpdk_config_set_cli(cfg, fuzz_tokens[iter % 27], doc, err, sizeof(err));
		CHECK(rc == 0 || rc == -EINVAL || rc == -ENOENT);
		ptpdk_config_destroy(cfg);
	}
	printf("fuzz: %u parsed, %u rejected\n", ok, bad);
	CHECK(ok > 100 && bad > 100);
}

/* --- keys.md and example files --- */

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20;
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(cap + 1);
	if (buf) {
		*len = fread(buf, 1, cap, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static int keys_doc(const char *path, bool write)
{
	size_t n = ptpdk_config_keys_markdown(NULL, 0), len = 0, line = 1;
	char *want = malloc(n + 1), *have;
	int rc = 1;

	if (!want)
		return 1;
	ptpdk_config_keys_markdown(want, n + 1);
	if (write) {
		FILE *f = fopen(path, "w");

		if (f && fputs(want, f) >= 0 && fclose(f) == 0) {
			printf("wrote %s\n", path);
			rc = 0;
		} else {
			perror(path);
		}
		free(want);
		return rc;
	}
	have = read_all(path, &len);
	if (!have) {
		perror(path);
	} else if (len == n && memcmp(have, want, n) == 0) {
		printf("%s matches the key table\n", path);
		rc = 0;
	} else {
		size_t i = 0;

		while (i < len && i < n && have[i] == want[i])
			line += have[i++] == '\n';
		fprintf(stderr,
			"%s differs from the key table at line %zu; regenerate it with\n"
			"  test_config_keys --write-keys %s   (or ptpdk --list-keys)\n",
			path, line, path);
	}
	free(have);
	free(want);
	return rc;
}

static int check_files(int n, char **paths)
{
	int rc = 0;

	for (int i = 0; i < n; i++) {
		struct ptpdk_config *cfg = ptpdk_config_create();

		if (ptpdk_config_read_file(cfg, paths[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			rc = 1;
		} else {
			printf("%s: OK, %d port sections\n", paths[i],
			       ptpdk_config_port_count(cfg));
		}
		ptpdk_config_destroy(cfg);
	}
	return rc;
}

int main(int argc, char **argv)
{
	const char *env = getenv("PTPDK_TEST_SEED");

	if (argc == 3 && strcmp(argv[1], "--keys-doc") == 0)
		return keys_doc(argv[2], false);
	if (argc == 3 && strcmp(argv[1], "--write-keys") == 0)
		return keys_doc(argv[2], true);
	if (argc >= 2 && strcmp(argv[1], "--check-files") == 0)
		return check_files(argc - 2, argv + 2);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--keys-doc F | --write-keys F | --check-files F...]\n",
			argv[0]);
		return 2;
	}
	/* deterministic by default; PTPDK_TEST_SEED explores others */
	check_rng_state = env ? strtoull(env, NULL, 0) : 1588;
	printf("test_config: seed %" PRIu64 " (replay with PTPDK_TEST_SEED=%" PRIu64 ")\n",
	       check_rng_state, check_rng_state);
	test_defaults();
	test_enum_order();
	test_table();
	test_sections_and_precedence();
	test_unicast_tables();
	test_small_syntax();
	test_errors();
	test_parse_helpers();
	test_markdown();
	test_fuzz();
	return check_report("test_config");
}
