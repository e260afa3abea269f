/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_shm_path.h"

#include <stdio.h>
#include <string.h>

#include "ptpdk_shm_layout.h"

unsigned ptpdk_shm_hugetlbfs_dirs(char dirs[][256], unsigned max, size_t dir_len)
{
	FILE *f = fopen("/proc/mounts", "r");
	char dev[256], dir[256], type[64];
	unsigned n = 0;
	int c;

	if (!f)
		return 0;
	while (n < max && fscanf(f, "%255s %255s %63s", dev, dir, type) == 3) {
		if (strcmp(type, "hugetlbfs") == 0 && strlen(dir) < dir_len)
			snprintf(dirs[n++], dir_len, "%s", dir);
		while ((c = fgetc(f)) != EOF && c != '\n')
			;
	}
	fclose(f);
	return n;
}

int ptpdk_shm_file_path(char *out, size_t len, const char *dir, const char *name)
{
	return snprintf(out, len, "%s/%s%s", dir, PTPDK_SHM_FILE_PREFIX, name);
}
