/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_mgmt_responder.h"

#include <string.h>

#include "ptpdk_wire.h"

#define ALL_PORTS 0xFFFF
/* logMessageInterval of management messages (1588-2008 Table 24). */
#define LOG_INTERVAL_MGMT  0x7F
#define CONTROL_MANAGEMENT 4
/* The log2 intervals ptpdk's configuration accepts (config/keys.md). */
#define LOG_INTERVAL_MIN (-7)
#define LOG_INTERVAL_MAX 7

enum level { CLOCK_LEVEL, PORT_LEVEL };

/* A getter writes the data field and returns its length, or -1 when it fills the
 * codec's parsed data set instead (the codec encodes it). */
typedef int (*get_fn)(const struct ptpdk_mgmt_view *v, unsigned port,
		      struct ptpdk_tlv_management *m, uint8_t *d);
/* A setter checks a SET's data field: 0 with *set filled, or a managementErrorId. */
typedef uint16_t (*set_fn)(const uint8_t *d, size_t len, struct ptpdk_mgmt_set *set);

struct id_row {
	uint16_t id;
	const char *name;
	enum level level;
	get_fn get; /* NULL: known but not supported */
	set_fn set; /* NULL: not settable */
};

/* ------------------------------------------------------------------ PTPText */

/* A PTPText (length octet, text) at @p d; @return octets written. */
static int put_text(uint8_t *d, const char *s)
{
	size_t n = strnlen(s, PTPDK_MGMT_TEXT_MAX);

	d[0] = (uint8_t)n;
	memcpy(d + 1, s, n);
	return (int)(1 + n);
}

/* 1588-2008 5.3.9 pads data fields to an even length. */
static int even(uint8_t *d, int n)
{
	if (n & 1)
		d[n++] = 0;
	return n;
}

/* ------------------------------------------------------------------ getters */

static int get_default(const struct ptpdk_mgmt_view *v, unsigned port,
		       struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)d;
	m->ds.default_ds = v->default_ds;
	return -1;
}

static int get_current(const struct ptpdk_mgmt_view *v, unsigned port,
		       struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)d;
	m->ds.current_ds = v->current_ds;
	return -1;
}

static int get_parent(const struct ptpdk_mgmt_view *v, unsigned port,
		      struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)d;
	m->ds.parent_ds = v->parent_ds;
	return -1;
}

static int get_time_properties(const struct ptpdk_mgmt_view *v, unsigned port,
			       struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)d;
	m->ds.time_properties_ds = v->time_properties_ds;
	return -1;
}

static int get_time_status(const struct ptpdk_mgmt_view *v, unsigned port,
			   struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)d;
	m->ds.time_status_np = v->time_status_np;
	return -1;
}

static int get_port_ds(const struct ptpdk_mgmt_view *v, unsigned port,
		       struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)d;
	m->ds.port_ds = v->ports[port].port_ds;
	return -1;
}

/* The one-octet values: the value and a reserved octet (15.5.3.4 ff.). */
static int put_octet(uint8_t *d, uint8_t value)
{
	d[0] = value;
	d[1] = 0;
	return 2;
}

static int get_priority1(const struct ptpdk_mgmt_view *v, unsigned port,
			 struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	return put_octet(d, v->default_ds.priority1);
}

static int get_priority2(const struct ptpdk_mgmt_view *v, unsigned port,
			 struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	return put_octet(d, v->default_ds.priority2);
}

static int get_domain(const struct ptpdk_mgmt_view *v, unsigned port,
		      struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	return put_octet(d, v->default_ds.domain_number);
}

static int get_slave_only(const struct ptpdk_mgmt_view *v, unsigned port,
			  struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	return put_octet(d, (v->default_ds.flags & PTPDK_DDS_FLAG_SLAVE_ONLY) ? 1 : 0);
}

static int get_clock_accuracy(const struct ptpdk_mgmt_view *v, unsigned port,
			      struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	return put_octet(d, v->default_ds.clock_quality.clock_accuracy);
}

