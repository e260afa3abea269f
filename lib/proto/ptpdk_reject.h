/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Why a frame was refused. Every refusal in the codec names one of these, and
 * every consumer counts them, so an operator can tell a misconfigured peer
 * (wrong port, bad version) from a damaged link (checksum, truncation).
 */
#ifndef PTPDK_REJECT_H
#define PTPDK_REJECT_H

#include <stdint.h>

enum ptpdk_reject {
	PTPDK_REJECT_NONE = 0,
	/* Encapsulation */
	PTPDK_REJECT_TRUNCATED_FRAME,  /**< shorter than its Ethernet/VLAN/IP/UDP headers */
	PTPDK_REJECT_VLAN_STACK,       /**< more than one 802.1Q/802.1ad tag */
	PTPDK_REJECT_BAD_IP_HEADER,    /**< IPv4 IHL/total length or IPv6 payload length wrong */
	PTPDK_REJECT_BAD_IP_CHECKSUM,  /**< IPv4 header checksum */
	PTPDK_REJECT_IP_FRAGMENT,      /**< PTP is never fragmented */
	PTPDK_REJECT_BAD_UDP_LENGTH,   /**< UDP length disagrees with the IP length */
	PTPDK_REJECT_BAD_UDP_CHECKSUM, /**< wrong checksum, or zero over IPv6 */
	PTPDK_REJECT_WRONG_PORT,       /**< event message on 320 or general on 319 */
	/* PTP message */
	PTPDK_REJECT_TRUNCATED,	      /**< buffer shorter than header or messageLength */
	PTPDK_REJECT_BAD_VERSION,     /**< versionPTP != 2 or minorVersionPTP > 1 */
	PTPDK_REJECT_UNKNOWN_TYPE,    /**< reserved messageType */
	PTPDK_REJECT_LENGTH_MISMATCH, /**< messageLength below the type's fixed body */
	PTPDK_REJECT_BAD_TIMESTAMP,   /**< nanoseconds >= 10^9 */
	PTPDK_REJECT_BAD_TLV_LENGTH,  /**< TLV past the message end, odd, or wrong for its type */
	PTPDK_REJECT_TOO_MANY_TLVS,   /**< more TLVs than PTPDK_MSG_MAX_TLVS */
	PTPDK_REJECT_BAD_MANAGEMENT,  /**< management message without its one management TLV */
	PTPDK_REJECT_BAD_ACTION,      /**< management actionField above ACKNOWLEDGE */
	PTPDK_REJECT_MAX
};

/** Counters indexed by enum ptpdk_reject; one owner increments them. */
struct ptpdk_reject_counters {
	uint64_t count[PTPDK_REJECT_MAX];
};

/** Short stable name ("truncated", "wrong_port", …) for logs, JSON and tables; "invalid" if out of
 * range. */
const char *ptpdk_reject_name(enum ptpdk_reject reason);

#endif
