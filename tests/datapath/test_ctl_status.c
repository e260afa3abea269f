/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl status and counters against a region the daemon's exporter wrote
 * (export.c, export_counters.c) from a filled-in status, without EAL or a daemon:
 * the fields ptpd shows, the JSON object, counters by name with the values
 * published, and the exit codes for a missing or stopped region and bad usage.
 * Usage: test_ctl_status PATH-TO-ptpdk-ctl
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "region_fixture.h"

static const char *ctl;
static char out[65536];

/* Run ptpdk-ctl with @p args (NULL-terminated); its stdout in out. @return exit code */
static int run(const char *const *args)
{
	return fixture_run(ctl, args, out, sizeof(out));
}

#define CHECK_OUT(words)                                                                           \
	do {                                                                                       \
		check_count++;                                                                     \
		if (!strstr(out, words)) {                                                         \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: output lacks \"%s\":\n%s\n", __FILE__, __LINE__,   \
				words, out);                                                       \
		}                                                                                  \
	} while (0)

#define CHECK_NOT_OUT(words)                                                                       \
	do {                                                                                       \
		check_count++;                                                                     \
		if (strstr(out, words)) {                                                          \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: output has \"%s\":\n%s\n", __FILE__, __LINE__,     \
				words, out);                                                       \
		}                                                                                  \
	} while (0)

static struct ptpdk_shm_writer *make_region(const char *dir, const char *name, uint64_t hz)
{
	struct ptpdk_shm_writer *w = fixture_make_region(dir, name, hz);

	CHECK(w != NULL);
	return w;
}

/* Port 1's message ages: a Sync received 2 s and a Delay_Req sent 0.5 s before the
 * publish, to which the test's own running time adds (under 30 s); the rest, and all
 * of port 0's, never. */
static void check_ages(void)
{
	const char *port1 = strstr(out, "port 1 net_b\n");
	const char *rx = port1 ? strstr(port1, "last_received_Sync       ") : NULL;
	const char *tx = port1 ? strstr(port1, "last_transmitted_Delay_Req ") : NULL;
	double rx_s = rx ? atof(rx + 25) : -1, tx_s = tx ? atof(tx + 27) : -1;

	CHECK(rx_s >= 2.0 && rx_s < 32.0);
	CHECK(tx_s >= 0.5 && tx_s < 30.5);
	CHECK_OUT("last_received_Announce   -\n");
	CHECK_OUT("last_transmitted_Sync    -\n");
}

static void check_status(const char *path)
{
	CHECK_EQ_INT(run((const char *[]){ "status", "--shm", path, NULL }), 0);
	CHECK_OUT("clock_source_valid       1\n");
	CHECK_OUT("clock_state              LOCKED\n");
	CHECK_OUT("id                       aabbcc.fffe.ddee01\n");
	CHECK_OUT("utcoffset                37\n");
	CHECK_OUT("gm_id                    001122.fffe.334455\n");
	CHECK_OUT("priority1                127\n");
	CHECK_OUT("class                    6\n");
	CHECK_OUT("accuracy                 33\n");
	CHECK_OUT("variance                 20061\n");
	CHECK_OUT("priority2                129\n");
	CHECK_OUT("stepsremoved             1\n");
	CHECK_OUT("timesource               32\n");
	CHECK_OUT("last_delta_ns            -17\n");
	CHECK_OUT("last_adjtime_ns          1234567\n");
	CHECK_OUT("drift_ppb                12.250\n");
	CHECK_OUT("path_delay_ns            2500\n");
	CHECK_OUT("last_clock_update        0.");
	CHECK_OUT("compliance_alarm         1\n");
	CHECK_OUT("compliance_records       100\n");
	CHECK_OUT("lcores_off_cpu_percent   5.00\n");
	CHECK_OUT("port 1 net_b\n");
	CHECK_OUT("  state                    SLAVE\n");
	CHECK_OUT("  received_Sync            80\n");
	CHECK_OUT("  transmitted_Delay_Req    9\n");
	CHECK_OUT("  transmitted_Announce     3\n");
	check_ages();
}

