/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A tiny test harness: CHECK records a failure with file and line and carries on,
 * so one run shows every broken expectation. The random seed is printed, and
 * PTPDK_TEST_SEED replays it.
 */
#ifndef CHECK_H
#define CHECK_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long check_failures;
static unsigned long check_count;
static uint64_t check_rng_state;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		check_count++;                                                                     \
		if (!(cond)) {                                                                     \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
	do {                                                                                       \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);                    \
		check_count++;                                                                     \
		if (check_a_ != check_b_) {                                                        \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n",          \
				__FILE__, __LINE__, #a, #b, check_a_, check_b_);                   \
		}                                                                                  \
	} while (0)

#define CHECK_NEAR(v, want, tol)                                                                   \
	do {                                                                                       \
		double check_v_ = (v), check_w_ = (want), check_t_ = (tol);                        \
		check_count++;                                                                     \
		if (!(check_v_ - check_w_ <= check_t_ && check_w_ - check_v_ <= check_t_)) {       \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: CHECK failed: %s = %g, expected %g +- %g\n",       \
				__FILE__, __LINE__, #v, check_v_, check_w_, check_t_);             \
		}                                                                                  \
	} while (0)

#define CHECK_MEM(a, b, n) CHECK(memcmp((a), (b), (n)) == 0)

/* splitmix64: small, good enough for test data, identical everywhere. */
static inline uint64_t check_rand(void)
{
	uint64_t z = (check_rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void check_rand_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)check_rand();
}

static inline void check_seed(const char *name)
{
	const char *env = getenv("PTPDK_TEST_SEED");

	check_rng_state = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
	printf("%s: seed %" PRIu64 " (replay with PTPDK_TEST_SEED=%" PRIu64 ")\n", name,
	       check_rng_state, check_rng_state);
}

static inline int check_report(const char *name)
{
	printf("%s: %lu checks, %lu failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif
