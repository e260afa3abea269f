/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_seed.h"

#define GOLDEN 0x9E3779B97F4A7C15ull

/* One splitmix64 step (Steele, Lea, Flood 2014): a bijection whose output bits
 * each depend on every input bit, so neighbouring inputs land far apart. */
static uint64_t splitmix64(uint64_t z)
{
	z += GOLDEN;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint64_t ptpdk_seed_instance(const uint8_t clock_identity[PTPDK_CLOCK_ID_LEN], uint64_t pid,
			     uint64_t tsc)
{
	uint64_t id = 0, h;

	for (unsigned i = 0; i < PTPDK_CLOCK_ID_LEN; i++)
		id = id << 8 | clock_identity[i];
	/* Chained rather than XORed together, so that swapping values between
	 * inputs (a PID equal to another host's TSC) cannot cancel out. */
	h = splitmix64(id);
	h = splitmix64(h ^ pid);
	h = splitmix64(h ^ tsc);
	return h ? h : GOLDEN;
}
