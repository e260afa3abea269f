/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine_cdesc.h"

#include "compliance_counts.h"
#include "lcore_cpu.h"
#include "engine.h"

#define STATUS(member, help)                                                                       \
	PTPDK_CDESC_ONE(struct engine_status, member, #member, "engine",                           \
			PTPDK_CDESC_TABLE_NONZERO, help)

/* rx_stamps_too_wide and tx_stamps_too_wide stay next to each other in this order:
 * bench/slave_side_by_side.sh greps them from the JSON as one string. */
static const struct ptpdk_cdesc status_desc[] = {
	STATUS(decode_errors, "events the codec refused"),
	STATUS(stamp_conversion_errors, "raw timestamps the clock could not convert"),
	STATUS(sends_refused, "sends without a source address, or that failed to encode"),
	STATUS(rx_stamps_too_wide, "RX timestamps not used: error window above the limit"),
	STATUS(tx_stamps_too_wide, "TX timestamps not used: error window above the limit"),
	STATUS(records_dropped, "records the main lcore did not take in time"),
	STATUS(reference_read_errors, "time_reference system: the kernel or the clock not read"),
};

const struct ptpdk_cdesc_table engine_cdesc_status =
	PTPDK_CDESC_TABLE(struct engine_status, "engine_status", status_desc);

static const char *resolve_refusal_name(unsigned i)
{
	return ptpdk_resolve_refusal_name(i);
}

#define RESOLVE(member, help)                                                                      \
	PTPDK_CDESC_ONE(struct engine_resolve_counters, member, #member, "resolve",                \
			PTPDK_CDESC_TABLE_NONZERO, help)

static const struct ptpdk_cdesc resolve_desc[] = {
	RESOLVE(rx, "ARP and neighbour discovery frames handled"),
	PTPDK_CDESC_ARRAY(struct engine_resolve_counters, refused, "refused", "resolve",
			  resolve_refusal_name,
			  PTPDK_CDESC_TABLE_NONZERO | PTPDK_CDESC_JSON_NONZERO,
			  "resolution frames refused, by reason"),
	RESOLVE(answered, "ARP replies and neighbour advertisements sent for our addresses"),
	RESOLVE(requests_sent, "ARP requests and neighbour solicitations sent"),
	RESOLVE(unresolved, "unicast messages not sent: the address's MAC not known yet"),
	RESOLVE(send_failed, "resolution frames the TX ring refused"),
};

const struct ptpdk_cdesc_table engine_cdesc_resolve =
	PTPDK_CDESC_TABLE(struct engine_resolve_counters, "resolve", resolve_desc);

#define UCAST_PORT(member, help)                                                                   \
	PTPDK_CDESC_ONE(struct ptpdk_ucast_port_counters, member, #member, "unicast",              \
			PTPDK_CDESC_TABLE_NONZERO, help)

static const struct ptpdk_cdesc ucast_port_desc[] = {
	UCAST_PORT(signaling_rx, "Signaling messages from the table's masters taken"),
	UCAST_PORT(not_for_us, "Signaling messages for another port identity"),
	UCAST_PORT(unknown_sender, "Signaling messages from an address not in the table"),
	UCAST_PORT(tlvs_ignored, "TLVs a unicast client has no use for"),
	UCAST_PORT(signaling_tx, "Signaling messages sent"),
	UCAST_PORT(signaling_failed, "Signaling messages not sent (no MAC yet, ring full)"),
};

const struct ptpdk_cdesc_table engine_cdesc_ucast_port =
	PTPDK_CDESC_TABLE(struct ptpdk_ucast_port_counters, "ucast_port", ucast_port_desc);

#define UCAST_CLIENT(member, help)                                                                 \
	PTPDK_CDESC_ONE(struct ptpdk_ucast_client_counters, member, #member, "unicast",            \
			PTPDK_CDESC_TABLE_NONZERO, help)

static const struct ptpdk_cdesc ucast_client_desc[] = {
	UCAST_CLIENT(requests, "REQUEST_UNICAST_TRANSMISSION sent (asks, retries, renewals)"),
	UCAST_CLIENT(grants, "grants taken"),
	UCAST_CLIENT(denials, "requests denied"),
	UCAST_CLIENT(timeouts, "requests asked again for want of an answer"),
	UCAST_CLIENT(cancels_sent, "grants given back"),
	UCAST_CLIENT(cancels_received, "grants a master ended"),
	UCAST_CLIENT(expired, "grants that ran out before a renewal came"),
	UCAST_CLIENT(unknown_grants, "grants for nothing asked (cancelled again)"),
};

const struct ptpdk_cdesc_table engine_cdesc_ucast_client =
	PTPDK_CDESC_TABLE(struct ptpdk_ucast_client_counters, "ucast_client", ucast_client_desc);

