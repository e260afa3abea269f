/* SPDX-License-Identifier: BSD-3-Clause */
/* A unicast master's two-step Syncs keep their Follow_Ups when many await their TX
 * stamps at once: 1000 clients' Syncs go out in one tick, their stamps come back
 * after it (as the daemon's TX lcore reports them), and each client gets one
 * Follow_Up with its own Sync's sequenceId. With room for 64 awaiting Syncs, all but
 * the last 64 were lost (bench_ucast_server found it). */
#include <string.h>

#include "check.h"
#include "ptpdk_ptp_port.h"

#define S	1000000000ull
#define CLIENTS 1000

static struct {
	uint16_t sync_seq[CLIENTS];
	unsigned syncs[CLIENTS], follow_ups[CLIENTS], wrong;
	uint16_t stamps[2 * CLIENTS];
	unsigned n_stamps;
} f;

static unsigned client_of(const struct ptpdk_dest *d)
{
	return d->kind == PTPDK_DEST_UNICAST ? (unsigned)d->addr.ip[2] << 8 | d->addr.ip[3]
					     : CLIENTS;
}

static int fake_send(void *ctx, unsigned port, const struct ptpdk_msg *m,
		     const struct ptpdk_dest *dst, unsigned flags)
{
	unsigned c = client_of(dst);

	(void)ctx;
	(void)port;
	(void)flags;
	if (c >= CLIENTS)
		return 0;
	if (m->header.message_type == PTPDK_MSG_SYNC) {
		f.syncs[c]++;
		f.sync_seq[c] = m->header.sequence_id;
		if (f.n_stamps < 2 * CLIENTS)
			f.stamps[f.n_stamps++] = m->header.sequence_id;
	} else if (m->header.message_type == PTPDK_MSG_FOLLOW_UP) {
		if (m->header.sequence_id == f.sync_seq[c])
			f.follow_ups[c]++;
		else
			f.wrong++;
	}
	return 0;
}

static void nop_log(void *c, enum ptpdk_ptp_log_level l, const char *s)
{
	(void)c, (void)l, (void)s;
}
static void nop_state(void *c, unsigned p, enum ptpdk_port_state a, enum ptpdk_port_state b,
		      enum ptpdk_port_event e)
{
	(void)c, (void)p, (void)a, (void)b, (void)e;
}
static void nop_announce(void *c, unsigned p, uint64_t t)
{
	(void)c, (void)p, (void)t;
}
static void nop_offset(void *c, unsigned p, struct ptpdk_ptp_sample *s,
		       const struct ptpdk_servo_sample *in)
{
	(void)c, (void)p, (void)s, (void)in;
}
static void nop_interval(void *c, unsigned p, double s)
{
	(void)c, (void)p, (void)s;
}
static void nop_delay(void *c, unsigned p, int64_t d)
{
	(void)c, (void)p, (void)d;
}
static void nop_data(void *c, unsigned p, struct ptpdk_ptp_announce_data *o)
{
	(void)c, (void)p;
	memset(o, 0, sizeof(*o));
}

int main(void)
{
	struct ptpdk_ptp_port_host h = { .send = fake_send,
					 .log = nop_log,
					 .state_changed = nop_state,
					 .announce = nop_announce,
					 .offset = nop_offset,
					 .sync_interval = nop_interval,
					 .peer_delay = nop_delay,
					 .announce_data = nop_data };
	struct ptpdk_ptp_port_params pp;
	struct ptpdk_ptp_port *p;
	struct ptpdk_tmv t1 = ptpdk_tmv_from_ns(5 * (int64_t)S);
	uint64_t next = 2 * S;
	unsigned missing = 0;

	check_seed("test_ucast_follow_up");
	memset(&pp, 0, sizeof(pp));
	pp.cfg.name = "s";
	pp.cfg.delay_mechanism = PTPDK_DELAY_E2E;
	pp.cfg.announce_receipt_timeout = 3;
	pp.cfg.delay_filter_length = 1;
	pp.cfg.ucast_server = true;
	pp.cfg.inhibit_multicast_service = true;
	pp.cfg.ucast_limits.max_clients = CLIENTS;
	pp.cfg.ucast_limits.max_duration_s = 60;
	for (unsigned k = 0; k < PTPDK_UCAST_KINDS; k++) {
		pp.cfg.ucast_limits.min_log_period[k] = -7;
		pp.cfg.ucast_limits.max_log_period[k] = 7;
	}
	pp.clock_identity[7] = 0x42;
	pp.seed = 1;
	p = ptpdk_ptp_port_create(&pp, &h);
	CHECK(p != NULL);
	if (!p)
		return check_report("test_ucast_follow_up");
	ptpdk_ptp_port_event(p, PTPDK_EV_INIT_COMPLETE, false, 0);
	ptpdk_ptp_port_recommend_master(p, 0, 0);
	/* Every client asks for Sync at 1/s within the same millisecond. */
	for (unsigned c = 0; c < CLIENTS; c++) {
		struct ptpdk_addr a;
		struct ptpdk_msg m;

		memset(&a, 0, sizeof(a));
		a.transport = PTPDK_TRANSPORT_UDP4;
		a.ip[0] = 198, a.ip[1] = 18, a.ip[2] = (uint8_t)(c >> 8), a.ip[3] = (uint8_t)c;
		a.mac[0] = 2, a.mac[5] = 1;
		memset(&m, 0, sizeof(m));
		m.header.message_type = PTPDK_MSG_SIGNALING;
		m.header.source_port_identity.clock_identity[6] = (uint8_t)(c >> 8);
		m.header.source_port_identity.clock_identity[7] = (uint8_t)c;
		m.header.source_port_identity.port_number = 1;
		memset(&m.body.targeted.target_port_identity, 0xFF,
		       sizeof(m.body.targeted.target_port_identity));
		m.tlv_count = 1;
		m.tlvs[0].type = PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION;
		m.tlvs[0].u.unicast.message_type = PTPDK_MSG_SYNC;
		m.tlvs[0].u.unicast.log_inter_message_period = 0;
		m.tlvs[0].u.unicast.duration = 60;
		ptpdk_ptp_port_rx_from(p, &m, NULL, &a, 1 * S);
	}
	/* One tick sends them all; the stamps come back after it. */
	ptpdk_ptp_port_tick(p, 1 * S + 1000000, &next);
	CHECK_EQ_INT(f.n_stamps, CLIENTS);
	for (unsigned k = 0; k < f.n_stamps; k++)
		ptpdk_ptp_port_tx_stamp(p, PTPDK_MSG_SYNC, f.stamps[k], &t1, 1 * S + 2000000);
	for (unsigned c = 0; c < CLIENTS; c++) {
		CHECK_EQ_INT(f.syncs[c], 1);
		missing += f.follow_ups[c] != 1;
	}
	CHECK_EQ_INT(missing, 0);
	CHECK_EQ_INT(f.wrong, 0);
	CHECK_EQ_INT(ptpdk_ptp_port_counters(p)->follow_up_sent, CLIENTS);
	ptpdk_ptp_port_destroy(p);
	return check_report("test_ucast_follow_up");
}
