/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The kernel-socket port: a port named "kernel:IFNAME" is an AF_PACKET socket on a
 * Linux interface instead of a DPDK ethdev, with the kernel's SO_TIMESTAMPING
 * software stamps (RX at netif_rx, TX at the driver's xmit via skb_tx_timestamp).
 * Those stamps are far closer to the wire than a TSC read around a poll of
 * net_af_packet, and the port also lets ptpdk run on NICs that DPDK does not own.
 *
 * Each stamp is converted to TSC ticks on the polling lcore (ptpdk_ts_map.h), so
 * the rest of ptpdk — engine, TSC clock, servo, shared region — is unchanged: events
 * and TX reports carry PTPDK_TS_TSC as on the DPDK path. The same classifier
 * (ptpdk_rxq_process()) decides what is PTP and counts the rest.
 *
 * Hooks: ptpdk_port_open/close/describe, ptpdk_rxq_poll and ptpdk_txq_poll hand a
 * port whose ->ksock is set to the functions here. One socket serves every RX queue
 * of the port (the kernel hands each frame to one reader); only the TX owner reads
 * the error queue and the table of stamps in flight below.
 *
 * Hardware stamps (a PHC owned by the kernel) are not implemented: time_stamping
 * hardware on a kernel port is refused with the reason.
 */
#ifndef PTPDK_KSOCK_H
#define PTPDK_KSOCK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_port.h"
#include "ptpdk_rxq.h"
#include "ptpdk_txq.h"

/** The prefix of a port name that selects this backend. */
#define PTPDK_KSOCK_PREFIX "kernel:"

/** TX stamps awaited at once (matched by messageType and sequenceId). */
#define PTPDK_KSOCK_TX_INFLIGHT 8

/** Frames one recvmmsg() call takes. */
#define PTPDK_KSOCK_RX_BATCH 8

/** A frame waiting for its TX stamp from the error queue. */
struct ptpdk_ksock_inflight {
	bool busy;
	uint64_t deadline_tsc;
	struct ptpdk_tx_report report; /**< cookie, ids and the sendmsg() TSC bracket */
};

struct ptpdk_ksock {
	int fd;
	int ifindex;
	char ifname[IF_NAMESIZE];
	uint64_t tsc_hz; /**< rate the stamps are converted with */
	struct ptpdk_ksock_inflight inflight[PTPDK_KSOCK_TX_INFLIGHT];
	unsigned n_inflight;
};

/** True when @p name selects a kernel-socket port ("kernel:IFNAME"). */
bool ptpdk_ksock_is_name(const char *name);

/**
 * Open the socket for conf->name, fill @p port (MAC from SIOCGIFHWADDR unless the
 * filter gives one; the interface's IPv4/IPv6 addresses where the filter has none).
 * @return 0; -ENODEV (no such interface); -ENOTSUP (hardware stamps required); another
 *         negative errno of a socket call. @p err names the interface and the step.
 */
int ptpdk_ksock_port_open(const struct ptpdk_port_conf *conf, uint16_t index,
			  struct ptpdk_port *port, char *err, size_t errlen);

/** Close the socket and free the backend. */
void ptpdk_ksock_port_close(struct ptpdk_port *port);

/** The start-up line for a kernel port, with the stamps it uses. */
void ptpdk_ksock_port_describe(const struct ptpdk_port *port, char *buf, size_t len);

/**
 * One RX poll: recvmmsg() a batch, convert each frame's stamp to TSC ticks and feed
 * it through ptpdk_rxq_process(). @return frames received.
 */
unsigned ptpdk_ksock_rx_poll(struct ptpdk_rxq *rxq);

/**
 * One TX poll: match error-queue stamps to frames in flight, time out the late ones,
 * then send the queued requests with sendmsg(). @return requests and reports handled.
 */
unsigned ptpdk_ksock_tx_poll(struct ptpdk_txq *txq);

#endif
