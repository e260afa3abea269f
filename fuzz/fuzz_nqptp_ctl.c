/* SPDX-License-Identifier: BSD-3-Clause */
/* libFuzzer target: any octets as a datagram on nqptp's control port; the parser must
 * give a verdict and a consistent message, never crash or read past the datagram. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptpdk_nqptp_ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ptpdk_nqptp_ctl_counters counters;
	struct ptpdk_nqptp_ctl_msg m;
	enum ptpdk_nqptp_ctl_result r;
	uint8_t *copy;

	/* an exact-size heap copy, so that ASan catches a read one octet past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	r = ptpdk_nqptp_ctl_parse(copy, size, NULL, &m);
	if ((unsigned)r >= PTPDK_NQPTP_CTL_RESULT_COUNT || m.n_peers > PTPDK_NQPTP_MAX_PEERS)
		abort();
	if (r == PTPDK_NQPTP_CTL_OK && (m.cmd == PTPDK_NQPTP_CMD_PEERS) != (m.n_peers > 0))
		abort();
	if (r != PTPDK_NQPTP_CTL_OK && (m.n_peers != 0 || m.peers_dropped != 0))
		abort();
	ptpdk_nqptp_ctl_count(&counters, r, &m);
	free(copy);
	return 0;
}
