/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl SUBCOMMAND [ARGS]: a table of subcommands, so that adding one (status, stop,
 * clocks) is a row and a function. Needs no root and no DPDK.
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"

struct ctl_command {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand */
};

static const struct ctl_command commands[] = {
	{ "verify-log", "FILE...",
	  "check the hash chain of compliance log files (consecutive days, oldest first)",
	  ctl_verify_log },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: ptpdk-ctl COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s %s\n      %s\n", commands[i].name, commands[i].args,
			commands[i].help);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CTL_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return CTL_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "ptpdk-ctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CTL_EXIT_USAGE;
}
