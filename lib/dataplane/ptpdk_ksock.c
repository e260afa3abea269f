/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_ksock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/errqueue.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>

/* The groups PTP is sent to: L2 primary and peer-delay (Annex F), and the MACs of
 * the IPv4 (224.0.1.129, 224.0.0.107) and IPv6 (FF0X::181, FF02::6B) groups. A
 * packet socket on ETH_P_ALL sees whatever the interface accepts; the memberships
 * make the interface accept these without going promiscuous. */
static const uint8_t ptp_groups[][6] = {
	{ 0x01, 0x1b, 0x19, 0x00, 0x00, 0x00 }, { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e },
	{ 0x01, 0x00, 0x5e, 0x00, 0x01, 0x81 }, { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x6b },
	{ 0x33, 0x33, 0x00, 0x00, 0x01, 0x81 }, { 0x33, 0x33, 0x00, 0x00, 0x00, 0x6b },
};

bool ptpdk_ksock_is_name(const char *name)
{
	return name && strncmp(name, PTPDK_KSOCK_PREFIX, strlen(PTPDK_KSOCK_PREFIX)) == 0;
}

/* Every failure below says which interface and which step, with the errno text. */
static int fail(struct ptpdk_ksock *ks, char *err, size_t errlen, const char *step, int errnum)
{
	snprintf(err, errlen, "kernel port %s: %s: %s", ks->ifname, step, strerror(errnum));
	return -errnum;
}

static int set_int(struct ptpdk_ksock *ks, int level, int opt, int value, const char *what,
		   char *err, size_t errlen)
{
	if (setsockopt(ks->fd, level, opt, &value, sizeof(value)) == 0)
		return 0;
	return fail(ks, err, errlen, what, errno);
}

static int join_groups(struct ptpdk_ksock *ks, bool promiscuous, char *err, size_t errlen)
{
	struct packet_mreq mr;

	for (size_t i = 0; i < sizeof(ptp_groups) / sizeof(ptp_groups[0]); i++) {
		memset(&mr, 0, sizeof(mr));
		mr.mr_ifindex = ks->ifindex;
		mr.mr_type = PACKET_MR_MULTICAST;
		mr.mr_alen = 6;
		memcpy(mr.mr_address, ptp_groups[i], 6);
		if (setsockopt(ks->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) != 0)
			return fail(ks, err, errlen, "PACKET_ADD_MEMBERSHIP (PTP group)", errno);
	}
	if (!promiscuous)
		return 0;
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = ks->ifindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(ks->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) != 0)
		return fail(ks, err, errlen, "PACKET_ADD_MEMBERSHIP (promiscuous)", errno);
	return 0;
}

/* Software stamps are reported for RX on every frame; TX stamps are asked for per
 * message (a SO_TIMESTAMPING control message on sendmsg), so only the event messages
 * that want one fill the error queue. */
static int enable_software(struct ptpdk_ksock *ks, char *err, size_t errlen)
{
	int flags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;

	return set_int(ks, SOL_SOCKET, SO_TIMESTAMPING, flags, "SO_TIMESTAMPING (software)", err,
		       errlen);
}

static int open_socket(struct ptpdk_ksock *ks, bool promiscuous, char *err, size_t errlen)
{
	struct sockaddr_ll sll;
	int rc;

	/* Protocol 0 until bound: the socket sees no frame from another interface. */
	ks->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ks->fd < 0)
		return fail(ks, err, errlen, "socket(AF_PACKET)", errno);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ks->ifindex;
	if (bind(ks->fd, (struct sockaddr *)&sll, sizeof(sll)) != 0)
		return fail(ks, err, errlen, "bind", errno);
	rc = join_groups(ks, promiscuous, err, errlen);
	/* Our own frames would otherwise come back to us as PACKET_OUTGOING. */
	rc = rc ? rc
		: set_int(ks, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1,
			  "PACKET_IGNORE_OUTGOING (Linux 4.20 or later)", err, errlen);
	/* The kernel strips a received 802.1Q tag into metadata; auxdata gives it back. */
	return rc ? rc : set_int(ks, SOL_PACKET, PACKET_AUXDATA, 1, "PACKET_AUXDATA", err, errlen);
}

