/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DUMP_LIVE_H
#define DUMP_LIVE_H

#include <signal.h>
#include <stdint.h>

#include "dump_core.h"

/**
 * Capture on @p iface with an AF_PACKET socket until @p max_frames PTP-or-rejected
 * frames (0: no limit), @p seconds elapse (0: no limit) or *stop becomes non-zero.
 * @return 0, or -errno with a message printed to stderr.
 */
int dump_live(struct dump_ctx *ctx, const char *iface, uint64_t max_frames, double seconds,
	      volatile sig_atomic_t *stop);

#endif
