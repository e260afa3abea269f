/* SPDX-License-Identifier: BSD-3-Clause */
#include "mgmt_server.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "layout.h"
#include "ptpdk_mgmt_responder.h"

/* Datagrams one call answers: the main lcore has other work (records, reports). */
#define SERVE_BUDGET 64
/* How long a SET may take the engine: it polls every few microseconds, or sleeps
 * idle_sleep_us; pmc waits 100 ms for an answer. */
#define SET_WAIT_NS 50000000L

static const char *const socket_role[MGMT_SERVER_SOCKETS] = { "management",
							      "read-only management" };

/* @return 0 with *mode, -1 for anything but 1 to 4 octal digits */
static int parse_mode(const char *s, mode_t *mode)
{
	char *end;
	unsigned long v;

	if (!s[0] || strlen(s) > 4 || strspn(s, "01234567") != strlen(s))
		return -1;
	v = strtoul(s, &end, 8);
	*mode = (mode_t)v;
	return *end ? -1 : 0;
}

/* @return 0 with the three octets of "xx:xx:xx", -1 otherwise */
static int parse_oui(const char *s, uint8_t *oui)
{
	unsigned a, b, c;
	char tail;

	if (sscanf(s, "%2x:%2x:%2x%c", &a, &b, &c, &tail) != 3)
		return -1;
	oui[0] = (uint8_t)a;
	oui[1] = (uint8_t)b;
	oui[2] = (uint8_t)c;
	return 0;
}

/* A socket file at @p path that a live process serves: a datagram connect succeeds. */
static bool served_by_another(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool live;

	if (fd < 0)
		return false;
	live = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0;
	close(fd);
	return live;
}

static int bind_socket(struct mgmt_server *s, unsigned i, const char *path, mode_t mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	s->fd[i] = -1;
	if (!path[0])
		return 0;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "ptpdk: %s socket '%s': path too long (at most %zu)\n",
			socket_role[i], path, sizeof(sa.sun_path) - 1);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (served_by_another(&sa)) {
		fprintf(stderr,
			"ptpdk: warning: %s socket %s is served by another process: this "
			"instance has none (give it its own uds_address / uds_ro_address)\n",
			socket_role[i], path);
		return 0;
	}
	unlink(path); /* a stale file of a daemon that died */
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (const struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, mode) != 0) {
		fprintf(stderr, "ptpdk: warning: %s socket %s: %s: none for this instance\n",
			socket_role[i], path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 0;
	}
	s->fd[i] = fd;
	snprintf(s->path[i], sizeof(s->path[i]), "%s", path);
	printf("ptpdk: %s on %s (pmc -u -s %s)\n", socket_role[i], path, path);
	return 0;
}

/* "auto": the socket in the instance's directory. */
static const char *socket_path(const struct daemon_options *o, const char *configured, unsigned i,
			       char *buf)
{
	static const char *const file[MGMT_SERVER_SOCKETS] = { "mgmt", "mgmt-ro" };

	if (strcmp(configured, "auto") != 0)
		return configured;
	if (!o->instance_dir)
		return "";
	snprintf(buf, sizeof(((struct sockaddr_un *)0)->sun_path) + 1, "%s/%s", o->instance_dir,
		 file[i]);
	return buf;
}

