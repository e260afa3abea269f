/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_tc.h"

#include <math.h>
#include <string.h>

#include "ptpdk_bmca.h"

void ptpdk_sim_tc_init(struct ptpdk_sim_tc_rt *tc, const struct ptpdk_sim_tc *cfg,
		       const struct ptpdk_sim_path *down, const struct ptpdk_sim_path *up,
		       uint64_t seed, uint64_t stream)
{
	memset(tc, 0, sizeof(*tc));
	tc->cfg = cfg;
	tc->residence[PTPDK_SIM_TC_DOWN] = &down->residence;
	tc->residence[PTPDK_SIM_TC_UP] = &up->residence;
	ptpdk_sim_rng_init(&tc->rng[PTPDK_SIM_TC_DOWN], seed, stream);
	ptpdk_sim_rng_init(&tc->rng[PTPDK_SIM_TC_UP], seed, stream + 1);
}

/* The TC's own stamp of true time @p t_ns: truncated to its resolution. */
static int64_t tc_stamp(const struct ptpdk_sim_tc_rt *tc, uint64_t t_ns)
{
	int64_t t = (int64_t)t_ns;

	if (tc->cfg->resolution_ns >= 1.0)
		t -= t % (int64_t)tc->cfg->resolution_ns;
	return t;
}

static bool is_residence_carrier(uint8_t type)
{
	return type == PTPDK_MSG_SYNC || type == PTPDK_MSG_DELAY_REQ;
}

static void hold(struct ptpdk_sim_tc_rt *tc, const struct ptpdk_msg *m, int64_t scaled)
{
	struct ptpdk_sim_tc_pending *p = &tc->pending[tc->next_pending];

	tc->next_pending = (tc->next_pending + 1) % PTPDK_SIM_TC_PENDING;
	*p = (struct ptpdk_sim_tc_pending){ .used = true,
					    .type = m->header.message_type,
					    .seq = m->header.sequence_id,
					    .sender = m->header.source_port_identity,
					    .residence_scaled = scaled };
}

/* The residence held for the Sync a Follow_Up completes, or the Delay_Req a
 * Delay_Resp answers; taken out of the table. */
static bool take(struct ptpdk_sim_tc_rt *tc, const struct ptpdk_msg *m, int64_t *scaled)
{
	uint8_t type = m->header.message_type == PTPDK_MSG_FOLLOW_UP ? PTPDK_MSG_SYNC
								     : PTPDK_MSG_DELAY_REQ;
	const struct ptpdk_port_identity *who =
		type == PTPDK_MSG_SYNC ? &m->header.source_port_identity
				       : &m->body.response.requesting_port_identity;

	for (unsigned i = 0; i < PTPDK_SIM_TC_PENDING; i++) {
		struct ptpdk_sim_tc_pending *p = &tc->pending[i];

		if (p->used && p->type == type && p->seq == m->header.sequence_id &&
		    ptpdk_port_identity_cmp(&p->sender, who) == 0) {
			p->used = false;
			*scaled = p->residence_scaled;
			return true;
		}
	}
	return false;
}

/* Where the residence of an event message goes (11.5.2, 11.5.3). */
static void correct(struct ptpdk_sim_tc_rt *tc, struct ptpdk_msg *m, int64_t scaled)
{
	uint8_t type = m->header.message_type;

	if (!tc->cfg->correction)
		return;
	if (is_residence_carrier(type)) {
		if (tc->cfg->mode == PTPDK_SIM_TC_ONE_STEP) {
			m->header.correction += scaled;
			tc->corrected++;
		} else {
			hold(tc, m, scaled);
		}
		return;
	}
	if (tc->cfg->mode == PTPDK_SIM_TC_TWO_STEP &&
	    (type == PTPDK_MSG_FOLLOW_UP || type == PTPDK_MSG_DELAY_RESP)) {
		int64_t held;

		if (take(tc, m, &held)) {
			m->header.correction += held;
			tc->corrected++;
		} else {
			tc->unmatched++;
		}
	}
}

uint64_t ptpdk_sim_tc_forward(struct ptpdk_sim_tc_rt *tc, enum ptpdk_sim_tc_dir dir,
			      struct ptpdk_msg *m, uint64_t in_ns)
{
	bool event = is_residence_carrier(m->header.message_type);
	uint64_t out = in_ns;
	int64_t measured = 0;

	if (event)
		out += (uint64_t)llround(ptpdk_sim_rng_dist(&tc->rng[dir], tc->residence[dir]));
	if (out < tc->last_out_ns[dir])
		out = tc->last_out_ns[dir];
	tc->last_out_ns[dir] = out;
	if (event) {
		measured = tc_stamp(tc, out) - tc_stamp(tc, in_ns);
		tc->resident[dir]++;
		tc->residence_sum_ns[dir] += (double)measured;
	}
	correct(tc, m, measured * 65536);
	return out;
}

double ptpdk_sim_tc_mean_residence_ns(const struct ptpdk_sim_tc_rt *tc, enum ptpdk_sim_tc_dir dir)
{
	return tc->resident[dir] ? tc->residence_sum_ns[dir] / (double)tc->resident[dir] : 0.0;
}
