/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SO_TIMESTAMPING stamp of a kernel-socket message (ptpdk_ksock_cmsg.h), from
 * hand-built control buffers: software mode takes ts[0], hardware mode ts[2]; a
 * missing, zero, malformed or truncated stamp is no stamp, never a crash.
 */
#include <errno.h>
#include <string.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include "ptpdk_ksock_cmsg.h"

#include "check.h"

#define NS 1000000000LL

struct ctrl {
	union {
		char bytes[CMSG_SPACE(sizeof(struct tpacket_auxdata)) +
			   CMSG_SPACE(sizeof(struct scm_timestamping))];
		struct cmsghdr align;
	} u;
	struct msghdr msg;
};

/* A control buffer with, optionally, PACKET_AUXDATA first, then SCM_TIMESTAMPING. */
static struct msghdr *build(struct ctrl *c, bool aux_first, const struct timespec *sw,
			    const struct timespec *hw)
{
	struct scm_timestamping ts;
	struct cmsghdr *h;

	memset(c, 0, sizeof(*c));
	memset(&ts, 0, sizeof(ts));
	ts.ts[0] = *sw;
	ts.ts[2] = *hw;
	c->msg.msg_control = c->u.bytes;
	c->msg.msg_controllen = sizeof(c->u.bytes);
	h = CMSG_FIRSTHDR(&c->msg);
	if (aux_first) {
		struct tpacket_auxdata aux = { .tp_status = TP_STATUS_VLAN_VALID,
					       .tp_vlan_tci = 7 };

		h->cmsg_level = SOL_PACKET;
		h->cmsg_type = PACKET_AUXDATA;
		h->cmsg_len = CMSG_LEN(sizeof(aux));
		memcpy(CMSG_DATA(h), &aux, sizeof(aux));
		h = CMSG_NXTHDR(&c->msg, h);
	}
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_TIMESTAMPING;
	h->cmsg_len = CMSG_LEN(sizeof(ts));
	memcpy(CMSG_DATA(h), &ts, sizeof(ts));
	c->msg.msg_controllen = (size_t)((char *)h + CMSG_SPACE(sizeof(ts)) - c->u.bytes);
	return &c->msg;
}

static void test_modes(void)
{
	const struct timespec sw = { 1700000000, 5 }, hw = { 37, 123 }, zero = { 0, 0 };
	struct ctrl c;
	int64_t ns = -1;

	for (int aux = 0; aux < 2; aux++) {
		struct msghdr *m = build(&c, aux, &sw, &hw);

		CHECK(ptpdk_ksock_cmsg_stamp(m, PTPDK_KSOCK_STAMP_SOFTWARE, &ns));
		CHECK_EQ_INT(ns, 1700000000LL * NS + 5);
		CHECK(ptpdk_ksock_cmsg_stamp(m, PTPDK_KSOCK_STAMP_HARDWARE, &ns));
		CHECK_EQ_INT(ns, 37 * NS + 123);
	}
	/* Hardware mode, but the NIC did not stamp this frame (ts[2] zero): no stamp, and
	 * the software stamp is not taken instead (it is another clock's time). */
	ns = -1;
	CHECK(!ptpdk_ksock_cmsg_stamp(build(&c, false, &sw, &zero), PTPDK_KSOCK_STAMP_HARDWARE,
				      &ns));
	CHECK_EQ_INT(ns, -1);
	CHECK(!ptpdk_ksock_cmsg_stamp(build(&c, true, &zero, &hw), PTPDK_KSOCK_STAMP_SOFTWARE,
				      &ns));
	CHECK_EQ_INT(ns, -1);
}

static void test_malformed(void)
{
	const struct timespec sw = { 100, 1 }, hw = { 200, 2 };
	const struct timespec bad_ns = { 200, 1000000000 }, neg = { -1, 5 };
	struct msghdr none = { 0 };
	struct ctrl c;
	struct msghdr *m;
	int64_t ns = -1;

	CHECK(!ptpdk_ksock_cmsg_stamp(NULL, PTPDK_KSOCK_STAMP_SOFTWARE, &ns));
	CHECK(!ptpdk_ksock_cmsg_stamp(&none, PTPDK_KSOCK_STAMP_SOFTWARE, &ns));
	m = build(&c, false, &sw, &hw);
	CHECK(!ptpdk_ksock_cmsg_stamp(m, PTPDK_KSOCK_STAMP_SOFTWARE, NULL));
	/* A control message shorter than struct scm_timestamping. */
	CMSG_FIRSTHDR(m)->cmsg_len = CMSG_LEN(sizeof(struct scm_timestamping)) - 1;
	CHECK(!ptpdk_ksock_cmsg_stamp(m, PTPDK_KSOCK_STAMP_SOFTWARE, &ns));
	/* The buffer cut short (MSG_CTRUNC): the header promises more than there is. */
	m = build(&c, true, &sw, &hw);
	m->msg_controllen -=
		CMSG_SPACE(sizeof(struct scm_timestamping)) - CMSG_LEN(sizeof(struct timespec));
	CHECK(!ptpdk_ksock_cmsg_stamp(m, PTPDK_KSOCK_STAMP_HARDWARE, &ns));
	/* Only PACKET_AUXDATA: no stamp. */
	m = build(&c, true, &sw, &hw);
	m->msg_controllen = CMSG_SPACE(sizeof(struct tpacket_auxdata));
	CHECK(!ptpdk_ksock_cmsg_stamp(m, PTPDK_KSOCK_STAMP_SOFTWARE, &ns));
	/* Values the kernel never produces. */
	CHECK(!ptpdk_ksock_cmsg_stamp(build(&c, false, &sw, &bad_ns), PTPDK_KSOCK_STAMP_HARDWARE,
				      &ns));
	CHECK(!ptpdk_ksock_cmsg_stamp(build(&c, false, &neg, &hw), PTPDK_KSOCK_STAMP_SOFTWARE,
				      &ns));
	CHECK_EQ_INT(ns, -1);
	/* Garbage control bytes of every length: a result, never a crash. */
	for (int i = 0; i < 2000; i++) {
		memset(&c, 0, sizeof(c));
		check_rand_bytes((uint8_t *)c.u.bytes, sizeof(c.u.bytes));
		c.msg.msg_control = c.u.bytes;
		c.msg.msg_controllen = check_rand() % (sizeof(c.u.bytes) + 1);
		(void)ptpdk_ksock_cmsg_stamp(&c.msg, (enum ptpdk_ksock_stamp_mode)(i & 1), &ns);
	}
	CHECK(true);
}

int main(void)
{
	check_seed("ksock-cmsg");
	test_modes();
	test_malformed();
	return check_report("ksock-cmsg");
}
