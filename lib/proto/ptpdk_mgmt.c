/* SPDX-License-Identifier: BSD-3-Clause */
/* Management data sets (1588-2008 15.5.3) and linuxptp's TIME_STATUS_NP. */
#include <string.h>

#include "ptpdk_codec_internal.h"

#define DDS_LEN	   20
#define CDS_LEN	   18
#define PDS_LEN	   32
#define TPDS_LEN   4
#define PORTDS_LEN 26
#define TSNP_LEN   50

size_t ptpdk_mgmt_data_set_length(uint16_t management_id)
{
	switch (management_id) {
	case PTPDK_MGMT_DEFAULT_DATA_SET:
		return DDS_LEN;
	case PTPDK_MGMT_CURRENT_DATA_SET:
		return CDS_LEN;
	case PTPDK_MGMT_PARENT_DATA_SET:
		return PDS_LEN;
	case PTPDK_MGMT_TIME_PROPERTIES_DATA_SET:
		return TPDS_LEN;
	case PTPDK_MGMT_PORT_DATA_SET:
		return PORTDS_LEN;
	case PTPDK_MGMT_TIME_STATUS_NP:
		return TSNP_LEN;
	default:
		return 0;
	}
}

static void default_ds_decode(struct ptpdk_ds_default *ds, const uint8_t *d)
{
	ds->flags = d[0];
	ds->number_ports = wire_get_u16(d + 2);
	ds->priority1 = d[4];
	wire_get_quality(d + 5, &ds->clock_quality);
	ds->priority2 = d[9];
	memcpy(ds->clock_identity, d + 10, PTPDK_CLOCK_ID_LEN);
	ds->domain_number = d[18];
}

static void default_ds_encode(const struct ptpdk_ds_default *ds, uint8_t *d)
{
	d[0] = ds->flags;
	wire_put_u16(d + 2, ds->number_ports);
	d[4] = ds->priority1;
	wire_put_quality(d + 5, &ds->clock_quality);
	d[9] = ds->priority2;
	memcpy(d + 10, ds->clock_identity, PTPDK_CLOCK_ID_LEN);
	d[18] = ds->domain_number;
}

static void current_ds_decode(struct ptpdk_ds_current *ds, const uint8_t *d)
{
	ds->steps_removed = wire_get_u16(d);
	ds->offset_from_master = (int64_t)wire_get_u64(d + 2);
	ds->mean_path_delay = (int64_t)wire_get_u64(d + 10);
}

static void current_ds_encode(const struct ptpdk_ds_current *ds, uint8_t *d)
{
	wire_put_u16(d, ds->steps_removed);
	wire_put_u64(d + 2, (uint64_t)ds->offset_from_master);
	wire_put_u64(d + 10, (uint64_t)ds->mean_path_delay);
}

static void parent_ds_decode(struct ptpdk_ds_parent *ds, const uint8_t *d)
{
	wire_get_port_id(d, &ds->parent_port_identity);
	ds->flags = d[10];
	ds->observed_parent_offset_scaled_log_variance = wire_get_u16(d + 12);
	ds->observed_parent_clock_phase_change_rate = (int32_t)wire_get_u32(d + 14);
	ds->grandmaster_priority1 = d[18];
	wire_get_quality(d + 19, &ds->grandmaster_clock_quality);
	ds->grandmaster_priority2 = d[23];
	memcpy(ds->grandmaster_identity, d + 24, PTPDK_CLOCK_ID_LEN);
}

static void parent_ds_encode(const struct ptpdk_ds_parent *ds, uint8_t *d)
{
	wire_put_port_id(d, &ds->parent_port_identity);
	d[10] = ds->flags;
	wire_put_u16(d + 12, ds->observed_parent_offset_scaled_log_variance);
	wire_put_u32(d + 14, (uint32_t)ds->observed_parent_clock_phase_change_rate);
	d[18] = ds->grandmaster_priority1;
	wire_put_quality(d + 19, &ds->grandmaster_clock_quality);
	d[23] = ds->grandmaster_priority2;
	memcpy(d + 24, ds->grandmaster_identity, PTPDK_CLOCK_ID_LEN);
}

static void port_ds_decode(struct ptpdk_ds_port *ds, const uint8_t *d)
{
	wire_get_port_id(d, &ds->port_identity);
	ds->port_state = d[10];
	ds->log_min_delay_req_interval = (int8_t)d[11];
	ds->peer_mean_path_delay = (int64_t)wire_get_u64(d + 12);
	ds->log_announce_interval = (int8_t)d[20];
	ds->announce_receipt_timeout = d[21];
	ds->log_sync_interval = (int8_t)d[22];
	ds->delay_mechanism = d[23];
	ds->log_min_pdelay_req_interval = (int8_t)d[24];
	ds->version_number = d[25] & 0x0f;
}

