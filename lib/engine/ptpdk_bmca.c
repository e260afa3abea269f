/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_bmca.h"

#include "ptpdk_bmca_g8275.h"

#include <stdio.h>
#include <string.h>

void ptpdk_bmca_from_announce(struct ptpdk_bmca_dataset *ds, const struct ptpdk_msg *announce,
			      const struct ptpdk_port_identity *receiver)
{
	const struct ptpdk_body_announce *a = &announce->body.announce;

	memset(ds, 0, sizeof(*ds));
	ds->priority1 = a->grandmaster_priority1;
	memcpy(ds->gm_identity, a->grandmaster_identity, PTPDK_CLOCK_ID_LEN);
	ds->quality = a->grandmaster_clock_quality;
	ds->priority2 = a->grandmaster_priority2;
	ds->steps_removed = a->steps_removed;
	ds->sender = announce->header.source_port_identity;
	ds->receiver = *receiver;
}

int ptpdk_port_identity_cmp(const struct ptpdk_port_identity *a,
			    const struct ptpdk_port_identity *b)
{
	int c = memcmp(a->clock_identity, b->clock_identity, PTPDK_CLOCK_ID_LEN);

	if (c)
		return c;
	return (a->port_number > b->port_number) - (a->port_number < b->port_number);
}

static int cmp_u(unsigned a, unsigned b)
{
	return (a > b) - (a < b);
}

/* Figure 28: the same grandmaster seen over two paths. */
int ptpdk_bmca_compare_topology(const struct ptpdk_bmca_dataset *a,
				const struct ptpdk_bmca_dataset *b)
{
	int c;

	if (a->steps_removed > b->steps_removed + 1u)
		return PTPDK_BMCA_B_BETTER;
	if (a->steps_removed + 1u < b->steps_removed)
		return PTPDK_BMCA_A_BETTER;
	if (a->steps_removed > b->steps_removed) {
		/* A is one step further: it may be our own Announce looped back. */
		c = ptpdk_port_identity_cmp(&a->receiver, &a->sender);
		if (c < 0)
			return PTPDK_BMCA_B_BETTER;
		return c > 0 ? PTPDK_BMCA_B_BETTER_TOPO : PTPDK_BMCA_SAME;
	}
	if (a->steps_removed < b->steps_removed) {
		c = ptpdk_port_identity_cmp(&b->receiver, &b->sender);
		if (c < 0)
			return PTPDK_BMCA_A_BETTER;
		return c > 0 ? PTPDK_BMCA_A_BETTER_TOPO : PTPDK_BMCA_SAME;
	}
	c = ptpdk_port_identity_cmp(&a->sender, &b->sender);
	if (c)
		return c < 0 ? PTPDK_BMCA_A_BETTER_TOPO : PTPDK_BMCA_B_BETTER_TOPO;
	c = cmp_u(a->receiver.port_number, b->receiver.port_number);
	if (c)
		return c < 0 ? PTPDK_BMCA_A_BETTER_TOPO : PTPDK_BMCA_B_BETTER_TOPO;
	return PTPDK_BMCA_SAME;
}

int ptpdk_bmca_compare(const struct ptpdk_bmca_dataset *a, const struct ptpdk_bmca_dataset *b)
{
	/* Figure 27: each attribute in order, the lower value wins. */
	const unsigned av[] = { a->priority1, a->quality.clock_class, a->quality.clock_accuracy,
				a->quality.offset_scaled_log_variance, a->priority2 };
	const unsigned bv[] = { b->priority1, b->quality.clock_class, b->quality.clock_accuracy,
				b->quality.offset_scaled_log_variance, b->priority2 };
	int c = memcmp(a->gm_identity, b->gm_identity, PTPDK_CLOCK_ID_LEN);

	if (c == 0)
		return ptpdk_bmca_compare_topology(a, b);
	for (size_t i = 0; i < sizeof(av) / sizeof(av[0]); i++) {
		int d = cmp_u(av[i], bv[i]);

		if (d)
			return d < 0 ? PTPDK_BMCA_A_BETTER : PTPDK_BMCA_B_BETTER;
	}
	return c < 0 ? PTPDK_BMCA_A_BETTER : PTPDK_BMCA_B_BETTER;
}

int ptpdk_bmca_compare_with(enum ptpdk_bmca_comparison cmp, const struct ptpdk_bmca_dataset *a,
			    const struct ptpdk_bmca_dataset *b)
{
	return cmp == PTPDK_BMCA_CMP_G8275 ? ptpdk_bmca_g8275_compare(a, b)
					   : ptpdk_bmca_compare(a, b);
}

enum ptpdk_bmca_decision ptpdk_bmca_decide(const struct ptpdk_bmca_dataset *d0,
					   const struct ptpdk_bmca_dataset *ebest,
					   const struct ptpdk_bmca_dataset *erbest, bool ebest_here,
					   bool slave_only, bool listening)
{
	return ptpdk_bmca_decide_with(PTPDK_BMCA_CMP_IEEE1588, d0, ebest, erbest, ebest_here,
				      slave_only, listening);
}

/* Figure 26 is the same under both comparisons (G.8275.1 6.3 keeps 1588's state
 * decision and changes what "better" means). */
enum ptpdk_bmca_decision ptpdk_bmca_decide_with(enum ptpdk_bmca_comparison cmp,
						const struct ptpdk_bmca_dataset *d0,
						const struct ptpdk_bmca_dataset *ebest,
						const struct ptpdk_bmca_dataset *erbest,
						bool ebest_here, bool slave_only, bool listening)
{
	if (!erbest && listening)
		return PTPDK_BMCA_LISTENING;
	if (slave_only)
		/* 9.2.2: a slave-only clock follows Ebest on the port that heard it
		 * and listens everywhere else. */
		return erbest && ebest_here ? PTPDK_BMCA_S1 : PTPDK_BMCA_LISTENING;
	if (d0->quality.clock_class >= 1 && d0->quality.clock_class <= 127) {
		if (!erbest || ptpdk_bmca_compare_with(cmp, d0, erbest) > 0)
			return PTPDK_BMCA_M1;
		return PTPDK_BMCA_P1;
	}
	if (!ebest || ptpdk_bmca_compare_with(cmp, d0, ebest) > 0)
		return PTPDK_BMCA_M2;
	if (ebest_here)
		return PTPDK_BMCA_S1;
	if (erbest && ptpdk_bmca_compare_with(cmp, ebest, erbest) == PTPDK_BMCA_A_BETTER_TOPO)
		return PTPDK_BMCA_P2;
	return PTPDK_BMCA_M3;
}

const char *ptpdk_bmca_decision_name(enum ptpdk_bmca_decision d)
{
	static const char *const names[] = { "LISTENING", "M1", "M2", "M3", "P1", "P2", "S1" };

	return (unsigned)d < sizeof(names) / sizeof(names[0]) ? names[d] : "invalid";
}

const char *ptpdk_clock_identity_str(const uint8_t *c, char *buf, size_t len)
{
	snprintf(buf, len, "%02x%02x%02x.%02x%02x.%02x%02x%02x", c[0], c[1], c[2], c[3], c[4], c[5],
		 c[6], c[7]);
	return buf;
}

const char *ptpdk_port_identity_str(const struct ptpdk_port_identity *id, char *buf, size_t len)
{
	char c[24];

	snprintf(buf, len, "%s-%u", ptpdk_clock_identity_str(id->clock_identity, c, sizeof(c)),
		 id->port_number);
	return buf;
}
