/* SPDX-License-Identifier: BSD-3-Clause */
#include "dump_msg.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dump_tlv.h"
#include "ptpdk_time.h"

static const char *const transport_names[] = { "l2", "udp4", "udp6" };

static const struct {
	uint16_t bit;
	const char *name;
} flag_names[] = {
	{ PTPDK_FLAG_ALTERNATE_MASTER, "alternate_master" },
	{ PTPDK_FLAG_TWO_STEP, "two_step" },
	{ PTPDK_FLAG_UNICAST, "unicast" },
	{ PTPDK_FLAG_PROFILE_SPECIFIC1, "profile1" },
	{ PTPDK_FLAG_PROFILE_SPECIFIC2, "profile2" },
	{ PTPDK_FLAG_LEAP61, "leap61" },
	{ PTPDK_FLAG_LEAP59, "leap59" },
	{ PTPDK_FLAG_UTC_OFFSET_VALID, "utc_offset_valid" },
	{ PTPDK_FLAG_PTP_TIMESCALE, "ptp_timescale" },
	{ PTPDK_FLAG_TIME_TRACEABLE, "time_traceable" },
	{ PTPDK_FLAG_FREQ_TRACEABLE, "freq_traceable" },
	{ PTPDK_FLAG_SYNC_UNCERTAIN, "sync_uncertain" },
};

void dump_format_clock_id(const uint8_t id[PTPDK_CLOCK_ID_LEN], char out[19])
{
	snprintf(out, 19, "%02x%02x%02x.%02x%02x.%02x%02x%02x", id[0], id[1], id[2], id[3], id[4],
		 id[5], id[6], id[7]);
}

void dump_emit_clock_id(struct dump_emit *e, const char *key, const uint8_t *id)
{
	char buf[19];

	dump_format_clock_id(id, buf);
	emit_str(e, key, buf);
}

void dump_emit_port_id(struct dump_emit *e, const char *key, const struct ptpdk_port_identity *p)
{
	char buf[19], out[32];

	dump_format_clock_id(p->clock_identity, buf);
	snprintf(out, sizeof(out), "%s-%u", buf, p->port_number);
	emit_str(e, key, out);
}

void dump_checksum_marks(struct dump_emit *e, unsigned faults)
{
	static const struct {
		unsigned bit;
		const char *layer;
		const char *mark;
	} marks[] = {
		{ PTPDK_FRAME_CSUM_BAD_IP, "ip", "[bad ip checksum]" },
		{ PTPDK_FRAME_CSUM_BAD_UDP, "udp", "[bad udp checksum]" },
	};
	size_t i;

	if (!faults)
		return;
	if (e->format == DUMP_JSON)
		emit_open_list(e, "bad_checksum");
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		if (!(faults & marks[i].bit))
			continue;
		/* Keyless: a list element in JSON, a bare word in the text line. */
		if (e->format == DUMP_JSON)
			emit_str(e, NULL, marks[i].layer);
		else
			emit_raw(e, NULL, marks[i].mark);
	}
	if (e->format == DUMP_JSON)
		emit_close_list(e);
}

static void emit_ts(struct dump_emit *e, const char *key, const struct ptpdk_wire_ts *ts)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%" PRIu64 ".%09" PRIu32, ts->seconds, ts->nanoseconds);
	emit_decimal(e, key, buf);
}

/* Scaled ns rendered exactly: 2^-16 ns needs at most 16 decimal places. */
static void emit_scaled(struct dump_emit *e, const char *key, int64_t scaled)
{
	char buf[48];
	uint64_t mag = scaled < 0 ? (uint64_t)0 - (uint64_t)scaled : (uint64_t)scaled;
	uint64_t frac = (mag & 0xffff) * 152587890625ULL; /* 10^16 / 2^16 */

	if (mag & 0xffff)
		snprintf(buf, sizeof(buf), "%s%" PRIu64 ".%016" PRIu64, scaled < 0 ? "-" : "",
			 mag >> 16, frac);
	else
		snprintf(buf, sizeof(buf), "%s%" PRIu64, scaled < 0 ? "-" : "", mag >> 16);
	/* Trim trailing zeros of the fraction for readability. */
	if (strchr(buf, '.')) {
		char *end = buf + strlen(buf) - 1;

		while (*end == '0')
			*end-- = '\0';
	}
	emit_raw(e, key, buf);
}

static void emit_flags(struct dump_emit *e, uint16_t flags)
{
	char buf[256] = "";
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (flags & flag_names[i].bit) {
			if (buf[0])
				strcat(buf, ",");
			strcat(buf, flag_names[i].name);
		}
	}
	if (e->format == DUMP_JSON) {
		emit_uint(e, "flags", flags);
		emit_str(e, "flag_names", buf);
	} else {
		char both[300];

		snprintf(both, sizeof(both), "0x%04x%s%s", flags, buf[0] ? ":" : "", buf);
		emit_raw(e, "flags", both);
	}
}

