/* SPDX-License-Identifier: BSD-3-Clause */
#include "options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_shm_layout.h"
#include "ptpdk_version.h"

/* What the command line asked for besides key values. */
struct request {
	bool help;
	bool list_keys;
	bool version;
	bool check;
};

/*
 * Options that are not keys, or earlier spellings of keys that scripts use. A value
 * in `flag` makes the option take no argument and set the key to it.
 */
static const struct {
	const char *name;
	const char *key;
	const char *flag;
} old_names[] = {
	{ "domain", "domainNumber", NULL },
	{ "delay-req-interval", "logMinDelayReqInterval", NULL },
	{ "ipv4", "ipv4_address", NULL },
	{ "ipv6", "ipv6_address", NULL },
	{ "samples", "samples_file", NULL },
	{ "no-verify-csum", "verify_checksum", "0" },
	{ "measure", "free_running", "1" },
	{ "quiet", "use_syslog", "0" },
};

/* Short flags in ptp4l's spirit: key and value set by a flag without argument. */
static const struct {
	char flag;
	const char *key;
	const char *value;
} short_flags[] = {
	{ 's', "slaveOnly", "1" },
	{ '2', "network_transport", "L2" },
	{ '4', "network_transport", "UDPv4" },
	{ '6', "network_transport", "UDPv6" },
	{ 'H', "time_stamping", "hardware" },
	{ 'S', "time_stamping", "software" },
	{ 'E', "delay_mechanism", "E2E" },
	{ 'P', "delay_mechanism", "P2P" },
	{ 'A', "delay_mechanism", "Auto" },
	{ 'm', "verbose", "1" },
	{ 'q', "use_syslog", "0" },
};

static void usage(FILE *out)
{
	fputs("usage: ptpdk [EAL options] -- [options]\n"
	      "       ptpdk -f FILE --check-config | --list-keys | -h | -V   (no EAL needed)\n"
	      "  -f, --config FILE   ptp4l-format configuration file\n"
	      "  --profile NAME      a preset of keys (docs/profiles.md): default-e2e,\n"
	      "                      default-p2p, g8275.1, g8275.2, enterprise, gptp;\n"
	      "                      the file and the other options override it\n"
	      "  -i, --port NAME     port: PCI address, EAL vdev name, or a vdev spec\n"
	      "                      (net_af_packet0,iface=eth1), or kernel:IFNAME for an\n"
	      "                      AF_PACKET socket with the kernel's software stamps\n"
	      "                      (no DPDK driver needed); repeat for more ports;\n"
	      "                      the file's port sections ([NAME]) are ports too\n"
	      "  -2, -4, -6          network_transport L2, UDPv4, UDPv6\n"
	      "  -E, -P, -A          delay_mechanism E2E, P2P, Auto\n"
	      "  -H, -S              time_stamping hardware, software (default auto)\n"
	      "  -s                  slaveOnly 1\n"
	      "  -m                  verbose 1: messages to stdout\n"
	      "  -q                  use_syslog 0: no messages to syslog\n"
	      "  -l N                logging_level N (0..7)\n"
	      "  --KEY VALUE, --KEY=VALUE\n"
	      "                      any configuration key ('-' and '_' alike); a boolean\n"
	      "                      alone means 1. The command line wins over the file.\n"
	      "                      Common ones: --compact, --engine-lcore N,\n"
	      "                      --rx-lcores A,B, --idle-sleep-us N, --duration S,\n"
	      "                      --stats-interval S, --stats-json FILE, --stats-file F,\n"
	      "                      --samples-file FILE, --latency, --ipv4-address A,\n"
	      "                      --ipv6-address A, --domainNumber N\n"
	      "  --list-keys         print every key (config/keys.md) and exit\n"
	      "  --check-config      check the options and the file, print the verdict, exit\n"
	      "  -V, --version       version (git describe), shared region ABI, interfaces\n"
	      "  -h, --help          this text\n"
	      "Older spellings still work: --domain, --delay-req-interval, --ipv4, --ipv6,\n"
	      "--samples, --no-verify-csum, --quiet, --measure (free_running 1).\n",
	      out);
}

/* '-' and '_' alike, as for keys */
static bool opt_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a == '_' ? '-' : *a, y = *b == '_' ? '-' : *b;

		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

