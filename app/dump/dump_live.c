/* SPDX-License-Identifier: BSD-3-Clause */
#include "dump_live.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LIVE_SNAPLEN  9216
#define POLL_SLICE_MS 100

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int live_open(const char *iface)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int one = 1, fd;

	sll.sll_ifindex = (int)if_nametoindex(iface);
	if (sll.sll_ifindex == 0) {
		fprintf(stderr, "ptpdk-dump: no interface '%s': %s\n", iface, strerror(errno));
		return -ENODEV;
	}
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0) {
		int err = errno;

		fprintf(stderr, "ptpdk-dump: raw socket: %s%s\n", strerror(err),
			err == EPERM ? " (needs root or CAP_NET_RAW)" : "");
		return -err;
	}
	/* Aux data tells which frames still carry a partial (offloaded) checksum. */
	if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		int err = errno;

		fprintf(stderr, "ptpdk-dump: %s: %s\n", iface, strerror(err));
		close(fd);
		return -err;
	}
	return fd;
}

struct live_frame {
	int64_t ts_ns;
	bool checksum_unfinished;
};

static void parse_cmsgs(struct msghdr *mh, struct live_frame *lf)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			lf->ts_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
		} else if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA) {
			struct tpacket_auxdata aux;

			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			/* Checksum not computed yet (veth/offload): nothing to verify. */
			if (aux.tp_status & TP_STATUS_CSUMNOTREADY)
				lf->checksum_unfinished = true;
		}
	}
}

static int live_read_one(int fd, struct dump_ctx *ctx)
{
	static uint8_t buf[LIVE_SNAPLEN];
	union {
		struct cmsghdr align;
		uint8_t bytes[256];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = control.bytes,
			     .msg_controllen = sizeof(control.bytes) };
	struct live_frame lf = { 0 };
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	parse_cmsgs(&mh, &lf);
	dump_frame(ctx, buf, (size_t)n, lf.ts_ns, lf.checksum_unfinished);
	fflush(ctx->emit.out);
	return 1;
}

static uint64_t ptp_seen(const struct dump_ctx *ctx)
{
	return ctx->stats.frames - ctx->stats.non_ptp;
}

int dump_live(struct dump_ctx *ctx, const char *iface, uint64_t max_frames, double seconds,
	      volatile sig_atomic_t *stop)
{
	int fd = live_open(iface);
	double deadline = seconds > 0 ? monotonic_s() + seconds : 0;
	int rc = 0;

	if (fd < 0)
		return fd;
	while (!*stop && (!max_frames || ptp_seen(ctx) < max_frames)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (deadline && monotonic_s() >= deadline)
			break;
		if (poll(&pfd, 1, POLL_SLICE_MS) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		if (pfd.revents & POLLIN) {
			rc = live_read_one(fd, ctx);
			if (rc < 0) {
				fprintf(stderr, "ptpdk-dump: recv: %s\n", strerror(-rc));
				break;
			}
			rc = 0;
		}
	}
	close(fd);
	return rc;
}
