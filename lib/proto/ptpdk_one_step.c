/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_one_step.h"

#include <errno.h>
#include <stdbool.h>

#include "ptpdk_frame.h"
#include "ptpdk_msg.h"

static bool one_step_sync(const uint8_t *m, size_t len)
{
	/* messageType Sync, versionPTP 2, twoStepFlag (flagField octet 0, bit 1) clear:
	 * a two-step Sync's time travels in its Follow_Up and must not be touched. */
	return len >= PTPDK_ONE_STEP_SYNC_LEN && (m[0] & 0x0F) == PTPDK_MSG_SYNC &&
	       (m[1] & 0x0F) == 2 && !(m[6] & (PTPDK_FLAG_TWO_STEP >> 8));
}

static int patch(uint8_t *buf, const struct ptpdk_frame *f, struct ptpdk_tmv t)
{
	const uint8_t *m = buf + f->payload_offset;
	struct ptpdk_wire_ts ts;
	uint8_t origin[10], corr[8];
	uint64_t c = 0;
	int64_t sum;
	int rc;

	if (!one_step_sync(m, f->payload_length))
		return -EINVAL;
	if (t.ns < 0 || ptpdk_tmv_to_wire_ts(t, &ts) != 0)
		return -ERANGE;
	for (int i = 0; i < 8; i++)
		c = c << 8 | m[PTPDK_ONE_STEP_CORRECTION_POS + i];
	/* 11.2: originTimestamp + correctionField is the departure time; the fraction
	 * the whole-ns timestamp cannot carry joins whatever correction is there. */
	if (__builtin_add_overflow((int64_t)c, (int64_t)t.frac, &sum))
		return -ERANGE;
	for (int i = 0; i < 8; i++)
		corr[i] = (uint8_t)((uint64_t)sum >> (56 - 8 * i));
	for (int i = 0; i < 6; i++)
		origin[i] = (uint8_t)(ts.seconds >> (40 - 8 * i));
	for (int i = 0; i < 4; i++)
		origin[6 + i] = (uint8_t)(ts.nanoseconds >> (24 - 8 * i));
	rc = ptpdk_frame_patch_payload(buf, f, PTPDK_ONE_STEP_ORIGIN_POS, origin, sizeof(origin));
	if (rc == 0 && t.frac)
		rc = ptpdk_frame_patch_payload(buf, f, PTPDK_ONE_STEP_CORRECTION_POS, corr,
					       sizeof(corr));
	return rc;
}

int ptpdk_one_step_patch_frame(uint8_t *frame, size_t len, struct ptpdk_tmv t)
{
	struct ptpdk_frame f;

	if (!frame || ptpdk_frame_parse(frame, len, 0, &f, NULL) != PTPDK_FRAME_PTP)
		return -EINVAL;
	return patch(frame, &f, t);
}

int ptpdk_one_step_patch_msg(uint8_t *msg, size_t len, struct ptpdk_tmv t)
{
	struct ptpdk_frame f = { .transport = PTPDK_TRANSPORT_L2 };

	if (!msg || len > UINT16_MAX)
		return -EINVAL;
	f.payload_length = (uint16_t)len;
	return patch(msg, &f, t);
}