static void port_ds_encode(const struct ptpdk_ds_port *ds, uint8_t *d)
{
	wire_put_port_id(d, &ds->port_identity);
	d[10] = ds->port_state;
	d[11] = (uint8_t)ds->log_min_delay_req_interval;
	wire_put_u64(d + 12, (uint64_t)ds->peer_mean_path_delay);
	d[20] = (uint8_t)ds->log_announce_interval;
	d[21] = ds->announce_receipt_timeout;
	d[22] = (uint8_t)ds->log_sync_interval;
	d[23] = ds->delay_mechanism;
	d[24] = (uint8_t)ds->log_min_pdelay_req_interval;
	d[25] = ds->version_number & 0x0f;
}

static void time_status_decode(struct ptpdk_ds_time_status_np *ds, const uint8_t *d)
{
	ds->master_offset = (int64_t)wire_get_u64(d);
	ds->ingress_time = (int64_t)wire_get_u64(d + 8);
	ds->cumulative_scaled_rate_offset = (int32_t)wire_get_u32(d + 16);
	ds->scaled_last_gm_phase_change = (int32_t)wire_get_u32(d + 20);
	ds->gm_time_base_indicator = wire_get_u16(d + 24);
	wire_get_scaled96(d + 26, &ds->last_gm_phase_change);
	ds->gm_present = (int32_t)wire_get_u32(d + 38);
	memcpy(ds->gm_identity, d + 42, PTPDK_CLOCK_ID_LEN);
}

static void time_status_encode(const struct ptpdk_ds_time_status_np *ds, uint8_t *d)
{
	wire_put_u64(d, (uint64_t)ds->master_offset);
	wire_put_u64(d + 8, (uint64_t)ds->ingress_time);
	wire_put_u32(d + 16, (uint32_t)ds->cumulative_scaled_rate_offset);
	wire_put_u32(d + 20, (uint32_t)ds->scaled_last_gm_phase_change);
	wire_put_u16(d + 24, ds->gm_time_base_indicator);
	wire_put_scaled96(d + 26, &ds->last_gm_phase_change);
	wire_put_u32(d + 38, (uint32_t)ds->gm_present);
	memcpy(d + 42, ds->gm_identity, PTPDK_CLOCK_ID_LEN);
}

enum ptpdk_reject mgmt_decode_data(struct ptpdk_tlv_management *m)
{
	size_t need = ptpdk_mgmt_data_set_length(m->management_id);
	const uint8_t *d = m->data;

	/* An empty dataField is a GET (or pmc -z); unknown ids stay raw. */
	if (need == 0 || m->data_length == 0)
		return PTPDK_REJECT_NONE;
	if (m->data_length < need)
		return PTPDK_REJECT_BAD_TLV_LENGTH;
	m->data_parsed = true;
	switch (m->management_id) {
	case PTPDK_MGMT_DEFAULT_DATA_SET:
		default_ds_decode(&m->ds.default_ds, d);
		break;
	case PTPDK_MGMT_CURRENT_DATA_SET:
		current_ds_decode(&m->ds.current_ds, d);
		break;
	case PTPDK_MGMT_PARENT_DATA_SET:
		parent_ds_decode(&m->ds.parent_ds, d);
		break;
	case PTPDK_MGMT_TIME_PROPERTIES_DATA_SET:
		m->ds.time_properties_ds.current_utc_offset = (int16_t)wire_get_u16(d);
		m->ds.time_properties_ds.flags = d[2];
		m->ds.time_properties_ds.time_source = d[3];
		break;
	case PTPDK_MGMT_PORT_DATA_SET:
		port_ds_decode(&m->ds.port_ds, d);
		break;
	case PTPDK_MGMT_TIME_STATUS_NP:
		time_status_decode(&m->ds.time_status_np, d);
		break;
	default:
		break;
	}
	return PTPDK_REJECT_NONE;
}

void mgmt_encode_data(const struct ptpdk_tlv_management *m, uint8_t *d)
{
	if (!m->data_parsed) {
		if (m->data_length)
			memcpy(d, m->data, m->data_length);
		return;
	}
	switch (m->management_id) {
	case PTPDK_MGMT_DEFAULT_DATA_SET:
		default_ds_encode(&m->ds.default_ds, d);
		break;
	case PTPDK_MGMT_CURRENT_DATA_SET:
		current_ds_encode(&m->ds.current_ds, d);
		break;
	case PTPDK_MGMT_PARENT_DATA_SET:
		parent_ds_encode(&m->ds.parent_ds, d);
		break;
	case PTPDK_MGMT_TIME_PROPERTIES_DATA_SET:
		wire_put_u16(d, (uint16_t)m->ds.time_properties_ds.current_utc_offset);
		d[2] = m->ds.time_properties_ds.flags;
		d[3] = m->ds.time_properties_ds.time_source;
		break;
	case PTPDK_MGMT_PORT_DATA_SET:
		port_ds_encode(&m->ds.port_ds, d);
		break;
	case PTPDK_MGMT_TIME_STATUS_NP:
		time_status_encode(&m->ds.time_status_np, d);
		break;
	default:
		break;
	}
}
