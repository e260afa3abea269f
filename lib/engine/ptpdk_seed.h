/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The seed of a daemon's Delay_Req spacing. 1588-2008 9.5.11.2 draws each
 * Delay_Req interval at random so that slaves started together do not keep
 * hitting the master in the same instant; that only works if no two instances
 * draw the same sequence. Pure: the caller reads the identity, PID and TSC.
 */
#ifndef PTPDK_SEED_H
#define PTPDK_SEED_H

#include <stdint.h>

#include "ptpdk_msg.h"

/**
 * A per-instance seed from what tells instances apart: @p clock_identity (from
 * the MAC: another host or NIC), @p pid (another process on the host) and @p tsc
 * (the same PID on a later start, or in another container: containers often run
 * the daemon as PID 1). Each input goes through a splitmix64 step, so inputs
 * that differ in one bit give unrelated seeds.
 * @return the seed, never 0 (0 asks the engine for its fixed default)
 */
uint64_t ptpdk_seed_instance(const uint8_t clock_identity[PTPDK_CLOCK_ID_LEN], uint64_t pid,
			     uint64_t tsc);

#endif
