/* SPDX-License-Identifier: BSD-3-Clause */
/* The unicast server's timing wheel against a plain model: every item taken once,
 * never before its due time, and none left behind once its time has come, across
 * many turns, long idle gaps, a "now" that goes back, and a small take budget. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "ptpdk_ucast_wheel.h"

#define MS 1000000ull
#define S  (1000 * MS)

static void *mem;

static struct ptpdk_ucast_wheel *make(uint32_t items, unsigned bits, unsigned shift, uint64_t now)
{
	size_t size = ptpdk_ucast_wheel_size(items, bits);

	free(mem);
	mem = malloc(size);
	return ptpdk_ucast_wheel_init(mem, size, items, bits, shift, now);
}

static void test_basics(void)
{
	struct ptpdk_ucast_wheel *w;
	uint32_t out[8];
	uint64_t due[8], d;

	CHECK_EQ_INT(ptpdk_ucast_wheel_size(0, 8), 0);
	CHECK_EQ_INT(ptpdk_ucast_wheel_size(10, 3), 0);
	CHECK_EQ_INT(ptpdk_ucast_wheel_size(10, 25), 0);
	CHECK(make(10, 4, 9, 0) == NULL);
	w = make(10, 4, 20, 5 * S);
	CHECK(w != NULL);
	CHECK_EQ_INT(ptpdk_ucast_wheel_add(w, 10, 0), -EINVAL);
	CHECK_EQ_INT(ptpdk_ucast_wheel_add(w, 3, 5 * S + 2 * MS), 0);
	CHECK_EQ_INT(ptpdk_ucast_wheel_add(w, 3, 5 * S + 3 * MS), -EEXIST);
	CHECK(ptpdk_ucast_wheel_holds(w, 3, &d) && d == 5 * S + 2 * MS);
	/* Not early, even within its slot. */
	CHECK_EQ_INT(ptpdk_ucast_wheel_take(w, 5 * S + 2 * MS - 1, out, due, 8), 0);
	CHECK_EQ_INT(ptpdk_ucast_wheel_take(w, 5 * S + 2 * MS, out, due, 8), 1);
	CHECK_EQ_INT(out[0], 3);
	CHECK_EQ_INT(due[0], 5 * S + 2 * MS);
	CHECK(!ptpdk_ucast_wheel_holds(w, 3, NULL));
	/* Already past: taken at the very next take. */
	CHECK_EQ_INT(ptpdk_ucast_wheel_add(w, 4, 1 * S), 0);
	CHECK_EQ_INT(ptpdk_ucast_wheel_take(w, 5 * S + 2 * MS, out, NULL, 8), 1);
	CHECK_EQ_INT(out[0], 4);
	/* Several turns ahead (16 slots of ~1 ms): passed over until then. */
	CHECK_EQ_INT(ptpdk_ucast_wheel_add(w, 5, 6 * S), 0);
	for (uint64_t t = 5 * S + 3 * MS; t < 6 * S; t += MS)
		CHECK_EQ_INT(ptpdk_ucast_wheel_take(w, t, out, NULL, 8), 0);
	CHECK_EQ_INT(ptpdk_ucast_wheel_take(w, 6 * S, out, NULL, 8), 1);
	CHECK_EQ_INT(ptpdk_ucast_wheel_count(w), 0);
}

/* Random items and takes against the model. */
static void test_model(void)
{
	enum { N = 20000 };
	static uint64_t due_of[N];
	static bool in[N];
	struct ptpdk_ucast_wheel *w = make(N, 8, 20, 0);
	uint32_t out[64];
	uint64_t due[64], now = 0;
	unsigned bad_early = 0, bad_twice = 0, left = 0, taken = 0;

	CHECK(w != NULL);
	for (uint32_t i = 0; i < N; i++) {
		due_of[i] = check_rand() % (10 * S);
		in[i] = ptpdk_ucast_wheel_add(w, i, due_of[i]) == 0;
	}
	CHECK_EQ_INT(ptpdk_ucast_wheel_count(w), N);
	while (now < 12 * S) {
		unsigned n;

		/* Steps from 10 us to 1.5 s (several turns of 268 ms), now and then back. */
		if (check_rand() % 50 == 0)
			now -= now > MS ? MS : 0;
		else
			now += 10000 + check_rand() % (check_rand() % 20 == 0 ? 1500 * MS : 3 * MS);
		do {
			n = ptpdk_ucast_wheel_take(w, now, out, due, 64);
			for (unsigned k = 0; k < n; k++) {
				uint32_t id = out[k];

				if (!in[id])
					bad_twice++;
				if (due_of[id] > now || due[k] != due_of[id])
					bad_early++;
				in[id] = false;
				taken++;
				/* Half come back one period later, like a Sync grant. */
				if (check_rand() % 2 && due_of[id] + S < 10 * S) {
					due_of[id] += S;
					in[id] = ptpdk_ucast_wheel_add(w, id, due_of[id]) == 0;
				}
			}
		} while (n == 64);
		for (uint32_t i = 0; i < N; i++)
			if (in[i] && due_of[i] <= now)
				left++;
	}
	CHECK_EQ_INT(bad_twice, 0);
	CHECK_EQ_INT(bad_early, 0);
	CHECK_EQ_INT(left, 0);
	CHECK_EQ_INT(ptpdk_ucast_wheel_count(w), 0);
	CHECK(taken > N);
}

int main(void)
{
	check_seed("test_ucast_wheel");
	test_basics();
	test_model();
	free(mem);
	return check_report("test_ucast_wheel");
}