static int ifreq_ioctl(const struct ptpdk_ksock *ks, unsigned long req, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ks->ifname);
	return ioctl(ks->fd, req, ifr);
}

static int read_mac(struct ptpdk_ksock *ks, struct ptpdk_port *port, char *err, size_t errlen)
{
	struct ifreq ifr;

	if (ifreq_ioctl(ks, SIOCGIFHWADDR, &ifr) != 0)
		return fail(ks, err, errlen, "SIOCGIFHWADDR", errno);
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
		return fail(ks, err, errlen, "not an Ethernet interface", EPROTONOSUPPORT);
	memcpy(port->mac.addr_bytes, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

static void read_driver(const struct ptpdk_ksock *ks, struct ptpdk_port *port)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ifreq ifr;

	snprintf(port->driver, sizeof(port->driver), "?");
	ifreq_ioctl(ks, SIOCETHTOOL, &ifr);
	ifr.ifr_data = (void *)&info;
	if (ioctl(ks->fd, SIOCETHTOOL, &ifr) == 0 && info.driver[0]) {
		size_t n = strnlen(info.driver, sizeof(info.driver));

		if (n >= sizeof(port->driver))
			n = sizeof(port->driver) - 1;
		memcpy(port->driver, info.driver, n);
		port->driver[n] = '\0';
	}
}

/* The interface's addresses for the filter and the TX source, where the
 * configuration gave none: IPv4's first, IPv6's first global (else link-local). */
static void read_addresses(const struct ptpdk_ksock *ks, struct ptpdk_addr_filter *f)
{
	bool want4 = !f->has_ipv4, want6 = !f->has_ipv6, v6_global = false;
	struct ifaddrs *list, *a;

	if (getifaddrs(&list) != 0)
		return;
	for (a = list; a; a = a->ifa_next) {
		if (!a->ifa_addr || strcmp(a->ifa_name, ks->ifname) != 0)
			continue;
		if (want4 && a->ifa_addr->sa_family == AF_INET && !f->has_ipv4) {
			memcpy(f->ipv4, &((struct sockaddr_in *)a->ifa_addr)->sin_addr, 4);
			f->has_ipv4 = true;
		} else if (want6 && a->ifa_addr->sa_family == AF_INET6 && !v6_global) {
			const struct in6_addr *ip =
				&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;

			memcpy(f->ipv6, ip, 16);
			f->has_ipv6 = true;
			v6_global = !IN6_IS_ADDR_LINKLOCAL(ip);
		}
	}
	freeifaddrs(list);
}

static int parse_name(struct ptpdk_ksock *ks, const char *name, char *err, size_t errlen)
{
	const char *ifname = name + strlen(PTPDK_KSOCK_PREFIX);
	size_t n = strlen(ifname);

	if (n == 0 || n >= sizeof(ks->ifname)) {
		snprintf(err, errlen,
			 "port '%s': the interface name after '%s' must be 1-%zu "
			 "characters",
			 name, PTPDK_KSOCK_PREFIX, sizeof(ks->ifname) - 1);
		return -ENODEV;
	}
	memcpy(ks->ifname, ifname, n + 1);
	ks->ifindex = (int)if_nametoindex(ks->ifname);
	if (ks->ifindex == 0) {
		snprintf(err, errlen, "port '%s': no interface %s in this network namespace", name,
			 ks->ifname);
		return -ENODEV;
	}
	return 0;
}

static int setup(struct ptpdk_ksock *ks, const struct ptpdk_port_conf *conf,
		 struct ptpdk_port *port, char *err, size_t errlen)
{
	static const uint8_t zero_mac[6];
	int rc = parse_name(ks, conf->name, err, errlen);

	rc = rc ? rc : open_socket(ks, conf->filter.promiscuous, err, errlen);
	if (rc == 0 && conf->ts_mode == PTPDK_TS_MODE_HARDWARE)
		rc = ptpdk_ksock_enable_hardware(ks, err, errlen);
	else if (rc == 0)
		rc = enable_software(ks, err, errlen);
	rc = rc ? rc : read_mac(ks, port, err, errlen);
	if (rc)
		return rc;
	read_driver(ks, port);
	port->filter = conf->filter;
	if (memcmp(port->filter.mac, zero_mac, 6) == 0)
		memcpy(port->filter.mac, port->mac.addr_bytes, 6);
	read_addresses(ks, &port->filter);
	return 0;
}

int ptpdk_ksock_port_open(const struct ptpdk_port_conf *conf, uint16_t index,
			  struct ptpdk_port *port, char *err, size_t errlen)
{
	struct ptpdk_ksock *ks = calloc(1, sizeof(*ks));
	int rc;

	memset(port, 0, sizeof(*port));
	if (!ks) {
		snprintf(err, errlen, "port '%s': out of memory", conf->name);
		return -ENOMEM;
	}
	ks->fd = -1;
	ks->phc_index = -1;
	ks->tsc_hz = conf->tsc_hz ? conf->tsc_hz : rte_get_tsc_hz();
	rc = setup(ks, conf, port, err, errlen);
	if (rc) {
		if (ks->fd >= 0)
			close(ks->fd);
		free(ks);
		return rc;
	}
	port->index = index;
	port->eth_port = UINT16_MAX; /* no ethdev behind this port */
	port->socket = (int)rte_socket_id();
	snprintf(port->name, sizeof(port->name), "%s", conf->name);
	port->frame_flags = conf->verify_csum ? PTPDK_FRAME_F_VERIFY_CSUM : 0;
	port->rx_queues = conf->rx_queues;
	port->tx_queues = conf->tx_queues;
	port->rx_ts_offset = -1;
	/* The NIC stamps: an event without a hardware stamp is counted as such. */
	port->hw_stamps = ks->stamps == PTPDK_KSOCK_STAMP_HARDWARE;
	port->ksock = ks;
	return 0;
}

int ptpdk_ksock_hw_phc(const struct ptpdk_port *port)
{
	if (!port || !port->ksock || port->ksock->stamps != PTPDK_KSOCK_STAMP_HARDWARE)
		return -1;
	return port->ksock->phc_index;
}

void ptpdk_ksock_port_close(struct ptpdk_port *port)
{
	if (!port->ksock)
		return;
	close(port->ksock->fd);
	free(port->ksock);
	port->ksock = NULL;
}

/* The stamps a port uses, for its start-up line. */
static void describe_stamps(const struct ptpdk_ksock *ks, char *buf, size_t len)
{
	if (ks->stamps == PTPDK_KSOCK_STAMP_HARDWARE)
		snprintf(buf, len,
			 "kernel hardware stamps from /dev/ptp%d (SIOCSHWTSTAMP tx on, rx filter "
			 "%s), PHC time, not converted",
			 ks->phc_index, ptpdk_ksock_rx_filter_name(ks->rx_filter));
	else
		snprintf(buf, len,
			 "kernel software stamps (SO_TIMESTAMPING rx netif_rx / tx driver xmit), "
			 "converted to TSC");
}

void ptpdk_ksock_port_describe(const struct ptpdk_port *port, char *buf, size_t len)
{
	const uint8_t *m = port->mac.addr_bytes;
	char v4[INET_ADDRSTRLEN] = "none", v6[INET6_ADDRSTRLEN] = "none";
	char stamps[160];

	if (port->filter.has_ipv4)
		inet_ntop(AF_INET, port->filter.ipv4, v4, sizeof(v4));
	if (port->filter.has_ipv6)
		inet_ntop(AF_INET6, port->filter.ipv6, v6, sizeof(v6));
	describe_stamps(port->ksock, stamps, sizeof(stamps));
	snprintf(buf, len,
		 "port %u %s: AF_PACKET socket on %s (ifindex %d, driver %s), "
		 "mac %02x:%02x:%02x:%02x:%02x:%02x, ipv4 %s, ipv6 %s, %u rxq/%u txq, stamps %s",
		 port->index, port->name, port->ksock->ifname, port->ksock->ifindex, port->driver,
		 m[0], m[1], m[2], m[3], m[4], m[5], v4, v6, port->rx_queues, port->tx_queues,
		 stamps);
}
