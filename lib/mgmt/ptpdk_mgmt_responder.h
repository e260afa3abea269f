/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * IEEE 1588 management (1588-2008 clause 15) for pmc and the tools that speak it:
 * GET answered from a ptpdk_mgmt_view, SET validated and handed back to the caller
 * as a ptpdk_mgmt_set for the engine to apply, errors as MANAGEMENT_ERROR_STATUS.
 * Pure (style rule 1): no socket, no clock, no engine; the daemon moves the bytes.
 *
 * Addressing (15.3.1): a request whose targetPortIdentity names another clock gets
 * no reply. Clock-level ids are answered once, from port number 0 (as ptp4l does on
 * its management socket); port-level ids once per addressed port (portNumber
 * 0xFFFF: every port). Every reply is a RESPONSE (ACKNOWLEDGE to a COMMAND) with the
 * request's sequenceId, addressed to the requester's port identity.
 */
#ifndef PTPDK_MGMT_RESPONDER_H
#define PTPDK_MGMT_RESPONDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_mgmt_view.h"
#include "ptpdk_msg.h"

/** managementId values beyond those the codec decodes (1588-2008 Table 40; 0xC0xx linuxptp). */
enum ptpdk_mgmt_more_id {
	PTPDK_MGMT_NULL_MANAGEMENT = 0x0000,
	PTPDK_MGMT_CLOCK_DESCRIPTION = 0x0001,
	PTPDK_MGMT_USER_DESCRIPTION = 0x0002,
	PTPDK_MGMT_PRIORITY1 = 0x2005,
	PTPDK_MGMT_PRIORITY2 = 0x2006,
	PTPDK_MGMT_DOMAIN = 0x2007,
	PTPDK_MGMT_SLAVE_ONLY = 0x2008,
	PTPDK_MGMT_LOG_ANNOUNCE_INTERVAL = 0x2009,
	PTPDK_MGMT_ANNOUNCE_RECEIPT_TIMEOUT = 0x200A,
	PTPDK_MGMT_LOG_SYNC_INTERVAL = 0x200B,
	PTPDK_MGMT_VERSION_NUMBER = 0x200C,
	PTPDK_MGMT_CLOCK_ACCURACY = 0x2010,
	PTPDK_MGMT_TRACEABILITY_PROPERTIES = 0x2012,
	PTPDK_MGMT_TIMESCALE_PROPERTIES = 0x2013,
	PTPDK_MGMT_DELAY_MECHANISM = 0x6000,
	PTPDK_MGMT_LOG_MIN_PDELAY_REQ_INTERVAL = 0x6001,
	PTPDK_MGMT_GRANDMASTER_SETTINGS_NP = 0xC001,
	PTPDK_MGMT_PORT_DATA_SET_NP = 0xC002,
	PTPDK_MGMT_PORT_PROPERTIES_NP = 0xC004,
	PTPDK_MGMT_PORT_STATS_NP = 0xC005,
};

/** managementErrorId (1588-2008 Table 72). */
enum ptpdk_mgmt_error {
	PTPDK_MGMT_ERR_RESPONSE_TOO_BIG = 0x0001,
	PTPDK_MGMT_ERR_NO_SUCH_ID = 0x0002,
	PTPDK_MGMT_ERR_WRONG_LENGTH = 0x0003,
	PTPDK_MGMT_ERR_WRONG_VALUE = 0x0004,
	PTPDK_MGMT_ERR_NOT_SETABLE = 0x0005,
	PTPDK_MGMT_ERR_NOT_SUPPORTED = 0x0006,
	PTPDK_MGMT_ERR_GENERAL_ERROR = 0xFFFE,
};

/** A validated SET for the engine. */
struct ptpdk_mgmt_set {
	uint16_t management_id;
	uint32_t port_mask; /**< port-level ids: bit i = port index i */
	union {
		uint8_t u8;
		int8_t i8;
		struct ptpdk_mgmt_gm_settings gm;
	} value;
};

/** Data octets a reply may carry (CLOCK_DESCRIPTION with four full texts fits). */
#define PTPDK_MGMT_DATA_MAX 640

/** One reply: a message whose TLV data points into @c data (do not copy the struct). */
struct ptpdk_mgmt_reply {
	struct ptpdk_msg msg;
	uint8_t data[PTPDK_MGMT_DATA_MAX];
};

/** What the responder decided. */
enum ptpdk_mgmt_outcome {
	PTPDK_MGMT_IGNORED,  /**< not for us, or not a request: no reply */
	PTPDK_MGMT_REPLIED,  /**< the replies are ready */
	PTPDK_MGMT_APPLY,    /**< a valid SET: apply *set, then ptpdk_mgmt_answer_set() */
	PTPDK_MGMT_MALFORMED /**< not a management message with one MANAGEMENT TLV */
};

struct ptpdk_mgmt_policy {
	bool allow_set; /**< false: every SET is refused (set_refused_error) */
	/** Our own clock's identity and domain: replies come from them. */
	uint8_t clock_identity[PTPDK_CLOCK_ID_LEN];
	/** managementErrorId of a refused SET; 0: NOT_SETABLE (the read-only socket). */
	uint16_t set_refused_error;
	/** displayData of a refused SET; NULL: "this management interface is read-only". */
	const char *set_refused_text;
	/**
	 * portNumber that clock-level replies and errors come from: 0 on a Unix socket
	 * (ptp4l's UDS port); over the network the ingress port's, as ptp4l does.
	 */
	uint16_t clock_reply_port;
};

/**
 * Answer @p req from @p v. Fills up to @p max replies (*n_out of them) for
 * PTPDK_MGMT_REPLIED; fills @p set for PTPDK_MGMT_APPLY (no reply yet).
 */
enum ptpdk_mgmt_outcome ptpdk_mgmt_respond(const struct ptpdk_mgmt_view *v,
					   const struct ptpdk_mgmt_policy *policy,
					   const struct ptpdk_msg *req,
					   struct ptpdk_mgmt_reply *out, unsigned max,
					   unsigned *n_out, struct ptpdk_mgmt_set *set);

/**
 * The replies to a SET that ptpdk_mgmt_respond() returned as PTPDK_MGMT_APPLY, once
 * the engine has applied it (@p v read after that): the new values, as ptp4l does.
 * @return replies filled
 */
unsigned ptpdk_mgmt_answer_set(const struct ptpdk_mgmt_view *v,
			       const struct ptpdk_mgmt_policy *policy, const struct ptpdk_msg *req,
			       struct ptpdk_mgmt_reply *out, unsigned max);

/** An error reply to @p req (e.g. GENERAL_ERROR when the engine did not apply a SET). */
void ptpdk_mgmt_error_reply(const struct ptpdk_mgmt_view *v, const struct ptpdk_mgmt_policy *policy,
			    const struct ptpdk_msg *req, uint16_t error_id, const char *text,
			    struct ptpdk_mgmt_reply *out);

/** "PRIORITY1", "PORT_STATS_NP", …; NULL for an id ptpdk does not know. */
const char *ptpdk_mgmt_id_name(uint16_t management_id);

#endif
