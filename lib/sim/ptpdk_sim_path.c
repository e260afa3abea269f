/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_sim_path.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRACE_MAX_LEN (16u * 1024 * 1024)

static int trace_push(struct ptpdk_sim_link *l, double v, size_t *cap)
{
	if (l->trace_len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		double *n = realloc(l->trace, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		l->trace = n;
		*cap = ncap;
	}
	l->trace[l->trace_len++] = v;
	return 0;
}

static int trace_load(struct ptpdk_sim_link *l, const char *path, char *err, size_t err_len)
{
	FILE *f = fopen(path, "r");
	char line[256];
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;

	if (!f) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -EIO;
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		double v;

		lineno++;
		p += strspn(p, " \t");
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		v = strtod(p, &end);
		end += strspn(end, " \t\r\n");
		if (end == p || *end != '\0' || !isfinite(v) || v < 0.0) {
			snprintf(err, err_len, "%s:%u: not a delay in ns >= 0", path, lineno);
			rc = -EINVAL;
		} else if (l->trace_len >= TRACE_MAX_LEN) {
			snprintf(err, err_len, "%s: more than %u delays", path, TRACE_MAX_LEN);
			rc = -EINVAL;
		} else {
			rc = trace_push(l, v, &cap);
		}
	}
	fclose(f);
	if (rc == 0 && l->trace_len == 0) {
		snprintf(err, err_len, "%s: no delays in the trace", path);
		rc = -EINVAL;
	}
	return rc;
}

int ptpdk_sim_link_init(struct ptpdk_sim_link *l, const struct ptpdk_sim_path *cfg, uint64_t seed,
			uint64_t stream, char *err, size_t err_len)
{
	memset(l, 0, sizeof(*l));
	l->cfg = cfg;
	ptpdk_sim_rng_init(&l->rng, seed, stream);
	if (cfg->trace_file[0]) {
		int rc = trace_load(l, cfg->trace_file, err, err_len);

		if (rc) {
			ptpdk_sim_link_free(l);
			return rc;
		}
	}
	return 0;
}

void ptpdk_sim_link_free(struct ptpdk_sim_link *l)
{
	free(l->trace);
	l->trace = NULL;
	l->trace_len = 0;
}

const struct ptpdk_sim_dist *ptpdk_sim_link_jitter_at(const struct ptpdk_sim_path *p, double t_s)
{
	const struct ptpdk_sim_dist *d = &p->jitter;

	if (p->load_period_s > 0.0 && p->n_loads > 0) {
		unsigned long phase = (unsigned long)floor(t_s / p->load_period_s);

		return phase % 2 ? &p->loads[0].dist : &p->jitter;
	}
	for (unsigned i = 0; i < p->n_loads && p->loads[i].at_s <= t_s; i++)
		d = &p->loads[i].dist;
	return d;
}

bool ptpdk_sim_link_send(struct ptpdk_sim_link *l, uint64_t now_ns, uint64_t *arrival_ns)
{
	const struct ptpdk_sim_path *p = l->cfg;
	double delay;
	bool held = false;
	uint64_t at;

	/* Every packet makes the same draws whatever happens to it, so one packet's fate
	 * never shifts the draws of the next. */
	double u_loss = ptpdk_sim_rng_uniform(&l->rng);
	double u_outlier = ptpdk_sim_rng_uniform(&l->rng);
	double u_reorder = ptpdk_sim_rng_uniform(&l->rng);
	double jitter =
		ptpdk_sim_rng_dist(&l->rng, ptpdk_sim_link_jitter_at(p, (double)now_ns * 1e-9));
	double extra = ptpdk_sim_rng_dist(&l->rng, &p->outlier_dist);

	if (l->trace_len) {
		delay = l->trace[l->trace_next];
		l->trace_next = (l->trace_next + 1) % l->trace_len;
	} else {
		delay = p->base_ns + jitter;
	}
	if (u_loss < p->loss) {
		l->lost++;
		return false;
	}
	if (u_outlier < p->outlier) {
		delay += extra;
		l->outliers++;
	}
	if (u_reorder < p->reorder) {
		delay += p->reorder_ns;
		held = true;
		l->reordered++;
	}
	at = now_ns + (uint64_t)llround(delay);
	if (!held) {
		/* A queue does not let a packet overtake the one ahead of it. */
		if (at < l->last_arrival_ns)
			at = l->last_arrival_ns;
		l->last_arrival_ns = at;
	}
	*arrival_ns = at;
	return true;
}
