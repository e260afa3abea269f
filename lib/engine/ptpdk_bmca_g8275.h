/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The data set comparison of the ITU-T telecom profiles' alternate BMCA (G.8275.1
 * clause 6.3 and G.8275.2 clause 6.7; ptp4l `dataset_comparison G.8275.x`). Pure.
 *
 * What differs from IEEE 1588-2008 9.3.4 (ptpdk_bmca.h):
 * - priority1 takes no part (the profiles fix it at 128);
 * - after priority2 comes localPriority: for a foreign master the receiving port's
 *   portDS.localPriority, for our own data set defaultDS.localPriority (1..255,
 *   lower wins), so an operator can rank masters and ports of equal quality;
 * - grandmasters of a class of 127 or less that tie on everything above are taken as
 *   equivalent (several active T-GMs serve one network): the nearer one wins, by
 *   stepsRemoved and then the sender and receiver port identities (figure 28),
 *   without looking at clockIdentity. Above class 127 the clockIdentity breaks the
 *   tie as in 1588, and the topology decides only within one grandmaster.
 * The state decision (figure 26), the master-only ports (ptp4l masterOnly, G.8275.1
 * portDS.masterOnly: their foreign masters never become Erbest) and the
 * qualification of Announce messages stay as they are.
 */
#ifndef PTPDK_BMCA_G8275_H
#define PTPDK_BMCA_G8275_H

#include "ptpdk_bmca.h"

/**
 * Compare two data sets by the alternate BMCA: clockClass, clockAccuracy,
 * offsetScaledLogVariance, priority2, localPriority (each lower is better); then
 * stepsRemoved and port identities for equivalent grandmasters (class <= 127), or
 * clockIdentity and then the topology otherwise.
 * @return one of PTPDK_BMCA_*; positive when @p a is better
 */
int ptpdk_bmca_g8275_compare(const struct ptpdk_bmca_dataset *a,
			     const struct ptpdk_bmca_dataset *b);

#endif
