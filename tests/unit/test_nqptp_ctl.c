/* SPDX-License-Identifier: BSD-3-Clause */
/* nqptp's control grammar: the datagrams Shairport Sync sends (name, space, command,
 * NUL included), the addresses it may list, and every refusal, counted, with random
 * datagrams never crashing the parser. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "ptpdk_nqptp_ctl.h"

/* as Shairport Sync sends it: the text and its NUL */
static enum ptpdk_nqptp_ctl_result parse_str(const char *s, struct ptpdk_nqptp_ctl_msg *m)
{
	return ptpdk_nqptp_ctl_parse(s, strlen(s) + 1, NULL, m);
}

static void check_v4(const struct ptpdk_addr *a, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	static const uint8_t zero[12];

	CHECK_EQ_INT(a->transport, PTPDK_TRANSPORT_UDP4);
	CHECK(a->ip[0] == b0 && a->ip[1] == b1 && a->ip[2] == b2 && a->ip[3] == b3);
	CHECK_MEM(a->ip + 4, zero, sizeof(zero));
}

static void test_commands(void)
{
	struct ptpdk_nqptp_ctl_msg m;
	static const uint8_t v6[16] = { 0x20, 0x01, 0, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 };
	static const uint8_t ll[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

	CHECK_EQ_INT(parse_str("/nqptp T 198.18.0.5 198.18.0.6", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_PEERS);
	CHECK_EQ_INT(m.n_peers, 2);
	check_v4(&m.peers[0], 198, 18, 0, 5);
	check_v4(&m.peers[1], 198, 18, 0, 6);
	CHECK_EQ_INT(m.peers_dropped, 0);

	CHECK_EQ_INT(parse_str("/nqptp T 2001:2::5 fe80::1%wlan0 ::ffff:198.18.1.2", &m),
		     PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.n_peers, 3);
	CHECK_EQ_INT(m.peers[0].transport, PTPDK_TRANSPORT_UDP6);
	CHECK_MEM(m.peers[0].ip, v6, 16);
	CHECK_EQ_INT(m.peers[1].transport, PTPDK_TRANSPORT_UDP6);
	CHECK_MEM(m.peers[1].ip, ll, 16);
	/* the same peer's messages arrive over IPv4 */
	check_v4(&m.peers[2], 198, 18, 1, 2);
	/* nothing but transport and IP: comparable with ptpdk_addr_identity() */
	CHECK(m.peers[0].mac[0] == 0 && !m.peers[0].has_vlan && m.peers[0].vlan_tci == 0);

	/* runs of spaces separate as one */
	CHECK_EQ_INT(parse_str("/nqptp  T   198.18.0.5  ", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_PEERS);
	CHECK_EQ_INT(m.n_peers, 1);

	CHECK_EQ_INT(parse_str("/nqptp T", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_CLEAR);
	CHECK_EQ_INT(m.n_peers, 0);
	CHECK_EQ_INT(parse_str("/nqptp T ", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_CLEAR);
	/* the name alone clears, as in nqptp */
	CHECK_EQ_INT(parse_str("/nqptp", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_CLEAR);

	CHECK_EQ_INT(parse_str("/nqptp B", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_PLAY);
	CHECK_EQ_INT(parse_str("/nqptp E", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_STOP);
	CHECK_EQ_INT(parse_str("/nqptp P", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_PAUSE);

	/* another configured name */
	CHECK_EQ_INT(ptpdk_nqptp_ctl_parse("/sps B", 7, "/sps", &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.cmd, PTPDK_NQPTP_CMD_PLAY);
	/* trailing NUL padding is harmless */
	CHECK_EQ_INT(ptpdk_nqptp_ctl_parse("/nqptp B\0\0\0", 12, NULL, &m), PTPDK_NQPTP_CTL_OK);

	CHECK(strcmp(ptpdk_nqptp_cmd_name(PTPDK_NQPTP_CMD_STOP), "E") == 0);
	CHECK(strcmp(ptpdk_nqptp_cmd_name(PTPDK_NQPTP_CMD_COUNT), "unknown") == 0);
}

static void test_many_peers(void)
{
	char buf[PTPDK_NQPTP_CONTROL_MAX];
	struct ptpdk_nqptp_ctl_msg m;
	size_t n = 0;
	unsigned i;

	n += (size_t)snprintf(buf, sizeof(buf), "/nqptp T");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " 198.18.0.%u", i + 1);
	CHECK_EQ_INT(ptpdk_nqptp_ctl_parse(buf, n + 1, NULL, &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.n_peers, PTPDK_NQPTP_MAX_PEERS);
	CHECK_EQ_INT(m.peers_dropped, 40 - PTPDK_NQPTP_MAX_PEERS);
	check_v4(&m.peers[0], 198, 18, 0, 1);
	check_v4(&m.peers[PTPDK_NQPTP_MAX_PEERS - 1], 198, 18, 0, PTPDK_NQPTP_MAX_PEERS);

	/* exactly the largest datagram: accepted; one octet more: refused */
	memset(buf, ' ', sizeof(buf));
	memcpy(buf, "/nqptp T 198.18.0.1", 19);
	buf[sizeof(buf) - 1] = '\0';
	CHECK_EQ_INT(ptpdk_nqptp_ctl_parse(buf, sizeof(buf), NULL, &m), PTPDK_NQPTP_CTL_OK);
	CHECK_EQ_INT(m.n_peers, 1);
	{
		static char big[PTPDK_NQPTP_CONTROL_MAX + 1];

		memcpy(big, buf, sizeof(buf));
		big[sizeof(big) - 2] = ' ';
		big[sizeof(big) - 1] = '\0';
		CHECK_EQ_INT(ptpdk_nqptp_ctl_parse(big, sizeof(big), NULL, &m),
			     PTPDK_NQPTP_CTL_OVERSIZED);
	}
}

static void test_refusals(void)
{
	struct ptpdk_nqptp_ctl_counters c;
	struct ptpdk_nqptp_ctl_msg m;
	static const struct {
		const char *text;
		size_t len; /* 0: strlen + 1 */
		enum ptpdk_nqptp_ctl_result want;
	} cases[] = {
		{ "", 1, PTPDK_NQPTP_CTL_NO_NAME },
		{ " B", 0, PTPDK_NQPTP_CTL_NO_NAME },
		{ "/nqptp B", 8, PTPDK_NQPTP_CTL_UNTERMINATED },
		{ "/nqptp B\0junk", 14, PTPDK_NQPTP_CTL_EMBEDDED_NUL },
		{ "/other B", 0, PTPDK_NQPTP_CTL_OTHER_NAME },
		{ "/nqptpX B", 0, PTPDK_NQPTP_CTL_OTHER_NAME },
		{ "/nqp B", 0, PTPDK_NQPTP_CTL_OTHER_NAME },
		{ "/nqptp X", 0, PTPDK_NQPTP_CTL_UNKNOWN_COMMAND },
		{ "/nqptp TT 198.18.0.1", 0, PTPDK_NQPTP_CTL_UNKNOWN_COMMAND },
		{ "/nqptp t 198.18.0.1", 0, PTPDK_NQPTP_CTL_UNKNOWN_COMMAND },
		{ "/nqptp B 198.18.0.1", 0, PTPDK_NQPTP_CTL_UNEXPECTED_ARGS },
		{ "/nqptp E now", 0, PTPDK_NQPTP_CTL_UNEXPECTED_ARGS },
		{ "/nqptp P x", 0, PTPDK_NQPTP_CTL_UNEXPECTED_ARGS },
		{ "/nqptp T 198.18.0.256", 0, PTPDK_NQPTP_CTL_BAD_ADDRESS },
		{ "/nqptp T 198.18.0.1 host.example", 0, PTPDK_NQPTP_CTL_BAD_ADDRESS },
		{ "/nqptp T fe80::1%", 0, PTPDK_NQPTP_CTL_BAD_ADDRESS },
		{ "/nqptp T 198.18.0.1%eth0", 0, PTPDK_NQPTP_CTL_BAD_ADDRESS },
		{ "/nqptp T 198.18.0.1\n", 0, PTPDK_NQPTP_CTL_BAD_ADDRESS },
		{ "/nqptp T 2001:2::1:2:3:4:5:6:7:8:9", 0, PTPDK_NQPTP_CTL_BAD_ADDRESS },
	};
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text) + 1;
		enum ptpdk_nqptp_ctl_result r = ptpdk_nqptp_ctl_parse(cases[i].text, len, NULL, &m);

		if (r != cases[i].want)
			fprintf(stderr, "case %zu \"%s\": %s, want %s\n", i, cases[i].text,
				ptpdk_nqptp_ctl_result_name(r),
				ptpdk_nqptp_ctl_result_name(cases[i].want));
		CHECK_EQ_INT(r, cases[i].want);
		/* a refusal leaves nothing behind to act on */
		CHECK_EQ_INT(m.n_peers, 0);
		ptpdk_nqptp_ctl_count(&c, r, &m);
	}
	CHECK_EQ_INT(ptpdk_nqptp_ctl_parse(NULL, 5, NULL, &m), PTPDK_NQPTP_CTL_EMPTY);
	CHECK_EQ_INT(ptpdk_nqptp_ctl_parse("x", 0, NULL, &m), PTPDK_NQPTP_CTL_EMPTY);
	ptpdk_nqptp_ctl_count(&c, PTPDK_NQPTP_CTL_EMPTY, &m);

	CHECK_EQ_INT(c.refused[PTPDK_NQPTP_CTL_NO_NAME], 2);
	CHECK_EQ_INT(c.refused[PTPDK_NQPTP_CTL_OTHER_NAME], 3);
	CHECK_EQ_INT(c.refused[PTPDK_NQPTP_CTL_UNEXPECTED_ARGS], 3);
	CHECK_EQ_INT(c.refused[PTPDK_NQPTP_CTL_BAD_ADDRESS], 6);
	CHECK_EQ_INT(c.refused[PTPDK_NQPTP_CTL_EMPTY], 1);

	CHECK_EQ_INT(parse_str("/nqptp B", &m), PTPDK_NQPTP_CTL_OK);
	ptpdk_nqptp_ctl_count(&c, PTPDK_NQPTP_CTL_OK, &m);
	CHECK_EQ_INT(c.accepted[PTPDK_NQPTP_CMD_PLAY], 1);
	/* an out-of-range result is ignored, not an out-of-bounds write */
	ptpdk_nqptp_ctl_count(&c, PTPDK_NQPTP_CTL_RESULT_COUNT, &m);
	CHECK(strcmp(ptpdk_nqptp_ctl_result_name(PTPDK_NQPTP_CTL_OVERSIZED), "oversized") == 0);
	CHECK(strcmp(ptpdk_nqptp_ctl_result_name(PTPDK_NQPTP_CTL_RESULT_COUNT), "unknown") == 0);
}

/* random octets, random lengths (up to one past the limit), and random edits of a
 * valid command: always a verdict, peers only when accepted as T */
static void test_random(void)
{
	static uint8_t buf[PTPDK_NQPTP_CONTROL_MAX + 1];
	static const char alphabet[] = "/nqptTBEP 0123456789abcdef.:%\0x";
	struct ptpdk_nqptp_ctl_msg m;
	unsigned i, accepted = 0;

	for (i = 0; i < 20000; i++) {
		size_t len = (size_t)(check_rand() % 64), j;
		enum ptpdk_nqptp_ctl_result r;

		if (i % 100 == 0)
			len = (size_t)(check_rand() % sizeof(buf)) + 1;
		if (i % 2) {
			for (j = 0; j < len; j++)
				buf[j] = (uint8_t)alphabet[check_rand() % (sizeof(alphabet) - 1)];
			if (len > 7)
				memcpy(buf, "/nqptp ", 7);
		} else {
			check_rand_bytes(buf, len);
		}
		if (len && check_rand() % 2)
			buf[len - 1] = 0;
		r = ptpdk_nqptp_ctl_parse(buf, len, NULL, &m);
		CHECK((unsigned)r < PTPDK_NQPTP_CTL_RESULT_COUNT);
		CHECK(m.n_peers <= PTPDK_NQPTP_MAX_PEERS);
		if (r == PTPDK_NQPTP_CTL_OK) {
			accepted++;
			CHECK(m.cmd < PTPDK_NQPTP_CMD_COUNT);
			CHECK((m.cmd == PTPDK_NQPTP_CMD_PEERS) == (m.n_peers > 0));
		} else {
			CHECK(m.n_peers == 0 && m.peers_dropped == 0);
		}
	}
	printf("random: %u of 20000 accepted\n", accepted);
}

int main(void)
{
	check_seed("test_nqptp_ctl");
	test_commands();
	test_many_peers();
	test_refusals();
	test_random();
	return check_report("test_nqptp_ctl");
}
