/* SPDX-License-Identifier: BSD-3-Clause */
#include "clock.h"

#include <errno.h>
#include <stdlib.h>

int64_t sync_clock_read(struct sync_clock *c, int64_t realtime_ns)
{
	return c->ops->read ? c->ops->read(c, realtime_ns) : realtime_ns;
}

int sync_clock_set_freq(struct sync_clock *c, int64_t realtime_ns, double ppb)
{
	return c->ops->set_freq ? c->ops->set_freq(c, realtime_ns, ppb) : -ENOTSUP;
}

int sync_clock_step(struct sync_clock *c, int64_t ns)
{
	return c->ops->step ? c->ops->step(c, ns) : -ENOTSUP;
}

int sync_clock_set_sync(struct sync_clock *c, double error_bound_ns)
{
	return c->ops->set_sync ? c->ops->set_sync(c, error_bound_ns) : -ENOTSUP;
}

void sync_clock_destroy(struct sync_clock *c)
{
	if (!c)
		return;
	if (c->ops->destroy)
		c->ops->destroy(c);
	else
		free(c);
}
