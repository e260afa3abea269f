/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Counter descriptors (lib/counters): every uint64_t of every counter struct is
 * described exactly once, so a counter added to a struct without a descriptor fails
 * here; the walk visits each slot once with its value; the checks catch overlaps,
 * duplicates, counters outside the struct and a forgotten member; table rows and
 * JSON members follow the flags, and the JSON parses.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ptpdk_cdesc.h"
#include "ptpdk_cdesc_print.h"
#include "ptpdk_cdesc_tables.h"
#include "ptpdk_dp_counters.h"
#include "ptpdk_mgmt_net.h"
#include "ptpdk_ptp_clock.h"

#define MAX_SLOTS 512

static void test_sizes(void)
{
	/* Each table is over the struct it says it is. */
	CHECK_EQ_INT(ptpdk_cdesc_rxq.size, sizeof(struct ptpdk_rxq_counters));
	CHECK_EQ_INT(ptpdk_cdesc_txq.size, sizeof(struct ptpdk_txq_counters));
	CHECK_EQ_INT(ptpdk_cdesc_engine.size, sizeof(struct ptpdk_engine_counters));
	CHECK_EQ_INT(ptpdk_cdesc_ptp_clock.size, sizeof(struct ptpdk_ptp_clock_counters));
	CHECK_EQ_INT(ptpdk_cdesc_e2e.size, sizeof(struct ptpdk_e2e_counters));
	CHECK_EQ_INT(ptpdk_cdesc_p2p.size, sizeof(struct ptpdk_p2p_counters));
	CHECK_EQ_INT(ptpdk_cdesc_foreign.size, sizeof(struct ptpdk_foreign_counters));
	CHECK_EQ_INT(ptpdk_cdesc_mgmt_net.size, sizeof(struct ptpdk_mgmt_net_counters));
	CHECK_EQ_INT(ptpdk_cdesc_n_tables, 8);
}

/* The struct is nothing but counters, so a table must cover every 8-byte slot of it:
 * a new member without a descriptor leaves one uncovered. */
static void test_coverage(void)
{
	for (unsigned i = 0; i < ptpdk_cdesc_n_tables; i++) {
		const struct ptpdk_cdesc_table *t = ptpdk_cdesc_tables[i];
		int slots = ptpdk_cdesc_check(t);

		if (slots < 0 || (size_t)slots != t->size / sizeof(uint64_t))
			fprintf(stderr, "table %s: check %d, struct has %zu uint64_t slots\n",
				t->name, slots, t->size / sizeof(uint64_t));
		CHECK(slots >= 0);
		CHECK_EQ_INT(t->size % sizeof(uint64_t), 0);
		CHECK_EQ_INT(slots, t->size / sizeof(uint64_t));
		CHECK(t->size / sizeof(uint64_t) <= MAX_SLOTS);
	}
}

struct walk_seen {
	unsigned visits[MAX_SLOTS];
	unsigned n_items;
	bool wrong_value;
	bool bad_name;
};

static int seen_visit(void *ctx, const struct ptpdk_cdesc_item *it)
{
	struct walk_seen *s = ctx;
	size_t slot = it->desc->offset / sizeof(uint64_t) + it->index;

	if (slot < MAX_SLOTS)
		s->visits[slot]++;
	if (it->value != slot + 1)
		s->wrong_value = true;
	if (!it->name || !*it->name)
		s->bad_name = true;
	s->n_items++;
	return 0;
}