/* out parses as JSON, by Python's parser when there is one (127: none, skipped). */
static void check_parses(void)
{
	FILE *py = popen("python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null", "w");
	int status;

	CHECK(py != NULL);
	if (!py)
		return;
	fputs(out, py);
	status = pclose(py);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void check_json(const char *path)
{
	size_t len;

	CHECK_EQ_INT(run((const char *[]){ "--json", NULL }), 2); /* not a command */
	CHECK_EQ_INT(run((const char *[]){ "status", "--json", "--shm", path, NULL }), 0);
	len = strlen(out);
	CHECK(len > 2 && out[0] == '{' && strcmp(out + len - 2, "}\n") == 0);
	CHECK(strchr(out, '\n') == out + len - 1); /* one object on one line */
	CHECK_OUT("\"clock_source_valid\":true");
	CHECK_OUT("\"id\":\"aabbcc.fffe.ddee01\"");
	CHECK_OUT("\"gm_id\":\"001122.fffe.334455\"");
	CHECK_OUT("\"priority1\":127");
	CHECK_OUT("\"path_delay_ns\":2500");
	CHECK_OUT("\"compliance_alarm\":true");
	CHECK_OUT("\"ports\":[{\"index\":0,\"name\":\"net_a\",\"state\":\"MASTER\"");
	CHECK_OUT("\"path_delay_ns\":null");
	CHECK_OUT("\"received_Sync\":80");
	CHECK_OUT("\"last_received_Announce\":null");
	CHECK_OUT("\"last_adjtime_ns\":1234567");
	CHECK_OUT("]}\n");
	check_parses();
}

static void check_counters(const char *path)
{
	CHECK_EQ_INT(run((const char *[]){ "counters", "--shm", path, NULL }), 0);
	CHECK_OUT("clock engine/");
	CHECK_OUT("clock compliance/alarms_raised 2\n");
	CHECK_OUT("port0 tx/by_type/Announce 3\n");
	CHECK_OUT("port1 rx/by_type/Sync 80\n");
	CHECK_OUT("port1 tx/by_type/Delay_Req 9\n");
	CHECK_EQ_INT(run((const char *[]){ "counters", "--port", "1", "--shm", path, NULL }), 0);
	CHECK_OUT("port1 rx/by_type/Sync 80\n");
	CHECK(strncmp(out, "port1 ", 6) == 0); /* port 1's lines only */
	CHECK_NOT_OUT("port0 ");
	CHECK_NOT_OUT("\nclock ");
	CHECK_EQ_INT(run((const char *[]){ "counters", "--port", "2", "--shm", path, NULL }), 2);
	CHECK_EQ_INT(run((const char *[]){ "counters", "--port", "x", "--shm", path, NULL }), 2);
	CHECK_EQ_INT(run((const char *[]){ "counters", "--json", "--shm", path, NULL }), 0);
	CHECK(strncmp(out, "{\"instance\":\"ctl\",\"clock\":{\"engine/", 32) == 0);
	CHECK_OUT("\"compliance/alarms_raised\":2");
	CHECK_OUT(",\"ports\":[{\"index\":0,\"name\":\"net_a\",\"counters\":{");
	CHECK_OUT("{\"index\":1,\"name\":\"net_b\",\"counters\":{\"rx/");
	CHECK_OUT("\"rx/by_type/Sync\":80");
	CHECK_OUT("}}]}\n");
	check_parses();
	CHECK_EQ_INT(
		run((const char *[]){ "counters", "--json", "--port", "1", "--shm", path, NULL }),
		0);
	CHECK(strncmp(out, "{\"instance\":\"ctl\",\"ports\":[{\"index\":1,", 38) == 0);
	check_parses();
	CHECK_EQ_INT(run((const char *[]){ "counters", "--bogus", "--shm", path, NULL }), 2);
}

static void check_usage_and_missing(const char *dir, uint64_t hz)
{
	struct ptpdk_shm_writer *w = make_region(dir, "silent", hz);
	char missing[256];

	/* Created, never published: the records are not valid, status says so. */
	CHECK(w != NULL);
	if (w) {
		CHECK_EQ_INT(
			run((const char *[]){ "status", "--shm", ptpdk_shm_writer_path(w), NULL }),
			1);
		CHECK_EQ_INT(strlen(out), 0);
		CHECK_EQ_INT(run((const char *[]){ "counters", "--shm", ptpdk_shm_writer_path(w),
						   NULL }),
			     1);
		ptpdk_shm_writer_destroy(w);
	}

	snprintf(missing, sizeof(missing), "%s/ptpdk-shm-none", dir);
	CHECK_EQ_INT(run((const char *[]){ "status", "--shm", missing, NULL }), 1);
	CHECK_EQ_INT(run((const char *[]){ "status", "--bogus", NULL }), 2);
	CHECK_EQ_INT(run((const char *[]){ "status", "--shm", NULL }), 2);
	CHECK_EQ_INT(run((const char *[]){ "status", "--shm", "noslash", NULL }), 2);
	CHECK_EQ_INT(run((const char *[]){ "inst", "status", "--shm", missing, NULL }), 2);
	/* A NAME that breaks the instance name rule is bad usage, never a path. */
	CHECK_EQ_INT(run((const char *[]){ "bad/name", "status", NULL }), 2);
	CHECK_EQ_INT(run((const char *[]){ "-x", "counters", NULL }), 2);
	CHECK_EQ_INT(run((const char *[]){ "inst", "verify-log", "x", NULL }), 2);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/test_ctl_status.XXXXXX";
	uint64_t hz = 2000000000; /* any rate: the clock and the header agree on it */
	static struct engine_status es;
	struct ptpdk_clock *clock;
	struct ptpdk_shm_writer *w;
	char path[512];

	check_seed("ctl-status");
	if (argc != 2 || !mkdtemp(dir)) {
		fprintf(stderr, "usage: test_ctl_status PATH-TO-ptpdk-ctl\n");
		return 1;
	}
	ctl = argv[1];
	clock = ptpdk_clock_tsc_create(hz);
	w = clock ? make_region(dir, "ctl", hz) : NULL;
	CHECK(w != NULL);
	if (w) {
		snprintf(path, sizeof(path), "%s", ptpdk_shm_writer_path(w));
		fixture_locked_status(&es);
		fixture_publish(w, clock, hz, &es, (const char *const[]){ "net_a", "net_b" });
		check_status(path);
		check_json(path);
		check_counters(path);
		ptpdk_shm_writer_destroy(w);
	}
	check_usage_and_missing(dir, hz);
	ptpdk_clock_destroy(clock);
	rmdir(dir);
	return check_report("ctl-status");
}