static int get_traceability(const struct ptpdk_mgmt_view *v, unsigned port,
			    struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	return put_octet(d, v->time_properties_ds.flags & (PTPDK_TPDS_TTRA | PTPDK_TPDS_FTRA));
}

static int get_timescale(const struct ptpdk_mgmt_view *v, unsigned port,
			 struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	d[0] = v->time_properties_ds.flags & PTPDK_TPDS_PTP;
	d[1] = v->time_properties_ds.time_source;
	return 2;
}

static int get_log_announce(const struct ptpdk_mgmt_view *v, unsigned port,
			    struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)m;
	return put_octet(d, (uint8_t)v->ports[port].port_ds.log_announce_interval);
}

static int get_announce_timeout(const struct ptpdk_mgmt_view *v, unsigned port,
				struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)m;
	return put_octet(d, v->ports[port].port_ds.announce_receipt_timeout);
}

static int get_log_sync(const struct ptpdk_mgmt_view *v, unsigned port,
			struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)m;
	return put_octet(d, (uint8_t)v->ports[port].port_ds.log_sync_interval);
}

static int get_version(const struct ptpdk_mgmt_view *v, unsigned port,
		       struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)m;
	return put_octet(d, v->ports[port].port_ds.version_number & 0x0F);
}

static int get_delay_mechanism(const struct ptpdk_mgmt_view *v, unsigned port,
			       struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)m;
	return put_octet(d, v->ports[port].port_ds.delay_mechanism);
}

static int get_log_pdelay(const struct ptpdk_mgmt_view *v, unsigned port,
			  struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)m;
	return put_octet(d, (uint8_t)v->ports[port].port_ds.log_min_pdelay_req_interval);
}

static int get_gm_settings(const struct ptpdk_mgmt_view *v, unsigned port,
			   struct ptpdk_tlv_management *m, uint8_t *d)
{
	const struct ptpdk_mgmt_gm_settings *g = &v->gm_settings;

	(void)port, (void)m;
	d[0] = g->quality.clock_class;
	d[1] = g->quality.clock_accuracy;
	wire_put_u16(d + 2, g->quality.offset_scaled_log_variance);
	wire_put_u16(d + 4, (uint16_t)g->utc_offset);
	d[6] = g->time_flags;
	d[7] = g->time_source;
	return 8;
}

static int get_port_ds_np(const struct ptpdk_mgmt_view *v, unsigned port,
			  struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)m;
	wire_put_u32(d, v->ports[port].neighbor_prop_delay_thresh_ns);
	wire_put_u32(d + 4, (uint32_t)v->ports[port].as_capable);
	return 8;
}

static int put_port_identity(uint8_t *d, const struct ptpdk_port_identity *id)
{
	memcpy(d, id->clock_identity, PTPDK_CLOCK_ID_LEN);
	wire_put_u16(d + PTPDK_CLOCK_ID_LEN, id->port_number);
	return PTPDK_CLOCK_ID_LEN + 2;
}

static int get_port_properties(const struct ptpdk_mgmt_view *v, unsigned port,
			       struct ptpdk_tlv_management *m, uint8_t *d)
{
	const struct ptpdk_mgmt_port_view *p = &v->ports[port];
	int n = put_port_identity(d, &p->port_ds.port_identity);

	(void)m;
	d[n++] = p->port_ds.port_state;
	d[n++] = p->timestamping;
	n += put_text(d + n, p->interface);
	return even(d, n);
}

/* linuxptp carries these 64-bit counters in the sender's byte order, which on every
 * host it runs on is little-endian; pmc prints them as they are. */
static void put_le64(uint8_t *d, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		d[i] = (uint8_t)(v >> (8 * i));
}

static int get_port_stats(const struct ptpdk_mgmt_view *v, unsigned port,
			  struct ptpdk_tlv_management *m, uint8_t *d)
{
	const struct ptpdk_mgmt_port_view *p = &v->ports[port];
	int n = put_port_identity(d, &p->port_ds.port_identity);

