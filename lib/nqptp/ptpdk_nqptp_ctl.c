/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <string.h>

#include "ptpdk_frame.h"
#include "ptpdk_nqptp_ctl.h"

/* An IPv6 text with a scope ("fe80::1%wlan0") fits in INET6_ADDRSTRLEN plus an
 * interface name; anything longer is not an address. */
#define TOKEN_MAX 80

static const char *const result_names[PTPDK_NQPTP_CTL_RESULT_COUNT] = {
	[PTPDK_NQPTP_CTL_OK] = "ok",
	[PTPDK_NQPTP_CTL_EMPTY] = "empty",
	[PTPDK_NQPTP_CTL_OVERSIZED] = "oversized",
	[PTPDK_NQPTP_CTL_UNTERMINATED] = "unterminated",
	[PTPDK_NQPTP_CTL_EMBEDDED_NUL] = "embedded-nul",
	[PTPDK_NQPTP_CTL_NO_NAME] = "no-name",
	[PTPDK_NQPTP_CTL_OTHER_NAME] = "other-name",
	[PTPDK_NQPTP_CTL_UNKNOWN_COMMAND] = "unknown-command",
	[PTPDK_NQPTP_CTL_UNEXPECTED_ARGS] = "unexpected-args",
	[PTPDK_NQPTP_CTL_BAD_ADDRESS] = "bad-address",
};

static const char *const cmd_names[PTPDK_NQPTP_CMD_COUNT] = {
	[PTPDK_NQPTP_CMD_PEERS] = "T", [PTPDK_NQPTP_CMD_CLEAR] = "T-clear",
	[PTPDK_NQPTP_CMD_PLAY] = "B",  [PTPDK_NQPTP_CMD_STOP] = "E",
	[PTPDK_NQPTP_CMD_PAUSE] = "P",
};

const char *ptpdk_nqptp_ctl_result_name(enum ptpdk_nqptp_ctl_result r)
{
	return (unsigned)r < PTPDK_NQPTP_CTL_RESULT_COUNT ? result_names[r] : "unknown";
}

const char *ptpdk_nqptp_cmd_name(enum ptpdk_nqptp_cmd c)
{
	return (unsigned)c < PTPDK_NQPTP_CMD_COUNT ? cmd_names[c] : "unknown";
}

/* The next space-separated token of [*pos, end): its start and length, 0 at the end. */
static size_t next_token(const char *text, size_t end, size_t *pos, const char **tok)
{
	size_t start, i = *pos;

	while (i < end && text[i] == ' ')
		i++;
	start = i;
	while (i < end && text[i] != ' ')
		i++;
	*pos = i;
	*tok = text + start;
	return i - start;
}

static int parse_address(const char *tok, size_t len, struct ptpdk_addr *out)
{
	static const uint8_t v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	char text[TOKEN_MAX + 1];
	const char *pct;
	uint8_t v6[16];

	if (len == 0 || len > TOKEN_MAX)
		return -1;
	memcpy(text, tok, len);
	text[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, text, out->ip) == 1) {
		out->transport = PTPDK_TRANSPORT_UDP4;
		return 0;
	}
	/* the scope names the link, which the peer's messages tell us anyway */
	pct = strchr(text, '%');
	if (pct) {
		if (pct[1] == '\0')
			return -1;
		text[pct - text] = '\0';
	}
	if (inet_pton(AF_INET6, text, v6) != 1)
		return -1;
	if (memcmp(v6, v4_mapped, sizeof(v4_mapped)) == 0) {
		out->transport = PTPDK_TRANSPORT_UDP4;
		memcpy(out->ip, v6 + 12, 4);
	} else {
		out->transport = PTPDK_TRANSPORT_UDP6;
		memcpy(out->ip, v6, sizeof(v6));
	}
	return 0;
}

static enum ptpdk_nqptp_ctl_result parse_peers(const char *text, size_t end, size_t pos,
					       struct ptpdk_nqptp_ctl_msg *out)
{
	struct ptpdk_addr a;
	const char *tok;
	size_t len;

