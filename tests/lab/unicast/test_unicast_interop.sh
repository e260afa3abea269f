#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: ptpdk as a unicast client (unicast negotiation, IEEE 1588-2019 16.1) of
# Debian's ptp4l as a unicast master (unicast_listen 1, inhibit_multicast_service 1:
# it sends nothing until asked, and only by unicast). ptpdk's kernel-socket port on
# the DUT veth, which has no address of its own in the kernel: ptpdk answers ARP for
# 198.18.0.2 itself and resolves the master's MAC (tests/lab/README.md).
#   client-udp4    ptpdk's unicast_master_table names gm1; ptpdk asks for Announce,
#                  then Sync and Delay_Resp, sends its Delay_Req by unicast, and must
#                  be SLAVE with every TE sample after 30 s within the physical bound
#                  of tests/lab/te-judge; its counters show the grants, the ARP
#                  exchange both ways and no denial
#   server-udp4    ptpdk as a unicast-only master (unicast_listen 1,
#                  inhibit_multicast_service 1) and three ptp4l unicast clients
#                  (free_running 1) in peer, gm1 and gm2, asking for 15 s grants: each
#                  selects ptpdk and follows it; one is killed (no CANCEL) and its
#                  grants expire while the two that renew keep their service
#   server-deny    the same with unicast_max_clients 2: the third client is denied
#                  (counted by reason) and never hears an Announce, the two others follow
#   hybrid-udp4    hybrid mode (enterprise profile): ptp4l in gm1 a multicast master with
#                  hybrid_e2e 1 (it answers a unicast Delay_Req by unicast), ptpdk with
#                  --profile enterprise (hybrid_e2e 1 from the profile, nothing in the
#                  file): every Delay_Req goes by unicast to gm1's address, none multicast
#                  for want of it, Delay_Resp come back, ptpdk answers gm1's ARP, and it
#                  is SLAVE with every TE sample after 30 s within te-judge's bound
#   hybrid-ptpd    the same against Debian's ptpd 2.3 as master in its hybrid mode
#                  (ip_mode hybrid: multicast Sync and Announce, unicast Delay_Req and
#                  Delay_Resp)
# usage: test_unicast_interop.sh REPO PTPDK [CASE...]
set -u
repo=$1
ptpdk=$2
shift 2
cases=${*:-client-udp4 server-udp4 server-deny hybrid-udp4 hybrid-ptpd}
. "$repo/tests/lab/preflight.sh"
lab_require ptp4l ptpd
ptpdk_id=""

