/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ptpdk-impair: a two-port L2 forwarder that impairs what it forwards.
 *
 * Frames received on interface A are sent on B ("down") and frames received
 * on B are sent on A ("up"), each direction with its own delay, jitter,
 * loss, duplication and reordering (see impair-spec.h for the SPEC and
 * impair-sched.h for the exact semantics). It uses AF_PACKET raw sockets,
 * so it needs CAP_NET_RAW; scripts/lab runs it in the lab's impairment
 * namespace between the first grandmaster and the switch.
 *
 * Frames are read with a virtio-net header (PACKET_VNET_HDR) and sent with
 * the same header, so frames whose checksum the sender left to "hardware"
 * (veth's tx checksum offload) or that are GSO super-frames leave exactly
 * as a Linux bridge would forward them.
 */
#include <errno.h>
#include <getopt.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "impair-sched.h"
#include "impair-spec.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

#define PROG	     "ptpdk-impair"
#define MAX_FRAME    (65536 + 4096)
#define RX_BATCH     256
#define EXIT_RUNTIME 1
#define EXIT_USAGE   2

static const char *const dir_name[IMP_NDIR] = { "down", "up" };

struct port {
	const char *name;
	int ifindex;
	int fd;
};

struct impair {
	struct port port[2]; /* 0 = A, 1 = B; direction d reads port d, sends on port 1-d */
	struct imp_sched sched[IMP_NDIR];
	struct imp_cfg cfg;
	bool vnet;
	size_t hdr_len;
	const char *label;
	unsigned char *buf;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PROG " -a IFACE -b IFACE [-s SPEC] [-t SECONDS] [-l LABEL] [-c]\n"
		"\n"
		"Forwards every frame between two interfaces with AF_PACKET raw sockets,\n"
		"impairing each direction: frames received on A go out on B (\"down\"),\n"
		"frames received on B go out on A (\"up\").\n"
		"\n"
		"  -a, --if-a IFACE     interface A (scripts/lab: the grandmaster side)\n"
		"  -b, --if-b IFACE     interface B (scripts/lab: the switch/DUT side)\n"
		"  -s, --spec SPEC      impairment, see below (default: none)\n"
		"  -t, --duration SEC   exit after SEC seconds (default: until SIGTERM/SIGINT)\n"
		"  -l, --label TEXT     shown in the ready line; lets scripts recognise the "
		"process\n"
		"  -c, --check          parse SPEC, print the effective configuration, exit\n"
		"  -h, --help           this text\n"
		"\n"
		"SPEC: comma-separated ITEMs; a DIR prefix (down: or up:) limits an item to\n"
		"one direction, without it the item applies to both.\n"
		"  delay=TIME            constant delay (TIME: 0, 250ns, 50us, 1.5ms, 1s)\n"
		"  jitter=DIST           extra random delay: none, exp:MEAN, gamma:SHAPE:MEAN,\n"
		"                        uniform:MIN:MAX\n"
		"  loss=PCT  dup=PCT  reorder=PCT     e.g. 10%%, 0.1%%\n"
		"  seed=N                PRNG seed (default 1); same seed + same traffic =\n"
		"                        same decisions\n"
		"  limit=N               frames queued per direction (default %u); a full\n"
		"                        queue drops and counts (qdrop)\n"
		"  hold=TIME             longest wait of a reordered frame (default 1s)\n"
		"  order=fifo|free       fifo (default): frames leave in arrival order, a\n"
		"                        frame's due time is at least its predecessor's, as in\n"
		"                        a switch queue; free: jitter alone may reorder\n"
		"  none                  reset to no impairment\n"
		"Example: "
		"delay=50us,jitter=exp:100us,down:loss=10%%,up:dup=0.1%%,reorder=1%%,seed=7\n"
		"\n"
		"Delays count from the kernel's receive time stamp of each frame; on top of\n"
		"them every frame pays the forwarding time (tens of microseconds).\n"
		"A reordered frame is held back until the next frame of its direction has\n"
		"been queued and then leaves right behind it. A duplicate leaves right\n"
		"behind its original.\n"
		"\n"
		"SIGUSR1 prints per-direction counters to stdout (also printed at exit):\n"
		"rx fwd lost dup reord hold_to qdrop txerr flushed qmax.\n"
		"Exit status: 0 after SIGTERM/SIGINT or --duration, 1 on a runtime error,\n"
		"2 on a usage error.\n",
		IMP_DEFAULT_LIMIT);
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int open_port(struct port *p, bool want_vnet, bool *vnet_ok)
{
	struct sockaddr_ll sll;
	struct packet_mreq mr;
	int one = 1;
	int rcvbuf = 4 * 1024 * 1024;

	p->ifindex = (int)if_nametoindex(p->name);
	if (p->ifindex == 0) {
		fprintf(stderr, PROG ": interface %s: %s\n", p->name, strerror(errno));
		return -1;
	}
	/* Protocol 0 until bound, so no frame of another interface slips in. */
	p->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		fprintf(stderr, PROG ": AF_PACKET socket: %s%s\n", strerror(errno),
			errno == EPERM ? " (needs CAP_NET_RAW: run as root)" : "");
		return -1;
	}
	if (setsockopt(p->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) != 0) {
		/* Older kernels: the sll_pkttype check in the rx loop does it. */
	}
	*vnet_ok =
		want_vnet && setsockopt(p->fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one)) == 0;
	/* Kernel receive time stamps: see rx_time(). Without them, "now" is used. */
	(void)setsockopt(p->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	if (setsockopt(p->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) != 0)
		(void)setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = p->ifindex;
	if (bind(p->fd, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		fprintf(stderr, PROG ": bind to %s: %s\n", p->name, strerror(errno));
		return -1;
	}
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = p->ifindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(p->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) != 0) {
		fprintf(stderr, PROG ": promiscuous mode on %s: %s\n", p->name, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_stats(const struct impair *im, const char *when)
{
	for (int d = 0; d < IMP_NDIR; d++) {
		const struct imp_stats *st = &im->sched[d].st;

		printf(PROG ": stats(%s) %s %s->%s rx=%" PRIu64 " fwd=%" PRIu64 " lost=%" PRIu64
			    " dup=%" PRIu64 " reord=%" PRIu64 " hold_to=%" PRIu64 " qdrop=%" PRIu64
			    " txerr=%" PRIu64 " flushed=%" PRIu64 " qmax=%u queued=%u\n",
		       when, dir_name[d], im->port[d].name, im->port[1 - d].name, st->rx, st->fwd,
		       st->lost, st->dup, st->reord, st->hold_to, st->qdrop, st->txerr, st->flushed,
		       st->qmax, imp_sched_depth(&im->sched[d]));
	}
	fflush(stdout);
}

static void send_frame(struct impair *im, int d, struct imp_frame *f)
{
	const struct port *out = &im->port[1 - d];
	ssize_t n;

	if (im->vnet && f->len >= sizeof(struct virtio_net_hdr)) {
		struct virtio_net_hdr *vh = (struct virtio_net_hdr *)f->data;

		/* "Checksum already verified" means nothing on transmit. */
		vh->flags &= (uint8_t)~VIRTIO_NET_HDR_F_DATA_VALID;
	}
	n = send(out->fd, f->data, f->len, MSG_DONTWAIT);
	imp_sched_sent(&im->sched[d], n == (ssize_t)f->len);
}

static void release_due(struct impair *im, int64_t now)
{
	for (int d = 0; d < IMP_NDIR; d++) {
		struct imp_frame *f;
		/* Bounded: at most what is queued now (plus a released hold). */
		uint32_t budget = imp_sched_depth(&im->sched[d]) + 1;

		while (budget-- > 0 && (f = imp_sched_pop(&im->sched[d], now)) != NULL) {
			send_frame(im, d, f);
			free(f);
		}
	}
}

/*
 * The kernel's receive time of a frame on CLOCK_MONOTONIC. SO_TIMESTAMPNS
 * stamps on CLOCK_REALTIME; the offset between the two clocks, read now,
 * converts it (a slewing clock moves the offset by nanoseconds per second
 * at most). Counting the delay from here rather than from when this process
 * got around to reading the frame keeps its wake-up latency out of delay=.
 * Falls back to now when there is no stamp or it looks wrong (a step).
 */
static int64_t rx_time(struct msghdr *msg, int64_t now_mono, int64_t rt_minus_mono)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct timespec))) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			int64_t t = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - rt_minus_mono;

			if (t <= now_mono && t > now_mono - 1000000000)
				return t;
			return now_mono;
		}
	}
	return now_mono;
}

