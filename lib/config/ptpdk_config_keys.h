/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The configuration table: one line per key, the single source of the file parser, the
 * long options and config/keys.md. Include ptpdk_config.h, not this file.
 *
 * X(name, type, scope, status, default, min, max, values, description)
 *   type     INT, UINT, DOUBLE, BOOL (0 or 1), ENUM (values PTPDK_CFG_VALUES("a", "b"), read
 *            as the index: keep enum ptpdk_cfg_<key> in ptpdk_config.h in the same order),
 *            STRING (the rest of the line), MAC (01:1B:19:00:00:00)
 *   scope    GLOBAL ([global] only) or PORT ([global], overridden by a port section)
 *   status   USED, or LATER: parsed and checked so that ptp4l files keep working, but
 *            ptpdk does not act on it yet (keys.md says so)
 *   default  text, parsed by the same code as a file value
 *   min/max  inclusive bounds of numeric types (INFINITY: none); ignored otherwise
 *
 * Names, defaults and ranges are ptp4l's wherever the meaning is the same; the
 * exceptions are listed in keys.md ("Differences from ptp4l").
 */
#ifndef PTPDK_CONFIG_KEYS_H
#define PTPDK_CONFIG_KEYS_H

#define PTPDK_CFG_I32_MAX 2147483647.0
#define PTPDK_CFG_I32_MIN (-2147483648.0)
/* A NULL-terminated array of value names, with static storage (a file-scope compound literal). */
#define PTPDK_CFG_VALUES(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* clang-format off */
#define PTPDK_CFG_KEYS(X) \
	/* Profiles (ptpdk_config_profiles.h, docs/profiles.md) */ \
	X(profile, ENUM, GLOBAL, USED, "none", 0, 0, \
	  PTPDK_CFG_VALUES("none", "default-e2e", "default-p2p", "g8275.1", "g8275.2", \
			   "enterprise", "gptp"), \
	  "a named set of keys (docs/profiles.md) applied below the file and the command " \
	  "line: both override any key it sets (--profile NAME)") \
	/* The clock (IEEE 1588 defaultDS and friends) */ \
	X(domainNumber, INT, GLOBAL, USED, "0", 0, 127, NULL, \
	  "PTP domain; messages of other domains are ignored") \
	X(priority1, UINT, GLOBAL, USED, "128", 0, 255, NULL, \
	  "priority1 announced as a master (lower wins the BMCA)") \
	X(priority2, UINT, GLOBAL, USED, "128", 0, 255, NULL, \
	  "priority2 announced as a master") \
	X(clockClass, UINT, GLOBAL, USED, "248", 0, 255, NULL, \
	  "clockClass announced as a master (248: default, 255: slave-only)") \
	X(clockAccuracy, UINT, GLOBAL, USED, "0xFE", 0, 255, NULL, \
	  "clockAccuracy announced as a master (0xFE: unknown)") \
	X(offsetScaledLogVariance, UINT, GLOBAL, USED, "0xFFFF", 0, 65535, NULL, \
	  "offsetScaledLogVariance announced as a master") \
	X(twoStepFlag, BOOL, GLOBAL, USED, "1", 0, 1, NULL, \
	  "1: send Sync two-step (a Follow_Up carries its time); 0: one-step, the time " \
	  "written into the Sync as it leaves (software time stamping only, " \
	  "drivers-notes/one-step.md)") \
	X(slaveOnly, BOOL, GLOBAL, USED, "0", 0, 1, NULL, \
	  "never become master: only listen and follow (-s)") \
	X(timeSource, UINT, GLOBAL, USED, "0xA0", 0, 255, NULL, \
	  "timeSource announced as grandmaster (1588 Table 7; 0xA0: internal oscillator)") \
	X(time_reference, ENUM, GLOBAL, USED, "none", 0, 0, PTPDK_CFG_VALUES("none", "system"), \
	  "what the clock follows while it is grandmaster: none (itself, announced with the " \
	  "configured quality) or system (CLOCK_REALTIME plus TAI-UTC, quality from adjtimex)") \
	X(dataset_comparison, ENUM, GLOBAL, USED, "ieee1588", 0, 0, \
	  PTPDK_CFG_VALUES("ieee1588", "G.8275.x"), \
	  "BMCA data set comparison: IEEE 1588's, or the ITU-T G.8275.1/.2 alternate BMCA " \
	  "(no priority1; localPriority after priority2; equal grandmasters of class <= 127 " \
	  "chosen by distance)") \
	X(G8275_defaultDS_localPriority, UINT, GLOBAL, USED, "128", 1, 255, NULL, \
	  "G.8275.x: localPriority of the clock's own data set (lower is better)") \
	X(gmCapable, BOOL, GLOBAL, LATER, "1", 0, 1, NULL, \
	  "802.1AS: the clock may become grandmaster") \
	X(path_trace_enabled, BOOL, GLOBAL, LATER, "0", 0, 1, NULL, \
	  "append the path trace TLV to Announce") \
	X(utc_offset, INT, GLOBAL, USED, "37", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "TAI-UTC in seconds announced as a master") \
	X(free_running, BOOL, GLOBAL, USED, "0", 0, 1, NULL, \
	  "measure and report only: never adjust the clock (--measure)") \
	X(freq_est_interval, INT, GLOBAL, LATER, "1", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "log2 seconds over which the local/peer frequency ratio is estimated") \
	X(assume_two_step, BOOL, GLOBAL, LATER, "0", 0, 1, NULL, \
	  "treat one-step Sync as two-step (for broken masters)") \
	/* Timestamping */ \
	X(time_stamping, ENUM, GLOBAL, USED, "auto", 0, 0, \
	  PTPDK_CFG_VALUES("hardware", "software", "auto"), \
	  "where stamps come from; auto: the NIC's when it has them, else TSC stamps in software") \
	X(tx_timestamp_timeout, INT, GLOBAL, USED, "10", 1, 10000, NULL, \
	  "milliseconds to wait for a TX timestamp before giving up on it") \
	/* Ports on several PTP hardware clocks (a boundary clock over several NICs) */ \
	X(boundary_clock_jbod, BOOL, GLOBAL, USED, "1", 0, 1, NULL, \
	  "ports may stamp in different clocks (several NICs): the engine keeps them on the " \
	  "first port's clock itself (no phc2sys); 0: such ports are refused") \
	X(phc_follow_rate, DOUBLE, GLOBAL, USED, "8", 0.0625, 1000, NULL, \
	  "Hz: how often each other clock is measured against the first port's and steered") \
	X(phc_follow_step_threshold, DOUBLE, GLOBAL, USED, "0.00002", 0, INFINITY, NULL, \
	  "seconds: another clock further than this from the first port's is stepped, " \
	  "else slewed; 0: never stepped") \
	/* Servo */ \
	X(clock_servo, ENUM, GLOBAL, USED, "ptpdk", 0, 0, PTPDK_CFG_VALUES("pi", "ptpdk"), \
	  "servo; ptpdk: robust to packet-delay variation, pi: ptp4l's (linreg is not implemented)") \
	X(step_threshold, DOUBLE, GLOBAL, USED, "0.0", 0, INFINITY, NULL, \
	  "seconds of offset above which the clock is stepped after the first update; 0: never") \
	X(first_step_threshold, DOUBLE, GLOBAL, USED, "0.00002", 0, INFINITY, NULL, \
	  "seconds of offset above which the first update steps the clock; 0: never") \
	X(max_frequency, INT, GLOBAL, USED, "900000000", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "ppb: clamp of the servo's frequency correction") \
	X(pi_proportional_const, DOUBLE, GLOBAL, USED, "0.0", 0, INFINITY, NULL, \
	  "pi: kp; 0: from pi_proportional_scale/exponent/norm_max and the sync interval") \
	X(pi_integral_const, DOUBLE, GLOBAL, USED, "0.0", 0, INFINITY, NULL, \
	  "pi: ki; 0: from pi_integral_scale/exponent/norm_max and the sync interval") \
	X(pi_proportional_scale, DOUBLE, GLOBAL, USED, "0.0", 0, INFINITY, NULL, \
	  "pi: kp = min(scale * T^exponent, norm_max / T); 0: 0.7 (hardware) or 0.1 (software)") \
	X(pi_proportional_exponent, DOUBLE, GLOBAL, USED, "-0.3", -INFINITY, INFINITY, NULL, \
	  "pi: exponent of the sync interval T in kp") \
	X(pi_proportional_norm_max, DOUBLE, GLOBAL, USED, "0.7", 0, 1, NULL, \
	  "pi: upper bound of kp * T") \
	X(pi_integral_scale, DOUBLE, GLOBAL, USED, "0.0", 0, INFINITY, NULL, \
	  "pi: ki = min(scale * T^exponent, norm_max / T); 0: 0.3 (hardware) or 0.001 (software)") \
	X(pi_integral_exponent, DOUBLE, GLOBAL, USED, "0.4", -INFINITY, INFINITY, NULL, \
	  "pi: exponent of the sync interval T in ki") \
	X(pi_integral_norm_max, DOUBLE, GLOBAL, USED, "0.3", 0, 2, NULL, \
	  "pi: upper bound of ki * T") \
	X(servo_offset_threshold, INT, GLOBAL, USED, "0", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "ns: offsets within this for servo_num_offset_values samples report s3; 0: never") \
	X(servo_num_offset_values, INT, GLOBAL, USED, "10", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "samples within servo_offset_threshold before s3 is reported") \
	X(max_path_delay, INT, GLOBAL, USED, "0", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "ns: E2E path delays above this are dropped as outliers; 0: no limit (NuttX ptpd: 100 us)") \
	X(holdover_max, DOUBLE, GLOBAL, USED, "0", 0, 1e9, NULL, \
	  "seconds of holdover (master lost after lock) before the state is FREERUN; 0: never") \
	X(holdover_wander, DOUBLE, GLOBAL, USED, "0.01", 0, 1e6, NULL, \
	  "ppb per second of assumed frequency wander in holdover (growth of the error bound)") \
	X(sanity_freq_limit, INT, GLOBAL, LATER, "200000000", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "ppb: a larger measured frequency offset resets the servo (sanity check); 0: no check") \
	/* Logging */ \
	X(summary_interval, INT, GLOBAL, USED, "0", -128, 127, NULL, \
	  "log2 seconds between rms/max summary lines instead of one line per sample") \
	X(verbose, BOOL, GLOBAL, USED, "0", 0, 1, NULL, \
	  "print messages to stdout (-m)") \
	X(use_syslog, BOOL, GLOBAL, USED, "1", 0, 1, NULL, \
	  "messages to syslog (-q: 0)") \
	X(logging_level, INT, GLOBAL, USED, "6", 0, 7, NULL, \
	  "syslog level of the least important message shown (6: info, with the per-sample lines)") \
	X(message_tag, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "text put in front of every message (e.g. the port name)") \
	/* Instances */ \
	X(instance, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "instance name: run directory, lock, shared region, sockets, DPDK file prefix; " \
	  "empty: EAL's --file-prefix, else ptpdk0") \
	X(run_dir, STRING, GLOBAL, USED, "/var/run/ptpdk", 0, 0, NULL, \
	  "where each instance keeps its directory (lock, management sockets)") \
	/* Management (pmc) */ \
	X(uds_address, STRING, GLOBAL, USED, "auto", 0, 0, NULL, \
	  "Unix socket for management (pmc -u -s PATH): GET and SET; auto: RUN_DIR/INSTANCE/mgmt; " \
	  "empty: none") \
	X(uds_ro_address, STRING, GLOBAL, USED, "auto", 0, 0, NULL, \
	  "Unix socket for read-only management, GET only; auto: RUN_DIR/INSTANCE/mgmt-ro; " \
	  "empty: none") \
	X(uds_file_mode, STRING, GLOBAL, USED, "0660", 0, 0, NULL, \
	  "permissions of uds_address, octal as in chmod") \
	X(uds_ro_file_mode, STRING, GLOBAL, USED, "0666", 0, 0, NULL, \
	  "permissions of uds_ro_address, octal as in chmod") \
	X(network_management, BOOL, GLOBAL, USED, "1", 0, 1, NULL, \
	  "answer management GETs from the network (pmc -2/-4/-6) on every PTP port") \
	X(network_management_set, BOOL, GLOBAL, USED, "0", 0, 1, NULL, \
	  "allow management SETs from the network; 0: NOT_SUPPORTED, as ptp4l answers them") \
	X(userDescription, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "USER_DESCRIPTION and CLOCK_DESCRIPTION's userDescription (e.g. name;location)") \
	X(productDescription, STRING, GLOBAL, USED, ";;", 0, 0, NULL, \
	  "CLOCK_DESCRIPTION productDescription: manufacturer;model;serial") \
	X(revisionData, STRING, GLOBAL, USED, ";;", 0, 0, NULL, \
	  "CLOCK_DESCRIPTION revisionData: hardware;firmware;software") \
	X(manufacturerIdentity, STRING, GLOBAL, USED, "00:00:00", 0, 0, NULL, \
	  "CLOCK_DESCRIPTION manufacturerIdentity, an OUI as xx:xx:xx") \
	/* Ports */ \
	X(network_transport, ENUM, PORT, USED, "UDPv4", 0, 0, \
	  PTPDK_CFG_VALUES("UDPv4", "UDPv6", "L2"), \
	  "transport of the messages ptpdk sends (it receives all three)") \
	X(delay_mechanism, ENUM, PORT, USED, "E2E", 0, 0, PTPDK_CFG_VALUES("E2E", "P2P", "Auto"), \
	  "path delay: end to end (Delay_Req), peer to peer (Pdelay_Req), or chosen by the peer") \
	X(logAnnounceInterval, INT, PORT, USED, "1", -7, 7, NULL, \
	  "log2 seconds between Announce messages as a master") \
	X(logSyncInterval, INT, PORT, USED, "0", -7, 7, NULL, \
	  "log2 seconds between Sync messages as a master") \
	X(logMinDelayReqInterval, INT, PORT, USED, "0", -7, 7, NULL, \
	  "log2 seconds between Delay_Req messages") \
	X(logMinPdelayReqInterval, INT, PORT, USED, "0", -7, 7, NULL, \
	  "log2 seconds between Pdelay_Req messages") \
	X(announceReceiptTimeout, UINT, PORT, USED, "3", 2, 255, NULL, \
	  "Announce intervals without one before the master is considered gone") \
	X(G8275_portDS_localPriority, UINT, PORT, USED, "128", 1, 255, NULL, \
	  "G.8275.x: localPriority given to the masters heard on this port (lower is better)") \
	X(transportSpecific, UINT, PORT, USED, "0", 0, 15, NULL, \
	  "transportSpecific (majorSdoId) of the messages sent; 1: 802.1AS") \
	X(serverOnly, BOOL, PORT, USED, "0", 0, 1, NULL, \
	  "the port never follows a master; it is MASTER once it has listened (masterOnly)") \
	X(syncReceiptTimeout, UINT, PORT, LATER, "0", 0, 255, NULL, \
	  "Sync intervals without one before the master is considered gone; 0: no check") \
	X(inhibit_delay_req, BOOL, PORT, LATER, "0", 0, 1, NULL, \
	  "802.1AS-style ports: never send Delay_Req") \
	X(delay_filter, ENUM, PORT, LATER, "moving_median", 0, 0, \
	  PTPDK_CFG_VALUES("moving_median", "moving_average"), \
	  "filter of the path delay samples") \
	X(delay_filter_length, INT, PORT, USED, "10", 1, PTPDK_CFG_I32_MAX, NULL, \
	  "samples in the path delay filter") \
	X(neighborPropDelayThresh, UINT, PORT, USED, "20000000", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "ns: a peer delay above this makes the link not asCapable (802.1AS)") \
	X(min_neighbor_prop_delay, INT, PORT, LATER, "-20000000", PTPDK_CFG_I32_MIN, -1, NULL, \
	  "ns: a peer delay below this makes the link not asCapable (802.1AS)") \
	X(fault_reset_interval, INT, PORT, LATER, "4", -128, 127, NULL, \
	  "log2 seconds a faulty port waits before it resets") \
	X(udp_ttl, UINT, PORT, USED, "1", 1, 255, NULL, \
	  "IPv4 TTL / IPv6 hop limit of sent messages") \
	X(udp6_scope, UINT, PORT, LATER, "0x0E", 0, 15, NULL, \
	  "scope of the IPv6 multicast addresses (0x0E global: FF0E::181)") \
	X(ptp_dst_mac, MAC, PORT, USED, "01:1B:19:00:00:00", 0, 0, NULL, \
	  "L2: destination of the multicast messages (received on as well as the default)") \
	X(p2p_dst_mac, MAC, PORT, USED, "01:80:C2:00:00:0E", 0, 0, NULL, \
	  "L2: destination of the peer delay messages (received on as well as the default)") \
	X(unicast_master_table, INT, PORT, USED, "0", 0, PTPDK_CFG_I32_MAX, NULL, \
	  "table_id of the port's [unicast_master_table]: the masters it asks for Announce, " \
	  "Sync and Delay_Resp by unicast negotiation; 0: none") \
	X(unicast_req_duration, INT, PORT, USED, "3600", 10, PTPDK_CFG_I32_MAX, NULL, \
	  "seconds asked for in each unicast transmission request") \
	X(unicast_listen, BOOL, PORT, USED, "0", 0, 1, NULL, \
	  "answer unicast transmission requests as a master (grant or deny) and send each " \
	  "client its Announce and Sync by unicast at its granted periods") \
	X(unicast_max_clients, UINT, PORT, USED, "1024", 1, 67108864, NULL, \
	  "unicast_listen: clients granted at once; more are denied (64 bytes each)") \
	X(unicast_max_pps, UINT, PORT, USED, "0", 0, 1000000000, NULL, \
	  "unicast_listen: packets per second all grants may commit the port to (a two-step " \
	  "Sync counts two); more are denied; 0: no limit") \
	X(inhibit_multicast_service, BOOL, PORT, USED, "0", 0, 1, NULL, \
	  "as master, send no multicast Announce or Sync (unicast service only)") \
	X(hybrid_e2e, BOOL, PORT, USED, "0", 0, 1, NULL, \
	  "as a slave, send Delay_Req by unicast to the parent's address (Sync and Announce " \
	  "stay multicast; enterprise profile). A master answers any unicast Delay_Req by " \
	  "unicast, with or without this key") \
	X(dscp_event, UINT, GLOBAL, LATER, "0", 0, 63, NULL, \
	  "DSCP of event messages (Sync, Delay_Req)") \
	X(dscp_general, UINT, GLOBAL, LATER, "0", 0, 63, NULL, \
	  "DSCP of general messages (Announce, Follow_Up)") \
	/* ptpdk's own: the DPDK side */ \
	X(ipv4_address, STRING, PORT, USED, "", 0, 0, NULL, \
	  "the port's IPv4 address: accept unicast PTP to it, source of what it sends") \
	X(ipv6_address, STRING, PORT, USED, "", 0, 0, NULL, \
	  "the port's IPv6 address: accept unicast PTP to it, source of what it sends") \
	X(promiscuous, BOOL, PORT, USED, "0", 0, 1, NULL, \
	  "accept PTP to any destination address (captures, lab probes)") \
	X(verify_checksum, BOOL, PORT, USED, "1", 0, 1, NULL, \
	  "check IPv4/UDP checksums in software when the NIC did not") \
	X(engine_lcore, INT, GLOBAL, USED, "-1", -1, 1023, NULL, \
	  "lcore of the engine; -1: the first worker lcore") \
	X(rx_lcores, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "comma-separated RX lcores (\"1,2\"); empty: every worker lcore but the engine's") \
	X(compact, BOOL, GLOBAL, USED, "0", 0, 1, NULL, \
	  "RX, TX and engine on one worker lcore") \
	X(idle_sleep_us, UINT, GLOBAL, USED, "0", 0, 1000000, NULL, \
	  "microseconds a worker sleeps after an idle iteration; 0: busy poll") \
	X(max_stamp_window, UINT, GLOBAL, USED, "100000", 0, 1000000000, NULL, \
	  "ns; a software stamp whose error window (poll gap, TX call) is wider is not used; 0: all") \
	X(ring_size, UINT, GLOBAL, USED, "4096", 64, 1048576, NULL, \
	  "events per RX ring") \
	/* ptpdk's own: runs and measurements */ \
	X(duration, DOUBLE, GLOBAL, USED, "0", 0, 1e7, NULL, \
	  "seconds after which ptpdk stops; 0: at SIGINT/SIGTERM") \
	X(stats_interval, DOUBLE, GLOBAL, USED, "0", 0, 1e7, NULL, \
	  "seconds between counter lines; 0: counters only at exit") \
	X(stats_json, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "file that receives the final counters as JSON; empty: none") \
	X(samples_file, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "CSV file of every offset sample (time, offset, delay, frequency, servo state); empty: none") \
	X(stats_file, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "ptpd2-style statistics CSV (Timestamp, State, Clock ID, One Way Delay, ...); empty: none") \
	X(latency, BOOL, GLOBAL, USED, "0", 0, 1, NULL, \
	  "histogram of RX stamp to engine dequeue latency") \
	/* ptpdk's own: the shared time region (lib/shm, libptpdk-shm) */ \
	X(shm_export, BOOL, GLOBAL, USED, "1", 0, 1, NULL, \
	  "publish time in the shared region that ptpdk-sync and libptpdk-shm read") \
	X(shm_name, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "name of the region: file ptpdk-shm-NAME ([A-Za-z0-9_.-], at most 31); empty: the instance name") \
	X(shm_dir, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "directory of the region; empty: the first hugetlbfs mount, else /dev/shm (warned)") \
	X(shm_group, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "group (name or number) that may read the region (mode 0640); empty: everyone (0644)") \
	/* ptpdk's own: the compliance log (MiFID II RTS 25, lib/compliance) */ \
	X(compliance_log_dir, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "directory of the hash-chained daily compliance log (a record a second); empty: off") \
	X(compliance_max_divergence, DOUBLE, GLOBAL, USED, "0.0001", 0.000000001, 1e6, NULL, \
	  "seconds: an error bound above this maximum divergence from UTC raises the alarm") \
	X(compliance_instance, STRING, GLOBAL, USED, "", 0, 0, NULL, \
	  "instance name in the compliance log and its file names; empty: the instance name")
/* clang-format on */

#endif
