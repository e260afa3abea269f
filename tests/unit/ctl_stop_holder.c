/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stand-in for the daemon in the ctl-stop test: it takes RUN_DIR/NAME/lock with the
 * daemon's own code (app/daemon/instance.c) and then, like the daemon, waits for
 * SIGTERM; it needs no DPDK and no root.
 *   ctl_stop_holder RUN_DIR NAME term [CLEANUP_MS]   on SIGTERM: CLEANUP_MS of work,
 *                                                    then unlock and exit 0
 *   ctl_stop_holder RUN_DIR NAME ignore              SIGTERM ignored
 * It prints "ready" once it holds the lock. Whatever happens it ends after 60 s
 * (SIGALRM's default action), so a failed test leaves nothing running.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "instance.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct instance in;
	struct timespec cleanup = { 0, 0 };
	char *args[] = { argv[0], NULL };
	bool ignore;

	if (argc < 4 || (strcmp(argv[3], "term") != 0 && strcmp(argv[3], "ignore") != 0)) {
		fprintf(stderr, "usage: %s RUN_DIR NAME term [CLEANUP_MS] | ignore\n", argv[0]);
		return 2;
	}
	ignore = strcmp(argv[3], "ignore") == 0;
	if (argc > 4) {
		long ms = strtol(argv[4], NULL, 10);

		cleanup.tv_sec = ms / 1000;
		cleanup.tv_nsec = (ms % 1000) * 1000000L;
	}
	alarm(60);
	if (ignore)
		signal(SIGTERM, SIG_IGN);
	else
		sigaction(SIGTERM, &sa, NULL);
	if (instance_name(argv[2], 1, args, &in) != 0 || instance_lock(&in, argv[1], getpid()) != 0)
		return 1;
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
	nanosleep(&cleanup, NULL);
	instance_unlock(&in);
	return 0;
}
