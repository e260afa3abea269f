/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The G.8275.x alternate BMCA's data set comparison (ptpdk_bmca_g8275.h): the order
 * of its attributes (clockClass, clockAccuracy, offsetScaledLogVariance, priority2,
 * localPriority, then clockIdentity or, for equivalent grandmasters of class <= 127,
 * stepsRemoved), that priority1 takes no part, that the comparison is antisymmetric
 * on random data sets, and that the state decision and the foreign-master table use
 * the comparison they are given.
 */
#include <string.h>

#include "check.h"
#include "ptpdk_bmca.h"
#include "ptpdk_bmca_g8275.h"
#include "ptpdk_foreign.h"

static struct ptpdk_port_identity pid(uint8_t last, uint16_t port)
{
	struct ptpdk_port_identity id = {
		.clock_identity = { 0, 0x11, 0x22, 0xff, 0xfe, 0, 0, last }, .port_number = port
	};
	return id;
}

/* Grandmaster @p gm of class @p cls, @p steps away, heard on our port 1. */
static struct ptpdk_bmca_dataset ds(uint8_t gm, uint8_t cls, uint16_t steps)
{
	struct ptpdk_bmca_dataset d;

	memset(&d, 0, sizeof(d));
	d.priority1 = 128;
	d.priority2 = 128;
	d.local_priority = 128;
	d.quality.clock_class = cls;
	d.quality.clock_accuracy = 0xFE;
	d.quality.offset_scaled_log_variance = 0xFFFF;
	d.gm_identity[7] = gm;
	d.steps_removed = steps;
	d.sender = pid(gm, 1);
	d.receiver = pid(0x99, 1);
	return d;
}

#define G(a, b) ptpdk_bmca_g8275_compare(&(a), &(b))

static void test_order(void)
{
	struct ptpdk_bmca_dataset a = ds(1, 248, 0), b = ds(2, 248, 0);

	/* Everything equal above 127: the lower clockIdentity. */
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_A_BETTER);
	CHECK_EQ_INT(G(b, a), PTPDK_BMCA_B_BETTER);
	/* priority1 is not compared: b's 1 does not beat a's identity. */
	b.priority1 = 1;
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_A_BETTER);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_B_BETTER); /* 1588 would */
	/* localPriority before clockIdentity. */
	b.local_priority = 127;
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_B_BETTER);
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_B_BETTER);
	a.priority1 = 1; /* 1588 now ties on priority1 and ignores localPriority */
	CHECK_EQ_INT(ptpdk_bmca_compare(&a, &b), PTPDK_BMCA_A_BETTER);
	/* priority2 before localPriority. */
	a.priority2 = 127;
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_A_BETTER);
	/* offsetScaledLogVariance before priority2. */
	b.quality.offset_scaled_log_variance = 0x4E5D;
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_B_BETTER);
	/* clockAccuracy before offsetScaledLogVariance. */
	a.quality.clock_accuracy = 0x21;
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_A_BETTER);
	/* clockClass before clockAccuracy. */
	b.quality.clock_class = 165;
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_B_BETTER);
	a.quality.clock_class = 6;
	CHECK_EQ_INT(G(a, b), PTPDK_BMCA_A_BETTER);
	/* Each comparison compares as the reverse one says. */
	CHECK_EQ_INT(G(b, a), PTPDK_BMCA_B_BETTER);
}

/* Several T-GMs of class 6 with equal quality: the nearest, whatever its identity. */
static void test_equivalent_grandmasters(void)
{
	struct ptpdk_bmca_dataset near = ds(9, 6, 1), far = ds(1, 6, 3);

	CHECK_EQ_INT(G(near, far), PTPDK_BMCA_A_BETTER);
	CHECK_EQ_INT(G(far, near), PTPDK_BMCA_B_BETTER);
	CHECK_EQ_INT(ptpdk_bmca_compare(&near, &far), PTPDK_BMCA_B_BETTER); /* 1588: identity */
	/* One step apart: decided by topology (figure 28), the nearer still wins. */
	far.steps_removed = 2;
	CHECK(G(near, far) > 0);
	CHECK(G(far, near) < 0);
	/* Equally far: the sender's port identity, a topology decision. */
	far.steps_removed = 1;
	CHECK_EQ_INT(G(far, near), PTPDK_BMCA_A_BETTER_TOPO);
	CHECK_EQ_INT(G(near, far), PTPDK_BMCA_B_BETTER_TOPO);
	/* The same message twice. */
	CHECK_EQ_INT(G(near, near), PTPDK_BMCA_SAME);
	/* Above class 127 equal quality is no equivalence: clockIdentity decides. */
	near.quality.clock_class = far.quality.clock_class = 248;
	CHECK_EQ_INT(G(near, far), PTPDK_BMCA_B_BETTER);
	/* ...and one grandmaster over two paths is told apart by stepsRemoved. */
	far = ds(9, 248, 3);
	CHECK_EQ_INT(G(near, far), PTPDK_BMCA_A_BETTER);
}