/* Slot i holds i + 1: each visit must bring the value of the slot it claims. */
static void test_walk(void)
{
	static uint64_t buf[MAX_SLOTS];

	for (unsigned i = 0; i < MAX_SLOTS; i++)
		buf[i] = i + 1;
	for (unsigned i = 0; i < ptpdk_cdesc_n_tables; i++) {
		const struct ptpdk_cdesc_table *t = ptpdk_cdesc_tables[i];
		size_t n = t->size / sizeof(uint64_t);
		struct walk_seen s;
		unsigned once = 0;

		if (n > MAX_SLOTS)
			continue;
		memset(&s, 0, sizeof(s));
		CHECK_EQ_INT(ptpdk_cdesc_walk(t, buf, seen_visit, &s), 0);
		for (size_t k = 0; k < n; k++)
			once += s.visits[k] == 1;
		CHECK_EQ_INT(once, n);
		CHECK_EQ_INT(s.n_items, n);
		CHECK(!s.wrong_value);
		CHECK(!s.bad_name);
	}
}

static int stop_at_third(void *ctx, const struct ptpdk_cdesc_item *it)
{
	unsigned *n = ctx;

	(void)it;
	return ++*n == 3 ? -EINTR : 0;
}

/* A struct of its own, to make each check fail on purpose. */
struct demo {
	uint64_t a;
	uint64_t rare;
	uint64_t arr[3];
	uint64_t forgotten;
};

static const char *demo_name(unsigned i)
{
	static const char *const names[] = { "x", "y", "z" };

	return i < 3 ? names[i] : "?";
}

static const struct ptpdk_cdesc demo_desc[] = {
	PTPDK_CDESC_ONE(struct demo, a, "a", "g", 0, "always shown"),
	PTPDK_CDESC_ONE(struct demo, rare, "rare", "g", PTPDK_CDESC_TABLE_NONZERO, "rare"),
	PTPDK_CDESC_ARRAY(struct demo, arr, "arr", "g arr", demo_name, PTPDK_CDESC_JSON_NONZERO,
			  "an array"),
};
static const struct ptpdk_cdesc_table demo_table =
	PTPDK_CDESC_TABLE(struct demo, "demo", demo_desc);

static int check_with(const struct ptpdk_cdesc *descs, unsigned n)
{
	struct ptpdk_cdesc_table t = {
		.name = "bad", .size = sizeof(struct demo), .desc = descs, .n = n
	};

	return ptpdk_cdesc_check(&t);
}

static void test_checks_fail(void)
{
	struct ptpdk_cdesc d[2] = { demo_desc[0], demo_desc[2] };
	unsigned n = 0;
	struct demo v = { 0 };

	/* The forgotten member: the table is consistent but one slot short. */
	CHECK_EQ_INT(ptpdk_cdesc_check(&demo_table), 5);
	CHECK(ptpdk_cdesc_check(&demo_table) != (int)(sizeof(struct demo) / sizeof(uint64_t)));
	CHECK_EQ_INT(check_with(d, 2), 4);

	d[1] = demo_desc[0];
	d[1].name = "other";
	CHECK_EQ_INT(check_with(d, 2), -EEXIST); /* one slot twice */
	d[1] = demo_desc[1];
	d[1].name = "a";
	CHECK_EQ_INT(check_with(d, 2), -EEXIST); /* one name twice */
	d[1] = demo_desc[2];
	d[1].offset = offsetof(struct demo, a);
	CHECK_EQ_INT(check_with(d, 2), -EEXIST); /* an array over another counter */
	d[1] = demo_desc[2];
	d[1].offset = offsetof(struct demo, forgotten);
	CHECK_EQ_INT(check_with(d, 2), -ERANGE); /* an array running past the end */
	d[1] = demo_desc[1];
	d[1].offset = sizeof(struct demo);
	CHECK_EQ_INT(check_with(d, 2), -ERANGE);
	d[1].offset = 12;
	CHECK_EQ_INT(check_with(d, 2), -ERANGE); /* not on a uint64_t */
	d[1] = demo_desc[1];
	d[1].help = NULL;
	CHECK_EQ_INT(check_with(d, 2), -EINVAL);
	d[1] = demo_desc[1];
	d[1].group = "";
	CHECK_EQ_INT(check_with(d, 2), -EINVAL);
	d[1] = demo_desc[2];
	d[1].elem_name = NULL;
	CHECK_EQ_INT(check_with(d, 2), -EINVAL);
	d[1] = demo_desc[1];
	d[1].count = 0;
	CHECK_EQ_INT(check_with(d, 2), -EINVAL);

	/* A visitor stops the walk with its own code. */
	CHECK_EQ_INT(ptpdk_cdesc_walk(&demo_table, &v, stop_at_third, &n), -EINTR);
	CHECK_EQ_INT(n, 3);
}

