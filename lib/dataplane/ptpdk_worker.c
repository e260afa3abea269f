/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_worker.h"

#include <stdio.h>
#include <time.h>

#include <rte_eal.h>

#include "ptpdk_tsc.h"

static void publish(struct ptpdk_worker *w)
{
	for (unsigned i = 0; i < w->n_rxqs; i++)
		ptpdk_rxq_counters_publish(w->rxqs[i]);
	for (unsigned i = 0; i < w->n_txqs; i++)
		ptpdk_txq_counters_publish(w->txqs[i]);
}

static void idle_sleep(uint32_t us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

int ptpdk_worker_run(void *arg)
{
	struct ptpdk_worker *w = arg;
	uint64_t next_publish = ptpdk_tsc_read() + w->publish_ticks;

	atomic_store(&w->tid, rte_sys_gettid());
	while (!atomic_load_explicit(w->stop, memory_order_relaxed)) {
		unsigned work = 0;
		uint64_t now;

		/* RX, engine, TX: what the engine answers to this poll's frames goes out in
		 * the same pass. With TX before the engine, a Delay_Req stamped here waited
		 * for the previous pass's frames to be sent first (a Sync's burst on
		 * net_af_packet takes 25-200 us: bench/results/master.md). */
		for (unsigned i = 0; i < w->n_rxqs; i++)
			work += ptpdk_rxq_poll(w->rxqs[i]);
		now = ptpdk_tsc_read();
		if (w->engine_step)
			work += w->engine_step(w->engine_ctx, now);
		for (unsigned i = 0; i < w->n_txqs; i++)
			work += ptpdk_txq_poll(w->txqs[i]);
		w->stats.iterations++;
		if ((int64_t)(now - next_publish) >= 0) {
			publish(w);
			next_publish = now + w->publish_ticks;
		}
		if (work)
			continue;
		w->stats.idle_iterations++;
		if (w->idle_sleep_us) {
			idle_sleep(w->idle_sleep_us);
			w->stats.sleeps++;
		}
	}
	publish(w);
	return 0;
}

void ptpdk_worker_describe(const struct ptpdk_worker *w, char *buf, size_t len)
{
	snprintf(buf, len, "lcore %u: %u rx queue(s), %u tx queue(s)%s, %s", w->lcore_id, w->n_rxqs,
		 w->n_txqs, w->engine_step ? ", engine" : "",
		 w->idle_sleep_us ? "idle sleep" : "busy poll");
}
