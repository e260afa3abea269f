/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-ctl [NAME] stop: SIGTERM to the daemon that holds the instance's lock, then
 * wait for the lock to go. The pid comes from the lock file (app/daemon/instance.c
 * writes it after taking the flock) but is only believed when the kernel says that
 * process holds the lock: a file left by a crash, or a pid since reused by another
 * program, is never signalled. The lock is an flock, which the kernel drops only when
 * the daemon's last descriptor closes, i.e. after its clean-up (the daemon unlocks
 * last), so "the lock is gone" is "the daemon has finished".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "ptpdk_config.h"
#include "ptpdk_shm_instance.h"
#include "ptpdk_shm_layout.h"

/* The wait's poll: short against a clean exit (tens of ms), cheap (one small file). */
#define POLL_MS		  20
#define TIMEOUT_DEFAULT_S 10.0
#define TIMEOUT_MAX_S	  3600.0
/* After SIGKILL (--kill) the kernel frees the lock as soon as the process is reaped
 * of its files; a process in uninterruptible sleep may take longer than this. */
#define KILL_WAIT_S 5.0

struct stop_opts {
	const char *name;
	const char *run_dir;
	double timeout_s;
	bool kill;
};

struct lock_file {
	char path[512];
	int fd;
	dev_t dev;
	ino_t ino;
};

static int usage_error(const char *why, const char *arg)
{
	fprintf(stderr, "ptpdk-ctl stop: %s%s%s\n", why, arg ? " " : "", arg ? arg : "");
	return CTL_EXIT_USAGE;
}

static int parse(const char *name, int argc, char **argv, struct stop_opts *o)
{
	char why[192];

	o->name = name ? name : PTPDK_SHM_DEFAULT_NAME;
	o->run_dir = ptpdk_config_key_info(PTPDK_CFG_run_dir)->def;
	o->timeout_s = TIMEOUT_DEFAULT_S;
	o->kill = false;
	if (ptpdk_shm_instance_name_check(o->name, why, sizeof(why)) != 0)
		return usage_error(why, NULL);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (strcmp(a, "--kill") == 0) {
			o->kill = true;
			continue;
		}
		if (strcmp(a, "--timeout") != 0 && strcmp(a, "--run-dir") != 0)
			return usage_error("unknown argument", a);
		if (!v || !v[0])
			return usage_error(a, "needs a value");
		i++;
		if (strcmp(a, "--run-dir") == 0) {
			o->run_dir = v;
			continue;
		}
		o->timeout_s = strtod(v, &end);
		if (*end || !isfinite(o->timeout_s) || o->timeout_s <= 0 ||
		    o->timeout_s > TIMEOUT_MAX_S)
			return usage_error("--timeout: seconds in (0, 3600], got", v);
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The pid the file names: 0 when empty (the daemon's mark of a clean stop), -1 when
 * it is not a pid. */
static long file_pid(int fd)
{
	char buf[32], *end;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid;

	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	return pid > 0 && (*end == '\n' || *end == '\0') ? pid : -1;
}

/* An flock line of /proc/locks ("1: FLOCK ADVISORY WRITE pid maj:min:ino ..."; a
 * waiter has "->" before FLOCK and holds nothing) on our file.
 * @return the pid it shows (0 when the holder is outside our pid namespace), or -1 */
static long flock_line_pid(const char *line, const struct lock_file *lk)
{
	char type[16], mode[16], access[16];
	unsigned maj, min;
	unsigned long ino;
	long pid;

	if (sscanf(line, "%*[^:]: %15s %15s %15s %ld %x:%x:%lu", type, mode, access, &pid, &maj,
		   &min, &ino) != 7 ||
	    strcmp(type, "FLOCK") != 0)
		return -1;
	if (maj != major(lk->dev) || min != minor(lk->dev) || ino != (unsigned long)lk->ino)
		return -1;
	return pid;
}

/* Whether /proc/locks shows @p pid holding an flock on our file. /proc/locks names
 * the process that called flock(), which misses a lock inherited across fork, shows
 * 0 for a holder outside our pid namespace, and its device and inode need not be
 * stat()'s on stacked filesystems: fd_holds() answers those. */
static bool proc_locks_holds(const struct lock_file *lk, long pid)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[256];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = flock_line_pid(line, lk) == pid;
	fclose(f);
	return found;
}

/* Whether one of @p pid's descriptors is our file with an flock on it, from
 * /proc/PID/fd and /proc/PID/fdinfo (which lists the locks held through that open
 * file, whoever took them). @return 1, 0 (not held or no such process), -EACCES (the
 * process is not ours to look at) */
static int fd_holds(const struct lock_file *lk, long pid)
{
	char dir[64], path[352], line[256];
	struct dirent *e;
	int found = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%ld/fd", pid);
	d = opendir(dir);
	if (!d)
		return errno == EACCES || errno == EPERM ? -EACCES : 0;
	while (!found && (e = readdir(d)) != NULL) {
		struct stat st;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || st.st_dev != lk->dev || st.st_ino != lk->ino)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fdinfo/%s", pid, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (!found && fgets(line, sizeof(line), f))
			found = strncmp(line, "lock:", 5) == 0 && strstr(line, "FLOCK") &&
				!strstr(line, "->");
		fclose(f);
	}
	closedir(d);
	return found;
}