prefix="uc$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-unicast-lab.XXXXXX)
lab="$repo/scripts/lab --prefix $prefix"
ptpdk_pid="" gm_pid="" watch_pid="" client_pids=""
stop_watch() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null
  watch_pid=""
}
stop_gm() {
  [ -n "$gm_pid" ] && kill -INT "$gm_pid" 2>/dev/null && wait "$gm_pid" 2>/dev/null
  gm_pid=""
}
stop_clients() {
  local p
  for p in $client_pids; do kill -INT "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  client_pids=""
}
cleanup() {
  stop_watch
  stop_clients
  [ -n "$ptpdk_pid" ] && kill -INT "$ptpdk_pid" 2>/dev/null && wait "$ptpdk_pid" 2>/dev/null
  stop_gm
  $lab down >/dev/null 2>&1
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL [$case]: $*"; [ -f "$work/$case.log" ] && grep -v 'master offset' "$work/$case.log" | tail -25; failed=1; }

$lab up >/dev/null || { echo "FAIL: lab up"; exit 1; }
eval "$($lab env)"
ptpdk_id=$(mac_id "$LAB_DUT_MAC")

# ptp4l in gm1 as a unicast-only master, with a configuration of our own; kept off the
# DUT's worker CPU as the lab keeps its peers (LAB_PEER_CPUS). MODE hybrid: a multicast
# master that answers unicast Delay_Req by unicast (hybrid_e2e 1) instead.
start_gm() { # LOG [MODE]
  local service="unicast_listen          1
inhibit_multicast_service 1"
  [ "${2:-}" = hybrid ] && service="hybrid_e2e              1"
  cat >"$work/gm.cfg" <<EOF
[global]
domainNumber            0
priority1               10
masterOnly              1
free_running            1
time_stamping           software
network_transport       UDPv4
delay_mechanism         E2E
logSyncInterval         -4
logAnnounceInterval     0
logMinDelayReqInterval  0
$service
tx_timestamp_timeout    50
uds_address             $work/gm.uds
summary_interval        0
logging_level           6
verbose                 1
use_syslog              0
EOF
  local pin=()
  [ -n "$LAB_PEER_CPUS" ] && pin=(taskset -c "$LAB_PEER_CPUS")
  ip netns exec "$LAB_NS_GM1" "${pin[@]}" ptp4l -S -f "$work/gm.cfg" -i lab0 -m >"$1" 2>&1 &
  gm_pid=$!
  sleep 1
  kill -0 "$gm_pid" 2>/dev/null || { gm_pid=""; fail "ptp4l exited at once: $(tail -3 "$1")"; return 1; }
}

# A ptp4l unicast client (free_running 1: it measures and never adjusts) in namespace
# NS, asking ptpdk for 15 s grants. Its pid is added to $client_pids.
start_client() { # NS LOG
  local cfg="$work/client-$1.cfg" pin=()
  cat >"$cfg" <<EOF
[global]
slaveOnly               1
free_running            1
time_stamping           software
network_transport       UDPv4
delay_mechanism         E2E
logSyncInterval         -3
logAnnounceInterval     0
logMinDelayReqInterval  0
unicast_master_table    1
unicast_req_duration    15
tx_timestamp_timeout    50
uds_address             $work/client-$1.uds
summary_interval        -7
freq_est_interval       0
logging_level           6
verbose                 1
use_syslog              0
[unicast_master_table]
table_id                1
logQueryInterval        0
UDPv4                   198.18.0.2
EOF
  [ -n "$LAB_PEER_CPUS" ] && pin=(taskset -c "$LAB_PEER_CPUS")
  ip netns exec "$prefix-$1" "${pin[@]}" ptp4l -S -f "$cfg" -i lab0 -m >"$2" 2>&1 &
  client_pids="$client_pids $!"
}

# ptpdk as a unicast-only master on the kernel-socket port, for SECONDS.
start_server() { # CASE SECONDS FLAGS...
  local name=$1 secs=$2
  shift 2
  "$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
    --log-level '*:warning' -- -f "$repo/config/lab-kernel.cfg" -i "kernel:$LAB_DUT" \
    --slaveOnly 0 --priority1 50 --unicast_listen 1 --inhibit_multicast_service 1 \
    --compact -q -m --shm_export 0 --duration "$secs" --stats-json "$work/$name.json" "$@" \
    >"$work/$name.log" 2>&1 &
  ptpdk_pid=$!
}

# ptpdk's unicast service from its stats JSON: "name value" lines.
server_figures() { # JSON
  /usr/bin/python3 - "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
port = d["ports"][0]
g = port.get("unicast_grants", {})
sv = port.get("unicast_server", {})
print("clients", port.get("unicast_clients", -1))
print("granted", g.get("granted", 0))
print("renewed", g.get("renewed", 0))
print("expired", g.get("expired", 0))
print("denied_clients", g.get("denied", {}).get("clients", 0))
print("sync_sent", sv.get("sync_sent", 0))
print("announce_sent", sv.get("announce_sent", 0))
print("answered", d["engine"].get("resolve", {}).get("answered", 0))
PYEOF
}

# Did the client whose log this is select ptpdk and follow it (free_running: UNCALIBRATED)?
follows() { # LOG
  grep -q "selected best master clock $ptpdk_id" "$1" && grep -q 'UNCALIBRATED on RS_SLAVE' "$1"
}

# ptpdk's configuration: the lab's kernel-socket file with a unicast master table.
write_ptpdk_cfg() { # FILE MASTER_IP
  cat "$repo/config/lab-kernel.cfg" >"$1"
  cat >>"$1" <<EOF
logSyncInterval         -4
logAnnounceInterval     0
unicast_master_table    1
unicast_req_duration    60
[unicast_master_table]
table_id                1
logQueryInterval        0
UDPv4                   $2
EOF
}

# Exact counter checks from ptpdk's stats JSON: "name op value" lines.
json_check() { # JSON
  /usr/bin/python3 - "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
port = d["ports"][0]
uc = port.get("unicast_client", {})
us = port.get("unicast", {})
res = d["engine"].get("resolve", {})
print("grants", uc.get("grants", 0))
print("denials", uc.get("denials", 0))
print("requests", uc.get("requests", 0))
print("signaling_rx", us.get("signaling_rx", 0))
print("unknown_sender", us.get("unknown_sender", 0))
print("answered", res.get("answered", 0))
print("requests_sent", res.get("requests_sent", 0))
print("delay_resp", port["rx"].get("by_type", {}).get("Delay_Resp", 0))
print("sync", port["rx"].get("by_type", {}).get("Sync", 0))
clock = d.get("clock", {})
print("delay_req_unicast", clock.get("delay_req_unicast", 0))
print("hybrid_no_address", clock.get("hybrid_no_address", 0))
print("delay_samples", clock.get("delay_samples", 0))
PYEOF
}

# ptpdk as a slave of gm1 for 60 s on a kernel-socket port, with CONFIG... (its
# configuration options); then gm1 and the realtime watch stopped.
run_following_slave() { # CONFIG...
  "$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
    --log-level '*:warning' -- "$@" -i "kernel:$LAB_DUT" --compact -q -m --shm_export 0 \
    --duration 60 --samples-file "$work/$case.csv" --stats-json "$work/$case.json" \
    >"$work/$case.log" 2>&1 &
  ptpdk_pid=$!
  wait "$ptpdk_pid" || fail "ptpdk exit status $?"
  ptpdk_pid=""
  stop_gm
  stop_watch
}

# SLAVE at the end and every TE sample after 30 s within te-judge's physical bound; a
# void run (te-judge exit 3) sets $verdict to disturbed.
judge_following_slave() {
  local rc=0
  grep -q '"port_state":"SLAVE"' "$work/$case.json" || fail "not SLAVE at the end"
  "$repo/tests/lab/te-judge" "$work/$case.csv" "$work/$case.json" "$case" --settle 30 \
    --watch "$work/$case.realtime.csv" || rc=$?
  case $rc in
    0) ;;
    3) verdict=disturbed ;;
    *) fail "lock criteria" ;;
  esac
}

