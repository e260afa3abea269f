/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Profiles (ptpdk_config_profiles.h): every profile applies and yields its keys' values,
 * the values each profile promises in docs/profiles.md, precedence (a file's lines and
 * port sections and the command line override a profile, whatever the order; the
 * command line's profile wins over a file's), and the error for an unknown name, which
 * lists the names.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ptpdk_config.h"

static char err[512];

static struct ptpdk_config *parse_text(const char *text, int *rc)
{
	struct ptpdk_config *cfg = ptpdk_config_create();

	err[0] = '\0';
	*rc = ptpdk_config_parse(cfg, "t.cfg", text, strlen(text), err, sizeof(err));
	return cfg;
}

/* The two configurations read the same value of @p key (global). */
static bool same_value(const struct ptpdk_config *a, const struct ptpdk_config *b,
		       enum ptpdk_cfg_key key)
{
	uint8_t ma[6], mb[6];

	switch (ptpdk_config_key_info(key)->type) {
	case PTPDK_CFG_T_MAC:
		return ptpdk_config_mac(a, -1, key, ma) == 0 &&
		       ptpdk_config_mac(b, -1, key, mb) == 0 && memcmp(ma, mb, 6) == 0;
	case PTPDK_CFG_T_STRING:
	case PTPDK_CFG_T_ENUM:
		return strcmp(ptpdk_config_str(a, -1, key), ptpdk_config_str(b, -1, key)) == 0;
	case PTPDK_CFG_T_DOUBLE:
		return ptpdk_config_double(a, -1, key) == ptpdk_config_double(b, -1, key);
	default:
		return ptpdk_config_int(a, -1, key) == ptpdk_config_int(b, -1, key);
	}
}

/* Each profile by name: its enum index, and every key it sets reads as set, from it. */
static void test_every_profile(void)
{
	for (int p = 0; p < PTPDK_CFG_PROFILE_COUNT; p++) {
		const struct ptpdk_cfg_profile_info *info = ptpdk_config_profile_info(p);
		const char *name = ptpdk_config_enum_name(PTPDK_CFG_profile, p);
		struct ptpdk_config *cfg;
		char text[128], origin[64], want[64];
		int rc;

		CHECK(info && name && strcmp(info->name, name) == 0);
		if (!info || !name)
			continue;
		snprintf(text, sizeof(text), "[global]\nprofile %s\n", name);
		cfg = parse_text(text, &rc);
		CHECK_EQ_INT(rc, 0);
		if (rc)
			fprintf(stderr, "profile %s: %s\n", name, err);
		CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_profile), p);
		snprintf(want, sizeof(want), "profile %s", name);
		for (size_t i = 0; i < info->n_settings; i++) {
			const struct ptpdk_cfg_profile_setting *st = &info->settings[i];
			struct ptpdk_config *ref = ptpdk_config_create();
			int id = ptpdk_config_key_find(st->key, false);

			CHECK(id >= 0 && id != PTPDK_CFG_profile);
			if (id < 0) {
				ptpdk_config_destroy(ref);
				continue;
			}
			CHECK_EQ_INT(
				ptpdk_config_set_cli(ref, st->key, st->value, err, sizeof(err)), 0);
			CHECK(same_value(cfg, ref, (enum ptpdk_cfg_key)id));
			CHECK_EQ_INT(ptpdk_config_origin(cfg, -1, (enum ptpdk_cfg_key)id, origin,
							 sizeof(origin)),
				     0);
			CHECK(strcmp(origin, want) == 0);
			ptpdk_config_destroy(ref);
		}
		ptpdk_config_destroy(cfg);
	}
	CHECK(ptpdk_config_profile_info(PTPDK_CFG_PROFILE_COUNT) == NULL);
}

/* The values docs/profiles.md promises. */
static void test_profile_values(void)
{
	struct ptpdk_config *cfg;
	uint8_t mac[6];
	static const uint8_t non_forwardable[6] = { 0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E };
	int rc;

	cfg = parse_text("[global]\nprofile g8275.1\n", &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_network_transport),
		     PTPDK_CFG_TRANSPORT_L2);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 24);
	CHECK_EQ_INT(ptpdk_config_mac(cfg, -1, PTPDK_CFG_ptp_dst_mac, mac), 0);
	CHECK(memcmp(mac, non_forwardable, 6) == 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_dataset_comparison),
		     PTPDK_CFG_DSCMP_G8275);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logSyncInterval), -4);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logAnnounceInterval), -3);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logMinDelayReqInterval), -4);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_announceReceiptTimeout), 3);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_G8275_defaultDS_localPriority), 128);
	ptpdk_config_destroy(cfg);

	cfg = parse_text("[global]\nprofile g8275.2\n", &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_network_transport),
		     PTPDK_CFG_TRANSPORT_UDPV4);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 44);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_dataset_comparison),
		     PTPDK_CFG_DSCMP_G8275);
	CHECK(ptpdk_config_bool(cfg, -1, PTPDK_CFG_unicast_listen));
	CHECK(ptpdk_config_bool(cfg, -1, PTPDK_CFG_hybrid_e2e));
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_unicast_req_duration), 60);
	ptpdk_config_destroy(cfg);

	cfg = parse_text("[global]\nprofile enterprise\n", &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK(ptpdk_config_bool(cfg, -1, PTPDK_CFG_hybrid_e2e));
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_network_transport),
		     PTPDK_CFG_TRANSPORT_UDPV4);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_delay_mechanism), PTPDK_CFG_DELAY_E2E);
	ptpdk_config_destroy(cfg);

	cfg = parse_text("[global]\nprofile gptp\n", &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_network_transport),
		     PTPDK_CFG_TRANSPORT_L2);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_delay_mechanism), PTPDK_CFG_DELAY_P2P);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_transportSpecific), 1);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_neighborPropDelayThresh), 800);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_priority1), 248);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logSyncInterval), -3);
	ptpdk_config_destroy(cfg);

	cfg = parse_text("[global]\nprofile default-p2p\n", &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_delay_mechanism), PTPDK_CFG_DELAY_P2P);
	ptpdk_config_destroy(cfg);

	/* none: the table's defaults */
	cfg = parse_text("[global]\nprofile none\n", &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logSyncInterval), 0);
	ptpdk_config_destroy(cfg);
}

