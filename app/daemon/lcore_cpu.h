/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the worker lcores got of their CPUs. A polling lcore stamps a frame when it
 * polls, so time it spends off its CPU while it wants to run turns into late stamps,
 * refused stamps (max_stamp_window) and missed frames. Two thieves are measured:
 * the kernel's scheduler (the time the thread waited runnable on a run queue:
 * schedstat's run_delay, /proc/PID/task/TID/schedstat) and the hypervisor (the steal
 * time of the CPU the thread ran on, /proc/stat). On an isolated, pinned core both stay
 * near zero; an operator whose isolation broke sees it here, and a lab test can tell
 * a run on a starved machine from a fault of ours.
 *
 * The main lcore samples about once a second; the workers only say who they are
 * (their thread id). Steal is attributed to the CPU the thread last ran on at each
 * sample, which is exact for pinned lcores (EAL's default).
 */
#ifndef DAEMON_LCORE_CPU_H
#define DAEMON_LCORE_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define LCORE_CPU_MAX 16

struct lcore_cpu_thread {
	int tid;		   /**< 0: not known yet */
	bool have_base;		   /**< the first reading was taken */
	int cpu;		   /**< the CPU it ran on at the last sample */
	uint64_t last_wait_ns;	   /**< run_delay at the last sample */
	uint64_t last_steal_ticks; /**< its CPU's steal at the last sample (USER_HZ ticks) */
	uint64_t wait_ns;	   /**< run-queue wait since the first sample */
	uint64_t steal_ns;	   /**< steal on its CPU since the first sample */
	uint64_t watched_ns;	   /**< time covered by its samples */
};

/** What the shared region's clock counters carry ("lcore_cpu/wait_ns", ...): sums over the
 * workers, monotonic, so that a reader's rate() of wait_ns + steal_ns over watched_ns
 * is the share of time the workers were off their CPUs. */
struct lcore_cpu_counts {
	uint64_t wait_ns;
	uint64_t steal_ns;
	uint64_t watched_ns;
	uint64_t read_errors;
};

struct lcore_cpu {
	const char *proc; /**< "/proc"; a directory of the same shape in tests */
	long ticks_per_s; /**< USER_HZ, the unit of /proc/stat */
	unsigned n;
	struct lcore_cpu_thread t[LCORE_CPU_MAX];
	uint64_t last_ns;     /**< CLOCK_MONOTONIC of the last sample; 0: none */
	double worst_share;   /**< the most one lcore lost in one sample interval */
	uint64_t read_errors; /**< /proc files that could not be read or parsed */
};

/** Start with @p n threads whose ids are not known yet. @p proc: "/proc" or a test tree. */
void lcore_cpu_init(struct lcore_cpu *c, const char *proc, long ticks_per_s, unsigned n);

/** Thread @p i's id, once the worker published it (0: still unknown; ignored). */
void lcore_cpu_set_tid(struct lcore_cpu *c, unsigned i, int tid);

/** Read every known thread's figures at @p now_ns (CLOCK_MONOTONIC). */
void lcore_cpu_sample(struct lcore_cpu *c, uint64_t now_ns);

/** Wait plus steal over watched time, summed over the lcores: 0 (had their CPUs) .. 1. */
double lcore_cpu_lost_share(const struct lcore_cpu *c);

/** Sums over the lcores. */
void lcore_cpu_totals(const struct lcore_cpu *c, uint64_t *wait_ns, uint64_t *steal_ns,
		      uint64_t *watched_ns);

/** The counters for the shared region. */
void lcore_cpu_counts(const struct lcore_cpu *c, struct lcore_cpu_counts *out);

/** ,"lcore_cpu":{...} for the stats JSON. */
void lcore_cpu_report_json(FILE *f, const struct lcore_cpu *c);

/** A line for the exit table. */
void lcore_cpu_report_table(FILE *f, const struct lcore_cpu *c);

/* The parsers, exposed for the tests. Each returns 0 or -1 (malformed). */

/** schedstat: "<run ns> <run-queue wait ns> <timeslices>". */
int lcore_cpu_parse_schedstat(const char *text, uint64_t *wait_ns);

/** /proc/PID/task/TID/stat: the CPU the thread last ran on (field 39). */
int lcore_cpu_parse_processor(const char *text, int *cpu);

/** /proc/stat: CPU @p cpu's steal (the 8th figure of its "cpuN" line), in USER_HZ ticks. */
int lcore_cpu_parse_steal(const char *text, int cpu, uint64_t *ticks);

#endif
