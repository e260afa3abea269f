/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "ptpdk_codec_internal.h"

#define TLV_HEADER_LEN 4

struct msg_type_info {
	const char *name;
	uint8_t fixed_length; /* header + body, 1588-2008 Table 19 / clause 13 */
};

static const struct msg_type_info msg_types[PTPDK_MSG_TYPE_COUNT] = {
	[PTPDK_MSG_SYNC] = { "Sync", 44 },
	[PTPDK_MSG_DELAY_REQ] = { "Delay_Req", 44 },
	[PTPDK_MSG_PDELAY_REQ] = { "Pdelay_Req", 54 },
	[PTPDK_MSG_PDELAY_RESP] = { "Pdelay_Resp", 54 },
	[PTPDK_MSG_FOLLOW_UP] = { "Follow_Up", 44 },
	[PTPDK_MSG_DELAY_RESP] = { "Delay_Resp", 54 },
	[PTPDK_MSG_PDELAY_RESP_FOLLOW_UP] = { "Pdelay_Resp_Follow_Up", 54 },
	[PTPDK_MSG_ANNOUNCE] = { "Announce", 64 },
	[PTPDK_MSG_SIGNALING] = { "Signaling", 44 },
	[PTPDK_MSG_MANAGEMENT] = { "Management", 48 },
};

const char *ptpdk_msg_type_name(unsigned message_type)
{
	if (message_type >= PTPDK_MSG_TYPE_COUNT || !msg_types[message_type].name)
		return "Unknown";
	return msg_types[message_type].name;
}

size_t ptpdk_msg_fixed_length(unsigned message_type)
{
	if (message_type >= PTPDK_MSG_TYPE_COUNT)
		return 0;
	return msg_types[message_type].fixed_length;
}

static void header_decode(const uint8_t *p, struct ptpdk_header *h)
{
	h->major_sdo_id = p[0] >> 4;
	h->message_type = p[0] & 0x0f;
	h->minor_version = p[1] >> 4;
	h->version = p[1] & 0x0f;
	h->message_length = wire_get_u16(p + 2);
	h->domain_number = p[4];
	h->minor_sdo_id = p[5];
	h->flags = wire_get_u16(p + 6);
	h->correction = (int64_t)wire_get_u64(p + 8);
	h->message_type_specific = wire_get_u32(p + 16);
	wire_get_port_id(p + 20, &h->source_port_identity);
	h->sequence_id = wire_get_u16(p + 30);
	h->control_field = p[32];
	h->log_message_interval = (int8_t)p[33];
}

static void header_encode(const struct ptpdk_header *h, uint16_t length, uint8_t *p)
{
	p[0] = (uint8_t)(h->major_sdo_id << 4 | (h->message_type & 0x0f));
	p[1] = (uint8_t)(h->minor_version << 4 | (h->version & 0x0f));
	wire_put_u16(p + 2, length);
	p[4] = h->domain_number;
	p[5] = h->minor_sdo_id;
	wire_put_u16(p + 6, h->flags);
	wire_put_u64(p + 8, (uint64_t)h->correction);
	wire_put_u32(p + 16, h->message_type_specific);
	wire_put_port_id(p + 20, &h->source_port_identity);
	wire_put_u16(p + 30, h->sequence_id);
	p[32] = h->control_field;
	p[33] = (uint8_t)h->log_message_interval;
}

/* Decodes the fixed body; the caller checked that the fixed length is present. */
static enum ptpdk_reject body_decode(const uint8_t *p, struct ptpdk_msg *msg)
{
	const uint8_t *b = p + PTPDK_HEADER_LEN;
	struct ptpdk_wire_ts *ts = NULL;

