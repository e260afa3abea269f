/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The instance name rule (ptpdk_shm_instance.h) that the daemon, ptpdk-ctl,
 * ptpdk-exporter, ptpdk-sync and the region share: the names it takes and the ones
 * it refuses, each with its reason, and that every byte outside [A-Za-z0-9_.-] is
 * refused wherever it sits. check_instance_names.sh runs the programs themselves.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ptpdk_shm_instance.h"

static const char *const good[] = {
	"ptpdk0",
	"a",
	"A",
	"9",
	"_",
	"a.b",
	"a-b",
	"a_b",
	"gm1.eth0-vlan_10",
	"a..",
	"a.",
	"a-",
	"0123456789012345678901234567890" /* 31 */,
};

struct bad {
	const char *name;
	const char *why; /* a part of the message */
};

static const struct bad bad[] = {
	{ "", "is empty" },
	{ ".", "starts with '.'" },
	{ "..", "starts with '.'" },
	{ ".hidden", "starts with '.'" },
	{ "-x", "starts with '-'" },
	{ "--help", "starts with '-'" },
	{ "01234567890123456789012345678901", "is 32 bytes long" },
	{ "a/b", "'/' is not allowed" },
	{ "../etc", "starts with '.'" },
	{ "a b", "byte 2 (0x20) is not allowed" },
	{ "a\nb", "byte 2 (0x0a) is not allowed" },
	{ "ptpdk@a", "'@' is not allowed" },
	{ "a:b", "':' is not allowed" },
	{ "a*", "'*' is not allowed" },
	{ "caf\xc3\xa9", "byte 4 (0xc3) is not allowed" },
};

int main(void)
{
	char err[256], name[4];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		CHECK(ptpdk_shm_instance_name_ok(good[i]));
		CHECK_EQ_INT(ptpdk_shm_instance_name_check(good[i], err, sizeof(err)), 0);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(!ptpdk_shm_instance_name_ok(bad[i].name));
		CHECK_EQ_INT(ptpdk_shm_instance_name_check(bad[i].name, err, sizeof(err)), -EINVAL);
		CHECK(strstr(err, bad[i].why) != NULL);
		CHECK(strstr(err, PTPDK_SHM_INSTANCE_NAME_RULE) != NULL);
		/* Nothing unprintable is echoed back. */
		for (const char *p = err; *p; p++)
			CHECK(*p >= ' ' && *p < 0x7f);
		if (check_failures)
			printf("'%s': %s\n", bad[i].name, err);
	}
	CHECK(!ptpdk_shm_instance_name_ok(NULL));
	CHECK_EQ_INT(ptpdk_shm_instance_name_check(NULL, NULL, 0), -EINVAL);
	CHECK_EQ_INT(ptpdk_shm_instance_name_check("..", NULL, 8), -EINVAL);
	/* Every byte, in the middle of a name: taken exactly when in [A-Za-z0-9_.-]. */
	for (int c = 1; c < 256; c++) {
		bool want = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';

		name[0] = 'a';
		name[1] = (char)c;
		name[2] = 'b';
		name[3] = '\0';
		CHECK(ptpdk_shm_instance_name_ok(name) == want);
	}
	return check_report("instance-name");
}