static int set_key(struct daemon_options *o, const char *key, const char *value)
{
	char err[400];

	if (ptpdk_config_set_cli(o->cfg, key, value, err, sizeof(err)) != 0) {
		fprintf(stderr, "ptpdk: %s\n", err);
		return -1;
	}
	return 0;
}

static int add_port(struct daemon_options *o, const char *name)
{
	int rc = ptpdk_config_port_add(o->cfg, name);

	if (rc == -EINVAL)
		fprintf(stderr, "ptpdk: -i: '%s' is not a port name\n", name);
	else if (rc < 0)
		fprintf(stderr, "ptpdk: -i %s: %s\n", name, strerror(-rc));
	return rc < 0 ? -1 : 0;
}

static int needs_value(const char *what)
{
	fprintf(stderr, "ptpdk: %s needs a value\n", what);
	return -1;
}

/* A boolean option alone means 1; "0" or "1" right after it is its value. */
static const char *bool_value(int argc, char **argv, int *i)
{
	if (*i + 1 < argc && (strcmp(argv[*i + 1], "0") == 0 || strcmp(argv[*i + 1], "1") == 0))
		return argv[++*i];
	return "1";
}

static int long_option(struct daemon_options *o, struct request *r, int argc, char **argv, int *i)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '='), *value = eq ? eq + 1 : NULL;
	char name[80];
	const struct ptpdk_cfg_key_info *info;
	const char *key;
	int id;

	if ((eq ? (size_t)(eq - arg) : strlen(arg)) >= sizeof(name)) {
		fprintf(stderr, "ptpdk: unknown option '%.40s...'\n", argv[*i]);
		return -1;
	}
	snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
	if (opt_eq(name, "help") || opt_eq(name, "list-keys") || opt_eq(name, "check-config") ||
	    opt_eq(name, "version")) {
		if (value) {
			fprintf(stderr, "ptpdk: --%s takes no value\n", name);
			return -1;
		}
		r->version |= opt_eq(name, "version");
		r->help |= opt_eq(name, "help");
		r->list_keys |= opt_eq(name, "list-keys");
		r->check |= opt_eq(name, "check-config");
		return 0;
	}
	if (opt_eq(name, "config") || opt_eq(name, "port")) {
		if (!value && *i + 1 >= argc)
			return needs_value(argv[*i]);
		value = value ? value : argv[++*i];
		if (opt_eq(name, "port"))
			return add_port(o, value);
		o->config_file = value;
		return 0;
	}
	key = name;
	for (size_t k = 0; k < sizeof(old_names) / sizeof(old_names[0]); k++) {
		if (!opt_eq(name, old_names[k].name))
			continue;
		if (old_names[k].flag && value) {
			fprintf(stderr, "ptpdk: --%s takes no value\n", name);
			return -1;
		}
		if (old_names[k].flag)
			return set_key(o, old_names[k].key, old_names[k].flag);
		key = old_names[k].key;
	}
	id = ptpdk_config_key_find(key, true);
	if (id < 0) {
		fprintf(stderr,
			"ptpdk: unknown option '--%s' (see ptpdk --help, ptpdk --list-keys)\n",
			name);
		return -1;
	}
	info = ptpdk_config_key_info((enum ptpdk_cfg_key)id);
	if (!value && info->type == PTPDK_CFG_T_BOOL)
		value = bool_value(argc, argv, i);
	if (!value) {
		if (*i + 1 >= argc)
			return needs_value(argv[*i]);
		value = argv[++*i];
	}
	return set_key(o, key, value);
}

