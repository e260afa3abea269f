/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "ptpdk_codec_internal.h"

#define MGMT_ID_LEN	     2
#define MGMT_ERROR_FIXED_LEN 8 /* managementErrorId, managementId, 4 reserved */
#define ORG_HEADER_LEN	     6 /* organizationId, organizationSubType */
#define FOLLOW_UP_INFO_LEN   22
#define REQUEST_UNICAST_LEN  6
#define GRANT_UNICAST_LEN    8
#define CANCEL_UNICAST_LEN   2

static const uint8_t ieee_8021_org_id[3] = { 0x00, 0x80, 0xC2 };
static const uint8_t follow_up_info_subtype[3] = { 0x00, 0x00, 0x01 };

static size_t even_up(size_t n)
{
	return (n + 1) & ~(size_t)1;
}

static bool tlv_is_org(uint16_t type)
{
	return type == PTPDK_TLV_ORGANIZATION_EXTENSION ||
	       type == PTPDK_TLV_ORGANIZATION_EXTENSION_PROPAGATE ||
	       type == PTPDK_TLV_ORGANIZATION_EXTENSION_NON_PROPAGATE;
}

static enum ptpdk_reject management_decode(struct ptpdk_tlv_management *m, const uint8_t *v,
					   uint16_t len)
{
	if (len < MGMT_ID_LEN)
		return PTPDK_REJECT_BAD_TLV_LENGTH;
	m->management_id = wire_get_u16(v);
	m->data_length = (uint16_t)(len - MGMT_ID_LEN);
	m->data = v + MGMT_ID_LEN;
	return mgmt_decode_data(m);
}

static enum ptpdk_reject management_error_decode(struct ptpdk_tlv_management_error *e,
						 const uint8_t *v, uint16_t len)
{
	if (len < MGMT_ERROR_FIXED_LEN)
		return PTPDK_REJECT_BAD_TLV_LENGTH;
	e->management_error_id = wire_get_u16(v);
	e->management_id = wire_get_u16(v + 2);
	if (len == MGMT_ERROR_FIXED_LEN)
		return PTPDK_REJECT_NONE;
	/* displayData is a PTPText: a length octet, then that many octets (5.3.9). */
	e->has_display_data = true;
	e->display_length = v[MGMT_ERROR_FIXED_LEN];
	if ((size_t)MGMT_ERROR_FIXED_LEN + 1 + e->display_length > len)
		return PTPDK_REJECT_BAD_TLV_LENGTH;
	e->display_text = v + MGMT_ERROR_FIXED_LEN + 1;
	return PTPDK_REJECT_NONE;
}

static void follow_up_info_decode(struct ptpdk_follow_up_info *f, const uint8_t *d)
{
	f->cumulative_scaled_rate_offset = (int32_t)wire_get_u32(d);
	f->gm_time_base_indicator = wire_get_u16(d + 4);
	wire_get_scaled96(d + 6, &f->last_gm_phase_change);
	f->scaled_last_gm_freq_change = (int32_t)wire_get_u32(d + 18);
}

static enum ptpdk_reject org_decode(struct ptpdk_tlv_org *o, const uint8_t *v, uint16_t len)
{
	if (len < ORG_HEADER_LEN)
		return PTPDK_REJECT_BAD_TLV_LENGTH;
	memcpy(o->organization_id, v, 3);
	memcpy(o->organization_sub_type, v + 3, 3);
	o->data_length = (uint16_t)(len - ORG_HEADER_LEN);
	o->data = v + ORG_HEADER_LEN;
	if (memcmp(o->organization_id, ieee_8021_org_id, 3) == 0 &&
	    memcmp(o->organization_sub_type, follow_up_info_subtype, 3) == 0) {
		if (o->data_length != FOLLOW_UP_INFO_LEN)
			return PTPDK_REJECT_BAD_TLV_LENGTH;
		o->is_follow_up_info = true;
		follow_up_info_decode(&o->follow_up_info, o->data);
	}
	return PTPDK_REJECT_NONE;
}

static uint16_t unicast_length(uint16_t type)
{
	switch (type) {
	case PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION:
		return REQUEST_UNICAST_LEN;
	case PTPDK_TLV_GRANT_UNICAST_TRANSMISSION:
		return GRANT_UNICAST_LEN;
	case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
	case PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION:
		return CANCEL_UNICAST_LEN;
	default:
		return 0;
	}
}

static enum ptpdk_reject unicast_decode(struct ptpdk_tlv_unicast *u, uint16_t type,
					const uint8_t *v, uint16_t len)
{
	if (len != unicast_length(type))
		return PTPDK_REJECT_BAD_TLV_LENGTH;
	u->message_type = v[0] >> 4;
	if (len >= REQUEST_UNICAST_LEN) {
		u->log_inter_message_period = (int8_t)v[1];
		u->duration = wire_get_u32(v + 2);
	}
	if (len == GRANT_UNICAST_LEN)
		u->renewal_invited = v[7] & 0x01;
	return PTPDK_REJECT_NONE;
}

enum ptpdk_reject tlv_decode_value(struct ptpdk_tlv *tlv, const uint8_t *value, uint16_t len,
				   int *is_known)
{
	*is_known = 1;
	if (tlv_is_org(tlv->type))
		return org_decode(&tlv->u.org, value, len);
	switch (tlv->type) {
	case PTPDK_TLV_MANAGEMENT:
		return management_decode(&tlv->u.management, value, len);
	case PTPDK_TLV_MANAGEMENT_ERROR_STATUS:
		return management_error_decode(&tlv->u.management_error, value, len);
	case PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION:
	case PTPDK_TLV_GRANT_UNICAST_TRANSMISSION:
	case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
	case PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION:
		return unicast_decode(&tlv->u.unicast, tlv->type, value, len);
	case PTPDK_TLV_PATH_TRACE:
		if (len % PTPDK_CLOCK_ID_LEN)
			return PTPDK_REJECT_BAD_TLV_LENGTH;
		tlv->u.path_trace.count = len / PTPDK_CLOCK_ID_LEN;
		tlv->u.path_trace.identities = value;
		return PTPDK_REJECT_NONE;
	default:
		*is_known = 0;
		return PTPDK_REJECT_NONE;
	}
}

