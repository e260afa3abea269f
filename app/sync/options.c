/* SPDX-License-Identifier: BSD-3-Clause */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_shm_instance.h"
#include "ptpdk_shm_layout.h"

/* Long options without a short letter. */
enum {
	OPT_CHRONY_SOCK = 256,
	OPT_NTP_SHM,
};

static const char short_opts[] = ":s:c:r:wR:S:F:nmqd:h";

static const struct option long_opts[] = {
	{ "shm", required_argument, NULL, 's' },
	{ "clock", required_argument, NULL, 'c' },
	/* The option's name while the region had a record per port (ABI 1). */
	{ "record", required_argument, NULL, 'r' },
	{ "wait", no_argument, NULL, 'w' },
	{ "rate", required_argument, NULL, 'R' },
	{ "step-threshold", required_argument, NULL, 'S' },
	{ "first-step-threshold", required_argument, NULL, 'F' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "chrony-sock", required_argument, NULL, OPT_CHRONY_SOCK },
	{ "ntp-shm", required_argument, NULL, OPT_NTP_SHM },
	{ "print", no_argument, NULL, 'm' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "duration", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

void sync_options_usage(FILE *out)
{
	fputs("usage: " SYNC_PROG " [options]\n"
	      "  -s, --shm NAME|PATH        region: instance name (default " PTPDK_SHM_DEFAULT_NAME
	      ") or a path containing '/'\n"
	      "  -c, --clock N              clock index in the region, default 0 (the daemon's "
	      "clock)\n"
	      "  -r, --record N             the same as --clock (its name before the region's "
	      "ABI 2)\n"
	      "  -w, --wait                 wait (bounded by --duration if given) for the region "
	      "to\n"
	      "                             exist and hold valid time before starting, like "
	      "phc2sys -w\n"
	      "  -R, --rate HZ              samples per second, default 1, range 0.125..64\n"
	      "  -S, --step-threshold SEC   step when |offset| > SEC after the first update\n"
	      "                             (default 0: never step, slew only), phc2sys -S "
	      "semantics\n"
	      "  -F, --first-step-threshold SEC   step on the first update only if |offset| > SEC\n"
	      "                             (default 0.00002, as phc2sys; 0: never)\n"
	      "  -n, --dry-run              never touch CLOCK_REALTIME: discipline a shadow of it\n"
	      "                             held in the process and print what the servo would do\n"
	      "      --chrony-sock PATH     send each sample to chronyd's refclock SOCK socket at "
	      "PATH\n"
	      "      --ntp-shm UNIT         write NTP SHM unit UNIT (key 0x4e545030+UNIT, mode 1)\n"
	      "                             (with either, chronyd/ntpd disciplines the clock, not "
	      "us)\n"
	      "  -m, --print                print lines to stdout\n"
	      "  -q, --quiet                no syslog (default: syslog as " SYNC_PROG ")\n"
	      "  -d, --duration SEC         exit 0 after SEC seconds (0: until SIGINT/SIGTERM)\n"
	      "  -h, --help                 this text\n"
	      "exit status: 0 done, 1 gave up waiting (-w with -d), 2 bad option, region or "
	      "output\n",
	      out);
}

void sync_options_init(struct sync_options *o)
{
	memset(o, 0, sizeof(*o));
	o->shm = PTPDK_SHM_DEFAULT_NAME;
	o->rate_hz = 1.0;
	o->step_threshold_s = 0.0;
	o->first_step_threshold_s = 0.00002;
	o->ntp_shm_unit = -1;
}

bool sync_options_feed(const struct sync_options *o)
{
	return o->chrony_sock != NULL || o->ntp_shm_unit >= 0;
}

static int say(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int say(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* A finite number in [min, max] that uses the whole argument. */
static int parse_double(const char *opt, const char *arg, double min, double max, double *out,
			char *err, size_t len)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || errno == ERANGE || !isfinite(v))
		return say(err, len, "%s: '%s' is not a number", opt, arg);
	if (v < min || v > max)
		return say(err, len, "%s: %s out of range %g..%g", opt, arg, min, max);
	*out = v;
	return 0;
}

static int parse_uint(const char *opt, const char *arg, unsigned max, unsigned *out, char *err,
		      size_t len)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		return say(err, len, "%s: '%s' is not a number", opt, arg);
	v = strtoul(arg, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		return say(err, len, "%s: '%s' is not a number", opt, arg);
	if (v > max)
		return say(err, len, "%s: %s out of range 0..%u", opt, arg, max);
	*out = (unsigned)v;
	return 0;
}

/* An instance name (not a path): the rule the daemon applies to --instance. */
static int name_check(const char *opt, const char *arg, char *err, size_t len)
{
	char why[160];

	if (ptpdk_shm_instance_name_check(arg, why, sizeof(why)) == 0)
		return 0;
	return say(err, len, "%s: %s; or a path containing '/'", opt, why);
}

/* The name the user typed for option @p c: the long one when getopt matched a long
 * option (@p longindex >= 0), else the letter. */
static const char *opt_name(int c, int longindex, char *buf, size_t len)
{
	if (longindex >= 0)
		snprintf(buf, len, "--%s", long_opts[longindex].name);
	else if (c > 0 && c < 256)
		snprintf(buf, len, "-%c", c);
	else
		snprintf(buf, len, "%s", "?");
	return buf;
}

int sync_options_parse(int argc, char **argv, struct sync_options *o, char *err, size_t err_len)
{
	char name[64];
	int c, longindex, rc = 0;
	unsigned u;

	sync_options_init(o);
	say(err, err_len, "%s", "");
	optind = 0; /* GNU: full reinitialisation, so tests can parse again */
	opterr = 0;
	while (rc == 0) {
		longindex = -1;
		c = getopt_long(argc, argv, short_opts, long_opts, &longindex);
		if (c == -1)
			break;
		opt_name(c, longindex, name, sizeof(name));
		switch (c) {
		case 's':
			if (optarg[0] == '\0' || strlen(optarg) >= 256)
				rc = say(err, err_len, "%s: region name or path empty or too long",
					 name);
			else if (!strchr(optarg, '/'))
				rc = name_check(name, optarg, err, err_len);
			o->shm = optarg;
			break;
		case 'c':
		case 'r':
			rc = parse_uint(name, optarg, PTPDK_SHM_MAX_CLOCKS - 1, &o->clock, err,
					err_len);
			break;
		case 'w':
			o->wait = true;
			break;
		case 'R':
			rc = parse_double(name, optarg, SYNC_RATE_MIN_HZ, SYNC_RATE_MAX_HZ,
					  &o->rate_hz, err, err_len);
			break;
		case 'S':
			rc = parse_double(name, optarg, 0.0, SYNC_MAX_THRESHOLD_S,
					  &o->step_threshold_s, err, err_len);
			break;
		case 'F':
			rc = parse_double(name, optarg, 0.0, SYNC_MAX_THRESHOLD_S,
					  &o->first_step_threshold_s, err, err_len);
			break;
		case 'n':
			o->dry_run = true;
			break;
		case OPT_CHRONY_SOCK:
			if (optarg[0] == '\0')
				rc = say(err, err_len, "%s: empty path", name);
			o->chrony_sock = optarg;
			break;
		case OPT_NTP_SHM:
			rc = parse_uint(name, optarg, SYNC_NTP_SHM_MAX_UNIT, &u, err, err_len);
			o->ntp_shm_unit = rc == 0 ? (int)u : -1;
			break;
		case 'm':
			o->print = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'd':
			rc = parse_double(name, optarg, 0.0, (double)INT_MAX, &o->duration_s, err,
					  err_len);
			break;
		case 'h':
			return SYNC_OPTIONS_HELP;
		case ':':
			/* getopt leaves longindex alone for a long option without its value:
			 * optind has moved past it, so argv names it. */
			if (optopt > 0 && optopt < 256 && strncmp(argv[optind - 1], "--", 2) != 0)
				rc = say(err, err_len, "option '-%c' needs a value", optopt);
			else
				rc = say(err, err_len, "option '%s' needs a value",
					 argv[optind - 1]);
			break;
		default:
			if (optopt > 0 && optopt < 256 && strncmp(argv[optind - 1], "--", 2) != 0)
				rc = say(err, err_len, "unknown option '-%c'", optopt);
			else
				rc = say(err, err_len, "unknown option '%s'", argv[optind - 1]);
			break;
		}
	}
	if (rc == 0 && optind < argc)
		rc = say(err, err_len, "unexpected argument '%s'", argv[optind]);
	return rc;
}
