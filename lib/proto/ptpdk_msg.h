/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * IEEE 1588-2008 (v2.0, and v2.1 of 1588-2019) PTP messages: decoded form,
 * decoder and encoder.
 *
 * The decoded form is host-order and typed. Variable-length parts (unknown TLVs,
 * PATH_TRACE lists, texts, unparsed management data) are views into the buffer
 * that was decoded: a struct ptpdk_msg is valid only while that buffer is.
 * Reserved fields are not kept: they are sent as zero and ignored on receipt
 * (1588-2008 5.3, 13.1); messageTypeSpecific and minorSdoId are kept because
 * 1588-2019 gives them meaning.
 */
#ifndef PTPDK_MSG_H
#define PTPDK_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_reject.h"
#include "ptpdk_time.h"

#define PTPDK_HEADER_LEN   34
#define PTPDK_MSG_MAX_TLVS 16
#define PTPDK_MSG_MAX_LEN  1500
#define PTPDK_CLOCK_ID_LEN 8

/** messageType (1588-2008 Table 19). Values below 0x8 are event messages. */
enum ptpdk_msg_type {
	PTPDK_MSG_SYNC = 0x0,
	PTPDK_MSG_DELAY_REQ = 0x1,
	PTPDK_MSG_PDELAY_REQ = 0x2,
	PTPDK_MSG_PDELAY_RESP = 0x3,
	PTPDK_MSG_FOLLOW_UP = 0x8,
	PTPDK_MSG_DELAY_RESP = 0x9,
	PTPDK_MSG_PDELAY_RESP_FOLLOW_UP = 0xA,
	PTPDK_MSG_ANNOUNCE = 0xB,
	PTPDK_MSG_SIGNALING = 0xC,
	PTPDK_MSG_MANAGEMENT = 0xD,
};
#define PTPDK_MSG_TYPE_COUNT 16

/* flagField (1588-2008 Table 20), as a host-order u16: octet 0 is the high byte. */
#define PTPDK_FLAG_ALTERNATE_MASTER  0x0100
#define PTPDK_FLAG_TWO_STEP	     0x0200
#define PTPDK_FLAG_UNICAST	     0x0400
#define PTPDK_FLAG_PROFILE_SPECIFIC1 0x2000
#define PTPDK_FLAG_PROFILE_SPECIFIC2 0x4000
#define PTPDK_FLAG_LEAP61	     0x0001
#define PTPDK_FLAG_LEAP59	     0x0002
#define PTPDK_FLAG_UTC_OFFSET_VALID  0x0004
#define PTPDK_FLAG_PTP_TIMESCALE     0x0008
#define PTPDK_FLAG_TIME_TRACEABLE    0x0010
#define PTPDK_FLAG_FREQ_TRACEABLE    0x0020
#define PTPDK_FLAG_SYNC_UNCERTAIN    0x0040 /**< 1588-2019 */

/** tlvType (1588-2008 Table 34; 0x4000/0x8000 from 1588-2019 Table 52). */
enum ptpdk_tlv_type {
	PTPDK_TLV_MANAGEMENT = 0x0001,
	PTPDK_TLV_MANAGEMENT_ERROR_STATUS = 0x0002,
	PTPDK_TLV_ORGANIZATION_EXTENSION = 0x0003,
	PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION = 0x0004,
	PTPDK_TLV_GRANT_UNICAST_TRANSMISSION = 0x0005,
	PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION = 0x0006,
	PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION = 0x0007,
	PTPDK_TLV_PATH_TRACE = 0x0008,
	PTPDK_TLV_ORGANIZATION_EXTENSION_PROPAGATE = 0x4000,
	PTPDK_TLV_ORGANIZATION_EXTENSION_NON_PROPAGATE = 0x8000,
};

/** managementId values ptpdk decodes (1588-2008 Table 40; 0xC000 is linuxptp's). */
enum ptpdk_mgmt_id {
	PTPDK_MGMT_DEFAULT_DATA_SET = 0x2000,
	PTPDK_MGMT_CURRENT_DATA_SET = 0x2001,
	PTPDK_MGMT_PARENT_DATA_SET = 0x2002,
	PTPDK_MGMT_TIME_PROPERTIES_DATA_SET = 0x2003,
	PTPDK_MGMT_PORT_DATA_SET = 0x2004,
	PTPDK_MGMT_TIME_STATUS_NP = 0xC000,
};