static int management_value_length(const struct ptpdk_tlv_management *m)
{
	size_t data = m->data_length;

	if (m->data_parsed) {
		size_t ds = ptpdk_mgmt_data_set_length(m->management_id);

		if (ds == 0)
			return -EINVAL;
		if (data < ds)
			data = ds;
	} else if (data && !m->data) {
		return -EINVAL;
	}
	return (int)even_up(MGMT_ID_LEN + data);
}

int ptpdk_tlv_value_length(const struct ptpdk_tlv *tlv)
{
	size_t n;

	if (tlv_is_org(tlv->type)) {
		const struct ptpdk_tlv_org *o = &tlv->u.org;

		if (o->is_follow_up_info)
			return ORG_HEADER_LEN + FOLLOW_UP_INFO_LEN;
		if (o->data_length && !o->data)
			return -EINVAL;
		return (int)even_up(ORG_HEADER_LEN + (size_t)o->data_length);
	}
	switch (tlv->type) {
	case PTPDK_TLV_MANAGEMENT:
		return management_value_length(&tlv->u.management);
	case PTPDK_TLV_MANAGEMENT_ERROR_STATUS: {
		const struct ptpdk_tlv_management_error *e = &tlv->u.management_error;

		n = MGMT_ERROR_FIXED_LEN;
		if (e->has_display_data) {
			if (e->display_length && !e->display_text)
				return -EINVAL;
			n += 1 + (size_t)e->display_length;
		}
		return (int)even_up(n);
	}
	case PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION:
	case PTPDK_TLV_GRANT_UNICAST_TRANSMISSION:
	case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
	case PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION:
		return unicast_length(tlv->type);
	case PTPDK_TLV_PATH_TRACE:
		if (tlv->u.path_trace.count && !tlv->u.path_trace.identities)
			return -EINVAL;
		n = (size_t)tlv->u.path_trace.count * PTPDK_CLOCK_ID_LEN;
		return n > UINT16_MAX ? -EINVAL : (int)n;
	default:
		if (tlv->length && !tlv->value)
			return -EINVAL;
		return (int)even_up(tlv->length);
	}
}

static void follow_up_info_encode(const struct ptpdk_follow_up_info *f, uint8_t *d)
{
	wire_put_u32(d, (uint32_t)f->cumulative_scaled_rate_offset);
	wire_put_u16(d + 4, f->gm_time_base_indicator);
	wire_put_scaled96(d + 6, &f->last_gm_phase_change);
	wire_put_u32(d + 18, (uint32_t)f->scaled_last_gm_freq_change);
}

static void unicast_encode(const struct ptpdk_tlv_unicast *u, uint16_t type, uint8_t *out)
{
	out[0] = (uint8_t)(u->message_type << 4);
	if (type == PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION ||
	    type == PTPDK_TLV_GRANT_UNICAST_TRANSMISSION) {
		out[1] = (uint8_t)u->log_inter_message_period;
		wire_put_u32(out + 2, u->duration);
	}
	if (type == PTPDK_TLV_GRANT_UNICAST_TRANSMISSION)
		out[7] = u->renewal_invited ? 0x01 : 0x00;
}

void tlv_encode_value(const struct ptpdk_tlv *tlv, uint8_t *out, size_t len)
{
	/* Zero first: reserved octets and the even-length pad go out as zero. */
	memset(out, 0, len);
	if (tlv_is_org(tlv->type)) {
		const struct ptpdk_tlv_org *o = &tlv->u.org;

		memcpy(out, o->organization_id, 3);
		memcpy(out + 3, o->organization_sub_type, 3);
		if (o->is_follow_up_info)
			follow_up_info_encode(&o->follow_up_info, out + ORG_HEADER_LEN);
		else if (o->data_length)
			memcpy(out + ORG_HEADER_LEN, o->data, o->data_length);
		return;
	}
	switch (tlv->type) {
	case PTPDK_TLV_MANAGEMENT:
		wire_put_u16(out, tlv->u.management.management_id);
		mgmt_encode_data(&tlv->u.management, out + MGMT_ID_LEN);
		break;
	case PTPDK_TLV_MANAGEMENT_ERROR_STATUS: {
		const struct ptpdk_tlv_management_error *e = &tlv->u.management_error;

		wire_put_u16(out, e->management_error_id);
		wire_put_u16(out + 2, e->management_id);
		if (e->has_display_data) {
			out[MGMT_ERROR_FIXED_LEN] = e->display_length;
			if (e->display_length)
				memcpy(out + MGMT_ERROR_FIXED_LEN + 1, e->display_text,
				       e->display_length);
		}
		break;
	}
	case PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION:
	case PTPDK_TLV_GRANT_UNICAST_TRANSMISSION:
	case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
	case PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION:
		unicast_encode(&tlv->u.unicast, tlv->type, out);
		break;
	case PTPDK_TLV_PATH_TRACE:
		if (tlv->u.path_trace.count)
			memcpy(out, tlv->u.path_trace.identities, len);
		break;
	default:
		if (tlv->length)
			memcpy(out, tlv->value, tlv->length);
		break;
	}
}