/* Reads up to RX_BATCH frames from port d. Returns -1 on a fatal error. */
static int receive(struct impair *im, int d)
{
	struct port *p = &im->port[d];
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	const int64_t rt_minus_mono = ((int64_t)rt.tv_sec - (int64_t)mono.tv_sec) * 1000000000 +
				      (rt.tv_nsec - mono.tv_nsec);

	for (int i = 0; i < RX_BATCH; i++) {
		struct sockaddr_ll from;
		union {
			char buf[CMSG_SPACE(sizeof(struct timespec)) + 64];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { .iov_base = im->buf, .iov_len = MAX_FRAME };
		struct msghdr msg = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = ctl.buf,
			.msg_controllen = sizeof(ctl.buf),
		};
		ssize_t n = recvmsg(p->fd, &msg, MSG_TRUNC);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				return 0;
			if (errno == ENETDOWN)
				return 0; /* the peer went down; frames resume when it is up */
			fprintf(stderr, PROG ": receive on %s: %s\n", p->name, strerror(errno));
			return -1;
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		if ((size_t)n > MAX_FRAME || (size_t)n < im->hdr_len + ETH_HLEN) {
			im->sched[d].st.rx++;
			im->sched[d].st.qdrop++;
			continue;
		}
		imp_sched_offer(&im->sched[d], im->buf, (uint32_t)n,
				rx_time(&msg, mono_ns(), rt_minus_mono));
	}
	return 0;
}

