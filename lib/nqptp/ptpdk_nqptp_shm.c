/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptpdk_nqptp_shm.h"

struct ptpdk_nqptp_writer {
	struct ptpdk_nqptp_region *region;
	char name[256];
};

bool ptpdk_nqptp_shm_name_valid(const char *name)
{
	size_t len;

	if (!name || name[0] != '/')
		return false;
	len = strlen(name);
	/* 255 is NAME_MAX for the file under /dev/shm, which the '/' is not part of */
	if (len < 2 || len > 255)
		return false;
	return strchr(name + 1, '/') == NULL;
}

struct ptpdk_nqptp_writer *ptpdk_nqptp_writer_create(const char *name, mode_t mode)
{
	struct ptpdk_nqptp_writer *w;
	void *map;
	int fd, err;

	if (!name)
		name = PTPDK_NQPTP_DEFAULT_NAME;
	if (mode == 0)
		mode = PTPDK_NQPTP_SHM_MODE;
	if (!ptpdk_nqptp_shm_name_valid(name) || (mode & ~(mode_t)0777) != 0) {
		errno = EINVAL;
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(w->name, name, strlen(name) + 1);
	fd = shm_open(name, O_RDWR | O_CREAT, mode);
	if (fd < 0)
		goto err_open;
	/* the umask may have cleared bits the player needs to read the object */
	if (fchmod(fd, mode) != 0)
		goto err_fd;
	if (ftruncate(fd, (off_t)sizeof(struct ptpdk_nqptp_region)) != 0)
		goto err_fd;
	map = mmap(NULL, sizeof(struct ptpdk_nqptp_region), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   0);
	if (map == MAP_FAILED)
		goto err_fd;
	close(fd);
	w->region = map;
	ptpdk_nqptp_region_init(w->region);
	return w;

err_fd:
	err = errno;
	close(fd);
	errno = err;
err_open:
	err = errno;
	free(w);
	errno = err;
	return NULL;
}

void ptpdk_nqptp_writer_publish(struct ptpdk_nqptp_writer *w, const struct ptpdk_nqptp_record *rec)
{
	ptpdk_nqptp_region_publish(w->region, rec);
}

const struct ptpdk_nqptp_region *ptpdk_nqptp_writer_region(const struct ptpdk_nqptp_writer *w)
{
	return w->region;
}

int ptpdk_nqptp_writer_destroy(struct ptpdk_nqptp_writer *w, bool unlink)
{
	int ret = 0;

	if (!w)
		return 0;
	ptpdk_nqptp_region_retire(w->region);
	munmap(w->region, sizeof(*w->region));
	if (unlink && shm_unlink(w->name) != 0)
		ret = -errno;
	free(w);
	return ret;
}

const struct ptpdk_nqptp_region *ptpdk_nqptp_reader_open(const char *name)
{
	struct stat st;
	void *map;
	int fd, err;

	if (!name)
		name = PTPDK_NQPTP_DEFAULT_NAME;
	if (!ptpdk_nqptp_shm_name_valid(name)) {
		errno = EINVAL;
		return NULL;
	}
	fd = shm_open(name, O_RDONLY, 0);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0)
		goto err_fd;
	/* mapping past the end of a short object would fault on the first read */
	if (st.st_size < (off_t)sizeof(struct ptpdk_nqptp_region)) {
		errno = EPROTO;
		goto err_fd;
	}
	map = mmap(NULL, sizeof(struct ptpdk_nqptp_region), PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		goto err_fd;
	close(fd);
	return map;

err_fd:
	err = errno;
	close(fd);
	errno = err;
	return NULL;
}

void ptpdk_nqptp_reader_close(const struct ptpdk_nqptp_region *r)
{
	if (r)
		munmap((void *)r, sizeof(*r));
}
