/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One ethdev port as ptpdk uses it: found by PCI address or vdev name, configured
 * with one RX queue per RX lcore and one TX queue per sending lcore, a NUMA-local
 * mempool, and a probe of what timestamping the port really offers.
 *
 * Timestamp capabilities are probed, not assumed (shared/facts-dpdk.md): timesync
 * has no capability bit, so enabling it is the probe; per-packet RX stamps need the
 * RX timestamp offload and a registered dynfield, and their unit depends on the driver.
 * Every timesync call on the port goes through one lock per ethdev port (the latch
 * reads here, and the clock operations through ptpdk_port_nic_ops()), because several
 * PMDs keep a software timecounter that concurrent callers would corrupt.
 */
#ifndef PTPDK_PORT_H
#define PTPDK_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_mempool.h>
#include <rte_spinlock.h>

#include "ptpdk_classify.h"
#include "ptpdk_clock_nic.h"
#include "ptpdk_ts_ops.h"
#include "ptpdk_ts_source.h"

/** How the port's timestamps are taken. */
enum ptpdk_ts_mode {
	PTPDK_TS_MODE_AUTO = 0, /**< hardware when the port has it, else software */
	PTPDK_TS_MODE_HARDWARE, /**< fail to open a port without hardware stamps */
	PTPDK_TS_MODE_SOFTWARE, /**< TSC stamps even on a capable NIC */
};

struct ptpdk_port_conf {
	/**
	 * PCI address ("0000:3b:00.0"), vdev name ("net_af_packet0"), or "kernel:IFNAME"
	 * for an AF_PACKET socket with kernel stamps instead of an ethdev (ptpdk_ksock.h)
	 */
	const char *name;
	uint16_t rx_queues;
	uint16_t tx_queues;
	uint16_t rx_desc; /**< 0 = 1024 */
	uint16_t tx_desc; /**< 0 = 1024 */
	uint16_t lcores;  /**< lcores that will allocate from the pool (mempool cache sizing) */
	enum ptpdk_ts_mode ts_mode;
	bool verify_csum; /**< check IPv4/UDP checksums in software when the NIC did not */
	struct ptpdk_addr_filter filter; /**< an all-zero MAC means the port's own */
	uint64_t tsc_hz; /**< kernel ports: TSC rate for stamp conversion (0: rte_get_tsc_hz()) */
};

/** Timestamping a port offers, as probed. */
struct ptpdk_port_ts_caps {
	bool timesync;		    /**< rte_eth_timesync_enable() succeeded: RX/TX latches */
	bool rx_dynfield;	    /**< per-packet RX timestamps in an mbuf dynfield */
	uint8_t rx_dynfield_source; /**< enum ptpdk_ts_source of dynfield values */
	bool read_clock;	    /**< rte_eth_read_clock() works (free-running NIC counter) */
};

struct ptpdk_ksock;

struct ptpdk_port {
	uint16_t index;	   /**< ptpdk's own port number (events carry it) */
	uint16_t eth_port; /**< ethdev port id */
	char name[64];
	char driver[32];
	int socket; /**< NUMA socket of the device (the lcore's when unknown) */
	struct rte_ether_addr mac;
	struct rte_mempool *pool;
	struct ptpdk_addr_filter filter;
	unsigned frame_flags; /**< ptpdk_frame_parse() flags for this port's RX */
	struct ptpdk_port_ts_caps caps;
	bool hw_stamps;	     /**< stamps are taken by the NIC (mode and caps agree) */
	int rx_ts_offset;    /**< dynfield offset, -1 when not used */
	uint64_t rx_ts_flag; /**< dynflag mask marking a valid dynfield stamp */
	/**
	 * Nonzero when the dynfield holds the kernel's CLOCK_REALTIME capture stamp in
	 * units of this many ns (net_pcap: 1000, libpcap's microseconds), which the RX
	 * lcore converts to TSC ticks at once (a software stamp; hw_stamps stays false).
	 */
	uint32_t rx_ts_realtime_unit_ns;
	uint64_t tsc_hz;	    /**< TSC rate for that conversion */
	rte_spinlock_t *ts_lock;    /**< shared with ptpdk_port_nic_ops() for this ethdev */
	struct ptpdk_ts_ops ts_ops; /**< locked ethdev latch reads; tests may replace it */
	uint16_t rx_queues, tx_queues;
	struct ptpdk_ksock *ksock; /**< the kernel-socket backend; NULL for an ethdev port */
	/**
	 * ARP and IPv6 NS/NA frames go to the engine (PTPDK_RX_F_RESOLVE): set by the
	 * daemon when the port sends unicast to addresses it must resolve.
	 */
	bool resolve;
};

/**
 * Find, configure and start a port.
 * @return 0; -ENODEV when no port has that name; -ENOTSUP when hardware stamps
 *         were required and are missing; -ENOMEM for the mempool; another
 *         negative errno from ethdev set-up. @p err names the failing step.
 */
int ptpdk_port_open(const struct ptpdk_port_conf *conf, uint16_t index, struct ptpdk_port *port,
		    char *err, size_t errlen);

/** Stop and close the port and free its pool. */
void ptpdk_port_close(struct ptpdk_port *port);

/** One line: name, driver, socket, MAC, and which stamps are used and why. */
void ptpdk_port_describe(const struct ptpdk_port *port, char *buf, size_t len);

/**
 * The NIC clock operations (ptpdk_clock_nic.h) taking the same per-port lock as the
 * dataplane's latch reads, so an engine adjusting a PHC never races an RX lcore
 * reading a stamp through a PMD's software timecounter.
 */
const struct ptpdk_nic_ops *ptpdk_port_nic_ops(void);

/** Mempool size by the rules: 2^q - 1 mbufs covering descriptors, caches and bursts. */
unsigned ptpdk_port_pool_size(const struct ptpdk_port_conf *conf, unsigned cache);

#endif
