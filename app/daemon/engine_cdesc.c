/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine_cdesc.h"

#include "compliance_counts.h"
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