/* A cluster of short flags ("-qm"); -f, -i and -l take the rest or the next argument. */
static int short_options(struct daemon_options *o, struct request *r, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];

	for (size_t j = 1; arg[j]; j++) {
		char c = arg[j], what[3] = { '-', c, '\0' };
		const char *value;
		size_t k;

		if (c == 'f' || c == 'i' || c == 'l') {
			if (!arg[j + 1] && *i + 1 >= argc)
				return needs_value(what);
			value = arg[j + 1] ? arg + j + 1 : argv[++*i];
			if (c == 'f') {
				o->config_file = value;
				return 0;
			}
			return c == 'i' ? add_port(o, value) : set_key(o, "logging_level", value);
		}
		if (c == 'h' || c == 'V') {
			r->help |= c == 'h';
			r->version |= c == 'V';
			continue;
		}
		for (k = 0; k < sizeof(short_flags) / sizeof(short_flags[0]); k++)
			if (short_flags[k].flag == c)
				break;
		if (k == sizeof(short_flags) / sizeof(short_flags[0])) {
			fprintf(stderr, "ptpdk: unknown option '-%c' (see ptpdk --help)\n", c);
			return -1;
		}
		if (set_key(o, short_flags[k].key, short_flags[k].value))
			return -1;
	}
	return 0;
}

static int parse_args(struct daemon_options *o, struct request *r, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int rc;

		if (strncmp(a, "--", 2) == 0 && a[2])
			rc = long_option(o, r, argc, argv, &i);
		else if (a[0] == '-' && a[1] && a[1] != '-')
			rc = short_options(o, r, argc, argv, &i);
		else {
			fprintf(stderr, "ptpdk: unexpected argument '%s'\n", a);
			rc = -1;
		}
		if (rc)
			return -1;
	}
	return 0;
}

/* --- from the configuration to the fields --- */

static void origin(const struct daemon_options *o, int port, enum ptpdk_cfg_key key, char *buf,
		   size_t size)
{
	ptpdk_config_origin(o->cfg, port, key, buf, size);
}

static int parse_address(const struct daemon_options *o, int port, enum ptpdk_cfg_key key,
			 struct ptpdk_addr_filter *f)
{
	const char *s = ptpdk_config_str(o->cfg, port, key);
	bool v4 = key == PTPDK_CFG_ipv4_address;
	char where[300];

	if (!*s)
		return 0;
	if (inet_pton(v4 ? AF_INET : AF_INET6, s, v4 ? (void *)f->ipv4 : (void *)f->ipv6) == 1) {
		if (v4)
			f->has_ipv4 = true;
		else
			f->has_ipv6 = true;
		return 0;
	}
	origin(o, port, key, where, sizeof(where));
	fprintf(stderr, "ptpdk: %s: %s '%s' is not an IPv%c address\n", where,
		ptpdk_config_key_info(key)->name, s, v4 ? '4' : '6');
	return -1;
}

static int parse_lcore_list(struct daemon_options *o)
{
	const char *s = ptpdk_config_str(o->cfg, -1, PTPDK_CFG_rx_lcores);
	char where[300];

	origin(o, -1, PTPDK_CFG_rx_lcores, where, sizeof(where));
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		char tok[16];
		int64_t v;

		if (o->n_rx_lcores == DAEMON_MAX_LCORES) {
			fprintf(stderr, "ptpdk: %s: rx_lcores: at most %d lcores\n", where,
				DAEMON_MAX_LCORES);
			return -1;
		}
		snprintf(tok, sizeof(tok), "%.*s", (int)(n < sizeof(tok) ? n : sizeof(tok) - 1), s);
		if (n >= sizeof(tok) || ptpdk_parse_int64(tok, 0, 1023, &v) != 0) {
			fprintf(stderr,
				"ptpdk: %s: rx_lcores: '%.*s' is not an lcore number (0..1023)\n",
				where, (int)n, s);
			return -1;
		}
		o->rx_lcores[o->n_rx_lcores++] = (unsigned)v;
		s += n + (comma ? 1 : 0);
		if (comma && !*s) {
			fprintf(stderr, "ptpdk: %s: rx_lcores: list ends with ','\n", where);
			return -1;
		}
	}
	return 0;
}

