/* SPDX-License-Identifier: BSD-3-Clause */
/* What a chain run leaves: releasing it and summarising its clocks. */
#include <errno.h>
#include <stdlib.h>

#include "ptpdk_sim_chain.h"

void ptpdk_sim_chain_result_free(struct ptpdk_sim_chain_result *r)
{
	if (!r)
		return;
	for (unsigned i = 0; i < PTPDK_SIM_CHAIN_MAX_CLOCKS; i++) {
		ptpdk_sim_result_free(&r->clocks[i].to_gm);
		ptpdk_sim_result_free(&r->clocks[i].hop);
	}
}

int ptpdk_sim_chain_summarize(const struct ptpdk_sim_scenario *sc,
			      const struct ptpdk_sim_chain_result *r, unsigned index, bool hop,
			      struct ptpdk_sim_summary *out)
{
	struct ptpdk_sim_scenario *view;
	const struct ptpdk_sim_chain_clock *c;
	int rc;

	if (!sc || !r || !out || index == 0 || index >= r->n_clocks)
		return -EINVAL;
	c = &r->clocks[index];
	/* The summary looks for oscillator events (frequency steps, ramps) in the
	 * scenario's [oscillator]: for a boundary clock they are its own. The scenario
	 * is large; the copy goes on the heap. */
	view = malloc(sizeof(*view));
	if (!view)
		return -ENOMEM;
	*view = *sc;
	if (c->role == PTPDK_SIM_CHAIN_BC)
		view->osc = sc->bcs[index - 1].osc;
	rc = ptpdk_sim_summarize(view, hop ? &c->hop : &c->to_gm, out);
	free(view);
	return rc;
}
