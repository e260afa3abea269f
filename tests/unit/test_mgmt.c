/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The management responder: requests as pmc sends them (encoded, then decoded, as on
 * the socket), replies encoded and decoded again, every field compared with the view.
 */
#include "check.h"
#include "ptpdk_mgmt_responder.h"
#include "ptpdk_wire.h"

static const uint8_t our_id[8] = { 0x02, 0x1a, 0xb0, 0xff, 0xfe, 0x00, 0x00, 0x01 };
static const uint8_t pmc_id[8] = { 0x02, 0x1a, 0xb0, 0xff, 0xfe, 0x00, 0x00, 0x99 };
static const uint8_t wildcard[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void make_view(struct ptpdk_mgmt_view *v)
{
	memset(v, 0, sizeof(*v));
	v->default_ds.flags = PTPDK_DDS_FLAG_TWO_STEP;
	v->default_ds.number_ports = 2;
	v->default_ds.priority1 = 50;
	v->default_ds.priority2 = 60;
	v->default_ds.clock_quality.clock_class = 248;
	v->default_ds.clock_quality.clock_accuracy = 0xFE;
	v->default_ds.clock_quality.offset_scaled_log_variance = 0xFFFF;
	memcpy(v->default_ds.clock_identity, our_id, 8);
	v->default_ds.domain_number = 3;
	v->current_ds.steps_removed = 2;
	v->current_ds.offset_from_master = -1234 * 65536LL;
	v->current_ds.mean_path_delay = 4321 * 65536LL;
	v->parent_ds.grandmaster_priority1 = 10;
	memcpy(v->parent_ds.grandmaster_identity, pmc_id, 8);
	v->time_properties_ds.current_utc_offset = 37;
	v->time_properties_ds.flags = PTPDK_TPDS_PTP | PTPDK_TPDS_TTRA;
	v->time_properties_ds.time_source = 0x50;
	v->time_status_np.master_offset = -1234;
	v->time_status_np.gm_present = 1;
	v->gm_settings.quality.clock_class = 6;
	v->gm_settings.utc_offset = 37;
	v->gm_settings.time_flags = PTPDK_TPDS_PTP;
	v->gm_settings.time_source = 0x50;
	v->clock_type = PTPDK_CLOCK_TYPE_BOUNDARY;
	snprintf(v->user_description, sizeof(v->user_description), "rack 7;ptpdk");
	snprintf(v->product_description, sizeof(v->product_description), "ptpdk;;test");
	snprintf(v->revision_data, sizeof(v->revision_data), ";;v0");
	v->n_ports = 2;
	for (unsigned p = 0; p < 2; p++) {
		struct ptpdk_mgmt_port_view *pv = &v->ports[p];

		memcpy(pv->port_ds.port_identity.clock_identity, our_id, 8);
		pv->port_ds.port_identity.port_number = (uint16_t)(p + 1);
		pv->port_ds.port_state = p == 0 ? 9 : 6; /* SLAVE, MASTER */
		pv->port_ds.log_announce_interval = 1;
		pv->port_ds.announce_receipt_timeout = 3;
		pv->port_ds.log_sync_interval = (int8_t)(-3 - (int)p);
		pv->port_ds.delay_mechanism = 1;
		pv->port_ds.version_number = 2;
		pv->neighbor_prop_delay_thresh_ns = 20000000;
		pv->timestamping = PTPDK_MGMT_TS_SOFTWARE;
		snprintf(pv->interface, sizeof(pv->interface), "kernel:lab%u", p);
		for (int t = 0; t < 16; t++) {
			pv->rx_by_type[t] = 1000u * (p + 1) + (unsigned)t;
			pv->tx_by_type[t] = 2000u * (p + 1) + (unsigned)t;
		}
		pv->mac[5] = (uint8_t)(p + 1);
		pv->network_protocol = PTPDK_NETWORK_UDP_IPV4;
		pv->protocol_address_len = 4;
		memcpy(pv->protocol_address, "\xc6\x12\x00\x02", 4);
	}
}

static struct ptpdk_mgmt_policy policy(bool allow_set)
{
	struct ptpdk_mgmt_policy pol = { .allow_set = allow_set };

	memcpy(pol.clock_identity, our_id, 8);
	return pol;
}

/* A request as pmc sends it, through the codec both ways. */
static void request(struct ptpdk_msg *out, uint8_t action, uint16_t id, const uint8_t *target,
		    uint16_t port, const uint8_t *data, uint16_t len)
{
	struct ptpdk_msg m;
	uint8_t buf[512];
	int n;

	memset(&m, 0, sizeof(m));
	m.header.message_type = PTPDK_MSG_MANAGEMENT;
	m.header.version = 2;
	m.header.sequence_id = 77;
	m.header.control_field = 4;
	m.header.log_message_interval = 0x7F;
	memcpy(m.header.source_port_identity.clock_identity, pmc_id, 8);
	m.header.source_port_identity.port_number = 4242;
	memcpy(m.body.targeted.target_port_identity.clock_identity, target, 8);
	m.body.targeted.target_port_identity.port_number = port;
	m.body.targeted.action = action;
	m.tlv_count = 1;
	m.tlvs[0].type = PTPDK_TLV_MANAGEMENT;
	m.tlvs[0].u.management.management_id = id;
	m.tlvs[0].u.management.data = data;
	m.tlvs[0].u.management.data_length = len;
	n = ptpdk_msg_encode(&m, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_EQ_INT(ptpdk_msg_decode(buf, (size_t)n, out, NULL), 0);
}

/* The reply as the requester decodes it; its data bytes are copied to @p data. */
static void wire(const struct ptpdk_mgmt_reply *r, struct ptpdk_msg *out, uint8_t *buf, size_t cap)
{
	int n = ptpdk_msg_encode(&r->msg, buf, cap);

	CHECK(n > 0);
	CHECK_EQ_INT(ptpdk_msg_decode(buf, n > 0 ? (size_t)n : 0, out, NULL), 0);
	CHECK_EQ_INT(out->header.message_type, PTPDK_MSG_MANAGEMENT);
	CHECK_EQ_INT(out->header.sequence_id, 77);
	CHECK_MEM(out->body.targeted.target_port_identity.clock_identity, pmc_id, 8);
	CHECK_EQ_INT(out->body.targeted.target_port_identity.port_number, 4242);
	CHECK_MEM(out->header.source_port_identity.clock_identity, our_id, 8);
	CHECK_EQ_INT(out->tlv_count, 1);
}

static struct ptpdk_mgmt_reply replies[4];

/* GET @p id to all ports; @return replies, the first decoded into @p got. */
static unsigned get(const struct ptpdk_mgmt_view *v, uint16_t id, struct ptpdk_msg *got,
		    uint8_t *buf)
{
	struct ptpdk_mgmt_policy pol = policy(false);
	struct ptpdk_mgmt_set set;
	struct ptpdk_msg req;
	unsigned n = 0;

	request(&req, PTPDK_ACTION_GET, id, wildcard, 0xFFFF, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &pol, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	if (n)
		wire(&replies[0], got, buf, 1024);
	return n;
}

static const uint8_t *data_of(const struct ptpdk_msg *m, uint16_t id)
{
	CHECK_EQ_INT(m->tlvs[0].type, PTPDK_TLV_MANAGEMENT);
	CHECK_EQ_INT(m->tlvs[0].u.management.management_id, id);
	CHECK_EQ_INT(m->body.targeted.action, PTPDK_ACTION_RESPONSE);
	return m->tlvs[0].u.management.data;
}

static void test_data_sets(const struct ptpdk_mgmt_view *v)
{
	struct ptpdk_msg m;
	uint8_t buf[1024];

	CHECK_EQ_INT(get(v, PTPDK_MGMT_DEFAULT_DATA_SET, &m, buf), 1);
	CHECK(m.tlvs[0].u.management.data_parsed);
	CHECK_EQ_INT(m.header.source_port_identity.port_number, 0);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.default_ds.priority1, 50);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.default_ds.domain_number, 3);
	CHECK_EQ_INT(m.header.domain_number, 3);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_CURRENT_DATA_SET, &m, buf), 1);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.current_ds.steps_removed, 2);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.current_ds.offset_from_master, -1234 * 65536LL);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_PARENT_DATA_SET, &m, buf), 1);
	CHECK_MEM(m.tlvs[0].u.management.ds.parent_ds.grandmaster_identity, pmc_id, 8);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_TIME_PROPERTIES_DATA_SET, &m, buf), 1);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.time_properties_ds.current_utc_offset, 37);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_TIME_STATUS_NP, &m, buf), 1);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.time_status_np.master_offset, -1234);
	/* Port-level: one reply per port, each from its own port number. */
	CHECK_EQ_INT(get(v, PTPDK_MGMT_PORT_DATA_SET, &m, buf), 2);
	CHECK_EQ_INT(m.header.source_port_identity.port_number, 1);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.port_ds.port_state, 9);
	wire(&replies[1], &m, buf, sizeof(buf));
	CHECK_EQ_INT(m.header.source_port_identity.port_number, 2);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.port_ds.port_state, 6);
	CHECK_EQ_INT(m.tlvs[0].u.management.ds.port_ds.log_sync_interval, -4);
}

