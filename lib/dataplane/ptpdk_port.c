/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_port.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_bus.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

#include "ptpdk_ksock.h"

#define DEFAULT_DESC 1024
#define POOL_CACHE   256
#define BURST_MARGIN 64

/* One lock per ethdev port, whoever calls timesync functions on it. Zero is unlocked. */
static rte_spinlock_t ts_locks[RTE_MAX_ETHPORTS];

static int locked_read_time(uint16_t port, struct timespec *ts)
{
	int rc;

	rte_spinlock_lock(&ts_locks[port]);
	rc = ptpdk_nic_ops_dpdk()->read_time(port, ts);
	rte_spinlock_unlock(&ts_locks[port]);
	return rc;
}

static int locked_write_time(uint16_t port, const struct timespec *ts)
{
	int rc;

	rte_spinlock_lock(&ts_locks[port]);
	rc = ptpdk_nic_ops_dpdk()->write_time(port, ts);
	rte_spinlock_unlock(&ts_locks[port]);
	return rc;
}

static int locked_adjust_time(uint16_t port, int64_t delta_ns)
{
	int rc;

	rte_spinlock_lock(&ts_locks[port]);
	rc = ptpdk_nic_ops_dpdk()->adjust_time(port, delta_ns);
	rte_spinlock_unlock(&ts_locks[port]);
	return rc;
}

static int locked_adjust_freq(uint16_t port, int64_t scaled_ppm)
{
	int rc;

	if (!ptpdk_nic_ops_dpdk()->adjust_freq)
		return -ENOTSUP; /* this DPDK has none: the PHC clock then emulates frequency */
	rte_spinlock_lock(&ts_locks[port]);
	rc = ptpdk_nic_ops_dpdk()->adjust_freq(port, scaled_ppm);
	rte_spinlock_unlock(&ts_locks[port]);
	return rc;
}

static int read_clock(uint16_t port, uint64_t *ticks)
{
	return ptpdk_nic_ops_dpdk()->read_clock(port, ticks);
}

/* The free-running counter is read without a timecounter: no lock needed. */
const struct ptpdk_nic_ops *ptpdk_port_nic_ops(void)
{
	static const struct ptpdk_nic_ops ops = {
		.read_time = locked_read_time,
		.write_time = locked_write_time,
		.adjust_time = locked_adjust_time,
		.adjust_freq = locked_adjust_freq,
		.read_clock = read_clock,
	};

	return &ops;
}

static int ts_read_rx(void *ctx, uint32_t latch_index, uint64_t *ns)
{
	struct ptpdk_port *port = ctx;
	struct timespec ts;
	int rc;

	rte_spinlock_lock(port->ts_lock);
	rc = rte_eth_timesync_read_rx_timestamp(port->eth_port, &ts, latch_index);
	rte_spinlock_unlock(port->ts_lock);
	if (rc == 0)
		*ns = ptpdk_ts_raw_from_timespec(&ts);
	return rc;
}

static int ts_read_tx(void *ctx, uint64_t *ns)
{
	struct ptpdk_port *port = ctx;
	struct timespec ts;
	int rc;

	rte_spinlock_lock(port->ts_lock);
	rc = rte_eth_timesync_read_tx_timestamp(port->eth_port, &ts);
	rte_spinlock_unlock(port->ts_lock);
	if (rc == 0)
		*ns = ptpdk_ts_raw_from_timespec(&ts);
	return rc;
}

unsigned ptpdk_port_pool_size(const struct ptpdk_port_conf *conf, unsigned cache)
{
	unsigned rx_desc = conf->rx_desc ? conf->rx_desc : DEFAULT_DESC;
	unsigned tx_desc = conf->tx_desc ? conf->tx_desc : DEFAULT_DESC;
	unsigned lcores = conf->lcores ? conf->lcores : 1;
	unsigned long need = (unsigned long)conf->rx_queues * rx_desc +
			     (unsigned long)conf->tx_queues * tx_desc +
			     (unsigned long)lcores * (cache + BURST_MARGIN);
	unsigned long n = 1;

	/* A mempool ring of 2^q slots holds 2^q - 1 objects: ask for exactly that. */
	while (n - 1 < need)
		n <<= 1;
	return (unsigned)(n - 1);
}