#define UCAST_SERVER(member, help)                                                                 \
	PTPDK_CDESC_ONE(struct ptpdk_ucast_server_counters, member, #member, "unicast",            \
			PTPDK_CDESC_TABLE_NONZERO, help)

static const struct ptpdk_cdesc ucast_server_desc[] = {
	UCAST_SERVER(signaling_rx, "Signaling messages from clients taken"),
	UCAST_SERVER(not_for_us, "Signaling messages for another port identity"),
	UCAST_SERVER(tlvs_ignored, "TLVs a unicast master has no use for"),
	UCAST_SERVER(signaling_tx, "GRANTs and ACKNOWLEDGE_CANCELs sent"),
	UCAST_SERVER(announce_sent, "Announces sent to clients as granted"),
	UCAST_SERVER(sync_sent, "Syncs sent to clients as granted"),
	UCAST_SERVER(send_failed, "unicast service messages the port could not send"),
	UCAST_SERVER(not_serving, "client messages due while not MASTER: skipped"),
	UCAST_SERVER(schedule_dropped, "due client messages whose grant had ended"),
};

const struct ptpdk_cdesc_table engine_cdesc_ucast_server =
	PTPDK_CDESC_TABLE(struct ptpdk_ucast_server_counters, "ucast_server", ucast_server_desc);

static const char *deny_name(unsigned i)
{
	static const char *const names[PTPDK_UCAST_DENY_COUNT] = {
		[PTPDK_UCAST_DENY_TYPE] = "type",	  [PTPDK_UCAST_DENY_PERIOD] = "period",
		[PTPDK_UCAST_DENY_DURATION] = "duration", [PTPDK_UCAST_DENY_CLIENTS] = "clients",
		[PTPDK_UCAST_DENY_RATE] = "rate",
	};

	return i < PTPDK_UCAST_DENY_COUNT ? names[i] : "?";
}

#define GRANTS(member, help)                                                                       \
	PTPDK_CDESC_ONE(struct ptpdk_ucast_grants_counters, member, #member, "grants",             \
			PTPDK_CDESC_TABLE_NONZERO, help)

static const struct ptpdk_cdesc ucast_grants_desc[] = {
	GRANTS(requests, "REQUEST_UNICAST_TRANSMISSION answered"),
	GRANTS(granted, "new grants and changed periods"),
	GRANTS(renewed, "grants renewed"),
	PTPDK_CDESC_ARRAY(struct ptpdk_ucast_grants_counters, denied, "denied", "grants", deny_name,
			  PTPDK_CDESC_TABLE_NONZERO, "requests denied, by reason"),
	GRANTS(cancels, "grants a client cancelled"),
	GRANTS(cancels_unknown, "CANCELs for nothing granted (acknowledged all the same)"),
	GRANTS(expired, "grants that ran out"),
};

const struct ptpdk_cdesc_table engine_cdesc_ucast_grants =
	PTPDK_CDESC_TABLE(struct ptpdk_ucast_grants_counters, "ucast_grants", ucast_grants_desc);

#define COMPLIANCE(member, help)                                                                   \
	PTPDK_CDESC_ONE(struct compliance_counts, member, #member, "compliance",                   \
			PTPDK_CDESC_TABLE_NONZERO, help)

static const struct ptpdk_cdesc compliance_desc[] = {
	COMPLIANCE(alarms_raised, "divergence alarms raised (raised while more than cleared)"),
	COMPLIANCE(alarms_cleared, "divergence alarms cleared"),
	COMPLIANCE(records_written, "compliance log lines written this run"),
	COMPLIANCE(records_lost, "compliance records that could not be written"),
	COMPLIANCE(write_errors, "failed or short writes of the compliance log"),
	COMPLIANCE(sync_errors, "failed fdatasync of the compliance log"),
	COMPLIANCE(files_opened, "daily compliance files opened"),
};

const struct ptpdk_cdesc_table daemon_cdesc_compliance =
	PTPDK_CDESC_TABLE(struct compliance_counts, "compliance", compliance_desc);

#define LCORE_CPU(member, help)                                                                    \
	PTPDK_CDESC_ONE(struct lcore_cpu_counts, member, #member, "lcore cpu", 0, help)

static const struct ptpdk_cdesc lcore_cpu_desc[] = {
	LCORE_CPU(wait_ns, "ns the worker lcores waited runnable on the kernel's run queue"),
	LCORE_CPU(steal_ns, "ns the hypervisor took from the worker lcores' CPUs (steal)"),
	LCORE_CPU(watched_ns, "ns of worker lcore time the two figures above cover"),
	LCORE_CPU(read_errors, "/proc files that could not be read for these figures"),
};

const struct ptpdk_cdesc_table daemon_cdesc_lcore_cpu =
	PTPDK_CDESC_TABLE(struct lcore_cpu_counts, "lcore_cpu", lcore_cpu_desc);