	(void)m;
	for (int i = 0; i < 16; i++, n += 8)
		put_le64(d + n, p->rx_by_type[i]);
	for (int i = 0; i < 16; i++, n += 8)
		put_le64(d + n, p->tx_by_type[i]);
	return n;
}

static int get_user_description(const struct ptpdk_mgmt_view *v, unsigned port,
				struct ptpdk_tlv_management *m, uint8_t *d)
{
	(void)port, (void)m;
	return even(d, put_text(d, v->user_description));
}

/* 15.5.3.1.2: clockType, physicalLayerProtocol, physicalAddress, protocolAddress,
 * manufacturerIdentity (+1 reserved), productDescription, revisionData,
 * userDescription, profileIdentity. Addressed to a port, it describes that port's
 * addresses; to the clock (port 0), the first port's. */
static int get_clock_description(const struct ptpdk_mgmt_view *v, unsigned port,
				 struct ptpdk_tlv_management *m, uint8_t *d)
{
	const struct ptpdk_mgmt_port_view *p = &v->ports[port < v->n_ports ? port : 0];
	int n = 0;

	(void)m;
	wire_put_u16(d, v->clock_type);
	n += 2;
	n += put_text(d + n, "IEEE 802.3");
	wire_put_u16(d + n, sizeof(p->mac));
	memcpy(d + n + 2, p->mac, sizeof(p->mac));
	n += 2 + (int)sizeof(p->mac);
	wire_put_u16(d + n, p->network_protocol);
	wire_put_u16(d + n + 2, p->protocol_address_len);
	memcpy(d + n + 4, p->protocol_address, p->protocol_address_len);
	n += 4 + p->protocol_address_len;
	memcpy(d + n, v->manufacturer_identity, 3);
	d[n + 3] = 0;
	n += 4;
	n += put_text(d + n, v->product_description);
	n += put_text(d + n, v->revision_data);
	n += put_text(d + n, v->user_description);
	memcpy(d + n, v->profile_identity, 6);
	n += 6;
	return even(d, n);
}

static int get_null(const struct ptpdk_mgmt_view *v, unsigned port, struct ptpdk_tlv_management *m,
		    uint8_t *d)
{
	(void)v, (void)port, (void)m, (void)d;
	return 0;
}

/* ------------------------------------------------------------------ setters */

static uint16_t need_len(size_t len, size_t want)
{
	return len == want ? 0 : PTPDK_MGMT_ERR_WRONG_LENGTH;
}

static uint16_t set_u8(const uint8_t *d, size_t len, struct ptpdk_mgmt_set *set)
{
	uint16_t e = need_len(len, 2);

	if (!e)
		set->value.u8 = d[0];
	return e;
}

static uint16_t set_log_interval(const uint8_t *d, size_t len, struct ptpdk_mgmt_set *set)
{
	uint16_t e = need_len(len, 2);

	if (e)
		return e;
	set->value.i8 = (int8_t)d[0];
	return set->value.i8 < LOG_INTERVAL_MIN || set->value.i8 > LOG_INTERVAL_MAX
		       ? PTPDK_MGMT_ERR_WRONG_VALUE
		       : 0;
}

static uint16_t set_announce_timeout(const uint8_t *d, size_t len, struct ptpdk_mgmt_set *set)
{
	uint16_t e = set_u8(d, len, set);

	/* 1588-2008 7.7.3.1: at least 2. */
	return e ? e : set->value.u8 < 2 ? PTPDK_MGMT_ERR_WRONG_VALUE : 0;
}