/** actionField (1588-2008 Table 38). */
enum ptpdk_mgmt_action {
	PTPDK_ACTION_GET = 0,
	PTPDK_ACTION_SET = 1,
	PTPDK_ACTION_RESPONSE = 2,
	PTPDK_ACTION_COMMAND = 3,
	PTPDK_ACTION_ACKNOWLEDGE = 4,
};

struct ptpdk_port_identity {
	uint8_t clock_identity[PTPDK_CLOCK_ID_LEN];
	uint16_t port_number;
};

struct ptpdk_clock_quality {
	uint8_t clock_class;
	uint8_t clock_accuracy;
	uint16_t offset_scaled_log_variance;
};

/** Common header (1588-2008 13.3). */
struct ptpdk_header {
	uint8_t major_sdo_id;	 /**< transportSpecific in 1588-2008 (4 bits) */
	uint8_t message_type;	 /**< enum ptpdk_msg_type (4 bits) */
	uint8_t minor_version;	 /**< 0 for 1588-2008, 1 for 1588-2019 */
	uint8_t version;	 /**< always 2 */
	uint16_t message_length; /**< set by the encoder; as received after decoding */
	uint8_t domain_number;
	uint8_t minor_sdo_id;
	uint16_t flags;	    /**< PTPDK_FLAG_* */
	int64_t correction; /**< scaled ns (ns * 2^16) */
	uint32_t message_type_specific;
	struct ptpdk_port_identity source_port_identity;
	uint16_t sequence_id;
	uint8_t control_field;
	int8_t log_message_interval;
};

/** Sync, Delay_Req (originTimestamp) and Follow_Up (preciseOriginTimestamp). */
struct ptpdk_body_timestamp {
	struct ptpdk_wire_ts timestamp;
};

/**
 * Delay_Resp (receiveTimestamp), Pdelay_Resp (requestReceiptTimestamp) and
 * Pdelay_Resp_Follow_Up (responseOriginTimestamp); Pdelay_Req uses only the timestamp.
 */
struct ptpdk_body_response {
	struct ptpdk_wire_ts timestamp;
	struct ptpdk_port_identity requesting_port_identity;
};

/** Announce (1588-2008 13.5). */
struct ptpdk_body_announce {
	struct ptpdk_wire_ts origin_timestamp;
	int16_t current_utc_offset;
	uint8_t grandmaster_priority1;
	struct ptpdk_clock_quality grandmaster_clock_quality;
	uint8_t grandmaster_priority2;
	uint8_t grandmaster_identity[PTPDK_CLOCK_ID_LEN];
	uint16_t steps_removed;
	uint8_t time_source;
};

/** Signaling (13.12) and Management (15.4) bodies; the hop/action fields are Management only. */
struct ptpdk_body_targeted {
	struct ptpdk_port_identity target_port_identity;
	uint8_t starting_boundary_hops;
	uint8_t boundary_hops;
	uint8_t action; /**< enum ptpdk_mgmt_action */
};

/* ---- Management data sets (1588-2008 15.5.3) ---- */
#define PTPDK_DDS_FLAG_TWO_STEP	  0x01
#define PTPDK_DDS_FLAG_SLAVE_ONLY 0x02

struct ptpdk_ds_default {
	uint8_t flags; /**< PTPDK_DDS_FLAG_* */
	uint16_t number_ports;
	uint8_t priority1;
	struct ptpdk_clock_quality clock_quality;
	uint8_t priority2;
	uint8_t clock_identity[PTPDK_CLOCK_ID_LEN];
	uint8_t domain_number;
};

struct ptpdk_ds_current {
	uint16_t steps_removed;
	int64_t offset_from_master; /**< TimeInterval, scaled ns */
	int64_t mean_path_delay;    /**< TimeInterval, scaled ns */
};

