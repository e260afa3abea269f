/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Port states and the events that move them (IEEE 1588-2008 9.2.5, figures 23
 * and 24), as a pure transition function. The master states are here so the
 * master role only has to act on them; a slave-only port never enters them.
 */
#ifndef PTPDK_PORT_STATE_H
#define PTPDK_PORT_STATE_H

#include <stdbool.h>

/** portState values of 1588-2008 Table 8 (the PORT_DATA_SET encoding). */
enum ptpdk_port_state {
	PTPDK_PS_INITIALIZING = 1,
	PTPDK_PS_FAULTY = 2,
	PTPDK_PS_DISABLED = 3,
	PTPDK_PS_LISTENING = 4,
	PTPDK_PS_PRE_MASTER = 5,
	PTPDK_PS_MASTER = 6,
	PTPDK_PS_PASSIVE = 7,
	PTPDK_PS_UNCALIBRATED = 8,
	PTPDK_PS_SLAVE = 9,
};

enum ptpdk_port_event {
	PTPDK_EV_INITIALIZE,
	PTPDK_EV_INIT_COMPLETE,
	PTPDK_EV_FAULT_DETECTED,
	PTPDK_EV_FAULT_CLEARED,
	PTPDK_EV_DESIGNATED_ENABLED,
	PTPDK_EV_DESIGNATED_DISABLED,
	PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES,
	PTPDK_EV_QUALIFICATION_TIMEOUT_EXPIRES,
	PTPDK_EV_MASTER_CLOCK_SELECTED, /**< the servo locked */
	PTPDK_EV_SYNCHRONIZATION_FAULT, /**< the servo lost lock (e.g. it had to step) */
	PTPDK_EV_RS_MASTER,
	PTPDK_EV_RS_PASSIVE,
	PTPDK_EV_RS_SLAVE,
	PTPDK_EV_COUNT
};

/**
 * The state after @p ev in @p state.
 * @param slave_only figure 24: no master or passive states
 * @param new_master with RS_SLAVE: the parent changed, so a SLAVE port starts
 *		     over in UNCALIBRATED (9.2.5, "recommended state SLAVE with a new master")
 * @return the next state (the same state when @p ev does not apply)
 */
enum ptpdk_port_state ptpdk_port_state_next(enum ptpdk_port_state state, enum ptpdk_port_event ev,
					    bool slave_only, bool new_master);

/** "LISTENING", ...; "invalid" for a value outside the enum. */
const char *ptpdk_port_state_name(enum ptpdk_port_state state);
/** ptp4l's names: "INIT_COMPLETE", "RS_SLAVE", ...; "invalid" outside the enum. */
const char *ptpdk_port_event_name(enum ptpdk_port_event ev);

#endif
