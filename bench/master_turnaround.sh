#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark (prints figures, never fails on a timing): ptpdk as master in the veth lab.
#  - turnaround: a Delay_Req's RX stamp (TSC) to its Delay_Resp in the TX ring, from the
#    daemon's own histogram (--latency: "turnaround_ns" in --stats-json), under RATE
#    Delay_Req/s sent by scripts/ptp-send from the peer namespace;
#  - Sync cadence at 128 Hz (logSyncInterval -7): the intervals between the Syncs as the
#    peer namespace's tcpdump stamps them (kernel software stamps at the peer's RX),
#    their deviation from 7.8125 ms.
# Both for ptpdk on net_af_packet (busy-polling lcore 1) and on a kernel-socket port.
# usage: bench/master_turnaround.sh [BUILD] [RATE] [SECONDS]   (root; default build 200 20)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
rate=${2:-200}
secs=${3:-20}
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)"; exit 1; }
prefix="mtb$$"
prefix=${prefix:0:11}
lab="$repo/scripts/lab --prefix $prefix"
work=$(mktemp -d /tmp/ptpdk-master-bench.XXXXXX)
ptpdk_pid=""
cleanup() {
  [ -n "$ptpdk_pid" ] && kill -INT "$ptpdk_pid" 2>/dev/null && wait "$ptpdk_pid" 2>/dev/null
  $lab down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
$lab up >/dev/null
eval "$($lab env)"
peer="$prefix-peer"
# The load generators stay off the worker's CPU, as scripts/lab keeps its peers
# (LAB_PEER_CPUS): on a host of two CPUs they would otherwise preempt the polling lcore.
pin=()
[ -z "${LAB_PEER_CPUS:-}" ] || pin=(taskset -c "$LAB_PEER_CPUS")

run() { # NAME PORT EAL-ARGS...
  local name=$1 port=$2
  shift 2
  "$build/app/ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
    --log-level '*:warning' "$@" -- \
    -f "$repo/config/lab-kernel.cfg" -i "$port" --slaveOnly 0 --compact -q -4 -E \
    --logSyncInterval -7 --logMinDelayReqInterval -7 --latency --shm_export 0 \
    --duration $((secs + 14)) --stats-json "$work/$name.json" >"$work/$name.log" 2>&1 &
  ptpdk_pid=$!
  sleep 9 # LISTENING for the announce timeout, then MASTER
  "${pin[@]}" ip netns exec "$peer" timeout $((secs + 2)) tcpdump -i "$LAB_IF" -nn -U -w "$work/$name.pcap" \
    'udp port 319' >/dev/null 2>&1 &
  local tcpdump_pid=$!
  sleep 1
  "${pin[@]}" "$repo/scripts/ptp-send" --netns "$peer" --iface "$LAB_IF" --transport udp4 --msg delay_req \
    --src 198.18.0.30 --rate "$rate" --seconds "$secs" -q >/dev/null 2>&1 || true
  wait "$tcpdump_pid" 2>/dev/null || true
  wait "$ptpdk_pid" || true
  ptpdk_pid=""
  "$build/app/ptpdk-dump" "$work/$name.pcap" >"$work/$name.dump" 2>/dev/null || true
  /usr/bin/python3 - "$name" "$work/$name.json" "$work/$name.dump" <<'EOF'
import json, re, sys
name, js, dump = sys.argv[1:]
d = json.load(open(js))
t = d["engine"].get("turnaround_ns")
c = d["clock"]
print(f"{name}: Delay_Req answered {c.get('delay_resp_sent', 0)}, "
      f"not as master {c.get('delay_req_not_master', 0)}, Sync sent {c.get('sync_sent', 0)}")
if t:
    print(f"  turnaround ns (upper bucket bounds): n {t['count']} p50 {t['p50']} "
          f"p99 {t['p99']} p99.9 {t['p99_9']} max {t['max']}")
syncs = [float(m.group(1)) for m in
         (re.search(r"time (\d+\.\d+) .* type Sync ", l) for l in open(dump)) if m]
iv = sorted(abs((b - a) - 0.0078125) * 1e9 for a, b in zip(syncs, syncs[1:]))
if iv:
    q = lambda p: round(iv[min(len(iv) - 1, int(p * len(iv)))])
    print(f"  Sync at 128 Hz seen by the peer: {len(syncs)} Syncs, |interval - 7.8125 ms| "
          f"p50 {q(0.5)} p99 {q(0.99)} p99.9 {q(0.999)} max {round(iv[-1])} ns")
EOF
}

echo "ptpdk master, $rate Delay_Req/s for $secs s, Sync at 128 Hz ($(date -u +%FT%TZ), $(nproc) CPUs)"
run af_packet net_af_packet0 --vdev "net_af_packet0,iface=$LAB_DUT"
run kernel "kernel:$LAB_DUT"
