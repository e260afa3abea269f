/* SPDX-License-Identifier: BSD-3-Clause */
/* The compliance writer's file operations on the real file system. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptpdk_compliance_io.h"

static int posix_open_append(void *ctx, const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	(void)ctx;
	return fd < 0 ? -errno : fd;
}

static ssize_t posix_write(void *ctx, int fd, const void *buf, size_t len)
{
	ssize_t n;

	(void)ctx;
	do
		n = write(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static int posix_size(void *ctx, int fd, uint64_t *size)
{
	struct stat st;

	(void)ctx;
	if (fstat(fd, &st) != 0)
		return -errno;
	*size = (uint64_t)st.st_size;
	return 0;
}

static int posix_truncate(void *ctx, int fd, uint64_t size)
{
	(void)ctx;
	return ftruncate(fd, (off_t)size) == 0 ? 0 : -errno;
}

static int posix_sync(void *ctx, int fd)
{
	(void)ctx;
	return fdatasync(fd) == 0 ? 0 : -errno;
}

static void posix_close(void *ctx, int fd)
{
	(void)ctx;
	close(fd);
}

/* PREFIX + YYYY-MM-DD.log exactly: instance "a" must not pick up instance "a-b"'s files. */
static bool daily_file_name(const char *name, const char *prefix, size_t plen)
{
	static const char shape[] = "0000-00-00.log";

	if (strncmp(name, prefix, plen) != 0 || strlen(name + plen) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		char c = name[plen + i];

		if (shape[i] == '0' ? !(c >= '0' && c <= '9') : c != shape[i])
			return false;
	}
	return true;
}

static int posix_newest(void *ctx, const char *dir, const char *prefix, char *name, size_t size)
{
	DIR *d = opendir(dir);
	size_t plen = strlen(prefix);
	struct dirent *e;
	int found = 0;

	(void)ctx;
	if (!d)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (!daily_file_name(e->d_name, prefix, plen) || strlen(e->d_name) >= size)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode) ||
		    st.st_size == 0)
			continue;
		if (!found || strcmp(e->d_name, name) > 0) {
			strcpy(name, e->d_name);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

static ssize_t posix_read_tail(void *ctx, const char *path, char *buf, size_t size,
			       uint64_t *file_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	off_t from;
	ssize_t n;

	(void)ctx;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		n = -errno;
		close(fd);
		return n;
	}
	*file_size = (uint64_t)st.st_size;
	from = st.st_size > (off_t)size ? st.st_size - (off_t)size : 0;
	n = pread(fd, buf, (size_t)(st.st_size - from), from);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

const struct ptpdk_compliance_io ptpdk_compliance_posix_io = {
	.open_append = posix_open_append,
	.write = posix_write,
	.size = posix_size,
	.truncate = posix_truncate,
	.sync = posix_sync,
	.close = posix_close,
	.newest = posix_newest,
	.read_tail = posix_read_tail,
};
