/* SPDX-License-Identifier: BSD-3-Clause */
/* The unicast service of a master port: GRANTs and denials sent back to the requester,
 * each client's Announce and Sync at its own granted period from its grant on, nothing
 * while not MASTER, nothing after a CANCEL or once a grant ran out, Delay_Resp owed
 * only to a holder. */
#include <errno.h>

#include "check.h"
#include "ptpdk_bmca.h"
#include "ptpdk_ucast_server.h"

#define MS 1000000ull
#define S  (1000 * MS)

static struct {
	unsigned signaling, syncs, announces;
	struct ptpdk_addr last_to;
	struct ptpdk_port_identity last_target;
	struct ptpdk_tlv last_tlv;
	int8_t last_log;
} f;

static int fake_signaling(void *ctx, const struct ptpdk_addr *to,
			  const struct ptpdk_port_identity *target, const struct ptpdk_tlv *tlv)
{
	(void)ctx;
	f.signaling++;
	f.last_to = *to;
	f.last_target = *target;
	f.last_tlv = *tlv;
	return 0;
}

static int fake_message(void *ctx, enum ptpdk_ucast_kind kind, const struct ptpdk_addr *to,
			int8_t log)
{
	(void)ctx;
	if (kind == PTPDK_UCAST_SYNC)
		f.syncs++;
	else
		f.announces++;
	f.last_to = *to;
	f.last_log = log;
	return 0;
}

static const struct ptpdk_port_identity self = { { 2, 0x1a, 0xb0, 0xff, 0xfe, 0, 0, 1 }, 1 };
static const struct ptpdk_port_identity client_a = { { 2, 0x1a, 0xb0, 0xff, 0xfe, 0, 0, 0x13 }, 1 };

static struct ptpdk_addr addr_a(void)
{
	struct ptpdk_addr a;

	memset(&a, 0, sizeof(a));
	a.transport = PTPDK_TRANSPORT_UDP4;
	a.ip[0] = 198, a.ip[1] = 18, a.ip[3] = 13;
	memcpy(a.mac, "\x02\x1a\xb0\x00\x00\x13", 6);
	return a;
}

static struct ptpdk_msg signaling(uint16_t type, uint8_t message_type, int8_t log, uint32_t dur,
				  const struct ptpdk_port_identity *target)
{
	struct ptpdk_msg m;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_SIGNALING;
	m.header.source_port_identity = client_a;
	m.body.targeted.target_port_identity = *target;
	m.tlv_count = 1;
	m.tlvs[0].type = type;
	m.tlvs[0].u.unicast.message_type = message_type;
	m.tlvs[0].u.unicast.log_inter_message_period = log;
	m.tlvs[0].u.unicast.duration = dur;
	return m;
}

/* Ticks every millisecond over [from, to): messages sent. */
static unsigned run(struct ptpdk_ucast_server *s, uint64_t from, uint64_t to, bool serving)
{
	unsigned sent = 0;

	for (uint64_t t = from; t < to; t += MS) {
		uint64_t next = t + S;

		sent += ptpdk_ucast_server_tick(s, t, serving, 1024, &next);
	}
	return sent;
}

