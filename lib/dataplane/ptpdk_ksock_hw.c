/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hardware stamps on a kernel-socket port: the interface's PHC from ethtool's
 * timestamping info, the NIC's stamping switched on with SIOCSHWTSTAMP, and the
 * socket asked for the raw hardware stamps (ts[2] of SCM_TIMESTAMPING). Every way
 * this can fail ends in one line that names the interface, the step and the remedy.
 */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "ptpdk_ksock.h"

/* What the socket must be able to report for hardware mode (ethtool -T). */
#define SOCKET_HW_FLAGS                                                                            \
	(SOF_TIMESTAMPING_TX_HARDWARE | SOF_TIMESTAMPING_RX_HARDWARE |                             \
	 SOF_TIMESTAMPING_RAW_HARDWARE)

const char *ptpdk_ksock_rx_filter_name(int filter)
{
	switch (filter) {
	case HWTSTAMP_FILTER_NONE:
		return "none";
	case HWTSTAMP_FILTER_ALL:
		return "all";
	case HWTSTAMP_FILTER_SOME:
		return "some";
	case HWTSTAMP_FILTER_PTP_V2_EVENT:
		return "ptpv2-event";
	case HWTSTAMP_FILTER_PTP_V2_L4_EVENT:
		return "ptpv2-l4-event";
	case HWTSTAMP_FILTER_PTP_V2_L2_EVENT:
		return "ptpv2-l2-event";
	case HWTSTAMP_FILTER_PTP_V2_SYNC:
		return "ptpv2-sync";
	case HWTSTAMP_FILTER_PTP_V2_DELAY_REQ:
		return "ptpv2-delay-req";
	default:
		return "?";
	}
}

static int ifr_ioctl(const struct ptpdk_ksock *ks, unsigned long req, void *data)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ks->ifname);
	ifr.ifr_data = data;
	return ioctl(ks->fd, req, &ifr);
}

/* The PHC the kernel stamps with, and whether the driver reports hardware stamps. */
static int find_phc(struct ptpdk_ksock *ks, char *err, size_t errlen)
{
	struct ethtool_ts_info info = { .cmd = ETHTOOL_GET_TS_INFO };

	if (ifr_ioctl(ks, SIOCETHTOOL, &info) != 0 || info.phc_index < 0) {
		snprintf(err, errlen,
			 "kernel port %s: time_stamping hardware: the interface has no PTP "
			 "hardware clock (ethtool -T: no PHC); use time_stamping software",
			 ks->ifname);
		return -ENOTSUP;
	}
	if ((info.so_timestamping & SOCKET_HW_FLAGS) != SOCKET_HW_FLAGS ||
	    !(info.tx_types & (1u << HWTSTAMP_TX_ON))) {
		snprintf(err, errlen,
			 "kernel port %s: time_stamping hardware: /dev/ptp%d exists but the "
			 "driver does not offer hardware TX and RX stamps to sockets (ethtool "
			 "-T); use time_stamping software",
			 ks->ifname, info.phc_index);
		return -ENOTSUP;
	}
	ks->phc_index = info.phc_index;
	return 0;
}

/* One SIOCSHWTSTAMP; on success @p cfg holds what the driver granted. */
static int set_hwtstamp(struct ptpdk_ksock *ks, int rx_filter, struct hwtstamp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->tx_type = HWTSTAMP_TX_ON;
	cfg->rx_filter = rx_filter;
	return ifr_ioctl(ks, SIOCSHWTSTAMP, cfg) == 0 ? 0 : -errno;
}

static const char *hwtstamp_hint(int errnum)
{
	switch (errnum) {
	case EPERM:
		return " (needs CAP_NET_ADMIN)";
	case EOPNOTSUPP:
		return " (the driver cannot stamp in hardware)";
	case ERANGE:
		return " (the driver offers neither PTPv2-event nor all-frames RX stamps)";
	default:
		return "";
	}
}

/* Granted filters that stamp every PTPv2 event message, whatever the transport. */
static bool rx_filter_enough(int filter)
{
	return filter == HWTSTAMP_FILTER_ALL || filter == HWTSTAMP_FILTER_SOME ||
	       filter == HWTSTAMP_FILTER_PTP_V2_EVENT;
}

static int enable_nic(struct ptpdk_ksock *ks, char *err, size_t errlen)
{
	struct hwtstamp_config cfg;
	int rc = set_hwtstamp(ks, HWTSTAMP_FILTER_PTP_V2_EVENT, &cfg);

	/* Drivers answer ERANGE (or EINVAL) for a filter they lack; all frames is the
	 * broadest and many NICs have only that. */
	if (rc == -ERANGE || rc == -EINVAL)
		rc = set_hwtstamp(ks, HWTSTAMP_FILTER_ALL, &cfg);
	if (rc) {
		snprintf(err, errlen, "kernel port %s: time_stamping hardware: SIOCSHWTSTAMP: %s%s",
			 ks->ifname, strerror(-rc), hwtstamp_hint(-rc));
		return rc;
	}
	if (cfg.tx_type != HWTSTAMP_TX_ON || !rx_filter_enough(cfg.rx_filter)) {
		snprintf(err, errlen,
			 "kernel port %s: time_stamping hardware: the driver granted tx type %d, "
			 "rx filter %s (%d); PTP needs tx on and PTPv2 events or all frames",
			 ks->ifname, cfg.tx_type, ptpdk_ksock_rx_filter_name(cfg.rx_filter),
			 cfg.rx_filter);
		return -ENOTSUP;
	}
	ks->rx_filter = cfg.rx_filter;
	return 0;
}

int ptpdk_ksock_enable_hardware(struct ptpdk_ksock *ks, char *err, size_t errlen)
{
	/* RX stamps reported on every frame; TX stamps asked for per message, as in
	 * software mode (only the frames that want one fill the error queue). */
	int flags = SOF_TIMESTAMPING_RX_HARDWARE | SOF_TIMESTAMPING_RAW_HARDWARE;
	int rc = find_phc(ks, err, errlen);

	rc = rc ? rc : enable_nic(ks, err, errlen);
	if (rc)
		return rc;
	if (setsockopt(ks->fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags)) != 0) {
		rc = -errno;
		snprintf(err, errlen, "kernel port %s: SO_TIMESTAMPING (hardware): %s", ks->ifname,
			 strerror(-rc));
		return rc;
	}
	ks->stamps = PTPDK_KSOCK_STAMP_HARDWARE;
	return 0;
}