	while ((len = next_token(text, end, &pos, &tok)) != 0) {
		/* every address is checked, kept or not: a list with a bad entry is not
		 * what the client meant, so none of it is taken */
		if (parse_address(tok, len, &a) != 0)
			return PTPDK_NQPTP_CTL_BAD_ADDRESS;
		if (out->n_peers < PTPDK_NQPTP_MAX_PEERS)
			out->peers[out->n_peers++] = a;
		else
			out->peers_dropped++;
	}
	out->cmd = out->n_peers ? PTPDK_NQPTP_CMD_PEERS : PTPDK_NQPTP_CMD_CLEAR;
	return PTPDK_NQPTP_CTL_OK;
}

static enum ptpdk_nqptp_ctl_result parse_text(const char *text, size_t end, const char *smi_name,
					      struct ptpdk_nqptp_ctl_msg *out)
{
	const char *tok;
	size_t len, pos = 0;

	if (end == 0 || text[0] == ' ')
		return PTPDK_NQPTP_CTL_NO_NAME;
	len = next_token(text, end, &pos, &tok);
	if (len != strlen(smi_name) || memcmp(tok, smi_name, len) != 0)
		return PTPDK_NQPTP_CTL_OTHER_NAME;
	len = next_token(text, end, &pos, &tok);
	if (len == 0) {
		out->cmd = PTPDK_NQPTP_CMD_CLEAR;
		return PTPDK_NQPTP_CTL_OK;
	}
	if (len != 1)
		return PTPDK_NQPTP_CTL_UNKNOWN_COMMAND;
	switch (tok[0]) {
	case 'T':
		return parse_peers(text, end, pos, out);
	case 'B':
		out->cmd = PTPDK_NQPTP_CMD_PLAY;
		break;
	case 'E':
		out->cmd = PTPDK_NQPTP_CMD_STOP;
		break;
	case 'P':
		out->cmd = PTPDK_NQPTP_CMD_PAUSE;
		break;
	default:
		return PTPDK_NQPTP_CTL_UNKNOWN_COMMAND;
	}
	if (next_token(text, end, &pos, &tok) != 0)
		return PTPDK_NQPTP_CTL_UNEXPECTED_ARGS;
	return PTPDK_NQPTP_CTL_OK;
}

enum ptpdk_nqptp_ctl_result ptpdk_nqptp_ctl_parse(const void *buf, size_t len, const char *smi_name,
						  struct ptpdk_nqptp_ctl_msg *out)
{
	const char *text = buf;
	enum ptpdk_nqptp_ctl_result r;
	const char *nul;
	size_t end, i;

	memset(out, 0, sizeof(*out));
	if (!smi_name)
		smi_name = PTPDK_NQPTP_DEFAULT_NAME;
	if (!buf || len == 0)
		return PTPDK_NQPTP_CTL_EMPTY;
	if (len > PTPDK_NQPTP_CONTROL_MAX)
		return PTPDK_NQPTP_CTL_OVERSIZED;
	if (text[len - 1] != '\0')
		return PTPDK_NQPTP_CTL_UNTERMINATED;
	nul = memchr(text, '\0', len);
	end = (size_t)(nul - text);
	/* padding NULs are harmless; text after a NUL is a different message */
	for (i = end; i < len; i++)
		if (text[i] != '\0')
			return PTPDK_NQPTP_CTL_EMBEDDED_NUL;
	r = parse_text(text, end, smi_name, out);
	if (r != PTPDK_NQPTP_CTL_OK)
		memset(out, 0, sizeof(*out));
	return r;
}

void ptpdk_nqptp_ctl_count(struct ptpdk_nqptp_ctl_counters *c, enum ptpdk_nqptp_ctl_result r,
			   const struct ptpdk_nqptp_ctl_msg *msg)
{
	if ((unsigned)r >= PTPDK_NQPTP_CTL_RESULT_COUNT)
		return;
	if (r != PTPDK_NQPTP_CTL_OK) {
		c->refused[r]++;
		return;
	}
	if ((unsigned)msg->cmd < PTPDK_NQPTP_CMD_COUNT)
		c->accepted[msg->cmd]++;
	c->peers_dropped += msg->peers_dropped;
}
