/* SPDX-License-Identifier: BSD-3-Clause */
#include "options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_RX_LCORES = 256,
	OPT_ENGINE_LCORE,
	OPT_COMPACT,
	OPT_IDLE_SLEEP,
	OPT_RING_SIZE,
	OPT_TX_TIMEOUT,
	OPT_TIME_STAMPING,
	OPT_NO_VERIFY_CSUM,
	OPT_PROMISCUOUS,
	OPT_IPV4,
	OPT_IPV6,
	OPT_DURATION,
	OPT_STATS_INTERVAL,
	OPT_STATS_JSON,
	OPT_MEASURE,
	OPT_SAMPLES,
	OPT_LATENCY,
	OPT_DOMAIN,
	OPT_DELAY_REQ_LOG,
};

static const struct option long_options[] = {
	{ "port", required_argument, NULL, 'i' },
	{ "rx-lcores", required_argument, NULL, OPT_RX_LCORES },
	{ "engine-lcore", required_argument, NULL, OPT_ENGINE_LCORE },
	{ "compact", no_argument, NULL, OPT_COMPACT },
	{ "idle-sleep-us", required_argument, NULL, OPT_IDLE_SLEEP },
	{ "ring-size", required_argument, NULL, OPT_RING_SIZE },
	{ "tx-timestamp-timeout", required_argument, NULL, OPT_TX_TIMEOUT },
	{ "time-stamping", required_argument, NULL, OPT_TIME_STAMPING },
	{ "no-verify-csum", no_argument, NULL, OPT_NO_VERIFY_CSUM },
	{ "promiscuous", no_argument, NULL, OPT_PROMISCUOUS },
	{ "ipv4", required_argument, NULL, OPT_IPV4 },
	{ "ipv6", required_argument, NULL, OPT_IPV6 },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "stats-interval", required_argument, NULL, OPT_STATS_INTERVAL },
	{ "stats-json", required_argument, NULL, OPT_STATS_JSON },
	{ "measure", no_argument, NULL, OPT_MEASURE },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "latency", no_argument, NULL, OPT_LATENCY },
	{ "domain", required_argument, NULL, OPT_DOMAIN },
	{ "delay-req-interval", required_argument, NULL, OPT_DELAY_REQ_LOG },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fputs("usage: ptpdk [EAL options] -- [options]\n"
	      "  -i, --port NAME             PCI address, EAL vdev name, or a vdev spec\n"
	      "                              (net_af_packet0,iface=eth1); repeat for more ports\n"
	      "      --compact               RX, TX and engine on one worker lcore\n"
	      "      --engine-lcore N        engine lcore (default: the first worker)\n"
	      "      --rx-lcores A,B,...     RX lcores (default: the other workers)\n"
	      "      --idle-sleep-us N       sleep after an idle iteration (default 0: busy poll)\n"
	      "      --ring-size N           events per RX ring (default 1024)\n"
	      "      --tx-timestamp-timeout MS  wait for a TX stamp (default 10, as ptp4l)\n"
	      "      --time-stamping MODE    auto | hardware | software (default auto)\n"
	      "      --no-verify-csum        trust IPv4/UDP checksums the NIC did not check\n"
	      "      --promiscuous           accept PTP to any destination\n"
	      "      --ipv4 ADDR, --ipv6 ADDR  our addresses (unicast PTP, Delay_Req source)\n"
	      "      --duration S            stop after S seconds (default: at SIGINT/SIGTERM)\n"
	      "      --stats-interval S      print counters every S seconds (default: at exit)\n"
	      "      --stats-json FILE       write the final counters as JSON\n"
	      "      --measure               E2E delay requests to the first master heard;\n"
	      "                              log raw offsets against the TSC clock (no servo)\n"
	      "      --samples FILE          CSV of the raw offset samples\n"
	      "      --latency               histogram of RX stamp to engine dequeue\n"
	      "      --domain N              PTP domain to measure (default 0)\n"
	      "      --delay-req-interval L  log2 seconds between Delay_Req (default 0)\n"
	      "  -q, --quiet                 no per-sample log lines\n",
	      out);
}

/* Whole-string unsigned parse with bounds: "12x", "" and overflow are errors. */
static int parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s == '-' || *s == '\0')
		goto bad;
	v = strtoull(s, &end, 0);
	if (errno || *end != '\0' || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	fprintf(stderr, "ptpdk: --%s: '%s' is not a number from %" PRIu64 " to %" PRIu64 "\n", opt,
		s, min, max);
	return -1;
}