run_case() { # sets $verdict
  verdict=ok
  "$repo/scripts/realtime-watch" "$work/$case.realtime.csv" --seconds 300 &
  watch_pid=$!
  case $case in
    client-udp4)
      start_gm "$work/gm.log" || return
      write_ptpdk_cfg "$work/$case.cfg" "$LAB_GM1_IP4"
      run_following_slave -f "$work/$case.cfg"
      declare -A got
      while read -r k v; do got[$k]=$v; done < <(json_check "$work/$case.json")
      echo "  [$case] grants ${got[grants]}, requests ${got[requests]}, denials ${got[denials]}, Signaling taken ${got[signaling_rx]}; ARP answered ${got[answered]}, asked ${got[requests_sent]}; Sync ${got[sync]}, Delay_Resp ${got[delay_resp]}"
      # Announce, Sync and Delay_Resp each granted at least once (60 s grants renewed
      # at 45 s: more by the end).
      [ "${got[grants]}" -ge 3 ] || fail "only ${got[grants]} grants"
      [ "${got[denials]}" -eq 0 ] || fail "${got[denials]} denials from a master that grants all"
      [ "${got[unknown_sender]}" -eq 0 ] || fail "Signaling from an address not in the table"
      # ptp4l's kernel asked for our MAC before its first unicast; we asked for its.
      [ "${got[answered]}" -ge 1 ] || fail "ptpdk answered no ARP request for its address"
      [ "${got[requests_sent]}" -ge 1 ] || fail "ptpdk never resolved the master's MAC"
      [ "${got[delay_resp]}" -ge 20 ] || fail "only ${got[delay_resp]} Delay_Resp"
      judge_following_slave
      ;;
    server-udp4)
      local fig k n victim
      start_server "$case" 50
      sleep 8 # LISTENING for 3 Announce intervals, then MASTER
      for k in peer gm1 gm2; do start_client "$k" "$work/$case-$k.log"; done
      sleep 22
      # The one in gm2 dies without a CANCEL; its 15 s grants must run out.
      victim=${client_pids##* }
      kill -KILL "$victim" 2>/dev/null
      wait "$victim" 2>/dev/null
      client_pids=${client_pids% *}
      wait "$ptpdk_pid" || fail "ptpdk exit status $?"
      ptpdk_pid=""
      stop_clients
      stop_watch
      declare -A fig
      while read -r k v; do fig[$k]=$v; done < <(server_figures "$work/$case.json")
      echo "  [$case] clients at the end ${fig[clients]}, granted ${fig[granted]}, renewed ${fig[renewed]}, expired ${fig[expired]}; sent Sync ${fig[sync_sent]}, Announce ${fig[announce_sent]}; ARP answered ${fig[answered]}"
      for k in peer gm1 gm2; do
        follows "$work/$case-$k.log" ||
          fail "the ptp4l client in $k did not follow ptpdk: $(grep -v offset "$work/$case-$k.log" | tail -3)"
        n=$(grep -c 'master offset' "$work/$case-$k.log")
        [ "$n" -ge 10 ] || fail "the ptp4l client in $k logged $n offsets"
      done
      # Three clients, three kinds each; 15 s grants renewed at 11.25 s by the two
      # that lived; the killed one's expire (15 s + at most 1 s after its last request).
      [ "${fig[granted]}" -ge 9 ] || fail "only ${fig[granted]} grants for 3 clients x 3 kinds"
      [ "${fig[renewed]}" -ge 4 ] || fail "only ${fig[renewed]} renewals"
      [ "${fig[expired]}" -ge 1 ] || fail "the killed client's grants did not expire"
      [ "${fig[clients]}" -eq 2 ] || fail "${fig[clients]} clients at the end, expected the 2 that renewed"
      [ "${fig[answered]}" -ge 1 ] || fail "ptpdk answered no ARP request"
      ;;
    server-deny)
      local fig k following=0
      start_server "$case" 35 --unicast_max_clients 2
      sleep 8
      for k in peer gm1 gm2; do start_client "$k" "$work/$case-$k.log"; done
      wait "$ptpdk_pid" || fail "ptpdk exit status $?"
      ptpdk_pid=""
      stop_clients
      stop_watch
      declare -A fig
      while read -r k v; do fig[$k]=$v; done < <(server_figures "$work/$case.json")
      for k in peer gm1 gm2; do follows "$work/$case-$k.log" && following=$((following + 1)); done
      echo "  [$case] clients ${fig[clients]}, denied for the client limit ${fig[denied_clients]}, ptp4l clients following $following"
      [ "$following" -eq 2 ] || fail "$following ptp4l clients follow ptpdk, expected 2"
      [ "${fig[clients]}" -eq 2 ] || fail "${fig[clients]} clients granted, the limit is 2"
      [ "${fig[denied_clients]}" -ge 1 ] || fail "no request denied for the client limit"
      ;;
    hybrid-udp4 | hybrid-ptpd)
      if [ "$case" = hybrid-udp4 ]; then
        start_gm "$work/gm.log" hybrid || return
      else
        $lab gm start --ns gm1 --impl ptpd --profile hybrid --sync-log -4 >/dev/null ||
          { fail "ptpd gm start"; stop_watch; return; }
      fi
      run_following_slave --profile enterprise -f "$repo/config/lab-kernel.cfg"
      [ "$case" = hybrid-udp4 ] || $lab gm stop --ns gm1 >/dev/null
      declare -A got
      while read -r k v; do got[$k]=$v; done < <(json_check "$work/$case.json")
      echo "  [$case] Delay_Req by unicast ${got[delay_req_unicast]}, multicast for want of an address ${got[hybrid_no_address]}; Delay_Resp ${got[delay_resp]}, delay samples ${got[delay_samples]}; Sync ${got[sync]}; ARP answered ${got[answered]}"
      # Delay_Req start with the parent's first Sync, at a mean of 1 s
      # (logMinDelayReqInterval 0): over the ~50 s ptpdk follows gm1, at least 20.
      [ "${got[delay_req_unicast]}" -ge 20 ] || fail "only ${got[delay_req_unicast]} Delay_Req by unicast"
      # The address of gm1's Announce is known before its first Sync (which starts
      # the Delay_Req): no Delay_Req may go multicast.
      [ "${got[hybrid_no_address]}" -eq 0 ] || fail "${got[hybrid_no_address]} Delay_Req sent multicast"
      # ptp4l answers each; a few may be lost to the start and the end of the run.
      [ "${got[delay_resp]}" -ge 20 ] || fail "only ${got[delay_resp]} Delay_Resp"
      # gm1's kernel resolved our address before its first unicast Delay_Resp.
      [ "${got[answered]}" -ge 1 ] || fail "ptpdk answered no ARP request for its address"
      if [ "$case" = hybrid-udp4 ]; then
        grep -q 'hybrid_e2e' "$work/gm.cfg" || fail "gm1 not in hybrid mode"
      else
        grep -q 'ip_mode = hybrid' "$LAB_STATE/gm-gm1.conf" || fail "ptpd not in hybrid mode"
      fi
      judge_following_slave
      ;;
    *) fail "unknown case" ;;
  esac
  stop_watch
}

lab_run_cases
echo "ok"
