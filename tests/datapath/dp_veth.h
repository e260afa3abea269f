/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A veth pair in the test's own network namespace, for the datapath tests of ports
 * that sit on a kernel interface (kernel sockets, net_pcap): the test process
 * unshares its network namespace, so the pair, and everything it sends, vanish with
 * it. The far end is driven through a raw "wire" socket.
 */
#ifndef DP_VETH_H
#define DP_VETH_H

#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "dp_test.h"

static inline int dp_veth_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

/**
 * A private namespace with only the pair OURS (02:1a:b0:00:00:01, with @p our_cidr
 * when not NULL) and PEER (02:1a:b0:00:00:11), both up; IPv6 off, so no ND/MLD noise.
 * @return 0, DP_TEST_SKIP when namespaces are not allowed, 1 when the pair fails.
 */
static inline int dp_veth_lab(const char *tag, const char *ours, const char *peer,
			      const char *our_cidr)
{
	char cmd[512];

	if (unshare(CLONE_NEWNET) != 0) {
		printf("%s: unshare(CLONE_NEWNET): %s: skipped\n", tag, strerror(errno));
		return DP_TEST_SKIP;
	}
	dp_veth_write_file("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	dp_veth_write_file("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
	snprintf(cmd, sizeof(cmd),
		 "ip link add %s address 02:1a:b0:00:00:01 type veth peer name %s address "
		 "02:1a:b0:00:00:11 && ip link set %s up && ip link set %s up%s%s%s%s",
		 ours, peer, ours, peer, our_cidr ? " && ip addr add " : "",
		 our_cidr ? our_cidr : "", our_cidr ? " dev " : "", our_cidr ? ours : "");
	if (system(cmd) != 0) {
		fprintf(stderr, "%s: cannot create the veth pair (iproute2?)\n", tag);
		return 1;
	}
	return 0;
}

/** A non-blocking raw socket on @p ifname that does not see its own frames; -1 on error. */
static inline int dp_veth_wire(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int one = 1;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0);

	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (fd >= 0 &&
	    (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0 ||
	     setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) != 0)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

#endif