static uint16_t set_gm_settings(const uint8_t *d, size_t len, struct ptpdk_mgmt_set *set)
{
	struct ptpdk_mgmt_gm_settings *g = &set->value.gm;
	uint16_t e = need_len(len, 8);

	if (e)
		return e;
	g->quality.clock_class = d[0];
	g->quality.clock_accuracy = d[1];
	g->quality.offset_scaled_log_variance = wire_get_u16(d + 2);
	g->utc_offset = (int16_t)wire_get_u16(d + 4);
	g->time_flags = d[6];
	g->time_source = d[7];
	/* Only the flags TIME_PROPERTIES_DATA_SET defines. */
	return g->time_flags & ~0x3F ? PTPDK_MGMT_ERR_WRONG_VALUE : 0;
}

/* ------------------------------------------------------------------ the table */

static const struct id_row ids[] = {
	{ PTPDK_MGMT_NULL_MANAGEMENT, "NULL_MANAGEMENT", CLOCK_LEVEL, get_null, NULL },
	{ PTPDK_MGMT_CLOCK_DESCRIPTION, "CLOCK_DESCRIPTION", PORT_LEVEL, get_clock_description,
	  NULL },
	{ PTPDK_MGMT_USER_DESCRIPTION, "USER_DESCRIPTION", CLOCK_LEVEL, get_user_description,
	  NULL },
	{ 0x0003, "SAVE_IN_NON_VOLATILE_STORAGE", CLOCK_LEVEL, NULL, NULL },
	{ 0x0004, "RESET_NON_VOLATILE_STORAGE", CLOCK_LEVEL, NULL, NULL },
	{ 0x0005, "INITIALIZE", CLOCK_LEVEL, NULL, NULL },
	{ 0x0006, "FAULT_LOG", CLOCK_LEVEL, NULL, NULL },
	{ 0x0007, "FAULT_LOG_RESET", CLOCK_LEVEL, NULL, NULL },
	{ PTPDK_MGMT_DEFAULT_DATA_SET, "DEFAULT_DATA_SET", CLOCK_LEVEL, get_default, NULL },
	{ PTPDK_MGMT_CURRENT_DATA_SET, "CURRENT_DATA_SET", CLOCK_LEVEL, get_current, NULL },
	{ PTPDK_MGMT_PARENT_DATA_SET, "PARENT_DATA_SET", CLOCK_LEVEL, get_parent, NULL },
	{ PTPDK_MGMT_TIME_PROPERTIES_DATA_SET, "TIME_PROPERTIES_DATA_SET", CLOCK_LEVEL,
	  get_time_properties, NULL },
	{ PTPDK_MGMT_PORT_DATA_SET, "PORT_DATA_SET", PORT_LEVEL, get_port_ds, NULL },
	{ PTPDK_MGMT_PRIORITY1, "PRIORITY1", CLOCK_LEVEL, get_priority1, set_u8 },
	{ PTPDK_MGMT_PRIORITY2, "PRIORITY2", CLOCK_LEVEL, get_priority2, set_u8 },
	{ PTPDK_MGMT_DOMAIN, "DOMAIN", CLOCK_LEVEL, get_domain, NULL },
	{ PTPDK_MGMT_SLAVE_ONLY, "SLAVE_ONLY", CLOCK_LEVEL, get_slave_only, NULL },
	{ PTPDK_MGMT_LOG_ANNOUNCE_INTERVAL, "LOG_ANNOUNCE_INTERVAL", PORT_LEVEL, get_log_announce,
	  set_log_interval },
	{ PTPDK_MGMT_ANNOUNCE_RECEIPT_TIMEOUT, "ANNOUNCE_RECEIPT_TIMEOUT", PORT_LEVEL,
	  get_announce_timeout, set_announce_timeout },
	{ PTPDK_MGMT_LOG_SYNC_INTERVAL, "LOG_SYNC_INTERVAL", PORT_LEVEL, get_log_sync,
	  set_log_interval },
	{ PTPDK_MGMT_VERSION_NUMBER, "VERSION_NUMBER", PORT_LEVEL, get_version, NULL },
	{ 0x200D, "ENABLE_PORT", PORT_LEVEL, NULL, NULL },
	{ 0x200E, "DISABLE_PORT", PORT_LEVEL, NULL, NULL },
	{ 0x200F, "TIME", CLOCK_LEVEL, NULL, NULL },
	{ PTPDK_MGMT_CLOCK_ACCURACY, "CLOCK_ACCURACY", CLOCK_LEVEL, get_clock_accuracy, NULL },
	{ 0x2011, "UTC_PROPERTIES", CLOCK_LEVEL, NULL, NULL },
	{ PTPDK_MGMT_TRACEABILITY_PROPERTIES, "TRACEABILITY_PROPERTIES", CLOCK_LEVEL,
	  get_traceability, NULL },
	{ PTPDK_MGMT_TIMESCALE_PROPERTIES, "TIMESCALE_PROPERTIES", CLOCK_LEVEL, get_timescale,
	  NULL },
	{ PTPDK_MGMT_DELAY_MECHANISM, "DELAY_MECHANISM", PORT_LEVEL, get_delay_mechanism, NULL },
	{ PTPDK_MGMT_LOG_MIN_PDELAY_REQ_INTERVAL, "LOG_MIN_PDELAY_REQ_INTERVAL", PORT_LEVEL,
	  get_log_pdelay, set_log_interval },
	{ PTPDK_MGMT_TIME_STATUS_NP, "TIME_STATUS_NP", CLOCK_LEVEL, get_time_status, NULL },
	{ PTPDK_MGMT_GRANDMASTER_SETTINGS_NP, "GRANDMASTER_SETTINGS_NP", CLOCK_LEVEL,
	  get_gm_settings, set_gm_settings },
	{ PTPDK_MGMT_PORT_DATA_SET_NP, "PORT_DATA_SET_NP", PORT_LEVEL, get_port_ds_np, NULL },
	{ PTPDK_MGMT_PORT_PROPERTIES_NP, "PORT_PROPERTIES_NP", PORT_LEVEL, get_port_properties,
	  NULL },
	{ PTPDK_MGMT_PORT_STATS_NP, "PORT_STATS_NP", PORT_LEVEL, get_port_stats, NULL },
	{ 0xC003, "SUBSCRIBE_EVENTS_NP", CLOCK_LEVEL, NULL, NULL },
	{ 0xC006, "SYNCHRONIZATION_UNCERTAIN_NP", CLOCK_LEVEL, NULL, NULL },
};