int mgmt_server_open(struct mgmt_server *s, const struct daemon_options *o)
{
	static char auto_path[MGMT_SERVER_SOCKETS][sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	static const enum ptpdk_cfg_key path_key[] = { PTPDK_CFG_uds_address,
						       PTPDK_CFG_uds_ro_address };
	static const enum ptpdk_cfg_key mode_key[] = { PTPDK_CFG_uds_file_mode,
						       PTPDK_CFG_uds_ro_file_mode };
	const struct ptpdk_config *c = o->cfg;
	mode_t mode[MGMT_SERVER_SOCKETS];

	memset(s, 0, sizeof(*s));
	s->fd[0] = s->fd[1] = -1;
	for (unsigned i = 0; i < MGMT_SERVER_SOCKETS; i++)
		if (parse_mode(ptpdk_config_str(c, -1, mode_key[i]), &mode[i]) != 0) {
			fprintf(stderr, "ptpdk: %s: '%s' is not a file mode (octal, e.g. 0660)\n",
				ptpdk_config_key_info(mode_key[i])->name,
				ptpdk_config_str(c, -1, mode_key[i]));
			return -1;
		}
	if (parse_oui(ptpdk_config_str(c, -1, PTPDK_CFG_manufacturerIdentity),
		      s->manufacturer_identity) != 0) {
		fprintf(stderr, "ptpdk: manufacturerIdentity: '%s' is not an OUI (xx:xx:xx)\n",
			ptpdk_config_str(c, -1, PTPDK_CFG_manufacturerIdentity));
		return -1;
	}
	s->net_allow_set = ptpdk_config_bool(c, -1, PTPDK_CFG_network_management_set);
	snprintf(s->user_description, sizeof(s->user_description), "%s",
		 ptpdk_config_str(c, -1, PTPDK_CFG_userDescription));
	snprintf(s->product_description, sizeof(s->product_description), "%s",
		 ptpdk_config_str(c, -1, PTPDK_CFG_productDescription));
	snprintf(s->revision_data, sizeof(s->revision_data), "%s",
		 ptpdk_config_str(c, -1, PTPDK_CFG_revisionData));
	for (unsigned i = 0; i < MGMT_SERVER_SOCKETS; i++)
		if (bind_socket(
			    s, i,
			    socket_path(o, ptpdk_config_str(c, -1, path_key[i]), i, auto_path[i]),
			    mode[i]) != 0) {
			mgmt_server_close(s);
			return -1;
		}
	return 0;
}

void mgmt_server_close(struct mgmt_server *s)
{
	for (unsigned i = 0; i < MGMT_SERVER_SOCKETS; i++) {
		if (s->fd[i] < 0)
			continue;
		close(s->fd[i]);
		unlink(s->path[i]);
		s->fd[i] = -1;
	}
}

unsigned mgmt_server_pollfds(const struct mgmt_server *s, struct pollfd *pfd)
{
	unsigned n = 0;

	for (unsigned i = 0; i < MGMT_SERVER_SOCKETS; i++)
		if (s->fd[i] >= 0)
			pfd[n++] = (struct pollfd){ .fd = s->fd[i], .events = POLLIN };
	return n;
}

/* ------------------------------------------------------------------ the view */

static void sum_port_counters(const struct layout *l, unsigned p, struct ptpdk_mgmt_port_view *pv)
{
	struct ptpdk_rxq_counters rc;
	struct ptpdk_txq_counters tc;

	layout_port_rx_counters(l, p, &rc);
	for (unsigned t = 0; t < 16 && t < PTPDK_MSG_TYPE_COUNT; t++)
		pv->rx_by_type[t] = rc.by_type[t];
	ptpdk_txq_counters_read(&l->txqs[p], &tc);
	for (unsigned t = 0; t < 16 && t < PTPDK_MSG_TYPE_COUNT; t++)
		pv->tx_by_type[t] = tc.by_type[t];
}

static void port_addresses(const struct layout *l, unsigned p, struct ptpdk_mgmt_port_view *pv)
{
	const struct ptpdk_addr_filter *f = &l->ports[p].filter;

	memcpy(pv->mac, f->mac, sizeof(pv->mac));
	switch (l->engine.conf.transport[p]) {
	case PTPDK_TRANSPORT_UDP4:
		pv->network_protocol = PTPDK_NETWORK_UDP_IPV4;
		pv->protocol_address_len = 4;
		memcpy(pv->protocol_address, f->ipv4, 4);
		break;
	case PTPDK_TRANSPORT_UDP6:
		pv->network_protocol = PTPDK_NETWORK_UDP_IPV6;
		pv->protocol_address_len = 16;
		memcpy(pv->protocol_address, f->ipv6, 16);
		break;
	default:
		pv->network_protocol = PTPDK_NETWORK_IEEE_802_3;
		pv->protocol_address_len = 6;
		memcpy(pv->protocol_address, f->mac, 6);
		break;
	}
}

int mgmt_server_view(const struct mgmt_server *s, struct layout *l, struct engine_mgmt_state *st)
{
	struct ptpdk_mgmt_view *v = &st->view;

	if (engine_mgmt_read(&l->engine.mgmt, st) != 0)
		return -EAGAIN;
	memcpy(v->user_description, s->user_description, sizeof(v->user_description));
	memcpy(v->product_description, s->product_description, sizeof(v->product_description));
	memcpy(v->revision_data, s->revision_data, sizeof(v->revision_data));
	memcpy(v->manufacturer_identity, s->manufacturer_identity, 3);
	for (unsigned p = 0; p < v->n_ports && p < l->n_ports; p++) {
		struct ptpdk_mgmt_port_view *pv = &v->ports[p];

		snprintf(pv->interface, sizeof(pv->interface), "%s", l->ports[p].name);
		pv->timestamping = layout_port_nic_stamps(&l->ports[p]) ? PTPDK_MGMT_TS_HARDWARE
									: PTPDK_MGMT_TS_SOFTWARE;
		sum_port_counters(l, p, pv);
		port_addresses(l, p, pv);
	}
	return 0;
}

/* ------------------------------------------------------------------ serving */

static void send_replies(struct mgmt_server *s, int fd, const struct ptpdk_mgmt_reply *r,
			 unsigned n, const struct sockaddr_un *to, socklen_t to_len)
{
	uint8_t buf[PTPDK_MSG_MAX_LEN + PTPDK_MGMT_DATA_MAX];

	for (unsigned i = 0; i < n; i++) {
		int len = ptpdk_msg_encode(&r[i].msg, buf, sizeof(buf));

		if (len < 0 || to_len <= sizeof(sa_family_t) ||
		    sendto(fd, buf, (size_t)len, MSG_DONTWAIT, (const struct sockaddr *)to,
			   to_len) != len) {
			s->counters.send_errors++;
			continue;
		}
		s->counters.replies++;
	}
}

unsigned mgmt_server_apply_set(const struct mgmt_server *s, struct layout *l,
			       const struct ptpdk_mgmt_policy *pol, const struct ptpdk_msg *req,
			       const struct ptpdk_mgmt_set *set, struct ptpdk_mgmt_reply *out,
			       unsigned max, bool *applied)
{
	uint64_t ticket = engine_mgmt_submit(&l->engine.mgmt, set);
	struct engine_mgmt_state st;
	struct timespec nap = { 0, 1000000 };

	*applied = false;
	/* Wait on the engine's ticket alone; the daemon's part of the view (counters,
	 * names) is added once, for the answer. */
	for (long waited = 0; ticket && waited < SET_WAIT_NS; waited += nap.tv_nsec) {
		if (engine_mgmt_read(&l->engine.mgmt, &st) == 0 && st.applied >= ticket) {
			if (st.applied == ticket && st.last_rc == 0 &&
			    mgmt_server_view(s, l, &st) == 0) {
				*applied = true;
				return ptpdk_mgmt_answer_set(&st.view, pol, req, out, max);
			}
			break;
		}
		nanosleep(&nap, NULL);
	}
	if (mgmt_server_view(s, l, &st) != 0)
		memset(&st, 0, sizeof(st));
	ptpdk_mgmt_error_reply(&st.view, pol, req, PTPDK_MGMT_ERR_GENERAL_ERROR,
			       ticket ? "the engine did not apply the SET" : "the engine is busy",
			       out);
	return 1;
}

static void serve_one(struct mgmt_server *s, struct layout *l, unsigned i, const uint8_t *buf,
		      size_t len, const struct sockaddr_un *from, socklen_t from_len)
{
	static struct ptpdk_mgmt_reply replies[PTPDK_MAX_PORTS];
	static struct engine_mgmt_state st;
	struct ptpdk_mgmt_policy pol = { .allow_set = i == 0 };
	struct ptpdk_mgmt_set set;
	struct ptpdk_msg req;
	unsigned n = 0;

	bool applied;

	if (ptpdk_msg_decode(buf, len, &req, NULL) != 0 || mgmt_server_view(s, l, &st) != 0) {
		s->counters.malformed++;
		return;
	}
	memcpy(pol.clock_identity, st.view.default_ds.clock_identity, PTPDK_CLOCK_ID_LEN);
	switch (ptpdk_mgmt_respond(&st.view, &pol, &req, replies, PTPDK_MAX_PORTS, &n, &set)) {
	case PTPDK_MGMT_REPLIED:
		break;
	case PTPDK_MGMT_APPLY:
		n = mgmt_server_apply_set(s, l, &pol, &req, &set, replies, PTPDK_MAX_PORTS,
					  &applied);
		if (applied)
			s->counters.sets++;
		else
			s->counters.sets_failed++;
		break;
	case PTPDK_MGMT_MALFORMED:
		s->counters.malformed++;
		return;
	default:
		s->counters.ignored++;
		return;
	}
	send_replies(s, s->fd[i], replies, n, from, from_len);
}

void mgmt_server_serve(struct mgmt_server *s, struct layout *l)
{
	uint8_t buf[1500];

	for (unsigned i = 0; i < MGMT_SERVER_SOCKETS; i++) {
		for (unsigned k = 0; s->fd[i] >= 0 && k < SERVE_BUDGET; k++) {
			struct sockaddr_un from;
			socklen_t from_len = sizeof(from);
			ssize_t len = recvfrom(s->fd[i], buf, sizeof(buf), MSG_DONTWAIT,
					       (struct sockaddr *)&from, &from_len);

			if (len < 0)
				break;
			s->counters.requests++;
			serve_one(s, l, i, buf, (size_t)len, &from, from_len);
		}
	}
}

void mgmt_server_report(const struct mgmt_server *s, FILE *out)
{
	const struct mgmt_server_counters *c = &s->counters;

	if (s->fd[0] < 0 && s->fd[1] < 0 && !c->requests)
		return;
	fprintf(out,
		"ptpdk: management: %" PRIu64 " request(s), %" PRIu64 " reply(ies), %" PRIu64
		" malformed, %" PRIu64 " ignored, %" PRIu64 " send error(s), %" PRIu64
		" SET(s) applied, %" PRIu64 " failed\n",
		c->requests, c->replies, c->malformed, c->ignored, c->send_errors, c->sets,
		c->sets_failed);
	fflush(out);
}
