/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The smallest HTTP server Prometheus needs: one listening TCP socket, one
 * connection at a time, "GET /metrics" (or HEAD) answered and the connection closed.
 * A client gets HTTP_IO_TIMEOUT_MS to send its request and to take the answer, so a
 * silent or slow client holds the exporter up that long at most. Requests longer
 * than HTTP_MAX_REQUEST bytes are refused.
 */
#ifndef EXPORTER_HTTP_H
#define EXPORTER_HTTP_H

#include <stddef.h>

#include "metrics.h"

#define HTTP_IO_TIMEOUT_MS 2000
#define HTTP_MAX_REQUEST   8192

/**
 * Listen on @p spec: "ADDR:PORT", "[IPV6]:PORT" or ":PORT" (all addresses). PORT 0
 * takes a free port. @p bound receives the address actually bound ("ADDR:PORT").
 * @return the socket, or -1 after printing why
 */
int http_listen(const char *spec, char *bound, size_t bound_len);

/** What to answer with: fills a scrape into a stream (metrics_write()). */
typedef int (*http_render_fn)(FILE *out, void *ctx);

/**
 * Accept one connection on @p fd and answer it. @return 0, or -1 when accept
 * failed (EINTR included: the caller checks its stop flag).
 */
int http_serve_one(int fd, http_render_fn render, void *ctx, struct exporter_stats *stats);

#endif
