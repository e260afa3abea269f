/* SPDX-License-Identifier: BSD-3-Clause */
#include "lcore_cpu.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The cpu lines come first in /proc/stat; 32 KiB holds them for hundreds of CPUs. */
#define PROC_STAT_READ 32768

int lcore_cpu_parse_schedstat(const char *text, uint64_t *wait_ns)
{
	unsigned long long run, wait;

	if (sscanf(text, "%llu %llu", &run, &wait) != 2)
		return -1;
	*wait_ns = wait;
	return 0;
}

int lcore_cpu_parse_processor(const char *text, int *cpu)
{
	/* The command name may hold spaces and parentheses: fields count from the last ')',
	 * after which comes field 3 (state); the processor is field 39. */
	const char *p = strrchr(text, ')');
	char *end;
	long v;

	if (!p)
		return -1;
	p++;
	for (int field = 2; field < 38; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -1;
	}
	v = strtol(p + 1, &end, 10);
	if (end == p + 1 || v < 0 || v > 1 << 20)
		return -1;
	*cpu = (int)v;
	return 0;
}

int lcore_cpu_parse_steal(const char *text, int cpu, uint64_t *ticks)
{
	char name[24];
	size_t len = (size_t)snprintf(name, sizeof(name), "cpu%d ", cpu);

	for (const char *line = text; line && *line; line = strchr(line, '\n')) {
		unsigned long long f[8];

		if (*line == '\n')
			line++;
		if (strncmp(line, name, len) != 0)
			continue;
		if (sscanf(line + len, "%llu %llu %llu %llu %llu %llu %llu %llu", &f[0], &f[1],
			   &f[2], &f[3], &f[4], &f[5], &f[6], &f[7]) != 8)
			return -1;
		*ticks = f[7];
		return 0;
	}
	return -1;
}

/* A small /proc file, NUL-terminated. @return bytes read, or -1 */
static long read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n ? (long)n : -1;
}

void lcore_cpu_init(struct lcore_cpu *c, const char *proc, long ticks_per_s, unsigned n)
{
	memset(c, 0, sizeof(*c));
	c->proc = proc;
	c->ticks_per_s = ticks_per_s > 0 ? ticks_per_s : 100;
	c->n = n < LCORE_CPU_MAX ? n : LCORE_CPU_MAX;
}

void lcore_cpu_set_tid(struct lcore_cpu *c, unsigned i, int tid)
{
	if (i < c->n && tid > 0 && c->t[i].tid == 0)
		c->t[i].tid = tid;
}