static const struct id_row *find_id(uint16_t id)
{
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ids[i].id == id)
			return &ids[i];
	return NULL;
}

const char *ptpdk_mgmt_id_name(uint16_t management_id)
{
	const struct id_row *r = find_id(management_id);

	return r ? r->name : NULL;
}

/* ------------------------------------------------------------------ replies */

static const struct ptpdk_tlv_management *request_tlv(const struct ptpdk_msg *req)
{
	if (req->header.message_type != PTPDK_MSG_MANAGEMENT || req->tlv_count < 1 ||
	    req->tlvs[0].type != PTPDK_TLV_MANAGEMENT)
		return NULL;
	return &req->tlvs[0].u.management;
}

/* The reply's header and management fields; the TLV is the caller's. */
static void reply_start(const struct ptpdk_mgmt_view *v, const struct ptpdk_mgmt_policy *policy,
			const struct ptpdk_msg *req, uint16_t port_number,
			struct ptpdk_mgmt_reply *out)
{
	struct ptpdk_msg *m = &out->msg;
	const struct ptpdk_body_targeted *rq = &req->body.targeted;

	memset(m, 0, sizeof(*m));
	m->header.message_type = PTPDK_MSG_MANAGEMENT;
	m->header.version = 2;
	m->header.domain_number = v->default_ds.domain_number;
	m->header.sequence_id = req->header.sequence_id;
	m->header.control_field = CONTROL_MANAGEMENT;
	m->header.log_message_interval = LOG_INTERVAL_MGMT;
	memcpy(m->header.source_port_identity.clock_identity, policy->clock_identity,
	       PTPDK_CLOCK_ID_LEN);
	m->header.source_port_identity.port_number = port_number;
	m->body.targeted.target_port_identity = req->header.source_port_identity;
	/* 15.3.4: the hops the request used are the hops the reply may use. */
	m->body.targeted.starting_boundary_hops =
		(uint8_t)(rq->starting_boundary_hops - rq->boundary_hops);
	m->body.targeted.boundary_hops = m->body.targeted.starting_boundary_hops;
	m->body.targeted.action = rq->action == PTPDK_ACTION_COMMAND ? PTPDK_ACTION_ACKNOWLEDGE
								     : PTPDK_ACTION_RESPONSE;
	m->tlv_count = 1;
}