static void test_small_values(const struct ptpdk_mgmt_view *v)
{
	static const struct {
		uint16_t id;
		uint8_t b0, b1;
	} want[] = {
		{ PTPDK_MGMT_PRIORITY1, 50, 0 },
		{ PTPDK_MGMT_PRIORITY2, 60, 0 },
		{ PTPDK_MGMT_DOMAIN, 3, 0 },
		{ PTPDK_MGMT_SLAVE_ONLY, 0, 0 },
		{ PTPDK_MGMT_CLOCK_ACCURACY, 0xFE, 0 },
		{ PTPDK_MGMT_TRACEABILITY_PROPERTIES, PTPDK_TPDS_TTRA, 0 },
		{ PTPDK_MGMT_TIMESCALE_PROPERTIES, PTPDK_TPDS_PTP, 0x50 },
		{ PTPDK_MGMT_LOG_ANNOUNCE_INTERVAL, 1, 0 },
		{ PTPDK_MGMT_ANNOUNCE_RECEIPT_TIMEOUT, 3, 0 },
		{ PTPDK_MGMT_LOG_SYNC_INTERVAL, (uint8_t)-3, 0 },
		{ PTPDK_MGMT_VERSION_NUMBER, 2, 0 },
		{ PTPDK_MGMT_DELAY_MECHANISM, 1, 0 },
	};
	struct ptpdk_msg m;
	uint8_t buf[1024];

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const uint8_t *d;

		CHECK(get(v, want[i].id, &m, buf) >= 1);
		d = data_of(&m, want[i].id);
		CHECK_EQ_INT(m.tlvs[0].u.management.data_length, 2);
		CHECK_EQ_INT(d[0], want[i].b0);
		CHECK_EQ_INT(d[1], want[i].b1);
	}
}

