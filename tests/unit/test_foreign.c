/* SPDX-License-Identifier: BSD-3-Clause */
/* The foreign-master table against a caller whose "now" is a little older than an
 * Announce it has already recorded (the daemon reads its clock once per loop and
 * stamps RX messages later), and the elapsed-time helper behind it. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "ptpdk_elapsed.h"
#include "ptpdk_foreign.h"

#define US 1000ull
#define S  1000000000ull

static struct ptpdk_port_identity pid(uint8_t last)
{
	struct ptpdk_port_identity id = {
		.clock_identity = { 0, 0x11, 0x22, 0xff, 0xfe, 0, 0, last }, .port_number = 1
	};
	return id;
}

static struct ptpdk_msg announce(uint8_t gm)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_ANNOUNCE;
	m.header.source_port_identity = pid(gm);
	m.header.log_message_interval = 1;
	m.body.announce.grandmaster_priority1 = 128;
	m.body.announce.grandmaster_priority2 = 128;
	m.body.announce.grandmaster_clock_quality.clock_class = 248;
	m.body.announce.grandmaster_identity[7] = gm;
	return m;
}

static void test_elapsed(void)
{
	CHECK(ptpdk_elapsed_ns(5 * S, 2 * S) == 3 * S);
	CHECK(ptpdk_elapsed_ns(5 * S, 5 * S) == 0);
	/* an event after "now": no time has passed, not 2^64 - 3 us */
	CHECK(ptpdk_elapsed_ns(5 * S, 5 * S + 3 * US) == 0);
	CHECK(ptpdk_elapsed_ns(0, 3 * US) == 0);
}

static void test_now_before_last_arrival(void)
{
	struct ptpdk_port_identity me = pid(0x99);
	struct ptpdk_foreign_table t;
	struct ptpdk_msg a = announce(1);
	const uint64_t timeout = 3 * 2 * S, window = 4 * 2 * S; /* 2 s Announce interval */
	const struct ptpdk_foreign_master *best;

	ptpdk_foreign_init(&t, &me);
	ptpdk_foreign_add(&t, &a, 28 * S + 3 * US);
	ptpdk_foreign_add(&t, &a, 30 * S + 3 * US);
	/* a tick read 3 us before the Announce it follows: the master was just heard */
	CHECK_EQ_INT(ptpdk_foreign_expire(&t, 30 * S, timeout), 0);
	CHECK_EQ_INT(ptpdk_foreign_count(&t), 1);
	best = ptpdk_foreign_best(&t, 30 * S, window, NULL);
	CHECK(best && best->ds.gm_identity[7] == 1);
	/* the first arrival of the pair is the one the window measures (9.3.2.5) */
	CHECK(ptpdk_foreign_best(&t, 28 * S + window + 3 * US, window, NULL) != NULL);
	CHECK(ptpdk_foreign_best(&t, 28 * S + window + 4 * US, window, NULL) == NULL);
	/* real silence still expires it: announceReceiptTimeout intervals after the last */
	CHECK_EQ_INT(ptpdk_foreign_expire(&t, 30 * S + 3 * US + timeout, timeout), 0);
	CHECK_EQ_INT(ptpdk_foreign_expire(&t, 30 * S + 4 * US + timeout, timeout), 1);
	CHECK_EQ_INT(ptpdk_foreign_count(&t), 0);
	CHECK_EQ_INT(t.counters.expired, 1);
}

int main(void)
{
	check_seed("test_foreign");
	test_elapsed();
	test_now_before_last_arrival();
	return check_report("test_foreign");
}