/* A file's [global] and port lines and the command line override the profile, before
 * or after the profile line; the command line's profile replaces a file's. */
static void test_precedence(void)
{
	struct ptpdk_config *cfg;
	char origin[64];
	int rc;

	cfg = parse_text("[global]\ndomainNumber 25\nprofile g8275.1\nlogSyncInterval -5\n"
			 "[eth0]\nlogAnnounceInterval -2\n",
			 &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 25);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logSyncInterval), -5);
	CHECK_EQ_INT(ptpdk_config_int(cfg, 0, PTPDK_CFG_logSyncInterval), -5);
	CHECK_EQ_INT(ptpdk_config_int(cfg, 0, PTPDK_CFG_logAnnounceInterval), -2);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logAnnounceInterval), -3);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, 0, PTPDK_CFG_network_transport),
		     PTPDK_CFG_TRANSPORT_L2);
	ptpdk_config_origin(cfg, -1, PTPDK_CFG_domainNumber, origin, sizeof(origin));
	CHECK(strcmp(origin, "t.cfg:2") == 0);
	ptpdk_config_origin(cfg, 0, PTPDK_CFG_network_transport, origin, sizeof(origin));
	CHECK(strcmp(origin, "profile g8275.1") == 0);
	/* The command line over both. */
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "network-transport", "UDPv6", err, sizeof(err)), 0);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, 0, PTPDK_CFG_network_transport),
		     PTPDK_CFG_TRANSPORT_UDPV6);
	/* --profile gptp replaces the file's g8275.1; the file's own lines stay. */
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "profile", "gptp", err, sizeof(err)), 0);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_transportSpecific), 1);
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_dataset_comparison),
		     PTPDK_CFG_DSCMP_IEEE1588);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 25);
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_logSyncInterval), -5);
	ptpdk_config_destroy(cfg);

	/* --profile before -f: a file's profile line does not undo it. */
	cfg = ptpdk_config_create();
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "profile", "enterprise", err, sizeof(err)), 0);
	{
		static const char text[] = "[global]\nprofile g8275.1\n";

		CHECK_EQ_INT(ptpdk_config_parse(cfg, "t.cfg", text, strlen(text), err, sizeof(err)),
			     0);
	}
	CHECK_EQ_INT(ptpdk_config_enum(cfg, -1, PTPDK_CFG_profile), PTPDK_CFG_PROFILE_ENTERPRISE);
	CHECK(ptpdk_config_bool(cfg, -1, PTPDK_CFG_hybrid_e2e));
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 0);
	ptpdk_config_destroy(cfg);
}

static void test_unknown(void)
{
	static const char *const names[] = { "default-e2e", "default-p2p", "g8275.1",
					     "g8275.2",	    "enterprise",  "gptp" };
	struct ptpdk_config *cfg;
	int rc;

	cfg = parse_text("[global]\nprofile g8275.3\n", &rc);
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK(strstr(err, "t.cfg:2") != NULL);
	CHECK(strstr(err, "g8275.3") != NULL);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK(strstr(err, names[i]) != NULL);
	/* Nothing of any profile was applied. */
	CHECK_EQ_INT(ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber), 0);
	CHECK_EQ_INT(ptpdk_config_set_cli(cfg, "profile", "telecom", err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "command line") != NULL);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK(strstr(err, names[i]) != NULL);
	ptpdk_config_destroy(cfg);
	/* A profile is the clock's: not in a port section. */
	cfg = parse_text("[global]\n[eth0]\nprofile gptp\n", &rc);
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK(strstr(err, "global only") != NULL);
	ptpdk_config_destroy(cfg);
}

int main(void)
{
	check_seed("test_config_profiles");
	test_every_profile();
	test_profile_values();
	test_precedence();
	test_unknown();
	return check_report("test_config_profiles");
}
