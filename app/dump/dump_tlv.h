/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DUMP_TLV_H
#define DUMP_TLV_H

#include "dump_emit.h"
#include "ptpdk_msg.h"

/** One TLV as an object: its type by name and every decoded field. */
void dump_tlv_fields(struct dump_emit *e, const struct ptpdk_tlv *tlv);

#endif
