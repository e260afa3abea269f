/* SPDX-License-Identifier: BSD-3-Clause */
/* Asynchronous TX timestamps: a fake latch that fills on time, late, or never. */
#include <errno.h>

#include "check.h"
#include "ptpdk_txts.h"

struct fake_latch {
	uint64_t now;	  /* the fake TSC */
	uint64_t fill_at; /* the latch fills when now reaches this (UINT64_MAX: never) */
	uint64_t value;	  /* the stamp it then holds */
	bool full;
	unsigned reads;
};

static int fake_read_tx(void *ctx, uint64_t *ns)
{
	struct fake_latch *l = ctx;

	l->reads++;
	if (!l->full && l->now >= l->fill_at)
		l->full = true;
	if (!l->full)
		return -EINVAL;
	l->full = false; /* reading empties the latch, as on the NICs */
	l->fill_at = UINT64_MAX;
	*ns = l->value;
	return 0;
}

static int fake_read_rx(void *ctx, uint32_t index, uint64_t *ns)
{
	(void)ctx;
	(void)index;
	(void)ns;
	return -ENOTSUP;
}

static struct ptpdk_tx_report request(uint32_t cookie)
{
	struct ptpdk_tx_report r = { .cookie = cookie,
				     .port = 3,
				     .sequence_id = 9,
				     .message_type = 1,
				     .tsc_before = 100,
				     .tsc_after = 110 };
	return r;
}

static void test_on_time(void)
{
	struct fake_latch l = { .now = 1000, .fill_at = 1500, .value = 777 };
	struct ptpdk_ts_ops ops = { fake_read_rx, fake_read_tx, &l };
	struct ptpdk_txts t;
	struct ptpdk_tx_report r = request(42), out;

	ptpdk_txts_init(&t, 10000);
	CHECK(!ptpdk_txts_prepare(&t, &ops));
	CHECK(ptpdk_txts_start(&t, &r, l.now) == 0);
	CHECK(ptpdk_txts_busy(&t));
	CHECK(ptpdk_txts_start(&t, &r, l.now) == -EBUSY);
	for (l.now = 1000; l.now < 1500; l.now += 100)
		CHECK(ptpdk_txts_poll(&t, &ops, l.now, &out) == 0);
	CHECK(ptpdk_txts_poll(&t, &ops, l.now, &out) == 1);
	CHECK_EQ_INT(out.status, PTPDK_TX_STAMPED);
	CHECK_EQ_INT(out.tx_raw, 777);
	CHECK_EQ_INT(out.cookie, 42);
	CHECK_EQ_INT(out.sequence_id, 9);
	CHECK_EQ_INT(out.tsc_before, 100);
	CHECK(!ptpdk_txts_busy(&t));
	CHECK(ptpdk_txts_poll(&t, &ops, l.now, &out) == 0); /* idle: nothing to report */
	CHECK_EQ_INT(t.counters.stamped, 1);
	CHECK_EQ_INT(t.counters.timeouts, 0);
	CHECK_EQ_INT(t.counters.polls, 6);
}

static void test_never(void)
{
	struct fake_latch l = { .now = 5000, .fill_at = UINT64_MAX };
	struct ptpdk_ts_ops ops = { fake_read_rx, fake_read_tx, &l };
	struct ptpdk_txts t;
	struct ptpdk_tx_report r = request(7), out;
	unsigned reports = 0;

	ptpdk_txts_init(&t, 1000);
	ptpdk_txts_start(&t, &r, l.now);
	for (; l.now < 8000; l.now += 10) {
		int rc = ptpdk_txts_poll(&t, &ops, l.now, &out);

		if (rc == 1) {
			reports++;
			CHECK_EQ_INT(out.status, PTPDK_TX_TIMEOUT);
			CHECK_EQ_INT(out.cookie, 7);
			CHECK(l.now >= 6000 && l.now < 6010);
		}
	}
	CHECK_EQ_INT(reports, 1);
	CHECK_EQ_INT(t.counters.timeouts, 1);
	CHECK(!ptpdk_txts_busy(&t));
}

/* A latch that fills after the timeout must not be credited to the next frame. */
static void test_late(void)
{
	struct fake_latch l = { .now = 0, .fill_at = 5000, .value = 111 };
	struct ptpdk_ts_ops ops = { fake_read_rx, fake_read_tx, &l };
	struct ptpdk_txts t;
	struct ptpdk_tx_report r = request(1), out;

	ptpdk_txts_init(&t, 1000);
	ptpdk_txts_start(&t, &r, 0);
	for (l.now = 0; l.now <= 1000; l.now += 100)
		ptpdk_txts_poll(&t, &ops, l.now, &out);
	CHECK_EQ_INT(out.status, PTPDK_TX_TIMEOUT);
	l.now = 6000; /* the first frame's stamp has now landed */
	CHECK(ptpdk_txts_prepare(&t, &ops));
	CHECK_EQ_INT(t.counters.stale_discarded, 1);
	l.fill_at = 6200;
	l.value = 222;
	r = request(2);
	ptpdk_txts_start(&t, &r, 6000);
	for (l.now = 6000; ptpdk_txts_poll(&t, &ops, l.now, &out) == 0; l.now += 100)
		;
	CHECK_EQ_INT(out.status, PTPDK_TX_STAMPED);
	CHECK_EQ_INT(out.tx_raw, 222);
	CHECK_EQ_INT(out.cookie, 2);
}

/* Deadlines hold across a TSC value near the top of its range. */
static void test_wrap(void)
{
	struct fake_latch l = { .fill_at = UINT64_MAX };
	struct ptpdk_ts_ops ops = { fake_read_rx, fake_read_tx, &l };
	struct ptpdk_txts t;
	struct ptpdk_tx_report r = request(5), out;
	uint64_t start = UINT64_MAX - 50;

	ptpdk_txts_init(&t, 100);
	ptpdk_txts_start(&t, &r, start);
	CHECK(ptpdk_txts_poll(&t, &ops, start + 60, &out) == 0); /* wrapped, 60 ticks in */
	CHECK(ptpdk_txts_poll(&t, &ops, start + 100, &out) == 1);
	CHECK_EQ_INT(out.status, PTPDK_TX_TIMEOUT);
	CHECK(strcmp(ptpdk_tx_status_name(PTPDK_TX_BACKLOG_FULL), "backlog_full") == 0);
}

int main(void)
{
	check_seed("txts");
	test_on_time();
	test_never();
	test_late();
	test_wrap();
	return check_report("txts");
}
