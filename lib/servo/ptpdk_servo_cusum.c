/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_servo_cusum.h"

#include <math.h>

void pd_cusum_init(struct pd_cusum *c, double k, double h, double clip)
{
	c->k = k;
	c->h = h;
	c->clip = clip;
	pd_cusum_clear(c);
}

void pd_cusum_clear(struct pd_cusum *c)
{
	c->hi = 0.0;
	c->lo = 0.0;
	c->hi_t0 = 0.0;
	c->lo_t0 = 0.0;
}

bool pd_cusum_add(struct pd_cusum *c, double t, double z, double *since)
{
	if (!isfinite(z))
		return false;
	z = fmax(fmin(z, c->clip), -c->clip);
	if (c->hi == 0.0)
		c->hi_t0 = t;
	if (c->lo == 0.0)
		c->lo_t0 = t;
	c->hi = fmax(0.0, c->hi + z - c->k);
	c->lo = fmax(0.0, c->lo - z - c->k);
	if (c->hi > c->h || c->lo > c->h) {
		*since = c->hi > c->h ? c->hi_t0 : c->lo_t0;
		pd_cusum_clear(c);
		return true;
	}
	return false;
}