/* One thread's run-queue wait and the CPU it is on. */
static int read_thread(const struct lcore_cpu *c, int tid, uint64_t *wait_ns, int *cpu)
{
	char path[128], buf[1024];

	snprintf(path, sizeof(path), "%s/self/task/%d/schedstat", c->proc, tid);
	if (read_text(path, buf, sizeof(buf)) < 0 || lcore_cpu_parse_schedstat(buf, wait_ns) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/self/task/%d/stat", c->proc, tid);
	if (read_text(path, buf, sizeof(buf)) < 0 || lcore_cpu_parse_processor(buf, cpu) != 0)
		return -1;
	return 0;
}

static uint64_t ticks_to_ns(const struct lcore_cpu *c, uint64_t ticks)
{
	return ticks * (1000000000ull / (uint64_t)c->ticks_per_s);
}

/* Thread @p t's share of the interval [last, now] off its CPU, added to its totals. */
static void account(struct lcore_cpu *c, struct lcore_cpu_thread *t, uint64_t wait_ns,
		    uint64_t steal_ticks, uint64_t dt_ns)
{
	uint64_t dw = wait_ns >= t->last_wait_ns ? wait_ns - t->last_wait_ns : 0;
	uint64_t ds = steal_ticks >= t->last_steal_ticks
			      ? ticks_to_ns(c, steal_ticks - t->last_steal_ticks)
			      : 0;
	double share = dt_ns ? (double)(dw + ds) / (double)dt_ns : 0;

	t->wait_ns += dw;
	t->steal_ns += ds;
	t->watched_ns += dt_ns;
	if (share > c->worst_share)
		c->worst_share = share > 1 ? 1 : share;
}

void lcore_cpu_sample(struct lcore_cpu *c, uint64_t now_ns)
{
	static char stat[PROC_STAT_READ];
	char path[128];
	uint64_t dt = c->last_ns && now_ns > c->last_ns ? now_ns - c->last_ns : 0;
	bool have_stat;

	snprintf(path, sizeof(path), "%s/stat", c->proc);
	have_stat = read_text(path, stat, sizeof(stat)) > 0;
	if (!have_stat)
		c->read_errors++;
	for (unsigned i = 0; i < c->n; i++) {
		struct lcore_cpu_thread *t = &c->t[i];
		uint64_t wait, steal = 0;
		int cpu;

		if (!t->tid)
			continue;
		if (read_thread(c, t->tid, &wait, &cpu) != 0 ||
		    (have_stat && lcore_cpu_parse_steal(stat, cpu, &steal) != 0)) {
			c->read_errors++;
			continue;
		}
		/* The steal delta belongs to the CPU it ran on over the interval: a thread
		 * that moved starts a new steal baseline. */
		if (t->have_base && dt)
			account(c, t, wait,
				cpu == t->cpu && have_stat ? steal : t->last_steal_ticks, dt);
		t->have_base = true;
		t->cpu = cpu;
		t->last_wait_ns = wait;
		t->last_steal_ticks = have_stat ? steal : t->last_steal_ticks;
	}
	c->last_ns = now_ns;
}

void lcore_cpu_totals(const struct lcore_cpu *c, uint64_t *wait_ns, uint64_t *steal_ns,
		      uint64_t *watched_ns)
{
	*wait_ns = *steal_ns = *watched_ns = 0;
	for (unsigned i = 0; i < c->n; i++) {
		*wait_ns += c->t[i].wait_ns;
		*steal_ns += c->t[i].steal_ns;
		*watched_ns += c->t[i].watched_ns;
	}
}

void lcore_cpu_counts(const struct lcore_cpu *c, struct lcore_cpu_counts *out)
{
	lcore_cpu_totals(c, &out->wait_ns, &out->steal_ns, &out->watched_ns);
	out->read_errors = c->read_errors;
}

double lcore_cpu_lost_share(const struct lcore_cpu *c)
{
	uint64_t wait, steal, watched;

	lcore_cpu_totals(c, &wait, &steal, &watched);
	if (!watched)
		return 0;
	return (double)(wait + steal) / (double)watched;
}

void lcore_cpu_report_json(FILE *f, const struct lcore_cpu *c)
{
	uint64_t wait, steal, watched;

	lcore_cpu_totals(c, &wait, &steal, &watched);
	fprintf(f,
		",\"lcore_cpu\":{\"lcores\":%u,\"watched_ns\":%" PRIu64 ",\"wait_ns\":%" PRIu64
		",\"steal_ns\":%" PRIu64 ",\"lost_share\":%.4f,\"worst_interval_share\":%.4f"
		",\"read_errors\":%" PRIu64 "}",
		c->n, watched, wait, steal, lcore_cpu_lost_share(c), c->worst_share,
		c->read_errors);
}

void lcore_cpu_report_table(FILE *f, const struct lcore_cpu *c)
{
	uint64_t wait, steal, watched;

	lcore_cpu_totals(c, &wait, &steal, &watched);
	if (!watched) {
		fprintf(f, "  lcore cpu  not measured (%" PRIu64 " read errors)\n", c->read_errors);
		return;
	}
	fprintf(f,
		"  lcore cpu  %u worker(s) off their CPUs %.2f%% of the time: waited %.1f ms for "
		"it, hypervisor stole %.1f ms; worst second %.1f%%\n",
		c->n, 100 * lcore_cpu_lost_share(c), wait / 1e6, steal / 1e6, 100 * c->worst_share);
}
