/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * What a management request may read: the clock's data sets (IEEE 1588-2008 8.2,
 * 15.5.3) and linuxptp's _NP additions, as one plain value. The engine lcore fills
 * the data-set part (ptpdk_ptp_clock_mgmt_view()) and publishes it with its status;
 * the daemon adds what only it knows (interface names, per-port message counts,
 * the clock description); the responder (ptpdk_mgmt_responder.h) answers GETs from
 * a copy, so that management never waits for, nor blocks, the engine.
 */
#ifndef PTPDK_MGMT_VIEW_H
#define PTPDK_MGMT_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_limits.h"
#include "ptpdk_msg.h"

/** Longest PTPText the view keeps (1588 allows 255 octets; ptp4l keeps 128). */
#define PTPDK_MGMT_TEXT_MAX 128

/** PORT_PROPERTIES_NP timestamping values (linuxptp's enum timestamp_type). */
enum ptpdk_mgmt_timestamping {
	PTPDK_MGMT_TS_SOFTWARE = 0,
	PTPDK_MGMT_TS_HARDWARE = 1,
	PTPDK_MGMT_TS_LEGACY_HW = 2,
	PTPDK_MGMT_TS_ONESTEP = 3,
	PTPDK_MGMT_TS_P2P1STEP = 4,
};

/** CLOCK_DESCRIPTION clockType bits (1588-2008 15.5.3.1.2.1). */
#define PTPDK_CLOCK_TYPE_ORDINARY 0x8000
#define PTPDK_CLOCK_TYPE_BOUNDARY 0x4000

/** networkProtocol of a PortAddress (1588-2008 Table 3). */
enum ptpdk_network_protocol {
	PTPDK_NETWORK_UDP_IPV4 = 1,
	PTPDK_NETWORK_UDP_IPV6 = 2,
	PTPDK_NETWORK_IEEE_802_3 = 3,
};

struct ptpdk_mgmt_port_view {
	struct ptpdk_ds_port port_ds;
	/* PORT_DATA_SET_NP */
	uint32_t neighbor_prop_delay_thresh_ns;
	int32_t as_capable;
	/* PORT_PROPERTIES_NP */
	uint8_t timestamping; /**< enum ptpdk_mgmt_timestamping */
	char interface[PTPDK_MGMT_TEXT_MAX];
	/* PORT_STATS_NP: PTP messages by messageType, as the port's datapath counted them */
	uint64_t rx_by_type[16];
	uint64_t tx_by_type[16];
	/* CLOCK_DESCRIPTION of a request addressed to this port */
	uint8_t mac[6];
	uint16_t network_protocol; /**< enum ptpdk_network_protocol */
	uint8_t protocol_address[16];
	uint8_t protocol_address_len;
};

/** GRANDMASTER_SETTINGS_NP: what the clock announces when it is grandmaster. */
struct ptpdk_mgmt_gm_settings {
	struct ptpdk_clock_quality quality;
	int16_t utc_offset;
	uint8_t time_flags; /**< PTPDK_TPDS_* */
	uint8_t time_source;
};

struct ptpdk_mgmt_view {
	struct ptpdk_ds_default default_ds;
	struct ptpdk_ds_current current_ds;
	struct ptpdk_ds_parent parent_ds;
	struct ptpdk_ds_time_properties time_properties_ds;
	struct ptpdk_ds_time_status_np time_status_np;
	struct ptpdk_mgmt_gm_settings gm_settings;
	/* CLOCK_DESCRIPTION and USER_DESCRIPTION */
	uint16_t clock_type; /**< PTPDK_CLOCK_TYPE_* */
	char user_description[PTPDK_MGMT_TEXT_MAX];
	char product_description[PTPDK_MGMT_TEXT_MAX];
	char revision_data[PTPDK_MGMT_TEXT_MAX];
	uint8_t manufacturer_identity[3];
	uint8_t profile_identity[6];
	unsigned n_ports;
	struct ptpdk_mgmt_port_view ports[PTPDK_MAX_PORTS];
};

#endif
