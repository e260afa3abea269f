/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's account of what its workers got of their CPUs (app/daemon/lcore_cpu.c):
 * the /proc parsers on real and hostile text, and the sampler on a fake /proc tree
 * whose figures the test moves between samples.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lcore_cpu.h"

/* A task stat line: the command holds spaces and a ')', processor (field 39) = @p cpu. */
static void task_stat_line(char *buf, size_t len, int cpu)
{
	int n = snprintf(buf, len, "4242 (lcore-worker) x) R");

	for (int field = 4; field <= 38; field++)
		n += snprintf(buf + n, len - (size_t)n, " %d", field);
	snprintf(buf + n, len - (size_t)n, " %d 0 0 0\n", cpu);
}

static void test_parsers(void)
{
	char line[512];
	uint64_t v = 0;
	int cpu = -1;

	CHECK_EQ_INT(lcore_cpu_parse_schedstat("123456 789000 42\n", &v), 0);
	CHECK_EQ_INT(v, 789000);
	CHECK_EQ_INT(lcore_cpu_parse_schedstat("123456\n", &v), -1);
	CHECK_EQ_INT(lcore_cpu_parse_schedstat("", &v), -1);

	task_stat_line(line, sizeof(line), 3);
	CHECK_EQ_INT(lcore_cpu_parse_processor(line, &cpu), 0);
	CHECK_EQ_INT(cpu, 3);
	CHECK_EQ_INT(lcore_cpu_parse_processor("4242 (short) R 1 2 3\n", &cpu), -1);
	CHECK_EQ_INT(lcore_cpu_parse_processor("no parenthesis at all", &cpu), -1);

	const char *stat = "cpu  10 20 30 40 50 60 70 80 0 0\n"
			   "cpu0 1 2 3 4 5 6 7 8 0 0\n"
			   "cpu1 1 2 3 4 5 6 7 99 0 0\n"
			   "cpu10 1 2 3 4 5 6 7 1010 0 0\n"
			   "intr 1 2 3\n";
	CHECK_EQ_INT(lcore_cpu_parse_steal(stat, 0, &v), 0);
	CHECK_EQ_INT(v, 8);
	CHECK_EQ_INT(lcore_cpu_parse_steal(stat, 1, &v), 0);
	CHECK_EQ_INT(v, 99);
	CHECK_EQ_INT(lcore_cpu_parse_steal(stat, 10, &v), 0);
	CHECK_EQ_INT(v, 1010);
	CHECK_EQ_INT(lcore_cpu_parse_steal(stat, 2, &v), -1);
	CHECK_EQ_INT(lcore_cpu_parse_steal("cpu0 1 2 3\n", 0, &v), -1);
}

/* The fake tree: DIR/stat, DIR/self/task/TID/{schedstat,stat}. */
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void set_figures(const char *dir, int tid, int cpu, uint64_t wait_ns, uint64_t steal_ticks)
{
	char path[256], text[512];

	snprintf(path, sizeof(path), "%s/self/task/%d/schedstat", dir, tid);
	snprintf(text, sizeof(text), "5000000 %llu 7\n", (unsigned long long)wait_ns);
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/self/task/%d/stat", dir, tid);
	task_stat_line(text, sizeof(text), cpu);
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/stat", dir);
	snprintf(text, sizeof(text),
		 "cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n"
		 "cpu1 0 0 0 0 0 0 0 %llu 0 0\n",
		 (unsigned long long)steal_ticks);
	write_file(path, text);
}

static void test_sampler(void)
{
	char dir[] = "/tmp/ptpdk-lcore-cpu.XXXXXX", path[256];
	struct lcore_cpu c;
	uint64_t wait, steal, watched;
	const uint64_t s = 1000000000ull;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/self", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/self/task", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/self/task/77", dir);
	mkdir(path, 0700);

	lcore_cpu_init(&c, dir, 100, 2);
	/* No thread id yet: nothing read, nothing counted. */
	lcore_cpu_sample(&c, 1 * s);
	CHECK_EQ_INT(lcore_cpu_lost_share(&c), 0);

	lcore_cpu_set_tid(&c, 0, 77);
	set_figures(dir, 77, 1, 1000, 50);
	lcore_cpu_sample(&c, 2 * s); /* the baseline */
	lcore_cpu_totals(&c, &wait, &steal, &watched);
	CHECK_EQ_INT(watched, 0);

	/* One second: 100 ms on a run queue, 10 ticks (100 ms) stolen. */
	set_figures(dir, 77, 1, 1000 + 100000000, 60);
	lcore_cpu_sample(&c, 3 * s);
	lcore_cpu_totals(&c, &wait, &steal, &watched);
	CHECK_EQ_INT(wait, 100000000);
	CHECK_EQ_INT(steal, 100000000);
	CHECK_EQ_INT(watched, s);
	CHECK_NEAR(lcore_cpu_lost_share(&c), 0.2, 1e-9);
	CHECK_NEAR(c.worst_share, 0.2, 1e-9);

	/* A quiet second halves the share; the worst interval stays. */
	set_figures(dir, 77, 1, 1000 + 100000000, 60);
	lcore_cpu_sample(&c, 4 * s);
	CHECK_NEAR(lcore_cpu_lost_share(&c), 0.1, 1e-9);
	CHECK_NEAR(c.worst_share, 0.2, 1e-9);

	/* Moved to CPU 0 (steal 0 there): its steal is not charged across the move. */
	set_figures(dir, 77, 0, 1000 + 100000000, 60);
	lcore_cpu_sample(&c, 5 * s);
	lcore_cpu_totals(&c, &wait, &steal, &watched);
	CHECK_EQ_INT(steal, 100000000);

	/* The thread is gone: a read error, the totals kept. */
	snprintf(path, sizeof(path), "%s/self/task/77/schedstat", dir);
	unlink(path);
	lcore_cpu_sample(&c, 6 * s);
	CHECK(c.read_errors >= 1);
	lcore_cpu_totals(&c, &wait, &steal, &watched);
	CHECK_EQ_INT(wait, 100000000);

	/* An id beyond the count is ignored; a second id for a known thread too. */
	lcore_cpu_set_tid(&c, 5, 99);
	lcore_cpu_set_tid(&c, 0, 99);
	CHECK_EQ_INT(c.t[0].tid, 77);

	snprintf(path, sizeof(path), "%s/self/task/77/stat", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/stat", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/self/task/77", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/self/task", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/self", dir);
	rmdir(path);
	rmdir(dir);
}

/* This very process: a thread that exists, read from the real /proc. */
static void test_real_proc(void)
{
	struct lcore_cpu c;

	lcore_cpu_init(&c, "/proc", sysconf(_SC_CLK_TCK), 1);
	lcore_cpu_set_tid(&c, 0, (int)getpid());
	lcore_cpu_sample(&c, 1000000000ull);
	lcore_cpu_sample(&c, 2000000000ull);
	CHECK_EQ_INT(c.read_errors, 0);
	CHECK(lcore_cpu_lost_share(&c) >= 0 && lcore_cpu_lost_share(&c) <= 1);
}

int main(void)
{
	test_parsers();
	test_sampler();
	test_real_proc();
	return check_report("lcore-cpu");
}
