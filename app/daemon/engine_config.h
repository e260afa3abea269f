/* SPDX-License-Identifier: BSD-3-Clause */
/* The protocol engine's configuration, read from the typed configuration table. */
#ifndef DAEMON_ENGINE_CONFIG_H
#define DAEMON_ENGINE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "options.h"
#include "ptpdk_frame.h"
#include "ptpdk_ptp_clock.h"

/**
 * Fill @p ptp (all but the clock identity, which comes from the first port's MAC,
 * and the Delay_Req seed derived from it: engine_init sets both),
 * the transport of each port and the UDP TTL from @p o. @p hw_stamps selects the
 * servo's hardware constants. Prints a warning for settings it overrides.
 * @return 0
 */
int engine_config_build(const struct daemon_options *o, bool hw_stamps,
			struct ptpdk_ptp_clock_config *ptp, enum ptpdk_transport *transport,
			uint8_t *udp_ttl);

/**
 * time_reference: whether the clock follows CLOCK_REALTIME while grandmaster.
 * @return 0, or -EINVAL (with a message) for a reference on a slave-only clock
 */
int engine_config_time_reference(const struct daemon_options *o, bool slave_only,
				 bool *time_reference_system);

#endif