struct ptpdk_ds_parent {
	struct ptpdk_port_identity parent_port_identity;
	uint8_t flags; /**< bit 0: parentStats */
	uint16_t observed_parent_offset_scaled_log_variance;
	int32_t observed_parent_clock_phase_change_rate;
	uint8_t grandmaster_priority1;
	struct ptpdk_clock_quality grandmaster_clock_quality;
	uint8_t grandmaster_priority2;
	uint8_t grandmaster_identity[PTPDK_CLOCK_ID_LEN];
};

/* TIME_PROPERTIES_DATA_SET flags (15.5.3.6.2 Table 73 order). */
#define PTPDK_TPDS_LEAP61 0x01
#define PTPDK_TPDS_LEAP59 0x02
#define PTPDK_TPDS_UTCV	  0x04
#define PTPDK_TPDS_PTP	  0x08
#define PTPDK_TPDS_TTRA	  0x10
#define PTPDK_TPDS_FTRA	  0x20

struct ptpdk_ds_time_properties {
	int16_t current_utc_offset;
	uint8_t flags; /**< PTPDK_TPDS_* */
	uint8_t time_source;
};

struct ptpdk_ds_port {
	struct ptpdk_port_identity port_identity;
	uint8_t port_state;
	int8_t log_min_delay_req_interval;
	int64_t peer_mean_path_delay; /**< TimeInterval, scaled ns */
	int8_t log_announce_interval;
	uint8_t announce_receipt_timeout;
	int8_t log_sync_interval;
	uint8_t delay_mechanism;
	int8_t log_min_pdelay_req_interval;
	uint8_t version_number; /**< low 4 bits */
};

/** ScaledNs (802.1AS 6.4.3.1, linuxptp): 96-bit signed ns scaled by 2^16, kept as its three parts.
 */
struct ptpdk_scaled_ns96 {
	uint16_t nanoseconds_msb;
	uint64_t nanoseconds_lsb;
	uint16_t fractional_nanoseconds;
};

/** linuxptp's TIME_STATUS_NP (managementId 0xC000). */
struct ptpdk_ds_time_status_np {
	int64_t master_offset; /**< ns */
	int64_t ingress_time;  /**< ns */
	int32_t cumulative_scaled_rate_offset;
	int32_t scaled_last_gm_phase_change;
	uint16_t gm_time_base_indicator;
	struct ptpdk_scaled_ns96 last_gm_phase_change;
	int32_t gm_present;
	uint8_t gm_identity[PTPDK_CLOCK_ID_LEN];
};

/* ---- TLVs ---- */
struct ptpdk_tlv_management {
	uint16_t management_id;
	uint16_t data_length; /**< dataField octets; 0 for an empty GET */
	bool data_parsed;     /**< ds holds the decoded data set (known id, data present) */
	const uint8_t *data;  /**< view of dataField (raw; used to encode when !data_parsed) */
	union {
		struct ptpdk_ds_default default_ds;
		struct ptpdk_ds_current current_ds;
		struct ptpdk_ds_parent parent_ds;
		struct ptpdk_ds_time_properties time_properties_ds;
		struct ptpdk_ds_port port_ds;
		struct ptpdk_ds_time_status_np time_status_np;
	} ds;
};

struct ptpdk_tlv_management_error {
	uint16_t management_error_id;
	uint16_t management_id;
	uint8_t display_length; /**< PTPText length; 0 with no displayData */
	bool has_display_data;
	const uint8_t *display_text; /**< view, display_length octets, not NUL-terminated */
};

/** 802.1AS-2011 11.4.4.3 Follow_Up information TLV (orgId 00-80-C2, subtype 1). */
struct ptpdk_follow_up_info {
	int32_t cumulative_scaled_rate_offset;
	uint16_t gm_time_base_indicator;
	struct ptpdk_scaled_ns96 last_gm_phase_change;
	int32_t scaled_last_gm_freq_change;
};

struct ptpdk_tlv_org {
	uint8_t organization_id[3];
	uint8_t organization_sub_type[3];
	uint16_t data_length;
	const uint8_t *data; /**< view; used to encode unless is_follow_up_info */
	bool is_follow_up_info;
	struct ptpdk_follow_up_info follow_up_info;
};

