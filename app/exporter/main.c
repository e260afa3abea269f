/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-exporter: Prometheus metrics for every ptpdk instance on the host, read from
 * their shared regions. Needs no root and no DPDK, sends nothing to any daemon: a
 * scrape costs the daemons nothing but the cache lines it reads. One process serves
 * all instances, so starting or stopping an instance needs no exporter change.
 *
 *   ptpdk-exporter [--listen ADDR:PORT] [--shm-dir DIR]... [--instance NAME]...
 *   ptpdk-exporter --once ...      one scrape to stdout (a node_exporter textfile)
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "discover.h"
#include "http.h"
#include "metrics.h"
#include "ptpdk_shm_instance.h"
#include "ptpdk_version.h"

/* Not registered with Prometheus' port list; --listen changes it. Loopback by
 * default: metrics say which clock a trading host follows, not for every network. */
#define DEFAULT_LISTEN "127.0.0.1:9479"

struct options {
	const char *listen;
	bool once;
	struct discover_conf discover;
};

struct scrape_ctx {
	const struct discover_conf *conf;
	struct exporter_stats stats;
};

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ptpdk-exporter [--listen ADDR:PORT] [--shm-dir DIR]... [--instance "
		"NAME]...\n"
		"       ptpdk-exporter --once [--shm-dir DIR]... [--instance NAME]...\n"
		"  --listen SPEC    where to serve /metrics (default %s; [::1]:PORT, :PORT)\n"
		"  --shm-dir DIR    also look for regions in DIR (after hugetlbfs mounts, "
		"/dev/shm)\n"
		"  --instance NAME  export only these instances (default: every region found)\n"
		"  --once           write one scrape to stdout and exit\n"
		"  -V, --version    version\n",
		DEFAULT_LISTEN);
}

static int parse(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->listen = DEFAULT_LISTEN;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--once") == 0) {
			o->once = true;
			continue;
		}
		if (strcmp(a, "--listen") != 0 && strcmp(a, "--shm-dir") != 0 &&
		    strcmp(a, "--instance") != 0) {
			fprintf(stderr, "ptpdk-exporter: unknown argument '%s'\n", a);
			return -1;
		}
		if (!v) {
			fprintf(stderr, "ptpdk-exporter: %s needs a value\n", a);
			return -1;
		}
		i++;
		if (strcmp(a, "--listen") == 0) {
			o->listen = v;
		} else if (strcmp(a, "--shm-dir") == 0) {
			if (o->discover.n_extra_dirs >= DISCOVER_MAX_DIRS) {
				fprintf(stderr, "ptpdk-exporter: at most %d --shm-dir\n",
					DISCOVER_MAX_DIRS);
				return -1;
			}
			o->discover.extra_dirs[o->discover.n_extra_dirs++] = v;
		} else {
			char why[160];

			if (ptpdk_shm_instance_name_check(v, why, sizeof(why)) != 0) {
				fprintf(stderr, "ptpdk-exporter: --instance: %s\n", why);
				return -1;
			}
			if (o->discover.n_only >= DISCOVER_MAX_REGIONS) {
				fprintf(stderr, "ptpdk-exporter: at most %d --instance\n",
					DISCOVER_MAX_REGIONS);
				return -1;
			}
			o->discover.only[o->discover.n_only++] = v;
		}
	}
	return 0;
}

static int scrape(FILE *out, void *arg)
{
	struct scrape_ctx *ctx = arg;
	struct discover_result found;

	discover_regions(ctx->conf, &found);
	return metrics_write(out, &found, &ctx->stats);
}

static int serve(const struct options *o, struct scrape_ctx *ctx)
{
	struct sigaction sa = { .sa_handler = on_stop }; /* no SA_RESTART: accept returns */
	char bound[96];
	int fd = http_listen(o->listen, bound, sizeof(bound));

	if (fd < 0)
		return 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("ptpdk-exporter: serving /metrics on %s\n", bound);
	fflush(stdout);
	while (!stop_requested)
		if (http_serve_one(fd, scrape, ctx, &ctx->stats) != 0 && errno != EINTR &&
		    errno != ECONNABORTED) {
			fprintf(stderr, "ptpdk-exporter: accept: %s\n", strerror(errno));
			usleep(100000); /* EMFILE and friends: do not spin */
		}
	close(fd);
	printf("ptpdk-exporter: stopped after %llu scrapes\n",
	       (unsigned long long)ctx->stats.scrapes);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	struct scrape_ctx ctx;

	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 && (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)) {
		printf("ptpdk-exporter %s (shared region ABI %d)\n", PTPDK_VERSION,
		       PTPDK_SHM_ABI_VERSION);
		return 0;
	}
	if (parse(argc, argv, &o) != 0) {
		usage(stderr);
		return 2;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.conf = &o.discover;
	if (o.once)
		return scrape(stdout, &ctx) == 0 && fflush(stdout) == 0 ? 0 : 1;
	return serve(&o, &ctx);
}
