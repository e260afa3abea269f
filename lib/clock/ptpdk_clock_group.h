/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A clock group: a primary clock that carries its steps over to secondary clocks.
 *
 * A boundary clock whose ports stamp in different PHCs disciplines one of them (the
 * primary) and keeps the others on it with clock followers (ptpdk_clock_follow.h).
 * A follower steers by frequency; when the PTP servo steps the primary by seconds,
 * slewing a secondary after it would take hours, and stepping it at the follower's
 * next measurement would leave the stamps in between wrong by the step. So the PTP
 * clock disciplines the group instead: every op reaches the primary, and a step (or a
 * set, as the step it made) is applied to each secondary as the same relative
 * adjustment, which leaves (secondary - primary) as it was to within the clocks'
 * adjustment resolution. A frequency change of the primary is added to each
 * secondary's frequency at once (their followers feed the primary's frequency
 * forward too, but only at their next measurement).
 *
 * A secondary that refuses a step or a frequency is counted
 * (ptpdk_clock_group_fanout_errors()); its follower then finds it off and steps or
 * slews it itself.
 * The group owns none of its clocks. Pure: clocks are reached through their ops.
 */
#ifndef PTPDK_CLOCK_GROUP_H
#define PTPDK_CLOCK_GROUP_H

#include <stdint.h>

#include "ptpdk_clock.h"

/** Secondaries a group can carry. */
#define PTPDK_CLOCK_GROUP_MAX 16

/**
 * A group over @p primary (not owned), named "group:<primary's name>", with the
 * primary's frequency limit.
 * @return the group clock (free it with ptpdk_clock_destroy()), or NULL with errno
 *         EINVAL (NULL primary) or ENOMEM.
 */
struct ptpdk_clock *ptpdk_clock_group_create(struct ptpdk_clock *primary);

/**
 * Carry the primary's steps over to @p secondary (not owned) from now on.
 * @return 0, -EINVAL when @p group is not a group, @p secondary is NULL, the primary,
 *         the group itself or already in it, -ENOSPC beyond PTPDK_CLOCK_GROUP_MAX.
 */
int ptpdk_clock_group_add(struct ptpdk_clock *group, struct ptpdk_clock *secondary);

/** @return the primary of @p group, or NULL when @p group is not a group. */
struct ptpdk_clock *ptpdk_clock_group_primary(const struct ptpdk_clock *group);

/** @return the steps and frequency changes secondaries refused (or could not be
 *  given) so far; 0 for a non-group. */
uint64_t ptpdk_clock_group_fanout_errors(const struct ptpdk_clock *group);

#endif