void ptpdk_mgmt_error_reply(const struct ptpdk_mgmt_view *v, const struct ptpdk_mgmt_policy *policy,
			    const struct ptpdk_msg *req, uint16_t error_id, const char *text,
			    struct ptpdk_mgmt_reply *out)
{
	const struct ptpdk_tlv_management *rq = request_tlv(req);
	struct ptpdk_tlv *t = &out->msg.tlvs[0];
	size_t n = text ? strnlen(text, PTPDK_MGMT_TEXT_MAX) : 0;

	reply_start(v, policy, req, policy->clock_reply_port, out);
	t->type = PTPDK_TLV_MANAGEMENT_ERROR_STATUS;
	t->u.management_error.management_error_id = error_id;
	t->u.management_error.management_id = rq ? rq->management_id : 0;
	if (n) {
		memcpy(out->data, text, n);
		t->u.management_error.has_display_data = true;
		t->u.management_error.display_length = (uint8_t)n;
		t->u.management_error.display_text = out->data;
	}
}

static void data_reply(const struct ptpdk_mgmt_view *v, const struct ptpdk_mgmt_policy *policy,
		       const struct ptpdk_msg *req, const struct id_row *row, unsigned port,
		       struct ptpdk_mgmt_reply *out)
{
	struct ptpdk_tlv *t = &out->msg.tlvs[0];
	struct ptpdk_tlv_management *m = &t->u.management;
	int n;

	reply_start(v, policy, req,
		    row->level == PORT_LEVEL ? (uint16_t)(port + 1) : policy->clock_reply_port,
		    out);
	t->type = PTPDK_TLV_MANAGEMENT;
	m->management_id = row->id;
	n = row->get(v, port, m, out->data);
	if (n < 0) {
		m->data_parsed = true;
		m->data_length = (uint16_t)ptpdk_mgmt_data_set_length(row->id);
	} else {
		m->data = out->data;
		m->data_length = (uint16_t)n;
	}
}

/* The ports a port-level request addresses; 0 when none of ours. */
static uint32_t addressed_ports(const struct ptpdk_mgmt_view *v, uint16_t port_number)
{
	if (port_number == ALL_PORTS)
		return v->n_ports >= 32 ? UINT32_MAX : (1u << v->n_ports) - 1;
	if (port_number >= 1 && port_number <= v->n_ports)
		return 1u << (port_number - 1);
	return 0;
}

static bool for_us(const struct ptpdk_mgmt_policy *policy, const struct ptpdk_msg *req)
{
	static const uint8_t all[PTPDK_CLOCK_ID_LEN] = { 0xFF, 0xFF, 0xFF, 0xFF,
							 0xFF, 0xFF, 0xFF, 0xFF };
	const uint8_t *c = req->body.targeted.target_port_identity.clock_identity;

	return !memcmp(c, all, sizeof(all)) || !memcmp(c, policy->clock_identity, sizeof(all));
}

static unsigned data_replies(const struct ptpdk_mgmt_view *v,
			     const struct ptpdk_mgmt_policy *policy, const struct ptpdk_msg *req,
			     const struct id_row *row, uint32_t ports, struct ptpdk_mgmt_reply *out,
			     unsigned max)
{
	unsigned n = 0;

	if (row->level == CLOCK_LEVEL) {
		data_reply(v, policy, req, row, 0, out);
		return 1;
	}
	for (unsigned p = 0; p < v->n_ports && n < max; p++)
		if (ports & (1u << p))
			data_reply(v, policy, req, row, p, &out[n++]);
	return n;
}

