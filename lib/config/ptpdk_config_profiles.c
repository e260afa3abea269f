/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_config_profiles.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* IEEE 1588-2008 Annex J.3: the delay request-response default profile. */
static const struct ptpdk_cfg_profile_setting default_e2e[] = {
	{ "network_transport", "UDPv4" },  { "delay_mechanism", "E2E" },
	{ "domainNumber", "0" },	   { "dataset_comparison", "ieee1588" },
	{ "transportSpecific", "0" },	   { "logAnnounceInterval", "1" },
	{ "logSyncInterval", "0" },	   { "logMinDelayReqInterval", "0" },
	{ "announceReceiptTimeout", "3" },
};

/* IEEE 1588-2008 Annex J.4: the peer-to-peer default profile. */
static const struct ptpdk_cfg_profile_setting default_p2p[] = {
	{ "network_transport", "UDPv4" },  { "delay_mechanism", "P2P" },
	{ "domainNumber", "0" },	   { "dataset_comparison", "ieee1588" },
	{ "transportSpecific", "0" },	   { "logAnnounceInterval", "1" },
	{ "logSyncInterval", "0" },	   { "logMinPdelayReqInterval", "0" },
	{ "announceReceiptTimeout", "3" },
};

/* ITU-T G.8275.1: full timing support, Ethernet multicast to the non-forwardable
 * address, 16 Sync and Delay_Req and 8 Announce a second, the alternate BMCA.
 * The same keys and values as linuxptp's configs/G.8275.1.cfg. */
static const struct ptpdk_cfg_profile_setting g8275_1[] = {
	{ "network_transport", "L2" },
	{ "ptp_dst_mac", "01:80:C2:00:00:0E" },
	{ "delay_mechanism", "E2E" },
	{ "domainNumber", "24" },
	{ "dataset_comparison", "G.8275.x" },
	{ "G8275_defaultDS_localPriority", "128" },
	{ "G8275_portDS_localPriority", "128" },
	{ "transportSpecific", "0" },
	{ "logAnnounceInterval", "-3" },
	{ "logSyncInterval", "-4" },
	{ "logMinDelayReqInterval", "-4" },
	{ "announceReceiptTimeout", "3" },
	{ "serverOnly", "0" },
};

/* ITU-T G.8275.2: partial timing support, UDP unicast with negotiation, the alternate
 * BMCA; as linuxptp's configs/G.8275.2.cfg. A client adds its unicast_master_table. */
static const struct ptpdk_cfg_profile_setting g8275_2[] = {
	{ "network_transport", "UDPv4" },
	{ "delay_mechanism", "E2E" },
	{ "domainNumber", "44" },
	{ "dataset_comparison", "G.8275.x" },
	{ "G8275_defaultDS_localPriority", "128" },
	{ "G8275_portDS_localPriority", "128" },
	{ "transportSpecific", "0" },
	{ "logAnnounceInterval", "0" },
	{ "serverOnly", "0" },
	{ "hybrid_e2e", "1" },
	{ "inhibit_multicast_service", "1" },
	{ "unicast_listen", "1" },
	{ "unicast_req_duration", "60" },
};

/* The IETF enterprise profile (draft-ietf-tictoc-ptp-enterprise-profile): multicast Sync and
 * Announce, Delay_Req and Delay_Resp by unicast (hybrid mode), over UDP. */
static const struct ptpdk_cfg_profile_setting enterprise[] = {
	{ "network_transport", "UDPv4" },
	{ "delay_mechanism", "E2E" },
	{ "dataset_comparison", "ieee1588" },
	{ "transportSpecific", "0" },
	{ "hybrid_e2e", "1" },
};

/* IEEE 802.1AS (gPTP): Ethernet, peer delay, transportSpecific 1; as linuxptp's
 * configs/gPTP.cfg. */
static const struct ptpdk_cfg_profile_setting gptp[] = {
	{ "network_transport", "L2" },
	{ "ptp_dst_mac", "01:80:C2:00:00:0E" },
	{ "delay_mechanism", "P2P" },
	{ "domainNumber", "0" },
	{ "dataset_comparison", "ieee1588" },
	{ "transportSpecific", "1" },
	{ "priority1", "248" },
	{ "priority2", "248" },
	{ "gmCapable", "1" },
	{ "logAnnounceInterval", "0" },
	{ "logSyncInterval", "-3" },
	{ "logMinPdelayReqInterval", "0" },
	{ "syncReceiptTimeout", "3" },
	{ "neighborPropDelayThresh", "800" },
	{ "min_neighbor_prop_delay", "-20000000" },
	{ "assume_two_step", "1" },
	{ "path_trace_enabled", "1" },
};

static const struct ptpdk_cfg_profile_info profiles[PTPDK_CFG_PROFILE_COUNT] = {
	[PTPDK_CFG_PROFILE_NONE] = { "none", "no profile: the table's defaults", NULL, 0 },
	[PTPDK_CFG_PROFILE_DEFAULT_E2E] = { "default-e2e", "IEEE 1588 default profile, E2E",
					    default_e2e, N(default_e2e) },
	[PTPDK_CFG_PROFILE_DEFAULT_P2P] = { "default-p2p", "IEEE 1588 default profile, P2P",
					    default_p2p, N(default_p2p) },
	[PTPDK_CFG_PROFILE_G8275_1] = { "g8275.1", "ITU-T G.8275.1 telecom profile (L2)", g8275_1,
					N(g8275_1) },
	[PTPDK_CFG_PROFILE_G8275_2] = { "g8275.2", "ITU-T G.8275.2 telecom profile (UDP unicast)",
					g8275_2, N(g8275_2) },
	[PTPDK_CFG_PROFILE_ENTERPRISE] = { "enterprise", "enterprise profile (hybrid mode)",
					   enterprise, N(enterprise) },
	[PTPDK_CFG_PROFILE_GPTP] = { "gptp", "IEEE 802.1AS (gPTP) settings", gptp, N(gptp) },
};

const struct ptpdk_cfg_profile_info *ptpdk_config_profile_info(enum ptpdk_cfg_profile p)
{
	return (unsigned)p < PTPDK_CFG_PROFILE_COUNT ? &profiles[p] : NULL;
}