static int resolve_ports(struct daemon_options *o)
{
	const struct ptpdk_config *cfg = o->cfg;
	int n = ptpdk_config_port_count(cfg);

	if (n > PTPDK_MAX_PORTS) {
		fprintf(stderr, "ptpdk: %d ports (-i and port sections); at most %d\n", n,
			PTPDK_MAX_PORTS);
		return -1;
	}
	for (int p = 0; p < n; p++) {
		struct daemon_port *dp = &o->port[p];

		o->ports[p] = ptpdk_config_port_name(cfg, p);
		dp->cfg_port = p;
		dp->verify_csum = ptpdk_config_bool(cfg, p, PTPDK_CFG_verify_checksum);
		dp->filter.promiscuous = ptpdk_config_bool(cfg, p, PTPDK_CFG_promiscuous);
		ptpdk_config_mac(cfg, p, PTPDK_CFG_ptp_dst_mac, dp->filter.l2_group_mac);
		ptpdk_config_mac(cfg, p, PTPDK_CFG_p2p_dst_mac, dp->filter.l2_peer_group_mac);
		if (parse_address(o, p, PTPDK_CFG_ipv4_address, &dp->filter) ||
		    parse_address(o, p, PTPDK_CFG_ipv6_address, &dp->filter))
			return -1;
	}
	o->n_ports = (unsigned)n;
	if (n > 0) {
		o->verify_csum = o->port[0].verify_csum;
		o->filter = o->port[0].filter;
		return 0;
	}
	/* no port: the global values, so that --check-config still checks them */
	o->verify_csum = ptpdk_config_bool(cfg, -1, PTPDK_CFG_verify_checksum);
	o->filter.promiscuous = ptpdk_config_bool(cfg, -1, PTPDK_CFG_promiscuous);
	return parse_address(o, -1, PTPDK_CFG_ipv4_address, &o->filter) ||
			       parse_address(o, -1, PTPDK_CFG_ipv6_address, &o->filter)
		       ? -1
		       : 0;
}

static const char *nonempty(const char *s)
{
	return *s ? s : NULL;
}

static int resolve(struct daemon_options *o)
{
	const struct ptpdk_config *cfg = o->cfg;
	int first = o->n_ports ? o->port[0].cfg_port : -1;

	o->engine_lcore = (int)ptpdk_config_int(cfg, -1, PTPDK_CFG_engine_lcore);
	o->compact = ptpdk_config_bool(cfg, -1, PTPDK_CFG_compact);
	o->idle_sleep_us = (uint32_t)ptpdk_config_int(cfg, -1, PTPDK_CFG_idle_sleep_us);
	o->max_stamp_window_ns = (uint32_t)ptpdk_config_int(cfg, -1, PTPDK_CFG_max_stamp_window);
	o->ring_size = (uint32_t)ptpdk_config_int(cfg, -1, PTPDK_CFG_ring_size);
	o->tx_timestamp_timeout_ms =
		(uint32_t)ptpdk_config_int(cfg, -1, PTPDK_CFG_tx_timestamp_timeout);
	o->jbod = ptpdk_config_bool(cfg, -1, PTPDK_CFG_boundary_clock_jbod);
	o->follow_rate_hz = ptpdk_config_double(cfg, -1, PTPDK_CFG_phc_follow_rate);
	o->follow_step_threshold_ns =
		ptpdk_config_double(cfg, -1, PTPDK_CFG_phc_follow_step_threshold) * 1e9;
	switch (ptpdk_config_enum(cfg, -1, PTPDK_CFG_time_stamping)) {
	case PTPDK_CFG_TS_HARDWARE:
		o->ts_mode = PTPDK_TS_MODE_HARDWARE;
		break;
	case PTPDK_CFG_TS_SOFTWARE:
		o->ts_mode = PTPDK_TS_MODE_SOFTWARE;
		break;
	default:
		o->ts_mode = PTPDK_TS_MODE_AUTO;
	}
	o->duration_s = ptpdk_config_double(cfg, -1, PTPDK_CFG_duration);
	o->stats_interval_s = ptpdk_config_double(cfg, -1, PTPDK_CFG_stats_interval);
	o->stats_json = nonempty(ptpdk_config_str(cfg, -1, PTPDK_CFG_stats_json));
	o->measure = ptpdk_config_bool(cfg, -1, PTPDK_CFG_free_running);
	o->samples_csv = nonempty(ptpdk_config_str(cfg, -1, PTPDK_CFG_samples_file));
	o->latency = ptpdk_config_bool(cfg, -1, PTPDK_CFG_latency);
	o->domain = (uint8_t)ptpdk_config_int(cfg, -1, PTPDK_CFG_domainNumber);
	o->delay_req_log_interval =
		(int8_t)ptpdk_config_int(cfg, first, PTPDK_CFG_logMinDelayReqInterval);
	/* ptp4l prints a sample at LOG_INFO (6) to stdout (-m) and/or syslog */
	o->quiet = !(ptpdk_config_bool(cfg, -1, PTPDK_CFG_verbose) ||
		     ptpdk_config_bool(cfg, -1, PTPDK_CFG_use_syslog)) ||
		   ptpdk_config_int(cfg, -1, PTPDK_CFG_logging_level) < 6;
	return parse_lcore_list(o);
}

