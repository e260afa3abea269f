/* SPDX-License-Identifier: BSD-3-Clause */
#include "layout.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_launch.h>
#include <rte_lcore.h>

#include "export_counters.h"
#include "ptpdk_clock_nic.h"
#include "ptpdk_clock_phc.h"
#include "ptpdk_clock_tsc.h"
#include "ptpdk_ksock.h"
#include "engine_config.h"

struct roles {
	unsigned engine;
	unsigned rx[DAEMON_MAX_LCORES];
	unsigned n_rx;
	bool compact;
};

static bool is_worker(unsigned lcore)
{
	return lcore < RTE_MAX_LCORE && rte_lcore_is_enabled(lcore) &&
	       lcore != rte_get_main_lcore();
}

static int pick_roles(const struct daemon_options *o, struct roles *r)
{
	unsigned workers[DAEMON_MAX_LCORES], n = 0, id;

	RTE_LCORE_FOREACH_WORKER(id)
	{
		if (n < DAEMON_MAX_LCORES)
			workers[n++] = id;
	}
	if (n == 0) {
		fprintf(stderr, "ptpdk: needs a worker lcore besides the main one (e.g. -l 0-1; "
				"on one CPU: --lcores '(0-1)@0')\n");
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->engine = o->engine_lcore >= 0 ? (unsigned)o->engine_lcore : workers[0];
	if (!is_worker(r->engine)) {
		fprintf(stderr, "ptpdk: --engine-lcore %u is not an enabled worker lcore\n",
			r->engine);
		return -1;
	}
	r->compact = o->compact || (n == 1 && o->n_rx_lcores == 0);
	if (r->compact) {
		r->rx[r->n_rx++] = r->engine;
		return 0;
	}
	if (o->n_rx_lcores) {
		for (unsigned i = 0; i < o->n_rx_lcores; i++) {
			if (!is_worker(o->rx_lcores[i]) || o->rx_lcores[i] == r->engine) {
				fprintf(stderr,
					"ptpdk: RX lcore %u is not a worker lcore apart "
					"from the engine's\n",
					o->rx_lcores[i]);
				return -1;
			}
			for (unsigned k = 0; k < i; k++)
				if (o->rx_lcores[k] == o->rx_lcores[i]) {
					fprintf(stderr, "ptpdk: RX lcore %u given twice\n",
						o->rx_lcores[i]);
					return -1;
				}
			r->rx[r->n_rx++] = o->rx_lcores[i];
		}
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		if (workers[i] != r->engine)
			r->rx[r->n_rx++] = workers[i];
	return 0;
}

static int open_ports(struct layout *l, const struct daemon_options *o, const struct roles *r)
{
	for (unsigned p = 0; p < o->n_ports; p++) {
		struct ptpdk_port_conf conf = {
			.name = o->ports[p],
			.rx_queues = (uint16_t)r->n_rx,
			.tx_queues = 1,
			.lcores = (uint16_t)(r->n_rx + 1),
			.ts_mode = o->ts_mode,
			.verify_csum = o->port[p].verify_csum,
			.filter = o->port[p].filter,
			.tsc_hz = l->tsc_hz, /* kernel ports convert their stamps with it */
		};
		char err[200] = "", line[400];

		if (ptpdk_port_open(&conf, (uint16_t)p, &l->ports[p], err, sizeof(err)) != 0) {
			fprintf(stderr, "ptpdk: port %s: %s\n", o->ports[p], err);
			return -1;
		}
		l->n_ports++;
		ptpdk_port_describe(&l->ports[p], line, sizeof(line));
		printf("ptpdk: %s\n", line);
	}
	return 0;
}

static struct ptpdk_worker *worker_for(struct layout *l, unsigned lcore, uint32_t idle_us)
{
	for (unsigned i = 0; i < l->n_workers; i++)
		if (l->workers[i].lcore_id == lcore)
			return &l->workers[i];
	struct ptpdk_worker *w = &l->workers[l->n_workers++];

	w->lcore_id = lcore;
	w->idle_sleep_us = idle_us;
	w->publish_ticks = l->tsc_hz / 100;
	w->stop = &l->stop;
	return w;
}

static int create_queues(struct layout *l, const struct daemon_options *o, const struct roles *r)
{
	uint64_t timeout = l->tsc_hz / 1000 * o->tx_timestamp_timeout_ms;

	for (unsigned k = 0; k < r->n_rx; k++) {
		struct ptpdk_worker *w = worker_for(l, r->rx[k], o->idle_sleep_us);

		for (unsigned p = 0; p < l->n_ports; p++) {
			struct ptpdk_rxq *q = &l->rxqs[l->n_rxqs];
			int rc = ptpdk_rxq_init(q, &l->ports[p], (uint16_t)k, o->ring_size);

			if (rc) {
				fprintf(stderr, "ptpdk: RX rings for port %u: %s\n", p,
					strerror(-rc));
				return -1;
			}
			l->n_rxqs++;
			w->rxqs[w->n_rxqs++] = q;
		}
	}
	for (unsigned p = 0; p < l->n_ports; p++) {
		struct ptpdk_worker *owner = worker_for(l, r->rx[0], o->idle_sleep_us);
		int rc = ptpdk_txq_init(&l->txqs[p], &l->ports[p], 0, 256, timeout);

		if (rc) {
			fprintf(stderr, "ptpdk: TX rings for port %u: %s\n", p, strerror(-rc));
			return -1;
		}
		l->n_txqs++;
		owner->txqs[owner->n_txqs++] = &l->txqs[p];
	}
	return 0;
}

/* The NIC stamps this port's PTP frames itself (the PHC is then the clock): a DPDK
 * port's timesync latch, or a kernel port in hardware mode. */
bool layout_port_nic_stamps(const struct ptpdk_port *port)
{
	return (port->hw_stamps && port->caps.timesync) || ptpdk_ksock_hw_phc(port) >= 0;
}

/* The clock the engine disciplines and the stamps convert into: the first port's
 * PHC when the NIC stamps (through ethdev for a DPDK port, /dev/ptpN for a kernel
 * port), else the TSC clock (a virtual clock over the TSC that starts at
 * CLOCK_REALTIME and never touches it). */
/* The same clock as an earlier port's: the host TSC, the same /dev/ptpN, or the same
 * DPDK port's PHC. */
static struct ptpdk_clock *shared_clock(const struct layout *l, unsigned p)
{
	const struct ptpdk_port *port = &l->ports[p];

	for (unsigned q = 0; q < p; q++) {
		const struct ptpdk_port *other = &l->ports[q];

		if (ptpdk_ksock_hw_phc(port) >= 0 &&
		    ptpdk_ksock_hw_phc(port) == ptpdk_ksock_hw_phc(other))
			return l->port_clock[q];
		if (ptpdk_ksock_hw_phc(port) < 0 && ptpdk_ksock_hw_phc(other) < 0 &&
		    !layout_port_nic_stamps(port) && !layout_port_nic_stamps(other))
			return l->port_clock[q];
		if (layout_port_nic_stamps(port) && layout_port_nic_stamps(other) && !port->ksock &&
		    !other->ksock && port->eth_port == other->eth_port)
			return l->port_clock[q];
	}
	return NULL;
}

/* The clock that stamps port @p p's frames, new or shared; NULL with errno. */
static struct ptpdk_clock *open_port_clock(struct layout *l, unsigned p, bool *created)
{
	const struct ptpdk_port *port = &l->ports[p];
	struct ptpdk_clock *c = shared_clock(l, p);
	int phc = ptpdk_ksock_hw_phc(port);

	*created = false;
	if (c)
		return c;
	*created = true;
	if (phc >= 0)
		c = ptpdk_clock_phc_create_index(phc, NULL);
	else if (layout_port_nic_stamps(port))
		c = ptpdk_clock_nic_phc_create(port->eth_port, ptpdk_port_nic_ops());
	else
		c = ptpdk_clock_tsc_create(l->tsc_hz);
	if (!c && phc >= 0)
		fprintf(stderr,
			"ptpdk: clock for port %s: /dev/ptp%d: %s (the daemon needs read-write "
			"access to the PHC)\n",
			port->name, phc, strerror(errno));
	else if (!c)
		fprintf(stderr, "ptpdk: clock for port %s: %s\n", port->name, strerror(errno));
	return c;
}

/*
 * Each port's stamps are in the time of the clock that stamps them (a NIC's PHC, or
 * the host TSC for software stamps). The PTP clock disciplines port 0's clock; other
 * clocks follow it (clock_follow.h: no phc2sys needed), and their ports convert their
 * stamps through the follower into port 0's time. boundary_clock_jbod 0 refuses them
 * instead, as ptp4l does.
 */
static int create_clocks(struct layout *l, const struct daemon_options *o)
{
	struct ptpdk_clock *distinct[PTPDK_MAX_PORTS];
	char names[PTPDK_MAX_PORTS][96];
	const char *name_ptr[PTPDK_MAX_PORTS];
	struct clock_follow_conf fc = { .rate_hz = o->follow_rate_hz,
					.step_threshold_ns = o->follow_step_threshold_ns,
					.tsc_hz = l->tsc_hz };

	for (unsigned p = 0; p < l->n_ports; p++) {
		bool created;

		l->port_clock[p] = open_port_clock(l, p, &created);
		if (!l->port_clock[p])
			return -1;
		if (created) {
			snprintf(names[l->n_owned_clocks], sizeof(names[0]), "%s",
				 l->ports[p].name);
			distinct[l->n_owned_clocks] = l->port_clock[p];
			l->owned_clock[l->n_owned_clocks++] = l->port_clock[p];
		} else {
			for (unsigned c = 0; c < l->n_owned_clocks; c++)
				if (distinct[c] == l->port_clock[p]) {
					size_t n = strlen(names[c]);

					snprintf(names[c] + n, sizeof(names[0]) - n, ",%s",
						 l->ports[p].name);
				}
		}
		if (l->port_clock[p] != l->port_clock[0] && !o->jbod) {
			fprintf(stderr,
				"ptpdk: ports %s and %s stamp in different clocks (%s, %s) and "
				"boundary_clock_jbod is 0: use one NIC, software stamps on all "
				"ports, or boundary_clock_jbod 1\n",
				l->ports[0].name, l->ports[p].name,
				ptpdk_clock_name(l->port_clock[0]),
				ptpdk_clock_name(l->port_clock[p]));
			return -1;
		}
	}
	for (unsigned c = 0; c < l->n_owned_clocks; c++)
		name_ptr[c] = names[c];
	if (clock_follow_setup(&l->follow, &fc, distinct, name_ptr, l->n_owned_clocks) != 0)
		return -1;
	for (unsigned p = 0; p < l->n_ports; p++)
		l->port_clock[p] = clock_follow_port_clock(&l->follow, l->port_clock[p]);
	l->clock = clock_follow_disciplined(&l->follow);
	printf("ptpdk: clock %s\n", ptpdk_clock_name(l->clock));
	return 0;
}

static int create_engine(struct layout *l, const struct daemon_options *o, const struct roles *r)
{
	struct engine_conf conf = {
		.n_rxqs = l->n_rxqs,
		.n_ports = l->n_ports,
		.tsc_hz = l->tsc_hz,
		.latency = o->latency,
		.max_stamp_window_ns = o->max_stamp_window_ns,
	};
	struct ptpdk_worker *w;
	int rc;

	if (create_clocks(l, o) != 0)
		return -1;
	conf.clock = l->clock;
	for (unsigned p = 0; p < l->n_ports; p++)
		conf.port_clock[p] = l->port_clock[p];
	if (export_open(o, l->n_ports, l->tsc_hz, &l->shm) != 0)
		return -1;
	conf.shm = l->shm;
	conf.shm_ports.n = l->n_ports;
	conf.shm_ports.domain = o->domain;
	for (unsigned p = 0; p < l->n_ports; p++)
		conf.shm_ports.names[p] = l->ports[p].name;
	if (engine_config_build(o, layout_port_nic_stamps(&l->ports[0]), &conf.ptp, conf.transport,
				&conf.udp_ttl) != 0)
		return -1;
	conf.network_management = ptpdk_config_bool(o->cfg, -1, PTPDK_CFG_network_management);
	if (engine_config_time_reference(o, conf.ptp.slave_only, &conf.time_reference_system) != 0)
		return -1;
	for (unsigned q = 0; q < l->n_rxqs; q++)
		conf.rxqs[q] = &l->rxqs[q];
	for (unsigned p = 0; p < l->n_ports; p++) {
		conf.ports[p] = &l->ports[p];
		conf.txqs[p] = &l->txqs[p];
		if ((conf.transport[p] == PTPDK_TRANSPORT_UDP4 && !l->ports[p].filter.has_ipv4) ||
		    (conf.transport[p] == PTPDK_TRANSPORT_UDP6 && !l->ports[p].filter.has_ipv6)) {
			fprintf(stderr,
				"ptpdk: port %s: network_transport %s needs the port's address "
				"(ipv4_address / ipv6_address, or --ipv4 / --ipv6)\n",
				l->ports[p].name,
				conf.transport[p] == PTPDK_TRANSPORT_UDP4 ? "UDPv4" : "UDPv6");
			return -1;
		}
	}
	rc = engine_init(&l->engine, &conf);
	if (rc != 0) {
		if (rc == -ENOMEM)
			fprintf(stderr, "ptpdk: engine: out of memory\n");
		return -1;
	}
	l->engine_ready = true;
	w = worker_for(l, r->engine, o->idle_sleep_us);
	w->engine_step = engine_step;
	w->engine_ctx = &l->engine;
	if (l->follow.n) { /* the followers run on the engine lcore, before its step */
		l->follow.engine_step = w->engine_step;
		l->follow.engine_ctx = w->engine_ctx;
		w->engine_step = clock_follow_engine_step;
		w->engine_ctx = &l->follow;
	}
	return 0;
}

int layout_build(struct layout *l, const struct daemon_options *o)
{
	struct roles r;

	atomic_init(&l->stop, false);
	if (pick_roles(o, &r) || open_ports(l, o, &r) || create_queues(l, o, &r) ||
	    create_engine(l, o, &r))
		return -1;
	for (unsigned i = 0; i < l->n_workers; i++) {
		char line[160];

		ptpdk_worker_describe(&l->workers[i], line, sizeof(line));
		printf("ptpdk: %s\n", line);
	}
	fflush(stdout);
	return 0;
}

void layout_port_rx_counters(const struct layout *l, unsigned port, struct ptpdk_rxq_counters *sum)
{
	struct ptpdk_rxq_counters one;

	memset(sum, 0, sizeof(*sum));
	for (unsigned q = 0; q < l->n_rxqs; q++) {
		if (l->rxqs[q].port != &l->ports[port])
			continue;
		ptpdk_rxq_counters_read(&l->rxqs[q], &one);
		export_rxq_add(sum, &one);
	}
}

int layout_launch(struct layout *l)
{
	lcore_cpu_init(&l->cpu, "/proc", sysconf(_SC_CLK_TCK), l->n_workers);
	for (unsigned i = 0; i < l->n_workers; i++) {
		int rc = rte_eal_remote_launch(ptpdk_worker_run, &l->workers[i],
					       l->workers[i].lcore_id);

		if (rc) {
			fprintf(stderr, "ptpdk: cannot launch lcore %u: %s\n",
				l->workers[i].lcore_id, strerror(-rc));
			atomic_store(&l->stop, true);
			rte_eal_mp_wait_lcore();
			return -1;
		}
	}
	return 0;
}

void layout_teardown(struct layout *l)
{
	if (l->engine_ready)
		engine_fini(&l->engine);
	ptpdk_shm_writer_destroy(l->shm);
	l->shm = NULL;
	clock_follow_fini(&l->follow);
	for (unsigned i = 0; i < l->n_owned_clocks; i++)
		ptpdk_clock_destroy(l->owned_clock[i]);
	l->n_owned_clocks = 0;
	l->clock = NULL;
	for (unsigned p = 0; p < l->n_txqs; p++)
		ptpdk_txq_fini(&l->txqs[p]);
	for (unsigned q = 0; q < l->n_rxqs; q++)
		ptpdk_rxq_fini(&l->rxqs[q]);
	for (unsigned p = 0; p < l->n_ports; p++)
		ptpdk_port_close(&l->ports[p]);
}
