/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl [NAME] SUBCOMMAND [ARGS]: a table of subcommands, so that adding one is a
 * row and a function. NAME, an instance, is for the subcommands that read its shared
 * region or stop it. Needs no DPDK; only stop needs the daemon's user or root.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "ptpdk_shm_instance.h"
#include "ptpdk_shm_layout.h"

struct ctl_command {
	const char *name;
	const char *args;
	const char *help;
	/* argv[0] is the subcommand; name the NAME before it, or NULL */
	int (*run)(const char *name, int argc, char **argv);
	bool takes_name;
};

static int verify_log(const char *name, int argc, char **argv)
{
	(void)name;
	return ctl_verify_log(argc, argv);
}

static const struct ctl_command commands[] = {
	{ "verify-log", "FILE...",
	  "check the hash chain of compliance log files (consecutive days, oldest first)",
	  verify_log, false },
	{ "status", "[--json] [--shm PATH]",
	  "the clock, its grandmaster and each port, from the instance's shared region "
	  "(NAME, default " PTPDK_SHM_DEFAULT_NAME ")",
	  ctl_status, true },
	{ "counters", "[--json] [--port N] [--shm PATH]",
	  "every counter of the shared region by name: the clock's and each port's, or port N's",
	  ctl_counters, true },
	{ "stop", "[--timeout S] [--run-dir DIR] [--kill]",
	  "SIGTERM to the daemon holding RUN_DIR/NAME/lock (default run dir /var/run/ptpdk), "
	  "only if\n      the kernel says that pid holds the lock; waits up to S seconds "
	  "(default 10) for the\n      lock to be released; --kill: SIGKILL after S",
	  ctl_stop, true },
};

static const struct ctl_command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: ptpdk-ctl [NAME] COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s%s %s\n      %s\n", commands[i].takes_name ? "[NAME] " : "",
			commands[i].name, commands[i].args, commands[i].help);
	fprintf(out, "\nNAME: an instance name, " PTPDK_SHM_INSTANCE_NAME_RULE "\n");
	fprintf(out, "\nexit status: 0 ok, 1 failed (no region, writer stopped or silent, "
		     "check failed), 2 usage;\n"
		     "stop: 0 stopped, 3 not running (nothing signalled), 4 permission denied, "
		     "5 timed out\n(still running), 6 killed (--kill), 1 locked by a pid other "
		     "than the file's\n");
}

int main(int argc, char **argv)
{
	const struct ctl_command *cmd;

	if (argc < 2) {
		usage(stderr);
		return CTL_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return CTL_EXIT_OK;
	}
	cmd = find(argv[1]);
	if (cmd)
		return cmd->run(NULL, argc - 1, argv + 1);
	/* "ptpdk-ctl NAME COMMAND": an instance name first. */
	cmd = argc >= 3 ? find(argv[2]) : NULL;
	if (cmd && cmd->takes_name)
		return cmd->run(argv[1], argc - 2, argv + 2);
	if (cmd)
		fprintf(stderr, "ptpdk-ctl: %s takes no instance NAME\n", cmd->name);
	else
		fprintf(stderr, "ptpdk-ctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CTL_EXIT_USAGE;
}
