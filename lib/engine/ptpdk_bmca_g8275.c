/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_bmca_g8275.h"

#include <string.h>

/* The highest class of a clock that may be a grandmaster and never a slave
 * (1588-2008 Table 5); G.8275.1 lets several of them be active at once. */
#define GM_CLASS_MAX 127

static int lower_wins(unsigned a, unsigned b)
{
	if (a == b)
		return PTPDK_BMCA_SAME;
	return a < b ? PTPDK_BMCA_A_BETTER : PTPDK_BMCA_B_BETTER;
}

int ptpdk_bmca_g8275_compare(const struct ptpdk_bmca_dataset *a, const struct ptpdk_bmca_dataset *b)
{
	/* The order of the alternate BMCA's comparison; priority1 is not in it. */
	const unsigned av[] = { a->quality.clock_class, a->quality.clock_accuracy,
				a->quality.offset_scaled_log_variance, a->priority2,
				a->local_priority };
	const unsigned bv[] = { b->quality.clock_class, b->quality.clock_accuracy,
				b->quality.offset_scaled_log_variance, b->priority2,
				b->local_priority };
	int c;

	for (size_t i = 0; i < sizeof(av) / sizeof(av[0]); i++) {
		c = lower_wins(av[i], bv[i]);
		if (c)
			return c;
	}
	/* Equal quality from grandmaster-class clocks: whichever is nearer. */
	if (a->quality.clock_class <= GM_CLASS_MAX)
		return ptpdk_bmca_compare_topology(a, b);
	c = memcmp(a->gm_identity, b->gm_identity, PTPDK_CLOCK_ID_LEN);
	if (c == 0)
		return ptpdk_bmca_compare_topology(a, b);
	return c < 0 ? PTPDK_BMCA_A_BETTER : PTPDK_BMCA_B_BETTER;
}