static int run(struct impair *im, double duration)
{
	sigset_t mask;
	struct pollfd pfd[3];
	int sfd;
	int rc = 0;
	int64_t end = INT64_MAX;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0 ||
	    (sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		fprintf(stderr, PROG ": signalfd: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	if (duration > 0)
		end = mono_ns() + (int64_t)(duration * 1e9);

	pfd[0] = (struct pollfd){ .fd = im->port[0].fd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = im->port[1].fd, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = sfd, .events = POLLIN };

	char desc[1024];

	imp_cfg_format(&im->cfg, desc, sizeof(desc));
	printf(PROG ": ready a=%s b=%s vnet=%d label=%s spec=%s\n", im->port[0].name,
	       im->port[1].name, im->vnet ? 1 : 0, im->label != NULL ? im->label : "-", desc);
	fflush(stdout);

	for (bool stop = false; !stop;) {
		int64_t now = mono_ns();

		if (now >= end)
			break;
		release_due(im, now);

		int64_t next = end;

		for (int d = 0; d < IMP_NDIR; d++) {
			int64_t t = imp_sched_next(&im->sched[d]);

			if (t < next)
				next = t;
		}
		struct timespec ts, *tsp = NULL;

		if (next != INT64_MAX) {
			int64_t wait = next - mono_ns();

			if (wait < 0)
				wait = 0;
			ts.tv_sec = (time_t)(wait / 1000000000);
			ts.tv_nsec = (long)(wait % 1000000000);
			tsp = &ts;
		}
		int n = ppoll(pfd, 3, tsp, NULL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, PROG ": poll: %s\n", strerror(errno));
			rc = EXIT_RUNTIME;
			break;
		}
		if (pfd[2].revents & POLLIN) {
			struct signalfd_siginfo si;

			/* Bounded by the pending signals (at most one per kind). */
			for (int i = 0; i < 8 && read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si);
			     i++) {
				if (si.ssi_signo == SIGUSR1)
					print_stats(im, "now");
				else
					stop = true;
			}
		}
		for (int d = 0; d < IMP_NDIR; d++) {
			if (pfd[d].revents & (POLLIN | POLLERR)) {
				if (receive(im, d) != 0) {
					rc = EXIT_RUNTIME;
					stop = true;
				}
			}
			if (pfd[d].revents & POLLNVAL) {
				rc = EXIT_RUNTIME;
				stop = true;
			}
		}
	}
	close(sfd);
	return rc;
}

