/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * nqptp's control port grammar, as Shairport Sync speaks it: one UDP datagram of at
 * most PTPDK_NQPTP_CONTROL_MAX octets, text ending with a NUL,
 *
 *	<smi_name> <command> [<address> ...]
 *
 * where smi_name is the shared-memory name the client reads ("/nqptp") and command is
 *   T <ip> [<ip> ...]  the timing peer list; the first address is the master to follow
 *   T                  clear the list (the region is zeroed)
 *   B                  play begins or resumes: the clock is needed
 *   E                  play ends: the clock may sleep soon
 *   P                  pause: nothing to do
 * Addresses are IPv4 dotted quads or IPv6 text (a "%scope" suffix is accepted and
 * ignored; an IPv4-mapped IPv6 address is taken as the IPv4 address, since that is how
 * the same peer's PTP messages arrive). Tokens are separated by one or more spaces.
 *
 * Pure: no socket, no clock. Anything else is refused with a reason, which the caller
 * counts (ptpdk_nqptp_ctl_count()); a refused datagram changes nothing. Where nqptp
 * differs: it ignores smi_name (we serve one region and refuse other names), and lets
 * B/E/P with arguments or an unparsable address reset its clock table (we refuse
 * them). Like nqptp, a bare smi_name clears as T alone does.
 */
#ifndef PTPDK_NQPTP_CTL_H
#define PTPDK_NQPTP_CTL_H

#include <stddef.h>
#include <stdint.h>

#include "ptpdk_addr.h"
#include "ptpdk_nqptp_layout.h"

/** Peers kept from one T command; nqptp follows only the first, the rest are listed. */
#define PTPDK_NQPTP_MAX_PEERS 32

enum ptpdk_nqptp_cmd {
	PTPDK_NQPTP_CMD_PEERS = 0, /**< T with a list: follow peers[0] */
	PTPDK_NQPTP_CMD_CLEAR,	   /**< T alone (or the smi_name alone) */
	PTPDK_NQPTP_CMD_PLAY,	   /**< B */
	PTPDK_NQPTP_CMD_STOP,	   /**< E */
	PTPDK_NQPTP_CMD_PAUSE,	   /**< P */
	PTPDK_NQPTP_CMD_COUNT
};

/** Why a datagram was refused; 0 (PTPDK_NQPTP_CTL_OK) when it was not. */
enum ptpdk_nqptp_ctl_result {
	PTPDK_NQPTP_CTL_OK = 0,
	PTPDK_NQPTP_CTL_EMPTY,		 /**< zero octets */
	PTPDK_NQPTP_CTL_OVERSIZED,	 /**< more than PTPDK_NQPTP_CONTROL_MAX octets */
	PTPDK_NQPTP_CTL_UNTERMINATED,	 /**< the last octet is not a NUL */
	PTPDK_NQPTP_CTL_EMBEDDED_NUL,	 /**< something other than NULs after the first NUL */
	PTPDK_NQPTP_CTL_NO_NAME,	 /**< no smi_name (empty, or starts with a space) */
	PTPDK_NQPTP_CTL_OTHER_NAME,	 /**< addressed to another shared-memory name */
	PTPDK_NQPTP_CTL_UNKNOWN_COMMAND, /**< not T, B, E or P */
	PTPDK_NQPTP_CTL_UNEXPECTED_ARGS, /**< B, E or P followed by something */
	PTPDK_NQPTP_CTL_BAD_ADDRESS,	 /**< a T argument that is not an IPv4/IPv6 address */
	PTPDK_NQPTP_CTL_RESULT_COUNT
};

/** A parsed, accepted command. */
struct ptpdk_nqptp_ctl_msg {
	enum ptpdk_nqptp_cmd cmd;
	unsigned n_peers; /**< PEERS: 1..PTPDK_NQPTP_MAX_PEERS; otherwise 0 */
	/** Peers in the order given; transport PTPDK_TRANSPORT_UDP4 or _UDP6, ip set, the
	 * rest zero (compare with ptpdk_addr_identity() of a message's source). */
	struct ptpdk_addr peers[PTPDK_NQPTP_MAX_PEERS];
	unsigned peers_dropped; /**< valid addresses beyond PTPDK_NQPTP_MAX_PEERS */
};

/** What a control port has received. */
struct ptpdk_nqptp_ctl_counters {
	uint64_t accepted[PTPDK_NQPTP_CMD_COUNT];
	uint64_t refused[PTPDK_NQPTP_CTL_RESULT_COUNT]; /**< [0] unused */
	uint64_t peers_dropped;				/**< summed over accepted T commands */
};

/**
 * Parse one datagram of @p len octets addressed to @p smi_name (NULL:
 * PTPDK_NQPTP_DEFAULT_NAME). @p buf need not be terminated beyond @p len; it is never
 * written. To detect oversized datagrams, receive into a buffer one octet larger than
 * PTPDK_NQPTP_CONTROL_MAX.
 * @param out the command when accepted; zeroed otherwise
 * @return PTPDK_NQPTP_CTL_OK, or the reason for refusing it
 */
enum ptpdk_nqptp_ctl_result ptpdk_nqptp_ctl_parse(const void *buf, size_t len, const char *smi_name,
						  struct ptpdk_nqptp_ctl_msg *out);

/** Count the outcome of one ptpdk_nqptp_ctl_parse() (@p msg: its output). */
void ptpdk_nqptp_ctl_count(struct ptpdk_nqptp_ctl_counters *c, enum ptpdk_nqptp_ctl_result r,
			   const struct ptpdk_nqptp_ctl_msg *msg);

/** "ok", "oversized", ... for counters and logs; "unknown" outside the enum. */
const char *ptpdk_nqptp_ctl_result_name(enum ptpdk_nqptp_ctl_result r);

/** "T", "T-clear", "B", "E", "P"; "unknown" outside the enum. */
const char *ptpdk_nqptp_cmd_name(enum ptpdk_nqptp_cmd c);

#endif