/* Whether @p pid holds the instance's lock. @return 1, 0, -EACCES (cannot tell) */
static int holds(const struct lock_file *lk, long pid)
{
	if (proc_locks_holds(lk, pid))
		return 1;
	return fd_holds(lk, pid);
}

/* Whether anybody holds the lock, by asking for it. Taken (shared) and dropped at
 * once; a daemon starting in that instant would be refused, so this is only asked
 * when the kernel's tables did not answer. @return 1 held, 0 free, -errno */
static int anybody_holds(const struct lock_file *lk)
{
	if (flock(lk->fd, LOCK_SH | LOCK_NB) == 0) {
		flock(lk->fd, LOCK_UN);
		return 0;
	}
	return errno == EWOULDBLOCK ? 1 : -errno;
}

/* The holder of any flock on our file per /proc/locks, or -1. */
static long proc_locks_holder(const struct lock_file *lk)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[256];
	long pid = -1;

	if (!f)
		return -1;
	while (pid < 0 && fgets(line, sizeof(line), f))
		pid = flock_line_pid(line, lk);
	fclose(f);
	return pid;
}

static int open_lock(const struct stop_opts *o, struct lock_file *lk)
{
	struct stat st;

	lk->fd = -1;
	if ((size_t)snprintf(lk->path, sizeof(lk->path), "%s/%s/lock", o->run_dir, o->name) >=
	    sizeof(lk->path))
		return usage_error("--run-dir is too long:", o->run_dir);
	lk->fd = open(lk->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (lk->fd < 0) {
		int e = errno;

		if (e == ENOENT) {
			printf("ptpdk-ctl: instance '%s' is not running: no lock file %s (never "
			       "started with run_dir %s?); nothing signalled\n",
			       o->name, lk->path, o->run_dir);
			return CTL_EXIT_NOT_RUNNING;
		}
		fprintf(stderr, "ptpdk-ctl: cannot open %s: %s\n", lk->path, strerror(e));
		return e == EACCES || e == EPERM ? CTL_EXIT_PERM : CTL_EXIT_FAIL;
	}
	if (fstat(lk->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "ptpdk-ctl: %s is not a regular file\n", lk->path);
		return CTL_EXIT_FAIL;
	}
	lk->dev = st.st_dev;
	lk->ino = st.st_ino;
	return 0;
}

/* 0 when @p pid, read from the lock file, holds the lock; else the exit status
 * saying why there is nothing to signal. */
static int verify(const struct stop_opts *o, const struct lock_file *lk, long pid)
{
	int h = pid > 0 ? holds(lk, pid) : 0, any;
	long other;

	if (h == 1)
		return 0;
	if (h < 0) {
		fprintf(stderr,
			"ptpdk-ctl: cannot tell whether pid %ld holds %s: permission denied (run "
			"as the daemon's user or root); nothing signalled\n",
			pid, lk->path);
		return CTL_EXIT_PERM;
	}
	any = anybody_holds(lk);
	switch (any) {
	case 0:
		if (pid == 0)
			printf("ptpdk-ctl: instance '%s' is not running (its lock file is empty: "
			       "it stopped cleanly); nothing signalled\n",
			       o->name);
		else
			printf("ptpdk-ctl: instance '%s' is not running: stale lock file %s "
			       "names pid %ld, which does not hold the lock (the daemon ended "
			       "without clearing it); nothing signalled\n",
			       o->name, lk->path, pid);
		return CTL_EXIT_NOT_RUNNING;
	case 1:
		other = proc_locks_holder(lk);
		fprintf(stderr,
			"ptpdk-ctl: %s is locked, but not by the pid the file names (%s%ld; "
			"holder per /proc/locks: %ld): an instance still starting, or not "
			"ptpdk's; nothing signalled\n",
			lk->path, pid > 0 ? "pid " : "", pid > 0 ? pid : 0, other);
		return CTL_EXIT_FAIL;
	default:
		fprintf(stderr, "ptpdk-ctl: cannot test the lock %s: %s\n", lk->path,
			strerror(-any));
		return CTL_EXIT_FAIL;
	}
}

/* Whether @p pid still holds the lock; a process we cannot inspect any more is asked
 * through the lock itself. */
static bool still_held(const struct lock_file *lk, long pid)
{
	int h = holds(lk, pid);

	if (h >= 0)
		return h == 1;
	return anybody_holds(lk) == 1;
}

/* Poll until the lock is released or @p limit_s passes. @return seconds waited, or
 * a negative number on timeout */
static double wait_release(const struct lock_file *lk, long pid, double limit_s)
{
	const struct timespec nap = { 0, POLL_MS * 1000000L };
	double start = now_s(), t;

	for (;;) {
		if (!still_held(lk, pid))
			return now_s() - start;
		t = now_s() - start;
		if (t >= limit_s)
			return -1;
		nanosleep(&nap, NULL);
	}
}

/* A handle on the process, taken before it is verified: a signal through it reaches
 * that process or none, even if it ends and its pid is reused meanwhile. -1 where
 * the kernel has no pidfd (before 5.3): then kill() and its tiny window. */
static int pid_handle(long pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

static int signal_pid(int pidfd, long pid, int sig, const char *what, const char *name)
{
	int rc = -1;

#ifdef SYS_pidfd_send_signal
	if (pidfd >= 0)
		rc = (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
#endif
	if (pidfd < 0)
		rc = kill((pid_t)pid, sig);
	if (rc == 0 || errno == ESRCH) /* ESRCH: it has just ended */
		return 0;
	fprintf(stderr, "ptpdk-ctl: cannot send %s to instance '%s' (pid %ld): %s\n", what, name,
		pid, strerror(errno));
	return errno == EPERM ? CTL_EXIT_PERM : CTL_EXIT_FAIL;
}

/* After SIGTERM: the lock released (stopped), or the timeout, then --kill's SIGKILL. */
static int stop_wait(const struct stop_opts *o, const struct lock_file *lk, int pidfd, long pid)
{
	double waited;
	int rc;

	waited = wait_release(lk, pid, o->timeout_s);
	if (waited >= 0) {
		printf("ptpdk-ctl: instance '%s' stopped (pid %ld, SIGTERM, lock released after "
		       "%.2f s)\n",
		       o->name, pid, waited);
		return CTL_EXIT_OK;
	}
	if (!o->kill) {
		fprintf(stderr,
			"ptpdk-ctl: instance '%s' (pid %ld) still holds %s %g s after SIGTERM: it "
			"is still running; not killed (--kill sends SIGKILL after the timeout)\n",
			o->name, pid, lk->path, o->timeout_s);
		return CTL_EXIT_TIMEOUT;
	}
	rc = signal_pid(pidfd, pid, SIGKILL, "SIGKILL", o->name);
	if (rc == 0 && (waited = wait_release(lk, pid, KILL_WAIT_S)) >= 0) {
		printf("ptpdk-ctl: instance '%s' (pid %ld) did not stop within %g s of SIGTERM; "
		       "killed (SIGKILL, lock released after %.2f s more): it did not clean up\n",
		       o->name, pid, o->timeout_s, waited);
		rc = CTL_EXIT_KILLED;
	} else if (rc == 0) {
		fprintf(stderr,
			"ptpdk-ctl: instance '%s' (pid %ld) still holds %s %g s after SIGKILL\n",
			o->name, pid, lk->path, KILL_WAIT_S);
		rc = CTL_EXIT_FAIL;
	}
	return rc;
}

int ctl_stop(const char *name, int argc, char **argv)
{
	struct stop_opts o;
	struct lock_file lk = { .fd = -1 };
	int rc, pidfd = -1;
	long pid = 0;

	rc = parse(name, argc, argv, &o);
	rc = rc ? rc : open_lock(&o, &lk);
	if (rc == 0) {
		pid = file_pid(lk.fd);
		pidfd = pid > 0 ? pid_handle(pid) : -1;
	}
	rc = rc ? rc : verify(&o, &lk, pid);
	rc = rc ? rc : signal_pid(pidfd, pid, SIGTERM, "SIGTERM", o.name);
	rc = rc ? rc : stop_wait(&o, &lk, pidfd, pid);
	if (pidfd >= 0)
		close(pidfd);
	if (lk.fd >= 0)
		close(lk.fd);
	return rc;
}
