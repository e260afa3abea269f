/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The descriptor tables (ptpdk_cdesc.h) of the libraries' counter structs: the
 * dataplane's queues, the engine's receipt of events, the PTP clock and its ports'
 * delay mechanisms and foreign-master tables. Names are the JSON keys the daemon has
 * always written; new counters take their member's name.
 */
#ifndef PTPDK_CDESC_TABLES_H
#define PTPDK_CDESC_TABLES_H

#include "ptpdk_cdesc.h"

extern const struct ptpdk_cdesc_table ptpdk_cdesc_rxq;	     /**< struct ptpdk_rxq_counters */
extern const struct ptpdk_cdesc_table ptpdk_cdesc_txq;	     /**< struct ptpdk_txq_counters */
extern const struct ptpdk_cdesc_table ptpdk_cdesc_engine;    /**< struct ptpdk_engine_counters */
extern const struct ptpdk_cdesc_table ptpdk_cdesc_ptp_clock; /**< ptpdk_ptp_clock_counters */
extern const struct ptpdk_cdesc_table ptpdk_cdesc_e2e;	     /**< struct ptpdk_e2e_counters */
extern const struct ptpdk_cdesc_table ptpdk_cdesc_p2p;	     /**< struct ptpdk_p2p_counters */
extern const struct ptpdk_cdesc_table ptpdk_cdesc_foreign;   /**< ptpdk_foreign_counters */
extern const struct ptpdk_cdesc_table ptpdk_cdesc_mgmt_net;  /**< ptpdk_mgmt_net_counters */

/** Every table above, for checks and exporters. */
extern const struct ptpdk_cdesc_table *const ptpdk_cdesc_tables[];
extern const unsigned ptpdk_cdesc_n_tables;

#endif
