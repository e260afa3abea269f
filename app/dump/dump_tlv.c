/* SPDX-License-Identifier: BSD-3-Clause */
#include "dump_tlv.h"

#include <inttypes.h>
#include <stdio.h>

#include "dump_msg.h"

static const char *tlv_type_name(uint16_t type)
{
	switch (type) {
	case PTPDK_TLV_MANAGEMENT:
		return "MANAGEMENT";
	case PTPDK_TLV_MANAGEMENT_ERROR_STATUS:
		return "MANAGEMENT_ERROR_STATUS";
	case PTPDK_TLV_ORGANIZATION_EXTENSION:
		return "ORGANIZATION_EXTENSION";
	case PTPDK_TLV_ORGANIZATION_EXTENSION_PROPAGATE:
		return "ORGANIZATION_EXTENSION_PROPAGATE";
	case PTPDK_TLV_ORGANIZATION_EXTENSION_NON_PROPAGATE:
		return "ORGANIZATION_EXTENSION_NON_PROPAGATE";
	case PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION:
		return "REQUEST_UNICAST_TRANSMISSION";
	case PTPDK_TLV_GRANT_UNICAST_TRANSMISSION:
		return "GRANT_UNICAST_TRANSMISSION";
	case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
		return "CANCEL_UNICAST_TRANSMISSION";
	case PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION:
		return "ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION";
	case PTPDK_TLV_PATH_TRACE:
		return "PATH_TRACE";
	default:
		return "UNKNOWN";
	}
}

static const char *mgmt_id_name(uint16_t id)
{
	switch (id) {
	case PTPDK_MGMT_DEFAULT_DATA_SET:
		return "DEFAULT_DATA_SET";
	case PTPDK_MGMT_CURRENT_DATA_SET:
		return "CURRENT_DATA_SET";
	case PTPDK_MGMT_PARENT_DATA_SET:
		return "PARENT_DATA_SET";
	case PTPDK_MGMT_TIME_PROPERTIES_DATA_SET:
		return "TIME_PROPERTIES_DATA_SET";
	case PTPDK_MGMT_PORT_DATA_SET:
		return "PORT_DATA_SET";
	case PTPDK_MGMT_TIME_STATUS_NP:
		return "TIME_STATUS_NP";
	default:
		return NULL;
	}
}

static void emit_quality(struct dump_emit *e, const struct ptpdk_clock_quality *q)
{
	emit_uint(e, "class", q->clock_class);
	emit_uint(e, "accuracy", q->clock_accuracy);
	emit_uint(e, "variance", q->offset_scaled_log_variance);
}

static void emit_data_set(struct dump_emit *e, const struct ptpdk_tlv_management *m)
{
	switch (m->management_id) {
	case PTPDK_MGMT_DEFAULT_DATA_SET: {
		const struct ptpdk_ds_default *d = &m->ds.default_ds;

		emit_uint(e, "two_step", !!(d->flags & PTPDK_DDS_FLAG_TWO_STEP));
		emit_uint(e, "slave_only", !!(d->flags & PTPDK_DDS_FLAG_SLAVE_ONLY));
		emit_uint(e, "number_ports", d->number_ports);
		emit_uint(e, "priority1", d->priority1);
		emit_quality(e, &d->clock_quality);
		emit_uint(e, "priority2", d->priority2);
		dump_emit_clock_id(e, "clock_identity", d->clock_identity);
		emit_uint(e, "domain", d->domain_number);
		break;
	}
	case PTPDK_MGMT_CURRENT_DATA_SET:
		emit_uint(e, "steps_removed", m->ds.current_ds.steps_removed);
		emit_int(e, "offset_from_master_scaled", m->ds.current_ds.offset_from_master);
		emit_int(e, "mean_path_delay_scaled", m->ds.current_ds.mean_path_delay);
		break;
	case PTPDK_MGMT_PARENT_DATA_SET: {
		const struct ptpdk_ds_parent *p = &m->ds.parent_ds;

		dump_emit_port_id(e, "parent", &p->parent_port_identity);
		emit_uint(e, "parent_stats", p->flags & 1);
		emit_uint(e, "observed_variance", p->observed_parent_offset_scaled_log_variance);
		emit_int(e, "observed_phase_change_rate",
			 p->observed_parent_clock_phase_change_rate);
		emit_uint(e, "gm_priority1", p->grandmaster_priority1);
		emit_quality(e, &p->grandmaster_clock_quality);
		emit_uint(e, "gm_priority2", p->grandmaster_priority2);
		dump_emit_clock_id(e, "gm_identity", p->grandmaster_identity);
		break;
	}
	case PTPDK_MGMT_TIME_PROPERTIES_DATA_SET:
		emit_int(e, "utc_offset", m->ds.time_properties_ds.current_utc_offset);
		emit_uint(e, "tp_flags", m->ds.time_properties_ds.flags);
		emit_uint(e, "time_source", m->ds.time_properties_ds.time_source);
		break;
	case PTPDK_MGMT_PORT_DATA_SET: {
		const struct ptpdk_ds_port *p = &m->ds.port_ds;

		dump_emit_port_id(e, "port", &p->port_identity);
		emit_uint(e, "state", p->port_state);
		emit_int(e, "log_min_delay_req", p->log_min_delay_req_interval);
		emit_int(e, "peer_mean_path_delay_scaled", p->peer_mean_path_delay);
		emit_int(e, "log_announce", p->log_announce_interval);
		emit_uint(e, "announce_timeout", p->announce_receipt_timeout);
		emit_int(e, "log_sync", p->log_sync_interval);
		emit_uint(e, "delay_mechanism", p->delay_mechanism);
		emit_int(e, "log_min_pdelay_req", p->log_min_pdelay_req_interval);
		emit_uint(e, "version", p->version_number);
		break;
	}
	case PTPDK_MGMT_TIME_STATUS_NP: {
		const struct ptpdk_ds_time_status_np *t = &m->ds.time_status_np;

		emit_int(e, "master_offset", t->master_offset);
		emit_int(e, "ingress_time", t->ingress_time);
		emit_int(e, "cumulative_scaled_rate_offset", t->cumulative_scaled_rate_offset);
		emit_int(e, "scaled_last_gm_phase_change", t->scaled_last_gm_phase_change);
		emit_uint(e, "gm_time_base_indicator", t->gm_time_base_indicator);
		emit_int(e, "gm_present", t->gm_present);
		dump_emit_clock_id(e, "gm_identity", t->gm_identity);
		break;
	}
	default:
		break;
	}
}

