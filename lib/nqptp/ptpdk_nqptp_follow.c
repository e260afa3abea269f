/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "ptpdk_nqptp_follow.h"

static const char *const verdict_names[PTPDK_NQPTP_VERDICT_COUNT] = {
	[PTPDK_NQPTP_PUBLISH] = "publish",
	[PTPDK_NQPTP_NO_PEERS] = "no-peers",
	[PTPDK_NQPTP_NOT_PLAYING] = "not-playing",
	[PTPDK_NQPTP_MASTER_NOT_HEARD] = "master-not-heard",
	[PTPDK_NQPTP_MASTER_NOT_ANNOUNCED] = "master-not-announced",
	[PTPDK_NQPTP_MASTER_NO_SAMPLE] = "master-no-sample",
};

const char *ptpdk_nqptp_verdict_name(enum ptpdk_nqptp_verdict v)
{
	return (unsigned)v < PTPDK_NQPTP_VERDICT_COUNT ? verdict_names[v] : "unknown";
}

void ptpdk_nqptp_follow_init(struct ptpdk_nqptp_follow *f)
{
	memset(f, 0, sizeof(*f));
}

void ptpdk_nqptp_follow_command(struct ptpdk_nqptp_follow *f, const struct ptpdk_nqptp_ctl_msg *msg,
				uint64_t now_ns)
{
	switch (msg->cmd) {
	case PTPDK_NQPTP_CMD_PEERS:
		f->n_peers = msg->n_peers <= PTPDK_NQPTP_MAX_PEERS ? msg->n_peers
								   : PTPDK_NQPTP_MAX_PEERS;
		memcpy(f->peers, msg->peers, f->n_peers * sizeof(f->peers[0]));
		break;
	case PTPDK_NQPTP_CMD_CLEAR:
		ptpdk_nqptp_follow_init(f);
		break;
	case PTPDK_NQPTP_CMD_PLAY:
		f->playing = true;
		f->stopping = false;
		break;
	case PTPDK_NQPTP_CMD_STOP:
		/* an E without a B before it has nothing to keep valid */
		if (f->playing) {
			f->playing = false;
			f->stopping = true;
			f->stop_deadline_ns = now_ns + PTPDK_NQPTP_STOP_GRACE_NS;
		}
		break;
	case PTPDK_NQPTP_CMD_PAUSE:
	case PTPDK_NQPTP_CMD_COUNT:
		break;
	}
}

enum ptpdk_nqptp_verdict ptpdk_nqptp_follow_decide(const struct ptpdk_nqptp_follow *f,
						   const struct ptpdk_monitor *m, uint64_t now_ns,
						   int64_t raw_minus_ours_ns,
						   struct ptpdk_nqptp_record *out)
{
	const struct ptpdk_monitor_clock *c;

	memset(out, 0, sizeof(*out));
	if (f->n_peers == 0)
		return PTPDK_NQPTP_NO_PEERS;
	/* signed: a "now" read just before the E was stamped is still inside */
	if (!f->playing && !(f->stopping && (int64_t)(f->stop_deadline_ns - now_ns) > 0))
		return PTPDK_NQPTP_NOT_PLAYING;
	c = ptpdk_monitor_find_source(m, &f->peers[0]);
	if (!c)
		return PTPDK_NQPTP_MASTER_NOT_HEARD;
	if (!c->announced)
		return PTPDK_NQPTP_MASTER_NOT_ANNOUNCED;
	if (!c->has_offset)
		return PTPDK_NQPTP_MASTER_NO_SAMPLE;
	out->master_clock_id = ptpdk_monitor_id_u64(c->gm_identity);
	/* master = ours + offset = raw - (raw - ours) + offset; the region's arithmetic
	 * is modulo 2^64, as its readers add the two */
	out->local_time = (uint64_t)c->sample_ours_ns + (uint64_t)raw_minus_ours_ns;
	out->local_to_master_time_offset = (uint64_t)c->offset_ns - (uint64_t)raw_minus_ours_ns;
	out->master_clock_start_time = c->master_since_ns;
	/* a grandmaster identity of zero would read as "no master" anyway */
	if (out->master_clock_id == 0) {
		memset(out, 0, sizeof(*out));
		return PTPDK_NQPTP_MASTER_NOT_ANNOUNCED;
	}
	return PTPDK_NQPTP_PUBLISH;
}