/* A name that is not a port yet may be a vdev with arguments ("net_af_packet0,iface=x"). */
static int find_port(const char *name, uint16_t *eth_port)
{
	char base[RTE_ETH_NAME_MAX_LEN];
	const char *comma = strchr(name, ',');
	size_t n = comma ? (size_t)(comma - name) : strlen(name);

	if (n == 0 || n >= sizeof(base))
		return -ENODEV;
	memcpy(base, name, n);
	base[n] = '\0';
	if (rte_eth_dev_get_port_by_name(base, eth_port) == 0)
		return 0;
	if (strncmp(base, "net_", 4) != 0 || rte_dev_probe(name) != 0)
		return -ENODEV;
	return rte_eth_dev_get_port_by_name(base, eth_port) == 0 ? 0 : -ENODEV;
}

/* Per-packet RX stamps only where the unit is known (shared/facts-dpdk.md): a value we
 * cannot interpret is worse than a software stamp. */
static int dynfield_source(const char *driver)
{
	if (strcmp(driver, "mlx5_pci") == 0)
		return PTPDK_TS_NIC_TICKS;
	if (strcmp(driver, "net_ice") == 0)
		return PTPDK_TS_NIC_NS;
	return -1;
}

static void probe_rx_dynfield(struct ptpdk_port *port, const struct rte_eth_dev_info *info,
			      struct rte_eth_conf *conf)
{
	int source = dynfield_source(port->driver);

	if (!(info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_TIMESTAMP) || source < 0)
		return;
	if (rte_mbuf_dyn_rx_timestamp_register(&port->rx_ts_offset, &port->rx_ts_flag) != 0) {
		port->rx_ts_offset = -1;
		return;
	}
	conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_TIMESTAMP;
	port->caps.rx_dynfield = true;
	port->caps.rx_dynfield_source = (uint8_t)source;
}

/*
 * net_pcap (DPDK 22.11, drivers/net/pcap/pcap_ethdev.c) registers the RX timestamp
 * dynfield when it is probed and, in eth_pcap_rx(), fills it for every frame with
 * libpcap's capture stamp, tv_sec x 10^6 + tv_usec: the kernel's CLOCK_REALTIME
 * stamp of the frame truncated to microseconds (libpcap's default precision), and
 * sets the dynflag. It does not advertise RTE_ETH_RX_OFFLOAD_TIMESTAMP, so the probe
 * above never sees it; the unit is known for this driver in this DPDK, so it is used
 * by name. It matters: libpcap reads a TPACKET_V3 ring whose blocks reach user space
 * only when full or retired by a timeout, so the TSC read after the poll can be
 * milliseconds late, while the kernel's stamp is taken on arrival. It is a software
 * stamp (converted to TSC), so it serves auto and software modes alike and does not
 * make the port count as having hardware stamps.
 */
#define PCAP_DYNFIELD_UNIT_NS 1000

static void probe_kernel_dynfield(struct ptpdk_port *port, const struct ptpdk_port_conf *conf)
{
	if (strcmp(port->driver, "net_pcap") != 0 || conf->ts_mode == PTPDK_TS_MODE_HARDWARE)
		return;
	/* Registered already by the PMD: this returns its offset and flag. */
	if (rte_mbuf_dyn_rx_timestamp_register(&port->rx_ts_offset, &port->rx_ts_flag) != 0) {
		port->rx_ts_offset = -1;
		return;
	}
	port->rx_ts_realtime_unit_ns = PCAP_DYNFIELD_UNIT_NS;
	port->tsc_hz = conf->tsc_hz ? conf->tsc_hz : rte_get_tsc_hz();
}

static int configure_queues(struct ptpdk_port *port, const struct ptpdk_port_conf *conf,
			    struct rte_eth_conf *eth_conf, char *err, size_t errlen)
{
	uint16_t rx_desc = conf->rx_desc ? conf->rx_desc : DEFAULT_DESC;
	uint16_t tx_desc = conf->tx_desc ? conf->tx_desc : DEFAULT_DESC;
	int rc;

