#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: real grandmasters (ptp4l UDPv4 E2E with pmc queries, ptp4l UDPv6 E2E,
# ptp4l L2 P2P, ptpd UDPv4 E2E) and a ptp4l slave (free_running: it never touches the
# clock) talk in the netns lab; tcpdump captures on the DUT veth; ptpdk-dump must agree
# with tshark on every frame (tests/tshark/compare_tshark.py).
# usage: test_dump_tshark.sh REPO PTPDK_DUMP [KEEP_DIR]   (KEEP_DIR: copy the captures there)
set -u
repo=$1
dump=$2
keep=${3:-}
[ "$(id -u)" -eq 0 ] || { echo "not root: skipped"; exit 77; }
ip netns list >/dev/null 2>&1 || { echo "no network namespaces: skipped"; exit 77; }
for tool in ptp4l ptpd tcpdump tshark pmc; do
  command -v $tool >/dev/null || { echo "$tool missing: skipped (run scripts/setup)"; exit 77; }
done

prefix="td$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-dump-lab.XXXXXX)
lab="$repo/scripts/lab --prefix $prefix"
slave_pid=""
cleanup() {
  [ -n "$slave_pid" ] && kill "$slave_pid" 2>/dev/null && wait "$slave_pid" 2>/dev/null
  $lab down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

$lab up >/dev/null || { echo "FAIL: lab up"; exit 1; }
dut="$prefix-dut"
failures=0

start_slave() { # transport delay
  cat >"$work/slave.conf" <<CONF
[global]
slaveOnly 1
free_running 1
network_transport $1
delay_mechanism $2
logMinDelayReqInterval -1
logMinPdelayReqInterval -1
CONF
  ip netns exec "$prefix-peer" ptp4l -f "$work/slave.conf" -i lab0 -S -q -m >"$work/slave.log" 2>&1 &
  slave_pid=$!
}

stop_slave() {
  kill "$slave_pid" 2>/dev/null
  wait "$slave_pid" 2>/dev/null
  slave_pid=""
}

scenario() { # name impl transport(lab) delay(lab) slave-transport slave-delay expect-types [pmc-flag]
  local name=$1 impl=$2 transport=$3 delay=$4 stransport=$5 sdelay=$6 expect=$7 pmc=${8:-}
  local pcap="$work/$name.pcap"
  $lab gm start --ns gm1 --impl "$impl" --transport "$transport" --delay "$delay" --sync-log -2 \
    >"$work/gm-$name.log" 2>&1 || { echo "FAIL: $name: grandmaster did not start"; cat "$work/gm-$name.log"; failures=$((failures + 1)); return; }
  start_slave "$stransport" "$sdelay"
  timeout 8 tcpdump -i "$dut" -U -w "$pcap" >/dev/null 2>&1 &
  local cap=$!
  sleep 3
  if [ -n "$pmc" ]; then
    ip netns exec "$prefix-peer" timeout 5 pmc "$pmc" -i lab0 -b 1 -d 0 'GET DEFAULT_DATA_SET' \
      'GET CURRENT_DATA_SET' 'GET PARENT_DATA_SET' 'GET TIME_PROPERTIES_DATA_SET' \
      'GET PORT_DATA_SET' 'GET TIME_STATUS_NP' >"$work/pmc-$name.log" 2>&1
  fi
  wait "$cap"
  stop_slave
  $lab gm stop --ns gm1 >/dev/null 2>&1
  if /usr/bin/python3 "$repo/tests/tshark/compare_tshark.py" "$dump" "$pcap" \
      --expect-types "$expect" --min-frames 10; then
    echo "ok: $name"
    [ -n "$keep" ] && cp "$pcap" "$keep/"
  else
    echo "FAIL: $name"
    failures=$((failures + 1))
  fi
}

scenario ptp4l-udp4-e2e ptp4l udp4 e2e UDPv4 E2E Announce,Sync,Follow_Up,Delay_Req,Delay_Resp,Management -4
scenario ptp4l-udp6-e2e ptp4l udp6 e2e UDPv6 E2E Announce,Sync,Follow_Up,Delay_Req,Delay_Resp,Management -6
scenario ptp4l-l2-p2p ptp4l l2 p2p L2 P2P Announce,Sync,Follow_Up,Pdelay_Req,Pdelay_Resp,Pdelay_Resp_Follow_Up,Management -2
scenario ptpd-udp4-e2e ptpd udp4 e2e UDPv4 E2E Announce,Sync,Follow_Up,Delay_Req,Delay_Resp

echo "test_dump_tshark: $((4 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