static int parse_seconds(const char *opt, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !isfinite(v) || v < 0 || v > 1e7) {
		fprintf(stderr, "ptpdk: --%s: '%s' is not a number of seconds\n", opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_lcore_list(const char *s, struct daemon_options *o)
{
	char buf[256], *save = NULL, *tok;

	if (strlen(s) >= sizeof(buf)) {
		fprintf(stderr, "ptpdk: --rx-lcores: list too long\n");
		return -1;
	}
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;

		if (o->n_rx_lcores == DAEMON_MAX_LCORES) {
			fprintf(stderr, "ptpdk: --rx-lcores: at most %d lcores\n",
				DAEMON_MAX_LCORES);
			return -1;
		}
		if (parse_u64("rx-lcores", tok, 0, 1023, &v))
			return -1;
		o->rx_lcores[o->n_rx_lcores++] = (unsigned)v;
	}
	return 0;
}

static int parse_ts_mode(const char *s, enum ptpdk_ts_mode *mode)
{
	if (strcmp(s, "auto") == 0)
		*mode = PTPDK_TS_MODE_AUTO;
	else if (strcmp(s, "hardware") == 0)
		*mode = PTPDK_TS_MODE_HARDWARE;
	else if (strcmp(s, "software") == 0)
		*mode = PTPDK_TS_MODE_SOFTWARE;
	else {
		fprintf(stderr, "ptpdk: --time-stamping: '%s' is not auto, hardware or software\n",
			s);
		return -1;
	}
	return 0;
}

static int parse_address(int family, const char *s, struct ptpdk_addr_filter *f)
{
	if (family == AF_INET && inet_pton(AF_INET, s, f->ipv4) == 1) {
		f->has_ipv4 = true;
		return 0;
	}
	if (family == AF_INET6 && inet_pton(AF_INET6, s, f->ipv6) == 1) {
		f->has_ipv6 = true;
		return 0;
	}
	fprintf(stderr, "ptpdk: '%s' is not an IPv%c address\n", s, family == AF_INET ? '4' : '6');
	return -1;
}

static void set_defaults(struct daemon_options *o)
{
	memset(o, 0, sizeof(*o));
	o->engine_lcore = -1;
	o->ring_size = 1024;
	o->tx_timestamp_timeout_ms = 10;
	o->verify_csum = true;
}

static int parse_numeric(int c, const char *arg, struct daemon_options *o)
{
	uint64_t v;

	switch (c) {
	case OPT_ENGINE_LCORE:
		if (parse_u64("engine-lcore", arg, 0, 1023, &v))
			return -1;
		o->engine_lcore = (int)v;
		return 0;
	case OPT_IDLE_SLEEP:
		if (parse_u64("idle-sleep-us", arg, 0, 1000000, &v))
			return -1;
		o->idle_sleep_us = (uint32_t)v;
		return 0;
	case OPT_RING_SIZE:
		if (parse_u64("ring-size", arg, 64, 1 << 20, &v))
			return -1;
		o->ring_size = (uint32_t)v;
		return 0;
	case OPT_TX_TIMEOUT:
		if (parse_u64("tx-timestamp-timeout", arg, 1, 10000, &v))
			return -1;
		o->tx_timestamp_timeout_ms = (uint32_t)v;
		return 0;
	case OPT_DOMAIN:
		if (parse_u64("domain", arg, 0, 255, &v))
			return -1;
		o->domain = (uint8_t)v;
		return 0;
	case OPT_DELAY_REQ_LOG: {
		char *end;
		long l;

		errno = 0;
		l = strtol(arg, &end, 10);
		if (errno || end == arg || *end || l < -7 || l > 6) {
			fprintf(stderr, "ptpdk: --delay-req-interval: '%s' is not -7..6\n", arg);
			return -1;
		}
		o->delay_req_log_interval = (int8_t)l;
		return 0;
	}
	case OPT_DURATION:
		return parse_seconds("duration", arg, &o->duration_s);
	case OPT_STATS_INTERVAL:
		return parse_seconds("stats-interval", arg, &o->stats_interval_s);
	}
	return -1;
}

static int parse_one(int c, const char *arg, struct daemon_options *o)
{
	switch (c) {
	case 'i':
		if (o->n_ports == DAEMON_MAX_PORTS) {
			fprintf(stderr, "ptpdk: at most %d ports\n", DAEMON_MAX_PORTS);
			return -1;
		}
		o->ports[o->n_ports++] = arg;
		return 0;
	case OPT_RX_LCORES:
		return parse_lcore_list(arg, o);
	case OPT_COMPACT:
		o->compact = true;
		return 0;
	case OPT_TIME_STAMPING:
		return parse_ts_mode(arg, &o->ts_mode);
	case OPT_NO_VERIFY_CSUM:
		o->verify_csum = false;
		return 0;
	case OPT_PROMISCUOUS:
		o->filter.promiscuous = true;
		return 0;
	case OPT_IPV4:
		return parse_address(AF_INET, arg, &o->filter);
	case OPT_IPV6:
		return parse_address(AF_INET6, arg, &o->filter);
	case OPT_STATS_JSON:
		o->stats_json = arg;
		return 0;
	case OPT_MEASURE:
		o->measure = true;
		return 0;
	case OPT_SAMPLES:
		o->samples_csv = arg;
		return 0;
	case OPT_LATENCY:
		o->latency = true;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	}
	return parse_numeric(c, arg, o);
}

int daemon_options_parse(int argc, char **argv, struct daemon_options *o)
{
	int c;

	set_defaults(o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:qh", long_options, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == '?' || parse_one(c, optarg, o) != 0) {
			fprintf(stderr, "ptpdk: see ptpdk -- --help\n");
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ptpdk: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (o->n_ports == 0) {
		fprintf(stderr, "ptpdk: no port: give -i NAME (e.g. -i net_af_packet0)\n");
		return -1;
	}
	if (o->samples_csv && !o->measure) {
		fprintf(stderr, "ptpdk: --samples needs --measure\n");
		return -1;
	}
	return 0;
}