static void emit_addr(struct dump_emit *e, const char *key, const char *port_key,
		      const struct ptpdk_frame *f, const uint8_t *ip, const uint8_t *mac,
		      uint16_t port)
{
	char buf[INET6_ADDRSTRLEN];

	if (f->transport == PTPDK_TRANSPORT_L2) {
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
			 mac[3], mac[4], mac[5]);
		emit_str(e, key, buf);
		return;
	}
	inet_ntop(f->transport == PTPDK_TRANSPORT_UDP6 ? AF_INET6 : AF_INET, ip, buf, sizeof(buf));
	emit_str(e, key, buf);
	emit_uint(e, port_key, port);
}

void dump_frame_fields(struct dump_emit *e, uint64_t frame_no, int64_t ts_ns,
		       const struct ptpdk_frame *f)
{
	char buf[40];

	emit_uint(e, "frame", frame_no);
	snprintf(buf, sizeof(buf), "%" PRId64 ".%09" PRId64, (int64_t)(ts_ns / 1000000000),
		 (int64_t)(ts_ns % 1000000000));
	emit_decimal(e, "time", buf);
	emit_str(e, "transport", transport_names[f->transport]);
	if (f->has_vlan) {
		emit_uint(e, "vlan", f->vlan_tci & 0x0fff);
		emit_uint(e, "pcp", f->vlan_tci >> 13);
	}
	emit_addr(e, "src", "sport", f, f->src_ip, f->src_mac, f->src_port);
	emit_addr(e, "dst", "dport", f, f->dst_ip, f->dst_mac, f->dst_port);
}

static void emit_announce(struct dump_emit *e, const struct ptpdk_body_announce *a)
{
	emit_ts(e, "origin", &a->origin_timestamp);
	emit_int(e, "utc_offset", a->current_utc_offset);
	emit_uint(e, "gm_priority1", a->grandmaster_priority1);
	emit_uint(e, "gm_class", a->grandmaster_clock_quality.clock_class);
	emit_uint(e, "gm_accuracy", a->grandmaster_clock_quality.clock_accuracy);
	emit_uint(e, "gm_variance", a->grandmaster_clock_quality.offset_scaled_log_variance);
	emit_uint(e, "gm_priority2", a->grandmaster_priority2);
	dump_emit_clock_id(e, "gm_identity", a->grandmaster_identity);
	emit_uint(e, "steps_removed", a->steps_removed);
	emit_uint(e, "time_source", a->time_source);
}

static void emit_body(struct dump_emit *e, const struct ptpdk_msg *m)
{
	switch (m->header.message_type) {
	case PTPDK_MSG_SYNC:
	case PTPDK_MSG_DELAY_REQ:
	case PTPDK_MSG_PDELAY_REQ:
		emit_ts(e, "origin", &m->body.timestamp.timestamp);
		break;
	case PTPDK_MSG_FOLLOW_UP:
		emit_ts(e, "precise_origin", &m->body.timestamp.timestamp);
		break;
	case PTPDK_MSG_DELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP:
	case PTPDK_MSG_PDELAY_RESP_FOLLOW_UP:
		emit_ts(e,
			m->header.message_type == PTPDK_MSG_DELAY_RESP	  ? "receive"
			: m->header.message_type == PTPDK_MSG_PDELAY_RESP ? "request_receipt"
									  : "response_origin",
			&m->body.response.timestamp);
		dump_emit_port_id(e, "requesting", &m->body.response.requesting_port_identity);
		break;
	case PTPDK_MSG_ANNOUNCE:
		emit_announce(e, &m->body.announce);
		break;
	case PTPDK_MSG_MANAGEMENT:
		emit_uint(e, "starting_hops", m->body.targeted.starting_boundary_hops);
		emit_uint(e, "hops", m->body.targeted.boundary_hops);
		emit_uint(e, "action", m->body.targeted.action);
		dump_emit_port_id(e, "target", &m->body.targeted.target_port_identity);
		break;
	case PTPDK_MSG_SIGNALING:
		dump_emit_port_id(e, "target", &m->body.targeted.target_port_identity);
		break;
	default:
		break;
	}
}

void dump_msg_fields(struct dump_emit *e, const struct ptpdk_msg *m)
{
	const struct ptpdk_header *h = &m->header;
	unsigned i;

	emit_str(e, "type", ptpdk_msg_type_name(h->message_type));
	if (e->format == DUMP_JSON) {
		emit_uint(e, "message_type", h->message_type);
		emit_uint(e, "version", h->version);
		emit_uint(e, "minor_version", h->minor_version);
		emit_uint(e, "length", h->message_length);
		emit_uint(e, "sdo", h->major_sdo_id);
		emit_uint(e, "minor_sdo", h->minor_sdo_id);
		emit_uint(e, "control", h->control_field);
		emit_uint(e, "type_specific", h->message_type_specific);
	}
	emit_uint(e, "domain", h->domain_number);
	emit_uint(e, "seq", h->sequence_id);
	dump_emit_port_id(e, "source", &h->source_port_identity);
	emit_flags(e, h->flags);
	emit_int(e, "log_interval", h->log_message_interval);
	emit_scaled(e, "correction_ns", h->correction);
	if (e->format == DUMP_JSON)
		emit_int(e, "correction_scaled", h->correction);
	emit_body(e, m);
	if (m->tlv_count == 0)
		return;
	emit_open_list(e, "tlvs");
	for (i = 0; i < m->tlv_count; i++)
		dump_tlv_fields(e, &m->tlvs[i]);
	emit_close_list(e);
}