int main(void)
{
	struct ptpdk_ucast_limits l = { .max_clients = 4, .max_duration_s = 60 };
	struct ptpdk_ucast_server_host host = { .send_signaling = fake_signaling,
						.send_message = fake_message };
	const struct ptpdk_ucast_server_counters *n;
	struct ptpdk_ucast_server *s;
	struct ptpdk_addr a = addr_a();
	struct ptpdk_port_identity other = self;
	struct ptpdk_msg m;
	uint64_t next;

	check_seed("test_ucast_server");
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		l.min_log_period[k] = -6;
		l.max_log_period[k] = 4;
	}
	CHECK(ptpdk_ucast_server_create(&l, &self, &(struct ptpdk_ucast_server_host){ 0 }, 0) ==
	      NULL);
	s = ptpdk_ucast_server_create(&l, &self, &host, 0);
	CHECK(s != NULL);
	if (!s)
		return check_report("test_ucast_server");
	n = ptpdk_ucast_server_counters(s);

	/* Sync at 4/s granted for 30 s: the GRANT goes back to the requester. */
	m = signaling(PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, PTPDK_MSG_SYNC, -2, 30, &self);
	ptpdk_ucast_server_rx_signaling(s, &m, &a, 10 * MS);
	CHECK_EQ_INT(f.signaling, 1);
	CHECK_EQ_INT(f.last_tlv.type, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(f.last_tlv.u.unicast.duration, 30);
	CHECK_EQ_INT(f.last_tlv.u.unicast.log_inter_message_period, -2);
	CHECK(f.last_tlv.u.unicast.renewal_invited);
	CHECK(ptpdk_port_identity_cmp(&f.last_target, &client_a) == 0);
	CHECK(memcmp(&f.last_to, &a, sizeof(a)) == 0);
	/* From the grant on, every 250 ms, to the requester's address (its MAC too). */
	next = S;
	CHECK_EQ_INT(ptpdk_ucast_server_tick(s, 10 * MS, true, 16, &next), 1);
	CHECK(next <= 11 * MS);
	CHECK(memcmp(&f.last_to, &a, sizeof(a)) == 0);
	CHECK_EQ_INT(f.last_log, -2);
	CHECK_EQ_INT(run(s, 11 * MS, 1010 * MS, true), 3);
	CHECK_EQ_INT(run(s, 1010 * MS, 2010 * MS, true), 4);
	CHECK_EQ_INT(f.syncs, 8);
	/* Announce once a second beside it. */
	m = signaling(PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, PTPDK_MSG_ANNOUNCE, 0, 30, &self);
	ptpdk_ucast_server_rx_signaling(s, &m, &a, 2010 * MS);
	run(s, 2010 * MS, 4010 * MS, true);
	CHECK_EQ_INT(f.announces, 2);
	CHECK_EQ_INT(f.syncs, 16);
	/* Not MASTER: nothing goes out, the schedule runs on. */
	CHECK_EQ_INT(run(s, 4010 * MS, 5010 * MS, false), 0);
	CHECK_EQ_INT(n->not_serving, 5);
	CHECK_EQ_INT(run(s, 5010 * MS, 6010 * MS, true), 5);

	/* Delay_Resp is owed to a holder only. */
	CHECK(!ptpdk_ucast_server_owes(s, &a, &client_a, PTPDK_UCAST_DELAY_RESP, 6010 * MS));
	m = signaling(PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, PTPDK_MSG_DELAY_RESP, 0, 30, &self);
	ptpdk_ucast_server_rx_signaling(s, &m, &a, 6010 * MS);
	CHECK(ptpdk_ucast_server_owes(s, &a, &client_a, PTPDK_UCAST_DELAY_RESP, 6020 * MS));
	other.port_number = 9;
	CHECK(!ptpdk_ucast_server_owes(s, &a, &other, PTPDK_UCAST_DELAY_RESP, 6020 * MS));

	/* CANCEL of Sync: acknowledged, no Sync after it; Announce goes on. */
	m = signaling(PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION, PTPDK_MSG_SYNC, 0, 0, &self);
	ptpdk_ucast_server_rx_signaling(s, &m, &a, 6010 * MS);
	CHECK_EQ_INT(f.last_tlv.type, PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(f.last_tlv.u.unicast.message_type, PTPDK_MSG_SYNC);
	f.syncs = f.announces = 0;
	run(s, 6010 * MS, 8010 * MS, true);
	CHECK_EQ_INT(f.syncs, 0);
	CHECK_EQ_INT(f.announces, 2);
	CHECK_EQ_INT(n->schedule_dropped, 1);

	/* A denial is sent as a GRANT of duration 0, and schedules nothing. */
	m = signaling(PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, PTPDK_MSG_SYNC, -7, 30, &self);
	ptpdk_ucast_server_rx_signaling(s, &m, &a, 8010 * MS);
	CHECK_EQ_INT(f.last_tlv.type, PTPDK_TLV_GRANT_UNICAST_TRANSMISSION);
	CHECK_EQ_INT(f.last_tlv.u.unicast.duration, 0);
	CHECK(!f.last_tlv.u.unicast.renewal_invited);
	run(s, 8010 * MS, 9010 * MS, true);
	CHECK_EQ_INT(f.syncs, 0);

	/* Not for this port, or no sender: nothing answered. */
	other = self;
	other.port_number = 2;
	f.signaling = 0;
	m = signaling(PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, PTPDK_MSG_SYNC, 0, 30, &other);
	ptpdk_ucast_server_rx_signaling(s, &m, &a, 9010 * MS);
	CHECK_EQ_INT(n->not_for_us, 1);
	m = signaling(PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION, PTPDK_MSG_SYNC, 0, 30, &self);
	ptpdk_ucast_server_rx_signaling(s, &m, NULL, 9010 * MS);
	CHECK_EQ_INT(f.signaling, 0);

	/* The Announce grant (from 2.01 s, 30 s) runs out: no Announce after 33 s, and the
	 * client's entry is swept once its Delay_Resp grant (6.01 s, 30 s) ran out too. */
	f.announces = 0;
	run(s, 33 * S, 40 * S, true);
	CHECK_EQ_INT(f.announces, 0);
	CHECK_EQ_INT(ptpdk_ucast_grants_clients(ptpdk_ucast_server_grants(s)), 0);
	ptpdk_ucast_server_destroy(s);
	return check_report("test_ucast_server");
}