	switch (msg->header.message_type) {
	case PTPDK_MSG_SYNC:
	case PTPDK_MSG_DELAY_REQ:
	case PTPDK_MSG_FOLLOW_UP:
	case PTPDK_MSG_PDELAY_REQ: /* the 10 reserved octets that follow are ignored */
		ts = &msg->body.timestamp.timestamp;
		wire_get_ts(b, ts);
		break;
	case PTPDK_MSG_DELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
		ts = &msg->body.response.timestamp;
		wire_get_ts(b, ts);
		wire_get_port_id(b + WIRE_TS_LEN, &msg->body.response.requesting_port_identity);
		break;
	case PTPDK_MSG_ANNOUNCE: {
		struct ptpdk_body_announce *a = &msg->body.announce;

		ts = &a->origin_timestamp;
		wire_get_ts(b, ts);
		a->current_utc_offset = (int16_t)wire_get_u16(b + 10);
		a->grandmaster_priority1 = b[13];
		wire_get_quality(b + 14, &a->grandmaster_clock_quality);
		a->grandmaster_priority2 = b[18];
		memcpy(a->grandmaster_identity, b + 19, PTPDK_CLOCK_ID_LEN);
		a->steps_removed = wire_get_u16(b + 27);
		a->time_source = b[29];
		break;
	}
	case PTPDK_MSG_SIGNALING:
		wire_get_port_id(b, &msg->body.targeted.target_port_identity);
		break;
	case PTPDK_MSG_MANAGEMENT: {
		struct ptpdk_body_targeted *t = &msg->body.targeted;

		wire_get_port_id(b, &t->target_port_identity);
		t->starting_boundary_hops = b[10];
		t->boundary_hops = b[11];
		t->action = b[12] & 0x0f;
		if (t->action > PTPDK_ACTION_ACKNOWLEDGE)
			return PTPDK_REJECT_BAD_ACTION;
		break;
	}
	default:
		return PTPDK_REJECT_UNKNOWN_TYPE;
	}
	if (ts && ts->nanoseconds >= PTPDK_NS_PER_SEC)
		return PTPDK_REJECT_BAD_TIMESTAMP;
	return PTPDK_REJECT_NONE;
}

static const struct ptpdk_wire_ts *body_timestamp(const struct ptpdk_msg *msg)
{
	switch (msg->header.message_type) {
	case PTPDK_MSG_SYNC:
	case PTPDK_MSG_DELAY_REQ:
	case PTPDK_MSG_FOLLOW_UP:
	case PTPDK_MSG_PDELAY_REQ:
		return &msg->body.timestamp.timestamp;
	case PTPDK_MSG_DELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
		return &msg->body.response.timestamp;
	case PTPDK_MSG_ANNOUNCE:
		return &msg->body.announce.origin_timestamp;
	default:
		return NULL;
	}
}

static void body_encode(const struct ptpdk_msg *msg, uint8_t *p, size_t fixed_length)
{
	uint8_t *b = p + PTPDK_HEADER_LEN;
	const struct ptpdk_wire_ts *ts = body_timestamp(msg);

	/* Reserved octets must go out as zero (1588-2008 5.3). */
	memset(b, 0, fixed_length - PTPDK_HEADER_LEN);
	if (ts)
		wire_put_ts(b, ts);
	switch (msg->header.message_type) {
	case PTPDK_MSG_DELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
		wire_put_port_id(b + WIRE_TS_LEN, &msg->body.response.requesting_port_identity);
		break;
	case PTPDK_MSG_ANNOUNCE: {
		const struct ptpdk_body_announce *a = &msg->body.announce;

		wire_put_u16(b + 10, (uint16_t)a->current_utc_offset);
		b[13] = a->grandmaster_priority1;
		wire_put_quality(b + 14, &a->grandmaster_clock_quality);
		b[18] = a->grandmaster_priority2;
		memcpy(b + 19, a->grandmaster_identity, PTPDK_CLOCK_ID_LEN);
		wire_put_u16(b + 27, a->steps_removed);
		b[29] = a->time_source;
		break;
	}
	case PTPDK_MSG_SIGNALING:
		wire_put_port_id(b, &msg->body.targeted.target_port_identity);
		break;
	case PTPDK_MSG_MANAGEMENT: {
		const struct ptpdk_body_targeted *t = &msg->body.targeted;

		wire_put_port_id(b, &t->target_port_identity);
		b[10] = t->starting_boundary_hops;
		b[11] = t->boundary_hops;
		b[12] = t->action & 0x0f;
		break;
	}
	default:
		break;
	}
}

static enum ptpdk_reject tlvs_decode(const uint8_t *p, size_t offset, size_t end,
				     struct ptpdk_msg *msg)
{
	while (offset < end) {
		struct ptpdk_tlv *tlv;
		uint16_t length;
		enum ptpdk_reject why;
		int known = 0;

		if (end - offset < TLV_HEADER_LEN)
			return PTPDK_REJECT_BAD_TLV_LENGTH;
		length = wire_get_u16(p + offset + 2);
		/* 1588-2008 14.1.1: every TLV has an even number of octets. */
		if (length > end - offset - TLV_HEADER_LEN || (length & 1))
			return PTPDK_REJECT_BAD_TLV_LENGTH;
		if (msg->tlv_count == PTPDK_MSG_MAX_TLVS)
			return PTPDK_REJECT_TOO_MANY_TLVS;
		tlv = &msg->tlvs[msg->tlv_count++];
		memset(tlv, 0, sizeof(*tlv));
		tlv->type = wire_get_u16(p + offset);
		tlv->length = length;
		tlv->value = p + offset + TLV_HEADER_LEN;
		why = tlv_decode_value(tlv, tlv->value, length, &known);
		if (why != PTPDK_REJECT_NONE)
			return why;
		if (!known)
			msg->unknown_tlv_count++;
		offset += TLV_HEADER_LEN + length;
	}
	return PTPDK_REJECT_NONE;
}