static int parse_duration(const char *s, double *out)
{
	char *e;

	errno = 0;
	*out = strtod(s, &e);
	return (e == s || *e != '\0' || errno != 0 || !(*out > 0.0) || *out > 1e7) ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "if-a", required_argument, NULL, 'a' },
		{ "if-b", required_argument, NULL, 'b' },
		{ "spec", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 't' },
		{ "label", required_argument, NULL, 'l' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct impair im;
	const char *spec = NULL;
	double duration = 0;
	bool check = false;
	char err[256];
	int c;

	memset(&im, 0, sizeof(im));
	im.port[0].fd = im.port[1].fd = -1;
	imp_cfg_default(&im.cfg);

	while ((c = getopt_long(argc, argv, "a:b:s:t:l:ch", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			im.port[0].name = optarg;
			break;
		case 'b':
			im.port[1].name = optarg;
			break;
		case 's':
			spec = optarg;
			break;
		case 't':
			if (parse_duration(optarg, &duration) != 0) {
				fprintf(stderr, PROG ": --duration '%s': expected seconds > 0\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'l':
			im.label = optarg;
			break;
		case 'c':
			check = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "Try '" PROG " --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROG ": unexpected argument '%s'; try --help\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (imp_cfg_parse(&im.cfg, spec, err, sizeof(err)) != 0) {
		fprintf(stderr, PROG ": bad SPEC: %s\n", err);
		return EXIT_USAGE;
	}
	if (check) {
		char desc[1024];

		imp_cfg_format(&im.cfg, desc, sizeof(desc));
		printf("%s\n", desc);
		return 0;
	}
	if (im.port[0].name == NULL || im.port[1].name == NULL) {
		fprintf(stderr, PROG ": both -a IFACE and -b IFACE are required; try --help\n");
		return EXIT_USAGE;
	}
	if (strcmp(im.port[0].name, im.port[1].name) == 0) {
		fprintf(stderr, PROG ": -a and -b must be different interfaces\n");
		return EXIT_USAGE;
	}

	/* Sleep precisely: the default 50 us timer slack would add to every delay. */
	(void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	int rc = EXIT_RUNTIME;
	bool v0 = false, v1 = false, ran = false;

	im.buf = malloc(MAX_FRAME);
	if (im.buf == NULL || imp_sched_init(&im.sched[IMP_DOWN], &im.cfg, IMP_DOWN) != 0 ||
	    imp_sched_init(&im.sched[IMP_UP], &im.cfg, IMP_UP) != 0) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	if (open_port(&im.port[0], true, &v0) != 0 || open_port(&im.port[1], v0, &v1) != 0)
		goto out;
	/* Both sockets must agree on the header, or neither uses it. */
	im.vnet = v0 && v1;
	if (v0 && !v1) {
		int zero = 0;

		if (setsockopt(im.port[0].fd, SOL_PACKET, PACKET_VNET_HDR, &zero, sizeof(zero)) !=
		    0) {
			fprintf(stderr, PROG ": cannot turn PACKET_VNET_HDR off: %s\n",
				strerror(errno));
			goto out;
		}
	}
	im.hdr_len = im.vnet ? sizeof(struct virtio_net_hdr) : 0;

	rc = run(&im, duration);
	ran = true;
out:
	imp_sched_fini(&im.sched[IMP_DOWN]);
	imp_sched_fini(&im.sched[IMP_UP]);
	if (ran)
		print_stats(&im, "exit");
	for (int i = 0; i < 2; i++)
		if (im.port[i].fd >= 0)
			close(im.port[i].fd);
	free(im.buf);
	return rc;
}
