/* SPDX-License-Identifier: BSD-3-Clause */
#include "discover.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_shm_instance.h"
#include "ptpdk_shm_path.h"

static bool wanted(const struct discover_conf *conf, const char *name)
{
	if (conf->n_only == 0)
		return true;
	for (unsigned i = 0; i < conf->n_only; i++)
		if (strcmp(conf->only[i], name) == 0)
			return true;
	return false;
}

static bool known(const struct discover_result *out, const char *name)
{
	for (unsigned i = 0; i < out->n; i++)
		if (strcmp(out->region[i].name, name) == 0)
			return true;
	return false;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void add(const struct discover_conf *conf, struct discover_result *out, const char *dir,
		const char *file)
{
	const size_t plen = strlen(PTPDK_SHM_FILE_PREFIX);
	const char *name = file + plen;
	struct discovered *d;

	if (strncmp(file, PTPDK_SHM_FILE_PREFIX, plen) != 0 || !ptpdk_shm_instance_name_ok(name) ||
	    !wanted(conf, name))
		return;
	if (known(out, name)) {
		out->shadowed++;
		return;
	}
	if (out->n >= DISCOVER_MAX_REGIONS) {
		out->overflow++;
		return;
	}
	d = &out->region[out->n];
	if (ptpdk_shm_file_path(d->path, sizeof(d->path), dir, name) >= (int)sizeof(d->path))
		return; /* a directory path this long is not one we were given */
	snprintf(d->name, sizeof(d->name), "%s", name);
	out->n++;
}

static void scan(const struct discover_conf *conf, struct discover_result *out, const char *dir)
{
	struct dirent **list = NULL;
	int n = scandir(dir, &list, NULL, by_name);

	for (int i = 0; i < n; i++) {
		add(conf, out, dir, list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

void discover_regions(const struct discover_conf *conf, struct discover_result *out)
{
	char huge[PTPDK_SHM_MAX_DIRS][256];
	unsigned n_huge = ptpdk_shm_hugetlbfs_dirs(huge, PTPDK_SHM_MAX_DIRS, sizeof(huge[0]));

	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < n_huge; i++)
		scan(conf, out, huge[i]);
	scan(conf, out, PTPDK_SHM_FALLBACK_DIR);
	for (unsigned i = 0; i < conf->n_extra_dirs; i++)
		if (strcmp(conf->extra_dirs[i], PTPDK_SHM_FALLBACK_DIR) != 0)
			scan(conf, out, conf->extra_dirs[i]);
}
