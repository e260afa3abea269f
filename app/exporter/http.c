/* SPDX-License-Identifier: BSD-3-Clause */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int split_spec(const char *spec, char *host, size_t host_len, const char **port)
{
	const char *colon;
	size_t n;

	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');

		if (!end || end[1] != ':')
			return -1;
		n = (size_t)(end - spec - 1);
		colon = end + 1;
		spec++;
	} else {
		colon = strrchr(spec, ':');
		if (!colon)
			return -1;
		n = (size_t)(colon - spec);
	}
	if (n >= host_len)
		return -1;
	memcpy(host, spec, n);
	host[n] = '\0';
	*port = colon + 1;
	return **port ? 0 : -1;
}

static void describe_bound(int fd, char *out, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(out, len, "?");
		return;
	}
	snprintf(out, len, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, serv);
}

int http_listen(const char *spec, char *bound, size_t bound_len)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	char host[128];
	const char *port;
	int fd, one = 1, rc;

	if (split_spec(spec, host, sizeof(host), &port) != 0) {
		fprintf(stderr,
			"ptpdk-exporter: --listen wants ADDR:PORT, [ADDR]:PORT or :PORT, got "
			"'%s'\n",
			spec);
		return -1;
	}
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "ptpdk-exporter: --listen %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 16) != 0) {
		fprintf(stderr, "ptpdk-exporter: cannot listen on %s: %s\n", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	describe_bound(fd, bound, bound_len);
	return fd;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read up to the blank line that ends the head. @return its length, 0 timeout, -1 too long or
 * closed */
static int read_head(int fd, char *buf, size_t cap, int64_t deadline)
{
	size_t len = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return 0;
		n = recv(fd, buf + len, cap - 1 - len, 0);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return (int)len;
		if (len >= cap - 1)
			return -1;
	}
}

static bool send_all(int fd, const char *p, size_t len, int64_t deadline)
{
	while (len > 0) {
		struct pollfd pf = { .fd = fd, .events = POLLOUT };
		int64_t left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
			return false;
		n = send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool reply(int fd, const char *status, const char *type, const char *body, size_t len,
		  bool head_only, int64_t deadline)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 status, type, len);

	return send_all(fd, head, (size_t)n, deadline) &&
	       (head_only || send_all(fd, body, len, deadline));
}

static const char text_type[] = "text/plain; charset=utf-8";
static const char metrics_type[] = "text/plain; version=0.0.4; charset=utf-8";
static const char index_body[] = "ptpdk-exporter: metrics at /metrics\n";

/* The request line's method and path (query dropped). @return false when malformed */
static bool parse_request_line(char *buf, char **method, char **path)
{
	char *sp1, *sp2, *q;

	buf[strcspn(buf, "\r\n")] = '\0';
	sp1 = strchr(buf, ' ');
	if (!sp1)
		return false;
	*sp1 = '\0';
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0)
		return false;
	*sp2 = '\0';
	*method = buf;
	*path = sp1 + 1;
	q = strchr(*path, '?');
	if (q)
		*q = '\0';
	return true;
}

static bool answer_metrics(int fd, http_render_fn render, void *ctx, bool head_only,
			   int64_t deadline)
{
	char *body = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);
	bool ok;

	if (!f)
		return reply(fd, "500 Internal Server Error", text_type, "out of memory\n", 14,
			     head_only, deadline);
	if (render(f, ctx) != 0 || fclose(f) != 0) {
		free(body);
		return reply(fd, "500 Internal Server Error", text_type, "scrape failed\n", 14,
			     head_only, deadline);
	}
	ok = reply(fd, "200 OK", metrics_type, body, len, head_only, deadline);
	free(body);
	return ok;
}

static void serve(int fd, http_render_fn render, void *ctx, struct exporter_stats *stats)
{
	static char buf[HTTP_MAX_REQUEST];
	int64_t deadline = now_ms() + HTTP_IO_TIMEOUT_MS;
	int n = read_head(fd, buf, sizeof(buf), deadline);
	char *method, *path;
	bool head_only, ok;

	if (n == 0) {
		stats->http_timeouts++;
		return;
	}
	if (n < 0 || !parse_request_line(buf, &method, &path)) {
		stats->http_bad++;
		reply(fd, "400 Bad Request", text_type, "bad request\n", 12, false, deadline);
		return;
	}
	head_only = strcmp(method, "HEAD") == 0;
	if (!head_only && strcmp(method, "GET") != 0) {
		stats->http_bad++;
		ok = reply(fd, "405 Method Not Allowed", text_type, "GET only\n", 9, false,
			   deadline);
	} else if (strcmp(path, "/metrics") == 0) {
		ok = answer_metrics(fd, render, ctx, head_only, deadline);
	} else if (strcmp(path, "/") == 0) {
		ok = reply(fd, "200 OK", text_type, index_body, sizeof(index_body) - 1, head_only,
			   deadline);
	} else {
		stats->http_not_found++;
		ok = reply(fd, "404 Not Found", text_type, "not found\n", 10, head_only, deadline);
	}
	if (!ok)
		stats->http_send_errors++;
}

int http_serve_one(int fd, http_render_fn render, void *ctx, struct exporter_stats *stats)
{
	int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

	if (c < 0)
		return -1;
	serve(c, render, ctx, stats);
	close(c);
	return 0;
}