static enum ptpdk_reject management_check(const struct ptpdk_msg *msg)
{
	/* 1588-2008 15.3: a management message carries its one management TLV first. */
	if (msg->tlv_count == 0)
		return PTPDK_REJECT_BAD_MANAGEMENT;
	if (msg->tlvs[0].type != PTPDK_TLV_MANAGEMENT &&
	    msg->tlvs[0].type != PTPDK_TLV_MANAGEMENT_ERROR_STATUS)
		return PTPDK_REJECT_BAD_MANAGEMENT;
	return PTPDK_REJECT_NONE;
}

static enum ptpdk_reject msg_validate_and_decode(const uint8_t *buf, size_t len,
						 struct ptpdk_msg *msg)
{
	struct ptpdk_header *h = &msg->header;
	size_t fixed;
	enum ptpdk_reject why;

	if (len < PTPDK_HEADER_LEN)
		return PTPDK_REJECT_TRUNCATED;
	header_decode(buf, h);
	if (h->version != 2 || h->minor_version > 1)
		return PTPDK_REJECT_BAD_VERSION;
	fixed = ptpdk_msg_fixed_length(h->message_type);
	if (fixed == 0)
		return PTPDK_REJECT_UNKNOWN_TYPE;
	if (h->message_length > len)
		return PTPDK_REJECT_TRUNCATED;
	if (h->message_length < fixed)
		return PTPDK_REJECT_LENGTH_MISMATCH;
	why = body_decode(buf, msg);
	if (why != PTPDK_REJECT_NONE)
		return why;
	why = tlvs_decode(buf, fixed, h->message_length, msg);
	if (why != PTPDK_REJECT_NONE)
		return why;
	if (h->message_type == PTPDK_MSG_MANAGEMENT)
		return management_check(msg);
	return PTPDK_REJECT_NONE;
}

int ptpdk_msg_decode(const uint8_t *buf, size_t len, struct ptpdk_msg *msg,
		     enum ptpdk_reject *reason)
{
	enum ptpdk_reject why;

	if (!buf || !msg)
		return -EINVAL;
	memset(&msg->header, 0, sizeof(msg->header));
	memset(&msg->body, 0, sizeof(msg->body));
	msg->tlv_count = 0;
	msg->unknown_tlv_count = 0;
	why = msg_validate_and_decode(buf, len, msg);
	if (why == PTPDK_REJECT_NONE)
		return 0;
	if (reason)
		*reason = why;
	return -EBADMSG;
}

int ptpdk_msg_encode(const struct ptpdk_msg *msg, uint8_t *buf, size_t cap)
{
	size_t fixed, total;
	const struct ptpdk_wire_ts *ts;
	int tlv_len[PTPDK_MSG_MAX_TLVS];
	unsigned i;

	if (!msg || !buf || msg->tlv_count > PTPDK_MSG_MAX_TLVS)
		return -EINVAL;
	fixed = ptpdk_msg_fixed_length(msg->header.message_type);
	if (fixed == 0)
		return -EINVAL;
	ts = body_timestamp(msg);
	if (ts && !ptpdk_wire_ts_valid(ts))
		return -EINVAL;
	total = fixed;
	for (i = 0; i < msg->tlv_count; i++) {
		tlv_len[i] = ptpdk_tlv_value_length(&msg->tlvs[i]);
		if (tlv_len[i] < 0)
			return tlv_len[i];
		total += TLV_HEADER_LEN + (size_t)tlv_len[i];
	}
	if (total > UINT16_MAX)
		return -ERANGE;
	if (total > cap)
		return -ENOSPC;
	header_encode(&msg->header, (uint16_t)total, buf);
	body_encode(msg, buf, fixed);
	total = fixed;
	for (i = 0; i < msg->tlv_count; i++) {
		wire_put_u16(buf + total, msg->tlvs[i].type);
		wire_put_u16(buf + total + 2, (uint16_t)tlv_len[i]);
		tlv_encode_value(&msg->tlvs[i], buf + total + TLV_HEADER_LEN, (size_t)tlv_len[i]);
		total += TLV_HEADER_LEN + (size_t)tlv_len[i];
	}
	return (int)total;
}
