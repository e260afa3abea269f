/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A shared region as the daemon's exporter (export.c, export_counters.c) writes it,
 * from a filled-in status, without EAL or a daemon; and running a reader program
 * on it. For the tests of the region's readers (ptpdk-ctl, ptpdk-exporter), so that
 * they check the same region. Functions report failure by their result: the test
 * decides what to CHECK.
 */
#ifndef TEST_REGION_FIXTURE_H
#define TEST_REGION_FIXTURE_H

#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "export.h"
#include "export_counters.h"
#include "ptpdk_clock_tsc.h"
#include "ptpdk_tsc.h"

static inline uint64_t fixture_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* Locked to a grandmaster through port 1 (E2E, 2500 ns), port 0 a master. */
static inline void fixture_locked_status(struct engine_status *es)
{
	struct ptpdk_ptp_clock_status *st = &es->ptp;
	static const uint8_t gm[8] = { 0x00, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 };

	memset(es, 0, sizeof(*es));
	st->clock_state = PTPDK_PTP_LOCKED;
	st->port_state[0] = PTPDK_PS_MASTER;
	st->port_state[1] = PTPDK_PS_SLAVE;
	st->port_delay[1] = (struct ptpdk_ptp_port_delay){ .ns = 2500, .known = true };
	st->have_parent = true;
	st->parent_port = 1;
	memcpy(st->parent.gm_identity, gm, sizeof(gm));
	st->parent.priority1 = 127;
	st->parent.priority2 = 129;
	st->parent.steps_removed = 0; /* the grandmaster announces 0 */
	st->steps_removed = 1;	      /* so we are one step behind it */
	st->parent.quality.clock_class = 6;
	st->parent.quality.clock_accuracy = 0x21;
	st->parent.quality.offset_scaled_log_variance = 0x4e5d;
	st->time_source = 0x20;
	st->current_utc_offset = 37;
	st->time_flags = PTPDK_FLAG_PTP_TIMESCALE | PTPDK_FLAG_UTC_OFFSET_VALID;
	st->last_offset_ns = -17;
	st->last_step_ns = 1234567;
	st->freq_ppb = 12.25;
	st->error_bound_ns = 80;
}

/* A region of two ports named @p name in @p dir, with every counter. NULL on failure. */
static inline struct ptpdk_shm_writer *fixture_make_region(const char *dir, const char *name,
							   uint64_t hz)
{
	static struct ptpdk_shm_counter_name names[PTPDK_SHM_MAX_COUNTERS];
	int n = export_counter_names(names, PTPDK_SHM_MAX_COUNTERS);
	/* The fixture publishes once and its readers run for seconds (F20: under ASan
	 * with the other CPU busy, a ptpdk-ctl call late in test_ctl_status found the
	 * 500 ms default heartbeat timeout passed): a region published here stays live
	 * for two minutes; a never-published one is invalid whatever the timeout. */
	struct ptpdk_shm_writer_config wc = { .name = name,
					      .dir = dir,
					      .n_clocks = 1,
					      .n_ports = 2,
					      .tsc_hz = hz,
					      .heartbeat_timeout_ms = 120000 };
	char note[512];

	if (n <= 0)
		return NULL;
	wc.counters = names;
	wc.n_counters = (unsigned)n;
	return ptpdk_shm_writer_create(&wc, note, sizeof(note));
}

/*
 * Publish @p es with ports named @p port_names; counters: port 1 received 80 Syncs
 * (two RX queues of 40, summed) and sent 9 Delay_Req, port 0 sent 3 Announces; the
 * compliance alarm raised (raised twice, cleared once), 100 records written. Port 1
 * received a Sync 2 s before publishing and sent a Delay_Req 0.5 s before; nothing else.
 */
static inline void fixture_publish(struct ptpdk_shm_writer *w, struct ptpdk_clock *clock,
				   uint64_t hz, struct engine_status *es,
				   const char *const port_names[2])
{
	struct export_ports ports = { .n = 2,
				      .names = { port_names[0], port_names[1] },
				      .domain = 24 };
	static const uint8_t me[8] = { 0xaa, 0xbb, 0xcc, 0xff, 0xfe, 0xdd, 0xee, 0x01 };
	struct ptpdk_rxq_counters rx[2], one;
	struct ptpdk_txq_counters tx[2];
	static struct export_msg_times times;
	uint64_t now_ns = fixture_mono_ns();
	/* raised twice, cleared once: the alarm is up */
	static const struct compliance_counts comp = { .alarms_raised = 2,
						       .alarms_cleared = 1,
						       .records_written = 100 };
	/* 30 ms waited and 20 ms stolen over a watched second: off their CPUs 5 % */
	static const struct lcore_cpu_counts cpu = { .wait_ns = 30000000,
						     .steal_ns = 20000000,
						     .watched_ns = 1000000000 };

	memcpy(ports.clock_identity, me, sizeof(me));
	memset(rx, 0, sizeof(rx));
	memset(tx, 0, sizeof(tx));
	memset(&one, 0, sizeof(one));
	one.by_type[PTPDK_MSG_SYNC] = 40;
	export_rxq_add(&rx[1], &one);
	export_rxq_add(&rx[1], &one);
	tx[1].by_type[PTPDK_MSG_DELAY_REQ] = 9;
	tx[0].by_type[PTPDK_MSG_ANNOUNCE] = 3;
	memset(&times, 0, sizeof(times));
	export_msg_time(times.rx_mono_ns, 1, PTPDK_MSG_SYNC, now_ns - 2000000000u);
	export_msg_time(times.tx_mono_ns, 1, PTPDK_MSG_DELAY_REQ, now_ns - 500000000u);
	export_publish(w, &ports, clock, hz, &es->ptp, &times, ptpdk_tsc_read(), now_ns);
	export_counters_publish(w, es, &comp, &cpu, rx, tx, 2, ptpdk_tsc_read(), fixture_mono_ns());
}

/*
 * Run @p prog with @p args (NULL-terminated, at most 14); its stdout, NUL-terminated,
 * in @p out. @return its exit code, -1 when it could not run or died
 */
static inline int fixture_run(const char *prog, const char *const *args, char *out, size_t cap)
{
	char *argv[16];
	int pipefd[2], status = 0;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	argv[0] = (char *)prog;
	argv[1] = NULL;
	for (unsigned i = 0; i < 14 && args[i]; i++, argv[i + 1] = NULL)
		argv[i + 1] = (char *)args[i];
	if (pipe(pipefd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execv(prog, argv);
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) { /* all of it, or the child blocks; what does not fit is dropped */
		char spill[4096];
		bool room = len + 1 < cap;

		n = room ? read(pipefd[0], out + len, cap - 1 - len)
			 : read(pipefd[0], spill, sizeof(spill));
		if (n <= 0)
			break;
		if (room)
			len += (size_t)n;
	}
	out[len] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif
