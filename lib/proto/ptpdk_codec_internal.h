/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/proto: the pieces msg.c, tlv.c and mgmt.c share. */
#ifndef PTPDK_CODEC_INTERNAL_H
#define PTPDK_CODEC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ptpdk_msg.h"
#include "ptpdk_wire.h"

#define WIRE_TS_LEN	  10
#define WIRE_PORT_ID_LEN  10
#define WIRE_QUALITY_LEN  4
#define WIRE_SCALED96_LEN 12

static inline void wire_get_ts(const uint8_t *p, struct ptpdk_wire_ts *ts)
{
	ts->seconds = wire_get_u48(p);
	ts->nanoseconds = wire_get_u32(p + 6);
}

static inline void wire_put_ts(uint8_t *p, const struct ptpdk_wire_ts *ts)
{
	wire_put_u48(p, ts->seconds);
	wire_put_u32(p + 6, ts->nanoseconds);
}

static inline void wire_get_port_id(const uint8_t *p, struct ptpdk_port_identity *id)
{
	memcpy(id->clock_identity, p, PTPDK_CLOCK_ID_LEN);
	id->port_number = wire_get_u16(p + 8);
}

static inline void wire_put_port_id(uint8_t *p, const struct ptpdk_port_identity *id)
{
	memcpy(p, id->clock_identity, PTPDK_CLOCK_ID_LEN);
	wire_put_u16(p + 8, id->port_number);
}

static inline void wire_get_quality(const uint8_t *p, struct ptpdk_clock_quality *q)
{
	q->clock_class = p[0];
	q->clock_accuracy = p[1];
	q->offset_scaled_log_variance = wire_get_u16(p + 2);
}

static inline void wire_put_quality(uint8_t *p, const struct ptpdk_clock_quality *q)
{
	p[0] = q->clock_class;
	p[1] = q->clock_accuracy;
	wire_put_u16(p + 2, q->offset_scaled_log_variance);
}

static inline void wire_get_scaled96(const uint8_t *p, struct ptpdk_scaled_ns96 *s)
{
	s->nanoseconds_msb = wire_get_u16(p);
	s->nanoseconds_lsb = wire_get_u64(p + 2);
	s->fractional_nanoseconds = wire_get_u16(p + 10);
}

static inline void wire_put_scaled96(uint8_t *p, const struct ptpdk_scaled_ns96 *s)
{
	wire_put_u16(p, s->nanoseconds_msb);
	wire_put_u64(p + 2, s->nanoseconds_lsb);
	wire_put_u16(p + 10, s->fractional_nanoseconds);
}

/* TLV value codec: value/len are the TLV's value octets (bounds already checked). */
enum ptpdk_reject tlv_decode_value(struct ptpdk_tlv *tlv, const uint8_t *value, uint16_t len,
				   int *is_known);
/* Writes the value of a known or raw TLV into len = ptpdk_tlv_value_length(tlv) octets. */
void tlv_encode_value(const struct ptpdk_tlv *tlv, uint8_t *out, size_t len);

/* Management dataField codec. */
enum ptpdk_reject mgmt_decode_data(struct ptpdk_tlv_management *m);
void mgmt_encode_data(const struct ptpdk_tlv_management *m, uint8_t *out);

#endif
