/* SPDX-License-Identifier: BSD-3-Clause */
#include "instance.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptpdk_shm_instance.h"

#define PREFIX_OPT "--file-prefix"

/* The value of --file-prefix (as "--file-prefix V" or "--file-prefix=V"), or NULL. */
static const char *eal_prefix(int eal_argc, char **eal_argv)
{
	size_t len = strlen(PREFIX_OPT);

	for (int i = 1; i < eal_argc; i++) {
		if (strcmp(eal_argv[i], PREFIX_OPT) == 0)
			return i + 1 < eal_argc ? eal_argv[i + 1] : NULL;
		if (strncmp(eal_argv[i], PREFIX_OPT "=", len + 1) == 0)
			return eal_argv[i] + len + 1;
	}
	return NULL;
}

int instance_eal_has_prefix(int eal_argc, char **eal_argv)
{
	return eal_prefix(eal_argc, eal_argv) != NULL;
}

int instance_name(const char *configured, int eal_argc, char **eal_argv, struct instance *in)
{
	const char *name =
		configured && configured[0] ? configured : eal_prefix(eal_argc, eal_argv);
	char why[160];

	memset(in, 0, sizeof(*in));
	in->lock_fd = -1;
	if (!name)
		name = INSTANCE_DEFAULT;
	/* The rule every reader applies too (ptpdk_shm_instance.h): the name names a
	 * directory, the region, DPDK's --file-prefix and the syslog ident. */
	if (ptpdk_shm_instance_name_check(name, why, sizeof(why)) != 0) {
		fprintf(stderr, "ptpdk: %s%s\n", why,
			configured && configured[0]
				? ""
				: " (from EAL's --file-prefix: give --instance NAME)");
		return -1;
	}
	snprintf(in->name, sizeof(in->name), "%s", name);
	return 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "ptpdk: cannot create %s: %s\n", path, strerror(errno));
	return -1;
}

/* The pid a lock file names, 0 when none. */
static long lock_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int instance_lock(struct instance *in, const char *run_dir, pid_t pid)
{
	char path[INSTANCE_PATH_MAX + 8];
	char text[32];
	long before;
	int fd, n;

	if ((size_t)snprintf(in->dir, sizeof(in->dir), "%s/%s", run_dir, in->name) >=
	    sizeof(in->dir)) {
		fprintf(stderr, "ptpdk: run_dir '%s' is too long\n", run_dir);
		return -1;
	}
	if (make_dir(run_dir) != 0 || make_dir(in->dir) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/lock", in->dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "ptpdk: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	before = lock_holder(fd);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			fprintf(stderr,
				"ptpdk: instance '%s' is already running (pid %ld, lock %s): stop "
				"it first, or give this one another name (--instance NAME or its "
				"own --file-prefix)\n",
				in->name, before, path);
		else
			fprintf(stderr, "ptpdk: cannot lock %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (before > 0 && before != pid)
		printf("ptpdk: instance '%s': the previous run (pid %ld) ended without "
		       "releasing its lock; taking over\n",
		       in->name, before);
	n = snprintf(text, sizeof(text), "%ld\n", (long)pid);
	if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)n, 0) != n)
		fprintf(stderr, "ptpdk: warning: cannot write our pid into %s: %s\n", path,
			strerror(errno));
	in->lock_fd = fd;
	return 0;
}

void instance_unlock(struct instance *in)
{
	if (in->lock_fd < 0)
		return;
	/* An empty file says "stopped cleanly"; the flock goes with the descriptor. */
	if (ftruncate(in->lock_fd, 0) != 0)
		fprintf(stderr, "ptpdk: warning: cannot clear the lock file: %s\n",
			strerror(errno));
	close(in->lock_fd);
	in->lock_fd = -1;
}