/* What an operator reporting a problem is asked for first. */
static void print_version(void)
{
	printf("ptpdk %s\n", PTPDK_VERSION);
	printf("shared region ABI %d (libptpdk-shm)\n", PTPDK_SHM_ABI_VERSION);
	printf("management: IEEE 1588-2008 clause 15 and linuxptp's _NP ids (pmc -u)\n");
	printf("nqptp interface: not provided yet\n");
}

static int list_keys(void)
{
	size_t n = ptpdk_config_keys_markdown(NULL, 0);
	char *doc = malloc(n + 1);

	if (!doc) {
		fprintf(stderr, "ptpdk: out of memory\n");
		return -1;
	}
	ptpdk_config_keys_markdown(doc, n + 1);
	fputs(doc, stdout);
	free(doc);
	return 1;
}

static int parse(int argc, char **argv, struct daemon_options *o)
{
	struct request r = { 0 };
	char err[400];

	if (parse_args(o, &r, argc, argv)) {
		if (r.help) /* "-h --bogus": the help is what was wanted */
			usage(stdout);
		return -1;
	}
	if (r.help) {
		usage(stdout);
		return 1;
	}
	if (r.version) {
		print_version();
		return 1;
	}
	if (r.list_keys)
		return list_keys();
	if (o->config_file && ptpdk_config_read_file(o->cfg, o->config_file, err, sizeof(err))) {
		fprintf(stderr, "ptpdk: %s\n", err);
		return -1;
	}
	if (resolve_ports(o) || resolve(o))
		return -1;
	if (r.check) {
		printf("configuration OK\n");
		if (o->n_ports == 0)
			fprintf(stderr, "ptpdk: note: no port yet; the daemon needs -i PORT or a "
					"[PORT] section\n");
		return 1;
	}
	if (o->n_ports == 0) {
		fprintf(stderr, "ptpdk: no port: give -i NAME (e.g. -i net_af_packet0) or a [NAME] "
				"section in the file\n");
		return -1;
	}
	return 0;
}

int daemon_options_parse(int argc, char **argv, struct daemon_options *o)
{
	int rc;

	memset(o, 0, sizeof(*o));
	o->cfg = ptpdk_config_create();
	if (!o->cfg) {
		fprintf(stderr, "ptpdk: configuration table: %s\n", strerror(errno));
		return -1;
	}
	rc = parse(argc, argv, o);
	if (rc != 0)
		daemon_options_free(o);
	return rc;
}

void daemon_options_free(struct daemon_options *o)
{
	ptpdk_config_destroy(o->cfg);
	o->cfg = NULL;
	o->n_ports = 0; /* the names lived in cfg */
}

static bool is_early(const char *a)
{
	return strcmp(a, "-h") == 0 || strcmp(a, "-V") == 0 || opt_eq(a, "--help") ||
	       opt_eq(a, "--version") || opt_eq(a, "--list-keys") || opt_eq(a, "--check-config");
}

int daemon_options_early(int argc, char **argv)
{
	struct daemon_options o;
	int start = 1, n, rc;
	bool early = false;
	char **args;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			start = i + 1;
			break;
		}
	for (int i = start; i < argc; i++)
		early |= is_early(argv[i]);
	if (!early)
		return -1;
	n = argc - start + 1;
	args = calloc((size_t)n + 1, sizeof(*args));
	if (!args) {
		fprintf(stderr, "ptpdk: out of memory\n");
		return 2;
	}
	args[0] = argv[0];
	for (int i = start; i < argc; i++)
		args[i - start + 1] = argv[i];
	rc = daemon_options_parse(n, args, &o);
	free(args);
	if (rc == 0) { /* "-i --help": a port name, not a request; EAL goes first then */
		daemon_options_free(&o);
		return -1;
	}
	return rc > 0 ? 0 : 2;
}
