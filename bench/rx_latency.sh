#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark 2: RX timestamp to engine dequeue, p50/p99/p99.9, on the veth lab.
# ptpdk runs on net_af_packet on the DUT veth, once with RX and engine on separate
# lcores (the design's split mode) and once compact (one lcore); traffic is a ptp4l
# grandmaster plus a stream of Sync frames from scapy in the peer namespace.
# Prints figures; never fails on a timing.
#   bench/rx_latency.sh [BUILD_DIR] [SECONDS]      (root)
bench_name=rx_latency
default_seconds=20
. "$(dirname "$0")/lab-bench.sh"
$lab gm start --ns gm1 --transport udp4 --sync-log -4 >/dev/null || exit 1

run() { # name, scapy stream rate (0: none), ptpdk lcore args...
  local name=$1 rate=$2; shift 2
  "$ptpdk" "$@" --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
    --vdev "net_af_packet0,iface=$prefix-dut" --log-level '*:warning' -- \
    -i net_af_packet0 -s --latency --shm_export 0 --duration $((seconds + 3)) --stats-json "$work/$name.json" \
    ${EXTRA:-} >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  sleep 2
  if [ "$rate" -gt 0 ]; then
    "$repo/scripts/ptp-send" --netns "$prefix-peer" --iface lab0 -q --transport udp4 \
      --src 198.18.0.13 --msg sync --rate "$rate" --seconds "$seconds" >/dev/null 2>&1
  fi
  wait "$pid"
  /usr/bin/python3 - "$name" "$work/$name.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[2]))
e = s["engine"]; l = e["latency_ns"]; rx = s["ports"][0]["rx"]
print(f"{sys.argv[1]:34} events {e['events']:7}  p50 {l['p50']/1e3:7.2f} us  "
      f"p99 {l['p99']/1e3:7.2f} us  p99.9 {l['p99_9']/1e3:7.2f} us  max {l['max']/1e3:8.2f} us  "
      f"ring_full {rx['ring_full']}")
PY
}

echo "rx_latency: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $seconds s per run, ptp4l GM 16 Sync/s (+ a 1000/s scapy Sync stream where marked)"
# Split mode wants a CPU per busy lcore; with two CPUs the engine lcore shares CPU 0
# with the main lcore and with everything else on the machine (the scapy sender too).
EXTRA="--engine-lcore 2 --rx-lcores 1" run "split (CPU0 shared), GM only" 0 --lcores "0@0,1@1,2@0"
EXTRA="--engine-lcore 2 --rx-lcores 1" run "split (CPU0 shared), GM + stream" 1000 --lcores "0@0,1@1,2@0"
EXTRA="--compact" run "compact lcore 1, GM + stream" 1000 -l 0-1
EXTRA="--compact --idle-sleep-us 20" run "compact --idle-sleep-us 20, GM+stream" 1000 -l 0-1
