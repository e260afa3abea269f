/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-exporter against regions the daemon's exporter wrote (region_fixture.h):
 * every family and value a scrape must show for a locked clock with two ports, label
 * escaping, a region whose writer has not started (ptpdk_up 0 and nothing else), a
 * well-formed exposition (each sample under its family's TYPE, families contiguous,
 * no series twice), and the HTTP side: /metrics, HEAD, 404, 405, 400 for malformed
 * and oversized requests, the exporter's own counters, a clean stop on SIGTERM.
 * Usage: test_exporter PATH-TO-ptpdk-exporter
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "region_fixture.h"

static const char *exporter;
static char out[1 << 20];

#define CHECK_OUT(words)                                                                           \
	do {                                                                                       \
		check_count++;                                                                     \
		if (!strstr(out, words)) {                                                         \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: output lacks '%s'\n", __FILE__, __LINE__, words);  \
		}                                                                                  \
	} while (0)

#define CHECK_NOT_OUT(words)                                                                       \
	do {                                                                                       \
		check_count++;                                                                     \
		if (strstr(out, words)) {                                                          \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: output has '%s'\n", __FILE__, __LINE__, words);    \
		}                                                                                  \
	} while (0)

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The metric name of a sample line (up to '{' or ' '). */
static size_t metric_name_len(const char *line)
{
	return strcspn(line, "{ ");
}

/*
 * Exposition rules Prometheus enforces: every sample follows "# TYPE" of its own
 * family, a family's TYPE appears once, and no series (name and labels) twice.
 */
static void check_well_formed(char *text)
{
	static char *series[65536], *families[1024];
	unsigned n_series = 0, n_families = 0;
	char family[128] = "";
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "# TYPE ", 7) == 0) {
			size_t n = strcspn(line + 7, " ");

			CHECK(n < sizeof(family));
			snprintf(family, sizeof(family), "%.*s", (int)n, line + 7);
			if (n_families < 1024)
				families[n_families++] = line + 7;
			continue;
		}
		if (line[0] == '#')
			continue;
		CHECK(metric_name_len(line) == strlen(family) &&
		      strncmp(line, family, strlen(family)) == 0);
		CHECK(strrchr(line, ' ') != NULL);
		if (n_series < 65536)
			series[n_series++] = line;
		*strrchr(line, ' ') = '\0'; /* the series without its value */
	}
	CHECK(n_series > 50);
	qsort(series, n_series, sizeof(series[0]), cmp_str);
	for (unsigned i = 1; i < n_series; i++) {
		CHECK(strcmp(series[i - 1], series[i]) != 0);
		if (strcmp(series[i - 1], series[i]) == 0)
			fprintf(stderr, "  series twice: %s\n", series[i]);
	}
	for (unsigned i = 0; i < n_families; i++)
		families[i][strcspn(families[i], " ")] = '\0';
	qsort(families, n_families, sizeof(families[0]), cmp_str);
	for (unsigned i = 1; i < n_families; i++)
		CHECK(strcmp(families[i - 1], families[i]) != 0);
}

/* PTPDK_EXPORTER_DUMP=FILE keeps the scrape (for promtool check metrics, by hand). */
static void dump_if_asked(void)
{
	const char *path = getenv("PTPDK_EXPORTER_DUMP");
	FILE *f = path ? fopen(path, "w") : NULL;

	if (f) {
		fputs(out, f);
		fclose(f);
	}
}

static void check_scrape(const char *dir)
{
	const char *ex = "{ptpdk_instance=\"expa\"";
	char line[256];
	int rc = fixture_run(exporter,
			     (const char *[]){ "--once", "--shm-dir", dir, "--instance", "expa",
					       "--instance", "expb", NULL },
			     out, sizeof(out));

	CHECK_EQ_INT(rc, 0);
	dump_if_asked();
	CHECK_OUT("ptpdk_up{ptpdk_instance=\"expa\"} 1\n");
	CHECK_OUT("ptpdk_up{ptpdk_instance=\"expb\"} 0\n");
	CHECK_OUT("ptpdk_info{ptpdk_instance=\"expa\",clock_identity=\"aabbcc.fffe.ddee01\","
		  "domain=\"24\",clock_name=");
	CHECK_OUT("ptpdk_parent_info{ptpdk_instance=\"expa\",grandmaster_identity=\""
		  "001122.fffe.334455\",parent_port_identity=");
#define CLOCK_LINE(family, value)                                                                  \
	do {                                                                                       \
		snprintf(line, sizeof(line), "\n%s%s} %s\n", family, ex, value);                   \
		CHECK_OUT(line);                                                                   \
	} while (0)
	CLOCK_LINE("ptpdk_clock_valid", "1");
	CLOCK_LINE("ptpdk_clock_state", "2");
	CLOCK_LINE("ptpdk_offset_from_master_seconds", "-1.7e-08");
	CLOCK_LINE("ptpdk_frequency_adjustment_ppb", "12.25");
	CLOCK_LINE("ptpdk_steps_removed", "1");
	CLOCK_LINE("ptpdk_utc_offset_seconds", "37");
	CLOCK_LINE("ptpdk_grandmaster_clock_class", "6");
	CLOCK_LINE("ptpdk_grandmaster_clock_accuracy", "33");
	CLOCK_LINE("ptpdk_grandmaster_priority1", "127");
	CLOCK_LINE("ptpdk_grandmaster_priority2", "129");
	CLOCK_LINE("ptpdk_holdover_seconds", "0");
	CLOCK_LINE("ptpdk_compliance_alarm", "1");
#undef CLOCK_LINE
	CHECK_OUT("\nptpdk_error_bound_seconds{ptpdk_instance=\"expa\"} ");
	CHECK_OUT("\nptpdk_port_state{ptpdk_instance=\"expa\",port=\"0\",port_name=\"net_a\"} 6\n");
	/* The second port's name has a quote and a backslash: escaped. */
	CHECK_OUT(
		"\nptpdk_port_state{ptpdk_instance=\"expa\",port=\"1\",port_name=\"q\\\"x\\\\y\"} "
		"9\n");
	CHECK_OUT("\nptpdk_port_path_delay_seconds{ptpdk_instance=\"expa\",port=\"1\",port_name=\""
		  "q\\\"x\\\\y\",delay_mechanism=\"E2E\"} 2.5e-06\n");
	CHECK_NOT_OUT("ptpdk_port_path_delay_seconds{ptpdk_instance=\"expa\",port=\"0\"");
	CHECK_OUT("\nptpdk_port_follows_parent{ptpdk_instance=\"expa\",port=\"1\",port_name=\""
		  "q\\\"x\\\\y\"} 1\n");
	CHECK_OUT("\nptpdk_port_events_total{ptpdk_instance=\"expa\",port=\"1\",port_name=\""
		  "q\\\"x\\\\y\",counter=\"rx/by_type/Sync\"} 80\n");
	CHECK_OUT(
		"\nptpdk_port_events_total{ptpdk_instance=\"expa\",port=\"0\",port_name=\"net_a\","
		"counter=\"tx/by_type/Announce\"} 3\n");
	CHECK_OUT("\nptpdk_clock_events_total{ptpdk_instance=\"expa\",counter=\"engine/");
	CHECK_OUT("\nptpdk_clock_events_total{ptpdk_instance=\"expa\",counter=\""
		  "compliance/alarms_cleared\"} 1\n");
	CHECK_OUT("# TYPE ptpdk_port_events_total counter\n");
	CHECK_OUT("\nptpdk_exporter_regions 2\n");
	/* A writer that has not started: up 0, and no value of it anywhere. */
	CHECK_NOT_OUT("{ptpdk_instance=\"expb\",");
	CHECK_NOT_OUT("ptpdk_clock_state{ptpdk_instance=\"expb\"}");
	check_well_formed(out);
}

static void check_usage(void)
{
	CHECK_EQ_INT(fixture_run(exporter, (const char *[]){ "--bogus", NULL }, out, sizeof(out)),
		     2);
	CHECK_EQ_INT(fixture_run(exporter, (const char *[]){ "--instance", "../x", NULL }, out,
				 sizeof(out)),
		     2);
	CHECK_EQ_INT(fixture_run(exporter, (const char *[]){ "--listen", NULL }, out, sizeof(out)),
		     2);
	CHECK_EQ_INT(fixture_run(exporter, (const char *[]){ "--listen", "nocolon", NULL }, out,
				 sizeof(out)),
		     1);
	CHECK_EQ_INT(fixture_run(exporter, (const char *[]){ "-V", NULL }, out, sizeof(out)), 0);
	CHECK_OUT("shared region ABI 2");
}

/* Send @p req to 127.0.0.1:@p port, the whole answer in out. @return bytes, -1 */
static long http(unsigned port, const char *req, size_t len)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval tv = { .tv_sec = 5 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	size_t got = 0;
	ssize_t n;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	out[0] = '\0';
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	if (len && send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	while (got + 1 < sizeof(out) && (n = recv(fd, out + got, sizeof(out) - 1 - got, 0)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fd);
	return (long)got;
}

#define GET(path) "GET " path " HTTP/1.1\r\nHost: localhost\r\n\r\n"

static void check_http_answers(unsigned port)
{
	static char big[8192 + 64];

	CHECK(http(port, GET("/metrics"), strlen(GET("/metrics"))) > 0);
	CHECK(strncmp(out, "HTTP/1.1 200 OK\r\n", 17) == 0);
	CHECK_OUT("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n");
	CHECK_OUT("\r\n\r\n# HELP ptpdk_up ");
	CHECK_OUT("ptpdk_up{ptpdk_instance=\"expa\"} 1\n");
	CHECK(http(port, "HEAD /metrics HTTP/1.0\r\n\r\n", 26) > 0);
	CHECK(strncmp(out, "HTTP/1.1 200 OK\r\n", 17) == 0);
	CHECK_NOT_OUT("# HELP");
	CHECK(http(port, GET("/metrics?x=1"), strlen(GET("/metrics?x=1"))) > 0);
	CHECK(strncmp(out, "HTTP/1.1 200 OK\r\n", 17) == 0);
	CHECK(http(port, GET("/nothing"), strlen(GET("/nothing"))) > 0);
	CHECK(strncmp(out, "HTTP/1.1 404 ", 13) == 0);
	CHECK(http(port, "POST /metrics HTTP/1.1\r\n\r\n", 26) > 0);
	CHECK(strncmp(out, "HTTP/1.1 405 ", 13) == 0);
	CHECK(http(port, "garbage\r\n\r\n", 11) > 0);
	CHECK(strncmp(out, "HTTP/1.1 400 ", 13) == 0);
	memset(big, 'A', sizeof(big));
	CHECK(http(port, big, sizeof(big)) >= 0); /* refused: too long, no end of head */
	CHECK(out[0] == '\0' || strncmp(out, "HTTP/1.1 400 ", 13) == 0);
	CHECK(http(port, GET("/metrics"), strlen(GET("/metrics"))) > 0);
	CHECK_OUT("\nptpdk_exporter_http_bad_requests_total 3\n");
	CHECK_OUT("\nptpdk_exporter_http_not_found_total 1\n");
	CHECK_OUT("\nptpdk_exporter_scrapes_total 4\n"); /* GET, HEAD, GET ?x=1, this one */
}

/* Start the server on a free port; @return its pid, *port set; -1 on failure */
static pid_t start_server(const char *dir, unsigned *port, FILE **so)
{
	int pipefd[2];
	char line[256];
	const char *p;
	pid_t pid;

	if (pipe(pipefd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execl(exporter, exporter, "--listen", "127.0.0.1:0", "--shm-dir", dir, "--instance",
		      "expa", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	*so = fdopen(pipefd[0], "r");
	if (!*so || !fgets(line, sizeof(line), *so) || !(p = strstr(line, "127.0.0.1:"))) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	*port = (unsigned)atoi(p + 10);
	return pid;
}

static void check_http(const char *dir)
{
	unsigned port = 0;
	FILE *so = NULL;
	pid_t pid = start_server(dir, &port, &so);
	char line[256] = "";
	int status = -1;

	CHECK(pid > 0 && port > 0);
	if (pid <= 0)
		return;
	check_http_answers(port);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(fgets(line, sizeof(line), so) && strstr(line, "stopped after 4 scrapes"));
	fclose(so);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/test_exporter.XXXXXX";
	uint64_t hz = 2000000000;
	static struct engine_status es;
	struct ptpdk_clock *clock;
	struct ptpdk_shm_writer *a, *b;

	check_seed("exporter");
	if (argc != 2 || !mkdtemp(dir)) {
		fprintf(stderr, "usage: test_exporter PATH-TO-ptpdk-exporter\n");
		return 1;
	}
	exporter = argv[1];
	clock = ptpdk_clock_tsc_create(hz);
	a = clock ? fixture_make_region(dir, "expa", hz) : NULL;
	b = fixture_make_region(dir, "expb", hz); /* created, never published */
	CHECK(a != NULL && b != NULL);
	if (a && b) {
		fixture_locked_status(&es);
		fixture_publish(a, clock, hz, &es, (const char *const[]){ "net_a", "q\"x\\y" });
		check_scrape(dir);
		check_http(dir);
	}
	check_usage();
	ptpdk_shm_writer_destroy(a);
	ptpdk_shm_writer_destroy(b);
	ptpdk_clock_destroy(clock);
	rmdir(dir);
	return check_report("exporter");
}
