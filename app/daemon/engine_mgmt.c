/* SPDX-License-Identifier: BSD-3-Clause */
#include "engine_mgmt.h"

#include <errno.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_ring.h>

#include "ptpdk_ptp_clock.h"

/* SETs come from people typing pmc commands: a few in flight is plenty. */
#define COMMANDS 16

struct command {
	uint64_t ticket;
	struct ptpdk_mgmt_set set;
};

int engine_mgmt_init(struct engine_mgmt *m)
{
	memset(m, 0, sizeof(*m));
	m->commands = rte_ring_create_elem("ptpdk_mgmt", sizeof(struct command), COMMANDS,
					   (int)rte_socket_id(), RING_F_SP_ENQ | RING_F_SC_DEQ);
	return m->commands ? 0 : -ENOMEM;
}

void engine_mgmt_fini(struct engine_mgmt *m)
{
	rte_ring_free(m->commands);
	m->commands = NULL;
}

void engine_mgmt_publish(struct engine_mgmt *m, const struct ptpdk_ptp_clock *ptp, uint64_t now_ns)
{
	ptpdk_ptp_clock_mgmt_view(ptp, now_ns, &m->live.view);
	ptpdk_seq_write(&m->seq, &m->published, &m->live, sizeof(m->live));
}

unsigned engine_mgmt_apply(struct engine_mgmt *m, struct ptpdk_ptp_clock *ptp, uint64_t now_ns)
{
	struct command c;
	unsigned n = 0;

	while (rte_ring_dequeue_elem(m->commands, &c, sizeof(c)) == 0) {
		m->live.last_rc = ptpdk_ptp_clock_mgmt_set(ptp, &c.set, now_ns);
		m->live.applied = c.ticket;
		engine_mgmt_publish(m, ptp, now_ns);
		n++;
	}
	return n;
}

uint64_t engine_mgmt_submit(struct engine_mgmt *m, const struct ptpdk_mgmt_set *set)
{
	struct command c = { .ticket = m->next_ticket + 1, .set = *set };

	if (rte_ring_enqueue_elem(m->commands, &c, sizeof(c)) != 0)
		return 0;
	return ++m->next_ticket;
}

int engine_mgmt_read(const struct engine_mgmt *m, struct engine_mgmt_state *out)
{
	return ptpdk_seq_read(&m->seq, out, &m->published, sizeof(*out), 1000) ? 0 : -EAGAIN;
}