static void test_np(const struct ptpdk_mgmt_view *v)
{
	struct ptpdk_msg m;
	uint8_t buf[1024];
	const uint8_t *d;

	CHECK_EQ_INT(get(v, PTPDK_MGMT_GRANDMASTER_SETTINGS_NP, &m, buf), 1);
	d = data_of(&m, PTPDK_MGMT_GRANDMASTER_SETTINGS_NP);
	CHECK_EQ_INT(m.tlvs[0].u.management.data_length, 8);
	CHECK_EQ_INT(d[0], 6);
	CHECK_EQ_INT(wire_get_u16(d + 4), 37);
	CHECK_EQ_INT(d[6], PTPDK_TPDS_PTP);
	CHECK_EQ_INT(d[7], 0x50);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_PORT_DATA_SET_NP, &m, buf), 2);
	d = data_of(&m, PTPDK_MGMT_PORT_DATA_SET_NP);
	CHECK_EQ_INT(wire_get_u32(d), 20000000);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_PORT_PROPERTIES_NP, &m, buf), 2);
	d = data_of(&m, PTPDK_MGMT_PORT_PROPERTIES_NP);
	CHECK_MEM(d, our_id, 8);
	CHECK_EQ_INT(wire_get_u16(d + 8), 1);
	CHECK_EQ_INT(d[10], 9);
	CHECK_EQ_INT(d[11], PTPDK_MGMT_TS_SOFTWARE);
	CHECK_EQ_INT(d[12], strlen("kernel:lab0"));
	CHECK_MEM(d + 13, "kernel:lab0", strlen("kernel:lab0"));
	CHECK_EQ_INT(m.tlvs[0].u.management.data_length % 2, 0);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_PORT_STATS_NP, &m, buf), 2);
	d = data_of(&m, PTPDK_MGMT_PORT_STATS_NP);
	CHECK_EQ_INT(m.tlvs[0].u.management.data_length, 10 + 256);
	/* little-endian counters, as linuxptp carries them */
	CHECK_EQ_INT(d[10 + 8 * 3], (1000 + 3) & 0xFF);
	CHECK_EQ_INT(d[10 + 8 * 3 + 1], (1000 + 3) >> 8);
	CHECK_EQ_INT(d[10 + 128 + 8 * 0xB], (2000 + 0xB) & 0xFF);
}

