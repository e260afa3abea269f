/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_compliance_chain.h"

#include <errno.h>
#include <string.h>

int ptpdk_compliance_chain_init(struct ptpdk_compliance_chain *c, const char *instance)
{
	memset(c, 0, sizeof(*c));
	if (!ptpdk_compliance_name_valid(instance))
		return -EINVAL;
	strcpy(c->instance, instance);
	c->next_seq = 1;
	return 0;
}

int ptpdk_compliance_chain_continue(struct ptpdk_compliance_chain *c,
				    const struct ptpdk_compliance_record *last)
{
	if (strcmp(c->instance, last->instance) != 0)
		return -EXDEV;
	ptpdk_compliance_chain_commit(c, last);
	return 0;
}

int ptpdk_compliance_chain_format(const struct ptpdk_compliance_chain *c,
				  struct ptpdk_compliance_record *rec, char *line, size_t size)
{
	rec->seq = c->next_seq;
	strcpy(rec->instance, c->instance);
	memcpy(rec->prev, c->prev, sizeof(rec->prev));
	return ptpdk_compliance_record_format(rec, line, size);
}

void ptpdk_compliance_chain_commit(struct ptpdk_compliance_chain *c,
				   const struct ptpdk_compliance_record *rec)
{
	c->started = true;
	c->next_seq = rec->seq + 1;
	memcpy(c->prev, rec->hash, sizeof(c->prev));
	c->last = *rec;
}