static void emit_management(struct dump_emit *e, const struct ptpdk_tlv_management *m)
{
	const char *name = mgmt_id_name(m->management_id);

	emit_code(e, "id", m->management_id);
	if (name)
		emit_str(e, "name", name);
	if (m->data_parsed)
		emit_data_set(e, m);
	else if (m->data_length)
		emit_hex(e, "data", m->data, m->data_length);
}

static void emit_org(struct dump_emit *e, const struct ptpdk_tlv_org *o)
{
	emit_hex(e, "org_id", o->organization_id, 3);
	emit_hex(e, "org_subtype", o->organization_sub_type, 3);
	if (o->is_follow_up_info) {
		const struct ptpdk_follow_up_info *f = &o->follow_up_info;

		emit_int(e, "cumulative_scaled_rate_offset", f->cumulative_scaled_rate_offset);
		emit_uint(e, "gm_time_base_indicator", f->gm_time_base_indicator);
		emit_int(e, "scaled_last_gm_freq_change", f->scaled_last_gm_freq_change);
	} else if (o->data_length) {
		emit_hex(e, "data", o->data, o->data_length);
	}
}

void dump_tlv_fields(struct dump_emit *e, const struct ptpdk_tlv *t)
{
	unsigned i;

	emit_open(e, NULL);
	emit_str(e, "tlv", tlv_type_name(t->type));
	emit_uint(e, "tlv_type", t->type);
	emit_uint(e, "tlv_length", t->length);
	switch (t->type) {
	case PTPDK_TLV_MANAGEMENT:
		emit_management(e, &t->u.management);
		break;
	case PTPDK_TLV_MANAGEMENT_ERROR_STATUS:
		emit_uint(e, "error", t->u.management_error.management_error_id);
		emit_uint(e, "id", t->u.management_error.management_id);
		break;
	case PTPDK_TLV_ORGANIZATION_EXTENSION:
	case PTPDK_TLV_ORGANIZATION_EXTENSION_PROPAGATE:
	case PTPDK_TLV_ORGANIZATION_EXTENSION_NON_PROPAGATE:
		emit_org(e, &t->u.org);
		break;
	case PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION:
	case PTPDK_TLV_GRANT_UNICAST_TRANSMISSION:
	case PTPDK_TLV_CANCEL_UNICAST_TRANSMISSION:
	case PTPDK_TLV_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION:
		emit_str(e, "for", ptpdk_msg_type_name(t->u.unicast.message_type));
		if (t->type == PTPDK_TLV_REQUEST_UNICAST_TRANSMISSION ||
		    t->type == PTPDK_TLV_GRANT_UNICAST_TRANSMISSION) {
			emit_int(e, "log_period", t->u.unicast.log_inter_message_period);
			emit_uint(e, "duration", t->u.unicast.duration);
		}
		if (t->type == PTPDK_TLV_GRANT_UNICAST_TRANSMISSION)
			emit_uint(e, "renewal_invited", t->u.unicast.renewal_invited);
		break;
	case PTPDK_TLV_PATH_TRACE:
		emit_open_list(e, "path");
		for (i = 0; i < t->u.path_trace.count; i++)
			dump_emit_clock_id(e, NULL, t->u.path_trace.identities + 8 * i);
		emit_close_list(e);
		break;
	default:
		emit_hex(e, "value", t->value, t->length);
		break;
	}
	emit_close(e);
}