static void test_descriptions(const struct ptpdk_mgmt_view *v)
{
	struct ptpdk_msg m;
	uint8_t buf[1024];
	const uint8_t *d;
	size_t off;

	CHECK_EQ_INT(get(v, PTPDK_MGMT_USER_DESCRIPTION, &m, buf), 1);
	d = data_of(&m, PTPDK_MGMT_USER_DESCRIPTION);
	CHECK_EQ_INT(d[0], strlen("rack 7;ptpdk"));
	CHECK_MEM(d + 1, "rack 7;ptpdk", d[0]);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_CLOCK_DESCRIPTION, &m, buf), 2);
	d = data_of(&m, PTPDK_MGMT_CLOCK_DESCRIPTION);
	CHECK_EQ_INT(wire_get_u16(d), PTPDK_CLOCK_TYPE_BOUNDARY);
	off = 2;
	CHECK_MEM(d + off + 1, "IEEE 802.3", 10);
	off += 1 + d[off];
	CHECK_EQ_INT(wire_get_u16(d + off), 6);
	CHECK_EQ_INT(d[off + 2 + 5], 1);
	off += 8;
	CHECK_EQ_INT(wire_get_u16(d + off), PTPDK_NETWORK_UDP_IPV4);
	CHECK_EQ_INT(wire_get_u16(d + off + 2), 4);
	CHECK_MEM(d + off + 4, "\xc6\x12\x00\x02", 4);
	off += 8 + 4; /* protocol address, manufacturerIdentity + reserved */
	CHECK_MEM(d + off + 1, "ptpdk;;test", d[off]);
	off += 1 + d[off];
	off += 1 + d[off]; /* revisionData */
	CHECK_MEM(d + off + 1, "rack 7;ptpdk", d[off]);
	off += 1 + d[off] + 6;
	CHECK(m.tlvs[0].u.management.data_length >= off);
	CHECK_EQ_INT(m.tlvs[0].u.management.data_length % 2, 0);
	CHECK_EQ_INT(get(v, PTPDK_MGMT_NULL_MANAGEMENT, &m, buf), 1);
	CHECK_EQ_INT(m.tlvs[0].u.management.data_length, 0);
}

static uint16_t error_of(const struct ptpdk_mgmt_reply *r)
{
	struct ptpdk_msg m;
	uint8_t buf[1024];

	wire(r, &m, buf, sizeof(buf));
	CHECK_EQ_INT(m.tlvs[0].type, PTPDK_TLV_MANAGEMENT_ERROR_STATUS);
	return m.tlvs[0].u.management_error.management_error_id;
}