	rc = rte_eth_dev_configure(port->eth_port, conf->rx_queues, conf->tx_queues, eth_conf);
	if (rc) {
		snprintf(err, errlen, "rte_eth_dev_configure: %s", strerror(-rc));
		return rc;
	}
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(port->eth_port, &rx_desc, &tx_desc);
	if (rc) {
		snprintf(err, errlen, "adjusting descriptors: %s", strerror(-rc));
		return rc;
	}
	for (uint16_t q = 0; q < conf->rx_queues; q++) {
		rc = rte_eth_rx_queue_setup(port->eth_port, q, rx_desc, (unsigned)port->socket,
					    NULL, port->pool);
		if (rc) {
			snprintf(err, errlen, "RX queue %u: %s", q, strerror(-rc));
			return rc;
		}
	}
	for (uint16_t q = 0; q < conf->tx_queues; q++) {
		rc = rte_eth_tx_queue_setup(port->eth_port, q, tx_desc, (unsigned)port->socket,
					    NULL);
		if (rc) {
			snprintf(err, errlen, "TX queue %u: %s", q, strerror(-rc));
			return rc;
		}
	}
	return 0;
}

static void probe_timesync(struct ptpdk_port *port, const struct ptpdk_port_conf *conf)
{
	struct ptpdk_nic_caps nic;

	/* Software mode leaves the NIC alone, so another process's use of it is not
	 * disturbed: the probe enables timesync. */
	if (conf->ts_mode == PTPDK_TS_MODE_SOFTWARE || ptpdk_clock_nic_probe(port->eth_port, &nic))
		return;
	port->caps.timesync = nic.timesync;
	port->caps.read_clock = nic.read_clock;
}

static int create_pool(struct ptpdk_port *port, const struct ptpdk_port_conf *conf, char *err,
		       size_t errlen)
{
	unsigned n = ptpdk_port_pool_size(conf, POOL_CACHE);
	/* DPDK's cache rule: at most n / 1.5 and RTE_MEMPOOL_CACHE_MAX_SIZE. */
	unsigned cache = POOL_CACHE < n * 2 / 3 ? POOL_CACHE : n * 2 / 3;
	char name[RTE_MEMPOOL_NAMESIZE];

	snprintf(name, sizeof(name), "ptpdk_pool%u", port->index);
	port->pool =
		rte_pktmbuf_pool_create(name, n, cache, 0, RTE_MBUF_DEFAULT_BUF_SIZE, port->socket);
	if (!port->pool) {
		snprintf(err, errlen, "mempool of %u mbufs on socket %d: %s", n, port->socket,
			 rte_strerror(rte_errno));
		return -ENOMEM;
	}
	return 0;
}

static void init_identity(struct ptpdk_port *port, const struct ptpdk_port_conf *conf,
			  const struct rte_eth_dev_info *info)
{
	static const uint8_t zero_mac[6];
	int socket = rte_eth_dev_socket_id(port->eth_port);

	port->socket = socket >= 0 ? socket : (int)rte_socket_id();
	snprintf(port->name, sizeof(port->name), "%s", conf->name);
	snprintf(port->driver, sizeof(port->driver), "%s",
		 info->driver_name ? info->driver_name : "?");
	rte_eth_macaddr_get(port->eth_port, &port->mac);
	port->filter = conf->filter;
	if (memcmp(port->filter.mac, zero_mac, 6) == 0)
		memcpy(port->filter.mac, port->mac.addr_bytes, 6);
	port->frame_flags = conf->verify_csum ? PTPDK_FRAME_F_VERIFY_CSUM : 0;
	port->rx_queues = conf->rx_queues;
	port->tx_queues = conf->tx_queues;
	port->rx_ts_offset = -1;
	port->ts_lock = &ts_locks[port->eth_port];
	port->ts_ops.read_rx = ts_read_rx;
	port->ts_ops.read_tx = ts_read_tx;
	port->ts_ops.ctx = port;
}

static int start_port(struct ptpdk_port *port, const struct ptpdk_port_conf *conf, char *err,
		      size_t errlen)
{
	int rc = rte_eth_dev_start(port->eth_port);

	if (rc) {
		snprintf(err, errlen, "rte_eth_dev_start: %s", strerror(-rc));
		return rc;
	}
	/* PTP multicast groups must get through whatever the NIC's MAC filter is. */
	rte_eth_allmulticast_enable(port->eth_port);
	if (conf->filter.promiscuous)
		rte_eth_promiscuous_enable(port->eth_port);
	probe_timesync(port, conf);
	port->hw_stamps = conf->ts_mode != PTPDK_TS_MODE_SOFTWARE &&
			  (port->caps.timesync || port->caps.rx_dynfield);
	if (conf->ts_mode == PTPDK_TS_MODE_HARDWARE && !port->hw_stamps) {
		snprintf(err, errlen, "hardware timestamps required but %s offers none",
			 port->driver);
		rte_eth_dev_stop(port->eth_port);
		return -ENOTSUP;
	}
	return 0;
}