static char *print_to_string(void (*print)(FILE *, const struct demo *), const struct demo *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	print(f, v);
	fclose(f);
	return buf;
}

static void demo_table_rows(FILE *f, const struct demo *v)
{
	ptpdk_cdesc_print_table(f, &demo_table, v);
}

static void demo_json(FILE *f, const struct demo *v)
{
	bool more = false;

	fputc('{', f);
	ptpdk_cdesc_print_json(f, &demo_table, v, &more);
	fputc('}', f);
}

static void demo_json_after(FILE *f, const struct demo *v)
{
	bool more = true;

	ptpdk_cdesc_print_json(f, &demo_table, v, &more);
	CHECK(more);
}

static void test_print(void)
{
	struct demo v = { .a = 0, .rare = 0, .arr = { 5, 0, 7 }, .forgotten = 9 };
	char *s;

	s = print_to_string(demo_table_rows, &v);
	CHECK(s && strcmp(s, "  g          a                                   0\n"
			     "  g arr      x                                   5\n"
			     "  g arr      y                                   0\n"
			     "  g arr      z                                   7\n") == 0);
	free(s);
	v.rare = 3;
	s = print_to_string(demo_table_rows, &v);
	CHECK(s && strstr(s, "  g          rare                                3\n"));
	free(s);

	s = print_to_string(demo_json, &v);
	CHECK(s && strcmp(s, "{\"a\":0,\"rare\":3,\"arr\":{\"x\":5,\"z\":7}}") == 0);
	free(s);
	memset(v.arr, 0, sizeof(v.arr));
	s = print_to_string(demo_json_after, &v);
	CHECK(s && strcmp(s, ",\"a\":0,\"rare\":3,\"arr\":{}") == 0);
	free(s);
}

static void json_string(FILE *f, const struct demo *v)
{
	(void)v;
	ptpdk_cdesc_print_json_string(f, "a\"b\\c\n");
}

static void test_json_string(void)
{
	char *s = print_to_string(json_string, NULL);

	CHECK(s && strcmp(s, "\"a\\\"b\\\\c\\u000a\"") == 0);
	free(s);
}

/* Every library table, filled, in one document that a JSON parser must accept. */
static void test_json_parses(void)
{
	static uint64_t buf[MAX_SLOTS];
	char path[] = "/tmp/ptpdk-test-cdesc.XXXXXX";
	char cmd[256];
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	CHECK(f != NULL);
	if (!f)
		return;
	for (unsigned i = 0; i < MAX_SLOTS; i++)
		buf[i] = i % 3 ? i : 0;
	fputc('{', f);
	for (unsigned i = 0; i < ptpdk_cdesc_n_tables; i++) {
		bool more = false;

		fprintf(f, "%s\"%s\":{", i ? "," : "", ptpdk_cdesc_tables[i]->name);
		ptpdk_cdesc_print_json(f, ptpdk_cdesc_tables[i], buf, &more);
		fputc('}', f);
	}
	fputs("}\n", f);
	CHECK(fclose(f) == 0);
	if (access("/usr/bin/python3", X_OK) == 0) {
		snprintf(cmd, sizeof(cmd),
			 "/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' %s",
			 path);
		CHECK_EQ_INT(system(cmd), 0);
	} else {
		printf("cdesc: /usr/bin/python3 missing: JSON not parsed\n");
	}
	unlink(path);
}

int main(void)
{
	test_sizes();
	test_coverage();
	test_walk();
	test_checks_fail();
	test_print();
	test_json_string();
	test_json_parses();
	return check_report("cdesc");
}
