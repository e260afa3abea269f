/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_reject.h"

static const char *const reject_names[PTPDK_REJECT_MAX] = {
	[PTPDK_REJECT_NONE] = "none",
	[PTPDK_REJECT_TRUNCATED_FRAME] = "truncated_frame",
	[PTPDK_REJECT_VLAN_STACK] = "vlan_stack",
	[PTPDK_REJECT_BAD_IP_HEADER] = "bad_ip_header",
	[PTPDK_REJECT_BAD_IP_CHECKSUM] = "bad_ip_checksum",
	[PTPDK_REJECT_IP_FRAGMENT] = "ip_fragment",
	[PTPDK_REJECT_BAD_UDP_LENGTH] = "bad_udp_length",
	[PTPDK_REJECT_BAD_UDP_CHECKSUM] = "bad_udp_checksum",
	[PTPDK_REJECT_WRONG_PORT] = "wrong_port",
	[PTPDK_REJECT_TRUNCATED] = "truncated",
	[PTPDK_REJECT_BAD_VERSION] = "bad_version",
	[PTPDK_REJECT_UNKNOWN_TYPE] = "unknown_type",
	[PTPDK_REJECT_LENGTH_MISMATCH] = "length_mismatch",
	[PTPDK_REJECT_BAD_TIMESTAMP] = "bad_timestamp",
	[PTPDK_REJECT_BAD_TLV_LENGTH] = "bad_tlv_length",
	[PTPDK_REJECT_TOO_MANY_TLVS] = "too_many_tlvs",
	[PTPDK_REJECT_BAD_MANAGEMENT] = "bad_management",
	[PTPDK_REJECT_BAD_ACTION] = "bad_action",
};

const char *ptpdk_reject_name(enum ptpdk_reject reason)
{
	if ((unsigned)reason >= PTPDK_REJECT_MAX)
		return "invalid";
	return reject_names[reason];
}