int ptpdk_port_open(const struct ptpdk_port_conf *conf, uint16_t index, struct ptpdk_port *port,
		    char *err, size_t errlen)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf eth_conf;
	int rc;

	if (ptpdk_ksock_is_name(conf->name))
		return ptpdk_ksock_port_open(conf, index, port, err, errlen);
	memset(port, 0, sizeof(*port));
	port->index = index;
	if (!conf->name || find_port(conf->name, &port->eth_port) != 0) {
		snprintf(err, errlen, "no port '%s' (give a PCI address or an EAL --vdev name)",
			 conf->name ? conf->name : "");
		return -ENODEV;
	}
	rc = rte_eth_dev_info_get(port->eth_port, &info);
	if (rc) {
		snprintf(err, errlen, "rte_eth_dev_info_get: %s", strerror(-rc));
		return rc;
	}
	if (conf->rx_queues > info.max_rx_queues || conf->tx_queues > info.max_tx_queues) {
		snprintf(err, errlen, "%u RX/%u TX queues wanted, %s has %u/%u", conf->rx_queues,
			 conf->tx_queues, info.driver_name, info.max_rx_queues, info.max_tx_queues);
		return -EINVAL;
	}
	init_identity(port, conf, &info);
	memset(&eth_conf, 0, sizeof(eth_conf));
	if (conf->ts_mode != PTPDK_TS_MODE_SOFTWARE)
		probe_rx_dynfield(port, &info, &eth_conf);
	probe_kernel_dynfield(port, conf);
	rc = create_pool(port, conf, err, errlen);
	if (rc)
		return rc;
	rc = configure_queues(port, conf, &eth_conf, err, errlen);
	if (rc)
		goto err_pool;
	rc = start_port(port, conf, err, errlen);
	if (rc)
		goto err_pool;
	return 0;

err_pool:
	rte_mempool_free(port->pool);
	port->pool = NULL;
	return rc;
}

void ptpdk_port_close(struct ptpdk_port *port)
{
	if (port->ksock) {
		ptpdk_ksock_port_close(port);
		return;
	}
	if (port->caps.timesync)
		rte_eth_timesync_disable(port->eth_port);
	rte_eth_dev_stop(port->eth_port);
	rte_eth_dev_close(port->eth_port);
	rte_mempool_free(port->pool);
	port->pool = NULL;
}

void ptpdk_port_describe(const struct ptpdk_port *port, char *buf, size_t len)
{
	const struct rte_ether_addr *m = &port->mac;
	const char *stamps;

	if (port->ksock) {
		ptpdk_ksock_port_describe(port, buf, len);
		return;
	}
	if (port->rx_ts_realtime_unit_ns)
		stamps = "software (rx: kernel capture stamp via net_pcap dynfield (µs), converted "
			 "to TSC at the poll; tx: TSC before tx_burst)";
	else if (!port->hw_stamps)
		stamps = "software (TSC at the poll; no NIC timestamping on this port)";
	else if (port->caps.rx_dynfield)
		stamps = port->caps.timesync ? "hardware (per-packet RX dynfield, TX latch)"
					     : "hardware RX (per-packet dynfield), software TX";
	else
		stamps = "hardware (RX/TX latches)";
	snprintf(buf, len,
		 "port %u %s: driver %s, socket %d, mac %02x:%02x:%02x:%02x:%02x:%02x, "
		 "%u rxq/%u txq, timesync %s, rx-dynfield %s, read_clock %s, stamps %s",
		 port->index, port->name, port->driver, port->socket, m->addr_bytes[0],
		 m->addr_bytes[1], m->addr_bytes[2], m->addr_bytes[3], m->addr_bytes[4],
		 m->addr_bytes[5], port->rx_queues, port->tx_queues,
		 port->caps.timesync ? "yes" : "no",
		 port->caps.rx_dynfield ? ptpdk_ts_source_name(port->caps.rx_dynfield_source)
					: "no",
		 port->caps.read_clock ? "yes" : "no", stamps);
}