enum ptpdk_mgmt_outcome ptpdk_mgmt_respond(const struct ptpdk_mgmt_view *v,
					   const struct ptpdk_mgmt_policy *policy,
					   const struct ptpdk_msg *req,
					   struct ptpdk_mgmt_reply *out, unsigned max,
					   unsigned *n_out, struct ptpdk_mgmt_set *set)
{
	const struct ptpdk_tlv_management *rq = request_tlv(req);
	const struct id_row *row;
	uint32_t ports = 0;
	uint8_t action;
	uint16_t err;

	*n_out = 0;
	if (!rq)
		return PTPDK_MGMT_MALFORMED;
	action = req->body.targeted.action;
	if (action != PTPDK_ACTION_GET && action != PTPDK_ACTION_SET &&
	    action != PTPDK_ACTION_COMMAND)
		return PTPDK_MGMT_IGNORED; /* a RESPONSE or ACKNOWLEDGE of someone else */
	if (!for_us(policy, req) || max == 0)
		return PTPDK_MGMT_IGNORED;
	row = find_id(rq->management_id);
	if (row && row->level == PORT_LEVEL) {
		ports = addressed_ports(v, req->body.targeted.target_port_identity.port_number);
		if (!ports)
			return PTPDK_MGMT_IGNORED; /* a port that is not ours */
	}
	*n_out = 1;
	if (!row) {
		ptpdk_mgmt_error_reply(v, policy, req, PTPDK_MGMT_ERR_NO_SUCH_ID, NULL, out);
		return PTPDK_MGMT_REPLIED;
	}
	if (!row->get || action == PTPDK_ACTION_COMMAND) {
		ptpdk_mgmt_error_reply(v, policy, req, PTPDK_MGMT_ERR_NOT_SUPPORTED, NULL, out);
		return PTPDK_MGMT_REPLIED;
	}
	if (action == PTPDK_ACTION_GET) {
		*n_out = data_replies(v, policy, req, row, ports, out, max);
		return PTPDK_MGMT_REPLIED;
	}
	if (!row->set) {
		ptpdk_mgmt_error_reply(v, policy, req, PTPDK_MGMT_ERR_NOT_SETABLE, NULL, out);
		return PTPDK_MGMT_REPLIED;
	}
	if (!policy->allow_set) {
		ptpdk_mgmt_error_reply(v, policy, req,
				       policy->set_refused_error ? policy->set_refused_error
								 : PTPDK_MGMT_ERR_NOT_SETABLE,
				       policy->set_refused_text
					       ? policy->set_refused_text
					       : "this management interface is read-only",
				       out);
		return PTPDK_MGMT_REPLIED;
	}
	memset(set, 0, sizeof(*set));
	set->management_id = row->id;
	set->port_mask = ports;
	err = row->set(rq->data, rq->data_length, set);
	if (err) {
		ptpdk_mgmt_error_reply(v, policy, req, err, NULL, out);
		return PTPDK_MGMT_REPLIED;
	}
	*n_out = 0;
	return PTPDK_MGMT_APPLY;
}

unsigned ptpdk_mgmt_answer_set(const struct ptpdk_mgmt_view *v,
			       const struct ptpdk_mgmt_policy *policy, const struct ptpdk_msg *req,
			       struct ptpdk_mgmt_reply *out, unsigned max)
{
	const struct ptpdk_tlv_management *rq = request_tlv(req);
	const struct id_row *row = rq ? find_id(rq->management_id) : NULL;
	uint32_t ports = 0;

	if (!row || !row->get || max == 0)
		return 0;
	if (row->level == PORT_LEVEL)
		ports = addressed_ports(v, req->body.targeted.target_port_identity.port_number);
	return data_replies(v, policy, req, row, ports, out, max);
}