/* Random data sets from small value sets, so that ties happen: the comparison must
 * be antisymmetric (a better than b exactly when b is worse than a). */
static void test_antisymmetric(void)
{
	static const uint8_t classes[] = { 6, 7, 135, 165, 248 };

	for (unsigned i = 0; i < 20000; i++) {
		struct ptpdk_bmca_dataset d[2];

		for (unsigned k = 0; k < 2; k++) {
			uint64_t r = check_rand();

			d[k] = ds((uint8_t)(1 + r % 3), classes[(r >> 8) % 5],
				  (uint16_t)((r >> 16) % 4));
			d[k].quality.clock_accuracy = (r >> 24) & 1 ? 0x21 : 0xFE;
			d[k].priority2 = (r >> 25) & 1 ? 127 : 128;
			d[k].local_priority = (r >> 26) & 1 ? 100 : 128;
			d[k].sender.port_number = (uint16_t)(1 + ((r >> 27) & 1));
			d[k].receiver.port_number = (uint16_t)(1 + ((r >> 28) & 1));
		}
		CHECK_EQ_INT(G(d[0], d[1]), -G(d[1], d[0]));
	}
}

/* The state decision with either comparison: our clock (priority1 1, localPriority
 * 128) against a foreign master (priority1 255, localPriority 50), equal otherwise. */
static void test_decide(void)
{
	struct ptpdk_bmca_dataset d0 = ds(0x10, 248, 0), f = ds(0x20, 248, 0);

	d0.priority1 = 1;
	d0.sender = d0.receiver = pid(0x10, 1);
	f.priority1 = 255;
	f.local_priority = 50;
	CHECK_EQ_INT(
		ptpdk_bmca_decide_with(PTPDK_BMCA_CMP_IEEE1588, &d0, &f, &f, true, false, false),
		PTPDK_BMCA_M2);
	CHECK_EQ_INT(ptpdk_bmca_decide_with(PTPDK_BMCA_CMP_G8275, &d0, &f, &f, true, false, false),
		     PTPDK_BMCA_S1);
	/* Our own localPriority ranks us: better than the port's, we lead. */
	d0.local_priority = 40;
	CHECK_EQ_INT(ptpdk_bmca_decide_with(PTPDK_BMCA_CMP_G8275, &d0, &f, &f, true, false, false),
		     PTPDK_BMCA_M2);
	CHECK_EQ_INT(ptpdk_bmca_compare_with(PTPDK_BMCA_CMP_G8275, &d0, &f), PTPDK_BMCA_A_BETTER);
}

static struct ptpdk_msg announce(uint8_t gm, uint8_t p1, uint8_t accuracy)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_ANNOUNCE;
	m.header.source_port_identity = pid(gm, 1);
	m.body.announce.grandmaster_priority1 = p1;
	m.body.announce.grandmaster_priority2 = 128;
	m.body.announce.grandmaster_clock_quality.clock_class = 248;
	m.body.announce.grandmaster_clock_quality.clock_accuracy = accuracy;
	m.body.announce.grandmaster_clock_quality.offset_scaled_log_variance = 0xFFFF;
	memcpy(m.body.announce.grandmaster_identity, m.header.source_port_identity.clock_identity,
	       PTPDK_CLOCK_ID_LEN);
	return m;
}

/* Erbest by the table's comparison, each entry with the port's localPriority. */
static void test_foreign(void)
{
	struct ptpdk_port_identity me = pid(0x99, 1);
	struct ptpdk_msg a = announce(1, 1, 0xFE), b = announce(2, 200, 0x21);
	const uint64_t s = 1000000000ull, window = 4 * s;
	const struct ptpdk_foreign_master *best;
	struct ptpdk_foreign_table t;

	ptpdk_foreign_init(&t, &me);
	for (unsigned k = 0; k < 2; k++) {
		ptpdk_foreign_add(&t, &a, k * s);
		ptpdk_foreign_add(&t, &b, k * s);
	}
	best = ptpdk_foreign_best(&t, s, window, NULL);
	CHECK(best && best->ds.gm_identity[7] == 1); /* 1588: priority1 first */
	ptpdk_foreign_set_comparison(&t, PTPDK_BMCA_CMP_G8275, 77);
	best = ptpdk_foreign_best(&t, s, window, NULL);
	CHECK(best && best->ds.gm_identity[7] == 2); /* G.8275.x: clockAccuracy */
	CHECK(best && best->ds.local_priority == 77);
	/* A new Announce keeps the port's localPriority. */
	ptpdk_foreign_add(&t, &b, 2 * s);
	best = ptpdk_foreign_best(&t, 2 * s, window, NULL);
	CHECK(best && best->ds.local_priority == 77);
}

int main(void)
{
	check_seed("test_bmca_g8275");
	test_order();
	test_equivalent_grandmasters();
	test_antisymmetric();
	test_decide();
	test_foreign();
	return check_report("test_bmca_g8275");
}
