/* SPDX-License-Identifier: BSD-3-Clause */
/* ptpdk-ctl verify-log: read the files, feed the verifier, print what it found. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ptpdk_compliance_time.h"
#include "ptpdk_compliance_verify.h"

/* @return 0 when every line of @p path verified; -EBADMSG (printed); -errno of reading */
static int verify_file(struct ptpdk_compliance_verifier *v, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	uint64_t lineno = 0;
	ssize_t n;
	int rc = 0;

	if (!f) {
		rc = -errno;
		fprintf(stderr, "ptpdk-ctl: %s: %s\n", path, strerror(errno));
		return rc;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		bool complete = line[n - 1] == '\n';

		lineno++;
		if (ptpdk_compliance_verify_line(v, line, (size_t)n - complete, complete) != 0) {
			printf("%s:%" PRIu64 ": chain broken: %s\n", path, lineno, v->why);
			rc = -EBADMSG;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		rc = -EIO;
		fprintf(stderr, "ptpdk-ctl: %s: read error\n", path);
	}
	free(line);
	fclose(f);
	return rc;
}

static void print_summary(const struct ptpdk_compliance_summary *s)
{
	char a[PTPDK_COMPLIANCE_TIME_LEN + 1], b[PTPDK_COMPLIANCE_TIME_LEN + 1];

	if (s->records == 0) {
		printf("records: none verified\n");
		return;
	}
	printf("records: %" PRIu64 " (seq %" PRIu64 " to %" PRIu64 ", %s)\n", s->records,
	       s->first_seq, s->first_seq + s->records - 1,
	       s->from_genesis ? "from the chain's genesis"
			       : "starting mid-chain: its first link is trusted");
	if (s->have_span) {
		ptpdk_compliance_time_format(s->first_utc_ns, a);
		ptpdk_compliance_time_format(s->last_utc_ns, b);
		printf("span: %s to %s (UTC)\n", a, b);
	} else {
		printf("span: no record with a known UTC time\n");
	}
	printf("alarms: %" PRIu64 " raised, %" PRIu64 " cleared%s\n", s->alarms_raised,
	       s->alarms_cleared, s->alarm_active ? ", active at the last record" : "");
	printf("gaps: %" PRIu64 " restart(s), %" PRIu64 " s down; %" PRIu64
	       " record(s) lost to write errors; %" PRIu64 " clean stop(s)\n",
	       s->restarts, s->gap_s, s->lost_records, s->clean_stops);
}

int ctl_verify_log(int argc, char **argv)
{
	struct ptpdk_compliance_verifier v;
	int rc = 0;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr,
			"usage: ptpdk-ctl verify-log FILE...\n"
			"  FILEs are consecutive daily files of one instance, oldest first\n");
		return CTL_EXIT_USAGE;
	}
	ptpdk_compliance_verify_init(&v);
	for (int i = 1; i < argc && rc == 0; i++)
		rc = verify_file(&v, argv[i]);
	if (rc == 0 && v.sum.records == 0) {
		printf("no records\n");
		return CTL_EXIT_FAIL;
	}
	if (rc == -EBADMSG)
		printf("before the break:\n");
	print_summary(&v.sum);
	if (rc == -EBADMSG)
		return CTL_EXIT_FAIL;
	if (rc != 0)
		return CTL_EXIT_USAGE;
	printf("chain intact\n");
	return CTL_EXIT_OK;
}
