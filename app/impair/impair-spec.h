/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The impairment SPEC of ptpdk-impair and scripts/lab.
 *
 *   SPEC   := ITEM { ',' ITEM }            (empty or "none": no impairment)
 *   ITEM   := [DIR ':'] DKEY '=' VALUE     per direction; no DIR = both
 *           | GKEY '=' VALUE               global
 *   DIR    := down   frames received on interface A, sent on B (lab: gm -> DUT)
 *           | up     frames received on interface B, sent on A (lab: DUT -> gm)
 *   DKEY   := delay=TIME                   constant one-way delay
 *           | jitter=DIST                  extra random delay added to it
 *           | loss=PCT | dup=PCT | reorder=PCT
 *   GKEY   := seed=N                       PRNG seed (default 1)
 *           | limit=N                      frames queued per direction (default 4096)
 *           | hold=TIME                    longest wait of a reordered frame (default 1s)
 *           | order=fifo|free              fifo (default): frames leave in arrival order,
 *                                          due = max(due, previous due); free: jitter
 *                                          may reorder frames on its own
 *   TIME   := number with unit ns, us, ms or s (e.g. 50us, 1.5ms); a bare 0 is allowed
 *   DIST   := none | exp:MEAN | gamma:SHAPE:MEAN | uniform:MIN:MAX   (MEAN, MIN, MAX: TIME)
 *   PCT    := percent, the '%' optional: 10%, 0.1, 100%
 *
 * Later items override earlier ones: "delay=1ms,up:delay=0" delays only down.
 */
#ifndef PTPDK_IMPAIR_SPEC_H
#define PTPDK_IMPAIR_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "impair-rng.h"

enum { IMP_DOWN = 0, IMP_UP = 1, IMP_NDIR = 2 };

#define IMP_MAX_TIME_NS	  (INT64_C(60) * 1000000000) /* no TIME above 60 s */
#define IMP_MAX_LIMIT	  1000000u
#define IMP_DEFAULT_LIMIT 4096u
#define IMP_DEFAULT_HOLD  INT64_C(1000000000)

struct imp_dir_cfg {
	int64_t delay_ns;
	struct imp_dist jitter;
	double loss; /* probabilities in [0, 1] */
	double dup;
	double reorder;
};

struct imp_cfg {
	struct imp_dir_cfg dir[IMP_NDIR];
	uint64_t seed;
	uint32_t limit;
	int64_t hold_ns;
	bool fifo;
};

/* No impairment, seed 1, default limit and hold, FIFO order. */
void imp_cfg_default(struct imp_cfg *c);

/* Applies SPEC on top of *c. Returns 0, or -1 with a message in err. */
int imp_cfg_parse(struct imp_cfg *c, const char *spec, char *err, size_t errlen);

/* TIME -> nanoseconds (rounded). Returns 0 or -1. */
int imp_parse_time_ns(const char *s, int64_t *out);

/* PCT -> probability in [0, 1]. Returns 0 or -1. */
int imp_parse_percent(const char *s, double *out);

/* DIST. Returns 0 or -1. */
int imp_parse_dist(const char *s, struct imp_dist *out);

/* Human- and parser-readable form of the configuration. */
void imp_cfg_format(const struct imp_cfg *c, char *buf, size_t len);

/* True when the direction changes nothing. */
bool imp_dir_is_identity(const struct imp_dir_cfg *d);

#endif
