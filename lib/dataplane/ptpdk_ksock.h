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
 * With time_stamping hardware the NIC stamps instead (SIOCSHWTSTAMP: TX on, RX PTPv2
 * events or all frames) and the kernel reports its PHC's time (SO_TIMESTAMPING
 * RAW_HARDWARE, ts[2]). Those stamps are not CLOCK_REALTIME, so they are not
 * converted: events and reports carry them as PTPDK_TS_NIC_NS, exactly as a DPDK
 * NIC's latch, and the daemon disciplines that PHC (/dev/ptpN, ptpdk_clock_phc.h)
 * instead of the TSC clock. Setting the NIC's stamping needs CAP_NET_ADMIN.
 *
 * Hooks: ptpdk_port_open/close/describe, ptpdk_rxq_poll and ptpdk_txq_poll hand a
 * port whose ->ksock is set to the functions here. One socket serves every RX queue
 * of the port (the kernel hands each frame to one reader); only the TX owner reads
 * the error queue and the table of stamps in flight below.
 *
 * A hardware request the interface cannot meet (no PHC, as on a veth; the driver
 * refusing SIOCSHWTSTAMP; a narrower RX filter than PTP needs) is refused with one line
 * naming the interface, the step and the reason.
 */
#ifndef PTPDK_KSOCK_H
#define PTPDK_KSOCK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "ptpdk_ksock_cmsg.h"
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
	uint64_t tsc_hz;		    /**< rate the stamps are converted with */
	enum ptpdk_ksock_stamp_mode stamps; /**< software (ts[0]) or hardware (ts[2]) */
	int phc_index;			    /**< /dev/ptpN of the interface; -1: none */
	int rx_filter;			    /**< hardware: the HWTSTAMP_FILTER_* granted */
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

/**
 * @return N of /dev/ptpN when @p port is a kernel port stamping in hardware (its
 *         PHC is then the clock to discipline), -1 for any other port.
 */
int ptpdk_ksock_hw_phc(const struct ptpdk_port *port);

/**
 * For ptpdk_ksock.c: find the interface's PHC (ETHTOOL_GET_TS_INFO), turn the NIC's
 * stamping on (SIOCSHWTSTAMP), check what the driver granted and ask the socket for
 * hardware stamps. Sets ks->stamps, phc_index and rx_filter on success.
 * @return 0, or -ENOTSUP / the ioctl's negative errno with one line in @p err.
 */
int ptpdk_ksock_enable_hardware(struct ptpdk_ksock *ks, char *err, size_t errlen);

/** @return a HWTSTAMP_FILTER_* value's name ("ptpv2-event", "all"...), "?" if unknown. */
const char *ptpdk_ksock_rx_filter_name(int filter);

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