static void test_addressing_and_errors(const struct ptpdk_mgmt_view *v)
{
	struct ptpdk_mgmt_policy ro = policy(false), rw = policy(true);
	static const uint8_t other[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ptpdk_mgmt_set set;
	struct ptpdk_msg req;
	uint8_t d2[2] = { 7, 0 }, d3[3] = { 7, 0, 0 }, d200[2] = { 200, 0 }, d8[2] = { 8, 0 };
	unsigned n;

	/* Another clock, a port that is not ours, a response: silence. */
	request(&req, PTPDK_ACTION_GET, PTPDK_MGMT_PRIORITY1, other, 0xFFFF, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &ro, &req, replies, 4, &n, &set), PTPDK_MGMT_IGNORED);
	request(&req, PTPDK_ACTION_GET, PTPDK_MGMT_PORT_DATA_SET, our_id, 3, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &ro, &req, replies, 4, &n, &set), PTPDK_MGMT_IGNORED);
	request(&req, PTPDK_ACTION_RESPONSE, PTPDK_MGMT_PRIORITY1, our_id, 0xFFFF, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &ro, &req, replies, 4, &n, &set), PTPDK_MGMT_IGNORED);
	/* Our own identity and one port: that port only. */
	request(&req, PTPDK_ACTION_GET, PTPDK_MGMT_PORT_DATA_SET, our_id, 2, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &ro, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_INT(replies[0].msg.header.source_port_identity.port_number, 2);
	/* Errors. */
	request(&req, PTPDK_ACTION_GET, 0x2999, wildcard, 0xFFFF, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &ro, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_NO_SUCH_ID);
	request(&req, PTPDK_ACTION_GET, 0x200F, wildcard, 0xFFFF, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &ro, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_NOT_SUPPORTED);
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_PRIORITY1, wildcard, 0xFFFF, d2, 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &ro, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_NOT_SETABLE);
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_SLAVE_ONLY, wildcard, 0xFFFF, d2, 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_NOT_SETABLE);
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_PRIORITY1, wildcard, 0xFFFF, d3, 3);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_WRONG_LENGTH);
	/* A domain change would strand every foreign master and the parent: GET only,
	 * as in ptp4l. */
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_DOMAIN, wildcard, 0xFFFF, d200, 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_NOT_SETABLE);
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_ANNOUNCE_RECEIPT_TIMEOUT, wildcard, 0xFFFF,
		(const uint8_t *)"\x01\x00", 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_WRONG_VALUE);
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_LOG_SYNC_INTERVAL, wildcard, 0xFFFF, d8, 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_WRONG_VALUE); /* -7..7 */
	request(&req, PTPDK_ACTION_COMMAND, PTPDK_MGMT_PRIORITY1, wildcard, 0xFFFF, NULL, 0);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(replies[0].msg.body.targeted.action, PTPDK_ACTION_ACKNOWLEDGE);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_NOT_SUPPORTED);
}