/** REQUEST/GRANT/CANCEL/ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION (1588-2008 16.1.4). */
struct ptpdk_tlv_unicast {
	uint8_t message_type;		 /**< upper nibble on the wire */
	int8_t log_inter_message_period; /**< REQUEST and GRANT */
	uint32_t duration;		 /**< REQUEST and GRANT, seconds */
	bool renewal_invited;		 /**< GRANT only */
};

struct ptpdk_tlv_path_trace {
	uint16_t count;		   /**< number of ClockIdentities */
	const uint8_t *identities; /**< view, count * 8 octets */
};

/** One TLV. For types the codec does not know only type, length and value are set. */
struct ptpdk_tlv {
	uint16_t type;
	uint16_t length; /**< lengthField: octets of value; computed by the encoder for known types
			  */
	const uint8_t *value; /**< view of the value octets in the decoded buffer */
	union {
		struct ptpdk_tlv_management management;
		struct ptpdk_tlv_management_error management_error;
		struct ptpdk_tlv_org org;
		struct ptpdk_tlv_unicast unicast;
		struct ptpdk_tlv_path_trace path_trace;
	} u;
};

/** A decoded (or to-be-encoded) PTP message. */
struct ptpdk_msg {
	struct ptpdk_header header;
	union {
		struct ptpdk_body_timestamp
			timestamp; /**< Sync, Delay_Req, Follow_Up, Pdelay_Req */
		struct ptpdk_body_response
			response; /**< Delay_Resp, Pdelay_Resp, Pdelay_Resp_Follow_Up */
		struct ptpdk_body_announce announce;
		struct ptpdk_body_targeted targeted; /**< Signaling, Management */
	} body;
	uint16_t tlv_count;
	uint16_t unknown_tlv_count; /**< TLVs kept as raw views only */
	struct ptpdk_tlv tlvs[PTPDK_MSG_MAX_TLVS];
};

/** @return true for Sync, Delay_Req, Pdelay_Req and Pdelay_Resp (timestamped, UDP port 319). */
static inline bool ptpdk_msg_type_is_event(unsigned message_type)
{
	return message_type < 0x8;
}

/** "Sync", "Delay_Req", … ; "Reserved(0xN)" style names are not returned: unknown gives "Unknown".
 */
const char *ptpdk_msg_type_name(unsigned message_type);

/** Octets of the fixed part (header + body) of a type; 0 for a reserved type. */
size_t ptpdk_msg_fixed_length(unsigned message_type);

/**
 * Decode and validate a PTP message.
 *
 * Reads at most @p len octets (and at most messageLength). Octets after
 * messageLength (Ethernet padding) are ignored. Unknown TLV types are kept as views
 * and counted in unknown_tlv_count.
 *
 * @param buf    message octets, starting with the common header
 * @param len    octets available in @p buf
 * @param msg    filled on success; views point into @p buf
 * @param reason set to why the message was refused (unchanged on success); may be NULL
 * @return 0 on success; -EBADMSG when refused (see @p reason); -EINVAL for NULL buf/msg.
 */
int ptpdk_msg_decode(const uint8_t *buf, size_t len, struct ptpdk_msg *msg,
		     enum ptpdk_reject *reason);

/**
 * Encode a message. messageLength is computed; header.message_length is ignored.
 * TLV lengths are computed for known types and taken from tlv.length for raw ones.
 *
 * @return octets written; -ENOSPC when @p cap is too small; -EINVAL for an unknown
 *         message type, an invalid timestamp, a TLV view missing its data, or more
 *         than PTPDK_MSG_MAX_TLVS TLVs; -ERANGE when the message would exceed 65535 octets.
 */
int ptpdk_msg_encode(const struct ptpdk_msg *msg, uint8_t *buf, size_t cap);

/** Octets a TLV's value takes when encoded (lengthField); -EINVAL for an inconsistent TLV. */
int ptpdk_tlv_value_length(const struct ptpdk_tlv *tlv);

/** Octets of a known management data set, 0 for an id the codec does not parse. */
size_t ptpdk_mgmt_data_set_length(uint16_t management_id);

#endif
