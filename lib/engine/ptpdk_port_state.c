/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_port_state.h"

#include <stddef.h>

static bool is_operational(enum ptpdk_port_state s)
{
	return s == PTPDK_PS_LISTENING || s == PTPDK_PS_PRE_MASTER || s == PTPDK_PS_MASTER ||
	       s == PTPDK_PS_PASSIVE || s == PTPDK_PS_UNCALIBRATED || s == PTPDK_PS_SLAVE;
}

/* Recommended-state events of figure 23 (24 for slave-only) in an operational state. */
static enum ptpdk_port_state recommended(enum ptpdk_port_state s, enum ptpdk_port_event ev,
					 bool slave_only, bool new_master)
{
	switch (ev) {
	case PTPDK_EV_RS_MASTER:
		if (slave_only)
			return PTPDK_PS_LISTENING;
		return s == PTPDK_PS_MASTER || s == PTPDK_PS_PRE_MASTER ? s : PTPDK_PS_PRE_MASTER;
	case PTPDK_EV_RS_PASSIVE:
		return slave_only ? PTPDK_PS_LISTENING : PTPDK_PS_PASSIVE;
	case PTPDK_EV_RS_SLAVE:
		if (s == PTPDK_PS_SLAVE && !new_master)
			return s;
		if (s == PTPDK_PS_UNCALIBRATED)
			return s;
		return PTPDK_PS_UNCALIBRATED;
	case PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES:
		/* A clock that may be master takes over; a slave-only one waits. */
		if (slave_only || s == PTPDK_PS_MASTER || s == PTPDK_PS_PRE_MASTER)
			return slave_only ? PTPDK_PS_LISTENING : s;
		return PTPDK_PS_MASTER;
	case PTPDK_EV_QUALIFICATION_TIMEOUT_EXPIRES:
		return s == PTPDK_PS_PRE_MASTER ? PTPDK_PS_MASTER : s;
	case PTPDK_EV_MASTER_CLOCK_SELECTED:
		return s == PTPDK_PS_UNCALIBRATED ? PTPDK_PS_SLAVE : s;
	case PTPDK_EV_SYNCHRONIZATION_FAULT:
		return s == PTPDK_PS_SLAVE ? PTPDK_PS_UNCALIBRATED : s;
	default:
		return s;
	}
}

enum ptpdk_port_state ptpdk_port_state_next(enum ptpdk_port_state s, enum ptpdk_port_event ev,
					    bool slave_only, bool new_master)
{
	/* Events that apply in every state. */
	switch (ev) {
	case PTPDK_EV_INITIALIZE:
		return PTPDK_PS_INITIALIZING;
	case PTPDK_EV_DESIGNATED_DISABLED:
		return PTPDK_PS_DISABLED;
	case PTPDK_EV_FAULT_DETECTED:
		return s == PTPDK_PS_DISABLED ? s : PTPDK_PS_FAULTY;
	default:
		break;
	}
	switch (s) {
	case PTPDK_PS_INITIALIZING:
		return ev == PTPDK_EV_INIT_COMPLETE ? PTPDK_PS_LISTENING : s;
	case PTPDK_PS_FAULTY:
		return ev == PTPDK_EV_FAULT_CLEARED ? PTPDK_PS_INITIALIZING : s;
	case PTPDK_PS_DISABLED:
		return ev == PTPDK_EV_DESIGNATED_ENABLED ? PTPDK_PS_INITIALIZING : s;
	default:
		break;
	}
	if (!is_operational(s))
		return s;
	return recommended(s, ev, slave_only, new_master);
}

const char *ptpdk_port_state_name(enum ptpdk_port_state s)
{
	static const char *const names[] = {
		[PTPDK_PS_INITIALIZING] = "INITIALIZING",
		[PTPDK_PS_FAULTY] = "FAULTY",
		[PTPDK_PS_DISABLED] = "DISABLED",
		[PTPDK_PS_LISTENING] = "LISTENING",
		[PTPDK_PS_PRE_MASTER] = "PRE_MASTER",
		[PTPDK_PS_MASTER] = "MASTER",
		[PTPDK_PS_PASSIVE] = "PASSIVE",
		[PTPDK_PS_UNCALIBRATED] = "UNCALIBRATED",
		[PTPDK_PS_SLAVE] = "SLAVE",
	};

	if ((unsigned)s >= sizeof(names) / sizeof(names[0]) || !names[s])
		return "invalid";
	return names[s];
}

const char *ptpdk_port_event_name(enum ptpdk_port_event ev)
{
	static const char *const names[PTPDK_EV_COUNT] = {
		[PTPDK_EV_INITIALIZE] = "INITIALIZE",
		[PTPDK_EV_INIT_COMPLETE] = "INIT_COMPLETE",
		[PTPDK_EV_FAULT_DETECTED] = "FAULT_DETECTED",
		[PTPDK_EV_FAULT_CLEARED] = "FAULT_CLEARED",
		[PTPDK_EV_DESIGNATED_ENABLED] = "DESIGNATED_ENABLED",
		[PTPDK_EV_DESIGNATED_DISABLED] = "DESIGNATED_DISABLED",
		[PTPDK_EV_ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES] = "ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES",
		[PTPDK_EV_QUALIFICATION_TIMEOUT_EXPIRES] = "QUALIFICATION_TIMEOUT_EXPIRES",
		[PTPDK_EV_MASTER_CLOCK_SELECTED] = "MASTER_CLOCK_SELECTED",
		[PTPDK_EV_SYNCHRONIZATION_FAULT] = "SYNCHRONIZATION_FAULT",
		[PTPDK_EV_RS_MASTER] = "RS_MASTER",
		[PTPDK_EV_RS_PASSIVE] = "RS_PASSIVE",
		[PTPDK_EV_RS_SLAVE] = "RS_SLAVE",
	};

	return (unsigned)ev < PTPDK_EV_COUNT ? names[ev] : "invalid";
}