static void test_set(struct ptpdk_mgmt_view *v)
{
	struct ptpdk_mgmt_policy rw = policy(true);
	uint8_t p1[2] = { 7, 0 }, ls[2] = { (uint8_t)-2, 0 };
	uint8_t gm[8] = { 6, 0x21, 0x4e, 0x5d, 0, 37, PTPDK_TPDS_PTP | PTPDK_TPDS_UTCV, 0x20 };
	struct ptpdk_mgmt_set set;
	struct ptpdk_msg req, m;
	uint8_t buf[1024];
	unsigned n;

	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_PRIORITY1, wildcard, 0xFFFF, p1, 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_APPLY);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(set.management_id, PTPDK_MGMT_PRIORITY1);
	CHECK_EQ_INT(set.value.u8, 7);
	/* The caller applies it; the answer shows the value read back. */
	v->default_ds.priority1 = set.value.u8;
	CHECK_EQ_INT(ptpdk_mgmt_answer_set(v, &rw, &req, replies, 4), 1);
	wire(&replies[0], &m, buf, sizeof(buf));
	CHECK_EQ_INT(data_of(&m, PTPDK_MGMT_PRIORITY1)[0], 7);

	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_LOG_SYNC_INTERVAL, wildcard, 2, ls, 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_APPLY);
	CHECK_EQ_INT(set.port_mask, 2);
	CHECK_EQ_INT(set.value.i8, -2);
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_LOG_SYNC_INTERVAL, wildcard, 0xFFFF, ls, 2);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_APPLY);
	CHECK_EQ_INT(set.port_mask, 3);

	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_GRANDMASTER_SETTINGS_NP, wildcard, 0xFFFF, gm,
		8);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_APPLY);
	CHECK_EQ_INT(set.value.gm.quality.clock_class, 6);
	CHECK_EQ_INT(set.value.gm.quality.clock_accuracy, 0x21);
	CHECK_EQ_INT(set.value.gm.quality.offset_scaled_log_variance, 0x4e5d);
	CHECK_EQ_INT(set.value.gm.utc_offset, 37);
	CHECK_EQ_INT(set.value.gm.time_source, 0x20);
	gm[6] = 0xC0; /* flags 1588 does not define */
	request(&req, PTPDK_ACTION_SET, PTPDK_MGMT_GRANDMASTER_SETTINGS_NP, wildcard, 0xFFFF, gm,
		8);
	CHECK_EQ_INT(ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set), PTPDK_MGMT_REPLIED);
	CHECK_EQ_INT(error_of(&replies[0]), PTPDK_MGMT_ERR_WRONG_VALUE);
}

/* Random and mutated requests: never a crash, every reply encodes. */
static void test_garbage(const struct ptpdk_mgmt_view *v)
{
	struct ptpdk_mgmt_policy rw = policy(true);
	struct ptpdk_mgmt_set set;
	struct ptpdk_msg req;
	uint8_t buf[300], out[1024];
	unsigned decoded = 0, answered = 0;

	for (int i = 0; i < 200000; i++) {
		size_t len = 34 + 14 + (size_t)(check_rand() % 80);
		unsigned n = 0;

		check_rand_bytes(buf, len);
		buf[0] = (uint8_t)((buf[0] & 0xF0) | PTPDK_MSG_MANAGEMENT);
		buf[1] = 2;
		wire_put_u16(buf + 2, (uint16_t)len);
		if (i & 1) { /* most of them addressed to everyone, with a known id */
			memset(buf + 34, 0xFF, 10);
			buf[46] = (uint8_t)(check_rand() % 3);
			wire_put_u16(buf + 48, PTPDK_TLV_MANAGEMENT);
			wire_put_u16(buf + 50, (uint16_t)(len - 52));
			wire_put_u16(buf + 52, (uint16_t)(0x2000 + check_rand() % 0x20));
		}
		if (ptpdk_msg_decode(buf, len, &req, NULL) != 0)
			continue;
		decoded++;
		if (ptpdk_mgmt_respond(v, &rw, &req, replies, 4, &n, &set) == PTPDK_MGMT_REPLIED)
			answered++;
		for (unsigned k = 0; k < n; k++)
			CHECK(ptpdk_msg_encode(&replies[k].msg, out, sizeof(out)) > 0);
	}
	printf("garbage: %u decoded, %u answered\n", decoded, answered);
	CHECK(decoded > 1000);
	CHECK(answered > 100);
}

int main(void)
{
	static struct ptpdk_mgmt_view v;

	check_seed("mgmt");
	make_view(&v);
	test_data_sets(&v);
	test_small_values(&v);
	test_np(&v);
	test_descriptions(&v);
	test_addressing_and_errors(&v);
	test_set(&v);
	test_garbage(&v);
	CHECK(strcmp(ptpdk_mgmt_id_name(PTPDK_MGMT_PORT_STATS_NP), "PORT_STATS_NP") == 0);
	CHECK(ptpdk_mgmt_id_name(0x7777) == NULL);
	return check_report("mgmt");
}
