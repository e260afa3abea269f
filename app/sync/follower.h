/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Follows one clock of ptpdk's shared region through the writer's life: validity
 * (checked with ptpdk_shm_now(), cheap), restarts (a new file with a new generation
 * at the same path: reopened at most every SYNC_REOPEN_NS while the old one is
 * stale, stopped or replaced) and corrupt or truncated regions (a SIGBUS while
 * reading is caught and turns into -EBADMSG, never a crash). It reports changes as
 * events; the caller prints them and feeds its outputs. Measurements bracket
 * CLOCK_REALTIME between two TSC reads and take the region's time at the midpoint.
 */
#ifndef SYNC_FOLLOWER_H
#define SYNC_FOLLOWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptpdk_shm_client.h"

/** Reopen attempts and replacement checks while not valid, at most this often. */
#define SYNC_REOPEN_NS 100000000ull
/** Replacement checks (a stat) while valid. */
#define SYNC_REPLACED_CHECK_NS 1000000000ull
/** CLOCK_REALTIME reads per measurement; the narrowest bracket wins (phc2sys -N). */
#define SYNC_BRACKET_TRIES 5

enum sync_event_kind {
	SYNC_EV_VALID = 1u << 0,      /**< the clock's time turned valid */
	SYNC_EV_INVALID = 1u << 1,    /**< it turned invalid (or was at the first check): status */
	SYNC_EV_GENERATION = 1u << 2, /**< a region was opened: generation, writer_pid, restart */
	SYNC_EV_OPEN_ERROR = 1u << 3, /**< a region could not be used: open_rc, text */
};

struct sync_event {
	unsigned what;	     /**< SYNC_EV_* bits */
	int status;	     /**< with VALID/INVALID: 0 or the negative errno */
	uint64_t generation; /**< with GENERATION */
	int writer_pid;
	bool was_valid; /**< INVALID ended a valid period (not the first check) */
	bool restart;	/**< GENERATION replaced an earlier one */
	int open_rc;	/**< with OPEN_ERROR */
	char text[384];
};

struct sync_follower {
	char where[256]; /**< as given: instance name or path */
	unsigned clock;	 /**< index in the region's clocks section */
	struct ptpdk_shm_client *c;
	uint64_t tsc_hz; /**< of the open region */
	uint64_t generation;
	int writer_pid;
	bool ever_opened;
	int status;	  /**< last result: 0 valid, negative errno */
	int valid_state;  /**< -1 not checked yet, 0 invalid, 1 valid */
	int last_open_rc; /**< last open failure reported (0: none) */
	uint64_t next_reopen_ns;
	uint64_t next_replaced_ns;
	unsigned long restarts;	       /**< new generations after the first */
	unsigned long invalid_periods; /**< valid -> invalid transitions */
};

/** A measurement: CLOCK_REALTIME and ptpdk's time at the same instant. */
struct sync_measure {
	int64_t realtime_ns;
	int64_t utc_ns;
	int64_t delay_ns; /**< width of the TSC bracket around the CLOCK_REALTIME read */
	double error_bound_ns;
	uint32_t flags; /**< PTPDK_SHM_F_* */
};

/** @return 0, -ENAMETOOLONG */
int sync_follower_init(struct sync_follower *f, const char *where, unsigned clock);
void sync_follower_fini(struct sync_follower *f);

/**
 * The first open, at startup: @return 0 (a GENERATION event in @p ev) or the error
 * of ptpdk_shm_open() with its explanation in ev->text; -EINVAL also when the clock
 * index is beyond the region's clocks.
 */
int sync_follower_open(struct sync_follower *f, uint64_t mono_ns, struct sync_event *ev);

/** Check validity, reopen when due; @p ev receives what changed. */
void sync_follower_poll(struct sync_follower *f, uint64_t mono_ns, struct sync_event *ev);

/**
 * Measure (also a validity check). @return 0 with @p m filled, else the status
 * (negative errno); @p ev as for poll.
 */
int sync_follower_measure(struct sync_follower *f, struct sync_measure *m, struct sync_event *ev);

/** The file in use (or the name searched when none is open). */
const char *sync_follower_path(const struct sync_follower *f);

/** Whether the last check found valid time. */
bool sync_follower_valid(const struct sync_follower *f);

#endif
